//! The review API under `/api/v1`: every review decision as a `POST` with a JSON body, and an
//! incident's history. Each handler checks the caller's role and CSRF token
//! ([`decide::authorize`]), reads the body, and hands one [`Action`] to [`decide::decide`], which
//! applies it through `toll_record::review` on the one writer.
//!
//! Every body carries `reason` (why, kept in the audit event) and `version`: the incident version
//! the client loaded (`GET /api/v1/incidents/{id}/history` gives it); a decision on an incident that
//! changed since is refused with 409. Signed in by session cookie, a client sends the session's
//! CSRF token (`GET /api/v1/me` gives it) in the `X-CSRF-Token` header; bearer tokens need none.

use crate::auth::Caller;
use crate::decide::{self, refuse, Action, Refused};
use crate::error::{ApiError, ErrorBody};
use crate::params;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use std::sync::Arc;
use toll_model::Range;
use toll_record::review::{self, AccountEdit, MoveTo, Pin, PlaceEdit, Reviewed};
use toll_record::RecordError;
use toll_store::{AuditEntry, Role};
use utoipa::{IntoParams, OpenApi, ToSchema};

/// The header that carries the session's CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// Largest JSON body accepted.
const MAX_BODY_BYTES: usize = 64 * 1024;
/// Most accounts one split may move.
const MAX_SPLIT: usize = 1000;

/// The review routes (mounted under `/api/v1`).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/incidents/{id}/history",
            get(history).route_layer(axum::middleware::from_fn_with_state(
                crate::api::method_not_allowed as fn() -> Response,
                crate::get_only,
            )),
        )
        .route("/accounts/{id}/confirm", post(confirm).fallback(use_post))
        .route("/accounts/{id}/reject", post(reject).fallback(use_post))
        .route("/accounts/{id}/edit", post(edit).fallback(use_post))
        .route(
            "/incidents/{id}/move",
            post(move_account).fallback(use_post),
        )
        .route("/incidents/{id}/split", post(split).fallback(use_post))
        .route("/incidents/{id}/merge", post(merge).fallback(use_post))
        .route("/incidents/{id}/pin", post(pin).fallback(use_post))
        .route("/incidents/{id}/grade", post(grade).fallback(use_post))
        .route("/incidents/{id}/publish", post(publish).fallback(use_post))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}

/// 405 with `Allow: POST`, as JSON: a review route's answer to any other method.
async fn use_post() -> Response {
    let mut res = ApiError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        message: "a review decision is a POST".to_string(),
    }
    .into_response();
    res.headers_mut().insert(
        axum::http::header::ALLOW,
        axum::http::HeaderValue::from_static("POST"),
    );
    res
}

/// The review API's part of the OpenAPI document (merged into [`crate::api::ApiDoc`]).
#[derive(OpenApi)]
#[openapi(
    paths(
        history,
        confirm,
        reject,
        edit,
        move_account,
        split,
        merge,
        pin,
        grade,
        publish
    ),
    components(schemas(
        History,
        HistoryEvent,
        Decided,
        IncidentVersion,
        AccountDecisionBody,
        EditBody,
        FigureIn,
        PlaceIn,
        MoveBody,
        SplitBody,
        MergeBody,
        PinBody,
        GradeBody,
        PublishBody
    ))
)]
pub struct ReviewDoc;

/// What a recorded decision did.
#[derive(Debug, Serialize, ToSchema)]
pub struct Decided {
    /// The audit event that records it.
    pub event: i64,
    /// The incidents reconciled again, with their new versions (send these next time).
    pub incidents: Vec<IncidentVersion>,
}

/// An incident and its version.
#[derive(Debug, Serialize, ToSchema)]
pub struct IncidentVersion {
    /// The incident id.
    pub id: String,
    /// Its version now.
    pub version: i64,
}

impl From<Reviewed> for Decided {
    fn from(r: Reviewed) -> Decided {
        Decided {
            event: r.event,
            incidents: r
                .incidents
                .into_iter()
                .map(|(id, version)| IncidentVersion { id, version })
                .collect(),
        }
    }
}

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

