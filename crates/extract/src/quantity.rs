//! Quantities of people: numbers in digits and words, vague quantity words,
//! qualifiers ("more than", "up to", "about") and ranges ("between A and B").
//!
//! A [`Quantity`] covers token indices; whether it counts harmed people is
//! decided later by [`crate::harm`].

use crate::lexicon::{
    has, AGE_WORDS, AUXILIARIES, COLLECTIVE_NOUNS, DATE_LINK_WORDS, DENIAL_NOUNS, FRAME_BREAKERS,
    INJURE_VERBS_BEFORE, KILL_VERBS_BEFORE, KIN_NOUNS, KIN_PAIRS, MONTHS, NON_PEOPLE_UNITS,
    NOT_ZERO_AFTER_NO as NOT_ZERO, NUMBER_SCALES as SCALES, NUMBER_UNITS as UNITS, OR_EVEN_WORDS,
    PAIR_NOUNS, PARENT_NOUNS, PERSON_NOUNS, PERSON_POSSESSIVES, POPULATION_NOUNS, QUANTITY_STARTS,
    RISE_WORDS, SAY_VERBS, WEEKDAYS,
};
use crate::token::{Token, TokenKind};
use text2num::{text2digits, Language};
use toll_model::Range;

/// A quantity found in a sentence's tokens.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// Index of the first token, qualifiers included.
    pub first: usize,
    /// Index of the first token of the number itself.
    pub core_first: usize,
    /// Index of the last token of the expression (inclusive).
    pub last: usize,
    /// The range the expression states.
    pub range: Range,
    /// True for "no"/"none" (a denial when it turns out to be harm).
    pub zero: bool,
}

/// True when `w` is a number written as a word ("nine", "sixty-one", "hundred").
pub(crate) fn is_number_word(w: &str) -> bool {
    if has!(UNITS, w) || has!(SCALES, w) {
        return true;
    }
    // hyphenated: "sixty-one"
    w.contains('-') && w.split('-').all(|p| has!(UNITS, p))
}

fn scale_of(w: &str) -> Option<u64> {
    match w {
        "hundred" => Some(100),
        "thousand" => Some(1_000),
        "million" => Some(1_000_000),
        "billion" => Some(1_000_000_000),
        _ => None,
    }
}

fn approx_open(min: u64) -> Range {
    Range {
        min: Some(min),
        max: None,
        approx: true,
    }
}

/// A bare number or quantity word found at a position, before qualifiers.
struct Base {
    last: usize,
    range: Range,
    zero: bool,
}

fn parse_digits(s: &str) -> Option<f64> {
    let clean: String = s.chars().filter(|c| *c != ',').collect();
    clean
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
}

fn to_count(v: f64) -> Option<u64> {
    if v.is_finite() && (0.0..1e15).contains(&v) {
        Some(v.round() as u64)
    } else {
        None
    }
}

/// Parses a digit token such as "1,000", "1.5", "100-300", "100s"; with a following scale word.
fn digit_base(tokens: &[Token], i: usize) -> Option<Base> {
    let t = &tokens[i];
    let s = t.lower.as_str();
    let prev = i
        .checked_sub(1)
        .map(|k| tokens[k].lower.as_str())
        .unwrap_or("");
    let next = tokens.get(i + 1).map(|t| t.lower.as_str()).unwrap_or("");
    let prev2 = i
        .checked_sub(2)
        .map(|k| tokens[k].lower.as_str())
        .unwrap_or("");
    if has!(MONTHS, prev) || has!(MONTHS, next) || (prev == "." && has!(MONTHS, prev2)) {
        return None;
    }
    if next == ":" || next == "/" || prev == "/" || prev == "$" || prev == "£" || prev == "€" {
        return None;
    }
    // a day of the month right after its weekday, with no month ("killed Tuesday 19 in the
    // camp", French "mardi 19"): a date, unless a noun or verb follows ("on Tuesday 19 people",
    // "Tuesday 19 were killed")
    let day_of_month = s.len() <= 2 && matches!(s.parse::<u32>(), Ok(1..=31));
    if day_of_month
        && has!(WEEKDAYS, prev)
        && (next.is_empty()
            || !next.chars().any(char::is_alphanumeric)
            || (has!(DATE_LINK_WORDS, next) && !has!(AUXILIARIES, next)))
    {
        return None;
    }
    // "80-plus": that many or more
    if let Some(v) = s
        .strip_suffix("-plus")
        .and_then(parse_digits)
        .and_then(to_count)
    {
        return Some(Base {
            last: i,
            range: Range {
                min: Some(v),
                max: None,
                approx: false,
            },
            zero: false,
        });
    }
    // ranges written with a hyphen: "100-300", "100-to-300"
    if s.contains('-') {
        let parts: Vec<&str> = s.split('-').filter(|p| *p != "to").collect();
        if parts.len() == 2 {
            let a = parts[0].parse::<f64>().ok().and_then(to_count);
            let b = parse_digits(parts[1]).and_then(to_count);
            if let (Some(a), Some(b)) = (a, b) {
                if a <= b {
                    return Some(Base {
                        last: i,
                        range: Range {
                            min: Some(a),
                            max: Some(b),
                            approx: false,
                        },
                        zero: false,
                    });
                }
            }
        }
        return None;
    }
    // "100s"
    if let Some(d) = s.strip_suffix('s') {
        if let Some(v) = parse_digits(d).and_then(to_count) {
            return Some(Base {
                last: i,
                range: approx_open(v),
                zero: false,
            });
        }
        return None;
    }
    let v = parse_digits(s)?;
    let mut last = i;
    let mut value = v;
    if let Some(scale) = scale_of(next) {
        value *= scale as f64;
        last = i + 1;
    } else if s.contains('.') {
        return None; // a decimal alone is not a count of people
    }
    // four-digit years are dates unless people follow
    let plain_year = !s.contains(',') && s.len() == 4 && (1900.0..=2100.0).contains(&v);
    if plain_year && last == i {
        return None;
    }
    let n = to_count(value)?;
    Some(Base {
        last,
        range: Range::exact(n),
        zero: false,
    })
}

