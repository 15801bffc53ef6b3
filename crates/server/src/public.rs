//! What the public sees. With `--anonymous published`, callers who have not signed in see only
//! incidents a reviewer marked published: the incident lists (web and API, searches included) hold
//! only published incidents, an incident page or a report or account that belongs to no published
//! incident is a 404 (as if it did not exist), and the bulk report and account lists need a sign-in.
//! [`only_published`] guards the item routes, [`restricted`] tells the list handlers to filter.
//!
//! And whatever the mode, a search must not find a masked name: for a caller below analyst,
//! [`search_reveals_private`] tells whether a searched word is the name of a named victim or witness
//! (the [`crate::private`] mask's rule) in a report the search would read; such a search then finds
//! nothing, so that it can neither list the victim's incident nor confirm the name.

use crate::auth::{Anonymous, Caller};
use crate::error::ApiError;
use crate::AppState;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use toll_extract::lexicon::{NAMED_VICTIM_VERBS, WITNESS_NOUNS};
use toll_store::{Store, TextQuery};

/// Reports read per searched word to tell whether it is a masked name: a word found beside a kill
/// verb or a witness noun in more reports than this is a common word, not a private name.
const NAME_CHECK_REPORTS: usize = 200;

/// True when `caller` may see only published incidents (anonymous, `--anonymous published`).
pub fn restricted(state: &AppState, caller: &Caller) -> bool {
    caller.user.is_none() && state.auth.anonymous == Anonymous::Published
}

/// What an item route names.
enum Item {
    Incident(String),
    Report(i64),
    Account(i64),
    /// A bulk list of reports or accounts.
    List,
}

/// The item a path names, when it is one of the routes this module guards.
fn item_of(path: &str) -> Option<Item> {
    let (rest, api) = match path.strip_prefix("/api/v1") {
        Some(rest) => (rest, true),
        None => (path, false),
    };
    let mut parts = rest.trim_start_matches('/').splitn(2, '/');
    let (kind, id) = (parts.next()?, parts.next());
    match (kind, id) {
        // an incident's own page; its sub-routes (review forms and actions) ask for a role anyway
        ("incidents", Some(id)) if !id.is_empty() && !id.contains('/') => {
            Some(Item::Incident(id.to_string()))
        }
        // an id that is no number is the handler's 400
        ("reports", Some(id)) => id.parse().ok().map(Item::Report),
        ("accounts", Some(id)) if api => id.parse().ok().map(Item::Account),
        ("reports" | "accounts", None) if api => Some(Item::List),
        _ => None,
    }
}

/// For a caller who may see only published incidents: answers 404 for an incident, report or
/// account outside every published incident, and 401 for the bulk report and account lists.
pub async fn only_published(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let caller = req
        .extensions()
        .get::<Caller>()
        .cloned()
        .unwrap_or_default();
    // only reads are filtered: a write needs a signed-in caller, whom nothing here restricts
    if !restricted(&state, &caller) || req.method() != axum::http::Method::GET {
        return next.run(req).await;
    }
    let path = req.uri().path().to_string();
    let api = path.starts_with("/api/");
    let Some(item) = item_of(&path) else {
        return next.run(req).await;
    };
    let shown = match item {
        Item::List => {
            let message = "sign in to list reports and accounts: this server shows anonymous callers published incidents only";
            let mut res = ApiError {
                status: StatusCode::UNAUTHORIZED,
                message: message.into(),
            }
            .into_response();
            res.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
            return res;
        }
        Item::Incident(id) => {
            state
                .db
                .run(move |s| {
                    // a merged id shows its survivor: the survivor must be published
                    let id = s.resolve_incident(&id)?.unwrap_or(id);
                    s.incident_published(&id)
                })
                .await
        }
        Item::Report(id) => state.db.run(move |s| s.document_published(id)).await,
        Item::Account(id) => state.db.run(move |s| s.account_published(id)).await,
    };
    match shown {
        Ok(true) => next.run(req).await,
        Ok(false) if api => ApiError::not_found("no such published record").into_response(),
        Ok(false) => crate::web::page_error(StatusCode::NOT_FOUND, "There is no page here."),
        Err(e) if api => ApiError::from(e).into_response(),
        Err(e) => {
            let e = ApiError::from(e);
            crate::web::page_error(e.status, &e.message)
        }
    }
}

