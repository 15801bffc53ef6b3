//! Compensation claims over the API, for analysts and above only (`/api/v1/claims…`): the list,
//! one claim with where it can be filed, and its dossier as HTML or PDF. Claims hold personal data:
//! every answer is `Cache-Control: no-store`, contact details are never sent (they stay sealed;
//! the key is not the server's), the routes are not in the public OpenAPI document, and every read
//! is an event of the audit chain naming the caller. Reads go through `toll_claims::Claims` on the
//! writer connection, which records them.

use crate::auth::Caller;
use crate::error::ApiError;
use crate::params;
use crate::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::Deserialize;
use toll_claims::{Claims, ClaimsError};
use toll_store::{Role, SqliteStore};

/// The claims routes (merged under `/api/v1`).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/claims", get(list))
        .route("/claims/{id}", get(show))
        .route("/claims/{id}/dossier.html", get(dossier_html))
        .route("/claims/{id}/dossier.pdf", get(dossier_pdf))
        .route_layer(axum::middleware::from_fn_with_state(
            method_not_allowed as fn() -> Response,
            crate::get_only,
        ))
}

fn method_not_allowed() -> Response {
    ApiError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        message: "claims are read here with GET; change them with `toll claim`".to_string(),
    }
    .into_response()
}

/// Today's date (UTC) from the system clock.
fn today() -> NaiveDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    chrono::DateTime::from_timestamp(i64::try_from(secs).unwrap_or(0), 0)
        .map(|t| t.date_naive())
        .unwrap_or_default()
}

fn claims_error(e: ClaimsError) -> ApiError {
    match e {
        ClaimsError::NoClaim(_) | ClaimsError::NoIncident(_) => ApiError::not_found(e.to_string()),
        ClaimsError::Store(_) | ClaimsError::Damaged { .. } | ClaimsError::Data(_) => {
            tracing::error!(error = %e, "claims error");
            ApiError {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                message: "the claim could not be read".to_string(),
            }
        }
        other => ApiError::bad_request(other.to_string()),
    }
}

/// Runs `f` on the claims of the writer connection as the caller (an analyst or above).
async fn as_caller<T: Send + 'static>(
    state: &AppState,
    caller: &Caller,
    f: impl FnOnce(&Claims<'_>) -> Result<T, ClaimsError> + Send + 'static,
) -> Result<T, ApiError> {
    let user = caller.require(Role::Analyst)?.name.clone();
    let out = state
        .writer
        .run(move |store: &SqliteStore| Ok(Claims::new(store, &user).and_then(|claims| f(&claims))))
        .await?;
    out.map_err(claims_error)
}

fn private(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListParams {
    incident: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    caller.require(Role::Analyst)?;
    let p: ListParams = params::parse_query(raw.as_deref()).map_err(ApiError::bad_request)?;
    if let Some(id) = &p.incident {
        params::incident_id(id).map_err(ApiError::bad_request)?;
    }
    let lines = as_caller(&state, &caller, move |c| c.list(p.incident.as_deref())).await?;
    Ok(private(Json(lines).into_response()))
}

fn claim_id(id: &str) -> Result<i64, ApiError> {
    params::numeric_id("claim", id).map_err(ApiError::bad_request)
}

async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    caller.require(Role::Analyst)?;
    let id = claim_id(&id)?;
    let body = as_caller(&state, &caller, move |c| {
        let claim = c.get(id, None)?;
        let routing = c.route(id, None, today())?;
        Ok(serde_json::json!({ "claim": claim, "routing": routing }))
    })
    .await?;
    Ok(private(Json(body).into_response()))
}

async fn dossier_html(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    caller.require(Role::Analyst)?;
    let id = claim_id(&id)?;
    let html = as_caller(&state, &caller, move |c| {
        Ok(toll_claims::dossier::html::render_linked(
            &c.dossier(id, None, None, today())?,
            "/static/dossier.css",
        ))
    })
    .await?;
    Ok(private(
        ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
    ))
}

async fn dossier_pdf(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    caller.require(Role::Analyst)?;
    let id = claim_id(&id)?;
    let pdf = as_caller(&state, &caller, move |c| {
        let pdf = toll_claims::dossier::pdf::render_noted(&c.dossier(id, None, None, today())?);
        if let Some(w) = &pdf.warning {
            tracing::warn!("claim {id}'s dossier: {w}");
        }
        Ok(pdf.bytes)
    })
    .await?;
    let mut res = ([(header::CONTENT_TYPE, "application/pdf")], pdf).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"claim-{id}.pdf\"")) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(private(res))
}
