//! An incident's history for the API and the incident page: its version, whether it is published,
//! and every audit event about it (`SqliteStore::incident_history`), kept per version.

use crate::auth::Caller;
use crate::error::ApiError;
use crate::params;
use crate::AppState;
use serde::Serialize;
use std::sync::Arc;
use toll_store::AuditEntry;
use utoipa::ToSchema;

/// An incident's history: its version, whether it is published, and every audit event about it,
/// oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct History {
    /// The incident (the survivor, for a merged id).
    pub id: String,
    /// Its version: send it with a decision.
    pub version: i64,
    /// Marked published.
    pub published: bool,
    /// The events, oldest first.
    pub events: Vec<HistoryEvent>,
}

/// One audit event.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HistoryEvent {
    /// The event's id in the audit log.
    pub id: i64,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Who.
    pub actor: String,
    /// What (`review.account.confirm`, `review.incident.merge`, …).
    pub action: String,
    /// The kind of record acted on: `account` or `incident`.
    pub entity: String,
    /// Its id.
    pub entity_id: String,
    /// What it was before.
    #[schema(value_type = Option<Object>)]
    pub before: Option<serde_json::Value>,
    /// What it is after.
    #[schema(value_type = Option<Object>)]
    pub after: Option<serde_json::Value>,
    /// Why, in the reviewer's words.
    pub reason: Option<String>,
}

impl From<&AuditEntry> for HistoryEvent {
    fn from(e: &AuditEntry) -> HistoryEvent {
        let json = |t: &Option<String>| t.as_deref().and_then(|t| serde_json::from_str(t).ok());
        HistoryEvent {
            id: e.id,
            at: e.at.clone(),
            actor: e.actor.clone(),
            action: e.action.clone(),
            entity: e.entity.clone(),
            entity_id: e.entity_id.clone(),
            before: json(&e.before),
            after: json(&e.after),
            reason: e.reason.clone(),
        }
    }
}

/// Incidents' histories by version: every decision that adds to an incident's history
/// reconciles the incident again, which raises its version, so a history read at one version
/// stays true until the version changes. Reading a reviewed incident's history scans the audit
/// log (`SqliteStore::incident_history`); this keeps the incident page from doing so on every view.
#[derive(Debug, Default)]
pub struct HistoryCache {
    entries: std::sync::Mutex<std::collections::HashMap<String, Kept>>,
}

/// A history kept with the version it was read at.
type Kept = (i64, Arc<Vec<HistoryEvent>>);

/// Most histories kept; past that the cache starts again empty.
const HISTORIES_KEPT: usize = 4096;

impl HistoryCache {
    /// Incident `id`'s history at `version`: the kept one, or `read()`'s, kept for next time.
    pub fn get_or_read(
        &self,
        id: &str,
        version: i64,
        read: impl FnOnce() -> Result<Vec<HistoryEvent>, toll_store::StoreError>,
    ) -> Result<Arc<Vec<HistoryEvent>>, toll_store::StoreError> {
        let lock = || self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((v, events)) = lock().get(id) {
            if *v == version {
                return Ok(Arc::clone(events));
            }
        }
        let events = Arc::new(read()?);
        let mut entries = lock();
        if entries.len() >= HISTORIES_KEPT {
            entries.clear();
        }
        entries.insert(id.to_string(), (version, Arc::clone(&events)));
        Ok(events)
    }
}

/// Incident `id`'s history as the caller may see it: anonymous callers see only published
/// incidents'. `None` when there is no such incident (or the caller may not see it).
pub(crate) async fn history_of(
    state: &AppState,
    caller: &Caller,
    id: &str,
) -> Result<Option<History>, ApiError> {
    let id = params::incident_id(id)
        .map_err(ApiError::bad_request)?
        .to_string();
    let signed_in = caller.user.is_some();
    let cache = Arc::clone(&state.histories);
    Ok(state
        .db
        .run(move |s| {
            let Some(id) = toll_store::Store::resolve_incident(s, &id)? else {
                return Ok(None);
            };
            let Some(version) = s.incident_version(&id)? else {
                return Ok(None);
            };
            let published = toll_store::Store::incident_review(s, &id)?.published;
            if !signed_in && !published {
                return Ok(None);
            }
            let events = cache.get_or_read(&id, version, || {
                Ok(s.incident_history(&id)?
                    .iter()
                    .map(HistoryEvent::from)
                    .collect())
            })?;
            Ok(Some(History {
                id,
                version,
                published,
                events: events.as_ref().clone(),
            }))
        })
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_history_is_read_again_only_when_the_version_changes() -> Result<(), toll_store::StoreError>
    {
        let cache = HistoryCache::default();
        let mut reads = 0;
        let mut read = |n: i64| {
            reads += 1;
            Ok(vec![HistoryEvent {
                id: n,
                at: String::new(),
                actor: "ana".into(),
                action: "review.incident.grade".into(),
                entity: "incident".into(),
                entity_id: "X".into(),
                before: None,
                after: None,
                reason: None,
            }])
        };
        assert_eq!(cache.get_or_read("X", 1, || read(1))?[0].id, 1);
        assert_eq!(cache.get_or_read("X", 1, || read(2))?[0].id, 1);
        assert_eq!(cache.get_or_read("X", 2, || read(3))?[0].id, 3);
        assert_eq!(reads, 2);
        Ok(())
    }
}
