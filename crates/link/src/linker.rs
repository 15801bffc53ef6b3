//! Incremental linking: each report's incident accounts join existing incidents or open new ones.
//!
//! A report is linked in two steps. First its accounts are grouped into *local events*: accounts
//! whose dates and places do not contradict each other describe the same event (a report may also
//! mention side events on other days or in other towns). Then each local event is compared with
//! the incidents already known, found through two indexes (country and day; country and a
//! half-degree grid cell), and joins the best one whose evidence clears a threshold. Nothing
//! already linked is revisited, so adding a report costs the same however large the record is.

use crate::features::{DatePoint, Features, PlacePoint};
use crate::model::{Levels, LinkExplanation};
use chrono::NaiveDate;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;

/// Size of a grid cell of the place index, in degrees.
const CELL_DEGREES: f64 = 0.5;
/// More incidents than this in an undated event's area make its place alone uninformative.
const MAX_AREA_CANDIDATES: usize = 64;
/// Days either side of a date searched for candidates.
const DAY_WINDOW: i64 = 4;

/// A two-letter country code packed into an integer.
type CountryKey = u16;

fn country_key(code: Option<&str>) -> Option<CountryKey> {
    let b = code?.as_bytes();
    (b.len() == 2).then(|| u16::from(b[0]) << 8 | u16::from(b[1]))
}

fn day_number(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

use chrono::Datelike;

/// What the linker knows of an event: a report's local event or a whole incident.
#[derive(Debug, Clone, Default)]
pub struct EventSummary {
    /// Country of the event.
    pub country: Option<String>,
    /// Dates given by members: the date, how many members gave it, and whether it came from the
    /// text (rather than from a publication date).
    date_votes: Vec<(DatePoint, u32, bool)>,
    /// Month and day stated without a year.
    month_day: Option<(u32, u32)>,
    /// The most precise place of any member, with the key of the member that gave it.
    place: Option<(PlacePoint, u64)>,
    /// Killed figures stated by members (the bounds of their ranges).
    figures: FxHashSet<u64>,
    /// Unknown place names of the members' reports.
    names: Vec<String>,
    /// Facility kinds the members name.
    facilities: Vec<String>,
    /// Victim kinds the members describe.
    victims: Vec<String>,
    /// Actors the members blame.
    actors: Vec<&'static str>,
    /// Means of harm the members blame.
    means: Vec<&'static str>,
    /// Keys of the accounts that belong to it.
    pub members: Vec<u64>,
    /// The reports its members come from, where callers said.
    reports: FxHashSet<u64>,
    /// For each unknown place name, the reports (where callers said) whose members use it.
    name_reports: rustc_hash::FxHashMap<String, FxHashSet<u64>>,
}

fn merge_into<T: PartialEq + Clone>(into: &mut Vec<T>, from: &[T]) {
    for x in from {
        if !into.contains(x) {
            into.push(x.clone());
        }
    }
}

impl EventSummary {
    /// The summary of a set of accounts taken as one event (each account one voice).
    pub fn of<'a>(accounts: impl IntoIterator<Item = (u64, &'a Features)>) -> EventSummary {
        let mut e = EventSummary::default();
        for (key, f) in accounts {
            e.add(key, f);
        }
        e
    }

    /// Counts every date once, as one report's voice.
    pub fn one_voice(&mut self) {
        for vote in &mut self.date_votes {
            vote.1 = 1;
        }
    }

    /// Killed figures stated by members.
    pub fn figures(&self) -> &FxHashSet<u64> {
        &self.figures
    }

    /// Unknown place names of the members' reports.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Facility kinds the members name.
    pub fn facilities(&self) -> &[String] {
        &self.facilities
    }

    /// Victim kinds the members describe.
    pub fn victims(&self) -> &[String] {
        &self.victims
    }

    /// Actors the members blame.
    pub fn actors(&self) -> &[&'static str] {
        &self.actors
    }

    /// Means of harm the members blame.
    pub fn means(&self) -> &[&'static str] {
        &self.means
    }

    /// True when the two events share an unknown place name that a report of one of them uses and
    /// the other event has no account from: a name that only the events' common reports use is
    /// no evidence that they are one (a report's names are all its events' names).
    pub fn share_a_name_across_reports(&self, other: &EventSummary) -> bool {
        let beyond = |from: &EventSummary, to: &EventSummary, name: &String| {
            from.name_reports
                .get(name)
                .is_some_and(|rs| rs.iter().any(|r| !to.reports.contains(r)))
        };
        self.names
            .iter()
            .filter(|n| other.names.contains(n))
            .any(|n| beyond(self, other, n) || beyond(other, self, n))
    }

    fn add(&mut self, key: u64, f: &Features) {
        if self.country.is_none() {
            self.country.clone_from(&f.country);
        }
        if let Some(d) = f.date {
            let t = f.date_from_text;
            match self
                .date_votes
                .iter_mut()
                .find(|(p, _, q)| *p == d && *q == t)
            {
                Some((_, w, _)) => *w += 1,
                None => self.date_votes.push((d, 1, t)),
            }
        }
        if self.month_day.is_none() {
            self.month_day = f.month_day;
        }
        if let Some(p) = f.place {
            let better = self
                .place
                .as_ref()
                .is_none_or(|(q, _)| p.precision < q.precision);
            if better && f.country.is_some() && f.country == self.country {
                self.place = Some((p, key));
            }
        }
        self.figures.extend(f.telling_figures());
        merge_into(&mut self.names, &f.names);
        merge_into(&mut self.facilities, &f.facilities);
        merge_into(&mut self.victims, &f.victims);
        merge_into(&mut self.actors, f.actor.as_slice());
        merge_into(&mut self.means, f.means.as_slice());
        if let Some(r) = f.report {
            self.reports.insert(r);
            for n in &f.names {
                self.name_reports.entry(n.clone()).or_default().insert(r);
            }
        }
        self.members.push(key);
    }

    /// Adds what another event says (its members, dates, places, figures and names).
    pub fn absorb(&mut self, other: &EventSummary) {
        if self.country.is_none() {
            self.country.clone_from(&other.country);
        }
        for (d, w, t) in &other.date_votes {
            match self
                .date_votes
                .iter_mut()
                .find(|(p, _, q)| p == d && q == t)
            {
                Some((_, v, _)) => *v += w,
                None => self.date_votes.push((*d, *w, *t)),
            }
        }
        if self.month_day.is_none() {
            self.month_day = other.month_day;
        }
        if let Some((p, k)) = other.place {
            if self
                .place
                .as_ref()
                .is_none_or(|(q, _)| p.precision < q.precision)
            {
                self.place = Some((p, k));
            }
        }
        self.figures.extend(other.figures.iter().copied());
        merge_into(&mut self.names, &other.names);
        merge_into(&mut self.facilities, &other.facilities);
        merge_into(&mut self.victims, &other.victims);
        merge_into(&mut self.actors, &other.actors);
        merge_into(&mut self.means, &other.means);
        self.reports.extend(other.reports.iter().copied());
        for (n, rs) in &other.name_reports {
            self.name_reports
                .entry(n.clone())
                .or_default()
                .extend(rs.iter().copied());
        }
        self.members.extend_from_slice(&other.members);
    }

    /// The date most members agree on: dates stated in the text before publication dates, then
    /// the most precise, then the most votes, then the earliest.
    pub fn date(&self) -> Option<DatePoint> {
        let from_text = self.date_from_text();
        let pool = || self.date_votes.iter().filter(|v| v.2 == from_text);
        let best_prec = pool().map(|(d, _, _)| d.precision).min()?;
        pool()
            .filter(|(d, _, _)| d.precision == best_prec)
            .max_by(|(a, wa, _), (b, wb, _)| wa.cmp(wb).then(b.day.cmp(&a.day)))
            .map(|(d, _, _)| *d)
    }

    /// True when some member's date was stated in the text (not only a publication date).
    pub fn date_from_text(&self) -> bool {
        self.date_votes.iter().any(|v| v.2)
    }

    /// The most precise place, and the key of the member account that named it.
    pub fn place(&self) -> Option<(PlacePoint, u64)> {
        self.place
    }

    /// Month and day stated without a year by some member.
    pub fn month_day(&self) -> Option<(u32, u32)> {
        self.month_day
    }
}

