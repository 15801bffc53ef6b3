//! The Fellegi–Sunter model that decides whether two events are one incident.
//!
//! Two events (a report's local event and an incident, or two incidents) are compared field by
//! field; each comparison lands in one *level* ("same stated day", "within 10 km", "a shared odd
//! figure" …). Every level has an `m` probability (how often it occurs among pairs that are the
//! same incident) and a `u` probability (among pairs that are not); its match weight is
//! `log2(m / u)`. The weights of all comparisons plus the prior's `log2(λ / (1 − λ))` give the
//! log-odds that the pair is one incident. A level with no information (a field missing on one
//! side) weighs 0. Some levels are not weighed but block the pair outright: stated dates that
//! contradict, different countries, towns more than 40 km apart.
//!
//! `m`, `u`, `λ` and the threshold are data (`data/weights.json`), fitted by
//! `examples/fit_weights.rs` from gold-linked corpora.

use crate::features::{DatePoint, PlacePoint};
use crate::linker::EventSummary;
use chrono::Datelike;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Why a link was made: the probability, the threshold it cleared and every comparison's weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkExplanation {
    /// Probability that the event and the incident are one incident.
    pub probability: f64,
    /// The probability a link needs.
    pub threshold: f64,
    /// One entry per field compared, in a fixed order.
    pub comparisons: Vec<Comparison>,
}

/// One field's comparison in a [`LinkExplanation`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// The field: `date`, `distance`, `figures`, `names`, `facilities`, `means`, `victims`.
    pub field: String,
    /// The level the pair fell in ("same_day", "km10", "unknown" …).
    pub level: String,
    /// Its match weight, `log2(m / u)` (0 for `unknown`).
    pub weight: f64,
}

/// The fields compared, in explanation order.
pub const FIELDS: [&str; 7] = [
    "date",
    "distance",
    "figures",
    "names",
    "facilities",
    "means",
    "victims",
];

/// The level of a field that carries no information.
pub const UNKNOWN: &str = "unknown";

/// One level's probabilities.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Level {
    /// P(level | same incident).
    pub m: f64,
    /// P(level | different incidents).
    pub u: f64,
}

/// The fitted model as stored in `data/weights.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Weights {
    /// Prior probability λ that two compared (unblocked) events are one incident.
    pub prior: f64,
    /// Probability a link needs.
    pub threshold: f64,
    /// Log2 odds by which the best candidate of an event with no date must beat the runner-up.
    pub undated_margin: f64,
    /// Per field, per level.
    pub comparisons: BTreeMap<String, BTreeMap<String, Level>>,
    /// How the weights were fitted (counts, corpora), for the record.
    #[serde(default)]
    pub fitted_on: String,
}

impl Weights {
    /// The match weight of `level` of `field` (0 when unknown or not fitted).
    pub fn weight(&self, field: &str, level: &str) -> f64 {
        if level == UNKNOWN {
            return 0.0;
        }
        self.comparisons
            .get(field)
            .and_then(|l| l.get(level))
            .map_or(0.0, |l| (l.m / l.u).log2())
    }

    /// Log2 of the prior odds.
    pub fn prior_weight(&self) -> f64 {
        (self.prior / (1.0 - self.prior)).log2()
    }

    /// The probability for a sum of match weights (prior included).
    pub fn probability(total: f64) -> f64 {
        1.0 / (1.0 + (-total).exp2())
    }

    /// The total log2 odds and the explanation of a set of levels.
    pub fn score(&self, levels: &Levels) -> (f64, LinkExplanation) {
        let mut total = self.prior_weight();
        let mut comparisons = Vec::with_capacity(FIELDS.len());
        for (field, level) in FIELDS.iter().zip(levels.0.iter()) {
            let weight = self.weight(field, level);
            total += weight;
            comparisons.push(Comparison {
                field: (*field).to_string(),
                level: (*level).to_string(),
                weight,
            });
        }
        let explanation = LinkExplanation {
            probability: Self::probability(total),
            threshold: self.threshold,
            comparisons,
        };
        (total, explanation)
    }

    /// The total log2 odds of a set of levels, without building an explanation.
    pub fn total(&self, levels: &Levels) -> f64 {
        self.prior_weight()
            + FIELDS
                .iter()
                .zip(levels.0.iter())
                .map(|(f, l)| self.weight(f, l))
                .sum::<f64>()
    }

