//! Damaged and missing databases: a command that reads the record names the file and says it is
//! damaged (never a bare decoding error), `toll serve` refuses to start on one, and no reading
//! command writes a schema into a missing or empty file. The record is the bundled, invented
//! examples.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const TOLL: &str = env!("CARGO_BIN_EXE_toll");
/// The incident the bundled examples are about.
const INCIDENT: &str = "IRQ-2024-03-07-a";

fn examples(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
}

fn command(args: &[&str], cwd: &Path) -> Command {
    let mut c = Command::new(TOLL);
    c.args(args)
        .current_dir(cwd)
        .env_remove("TOLL_LOG")
        .env_remove("TOLL_DB");
    c
}

fn toll(args: &[&str], cwd: &Path) -> std::io::Result<Output> {
    command(args, cwd).output()
}

/// Runs `toll serve` on `db` and waits (at most a minute) for it to end by itself: a server that
/// starts listening is killed and reported as `None`.
fn serve_until_it_ends(db: &str, cwd: &Path) -> Result<Option<Output>, Box<dyn std::error::Error>> {
    let mut child = command(&["serve", "--db", db, "--addr", "127.0.0.1:0"], cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        if child.try_wait()?.is_some() {
            return Ok(Some(child.wait_with_output()?));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill()?;
    child.wait()?;
    Ok(None)
}

/// Ingests the examples into `name` in `dir`; the database is closed (its WAL checkpointed) after.
fn ingest_examples(dir: &Path, name: &str) -> TestResult {
    let reports = examples("reports");
    let places = examples("places.tsv");
    let out = toll(
        &[
            "ingest",
            reports.to_str().ok_or("path")?,
            "--places",
            places.to_str().ok_or("path")?,
            "--db",
            name,
        ],
        dir,
    )?;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !dir.join(format!("{name}-wal")).exists(),
        "the WAL is checkpointed on close"
    );
    Ok(())
}

/// Byte offsets where `needle` occurs in `haystack`.
fn occurrences(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    haystack
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

fn assert_damaged(out: &Output, db: &str, what: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{what}: {err}");
    assert!(
        err.contains(&format!("database {db} is damaged")),
        "{what}: {err}"
    );
}

#[test]
fn invalid_text_in_stored_rows_is_damage_naming_the_file() -> TestResult {
    let dir = tempfile::tempdir()?;
    ingest_examples(dir.path(), "t.db")?;
    // overwrite every stored copy of the town's name (reports' text, accounts, summaries, pages)
    // with bytes that are no UTF-8: the pages stay well-formed, their rows do not decode
    let path = dir.path().join("t.db");
    let mut bytes = fs::read(&path)?;
    let found = occurrences(&bytes, b"Halvaro");
    assert!(found.len() > 10, "the town is stored: {}", found.len());
    for at in found {
        bytes[at..at + 7].copy_from_slice(&[0xff; 7]);
    }
    fs::write(&path, &bytes)?;
    for args in [
        &["incidents", "--db", "t.db"][..],
        &["show", INCIDENT, "--db", "t.db"][..],
        &["export", "documents", "--db", "t.db"][..],
        &["export", "accounts", "--db", "t.db"][..],
        &["export", "incidents", "--db", "t.db"][..],
    ] {
        let out = toll(args, dir.path())?;
        assert_damaged(&out, "t.db", &format!("{args:?}"));
        assert!(
            !String::from_utf8_lossy(&out.stderr).starts_with("toll: error: invalid utf-8"),
            "{args:?}"
        );
    }
    Ok(())
}

#[test]
fn a_scrambled_page_is_damage_and_serve_refuses_to_start() -> TestResult {
    let dir = tempfile::tempdir()?;
    ingest_examples(dir.path(), "t.db")?;
    let path = dir.path().join("t.db");
    let mut bytes = fs::read(&path)?;
    // the page that holds the incident's stored summary: scramble its header and the cells after it
    let at = *occurrences(&bytes, b"grade_reason")
        .first()
        .ok_or("a summary is stored")?;
    let page = at / 4096 * 4096;
    assert!(page > 0, "not the database header");
    let mut seed: u32 = 0x2545_f491;
    for b in &mut bytes[page..page + 2048] {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        *b = seed.to_le_bytes()[0];
    }
    fs::write(&path, &bytes)?;
    let out = toll(&["show", INCIDENT, "--db", "t.db"], dir.path())?;
    assert_damaged(&out, "t.db", "show");
    let out = serve_until_it_ends("t.db", dir.path())?.ok_or("serve started anyway")?;
    assert_damaged(&out, "t.db", "serve");
    Ok(())
}

#[test]
fn a_file_that_is_no_database_is_named() -> TestResult {
    let dir = tempfile::tempdir()?;
    fs::write(
        dir.path().join("notes.db"),
        "these are notes, not a database\n".repeat(200),
    )?;
    let out = toll(&["incidents", "--db", "notes.db"], dir.path())?;
    assert_damaged(&out, "notes.db", "incidents");
    Ok(())
}

#[test]
fn reading_commands_never_write_a_schema_into_a_missing_or_empty_file() -> TestResult {
    let dir = tempfile::tempdir()?;
    fs::write(dir.path().join("empty.db"), "")?;
    for db in ["missing.db", "empty.db"] {
        for args in [
            &["incidents", "--db", db][..],
            &["show", INCIDENT, "--db", db][..],
            &["export", "documents", "--db", db][..],
            &["export", "accounts", "--db", db][..],
            &["export", "incidents", "--db", db][..],
        ] {
            let out = toll(args, dir.path())?;
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            assert!(
                String::from_utf8_lossy(&out.stderr).contains(db),
                "{args:?}"
            );
        }
        let out = serve_until_it_ends(db, dir.path())?.ok_or("serve started anyway")?;
        assert_eq!(out.status.code(), Some(2), "serve {db}");
        assert!(String::from_utf8_lossy(&out.stderr).contains(db));
    }
    assert!(!dir.path().join("missing.db").exists());
    assert_eq!(fs::metadata(dir.path().join("empty.db"))?.len(), 0);
    for leftover in [
        "missing.db-wal",
        "empty.db-wal",
        "missing.db-shm",
        "empty.db-shm",
    ] {
        assert!(!dir.path().join(leftover).exists(), "{leftover}");
    }
    Ok(())
}

#[test]
fn a_summary_that_does_not_decode_is_damage_naming_the_file() -> TestResult {
    let dir = tempfile::tempdir()?;
    ingest_examples(dir.path(), "t.db")?;
    {
        // valid JSON (the table's CHECK holds) that is no incident summary
        let conn = rusqlite::Connection::open(dir.path().join("t.db"))?;
        conn.execute(
            "UPDATE incident_summaries SET summary = '{\"scrambled\": true}' WHERE incident_id = ?1",
            [INCIDENT],
        )?;
    }
    for args in [
        &["incidents", "--db", "t.db"][..],
        &["show", INCIDENT, "--db", "t.db"][..],
        &["export", "accounts", "--db", "t.db"][..],
        &["export", "incidents", "--db", "t.db"][..],
    ] {
        let out = toll(args, dir.path())?;
        assert_damaged(&out, "t.db", &format!("{args:?}"));
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("unreadable summary"),
            "{args:?}"
        );
    }
    Ok(())
}