/// True when two accounts of one report cannot be about the same event.
fn contradict(a: &EventSummary, f: &Features) -> bool {
    if let (Some(x), Some(y)) = (&a.country, &f.country) {
        if x != y {
            return true;
        }
    }
    // a publication date only bounds the event from above: a stated day before it fits
    if f.date_from_text && a.date_from_text() {
        if let (Some(x), Some(y)) = (a.date(), f.date) {
            let (x0, x1) = (day_number(x.day) - 1, day_number(x.last_day()) + 1);
            let (y0, y1) = (day_number(y.day), day_number(y.last_day()));
            if y0 > x1 || x0 > y1 {
                return true;
            }
        }
    }
    // "Aug. 29" without a year and a stated 26 August are two days
    let other_day = |md: Option<(u32, u32)>, d: Option<DatePoint>| match (md, d) {
        (Some((m, day)), Some(p)) => p.precision <= 1 && (p.day.month(), p.day.day()) != (m, day),
        _ => false,
    };
    if (f.date_from_text && other_day(a.month_day(), f.date))
        || (a.date_from_text() && other_day(f.month_day, a.date()))
        || matches!((a.month_day(), f.month_day), (Some(x), Some(y)) if x != y)
    {
        return true;
    }
    // places too far apart to be one place (towns over 40 km, a region and a town beyond it), as
    // the model has it
    if let (Some((x, _)), Some(y)) = (a.place, f.place) {
        if crate::model::distance_level(Some(x), Some(y)).is_none() {
            return true;
        }
    }
    false
}

/// The best candidate of an event and what decides whether it joins it.
struct Ranked {
    /// Log2 odds of the best candidate.
    total: f64,
    /// Its index.
    idx: usize,
    /// Its comparison levels.
    levels: Levels,
    /// Log2 odds of the best other candidate whose date a text stated.
    second_dated: f64,
}

