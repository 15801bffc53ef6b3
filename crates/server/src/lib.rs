//! Toll's HTTP server: a JSON API under `/api/v1` with an OpenAPI description generated from its
//! handlers, and a server-rendered web UI (incident list, incident page with every account side by
//! side, report page with every account highlighted) that works without JavaScript. Signed-in
//! reviewers correct the record through both (`review_api`, `review_web`); every write goes through
//! one writer connection ([`auth::Writer`]), reads through read-only ones ([`Db`]).
//!
//! Reports are untrusted text: every page escapes what it shows (askama), and every response carries a
//! Content-Security-Policy that forbids inline scripts, so a report containing `<script>` or a
//! `javascript:` link renders inert.

pub mod api;
pub mod auth;
pub mod budget;
pub mod claims;
mod conn;
pub mod db;
pub mod decide;
pub mod error;
pub mod login;
pub mod map;
pub mod params;
pub mod private;
pub mod public;
pub mod queue;
pub mod redress;
pub mod review_api;
pub mod review_body;
pub mod review_history;
pub mod review_web;
pub mod timeline;
pub mod web;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::watch;

pub use db::Db;
pub use map::Atlas;
/// The page model (built in `toll-record`, shared by the API and the web pages).
pub use toll_record::page as view;

/// The Content-Security-Policy of every response: nothing inline, nothing from elsewhere.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'self'; script-src 'self'; \
     img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// What every request handler shares.
#[derive(Debug, Clone)]
pub struct AppState {
    /// Read-only store connections.
    pub db: Db,
    /// Places for the incident maps.
    pub atlas: Arc<Atlas>,
    /// How long a request may take before it is abandoned with a 503 (see [`budget`]).
    pub budget: Duration,
    /// How callers are authenticated (see [`auth`]).
    pub auth: auth::AuthConfig,
    /// The one connection that writes (sessions, sign-ins, review decisions).
    pub writer: auth::Writer,
    /// Sign-in attempts per user name and client address.
    pub limiter: Arc<auth::RateLimiter>,
    /// Incidents' histories by version (see [`review_history::HistoryCache`]).
    pub histories: Arc<review_history::HistoryCache>,
}

impl AppState {
    /// The state of a server on `db`, with the default budget.
    pub fn new(db: Db, atlas: Atlas) -> AppState {
        AppState::with_auth(db, atlas, auth::AuthConfig::default())
    }

    /// The state of a server on `db` authenticating as `auth` says, with the default budget.
    pub fn with_auth(db: Db, atlas: Atlas, auth: auth::AuthConfig) -> AppState {
        AppState {
            writer: auth::Writer::new(db.path()),
            db,
            atlas: Arc::new(atlas),
            budget: ServeConfig::default().budget,
            limiter: Arc::new(auth::RateLimiter::new(auth.attempts, auth.attempt_window)),
            histories: Arc::default(),
            auth,
        }
    }
}

/// The whole application: API, web UI, sign-in and static assets, with the caller's identity, private
/// names withheld from callers below analyst, the time budget, security headers and request logs.
pub fn app(state: AppState) -> Router {
    Router::new()
        .nest("/api/v1", api::routes().merge(claims::routes()))
        .merge(web::routes())
        .merge(redress::web_routes())
        .merge(login::routes())
        .merge(review_web::routes())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            public::only_published,
        ))
        .layer(axum::middleware::from_fn(private::withhold))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::identify,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.budget,
            budget::enforce,
        ))
        .layer(axum::middleware::from_fn(guard_and_log))
        .with_state(state)
}

/// Lets GET through and answers every other method with `refuse()` as a 405 with `Allow: GET`: HEAD too
/// (which axum would otherwise answer from the GET handler), and CONNECT, OPTIONS, TRACE and the writes.
/// Layered on each router with `route_layer`, so it runs only for a path that has a route (before the
/// route's own method dispatch): an unknown path stays 404 whatever the method.
pub(crate) async fn get_only(
    State(refuse): State<fn() -> Response>,
    req: Request,
    next: Next,
) -> Response {
    if req.method() == Method::GET {
        return next.run(req).await;
    }
    method_not_allowed(refuse)
}

/// `refuse()` as a 405 with `Allow: GET`.
fn method_not_allowed(refuse: fn() -> Response) -> Response {
    let mut res = refuse();
    *res.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
    res.headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("GET"));
    res
}

