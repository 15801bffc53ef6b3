//! The web UI: server-rendered pages (askama templates compiled into the binary) that work without
//! JavaScript. Everything a report says is escaped by the templates; links to outside addresses are
//! only drawn for `http` and `https` URLs.

use crate::api;
use crate::error::ApiError;
use crate::map::MapView;
use crate::params::{self, IncidentParams, GRADES};
use crate::timeline::{self, TimelineView};
use crate::view::{AccountView, IncidentDetail, IncidentItem, IncidentList, ReportDetail};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;

const STYLE: &str = include_str!("../static/style.css");

/// The web UI's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(incident_list))
        .route("/incidents/{id}", get(incident_page))
        .route("/reports/{id}", get(report_page))
        .route("/queue", get(crate::queue::queue_page))
        .route("/static/style.css", get(style))
        .route("/static/dossier.css", get(dossier_style))
        .route_layer(axum::middleware::from_fn_with_state(
            method_not_allowed as fn() -> Response,
            crate::get_only,
        ))
        .fallback(|| async { page_error(StatusCode::NOT_FOUND, "There is no page here.") })
}

async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE,
    )
        .into_response()
}

/// The claim dossier's print style (the dossier page links it: no inline style passes the CSP).
async fn dossier_style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        toll_claims::dossier::html::STYLE,
    )
        .into_response()
}

pub(crate) fn render(t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template error");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the page could not be drawn",
            )
                .into_response()
        }
    }
}

/// An error page.
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    status: u16,
    message: &'a str,
}

pub(crate) fn page_error(status: StatusCode, message: &str) -> Response {
    let mut res = render(&ErrorPage {
        status: status.as_u16(),
        message,
    });
    *res.status_mut() = status;
    res
}

/// 405, as a page: the answer of every page to any method but GET (HEAD included).
pub(crate) fn method_not_allowed() -> Response {
    page_error(
        StatusCode::METHOD_NOT_ALLOWED,
        "This site is read-only: only GET requests are answered.",
    )
}

fn api_error(e: ApiError) -> Response {
    page_error(e.status, &e.message)
}

/// A sortable column header.
struct Column {
    label: &'static str,
    href: String,
    arrow: &'static str,
    class: &'static str,
}

/// The incident list page.
#[derive(Template)]
#[template(path = "incidents.html")]
struct ListPage<'a> {
    p: &'a IncidentParams,
    list: &'a IncidentList,
    grades: &'a [&'a str],
    sorts: &'a [(&'a str, &'a str)],
    columns: Vec<Column>,
    prev: Option<String>,
    next: Option<String>,
    /// The review queue's counts, for analysts and above.
    queue: Option<toll_record::queue::QueueCounts>,
}

impl ListPage<'_> {
    fn queue_kinds(
        &self,
        c: &toll_record::queue::QueueCounts,
    ) -> Vec<(&'static str, &'static str, u64)> {
        crate::queue::kinds(c)
    }

    fn value<'b>(&self, v: &'b Option<String>) -> &'b str {
        v.as_deref().unwrap_or("")
    }

    fn is_grade(&self, g: &str) -> bool {
        self.p.grade.as_deref() == Some(g)
    }

    fn is_sort(&self, key: &str) -> bool {
        self.p.sort_key().map(|s| s.as_str()) == Ok(key)
    }
}

/// The query string of `p` with some fields changed.
fn link(p: &IncidentParams, change: impl FnOnce(&mut IncidentParams)) -> String {
    let mut q = p.clone();
    change(&mut q);
    let blank = |v: &mut Option<String>| {
        if v.as_deref().is_some_and(|s| s.trim().is_empty()) {
            *v = None;
        }
    };
    for v in [
        &mut q.country,
        &mut q.from,
        &mut q.to,
        &mut q.grade,
        &mut q.min_killed,
        &mut q.q,
        &mut q.sort,
        &mut q.order,
        &mut q.page,
        &mut q.per_page,
    ] {
        blank(v);
    }
    match serde_urlencoded::to_string(&q) {
        Ok(s) if !s.is_empty() => format!("/?{s}"),
        _ => "/".to_string(),
    }
}

