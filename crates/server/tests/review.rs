//! The review API and the review forms through the router, on a record built by the record layer
//! (`add_report`, `link_new`) from illustrative reports written for these tests: every decision,
//! its effect on the figures and the history, and its refusals (401, 403, 400, 404, 409, 422, 503).

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use toll_geo::Gazetteer;
use toll_model::ReportMeta;
use toll_server::auth::AuthConfig;
use toll_server::{app, AppState, Atlas, Db};
use toll_store::{IncidentFilter, NewDocument, Role, SqliteStore, Store};
use tower::ServiceExt;

type TestResult = Result<(), Box<dyn std::error::Error>>;
type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// Illustrative reports (written for these tests): key, outlet, published, text. Two events: a
/// strike on Halvaro market (three reports) and shelling in Dernova weeks later (two).
const REPORTS: &[(&str, &str, &str, &str)] = &[
    (
        "halvaro-wire",
        "Illustrative Wire",
        "2024-03-08",
        "An air strike on the market in Halvaro on Thursday killed at least 23 civilians, local health officials said.",
    ),
    (
        "halvaro-ministry",
        "Illustrative Daily",
        "2024-03-09",
        "The health ministry said 31 people were killed and 40 wounded in the air strike on Halvaro market on Thursday.",
    ),
    (
        "halvaro-monitor",
        "Illustrative Monitor",
        "2024-03-09",
        "A monitoring group said 27 civilians were killed in the air strike on the market in Halvaro on Thursday.",
    ),
    (
        "dernova-wire",
        "Illustrative Wire",
        "2024-05-03",
        "Shelling of a residential street in Dernova on Thursday killed nine civilians, residents said.",
    ),
    (
        "dernova-daily",
        "Illustrative Daily",
        "2024-05-04",
        "Eleven civilians were killed when shells hit a residential street in Dernova on Thursday, a local official said.",
    ),
];

const PLACES: &str = "Halvaro\t\t36.40\t43.10\tIQ\nDernova\t\t35.10\t44.60\tIQ\n";
const PASSWORD: &str = "a long test password";

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    router: axum::Router,
    tokens: Vec<(Role, String)>,
    /// The Halvaro incident and the Dernova incident.
    halvaro: String,
    dernova: String,
}

fn build(dir: &Path) -> Res<PathBuf> {
    let path = dir.join("toll.db");
    let store = SqliteStore::open(&path)?;
    let mut g = Gazetteer::empty();
    g.add_user_places(PLACES)?;
    for (key, outlet, published, text) in REPORTS {
        let meta = ReportMeta {
            id: key.to_string(),
            url: None,
            title: Some(key.to_string()),
            outlet: Some(outlet.to_string()),
            published: Some(published.to_string()),
        };
        let sha = toll_ingest::sha256_hex(text.as_bytes());
        toll_record::add_report(
            &store,
            &g,
            &NewDocument {
                sha256: &sha,
                raw: text.as_bytes(),
                media_type: "text/plain",
                source: &format!("fixtures/{key}.txt"),
                captured_at: None,
                meta: &meta,
                text,
            },
        )?;
    }
    toll_record::link_new(&store)?;
    toll_record::page::store_pages(&store, |_, _| {})?;
    for role in Role::ALL {
        store.add_user(role.as_str(), role, PASSWORD)?;
    }
    Ok(path)
}

fn fixture() -> Res<Fixture> {
    let dir = tempfile::tempdir()?;
    let path = build(dir.path())?;
    let store = SqliteStore::open(&path)?;
    let mut tokens = Vec::new();
    for role in Role::ALL {
        tokens.push((role, store.create_token(role.as_str())?.1));
    }
    let incidents = store.incidents(&IncidentFilter::default())?;
    let find = |place: &str| {
        incidents
            .iter()
            .find(|r| r.place.as_deref() == Some(place))
            .map(|r| r.id.clone())
            .ok_or(format!("no incident in {place}: {incidents:?}"))
    };
    let (halvaro, dernova) = (find("Halvaro")?, find("Dernova")?);
    let router = app(AppState::with_auth(
        Db::open(&path, 2)?,
        Atlas::empty(),
        AuthConfig::default(),
    ));
    Ok(Fixture {
        _dir: dir,
        path,
        router,
        tokens,
        halvaro,
        dernova,
    })
}

