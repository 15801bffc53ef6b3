//! Review decisions: the one code path by which a person corrects the record (the CLI's `toll
//! review` calls it now; the API will call the same functions).
//!
//! Every decision runs in one write transaction: it checks the incident's version when the
//! reviewer gives the one they saw ([`RecordError::Conflict`] when it changed), applies the change
//! through the store's review hooks (`set_account_status`, `confirm_link`, a reviewer's version of
//! an account, an incident's review, a merge), appends one audit event naming the reviewer, the
//! reason and what changed (before and after), and reconciles every incident it touched again
//! ([`crate::summarize_stored`], which applies pinned dates, places and grades) and stores their
//! pages. Machine steps never undo a decision: re-extraction keeps reviewed accounts, re-linking
//! keeps confirmed links and never gives a new incident a stored or merged id, and reconciliation
//! applies the incident's review every time.

use crate::{summarize_stored, RecordError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use toll_link::{Features, Grade, Incident, SourcedAccount};
use toll_model::{Account, DateBasis, EventDate, EventPlace, PlaceBasis, Range, Scope, Victims};
use toll_store::{AccountId, AccountStatus, AuditEvent, IncidentReview, SqliteStore, Store};

/// Who decides, why, and which version of the incident they decided on.
#[derive(Debug, Clone, Copy)]
pub struct Decision<'a> {
    /// The reviewer's name (the audit event's actor).
    pub by: &'a str,
    /// Why, in the reviewer's words (required: a decision without a reason is not accountable).
    pub reason: &'a str,
    /// The incident version the reviewer saw; the decision fails with a conflict when the
    /// incident has changed since. `None` skips the check.
    pub expected_version: Option<i64>,
}

/// A place given by a reviewer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceEdit {
    /// Its name.
    pub name: String,
    /// Latitude, WGS84 degrees.
    pub lat: f64,
    /// Longitude, WGS84 degrees.
    pub lon: f64,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// UCDP `where_prec` (1 exact … 6 country).
    pub where_prec: u8,
}

/// A reviewer's changes to an account: each field given replaces the account's (an inner `None`
/// clears it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AccountEdit {
    /// Killed, as a range.
    pub killed: Option<Option<Range>>,
    /// Injured, as a range.
    pub injured: Option<Option<Range>>,
    /// Who the victims were.
    pub victims: Option<Victims>,
    /// One incident or a total.
    pub scope: Option<Scope>,
    /// Who makes the statement.
    pub claimed_by: Option<Option<String>>,
    /// What the statement blames.
    pub blamed: Option<Option<String>>,
    /// The event date `YYYY-MM-DD` and its UCDP `date_prec`.
    pub date: Option<Option<(String, u8)>>,
    /// The event place.
    pub place: Option<Option<PlaceEdit>>,
}

impl AccountEdit {
    /// True when the edit changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == AccountEdit::default()
    }

    /// `account` with this edit applied.
    pub fn apply(&self, account: &Account) -> Account {
        let mut a = account.clone();
        if let Some(k) = self.killed {
            a.killed = k;
        }
        if let Some(i) = self.injured {
            a.injured = i;
        }
        if let Some(v) = self.victims {
            a.victims = v;
        }
        if let Some(s) = self.scope {
            a.scope = s;
        }
        if let Some(c) = &self.claimed_by {
            a.claimed_by = c.clone();
        }
        if let Some(b) = &self.blamed {
            a.blamed = b.clone();
        }
        if let Some(d) = &self.date {
            a.date = d.as_ref().map(|(date, precision)| EventDate {
                date: date.clone(),
                precision: *precision,
                basis: DateBasis::Sentence,
                phrase: None,
                reference_inferred: false,
            });
            a.month_day = None;
        }
        if let Some(p) = &self.place {
            a.place = p.as_ref().map(|p| EventPlace {
                name: p.name.clone(),
                matched: p.name.clone(),
                lat: p.lat,
                lon: p.lon,
                country: p.country.clone(),
                precision: p.where_prec,
                basis: PlaceBasis::Sentence,
            });
        }
        a
    }
}