/// Parses a run of number words ("one hundred and five", "sixty-one", "a hundred").
fn word_base(tokens: &[Token], i: usize) -> Option<Base> {
    let first = tokens[i].lower.as_str();
    let mut words: Vec<String> = Vec::new();
    let mut k = i;
    if first == "a" || first == "an" {
        // "a hundred", "a thousand", "a dozen"
        let next = tokens.get(i + 1)?.lower.as_str();
        if next == "dozen" {
            return Some(Base {
                last: i + 1,
                range: Range::exact(12),
                zero: false,
            });
        }
        if !has!(SCALES, next) {
            return None;
        }
        words.push("one".to_string());
        k = i + 1;
    }
    let mut last = None;
    while let Some(t) = tokens.get(k) {
        let w = t.lower.as_str();
        if t.kind == TokenKind::Word && is_number_word(w) {
            words.extend(w.split('-').map(str::to_string));
            last = Some(k);
            k += 1;
        } else if w == "and"
            && last.is_some()
            && words.last().is_some_and(|p| has!(SCALES, p))
            && tokens
                .get(k + 1)
                .is_some_and(|n| is_number_word(&n.lower) && !has!(SCALES, &n.lower))
        {
            words.push("and".to_string());
            k += 1;
        } else {
            break;
        }
    }
    let mut last = last?;
    let phrase = words.join(" ");
    let value: u64 = text2digits(&phrase, &Language::english())
        .ok()?
        .parse()
        .ok()?;
    let mut range = Range::exact(value);
    // "two dozen"
    if tokens.get(last + 1).is_some_and(|t| t.is("dozen")) {
        range = Range::exact(value.saturating_mul(12));
        last += 1;
    }
    Some(Base {
        last,
        range,
        zero: value == 0,
    })
}

/// Vague quantity words: "dozens", "scores", "hundreds", "thousands", "several", "a few".
fn vague_base(tokens: &[Token], i: usize) -> Option<Base> {
    let w = tokens[i].lower.as_str();
    let next = tokens.get(i + 1).map(|t| t.lower.as_str()).unwrap_or("");
    let next2 = tokens.get(i + 2).map(|t| t.lower.as_str()).unwrap_or("");
    let of_scale = next == "of" && matches!(next2, "thousands" | "millions");
    let range = match w {
        "tens" if of_scale => {
            return Some(Base {
                last: i + 2,
                range: approx_open(if next2 == "thousands" {
                    20_000
                } else {
                    20_000_000
                }),
                zero: false,
            })
        }
        // "tens of people": at least twenty, as "dozens" is at least 24 (the wild corpus's
        // convention)
        "tens" if next == "of" => approx_open(20),
        "hundreds" if of_scale => {
            return Some(Base {
                last: i + 2,
                range: approx_open(if next2 == "thousands" {
                    200_000
                } else {
                    200_000_000
                }),
                zero: false,
            })
        }
        "dozens" => approx_open(24),
        // "several dozen", "a few dozen": dozens
        "several" | "few" if next == "dozen" => {
            return Some(Base {
                last: i + 1,
                range: approx_open(24),
                zero: false,
            })
        }
        "scores" => {
            // "scores" is also a verb and a noun of results: only "scores of …" or "scores killed"
            let prev = i
                .checked_sub(1)
                .map(|k| tokens[k].lower.as_str())
                .unwrap_or("");
            if next == "of"
                || next == "more"
                || crate::harm::is_harm_word(next)
                || crate::harm::is_harm_word(prev)
                || next == "were"
                || next == "have"
            {
                approx_open(40)
            } else {
                return None;
            }
        }
        "hundreds" => approx_open(200),
        "thousands" => approx_open(2_000),
        "millions" => approx_open(2_000_000),
        "several" => approx_open(3),
        "few" => {
            let prev = i
                .checked_sub(1)
                .map(|k| tokens[k].lower.as_str())
                .unwrap_or("");
            if prev == "a" {
                approx_open(2)
            } else {
                return None;
            }
        }
        "quarter" | "half" => {
            // "a quarter of a million", "half a million"
            let rest: Vec<&str> = tokens[i + 1..]
                .iter()
                .take(3)
                .map(|t| t.lower.as_str())
                .collect();
            let (mult, used) = match rest.as_slice() {
                ["of", "a", "million", ..] => (1_000_000u64, 3),
                ["a", "million", ..] => (1_000_000u64, 2),
                // "half a dozen": six
                ["a", "dozen", ..] => (12u64, 2),
                _ => return None,
            };
            let v = if w == "quarter" { mult / 4 } else { mult / 2 };
            return Some(Base {
                last: i + used,
                range: Range::exact(v),
                zero: false,
            });
        }
        // "no one was killed", "nobody was hurt": a denial, not a count of one
        "no" if next == "one" => {
            return Some(Base {
                last: i + 1,
                range: Range::exact(0),
                zero: true,
            });
        }
        // "no indication that any civilians had been killed": a denial
        "any" => {
            let word = |k: Option<usize>| {
                k.and_then(|k| tokens.get(k))
                    .map_or("", |t| t.lower.as_str())
            };
            let denied = word(i.checked_sub(1)) == "that"
                && has!(DENIAL_NOUNS, word(i.checked_sub(2)))
                && (word(i.checked_sub(3)) == "no" || word(i.checked_sub(4)) == "no");
            if !denied {
                return None;
            }
            return Some(Base {
                last: i,
                range: Range::exact(0),
                zero: true,
            });
        }
        "nobody" => {
            return Some(Base {
                last: i,
                range: Range::exact(0),
                zero: true,
            });
        }
        "no" => {
            // "no ‘non-combatants’ have been killed": a word in quotes after "no"
            let quoted = matches!(next, "‘" | "'" | "“" | "\"")
                && tokens
                    .get(i + 2)
                    .is_some_and(|t| t.kind == TokenKind::Word && !has!(NOT_ZERO, &t.lower));
            if !quoted
                && (next.is_empty()
                    || has!(NOT_ZERO, next)
                    || tokens.get(i + 1).is_some_and(|t| t.kind != TokenKind::Word))
            {
                return None;
            }
            return Some(Base {
                last: i,
                range: Range::exact(0),
                zero: true,
            });
        }
        "none" if next != "of" => {
            return Some(Base {
                last: i,
                range: Range::exact(0),
                zero: true,
            })
        }
        _ => return None,
    };
    Some(Base {
        last: i,
        range,
        zero: false,
    })
}