/// Sets the security headers on every response and logs each request (method, path, status, time).
async fn guard_and_log(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let mut res = if req.method() != Method::GET && !path.starts_with('/') {
        // a target that is no path (`CONNECT host:port`, `OPTIONS *`) names no route and is no GET
        method_not_allowed(web::method_not_allowed)
    } else {
        next.run(req).await
    };
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    tracing::info!(
        target: "toll::http",
        method = %method,
        path = %path,
        status = res.status().as_u16(),
        micros = u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX),
        "request"
    );
    res
}

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The database could not be opened.
    #[error("opening {path}: {source}")]
    Store {
        /// The database file.
        path: String,
        /// What the store said.
        source: toll_store::StoreError,
    },
    /// The address could not be bound or the server failed.
    #[error("serving on {addr}: {source}")]
    Io {
        /// The address.
        addr: SocketAddr,
        /// What failed.
        source: std::io::Error,
    },
}

/// How long the server waits on its clients (see the connection stages in `conn.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Longest wait for the first byte of a request, on a new connection or on a kept-alive one
    /// after its previous answer: a client that connects and sends nothing, or keeps an idle
    /// connection open, is disconnected after this.
    pub idle: Duration,
    /// Longest time from a request's first byte to the end of its line and headers: a client that
    /// sends half a request and then stalls (or trickles) is disconnected after this.
    pub header_read: Duration,
    /// Longest time from a request's first byte to the last byte of its answer written out: a
    /// client that does not read its answer is disconnected after this. Longer than the budget, so
    /// that a handler out of time still gets its 503 written.
    pub request: Duration,
    /// Longest wait, after the shutdown signal, for open connections to finish: then they are dropped.
    pub shutdown_grace: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            idle: Duration::from_secs(5),
            header_read: Duration::from_secs(5),
            request: Duration::from_secs(30),
            shutdown_grace: Duration::from_secs(5),
        }
    }
}

/// How a server runs: its connections to the database, its timeouts and its requests' budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServeConfig {
    /// Read-only database connections.
    pub connections: usize,
    /// How long the server waits on its clients.
    pub timeouts: Timeouts,
    /// How long a request's handler may work before it is abandoned with a 503.
    pub budget: Duration,
    /// How callers are authenticated.
    pub auth: auth::AuthConfig,
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            connections: 4,
            timeouts: Timeouts::default(),
            budget: Duration::from_secs(10),
            auth: auth::AuthConfig::default(),
        }
    }
}

impl ServeConfig {
    /// Checks that the settings can work together: every duration above zero, and the whole-request
    /// timeout longer than the budget (else a request out of time would be cut off before its 503).
    pub fn check(&self) -> Result<(), String> {
        let t = &self.timeouts;
        for (name, d) in [
            ("idle timeout", t.idle),
            ("header timeout", t.header_read),
            ("request timeout", t.request),
            ("budget", self.budget),
        ] {
            if d.is_zero() {
                return Err(format!("the {name} must be longer than zero"));
            }
        }
        if t.request <= self.budget {
            return Err(format!(
                "the request timeout ({:?}) must be longer than the budget ({:?}), so that a request out of time still gets its answer",
                t.request, self.budget
            ));
        }
        Ok(())
    }
}

/// Serves the database at `db` on `addr` until Ctrl-C or SIGTERM, then finishes open requests (for at
/// most [`Timeouts::shutdown_grace`]) and returns. `on_ready` is called with the bound address once the
/// server listens.
pub async fn serve(
    db: &Path,
    addr: SocketAddr,
    atlas: Atlas,
    config: ServeConfig,
    on_ready: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    let store_err = |source| ServeError::Store {
        path: db.display().to_string(),
        source,
    };
    let db = Db::open(db, config.connections).map_err(store_err)?;
    let mut state = AppState::with_auth(db, atlas, config.auth);
    state.budget = config.budget;
    let io = |source| ServeError::Io { addr, source };
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(io)?;
    let bound = listener.local_addr().map_err(io)?;
    let shutdown = shutdown_signal();
    on_ready(bound);
    serve_connections(listener, app(state), config.timeouts, shutdown).await;
    Ok(())
}

/// Where the server is in its life; every connection watches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Accepting connections and answering requests.
    Serving,
    /// Shutting down: finish the request in progress, then close.
    Finishing,
    /// The grace period is over: close now.
    Stop,
}