/// An incident's date and place as pinned by a reviewer: reconciliation keeps them, whatever its
/// accounts say. A field left out is decided from the accounts as usual.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Pin {
    /// Event date `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Its UCDP `date_prec` (1 when a date is pinned without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_prec: Option<u8>,
    /// The place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<PlaceEdit>,
}

/// What a decision did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewed {
    /// The audit event that records it.
    pub event: i64,
    /// The incidents reconciled again, with their new versions (an incident merged away is not
    /// among them).
    pub incidents: Vec<(String, i64)>,
}

/// Parses a figure as a reviewer types it: `23`, `23-41` (or `23–41`), `>=23`, `<=41`, `~30`
/// (approximate), `none` (no figure).
pub fn parse_range(text: &str) -> Result<Option<Range>, RecordError> {
    let bad = || {
        RecordError::Invalid(format!(
            "figure {text:?}: use 23, 23-41, >=23, <=41, ~30 or none"
        ))
    };
    let t = text.trim();
    if t.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    let (approx, t) = match t.strip_prefix('~') {
        Some(rest) => (true, rest.trim()),
        None => (false, t),
    };
    let num = |s: &str| s.trim().parse::<u64>().map_err(|_| bad());
    let (min, max) = if let Some(rest) = t.strip_prefix(">=") {
        (Some(num(rest)?), None)
    } else if let Some(rest) = t.strip_prefix("<=") {
        (None, Some(num(rest)?))
    } else if let Some((a, b)) = t.split_once(['-', '–']) {
        let (a, b) = (num(a)?, num(b)?);
        if a > b {
            return Err(bad());
        }
        (Some(a), Some(b))
    } else {
        let n = num(t)?;
        (Some(n), Some(n))
    };
    Ok(Some(Range { min, max, approx }))
}

/// Parses who the victims were, as a reviewer names them: `civilians`, `combatants`, `mixed` or
/// `unspecified`.
pub fn parse_victims(text: &str) -> Result<Victims, RecordError> {
    match text.trim().to_ascii_lowercase().as_str() {
        "civilians" => Ok(Victims::Civilians),
        "combatants" => Ok(Victims::Combatants),
        "mixed" => Ok(Victims::Mixed),
        "unspecified" => Ok(Victims::Unspecified),
        _ => Err(RecordError::Invalid(format!(
            "victims {text:?}: use civilians, combatants, mixed or unspecified"
        ))),
    }
}

/// Parses an account's scope: `incident` (one event) or `aggregate` (a total).
pub fn parse_scope(text: &str) -> Result<Scope, RecordError> {
    match text.trim().to_ascii_lowercase().as_str() {
        "incident" => Ok(Scope::Incident),
        "aggregate" => Ok(Scope::Aggregate),
        _ => Err(RecordError::Invalid(format!(
            "scope {text:?}: use incident or aggregate"
        ))),
    }
}

/// Checks an event date as a reviewer gives it (`YYYY-MM-DD`, a real day) and its UCDP
/// `date_prec` (1 day … 5 year; 1 when none is given).
pub fn parse_date(date: &str, date_prec: Option<u8>) -> Result<(String, u8), RecordError> {
    let valid = date.len() == 10 && chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok();
    if !valid {
        return Err(RecordError::Invalid(format!(
            "date {date:?}: use YYYY-MM-DD"
        )));
    }
    let prec = date_prec.unwrap_or(1);
    if !(1..=5).contains(&prec) {
        return Err(RecordError::Invalid(format!(
            "date_prec {prec}: use 1 (day) to 5 (year)"
        )));
    }
    Ok((date.to_string(), prec))
}

