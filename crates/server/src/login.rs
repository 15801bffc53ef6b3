//! Signing in and out: `GET /login` (the form), `POST /login` (name and password: a session cookie),
//! `POST /logout`. Every form carries a CSRF token: the sign-in form a random one also set in a
//! short-lived cookie (double submit, as there is no session yet), every form of a signed-in user the
//! session's synchronizer token. Sign-in attempts are rate-limited per user name and per client
//! address (429 with `Retry-After`).

use crate::auth::{cookie, Caller, SESSION_COOKIE};
use crate::web::page_error;
use crate::AppState;
use askama::Template;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Form, Router};
use serde::Deserialize;
use std::net::SocketAddr;
use std::time::Instant;
use toll_store::auth::{constant_time_eq, random_hex, MAX_PASSWORD_BYTES};

/// The cookie holding the sign-in form's CSRF token.
const LOGIN_CSRF_COOKIE: &str = "toll_login_csrf";
/// Largest form body accepted.
const MAX_FORM_BYTES: usize = 8 * 1024;

/// The sign-in routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_page).post(login))
        .route("/logout", axum::routing::post(logout))
        .layer(DefaultBodyLimit::max(MAX_FORM_BYTES))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage<'a> {
    signed_in: Option<&'a str>,
    role: &'a str,
    csrf: &'a str,
    message: &'a str,
}

fn render(page: &LoginPage<'_>, status: StatusCode) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template error");
            page_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the page could not be drawn",
            )
        }
    }
}

/// Whether cookies must be `Secure`: the server says so, or a TLS proxy says the request came over TLS.
fn secure(state: &AppState, headers: &HeaderMap) -> bool {
    state.auth.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"))
}

fn set_cookie(res: &mut Response, name: &str, value: &str, max_age: u64, path: &str, secure: bool) {
    let cookie = format!(
        "{name}={value}; Path={path}; Max-Age={max_age}; HttpOnly; SameSite=Strict{}",
        if secure { "; Secure" } else { "" }
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
}

/// The sign-in form, or, for a signed-in user, who they are and a sign-out button.
async fn login_page(State(state): State<AppState>, caller: Caller, headers: HeaderMap) -> Response {
    form(&state, &caller, &headers, "", StatusCode::OK)
}

fn form(
    state: &AppState,
    caller: &Caller,
    headers: &HeaderMap,
    message: &str,
    status: StatusCode,
) -> Response {
    if let (Some(user), Some((_, csrf))) = (&caller.user, &caller.session) {
        return render(
            &LoginPage {
                signed_in: Some(&user.name),
                role: user.role.as_str(),
                csrf,
                message,
            },
            status,
        );
    }
    // a form already handed out keeps its token: another tab, or the browser fetching /favicon.ico
    // (sent to /login when anonymous access is off), must not invalidate the form on screen
    let held = cookie(headers, LOGIN_CSRF_COOKIE)
        .filter(|c| c.len() == 64 && c.bytes().all(|b| b.is_ascii_hexdigit()));
    let Some(csrf) = held.or_else(|| random_hex(32).ok()) else {
        return page_error(StatusCode::INTERNAL_SERVER_ERROR, "no randomness");
    };
    let mut res = render(
        &LoginPage {
            signed_in: None,
            role: "",
            csrf: &csrf,
            message,
        },
        status,
    );
    set_cookie(
        &mut res,
        LOGIN_CSRF_COOKIE,
        &csrf,
        3600,
        "/login",
        secure(state, headers),
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The sign-in form's fields.
#[derive(Debug, Deserialize)]
struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
}

fn forbidden_csrf() -> Response {
    page_error(
        StatusCode::FORBIDDEN,
        "The form's CSRF token is missing or wrong: reload the page and try again.",
    )
}

/// The client's address, when the server knows it.
fn client(info: Option<Extension<ConnectInfo<SocketAddr>>>) -> String {
    info.map_or_else(
        || "unknown".to_string(),
        |Extension(ConnectInfo(a))| a.ip().to_string(),
    )
}

async fn login(
    State(state): State<AppState>,
    caller: Caller,
    info: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    let expected = cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if f.csrf.is_empty() || !constant_time_eq(&expected, &f.csrf) {
        return forbidden_csrf();
    }
    let keys = [
        format!("user:{}", f.username),
        format!("ip:{}", client(info)),
    ];
    if let Err(wait) = state.limiter.attempt(&keys, Instant::now()) {
        let mut res = page_error(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many sign-in attempts: wait a minute and try again.",
        );
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
        return res;
    }
    let wrong = || {
        form(
            &state,
            &caller,
            &headers,
            "Wrong name or password, or the user is disabled.",
            StatusCode::UNAUTHORIZED,
        )
    };
    if f.username.is_empty() || f.password.is_empty() || f.password.len() > MAX_PASSWORD_BYTES {
        return wrong();
    }
    let ttl = i64::try_from(state.auth.session_ttl.as_secs()).unwrap_or(i64::MAX / 2);
    let (name, password) = (f.username, f.password);
    let signed_in = state
        .writer
        .run(move |s| match s.check_password(&name, &password)? {
            Some(user) => s.create_session(user.id, ttl).map(Some),
            None => Ok(None),
        })
        .await;
    match signed_in {
        Ok(Some((id, _csrf))) => {
            let mut res = (StatusCode::SEE_OTHER, [(header::LOCATION, "/")]).into_response();
            let secure = secure(&state, &headers);
            set_cookie(
                &mut res,
                SESSION_COOKIE,
                &id,
                state.auth.session_ttl.as_secs(),
                "/",
                secure,
            );
            set_cookie(&mut res, LOGIN_CSRF_COOKIE, "", 0, "/login", secure);
            res
        }
        Ok(None) => wrong(),
        Err(e) => page_error(e.status, &e.message),
    }
}

/// The sign-out form's fields.
#[derive(Debug, Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn logout(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Form(f): Form<CsrfForm>,
) -> Response {
    let Some((id, csrf)) = caller.session else {
        return page_error(StatusCode::UNAUTHORIZED, "You are not signed in.");
    };
    if !check_csrf(&csrf, &f.csrf) {
        return forbidden_csrf();
    }
    if let Err(e) = state.writer.run(move |s| s.end_session(&id)).await {
        return page_error(e.status, &e.message);
    }
    let mut res = (StatusCode::SEE_OTHER, [(header::LOCATION, "/login")]).into_response();
    set_cookie(
        &mut res,
        SESSION_COOKIE,
        "",
        0,
        "/",
        secure(&state, &headers),
    );
    res
}

/// True when a form's CSRF token is the session's.
pub fn check_csrf(session_csrf: &str, sent: &str) -> bool {
    !sent.is_empty() && constant_time_eq(session_csrf, sent)
}