    /// The threshold as log2 odds.
    pub fn threshold_weight(&self) -> f64 {
        (self.threshold / (1.0 - self.threshold)).log2()
    }
}

static WEIGHTS: std::sync::OnceLock<Weights> = std::sync::OnceLock::new();

/// Uses `w` instead of the compiled weights (for fitting and evaluation tools). Only takes effect
/// before anything was linked; returns false when the weights were already fixed.
pub fn use_weights(w: Weights) -> bool {
    WEIGHTS.set(w).is_ok()
}

/// The weights in use: those compiled into the crate (`data/weights.json`), parsed once.
pub fn weights() -> &'static Weights {
    WEIGHTS.get_or_init(|| {
        serde_json::from_str(include_str!("../data/weights.json"))
            .unwrap_or_else(|e| panic!("data/weights.json is invalid: {e}"))
    })
}

/// The level of every field of [`FIELDS`], in that order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Levels(pub [&'static str; 7]);

fn day_number(d: chrono::NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

/// The date level of two events, `None` when their dates contradict.
///
/// A date stated in a text is compared day by day; a publication date only bounds the event (it
/// happened on or before it). A month and day without a year must match a stated exact day.
pub fn date_level(a: &EventSummary, b: &EventSummary) -> Option<&'static str> {
    let (da, db) = (a.date(), b.date());
    let (ta, tb) = (a.date_from_text(), b.date_from_text());
    match (da, db) {
        (Some(x), Some(y)) if ta && tb => stated_level(x, y),
        (Some(x), Some(y)) if ta || tb => {
            let (stated, published) = if ta { (x, y) } else { (y, x) };
            let lag = day_number(published.day) - day_number(stated.day);
            if lag < -1 {
                None
            } else if lag <= 2 && stated.precision <= 2 {
                Some("publication_close")
            } else {
                Some("publication_bound")
            }
        }
        (Some(x), Some(y)) => {
            let diff = (day_number(x.day) - day_number(y.day)).abs();
            Some(if diff <= 1 {
                "publication_close"
            } else {
                "publication_bound"
            })
        }
        (None, Some(y)) => month_day_level(a.month_day(), y, tb),
        (Some(x), None) => month_day_level(b.month_day(), x, ta),
        (None, None) => match (a.month_day(), b.month_day()) {
            (Some(p), Some(q)) if p != q => None,
            (Some(_), Some(_)) => Some("same_day"),
            _ => Some(UNKNOWN),
        },
    }
}

fn month_day_level(md: Option<(u32, u32)>, date: DatePoint, stated: bool) -> Option<&'static str> {
    match md {
        Some((m, d)) if stated && date.precision <= 1 => {
            (date.day.month() == m && date.day.day() == d).then_some("same_day")
        }
        _ => Some(UNKNOWN),
    }
}

/// Two stated dates: exact days 0, 1, 2–3 days apart, or imprecise periods that overlap.
pub fn stated_level(a: DatePoint, b: DatePoint) -> Option<&'static str> {
    if a.precision <= 1 && b.precision <= 1 {
        let diff = (day_number(a.day) - day_number(b.day)).abs();
        return match diff {
            0 => Some("same_day"),
            1 => Some("one_day"),
            2..=3 => Some("two_three_days"),
            _ => None,
        };
    }
    let (a0, a1) = (day_number(a.day) - 1, day_number(a.last_day()) + 1);
    let (b0, b1) = (day_number(b.day) - 1, day_number(b.last_day()) + 1);
    (a0 <= b1 && b0 <= a1).then_some("overlap")
}

/// Days between two stated exact dates, when both events have one.
pub fn stated_gap(a: &EventSummary, b: &EventSummary) -> Option<i64> {
    let (x, y) = (a.date()?, b.date()?);
    let exact = a.date_from_text() && b.date_from_text() && x.precision <= 1 && y.precision <= 1;
    exact.then(|| (day_number(x.day) - day_number(y.day)).abs())
}

