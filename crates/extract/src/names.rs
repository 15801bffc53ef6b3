//! Place names the gazetteer does not know (a village, a camp, a neighbourhood, a hospital):
//! "strikes on the village of Baghuz", "the Al Baghouz camp". Reports of one event tend to share
//! them, so linking compares them across reports (spelling variants fold to one key).

use crate::lexicon::{
    NAME_ARTICLES as ARTICLES, NOT_NAMES, PLACE_NAME_AFTER as AFTER, PLACE_NAME_BEFORE as BEFORE,
};
use crate::scan;
use crate::wordset::{key_at, WordSet};
use std::sync::OnceLock;
use toll_geo::{normalize_into, Gazetteer};
use toll_model::Span;

/// At most this many names are kept per report (the most frequent).
const MAX_NAMES: usize = 6;

/// The key a name is compared by: its first letter and its consonants, lower-case, doubled
/// letters and a final "h" dropped; transliterations differ mostly in vowels, so "Baghouz" and
/// "Baghuz", "Tokhar" and "Tukhar", "Jadidah" and "Jadida" give one key.
pub fn name_key(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    name_key_into(word, &mut out);
    out
}

/// [`name_key`] into `out` (cleared first).
fn name_key_into(word: &str, out: &mut String) {
    out.clear();
    for (i, c) in word
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .enumerate()
    {
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
        if (i == 0 || !vowel) && !out.ends_with(c) {
            out.push(c);
        }
    }
    if out.len() > 2 && out.ends_with('h') {
        out.pop();
    }
}

/// Adjectives of nationality and the like ("Syrian", "Kurdish", "Lebanese").
fn is_demonym(lower: &str) -> bool {
    ["ian", "ians", "ish", "ese", "ans", "ean", "eans"]
        .iter()
        .any(|s| lower.ends_with(s))
}

/// [`is_demonym`] for an ASCII word ("-ians" and "-eans" end in "-ans").
fn is_ascii_demonym(word: &[u8]) -> bool {
    let Some(&[a, b, c]) = word.len().checked_sub(3).and_then(|i| word.get(i..)) else {
        return false;
    };
    let last = [a, b, c].map(|x| x.to_ascii_lowercase());
    matches!(&last, b"ian" | b"ish" | b"ese" | b"ans" | b"ean")
}

/// A list of words as a [`WordSet`], made once.
macro_rules! word_set {
    ($list:expr) => {{
        static SET: OnceLock<WordSet> = OnceLock::new();
        SET.get_or_init(|| WordSet::new($list.iter().copied()))
    }};
}

/// Could `text[s..e]` be a place name: capitalised, with a lowercase letter after the first, at
/// least four letters and nothing but letters, and not a common capitalised word or a demonym?
fn is_candidate(text: &str, s: usize, e: usize) -> bool {
    let word = &text[s..e];
    if word.is_ascii() {
        let b = word.as_bytes();
        return b.len() >= 4
            && b[0].is_ascii_uppercase()
            && b.iter().all(u8::is_ascii_alphabetic)
            && b[1..].iter().any(u8::is_ascii_lowercase)
            && !word_in(text, (s, e), word_set!(NOT_NAMES))
            && !is_ascii_demonym(b);
    }
    let mut chars = word.chars();
    let capitalised = chars.next().is_some_and(char::is_uppercase);
    let lower_rest = chars.clone().any(char::is_lowercase);
    capitalised
        && lower_rest
        && word.chars().count() >= 4
        && word.chars().all(char::is_alphabetic)
        && {
            let lower = word.to_lowercase();
            !word_set!(NOT_NAMES).contains(lower.as_bytes()) && !is_demonym(&lower)
        }
}

/// True when the lowercase form of the word `text[s..e]` is in `set` (of lowercase ASCII words).
#[inline(always)]
fn word_in(text: &str, span: (usize, usize), set: &WordSet) -> bool {
    word_position(text, span, set).is_some()
}

