//! Which declared strikes could have caused an incident, each with a probability and its reasons.
//!
//! A strike and an incident are compared on three things, each giving a weight:
//!
//! - **time**: the days between the incident's interval (its date widened by its `date_prec`: 1 a
//!   day; 2 the week before it (a first report's day); 3 the week around it; 4 its month) and the strike's declared days. The
//!   same single day weighs 1; overlapping intervals `1 / (1 + width / 3)` for `width` days of
//!   uncertainty; one day apart 0.4 (a release's day and a report's local day may differ); two
//!   days 0.1; more, or an incident known only to more than a month, no match.
//! - **place**: the distance between the two points against both places' uncertainty (a radius
//!   per `where_prec`: 2 km exact, 25 km near a town, 50 km, 150 km a region, 250 km). Within the
//!   two radii it weighs 1 (less when the radii are wide: `50 / R` past 50 km), within twice them
//!   0.3; farther, no match. Without two points (a country only), the same country weighs 0.05.
//! - **target**: the kinds of site (`data/sites.tsv`) the strike's target names and the incident's
//!   accounts describe: a shared kind doubles the weight, different kinds only multiply it by 0.7.
//!
//! A group of `n` strikes weighs `1 + ln n` times one strike. The probability that strike `i`
//! caused the incident is its weight over the sum of every candidate's weight plus 1, the weight
//! kept for "none of them" (undeclared strikes, another party): one perfect candidate is 0.5, and
//! more candidates share the evidence. The 20 most probable are listed.
//!
//! [`StrikeIndex`] buckets strikes by day and one-degree cell, so an incident looks only at the
//! cells within reach on the days within reach: matching 100,000 incidents against 100,000
//! strikes takes a few seconds (`toll bench-strikes`, BENCHMARKS.md).

use crate::sites;
use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;
use toll_store::redress::DeclaredStrike;

/// The weight kept for "caused by none of the declared strikes".
pub const NONE_WEIGHT: f64 = 1.0;
/// Days between intervals beyond which a strike is not a candidate.
pub const MAX_DAYS_APART: i32 = 2;
/// Widest interval (days) an incident or a strike may span and still be matched by time.
pub const MAX_SPAN_DAYS: i32 = 31;
/// At most this many strikes are listed per incident, the most probable (the probabilities are
/// shares of every candidate's weight all the same).
pub const MAX_MATCHES: usize = 20;

/// The uncertainty radius (km) of a place of UCDP `where_prec`; `None` for a country or worse.
pub fn radius_km(where_prec: u8) -> Option<f64> {
    match where_prec {
        0 | 1 => Some(2.0),
        2 => Some(25.0),
        3 => Some(50.0),
        4 => Some(150.0),
        5 => Some(250.0),
        _ => None,
    }
}

/// Great-circle distance in km.
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

/// What matching needs of one side (a strike or an incident).
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// First day (days from the common era).
    pub from: i32,
    /// Last day.
    pub to: i32,
    /// The point, when placed finer than a country.
    pub point: Option<(f64, f64)>,
    /// UCDP `where_prec` of the point.
    pub where_prec: u8,
    /// ISO alpha-2 country.
    pub country: Option<String>,
    /// Kinds of site named.
    pub kinds: Vec<&'static str>,
    /// Strikes counted (1 for an incident).
    pub count: u32,
}

