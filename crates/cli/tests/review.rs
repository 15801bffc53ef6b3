//! Review decisions end to end: a reviewer confirms, rejects and edits accounts, moves one to a new
//! incident, merges two incidents, pins, grades and publishes one (`toll review`); then the same
//! reports and new ones are ingested again and every report is extracted again and re-linked, and
//! every decision is still there. The record is the bundled, invented examples.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use toll_store::{AccountFilter, AccountStatus, SqliteStore, Store};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const TOLL: &str = env!("CARGO_BIN_EXE_toll");
const HALVARO: &str = "IRQ-2024-03-07-a";
const DEMIR_GATE: &str = "IRQ-2024-03-07-b";

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

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn ingest(dir: &Path, reports: &Path) -> TestResult {
    let places = examples().join("places.tsv");
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

/// Runs `toll review …` as `by` with `reason`; returns the exit code and stdout.
fn review(dir: &Path, args: &[&str]) -> Result<(i32, String), Box<dyn std::error::Error>> {
    let mut all = vec!["review"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--db", "t.db"]);
    let out = toll(&all, dir)?;
    Ok((
        out.status.code().unwrap_or(-1),
        text(&out.stdout) + &text(&out.stderr),
    ))
}

fn decide(dir: &Path, args: &[&str]) -> TestResult {
    let (code, out) = review(dir, args)?;
    assert_eq!(code, 0, "toll review {args:?}: {out}");
    Ok(())
}

/// The six `.txt` reports of the examples (the JSONL round-up is the "new reports" later).
fn first_reports(dir: &Path) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let first = dir.join("first");
    std::fs::create_dir(&first)?;
    for entry in std::fs::read_dir(examples().join("reports"))? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.ends_with(".txt") || name.ends_with(".meta.json") {
            std::fs::copy(&path, first.join(name))?;
        }
    }
    Ok(first)
}

/// The account of document `doc` whose text contains `needle`.
fn account_id(store: &SqliteStore, needle: &str) -> Result<i64, Box<dyn std::error::Error>> {
    let all = store.current_accounts(&AccountFilter::default())?;
    Ok(all
        .iter()
        .find(|a| a.account.text.contains(needle))
        .ok_or_else(|| format!("no account says {needle:?}"))?
        .id)
}

/// Extracts every stored report again (as a newer extractor would) and links what is new.
fn reextract_everything(db: &Path) -> TestResult {
    let store = SqliteStore::open(db)?;
    let mut gazetteer = toll_geo::Gazetteer::bundled()?;
    gazetteer.add_user_places(&std::fs::read_to_string(examples().join("places.tsv"))?)?;
    for info in store.documents(None, 1000)? {
        toll_record::reextract_report(&store, &gazetteer, info.id)?;
    }
    Ok(())
}

