//! Review in the web UI: plain HTML forms (no JavaScript) on the incident page, beside each
//! account and for the incident, and the `POST` routes they send to. Each form carries the
//! session's CSRF token and the incident version the page showed; a decision goes through
//! [`decide::decide`] (the record layer, on the one writer) and answers `303 See Other` back to the
//! incident page with a notice, a page naming the problem, or a 409 page that says the record
//! changed and links to reload it. The incident page's review part ([`Panel`]: forms by role, the
//! incident's history from the audit trail) is built here too.

use crate::auth::Caller;
use crate::decide::{self, refuse, Action, Refused};
use crate::review_body::{move_target, split_accounts, EditBody, FigureIn, PinBody, PlaceIn};
use crate::review_history::HistoryEvent;
use crate::web::page_error;
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use toll_record::review::Reviewed;
use toll_record::RecordError;
use toll_store::Role;

/// Largest form body accepted.
const MAX_FORM_BYTES: usize = 16 * 1024;

/// The grades a reviewer may set.
pub const GRADES: [&str; 5] = ["confirmed", "fair", "weak", "contested", "discounted"];

/// The review forms' routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/incidents/{id}/accounts/{account}/confirm",
            post(|s, c, p, b| account_form(s, c, p, b, AccountForm::Confirm)).fallback(use_post),
        )
        .route(
            "/incidents/{id}/accounts/{account}/reject",
            post(|s, c, p, b| account_form(s, c, p, b, AccountForm::Reject)).fallback(use_post),
        )
        .route(
            "/incidents/{id}/accounts/{account}/edit",
            post(|s, c, p, b| account_form(s, c, p, b, AccountForm::Edit)).fallback(use_post),
        )
        .route(
            "/incidents/{id}/accounts/{account}/move",
            post(|s, c, p, b| account_form(s, c, p, b, AccountForm::Move)).fallback(use_post),
        )
        .route(
            "/incidents/{id}/split",
            post(|s, c, p, b| incident_form(s, c, p, b, IncidentForm::Split)).fallback(use_post),
        )
        .route(
            "/incidents/{id}/merge",
            post(|s, c, p, b| incident_form(s, c, p, b, IncidentForm::Merge)).fallback(use_post),
        )
        .route(
            "/incidents/{id}/pin",
            post(|s, c, p, b| incident_form(s, c, p, b, IncidentForm::Pin)).fallback(use_post),
        )
        .route(
            "/incidents/{id}/grade",
            post(|s, c, p, b| incident_form(s, c, p, b, IncidentForm::Grade)).fallback(use_post),
        )
        .route(
            "/incidents/{id}/publish",
            post(|s, c, p, b| incident_form(s, c, p, b, IncidentForm::Publish)).fallback(use_post),
        )
        .layer(DefaultBodyLimit::max(MAX_FORM_BYTES))
}

/// 405 with `Allow: POST`, as a page: a form route's answer to any other method.
async fn use_post() -> Response {
    let mut res = page_error(
        StatusCode::METHOD_NOT_ALLOWED,
        "This address takes a review form (POST) only.",
    );
    res.headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("POST"));
    res
}

/// A form's fields, in order (a name may repeat: the split's checkboxes).
struct Fields(Vec<(String, String)>);

impl Fields {
    fn parse(bytes: &[u8]) -> Result<Fields, Refused> {
        serde_urlencoded::from_bytes(bytes)
            .map(Fields)
            .map_err(|e| refuse(StatusCode::BAD_REQUEST, format!("the form: {e}")))
    }

    /// The first value of `name`, trimmed; `None` when missing or blank.
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        self.0
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.trim())
    }

    fn number<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>, RecordError> {
        self.get(name)
            .map(|v| {
                v.parse::<T>()
                    .map_err(|_| RecordError::Invalid(format!("{name} {v:?} is not a number")))
            })
            .transpose()
    }

    fn version(&self) -> Result<i64, Refused> {
        match self.number::<i64>("version") {
            Ok(Some(v)) => Ok(v),
            Ok(None) => Err(refuse(
                StatusCode::BAD_REQUEST,
                "the form has no incident version: reload the page",
            )),
            Err(e) => Err(refuse(StatusCode::BAD_REQUEST, e.to_string())),
        }
    }

    /// A place from `place`, `lat`, `lon`, `country`, `where_prec`; `None` when no field is filled.
    fn place(&self) -> Result<Option<PlaceIn>, RecordError> {
        let names = ["place", "lat", "lon", "country", "where_prec"];
        if names.iter().all(|n| self.get(n).is_none()) {
            return Ok(None);
        }
        let (Some(name), Some(lat), Some(lon), Some(country)) = (
            self.get("place"),
            self.number::<f64>("lat")?,
            self.number::<f64>("lon")?,
            self.get("country"),
        ) else {
            return Err(RecordError::Invalid(
                "a place needs its name, latitude, longitude and country".into(),
            ));
        };
        Ok(Some(PlaceIn {
            name: name.to_string(),
            lat,
            lon,
            country: country.to_string(),
            where_prec: self.number("where_prec")?,
        }))
    }
}