/// One person named by a singular noun: "a child", "a 70-year-old man", "a senior Hamas commander",
/// or by a possessive and a kin noun: "his wife", "her eldest son".
fn person_base(tokens: &[Token], i: usize) -> Option<Base> {
    if has!(PERSON_POSSESSIVES, &tokens[i].lower) {
        return kin_base(tokens, i);
    }
    if !matches!(tokens[i].lower.as_str(), "a" | "an" | "one") {
        return None;
    }
    for (k, t) in tokens
        .iter()
        .enumerate()
        .take((i + 5).min(tokens.len()))
        .skip(i + 1)
    {
        let w = t.lower.as_str();
        if has!(PERSON_NOUNS, w) {
            // "a man and woman", "a mother and child": one determiner for two people (not "a
            // soldier and civilian casualties", where the second word describes others)
            let word = |j: usize| tokens.get(j).map_or("", |t| t.lower.as_str());
            // the clause goes on after the second noun: its verb, a phrase, or the end
            let clause_goes_on = tokens.get(k + 3).is_none_or(|t| {
                t.kind != TokenKind::Word
                    || has!(AUXILIARIES, &t.lower)
                    || has!(FRAME_BREAKERS, &t.lower)
                    || has!(KILL_VERBS_BEFORE, &t.lower)
                    || has!(INJURE_VERBS_BEFORE, &t.lower)
                    || matches!(t.lower.as_str(), "and" | "or")
            });
            let pair = word(k + 1) == "and" && has!(PERSON_NOUNS, word(k + 2)) && clause_goes_on;
            return Some(Base {
                last: if pair { k + 2 } else { k },
                range: Range::exact(if pair { 2 } else { 1 }),
                zero: false,
            });
        }
        // "a couple of civilians": two people (not "a couple of hundred", nor "a couple of
        // times"); a couple named alone ("an elderly couple") is often one of a family counted
        // already
        if has!(PAIR_NOUNS, w) {
            let word = |j: usize| tokens.get(j).map_or("", |t| t.lower.as_str());
            let of = word(k + 1) == "of";
            let counted = tokens.get(k + 2).is_some_and(|t| {
                t.kind == TokenKind::Number
                    || is_number_word(&t.lower)
                    || has!(SCALES, &t.lower)
                    || matches!(t.lower.as_str(), "dozen" | "dozens")
                    || has!(NON_PEOPLE_UNITS, &t.lower)
            });
            if !of || counted {
                return None;
            }
            return Some(Base {
                last: k,
                range: Range::exact(2),
                zero: false,
            });
        }
        // "killed a 14-year-old", "an 8-year-old was among the dead": the age names the person
        let next = tokens.get(k + 1);
        let age_alone = t.kind == TokenKind::Number
            && t.lower.ends_with("-year-old")
            && next.is_none_or(|n| {
                n.kind == TokenKind::Punct || has!(AUXILIARIES, &n.lower) || n.is("and")
            });
        if age_alone {
            return Some(Base {
                last: k,
                range: Range::exact(1),
                zero: false,
            });
        }
        let modifier = describes_person(t)
            && !matches!(
                w,
                "and" | "or" | "of" | "the" | "a" | "an" | "number" | "total"
            );
        if !modifier {
            return None;
        }
    }
    None
}

/// True when `t` may stand between a determiner and the noun of one person: a word that neither
/// states harm nor breaks the frame ("senior", "eldest"), or an age ("70-year-old").
fn describes_person(t: &Token) -> bool {
    match t.kind {
        TokenKind::Word => !has!(FRAME_BREAKERS, &t.lower) && !crate::harm::is_harm_word(&t.lower),
        TokenKind::Number => t.lower.ends_with("-old"),
        TokenKind::Punct => false,
    }
}

