//! Text → accounts of harm.
//!
//! The pipeline for one report's text:
//! 1. [`segment`] splits it into sentences (byte spans);
//! 2. sentences with no harm word are skipped (an Aho–Corasick scan);
//! 3. [`token`] tokenizes the rest, [`quantity`] finds quantities with their
//!    qualifiers and ranges, [`harm`] keeps those in a harm frame;
//! 4. [`group`] groups figures into accounts and cuts each account's clause;
//! 5. [`classify`], [`scope`] and [`attribution`] fill victims, scope, hedging,
//!    blamed and claimed_by.
//!
//! Everything here is pure: text in, values out. No I/O, no clock.

pub mod attribution;
pub mod classify;
pub mod dates;
pub mod gloss;
pub mod group;
pub mod harm;
pub mod lexicon;
pub mod names;
pub mod period;
pub mod places;
pub mod quantity;
mod scan;
pub mod scope;
pub mod segment;
pub mod speaker;
pub mod token;
mod wordset;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use lexicon::HARM_STEMS;
use std::sync::OnceLock;
use toll_model::{Account, DateBasis, Range, Span};

/// Version of the extractor; stored with every account so that re-runs can tell old from new.
pub const EXTRACTOR_VERSION: &str = concat!("toll-extract/", env!("CARGO_PKG_VERSION"));

fn harm_scanner() -> &'static AhoCorasick {
    static SCANNER: OnceLock<AhoCorasick> = OnceLock::new();
    SCANNER.get_or_init(|| {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostFirst)
            .build(HARM_STEMS)
            .unwrap_or_else(|_| {
                AhoCorasick::new(["kill"]).unwrap_or_else(|_| unreachable!("static patterns build"))
            })
    })
}

/// How many place mentions (and unknown names) before and after an account's sentence its place
/// is chosen from: far more than a report names.
const PLACE_WINDOW: usize = 256;

/// What is known about a report besides its text.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportContext<'g> {
    /// The report's publication date, if known.
    pub published: Option<chrono::NaiveDate>,
    /// The gazetteer to resolve places with; no places without one.
    pub gazetteer: Option<&'g toll_geo::Gazetteer>,
    /// The report's language (ISO 639-1, e.g. `fr`), when known: a language with a gloss file
    /// ([`gloss`]) is read through it; any other is read as English.
    pub lang: Option<&'g str>,
    /// The address the report was read from, when known: a date in its path ("/2016/03/16/")
    /// dates a report that has no publication date.
    pub url: Option<&'g str>,
}

/// Extracts every account of harm from `text`, with event dates resolved against `context`.
///
/// A report in a language with a gloss file is glossed into the engine's English vocabulary,
/// extracted, and every span and quoted phrase of its accounts moved back onto its own words.
pub fn extract_report(text: &str, context: &ReportContext<'_>) -> Vec<Account> {
    match context.lang.and_then(gloss::for_language) {
        Some(g) => extract_glossed(text, &g.gloss(text), context),
        None => extract_english(text, context),
    }
}

/// How far (bytes) around an account's clause its speaker, cause and date words are looked for
/// in a glossed text, to find the original words they came from.
const GLOSS_WORDS_WINDOW: usize = 400;

/// The accounts of a glossed report, moved back onto the original `text`.
fn extract_glossed(
    text: &str,
    glossed: &gloss::Glossed,
    context: &ReportContext<'_>,
) -> Vec<Account> {
    let g = glossed.text.as_str();
    let mut accounts = extract_english(g, context);
    for a in &mut accounts {
        let mut from = a.span.start.saturating_sub(GLOSS_WORDS_WINDOW);
        while !g.is_char_boundary(from) {
            from -= 1;
        }
        let mut to = (a.span.end + GLOSS_WORDS_WINDOW).min(g.len());
        while !g.is_char_boundary(to) {
            to += 1;
        }
        let around = Span::new(from, to);
        let back = |words: &mut Option<String>| {
            if let Some(w) = words.as_deref() {
                if let Some(original) = glossed.original_words(text, w, around) {
                    *words = Some(original.to_string());
                }
            }
        };
        back(&mut a.claimed_by);
        back(&mut a.blamed);
        if let Some(d) = a.date.as_mut() {
            back(&mut d.phrase);
        }
        if let Some(p) = a.place.as_mut() {
            if let Some(original) = glossed.original_words(text, &p.matched, around) {
                p.matched = original.to_string();
            }
        }
        a.span = glossed.map_span(a.span);
        a.text = a.span.slice(text).to_string();
    }
    accounts
}

/// Extracts the accounts of a text in the engine's own language, English.
fn extract_english(text: &str, context: &ReportContext<'_>) -> Vec<Account> {
    let (mut accounts, sentences) = extract_in_sentences(text);
    if accounts.is_empty() {
        return accounts;
    }
    let scanned = dates::scan(text);
    let reference = dates::reference_from(
        text,
        &scanned,
        context.published,
        context.url.and_then(dates::date_in_url),
    );
    let mentions = dates::resolve_mentions(text, &scanned, reference.map(|(d, _)| d));
    let openings = dates::day_after_openings(text);
    let month_days = if reference.is_none() {
        dates::month_days(text, &scanned)
    } else {
        Vec::new()
    };
    let mut toponyms = context
        .gazetteer
        .map(|g| {
            // transliterated spellings ("Krementchouk") are met only outside English reports
            let foreign = context.lang.is_some_and(|l| l != "en");
            places::find_places_meeting(text, g, foreign)
        })
        .unwrap_or_default();
    let (place_names, mut unknown) = names::unknown_place_names_and_spans(text, context.gazetteer);
    if let Some(g) = context.gazetteer {
        let placed = places::place_unknown_names(text, &mut toponyms, &unknown, g);
        unknown.retain(|s| !placed.contains(s));
        places::keep_variants_where_others_agree(&mut toponyms);
        places::fit_attached_regions(text, &mut toponyms);
    }
    let dominant = places::dominant_country(&toponyms);
    for (a, sentence) in accounts.iter_mut().zip(sentences) {
        a.date = dates::event_date_in(text, &mentions, &openings, sentence, a.span, reference);
        // a publication date only bounds the event: it is kept in the window, not as the event's day
        if a.date
            .as_ref()
            .is_some_and(|d| d.basis == DateBasis::Publication)
        {
            a.date = None;
        }
        a.window = dates::window(a.date.as_ref(), context.published);
        if reference.is_none() {
            a.month_day = dates::month_day_at(&month_days, text, sentence);
        }
        if !toponyms.is_empty() {
            // the places around the sentence (all of them in any report of usual length): the
            // work per account stays bounded however many places a text repeats
            let near = |spans: &[Span], len: usize| {
                let first_in = spans.partition_point(|s| s.start < sentence.start);
                let after_in = spans.partition_point(|s| s.start < sentence.end);
                first_in.saturating_sub(PLACE_WINDOW)..(after_in + PLACE_WINDOW).min(len)
            };
            let around = {
                let first_in = toponyms.partition_point(|m| m.span.start < sentence.start);
                let after_in = toponyms.partition_point(|m| m.span.start < sentence.end);
                first_in.saturating_sub(PLACE_WINDOW)..(after_in + PLACE_WINDOW).min(toponyms.len())
            };
            let unknown_near = &unknown[near(&unknown, unknown.len())];
            a.place = places::event_place(
                text,
                &toponyms[around],
                dominant,
                unknown_near,
                sentence,
                a.span,
            );
        }
        a.place_names.clone_from(&place_names);
    }
    accounts
}