/// Checks a place as a reviewer gives it: a name, coordinates on the globe, a two-letter country
/// code (upper-cased) and a UCDP `where_prec` of 1 to 6.
pub fn check_place(mut place: PlaceEdit) -> Result<PlaceEdit, RecordError> {
    let bad = |what: String| Err(RecordError::Invalid(format!("place: {what}")));
    if place.name.trim().is_empty() {
        return bad("give its name".into());
    }
    if !(-90.0..=90.0).contains(&place.lat) || !(-180.0..=180.0).contains(&place.lon) {
        return bad(format!(
            "latitude {} or longitude {} is off the globe",
            place.lat, place.lon
        ));
    }
    place.country = place.country.trim().to_ascii_uppercase();
    if place.country.len() != 2 || !place.country.bytes().all(|b| b.is_ascii_uppercase()) {
        return bad(format!(
            "country {:?}: use an ISO 3166-1 alpha-2 code such as IQ",
            place.country
        ));
    }
    if !(1..=6).contains(&place.where_prec) {
        return bad(format!(
            "where_prec {}: use 1 (exact) to 6 (country)",
            place.where_prec
        ));
    }
    place.name = place.name.trim().to_string();
    Ok(place)
}

/// Confirms account `id`: a reviewer checked it against its report.
pub fn confirm_account(
    store: &SqliteStore,
    id: AccountId,
    d: &Decision<'_>,
) -> Result<Reviewed, RecordError> {
    set_status(
        store,
        id,
        AccountStatus::Confirmed,
        "review.account.confirm",
        d,
    )
}

/// Rejects account `id` (it is no account of harm, or misread): it leaves every incident's
/// figures, and re-extraction never brings it back.
pub fn reject_account(
    store: &SqliteStore,
    id: AccountId,
    d: &Decision<'_>,
) -> Result<Reviewed, RecordError> {
    set_status(
        store,
        id,
        AccountStatus::Rejected,
        "review.account.reject",
        d,
    )
}

fn set_status(
    store: &SqliteStore,
    id: AccountId,
    status: AccountStatus,
    action: &str,
    d: &Decision<'_>,
) -> Result<Reviewed, RecordError> {
    decide(store, d, |s| {
        let before = account_or_missing(s, id)?;
        let incident = s.link_of_account(id)?;
        check_version(s, incident.as_deref(), d)?;
        s.set_account_status(id, status)?;
        Ok(Change {
            event: event(
                d,
                action,
                "account",
                &id.to_string(),
                Some(serde_json::json!({"status": before.status.as_str()})),
                Some(serde_json::json!({"status": status.as_str()})),
                incident
                    .as_ref()
                    .map(|i| serde_json::json!({"incident": i})),
            ),
            touched: incident.into_iter().collect(),
        })
    })
}

/// Edits account `id`: the reviewer's version is stored beside the machine's (which stays as
/// extraction stored it) and is what linking, reconciliation, pages and exports use from then on.
/// A second edit applies to the reviewer's version.
pub fn edit_account(
    store: &SqliteStore,
    id: AccountId,
    edit: &AccountEdit,
    d: &Decision<'_>,
) -> Result<Reviewed, RecordError> {
    if edit.is_empty() {
        return Err(RecordError::Invalid(format!(
            "account {id}: the edit changes nothing"
        )));
    }
    decide(store, d, |s| {
        let current = account_or_missing(s, id)?;
        let incident = s.link_of_account(id)?;
        check_version(s, incident.as_deref(), d)?;
        let edited = edit.apply(&current.account);
        s.set_reviewed_account(id, &edited)?;
        let (before, after) = changed_fields(&current.account, &edited)?;
        Ok(Change {
            event: event(
                d,
                "review.account.edit",
                "account",
                &id.to_string(),
                Some(before),
                Some(after),
                incident
                    .as_ref()
                    .map(|i| serde_json::json!({"incident": i})),
            ),
            touched: incident.into_iter().collect(),
        })
    })
}

/// Where [`move_account`] puts an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveTo {
    /// Into this stored incident.
    Incident(String),
    /// Into a new incident of its own (its id from the account's country and date, as the
    /// linker names incidents, never one in use).
    New,
}