/// "his wife", "her two-year-old son", "their eldest daughter": one person, the kin noun within
/// two words of the possessive at `i`, counted only in a list of people ("his wife and two
/// sons", "a man and his son"): alone, one relative is most often one of a family already counted.
fn kin_base(tokens: &[Token], i: usize) -> Option<Base> {
    let joined_before = i > 0 && tokens[i - 1].is("and");
    for (k, t) in tokens
        .iter()
        .enumerate()
        .take((i + 4).min(tokens.len()))
        .skip(i + 1)
    {
        let pair = t.kind == TokenKind::Word && has!(KIN_PAIRS, &t.lower);
        if t.kind == TokenKind::Word && (has!(KIN_NOUNS, &t.lower) || pair) {
            // "his wife and …", "his wife, his mother …", "his wife, two sons and …" (not "her
            // son, Omar, 12": a name; not "his wife, 45": an age)
            // "her son, Ali, and his wife": a name or an age set off by commas, then the list goes on
            let named_then_and = apposition_end(tokens, k + 1)
                .is_some_and(|c| tokens.get(c + 1).is_some_and(|n| n.is("and")));
            let listed_after = tokens.get(k + 1).is_some_and(|n| n.is("and"))
                || named_then_and
                || tokens.get(k + 1).is_some_and(|n| n.is(","))
                    && tokens.get(k + 2).is_some_and(|n| {
                        has!(PERSON_POSSESSIVES, &n.lower)
                            || n.kind == TokenKind::Word && !n.is("one") && is_number_word(&n.lower)
                    });
            if !(joined_before || listed_after) {
                return None;
            }
            // "his parents": two
            let range = Range::exact(if pair { 2 } else { 1 });
            return Some(Base {
                last: k,
                range,
                zero: false,
            });
        }
        if !describes_person(t) || has!(QUANTITY_STARTS, &t.lower) {
            return None;
        }
    }
    None
}

/// "one was killed and another injured", "two died and a third was wounded": "another" or "a"
/// and an ordinal after "and", right before a harm word (or "was" and one), is one more person;
/// returns the index of its last word.
fn another_one_harmed(tokens: &[Token], i: usize) -> Option<usize> {
    let word = |k: usize| tokens.get(k).map_or("", |t| t.lower.as_str());
    let harm = |k: usize| crate::harm::is_harm_word(word(k));
    if i == 0 || !tokens[i - 1].is("and") {
        return None;
    }
    let last = match word(i) {
        "another" => i,
        "a" if matches!(
            word(i + 1),
            "second" | "third" | "fourth" | "fifth" | "sixth"
        ) =>
        {
            i + 1
        }
        _ => return None,
    };
    // "and another was badly injured": one word may stand between "was" and the harm word
    let was_harmed = word(last + 1) == "was" && (harm(last + 2) || harm(last + 3));
    (harm(last + 1) || was_harmed).then_some(last)
}

/// "one of the largest …" is a comparison, not a count.
fn is_superlative_one(tokens: &[Token], i: usize) -> bool {
    tokens[i].is("one")
        && tokens.get(i + 1).is_some_and(|t| t.is("of"))
        && tokens[i + 2..(i + 5).min(tokens.len())]
            .iter()
            .any(|t| t.lower.ends_with("est") || t.is("most"))
}

/// Can a quantity in words start with `w` (see [`word_base`], [`vague_base`], [`person_base`])?
fn may_start_quantity(w: &str) -> bool {
    has!(QUANTITY_STARTS, w)
        || has!(PERSON_POSSESSIVES, w)
        || w.bytes().any(|b| b == b'-') && is_number_word(w)
}

fn base_at(tokens: &[Token], i: usize) -> Option<Base> {
    let t = &tokens[i];
    match t.kind {
        TokenKind::Number => digit_base(tokens, i),
        TokenKind::Word if another_one_harmed(tokens, i).is_some() => Some(Base {
            last: another_one_harmed(tokens, i).unwrap_or(i),
            range: Range::exact(1),
            zero: false,
        }),
        TokenKind::Word if !may_start_quantity(&t.lower) => None,
        TokenKind::Word if is_superlative_one(tokens, i) => None,
        TokenKind::Word => denied_single(tokens, i)
            .or_else(|| word_base(tokens, i))
            .or_else(|| vague_base(tokens, i))
            .or_else(|| person_base(tokens, i)),
        TokenKind::Punct => None,
    }
}

/// "not a single civilian was killed", "not one soldier was hurt": a denial (zero), not one person.
fn denied_single(tokens: &[Token], i: usize) -> Option<Base> {
    let word = |k: usize| tokens.get(k).map_or("", |t| t.lower.as_str());
    if i == 0 || word(i - 1) != "not" {
        return None;
    }
    let last = match word(i) {
        "a" if word(i + 1) == "single" => i + 1,
        "one" | "single" => i,
        _ => return None,
    };
    Some(Base {
        last,
        range: Range::exact(0),
        zero: true,
    })
}

/// How a qualifier changes a figure.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Qualifier {
    MoreThan,
    AtLeast,
    UpTo,
    FewerThan,
    About,
}