/// The distance level of two places, `None` when they cannot be one place.
pub fn distance_level(a: Option<PlacePoint>, b: Option<PlacePoint>) -> Option<&'static str> {
    let (Some(a), Some(b)) = (a, b) else {
        return Some(UNKNOWN);
    };
    let d = a.km_to(&b);
    if a.is_local() && b.is_local() {
        return if d <= 10.0 {
            Some("km10")
        } else if d <= 25.0 {
            Some("km25")
        } else if d <= 40.0 {
            Some("km40")
        } else {
            None
        };
    }
    if a.precision.max(b.precision) <= 5 {
        // the same region named twice says more than a town somewhere inside it
        let same_region = a.precision == b.precision && d < 1.0;
        return if same_region {
            Some("same_region")
        } else if d <= 150.0 {
            Some("km150")
        } else {
            None
        };
    }
    Some("same_country")
}

/// Numbers both events state: a round or small number (100, 24) is weak, an odd one (471, 52) strong.
pub fn figures_level(a: &EventSummary, b: &EventSummary) -> &'static str {
    let (fa, fb) = (a.figures(), b.figures());
    if fa.is_empty() || fb.is_empty() {
        return UNKNOWN;
    }
    let mut level = "none";
    for n in fa.iter().filter(|n| fb.contains(n)) {
        if n % 10 == 0 || *n < 30 {
            level = "round";
        } else {
            return "odd";
        }
    }
    level
}

/// Unknown place names both events use: `rare` when at most one other incident uses it.
/// `others(name)` counts the incidents other than the two compared that use a name.
pub fn names_level(a: &[String], b: &[String], others: impl Fn(&str) -> u32) -> &'static str {
    if a.is_empty() || b.is_empty() {
        return UNKNOWN;
    }
    let mut level = "none";
    for n in a.iter().filter(|n| b.contains(n)) {
        if others(n) <= 1 {
            return "rare";
        }
        level = "common";
    }
    level
}

/// Kinds (facilities, victims) both events name: `shared`, `different`, or `unknown`.
pub fn kinds_level(a: &[String], b: &[String]) -> &'static str {
    if a.is_empty() || b.is_empty() {
        UNKNOWN
    } else if a.iter().any(|k| b.contains(k)) {
        "shared"
    } else {
        "different"
    }
}

/// True when two means can describe one attack as different reports word it: the same means,
/// an air strike and a missile, or a missile and a rocket (read as artillery).
fn close_means(a: &str, b: &str) -> bool {
    !crate::actors::means_conflict(a, b)
        || matches!((a, b), ("missile", "artillery") | ("artillery", "missile"))
}

/// What the events blame: the same actor or compatible means (`agree`), only conflicting ones
/// (`conflict`), or nothing to compare.
pub fn means_level(a: &EventSummary, b: &EventSummary) -> &'static str {
    let (aa, ab) = (a.actors(), b.actors());
    let (ma, mb) = (a.means(), b.means());
    let actors_known = !aa.is_empty() && !ab.is_empty();
    let means_known = !ma.is_empty() && !mb.is_empty();
    if !actors_known && !means_known {
        return UNKNOWN;
    }
    let actors_agree = actors_known && aa.iter().any(|x| ab.contains(x));
    let means_agree = means_known && ma.iter().any(|x| mb.iter().any(|y| close_means(x, y)));
    if actors_agree || means_agree {
        "agree"
    } else {
        "conflict"
    }
}

