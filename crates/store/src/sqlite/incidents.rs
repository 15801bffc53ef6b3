//! Incidents and the links between accounts and incidents.

use super::account_row::{self, COLUMNS};
use super::{audit, documents, now};
use crate::error::{Result, StoreError};
use crate::types::{
    AccountId, IncidentAccount, IncidentFacts, IncidentFilter, IncidentPage, IncidentQuery,
    IncidentRecord, IncidentRow, IncidentSort, LinkMethod,
};
use rusqlite::{named_params, params, Connection, OptionalExtension, Row};
use toll_model::ReportMeta;

/// Writes automatic links; an account whose link is confirmed keeps it. Returns the links written.
pub(crate) fn save_links(conn: &Connection, links: &[(AccountId, String)]) -> Result<usize> {
    let now = now(conn)?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO account_incidents (account_id, incident_id, method, linked_at)
         VALUES (?1, ?2, 'auto', ?3)
         ON CONFLICT (account_id) DO UPDATE
           SET incident_id = excluded.incident_id, linked_at = excluded.linked_at
           WHERE account_incidents.method = 'auto'
             AND account_incidents.incident_id != excluded.incident_id",
    )?;
    let mut written = 0;
    for (account_id, incident_id) in links {
        written += stmt.execute(params![account_id, incident_id, now])?;
    }
    Ok(written)
}