const QUALIFIERS: &[(&[&str], Qualifier)] = &[
    (&["more", "than"], Qualifier::MoreThan),
    (&["greater", "than"], Qualifier::MoreThan),
    (&["higher", "than"], Qualifier::MoreThan),
    (&["in", "excess", "of"], Qualifier::MoreThan),
    (&["upwards", "of"], Qualifier::MoreThan),
    (&["over"], Qualifier::MoreThan),
    (&["exceeding"], Qualifier::MoreThan),
    (&["exceed"], Qualifier::MoreThan),
    (&["exceeded"], Qualifier::MoreThan),
    (&["exceeds"], Qualifier::MoreThan),
    (&["above"], Qualifier::MoreThan),
    (&["passes"], Qualifier::MoreThan),
    (&["passed"], Qualifier::MoreThan),
    (&["surpassed"], Qualifier::MoreThan),
    (&["tops"], Qualifier::MoreThan),
    (&["topped"], Qualifier::MoreThan),
    (&["at", "least"], Qualifier::AtLeast),
    (&["no", "fewer", "than"], Qualifier::AtLeast),
    (&["no", "less", "than"], Qualifier::AtLeast),
    (&["not", "less", "than"], Qualifier::AtLeast),
    (&["a", "minimum", "of"], Qualifier::AtLeast),
    (&["minimum", "of"], Qualifier::AtLeast),
    (&["up", "to"], Qualifier::UpTo),
    (&["as", "many", "as"], Qualifier::UpTo),
    (&["as", "high", "as"], Qualifier::UpTo),
    (&["as", "few", "as"], Qualifier::AtLeast),
    (&["no", "more", "than"], Qualifier::UpTo),
    (&["not", "more", "than"], Qualifier::UpTo),
    (&["a", "maximum", "of"], Qualifier::UpTo),
    (&["maximum", "of"], Qualifier::UpTo),
    (&["at", "most"], Qualifier::UpTo),
    (&["fewer", "than"], Qualifier::FewerThan),
    (&["less", "than"], Qualifier::FewerThan),
    (&["under"], Qualifier::FewerThan),
    (&["close", "to"], Qualifier::About),
    (&["an", "estimated"], Qualifier::About),
    (&["estimated"], Qualifier::About),
    (&["about"], Qualifier::About),
    (&["around"], Qualifier::About),
    (&["approximately"], Qualifier::About),
    (&["nearly"], Qualifier::About),
    (&["almost"], Qualifier::About),
    (&["some"], Qualifier::About),
    (&["roughly"], Qualifier::About),
    (&["approx"], Qualifier::About),
    (&["circa"], Qualifier::About),
    (&["~"], Qualifier::About),
];

/// Finds the qualifier that ends just before token `at`; returns it and its first token.
fn qualifier_before(tokens: &[Token], at: usize) -> Option<(Qualifier, usize)> {
    // skip filler words that may sit between qualifier and number ("at least another 20")
    let mut end = at;
    while end > 0
        && matches!(
            tokens[end - 1].lower.as_str(),
            "another" | "only" | "just" | "reportedly"
        )
    {
        end -= 1;
    }
    // "more than a quarter of a million"
    if end > 0
        && end == at
        && tokens[end - 1].is("a")
        && matches!(tokens[at].lower.as_str(), "quarter" | "half")
    {
        end -= 1;
    }
    for (words, q) in QUALIFIERS {
        let n = words.len();
        if end < n {
            continue;
        }
        let start = end - n;
        if tokens[start..end]
            .iter()
            .zip(words.iter())
            .all(|(t, w)| t.lower == *w)
        {
            return Some((*q, start));
        }
    }
    None
}

fn apply(q: Option<Qualifier>, r: Range, rise: bool) -> Range {
    let Some(q) = q else { return r };
    if rise {
        return r;
    }
    let (lo, hi) = (r.min, r.max);
    match q {
        Qualifier::MoreThan => Range {
            min: lo.map(|v| v + 1),
            max: None,
            approx: r.approx,
        },
        Qualifier::AtLeast => Range {
            min: lo,
            max: None,
            approx: r.approx,
        },
        Qualifier::UpTo => Range {
            min: None,
            max: hi.or(lo),
            approx: r.approx,
        },
        Qualifier::FewerThan => Range {
            min: None,
            max: hi.or(lo).map(|v| v.saturating_sub(1)),
            approx: r.approx,
        },
        Qualifier::About => Range {
            min: lo,
            max: hi,
            approx: true,
        },
    }
}

/// One number with its qualifiers, without range merging.
fn single_at(tokens: &[Token], i: usize) -> Option<Quantity> {
    let base = base_at(tokens, i)?;
    let mut first = i;
    let mut range = base.range;
    let mut rise = false;
    let vague = matches!(
        tokens[i].lower.as_str(),
        "dozens" | "scores" | "hundreds" | "thousands" | "millions" | "several" | "tens"
    );
    if let Some((q, qstart)) = qualifier_before(tokens, i).filter(|_| !vague) {
        // detect "toll is now up to 23": exact
        let is_up_to = tokens.get(qstart).is_some_and(|t| t.is("up"));
        if is_up_to {
            let before = &tokens[qstart.saturating_sub(3)..qstart];
            rise = before.iter().any(|t| has!(RISE_WORDS, &t.lower));
        }
        range = apply(Some(q), range, rise);
        first = qstart;
    }
    let mut last = base.last;
    // a qualifier after the figure or its noun: "10 people at least", as Arabic puts "على الأقل"
    if first == i && !vague && at_least_after(tokens, base.last) {
        range = apply(Some(Qualifier::AtLeast), range, false);
    }
    // trailing "or more", "or so", "-plus", "+"
    let n1 = tokens.get(last + 1).map(|t| t.lower.as_str()).unwrap_or("");
    let n2 = tokens.get(last + 2).map(|t| t.lower.as_str()).unwrap_or("");
    if n1 == "or" && n2 == "more" {
        range.max = None;
        last += 2;
    } else if n1 == "or" && n2 == "so" {
        range.approx = true;
        last += 2;
    } else if n1 == "+" || n1 == "plus" {
        range.max = None;
        last += 1;
    }
    Some(Quantity {
        first,
        core_first: i,
        last,
        range,
        zero: base.zero,
    })
}

/// True when "at least" follows the figure ending at token `last`, right after it or after one
/// noun ("10 people at least").
fn at_least_after(tokens: &[Token], last: usize) -> bool {
    let word = |k: usize| tokens.get(k).map_or("", |t| t.lower.as_str());
    let noun = tokens
        .get(last + 1)
        .is_some_and(|t| t.kind == crate::token::TokenKind::Word);
    (word(last + 1) == "at" && word(last + 2) == "least")
        || (noun && word(last + 2) == "at" && word(last + 3) == "least")
}

