//! Word lists: harm words, people nouns, qualifiers, time words.
//!
//! All entries are lowercase and compared against [`crate::token::Token::lower`].

use rustc_hash::FxHashSet;

/// Words that state death when they follow or describe a number of people.
pub const KILLED_WORDS: &[&str] = &[
    "killed",
    "kill",
    "kills",
    "killing",
    "dead",
    "died",
    "die",
    "dies",
    "dying",
    "deaths",
    "death",
    "fatalities",
    "fatality",
    "bodies",
    "corpses",
    "martyrs",
    "martyred",
    "massacred",
    "slain",
    "perished",
    "lifeless",
    "victims",
    "deceased",
    "eliminated",
    "executed",
    "neutralized",
    "neutralised",
];

/// Words that state injury.
pub const INJURED_WORDS: &[&str] = &[
    "injured",
    "injuring",
    "injure",
    "injures",
    "injuries",
    "injury",
    "wounded",
    "wounding",
    "wounds",
    "hurt",
    "maimed",
    "hospitalized",
    "hospitalised",
];

/// Words that state harm without saying killed or injured.
pub const AMBIGUOUS_WORDS: &[&str] = &["casualties", "casualty"];

/// Active verbs whose object is the number harmed ("killing 61 civilians").
pub const KILL_VERBS_BEFORE: &[&str] = &[
    "killed",
    "kill",
    "kills",
    "killing",
    "massacred",
    "massacring",
    "slaughtered",
    "claimed",
    "eliminated",
    "neutralized",
    "neutralised",
    "lost",
    "losing",
];

/// Active injury verbs whose object is the number harmed ("wounding 20").
pub const INJURE_VERBS_BEFORE: &[&str] = &[
    "injured", "injuring", "injure", "injures", "wounded", "wounding", "wound", "wounds", "hurt",
    "hurting", "maiming",
];

/// Words that link a harm noun to its figure: "deaths reached 100", "the dead numbered 44".
pub const LINKING_WORDS: &[&str] = &[
    "to", "be", "at", "of", "is", "was", "were", "are", "reached", "reach", "rose", "risen",
    "rises", "stood", "stands", "now", "numbered", "number", "totaled", "totalled", "total", "has",
    "have", "had", "range", "ranged", "ranging", "from", "climbed", "hit", "passed", "topped",
    "stand",
];

/// Nouns that name a count of harm when "the number/toll of" precedes a figure.
pub const TOLL_HEADS: &[&str] = &["toll", "tally", "death-toll"];

/// Nouns that, followed by a harm word, make a toll phrase ("the number of dead").
pub const COUNT_HEADS: &[&str] = &[
    "number",
    "count",
    "figure",
    "estimate",
    "estimates",
    "total",
    "range",
];

/// Words that may sit between a number and its harm word without breaking the frame
/// even though they look like clause boundaries.
pub const FRAME_BREAKERS: &[&str] = &[
    "in", "on", "at", "by", "from", "during", "after", "before", "since", "for", "near", "into",
    "under", "across", "against", "because", "while", "when", "whereas", "but", "who", "which",
    "that", "where", "if", "than", "per", "out", "through", "within", "toward", "towards", "over",
    "via", "whose", "whom", "every", "each",
];

/// Verbs that, right after a number of people, say something other than harm.
pub const NON_HARM_VERBS: &[&str] = &[
    "found",
    "rescued",
    "evacuated",
    "missing",
    "displaced",
    "treated",
    "hospitalized",
    "hospitalised",
    "trapped",
    "huddled",
    "sheltering",
    "gathered",
    "arrested",
    "attended",
    "detained",
    "fled",
    "survived",
    "interviewed",
    "came",
    "come",
    "claim",
    "live",
    "lived",
    "living",
    "buried",
    "remain",
    "remained",
    "remaining",
];

