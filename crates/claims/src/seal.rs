//! Contact details encrypted at rest (ChaCha20-Poly1305) with a key kept outside the database: a
//! key file of 64 hex digits, named by `--key-file` or the `TOLL_CLAIMS_KEY_FILE` environment
//! variable. A sealed value is a random 12-byte nonce followed by the ciphertext and its tag.

use crate::ClaimsError;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use std::path::Path;

/// The environment variable naming the key file.
pub const KEY_FILE_VAR: &str = "TOLL_CLAIMS_KEY_FILE";

const NONCE_BYTES: usize = 12;

/// The key that seals claimants' contact details.
#[derive(Clone)]
pub struct ContactKey([u8; 32]);

impl std::fmt::Debug for ContactKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ContactKey(…)")
    }
}

/// The error for a missing key.
fn missing(detail: &str) -> ClaimsError {
    ClaimsError::Key(format!(
        "no key for claimants' contact details ({detail}): pass --key-file FILE or set {KEY_FILE_VAR}; \
         make a key with `toll claim keygen FILE` and keep it outside the database"
    ))
}

impl ContactKey {
    /// A new random key, as the 64 hex digits a key file holds.
    pub fn generate() -> Result<String, ClaimsError> {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(|e| ClaimsError::Key(format!("no randomness: {e}")))?;
        Ok(hex(&key))
    }

    /// The key in a key file (64 hex digits; surrounding white space is ignored).
    pub fn from_file(path: &Path) -> Result<ContactKey, ClaimsError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            ClaimsError::Key(format!("key file {}: cannot read: {e}", path.display()))
        })?;
        ContactKey::from_hex(text.trim())
            .map_err(|e| ClaimsError::Key(format!("key file {}: {e}", path.display())))
    }

    /// The key in the file `path`, else in the file `TOLL_CLAIMS_KEY_FILE` names; an error saying
    /// how to give one when neither is there.
    pub fn locate(path: Option<&Path>) -> Result<ContactKey, ClaimsError> {
        match path {
            Some(p) => ContactKey::from_file(p),
            None => match std::env::var_os(KEY_FILE_VAR) {
                Some(p) if !p.is_empty() => ContactKey::from_file(Path::new(&p)),
                _ => Err(missing(&format!("{KEY_FILE_VAR} is not set"))),
            },
        }
    }

    /// The key from 64 hex digits.
    pub fn from_hex(text: &str) -> Result<ContactKey, String> {
        let bytes = text.as_bytes();
        if bytes.len() != 64 {
            return Err(format!(
                "a key is 64 hex digits, this is {} characters",
                bytes.len()
            ));
        }
        let mut key = [0u8; 32];
        for (i, pair) in bytes.chunks(2).enumerate() {
            let s = std::str::from_utf8(pair).map_err(|_| "a key is hex digits".to_string())?;
            key[i] = u8::from_str_radix(s, 16).map_err(|_| "a key is hex digits".to_string())?;
        }
        Ok(ContactKey(key))
    }

    /// `plain` sealed: a fresh random nonce, then the ciphertext with its tag.
    pub fn seal(&self, plain: &str) -> Result<Vec<u8>, ClaimsError> {
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&self.0));
        let mut nonce = [0u8; NONCE_BYTES];
        getrandom::fill(&mut nonce).map_err(|e| ClaimsError::Key(format!("no randomness: {e}")))?;
        let sealed = cipher
            .encrypt(Nonce::from_slice(&nonce), plain.as_bytes())
            .map_err(|_| ClaimsError::Key("contact details could not be sealed".into()))?;
        let mut out = nonce.to_vec();
        out.extend(sealed);
        Ok(out)
    }

    /// The plain text of a sealed value; an error for a wrong key or damaged data.
    pub fn open(&self, sealed: &[u8]) -> Result<String, ClaimsError> {
        if sealed.len() < NONCE_BYTES {
            return Err(ClaimsError::Unseal("too short".into()));
        }
        let (nonce, body) = sealed.split_at(NONCE_BYTES);
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&self.0));
        let plain = cipher
            .decrypt(Nonce::from_slice(nonce), body)
            .map_err(|_| ClaimsError::Unseal("wrong key, or the stored value is damaged".into()))?;
        String::from_utf8(plain).map_err(|_| ClaimsError::Unseal("not UTF-8".into()))
    }
}

/// Lowercase hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_details_open_only_with_their_key() -> Result<(), ClaimsError> {
        let key = ContactKey::from_hex(&ContactKey::generate()?).map_err(ClaimsError::Key)?;
        let other = ContactKey::from_hex(&ContactKey::generate()?).map_err(ClaimsError::Key)?;
        let sealed = key.seal("+964 770 000 0000")?;
        assert!(!String::from_utf8_lossy(&sealed).contains("770"));
        assert_eq!(key.open(&sealed)?, "+964 770 000 0000");
        assert!(other.open(&sealed).is_err());
        assert_ne!(key.seal("x")?, key.seal("x")?, "a fresh nonce each time");
        Ok(())
    }

    #[test]
    fn a_missing_or_bad_key_is_a_clear_error() {
        let err = ContactKey::locate(Some(Path::new("/nonexistent/toll.key"))).err();
        let msg = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(msg.contains("/nonexistent/toll.key"), "{msg}");
        assert!(ContactKey::from_hex("abc").is_err());
        assert!(ContactKey::from_hex(&"zz".repeat(32)).is_err());
    }
}
