//! Place names the gazetteer does not know (a village, a camp, a neighbourhood, a hospital):
//! "strikes on the village of Baghuz", "the Al Baghouz camp". Reports of one event tend to share
//! them, so linking compares them across reports (spelling variants fold to one key).

use rustc_hash::FxHashSet;
use std::sync::OnceLock;
use toll_geo::{normalize_into, Gazetteer};

/// Words that introduce a place name when they come just before it.
const BEFORE: &[&str] = &[
    "in", "at", "near", "outside", "called", "named", "around", "of", "village", "town", "camp",
];

/// Nouns that mark the name just before them as a place ("Baghouz camp", "Ahli hospital").
const AFTER: &[&str] = &[
    "camp",
    "village",
    "town",
    "district",
    "neighbourhood",
    "neighborhood",
    "hospital",
    "school",
    "mosque",
    "market",
    "area",
];

/// Capitalised words that are not place names.
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "their",
    "its",
    "our",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "islamic",
    "state",
    "central",
    "command",
    "department",
    "defense",
    "defence",
    "ministry",
    "health",
    "army",
    "forces",
    "force",
    "air",
    "coalition",
    "times",
    "news",
    "post",
    "press",
    "associated",
    "reuters",
    "agency",
    "office",
    "council",
    "nations",
    "united",
    "human",
    "rights",
    "watch",
    "international",
    "amnesty",
    "red",
    "cross",
    "crescent",
    "doctors",
    "without",
    "borders",
    "general",
    "president",
    "minister",
    "government",
    "military",
    "pentagon",
    "police",
    "civil",
    "defense",
    "street",
    "road",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "city",
    "province",
    "region",
    "war",
    "people",
    "civilians",
    "children",
    "women",
    "men",
    "officials",
    "sources",
    "local",
    "town",
    "village",
    "camp",
    "area",
    "district",
    "hospital",
    "school",
    "mosque",
    "market",
    "mr",
    "mrs",
    "ms",
    "dr",
    "daesh",
    "strip",
    "gulf",
    "bank",
    "dutch",
    "french",
    "british",
    "saudi",
    "israeli",
    "iraqi",
    "yemeni",
    "qatari",
    "emirati",
    "kuwaiti",
    "omani",
    "thai",
    "swiss",
    "greek",
    "arab",
    "arabic",
    "also",
    "after",
    "before",
    "when",
    "where",
    "while",
    "however",
    "but",
    "and",
    "for",
    "from",
];

/// At most this many names are kept per report (the most frequent).
const MAX_NAMES: usize = 6;

/// The key a name is compared by: its first letter and its consonants, lower-case, doubled
/// letters and a final "h" dropped; transliterations differ mostly in vowels, so "Baghouz" and
/// "Baghuz", "Tokhar" and "Tukhar", "Jadidah" and "Jadida" give one key.
pub fn name_key(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
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
    out
}

/// Adjectives of nationality and the like ("Syrian", "Kurdish", "Lebanese").
fn is_demonym(lower: &str) -> bool {
    ["ian", "ians", "ish", "ese", "ans", "ean", "eans"]
        .iter()
        .any(|s| lower.ends_with(s))
}

/// [`NOT_NAMES`] as a set.
fn not_names() -> &'static FxHashSet<&'static str> {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| NOT_NAMES.iter().copied().collect())
}

/// Could `word` be a place name: capitalised, with a lowercase letter after the first, at least
/// four letters and nothing but letters, and not a common capitalised word or a demonym?
fn is_candidate(word: &str) -> bool {
    if word.is_ascii() {
        let b = word.as_bytes();
        if !(b.len() >= 4
            && b[0].is_ascii_uppercase()
            && b.iter().all(u8::is_ascii_alphabetic)
            && b[1..].iter().any(u8::is_ascii_lowercase))
        {
            return false;
        }
        let mut buf = [0u8; 16];
        if let Some(lower) = buf.get_mut(..b.len()) {
            lower.copy_from_slice(b);
            lower.make_ascii_lowercase();
            let lower = std::str::from_utf8(lower).unwrap_or("");
            return !not_names().contains(lower) && !is_demonym(lower);
        }
        let lower = word.to_ascii_lowercase();
        return !not_names().contains(lower.as_str()) && !is_demonym(&lower);
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
            !not_names().contains(lower.as_str()) && !is_demonym(&lower)
        }
}

/// True when the lowercase form of `word` is one of `list` (lowercase ASCII words).
fn lower_in(word: &str, list: &[&str]) -> bool {
    if word.is_ascii() {
        list.iter().any(|x| word.eq_ignore_ascii_case(x))
    } else {
        let lower = word.to_lowercase();
        list.contains(&lower.as_str())
    }
}

/// Is `c` part of a word (alphanumeric or an apostrophe)?
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\''
}

/// Is `b` an ASCII letter, digit or apostrophe?
fn is_ascii_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'\''
}

/// The end of the word that has a word character at byte `i`.
fn word_end(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        while i < bytes.len() && is_ascii_word_byte(bytes[i]) {
            i += 1;
        }
        match text.get(i..).and_then(|t| t.chars().next()) {
            Some(c) if !c.is_ascii() && is_word_char(c) => i += c.len_utf8(),
            _ => return i,
        }
    }
}

/// The start of the word that has a word character just before byte `i`.
fn word_start(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        while i > 0 && is_ascii_word_byte(bytes[i - 1]) {
            i -= 1;
        }
        match text.get(..i).and_then(|t| t.chars().next_back()) {
            Some(c) if !c.is_ascii() && is_word_char(c) => i -= c.len_utf8(),
            _ => return i,
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
fn prev_word(text: &str, mut i: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    loop {
        while i > 0 && bytes[i - 1] < 128 && !is_ascii_word_byte(bytes[i - 1]) {
            i -= 1;
        }
        let c = text.get(..i)?.chars().next_back()?;
        if is_word_char(c) {
            return Some((word_start(text, i), i));
        }
        i -= c.len_utf8();
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
    let word = |span: Option<(usize, usize)>| span.and_then(|(s, e)| text.get(s..e));
    // key, count, where it is first
    let mut counts: Vec<(String, usize, usize)> = Vec::new();
    let (mut folded, mut key) = (String::new(), String::new());
    for (s, e) in capitalised_words(text) {
        let w = &text[s..e];
        if !is_candidate(w) {
            continue;
        }
        let mut prev = prev_word(text, s);
        if word(prev).is_some_and(|p| lower_in(p, &["the", "al", "el", "ad", "as", "ash"])) {
            prev = prev.and_then(|(ps, _)| prev_word(text, ps));
        }
        let before = word(prev).is_some_and(|p| lower_in(p, BEFORE));
        if !before && !word(next_word(text, e)).is_some_and(|n| lower_in(n, AFTER)) {
            continue;
        }
        if let Some(g) = gazetteer {
            normalize_into(w, &mut folded, &mut key);
            if g.contains_normalized(&key) {
                continue;
            }
        }
        let key = name_key(w);
        if key.len() < 3 {
            continue;
        }
        match counts.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, n, _)) => *n += 1,
            None => counts.push((key, 1, s)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    counts.truncate(MAX_NAMES);
    counts.into_iter().map(|(k, _, _)| k).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn months_institutions_and_acronyms_are_not_names() {
        let text =
            "In March the Department of Defense, the IDF and Syrian officials met in Washington.";
        let names = unknown_place_names(text, None);
        assert_eq!(names, ["wshngtn"]);
    }
}
