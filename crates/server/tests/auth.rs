//! Authentication and authorization through the router: every route as anonymous, viewer, analyst,
//! editor and admin with `--anonymous read` and `none`; signing in and out; CSRF; the sign-in rate
//! limit; tokens valid, revoked and of a disabled user. The record is one illustrative report written
//! for these tests.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use std::path::{Path, PathBuf};
use toll_extract::{extract_report, ReportContext};
use toll_model::ReportMeta;
use toll_server::auth::{Anonymous, AuthConfig};
use toll_server::{app, AppState, Atlas, Db};
use toll_store::{
    IncidentFacts, IncidentRecord, InsertOutcome, NewDocument, Role, SqliteStore, Store,
};
use tower::ServiceExt;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const TEXT: &str = "An air strike on the market on Thursday killed at least 23 civilians, \
                    local health officials said.";
/// A report naming a victim and a witness (invented names).
const NAMED: &str = "An air strike on the market on Thursday killed journalist Ibrahim Biari, \
                     said witness Samira Haddad.";
/// The private names in [`NAMED`].
const NAMES: &[&str] = &["Ibrahim", "Biari", "Samira", "Haddad"];
const INCIDENT: &str = "IRQ-2024-03-07-a";
const PASSWORD: &str = "a long test password";

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    /// A token per role, least first.
    tokens: Vec<(Role, String)>,
}

/// The database and a token per role.
type Built = (PathBuf, Vec<(Role, String)>);

fn build(dir: &Path) -> Result<Built, Box<dyn std::error::Error>> {
    let path = dir.join("toll.db");
    let store = SqliteStore::open(&path)?;
    let mut account_ids = Vec::new();
    for (key, text) in [("wire", TEXT), ("named", NAMED)] {
        let meta = ReportMeta {
            id: key.into(),
            url: None,
            title: Some("Strike".into()),
            outlet: Some("Illustrative Wire".into()),
            published: Some("2024-03-08".into()),
            lang: None,
        };
        let accounts = extract_report(text, &ReportContext::default());
        assert!(!accounts.is_empty(), "{key}: the fixture has an account");
        let out = store.insert_document(
            &NewDocument {
                sha256: &toll_ingest::sha256_hex(text.as_bytes()),
                raw: text.as_bytes(),
                media_type: "text/plain",
                source: &format!("fixtures/{key}.txt"),
                captured_at: None,
                meta: &meta,
                text,
            },
            &accounts,
            "test/1",
        )?;
        let InsertOutcome::Inserted {
            account_ids: ids, ..
        } = out
        else {
            return Err("not inserted".into());
        };
        account_ids.extend(ids);
    }
    let summary = toll_link::summarize(INCIDENT, &[]);
    store.upsert_incidents(&[IncidentRecord {
        id: INCIDENT.into(),
        country: Some("IQ".into()),
        date: Some("2024-03-07".into()),
        date_prec: Some(1),
        lat: None,
        lon: None,
        where_prec: None,
        place: None,
        facts: IncidentFacts::default(),
        summary_json: serde_json::to_string(&summary)?,
    }])?;
    let links: Vec<(i64, String)> = account_ids
        .iter()
        .map(|a| (*a, INCIDENT.to_string()))
        .collect();
    store.save_links(&links)?;
    let mut tokens = Vec::new();
    for role in Role::ALL {
        store.add_user(role.as_str(), role, PASSWORD)?;
        tokens.push((role, store.create_token(role.as_str())?.1));
    }
    Ok((path, tokens))
}

fn fixture() -> Result<Fixture, Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let (path, tokens) = build(dir.path())?;
    Ok(Fixture {
        _dir: dir,
        path,
        tokens,
    })
}

impl Fixture {
    fn router(&self, anonymous: Anonymous) -> Result<axum::Router, Box<dyn std::error::Error>> {
        let config = AuthConfig {
            anonymous,
            ..AuthConfig::default()
        };
        Ok(app(AppState::with_auth(
            Db::open(&self.path, 2)?,
            Atlas::empty(),
            config,
        )))
    }

