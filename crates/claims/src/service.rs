//! The one code path that reads and changes claims (the CLI and the server go through it). Every
//! read and every change is an event of the store's audit chain, naming who (`actor`), what and
//! which claim, never the personal data itself; each change is written in one transaction with its
//! event.

use crate::attach;
use crate::claim::{Claim, ClaimBody, Decision, Filing, Loss, Victim};
use crate::mechanisms::Mechanisms;
use crate::parties::{self, ResponsibleParty};
use crate::route::{self, IncidentFacts, Routing};
use crate::seal::ContactKey;
use crate::workflow::Status;
use crate::ClaimsError;
use chrono::NaiveDate;
use serde_json::json;
use toll_store::{AuditEvent, ClaimRow, NewClaimDocument, SqliteStore, Store};

/// A status change and what it records.
#[derive(Debug, Clone)]
pub enum Step {
    /// Filed with `mechanism` on `date` under `reference`.
    Filed(Filing),
    /// Acknowledged by the mechanism.
    Acknowledged,
    /// Decided: paid or denied.
    Decided(Decision),
    /// The decision appealed, and why.
    Appealed(String),
    /// Closed.
    Closed,
}

impl Step {
    /// The status it leads to.
    pub fn status(&self) -> Status {
        match self {
            Step::Filed(_) => Status::Filed,
            Step::Acknowledged => Status::Acknowledged,
            Step::Decided(_) => Status::Decided,
            Step::Appealed(_) => Status::Appealed,
            Step::Closed => Status::Closed,
        }
    }
}

/// A short line about a claim, for lists.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ClaimLine {
    /// Its id.
    pub id: i64,
    /// Its incident.
    pub incident_id: String,
    /// Its status.
    pub status: Status,
    /// The claimant's name.
    pub claimant: String,
    /// How many victims it names.
    pub victims: usize,
    /// When it last changed.
    pub updated_at: String,
}

/// A deadline that approaches.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DeadlineLine {
    /// The claim.
    pub claim: i64,
    /// Its incident.
    pub incident_id: String,
    /// The mechanism.
    pub mechanism: String,
    /// The last day.
    pub date: NaiveDate,
    /// Days left from today.
    pub days_left: i64,
}

/// Claims in a store, read and changed as `actor`.
pub struct Claims<'a> {
    store: &'a SqliteStore,
    actor: String,
    mechanisms: Mechanisms,
}