/// The account forms.
#[derive(Debug, Clone, Copy)]
enum AccountForm {
    Confirm,
    Reject,
    Edit,
    Move,
}

/// The incident forms.
#[derive(Debug, Clone, Copy)]
enum IncidentForm {
    Split,
    Merge,
    Pin,
    Grade,
    Publish,
}

/// `Some(Some(text))` for a filled field, `Some(None)` for `none`, `None` (unchanged) for blank.
fn text_field(f: &Fields, name: &str) -> Option<Option<String>> {
    f.get(name)
        .map(|v| (!v.eq_ignore_ascii_case("none")).then(|| v.to_string()))
}

/// The edit a form asks for: blank fields stay as they are, `none` clears one.
fn edit_body(f: &Fields) -> Result<EditBody, RecordError> {
    let figure = |name: &str| f.get(name).map(|v| Some(FigureIn::Text(v.to_string())));
    Ok(EditBody {
        reason: String::new(),
        version: None,
        killed: figure("killed"),
        injured: figure("injured"),
        victims: f.get("victims").map(str::to_string),
        scope: f.get("scope").map(str::to_string),
        claimed_by: text_field(f, "claimed_by"),
        blamed: text_field(f, "blamed"),
        date: text_field(f, "date"),
        date_prec: f.number("date_prec")?,
        place: f.place()?.map(Some),
    })
}

async fn account_form(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, account)): Path<(String, String)>,
    bytes: Bytes,
    form: AccountForm,
) -> Response {
    let page = match crate::params::incident_id(&id) {
        Ok(id) => id.to_string(),
        Err(e) => return page_error(StatusCode::BAD_REQUEST, &e),
    };
    let result = async {
        let f = Fields::parse(&bytes)?;
        let user = decide::authorize(&caller, Role::Analyst, f.get("csrf"))?;
        let account = crate::params::numeric_id("account", &account)
            .map_err(|e| refuse(StatusCode::BAD_REQUEST, e))?;
        let version = f.version()?;
        let action = match form {
            AccountForm::Confirm => Action::Confirm(account),
            AccountForm::Reject => Action::Reject(account),
            AccountForm::Edit => Action::Edit(account, edit_body(&f).and_then(|b| b.edit())?),
            AccountForm::Move => Action::Move {
                from: page.clone(),
                account,
                to: move_target(f.get("to"), f.get("new").is_some())?,
            },
        };
        let reason = f.get("reason").unwrap_or_default().to_string();
        decide::decide(&state, user, &reason, Some(version), action).await
    }
    .await;
    let code = match form {
        AccountForm::Confirm => "confirmed",
        AccountForm::Reject => "rejected",
        AccountForm::Edit => "edited",
        AccountForm::Move => "moved",
    };
    answer(result, &page, code)
}

