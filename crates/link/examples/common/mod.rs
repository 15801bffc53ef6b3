//! Shared by the linking examples: reading `toll analyze --format jsonl` output and gold corpora.
#![allow(dead_code)]

use std::collections::BTreeMap;
use toll_model::{
    Account, DateBasis, EventDate, EventPlace, MonthDay, PlaceBasis, Range, Scope, Span, Victims,
};

/// One line of `toll analyze --format jsonl`, as the account extraction left it.
pub struct Predicted {
    /// Document id.
    pub doc: String,
    /// The account; a date or place the linker lent (`date_basis: incident`) is dropped.
    pub account: Account,
}

fn parse<T: serde::de::DeserializeOwned>(v: &serde_json::Value) -> Option<T> {
    serde_json::from_value(v.clone()).ok()
}

fn string(v: &serde_json::Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

/// Reads predictions, grouped by document in file order. With the corpus's `docs` folder, a
/// publication date of a document whose sidecar gives none is marked as inferred from its text.
pub fn read_predictions(path: &str, docs: Option<&str>) -> Vec<(String, Vec<Account>)> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut out: Vec<(String, Vec<Account>)> = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let mut p = predicted(&v);
        if let (Some(dir), Some(d)) = (docs, p.account.date.as_mut()) {
            // extraction marks dates resolved against a reference inferred from the text: the
            // publication date standing in, and relative phrases (no year of their own)
            let relative = d.phrase.as_deref().is_none_or(|ph| {
                !ph.as_bytes()
                    .windows(4)
                    .any(|w| w.iter().all(u8::is_ascii_digit))
            });
            if relative && !has_published(dir, &p.doc) {
                d.reference_inferred = true;
            }
        }
        match out.last_mut() {
            Some((d, accounts)) if *d == p.doc => accounts.push(p.account),
            _ => out.push((p.doc, vec![p.account])),
        }
    }
    out
}