/// Finds every quantity in `tokens`, merging ranges ("between 78 and 203", "10 to 70").
pub fn find_quantities(tokens: &[Token]) -> Vec<Quantity> {
    let mut out: Vec<Quantity> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let Some(mut q) = single_at(tokens, i) else {
            i += 1;
            continue;
        };
        if names_one_collective(tokens, &q)
            || states_a_population(tokens, &q)
            || is_age_apposition(tokens, &q)
            || is_decade_of_life(tokens, &q)
        {
            i = q.last + 1;
            continue;
        }
        // "a father of four": one person; the number is his children
        if q.range == Range::exact(1)
            && has!(PARENT_NOUNS, &tokens[q.last].lower)
            && tokens.get(q.last + 1).is_some_and(|t| t.is("of"))
        {
            if let Some(children) = single_at(tokens, q.last + 2) {
                if children.first == q.last + 2 {
                    q.last = children.last;
                }
            }
        }
        // "two brothers, aged 8 and 12, were killed": ages, and the ages listed after them
        if states_an_age(tokens, &q) {
            i = q.last + 1;
            while let Some(next) = tokens
                .get(i)
                .filter(|t| matches!(t.lower.as_str(), "," | "and" | "to" | "-" | "–"))
                .and_then(|_| single_at(tokens, i + 1))
            {
                i = next.last + 1;
            }
            continue;
        }
        // range: "A to B", "A and B" after "between", "A or B", "A-B" handled in digits
        let sep = tokens
            .get(q.last + 1)
            .map(|t| t.lower.as_str())
            .unwrap_or("");
        let between =
            q.first > 0 && matches!(tokens[q.first - 1].lower.as_str(), "between" | "from");
        let joins = matches!(sep, "to" | "-" | "–" | "or") || (sep == "and" && between);
        if joins && !q.zero {
            // the second figure may carry its own qualifier: "from 10 to more than 70"
            // "230 or even 520", "dozens or perhaps hundreds": a hedge word after "or" is skipped
            let hedge = sep == "or"
                && tokens
                    .get(q.last + 2)
                    .is_some_and(|t| has!(OR_EVEN_WORDS, &t.lower));
            let second_at = q.last + 2 + usize::from(hedge);
            let mut k = second_at;
            let mut lookahead = None;
            while k < tokens.len() && k <= q.last + 5 {
                if let Some(second) = single_at(tokens, k) {
                    if second.first <= second_at && second.first > q.last {
                        lookahead = Some(second);
                    }
                    break;
                }
                k += 1;
            }
            if let Some(second) = lookahead {
                // "as many as 230 or even 520": an upper bound's range has no lower end
                let capped = q.range.min.is_none() && q.range.max.is_some();
                let lo = if capped {
                    None
                } else {
                    q.range.min.or(second.range.min)
                };
                let ordered = match (lo, second.range.max) {
                    (Some(a), Some(b)) => a <= b,
                    _ => true,
                };
                if ordered && (sep != "or" || second.first == second.core_first) {
                    q.range = Range {
                        min: lo,
                        max: second.range.max,
                        approx: q.range.approx || second.range.approx,
                    };
                    q.last = second.last;
                    if between {
                        q.first -= 1;
                    }
                }
            }
        }
        i = q.last + 1;
        out.push(q);
    }
    out
}

/// "aged 8", "ages 8 and 12", "between the ages of 5 and 9": a number after a word of age is
/// someone's age, not a count of people.
fn states_an_age(tokens: &[Token], q: &Quantity) -> bool {
    let lower = |k: Option<usize>| {
        k.and_then(|k| tokens.get(k))
            .map_or("", |t| t.lower.as_str())
    };
    let mut k = q.first.checked_sub(1);
    // "aged between 18 and 25", "aged about 30"
    if matches!(lower(k), "between" | "about" | "around" | "roughly") {
        k = k.and_then(|k| k.checked_sub(1));
    }
    // "the ages of 5 and 9"
    if lower(k) == "of" {
        k = k.and_then(|k| k.checked_sub(1));
    }
    has!(AGE_WORDS, lower(k))
}

/// The most words a name set off by commas may have ("her son, Ali Hassan, and …").
const APPOSITION_WORDS: usize = 4;

/// An age or a name set off by commas after someone named: "a boy, 12, and his sister",
/// "her son, Ali, and his wife". `comma` is the opening comma; returns the index of the closing
/// one. An age is one number of at most three digits; a name is a few words that are no number,
/// possessive, harm word, verb of speech or word of clause grammar.
pub(crate) fn apposition_end(tokens: &[Token], comma: usize) -> Option<usize> {
    if !tokens.get(comma)?.is_punct(',') {
        return None;
    }
    let first = tokens.get(comma + 1)?;
    if first.kind == TokenKind::Number {
        let age = first.lower.len() <= 3 && first.lower.parse::<u32>().is_ok_and(|a| a <= 110);
        return (age && tokens.get(comma + 2)?.is_punct(',')).then_some(comma + 2);
    }
    let mut k = comma + 1;
    while k < tokens.len() && k <= comma + APPOSITION_WORDS {
        let t = &tokens[k];
        if t.is_punct(',') {
            return (k > comma + 1).then_some(k);
        }
        let w = t.lower.as_str();
        let plain = t.kind == TokenKind::Word
            && !is_number_word(w)
            && !has!(QUANTITY_STARTS, w)
            && !has!(PERSON_POSSESSIVES, w)
            && !has!(FRAME_BREAKERS, w)
            && !has!(SAY_VERBS, w)
            && !has!(AUXILIARIES, w)
            && !matches!(w, "and" | "or" | "the" | "aged")
            && !crate::harm::is_harm_word(w);
        if !plain {
            return None;
        }
        k += 1;
    }
    None
}

