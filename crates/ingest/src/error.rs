//! Errors and warnings, each naming the file (and the line or record) it is about.

use std::fmt;
use std::path::PathBuf;

/// Where inside a file a problem or a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A 1-based line of a JSONL file.
    Line(usize),
    /// A WARC record starting at this byte offset (of the decompressed stream for `.warc.gz`).
    Record {
        /// Byte offset of the record's `WARC/` version line.
        offset: u64,
        /// True when the offset counts bytes of the decompressed stream of a `.warc.gz`.
        decompressed: bool,
    },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Line(n) => write!(f, " line {n}"),
            Location::Record {
                offset,
                decompressed: false,
            } => write!(f, " record at byte {offset}"),
            Location::Record {
                offset,
                decompressed: true,
            } => write!(f, " record at byte {offset} (decompressed)"),
        }
    }
}

/// Formats an optional location (empty when `None`).
struct At(Option<Location>);

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(l) => l.fmt(f),
            None => Ok(()),
        }
    }
}

/// Why an input, or a part of it, could not be read. Every message names the file.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file or directory could not be opened or read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file, a line or a record is larger than the limit.
    #[error(
        "{path}{at}: {what} is {size} bytes, over the limit of {limit} bytes (raise it with --max-bytes)",
        at = At(*location),
        what = match location {
            None => "file",
            Some(Location::Line(_)) => "line",
            Some(Location::Record { .. }) => "record content",
        }
    )]
    TooLarge {
        /// The path.
        path: PathBuf,
        /// The line or record, when the limit applies to one part of the file.
        location: Option<Location>,
        /// Its size (at least; reading stops shortly after the limit).
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A JSONL line or a sidecar is not the expected JSON.
    #[error("{path}{at}: invalid JSON: {message}", at = At(*location))]
    Json {
        /// The path.
        path: PathBuf,
        /// The line, for JSONL.
        location: Option<Location>,
        /// What the parser said.
        message: String,
    },
    /// A WARC archive is malformed or truncated at a record.
    #[error("{path}{at}: {message}", at = At(Some(*location)))]
    Warc {
        /// The path.
        path: PathBuf,
        /// The record where reading failed.
        location: Location,
        /// What is wrong.
        message: String,
    },
    /// The path is a FIFO, socket, device or other special file (after following symbolic links): only
    /// regular files are read, so that a pipe cannot block a batch and a device cannot feed it forever.
    #[error("{path}: not a regular file (a FIFO, socket, device or other special file); skipped")]
    NotRegular {
        /// The path.
        path: PathBuf,
    },
    /// The path is neither a directory nor a supported file type.
    #[error(
        "{path}: unsupported file type (expected .txt, .jsonl, .html, .htm, .warc or .warc.gz)"
    )]
    Unsupported {
        /// The path.
        path: PathBuf,
    },
}

impl IngestError {
    /// The file the error is about.
    pub fn path(&self) -> &std::path::Path {
        match self {
            IngestError::Io { path, .. }
            | IngestError::TooLarge { path, .. }
            | IngestError::Json { path, .. }
            | IngestError::Warc { path, .. }
            | IngestError::NotRegular { path }
            | IngestError::Unsupported { path } => path,
        }
    }
}

/// A problem that does not stop a document from being read (lossy UTF-8, an ignored sidecar).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file it is about.
    pub path: PathBuf,
    /// The line or record, when it is about one part of the file.
    pub location: Option<Location>,
    /// What happened.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}: {}",
            self.path.display(),
            At(self.location),
            self.message
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_file_and_place() {
        let e = IngestError::Json {
            path: "feed.jsonl".into(),
            location: Some(Location::Line(7)),
            message: "expected value".into(),
        };
        assert_eq!(
            e.to_string(),
            "feed.jsonl line 7: invalid JSON: expected value"
        );
        let e = IngestError::Warc {
            path: "crawl.warc.gz".into(),
            location: Location::Record {
                offset: 1234,
                decompressed: true,
            },
            message: "truncated".into(),
        };
        assert_eq!(
            e.to_string(),
            "crawl.warc.gz record at byte 1234 (decompressed): truncated"
        );
        let e = IngestError::TooLarge {
            path: "a.txt".into(),
            location: None,
            size: 120,
            limit: 100,
        };
        assert!(e
            .to_string()
            .starts_with("a.txt: file is 120 bytes, over the limit of 100"));
        let w = Warning {
            path: "b.txt".into(),
            location: None,
            message: "invalid UTF-8".into(),
        };
        assert_eq!(w.to_string(), "b.txt: invalid UTF-8");
    }
}
