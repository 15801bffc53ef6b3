//! `toll review queue` end to end on the bundled, invented examples: every kind is found with its
//! reason, most useful kinds first; filters by country, dates, kind and reviewer narrow it; and a
//! reviewer's decision takes what it settles off the queue.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const TOLL: &str = env!("CARGO_BIN_EXE_toll");
const DEMIR_GATE: &str = "IRQ-2024-03-07-b";

fn toll(args: &[&str], cwd: &Path) -> std::io::Result<Output> {
    Command::new(TOLL)
        .args(args)
        .current_dir(cwd)
        .env_remove("TOLL_LOG")
        .env_remove("TOLL_DB")
        .output()
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `toll review queue --json` with `args`.
fn queue(dir: &Path, args: &[&str]) -> Result<Value, Box<dyn std::error::Error>> {
    let mut all = vec!["review", "queue", "--json", "--db", "t.db"];
    all.extend_from_slice(args);
    let out = toll(&all, dir)?;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    Ok(serde_json::from_str(&text(&out.stdout))?)
}

fn count(q: &Value, kind: &str) -> u64 {
    q["counts"][kind].as_u64().unwrap_or(u64::MAX)
}

fn total(q: &Value) -> u64 {
    ["contradiction", "uncertain_link", "hedged", "new"]
        .iter()
        .map(|k| count(q, k))
        .sum()
}

#[test]
fn the_queue_names_why_filters_and_shrinks_with_decisions() -> TestResult {
    let dir = tempfile::tempdir()?;
    let d = dir.path();
    let out = toll(
        &[
            "ingest",
            examples().join("reports").to_str().ok_or("path")?,
            "--places",
            examples().join("places.tsv").to_str().ok_or("path")?,
            "--db",
            "t.db",
        ],
        d,
    )?;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    let all = queue(d, &["--limit", "500"])?;
    // the examples hold every kind: two incidents that disagree, a hedged monitor, a looser link
    for kind in ["contradiction", "uncertain_link", "hedged", "new"] {
        assert!(count(&all, kind) >= 1, "{kind}: {all}");
    }
    let items = all["items"].as_array().ok_or("items")?;
    assert_eq!(items.len() as u64, total(&all), "every item listed");
    // most useful kinds first, each item with its reason
    let order = ["contradiction", "uncertain_link", "hedged", "new"];
    let ranks: Vec<usize> = items
        .iter()
        .map(|i| order.iter().position(|k| i["kind"] == *k).unwrap_or(9))
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    for i in items {
        assert!(i["reason"].as_str().is_some_and(|r| r.len() > 10), "{i}");
    }
    // hedged accounts name the extractor's hedge word
    assert!(
        items.iter().any(|i| i["kind"] == "hedged"
            && i["reason"].as_str().is_some_and(|r| r.contains("\"may\""))),
        "{all}"
    );
    // account kinds point at the account and its report
    assert!(items
        .iter()
        .filter(|i| i["kind"] == "hedged" || i["kind"] == "uncertain_link")
        .all(|i| i["account"].is_i64() && i["report"].is_i64() && i["text"].is_string()));

    // filters
    assert_eq!(total(&queue(d, &["--country", "SY"])?), 0);
    assert_eq!(total(&queue(d, &["--country", "IQ"])?), total(&all));
    assert_eq!(total(&queue(d, &["--since", "2024-03-08"])?), 0);
    assert_eq!(total(&queue(d, &["--until", "2024-03-06"])?), 0);
    assert_eq!(
        total(&queue(
            d,
            &["--since", "2024-03-07", "--until", "2024-03-07"]
        )?),
        total(&all)
    );
    let hedged = queue(d, &["--kind", "hedged", "--limit", "2"])?;
    let h = hedged["items"].as_array().ok_or("items")?;
    assert_eq!(h.len(), 2);
    assert!(h.iter().all(|i| i["kind"] == "hedged"));
    assert_eq!(
        total(&queue(d, &["--reviewer", "rana"])?),
        0,
        "rana decided nothing yet"
    );

    // a grade settles the Demir Gate contradiction and makes it reviewed (no longer new)
    let out = toll(
        &[
            "review",
            "incident",
            DEMIR_GATE,
            "grade",
            "weak",
            "--by",
            "rana",
            "--reason",
            "one border official against the local hospital",
            "--db",
            "t.db",
        ],
        d,
    )?;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let after = queue(d, &["--limit", "500"])?;
    assert_eq!(
        count(&after, "contradiction"),
        count(&all, "contradiction") - 1
    );
    assert_eq!(count(&after, "new"), count(&all, "new") - 1);
    assert!(after["items"]
        .as_array()
        .ok_or("items")?
        .iter()
        .all(|i| !(i["incident"] == DEMIR_GATE
            && (i["kind"] == "contradiction" || i["kind"] == "new"))));
    // rana's follow-ups: only the incident she decided on
    let rana = queue(d, &["--reviewer", "rana", "--limit", "500"])?;
    let r = rana["items"].as_array().ok_or("items")?;
    assert!(!r.is_empty(), "{rana}");
    assert!(r.iter().all(|i| i["incident"] == DEMIR_GATE), "{rana}");
    assert_eq!(count(&rana, "new"), 0);

    // confirming a hedged account takes it off the queue
    let first_hedged = after["items"]
        .as_array()
        .ok_or("items")?
        .iter()
        .find(|i| i["kind"] == "hedged")
        .and_then(|i| i["account"].as_i64())
        .ok_or("a hedged account")?;
    let id = first_hedged.to_string();
    let out = toll(
        &[
            "review",
            "account",
            &id,
            "confirm",
            "--by",
            "rana",
            "--reason",
            "the report says so",
            "--db",
            "t.db",
        ],
        d,
    )?;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let last = queue(d, &["--limit", "500"])?;
    assert_eq!(count(&last, "hedged"), count(&after, "hedged") - 1);

    // the table names each item's reason; bad filters are refused by name
    let out = toll(&["review", "queue", "--db", "t.db"], d)?;
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("why: "), "{}", text(&out.stdout));
    for (flag, value) in [
        ("--since", "2024-13-01"),
        ("--country", "iraq"),
        ("--kind", "later"),
    ] {
        let out = toll(&["review", "queue", flag, value, "--db", "t.db"], d)?;
        assert_eq!(out.status.code(), Some(2), "{flag}");
        assert!(
            text(&out.stderr).contains(&flag[2..]),
            "{}",
            text(&out.stderr)
        );
    }
    Ok(())
}
