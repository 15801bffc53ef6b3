//! Re-links `toll analyze --format jsonl` output with the linking model and prints predictions
//! in the format `score.py` reads (incident, and the date and place linking lends).
//!
//! `cargo run --release -p toll-link --example relink -- PRED.jsonl [DOCS_DIR|-] [WEIGHTS.json|-] [THRESHOLD]`
//!
//! With the documents' folder, publication dates of documents whose sidecar has none are taken as
//! inferred from the text (as extraction marks them).
//!
//! Dates the linker had lent (`date_basis: incident`) are dropped before re-linking, so output
//! of a normal run can be used; linking it again without lent places is exact only for output
//! whose places were not lent either.

#[path = "common/mod.rs"]
mod common;

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: relink PRED.jsonl [DOCS_DIR|-] [WEIGHTS.json|-] [THRESHOLD]");
        std::process::exit(2);
    };
    let default = concat!(env!("CARGO_MANIFEST_DIR"), "/data/weights.json").to_string();
    let docs_dir = args.get(1).filter(|p| *p != "-");
    let wpath = args.get(2).filter(|p| *p != "-").unwrap_or(&default);
    let text = std::fs::read_to_string(wpath).unwrap_or_else(|e| panic!("{wpath}: {e}"));
    let mut w: toll_link::model::Weights =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{wpath}: {e}"));
    if let Some(t) = args.get(3).and_then(|t| t.parse().ok()) {
        w.threshold = t;
    }
    toll_link::model::use_weights(w);
    let docs = common::read_predictions(path, docs_dir.map(String::as_str));
    let mut reports: Vec<Vec<toll_model::Account>> = docs.iter().map(|(_, a)| a.clone()).collect();
    let linked = toll_link::link_reports_explained(&mut reports);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (((doc, _), accounts), ids) in docs.iter().zip(&reports).zip(&linked) {
        for (a, id) in accounts.iter().zip(ids) {
            let line = serde_json::json!({
                "doc": doc,
                "span": [a.span.start, a.span.end],
                "killed": a.killed,
                "injured": a.injured,
                "victims": a.victims,
                "scope": a.scope,
                "incident": id.as_ref().map(|(i, _)| i),
                "date": a.date.as_ref().map(|d| &d.date),
                "lat": a.place.as_ref().map(|p| p.lat),
                "lon": a.place.as_ref().map(|p| p.lon),
                "why": id.as_ref().and_then(|(_, w)| w.as_ref()),
            });
            let _ = writeln!(out, "{line}");
        }
    }
}
