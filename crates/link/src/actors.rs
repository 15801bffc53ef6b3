//! Who an account blames and who speaks, reduced to comparable actors.
//!
//! "coalition air strike", "US-led raids" and "American jets" all blame the same side; "an ISIS
//! car bomb" blames another. Comparing those labels is how contradictions about the cause and
//! claims of responsibility are found.

/// Words naming an actor, and the actor they stand for. Order matters: the first match wins.
const ACTORS: &[(&[&str], &str)] = &[
    (
        &[
            "islamic state",
            "isis",
            "isil",
            "daesh",
            "is militants",
            "is fighters",
            "jihadist",
        ],
        "ISIS",
    ),
    (
        &[
            "islamic jihad",
            "hamas",
            "palestinian rocket",
            "misfired rocket",
        ],
        "Palestinian armed groups",
    ),
    (&["hezbollah"], "Hezbollah"),
    (&["houthi", "ansar allah"], "Houthis"),
    (&["taliban"], "Taliban"),
    (
        &["saudi", "arab coalition", "emirati"],
        "Saudi-led coalition",
    ),
    (
        &[
            "coalition",
            "u.s.",
            "us ",
            "american",
            "united states",
            "pentagon",
            "centcom",
            "central command",
            "dutch",
            "british",
            "french",
            "australian",
            "nato",
            "air force gunship",
            "ac-130",
        ],
        "US-led coalition",
    ),
    (&["israeli", "israel", "idf"], "Israel"),
    (&["russian", "russia", "kremlin"], "Russia"),
    (
        &[
            "syrian regime",
            "assad",
            "syrian government",
            "regime",
            "syrian army",
            "syrian air",
        ],
        "Syrian government",
    ),
    (&["ukrainian", "ukraine"], "Ukraine"),
    (
        &["iraqi forces", "iraqi army", "iraqi security"],
        "Iraqi government",
    ),
    (&["afghan forces", "afghan army"], "Afghan government"),
];

/// Lower case, punctuation other than dots turned into spaces, padded with spaces, so that
/// `" word"` finds a word start and `" word "` a whole word.
fn words_of(phrase: &str) -> String {
    let mut out = String::with_capacity(phrase.len() + 2);
    out.push(' ');
    for c in phrase.chars().flat_map(char::to_lowercase) {
        out.push(if c.is_alphanumeric() || c == '.' {
            c
        } else {
            ' '
        });
    }
    out.push(' ');
    out
}

/// True when `haystack` (see [`words_of`]) has `pattern` starting at a word start.
fn has(haystack: &str, pattern: &str) -> bool {
    haystack
        .match_indices(pattern)
        .any(|(i, _)| haystack.as_bytes().get(i.wrapping_sub(1)) == Some(&b' '))
}

/// The actor a phrase names, if any ("US-led dawn air raids" → "US-led coalition").
pub fn actor(phrase: &str) -> Option<&'static str> {
    let hay = words_of(phrase);
    ACTORS
        .iter()
        .find(|(words, _)| words.iter().any(|w| has(&hay, w)))
        .map(|(_, a)| *a)
}

/// Words naming how harm was done, and the means they stand for.
const MEANS: &[(&[&str], &str)] = &[
    (
        &[
            "car bomb",
            "suicide",
            "ied",
            "explosive",
            "booby",
            "landmine",
            "detonat",
            "truck bomb",
        ],
        "ground explosive",
    ),
    (
        &[
            "air strike",
            "airstrike",
            "air raid",
            "airraid",
            "aircraft",
            "jet",
            "warplane",
            "drone",
            "bombing",
            "bombardment",
            "gunship",
            "air attack",
        ],
        "air strike",
    ),
    (&["missile"], "missile"),
    (
        &["shell", "artillery", "mortar", "rocket", "tank fire"],
        "artillery",
    ),
    (
        &["gunfire", "shooting", "sniper", "sniping", "gunmen"],
        "gunfire",
    ),
];

/// How a phrase says the harm was done, if it says ("coalition air strike" → "air strike").
pub fn means(phrase: &str) -> Option<&'static str> {
    let hay = words_of(phrase);
    MEANS
        .iter()
        .find(|(words, _)| words.iter().any(|w| has(&hay, w)))
        .map(|(_, m)| *m)
}

/// True when two means of harm cannot describe one blast (an air strike is not a car bomb);
/// close means (an air strike and a missile) are compatible.
pub fn means_conflict(a: &str, b: &str) -> bool {
    let close = |x: &str, y: &str| {
        x == y
            || matches!(
                (x, y),
                ("air strike", "missile") | ("missile", "air strike")
            )
    };
    !close(a, b)
}

/// Speakers who belong to a fighting party (militaries, defence ministries, their spokespeople).
/// Parties to a conflict as speakers, from `data/parties.txt` (one lowercase phrase a line).
fn parties() -> &'static [String] {
    static LIST: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        include_str!("../data/parties.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_lowercase)
            .collect()
    })
}

/// True when `speaker` is a fighting party (or speaks for one).
pub fn is_belligerent(speaker: &str) -> bool {
    let hay = words_of(speaker);
    parties().iter().any(|w| has(&hay, w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_reduce_to_actors() {
        assert_eq!(actor("coalition air strike"), Some("US-led coalition"));
        assert_eq!(actor("US-led dawn air raids"), Some("US-led coalition"));
        assert_eq!(actor("an ISIS car bomb"), Some("ISIS"));
        assert_eq!(actor("Israeli airstrike"), Some("Israel"));
        assert_eq!(
            actor("a misfired rocket by Islamic Jihad"),
            Some("Palestinian armed groups")
        );
        assert_eq!(actor("Russian missile"), Some("Russia"));
        assert_eq!(actor("airstrike"), None);
        assert_eq!(actor("a famous market"), None);
    }

    #[test]
    fn means_of_harm() {
        assert_eq!(means("coalition air strike"), Some("air strike"));
        assert_eq!(means("an ISIS car bomb"), Some("ground explosive"));
        assert_eq!(means("Russian missile"), Some("missile"));
        assert!(means_conflict("air strike", "ground explosive"));
        assert!(!means_conflict("air strike", "missile"));
    }

    #[test]
    fn belligerent_speakers() {
        assert!(is_belligerent("the Pentagon"));
        assert!(is_belligerent("U.S. Central Command"));
        assert!(!is_belligerent("Médecins Sans Frontières"));
        assert!(!is_belligerent("witnesses"));
        // civil officials are not parties, whatever their rank
        assert!(!is_belligerent("the regional governor"));
        assert!(!is_belligerent("the Prosecutor General's Office"));
        assert!(is_belligerent("the French armed forces"));
    }
}
