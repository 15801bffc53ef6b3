//! Checking the record's derived rows against what recomputing them gives: each incident's stored
//! summary (and the figures, counts, grade, date and place copied from it) against
//! [`crate::summarize_stored`] over its stored accounts and links, each stored incident page against
//! [`crate::page::build_views`], and the full-text index against the reports. [`repair`] rewrites
//! what is stale in one transaction. Nothing here decides anything itself: it compares what the
//! record's own code computes with what is stored.

use crate::page::{build_views, VIEW_VERSION};
use crate::{summarize_stored, RecordError};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeSet;
use toll_store::{IncidentFilter, IncidentRecord, SqliteStore, Store};

/// At most this many differing fields are reported for one summary or page.
const FIELDS_PER_ROW: usize = 20;
/// Stored and recomputed values longer than this are cut (with `…`) in a mismatch.
const VALUE_CHARS: usize = 200;

/// One stored value that differs from what recomputing it gives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mismatch {
    /// The incident, or `None` for the search index.
    pub incident: Option<String>,
    /// What differs: a column (`killed_best`, `sources`, `date`), `summary.<path>` or `page.<path>`
    /// inside the stored JSON, or `search_index`.
    pub field: String,
    /// The stored value (`null` when missing).
    pub stored: Value,
    /// The recomputed value (`null` when missing).
    pub recomputed: Value,
}

/// What [`check`] found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Incidents checked.
    pub incidents: usize,
    /// Stored incident pages of the current format checked.
    pub pages: usize,
    /// Incidents without a stored page of the current format (not a mismatch: readers build the
    /// page; [`repair`] stores it).
    pub pages_missing: usize,
    /// Every mismatch, by incident then field; the search index's last.
    pub mismatches: Vec<Mismatch>,
    /// The recomputed rows of incidents whose stored summary is stale.
    stale_summaries: Vec<IncidentRecord>,
    /// Incidents whose stored page is stale or missing.
    stale_pages: BTreeSet<String>,
    /// True when the full-text index disagrees with the reports.
    stale_search_index: bool,
}

impl CheckReport {
    /// True when nothing stored differs from what recomputing gives.
    pub fn is_clean(&self) -> bool {
        self.mismatches.is_empty()
    }
}

/// Recomputes every incident's summary and page and checks the search index, comparing each with
/// what is stored. Reads only.
pub fn check(store: &SqliteStore) -> Result<CheckReport, RecordError> {
    let mut report = CheckReport::default();
    let stored = store.incidents(&IncidentFilter::default())?;
    report.incidents = stored.len();
    for record in &stored {
        let recomputed = summarize_stored(store, &record.id)?;
        let before = report.mismatches.len();
        compare_records(record, &recomputed, &mut report.mismatches);
        if report.mismatches.len() > before {
            report.stale_summaries.push(recomputed);
            report.stale_pages.insert(record.id.clone());
        }
        match store.incident_view(&record.id, VIEW_VERSION)? {
            None => {
                report.pages_missing += 1;
                report.stale_pages.insert(record.id.clone());
            }
            Some(page) => {
                report.pages += 1;
                let rebuilt = build_views(store, std::slice::from_ref(&record.id))?;
                let rebuilt = rebuilt.first().map(|(_, json)| json.as_str());
                if rebuilt != Some(page.as_str()) {
                    let before = report.mismatches.len();
                    diff_json(
                        &record.id,
                        "page",
                        &parse(&page),
                        &rebuilt.map_or(Value::Null, parse),
                        &mut report.mismatches,
                    );
                    if report.mismatches.len() == before {
                        // the same JSON written differently: still not what the record writes
                        report.mismatches.push(mismatch(
                            &record.id,
                            "page".into(),
                            Value::String(cut(&page)),
                            Value::String(cut(rebuilt.unwrap_or(""))),
                        ));
                    }
                    report.stale_pages.insert(record.id.clone());
                }
            }
        }
    }
    if !store.search_index_intact()? {
        report.stale_search_index = true;
        report.mismatches.push(Mismatch {
            incident: None,
            field: "search_index".into(),
            stored: Value::String("differs from the stored reports' title and text".into()),
            recomputed: Value::String("rebuilt from the stored reports".into()),
        });
    }
    Ok(report)
}

/// Rewrites what `report` found stale, in one write transaction: the recomputed incident rows and
/// summaries, the pages of those incidents and of every incident whose page was stale or missing
/// (built from the rewritten summaries), and the full-text index. Run [`check`] again after it.
pub fn repair(store: &SqliteStore, report: &CheckReport) -> Result<(), RecordError> {
    let ids: Vec<String> = report.stale_pages.iter().cloned().collect();
    store.repair(
        &report.stale_summaries,
        |store| build_views(store, &ids),
        VIEW_VERSION,
        report.stale_search_index,
    )?;
    Ok(())
}

