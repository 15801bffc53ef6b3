//! Arabic, Ukrainian and Russian reports read through their gloss files: figures, spans on the
//! reports' own words, and dates. The reports are illustrative, written for this test.

use std::fs;
use std::path::Path;
use std::process::Command;

const TOLL: &str = env!("CARGO_BIN_EXE_toll");

/// Illustrative Arabic report: Arabic-Indic digits, attached prefixes, a qualifier, a date.
const ARABIC: &str = "قال مسؤولون محليون إن غارة جوية على سوق في البلدة يوم الاثنين ١٢ مارس ٢٠١٨ \
أسفرت عن مقتل ما لا يقل عن ١٥ مدنياً وإصابة ٢٠ آخرين.\n";

/// Illustrative Ukrainian report: an inflected verb first, a qualifier, a numeral in words.
const UKRAINIAN: &str = "Ракетний удар по місту 14 липня 2023 року: загинули щонайменше 12 людей, \
повідомив голова області.\nВчора ввечері внаслідок обстрілу села загинули двоє дітей.\n";

/// Illustrative Russian report: a qualifier, a numeral in words, killed and injured together.
const RUSSIAN: &str = "По меньшей мере семь мирных жителей погибли и 15 ранены в результате \
ракетного удара 3 марта 2022 года, сообщил глава администрации.\n";

/// Writes `text` as report `name` with a sidecar naming its language and publication date, and
/// returns the accounts `toll analyze` finds in it.
fn accounts_of(
    dir: &Path,
    name: &str,
    lang: &str,
    published: &str,
    text: &str,
) -> Vec<serde_json::Value> {
    let reports = dir.join(name);
    fs::create_dir_all(&reports).expect("reports folder");
    fs::write(reports.join(format!("{name}.txt")), text).expect("fixture");
    fs::write(
        reports.join(format!("{name}.meta.json")),
        format!(r#"{{"lang": "{lang}", "published": "{published}"}}"#),
    )
    .expect("fixture");
    let analyzed = Command::new(TOLL)
        .args(["analyze", name, "--format", "jsonl"])
        .current_dir(dir)
        .env_remove("TOLL_LOG")
        .output()
        .expect("the toll binary runs");
    assert!(analyzed.status.success(), "{analyzed:?}");
    let err = String::from_utf8_lossy(&analyzed.stderr);
    assert!(!err.contains("does not read"), "{err}");
    String::from_utf8_lossy(&analyzed.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .collect()
}

/// The report's words under an account's span.
fn span_text<'t>(text: &'t str, account: &serde_json::Value) -> &'t str {
    let start = account["span"][0].as_u64().expect("span start") as usize;
    let end = account["span"][1].as_u64().expect("span end") as usize;
    text.get(start..end)
        .expect("the span falls on the report's characters")
}

/// `(min, max)` of an account's killed or injured range.
fn range(account: &serde_json::Value, field: &str) -> Option<(Option<u64>, Option<u64>)> {
    let r = account.get(field).filter(|r| !r.is_null())?;
    Some((r["min"].as_u64(), r["max"].as_u64()))
}

#[test]
fn an_arabic_report_is_read_with_its_digits_prefixes_and_date() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let found = accounts_of(dir.path(), "ghara", "ar", "2018-03-13", ARABIC);
    assert_eq!(found.len(), 1, "{found:?}");
    let a = &found[0];
    assert_eq!(range(a, "killed"), Some((Some(15), None)), "{a}");
    assert_eq!(range(a, "injured"), Some((Some(20), Some(20))), "{a}");
    assert_eq!(a["victims"], "civilians", "{a}");
    assert_eq!(a["date"], "2018-03-12", "{a}");
    // the span is on the report's own words, digits and all
    let words = span_text(ARABIC, a);
    assert!(words.contains("ما لا يقل عن ١٥ مدنياً"), "{words}");
    assert!(words.contains("وإصابة ٢٠"), "{words}");
}

#[test]
fn a_ukrainian_report_is_read_with_its_inflections_numerals_and_dates() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let found = accounts_of(dir.path(), "udar", "uk", "2023-07-15", UKRAINIAN);
    assert_eq!(found.len(), 2, "{found:?}");
    let first = &found[0];
    assert_eq!(range(first, "killed"), Some((Some(12), None)), "{first}");
    assert_eq!(first["date"], "2023-07-14", "{first}");
    assert!(span_text(UKRAINIAN, first).contains("загинули щонайменше 12 людей"));
    let second = &found[1];
    assert_eq!(
        range(second, "killed"),
        Some((Some(2), Some(2))),
        "{second}"
    );
    assert_eq!(second["victims"], "civilians", "{second}");
    // "yesterday", from the publication date
    assert_eq!(second["date"], "2023-07-14", "{second}");
    assert!(span_text(UKRAINIAN, second).contains("загинули двоє дітей"));
}

#[test]
fn a_russian_report_is_read_with_killed_and_injured_and_its_date() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let found = accounts_of(dir.path(), "obstrel", "ru", "2022-03-04", RUSSIAN);
    assert_eq!(found.len(), 1, "{found:?}");
    let a = &found[0];
    assert_eq!(range(a, "killed"), Some((Some(7), None)), "{a}");
    assert_eq!(range(a, "injured"), Some((Some(15), Some(15))), "{a}");
    assert_eq!(a["victims"], "civilians", "{a}");
    assert_eq!(a["date"], "2022-03-03", "{a}");
    let words = span_text(RUSSIAN, a);
    assert!(
        words.starts_with("По меньшей мере семь мирных жителей погибли"),
        "{words}"
    );
}
