//! Victim status, scope (one incident or an aggregate) and hedging of an account.

use crate::group::Group;
use crate::harm::HarmKind;
use crate::lexicon::{has, CIVILIAN_WORDS, COMBATANT_WORDS, MONTHS};
use crate::token::{Token, TokenKind};
use toll_model::{Scope, Victims};

fn any_in(tokens: &[Token], range: (usize, usize), list: &[&str]) -> bool {
    tokens.get(range.0..range.1.min(tokens.len())).is_some_and(|ts| ts.iter().any(|t| has(list, &t.lower)))
}

/// Words describing victims in a range, ignoring counted subsets ("including 11 children").
fn status_words(tokens: &[Token], range: (usize, usize)) -> (bool, bool, bool) {
    let (mut civ, mut comb, mut mainly) = (false, false, false);
    let end = range.1.min(tokens.len());
    let mut k = range.0;
    while k < end {
        let w = tokens[k].lower.as_str();
        if w == "including" || w == "of" && k + 1 < end && matches!(tokens[k + 1].lower.as_str(), "whom" | "which") {
            // a counted subset or a single person: not a description of the whole group
            let counted = tokens[k + 1..end.min(k + 4)].iter().any(|t| {
                t.kind == TokenKind::Number || matches!(t.lower.as_str(), "a" | "an" | "one" | "two" | "three" | "four" | "five" | "six" | "seven" | "eight" | "nine" | "ten" | "eleven" | "twelve" | "several" | "dozens")
            });
            if counted {
                break;
            }
        }
        if matches!(w, "mainly" | "mostly" | "largely") && tokens.get(k + 1).is_some_and(|t| t.lower == "civilians") {
            mainly = true;
        }
        if w == "non-combatants" || w == "noncombatants" || has(CIVILIAN_WORDS, w) {
            civ = true;
        } else if has(COMBATANT_WORDS, w) {
            // "civilians or militants" leaves the status open
            let prev = k.checked_sub(1).map(|p| tokens[p].lower.as_str()).unwrap_or("");
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
    for f in group.figures() {
        let mut ranges = vec![f.noun_phrase];
        if let Some(a) = f.aside {
            ranges.push(a);
        }
        // the adjective before a nominal cue: "civilian deaths", "civilian casualties"
        if f.cue > 0 {
            ranges.push((f.cue - 1, f.cue + 1));
        }
        // apposition after the cue: "killed about 70 people – militants and civilians –"
        let after = f.quantity.last.max(f.cue) + 1;
        if tokens.get(after).is_some_and(|t| matches!(t.lower.as_str(), "–" | "—" | "-" | "(")) {
            ranges.push((after, after + 8));
        }
        if tokens.get(after).is_some_and(|t| t.is_punct(',')) {
            let next = tokens.get(after + 1).map(|t| t.lower.as_str()).unwrap_or("");
            if matches!(next, "mainly" | "mostly" | "many" | "most" | "all" | "largely") {
                ranges.push((after, after + 8));
            }
        }
        for r in ranges {
            let (c, m, ma) = status_words(tokens, r);
            civ |= c;
            comb |= m;
            mainly |= ma;
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

const PERIOD_NOUNS: &[&str] = &["war", "conflict", "campaign", "operation", "offensive", "fighting", "bombardment", "insurgency", "occupation", "war's", "conflict's"];
const EVENT_NOUNS: &[&str] = &[
    "strike", "airstrike", "air-strike", "raid", "attack", "bombing", "blast", "explosion", "shelling",
    "massacre", "incident", "bomb", "missile", "hit", "event",
];

/// Whether a group reports one incident or a total over a campaign or period.
pub fn scope(tokens: &[Token], group: &Group, sentence_tokens: (usize, usize)) -> Scope {
    let (s, e) = (group.tokens.0.max(sentence_tokens.0), group.tokens.1.min(tokens.len()));
    let ts = &tokens[s..e];
    let mut agg = 0i32;
    let mut inc = 0i32;
    for (k, t) in ts.iter().enumerate() {
        let w = t.lower.as_str();
        let next = ts.get(k + 1).map(|t| t.lower.as_str()).unwrap_or("");
        let prev = k.checked_sub(1).map(|p| ts[p].lower.as_str()).unwrap_or("");
        match w {
            "since" => agg += 2,
            "total" | "totals" | "tally" if prev != "a" || next == "of" && ts.get(k + 2).is_some_and(|t| t.kind == TokenKind::Number) => agg += 1,
            "year" | "years" | "months" | "weeks" | "month" if matches!(prev, "this" | "last" | "four" | "five" | "six" | "seven" | "two" | "three" | "past" | "the" | "of") || prev.ends_with("-year") => agg += 2,
            "so" if next == "far" && ts.get(k + 2).is_some_and(|t| t.is("in") || t.is("this")) => agg += 2,
            "across" | "nationwide" | "countrywide" => agg += 1,
            "wave" if next == "of" => agg += 2,
            "hours" | "days" if prev.chars().all(|c| c.is_ascii_digit()) || prev.ends_with("-day") => agg += 1,
            "per" | "monthly" | "annual" | "annually" => agg += 1,
            _ => {}
        }
        if has(PERIOD_NOUNS, w) && next != ":" && next != "crimes" && prev != "of" {
            agg += 1;
        }
        if w.ends_with("-year") || w.ends_with("-day") || w.ends_with("-month") || w.ends_with("-week") {
            agg += 1;
        }
        // "in March", "in 2016" as a period (a month or year without a day)
        if w == "in" && (has(MONTHS, next) && !ts.get(k + 2).is_some_and(|t| t.kind == TokenKind::Number)) {
            agg += 1;
        }
        if has(EVENT_NOUNS, w) {
            // singular event nouns point to one incident, plurals to several
            inc += if matches!(prev, "the" | "a" | "an" | "single" | "this" | "that") { 2 } else { 1 };
        }
        if matches!(w, "strikes" | "airstrikes" | "attacks" | "raids" | "bombings") && matches!(prev, "in" | "by" | "from") {
            agg += 0;
        }
        if matches!(w, "hospital" | "camp" | "hall" | "building" | "house" | "school" | "market" | "mosque" | "funeral" | "wedding" | "village") {
            inc += 1;
        }
    }
    let _ = HarmKind::Killed;
    if agg > inc {
        Scope::Aggregate
    } else {
        Scope::Incident
    }
}

const HEDGES: &[&str] = &[
    "could", "may", "might", "reportedly", "alleged", "allegedly", "believed", "feared", "appears",
    "appeared", "suspected", "possibly", "likely", "probably", "unconfirmed", "estimated", "estimates",
    "reported", "suggested", "suggesting", "claimed", "perhaps",
];

/// True when the clause hedges its figure ("could exceed", "may have", "reportedly").
pub fn hedged(tokens: &[Token], group: &Group) -> bool {
    any_in(tokens, group.tokens, HEDGES)
}
