//! Victim status, scope (one incident or an aggregate) and hedging of an account.

use crate::group::Group;
use crate::lexicon::{has, CIVILIAN_WORDS, COMBATANT_WORDS, HEDGES, MONTHS, WOMEN_AND_CHILDREN};
use crate::token::{Token, TokenKind};
use toll_model::{Scope, Victims};

fn any_in(tokens: &[Token], range: (usize, usize), listed: impl Fn(&str) -> bool) -> bool {
    tokens
        .get(range.0..range.1.min(tokens.len()))
        .is_some_and(|ts| ts.iter().any(|t| listed(&t.lower)))
}

/// Words describing victims in a range, ignoring counted subsets ("including 11 children").
fn status_words(tokens: &[Token], range: (usize, usize)) -> (bool, bool, bool) {
    let (mut civ, mut comb, mut mainly) = (false, false, false);
    let end = range.1.min(tokens.len());
    let mut k = range.0;
    while k < end {
        let w = tokens[k].lower.as_str();
        if w == "including"
            || (w == "of" || w == "among")
                && k + 1 < end
                && matches!(tokens[k + 1].lower.as_str(), "whom" | "which" | "them")
        {
            // a counted subset or a single person: not a description of the whole group
            let counted = tokens[k + 1..end.min(k + 4)].iter().any(|t| {
                t.kind == TokenKind::Number
                    || matches!(
                        t.lower.as_str(),
                        "a" | "an"
                            | "one"
                            | "two"
                            | "three"
                            | "four"
                            | "five"
                            | "six"
                            | "seven"
                            | "eight"
                            | "nine"
                            | "ten"
                            | "eleven"
                            | "twelve"
                            | "several"
                            | "dozens"
                    )
            });
            if counted {
                // "23 people, including three children": a group that counts children or women among
                // its members is a group of civilians (the dev corpus's rule 11); one that counts
                // "40 civilians" or "two of his brothers" among them says nothing of the rest
                let members = &tokens[k + 1..end.min(k + 6)];
                if members.iter().any(|t| has!(WOMEN_AND_CHILDREN, &t.lower)) {
                    civ = true;
                }
                break;
            }
        }
        if matches!(w, "mainly" | "mostly" | "largely")
            && tokens.get(k + 1).is_some_and(|t| t.lower == "civilians")
        {
            mainly = true;
        }
        if w == "non-combatants" || w == "noncombatants" || has!(CIVILIAN_WORDS, w) {
            civ = true;
        } else if has!(COMBATANT_WORDS, w) {
            // "civilians or militants" leaves the status open
            let prev = k
                .checked_sub(1)
                .map(|p| tokens[p].lower.as_str())
                .unwrap_or("");
            if prev == "or" {
                return (false, false, false);
            }
            comb = true;
        }
        k += 1;
    }
    (civ, comb, mainly)
}