fn day_number(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

fn point(lat: Option<f64>, lon: Option<f64>, prec: u8) -> Option<(f64, f64)> {
    match (lat, lon) {
        (Some(lat), Some(lon)) if radius_km(prec).is_some() => Some((lat, lon)),
        _ => None,
    }
}

impl Facts {
    /// A declared strike's facts; `None` when its dates do not read.
    pub fn of_strike(s: &DeclaredStrike) -> Option<Facts> {
        let from = crate::strikes::parse_day(&s.date_from)?;
        let to = crate::strikes::parse_day(&s.date_to)?;
        let prec = s.where_prec.unwrap_or(2);
        let mut described = s.target.clone().unwrap_or_default();
        if let Some(m) = &s.munition {
            described.push(' ');
            described.push_str(m);
        }
        Some(Facts {
            from: day_number(from),
            to: day_number(to),
            point: point(s.lat, s.lon, prec),
            where_prec: prec,
            country: s.country.clone(),
            kinds: sites::kinds_in(&described),
            count: s.strikes.unwrap_or(1).max(1),
        })
    }

    /// An incident's facts (`description`: its accounts' words); `None` when it has no date.
    pub fn of_incident(i: &toll_link::Incident, description: &str) -> Option<Facts> {
        Facts::of_place_and_time(
            i.date.as_deref(),
            i.date_prec,
            (i.lat, i.lon),
            i.where_prec,
            i.country.as_deref(),
            description,
        )
    }

    /// An incident's facts from its decided date (`date_prec` UCDP), place (`where_prec` UCDP),
    /// country and its accounts' words, as an incident or its page holds them; `None` without a date.
    pub fn of_place_and_time(
        date: Option<&str>,
        date_prec: Option<u8>,
        (lat, lon): (Option<f64>, Option<f64>),
        where_prec: Option<u8>,
        country: Option<&str>,
        description: &str,
    ) -> Option<Facts> {
        let date = crate::strikes::parse_day(date?)?;
        let d = day_number(date);
        let (from, to) = match date_prec.unwrap_or(1) {
            0 | 1 => (d, d),
            2 => (d - 6, d),
            // known to within a week around the day
            3 => (d - 3, d + 3),
            4 => {
                let first = date.with_day(1)?;
                let next = if first.month() == 12 {
                    NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)?
                } else {
                    NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)?
                };
                (day_number(first), day_number(next) - 1)
            }
            _ => {
                let first = NaiveDate::from_ymd_opt(date.year(), 1, 1)?;
                let last = NaiveDate::from_ymd_opt(date.year(), 12, 31)?;
                (day_number(first), day_number(last))
            }
        };
        let prec = where_prec.unwrap_or(6);
        Some(Facts {
            from,
            to,
            point: point(lat, lon, prec),
            where_prec: prec,
            country: country.map(str::to_string),
            kinds: sites::kinds_in(description),
            count: 1,
        })
    }
}

/// What one comparison found (formatted into reasons only for the strikes that match).
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// Days between the intervals (0 when they overlap).
    pub days_apart: i32,
    /// Days of uncertainty of both intervals together (0: both one and the same day).
    pub span_days: i32,
    /// The distance, km, when both are placed.
    pub km: Option<f64>,
    /// Both places' radii together, km.
    pub radius_km: Option<f64>,
    /// Kinds of site named on both sides.
    pub shared_kinds: Vec<&'static str>,
    /// Kinds named by the strike when none is shared with the incident's.
    pub other_kinds: Vec<&'static str>,
    /// Strikes in the group.
    pub strikes: u32,
    /// The comparison's weight.
    pub weight: f64,
}

impl Evidence {
    /// The reasons, in words.
    pub fn reasons(&self) -> Vec<String> {
        let mut out = Vec::new();
        out.push(match (self.days_apart, self.span_days) {
            (0, 0) => "same day".to_string(),
            (0, n) => format!("dates overlap (known to within {} days together)", n + 1),
            (1, _) => "1 day apart".to_string(),
            (n, _) => format!("{n} days apart"),
        });
        match (self.km, self.radius_km) {
            (Some(km), Some(r)) if km <= r => out.push(format!(
                "{km:.1} km apart, within both places' precision ({r:.0} km)"
            )),
            (Some(km), Some(r)) => out.push(format!(
                "{km:.1} km apart, beyond both places' precision ({r:.0} km) but within twice it"
            )),
            _ => out.push("same country; a place is known only to its country".to_string()),
        }
        if !self.shared_kinds.is_empty() {
            out.push(format!(
                "target words match the reports: {}",
                self.shared_kinds.join(", ")
            ));
        } else if !self.other_kinds.is_empty() {
            out.push(format!(
                "target ({}) not what the reports describe",
                self.other_kinds.join(", ")
            ));
        }
        if self.strikes > 1 {
            out.push(format!("a group of {} strikes", self.strikes));
        }
        out
    }
}

