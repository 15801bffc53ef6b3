//! The claims crate's error type.

use toll_store::StoreError;

/// Why a claims operation failed.
#[derive(Debug, thiserror::Error)]
pub enum ClaimsError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No claim with this id.
    #[error("no claim with id {0}")]
    NoClaim(i64),
    /// No incident with this id.
    #[error("no incident with id {0}")]
    NoIncident(String),
    /// A status change the workflow does not allow.
    #[error("claim {claim}: cannot go from {from} to {to} (from {from} it can go to: {allowed})")]
    Transition {
        /// The claim.
        claim: i64,
        /// Its status now.
        from: String,
        /// The status asked for.
        to: String,
        /// The statuses it may go to.
        allowed: String,
    },
    /// A value given is not acceptable (a victim's age, an unknown mechanism …).
    #[error("{0}")]
    Invalid(String),
    /// A document was refused (too large, or its bytes are no accepted type).
    #[error("{name}: {reason}")]
    Document {
        /// The file.
        name: String,
        /// Why it was refused.
        reason: String,
    },
    /// The key that seals contact details is missing or unusable.
    #[error("{0}")]
    Key(String),
    /// Sealed contact details could not be opened (a wrong key, or damaged data).
    #[error("the claimant's contact details cannot be opened: {0}")]
    Unseal(String),
    /// The mechanisms data file is malformed.
    #[error("mechanisms data: {0}")]
    Data(String),
    /// The stored claim is no JSON of its kind.
    #[error("claim {id} is stored damaged: {detail}")]
    Damaged {
        /// The claim.
        id: i64,
        /// What is wrong.
        detail: String,
    },
    /// The dossier could not be made.
    #[error("dossier: {0}")]
    Dossier(String),
}
