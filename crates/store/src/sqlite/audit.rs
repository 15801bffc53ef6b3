//! The audit log: who did what to which record, when, why, and what it was before and after, as a
//! hash chain.
//!
//! Each event's `hash` is the SHA-256 (lowercase hex) of the previous event's hash followed by a
//! newline and the event's canonical content: a JSON array of its id, time, actor, action, entity,
//! entity id, detail, before, after and reason, each as stored (text or `null`). The first event's
//! previous hash is [`GENESIS`]. Editing an event changes its content, so its hash no longer
//! matches; deleting or moving one breaks the next event's link to its predecessor: [`verify`]
//! names the first event where the chain breaks. (An event deleted from the end leaves a shorter
//! chain that is still whole: compare the head hash [`verify`] reports with one kept elsewhere.)

use crate::error::Result;
use crate::types::{AuditCheck, AuditEntry, AuditEvent};
use rusqlite::{params, Connection, OptionalExtension, Row};
use sha2::{Digest, Sha256};

/// The previous hash of the first event.
pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The columns [`entry`] reads.
const ENTRY_COLUMNS: &str =
    "id, at, actor, action, entity, entity_id, detail, before, after, reason, prev_hash, hash";

/// Appends one plain event (no reason, before or after); `detail` is JSON.
pub(crate) fn log(
    conn: &Connection,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: &str,
    detail: &serde_json::Value,
    now: &str,
) -> Result<()> {
    append(
        conn,
        &AuditEvent {
            actor: actor.to_string(),
            action: action.to_string(),
            entity: entity.to_string(),
            entity_id: entity_id.to_string(),
            detail: Some(detail.clone()),
            before: None,
            after: None,
            reason: None,
        },
        now,
    )
    .map(|_| ())
}

/// Appends one event at the head of the chain; returns its id. The caller holds a write
/// transaction, so no other event can come between reading the head and appending.
pub(crate) fn append(conn: &Connection, event: &AuditEvent, now: &str) -> Result<i64> {
    // the head: the last event (chained, unless a database was written by a build without the chain)
    let head: Option<Option<String>> = conn
        .prepare_cached("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    let prev = match head {
        None => GENESIS.to_string(),
        Some(Some(hash)) => hash,
        Some(None) => {
            seal_pending(conn)?;
            return append(conn, event, now);
        }
    };
    let json = |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string());
    let mut entry = AuditEntry {
        id: 0,
        at: now.to_string(),
        actor: event.actor.clone(),
        action: event.action.clone(),
        entity: event.entity.clone(),
        entity_id: event.entity_id.clone(),
        detail: json(&event.detail),
        before: json(&event.before),
        after: json(&event.after),
        reason: event.reason.clone(),
        prev_hash: None,
        hash: None,
    };
    conn.prepare_cached(
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, detail, before, after, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        entry.at,
        entry.actor,
        entry.action,
        entry.entity,
        entry.entity_id,
        entry.detail,
        entry.before,
        entry.after,
        entry.reason,
    ])?;
    entry.id = conn.last_insert_rowid();
    let hash = hash_of(&prev, &entry);
    conn.prepare_cached("UPDATE audit_log SET prev_hash = ?1, hash = ?2 WHERE id = ?3")?
        .execute(params![prev, hash, entry.id])?;
    Ok(entry.id)
}

/// Chains every event that has no hash yet, in id order, after the last chained one (the events
/// stored before the chain existed, when migrating; the event just appended, otherwise).
pub(crate) fn seal_pending(conn: &Connection) -> Result<()> {
    let mut prev: String = conn
        .prepare_cached(
            "SELECT hash FROM audit_log WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1",
        )?
        .query_row([], |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| GENESIS.to_string());
    let pending: Vec<AuditEntry> = conn
        .prepare_cached(&format!(
            "SELECT {ENTRY_COLUMNS} FROM audit_log WHERE hash IS NULL ORDER BY id"
        ))?
        .query_map([], entry)?
        .collect::<rusqlite::Result<_>>()?;
    let mut seal =
        conn.prepare_cached("UPDATE audit_log SET prev_hash = ?1, hash = ?2 WHERE id = ?3")?;
    for e in pending {
        let hash = hash_of(&prev, &e);
        seal.execute(params![prev, hash, e.id])?;
        prev = hash;
    }
    Ok(())
}

/// The canonical content of an event, as hashed.
pub(crate) fn canonical(e: &AuditEntry) -> String {
    serde_json::Value::Array(vec![
        e.id.into(),
        e.at.as_str().into(),
        e.actor.as_str().into(),
        e.action.as_str().into(),
        e.entity.as_str().into(),
        e.entity_id.as_str().into(),
        e.detail.as_deref().into(),
        e.before.as_deref().into(),
        e.after.as_deref().into(),
        e.reason.as_deref().into(),
    ])
    .to_string()
}

