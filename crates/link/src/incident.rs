//! An incident as the record shows it: when, where, and its reconciled accounts.

use crate::reconcile::{reconcile, Reconciled, SourcedAccount};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use toll_model::DateBasis;

/// One incident: its id, when and where (from its most precise accounts), and the reconciliation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    /// Stable id (`IRQ-2017-03-17-a`).
    pub id: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
    /// Event date `YYYY-MM-DD`.
    pub date: Option<String>,
    /// UCDP `date_prec` of `date`.
    pub date_prec: Option<u8>,
    /// True when some report states the date; false when it is only the day the first report
    /// appeared (the event happened then or shortly before).
    #[serde(default)]
    pub date_stated: bool,
    /// Place name.
    pub place: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// UCDP `where_prec` of the place.
    pub where_prec: Option<u8>,
    /// Number of accounts.
    pub accounts: usize,
    /// Reports the accounts come from.
    pub documents: Vec<String>,
    /// Figures, claims, contradictions and grade.
    pub reconciled: Reconciled,
}

/// Builds the incident `id` from its member accounts.
///
/// Its date is decided from every member's evidence ([`decide_date`]), its place from every
/// member's place ([`decide_place`]).
pub fn summarize(id: &str, members: &[SourcedAccount<'_>]) -> Incident {
    let date = decide_date(members);
    let place = decide_place(members);
    let mut documents: Vec<String> = members.iter().map(|m| m.doc.to_string()).collect();
    documents.sort();
    documents.dedup();
    Incident {
        id: id.to_string(),
        country: place.map(|p| p.country.clone()),
        date: date.as_ref().map(|d| d.date.clone()),
        date_prec: date.as_ref().map(|d| d.precision),
        date_stated: date.as_ref().is_some_and(|d| d.stated),
        place: place.map(|p| p.name.clone()),
        lat: place.map(|p| p.lat),
        lon: place.map(|p| p.lon),
        where_prec: place.map(|p| p.precision),
        accounts: members.len(),
        documents,
        reconciled: reconcile(members),
    }
}

/// An incident's decided date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecidedDate {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// UCDP `date_prec`.
    pub precision: u8,
    /// True when a report states it (else it is the earliest publication date of its reports).
    pub stated: bool,
}

/// True when a date basis means the text itself states the date.
fn stated(basis: DateBasis) -> bool {
    !matches!(basis, DateBasis::Publication | DateBasis::Incident)
}

/// Decides an incident's date from its members' evidence.
///
/// Stated dates come first: each report votes once for each date it states (so one report
/// repeating a day does not outvote two reports), among the most precise dates stated; a day after
/// the first report about the incident appeared cannot be the event's (a follow-up's "on Thursday"
/// dates a later statement) and does not vote. Ties go to the earliest day. Without a stated date
/// the incident is dated by the day its first report appeared, with precision 2 (the event happened
/// then or in the days before).
pub fn decide_date(members: &[SourcedAccount<'_>]) -> Option<DecidedDate> {
    let first_published = members
        .iter()
        .filter_map(|m| m.account.window.latest.as_deref())
        .min();
    let mut votes: BTreeMap<(u8, &str), BTreeSet<&str>> = BTreeMap::new();
    for m in members {
        let Some(d) = &m.account.date else { continue };
        if !stated(d.basis) {
            continue;
        }
        if first_published.is_some_and(|p| d.date.as_str() > p) {
            continue;
        }
        votes
            .entry((d.precision, d.date.as_str()))
            .or_default()
            .insert(m.doc);
    }
    let best_prec = votes.keys().map(|(p, _)| *p).min();
    if let Some(p) = best_prec {
        return votes
            .iter()
            .filter(|((q, _), _)| *q == p)
            .max_by(|(a, x), (b, y)| x.len().cmp(&y.len()).then(b.1.cmp(a.1)))
            .map(|((_, d), _)| DecidedDate {
                date: d.to_string(),
                precision: p,
                stated: true,
            });
    }
    first_published.map(|d| DecidedDate {
        date: d.to_string(),
        precision: 2,
        stated: false,
    })
}

/// Places closer than this are one place for deciding an incident's place.
const SAME_PLACE_KM: f64 = 25.0;

/// At most this many distinct towns compete for an incident's place (the most named).
const MAX_COMPETING_TOWNS: usize = 256;

/// One distinct town that an incident's accounts name.
struct DistinctTown<'a> {
    place: &'a toll_model::EventPlace,
    reports: BTreeSet<&'a str>,
    accounts: usize,
    /// The position of the last account naming it.
    last: usize,
}