/// True when the document's sidecar states its publication date.
fn has_published(docs: &str, doc: &str) -> bool {
    std::fs::read_to_string(format!("{docs}/{doc}.meta.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .is_some_and(|m| m["published"].is_string())
}

fn predicted(v: &serde_json::Value) -> Predicted {
    let span = v["span"].as_array().map_or(Span::new(0, 0), |s| {
        let at = |i: usize| s.get(i).and_then(|x| x.as_u64()).unwrap_or(0) as usize;
        Span::new(at(0), at(1))
    });
    let basis: Option<DateBasis> = parse(&v["date_basis"]);
    let date = match (string(&v["date"]), basis) {
        (Some(date), Some(basis)) if basis != DateBasis::Incident => Some(EventDate {
            date,
            precision: v["date_prec"].as_u64().unwrap_or(1) as u8,
            basis,
            phrase: string(&v["date_phrase"]),
            reference_inferred: false,
        }),
        _ => None,
    };
    let month_day = string(&v["month_day"]).and_then(|s| {
        let (m, d) = s.split_once('-')?;
        Some(MonthDay {
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        })
    });
    let place = match (v["lat"].as_f64(), v["lon"].as_f64()) {
        (Some(lat), Some(lon)) => Some(EventPlace {
            name: string(&v["place"]).unwrap_or_default(),
            matched: string(&v["place_matched"]).unwrap_or_default(),
            lat,
            lon,
            country: string(&v["country"]).unwrap_or_default(),
            precision: v["where_prec"].as_u64().unwrap_or(6) as u8,
            basis: PlaceBasis::Sentence,
        }),
        _ => None,
    };
    Predicted {
        doc: string(&v["doc"]).unwrap_or_default(),
        account: Account {
            span,
            text: string(&v["text"]).unwrap_or_default(),
            killed: parse::<Option<Range>>(&v["killed"]).flatten(),
            injured: parse::<Option<Range>>(&v["injured"]).flatten(),
            casualties_ambiguous: v["casualties_ambiguous"].as_bool().unwrap_or(false),
            victims: parse(&v["victims"]).unwrap_or(Victims::Unspecified),
            scope: parse(&v["scope"]).unwrap_or(Scope::Incident),
            blamed: string(&v["blamed"]),
            claimed_by: string(&v["claimed_by"]),
            hedged: v["hedged"].as_bool().unwrap_or(false),
            denial: v["denial"].as_bool().unwrap_or(false),
            date,
            month_day,
            window: toll_model::DateWindow {
                earliest: string(&v["date_earliest"]),
                latest: string(&v["date_latest"]),
            },
            period: string(&v["period"]),
            place,
            place_names: parse(&v["place_names"]).unwrap_or_default(),
        },
    }
}

/// A gold account: its byte span in the document and its incident key (`None` for aggregates).
pub struct Gold {
    /// Byte span of the quote.
    pub span: (usize, usize),
    /// Killed (min, max).
    pub killed: Option<(Option<u64>, Option<u64>)>,
    /// Injured (min, max).
    pub injured: Option<(Option<u64>, Option<u64>)>,
    /// Incident key.
    pub incident: Option<String>,
}

fn range_of(v: &serde_json::Value) -> Option<(Option<u64>, Option<u64>)> {
    v.as_object().map(|o| {
        (
            o.get("min").and_then(|x| x.as_u64()),
            o.get("max").and_then(|x| x.as_u64()),
        )
    })
}

/// Reads a corpus's gold accounts per document (quotes located as `score.py` locates them).
pub fn read_gold(root: &str) -> BTreeMap<String, Vec<Gold>> {
    let mut out = BTreeMap::new();
    let dir = format!("{root}/gold");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    names.sort();
    for path in names {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(g) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        let Some(doc) = g["doc"].as_str() else {
            continue;
        };
        let Ok(raw) = std::fs::read(format!("{root}/docs/{doc}.txt")) else {
            continue;
        };
        let mut used: BTreeMap<String, usize> = BTreeMap::new();
        let mut accounts = Vec::new();
        for a in g["accounts"].as_array().into_iter().flatten() {
            let quote = a["quote"].as_str().unwrap_or_default();
            let k = used.entry(quote.to_string()).or_default();
            let mut start = None;
            let mut from = 0;
            for _ in 0..=*k {
                start = find(&raw, quote.as_bytes(), from);
                match start {
                    Some(s) => from = s + 1,
                    None => break,
                }
            }
            *k += 1;
            let Some(s) = start else {
                continue;
            };
            accounts.push(Gold {
                span: (s, s + quote.len()),
                killed: range_of(&a["killed"]),
                injured: range_of(&a["injured"]),
                incident: (a["scope"].as_str() == Some("incident"))
                    .then(|| string(&a["incident"]))
                    .flatten(),
            });
        }
        out.insert(doc.to_string(), accounts);
    }
    out
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn pair_range(r: &Option<Range>) -> Option<(Option<u64>, Option<u64>)> {
    r.map(|r| (r.min, r.max))
}

/// One-to-one pairs of gold and predicted accounts of a document, as `score.py` makes them:
/// same figures first, then the larger overlap. Returns (gold index, predicted index).
pub fn match_accounts(gold: &[Gold], pred: &[Account]) -> Vec<(usize, usize)> {
    let mut cands = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        for (pi, p) in pred.iter().enumerate() {
            let ov = g.span.1.min(p.span.end) as i64 - g.span.0.max(p.span.start) as i64;
            if ov > 0 {
                let same = g.killed == pair_range(&p.killed) && g.injured == pair_range(&p.injured);
                cands.push((!same, -ov, gi, pi));
            }
        }
    }
    cands.sort();
    let (mut gu, mut pu, mut pairs) = (Vec::new(), Vec::new(), Vec::new());
    for (_, _, gi, pi) in cands {
        if gu.contains(&gi) || pu.contains(&pi) {
            continue;
        }
        gu.push(gi);
        pu.push(pi);
        pairs.push((gi, pi));
    }
    pairs
}