/// One incident as the linker holds it.
#[derive(Debug, Clone)]
pub struct LinkedIncident {
    /// Its stable id, once given (see [`Linker::assign_ids`]).
    pub id: Option<String>,
    /// What its member accounts say.
    pub summary: EventSummary,
    /// The incident it was merged into (its members then belong there), if any.
    pub merged_into: Option<usize>,
}

/// Groups incident accounts into incidents, one report at a time.
#[derive(Debug, Default)]
pub struct Linker {
    incidents: Vec<LinkedIncident>,
    by_id: FxHashMap<String, usize>,
    by_day: FxHashMap<CountryKey, BTreeMap<i64, Vec<u32>>>,
    by_cell: FxHashMap<(CountryKey, i32, i32), Vec<u32>>,
    /// Incidents indexed by cell while no account had stated their date in the text.
    by_cell_undated: FxHashMap<(CountryKey, i32, i32), Vec<u32>>,
    indexed: FxHashSet<(u32, i64, i64)>,
    /// How many incidents use each unknown place name (and the incidents, for lookup).
    by_name: FxHashMap<String, Vec<u32>>,
    incidents_with: FxHashMap<String, u32>,
    /// Ids no new incident may take (a store's incidents without linked accounts, merged ids).
    reserved: FxHashSet<String>,
}

fn cell(p: &PlacePoint) -> (i32, i32) {
    (
        (p.lat / CELL_DEGREES).floor() as i32,
        (p.lon / CELL_DEGREES).floor() as i32,
    )
}

