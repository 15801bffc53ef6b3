//! Reading a report in another language through the English engine: a *gloss*.
//!
//! What is language-specific lives in one data file per language, `data/lang/<code>.toml`: its
//! words and multi-word phrases mapped onto the English engine's vocabulary ("tués" → "killed",
//! "au moins" → "at least"), its number words with their values, and a few grammar settings. The
//! gloss of a text replaces every listed word or phrase by its English form, writes number words
//! as digits ("soixante et un" → "61"), lets every other word (names, places) through unchanged,
//! and keeps a map from the glossed text's byte offsets back to the original's, so every span the
//! engine returns can be moved back onto the report's own words ([`Glossed::map_span`]).
//!
//! Matching folds case and accents on both sides ("Tués", "tues" and "TUÉS" are one word), and the
//! longest phrase wins at each word. Words are letters (with an elided article kept with its
//! apostrophe: "l'", "qu'"); hyphens and spaces between words are both word breaks, so
//! "quatre-vingts" and "quatre vingts" match the same entry.
//!
//! The files are parsed once, on first use; a file that does not parse gives no gloss (its
//! language is read as it is) and fails the unit tests.

use rustc_hash::FxHashMap;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;
use toll_model::Span;
use unicode_normalization::UnicodeNormalization;

mod script;

/// The languages with a gloss file: ISO 639-1 code and the file's text. Adding a language is
/// adding its file here and in `data/lang/`.
const FILES: &[(&str, &str)] = &[
    ("fr", include_str!("../data/lang/fr.toml")),
    ("es", include_str!("../data/lang/es.toml")),
    ("de", include_str!("../data/lang/de.toml")),
    ("ar", include_str!("../data/lang/ar.toml")),
    ("uk", include_str!("../data/lang/uk.toml")),
    ("ru", include_str!("../data/lang/ru.toml")),
];

/// Longest phrase, in words, a file may list (longer keys are an error).
const MAX_PHRASE_WORDS: usize = 8;

/// Why a gloss file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum GlossError {
    /// The file is not valid TOML or does not have the expected sections.
    #[error("gloss file for {code:?}: {message}")]
    Parse {
        /// The language code.
        code: String,
        /// The parser's message.
        message: String,
    },
    /// A key has no word, or too many.
    #[error("gloss file for {code:?}: key {key:?} has no word or more than {MAX_PHRASE_WORDS}")]
    BadKey {
        /// The language code.
        code: String,
        /// The key.
        key: String,
    },
}

/// A gloss file as written: every section maps a word or phrase to its English form, except
/// `numbers` (word → value) and `grammar`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LangFile {
    #[serde(default)]
    grammar: Grammar,
    #[serde(default)]
    numbers: BTreeMap<String, u64>,
    #[serde(default)]
    vague: BTreeMap<String, String>,
    #[serde(default)]
    harm: BTreeMap<String, String>,
    #[serde(default)]
    people: BTreeMap<String, String>,
    #[serde(default)]
    qualifiers: BTreeMap<String, String>,
    #[serde(default)]
    dates: BTreeMap<String, String>,
    #[serde(default)]
    speech: BTreeMap<String, String>,
    #[serde(default)]
    cause: BTreeMap<String, String>,
    #[serde(default)]
    places: BTreeMap<String, String>,
    #[serde(default)]
    words: BTreeMap<String, String>,
}

/// Grammar settings of a gloss file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Grammar {
    /// Words that join two number words into one number ("soixante et un", "treinta y uno").
    #[serde(default)]
    number_joiners: Vec<String>,
    /// Suffix joiners inside one compound number word ("einundzwanzig": "und").
    #[serde(default)]
    compound_joiners: Vec<String>,
    /// Characters that group thousands in numerals ("39.790", "1 200"): such numerals are
    /// written with commas for the engine.
    #[serde(default)]
    thousands_separators: Vec<String>,
    /// Ordinal suffixes after a day's digits ("1er", "1.º"): dropped.
    #[serde(default)]
    ordinal_suffixes: Vec<String>,
    /// Words that mean "to" between two numerals ("200 à 300", "200 a 300"), glossed "to"
    /// there only.
    #[serde(default)]
    range_words: Vec<String>,
    /// Words or phrases that mean "ago" before a number and a unit of time ("hace tres días",
    /// "il y a trois jours"): glossed after them, in the English order ("3 days ago").
    #[serde(default)]
    ago_before: Vec<String>,
    /// Units of time after an "ago" phrase's number, with their English plural ("días" = "days");
    /// glossed there only (elsewhere "7 mois" is an age, no time before the report).
    #[serde(default)]
    time_units: BTreeMap<String, String>,
    /// True for a language that writes a day of the month with a dot ("am 4. September"): the
    /// dot between a day's digits and a month is dropped.
    #[serde(default)]
    day_dot: bool,
    /// True for a language that uses a spaced dash as the copula before a figure ("Среди
    /// погибших — четверо детей", among the dead [are] four children): the dash between a word
    /// and a number is glossed "are".
    #[serde(default)]
    dash_copula: bool,
    /// True for a language that capitalizes every noun (German): a capital then says nothing,
    /// and a glossed word is capitalized only at the start of a sentence.
    #[serde(default)]
    capitalized_nouns: bool,
    /// True for a language that writes numeric dates day first ("24/08/2024", "24-8-2024",
    /// "24.08.2024"): such a date is glossed with its month's English name ("24 August 2024").
    #[serde(default)]
    day_first_dates: bool,
    /// Articles that, capitalized inside a sentence and before a capitalized word, are part of
    /// a name ("el barrio de Al Shati", "la ciudad de El Fasher"): kept as written, not glossed.
    #[serde(default)]
    name_particles: Vec<String>,
    /// Verbs read with another English form when a figure follows them, as a verb put before its
    /// subject ("murieron 15 personas", died 15 people: "killed", which the engine reads before
    /// its figure); after a figure they keep their own gloss ("15 personas murieron", died).
    #[serde(default)]
    before_figure: BTreeMap<String, String>,
    /// Singular articles that, before a day's numeral with no month after it ("tués le 15 dans",
    /// "mató el 15 a"), make it a day of the month: glossed "on the 15th", never a count.
    #[serde(default)]
    day_articles: Vec<String>,
}

/// One entry: the folded words of a phrase, the key lowercased with its accents, and its
/// English form.
#[derive(Debug)]
struct Phrase {
    words: Vec<String>,
    lower: String,
    english: String,
}

/// A loaded gloss file: what one language's words mean to the English engine.
#[derive(Debug)]
pub struct Gloss {
    /// Phrases by their first folded word, longest first.
    phrases: FxHashMap<String, Vec<Phrase>>,
    /// Number words (folded) and their values; multi-word ones ("quatre vingts") in `phrases`
    /// with their value as digits are read by [`Gloss::read_number`] too.
    numbers: FxHashMap<String, u64>,
    /// Multi-word number entries: folded words and value.
    number_phrases: Vec<(Vec<String>, u64)>,
    joiners: Vec<String>,
    compound_joiners: Vec<String>,
    thousands: Vec<char>,
    ordinal_suffixes: Vec<String>,
    range_words: Vec<String>,
    /// Folded words of each "ago" phrase of [`Grammar::ago_before`].
    ago_before: Vec<Vec<String>>,
    /// Folded units of time and their English plural, read after an "ago" phrase's number.
    time_units: FxHashMap<String, String>,
    capitalized_nouns: bool,
    day_dot: bool,
    dash_copula: bool,
    day_first_dates: bool,
    /// Folded articles of [`Grammar::name_particles`].
    name_particles: Vec<String>,
    /// Folded verbs of [`Grammar::before_figure`] and their English before a figure.
    before_figure: FxHashMap<String, String>,
    /// Folded articles of [`Grammar::day_articles`].
    day_articles: Vec<String>,
}

