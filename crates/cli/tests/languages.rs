//! A report's language: detected, overridden by its metadata, stored, and a warning naming the file
//! and the language when Toll does not read it yet; reports in each glossed language read with their
//! figures, spans on their own words, dates and places. Fixture texts are illustrative, written here.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const TOLL: &str = env!("CARGO_BIN_EXE_toll");

const FRENCH: &str =
    "Une frappe aérienne sur le marché de la ville a tué au moins douze civils lundi, \
selon les autorités locales, qui ont aussi fait état de dizaines de blessés.\n";
const PORTUGUESE: &str =
    "Um ataque aéreo contra o mercado da cidade matou pelo menos doze civis na segunda-feira, \
segundo as autoridades locais, que também relataram dezenas de feridos levados ao hospital.\n";
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
    fs::write(reports.join("ataque.txt"), PORTUGUESE).expect("fixture");
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
    // French is read (through its gloss file); Portuguese is not yet
    assert!(warnings[0].contains("ataque.txt"), "{err}");
    assert!(warnings[0].contains("Portuguese (pt)"), "{err}");

    let ingested = toll(&["ingest", "reports", "--db", "t.db"], dir.path());
    assert!(ingested.status.success(), "{ingested:?}");
    let err = String::from_utf8_lossy(&ingested.stderr);
    assert!(err.contains("Portuguese (pt)"), "{err}");
    assert!(!err.contains("French (fr)"), "{err}");
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
            ("ataque".to_string(), "pt".to_string()),
            ("frappe".to_string(), "fr".to_string()),
            ("labelled".to_string(), "en".to_string()),
            ("strike".to_string(), "en".to_string()),
        ],
        "{text}"
    );
}

/// Illustrative reports, written for this test.
const FRENCH_REPORT: &str = "Frappe aérienne sur un marché de Kunduz\n\
Au moins vingt-trois civils, dont sept enfants, ont été tués le 13 mars 2017 par une frappe \
aérienne sur le marché de Kunduz, a déclaré le gouverneur de la province. Plus de quarante \
personnes ont été blessées.\n";
const SPANISH_REPORT: &str = "Bombardeo en un mercado de Kunduz\n\
Al menos treinta y un civiles murieron el 17 de marzo de 2017 en un bombardeo sobre el mercado \
de Kunduz, según las autoridades locales.\n";

