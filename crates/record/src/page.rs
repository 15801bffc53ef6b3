//! What the API returns and the web pages show, built from the store: one model for both, so the
//! JSON and the HTML never disagree.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use toll_link::reconcile::{AccountRef, Estimate};
use toll_link::Incident;
use toll_model::{Account, Range};
use toll_store::{
    DocumentInfo, IncidentAccount, IncidentRow, SqliteStore, Store, StoreError, StoredAccount,
};

/// The format of the incident pages stored ahead of reading (`incident_views`): raise it whenever
/// [`IncidentDetail`] or how it is built changes, and stored pages of the old format are ignored
/// (and rebuilt by the next `toll ingest`).
pub const VIEW_VERSION: i64 = 4;
use utoipa::ToSchema;

/// How many bytes of the report a quoted account shows on each side of its span.
const CONTEXT_BYTES: usize = 240;

/// Low, best and high figures.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Figures {
    /// Low estimate.
    pub low: Option<u64>,
    /// Best estimate.
    pub best: Option<u64>,
    /// High estimate.
    pub high: Option<u64>,
}

/// An incident in a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IncidentItem {
    /// Stable id, e.g. `IRQ-2017-03-17-a`.
    pub id: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
    /// Event date `YYYY-MM-DD`.
    pub date: Option<String>,
    /// UCDP `date_prec` (1 = exact day … 5 = year or more).
    pub date_prec: Option<u8>,
    /// Place name.
    pub place: Option<String>,
    /// Latitude (WGS84).
    pub lat: Option<f64>,
    /// Longitude (WGS84).
    pub lon: Option<f64>,
    /// UCDP `where_prec` (1 = exact location … 6 = country).
    pub where_prec: Option<u8>,
    /// Killed: low, best and high.
    pub killed: Figures,
    /// Injured, best estimate.
    pub injured_best: Option<u64>,
    /// Airwars-style grade: confirmed, fair, weak, contested or discounted.
    pub grade: Option<String>,
    /// Linked accounts.
    pub accounts: u64,
    /// Independent sources.
    pub sources: u64,
}

impl From<IncidentRow> for IncidentItem {
    fn from(r: IncidentRow) -> Self {
        IncidentItem {
            id: r.id,
            country: r.country,
            date: r.date,
            date_prec: r.date_prec,
            place: r.place,
            lat: r.lat,
            lon: r.lon,
            where_prec: r.where_prec,
            killed: Figures {
                low: r.facts.killed_low,
                best: r.facts.killed_best,
                high: r.facts.killed_high,
            },
            injured_best: r.facts.injured_best,
            grade: r.facts.grade,
            accounts: r.facts.accounts,
            sources: r.facts.sources,
        }
    }
}

/// One page of incidents.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IncidentList {
    /// How many incidents match in all.
    pub total: u64,
    /// This page (from 1).
    pub page: usize,
    /// Incidents per page.
    pub per_page: usize,
    /// Number of pages.
    pub pages: u64,
    /// The incidents of this page.
    pub items: Vec<IncidentItem>,
}

/// A figure as a range: at least `min`, at most `max`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RangeView {
    /// Lower bound.
    pub min: Option<u64>,
    /// Upper bound.
    pub max: Option<u64>,
    /// True for "about", "nearly", "more than".
    pub approx: bool,
}

impl From<&Range> for RangeView {
    fn from(r: &Range) -> Self {
        RangeView {
            min: r.min,
            max: r.max,
            approx: r.approx,
        }
    }
}

