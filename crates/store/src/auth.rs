//! Who may use the record: users and their roles, passwords (Argon2id PHC strings with a random
//! per-user salt), API tokens and sign-in session ids (random secrets of which the store keeps only the
//! SHA-256). The tables are in `SCHEMA.md` (v9); the store's methods are in `sqlite/users.rs`.

use crate::error::{Result, StoreError};
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;

/// What a user may do; each role may do everything the roles before it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Reads the record (what anonymous readers may, when the server allows them).
    Viewer,
    /// Reviews accounts and links, and sees private data (named victims).
    Analyst,
    /// Merges and splits incidents, sets grades and published figures, publishes.
    Editor,
    /// Manages users and settings.
    Admin,
}

impl Role {
    /// Every role, least first.
    pub const ALL: [Role; 4] = [Role::Viewer, Role::Analyst, Role::Editor, Role::Admin];

    /// The role's name as stored and typed (`viewer`, `analyst`, `editor`, `admin`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Analyst => "analyst",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = StoreError;

    fn from_str(s: &str) -> Result<Role> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                StoreError::Invalid(format!(
                    "unknown role {s:?} (expected viewer, analyst, editor or admin)"
                ))
            })
    }
}

/// A user as stored (never with the password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// The user's row id.
    pub id: i64,
    /// The sign-in name.
    pub name: String,
    /// What the user may do.
    pub role: Role,
    /// A disabled user can neither sign in nor use a session or token.
    pub disabled: bool,
    /// When the user was added (RFC 3339).
    pub created_at: String,
    /// When the user last signed in, if ever.
    pub last_login: Option<String>,
}

/// An API token as stored (the token itself is shown once and only its hash is kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// The token's id (what `toll token revoke` takes).
    pub id: i64,
    /// The user the token acts as.
    pub user: String,
    /// When it was made.
    pub created_at: String,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
}

/// A signed-in session: who, and the synchronizer token its forms must send back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The signed-in user.
    pub user: User,
    /// The session's CSRF token.
    pub csrf: String,
}

/// Longest user name accepted.
pub const MAX_NAME_CHARS: usize = 64;
/// Longest password accepted (Argon2 hashes any length; this bounds the work a request can ask for).
pub const MAX_PASSWORD_BYTES: usize = 1024;
/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Checks a user name: 1–64 characters among letters, digits, `.`, `_`, `-` and `@`.
pub fn check_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.chars().count() <= MAX_NAME_CHARS
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    if ok {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "user name {name:?}: use 1 to {MAX_NAME_CHARS} letters, digits, '.', '_', '-' or '@'"
        )))
    }
}

/// Checks a password chosen by a person: at least 12 characters, at most 1024 bytes.
pub fn check_password_strength(password: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(StoreError::Invalid(format!(
            "the password must have at least {MIN_PASSWORD_CHARS} characters"
        )));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(StoreError::Invalid(format!(
            "the password must have at most {MAX_PASSWORD_BYTES} bytes"
        )));
    }
    Ok(())
}

/// Hashes `password` with Argon2id (default parameters) and a fresh random salt, as a PHC string.
pub fn hash_password(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Invalid(format!("hashing a password: {e}")))
}

/// True when `password` matches the PHC string `phc` (false for a malformed string too).
pub fn verify_password(phc: &str, password: &str) -> bool {
    if password.len() > MAX_PASSWORD_BYTES {
        return false;
    }
    PasswordHash::new(phc).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// `bytes` random bytes from the operating system, as lowercase hex.
pub fn random_hex(bytes: usize) -> Result<String> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf)
        .map_err(|e| StoreError::Invalid(format!("no randomness from the system: {e}")))?;
    Ok(hex(&buf))
}

/// A new one-time password: 20 characters from an alphabet without look-alikes (about 110 bits).
pub fn generate_password() -> Result<String> {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut buf = [0u8; 20];
    getrandom::fill(&mut buf)
        .map_err(|e| StoreError::Invalid(format!("no randomness from the system: {e}")))?;
    // 256 is not a multiple of 56: the bias (under 1 in 4 per character) costs a fraction of a bit
    Ok(buf
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect())
}

/// The SHA-256 of `secret`, as lowercase hex (how tokens and session ids are stored).
pub fn sha256_hex(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    use fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// True when `a` and `b` are equal, in time that depends only on their lengths (for CSRF tokens).
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered_and_parse() -> Result<()> {
        assert!(Role::Viewer < Role::Analyst && Role::Analyst < Role::Editor);
        assert!(Role::Editor < Role::Admin);
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>()?, r);
        }
        assert!("root".parse::<Role>().is_err());
        Ok(())
    }

    #[test]
    fn passwords_hash_with_a_salt_and_verify() -> Result<()> {
        let a = hash_password("correct horse battery")?;
        let b = hash_password("correct horse battery")?;
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify_password(&a, "correct horse battery"));
        assert!(!verify_password(&a, "correct horse batterY"));
        assert!(!verify_password("not a phc string", "x"));
        Ok(())
    }

    #[test]
    fn names_and_passwords_are_checked() {
        assert!(check_name("ana.b-1@x").is_ok());
        assert!(check_name("").is_err());
        assert!(check_name("a b").is_err());
        assert!(check_name(&"a".repeat(65)).is_err());
        assert!(check_password_strength("short").is_err());
        assert!(check_password_strength("long enough pass").is_ok());
    }

    #[test]
    fn secrets_are_random_and_hashes_stable() -> Result<()> {
        let (a, b) = (random_hex(32)?, random_hex(32)?);
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        let p = generate_password()?;
        assert_eq!(p.chars().count(), 20);
        assert!(check_password_strength(&p).is_ok());
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "ab"));
        Ok(())
    }
}