/// A glossed text: the English-vocabulary text and the map back to the original.
#[derive(Debug, Clone)]
pub struct Glossed {
    /// The glossed text the engine reads.
    pub text: String,
    /// Pieces in order: `(glossed start, original start, glossed len, original len, replaced)`.
    pieces: Vec<Piece>,
    original_len: usize,
}

#[derive(Debug, Clone, Copy)]
struct Piece {
    g: usize,
    o: usize,
    g_len: usize,
    o_len: usize,
    replaced: bool,
}

/// Case and accent folding of one word: lowercase, diacritics dropped, typographic apostrophe
/// as `'`, ligatures spelled out.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        match c {
            '’' | 'ʼ' | '‘' => out.push('\''),
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            _ => out.extend(c.to_lowercase()),
        }
    }
    script::fold_script(out)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// A lexical token of the original text.
#[derive(Debug, Clone)]
struct Tok {
    start: usize,
    end: usize,
    kind: Kind,
    /// Folded form (words only).
    norm: String,
}

impl Tok {
    /// The word lowercased with its accents kept, for telling "a" from "à".
    fn lower(&self, text: &str) -> String {
        text[self.start..self.end]
            .chars()
            .flat_map(char::to_lowercase)
            .map(|c| if is_apostrophe(c) { '\'' } else { c })
            .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Digits,
    /// Anything else: spaces, punctuation.
    Other,
}

/// Splits `text` into words (letters, an elided article keeping its apostrophe), digit runs and
/// the rest, covering every byte.
fn lex(text: &str) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_alphabetic() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if d.is_alphabetic() || unicode_normalization::char::is_combining_mark(d) {
                    end = j + d.len_utf8();
                    it.next();
                } else if is_apostrophe(d) {
                    // an apostrophe followed by a letter ends the word and is kept with it
                    // (at the very end, as in a data file's key "l'", too)
                    let after = text[j + d.len_utf8()..].chars().next();
                    if after.is_none_or(char::is_alphabetic) {
                        end = j + d.len_utf8();
                        it.next();
                    }
                    break;
                } else {
                    break;
                }
            }
            out.push(Tok {
                start: i,
                end,
                kind: Kind::Word,
                norm: fold(&text[i..end]),
            });
        } else if script::is_digit(c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if script::is_digit(d) {
                    end = j + d.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            out.push(Tok {
                start: i,
                end,
                kind: Kind::Digits,
                norm: String::new(),
            });
        } else {
            let end = i + c.len_utf8();
            match out.last_mut() {
                Some(t) if t.kind == Kind::Other && t.end == i => t.end = end,
                _ => out.push(Tok {
                    start: i,
                    end,
                    kind: Kind::Other,
                    norm: String::new(),
                }),
            }
        }
    }
    out
}

/// True when the text between two words lets a phrase run on: spaces and hyphens only.
fn joins(text: &str, t: &Tok) -> bool {
    t.kind == Kind::Other
        && text[t.start..t.end]
            .chars()
            .all(|c| c.is_whitespace() || matches!(c, '-' | '‑' | '‐'))
}

impl Gloss {
    /// Parses one gloss file.
    pub fn parse(code: &str, source: &str) -> Result<Gloss, GlossError> {
        let file: LangFile = basic_toml::from_str(source).map_err(|e| GlossError::Parse {
            code: code.to_string(),
            message: e.to_string(),
        })?;
        let split = |key: &str| -> Result<Vec<String>, GlossError> {
            let words: Vec<String> = lex(key)
                .into_iter()
                .filter(|t| t.kind != Kind::Other)
                .map(|t| {
                    if t.kind == Kind::Word {
                        t.norm
                    } else {
                        key[t.start..t.end].to_string()
                    }
                })
                .collect();
            if words.is_empty() || words.len() > MAX_PHRASE_WORDS {
                return Err(GlossError::BadKey {
                    code: code.to_string(),
                    key: key.to_string(),
                });
            }
            Ok(words)
        };
        let mut phrases: FxHashMap<String, Vec<Phrase>> = FxHashMap::default();
        for section in [
            &file.vague,
            &file.harm,
            &file.people,
            &file.qualifiers,
            &file.dates,
            &file.speech,
            &file.cause,
            &file.places,
            &file.words,
        ] {
            for (key, english) in section {
                let words = split(key)?;
                let list = phrases.entry(words[0].clone()).or_default();
                // a key listed in two sections keeps its first meaning
                let lower = lower_key(key);
                if !list.iter().any(|p| p.lower == lower) {
                    list.push(Phrase {
                        words,
                        lower,
                        english: english.clone(),
                    });
                }
            }
        }
        for list in phrases.values_mut() {
            list.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        }
        let mut numbers = FxHashMap::default();
        let mut number_phrases = Vec::new();
        for (key, &value) in &file.numbers {
            let words = split(key)?;
            if words.len() == 1 {
                numbers.insert(words[0].clone(), value);
            } else {
                number_phrases.push((words, value));
            }
        }
        number_phrases.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
        let g = file.grammar;
        Ok(Gloss {
            phrases,
            numbers,
            number_phrases,
            joiners: g.number_joiners.iter().map(|w| fold(w)).collect(),
            compound_joiners: g.compound_joiners.iter().map(|w| fold(w)).collect(),
            thousands: g
                .thousands_separators
                .iter()
                .filter_map(|s| s.chars().next())
                .collect(),
            ordinal_suffixes: g.ordinal_suffixes.iter().map(|w| fold(w)).collect(),
            range_words: g.range_words.iter().map(|w| fold(w)).collect(),
            ago_before: g
                .ago_before
                .iter()
                .map(|w| split(w))
                .collect::<Result<_, _>>()?,
            time_units: g
                .time_units
                .iter()
                .map(|(k, v)| (fold(k), v.clone()))
                .collect(),
            capitalized_nouns: g.capitalized_nouns,
            day_dot: g.day_dot,
            dash_copula: g.dash_copula,
            day_first_dates: g.day_first_dates,
            name_particles: g.name_particles.iter().map(|w| fold(w)).collect(),
            before_figure: g
                .before_figure
                .iter()
                .map(|(k, v)| (fold(k), v.clone()))
                .collect(),
            day_articles: g.day_articles.iter().map(|w| fold(w)).collect(),
        })
    }

    /// The value of one number word, splitting a compound ("einundzwanzig" = 1 + 20).
    fn word_value(&self, norm: &str) -> Option<u64> {
        if let Some(&v) = self.numbers.get(norm) {
            return Some(v);
        }
        for j in &self.compound_joiners {
            if let Some((a, b)) = norm.split_once(j.as_str()) {
                let (a, b) = (self.numbers.get(a)?, self.numbers.get(b)?);
                if *a < 10 && *b >= 20 && *b < 100 {
                    return Some(a + b);
                }
            }
        }
        None
    }

    /// The number word (or multi-word number entry) at token `i`: its value and the index of
    /// its last token.
    fn number_at(&self, text: &str, toks: &[Tok], i: usize) -> Option<(u64, usize)> {
        for (words, value) in &self.number_phrases {
            if let Some(last) = match_words(text, toks, i, words) {
                return Some((*value, last));
            }
        }
        let t = toks.get(i)?;
        (t.kind == Kind::Word)
            .then(|| self.word_value(&t.norm))
            .flatten()
            .map(|v| (v, i))
    }

