//! Linking a whole batch of reports at once (`toll analyze`), and filling in what an account's
//! own report could not say from the incident it joined.

use crate::features::{DatePoint, Features};
use crate::linker::Linker;
use crate::model::LinkExplanation;
use toll_model::{Account, DateBasis, EventDate, EventPlace, PlaceBasis, Scope};

/// A caller's key for account `i` of report `r`.
fn key(r: usize, i: usize) -> u64 {
    (r as u64) << 32 | i as u64
}

fn unkey(k: u64) -> (usize, usize) {
    ((k >> 32) as usize, (k & 0xffff_ffff) as usize)
}

/// The order reports are linked in: reports that date their event in their own words (0) go first,
/// so incidents are anchored on them; reports dated only by publication (1) next; undated ones (2) last.
pub fn rank<'a>(accounts: impl IntoIterator<Item = &'a Account>) -> u8 {
    let mut best = 2;
    for a in accounts.into_iter().filter(|a| a.scope == Scope::Incident) {
        if let Some(d) = &a.date {
            let from_text = !matches!(d.basis, DateBasis::Publication | DateBasis::Incident);
            best = best.min(if from_text && d.precision <= 2 { 0 } else { 1 });
        }
    }
    best
}

/// Links the incident accounts of `reports` (one `Vec` per report) into incidents, fills
/// missing or weaker dates and places from each account's incident, and returns the incident id
/// of every account (`None` for campaign totals).
pub fn link_reports(reports: &mut [Vec<Account>]) -> Vec<Vec<Option<String>>> {
    link_reports_explained(reports)
        .into_iter()
        .map(|r| r.into_iter().map(|a| a.map(|(id, _)| id)).collect())
        .collect()
}

/// An account's incident id and why it joined it (`None` when its event opened the incident);
/// `None` altogether for a campaign total.
pub type Explained = Option<(String, Option<LinkExplanation>)>;

/// Links like [`link_reports`] and returns, per account, its incident id and the explanation of
/// its link (`None` for the account whose event opened the incident). After all reports are
/// linked, incidents are compared with each other and merged where the model says they are one
/// (see [`Linker::merge_candidates`]); the accounts of a merged incident carry the merge's
/// explanation.
pub fn link_reports_explained(reports: &mut [Vec<Account>]) -> Vec<Vec<Explained>> {
    let mut order: Vec<usize> = (0..reports.len()).collect();
    order.sort_by_key(|&r| rank(&reports[r]));
    let mut linker = Linker::new();
    let mut joined: Vec<Vec<Joined>> = reports.iter().map(|a| vec![None; a.len()]).collect();
    for &r in &order {
        let items: Vec<(u64, Features)> = reports[r]
            .iter()
            .enumerate()
            .filter(|(_, a)| a.scope == Scope::Incident)
            .map(|(i, a)| (key(r, i), Features::of(a).from_report(r as u64)))
            .collect();
        for ((k, _), linked) in items.iter().zip(linker.link_report_explained(&items)) {
            let (_, i) = unkey(*k);
            joined[r][i] = Some(linked);
        }
    }
    let mut merged_why: Vec<Option<LinkExplanation>> = vec![None; linker.incidents().len()];
    for _ in 0..MERGE_ROUNDS {
        let merges = linker.merge_candidates_explained();
        if merges.is_empty() {
            break;
        }
        for (absorbed, _, why) in merges {
            merged_why[absorbed] = Some(why);
        }
    }
    linker.assign_ids();
    let incidents = linker.incidents();
    // what each incident can lend its members
    let lent: Vec<(Option<DatePoint>, bool, Option<EventPlace>)> = incidents
        .iter()
        .map(|inc| {
            let place = inc.summary.place().and_then(|(_, k)| {
                let (r, i) = unkey(k);
                reports.get(r)?.get(i)?.place.clone()
            });
            (inc.summary.date(), inc.summary.date_from_text(), place)
        })
        .collect();
    let mut out = Vec::with_capacity(reports.len());
    for (accounts, joined) in reports.iter_mut().zip(joined) {
        let mut report_out = Vec::with_capacity(accounts.len());
        for (a, j) in accounts.iter_mut().zip(joined) {
            report_out.push(j.and_then(|(first, why)| {
                let j = linker.resolve(first);
                let (date, from_text, place) = &lent[j];
                fill_from_incident(a, *date, *from_text, place.as_ref());
                let why = why.or_else(|| merged_why[first].clone());
                incidents[j].id.clone().map(|id| (id, why))
            }));
        }
        out.push(report_out);
    }
    out
}

/// The incident an account first joined, and why.
type Joined = Option<(usize, Option<LinkExplanation>)>;

/// Rounds of incident-to-incident merging after a batch is linked.
const MERGE_ROUNDS: usize = 3;

/// True when `day` falls in the period `date` stands for.
fn within(date: &EventDate, day: chrono::NaiveDate) -> bool {
    let Ok(first) = chrono::NaiveDate::parse_from_str(&date.date, "%Y-%m-%d") else {
        return false;
    };
    let own = DatePoint {
        day: first,
        precision: date.precision,
    };
    first <= day && day <= own.last_day()
}