#[test]
fn every_review_decision_outlasts_reingesting_and_reextracting() -> TestResult {
    let dir = tempfile::tempdir()?;
    let d = dir.path();
    ingest(d, &first_reports(d)?)?;
    let db = d.join("t.db");
    let (confirmed, rejected, edited, moved, demir, last_first_run) = {
        let store = SqliteStore::open(&db)?;
        let last = store
            .current_accounts(&AccountFilter::default())?
            .iter()
            .map(|a| a.id)
            .max()
            .unwrap_or(0);
        (
            account_id(&store, "An air strike hit the crowded Thursday market")?,
            account_id(&store, "The ministry's figure is higher")?,
            account_id(&store, "Halvaro death toll passes 30")?,
            account_id(&store, "No civilians were killed")?,
            account_id(&store, "Demir Gate")?,
            last,
        )
    };
    let (c, r, e, m) = (
        confirmed.to_string(),
        rejected.to_string(),
        edited.to_string(),
        moved.to_string(),
    );
    decide(
        d,
        &[
            "account",
            &c,
            "confirm",
            "--by",
            "ana",
            "--reason",
            "matches the report",
        ],
    )?;
    decide(
        d,
        &[
            "account",
            &r,
            "reject",
            "--by",
            "ana",
            "--reason",
            "compares figures, states none",
        ],
    )?;
    decide(
        d,
        &[
            "account",
            &e,
            "edit",
            "--killed",
            "30-35",
            "--claimed-by",
            "the health ministry",
            "--by",
            "ana",
            "--reason",
            "the report gives a range",
        ],
    )?;
    decide(
        d,
        &[
            "incident",
            HALVARO,
            "move",
            "--account",
            &m,
            "--new",
            "--by",
            "ana",
            "--reason",
            "a statement, not this strike",
        ],
    )?;
    decide(
        d,
        &[
            "incident",
            DEMIR_GATE,
            "merge",
            "--into",
            HALVARO,
            "--by",
            "ed",
            "--reason",
            "the same strike",
        ],
    )?;
    decide(
        d,
        &[
            "incident",
            HALVARO,
            "pin",
            "--date",
            "2024-03-06",
            "--place",
            "Halvaro market",
            "--lat",
            "36.21",
            "--lon",
            "43.91",
            "--country",
            "IQ",
            "--by",
            "ed",
            "--reason",
            "satellite imagery",
        ],
    )?;
    decide(
        d,
        &[
            "incident",
            HALVARO,
            "grade",
            "confirmed",
            "--by",
            "ed",
            "--reason",
            "the army admitted it",
        ],
    )?;
    decide(
        d,
        &[
            "incident", HALVARO, "publish", "--by", "ed", "--reason", "checked",
        ],
    )?;
    let moved_to = SqliteStore::open(&db)?
        .link_of_account(moved)?
        .ok_or("the moved account is linked")?;
    assert!(
        ![HALVARO, DEMIR_GATE].contains(&moved_to.as_str()),
        "{moved_to}"
    );

    // the same reports again, the new round-up, then every report extracted again and re-linked
    ingest(d, &examples().join("reports"))?;
    reextract_everything(&db)?;

    let store = SqliteStore::open(&db)?;
    let current: Vec<i64> = store
        .current_accounts(&AccountFilter::default())?
        .iter()
        .map(|a| a.id)
        .collect();
    let status = |id| -> Result<AccountStatus, Box<dyn std::error::Error>> {
        Ok(store.account(id)?.ok_or("stored account")?.status)
    };
    assert_eq!(status(confirmed)?, AccountStatus::Confirmed);
    assert!(
        current.contains(&confirmed),
        "a confirmed account stays current"
    );
    assert_eq!(status(rejected)?, AccountStatus::Rejected);
    assert!(!current.contains(&rejected), "a rejected account stays out");
    let members: Vec<i64> = store
        .incident_accounts(HALVARO)?
        .iter()
        .map(|m| m.account.id)
        .collect();
    assert!(!members.contains(&rejected));
    assert!(members.contains(&edited) && members.contains(&confirmed));
    // the reviewer's version is what the record uses; the machine's is kept beside it
    let shown = store.account(edited)?.ok_or("edited account")?;
    assert_eq!(shown.status, AccountStatus::Edited);
    let killed = shown.account.killed.ok_or("edited figure")?;
    assert_eq!((killed.min, killed.max), (Some(30), Some(35)));
    assert_eq!(
        shown.account.claimed_by.as_deref(),
        Some("the health ministry")
    );
    let machine = store.machine_account(edited)?.ok_or("machine account")?;
    assert_eq!(machine.killed.and_then(|k| k.min), Some(31));
    // the moved account stays where the reviewer put it
    assert_eq!(
        store.link_of_account(moved)?.as_deref(),
        Some(moved_to.as_str())
    );
    // the merged incident redirects, its accounts stay with the survivor, and its id is never reused
    assert_eq!(store.incident(DEMIR_GATE)?, None);
    assert_eq!(
        store.resolve_incident(DEMIR_GATE)?.as_deref(),
        Some(HALVARO)
    );
    assert_eq!(store.link_of_account(demir)?.as_deref(), Some(HALVARO));
    // pinned date and place, grade and publication stay
    let halvaro = store.incident(HALVARO)?.ok_or("the survivor")?;
    assert_eq!(
        (
            halvaro.date.as_deref(),
            halvaro.place.as_deref(),
            halvaro.lat
        ),
        (Some("2024-03-06"), Some("Halvaro market"), Some(36.21))
    );
    assert_eq!(halvaro.facts.grade.as_deref(), Some("confirmed"));
    let summary = toll_record::stored_incident(&store, &halvaro)?;
    assert_eq!(
        summary.reconciled.grade_reason,
        "set by a reviewer: the army admitted it"
    );
    assert!(store.incident_review(HALVARO)?.published);
    // the new reports were stored, and every report was extracted again
    assert_eq!(store.counts()?.documents, 8);
    let rerun = store
        .current_accounts(&AccountFilter::default())?
        .into_iter()
        .filter(|a| a.id > last_first_run)
        .count();
    assert!(
        rerun > 0,
        "new accounts from the new reports and the re-extraction"
    );
    // the API's lookup of the merged id gives the survivor's page
    let page = toll_record::page::incident_detail_json(&store, DEMIR_GATE)?.ok_or("a page")?;
    let page: serde_json::Value = serde_json::from_str(&page)?;
    assert_eq!(page["id"], HALVARO, "{page}");
    let viewed = toll_record::page::incident_detail_viewed(&store, DEMIR_GATE)?;
    assert!(viewed.is_some());
    drop(store);

    // the record checks clean, the chain verifies, and the merged id shows the survivor with its history
    let check = toll(&["check", "--db", "t.db"], d)?;
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
    let verify = toll(&["audit", "verify", "--db", "t.db"], d)?;
    assert_eq!(verify.status.code(), Some(0), "{}", text(&verify.stdout));
    let show = toll(&["show", DEMIR_GATE, "--db", "t.db"], d)?;
    assert_eq!(show.status.code(), Some(0), "{}", text(&show.stderr));
    let page = text(&show.stdout);
    assert!(page.starts_with(&format!("Incident {HALVARO}")), "{page}");
    for action in [
        "review.incident.merge",
        "review.incident.pin",
        "review.incident.grade",
        "review.incident.publish",
        "review.account.edit",
        "why: the army admitted it",
    ] {
        assert!(page.contains(action), "history lacks {action}: {page}");
    }
    assert!(text(&show.stderr).contains("was merged into"));
    Ok(())
}

