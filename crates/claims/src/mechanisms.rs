//! The compensation and payment mechanisms, as cited data (`data/mechanisms.toml`).
//!
//! Each mechanism says who runs it, which harm and operations it covers, its exclusions, limits and
//! deadline, where and how to file and which documents a file needs: each a [`Statement`] with the
//! source it comes from, or marked unknown. Its [`Rules`] are what the router computes with; each
//! rule names its source too. [`Mechanisms::check`] refuses a statement or rule without one.

use crate::ClaimsError;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The bundled data file.
const BUNDLED: &str = include_str!("../data/mechanisms.toml");

/// Where a statement comes from: a law, a regulation, an official page or a reputable report.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The id statements cite.
    pub id: String,
    /// `law`, `regulation`, `official` or `report`.
    pub kind: String,
    /// Its title.
    pub title: String,
    /// Where it can be read.
    pub url: String,
}

/// One statement about a mechanism: its text and source, or unknown with a note.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// What is stated.
    #[serde(default)]
    pub text: Option<String>,
    /// The id of the [`Source`] that states it.
    #[serde(default)]
    pub source: Option<String>,
    /// True when this could not be confirmed.
    #[serde(default)]
    pub unknown: bool,
    /// What is not known, and why.
    #[serde(default)]
    pub note: Option<String>,
}

impl Statement {
    /// The statement in words: its text, or "unknown: …".
    pub fn say(&self) -> String {
        match (&self.text, self.unknown) {
            (Some(t), false) => t.clone(),
            _ => format!(
                "unknown: {}",
                self.note.as_deref().unwrap_or("not confirmed")
            ),
        }
    }
}

/// Whose operations a mechanism covers.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartiesRule {
    /// Nations (ISO 3166 alpha-2) whose forces' harm it covers.
    #[serde(default)]
    pub nations: Vec<String>,
    /// Coalitions whose operations it covers as a whole.
    #[serde(default)]
    pub coalitions: Vec<String>,
    /// Coalitions the nation flew in: harm by such a coalition may be this nation's.
    #[serde(default)]
    pub member_of: Vec<String>,
    /// True when it covers harm whoever caused it.
    #[serde(default)]
    pub any: bool,
    /// The source.
    pub source: String,
}

/// A list of values with its source.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValuesRule {
    /// The values.
    pub values: Vec<String>,
    /// The source.
    pub source: String,
}

/// A date with its source.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateRule {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The source.
    pub source: String,
}

/// Whether combat is covered, with its source.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CombatRule {
    /// `covered` or `excluded`.
    pub value: String,
    /// The source.
    pub source: String,
}

/// A yes or no with its source.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoolRule {
    /// The value.
    pub value: bool,
    /// The source.
    pub source: String,
}

/// A deadline in years after the incident, with its source.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearsRule {
    /// Years after the incident.
    pub years: u32,
    /// The source.
    pub source: String,
}

/// The kinds of document a file for one harm needs, with their source.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentsRule {
    /// `death`, `injury` or `property`.
    pub harm: String,
    /// Document kinds (`identity`, `death_certificate`, …).
    pub kinds: Vec<String>,
    /// The source.
    pub source: String,
}

/// What the router computes with.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Whose operations are covered.
    pub parties: PartiesRule,
    /// Where the harm must have happened (absent: anywhere).
    #[serde(default)]
    pub countries: Option<ValuesRule>,
    /// The first incident date covered.
    #[serde(default)]
    pub from: Option<DateRule>,
    /// Which harms are covered.
    pub harms: ValuesRule,
    /// Whether harm from combat is covered.
    pub combat: CombatRule,
    /// Whether individuals can claim.
    pub individual: BoolRule,
    /// The deadline, when known.
    #[serde(default)]
    pub deadline: Option<YearsRule>,
    /// Documents per harm, where known.
    #[serde(default)]
    pub documents: Vec<DocumentsRule>,
}

impl Rules {
    /// True when harm from combat operations is excluded.
    pub fn excludes_combat(&self) -> bool {
        self.combat.value == "excluded"
    }
}

/// One compensation or payment mechanism.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mechanism {
    /// Its id (`us-ex-gratia`).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Who runs it.
    pub run_by: Statement,
    /// Which harm it covers.
    pub harm: Statement,
    /// Which operations it covers.
    pub operations: Statement,
    /// Changes to it since it was made.
    #[serde(default)]
    pub amendments: Vec<Statement>,
    /// What it excludes.
    #[serde(default)]
    pub exclusions: Vec<Statement>,
    /// Limits on amounts.
    #[serde(default)]
    pub limits: Vec<Statement>,
    /// By when a claim must be brought.
    pub deadline: Statement,
    /// Where to file.
    pub where_to_file: Statement,
    /// How to file.
    pub how_to_file: Statement,
    /// Which documents a file needs.
    pub required_documents: Statement,
    /// What the router computes with.
    pub rules: Rules,
}