    fn token(&self, role: Role) -> &str {
        self.tokens
            .iter()
            .find(|(r, _)| *r == role)
            .map_or("", |(_, t)| t.as_str())
    }
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_string))
            .collect()
    }
}

async fn send(
    router: &axum::Router,
    req: Request<Body>,
) -> Result<Reply, Box<dyn std::error::Error>> {
    let res = router.clone().oneshot(req).await?;
    let status = res.status();
    let headers = res.headers().clone();
    let body = String::from_utf8(res.into_body().collect().await?.to_bytes().to_vec())?;
    Ok(Reply {
        status,
        headers,
        body,
    })
}

async fn get_as(
    router: &axum::Router,
    uri: &str,
    token: Option<&str>,
) -> Result<Reply, Box<dyn std::error::Error>> {
    let mut req = Request::get(uri);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    send(router, req.body(Body::empty())?).await
}

async fn post_form(
    router: &axum::Router,
    uri: &str,
    cookie: &str,
    form: &str,
    extra: &[(&str, &str)],
) -> Result<Reply, Box<dyn std::error::Error>> {
    let mut req = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie);
    for (k, v) in extra {
        req = req.header(*k, *v);
    }
    send(router, req.body(Body::from(form.to_string()))?).await
}

/// The value of the cookie `name` in a reply's `Set-Cookie` headers.
fn set_cookie(r: &Reply, name: &str) -> Option<String> {
    r.cookies().iter().find_map(|c| {
        c.split(';')
            .next()
            .and_then(|kv| kv.split_once('='))
            .filter(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    })
}

/// The hidden `csrf` field of a form page.
fn csrf_field(body: &str) -> Option<String> {
    let at = body.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    body[at..].split('"').next().map(str::to_string)
}

/// The sign-in form's CSRF cookie and field.
async fn login_form(router: &axum::Router) -> Result<(String, String), Box<dyn std::error::Error>> {
    let page = get_as(router, "/login", None).await?;
    assert_eq!(page.status, StatusCode::OK);
    let cookie = set_cookie(&page, "toll_login_csrf").ok_or("login csrf cookie")?;
    let field = csrf_field(&page.body).ok_or("csrf field")?;
    assert_eq!(cookie, field);
    Ok((format!("toll_login_csrf={cookie}"), field))
}

/// Signs in; returns the reply.
async fn sign_in(
    router: &axum::Router,
    user: &str,
    password: &str,
    extra: &[(&str, &str)],
) -> Result<Reply, Box<dyn std::error::Error>> {
    let (cookie, csrf) = login_form(router).await?;
    post_form(
        router,
        "/login",
        &cookie,
        &format!(
            "username={user}&password={}&csrf={csrf}",
            password.replace(' ', "+")
        ),
        extra,
    )
    .await
}

/// Every GET route: the API's from its OpenAPI document (ids filled in), and the web pages.
async fn every_route(
    router: &axum::Router,
    admin: &str,
) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let doc: Value = serde_json::from_str(
        &get_as(router, "/api/v1/openapi.json", Some(admin))
            .await?
            .body,
    )?;
    let mut routes: Vec<String> = doc["paths"]
        .as_object()
        .ok_or("paths")?
        .iter()
        .filter(|(_, item)| item["get"].is_object())
        .map(|(p, _)| {
            p.replace(
                "{id}",
                if p.starts_with("/api/v1/incidents") {
                    INCIDENT
                } else {
                    "1"
                },
            )
        })
        .collect();
    assert!(routes.len() >= 7, "{routes:?}");
    routes.push("/api/v1/openapi.json".into());
    for web in ["/", "/reports/1", "/static/style.css", "/login", "/queue"] {
        routes.push(web.into());
    }
    routes.push(format!("/incidents/{INCIDENT}"));
    Ok(routes)
}

