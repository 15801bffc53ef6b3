//! The JSON API under `/api/v1`, and its OpenAPI description generated from these handlers.

use crate::error::{ApiError, ErrorBody};
use crate::params::{self, CursorParams, IncidentParams};
use crate::view::{
    self, account_view, AccountList, AccountView, ClaimView, ContradictionView, EstimateView,
    Figures, IncidentDetail, IncidentItem, IncidentList, RangeView, ReportDetail, ReportInfo,
    ReportList,
};
use crate::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use toll_store::{AccountFilter, Store};
use utoipa::OpenApi;

/// The OpenAPI description of the API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Toll API",
        description = "Toll's record: incidents with reconciled figures, the reports they come from, and \
            every account of harm traced to its bytes; and the review decisions that correct it (`POST`, \
            each naming the role it needs: analyst for accounts and moves, editor for incidents). Errors \
            are `{\"error\": \"…\"}` with a 4xx or 5xx status: 401 signed out, 403 with the missing role \
            or a missing CSRF token, 409 when the incident changed since the client loaded its version."
    ),
    paths(
        list_incidents,
        get_incident,
        list_reports,
        get_report,
        list_accounts,
        get_account,
        whoami,
        crate::queue::api_queue,
        crate::redress::get_strikes,
        crate::redress::list_assessments,
        crate::redress::post_assessment
    ),
    components(schemas(
        ErrorBody,
        IncidentList,
        IncidentItem,
        Figures,
        IncidentDetail,
        EstimateView,
        ClaimView,
        ContradictionView,
        AccountView,
        view::LinkReasonView,
        view::ComparisonView,
        RangeView,
        ReportInfo,
        ReportList,
        ReportDetail,
        view::SightingView,
        AccountList,
        Me,
        toll_record::queue::ReviewQueue,
        toll_record::queue::QueueItem,
        toll_record::queue::QueueCounts,
        view::ConcededView,
        toll_redress::parties::IncidentStrikes,
        toll_redress::parties::MatchedStrike,
        toll_redress::parties::Party,
        toll_redress::parties::PartyKind,
        toll_redress::assessment::AssessmentView,
        toll_redress::assessment::RangeJson,
        crate::redress::AssessmentInput,
        crate::redress::ConfirmInput,
        crate::redress::ProposeInput,
        crate::redress::AssessmentChange
    )),
    modifiers(&SecuritySchemes),
    security((), ("bearer" = []), ("session" = []))
)]
pub struct ApiDoc;

/// Adds the security schemes: a bearer token (`toll token create USER`) or the session cookie that
/// `POST /login` sets. Anonymous callers may read unless the server runs with `--anonymous none`.
struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder};
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            utoipa::openapi::security::SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API token made by `toll token create USER`, sent as `Authorization: Bearer <token>`",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            utoipa::openapi::security::SecurityScheme::ApiKey(ApiKey::Cookie(
                ApiKeyValue::with_description(
                    crate::auth::SESSION_COOKIE,
                    "The session cookie set by signing in at `POST /login`",
                ),
            )),
        );
        // any route answers 401 to an unknown or revoked token, and to everyone signed out when the
        // server runs with `--anonymous none`
        use utoipa::openapi::{Content, Ref, ResponseBuilder};
        let unauthorized = ResponseBuilder::new()
            .description(
                "Not signed in (with `--anonymous none`), or the bearer token is unknown or revoked",
            )
            .content(
                "application/json",
                Content::new(Some(Ref::from_schema_name("ErrorBody"))),
            )
            .build();
        for item in doc.paths.paths.values_mut() {
            for op in [item.get.as_mut(), item.post.as_mut()]
                .into_iter()
                .flatten()
            {
                op.responses
                    .responses
                    .entry("401".to_string())
                    .or_insert_with(|| unauthorized.clone().into());
            }
        }
    }
}

/// Who the caller is.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Me {
    /// The user's name.
    pub name: String,
    /// The user's role: viewer, analyst, editor or admin.
    pub role: String,
    /// The session's CSRF token, for a caller signed in by session cookie: send it as
    /// `X-CSRF-Token` with every write (bearer tokens need none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csrf: Option<String>,
}

/// The signed-in caller (by bearer token or session cookie); 401 when anonymous.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    responses(
        (status = 200, description = "The caller", body = Me),
        (status = 401, description = "Not signed in, or the token is unknown or revoked", body = ErrorBody)
    )
)]
async fn whoami(caller: crate::auth::Caller) -> Result<Json<Me>, ApiError> {
    let user = caller.require(toll_store::Role::Viewer)?;
    Ok(Json(Me {
        name: user.name.clone(),
        role: user.role.to_string(),
        csrf: caller.session.as_ref().map(|(_, csrf)| csrf.clone()),
    }))
}