/// An incident's version and history (who, when, what, before and after, why).
#[utoipa::path(
    get,
    path = "/api/v1/incidents/{id}/history",
    params(("id" = String, Path, description = "Incident id (a merged id gives its survivor's)")),
    responses(
        (status = 200, description = "The version and history; anonymous callers see only published incidents'", body = History),
        (status = 400, description = "The id is malformed", body = ErrorBody),
        (status = 404, description = "No such incident", body = ErrorBody),
        (status = 503, description = "The request ran out of time and was abandoned", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again")))
    )
)]
async fn history(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<History>, ApiError> {
    history_of(&state, &caller, &id)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("no incident {id}")))
}

/// Reads a JSON body: 400 when it is no JSON, 422 when it does not fit `T`.
fn body<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Refused> {
    serde_json::from_slice(bytes).map_err(|e| {
        let status = if e.is_data() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::BAD_REQUEST
        };
        refuse(status, format!("the request body: {e}"))
    })
}

fn invalid(e: RecordError) -> Refused {
    Refused::from(e)
}

/// Answers a decision: 200 with what it did, or the refusal as `{"error": …}`.
fn answer(done: Result<Reviewed, Refused>) -> Response {
    match done {
        Ok(r) => Json(Decided::from(r)).into_response(),
        Err(r) => r.error.into_response(),
    }
}

/// Records `action` (already checked) as `by`.
async fn run(
    state: &AppState,
    by: &str,
    reason: &str,
    version: Option<i64>,
    action: Result<Action, Refused>,
) -> Response {
    match action {
        Ok(action) => answer(decide::decide(state, by, reason, version, action).await),
        Err(r) => r.error.into_response(),
    }
}

/// Checks the caller's role and CSRF token, then reads the body: the user's name and the body.
/// The role comes first: a caller who may not decide learns nothing about the body's shape.
fn guarded<B: DeserializeOwned>(
    caller: &Caller,
    headers: &HeaderMap,
    role: Role,
    bytes: &[u8],
) -> Result<(String, B), ApiError> {
    let sent = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
    let user = decide::authorize(caller, role, sent).map_err(|r| r.error)?;
    let b = body(bytes).map_err(|r| r.error)?;
    Ok((user.name.clone(), b))
}

fn account_id(id: &str) -> Result<i64, ApiError> {
    params::numeric_id("account", id).map_err(ApiError::bad_request)
}

fn incident_id(id: &str) -> Result<String, ApiError> {
    params::incident_id(id)
        .map(str::to_string)
        .map_err(ApiError::bad_request)
}

/// The body of confirm and reject.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountDecisionBody {
    /// Why (kept in the audit event; required).
    pub reason: String,
    /// The version of the account's incident you loaded (required when the account is linked to
    /// an incident).
    pub version: Option<i64>,
}

macro_rules! unwrap_or_return {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(e) => return ApiError::into_response(e),
        }
    };
}

