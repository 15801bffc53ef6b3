//! Kinds of site (`data/sites.tsv`) named by a strike's target and by an incident's description:
//! a kind on both sides is evidence that the strike hit what the reports describe.

use std::sync::OnceLock;

const SITES: &str = include_str!("../data/sites.tsv");

/// One kind of site and its words (a trailing `*` matches any ending).
struct Kind {
    name: String,
    words: Vec<String>,
}

fn kinds() -> &'static [Kind] {
    static LIST: OnceLock<Vec<Kind>> = OnceLock::new();
    LIST.get_or_init(|| {
        SITES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let (name, words) = l.split_once('\t')?;
                Some(Kind {
                    name: name.to_string(),
                    words: words.split('|').map(|w| w.trim().to_string()).collect(),
                })
            })
            .collect()
    })
}

fn word_matches(pattern: &str, text: &str) -> bool {
    // a pattern of several words is matched as a phrase (its last word may end in `*`)
    let (stem, open) = match pattern.strip_suffix('*') {
        Some(s) => (s, true),
        None => (pattern, false),
    };
    let mut from = 0;
    while let Some(i) = text[from..].find(stem) {
        let at = from + i;
        let before_ok = at == 0 || !text.as_bytes()[at - 1].is_ascii_alphanumeric();
        let end = at + stem.len();
        let after_ok = open || end == text.len() || !text.as_bytes()[end].is_ascii_alphanumeric();
        if before_ok && after_ok {
            return true;
        }
        from = end;
    }
    false
}

/// The kinds of site `text` names, in the data file's order.
pub fn kinds_in(text: &str) -> Vec<&'static str> {
    let lower = text.to_lowercase();
    kinds()
        .iter()
        .filter(|k| k.words.iter().any(|w| word_matches(w, &lower)))
        .map(|k| k.name.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_found_by_their_words() {
        assert_eq!(
            kinds_in("destroyed an ISIS-held building and two vehicles"),
            ["building", "vehicle"]
        );
        assert_eq!(kinds_in("a house collapsed"), ["building"]);
        assert!(kinds_in("carbon").is_empty());
        assert_eq!(
            kinds_in("damaged 12 supply routes, three fighting positions"),
            ["position"]
        );
    }
}