impl<'a> Claims<'a> {
    /// Claims in `store`, read and changed as `actor` (recorded in the audit chain), routed with the
    /// bundled mechanisms.
    pub fn new(store: &'a SqliteStore, actor: &str) -> Result<Claims<'a>, ClaimsError> {
        Ok(Claims {
            store,
            actor: actor.to_string(),
            mechanisms: Mechanisms::bundled()?,
        })
    }

    /// The mechanisms claims are routed to.
    pub fn mechanisms(&self) -> &Mechanisms {
        &self.mechanisms
    }

    fn audit(&self, action: &str, id: &str, detail: serde_json::Value) -> Result<(), ClaimsError> {
        self.store.append_audit(&AuditEvent {
            actor: self.actor.clone(),
            action: action.to_string(),
            entity: "claim".to_string(),
            entity_id: id.to_string(),
            detail: Some(detail),
            before: None,
            after: None,
            reason: None,
        })?;
        Ok(())
    }

    /// Opens a claim for incident `incident` (a merged id is followed to its survivor) by
    /// `claimant`, with contact details sealed by `key` (required when `contact` is given) and
    /// other losses; returns its id.
    pub fn create(
        &self,
        incident: &str,
        claimant: &str,
        contact: Option<&str>,
        key: Option<&ContactKey>,
        losses: Vec<Loss>,
    ) -> Result<i64, ClaimsError> {
        let incident = self
            .store
            .resolve_incident(incident)?
            .ok_or_else(|| ClaimsError::NoIncident(incident.to_string()))?;
        if claimant.trim().is_empty() {
            return Err(ClaimsError::Invalid(
                "a claim needs the claimant's name".into(),
            ));
        }
        let sealed = match (contact, key) {
            (Some(c), Some(k)) => Some(k.seal(c)?),
            (Some(_), None) => return Err(ClaimsError::Key(
                "contact details are sealed with a key: pass --key-file FILE or set TOLL_CLAIMS_KEY_FILE (make one with `toll claim keygen FILE`)".into(),
            )),
            (None, _) => None,
        };
        let body = ClaimBody {
            claimant: claimant.trim().to_string(),
            losses,
            ..ClaimBody::default()
        };
        let text = encode(&body)?;
        self.store.in_transaction(|s| -> Result<i64, ClaimsError> {
            let id = s.insert_claim(&incident, Status::Draft.as_str(), &text, sealed.as_deref())?;
            s.add_claim_event(id, Status::Draft.as_str(), "{}")?;
            self.audit(
                "claim.create",
                &id.to_string(),
                json!({"claim_incident": incident, "contact": sealed.is_some()}),
            )?;
            Ok(id)
        })
    }

    fn row(&self, id: i64) -> Result<ClaimRow, ClaimsError> {
        self.store.claim(id)?.ok_or(ClaimsError::NoClaim(id))
    }

    fn decode(row: &ClaimRow) -> Result<ClaimBody, ClaimsError> {
        serde_json::from_str(&row.body).map_err(|e| ClaimsError::Damaged {
            id: row.id,
            detail: e.to_string(),
        })
    }

    fn status_of(row: &ClaimRow) -> Result<Status, ClaimsError> {
        row.status
            .parse()
            .map_err(|detail| ClaimsError::Damaged { id: row.id, detail })
    }

    /// Reads claim `id` (an audit event `claim.read`); the contact details are opened when `key` is
    /// given.
    pub fn get(&self, id: i64, key: Option<&ContactKey>) -> Result<Claim, ClaimsError> {
        let claim = self.read(id, key)?;
        self.audit(
            "claim.read",
            &id.to_string(),
            json!({"contact": claim.contact.is_some()}),
        )?;
        Ok(claim)
    }

    fn read(&self, id: i64, key: Option<&ContactKey>) -> Result<Claim, ClaimsError> {
        let row = self.row(id)?;
        let contact = match (&row.contact, key) {
            (Some(sealed), Some(k)) => Some(k.open(sealed)?),
            _ => None,
        };
        Ok(Claim {
            id: row.id,
            incident_id: row.incident_id.clone(),
            status: Self::status_of(&row)?,
            version: row.version,
            body: Self::decode(&row)?,
            has_contact: row.contact.is_some(),
            contact,
            documents: self
                .store
                .claim_documents(id)?
                .into_iter()
                .map(Into::into)
                .collect(),
            events: self
                .store
                .claim_events(id)?
                .into_iter()
                .map(Into::into)
                .collect(),
            created_at: row.created_at.clone(),
            updated_at: row.updated_at.clone(),
        })
    }

    /// Every claim (of one incident), as short lines (an audit event `claim.list`).
    pub fn list(&self, incident: Option<&str>) -> Result<Vec<ClaimLine>, ClaimsError> {
        let rows = self.store.claims(incident)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let body = Self::decode(row)?;
            out.push(ClaimLine {
                id: row.id,
                incident_id: row.incident_id.clone(),
                status: Self::status_of(row)?,
                claimant: body.claimant,
                victims: body.victims.len(),
                updated_at: row.updated_at.clone(),
            });
        }
        self.audit("claim.list", "*", json!({"claims": out.len()}))?;
        Ok(out)
    }

    /// Changes claim `id`'s body with `f`, in one transaction with its audit event.
    fn change(
        &self,
        id: i64,
        action: &str,
        detail: serde_json::Value,
        f: impl FnOnce(&mut ClaimBody) -> Result<(), ClaimsError>,
    ) -> Result<(), ClaimsError> {
        self.store.in_transaction(|s| -> Result<(), ClaimsError> {
            let row = self.row(id)?;
            let mut body = Self::decode(&row)?;
            f(&mut body)?;
            s.update_claim(
                id,
                row.version,
                &row.status,
                &encode(&body)?,
                row.contact.as_deref(),
            )?;
            self.audit(action, &id.to_string(), detail)
        })
    }

