//! What the Arabic and Cyrillic scripts need from a gloss, beside their data files: folding a
//! word to the form its table is keyed by (Arabic letters' variants, tatweel, apostrophe
//! variants), digits of other scripts, the case endings Slavic writers hang on digits ("20-ти"),
//! and Arabic's attached prefixes ("والمصابين" = "و" + "ال" + "مصابين").
//!
//! The original text is never changed: every replacement goes through [`Glossed`]'s map, so
//! spans still map back onto the report's own bytes.

use super::{capitalized_like, match_words, Gloss, Glossed, Kind, Tok};

/// True for the Arabic marks that are dropped before matching: harakat (short vowels, tanwin,
/// shadda, sukun), the superscript alif, Quranic marks and the tatweel (kashida) stretch.
pub fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}'
        | '\u{06D6}'..='\u{06ED}')
}

/// True when `c` is a letter of the Arabic script (the main block, not its digits or marks).
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{063F}' | '\u{0641}'..='\u{064A}' | '\u{0671}'..='\u{06D3}')
}

/// The ASCII digit for an Arabic-Indic (٠–٩) or Persian (۰–۹) digit.
pub fn ascii_digit(c: char) -> Option<char> {
    let base = match c {
        '\u{0660}'..='\u{0669}' => 0x0660,
        '\u{06F0}'..='\u{06F9}' => 0x06F0,
        _ => return None,
    };
    char::from_digit(u32::from(c) - base, 10)
}

/// A number written in Arabic-Indic or Persian digits, in ASCII digits ("٢١" -> "21"); the
/// Arabic thousands and decimal separators (٬ ٫) become "," and "."; `None` when `word` has no
/// such digit.
pub fn ascii_digits(word: &str) -> Option<String> {
    if !word.chars().any(|c| ascii_digit(c).is_some()) {
        return None;
    }
    Some(
        word.chars()
            .map(|c| match c {
                '\u{066C}' => ',',
                '\u{066B}' => '.',
                c => ascii_digit(c).unwrap_or(c),
            })
            .collect(),
    )
}

/// The form an Arabic word is matched in: marks and tatweel removed, the alif forms (أ إ آ ٱ)
/// folded to ا, ta marbuta (ة) to ه, alif maqsura (ى) to ي, and the Persian yeh and kaf (ی ک)
/// to their Arabic letters.
pub fn fold_arabic(word: &str) -> String {
    word.chars()
        .filter(|&c| !is_arabic_mark(c))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ة' => 'ه',
            'ى' | 'ی' => 'ي',
            'ک' => 'ك',
            c => c,
        })
        .collect()
}

/// The digits of a number that carries a Slavic case ending after a hyphen ("20-ти", "18-ти",
/// "8-ми", "5-х"): the ending is one to three Cyrillic letters.
pub fn digits_before_case_ending(word: &str) -> Option<&str> {
    let (digits, ending) = word.split_once('-')?;
    let digits_ok = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    let n = ending.chars().count();
    let ending_ok =
        (1..=3).contains(&n) && ending.chars().all(|c| matches!(c, '\u{0400}'..='\u{04FF}'));
    (digits_ok && ending_ok).then_some(digits)
}

/// An attached Arabic prefix: its folded letters and what it glosses to in English ("" for the
/// article).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArabicPrefix {
    /// The prefix as it is written at the start of a folded word.
    pub letters: &'static str,
    /// Its English gloss, put before the stem's gloss; empty for the article.
    pub gloss: &'static str,
}

