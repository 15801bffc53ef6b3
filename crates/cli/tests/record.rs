//! End-to-end tests of the record: `toll ingest` links what it stores, `toll incidents`, `toll show`
//! and `toll export` read it back. Every report here is invented text written for these tests.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const TOLL: &str = env!("CARGO_BIN_EXE_toll");

/// Three invented reports of one strike (two of them undated in their text), and one of another.
const REPORTS: &[(&str, &str, &str)] = &[
    (
        "a",
        r#"{"id": "a", "outlet": "First Outlet", "published": "2024-05-07"}"#,
        "Strike hits Kelmara bakery\nAn air strike on a bakery in Kelmara killed 14 civilians on Monday, \
         the district health office said.\n",
    ),
    (
        "b",
        r#"{"id": "b", "outlet": "Second Outlet", "published": "2024-05-08"}"#,
        "Kelmara toll rises\nThe toll from Monday's air strike on the Kelmara bakery rose to 19, \
         hospital staff said. The army said no civilians were killed and blamed a car bomb.\n",
    ),
    (
        "c",
        r#"{"id": "c", "outlet": "Third Outlet"}"#,
        "Families bury the dead of Kelmara\nResidents of Kelmara said 21 people died when the bakery \
         was hit.\n",
    ),
    (
        "d",
        r#"{"id": "d", "outlet": "First Outlet", "published": "2024-09-02"}"#,
        "Shelling in Dovran\nShelling killed three people in Dovran on Sunday, officials said.\n",
    ),
];

const PLACES: &str = "Kelmara\t\t36.10\t44.20\tIQ\nDovran\t\t35.20\t45.80\tIQ\n";

fn toll(args: &[&str], cwd: &Path) -> std::io::Result<Output> {
    Command::new(TOLL)
        .args(args)
        .current_dir(cwd)
        .env_remove("TOLL_LOG")
        .env_remove("TOLL_DB")
        .output()
}

fn setup() -> Result<tempfile::TempDir, Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    fs::create_dir_all(dir.path().join("reports"))?;
    for (name, meta, text) in REPORTS {
        fs::write(dir.path().join(format!("reports/{name}.txt")), text)?;
        fs::write(dir.path().join(format!("reports/{name}.meta.json")), meta)?;
    }
    fs::write(dir.path().join("places.tsv"), PLACES)?;
    Ok(dir)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn ingest(dir: &Path, paths: &[&str]) -> Result<Output, Box<dyn std::error::Error>> {
    let mut args = vec!["ingest", "--db", "t.db", "--places", "places.tsv"];
    args.extend_from_slice(paths);
    let o = toll(&args, dir)?;
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    Ok(o)
}

#[test]
fn ingest_links_reports_into_incidents_incrementally() -> TestResult {
    let dir = setup()?;
    // first one report, then the rest: the later ones join the incident the first opened
    ingest(dir.path(), &["reports/a.txt"])?;
    ingest(dir.path(), &["reports"])?;
    let list = toll(
        &["incidents", "--db", "t.db", "--format", "jsonl"],
        dir.path(),
    )?;
    assert_eq!(list.status.code(), Some(0));
    let incidents: Vec<serde_json::Value> = stdout(&list)
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    assert_eq!(incidents.len(), 2, "{}", stdout(&list));
    let bakery = incidents
        .iter()
        .find(|i| i["id"] == "IRQ-2024-05-06-a")
        .ok_or("no bakery incident")?;
    assert_eq!(bakery["documents"], serde_json::json!(["a", "b", "c"]));
    let killed = &bakery["reconciled"]["killed"];
    assert_eq!(killed["high"], 21);
    assert_eq!(killed["low"], 19);
    assert_eq!(bakery["reconciled"]["sources"], 3);
    assert_eq!(bakery["reconciled"]["grade"], "contested");
    let kinds: Vec<&str> = bakery["reconciled"]["contradictions"]
        .as_array()
        .ok_or("no contradictions")?
        .iter()
        .filter_map(|c| c["kind"].as_str())
        .collect();
    assert!(kinds.contains(&"denial"), "{kinds:?}");
    assert!(kinds.contains(&"figures"), "{kinds:?}");
    assert!(kinds.contains(&"cause"), "{kinds:?}");

    // every incident's page is stored, current, and the page the server would build now
    {
        use toll_store::Store;
        let store = toll_store::SqliteStore::open(&dir.path().join("t.db"))?;
        let version = toll_server::view::VIEW_VERSION;
        assert!(store.incidents_without_view(version)?.is_empty());
        for i in &incidents {
            let id = i["id"].as_str().ok_or("an id")?;
            let stored: serde_json::Value =
                serde_json::from_str(&store.incident_view(id, version)?.ok_or("a stored page")?)?;
            let built = toll_server::view::incident_detail(&store, id)?.ok_or("an incident")?;
            assert_eq!(stored, serde_json::to_value(&built)?, "{id}");
        }
    }

    // filters
    let none = toll(
        &["incidents", "--db", "t.db", "--country", "SY"],
        dir.path(),
    )?;
    assert!(!stdout(&none).contains("IRQ-"));
    let later = toll(
        &["incidents", "--db", "t.db", "--from", "2024-06-01"],
        dir.path(),
    )?;
    assert!(stdout(&later).contains("IRQ-2024-09-01-a"));
    assert!(!stdout(&later).contains("IRQ-2024-05-06-a"));
    let bad = toll(&["incidents", "--db", "t.db", "--from", "May"], dir.path())?;
    assert_eq!(bad.status.code(), Some(2));
    Ok(())
}

