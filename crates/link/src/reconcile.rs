//! Reconciling one incident's accounts: low / best / high figures with the rule behind each,
//! the accounts side by side grouped by who claims them, the contradictions, the number of
//! independent sources and a proposed grade on Airwars' scale. Nothing is silently dropped:
//! every account stays in the record, and every disagreement is listed.

use crate::actors;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use toll_model::{Account, Range, Victims};

/// One account with the report it came from.
#[derive(Debug, Clone, Copy)]
pub struct SourcedAccount<'a> {
    /// The report's id.
    pub doc: &'a str,
    /// The publishing outlet, if known (independence is judged by outlet, else by report).
    pub outlet: Option<&'a str>,
    /// Every outlet that carried the same report (its sightings: one wire story in several
    /// outlets), `outlet` among them; empty when only `outlet` is known. Each counts as a source.
    pub outlets: &'a [String],
    /// The account.
    pub account: &'a Account,
}

/// A figure estimate in the UCDP GED sense, with the rule that chose each value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Estimate {
    /// The most conservative figure the sources support.
    pub low: Option<u64>,
    /// The most likely figure.
    pub best: Option<u64>,
    /// The highest figure any source gives.
    pub high: Option<u64>,
    /// How `low` was chosen.
    pub low_rule: String,
    /// How `best` was chosen.
    pub best_rule: String,
    /// How `high` was chosen.
    pub high_rule: String,
}

/// A pointer to one account in a reconciled incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRef {
    /// The report's id.
    pub doc: String,
    /// Byte span of the account in the report's text.
    pub span: [usize; 2],
    /// The quoted words.
    pub text: String,
    /// Killed, as stated.
    pub killed: Option<Range>,
    /// Injured, as stated.
    pub injured: Option<Range>,
    /// Who or what it blames.
    pub blamed: Option<String>,
    /// True when hedged.
    pub hedged: bool,
    /// True when it denies harm.
    pub denial: bool,
}

/// The accounts one claimant makes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// Who makes them ("the reporting outlet" for the article's own voice).
    pub claimant: String,
    /// True when the claimant is a fighting party.
    pub belligerent: bool,
    /// The accounts.
    pub accounts: Vec<AccountRef>,
}

/// Two accounts that cannot both be true, or that blame different parties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contradiction {
    /// `figures`, `denial` or `cause`.
    pub kind: String,
    /// What disagrees, in words.
    pub detail: String,
    /// The two accounts.
    pub accounts: [AccountRef; 2],
}

/// Airwars' grading of civilian harm claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Grade {
    /// A belligerent accepted responsibility.
    Confirmed,
    /// Two or more credible sources, and a belligerent's action likely.
    Fair,
    /// A single source.
    Weak,
    /// Competing claims of responsibility.
    Contested,
    /// Those harmed were most likely combatants, or another party caused the harm.
    Discounted,
}

impl Grade {
    /// The lowercase label.
    pub fn as_str(&self) -> &'static str {
        match self {
            Grade::Confirmed => "confirmed",
            Grade::Fair => "fair",
            Grade::Weak => "weak",
            Grade::Contested => "contested",
            Grade::Discounted => "discounted",
        }
    }
}

/// One incident's reconciled record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reconciled {
    /// Killed: low / best / high.
    pub killed: Estimate,
    /// Injured: low / best / high.
    pub injured: Estimate,
    /// The accounts, grouped by who claims them.
    pub claims: Vec<Claim>,
    /// Figures that cannot both be true, denials against reports of harm, different causes.
    pub contradictions: Vec<Contradiction>,
    /// Independent sources (distinct outlets, else distinct reports).
    pub sources: usize,
    /// The parties blamed, as comparable actors, with how many accounts blame each.
    pub blamed: BTreeMap<String, usize>,
    /// Proposed grade.
    pub grade: Grade,
    /// Why that grade.
    pub grade_reason: String,
    /// What belligerents concede in their own assessments, beside the independent figures
    /// (filled in by the record from its assessments; empty when none was entered).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conceded: Vec<Conceded>,
}