struct Reply {
    status: StatusCode,
    location: Option<String>,
    body: String,
}

impl Reply {
    fn json(&self) -> Res<Value> {
        Ok(serde_json::from_str(&self.body)?)
    }
}

impl Fixture {
    fn token(&self, role: Role) -> &str {
        self.tokens
            .iter()
            .find(|(r, _)| *r == role)
            .map_or("", |(_, t)| t.as_str())
    }

    async fn send(&self, req: Request<Body>) -> Res<Reply> {
        let res = self.router.clone().oneshot(req).await?;
        let status = res.status();
        let location = res
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = String::from_utf8(res.into_body().collect().await?.to_bytes().to_vec())?;
        Ok(Reply {
            status,
            location,
            body,
        })
    }

    async fn get(&self, uri: &str, role: Option<Role>) -> Res<Reply> {
        let mut req = Request::get(uri);
        if let Some(r) = role {
            req = req.header(header::AUTHORIZATION, format!("Bearer {}", self.token(r)));
        }
        self.send(req.body(Body::empty())?).await
    }

    /// POSTs `body` as JSON with `role`'s bearer token.
    async fn post(&self, uri: &str, role: Option<Role>, body: &Value) -> Res<Reply> {
        let mut req = Request::post(uri).header(header::CONTENT_TYPE, "application/json");
        if let Some(r) = role {
            req = req.header(header::AUTHORIZATION, format!("Bearer {}", self.token(r)));
        }
        self.send(req.body(Body::from(body.to_string()))?).await
    }

    async fn incident(&self, id: &str) -> Res<Value> {
        let r = self.get(&format!("/api/v1/incidents/{id}"), None).await?;
        assert_eq!(r.status, StatusCode::OK, "{id}: {}", r.body);
        r.json()
    }

    async fn version(&self, id: &str) -> Res<i64> {
        let r = self
            .get(
                &format!("/api/v1/incidents/{id}/history"),
                Some(Role::Viewer),
            )
            .await?;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()?["version"].as_i64().ok_or("no version".into())
    }

    async fn history(&self, id: &str) -> Res<Vec<Value>> {
        let r = self
            .get(
                &format!("/api/v1/incidents/{id}/history"),
                Some(Role::Viewer),
            )
            .await?;
        Ok(r.json()?["events"].as_array().cloned().unwrap_or_default())
    }

    fn audit_events(&self) -> Res<i64> {
        Ok(rusqlite::Connection::open(&self.path)?.query_row(
            "SELECT count(*) FROM audit_log",
            [],
            |r| r.get(0),
        )?)
    }
}

/// The ids of an incident's accounts, as its page lists them.
fn account_ids(incident: &Value) -> Vec<i64> {
    let mut ids: Vec<i64> = incident["claims"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["accounts"].as_array().cloned().unwrap_or_default())
        .filter_map(|a| a["id"].as_i64())
        .collect();
    ids.sort_unstable();
    ids
}

/// The account of an incident's page whose killed figure starts or ends at `n`.
fn account_killing(incident: &Value, n: u64) -> Option<i64> {
    incident["claims"]
        .as_array()?
        .iter()
        .flat_map(|c| c["accounts"].as_array().cloned().unwrap_or_default())
        .find(|a| a["killed"]["min"].as_u64() == Some(n) || a["killed"]["max"].as_u64() == Some(n))
        .and_then(|a| a["id"].as_i64())
}

#[tokio::test]
async fn the_fixture_has_two_incidents_of_several_accounts() -> TestResult {
    let f = fixture()?;
    assert_eq!(account_ids(&f.incident(&f.halvaro).await?).len(), 3);
    assert_eq!(account_ids(&f.incident(&f.dernova).await?).len(), 2);
    // nobody reviewed them yet: no history (read through the index, not the whole log)
    assert!(f.history(&f.halvaro).await?.is_empty());
    assert!(f.history(&f.dernova).await?.is_empty());
    Ok(())
}