#[tokio::test]
async fn authorization_matrix_every_route_every_role_both_anonymous_modes() -> TestResult {
    let f = fixture()?;
    for mode in [Anonymous::Read, Anonymous::None] {
        let router = f.router(mode)?;
        let routes = every_route(&router, f.token(Role::Admin)).await?;
        let callers: Vec<(&str, Option<&str>)> = std::iter::once(("anonymous", None))
            .chain(Role::ALL.iter().map(|r| (r.as_str(), Some(f.token(*r)))))
            .collect();
        for (who, token) in &callers {
            for uri in &routes {
                let r = get_as(&router, uri, *token).await?;
                let open = matches!(uri.as_str(), "/login" | "/static/style.css");
                let expected = match (token, mode) {
                    (None, _) if uri == "/api/v1/me" => StatusCode::UNAUTHORIZED,
                    // the review queue: analysts and above
                    (None, _) if uri == "/api/v1/queue" => StatusCode::UNAUTHORIZED,
                    (None, _) if uri == "/queue" => StatusCode::SEE_OTHER,
                    (Some(_), _) if *who == "viewer" && uri.ends_with("/queue") => {
                        StatusCode::FORBIDDEN
                    }
                    // an unpublished incident's history is for signed-in callers only
                    (None, Anonymous::Read) if uri.ends_with("/history") => StatusCode::NOT_FOUND,
                    (None, Anonymous::None) if open => StatusCode::OK,
                    (None, Anonymous::None) if uri.starts_with("/api/") => StatusCode::UNAUTHORIZED,
                    (None, Anonymous::None) => StatusCode::SEE_OTHER,
                    _ => StatusCode::OK,
                };
                assert_eq!(r.status, expected, "{mode:?} {who} GET {uri}: {}", r.body);
                if r.status == StatusCode::SEE_OTHER {
                    assert_eq!(r.header("location"), Some("/login"), "{uri}");
                }
                if r.status == StatusCode::UNAUTHORIZED {
                    let v: Value = serde_json::from_str(&r.body)?;
                    assert!(
                        v["error"].as_str().is_some_and(|e| e.contains("sign in")),
                        "{uri}"
                    );
                }
            }
            let me = get_as(&router, "/api/v1/me", *token).await?;
            if token.is_some() {
                let v: Value = serde_json::from_str(&me.body)?;
                assert_eq!(v["role"], *who, "{mode:?}");
            }
            // writes: the only form routes need a valid CSRF token whoever calls
            let r = post_form(&router, "/login", "", "username=admin&password=x", &[]).await?;
            assert_eq!(
                r.status,
                StatusCode::FORBIDDEN,
                "{mode:?} {who} POST /login"
            );
            let mut logout = Request::post("/logout")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            if let Some(t) = token {
                logout = logout.header(header::AUTHORIZATION, format!("Bearer {t}"));
            }
            let r = send(&router, logout.body(Body::from("csrf=x"))?).await?;
            // a bearer token is no session: there is nothing to sign out of
            assert_eq!(
                r.status,
                StatusCode::UNAUTHORIZED,
                "{mode:?} {who} POST /logout"
            );
        }
        // the API's read routes still refuse other methods
        let r = send(
            &router,
            Request::post("/api/v1/incidents")
                .header(
                    header::AUTHORIZATION,
                    format!("Bearer {}", f.token(Role::Admin)),
                )
                .body(Body::empty())?,
        )
        .await?;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    }
    Ok(())
}

