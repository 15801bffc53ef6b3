//! An incident as the record shows it: when, where, and its reconciled accounts.

use crate::reconcile::{reconcile, Reconciled, SourcedAccount};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
/// Its date is the most common among the most precise dates its accounts give (ties: the
/// earliest), its place the most precise place (ties: the most common).
pub fn summarize(id: &str, members: &[SourcedAccount<'_>]) -> Incident {
    let mut dates: BTreeMap<(u8, &str), usize> = BTreeMap::new();
    for m in members {
        if let Some(d) = &m.account.date {
            *dates.entry((d.precision, d.date.as_str())).or_default() += 1;
        }
    }
    let best_prec = dates.keys().map(|(p, _)| *p).min();
    let date = best_prec.and_then(|p| {
        dates
            .iter()
            .filter(|((q, _), _)| *q == p)
            .max_by(|(a, x), (b, y)| x.cmp(y).then(b.1.cmp(a.1)))
            .map(|((_, d), _)| (d.to_string(), p))
    });
    let mut places: Vec<(&toll_model::EventPlace, usize)> = Vec::new();
    for m in members {
        if let Some(p) = &m.account.place {
            match places
                .iter_mut()
                .find(|(q, _)| q.name == p.name && q.country == p.country)
            {
                Some((_, n)) => *n += 1,
                None => places.push((p, 1)),
            }
        }
    }
    let place = places
        .iter()
        .min_by(|(a, x), (b, y)| a.precision.cmp(&b.precision).then(y.cmp(x)))
        .map(|(p, _)| *p);
    let mut documents: Vec<String> = members.iter().map(|m| m.doc.to_string()).collect();
    documents.sort();
    documents.dedup();
    Incident {
        id: id.to_string(),
        country: place.map(|p| p.country.clone()),
        date: date.as_ref().map(|(d, _)| d.clone()),
        date_prec: date.map(|(_, p)| p),
        place: place.map(|p| p.name.clone()),
        lat: place.map(|p| p.lat),
        lon: place.map(|p| p.lon),
        where_prec: place.map(|p| p.precision),
        accounts: members.len(),
        documents,
        reconciled: reconcile(members),
    }
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
}
