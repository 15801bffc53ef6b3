//! The full-text query of the incident list (`?q=` of `/api/v1/incidents` and the web UI): the
//! user's words are turned into an FTS5 query and run against a small record. Whatever the words,
//! the store must answer (no FTS5 syntax error reaches the user, no panic), and at most the one
//! incident there is can match.
#![no_main]

use libfuzzer_sys::fuzz_target;
use toll_fuzz::SearchRecord;
use toll_store::{IncidentQuery, Store};

thread_local! {
    static RECORD: SearchRecord = SearchRecord::new();
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    RECORD.with(|record| {
        let query = IncidentQuery {
            text: Some(text.clone()),
            limit: 10,
            ..IncidentQuery::default()
        };
        match record.store.incident_page(&query) {
            Ok(page) => assert!(
                page.total <= 1 && page.rows.len() as u64 == page.total,
                "{page:?}"
            ),
            Err(e) => panic!("query {text:?} failed: {e}"),
        }
    });
});