/// Adds a mismatch for each column and summary field where `stored` and `recomputed` differ.
fn compare_records(stored: &IncidentRecord, recomputed: &IncidentRecord, out: &mut Vec<Mismatch>) {
    let id = stored.id.as_str();
    let columns: [(&str, Value, Value); 14] = [
        ("country", json(&stored.country), json(&recomputed.country)),
        ("date", json(&stored.date), json(&recomputed.date)),
        (
            "date_prec",
            json(&stored.date_prec),
            json(&recomputed.date_prec),
        ),
        ("lat", json(&stored.lat), json(&recomputed.lat)),
        ("lon", json(&stored.lon), json(&recomputed.lon)),
        (
            "where_prec",
            json(&stored.where_prec),
            json(&recomputed.where_prec),
        ),
        ("place", json(&stored.place), json(&recomputed.place)),
        (
            "killed_low",
            json(&stored.facts.killed_low),
            json(&recomputed.facts.killed_low),
        ),
        (
            "killed_best",
            json(&stored.facts.killed_best),
            json(&recomputed.facts.killed_best),
        ),
        (
            "killed_high",
            json(&stored.facts.killed_high),
            json(&recomputed.facts.killed_high),
        ),
        (
            "injured_best",
            json(&stored.facts.injured_best),
            json(&recomputed.facts.injured_best),
        ),
        (
            "grade",
            json(&stored.facts.grade),
            json(&recomputed.facts.grade),
        ),
        (
            "accounts",
            json(&stored.facts.accounts),
            json(&recomputed.facts.accounts),
        ),
        (
            "sources",
            json(&stored.facts.sources),
            json(&recomputed.facts.sources),
        ),
    ];
    for (field, a, b) in columns {
        if a != b {
            out.push(mismatch(id, field.to_string(), a, b));
        }
    }
    if stored.summary_json != recomputed.summary_json {
        let before = out.len();
        diff_json(
            id,
            "summary",
            &parse(&stored.summary_json),
            &parse(&recomputed.summary_json),
            out,
        );
        if out.len() == before {
            out.push(mismatch(
                id,
                "summary".into(),
                Value::String(cut(&stored.summary_json)),
                Value::String(cut(&recomputed.summary_json)),
            ));
        }
    }
}

/// Adds a mismatch for each leaf where `a` and `b` differ (at most [`FIELDS_PER_ROW`]), named by
/// its path under `prefix` (`summary.reconciled.killed.best`, `page.claims[0].accounts`).
fn diff_json(id: &str, prefix: &str, a: &Value, b: &Value, out: &mut Vec<Mismatch>) {
    let mut found = Vec::new();
    leaves(prefix.to_string(), a, b, &mut found);
    for (path, x, y) in found.into_iter().take(FIELDS_PER_ROW) {
        out.push(mismatch(id, path, x, y));
    }
}

fn leaves(path: String, a: &Value, b: &Value, out: &mut Vec<(String, Value, Value)>) {
    if a == b || out.len() >= FIELDS_PER_ROW {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                leaves(
                    format!("{path}.{k}"),
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                leaves(format!("{path}[{i}]"), p, q, out);
            }
        }
        _ => out.push((path, shorten(a), shorten(b))),
    }
}

fn mismatch(id: &str, field: String, stored: Value, recomputed: Value) -> Mismatch {
    Mismatch {
        incident: Some(id.to_string()),
        field,
        stored,
        recomputed,
    }
}

fn json<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// Stored JSON as a value; text that is no JSON stays a string (and so differs).
fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(cut(text)))
}

/// A large value (an array of accounts, a long text) as shortened JSON text.
fn shorten(v: &Value) -> Value {
    match v {
        Value::Array(_) | Value::Object(_) => Value::String(cut(&v.to_string())),
        Value::String(s) => Value::String(cut(s)),
        _ => v.clone(),
    }
}

fn cut(s: &str) -> String {
    match s.char_indices().nth(VALUE_CHARS) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differing_leaves_are_named_by_path() {
        let a =
            serde_json::json!({"reconciled": {"killed": {"best": 23, "low": 20}}, "accounts": 3});
        let b =
            serde_json::json!({"reconciled": {"killed": {"best": 99, "low": 20}}, "accounts": 3});
        let mut out = Vec::new();
        diff_json("X-a", "summary", &a, &b, &mut out);
        assert_eq!(
            out,
            vec![Mismatch {
                incident: Some("X-a".into()),
                field: "summary.reconciled.killed.best".into(),
                stored: Value::from(23),
                recomputed: Value::from(99),
            }]
        );
    }

    #[test]
    fn long_values_are_cut_on_a_char_boundary() {
        let long = "é".repeat(VALUE_CHARS + 5);
        let short = cut(&long);
        assert_eq!(short.chars().count(), VALUE_CHARS + 1);
        assert!(short.ends_with('…'));
    }
}
