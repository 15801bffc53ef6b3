//! Belligerents' own assessments of incidents: per incident and belligerent, the assessment (not
//! yet assessed, credible, non-credible, duplicate), the killed and injured it concedes as ranges,
//! the reason it gives, the statement's date and URL, and the statement's text archived with its
//! SHA-256.
//!
//! An editor enters one ([`enter`], confirmed at once), or one is proposed from an account whose
//! claimant is that belligerent ([`propose_from_account`]) and later confirmed by an editor
//! ([`confirm`]). Each change runs in one write transaction with its audit event (who, why,
//! before and after), and the incident is reconciled again and its page stored: a confirmed
//! assessment stands beside the independent figures and a credible one makes the grade
//! "confirmed" ([`toll_record::assessments`]).

use crate::RedressError;
use serde::Serialize;
use toll_model::Range;
use toll_record::review::Decision;
use toll_store::redress::Assessment;
use toll_store::{AuditEvent, SqliteStore, Store};

/// What a belligerent assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Not yet assessed.
    NotAssessed,
    /// Credible: the belligerent accepts that its action caused harm.
    Credible,
    /// Non-credible: the belligerent rejects the allegation.
    NonCredible,
    /// A duplicate of another incident it assessed.
    Duplicate,
}

impl Kind {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::NotAssessed => "not_assessed",
            Kind::Credible => "credible",
            Kind::NonCredible => "non_credible",
            Kind::Duplicate => "duplicate",
        }
    }

    /// Reads `credible`, `non-credible` / `non_credible`, `duplicate`, `not-assessed`.
    pub fn parse(text: &str) -> Result<Kind, RedressError> {
        match text.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "not_assessed" | "not_yet_assessed" => Ok(Kind::NotAssessed),
            "credible" => Ok(Kind::Credible),
            "non_credible" | "not_credible" => Ok(Kind::NonCredible),
            "duplicate" => Ok(Kind::Duplicate),
            _ => Err(RedressError::Invalid(format!(
                "assessment {text:?}: use not-assessed, credible, non-credible or duplicate"
            ))),
        }
    }
}

/// An assessment as an editor enters it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Who assessed the incident ("CENTCOM").
    pub belligerent: String,
    /// What it assessed.
    pub kind: Kind,
    /// Killed it concedes.
    pub killed: Option<Range>,
    /// Injured it concedes.
    pub injured: Option<Range>,
    /// The reason it gives.
    pub reason: Option<String>,
    /// The statement's date, `YYYY-MM-DD`.
    pub statement_date: Option<String>,
    /// Where the statement is published.
    pub url: Option<String>,
    /// The statement's text, archived.
    pub statement_text: Option<String>,
}

/// What a change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    /// The incident, resolved (a merged id answers for its survivor).
    pub incident: String,
    /// The assessment's id.
    pub assessment: i64,
    /// The audit event recording the change.
    pub event: i64,
}

/// A figure as a range, in the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RangeJson {
    /// Lower bound.
    pub min: Option<u64>,
    /// Upper bound.
    pub max: Option<u64>,
    /// Approximate.
    pub approx: bool,
}

/// An assessment as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct AssessmentView {
    /// Its id.
    pub id: i64,
    /// The incident assessed.
    pub incident: String,
    /// Who assessed it.
    pub belligerent: String,
    /// `proposed` (from a report, waiting for an editor) or `confirmed`.
    pub status: String,
    /// `not_assessed`, `credible`, `non_credible` or `duplicate`.
    pub assessment: String,
    /// Killed it concedes.
    pub killed: Option<RangeJson>,
    /// Injured it concedes.
    pub injured: Option<RangeJson>,
    /// The reason it gives.
    pub reason: Option<String>,
    /// The statement's date.
    pub statement_date: Option<String>,
    /// Where the statement is published.
    pub url: Option<String>,
    /// The statement's text, archived.
    pub statement_text: Option<String>,
    /// SHA-256 of the statement's text.
    pub statement_sha256: Option<String>,
    /// The account it was proposed from.
    pub account: Option<i64>,
    /// Who entered or last changed it.
    pub entered_by: String,
    /// When.
    pub updated_at: String,
}

impl From<&Assessment> for AssessmentView {
    fn from(a: &Assessment) -> Self {
        let range = |r: &Option<Range>| {
            r.map(|r| RangeJson {
                min: r.min,
                max: r.max,
                approx: r.approx,
            })
        };
        AssessmentView {
            id: a.id,
            incident: a.incident_id.clone(),
            belligerent: a.belligerent.clone(),
            status: a.status.clone(),
            assessment: a.assessment.clone(),
            killed: range(&a.killed),
            injured: range(&a.injured),
            reason: a.reason.clone(),
            statement_date: a.statement_date.clone(),
            url: a.url.clone(),
            statement_text: a.statement_text.clone(),
            statement_sha256: a.statement_sha256.clone(),
            account: a.account_id,
            entered_by: a.entered_by.clone(),
            updated_at: a.updated_at.clone(),
        }
    }
}

