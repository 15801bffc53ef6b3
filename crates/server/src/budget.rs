//! The time budget of a request: a handler that has not answered within it is abandoned (its reads
//! are interrupted, see [`crate::db`]) and the client gets a 503 with `Retry-After` (JSON under
//! `/api/`, a short page elsewhere).

use crate::error::ApiError;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::{Duration, Instant};

/// What a client is told when its request ran out of time.
pub const OUT_OF_TIME: &str = "the request took longer than the server allows and was abandoned; \
    try again later, or narrow the search";

/// Seconds to tell a client to wait before trying again: the budget, rounded up, at least 1.
fn retry_after(budget: Duration) -> HeaderValue {
    let secs = budget.as_secs() + u64::from(budget.subsec_nanos() > 0);
    HeaderValue::from(secs.max(1))
}

/// Runs the request with `budget` as its deadline; answers 503 when the handler is not done by then.
/// Every 503 (a read abandoned at the deadline answers one too) carries `Retry-After`.
pub async fn enforce(State(budget): State<Duration>, req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let path = req.uri().path().to_string();
    let deadline = Instant::now() + budget;
    let work = crate::db::within(deadline, next.run(req));
    let mut res = match tokio::time::timeout(budget, work).await {
        Ok(res) => res,
        Err(_) => {
            tracing::warn!(target: "toll::http", path = %path, "request abandoned after {budget:?}");
            out_of_time(api)
        }
    };
    if res.status() == StatusCode::SERVICE_UNAVAILABLE {
        res.headers_mut()
            .entry(header::RETRY_AFTER)
            .or_insert_with(|| retry_after(budget));
    }
    res
}

/// The 503 for a request that ran out of time.
fn out_of_time(api: bool) -> Response {
    if api {
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            message: OUT_OF_TIME.to_string(),
        }
        .into_response()
    } else {
        crate::web::page_error(StatusCode::SERVICE_UNAVAILABLE, OUT_OF_TIME)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_the_budget_rounded_up() {
        assert_eq!(retry_after(Duration::from_millis(200)), "1");
        assert_eq!(retry_after(Duration::from_secs(10)), "10");
        assert_eq!(retry_after(Duration::from_millis(2500)), "3");
    }
}
