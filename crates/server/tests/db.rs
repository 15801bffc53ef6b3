//! The read pool under pressure: a read past its request's deadline, or whose request is gone, is
//! interrupted by SQLite instead of running on; searches take at most half the connections, so a
//! plain read is served while every search connection is busy. Outcomes only: nothing here measures.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use toll_extract::{extract_report, ReportContext};
use toll_model::ReportMeta;
use toll_server::db::{within, DbError};
use toll_server::Db;
use toll_store::{AccountFilter, NewDocument, SqliteStore, Store, StoreError};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Generous bound on anything the tests wait for.
const PATIENCE: Duration = Duration::from_secs(60);

/// A database with one illustrative report of many accounts, so that reading them all takes SQLite
/// many steps (its progress handler is called every few thousand).
fn build(dir: &std::path::Path) -> Result<std::path::PathBuf, Box<dyn std::error::Error>> {
    let path = dir.join("toll.db");
    let store = SqliteStore::open(&path)?;
    let text = "An air strike on the market killed 12 civilians, officials said. ".repeat(1500);
    let accounts = extract_report(
        &text,
        &ReportContext {
            published: None,
            gazetteer: None,
            lang: None,
            url: None,
        },
    );
    assert!(accounts.len() >= 1000, "{} accounts", accounts.len());
    let meta = ReportMeta {
        id: "repeated".to_string(),
        url: None,
        title: None,
        outlet: None,
        published: None,
        lang: None,
    };
    store.insert_document(
        &NewDocument {
            sha256: &toll_ingest::sha256_hex(text.as_bytes()),
            raw: text.as_bytes(),
            media_type: "text/plain",
            source: "fixtures/repeated.txt",
            captured_at: None,
            meta: &meta,
            text: &text,
        },
        &accounts,
        "test/1",
    )?;
    Ok(path)
}

/// Reads every account over and over until interrupted (or until `bail` is set, so that a failing
/// test does not leave a thread spinning).
fn read_forever(s: &SqliteStore, bail: &AtomicBool) -> Result<(), StoreError> {
    while !bail.load(Ordering::Relaxed) {
        s.current_accounts(&AccountFilter::default())?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_past_its_deadline_is_interrupted() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = Db::open(&build(dir.path())?, 2)?;
    let bail = Arc::new(AtomicBool::new(false));
    let spin = Arc::clone(&bail);
    let read = within(
        Instant::now() + Duration::from_millis(300),
        db.run(move |s| read_forever(s, &spin)),
    );
    let out = tokio::time::timeout(PATIENCE, read).await;
    bail.store(true, Ordering::Relaxed);
    assert!(matches!(out, Ok(Err(DbError::OutOfTime))), "{out:?}");
    // the connection is fine afterwards
    let n = db.run(|s| s.documents(None, 10)).await?;
    assert_eq!(n.len(), 1);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_whose_request_is_dropped_stops() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = Db::open(&build(dir.path())?, 2)?;
    let bail = Arc::new(AtomicBool::new(false));
    let spin = Arc::clone(&bail);
    let (ended, how) = std::sync::mpsc::channel();
    // no deadline: only the dropping of the request can stop this read
    let read = db.run(move |s| {
        let out = read_forever(s, &spin);
        let _ = ended.send(matches!(out, Err(StoreError::Interrupted)));
        out
    });
    assert!(
        tokio::time::timeout(Duration::from_millis(300), read)
            .await
            .is_err(),
        "an endless read cannot finish"
    );
    let interrupted = tokio::task::spawn_blocking(move || how.recv_timeout(PATIENCE)).await?;
    bail.store(true, Ordering::Relaxed);
    assert_eq!(interrupted, Ok(true), "the abandoned read was interrupted");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn searches_leave_connections_for_plain_reads() -> TestResult {
    let dir = tempfile::tempdir()?;
    // two connections: one may serve searches
    let db = Db::open(&build(dir.path())?, 2)?;
    let (started, has_started) = std::sync::mpsc::channel();
    let (release, released) = std::sync::mpsc::channel::<()>();
    let busy = db.clone();
    let first = tokio::spawn(async move {
        busy.search(move |_| {
            let _ = started.send(());
            let _ = released.recv_timeout(PATIENCE);
            Ok(())
        })
        .await
    });
    tokio::task::spawn_blocking(move || has_started.recv_timeout(PATIENCE)).await??;
    // the search connection is taken: another search waits for it...
    let second = tokio::time::timeout(
        Duration::from_millis(300),
        db.search(|s| s.documents(None, 1)),
    )
    .await;
    assert!(second.is_err(), "a second search ran beside the first");
    // ...while a plain read is served
    let plain = tokio::time::timeout(PATIENCE, db.run(|s| s.documents(None, 1))).await??;
    assert_eq!(plain.len(), 1);
    release.send(())?;
    first.await??;
    // and with the search connection free again, searches run
    let again = tokio::time::timeout(PATIENCE, db.search(|s| s.documents(None, 1))).await??;
    assert_eq!(again.len(), 1);
    Ok(())
}
