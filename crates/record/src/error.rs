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
}