/// Links an account to an incident as confirmed, replacing any link it had.
pub(crate) fn confirm_link(
    conn: &Connection,
    actor: &str,
    account_id: AccountId,
    incident_id: &str,
) -> Result<()> {
    let now = now(conn)?;
    let previous: Option<(String, String)> = conn
        .query_row(
            "SELECT incident_id, method FROM account_incidents WHERE account_id = ?1",
            [account_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    conn.execute(
        "INSERT INTO account_incidents (account_id, incident_id, method, linked_at)
         VALUES (?1, ?2, 'confirmed', ?3)
         ON CONFLICT (account_id) DO UPDATE
           SET incident_id = excluded.incident_id, method = 'confirmed', linked_at = excluded.linked_at",
        params![account_id, incident_id, now],
    )?;
    audit::log(
        conn,
        actor,
        "link",
        "account",
        &account_id.to_string(),
        &serde_json::json!({
            "incident_id": incident_id,
            "method": "confirmed",
            "previous": previous.map(|(i, m)| serde_json::json!({"incident_id": i, "method": m})),
        }),
        &now,
    )
}

/// Inserts or updates incidents.
pub(crate) fn upsert(conn: &Connection, records: &[IncidentRecord]) -> Result<()> {
    let now = now(conn)?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO incidents (id, country, date, date_prec, lat, lon, where_prec, place,
            killed_low, killed_best, killed_high, injured_best, grade, accounts, sources,
            created_at, updated_at)
         VALUES (:id, :country, :date, :date_prec, :lat, :lon, :where_prec, :place,
            :killed_low, :killed_best, :killed_high, :injured_best, :grade, :accounts, :sources,
            :now, :now)
         ON CONFLICT (id) DO UPDATE SET country = excluded.country, date = excluded.date,
            date_prec = excluded.date_prec, lat = excluded.lat, lon = excluded.lon,
            where_prec = excluded.where_prec, place = excluded.place,
            killed_low = excluded.killed_low, killed_best = excluded.killed_best,
            killed_high = excluded.killed_high, injured_best = excluded.injured_best,
            grade = excluded.grade, accounts = excluded.accounts, sources = excluded.sources,
            updated_at = excluded.updated_at, version = incidents.version + 1",
    )?;
    let mut summaries = conn.prepare_cached(
        "INSERT INTO incident_summaries (incident_id, summary) VALUES (?1, ?2)
         ON CONFLICT (incident_id) DO UPDATE SET summary = excluded.summary",
    )?;
    for r in records {
        if serde_json::from_str::<serde_json::Value>(&r.summary_json).is_err() {
            return Err(StoreError::Invalid(format!(
                "incident {}: summary is not valid JSON",
                r.id
            )));
        }
        stmt.execute(named_params! {
            ":id": r.id,
            ":country": r.country,
            ":date": r.date,
            ":date_prec": r.date_prec,
            ":lat": r.lat.filter(|v| v.is_finite()),
            ":lon": r.lon.filter(|v| v.is_finite()),
            ":where_prec": r.where_prec,
            ":place": r.place,
            ":killed_low": r.facts.killed_low.map(clamp),
            ":killed_best": r.facts.killed_best.map(clamp),
            ":killed_high": r.facts.killed_high.map(clamp),
            ":injured_best": r.facts.injured_best.map(clamp),
            ":grade": r.facts.grade,
            ":accounts": clamp(r.facts.accounts),
            ":sources": clamp(r.facts.sources),
            ":now": now,
        })?;
        summaries.execute(params![r.id, r.summary_json])?;
    }
    Ok(())
}

/// A count as SQLite stores it (figures beyond `i64::MAX` are clamped; the summary keeps them exact).
fn clamp(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A count read back.
fn unclamp(n: Option<i64>) -> Option<u64> {
    n.and_then(|n| u64::try_from(n).ok())
}

const ROW_COLUMNS: &str = "id, country, date, date_prec, lat, lon, where_prec, place, \
    killed_low, killed_best, killed_high, injured_best, grade, accounts, sources";
const INCIDENT_COLUMNS: &str = "id, country, date, date_prec, lat, lon, where_prec, place, \
    killed_low, killed_best, killed_high, injured_best, grade, accounts, sources, summary";

fn row_from_row(r: &Row<'_>) -> rusqlite::Result<IncidentRow> {
    Ok(IncidentRow {
        id: r.get(0)?,
        country: r.get(1)?,
        date: r.get(2)?,
        date_prec: r.get(3)?,
        lat: r.get(4)?,
        lon: r.get(5)?,
        where_prec: r.get(6)?,
        place: r.get(7)?,
        facts: IncidentFacts {
            killed_low: unclamp(r.get(8)?),
            killed_best: unclamp(r.get(9)?),
            killed_high: unclamp(r.get(10)?),
            injured_best: unclamp(r.get(11)?),
            grade: r.get(12)?,
            accounts: unclamp(r.get(13)?).unwrap_or(0),
            sources: unclamp(r.get(14)?).unwrap_or(0),
        },
    })
}

fn incident_from_row(r: &Row<'_>) -> rusqlite::Result<IncidentRecord> {
    let row = row_from_row(r)?;
    Ok(IncidentRecord {
        id: row.id,
        country: row.country,
        date: row.date,
        date_prec: row.date_prec,
        lat: row.lat,
        lon: row.lon,
        where_prec: row.where_prec,
        place: row.place,
        facts: row.facts,
        summary_json: r.get(15)?,
    })
}

/// Counts of earlier incident queries on one connection, kept until the database changes: counting
/// a large table costs milliseconds, and list pages ask for the same count again and again.
#[derive(Debug, Default)]
pub(crate) struct CountCache {
    inner: std::cell::RefCell<(i64, std::collections::HashMap<String, u64>)>,
}

/// Distinct queries whose counts one connection remembers.
const COUNT_CACHE_SIZE: usize = 4096;

impl CountCache {
    /// The remembered count for `key`, if the database has not changed since it was counted.
    fn get(&self, conn: &Connection, key: &str) -> Result<Option<u64>> {
        // data_version changes whenever another connection commits
        let version: i64 = conn
            .prepare_cached("PRAGMA data_version")?
            .query_row([], |r| r.get(0))?;
        let mut inner = self.inner.borrow_mut();
        if inner.0 != version {
            inner.0 = version;
            inner.1.clear();
        }
        Ok(inner.1.get(key).copied())
    }

    /// Forgets every count (before this connection writes).
    pub(crate) fn clear(&self) {
        self.inner.borrow_mut().1.clear();
    }

    fn put(&self, key: String, n: u64) {
        let mut inner = self.inner.borrow_mut();
        if inner.1.len() >= COUNT_CACHE_SIZE {
            inner.1.clear();
        }
        inner.1.insert(key, n);
    }
}

/// One page of incidents matching a query, and how many match in all.
pub(crate) fn page(
    conn: &Connection,
    counts: &CountCache,
    q: &IncidentQuery,
) -> Result<IncidentPage> {
    let mut conds: Vec<&str> = Vec::new();
    let mut args: Vec<(&str, rusqlite::types::Value)> = Vec::new();
    use rusqlite::types::Value;
    if let Some(c) = &q.filter.country {
        conds.push("country = :country");
        args.push((":country", Value::Text(c.clone())));
    }
    if let Some(d) = &q.filter.from {
        conds.push("date >= :from");
        args.push((":from", Value::Text(d.clone())));
    }
    if let Some(d) = &q.filter.to {
        conds.push("date <= :to");
        args.push((":to", Value::Text(d.clone())));
    }
    if let Some(g) = &q.grade {
        conds.push("grade = :grade");
        args.push((":grade", Value::Text(g.clone())));
    }
    if let Some(n) = q.min_killed {
        conds.push("killed_best >= :min_killed");
        args.push((":min_killed", Value::Integer(clamp(n))));
    }
    if q.published_only {
        conds.push("id IN (SELECT incident_id FROM incident_reviews WHERE published = 1)");
    }
    if let Some(text) = &q.text {
        match crate::TextQuery::parse(text) {
            Ok(m) => {
                conds.push(
                    "id IN (SELECT l.incident_id FROM documents_fts f
                        JOIN accounts a ON a.document_id = f.rowid
                        JOIN account_incidents l ON l.account_id = a.id
                        WHERE documents_fts MATCH :text
                          AND a.superseded_at IS NULL AND a.status != 'rejected')",
                );
                args.push((":text", Value::Text(m.to_fts())));
            }
            // no word, or a malformed one: nothing can match (a server refuses these before)
            Err(_) => conds.push("0"),
        }
    }
    let cond = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };
    let dir = if q.descending { "DESC" } else { "ASC" };
    let order = match q.sort {
        IncidentSort::Date => format!("date {dir}, id {dir}"),
        IncidentSort::Killed => format!("killed_best {dir}, id {dir}"),
        IncidentSort::Sources => format!("sources {dir}, id {dir}"),
        IncidentSort::Accounts => format!("accounts {dir}, id {dir}"),
        IncidentSort::Id => format!("id {dir}"),
    };
    let params: Vec<(&str, &dyn rusqlite::ToSql)> = args
        .iter()
        .map(|(k, v)| (*k, v as &dyn rusqlite::ToSql))
        .collect();
    let count_sql = format!("SELECT count(*) FROM incidents {cond}");
    let key = format!("{count_sql} {args:?}");
    let limit = i64::try_from(q.limit).unwrap_or(i64::MAX);
    let offset = i64::try_from(q.offset).unwrap_or(i64::MAX);
    let mut with_limits = params.clone();
    with_limits.push((":limit", &limit));
    with_limits.push((":offset", &offset));
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ROW_COLUMNS} FROM incidents {cond} ORDER BY {order} LIMIT :limit OFFSET :offset"
    ))?;
    let rows = stmt
        .query_map(with_limits.as_slice(), row_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let total = match counts.get(conn, &key)? {
        Some(n) => n,
        // a first page with room to spare holds every match: nothing left to count (most searches)
        None if q.offset == 0 && rows.len() < q.limit => {
            let n = rows.len() as u64;
            counts.put(key, n);
            n
        }
        None => {
            let n: i64 = conn
                .prepare_cached(&count_sql)?
                .query_row(params.as_slice(), |r| r.get(0))?;
            let n = u64::try_from(n).unwrap_or(0);
            counts.put(key, n);
            n
        }
    };
    Ok(IncidentPage { total, rows })
}

