//! The values that go into and come out of a store.

use toll_model::{Account, ReportMeta, Scope};

/// Row id of a stored document.
pub type DocumentId = i64;
/// Row id of a stored account.
pub type AccountId = i64;

/// A document to store, borrowed from whoever read it.
#[derive(Debug, Clone, Copy)]
pub struct NewDocument<'a> {
    /// SHA-256 of `raw`, 64 lowercase hex digits; documents are unique by it.
    pub sha256: &'a str,
    /// The bytes exactly as read.
    pub raw: &'a [u8],
    /// Media type (`text/plain`, `text/html`, `application/jsonl`, …).
    pub media_type: &'a str,
    /// Where it came from: a file path or a URL.
    pub source: &'a str,
    /// When it was captured (RFC 3339), if known.
    pub captured_at: Option<&'a str>,
    /// Its metadata; `meta.id` becomes the document's `doc_key`.
    pub meta: &'a ReportMeta,
    /// The extracted text that account spans point into.
    pub text: &'a str,
}

/// What `insert_document` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InsertOutcome {
    /// The document was new: it and its accounts were stored.
    Inserted {
        /// The new document's id.
        document_id: DocumentId,
        /// The new accounts' ids, in the order given.
        account_ids: Vec<AccountId>,
    },
    /// A document with the same SHA-256 was already stored; nothing was written.
    Duplicate {
        /// The stored document's id.
        document_id: DocumentId,
    },
}

/// What `reextract` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReextractOutcome {
    /// Ids of the machine accounts added, in the order given.
    pub added: Vec<AccountId>,
    /// How many older machine accounts were marked superseded.
    pub superseded: usize,
    /// How many reviewed (confirmed, edited or rejected) accounts were kept as they were.
    pub kept_reviewed: usize,
    /// How many new accounts were not added because they overlap a reviewed account's span.
    pub skipped_overlapping: usize,
}

/// Review status of an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountStatus {
    /// Produced by the extractor, not reviewed.
    Machine,
    /// A reviewer confirmed it.
    Confirmed,
    /// A reviewer rejected it; kept for the record, never current.
    Rejected,
    /// A reviewer's corrected version of an account.
    Edited,
}

impl AccountStatus {
    /// The label stored in the database.
    pub fn as_str(&self) -> &'static str {
        match self {
            AccountStatus::Machine => "machine",
            AccountStatus::Confirmed => "confirmed",
            AccountStatus::Rejected => "rejected",
            AccountStatus::Edited => "edited",
        }
    }

    /// Parses a stored label.
    pub fn parse(s: &str) -> Option<AccountStatus> {
        match s {
            "machine" => Some(AccountStatus::Machine),
            "confirmed" => Some(AccountStatus::Confirmed),
            "rejected" => Some(AccountStatus::Rejected),
            "edited" => Some(AccountStatus::Edited),
            _ => None,
        }
    }

    /// True for statuses a person set (confirmed, rejected, edited).
    pub fn is_reviewed(&self) -> bool {
        !matches!(self, AccountStatus::Machine)
    }
}

/// A stored document's description, without its bytes and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentInfo {
    /// Row id.
    pub id: DocumentId,
    /// SHA-256 of the raw bytes.
    pub sha256: String,
    /// Size of the raw bytes.
    pub size: u64,
    /// Media type.
    pub media_type: String,
    /// File path or URL it came from.
    pub source: String,
    /// When it was captured (RFC 3339), if known.
    pub captured_at: Option<String>,
    /// When it was stored (RFC 3339, UTC).
    pub ingested_at: String,
    /// Its metadata (`meta.id` is the doc key).
    pub meta: ReportMeta,
}

/// One time a report was read: from which file (or URL), as which outlet's, URL and publication
/// date, and when. A report identified by its bytes may be seen many times (a wire story).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sighting {
    /// File path, or the WARC record's target URI.
    pub source: String,
    /// The outlet its metadata named.
    pub outlet: Option<String>,
    /// The URL its metadata named.
    pub url: Option<String>,
    /// The publication date its metadata named.
    pub published: Option<String>,
    /// When it was ingested (RFC 3339, UTC).
    pub seen_at: String,
}

/// A stored document with its bytes and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDocument {
    /// Its description.
    pub info: DocumentInfo,
    /// The bytes exactly as read.
    pub raw: Vec<u8>,
    /// The extracted text that account spans point into.
    pub text: String,
}

/// A stored account with its bookkeeping.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAccount {
    /// Row id.
    pub id: AccountId,
    /// The document it was found in.
    pub document_id: DocumentId,
    /// The extractor that produced it (`toll-extract/0.1.0`).
    pub extractor_version: String,
    /// Review status.
    pub status: AccountStatus,
    /// The account itself.
    pub account: Account,
}

/// Which current accounts to list. Current means neither superseded nor rejected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AccountFilter {
    /// Only this document's accounts.
    pub document_id: Option<DocumentId>,
    /// Only accounts of this scope.
    pub scope: Option<Scope>,
    /// Only accounts with an id greater than this (for paging).
    pub after: Option<AccountId>,
    /// At most this many (all when `None`).
    pub limit: Option<usize>,
}