impl Mechanism {
    /// Every statement, with what it is about.
    pub fn statements(&self) -> Vec<(&'static str, &Statement)> {
        let mut out = vec![
            ("run by", &self.run_by),
            ("harm", &self.harm),
            ("operations", &self.operations),
        ];
        out.extend(self.amendments.iter().map(|s| ("amendment", s)));
        out.extend(self.exclusions.iter().map(|s| ("exclusion", s)));
        out.extend(self.limits.iter().map(|s| ("limit", s)));
        out.extend([
            ("deadline", &self.deadline),
            ("where to file", &self.where_to_file),
            ("how to file", &self.how_to_file),
            ("required documents", &self.required_documents),
        ]);
        out
    }

    /// The sources its rules cite.
    fn rule_sources(&self) -> Vec<(&'static str, &str)> {
        let r = &self.rules;
        let mut out = vec![
            ("parties", r.parties.source.as_str()),
            ("harms", r.harms.source.as_str()),
            ("combat", r.combat.source.as_str()),
            ("individual", r.individual.source.as_str()),
        ];
        out.extend(
            r.countries
                .as_ref()
                .map(|c| ("countries", c.source.as_str())),
        );
        out.extend(r.from.as_ref().map(|c| ("from", c.source.as_str())));
        out.extend(r.deadline.as_ref().map(|c| ("deadline", c.source.as_str())));
        out.extend(r.documents.iter().map(|d| ("documents", d.source.as_str())));
        out
    }
}

/// Every mechanism and the sources they cite.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mechanisms {
    /// The sources.
    #[serde(rename = "source")]
    pub sources: Vec<Source>,
    /// The mechanisms, in the file's order.
    #[serde(rename = "mechanism")]
    pub mechanisms: Vec<Mechanism>,
}

impl Mechanisms {
    /// The bundled mechanisms (`data/mechanisms.toml`), checked.
    pub fn bundled() -> Result<Mechanisms, ClaimsError> {
        Mechanisms::from_toml(BUNDLED, "data/mechanisms.toml")
    }

    /// Mechanisms from TOML text (`name` for messages), checked with [`Mechanisms::check`].
    pub fn from_toml(text: &str, name: &str) -> Result<Mechanisms, ClaimsError> {
        let m: Mechanisms =
            basic_toml::from_str(text).map_err(|e| ClaimsError::Data(format!("{name}: {e}")))?;
        m.check()
            .map_err(|e| ClaimsError::Data(format!("{name}: {e}")))?;
        Ok(m)
    }

    /// One mechanism by id.
    pub fn get(&self, id: &str) -> Option<&Mechanism> {
        self.mechanisms.iter().find(|m| m.id == id)
    }

