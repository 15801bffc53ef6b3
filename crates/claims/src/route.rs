//! Where a claim can be filed. From the incident's possible responsible parties and each
//! mechanism's rules: the mechanisms that can hear the claim, in order of likely success (a deadline
//! still open first, then how directly a possible party is covered, then the fewest gaps in the
//! file), each with its deadline computed from the incident date and what the file lacks; and for
//! every other mechanism, why it does not apply.

use crate::claim::ClaimBody;
use crate::mechanisms::{Mechanism, Mechanisms};
use crate::parties::{self, ResponsibleParty};
use chrono::{Months, NaiveDate};
use serde::Serialize;

/// What routing needs to know of the incident.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentFacts {
    /// Its id.
    pub id: String,
    /// Its date, when it has one.
    pub date: Option<NaiveDate>,
    /// Its country (ISO alpha-2).
    pub country: Option<String>,
    /// The means of combat its accounts blame and the words that say so (an air strike).
    pub combat: Option<(String, String)>,
}

/// A mechanism's deadline for this claim.
#[derive(Debug, Clone, Serialize)]
pub struct Deadline {
    /// The last day, when it can be computed.
    pub date: Option<NaiveDate>,
    /// True when that day is before today.
    pub passed: bool,
    /// How it was computed, or why it cannot be.
    pub rule: String,
}

impl Deadline {
    /// The deadline in words.
    pub fn say(&self) -> String {
        match self.date {
            Some(d) if self.passed => format!("{d} (passed): {}", self.rule),
            Some(d) => format!("{d}: {}", self.rule),
            None => self.rule.clone(),
        }
    }
}

/// A mechanism the claim can be filed with.
#[derive(Debug, Clone, Serialize)]
pub struct Route {
    /// The mechanism's id.
    pub mechanism: String,
    /// Its name.
    pub name: String,
    /// How directly a possible responsible party is covered, 0–1 (the order's second key).
    pub strength: f64,
    /// Why it applies.
    pub why: Vec<String>,
    /// Its deadline.
    pub deadline: Deadline,
    /// What the file lacks for it.
    pub missing: Vec<String>,
    /// Where to file.
    pub where_to_file: String,
    /// How to file.
    pub how_to_file: String,
}

/// A mechanism the claim cannot be filed with, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Excluded {
    /// The mechanism's id.
    pub mechanism: String,
    /// Its name.
    pub name: String,
    /// Why not.
    pub reasons: Vec<String>,
}

/// Where a claim can be filed and where not.
#[derive(Debug, Clone, Serialize)]
pub struct Routing {
    /// The incident.
    pub incident: IncidentFacts,
    /// The possible responsible parties routing used.
    pub parties: Vec<ResponsibleParty>,
    /// Where it can be filed, most likely to succeed first.
    pub routes: Vec<Route>,
    /// Where not, and why.
    pub excluded: Vec<Excluded>,
}

/// How directly a mechanism covers one party: the party's probability, scaled by how the party
/// is covered (named nation or coalition: fully; the coalition's leading nation: half; a nation
/// that flew in the coalition: a quarter; a mechanism for harm by anyone: half).
fn coverage(m: &Mechanism, party: &ResponsibleParty) -> Option<(f64, String)> {
    let rule = &m.rules.parties;
    let p = party.probability;
    if let Some(n) = party
        .nation
        .as_deref()
        .filter(|n| rule.nations.iter().any(|x| x == n))
    {
        return Some((
            p,
            format!(
                "it covers {n}'s forces, and {} may be responsible",
                party.name
            ),
        ));
    }
    if rule.coalitions.contains(&party.name) {
        return Some((
            p,
            format!(
                "it covers operations of the {}, which may be responsible",
                party.name
            ),
        ));
    }
    let actor = parties::actor(&party.name);
    if let Some(leader) = actor
        .filter(|a| a.coalition)
        .and_then(|a| a.leader.as_deref())
        .filter(|l| rule.nations.iter().any(|x| x == l))
    {
        return Some((
            p * 0.5,
            format!(
                "the {} is led by {leader}, whose forces it covers: the harm may be theirs",
                party.name
            ),
        ));
    }
    if rule.member_of.contains(&party.name) {
        let nations = rule.nations.join(", ");
        return Some((
            p * 0.25,
            format!(
                "{nations} flew in the {}: only if its forces struck",
                party.name
            ),
        ));
    }
    None
}

