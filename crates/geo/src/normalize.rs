//! Name normalisation shared by the gazetteer builder (build.rs) and lookups.

use unicode_normalization::UnicodeNormalization;

/// Arabic and Romance articles dropped from the start of each word of a name.
const ARTICLES: &[&str] = &[
    "al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "al-", "el-",
];

/// The normalised form of a name: lowercase ASCII-folded words without diacritics, apostrophes,
/// hyphens or leading Arabic articles; doubled letters single, "ou" as "u", a final "ah" as "a".
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    normalize_into(name, &mut String::with_capacity(name.len()), &mut out);
    out
}

/// [`normalize`] into `out` (cleared first), with `folded` as scratch space: no allocation once
/// both buffers have grown to the longest name seen.
pub fn normalize_into(name: &str, folded: &mut String, out: &mut String) {
    folded.clear();
    out.clear();
    let mut fold = |c: char| match c {
        '\'' | '’' | '‘' | '`' | 'ʻ' | 'ʿ' | 'ʾ' | '´' | '.' => {}
        '-' | '‐' | '‑' | '_' | ',' => folded.push(' '),
        c if c.is_ascii() => folded.push(c.to_ascii_lowercase()),
        c => folded.extend(c.to_lowercase()),
    };
    if name.is_ascii() {
        name.chars().for_each(&mut fold);
    } else {
        name.nfd()
            .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
            .for_each(&mut fold);
    }
    for word in folded.split_whitespace() {
        if ARTICLES.contains(&word) {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        // "ou" reads as "u"; a final "ah" as "a" (words over four letters); doubled letters once
        let bytes = word.as_bytes();
        let end = if word.len() > 4 && word.ends_with("ah") {
            word.len() - 1
        } else {
            word.len()
        };
        let mut prev = None;
        for (i, c) in word[..end].char_indices() {
            if c == 'o' && bytes.get(i + 1) == Some(&b'u') {
                continue;
            }
            if Some(c) != prev || !c.is_ascii_alphabetic() {
                out.push(c);
            }
            prev = Some(c);
        }
    }
}
