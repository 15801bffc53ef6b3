//! Who says so (`claimed_by`) and what is blamed (`blamed`).
//!
//! Speakers come from reporting frames ("X said", "said X", "according to X",
//! "X told …", a headline's "NYT:" prefix) in the account's clause, then in its
//! sentence, then — for quoted speech — in the next sentence.

use crate::lexicon::{
    has, CAUSE_NOUNS, CONTINUATION_OPENERS, DETERMINERS, FRAME_BREAKERS, GENERIC_CAUSES,
    HEADLINE_LABELS, PRONOUNS, SAY_VERBS, VERB_ADVERBS,
};
use crate::token::{Token, TokenKind};
use toll_model::Span;

fn text_of(text: &str, tokens: &[Token], from: usize, to: usize) -> Option<String> {
    if from >= to || to > tokens.len() {
        return None;
    }
    // the sentence's own full stop is not part of a name ("said Col. Smith.")
    let to = if to == tokens.len() && to > from + 1 && tokens[to - 1].is_punct('.') {
        to - 1
    } else {
        to
    };
    let s = text.get(tokens[from].start..tokens[to - 1].end)?;
    let s = s.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | '"' | '“' | '”' | '\'' | '‘' | '’' | ':')
    });

    (!s.is_empty()).then(|| s.to_string())
}

/// Most tokens of a relative clause skipped between a speaker and the verb.
const RELATIVE_CLAUSE_TOKENS: usize = 14;

/// A speaker phrase ending just before token `verb`: back to a clause start, at most 9 tokens.
fn subject_before(tokens: &[Token], lo: usize, verb: usize) -> Option<(usize, usize)> {
    // "The health ministry, which is run by Hamas, announced": the subject stands before the
    // relative clause set off by commas
    let relative = (verb > lo + 1 && tokens[verb - 1].is_punct(','))
        .then(|| {
            (verb.saturating_sub(RELATIVE_CLAUSE_TOKENS).max(lo)..verb - 1)
                .rev()
                .find(|&j| {
                    tokens[j].is_punct(',')
                        && tokens
                            .get(j + 1)
                            .is_some_and(|t| matches!(t.lower.as_str(), "which" | "who" | "whose"))
                })
        })
        .flatten();
    let verb = relative.unwrap_or(verb);
    // "The group, the Ostrel Observatory, said": an appositive subject ends with a comma
    let verb = if verb > lo + 1 && tokens[verb - 1].is_punct(',') {
        verb - 1
    } else {
        verb
    };
    let mut k = verb;
    let floor = verb.saturating_sub(9).max(lo);
    while k > floor {
        let t = &tokens[k - 1];
        let w = t.lower.as_str();
        // a name's acronym in brackets: "Medecins Sans Frontieres (MSF) said"
        if t.is_punct(')') {
            let open = (k.saturating_sub(5).max(floor)..k - 1)
                .rev()
                .find(|&j| tokens[j].is_punct('('));
            if let Some(j) = open {
                k = j;
                continue;
            }
        }
        // a dash ("(UPI) -- The military said") opens the sentence's own words
        let dash = w == "-" && k >= 2 && tokens[k - 2].is("-");
        if t.kind == TokenKind::Punct && !matches!(w, "'" | "’" | "-" | ".")
            || dash
            || has!(SAY_VERBS, w)
        {
            break;
        }
        if matches!(
            w,
            "that" | "while" | "and" | "but" | "as" | "when" | "after" | "which" | "who" | "where"
        ) && k < verb
        {
            break;
        }
        if has!(VERB_ADVERBS, w) {
            if k == verb {
                k -= 1;
                continue;
            }
            break;
        }
        k -= 1;
    }
    // drop trailing adverbs between subject and verb
    let mut end = verb;
    while end > k && has!(VERB_ADVERBS, &tokens[end - 1].lower) {
        end -= 1;
    }
    if end <= k {
        return None;
    }
    if end - k == 1 && has!(PRONOUNS, &tokens[k].lower) {
        return None;
    }
    if tokens[k..end]
        .iter()
        .all(|t| has!(DETERMINERS, &t.lower) || has!(PRONOUNS, &t.lower))
    {
        return None;
    }
    Some((k, end))
}

