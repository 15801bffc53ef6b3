//! What the public sees: `--anonymous published` shows anonymous callers only published incidents
//! (lists, searches, pages, the API, reports and accounts reachable through a published incident);
//! no search by anonymous callers or viewers finds or confirms a masked victim's or witness's name,
//! on any route; and the review queue is for analysts and above. The record is two illustrative
//! reports written for these tests, one per incident; the one naming a victim is published.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use std::path::PathBuf;
use toll_extract::{extract_report, ReportContext};
use toll_model::ReportMeta;
use toll_server::auth::{Anonymous, AuthConfig};
use toll_server::{app, AppState, Atlas, Db};
use toll_store::{
    IncidentFacts, IncidentRecord, IncidentReview, InsertOutcome, NewDocument, Role, SqliteStore,
    Store,
};
use tower::ServiceExt;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The unpublished incident's report.
const HIDDEN_TEXT: &str =
    "Shelling near the Qorvan crossing on Thursday killed at least 9 civilians, \
                           a border official said.";
/// The published incident's report, naming a victim and a witness (invented names).
const NAMED_TEXT: &str =
    "An air strike on the Halvaro market on Thursday killed journalist Ibrahim \
                          Biári, said witness Samira Haddad.";
const NAMES: &[&str] = &["Ibrahim", "Biári", "Biari", "Samira", "Haddad"];
/// A report about both incidents: its first account is the hidden incident's, its second the
/// published one's.
const MIXED_TEXT: &str = "Shelling near the Qorvan crossing killed 9 civilians on Thursday.\n\
                          An air strike on the Halvaro market killed 23 people.";
const PUBLISHED: &str = "IRQ-2024-03-07-a";
const HIDDEN: &str = "IRQ-2024-03-07-b";
const PASSWORD: &str = "a long test password";

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    tokens: Vec<(Role, String)>,
    /// (report, its accounts) of the published incident, then of the hidden one.
    published: (i64, Vec<i64>),
    hidden: (i64, Vec<i64>),
    mixed: (i64, Vec<i64>),
}

fn fixture() -> Result<Fixture, Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("toll.db");
    let store = SqliteStore::open(&path)?;
    let mut docs = Vec::new();
    for (key, text, incident) in [
        ("named", NAMED_TEXT, PUBLISHED),
        ("hidden", HIDDEN_TEXT, HIDDEN),
        ("mixed", MIXED_TEXT, PUBLISHED),
    ] {
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
            document_id,
            account_ids,
            ..
        } = out
        else {
            return Err("not inserted".into());
        };
        if key == "mixed" {
            assert_eq!(account_ids.len(), 2, "the mixed report has two accounts");
            store.save_links(&[
                (account_ids[0], HIDDEN.to_string()),
                (account_ids[1], PUBLISHED.to_string()),
            ])?;
            docs.push((document_id, account_ids));
            continue;
        }
        let summary = toll_link::summarize(incident, &[]);
        store.upsert_incidents(&[IncidentRecord {
            id: incident.into(),
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
            .map(|a| (*a, incident.to_string()))
            .collect();
        store.save_links(&links)?;
        docs.push((document_id, account_ids));
    }
    store.set_incident_review(
        PUBLISHED,
        &IncidentReview {
            published: true,
            ..IncidentReview::default()
        },
    )?;
    let mut tokens = Vec::new();
    for role in Role::ALL {
        store.add_user(role.as_str(), role, PASSWORD)?;
        tokens.push((role, store.create_token(role.as_str())?.1));
    }
    let mixed = docs.pop().ok_or("mixed")?;
    let hidden = docs.pop().ok_or("hidden")?;
    let published = docs.pop().ok_or("published")?;
    Ok(Fixture {
        _dir: dir,
        path,
        tokens,
        published,
        hidden,
        mixed,
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

    fn token(&self, role: Role) -> Option<&str> {
        self.tokens
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, t)| t.as_str())
    }
}

struct Reply {
    status: StatusCode,
    body: String,
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
    let res = router.clone().oneshot(req.body(Body::empty())?).await?;
    let status = res.status();
    let body = String::from_utf8(res.into_body().collect().await?.to_bytes().to_vec())?;
    Ok(Reply { status, body })
}

/// The incident ids an API list answer holds.
fn listed(body: &str) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let v: Value = serde_json::from_str(body)?;
    Ok(v["items"]
        .as_array()
        .ok_or("items")?
        .iter()
        .filter_map(|i| i["id"].as_str().map(str::to_string))
        .collect())
}