/// A number with thousands separators.
pub fn thousands(n: &u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl RangeView {
    /// The range in words: `23`, `23–31`, `at least 100`, `about 40`.
    pub fn label(&self) -> String {
        let approx = if self.approx { "about " } else { "" };
        let n = thousands;
        match (self.min, self.max) {
            (Some(a), Some(b)) if a == b => format!("{approx}{}", n(&a)),
            (Some(a), Some(b)) => format!("{approx}{}–{}", n(&a), n(&b)),
            (Some(a), None) => format!("at least {}", n(&a)),
            (None, Some(b)) => format!("at most {}", n(&b)),
            (None, None) => "unknown".to_string(),
        }
    }
}

/// One account of harm, traced to its bytes in a report.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AccountView {
    /// Account id.
    pub id: i64,
    /// The report's id in this store.
    pub report_id: i64,
    /// Review status: machine, confirmed, edited or rejected.
    pub status: String,
    /// Byte offsets `[start, end)` into the report's text.
    pub span: [usize; 2],
    /// The account's text (the span).
    pub text: String,
    /// Up to a sentence of the report before the span (incident pages only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context_before: Option<String>,
    /// Up to a sentence of the report after the span (incident pages only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context_after: Option<String>,
    /// People killed.
    pub killed: Option<RangeView>,
    /// People injured.
    pub injured: Option<RangeView>,
    /// True when killed and injured are one figure ("casualties").
    pub casualties_ambiguous: bool,
    /// Who the victims were.
    pub victims: String,
    /// `incident`, `campaign` or `other`.
    pub scope: String,
    /// What or who is blamed.
    pub blamed: Option<String>,
    /// Who says so.
    pub claimed_by: Option<String>,
    /// True when the claim is hedged ("may have", "reportedly").
    pub hedged: bool,
    /// True when it denies harm.
    pub denial: bool,
    /// Event date `YYYY-MM-DD`.
    pub date: Option<String>,
    /// UCDP `date_prec`.
    pub date_prec: Option<u8>,
    /// How the date was found.
    pub date_basis: Option<String>,
    /// Place name.
    pub place: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// UCDP `where_prec`.
    pub where_prec: Option<u8>,
    /// ISO alpha-2 country code.
    pub country: Option<String>,
    /// The incident it is linked to.
    pub incident_id: Option<String>,
    /// Why it was linked to that incident (`None` for the account that opened the incident, and
    /// outside an incident's page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_reason: Option<LinkReasonView>,
}

/// Why an account was linked to its incident: the match probability of record linkage, the
/// threshold it cleared, and each compared field's level and weight (log2 m/u, in bits).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LinkReasonView {
    /// Probability that the account's event and the incident are one incident.
    pub probability: f64,
    /// The probability a link needs.
    pub threshold: f64,
    /// One entry per field compared.
    pub comparisons: Vec<ComparisonView>,
}

/// One field's comparison in a [`LinkReasonView`].
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ComparisonView {
    /// The field: `date`, `distance`, `figures`, `names`, `facilities`, `means`, `victims`.
    pub field: String,
    /// The level the pair fell in (`same_day`, `km10`, `unknown` …).
    pub level: String,
    /// Its weight in bits: positive for evidence of one incident, negative against.
    pub weight: f64,
}

impl LinkReasonView {
    /// A short line for the page: the probability and the fields that weighed most.
    pub fn summary(&self) -> String {
        let mut parts: Vec<&ComparisonView> = self
            .comparisons
            .iter()
            .filter(|c| c.weight != 0.0)
            .collect();
        parts.sort_by(|a, b| b.weight.abs().total_cmp(&a.weight.abs()));
        let shown: Vec<String> = parts
            .iter()
            .map(|c| {
                format!(
                    "{} {} ({:+.1})",
                    c.field,
                    c.level.replace('_', " "),
                    c.weight
                )
            })
            .collect();
        format!(
            "linked with probability {:.2} (needs {:.2}): {}",
            self.probability,
            self.threshold,
            shown.join(", ")
        )
    }
}

impl From<&toll_link::LinkExplanation> for LinkReasonView {
    fn from(e: &toll_link::LinkExplanation) -> Self {
        LinkReasonView {
            probability: e.probability,
            threshold: e.threshold,
            comparisons: e
                .comparisons
                .iter()
                .map(|c| ComparisonView {
                    field: c.field.clone(),
                    level: c.level.clone(),
                    weight: c.weight,
                })
                .collect(),
        }
    }
}

