//! Scope: does an account count one incident or an aggregate (a period's, an area's or a war's
//! total)?
//!
//! Each account's clause yields [`ScopeEvidence`]: counts of cues a reader weighs ("since", "in
//! the past six months", "the war that has killed", a weekday, "the strike on the market", a
//! figure in thousands …). A logistic model turns the counts into the probability that the account
//! is an aggregate. Its weights are data (`data/scope_weights.tsv`), fitted on gold-labelled
//! corpora by `examples/fit_scope.rs`; an account on which no cue fires follows its report's
//! majority.

use crate::group::Group;
use crate::lexicon::{
    has, EVENT_NOUNS, MONTHS, PERIOD_NOUNS, PLACE_PLURALS, PLURAL_EVENTS, SCOPE_SITE_WORDS,
    WEEKDAYS,
};
use crate::token::{Token, TokenKind};
use std::sync::OnceLock;
use toll_model::Scope;

/// Names of the scope cues, in the order of [`ScopeEvidence::counts`] and of the weights file.
pub const SCOPE_CUES: [&str; CUES] = [
    "since",
    "period_unit",
    "during_period",
    "so_far",
    "across",
    "wave_of",
    "numbered_days",
    "per_period",
    "period_noun",
    "compound_period",
    "in_month",
    "event_noun_determined",
    "event_noun_bare",
    "weekday",
    "site_word",
    "thousands",
    "period_that_has",
    "cumulative",
    "from_year",
    "cause_period",
    "cause_event",
    "cause_plural_events",
    "hundreds",
    "in_total",
    "perfect_tense",
    "stated_day",
    "counted_events",
];

/// How many cues there are.
pub const CUES: usize = 27;

/// Index of each cue in [`ScopeEvidence::counts`].
mod cue {
    pub const SINCE: usize = 0;
    pub const PERIOD_UNIT: usize = 1;
    pub const DURING_PERIOD: usize = 2;
    pub const SO_FAR: usize = 3;
    pub const ACROSS: usize = 4;
    pub const WAVE_OF: usize = 5;
    pub const NUMBERED_DAYS: usize = 6;
    pub const PER_PERIOD: usize = 7;
    pub const PERIOD_NOUN: usize = 8;
    pub const COMPOUND_PERIOD: usize = 9;
    pub const IN_MONTH: usize = 10;
    pub const EVENT_NOUN_DETERMINED: usize = 11;
    pub const EVENT_NOUN_BARE: usize = 12;
    pub const WEEKDAY: usize = 13;
    pub const SITE_WORD: usize = 14;
    pub const THOUSANDS: usize = 15;
    pub const PERIOD_THAT_HAS: usize = 16;
    pub const CUMULATIVE: usize = 17;
    pub const FROM_YEAR: usize = 18;
    pub const CAUSE_PERIOD: usize = 19;
    pub const CAUSE_EVENT: usize = 20;
    pub const CAUSE_PLURAL_EVENTS: usize = 21;
    pub const HUNDREDS: usize = 22;
    pub const IN_TOTAL: usize = 23;
    pub const PERFECT_TENSE: usize = 24;
    pub const STATED_DAY: usize = 25;
    pub const COUNTED_EVENTS: usize = 26;
}

/// The scope cues found in one account's clause, counted.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ScopeEvidence {
    /// How often each cue of [`SCOPE_CUES`] fired.
    pub counts: [f32; CUES],
}

impl ScopeEvidence {
    /// True when no cue fired: the account follows its report's majority.
    pub fn is_empty(&self) -> bool {
        self.counts.iter().all(|c| *c == 0.0)
    }

    /// Log-odds that the account is an aggregate under `weights`.
    pub fn log_odds(&self, weights: &ScopeWeights) -> f32 {
        weights.bias
            + self
                .counts
                .iter()
                .zip(weights.cues.iter())
                .map(|(c, w)| c * w)
                .sum::<f32>()
    }

    fn add(&mut self, cue: usize, by: f32) {
        self.counts[cue] += by;
    }
}