/// Nouns that mean the number is not of people.
pub const NON_PEOPLE_UNITS: &[&str] = &[
    "years",
    "year",
    "days",
    "day",
    "hours",
    "hour",
    "minutes",
    "weeks",
    "week",
    "months",
    "month",
    "percent",
    "per",
    "%",
    "km",
    "kilometres",
    "kilometers",
    "miles",
    "metres",
    "meters",
    "feet",
    "times",
    "nations",
    "countries",
    "strikes",
    "airstrikes",
    "missiles",
    "rockets",
    "bombs",
    "homes",
    "houses",
    "buildings",
    "a.m",
    "p.m",
    "am",
    "pm",
    "hospitals",
    "schools",
    "tons",
    "tonnes",
    "kg",
    "pounds",
    "dollars",
    "euros",
    "million",
    "billion",
    "points",
    "reports",
    "sorties",
    "munitions",
    "shells",
    "planes",
    "jets",
    "aircraft",
    "vehicles",
    "trucks",
    "storey",
    "story",
    "floors",
    "cents",
    "pages",
    "articles",
    "incidents",
    "attacks",
    "villages",
    "towns",
    "cities",
    "provinces",
    "districts",
    "occasions",
    "occasion",
    "claims",
    "cases",
    "time",
    "round",
    "rounds",
    "location",
    "locations",
    "site",
    "sites",
];

/// Singular nouns for one person ("a child lay dead", "killed a senior commander").
pub const PERSON_NOUNS: &[&str] = &[
    "man",
    "woman",
    "child",
    "boy",
    "girl",
    "baby",
    "infant",
    "toddler",
    "teenager",
    "mother",
    "father",
    "doctor",
    "nurse",
    "paediatrician",
    "pediatrician",
    "journalist",
    "commander",
    "leader",
    "soldier",
    "fighter",
    "militant",
    "civilian",
    "resident",
    "worker",
    "student",
    "teacher",
    "farmer",
    "driver",
    "medic",
    "paramedic",
    "volunteer",
    "official",
    "officer",
    "photographer",
    "reporter",
    "cameraman",
    "girl",
    "son",
    "daughter",
    "wife",
    "husband",
    "brother",
    "sister",
    "grandmother",
    "grandfather",
    "person",
    "patient",
    "policeman",
];

/// Words for civilians.
pub const CIVILIAN_WORDS: &[&str] = &[
    "civilians",
    "civilian",
    "residents",
    "resident",
    "women",
    "woman",
    "children",
    "child",
    "families",
    "family",
    "patients",
    "patient",
    "worshippers",
    "worshipers",
    "villagers",
    "non-combatants",
    "noncombatants",
    "doctors",
    "doctor",
    "nurses",
    "nurse",
    "staff",
    "staffers",
    "journalists",
    "students",
    "pupils",
    "mourners",
    "displaced",
    "refugees",
    "medics",
    "paediatrician",
    "pediatrician",
    "girl",
    "girls",
    "boy",
    "boys",
    "baby",
    "babies",
    "infants",
    "toddlers",
    "elderly",
    "wedding",
    "guests",
    "shoppers",
    "passengers",
    "farmers",
    "workers",
    "volunteers",
    "teachers",
    "relatives",
    "kids",
    "daughter",
    "son",
    "wife",
    "husband",
    "mother",
    "father",
    "sisters",
    "brothers",
    "daughters",
    "sons",
    "innocent",
    "innocents",
    "paediatricians",
    "pediatricians",
    "colleagues",
];

/// Words for combatants.
pub const COMBATANT_WORDS: &[&str] = &[
    "fighters",
    "fighter",
    "militants",
    "militant",
    "soldiers",
    "soldier",
    "troops",
    "jihadists",
    "jihadist",
    "terrorists",
    "terrorist",
    "insurgents",
    "insurgent",
    "combatants",
    "combatant",
    "commander",
    "commanders",
    "guerrillas",
    "guerrilla",
    "rebels",
    "servicemen",
    "gunmen",
    "operatives",
    "militiamen",
    "military",
    "leader",
    "leaders",
    "police",
    "policemen",
    "officers",
];