/// Incidents matching the filter.
pub(crate) fn list(conn: &Connection, filter: &IncidentFilter) -> Result<Vec<IncidentRecord>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {INCIDENT_COLUMNS} FROM incidents JOIN incident_summaries ON incident_id = id
         WHERE (:country IS NULL OR country = :country)
           AND (:from IS NULL OR date >= :from)
           AND (:to IS NULL OR date <= :to)
         ORDER BY date, id"
    ))?;
    let rows = stmt.query_map(
        named_params! {":country": filter.country, ":from": filter.from, ":to": filter.to},
        incident_from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// One incident.
pub(crate) fn get(conn: &Connection, id: &str) -> Result<Option<IncidentRecord>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {INCIDENT_COLUMNS} FROM incidents JOIN incident_summaries ON incident_id = id
             WHERE id = ?1"
        ))?
        .query_row([id], incident_from_row)
        .optional()?)
}

/// Incident `id`'s stored page of view format `version`.
pub(crate) fn view(conn: &Connection, id: &str, version: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT detail FROM incident_views WHERE incident_id = ?1 AND version = ?2",
        )?
        .query_row(rusqlite::params![id, version], |r| r.get(0))
        .optional()?)
}

/// Stores built pages, replacing older ones.
pub(crate) fn save_views(
    conn: &Connection,
    version: i64,
    views: &[(String, String)],
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO incident_views (incident_id, version, detail) VALUES (?1, ?2, ?3)
         ON CONFLICT (incident_id) DO UPDATE SET version = excluded.version, detail = excluded.detail",
    )?;
    for (id, detail) in views {
        stmt.execute(rusqlite::params![id, version, detail])?;
    }
    Ok(())
}