/// Routes a claim (`body`, with documents of `documents` kinds and contact details or not).
pub fn route(
    mechanisms: &Mechanisms,
    incident: &IncidentFacts,
    parties: &[ResponsibleParty],
    body: &ClaimBody,
    documents: &[&str],
    has_contact: bool,
    today: NaiveDate,
) -> Routing {
    let mut routes = Vec::new();
    let mut excluded = Vec::new();
    let losses: Vec<&str> = body.loss_kinds().iter().map(|k| k.as_str()).collect();
    for m in &mechanisms.mechanisms {
        let r = &m.rules;
        let mut not = Vec::new();
        if !r.individual.value {
            let why = m.exclusions.first().map(|s| s.say()).unwrap_or_default();
            not.push(format!("no individual scheme: {why}"));
        }
        if let Some(countries) = &r.countries {
            match incident.country.as_deref() {
                Some(c) if countries.values.iter().any(|x| x == c) => {}
                Some(c) => not.push(format!(
                    "it covers harm in {} only; the incident is in {c}",
                    countries.values.join(", ")
                )),
                None => not.push(format!(
                    "it covers harm in {} only; the incident's country is unknown",
                    countries.values.join(", ")
                )),
            }
        }
        if let Some(from) = &r.from {
            if let (Some(d), Ok(first)) = (
                incident.date,
                NaiveDate::parse_from_str(&from.date, "%Y-%m-%d"),
            ) {
                if d < first {
                    not.push(format!(
                        "it covers harm from {first} on; the incident was on {d}"
                    ));
                }
            }
        }
        if !losses.is_empty() && !losses.iter().any(|l| r.harms.values.iter().any(|h| h == l)) {
            not.push(format!(
                "it covers {} only; the claim is for {}",
                r.harms.values.join(", "),
                losses.join(", ")
            ));
        }
        if r.excludes_combat() {
            if let Some((means, words)) = &incident.combat {
                let why = m
                    .exclusions
                    .iter()
                    .find(|s| s.say().to_lowercase().contains("combat"))
                    .map(|s| s.say())
                    .unwrap_or_else(|| "combat is excluded".to_string());
                not.push(format!(
                    "combat excluded: the harm came from combat operations ({means}: \"{words}\"); {why}"
                ));
            }
        }
        let best = parties
            .iter()
            .filter_map(|p| coverage(m, p))
            .chain(
                r.parties
                    .any
                    .then(|| (0.5, "it covers harm whoever caused it".to_string())),
            )
            .max_by(|a, b| a.0.total_cmp(&b.0));
        let (strength, party_why) = match best {
            Some(b) => (b.0, Some(b.1)),
            None => {
                let named: Vec<&str> = parties.iter().map(|p| p.name.as_str()).collect();
                let covers: Vec<String> = r
                    .parties
                    .nations
                    .iter()
                    .chain(&r.parties.coalitions)
                    .cloned()
                    .collect();
                not.push(if named.is_empty() {
                    "no possible responsible party is known for the incident".to_string()
                } else {
                    format!(
                        "it covers {} only; the possible responsible parties are {}",
                        covers.join(", "),
                        named.join(", ")
                    )
                });
                (0.0, None)
            }
        };
        if !not.is_empty() {
            // the combat exclusion and the rules above say most; list it first
            not.sort_by_key(|r| !r.starts_with("combat excluded"));
            excluded.push(Excluded {
                mechanism: m.id.clone(),
                name: m.name.clone(),
                reasons: not,
            });
            continue;
        }
        let mut why: Vec<String> = party_why.into_iter().collect();
        why.push(format!("it covers {}", r.harms.values.join(", ")));
        if !r.excludes_combat() && incident.combat.is_some() {
            why.push("harm in combat operations is covered".to_string());
        }
        routes.push(Route {
            mechanism: m.id.clone(),
            name: m.name.clone(),
            strength,
            why,
            deadline: deadline(m, incident.date, today),
            missing: missing(m, body, documents, has_contact),
            where_to_file: m.where_to_file.say(),
            how_to_file: m.how_to_file.say(),
        });
    }
    routes.sort_by(|a, b| {
        a.deadline
            .passed
            .cmp(&b.deadline.passed)
            .then(b.strength.total_cmp(&a.strength))
            .then(a.missing.len().cmp(&b.missing.len()))
    });
    Routing {
        incident: incident.clone(),
        parties: parties.to_vec(),
        routes,
        excluded,
    }
}

/// A mechanism's deadline for an incident on `date`.
pub fn deadline(m: &Mechanism, date: Option<NaiveDate>, today: NaiveDate) -> Deadline {
    match (&m.rules.deadline, date) {
        (Some(rule), Some(d)) => {
            let last = d.checked_add_months(Months::new(rule.years.saturating_mul(12)));
            Deadline {
                date: last,
                passed: last.is_some_and(|l| l < today),
                rule: format!(
                    "{} years after the incident; {}",
                    rule.years,
                    m.deadline.say()
                ),
            }
        }
        (Some(rule), None) => Deadline {
            date: None,
            passed: false,
            rule: format!(
                "{} years after the incident, whose date is unknown",
                rule.years
            ),
        },
        (None, _) => Deadline {
            date: None,
            passed: false,
            rule: format!("no deadline computed: {}", m.deadline.say()),
        },
    }
}

