//! Accounts: re-extraction, review status, and the lists of current accounts.

use super::account_row::{self, COLUMNS};
use super::{audit, documents, now};
use crate::error::{Result, StoreError};
use crate::types::{
    AccountFilter, AccountId, AccountStatus, DocumentId, LinkCandidate, ReextractOutcome,
    StoredAccount,
};
use rusqlite::{named_params, params, Connection, OptionalExtension};
use toll_model::Account;

/// A current account's id, status and span, and whether a reviewer placed it in its incident.
struct Current {
    id: AccountId,
    status: AccountStatus,
    start: usize,
    end: usize,
    link_confirmed: bool,
}

impl Current {
    /// A reviewer decided on it: its status, or its link (moved, merged); re-extraction keeps it.
    fn is_reviewed(&self) -> bool {
        self.status.is_reviewed() || self.link_confirmed
    }
}

/// True when `[a, b)` and `[c, d)` share a byte (an empty span overlaps a span it sits inside).
fn overlaps(a: usize, b: usize, c: usize, d: usize) -> bool {
    (a < d && c < b)
        || (a == b && c <= a && a < d)
        || (c == d && a <= c && c < b)
        || (a, b) == (c, d)
}

fn current_of(conn: &Connection, document_id: DocumentId) -> Result<Vec<Current>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.status, a.span_start, a.span_end, l.method = 'confirmed'
         FROM accounts a LEFT JOIN account_incidents l ON l.account_id = a.id
         WHERE a.document_id = ?1 AND a.superseded_at IS NULL ORDER BY a.id",
    )?;
    let rows = stmt.query_map([document_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, Option<bool>>(4)?.unwrap_or(false),
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, status, start, end, link_confirmed) = row?;
        out.push(Current {
            id,
            status: AccountStatus::parse(&status).ok_or_else(|| {
                StoreError::Corrupt(format!("account {id} has status {status:?}"))
            })?,
            start: usize::try_from(start).unwrap_or(0),
            end: usize::try_from(end).unwrap_or(0),
            link_confirmed,
        });
    }
    Ok(out)
}