    /// A run of number words from token `i` ("soixante et un", "deux cents", "dix-neuf"): its
    /// value and last token. Each word adds to a smaller part ("vingt" + "et un") or multiplies
    /// it ("deux" × "cents"); a run that is only the word for one is not a number here.
    fn read_number(&self, text: &str, toks: &[Tok], i: usize) -> Option<(u64, usize)> {
        let (first, mut last) = self.number_at(text, toks, i)?;
        let (mut total, mut part, mut prev) = (0u64, first, first);
        let mut words = 1;
        if first >= 1000 {
            total = first;
            part = 0;
        }
        loop {
            // the next token past a space/hyphen, optionally past a joiner word
            let mut j = last + 1;
            if !toks.get(j).is_some_and(|t| joins(text, t)) {
                break;
            }
            j += 1;
            let mut joined = false;
            if toks
                .get(j)
                .is_some_and(|t| t.kind == Kind::Word && self.joiners.contains(&t.norm))
                && toks.get(j + 1).is_some_and(|t| joins(text, t))
            {
                j += 2;
                joined = true;
            }
            let Some((v, end)) = self.number_at(text, toks, j) else {
                break;
            };
            // a joiner links a unit to its ten ("vingt et un"), never a hundred or more
            if joined && v >= 100 {
                break;
            }
            if v >= 1000 {
                total += part.max(1) * v;
                part = 0;
            } else if v == 100 {
                part = part.max(1) * 100;
            } else if v < prev || (prev >= 100 && v < 100) {
                part += v;
            } else {
                break;
            }
            prev = v;
            last = end;
            words += 1;
        }
        let value = total + part;
        (value > 1 || words > 1).then_some((value, last))
    }

    /// The English of a verb of [`Grammar::before_figure`] at token `i` when a figure follows it:
    /// a numeral, a number word (the word for one too: "murió un niño"), or a qualifier or vague
    /// count glossed as one ("al menos", "decenas de").
    fn before_figure_at(&self, text: &str, toks: &[Tok], i: usize) -> Option<&str> {
        const OPENERS: &[&str] = &[
            "at least",
            "more than",
            "about",
            "nearly",
            "almost",
            "some",
            "up to",
            "dozens",
            "hundreds",
            "thousands",
            "a few",
            "several",
            "close to",
        ];
        let english = self.before_figure.get(&toks.get(i)?.norm)?;
        let gap = toks.get(i + 1)?;
        if !text[gap.start..gap.end].chars().all(char::is_whitespace) {
            return None;
        }
        let next = toks.get(i + 2)?;
        let figure = next.kind == Kind::Digits
            || (next.kind == Kind::Word
                && (self.read_number(text, toks, i + 2).is_some()
                    || self.numbers.get(&next.norm) == Some(&1)
                    || self.phrase_at(text, toks, i + 2).is_some_and(|(e, _)| {
                        OPENERS.iter().any(|o| e.to_lowercase().starts_with(o))
                    })));
        figure.then_some(english.as_str())
    }

    /// True when word `i` is a name's article: listed in [`Grammar::name_particles`], written
    /// with a capital inside a sentence, and followed by a capitalized word ("Al Shati").
    fn is_name_particle(&self, text: &str, toks: &[Tok], i: usize) -> bool {
        let capital = |t: &Tok| {
            text[t.start..]
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        };
        let t = &toks[i];
        self.name_particles.contains(&t.norm)
            && capital(t)
            && !sentence_start(text, t.start)
            && toks.get(i + 1).is_some_and(|g| joins(text, g))
            && toks
                .get(i + 2)
                .is_some_and(|n| n.kind == Kind::Word && capital(n))
    }

    /// True when word `i` is a range word between two numerals ("200 à 300").
    fn is_range_word(&self, text: &str, toks: &[Tok], i: usize) -> bool {
        let numeral = |k: Option<usize>| {
            k.and_then(|k| toks.get(k))
                .is_some_and(|t| t.kind == Kind::Digits)
        };
        let spaced = |k: Option<usize>| {
            k.and_then(|k| toks.get(k)).is_some_and(|t| {
                t.kind == Kind::Other && text[t.start..t.end].chars().all(char::is_whitespace)
            })
        };
        self.range_words.contains(&toks[i].norm)
            && spaced(i.checked_sub(1))
            && numeral(i.checked_sub(2))
            && spaced(Some(i + 1))
            && numeral(Some(i + 2))
    }

    /// The longest phrase starting at token `i`: its English form and last token. Of two
    /// entries that fold alike ("a", "à"), the one spelled as the text is wins.
    fn phrase_at(&self, text: &str, toks: &[Tok], i: usize) -> Option<(&str, usize)> {
        let list = self.phrases.get(&toks.get(i)?.norm)?;
        let mut best: Option<(&Phrase, usize)> = None;
        for p in list {
            if best.is_some_and(|(b, _)| b.words.len() > p.words.len()) {
                break;
            }
            let Some(last) = match_words(text, toks, i, &p.words) else {
                continue;
            };
            match best {
                None => best = Some((p, last)),
                Some(_) if p.lower == spelled(text, toks, i, last) => best = Some((p, last)),
                Some(_) => {}
            }
        }
        best.map(|(p, last)| (p.english.as_str(), last))
    }

    /// Glosses `text`: every listed word or phrase in English, number words as digits, the rest
    /// unchanged, with the map back to `text`'s offsets.
    pub fn gloss(&self, text: &str) -> Glossed {
        let toks = lex(text);
        let mut out = Glossed {
            text: String::with_capacity(text.len() + text.len() / 4),
            pieces: Vec::new(),
            original_len: text.len(),
        };
        let mut i = 0;
        while i < toks.len() {
            let t = &toks[i];
            match t.kind {
                Kind::Word if self.is_range_word(text, &toks, i) => {
                    out.replace(t.start, t.end, "to");
                    i += 1;
                }
                Kind::Word if self.is_name_particle(text, &toks, i) => {
                    out.keep(text, t.start, t.end);
                    i += 1;
                }
                Kind::Word => {
                    if let Some((english, last)) = self.day_of_month_at(text, &toks, i) {
                        out.replace(t.start, toks[last].end, &english);
                        i = last + 1;
                        continue;
                    }
                    if let Some(english) = self.before_figure_at(text, &toks, i) {
                        let english = script::capitalized_at(text, t, english);
                        out.replace(t.start, t.end, &english);
                        i += 1;
                        continue;
                    }
                    if let Some((english, last)) = self.scale_after_numeral(text, &toks, i) {
                        out.replace(t.start, toks[last].end, english);
                        i = last + 1;
                        continue;
                    }
                    if let Some((english, last)) = self.ago_at(text, &toks, i) {
                        out.replace(t.start, toks[last].end, &english);
                        i = last + 1;
                        continue;
                    }
                    if let Some((english, last)) = self.defined_number_after_noun(text, &toks, i) {
                        out.replace(t.start, toks[last].end, &english);
                        i = last + 1;
                        continue;
                    }
                    let number = self.read_number(text, &toks, i);
                    let phrase = self.phrase_at(text, &toks, i);
                    match (number, phrase) {
                        (Some((v, last)), p) if p.is_none_or(|(_, pl)| last > pl) => {
                            out.replace(t.start, toks[last].end, &v.to_string());
                            i = last + 1;
                        }
                        (_, Some((english, last))) => {
                            let capital = !self.capitalized_nouns || sentence_start(text, t.start);
                            let mut english = if capital {
                                script::capitalized_at(text, t, english)
                            } else {
                                english.to_string()
                            };
                            // an elided word glossed ("d'" → "of") is no longer joined to the next
                            // and a word glossed is not joined to digits written against it
                            // ("و30", and 30)
                            if toks[last].norm.ends_with('\'')
                                && toks.get(last + 1).is_some_and(|n| n.kind != Kind::Other)
                                || against_digits(&toks, last)
                            {
                                english.push(' ');
                            }
                            out.replace(t.start, toks[last].end, &english);
                            i = last + 1;
                        }
                        _ => match self.prefixed_at(text, &toks, i) {
                            Some((english, last)) => {
                                let mut english = script::capitalized_at(text, t, &english);
                                if against_digits(&toks, last) {
                                    english.push(' ');
                                }
                                out.replace(t.start, toks[last].end, &english);
                                i = last + 1;
                            }
                            None => {
                                out.keep(text, t.start, t.end);
                                i += 1;
                            }
                        },
                    }
                }
                Kind::Digits if self.day_first_dates => {
                    i = match numeric_date(text, &toks, i) {
                        Some((date, last)) => {
                            out.replace(t.start, toks[last].end, &date);
                            last + 1
                        }
                        None => match self.script_numeral(text, &toks, i, &mut out) {
                            Some(next) => next,
                            None => self.digits(text, &toks, i, &mut out),
                        },
                    };
                }
                Kind::Digits => {
                    i = match self.script_numeral(text, &toks, i, &mut out) {
                        Some(next) => next,
                        None => self.digits(text, &toks, i, &mut out),
                    };
                }
                Kind::Other if self.is_copula_dash(text, &toks, i) => {
                    out.replace(t.start, t.end, " are ");
                    i += 1;
                }
                Kind::Other => {
                    script::punctuation(text, t.start, t.end, &mut out);
                    i += 1;
                }
            }
        }
        out
    }