#[tokio::test]
async fn signing_in_sets_a_strict_session_cookie_and_signing_out_ends_it() -> TestResult {
    let f = fixture()?;
    let router = f.router(Anonymous::None)?;
    let r = sign_in(&router, "analyst", PASSWORD, &[]).await?;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let session_cookie = r
        .cookies()
        .into_iter()
        .find(|c| c.starts_with("toll_session="))
        .ok_or("session cookie")?;
    assert!(session_cookie.contains("HttpOnly"), "{session_cookie}");
    assert!(
        session_cookie.contains("SameSite=Strict"),
        "{session_cookie}"
    );
    assert!(
        !session_cookie.contains("Secure"),
        "plain HTTP: {session_cookie}"
    );
    let id = set_cookie(&r, "toll_session").ok_or("session id")?;
    // only the hash of the session id is stored
    let stored: String = rusqlite::Connection::open(&f.path)?.query_row(
        "SELECT id_sha256 FROM sessions",
        [],
        |row| row.get(0),
    )?;
    assert_eq!(stored, toll_store::auth::sha256_hex(&id));
    let cookie = format!("toll_session={id}");
    let me = send(
        &router,
        Request::get("/api/v1/me")
            .header(header::COOKIE, &cookie)
            .body(Body::empty())?,
    )
    .await?;
    assert_eq!(me.status, StatusCode::OK);
    assert!(me.body.contains("\"analyst\""));
    let page = send(
        &router,
        Request::get("/")
            .header(header::COOKIE, &cookie)
            .body(Body::empty())?,
    )
    .await?;
    assert_eq!(page.status, StatusCode::OK, "a signed-in user sees pages");
    // the sign-out form carries the session's CSRF token
    let login = send(
        &router,
        Request::get("/login")
            .header(header::COOKIE, &cookie)
            .body(Body::empty())?,
    )
    .await?;
    assert!(
        login.body.contains("signed in as <strong>analyst</strong>"),
        "{}",
        login.body
    );
    let csrf = csrf_field(&login.body).ok_or("csrf")?;
    let missing = post_form(&router, "/logout", &cookie, "", &[]).await?;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    let wrong = post_form(&router, "/logout", &cookie, "csrf=0000", &[]).await?;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    let out = post_form(&router, "/logout", &cookie, &format!("csrf={csrf}"), &[]).await?;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(out.header("location"), Some("/login"));
    let after = send(
        &router,
        Request::get("/api/v1/me")
            .header(header::COOKIE, &cookie)
            .body(Body::empty())?,
    )
    .await?;
    assert_eq!(
        after.status,
        StatusCode::UNAUTHORIZED,
        "the session is over"
    );
    Ok(())
}

#[tokio::test]
async fn sign_in_refuses_wrong_passwords_disabled_users_and_bad_csrf() -> TestResult {
    let f = fixture()?;
    let router = f.router(Anonymous::Read)?;
    let wrong = sign_in(&router, "editor", "not the password", &[]).await?;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(set_cookie(&wrong, "toll_session").is_none());
    assert!(wrong.body.contains("Wrong name or password"));
    let unknown = sign_in(&router, "nobody", PASSWORD, &[]).await?;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);

    // CSRF: missing, or not the cookie's
    let (cookie, _) = login_form(&router).await?;
    let form = format!("username=editor&password={}", PASSWORD.replace(' ', "+"));
    let r = post_form(&router, "/login", &cookie, &form, &[]).await?;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = post_form(
        &router,
        "/login",
        &cookie,
        &format!("{form}&csrf=abcd"),
        &[],
    )
    .await?;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // behind TLS the cookie is Secure
    let tls = sign_in(
        &router,
        "editor",
        PASSWORD,
        &[("x-forwarded-proto", "https")],
    )
    .await?;
    assert_eq!(tls.status, StatusCode::SEE_OTHER);
    assert!(tls
        .cookies()
        .iter()
        .any(|c| c.starts_with("toll_session=") && c.contains("; Secure")));

    // a disabled user can neither sign in nor use a token or session
    let id = set_cookie(&tls, "toll_session").ok_or("session")?;
    SqliteStore::open(&f.path)?.set_user_disabled("editor", true)?;
    let r = sign_in(&router, "editor", PASSWORD, &[]).await?;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = get_as(&router, "/api/v1/me", Some(f.token(Role::Editor))).await?;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = send(
        &router,
        Request::get("/api/v1/me")
            .header(header::COOKIE, format!("toll_session={id}"))
            .body(Body::empty())?,
    )
    .await?;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    Ok(())
}

#[tokio::test]
async fn sign_in_attempts_are_limited_per_user_name() -> TestResult {
    let f = fixture()?;
    let router = f.router(Anonymous::Read)?;
    for n in 0..5 {
        let r = sign_in(&router, "admin", "guess number n", &[]).await?;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "attempt {n}");
    }
    // the sixth within the minute is refused, even with the right password
    let r = sign_in(&router, "admin", PASSWORD, &[]).await?;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = r.header("retry-after").ok_or("Retry-After")?.parse()?;
    assert!((1..=60).contains(&wait), "{wait}");
    assert!(set_cookie(&r, "toll_session").is_none());
    Ok(())
}

