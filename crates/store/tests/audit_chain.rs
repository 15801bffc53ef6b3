//! The audit log's hash chain on real database files: an untouched chain verifies, and an event
//! changed, deleted or moved with plain SQL (as someone with the file and `sqlite3` could) is named.

use rusqlite::Connection;
use std::path::Path;
use toll_model::ReportMeta;
use toll_store::{AuditCheck, AuditEvent, NewDocument, SqliteStore, Store, AUDIT_GENESIS};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A store at `path` with `n` ingested reports and one review decision: `n + 1` events.
fn store_with_events(path: &Path, n: usize) -> Result<SqliteStore, Box<dyn std::error::Error>> {
    let store = SqliteStore::open(path)?;
    for i in 0..n {
        let text = format!("Invented report number {i}.");
        let meta = ReportMeta {
            id: format!("r{i}"),
            ..Default::default()
        };
        store.insert_document(
            &NewDocument {
                sha256: &format!("{i:064x}"),
                raw: text.as_bytes(),
                media_type: "text/plain",
                source: "r.txt",
                captured_at: None,
                meta: &meta,
                text: &text,
            },
            &[],
            "test/1",
        )?;
    }
    store.append_audit(&AuditEvent {
        actor: "ana".into(),
        action: "review.incident.grade".into(),
        entity: "incident".into(),
        entity_id: "IRQ-2024-03-07-a".into(),
        detail: None,
        before: Some(serde_json::json!({"grade": "weak"})),
        after: Some(serde_json::json!({"grade": "fair"})),
        reason: Some("a second outlet confirmed it".into()),
    })?;
    Ok(store)
}

/// Opens the file with plain SQLite and drops the append-only triggers, as a tamperer would.
fn tamper(path: &Path, sql: &str) -> TestResult {
    let conn = Connection::open(path)?;
    conn.execute_batch(
        "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;",
    )?;
    conn.execute_batch(sql)?;
    Ok(())
}

fn broken_at(store: &SqliteStore) -> Result<Option<i64>, Box<dyn std::error::Error>> {
    Ok(match store.verify_audit_log()? {
        AuditCheck::Broken { event, .. } => Some(event),
        AuditCheck::Intact { .. } => None,
    })
}

#[test]
fn an_untouched_chain_verifies_and_each_event_follows_the_one_before() -> TestResult {
    let dir = tempfile::tempdir()?;
    let store = store_with_events(&dir.path().join("t.db"), 4)?;
    let check = store.verify_audit_log()?;
    let log = store.audit_log(100)?;
    assert_eq!(log.len(), 5);
    assert_eq!(log[0].prev_hash.as_deref(), Some(AUDIT_GENESIS));
    for pair in log.windows(2) {
        assert_eq!(pair[1].prev_hash, pair[0].hash);
    }
    assert_eq!(
        check,
        AuditCheck::Intact {
            events: 5,
            head: log[4].hash.clone()
        }
    );
    assert_eq!(
        log[4].reason.as_deref(),
        Some("a second outlet confirmed it")
    );
    Ok(())
}

#[test]
fn an_edited_event_is_named() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("t.db");
    drop(store_with_events(&path, 4)?);
    tamper(&path, "UPDATE audit_log SET actor = 'mallory' WHERE id = 3")?;
    assert_eq!(broken_at(&SqliteStore::open(&path)?)?, Some(3));
    Ok(())
}

#[test]
fn an_edited_reason_or_after_value_is_named() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("t.db");
    drop(store_with_events(&path, 2)?);
    tamper(
        &path,
        "UPDATE audit_log SET after = '{\"grade\":\"confirmed\"}' WHERE id = 3",
    )?;
    assert_eq!(broken_at(&SqliteStore::open(&path)?)?, Some(3));
    Ok(())
}

#[test]
fn a_deleted_event_is_named_by_the_one_after_it() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("t.db");
    drop(store_with_events(&path, 4)?);
    tamper(&path, "DELETE FROM audit_log WHERE id = 2")?;
    let store = SqliteStore::open(&path)?;
    match store.verify_audit_log()? {
        AuditCheck::Broken {
            event,
            checked,
            problem,
        } => {
            assert_eq!((event, checked), (3, 1));
            assert!(problem.contains("deleted"), "{problem}");
        }
        other => panic!("a deletion went unnoticed: {other:?}"),
    }
    // deleting the first event breaks the chain at the new first one
    tamper(&path, "DELETE FROM audit_log WHERE id = 1")?;
    assert_eq!(broken_at(&SqliteStore::open(&path)?)?, Some(3));
    Ok(())
}

#[test]
fn reordered_events_are_named() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("t.db");
    drop(store_with_events(&path, 4)?);
    // swap events 2 and 3, hashes and all
    tamper(
        &path,
        "UPDATE audit_log SET id = -2 WHERE id = 2;
         UPDATE audit_log SET id = 2 WHERE id = 3;
         UPDATE audit_log SET id = 3 WHERE id = -2;",
    )?;
    assert_eq!(broken_at(&SqliteStore::open(&path)?)?, Some(2));
    Ok(())
}

#[test]
fn the_log_refuses_updates_and_deletes_through_sqlite() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("t.db");
    drop(store_with_events(&path, 1)?);
    let conn = Connection::open(&path)?;
    let update = conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE id = 1", []);
    let delete = conn.execute("DELETE FROM audit_log WHERE id = 1", []);
    for out in [update, delete] {
        let err = out.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("append-only"), "{err}");
    }
    Ok(())
}
