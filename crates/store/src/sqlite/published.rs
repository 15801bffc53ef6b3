//! What the public may see when a server shows anonymous callers only published incidents: whether
//! an incident, a report or an account belongs to an incident a reviewer marked published.

use crate::error::Result;
use crate::TextQuery;
use rusqlite::Connection;

/// The texts of up to `limit` reports that contain every word of `query` and at least one of
/// `any_of` (full-text index; used to check whether a searched word is a masked name).
pub(crate) fn texts_with_words(
    conn: &Connection,
    query: &TextQuery,
    any_of: &[&str],
    limit: usize,
) -> Result<Vec<String>> {
    let mut fts = format!("({})", query.to_fts());
    if !any_of.is_empty() {
        let words: Vec<String> = any_of
            .iter()
            .map(|w| format!("\"{}\"", w.replace('"', "")))
            .collect();
        fts.push_str(&format!(" AND ({})", words.join(" OR ")));
    }
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut stmt = conn.prepare_cached(
        "SELECT d.text FROM documents_fts f JOIN documents d ON d.id = f.rowid
         WHERE documents_fts MATCH ?1 LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(rusqlite::params![fts, limit], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// True when incident `id` is marked published.
pub(crate) fn incident(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM incident_reviews WHERE incident_id = ?1 AND published = 1)",
        )?
        .query_row([id], |r| r.get(0))?)
}

/// True when a current account of report `id` is linked to a published incident.
pub(crate) fn document(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM accounts a
                JOIN account_incidents l ON l.account_id = a.id
                JOIN incident_reviews r ON r.incident_id = l.incident_id AND r.published = 1
                WHERE a.document_id = ?1 AND a.superseded_at IS NULL AND a.status != 'rejected')",
        )?
        .query_row([id], |r| r.get(0))?)
}

/// True when account `id` is linked to a published incident.
pub(crate) fn account(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM account_incidents l
                JOIN incident_reviews r ON r.incident_id = l.incident_id AND r.published = 1
                WHERE l.account_id = ?1)",
        )?
        .query_row([id], |r| r.get(0))?)
}