/// A belligerent's own assessment of an incident, as reconciliation shows it beside the
/// independent low / best / high.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conceded {
    /// Who assessed it.
    pub belligerent: String,
    /// `not_assessed`, `credible`, `non_credible` or `duplicate`.
    pub assessment: String,
    /// Killed the belligerent concedes.
    pub killed: Option<Range>,
    /// Injured the belligerent concedes.
    pub injured: Option<Range>,
    /// The reason it gives.
    pub reason: Option<String>,
    /// The statement's date.
    pub statement_date: Option<String>,
    /// Where the statement is published.
    pub url: Option<String>,
}

/// A distinct killed statement: source, claimant, minimum, maximum.
type StatementKey<'a> = (&'a str, Option<&'a str>, Option<u64>, Option<u64>);

/// How many of the lowest and of the highest distinct figures are compared for contradictions.
const EXTREMES: usize = 64;
/// At most this many contradictions are listed per kind.
const MAX_CONTRADICTIONS: usize = 12;

fn account_ref(s: &SourcedAccount<'_>) -> AccountRef {
    let a = s.account;
    AccountRef {
        doc: s.doc.to_string(),
        span: [a.span.start, a.span.end],
        text: a.text.clone(),
        killed: a.killed,
        injured: a.injured,
        blamed: a.blamed.clone(),
        hedged: a.hedged,
        denial: a.denial,
    }
}

/// Independent sources: distinct outlets over every sighting of the accounts' reports; a report
/// whose outlets are all unknown counts by its id.
fn count_sources(accounts: &[SourcedAccount<'_>]) -> usize {
    let mut sources = std::collections::BTreeSet::new();
    for s in accounts {
        let mut sighted = s.outlets.iter().filter(|o| !o.is_empty()).peekable();
        if sighted.peek().is_none() {
            sources.insert(source_of(s));
        } else {
            sources.extend(sighted.map(String::as_str));
        }
    }
    sources.len()
}

fn source_of<'a>(s: &SourcedAccount<'a>) -> &'a str {
    s.outlet.filter(|o| !o.is_empty()).unwrap_or(s.doc)
}

fn show(r: &Range) -> String {
    match (r.min, r.max) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a}–{b}"),
        (Some(a), None) => format!("at least {a}"),
        (None, Some(b)) => format!("at most {b}"),
        (None, None) => "an unknown number".to_string(),
    }
}