/// "a town of 50,000 people", "a population of about 300,000", "home to 400 displaced people": how
/// many live somewhere, not a count of the harmed.
fn states_a_population(tokens: &[Token], q: &Quantity) -> bool {
    let word = |k: Option<usize>| {
        k.and_then(|k| tokens.get(k))
            .map_or("", |t| t.lower.as_str())
    };
    let (b1, b2) = (word(q.first.checked_sub(1)), word(q.first.checked_sub(2)));
    (b1 == "of" && has!(POPULATION_NOUNS, b2)) || (b1 == "to" && b2 == "home")
}

/// "a man in his 50s", "in their early 20s": a decade of someone's life, not a count.
fn is_decade_of_life(tokens: &[Token], q: &Quantity) -> bool {
    let word = |k: usize| tokens.get(k).map_or("", |t| t.lower.as_str());
    let t = &tokens[q.core_first];
    let decade = t.kind == TokenKind::Number
        && t.lower.ends_with('s')
        && t.lower[..t.lower.len() - 1]
            .bytes()
            .all(|b| b.is_ascii_digit());
    let mut k = q.first;
    if k > 0 && matches!(word(k - 1), "early" | "mid" | "late" | "mid-") {
        k -= 1;
    }
    decade && k > 0 && has!(PERSON_POSSESSIVES, word(k - 1))
}

/// "a boy, 12, and his sister, 8": a number set off by commas right after one person's noun is
/// that person's age, not a count.
fn is_age_apposition(tokens: &[Token], q: &Quantity) -> bool {
    let word = |k: usize| tokens.get(k).map_or("", |t| t.lower.as_str());
    let after = tokens.get(q.last + 1);
    q.first == q.core_first
        && q.first == q.last
        && tokens[q.first].kind == TokenKind::Number
        && q.range.max.is_some_and(|a| a <= 110)
        && q.first >= 2
        && tokens[q.first - 1].is_punct(',')
        && (has!(PERSON_NOUNS, word(q.first - 2)) || has!(KIN_NOUNS, word(q.first - 2)))
        && after.is_none_or(|t| {
            t.kind == TokenKind::Punct && matches!(t.lower.as_str(), "," | "." | ";" | ")")
        })
}

