//! Who may be responsible for an incident, as plain data: a name, a nation where there is one, how
//! the party is known (a declared strike, the coalition as a whole, or what reports blame), a
//! probability and the evidence. `toll-redress` matches incidents to declared strikes; until its
//! parties are fed in, [`from_incident`] derives them from what the incident's accounts blame.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;
use toll_record::page::IncidentDetail;

/// How a party is known to be possibly responsible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PartyKind {
    /// A nation declared strikes there and then.
    Declared,
    /// The coalition as a whole, where nations are not itemised.
    Coalition,
    /// The reports blame it.
    Blamed,
}

/// A party that may be responsible for an incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponsibleParty {
    /// Its name ("US-led coalition", "Russia", "ISIS").
    pub name: String,
    /// Its nation's ISO 3166 alpha-2 code, if it is a nation's forces.
    pub nation: Option<String>,
    /// How it is known.
    pub kind: PartyKind,
    /// How likely it is responsible, 0–1.
    pub probability: f64,
    /// Why, in words.
    pub evidence: Vec<String>,
}

/// One actor of `data/actors.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// The name `toll_link::actors::actor` gives.
    pub name: String,
    /// Its nation, for a nation's forces.
    #[serde(default)]
    pub nation: Option<String>,
    /// True for a coalition.
    #[serde(default)]
    pub coalition: bool,
    /// The nation that leads a coalition.
    #[serde(default)]
    pub leader: Option<String>,
}

/// The actors data.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actors {
    /// Means of harm that are combat.
    pub combat_means: Vec<String>,
    /// The actors.
    #[serde(rename = "actor")]
    pub actors: Vec<Actor>,
}

/// The bundled actors data (`data/actors.toml`; compiled in and checked by a test, so an empty
/// list only if it were unreadable).
pub fn actors() -> &'static Actors {
    static ACTORS: OnceLock<Actors> = OnceLock::new();
    ACTORS.get_or_init(|| {
        basic_toml::from_str(include_str!("../data/actors.toml")).unwrap_or(Actors {
            combat_means: Vec::new(),
            actors: Vec::new(),
        })
    })
}

/// The actor named `name`, if listed.
pub fn actor(name: &str) -> Option<&'static Actor> {
    actors().actors.iter().find(|a| a.name == name)
}

/// The parties an incident's accounts blame: each actor named by what they blame, with the share
/// of blaming accounts that name it as its probability.
pub fn from_incident(detail: &IncidentDetail) -> Vec<ResponsibleParty> {
    let mut by_actor: BTreeMap<&'static str, BTreeMap<&str, usize>> = BTreeMap::new();
    let mut total = 0usize;
    for phrase in blamed_phrases(detail) {
        if let Some(a) = toll_link::actors::actor(phrase) {
            *by_actor.entry(a).or_default().entry(phrase).or_default() += 1;
            total += 1;
        }
    }
    let mut out: Vec<ResponsibleParty> = by_actor
        .into_iter()
        .map(|(name, phrases)| {
            let n: usize = phrases.values().sum();
            let evidence = phrases
                .iter()
                .map(|(p, k)| format!("{k} of {total} accounts that blame an actor blame \"{p}\""))
                .collect();
            ResponsibleParty {
                name: name.to_string(),
                nation: actor(name).and_then(|a| a.nation.clone()),
                kind: PartyKind::Blamed,
                probability: if total == 0 { 0.0 } else { n as f64 / total as f64 },
                evidence,
            }
        })
        .collect();
    out.sort_by(|a, b| b.probability.total_cmp(&a.probability).then(a.name.cmp(&b.name)));
    out
}

/// What each current account of the incident blames, in the page's order.
fn blamed_phrases(detail: &IncidentDetail) -> impl Iterator<Item = &str> {
    detail
        .claims
        .iter()
        .flat_map(|c| &c.accounts)
        .filter_map(|a| a.blamed.as_deref())
}

/// Whether the incident's accounts say the harm came from combat operations (an air strike, a
/// missile, artillery): the means and the words that say so.
pub fn combat(detail: &IncidentDetail) -> Option<(String, String)> {
    blamed_phrases(detail).find_map(|phrase| {
        let m = toll_link::actors::means(phrase)?;
        actors()
            .combat_means
            .iter()
            .any(|c| c == m)
            .then(|| (m.to_string(), phrase.to_string()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_actors_data_reads() {
        let parsed: Result<Actors, _> = basic_toml::from_str(include_str!("../data/actors.toml"));
        assert!(parsed.is_ok(), "{:?}", parsed.err());
        assert_eq!(actor("US-led coalition").and_then(|a| a.leader.as_deref()), Some("US"));
        assert_eq!(actor("Russia").and_then(|a| a.nation.as_deref()), Some("RU"));
    }
}