/// A current incident-scope account, as the linking step needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkCandidate {
    /// The account's id.
    pub account_id: AccountId,
    /// Its document's id.
    pub document_id: DocumentId,
    /// Its document's key (`ReportMeta::id`).
    pub doc_key: String,
    /// The account.
    pub account: Account,
    /// The incident it is linked to now, if any.
    pub incident_id: Option<String>,
}

/// How an account came to be linked to an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkMethod {
    /// By the linking step; may be replaced by a later run.
    Auto,
    /// By a reviewer; never replaced automatically.
    Confirmed,
}

impl LinkMethod {
    /// The label stored in the database.
    pub fn as_str(&self) -> &'static str {
        match self {
            LinkMethod::Auto => "auto",
            LinkMethod::Confirmed => "confirmed",
        }
    }
}

/// An incident: one event that accounts from many reports describe.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentRecord {
    /// Stable id, e.g. `IRQ-2017-03-17-a`.
    pub id: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
    /// Event date `YYYY-MM-DD`.
    pub date: Option<String>,
    /// UCDP `date_prec`.
    pub date_prec: Option<u8>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// UCDP `where_prec`.
    pub where_prec: Option<u8>,
    /// Place name.
    pub place: Option<String>,
    /// Headline figures copied out of the summary, for filtering and sorting.
    pub facts: IncidentFacts,
    /// The reconciliation summary as JSON; the store keeps it as given.
    pub summary_json: String,
}

/// An incident's headline figures: copies of what its reconciled summary says, kept in columns so that
/// lists can be filtered and sorted without reading summaries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IncidentFacts {
    /// Killed, low estimate.
    pub killed_low: Option<u64>,
    /// Killed, best estimate.
    pub killed_best: Option<u64>,
    /// Killed, high estimate.
    pub killed_high: Option<u64>,
    /// Injured, best estimate.
    pub injured_best: Option<u64>,
    /// Corroboration grade (`confirmed`, `fair`, `weak`, `contested`, `discounted`).
    pub grade: Option<String>,
    /// Linked accounts.
    pub accounts: u64,
    /// Independent sources.
    pub sources: u64,
}

/// An incident in a list: its columns without the summary.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentRow {
    /// Stable id.
    pub id: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
    /// Event date `YYYY-MM-DD`.
    pub date: Option<String>,
    /// UCDP `date_prec`.
    pub date_prec: Option<u8>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// UCDP `where_prec`.
    pub where_prec: Option<u8>,
    /// Place name.
    pub place: Option<String>,
    /// Headline figures.
    pub facts: IncidentFacts,
}

/// The order of an incident list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum IncidentSort {
    /// By event date (undated last), then id.
    #[default]
    Date,
    /// By best estimate of the killed (unknown last), then id.
    Killed,
    /// By number of independent sources, then id.
    Sources,
    /// By number of linked accounts, then id.
    Accounts,
    /// By id.
    Id,
}

impl IncidentSort {
    /// Parses `date`, `killed`, `sources`, `accounts` or `id`.
    pub fn parse(s: &str) -> Option<IncidentSort> {
        Some(match s {
            "date" => IncidentSort::Date,
            "killed" | "best" => IncidentSort::Killed,
            "sources" => IncidentSort::Sources,
            "accounts" => IncidentSort::Accounts,
            "id" => IncidentSort::Id,
            _ => return None,
        })
    }

    /// The name `parse` accepts.
    pub fn as_str(&self) -> &'static str {
        match self {
            IncidentSort::Date => "date",
            IncidentSort::Killed => "killed",
            IncidentSort::Sources => "sources",
            IncidentSort::Accounts => "accounts",
            IncidentSort::Id => "id",
        }
    }
}

/// A page of an incident search: filters, full-text query, order and window.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IncidentQuery {
    /// The filters of a plain list.
    pub filter: IncidentFilter,
    /// Only incidents with this grade.
    pub grade: Option<String>,
    /// Only incidents whose best estimate of the killed is at least this.
    pub min_killed: Option<u64>,
    /// Only incidents with an account from a report whose title or text contains every word of this
    /// query (full-text, case-insensitive, whole words; a word ending in `*` matches as a prefix).
    pub text: Option<String>,
    /// Order.
    pub sort: IncidentSort,
    /// Largest first.
    pub descending: bool,
    /// Rows to skip.
    pub offset: usize,
    /// Rows to return.
    pub limit: usize,
}

/// One page of incidents and how many match in all.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentPage {
    /// How many incidents match the query.
    pub total: u64,
    /// The rows of this page.
    pub rows: Vec<IncidentRow>,
}

/// Which incidents to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IncidentFilter {
    /// Only this country (ISO alpha-2).
    pub country: Option<String>,
    /// Only incidents dated on or after this `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Only incidents dated on or before this `YYYY-MM-DD`.
    pub to: Option<String>,
}

/// An account linked to an incident, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentAccount {
    /// The account.
    pub account: StoredAccount,
    /// How it was linked.
    pub method: LinkMethod,
    /// Its document's source (file path or URL).
    pub source: String,
    /// Its document's metadata.
    pub meta: ReportMeta,
}

