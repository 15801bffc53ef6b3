//! From the strikes matched to an incident and what its reports blame, the parties that could be
//! responsible, each with its evidence:
//!
//! - **declared**: a nation that declared a matched strike (listed among its participating
//!   nations, or the belligerent itself when it is a nation). A strike listing `k` nations gives
//!   each `p / k` (one of them flew it, the release does not say which); a nation's probability
//!   over several strikes is `1 − Π (1 − pᵢ)`.
//! - **coalition**: the coalition that declared a matched strike without itemising its nations
//!   (`1 − Π (1 − pᵢ)` over those strikes).
//! - **blamed**: an actor the reports blame (the accounts' `blamed`, as comparable actors), with
//!   the share of the blaming accounts that blame it.

use crate::matching::{Facts, StrikeIndex, StrikeMatch};
use crate::RedressError;
use serde::Serialize;
use std::collections::BTreeMap;
use toll_store::redress::StoredStrike;
use toll_store::{SqliteStore, Store};
use utoipa::ToSchema;

/// How a party comes to be possibly responsible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum PartyKind {
    /// A nation declared a strike there and then.
    Declared,
    /// A coalition declared a strike there and then without itemising its nations.
    Coalition,
    /// The reports blame it.
    Blamed,
}

impl PartyKind {
    /// The lowercase label.
    pub fn as_str(self) -> &'static str {
        match self {
            PartyKind::Declared => "declared",
            PartyKind::Coalition => "coalition",
            PartyKind::Blamed => "blamed",
        }
    }
}

/// A party that could be responsible for an incident.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Party {
    /// Its name ("United Kingdom", "US-led coalition").
    pub name: String,
    /// Its ISO alpha-2 code, when it is a nation.
    pub nation: Option<String>,
    /// How it comes to be possibly responsible.
    pub kind: PartyKind,
    /// How likely it is responsible, 0–1.
    pub probability: f64,
    /// The evidence, in words.
    pub evidence: Vec<String>,
}

/// A declared strike matched to an incident.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct MatchedStrike {
    /// The strike's id.
    pub id: i64,
    /// The archived log or release it came from.
    pub source_id: i64,
    /// Its line in that file.
    pub line: u64,
    /// First and last day declared.
    pub date_from: String,
    /// Last day declared.
    pub date_to: String,
    /// The place declared.
    pub place: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// UCDP `where_prec`.
    pub where_prec: Option<u8>,
    /// Country struck.
    pub country: Option<String>,
    /// Who declared it.
    pub belligerent: String,
    /// Nations declared to have flown it.
    pub nations: Vec<String>,
    /// What was struck.
    pub target: Option<String>,
    /// Munition.
    pub munition: Option<String>,
    /// Strikes in the group.
    pub strikes: Option<u32>,
    /// Where the declaration is published.
    pub url: Option<String>,
    /// The probability that it caused the incident.
    pub probability: f64,
    /// Why it is a candidate.
    pub reasons: Vec<String>,
}

/// An incident's matched strikes and possible responsible parties.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct IncidentStrikes {
    /// The incident.
    pub incident: String,
    /// The declared strikes that could have caused it, most probable first.
    pub strikes: Vec<MatchedStrike>,
    /// The parties that could be responsible, most probable first.
    pub parties: Vec<Party>,
}

fn matched(s: &StoredStrike, m: &StrikeMatch) -> MatchedStrike {
    let d = &s.strike;
    MatchedStrike {
        id: s.id,
        source_id: s.source_id,
        line: d.line,
        date_from: d.date_from.clone(),
        date_to: d.date_to.clone(),
        place: d.place.clone(),
        lat: d.lat,
        lon: d.lon,
        where_prec: d.where_prec,
        country: d.country.clone(),
        belligerent: d.belligerent.clone(),
        nations: d.nations.clone(),
        target: d.target.clone(),
        munition: d.munition.clone(),
        strikes: d.strikes,
        url: d.url.clone(),
        probability: m.probability,
        reasons: m.evidence.reasons(),
    }
}

fn nation_name(code: &str) -> String {
    // the data file's first name of the code
    const NATIONS: &str = include_str!("../data/nations.tsv");
    NATIONS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|l| {
            let (c, names) = l.split_once('\t')?;
            (c == code).then(|| names.split('|').next().unwrap_or(code).to_string())
        })
        .unwrap_or_else(|| code.to_string())
}

/// One strike in words, for evidence.
fn strike_words(s: &MatchedStrike) -> String {
    let when = if s.date_from == s.date_to {
        s.date_from.clone()
    } else {
        format!("{}–{}", s.date_from, s.date_to)
    };
    let n = s.strikes.unwrap_or(1);
    format!(
        "{} declared {n} strike{} near {} on {when} (probability {:.2}: {})",
        s.belligerent,
        if n == 1 { "" } else { "s" },
        s.place.as_deref().unwrap_or("an unnamed place"),
        s.probability,
        s.reasons.join("; ")
    )
}

