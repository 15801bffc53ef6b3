//! The API and the web pages through the router, on a database built from illustrative reports written
//! for these tests (one of them hostile). No network: requests go straight to the router.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use std::path::{Path, PathBuf};
use toll_extract::{extract_report, ReportContext};
use toll_geo::Gazetteer;
use toll_link::reconcile::SourcedAccount;
use toll_model::ReportMeta;
use toll_server::{app, AppState, Atlas, Db};
use toll_store::{IncidentFacts, IncidentRecord, InsertOutcome, NewDocument, SqliteStore, Store};
use tower::ServiceExt;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Illustrative reports (written for these tests): key, title, outlet, published, url, text.
const REPORTS: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "halvaro-wire",
        "Strike on Halvaro market",
        "Illustrative Wire",
        "2024-03-08",
        "https://example.org/illustrative/halvaro",
        "An air strike on the market in Halvaro on Thursday killed at least 23 civilians, local health officials said.\n\
         Rescue workers said the toll could rise.",
    ),
    (
        "halvaro-ministry",
        "Ministry gives Halvaro toll",
        "Illustrative Daily",
        "2024-03-09",
        "https://example.org/illustrative/ministry",
        "The health ministry said 31 people were killed and 40 wounded in the air strike on Halvaro market on Thursday.",
    ),
    (
        "hostile",
        "<script>window.__xss=1</script>Halvaro",
        "<img src=x onerror=alert(1)>",
        "2024-03-10",
        "javascript:alert(document.cookie)",
        "<script>window.__xss=1</script> An air strike on Halvaro market on Thursday killed 12 civilians, \
         witnesses said. <a href=\"javascript:alert(1)\">more</a>",
    ),
];

const INCIDENT: &str = "IRQ-2024-03-07-a";

fn record(id: &str, members: &[SourcedAccount<'_>]) -> Result<IncidentRecord, serde_json::Error> {
    let i = toll_link::summarize(id, members);
    Ok(IncidentRecord {
        id: i.id.clone(),
        country: i.country.clone(),
        date: i.date.clone(),
        date_prec: i.date_prec,
        lat: i.lat,
        lon: i.lon,
        where_prec: i.where_prec,
        place: i.place.clone(),
        facts: IncidentFacts {
            killed_low: i.reconciled.killed.low,
            killed_best: i.reconciled.killed.best,
            killed_high: i.reconciled.killed.high,
            injured_best: i.reconciled.injured.best,
            grade: Some(i.reconciled.grade.as_str().to_string()),
            accounts: i.accounts as u64,
            sources: i.reconciled.sources as u64,
        },
        summary_json: serde_json::to_string(&i)?,
    })
}

/// Builds the database: the reports, their accounts, one incident linking them, and filler incidents.
fn build(dir: &Path) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let path = dir.join("toll.db");
    let store = SqliteStore::open(&path)?;
    let mut g = Gazetteer::empty();
    g.add_user_places("Halvaro\t\t36.40\t43.10\tIQ\n")?;
    let mut ids = Vec::new();
    for (key, title, outlet, published, url, text) in REPORTS {
        let meta = ReportMeta {
            id: key.to_string(),
            url: Some(url.to_string()),
            title: Some(title.to_string()),
            outlet: Some(outlet.to_string()),
            published: Some(published.to_string()),
            lang: None,
        };
        let accounts = extract_report(
            text,
            &ReportContext {
                published: chrono::NaiveDate::parse_from_str(published, "%Y-%m-%d").ok(),
                gazetteer: Some(&g),
                lang: None,
                url: None,
            },
        );
        assert!(!accounts.is_empty(), "{key}: the fixture has an account");
        let sha = toll_ingest::sha256_hex(text.as_bytes());
        let out = store.insert_document(
            &NewDocument {
                sha256: &sha,
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
        let InsertOutcome::Inserted { account_ids, .. } = out else {
            return Err("not inserted".into());
        };
        ids.extend(account_ids);
    }
    store.upsert_incidents(&[record(INCIDENT, &[])?])?;
    let links: Vec<(i64, String)> = ids.iter().map(|a| (*a, INCIDENT.to_string())).collect();
    store.save_links(&links)?;
    let members = store.incident_accounts(INCIDENT)?;
    let sourced: Vec<SourcedAccount<'_>> = members
        .iter()
        .map(|m| SourcedAccount {
            doc: &m.meta.id,
            outlet: m.meta.outlet.as_deref(),
            outlets: &[],
            account: &m.account.account,
        })
        .collect();
    store.upsert_incidents(&[record(INCIDENT, &sourced)?])?;
    // filler incidents with no accounts, for paging and filters
    let mut filler = Vec::new();
    for n in 0..30u64 {
        let mut r = record(&format!("SYR-2020-01-{:02}-a", n % 28 + 1), &[])?;
        r.id = format!("SYR-2020-01-{:02}-{}", n % 28 + 1, n);
        r.country = Some("SY".into());
        r.date = Some(format!("2020-01-{:02}", n % 28 + 1));
        r.facts.killed_best = Some(n);
        r.facts.grade = Some(if n % 2 == 0 { "weak" } else { "contested" }.into());
        filler.push(r);
    }
    store.upsert_incidents(&filler)?;
    Ok(path)
}

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    router: axum::Router,
}

fn fixture() -> Result<Fixture, Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = build(dir.path())?;
    let mut g = Gazetteer::empty();
    g.add_user_places("Halvaro\t\t36.40\t43.10\tIQ\nDovran\t\t36.50\t43.30\tIQ\n")?;
    let state = AppState::new(Db::open(&path, 2)?, Atlas::from_gazetteer(&g));
    Ok(Fixture {
        _dir: dir,
        path,
        router: app(state),
    })
}