#[test]
fn show_prints_figures_grade_contradictions_and_sources() -> TestResult {
    let dir = setup()?;
    ingest(dir.path(), &["reports"])?;
    let o = toll(&["show", "IRQ-2024-05-06-a", "--db", "t.db"], dir.path())?;
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    for needle in [
        "killed  low 19 · best 19 · high 21",
        "grade  contested",
        "[denial]",
        "hospital staff",
        "\"Residents of Kelmara said 21 people died when the bakery was hit.\"",
    ] {
        assert!(text.contains(needle), "{needle:?} missing in\n{text}");
    }
    let missing = toll(&["show", "IRQ-1999-01-01-a", "--db", "t.db"], dir.path())?;
    assert_eq!(missing.status.code(), Some(1));
    let no_db = toll(&["show", "IRQ-2024-05-06-a", "--db", "nope.db"], dir.path())?;
    assert_eq!(no_db.status.code(), Some(2));
    assert!(
        !dir.path().join("nope.db").exists(),
        "show must not create a database"
    );
    Ok(())
}

#[test]
fn exports_in_every_format() -> TestResult {
    let dir = setup()?;
    ingest(dir.path(), &["reports"])?;
    let csv = toll(
        &["export", "incidents", "--format", "csv", "--db", "t.db"],
        dir.path(),
    )?;
    let text = stdout(&csv);
    let header = text.lines().next().ok_or("empty csv")?;
    for column in [
        "best",
        "low",
        "high",
        "date_prec",
        "where_prec",
        "latitude",
        "longitude",
    ] {
        assert!(
            header.split(',').any(|c| c == column),
            "{column} missing: {header}"
        );
    }
    assert!(header.contains("number_of_sources"));
    assert_eq!(text.lines().count(), 3);

    let geo = toll(
        &["export", "accounts", "--format", "geojson", "--db", "t.db"],
        dir.path(),
    )?;
    let value: serde_json::Value = serde_json::from_str(&stdout(&geo))?;
    let features = value["features"].as_array().ok_or("no features")?;
    assert!(!features.is_empty());
    // the undated report's accounts carry the incident's date, and say so
    let from_c: Vec<&serde_json::Value> = features
        .iter()
        .filter(|f| f["properties"]["doc"] == "c")
        .collect();
    assert!(!from_c.is_empty());
    for f in from_c {
        assert_eq!(f["properties"]["date"], "2024-05-06");
        assert_eq!(f["properties"]["date_basis"], "incident");
    }

    let docs = toll(
        &["export", "documents", "--format", "jsonl", "--db", "t.db"],
        dir.path(),
    )?;
    assert_eq!(stdout(&docs).lines().count(), 4);
    let no_geo = toll(
        &["export", "documents", "--format", "geojson", "--db", "t.db"],
        dir.path(),
    )?;
    assert_eq!(no_geo.status.code(), Some(2));
    Ok(())
}