    /// Adds a victim to claim `id`.
    pub fn add_victim(&self, id: i64, victim: Victim) -> Result<(), ClaimsError> {
        if victim.name.trim().is_empty() {
            return Err(ClaimsError::Invalid("a victim needs a name".into()));
        }
        if victim.age.is_some_and(|a| a > 130) {
            return Err(ClaimsError::Invalid(format!(
                "an age of {} years",
                victim.age.unwrap_or(0)
            )));
        }
        self.change(id, "claim.victim.add", json!({"harm": victim.harm}), |b| {
            b.victims.push(victim);
            Ok(())
        })
    }

    /// Adds a loss (property) to claim `id`.
    pub fn add_loss(&self, id: i64, loss: Loss) -> Result<(), ClaimsError> {
        self.change(id, "claim.loss.add", json!({"kind": loss.kind}), |b| {
            b.losses.push(loss);
            Ok(())
        })
    }

    /// Attaches a document (`kind`, file `name`, its bytes) to claim `id`, checked by
    /// [`attach::check`] against `max` bytes; returns the document's id and SHA-256.
    pub fn attach(
        &self,
        id: i64,
        kind: &str,
        name: &str,
        bytes: &[u8],
        max: usize,
    ) -> Result<(i64, String), ClaimsError> {
        let checked = attach::check(name, kind, bytes, max)?;
        self.row(id)?;
        self.store.in_transaction(|s| -> Result<(i64, String), ClaimsError> {
            let doc = s.add_claim_document(
                id,
                &NewClaimDocument {
                    kind,
                    name,
                    media_type: checked.media_type,
                    sha256: &checked.sha256,
                    raw: bytes,
                },
            )?;
            self.audit(
                "claim.attach",
                &id.to_string(),
                json!({"document": doc, "kind": kind, "sha256": checked.sha256, "size": bytes.len()}),
            )?;
            Ok((doc, checked.sha256.clone()))
        })
    }