/// The scope model's weights: a bias and one weight per cue (log-odds of an aggregate).
#[derive(Debug, Clone, PartialEq)]
pub struct ScopeWeights {
    /// Log-odds of an aggregate when cues fire but weigh nothing.
    pub bias: f32,
    /// Log-odds this close to zero (either side) decide nothing: the account follows its report's
    /// majority, as one with no cue does. Optional in the file (`margin`), 0 by default.
    pub margin: f32,
    /// One weight per cue of [`SCOPE_CUES`].
    pub cues: [f32; CUES],
}

/// Why a weights file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightsError(pub String);

impl std::fmt::Display for WeightsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "scope weights: {}", self.0)
    }
}

impl std::error::Error for WeightsError {}

impl ScopeWeights {
    /// Reads weights from `name<TAB>weight` lines (`#` starts a comment; `bias` is the bias); every
    /// cue of [`SCOPE_CUES`] must be given exactly once.
    pub fn parse(text: &str) -> Result<ScopeWeights, WeightsError> {
        let mut bias = None;
        let mut margin = None;
        let mut cues: [Option<f32>; CUES] = [None; CUES];
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let mut parts = line.split_whitespace();
            let (Some(name), Some(value), None) = (parts.next(), parts.next(), parts.next()) else {
                return Err(WeightsError(format!(
                    "line {}: expected NAME WEIGHT",
                    n + 1
                )));
            };
            let value: f32 = value
                .parse()
                .map_err(|_| WeightsError(format!("line {}: {value:?} is not a number", n + 1)))?;
            let slot = if name == "bias" {
                &mut bias
            } else if name == "margin" {
                &mut margin
            } else {
                let Some(i) = SCOPE_CUES.iter().position(|c| *c == name) else {
                    return Err(WeightsError(format!(
                        "line {}: unknown cue {name:?}",
                        n + 1
                    )));
                };
                &mut cues[i]
            };
            if slot.replace(value).is_some() {
                return Err(WeightsError(format!("line {}: {name} given twice", n + 1)));
            }
        }
        let bias = bias.ok_or_else(|| WeightsError("no bias".into()))?;
        let mut out = [0.0; CUES];
        for (i, w) in cues.iter().enumerate() {
            out[i] = w.ok_or_else(|| WeightsError(format!("no weight for {}", SCOPE_CUES[i])))?;
        }
        Ok(ScopeWeights {
            bias,
            margin: margin.unwrap_or(0.0),
            cues: out,
        })
    }

    /// The weights shipped with the extractor (`data/scope_weights.tsv`).
    pub fn shipped() -> &'static ScopeWeights {
        static WEIGHTS: OnceLock<ScopeWeights> = OnceLock::new();
        WEIGHTS.get_or_init(|| {
            // the file is part of the crate and checked by a test: a parse failure is a build defect,
            // and no cue weighing anything leaves every account to its report's majority
            ScopeWeights::parse(include_str!("../data/scope_weights.tsv")).unwrap_or(ScopeWeights {
                bias: 0.0,
                margin: 0.0,
                cues: [0.0; CUES],
            })
        })
    }
}

/// People killed or injured in one figure from which on it counts a campaign or a war, never one
/// strike or blast.
const TOTAL_MAGNITUDE: u64 = 1500;

/// True for "last month", "this week" naming when one thing happened ("bombed last month",
/// "earlier this week"), not a period counted over ("over the last month", "in the past weeks").
fn time_point(ts: &[Token], k: usize) -> bool {
    let word = ts[k].lower.as_str();
    let prev = k.checked_sub(1).map_or("", |p| ts[p].lower.as_str());
    let before = k.checked_sub(2).map_or("", |p| ts[p].lower.as_str());
    matches!(word, "month" | "week")
        && matches!(prev, "last" | "this")
        && !matches!(
            before,
            "over" | "during" | "in" | "for" | "throughout" | "within" | "the" | "across"
        )
}