impl AccountView {
    /// The view of a stored account.
    pub fn of(stored: &StoredAccount, incident_id: Option<String>) -> AccountView {
        let a: &Account = &stored.account;
        AccountView {
            id: stored.id,
            report_id: stored.document_id,
            status: stored.status.as_str().to_string(),
            span: [a.span.start, a.span.end],
            text: a.text.clone(),
            context_before: None,
            context_after: None,
            killed: a.killed.as_ref().map(RangeView::from),
            injured: a.injured.as_ref().map(RangeView::from),
            casualties_ambiguous: a.casualties_ambiguous,
            victims: a.victims.as_str().to_string(),
            scope: a.scope.as_str().to_string(),
            blamed: a.blamed.clone(),
            claimed_by: a.claimed_by.clone(),
            hedged: a.hedged,
            denial: a.denial,
            date: a.date.as_ref().map(|d| d.date.clone()),
            date_prec: a.date.as_ref().map(|d| d.precision),
            date_basis: a.date.as_ref().and_then(|d| {
                serde_json::to_value(d.basis)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
            }),
            place: a.place.as_ref().map(|p| p.name.clone()),
            lat: a.place.as_ref().map(|p| p.lat),
            lon: a.place.as_ref().map(|p| p.lon),
            where_prec: a.place.as_ref().map(|p| p.precision),
            country: a.place.as_ref().map(|p| p.country.clone()),
            incident_id,
            link_reason: None,
        }
    }
}

/// The view of a stored account as the record shows it: with the date and place its incident
/// lends it (`toll_record::lend`), as `toll export` and `toll analyze` show it.
pub fn account_view(
    store: &dyn Store,
    stored: &StoredAccount,
    incident_id: Option<String>,
) -> Result<AccountView, StoreError> {
    let Some(id) = incident_id else {
        return Ok(AccountView::of(stored, None));
    };
    let incident = match store.incident(&id)? {
        Some(record) => Some(summary_of(store, &record)?),
        None => None,
    };
    Ok(lent_view(stored, &id, incident.as_ref()))
}

/// The view of `stored`, linked to incident `id`, lent what `incident` decided.
fn lent_view(stored: &StoredAccount, id: &str, incident: Option<&Incident>) -> AccountView {
    match incident {
        Some(i) => {
            let mut lent = stored.clone();
            lent.account = crate::lend(&stored.account, i);
            AccountView::of(&lent, Some(id.to_string()))
        }
        None => AccountView::of(stored, Some(id.to_string())),
    }
}

/// An incident's stored summary.
fn summary_of(
    store: &dyn Store,
    record: &toll_store::IncidentRecord,
) -> Result<Incident, StoreError> {
    serde_json::from_str(&record.summary_json)
        .map_err(|e| store.damaged(format!("incident {}: unreadable summary: {e}", record.id)))
}

/// A report's metadata.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReportInfo {
    /// Report id in this store.
    pub id: i64,
    /// The report's own id (sidecar/JSONL `id`, file stem, WARC record id).
    pub key: String,
    /// SHA-256 of the archived bytes.
    pub sha256: String,
    /// Size of the archived bytes.
    pub size: u64,
    /// Media type of the archived bytes.
    pub media_type: String,
    /// File path or URL it was read from.
    pub source: String,
    /// When it was captured (WARC date or file time).
    pub captured_at: Option<String>,
    /// When it was stored.
    pub ingested_at: String,
    /// Its URL.
    pub url: Option<String>,
    /// Its title.
    pub title: Option<String>,
    /// The outlet that published it.
    pub outlet: Option<String>,
    /// Its publication date.
    pub published: Option<String>,
    /// Its language (ISO 639-1), as its metadata gave it or as detected in its text.
    pub lang: Option<String>,
}

impl From<&DocumentInfo> for ReportInfo {
    fn from(d: &DocumentInfo) -> Self {
        ReportInfo {
            id: d.id,
            key: d.meta.id.clone(),
            sha256: d.sha256.clone(),
            size: d.size,
            media_type: d.media_type.clone(),
            source: d.source.clone(),
            captured_at: d.captured_at.clone(),
            ingested_at: d.ingested_at.clone(),
            url: d.meta.url.clone(),
            title: d.meta.title.clone(),
            outlet: d.meta.outlet.clone(),
            published: d.meta.published.clone(),
            lang: d.meta.lang.clone(),
        }
    }
}

impl ReportInfo {
    /// The day the report appeared: its publication date. A report without one is undated (the day
    /// a file was copied or a page crawled says nothing of when it was published).
    pub fn appeared(&self) -> Option<&str> {
        self.published.as_deref().and_then(|d| d.get(..10))
    }

    /// A name for the report: its title, else its key.
    pub fn name(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.key)
    }
}