/// How far a more precise town may lie from the most named, coarser place and still refine it.
const REFINE_KM: f64 = 40.0;

/// Decides an incident's place from its members' places.
///
/// Town-level places (where_prec 3 or finer) are grouped when within 25 km of each other; the
/// most precise place wins (then the one whose group most reports name, then the most named),
/// among the places named by more than a third as many reports as the most named group or lying
/// within 40 km of it: a place that one report names far off (a hospital the wounded were taken
/// to, a wire's dateline city) does not outweigh the place that several reports name, a village
/// beside the city they name refines it. Without a town, the most precise region or
/// country.
pub fn decide_place<'a>(members: &[SourcedAccount<'a>]) -> Option<&'a toll_model::EventPlace> {
    let places: Vec<(&toll_model::EventPlace, &str)> = members
        .iter()
        .filter_map(|m| m.account.place.as_ref().map(|p| (p, m.doc)))
        .collect();
    // distinct towns, each with the reports and the accounts that name it: many accounts name
    // few places, and the work below grows with the square of the places, not of the accounts
    let mut towns: Vec<DistinctTown<'a>> = Vec::new();
    let mut town_of: BTreeMap<(&str, &str, u64, u64), usize> = BTreeMap::new();
    let mut named: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (at, &(p, doc)) in places.iter().enumerate() {
        *named
            .entry((p.name.as_str(), p.country.as_str()))
            .or_default() += 1;
        if p.precision > 3 {
            continue;
        }
        let key = (
            p.name.as_str(),
            p.country.as_str(),
            p.lat.to_bits(),
            p.lon.to_bits(),
        );
        let i = *town_of.entry(key).or_insert_with(|| {
            towns.push(DistinctTown {
                place: p,
                reports: BTreeSet::new(),
                accounts: 0,
                last: 0,
            });
            towns.len() - 1
        });
        towns[i].reports.insert(doc);
        towns[i].accounts += 1;
        towns[i].last = at;
    }
    if !towns.is_empty() {
        // only the most named towns compete (bounds the work on a text naming thousands)
        if towns.len() > MAX_COMPETING_TOWNS {
            towns.sort_by_key(|t| std::cmp::Reverse(t.accounts));
            towns.truncate(MAX_COMPETING_TOWNS);
        }
        // of equal places, the one an account names last wins
        towns.sort_by_key(|t| t.last);
        let support: Vec<(usize, usize)> = towns
            .iter()
            .map(|centre| {
                let mut reports: BTreeSet<&str> = BTreeSet::new();
                let mut accounts = 0;
                for q in towns.iter().filter(|q| {
                    q.place.country == centre.place.country
                        && km(centre.place, q.place) <= SAME_PLACE_KM
                }) {
                    reports.extend(q.reports.iter().copied());
                    accounts += q.accounts;
                }
                (reports.len(), accounts)
            })
            .collect();
        let named_of = |p: &toll_model::EventPlace| {
            named
                .get(&(p.name.as_str(), p.country.as_str()))
                .copied()
                .unwrap_or(0)
        };
        // the most precise place wins, unless far fewer reports name it than another place and
        // it lies farther than 40 km from that place (a village named beside "near Aleppo" refines
        // it; a hospital town far off where the wounded were taken does not)
        let most = support.iter().map(|s| s.0).max().unwrap_or(0);
        let leaders: Vec<&toll_model::EventPlace> = towns
            .iter()
            .zip(&support)
            .filter(|(_, s)| s.0 == most)
            .map(|(t, _)| t.place)
            .collect();
        let refines_leader = |p: &toll_model::EventPlace| {
            leaders.iter().any(|l| {
                p.precision < l.precision && l.country == p.country && km(l, p) <= REFINE_KM
            })
        };
        return towns
            .iter()
            .zip(&support)
            .filter(|(t, s)| s.0 * 3 > most || refines_leader(t.place))
            .max_by(|(a, sa), (b, sb)| {
                b.place
                    .precision
                    .cmp(&a.place.precision)
                    .then(sa.cmp(sb))
                    .then(named_of(a.place).cmp(&named_of(b.place)))
            })
            .map(|(t, _)| t.place);
    }
    let mut counted: Vec<(&toll_model::EventPlace, usize)> = Vec::new();
    for (p, _) in &places {
        match counted
            .iter_mut()
            .find(|(q, _)| q.name == p.name && q.country == p.country)
        {
            Some((_, n)) => *n += 1,
            None => counted.push((p, 1)),
        }
    }
    counted
        .iter()
        .min_by(|(a, x), (b, y)| a.precision.cmp(&b.precision).then(y.cmp(x)))
        .map(|(p, _)| *p)
}

