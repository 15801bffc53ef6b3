//! Extraction as `toll analyze` runs it on one report: text -> accounts with dates (against a
//! publication date) and places (against the bundled gazetteer), in English or through a language's
//! gloss. Any panic, hang or blow-up is a bug;
//! every account must keep its invariants.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use toll_extract::{extract_report, ReportContext};
use toll_geo::Gazetteer;
use toll_model::Range;

fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER
        .get_or_init(|| Gazetteer::bundled().unwrap_or_else(|e| panic!("bundled gazetteer: {e}")))
}

fn check_range(what: &str, r: Option<Range>) {
    if let Some(Range {
        min: Some(lo),
        max: Some(hi),
        ..
    }) = r
    {
        assert!(lo <= hi, "{what} range min {lo} > max {hi}");
    }
}

fn is_iso_day(s: &str) -> bool {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // inputs of even length are read as published on a fixed day, odd ones as undated: both ways of
    // finding the reference date are fuzzed
    let published = (data.len() % 2 == 0)
        .then(|| NaiveDate::from_ymd_opt(2024, 3, 7))
        .flatten();
    // the report's language, chosen by the input's length: English and every glossed language
    // (and one Toll does not read) are fuzzed, so the gloss's offset map is too
    const LANGS: [Option<&str>; 9] = [
        None,
        Some("en"),
        Some("fr"),
        Some("es"),
        Some("de"),
        Some("ar"),
        Some("uk"),
        Some("ru"),
        Some("pt"),
    ];
    let lang = LANGS[(data.len() / 2) % LANGS.len()];
    // an undated input's first line is its address, so dating a report by its URL is fuzzed too
    let url = published.is_none().then(|| text.lines().next()).flatten();
    let context = ReportContext {
        published,
        gazetteer: Some(gazetteer()),
        lang,
        url,
    };
    for a in extract_report(&text, &context) {
        let (start, end) = (a.span.start, a.span.end);
        assert!(
            start <= end && end <= text.len(),
            "span {start}..{end} of {} bytes",
            text.len()
        );
        assert_eq!(
            text.get(start..end),
            Some(a.text.as_str()),
            "span {start}..{end}"
        );
        check_range("killed", a.killed);
        check_range("injured", a.injured);
        if let Some(d) = &a.date {
            assert!(is_iso_day(&d.date), "event date {:?}", d.date);
            assert!((1..=5).contains(&d.precision), "date_prec {}", d.precision);
        }
        if let (Some(e), Some(l)) = (&a.window.earliest, &a.window.latest) {
            assert!(is_iso_day(e) && is_iso_day(l), "window {e}..{l}");
        }
        if let Some(md) = a.month_day {
            assert!(
                (1..=12).contains(&md.month) && (1..=31).contains(&md.day),
                "{md:?}"
            );
        }
        if let Some(p) = &a.place {
            assert!((1..=6).contains(&p.precision), "where_prec {}", p.precision);
            assert!(p.lat.is_finite() && p.lon.is_finite(), "{p:?}");
        }
    }
});