/// Low / best / high of one kind of harm over the accounts that state it.
fn estimate(accounts: &[SourcedAccount<'_>], pick: fn(&Account) -> Option<Range>) -> Estimate {
    // per source: its largest minimum, its largest maximum, its point figure
    let mut per_source: BTreeMap<&str, (Option<u64>, Option<u64>, u64)> = BTreeMap::new();
    for s in accounts {
        let Some(r) = pick(s.account) else { continue };
        if s.account.hedged && !s.account.denial {
            // hedged figures ("may have exceeded") count toward the high, not the low
            let point = r.max.or(r.min).unwrap_or(0);
            let e = per_source.entry(source_of(s)).or_insert((None, None, 0));
            e.1 = e.1.max(r.max.or(r.min));
            e.2 = e.2.max(point);
            continue;
        }
        let point = match (r.min, r.max) {
            (Some(a), Some(b)) => (a + b) / 2,
            (Some(a), None) => a,
            (None, Some(b)) => b,
            (None, None) => continue,
        };
        let e = per_source.entry(source_of(s)).or_insert((None, None, 0));
        e.0 = e.0.max(r.min);
        e.1 = e.1.max(r.max.or(r.min));
        e.2 = e.2.max(point);
    }
    if per_source.is_empty() {
        return Estimate::default();
    }
    let mut mins: Vec<u64> = per_source.values().filter_map(|v| v.0).collect();
    mins.sort_unstable_by(|a, b| b.cmp(a));
    let (low, low_rule) = match mins.as_slice() {
        [] => (None, "no source states a minimum".to_string()),
        [only] => (
            Some(*only),
            "the only source's minimum (no second source to agree)".to_string(),
        ),
        [_, second, ..] => (
            Some(*second),
            format!(
                "the largest minimum at least two of {} sources agree on",
                mins.len()
            ),
        ),
    };
    let high = per_source.values().filter_map(|v| v.1).max();
    let high_rule = "the largest figure any source gives".to_string();
    let mut points: Vec<u64> = per_source.values().map(|v| v.2).collect();
    points.sort_unstable();
    let median = points[(points.len() - 1) / 2];
    let best = Some(median.clamp(low.unwrap_or(0), high.unwrap_or(u64::MAX)));
    let best_rule = format!(
        "the median of the {} sources' own figures, kept between low and high",
        points.len()
    );
    Estimate {
        low,
        best,
        high,
        low_rule,
        best_rule,
        high_rule,
    }
}

/// True when two ranges cannot both be true.
fn disjoint(a: &Range, b: &Range) -> bool {
    let below = |x: &Range, y: &Range| match (x.max, y.min) {
        (Some(hi), Some(lo)) => hi < lo,
        _ => false,
    };
    // approximate figures ("about 60") leave room either way
    !(a.approx || b.approx) && (below(a, b) || below(b, a))
}

/// Reconciles the accounts of one incident.
pub fn reconcile(accounts: &[SourcedAccount<'_>]) -> Reconciled {
    let killed = estimate(accounts, |a| a.killed);
    let injured = estimate(accounts, |a| a.injured);

    let mut claims: BTreeMap<String, Claim> = BTreeMap::new();
    for s in accounts {
        let claimant = s
            .account
            .claimed_by
            .clone()
            .unwrap_or_else(|| format!("{} (own voice)", source_of(s)));
        claims
            .entry(claimant.to_lowercase())
            .or_insert_with(|| Claim {
                belligerent: actors::is_belligerent(&claimant),
                claimant,
                accounts: Vec::new(),
            })
            .accounts
            .push(account_ref(s));
    }

    let contradictions = contradictions(accounts);

    let mut blamed: BTreeMap<String, usize> = BTreeMap::new();
    for s in accounts {
        if let Some(actor) = s.account.blamed.as_deref().and_then(actors::actor) {
            *blamed.entry(actor.to_string()).or_default() += 1;
        }
    }
    let sources = count_sources(accounts);
    let (grade, grade_reason) = grade(accounts, &blamed, sources);
    Reconciled {
        killed,
        injured,
        claims: claims.into_values().collect(),
        contradictions,
        sources,
        blamed,
        grade,
        grade_reason,
        conceded: Vec::new(),
    }
}

/// The gap between two disjoint ranges (how far apart the figures are).
fn gap(a: &Range, b: &Range) -> u64 {
    let lo_hi = |x: &Range, y: &Range| match (x.max, y.min) {
        (Some(hi), Some(lo)) if hi < lo => lo - hi,
        _ => 0,
    };
    lo_hi(a, b).max(lo_hi(b, a))
}

fn contradiction(
    kind: &str,
    detail: String,
    a: &SourcedAccount<'_>,
    b: &SourcedAccount<'_>,
) -> Contradiction {
    Contradiction {
        kind: kind.to_string(),
        detail,
        accounts: [account_ref(a), account_ref(b)],
    }
}

/// Every disagreement among the accounts, stated once: each denial against the largest toll
/// reported by someone else; the figures that cannot both be true, widest gaps first; each pair
/// of different causes.
fn contradictions(accounts: &[SourcedAccount<'_>]) -> Vec<Contradiction> {
    let independent = |a: &SourcedAccount<'_>, b: &SourcedAccount<'_>| {
        source_of(a) != source_of(b) || a.account.claimed_by != b.account.claimed_by
    };
    let mut out = Vec::new();
    // denials: one per (source, claimant), against the largest toll someone else reports
    let mut denials_seen = std::collections::BTreeSet::new();
    let mut tolls: Vec<(u64, &SourcedAccount<'_>)> = accounts
        .iter()
        .filter(|s| !s.account.denial)
        .filter_map(|s| {
            s.account
                .killed
                .and_then(|k| k.max.or(k.min))
                .map(|n| (n, s))
        })
        .filter(|(n, _)| *n > 0)
        .collect();
    tolls.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
    for d in accounts.iter().filter(|s| s.account.denial) {
        if denials_seen.len() >= MAX_CONTRADICTIONS
            || !denials_seen.insert((source_of(d), d.account.claimed_by.as_deref()))
        {
            continue;
        }
        if let Some((_, s)) = tolls.iter().find(|(_, s)| independent(d, s)) {
            let k = s.account.killed.unwrap_or_default();
            let detail = format!(
                "{} says no one was killed; {} reports {} killed",
                d.account.claimed_by.as_deref().unwrap_or(d.doc),
                s.account.claimed_by.as_deref().unwrap_or(s.doc),
                show(&k)
            );
            out.push(contradiction("denial", detail, d, s));
        }
    }
    // figures: the widest gaps lie between the lowest maximums and the highest minimums, so only
    // the distinct statements at both extremes are paired (bounded work on any input)
    let mut distinct: BTreeMap<StatementKey<'_>, &SourcedAccount<'_>> = BTreeMap::new();
    for s in accounts.iter().filter(|s| !s.account.denial) {
        if let Some(k) = s.account.killed.filter(|k| !k.approx) {
            distinct
                .entry((source_of(s), s.account.claimed_by.as_deref(), k.min, k.max))
                .or_insert(s);
        }
    }
    let mut by_max: Vec<&SourcedAccount<'_>> = distinct.values().copied().collect();
    let mut by_min = by_max.clone();
    by_max.sort_by_key(|s| s.account.killed.and_then(|k| k.max).unwrap_or(u64::MAX));
    by_min.sort_by_key(|s| std::cmp::Reverse(s.account.killed.and_then(|k| k.min).unwrap_or(0)));
    by_max.truncate(EXTREMES);
    by_min.truncate(EXTREMES);
    let mut figures = Vec::new();
    for a in &by_max {
        for b in &by_min {
            if !independent(a, b) {
                continue;
            }
            if let (Some(x), Some(y)) = (a.account.killed, b.account.killed) {
                // each pair once: the lower statement first
                let lower = matches!((x.max, y.min), (Some(hi), Some(lo)) if hi < lo);
                if lower && disjoint(&x, &y) {
                    figures.push((gap(&x, &y), *a, *b, x, y));
                }
            }
        }
    }
    figures.sort_by_key(|q| std::cmp::Reverse(q.0));
    let mut seen = std::collections::BTreeSet::new();
    for (_, a, b, x, y) in figures {
        let detail = format!("{} killed against {} killed", show(&x), show(&y));
        if seen.len() < MAX_CONTRADICTIONS && seen.insert(detail.clone()) {
            out.push(contradiction("figures", detail, a, b));
        }
    }
    // causes: one account per distinct (actor, means) blamed, then pairs of those
    let mut causes: BTreeMap<(Option<&str>, Option<&str>), &SourcedAccount<'_>> = BTreeMap::new();
    for s in accounts {
        let blamed = s.account.blamed.as_deref();
        let key = (
            blamed.and_then(actors::actor),
            blamed.and_then(actors::means),
        );
        if key != (None, None) {
            causes.entry(key).or_insert(s);
        }
    }
    let causes: Vec<_> = causes.into_iter().collect();
    let mut seen = std::collections::BTreeSet::new();
    for (i, ((actor_a, means_a), a)) in causes.iter().enumerate() {
        for ((actor_b, means_b), b) in &causes[i + 1..] {
            let detail = match ((actor_a, actor_b), (means_a, means_b)) {
                ((Some(p), Some(q)), _) if p != q => format!("blames {p} against blames {q}"),
                (_, (Some(p), Some(q))) if actors::means_conflict(p, q) => {
                    format!("{p} against {q}")
                }
                _ => continue,
            };
            if seen.insert(detail.clone()) {
                out.push(contradiction("cause", detail, a, b));
            }
        }
    }
    out
}

fn grade(
    accounts: &[SourcedAccount<'_>],
    blamed: &BTreeMap<String, usize>,
    sources: usize,
) -> (Grade, String) {
    // a belligerent's own statement of harm caused by its side
    let admission = accounts.iter().find(|s| {
        let a = s.account;
        let speaker = a.claimed_by.as_deref().unwrap_or("");
        // the party's own statement, not what others say it said ("reportedly")
        !a.denial
            && !a.hedged
            && a.killed.is_some_and(|k| k.min.unwrap_or(0) > 0)
            && actors::is_belligerent(speaker)
            && a.blamed
                .as_deref()
                .and_then(actors::actor)
                .is_none_or(|blamed| actors::actor(speaker).is_none_or(|side| side == blamed))
    });
    if let Some(s) = admission {
        return (
            Grade::Confirmed,
            format!(
                "a belligerent ({}) acknowledged harm: \"{}\" ({})",
                s.account.claimed_by.as_deref().unwrap_or(""),
                s.account.text,
                s.doc
            ),
        );
    }
    let mut means: Vec<&str> = accounts
        .iter()
        .filter_map(|s| s.account.blamed.as_deref().and_then(actors::means))
        .collect();
    means.sort_unstable();
    means.dedup();
    let conflicting_means = means
        .iter()
        .enumerate()
        .any(|(i, a)| means[i + 1..].iter().any(|b| actors::means_conflict(a, b)));
    if conflicting_means && blamed.len() < 2 {
        return (
            Grade::Contested,
            format!("competing accounts of the cause: {}", means.join(" vs ")),
        );
    }
    if blamed.len() >= 2 {
        let parties: Vec<&str> = blamed.keys().map(String::as_str).collect();
        return (
            Grade::Contested,
            format!(
                "competing claims of responsibility: {}",
                parties.join(" vs ")
            ),
        );
    }
    let stated: Vec<_> = accounts
        .iter()
        .filter(|s| s.account.killed.is_some())
        .collect();
    if !stated.is_empty()
        && stated
            .iter()
            .all(|s| s.account.victims == Victims::Combatants)
    {
        return (
            Grade::Discounted,
            "every account describes those killed as combatants".to_string(),
        );
    }
    if sources >= 2 {
        let cause = blamed
            .keys()
            .next()
            .map(|a| format!("; the harm is attributed to {a}"))
            .unwrap_or_default();
        return (
            Grade::Fair,
            format!("{sources} independent sources report it{cause}"),
        );
    }
    (Grade::Weak, "a single source reports it".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use toll_model::{Scope, Span};

    fn account(killed: Range, blamed: Option<&str>, by: Option<&str>) -> Account {
        Account {
            span: Span::new(0, 4),
            text: "text".into(),
            killed: Some(killed),
            injured: None,
            casualties_ambiguous: false,
            victims: Victims::Civilians,
            scope: Scope::Incident,
            blamed: blamed.map(str::to_string),
            claimed_by: by.map(str::to_string),
            hedged: false,
            denial: false,
            date: None,
            month_day: None,
            window: Default::default(),
            period: None,
            place: None,
            place_names: Vec::new(),
        }
    }

    fn at_least(n: u64) -> Range {
        Range {
            min: Some(n),
            max: None,
            approx: false,
        }
    }

    #[test]
    fn mosul_style_disagreement_is_kept_visible() {
        let a = account(at_least(101), Some("coalition air strike"), None);
        let b = account(
            Range::exact(61),
            Some("ISIS car bomb"),
            Some("Iraqi officials"),
        );
        let c = account(
            Range::exact(105),
            Some("US airstrike"),
            Some("the Pentagon"),
        );
        let d = account(Range::exact(240), None, Some("witnesses"));
        let all = [
            SourcedAccount {
                doc: "r1",
                outlet: Some("Outlet A"),
                outlets: &[],
                account: &a,
            },
            SourcedAccount {
                doc: "r2",
                outlet: Some("Outlet B"),
                outlets: &[],
                account: &b,
            },
            SourcedAccount {
                doc: "r3",
                outlet: Some("Outlet C"),
                outlets: &[],
                account: &c,
            },
            SourcedAccount {
                doc: "r3",
                outlet: Some("Outlet C"),
                outlets: &[],
                account: &d,
            },
        ];
        let r = reconcile(&all);
        assert_eq!(r.sources, 3);
        // minimums per source: 101, 61, 240 (r3's largest) → two agree on at least 101
        assert_eq!(r.killed.low, Some(101));
        assert_eq!(r.killed.high, Some(240));
        assert_eq!(r.killed.best, Some(101));
        assert!(r
            .contradictions
            .iter()
            .any(|c| c.kind == "figures" && c.detail.contains("61")));
        assert!(r.contradictions.iter().any(|c| c.kind == "cause"
            && c.detail.contains("ISIS")
            && c.detail.contains("US-led coalition")));
        assert_eq!(r.grade, Grade::Confirmed, "{}", r.grade_reason);
        assert_eq!(r.claims.len(), 4);
    }

    #[test]
    fn a_hedged_statement_by_a_party_does_not_confirm() {
        let mut a = account(Range::exact(200), Some("air strike"), Some("the military"));
        a.hedged = true;
        let one = [SourcedAccount {
            doc: "r1",
            outlet: None,
            outlets: &[],
            account: &a,
        }];
        assert_ne!(reconcile(&one).grade, Grade::Confirmed);
        a.hedged = false;
        let one = [SourcedAccount {
            doc: "r1",
            outlet: None,
            outlets: &[],
            account: &a,
        }];
        assert_eq!(reconcile(&one).grade, Grade::Confirmed);
    }

    #[test]
    fn grades_without_an_admission() {
        let a = account(Range::exact(12), Some("Russian missile"), None);
        let b = account(
            Range::exact(12),
            Some("missile strike"),
            Some("regional governor"),
        );
        let one = [SourcedAccount {
            doc: "r1",
            outlet: None,
            outlets: &[],
            account: &a,
        }];
        assert_eq!(reconcile(&one).grade, Grade::Weak);
        let two = [
            SourcedAccount {
                doc: "r1",
                outlet: None,
                outlets: &[],
                account: &a,
            },
            SourcedAccount {
                doc: "r2",
                outlet: None,
                outlets: &[],
                account: &b,
            },
        ];
        let r = reconcile(&two);
        assert_eq!(r.grade, Grade::Fair);
        assert_eq!(
            (r.killed.low, r.killed.best, r.killed.high),
            (Some(12), Some(12), Some(12))
        );
        assert!(r.contradictions.is_empty());
        let c = account(
            Range::exact(12),
            Some("Ukrainian air defence missile"),
            None,
        );
        let contested = [
            SourcedAccount {
                doc: "r1",
                outlet: None,
                outlets: &[],
                account: &a,
            },
            SourcedAccount {
                doc: "r3",
                outlet: None,
                outlets: &[],
                account: &c,
            },
        ];
        assert_eq!(reconcile(&contested).grade, Grade::Contested);
    }

    #[test]
    fn huge_incidents_reconcile_in_bounded_work() {
        let accounts: Vec<Account> = (0..50_000u64)
            .map(|i| {
                let mut a = account(Range::exact(i % 5_000 + 1), Some("air strike"), None);
                a.claimed_by = Some(format!("speaker {}", i % 997));
                a.denial = i % 1000 == 0;
                a
            })
            .collect();
        let sourced: Vec<SourcedAccount<'_>> = accounts
            .iter()
            .map(|a| SourcedAccount {
                doc: "r",
                outlet: None,
                outlets: &[],
                account: a,
            })
            .collect();
        let r = reconcile(&sourced);
        let figures = r
            .contradictions
            .iter()
            .filter(|c| c.kind == "figures")
            .count();
        assert_eq!(figures, MAX_CONTRADICTIONS);
        assert_eq!(r.killed.high, Some(5_000));
    }

    #[test]
    fn denials_and_combatants() {
        let mut denial = account(Range::exact(0), None, Some("the coalition"));
        denial.denial = true;
        let harm = account(Range::exact(9), None, Some("hospital staff"));
        let r = reconcile(&[
            SourcedAccount {
                doc: "r1",
                outlet: None,
                outlets: &[],
                account: &denial,
            },
            SourcedAccount {
                doc: "r2",
                outlet: None,
                outlets: &[],
                account: &harm,
            },
        ]);
        assert!(r.contradictions.iter().any(|c| c.kind == "denial"));
        let mut fighters = account(Range::exact(16), None, None);
        fighters.victims = Victims::Combatants;
        let r = reconcile(&[SourcedAccount {
            doc: "r1",
            outlet: None,
            outlets: &[],
            account: &fighters,
        }]);
        assert_eq!(r.grade, Grade::Discounted);
    }

    #[test]
    fn a_report_seen_in_several_outlets_counts_each_outlet() {
        let a = account(Range::exact(14), Some("air strike"), None);
        let carried = ["Wire One".to_string(), "Paper Two".to_string()];
        let one = [SourcedAccount {
            doc: "wire",
            outlet: Some("Wire One"),
            outlets: &carried,
            account: &a,
        }];
        assert_eq!(reconcile(&one).sources, 2);
        let unknown = [SourcedAccount {
            doc: "wire",
            outlet: None,
            outlets: &[],
            account: &a,
        }];
        assert_eq!(reconcile(&unknown).sources, 1);
    }
}
