//! End-to-end tests of `toll ingest`: real process, real database file, real exit codes. Every fixture
//! is invented text written here.

use flate2::write::GzEncoder;
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};
use toll_model::Account;
use toll_store::{AccountFilter, SqliteStore, Store};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const TOLL: &str = env!("CARGO_BIN_EXE_toll");

const STRIKE: &str = "Strike on the village\n\
An air strike on the village killed at least 12 civilians on Monday, local officials said.\n\
The death toll rose to 43, with 61 wounded.\n";

fn toll(args: &[&str], cwd: &Path) -> std::io::Result<Output> {
    Command::new(TOLL)
        .args(args)
        .current_dir(cwd)
        .env_remove("TOLL_LOG")
        .env_remove("TOLL_DB")
        .output()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(path: &Path, contents: impl AsRef<[u8]>) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, contents)
}

/// Exit code of a process that ended by itself, not by a signal or a panic.
fn code(o: &Output) -> Result<i32, String> {
    let c = o
        .status
        .code()
        .ok_or_else(|| format!("killed by a signal: {}", stderr(o)))?;
    if c == 101 || stderr(o).contains("panicked") {
        return Err(format!("toll panicked: {}", stderr(o)));
    }
    Ok(c)
}

/// Every document's current accounts, keyed by the document's SHA-256.
fn accounts_by_sha(
    db: &Path,
) -> Result<BTreeMap<String, Vec<Account>>, Box<dyn std::error::Error>> {
    let store = SqliteStore::open(db)?;
    let mut out = BTreeMap::new();
    for d in store.documents(None, 1_000_000)? {
        let accounts = store
            .current_accounts(&AccountFilter {
                document_id: Some(d.id),
                ..AccountFilter::default()
            })?
            .into_iter()
            .map(|a| a.account)
            .collect();
        if out.insert(d.sha256.clone(), accounts).is_some() {
            return Err(format!("document {} stored twice", d.sha256).into());
        }
    }
    Ok(out)
}

#[test]
fn ingesting_a_directory_twice_adds_nothing_the_second_time() -> TestResult {
    let dir = tempfile::tempdir()?;
    let root = dir.path().join("reports");
    write(&root.join("strike.txt"), STRIKE)?;
    write(
        &root.join("strike.meta.json"),
        r#"{"id":"strike-01","outlet":"Example Wire","published":"2017-03-20"}"#,
    )?;
    write(
        &root.join("north/shelling.txt"),
        "Shelling killed 7 people near the market.",
    )?;
    write(
        &root.join("feed.jsonl"),
        concat!(
            r#"{"id":"feed-1","text":"A car bomb killed 9 people in the square."}"#,
            "\n",
            r#"{"id":"feed-2","text":"Rescuers said 4 children died in the fire."}"#,
            "\n"
        ),
    )?;
    let o = toll(&["ingest", "reports", "--db", "t.db"], dir.path())?;
    assert_eq!(code(&o)?, 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("4 new documents, 0 duplicates, 0 failed; 5 accounts stored in t.db"),
        "{}",
        stderr(&o)
    );
    let db = dir.path().join("t.db");
    let first = accounts_by_sha(&db)?;
    let store = SqliteStore::open(&db)?;
    let counts = store.counts()?;
    assert_eq!((counts.documents, counts.accounts), (4, 5));
    let docs = store.documents(None, 100)?;
    let strike = docs
        .iter()
        .find(|d| d.meta.id == "strike-01")
        .ok_or("strike stored")?;
    assert_eq!(strike.meta.outlet.as_deref(), Some("Example Wire"));
    assert_eq!(strike.media_type, "text/plain");
    let stored = store.document(strike.id)?.ok_or("document")?;
    assert_eq!(stored.raw, STRIKE.as_bytes(), "raw bytes unchanged");
    let accounts = store.current_accounts(&AccountFilter {
        document_id: Some(strike.id),
        ..AccountFilter::default()
    })?;
    assert_eq!(accounts.len(), 2);
    assert_eq!(accounts[0].account.killed.and_then(|k| k.min), Some(12));
    assert_eq!(
        accounts[0].extractor_version,
        toll_extract::EXTRACTOR_VERSION
    );
    for a in &accounts {
        assert_eq!(a.account.span.slice(&stored.text), a.account.text);
    }
    let audit = store.audit_log(100)?;
    assert_eq!(audit.len(), 4);
    assert!(audit
        .iter()
        .all(|e| e.actor == "toll ingest" && e.action == "ingest"));
    drop(store);

    let o = toll(&["ingest", "reports", "--db", "t.db"], dir.path())?;
    assert_eq!(code(&o)?, 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("0 new documents, 4 duplicates, 0 failed; 0 accounts stored"),
        "{}",
        stderr(&o)
    );
    assert_eq!(accounts_by_sha(&db)?, first);
    let store = SqliteStore::open(&db)?;
    assert_eq!(store.counts()?, counts);
    assert_eq!(
        store.audit_log(100)?.len(),
        4,
        "a duplicate writes nothing, not even to the log"
    );
    Ok(())
}