#[tokio::test]
async fn published_mode_shows_anonymous_callers_only_published_incidents() -> TestResult {
    let f = fixture()?;
    let router = f.router(Anonymous::Published)?;
    let (pub_doc, pub_accounts) = &f.published;
    let (hidden_doc, hidden_accounts) = &f.hidden;

    // lists and searches: only the published incident
    let r = get_as(&router, "/api/v1/incidents", None).await?;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(listed(&r.body)?, vec![PUBLISHED.to_string()]);
    let v: Value = serde_json::from_str(&r.body)?;
    assert_eq!(v["total"], 1);
    let r = get_as(&router, "/api/v1/incidents?q=crossing", None).await?;
    assert!(
        !listed(&r.body)?.contains(&HIDDEN.to_string()),
        "{}",
        r.body
    );
    let r = get_as(&router, "/api/v1/incidents?q=market", None).await?;
    assert_eq!(listed(&r.body)?, vec![PUBLISHED.to_string()]);
    let r = get_as(&router, "/", None).await?;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(PUBLISHED) && !r.body.contains(HIDDEN));
    let r = get_as(&router, "/?q=shelling", None).await?;
    assert!(!r.body.contains(HIDDEN));

    // pages, the API, reports and accounts: reachable through the published incident only
    let shown = [
        format!("/incidents/{PUBLISHED}"),
        format!("/api/v1/incidents/{PUBLISHED}"),
        format!("/reports/{pub_doc}"),
        format!("/reports/{pub_doc}?hl={}", pub_accounts[0]),
        format!("/api/v1/reports/{pub_doc}"),
        format!("/api/v1/accounts/{}", pub_accounts[0]),
    ];
    let hidden = [
        format!("/incidents/{HIDDEN}"),
        format!("/api/v1/incidents/{HIDDEN}"),
        format!("/reports/{hidden_doc}"),
        format!("/api/v1/reports/{hidden_doc}"),
        format!("/api/v1/accounts/{}", hidden_accounts[0]),
    ];
    for uri in &shown {
        let r = get_as(&router, uri, None).await?;
        assert_eq!(r.status, StatusCode::OK, "anonymous GET {uri}: {}", r.body);
    }
    for uri in &hidden {
        let r = get_as(&router, uri, None).await?;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "anonymous GET {uri}");
        assert!(!r.body.contains("Qorvan"), "{uri} leaks the hidden report");
    }
    // the bulk lists of reports and accounts need a sign-in
    for uri in ["/api/v1/reports", "/api/v1/accounts"] {
        let r = get_as(&router, uri, None).await?;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{uri}");
    }
    // a report about both incidents shows only the published incident's account
    let (mixed_doc, mixed_accounts) = &f.mixed;
    let r = get_as(&router, &format!("/api/v1/reports/{mixed_doc}"), None).await?;
    assert_eq!(r.status, StatusCode::OK);
    let v: Value = serde_json::from_str(&r.body)?;
    let ids: Vec<i64> = v["accounts"]
        .as_array()
        .ok_or("accounts")?
        .iter()
        .filter_map(|a| a["id"].as_i64())
        .collect();
    assert_eq!(ids, vec![mixed_accounts[1]], "{v}");
    for uri in [
        format!("/api/v1/reports/{mixed_doc}"),
        format!("/reports/{mixed_doc}"),
    ] {
        let r = get_as(&router, &uri, None).await?;
        assert!(!r.body.contains(HIDDEN), "{uri} names the hidden incident");
    }
    let r = get_as(
        &router,
        &format!("/api/v1/reports/{mixed_doc}"),
        f.token(Role::Viewer),
    )
    .await?;
    assert!(
        r.body.contains(HIDDEN),
        "signed in, both accounts are shown"
    );
    // the published incident's page names no unpublished incident
    let r = get_as(&router, &format!("/incidents/{PUBLISHED}"), None).await?;
    assert!(!r.body.contains(HIDDEN));

    // signed-in callers read everything; `--anonymous read` lets anonymous callers too
    for uri in hidden.iter().chain(["/api/v1/reports".to_string()].iter()) {
        let r = get_as(&router, uri, f.token(Role::Viewer)).await?;
        assert_eq!(r.status, StatusCode::OK, "viewer GET {uri}");
    }
    let open = f.router(Anonymous::Read)?;
    let r = get_as(&open, "/api/v1/incidents", None).await?;
    assert_eq!(listed(&r.body)?.len(), 2);
    for uri in &hidden {
        let r = get_as(&open, uri, None).await?;
        assert_eq!(r.status, StatusCode::OK, "read mode, anonymous GET {uri}");
    }
    Ok(())
}