/// Where the lowercase form of the word `text[s..e]` is in the list `set` was made of.
#[inline(always)]
fn word_position(text: &str, (s, e): (usize, usize), set: &WordSet) -> Option<usize> {
    match key_at(text.as_bytes(), s, e) {
        Some(key) => set.position_of_key(key),
        // too long for the set if ASCII; else as lowercased
        None => text
            .get(s..e)
            .filter(|w| !w.is_ascii())
            .and_then(|w| set.position(w.to_lowercase().as_bytes())),
    }
}

/// [`ARTICLES`], then [`BEFORE`], as one set (no word is in both).
fn articles_then_before() -> &'static WordSet {
    static SET: OnceLock<WordSet> = OnceLock::new();
    SET.get_or_init(|| WordSet::new(ARTICLES.iter().chain(BEFORE).copied()))
}

/// Which bytes are ASCII letters, digits or apostrophes.
static ASCII_WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'\'' as usize;
        b += 1;
    }
    table
};

/// Is `c` part of a word (alphanumeric or an apostrophe)?
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return is_ascii_word_byte(c as u8);
    }
    scan::is_alphanumeric(c)
}

/// Is `b` an ASCII letter, digit or apostrophe?
#[inline]
fn is_ascii_word_byte(b: u8) -> bool {
    ASCII_WORD_BYTES[usize::from(b)]
}

/// Of the eight bytes of `x`, those that are ASCII word bytes (see [`is_ascii_word_byte`]), as
/// their high bits.
#[inline(always)]
fn ascii_word_bytes(x: u64) -> u64 {
    scan::ascii_alphanumeric(x) | (scan::equal(x, b'\'') & !x)
}

/// The end of the word that has a word character at byte `i`.
#[inline(always)]
fn word_end(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    // eight bytes at a time, then one by one
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let other = !ascii_word_bytes(u64::from_le_bytes(word)) & scan::HIGH;
        if other != 0 {
            i += (other.trailing_zeros() / 8) as usize;
            break;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(|&b| is_ascii_word_byte(b)) {
        i += 1;
    }
    if bytes.get(i).is_none_or(|&b| b < 128) {
        return i;
    }
    word_end_non_ascii(text, i)
}

/// [`word_end`] from a non-ASCII character.
#[cold]
#[inline(never)]
fn word_end_non_ascii(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        match text.get(i..).and_then(|t| t.chars().next()) {
            Some(c) if !c.is_ascii() && is_word_char(c) => i += c.len_utf8(),
            _ => return i,
        }
        while bytes.get(i).is_some_and(|&b| is_ascii_word_byte(b)) {
            i += 1;
        }
    }
}

/// The start of the word that has a word character just before byte `i`.
#[inline(always)]
fn word_start(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    // eight bytes at a time, then one by one
    while let Some(chunk) = i.checked_sub(8).and_then(|j| bytes.get(j..i)) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let other = !ascii_word_bytes(u64::from_le_bytes(word)) & scan::HIGH;
        if other != 0 {
            i -= (other.leading_zeros() / 8) as usize;
            break;
        }
        i -= 8;
    }
    while i > 0 && is_ascii_word_byte(bytes[i - 1]) {
        i -= 1;
    }
    if i == 0 || bytes[i - 1] < 128 {
        return i;
    }
    word_start_non_ascii(text, i)
}

/// [`word_start`] from a non-ASCII character.
#[cold]
#[inline(never)]
fn word_start_non_ascii(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        match text.get(..i).and_then(|t| t.chars().next_back()) {
            Some(c) if !c.is_ascii() && is_word_char(c) => i -= c.len_utf8(),
            _ => return i,
        }
        while i > 0 && is_ascii_word_byte(bytes[i - 1]) {
            i -= 1;
        }
    }
}

/// The first word that starts at or after byte `i` (which is not inside a word).
fn next_word(text: &str, mut i: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    loop {
        while i < bytes.len() && bytes[i] < 128 && !is_ascii_word_byte(bytes[i]) {
            i += 1;
        }
        let c = text.get(i..)?.chars().next()?;
        if is_word_char(c) {
            return Some((i, word_end(text, i)));
        }
        i += c.len_utf8();
    }
}

