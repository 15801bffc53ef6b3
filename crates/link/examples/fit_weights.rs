//! Fits the linking model's `m` and `u` probabilities and prior from gold-linked corpora.
//!
//! `cargo run --release -p toll-link --example fit_weights -- OUT.json CORPUS PRED.jsonl [CORPUS PRED.jsonl …]`
//!
//! Each corpus is a folder in the shared evaluation format (`gold/*.json` with incident keys);
//! its predictions are `toll analyze --format jsonl` output for its `docs`. Predicted incident
//! accounts are matched to gold accounts by span overlap (as `score.py` does); the matched
//! accounts of one document and one gold incident form one event, summarised as the linker
//! summarises a report's local event. Every pair of events from different documents of a corpus
//! is compared with [`toll_link::model::compare`] (`FIT_INCIDENTS=1`: every event with every
//! incident, made of that incident's events from the other documents): pairs it blocks are
//! counted apart; otherwise
//! each field's level is counted among same-incident pairs (`m`) and different-incident pairs
//! (`u`), Laplace-smoothed, `unknown` levels left out. The prior is the share of same-incident
//! pairs among those compared. Threshold and undated margin are kept from the current file.

#[path = "common/mod.rs"]
mod common;

use std::collections::{BTreeMap, BTreeSet};
use toll_link::model::{self, Level, Weights, FIELDS, UNKNOWN};
use toll_link::{EventSummary, Features};

/// The levels each field can take (besides `unknown`), for smoothing.
const LEVELS: [&[&str]; 7] = [
    &[
        "same_day",
        "one_day",
        "two_three_days",
        "overlap",
        "publication_close",
        "publication_bound",
    ],
    &[
        "km10",
        "km25",
        "km40",
        "same_region",
        "km150",
        "same_country",
    ],
    &["odd", "round", "none"],
    &["rare", "common", "none"],
    &["shared", "different"],
    &["agree", "conflict"],
    &["shared", "different"],
];