/// "members of one family", "of a single household": "one" saying which group the counted
/// belong to is no count of people.
fn names_one_collective(tokens: &[Token], q: &Quantity) -> bool {
    let lower = |k: usize| tokens.get(k).map_or("", |t| t.lower.as_str());
    q.range.min == Some(1)
        && q.range.max == Some(1)
        && q.first > 0
        && (lower(q.first - 1) == "of" || matches!(lower(q.first - 1), "from" | "in"))
        && lower(q.first) == "one"
        && has!(COLLECTIVE_NOUNS, lower(q.last + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    fn ranges(s: &str) -> Vec<(Option<u64>, Option<u64>, bool)> {
        let toks = tokenize(s, 0, s.len());
        find_quantities(&toks)
            .iter()
            .map(|q| (q.range.min, q.range.max, q.range.approx))
            .collect()
    }

    #[test]
    fn quantity_starts_hold_every_number_word() {
        for w in UNITS.iter().chain(SCALES) {
            assert!(may_start_quantity(w), "{w}");
        }
        assert!(may_start_quantity("sixty-one") && !may_start_quantity("sixty-ones"));
    }

    #[test]
    fn two_people_under_one_determiner_are_two() {
        assert_eq!(
            ranges("A man and woman were killed"),
            vec![(Some(2), Some(2), false)]
        );
        assert_eq!(
            ranges("killed a mother and child"),
            vec![(Some(2), Some(2), false)]
        );
        // the second noun describes others: one person, then a count of its own
        assert_eq!(
            ranges("a soldier and civilian casualties"),
            vec![(Some(1), Some(1), false)]
        );
    }

    #[test]
    fn a_couple_of_people_is_two() {
        assert_eq!(
            ranges("A couple of shepherds were wounded"),
            vec![(Some(2), Some(2), false)]
        );
        // a couple of things, or of a larger number, is not two people
        assert!(ranges("a couple of days later").is_empty());
        assert!(ranges("a couple of hundred people")
            .iter()
            .all(|r| r.0 != Some(2)));
        // a couple named alone is left to the sentence around it
        assert!(ranges("an elderly couple").is_empty());
    }

    #[test]
    fn a_figure_with_plus_has_no_upper_end() {
        for text in ["80-plus people", "80+ people", "80 plus people"] {
            assert_eq!(ranges(text), vec![(Some(80), None, false)], "{text}");
        }
    }

    #[test]
    fn ages_are_no_counts() {
        assert_eq!(
            ranges("Two brothers, aged 8 and 12, were killed"),
            vec![(Some(2), Some(2), false)]
        );
        assert_eq!(
            ranges("three girls between the ages of 5 and 9"),
            vec![(Some(3), Some(3), false)]
        );
        assert_eq!(
            ranges("nine men aged between 18 and 25"),
            vec![(Some(9), Some(9), false)]
        );
    }

    #[test]
    fn tens_of_people_are_at_least_twenty() {
        assert_eq!(ranges("tens of people"), vec![(Some(20), None, true)]);
        assert_eq!(
            ranges("tens of thousands"),
            vec![(Some(20_000), None, true)]
        );
    }

    #[test]
    fn half_a_dozen_is_six() {
        assert_eq!(
            ranges("half a dozen people"),
            vec![(Some(6), Some(6), false)]
        );
    }

    #[test]
    fn not_a_single_one_is_zero() {
        for text in ["not a single civilian", "not one soldier"] {
            let toks = tokenize(text, 0, text.len());
            let qs = find_quantities(&toks);
            assert_eq!(qs.len(), 1, "{text}");
            assert!(qs[0].zero && qs[0].range == Range::exact(0), "{text}");
        }
    }

    #[test]
    fn a_population_is_no_count() {
        assert!(ranges("the town of 50,000 people").is_empty());
        assert!(ranges("a city with a population of about 300,000").is_empty());
        assert!(ranges("the school, home to 400 displaced people,").is_empty());
        assert_eq!(
            ranges("the bodies of 12 people"),
            vec![(Some(12), Some(12), false)]
        );
    }

    #[test]
    fn one_naming_a_family_is_no_count() {
        assert!(ranges("members of one family").is_empty());
        assert_eq!(
            ranges("Eleven members of one household"),
            vec![(Some(11), Some(11), false)]
        );
        // "one" counting people is still a count
        assert_eq!(ranges("one of the family"), vec![(Some(1), Some(1), false)]);
    }

    #[test]
    fn digits_and_scales() {
        assert_eq!(
            ranges("1,000 people"),
            vec![(Some(1000), Some(1000), false)]
        );
        assert_eq!(
            ranges("1.5 million people"),
            vec![(Some(1_500_000), Some(1_500_000), false)]
        );
    }

    #[test]
    fn words() {
        assert_eq!(ranges("sixty-one dead"), vec![(Some(61), Some(61), false)]);
        assert_eq!(
            ranges("one hundred and five dead"),
            vec![(Some(105), Some(105), false)]
        );
        assert_eq!(
            ranges("Twenty-six killed"),
            vec![(Some(26), Some(26), false)]
        );
        assert_eq!(
            ranges("could exceed a hundred dead"),
            vec![(Some(101), None, false)]
        );
        assert_eq!(ranges("two dozen dead"), vec![(Some(24), Some(24), false)]);
    }

    #[test]
    fn at_least_after_the_figure() {
        assert_eq!(
            ranges("killed 10 people at least"),
            vec![(Some(10), None, false)]
        );
        assert_eq!(ranges("10 at least"), vec![(Some(10), None, false)]);
        assert_eq!(
            ranges("10 people, at least"),
            vec![(Some(10), Some(10), false)]
        );
    }

    #[test]
    fn qualifiers() {
        assert_eq!(ranges("more than 100"), vec![(Some(101), None, false)]);
        assert_eq!(ranges("at least 35"), vec![(Some(35), None, false)]);
        assert_eq!(ranges("as many as 200"), vec![(None, Some(200), false)]);
        assert_eq!(ranges("as high as 240"), vec![(None, Some(240), false)]);
        assert_eq!(ranges("as few as 12"), vec![(Some(12), None, false)]);
        assert_eq!(ranges("fewer than 10"), vec![(None, Some(9), false)]);
        assert_eq!(ranges("about 70"), vec![(Some(70), Some(70), true)]);
        assert_eq!(ranges("11 or more"), vec![(Some(11), None, false)]);
        assert_eq!(
            ranges("the death toll is now up to 23"),
            vec![(Some(23), Some(23), false)]
        );
    }

    #[test]
    fn ranges_merge() {
        assert_eq!(
            ranges("between 105 and 141"),
            vec![(Some(105), Some(141), false)]
        );
        assert_eq!(
            ranges("100-300 killed"),
            vec![(Some(100), Some(300), false)]
        );
        assert_eq!(
            ranges("from 10 to more than 70"),
            vec![(Some(10), None, false)]
        );
        assert_eq!(
            ranges("the 100-to-300 spectrum"),
            vec![(Some(100), Some(300), false)]
        );
        // a hedge word after "or" keeps the two figures one range
        assert_eq!(
            ranges("as many as 230 or even 520 people"),
            vec![(None, Some(520), false)]
        );
        assert_eq!(
            ranges("40 or perhaps 50 people"),
            vec![(Some(40), Some(50), false)]
        );
    }

    #[test]
    fn vague_words() {
        assert_eq!(ranges("dozens of people"), vec![(Some(24), None, true)]);
        assert_eq!(
            ranges("several dozen fighters"),
            vec![(Some(24), None, true)]
        );
        assert_eq!(ranges("a few dozen people"), vec![(Some(24), None, true)]);
        assert_eq!(ranges("Scores killed"), vec![(Some(40), None, true)]);
        assert_eq!(ranges("a few wounded"), vec![(Some(2), None, true)]);
        assert_eq!(
            ranges("more than a quarter of a million"),
            vec![(Some(250_001), None, false)]
        );
        assert_eq!(ranges("the low 100s"), vec![(Some(100), None, true)]);
    }

    #[test]
    fn dates_and_years_are_not_counts() {
        assert!(ranges("on March 17, 2017 at 10 a.m.")
            .iter()
            .all(|r| r.0 == Some(10)));
        assert!(ranges("17 March 2017").is_empty());
        assert!(ranges("the 18th").is_empty());
        // a day of the month after its weekday, but a count of people or a count that was killed
        assert!(ranges("killed Tuesday 19 in the camp").is_empty());
        assert!(ranges("killed on Sunday 3, the army said").is_empty());
        assert_eq!(
            ranges("on Tuesday 19 people died"),
            vec![(Some(19), Some(19), false)]
        );
        assert_eq!(
            ranges("on Tuesday 19 were killed"),
            vec![(Some(19), Some(19), false)]
        );
    }
}