    /// Moves claim `id` one step of the workflow; a step the workflow does not allow is
    /// [`ClaimsError::Transition`], and nothing is written.
    pub fn step(&self, id: i64, step: Step) -> Result<Status, ClaimsError> {
        let to = step.status();
        self.store
            .in_transaction(|s| -> Result<Status, ClaimsError> {
                let row = self.row(id)?;
                let from = Self::status_of(&row)?;
                if !from.may_go_to(to) {
                    let allowed: Vec<&str> = from.next().iter().map(|s| s.as_str()).collect();
                    return Err(ClaimsError::Transition {
                        claim: id,
                        from: from.to_string(),
                        to: to.to_string(),
                        allowed: if allowed.is_empty() {
                            "nothing".into()
                        } else {
                            allowed.join(", ")
                        },
                    });
                }
                let mut body = Self::decode(&row)?;
                let detail = match &step {
                    Step::Filed(f) => {
                        if self.mechanisms.get(&f.mechanism).is_none() {
                            return Err(ClaimsError::Invalid(format!(
                                "no mechanism {:?} (one of: {})",
                                f.mechanism,
                                self.mechanisms
                                    .mechanisms
                                    .iter()
                                    .map(|m| m.id.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )));
                        }
                        if NaiveDate::parse_from_str(&f.date, "%Y-%m-%d").is_err() {
                            return Err(ClaimsError::Invalid(format!(
                                "{:?} is no date (YYYY-MM-DD)",
                                f.date
                            )));
                        }
                        body.filing = Some(f.clone());
                        json!({"mechanism": f.mechanism, "date": f.date, "reference": f.reference})
                    }
                    Step::Decided(d) => {
                        body.decision = Some(d.clone());
                        serde_json::to_value(d).unwrap_or_default()
                    }
                    Step::Appealed(why) => json!({"reason": why}),
                    Step::Acknowledged | Step::Closed => json!({}),
                };
                s.update_claim(
                    id,
                    row.version,
                    to.as_str(),
                    &encode(&body)?,
                    row.contact.as_deref(),
                )?;
                s.add_claim_event(id, to.as_str(), &detail.to_string())?;
                self.audit(
                    "claim.status",
                    &id.to_string(),
                    json!({"from": from.as_str(), "to": to.as_str()}),
                )?;
                Ok(to)
            })
    }

    /// The incident facts and possible responsible parties of claim `id`'s incident: `parties`
    /// when given (from strike matching), else those its accounts blame.
    fn incident_of(
        &self,
        incident: &str,
        parties: Option<Vec<ResponsibleParty>>,
    ) -> Result<
        (
            IncidentFacts,
            Vec<ResponsibleParty>,
            toll_record::page::IncidentDetail,
        ),
        ClaimsError,
    > {
        let detail = toll_record::page::incident_detail(self.store, incident)?
            .ok_or_else(|| ClaimsError::NoIncident(incident.to_string()))?;
        let facts = IncidentFacts {
            id: detail.id.clone(),
            date: detail
                .date
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d.get(..10).unwrap_or(d), "%Y-%m-%d").ok()),
            country: detail.country.clone(),
            combat: parties::combat(&detail),
        };
        let parties = match parties {
            Some(p) => p,
            None => {
                // what the accounts blame, then the nations and coalitions that declared strikes
                // there and then (toll-redress), each party once by kind and name
                let mut found = parties::from_incident(&detail);
                for p in toll_redress::possible_responsible_parties(self.store, incident)
                    .map_err(redress_error)?
                {
                    let kind = match p.kind {
                        toll_redress::PartyKind::Declared => parties::PartyKind::Declared,
                        toll_redress::PartyKind::Coalition => parties::PartyKind::Coalition,
                        toll_redress::PartyKind::Blamed => continue,
                    };
                    match found
                        .iter_mut()
                        .find(|f| f.kind == kind && f.name == p.name)
                    {
                        Some(f) => {
                            f.probability = 1.0 - (1.0 - f.probability) * (1.0 - p.probability);
                            f.evidence.extend(p.evidence);
                        }
                        None => found.push(ResponsibleParty {
                            name: p.name,
                            nation: p.nation,
                            kind,
                            probability: p.probability,
                            evidence: p.evidence,
                        }),
                    }
                }
                found.sort_by(|a, b| b.probability.total_cmp(&a.probability));
                found
            }
        };
        Ok((facts, parties, detail))
    }

    /// Where claim `id` can be filed (an audit event `claim.route`), as of `today`; `parties`
    /// overrides the parties derived from the incident's accounts.
    pub fn route(
        &self,
        id: i64,
        parties: Option<Vec<ResponsibleParty>>,
        today: NaiveDate,
    ) -> Result<Routing, ClaimsError> {
        let claim = self.read(id, None)?;
        let routing = self.route_claim(&claim, parties, today)?.0;
        self.audit(
            "claim.route",
            &id.to_string(),
            json!({"routes": routing.routes.len()}),
        )?;
        Ok(routing)
    }

    /// Routes a claim already read; also gives the incident's page.
    pub(crate) fn route_claim(
        &self,
        claim: &Claim,
        parties: Option<Vec<ResponsibleParty>>,
        today: NaiveDate,
    ) -> Result<(Routing, toll_record::page::IncidentDetail), ClaimsError> {
        let (facts, parties, detail) = self.incident_of(&claim.incident_id, parties)?;
        let routing = route::route(
            &self.mechanisms,
            &facts,
            &parties,
            &claim.body,
            &claim.document_kinds(),
            claim.has_contact,
            today,
        );
        Ok((routing, detail))
    }

    /// The deadlines of claims not yet filed that fall within `days` of `today` (and have not
    /// passed), soonest first.
    pub fn deadlines(&self, days: i64, today: NaiveDate) -> Result<Vec<DeadlineLine>, ClaimsError> {
        let mut out = Vec::new();
        for row in self.store.claims(None)? {
            if !Self::status_of(&row)?.unfiled() {
                continue;
            }
            let claim = self.read(row.id, None)?;
            let (routing, _) = self.route_claim(&claim, None, today)?;
            for r in routing.routes {
                if let Some(date) = r.deadline.date {
                    let left = (date - today).num_days();
                    if (0..=days).contains(&left) {
                        out.push(DeadlineLine {
                            claim: row.id,
                            incident_id: row.incident_id.clone(),
                            mechanism: r.mechanism,
                            date,
                            days_left: left,
                        });
                    }
                }
            }
        }
        out.sort_by_key(|d| (d.date, d.claim));
        self.audit(
            "claim.deadlines",
            "*",
            json!({"within_days": days, "found": out.len()}),
        )?;
        Ok(out)
    }

    /// The dossier of claim `id` (an audit event `claim.dossier`): everything a filing needs, for
    /// the mechanism it was filed with, else `mechanism`, else the first route.
    pub fn dossier(
        &self,
        id: i64,
        key: Option<&ContactKey>,
        mechanism: Option<&str>,
        today: NaiveDate,
    ) -> Result<crate::dossier::Dossier, ClaimsError> {
        let claim = self.read(id, key)?;
        let (routing, incident) = self.route_claim(&claim, None, today)?;
        let chosen = claim
            .body
            .filing
            .as_ref()
            .map(|f| f.mechanism.clone())
            .or(mechanism.map(str::to_string))
            .or_else(|| routing.routes.first().map(|r| r.mechanism.clone()));
        let chosen = match chosen {
            Some(c) => Some(
                self.mechanisms
                    .get(&c)
                    .cloned()
                    .ok_or_else(|| ClaimsError::Invalid(format!("no mechanism {c:?}")))?,
            ),
            None => None,
        };
        let incident_id = incident.id.clone();
        let mut dossier =
            crate::dossier::Dossier::new(claim, incident, routing, chosen, &self.mechanisms, today);
        // the declared strikes matched to the incident and belligerents' assessments (toll-redress)
        if let Some(found) = toll_redress::parties::incident_strikes(self.store, &incident_id)
            .map_err(redress_error)?
        {
            dossier.strikes = found
                .strikes
                .iter()
                .map(|s| {
                    format!(
                        "{} declared {} strike(s) near {} on {} (probability {:.2}: {})",
                        s.belligerent,
                        s.strikes.unwrap_or(1),
                        s.place.as_deref().unwrap_or("an unnamed place"),
                        s.date_from,
                        s.probability,
                        s.reasons.join("; ")
                    )
                })
                .collect();
        }
        dossier.assessments = toll_redress::assessment::of_incident(self.store, &incident_id)
            .map_err(redress_error)?
            .iter()
            .map(|a| {
                let killed = a
                    .killed
                    .and_then(|r| r.min.or(r.max))
                    .map_or_else(|| "no figure".to_string(), |n| format!("{n} killed"));
                format!(
                    "{}: {} ({}), {killed}{}",
                    a.belligerent,
                    a.assessment.replace('_', "-"),
                    a.status,
                    a.statement_date
                        .as_deref()
                        .map(|d| format!(", statement of {d}"))
                        .unwrap_or_default()
                )
            })
            .collect();
        self.audit(
            "claim.dossier",
            &id.to_string(),
            json!({"contact": dossier.claim.contact.is_some()}),
        )?;
        Ok(dossier)
    }
}

fn encode(body: &ClaimBody) -> Result<String, ClaimsError> {
    serde_json::to_string(body)
        .map_err(|e| ClaimsError::Invalid(format!("a claim cannot be encoded: {e}")))
}

/// A redress error as a claims error (the store's own errors stay the store's).
fn redress_error(e: toll_redress::RedressError) -> ClaimsError {
    match e {
        toll_redress::RedressError::Store(e) => ClaimsError::Store(e),
        other => ClaimsError::Invalid(other.to_string()),
    }
}