/// The API's routes (mounted under `/api/v1`).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/incidents", get(list_incidents))
        .route("/incidents/{id}", get(get_incident))
        .route("/reports", get(list_reports))
        .route("/reports/{id}", get(get_report))
        .route("/accounts", get(list_accounts))
        .route("/accounts/{id}", get(get_account))
        .route("/me", get(whoami))
        .route("/queue", get(crate::queue::api_queue))
        .route("/openapi.json", get(openapi))
        .route_layer(axum::middleware::from_fn_with_state(
            method_not_allowed as fn() -> Response,
            crate::get_only,
        ))
        .merge(crate::redress::api_routes())
        .merge(crate::review_api::routes())
        .fallback(|| async { ApiError::not_found("no such API path") })
}

/// 405, as JSON: the answer of every API route to any method but GET (HEAD included).
pub(crate) fn method_not_allowed() -> Response {
    ApiError {
        status: axum::http::StatusCode::METHOD_NOT_ALLOWED,
        message: "the API is read-only: use GET".to_string(),
    }
    .into_response()
}

/// The whole OpenAPI document: the read API and the review API.
pub fn document() -> utoipa::openapi::OpenApi {
    use utoipa::Modify;
    let mut doc = ApiDoc::openapi();
    doc.merge(crate::review_api::ReviewDoc::openapi());
    // the review routes are described by their own document: name the schemes they use, and the
    // 401 every read route answers
    SecuritySchemes.modify(&mut doc);
    doc
}

async fn openapi() -> Response {
    // built once: the document only changes with the code
    static DOC: std::sync::OnceLock<Result<String, String>> = std::sync::OnceLock::new();
    match DOC.get_or_init(|| document().to_json().map_err(|e| e.to_string())) {
        Ok(doc) => ([(header::CONTENT_TYPE, "application/json")], doc.as_str()).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "the OpenAPI document cannot be written");
            ApiError {
                status: axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                message: "the OpenAPI document cannot be written".to_string(),
            }
            .into_response()
        }
    }
}

/// Incidents, filtered, searched, sorted and paged.
#[utoipa::path(
    get,
    path = "/api/v1/incidents",
    params(IncidentParams),
    responses(
        (status = 200, description = "One page of incidents", body = IncidentList),
        (status = 400, description = "A parameter is wrong", body = ErrorBody),
        (status = 503, description = "The request ran out of time and was abandoned", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again")))
    )
)]
async fn list_incidents(
    State(state): State<AppState>,
    caller: crate::auth::Caller,
    RawQuery(raw): RawQuery,
) -> Result<Json<IncidentList>, ApiError> {
    let params: IncidentParams =
        params::parse_query(raw.as_deref()).map_err(ApiError::bad_request)?;
    Ok(Json(incident_list(&state, &caller, &params).await?))
}

/// One page of incidents for the API and the web list.
pub(crate) async fn incident_list(
    state: &AppState,
    caller: &crate::auth::Caller,
    params: &IncidentParams,
) -> Result<IncidentList, ApiError> {
    let mut query = params.to_query().map_err(ApiError::bad_request)?;
    let (page, per_page) = (query.offset / query.limit.max(1) + 1, query.limit);
    query.published_only = crate::public::restricted(state, caller);
    if let Some(text) = &query.text {
        // a search for a masked name finds nothing, as if no report named it
        if crate::public::search_reveals_private(state, caller, text).await? {
            return Ok(IncidentList {
                total: 0,
                page,
                per_page,
                pages: 0,
                items: Vec::new(),
            });
        }
    }
    let found = if query.text.is_some() {
        state.db.search(move |s| s.incident_page(&query)).await?
    } else {
        state.db.run(move |s| s.incident_page(&query)).await?
    };
    Ok(IncidentList {
        total: found.total,
        page,
        per_page,
        pages: found.total.div_ceil(per_page as u64),
        items: found.rows.into_iter().map(IncidentItem::from).collect(),
    })
}

/// One incident: figures with their rules, grade, contradictions, accounts by claimant, reports.
#[utoipa::path(
    get,
    path = "/api/v1/incidents/{id}",
    params(("id" = String, Path, description = "Incident id, e.g. IRQ-2017-03-17-a")),
    responses(
        (status = 200, description = "The incident", body = IncidentDetail),
        (status = 400, description = "The id is malformed", body = ErrorBody),
        (status = 404, description = "No such incident", body = ErrorBody),
        (status = 503, description = "The request ran out of time and was abandoned", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again")))
    )
)]
async fn get_incident(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = params::incident_id(&id)
        .map_err(ApiError::bad_request)?
        .to_string();
    let key = id.clone();
    // the page is usually stored as JSON already: sent as it is, not decoded and encoded again
    let json = state
        .db
        .run(move |s| view::incident_detail_json(s, &key))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no incident {id}")))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response())
}

/// One incident for the web page with its history as `caller` may see it and its redress section,
/// in one read.
pub(crate) async fn incident_with_history(
    state: &AppState,
    caller: &crate::auth::Caller,
    id: &str,
) -> Result<
    (
        IncidentDetail,
        Option<crate::review_history::History>,
        Option<crate::redress::Section>,
    ),
    ApiError,
