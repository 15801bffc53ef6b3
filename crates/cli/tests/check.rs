//! `toll check [--repair]`: a freshly ingested record checks clean; a summary, a page or the search
//! index changed behind the record's back is reported (exit 1) and repaired. The record is the
//! bundled, invented examples.

use std::path::Path;
use std::process::{Command, Output};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const TOLL: &str = env!("CARGO_BIN_EXE_toll");
/// The incident the bundled examples are about.
const INCIDENT: &str = "IRQ-2024-03-07-a";

fn toll(args: &[&str], cwd: &Path) -> std::io::Result<Output> {
    Command::new(TOLL)
        .args(args)
        .current_dir(cwd)
        .env_remove("TOLL_LOG")
        .env_remove("TOLL_DB")
        .output()
}

fn ingest_examples(dir: &Path) -> TestResult {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let reports = root.join("reports");
    let places = root.join("places.tsv");
    let out = toll(
        &[
            "ingest",
            reports.to_str().ok_or("path")?,
            "--places",
            places.to_str().ok_or("path")?,
            "--db",
            "t.db",
        ],
        dir,
    )?;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    Ok(())
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn tamper(dir: &Path, sql: &str) -> TestResult {
    let conn = rusqlite::Connection::open(dir.join("t.db"))?;
    conn.execute_batch(sql)?;
    Ok(())
}

/// Runs `toll check` and returns its exit code and mismatches (JSON lines).
fn check(
    dir: &Path,
    repair: bool,
) -> Result<(i32, Vec<serde_json::Value>), Box<dyn std::error::Error>> {
    let mut args = vec!["check", "--db", "t.db", "--format", "jsonl"];
    if repair {
        args.push("--repair");
    }
    let out = toll(&args, dir)?;
    let code = out.status.code().ok_or("killed")?;
    assert!(code == 0 || code == 1, "{code}: {}", text(&out.stderr));
    assert!(text(&out.stderr).contains("t.db"), "{}", text(&out.stderr));
    let lines = text(&out.stdout)
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<Vec<serde_json::Value>, _>>()?;
    Ok((code, lines))
}

fn has(lines: &[serde_json::Value], incident: Option<&str>, field: &str) -> bool {
    lines
        .iter()
        .any(|l| l["incident"].as_str() == incident && l["field"] == field)
}

#[test]
fn a_fresh_record_checks_clean() -> TestResult {
    let dir = tempfile::tempdir()?;
    ingest_examples(dir.path())?;
    let (code, lines) = check(dir.path(), false)?;
    assert_eq!((code, lines.len()), (0, 0), "{lines:?}");
    // reading commands leave nothing behind
    assert!(!dir.path().join("t.db-wal").exists());
    Ok(())
}

#[test]
fn tampered_summary_page_and_index_are_reported_then_repaired() -> TestResult {
    let dir = tempfile::tempdir()?;
    ingest_examples(dir.path())?;
    tamper(
        dir.path(),
        &format!(
            "UPDATE incidents SET killed_best = 999, sources = 7 WHERE id = '{INCIDENT}';
             UPDATE incident_views SET detail = json_set(detail, '$.grade', 'confirmed')
                 WHERE incident_id != '{INCIDENT}';
             INSERT INTO documents_fts (documents_fts, rowid, title, text)
                 SELECT 'delete', id, title, text FROM documents WHERE id = 1;"
        ),
    )?;
    let (code, lines) = check(dir.path(), false)?;
    assert_eq!(code, 1, "{lines:?}");
    assert!(has(&lines, Some(INCIDENT), "killed_best"), "{lines:?}");
    assert!(has(&lines, Some(INCIDENT), "sources"), "{lines:?}");
    assert!(has(&lines, None, "search_index"), "{lines:?}");
    let best = lines
        .iter()
        .find(|l| l["field"] == "killed_best")
        .ok_or("killed_best")?;
    assert_eq!(best["stored"], 999);
    assert_ne!(best["recomputed"], 999);
    assert!(
        lines.iter().any(|l| l["field"] == "page.grade"
            && l["stored"] == "confirmed"
            && l["incident"] != INCIDENT),
        "{lines:?}"
    );
    // checking changed nothing
    assert_eq!(check(dir.path(), false)?.1, lines);
    let (code, _) = check(dir.path(), true)?;
    assert_eq!(code, 0);
    let (code, after) = check(dir.path(), false)?;
    assert_eq!((code, after.len()), (0, 0), "{after:?}");
    // the repaired figure is the one the record computes (what a fresh ingest stored)
    let fresh = tempfile::tempdir()?;
    ingest_examples(fresh.path())?;
    let show = |d: &Path| -> Result<String, Box<dyn std::error::Error>> {
        Ok(text(
            &toll(&["show", INCIDENT, "--json", "--db", "t.db"], d)?.stdout,
        ))
    };
    assert_eq!(show(dir.path())?, show(fresh.path())?);
    Ok(())
}

#[test]
fn a_tampered_summary_is_reported_by_field_and_repaired() -> TestResult {
    let dir = tempfile::tempdir()?;
    ingest_examples(dir.path())?;
    tamper(
        dir.path(),
        &format!(
            "UPDATE incident_summaries
                 SET summary = json_set(summary, '$.reconciled.killed.low', 1, '$.place', 'Nowhere')
                 WHERE incident_id = '{INCIDENT}';"
        ),
    )?;
    let (code, lines) = check(dir.path(), false)?;
    assert_eq!(code, 1);
    assert!(
        has(&lines, Some(INCIDENT), "summary.reconciled.killed.low"),
        "{lines:?}"
    );
    assert!(has(&lines, Some(INCIDENT), "summary.place"), "{lines:?}");
    assert_eq!(check(dir.path(), true)?.0, 0);
    assert_eq!(check(dir.path(), false)?, (0, vec![]));
    Ok(())
}