async fn incident_form(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    bytes: Bytes,
    form: IncidentForm,
) -> Response {
    let page = match crate::params::incident_id(&id) {
        Ok(id) => id.to_string(),
        Err(e) => return page_error(StatusCode::BAD_REQUEST, &e),
    };
    let result = async {
        let f = Fields::parse(&bytes)?;
        let user = decide::authorize(&caller, Role::Editor, f.get("csrf"))?;
        let version = f.version()?;
        let id = page.clone();
        let action = match form {
            IncidentForm::Split => {
                let accounts = f
                    .all("split")
                    .map(|a| crate::params::numeric_id("account", a).map_err(RecordError::Invalid))
                    .collect::<Result<Vec<_>, _>>()?;
                Action::Split {
                    from: id,
                    accounts: split_accounts(accounts)?,
                }
            }
            IncidentForm::Merge => {
                let into = f.get("into").ok_or_else(|| {
                    RecordError::Invalid("say which incident this one merges into".into())
                })?;
                let into = crate::params::incident_id(into).map_err(RecordError::Invalid)?;
                Action::Merge {
                    merged: id,
                    into: into.to_string(),
                }
            }
            IncidentForm::Pin => {
                let pin = PinBody {
                    reason: String::new(),
                    version,
                    date: f.get("date").map(str::to_string),
                    date_prec: f.number("date_prec")?,
                    place: f.place()?,
                }
                .pin()?;
                Action::Pin(id, pin)
            }
            IncidentForm::Grade => {
                let grade = f
                    .get("grade")
                    .ok_or_else(|| RecordError::Invalid("choose a grade".into()))?;
                Action::Grade(id, grade.to_string())
            }
            IncidentForm::Publish => {
                let published = match f.get("published") {
                    Some("true") => true,
                    Some("false") => false,
                    _ => return Err(refuse(StatusCode::BAD_REQUEST, "publish: true or false")),
                };
                Action::Publish(id, published)
            }
        };
        let reason = f.get("reason").unwrap_or_default().to_string();
        decide::decide(&state, user, &reason, Some(version), action).await
    }
    .await;
    let code = match form {
        IncidentForm::Split => "split",
        IncidentForm::Merge => "merged",
        IncidentForm::Pin => "pinned",
        IncidentForm::Grade => "graded",
        IncidentForm::Publish => "publication",
    };
    answer(result, &page, code)
}

/// The incident page to go back to after a decision on `page`: itself, or the incident it was
/// merged into.
fn back_to(done: &Reviewed, page: &str, code: &str) -> String {
    let target = if code == "merged" {
        done.incidents.first().map_or(page, |(id, _)| id.as_str())
    } else {
        page
    };
    format!("/incidents/{target}?done={code}&event={}", done.event)
}

/// 303 back to the incident page with a notice, or the refusal as a page.
fn answer(result: Result<Reviewed, Refused>, page: &str, code: &str) -> Response {
    match result {
        Ok(done) => {
            let mut res = StatusCode::SEE_OTHER.into_response();
            if let Ok(v) = HeaderValue::from_str(&back_to(&done, page, code)) {
                res.headers_mut().insert(header::LOCATION, v);
            }
            res
        }
        Err(Refused {
            conflict: Some((incident, version)),
            error,
        }) => conflict_page(&incident, version, &error.message),
        Err(r) => refused_page(r.error.status, &r.error.message, page),
    }
}

/// The page of a refused decision.
#[derive(Template)]
#[template(path = "refused.html")]
struct RefusedPage<'a> {
    status: u16,
    message: &'a str,
    incident: &'a str,
    signed_out: bool,
}

fn refused_page(status: StatusCode, message: &str, incident: &str) -> Response {
    let page = RefusedPage {
        status: status.as_u16(),
        message,
        incident,
        signed_out: status == StatusCode::UNAUTHORIZED,
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => page_error(status, message),
    }
}

/// The 409 page: the record changed since the page was loaded.
#[derive(Template)]
#[template(path = "conflict.html")]
struct ConflictPage<'a> {
    incident: &'a str,
    version: i64,
    message: &'a str,
}

fn conflict_page(incident: &str, version: i64, message: &str) -> Response {
    let page = ConflictPage {
        incident,
        version,
        message,
    };
    match page.render() {
        Ok(html) => (StatusCode::CONFLICT, Html(html)).into_response(),
        Err(_) => page_error(StatusCode::CONFLICT, message),
    }
}

/// One row of the incident page's history.
pub struct HistoryRow {
    /// When.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What, in words.
    pub what: String,
    /// What it was, as compact JSON.
    pub before: String,
    /// What it is, as compact JSON.
    pub after: String,
    /// Why.
    pub reason: String,
}

/// An audit action in words.
fn action_words(action: &str) -> &str {
    match action {
        "review.account.confirm" => "confirmed an account",
        "review.account.reject" => "rejected an account",
        "review.account.edit" => "edited an account",
        "review.incident.move" => "moved an account",
        "review.incident.split" => "split the incident",
        "review.incident.merge" => "merged incidents",
        "review.incident.pin" => "pinned the date or place",
        "review.incident.grade" => "set the grade",
        "review.incident.publish" => "published",
        "review.incident.unpublish" => "withdrew publication",
        other => other,
    }
}

