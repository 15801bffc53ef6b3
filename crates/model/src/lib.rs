//! Plain data types shared by every part of Toll.
//!
//! Nothing here does I/O: these are the values that flow through the pipeline
//! (report → accounts → incidents). Offsets are always byte offsets into the
//! report's stored UTF-8 text, and spans are half-open `[start, end)`.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a report's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte of the span.
    pub start: usize,
    /// One past the last byte of the span.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (callers keep `start <= end`).
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True when the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The text the span covers, or `""` when it does not fit `text` on char boundaries.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// A count of people as a range: "more than 100" is `min 101, max None`.
///
/// `None` on a side means the text leaves it open. `approx` marks hedged or
/// vague figures ("about 70", "dozens").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct Range {
    /// Smallest count the statement allows, if it bounds it.
    pub min: Option<u64>,
    /// Largest count the statement allows, if it bounds it.
    pub max: Option<u64>,
    /// True when the figure is approximate or a vague quantity word.
    pub approx: bool,
}

impl Range {
    /// An exact count.
    pub fn exact(n: u64) -> Self {
        Range {
            min: Some(n),
            max: Some(n),
            approx: false,
        }
    }

    /// The sum of two ranges (open sides stay open).
    pub fn plus(&self, other: &Range) -> Range {
        Range {
            min: match (self.min, other.min) {
                (Some(a), Some(b)) => Some(a.saturating_add(b)),
                (a, b) => a.or(b),
            },
            max: match (self.max, other.max) {
                (Some(a), Some(b)) => Some(a.saturating_add(b)),
                _ => None,
            },
            approx: self.approx || other.approx,
        }
    }
}

/// Who the victims of an account were.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Victims {
    /// Civilians, residents, women and children, patients, families.
    Civilians,
    /// Fighters, militants, soldiers, troops.
    Combatants,
    /// Explicitly both civilians and combatants.
    Mixed,
    /// People with no indication of status.
    #[default]
    Unspecified,
}

impl Victims {
    /// The lowercase label used in exports.
    pub fn as_str(&self) -> &'static str {
        match self {
            Victims::Civilians => "civilians",
            Victims::Combatants => "combatants",
            Victims::Mixed => "mixed",
            Victims::Unspecified => "unspecified",
        }
    }
}

/// Whether an account is about one event or a total over a campaign or period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// One event at one time and place (one strike, one blast).
    #[default]
    Incident,
    /// A total over a campaign, a period, a city or a war.
    Aggregate,
}

impl Scope {
    /// The lowercase label used in exports.
    pub fn as_str(&self) -> &'static str {
        match self {
            Scope::Incident => "incident",
            Scope::Aggregate => "aggregate",
        }
    }
}

/// How an event date was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateBasis {
    /// A date stated in the account's own sentence.
    Sentence,
    /// The nearest preceding event date in the report.
    Context,
    /// The headline's date.
    Headline,
    /// The report's dateline or opening lines.
    Dateline,
    /// The publication date (or the reference date inferred from the text), for want of any other.
    Publication,
    /// Taken from the incident the account was linked to (its own report gave no full date).
    Incident,
}

/// When the harm happened, with UCDP-style precision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDate {
    /// The date, `YYYY-MM-DD` (the first day of the period when less precise than a day).
    pub date: String,
    /// UCDP GED `date_prec`: 1 exact day, 2 within 2–6 days, 3 week, 4 month, 5 year or more.
    pub precision: u8,
    /// Where the date came from.
    pub basis: DateBasis,
    /// The words that gave the date ("on Thursday", "March 17, 2017"), when it came from the text.
    pub phrase: Option<String>,
    /// True when the report had no publication date and the reference date was inferred from its text.
    pub reference_inferred: bool,
}

/// The days an event must lie in, from what its report proves: not before the first day of the
/// date the text states, not after the day the report was published (harm is reported after it
/// happens). Either side may be open.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateWindow {
    /// The first day the event can have happened, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earliest: Option<String>,
    /// The last day the event can have happened, `YYYY-MM-DD`: the report's publication date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest: Option<String>,
}

impl DateWindow {
    /// True when neither side is bounded.
    pub fn is_open(&self) -> bool {
        self.earliest.is_none() && self.latest.is_none()
    }

    /// True when `day` (`YYYY-MM-DD`) lies inside the window (ISO dates compare as text).
    pub fn admits(&self, day: &str) -> bool {
        self.earliest.as_deref().is_none_or(|e| e <= day)
            && self.latest.as_deref().is_none_or(|l| day <= l)
    }
}