/// What is gathered per party: its nation, the probability that none of its evidence holds, and
/// the evidence.
type Tally = (Option<String>, f64, Vec<String>);

/// The parties from matched strikes and the incident's blamed actors.
pub fn parties_of(strikes: &[MatchedStrike], incident: &toll_link::Incident) -> Vec<Party> {
    parties_blamed(strikes, &incident.reconciled.blamed)
}

/// The parties from matched strikes and `blamed` (each actor the accounts blame, with how many).
pub fn parties_blamed(strikes: &[MatchedStrike], blamed: &BTreeMap<String, usize>) -> Vec<Party> {
    let mut acc: BTreeMap<(PartyKind, String), Tally> = BTreeMap::new();
    for s in strikes {
        let words = strike_words(s);
        if !s.nations.is_empty() {
            let share = s.probability / s.nations.len() as f64;
            for code in &s.nations {
                let e = acc
                    .entry((PartyKind::Declared, nation_name(code)))
                    .or_insert((Some(code.clone()), 1.0, Vec::new()));
                e.1 *= 1.0 - share;
                let others = s.nations.len() - 1;
                e.2.push(if others == 0 {
                    format!("flew it: {words}")
                } else {
                    format!("one of {} nations listed as flying it: {words}", others + 1)
                });
            }
        } else {
            let nation = crate::nations::nation_code(&s.belligerent).map(str::to_string);
            let kind = if nation.is_some() {
                PartyKind::Declared
            } else {
                PartyKind::Coalition
            };
            let e = acc
                .entry((kind, s.belligerent.clone()))
                .or_insert((nation, 1.0, Vec::new()));
            e.1 *= 1.0 - s.probability;
            e.2.push(if kind == PartyKind::Coalition {
                format!("nations not itemised: {words}")
            } else {
                words
            });
        }
    }
    let blaming: usize = blamed.values().sum();
    for (actor, n) in blamed {
        let e = acc
            .entry((PartyKind::Blamed, actor.clone()))
            .or_insert((None, 1.0, Vec::new()));
        let share = *n as f64 / blaming.max(1) as f64;
        e.1 *= 1.0 - share;
        e.2.push(format!(
            "blamed by {n} of the {blaming} account{} that blame someone",
            if blaming == 1 { "" } else { "s" }
        ));
    }
    let mut out: Vec<Party> = acc
        .into_iter()
        .map(|((kind, name), (nation, none, evidence))| Party {
            name,
            nation,
            kind,
            probability: 1.0 - none,
            evidence,
        })
        .collect();
    out.sort_by(|a, b| {
        b.probability
            .total_cmp(&a.probability)
            .then(a.kind.cmp(&b.kind))
            .then(a.name.cmp(&b.name))
    });
    out
}

/// The words of an incident's accounts (what the reports describe).
fn description(incident: &toll_link::Incident) -> String {
    let mut out = String::new();
    for claim in &incident.reconciled.claims {
        for a in &claim.accounts {
            out.push_str(&a.text);
            out.push('\n');
        }
    }
    out
}

/// Incident `id`'s matched strikes and possible responsible parties; `None` for an unknown
/// incident (a merged id answers for its survivor).
pub fn incident_strikes(
    store: &SqliteStore,
    id: &str,
) -> Result<Option<IncidentStrikes>, RedressError> {
    let Some(id) = store.resolve_incident(id)? else {
        return Ok(None);
    };
    let Some(record) = store.incident(&id)? else {
        return Ok(None);
    };
    let incident = toll_record::stored_incident(store, &record)?;
    let facts = Facts::of_incident(&incident, "");
    matched_strikes(store, id, facts, &incident.reconciled.blamed, || {
        description(&incident)
    })
    .map(Some)
}

/// The matched strikes and possible responsible parties of the incident an incident page shows,
/// read from the page itself (no summary to decode: what a reader's page view costs).
pub fn page_strikes(
    store: &SqliteStore,
    page: &toll_record::page::IncidentDetail,
) -> Result<IncidentStrikes, RedressError> {
    let facts = Facts::of_place_and_time(
        page.date.as_deref(),
        page.date_prec,
        (page.lat, page.lon),
        page.where_prec,
        page.country.as_deref(),
        "",
    );
    matched_strikes(store, page.id.clone(), facts, &page.blamed, || {
        let mut words = String::new();
        for claim in &page.claims {
            for a in &claim.accounts {
                words.push_str(&a.text);
                words.push('\n');
            }
        }
        words
    })
}