#[tokio::test]
async fn confirm_and_reject_are_recorded_and_reject_reconciles_the_figures() -> TestResult {
    let f = fixture()?;
    let before = f.incident(&f.halvaro).await?;
    assert_eq!(before["killed"]["high"], 31, "{before}");
    let v = f.version(&f.halvaro).await?;
    let wire = account_killing(&before, 23).ok_or("23")?;
    let r = f
        .post(
            &format!("/api/v1/accounts/{wire}/confirm"),
            Some(Role::Analyst),
            &json!({"reason": "matches the wire report", "version": v}),
        )
        .await?;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let done = r.json()?;
    assert!(done["event"].as_i64().is_some());
    let v2 = done["incidents"][0]["version"].as_i64().ok_or("version")?;
    assert!(v2 > v, "the version rises: {v} → {v2}");
    assert_eq!(f.version(&f.halvaro).await?, v2);
    let account = f
        .get(&format!("/api/v1/accounts/{wire}"), None)
        .await?
        .json()?;
    assert_eq!(account["status"], "confirmed");

    // rejecting the largest figure takes it out of the figures
    let ministry = account_killing(&before, 31).ok_or("31")?;
    let r = f
        .post(
            &format!("/api/v1/accounts/{ministry}/reject"),
            Some(Role::Editor),
            &json!({"reason": "misread: the toll is of another strike", "version": v2}),
        )
        .await?;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let after = f.incident(&f.halvaro).await?;
    assert_eq!(after["killed"]["high"], 27, "{after}");
    assert_eq!(account_ids(&after).len(), 2);

    let history = f.history(&f.halvaro).await?;
    let actions: Vec<&str> = history
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert!(actions.contains(&"review.account.confirm"), "{actions:?}");
    assert!(actions.contains(&"review.account.reject"), "{actions:?}");
    let reject = history
        .iter()
        .find(|e| e["action"] == "review.account.reject")
        .ok_or("reject")?;
    assert_eq!(reject["actor"], "editor");
    assert_eq!(reject["before"]["status"], "machine");
    assert_eq!(reject["after"]["status"], "rejected");
    assert_eq!(reject["reason"], "misread: the toll is of another strike");
    Ok(())
}

#[tokio::test]
async fn a_stale_version_is_409_and_writes_nothing() -> TestResult {
    let f = fixture()?;
    let page = f.incident(&f.halvaro).await?;
    let v = f.version(&f.halvaro).await?;
    let ids = account_ids(&page);
    let first = f
        .post(
            &format!("/api/v1/accounts/{}/confirm", ids[0]),
            Some(Role::Analyst),
            &json!({"reason": "checked", "version": v}),
        )
        .await?;
    assert_eq!(first.status, StatusCode::OK);
    let events = f.audit_events()?;
    // a second reviewer still holds the page at version v
    for (uri, body) in [
        (
            format!("/api/v1/accounts/{}/edit", ids[1]),
            json!({"reason": "r", "version": v, "killed": "5"}),
        ),
        (
            format!("/api/v1/incidents/{}/grade", f.halvaro),
            json!({"reason": "r", "version": v, "grade": "fair"}),
        ),
        (
            format!("/api/v1/incidents/{}/merge", f.halvaro),
            json!({"reason": "r", "version": v, "into": f.dernova}),
        ),
    ] {
        let r = f.post(&uri, Some(Role::Editor), &body).await?;
        assert_eq!(r.status, StatusCode::CONFLICT, "{uri}: {}", r.body);
        assert!(r.json()?["error"]
            .as_str()
            .is_some_and(|e| e.contains("changed since you saw it")));
    }
    assert_eq!(
        f.audit_events()?,
        events,
        "a refused decision writes nothing"
    );
    assert_eq!(f.incident(&f.halvaro).await?["killed"], page["killed"]);
    Ok(())
}