impl From<&HistoryEvent> for HistoryRow {
    fn from(e: &HistoryEvent) -> HistoryRow {
        let json = |v: &Option<serde_json::Value>| {
            v.as_ref()
                .map_or_else(String::new, serde_json::Value::to_string)
        };
        HistoryRow {
            at: e.at.clone(),
            actor: e.actor.clone(),
            what: format!("{} ({} {})", action_words(&e.action), e.entity, e.entity_id),
            before: json(&e.before),
            after: json(&e.after),
            reason: e.reason.clone().unwrap_or_default(),
        }
    }
}

/// The review part of an incident page: the version the forms send, which forms the caller may
/// use, the notice of a decision just made, and the history.
pub struct Panel {
    /// The incident's version (the forms send it).
    pub version: i64,
    /// Marked published.
    pub published: bool,
    /// The session's CSRF token (empty for a bearer-token caller, who needs none).
    pub csrf: String,
    /// May review accounts and move them.
    pub analyst: bool,
    /// May split, merge, pin, grade and publish.
    pub editor: bool,
    /// What the decision just made did.
    pub notice: Option<String>,
    /// The incident's history, oldest first (empty when the caller may not see it).
    pub history: Vec<HistoryRow>,
    /// The grades to choose from.
    pub grades: &'static [&'static str],
}

/// The notice for `?done=CODE&event=N` after a decision (codes from this module's redirects).
fn notice(query: Option<&str>) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query?).ok()?;
    let value = |k: &str| {
        pairs
            .iter()
            .find(|(name, _)| name == k)
            .map(|(_, v)| v.as_str())
    };
    let what = match value("done")? {
        "confirmed" => "The account is confirmed",
        "rejected" => "The account is rejected: it no longer counts in the figures",
        "edited" => "The account is corrected; the figures are reconciled again",
        "moved" => "The account is moved; both incidents are reconciled again",
        "split" => "The accounts are split off into a new incident",
        "merged" => "The incidents are merged; the merged id now leads here",
        "pinned" => "The date or place is pinned",
        "graded" => "The grade is set",
        "publication" => "The publication is recorded",
        _ => return None,
    };
    Some(match value("event").and_then(|e| e.parse::<u64>().ok()) {
        Some(n) => format!("{what} (audit event {n})."),
        None => format!("{what}."),
    })
}

/// The review part of incident `id`'s page for `caller`; `query` is the page's query string.
pub(crate) async fn panel(
    state: &AppState,
    caller: &Caller,
    id: &str,
    query: Option<&str>,
) -> Result<Panel, crate::error::ApiError> {
    let history = crate::review_history::history_of(state, caller, id).await?;
    let role = caller.role();
    let (version, published, events) = match history {
        Some(h) => (h.version, h.published, h.events),
        None => (0, false, Vec::new()),
    };
    Ok(Panel {
        version,
        published,
        csrf: caller
            .session
            .as_ref()
            .map(|(_, c)| c.clone())
            .unwrap_or_default(),
        analyst: role.is_some_and(|r| r >= Role::Analyst),
        editor: role.is_some_and(|r| r >= Role::Editor),
        notice: notice(query),
        history: events.iter().rev().map(HistoryRow::from).collect(),
        grades: &GRADES,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_come_from_known_codes_only() {
        assert_eq!(
            notice(Some("done=confirmed&event=12")).as_deref(),
            Some("The account is confirmed (audit event 12).")
        );
        assert_eq!(notice(Some("done=<script>")), None);
        assert_eq!(notice(Some("event=3")), None);
        assert_eq!(notice(None), None);
    }

    #[test]
    fn forms_read_blank_as_unchanged_and_none_as_cleared() -> Result<(), Box<dyn std::error::Error>>
    {
        let f = Fields::parse(b"killed=23-41&injured=&blamed=none&claimed_by=&victims=civilians")
            .map_err(|r| r.error.message)?;
        let e = edit_body(&f)?.edit()?;
        assert!(matches!(e.killed, Some(Some(_))));
        assert_eq!(e.injured, None);
        assert_eq!(e.blamed, Some(None));
        assert_eq!(e.claimed_by, None);
        assert_eq!(e.victims, Some(toll_model::Victims::Civilians));
        let half = Fields::parse(b"place=Halvaro&lat=33").map_err(|r| r.error.message)?;
        assert!(half.place().is_err());
        let split = Fields::parse(b"split=3&split=5&csrf=x").map_err(|r| r.error.message)?;
        assert_eq!(split.all("split").collect::<Vec<_>>(), ["3", "5"]);
        Ok(())
    }
}
