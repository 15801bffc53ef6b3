//! The review queue for analysts and above: `GET /api/v1/queue` (JSON) and the `/queue` page, both
//! reading `toll_record::queue` (the queue `toll review queue` prints), and the counts per kind the
//! front page shows them.

use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::params;
use crate::web::thousands;
use crate::AppState;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use toll_record::queue::{self, QueueCounts, QueueFilter, ReviewQueue};
use toll_record::RecordError;
use toll_store::Role;

/// Items a queue read lists unless `limit` says otherwise.
const DEFAULT_LIMIT: usize = 50;

/// The queue's filters.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct QueueParams {
    /// Only incidents in this country (ISO 3166-1 alpha-2, e.g. `IQ`).
    pub country: Option<String>,
    /// Only incidents dated on or after this day (`YYYY-MM-DD`).
    pub since: Option<String>,
    /// Only incidents dated on or before this day (`YYYY-MM-DD`).
    pub until: Option<String>,
    /// Only incidents this reviewer has decided on before (their follow-ups).
    pub reviewer: Option<String>,
    /// Only one kind: `contradiction`, `uncertain_link`, `hedged` or `new`.
    pub kind: Option<String>,
    /// Most items (1–500, default 50).
    #[param(value_type = Option<u64>)]
    pub limit: Option<String>,
}

impl QueueParams {
    /// The record layer's filter (blank fields are no filter); a bad value is an error naming it.
    fn filter(&self) -> Result<QueueFilter, String> {
        let text = |v: &Option<String>| {
            v.as_ref()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        let limit = match text(&self.limit) {
            None => DEFAULT_LIMIT,
            Some(l) => match l.parse::<usize>() {
                Ok(n) if (1..=queue::MAX_ITEMS).contains(&n) => n,
                _ => {
                    return Err(format!(
                        "limit must be a number from 1 to {}",
                        queue::MAX_ITEMS
                    ))
                }
            },
        };
        let kind = text(&self.kind)
            .map(|k| queue::parse_kind(&k))
            .transpose()
            .map_err(|e| e.to_string())?;
        Ok(QueueFilter {
            country: text(&self.country).map(|c| c.to_ascii_uppercase()),
            since: text(&self.since),
            until: text(&self.until),
            reviewer: text(&self.reviewer),
            kind,
            limit,
        })
    }
}

/// Reads the queue on a read-only connection.
async fn read(state: &AppState, filter: QueueFilter) -> Result<ReviewQueue, ApiError> {
    let found = state.db.run(move |s| Ok(queue::queue(s, &filter))).await?;
    found.map_err(record_error)
}

fn record_error(e: RecordError) -> ApiError {
    match e {
        RecordError::Invalid(m) => ApiError::bad_request(m),
        e => {
            tracing::error!(error = %e, "reading the review queue failed");
            ApiError {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                message: "the review queue could not be read".into(),
            }
        }
    }
}

/// The review queue: what needs a reviewer, most useful first (contradictions, uncertain links,
/// hedged figures, new incidents), each item saying why. Analysts and above.
#[utoipa::path(
    get,
    path = "/api/v1/queue",
    params(QueueParams),
    responses(
        (status = 200, description = "Counts per kind and the first items", body = ReviewQueue),
        (status = 400, description = "A parameter is wrong", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Needs the analyst role", body = ErrorBody),
        (status = 503, description = "The request ran out of time and was abandoned", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again")))
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn api_queue(
    State(state): State<AppState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Json<ReviewQueue>, ApiError> {
    caller.require(Role::Analyst)?;
    let p: QueueParams = params::parse_query(raw.as_deref()).map_err(ApiError::bad_request)?;
    let filter = p.filter().map_err(ApiError::bad_request)?;
    Ok(Json(read(&state, filter).await?))
}

/// The queue page.
#[derive(Template)]
#[template(path = "queue.html")]
struct QueuePage<'a> {
    p: &'a QueueParams,
    q: &'a ReviewQueue,
    kinds: Vec<(&'static str, &'static str, u64)>,
}

impl QueuePage<'_> {
    fn value<'b>(&self, v: &'b Option<String>) -> &'b str {
        v.as_deref().unwrap_or("")
    }

    fn is_kind(&self, k: &str) -> bool {
        self.p.kind.as_deref() == Some(k)
    }
}

/// The kinds with their labels and counts, most useful first.
pub(crate) fn kinds(c: &QueueCounts) -> Vec<(&'static str, &'static str, u64)> {
    toll_store::QueueKind::ALL
        .into_iter()
        .map(|k| {
            let label = match k {
                toll_store::QueueKind::Contradiction => "contradictions",
                toll_store::QueueKind::UncertainLink => "uncertain links",
                toll_store::QueueKind::Hedged => "hedged figures",
                toll_store::QueueKind::New => "new incidents",
            };
            (k.as_str(), label, c.of(k))
        })
        .collect()
}

/// `GET /queue`: the queue as a page with its filters (analysts and above; anonymous callers are
/// sent to sign in).
pub async fn queue_page(
    State(state): State<AppState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Response {
    if let Err(e) = caller.require(Role::Analyst) {
        if e.status == StatusCode::UNAUTHORIZED {
            return Redirect::to("/login").into_response();
        }
        return crate::web::page_error(e.status, &e.message);
    }
    let p: QueueParams = match params::parse_query(raw.as_deref()) {
        Ok(p) => p,
        Err(e) => return crate::web::page_error(StatusCode::BAD_REQUEST, &e),
    };
    let filter = match p.filter() {
        Ok(f) => f,
        Err(e) => return crate::web::page_error(StatusCode::BAD_REQUEST, &e),
    };
    let q = match read(&state, filter).await {
        Ok(q) => q,
        Err(e) => return crate::web::page_error(e.status, &e.message),
    };
    crate::web::render(&QueuePage {
        p: &p,
        kinds: kinds(&q.counts),
        q: &q,
    })
}

/// The queue's counts per kind for the front page, when `caller` is an analyst or above (`None`
/// otherwise, or when they cannot be read: the front page does not fail for them).
pub(crate) async fn front_page_counts(state: &AppState, caller: &Caller) -> Option<QueueCounts> {
    if !caller.sees_private() {
        return None;
    }
    let found = state
        .db
        .run(|s| Ok(queue::counts(s, &QueueFilter::default())))
        .await;
    match found {
        Ok(Ok(c)) => Some(c),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "the review queue's counts could not be read");
            None
        }
        Err(e) => {
            tracing::warn!(error = %e, "the review queue's counts could not be read");
            None
        }
    }
}