/// Attached prefixes, longest first: conjunctions (و ف), prepositions (ب ل ك) and the article
/// (ال), alone and combined ("وال", "بال", "لل" = ل + ال).
pub const ARABIC_PREFIXES: &[ArabicPrefix] = &[
    ArabicPrefix {
        letters: "وبال",
        gloss: "and by",
    },
    ArabicPrefix {
        letters: "ولل",
        gloss: "and to",
    },
    ArabicPrefix {
        letters: "فال",
        gloss: "and",
    },
    ArabicPrefix {
        letters: "وال",
        gloss: "and",
    },
    ArabicPrefix {
        letters: "بال",
        gloss: "by",
    },
    ArabicPrefix {
        letters: "كال",
        gloss: "as",
    },
    ArabicPrefix {
        letters: "لل",
        gloss: "to",
    },
    ArabicPrefix {
        letters: "وب",
        gloss: "and by",
    },
    ArabicPrefix {
        letters: "ول",
        gloss: "and to",
    },
    ArabicPrefix {
        letters: "ال",
        gloss: "",
    },
    ArabicPrefix {
        letters: "و",
        gloss: "and",
    },
    ArabicPrefix {
        letters: "ف",
        gloss: "and",
    },
    ArabicPrefix {
        letters: "ب",
        gloss: "by",
    },
    ArabicPrefix {
        letters: "ل",
        gloss: "to",
    },
    ArabicPrefix {
        letters: "ك",
        gloss: "as",
    },
];

/// The shortest stem a prefix may be stripped from (two letters, so "ولد" is not و + لد).
const MIN_STEM_CHARS: usize = 2;

/// The ways a folded Arabic word splits into an attached prefix and a stem, longest prefix
/// first; the caller keeps the first split whose stem its table knows.
pub fn arabic_prefix_splits(folded: &str) -> impl Iterator<Item = (ArabicPrefix, &str)> {
    ARABIC_PREFIXES.iter().filter_map(move |p| {
        let stem = folded.strip_prefix(p.letters)?;
        (stem.chars().count() >= MIN_STEM_CHARS).then_some((*p, stem))
    })
}

/// A word as its prefix's gloss then the stem's ("and" + "dozens" = "and dozens").
fn with_prefix(prefix: &str, english: &str) -> String {
    if prefix.is_empty() {
        english.to_string()
    } else {
        format!("{prefix} {english}")
    }
}

/// Folds what [`super::fold`] leaves of the Arabic and Cyrillic scripts' variants: tatweel and
/// any mark left, the alif forms, ta marbuta, alif maqsura and the Persian letters
/// ([`fold_arabic`]), and the apostrophe's other variants (` ′).
pub(super) fn fold_script(folded: String) -> String {
    let arabic = folded
        .chars()
        .any(|c| is_arabic_letter(c) || is_arabic_mark(c));
    if arabic {
        fold_arabic(&folded)
    } else if folded.contains(['`', '′']) {
        folded.replace(['`', '′'], "'")
    } else {
        folded
    }
}

/// The English for word `t`, capitalised like the original word, or, for a word of a script
/// without case (Arabic), when it opens a sentence: the engine's sentence splitter and name
/// finder read capitals.
pub(super) fn capitalized_at(text: &str, t: &Tok, english: &str) -> String {
    let original = text.get(t.start..t.end).unwrap_or("");
    let uncased = original
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() && !c.is_uppercase() && !c.is_lowercase());
    if uncased && super::sentence_start(text, t.start) {
        capitalized_like("A", english)
    } else {
        capitalized_like(original, english)
    }
}

/// Writes the non-word text `text[start..end]` for the engine: the Arabic comma, semicolon and
/// question mark (، ؛ ؟) as their Latin forms, everything else unchanged.
pub(super) fn punctuation(text: &str, start: usize, end: usize, out: &mut Glossed) {
    let raw = text.get(start..end).unwrap_or("");
    if raw.contains(['،', '؛', '؟']) {
        let latin: String = raw
            .chars()
            .map(|c| match c {
                '،' => ',',
                '؛' => ';',
                '؟' => '?',
                c => c,
            })
            .collect();
        out.replace(start, end, &latin);
    } else {
        out.keep(text, start, end);
    }
}

/// True when `c` starts a numeral: an ASCII, Arabic-Indic or Persian digit.
pub(super) fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ascii_digit(c).is_some()
}