#[tokio::test]
async fn an_edited_figure_is_reconciled_into_the_incident() -> TestResult {
    let f = fixture()?;
    let page = f.incident(&f.halvaro).await?;
    let wire = account_killing(&page, 23).ok_or("23")?;
    let v = f.version(&f.halvaro).await?;
    let r = f
        .post(
            &format!("/api/v1/accounts/{wire}/edit"),
            Some(Role::Analyst),
            &json!({
                "reason": "the report's correction gives 40",
                "version": v,
                "killed": {"min": 40, "max": 40},
                "victims": "civilians",
                "blamed": "air strike",
                "date": "2024-03-07",
                "place": {"name": "Halvaro", "lat": 36.4, "lon": 43.1, "country": "IQ", "where_prec": 1}
            }),
        )
        .await?;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let after = f.incident(&f.halvaro).await?;
    assert_eq!(after["killed"]["high"], 40, "{after}");
    let account = f
        .get(&format!("/api/v1/accounts/{wire}"), None)
        .await?
        .json()?;
    assert_eq!(account["status"], "edited");
    assert_eq!(account["killed"]["max"], 40);
    let history = f.history(&f.halvaro).await?;
    let edit = history
        .iter()
        .find(|e| e["action"] == "review.account.edit")
        .ok_or("edit")?;
    assert_eq!(edit["before"]["killed"]["min"], 23, "{edit}");
    assert_eq!(edit["after"]["killed"]["min"], 40, "{edit}");

    // bad fields are 422 and name the field; a body that is no JSON is 400
    let v = f.version(&f.halvaro).await?;
    for (body, word) in [
        (
            json!({"reason": "r", "version": v, "killed": "lots"}),
            "figure",
        ),
        (
            json!({"reason": "r", "version": v, "date": "March"}),
            "date",
        ),
        (
            json!({"reason": "r", "version": v, "place": {"name": "X", "lat": 99.0, "lon": 1.0, "country": "IQ"}}),
            "latitude",
        ),
        (json!({"reason": "r", "version": v}), "changes nothing"),
        (json!({"reason": "", "version": v, "killed": "3"}), "reason"),
        (json!({"reason": "r", "killed": "3"}), "version"),
        (json!({"version": v, "killed": "3"}), "reason"),
    ] {
        let r = f
            .post(
                &format!("/api/v1/accounts/{wire}/edit"),
                Some(Role::Analyst),
                &body,
            )
            .await?;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            r.body
        );
        assert!(r.body.contains(word), "{body}: {}", r.body);
    }
    let r = f
        .send(
            Request::post(format!("/api/v1/accounts/{wire}/edit"))
                .header(
                    header::AUTHORIZATION,
                    format!("Bearer {}", f.token(Role::Analyst)),
                )
                .body(Body::from("{not json"))?,
        )
        .await?;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    Ok(())
}

#[tokio::test]
async fn moving_an_account_reconciles_both_incidents() -> TestResult {
    let f = fixture()?;
    let halvaro = f.incident(&f.halvaro).await?;
    let monitor = account_killing(&halvaro, 27).ok_or("27")?;
    let v = f.version(&f.halvaro).await?;
    let r = f
        .post(
            &format!("/api/v1/incidents/{}/move", f.halvaro),
            Some(Role::Analyst),
            &json!({"reason": "it is about Dernova", "version": v, "account": monitor, "to": f.dernova}),
        )
        .await?;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let moved: Vec<String> = r.json()?["incidents"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["id"].as_str().map(str::to_string))
        .collect();
    assert!(
        moved.contains(&f.halvaro) && moved.contains(&f.dernova),
        "{moved:?}"
    );
    let dernova = f.incident(&f.dernova).await?;
    assert!(account_ids(&dernova).contains(&monitor));
    assert_eq!(dernova["killed"]["high"], 27, "{dernova}");
    assert!(!account_ids(&f.incident(&f.halvaro).await?).contains(&monitor));
    // both histories show the move
    for id in [&f.halvaro, &f.dernova] {
        let h = f.history(id).await?;
        assert!(
            h.iter().any(|e| e["action"] == "review.incident.move"),
            "{id}: {h:?}"
        );
    }

    // to a new incident
    let v = f.version(&f.dernova).await?;
    let r = f
        .post(
            &format!("/api/v1/incidents/{}/move", f.dernova),
            Some(Role::Analyst),
            &json!({"reason": "a separate event", "version": v, "account": monitor, "new": true}),
        )
        .await?;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let new_id = r.json()?["incidents"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["id"].as_str())
        .find(|id| *id != f.dernova)
        .map(str::to_string)
        .ok_or("new incident")?;
    assert_eq!(account_ids(&f.incident(&new_id).await?), vec![monitor]);

    // an account not in the incident, a missing target, an unknown incident
    let v = f.version(&f.halvaro).await?;
    let r = f
        .post(
            &format!("/api/v1/incidents/{}/move", f.halvaro),
            Some(Role::Analyst),
            &json!({"reason": "r", "version": v, "account": monitor, "to": f.dernova}),
        )
        .await?;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = f
        .post(
            &format!("/api/v1/incidents/{}/move", f.halvaro),
            Some(Role::Analyst),
            &json!({"reason": "r", "version": v, "account": monitor}),
        )
        .await?;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = f
        .post(
            "/api/v1/incidents/IRQ-1999-01-01-z/move",
            Some(Role::Analyst),
            &json!({"reason": "r", "version": 1, "account": monitor, "to": f.dernova}),
        )
        .await?;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = f
        .post(
            "/api/v1/accounts/999999/confirm",
            Some(Role::Analyst),
            &json!({"reason": "r", "version": 1}),
        )
        .await?;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    Ok(())
}