/// Moves account `id`, linked to incident `from`, to another incident or a new one. The link is
/// confirmed: re-linking never moves it back.
pub fn move_account(
    store: &SqliteStore,
    from: &str,
    id: AccountId,
    to: &MoveTo,
    d: &Decision<'_>,
) -> Result<Reviewed, RecordError> {
    decide(store, d, |s| {
        let from = resolve(s, from)?;
        check_version(s, Some(&from), d)?;
        let stored = account_or_missing(s, id)?;
        let linked = s.link_of_account(id)?;
        if linked.as_deref() != Some(from.as_str()) {
            return Err(RecordError::Invalid(format!(
                "account {id} is not linked to incident {from} (it is linked to {})",
                linked.as_deref().unwrap_or("none")
            )));
        }
        let target = match to {
            MoveTo::Incident(t) => {
                let t = resolve(s, t)?;
                if t == from {
                    return Err(RecordError::Invalid(format!(
                        "account {id} is already in incident {from}"
                    )));
                }
                t
            }
            MoveTo::New => open_incident(s, &stored.account)?,
        };
        s.confirm_link(id, &target)?;
        s.drop_link_explanation(id)?;
        Ok(Change {
            event: event(
                d,
                "review.incident.move",
                "incident",
                &from,
                Some(serde_json::json!({"account": id, "incident": from})),
                Some(serde_json::json!({"account": id, "incident": target})),
                Some(serde_json::json!({"new_incident": matches!(to, MoveTo::New)})),
            ),
            touched: vec![from.clone(), target],
        })
    })
}

/// Splits incident `from`: the accounts `accounts` (each linked to it) leave it together for one
/// new incident (its id as [`MoveTo::New`] gives one, from the first account), with confirmed
/// links, in one transaction and one audit event. At least one account must stay behind.
pub fn split_incident(
    store: &SqliteStore,
    from: &str,
    accounts: &[AccountId],
    d: &Decision<'_>,
) -> Result<Reviewed, RecordError> {
    let chosen: BTreeSet<AccountId> = accounts.iter().copied().collect();
    let Some(&first) = accounts.first() else {
        return Err(RecordError::Invalid(format!(
            "incident {from}: choose the accounts to split off"
        )));
    };
    decide(store, d, |s| {
        let from = resolve(s, from)?;
        check_version(s, Some(&from), d)?;
        let members: BTreeSet<AccountId> = s
            .incident_accounts(&from)?
            .iter()
            .map(|a| a.account.id)
            .collect();
        if let Some(stranger) = chosen.iter().find(|a| !members.contains(a)) {
            return Err(RecordError::Invalid(format!(
                "account {stranger} is not an account of incident {from}"
            )));
        }
        if members.len() <= chosen.len() {
            return Err(RecordError::Invalid(format!(
                "incident {from}: a split leaves at least one account behind (to move them all, merge)"
            )));
        }
        let opener = account_or_missing(s, first)?;
        let target = open_incident(s, &opener.account)?;
        for id in &chosen {
            s.confirm_link(*id, &target)?;
            s.drop_link_explanation(*id)?;
        }
        let moved: Vec<AccountId> = chosen.iter().copied().collect();
        Ok(Change {
            event: event(
                d,
                "review.incident.split",
                "incident",
                &from,
                Some(serde_json::json!({"accounts": moved, "incident": from})),
                Some(serde_json::json!({"accounts": moved, "incident": target})),
                Some(serde_json::json!({"new_incident": true})),
            ),
            touched: vec![from.clone(), target],
        })
    })
}

/// Merges incident `merged` into `survivor`: its accounts join `survivor` (confirmed links), and
/// `merged`'s id redirects to `survivor` from then on (`toll show`, the API). The expected version
/// is `merged`'s.
pub fn merge_incidents(
    store: &SqliteStore,
    merged: &str,
    survivor: &str,
    d: &Decision<'_>,
) -> Result<Reviewed, RecordError> {
    decide(store, d, |s| {
        let merged = resolve(s, merged)?;
        let survivor = resolve(s, survivor)?;
        check_version(s, Some(&merged), d)?;
        let before = s.incident(&merged)?.map(|r| {
            serde_json::json!({"accounts": r.facts.accounts, "killed_best": r.facts.killed_best})
        });
        let moved = s.merge_incident(&merged, &survivor)?;
        let mut ev = event(
            d,
            "review.incident.merge",
            "incident",
            &merged,
            before,
            Some(serde_json::json!({"merged_into": survivor, "accounts": moved})),
            None,
        );
        // the survivor's history shows the merge too: it names the survivor in its detail
        ev.detail = Some(serde_json::json!({"survivor": survivor}));
        Ok(Change {
            event: ev,
            touched: vec![survivor],
        })
    })
}

