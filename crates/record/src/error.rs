//! The record layer's error type.

use toll_store::StoreError;

/// Why a record operation failed.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// The store failed; what was committed before stays.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A stored incident summary could not be read or written.
    #[error("incident {id}: unreadable summary: {source}")]
    Summary {
        /// The incident.
        id: String,
        /// What the JSON decoder or encoder said.
        source: serde_json::Error,
    },
    /// A review decision was made on another version of the incident than the stored one.
    #[error(
        "incident {incident} changed since you saw it (you saw version {expected}, it is at version {found}): reload it and decide again"
    )]
    Conflict {
        /// The incident.
        incident: String,
        /// The version the reviewer saw.
        expected: i64,
        /// The version stored now.
        found: i64,
    },
    /// What a decision names does not exist.
    #[error("no {what} {id}")]
    NotFound {
        /// `account` or `incident`.
        what: &'static str,
        /// Its id.
        id: String,
    },
    /// A decision that cannot be applied as given (the message says why).
    #[error("{0}")]
    Invalid(String),
}
