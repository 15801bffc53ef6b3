//! An account as the record shows it: its incident's decided date and place lent to it.
//!
//! An account reports its incident, so once linked it carries the incident's date whenever the
//! incident's date is stated by some report (its own words stay in the stored account, and
//! `date_basis` says `incident`), and the date of the day the first report appeared when neither
//! it nor its incident states one. It carries the incident's place when its own report placed it
//! no finer than a region (or not at all); a town its report names stays. Aggregates and unlinked
//! accounts are shown as extracted.

use toll_link::Incident;
use toll_model::{Account, DateBasis, EventDate, EventPlace, PlaceBasis};

/// Places closer than this are the same place for lending.
const SAME_PLACE_KM: f64 = 25.0;

/// `account` with the date and place its incident lends it.
pub fn lend(account: &Account, incident: &Incident) -> Account {
    let mut lent = account.clone();
    if let (Some(date), Some(precision)) = (&incident.date, incident.date_prec) {
        let own_stated = account
            .date
            .as_ref()
            .is_some_and(|d| !matches!(d.basis, DateBasis::Publication | DateBasis::Incident));
        let fits_month_day = account.month_day.is_none_or(|md| {
            precision <= 1
                && date.get(5..) == Some(format!("{:02}-{:02}", md.month, md.day).as_str())
        });
        let differs = account.date.as_ref().is_none_or(|d| d.date != *date);
        if (incident.date_stated || !own_stated) && fits_month_day && differs {
            lent.date = Some(EventDate {
                date: date.clone(),
                precision,
                basis: DateBasis::Incident,
                phrase: None,
                reference_inferred: false,
            });
        }
    }
    if let (Some(name), Some(lat), Some(lon), Some(precision), Some(country)) = (
        &incident.place,
        incident.lat,
        incident.lon,
        incident.where_prec,
        &incident.country,
    ) {
        // an account's own town (or a finer place near the incident's) stays: its report named it
        let keeps_own = account.place.as_ref().is_some_and(|own| {
            own.precision <= 3
                || (own.precision <= precision && km(own.lat, own.lon, lat, lon) <= SAME_PLACE_KM)
        });
        if !keeps_own {
            lent.place = Some(EventPlace {
                name: name.clone(),
                matched: account
                    .place
                    .as_ref()
                    .map(|p| p.matched.clone())
                    .unwrap_or_default(),
                lat,
                lon,
                country: country.clone(),
                precision,
                basis: PlaceBasis::Incident,
            });
        }
    }
    lent
}

/// Great-circle distance in kilometres.
fn km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let a = toll_link::PlacePoint {
        lat: lat1,
        lon: lon1,
        precision: 1,
    };
    a.km_to(&toll_link::PlacePoint {
        lat: lat2,
        lon: lon2,
        precision: 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use toll_model::{Range, Scope, Span, Victims};

    fn account(date: Option<(&str, DateBasis)>, place: Option<(&str, f64, f64, u8)>) -> Account {
        Account {
            span: Span::new(0, 1),
            text: "x".into(),
            killed: Some(Range::exact(12)),
            injured: None,
            casualties_ambiguous: false,
            victims: Victims::Civilians,
            scope: Scope::Incident,
            blamed: None,
            claimed_by: None,
            hedged: false,
            denial: false,
            date: date.map(|(d, basis)| EventDate {
                date: d.into(),
                precision: 1,
                basis,
                phrase: Some("on Thursday".into()),
                reference_inferred: false,
            }),
            month_day: None,
            window: Default::default(),
            period: None,
            place: place.map(|(name, lat, lon, precision)| EventPlace {
                name: name.into(),
                matched: name.into(),
                lat,
                lon,
                country: "IQ".into(),
                precision,
                basis: PlaceBasis::Sentence,
            }),
            place_names: Vec::new(),
        }
    }

    fn incident(date: &str, stated: bool) -> Incident {
        Incident {
            id: "IRQ-2017-03-17-a".into(),
            country: Some("IQ".into()),
            date: Some(date.into()),
            date_prec: Some(if stated { 1 } else { 2 }),
            date_stated: stated,
            place: Some("Mosul".into()),
            lat: Some(36.34),
            lon: Some(43.13),
            where_prec: Some(2),
            accounts: 2,
            documents: vec!["a".into(), "b".into()],
            reconciled: toll_link::reconcile(&[]),
        }
    }

    #[test]
    fn a_linked_account_takes_its_incidents_stated_date() {
        let a = account(Some(("2017-03-19", DateBasis::Sentence)), None);
        let lent = lend(&a, &incident("2017-03-17", true));
        let d = lent.date.as_ref().map(|d| (d.date.as_str(), d.basis));
        assert_eq!(d, Some(("2017-03-17", DateBasis::Incident)));
        // the stored account keeps its own words
        assert_eq!(a.date.as_ref().map(|d| d.date.as_str()), Some("2017-03-19"));
    }

    #[test]
    fn an_unstated_incident_date_does_not_replace_a_stated_one() {
        let a = account(Some(("2017-03-16", DateBasis::Sentence)), None);
        let lent = lend(&a, &incident("2017-03-18", false));
        assert_eq!(lent.date, a.date);
        let b = account(None, None);
        let lent = lend(&b, &incident("2017-03-18", false));
        assert_eq!(lent.date.map(|d| d.precision), Some(2));
    }

    #[test]
    fn a_region_gives_way_to_the_incidents_town_and_an_own_town_stays() {
        let region = account(None, Some(("Nineveh", 36.0, 43.0, 4)));
        let lent = lend(&region, &incident("2017-03-17", true));
        let place = lent.place.map(|p| (p.name, p.basis));
        assert_eq!(place, Some(("Mosul".to_string(), PlaceBasis::Incident)));
        let none = account(None, None);
        let lent = lend(&none, &incident("2017-03-17", true));
        assert_eq!(lent.place.map(|p| p.name), Some("Mosul".to_string()));
        let town = account(None, Some(("al-Jadida", 36.35, 43.10, 1)));
        let lent = lend(&town, &incident("2017-03-17", true));
        assert_eq!(lent.place.map(|p| p.name), Some("al-Jadida".to_string()));
    }
}