/// Confirms an account: it says what its report says. Role: analyst.
#[utoipa::path(
    post,
    path = "/api/v1/accounts/{id}/confirm",
    params(("id" = i64, Path, description = "Account id"), CsrfHeader),
    request_body = AccountDecisionBody,
    responses(
        (status = 200, description = "Recorded; the incidents reconciled again with their new versions", body = Decided),
        (status = 400, description = "The id or the JSON is malformed", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The caller lacks the analyst role, or a session caller sent no valid CSRF token", body = ErrorBody),
        (status = 404, description = "No such account", body = ErrorBody),
        (status = 409, description = "The incident changed since the client loaded it", body = ErrorBody),
        (status = 422, description = "The body does not fit (no reason, no version)", body = ErrorBody),
        (status = 503, description = "Another process is linking the record; try again", body = ErrorBody)
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn confirm(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Response {
    let (by, b): (String, AccountDecisionBody) =
        unwrap_or_return!(guarded(&caller, &headers, Role::Analyst, &bytes));
    let id = unwrap_or_return!(account_id(&id));
    run(&state, &by, &b.reason, b.version, Ok(Action::Confirm(id))).await
}

/// Rejects an account (it is no account of harm, or misread): it leaves the figures, and
/// re-extraction never brings it back. Role: analyst.
#[utoipa::path(
    post,
    path = "/api/v1/accounts/{id}/reject",
    params(("id" = i64, Path, description = "Account id"), CsrfHeader),
    request_body = AccountDecisionBody,
    responses(
        (status = 200, description = "Recorded", body = Decided),
        (status = 400, description = "The id or the JSON is malformed", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The caller lacks the analyst role, or a session caller sent no valid CSRF token", body = ErrorBody),
        (status = 404, description = "No such account", body = ErrorBody),
        (status = 409, description = "The incident changed since the client loaded it", body = ErrorBody),
        (status = 422, description = "The body does not fit (no reason, no version)", body = ErrorBody),
        (status = 503, description = "Another process is linking the record; try again", body = ErrorBody)
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn reject(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Response {
    let (by, b): (String, AccountDecisionBody) =
        unwrap_or_return!(guarded(&caller, &headers, Role::Analyst, &bytes));
    let id = unwrap_or_return!(account_id(&id));
    run(&state, &by, &b.reason, b.version, Ok(Action::Reject(id))).await
}

/// The CSRF header (session callers only).
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Header)]
#[allow(dead_code)]
struct CsrfHeader {
    /// The session's CSRF token (`GET /api/v1/me` gives it): required when signed in by session
    /// cookie, not with a bearer token.
    #[param(rename = "X-CSRF-Token")]
    x_csrf_token: Option<String>,
}

/// A figure: text as a reviewer types it (`23`, `23-41`, `>=23`, `<=41`, `~30`, `none`) or a
/// range object.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum FigureIn {
    /// `23`, `23-41`, `>=23`, `<=41`, `~30` or `none`.
    Text(String),
    /// A range; an open side is left out.
    Range {
        /// Smallest.
        #[serde(default)]
        min: Option<u64>,
        /// Largest.
        #[serde(default)]
        max: Option<u64>,
        /// Approximate ("about 30").
        #[serde(default)]
        approx: bool,
    },
}

impl FigureIn {
    fn range(&self) -> Result<Option<Range>, RecordError> {
        match self {
            FigureIn::Text(t) => review::parse_range(t),
            FigureIn::Range { min, max, approx } => {
                if let (Some(a), Some(b)) = (min, max) {
                    if a > b {
                        return Err(RecordError::Invalid(format!(
                            "figure: min {a} is above max {b}"
                        )));
                    }
                }
                if min.is_none() && max.is_none() {
                    return Err(RecordError::Invalid(
                        "figure: give min, max or both (null clears the figure)".into(),
                    ));
                }
                Ok(Some(Range {
                    min: *min,
                    max: *max,
                    approx: *approx,
                }))
            }
        }
    }
}

/// A place: its name, coordinates, country and precision.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaceIn {
    /// Its name.
    pub name: String,
    /// Latitude, WGS84 degrees.
    pub lat: f64,
    /// Longitude, WGS84 degrees.
    pub lon: f64,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// UCDP `where_prec` (1 exact … 6 country; 1 when left out).
    #[serde(default)]
    pub where_prec: Option<u8>,
}

impl PlaceIn {
    /// The place, checked.
    pub fn checked(&self) -> Result<PlaceEdit, RecordError> {
        review::check_place(PlaceEdit {
            name: self.name.clone(),
            lat: self.lat,
            lon: self.lon,
            country: self.country.clone(),
            where_prec: self.where_prec.unwrap_or(1),
        })
    }
}

/// `Some(value)` for a field that is present, even as `null` (`Some(None)`): a field left out
/// stays `None` (unchanged).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// The body of an account edit: each field given replaces the account's; `null` (or `"none"`)
/// clears it; a field left out stays as it is.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditBody {
    /// Why (required).
    pub reason: String,
    /// The version of the account's incident you loaded.
    pub version: Option<i64>,
    /// Killed, as a range.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<FigureIn>)]
    pub killed: Option<Option<FigureIn>>,
    /// Injured, as a range.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<FigureIn>)]
    pub injured: Option<Option<FigureIn>>,
    /// civilians, combatants, mixed or unspecified.
    #[serde(default)]
    pub victims: Option<String>,
    /// incident or aggregate.
    #[serde(default)]
    pub scope: Option<String>,
    /// Who makes the statement (`null`: the article's own voice).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub claimed_by: Option<Option<String>>,
    /// What the statement blames (`null`: nothing).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub blamed: Option<Option<String>>,
    /// The event date `YYYY-MM-DD` (`null`: none).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub date: Option<Option<String>>,
    /// Its UCDP `date_prec` (1 day … 5 year; 1 when left out).
    #[serde(default)]
    pub date_prec: Option<u8>,
    /// The event place (`null`: none).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<PlaceIn>)]
    pub place: Option<Option<PlaceIn>>,
}

/// `none` (any case) or blank text clears a text field.
fn text(t: &Option<Option<String>>) -> Option<Option<String>> {
    t.as_ref().map(|t| {
        t.as_ref()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty() && !s.eq_ignore_ascii_case("none"))
            .map(str::to_string)
    })
}