fn warc_record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2023-06-01T12:00:00Z\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn http_html(body: &str) -> Vec<u8> {
    format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nServer: example\r\n\r\n{body}")
        .into_bytes()
}

fn gzip(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut e = GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data)?;
    e.finish()
}

const PAGE: &str = "<!DOCTYPE html><html><head><title>Blast at the bus station</title>\
<meta property=\"article:published_time\" content=\"2023-05-30T09:00:00Z\">\
<meta property=\"og:site_name\" content=\"Illustrative Daily\"></head><body>\
<nav><a href=\"/\">Home</a></nav><article><h1>Blast at the bus station</h1>\
<p>A car bomb exploded at the crowded bus station on Tuesday morning, killing 14 civilians and wounding 30 others, \
the provincial health office said.</p>\
<p>Witnesses said the explosion shattered windows across the square and set several minibuses on fire, \
while ambulances struggled through the morning traffic.</p></article>\
<footer>Illustrative Daily</footer></body></html>";

#[test]
fn html_and_warc_inputs_are_stored_with_their_accounts() -> TestResult {
    let dir = tempfile::tempdir()?;
    let root = dir.path().join("web");
    write(&root.join("bus-station.html"), PAGE)?;
    let ferry = http_html(
        "<html><head><title>Drone strike at the ferry landing</title></head><body>\
         <p>A drone strike hit the ferry landing on Sunday, killing 5 fishermen, residents said.</p></body></html>",
    );
    let mut per_record = Vec::new();
    for rec in [
        warc_record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: illustrative\r\n",
        ),
        warc_record(
            "request",
            "https://example.org/illustrative/ferry",
            "application/http; msgtype=request",
            b"GET / HTTP/1.1\r\n\r\n",
        ),
        warc_record(
            "response",
            "https://example.org/illustrative/ferry",
            "application/http; msgtype=response",
            &ferry,
        ),
        warc_record(
            "resource",
            "https://example.org/illustrative/note.txt",
            "text/plain",
            b"Gunmen killed 3 guards at the checkpoint.",
        ),
    ] {
        per_record.extend(gzip(&rec)?);
    }
    write(&root.join("crawl.warc.gz"), per_record)?;
    write(
        &root.join("plain.warc"),
        warc_record(
            "response",
            "https://example.org/illustrative/bridge",
            "application/http; msgtype=response",
            &http_html("<p>Shelling of the bridge killed 8 people on Friday.</p>"),
        ),
    )?;
    let o = toll(&["ingest", "web", "--db", "w.db"], dir.path())?;
    assert_eq!(code(&o)?, 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("4 new documents"), "{}", stderr(&o));
    let store = SqliteStore::open(&dir.path().join("w.db"))?;
    let docs = store.documents(None, 100)?;
    let summary: Vec<(&str, &str)> = docs
        .iter()
        .map(|d| (d.media_type.as_str(), d.source.as_str()))
        .collect();
    let page_source = Path::new("web")
        .join("bus-station.html")
        .display()
        .to_string();
    assert_eq!(
        summary,
        [
            ("text/html", page_source.as_str()),
            ("text/html", "https://example.org/illustrative/ferry"),
            ("text/plain", "https://example.org/illustrative/note.txt"),
            ("text/html", "https://example.org/illustrative/bridge"),
        ]
    );
    assert_eq!(
        docs[0].meta.title.as_deref(),
        Some("Blast at the bus station")
    );
    assert_eq!(docs[0].meta.published.as_deref(), Some("2023-05-30"));
    assert_eq!(docs[0].meta.outlet.as_deref(), Some("Illustrative Daily"));
    assert_eq!(docs[1].captured_at.as_deref(), Some("2023-06-01T12:00:00Z"));
    assert_eq!(
        docs[1].meta.url.as_deref(),
        Some("https://example.org/illustrative/ferry")
    );
    let killed: Vec<Option<u64>> = docs
        .iter()
        .map(|d| {
            store
                .current_accounts(&AccountFilter {
                    document_id: Some(d.id),
                    ..AccountFilter::default()
                })
                .map(|a| a.first().and_then(|a| a.account.killed).and_then(|k| k.min))
        })
        .collect::<Result<_, _>>()?;
    assert_eq!(killed, [Some(14), Some(5), Some(3), Some(8)]);
    // spans point into the stored extracted text, and raw bytes are the HTTP body without headers
    let ferry_doc = store.document(docs[1].id)?.ok_or("ferry")?;
    assert!(ferry_doc.raw.starts_with(b"<html>"));
    for d in &docs {
        let stored = store.document(d.id)?.ok_or("document")?;
        for a in store.current_accounts(&AccountFilter {
            document_id: Some(d.id),
            ..AccountFilter::default()
        })? {
            assert_eq!(a.account.span.slice(&stored.text), a.account.text);
        }
    }
    Ok(())
}

