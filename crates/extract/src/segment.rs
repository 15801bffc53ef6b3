//! Sentence segmentation into byte spans.
//!
//! A line break always ends a sentence (headlines, bylines and list items
//! stand alone). Inside a line, `.`, `!` or `?` (with any closing quotes or
//! brackets) followed by white space and an uppercase letter, a digit, an
//! opening quote or a letter of a script without case (Arabic) ends a
//! sentence, unless the word before the full stop is a known abbreviation
//! ("U.S.", "Brig. Gen.", "Col.", "Mr.") or an initial.

use crate::lexicon::ABBREVIATIONS;
use toll_model::Span;

/// Is `word` (the text before a full stop) an abbreviation or an initial ("Gen", "U.S", "A")?
fn is_abbreviation(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    // every abbreviation is ASCII and shorter than eight bytes
    if w.len() < 8 && w.is_ascii() {
        let mut buf = [0u8; 8];
        let lower = &mut buf[..w.len()];
        lower.copy_from_slice(w.as_bytes());
        lower.make_ascii_lowercase();
        if ABBREVIATIONS.iter().any(|a| a.as_bytes() == &*lower) {
            return true;
        }
    }
    // single letters and dotted initialisms: "A.", "U.S.", "D.C."
    w.split('.').all(|part| {
        let mut chars = part.chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
    })
}

/// Longest sentence handed to the later stages, in bytes. Real sentences are far shorter; a
/// longer run (a table, a page with no punctuation, junk) is cut at white space so that work
/// per sentence stays bounded.
pub const MAX_SENTENCE_BYTES: usize = 2_000;

/// Byte spans of the sentences of `text`, trimmed of surrounding white space.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let line_end = line_start + line.len();
        split_line(text, line_start, line_end, &mut out);
        line_start = line_end;
    }
    if out.iter().any(|s| s.len() > MAX_SENTENCE_BYTES) {
        out = out.into_iter().flat_map(|s| cut_long(text, s)).collect();
    }
    out
}

/// Cuts an overlong span into pieces of at most [`MAX_SENTENCE_BYTES`], at white space where possible.
fn cut_long(text: &str, span: Span) -> Vec<Span> {
    let mut pieces = Vec::new();
    let mut start = span.start;
    while span.end - start > MAX_SENTENCE_BYTES {
        let mut cut = start + MAX_SENTENCE_BYTES;
        while cut > start && !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let window = &text[start..cut];
        if let Some(ws) = window.rfind(char::is_whitespace) {
            if ws > 0 {
                cut = start + ws;
            }
        }
        if cut <= start {
            break;
        }
        push_trimmed(text, start, cut, &mut pieces);
        start = cut;
    }
    push_trimmed(text, start, span.end, &mut pieces);
    pieces
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let Some(s) = text.get(start..end) else {
        return;
    };
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(Span::new(start + lead, end - trail));
    }
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '’' | '”' | ')' | ']' | '»')
}

fn is_opener(c: char) -> bool {
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '«')
        || is_uncased_letter(c)
}

/// A letter of a script without case (Arabic, Hebrew): any of them may open a sentence.
fn is_uncased_letter(c: char) -> bool {
    !c.is_ascii() && c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase()
}

fn split_line(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let line = &text[start..end];
    let bytes = line.as_bytes();
    let mut sent_start = 0;
    let mut i = 0;
    while let Some(next) = next_terminal(bytes, i) {
        i = next;
        let b = bytes[i];
        // extend over closing punctuation
        let mut j = i + 1;
        while j < line.len() {
            let Some(c) = line[j..].chars().next() else {
                break;
            };
            if is_closer(c) || c == '.' {
                j += c.len_utf8();
            } else {
                break;
            }
        }
        let rest = &line[j..];
        let after_space = rest.trim_start();
        let has_space = after_space.len() < rest.len();
        let next_ok = after_space.chars().next().is_some_and(is_opener);
        if has_space && next_ok && !(b == b'.' && is_abbreviation(word_before(line, i))) {
            push_trimmed(text, start + sent_start, start + j, out);
            sent_start = j;
        }
        i = j;
    }
    push_trimmed(text, start + sent_start, end, out);
}