#[tokio::test]
async fn tokens_work_until_revoked_and_malformed_ones_get_401() -> TestResult {
    let f = fixture()?;
    let router = f.router(Anonymous::Read)?;
    let token = f.token(Role::Viewer).to_string();
    assert_eq!(
        get_as(&router, "/api/v1/me", Some(&token)).await?.status,
        StatusCode::OK
    );
    let store = SqliteStore::open(&f.path)?;
    let id = store
        .tokens()?
        .iter()
        .find(|t| t.user == "viewer")
        .map(|t| t.id)
        .ok_or("token")?;
    store.revoke_token(id)?;
    for uri in ["/api/v1/me", "/api/v1/incidents", "/"] {
        let r = get_as(&router, uri, Some(&token)).await?;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{uri}");
        assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    }
    let r = send(
        &router,
        Request::get("/api/v1/incidents")
            .header(header::AUTHORIZATION, "Basic abc")
            .body(Body::empty())?,
    )
    .await?;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    Ok(())
}

#[tokio::test]
async fn the_openapi_document_names_the_security_schemes() -> TestResult {
    let f = fixture()?;
    let router = f.router(Anonymous::Read)?;
    let doc: Value =
        serde_json::from_str(&get_as(&router, "/api/v1/openapi.json", None).await?.body)?;
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    assert_eq!(schemes["session"]["in"], "cookie");
    assert_eq!(schemes["session"]["name"], "toll_session");
    assert!(doc["paths"]["/api/v1/me"]["get"].is_object());
    // every operation documents the 401 it answers to a bad token or, with --anonymous none, to anyone
    for (path, item) in doc["paths"].as_object().ok_or("paths")? {
        for method in ["get", "post"] {
            if item[method].is_object() {
                assert!(
                    item[method]["responses"]["401"].is_object(),
                    "{method} {path}"
                );
            }
        }
    }
    Ok(())
}

#[tokio::test]
async fn no_public_route_shows_a_named_victim_or_witness() -> TestResult {
    let f = fixture()?;
    for mode in [Anonymous::Read, Anonymous::None] {
        let router = f.router(mode)?;
        let mut routes = every_route(&router, f.token(Role::Admin)).await?;
        let accounts: Vec<i64> = {
            let conn = rusqlite::Connection::open(&f.path)?;
            let mut stmt = conn.prepare("SELECT id FROM accounts")?;
            let ids = stmt
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            ids
        };
        for n in 1..=2 {
            routes.push(format!("/reports/{n}"));
            routes.push(format!("/api/v1/reports/{n}"));
            routes.push(format!("/reports/{n}?hl={}", accounts[0]));
        }
        for a in &accounts {
            routes.push(format!("/api/v1/accounts/{a}"));
        }
        for (who, token) in [("anonymous", None), ("viewer", Some(f.token(Role::Viewer)))] {
            for uri in &routes {
                let r = get_as(&router, uri, token).await?;
                for name in NAMES {
                    assert!(
                        !r.body.contains(name),
                        "{mode:?} {who} GET {uri} shows {name}"
                    );
                }
            }
        }
        // analysts see the names: the sweep is not vacuous
        for uri in [
            "/reports/2",
            "/api/v1/reports/2",
            &format!("/incidents/{INCIDENT}"),
        ] {
            let r = get_as(&router, uri, Some(f.token(Role::Analyst))).await?;
            assert_eq!(r.status, StatusCode::OK, "{uri}");
            assert!(
                r.body.contains("Biari") && r.body.contains("Haddad"),
                "analyst GET {uri}"
            );
        }
        // the masked report keeps its length: account spans still point at the same bytes
        let v: Value = serde_json::from_str(
            &get_as(&router, "/api/v1/reports/2", Some(f.token(Role::Viewer)))
                .await?
                .body,
        )?;
        assert_eq!(v["text"].as_str().map(str::len), Some(NAMED.len()), "{v}");
    }
    Ok(())
}