/// One time a report was read: its file, the outlet, URL and publication date its metadata
/// named, and when. One wire story carried by several outlets is one report seen several times.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SightingView {
    /// File path or URL it was read from.
    pub source: String,
    /// The outlet its metadata named.
    pub outlet: Option<String>,
    /// The URL its metadata named.
    pub url: Option<String>,
    /// The publication date its metadata named.
    pub published: Option<String>,
    /// When it was ingested.
    pub seen_at: String,
}

impl From<toll_store::Sighting> for SightingView {
    fn from(s: toll_store::Sighting) -> Self {
        SightingView {
            source: s.source,
            outlet: s.outlet,
            url: s.url,
            published: s.published,
            seen_at: s.seen_at,
        }
    }
}

/// Reports in id order.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportList {
    /// The reports.
    pub items: Vec<ReportInfo>,
    /// Pass as `after` for the next page; absent on the last page.
    pub next_after: Option<i64>,
}

/// One report with its text and every account extracted from it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportDetail {
    /// Metadata.
    pub report: ReportInfo,
    /// Every time the report was read (its first sighting is the one it was stored from).
    pub sightings: Vec<SightingView>,
    /// The extracted text; account spans are byte offsets into it.
    pub text: String,
    /// Current accounts, in text order.
    pub accounts: Vec<AccountView>,
}

/// Accounts in id order.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AccountList {
    /// The accounts.
    pub items: Vec<AccountView>,
    /// Pass as `after` for the next page; absent on the last page.
    pub next_after: Option<i64>,
}

/// A reconciled figure and the rule behind each bound.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EstimateView {
    /// Low estimate.
    pub low: Option<u64>,
    /// Best estimate.
    pub best: Option<u64>,
    /// High estimate.
    pub high: Option<u64>,
    /// How the low estimate was chosen.
    pub low_rule: String,
    /// How the best estimate was chosen.
    pub best_rule: String,
    /// How the high estimate was chosen.
    pub high_rule: String,
}

impl From<&Estimate> for EstimateView {
    fn from(e: &Estimate) -> Self {
        EstimateView {
            low: e.low,
            best: e.best,
            high: e.high,
            low_rule: e.low_rule.clone(),
            best_rule: e.best_rule.clone(),
            high_rule: e.high_rule.clone(),
        }
    }
}

/// The accounts one claimant makes.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ClaimView {
    /// Who makes them ("the reporting outlet" for the article's own voice).
    pub claimant: String,
    /// True when the claimant is a fighting party.
    pub belligerent: bool,
    /// The accounts, each with its sentence in context.
    pub accounts: Vec<AccountView>,
}

/// Two accounts that cannot both be true, or that blame different parties.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ContradictionView {
    /// `figures`, `denial` or `cause`.
    pub kind: String,
    /// What disagrees, in words.
    pub detail: String,
    /// The ids of the two accounts (absent when an account is no longer current).
    pub accounts: [Option<i64>; 2],
    /// The two accounts' texts.
    pub texts: [String; 2],
}

/// One incident: figures, grade, every account grouped by claimant, contradictions and sources.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IncidentDetail {
    /// Stable id.
    pub id: String,
    /// ISO alpha-2 country code.
    pub country: Option<String>,
    /// Event date `YYYY-MM-DD`.
    pub date: Option<String>,
    /// UCDP `date_prec`.
    pub date_prec: Option<u8>,
    /// Place name.
    pub place: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// UCDP `where_prec`.
    pub where_prec: Option<u8>,
    /// Killed: low, best, high with their rules.
    pub killed: EstimateView,
    /// Injured: low, best, high with their rules.
    pub injured: EstimateView,
    /// Airwars-style grade.
    pub grade: String,
    /// Why that grade.
    pub grade_reason: String,
    /// Independent sources.
    pub sources: usize,
    /// What each cause is blamed by how many accounts.
    pub blamed: BTreeMap<String, usize>,
    /// Accounts grouped by who makes them.
    pub claims: Vec<ClaimView>,
    /// Disagreements between accounts, widest first.
    pub contradictions: Vec<ContradictionView>,
    /// The reports its accounts come from, in the order they appeared.
    pub reports: Vec<ReportInfo>,
    /// What belligerents concede in their own (confirmed) assessments, beside the independent
    /// figures.
    #[serde(default)]
    pub conceded: Vec<ConcededView>,
}