/// The first `.`, `!` or `?` at or after `from`, testing eight bytes at a time.
fn next_terminal(bytes: &[u8], from: usize) -> Option<usize> {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // a byte of `x` is zero (any zero byte sets a high bit; none does otherwise)
    let has_zero = |x: u64| x.wrapping_sub(LOW) & !x & HIGH != 0;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        if has_zero(x ^ (LOW * u64::from(b'.')))
            || has_zero(x ^ (LOW * u64::from(b'!')))
            || has_zero(x ^ (LOW * u64::from(b'?')))
        {
            break;
        }
        i += 8;
    }
    bytes
        .get(i..)?
        .iter()
        .position(|&b| b == b'.' || b == b'!' || b == b'?')
        .map(|k| i + k)
}

/// The run of non-space characters that ends at byte `dot` (exclusive).
fn word_before(line: &str, dot: usize) -> &str {
    let head = &line[..dot];
    let from = head
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || matches!(c, '(' | '"' | '“'))
        .map(|(k, c)| k + c.len_utf8())
        .unwrap_or(0);
    &head[from..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).iter().map(|s| s.slice(text)).collect()
    }

    #[test]
    fn line_breaks_end_headlines() {
        assert_eq!(
            split("Strike kills 12 in town\nOfficials said 12 died. Others disagree."),
            vec![
                "Strike kills 12 in town",
                "Officials said 12 died.",
                "Others disagree."
            ]
        );
    }

    #[test]
    fn abbreviations_are_short_lowercase_ascii() {
        // `is_abbreviation` compares only ASCII words of fewer than eight bytes
        for a in ABBREVIATIONS {
            assert!(
                a.len() < 8 && a.is_ascii() && a.to_ascii_lowercase() == *a,
                "{a}"
            );
        }
        assert!(is_abbreviation("Gen") && is_abbreviation("U.S") && is_abbreviation("MESSRS."));
        assert!(is_abbreviation("A") && is_abbreviation("Ö") && !is_abbreviation("Ok"));
        assert!(!is_abbreviation("") && !is_abbreviation("...") && !is_abbreviation("town"));
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let t = "Brig. Gen. Smith of the U.S. Army said so. Col. Jones and Mr. Ali agreed.";
        assert_eq!(
            split(t),
            vec![
                "Brig. Gen. Smith of the U.S. Army said so.",
                "Col. Jones and Mr. Ali agreed."
            ]
        );
    }

    #[test]
    fn quotes_close_sentences() {
        let t = "“We saw 30 bodies.” The governor said it was true.";
        assert_eq!(
            split(t),
            vec!["“We saw 30 bodies.”", "The governor said it was true."]
        );
    }

    #[test]
    fn decimals_and_lowercase_continuations_stay() {
        let t = "About 1.5 million fled. at 10 a.m. it began.";
        assert_eq!(
            split(t),
            vec!["About 1.5 million fled. at 10 a.m. it began."]
        );
    }

    #[test]
    fn overlong_runs_are_cut_at_white_space() {
        let t = "word ".repeat(2_000);
        let spans = sentences(&t);
        assert!(spans.len() >= 5);
        assert!(spans
            .iter()
            .all(|s| s.len() <= MAX_SENTENCE_BYTES && s.slice(&t).starts_with("word")));
        let t = "é".repeat(3_000);
        assert!(sentences(&t).iter().all(|s| !s.slice(&t).is_empty()));
    }

    #[test]
    fn empty_and_blank_text() {
        assert!(sentences("").is_empty());
        assert!(sentences(" \n\n ").is_empty());
    }
}