/// Sends one raw HTTP/1.1 request over a socket and returns the whole answer.
fn raw(addr: std::net::SocketAddr, request: &str) -> std::io::Result<String> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(30)))?;
    stream.write_all(request.as_bytes())?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    Ok(answer)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_a_socket_attempts_are_limited_per_client_address() -> TestResult {
    let f = fixture()?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(toll_server::serve_connections(
        listener,
        f.router(Anonymous::Read)?,
        toll_server::Timeouts::default(),
        async {
            let _ = stopped.await;
        },
    ));
    let answers = tokio::task::spawn_blocking(move || {
        // a different user name each time: only the address ties them together
        (0..6)
            .map(|n| {
                let body = format!("username=someone{n}&password=guess&csrf=abc");
                raw(
                    addr,
                    &format!(
                        "POST /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
                         Content-Type: application/x-www-form-urlencoded\r\n\
                         Cookie: toll_login_csrf=abc\r\nContent-Length: {}\r\n\r\n{body}",
                        body.len()
                    ),
                )
                .unwrap_or_else(|e| e.to_string())
            })
            .collect::<Vec<_>>()
    })
    .await?;
    let _ = stop.send(());
    server.await?;
    for (n, a) in answers.iter().enumerate().take(5) {
        assert!(a.starts_with("HTTP/1.1 401"), "attempt {n}: {a}");
    }
    assert!(answers[5].starts_with("HTTP/1.1 429"), "{}", answers[5]);
    assert!(answers[5].to_ascii_lowercase().contains("retry-after:"));
    Ok(())
}

#[tokio::test]
async fn a_second_sign_in_page_keeps_the_first_forms_token() -> TestResult {
    let f = fixture()?;
    let router = f.router(Anonymous::None)?;
    let (cookie, csrf) = login_form(&router).await?;
    // the browser fetches something else meanwhile, and is sent to /login again
    let again = send(
        &router,
        Request::get("/login")
            .header(header::COOKIE, &cookie)
            .body(Body::empty())?,
    )
    .await?;
    assert_eq!(csrf_field(&again.body).as_deref(), Some(csrf.as_str()));
    let form = format!(
        "username=admin&password={}&csrf={csrf}",
        PASSWORD.replace(' ', "+")
    );
    let r = post_form(&router, "/login", &cookie, &form, &[]).await?;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    Ok(())
}

/// A caller of the review matrix: how it authenticates and which role it has.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Credential {
    Anonymous,
    Bearer(Role),
    /// A session cookie with its valid CSRF token.
    Session(Role),
    /// A session cookie without a CSRF token.
    SessionNoCsrf(Role),
    /// A session cookie with a wrong CSRF token.
    SessionWrongCsrf(Role),
}

impl Credential {
    fn role(self) -> Option<Role> {
        match self {
            Credential::Anonymous => None,
            Credential::Bearer(r)
            | Credential::Session(r)
            | Credential::SessionNoCsrf(r)
            | Credential::SessionWrongCsrf(r) => Some(r),
        }
    }
}

/// Signs `user` in: the session cookie and its CSRF token (from `/api/v1/me`).
async fn session_of(
    router: &axum::Router,
    user: &str,
) -> Result<(String, String), Box<dyn std::error::Error>> {
    let r = sign_in(router, user, PASSWORD, &[]).await?;
    let id = set_cookie(&r, "toll_session").ok_or("session")?;
    let cookie = format!("toll_session={id}");
    let me = send(
        router,
        Request::get("/api/v1/me")
            .header(header::COOKIE, &cookie)
            .body(Body::empty())?,
    )
    .await?;
    let v: Value = serde_json::from_str(&me.body)?;
    let csrf = v["csrf"].as_str().ok_or("csrf in /api/v1/me")?.to_string();
    Ok((cookie, csrf))
}

