//! Sightings: one report's bytes read from two files with different metadata (two outlets carrying
//! one wire story) are stored once and seen twice; both outlets count as sources of its incident,
//! and both sightings are shown with the report. Every report here is invented text.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const TOLL: &str = env!("CARGO_BIN_EXE_toll");

const STORY: &str = "Strike hits Kelmara bakery\nAn air strike on a bakery in Kelmara killed 14 \
                     civilians on Monday, the district health office said.\n";
const PLACES: &str = "Kelmara\t\t36.10\t44.20\tIQ\n";

fn toll(args: &[&str], cwd: &Path) -> std::io::Result<Output> {
    Command::new(TOLL)
        .args(args)
        .current_dir(cwd)
        .env_remove("TOLL_LOG")
        .env_remove("TOLL_DB")
        .output()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The wire story as two outlets carried it.
fn setup() -> Result<tempfile::TempDir, Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    fs::create_dir_all(dir.path().join("reports"))?;
    for (name, meta) in [
        (
            "wire",
            r#"{"id": "wire", "outlet": "Wire One", "url": "https://one.example/a", "published": "2024-05-07"}"#,
        ),
        (
            "paper",
            r#"{"id": "paper", "outlet": "Paper Two", "url": "https://two.example/b", "published": "2024-05-08"}"#,
        ),
    ] {
        fs::write(dir.path().join(format!("reports/{name}.txt")), STORY)?;
        fs::write(dir.path().join(format!("reports/{name}.meta.json")), meta)?;
    }
    fs::write(dir.path().join("places.tsv"), PLACES)?;
    Ok(dir)
}

fn ingest(dir: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let out = toll(
        &[
            "ingest",
            "reports",
            "--places",
            "places.tsv",
            "--db",
            "t.db",
        ],
        dir,
    )?;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    Ok(text(&out.stderr))
}

fn json_lines(out: &Output) -> Result<Vec<serde_json::Value>, serde_json::Error> {
    text(&out.stdout)
        .lines()
        .map(serde_json::from_str)
        .collect()
}

fn exported_documents(dir: &Path) -> Result<Vec<serde_json::Value>, Box<dyn std::error::Error>> {
    let out = toll(&["export", "documents", "--db", "t.db"], dir)?;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    Ok(json_lines(&out)?)
}

#[test]
fn a_wire_story_in_two_outlets_is_one_report_seen_twice() -> TestResult {
    let dir = setup()?;
    let log = ingest(dir.path())?;
    assert!(log.contains("1 new documents, 1 duplicates"), "{log}");
    let docs = exported_documents(dir.path())?;
    assert_eq!(docs.len(), 1, "the bytes are stored once");
    let sightings = docs[0]["sightings"].as_array().ok_or("sightings")?;
    let seen: Vec<(&str, &str, &str, &str)> = sightings
        .iter()
        .map(|s| {
            (
                s["source"].as_str().unwrap_or(""),
                s["outlet"].as_str().unwrap_or(""),
                s["url"].as_str().unwrap_or(""),
                s["published"].as_str().unwrap_or(""),
            )
        })
        .collect();
    // files are read in sorted order: the paper's copy first
    assert_eq!(
        seen,
        [
            (
                "reports/paper.txt",
                "Paper Two",
                "https://two.example/b",
                "2024-05-08"
            ),
            (
                "reports/wire.txt",
                "Wire One",
                "https://one.example/a",
                "2024-05-07"
            ),
        ]
    );
    assert!(sightings.iter().all(|s| s["seen_at"].is_string()));
    // both outlets are sources of the incident
    let out = toll(
        &["incidents", "--db", "t.db", "--format", "jsonl"],
        dir.path(),
    )?;
    let incidents = json_lines(&out)?;
    assert_eq!(incidents.len(), 1);
    assert_eq!(incidents[0]["reconciled"]["sources"], 2);
    // the report's page lists both sightings
    let store = toll_store::SqliteStore::open(&dir.path().join("t.db"))?;
    let id = docs[0]["document_id"].as_i64().ok_or("document_id")?;
    let report = toll_record::page::report_detail(&store, id)?.ok_or("the report")?;
    let outlets: Vec<Option<&str>> = report
        .sightings
        .iter()
        .map(|s| s.outlet.as_deref())
        .collect();
    assert_eq!(outlets, [Some("Paper Two"), Some("Wire One")]);
    drop(store);
    // the stored summaries are what the record computes
    let check = toll(&["check", "--db", "t.db"], dir.path())?;
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
    Ok(())
}

#[test]
fn ingesting_the_same_files_again_adds_no_sighting() -> TestResult {
    let dir = setup()?;
    ingest(dir.path())?;
    let log = ingest(dir.path())?;
    assert!(
        log.contains("0 new documents, 2 duplicates, 0 failed"),
        "{log}"
    );
    let docs = exported_documents(dir.path())?;
    assert_eq!(docs[0]["sightings"].as_array().map(Vec::len), Some(2));
    Ok(())
}

#[test]
fn a_later_copy_from_a_new_outlet_adds_a_source_to_the_stored_incident() -> TestResult {
    let dir = setup()?;
    fs::remove_file(dir.path().join("reports/paper.txt"))?;
    ingest(dir.path())?;
    let sources = |dir: &Path| -> Result<serde_json::Value, Box<dyn std::error::Error>> {
        let out = toll(&["incidents", "--db", "t.db", "--format", "jsonl"], dir)?;
        Ok(json_lines(&out)?[0]["reconciled"]["sources"].clone())
    };
    assert_eq!(sources(dir.path())?, 1);
    fs::write(dir.path().join("reports/paper.txt"), STORY)?;
    let log = ingest(dir.path())?;
    assert!(log.contains("(1 seen in a new file"), "{log}");
    assert_eq!(sources(dir.path())?, 2);
    let check = toll(&["check", "--db", "t.db"], dir.path())?;
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
    Ok(())
}
