//! Toll's record store: documents exactly as read, the accounts extracted from them (with the extractor
//! version and review status of each), incidents and the links between accounts and incidents, and an
//! audit log.
//!
//! The pipeline talks to the [`Store`] trait only; [`SqliteStore`] implements it on SQLite (WAL mode,
//! foreign keys on, versioned migrations). Records are never silently rewritten: re-extraction marks
//! older machine accounts superseded instead of deleting them, and reviewed accounts and confirmed links
//! are never replaced by automatic steps. The schema is described in `SCHEMA.md`.

pub mod auth;
mod error;
pub mod redress;
mod schema;
mod sqlite;
mod text_query;
mod types;

pub use auth::{ApiToken, Role, Session, User};
pub use error::{Result, StoreError};
pub use sqlite::SqliteStore;
pub use text_query::{Term, TextQuery, TextQueryError};
pub use types::{
    AccountFilter, AccountId, AccountStatus, AuditCheck, AuditEntry, AuditEvent, ClaimDocumentRow,
    ClaimEventRow, ClaimRow, Counts, DocumentId, DocumentInfo, IncidentAccount, IncidentFacts,
    IncidentFilter, IncidentPage, IncidentQuery, IncidentRecord, IncidentReview, IncidentRow,
    IncidentSort, InsertOutcome, LinkCandidate, LinkMethod, NewClaimDocument, NewDocument,
    QueueKind, QueueRow, QueueScope, ReextractOutcome, Sighting, StoredAccount, StoredDocument,
    AUDIT_GENESIS,
};

use toll_model::Account;

/// What the pipeline needs from a record store. Every write is one transaction: it happens whole or
/// not at all.
pub trait Store {
    /// Stores a document and the accounts extracted from it (by `extractor_version`) in one
    /// transaction. A document whose SHA-256 is already stored is not written again
    /// ([`InsertOutcome::Duplicate`]), so ingesting the same bytes twice is harmless.
    fn insert_document(
        &self,
        doc: &NewDocument<'_>,
        accounts: &[Account],
        extractor_version: &str,
    ) -> Result<InsertOutcome>;