/// Compares an incident with a strike: `None` when the strike cannot have caused it.
pub fn compare(incident: &Facts, strike: &Facts) -> Option<Evidence> {
    let inc_span = incident.to - incident.from;
    let strike_span = strike.to - strike.from;
    if inc_span > MAX_SPAN_DAYS || strike_span > MAX_SPAN_DAYS {
        return None;
    }
    let days_apart = (strike.from - incident.to)
        .max(incident.from - strike.to)
        .max(0);
    let span_days = inc_span + strike_span;
    let time = match days_apart {
        0 if span_days == 0 => 1.0,
        0 => 1.0 / (1.0 + f64::from(span_days) / 3.0),
        1 => 0.4,
        2 => 0.1,
        _ => return None,
    };
    let (place, km, radius) = match (
        incident.point,
        strike.point,
        radius_km(incident.where_prec),
        radius_km(strike.where_prec),
    ) {
        (Some(a), Some(b), Some(ra), Some(rb)) => {
            let r = ra + rb;
            let km = haversine_km(a, b);
            let scale = if r > 50.0 { 50.0 / r } else { 1.0 };
            let w = if km <= r {
                scale
            } else if km <= 2.0 * r {
                0.3 * scale
            } else {
                return None;
            };
            (w, Some(km), Some(r))
        }
        _ => match (&incident.country, &strike.country) {
            (Some(a), Some(b)) if a == b => (0.05, None, None),
            _ => return None,
        },
    };
    let shared: Vec<&'static str> = strike
        .kinds
        .iter()
        .filter(|k| incident.kinds.contains(k))
        .copied()
        .collect();
    let target = if !shared.is_empty() {
        2.0
    } else if !strike.kinds.is_empty() && !incident.kinds.is_empty() {
        0.7
    } else {
        1.0
    };
    let count = 1.0 + f64::from(strike.count).ln();
    Some(Evidence {
        days_apart,
        span_days,
        km,
        radius_km: radius,
        other_kinds: if shared.is_empty() && !incident.kinds.is_empty() {
            strike.kinds.clone()
        } else {
            Vec::new()
        },
        shared_kinds: shared,
        strikes: strike.count,
        weight: time * place * target * count,
    })
}

/// A strike that could have caused an incident.
#[derive(Debug, Clone, PartialEq)]
pub struct StrikeMatch {
    /// The strike's position in the index (the order strikes were given).
    pub strike: usize,
    /// The probability that it caused the incident.
    pub probability: f64,
    /// What the comparison found.
    pub evidence: Evidence,
}

/// Cell of one degree.
fn cell(deg: f64) -> i32 {
    deg.floor() as i32
}

/// Declared strikes bucketed by day and one-degree cell (and, for strikes without a point, by
/// day and country), for matching many incidents.
#[derive(Debug, Default)]
pub struct StrikeIndex {
    facts: Vec<Facts>,
    cells: FxHashMap<(i32, i32, i32), Vec<u32>>,
    countries: FxHashMap<(i32, String), Vec<u32>>,
    widest_radius_km: f64,
}

impl StrikeIndex {
    /// Indexes `facts` (one per strike, in order; [`StrikeMatch::strike`] is the position).
    pub fn new(facts: Vec<Facts>) -> StrikeIndex {
        let mut index = StrikeIndex::default();
        for (i, f) in facts.iter().enumerate() {
            if f.to - f.from > MAX_SPAN_DAYS {
                continue;
            }
            let i = i as u32;
            for d in f.from..=f.to {
                match f.point {
                    Some((lat, lon)) => {
                        index
                            .cells
                            .entry((d, cell(lat), cell(lon)))
                            .or_default()
                            .push(i);
                        if let Some(r) = radius_km(f.where_prec) {
                            index.widest_radius_km = index.widest_radius_km.max(r);
                        }
                    }
                    None => {
                        if let Some(c) = &f.country {
                            index.countries.entry((d, c.clone())).or_default().push(i);
                        }
                    }
                }
            }
        }
        index.facts = facts;
        index
    }