#[test]
fn a_decision_on_a_changed_incident_is_refused_and_changes_nothing() -> TestResult {
    let dir = tempfile::tempdir()?;
    let d = dir.path();
    ingest(d, &examples().join("reports"))?;
    let db = d.join("t.db");
    let seen = SqliteStore::open(&db)?
        .incident_version(HALVARO)?
        .ok_or("stored incident")?;
    let v = seen.to_string();
    decide(
        d,
        &[
            "incident",
            HALVARO,
            "grade",
            "fair",
            "--version",
            &v,
            "--by",
            "ed",
            "--reason",
            "two sources",
        ],
    )?;
    let events = SqliteStore::open(&db)?.audit_log(1000)?.len();
    // a second reviewer decides on the page they loaded before the first decision
    let (code, out) = review(
        d,
        &[
            "incident",
            HALVARO,
            "publish",
            "--version",
            &v,
            "--by",
            "bo",
            "--reason",
            "looks fine",
        ],
    )?;
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("changed since you saw it"), "{out}");
    let store = SqliteStore::open(&db)?;
    assert!(!store.incident_review(HALVARO)?.published);
    assert_eq!(store.audit_log(1000)?.len(), events, "nothing was written");
    assert!(store.incident_version(HALVARO)? > Some(seen));
    // a decision without a reason is refused before anything is opened
    let (code, out) = review(d, &["incident", HALVARO, "publish", "--by", "bo"])?;
    assert_eq!(code, 2, "{out}");
    Ok(())
}