/// Extracts every account of harm from `text` (no dates or places: see [`extract_report`]).
pub fn extract(text: &str) -> Vec<Account> {
    extract_in_sentences(text).0
}

/// Every account of `text` (as [`extract`] gives them) with the scope cues its clause showed: what
/// `examples/fit_scope.rs` fits the scope model's weights on.
pub fn extract_with_scope_evidence(text: &str) -> Vec<(Account, scope::ScopeEvidence)> {
    let (accounts, _, evidence) = extract_with_evidence(text);
    accounts.into_iter().zip(evidence).collect()
}

/// The accounts of `text`, each with the span of the sentence it was found in.
fn extract_in_sentences(text: &str) -> (Vec<Account>, Vec<Span>) {
    let (accounts, sentences, _) = extract_with_evidence(text);
    (accounts, sentences)
}

/// The accounts of `text`, each with the span of its sentence and its scope cues.
fn extract_with_evidence(text: &str) -> (Vec<Account>, Vec<Span>, Vec<scope::ScopeEvidence>) {
    let scanner = harm_scanner();
    let sentences = segment::sentences(text);
    let mut out = Vec::new();
    let mut out_sentences = Vec::new();
    let mut scope_scores = Vec::new();
    let mut evidence = Vec::new();
    let mut periods: Vec<Option<&str>> = Vec::new();
    // the tokens of the sentence after a quoted account, kept for when that sentence comes next
    let mut carried: Option<(usize, Vec<token::Token>)> = None;
    for (si, sent) in sentences.iter().enumerate() {
        let carried_here = carried.take().filter(|(k, _)| *k == si);
        let s = sent.slice(text);
        if !scanner.is_match(s) {
            continue;
        }
        let tokens = match carried_here {
            Some((_, tokens)) => tokens,
            None => token::tokenize(text, sent.start, sent.end),
        };
        let mut quantities = quantity::find_quantities(&tokens);
        quantities.extend(harm::named_victims(text, &tokens, &quantities));
        let aged = harm::named_victims_with_age(text, &tokens, &quantities);
        if !aged.is_empty() {
            // the age inside "Jane Doe, 67, was wounded" is not a count
            quantities.retain(|q| !aged.iter().any(|a| a.first <= q.first && q.last <= a.last));
            quantities.extend(aged);
        }
        quantities.sort_by_key(|q| q.first);
        if quantities.is_empty() {
            continue;
        }
        let figures = harm::find_figures(&tokens, &quantities);
        if figures.is_empty() {
            continue;
        }
        let mut groups = group::group_figures(figures);
        group::assign_clauses(&tokens, &mut groups);
        // `attribution::claimed_by` reads the next sentence only after a quotation ("“We counted
        // 30 dead.” The village elder said …"), so only then is it tokenized here
        let quoted = tokens
            .first()
            .is_some_and(|t| matches!(t.lower.as_str(), "“" | "\""));
        let next_tokens = sentences
            .get(si + 1)
            .filter(|_| quoted)
            .map(|n| token::tokenize(text, n.start, n.end));
        let period = period::period_phrase(text, &tokens);
        for g in &groups {
            let cues = scope::scope_evidence(&tokens, g, (0, tokens.len()));
            scope_scores.push(scope::scope_log_odds(&cues));
            evidence.push(cues);
            periods.push(period);
            let mut account = build_account(text, *sent, &tokens, g, next_tokens.as_deref());
            // "He said nine bodies were charred": the person a sentence before named
            if account.claimed_by.is_none() && attribution::opens_with_pronoun_speech(&tokens) {
                let before: Vec<Vec<token::Token>> = sentences
                    [si.saturating_sub(PRONOUN_REACH)..si]
                    .iter()
                    .rev()
                    .map(|s| token::tokenize(text, s.start, s.end))
                    .collect();
                account.claimed_by =
                    attribution::person_speaker_before(text, before.iter().map(Vec::as_slice));
            }
            out.push(account);
            out_sentences.push(*sent);
        }
        carried = next_tokens.map(|t| (si + 1, t));
    }
    // a list item without a speaker of its own takes its list's introduction's
    for (a, sent) in out.iter_mut().zip(&out_sentences) {
        if a.claimed_by.is_none() {
            a.claimed_by = attribution::list_intro_claimant(text, sent.start);
        }
    }
    // "In addition, 64 people were hospitalised", "Another five are in critical condition": a
    // sentence that goes on with the count before it in its paragraph keeps that count's speaker
    for k in 1..out.len() {
        let (before, rest) = out.split_at_mut(k);
        let (Some(prev), Some(a)) = (before.last(), rest.first_mut()) else {
            continue;
        };
        let (Some(prev_sent), Some(sent)) = (out_sentences.get(k - 1), out_sentences.get(k)) else {
            continue;
        };
        if a.claimed_by.is_none()
            && prev.claimed_by.is_some()
            && prev_sent.end <= sent.start
            && attribution::continues_count(text, *prev_sent, *sent)
        {
            a.claimed_by.clone_from(&prev.claimed_by);
        }
    }
    for ((a, s), period) in out
        .iter_mut()
        .zip(scope::decide_scopes(&scope_scores))
        .zip(periods)
    {
        a.scope = s;
        if s == toll_model::Scope::Aggregate {
            a.period = period.map(str::to_string);
        }
    }
    (out, out_sentences, evidence)
}

/// How many sentences back the person a "He said" refers to is looked for.
const PRONOUN_REACH: usize = 3;

fn clause_span(
    text: &str,
    sentence: Span,
    tokens: &[token::Token],
    range: (usize, usize),
    whole: bool,
) -> Span {
    if whole || range.0 >= range.1 || range.1 > tokens.len() {
        return sentence;
    }
    let mut a = range.0;
    let mut b = range.1;
    // trim leading and trailing punctuation and conjunctions
    while a < b
        && (tokens[a].kind == token::TokenKind::Punct
            && !matches!(tokens[a].lower.as_str(), "“" | "\"" | "(")
            || matches!(
                tokens[a].lower.as_str(),
                "while" | "whereas" | "but" | "then" | "and"
            ))
    {
        a += 1;
    }
    while b > a
        && tokens[b - 1].kind == token::TokenKind::Punct
        && matches!(
            tokens[b - 1].lower.as_str(),
            "," | ";" | "—" | "–" | ":" | "("
        )
    {
        b -= 1;
    }
    if a >= b {
        return sentence;
    }
    let span = Span::new(tokens[a].start, tokens[b - 1].end);
    if span.slice(text).is_empty() {
        sentence
    } else {
        span
    }
}

fn range_of(f: Option<&harm::Figure>) -> Option<Range> {
    f.map(|f| f.quantity.range)
}

