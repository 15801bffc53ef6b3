//! One printable document per claim: the claim, the incident's summary and figures, every account
//! with its report and the report's SHA-256, the matched strikes and belligerents' assessments (as
//! far as the record holds them), where the claim can and cannot be filed, and the chosen
//! mechanism's filing instructions with their sources. [`Dossier::lines`] lays it out once;
//! [`html`] and [`pdf`] print the same lines.

pub mod html;
pub mod pdf;
mod subset;

use crate::claim::{Claim, Decision};
use crate::mechanisms::{Mechanism, Mechanisms, Source};
use crate::route::Routing;
use chrono::NaiveDate;
use toll_record::page::{EstimateView, IncidentDetail};

/// One line of the dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// The document's title.
    Title(String),
    /// A section heading.
    Heading(String),
    /// A paragraph.
    Text(String),
    /// A list item.
    Item(String),
}

/// A claim's dossier.
#[derive(Debug, Clone)]
pub struct Dossier {
    /// The claim (with its contact details when the key was given).
    pub claim: Claim,
    /// The incident's page.
    pub incident: IncidentDetail,
    /// Where the claim can be filed.
    pub routing: Routing,
    /// The mechanism whose filing instructions it gives.
    pub mechanism: Option<Mechanism>,
    /// The sources the mechanism's statements cite.
    pub sources: Vec<Source>,
    /// Declared strikes matched to the incident, one line each (none until strike logs are
    /// imported and matched).
    pub strikes: Vec<String>,
    /// Belligerents' own assessments of the incident, one line each (none until entered).
    pub assessments: Vec<String>,
    /// The day it was made.
    pub made_on: NaiveDate,
}

fn estimate(e: &EstimateView) -> String {
    if e.low.is_none() && e.best.is_none() && e.high.is_none() {
        return "no account gives a figure".to_string();
    }
    let n = |v: Option<u64>| v.map_or("unknown".to_string(), |v| v.to_string());
    format!(
        "low {} ({}), best {} ({}), high {} ({})",
        n(e.low),
        e.low_rule,
        n(e.best),
        e.best_rule,
        n(e.high),
        e.high_rule
    )
}

impl Dossier {
    /// The dossier of `claim` on `incident`, routed as `routing`, with `mechanism`'s instructions.
    pub fn new(
        claim: Claim,
        incident: IncidentDetail,
        routing: Routing,
        mechanism: Option<Mechanism>,
        mechanisms: &Mechanisms,
        made_on: NaiveDate,
    ) -> Dossier {
        let mut sources: Vec<Source> = Vec::new();
        if let Some(m) = &mechanism {
            for (_, s) in m.statements() {
                if let Some(src) = s.source.as_deref().and_then(|id| mechanisms.source(id)) {
                    if !sources.iter().any(|x| x.id == src.id) {
                        sources.push(src.clone());
                    }
                }
            }
        }
        Dossier {
            claim,
            incident,
            routing,
            mechanism,
            sources,
            strikes: Vec::new(),
            assessments: Vec::new(),
            made_on,
        }
    }

    /// The number of `source` in the sources list, as "[n]".
    fn cite(&self, source: Option<&str>) -> String {
        source
            .and_then(|id| self.sources.iter().position(|s| s.id == id))
            .map_or(String::new(), |i| format!(" [{}]", i + 1))
    }

