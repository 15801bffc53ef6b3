//! Redress on the server: an incident's matched strikes and possible responsible parties
//! (`GET /api/v1/incidents/{id}/strikes`, and a section of the incident page), and belligerents'
//! assessments (`GET`/`POST /api/v1/incidents/{id}/assessments`: a POST enters one, or confirms a
//! proposed one, and the form at `/incidents/{id}/assessments/new`). Changes need the editor role; a caller signed in by session
//! sends the session's CSRF token (`X-CSRF-Token` to the API, a hidden field in the form), a
//! bearer token needs none. Every change goes through `toll_redress::assessment` on the one
//! writing connection, with its audit event.

use crate::auth::Caller;
use crate::error::ApiError;
use crate::login::check_csrf;
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use serde::Deserialize;
use toll_record::review::{parse_range, Decision};
use toll_redress::assessment::{self, AssessmentView, Entry, Kind};
use toll_redress::parties::IncidentStrikes;
use toll_redress::RedressError;
use toll_store::{Role, Store, StoreError};

/// Largest assessment body accepted (a statement's text included).
const MAX_BODY_BYTES: usize = 64 * 1024;

/// The redress API routes (nested under `/api/v1`).
pub fn api_routes() -> Router<AppState> {
    Router::new()
        .route("/incidents/{id}/strikes", get(get_strikes))
        .route(
            "/incidents/{id}/assessments",
            get(list_assessments).post(post_assessment),
        )
        .route_layer(axum::middleware::from_fn(get_or_post))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}

/// The redress pages: the assessment form and its submission.
pub fn web_routes() -> Router<AppState> {
    Router::new()
        .route("/incidents/{id}/assessments/new", get(form_page))
        .route("/incidents/{id}/assessments", post(form_submit))
        .route_layer(axum::middleware::from_fn(get_or_post))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}

/// 405 with `Allow: GET, POST` for every other method (HEAD included).
async fn get_or_post(req: axum::extract::Request, next: Next) -> Response {
    if req.method() == Method::GET || req.method() == Method::POST {
        return next.run(req).await;
    }
    let mut res = ApiError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        message: "use GET or POST".into(),
    }
    .into_response();
    res.headers_mut()
        .insert(header::ALLOW, header::HeaderValue::from_static("GET, POST"));
    res
}

fn store_error(e: RedressError) -> StoreError {
    match e {
        RedressError::Store(e) => e,
        other => StoreError::Invalid(other.to_string()),
    }
}

/// Incident `id`'s matched strikes and parties; 404 for an unknown incident.
pub(crate) async fn strikes_of(state: &AppState, id: &str) -> Result<IncidentStrikes, ApiError> {
    let id = id.to_string();
    let lookup = id.clone();
    state
        .db
        .run(move |s| toll_redress::parties::incident_strikes(s, &lookup).map_err(store_error))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no incident {id}")))
}

async fn assessments_of(state: &AppState, id: &str) -> Result<Vec<AssessmentView>, ApiError> {
    let lookup = id.to_string();
    let found = state
        .db
        .run(move |s| match assessment::of_incident(s, &lookup) {
            Ok(list) => Ok(Some(list)),
            Err(RedressError::NotFound { .. }) => Ok(None),
            Err(e) => Err(store_error(e)),
        })
        .await?;
    found
        .map(|list| list.iter().map(AssessmentView::from).collect())
        .ok_or_else(|| ApiError::not_found(format!("no incident {id}")))
}

/// The declared strikes that could have caused an incident, each with its probability and
/// reasons, and the parties that could be responsible, each with its evidence.
#[utoipa::path(
    get,
    path = "/api/v1/incidents/{id}/strikes",
    params(("id" = String, Path, description = "Incident id")),
    responses(
        (status = 200, description = "Matched strikes and possible responsible parties", body = IncidentStrikes),
        (status = 401, description = "A bad token, or no caller with --anonymous none", body = crate::error::ErrorBody),
        (status = 404, description = "No such incident", body = crate::error::ErrorBody)
    )
)]
pub(crate) async fn get_strikes(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    match strikes_of(&state, &id).await {
        Ok(found) => Json(found).into_response(),
        Err(e) => e.into_response(),
    }
}

