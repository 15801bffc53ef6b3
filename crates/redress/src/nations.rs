//! Nations and coalitions by the names declarations use (`data/nations.tsv`,
//! `data/coalitions.tsv`).

use std::collections::HashMap;
use std::sync::OnceLock;

const NATIONS: &str = include_str!("../data/nations.tsv");
const COALITIONS: &str = include_str!("../data/coalitions.tsv");

/// A coalition that declares strikes as one belligerent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coalition {
    /// Its name as Toll shows it.
    pub name: String,
    /// The words that name it (folded).
    pub words: Vec<String>,
    /// The nation that leads it (ISO alpha-2).
    pub leader: String,
}

fn fold(s: &str) -> String {
    s.trim()
        .trim_start_matches("the ")
        .trim_start_matches("The ")
        .to_lowercase()
}

fn nations() -> &'static HashMap<String, &'static str> {
    static MAP: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = HashMap::new();
        for line in NATIONS.lines().filter(|l| !l.starts_with('#')) {
            let Some((code, names)) = line.split_once('\t') else {
                continue;
            };
            map.insert(code.to_lowercase(), code);
            for n in names.split('|') {
                map.insert(fold(n), code);
            }
        }
        map
    })
}

/// Every coalition of the data file, in its order.
pub fn coalitions() -> &'static [Coalition] {
    static LIST: OnceLock<Vec<Coalition>> = OnceLock::new();
    LIST.get_or_init(|| {
        COALITIONS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut f = l.split('\t');
                Some(Coalition {
                    name: f.next()?.to_string(),
                    words: f.next()?.split('|').map(fold).collect(),
                    leader: f.next()?.trim().to_string(),
                })
            })
            .collect()
    })
}

/// The ISO alpha-2 code of a nation named `name` ("United Kingdom", "British", "GB"), if known.
pub fn nation_code(name: &str) -> Option<&'static str> {
    let key = fold(name.trim_end_matches('.'));
    nations()
        .get(&key)
        .or_else(|| nations().get(&fold(name)))
        .copied()
}

/// The coalition a belligerent's name or a release's text names, if any (the first in the file
/// whose words occur in it).
pub fn coalition_named_in(text: &str) -> Option<&'static Coalition> {
    let t = text.to_lowercase();
    coalitions()
        .iter()
        .find(|c| c.words.iter().any(|w| t.contains(w.as_str())))
}

/// The nations of a list as declarations write it ("Australia, Canada, France and the United
/// Kingdom", "GB; FR"): their ISO codes in order, each once, and the names that are no nation.
pub fn nation_list(text: &str) -> (Vec<String>, Vec<String>) {
    let mut codes: Vec<String> = Vec::new();
    let mut unknown = Vec::new();
    let cleaned = text.replace(" and ", ",").replace(['|', ';'], ",");
    for part in cleaned.split(',') {
        let part = part.trim().trim_end_matches('.').trim();
        if part.is_empty() {
            continue;
        }
        match nation_code(part) {
            Some(code) => {
                if !codes.iter().any(|c| c == code) {
                    codes.push(code.to_string());
                }
            }
            None => unknown.push(part.to_string()),
        }
    }
    (codes, unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nations_are_found_by_name_adjective_or_code() {
        assert_eq!(nation_code("United Kingdom"), Some("GB"));
        assert_eq!(nation_code("the Netherlands"), Some("NL"));
        assert_eq!(nation_code("U.S."), Some("US"));
        assert_eq!(nation_code("fr"), Some("FR"));
        assert_eq!(nation_code("Atlantis"), None);
    }

    #[test]
    fn lists_split_on_commas_and_and() {
        let (codes, unknown) = nation_list("Australia, Canada, France and the United Kingdom");
        assert_eq!(codes, ["AU", "CA", "FR", "GB"]);
        assert!(unknown.is_empty());
        let (codes, unknown) = nation_list("US; Narnia");
        assert_eq!(codes, ["US"]);
        assert_eq!(unknown, ["Narnia"]);
    }

    #[test]
    fn releases_name_their_coalition() {
        let c =
            coalition_named_in("Combined Joint Task Force Operation Inherent Resolve officials");
        assert_eq!(c.map(|c| c.leader.as_str()), Some("US"));
        assert!(coalition_named_in("the Ministry of Defence said").is_none());
    }
}