/// The scope cues of one account: its clause (from the sentence's start) and the phrase after
/// each figure that says what caused the harm.
pub fn scope_evidence(
    tokens: &[Token],
    group: &Group,
    sentence_tokens: (usize, usize),
) -> ScopeEvidence {
    let mut ev = ScopeEvidence::default();
    let (s, e) = (
        group.tokens.0.max(sentence_tokens.0),
        group.tokens.1.min(tokens.len()),
    );
    let ts = tokens.get(s..e).unwrap_or(&[]);
    for (k, t) in ts.iter().enumerate() {
        let w = t.lower.as_str();
        let next = ts.get(k + 1).map(|t| t.lower.as_str()).unwrap_or("");
        let prev = k.checked_sub(1).map(|p| ts[p].lower.as_str()).unwrap_or("");
        match w {
            // "the deadliest since the air war began" compares, it does not count a period
            "since" if !superlative_before(ts, k) => ev.add(cue::SINCE, 1.0),
            "year" | "years" | "months" | "weeks" | "month" | "days" | "week"
                if (matches!(
                    prev,
                    "few"
                        | "this"
                        | "last"
                        | "four"
                        | "five"
                        | "six"
                        | "seven"
                        | "two"
                        | "three"
                        | "past"
                        | "the"
                        | "of"
                ) || prev.ends_with("-year")
                    // "nine years", "14 months"
                    || crate::quantity::is_number_word(prev)
                    || (!prev.is_empty() && prev.bytes().all(|b| b.is_ascii_digit())))
                    && !superlative_before(ts, k)
                    && !time_point(ts, k)
                    // "two years ago", "six months later": a point in time, not a span counted over
                    && !matches!(next, "ago" | "earlier" | "later") =>
            {
                // "over the past month", "in the last six weeks": a span counted over, said twice
                let counted_over = k >= 2
                    && matches!(prev, "past" | "last")
                    && matches!(
                        ts[k - 2].lower.as_str(),
                        "the" | "over" | "in" | "during" | "throughout" | "for" | "within"
                    );
                ev.add(cue::PERIOD_UNIT, if counted_over { 2.0 } else { 1.0 })
            }
            "during"
                if ts
                    .get(k + 1..(k + 8).min(ts.len()))
                    .is_some_and(|w| w.iter().any(|t| has!(PERIOD_NOUNS, &t.lower))) =>
            {
                ev.add(cue::DURING_PERIOD, 1.0)
            }
            "so" if next == "far" && ts.get(k + 2).is_some_and(|t| t.is("in") || t.is("this")) => {
                ev.add(cue::SO_FAR, 1.0)
            }
            "across" | "nationwide" | "countrywide" => ev.add(cue::ACROSS, 1.0),
            // "in 16 communities", "in three provinces": several places counted; "strikes on
            // cities", "a barrage against towns": several places struck
            _ if has!(PLACE_PLURALS, w)
                && (crate::quantity::is_number_word(prev)
                    || (!prev.is_empty() && prev.bytes().all(|b| b.is_ascii_digit()))
                    || matches!(prev, "on" | "against" | "targeting" | "hitting")) =>
            {
                ev.add(cue::ACROSS, 1.0)
            }
            "wave" if next == "of" => ev.add(cue::WAVE_OF, 1.0),
            "hours" | "days"
                if prev.chars().all(|c| c.is_ascii_digit()) || prev.ends_with("-day") =>
            {
                ev.add(cue::NUMBERED_DAYS, 1.0)
            }
            "per" | "monthly" | "annual" | "annually" => ev.add(cue::PER_PERIOD, 1.0),
            // "in total", "a total of", "in all", "altogether", "overall"
            "total" if matches!(prev, "in" | "a") => ev.add(cue::IN_TOTAL, 1.0),
            "all" if prev == "in" && matches!(next, "" | "," | "." | ";") => {
                ev.add(cue::IN_TOTAL, 1.0)
            }
            "altogether" | "overall" => ev.add(cue::IN_TOTAL, 1.0),
            // "have been killed", "has killed": a count still running
            "has" | "have"
                if matches!(
                    next,
                    "been" | "killed" | "left" | "claimed" | "died" | "wounded"
                ) =>
            {
                ev.add(cue::PERFECT_TENSE, 1.0)
            }
            _ => {}
        }
        if has!(PERIOD_NOUNS, w)
            && next != ":"
            && next != "crimes"
            && prev != "of"
            && !superlative_before(ts, k)
        {
            ev.add(cue::PERIOD_NOUN, 1.0);
        }
        if w.ends_with("-year")
            || w.ends_with("-day")
            || w.ends_with("-month")
            || w.ends_with("-week")
        {
            ev.add(cue::COMPOUND_PERIOD, 1.0);
        }
        // "in March", "in 2016" as a period (a month or year without a day)
        // ("said in March that" dates the saying)
        if matches!(w, "in" | "during" | "throughout")
            && (has!(MONTHS, next) && !ts.get(k + 2).is_some_and(|t| t.kind == TokenKind::Number))
            && !matches!(prev, "said" | "says" | "reported" | "announced" | "told")
        {
            ev.add(cue::IN_MONTH, 1.0);
        }
        // "in 2016" as a period: a year with no day or month
        if matches!(w, "in" | "during" | "throughout")
            && ts.get(k + 1).is_some_and(|t| {
                t.kind == TokenKind::Number && t.lower.len() == 4 && t.lower.starts_with(['1', '2'])
            })
            && !matches!(prev, "said" | "says" | "reported" | "announced" | "told")
        {
            ev.add(cue::IN_MONTH, 1.0);
        }
        // "from 1 to 28 February", "between 3 and 9 March": days counted over
        if matches!(w, "from" | "between")
            && ts.get(k + 1).is_some_and(|t| day_number(&t.lower))
            && ts
                .get(k + 2)
                .is_some_and(|t| t.is("to") || t.is("and") || t.is("-"))
            && ts.get(k + 3).is_some_and(|t| day_number(&t.lower))
            && ts.get(k + 4).is_some_and(|t| has!(MONTHS, &t.lower))
        {
            ev.add(cue::PERIOD_UNIT, 1.0);
        }
        // "on 3 March", "March 3": a day is stated
        if has!(MONTHS, w)
            && (ts.get(k + 1).is_some_and(|t| day_number(&t.lower))
                || k.checked_sub(1).is_some_and(|p| day_number(&ts[p].lower)))
        {
            ev.add(cue::STATED_DAY, 1.0);
        }
        if has!(EVENT_NOUNS, w) {
            // singular event nouns point to one incident, plurals to several
            if matches!(prev, "the" | "a" | "an" | "single" | "this" | "that") {
                ev.add(cue::EVENT_NOUN_DETERMINED, 1.0);
            } else {
                ev.add(cue::EVENT_NOUN_BARE, 1.0);
            }
        }
        // "in two strikes", "several raids": events counted
        if has!(PLURAL_EVENTS, w)
            && (matches!(
                prev,
                "two"
                    | "three"
                    | "four"
                    | "five"
                    | "several"
                    | "multiple"
                    | "dozens"
                    | "hundreds"
                    | "numerous"
                    | "series"
            ) || prev.chars().all(|c| c.is_ascii_digit()) && !prev.is_empty())
        {
            ev.add(cue::COUNTED_EVENTS, 1.0);
        }
        if has!(WEEKDAYS, w) {
            ev.add(cue::WEEKDAY, 1.0);
        }
        if has!(SCOPE_SITE_WORDS, w) {
            ev.add(cue::SITE_WORD, 1.0);
        }
    }
    // thousands of people in one figure: no single strike or blast is counted in thousands, a
    // campaign or a war is
    let largest = group
        .figures()
        .filter_map(|f| f.quantity.range.min.or(f.quantity.range.max))
        .max()
        .unwrap_or(0);
    if largest >= TOTAL_MAGNITUDE {
        ev.add(cue::THOUSANDS, 1.0);
    }
    if largest >= 300 {
        ev.add(cue::HUNDREDS, 1.0);
    }
    for (k, t) in ts.iter().enumerate() {
        let w = t.lower.as_str();
        let next = |n: usize| ts.get(k + n).map_or("", |t| t.lower.as_str());
        // "a war that has killed", "the conflict, which has left": the figure is the period's
        if has!(PERIOD_NOUNS, w)
            && matches!(next(1), "that" | "which")
            && matches!(next(2), "has" | "have" | "had")
        {
            ev.add(cue::PERIOD_THAT_HAS, 1.0);
        }
        // "within the space of nine years", "cumulative"
        if matches!(w, "cumulative" | "cumulatively")
            || (w == "space" && k > 0 && ts[k - 1].is("the") && next(1) == "of")
        {
            ev.add(cue::CUMULATIVE, 1.0);
        }
        // "from 24 February 2022": a period's start
        if w == "from"
            && ts[k + 1..(k + 5).min(ts.len())].iter().any(|t| {
                t.kind == TokenKind::Number && t.lower.len() == 4 && t.lower.starts_with(['1', '2'])
            })
        {
            ev.add(cue::FROM_YEAR, 1.0);
        }
    }
    // the phrase that says what caused the harm weighs most: "killed in the strike" vs "died in the war",
    // "killed under the occupation"
    // (a cause phrase reached from both the harm word and the figure counts once)
    let mut causes_read: Vec<usize> = Vec::new();
    for f in group.figures() {
        for anchor in [f.cue, f.quantity.last] {
            let mut k = anchor + 1;
            while k < tokens.len() && k <= anchor + 3 {
                if causes_read.contains(&k) {
                    break;
                }
                if matches!(
                    tokens[k].lower.as_str(),
                    "in" | "during" | "from" | "by" | "after" | "following" | "since" | "under"
                ) {
                    causes_read.push(k);
                    for (n, t) in tokens[k + 1..(k + 6).min(tokens.len())].iter().enumerate() {
                        let w = t.lower.as_str();
                        if t.kind == TokenKind::Punct
                            || (n > 0 && matches!(w, "in" | "on" | "at" | "by" | "from" | "during"))
                        {
                            break;
                        }
                        let period_word =
                            matches!(w, "wave" | "series" | "years" | "months" | "weeks" | "then")
                                || w.ends_with("-day")
                                || w.ends_with("-year")
                                || w.ends_with("-month")
                                || w.ends_with("-week")
                                || w.starts_with("war-")
                                || (n == 0
                                    && t.kind == TokenKind::Number
                                    && w.len() == 4
                                    && w.starts_with(['1', '2']));
                        if period_word || has!(PERIOD_NOUNS, w) || tokens[k].is("since") {
                            ev.add(cue::CAUSE_PERIOD, 1.0);
                            break;
                        }
                        if has!(EVENT_NOUNS, w) {
                            ev.add(cue::CAUSE_EVENT, 1.0);
                            break;
                        }
                        if has!(PLURAL_EVENTS, w) {
                            ev.add(cue::CAUSE_PLURAL_EVENTS, 1.0);
                            break;
                        }
                    }
                    break;
                }
                k += 1;
            }
        }
    }
    ev
}