    /// The dossier, line by line.
    pub fn lines(&self) -> Vec<Line> {
        let c = &self.claim;
        let i = &self.incident;
        let mut out = vec![
            Line::Title(format!("Claim {} for incident {}", c.id, i.id)),
            Line::Text(format!(
                "Confidential: this dossier holds personal data. Made on {} by Toll.",
                self.made_on
            )),
            Line::Heading("The claim".into()),
            Line::Item(format!("Claimant: {}", c.body.claimant)),
            Line::Item(format!(
                "Contact: {}",
                match (&c.contact, c.has_contact) {
                    (Some(x), _) => x.clone(),
                    (None, true) => "sealed (give the key to include it)".into(),
                    (None, false) => "none given".into(),
                }
            )),
            Line::Item(format!("Status: {} (version {})", c.status, c.version)),
        ];
        if let Some(f) = &c.body.filing {
            out.push(Line::Item(format!(
                "Filed with {} on {}, reference {}",
                f.mechanism, f.date, f.reference
            )));
        }
        match &c.body.decision {
            Some(Decision::Paid { amount }) => {
                out.push(Line::Item(format!("Decided: paid {amount}")))
            }
            Some(Decision::Denied { reason }) => {
                out.push(Line::Item(format!("Decided: denied: {reason}")))
            }
            None => {}
        }
        out.push(Line::Heading("Victims".into()));
        if c.body.victims.is_empty() {
            out.push(Line::Text("No victim is named yet.".into()));
        }
        for v in &c.body.victims {
            out.push(Line::Item(format!(
                "{}: {}, age {}, sex {}; the claimant's {}",
                v.name,
                match v.harm {
                    crate::Harm::Killed => "killed",
                    crate::Harm::Injured => "injured",
                },
                v.age.map_or("unknown".into(), |a| a.to_string()),
                v.sex.as_deref().unwrap_or("unknown"),
                v.relation
            )));
        }
        out.push(Line::Heading("Losses".into()));
        for l in c.body.all_losses() {
            out.push(Line::Item(format!(
                "{}: {}",
                l.kind.as_str(),
                l.description
            )));
        }
        out.push(Line::Heading("Documents attached".into()));
        if c.documents.is_empty() {
            out.push(Line::Text("None yet.".into()));
        }
        for d in &c.documents {
            out.push(Line::Item(format!(
                "{} ({}): {}, {} bytes, SHA-256 {}",
                d.kind, d.name, d.media_type, d.size, d.sha256
            )));
        }
        out.push(Line::Heading(format!("Incident {}", i.id)));
        out.push(Line::Item(format!(
            "Date: {}; place: {}; country: {}",
            i.date.as_deref().unwrap_or("unknown"),
            i.place.as_deref().unwrap_or("unknown"),
            i.country.as_deref().unwrap_or("unknown")
        )));
        out.push(Line::Item(format!("Killed: {}", estimate(&i.killed))));
        out.push(Line::Item(format!("Injured: {}", estimate(&i.injured))));
        out.push(Line::Item(format!(
            "Grade: {} ({}); {} independent sources",
            i.grade, i.grade_reason, i.sources
        )));
        out.push(Line::Heading("Every account, with its source".into()));
        for group in &i.claims {
            for a in &group.accounts {
                let report = i.reports.iter().find(|r| r.id == a.report_id);
                out.push(Line::Item(format!(
                    "\"{}\" (claimed by {}{}{}); report {}{}{}, SHA-256 {}",
                    a.text,
                    group.claimant,
                    if group.belligerent {
                        ", a party to the conflict"
                    } else {
                        ""
                    },
                    a.blamed
                        .as_deref()
                        .map_or(String::new(), |b| format!("; blames {b}")),
                    report.map_or("unknown", |r| r.name()),
                    report
                        .and_then(|r| r.outlet.as_deref())
                        .map_or(String::new(), |o| format!(", {o}")),
                    report
                        .and_then(|r| r.url.as_deref())
                        .map_or(String::new(), |u| format!(", {u}")),
                    report.map_or("unknown", |r| r.sha256.as_str()),
                )));
            }
        }
        out.push(Line::Heading(
            "Declared strikes matched to the incident".into(),
        ));
        if self.strikes.is_empty() {
            out.push(Line::Text(
                "None in this record: no declared strike is matched to this incident.".into(),
            ));
        }
        out.extend(self.strikes.iter().cloned().map(Line::Item));
        out.push(Line::Heading("Belligerents' assessments".into()));
        if self.assessments.is_empty() {
            out.push(Line::Text(
                "None recorded: no belligerent's assessment of this incident is in this record."
                    .into(),
            ));
        }
        out.extend(self.assessments.iter().cloned().map(Line::Item));
        out.push(Line::Heading("Possible responsible parties".into()));
        if self.routing.parties.is_empty() {
            out.push(Line::Text("None is known.".into()));
        }
        for p in &self.routing.parties {
            out.push(Line::Item(format!(
                "{} ({:?}, probability {:.2}): {}",
                p.name,
                p.kind,
                p.probability,
                p.evidence.join("; ")
            )));
        }
        out.push(Line::Heading("Where this claim can be filed".into()));
        if self.routing.routes.is_empty() {
            out.push(Line::Text("Nowhere that Toll knows of.".into()));
        }
        for (n, r) in self.routing.routes.iter().enumerate() {
            out.push(Line::Item(format!(
                "{}. {}: {}. Deadline: {}. Missing: {}.",
                n + 1,
                r.name,
                r.why.join("; "),
                r.deadline.say(),
                if r.missing.is_empty() {
                    "nothing".into()
                } else {
                    r.missing.join("; ")
                }
            )));
        }
        out.push(Line::Heading("Where it cannot, and why".into()));
        for e in &self.routing.excluded {
            out.push(Line::Item(format!("{}: {}", e.name, e.reasons.join("; "))));
        }
        match &self.mechanism {
            Some(m) => {
                out.push(Line::Heading(format!("Filing instructions: {}", m.name)));
                for (what, s) in m.statements() {
                    out.push(Line::Item(format!(
                        "{what}: {}{}",
                        s.say(),
                        self.cite(s.source.as_deref())
                    )));
                }
                out.push(Line::Heading("Sources".into()));
                for (n, s) in self.sources.iter().enumerate() {
                    out.push(Line::Item(format!(
                        "[{}] {} ({}): {}",
                        n + 1,
                        s.title,
                        s.kind,
                        s.url
                    )));
                }
            }
            None => out.push(Line::Heading("No mechanism chosen".into())),
        }
        out
    }
}