/// A month and day that a report gives without any year to place them in
/// ("March 17th" in an undated report); linking completes the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MonthDay {
    /// Month, 1–12.
    pub month: u32,
    /// Day of the month, 1–31.
    pub day: u32,
}

/// How a place was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceBasis {
    /// A place named in the account's own clause or sentence.
    Sentence,
    /// The nearest preceding place named in the report.
    Context,
    /// The headline's or dateline's place.
    Headline,
    /// Taken from the incident the account was linked to (its own report gave only a region or country).
    Incident,
}

/// Where the harm happened, resolved against the gazetteer, with UCDP-style precision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventPlace {
    /// The gazetteer's name of the place.
    pub name: String,
    /// The words of the report that named it.
    pub matched: String,
    /// Latitude, WGS84 degrees.
    pub lat: f64,
    /// Longitude, WGS84 degrees.
    pub lon: f64,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// UCDP GED `where_prec`: 1 exact location … 4 admin-1 region … 6 country.
    pub precision: u8,
    /// Where the place came from.
    pub basis: PlaceBasis,
}

/// One statement of harm found in a report: figures, victims, scope, cause and source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// Byte span of the clause or sentence that states the figures.
    pub span: Span,
    /// The exact text of `span`.
    pub text: String,
    /// People killed, if the statement gives a figure for them.
    pub killed: Option<Range>,
    /// People injured, if the statement gives a figure for them.
    pub injured: Option<Range>,
    /// True when the text says "casualties" without saying killed or injured.
    pub casualties_ambiguous: bool,
    /// Who the victims were.
    pub victims: Victims,
    /// One incident or an aggregate total.
    pub scope: Scope,
    /// The cause or actor the statement blames ("coalition air strike"), if any.
    pub blamed: Option<String>,
    /// Who the text says makes the statement ("Iraqi officials"); `None` for the article's own voice.
    pub claimed_by: Option<String>,
    /// True when the statement is hedged ("could exceed", "may have", "reportedly").
    pub hedged: bool,
    /// True when the statement denies harm ("no civilians were killed").
    pub denial: bool,
    /// When the harm happened, if it could be resolved.
    pub date: Option<EventDate>,
    /// Month and day of the harm when the report gives no year for them (`date` is then `None`).
    #[serde(default)]
    pub month_day: Option<MonthDay>,
    /// The days the event must lie in, from the stated date and the publication date.
    #[serde(default, skip_serializing_if = "DateWindow::is_open")]
    pub window: DateWindow,
    /// For a total over a campaign or period (`scope` aggregate): the period in the report's
    /// words ("since 24 February", "over the past month"), when it gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// Where the harm happened, if it could be resolved.
    pub place: Option<EventPlace>,
    /// Keys of place names in the report that the gazetteer does not know (a village, a camp),
    /// folded so spelling variants match; linking compares them across reports.
    #[serde(default)]
    pub place_names: Vec<String>,
}

/// Descriptive metadata of a report, as given by a sidecar or a JSONL line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportMeta {
    /// Stable document id.
    pub id: String,
    /// Where the report was published.
    #[serde(default)]
    pub url: Option<String>,
    /// Headline or title.
    #[serde(default)]
    pub title: Option<String>,
    /// Publishing outlet.
    #[serde(default)]
    pub outlet: Option<String>,
    /// Publication date as `YYYY-MM-DD`, when known.
    #[serde(default)]
    pub published: Option<String>,
    /// The report's language (ISO 639-1, e.g. `en`, `fr`): as its metadata gives it, else as detected
    /// in its text; `None` when neither says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// A report's text with its metadata, ready for extraction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Metadata (id, url, title, outlet, published).
    pub meta: ReportMeta,
    /// The report's text; every span points into it.
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_slice_respects_char_boundaries() {
        let text = "Mosul — 61";
        assert_eq!(Span::new(0, 5).slice(text), "Mosul");
        assert_eq!(Span::new(6, 7).slice(text), "");
        assert_eq!(Span::new(0, 100).slice(text), "");
    }

    #[test]
    fn range_sum_keeps_open_sides_open() {
        let a = Range {
            min: Some(12),
            max: None,
            approx: false,
        };
        let b = Range::exact(10);
        let s = a.plus(&b);
        assert_eq!((s.min, s.max), (Some(22), None));
        assert_eq!(Range::exact(3).plus(&Range::exact(4)), Range::exact(7));
    }

    #[test]
    fn labels_serialize_lowercase() {
        let v = serde_json::to_string(&Victims::Civilians).unwrap_or_default();
        assert_eq!(v, "\"civilians\"");
        assert_eq!(Scope::Aggregate.as_str(), "aggregate");
    }
}