/// The fields a user sees of an account, from an `analyze` line or an `export accounts` row.
fn seen(row: &serde_json::Value) -> String {
    let span = match row.get("span") {
        Some(s) => s.clone(),
        None => serde_json::json!([row["span_start"], row["span_end"]]),
    };
    let range = |kind: &str| match row.get(kind) {
        Some(r) if r.is_object() || r.is_null() => {
            serde_json::json!([r.get("min"), r.get("max")])
        }
        _ => serde_json::json!([row[format!("{kind}_min")], row[format!("{kind}_max")]]),
    };
    let lat = row.get("lat").or_else(|| row.get("latitude"));
    let lon = row.get("lon").or_else(|| row.get("longitude"));
    serde_json::json!([
        row["doc"],
        span,
        range("killed"),
        range("injured"),
        row["victims"],
        row["scope"],
        row["incident"],
        row["date"],
        row["date_prec"],
        lat,
        lon,
        row["blamed"],
        row["claimed_by"]
    ])
    .to_string()
}

#[test]
fn analyze_shows_what_the_stored_record_shows() -> TestResult {
    let dir = setup()?;
    let analyzed = toll(
        &[
            "analyze",
            "reports",
            "--places",
            "places.tsv",
            "--format",
            "jsonl",
        ],
        dir.path(),
    )?;
    assert!(analyzed.status.success());
    let ingested = toll(
        &[
            "ingest",
            "reports",
            "--places",
            "places.tsv",
            "--db",
            "r.db",
        ],
        dir.path(),
    )?;
    assert!(ingested.status.success());
    let exported = toll(
        &["export", "accounts", "--format", "jsonl", "--db", "r.db"],
        dir.path(),
    )?;
    assert!(exported.status.success());
    let lines = |out: &[u8]| -> Result<Vec<String>, serde_json::Error> {
        let mut rows = String::from_utf8_lossy(out)
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str::<serde_json::Value>(l).map(|v| seen(&v)))
            .collect::<Result<Vec<_>, _>>()?;
        rows.sort();
        Ok(rows)
    };
    let (a, s) = (lines(&analyzed.stdout)?, lines(&exported.stdout)?);
    assert_eq!(a.len(), 5, "{a:#?}");
    assert_eq!(a, s);
    // the undated report's account carries the date its incident decided, in both paths
    let undated = a
        .iter()
        .find(|r| r.starts_with("[\"c\""))
        .ok_or("no account of report c")?;
    assert!(undated.contains("\"2024-05-06\""), "{undated}");
    Ok(())
}

#[test]
fn syndicated_copies_join_the_incidents_of_their_original() -> TestResult {
    let dir = setup()?;
    // the same reports carried by other outlets under new ids (no publication date of their own)
    let mut feed = String::new();
    for copy in 0..3 {
        for (name, _, text) in REPORTS {
            let line = serde_json::json!({
                "id": format!("{name}-copy{copy}"),
                "outlet": format!("Outlet {copy}"),
                "text": text,
            });
            feed.push_str(&line.to_string());
            feed.push('\n');
        }
    }
    fs::write(dir.path().join("copies.jsonl"), feed)?;
    let once = toll(
        &[
            "ingest",
            "reports",
            "--places",
            "places.tsv",
            "--db",
            "once.db",
        ],
        dir.path(),
    )?;
    assert!(once.status.success());
    let all = toll(
        &[
            "ingest",
            "reports",
            "copies.jsonl",
            "--places",
            "places.tsv",
            "--db",
            "all.db",
        ],
        dir.path(),
    )?;
    assert!(
        all.status.success(),
        "{}",
        String::from_utf8_lossy(&all.stderr)
    );
    let count = |db: &str| -> Result<usize, Box<dyn std::error::Error>> {
        let out = toll(&["incidents", "--db", db, "--format", "jsonl"], dir.path())?;
        Ok(stdout(&out)
            .lines()
            .filter(|l| !l.trim().is_empty())
            .count())
    };
    assert_eq!(count("once.db")?, 2);
    assert_eq!(count("all.db")?, 2, "copies opened incidents of their own");
    Ok(())
}

#[test]
fn an_empty_file_is_not_a_database_and_stays_empty() -> TestResult {
    let dir = setup()?;
    fs::write(dir.path().join("empty.db"), "")?;
    for args in [
        &["incidents", "--db", "empty.db"][..],
        &["export", "accounts", "--db", "empty.db"][..],
        &["show", "IRQ-2024-05-06-a", "--db", "empty.db"][..],
    ] {
        let out = toll(args, dir.path())?;
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("empty.db: empty file, not a Toll database"),
            "{err}"
        );
    }
    // nothing was written into it
    assert_eq!(fs::metadata(dir.path().join("empty.db"))?.len(), 0);
    Ok(())
}