    /// The English scale word of the word at token `i` when it follows a numeral ("3 millions",
    /// "2 mil", "6 آلاف", "2 тисячі"): "thousand", "million" or "billion", as the engine reads
    /// "3 million" (not "3 1000000" or "6 thousands"). Returns it with the word's last token.
    fn scale_after_numeral(
        &self,
        text: &str,
        toks: &[Tok],
        i: usize,
    ) -> Option<(&'static str, usize)> {
        let gap = toks.get(i.checked_sub(1)?)?;
        let numeral = toks.get(i.checked_sub(2)?)?;
        if numeral.kind != Kind::Digits
            || gap.kind != Kind::Other
            || !text[gap.start..gap.end].chars().all(char::is_whitespace)
        {
            return None;
        }
        if let Some((value, last)) = self.number_at(text, toks, i) {
            let scale = match value {
                1_000 => "thousand",
                1_000_000 => "million",
                1_000_000_000 => "billion",
                _ => return None,
            };
            return Some((scale, last));
        }
        // a word listed as a count of thousands or millions ("тисячі" = "thousands")
        let (english, last) = self.phrase_at(text, toks, i)?;
        let scale = match english {
            "thousands" | "thousand" => "thousand",
            "millions" | "million" => "million",
            _ => return None,
        };
        Some((scale, last))
    }

    /// A numeral, a scale word and "and" with a smaller numeral ("39 ألفا و790", 39 thousand and
    /// 790): one number (39790). Returns it and the last numeral's token.
    fn scaled_sum(&self, text: &str, toks: &[Tok], i: usize) -> Option<(u64, usize)> {
        let (_, scale_last) = self.scale_after_numeral(text, toks, i + 2)?;
        let (scale, _) = self.number_at(text, toks, i + 2)?;
        let t = &toks[i];
        let n: u64 = text[t.start..t.end].parse().ok()?;
        let gap = toks.get(scale_last + 1)?;
        if !text[gap.start..gap.end].chars().all(char::is_whitespace) {
            return None;
        }
        let and = toks.get(scale_last + 2)?;
        let is_and =
            and.kind == Kind::Word && (and.norm == "و" || self.joiners.contains(&and.norm));
        if !is_and {
            return None;
        }
        // "و790" (written against its numeral) or "و 790"
        let mut k = scale_last + 3;
        if toks.get(k).is_some_and(|g| {
            g.kind == Kind::Other && text[g.start..g.end].chars().all(char::is_whitespace)
        }) {
            k += 1;
        }
        let m = toks.get(k).filter(|m| m.kind == Kind::Digits)?;
        let rest: u64 = text[m.start..m.end].parse().ok()?;
        // no thousands group or decimal after it
        let after = toks.get(k + 1);
        if after.is_some_and(|a| {
            a.kind == Kind::Other && matches!(&text[a.start..a.end], "," | "." | "٫" | "٬")
        }) && toks.get(k + 2).is_some_and(|d| d.kind == Kind::Digits)
        {
            return None;
        }
        (rest < scale && n < 1000).then_some((n * scale + rest, k))
    }

    /// Writes the numeral at token `i` for the engine: thousands groups with commas ("39.790" →
    /// "39,790"), an ordinal suffix dropped ("1er" → "1"), a decimal comma before a scale word
    /// as a point ("1,5 millions" → "1.5 million"). Returns the next token's index.
    fn digits(&self, text: &str, toks: &[Tok], i: usize, out: &mut Glossed) -> usize {
        let t = &toks[i];
        if let Some((value, last)) = self.scaled_sum(text, toks, i) {
            out.replace(t.start, toks[last].end, &value.to_string());
            return last + 1;
        }
        // a decimal comma before a scale word, where a comma groups no thousands
        if !self.thousands.contains(&',') {
            if let (Some(comma), Some(frac)) = (toks.get(i + 1), toks.get(i + 2)) {
                if &text[comma.start..comma.end] == ","
                    && frac.kind == Kind::Digits
                    && self.scale_after_numeral(text, toks, i + 4).is_some()
                {
                    let decimal =
                        format!("{}.{}", &text[t.start..t.end], &text[frac.start..frac.end]);
                    out.replace(t.start, frac.end, &decimal);
                    return i + 3;
                }
            }
        }
        // thousands groups: digits, one separator, exactly three digits, …
        let mut last = i;
        let mut groups = vec![&text[t.start..t.end]];
        // digits are counted as characters: an Arabic-Indic digit takes two bytes ("١٬٢٠٠")
        let width = |t: &Tok| text[t.start..t.end].chars().count();
        if width(t) <= 3 {
            while let (Some(sep), Some(next)) = (toks.get(last + 1), toks.get(last + 2)) {
                let s = &text[sep.start..sep.end];
                let one_sep =
                    s.chars().count() == 1 && s.chars().all(|c| self.thousands.contains(&c));
                let three = next.kind == Kind::Digits && width(next) == 3;
                // a group is not followed by more digits or a decimal part
                let ends = toks.get(last + 3).is_none_or(|a| {
                    a.kind != Kind::Word
                        && !text[a.start..a.end]
                            .chars()
                            .next()
                            .is_some_and(script::is_digit)
                });
                if one_sep && three && ends {
                    groups.push(&text[next.start..next.end]);
                    last += 2;
                } else {
                    break;
                }
            }
        }
        if last > i {
            let joined = groups.join(",");
            let joined = script::ascii_digits(&joined).unwrap_or(joined);
            out.replace(t.start, toks[last].end, &joined);
            return last + 1;
        }
        // a day's dot before a month ("4. September")
        if let (true, Some(dot), true) = (
            self.day_dot && t.end - t.start <= 2,
            toks.get(i + 1),
            self.month_at(text, toks, i + 2),
        ) {
            let gap = &text[dot.start..dot.end];
            if gap.starts_with('.') && gap.len() > 1 && gap[1..].chars().all(char::is_whitespace) {
                out.replace(t.start, dot.start + 1, &text[t.start..t.end]);
                out.keep(text, dot.start + 1, dot.end);
                return i + 2;
            }
        }
        // an ordinal suffix right after the digits
        if let Some(next) = toks
            .get(i + 1)
            .filter(|n| n.kind == Kind::Word && n.start == t.end)
        {
            if self.ordinal_suffixes.contains(&next.norm) {
                out.replace(t.start, next.end, &text[t.start..t.end]);
                return i + 2;
            }
        }
        match script::ascii_digits(&text[t.start..t.end]) {
            Some(ascii) => out.replace(t.start, t.end, &ascii),
            None => out.keep(text, t.start, t.end),
        }
        i + 1
    }
}