#[tokio::test]
async fn split_merge_pin_grade_and_publish() -> TestResult {
    let f = fixture()?;
    let halvaro = f.incident(&f.halvaro).await?;
    let ministry = account_killing(&halvaro, 31).ok_or("31")?;
    let v = f.version(&f.halvaro).await?;

    // split: the ministry's account leaves for a new incident
    let r = f
        .post(
            &format!("/api/v1/incidents/{}/split", f.halvaro),
            Some(Role::Editor),
            &json!({"reason": "two strikes that day", "version": v, "accounts": [ministry]}),
        )
        .await?;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let split_off = r.json()?["incidents"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["id"].as_str())
        .find(|id| *id != f.halvaro)
        .map(str::to_string)
        .ok_or("new incident")?;
    assert_eq!(account_ids(&f.incident(&split_off).await?), vec![ministry]);
    assert_eq!(f.incident(&f.halvaro).await?["killed"]["high"], 27);
    // a split that would leave nothing behind is refused
    let v = f.version(&split_off).await?;
    let r = f
        .post(
            &format!("/api/v1/incidents/{split_off}/split"),
            Some(Role::Editor),
            &json!({"reason": "r", "version": v, "accounts": [ministry]}),
        )
        .await?;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);

    // merge it back: its id redirects to the survivor
    let r = f
        .post(
            &format!("/api/v1/incidents/{split_off}/merge"),
            Some(Role::Editor),
            &json!({"reason": "one strike after all", "version": v, "into": f.halvaro}),
        )
        .await?;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let merged = f.incident(&split_off).await?;
    assert_eq!(merged["id"], f.halvaro.as_str());
    assert_eq!(merged["killed"]["high"], 31);
    let history = f.history(&f.halvaro).await?;
    for action in ["review.incident.split", "review.incident.merge"] {
        assert!(history.iter().any(|e| e["action"] == action), "{action}");
    }

    // pin, grade, publish
    let v = f.version(&f.halvaro).await?;
    let r = f
        .post(
            &format!("/api/v1/incidents/{}/pin", f.halvaro),
            Some(Role::Editor),
            &json!({"reason": "the ministry's date", "version": v, "date": "2024-03-06",
                    "place": {"name": "Halvaro market", "lat": 36.41, "lon": 43.11, "country": "IQ"}}),
        )
        .await?;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let pinned = f.incident(&f.halvaro).await?;
    assert_eq!(pinned["date"], "2024-03-06");
    assert_eq!(pinned["place"], "Halvaro market");
    let v = f.version(&f.halvaro).await?;
    let r = f
        .post(
            &format!("/api/v1/incidents/{}/grade", f.halvaro),
            Some(Role::Editor),
            &json!({"reason": "three independent outlets", "version": v, "grade": "fair"}),
        )
        .await?;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let graded = f.incident(&f.halvaro).await?;
    assert_eq!(graded["grade"], "fair");
    assert!(graded["grade_reason"]
        .as_str()
        .is_some_and(|g| g.contains("three independent outlets")));
    let v = f.version(&f.halvaro).await?;
    let r = f
        .post(
            &format!("/api/v1/incidents/{}/grade", f.halvaro),
            Some(Role::Editor),
            &json!({"reason": "r", "version": v, "grade": "likely"}),
        )
        .await?;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = f
        .post(
            &format!("/api/v1/incidents/{}/publish", f.halvaro),
            Some(Role::Editor),
            &json!({"reason": "checked", "version": v, "published": true}),
        )
        .await?;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let h = f
        .get(&format!("/api/v1/incidents/{}/history", f.halvaro), None)
        .await?;
    assert_eq!(
        h.status,
        StatusCode::OK,
        "published: anyone may read its history"
    );
    assert_eq!(h.json()?["published"], true);
    // an unpublished incident's history is for signed-in callers only
    let r = f
        .get(&format!("/api/v1/incidents/{}/history", f.dernova), None)
        .await?;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    Ok(())
}