/// Belligerents' assessments of an incident (proposed and confirmed).
#[utoipa::path(
    get,
    path = "/api/v1/incidents/{id}/assessments",
    params(("id" = String, Path, description = "Incident id")),
    responses(
        (status = 200, description = "The incident's assessments", body = Vec<AssessmentView>),
        (status = 401, description = "A bad token, or no caller with --anonymous none", body = crate::error::ErrorBody),
        (status = 404, description = "No such incident", body = crate::error::ErrorBody)
    )
)]
pub(crate) async fn list_assessments(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Response {
    match assessments_of(&state, &id).await {
        Ok(list) => Json(list).into_response(),
        Err(e) => e.into_response(),
    }
}

/// An assessment as the API and the form take it.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentInput {
    /// Who assessed the incident ("CENTCOM").
    pub belligerent: String,
    /// `not-assessed`, `credible`, `non-credible` or `duplicate`.
    pub assessment: String,
    /// Killed conceded: `105`, `100-110`, `>=105`, `~100` or `none`.
    #[serde(default)]
    pub killed: Option<String>,
    /// Injured conceded, the same way.
    #[serde(default)]
    pub injured: Option<String>,
    /// The reason the belligerent gives.
    #[serde(default)]
    pub given_reason: Option<String>,
    /// The statement's date, `YYYY-MM-DD`.
    #[serde(default)]
    pub statement_date: Option<String>,
    /// Where the statement is published (http or https).
    #[serde(default)]
    pub url: Option<String>,
    /// The statement's text, archived with its SHA-256.
    #[serde(default)]
    pub statement_text: Option<String>,
    /// Why this change is made (kept in the audit event; required).
    pub reason: String,
    /// The incident version the change was made on (refused when it changed since).
    #[serde(default)]
    pub version: Option<i64>,
}

/// Confirming a proposed assessment.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmInput {
    /// Whose proposed assessment to confirm.
    pub confirm: String,
    /// Why (kept in the audit event; required).
    pub reason: String,
}

/// Proposing an assessment from an account of the incident whose claimant is a party to the conflict.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposeInput {
    /// The account (of this incident) whose claimant's statement is the assessment.
    pub propose_from_account: i64,
    /// The belligerent, when the claimant names several; else the claimant.
    #[serde(default)]
    pub belligerent: Option<String>,
    /// `not-assessed`, `credible`, `non-credible` or `duplicate`.
    pub assessment: String,
    /// Why (kept in the audit event; required).
    pub reason: String,
}

/// A change to an incident's assessments: enter one, propose one from an account, or confirm a
/// proposed one.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum AssessmentChange {
    /// Confirm the proposed assessment of the belligerent named by `confirm`.
    Confirm(ConfirmInput),
    /// Propose an assessment from an account's figures and sentence; it changes nothing until
    /// confirmed.
    Propose(ProposeInput),
    /// Enter (or replace) an assessment, confirmed.
    Enter(AssessmentInput),
}

fn blank_to_none(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn entry_of(input: AssessmentInput) -> Result<Entry, ApiError> {
    let range = |v: &Option<String>, name: &str| -> Result<Option<toll_model::Range>, ApiError> {
        match blank_to_none(v.clone()) {
            None => Ok(None),
            Some(t) => parse_range(&t).map_err(|e| ApiError::bad_request(format!("{name}: {e}"))),
        }
    };
    Ok(Entry {
        kind: Kind::parse(&input.assessment).map_err(|e| ApiError::bad_request(e.to_string()))?,
        killed: range(&input.killed, "killed")?,
        injured: range(&input.injured, "injured")?,
        belligerent: input.belligerent,
        reason: blank_to_none(input.given_reason),
        statement_date: blank_to_none(input.statement_date),
        url: blank_to_none(input.url),
        statement_text: blank_to_none(input.statement_text),
    })
}

/// The caller, when an editor who may change the record by this request: a bearer token, or a
/// session that sent its CSRF token.
fn editor<'a>(caller: &'a Caller, sent_csrf: Option<&str>) -> Result<&'a str, ApiError> {
    let user = caller.require(Role::Editor)?;
    if let Some((_, csrf)) = &caller.session {
        if !sent_csrf.is_some_and(|sent| check_csrf(csrf, sent)) {
            return Err(ApiError {
                status: StatusCode::FORBIDDEN,
                message: "a change by session needs the session's CSRF token (X-CSRF-Token)".into(),
            });
        }
    }
    Ok(&user.name)
}

