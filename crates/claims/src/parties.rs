//! Who may be responsible for an incident, as plain data: a name, a nation where there is one, how
//! the party is known (a declared strike, the coalition as a whole, or what reports blame), a
//! probability and the evidence. [`from_incident`] derives them from what the incident's accounts
//! blame; the claims service adds the nations and coalitions that declared strikes there and then
//! (`toll_redress::possible_responsible_parties`).

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
    /// Words that mean an attack by armed forces when no means is named.
    pub combat_words: Vec<String>,
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
            combat_words: Vec::new(),
            actors: Vec::new(),
        })
    })
}

/// The actor named `name`, if listed.
pub fn actor(name: &str) -> Option<&'static Actor> {
    actors().actors.iter().find(|a| a.name == name)
}

/// The parties an incident's accounts point at: each actor that what they blame names ("coalition
/// air strike"), and each party to the conflict that speaks about the incident itself (a
/// coalition saying it struck there), with its share of that evidence as its probability. A
/// coalition is a [`PartyKind::Coalition`] (its nations are not itemised), any other actor
/// [`PartyKind::Blamed`].
pub fn from_incident(detail: &IncidentDetail) -> Vec<ResponsibleParty> {
    // actor → (evidence line → count), counted per account
    let mut by_actor: BTreeMap<&'static str, BTreeMap<String, usize>> = BTreeMap::new();
    let mut total = 0usize;
    for group in &detail.claims {
        for a in &group.accounts {
            if let Some((actor, phrase)) = a
                .blamed
                .as_deref()
                .and_then(|p| toll_link::actors::actor(p).map(|a| (a, p)))
            {
                *by_actor
                    .entry(actor)
                    .or_default()
                    .entry(format!("accounts blame \"{phrase}\""))
                    .or_default() += 1;
                total += 1;
            } else if let Some(actor) = group
                .belligerent
                .then(|| toll_link::actors::actor(&group.claimant))
                .flatten()
            {
                *by_actor
                    .entry(actor)
                    .or_default()
                    .entry(format!(
                        "statements by \"{}\", a party to the conflict, about the incident",
                        group.claimant
                    ))
                    .or_default() += 1;
                total += 1;
            }
        }
    }
    let mut out: Vec<ResponsibleParty> = by_actor
        .into_iter()
        .map(|(name, lines)| {
            let n: usize = lines.values().sum();
            let evidence = lines
                .iter()
                .map(|(line, k)| format!("{k} of {total}: {line}"))
                .collect();
            let known = actor(name);
            ResponsibleParty {
                name: name.to_string(),
                nation: known.and_then(|a| a.nation.clone()),
                kind: if known.is_some_and(|a| a.coalition) {
                    PartyKind::Coalition
                } else {
                    PartyKind::Blamed
                },
                probability: if total == 0 {
                    0.0
                } else {
                    n as f64 / total as f64
                },
                evidence,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.probability
            .total_cmp(&a.probability)
            .then(a.name.cmp(&b.name))
    });
    out
}

/// Whether the incident's accounts say the harm came from combat operations (an air strike, a
/// missile, artillery), in what they blame or in their words: the means and the words that say
/// so.
pub fn combat(detail: &IncidentDetail) -> Option<(String, String)> {
    let is_combat = |m: &str| actors().combat_means.iter().any(|c| c == m);
    let accounts = || detail.claims.iter().flat_map(|c| &c.accounts);
    accounts()
        .filter_map(|a| a.blamed.as_deref())
        .find_map(|p| {
            toll_link::actors::means(p)
                .filter(|m| is_combat(m))
                .map(|m| (m, p))
        })
        .or_else(|| {
            accounts().find_map(|a| {
                toll_link::actors::means(&a.text)
                    .filter(|m| is_combat(m))
                    .map(|m| (m, a.text.as_str()))
            })
        })
        .or_else(|| {
            let blamed = accounts().filter_map(|a| a.blamed.as_deref());
            let texts = accounts().map(|a| a.text.as_str());
            blamed
                .chain(texts)
                .find(|t| combat_word(t).is_some())
                .map(|t| ("attack by armed forces", t))
        })
        .map(|(m, words)| {
            let words: String = words.chars().take(160).collect();
            (m.to_string(), words)
        })
}

/// The first combat word (`combat_words`) `text` holds as a whole word.
fn combat_word(text: &str) -> Option<&'static str> {
    let lower: String = text
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let padded = format!(
        " {} ",
        lower.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    actors()
        .combat_words
        .iter()
        .find(|w| padded.contains(&format!(" {w} ")))
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_actors_data_reads() {
        let parsed: Result<Actors, _> = basic_toml::from_str(include_str!("../data/actors.toml"));
        assert!(parsed.is_ok(), "{:?}", parsed.err());
        assert_eq!(
            actor("US-led coalition").and_then(|a| a.leader.as_deref()),
            Some("US")
        );
        assert_eq!(
            actor("Russia").and_then(|a| a.nation.as_deref()),
            Some("RU")
        );
        assert!(!actors().combat_words.is_empty());
        assert_eq!(
            combat_word("the coalition said it had struck a location"),
            Some("struck")
        );
        assert_eq!(combat_word("a strikers' union"), None);
    }
}