/// An assessment as JSON, for audit events and the API.
pub fn to_json(a: &Assessment) -> serde_json::Value {
    let range = |r: &Option<Range>| {
        r.map(|r| serde_json::json!({"min": r.min, "max": r.max, "approx": r.approx}))
    };
    serde_json::json!({
        "id": a.id,
        "incident": a.incident_id,
        "belligerent": a.belligerent,
        "status": a.status,
        "assessment": a.assessment,
        "killed": range(&a.killed),
        "injured": range(&a.injured),
        "reason": a.reason,
        "statement_date": a.statement_date,
        "url": a.url,
        "statement_text": a.statement_text,
        "statement_sha256": a.statement_sha256,
        "account": a.account_id,
        "entered_by": a.entered_by,
        "updated_at": a.updated_at,
    })
}

fn check_entry(e: &Entry) -> Result<(), RedressError> {
    if e.belligerent.trim().is_empty() {
        return Err(RedressError::Invalid(
            "an assessment names its belligerent".into(),
        ));
    }
    if let Some(d) = &e.statement_date {
        if crate::strikes::parse_day(d).is_none() {
            return Err(RedressError::Invalid(format!(
                "statement date {d:?}: use YYYY-MM-DD"
            )));
        }
    }
    if let Some(u) = &e.url {
        if !(u.starts_with("https://") || u.starts_with("http://")) {
            return Err(RedressError::Invalid(format!(
                "statement URL {u:?}: use an http(s) address"
            )));
        }
    }
    Ok(())
}

fn resolve(store: &SqliteStore, id: &str) -> Result<String, RedressError> {
    store
        .resolve_incident(id)?
        .ok_or_else(|| RedressError::NotFound {
            what: "incident",
            id: id.to_string(),
        })
}

fn check_version(store: &SqliteStore, id: &str, d: &Decision<'_>) -> Result<(), RedressError> {
    if let Some(expected) = d.expected_version {
        let found = store.incident_version(id)?.unwrap_or_default();
        if found != expected {
            return Err(RedressError::Invalid(format!(
                "incident {id} changed since you saw it (version {expected}, now {found})"
            )));
        }
    }
    Ok(())
}

/// Runs one change as `d.by`, in one write transaction: `change` stores the assessment and says
/// what it was before and after; the audit event follows, then the incident is reconciled again
/// and its page stored.
fn decide(
    store: &SqliteStore,
    id: &str,
    d: &Decision<'_>,
    action: &str,
    change: impl FnOnce(&SqliteStore, &str) -> Result<(Option<Assessment>, Assessment), RedressError>,
) -> Result<Changed, RedressError> {
    if d.by.trim().is_empty() {
        return Err(RedressError::Invalid("a change names who makes it".into()));
    }
    if d.reason.trim().is_empty() {
        return Err(RedressError::Invalid("a change gives its reason".into()));
    }
    store.as_actor(d.by, |store| {
        store.in_transaction(|s| {
            let id = resolve(s, id)?;
            check_version(s, &id, d)?;
            let (before, after) = change(s, &id)?;
            let assessment = s.upsert_assessment(&after)?;
            let stored = s.assessment(&id, &after.belligerent)?;
            let event = s.append_audit(&AuditEvent {
                actor: d.by.to_string(),
                action: action.to_string(),
                entity: "incident".into(),
                entity_id: id.clone(),
                detail: Some(serde_json::json!({
                    "assessment": assessment,
                    "belligerent": after.belligerent,
                })),
                before: before.as_ref().map(to_json),
                after: stored.as_ref().map(to_json),
                reason: Some(d.reason.to_string()),
            })?;
            let record = toll_record::summarize_stored(s, &id)?;
            s.upsert_incidents(&[record])?;
            let pages = toll_record::page::build_views(s, std::slice::from_ref(&id))?;
            s.save_incident_views(toll_record::page::VIEW_VERSION, &pages)?;
            Ok(Changed {
                incident: id,
                assessment,
                event,
            })
        })
    })
}

fn sha256_of(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(|t| crate::import::sha256_hex(t.as_bytes()))
}

