//! A report's language: detected, overridden by its metadata, stored, and a warning naming the file
//! and the language when Toll does not read it yet. Fixture texts are illustrative, written here.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const TOLL: &str = env!("CARGO_BIN_EXE_toll");

const FRENCH: &str =
    "Une frappe aérienne sur le marché de la ville a tué au moins douze civils lundi, \
selon les autorités locales, qui ont aussi fait état de dizaines de blessés.\n";
const ENGLISH: &str = "An air strike on the market in the town killed at least 12 civilians on Monday, \
local officials said, and dozens more were wounded. Residents said the market had been crowded with \
families buying food when the bombs fell, and that rescuers worked through the night.\n";
const LABELLED: &str = "Selon les habitants, le marché était bondé au moment de la frappe, et les \
secouristes ont travaillé toute la nuit pour dégager les décombres.\n";

fn toll(args: &[&str], cwd: &Path) -> Output {
    Command::new(TOLL)
        .args(args)
        .current_dir(cwd)
        .env_remove("TOLL_LOG")
        .output()
        .expect("the toll binary runs")
}

#[test]
fn a_report_in_an_unread_language_is_archived_with_a_warning_naming_file_and_language() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let reports = dir.path().join("reports");
    fs::create_dir_all(&reports).expect("reports folder");
    fs::write(reports.join("frappe.txt"), FRENCH).expect("fixture");
    fs::write(reports.join("strike.txt"), ENGLISH).expect("fixture");
    // a sidecar's `lang` wins over detection
    fs::write(reports.join("labelled.txt"), LABELLED).expect("fixture");
    fs::write(reports.join("labelled.meta.json"), r#"{"lang": "EN"}"#).expect("fixture");

    let analyzed = toll(&["analyze", "reports", "--format", "jsonl"], dir.path());
    assert!(analyzed.status.success(), "{analyzed:?}");
    let err = String::from_utf8_lossy(&analyzed.stderr);
    let warnings: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("does not read"))
        .collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(warnings[0].contains("frappe.txt"), "{err}");
    assert!(warnings[0].contains("French (fr)"), "{err}");

    let ingested = toll(&["ingest", "reports", "--db", "t.db"], dir.path());
    assert!(ingested.status.success(), "{ingested:?}");
    assert!(String::from_utf8_lossy(&ingested.stderr).contains("French (fr)"));
    let exported = toll(
        &["export", "documents", "--format", "jsonl", "--db", "t.db"],
        dir.path(),
    );
    assert!(exported.status.success(), "{exported:?}");
    let text = String::from_utf8_lossy(&exported.stdout);
    let mut langs: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|d| {
            let key = d["doc"]
                .as_str()
                .or(d["key"].as_str())
                .or(d["id"].as_str())
                .unwrap_or_default()
                .to_string();
            let lang = d["lang"]
                .as_str()
                .or(d["meta"]["lang"].as_str())
                .unwrap_or_default()
                .to_string();
            (key, lang)
        })
        .collect();
    langs.sort();
    assert_eq!(
        langs,
        vec![
            ("frappe".to_string(), "fr".to_string()),
            ("labelled".to_string(), "en".to_string()),
            ("strike".to_string(), "en".to_string()),
        ],
        "{text}"
    );
}