/// Answers HTTP/1.1 on every connection `listener` accepts until `shutdown` resolves; then stops
/// accepting, lets open connections finish their request in progress for at most
/// `timeouts.shutdown_grace`, drops the ones still open, and returns. A connection idle, reading a
/// request's head or answering it for longer than its [`Timeouts`] allow is closed, so slow or stalled
/// clients cannot hold connections, nor the shutdown.
pub async fn serve_connections(
    listener: tokio::net::TcpListener,
    app: Router,
    timeouts: Timeouts,
    shutdown: impl Future<Output = ()>,
) {
    let mut http = hyper::server::conn::http1::Builder::new();
    // the connection's own clock (conn.rs) bounds the head's reading, not hyper's
    http.timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(None);
    let (phase, _) = watch::channel(Phase::Serving);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = shutdown.as_mut() => break,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(e) if is_connection_error(&e) => continue,
            Err(e) => {
                // out of file descriptors and the like: wait for some to be freed
                tracing::error!(target: "toll::http", error = %e, "accepting a connection failed");
                tokio::select! {
                    () = tokio::time::sleep(Duration::from_secs(1)) => continue,
                    () = shutdown.as_mut() => break,
                }
            }
        };
        let activity = conn::Activity::new();
        let conn = http.serve_connection(
            hyper_util::rt::TokioIo::new(conn::WatchedIo::new(stream, Arc::clone(&activity))),
            conn::WatchedApp::new(app.clone(), Arc::clone(&activity), peer),
        );
        tokio::spawn(drive_connection(
            conn,
            activity,
            timeouts,
            phase.subscribe(),
        ));
    }
    drop(listener);
    phase.send_replace(Phase::Finishing);
    if tokio::time::timeout(timeouts.shutdown_grace, phase.closed())
        .await
        .is_err()
    {
        tracing::warn!(
            target: "toll::http",
            open = phase.receiver_count(),
            "shutting down: dropping connections still open after {:?}",
            timeouts.shutdown_grace
        );
        phase.send_replace(Phase::Stop);
        // each connection's task drops it as soon as it sees the change
        let _ = tokio::time::timeout(Duration::from_secs(1), phase.closed()).await;
    }
}

/// An accept error that concerns one connection only (the listener goes on).
fn is_connection_error(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::ConnectionReset
    )
}

type Connection = hyper::server::conn::http1::Connection<
    hyper_util::rt::TokioIo<conn::WatchedIo>,
    conn::WatchedApp,
>;

/// Runs one connection to its end, closing it gracefully when the server finishes, and at once when
/// the grace period is over or the connection outstays its stage's timeout. Holding `phase` is what
/// counts the connection as open.
async fn drive_connection(
    conn: Connection,
    activity: Arc<conn::Activity>,
    timeouts: Timeouts,
    mut phase: watch::Receiver<Phase>,
) {
    let mut conn = std::pin::pin!(conn);
    let mut finishing = false;
    loop {
        let now = *phase.borrow_and_update();
        match now {
            Phase::Stop => return,
            Phase::Finishing if !finishing => {
                conn.as_mut().graceful_shutdown();
                finishing = true;
            }
            _ => {}
        }
        let (deadline, stage) = activity.deadline(&timeouts);
        tokio::select! {
            done = conn.as_mut() => {
                if let Err(e) = done {
                    tracing::debug!(target: "toll::http", error = %e, "connection closed");
                }
                return;
            }
            changed = phase.changed() => {
                if changed.is_err() {
                    return;
                }
            }
            () = activity.changed() => {}
            () = tokio::time::sleep_until(deadline.into()) => {
                if activity.deadline(&timeouts).0 <= Instant::now() {
                    tracing::debug!(target: "toll::http", "closing a connection past its {stage} timeout");
                    return;
                }
            }
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM. The handlers are installed when this is called, not when the
/// future is first polled: a SIGTERM sent as soon as the server says it listens is a graceful stop,
/// not the default action that kills the process.
fn shutdown_signal() -> impl Future<Output = ()> {
    #[cfg(unix)]
    let signals = {
        use tokio::signal::unix::{signal, SignalKind};
        (
            signal(SignalKind::interrupt()).ok(),
            signal(SignalKind::terminate()).ok(),
        )
    };
    async move {
        #[cfg(unix)]
        {
            let (int, term) = signals;
            let wait = |s: Option<tokio::signal::unix::Signal>| async move {
                match s {
                    Some(mut s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = wait(int) => {},
                () = wait(term) => {},
            }
        }
        #[cfg(not(unix))]
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
        tracing::info!(target: "toll::http", "shutting down: finishing open requests");
    }
}
