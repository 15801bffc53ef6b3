//! Adding one report to the record: extract its accounts and store it with them.

use crate::RecordError;
use std::collections::BTreeSet;
use toll_model::Account;
use toll_store::{DocumentId, InsertOutcome, NewDocument, ReextractOutcome, Store, StoreError};

/// What adding a report did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// The report was new: stored with this many accounts.
    Inserted {
        /// Its id in the store.
        document_id: DocumentId,
        /// Accounts stored with it.
        accounts: usize,
    },
    /// The same bytes were stored before (by SHA-256): the report is not stored or extracted
    /// again, only this sighting of it (its file, outlet, URL and date) when it is new.
    Duplicate {
        /// The stored report's id.
        document_id: DocumentId,
        /// True when this file and metadata had not been seen before and were recorded.
        new_sighting: bool,
    },
}

/// Extracts the accounts of one report's text, with what its metadata says (its publication
/// date; its language, ISO 639-1, read through its gloss file when there is one; its address,
/// whose path may date it) and the gazetteer.
pub fn extract_accounts(
    text: &str,
    meta: &toll_model::ReportMeta,
    gazetteer: &toll_geo::Gazetteer,
) -> Vec<Account> {
    let context = toll_extract::ReportContext {
        published: parse_published(meta.published.as_deref()),
        gazetteer: Some(gazetteer),
        lang: meta.lang.as_deref(),
        url: meta.url.as_deref(),
    };
    toll_extract::extract_report(text, &context)
}

/// Parses a `YYYY-MM-DD` publication date; anything else counts as unknown.
pub fn parse_published(published: Option<&str>) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(published?.get(..10)?, "%Y-%m-%d").ok()
}

/// Stores `doc` with the accounts extracted from its text, in one transaction; a report whose
/// bytes are already stored is not extracted again, but this sighting of it is recorded (its
/// outlet then counts as a source of the report's incidents: [`crate::link::refresh_documents`]). Linking is a separate step
/// ([`crate::link_new`]), run once after a batch.
pub fn add_report(
    store: &dyn Store,
    gazetteer: &toll_geo::Gazetteer,
    doc: &NewDocument<'_>,
) -> Result<Added, StoreError> {
    if let Some(document_id) = store.document_id_by_sha256(doc.sha256)? {
        return duplicate(store, document_id, doc);
    }
    let accounts = extract_accounts(doc.text, doc.meta, gazetteer);
    Ok(
        match store.insert_document(doc, &accounts, toll_extract::EXTRACTOR_VERSION)? {
            InsertOutcome::Inserted {
                document_id,
                account_ids,
            } => Added::Inserted {
                document_id,
                accounts: account_ids.len(),
            },
            InsertOutcome::Duplicate { document_id } => duplicate(store, document_id, doc)?,
        },
    )
}

/// A report stored before, seen again: records the sighting.
fn duplicate(
    store: &dyn Store,
    document_id: DocumentId,
    doc: &NewDocument<'_>,
) -> Result<Added, StoreError> {
    let new_sighting = store.add_sighting(document_id, doc)?;
    Ok(Added::Duplicate {
        document_id,
        new_sighting,
    })
}

/// Extracts stored report `document_id` again (a newer extractor) and keeps the record whole: its
/// machine accounts are superseded by the new extraction's, reviewed ones (and accounts a
/// reviewer placed in an incident) stay, the new accounts are linked, and every incident that lost
/// or gained an account is reconciled again.
pub fn reextract_report(
    store: &dyn Store,
    gazetteer: &toll_geo::Gazetteer,
    document_id: DocumentId,
) -> Result<ReextractOutcome, RecordError> {
    let Some((info, text)) = store.document_text(document_id)? else {
        return Err(RecordError::NotFound {
            what: "report",
            id: document_id.to_string(),
        });
    };
    let before: BTreeSet<String> = store
        .links_of_document(document_id)?
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    let accounts = extract_accounts(&text, &info.meta, gazetteer);
    let outcome = store.reextract(document_id, &accounts, toll_extract::EXTRACTOR_VERSION)?;
    crate::link_new(store)?;
    // incidents that lost a superseded account (new links were reconciled by linking)
    let mut records = Vec::with_capacity(before.len());
    for id in &before {
        if store.incident(id)?.is_some() {
            records.push(crate::summarize_stored(store, id)?);
        }
    }
    store.upsert_incidents(&records)?;
    Ok(outcome)
}