impl Linker {
    /// An empty linker.
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps `ids` from every incident [`Linker::assign_ids`] names (ids a store holds that no
    /// restored account uses: incidents left empty, ids merged into another incident).
    pub fn reserve(&mut self, ids: impl IntoIterator<Item = String>) {
        self.reserved.extend(ids);
    }

    /// The incidents, in the order they were opened.
    pub fn incidents(&self) -> &[LinkedIncident] {
        &self.incidents
    }

    /// Puts back an account already linked to incident `id` (from a store), without re-linking.
    pub fn restore(&mut self, id: &str, key: u64, features: &Features) -> usize {
        let idx = match self.by_id.get(id) {
            Some(&i) => i,
            None => {
                self.incidents.push(LinkedIncident {
                    id: Some(id.to_string()),
                    summary: EventSummary::default(),
                    merged_into: None,
                });
                let i = self.incidents.len() - 1;
                self.by_id.insert(id.to_string(), i);
                i
            }
        };
        self.incidents[idx].summary.add(key, features);
        self.index(idx);
        idx
    }

    /// Links one report's incident accounts (`(key, features)` in report order); returns the
    /// index of the incident each account joined, in the same order.
    pub fn link_report(&mut self, accounts: &[(u64, Features)]) -> Vec<usize> {
        self.link_report_explained(accounts)
            .into_iter()
            .map(|(i, _)| i)
            .collect()
    }

    /// Like [`Linker::link_report`], with why each account joined its incident: `None` when its
    /// event opened a new incident.
    pub fn link_report_explained(
        &mut self,
        accounts: &[(u64, Features)],
    ) -> Vec<(usize, Option<LinkExplanation>)> {
        let mut local: Vec<EventSummary> = Vec::new();
        let mut local_of = Vec::with_capacity(accounts.len());
        for (key, f) in accounts {
            let found = local.iter().position(|e| !contradict(e, f));
            let i = match found {
                Some(i) => i,
                None => {
                    local.push(EventSummary::default());
                    local.len() - 1
                }
            };
            local[i].add(*key, f);
            local_of.push(i);
        }
        // one report is one voice on the date, however many accounts repeat it
        for event in &mut local {
            event.one_voice();
        }
        let mut target: Vec<(usize, Option<LinkExplanation>)> = Vec::with_capacity(local.len());
        for event in &local {
            // the report itself tells its events apart by days it states two or more days apart:
            // two such events never join one incident
            let taken = |i: usize| {
                target.iter().zip(&local).any(|((t, _), other)| {
                    *t == i && crate::model::stated_gap(event, other).is_some_and(|g| g >= 2)
                })
            };
            let (idx, why) = match self.best_incident(event).filter(|(i, _)| !taken(*i)) {
                Some((i, why)) => {
                    self.incidents[i].summary.absorb(event);
                    (i, Some(why))
                }
                None => {
                    self.incidents.push(LinkedIncident {
                        id: None,
                        summary: event.clone(),
                        merged_into: None,
                    });
                    (self.incidents.len() - 1, None)
                }
            };
            self.index(idx);
            target.push((idx, why));
        }
        local_of.into_iter().map(|i| target[i].clone()).collect()
    }

    /// The incident `idx` now stands in, following merges.
    pub fn resolve(&self, mut idx: usize) -> usize {
        while let Some(next) = self.incidents.get(idx).and_then(|i| i.merged_into) {
            idx = next;
        }
        idx
    }

    /// Compares incidents with each other (same candidates, model and threshold as linking)
    /// and merges pairs that are one incident: an undated incident into the dated one its
    /// evidence now points to, or two halves of an early split. Two incidents that both have
    /// stated dates more than 2 days apart, or towns more than 40 km apart, never merge; an
    /// incident that has an id already (restored from a store) is never the one absorbed.
    /// Returns the merges as `(absorbed, survivor)` indexes, in the order they were made.
    pub fn merge_candidates(&mut self) -> Vec<(usize, usize)> {
        self.merge_candidates_explained()
            .into_iter()
            .map(|(a, s, _)| (a, s))
            .collect()
    }

    /// Like [`Linker::merge_candidates`], with why each pair was merged.
    pub fn merge_candidates_explained(&mut self) -> Vec<(usize, usize, LinkExplanation)> {
        let mut merges = Vec::new();
        for i in 0..self.incidents.len() {
            if self.incidents[i].merged_into.is_some() {
                continue;
            }
            let Some((j, why)) = self.best_merge(i) else {
                continue;
            };
            // both must be each other's best candidate: an undated incident that fits another
            // dated incident as well or better stays apart
            let back = self.rank(&self.incidents[j].summary, Some(j), 2);
            if back.is_none_or(|r| r.idx != i || r.total <= r.second_dated) {
                continue;
            }
            // an incident that already has an id (a stored one) is never absorbed: its id and
            // its links stay; two stored incidents are not merged here
            let (si, sj) = (
                self.incidents[i].id.is_some(),
                self.incidents[j].id.is_some(),
            );
            if si && sj {
                continue;
            }
            // the stored one, else the one anchored on a stated date (else the older one) survives
            let (absorbed, survivor) = {
                let (di, dj) = (
                    self.incidents[i].summary.date_from_text(),
                    self.incidents[j].summary.date_from_text(),
                );
                if si || sj {
                    if si {
                        (j, i)
                    } else {
                        (i, j)
                    }
                } else if di && !dj {
                    (j, i)
                } else if dj && !di {
                    (i, j)
                } else {
                    (i.max(j), i.min(j))
                }
            };
            let gone = std::mem::take(&mut self.incidents[absorbed].summary);
            for n in &gone.names {
                if let Some(c) = self.incidents_with.get_mut(n) {
                    *c = c.saturating_sub(1);
                }
            }
            self.incidents[survivor].summary.absorb(&gone);
            self.incidents[absorbed].merged_into = Some(survivor);
            self.incidents[absorbed].summary.members = Vec::new();
            self.index(survivor);
            merges.push((absorbed, survivor, why));
        }
        merges
    }

    /// The incident that incident `i` should merge with, if any.
    fn best_merge(&self, i: usize) -> Option<(usize, LinkExplanation)> {
        let me = &self.incidents[i].summary;
        let w = crate::model::weights();
        let r = self.rank(me, Some(i), 2)?;
        let clear = r.total >= w.threshold_weight() && r.total - r.second_dated >= w.undated_margin;
        clear.then(|| (r.idx, w.score(&r.levels).1))
    }

    /// The best candidate incident for `event` (leaving out `skip`), with its runner-up among
    /// incidents whose date a text stated. `compared` is how many of the compared events count
    /// in the incidents that use a name (1 for an event against an incident, 2 for two incidents).
    fn rank(&self, event: &EventSummary, skip: Option<usize>, compared: u32) -> Option<Ranked> {
        let w = crate::model::weights();
        let mut scored: Vec<(f64, usize, Levels)> = Vec::new();
        for c in self.candidates(event) {
            let c = c as usize;
            if Some(c) == skip || self.incidents[c].merged_into.is_some() {
                continue;
            }
            let other = &self.incidents[c].summary;
            if skip.is_some() && crate::model::stated_gap(event, other).is_some_and(|g| g > 2) {
                continue;
            }
            let others = |n: &str| self.others_using(n, compared);
            let Some(levels) = crate::model::compare(event, other, others) else {
                continue;
            };
            scored.push((w.total(&levels), c, levels));
        }
        let best = scored
            .iter()
            .enumerate()
            .max_by(|a, b| a.1 .0.total_cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
            .map(|(k, _)| k)?;
        let second_dated = scored
            .iter()
            .enumerate()
            .filter(|(k, (_, c, _))| *k != best && self.incidents[*c].summary.date_from_text())
            .map(|(_, (t, _, _))| *t)
            .fold(f64::NEG_INFINITY, f64::max);
        let (total, idx, levels) = scored.swap_remove(best);
        Some(Ranked {
            total,
            idx,
            levels,
            second_dated,
        })
    }

    /// How many incidents use unknown place name `n`, besides the `compared` ones that do.
    fn others_using(&self, n: &str, compared: u32) -> u32 {
        self.incidents_with
            .get(n)
            .copied()
            .unwrap_or(0)
            .saturating_sub(compared)
    }

    fn candidates(&self, event: &EventSummary) -> Vec<u32> {
        let mut out = Vec::new();
        for n in &event.names {
            if let Some(ids) = self.by_name.get(n) {
                if ids.len() <= 8 {
                    out.extend_from_slice(ids);
                }
            }
        }
        let Some(country) = country_key(event.country.as_deref()) else {
            out.sort_unstable();
            out.dedup();
            return out;
        };
        if let Some(d) = event.date() {
            if let Some(days) = self.by_day.get(&country) {
                let lo = day_number(d.day) - DAY_WINDOW;
                let hi = day_number(d.last_day()) + DAY_WINDOW;
                for (_, ids) in days.range(lo..=hi) {
                    out.extend_from_slice(ids);
                }
            }
        } else if let (Some((month, day)), Some(days)) =
            (event.month_day(), self.by_day.get(&country))
        {
            // a month and day without a year meet that day of every year the country's
            // incidents span
            let year_of = |n: Option<(&i64, _)>| {
                n.and_then(|(k, _)| i32::try_from(*k).ok())
                    .and_then(NaiveDate::from_num_days_from_ce_opt)
                    .map(|d| d.year())
            };
            if let (Some(first), Some(last)) = (
                year_of(days.first_key_value()),
                year_of(days.last_key_value()),
            ) {
                for year in first..=last {
                    if let Some(ids) = NaiveDate::from_ymd_opt(year, month, day)
                        .and_then(|d| days.get(&day_number(d)))
                    {
                        out.extend_from_slice(ids);
                    }
                }
            }
        }
        // an event dated in its text meets dated incidents through the day index; by place it
        // needs only the incidents no text has dated yet
        let cells = if event.date_from_text() {
            &self.by_cell_undated
        } else {
            &self.by_cell
        };
        if let Some((p, _)) = event.place {
            if p.precision <= 5 {
                let (la, lo) = cell(&p);
                let before_cells = out.len();
                for dla in -1..=1 {
                    for dlo in -1..=1 {
                        if let Some(ids) = cells.get(&(country, la + dla, lo + dlo)) {
                            out.extend_from_slice(ids);
                        }
                    }
                }
                // among many incidents of its area, place alone cannot tell which one an undated
                // event joins: only those sharing a name with it stay candidates
                if event.date().is_none() && out.len() - before_cells > MAX_AREA_CANDIDATES {
                    out.truncate(before_cells);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    fn best_incident(&self, event: &EventSummary) -> Option<(usize, LinkExplanation)> {
        let w = crate::model::weights();
        let r = self.rank(event, None, 1)?;
        let (_, why) = w.score(&r.levels);
        let dated = event.date_from_text() || event.month_day().is_some();
        let clears = r.total >= w.threshold_weight();
        if dated {
            return clears.then_some((r.idx, why));
        }
        // an event with no date of its own must point to one incident: a dated runner-up close
        // behind makes it ambiguous (undated ones are merged with the winner later)
        (clears && r.total - r.second_dated >= w.undated_margin).then_some((r.idx, why))
    }

    fn index(&mut self, idx: usize) {
        let summary = &self.incidents[idx].summary;
        let id = idx as u32;
        for n in &summary.names {
            let hash = {
                use std::hash::{BuildHasher, BuildHasherDefault};
                BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(n) as i64
            };
            if self.indexed.insert((id, 2, hash)) {
                self.by_name.entry(n.clone()).or_default().push(id);
                *self.incidents_with.entry(n.clone()).or_default() += 1;
            }
        }
        let Some(country) = country_key(summary.country.as_deref()) else {
            return;
        };
        let mut days = Vec::new();
        for (d, _, _) in &summary.date_votes {
            if self.indexed.insert((id, 0, day_number(d.day))) {
                days.push(day_number(d.day));
            }
        }
        let undated = !summary.date_from_text();
        let mut cells = Vec::new();
        if let Some((p, _)) = summary.place {
            if p.precision <= 5 {
                let (la, lo) = cell(&p);
                if self
                    .indexed
                    .insert((id, 1, i64::from(la) << 32 | i64::from(lo as u32)))
                {
                    cells.push((la, lo));
                }
            }
        }
        for d in days {
            self.by_day
                .entry(country)
                .or_default()
                .entry(d)
                .or_default()
                .push(id);
        }
        for (la, lo) in cells {
            self.by_cell.entry((country, la, lo)).or_default().push(id);
            if !undated {
                continue;
            }
            self.by_cell_undated
                .entry((country, la, lo))
                .or_default()
                .push(id);
        }
    }

    /// Gives every incident without an id a stable one: `ISO3-YYYY-MM-DD-a` (or `ISO3-undated-a`),
    /// the letter being the first not yet taken. Ids already given never change.
    pub fn assign_ids(&mut self) {
        let mut taken: FxHashSet<String> = self.by_id.keys().cloned().collect();
        taken.extend(self.reserved.iter().cloned());
        for (i, inc) in self.incidents.iter_mut().enumerate() {
            if inc.id.is_some() || inc.merged_into.is_some() {
                continue;
            }
            let prefix = crate::ids::prefix(inc.summary.country.as_deref(), inc.summary.date());
            let id = crate::ids::first_free(&prefix, &taken);
            taken.insert(id.clone());
            self.by_id.insert(id.clone(), i);
            inc.id = Some(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(date: Option<(i32, u32, u32)>, place: Option<(f64, f64, u8)>, country: &str) -> Features {
        Features {
            date: date.and_then(|(y, m, d)| {
                NaiveDate::from_ymd_opt(y, m, d).map(|day| DatePoint { day, precision: 1 })
            }),
            date_from_text: date.is_some(),
            month_day: None,
            place: place.map(|(lat, lon, precision)| PlacePoint {
                lat,
                lon,
                precision,
            }),
            country: Some(country.to_string()),
            killed: None,
            names: Vec::new(),
            ..Features::default()
        }
    }

    #[test]
    fn reserved_ids_are_never_given_to_new_incidents() {
        let mut linker = Linker::new();
        linker.reserve(["IRQ-2017-03-17-a".to_string()]);
        linker.link_report(&[(1, f(Some((2017, 3, 17)), Some(MOSUL), "IQ"))]);
        linker.assign_ids();
        assert_eq!(
            linker.incidents()[0].id.as_deref(),
            Some("IRQ-2017-03-17-b")
        );
    }

    const MOSUL: (f64, f64, u8) = (36.34, 43.13, 2);
    const MOSUL_WEST: (f64, f64, u8) = (36.35, 43.10, 1);
    const HAWIJA: (f64, f64, u8) = (35.33, 43.77, 2);

    #[test]
    fn same_day_same_town_links_across_reports() {
        let mut l = Linker::new();
        let a = l.link_report(&[(1, f(Some((2017, 3, 17)), Some(MOSUL), "IQ"))]);
        let b = l.link_report(&[(2, f(Some((2017, 3, 17)), Some(MOSUL_WEST), "IQ"))]);
        let c = l.link_report(&[(3, f(Some((2017, 3, 18)), Some(MOSUL), "IQ"))]);
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert_eq!(l.incidents().len(), 1);
    }

    #[test]
    fn other_town_or_other_week_opens_a_new_incident() {
        let mut l = Linker::new();
        let a = l.link_report(&[(1, f(Some((2017, 3, 17)), Some(MOSUL), "IQ"))]);
        let b = l.link_report(&[(2, f(Some((2017, 3, 17)), Some(HAWIJA), "IQ"))]);
        let c = l.link_report(&[(3, f(Some((2017, 3, 30)), Some(MOSUL), "IQ"))]);
        assert_ne!(a, b);
        assert_ne!(a, c);
        assert_eq!(l.incidents().len(), 3);
    }

    #[test]
    fn undated_report_joins_the_only_incident_in_its_town() {
        let mut l = Linker::new();
        let a = l.link_report(&[(1, f(Some((2017, 3, 17)), Some(MOSUL), "IQ"))]);
        let b = l.link_report(&[(2, f(None, Some(MOSUL_WEST), "IQ"))]);
        assert_eq!(a, b);
        // a second incident in the same town makes the undated report ambiguous
        l.link_report(&[(3, f(Some((2017, 5, 1)), Some(MOSUL), "IQ"))]);
        let c = l.link_report(&[(4, f(None, Some(MOSUL), "IQ"))]);
        assert_eq!(l.incidents().len(), 3);
        assert_ne!(c, a);
    }

    #[test]
    fn country_alone_is_not_enough() {
        let mut l = Linker::new();
        l.link_report(&[(1, f(None, Some((33.0, 44.0, 6)), "IQ"))]);
        l.link_report(&[(2, f(None, Some((33.0, 44.0, 6)), "IQ"))]);
        assert_eq!(l.incidents().len(), 2);
    }

    #[test]
    fn side_event_in_a_report_stays_separate() {
        let mut l = Linker::new();
        let r = l.link_report(&[
            (1, f(Some((2017, 3, 17)), Some(MOSUL), "IQ")),
            (2, f(Some((2017, 3, 17)), Some(MOSUL), "IQ")),
            (3, f(Some((2017, 3, 17)), Some(HAWIJA), "IQ")),
        ]);
        assert_eq!(r[0], r[1]);
        assert_ne!(r[0], r[2]);
    }

    #[test]
    fn a_region_and_a_town_far_beyond_it_in_one_report_are_two_events() {
        // a province (precision 4) and a town 420 km away, on consecutive days
        let province = (34.41, 70.47, 4);
        let town = (32.11, 66.91, 1);
        let mut l = Linker::new();
        let r = l.link_report(&[
            (1, f(Some((2019, 9, 18)), Some(province), "AF")),
            (2, f(Some((2019, 9, 19)), Some(town), "AF")),
        ]);
        assert_ne!(r[0], r[1]);
        // a town inside the province, the same day, is one event with it
        let r = l.link_report(&[
            (3, f(Some((2019, 9, 18)), Some(province), "AF")),
            (4, f(Some((2019, 9, 18)), Some((34.30, 70.20, 1)), "AF")),
        ]);
        assert_eq!(r[0], r[1]);
    }

    #[test]
    fn a_report_with_one_stated_day_is_one_event() {
        // an account dated only by publication and one whose text states an earlier day: the
        // publication date bounds the event, it does not contradict the stated day
        let mut undated = f(Some((2016, 10, 6)), Some(MOSUL), "IQ");
        undated.date_from_text = false;
        let mut l = Linker::new();
        let r = l.link_report(&[
            (1, undated.clone()),
            (2, f(Some((2009, 9, 4)), Some(MOSUL), "IQ")),
        ]);
        assert_eq!(r[0], r[1]);
        // two stated days far apart are two events
        let r = l.link_report(&[
            (3, f(Some((2016, 10, 6)), Some(MOSUL), "IQ")),
            (4, f(Some((2009, 9, 4)), Some(MOSUL), "IQ")),
        ]);
        assert_ne!(r[0], r[1]);
    }

    #[test]
    fn a_report_that_tells_two_days_apart_keeps_them_apart() {
        let mut l = Linker::new();
        let first = l.link_report(&[(1, f(Some((2021, 8, 26)), Some(MOSUL), "IQ"))]);
        // a later report: the strike of the 29th and, three days before it, the attack of the 26th
        let r = l.link_report(&[
            (2, f(Some((2021, 8, 29)), Some(MOSUL), "IQ")),
            (3, f(Some((2021, 8, 26)), Some(MOSUL), "IQ")),
        ]);
        assert_eq!(r[1], first[0]);
        assert_ne!(r[0], r[1]);
        // "Aug. 29" without a year is another day than a stated 26 August of the same report
        let mut md = f(None, Some(MOSUL), "IQ");
        md.month_day = Some((8, 29));
        let r = l.link_report(&[(4, md), (5, f(Some((2021, 8, 26)), Some(MOSUL), "IQ"))]);
        assert_ne!(r[0], r[1]);
    }

    #[test]
    fn month_day_without_year_matches_only_that_day() {
        let mut l = Linker::new();
        let a = l.link_report(&[(1, f(Some((2017, 3, 17)), Some(MOSUL), "IQ"))]);
        let mut g = f(None, Some(MOSUL), "IQ");
        g.month_day = Some((3, 17));
        assert_eq!(l.link_report(&[(2, g.clone())]), a);
        g.month_day = Some((4, 2));
        assert_ne!(l.link_report(&[(3, g)]), a);
    }

    #[test]
    fn a_month_and_day_without_a_year_find_that_day_of_a_country_placed_report() {
        // a report with no date of its own, placed only in the country, names "25 August":
        // it meets the one incident of that country dated that day, in whatever year
        let mut l = Linker::new();
        let dated = l.link_report(&[(
            1,
            killed(f(Some((2024, 8, 25)), Some((19.9, 3.0, 1)), "ML"), 21),
        )]);
        l.link_report(&[(
            2,
            killed(f(Some((2023, 5, 2)), Some((14.4, -4.0, 1)), "ML"), 30),
        )]);
        let mut g = killed(f(None, Some((17.0, -4.0, 6)), "ML"), 21);
        g.month_day = Some((8, 25));
        assert_eq!(l.link_report(&[(3, g.clone())]), dated);
        // another day of the year meets nothing
        g.month_day = Some((8, 26));
        assert_ne!(l.link_report(&[(4, g)]), dated);
    }

    #[test]
    fn a_rare_unknown_place_name_links_despite_a_misread_region() {
        let mut l = Linker::new();
        let mut a = f(Some((2019, 3, 18)), Some((35.9, 36.6, 4)), "SY");
        a.names = vec!["bghz".into()];
        let first = l.link_report(&[(1, a)]);
        // same name, place resolved to a region elsewhere, no country at all, no date
        let mut b = f(None, None, "SY");
        b.country = None;
        b.names = vec!["bghz".into()];
        assert_eq!(l.link_report(&[(2, b)]), first);
        // without the name the same report stays apart
        let mut c = f(None, None, "SY");
        c.country = None;
        assert_ne!(l.link_report(&[(3, c)]), first);
    }

    #[test]
    fn a_rare_name_does_not_join_regions_of_two_countries() {
        let mut l = Linker::new();
        let mut a = f(Some((2019, 3, 18)), Some((25.9, 14.1, 4)), "LY");
        a.names = vec!["bghz".into()];
        let first = l.link_report(&[(1, a)]);
        let mut b = f(None, Some((49.1, 28.5, 4)), "UA");
        b.names = vec!["bghz".into()];
        assert_ne!(l.link_report(&[(2, b)]), first);
    }

    #[test]
    fn a_rare_unknown_place_name_places_an_unplaced_report_in_a_town_incident() {
        let mut l = Linker::new();
        // the incident is placed in a town (where_prec 2)
        let mut a = f(Some((2019, 3, 18)), Some((35.33, 40.14, 2)), "SY");
        a.names = vec!["bghz".into()];
        let first = l.link_report(&[(1, a)]);
        // a report with no place and no country, but the same rare name
        let mut b = f(None, None, "SY");
        b.country = None;
        b.names = vec!["bghz".into()];
        assert_eq!(l.link_report(&[(2, b)]), first);
    }

    fn killed(mut f: Features, n: u64) -> Features {
        f.killed = Some(toll_model::Range::exact(n));
        f
    }

    #[test]
    fn explanations_name_the_comparisons() {
        let mut l = Linker::new();
        let first =
            l.link_report_explained(&[(1, killed(f(Some((2017, 3, 17)), Some(MOSUL), "IQ"), 47))]);
        assert!(first[0].1.is_none(), "the first report opens the incident");
        let mut g = killed(f(Some((2017, 3, 17)), Some(MOSUL_WEST), "IQ"), 47);
        g.facilities = vec!["market".into()];
        let second = l.link_report_explained(&[(2, g)]);
        assert_eq!(second[0].0, first[0].0);
        let why = second[0].1.as_ref().expect("a link is explained");
        assert!(why.probability >= why.threshold);
        let level = |field: &str| {
            why.comparisons
                .iter()
                .find(|c| c.field == field)
                .map(|c| (c.level.as_str(), c.weight))
        };
        assert_eq!(level("date").map(|l| l.0), Some("same_day"));
        assert_eq!(level("distance").map(|l| l.0), Some("km10"));
        assert_eq!(level("figures").map(|l| l.0), Some("odd"));
        assert!(level("figures").is_some_and(|l| l.1 > 0.0));
        // one side names no facility: no information, no weight
        assert_eq!(level("facilities"), Some(("unknown", 0.0)));
        assert_eq!(why.comparisons.len(), crate::model::FIELDS.len());
    }

    #[test]
    fn undated_report_joins_the_one_dated_incident_that_fits() {
        let mut l = Linker::new();
        let mosul = l.link_report(&[(1, killed(f(Some((2017, 3, 17)), Some(MOSUL), "IQ"), 47))]);
        let hawija = l.link_report(&[(2, killed(f(Some((2017, 3, 17)), Some(HAWIJA), "IQ"), 12))]);
        assert_ne!(mosul, hawija);
        let undated = l.link_report(&[(3, killed(f(None, Some(MOSUL_WEST), "IQ"), 47))]);
        assert_eq!(undated, mosul);
    }

    #[test]
    fn merging_heals_a_split_between_an_undated_and_a_dated_incident() {
        let mut l = Linker::new();
        // the same strike: first an undated report opens an incident of its own, then the dated
        // incident a store holds is put back
        let undated = l.link_report(&[(2, killed(f(None, Some(MOSUL_WEST), "IQ"), 47))])[0];
        let dated = l.restore(
            "IRQ-2017-03-17-a",
            1,
            &killed(f(Some((2017, 3, 17)), Some(MOSUL), "IQ"), 47),
        );
        // another town, and the same town a week later, stay apart
        let other = l.restore(
            "IRQ-2017-03-17-b",
            3,
            &killed(f(Some((2017, 3, 17)), Some(HAWIJA), "IQ"), 47),
        );
        assert_eq!(l.incidents().len(), 3);
        let merges = l.merge_candidates();
        assert_eq!(merges, vec![(undated, dated)]);
        assert_eq!(l.resolve(undated), dated);
        assert_eq!(l.resolve(other), other);
        assert_eq!(l.incidents()[dated].summary.members, vec![1, 2]);
        assert_eq!(l.incidents()[dated].id.as_deref(), Some("IRQ-2017-03-17-a"));
        assert!(l.incidents()[undated].summary.members.is_empty());
        // nothing more to merge
        assert!(l.merge_candidates().is_empty());
        // two stored incidents keep their ids and links: they are not merged by the machine
        let mut stored = Linker::new();
        stored.restore(
            "IRQ-2017-03-17-a",
            1,
            &killed(f(Some((2017, 3, 17)), Some(MOSUL), "IQ"), 47),
        );
        stored.restore(
            "IRQ-undated-a",
            2,
            &killed(f(None, Some(MOSUL_WEST), "IQ"), 47),
        );
        assert!(stored.merge_candidates().is_empty());
    }

    #[test]
    fn an_undated_incident_that_fits_two_dated_ones_stays_apart() {
        let mut l = Linker::new();
        for (key, day) in [(1, 17), (2, 24)] {
            l.restore(
                &format!("IRQ-2017-03-{day}-a"),
                key,
                &killed(f(Some((2017, 3, day)), Some(MOSUL), "IQ"), 47),
            );
        }
        l.restore(
            "IRQ-undated-a",
            3,
            &killed(f(None, Some(MOSUL_WEST), "IQ"), 47),
        );
        assert!(l.merge_candidates().is_empty());
    }

    #[test]
    fn incidents_with_stated_dates_days_apart_never_merge() {
        let mut l = Linker::new();
        l.restore(
            "IRQ-2017-03-17-a",
            1,
            &killed(f(Some((2017, 3, 17)), Some(MOSUL), "IQ"), 47),
        );
        l.restore(
            "IRQ-2017-03-20-a",
            2,
            &killed(f(Some((2017, 3, 20)), Some(MOSUL), "IQ"), 47),
        );
        assert!(l.merge_candidates().is_empty());
    }

    #[test]
    fn ids_are_stable_and_distinct() {
        let mut l = Linker::new();
        l.restore(
            "IRQ-2017-03-17-a",
            9,
            &f(Some((2017, 3, 17)), Some(MOSUL), "IQ"),
        );
        l.link_report(&[(1, f(Some((2017, 3, 17)), Some(HAWIJA), "IQ"))]);
        l.link_report(&[(2, f(None, Some((33.0, 44.0, 6)), "IQ"))]);
        l.assign_ids();
        let ids: Vec<_> = l.incidents().iter().filter_map(|i| i.id.clone()).collect();
        assert_eq!(
            ids,
            ["IRQ-2017-03-17-a", "IRQ-2017-03-17-b", "IRQ-undated-a"]
        );
    }
}
