//! Whatever a person types as a search, the store answers it: a parsed search becomes an FTS5 query
//! SQLite accepts, and text the parser refuses matches nothing. Never a database error.

use proptest::prelude::*;
use toll_store::{IncidentQuery, SqliteStore, Store, TextQuery};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_search_text_is_answered_without_a_database_error(
        text in prop_oneof![
            any::<String>(),
            // the characters that matter to FTS5's syntax and to the parser, densely
            "[a-zé0-9 *\"'()^:+\\-.,{}\\[\\]NEARORAND\u{0301}\u{00a0}]{0,40}",
        ]
    ) {
        let store = SqliteStore::open_in_memory().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let page = store.incident_page(&IncidentQuery {
            text: Some(text.clone()),
            limit: 10,
            ..IncidentQuery::default()
        });
        prop_assert!(page.is_ok(), "{text:?}: {page:?}");
        if let Ok(q) = TextQuery::parse(&text) {
            prop_assert!(!q.terms().is_empty());
            prop_assert!(q.terms().iter().all(|t| !t.word.is_empty() && !t.word.contains(['"', '*'])));
        }
    }
}