/// A speaker phrase starting at `from`: capitalised words, titles and "of the …" up to a break.
fn phrase_after(tokens: &[Token], from: usize, hi: usize) -> Option<(usize, usize)> {
    let mut k = from;
    while k < hi && k < from + 10 {
        let t = &tokens[k];
        let w = t.lower.as_str();
        if t.kind == TokenKind::Punct && !matches!(w, "'" | "’" | "-" | "." | "&") {
            break;
        }
        if has!(FRAME_BREAKERS, w) && w != "of" && !(w == "for" && k > from) {
            break;
        }
        if matches!(w, "that" | "and" | "but" | "who" | "which") {
            break;
        }
        k += 1;
    }
    (k > from).then_some((from, k))
}

/// Finds the claimant of a statement in tokens `[lo, hi)`.
fn claimant_in(text: &str, tokens: &[Token], lo: usize, hi: usize) -> Option<String> {
    // "according to X"
    for k in lo..hi.saturating_sub(1) {
        if tokens[k].is("according") && tokens[k + 1].is("to") {
            if let Some((a, b)) = phrase_after(tokens, k + 2, hi) {
                return text_of(text, tokens, a, b);
            }
        }
    }
    for k in lo..hi {
        let w = tokens[k].lower.as_str();
        // "the United States called it a bunker": a country's name, not "the United" stating
        if !has!(SAY_VERBS, w) || (w == "states" && k > 0 && tokens[k - 1].is("united")) {
            continue;
        }
        // "…, said X" (tried first when a comma or closing quote precedes the verb)
        // ("X, the governor, told Reuters": the one told is never the speaker)
        let after_break = k > lo
            && !matches!(w, "told" | "tells")
            && (tokens[k - 1].is_punct(',')
                || tokens[k - 1].kind == TokenKind::Punct
                    && matches!(tokens[k - 1].lower.as_str(), "”" | "\""));
        if after_break {
            if let Some((a, b)) = phrase_after(tokens, k + 1, hi) {
                if (tokens[a].is_capitalized(text) || has!(DETERMINERS, &tokens[a].lower))
                    && !has!(PRONOUNS, &tokens[a].lower)
                {
                    return text_of(text, tokens, a, b);
                }
            }
        }
        // "X said"
        if let Some((a, b)) = subject_before(tokens, lo, k) {
            // "were reported killed" is a passive, not a speaker
            let aux = tokens[b - 1].lower.as_str();
            let harm_clause = tokens[a..b]
                .iter()
                .any(|t| crate::harm::is_harm_word(&t.lower));
            if !matches!(aux, "were" | "was" | "been" | "be" | "is" | "are") && !harm_clause {
                return text_of(text, tokens, a, b);
            }
        }
    }
    // a headline's closing source: "… killed in strike on mall - governor", "…: local sources"
    if let Some(c) = closing_source(tokens, lo, hi) {
        return text_of(text, tokens, c, hi);
    }
    // headline prefix "NYT: …", "ICRC: …"
    if let Some(colon) = tokens[lo..hi.min(lo + 4)]
        .iter()
        .position(|t| t.is_punct(':'))
    {
        let c = lo + colon;
        let acronym = tokens[lo..c].iter().all(|t| {
            text.get(t.start..t.end)
                .is_some_and(|s| s.len() >= 2 && s.chars().all(|ch| ch.is_ascii_uppercase()))
        });
        // "UPDATE: …", "BREAKING: …" label the item, they name no source
        let label = tokens[lo..c]
            .iter()
            .any(|t| has!(HEADLINE_LABELS, &t.lower));
        if c > lo && acronym && !label {
            return text_of(text, tokens, lo, c);
        }
    }
    None
}

/// True when the sentence `sent` goes on with the count of the sentence `prev` before it in
/// the same paragraph: it opens with a word of [`CONTINUATION_OPENERS`] ("In addition",
/// "Another", "Also") and no blank line parts them.
pub fn continues_count(text: &str, prev: Span, sent: Span) -> bool {
    let Some(between) = text.get(prev.end..sent.start) else {
        return false;
    };
    if between.matches('\n').count() > 1 || between.len() > CONTINUATION_GAP {
        return false;
    }
    let Some(opening) = text.get(sent.start..sent.end) else {
        return false;
    };
    let mut words = opening
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase);
    let first = words.next().unwrap_or_default();
    // "In addition" (not "In Kharkiv")
    if first == "in" {
        return words.next().is_some_and(|w| w == "addition");
    }
    has!(CONTINUATION_OPENERS, first.as_str())
}