/// Keeps only the accounts of `report` that belong to a published incident: a report reachable
/// through a published incident does not show what other, unpublished incidents hold.
pub fn keep_published_accounts(
    store: &toll_store::SqliteStore,
    report: &mut crate::view::ReportDetail,
) -> Result<(), toll_store::StoreError> {
    let mut published = std::collections::HashMap::new();
    let mut keep = Vec::with_capacity(report.accounts.len());
    for a in std::mem::take(&mut report.accounts) {
        let Some(incident) = a.incident_id.clone() else {
            continue;
        };
        let shown = match published.get(&incident) {
            Some(p) => *p,
            None => {
                let p = store.incident_published(&incident)?;
                published.insert(incident, p);
                p
            }
        };
        if shown {
            keep.push(a);
        }
    }
    report.accounts = keep;
    Ok(())
}

/// True when the search `text` names a masked person for `caller`: some word of it is, in a report
/// the search reads, part of a named victim's or witness's name (the [`crate::private`] rule).
/// Analysts and above see the names, so their searches are never held back.
pub async fn search_reveals_private(
    state: &AppState,
    caller: &Caller,
    text: &str,
) -> Result<bool, ApiError> {
    if caller.sees_private() {
        return Ok(false);
    }
    let Ok(query) = TextQuery::parse(text) else {
        return Ok(false);
    };
    for term in query.terms().to_vec() {
        let word = TextQuery::parse(&format!(
            "{}{}",
            term.word,
            if term.prefix { "*" } else { "" }
        ))
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
        let texts = state
            .db
            .search(move |s| {
                let triggers: Vec<&str> = NAMED_VICTIM_VERBS
                    .iter()
                    .chain(WITNESS_NOUNS)
                    .copied()
                    .collect();
                s.texts_with_words(&word, &triggers, NAME_CHECK_REPORTS)
            })
            .await?;
        if texts.iter().any(|t| names_word(t, &term.word, term.prefix)) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// True when a private name in `text` is the searched `word` (or begins with it, for a prefix),
/// compared as the search index compares: case and diacritics folded.
fn names_word(text: &str, word: &str, prefix: bool) -> bool {
    let want = toll_geo::normalize(word);
    if want.is_empty() {
        return false;
    }
    crate::private::private_spans(text).iter().any(|&(s, e)| {
        text.get(s..e).is_some_and(|name| {
            let got = toll_geo::normalize(name);
            if prefix {
                got.starts_with(&want)
            } else {
                got == want
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_routes_are_recognised() {
        assert!(
            matches!(item_of("/incidents/IRQ-2024-03-07-a"), Some(Item::Incident(i)) if i == "IRQ-2024-03-07-a")
        );
        assert!(matches!(
            item_of("/api/v1/incidents/X"),
            Some(Item::Incident(_))
        ));
        assert!(matches!(item_of("/reports/3"), Some(Item::Report(3))));
        assert!(matches!(
            item_of("/api/v1/accounts/9"),
            Some(Item::Account(9))
        ));
        assert!(matches!(item_of("/api/v1/reports"), Some(Item::List)));
        assert!(matches!(item_of("/api/v1/accounts"), Some(Item::List)));
        assert!(item_of("/api/v1/incidents").is_none());
        assert!(item_of("/").is_none());
        assert!(item_of("/reports/x").is_none());
        assert!(item_of("/api/v1/incidents/X/review").is_none());
    }

    #[test]
    fn a_searched_word_is_found_among_private_names_folded() {
        let text = "The strike killed journalist Ibrahim Biári, said witness Samira Haddad.";
        assert!(names_word(text, "biari", false));
        assert!(names_word(text, "BIARI", false));
        assert!(names_word(text, "Hadd", true));
        assert!(!names_word(text, "strike", false));
        assert!(!names_word(text, "journalist", false));
    }
}