/// Who the victims of a group were, from the words around its figures.
pub fn victims(tokens: &[Token], group: &Group) -> Victims {
    let (mut civ, mut comb, mut mainly) = (false, false, false);
    let (clause_start, clause_end) = (group.tokens.0, group.tokens.1.min(tokens.len()));
    for f in group.figures() {
        // the quantity itself may name the person ("a child", "a senior commander")
        let mut ranges = vec![(f.quantity.core_first, f.quantity.last + 1), f.noun_phrase];
        if let Some(a) = f.aside {
            ranges.push(a);
        }
        // the adjective before a nominal cue: "civilian deaths", "civilian casualties"
        if f.cue > 0 {
            ranges.push((f.cue - 1, f.cue + 1));
        }
        // nouns right after a nominal cue: "73 deceased civilians"
        ranges.push((f.cue + 1, f.cue + 3));
        // an aside after the noun phrase: "70 people – militants and civilians –", "people, mainly civilians"
        let after = f.noun_phrase.1.max(f.quantity.last + 1).max(f.cue + 1);
        if tokens
            .get(after)
            .is_some_and(|t| matches!(t.lower.as_str(), "–" | "—" | "-" | "("))
        {
            ranges.push((after, after + 8));
        }
        if tokens.get(after).is_some_and(|t| t.is_punct(',')) {
            let next = tokens
                .get(after + 1)
                .map(|t| t.lower.as_str())
                .unwrap_or("");
            if matches!(
                next,
                "mainly" | "mostly" | "many" | "most" | "all" | "largely" | "including"
            ) {
                ranges.push((after, after + 8));
            }
        }
        // ", including three children", ", among them five children" closing the clause
        for k in f.cue.max(clause_start)..clause_end {
            let opens = tokens[k].is("including")
                || (tokens[k].is("among") && tokens.get(k + 1).is_some_and(|t| t.is("them")));
            if opens && k > 0 && tokens[k - 1].is_punct(',') {
                ranges.push((k, k + 7));
            }
        }
        for r in ranges {
            let (c, m, ma) = status_words(tokens, (r.0.max(clause_start), r.1.min(clause_end)));
            civ |= c;
            comb |= m;
            mainly |= ma;
        }
    }
    // "civilian casualties" or "most were women and children" anywhere in the clause
    let clause = &tokens[clause_start..clause_end];
    for (k, t) in clause.iter().enumerate() {
        let next = clause.get(k + 1).map(|t| t.lower.as_str()).unwrap_or("");
        if t.is("civilian")
            && matches!(
                next,
                "casualties"
                    | "deaths"
                    | "death"
                    | "dead"
                    | "victims"
                    | "toll"
                    | "fatalities"
                    | "casualty"
            )
        {
            civ = true;
        }
        if matches!(t.lower.as_str(), "most" | "many" | "mostly" | "majority") {
            let window = &clause[k + 1..(k + 7).min(clause.len())];
            if window
                .iter()
                .any(|w| matches!(w.lower.as_str(), "women" | "children" | "civilians"))
            {
                civ = true;
            }
        }
    }
    if (civ && comb) || mainly {
        Victims::Mixed
    } else if civ {
        Victims::Civilians
    } else if comb {
        Victims::Combatants
    } else {
        Victims::Unspecified
    }
}

const PERIOD_NOUNS: &[&str] = &[
    "war",
    "conflict",
    "campaign",
    "operation",
    "operations",
    "offensive",
    "insurgency",
    "occupation",
    "war's",
    "conflict's",
];
/// People killed or injured in one figure from which on it counts a campaign or a war, never one
/// strike or blast.
const TOTAL_MAGNITUDE: u64 = 1500;

const PLURAL_EVENTS: &[&str] = &[
    "strikes",
    "airstrikes",
    "attacks",
    "raids",
    "bombings",
    "blasts",
    "bombardments",
    "explosions",
    "shellings",
];
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "yesterday",
    "overnight",
    "tonight",
];
const EVENT_NOUNS: &[&str] = &[
    "strike",
    "airstrike",
    "air-strike",
    "raid",
    "attack",
    "bombing",
    "blast",
    "explosion",
    "shelling",
    "massacre",
    "incident",
    "bomb",
    "missile",
    "hit",
    "event",
    "bombardment",
];

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