/// Writes `text` as report `name` (with a sidecar naming its language and publication date, when
/// given) and returns the accounts `toll analyze` finds in it.
fn accounts_of(
    dir: &Path,
    name: &str,
    sidecar: Option<(&str, &str)>,
    text: &str,
) -> Vec<serde_json::Value> {
    let reports = dir.join(name);
    fs::create_dir_all(&reports).expect("reports folder");
    fs::write(reports.join(format!("{name}.txt")), text).expect("fixture");
    if let Some((lang, published)) = sidecar {
        fs::write(
            reports.join(format!("{name}.meta.json")),
            format!(r#"{{"lang": "{lang}", "published": "{published}"}}"#),
        )
        .expect("fixture");
    }
    let analyzed = toll(&["analyze", name, "--format", "jsonl", "--own"], dir);
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
fn french_and_spanish_reports_are_read_with_their_figures_dates_and_places() {
    let dir = tempfile::tempdir().expect("temporary directory");

    let found = accounts_of(dir.path(), "frappe", None, FRENCH_REPORT);
    let killed = found
        .iter()
        .find(|a| a["killed"]["min"] == 23)
        .unwrap_or_else(|| panic!("no account of 23 killed in {found:?}"));
    assert!(killed["killed"]["max"].is_null(), "{killed}");
    let words = span_text(FRENCH_REPORT, killed);
    assert!(words.contains("vingt-trois civils"), "{words:?}");
    assert!(words.contains("tués"), "{words:?}");
    assert_eq!(killed["text"].as_str(), Some(words), "{killed}");
    assert_eq!(killed["victims"], "civilians", "{killed}");
    assert_eq!(killed["date"], "2017-03-13", "{killed}");
    assert!(killed["place"].to_string().contains("Kunduz"), "{killed}");
    let injured = found
        .iter()
        .find(|a| a["injured"]["min"] == 41)
        .unwrap_or_else(|| panic!("no account of more than 40 injured in {found:?}"));
    assert!(span_text(FRENCH_REPORT, injured).contains("blessées"));

    let found = accounts_of(dir.path(), "bombardeo", None, SPANISH_REPORT);
    assert_eq!(found.len(), 1, "{found:?}");
    let a = &found[0];
    assert_eq!(a["killed"]["min"], 31, "{a}");
    assert!(a["killed"]["max"].is_null(), "{a}");
    assert!(span_text(SPANISH_REPORT, a).contains("treinta y un civiles murieron"));
    assert_eq!(a["date"], "2017-03-17", "{a}");
    assert!(a["place"].to_string().contains("Kunduz"), "{a}");
}

// Arabic, Ukrainian and Russian reports, with sidecars naming their language and publication date.

/// Illustrative Arabic report: Arabic-Indic digits, attached prefixes, a qualifier, a date.
const ARABIC: &str = "قال مسؤولون محليون إن غارة جوية على سوق في البلدة يوم الاثنين ١٢ مارس ٢٠١٨ \
أسفرت عن مقتل ما لا يقل عن ١٥ مدنياً وإصابة ٢٠ آخرين.\n";

/// Illustrative Ukrainian report: an inflected verb first, a qualifier, a numeral in words.
const UKRAINIAN: &str = "Ракетний удар по місту 14 липня 2023 року: загинули щонайменше 12 людей, \
повідомив голова області.\nВчора ввечері внаслідок обстрілу села загинули двоє дітей.\n";

/// Illustrative Russian report: a qualifier, a numeral in words, killed and injured together.
const RUSSIAN: &str = "По меньшей мере семь мирных жителей погибли и 15 ранены в результате \
ракетного удара 3 марта 2022 года, сообщил глава администрации.\n";

#[test]
fn an_arabic_report_is_read_with_its_digits_prefixes_and_date() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let found = accounts_of(dir.path(), "ghara", Some(("ar", "2018-03-13")), ARABIC);
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
    let found = accounts_of(dir.path(), "udar", Some(("uk", "2023-07-15")), UKRAINIAN);
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
    let found = accounts_of(dir.path(), "obstrel", Some(("ru", "2022-03-04")), RUSSIAN);
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

// Issue 17's general patterns: a weekday before a day and month, the Spanish personal "a" before a
// qualified figure, a place's Spanish name, German's day with a dot, the Russian dash as the
// copula, an Arabic "estimated the number of injured at N" after a toll.

/// Illustrative French report: a weekday before the day and month, long before publication.
const FRENCH_WEEKDAY: &str = "Au moins 12 civils ont été tués mardi 5 mars dans un bombardement \
sur le marché de Kunduz, selon les autorités.\n";

/// Illustrative Spanish report: "el pasado martes 5 de marzo", "al menos a", "Jan Yunis".
const SPANISH_WEEKDAY: &str = "Un bombardeo sobre el mercado de Jan Yunis mató al menos a 14 \
civiles el pasado martes 5 de marzo, según las autoridades sanitarias.\n";

/// Illustrative German report: the day written with a dot.
const GERMAN_DAY_DOT: &str = "Am 4. September 2023 wurden bei einem Raketenangriff auf den Markt \
von Charkiw mindestens 17 Zivilisten getötet, teilte der Gouverneur mit.\n";

/// Illustrative Russian report: "среди погибших — трое детей" (among the dead [are] three children).
const RUSSIAN_DASH: &str = "Ракетный удар по Харькову 3 марта 2022 года: погибли 9 человек. Среди \
погибших сейчас — трое детей.\n";

/// Illustrative Arabic report: the toll rose to N, and the number of injured was estimated at M.
const ARABIC_ESTIMATED: &str =
    "قال مدير الصحة إن عدد قتلى القصف على السوق ارتفع إلى 30 وقدر عدد المصابين بأنه 45.\n";

#[test]
fn a_weekday_before_a_day_and_month_dates_french_and_spanish_reports_by_that_day() {
    let dir = tempfile::tempdir().expect("temporary directory");
    // published two weeks later: "Tuesday" alone would be 2024-03-19
    let found = accounts_of(
        dir.path(),
        "mardi",
        Some(("fr", "2024-03-20")),
        FRENCH_WEEKDAY,
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(range(&found[0], "killed"), Some((Some(12), None)));
    assert_eq!(found[0]["date"], "2024-03-05", "{}", found[0]);

    let found = accounts_of(
        dir.path(),
        "martes",
        Some(("es", "2024-03-20")),
        SPANISH_WEEKDAY,
    );
    assert_eq!(found.len(), 1, "{found:?}");
    let a = &found[0];
    assert_eq!(range(a, "killed"), Some((Some(14), None)), "{a}");
    assert_eq!(a["date"], "2024-03-05", "{a}");
    assert!(a["place"].to_string().contains("Kh"), "{a}");
    assert!(span_text(SPANISH_WEEKDAY, a).contains("mató al menos a 14"));

    // an agency dateline's abbreviated month, a refugee camp under its Spanish name
    let text = "Jerusalén, 10 ago (EFE).- Al menos 20 personas murieron en un bombardeo en el \
campo de refugiados de Yabalia, informó la Defensa Civil.\n";
    let found = accounts_of(dir.path(), "yabalia", Some(("es", "2024-08-12")), text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["date"], "2024-08-10", "{}", found[0]);
    assert!(
        found[0]["place"].to_string().contains("Jab"),
        "{}",
        found[0]
    );
}

#[test]
fn a_german_day_written_with_a_dot_dates_the_report() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let found = accounts_of(
        dir.path(),
        "angriff",
        Some(("de", "2023-09-10")),
        GERMAN_DAY_DOT,
    );
    assert_eq!(found.len(), 1, "{found:?}");
    let a = &found[0];
    assert_eq!(range(a, "killed"), Some((Some(17), None)), "{a}");
    assert_eq!(a["date"], "2023-09-04", "{a}");
}

#[test]
fn a_russian_dash_before_a_figure_reads_as_the_copula() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let found = accounts_of(dir.path(), "tire", Some(("ru", "2022-03-04")), RUSSIAN_DASH);
    let children = found
        .iter()
        .find(|a| range(a, "killed") == Some((Some(3), Some(3))))
        .unwrap_or_else(|| panic!("no account of the three children in {found:?}"));
    assert!(span_text(RUSSIAN_DASH, children).contains("— трое детей"));
}

#[test]
fn an_arabic_toll_is_not_taken_for_the_injured_estimated_after_it() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let found = accounts_of(
        dir.path(),
        "hasila",
        Some(("ar", "2018-03-13")),
        ARABIC_ESTIMATED,
    );
    assert_eq!(found.len(), 1, "{found:?}");
    let a = &found[0];
    assert_eq!(range(a, "killed"), Some((Some(30), Some(30))), "{a}");
    assert_eq!(range(a, "injured"), Some((Some(45), Some(45))), "{a}");
}

