//! Documents attached to a claim: size-limited, typed by their bytes (never by their name), stored
//! raw with their SHA-256.

use crate::ClaimsError;
use sha2::{Digest, Sha256};

/// The largest document accepted by default (20 MiB).
pub const MAX_BYTES: usize = 20 << 20;

/// Accepted types: the bytes a file starts with (at an offset), and its media type.
const MAGIC: &[(usize, &[u8], &str)] = &[
    (0, b"%PDF-", "application/pdf"),
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"GIF87a", "image/gif"),
    (0, b"GIF89a", "image/gif"),
    (8, b"WEBP", "image/webp"),
    (0, b"II*\0", "image/tiff"),
    (0, b"MM\0*", "image/tiff"),
];

/// The kinds of document a file can hold (`data/document_kinds.txt`).
pub fn kinds() -> Vec<&'static str> {
    include_str!("../data/document_kinds.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// The media type `bytes` show, if it is an accepted type.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    MAGIC
        .iter()
        .find(|(at, magic, _)| bytes.get(*at..at + magic.len()) == Some(*magic))
        .filter(|(at, _, media)| *at == 0 || (*media == "image/webp" && bytes.starts_with(b"RIFF")))
        .map(|(_, _, media)| *media)
}

/// A document checked for attaching: its media type and SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The media type its bytes show.
    pub media_type: &'static str,
    /// SHA-256 of its bytes, lowercase hex.
    pub sha256: String,
}

/// Checks a document named `name` of kind `kind`: at most `max` bytes, an accepted type by its
/// bytes, a known kind.
pub fn check(name: &str, kind: &str, bytes: &[u8], max: usize) -> Result<Checked, ClaimsError> {
    let refuse = |reason: String| ClaimsError::Document {
        name: name.to_string(),
        reason,
    };
    if !kinds().contains(&kind) {
        return Err(refuse(format!(
            "{kind:?} is no document kind ({})",
            kinds().join(", ")
        )));
    }
    if bytes.len() > max {
        return Err(refuse(format!(
            "{} bytes, more than the {max} a document may have",
            bytes.len()
        )));
    }
    let media_type = sniff(bytes).ok_or_else(|| {
        refuse("its bytes are no PDF, PNG, JPEG, GIF, WebP or TIFF file".to_string())
    })?;
    Ok(Checked {
        media_type,
        sha256: crate::seal::hex(&Sha256::digest(bytes)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_typed_by_their_bytes() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(b"\xff\xd8\xff\xe0"), Some("image/jpeg"));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff(b"XXXX\0\0\0\0WEBPVP8 "), None);
        assert_eq!(sniff(b"<html>"), None);
        // a name that says PDF does not make the bytes one
        let refused = check("death.pdf", "death_certificate", b"MZ\x90\0", MAX_BYTES);
        assert!(matches!(refused, Err(ClaimsError::Document { .. })));
    }

    #[test]
    fn size_and_kind_are_checked() {
        assert!(check("a.pdf", "identity", b"%PDF-1.4 0123456789", 10).is_err());
        assert!(check("a.pdf", "passport-ish", b"%PDF-1.4", MAX_BYTES).is_err());
        let ok = check("a.pdf", "identity", b"%PDF-1.4", MAX_BYTES);
        assert!(ok.as_ref().is_ok_and(|c| c.sha256.len() == 64), "{ok:?}");
    }
}