/// A belligerent's confirmed assessment, shown beside the independent low / best / high.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ConcededView {
    /// Who assessed the incident.
    pub belligerent: String,
    /// `not_assessed`, `credible`, `non_credible` or `duplicate`.
    pub assessment: String,
    /// Killed the belligerent concedes.
    pub killed: Option<RangeView>,
    /// Injured the belligerent concedes.
    pub injured: Option<RangeView>,
    /// The reason it gives.
    pub reason: Option<String>,
    /// The statement's date.
    pub statement_date: Option<String>,
    /// Where the statement is published.
    pub url: Option<String>,
}

impl From<&toll_link::Conceded> for ConcededView {
    fn from(c: &toll_link::Conceded) -> Self {
        ConcededView {
            belligerent: c.belligerent.clone(),
            assessment: c.assessment.clone(),
            killed: c.killed.as_ref().map(RangeView::from),
            injured: c.injured.as_ref().map(RangeView::from),
            reason: c.reason.clone(),
            statement_date: c.statement_date.clone(),
            url: c.url.clone(),
        }
    }
}

/// The sentence around a span: up to [`CONTEXT_BYTES`] on each side, cut at a sentence or line end.
pub fn context(text: &str, start: usize, end: usize) -> (String, String) {
    let start = floor_boundary(text, start.min(text.len()));
    let end = floor_boundary(text, end.clamp(start, text.len()));
    let from = floor_boundary(text, start.saturating_sub(CONTEXT_BYTES));
    let before = &text[from..start];
    let cut = before
        .rfind(['\n', '.', '!', '?'])
        .map_or(0, |i| i + 1)
        .min(before.len());
    let before = before[cut..].trim_start();
    let to = floor_boundary(text, (end + CONTEXT_BYTES).min(text.len()));
    let after = &text[end..to];
    let stop = after
        .find(['\n', '.', '!', '?'])
        .map_or(after.len(), |i| i + 1);
    // one space where the report had whitespace, none before punctuation that follows the span
    let spaced_before = match before.trim_end() {
        "" => String::new(),
        b if b.len() < before.len() => format!("{b} "),
        b => b.to_string(),
    };
    let after = &after[..stop];
    let spaced_after = match after.trim() {
        "" => String::new(),
        a if after.starts_with(char::is_whitespace) => format!(" {a}"),
        a => a.to_string(),
    };
    (spaced_before, spaced_after)
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Incident `id`'s page as JSON: the stored page when it is current, else built now; `None` when
/// there is no such incident. An id merged into another incident gives the survivor's page.
pub fn incident_detail_json(store: &dyn Store, id: &str) -> Result<Option<String>, StoreError> {
    if let Some(json) = store.incident_view(id, VIEW_VERSION)? {
        return Ok(Some(json));
    }
    if let Some(detail) = incident_detail(store, id)? {
        return encode(id, &detail).map(Some);
    }
    match store.resolve_incident(id)? {
        Some(survivor) if survivor != id => incident_detail_json(store, &survivor),
        _ => Ok(None),
    }
}

/// Incident `id`'s page: the stored page when it is current, else built now; `None` when there is
/// no such incident. An id merged into another incident gives the survivor's page.
pub fn incident_detail_viewed(
    store: &dyn Store,
    id: &str,
) -> Result<Option<IncidentDetail>, StoreError> {
    if let Some(json) = store.incident_view(id, VIEW_VERSION)? {
        match serde_json::from_str(&json) {
            Ok(detail) => return Ok(Some(detail)),
            // a page this build cannot read is rebuilt, not shown broken
            Err(e) => tracing::warn!(incident = id, error = %e, "unreadable stored page"),
        }
    }
    if let Some(detail) = incident_detail(store, id)? {
        return Ok(Some(detail));
    }
    match store.resolve_incident(id)? {
        Some(survivor) if survivor != id => incident_detail_viewed(store, &survivor),
        _ => Ok(None),
    }
}

/// Builds and encodes the pages of incidents `ids` for storing (those that no longer exist are
/// left out).
pub fn build_views(store: &dyn Store, ids: &[String]) -> Result<Vec<(String, String)>, StoreError> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(detail) = incident_detail(store, id)? {
            out.push((id.clone(), encode(id, &detail)?));
        }
    }
    Ok(out)
}