#[tokio::test]
async fn roles_csrf_and_the_linking_lock() -> TestResult {
    let f = fixture()?;
    let page = f.incident(&f.halvaro).await?;
    let id = account_ids(&page)[0];
    let v = f.version(&f.halvaro).await?;
    let uri = format!("/api/v1/accounts/{id}/confirm");
    let body = json!({"reason": "checked", "version": v});
    let r = f.post(&uri, None, &body).await?;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    let r = f.post(&uri, Some(Role::Viewer), &body).await?;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("analyst"), "403 names the role: {}", r.body);
    let r = f
        .post(
            &format!("/api/v1/incidents/{}/grade", f.halvaro),
            Some(Role::Analyst),
            &json!({"reason": "r", "version": v, "grade": "fair"}),
        )
        .await?;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("editor"), "{}", r.body);

    // other methods: 405 naming POST, as JSON under the API and as a page elsewhere
    let r = f.get(&uri, Some(Role::Analyst)).await?;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(r.json()?["error"]
        .as_str()
        .is_some_and(|e| e.contains("POST")));
    let r = f
        .get(
            &format!("/incidents/{}/merge", f.halvaro),
            Some(Role::Editor),
        )
        .await?;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(r.body.contains("POST"), "{}", r.body);

    // a session needs its CSRF token in X-CSRF-Token
    let (cookie, csrf) = sign_in(&f, "analyst").await?;
    let send = |token: Option<String>| {
        let mut req = Request::post(&uri)
            .header(header::COOKIE, &cookie)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(t) = token {
            req = req.header("x-csrf-token", t);
        }
        req.body(Body::from(body.to_string()))
    };
    let r = f.send(send(None)?).await?;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert!(r.body.contains("CSRF"));
    let r = f.send(send(Some("0".repeat(64)))?).await?;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = f.send(send(Some(csrf))?).await?;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // while another process links the record, a decision waits, then gives up with 503
    let held = toll_record::lock::acquire(&f.path)?;
    let events = f.audit_events()?;
    let v = f.version(&f.halvaro).await?;
    let r = f
        .post(
            &uri,
            Some(Role::Analyst),
            &json!({"reason": "again", "version": v}),
        )
        .await?;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    assert!(r.body.contains("linked"), "{}", r.body);
    assert_eq!(f.audit_events()?, events);
    drop(held);
    let r = f
        .post(
            &uri,
            Some(Role::Analyst),
            &json!({"reason": "again", "version": v}),
        )
        .await?;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    Ok(())
}

/// Signs `user` in through the form: the session cookie and its CSRF token (from `/api/v1/me`).
async fn sign_in(f: &Fixture, user: &str) -> Res<(String, String)> {
    let page = f.get("/login", None).await?;
    let csrf = field(&page.body, "csrf").ok_or("csrf field")?;
    let res = f
        .router
        .clone()
        .oneshot(
            Request::post("/login")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, format!("toll_login_csrf={csrf}"))
                .body(Body::from(format!(
                    "username={user}&password={}&csrf={csrf}",
                    PASSWORD.replace(' ', "+")
                )))?,
        )
        .await?;
    let session = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("toll_session="))
        .and_then(|c| c.split(';').next())
        .map(str::to_string)
        .ok_or("no session cookie")?;
    let cookie = format!("toll_session={session}");
    let me = f
        .send(
            Request::get("/api/v1/me")
                .header(header::COOKIE, &cookie)
                .body(Body::empty())?,
        )
        .await?
        .json()?;
    let token = me["csrf"].as_str().ok_or("me has no csrf")?.to_string();
    Ok((cookie, token))
}

/// The value of the hidden field `name` in a page.
fn field(body: &str, name: &str) -> Option<String> {
    let key = format!("name=\"{name}\" value=\"");
    let at = body.find(&key)? + key.len();
    body[at..].split('"').next().map(str::to_string)
}