/// Replaces a document's machine accounts by a new extraction's (see `Store::reextract`).
pub(crate) fn reextract(
    conn: &Connection,
    actor: &str,
    document_id: DocumentId,
    accounts: &[Account],
    extractor_version: &str,
) -> Result<ReextractOutcome> {
    let text: String = conn
        .query_row(
            "SELECT text FROM documents WHERE id = ?1",
            [document_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound {
            what: "document",
            id: document_id.to_string(),
        })?;
    for a in accounts {
        account_row::check_span(a, &text)?;
    }
    let now = now(conn)?;
    let current = current_of(conn, document_id)?;
    let (reviewed, machine): (Vec<&Current>, Vec<&Current>) =
        current.iter().partition(|c| c.is_reviewed());
    let keep: Vec<&Account> = accounts
        .iter()
        .filter(|a| {
            !reviewed
                .iter()
                .any(|r| overlaps(a.span.start, a.span.end, r.start, r.end))
        })
        .collect();
    let run_id = documents::insert_run(
        conn,
        document_id,
        extractor_version,
        accounts.len(),
        keep.len(),
        &now,
    )?;
    let mut added = Vec::with_capacity(keep.len());
    for a in &keep {
        added.push(account_row::insert(
            conn,
            document_id,
            Some(run_id),
            extractor_version,
            AccountStatus::Machine,
            a,
            &now,
        )?);
    }
    let mut supersede = conn.prepare_cached(
        "UPDATE accounts SET superseded_at = :now, superseded_run = :run, superseded_by = :by
         WHERE id = :id AND superseded_at IS NULL",
    )?;
    for old in &machine {
        // the new account with the same span, when there is one, is its successor
        let by = keep
            .iter()
            .zip(&added)
            .find(|(a, _)| (a.span.start, a.span.end) == (old.start, old.end))
            .map(|(_, id)| *id);
        supersede.execute(named_params! {":now": now, ":run": run_id, ":by": by, ":id": old.id})?;
    }
    let outcome = ReextractOutcome {
        added,
        superseded: machine.len(),
        kept_reviewed: reviewed.len(),
        skipped_overlapping: accounts.len() - keep.len(),
    };
    audit::log(
        conn,
        actor,
        "reextract",
        "document",
        &document_id.to_string(),
        &serde_json::json!({
            "extractor_version": extractor_version,
            "run_id": run_id,
            "added": outcome.added.len(),
            "superseded": outcome.superseded,
            "kept_reviewed": outcome.kept_reviewed,
            "skipped_overlapping": outcome.skipped_overlapping,
        }),
        &now,
    )?;
    Ok(outcome)
}

/// Sets an account's review status and logs it.
pub(crate) fn set_status(
    conn: &Connection,
    actor: &str,
    account_id: AccountId,
    status: AccountStatus,
) -> Result<()> {
    let old: String = conn
        .query_row(
            "SELECT status FROM accounts WHERE id = ?1",
            [account_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound {
            what: "account",
            id: account_id.to_string(),
        })?;
    conn.execute(
        "UPDATE accounts SET status = ?1 WHERE id = ?2",
        params![status.as_str(), account_id],
    )?;
    let now = now(conn)?;
    audit::log(
        conn,
        actor,
        "review",
        "account",
        &account_id.to_string(),
        &serde_json::json!({"from": old, "to": status.as_str()}),
        &now,
    )
}

/// Current accounts matching the filter.
pub(crate) fn current(conn: &Connection, filter: &AccountFilter) -> Result<Vec<StoredAccount>> {
    let mut stmt = conn.prepare_cached(&current_sql(filter.document_id.is_some()))?;
    let limit = filter
        .limit
        .map_or(i64::MAX, |l| i64::try_from(l).unwrap_or(i64::MAX));
    let rows = stmt.query_map(
        named_params! {
            ":doc": filter.document_id,
            ":scope": filter.scope.map(|s| s.as_str()),
            ":after": filter.after.unwrap_or(0),
            ":limit": limit,
        },
        |r| account_row::from_row(r, 0),
    )?;
    rows.map(|r| r?).collect()
}

/// The query of [`current`]: one report's accounts are read through the report's index (a
/// condition "no report given, or this one" would make SQLite scan every account).
fn current_sql(one_report: bool) -> String {
    let report = if one_report {
        "a.document_id = :doc"
    } else {
        ":doc IS NULL"
    };
    format!(
        "SELECT {COLUMNS} FROM accounts a
         WHERE a.superseded_at IS NULL AND a.status != 'rejected'
           AND {report}
           AND (:scope IS NULL OR a.scope = :scope)
           AND a.id > :after
         ORDER BY a.id LIMIT :limit"
    )
}

/// One account, current or not.
pub(crate) fn get(conn: &Connection, id: AccountId) -> Result<Option<StoredAccount>> {
    let row = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM accounts a WHERE a.id = ?1"))?
        .query_row([id], |r| account_row::from_row(r, 0))
        .optional()?;
    row.transpose()
}

/// Current incident-scope accounts with their document key and link.
pub(crate) fn for_linking(conn: &Connection) -> Result<Vec<LinkCandidate>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS}, d.doc_key, l.incident_id FROM accounts a
         JOIN documents d ON d.id = a.document_id
         LEFT JOIN account_incidents l ON l.account_id = a.id
         WHERE a.superseded_at IS NULL AND a.status != 'rejected' AND a.scope = 'incident'
         ORDER BY a.id"
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok((
            account_row::from_row(r, 0)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<String>>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (stored, doc_key, incident_id) = row?;
        let stored = stored?;
        out.push(LinkCandidate {
            account_id: stored.id,
            document_id: stored.document_id,
            doc_key,
            account: stored.account,
            incident_id,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{current_sql, overlaps};

    #[test]
    fn one_reports_accounts_are_read_through_its_index() {
        let mut conn = rusqlite::Connection::open_in_memory().expect("in-memory database");
        crate::schema::migrate_to(&mut conn, crate::schema::latest()).expect("schema");
        let plan: Vec<String> = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {}", current_sql(true)))
            .expect("plan")
            .query_map(
                rusqlite::named_params! {":doc": 1, ":scope": None::<String>, ":after": 0, ":limit": 10},
                |r| r.get::<_, String>(3),
            )
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("plan rows");
        assert!(
            plan.iter().any(|step| step.contains("accounts_document")),
            "{plan:?}"
        );
    }

    #[test]
    fn span_overlap() {
        assert!(overlaps(0, 10, 5, 15));
        assert!(!overlaps(0, 10, 10, 20), "touching spans do not overlap");
        assert!(overlaps(3, 3, 0, 10), "an empty span inside another");
        assert!(overlaps(4, 4, 4, 4));
        assert!(!overlaps(10, 10, 0, 10));
    }
}
