//! Who is calling: a bearer token (`Authorization: Bearer toll_…`) or a session cookie identifies a
//! user (looked up on the read-only connections); without either the caller is anonymous. The
//! [`identify`] middleware puts a [`Caller`] on every request, and with `--anonymous none` turns
//! anonymous callers away (401 JSON under `/api/`, a redirect to `/login` for pages). Handlers ask
//! [`Caller::require`] for a role: 401 when signed out, 403 naming the missing role.

use crate::error::ApiError;
use crate::AppState;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use toll_store::{Role, SqliteStore, StoreError, User};

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "toll_session";

/// What anonymous callers may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Anonymous {
    /// Read the record as a viewer (the default).
    #[default]
    Read,
    /// Nothing: every route but the sign-in page needs a session or a token.
    None,
}

/// How the server authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthConfig {
    /// What anonymous callers may do.
    pub anonymous: Anonymous,
    /// Mark the session cookie `Secure` always (set it when a TLS proxy serves Toll; it is set anyway
    /// for a request that says `X-Forwarded-Proto: https`).
    pub secure_cookies: bool,
    /// How long a session lasts.
    pub session_ttl: Duration,
    /// Sign-in attempts allowed per user name and per client address in [`AuthConfig::attempt_window`].
    pub attempts: usize,
    /// The window of the sign-in rate limit.
    pub attempt_window: Duration,
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            anonymous: Anonymous::Read,
            secure_cookies: false,
            session_ttl: Duration::from_secs(12 * 3600),
            attempts: 5,
            attempt_window: Duration::from_secs(60),
        }
    }
}

/// Who made a request.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    /// The signed-in user (by session or token), or `None` for an anonymous caller.
    pub user: Option<User>,
    /// The session's id and CSRF token, when the caller came with a session cookie.
    pub session: Option<(String, String)>,
}

impl Caller {
    /// The signed-in caller's role; `None` for an anonymous caller (who may read only as
    /// `--anonymous read` allows).
    pub fn role(&self) -> Option<Role> {
        self.user.as_ref().map(|u| u.role)
    }

    /// True when the caller may see private data (named victims): analysts and above.
    pub fn sees_private(&self) -> bool {
        self.role().is_some_and(|r| r >= Role::Analyst)
    }

    /// The signed-in user when they hold at least `role`; 401 when signed out, 403 naming the role.
    pub fn require(&self, role: Role) -> Result<&User, ApiError> {
        match &self.user {
            None => Err(ApiError {
                status: StatusCode::UNAUTHORIZED,
                message: format!("sign in first: this needs the {role} role"),
            }),
            Some(u) if u.role >= role => Ok(u),
            Some(u) => Err(ApiError {
                status: StatusCode::FORBIDDEN,
                message: format!("this needs the {role} role; {} is {}", u.name, u.role),
            }),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Caller, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Caller>()
            .cloned()
            .unwrap_or_default())
    }
}

/// A cookie's value from the request's `Cookie` headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The bearer token of the request, when it sends one.
fn bearer(headers: &HeaderMap) -> Option<Result<String, ()>> {
    let value = headers.get(header::AUTHORIZATION)?;
    Some(
        value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty() && t.len() <= 128)
            .ok_or(()),
    )
}

/// Paths open to anonymous callers whatever `--anonymous` says: signing in, and the style sheet.
fn always_open(path: &str) -> bool {
    matches!(path, "/login" | "/logout" | "/static/style.css")
}

fn unauthorized(api: bool, message: &str) -> Response {
    if api {
        let mut res = ApiError {
            status: StatusCode::UNAUTHORIZED,
            message: message.to_string(),
        }
        .into_response();
        res.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer"),
        );
        res
    } else {
        Redirect::to("/login").into_response()
    }
}

/// Identifies the caller of every request (see the module's doc) and enforces `--anonymous none`.
pub async fn identify(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let api = path.starts_with("/api/");
    let mut caller = Caller::default();
    if let Some(token) = bearer(req.headers()) {
        let Ok(token) = token else {
            return unauthorized(true, "the Authorization header must be `Bearer <token>`");
        };
        match state
            .db
            .run(move |s| s.user_by_token(&token))
            .await
            .map_err(ApiError::from)
        {
            Ok(Some(user)) => caller.user = Some(user),
            Ok(None) => return unauthorized(true, "the token is unknown or revoked"),
            Err(e) => return e.into_response(),
        }
    } else if let Some(id) = cookie(req.headers(), SESSION_COOKIE).filter(|c| c.len() == 64) {
        let lookup = id.clone();
        match state.db.run(move |s| s.session(&lookup)).await {
            Ok(Some(session)) => {
                caller.user = Some(session.user);
                caller.session = Some((id, session.csrf));
            }
            // an expired or ended session is an anonymous caller
            Ok(None) => {}
            Err(e) => return ApiError::from(e).into_response(),
        }
    }
    if caller.user.is_none() && state.auth.anonymous == Anonymous::None && !always_open(&path) {
        return unauthorized(api, "sign in first: this server serves nobody anonymously");
    }
    req.extensions_mut().insert(caller);
    next.run(req).await
}

