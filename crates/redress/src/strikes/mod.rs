//! Declared strikes read from files: CSV and JSON lines ([`table`]) and the plain text of military
//! strike releases ([`release`]). Reading is pure: it takes bytes and the gazetteer and returns the
//! strikes with an error for each row that is none, naming the file and line; the rest is kept.

pub mod place;
pub mod release;
pub mod table;

use crate::RedressError;
use chrono::NaiveDate;
pub use toll_store::redress::DeclaredStrike;

/// The formats strike files come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
    /// The plain text of a military strike release.
    Release,
}

impl Format {
    /// The format of a file by its extension: `.csv`, `.jsonl` / `.json`, anything else (`.txt`) a
    /// release.
    pub fn of_path(path: &std::path::Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("csv") => Format::Csv,
            Some("jsonl" | "json" | "ndjson") => Format::Jsonl,
            _ => Format::Release,
        }
    }

    /// The name stored with an archived source.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
            Format::Release => "release",
        }
    }
}

/// What reading one file gave: its strikes and an error per bad row.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The strikes read.
    pub strikes: Vec<DeclaredStrike>,
    /// One error per row, line or paragraph that is not a strike.
    pub errors: Vec<RedressError>,
}

/// What the caller knows of a file beyond its bytes.
#[derive(Debug, Clone, Default)]
pub struct Context<'a> {
    /// The file's name, for errors.
    pub file: &'a str,
    /// Who declared its strikes when a row or release does not say (`--belligerent`).
    pub belligerent: Option<&'a str>,
    /// Where the declaration is published when a row or release does not say (`--url`).
    pub url: Option<&'a str>,
}

/// Reads one file's strikes in `format`.
pub fn parse(
    bytes: &[u8],
    format: Format,
    cx: &Context<'_>,
    gazetteer: &toll_geo::Gazetteer,
) -> Parsed {
    match format {
        Format::Csv => table::parse_csv(bytes, cx, gazetteer),
        Format::Jsonl => table::parse_jsonl(bytes, cx, gazetteer),
        Format::Release => release::parse(&String::from_utf8_lossy(bytes), cx, gazetteer),
    }
}

/// A day as `YYYY-MM-DD`.
pub(crate) fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Reads a day written `YYYY-MM-DD` (or `YYYY/MM/DD`).
pub(crate) fn parse_day(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%Y/%m/%d"))
        .ok()
}
