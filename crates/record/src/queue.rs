//! The review queue: what in the record needs a person, most useful first, each item saying why.
//!
//! Four kinds, in this order: incidents whose accounts **contradict** each other and that no reviewer
//! has graded (the record says two things at once); accounts the machine linked with a **low
//! probability** (the record may join two events); accounts whose figure the extractor found
//! **hedged** ("reportedly", "may"), vague ("dozens", "about 30") or ambiguous ("casualties"); and
//! **new** incidents no reviewer has decided anything on. Within a kind, the largest tolls come
//! first (the least probable links first). Every client (`toll review queue`, `GET /api/v1/queue`,
//! the `/queue` page) reads it here. The store reads each kind through an index of its own.

use crate::RecordError;
use serde::Serialize;
use toll_store::{IncidentFilter, QueueKind, QueueRow, QueueScope, SqliteStore};

/// A machine link below this probability is queued for a person (the linker's own threshold is
/// lower: these links cleared it, but not by much).
pub const LOW_LINK_PROBABILITY: f64 = 0.8;

/// Most items one queue read returns.
pub const MAX_ITEMS: usize = 500;

/// Which part of the queue to read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueueFilter {
    /// Only incidents in this country (ISO alpha-2).
    pub country: Option<String>,
    /// Only incidents dated on or after this `YYYY-MM-DD`.
    pub since: Option<String>,
    /// Only incidents dated on or before this `YYYY-MM-DD`.
    pub until: Option<String>,
    /// Only incidents this reviewer has decided on before (their follow-ups); new incidents are
    /// by definition nobody's yet.
    pub reviewer: Option<String>,
    /// Only this kind.
    pub kind: Option<QueueKind>,
    /// Most items (at most [`MAX_ITEMS`]).
    pub limit: usize,
}

/// One thing that needs a person.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct QueueItem {
    /// `contradiction`, `uncertain_link`, `hedged` or `new`.
    pub kind: String,
    /// Why it is queued, in words.
    pub reason: String,
    /// The incident.
    pub incident: String,
    /// Its date.
    pub date: Option<String>,
    /// Its country.
    pub country: Option<String>,
    /// Its place.
    pub place: Option<String>,
    /// Killed, best estimate.
    pub killed_best: Option<u64>,
    /// The account to look at (account kinds).
    pub account: Option<i64>,
    /// The account's report.
    pub report: Option<i64>,
    /// The account's clause.
    pub text: Option<String>,
    /// The link's probability (uncertain links).
    pub probability: Option<f64>,
}

/// How many items of each kind the queue holds (in the filter's scope).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct QueueCounts {
    /// Incidents with ungraded contradictions.
    pub contradiction: u64,
    /// Accounts linked with a low probability.
    pub uncertain_link: u64,
    /// Accounts with hedged, vague or ambiguous figures.
    pub hedged: u64,
    /// Incidents nobody has reviewed.
    pub new: u64,
}

impl QueueCounts {
    /// All kinds together.
    pub fn total(&self) -> u64 {
        self.contradiction + self.uncertain_link + self.hedged + self.new
    }

    /// The count of one kind.
    pub fn of(&self, kind: QueueKind) -> u64 {
        match kind {
            QueueKind::Contradiction => self.contradiction,
            QueueKind::UncertainLink => self.uncertain_link,
            QueueKind::Hedged => self.hedged,
            QueueKind::New => self.new,
        }
    }

    fn set(&mut self, kind: QueueKind, n: u64) {
        match kind {
            QueueKind::Contradiction => self.contradiction = n,
            QueueKind::UncertainLink => self.uncertain_link = n,
            QueueKind::Hedged => self.hedged = n,
            QueueKind::New => self.new = n,
        }
    }
}

/// The queue: counts per kind and the first items, most useful first.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ReviewQueue {
    /// How many of each kind.
    pub counts: QueueCounts,
    /// The items, most useful first.
    pub items: Vec<QueueItem>,
}

/// A kind from its label (`contradiction`, `uncertain_link`, `hedged`, `new`).
pub fn parse_kind(label: &str) -> Result<QueueKind, RecordError> {
    QueueKind::ALL
        .into_iter()
        .find(|k| k.as_str() == label)
        .ok_or_else(|| {
            RecordError::Invalid(format!(
                "unknown queue kind {label:?}: use contradiction, uncertain_link, hedged or new"
            ))
        })
}

fn scope(filter: &QueueFilter) -> Result<QueueScope, RecordError> {
    for (name, d) in [("since", &filter.since), ("until", &filter.until)] {
        if let Some(d) = d {
            if chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err() {
                return Err(RecordError::Invalid(format!(
                    "{name} must be a date YYYY-MM-DD, not {d:?}"
                )));
            }
        }
    }
    if let Some(c) = &filter.country {
        if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(RecordError::Invalid(format!(
                "country must be an ISO 3166-1 alpha-2 code in capitals (IQ), not {c:?}"
            )));
        }
    }
    Ok(QueueScope {
        filter: IncidentFilter {
            country: filter.country.clone(),
            from: filter.since.clone(),
            to: filter.until.clone(),
        },
        reviewer: filter.reviewer.clone(),
        below: LOW_LINK_PROBABILITY,
    })
}

/// How many items of each kind the queue holds in `filter`'s scope (its kind and limit aside).
pub fn counts(store: &SqliteStore, filter: &QueueFilter) -> Result<QueueCounts, RecordError> {
    let scope = scope(filter)?;
    store
        .read_snapshot(|s| {
            let mut counts = QueueCounts::default();
            for kind in QueueKind::ALL {
                counts.set(kind, s.queue_count(kind, &scope)?);
            }
            Ok(counts)
        })
        .map_err(RecordError::from)
}