impl Gloss {
    /// An Arabic word at token `i` that is not listed itself but whose stem, past an attached
    /// prefix, starts a listed word, phrase or number word: its gloss (the prefix's English then
    /// the stem's) and its last token.
    pub(super) fn prefixed_at(
        &self,
        text: &str,
        toks: &[Tok],
        i: usize,
    ) -> Option<(String, usize)> {
        let t = toks.get(i)?;
        if t.kind != Kind::Word || !t.norm.chars().next().is_some_and(is_arabic_letter) {
            return None;
        }
        for (prefix, stem) in arabic_prefix_splits(&t.norm) {
            if let Some(&v) = self.numbers.get(stem) {
                let english = if v == 1 {
                    "one".to_string()
                } else {
                    v.to_string()
                };
                return Some((with_prefix(prefix.gloss, &english), i));
            }
            for p in self.phrases.get(stem).into_iter().flatten() {
                let last = match p.words.get(1..) {
                    Some([]) | None => Some(i),
                    Some(rest) => toks
                        .get(i + 1)
                        .filter(|sep| super::joins(text, sep))
                        .and_then(|_| match_words(text, toks, i + 2, rest)),
                };
                if let Some(last) = last {
                    return Some((with_prefix(prefix.gloss, &p.english), last));
                }
            }
        }
        None
    }

    /// An Arabic noun at token `i` followed by a number word that carries the article, as a
    /// number agreeing with its noun does ("الغارات الثلاث", the three raids): glossed with the
    /// number first ("3 airstrikes"), as the engine reads a count of things, so that it is not
    /// taken for a figure of people after them. Returns the gloss and the number's token.
    pub(super) fn defined_number_after_noun(
        &self,
        text: &str,
        toks: &[Tok],
        i: usize,
    ) -> Option<(String, usize)> {
        let (t, gap, num) = (toks.get(i)?, toks.get(i + 1)?, toks.get(i + 2)?);
        let stem = num.norm.strip_prefix("ال")?;
        let spaces = |g: &Tok| {
            g.kind == Kind::Other && text[g.start..g.end].chars().all(char::is_whitespace)
        };
        if t.kind != Kind::Word
            || num.kind != Kind::Word
            || !t.norm.chars().next().is_some_and(is_arabic_letter)
            || !spaces(gap)
        {
            return None;
        }
        // the article written with a tatweel before a numeral ("الشهداء الـ12", "الضحايا الـ 21",
        // the 12 martyrs): the numeral, after the article or one space
        let (value, last) = if stem.is_empty() && text[num.start..num.end].contains('\u{0640}') {
            let k = if toks.get(i + 3).is_some_and(spaces) {
                i + 4
            } else {
                i + 3
            };
            let digits = toks.get(k).filter(|d| d.kind == Kind::Digits)?;
            let raw = &text[digits.start..digits.end];
            let value: u64 = ascii_digits(raw)
                .unwrap_or_else(|| raw.to_string())
                .parse()
                .ok()?;
            (value, k)
        } else {
            let value = *self.numbers.get(stem).filter(|&&v| v >= 2)?;
            // a listed word ("الاثنين", Monday) or a phrase running on keeps its meaning
            if self.phrase_at(text, toks, i + 2).is_some()
                || self.read_number(text, toks, i).is_some()
            {
                return None;
            }
            (value, i + 2)
        };
        let noun = match self.phrase_at(text, toks, i) {
            Some((english, last)) if last == i => english.to_string(),
            Some(_) => return None,
            None => match self.prefixed_at(text, toks, i) {
                Some((english, last)) if last == i => english,
                Some(_) => return None,
                None => text[t.start..t.end].to_string(),
            },
        };
        Some((format!("{value} {noun}"), last))
    }