/// Pins incident `id`'s date and place: reconciliation keeps them whatever its accounts say.
pub fn pin_incident(
    store: &SqliteStore,
    id: &str,
    pin: &Pin,
    d: &Decision<'_>,
) -> Result<Reviewed, RecordError> {
    if pin.date.is_none() && pin.place.is_none() {
        return Err(RecordError::Invalid(format!(
            "incident {id}: give a date, a place or both to pin"
        )));
    }
    update_review(store, id, d, "review.incident.pin", |review| {
        let before = pin_of(review)?;
        let mut next = before.clone().unwrap_or_default();
        if pin.date.is_some() {
            next.date = pin.date.clone();
            next.date_prec = Some(pin.date_prec.unwrap_or(1));
        }
        if pin.place.is_some() {
            next.place = pin.place.clone();
        }
        review.pin =
            Some(serde_json::to_string(&next).map_err(|e| RecordError::Invalid(e.to_string()))?);
        Ok((
            serde_json::json!({"pin": before}),
            serde_json::json!({"pin": next}),
        ))
    })
}

/// Sets incident `id`'s grade (`confirmed`, `fair`, `weak`, `contested`, `discounted`); the
/// reason is shown as the grade's reason.
pub fn grade_incident(
    store: &SqliteStore,
    id: &str,
    grade: &str,
    d: &Decision<'_>,
) -> Result<Reviewed, RecordError> {
    let grade = parse_grade(grade)?;
    update_review(store, id, d, "review.incident.grade", |review| {
        let before = review.grade.clone();
        review.grade = Some(grade.as_str().to_string());
        review.grade_reason = Some(d.reason.to_string());
        Ok((
            serde_json::json!({"grade": before}),
            serde_json::json!({"grade": grade.as_str()}),
        ))
    })
}

/// Marks incident `id` published (or not).
pub fn publish_incident(
    store: &SqliteStore,
    id: &str,
    published: bool,
    d: &Decision<'_>,
) -> Result<Reviewed, RecordError> {
    let action = if published {
        "review.incident.publish"
    } else {
        "review.incident.unpublish"
    };
    update_review(store, id, d, action, |review| {
        let before = review.published;
        review.published = published;
        Ok((
            serde_json::json!({"published": before}),
            serde_json::json!({"published": published}),
        ))
    })
}

/// The incident's date and place after the reviewers' decisions: applies a pinned date and place
/// and a set grade to a freshly reconciled incident.
pub fn apply_review(incident: &mut Incident, review: &IncidentReview) -> Result<(), RecordError> {
    if let Some(pin) = pin_of(review)? {
        if let Some(date) = pin.date {
            incident.date = Some(date);
            incident.date_prec = Some(pin.date_prec.unwrap_or(1));
            incident.date_stated = true;
        }
        if let Some(place) = pin.place {
            incident.place = Some(place.name);
            incident.lat = Some(place.lat);
            incident.lon = Some(place.lon);
            incident.where_prec = Some(place.where_prec);
            incident.country = Some(place.country);
        }
    }
    if let Some(grade) = &review.grade {
        incident.reconciled.grade = parse_grade(grade)?;
        incident.reconciled.grade_reason = match &review.grade_reason {
            Some(reason) => format!("set by a reviewer: {reason}"),
            None => "set by a reviewer".to_string(),
        };
    }
    Ok(())
}

fn parse_grade(grade: &str) -> Result<Grade, RecordError> {
    serde_json::from_value(serde_json::Value::String(grade.to_ascii_lowercase())).map_err(|_| {
        RecordError::Invalid(format!(
            "grade {grade:?}: use confirmed, fair, weak, contested or discounted"
        ))
    })
}

fn pin_of(review: &IncidentReview) -> Result<Option<Pin>, RecordError> {
    review
        .pin
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(|e| RecordError::Invalid(format!("stored pin cannot be read: {e}")))
}