fn refused(e: RedressError) -> ApiError {
    match e {
        RedressError::NotFound { .. } => ApiError::not_found(e.to_string()),
        RedressError::Invalid(m) if m.contains("changed since") => ApiError {
            status: StatusCode::CONFLICT,
            message: m,
        },
        RedressError::Store(e) => {
            tracing::error!(error = %e, "assessment write failed");
            ApiError {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                message: "the record could not be written".into(),
            }
        }
        other => ApiError::bad_request(other.to_string()),
    }
}

/// Enters (or replaces) a belligerent's assessment, as the signed-in editor.
async fn enter(
    state: &AppState,
    by: &str,
    id: &str,
    input: AssessmentInput,
) -> Result<assessment::Changed, ApiError> {
    let version = input.version;
    let reason = input.reason.clone();
    let entry = entry_of(input)?;
    let (by, id) = (by.to_string(), id.to_string());
    state
        .writer
        .run(move |s| {
            let d = Decision {
                by: &by,
                reason: &reason,
                expected_version: version,
            };
            Ok(assessment::enter(s, &id, &entry, &d))
        })
        .await?
        .map_err(refused)
}

fn csrf_header(headers: &HeaderMap) -> Option<&str> {
    headers.get("x-csrf-token").and_then(|v| v.to_str().ok())
}

/// Enters (or replaces) a belligerent's assessment of an incident, or confirms a proposed one.
///
/// Role: editor. The body is an assessment (confirmed at once), `{"propose_from_account": ACCOUNT,
/// "assessment": …, "reason": …}` (an account of this incident whose claimant is a party to the
/// conflict: proposed, it changes nothing until confirmed) or `{"confirm": BELLIGERENT, "reason": …}`;
/// `version`, when given, must be the incident's current version (else 409).
#[utoipa::path(
    post,
    path = "/api/v1/incidents/{id}/assessments",
    params(("id" = String, Path, description = "Incident id")),
    request_body = AssessmentChange,
    responses(
        (status = 200, description = "The incident's assessments after the change", body = Vec<AssessmentView>),
        (status = 400, description = "A bad value, or nothing to confirm", body = crate::error::ErrorBody),
        (status = 401, description = "Not signed in", body = crate::error::ErrorBody),
        (status = 403, description = "Not an editor, or no CSRF token with a session", body = crate::error::ErrorBody),
        (status = 404, description = "No such incident or assessment", body = crate::error::ErrorBody),
        (status = 409, description = "The incident changed since the given version", body = crate::error::ErrorBody)
    )
)]
pub(crate) async fn post_assessment(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let done = async {
        let by = editor(&caller, csrf_header(&headers))?.to_string();
        let change: AssessmentChange = serde_json::from_slice(&body).map_err(|e| {
            ApiError::bad_request(format!(
                "body: {e}: send an assessment (belligerent, assessment, …, reason), {{\"propose_from_account\": ACCOUNT, \"assessment\": …, \"reason\": …}} or {{\"confirm\": BELLIGERENT, \"reason\": …}}"
            ))
        })?;
        let changed = match change {
            AssessmentChange::Enter(input) => enter(&state, &by, &id, input).await?,
            AssessmentChange::Propose(input) => {
                let kind = Kind::parse(&input.assessment)
                    .map_err(|e| ApiError::bad_request(e.to_string()))?;
                let incident = id.clone();
                state
                    .writer
                    .run(move |s| {
                        let account = input.propose_from_account;
                        if s.link_of_account(account)?.as_deref() != Some(incident.as_str()) {
                            return Ok(Err(RedressError::Invalid(format!(
                                "account {account} is not an account of incident {incident}"
                            ))));
                        }
                        let d = Decision {
                            by: &by,
                            reason: &input.reason,
                            expected_version: None,
                        };
                        Ok(assessment::propose_from_account(
                            s,
                            account,
                            input.belligerent.as_deref(),
                            kind,
                            &d,
                        ))
                    })
                    .await?
                    .map_err(refused)?
            }
            AssessmentChange::Confirm(input) => {
                let lookup = id.clone();
                state
                    .writer
                    .run(move |s| {
                        let d = Decision {
                            by: &by,
                            reason: &input.reason,
                            expected_version: None,
                        };
                        Ok(assessment::confirm(s, &lookup, &input.confirm, &d))
                    })
                    .await?
                    .map_err(refused)?
            }
        };
        assessments_of(&state, &changed.incident).await
    };
    match done.await {
        Ok(list) => Json(list).into_response(),
        Err(e) => e.into_response(),
    }
}