/// Month names and their short forms, for telling dates from counts.
pub const MONTHS: &[&str] = &[
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
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// True when `word` is in `list` (for a list known only at run time; a constant list is faster
/// with [`has!`](crate::lexicon::has)).
pub fn in_list(list: &[&str], word: &str) -> bool {
    // compare length and first byte inline before calling into memcmp
    let (len, first) = (word.len(), word.as_bytes().first());
    list.iter()
        .any(|x| x.len() == len && x.as_bytes().first() == first && *x == word)
}

/// A word list made ready for membership tests: a sieve of one bit per (length, first byte,
/// last byte) turns most other words away at once; the rest are looked up in a hash set (or,
/// in a short list, compared one by one).
pub struct WordSet {
    sieve: [u64; 64],
    words: &'static [&'static str],
    set: Option<FxHashSet<&'static str>>,
}

/// Lists longer than this are looked up in a hash set.
const SHORT_LIST: usize = 8;

impl WordSet {
    /// The sieve bit of a word (none for the empty word).
    #[inline]
    fn bit(word: &[u8]) -> Option<usize> {
        let (first, last) = (word.first()?, word.last()?);
        Some(((word.len() * 31 + usize::from(*first)) * 31 + usize::from(*last)) % 4096)
    }

    /// `list` made ready.
    pub fn new(list: &'static [&'static str]) -> Self {
        let mut sieve = [0u64; 64];
        for b in list.iter().filter_map(|w| WordSet::bit(w.as_bytes())) {
            if let Some(w) = sieve.get_mut(b / 64) {
                *w |= 1 << (b % 64);
            }
        }
        WordSet {
            sieve,
            words: list,
            set: (list.len() > SHORT_LIST).then(|| list.iter().copied().collect()),
        }
    }

    /// True when `word` is in the list.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        let Some(b) = WordSet::bit(word.as_bytes()) else {
            return self.words.contains(&"");
        };
        if self
            .sieve
            .get(b / 64)
            .is_none_or(|w| w & (1 << (b % 64)) == 0)
        {
            return false;
        }
        match &self.set {
            Some(set) => set.contains(word),
            None => in_list(self.words, word),
        }
    }
}

/// Words that cannot open a speaker's name: a claimant found after them starts later ("or ACLED",
/// "though a Human Rights Watch", "in coordination with the Ministry of Health").
pub const SPEAKER_LEADING_NOISE: &[&str] = &[
    "and",
    "or",
    "but",
    "though",
    "although",
    "if",
    "because",
    "while",
    "whereas",
    "as",
    "with",
    "from",
    "of",
    "in",
    "on",
    "at",
    "by",
    "for",
    "to",
    "that",
    "which",
    "who",
    "recall",
    "also",
    "however",
    "meanwhile",
    "coordination",
    "so",
    "far",
    "only",
    "am",
    "pm",
    "a.m",
    "p.m",
    "a.m.",
    "p.m.",
];

/// Words that cannot close a speaker's name ("Mr. Mshelia however", "the New York Times first").
pub const SPEAKER_TRAILING_NOISE: &[&str] = &[
    "however",
    "first",
    "also",
    "later",
    "earlier",
    "then",
    "now",
    "too",
    "again",
    "that",
    "which",
    "who",
    "on",
    "in",
    "at",
    "the",
    "a",
    "an",
    "of",
    "and",
    "or",
    "this",
    "last",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "yesterday",
    "today",
    "morning",
    "evening",
    "night",
];

