//! What the store keeps for redress (schema v10): declared strikes, each from an archived strike
//! log or release, and belligerents' own assessments of incidents.

use toll_model::Range;

/// A strike log or release to archive: its bytes exactly as read.
#[derive(Debug, Clone, Copy)]
pub struct NewStrikeSource<'a> {
    /// SHA-256 of `raw`, lowercase hex.
    pub sha256: &'a str,
    /// The bytes as read.
    pub raw: &'a [u8],
    /// `csv`, `jsonl` or `release` (the text of a military strike release).
    pub format: &'a str,
    /// Where it was read from (a path).
    pub source: &'a str,
}

/// One declared strike (or strike group: one place and day of a release).
#[derive(Debug, Clone, PartialEq)]
pub struct DeclaredStrike {
    /// The line of its file the strike comes from (1-based).
    pub line: u64,
    /// First day it may have happened, `YYYY-MM-DD`.
    pub date_from: String,
    /// Last day it may have happened (the same day for a dated strike).
    pub date_to: String,
    /// The place as declared ("Mosul"), when named.
    pub place: Option<String>,
    /// Latitude, WGS84 degrees.
    pub lat: Option<f64>,
    /// Longitude, WGS84 degrees.
    pub lon: Option<f64>,
    /// UCDP `where_prec` of the point (1 exact … 6 country).
    pub where_prec: Option<u8>,
    /// ISO 3166-1 alpha-2 code of the country struck.
    pub country: Option<String>,
    /// Who declared it ("US-led coalition", "UK Ministry of Defence").
    pub belligerent: String,
    /// ISO 3166-1 alpha-2 codes of the nations declared to have flown it (empty when not itemised).
    pub nations: Vec<String>,
    /// What was struck, in the declaration's words.
    pub target: Option<String>,
    /// The munition, when declared.
    pub munition: Option<String>,
    /// How many strikes the group counts, when stated.
    pub strikes: Option<u32>,
    /// Where the declaration is published.
    pub url: Option<String>,
    /// The declaration's own words for this strike (a release's line).
    pub text: Option<String>,
}

/// A declared strike as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredStrike {
    /// Its id.
    pub id: i64,
    /// The archived log or release it came from.
    pub source_id: i64,
    /// The strike.
    pub strike: DeclaredStrike,
}

/// An archived strike log or release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrikeSourceInfo {
    /// Its id.
    pub id: i64,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
    /// `csv`, `jsonl` or `release`.
    pub format: String,
    /// Where it was read from.
    pub source: String,
    /// When it was imported.
    pub imported_at: String,
}

/// A belligerent's assessment of an incident, as stored (one per incident and belligerent).
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// Its id (0 before it is stored).
    pub id: i64,
    /// The incident assessed.
    pub incident_id: String,
    /// Who assessed it ("CENTCOM", "US-led coalition").
    pub belligerent: String,
    /// `proposed` (taken from a report, waiting for an editor) or `confirmed`.
    pub status: String,
    /// `not_assessed`, `credible`, `non_credible` or `duplicate`.
    pub assessment: String,
    /// Killed the belligerent concedes.
    pub killed: Option<Range>,
    /// Injured the belligerent concedes.
    pub injured: Option<Range>,
    /// The reason the belligerent gives.
    pub reason: Option<String>,
    /// The statement's date, `YYYY-MM-DD`.
    pub statement_date: Option<String>,
    /// Where the statement is published.
    pub url: Option<String>,
    /// The statement's text, archived.
    pub statement_text: Option<String>,
    /// SHA-256 of `statement_text`.
    pub statement_sha256: Option<String>,
    /// The account it was proposed from, if any.
    pub account_id: Option<i64>,
    /// Who entered or last changed it.
    pub entered_by: String,
    /// When it was last changed.
    pub updated_at: String,
}