/// A day of the month as written beside a month name: "3", "3rd", "17th".
fn day_number(word: &str) -> bool {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    !digits.is_empty()
        && digits.len() <= 2
        && digits.chars().all(|c| c.is_ascii_digit())
        && digits.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
}

/// Log-odds that the account is an aggregate under `weights`; `None` when no cue fired or the
/// log-odds fall within the weights' margin of zero (the evidence decides nothing).
pub fn scope_log_odds_with(evidence: &ScopeEvidence, weights: &ScopeWeights) -> Option<f32> {
    if evidence.is_empty() {
        return None;
    }
    let z = evidence.log_odds(weights);
    (z.abs() > weights.margin).then_some(z)
}

/// [`scope_log_odds_with`] under the shipped weights.
pub fn scope_log_odds(evidence: &ScopeEvidence) -> Option<f32> {
    scope_log_odds_with(evidence, ScopeWeights::shipped())
}

/// Decides scope from each account's log-odds of being an aggregate; accounts with no evidence
/// (`None`, or cues that cancel out exactly) follow the report's majority.
pub fn decide_scopes(log_odds: &[Option<f32>]) -> Vec<Scope> {
    let agg = log_odds
        .iter()
        .filter(|s| s.is_some_and(|s| s > 0.0))
        .count();
    let inc = log_odds
        .iter()
        .filter(|s| s.is_some_and(|s| s < 0.0))
        .count();
    let default = if agg > inc && agg >= 2 {
        Scope::Aggregate
    } else {
        Scope::Incident
    };
    log_odds
        .iter()
        .map(|s| match s {
            Some(s) if *s > 0.0 => Scope::Aggregate,
            Some(s) if *s < 0.0 => Scope::Incident,
            _ => default,
        })
        .collect()
}