/// The one connection that writes (sessions, sign-ins), opened on first use; every write waits its
/// turn on it, so readers' connections stay read-only.
#[derive(Debug, Clone)]
pub struct Writer {
    path: PathBuf,
    conn: Arc<Mutex<Option<SqliteStore>>>,
}

impl Writer {
    /// A writer for the database at `path` (not opened yet).
    pub fn new(path: &Path) -> Writer {
        Writer {
            path: path.to_path_buf(),
            conn: Arc::new(Mutex::new(None)),
        }
    }

    /// Runs `f` on the writer connection on the blocking thread pool.
    pub async fn run<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&SqliteStore) -> Result<T, StoreError> + Send + 'static,
    {
        match self.exec(f).await? {
            Ok(v) => Ok(v),
            Err(e) => {
                tracing::error!(error = %e, "store write failed");
                Err(ApiError {
                    status: StatusCode::INTERNAL_SERVER_ERROR,
                    message: "the record could not be written".into(),
                })
            }
        }
    }

    /// Runs `f` on the writer connection on the blocking thread pool and hands back its own
    /// result (so that a caller can tell a refusal from a failure); `Err` only when the task did
    /// not finish.
    pub async fn exec<T, E, F>(&self, f: F) -> Result<Result<T, E>, ApiError>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: FnOnce(&SqliteStore) -> Result<T, E> + Send + 'static,
    {
        let this = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = this.conn.lock().unwrap_or_else(|p| p.into_inner());
            if conn.is_none() {
                *conn = Some(SqliteStore::open(&this.path)?);
            }
            match conn.as_ref() {
                Some(store) => f(store),
                None => Err(StoreError::Invalid("no writer connection".into()).into()),
            }
        })
        .await
        .map_err(|_| ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: "a database task was cancelled".into(),
        })
    }

    /// The database file this writer writes.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Sign-in attempts per key (a user name, a client address) within a sliding window.
#[derive(Debug)]
pub struct RateLimiter {
    limit: usize,
    window: Duration,
    seen: Mutex<HashMap<String, VecDeque<Instant>>>,
}

/// Most keys the limiter remembers; past that, the keys with no recent attempt are forgotten first.
const MAX_KEYS: usize = 100_000;

impl RateLimiter {
    /// At most `limit` attempts per key in any `window`.
    pub fn new(limit: usize, window: Duration) -> RateLimiter {
        RateLimiter {
            limit,
            window,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Counts an attempt for every key; `Err(wait)` when any key is over its limit (the attempt is
    /// then not counted), with how long until it may try again.
    pub fn attempt(&self, keys: &[String], now: Instant) -> Result<(), Duration> {
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if seen.len() > MAX_KEYS {
            let window = self.window;
            seen.retain(|_, times| times.back().is_some_and(|t| now - *t < window));
        }
        let mut wait = Duration::ZERO;
        for key in keys {
            let times = seen.entry(key.clone()).or_default();
            while times.front().is_some_and(|t| now - *t >= self.window) {
                times.pop_front();
            }
            if times.len() >= self.limit {
                if let Some(first) = times.front() {
                    wait = wait.max(self.window - (now - *first));
                }
            }
        }
        if !wait.is_zero() {
            return Err(wait);
        }
        for key in keys {
            seen.entry(key.clone()).or_default().push_back(now);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempts_are_limited_per_key_within_the_window() {
        let limiter = RateLimiter::new(2, Duration::from_secs(60));
        let t0 = Instant::now();
        let keys = |u: &str| vec![format!("user:{u}"), "ip:1.2.3.4".to_string()];
        assert!(limiter.attempt(&keys("a"), t0).is_ok());
        assert!(limiter.attempt(&keys("b"), t0).is_ok());
        // the address is spent, whatever the name
        let wait = limiter.attempt(&keys("c"), t0 + Duration::from_secs(10));
        assert_eq!(wait, Err(Duration::from_secs(50)));
        // a minute after the first attempt, one more is allowed
        assert!(limiter
            .attempt(&keys("c"), t0 + Duration::from_secs(61))
            .is_ok());
    }

    #[test]
    fn require_answers_401_then_403_naming_the_role() {
        let anonymous = Caller::default();
        assert_eq!(
            anonymous.require(Role::Viewer).map_err(|e| e.status),
            Err(StatusCode::UNAUTHORIZED)
        );
        let viewer = Caller {
            user: Some(User {
                id: 1,
                name: "vik".into(),
                role: Role::Viewer,
                disabled: false,
                created_at: String::new(),
                last_login: None,
            }),
            session: None,
        };
        let err = viewer.require(Role::Editor).err();
        assert_eq!(err.as_ref().map(|e| e.status), Some(StatusCode::FORBIDDEN));
        assert!(err.is_some_and(|e| e.message.contains("editor")));
        assert!(viewer.require(Role::Viewer).is_ok());
        assert!(!viewer.sees_private());
    }

    #[test]
    fn cookies_are_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            header::HeaderValue::from_static("a=1; toll_session=abc; b=2"),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&h, "c"), None);
    }
}