#[tokio::test]
async fn the_web_forms_decide_and_come_back_with_a_notice_and_the_history() -> TestResult {
    let f = fixture()?;
    let (cookie, _) = sign_in(&f, "editor").await?;
    let get = |uri: String| {
        Request::get(uri)
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
    };
    let page = f.send(get(format!("/incidents/{}", f.halvaro))?).await?;
    assert_eq!(page.status, StatusCode::OK);
    for form in [
        "/confirm\"",
        "/reject\"",
        "/edit\"",
        "/move\"",
        "/split\"",
        "/merge\"",
        "/pin\"",
        "/grade\"",
        "/publish\"",
    ] {
        assert!(page.body.contains(form), "the editor sees the {form} form");
    }
    assert!(
        page.body.contains("?hl="),
        "the form links to the highlighted sentence"
    );
    let csrf = field(&page.body, "csrf").ok_or("csrf")?;
    let version = field(&page.body, "version").ok_or("version")?;
    let ids = account_ids(&f.incident(&f.halvaro).await?);
    let post = |uri: String, form: String| {
        Request::post(uri)
            .header(header::COOKIE, &cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form))
    };
    let r = f
        .send(post(
            format!("/incidents/{}/accounts/{}/edit", f.halvaro, ids[0]),
            format!("csrf={csrf}&version={version}&killed=50&injured=&reason=corrected+toll"),
        )?)
        .await?;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let back = r.location.ok_or("location")?;
    assert!(
        back.starts_with(&format!("/incidents/{}?done=edited", f.halvaro)),
        "{back}"
    );
    let page = f.send(get(back)?).await?;
    assert!(page.body.contains("The account is corrected"), "notice");
    assert!(
        page.body.contains("corrected toll"),
        "the history shows the reason"
    );
    assert!(
        page.body.contains("edited an account"),
        "the history shows the action"
    );
    assert_eq!(f.incident(&f.halvaro).await?["killed"]["high"], 50);

    // the same (now stale) version again: the 409 page links to reload
    let r = f
        .send(post(
            format!("/incidents/{}/accounts/{}/confirm", f.halvaro, ids[1]),
            format!("csrf={csrf}&version={version}&reason=checked"),
        )?)
        .await?;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("changed since you loaded it"), "{}", r.body);
    assert!(r
        .body
        .contains(&format!("href=\"/incidents/{}\"", f.halvaro)));
    // without the CSRF token: 403, nothing written
    let r = f
        .send(post(
            format!("/incidents/{}/accounts/{}/confirm", f.halvaro, ids[1]),
            format!("version={version}&reason=checked"),
        )?)
        .await?;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // a bad figure: 422 naming it
    let page = f.send(get(format!("/incidents/{}", f.halvaro))?).await?;
    let version = field(&page.body, "version").ok_or("version")?;
    let r = f
        .send(post(
            format!("/incidents/{}/accounts/{}/edit", f.halvaro, ids[1]),
            format!("csrf={csrf}&version={version}&killed=lots&reason=r"),
        )?)
        .await?;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("figure"), "{}", r.body);

    // merge Dernova into Halvaro through the form: back on the survivor
    let page = f.send(get(format!("/incidents/{}", f.dernova))?).await?;
    let version = field(&page.body, "version").ok_or("version")?;
    let r = f
        .send(post(
            format!("/incidents/{}/merge", f.dernova),
            format!(
                "csrf={csrf}&version={version}&into={}&reason=same+strike",
                f.halvaro
            ),
        )?)
        .await?;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r
        .location
        .as_deref()
        .is_some_and(|l| l.starts_with(&format!("/incidents/{}?done=merged", f.halvaro))));

    // viewers and anonymous callers see no forms
    for role in [Some(Role::Viewer), None] {
        let page = f.get(&format!("/incidents/{}", f.halvaro), role).await?;
        assert!(
            !page.body.contains("method=\"post\" action=\"/incidents/"),
            "{role:?}"
        );
    }
    // an analyst sees the account forms, not the incident's
    let page = f
        .get(&format!("/incidents/{}", f.halvaro), Some(Role::Analyst))
        .await?;
    assert!(page.body.contains("/confirm\"") && !page.body.contains("/merge\""));
    Ok(())
}