impl EditBody {
    /// The edit it asks for, checked.
    pub fn edit(&self) -> Result<AccountEdit, RecordError> {
        let figure = |f: &Option<Option<FigureIn>>| -> Result<Option<Option<Range>>, RecordError> {
            match f {
                None => Ok(None),
                Some(None) => Ok(Some(None)),
                Some(Some(f)) => f.range().map(Some),
            }
        };
        if self.date_prec.is_some() && !matches!(self.date, Some(Some(_))) {
            return Err(RecordError::Invalid(
                "date_prec goes with a date: give both".into(),
            ));
        }
        Ok(AccountEdit {
            killed: figure(&self.killed)?,
            injured: figure(&self.injured)?,
            victims: self
                .victims
                .as_deref()
                .map(review::parse_victims)
                .transpose()?,
            scope: self.scope.as_deref().map(review::parse_scope).transpose()?,
            claimed_by: text(&self.claimed_by),
            blamed: text(&self.blamed),
            date: match &self.date {
                None => None,
                Some(None) => Some(None),
                Some(Some(d)) => Some(Some(review::parse_date(d, self.date_prec)?)),
            },
            place: match &self.place {
                None => None,
                Some(None) => Some(None),
                Some(Some(p)) => Some(Some(p.checked()?)),
            },
        })
    }
}