fn encode(id: &str, detail: &IncidentDetail) -> Result<String, StoreError> {
    serde_json::to_string(detail)
        .map_err(|e| StoreError::Invalid(format!("incident {id} cannot be encoded: {e}")))
}

/// Builds the incident `id`'s page from the store; `None` when there is no such incident.
pub fn incident_detail(store: &dyn Store, id: &str) -> Result<Option<IncidentDetail>, StoreError> {
    let Some(record) = store.incident(id)? else {
        return Ok(None);
    };
    let incident = summary_of(store, &record)?;
    let members = store.incident_accounts(id)?;
    let reasons: HashMap<i64, LinkReasonView> = store
        .link_explanations(id)?
        .into_iter()
        .filter_map(|(account, json)| {
            let e: toll_link::LinkExplanation = serde_json::from_str(&json).ok()?;
            Some((account, LinkReasonView::from(&e)))
        })
        .collect();
    let mut texts: HashMap<i64, String> = HashMap::new();
    let mut reports: Vec<ReportInfo> = Vec::new();
    for m in &members {
        let doc = m.account.document_id;
        if texts.contains_key(&doc) {
            continue;
        }
        if let Some((info, text)) = store.document_text(doc)? {
            reports.push(ReportInfo::from(&info));
            texts.insert(doc, text);
        }
    }
    reports.sort_by(|a, b| a.appeared().cmp(&b.appeared()).then(a.id.cmp(&b.id)));
    // members by report and span, for the summary's references (one look-up each)
    let mut by_ref: HashMap<(&str, usize, usize), &IncidentAccount> = HashMap::new();
    for m in &members {
        let span = &m.account.account.span;
        by_ref
            .entry((m.meta.id.as_str(), span.start, span.end))
            .or_insert(m);
    }
    let find = |r: &AccountRef| -> Option<&IncidentAccount> {
        by_ref.get(&(r.doc.as_str(), r.span[0], r.span[1])).copied()
    };
    let view = |m: &IncidentAccount| -> AccountView {
        let mut v = lent_view(&m.account, id, Some(&incident));
        v.link_reason = reasons.get(&m.account.id).cloned();
        if let Some(text) = texts.get(&m.account.document_id) {
            let (before, after) = context(text, v.span[0], v.span[1]);
            v.context_before = Some(before);
            v.context_after = Some(after);
        }
        v
    };
    let mut shown: std::collections::HashSet<i64> = std::collections::HashSet::new();
    let mut claims: Vec<ClaimView> = incident
        .reconciled
        .claims
        .iter()
        .map(|c| ClaimView {
            claimant: c.claimant.clone(),
            belligerent: c.belligerent,
            accounts: c
                .accounts
                .iter()
                .filter_map(find)
                .map(|m| {
                    shown.insert(m.account.id);
                    view(m)
                })
                .collect(),
        })
        .filter(|c| !c.accounts.is_empty())
        .collect();
    // accounts the summary does not group (a summary older than a review): shown, not hidden
    let rest: Vec<AccountView> = members
        .iter()
        .filter(|m| !shown.contains(&m.account.id))
        .map(view)
        .collect();
    if !rest.is_empty() {
        claims.push(ClaimView {
            claimant: "not yet reconciled".to_string(),
            belligerent: false,
            accounts: rest,
        });
    }
    let contradictions = incident
        .reconciled
        .contradictions
        .iter()
        .map(|c| ContradictionView {
            kind: c.kind.clone(),
            detail: c.detail.clone(),
            accounts: [
                find(&c.accounts[0]).map(|m| m.account.id),
                find(&c.accounts[1]).map(|m| m.account.id),
            ],
            texts: [c.accounts[0].text.clone(), c.accounts[1].text.clone()],
        })
        .collect();
    Ok(Some(IncidentDetail {
        id: record.id,
        country: record.country,
        date: record.date,
        date_prec: record.date_prec,
        place: record.place,
        lat: record.lat,
        lon: record.lon,
        where_prec: record.where_prec,
        killed: EstimateView::from(&incident.reconciled.killed),
        injured: EstimateView::from(&incident.reconciled.injured),
        grade: incident.reconciled.grade.as_str().to_string(),
        grade_reason: incident.reconciled.grade_reason.clone(),
        sources: incident.reconciled.sources,
        blamed: incident.reconciled.blamed.clone(),
        claims,
        contradictions,
        reports,
        conceded: incident
            .reconciled
            .conceded
            .iter()
            .map(ConcededView::from)
            .collect(),
    }))
}

