//! Victim status and hedging of an account (its scope is [`crate::scope`]'s).

use crate::group::Group;
use crate::lexicon::{
    has, CIVILIAN_WORDS, COMBATANT_WORDS, HEDGES, INJURE_VERBS_BEFORE, KILL_VERBS_BEFORE,
    KILL_VERBS_WITH_DOWN, WOMEN_AND_CHILDREN,
};
use crate::token::{Token, TokenKind};
use toll_model::Victims;

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

/// True when the cue at `cue` is an active verb of harm before the figure starting at `first`
/// ("killed", "wounding", "gunned down"): the words before it name who did the harm.
fn active_verb(tokens: &[Token], cue: usize, first: usize) -> bool {
    let w = tokens.get(cue).map_or("", |t| t.lower.as_str());
    cue < first
        && (has!(KILL_VERBS_BEFORE, w)
            || has!(INJURE_VERBS_BEFORE, w)
            || has!(KILL_VERBS_WITH_DOWN, w))
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
        // the adjective before a nominal cue: "civilian deaths", "civilian casualties"; not the
        // subject of an active verb before the figure ("militants killed 9 people", "soldiers
        // gunned down 12 villagers"), who did the harm
        if f.cue > 0 && !active_verb(tokens, f.cue, f.quantity.first) {
            ranges.push((f.cue - 1, f.cue + 1));
        }
        // nouns right after a nominal cue: "73 deceased civilians" (not the agent after a passive
        // verb: "were killed by gunmen")
        if !tokens.get(f.cue + 1).is_some_and(|t| t.is("by")) {
            ranges.push((f.cue + 1, f.cue + 3));
        }
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
        // "42 people, most of them civilians", "half of whom were civilians": a part of the
        // group were civilians, so the group is mixed (as "mainly civilians" is)
        let partitive = matches!(t.lower.as_str(), "most" | "half" | "majority")
            && clause.get(k + 1).is_some_and(|t| t.is("of"))
            && clause
                .get(k + 2)
                .is_some_and(|t| matches!(t.lower.as_str(), "them" | "whom"));
        if partitive {
            let mut c = k + 3;
            if clause
                .get(c)
                .is_some_and(|t| matches!(t.lower.as_str(), "were" | "are"))
            {
                c += 1;
            }
            if clause.get(c).is_some_and(|t| t.is("civilians")) {
                mainly = true;
            }
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

/// True when the clause hedges its figure ("could exceed", "may have", "reportedly").
pub fn hedged(tokens: &[Token], group: &Group) -> bool {
    any_in(tokens, group.tokens, |w| has!(HEDGES, w))
}
