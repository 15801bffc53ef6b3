//! The store's error type. It names no backend type, so that another backend can return it too.

use std::path::PathBuf;

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be opened or set up.
    #[error("{path}: cannot open the database: {source}")]
    Open {
        /// The database file.
        path: PathBuf,
        /// What the backend said.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The database's schema is newer than this build knows.
    #[error(
        "the database has schema version {found}, newer than this build of toll supports ({supported}); upgrade toll"
    )]
    SchemaTooNew {
        /// The version found.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// A schema migration failed; the database is left at the version before it.
    #[error("schema migration {version} ({name}) failed: {source}")]
    Migration {
        /// The migration's version.
        version: i64,
        /// Its name.
        name: &'static str,
        /// What the backend said.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A value passed in cannot be stored (a span outside the text, a malformed hash, invalid JSON).
    #[error("invalid input: {0}")]
    Invalid(String),
    /// A record that an operation needs does not exist.
    #[error("no {what} with id {id}")]
    NotFound {
        /// The kind of record ("document", "account", "incident").
        what: &'static str,
        /// Its id.
        id: String,
    },
    /// Stored data could not be decoded.
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// A read was stopped before it finished because its caller gave up on it (see
    /// [`crate::SqliteStore::read_snapshot_until`]).
    #[error("the read was interrupted: its time ran out")]
    Interrupted,
    /// Any other database error.
    #[error("database error: {0}")]
    Backend(Box<dyn std::error::Error + Send + Sync>),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        if e.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted) {
            return StoreError::Interrupted;
        }
        StoreError::Backend(Box::new(e))
    }
}

/// Results of store operations.
pub type Result<T> = std::result::Result<T, StoreError>;