async fn incident_list(
    State(state): State<AppState>,
    caller: crate::auth::Caller,
    RawQuery(raw): RawQuery,
) -> Response {
    let p: IncidentParams = match params::parse_query(raw.as_deref()) {
        Ok(p) => p,
        Err(e) => return page_error(StatusCode::BAD_REQUEST, &e),
    };
    let list = match api::incident_list(&state, &caller, &p).await {
        Ok(l) => l,
        Err(e) => return api_error(e),
    };
    let sort = p.sort_key().map(|s| s.as_str()).unwrap_or("date");
    let desc = p.descending().unwrap_or(true);
    let columns = [
        ("Date", "date", "col-date"),
        ("Incident", "id", "col-id"),
        ("Killed", "killed", "col-num"),
        ("Sources", "sources", "col-num"),
        ("Accounts", "accounts", "col-num"),
    ]
    .into_iter()
    .map(|(label, key, class)| {
        let active = sort == key;
        Column {
            label,
            href: link(&p, |q| {
                q.sort = Some(key.to_string());
                q.order = Some(if active && desc { "asc" } else { "desc" }.to_string());
                q.page = None;
            }),
            arrow: match (active, desc) {
                (false, _) => "",
                (true, true) => "▼",
                (true, false) => "▲",
            },
            class,
        }
    })
    .collect();
    let prev = (list.page > 1).then(|| link(&p, |q| q.page = Some((list.page - 1).to_string())));
    // a list serves its first MAX_RESULT_WINDOW incidents: no link to a page beyond them
    let next = ((list.page as u64) < list.pages
        && (list.page + 1).saturating_mul(list.per_page) <= params::MAX_RESULT_WINDOW)
        .then(|| link(&p, |q| q.page = Some((list.page + 1).to_string())));
    render(&ListPage {
        p: &p,
        list: &list,
        grades: &GRADES,
        sorts: &[
            ("date", "date"),
            ("killed", "killed (best)"),
            ("sources", "sources"),
            ("accounts", "accounts"),
            ("id", "id"),
        ],
        columns,
        prev,
        next,
        queue: crate::queue::front_page_counts(&state, &caller).await,
    })
}

/// The incident page.
#[derive(Template)]
#[template(path = "incident.html")]
struct IncidentPage<'a> {
    i: &'a IncidentDetail,
    map: Option<MapView>,
    timeline: Option<TimelineView>,
    accounts: usize,
    redress: Option<crate::redress::Section>,
    /// Review forms by role, the notice of a decision, the history.
    review: crate::review_web::Panel,
}

/// Contradictions shown before the rest fold away.
const CONTRADICTIONS_SHOWN: usize = 3;

impl IncidentPage<'_> {
    fn first_contradictions(&self) -> &[crate::view::ContradictionView] {
        let c = &self.i.contradictions;
        &c[..c.len().min(CONTRADICTIONS_SHOWN)]
    }

    fn more_contradictions(&self) -> &[crate::view::ContradictionView] {
        let c = &self.i.contradictions;
        &c[c.len().min(CONTRADICTIONS_SHOWN)..]
    }

    fn report_name(&self, id: &i64) -> &str {
        self.i
            .reports
            .iter()
            .find(|r| r.id == *id)
            .map_or("report", |r| r.name())
    }
}

async fn incident_page(
    State(state): State<AppState>,
    caller: crate::auth::Caller,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    // the page, its history and its redress section in one read
    let (i, history, redress) = match api::incident_with_history(&state, &caller, &id).await {
        Ok(found) => found,
        Err(e) => return api_error(e),
    };
    let review = crate::review_web::panel_from(history, &caller, raw.as_deref());
    let others: Vec<(f64, f64, String)> = i
        .claims
        .iter()
        .flat_map(|c| &c.accounts)
        .filter_map(|a| Some((a.lat?, a.lon?, a.place.clone()?)))
        .collect();
    let map = match (i.lat, i.lon) {
        (Some(lat), Some(lon)) => Some(state.atlas.locator(
            lat,
            lon,
            i.where_prec,
            i.place.as_deref().unwrap_or(""),
            &others,
        )),
        _ => None,
    };
    let reports: Vec<(i64, Option<&str>, &str)> = i
        .reports
        .iter()
        .map(|r| (r.id, r.appeared(), r.name()))
        .collect();
    let timeline = timeline::layout(i.date.as_deref(), &reports);
    let accounts = i.claims.iter().map(|c| c.accounts.len()).sum();
    render(&IncidentPage {
        i: &i,
        map,
        timeline,
        accounts,
        redress,
        review,
    })
}

/// A run of report text, plain or one account's span.
struct Segment<'a> {
    text: &'a str,
    account: Option<&'a AccountView>,
}