/// The queue in `filter`'s scope: counts per kind and up to `filter.limit` items, the kinds in
/// the order of [`QueueKind::ALL`], each most useful first.
pub fn queue(store: &SqliteStore, filter: &QueueFilter) -> Result<ReviewQueue, RecordError> {
    let scope = scope(filter)?;
    let limit = filter.limit.min(MAX_ITEMS);
    store
        .read_snapshot(|s| {
            let mut counts = QueueCounts::default();
            let mut items = Vec::new();
            for kind in QueueKind::ALL {
                counts.set(kind, s.queue_count(kind, &scope)?);
                if filter.kind.is_some_and(|k| k != kind) || items.len() >= limit {
                    continue;
                }
                for row in s.queue_rows(kind, &scope, limit - items.len())? {
                    items.push(item(&row));
                }
            }
            Ok(ReviewQueue { counts, items })
        })
        .map_err(RecordError::from)
}

/// One stored row as an item with its reason.
fn item(row: &QueueRow) -> QueueItem {
    QueueItem {
        kind: row.kind.as_str().to_string(),
        reason: reason(row),
        incident: row.incident.clone(),
        date: row.date.clone(),
        country: row.country.clone(),
        place: row.place.clone(),
        killed_best: row.killed_best,
        account: row.account,
        report: row.document,
        text: row.account_text.clone(),
        probability: row.probability,
    }
}

/// Why a row is queued, in words.
pub fn reason(row: &QueueRow) -> String {
    match row.kind {
        QueueKind::Contradiction => contradiction_reason(row.contradictions.as_deref()),
        QueueKind::UncertainLink => format!(
            "linked by the machine with probability {:.2} (a link needs {:.2}): check that this account is about this incident",
            row.probability.unwrap_or(0.0),
            row.threshold.unwrap_or(0.0)
        ),
        QueueKind::Hedged => hedged_reason(row),
        QueueKind::New => match row.killed_best {
            Some(k) => format!("new: no reviewer has decided on it yet ({k} killed, best estimate)"),
            None => "new: no reviewer has decided on it yet".to_string(),
        },
    }
}

fn contradiction_reason(json: Option<&str>) -> String {
    #[derive(serde::Deserialize)]
    struct Contradiction {
        kind: String,
        detail: String,
    }
    let found: Vec<Contradiction> = json
        .and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default();
    match found.first() {
        Some(first) if found.len() == 1 => {
            format!("accounts disagree ({}): {}", first.kind, first.detail)
        }
        Some(first) => format!(
            "{} contradictions, first ({}): {}",
            found.len(),
            first.kind,
            first.detail
        ),
        None => "accounts disagree".to_string(),
    }
}

/// The hedges, vague figures and ambiguous words the extractor recorded on an account.
fn hedged_reason(row: &QueueRow) -> String {
    let mut why = Vec::new();
    if row.hedged {
        let text = row.account_text.as_deref().unwrap_or("");
        let words = hedge_words(text);
        if words.is_empty() {
            why.push("the source hedges its figure".to_string());
        } else {
            why.push(format!(
                "the source hedges its figure ({})",
                words.join(", ")
            ));
        }
    }
    if row.killed_approx {
        why.push("the killed figure is vague (approximate)".to_string());
    }
    if row.injured_approx {
        why.push("the injured figure is vague (approximate)".to_string());
    }
    if row.casualties_ambiguous {
        why.push("\"casualties\" does not say killed or injured".to_string());
    }
    why.join("; ")
}

/// The extractor's hedge words (`toll_extract::lexicon::HEDGES`) that `text` uses, quoted, once each.
pub fn hedge_words(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        let lower = w.to_lowercase();
        if toll_extract::lexicon::in_list(toll_extract::lexicon::HEDGES, &lower)
            && !found.iter().any(|f| f.trim_matches('"') == lower)
        {
            found.push(format!("\"{lower}\""));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(kind: QueueKind) -> QueueRow {
        QueueRow {
            kind,
            incident: "XXX-2020-01-01-a".into(),
            country: None,
            date: None,
            place: None,
            killed_best: Some(12),
            killed_high: Some(20),
            grade: None,
            account: Some(1),
            account_text: Some("Dozens were reportedly killed, officials said".into()),
            document: Some(1),
            hedged: true,
            killed_approx: true,
            injured_approx: false,
            casualties_ambiguous: false,
            probability: Some(0.55),
            threshold: Some(0.47),
            contradictions: Some(
                r#"[{"kind":"figures","detail":"12 killed against 40 killed","accounts":[]}]"#
                    .into(),
            ),
        }
    }

    #[test]
    fn reasons_name_what_the_extractor_recorded() {
        let hedged = reason(&row(QueueKind::Hedged));
        assert!(hedged.contains("\"reportedly\""), "{hedged}");
        assert!(hedged.contains("killed figure is vague"), "{hedged}");
        let link = reason(&row(QueueKind::UncertainLink));
        assert!(link.contains("0.55") && link.contains("0.47"), "{link}");
        let c = reason(&row(QueueKind::Contradiction));
        assert!(c.contains("12 killed against 40 killed"), "{c}");
        assert!(reason(&row(QueueKind::New)).starts_with("new:"));
    }

    #[test]
    fn bad_filters_are_refused_by_name() {
        let bad = QueueFilter {
            since: Some("2020-13-01".into()),
            ..QueueFilter::default()
        };
        assert!(matches!(scope(&bad), Err(RecordError::Invalid(m)) if m.contains("since")));
        let bad = QueueFilter {
            country: Some("iraq".into()),
            ..QueueFilter::default()
        };
        assert!(matches!(scope(&bad), Err(RecordError::Invalid(m)) if m.contains("country")));
        assert!(parse_kind("hedged").is_ok());
        assert!(parse_kind("later").is_err());
    }
}
