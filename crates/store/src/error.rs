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
    /// Stored data could not be decoded (a row that names no file yet; the store reports it as
    /// [`StoreError::Damaged`] once it knows which database it read).
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// A read was stopped before it finished because its caller gave up on it (see
    /// [`crate::SqliteStore::read_snapshot_until`]).
    #[error("the read was interrupted: its time ran out")]
    Interrupted,
    /// The database file is damaged: SQLite found a malformed page or no database header, or a stored
    /// row cannot be decoded. Nothing read from it can be trusted; restore it from a backup.
    #[error("database {} is damaged: {detail}", path.display())]
    Damaged {
        /// The database file.
        path: PathBuf,
        /// What was found damaged.
        detail: String,
    },
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

impl StoreError {
    /// What is damaged, when this error means that the stored data itself is: SQLite's
    /// `SQLITE_CORRUPT` and `SQLITE_NOTADB`, and rows whose stored values cannot be decoded.
    pub fn damage(&self) -> Option<String> {
        let source: &(dyn std::error::Error + 'static) = match self {
            StoreError::Corrupt(detail) | StoreError::Damaged { detail, .. } => {
                return Some(detail.clone())
            }
            StoreError::Open { source, .. }
            | StoreError::Migration { source, .. }
            | StoreError::Backend(source) => source.as_ref(),
            _ => return None,
        };
        let e = source.downcast_ref::<rusqlite::Error>()?;
        match e {
            rusqlite::Error::SqliteFailure(f, _)
                if matches!(
                    f.code,
                    rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase
                ) =>
            {
                Some(e.to_string())
            }
            rusqlite::Error::FromSqlConversionFailure(..)
            | rusqlite::Error::Utf8Error(..)
            | rusqlite::Error::InvalidColumnType(..)
            | rusqlite::Error::IntegralValueOutOfRange(..) => {
                Some(format!("a stored value cannot be read: {e}"))
            }
            _ => None,
        }
    }

    /// This error, naming database `path` when it means the stored data is damaged.
    pub fn in_database(self, path: &std::path::Path) -> StoreError {
        match self.damage() {
            Some(detail) if !matches!(self, StoreError::Damaged { .. }) => StoreError::Damaged {
                path: path.to_path_buf(),
                detail,
            },
            _ => self,
        }
    }
}

/// Results of store operations.
pub type Result<T> = std::result::Result<T, StoreError>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn undecodable_rows_and_malformed_pages_name_the_database() {
        let corrupt = StoreError::Corrupt("account 7: expected value".into());
        assert_eq!(
            corrupt.in_database(Path::new("r.db")).to_string(),
            "database r.db is damaged: account 7: expected value"
        );
        let malformed = StoreError::Backend(Box::new(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
            None,
        )));
        assert!(matches!(
            malformed.in_database(Path::new("r.db")),
            StoreError::Damaged { .. }
        ));
        // a busy database is not a damaged one
        let busy = StoreError::Backend(Box::new(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            None,
        )));
        assert!(matches!(
            busy.in_database(Path::new("r.db")),
            StoreError::Backend(_)
        ));
    }
}
