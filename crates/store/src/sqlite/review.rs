//! What reviewers decide beyond an account's status and link: a reviewer's version of an account,
//! an incident's review (published, pinned date and place, grade), merged incidents' redirects and
//! incident versions. The record layer (`toll_record::review`) decides; this stores.

use crate::error::{Result, StoreError};
use crate::types::{AccountId, AccountStatus, IncidentReview};
use rusqlite::{params, Connection, OptionalExtension};
use toll_model::Account;

/// Stores `reviewed` as a reviewer's version of account `id` (status `edited`), beside the machine's.
pub(crate) fn set_reviewed_account(
    conn: &Connection,
    id: AccountId,
    reviewed: &Account,
) -> Result<()> {
    let json = serde_json::to_string(reviewed)
        .map_err(|e| StoreError::Invalid(format!("account cannot be encoded as JSON: {e}")))?;
    let n = conn.execute(
        "UPDATE accounts SET reviewed = ?1, status = ?2 WHERE id = ?3",
        params![json, AccountStatus::Edited.as_str(), id],
    )?;
    if n == 0 {
        return Err(StoreError::NotFound {
            what: "account",
            id: id.to_string(),
        });
    }
    Ok(())
}

/// The machine's version of account `id` (what extraction stored), when the account exists.
pub(crate) fn machine_account(conn: &Connection, id: AccountId) -> Result<Option<Account>> {
    let json: Option<String> = conn
        .query_row("SELECT account FROM accounts WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    json.map(|j| {
        serde_json::from_str(&j).map_err(|e| StoreError::Corrupt(format!("account {id}: {e}")))
    })
    .transpose()
}

/// Incident `id`'s version, when it is stored.
pub(crate) fn version(conn: &Connection, id: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT version FROM incidents WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// What reviewers decided about incident `id`.
pub(crate) fn get(conn: &Connection, id: &str) -> Result<IncidentReview> {
    Ok(conn
        .prepare_cached(
            "SELECT published, pin, grade, grade_reason FROM incident_reviews WHERE incident_id = ?1",
        )?
        .query_row([id], |r| {
            Ok(IncidentReview {
                published: r.get(0)?,
                pin: r.get(1)?,
                grade: r.get(2)?,
                grade_reason: r.get(3)?,
            })
        })
        .optional()?
        .unwrap_or_default())
}

/// Stores what reviewers decided about incident `id`.
pub(crate) fn set(conn: &Connection, id: &str, review: &IncidentReview) -> Result<()> {
    if let Some(pin) = &review.pin {
        if serde_json::from_str::<serde_json::Value>(pin).is_err() {
            return Err(StoreError::Invalid(format!(
                "incident {id}: pinned date and place is not valid JSON"
            )));
        }
    }
    conn.prepare_cached(
        "INSERT INTO incident_reviews (incident_id, published, pin, grade, grade_reason)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (incident_id) DO UPDATE SET published = excluded.published,
            pin = excluded.pin, grade = excluded.grade, grade_reason = excluded.grade_reason",
    )?
    .execute(params![
        id,
        review.published,
        review.pin,
        review.grade,
        review.grade_reason
    ])?;
    Ok(())
}

/// The incident `id` answers for: itself when stored, else the survivor it was merged into.
pub(crate) fn resolve(conn: &Connection, id: &str) -> Result<Option<String>> {
    if version(conn, id)?.is_some() {
        return Ok(Some(id.to_string()));
    }
    Ok(conn
        .prepare_cached("SELECT target FROM incident_redirects WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// Merges incident `merged` into `survivor`: every account linked to `merged` (current or not) is
/// linked to `survivor` as confirmed, `merged`'s id and every id that redirected to it redirect to
/// `survivor`, and its rows (summary, page, link explanations, review, the incident) are removed.
/// Returns the accounts moved.
pub(crate) fn merge(
    conn: &Connection,
    merged: &str,
    survivor: &str,
    now: &str,
) -> Result<Vec<AccountId>> {
    if merged == survivor {
        return Err(StoreError::Invalid(format!(
            "incident {merged} cannot be merged into itself"
        )));
    }
    for id in [merged, survivor] {
        if version(conn, id)?.is_none() {
            return Err(StoreError::NotFound {
                what: "incident",
                id: id.to_string(),
            });
        }
    }
    let moved: Vec<AccountId> = conn
        .prepare(
            "SELECT account_id FROM account_incidents WHERE incident_id = ?1 ORDER BY account_id",
        )?
        .query_map([merged], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    conn.execute(
        "UPDATE account_incidents SET incident_id = ?1, method = 'confirmed', linked_at = ?2
         WHERE incident_id = ?3",
        params![survivor, now, merged],
    )?;
    conn.execute(
        "UPDATE incident_redirects SET target = ?1 WHERE target = ?2",
        params![survivor, merged],
    )?;
    conn.execute(
        "INSERT INTO incident_redirects (id, target, at) VALUES (?1, ?2, ?3)
         ON CONFLICT (id) DO UPDATE SET target = excluded.target, at = excluded.at",
        params![merged, survivor, now],
    )?;
    for sql in [
        "DELETE FROM link_explanations WHERE incident_id = ?1",
        "DELETE FROM incident_views WHERE incident_id = ?1",
        "DELETE FROM incident_summaries WHERE incident_id = ?1",
        "DELETE FROM incident_reviews WHERE incident_id = ?1",
        "DELETE FROM incidents WHERE id = ?1",
    ] {
        conn.execute(sql, [merged])?;
    }
    Ok(moved)
}

/// Every incident id in use: stored incidents and merged ids that redirect (a new incident must
/// take none of them).
pub(crate) fn taken_ids(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare("SELECT id FROM incidents UNION SELECT id FROM incident_redirects")?;
    let ids = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(ids)
}

/// Removes the automatic link explanation of account `id` (a reviewer placed it; the machine's
/// reason no longer applies).
pub(crate) fn drop_explanation(conn: &Connection, id: AccountId) -> Result<()> {
    conn.execute("DELETE FROM link_explanations WHERE account_id = ?1", [id])?;
    Ok(())
}