impl Gloss {
    /// An "ago" phrase at token `i` followed by a number and a unit of time ("hace tres días"):
    /// the English order ("3 days ago") and the unit's last token.
    fn ago_at(&self, text: &str, toks: &[Tok], i: usize) -> Option<(String, usize)> {
        if self.ago_before.is_empty() {
            return None;
        }
        let last = self
            .ago_before
            .iter()
            .find_map(|words| match_words(text, toks, i, words))?;
        let n = last + 2;
        if !toks.get(last + 1).is_some_and(|t| joins(text, t)) {
            return None;
        }
        let (value, number_last) = match toks.get(n)? {
            t if t.kind == Kind::Digits => (text[t.start..t.end].to_string(), n),
            t if t.kind == Kind::Word => match self.read_number(text, toks, n) {
                Some((v, l)) => (v.to_string(), l),
                // the word for one ("hace un mes") is no number word alone
                None if self.numbers.get(&t.norm) == Some(&1) => ("1".to_string(), n),
                None => return None,
            },
            _ => return None,
        };
        if !toks.get(number_last + 1).is_some_and(|t| joins(text, t)) {
            return None;
        }
        let unit_at = number_last + 2;
        let unit = toks
            .get(unit_at)
            .filter(|t| t.kind == Kind::Word)
            .and_then(|t| self.time_units.get(&t.norm))?;
        let unit = match value.as_str() {
            "1" => unit.strip_suffix('s').unwrap_or(unit),
            _ => unit,
        };
        Some((format!("{value} {unit} ago"), unit_at))
    }

    /// True when token `i` is a word glossed as a month's name.
    /// A day of the month after a singular article, with no month after it ("le 15 dans",
    /// "el 15 a siete civiles"): "on the 15th", with the numeral's token. A singular article
    /// before a numeral counts nobody; with a month after it the date reads as it is.
    fn day_of_month_at(&self, text: &str, toks: &[Tok], i: usize) -> Option<(String, usize)> {
        let t = toks.get(i)?;
        if t.kind != Kind::Word || !self.day_articles.contains(&t.norm) {
            return None;
        }
        let gap = toks.get(i + 1)?;
        let day = toks.get(i + 2)?;
        if gap.kind != Kind::Other
            || !text[gap.start..gap.end].chars().all(char::is_whitespace)
            || day.kind != Kind::Digits
            || day.end - day.start > 2
        {
            return None;
        }
        let n: u32 = text[day.start..day.end].parse().ok()?;
        if !(1..=31).contains(&n) {
            return None;
        }
        // then only white space or a clause's punctuation, and no month, digits or symbol
        if let Some(after) = toks.get(i + 3) {
            let after_text = &text[after.start..after.end];
            let plain = after.kind == Kind::Other
                && after_text
                    .chars()
                    .all(|c| c.is_whitespace() || matches!(c, ',' | ';' | ':' | ')'));
            if !plain {
                return None;
            }
            if let Some(next) = toks.get(i + 4) {
                if next.kind != Kind::Word || self.month_at(text, toks, i + 4) {
                    return None;
                }
            }
        }
        let on = if sentence_start(text, t.start) {
            "On the"
        } else {
            "on the"
        };
        Some((format!("{on} {n}th"), i + 2))
    }

    fn month_at(&self, text: &str, toks: &[Tok], i: usize) -> bool {
        toks.get(i).is_some_and(|t| t.kind == Kind::Word)
            && self
                .phrase_at(text, toks, i)
                .is_some_and(|(english, _)| crate::dates::is_month_name(english))
    }

    /// True when the token `i` is a spaced dash standing for the copula: between a word and a
    /// numeral or number word ("погибших — 4", "них – шестеро").
    fn is_copula_dash(&self, text: &str, toks: &[Tok], i: usize) -> bool {
        let Some(t) = toks.get(i) else {
            return false;
        };
        let gap = text[t.start..t.end].trim();
        self.dash_copula
            && matches!(gap, "—" | "–" | "-")
            && text[t.start..t.end].starts_with(char::is_whitespace)
            && text[t.start..t.end].ends_with(char::is_whitespace)
            && i.checked_sub(1)
                .and_then(|p| toks.get(p))
                .is_some_and(|p| p.kind == Kind::Word)
            && toks.get(i + 1).is_some_and(|n| {
                n.kind == Kind::Digits || self.read_number(text, toks, i + 1).is_some()
            })
    }
}