/// Edits an account: the reviewer's version is kept beside the machine's and used from then on
/// (linking, figures, pages, exports). Role: analyst.
#[utoipa::path(
    post,
    path = "/api/v1/accounts/{id}/edit",
    params(("id" = i64, Path, description = "Account id"), CsrfHeader),
    request_body = EditBody,
    responses(
        (status = 200, description = "Recorded; figures reconciled again", body = Decided),
        (status = 400, description = "The id or the JSON is malformed", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The caller lacks the analyst role, or a session caller sent no valid CSRF token", body = ErrorBody),
        (status = 404, description = "No such account", body = ErrorBody),
        (status = 409, description = "The incident changed since the client loaded it", body = ErrorBody),
        (status = 422, description = "A field is wrong (a figure, a date, a place), or the edit changes nothing", body = ErrorBody),
        (status = 503, description = "Another process is linking the record; try again", body = ErrorBody)
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn edit(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Response {
    let (by, b): (String, EditBody) =
        unwrap_or_return!(guarded(&caller, &headers, Role::Analyst, &bytes));
    let id = unwrap_or_return!(account_id(&id));
    let action = b.edit().map(|e| Action::Edit(id, e)).map_err(invalid);
    run(&state, &by, &b.reason, b.version, action).await
}

/// The body of a move: `to` an incident, or `new`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveBody {
    /// Why (required).
    pub reason: String,
    /// The version of this incident you loaded.
    pub version: i64,
    /// The account to move (one of this incident's).
    pub account: i64,
    /// The incident it belongs to.
    #[serde(default)]
    pub to: Option<String>,
    /// Open a new incident for it (instead of `to`).
    #[serde(default)]
    pub new: bool,
}

/// Where a move goes: exactly one of an incident id and "new".
pub fn move_target(to: Option<&str>, new: bool) -> Result<MoveTo, RecordError> {
    match (to.map(str::trim).filter(|t| !t.is_empty()), new) {
        (Some(t), false) => params::incident_id(t)
            .map(|t| MoveTo::Incident(t.to_string()))
            .map_err(RecordError::Invalid),
        (None, true) => Ok(MoveTo::New),
        (Some(_), true) => Err(RecordError::Invalid(
            "move to an incident or to a new one, not both".into(),
        )),
        (None, false) => Err(RecordError::Invalid(
            "say where the account goes: an incident id, or a new incident".into(),
        )),
    }
}

/// Moves one of the incident's accounts to another incident or a new one (a confirmed link:
/// re-linking never moves it back); both incidents are reconciled again. Role: analyst.
#[utoipa::path(
    post,
    path = "/api/v1/incidents/{id}/move",
    params(("id" = String, Path, description = "The incident the account is in"), CsrfHeader),
    request_body = MoveBody,
    responses(
        (status = 200, description = "Recorded; both incidents reconciled again", body = Decided),
        (status = 400, description = "An id or the JSON is malformed", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The caller lacks the analyst role, or a session caller sent no valid CSRF token", body = ErrorBody),
        (status = 404, description = "No such incident or account", body = ErrorBody),
        (status = 409, description = "The incident changed since the client loaded it", body = ErrorBody),
        (status = 422, description = "The account is not this incident's, or the target is missing", body = ErrorBody),
        (status = 503, description = "Another process is linking the record; try again", body = ErrorBody)
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn move_account(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Response {
    let (by, b): (String, MoveBody) =
        unwrap_or_return!(guarded(&caller, &headers, Role::Analyst, &bytes));
    let from = unwrap_or_return!(incident_id(&id));
    let action = move_target(b.to.as_deref(), b.new)
        .map(|to| Action::Move {
            from,
            account: b.account,
            to,
        })
        .map_err(invalid);
    run(&state, &by, &b.reason, Some(b.version), action).await
}

/// The body of a split.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SplitBody {
    /// Why (required).
    pub reason: String,
    /// The version of this incident you loaded.
    pub version: i64,
    /// The accounts that leave it together for one new incident (at least one stays).
    pub accounts: Vec<i64>,
}

/// Checks the accounts of a split: some, and not too many.
pub fn split_accounts(accounts: Vec<i64>) -> Result<Vec<i64>, RecordError> {
    if accounts.is_empty() {
        return Err(RecordError::Invalid(
            "choose the accounts to split off".into(),
        ));
    }
    if accounts.len() > MAX_SPLIT {
        return Err(RecordError::Invalid(format!(
            "a split moves at most {MAX_SPLIT} accounts"
        )));
    }
    Ok(accounts)
}

/// Splits the incident: the chosen accounts leave it together for one new incident; both are
/// reconciled again. Role: editor.
#[utoipa::path(
    post,
    path = "/api/v1/incidents/{id}/split",
    params(("id" = String, Path, description = "The incident to split"), CsrfHeader),
    request_body = SplitBody,
    responses(
        (status = 200, description = "Recorded; the new incident is among the incidents", body = Decided),
        (status = 400, description = "The id or the JSON is malformed", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The caller lacks the editor role, or a session caller sent no valid CSRF token", body = ErrorBody),
        (status = 404, description = "No such incident", body = ErrorBody),
        (status = 409, description = "The incident changed since the client loaded it", body = ErrorBody),
        (status = 422, description = "An account is not this incident's, or none would stay", body = ErrorBody),
        (status = 503, description = "Another process is linking the record; try again", body = ErrorBody)
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn split(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Response {
    let (by, b): (String, SplitBody) =
        unwrap_or_return!(guarded(&caller, &headers, Role::Editor, &bytes));
    let from = unwrap_or_return!(incident_id(&id));
    let action = split_accounts(b.accounts)
        .map(|accounts| Action::Split { from, accounts })
        .map_err(invalid);
    run(&state, &by, &b.reason, Some(b.version), action).await
}

/// The body of a merge.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeBody {
    /// Why (required).
    pub reason: String,
    /// The version of this incident (the one merged away) you loaded.
    pub version: i64,
    /// The incident that stays.
    pub into: String,
}

/// Merges this incident into another: its accounts join it, and this id redirects there from
/// then on. Role: editor.
#[utoipa::path(
    post,
    path = "/api/v1/incidents/{id}/merge",
    params(("id" = String, Path, description = "The incident merged away"), CsrfHeader),
    request_body = MergeBody,
    responses(
        (status = 200, description = "Recorded; the survivor reconciled again", body = Decided),
        (status = 400, description = "An id or the JSON is malformed", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The caller lacks the editor role, or a session caller sent no valid CSRF token", body = ErrorBody),
        (status = 404, description = "No such incident", body = ErrorBody),
        (status = 409, description = "The incident changed since the client loaded it", body = ErrorBody),
        (status = 422, description = "The merge cannot apply (an incident into itself)", body = ErrorBody),
        (status = 503, description = "Another process is linking the record; try again", body = ErrorBody)
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn merge(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Response {
    let (by, b): (String, MergeBody) =
        unwrap_or_return!(guarded(&caller, &headers, Role::Editor, &bytes));
    let merged = unwrap_or_return!(incident_id(&id));
    let action = params::incident_id(b.into.trim())
        .map(|into| Action::Merge {
            merged,
            into: into.to_string(),
        })
        .map_err(|e| invalid(RecordError::Invalid(format!("into: {e}"))));
    run(&state, &by, &b.reason, Some(b.version), action).await
}

/// The body of a pin: a date, a place or both.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PinBody {
    /// Why (required).
    pub reason: String,
    /// The version of this incident you loaded.
    pub version: i64,
    /// The event date `YYYY-MM-DD`.
    #[serde(default)]
    pub date: Option<String>,
    /// Its UCDP `date_prec` (1 when left out).
    #[serde(default)]
    pub date_prec: Option<u8>,
    /// The place.
    #[serde(default)]
    pub place: Option<PlaceIn>,
}

impl PinBody {
    /// The pin it asks for, checked.
    pub fn pin(&self) -> Result<Pin, RecordError> {
        let date = self
            .date
            .as_deref()
            .map(|d| review::parse_date(d, self.date_prec))
            .transpose()?;
        if date.is_none() && self.date_prec.is_some() {
            return Err(RecordError::Invalid(
                "date_prec goes with a date: give both".into(),
            ));
        }
        Ok(Pin {
            date_prec: date.as_ref().map(|(_, p)| *p),
            date: date.map(|(d, _)| d),
            place: self.place.as_ref().map(PlaceIn::checked).transpose()?,
        })
    }
}

/// Pins the incident's date and/or place: reconciliation keeps them whatever its accounts say.
/// Role: editor.
#[utoipa::path(
    post,
    path = "/api/v1/incidents/{id}/pin",
    params(("id" = String, Path, description = "Incident id"), CsrfHeader),
    request_body = PinBody,
    responses(
        (status = 200, description = "Recorded", body = Decided),
        (status = 400, description = "The id or the JSON is malformed", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The caller lacks the editor role, or a session caller sent no valid CSRF token", body = ErrorBody),
        (status = 404, description = "No such incident", body = ErrorBody),
        (status = 409, description = "The incident changed since the client loaded it", body = ErrorBody),
        (status = 422, description = "No date or place, or one is wrong", body = ErrorBody),
        (status = 503, description = "Another process is linking the record; try again", body = ErrorBody)
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn pin(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Response {
    let (by, b): (String, PinBody) =
        unwrap_or_return!(guarded(&caller, &headers, Role::Editor, &bytes));
    let id = unwrap_or_return!(incident_id(&id));
    let action = b.pin().map(|p| Action::Pin(id, p)).map_err(invalid);
    run(&state, &by, &b.reason, Some(b.version), action).await
}

/// The body of a grade.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GradeBody {
    /// Why (required; shown as the grade's reason).
    pub reason: String,
    /// The version of this incident you loaded.
    pub version: i64,
    /// confirmed, fair, weak, contested or discounted.
    pub grade: String,
}

/// Sets the incident's grade; the reason is shown as the grade's reason. Role: editor.
#[utoipa::path(
    post,
    path = "/api/v1/incidents/{id}/grade",
    params(("id" = String, Path, description = "Incident id"), CsrfHeader),
    request_body = GradeBody,
    responses(
        (status = 200, description = "Recorded", body = Decided),
        (status = 400, description = "The id or the JSON is malformed", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The caller lacks the editor role, or a session caller sent no valid CSRF token", body = ErrorBody),
        (status = 404, description = "No such incident", body = ErrorBody),
        (status = 409, description = "The incident changed since the client loaded it", body = ErrorBody),
        (status = 422, description = "No such grade", body = ErrorBody),
        (status = 503, description = "Another process is linking the record; try again", body = ErrorBody)
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn grade(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Response {
    let (by, b): (String, GradeBody) =
        unwrap_or_return!(guarded(&caller, &headers, Role::Editor, &bytes));
    let id = unwrap_or_return!(incident_id(&id));
    run(
        &state,
        &by,
        &b.reason,
        Some(b.version),
        Ok(Action::Grade(id, b.grade.clone())),
    )
    .await
}

/// The body of publish.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishBody {
    /// Why (required).
    pub reason: String,
    /// The version of this incident you loaded.
    pub version: i64,
    /// `true` to publish, `false` to withdraw.
    pub published: bool,
}

/// Marks the incident published (or withdraws it). Role: editor.
#[utoipa::path(
    post,
    path = "/api/v1/incidents/{id}/publish",
    params(("id" = String, Path, description = "Incident id"), CsrfHeader),
    request_body = PublishBody,
    responses(
        (status = 200, description = "Recorded", body = Decided),
        (status = 400, description = "The id or the JSON is malformed", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The caller lacks the editor role, or a session caller sent no valid CSRF token", body = ErrorBody),
        (status = 404, description = "No such incident", body = ErrorBody),
        (status = 409, description = "The incident changed since the client loaded it", body = ErrorBody),
        (status = 422, description = "The body does not fit", body = ErrorBody),
        (status = 503, description = "Another process is linking the record; try again", body = ErrorBody)
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn publish(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Response {
    let (by, b): (String, PublishBody) =
        unwrap_or_return!(guarded(&caller, &headers, Role::Editor, &bytes));
    let id = unwrap_or_return!(incident_id(&id));
    run(
        &state,
        &by,
        &b.reason,
        Some(b.version),
        Ok(Action::Publish(id, b.published)),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_body_tells_left_out_from_null() -> Result<(), Box<dyn std::error::Error>> {
        let b: EditBody = serde_json::from_str(
            r#"{"reason": "r", "killed": "23-41", "injured": null, "blamed": "none",
                "date": "2024-03-07", "place": {"name": "Halvaro", "lat": 33.1, "lon": 44.2, "country": "iq"}}"#,
        )?;
        let e = b.edit()?;
        assert_eq!(
            e.killed,
            Some(Some(Range {
                min: Some(23),
                max: Some(41),
                approx: false
            }))
        );
        assert_eq!(e.injured, Some(None));
        assert_eq!(e.blamed, Some(None));
        assert_eq!(e.claimed_by, None);
        assert_eq!(e.victims, None);
        assert_eq!(e.date, Some(Some(("2024-03-07".to_string(), 1))));
        assert_eq!(
            e.place.and_then(|p| p).map(|p| p.country),
            Some("IQ".into())
        );
        let range: EditBody =
            serde_json::from_str(r#"{"reason": "r", "killed": {"min": 30, "approx": true}}"#)?;
        assert_eq!(
            range.edit()?.killed,
            Some(Some(Range {
                min: Some(30),
                max: None,
                approx: true
            }))
        );
        for bad in [
            r#"{"reason": "r", "killed": "many"}"#,
            r#"{"reason": "r", "killed": {"min": 5, "max": 2}}"#,
            r#"{"reason": "r", "date": "yesterday"}"#,
            r#"{"reason": "r", "date_prec": 2}"#,
            r#"{"reason": "r", "victims": "people"}"#,
        ] {
            let b: EditBody = serde_json::from_str(bad)?;
            assert!(b.edit().is_err(), "{bad}");
        }
        assert!(serde_json::from_str::<EditBody>(r#"{"reason": "r", "colour": 1}"#).is_err());
        Ok(())
    }

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

    #[test]
    fn a_move_goes_to_one_place() {
        assert_eq!(
            move_target(Some(" IRQ-2024-03-07-b "), false).ok(),
            Some(MoveTo::Incident("IRQ-2024-03-07-b".into()))
        );
        assert_eq!(move_target(None, true).ok(), Some(MoveTo::New));
        assert!(move_target(Some("X"), true).is_err());
        assert!(move_target(Some(""), false).is_err());
        assert!(move_target(Some("a/b"), false).is_err());
    }

    #[test]
    fn bodies_that_are_no_json_are_400_and_misfits_422() {
        let no_json = body::<AccountDecisionBody>(b"reason=x").err();
        assert_eq!(
            no_json.map(|r| r.error.status),
            Some(StatusCode::BAD_REQUEST)
        );
        let misfit = body::<AccountDecisionBody>(br#"{"version": 1}"#).err();
        assert_eq!(
            misfit.map(|r| r.error.status),
            Some(StatusCode::UNPROCESSABLE_ENTITY)
        );
    }
}