/// Compares two events field by field; `None` when something blocks the pair (contradicting
/// dates, different countries, places too far apart). `others` counts the incidents other than
/// the two compared that use an unknown place name.
pub fn compare(a: &EventSummary, b: &EventSummary, others: impl Fn(&str) -> u32) -> Option<Levels> {
    let names = names_level(a.names(), b.names(), others);
    let coarse = |e: &EventSummary| e.place().is_none_or(|(p, _)| !p.is_local());
    // a rare shared place name outweighs a region or country resolved from a passing mention,
    // and places an event that has no place of its own
    let named =
        names == "rare" && ((coarse(a) && coarse(b)) || a.place().is_none() || b.place().is_none());
    // two regions of different countries stay apart; a country alone may have been misread
    let unplaced = |e: &EventSummary| e.place().is_none_or(|(p, _)| p.precision >= 6);
    match (&a.country, &b.country) {
        (Some(x), Some(y)) if x == y => {}
        _ if named && (unplaced(a) || unplaced(b)) => {}
        _ => return None,
    }
    let date = date_level(a, b)?;
    let distance = match distance_level(a.place().map(|(p, _)| p), b.place().map(|(p, _)| p)) {
        Some(l) => l,
        None if named => UNKNOWN,
        // two towns far apart that share a rare name and the same stated day: one of the towns
        // was misread (a namesake), or is where the wounded were taken, more often than two
        // events share both (but the name must come from a report the other event has no
        // account from: a report's names are all its events' names, and it told them apart)
        None if names == "rare" && date == "same_day" && a.share_a_name_across_reports(b) => {
            UNKNOWN
        }
        None => return None,
    };
    Some(Levels([
        date,
        distance,
        figures_level(a, b),
        names,
        kinds_level(a.facilities(), b.facilities()),
        means_level(a, b),
        kinds_level(a.victims(), b.victims()),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_parse_and_order_levels_sensibly() {
        let w = weights();
        assert!(w.prior > 0.0 && w.prior < 1.0);
        assert!(w.threshold > 0.0 && w.threshold < 1.0);
        assert!(w.weight("date", "same_day") > w.weight("date", "two_three_days"));
        assert!(w.weight("distance", "km10") > w.weight("distance", "km40"));
        assert!(w.weight("names", "rare") > 0.0);
        assert_eq!(w.weight("date", UNKNOWN), 0.0);
    }

    #[test]
    fn probability_is_a_sigmoid_of_log2_odds() {
        assert!((Weights::probability(0.0) - 0.5).abs() < 1e-12);
        assert!((Weights::probability(1.0) - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn dates_three_days_apart_are_weak_and_four_contradict() {
        let d = |day| DatePoint {
            day: chrono::NaiveDate::from_ymd_opt(2017, 3, day).unwrap_or_default(),
            precision: 1,
        };
        assert_eq!(stated_level(d(17), d(17)), Some("same_day"));
        assert_eq!(stated_level(d(17), d(18)), Some("one_day"));
        assert_eq!(stated_level(d(17), d(20)), Some("two_three_days"));
        assert_eq!(stated_level(d(17), d(21)), None);
    }

    /// An account's features: stated day of March 2017, a town, a report, unknown place names.
    fn town(day: u32, lat: f64, lon: f64, report: u64, names: &[&str]) -> crate::Features {
        crate::Features {
            date: chrono::NaiveDate::from_ymd_opt(2017, 3, day)
                .map(|day| DatePoint { day, precision: 1 }),
            date_from_text: true,
            place: Some(PlacePoint {
                lat,
                lon,
                precision: 2,
            }),
            country: Some("IQ".to_string()),
            names: names.iter().map(|n| (*n).to_string()).collect(),
            ..crate::Features::default()
        }
        .from_report(report)
    }

    #[test]
    fn towns_far_apart_meet_only_on_a_rare_shared_name_and_day_from_two_reports() {
        let event = |f: crate::Features| EventSummary::of([(1, &f)]);
        let none = |_: &str| 0;
        // two reports, towns 80 km apart, one rare name and the same day: compared, distance unknown
        let a = event(town(17, 36.34, 43.13, 1, &["jadida"]));
        let b = event(town(17, 36.19, 44.01, 2, &["jadida"]));
        let levels = compare(&a, &b, none).map(|l| l.0);
        assert_eq!(levels.map(|l| l[1]), Some(UNKNOWN));
        // a day apart, or no shared name: the distance blocks the pair
        let c = event(town(18, 36.19, 44.01, 2, &["jadida"]));
        assert!(compare(&a, &c, none).is_none());
        let d = event(town(17, 36.19, 44.01, 2, &["other"]));
        assert!(compare(&a, &d, none).is_none());
        // two events of one report share all its names: that report told them apart
        let e = event(town(17, 36.19, 44.01, 1, &["jadida"]));
        assert!(compare(&a, &e, none).is_none());
        // nor does a name an incident has only from the event's own report
        let f = town(17, 36.34, 43.13, 1, &["jadida"]);
        let g = town(17, 36.34, 43.13, 3, &[]);
        let incident = EventSummary::of([(1, &f), (2, &g)]);
        let far = event(town(17, 36.19, 44.01, 1, &["jadida"]));
        assert!(compare(&far, &incident, none).is_none());
    }
}