/// The last word that ends at or before byte `i` (which is not inside a word).
#[inline(always)]
fn prev_word(text: &str, mut i: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    while i > 0 && bytes[i - 1] < 128 && !is_ascii_word_byte(bytes[i - 1]) {
        i -= 1;
    }
    if i > 0 && bytes[i - 1] < 128 {
        return Some((word_start(text, i), i));
    }
    prev_word_non_ascii(text, i)
}

/// [`prev_word`] from the start of the text or after a non-ASCII character.
#[cold]
#[inline(never)]
fn prev_word_non_ascii(text: &str, mut i: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    loop {
        let c = text.get(..i)?.chars().next_back()?;
        if is_word_char(c) {
            return Some((word_start(text, i), i));
        }
        i -= c.len_utf8();
        while i > 0 && bytes[i - 1] < 128 && !is_ascii_word_byte(bytes[i - 1]) {
            i -= 1;
        }
    }
}

/// The first byte at or after `from` that is an uppercase ASCII letter or not ASCII, testing
/// eight bytes at a time.
fn next_upper_or_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // per byte, without carries between bytes: the high bit, then the low seven bits
        // compared with 'A' and 'Z' + 1
        let seven = x & !HIGH;
        let at_least_a = seven + LOW * (0x80 - u64::from(b'A'));
        let above_z = seven + LOW * (0x80 - (u64::from(b'Z') + 1));
        if (x | (at_least_a & !above_z)) & HIGH != 0 {
            break;
        }
        i += 8;
    }
    bytes
        .get(i..)?
        .iter()
        .position(|&b| b.is_ascii_uppercase() || b >= 128)
        .map(|k| i + k)
}

/// The words of `text` that may be names: those that start with an uppercase ASCII letter or a
/// non-ASCII character (words are maximal runs of letters, digits and apostrophes).
fn capitalised_words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    // `at` is never inside a word
    let mut at = 0;
    std::iter::from_fn(move || loop {
        let q = next_upper_or_non_ascii(bytes, at)?;
        // an uppercase ASCII letter after anything but a word byte starts a word
        if bytes[q] < 128
            && q.checked_sub(1)
                .is_none_or(|p| bytes[p] < 128 && !is_ascii_word_byte(bytes[p]))
        {
            at = word_end(text, q);
            return Some((q, at));
        }
        let c = text.get(q..)?.chars().next()?;
        if !is_word_char(c) {
            at = q + c.len_utf8();
            continue;
        }
        let start = word_start(text, q);
        let end = word_end(text, q);
        at = end;
        // a word whose first character is a lowercase ASCII letter, a digit or an apostrophe
        if start == q || bytes[start] >= 128 {
            return Some((start, end));
        }
    })
}

/// The unknown place names of `text`, as keys (see [`name_key`]), most frequent first.
pub fn unknown_place_names(text: &str, gazetteer: Option<&Gazetteer>) -> Vec<String> {
    unknown_place_names_and_spans(text, gazetteer).0
}

