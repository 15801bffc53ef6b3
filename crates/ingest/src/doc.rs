//! `SourceDoc`: one document as read, with its hash, origin, metadata and extracted text.

use crate::error::Location;
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use toll_model::{Report, ReportMeta};

/// Media type of a plain-text report.
pub const TEXT_PLAIN: &str = "text/plain";
/// Media type of one line of a JSONL file.
pub const APPLICATION_JSONL: &str = "application/jsonl";
/// Media type of an HTML page.
pub const TEXT_HTML: &str = "text/html";

/// One source document: the bytes exactly as read, where they came from, and the text extraction runs on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceDoc {
    /// The document's bytes exactly as read (a whole `.txt`/`.html` file, one JSONL line without its
    /// line break, or a WARC record's HTTP body with the HTTP headers stripped).
    pub raw: Vec<u8>,
    /// SHA-256 of `raw`, lowercase hex.
    pub sha256: String,
    /// Length of `raw` in bytes.
    pub size: u64,
    /// `text/plain`, `application/jsonl`, `text/html`, or a WARC payload's content type.
    pub media_type: String,
    /// The file path, or for a WARC record its `WARC-Target-URI`.
    pub source: String,
    /// The file the document was read from.
    pub file: PathBuf,
    /// The line or record of `file`, for documents inside a JSONL file or a WARC archive.
    pub location: Option<Location>,
    /// When it was captured: the `WARC-Date`, else the file's modification time (RFC 3339), if known.
    pub captured_at: Option<String>,
    /// Metadata: from a sidecar, the JSONL object, HTML `<title>`/meta tags, or WARC headers.
    pub meta: ReportMeta,
    /// The extracted text; account offsets are byte offsets into it.
    pub text: String,
}

impl SourceDoc {
    /// Builds a document, computing `sha256` and `size` from `raw`.
    pub fn new(
        raw: Vec<u8>,
        media_type: &str,
        source: String,
        file: PathBuf,
        mut meta: ReportMeta,
        text: String,
    ) -> Self {
        if meta.lang.is_none() {
            meta.lang = crate::lang::detect(&text);
        }
        SourceDoc {
            sha256: sha256_hex(&raw),
            size: raw.len() as u64,
            raw,
            media_type: media_type.to_string(),
            source,
            file,
            location: None,
            captured_at: None,
            meta,
            text,
        }
    }

    /// The report (metadata and text) that extraction runs on.
    pub fn report(&self) -> Report {
        Report {
            meta: self.meta.clone(),
            text: self.text.clone(),
        }
    }

    /// Turns the document into its report, dropping the raw bytes.
    pub fn into_report(self) -> Report {
        Report {
            meta: self.meta,
            text: self.text,
        }
    }
}

/// SHA-256 of `bytes` as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest.iter() {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_is_lowercase_hex() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn new_fills_hash_and_size() {
        let d = SourceDoc::new(
            b"Shelling killed 7.".to_vec(),
            TEXT_PLAIN,
            "a.txt".into(),
            "a.txt".into(),
            ReportMeta::default(),
            "Shelling killed 7.".into(),
        );
        assert_eq!(d.size, 18);
        assert_eq!(d.sha256, sha256_hex(b"Shelling killed 7."));
        assert_eq!(d.into_report().text, "Shelling killed 7.");
    }
}