struct Reply {
    status: StatusCode,
    allow: Option<String>,
    csp: Option<String>,
    content_type: String,
    body: String,
}

impl Reply {
    fn json(&self) -> Result<Value, serde_json::Error> {
        serde_json::from_str(&self.body)
    }
}

async fn call(f: &Fixture, method: &str, uri: &str) -> Result<Reply, Box<dyn std::error::Error>> {
    let res = f
        .router
        .clone()
        .oneshot(
            Request::builder()
                .method(method)
                .uri(uri)
                .body(Body::empty())?,
        )
        .await?;
    let status = res.status();
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let allow = header("allow");
    let csp = header("content-security-policy");
    let content_type = header("content-type").unwrap_or_default();
    let body = String::from_utf8(res.into_body().collect().await?.to_bytes().to_vec())?;
    Ok(Reply {
        status,
        allow,
        csp,
        content_type,
        body,
    })
}

async fn get(f: &Fixture, uri: &str) -> Result<Reply, Box<dyn std::error::Error>> {
    call(f, "GET", uri).await
}

#[tokio::test]
async fn incident_list_pages_sorts_and_filters() -> TestResult {
    let f = fixture()?;
    let r = get(&f, "/api/v1/incidents?per_page=10").await?;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type.starts_with("application/json"));
    let v = r.json()?;
    assert_eq!(
        (v["total"].as_u64(), v["pages"].as_u64()),
        (Some(31), Some(4))
    );
    assert_eq!(v["items"].as_array().map(Vec::len), Some(10));
    // newest first by default: the 2024 incident leads
    assert_eq!(v["items"][0]["id"], INCIDENT);
    assert_eq!(v["items"][0]["killed"]["best"].as_u64(), Some(23));
    // the last page holds the remainder
    let last = get(&f, "/api/v1/incidents?per_page=10&page=4")
        .await?
        .json()?;
    assert_eq!(last["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(last["page"].as_u64(), Some(4));
    // beyond the last page: empty, not an error
    let past = get(&f, "/api/v1/incidents?per_page=10&page=9")
        .await?
        .json()?;
    assert_eq!(past["items"].as_array().map(Vec::len), Some(0));
    // largest toll first
    let by_killed = get(&f, "/api/v1/incidents?sort=killed&order=desc&per_page=3")
        .await?
        .json()?;
    let bests: Vec<u64> = by_killed["items"]
        .as_array()
        .ok_or("items")?
        .iter()
        .filter_map(|i| i["killed"]["best"].as_u64())
        .collect();
    assert_eq!(bests, [29, 28, 27]);
    // filters
    let iq = get(&f, "/api/v1/incidents?country=iq").await?.json()?;
    assert_eq!(iq["total"].as_u64(), Some(1));
    let contested = get(&f, "/api/v1/incidents?grade=contested&min_killed=20")
        .await?
        .json()?;
    assert_eq!(contested["total"].as_u64(), Some(5), "21, 23, 25, 27, 29");
    let window = get(&f, "/api/v1/incidents?from=2020-01-01&to=2020-01-02")
        .await?
        .json()?;
    assert_eq!(window["total"].as_u64(), Some(4), "n = 0, 1, 28 and 29");
    Ok(())
}

#[tokio::test]
async fn full_text_search_finds_incidents_by_report_words() -> TestResult {
    let f = fixture()?;
    let hit = get(&f, "/api/v1/incidents?q=ministry+wounded")
        .await?
        .json()?;
    assert_eq!(hit["total"].as_u64(), Some(1));
    assert_eq!(hit["items"][0]["id"], INCIDENT);
    let prefix = get(&f, "/api/v1/incidents?q=Halv*").await?.json()?;
    assert_eq!(prefix["total"].as_u64(), Some(1));
    let miss = get(&f, "/api/v1/incidents?q=tanker").await?.json()?;
    assert_eq!(miss["total"].as_u64(), Some(0));
    // FTS syntax in the query is taken as words, never as an error
    let odd = get(&f, "/api/v1/incidents?q=%22market%22+AND+(").await?;
    assert_eq!(odd.status, StatusCode::OK);
    Ok(())
}

#[tokio::test]
async fn expensive_searches_are_refused_and_the_web_list_says_why() -> TestResult {
    let f = fixture()?;
    for (query, needle) in [
        ("q=s*", "at least 3 characters"),
        ("q=ha*+market", "at least 3 characters"),
        ("q=*", "may only end a word"),
        ("q=Halv*ro", "may only end a word"),
        ("q=%E2%80%94", "no word"),
        ("q=a+b+c+d+e+f+g+h+i", "at most 8"),
        ("page=100000", "first 10000"),
        ("page=101&per_page=100", "first 10000"),
    ] {
        let r = get(&f, &format!("/api/v1/incidents?{query}")).await?;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{query}: {}", r.body);
        let msg = r.json()?["error"].as_str().unwrap_or_default().to_string();
        assert!(msg.contains(needle), "{query}: {msg}");
        let page = get(&f, &format!("/?{query}")).await?;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(page.content_type.starts_with("text/html"));
        assert!(page.body.contains(needle), "{query}: {}", page.body);
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirty_two_expensive_searches_do_not_starve_an_incident_page() -> TestResult {
    let f = fixture()?;
    let expensive = [
        "/api/v1/incidents?q=s*",
        "/api/v1/incidents?page=100000",
        "/?q=a*",
        "/api/v1/incidents?q=Halv*+market*+strike*",
    ];
    let mut searches = Vec::new();
    for i in 0..32 {
        let router = f.router.clone();
        let uri = expensive[i % expensive.len()];
        searches.push(tokio::spawn(async move {
            let req = Request::get(uri)
                .body(Body::empty())
                .map_err(|e| e.to_string())?;
            let res = router.oneshot(req).await.map_err(|e| e.to_string())?;
            Ok::<_, String>((uri, res.status()))
        }));
    }
    let page = get(&f, &format!("/api/v1/incidents/{INCIDENT}")).await?;
    assert_eq!(page.status, StatusCode::OK);
    let web_page = get(&f, &format!("/incidents/{INCIDENT}")).await?;
    assert_eq!(web_page.status, StatusCode::OK);
    for s in searches {
        let (uri, status) = s.await??;
        if uri.contains("Halv*") {
            // a search within the limits is served or, past its budget, refused with 503
            assert!(
                status == StatusCode::OK || status == StatusCode::SERVICE_UNAVAILABLE,
                "{uri}: {status}"
            );
        } else {
            assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
        }
    }
    Ok(())
}

#[tokio::test]
async fn bad_parameters_get_400_with_a_message() -> TestResult {
    let f = fixture()?;
    let long_q = format!("/api/v1/incidents?q={}", "a".repeat(201));
    for (uri, needle) in [
        ("/api/v1/incidents?per_page=1000", "per_page"),
        ("/api/v1/incidents?page=0", "page"),
        ("/api/v1/incidents?page=abc", "page"),
        ("/api/v1/incidents?from=2024-02-30", "from"),
        ("/api/v1/incidents?sort=colour", "sort"),
        ("/api/v1/incidents?grade=excellent", "grade"),
        ("/api/v1/incidents?country=IRQ", "country"),
        ("/api/v1/incidents?colour=red", "colour"),
        (long_q.as_str(), "q"),
        ("/api/v1/reports?limit=0", "limit"),
        ("/api/v1/accounts?report=x", "report"),
        ("/api/v1/accounts?scope=global", "scope"),
        ("/api/v1/incidents/%3Cscript%3E", "incident id"),
        ("/api/v1/reports/abc", "report id"),
        ("/api/v1/accounts/-4", "account id"),
    ] {
        let r = get(&f, uri).await?;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}: {}", r.body);
        let msg = r.json()?["error"].as_str().unwrap_or_default().to_string();
        assert!(msg.contains(needle), "{uri}: {msg}");
    }
    Ok(())
}

#[tokio::test]
async fn missing_things_get_404_and_writes_get_405() -> TestResult {
    let f = fixture()?;
    for uri in [
        "/api/v1/incidents/IRQ-1999-01-01-a",
        "/api/v1/reports/999",
        "/api/v1/accounts/999",
        "/api/v1/nothing",
    ] {
        let r = get(&f, uri).await?;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(r.json()?["error"].is_string(), "{uri}");
    }
    let post = call(&f, "POST", "/api/v1/incidents").await?;
    assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(post.json()?["error"]
        .as_str()
        .unwrap_or_default()
        .contains("read-only"));
    let page = get(&f, "/no/such/page").await?;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.content_type.starts_with("text/html"));
    Ok(())
}

#[tokio::test]
async fn every_route_answers_405_to_every_method_but_get() -> TestResult {
    let f = fixture()?;
    let api = [
        "/api/v1/incidents".to_string(),
        format!("/api/v1/incidents/{INCIDENT}"),
        "/api/v1/reports".to_string(),
        "/api/v1/reports/1".to_string(),
        "/api/v1/accounts".to_string(),
        "/api/v1/accounts/1".to_string(),
        "/api/v1/openapi.json".to_string(),
    ];
    let web = [
        "/".to_string(),
        format!("/incidents/{INCIDENT}"),
        "/reports/1".to_string(),
        "/static/style.css".to_string(),
    ];
    let methods = [
        "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT",
    ];
    for method in methods {
        for uri in api.iter().chain(&web) {
            let r = call(&f, method, uri).await?;
            assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
            assert_eq!(r.allow.as_deref(), Some("GET"), "{method} {uri}");
            assert!(r.csp.is_some(), "{method} {uri}");
            if uri.starts_with("/api/") {
                assert!(r.content_type.starts_with("application/json"));
                if method == "HEAD" {
                    assert!(r.body.is_empty(), "a HEAD answer has no body");
                    continue;
                }
                assert!(r.json()?["error"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("read-only"));
            } else {
                assert!(r.content_type.starts_with("text/html"), "{method} {uri}");
            }
        }
        // unknown paths stay 404, whatever the method
        let r = call(&f, method, "/api/v1/nothing").await?;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{method}");
        assert!(r.content_type.starts_with("application/json"), "{method}");
        let r = call(&f, method, "/no/such/page").await?;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{method}");
    }
    // GET still answers
    for uri in api.iter().chain(&web) {
        assert_eq!(get(&f, uri).await?.status, StatusCode::OK, "{uri}");
    }
    Ok(())
}

/// Sends one raw HTTP/1.1 request over a socket and returns the status line of the answer.
fn raw_status_line(addr: std::net::SocketAddr, request: &str) -> std::io::Result<String> {
    use std::io::{BufRead, Write};
    let mut stream = std::net::TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(30)))?;
    stream.write_all(request.as_bytes())?;
    let mut line = String::new();
    std::io::BufReader::new(stream).read_line(&mut line)?;
    Ok(line.trim_end().to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_a_socket_head_and_connect_get_405_too() -> TestResult {
    let f = fixture()?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let server = tokio::spawn(std::future::IntoFuture::into_future(axum::serve(
        listener,
        f.router.clone(),
    )));
    let lines = tokio::task::spawn_blocking(move || {
        [
            "HEAD /api/v1/incidents HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "CONNECT /api/v1/incidents HTTP/1.1\r\nHost: x\r\n\r\n",
            "CONNECT / HTTP/1.1\r\nHost: x\r\n\r\n",
            "CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n",
            "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /api/v1/incidents HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        ]
        .map(|r| raw_status_line(addr, r).unwrap_or_else(|e| e.to_string()))
    })
    .await?;
    server.abort();
    assert_eq!(
        lines,
        [
            "HTTP/1.1 405 Method Not Allowed",
            "HTTP/1.1 405 Method Not Allowed",
            "HTTP/1.1 405 Method Not Allowed",
            "HTTP/1.1 405 Method Not Allowed",
            "HTTP/1.1 405 Method Not Allowed",
            "HTTP/1.1 405 Method Not Allowed",
            "HTTP/1.1 200 OK",
        ]
    );
    Ok(())
}

#[tokio::test]
async fn one_incident_has_its_accounts_by_claimant_and_its_reports() -> TestResult {
    let f = fixture()?;
    let v = get(&f, &format!("/api/v1/incidents/{INCIDENT}"))
        .await?
        .json()?;
    assert_eq!(v["id"], INCIDENT);
    assert_eq!(v["place"], "Halvaro");
    assert!(v["killed"]["best_rule"]
        .as_str()
        .is_some_and(|s| !s.is_empty()));
    assert!(v["grade"].is_string() && v["grade_reason"].is_string());
    let claims = v["claims"].as_array().ok_or("claims")?;
    assert!(claims.len() >= 2, "{claims:?}");
    let accounts: Vec<&Value> = claims
        .iter()
        .flat_map(|c| c["accounts"].as_array().into_iter().flatten())
        .collect();
    assert_eq!(accounts.len(), 3);
    // every account carries its span, its quoted sentence and its report
    for a in &accounts {
        assert!(a["span"][1].as_u64() > a["span"][0].as_u64());
        assert!(a["context_after"].is_string());
        assert_eq!(a["incident_id"], INCIDENT);
    }
    let killed: Vec<u64> = accounts
        .iter()
        .filter_map(|a| a["killed"]["min"].as_u64())
        .collect();
    assert!(
        killed.contains(&23) && killed.contains(&31) && killed.contains(&12),
        "{killed:?}"
    );
    assert!(
        !v["contradictions"]
            .as_array()
            .ok_or("contradictions")?
            .is_empty(),
        "23, 31 and 12 killed cannot all be exact"
    );
    assert_eq!(v["reports"].as_array().map(Vec::len), Some(3));
    Ok(())
}

#[tokio::test]
async fn reports_and_accounts_page_with_cursors() -> TestResult {
    let f = fixture()?;
    let first = get(&f, "/api/v1/reports?limit=2").await?.json()?;
    assert_eq!(first["items"].as_array().map(Vec::len), Some(2));
    let after = first["next_after"].as_i64().ok_or("next_after")?;
    let rest = get(&f, &format!("/api/v1/reports?limit=2&after={after}"))
        .await?
        .json()?;
    assert_eq!(rest["items"].as_array().map(Vec::len), Some(1));
    assert!(rest["next_after"].is_null());
    let report = get(&f, "/api/v1/reports/2").await?.json()?;
    assert_eq!(report["report"]["key"], "halvaro-ministry");
    assert_eq!(report["report"]["sha256"].as_str().map(str::len), Some(64));
    let text = report["text"].as_str().ok_or("text")?;
    let a = &report["accounts"][0];
    let (s, e) = (
        a["span"][0].as_u64().ok_or("s")? as usize,
        a["span"][1].as_u64().ok_or("e")? as usize,
    );
    assert_eq!(
        text.get(s..e),
        a["text"].as_str(),
        "spans are byte offsets into the text"
    );
    let accounts = get(&f, "/api/v1/accounts?report=1").await?.json()?;
    let items = accounts["items"].as_array().ok_or("items")?;
    assert!(!items.is_empty() && items.iter().all(|a| a["report_id"] == 1));
    let id = items[0]["id"].as_i64().ok_or("id")?;
    let one = get(&f, &format!("/api/v1/accounts/{id}")).await?.json()?;
    assert_eq!(one["incident_id"], INCIDENT);
    Ok(())
}

#[tokio::test]
async fn openapi_describes_every_path() -> TestResult {
    let f = fixture()?;
    let v = get(&f, "/api/v1/openapi.json").await?.json()?;
    assert!(v["openapi"].as_str().is_some_and(|s| s.starts_with('3')));
    for path in [
        "/api/v1/incidents",
        "/api/v1/incidents/{id}",
        "/api/v1/reports",
        "/api/v1/reports/{id}",
        "/api/v1/accounts",
        "/api/v1/accounts/{id}",
    ] {
        assert!(v["paths"][path]["get"].is_object(), "{path}");
    }
    let params: Vec<&str> = v["paths"]["/api/v1/incidents"]["get"]["parameters"]
        .as_array()
        .ok_or("parameters")?
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    for p in [
        "country",
        "from",
        "to",
        "grade",
        "min_killed",
        "q",
        "sort",
        "order",
        "page",
        "per_page",
    ] {
        assert!(params.contains(&p), "{p} in {params:?}");
    }
    assert!(v["components"]["schemas"]["IncidentDetail"].is_object());
    Ok(())
}

#[tokio::test]
async fn web_pages_show_the_list_the_incident_and_the_report() -> TestResult {
    let f = fixture()?;
    let list = get(&f, "/?country=IQ").await?;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.content_type.starts_with("text/html"));
    assert!(list
        .body
        .contains(&format!("href=\"/incidents/{INCIDENT}\"")));
    assert!(list.body.contains("1 incident<"), "the count is shown");
    let page = get(&f, &format!("/incidents/{INCIDENT}")).await?;
    assert_eq!(page.status, StatusCode::OK);
    for needle in [
        "Accounts, side by side",
        "class=\"claim\"",
        "<mark class=\"span\">",
        // each account's words read in their own direction (Arabic right to left)
        "<blockquote class=\"quote\" dir=\"auto\">",
        "Contradictions",
        "<svg class=\"map\"",
        "<svg class=\"timeline\"",
        "?hl=",
    ] {
        assert!(page.body.contains(needle), "incident page lacks {needle}");
    }
    let report = get(&f, "/reports/1?hl=1").await?;
    assert_eq!(report.status, StatusCode::OK);
    assert!(
        report.body.contains("id=\"a1\" class=\"span focus\""),
        "the asked account is emphasised"
    );
    let bad = get(&f, "/?per_page=5000").await?;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("per_page"));
    Ok(())
}

#[tokio::test]
async fn every_response_carries_the_security_policy() -> TestResult {
    let f = fixture()?;
    for uri in [
        "/",
        "/api/v1/incidents",
        "/reports/3",
        "/missing",
        "/static/style.css",
    ] {
        let r = get(&f, uri).await?;
        let csp = r.csp.ok_or(format!("{uri}: no CSP"))?;
        assert!(
            csp.contains("default-src 'none'") && csp.contains("script-src 'self'"),
            "{uri}"
        );
        assert!(!csp.contains("unsafe-inline"), "{uri}");
    }
    Ok(())
}

#[tokio::test]
async fn a_hostile_report_renders_inert() -> TestResult {
    let f = fixture()?;
    for uri in ["/reports/3", &format!("/incidents/{INCIDENT}"), "/"] {
        let page = get(&f, uri).await?;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        let body = &page.body;
        assert!(!body.contains("<script"), "{uri}: a script tag got through");
        assert!(!body.contains("<img"), "{uri}: an img tag got through");
        assert!(
            !body.contains("<a href=\"javascript:"),
            "{uri}: a javascript: link got through"
        );
        assert!(!body.to_lowercase().contains("href=\"javascript"), "{uri}");
    }
    let report = get(&f, "/reports/3").await?.body;
    assert!(report.contains("&#60;script&#62;") || report.contains("&lt;script&gt;"));
    // the report's javascript: URL is shown as text, not as a link
    assert!(report.contains("javascript:alert(document.cookie)"));
    Ok(())
}

#[tokio::test]
async fn stored_incident_pages_are_served_while_current() -> TestResult {
    use toll_server::view::{build_views, VIEW_VERSION};
    let f = fixture()?;
    let uri = format!("/api/v1/incidents/{INCIDENT}");
    let built = get(&f, &uri).await?.json()?;
    let store = SqliteStore::open(&f.path)?;

    // the stored page is the page the server would build
    store.save_incident_views(VIEW_VERSION, &build_views(&store, &[INCIDENT.to_string()])?)?;
    let r = get(&f, &uri).await?;
    assert_eq!(
        (r.status, r.content_type.as_str()),
        (StatusCode::OK, "application/json")
    );
    assert_eq!(r.json()?, built);

    // and it is what both the API and the web page show
    let mut doctored = built.clone();
    doctored["grade_reason"] = Value::from("as stored ahead of reading");
    let page = vec![(INCIDENT.to_string(), doctored.to_string())];
    store.save_incident_views(VIEW_VERSION, &page)?;
    assert_eq!(get(&f, &uri).await?.json()?, doctored);
    let web = get(&f, &format!("/incidents/{INCIDENT}")).await?;
    assert!(
        web.body.contains("as stored ahead of reading"),
        "{}",
        web.body
    );

    // a page of another format is ignored
    store.save_incident_views(VIEW_VERSION + 1, &page)?;
    assert_eq!(get(&f, &uri).await?.json()?, built);

    // so is a page whose incident changed since: the change drops it
    store.save_incident_views(VIEW_VERSION, &page)?;
    let summary = store.incident(INCIDENT)?.ok_or("the incident is stored")?;
    store.upsert_incidents(&[summary])?;
    assert_eq!(get(&f, &uri).await?.json()?, built);
    Ok(())
}

#[tokio::test]
async fn a_merged_incident_id_answers_with_the_survivor() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = build(dir.path())?;
    let merged = "SYR-2020-01-01-0";
    {
        let store = SqliteStore::open(&path)?;
        toll_record::review::merge_incidents(
            &store,
            merged,
            INCIDENT,
            &toll_record::review::Decision {
                by: "ed",
                reason: "the same strike",
                expected_version: None,
            },
        )?;
    }
    let state = AppState::new(
        Db::open(&path, 2)?,
        Atlas::from_gazetteer(&Gazetteer::empty()),
    );
    let f = Fixture {
        _dir: dir,
        path,
        router: app(state),
    };
    let reply = get(&f, &format!("/api/v1/incidents/{merged}")).await?;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()?["id"], INCIDENT);
    let page = get(&f, &format!("/incidents/{merged}")).await?;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(INCIDENT));
    // an id that never existed is still unknown
    let missing = get(&f, "/api/v1/incidents/SYR-1999-01-01-a").await?;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    Ok(())
}