> {
    let id = params::incident_id(id)
        .map_err(ApiError::bad_request)?
        .to_string();
    let key = id.clone();
    let signed_in = caller.user.is_some();
    let cache = std::sync::Arc::clone(&state.histories);
    state
        .db
        .run(move |s| {
            let Some(detail) = view::incident_detail_viewed(s, &key)? else {
                return Ok(None);
            };
            let history = crate::review_history::history_in(s, &cache, &detail.id, signed_in)?;
            let redress = crate::redress::section_in(s, &detail);
            Ok(Some((detail, history, redress)))
        })
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no incident {id}")))
}

/// Reports in id order (cursor paging with `after`).
#[utoipa::path(
    get,
    path = "/api/v1/reports",
    params(CursorParams),
    responses(
        (status = 200, description = "Reports", body = ReportList),
        (status = 400, description = "A parameter is wrong", body = ErrorBody),
        (status = 503, description = "The request ran out of time and was abandoned", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again")))
    )
)]
async fn list_reports(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<ReportList>, ApiError> {
    let params: CursorParams =
        params::parse_query(raw.as_deref()).map_err(ApiError::bad_request)?;
    if params.report.is_some() || params.scope.is_some() {
        return Err(ApiError::bad_request(
            "report and scope filter accounts, not reports",
        ));
    }
    let (after, limit) = params.window().map_err(ApiError::bad_request)?;
    let docs = state.db.run(move |s| s.documents(after, limit)).await?;
    let items: Vec<ReportInfo> = docs.iter().map(ReportInfo::from).collect();
    let next_after = (items.len() == limit)
        .then(|| items.last().map(|r| r.id))
        .flatten();
    Ok(Json(ReportList { items, next_after }))
}

/// One report: metadata, text, and every current account with its span.
#[utoipa::path(
    get,
    path = "/api/v1/reports/{id}",
    params(("id" = i64, Path, description = "Report id")),
    responses(
        (status = 200, description = "The report", body = ReportDetail),
        (status = 400, description = "The id is malformed", body = ErrorBody),
        (status = 404, description = "No such report", body = ErrorBody),
        (status = 503, description = "The request ran out of time and was abandoned", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again")))
    )
)]
async fn get_report(
    State(state): State<AppState>,
    caller: crate::auth::Caller,
    Path(id): Path<String>,
) -> Result<Json<ReportDetail>, ApiError> {
    Ok(Json(report(&state, &caller, &id).await?))
}

/// One report for the API and the web page (for a caller who may see only published incidents,
/// with only the accounts of published incidents).
pub(crate) async fn report(
    state: &AppState,
    caller: &crate::auth::Caller,
    id: &str,
) -> Result<ReportDetail, ApiError> {
    let id = params::numeric_id("report", id).map_err(ApiError::bad_request)?;
    let restricted = crate::public::restricted(state, caller);
    state
        .db
        .run(move |s| {
            let mut found = view::report_detail(s, id)?;
            if let (Some(r), true) = (found.as_mut(), restricted) {
                crate::public::keep_published_accounts(s, r)?;
            }
            Ok(found)
        })
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no report {id}")))
}

/// Current accounts in id order, optionally of one report or one scope (cursor paging with `after`).
#[utoipa::path(
    get,
    path = "/api/v1/accounts",
    params(CursorParams),
    responses(
        (status = 200, description = "Accounts", body = AccountList),
        (status = 400, description = "A parameter is wrong", body = ErrorBody),
        (status = 503, description = "The request ran out of time and was abandoned", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again")))
    )
)]
async fn list_accounts(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<AccountList>, ApiError> {
    let params: CursorParams =
        params::parse_query(raw.as_deref()).map_err(ApiError::bad_request)?;
    let (after, limit) = params.window().map_err(ApiError::bad_request)?;
    let filter = AccountFilter {
        document_id: params.report().map_err(ApiError::bad_request)?,
        scope: params.scope().map_err(ApiError::bad_request)?,
        after,
        limit: Some(limit),
    };
    let items = state
        .db
        .run(move |s| {
            let accounts = s.current_accounts(&filter)?;
            accounts
                .iter()
                .map(|a| account_view(s, a, s.link_of_account(a.id)?))
                .collect::<Result<Vec<_>, toll_store::StoreError>>()
        })
        .await?;
    let next_after = (items.len() == limit)
        .then(|| items.last().map(|a| a.id))
        .flatten();
    Ok(Json(AccountList { items, next_after }))
}

/// One account, current or not, with the incident it is linked to.
#[utoipa::path(
    get,
    path = "/api/v1/accounts/{id}",
    params(("id" = i64, Path, description = "Account id")),
    responses(
        (status = 200, description = "The account", body = AccountView),
        (status = 400, description = "The id is malformed", body = ErrorBody),
        (status = 404, description = "No such account", body = ErrorBody),
        (status = 503, description = "The request ran out of time and was abandoned", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again")))
    )
)]
async fn get_account(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<AccountView>, ApiError> {
    let id = params::numeric_id("account", &id).map_err(ApiError::bad_request)?;
    state
        .db
        .run(move |s| {
            let Some(a) = s.account(id)? else {
                return Ok(None);
            };
            Ok(Some(account_view(s, &a, s.link_of_account(id)?)?))
        })
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("no account {id}")))
}
