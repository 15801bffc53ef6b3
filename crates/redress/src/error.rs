//! The crate's one error type.

use std::path::PathBuf;

/// What went wrong in redress work.
#[derive(Debug, thiserror::Error)]
pub enum RedressError {
    /// A strike file could not be read.
    #[error("{path}: cannot read: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A row, line or paragraph of a strike file is not a strike.
    #[error("{file} line {line}: {message}")]
    Row {
        /// The file.
        file: String,
        /// 1-based line number.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// A file as a whole is unusable (no header, no date in a release).
    #[error("{file}: {message}")]
    File {
        /// The file.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// Input that cannot be used (a bad assessment, an unknown kind).
    #[error("{0}")]
    Invalid(String),
    /// No such record.
    #[error("no {what} {id}")]
    NotFound {
        /// What kind of record.
        what: &'static str,
        /// Its id.
        id: String,
    },
    /// The record store failed.
    #[error(transparent)]
    Store(#[from] toll_store::StoreError),
    /// The record layer failed.
    #[error(transparent)]
    Record(#[from] toll_record::RecordError),
}