/// Builds report `id`'s page; `None` when there is no such report.
pub fn report_detail(store: &SqliteStore, id: i64) -> Result<Option<ReportDetail>, StoreError> {
    let Some((info, text)) = store.document_text(id)? else {
        return Ok(None);
    };
    let links: HashMap<i64, String> = store.links_of_document(id)?.into_iter().collect();
    let mut accounts: Vec<AccountView> = store
        .current_accounts(&toll_store::AccountFilter {
            document_id: Some(id),
            ..Default::default()
        })?
        .iter()
        .map(|a| account_view(store, a, links.get(&a.id).cloned()))
        .collect::<Result<_, _>>()?;
    accounts.sort_by_key(|a| (a.span[0], a.span[1], a.id));
    let sightings = store
        .sightings(id)?
        .into_iter()
        .map(SightingView::from)
        .collect();
    Ok(Some(ReportDetail {
        report: ReportInfo::from(&info),
        sightings,
        text,
        accounts,
    }))
}

/// Incident pages built and stored per write transaction.
const PAGES_PER_WRITE: usize = 500;

/// Builds and stores the page of every incident that has no current stored page (new or changed
/// incidents, and all of them after the page format changed), so that readers send pages instead
/// of building them per request; `progress` is called with the total, then after each write with
/// how many are done. Returns how many were stored.
pub fn store_pages(
    store: &dyn Store,
    mut progress: impl FnMut(usize, usize),
) -> Result<usize, StoreError> {
    let ids = store.incidents_without_view(VIEW_VERSION)?;
    progress(ids.len(), 0);
    let mut stored = 0;
    for chunk in ids.chunks(PAGES_PER_WRITE) {
        let pages = build_views(store, chunk)?;
        store.save_incident_views(VIEW_VERSION, &pages)?;
        stored += pages.len();
        progress(ids.len(), stored);
    }
    Ok(stored)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_without_a_publication_date_is_undated() {
        let mut r = ReportInfo {
            id: 1,
            key: "a".into(),
            sha256: String::new(),
            size: 0,
            media_type: "text/plain".into(),
            source: "a.txt".into(),
            captured_at: Some("2026-12-04T17:00:00Z".into()),
            ingested_at: "2026-12-04T17:00:01.000Z".into(),
            url: None,
            title: None,
            outlet: None,
            published: None,
            lang: None,
        };
        // the day a file was copied is not the day the report appeared
        assert_eq!(r.appeared(), None);
        r.published = Some("2017-03-18".into());
        assert_eq!(r.appeared(), Some("2017-03-18"));
    }

    #[test]
    fn context_stops_at_sentence_ends() {
        let text = "First one. The strike killed 12. Officials said so. Then more.";
        let start = text.find("The strike").unwrap_or(0);
        let end = start + "The strike killed 12.".len();
        let (before, after) = context(text, start, end);
        assert_eq!(before, "");
        assert_eq!(after, " Officials said so.");
        let (before, _) = context(text, text.find("killed").unwrap_or(0), end);
        assert_eq!(before, "The strike ");
        // punctuation right after a span keeps to it
        let (_, after) = context(text, 0, "First one".len());
        assert_eq!(after, ".");
    }

    #[test]
    fn context_survives_bad_offsets_and_multibyte_text() {
        let text = "Ğüzel. Ölü 3 kişi – dedi.";
        for (s, e) in [(0, 1000), (3, 4), (1000, 2000), (9, 2)] {
            let _ = context(text, s, e);
        }
    }

    #[test]
    fn ranges_read_as_words() {
        let r = |min, max, approx| RangeView { min, max, approx };
        assert_eq!(r(Some(3), Some(3), false).label(), "3");
        assert_eq!(r(Some(3), Some(9), false).label(), "3–9");
        assert_eq!(r(Some(100), None, true).label(), "at least 100");
        assert_eq!(r(Some(40), Some(40), true).label(), "about 40");
        assert_eq!(r(Some(1201), None, true).label(), "at least 1,201");
    }
}