/// The hash of event `e` after an event whose hash is `prev`.
pub(crate) fn hash_of(prev: &str, e: &AuditEntry) -> String {
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(b"\n");
    h.update(canonical(e).as_bytes());
    h.finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
}

/// Reads a row selected with [`ENTRY_COLUMNS`].
fn entry(r: &Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        action: r.get(3)?,
        entity: r.get(4)?,
        entity_id: r.get(5)?,
        detail: r.get(6)?,
        before: r.get(7)?,
        after: r.get(8)?,
        reason: r.get(9)?,
        prev_hash: r.get(10)?,
        hash: r.get(11)?,
    })
}

/// The latest `limit` entries, oldest first.
pub(crate) fn latest(conn: &Connection, limit: usize) -> Result<Vec<AuditEntry>> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut stmt = conn.prepare(&format!(
        "SELECT {ENTRY_COLUMNS} FROM
           (SELECT * FROM audit_log ORDER BY id DESC LIMIT ?1)
         ORDER BY id"
    ))?;
    let rows = stmt.query_map([limit], entry)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Every event about one record (`entity`, `entity_id`), oldest first.
pub(crate) fn of_entity(conn: &Connection, entity: &str, id: &str) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ENTRY_COLUMNS} FROM audit_log WHERE entity = ?1 AND entity_id = ?2 ORDER BY id"
    ))?;
    let rows = stmt.query_map([entity, id], entry)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Every event about incident `id`, oldest first: those naming it, and account and incident
/// events whose detail or outcome names it (an account reviewed in it, moved into it, an incident
/// merged into it).
///
/// Only review decisions write events of the second kind, and each leaves a mark that indexes find
/// (a reviewed account or a confirmed link among its accounts, a redirect to it, a review event
/// naming it): an incident without one, as most are, has only the events that name it, read
/// through the entity index instead of the whole log.
pub(crate) fn of_incident(conn: &Connection, id: &str) -> Result<Vec<AuditEntry>> {
    let reviewed: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM account_incidents l JOIN accounts a ON a.id = l.account_id
                            WHERE l.incident_id = ?1 AND (l.method = 'confirmed' OR a.status != 'machine'))
                 OR EXISTS (SELECT 1 FROM incident_redirects WHERE target = ?1)
                 OR EXISTS (SELECT 1 FROM audit_log WHERE entity = 'incident' AND entity_id = ?1
                                                      AND action LIKE 'review.%')",
        )?
        .query_row([id], |r| r.get(0))?;
    if !reviewed {
        return of_entity(conn, "incident", id);
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ENTRY_COLUMNS} FROM audit_log
         WHERE (entity = 'incident' AND entity_id = ?1)
            OR (detail IS NOT NULL AND (json_extract(detail, '$.incident') = ?1
                                        OR json_extract(detail, '$.survivor') = ?1))
            OR (after IS NOT NULL AND json_extract(after, '$.incident') = ?1)
         ORDER BY id"
    ))?;
    let rows = stmt.query_map([id], entry)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Calls `f` with every event in id order, stopping at the first error.
pub(crate) fn for_each(
    conn: &Connection,
    mut f: impl FnMut(&AuditEntry) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {ENTRY_COLUMNS} FROM audit_log ORDER BY id"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        f(&entry(row)?)?;
    }
    Ok(())
}

/// Recomputes the whole chain in id order: the first event whose stored hashes disagree with
/// what its content and its predecessor give, or [`AuditCheck::Intact`] with the count and the head.
pub(crate) fn verify(conn: &Connection) -> Result<AuditCheck> {
    let mut prev = GENESIS.to_string();
    let mut count = 0u64;
    let mut stmt = conn.prepare(&format!(
        "SELECT {ENTRY_COLUMNS} FROM audit_log ORDER BY id"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let e = entry(row)?;
        let problem = if e.prev_hash.as_deref() != Some(prev.as_str()) {
            Some(if count == 0 {
                "it does not start the chain: an event before it was deleted, or it was moved"
            } else {
                "it does not follow the event before it: an event between them was deleted or \
                 inserted, or events were reordered"
            })
        } else if e.hash.as_deref() != Some(hash_of(&prev, &e).as_str()) {
            Some("its content does not match its hash: the event was changed")
        } else {
            None
        };
        if let Some(problem) = problem {
            return Ok(AuditCheck::Broken {
                event: e.id,
                checked: count,
                problem: problem.to_string(),
            });
        }
        prev = e.hash.unwrap_or_default();
        count += 1;
    }
    Ok(AuditCheck::Intact {
        events: count,
        head: (count > 0).then_some(prev),
    })
}