    /// One source by id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// Refuses a statement without a known source (unless marked unknown with a note), a rule
    /// citing an unknown source, a source without a title or an http(s) URL, and duplicate ids.
    pub fn check(&self) -> Result<(), String> {
        let mut ids = HashSet::new();
        for s in &self.sources {
            if !ids.insert(s.id.as_str()) {
                return Err(format!("source {} is given twice", s.id));
            }
            if s.title.trim().is_empty() {
                return Err(format!("source {} has no title", s.id));
            }
            if !(s.url.starts_with("https://") || s.url.starts_with("http://")) {
                return Err(format!("source {} has no http(s) URL", s.id));
            }
        }
        let mut mechanisms = HashSet::new();
        for m in &self.mechanisms {
            if !mechanisms.insert(m.id.as_str()) {
                return Err(format!("mechanism {} is given twice", m.id));
            }
            for (what, s) in m.statements() {
                match (&s.text, &s.source, s.unknown) {
                    (_, _, true) if s.note.as_deref().is_some_and(|n| !n.trim().is_empty()) => {}
                    (_, _, true) => {
                        return Err(format!("{} {what}: unknown without a note", m.id))
                    }
                    (Some(t), Some(src), false) if !t.trim().is_empty() => {
                        if !ids.contains(src.as_str()) {
                            return Err(format!("{} {what}: unknown source {src}", m.id));
                        }
                    }
                    _ => {
                        return Err(format!(
                            "{} {what}: a statement without a source (give `source` or `unknown = true`)",
                            m.id
                        ))
                    }
                }
            }
            for (what, src) in m.rule_sources() {
                if !ids.contains(src) {
                    return Err(format!("{} rule {what}: unknown source {src}", m.id));
                }
            }
            if !matches!(m.rules.combat.value.as_str(), "covered" | "excluded") {
                return Err(format!("{} rule combat: covered or excluded", m.id));
            }
            if let Some(from) = &m.rules.from {
                if chrono::NaiveDate::parse_from_str(&from.date, "%Y-%m-%d").is_err() {
                    return Err(format!("{} rule from: {} is no date", m.id, from.date));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Walks the data file as plain values: every table inside a mechanism that states something
    /// (has a value other than `source`, `unknown` or `note`) must cite a source given in the file,
    /// or be marked unknown. This does not trust the typed loader to have seen every field.
    fn unsourced(
        value: &serde_json::Value,
        path: &str,
        ids: &HashSet<String>,
        out: &mut Vec<String>,
    ) {
        match value {
            serde_json::Value::Object(map) => {
                let states = map.iter().any(|(k, v)| {
                    let nested = v.is_object()
                        || v.as_array()
                            .is_some_and(|a| a.iter().all(|x| x.is_object()));
                    !matches!(k.as_str(), "source" | "unknown" | "note") && !nested
                });
                if states {
                    let sourced = map
                        .get("source")
                        .and_then(|s| s.as_str())
                        .is_some_and(|s| ids.contains(s));
                    let unknown = map.get("unknown").and_then(|u| u.as_bool()) == Some(true);
                    if !sourced && !unknown {
                        out.push(path.to_string());
                    }
                }
                for (k, v) in map {
                    if v.is_object() || v.is_array() {
                        unsourced(v, &format!("{path}.{k}"), ids, out);
                    }
                }
            }
            serde_json::Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    unsourced(v, &format!("{path}[{i}]"), ids, out);
                }
            }
            _ => {}
        }
    }

    fn walk(text: &str) -> Vec<String> {
        let raw: serde_json::Value = match basic_toml::from_str(text) {
            Ok(v) => v,
            Err(e) => return vec![format!("unreadable: {e}")],
        };
        let ids: HashSet<String> = raw["source"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s["id"].as_str().map(str::to_string))
            .collect();
        let mut out = Vec::new();
        for (i, m) in raw["mechanism"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            let Some(map) = m.as_object() else { continue };
            for (k, v) in map {
                if matches!(k.as_str(), "id" | "name") {
                    continue;
                }
                let path = format!("mechanism[{i}].{k}");
                if v.is_object() || v.is_array() {
                    unsourced(v, &path, &ids, &mut out);
                } else {
                    out.push(path);
                }
            }
        }
        out
    }

    #[test]
    fn every_statement_of_the_bundled_data_has_a_source() {
        assert_eq!(walk(BUNDLED), Vec::<String>::new());
        let m = Mechanisms::bundled();
        assert!(m.is_ok(), "{:?}", m.err());
    }

    #[test]
    fn a_statement_without_a_source_fails() {
        let bad = BUNDLED.replacen(
            "harm = { text = \"Property damage, personal injury or death.\", source = \"nuhanovic-ndaa2020\" }",
            "harm = { text = \"Property damage, personal injury or death.\" }",
            1,
        );
        assert_ne!(bad, BUNDLED, "the fixture line moved");
        assert_eq!(walk(&bad), vec!["mechanism[0].harm".to_string()]);
        let err = Mechanisms::from_toml(&bad, "bad.toml")
            .err()
            .map(|e| e.to_string());
        assert!(
            err.as_deref()
                .is_some_and(|e| e.contains("us-ex-gratia harm")),
            "{err:?}"
        );
        let unknown_source =
            BUNDLED.replacen("source = \"gao-b-215118\"", "source = \"nowhere\"", 1);
        assert!(!walk(&unknown_source).is_empty());
        assert!(Mechanisms::from_toml(&unknown_source, "x").is_err());
        let bare_rule = BUNDLED.replacen(
            "combat = { value = \"excluded\", source = \"gao-b-215118\" }",
            "combat = { value = \"excluded\" }",
            1,
        );
        assert!(!walk(&bare_rule).is_empty());
        assert!(Mechanisms::from_toml(&bare_rule, "x").is_err());
    }

    #[test]
    fn the_required_mechanisms_are_there_with_their_key_rules() -> Result<(), ClaimsError> {
        let m = Mechanisms::bundled()?;
        for id in [
            "us-ex-gratia",
            "us-foreign-claims-act",
            "uk-mod-claims",
            "nl-hawija",
            "iq-law-20",
            "ua-register-of-damage",
        ] {
            assert!(m.get(id).is_some(), "{id}");
        }
        let fca = m
            .get("us-foreign-claims-act")
            .map(|f| f.rules.excludes_combat());
        assert_eq!(fca, Some(true));
        let uk = m
            .get("uk-mod-claims")
            .and_then(|u| u.rules.deadline.as_ref())
            .map(|d| d.years);
        assert_eq!(uk, Some(6));
        let nl = m.get("nl-hawija").map(|n| n.rules.individual.value);
        assert_eq!(nl, Some(false));
        Ok(())
    }
}