/// Great-circle distance between two places, in kilometres.
fn km(a: &toll_model::EventPlace, b: &toll_model::EventPlace) -> f64 {
    let pa = crate::PlacePoint {
        lat: a.lat,
        lon: a.lon,
        precision: a.precision,
    };
    pa.km_to(&crate::PlacePoint {
        lat: b.lat,
        lon: b.lon,
        precision: b.precision,
    })
}

/// Groups accounts by incident id and summarizes each incident, in id order.
///
/// `reports` holds each report's id, outlet and accounts; `ids` each account's incident id.
pub fn incidents_of(
    reports: &[(&str, Option<&str>, &[toll_model::Account])],
    ids: &[Vec<Option<String>>],
) -> Vec<Incident> {
    let mut members: BTreeMap<&str, Vec<SourcedAccount<'_>>> = BTreeMap::new();
    for ((doc, outlet, accounts), ids) in reports.iter().zip(ids) {
        for (account, id) in accounts.iter().zip(ids) {
            if let Some(id) = id {
                members
                    .entry(id.as_str())
                    .or_default()
                    .push(SourcedAccount {
                        doc,
                        outlet: *outlet,
                        outlets: &[],
                        account,
                    });
            }
        }
    }
    members
        .iter()
        .map(|(id, accounts)| summarize(id, accounts))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use toll_model::{
        Account, DateBasis, EventDate, EventPlace, PlaceBasis, Range, Scope, Span, Victims,
    };

    fn account(date: &str, prec: u8, place: &str, where_prec: u8, killed: u64) -> Account {
        Account {
            span: Span::new(0, 4),
            text: "text".into(),
            killed: Some(Range::exact(killed)),
            injured: None,
            casualties_ambiguous: false,
            victims: Victims::Civilians,
            scope: Scope::Incident,
            blamed: None,
            claimed_by: None,
            hedged: false,
            denial: false,
            date: Some(EventDate {
                date: date.into(),
                precision: prec,
                basis: DateBasis::Sentence,
                phrase: None,
                reference_inferred: false,
            }),
            month_day: None,
            window: Default::default(),
            period: None,
            place: Some(EventPlace {
                name: place.into(),
                matched: place.into(),
                lat: 36.3,
                lon: 43.1,
                country: "IQ".into(),
                precision: where_prec,
                basis: PlaceBasis::Sentence,
            }),
            place_names: Vec::new(),
        }
    }

    #[test]
    fn incident_takes_the_most_precise_date_and_place() {
        let a = account("2017-03-01", 4, "Nineveh", 4, 100);
        let b = account("2017-03-17", 1, "Mosul", 2, 105);
        let c = account("2017-03-17", 1, "Mosul", 2, 61);
        let reports: Vec<(&str, Option<&str>, &[Account])> = vec![
            ("r1", None, std::slice::from_ref(&a)),
            ("r2", None, std::slice::from_ref(&b)),
            ("r3", Some("Outlet"), std::slice::from_ref(&c)),
        ];
        let id = Some("IRQ-2017-03-17-a".to_string());
        let ids = vec![vec![id.clone()], vec![id.clone()], vec![id]];
        let incidents = incidents_of(&reports, &ids);
        assert_eq!(incidents.len(), 1);
        let i = &incidents[0];
        assert_eq!(i.date.as_deref(), Some("2017-03-17"));
        assert_eq!(i.date_prec, Some(1));
        assert_eq!(i.place.as_deref(), Some("Mosul"));
        assert_eq!(i.accounts, 3);
        assert_eq!(i.documents, ["r1", "r2", "r3"]);
        assert_eq!(i.reconciled.sources, 3);
        assert_eq!(i.reconciled.killed.high, Some(105));
    }

    fn sourced<'a>(doc: &'a str, account: &'a Account) -> SourcedAccount<'a> {
        SourcedAccount {
            doc,
            outlet: None,
            outlets: &[],
            account,
        }
    }

    #[test]
    fn a_follow_ups_later_day_does_not_date_the_incident() {
        let mut first = account("2017-01-17", 1, "Rann", 2, 52);
        first.window.latest = Some("2017-01-18".into());
        let mut follow_up = account("2017-01-19", 1, "Rann", 2, 170);
        follow_up.window.latest = Some("2017-01-20".into());
        let mut again = follow_up.clone();
        again.killed = Some(Range::exact(171));
        let members = [
            sourced("a", &first),
            sourced("b", &follow_up),
            sourced("b", &again),
        ];
        let d = decide_date(&members);
        assert_eq!(d.as_ref().map(|d| d.date.as_str()), Some("2017-01-17"));
        assert!(d.is_some_and(|d| d.stated));
    }

    #[test]
    fn each_report_votes_once_and_unstated_dates_fall_back_to_first_publication() {
        let one = account("2017-03-16", 1, "Mosul", 2, 10);
        let two = account("2017-03-17", 1, "Mosul", 2, 11);
        let members = [
            sourced("a", &one),
            sourced("a", &one),
            sourced("b", &two),
            sourced("c", &two),
        ];
        let d = decide_date(&members).map(|d| d.date);
        assert_eq!(d.as_deref(), Some("2017-03-17"));
        let mut undated = account("2017-03-17", 1, "Mosul", 2, 10);
        undated.date = None;
        undated.window.latest = Some("2017-03-19".into());
        let mut later = undated.clone();
        later.window.latest = Some("2017-03-21".into());
        let d = decide_date(&[sourced("a", &later), sourced("b", &undated)]);
        let d = d.map(|d| (d.date, d.precision, d.stated));
        assert_eq!(d, Some(("2017-03-19".to_string(), 2, false)));
    }

    #[test]
    fn the_place_most_reports_name_beats_a_finer_one_few_name() {
        let mut hospital = account("2017-01-17", 1, "Maiduguri", 1, 2);
        if let Some(p) = hospital.place.as_mut() {
            (p.lat, p.lon) = (11.85, 13.16);
        }
        let camp_a = account("2017-01-17", 1, "Rann", 2, 52);
        let camp_b = account("2017-01-17", 1, "Rann", 2, 70);
        let camp_c = account("2017-01-17", 1, "Rann", 2, 76);
        let members = [
            sourced("a", &hospital),
            sourced("a", &camp_a),
            sourced("b", &camp_b),
            sourced("c", &camp_c),
        ];
        assert_eq!(
            decide_place(&members).map(|p| p.name.as_str()),
            Some("Rann")
        );
    }

    #[test]
    fn a_village_near_the_most_named_city_refines_it() {
        // three reports say "near Aleppo"; one names the village 30 km away: it refines the city
        let mut village = account("2017-03-16", 1, "Atarib", 1, 42);
        if let Some(p) = village.place.as_mut() {
            (p.lat, p.lon) = (36.3, 43.1 + 0.33);
        }
        let city = [
            account("2017-03-16", 1, "Aleppo", 2, 42),
            account("2017-03-16", 1, "Aleppo", 2, 49),
            account("2017-03-16", 1, "Aleppo", 2, 38),
        ];
        let members = [
            sourced("a", &city[0]),
            sourced("b", &city[1]),
            sourced("c", &city[2]),
            sourced("d", &village),
        ];
        assert_eq!(
            decide_place(&members).map(|p| p.name.as_str()),
            Some("Atarib")
        );
    }

    #[test]
    fn among_thousands_of_named_towns_the_most_named_still_wins() {
        // a text naming a different town in each of thousands of accounts (a list, or hostile
        // input) is decided from the most named towns only, in time linear in the accounts
        let mut accounts = Vec::new();
        for i in 0..3000 {
            let mut a = account("2017-01-17", 1, &format!("Town {i}"), 1, 2);
            if let Some(p) = a.place.as_mut() {
                (p.lat, p.lon) = (f64::from(i % 90) / 2.0, f64::from(i / 90) / 2.0);
            }
            accounts.push(a);
        }
        let camp = account("2017-01-17", 1, "Rann", 1, 52);
        let docs: Vec<String> = (0..3000).map(|i| format!("d{i}")).collect();
        let mut members: Vec<SourcedAccount<'_>> = accounts
            .iter()
            .zip(&docs)
            .map(|(a, d)| sourced(d, a))
            .collect();
        for d in ["x", "y", "z"] {
            members.push(sourced(d, &camp));
        }
        assert_eq!(
            decide_place(&members).map(|p| p.name.as_str()),
            Some("Rann")
        );
    }
}