/// Evidence for scope: positive means aggregate, negative one incident, zero no evidence.
pub fn scope_score(tokens: &[Token], group: &Group, sentence_tokens: (usize, usize)) -> i32 {
    let (s, e) = (
        group.tokens.0.max(sentence_tokens.0),
        group.tokens.1.min(tokens.len()),
    );
    let ts = &tokens[s..e];
    let mut agg = 0i32;
    let mut inc = 0i32;
    for (k, t) in ts.iter().enumerate() {
        let w = t.lower.as_str();
        let next = ts.get(k + 1).map(|t| t.lower.as_str()).unwrap_or("");
        let prev = k.checked_sub(1).map(|p| ts[p].lower.as_str()).unwrap_or("");
        match w {
            // "the deadliest since the air war began" compares, it does not count a period
            "since" if !superlative_before(ts, k) => agg += 2,
            "year" | "years" | "months" | "weeks" | "month" | "days"
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
                ) || prev.ends_with("-year"))
                    && !superlative_before(ts, k)
                    && !time_point(ts, k) =>
            {
                agg += 2
            }
            "during"
                if ts
                    .get(k + 1..(k + 8).min(ts.len()))
                    .is_some_and(|w| w.iter().any(|t| has!(PERIOD_NOUNS, &t.lower))) =>
            {
                agg += 1
            }
            "so" if next == "far" && ts.get(k + 2).is_some_and(|t| t.is("in") || t.is("this")) => {
                agg += 2
            }
            "across" | "nationwide" | "countrywide" => agg += 1,
            "wave" if next == "of" => agg += 2,
            "hours" | "days"
                if prev.chars().all(|c| c.is_ascii_digit()) || prev.ends_with("-day") =>
            {
                agg += 1
            }
            "per" | "monthly" | "annual" | "annually" => agg += 1,
            _ => {}
        }
        if has!(PERIOD_NOUNS, w)
            && next != ":"
            && next != "crimes"
            && prev != "of"
            && !superlative_before(ts, k)
        {
            agg += 1;
        }
        if w.ends_with("-year")
            || w.ends_with("-day")
            || w.ends_with("-month")
            || w.ends_with("-week")
        {
            agg += 1;
        }
        // "in March", "in 2016" as a period (a month or year without a day)
        // ("said in March that" dates the saying)
        if w == "in"
            && (has!(MONTHS, next) && !ts.get(k + 2).is_some_and(|t| t.kind == TokenKind::Number))
            && !matches!(prev, "said" | "says" | "reported" | "announced" | "told")
        {
            agg += 1;
        }
        if has!(EVENT_NOUNS, w) {
            // singular event nouns point to one incident, plurals to several
            inc += if matches!(prev, "the" | "a" | "an" | "single" | "this" | "that") {
                2
            } else {
                1
            };
        }
        if has!(WEEKDAYS, w) {
            inc += 2;
        }
        if matches!(
            w,
            "hospital"
                | "camp"
                | "hall"
                | "building"
                | "house"
                | "school"
                | "market"
                | "mosque"
                | "funeral"
                | "wedding"
                | "village"
        ) {
            inc += 1;
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
        agg += 6;
    }
    for (k, t) in ts.iter().enumerate() {
        let w = t.lower.as_str();
        let next = |n: usize| ts.get(k + n).map_or("", |t| t.lower.as_str());
        // "a war that has killed", "the conflict, which has left": the figure is the period's
        if has!(PERIOD_NOUNS, w)
            && matches!(next(1), "that" | "which")
            && matches!(next(2), "has" | "have" | "had")
        {
            agg += 4;
        }
        // "within the space of nine years", "cumulative"
        if matches!(w, "cumulative" | "cumulatively")
            || (w == "space" && k > 0 && ts[k - 1].is("the") && next(1) == "of")
        {
            agg += 2;
        }
        // "from 24 February 2022": a period's start
        if w == "from"
            && ts[k + 1..(k + 5).min(ts.len())].iter().any(|t| {
                t.kind == TokenKind::Number && t.lower.len() == 4 && t.lower.starts_with(['1', '2'])
            })
        {
            agg += 2;
        }
    }
    // the phrase that says what caused the harm weighs most: "killed in the strike" vs "died in the war"
    for f in group.figures() {
        for anchor in [f.cue, f.quantity.last] {
            let mut k = anchor + 1;
            while k < tokens.len() && k <= anchor + 3 {
                if matches!(
                    tokens[k].lower.as_str(),
                    "in" | "during" | "from" | "by" | "after" | "following" | "since"
                ) {
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
                            agg += 3;
                            break;
                        }
                        if has!(EVENT_NOUNS, w) || has!(PLURAL_EVENTS, w) {
                            inc += 3;
                            break;
                        }
                        if has!(PERIOD_NOUNS, w) {
                            agg += 3;
                            break;
                        }
                    }
                    break;
                }
                k += 1;
            }
        }
    }
    agg - inc
}

/// Decides scope from evidence scores; accounts with no evidence follow the report's majority.
pub fn decide_scopes(scores: &[i32]) -> Vec<Scope> {
    let agg = scores.iter().filter(|s| **s > 0).count();
    let inc = scores.iter().filter(|s| **s < 0).count();
    let default = if agg > inc {
        Scope::Aggregate
    } else {
        Scope::Incident
    };
    scores
        .iter()
        .map(|s| match s.signum() {
            1 => Scope::Aggregate,
            -1 => Scope::Incident,
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

/// True when the clause hedges its figure ("could exceed", "may have", "reportedly").
pub fn hedged(tokens: &[Token], group: &Group) -> bool {
    any_in(tokens, group.tokens, |w| has!(HEDGES, w))
}