/// The assessment form.
#[derive(Template)]
#[template(path = "assessment_form.html")]
struct FormPage<'a> {
    id: &'a str,
    csrf: &'a str,
    message: &'a str,
    input: &'a AssessmentInput,
}

fn render_form(page: &FormPage<'_>, status: StatusCode) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template error");
            crate::web::page_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the page could not be drawn",
            )
        }
    }
}

/// The form needs a signed-in editor with a session (its CSRF token goes into the form).
fn form_caller(caller: &Caller) -> Result<String, Box<Response>> {
    if let Err(e) = caller.require(Role::Editor) {
        return Err(Box::new(if e.status == StatusCode::UNAUTHORIZED {
            Redirect::to("/login").into_response()
        } else {
            crate::web::page_error(e.status, &e.message)
        }));
    }
    match &caller.session {
        Some((_, csrf)) => Ok(csrf.clone()),
        None => Err(Box::new(crate::web::page_error(
            StatusCode::FORBIDDEN,
            "The form needs a session: sign in at /login (API tokens use the API).",
        ))),
    }
}

async fn form_page(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Response {
    let csrf = match form_caller(&caller) {
        Ok(c) => c,
        Err(res) => return *res,
    };
    if let Err(e) = assessments_of(&state, &id).await {
        return crate::web::page_error(e.status, &e.message);
    }
    render_form(
        &FormPage {
            id: &id,
            csrf: &csrf,
            message: "",
            input: &AssessmentInput::default(),
        },
        StatusCode::OK,
    )
}

/// The form's fields: an assessment and the CSRF token.
#[derive(Debug, Deserialize)]
struct FormFields {
    csrf: String,
    #[serde(flatten)]
    input: FormInput,
}

/// The assessment's fields as the form sends them (every field text).
#[derive(Debug, Deserialize)]
struct FormInput {
    belligerent: String,
    assessment: String,
    #[serde(default)]
    killed: String,
    #[serde(default)]
    injured: String,
    #[serde(default)]
    given_reason: String,
    #[serde(default)]
    statement_date: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    statement_text: String,
    reason: String,
}

async fn form_submit(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Form(fields): Form<FormFields>,
) -> Response {
    let csrf = match form_caller(&caller) {
        Ok(c) => c,
        Err(res) => return *res,
    };
    if !check_csrf(&csrf, &fields.csrf) {
        return crate::web::page_error(StatusCode::FORBIDDEN, "The form expired: load it again.");
    }
    let f = fields.input;
    let input = AssessmentInput {
        belligerent: f.belligerent,
        assessment: f.assessment,
        killed: Some(f.killed),
        injured: Some(f.injured),
        given_reason: Some(f.given_reason),
        statement_date: Some(f.statement_date),
        url: Some(f.url),
        statement_text: Some(f.statement_text),
        reason: f.reason,
        version: None,
    };
    let by = caller
        .user
        .as_ref()
        .map(|u| u.name.clone())
        .unwrap_or_default();
    match enter(&state, &by, &id, input.clone()).await {
        Ok(changed) => {
            Redirect::to(&format!("/incidents/{}#assessments", changed.incident)).into_response()
        }
        Err(e) => render_form(
            &FormPage {
                id: &id,
                csrf: &csrf,
                message: &e.message,
                input: &input,
            },
            e.status,
        ),
    }
}

/// A party as the incident page shows it.
#[derive(Debug, Clone)]
pub struct PartyRow {
    /// Its name.
    pub name: String,
    /// `declared`, `coalition` or `blamed`.
    pub kind: &'static str,
    /// Its ISO code, or empty.
    pub nation: String,
    /// Its probability as a percentage.
    pub percent: String,
    /// The evidence.
    pub evidence: Vec<String>,
}

/// A matched strike as the incident page shows it.
#[derive(Debug, Clone)]
pub struct StrikeRow {
    /// Its days.
    pub when: String,
    /// Who declared it.
    pub belligerent: String,
    /// Its place.
    pub place: String,
    /// Nations listed, or empty.
    pub nations: String,
    /// Strikes in the group.
    pub strikes: u32,
    /// What was struck.
    pub target: String,
    /// Its probability as a percentage.
    pub percent: String,
    /// Why it is a candidate.
    pub reasons: String,
    /// Its declaration's address, when an http(s) URL.
    pub url: Option<String>,
}

/// An assessment as the incident page shows it.
#[derive(Debug, Clone)]
pub struct AssessmentRow {
    /// Who assessed it.
    pub belligerent: String,
    /// `proposed` or `confirmed`.
    pub status: String,
    /// What it assessed, in words.
    pub assessment: String,
    /// Killed conceded.
    pub killed: String,
    /// Injured conceded.
    pub injured: String,
    /// The reason it gives.
    pub reason: String,
    /// The statement's date.
    pub date: String,
    /// The statement's address, when an http(s) URL.
    pub url: Option<String>,
}

/// The incident page's redress section: possible responsible parties, matched strikes and
/// belligerents' assessments, in words.
#[derive(Debug, Clone)]
pub struct Section {
    /// The incident.
    pub id: String,
    /// Possible responsible parties, most probable first.
    pub parties: Vec<PartyRow>,
    /// Matched strikes, most probable first.
    pub strikes: Vec<StrikeRow>,
    /// Every assessment (proposed ones marked).
    pub assessments: Vec<AssessmentRow>,
}

fn percent(p: f64) -> String {
    format!("{:.0}%", p * 100.0)
}

fn range_words(r: &Option<toll_redress::assessment::RangeJson>) -> String {
    match r {
        None => "–".into(),
        Some(r) => {
            let approx = if r.approx { "~" } else { "" };
            match (r.min, r.max) {
                (Some(a), Some(b)) if a == b => format!("{approx}{a}"),
                (Some(a), Some(b)) => format!("{approx}{a}–{b}"),
                (Some(a), None) => format!("≥{a}"),
                (None, Some(b)) => format!("≤{b}"),
                (None, None) => "–".into(),
            }
        }
    }
}

fn link(url: &Option<String>) -> Option<String> {
    url.clone()
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
}

/// The incident page's redress section, read on the page's own connection and trip (one trip per
/// page keeps readers fast); `None` when it cannot be read (the page shows the rest).
pub(crate) fn section_in(
    store: &toll_store::SqliteStore,
    page: &toll_record::page::IncidentDetail,
) -> Option<Section> {
    let id = page.id.as_str();
    let found = match toll_redress::parties::page_strikes(store, page) {
        Ok(found) => found,
        Err(e) => {
            tracing::warn!(incident = id, error = %e, "redress section unreadable");
            return None;
        }
    };
    let assessments: Vec<AssessmentView> = assessment::of_incident(store, id)
        .map(|list| list.iter().map(AssessmentView::from).collect())
        .unwrap_or_default();
    Some(Section {
        id: found.incident.clone(),
        parties: found
            .parties
            .iter()
            .map(|p| PartyRow {
                name: p.name.clone(),
                kind: p.kind.as_str(),
                nation: p.nation.clone().unwrap_or_default(),
                percent: percent(p.probability),
                evidence: p.evidence.clone(),
            })
            .collect(),
        strikes: found
            .strikes
            .iter()
            .map(|s| StrikeRow {
                when: if s.date_from == s.date_to {
                    s.date_from.clone()
                } else {
                    format!("{}–{}", s.date_from, s.date_to)
                },
                belligerent: s.belligerent.clone(),
                place: s.place.clone().unwrap_or_default(),
                nations: s.nations.join(", "),
                strikes: s.strikes.unwrap_or(1),
                target: s.target.clone().unwrap_or_default(),
                percent: percent(s.probability),
                reasons: s.reasons.join("; "),
                url: link(&s.url),
            })
            .collect(),
        assessments: assessments
            .iter()
            .map(|a| AssessmentRow {
                belligerent: a.belligerent.clone(),
                status: a.status.clone(),
                assessment: a.assessment.replace('_', "-"),
                killed: range_words(&a.killed),
                injured: range_words(&a.injured),
                reason: a.reason.clone().unwrap_or_default(),
                date: a.statement_date.clone().unwrap_or_default(),
                url: link(&a.url),
            })
            .collect(),
    })
}