/// Matches the declared strikes near `facts` (none when the incident is undated, or known only
/// to its year) and names the parties. The incident's words (`describe`: its accounts' text) are
/// read for kinds of site only when some strike is near in time.
fn matched_strikes(
    store: &SqliteStore,
    id: String,
    facts: Option<Facts>,
    blamed: &BTreeMap<String, usize>,
    describe: impl FnOnce() -> String,
) -> Result<IncidentStrikes, RedressError> {
    let Some(mut facts) = facts.filter(|f| f.to - f.from <= crate::matching::MAX_SPAN_DAYS) else {
        // undated, or known only to its year: no declared strike can be placed against it in
        // time; the blamed actors remain
        return Ok(IncidentStrikes {
            parties: parties_blamed(&[], blamed),
            incident: id,
            strikes: Vec::new(),
        });
    };
    let day = |n: i32| {
        chrono::NaiveDate::from_num_days_from_ce_opt(n)
            .map(crate::strikes::day)
            .unwrap_or_default()
    };
    let near = store.strikes_between(
        &day(facts.from - crate::matching::MAX_DAYS_APART),
        &day(facts.to + crate::matching::MAX_DAYS_APART),
    )?;
    let usable: Vec<(&StoredStrike, Facts)> = near
        .iter()
        .filter_map(|s| Some((s, Facts::of_strike(&s.strike)?)))
        .collect();
    if !usable.is_empty() {
        facts.kinds = crate::sites::kinds_in(&describe());
    }
    let index = StrikeIndex::new(usable.iter().map(|(_, f)| f.clone()).collect());
    let strikes: Vec<MatchedStrike> = index
        .match_incident(&facts, &mut Vec::new())
        .iter()
        .filter_map(|m| usable.get(m.strike).map(|(s, _)| matched(s, m)))
        .collect();
    Ok(IncidentStrikes {
        parties: parties_blamed(&strikes, blamed),
        incident: id,
        strikes,
    })
}

/// The parties that could be responsible for incident `id` (see the module's doc), most probable
/// first; empty for an unknown incident.
pub fn possible_responsible_parties(
    store: &SqliteStore,
    id: &str,
) -> Result<Vec<Party>, RedressError> {
    Ok(incident_strikes(store, id)?
        .map(|i| i.parties)
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strike(nations: &[&str], belligerent: &str, p: f64) -> MatchedStrike {
        MatchedStrike {
            id: 1,
            source_id: 1,
            line: 1,
            date_from: "2017-03-17".into(),
            date_to: "2017-03-17".into(),
            place: Some("Mosul".into()),
            lat: Some(36.34),
            lon: Some(43.13),
            where_prec: Some(2),
            country: Some("IQ".into()),
            belligerent: belligerent.into(),
            nations: nations.iter().map(|n| n.to_string()).collect(),
            target: None,
            munition: None,
            strikes: Some(2),
            url: None,
            probability: p,
            reasons: vec!["same day".into()],
        }
    }

    #[test]
    fn nations_coalitions_and_blamed_actors_each_with_evidence() {
        let mut incident = toll_link::summarize("IRQ-2017-03-17-a", &[]);
        incident
            .reconciled
            .blamed
            .insert("US-led coalition".into(), 3);
        incident.reconciled.blamed.insert("ISIS".into(), 1);
        let parties = parties_of(
            &[
                strike(&["US", "GB"], "US-led coalition", 0.6),
                strike(&[], "US-led coalition", 0.5),
                strike(&[], "United Kingdom", 0.2),
            ],
            &incident,
        );
        let find = |name: &str, kind: PartyKind| {
            parties
                .iter()
                .find(|p| p.name == name && p.kind == kind)
                .cloned()
        };
        let us = find("United States", PartyKind::Declared);
        assert!(us
            .as_ref()
            .is_some_and(|p| (p.probability - 0.3).abs() < 1e-9));
        assert!(us.is_some_and(|p| p.evidence[0].starts_with("one of 2 nations")));
        // the UK: a listed nation (0.3) and a declaring belligerent (0.2): 1 − 0.7 × 0.8
        let uk = find("United Kingdom", PartyKind::Declared);
        assert!(
            uk.as_ref()
                .is_some_and(|p| (p.probability - 0.44).abs() < 1e-9),
            "{uk:?}"
        );
        assert_eq!(uk.and_then(|p| p.nation), Some("GB".into()));
        let coalition = find("US-led coalition", PartyKind::Coalition);
        assert!(coalition.is_some_and(|p| p.evidence[0].starts_with("nations not itemised")));
        let blamed = find("US-led coalition", PartyKind::Blamed);
        assert!(blamed.is_some_and(|p| (p.probability - 0.75).abs() < 1e-9));
        // most probable first
        assert!(parties
            .windows(2)
            .all(|w| w[0].probability >= w[1].probability));
    }
}