/// What the file lacks for a mechanism.
fn missing(m: &Mechanism, body: &ClaimBody, documents: &[&str], has_contact: bool) -> Vec<String> {
    let mut out = Vec::new();
    if body.victims.is_empty() && body.losses.is_empty() {
        out.push("no victim and no loss is named".to_string());
    }
    for (i, v) in body.victims.iter().enumerate() {
        if v.age.is_none() {
            out.push(format!("victim {}: age", i + 1));
        }
        if v.sex.is_none() {
            out.push(format!("victim {}: sex", i + 1));
        }
    }
    if !has_contact {
        out.push("the claimant's contact details".to_string());
    }
    let kinds = body.loss_kinds();
    for rule in &m.rules.documents {
        if kinds.iter().any(|k| k.as_str() == rule.harm) {
            for kind in &rule.kinds {
                if !documents.contains(&kind.as_str()) {
                    out.push(format!("document: {kind} (for {})", rule.harm));
                }
            }
        }
    }
    if m.rules.documents.is_empty() || m.required_documents.unknown {
        out.push(format!(
            "the documents it requires are not known ({})",
            m.required_documents.say()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claim::{Harm, Victim};
    use crate::parties::PartyKind;
    use crate::ClaimsError;

    fn mosul() -> IncidentFacts {
        IncidentFacts {
            id: "IRQ-2017-03-17-a".into(),
            date: NaiveDate::from_ymd_opt(2017, 3, 17),
            country: Some("IQ".into()),
            combat: Some(("air strike".into(), "coalition air strike".into())),
        }
    }

    fn coalition(p: f64) -> ResponsibleParty {
        ResponsibleParty {
            name: "US-led coalition".into(),
            nation: None,
            kind: PartyKind::Blamed,
            probability: p,
            evidence: vec![],
        }
    }

    fn body() -> ClaimBody {
        ClaimBody {
            claimant: "(illustrative)".into(),
            victims: vec![Victim {
                name: "(illustrative)".into(),
                age: Some(9),
                sex: None,
                harm: Harm::Killed,
                relation: "daughter".into(),
            }],
            ..ClaimBody::default()
        }
    }

    #[test]
    fn a_coalition_air_strike_in_iraq_is_routed_with_reasons() -> Result<(), ClaimsError> {
        let m = Mechanisms::bundled()?;
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        let r = route(&m, &mosul(), &[coalition(1.0)], &body(), &[], false, today);
        let listed: Vec<&str> = r.routes.iter().map(|r| r.mechanism.as_str()).collect();
        assert_eq!(listed.first(), Some(&"us-ex-gratia"), "{listed:?}");
        assert!(listed.contains(&"iq-law-20"));
        let fca = r
            .excluded
            .iter()
            .find(|e| e.mechanism == "us-foreign-claims-act");
        assert!(
            fca.is_some_and(|e| e.reasons[0].starts_with("combat excluded")),
            "{fca:?}"
        );
        let nl = r.excluded.iter().find(|e| e.mechanism == "nl-hawija");
        assert!(nl.is_some_and(|e| e.reasons[0].starts_with("no individual scheme")));
        let ua = r
            .excluded
            .iter()
            .find(|e| e.mechanism == "ua-register-of-damage");
        assert!(ua.is_some_and(|e| e
            .reasons
            .iter()
            .any(|r| r.contains("the incident is in IQ"))));
        // the UK's six-year limit is computed from the incident date, and has passed
        let uk = r.routes.iter().find(|r| r.mechanism == "uk-mod-claims");
        assert_eq!(
            uk.and_then(|u| u.deadline.date),
            NaiveDate::from_ymd_opt(2023, 3, 17)
        );
        assert!(uk.is_some_and(|u| u.deadline.passed));
        assert_eq!(
            listed.last(),
            Some(&"uk-mod-claims"),
            "a passed deadline goes last"
        );
        let first = &r.routes[0];
        assert!(first.missing.iter().any(|m| m == "victim 1: sex"));
        assert!(first.missing.iter().any(|m| m.contains("contact details")));
        Ok(())
    }

    #[test]
    fn without_any_party_only_the_national_law_applies() -> Result<(), ClaimsError> {
        let m = Mechanisms::bundled()?;
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        let r = route(&m, &mosul(), &[], &body(), &[], true, today);
        let listed: Vec<&str> = r.routes.iter().map(|r| r.mechanism.as_str()).collect();
        assert_eq!(listed, vec!["iq-law-20"]);
        Ok(())
    }
}
