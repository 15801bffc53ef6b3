//! Prints the gloss of a report (what the English engine reads) and its accounts:
//! `cargo run --release -p toll-extract --example gloss -- fr report.txt`.

use toll_extract::{extract_report, gloss, ReportContext};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(lang), Some(path)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: gloss LANG FILE");
        std::process::exit(2);
    };
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("{path}: cannot read");
        std::process::exit(1);
    };
    let Some(g) = gloss::for_language(lang) else {
        eprintln!("no gloss file for {lang:?}");
        std::process::exit(1);
    };
    println!("{}\n--", g.gloss(&text).text);
    let context = ReportContext {
        lang: Some(lang),
        ..ReportContext::default()
    };
    for a in extract_report(&text, &context) {
        println!(
            "{:?} {:?} {:?} {:?} | {}",
            a.killed.map(|r| (r.min, r.max)),
            a.injured.map(|r| (r.min, r.max)),
            a.victims,
            a.claimed_by,
            a.text
        );
    }
}