/// English month names, January first.
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A numeric date written day first from token `i` ("24/08/2024", "3-3-2021", "24.08.2024", in
/// ASCII or Arabic-Indic digits): day, month and a four-digit year joined by one and the same
/// `/`, `-` or `.`, with no digit or letter against either end. Its English form ("24 August
/// 2024") and last token.
fn numeric_date(text: &str, toks: &[Tok], i: usize) -> Option<(String, usize)> {
    let digits = |k: usize| -> Option<String> {
        let t = toks.get(k).filter(|t| t.kind == Kind::Digits)?;
        let raw = &text[t.start..t.end];
        Some(script::ascii_digits(raw).unwrap_or_else(|| raw.to_string()))
    };
    let sep = |k: usize| -> Option<&str> {
        let t = toks.get(k).filter(|t| t.kind == Kind::Other)?;
        let s = &text[t.start..t.end];
        matches!(s, "/" | "-" | ".").then_some(s)
    };
    let (day, month, year) = (digits(i)?, digits(i + 2)?, digits(i + 4)?);
    let (s1, s2) = (sep(i + 1)?, sep(i + 3)?);
    if s1 != s2 || day.len() > 2 || month.len() > 2 || year.len() != 4 {
        return None;
    }
    // no digits joined by a separator before the day ("1.24/08/2024") or after the year
    // ("24/08/2024/5")
    let joined = |sep: Option<&Tok>, digits: Option<&Tok>| {
        sep.is_some_and(|t| {
            let s = &text[t.start..t.end];
            t.kind == Kind::Other && matches!(s, "/" | "-" | "." | ",")
        }) && digits.is_some_and(|t| t.kind == Kind::Digits)
    };
    let before = i
        .checked_sub(2)
        .is_some_and(|p| joined(toks.get(p + 1), toks.get(p)));
    if before || joined(toks.get(i + 5), toks.get(i + 6)) {
        return None;
    }
    let (d, m, y): (u32, usize, u32) = (day.parse().ok()?, month.parse().ok()?, year.parse().ok()?);
    if !(1..=31).contains(&d) || !(1..=12).contains(&m) || !(1800..=2199).contains(&y) {
        return None;
    }
    Some((format!("{d} {} {y}", MONTHS[m - 1]), i + 4))
}

/// True when the token after `last` is digits written against it, with no space.
fn against_digits(toks: &[Tok], last: usize) -> bool {
    toks.get(last + 1)
        .is_some_and(|n| n.kind == Kind::Digits && toks.get(last).is_some_and(|t| t.end == n.start))
}

/// A key lowercased with its accents, words joined by one space.
fn lower_key(key: &str) -> String {
    lex(key)
        .iter()
        .filter(|t| t.kind != Kind::Other)
        .map(|t| t.lower(key))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of tokens `i..=last` lowercased with their accents, joined by one space.
fn spelled(text: &str, toks: &[Tok], i: usize, last: usize) -> String {
    toks[i..=last]
        .iter()
        .filter(|t| t.kind != Kind::Other)
        .map(|t| t.lower(text))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The last token of `words` matched from token `i` (words separated by spaces or hyphens only).
fn match_words(text: &str, toks: &[Tok], i: usize, words: &[String]) -> Option<usize> {
    let mut k = i;
    for (n, w) in words.iter().enumerate() {
        if n > 0 {
            let sep = toks.get(k + 1)?;
            // an elided word ("l'", "qu'") is followed by the next word directly
            let elided = toks.get(k).is_some_and(|t| t.norm.ends_with('\''));
            if elided && sep.kind != Kind::Other {
                k += 1;
            } else {
                if !joins(text, sep) {
                    return None;
                }
                k += 2;
            }
        }
        let t = toks.get(k)?;
        let same = match t.kind {
            Kind::Word => t.norm == *w,
            Kind::Digits => text[t.start..t.end] == **w,
            Kind::Other => false,
        };
        if !same {
            return None;
        }
    }
    Some(k)
}

/// True when byte `at` starts a sentence: nothing but spaces and quotes between it and the
/// text's start or a `.`, `!`, `?`, `:` or line break.
fn sentence_start(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .rev()
        .find(|&c| !(matches!(c, '"' | '“' | '„' | '«' | '\'') || c.is_whitespace() && c != '\n'))
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | '\n'))
}

/// `english` with a capital first letter when `original` starts with one.
fn capitalized_like(original: &str, english: &str) -> String {
    let upper = original.chars().next().is_some_and(char::is_uppercase);
    let mut chars = english.chars();
    match chars.next() {
        Some(c) if upper => c.to_uppercase().chain(chars).collect(),
        _ => english.to_string(),
    }
}

impl Glossed {
    fn keep(&mut self, text: &str, start: usize, end: usize) {
        let g = self.text.len();
        self.text.push_str(&text[start..end]);
        match self.pieces.last_mut() {
            Some(p) if !p.replaced && p.o + p.o_len == start && p.g + p.g_len == g => {
                p.g_len += end - start;
                p.o_len += end - start;
            }
            _ => self.pieces.push(Piece {
                g,
                o: start,
                g_len: end - start,
                o_len: end - start,
                replaced: false,
            }),
        }
    }

    fn replace(&mut self, start: usize, end: usize, english: &str) {
        let g = self.text.len();
        self.text.push_str(english);
        self.pieces.push(Piece {
            g,
            o: start,
            g_len: english.len(),
            o_len: end - start,
            replaced: true,
        });
    }

    /// The piece holding glossed byte `pos` (the last piece for the end of the text).
    fn piece(&self, pos: usize) -> Option<&Piece> {
        let k = self.pieces.partition_point(|p| p.g + p.g_len <= pos);
        self.pieces.get(k).or(self.pieces.last())
    }

    /// The original offset of glossed byte `pos` taken as a span's start.
    fn map_start(&self, pos: usize) -> usize {
        match self.piece(pos) {
            Some(p) if p.replaced => p.o,
            Some(p) => p.o + pos.saturating_sub(p.g).min(p.o_len),
            None => 0,
        }
    }

    /// The original offset of glossed byte `pos` taken as a span's end.
    fn map_end(&self, pos: usize) -> usize {
        if pos == 0 {
            return 0;
        }
        match self.piece(pos - 1) {
            Some(p) if p.replaced => p.o + p.o_len,
            Some(p) => p.o + (pos - p.g).min(p.o_len),
            None => self.original_len,
        }
    }

    /// `span` of the glossed text moved onto the original text: a span inside a replaced word
    /// or phrase covers the whole original word or phrase.
    pub fn map_span(&self, span: Span) -> Span {
        let start = self.map_start(span.start);
        if span.is_empty() {
            return Span::new(start, start);
        }
        let end = self.map_end(span.end).max(start);
        Span::new(start, end)
    }

    /// The original words for `phrase`, a piece of the glossed text (a speaker, a cause, a date's
    /// words) found inside glossed span `within` (else anywhere); `None` when it is not there.
    pub fn original_words<'t>(
        &self,
        original: &'t str,
        phrase: &str,
        within: Span,
    ) -> Option<&'t str> {
        if phrase.is_empty() {
            return None;
        }
        let inside = self
            .text
            .get(within.start..within.end)
            .and_then(|s| s.find(phrase))
            .map(|k| within.start + k);
        let at = inside.or_else(|| self.text.find(phrase))?;
        Some(
            self.map_span(Span::new(at, at + phrase.len()))
                .slice(original),
        )
        .filter(|s| !s.is_empty())
    }
}

/// The gloss for language `code` (ISO 639-1), when a file for it exists and parses.
pub fn for_language(code: &str) -> Option<&'static Gloss> {
    static LOADED: OnceLock<Vec<(&'static str, Option<Gloss>)>> = OnceLock::new();
    let loaded = LOADED.get_or_init(|| {
        FILES
            .iter()
            .map(|(c, source)| (*c, Gloss::parse(c, source).ok()))
            .collect()
    });
    let code = code.trim();
    loaded
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .and_then(|(_, g)| g.as_ref())
}

/// The codes of the languages with a gloss file.
pub fn languages() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(c, _)| *c)
}

