//! Every current account of the record, as clients show it: lent its incident's date and place,
//! with its report's id and its incident's id.

use crate::{lend, stored_incident, RecordError};
use std::collections::HashMap;
use toll_link::Incident;
use toll_model::Account;
use toll_store::{AccountFilter, AccountId, AccountStatus, DocumentId, IncidentFilter, Store};

/// Accounts read from the store per query.
const PAGE: usize = 10_000;

/// One account as the record shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordAccount {
    /// The account's id in the store.
    pub id: AccountId,
    /// Its report's id in the store.
    pub document_id: DocumentId,
    /// Its report's own id (sidecar or JSONL `id`, file stem, WARC record id).
    pub doc: String,
    /// Review status.
    pub status: AccountStatus,
    /// The extractor version that produced it.
    pub extractor_version: String,
    /// The incident it is linked to.
    pub incident: Option<String>,
    /// The account, with the date and place its incident lends it.
    pub account: Account,
}

/// Calls `each` with every current account of the record, in id order (reports in the order they
/// were stored, each report's accounts in text order).
pub fn for_each_account(
    store: &dyn Store,
    mut each: impl FnMut(RecordAccount) -> Result<(), RecordError>,
) -> Result<usize, RecordError> {
    let mut incident_of_account: HashMap<AccountId, String> = HashMap::new();
    for c in store.accounts_for_linking()? {
        if let Some(id) = c.incident_id {
            incident_of_account.insert(c.account_id, id);
        }
    }
    let mut incidents: HashMap<String, Incident> = HashMap::new();
    for r in store.incidents(&IncidentFilter::default())? {
        incidents.insert(r.id.clone(), stored_incident(store, &r)?);
    }
    let mut doc_keys: HashMap<DocumentId, String> = HashMap::new();
    let mut after = None;
    loop {
        let page = store.documents(after, PAGE)?;
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        doc_keys.extend(page.into_iter().map(|d| (d.id, d.meta.id)));
    }
    let mut n = 0;
    let mut after = None;
    loop {
        let page = store.current_accounts(&AccountFilter {
            after,
            limit: Some(PAGE),
            ..AccountFilter::default()
        })?;
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        for s in page {
            let incident = incident_of_account.remove(&s.id);
            let account = match incident.as_ref().and_then(|id| incidents.get(id)) {
                Some(i) => lend(&s.account, i),
                None => s.account,
            };
            each(RecordAccount {
                id: s.id,
                document_id: s.document_id,
                doc: doc_keys.get(&s.document_id).cloned().unwrap_or_default(),
                status: s.status,
                extractor_version: s.extractor_version,
                incident,
                account,
            })?;
            n += 1;
        }
    }
    Ok(n)
}