/// Most bytes between two sentences of which the second goes on with the first's count.
const CONTINUATION_GAP: usize = 200;

/// True when `tokens` (a sentence) open with "He said" or "She told": a speaker named before.
pub fn opens_with_pronoun_speech(tokens: &[Token]) -> bool {
    match tokens {
        [a, b, ..] => matches!(a.lower.as_str(), "he" | "she") && has!(SAY_VERBS, &b.lower),
        _ => false,
    }
}

/// The person a "He said" refers to: the speaker named by a full name ("Dr Ayman Madkour said",
/// "said Jane Doe") in the nearest of the sentences before, given last first.
pub fn person_speaker_before<'a>(
    text: &str,
    before: impl IntoIterator<Item = &'a [Token]>,
) -> Option<String> {
    for tokens in before {
        let Some(found) = claimant_in(text, tokens, 0, tokens.len()) else {
            continue;
        };
        let words: Vec<&str> = found.split_whitespace().collect();
        let named = (2..=5).contains(&words.len())
            && words
                .iter()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase));
        if named && crate::speaker::speaker_phrase(&found).is_some() {
            return Some(found);
        }
    }
    None
}

/// Longest line (bytes) read as a list item or a list's introduction.
const LIST_LINE: usize = 300;

/// How many list items back a list's introduction is looked for.
const LIST_ITEMS: usize = 12;

/// The claimant of a list item from the line that introduces its list ("The emergency service
/// reported:" then "- 23 people were killed;" on lines of their own): the speaker of the nearest
/// line before `line_start` that ends with a colon, when every line between is a short item.
pub fn list_intro_claimant(text: &str, line_start: usize) -> Option<String> {
    let head = text.get(..line_start)?;
    // the item's own line must start where its sentence does, after any bullet
    let line_head = head.rsplit('\n').next().unwrap_or("");
    if !line_head
        .chars()
        .all(|c| c.is_whitespace() || matches!(c, '•' | '-' | '*' | '–' | '—' | '·'))
    {
        return None;
    }
    let head = &head[..head.len() - line_head.len()];
    let mut end = head.trim_end_matches(['\n', '\r', ' ', '\t']).len();
    for _ in 0..=LIST_ITEMS {
        let start = text[..end].rfind('\n').map_or(0, |i| i + 1);
        let line = text[start..end].trim();
        if end - start > LIST_LINE {
            return None;
        }
        if line.ends_with(':') {
            let tokens = crate::token::tokenize(text, start, end);
            let found = claimant_in(text, &tokens, 0, tokens.len())?;
            return crate::speaker::speaker_phrase(&found).map(str::to_string);
        }
        if start == 0 {
            return None;
        }
        end = text[..start]
            .trim_end_matches(['\n', '\r', ' ', '\t'])
            .len();
    }
    None
}

/// Most words a headline's closing source has ("- governor", ": Local Sources").
const CLOSING_SOURCE_WORDS: usize = 5;

/// The first token of a source that closes `[lo, hi)` after a spaced dash or a colon ("Dozens
/// killed in market strike - officials"), when at least four words come before it and the
/// source itself holds no punctuation.
fn closing_source(tokens: &[Token], lo: usize, hi: usize) -> Option<usize> {
    let from = hi.saturating_sub(CLOSING_SOURCE_WORDS + 1).max(lo + 4);
    let mark = (from..hi.saturating_sub(1))
        .rev()
        .find(|&k| tokens[k].kind == TokenKind::Punct)?;
    let t = &tokens[mark];
    let dash = matches!(t.lower.as_str(), "-" | "–" | "—") && !tokens[mark - 1].is("-");
    let colon = t.is_punct(':');
    (dash || colon).then_some(mark + 1)
}