/// Gives `account` its incident's date when its own report gave none (or only a publication
/// date, or a month and day without a year), and its incident's place when its own is missing
/// or no finer than a region.
pub fn fill_from_incident(
    account: &mut Account,
    date: Option<DatePoint>,
    date_from_text: bool,
    place: Option<&EventPlace>,
) {
    if let Some(d) = date {
        let weak = match &account.date {
            None => true,
            Some(own) if own.basis == DateBasis::Publication => date_from_text,
            // a coarser date of its own ("in 2015") is refined by the incident's, if it fits
            Some(own) => own.precision > d.precision && within(own, d.day),
        };
        let fits_month_day = account.month_day.is_none_or(|md| {
            d.precision <= 1
                && chrono::Datelike::month(&d.day) == md.month
                && chrono::Datelike::day(&d.day) == md.day
        });
        if weak && fits_month_day {
            account.date = Some(EventDate {
                date: d.day.format("%Y-%m-%d").to_string(),
                precision: d.precision,
                basis: DateBasis::Incident,
                phrase: None,
                reference_inferred: false,
            });
        }
    }
    if let Some(p) = place {
        let weak = account.place.as_ref().is_none_or(|own| {
            own.precision >= 4 && own.precision > p.precision && own.country == p.country
        });
        if weak {
            let mut lent = p.clone();
            lent.basis = PlaceBasis::Incident;
            account.place = Some(lent);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use toll_model::{Range, Span, Victims};

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
                phrase: None,
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

    #[test]
    fn undated_report_takes_its_incidents_date_and_place() {
        let mut reports = vec![
            vec![account(None, Some(("Iraq", 33.0, 44.0, 6)))],
            vec![account(
                Some(("2017-03-17", DateBasis::Sentence)),
                Some(("Mosul", 36.34, 43.13, 2)),
            )],
            vec![account(None, Some(("Mosul", 36.34, 43.13, 2)))],
        ];
        let ids = link_reports(&mut reports);
        assert_eq!(ids[1][0].as_deref(), Some("IRQ-2017-03-17-a"));
        assert_eq!(ids[2][0], ids[1][0]);
        assert_ne!(ids[0][0], ids[1][0], "a country alone does not link");
        let filled = &reports[2][0];
        let date = filled.date.as_ref().map(|d| (d.date.as_str(), d.basis));
        assert_eq!(date, Some(("2017-03-17", DateBasis::Incident)));
        assert!(reports[0][0].date.is_none());
    }

    #[test]
    fn batch_links_are_explained() {
        let mosul = Some(("Mosul", 36.34, 43.13, 2));
        let mut reports = vec![
            vec![account(Some(("2017-03-17", DateBasis::Sentence)), mosul)],
            vec![account(Some(("2017-03-17", DateBasis::Sentence)), mosul)],
        ];
        let out = link_reports_explained(&mut reports);
        let (first, second) = (&out[0][0], &out[1][0]);
        assert_eq!(
            first.as_ref().map(|f| f.0.as_str()),
            Some("IRQ-2017-03-17-a")
        );
        assert_eq!(first.as_ref().map(|f| &f.0), second.as_ref().map(|s| &s.0));
        assert!(first.as_ref().is_some_and(|f| f.1.is_none()));
        let why = second.as_ref().and_then(|s| s.1.as_ref());
        assert!(why.is_some_and(|w| w.probability >= w.threshold
            && w.comparisons
                .iter()
                .any(|c| c.field == "date" && c.level == "same_day")));
    }

    #[test]
    fn aggregates_get_no_incident() {
        let mut a = account(Some(("2017-03-17", DateBasis::Sentence)), None);
        a.scope = Scope::Aggregate;
        let ids = link_reports(&mut [vec![a]]);
        assert_eq!(ids, vec![vec![None]]);
    }

    #[test]
    fn stated_dates_are_kept_and_coarse_places_refined() {
        let mut a = account(
            Some(("2017-03-16", DateBasis::Sentence)),
            Some(("Nineveh", 36.0, 43.0, 4)),
        );
        let inc_date = DatePoint {
            day: chrono::NaiveDate::from_ymd_opt(2017, 3, 17).unwrap_or_default(),
            precision: 1,
        };
        let mosul = account(None, Some(("Mosul", 36.34, 43.13, 2))).place;
        fill_from_incident(&mut a, Some(inc_date), true, mosul.as_ref());
        assert_eq!(a.date.as_ref().map(|d| d.date.as_str()), Some("2017-03-16"));
        // a year alone is refined by the incident's day
        if let Some(d) = a.date.as_mut() {
            d.date = "2017-01-01".into();
            d.precision = 5;
        }
        fill_from_incident(&mut a, Some(inc_date), true, None);
        let date = a.date.as_ref().map(|d| (d.date.as_str(), d.basis));
        assert_eq!(date, Some(("2017-03-17", DateBasis::Incident)));
        let place = a.place.as_ref().map(|p| (p.name.as_str(), p.basis));
        assert_eq!(place, Some(("Mosul", PlaceBasis::Incident)));
    }
}