/// Illustrative Arabic report: "لقي N أشخاص حتفهم" (N people met their death), and "و30" (and 30)
/// written against its conjunction.
const ARABIC_MET_DEATH: &str =
    "لقي 9 أشخاص حتفهم في انفجار في المدينة.\nسقط 12 قتيلا و30 جريحا في القصف على السوق.\n";

#[test]
fn arabic_deaths_met_and_a_figure_against_its_conjunction_are_read() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let found = accounts_of(
        dir.path(),
        "hatf",
        Some(("ar", "2020-05-05")),
        ARABIC_MET_DEATH,
    );
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(range(&found[0], "killed"), Some((Some(9), Some(9))));
    assert_eq!(range(&found[1], "killed"), Some((Some(12), Some(12))));
    assert_eq!(range(&found[1], "injured"), Some((Some(30), Some(30))));
    // "the city" and "the market" are not towns called Medina and Suq
    for a in &found {
        assert!(a["place"].is_null(), "{a}");
    }
}

/// Illustrative Arabic report in verb-first order with a phrase before the figure: "وقتل في الهجوم
/// 11 شخصا" (and killed in the attack 11 people), "وأصيب خلال القصف 7 مدنيين" (and wounded during the
/// shelling 7 civilians).
const ARABIC_VERB_FIRST: &str =
    "وقتل في الهجوم 11 شخصا بينهم أطفال، وفق مصادر محلية.\nوأصيب خلال القصف 7 مدنيين.\n";

#[test]
fn arabic_verb_first_with_a_phrase_before_the_figure_is_read() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let found = accounts_of(
        dir.path(),
        "fel",
        Some(("ar", "2020-05-05")),
        ARABIC_VERB_FIRST,
    );
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(range(&found[0], "killed"), Some((Some(11), Some(11))));
    assert_eq!(range(&found[1], "injured"), Some((Some(7), Some(7))));
}
