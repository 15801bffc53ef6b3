//! Importing strike files into the store: each file's bytes archived with their SHA-256 (like a
//! report: the same bytes are never stored twice), its strikes stored with it in one transaction,
//! and an error for each bad row (the file's other strikes are still imported).

use crate::strikes::{self, Context, Format};
use crate::RedressError;
use sha2::{Digest, Sha256};
use std::path::Path;
use toll_store::redress::NewStrikeSource;
use toll_store::SqliteStore;

/// Largest strike file read (a year of daily releases is a few MB).
pub const MAX_FILE_BYTES: u64 = 256 << 20;

/// What importing one file did.
#[derive(Debug)]
pub enum Imported {
    /// Archived as source `id` with `strikes` strikes.
    Stored {
        /// The archived source's id.
        id: i64,
        /// How many strikes it holds.
        strikes: usize,
    },
    /// The same bytes were imported before (as source `id`); nothing was written.
    Duplicate {
        /// The source already archived.
        id: i64,
    },
    /// The file held no strike at all (its errors say why); nothing was written.
    Empty,
}

/// One file's outcome: what was stored, and the errors of its bad rows.
#[derive(Debug)]
pub struct FileOutcome {
    /// What was stored.
    pub imported: Imported,
    /// Errors naming the file and line.
    pub errors: Vec<RedressError>,
}

/// Options of an import.
#[derive(Debug, Clone, Default)]
pub struct Options<'a> {
    /// The format of every file (else by extension: `.csv`, `.jsonl`, other text a release).
    pub format: Option<Format>,
    /// Who declared the strikes when a file does not say.
    pub belligerent: Option<&'a str>,
    /// Where the declaration is published when a file does not say.
    pub url: Option<&'a str>,
}

/// The SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Imports one file; an unreadable file is an error (`Err`), a bad row an error in the outcome.
pub fn import_file(
    store: &SqliteStore,
    path: &Path,
    options: &Options<'_>,
    gazetteer: &toll_geo::Gazetteer,
) -> Result<FileOutcome, RedressError> {
    let read_err = |source| RedressError::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read_err)?;
    if !meta.is_file() {
        return Err(RedressError::File {
            file: path.display().to_string(),
            message: "not a regular file".into(),
        });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(RedressError::File {
            file: path.display().to_string(),
            message: format!("larger than {MAX_FILE_BYTES} bytes"),
        });
    }
    let bytes = std::fs::read(path).map_err(read_err)?;
    let file = path.display().to_string();
    import_bytes(
        store,
        &bytes,
        &file,
        options,
        gazetteer,
        Format::of_path(path),
    )
}

/// Imports the bytes of one file named `file` (`default_format` unless the options give one).
pub fn import_bytes(
    store: &SqliteStore,
    bytes: &[u8],
    file: &str,
    options: &Options<'_>,
    gazetteer: &toll_geo::Gazetteer,
    default_format: Format,
) -> Result<FileOutcome, RedressError> {
    let sha256 = sha256_hex(bytes);
    if let Some(id) = store.strike_source_by_sha256(&sha256)? {
        return Ok(FileOutcome {
            imported: Imported::Duplicate { id },
            errors: Vec::new(),
        });
    }
    let format = options.format.unwrap_or(default_format);
    let cx = Context {
        file,
        belligerent: options.belligerent,
        url: options.url,
    };
    let parsed = strikes::parse(bytes, format, &cx, gazetteer);
    if parsed.strikes.is_empty() {
        return Ok(FileOutcome {
            imported: Imported::Empty,
            errors: parsed.errors,
        });
    }
    let id = store.insert_strikes(
        &NewStrikeSource {
            sha256: &sha256,
            raw: bytes,
            format: format.as_str(),
            source: file,
        },
        &parsed.strikes,
    )?;
    Ok(FileOutcome {
        imported: Imported::Stored {
            id,
            strikes: parsed.strikes.len(),
        },
        errors: parsed.errors,
    })
}