/// Cuts a report's text into plain runs and account spans (overlapping spans: the earlier wins).
fn segments<'a>(text: &'a str, accounts: &'a [AccountView]) -> Vec<Segment<'a>> {
    let mut out = Vec::new();
    let mut at = 0;
    for a in accounts {
        let (s, e) = (a.span[0], a.span[1]);
        if s < at
            || e <= s
            || e > text.len()
            || !text.is_char_boundary(s)
            || !text.is_char_boundary(e)
        {
            continue;
        }
        if s > at {
            out.push(Segment {
                text: &text[at..s],
                account: None,
            });
        }
        out.push(Segment {
            text: &text[s..e],
            account: Some(a),
        });
        at = e;
    }
    if at < text.len() {
        out.push(Segment {
            text: &text[at..],
            account: None,
        });
    }
    out
}

/// The report page.
#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage<'a> {
    r: &'a ReportDetail,
    segments: Vec<Segment<'a>>,
    focus: Option<i64>,
    external_url: Option<&'a str>,
}

impl ReportPage<'_> {
    fn is_focus(&self, id: &i64) -> bool {
        self.focus == Some(*id)
    }
}

/// `hl=ACCOUNT` on a report page: the account to emphasise.
#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ReportParams {
    hl: Option<String>,
}

async fn report_page(
    State(state): State<AppState>,
    caller: crate::auth::Caller,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let focus = match params::parse_query::<ReportParams>(raw.as_deref()) {
        Ok(p) => p.hl.and_then(|h| h.parse::<i64>().ok()),
        Err(e) => return page_error(StatusCode::BAD_REQUEST, &e),
    };
    let r = match api::report(&state, &caller, &id).await {
        Ok(r) => r,
        Err(e) => return api_error(e),
    };
    let external_url = r
        .report
        .url
        .as_deref()
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"));
    render(&ReportPage {
        r: &r,
        segments: segments(&r.text, &r.accounts),
        focus,
        external_url,
    })
}

/// A number with thousands separators.
pub(crate) fn thousands(n: &u64) -> String {
    toll_record::page::thousands(n)
}

/// A figure or a dash.
/// A belligerent's conceded figure ("105", "100–110", "≥105"), "–" when none.
fn conceded(r: &Option<crate::view::RangeView>) -> String {
    match r {
        Some(r) => {
            let approx = if r.approx { "~" } else { "" };
            match (r.min, r.max) {
                (Some(a), Some(b)) if a == b => format!("{approx}{}", thousands(&a)),
                (Some(a), Some(b)) => format!("{approx}{}–{}", thousands(&a), thousands(&b)),
                (Some(a), None) => format!("≥{}", thousands(&a)),
                (None, Some(b)) => format!("≤{}", thousands(&b)),
                (None, None) => "–".to_string(),
            }
        }
        None => "–".to_string(),
    }
}

fn figure(n: &Option<u64>) -> String {
    n.as_ref().map_or_else(|| "–".to_string(), thousands)
}

/// The list's "low–high" beside a best figure.
fn spread(i: &IncidentItem) -> String {
    match (i.killed.low, i.killed.high) {
        (Some(l), Some(h)) if l != h => format!("{}–{}", thousands(&l), thousands(&h)),
        _ => String::new(),
    }
}

/// The UCDP precision of a date in words.
fn date_prec_words(p: &Option<u8>) -> &'static str {
    match p {
        Some(1) => "exact day",
        Some(2) => "within a few days",
        Some(3) => "within a week",
        Some(4) => "within a month",
        Some(5) => "year or more",
        _ => "",
    }
}

/// The UCDP precision of a place in words.
fn where_prec_words(p: &Option<u8>) -> &'static str {
    match p {
        Some(1) => "exact location",
        Some(2) => "within 25 km",
        Some(3) => "district",
        Some(4) => "province",
        Some(5) => "in a region, unclear",
        Some(6) => "country",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_get_separators() {
        assert_eq!(thousands(&0), "0");
        assert_eq!(thousands(&999), "999");
        assert_eq!(thousands(&1000), "1,000");
        assert_eq!(thousands(&1234567), "1,234,567");
    }

    #[test]
    fn list_links_keep_filters_and_drop_blanks() {
        let p = IncidentParams {
            country: Some("IQ".into()),
            from: Some(String::new()),
            q: Some("car bomb".into()),
            ..IncidentParams::default()
        };
        let href = link(&p, |q| q.page = Some("2".into()));
        assert_eq!(href, "/?country=IQ&q=car+bomb&page=2");
        assert_eq!(link(&IncidentParams::default(), |_| {}), "/");
    }
}