/// [`unknown_place_names`], and where each occurrence of one is in `text` (in text order).
pub fn unknown_place_names_and_spans(
    text: &str,
    gazetteer: Option<&Gazetteer>,
) -> (Vec<String>, Vec<Span>) {
    let mut spans = Vec::new();
    // key, count, where it is first
    let mut counts: Vec<(String, usize, usize)> = Vec::new();
    let (mut folded, mut normalized, mut key) = (String::new(), String::new(), String::new());
    for (s, e) in capitalised_words(text) {
        if !is_candidate(text, s, e) {
            continue;
        }
        // the word before, or the one before that after an article ("in the X"): which of
        // `ARTICLES` and `BEFORE` it is
        let set = articles_then_before();
        let prev = prev_word(text, s);
        let mut found = prev.and_then(|p| word_position(text, p, set));
        if found.is_some_and(|i| i < ARTICLES.len()) {
            found = prev
                .and_then(|(ps, _)| prev_word(text, ps))
                .and_then(|p| word_position(text, p, set));
        }
        let before = found.is_some_and(|i| i >= ARTICLES.len());
        if !before && !next_word(text, e).is_some_and(|n| word_in(text, n, word_set!(AFTER))) {
            continue;
        }
        let w = &text[s..e];
        if let Some(g) = gazetteer {
            normalize_into(w, &mut folded, &mut normalized);
            if g.contains_normalized(&normalized) {
                continue;
            }
            // "Demir" of "near Demir Gate": the first word of a known name of two words is no
            // name the gazetteer lacks
            let two_words = next_word(text, e).filter(|&(ns, _)| text.get(e..ns) == Some(" "));
            if let Some((_, ne)) = two_words {
                normalize_into(&text[s..ne], &mut folded, &mut normalized);
                if g.contains_normalized(&normalized) {
                    continue;
                }
            }
        }
        name_key_into(w, &mut key);
        if key.len() < 3 {
            continue;
        }
        spans.push(Span::new(s, e));
        match counts.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, n, _)) => *n += 1,
            None => counts.push((key.clone(), 1, s)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    counts.truncate(MAX_NAMES);
    (counts.into_iter().map(|(k, _, _)| k).collect(), spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_bytes_eight_at_a_time() {
        for b in 0..=255u8 {
            let x = u64::from_le_bytes([b'x', b, b'x', b'x', b'x', b'x', b'x', b'x']);
            let expected = if is_ascii_word_byte(b) { 0x80 << 8 } else { 0 };
            assert_eq!(ascii_word_bytes(x) & (0xff << 8), expected, "{b:#x}");
        }
        let text = "(Kunduz's) 9 o'clock\tal-Jadida, Thé Marché-Noir «Ω» and-a-very-long-wordhere";
        for i in 0..=text.len() {
            if !text.is_char_boundary(i) {
                continue;
            }
            if text[i..].chars().next().is_some_and(is_word_char) {
                let mut j = i;
                while text[j..].chars().next().is_some_and(is_word_char) {
                    j += text[j..].chars().next().map_or(1, char::len_utf8);
                }
                assert_eq!(word_end(text, i), j, "{i}");
            }
            if text[..i].chars().next_back().is_some_and(is_word_char) {
                let mut j = i;
                while text[..j].chars().next_back().is_some_and(is_word_char) {
                    j -= text[..j].chars().next_back().map_or(1, char::len_utf8);
                }
                assert_eq!(word_start(text, i), j, "{i}");
            }
        }
    }

    #[test]
    fn spelling_variants_share_a_key() {
        assert_eq!(name_key("Baghouz"), name_key("Baghuz"));
        assert_eq!(name_key("Jadidah"), name_key("Jadida"));
        assert_eq!(name_key("Tokhar"), name_key("Tukhar"));
        assert_ne!(name_key("Tokhar"), name_key("Baghuz"));
    }

    #[test]
    fn names_after_locatives_or_before_place_nouns() {
        let text = "Strikes hit the village of Qaryat Sufla on Monday. \
                    Families sheltered in the Al Marun camp. The Ministry of Health said 9 died.";
        let names = unknown_place_names(text, None);
        assert_eq!(names, ["qrt", "mrn"]);
    }

    #[test]
    fn the_first_word_of_a_known_two_word_name_is_no_unknown_name() {
        let mut g = Gazetteer::empty();
        g.add_user_places("Stone Gate\t\t36.9\t42.5\tIQ\n")
            .unwrap_or(0);
        let text = "Twelve fighters were killed near Stone Gate. Others hid in the village of Qaryat Sufla.";
        assert_eq!(unknown_place_names(text, Some(&g)), ["qrt"]);
        // without the gazetteer's name, the word stays unknown
        assert_eq!(unknown_place_names(text, None), ["stn", "qrt"]);
    }

    #[test]
    fn months_institutions_and_acronyms_are_not_names() {
        let text =
            "In March the Department of Defense, the IDF and Syrian officials met in Washington.";
        let names = unknown_place_names(text, None);
        assert_eq!(names, ["wshngtn"]);
    }
}