#[tokio::test]
async fn review_matrix_every_write_route_every_role_with_and_without_csrf() -> TestResult {
    let f = fixture()?;
    let audit_events = || -> Result<i64, Box<dyn std::error::Error>> {
        Ok(rusqlite::Connection::open(&f.path)?.query_row(
            "SELECT count(*) FROM audit_log",
            [],
            |r| r.get(0),
        )?)
    };
    let account: i64 = rusqlite::Connection::open(&f.path)?.query_row(
        "SELECT min(account_id) FROM account_incidents",
        [],
        |r| r.get(0),
    )?;
    // the API's write routes, from its OpenAPI document: each with the role it needs and a body
    // that passes every check but the version (-1: the record layer answers 409, writing nothing)
    let api: Vec<(String, Role, String)> = [
        (
            "/api/v1/accounts/{id}/confirm",
            Role::Analyst,
            serde_json::json!({}),
        ),
        (
            "/api/v1/accounts/{id}/reject",
            Role::Analyst,
            serde_json::json!({}),
        ),
        (
            "/api/v1/accounts/{id}/edit",
            Role::Analyst,
            serde_json::json!({"killed": "5"}),
        ),
        (
            "/api/v1/incidents/{id}/move",
            Role::Analyst,
            serde_json::json!({"account": account, "new": true}),
        ),
        (
            "/api/v1/incidents/{id}/split",
            Role::Editor,
            serde_json::json!({"accounts": [account]}),
        ),
        (
            "/api/v1/incidents/{id}/merge",
            Role::Editor,
            serde_json::json!({"into": INCIDENT}),
        ),
        (
            "/api/v1/incidents/{id}/pin",
            Role::Editor,
            serde_json::json!({"date": "2024-03-07"}),
        ),
        (
            "/api/v1/incidents/{id}/grade",
            Role::Editor,
            serde_json::json!({"grade": "fair"}),
        ),
        (
            "/api/v1/incidents/{id}/publish",
            Role::Editor,
            serde_json::json!({"published": true}),
        ),
        (
            "/api/v1/incidents/{id}/assessments",
            Role::Editor,
            serde_json::json!({"belligerent": "CENTCOM", "assessment": "credible", "killed": "105"}),
        ),
    ]
    .into_iter()
    .map(|(path, role, mut body)| {
        body["reason"] = "matrix".into();
        body["version"] = (-1).into();
        let id = if path.starts_with("/api/v1/accounts") {
            account.to_string()
        } else {
            INCIDENT.to_string()
        };
        (path.replace("{id}", &id), role, body.to_string())
    })
    .collect();
    let doc: Value = serde_json::from_str(
        &get_as(&f.router(Anonymous::Read)?, "/api/v1/openapi.json", None)
            .await?
            .body,
    )?;
    let documented: Vec<&String> = doc["paths"]
        .as_object()
        .ok_or("paths")?
        .iter()
        .filter(|(_, item)| item["post"].is_object())
        .map(|(p, _)| p)
        .collect();
    assert_eq!(
        documented.len(),
        api.len(),
        "every write route is in the matrix: {documented:?}"
    );
    for (path, item) in doc["paths"].as_object().ok_or("paths")? {
        if let Some(op) = item["post"].as_object() {
            let text = format!(
                "{} {}",
                op.get("summary")
                    .and_then(Value::as_str)
                    .unwrap_or_default(),
                op.get("description")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
            );
            assert!(
                text.contains("Role: analyst") || text.contains("Role: editor"),
                "{path} names its role: {text}"
            );
        }
    }
    let web: Vec<(String, Role, String)> = [
        ("confirm", Role::Analyst, String::new()),
        ("reject", Role::Analyst, String::new()),
        ("edit", Role::Analyst, "&killed=5".to_string()),
        ("move", Role::Analyst, "&new=1".to_string()),
    ]
    .into_iter()
    .map(|(action, role, extra)| {
        (
            format!("/incidents/{INCIDENT}/accounts/{account}/{action}"),
            role,
            extra,
        )
    })
    .chain(
        [
            ("split", format!("&split={account}")),
            ("merge", format!("&into={INCIDENT}")),
            ("pin", "&date=2024-03-07".to_string()),
            ("grade", "&grade=fair".to_string()),
            ("publish", "&published=true".to_string()),
        ]
        .into_iter()
        .map(|(action, extra)| {
            (
                format!("/incidents/{INCIDENT}/{action}"),
                Role::Editor,
                extra,
            )
        }),
    )
    .collect();

    let before = audit_events()?;
    let mut sessions = Vec::new();
    {
        let router = f.router(Anonymous::Read)?;
        for role in Role::ALL {
            sessions.push((role, session_of(&router, role.as_str()).await?));
        }
    }
    let session = |role: Role| {
        sessions
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, s)| s.clone())
            .unwrap_or_default()
    };
    let mut credentials = vec![Credential::Anonymous];
    for role in Role::ALL {
        credentials.extend([
            Credential::Bearer(role),
            Credential::Session(role),
            Credential::SessionNoCsrf(role),
            Credential::SessionWrongCsrf(role),
        ]);
    }
    let mut calls = 0;
    for mode in [Anonymous::Read, Anonymous::None] {
        let router = f.router(mode)?;
        for who in &credentials {
            for (is_api, routes) in [(true, &api), (false, &web)] {
                for (uri, needs, body) in routes {
                    let mut req = Request::post(uri.as_str());
                    let mut csrf = None;
                    match *who {
                        Credential::Anonymous => {}
                        Credential::Bearer(r) => {
                            req =
                                req.header(header::AUTHORIZATION, format!("Bearer {}", f.token(r)));
                        }
                        Credential::Session(r) => {
                            let (cookie, token) = session(r);
                            req = req.header(header::COOKIE, cookie);
                            csrf = Some(token);
                        }
                        Credential::SessionNoCsrf(r) => {
                            req = req.header(header::COOKIE, session(r).0);
                        }
                        Credential::SessionWrongCsrf(r) => {
                            req = req.header(header::COOKIE, session(r).0);
                            csrf = Some("0".repeat(64));
                        }
                    }
                    let body = if is_api {
                        if let Some(t) = &csrf {
                            req = req.header("x-csrf-token", t.as_str());
                        }
                        req = req.header(header::CONTENT_TYPE, "application/json");
                        body.clone()
                    } else {
                        req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                        format!(
                            "{}version=-1&reason=matrix{body}",
                            csrf.map(|t| format!("csrf={t}&")).unwrap_or_default()
                        )
                    };
                    let r = send(&router, req.body(Body::from(body))?).await?;
                    calls += 1;
                    let csrf_ok = !matches!(
                        who,
                        Credential::SessionNoCsrf(_) | Credential::SessionWrongCsrf(_)
                    );
                    let expected = match who.role() {
                        None if !is_api && mode == Anonymous::None => StatusCode::SEE_OTHER,
                        None => StatusCode::UNAUTHORIZED,
                        Some(r) if r < *needs => StatusCode::FORBIDDEN,
                        Some(_) if !csrf_ok => StatusCode::FORBIDDEN,
                        // allowed: the record layer refuses the stale version
                        Some(_) => StatusCode::CONFLICT,
                    };
                    assert_eq!(
                        r.status, expected,
                        "{mode:?} {who:?} POST {uri}: {}",
                        r.body
                    );
                    if expected == StatusCode::FORBIDDEN {
                        // the role is checked first, then the CSRF token
                        let why = if who.role().is_some_and(|r| r < *needs) {
                            needs.as_str()
                        } else {
                            "CSRF"
                        };
                        assert!(r.body.contains(why), "{who:?} {uri}: {}", r.body);
                    }
                }
            }
        }
    }
    assert_eq!(calls, 2 * credentials.len() * (api.len() + web.len()));
    assert_eq!(audit_events()?, before, "nothing was written by the matrix");

    // the routes are live: the right role with the right version writes
    let router = f.router(Anonymous::Read)?;
    let version: Value = serde_json::from_str(
        &get_as(
            &router,
            &format!("/api/v1/incidents/{INCIDENT}/history"),
            Some(f.token(Role::Editor)),
        )
        .await?
        .body,
    )?;
    let r = send(
        &router,
        Request::post(format!("/api/v1/incidents/{INCIDENT}/grade"))
            .header(header::AUTHORIZATION, format!("Bearer {}", f.token(Role::Editor)))
            .body(Body::from(
                serde_json::json!({"reason": "matrix", "version": version["version"], "grade": "weak"})
                    .to_string(),
            ))?,
    )
    .await?;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(audit_events()?, before + 1);
    Ok(())
}