#[tokio::test]
async fn no_search_or_route_finds_or_shows_a_masked_name() -> TestResult {
    let f = fixture()?;
    let (pub_doc, pub_accounts) = &f.published;
    for mode in [Anonymous::Read, Anonymous::Published] {
        let router = f.router(mode)?;
        // every public GET route, the API's from its OpenAPI document
        let doc: Value = serde_json::from_str(
            &get_as(&router, "/api/v1/openapi.json", f.token(Role::Admin))
                .await?
                .body,
        )?;
        let mut routes: Vec<String> = doc["paths"]
            .as_object()
            .ok_or("paths")?
            .keys()
            .map(|p| {
                if p.starts_with("/api/v1/incidents") {
                    p.replace("{id}", PUBLISHED)
                } else if p.starts_with("/api/v1/accounts") {
                    p.replace("{id}", &pub_accounts[0].to_string())
                } else {
                    p.replace("{id}", &pub_doc.to_string())
                }
            })
            .collect();
        for web in [
            "/".to_string(),
            format!("/incidents/{PUBLISHED}"),
            format!("/reports/{pub_doc}"),
            format!("/reports/{pub_doc}?hl={}", pub_accounts[0]),
            "/queue".to_string(),
        ] {
            routes.push(web);
        }
        // searches for each name, folded and as prefixes, on the API and the web list
        let searches = [
            "Biari", "biári", "BIARI", "Biar*", "Ibrahim", "Samira", "Hadd*", "haddad",
        ];
        for q in searches {
            routes.push(format!("/api/v1/incidents?q={}", urlencode(q)));
            routes.push(format!("/?q={}", urlencode(q)));
            routes.push(format!("/api/v1/incidents?q={}+market", urlencode(q)));
        }
        for (who, token) in [("anonymous", None), ("viewer", f.token(Role::Viewer))] {
            for uri in &routes {
                let r = get_as(&router, uri, token).await?;
                let searched = uri.contains("q=");
                for name in NAMES {
                    // a search page echoes what was typed in its search box: the names must not
                    // appear anywhere else
                    let shown = if searched {
                        r.body.matches(name).count() > usize::from(uri.contains(name))
                    } else {
                        r.body.contains(name)
                    };
                    assert!(!shown, "{mode:?} {who} GET {uri} shows {name}");
                }
                if searched {
                    assert!(
                        !r.body.contains(&format!("/incidents/{PUBLISHED}"))
                            && !r.body.contains(&format!("\"{PUBLISHED}\"")),
                        "{mode:?} {who} GET {uri} finds the victim's incident"
                    );
                }
            }
            // a word of the same report that is no name is found: the guard is not blanket
            let r = get_as(&router, "/api/v1/incidents?q=journalist", token).await?;
            assert_eq!(listed(&r.body)?, vec![PUBLISHED.to_string()], "{who}");
        }
        // analysts search by the name and see it: the sweep is not vacuous
        let r = get_as(&router, "/api/v1/incidents?q=Biari", f.token(Role::Analyst)).await?;
        assert_eq!(listed(&r.body)?, vec![PUBLISHED.to_string()]);
        let r = get_as(
            &router,
            &format!("/reports/{pub_doc}"),
            f.token(Role::Analyst),
        )
        .await?;
        assert!(r.body.contains("Biári") && r.body.contains("Haddad"));
    }
    Ok(())
}

/// `q` for a URL query (letters, `*` and non-ASCII as percent escapes).
fn urlencode(q: &str) -> String {
    q.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn the_review_queue_is_for_analysts_and_its_counts_are_on_their_front_page() -> TestResult {
    let f = fixture()?;
    let router = f.router(Anonymous::Read)?;
    let r = get_as(&router, "/api/v1/queue", None).await?;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = get_as(&router, "/api/v1/queue", f.token(Role::Viewer)).await?;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("analyst"), "{}", r.body);
    let r = get_as(&router, "/queue", f.token(Role::Viewer)).await?;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = get_as(&router, "/api/v1/queue?limit=10", f.token(Role::Analyst)).await?;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v: Value = serde_json::from_str(&r.body)?;
    // nobody has decided on either incident: both are new, each with its reason
    assert_eq!(v["counts"]["new"], 2, "{v}");
    let items = v["items"].as_array().ok_or("items")?;
    assert!(items
        .iter()
        .any(|i| i["kind"] == "new" && i["incident"] == HIDDEN && i["reason"].is_string()));
    let r = get_as(&router, "/api/v1/queue?country=SY", f.token(Role::Editor)).await?;
    let v: Value = serde_json::from_str(&r.body)?;
    assert_eq!(v["counts"]["new"], 0);
    let r = get_as(
        &router,
        "/api/v1/queue?since=yesterday",
        f.token(Role::Analyst),
    )
    .await?;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("since"), "{}", r.body);
    let r = get_as(&router, "/api/v1/queue?limit=0", f.token(Role::Analyst)).await?;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = get_as(&router, "/queue?kind=new", f.token(Role::Admin)).await?;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(HIDDEN) && r.body.contains("no reviewer has decided"));
    // the front page shows analysts the counts, and nobody else
    let r = get_as(&router, "/", f.token(Role::Analyst)).await?;
    assert!(r.body.contains("id=\"queue-counts\""), "{}", r.body);
    assert!(r.body.contains("2 new incidents"));
    for token in [None, f.token(Role::Viewer)] {
        let r = get_as(&router, "/", token).await?;
        assert!(!r.body.contains("queue-counts"));
    }
    // the OpenAPI document describes it, with the roles
    let doc: Value =
        serde_json::from_str(&get_as(&router, "/api/v1/openapi.json", None).await?.body)?;
    let q = &doc["paths"]["/api/v1/queue"]["get"];
    assert!(q["responses"]["403"].is_object(), "{q}");
    assert!(q["description"]
        .as_str()
        .or(q["summary"].as_str())
        .is_some_and(|d| d.contains("Analysts")));
    Ok(())
}
