//! Toll's application layer: the one place that turns reports into the record and the record into
//! what clients show.
//!
//! Every client goes through it, so that every client shows the same record: `toll ingest` adds
//! reports to a database, `toll analyze` adds them to a database in memory, and both then read the
//! accounts back through [`accounts::for_each_account`], with the dates and places their incidents
//! lend them ([`lend`]). The HTTP server lends the same way when it builds an incident's page.
//!
//! - [`add`]: extract a report's accounts and store the report with them (one transaction);
//! - [`link`]: link the accounts not yet linked, reconcile the incidents they touch, store both;
//! - [`lend`]: an account as the record shows it, with its incident's decided date and place;
//! - [`accounts`]: every current account of the record, lent, with its report and incident;
//! - [`page`]: the incident page model every client shows (the JSON API sends it, the web UI renders
//!   it), built ahead of reading and stored as a cache ([`page::store_pages`]);
//! - [`review`]: a reviewer's decisions on accounts and incidents, each with its audit event and
//!   the touched incidents reconciled again;
//! - [`queue`]: what needs a person (contradictions, uncertain links, hedged figures, new
//!   incidents), most useful first, each item saying why;
//! - [`assessments`]: belligerents' confirmed assessments beside the independent figures, and the
//!   grade they make;
//! - [`lock`]: the database's linking lock, which linking and review decisions take;
//! - [`check`]: stored summaries, pages and the search index against what recomputing them gives,
//!   and their repair.

pub mod accounts;
pub mod add;
pub mod assessments;
pub mod check;
mod error;
pub mod lend;
pub mod link;
pub mod lock;
pub mod page;
pub mod queue;
pub mod review;

pub use accounts::{for_each_account, RecordAccount};
pub use add::{add_report, extract_accounts, parse_published, reextract_report, Added};
pub use error::RecordError;
pub use lend::lend;
pub use link::{
    incident_of, link_new, record_of, refresh_documents, stored_incident, summarize_stored,
    LinkSummary,
};