    /// A numeral at token `i` that this module writes for the engine: Arabic-Indic or Persian
    /// digits in ASCII, or ASCII digits with a Slavic case ending ("20-ти" → "20"). Returns the
    /// next token's index when it wrote one.
    pub(super) fn script_numeral(
        &self,
        text: &str,
        toks: &[Tok],
        i: usize,
        out: &mut Glossed,
    ) -> Option<usize> {
        let t = toks.get(i).filter(|t| t.kind == Kind::Digits)?;
        let raw = text.get(t.start..t.end)?;
        // digits before a thousands separator and more digits ("١٬٢٠٠") are one numeral, which
        // the numeral writer groups
        let grouped = toks
            .get(i + 1)
            .zip(toks.get(i + 2))
            .is_some_and(|(sep, next)| {
                let mut sep = text[sep.start..sep.end].chars();
                next.kind == Kind::Digits
                    && sep.next().is_some_and(|c| self.thousands.contains(&c))
                    && sep.next().is_none()
            });
        if grouped {
            return None;
        }
        if let Some(ascii) = ascii_digits(raw) {
            out.replace(t.start, t.end, &ascii);
            return Some(i + 1);
        }
        // digits, a hyphen, one to three Cyrillic letters, then no more letters
        let (hyphen, ending) = (toks.get(i + 1)?, toks.get(i + 2)?);
        let glued = hyphen.start == t.end && ending.start == hyphen.end;
        let word = text.get(t.start..ending.end)?;
        if glued && ending.kind == Kind::Word && digits_before_case_ending(word).is_some() {
            out.replace(t.start, ending.end, raw);
            return Some(i + 3);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_indic_and_persian_digits_become_ascii() {
        assert_eq!(ascii_digits("١٢٣").as_deref(), Some("123"));
        assert_eq!(ascii_digits("۴۵").as_deref(), Some("45"));
        assert_eq!(ascii_digits("١٬٥٠٠").as_deref(), Some("1,500"));
        assert_eq!(ascii_digits("21"), None);
        assert_eq!(ascii_digits("قتلى"), None);
    }

    #[test]
    fn arabic_folding_drops_marks_and_tatweel_and_folds_letters() {
        // tanwin fath on the accusative, a tatweel stretch, hamza on alif, ta marbuta
        assert_eq!(fold_arabic("مدنياً"), "مدنيا");
        assert_eq!(fold_arabic("قـتـلى"), "قتلي");
        assert_eq!(fold_arabic("إصابة"), "اصابه");
        assert_eq!(fold_arabic("أكثر"), fold_arabic("اكثر"));
        assert_eq!(fold_arabic("شُهَدَاء"), "شهداء");
    }

    #[test]
    fn case_endings_on_digits_are_dropped() {
        assert_eq!(digits_before_case_ending("20-ти"), Some("20"));
        assert_eq!(digits_before_case_ending("8-ми"), Some("8"));
        assert_eq!(digits_before_case_ending("100-300"), None);
        assert_eq!(digits_before_case_ending("20-year"), None);
        assert_eq!(digits_before_case_ending("-ти"), None);
    }

    #[test]
    fn prefix_splits_keep_a_two_letter_stem() {
        let splits: Vec<(&str, &str)> = arabic_prefix_splits("والمصابين")
            .map(|(p, s)| (p.letters, s))
            .collect();
        assert_eq!(splits.first(), Some(&("وال", "مصابين")));
        assert!(splits.contains(&("و", "المصابين")));
        // "ولد" is not و + a one-letter stem
        assert!(arabic_prefix_splits("لد").next().is_none());
    }

    #[test]
    fn script_folding_after_the_common_fold() {
        assert_eq!(fold_script("قـتـلى".to_string()), "قتلي");
        assert_eq!(fold_script("п`ять".to_string()), "п'ять");
        assert_eq!(fold_script("tués".to_string()), "tués");
        assert!(is_digit('٣') && is_digit('7') && !is_digit('x'));
    }

    fn glossed(code: &str, text: &str) -> Glossed {
        super::super::for_language(code)
            .unwrap_or_else(|| panic!("the {code} file parses"))
            .gloss(text)
    }

    /// The original words under the glossed text's first `phrase`.
    fn original_of<'t>(g: &Glossed, text: &'t str, phrase: &str) -> &'t str {
        let at = g
            .text
            .find(phrase)
            .unwrap_or_else(|| panic!("{phrase:?} in {:?}", g.text));
        g.map_span(toll_model::Span::new(at, at + phrase.len()))
            .slice(text)
    }