    /// Records that stored document `document_id` was read again as `doc` (same bytes: another
    /// file, outlet, URL or date). Returns `false`, writing nothing, when this file was seen with
    /// the same metadata before.
    fn add_sighting(&self, document_id: DocumentId, doc: &NewDocument<'_>) -> Result<bool>;

    /// Every sighting of a document, oldest (the one it was stored from) first.
    fn sightings(&self, document_id: DocumentId) -> Result<Vec<Sighting>>;

    /// The distinct outlets the reports of incident `id`'s current accounts were seen in, by
    /// document id.
    fn incident_outlets(&self, id: &str) -> Result<Vec<(DocumentId, String)>>;

    /// The id of the document with this SHA-256, if stored.
    fn document_id_by_sha256(&self, sha256: &str) -> Result<Option<DocumentId>>;

    /// Replaces a document's machine accounts with those of a new extraction, in one transaction: current
    /// machine accounts are marked superseded (and kept); reviewed accounts (confirmed, edited, rejected,
    /// or placed in an incident by a reviewer: a confirmed link) stay as they are, and a new account
    /// overlapping a reviewed one's span is not added.
    fn reextract(
        &self,
        document_id: DocumentId,
        accounts: &[Account],
        extractor_version: &str,
    ) -> Result<ReextractOutcome>;

    /// Documents in id order, after `after` (for paging), at most `limit` of them; no bytes or text.
    fn documents(&self, after: Option<DocumentId>, limit: usize) -> Result<Vec<DocumentInfo>>;

    /// One document with its bytes and text.
    fn document(&self, id: DocumentId) -> Result<Option<StoredDocument>>;

    /// One document's metadata and text, without its bytes (lighter, for pages that quote it).
    fn document_text(&self, id: DocumentId) -> Result<Option<(DocumentInfo, String)>>;

    /// Current accounts (neither superseded nor rejected) in id order.
    fn current_accounts(&self, filter: &AccountFilter) -> Result<Vec<StoredAccount>>;

    /// Every current incident-scope account with its document key and present link, for linking.
    fn accounts_for_linking(&self) -> Result<Vec<LinkCandidate>>;

    /// Sets a reviewer's verdict on an account (recorded in the audit log).
    fn set_account_status(&self, account_id: AccountId, status: AccountStatus) -> Result<()>;

    /// Links accounts to incidents automatically, replacing their earlier automatic links; an account
    /// with a confirmed link keeps it. Returns how many links were written or changed.
    fn save_links(&self, links: &[(AccountId, String)]) -> Result<usize>;

    /// Stores why each account was linked to its incident: `(account, incident, explanation as
    /// JSON)`, replacing an earlier explanation of the same account.
    fn save_link_explanations(&self, explanations: &[(AccountId, String, String)]) -> Result<()>;

    /// Why each account linked to incident `id` was linked, as stored JSON, by account id.
    fn link_explanations(&self, id: &str) -> Result<Vec<(AccountId, String)>>;

    /// Links an account to an incident as confirmed by a reviewer (recorded in the audit log).
    fn confirm_link(&self, account_id: AccountId, incident_id: &str) -> Result<()>;

    /// Inserts incidents, or updates those whose id exists.
    fn upsert_incidents(&self, incidents: &[IncidentRecord]) -> Result<()>;

    /// Incidents matching the filter, by date then id.
    fn incidents(&self, filter: &IncidentFilter) -> Result<Vec<IncidentRecord>>;

    /// One incident.
    fn incident(&self, id: &str) -> Result<Option<IncidentRecord>>;

    /// The current accounts linked to an incident, with their documents' source and metadata.
    fn incident_accounts(&self, id: &str) -> Result<Vec<IncidentAccount>>;

    /// One page of incidents matching a query (filters, full-text search over report text, order,
    /// window) and how many match in all.
    fn incident_page(&self, query: &IncidentQuery) -> Result<IncidentPage>;

    /// One account, current or not.
    fn account(&self, id: AccountId) -> Result<Option<StoredAccount>>;

    /// The incident an account is linked to.
    fn link_of_account(&self, id: AccountId) -> Result<Option<String>>;

    /// The incident each linked account of a document belongs to, by account id.
    fn links_of_document(&self, id: DocumentId) -> Result<Vec<(AccountId, String)>>;

    /// Incident `id`'s page as stored ahead of reading, if one of view format `version` is stored
    /// and nothing it depends on has changed since.
    fn incident_view(&self, id: &str, version: i64) -> Result<Option<String>>;

    /// Stores built incident pages `(incident id, page)` of view format `version`.
    fn save_incident_views(&self, version: i64, views: &[(String, String)]) -> Result<()>;

    /// Incidents without a stored page of view format `version`, in id order.
    fn incidents_without_view(&self, version: i64) -> Result<Vec<String>>;

    /// Row counts.
    fn counts(&self) -> Result<Counts>;

    /// The error for stored data that cannot be decoded by a caller (an incident summary that is
    /// no JSON of its kind): [`StoreError::Damaged`] naming the database where the store has a file.
    fn damaged(&self, detail: String) -> StoreError {
        StoreError::Corrupt(detail)
    }

    /// What reviewers decided about incident `id` (published, a pinned date and place, a grade);
    /// the defaults when nothing was decided.
    fn incident_review(&self, id: &str) -> Result<IncidentReview>;

    /// The incident id `id` answers for: itself when stored, else the incident it was merged into
    /// (merged ids redirect to their survivor); `None` when neither.
    fn resolve_incident(&self, id: &str) -> Result<Option<String>>;

    /// Every incident id in use: stored incidents and ids merged into another (which redirect).
    /// No new incident may take one.
    fn taken_incident_ids(&self) -> Result<Vec<String>>;

    /// The latest `limit` audit log entries, oldest first.
    fn audit_log(&self, limit: usize) -> Result<Vec<AuditEntry>>;

    /// Belligerents' assessments of incident `id` (and of incidents merged into it), by
    /// belligerent.
    fn incident_assessments(&self, id: &str) -> Result<Vec<redress::Assessment>>;
}