/// Verbs and words that end a speaker's name and start a clause ("a news agency controlled by …",
/// "the bus was hit", "received 47"): the name, if any, is what comes before them.
pub const SPEAKER_CLAUSE_WORDS: &[&str] = &[
    "is",
    "was",
    "were",
    "are",
    "be",
    "been",
    "has",
    "have",
    "had",
    "cannot",
    "could",
    "would",
    "will",
    "expressed",
    "drew",
    "left",
    "tracks",
    "tried",
    "received",
    "lowered",
    "demanded",
    "rejected",
    "compiled",
    "hit",
    "hits",
    "seen",
    "levy",
    "fighting",
    "supervising",
    "raised",
    "authorized",
    "interviewed",
    "controlled",
    "there",
    "we",
    "it",
    "its",
    "toll",
    "number",
    "bodies",
    "body",
    "figure",
    "figures",
    "death",
    "deaths",
    "dead",
    "killed",
    "wounded",
    "injured",
    "dates",
    "findings",
    "criticism",
    "criticisms",
    "compensation",
    "airstrike",
    "strike",
    "attack",
    "act",
    "excerpts",
    "points",
];

/// Lowercase heads of a speaker's name ("officials", "ministry", "monitors"): a claimant with no
/// capitalised word must end in one of them.
pub const SPEAKER_HEADS: &[&str] = &[
    "official",
    "officials",
    "authority",
    "authorities",
    "ministry",
    "ministries",
    "sources",
    "source",
    "monitor",
    "monitors",
    "residents",
    "resident",
    "witnesses",
    "witness",
    "doctors",
    "doctor",
    "medics",
    "medic",
    "police",
    "army",
    "military",
    "group",
    "groups",
    "agency",
    "council",
    "government",
    "office",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "officer",
    "commander",
    "workers",
    "worker",
    "relatives",
    "survivors",
    "survivor",
    "villagers",
    "activists",
    "activist",
    "media",
    "observers",
    "journalists",
    "journalist",
    "correspondents",
    "correspondent",
    "partners",
    "staff",
    "volunteers",
    "investigators",
    "investigation",
    "statement",
    "report",
    "study",
    "tally",
    "data",
    "governor",
    "mayor",
    "chief",
    "minister",
    "forces",
    "coalition",
    "organisation",
    "organization",
    "charity",
    "hospital",
    "hospitals",
    "service",
    "services",
    "department",
    "administration",
    "prosecutors",
    "rescuers",
    "paramedics",
    "people",
    "leaders",
    "leader",
    "families",
    "family",
    "sheikh",
    "imam",
    "nurses",
    "nurse",
    "teams",
    "team",
    "unit",
    "mission",
    "committee",
    "commission",
    "court",
    "project",
    "network",
    "observatory",
    "outlet",
    "newspaper",
    "television",
    "radio",
    "elder",
    "elders",
    "politician",
    "politicians",
    "estimate",
    "estimates",
    "tallies",
    "assessment",
    "assessments",
    "reports",
    "count",
    "counts",
    "lawmaker",
    "lawmakers",
    "embassy",
];

/// `has!(LIST, word)`: true when `word` is in the constant word list `LIST`, which is made into a
/// [`WordSet`] once, on first use, at each place that asks.
macro_rules! has {
    ($list:expr, $word:expr) => {{
        static SET: std::sync::OnceLock<$crate::lexicon::WordSet> = std::sync::OnceLock::new();
        SET.get_or_init(|| $crate::lexicon::WordSet::new($list))
            .contains($word)
    }};
}
pub(crate) use has;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_sets_hold_exactly_their_lists() {
        for list in [
            KILLED_WORDS,
            INJURED_WORDS,
            AMBIGUOUS_WORDS,
            NON_PEOPLE_UNITS,
            PERSON_NOUNS,
            MONTHS,
            &["", "a"],
        ] {
            let set = WordSet::new(list);
            for w in list {
                assert!(set.contains(w), "{w}");
                assert!(!set.contains(&format!("{w}x")), "{w}x");
                let upper = w.to_uppercase();
                assert!(upper == *w || !set.contains(&upper), "{w}");
            }
        }
        assert!(!WordSet::new(MONTHS).contains(""));
        assert!(has!(MONTHS, "june") && !has!(MONTHS, "Jun"));
    }
}
