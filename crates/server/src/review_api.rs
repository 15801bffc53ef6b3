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
use crate::decide::{self, Action, Refused};
use crate::error::{ApiError, ErrorBody};
use crate::params;
use crate::review_body::{
    body, move_target, split_accounts, AccountDecisionBody, EditBody, FigureIn, GradeBody,
    MergeBody, MoveBody, PinBody, PlaceIn, PublishBody, SplitBody,
};
use crate::review_history::{history_of, History, HistoryEvent};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::Serialize;
use toll_record::review::Reviewed;
use toll_record::RecordError;
use toll_store::{Role, User};
use utoipa::{IntoParams, OpenApi, ToSchema};

/// The header that carries the session's CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// Largest JSON body accepted.
const MAX_BODY_BYTES: usize = 64 * 1024;

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
    by: &User,
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
) -> Result<(User, B), ApiError> {
    let sent = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
    let user = decide::authorize(caller, role, sent).map_err(|r| r.error)?;
    let b = body(bytes).map_err(|r| r.error)?;
    Ok((user.clone(), b))
}

fn account_id(id: &str) -> Result<i64, ApiError> {
    params::numeric_id("account", id).map_err(ApiError::bad_request)
}

fn incident_id(id: &str) -> Result<String, ApiError> {
    params::incident_id(id)
        .map(str::to_string)
        .map_err(ApiError::bad_request)
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
    let (by, b): (User, AccountDecisionBody) =
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
    let (by, b): (User, AccountDecisionBody) =
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
    let (by, b): (User, EditBody) =
        unwrap_or_return!(guarded(&caller, &headers, Role::Analyst, &bytes));
    let id = unwrap_or_return!(account_id(&id));
    let action = b.edit().map(|e| Action::Edit(id, e)).map_err(invalid);
    run(&state, &by, &b.reason, b.version, action).await
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
    let (by, b): (User, MoveBody) =
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
    let (by, b): (User, SplitBody) =
        unwrap_or_return!(guarded(&caller, &headers, Role::Editor, &bytes));
    let from = unwrap_or_return!(incident_id(&id));
    let action = split_accounts(b.accounts)
        .map(|accounts| Action::Split { from, accounts })
        .map_err(invalid);
    run(&state, &by, &b.reason, Some(b.version), action).await
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
    let (by, b): (User, MergeBody) =
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
    let (by, b): (User, PinBody) =
        unwrap_or_return!(guarded(&caller, &headers, Role::Editor, &bytes));
    let id = unwrap_or_return!(incident_id(&id));
    let action = b.pin().map(|p| Action::Pin(id, p)).map_err(invalid);
    run(&state, &by, &b.reason, Some(b.version), action).await
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
    let (by, b): (User, GradeBody) =
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
    let (by, b): (User, PublishBody) =
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