/// What one decision changed: its audit event and the incidents to reconcile again.
struct Change {
    event: AuditEvent,
    touched: Vec<String>,
}

fn event(
    d: &Decision<'_>,
    action: &str,
    entity: &str,
    entity_id: &str,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
    detail: Option<serde_json::Value>,
) -> AuditEvent {
    AuditEvent {
        actor: d.by.to_string(),
        action: action.to_string(),
        entity: entity.to_string(),
        entity_id: entity_id.to_string(),
        detail,
        before,
        after,
        reason: Some(d.reason.to_string()),
    }
}

/// Runs one decision in one write transaction, as the reviewer: the change, its audit event, and
/// the touched incidents reconciled and their pages stored again.
fn decide(
    store: &SqliteStore,
    d: &Decision<'_>,
    change: impl FnOnce(&SqliteStore) -> Result<Change, RecordError>,
) -> Result<Reviewed, RecordError> {
    if d.by.trim().is_empty() {
        return Err(RecordError::Invalid("a decision names its reviewer".into()));
    }
    if d.reason.trim().is_empty() {
        return Err(RecordError::Invalid("a decision gives its reason".into()));
    }
    store.as_actor(d.by, |store| {
        store.in_transaction(|s| {
            let Change { event, touched } = change(s)?;
            let event = s.append_audit(&event)?;
            let touched: BTreeSet<String> = touched.into_iter().collect();
            let mut records = Vec::with_capacity(touched.len());
            let mut live = Vec::with_capacity(touched.len());
            for id in &touched {
                if s.incident_version(id)?.is_some() {
                    records.push(summarize_stored(s, id)?);
                    live.push(id.clone());
                }
            }
            s.upsert_incidents(&records)?;
            let pages = crate::page::build_views(s, &live)?;
            s.save_incident_views(crate::page::VIEW_VERSION, &pages)?;
            let mut incidents = Vec::with_capacity(live.len());
            for id in live {
                let version = s.incident_version(&id)?.unwrap_or_default();
                incidents.push((id, version));
            }
            Ok(Reviewed { event, incidents })
        })
    })
}

/// Changes incident `id`'s review with `f` (which returns before and after for the audit event).
fn update_review(
    store: &SqliteStore,
    id: &str,
    d: &Decision<'_>,
    action: &str,
    f: impl FnOnce(&mut IncidentReview) -> Result<(serde_json::Value, serde_json::Value), RecordError>,
) -> Result<Reviewed, RecordError> {
    decide(store, d, |s| {
        let id = resolve(s, id)?;
        check_version(s, Some(&id), d)?;
        let mut review = s.incident_review(&id)?;
        let (before, after) = f(&mut review)?;
        s.set_incident_review(&id, &review)?;
        Ok(Change {
            event: event(d, action, "incident", &id, Some(before), Some(after), None),
            touched: vec![id],
        })
    })
}

/// The stored incident `id` answers for (following a merge), or a not-found error.
fn resolve(store: &SqliteStore, id: &str) -> Result<String, RecordError> {
    store
        .resolve_incident(id)?
        .ok_or_else(|| RecordError::NotFound {
            what: "incident",
            id: id.to_string(),
        })
}

fn account_or_missing(
    store: &SqliteStore,
    id: AccountId,
) -> Result<toll_store::StoredAccount, RecordError> {
    store.account(id)?.ok_or_else(|| RecordError::NotFound {
        what: "account",
        id: id.to_string(),
    })
}

/// Fails with a conflict when the reviewer saw another version of `incident` than the stored one.
fn check_version(
    store: &SqliteStore,
    incident: Option<&str>,
    d: &Decision<'_>,
) -> Result<(), RecordError> {
    let Some(expected) = d.expected_version else {
        return Ok(());
    };
    let Some(id) = incident else {
        return Err(RecordError::Invalid(
            "a version was given, but the account is linked to no incident".into(),
        ));
    };
    let found = store
        .incident_version(id)?
        .ok_or_else(|| RecordError::NotFound {
            what: "incident",
            id: id.to_string(),
        })?;
    if found != expected {
        return Err(RecordError::Conflict {
            incident: id.to_string(),
            expected,
            found,
        });
    }
    Ok(())
}