#[test]
fn an_audit_row_changed_with_sql_is_named_by_toll_audit_verify() -> TestResult {
    let dir = tempfile::tempdir()?;
    let d = dir.path();
    ingest(d, &examples().join("reports"))?;
    decide(
        d,
        &[
            "incident",
            HALVARO,
            "grade",
            "fair",
            "--by",
            "ed",
            "--reason",
            "two sources",
        ],
    )?;
    let verify = toll(&["audit", "verify", "--db", "t.db"], d)?;
    assert_eq!(verify.status.code(), Some(0), "{}", text(&verify.stdout));
    assert!(text(&verify.stdout).contains("intact"));
    let export = toll(&["audit", "export", "--db", "t.db"], d)?;
    let lines: Vec<serde_json::Value> = text(&export.stdout)
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    assert!(lines.len() >= 2);
    assert_eq!(lines[1]["prev_hash"], lines[0]["hash"]);
    let graded = lines
        .iter()
        .find(|l| l["action"] == "review.incident.grade")
        .ok_or("the grade event")?;
    assert_eq!(graded["reason"], "two sources");
    let id = graded["id"].as_i64().ok_or("id")?;
    let conn = rusqlite::Connection::open(d.join("t.db"))?;
    conn.execute_batch("DROP TRIGGER audit_log_no_update;")?;
    conn.execute(
        "UPDATE audit_log SET reason = 'no reason' WHERE id = ?1",
        [id],
    )?;
    drop(conn);
    let verify = toll(&["audit", "verify", "--db", "t.db"], d)?;
    assert_eq!(verify.status.code(), Some(1));
    assert!(
        text(&verify.stdout).contains(&format!("broken at event {id}")),
        "{}",
        text(&verify.stdout)
    );
    Ok(())
}

#[test]
fn a_split_moves_the_chosen_accounts_to_one_new_incident_and_outlasts_reextraction() -> TestResult {
    let dir = tempfile::tempdir()?;
    let d = dir.path();
    ingest(d, &examples().join("reports"))?;
    let db = d.join("t.db");
    let members: Vec<i64> = SqliteStore::open(&db)?
        .incident_accounts(HALVARO)?
        .iter()
        .map(|a| a.account.id)
        .collect();
    assert!(members.len() > 2, "{members:?}");
    let chosen = format!("{},{}", members[0], members[1]);
    let (code, out) = review(
        d,
        &[
            "incident",
            HALVARO,
            "split",
            "--accounts",
            &chosen,
            "--by",
            "ed",
            "--reason",
            "two strikes that morning",
        ],
    )?;
    assert_eq!(code, 0, "{out}");
    let store = SqliteStore::open(&db)?;
    let new_id = store
        .link_of_account(members[0])?
        .ok_or("the account is linked")?;
    assert_ne!(new_id, HALVARO);
    assert_eq!(
        store.link_of_account(members[1])?.as_deref(),
        Some(new_id.as_str())
    );
    assert!(
        out.contains(&new_id),
        "the new incident's version is printed: {out}"
    );
    let history = store.incident_history(HALVARO)?;
    assert!(history.iter().any(|e| e.action == "review.incident.split"));
    assert!(store
        .incident_history(&new_id)?
        .iter()
        .any(|e| e.action == "review.incident.split"));
    drop(store);
    // a split that would empty the incident is refused
    let all: Vec<String> = SqliteStore::open(&db)?
        .incident_accounts(&new_id)?
        .iter()
        .map(|a| a.account.id.to_string())
        .collect();
    let (code, out) = review(
        d,
        &[
            "incident",
            &new_id,
            "split",
            "--accounts",
            &all.join(","),
            "--by",
            "ed",
            "--reason",
            "r",
        ],
    )?;
    assert_eq!(code, 1, "{out}");
    // re-ingesting and re-extracting keep the split
    ingest(d, &examples().join("reports"))?;
    reextract_everything(&db)?;
    let store = SqliteStore::open(&db)?;
    assert_eq!(
        store.link_of_account(members[0])?.as_deref(),
        Some(new_id.as_str())
    );
    assert_eq!(
        store.link_of_account(members[1])?.as_deref(),
        Some(new_id.as_str())
    );
    Ok(())
}