    /// How many strikes it holds.
    pub fn len(&self) -> usize {
        self.facts.len()
    }

    /// True when it holds none.
    pub fn is_empty(&self) -> bool {
        self.facts.is_empty()
    }

    /// The strikes that could have caused an incident, most probable first (at most
    /// [`MAX_MATCHES`]). `seen` is scratch
    /// space reused between calls (one mark per strike, left cleared).
    pub fn match_incident(&self, incident: &Facts, seen: &mut Vec<u32>) -> Vec<StrikeMatch> {
        if incident.to - incident.from > MAX_SPAN_DAYS {
            return Vec::new();
        }
        if seen.len() < self.facts.len() {
            seen.resize(self.facts.len(), 0);
        }
        let mut candidates: Vec<u32> = Vec::new();
        let first = incident.from - MAX_DAYS_APART;
        let last = incident.to + MAX_DAYS_APART;
        let mut take = |ids: &[u32], candidates: &mut Vec<u32>| {
            for &i in ids {
                if let Some(slot) = seen.get_mut(i as usize) {
                    // a strike spanning several days sits in several buckets: count it once
                    if *slot == 0 {
                        *slot = 1;
                        candidates.push(i);
                    }
                }
            }
        };
        match (incident.point, radius_km(incident.where_prec)) {
            (Some((lat, lon)), Some(r)) => {
                let reach = 2.0 * (r + self.widest_radius_km);
                let dlat = reach / 111.0;
                let dlon = reach / (111.0 * lat.to_radians().cos().abs().max(0.05));
                for d in first..=last {
                    for cy in cell(lat - dlat)..=cell(lat + dlat) {
                        for cx in cell(lon - dlon)..=cell(lon + dlon) {
                            if let Some(ids) = self.cells.get(&(d, cy, cx)) {
                                take(ids, &mut candidates);
                            }
                        }
                    }
                    if let Some(c) = incident
                        .country
                        .as_ref()
                        .filter(|_| !self.countries.is_empty())
                    {
                        if let Some(ids) = self.countries.get(&(d, c.clone())) {
                            take(ids, &mut candidates);
                        }
                    }
                }
            }
            _ => {
                // an incident known only to its country meets only strikes known only to theirs
                if let Some(c) = &incident.country {
                    for d in first..=last {
                        if let Some(ids) = self.countries.get(&(d, c.clone())) {
                            take(ids, &mut candidates);
                        }
                    }
                }
            }
        }
        // clear the marks for the next incident
        for &i in &candidates {
            if let Some(slot) = seen.get_mut(i as usize) {
                *slot = 0;
            }
        }
        let mut found: Vec<(usize, Evidence)> = candidates
            .into_iter()
            .filter_map(|i| {
                let f = self.facts.get(i as usize)?;
                compare(incident, f).map(|e| (i as usize, e))
            })
            .collect();
        let total: f64 = NONE_WEIGHT + found.iter().map(|(_, e)| e.weight).sum::<f64>();
        found.sort_by(|a, b| b.1.weight.total_cmp(&a.1.weight).then(a.0.cmp(&b.0)));
        found.truncate(MAX_MATCHES);
        found
            .into_iter()
            .map(|(strike, evidence)| StrikeMatch {
                strike,
                probability: evidence.weight / total,
                evidence,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(
        day: i32,
        span: i32,
        point: Option<(f64, f64)>,
        prec: u8,
        kinds: &[&'static str],
    ) -> Facts {
        Facts {
            from: day,
            to: day + span,
            point,
            where_prec: prec,
            country: Some("IQ".into()),
            kinds: kinds.to_vec(),
            count: 1,
        }
    }

    const MOSUL: (f64, f64) = (36.34, 43.13);
    const WEST_MOSUL: (f64, f64) = (36.33, 43.10);

    #[test]
    fn same_day_and_place_with_shared_target_is_likely() {
        let incident = facts(100, 0, Some(WEST_MOSUL), 1, &["building"]);
        let strike = Facts {
            count: 3,
            ..facts(100, 0, Some(MOSUL), 2, &["building", "vehicle"])
        };
        let e = compare(&incident, &strike);
        assert!(e.as_ref().is_some_and(|e| e.weight > 4.0), "{e:?}");
        let reasons = e.map(|e| e.reasons()).unwrap_or_default();
        assert_eq!(reasons[0], "same day");
        assert!(reasons[1].contains("km apart, within"));
        assert!(reasons[2].contains("building"));
        assert!(reasons[3].contains("3 strikes"));
    }

    #[test]
    fn far_or_late_strikes_are_no_candidates() {
        let incident = facts(100, 0, Some(WEST_MOSUL), 1, &[]);
        // Baghdad is 350 km away
        assert!(compare(&incident, &facts(100, 0, Some((33.31, 44.36)), 2, &[])).is_none());
        assert!(compare(&incident, &facts(103, 0, Some(MOSUL), 2, &[])).is_none());
        let next_day = compare(&incident, &facts(101, 0, Some(MOSUL), 2, &[]));
        assert!(next_day.is_some_and(|e| (e.weight - 0.4).abs() < 1e-9));
    }

    #[test]
    fn imprecise_dates_weigh_less() {
        let week = facts(94, 6, Some(WEST_MOSUL), 1, &[]);
        let e = compare(&week, &facts(100, 0, Some(MOSUL), 2, &[]));
        assert!(e.is_some_and(|e| e.weight < 0.5 && e.days_apart == 0));
    }

    #[test]
    fn the_index_finds_what_a_linear_scan_finds() {
        let strikes: Vec<Facts> = (0..400)
            .map(|i| {
                let lat = 33.0 + f64::from(i % 40) * 0.1;
                let lon = 40.0 + f64::from(i / 40) * 0.3;
                facts(100 + i % 7, i32::from(i % 5 == 0), Some((lat, lon)), 2, &[])
            })
            .collect();
        let index = StrikeIndex::new(strikes.clone());
        let mut seen = Vec::new();
        for j in 0..60 {
            let inc = facts(
                98 + j % 12,
                0,
                Some((33.05 + f64::from(j) * 0.06, 40.1 + f64::from(j) * 0.05)),
                1 + (j % 3) as u8,
                &[],
            );
            let mut by_index: Vec<usize> = index
                .match_incident(&inc, &mut seen)
                .iter()
                .map(|m| m.strike)
                .collect();
            by_index.sort_unstable();
            let by_scan: Vec<usize> = strikes
                .iter()
                .enumerate()
                .filter(|(_, s)| compare(&inc, s).is_some())
                .map(|(i, _)| i)
                .collect();
            if by_scan.len() <= MAX_MATCHES {
                assert_eq!(by_index, by_scan, "incident {j}");
            } else {
                assert_eq!(by_index.len(), MAX_MATCHES, "incident {j}");
                assert!(by_index.iter().all(|i| by_scan.contains(i)), "incident {j}");
            }
        }
    }

    #[test]
    fn probabilities_share_the_evidence_and_leave_room_for_none() {
        let index = StrikeIndex::new(vec![
            facts(100, 0, Some(MOSUL), 2, &[]),
            facts(100, 0, Some(MOSUL), 2, &[]),
        ]);
        let found = index.match_incident(&facts(100, 0, Some(WEST_MOSUL), 1, &[]), &mut Vec::new());
        assert_eq!(found.len(), 2);
        let sum: f64 = found.iter().map(|m| m.probability).sum();
        assert!((sum - 2.0 / 3.0).abs() < 1e-9, "{sum}");
    }
}