/// "the deadliest strike this year": a comparison, not a period total.
fn superlative_before(ts: &[Token], k: usize) -> bool {
    // "the war's deadliest strike": the superlative may follow a possessive period noun
    let after = ts[k + 1..(k + 3).min(ts.len())]
        .iter()
        .any(|t| t.lower.ends_with("iest") || t.is("worst") || t.is("biggest"));
    after
        || ts[k.saturating_sub(10)..k].iter().any(|t| {
            t.lower.ends_with("iest")
                || t.lower.ends_with("est") && t.lower.len() > 5
                || t.is("worst")
                || t.is("most")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_weights_name_every_cue_once() {
        let parsed = ScopeWeights::parse(include_str!("../data/scope_weights.tsv"));
        assert!(parsed.is_ok(), "{parsed:?}");
    }

    #[test]
    fn a_weights_file_missing_a_cue_or_naming_an_unknown_one_is_an_error() {
        assert!(ScopeWeights::parse("bias 0\nsince 1\n").is_err());
        let mut all: String = SCOPE_CUES.iter().map(|c| format!("{c} 1\n")).collect();
        all.push_str("bias 0\n");
        assert!(ScopeWeights::parse(&all).is_ok());
        assert!(ScopeWeights::parse(&format!("{all}nonsense 2\n")).is_err());
        assert!(ScopeWeights::parse(&format!("{all}since 2\n")).is_err());
        assert!(ScopeWeights::parse("bias x\n").is_err());
    }

    #[test]
    fn no_evidence_follows_the_majority() {
        let scopes = decide_scopes(&[Some(2.0), Some(1.0), Some(-1.0), None]);
        assert_eq!(scopes[3], Scope::Aggregate);
        let scopes = decide_scopes(&[Some(-2.0), None]);
        assert_eq!(scopes[1], Scope::Incident);
        // one aggregate is no majority: a report's one total beside its strike ("14 schools hit
        // since July, killing 280") leaves the strike's figure an incident
        let scopes = decide_scopes(&[None, Some(3.0)]);
        assert_eq!(scopes[0], Scope::Incident);
    }

    fn count(text: &str, name: &str) -> f32 {
        let i = SCOPE_CUES
            .iter()
            .position(|c| *c == name)
            .unwrap_or(usize::MAX);
        crate::extract_with_scope_evidence(text)
            .first()
            .map_or(-1.0, |(_, ev)| ev.counts.get(i).copied().unwrap_or(-1.0))
    }

    #[test]
    fn each_cue_is_counted_in_its_clause() {
        let war = "The war has killed 300 civilians since 2015, officials said.";
        assert_eq!(count(war, "since"), 1.0);
        assert_eq!(count(war, "period_noun"), 1.0);
        assert_eq!(count(war, "perfect_tense"), 1.0);
        assert_eq!(count(war, "hundreds"), 1.0);
        let strike = "An air strike on the market killed 12 people on Monday, 3 March.";
        assert_eq!(count(strike, "weekday"), 1.0);
        assert_eq!(count(strike, "site_word"), 1.0);
        assert_eq!(count(strike, "stated_day"), 1.0);
        assert_eq!(count(strike, "since"), 0.0);
        // several places struck name an area's total
        let cities = "Missiles struck on cities on Monday, killing 36 people, officials said.";
        assert_eq!(count(cities, "across"), 1.0);
        let barrage = "A barrage against cities across the country killed 36 people on Monday.";
        assert_eq!(count(barrage, "across"), 2.0);
        // people who were at one site when it was hit point to one incident too
        let site = "At least 27 staff and patients were killed, the director said.";
        assert_eq!(count(site, "site_word"), 2.0);
        assert_eq!(
            count("Nine inmates were killed as they slept.", "site_word"),
            1.0
        );
        assert_eq!(
            count("In total, 40 people were killed in two raids.", "in_total"),
            1.0
        );
        assert_eq!(
            count(
                "In total, 40 people were killed in two raids.",
                "counted_events"
            ),
            1.0
        );
    }

    #[test]
    fn spans_counted_over_and_points_in_time() {
        // "over the past month" counts a span: twice the weight of "the month"
        let past = "Over the past month, 106 civilians have been killed, mostly by air strikes.";
        assert_eq!(count(past, "period_unit"), 2.0);
        assert_eq!(
            crate::extract(past).first().map(|a| a.scope),
            Some(Scope::Aggregate)
        );
        // "over the last week" counts a span too
        let week = "Over the last week, five rescue workers have been killed in the city.";
        assert_eq!(count(week, "period_unit"), 2.0);
        // a month after "during" is a period, as after "in"
        let during = "The monitor said more than 1,000 civilians were killed during March.";
        assert_eq!(count(during, "in_month"), 1.0);
        // a year with no day is a period, as a month is
        let year = "Air raids caused a total of 480 civilian casualties in 2019.";
        assert_eq!(count(year, "in_month"), 1.0);
        // a range of days is counted over
        let days = "From 1 to 28 February, the mission recorded 412 civilian casualties.";
        assert_eq!(count(days, "period_unit"), 1.0);
        // "two years ago" places the campaign's start, it counts nothing
        let ago =
            "The strike killed 200 people, the deadliest since the campaign began two years ago.";
        assert_eq!(count(ago, "period_unit"), 0.0);
    }

    #[test]
    fn a_margin_leaves_weak_evidence_to_the_majority() {
        let mut ev = ScopeEvidence::default();
        ev.counts[cue::SINCE] = 1.0;
        let mut w = ScopeWeights::shipped().clone();
        w.margin = 100.0;
        assert_eq!(scope_log_odds_with(&ev, &w), None);
        w.margin = 0.0;
        assert!(scope_log_odds_with(&ev, &w).is_some_and(|z| z > 0.0));
    }

    #[test]
    fn a_period_since_outweighs_plural_attacks() {
        let text = "At least 40 villagers have been killed by air raids since 2019.";
        let scopes: Vec<_> = crate::extract(text).iter().map(|a| a.scope).collect();
        assert_eq!(scopes, vec![Scope::Aggregate]);
    }

    #[test]
    fn killed_under_an_occupation_counts_its_period() {
        let text = "Officials say dozens of residents were killed under the occupation.";
        assert_eq!(count(text, "cause_period"), 1.0);
        let scopes: Vec<_> = crate::extract(text).iter().map(|a| a.scope).collect();
        assert_eq!(scopes, vec![Scope::Aggregate]);
        // under the rubble is no period
        assert_eq!(
            count("Six people were killed under the rubble.", "cause_period"),
            0.0
        );
    }

    #[test]
    fn strikes_across_a_country_on_one_day_are_an_areas_total() {
        let text = "Russian strikes across Ukraine killed at least 38 people on Monday.";
        let scopes: Vec<_> = crate::extract(text).iter().map(|a| a.scope).collect();
        assert_eq!(scopes, vec![Scope::Aggregate]);
        // one strike on one day stays an incident
        let text = "A Russian missile killed at least 38 people in Kyiv on Monday.";
        let scopes: Vec<_> = crate::extract(text).iter().map(|a| a.scope).collect();
        assert_eq!(scopes, vec![Scope::Incident]);
    }

    #[test]
    fn days_of_the_month() {
        assert!(day_number("3"));
        assert!(day_number("17th"));
        assert!(!day_number("2017"));
        assert!(!day_number("32"));
        assert!(!day_number("th"));
    }
}