    #[test]
    fn arabic_digits_prefixes_and_duals_gloss_and_map_back() {
        // illustrative sentence
        let text = "وقُتل ١٥ مدنياً والمصابين، وقتل طفلان بالقصف.";
        let g = glossed("ar", text);
        assert!(g.text.contains("15 civilians"), "{}", g.text);
        assert_eq!(original_of(&g, text, "15"), "١٥");
        assert_eq!(original_of(&g, text, "civilians"), "مدنياً");
        assert!(g.text.contains("and injured,"), "{}", g.text);
        assert_eq!(original_of(&g, text, "injured"), "والمصابين");
        assert!(g.text.contains("two children"), "{}", g.text);
        // every span maps onto char boundaries of the original
        for s in 0..=g.text.len() {
            for e in s..=g.text.len() {
                let m = g.map_span(toll_model::Span::new(s, e));
                assert!(m.start <= m.end && m.end <= text.len());
                assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
            }
        }
    }

    #[test]
    fn arabic_conjunction_against_digits_a_number_after_its_noun_and_nouns_of_place() {
        // illustrative sentences
        let text = "سقط 12 قتيلا و30 جريحا في القصف على السوق.";
        let g = glossed("ar", text);
        // "و30" is "and 30", not "and30"
        assert!(g.text.contains("dead and 30 wounded"), "{}", g.text);
        assert_eq!(original_of(&g, text, "30"), "30");
        assert_eq!(original_of(&g, text, "and 30"), "و30");
        // "the market" is a noun, not a town called Suq
        assert!(g.text.contains("on the market."), "{}", g.text);
        // "the three raids": the number before its noun, mapped onto both words
        let text = "ارتفعت حصيلة الغارات الثلاث على المدينة إلى 60 قتيلا.";
        let g = glossed("ar", text);
        assert!(g.text.contains("3 airstrikes on the city"), "{}", g.text);
        assert_eq!(original_of(&g, text, "3 airstrikes"), "الغارات الثلاث");
        // the article with a tatweel before a numeral: the numeral before its noun
        let text = "وأوضح المصدر أن الشهداء الـ12 هم من عائلة واحدة.";
        let g = glossed("ar", text);
        assert!(g.text.contains("that 12 martyrs"), "{}", g.text);
        assert_eq!(original_of(&g, text, "12 martyrs"), "الشهداء الـ12");
        let g = glossed("ar", "الضحايا الـ ٢١ من المدنيين");
        assert!(g.text.starts_with("21 victims"), "{}", g.text);
        // a day named with the article keeps its meaning ("يوم الاثنين", Monday)
        let g = glossed("ar", "قتل 5 مدنيين يوم الاثنين.");
        assert!(g.text.contains("Monday"), "{}", g.text);
        assert!(!g.text.contains(" 2 "), "{}", g.text);
        // a noun of place without the article is followed by its name
        let g = glossed("ar", "غارة على مديرية مستباء في محافظة حجة");
        assert!(g.text.contains("the district of مستباء"), "{}", g.text);
        assert!(g.text.contains("the province of حجة"), "{}", g.text);
        // a country's name alone is the country's, not its capital's
        let g = glossed("ar", "قرب الحدود مع الجزائر");
        assert!(g.text.ends_with("Algeria"), "{}", g.text);
    }

    #[test]
    fn ukrainian_and_russian_inflections_numerals_and_case_endings() {
        // illustrative sentences
        let text = "Загинули щонайменше п’ятеро людей, серед них двоє дітей; 18-ти поранених.";
        let g = glossed("uk", text);
        assert!(g.text.starts_with("Killed at least 5 people"), "{}", g.text);
        assert!(g.text.contains("2 children"), "{}", g.text);
        assert!(g.text.contains("18 injured"), "{}", g.text);
        assert_eq!(original_of(&g, text, "18"), "18-ти");
        assert_eq!(original_of(&g, text, "at least"), "щонайменше");
        let text = "По меньшей мере 22 734 мирных жителя погибли, ещё 20-ти ранены 3 марта.";
        let g = glossed("ru", text);
        assert!(
            g.text.starts_with("At least 22,734 civilians"),
            "{}",
            g.text
        );
        assert!(g.text.contains("20 injured 3 March"), "{}", g.text);
        assert_eq!(original_of(&g, text, "22,734"), "22 734");
    }
}