/// Enters (or replaces) `entry` as belligerent's confirmed assessment of incident `id`.
pub fn enter(
    store: &SqliteStore,
    id: &str,
    entry: &Entry,
    d: &Decision<'_>,
) -> Result<Changed, RedressError> {
    check_entry(entry)?;
    decide(store, id, d, "assessment.enter", |s, id| {
        let before = s.assessment(id, entry.belligerent.trim())?;
        Ok((
            before,
            Assessment {
                id: 0,
                incident_id: id.to_string(),
                belligerent: entry.belligerent.trim().to_string(),
                status: toll_record::assessments::CONFIRMED.into(),
                assessment: entry.kind.as_str().into(),
                killed: entry.killed,
                injured: entry.injured,
                reason: entry.reason.clone(),
                statement_date: entry.statement_date.clone(),
                url: entry.url.clone(),
                statement_sha256: sha256_of(&entry.statement_text),
                statement_text: entry.statement_text.clone(),
                account_id: None,
                entered_by: d.by.to_string(),
                updated_at: String::new(),
            },
        ))
    })
}

/// Proposes an assessment from account `account`, whose claimant must be a party to the conflict
/// (`belligerent`, when given, must be named by the claimant): its figures conceded, its sentence
/// the statement, its report's date and URL the statement's. Proposed, it changes no figure or
/// grade until an editor confirms it. An incident that already has an assessment by that
/// belligerent keeps it.
pub fn propose_from_account(
    store: &SqliteStore,
    account: i64,
    belligerent: Option<&str>,
    kind: Kind,
    d: &Decision<'_>,
) -> Result<Changed, RedressError> {
    let stored = store
        .account(account)?
        .ok_or_else(|| RedressError::NotFound {
            what: "account",
            id: account.to_string(),
        })?;
    let claimant = stored
        .account
        .claimed_by
        .clone()
        .ok_or_else(|| RedressError::Invalid(format!("account {account} names no claimant")))?;
    if !toll_link::actors::is_belligerent(&claimant) {
        return Err(RedressError::Invalid(format!(
            "account {account}'s claimant {claimant:?} is no party to the conflict"
        )));
    }
    let name = match belligerent {
        Some(b) if claimant.to_lowercase().contains(&b.trim().to_lowercase()) => {
            b.trim().to_string()
        }
        Some(b) => {
            return Err(RedressError::Invalid(format!(
                "account {account}'s claimant is {claimant:?}, not {b:?}"
            )))
        }
        None => claimant.clone(),
    };
    let incident = store
        .link_of_account(account)?
        .ok_or_else(|| RedressError::Invalid(format!("account {account} is in no incident")))?;
    let report = store.document(stored.document_id)?;
    let (published, url) = report
        .map(|r| (r.info.meta.published.clone(), r.info.meta.url.clone()))
        .unwrap_or_default();
    let text = Some(stored.account.text.clone());
    decide(store, &incident, d, "assessment.propose", |s, id| {
        if let Some(existing) = s.assessment(id, &name)? {
            return Err(RedressError::Invalid(format!(
                "incident {id} already has an assessment by {name} ({})",
                existing.status
            )));
        }
        Ok((
            None,
            Assessment {
                id: 0,
                incident_id: id.to_string(),
                belligerent: name.clone(),
                status: "proposed".into(),
                assessment: kind.as_str().into(),
                killed: stored.account.killed,
                injured: stored.account.injured,
                reason: None,
                statement_date: published
                    .as_deref()
                    .and_then(|p| p.get(..10))
                    .filter(|p| crate::strikes::parse_day(p).is_some())
                    .map(str::to_string),
                url: url.filter(|u| u.starts_with("http://") || u.starts_with("https://")),
                statement_sha256: sha256_of(&text),
                statement_text: text.clone(),
                account_id: Some(account),
                entered_by: d.by.to_string(),
                updated_at: String::new(),
            },
        ))
    })
}

/// Confirms belligerent's proposed assessment of incident `id`.
pub fn confirm(
    store: &SqliteStore,
    id: &str,
    belligerent: &str,
    d: &Decision<'_>,
) -> Result<Changed, RedressError> {
    decide(store, id, d, "assessment.confirm", |s, id| {
        let before =
            s.assessment(id, belligerent.trim())?
                .ok_or_else(|| RedressError::NotFound {
                    what: "assessment by",
                    id: format!("{belligerent} of incident {id}"),
                })?;
        if before.status == toll_record::assessments::CONFIRMED {
            return Err(RedressError::Invalid(format!(
                "{belligerent}'s assessment of {id} is confirmed already"
            )));
        }
        let mut after = before.clone();
        after.status = toll_record::assessments::CONFIRMED.into();
        after.entered_by = d.by.to_string();
        Ok((Some(before), after))
    })
}

/// Every assessment of incident `id` (and of incidents merged into it).
pub fn of_incident(store: &SqliteStore, id: &str) -> Result<Vec<Assessment>, RedressError> {
    let id = resolve(store, id)?;
    Ok(store.incident_assessments(&id)?)
}