fn build_account(
    text: &str,
    sentence: Span,
    tokens: &[token::Token],
    g: &group::Group,
    next: Option<&[token::Token]>,
) -> Account {
    let whole = g.tokens.0 == 0 && g.tokens.1 >= tokens.len();
    let span = clause_span(text, sentence, tokens, g.tokens, whole);
    let casualties_ambiguous = g
        .killed
        .as_ref()
        .is_some_and(|k| k.kind == harm::HarmKind::Casualties);
    let killed = range_of(g.killed.as_ref());
    let injured = range_of(g.injured.as_ref());
    let denial =
        killed.is_some_and(|k| k.max == Some(0)) && injured.is_none_or(|i| i.max == Some(0));
    Account {
        span,
        text: span.slice(text).to_string(),
        killed,
        injured,
        casualties_ambiguous,
        victims: classify::victims(tokens, g),
        scope: toll_model::Scope::Incident, // decided per report in `extract`
        blamed: attribution::blamed(text, tokens, g.tokens),
        claimed_by: attribution::claimed_by(text, tokens, g.tokens, next),
        hedged: classify::hedged(tokens, g),
        denial,
        date: None,
        month_day: None,
        window: Default::default(),
        period: None,
        place: None,
        place_names: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use toll_model::Victims;

    #[test]
    fn empty_text_has_no_accounts() {
        assert!(extract("").is_empty());
        assert!(extract("Nothing happened here.").is_empty());
    }

    fn one(text: &str) -> Account {
        let mut found = extract(text);
        assert_eq!(
            found.len(),
            1,
            "expected one account in {text:?}, got {found:?}"
        );
        found.remove(0)
    }

    /// The accounts of a report in language `lang`, published on 20 November 2024.
    fn foreign(lang: &str, text: &str) -> Vec<Account> {
        let context = ReportContext {
            published: chrono::NaiveDate::from_ymd_opt(2024, 11, 20),
            gazetteer: None,
            lang: Some(lang),
            url: None,
        };
        extract_report(text, &context)
    }

    fn date_of(a: &Account) -> Option<(&str, u8)> {
        a.date.as_ref().map(|d| (d.date.as_str(), d.precision))
    }

    /// Each `(lang, text, killed, injured)` gives one account with those minimums.
    fn assert_one_count_each(cases: &[(&str, &str, Option<u64>, Option<u64>)]) {
        for &(lang, text, killed, injured) in cases {
            let found = foreign(lang, text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].killed.and_then(|r| r.min), killed, "{text}");
            assert_eq!(found[0].injured.and_then(|r| r.min), injured, "{text}");
        }
    }

    /// Each `(lang, text, day)` gives one account dated that day.
    fn assert_one_day_each(cases: &[(&str, &str, &str)]) {
        for &(lang, text, date) in cases {
            let found = foreign(lang, text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(date_of(&found[0]), Some((date, 1)), "{text}");
        }
    }

    #[test]
    fn spanish_headlines_put_the_verb_first_and_name_the_toll() {
        let found = foreign(
            "es",
            "Mueren al menos 15 personas en un bombardeo contra un mercado.",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].killed.map(|k| k.min), Some(Some(15)));
        let found = foreign(
            "es",
            "La cifra de víctimas mortales del ataque asciende a 33, según el último balance.",
        );
        assert_eq!(
            found[0].killed.map(|k| (k.min, k.max)),
            Some((Some(33), Some(33)))
        );
    }

    #[test]
    fn a_weekday_between_a_french_verb_and_its_figure() {
        let found = foreign(
            "fr",
            "Un raid a tué mardi onze membres d'une même famille dans le camp.",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].killed.map(|k| k.min), Some(Some(11)));
        assert_eq!(date_of(&found[0]), Some(("2024-11-19", 1)));
    }

    #[test]
    fn arabic_met_their_death_ends_its_clause_and_a_weekday_then_last_is_last_weeks() {
        // ten civilians met their death and 25 others were hurt: two counts, not one of both
        let found = foreign(
            "ar",
            "لقي عشرة مدنيين مصرعهم وأصيب 25 آخرون بجروح في انفجار سيارة مفخخة.",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].killed.map(|k| k.min), Some(Some(10)));
        assert_eq!(found[0].injured.map(|k| k.min), Some(Some(25)));
        // four people were killed last Sunday
        let found = foreign("ar", "قتل أربعة أشخاص الأحد الماضي في قصف على المدينة.");
        assert_eq!(date_of(&found[0]), Some(("2024-11-17", 1)));
    }

    /// The killed and injured (min, max) of each account of a report in `lang`.
    type Counts = (
        Option<(Option<u64>, Option<u64>)>,
        Option<(Option<u64>, Option<u64>)>,
    );

    fn counts(lang: &str, text: &str) -> Vec<Counts> {
        foreign(lang, text)
            .iter()
            .map(|a| {
                (
                    a.killed.map(|k| (k.min, k.max)),
                    a.injured.map(|k| (k.min, k.max)),
                )
            })
            .collect()
    }

    #[test]
    fn typical_strike_sentences_in_every_glossed_language() {
        let exact = |n| Some((Some(n), Some(n)));
        let at_least = |n| Some((Some(n), None));
        for (lang, text, killed, injured) in [
            // Arabic: hundreds written as one word, thousands after a number word or digits,
            // singular and dual nouns after a verb, killed and injured as one count
            (
                "ar",
                "قتل أكثر من ثلاثمائة شخص في قصف على المدينة.",
                at_least(301),
                None,
            ),
            (
                "ar",
                "أكثر من مئتي قتيل في الهجوم على القرية.",
                at_least(201),
                None,
            ),
            (
                "ar",
                "ارتفع عدد الشهداء في القطاع إلى 39 ألفا و790 شهيدا.",
                exact(39790),
                None,
            ),
            (
                "ar",
                "قتل عشرة آلاف شخص في المدينة منذ بداية الحرب.",
                exact(10000),
                None,
            ),
            (
                "ar",
                "قتل 3 آلاف شخص في المدينة منذ بداية الحرب.",
                exact(3000),
                None,
            ),
            (
                "ar",
                "قتل شخصان وأصيب جنديان في الهجوم على الحاجز.",
                exact(2),
                exact(2),
            ),
            (
                "ar",
                "استشهد مواطن وأصيب 4 آخرون في قصف على البلدة.",
                exact(1),
                exact(4),
            ),
            ("ar", "قتل طفل في القصف على المخيم.", exact(1), None),
            (
                "ar",
                "أسفر الهجوم على السوق عن مقتل وإصابة 40 شخصا.",
                exact(40),
                None,
            ),
            ("ar", "ثلاثة أشخاص فارقوا الحياة بعد القصف.", exact(3), None),
            // the verb first, then its subject, then the figure (the raid killed 14 people)
            ("ar", "قتلت الغارة 14 شخصا في القرية.", exact(14), None),
            (
                "ar",
                "أودت الغارة بحياة 16 شخصا في القرية.",
                exact(16),
                None,
            ),
            ("ar", "قتل القصف خمسة مدنيين في البلدة.", exact(5), None),
            // the dual of members: two of them
            ("ar", "قتل عنصران من الشرطة في هجوم مسلح.", exact(2), None),
            // Spanish: feminine hundreds, a killing or massacre of a count, a rising toll
            (
                "es",
                "El ataque mató a cuatrocientas personas en la aldea.",
                exact(400),
                None,
            ),
            (
                "es",
                "Denuncian el asesinato de 6 personas en una vereda.",
                exact(6),
                None,
            ),
            (
                "es",
                "La masacre de 17 campesinos conmocionó al país.",
                exact(17),
                None,
            ),
            (
                "es",
                "El ataque causó la muerte a 4 personas en el mercado.",
                exact(4),
                None,
            ),
            (
                "es",
                "Las víctimas mortales ascienden a 17 tras el ataque.",
                exact(17),
                None,
            ),
            (
                "es",
                "Más de 2 mil personas han muerto en la guerra.",
                at_least(2001),
                None,
            ),
            (
                "es",
                "En el ataque perdieron la vida 9 personas.",
                exact(9),
                None,
            ),
            (
                "es",
                "En el bombardeo fallecieron 3 menores.",
                exact(3),
                None,
            ),
            (
                "es",
                "En el ataque murió un niño de diez años.",
                exact(1),
                None,
            ),
            (
                "es",
                "En el ataque murió al menos un civil.",
                at_least(1),
                None,
            ),
            ("es", "Un niño murió en el ataque.", exact(1), None),
            // one more person hurt
            (
                "fr",
                "Deux personnes ont été tuées et une autre blessée dans la frappe.",
                exact(2),
                exact(1),
            ),
            (
                "es",
                "Un civil murió y otro resultó herido en el bombardeo.",
                exact(1),
                exact(1),
            ),
            (
                "ar",
                "قتل شخصان وأصيب آخر في القصف على البلدة.",
                exact(2),
                exact(1),
            ),
            // more than a round count
            (
                "fr",
                "Plus d'une centaine de personnes ont été tuées dans la frappe.",
                at_least(101),
                None,
            ),
            (
                "es",
                "Más de un centenar de personas murieron en el bombardeo.",
                at_least(101),
                None,
            ),
            // French: the lives it cost, a toll that passed to a number
            (
                "fr",
                "Les frappes ont coûté la vie à 5 personnes dans le village.",
                exact(5),
                None,
            ),
            (
                "fr",
                "Le nombre de morts est passé à 30 après la frappe.",
                exact(30),
                None,
            ),
            // Russian and Ukrainian: a strike that took the lives of a count
            (
                "ru",
                "Ракетный удар унес жизни 11 человек в центре города.",
                exact(11),
                None,
            ),
            (
                "uk",
                "Ракетний удар забрав життя 11 людей у центрі міста.",
                exact(11),
                None,
            ),
            (
                "uk",
                "Понад 2 тисячі людей загинули за час війни.",
                at_least(2001),
                None,
            ),
        ] {
            assert_eq!(
                counts(lang, text),
                vec![(killed, injured)],
                "{lang}: {text}"
            );
        }
    }

    #[test]
    fn relative_days_in_every_glossed_language() {
        // the reports are published on Wednesday 20 November 2024
        for (lang, text, day) in [
            (
                "ar",
                "قتل 6 أشخاص قبل ثلاثة أيام في غارة على القرية.",
                "2024-11-17",
            ),
            (
                "ar",
                "قتل 6 أشخاص قبل يومين في غارة على القرية.",
                "2024-11-18",
            ),
            (
                "ar",
                "قتل 5 أشخاص ليل الأحد في غارة على القرية.",
                "2024-11-17",
            ),
            // last month: its first day
            (
                "ar",
                "قتل 6 أشخاص الشهر الماضي في غارة على القرية.",
                "2024-10-01",
            ),
            (
                "es",
                "Seis personas murieron el mes pasado en un ataque contra el mercado.",
                "2024-10-01",
            ),
            // a numeric date, day first
            (
                "ar",
                "قتل 5 أشخاص في 8/11/2024 في غارة على القرية.",
                "2024-11-08",
            ),
            (
                "es",
                "El pasado domingo un ataque mató a 6 personas en el mercado.",
                "2024-11-17",
            ),
            // "del" before a year
            (
                "es",
                "Un ataque mató a 6 personas el 5 de noviembre del 2024 en el mercado.",
                "2024-11-05",
            ),
            // a weekday then its date ("el pasado martes 5 de noviembre") is that date
            (
                "es",
                "El pasado martes 5 de noviembre un ataque mató a 6 personas en el mercado.",
                "2024-11-05",
            ),
            (
                "fr",
                "La frappe a tué 6 personnes dimanche dernier dans le village.",
                "2024-11-17",
            ),
            (
                "ru",
                "В ночь на субботу в результате удара погибли 6 человек.",
                "2024-11-16",
            ),
            (
                "ru",
                "В прошлое воскресенье удар по рынку убил 4 человек.",
                "2024-11-17",
            ),
            (
                "uk",
                "У ніч на суботу внаслідок удару загинули 6 людей.",
                "2024-11-16",
            ),
            (
                "uk",
                "Минулої неділі удар по ринку забрав життя 4 людей.",
                "2024-11-17",
            ),
        ] {
            let found = foreign(lang, text);
            assert_eq!(found.len(), 1, "{lang}: {text}: {found:?}");
            assert_eq!(date_of(&found[0]).map(|d| d.0), Some(day), "{lang}: {text}");
        }
    }

    #[test]
    fn minors_and_children_are_civilians_in_spanish_and_french() {
        for (lang, text) in [
            (
                "es",
                "Siete menores de edad murieron en el bombardeo del ejército en la zona rural.",
            ),
            (
                "es",
                "Tres menores murieron en el ataque contra la escuela del pueblo.",
            ),
            (
                "es",
                "Un menor murió en el ataque contra la escuela del pueblo.",
            ),
            (
                "fr",
                "Sept mineurs ont été tués dans le bombardement du village par l'armée.",
            ),
            (
                "fr",
                "Cinq enfants ont été tués dans la frappe contre leur école du village.",
            ),
        ] {
            let found = foreign(lang, text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].victims, Victims::Civilians, "{text}");
        }
    }

    #[test]
    fn a_spanish_speech_verb_after_segun_is_not_the_speaker() {
        for (text, speaker) in [
            (
                "Siete civiles murieron en el bombardeo, según confirmó la Defensoría del Pueblo.",
                "la Defensoría del Pueblo",
            ),
            (
                "Cinco campesinos murieron en el ataque, según informaron las autoridades locales.",
                "las autoridades locales",
            ),
            (
                "Tres personas murieron en la explosión, según dijo el alcalde.",
                "el alcalde",
            ),
            (
                "Cuatro personas murieron en el ataque, según la Cruz Roja.",
                "la Cruz Roja",
            ),
        ] {
            let found = foreign("es", text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].claimed_by.as_deref(), Some(speaker), "{text}");
        }
        let found = foreign(
            "fr",
            "Sept civils ont été tués dans la frappe, a indiqué le ministère de la Santé.",
        );
        assert_eq!(
            found[0].claimed_by.as_deref(),
            Some("le ministère de la Santé")
        );
        let found = foreign(
            "fr",
            "Sept civils ont été tués dans la frappe, selon l'ONU.",
        );
        assert_eq!(found[0].claimed_by.as_deref(), Some("l'ONU"));
    }

    #[test]
    fn spanish_and_french_present_tense_and_tolls() {
        assert_one_count_each(&[
            (
                "es",
                "Asesinan a cuatro jóvenes en una masacre en el sur del país.",
                Some(4),
                None,
            ),
            (
                "es",
                "El ataque dejó un saldo de dos muertos y cinco heridos en la vereda.",
                Some(2),
                Some(5),
            ),
            (
                "es",
                "El ataque con explosivos dejó un muerto y tres heridos en la cabecera municipal.",
                Some(1),
                Some(3),
            ),
            (
                "es",
                "El ataque dejó una persona muerta y tres heridas en la cabecera municipal.",
                Some(1),
                Some(3),
            ),
            (
                "fr",
                "L'attaque a fait un mort et trois blessés dans le village, selon une source locale.",
                Some(1),
                Some(3),
            ),
            (
                "fr",
                "Une frappe de drone tue cinq civils dans le nord du pays.",
                Some(5),
                None,
            ),
            (
                "fr",
                "L'attaque fait au moins douze morts parmi les habitants du village.",
                Some(12),
                None,
            ),
        ]);
    }

    /// Less common verbs of dying and killing in Arabic, Spanish and French press phrasing:
    /// each sentence gives one account with its killed and injured minimum.
    #[test]
    fn less_common_verbs_of_dying_in_arabic_spanish_and_french() {
        assert_one_count_each(&[
            // a range of figures, a verb of dying before its figure, lives reaped, victims of
            (
                "ar",
                "قتل ما بين 10 و15 شخصا في غارة على المدينة.",
                Some(10),
                None,
            ),
            ("ar", "قضى ثمانية أشخاص في غارة على المدينة.", Some(8), None),
            (
                "ar",
                "حصدت الغارة أرواح 20 شخصا في المدينة.",
                Some(20),
                None,
            ),
            (
                "ar",
                "راح ضحية الهجوم 12 شخصا في قرية قرب المدينة.",
                Some(12),
                None,
            ),
            (
                "ar",
                "عثر على جثث خمسة مدنيين في قرية قرب المدينة.",
                Some(5),
                None,
            ),
            (
                "ar",
                "قتل ١٬٢٠٠ شخص منذ بداية العام في الولاية.",
                Some(1200),
                None,
            ),
            (
                "es",
                "Cuatro personas perecieron en el incendio provocado por el bombardeo.",
                Some(4),
                None,
            ),
            (
                "es",
                "Ocho personas pierden la vida en un ataque en el norte del país.",
                Some(8),
                None,
            ),
            (
                "es",
                "Hallan sin vida a tres personas en una vereda del municipio.",
                Some(3),
                None,
            ),
            (
                "es",
                "Una mujer fue asesinada en el ataque contra la vereda.",
                Some(1),
                None,
            ),
            (
                "es",
                "Dieciséis civiles fueron masacrados por hombres armados en una aldea.",
                Some(16),
                None,
            ),
            (
                "es",
                "Tres jóvenes fueron ultimados a balazos en una colonia de la ciudad.",
                Some(3),
                None,
            ),
            (
                "fr",
                "Douze personnes ont été égorgées dans un village du centre du pays.",
                Some(12),
                None,
            ),
            (
                "fr",
                "Cinq personnes ont été carbonisées dans l'attaque de leur véhicule.",
                Some(5),
                None,
            ),
        ]);
    }

    /// French "la nuit dernière" is last night: the day before the report.
    #[test]
    fn french_last_night_is_the_day_before_the_report() {
        let found = foreign(
            "fr",
            "Report\n\nDouze personnes ont été tuées la nuit dernière dans une frappe sur la ville. La situation reste tendue.",
        );
        assert_eq!(date_of(&found[0]), Some(("2024-11-19", 1)));
    }

    /// A night from one day to the next is dated by the later day; the day before or after a
    /// day just named; an Arabic ordinal day "of" its month.
    #[test]
    fn nights_and_days_around_a_named_day_in_french_spanish_and_arabic() {
        assert_one_day_each(&[
            (
                "fr",
                "Six personnes ont été tuées dans la nuit de lundi à mardi dans une frappe sur la ville.",
                "2024-11-19",
            ),
            (
                "es",
                "Cuatro personas murieron en la noche del sábado al domingo en un ataque armado.",
                "2024-11-17",
            ),
            (
                "ar",
                "قتل أربعة أشخاص ليل الأحد الاثنين في غارة على المدينة.",
                "2024-11-18",
            ),
            (
                "ar",
                "قتل خمسة أشخاص في السابع من أكتوبر في هجوم على قرية قرب المدينة.",
                "2024-10-07",
            ),
        ]);
        for (lang, text, first, second) in [
            (
                "fr",
                "Cinq personnes ont été tuées mardi dans une attaque contre un village. La veille, six soldats avaient été tués dans une embuscade.",
                "2024-11-19",
                "2024-11-18",
            ),
            (
                "es",
                "Cinco personas murieron el lunes en un ataque contra un pueblo. Al día siguiente, seis soldados murieron en una emboscada.",
                "2024-11-18",
                "2024-11-19",
            ),
            (
                "ar",
                "قتل خمسة أشخاص يوم الاثنين في هجوم على قرية قرب المدينة. وفي اليوم التالي، قتل ستة جنود في كمين قرب المدينة.",
                "2024-11-18",
                "2024-11-19",
            ),
        ] {
            let found = foreign(lang, text);
            assert_eq!(found.len(), 2, "{text}: {found:?}");
            assert_eq!(date_of(&found[0]).map(|d| d.0), Some(first), "{text}");
            assert_eq!(date_of(&found[1]).map(|d| d.0), Some(second), "{text}");
        }
        // the ordinal day and its month are not a count
        let found = foreign(
            "ar",
            "ارتفعت حصيلة الشهداء منذ السابع من أكتوبر إلى 31 ألفا و272 شهيدا.",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].killed.and_then(|k| k.min), Some(31272));
    }

    #[test]
    fn spanish_and_french_dates_of_the_event() {
        assert_one_day_each(&[
            (
                "es",
                "Cinco civiles murieron el pasado 11 de noviembre en un ataque.",
                "2024-11-11",
            ),
            (
                "es",
                "El martes 3 de marzo de 2021 hombres armados asesinaron a seis campesinos en la vereda.",
                "2021-03-03",
            ),
            (
                "es",
                "El 24/08/2024 un dron mató a tres campesinos.",
                "2024-08-24",
            ),
            (
                "es",
                "Tres civiles murieron el 24-8-2024 en el ataque contra el pueblo.",
                "2024-08-24",
            ),
            (
                "es",
                "Tres civiles murieron en el ataque contra el pueblo el 24.08.2024.",
                "2024-08-24",
            ),
            (
                "fr",
                "Sept civils ont été tués le 24/08/2024 dans une frappe.",
                "2024-08-24",
            ),
            (
                "fr",
                "Cinq civils ont été tués mardi 3 mars 2021 dans une attaque.",
                "2021-03-03",
            ),
        ]);
    }

    /// Common ways Spanish and French wire reports (agency leads, datelines) state a toll.
    #[test]
    fn spanish_and_french_wire_report_figures() {
        let exact = |n| Some((Some(n), Some(n)));
        let at_least = |n| Some((Some(n), None));
        for (lang, text, killed, injured) in [
            // the verb before its figure
            (
                "es",
                "Murieron al menos 12 personas en el ataque contra el mercado.",
                at_least(12),
                None,
            ),
            (
                "es",
                "El ataque dejó 7 muertos y 20 heridos en el centro de la ciudad.",
                exact(7),
                exact(20),
            ),
            (
                "es",
                "El bombardeo dejó una veintena de muertos en el barrio.",
                exact(20),
                None,
            ),
            (
                "es",
                "Una decena de heridos fueron trasladados al hospital tras la explosión.",
                None,
                exact(10),
            ),
            (
                "es",
                "El ataque dejó cerca de 30 fallecidos en el pueblo.",
                exact(30),
                None,
            ),
            (
                "es",
                "16 menores de edad murieron en el bombardeo del ejército.",
                exact(16),
                None,
            ),
            // a relative clause with its verb first
            (
                "es",
                "El bombardeo en el que murieron siete niños fue condenado por la ONU.",
                exact(7),
                None,
            ),
            // fighters "abatidos" or "dados de baja"
            (
                "es",
                "El ejército informó de al menos 12 disidentes abatidos en la operación.",
                at_least(12),
                None,
            ),
            (
                "es",
                "El ejército dio de baja a 12 guerrilleros en la operación.",
                exact(12),
                None,
            ),
            (
                "es",
                "La cifra de muertos ascendió a 19 tras el ataque.",
                exact(19),
                None,
            ),
            (
                "es",
                "El número de muertos asciende ya a 30.",
                exact(30),
                None,
            ),
            (
                "es",
                "El atentado dejó al menos una docena de muertos.",
                at_least(12),
                None,
            ),
            (
                "es",
                "Ocho personas murieron y una docena resultaron heridas.",
                exact(8),
                exact(12),
            ),
            (
                "es",
                "El atentado causó la muerte de 8 personas y heridas a otras 14.",
                exact(8),
                exact(14),
            ),
            (
                "es",
                "Al menos 15 personas murieron y otras 30 resultaron heridas en el atentado.",
                at_least(15),
                exact(30),
            ),
            (
                "fr",
                "Au moins 15 civils ont été tués dans la frappe contre le marché.",
                at_least(15),
                None,
            ),
            (
                "fr",
                "L'attaque a fait une vingtaine de morts dans le village.",
                exact(20),
                None,
            ),
            (
                "fr",
                "Le bilan s'élève à 22 morts après l'attaque contre le marché.",
                exact(22),
                None,
            ),
            (
                "fr",
                "Une explosion a frappé le marché, faisant 3 morts et 10 blessés.",
                exact(3),
                exact(10),
            ),
            (
                "fr",
                "Un raid aérien a visé le village, tuant une dizaine de personnes.",
                exact(10),
                None,
            ),
            (
                "fr",
                "L'attentat a fait une douzaine de morts dans le centre-ville.",
                exact(12),
                None,
            ),
            (
                "fr",
                "L'attaque a fait au moins 12 morts et une trentaine de blessés.",
                at_least(12),
                exact(30),
            ),
            // the lives it cost, a killing of a count, a toll raised to a figure put before it
            (
                "es",
                "El bombardeo ha costado la vida a 20 civiles.",
                exact(20),
                None,
            ),
            (
                "es",
                "La matanza de 10 personas conmocionó al país.",
                exact(10),
                None,
            ),
            (
                "es",
                "Sube a 20 la cifra de muertos por el ataque contra el mercado.",
                exact(20),
                None,
            ),
            (
                "es",
                "Las autoridades elevan a 20 la cifra de muertos por el ataque.",
                exact(20),
                None,
            ),
            (
                "fr",
                "Ce nouveau raid porte à 20 le nombre de morts dans la ville.",
                exact(20),
                None,
            ),
            // the wounded after the dead
            (
                "es",
                "El atentado mató a 5 personas e hirió a otras 20.",
                exact(5),
                exact(20),
            ),
            (
                "fr",
                "Une frappe a tué 5 personnes, blessant 20 autres.",
                exact(5),
                exact(20),
            ),
            // a weekday and its day of the month, without the month, is no count
            (
                "fr",
                "Sept civils ont été tués mardi 19 dans une frappe.",
                exact(7),
                None,
            ),
        ] {
            assert_eq!(
                counts(lang, text),
                vec![(killed, injured)],
                "{lang}: {text}"
            );
        }
        // "abatidos" said of drones shot down counts no one
        assert!(foreign(
            "es",
            "Las defensas antiaéreas reportaron 30 drones abatidos durante la noche."
        )
        .is_empty());
        // the day the news came ("a-t-on appris lundi") is not the day of the harm
        let found = foreign(
            "fr",
            "Sept civils ont été tués dans une frappe, a-t-on appris lundi de source locale.",
        );
        assert_ne!(date_of(&found[0]), Some(("2024-11-18", 1)));
        let found = foreign(
            "fr",
            "Sept civils ont été tués dimanche dans une frappe, a-t-on appris lundi.",
        );
        assert_eq!(date_of(&found[0]), Some(("2024-11-17", 1)));
        // a tally so far this year is an aggregate, and social leaders are civilians
        let found = foreign(
            "es",
            "En lo que va del año han sido asesinados 18 líderes sociales.",
        );
        assert_eq!(found[0].scope, toll_model::Scope::Aggregate);
        assert_eq!(found[0].victims, Victims::Civilians);
        // armed men are the ones who kill, not among the harmed
        let found = foreign("es", "Hombres armados asesinaron a tres campesinos.");
        assert_eq!(found[0].victims, Victims::Civilians);
    }

    /// Common ways Spanish and French reports date the event, against a report published on
    /// Wednesday 20 November 2024.
    #[test]
    fn spanish_and_french_wire_report_dates() {
        assert_one_day_each(&[
            (
                "es",
                "Cinco civiles murieron el pasado 2 de marzo en un ataque con drones.",
                "2024-03-02",
            ),
            (
                "es",
                "Cinco civiles murieron este domingo en un ataque con drones.",
                "2024-11-17",
            ),
            (
                "es",
                "Cinco civiles murieron el domingo 17 de noviembre en un ataque con drones.",
                "2024-11-17",
            ),
            (
                "es",
                "Cinco civiles murieron en la madrugada del sábado en un ataque con drones.",
                "2024-11-16",
            ),
            (
                "es",
                "Cinco civiles murieron la noche del 15 al 16 de noviembre en un ataque.",
                "2024-11-16",
            ),
            (
                "es",
                "Cinco civiles murieron el 2 de marzo de 2021 en un ataque con drones.",
                "2021-03-02",
            ),
            (
                "es",
                "Cinco civiles murieron hace dos días en un ataque con drones.",
                "2024-11-18",
            ),
            (
                "es",
                "Cinco civiles murieron ayer en un ataque con drones.",
                "2024-11-19",
            ),
            (
                "es",
                "Bogotá, 18 nov (EFE).- Cinco civiles murieron en un ataque contra un pueblo.",
                "2024-11-18",
            ),
            (
                "es",
                "BOGOTÁ (Reuters) - Cinco civiles murieron el lunes en un ataque contra un pueblo.",
                "2024-11-18",
            ),
            // a day between the verb and its object
            (
                "es",
                "Un ataque mató el pasado domingo a 6 personas en el mercado.",
                "2024-11-17",
            ),
            (
                "fr",
                "Une frappe a tué hier 6 personnes dans le marché.",
                "2024-11-19",
            ),
            // a weekday with its article between the verb and its object
            (
                "es",
                "Un ataque con drones mató el martes a cinco civiles en un pueblo.",
                "2024-11-19",
            ),
            (
                "es",
                "Hombres armados asesinaron el sábado a tres campesinos.",
                "2024-11-16",
            ),
            (
                "es",
                "Cinco civiles murieron el jueves por la noche en un ataque.",
                "2024-11-14",
            ),
            // a day of the month alone: the last such day
            (
                "es",
                "Cinco civiles murieron el pasado día 15 en un ataque.",
                "2024-11-15",
            ),
            (
                "es",
                "Cinco civiles murieron el día 15 de noviembre en un ataque.",
                "2024-11-15",
            ),
            (
                "fr",
                // the night from one day to the next is dated by the later day, as "dans la nuit
                // du 2 au 3 mars" is
                "Sept civils ont été tués dans la nuit de samedi à dimanche dans une frappe.",
                "2024-11-17",
            ),
            (
                "fr",
                "Sept civils ont été tués le 3 janvier dernier dans une frappe.",
                "2024-01-03",
            ),
            (
                "fr",
                "Sept civils ont été tués ce dimanche dans une frappe.",
                "2024-11-17",
            ),
            (
                "fr",
                "Sept civils ont été tués dimanche 17 novembre dans une frappe.",
                "2024-11-17",
            ),
            (
                "fr",
                "Sept civils ont été tués mardi soir dans une frappe.",
                "2024-11-19",
            ),
            (
                "fr",
                "Sept civils ont été tués avant-hier dans une frappe.",
                "2024-11-18",
            ),
            (
                "fr",
                "Sept civils ont été tués lundi dernier dans une frappe.",
                "2024-11-18",
            ),
            // a day of the month after its article, not a count
            (
                "fr",
                "Sept civils ont été tués le 15 dans une frappe.",
                "2024-11-15",
            ),
            (
                "es",
                "Siete civiles murieron el 15 en un ataque.",
                "2024-11-15",
            ),
            // the night of one day, or of one day to the next
            (
                "fr",
                "Sept civils ont été tués dans la nuit du 2 mars dans une frappe.",
                "2024-03-02",
            ),
            (
                "fr",
                "Cinq personnes ont été tuées dans la nuit du 2 au 3 mars dans le village.",
                "2024-03-03",
            ),
        ]);
    }

    #[test]
    fn speaker_said_before_and_after() {
        let a = one("Provincial officials said 14 people were killed in the strike.");
        assert_eq!(a.claimed_by.as_deref(), Some("Provincial officials"));
        let a = one("Fourteen people were killed, said Col. Jane Smith.");
        assert_eq!(a.claimed_by.as_deref(), Some("Col. Jane Smith"));
        let a = one("At least 9 civilians died, according to the health ministry.");
        assert_eq!(a.claimed_by.as_deref(), Some("the health ministry"));
    }

    #[test]
    fn a_headlines_closing_source_and_a_speaker_saying_are_claimants() {
        let a = one("At least 10 killed in missile strike on shopping mall - governor");
        assert_eq!(a.claimed_by.as_deref(), Some("governor"));
        let a = one("Twelve civilians killed in drone strikes in the north: local sources");
        assert_eq!(a.claimed_by.as_deref(), Some("local sources"));
        let a =
            one("The shelling went on, with the Red Cross saying six of its staff were killed.");
        assert_eq!(a.claimed_by.as_deref(), Some("the Red Cross"));
        // list items take the speaker of the line that introduces their list
        let text = "The emergency service has updated the number of victims:\n\n  • 23 people were killed;\n  • 66 people were injured.\n\nThe city was calm.";
        let found = extract(text);
        assert_eq!(found.len(), 2, "{found:?}");
        for a in &found {
            assert_eq!(a.claimed_by.as_deref(), Some("The emergency service"));
        }
        let found = extract("A summary:\n\n23 people were killed.");
        assert_eq!(found[0].claimed_by, None);
        // "He said …" takes the person named as a speaker a sentence or two before
        let text = "The market was crowded, said Dr Samir Haddad. He said 9 bodies were burned.";
        let found = extract(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].claimed_by.as_deref(), Some("Dr Samir Haddad"));
        let found =
            extract("The market was crowded, officials said. He said 9 people were killed.");
        assert_eq!(found[0].claimed_by, None);
        // what closes a sentence after a dash is no source unless it names a speaker
        let a = one("The strike killed 20 people - the worst toll this year");
        assert_eq!(a.claimed_by, None);
        // a speaker before a relative clause, a finding, a participle; a dateline's dash is no
        // part of the speaker
        let a = one(
            "The health ministry, which is run by the local authorities, announced that at \
             least 70 people had been killed.",
        );
        assert_eq!(a.claimed_by.as_deref(), Some("The health ministry"));
        let a = one("Those probes concluded that 19 civilian men died in the blasts.");
        assert_eq!(a.claimed_by.as_deref(), Some("Those probes"));
        let a = one("Residents claiming nearly 100 people were killed say homes were hit.");
        assert_eq!(a.claimed_by.as_deref(), Some("Residents"));
        // a sentence that goes on with the count before it keeps its speaker
        let found = extract(
            "The health ministry said 23 people were killed. In addition, 64 people were \
             hospitalised.\n\nIn the capital, 5 people died.",
        );
        let speakers: Vec<Option<&str>> = found.iter().map(|a| a.claimed_by.as_deref()).collect();
        assert_eq!(
            speakers,
            vec![
                Some("The health ministry"),
                Some("The health ministry"),
                None
            ]
        );
        let a = one("GAO, Jan. 20, 2017 - The medical charity MSF put the death toll at 170.");
        assert_eq!(a.claimed_by.as_deref(), Some("The medical charity MSF"));
    }

    #[test]
    fn quoted_speech_takes_the_speaker_from_the_next_sentence() {
        let text =
            "“We counted 30 dead before dawn.” The village elder said the strike came at night.";
        let a = one(text);
        assert_eq!(a.claimed_by.as_deref(), Some("The village elder"));
    }

    #[test]
    fn blamed_cause_and_victims() {
        let a = one("A coalition air strike killed more than 100 civilians in the old city.");
        assert_eq!(a.blamed.as_deref(), Some("coalition air strike"));
        assert_eq!(a.victims, toll_model::Victims::Civilians);
        assert_eq!(a.killed.map(|k| (k.min, k.max)), Some((Some(101), None)));
        assert_eq!(a.scope, toll_model::Scope::Incident);
    }

    #[test]
    fn who_did_the_harm_is_not_who_suffered_it() {
        let a = one("Militants killed nine villagers, among them four women.");
        assert_eq!(a.victims, toll_model::Victims::Civilians);
        let a = one("The attackers killed 10 people and wounded 30 others.");
        assert_eq!(a.victims, toll_model::Victims::Unspecified);
        let a = one("Twelve villagers were murdered by gunmen.");
        assert_eq!(a.victims, toll_model::Victims::Civilians);
        let a = one("Troops killed 17 suspected militants in a raid.");
        assert_eq!(a.victims, toll_model::Victims::Combatants);
        // the noun of the harmed before a nominal cue still names them
        let a = one("The raid caused 12 civilian deaths.");
        assert_eq!(a.victims, toll_model::Victims::Civilians);
    }

    #[test]
    fn a_part_of_them_civilians_makes_the_group_mixed() {
        let a = one("The strike killed at least 40 people, most of them civilians.");
        assert_eq!(a.victims, toll_model::Victims::Mixed);
        let a = one("More than 100 people died, half of whom were civilians.");
        assert_eq!(a.victims, toll_model::Victims::Mixed);
        let a = one("The strike killed at least 40 people, most of them children.");
        assert_eq!(a.victims, toll_model::Victims::Civilians);
    }

    #[test]
    fn not_a_single_one_is_a_denial() {
        let a = one("Not a single civilian was killed, the ministry said.");
        assert!(a.denial);
        assert_eq!(a.killed.map(|k| (k.min, k.max)), Some((Some(0), Some(0))));
    }

    #[test]
    fn a_population_is_no_figure_of_the_harmed() {
        let a = one("The strike on the station in the town of 50,000 people killed 57.");
        assert_eq!(a.killed.map(|k| (k.min, k.max)), Some((Some(57), Some(57))));
    }

    #[test]
    fn hedges_denials_and_aggregates() {
        let a = one("The resulting casualties could exceed a hundred dead, the general said.");
        assert!(a.hedged);
        assert_eq!(a.killed.map(|k| (k.min, k.max)), Some((Some(101), None)));
        let a = one("No civilians were killed in the raid, a spokesman insisted.");
        assert!(a.denial);
        let a = one("More than 1,000 civilians have been killed since the war began in 2014.");
        assert_eq!(a.scope, toll_model::Scope::Aggregate);
        // a plural cause reached from both the harm word and the figure counts once against
        // "since"; a period counted in number words ("nine years") is a period
        let a = one("At least eight people died in raids on the town since the war began.");
        assert_eq!(a.scope, toll_model::Scope::Aggregate);
        let a = one("No fewer than 416 people have been killed by airstrikes within the space of nine years.");
        assert_eq!(a.scope, toll_model::Scope::Aggregate);
        // several places counted make an area's total
        let a = one(
            "At least 90 people have been killed by air strikes in 12 communities of the region.",
        );
        assert_eq!(a.scope, toll_model::Scope::Aggregate);
        // one strike stays one incident
        let a = one("At least eight people died in the raid on the town on Monday.");
        assert_eq!(a.scope, toll_model::Scope::Incident);
    }

    #[test]
    fn people_who_sought_care_are_injured() {
        let a = one("About 90 people sought medical assistance after the blast.");
        assert_eq!(a.injured.map(|r| (r.min, r.approx)), Some((Some(90), true)));
        let a = one("Another 117 people applied for medical help.");
        assert_eq!(a.injured.map(|r| r.min), Some(Some(117)));
    }

    #[test]
    fn victims_in_care_are_injured() {
        let a = one("Another 42 victims with minor injuries remain in the camp clinic.");
        assert_eq!(
            a.injured.map(|r| (r.min, r.max)),
            Some((Some(42), Some(42)))
        );
        assert!(a.killed.is_none());
        let a = one("The district hospital currently has 68 of the victims.");
        assert_eq!(a.injured.map(|r| r.min), Some(Some(68)));
        // victims alone are the dead
        let a = one("The strike left 30 victims, the mayor said.");
        assert_eq!(a.killed.map(|r| r.min), Some(Some(30)));
    }

    #[test]
    fn hospitalised_people_are_injured_and_neutralised_fighters_killed() {
        let a = one("At least 66 people were hospitalized after the blast.");
        assert_eq!(a.injured.map(|r| (r.min, r.max)), Some((Some(66), None)));
        assert!(a.killed.is_none());
        let a = one("Fighter jets neutralized dozens of militants near the border.");
        assert_eq!(a.killed.map(|r| (r.min, r.approx)), Some((Some(24), true)));
    }

    #[test]
    fn totals_over_a_war_or_in_thousands_are_aggregates() {
        use toll_model::Scope::{Aggregate, Incident};
        // a figure in thousands counts a campaign
        let a = one("Drone strikes in the province have killed at least 2,300 people.");
        assert_eq!(a.scope, Aggregate);
        // the war's toll in a relative clause, beside a superlative about one attack
        let a = one(
            "It was the deadliest attack yet in a war that has killed more than 6,000 civilians.",
        );
        assert_eq!(a.scope, Aggregate);
        // a period's start and a span of years
        let a = one("The agency recorded 512 civilians killed from 24 February 2022.");
        assert_eq!(a.scope, Aggregate);
        // a period of days in a relative clause
        let a = one(
            "The fighting, which has in the past few days led to the deaths of 20 people, goes on.",
        );
        assert_eq!(a.scope, Aggregate);
        // a superlative after a possessive war compares one strike with the war
        let a =
            one("At least 93 people were killed, making it one of the war's deadliest strikes.");
        assert_eq!(a.scope, Incident);
    }

    #[test]
    fn times_and_comparisons_are_not_periods() {
        use toll_model::Scope::Incident;
        // a superlative's "since" compares the strike with the war; it is still one strike
        let a =
            one("The strike that killed 105 civilians was the deadliest since the air war began.");
        assert_eq!(a.scope, Incident);
        // "said in March" dates the saying; "bombed last month" the bombing
        let a = one("Officials said in March that they had recovered 61 bodies from the house.");
        assert_eq!(a.scope, Incident);
        let a = one("About 300 people died when the theatre was bombed last month.");
        assert_eq!(a.scope, Incident);
    }

    #[test]
    fn people_counted_with_children_among_them_are_civilians() {
        for text in [
            "23 people were killed in the strike, including three children.",
            "At least 27 people, including three children, were killed.",
            "The missile killed seven people, including a child, officials said.",
        ] {
            assert_eq!(one(text).victims, toll_model::Victims::Civilians, "{text}");
        }
        let a = one("At least 50 people were killed, among them 29 children, the hospital said.");
        assert_eq!(a.victims, toll_model::Victims::Civilians);
        // a count of people with no word about who they were stays unspecified, and so does one
        // counting civilians or relatives among them (the rest may be neither)
        for text in [
            "The missile killed seven people, officials said.",
            "The blast killed up to 90 people, including 40 civilians, officials said.",
            "He said 19 people died, including two of his brothers.",
        ] {
            assert_eq!(
                one(text).victims,
                toll_model::Victims::Unspecified,
                "{text}"
            );
        }
    }

    #[test]
    fn snipers_are_combatants_and_labourers_civilians() {
        let a = one("The battle raged for hours, leaving 15 of the invaders dead.");
        assert_eq!(a.victims, toll_model::Victims::Combatants);
        let a = one("Two snipers are believed to have died in the strike.");
        assert_eq!(a.victims, toll_model::Victims::Combatants);
        let a = one("A drone strike on farm labourers killed at least 30 laborers.");
        assert_eq!(a.victims, toll_model::Victims::Civilians);
    }

    #[test]
    fn the_one_told_is_not_the_speaker_and_a_bracketed_acronym_ends_a_name() {
        let a = one("One local resident, Abba Abiso, told AFP: \"At least 25 were killed.\"");
        assert_eq!(a.claimed_by.as_deref(), Some("Abba Abiso"));
        let a = one("Medical charity Medecins Sans Frontieres (MSF) has said 52 were killed.");
        assert_eq!(
            a.claimed_by.as_deref(),
            Some("Medical charity Medecins Sans Frontieres (MSF)")
        );
        let a = one("GAZA CITY (UPI) -- The military said 12 people were killed.");
        assert_eq!(a.claimed_by.as_deref(), Some("The military"));
        let a = one("Dozens were killed in what the United States called a bunker.");
        assert_eq!(a.claimed_by, None);
        // a source in capitals before a colon speaks; a label in capitals does not
        let a = one("ICRC: 40 people were killed in the strike on the market.");
        assert_eq!(a.claimed_by.as_deref(), Some("ICRC"));
        let a = one("UPDATE: 40 people were killed in the strike on the market.");
        assert_eq!(a.claimed_by, None);
    }

    #[test]
    fn two_claimants_in_one_sentence_are_two_accounts() {
        let text = "A civil defence chief said 300 people were killed, while a ministry official said 500 died.";
        let found = extract(text);
        assert_eq!(found.len(), 2);
        assert!(found[0].text.contains("300") && !found[0].text.contains("500"));
        assert!(found[1].text.contains("500"));
    }

    #[test]
    fn spans_point_at_their_text() {
        let text =
            "Headline: strike kills 12\nThe army said 61 bodies had been recovered. Another line.";
        for a in extract(text) {
            assert_eq!(a.span.slice(text), a.text);
        }
    }
}