/// The claimant of a group: its clause, then its sentence, then a quoted sentence's next sentence.
pub fn claimed_by(
    text: &str,
    tokens: &[Token],
    clause: (usize, usize),
    next_sentence: Option<&[Token]>,
) -> Option<String> {
    // a candidate counts only when it names a speaker (never a fragment of a clause)
    let speaker =
        |c: Option<String>| c.and_then(|c| crate::speaker::speaker_phrase(&c).map(str::to_string));
    if let Some(c) = speaker(claimant_in(text, tokens, clause.0, clause.1)) {
        return Some(c);
    }
    let (lo, hi) = around(clause, tokens.len());
    if (lo, hi) != clause {
        if let Some(c) = speaker(claimant_in(text, tokens, lo, hi)) {
            return Some(c);
        }
    }
    let quoted = tokens
        .first()
        .is_some_and(|t| matches!(t.lower.as_str(), "“" | "\""));
    if quoted {
        if let Some(next) = next_sentence {
            let head = next.len().min(12);
            return speaker(claimant_in(text, next, 0, head));
        }
    }
    None
}

/// The cause or actor a clause names: "coalition air strike", "ISIS car bomb", "Russian missile".
pub fn blamed(text: &str, tokens: &[Token], clause: (usize, usize)) -> Option<String> {
    let (lo, hi) = around(clause, tokens.len());
    blamed_in(text, tokens, clause.0, clause.1).or_else(|| {
        if (lo, hi) != clause {
            blamed_in(text, tokens, lo, hi)
        } else {
            None
        }
    })
}

/// The sentence around a clause, bounded so that work per account stays constant.
fn around(clause: (usize, usize), len: usize) -> (usize, usize) {
    (clause.0.saturating_sub(40), (clause.1 + 40).min(len))
}

fn blamed_in(text: &str, tokens: &[Token], lo: usize, hi: usize) -> Option<String> {
    let hi = hi.min(tokens.len());
    let head = (lo..hi).find(|&k| has!(CAUSE_NOUNS, &tokens[k].lower))?;
    // extend over compound heads: "air strike", "car bomb", "missile attack"
    let mut end = head + 1;
    while end < hi && has!(CAUSE_NOUNS, &tokens[end].lower) {
        end += 1;
    }
    let mut start = head;
    while start > lo {
        let t = &tokens[start - 1];
        let w = t.lower.as_str();
        let modifier = t.kind == TokenKind::Word
            && !has!(DETERMINERS, w)
            && !has!(FRAME_BREAKERS, w)
            && !crate::harm::is_harm_word(w)
            && !has!(SAY_VERBS, w)
            && !matches!(
                w,
                "and"
                    | "or"
                    | "was"
                    | "were"
                    | "is"
                    | "are"
                    | "has"
                    | "have"
                    | "had"
                    | "been"
                    | "be"
                    | "of"
                    | "s"
                    | "'s"
            )
            && (!(w.ends_with("ed") || w.ends_with("ing"))
                || w.ends_with("-led")
                || matches!(
                    w,
                    "suspected"
                        | "alleged"
                        | "unmanned"
                        | "guided"
                        | "armed"
                        | "coalition-led"
                        | "us-led"
                ))
            && (t.is_capitalized(text) || w.chars().all(|c| c.is_alphabetic() || c == '-'));
        if !modifier || head - start >= 4 {
            break;
        }
        start -= 1;
    }
    // agent after the head: "an airstrike by the Saudi-led coalition"
    if end < hi && tokens[end].is("by") {
        let mut k = end + 1;
        if k < hi && has!(DETERMINERS, &tokens[k].lower) {
            k += 1;
        }
        let agent_start = k;
        while k < hi && k < agent_start + 4 {
            let t = &tokens[k];
            if t.kind != TokenKind::Word
                || has!(FRAME_BREAKERS, &t.lower)
                || matches!(t.lower.as_str(), "and" | "that" | "which")
                || crate::harm::is_harm_word(&t.lower)
            {
                break;
            }
            k += 1;
        }
        if k > agent_start {
            end = k;
        }
    }
    if start == head && end == head + 1 && has!(GENERIC_CAUSES, &tokens[head].lower) {
        return None;
    }
    text_of(text, tokens, start, end)
}