/// Opens a new incident for `account` alone, with an id no incident uses, and stores it.
fn open_incident(store: &SqliteStore, account: &Account) -> Result<String, RecordError> {
    let features = Features::of(account);
    let prefix = toll_link::ids::prefix(features.country.as_deref(), features.date);
    let taken: BTreeSet<String> = store.taken_incident_ids()?.into_iter().collect();
    let id = (0..)
        .map(|n| format!("{prefix}-{}", toll_link::ids::suffix(n)))
        .find(|id| !taken.contains(id))
        .unwrap_or_else(|| format!("{prefix}-x"));
    let incident = toll_link::summarize(
        &id,
        &[SourcedAccount {
            doc: "",
            outlet: None,
            outlets: &[],
            account,
        }],
    );
    store.upsert_incidents(&[crate::record_of(&incident)?])?;
    Ok(id)
}

/// The fields that differ between two versions of an account, as `(before, after)` objects.
fn changed_fields(
    before: &Account,
    after: &Account,
) -> Result<(serde_json::Value, serde_json::Value), RecordError> {
    let encode = |a: &Account| {
        serde_json::to_value(a).map_err(|e| RecordError::Invalid(format!("account: {e}")))
    };
    let (b, a) = (encode(before)?, encode(after)?);
    let mut old = serde_json::Map::new();
    let mut new = serde_json::Map::new();
    if let (Some(b), Some(a)) = (b.as_object(), a.as_object()) {
        for (key, value) in a {
            let was = b.get(key).cloned().unwrap_or(serde_json::Value::Null);
            if &was != value {
                old.insert(key.clone(), was);
                new.insert(key.clone(), value.clone());
            }
        }
    }
    Ok((old.into(), new.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_parse_as_reviewers_type_them() -> Result<(), RecordError> {
        let r = |min, max, approx| Some(Range { min, max, approx });
        assert_eq!(parse_range("23")?, r(Some(23), Some(23), false));
        assert_eq!(parse_range("23-41")?, r(Some(23), Some(41), false));
        assert_eq!(parse_range("23–41")?, r(Some(23), Some(41), false));
        assert_eq!(parse_range(">=23")?, r(Some(23), None, false));
        assert_eq!(parse_range("<=41")?, r(None, Some(41), false));
        assert_eq!(parse_range("~30")?, r(Some(30), Some(30), true));
        assert_eq!(parse_range("none")?, None);
        for bad in ["", "41-23", "many", "-3", ">=x"] {
            assert!(parse_range(bad).is_err(), "{bad}");
        }
        Ok(())
    }

    #[test]
    fn victims_scope_dates_and_places_are_checked() {
        assert_eq!(parse_victims("Civilians").ok(), Some(Victims::Civilians));
        assert!(parse_victims("people").is_err());
        assert_eq!(parse_scope("aggregate").ok(), Some(Scope::Aggregate));
        assert!(parse_scope("campaign").is_err());
        assert_eq!(
            parse_date("2024-03-07", None).ok(),
            Some(("2024-03-07".to_string(), 1))
        );
        for (date, prec) in [
            ("2024-02-30", None),
            ("7 March", None),
            ("2024-03-07", Some(9)),
        ] {
            assert!(parse_date(date, prec).is_err(), "{date} {prec:?}");
        }
        let place = |lat, country: &str, prec| PlaceEdit {
            name: "Halvaro".into(),
            lat,
            lon: 44.0,
            country: country.into(),
            where_prec: prec,
        };
        assert_eq!(
            check_place(place(33.0, "iq", 1)).map(|p| p.country).ok(),
            Some("IQ".to_string())
        );
        assert!(check_place(place(95.0, "IQ", 1)).is_err());
        assert!(check_place(place(33.0, "IRQ", 1)).is_err());
        assert!(check_place(place(33.0, "IQ", 7)).is_err());
    }

    #[test]
    fn grades_are_airwars_words_only() {
        assert!(parse_grade("Fair").is_ok());
        assert!(parse_grade("likely").is_err());
    }
}