/// Incidents with no stored page of view format `version`.
pub(crate) fn without_view(conn: &Connection, version: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM incidents i WHERE NOT EXISTS
            (SELECT 1 FROM incident_views v WHERE v.incident_id = i.id AND v.version = ?1)
         ORDER BY id",
    )?;
    let ids = stmt
        .query_map([version], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(ids)
}

/// The current accounts linked to an incident, with their documents' source and metadata.
pub(crate) fn accounts(conn: &Connection, id: &str) -> Result<Vec<IncidentAccount>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS}, l.method, d.source, d.meta FROM account_incidents l
         JOIN accounts a ON a.id = l.account_id
         JOIN documents d ON d.id = a.document_id
         WHERE l.incident_id = ?1 AND a.superseded_at IS NULL AND a.status != 'rejected'
         ORDER BY a.id"
    ))?;
    let rows = stmt.query_map([id], |r| {
        Ok((
            account_row::from_row(r, 0)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
        ))
    })?;
    let mut out = Vec::new();
    let mut metas: std::collections::HashMap<i64, ReportMeta> = std::collections::HashMap::new();
    for row in rows {
        let (stored, method, source, meta) = row?;
        let account = stored?;
        let method = match method.as_str() {
            "auto" => LinkMethod::Auto,
            "confirmed" => LinkMethod::Confirmed,
            other => {
                return Err(StoreError::Corrupt(format!(
                    "link of account {} has method {other:?}",
                    account.id
                )))
            }
        };
        // a report's metadata is decoded once, however many of its accounts the incident holds
        let meta = match metas.get(&account.document_id) {
            Some(m) => ReportMeta::clone(m),
            None => {
                let m = documents::decode_meta(account.document_id, &meta)?;
                metas.insert(account.document_id, m.clone());
                m
            }
        };
        out.push(IncidentAccount {
            meta,
            account,
            method,
            source,
        });
    }
    Ok(out)
}

/// The incident each linked account of a document belongs to.
pub(crate) fn links_of_document(
    conn: &Connection,
    document_id: i64,
) -> Result<Vec<(AccountId, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.account_id, l.incident_id FROM account_incidents l
         JOIN accounts a ON a.id = l.account_id
         WHERE a.document_id = ?1 ORDER BY l.account_id",
    )?;
    let rows = stmt.query_map([document_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The incident an account is linked to.
pub(crate) fn link_of_account(conn: &Connection, account_id: AccountId) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT incident_id FROM account_incidents WHERE account_id = ?1")?
        .query_row([account_id], |r| r.get(0))
        .optional()?)
}

/// Stores why accounts were linked (one row per account, replaced on re-linking).
pub(crate) fn save_link_explanations(
    conn: &Connection,
    explanations: &[(AccountId, String, String)],
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO link_explanations (account_id, incident_id, explanation) VALUES (?1, ?2, ?3)
         ON CONFLICT (account_id) DO UPDATE
           SET incident_id = excluded.incident_id, explanation = excluded.explanation",
    )?;
    for (account_id, incident_id, explanation) in explanations {
        stmt.execute(params![account_id, incident_id, explanation])?;
    }
    Ok(())
}

/// Why each account of incident `id` was linked, by account id.
pub(crate) fn link_explanations(conn: &Connection, id: &str) -> Result<Vec<(AccountId, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT account_id, explanation FROM link_explanations WHERE incident_id = ?1
         ORDER BY account_id",
    )?;
    let rows = stmt
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
