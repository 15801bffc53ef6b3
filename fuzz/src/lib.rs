//! Helpers shared by the fuzz targets under `fuzz_targets/`: input framing, the invariants every
//! reader's items must keep, and the small record the search target queries.

use toll_ingest::{sha256_hex, Item, Options, SourceDoc};
use toll_model::ReportMeta;
use toll_store::{IncidentFacts, IncidentRecord, InsertOutcome, NewDocument, SqliteStore, Store};

/// Reader options of the streaming targets: a small limit, so that "too large" paths are reached.
pub const OPTIONS: Options = Options { max_bytes: 4096 };

/// Splits a single-document input into its sidecar and its body: `sidecar NUL body` when the input
/// holds a NUL byte, else no sidecar and the whole input as the body.
pub fn split_sidecar(data: &[u8]) -> (Option<&[u8]>, &[u8]) {
    match data.iter().position(|&b| b == 0) {
        Some(at) => (Some(&data[..at]), &data[at + 1..]),
        None => (None, data),
    }
}

/// Reads every item, checking each document's invariants (hash and size of its raw bytes), and
/// returns the documents. A reader yielding more than `most_docs` documents, or more than
/// `4 * most_docs + 4` items in all, has lost its way (a loop that no longer consumes input).
pub fn check_items(items: impl Iterator<Item = Item>, most_docs: usize) -> Vec<Box<SourceDoc>> {
    let most_items = most_docs.saturating_mul(4).saturating_add(4);
    let mut docs = Vec::new();
    for (n, item) in items.enumerate() {
        assert!(n < most_items, "more than {most_items} items");
        if let Item::Doc(d) = item {
            assert_eq!(d.sha256, sha256_hex(&d.raw), "sha256 of the raw bytes");
            assert_eq!(d.size, d.raw.len() as u64, "size of the raw bytes");
            docs.push(d);
        }
    }
    assert!(
        docs.len() <= most_docs,
        "{} documents, at most {most_docs}",
        docs.len()
    );
    docs
}

/// The report the search target's record holds (illustrative, invented).
const REPORT: &str =
    "An air strike on the Halvaro market killed at least 23 civilians on Thursday. \
The ministry's spokesman said 31 people died and 40 were wounded in the al-Nour district.";

/// A record in memory with one report, its accounts and one incident they are linked to.
pub struct SearchRecord {
    /// The store to query.
    pub store: SqliteStore,
}

impl SearchRecord {
    /// Builds the record; panics if the store cannot (a fuzzing set-up failure, not a finding).
    pub fn new() -> SearchRecord {
        let store = SqliteStore::open_in_memory().unwrap_or_else(|e| panic!("store: {e}"));
        let meta = ReportMeta {
            id: "halvaro-01".into(),
            title: Some("Strike on a market".into()),
            ..ReportMeta::default()
        };
        let sha = sha256_hex(REPORT.as_bytes());
        let doc = NewDocument {
            sha256: &sha,
            raw: REPORT.as_bytes(),
            media_type: "text/plain",
            source: "halvaro.txt",
            captured_at: None,
            meta: &meta,
            text: REPORT,
        };
        let accounts = toll_extract::extract(REPORT);
        let outcome = store
            .insert_document(&doc, &accounts, "fuzz")
            .unwrap_or_else(|e| panic!("insert: {e}"));
        let InsertOutcome::Inserted { account_ids, .. } = outcome else {
            panic!("the report was not inserted");
        };
        let id = "IRQ-2024-03-07-a".to_string();
        store
            .upsert_incidents(&[IncidentRecord {
                id: id.clone(),
                country: Some("IQ".into()),
                date: Some("2024-03-07".into()),
                date_prec: Some(1),
                lat: None,
                lon: None,
                where_prec: None,
                place: None,
                facts: IncidentFacts::default(),
                summary_json: "{}".into(),
            }])
            .unwrap_or_else(|e| panic!("incident: {e}"));
        let links: Vec<_> = account_ids.iter().map(|a| (*a, id.clone())).collect();
        assert!(!links.is_empty(), "the report has accounts");
        store
            .save_links(&links)
            .unwrap_or_else(|e| panic!("links: {e}"));
        SearchRecord { store }
    }
}

impl Default for SearchRecord {
    fn default() -> Self {
        SearchRecord::new()
    }
}