#[test]
fn bad_files_fail_alone_and_name_themselves() -> TestResult {
    let dir = tempfile::tempdir()?;
    let root = dir.path().join("mixed");
    write(
        &root.join("a-good.txt"),
        "Shelling killed 7 people near the market.",
    )?;
    // not gzip at all
    write(
        &root.join("b-junk.warc.gz"),
        (0..5000u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<u8>>(),
    )?;
    // a WARC cut inside its second record
    let mut warc = warc_record(
        "resource",
        "https://example.org/illustrative/one",
        "text/plain",
        b"Gunmen killed 3 guards.",
    );
    let second = warc_record(
        "resource",
        "https://example.org/illustrative/two",
        "text/plain",
        b"A car bomb killed 9 people.",
    );
    let second_at = warc.len();
    warc.extend_from_slice(&second[..second.len() - 12]);
    write(&root.join("c-cut.warc"), warc)?;
    // binary junk in an HTML file is read lossily (a warning), never a crash
    write(
        &root.join("d-binary.html"),
        [0u8, 0xff, 0x3c, 0x9f, 0x3e].repeat(2000),
    )?;
    write(
        &root.join("e-feed.jsonl"),
        "{\"text\":\"Gunmen killed 4 guards.\"}\n{oops\n",
    )?;
    write(
        &root.join("f-good.txt"),
        "A drone strike killed 5 fighters near the border.",
    )?;
    let o = toll(
        &["ingest", "mixed", "no/such/dir", "--db", "m.db"],
        dir.path(),
    )?;
    assert_eq!(code(&o)?, 1, "{}", stderr(&o));
    let err = stderr(&o);
    for expected in [
        "toll: error: no/such/dir: cannot read",
        "b-junk.warc.gz record at byte 0 (decompressed): archive is corrupt",
        &format!("c-cut.warc record at byte {second_at}: archive is truncated inside this record"),
        "e-feed.jsonl line 2: invalid JSON",
        "toll: warning: mixed/d-binary.html: invalid UTF-8",
        "5 new documents, 0 duplicates, 4 failed",
    ] {
        assert!(err.contains(expected), "stderr lacks {expected:?}:\n{err}");
    }
    let store = SqliteStore::open(&dir.path().join("m.db"))?;
    let keys: Vec<String> = store
        .documents(None, 100)?
        .into_iter()
        .map(|d| d.meta.id)
        .collect();
    assert!(
        keys.contains(&"a-good".to_string()) && keys.contains(&"f-good".to_string()),
        "{keys:?}"
    );
    assert_eq!(keys.len(), 5, "{keys:?}");
    Ok(())
}

#[test]
fn database_comes_from_flag_then_env_then_current_directory() -> TestResult {
    let dir = tempfile::tempdir()?;
    write(
        &dir.path().join("r.txt"),
        "Shelling killed 7 people near the market.",
    )?;
    let o = toll(&["ingest", "r.txt"], dir.path())?;
    assert_eq!(code(&o)?, 0, "{}", stderr(&o));
    assert!(dir.path().join("toll.db").exists(), "default ./toll.db");
    let o = Command::new(TOLL)
        .args(["ingest", "r.txt"])
        .current_dir(dir.path())
        .env("TOLL_DB", "from-env.db")
        .output()?;
    assert_eq!(code(&o)?, 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("1 new documents"),
        "a new database: {}",
        stderr(&o)
    );
    assert!(dir.path().join("from-env.db").exists());
    let o = Command::new(TOLL)
        .args(["ingest", "r.txt", "--db", "flag.db"])
        .current_dir(dir.path())
        .env("TOLL_DB", "from-env.db")
        .output()?;
    assert_eq!(code(&o)?, 0, "{}", stderr(&o));
    assert!(dir.path().join("flag.db").exists());
    Ok(())
}

#[test]
fn an_unusable_database_is_a_fatal_error_naming_it() -> TestResult {
    let dir = tempfile::tempdir()?;
    write(
        &dir.path().join("r.txt"),
        "Shelling killed 7 people near the market.",
    )?;
    write(&dir.path().join("junk.db"), vec![0x42u8; 8192])?;
    let o = toll(&["ingest", "r.txt", "--db", "junk.db"], dir.path())?;
    assert_eq!(code(&o)?, 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("database junk.db is damaged: file is not a database"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        fs::read(dir.path().join("junk.db"))?,
        vec![0x42u8; 8192],
        "left untouched"
    );
    Ok(())
}

/// Writes `n` small distinct reports.
fn generate_reports(root: &Path, n: usize) -> std::io::Result<()> {
    for i in 0..n {
        let text = format!(
            "Report {i} from the district\n\
             An air strike on the village killed at least {} civilians on Monday, local officials said.\n\
             The death toll later rose to {}, with {} wounded, the health office said.\n\
             Residents of block {i} said rescue teams worked through the night.\n",
            i % 40 + 2,
            i % 40 + 10,
            i % 25 + 3
        );
        write(&root.join(format!("r{:04}.txt", i)), text)?;
    }
    Ok(())
}

/// Waits until the database holds at least `n` documents (or the child ends); returns whether it does.
fn wait_for_documents(
    db: &Path,
    n: u64,
    child: &mut std::process::Child,
) -> Result<bool, Box<dyn std::error::Error>> {
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline {
        if child.try_wait()?.is_some() {
            return Ok(false);
        }
        if db.exists() {
            if let Ok(store) = SqliteStore::open(db) {
                if store.counts()?.documents >= n {
                    return Ok(true);
                }
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    Err("timed out waiting for documents".into())
}

#[test]
fn kill_9_mid_ingest_then_rerun_stores_every_document_once_with_its_accounts() -> TestResult {
    const N: usize = 300;
    let dir = tempfile::tempdir()?;
    generate_reports(&dir.path().join("batch"), N)?;
    let db = dir.path().join("killed.db");
    let mut interrupted = 0;
    for threshold in [1, N as u64 / 2] {
        let mut child = Command::new(TOLL)
            .args(["ingest", "batch", "--db", "killed.db"])
            .current_dir(dir.path())
            .env_remove("TOLL_DB")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        if wait_for_documents(&db, threshold, &mut child)? {
            child.kill()?; // SIGKILL
            interrupted += 1;
        }
        child.wait()?;
    }
    let o = toll(&["ingest", "batch", "--db", "killed.db"], dir.path())?;
    assert_eq!(code(&o)?, 0, "{}", stderr(&o));
    let o = toll(&["ingest", "batch", "--db", "clean.db"], dir.path())?;
    assert_eq!(code(&o)?, 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("{N} new documents")),
        "{}",
        stderr(&o)
    );

    let killed = accounts_by_sha(&db)?;
    let clean = accounts_by_sha(&dir.path().join("clean.db"))?;
    assert_eq!(clean.len(), N);
    assert_eq!(killed.len(), N, "every document present exactly once");
    for (sha, accounts) in &clean {
        assert!(!accounts.is_empty(), "each generated report has accounts");
        assert_eq!(
            killed.get(sha),
            Some(accounts),
            "document {sha} has all its accounts"
        );
    }
    let counts = SqliteStore::open(&db)?.counts()?;
    assert_eq!(
        counts.extraction_runs, N as u64,
        "one extraction run per document, no partial ones"
    );
    assert_eq!(counts.accounts, counts.accounts_all);
    eprintln!("kill -9 test: {interrupted} of 2 runs were killed mid-ingest");
    Ok(())
}

#[test]
fn generated_reports_ingest_into_one_incident_per_invented_event() -> TestResult {
    let dir = tempfile::tempdir()?;
    let o = toll(&["generate", "--reports", "150", "--seed", "5"], dir.path())?;
    assert_eq!(code(&o)?, 0, "{}", stderr(&o));
    let again = toll(&["generate", "--reports", "150", "--seed", "5"], dir.path())?;
    assert_eq!(
        o.stdout, again.stdout,
        "the same seed gives the same reports"
    );
    // "toll: generated 150 synthetic reports of N invented events in M invented towns"
    let err = stderr(&o);
    let events: u64 = err
        .split(" of ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| format!("no event count in {err:?}"))?;
    assert!((30..=150).contains(&events), "{err}");
    write(&dir.path().join("synth.jsonl"), &o.stdout)?;
    let o = toll(&["ingest", "synth.jsonl", "--db", "synth.db"], dir.path())?;
    assert_eq!(code(&o)?, 0, "{}", stderr(&o));
    let counts = SqliteStore::open(&dir.path().join("synth.db"))?.counts()?;
    assert_eq!(counts.documents, 150);
    // every invented town is read as an unknown place name, which links the reports of an event
    // and keeps the events apart
    assert_eq!(counts.incidents, events, "{}", stderr(&o));
    assert_eq!(counts.links, counts.accounts);
    Ok(())
}

#[test]
fn concurrent_ingests_link_each_account_once_and_leave_no_stale_summary() -> TestResult {
    let dir = tempfile::tempdir()?;
    let generated = toll(
        &["generate", "--reports", "600", "--seed", "11"],
        dir.path(),
    )?;
    assert!(generated.status.success(), "{}", stderr(&generated));
    let text = String::from_utf8(generated.stdout)?;
    let (mut odd, mut even) = (String::new(), String::new());
    for (i, line) in text.lines().enumerate() {
        let half = if i % 2 == 0 { &mut even } else { &mut odd };
        half.push_str(line);
        half.push('\n');
    }
    write(&dir.path().join("odd.jsonl"), odd)?;
    write(&dir.path().join("even.jsonl"), even)?;
    let start = |file: &str| {
        Command::new(TOLL)
            .args(["ingest", file, "--db", "cc.db"])
            .current_dir(dir.path())
            .env_remove("TOLL_LOG")
            .env_remove("TOLL_DB")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
    };
    let (a, b) = (start("odd.jsonl")?, start("even.jsonl")?);
    for child in [a, b] {
        let out = child.wait_with_output()?;
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let store = SqliteStore::open(&dir.path().join("cc.db"))?;
    let linked = store
        .accounts_for_linking()?
        .iter()
        .filter(|c| c.incident_id.is_some())
        .count();
    let incidents = store.incidents(&Default::default())?;
    let mut summed = 0;
    for i in &incidents {
        let members = store.incident_accounts(&i.id)?.len() as u64;
        assert_eq!(i.facts.accounts, members, "stale summary of {}", i.id);
        summed += members;
    }
    assert!(linked > 0);
    assert_eq!(summed, linked as u64);
    Ok(())
}

/// The stored record as `export` shows it, with the names a store gives in arrival order left
/// out: account and report ids are dropped, and an incident is named by its first member account
/// (report and span) instead of its id, whose letter suffix ("-a", "-b") counts the incidents of
/// one day in the order they were opened.
fn exported_record(
    dir: &Path,
    db: &str,
) -> Result<(Vec<String>, Vec<String>), Box<dyn std::error::Error>> {
    let export = |what: &str| -> Result<Vec<serde_json::Value>, Box<dyn std::error::Error>> {
        let o = toll(&["export", what, "--format", "jsonl", "--db", db], dir)?;
        assert!(o.status.success(), "{}", stderr(&o));
        let text = String::from_utf8(o.stdout)?;
        let mut rows = Vec::new();
        for line in text.lines() {
            rows.push(serde_json::from_str(line)?);
        }
        Ok(rows)
    };
    let mut accounts = export("accounts")?;
    let member = |a: &serde_json::Value| format!("{}@{}", a["doc"], a["span_start"]);
    let mut first_member: BTreeMap<String, String> = BTreeMap::new();
    for a in &accounts {
        if let Some(id) = a["incident"].as_str() {
            let m = member(a);
            let entry = first_member
                .entry(id.to_string())
                .or_insert_with(|| m.clone());
            if m < *entry {
                *entry = m;
            }
        }
    }
    let rename = |v: &mut serde_json::Value| {
        if let Some(name) = v.as_str().and_then(|id| first_member.get(id)) {
            *v = serde_json::Value::String(name.clone());
        }
    };
    let mut account_rows = Vec::new();
    for a in &mut accounts {
        if let Some(o) = a.as_object_mut() {
            o.remove("account_id");
            o.remove("document_id");
            if let Some(v) = o.get_mut("incident") {
                rename(v);
            }
        }
        account_rows.push(a.to_string());
    }
    account_rows.sort();
    let mut incident_rows = Vec::new();
    for mut i in export("incidents")? {
        if let Some(v) = i.get_mut("id") {
            rename(v);
        }
        incident_rows.push(i.to_string());
    }
    incident_rows.sort();
    Ok((account_rows, incident_rows))
}

#[test]
fn one_two_or_four_concurrent_ingests_store_the_same_record() -> TestResult {
    let dir = tempfile::tempdir()?;
    let generated = toll(
        &["generate", "--reports", "600", "--seed", "11"],
        dir.path(),
    )?;
    assert!(generated.status.success(), "{}", stderr(&generated));
    let text = String::from_utf8(generated.stdout)?;
    let lines: Vec<&str> = text.lines().collect();
    write(
        &dir.path().join("all.jsonl"),
        format!("{}\n", lines.join("\n")),
    )?;
    let sequential = toll(&["ingest", "all.jsonl", "--db", "one.db"], dir.path())?;
    assert_eq!(code(&sequential)?, 0, "{}", stderr(&sequential));
    let expected = exported_record(dir.path(), "one.db")?;
    assert!(!expected.0.is_empty() && !expected.1.is_empty());
    for processes in [2usize, 4] {
        let db = format!("c{processes}.db");
        let mut children = Vec::new();
        for k in 0..processes {
            let part: Vec<&str> = lines.iter().skip(k).step_by(processes).copied().collect();
            let file = format!("part{processes}-{k}.jsonl");
            write(&dir.path().join(&file), format!("{}\n", part.join("\n")))?;
            children.push(
                Command::new(TOLL)
                    .args(["ingest", &file, "--db", &db])
                    .current_dir(dir.path())
                    .env_remove("TOLL_LOG")
                    .env_remove("TOLL_DB")
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()?,
            );
        }
        for child in children {
            let out = child.wait_with_output()?;
            assert!(out.status.success(), "{}", stderr(&out));
        }
        let got = exported_record(dir.path(), &db)?;
        assert_eq!(
            got.0.len(),
            expected.0.len(),
            "{processes} processes: accounts"
        );
        assert!(
            got.0 == expected.0,
            "{processes} processes: the accounts differ from one ingest"
        );
        assert!(
            got.1 == expected.1,
            "{processes} processes: the incidents differ from one ingest"
        );
    }
    Ok(())
}