/// Row counts, for summaries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Documents.
    pub documents: u64,
    /// Current accounts (neither superseded nor rejected).
    pub accounts: u64,
    /// Every account row, superseded and rejected ones included.
    pub accounts_all: u64,
    /// Extraction runs.
    pub extraction_runs: u64,
    /// Incidents.
    pub incidents: u64,
    /// Account–incident links.
    pub links: u64,
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Row id (entries are in this order).
    pub id: i64,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Who: the store's actor (`toll ingest`, a reviewer's name).
    pub actor: String,
    /// What: `ingest`, `reextract`, `review`, `link`.
    pub action: String,
    /// The kind of record acted on: `document`, `account`, `incident`.
    pub entity: String,
    /// Its id.
    pub entity_id: String,
    /// Details as JSON.
    pub detail: Option<String>,
    /// What the record was before, as JSON (review decisions).
    pub before: Option<String>,
    /// What it is after, as JSON (review decisions).
    pub after: Option<String>,
    /// Why, in the reviewer's words.
    pub reason: Option<String>,
    /// The hash of the event before it ([`AUDIT_GENESIS`] for the first).
    pub prev_hash: Option<String>,
    /// SHA-256 (hex) of `prev_hash`, a newline and this event's canonical content.
    pub hash: Option<String>,
}

/// The previous hash of the audit chain's first event.
pub const AUDIT_GENESIS: &str = crate::sqlite::AUDIT_GENESIS;

/// One event to append to the audit log.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEvent {
    /// Who (a reviewer's name, `toll`).
    pub actor: String,
    /// What (`review.account.edit`, `review.incident.merge`, …).
    pub action: String,
    /// The kind of record acted on: `document`, `account`, `incident`.
    pub entity: String,
    /// Its id.
    pub entity_id: String,
    /// Details.
    pub detail: Option<serde_json::Value>,
    /// What the record was before.
    pub before: Option<serde_json::Value>,
    /// What it is after.
    pub after: Option<serde_json::Value>,
    /// Why.
    pub reason: Option<String>,
}

/// What recomputing the audit chain found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditCheck {
    /// Every event's hashes are what its content and its predecessor give.
    Intact {
        /// Events checked.
        events: u64,
        /// The last event's hash (none when the log is empty): keep it elsewhere to detect a
        /// deletion at the end of the chain.
        head: Option<String>,
    },
    /// The chain breaks at `event`.
    Broken {
        /// The first bad event's id.
        event: i64,
        /// Events before it that checked out.
        checked: u64,
        /// What is wrong with it.
        problem: String,
    },
}

/// What reviewers decided about one incident (the defaults when nothing was decided).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IncidentReview {
    /// Marked published.
    pub published: bool,
    /// The date and place a reviewer pinned, as JSON (the record layer's `Pin`).
    pub pin: Option<String>,
    /// The grade a reviewer set.
    pub grade: Option<String>,
    /// Why that grade, in the reviewer's words.
    pub grade_reason: Option<String>,
}

impl AuditEntry {
    /// The event as one JSON object, every field as stored (`detail`, `before` and `after` are
    /// JSON text), so that the chain can be recomputed from it alone.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "id": self.id,
            "at": self.at,
            "actor": self.actor,
            "action": self.action,
            "entity": self.entity,
            "entity_id": self.entity_id,
            "detail": self.detail,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        })
    }
}

/// One stored compensation claim (schema v11). The store keeps it as rows; `toll-claims` gives it
/// meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimRow {
    /// Its id.
    pub id: i64,
    /// The incident it is about.
    pub incident_id: String,
    /// Its status (`draft`, `filed`, `acknowledged`, `decided`, `appealed`, `closed`).
    pub status: String,
    /// The claim as JSON (claimant, victims, losses, filings): personal data.
    pub body: String,
    /// The claimant's contact details, sealed (encrypted) by the caller.
    pub contact: Option<Vec<u8>>,
    /// When it was made.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
    /// Raised by every change (optimistic concurrency).
    pub version: i64,
}

/// A document to attach to a claim.
#[derive(Debug, Clone, Copy)]
pub struct NewClaimDocument<'a> {
    /// What it proves (`identity`, `death_certificate`, …).
    pub kind: &'a str,
    /// Its file name.
    pub name: &'a str,
    /// Its media type, as its bytes show.
    pub media_type: &'a str,
    /// SHA-256 of `raw`, 64 lowercase hex digits.
    pub sha256: &'a str,
    /// The bytes exactly as given.
    pub raw: &'a [u8],
}

/// A document attached to a claim, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimDocumentRow {
    /// Its id.
    pub id: i64,
    /// The claim it belongs to.
    pub claim_id: i64,
    /// What it proves.
    pub kind: String,
    /// Its file name.
    pub name: String,
    /// Its media type.
    pub media_type: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
    /// When it was attached.
    pub added_at: String,
}

/// A status a claim reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimEventRow {
    /// Its id.
    pub id: i64,
    /// The claim.
    pub claim_id: i64,
    /// The status reached.
    pub status: String,
    /// When.
    pub at: String,
    /// What the step recorded, as JSON.
    pub detail: String,
}
