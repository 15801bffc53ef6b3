//! Place names the gazetteer does not know (a village, a camp, a neighbourhood, a hospital):
//! "strikes on the village of Baghuz", "the Al Baghouz camp". Reports of one event tend to share
//! them, so linking compares them across reports (spelling variants fold to one key).

use toll_geo::Gazetteer;

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

fn is_candidate(word: &str) -> bool {
    let mut chars = word.chars();
    let capitalised = chars.next().is_some_and(char::is_uppercase);
    let lower_rest = chars.clone().any(char::is_lowercase);
    capitalised
        && lower_rest
        && word.chars().count() >= 4
        && word.chars().all(char::is_alphabetic)
        && {
            let lower = word.to_lowercase();
            !NOT_NAMES.contains(&lower.as_str()) && !is_demonym(&lower)
        }
}

/// The unknown place names of `text`, as keys (see [`name_key`]), most frequent first.
pub fn unknown_place_names(text: &str, gazetteer: Option<&Gazetteer>) -> Vec<String> {
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    let mut counts: Vec<(String, usize, usize)> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if !is_candidate(w) {
            continue;
        }
        let lower = |j: usize| words.get(j).map(|x| x.to_lowercase());
        let mut prev = i.checked_sub(1).and_then(lower);
        if matches!(
            prev.as_deref(),
            Some("the" | "al" | "el" | "ad" | "as" | "ash")
        ) {
            prev = i.checked_sub(2).and_then(lower);
        }
        let before = prev.as_deref().is_some_and(|p| BEFORE.contains(&p));
        let after = lower(i + 1).is_some_and(|n| AFTER.contains(&n.as_str()));
        if !(before || after) {
            continue;
        }
        if gazetteer.is_some_and(|g| !g.lookup(w).is_empty()) {
            continue;
        }
        let key = name_key(w);
        if key.len() < 3 {
            continue;
        }
        match counts.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, n, _)) => *n += 1,
            None => counts.push((key, 1, i)),
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