/// Parses every gloss file, for tests and checks: the first error, if any.
pub fn check_files() -> Result<(), GlossError> {
    for (code, source) in FILES {
        Gloss::parse(code, source)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fr() -> &'static Gloss {
        for_language("fr").expect("the French file parses")
    }

    #[test]
    fn pres_de_is_close_to_a_figure_or_a_place() {
        // "près de 20 civils" is about 20; "près de Boni" is near a village, not "nearly Boni"
        let g = fr().gloss("Une frappe a tué près de 20 civils près de Boni.");
        assert!(g.text.contains("close to 20 "), "{}", g.text);
        assert!(g.text.contains("close to Boni"), "{}", g.text);
    }

    #[test]
    fn an_arabic_countryside_is_its_governorate_and_cities_spelled_otherwise() {
        let ar = for_language("ar").expect("ar");
        let g = ar.gloss("قصف على ريف إدلب الجنوبي وعلى خاركيف");
        assert!(g.text.contains("the countryside of إدلب"), "{}", g.text);
        assert!(g.text.contains("Kharkiv"), "{}", g.text);
        assert!(ar.gloss("غارة على النبطية").text.ends_with("Nabatieh"));
        assert_eq!(
            fr().gloss("tués la semaine dernière").text,
            "killed last week"
        );
        let fr = fr().gloss("à Nousseirat et à El-Facher");
        assert_eq!(fr.text, "in Nuseirat and in El Fasher");
        let es = for_language("es").expect("es");
        assert_eq!(es.gloss("en Deir al Balah").text, "in Deir el-Balah");
        assert_eq!(
            es.gloss("murieron este fin de semana").text,
            "died this weekend"
        );
        // Damascus's countryside is a governorate's name
        let g = ar.gloss("غارة على دوما في ريف دمشق");
        assert!(g.text.ends_with("in Rif Dimashq"), "{}", g.text);
    }

    #[test]
    fn points_of_the_compass_and_nouns_of_place() {
        let g =
            fr().gloss("Une attaque dans le nord-est du pays, à l'est de la localité de Diffa.");
        assert_eq!(
            g.text,
            "A attack in the northeast of the pays, east of the town of Diffa."
        );
        let es = for_language("es").expect("es");
        let g = es.gloss("en el norte de Gaza y en la localidad de Bajmut");
        assert_eq!(g.text, "in the north of Gaza and in the town of Bakhmut");
    }

    #[test]
    fn a_capitalized_article_inside_a_sentence_is_part_of_a_name() {
        let es = for_language("es").expect("es");
        let g = es.gloss("Al menos 3 muertos en el barrio de Al Shati, al norte de El Fasher.");
        assert_eq!(
            g.text,
            "At least 3 dead in the district of Al Shati, north of El Fasher."
        );
        // at a sentence's start the article is a word of the sentence
        assert!(es
            .gloss("El ataque dejó 5 muertos.")
            .text
            .starts_with("The attack"));
    }

    #[test]
    fn a_day_of_the_month_after_a_singular_article_is_no_count() {
        let fr = fr();
        let es = for_language("es").expect("the Spanish file parses");
        let g = fr.gloss("Sept civils ont été tués le 15 dans une frappe.");
        assert!(g.text.contains("on the 15th in"), "{}", g.text);
        let g = es.gloss("Un ataque mató el 15 a siete civiles.");
        assert!(g.text.contains("on the 15th a 7"), "{}", g.text);
        // the numeral maps back onto the original article and day
        let at = g.text.find("on the 15th").expect("the day is glossed");
        let span = g.map_span(Span::new(at, at + "on the 15th".len()));
        assert_eq!(span.slice("Un ataque mató el 15 a siete civiles."), "el 15");
        // with its month, a percentage or a plural article, it reads as before
        for (gloss, text, kept) in [
            (fr, "tués le 15 novembre", "15 November"),
            (es, "el 15 de noviembre", "15 November"),
            (es, "el 15 % de los heridos", "15 %"),
            (es, "los 15 muertos", "15 dead"),
        ] {
            let g = gloss.gloss(text);
            assert!(g.text.contains(kept), "{text}: {}", g.text);
            assert!(!g.text.contains("15th"), "{text}: {}", g.text);
        }
    }

    #[test]
    fn numeric_dates_are_read_day_first() {
        let es = for_language("es").expect("the Spanish file parses");
        let g = es.gloss("El 24/08/2024 un dron mató a tres niños.");
        assert!(g.text.contains("24 August 2024 "), "{}", g.text);
        let g = es.gloss("murieron el 3-3-2021 y el 24.08.2024.");
        assert!(g.text.contains("3 March 2021 "), "{}", g.text);
        assert!(g.text.contains("24 August 2024."), "{}", g.text);
        // the whole numeral maps back onto the original
        let at = g.text.find("24 August").expect("the date is glossed");
        let span = g.map_span(Span::new(at, at + "24 August 2024".len()));
        assert_eq!(
            span.slice("murieron el 3-3-2021 y el 24.08.2024."),
            "24.08.2024"
        );
        // Arabic-Indic digits too, in a file that reads its dates day first
        let day_first = Gloss::parse("zz", "[grammar]\nday_first_dates = true\n")
            .expect("a grammar-only file parses");
        let g = day_first.gloss("بتاريخ ٢٤-٨-٢٠٢٤");
        assert!(g.text.contains("24 August 2024"), "{}", g.text);
        // not a date: a month past 12, mixed separators, a two-digit year, more digits glued on
        for text in [
            "13/13/2024",
            "24/08-2024",
            "24/08/24",
            "1.24/08/2024",
            "24/08/2024/5",
        ] {
            assert!(!es.gloss(text).text.contains("August"), "{text}");
            assert!(!es.gloss(text).text.contains("December"), "{text}");
        }
    }

    #[test]
    fn demonyms_after_the_noun_read_as_a_countrys_adjective() {
        let es = for_language("es").expect("the Spanish file parses");
        let g = es.gloss("el ataque ruso contra un centro comercial de Járkov");
        assert!(g.text.contains("attack Russian"), "{}", g.text);
        assert!(g.text.contains("shopping centre of Kharkiv"), "{}", g.text);
        let g = fr().gloss("la frappe israélienne sur une école");
        assert!(g.text.contains("strike Israeli"), "{}", g.text);
    }

    #[test]
    fn ago_before_a_number_and_a_unit_of_time_is_glossed_after_them() {
        let es = for_language("es").expect("the Spanish file parses");
        let g = es.gloss("Hace tres días hombres armados asesinaron a cinco campesinos.");
        assert!(g.text.starts_with("3 days ago "), "{}", g.text);
        let g = es.gloss("murieron hace 2 semanas");
        assert!(g.text.ends_with("2 weeks ago"), "{}", g.text);
        let g = es.gloss("murió hace un mes");
        assert!(g.text.ends_with("1 month ago"), "{}", g.text);
        let g = fr().gloss("tués il y a deux jours");
        assert!(g.text.ends_with("2 days ago"), "{}", g.text);
        // not before a unit of time: "il y a" stays "there were"
        let g = fr().gloss("il y a deux morts");
        assert!(!g.text.contains("ago"), "{}", g.text);
    }

    #[test]
    fn every_file_parses() {
        if let Err(e) = check_files() {
            panic!("{e}");
        }
        for code in languages() {
            assert!(for_language(code).is_some(), "{code}");
        }
        assert!(for_language("xx").is_none());
    }

    #[test]
    fn a_bad_file_is_an_error_not_a_panic() {
        assert!(Gloss::parse("zz", "[harm\n").is_err());
        assert!(Gloss::parse("zz", "[nonsense]\na = 'b'\n").is_err());
        assert!(Gloss::parse("zz", "[harm]\n\"\" = 'killed'\n").is_err());
    }

    #[test]
    fn words_phrases_and_numbers_are_glossed() {
        let g = fr().gloss("Au moins quinze civils ont été tués lundi.");
        assert_eq!(g.text, "At least 15 civilians were killed Monday.");
        let g = fr().gloss("Il y a eu soixante et un morts et quatre-vingt-dix-sept blessés.");
        assert!(g.text.contains(" 61 dead "), "{}", g.text);
        assert!(g.text.contains(" 97 injured"), "{}", g.text);
        let g = fr().gloss("deux cent trente morts, quatre-vingts blessés, dix-neuf tués");
        assert!(
            g.text.starts_with("230 dead, 80 injured, 19 killed"),
            "{}",
            g.text
        );
        // one alone is an article, not a figure
        let g = fr().gloss("un avion");
        assert!(!g.text.contains('1'), "{}", g.text);
    }

    #[test]
    fn case_and_accents_fold_and_the_longest_phrase_wins() {
        let a = fr().gloss("TUÉS, tues, Tués");
        assert_eq!(a.text, "KILLED, killed, Killed".replace("KILLED", "Killed"));
        // "frappe aérienne" is one phrase, not "strike" + an adjective
        let g = fr().gloss("une frappe aerienne");
        assert!(g.text.ends_with("air strike"), "{}", g.text);
        // "plus de" is one qualifier
        let g = fr().gloss("plus de 50 morts");
        assert_eq!(g.text, "more than 50 dead");
    }

    #[test]
    fn unknown_words_pass_through_and_spans_map_back() {
        let text = "Selon Mahmoud Bassal, au moins 12 personnes ont été tuées à Tinzaouatène.";
        let g = fr().gloss(text);
        assert!(g.text.contains("Mahmoud Bassal"), "{}", g.text);
        assert!(g.text.contains("Tinzaouatène"), "{}", g.text);
        // a name maps to itself
        let at = g.text.find("Tinzaouatène").expect("kept");
        let span = g.map_span(Span::new(at, at + "Tinzaouatène".len()));
        assert_eq!(span.slice(text), "Tinzaouatène");
        // a replaced phrase maps to the whole original phrase, even from inside it
        let at = g.text.find("at least").expect("glossed");
        assert_eq!(
            g.map_span(Span::new(at + 1, at + 5)).slice(text),
            "au moins"
        );
        // the whole text maps to the whole text
        assert_eq!(
            g.map_span(Span::new(0, g.text.len())),
            Span::new(0, text.len())
        );
        // every span of the glossed text maps onto char boundaries of the original
        let boundaries: Vec<usize> = (0..=g.text.len())
            .filter(|&k| g.text.is_char_boundary(k))
            .collect();
        for &s in &boundaries {
            for &e in boundaries.iter().filter(|&&e| e >= s) {
                let m = g.map_span(Span::new(s, e));
                assert!(m.start <= m.end && m.end <= text.len());
                assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
            }
        }
        assert_eq!(
            g.original_words(text, "killed", Span::new(0, g.text.len())),
            Some("ont été tuées")
        );
    }

    #[test]
    fn elided_words_and_accents_that_tell_words_apart() {
        let g = fr().gloss("L’école d’au moins à Gaza, il a dit");
        assert!(
            g.text.starts_with("The school of at least in Gaza"),
            "{}",
            g.text
        );
        assert!(g.text.ends_with("he said"), "{}", g.text);
        let g = fr().gloss("Il a fui à pied");
        assert_eq!(g.text, "He has fui in pied");
        let text = "l'abri";
        let g = fr().gloss(text);
        let at = g.text.find("abri").expect("kept");
        assert_eq!(g.map_span(Span::new(at, at + 4)).slice(text), "abri");
    }

    #[test]
    fn numerals_with_thousands_groups_and_ordinals() {
        let es = for_language("es").expect("the Spanish file parses");
        let g = es.gloss("más de 39.790 muertos y 92.002 heridos");
        assert_eq!(g.text, "more than 39,790 dead and 92,002 injured");
        let g = fr().gloss("le 1er avril 2025");
        assert!(g.text.contains("1 April 2025"), "{}", g.text);
        // a decimal is not a thousands group
        let g = es.gloss("1,9 millones");
        assert!(g.text.starts_with("1.9 million"), "{}", g.text);
        let g = es.gloss("1,9 por ciento");
        assert!(g.text.starts_with("1,9"), "{}", g.text);
        // Arabic-Indic digits grouped by the Arabic thousands separator
        let ar = for_language("ar").expect("ar");
        assert_eq!(ar.gloss("قتل ١٬٢٠٠ شخص").text, "Killed 1,200 person");
        assert_eq!(ar.gloss("قتل ١٢ شخصا").text, "Killed 12 people");
    }

    #[test]
    fn a_place_name_of_two_inflected_words() {
        let uk = for_language("uk").expect("uk");
        assert!(uk
            .gloss("удар по Кривому Розі")
            .text
            .ends_with("Kryvyi Rih"));
        let ru = for_language("ru").expect("ru");
        assert!(ru.gloss("удар в Кривом Роге").text.ends_with("Kryvyi Rih"));
    }

    #[test]
    fn a_scale_word_after_a_numeral_is_the_english_scale() {
        let es = for_language("es").expect("es");
        let g = es.gloss("1,9 millones de desplazados y 2 mil muertos");
        assert_eq!(
            g.text,
            "1.9 million of displaced people and 2 thousand dead"
        );
        let g = fr().gloss("Plus de 3 millions de personnes");
        assert_eq!(g.text, "More than 3 million of people");
        let ar = for_language("ar").expect("ar");
        // six thousand displaced; alone, thousands are a vague count
        assert_eq!(ar.gloss("6 آلاف نازح").text, "6 thousand نازح");
        assert_eq!(
            ar.gloss("قتل آلاف المدنيين").text,
            "Killed thousands civilians"
        );
        let uk = for_language("uk").expect("uk");
        assert!(uk
            .gloss("понад 2 тисячі загиблих")
            .text
            .contains("2 thousand dead"));
        // thousands and a smaller numeral after "and": one number
        assert_eq!(ar.gloss("39 ألفا و790 شهيدا").text, "39790 martyrs");
        assert_eq!(ar.gloss("12 ألفا و 5 شهداء").text, "12005 martyrs");
    }

    #[test]
    fn maghreb_months_and_regional_words_for_killing_and_days() {
        let ar = for_language("ar").expect("ar");
        assert!(ar.gloss("يوم 12 جوان 2023").text.ends_with("12 June 2023"));
        assert!(ar.gloss("في 3 غشت").text.ends_with("3 August"));
        assert!(ar.gloss("قتل أول أمس").text.ends_with("two days ago"));
        // bodies recovered, the verb in any person ("انتشلنا جثث ستة أشخاص", we recovered …)
        assert!(ar
            .gloss("انتشلنا جثث ستة أشخاص")
            .text
            .starts_with("Recovered the bodies of 6 people"));
        let es = for_language("es").expect("es");
        assert_eq!(
            es.gloss("seis personas fueron acribilladas antier").text,
            "6 people were shot dead two days ago"
        );
    }

    #[test]
    fn spanish_and_german_number_words() {
        let es = for_language("es").expect("es");
        let g = es.gloss("treinta y un muertos");
        assert_eq!(g.text, "31 dead");
        let g = es.gloss("una veintena de heridos");
        assert!(g.text.starts_with("about 20"), "{}", g.text);
        let de = for_language("de").expect("de");
        let g = de.gloss("einundzwanzig Tote");
        assert_eq!(g.text, "21 dead");
    }

    #[test]
    fn month_dates_read_as_english_dates() {
        let es = for_language("es").expect("es");
        let g = es.gloss("el 17 de marzo de 2017");
        assert!(g.text.ends_with("17 March 2017"), "{}", g.text);
        let g = fr().gloss("le 17 mars 2017");
        assert!(g.text.ends_with("17 March 2017"), "{}", g.text);
        // an agency dateline's abbreviated month
        let g = es.gloss("Jerusalén, 10 ago (EFE).- Al menos 20 personas murieron");
        assert!(g.text.starts_with("Jerusalem, 10 Aug (EFE)"), "{}", g.text);
        // the personal "a" after a qualifier, and "el pasado" before a date or a weekday
        let g = es.gloss("mató al menos a 14 civiles el pasado 5 de marzo");
        assert!(
            g.text.contains("killed at least 14 civilians on 5 March"),
            "{}",
            g.text
        );
        let g = es.gloss("mató al menos a 14 civiles el pasado martes 5 de marzo");
        assert!(
            g.text
                .contains("killed at least 14 civilians last Tuesday 5 March"),
            "{}",
            g.text
        );
    }

    #[test]
    fn a_german_days_dot_before_a_month_is_dropped_and_spans_map_back() {
        let de = for_language("de").expect("de");
        let text = "Am 4. September 2023 und am 12. Oktober. Es waren 5. Danach";
        let g = de.gloss(text);
        assert!(g.text.starts_with("On 4 September 2023"), "{}", g.text);
        assert!(g.text.contains("12 October."), "{}", g.text);
        // a dot ending a sentence after a number stays
        assert!(g.text.contains("5. "), "{}", g.text);
        let at = g.text.find("4 September").expect("date");
        let span = g.map_span(Span::new(at, at + "4 September".len()));
        assert_eq!(&text[span.start..span.end], "4. September");
        // French writes no such dot: the gloss leaves it
        assert!(fr().gloss("le 4. septembre").text.contains("4. September"));
    }

    #[test]
    fn a_spaced_dash_before_a_number_is_the_copula_in_russian_and_ukrainian() {
        let ru = for_language("ru").expect("ru");
        let g = ru.gloss("Среди погибших — четверо детей.");
        assert!(g.text.contains("dead are 4"), "{}", g.text);
        let uk = for_language("uk").expect("uk");
        assert!(uk
            .gloss("Серед загиблих – 6 дітей.")
            .text
            .contains(" are 6"));
        // not between two numbers (a range), not before a word, not unspaced
        assert!(!ru.gloss("10 — 15 человек").text.contains("are"));
        assert!(!ru.gloss("погибших — сообщил").text.contains("are"));
        assert!(!ru.gloss("погибших—4").text.contains("are"));
        // French has no such copula
        assert!(!fr().gloss("les morts — 4").text.contains("are"));
    }
}