struct Event {
    corpus: usize,
    doc: String,
    incident: String,
    summary: EventSummary,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 || args.len().is_multiple_of(2) {
        eprintln!("usage: fit_weights OUT.json CORPUS PRED.jsonl [CORPUS PRED.jsonl …]");
        std::process::exit(2);
    }
    let out_path = &args[0];
    let mut events: Vec<Event> = Vec::new();
    let mut names_in: Vec<BTreeMap<String, BTreeSet<String>>> = Vec::new();
    let mut corpora = Vec::new();
    for (c, pair) in args[1..].chunks(2).enumerate() {
        let (root, preds) = (&pair[0], &pair[1]);
        corpora.push(root.clone());
        let gold = common::read_gold(root);
        let mut names: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (doc, accounts) in common::read_predictions(preds, Some(&format!("{root}/docs"))) {
            let Some(g) = gold.get(&doc) else {
                continue;
            };
            let mut by_incident: BTreeMap<String, Vec<Features>> = BTreeMap::new();
            for (gi, pi) in common::match_accounts(g, &accounts) {
                let a = &accounts[pi];
                if a.scope != toll_model::Scope::Incident {
                    continue;
                }
                if let Some(key) = &g[gi].incident {
                    by_incident
                        .entry(key.clone())
                        .or_default()
                        .push(Features::of(a));
                }
            }
            for (incident, feats) in by_incident {
                let mut summary =
                    EventSummary::of(feats.iter().enumerate().map(|(i, f)| (i as u64, f)));
                summary.one_voice();
                // the linker counts the incidents that use a name
                for n in summary.names() {
                    names.entry(n.clone()).or_default().insert(incident.clone());
                }
                events.push(Event {
                    corpus: c,
                    doc: doc.clone(),
                    incident,
                    summary,
                });
            }
        }
        names_in.push(names);
    }
    let mut m: Vec<BTreeMap<&str, f64>> = vec![BTreeMap::new(); FIELDS.len()];
    let mut u: Vec<BTreeMap<&str, f64>> = vec![BTreeMap::new(); FIELDS.len()];
    let (mut matches, mut non_matches, mut blocked_m, mut blocked_u) = (0u64, 0u64, 0u64, 0u64);
    // pairs of single events (or, with FIT_INCIDENTS set, an event against the gold incident's
    // events from the other documents, as the linker compares an event with an incident; on the
    // small gold corpora this leaves too few pairs and fits worse)
    let pairs = std::env::var_os("FIT_INCIDENTS").is_none();
    let mut incidents: BTreeMap<(usize, &str), Vec<usize>> = BTreeMap::new();
    for (i, e) in events.iter().enumerate() {
        incidents
            .entry((e.corpus, &e.incident))
            .or_default()
            .push(i);
    }
    for (i, a) in events.iter().enumerate() {
        let mut targets: Vec<(String, EventSummary)> = Vec::new();
        if pairs {
            for b in &events[i + 1..] {
                if b.corpus == a.corpus && b.doc != a.doc {
                    targets.push((b.incident.clone(), b.summary.clone()));
                }
            }
        } else {
            for ((c, key), members) in &incidents {
                if *c != a.corpus {
                    continue;
                }
                let mut summary: Option<EventSummary> = None;
                for &j in members {
                    if events[j].doc == a.doc {
                        continue;
                    }
                    match summary.as_mut() {
                        Some(s) => s.absorb(&events[j].summary),
                        None => summary = Some(events[j].summary.clone()),
                    }
                }
                if let Some(s) = summary {
                    targets.push(((*key).to_string(), s));
                }
            }
        }
        for (key, target) in &targets {
            let same = a.incident == *key;
            let names = &names_in[a.corpus];
            let others = |n: &str| {
                names.get(n).map_or(0, |used| {
                    used.iter()
                        .filter(|k| **k != a.incident && *k != key)
                        .count() as u32
                })
            };
            let Some(levels) = model::compare(&a.summary, target, others) else {
                if same {
                    blocked_m += 1;
                } else {
                    blocked_u += 1;
                }
                continue;
            };
            let counts = if same { &mut m } else { &mut u };
            if same {
                matches += 1;
            } else {
                non_matches += 1;
            }
            for (f, level) in levels.0.iter().enumerate() {
                if *level != UNKNOWN {
                    *counts[f].entry(level).or_default() += 1.0;
                }
            }
        }
    }
    let current: Weights = serde_json::from_str(include_str!("../data/weights.json"))
        .unwrap_or_else(|e| panic!("data/weights.json: {e}"));
    let mut comparisons = BTreeMap::new();
    for (f, field) in FIELDS.iter().enumerate() {
        let levels = LEVELS[f];
        let k = levels.len() as f64;
        let nm: f64 = m[f].values().sum();
        let nu: f64 = u[f].values().sum();
        let mut out = BTreeMap::new();
        for level in levels {
            let cm = m[f].get(level).copied().unwrap_or(0.0);
            let cu = u[f].get(level).copied().unwrap_or(0.0);
            let lv = Level {
                m: (cm + 1.0) / (nm + k),
                u: (cu + 1.0) / (nu + k),
            };
            eprintln!(
                "{field:>10} {level:<18} m {cm:>5} u {cu:>6}  weight {:+.2}",
                (lv.m / lv.u).log2()
            );
            out.insert((*level).to_string(), lv);
        }
        comparisons.insert((*field).to_string(), out);
    }
    let prior = (matches as f64 + 1.0) / ((matches + non_matches) as f64 + 2.0);
    eprintln!(
        "events {}, compared pairs: {matches} same incident, {non_matches} different; \
         blocked: {blocked_m} same incident, {blocked_u} different; prior {prior:.4}",
        events.len()
    );
    let fitted = Weights {
        prior,
        threshold: current.threshold,
        undated_margin: current.undated_margin,
        comparisons,
        fitted_on: format!(
            "{} events of {}; {matches} same-incident and {non_matches} different-incident pairs \
             compared, {blocked_m} and {blocked_u} blocked",
            events.len(),
            corpora.join(", ")
        ),
    };
    let json = serde_json::to_string_pretty(&fitted).unwrap_or_default();
    std::fs::write(out_path, json + "\n").unwrap_or_else(|e| panic!("{out_path}: {e}"));
}
