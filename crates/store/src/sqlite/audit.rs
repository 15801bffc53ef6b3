//! The audit log: who did what to which record, and when.

use crate::error::Result;
use crate::types::AuditEntry;
use rusqlite::{params, Connection};

/// Appends one entry; `detail` is JSON.
pub(crate) fn log(
    conn: &Connection,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: &str,
    detail: &serde_json::Value,
    now: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        now,
        actor,
        action,
        entity,
        entity_id,
        detail.to_string()
    ])?;
    Ok(())
}

/// The latest `limit` entries, oldest first.
pub(crate) fn latest(conn: &Connection, limit: usize) -> Result<Vec<AuditEntry>> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, action, entity, entity_id, detail FROM
           (SELECT * FROM audit_log ORDER BY id DESC LIMIT ?1)
         ORDER BY id",
    )?;
    let rows = stmt.query_map([limit], |r| {
        Ok(AuditEntry {
            id: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            action: r.get(3)?,
            entity: r.get(4)?,
            entity_id: r.get(5)?,
            detail: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
