//! Event dates: date expressions in a report, resolved against its reference date.
//!
//! Absolute forms ("March 17, 2017", "17 March 2017", "2017-03-17", "Oct. 3, 2015",
//! "March 17th", "March 2017", "in 2015") and relative ones ("on Thursday",
//! "yesterday", "last week", "earlier this month", "three days ago") are found
//! with one regex pass over the text. Dates attached to speech ("said on
//! Sunday") are when something was said, not when harm happened, and are kept
//! out of event dates. Precision codes follow UCDP GED's `date_prec`.

use crate::lexicon::{
    has, AFTERMATH_VERBS, DATE_LINK_WORDS, DATE_SPEECH_WORDS as SPEECH_WORDS, DAY_AFTER_OPENERS,
    DETERMINERS, EVENT_NOUNS, FIXED_HOLIDAYS, OTHER_CLAUSE_OPENERS, PLURAL_EVENTS,
    STATEMENT_AFTER_DATE, SUBJECT_PRONOUNS, TIME_OF_DAY_WORDS,
};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;
use std::cell::OnceCell;
use std::sync::OnceLock;
use toll_model::{DateBasis, DateWindow, EventDate, MonthDay, Span};

/// A date expression found in the text, resolved to a day and a precision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    /// Bytes of the expression.
    pub span: Span,
    /// The first day it denotes.
    pub date: NaiveDate,
    /// UCDP `date_prec`: 1 day … 5 year.
    pub precision: u8,
    /// True when the date says when something was said or published, not when harm happened.
    pub speech: bool,
    /// True for relative expressions ("on Thursday") that depend on the reference date.
    pub relative: bool,
    /// True for a month and day without a year ("June 2", "Christmas Eve"): only its year
    /// depends on the reference date, so a reference guessed from the text's other dates still
    /// places it.
    pub year_only: bool,
}

const MONTH: &str = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

/// A day of the week written before a day and month ("Tuesday 3 March", "Tuesday, March 3", "last
/// Tuesday, March 3"): part of that one date, which it names in full, not a date of its own.
const WEEKDAY_BEFORE: &str =
    r"(?:(?:last\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?";

/// The fixed-day holidays of the word lists ([`FIXED_HOLIDAYS`]), as (name, month, day).
fn fixed_holidays() -> &'static [(&'static str, u32, u32)] {
    static HOLIDAYS: OnceLock<Vec<(&'static str, u32, u32)>> = OnceLock::new();
    HOLIDAYS.get_or_init(|| {
        FIXED_HOLIDAYS
            .iter()
            .filter_map(|entry| {
                let (name, day) = entry.split_once('|')?;
                let (month, day) = day.split_once('-')?;
                Some((name, month.parse().ok()?, day.parse().ok()?))
            })
            .collect()
    })
}

/// The alternation matching every fixed-day holiday's name, an apostrophe straight or curly.
fn holiday_pattern() -> String {
    fixed_holidays()
        .iter()
        .map(|(name, _, _)| {
            regex::escape(name)
                .replace('\'', "['’]")
                .replace(' ', r"\s+")
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// The month and day of the fixed-day holiday named `name` (any case, any apostrophe).
fn holiday_month_day(name: &str) -> Option<(u32, u32)> {
    let folded: String = name
        .to_lowercase()
        .replace('’', "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    fixed_holidays()
        .iter()
        .find(|(n, _, _)| *n == folded)
        .map(|(_, m, d)| (*m, *d))
}

fn patterns() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let md = format!(r"\b{WEEKDAY_BEFORE}{MONTH}\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?");
        let dm = format!(r"\b{WEEKDAY_BEFORE}(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{}\b\.?(?:,?\s+(?P<year2>(?:19|20)\d\d)\b)?", MONTH.replace("?P<month>", "?P<month2>"));
        let my = format!(r"\b{}\.?,?\s+(?P<year3>(?:19|20)\d\d)\b", MONTH.replace("?P<month>", "?P<month3>"));
        let iso = r"\b(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d)-(?P<id>\d\d)\b";
        let year = r"\b(?P<yprep>in|since|during|of)\s+(?P<year4>(?:19|20)\d\d)\b";
        let weekday = r"\b(?P<wlast>last\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b";
        let holiday = format!(r"\b(?P<holiday>{})\b(?:,?\s+(?P<year5>(?:19|20)\d\d)\b)?", holiday_pattern());
        let rel = r"\b(?P<rel>yesterday|today|tonight|this morning|last night|overnight|last week|this week|earlier this week|earlier this month|this month|last month|last year|this year|over the weekend|at the weekend|this weekend|last weekend|a weekend|the weekend|(?P<ago>a|one|two|three|four|five|six|seven|\d{1,2})\s+(?P<agounit>days?|weeks?)\s+ago)\b";
        // a day of the month alone ("on the 15th", glossed Spanish "el pasado día 15"), then
        // punctuation or a word that opens a phrase, not a month or a noun ("on the 15th of
        // March", "on the 15th anniversary"); the expression ends at the day
        let dom = r"\bon\s+the\s+(?P<dom>\d{1,2}(?:st|nd|rd|th)?)(?:\s*[,.;:)]|\s*$|\s+(?:in|at|near|when|as|after|before|during|while|and|but)\b)";
        let all = format!("(?i){md}|{dm}|{my}|{iso}|{year}|{holiday}|{weekday}|{rel}|{dom}").replace(r"\b", r"(?-u:\b)").replace(r"\s", r"[ \t]").replace(r"\d", "[0-9]");
        Regex::new(&all).unwrap_or_else(|e| unreachable!("static date pattern: {e}"))
    })
}

/// The indices of the date pattern's named groups.
struct Groups {
    month: usize,
    day: usize,
    year: usize,
    month2: usize,
    day2: usize,
    year2: usize,
    month3: usize,
    year3: usize,
    iy: usize,
    im: usize,
    id: usize,
    year4: usize,
    holiday: usize,
    year5: usize,
    wlast: usize,
    wd: usize,
    rel: usize,
    ago: usize,
    agounit: usize,
    dom: usize,
}

fn groups() -> &'static Groups {
    static GROUPS: OnceLock<Groups> = OnceLock::new();
    GROUPS.get_or_init(|| {
        let names: Vec<Option<&str>> = patterns().capture_names().collect();
        // an index past every group (whose `get` is `None`) for a name the pattern lacks
        let index = |name: &str| {
            names
                .iter()
                .position(|n| *n == Some(name))
                .unwrap_or(names.len())
        };
        Groups {
            month: index("month"),
            day: index("day"),
            year: index("year"),
            month2: index("month2"),
            day2: index("day2"),
            year2: index("year2"),
            month3: index("month3"),
            year3: index("year3"),
            iy: index("iy"),
            im: index("im"),
            id: index("id"),
            year4: index("year4"),
            holiday: index("holiday"),
            year5: index("year5"),
            wlast: index("wlast"),
            wd: index("wd"),
            rel: index("rel"),
            ago: index("ago"),
            agounit: index("agounit"),
            dom: index("dom"),
        }
    })
}

/// A date expression found by [`scan`], unresolved, with what its context says (whether it is
/// "a day after the attack", a date of speech, a byline or another event's name) worked out
/// once, when first asked: resolving against several reference dates asks again.
#[derive(Debug)]
pub struct Scanned<'t> {
    caps: regex::Captures<'t>,
    days_after: OnceCell<Option<i64>>,
    speech: OnceCell<bool>,
    not_event: OnceCell<bool>,
}

impl<'t> Scanned<'t> {
    fn new(caps: regex::Captures<'t>) -> Self {
        Scanned {
            caps,
            days_after: OnceCell::new(),
            speech: OnceCell::new(),
            not_event: OnceCell::new(),
        }
    }

    /// The whole expression.
    fn whole(&self) -> Option<regex::Match<'t>> {
        self.caps.get(0)
    }

    /// Group `i` of the pattern (see [`groups`]).
    fn group(&self, i: usize) -> Option<regex::Match<'t>> {
        self.caps.get(i)
    }

    /// [`days_after_event`] of the expression.
    fn days_after(&self, text: &str, end: usize) -> Option<i64> {
        *self.days_after.get_or_init(|| days_after_event(text, end))
    }

    /// [`is_speech`] of the expression.
    fn speech(&self, text: &str, start: usize, end: usize) -> bool {
        *self.speech.get_or_init(|| is_speech(text, start, end))
    }

    /// [`is_byline`] or [`names_other_event`] of the expression.
    fn not_event(&self, text: &str, start: usize, end: usize) -> bool {
        *self.not_event.get_or_init(|| {
            is_byline(text, start, end)
                || is_dateline(text, start, end)
                || names_other_event(text, start, end)
                || in_clause_of_another_act(text, start)
        })
    }
}

/// True when `word` is an English month's full name ("March", "september"): what a gloss writes
/// for a month.
pub(crate) fn is_month_name(word: &str) -> bool {
    month_number(word).is_some_and(|n| {
        let full = [
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
        ];
        full.get(n as usize - 1)
            .is_some_and(|f| f.eq_ignore_ascii_case(word))
    })
}

fn month_number(m: &str) -> Option<u32> {
    // the first three characters (`None` when they are not three bytes), in lowercase
    let head = m.get(..3)?.as_bytes();
    let n = match [
        head[0].to_ascii_lowercase(),
        head[1].to_ascii_lowercase(),
        head[2].to_ascii_lowercase(),
    ]
    .as_slice()
    {
        b"jan" => 1,
        b"feb" => 2,
        b"mar" => 3,
        b"apr" => 4,
        b"may" => 5,
        b"jun" => 6,
        b"jul" => 7,
        b"aug" => 8,
        b"sep" => 9,
        b"oct" => 10,
        b"nov" => 11,
        b"dec" => 12,
        _ => return None,
    };
    Some(n)
}

fn weekday(w: &str) -> Option<Weekday> {
    w.to_ascii_lowercase().parse::<Weekday>().ok()
}

/// The most recent `wd` on or before `reference`.
fn last_weekday(reference: NaiveDate, wd: Weekday) -> NaiveDate {
    let back = (7 + reference.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
    reference - Duration::days(i64::from(back))
}

/// A month and day without a year: the latest such date not after the reference (plus a week's grace).
/// Does the date expression `next` follow right after byte `end`, with at most "on", "into", "to"
/// or "of" between ("overnight on Saturday", "overnight into Sunday")?
fn names_the_night(text: &str, end: usize, next: Option<&Scanned<'_>>) -> bool {
    let Some(next) = next.and_then(Scanned::whole) else {
        return false;
    };
    let Some(between) = text.get(end..next.start()) else {
        return false;
    };
    let between = between.trim().to_ascii_lowercase();
    matches!(between.as_str(), "" | "on" | "into" | "to" | "of")
}

/// Day `day` of the reference's month when it is not after the reference, else of the month
/// before: the last such day.
fn last_day_of_month(reference: NaiveDate, day: u32) -> Option<NaiveDate> {
    if !(1..=31).contains(&day) {
        return None;
    }
    if day <= reference.day() {
        return NaiveDate::from_ymd_opt(reference.year(), reference.month(), day);
    }
    let first = NaiveDate::from_ymd_opt(reference.year(), reference.month(), 1)?;
    let before = first.checked_sub_months(chrono::Months::new(1))?;
    NaiveDate::from_ymd_opt(before.year(), before.month(), day)
}

fn with_inferred_year(reference: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    let this = NaiveDate::from_ymd_opt(reference.year(), month, day)?;
    if this > reference + Duration::days(7) {
        NaiveDate::from_ymd_opt(reference.year() - 1, month, day)
    } else {
        Some(this)
    }
}

/// `text` in ASCII lowercase, in `buf` (`text` must fit).
fn lower_in<'b>(text: &str, buf: &'b mut [u8]) -> &'b str {
    let Some(out) = buf.get_mut(..text.len()) else {
        return "";
    };
    out.copy_from_slice(text.as_bytes());
    out.make_ascii_lowercase();
    // ASCII lowercasing keeps UTF-8 valid
    std::str::from_utf8(out).unwrap_or("")
}

/// The non-empty alphanumeric words of `text`.
fn words_of(text: &str) -> impl DoubleEndedIterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// The first bytes of `text` from `end` on, at most `len`, cut back to a character boundary.
fn after_date(text: &str, end: usize, len: usize) -> &str {
    let mut to = (end + len).min(text.len());
    while to > end && !text.is_char_boundary(to) {
        to -= 1;
    }
    text.get(end..to).unwrap_or("")
}

/// True when a harm verb stands in the three words before `start` ("killed yesterday", "died on
/// Sunday", "struck the town on Monday"): of a sentence's dates, that one is the harm's.
fn follows_harm(text: &str, start: usize) -> bool {
    let mut buf = [0u8; 40];
    let before = lower_in(before_date(text, start, 40), &mut buf);
    let found = words_of(before).rev().take(3).any(is_harm_verb);
    found
}

/// True when the date is the possessive of an event noun ("Tuesday's bombing", "last Sunday’s
/// accidental strike"): it names the day of the harm the sentence is about.
fn dates_its_event(text: &str, end: usize) -> bool {
    let mut buf = [0u8; 40];
    let after = lower_in(after_date(text, end, 40), &mut buf);
    let rest = after
        .strip_prefix("'s ")
        .or_else(|| after.strip_prefix("\u{2019}s "));
    let found = rest.is_some_and(|r| words_of(r).take(3).any(is_event_noun));
    found
}

/// A verb or adjective of harm that a date may close the clause of ("killed", "struck", "dead").
fn is_harm_verb(word: &str) -> bool {
    matches!(
        word,
        "killed"
            | "killing"
            | "died"
            | "wounded"
            | "injured"
            | "struck"
            | "hit"
            | "bombed"
            | "shelled"
            | "attacked"
            | "dead"
    )
}

/// The last bytes of `text` before `start`, at most `len`, cut forward to a character boundary.
fn before_date(text: &str, start: usize, len: usize) -> &str {
    let mut from = start.saturating_sub(len);
    while from < start && !text.is_char_boundary(from) {
        from += 1;
    }
    text.get(from..start).unwrap_or("")
}

/// How far back (characters) the clause that a date closes is read for a harm word.
const CLAUSE_REACH: usize = 160;

/// Up to `n` characters of `text` before byte `start` (a char boundary).
fn chars_before(text: &str, start: usize, n: usize) -> &str {
    let head = text.get(..start).unwrap_or("");
    match n.checked_sub(1) {
        None => "",
        Some(last) => &head[head.char_indices().rev().nth(last).map_or(0, |(i, _)| i)..],
    }
}

/// Is the date at `start` the time a count was taken at ("as of 6 a.m. on June 28", "as at
/// Tuesday evening"): the words before it, after "as of" or "as at", only say the time of day.
fn status_time_before(text: &str, start: usize) -> bool {
    let mut buf = [0u8; 48];
    let before = lower_in(before_date(text, start, 48), &mut buf);
    let mut words = words_of(before).rev();
    for _ in 0..8 {
        match words.next() {
            Some("of" | "at") => return words.next() == Some("as"),
            Some(w) if w.chars().all(|c| c.is_ascii_digit()) || TIME_OF_DAY_WORDS.contains(&w) => {}
            _ => return false,
        }
    }
    false
}

/// Is the date at `start` attached to a verb of speech ("said on Sunday", "told reporters Monday")?
fn is_speech(text: &str, start: usize, end: usize) -> bool {
    let mut before_buf = [0u8; 40];
    let before = lower_in(before_date(text, start, 40), &mut before_buf);
    // the words of the date's own sentence ("… officials said.\n\nOn Thursday, a bomb" is no speech)
    let before = sentence_tail(before);
    // the last three words, last first
    let mut tail_buf = [""; 3];
    let mut tail_len = 0;
    for (slot, w) in tail_buf.iter_mut().zip(words_of(before).rev()) {
        *slot = w;
        tail_len += 1;
    }
    let tail = &tail_buf[..tail_len];
    // a toll update: "continued to rise on Monday", "as of January 16", "as of 6 a.m. on June 28"
    if tail.first() == Some(&"of") && tail.get(1) == Some(&"as") || status_time_before(text, start)
    {
        return true;
    }
    if tail.iter().take(3).any(|w| {
        matches!(
            *w,
            "rise" | "rose" | "risen" | "rises" | "climbed" | "climb" | "updated" | "revised"
        )
    }) {
        return true;
    }
    if tail.iter().take(2).any(|w| AFTERMATH_VERBS.contains(w)) {
        return true;
    }
    // "France on Tuesday said", "told the Associated Press on Thursday that"
    {
        let mut after_buf = [0u8; 30];
        let after = lower_in(after_date(text, end, 30), &mut after_buf);
        let mut next = words_of(after);
        // "died of their wounds Tuesday, said the ministry": an attribution set off by a comma
        // follows the clause the date closes
        let inverted = after.trim_start().starts_with(',');
        match next.next() {
            Some(w) if STATEMENT_AFTER_DATE.contains(&w) && !inverted => return true,
            Some("that") => {
                let mut told_buf = [0u8; 60];
                let wide = lower_in(before_date(text, start, 60), &mut told_buf);
                if words_of(wide)
                    .rev()
                    .take(6)
                    .any(|w| SPEECH_WORDS.contains(&w))
                {
                    return true;
                }
            }
            _ => {}
        }
    }
    // "said on Sunday", "said Sunday", "told reporters on Monday" (but not "admits Aug. 29 Kabul
    // drone strike killed", where the date names the attack that follows it)
    if let Some(pos) = tail
        .iter()
        .position(|w| SPEECH_WORDS.contains(w))
        .filter(|_| !names_attack_after(text, end))
    {
        let between = &tail[..pos];
        if between.iter().all(|w| {
            matches!(
                *w,
                "on" | "of"
                    | "reporters"
                    | "journalists"
                    | "late"
                    | "early"
                    | "in"
                    | "a"
                    | "statement"
                    | "dated"
            )
        }) {
            return true;
        }
    }
    // "On Sunday, the ministry said" (but not "... killed four on Sunday, an official said" or
    // "... killed 42 people as worshippers gathered for prayers on Thursday, a monitor said",
    // where the date closes the clause that reports the harm)
    // (read in characters: the words of a report glossed from another script take two bytes a
    // letter, and the clause they keep must reach as far back as an English one)
    let mut clause_buf = [0u8; CLAUSE_REACH * 4];
    let clause = lower_in(chars_before(text, start, CLAUSE_REACH), &mut clause_buf);
    let clause_start = clause
        .rfind(['.', ';', '\n', '"', '“', '”'])
        .map(|i| i + clause[i..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    let mut clause_words = 0;
    let mut harm = false;
    for w in words_of(&clause[clause_start..]) {
        clause_words += 1;
        harm = harm || is_harm_verb(w);
    }
    let closes_harm_clause = clause_words > 2 && harm;
    if closes_harm_clause {
        return false;
    }
    let mut after_buf = [0u8; 50];
    let after = lower_in(after_date(text, end, 50), &mut after_buf);
    if let Some(rest) = after.strip_prefix(',') {
        let next = || words_of(rest).take(6);
        if next().any(|w| SPEECH_WORDS.contains(&w))
            && !next().any(|w| {
                matches!(
                    w,
                    "killed" | "killing" | "struck" | "hit" | "attack" | "strike"
                )
            })
        {
            return true;
        }
    }
    false
}

/// The part of `before` after its last sentence end (a full stop, "!" or "?" before white space,
/// or a line break).
fn sentence_tail(before: &str) -> &str {
    let bytes = before.as_bytes();
    let cut = (0..bytes.len()).rev().find(|&i| {
        bytes[i] == b'\n'
            || (matches!(bytes[i], b'.' | b'!' | b'?')
                && bytes.get(i + 1).is_some_and(u8::is_ascii_whitespace))
    });
    cut.map_or(before, |i| &before[i + 1..])
}

/// True when the words right after a date name an attack it dates: "Aug. 29 Kabul drone strike",
/// "Sunday's air strike" (up to three words, none of them a determiner or a linking word, before an
/// attack noun). "Said Sunday that the strike …" is not: "that" comes first.
fn names_attack_after(text: &str, end: usize) -> bool {
    let mut after_buf = [0u8; 40];
    let after = lower_in(after_date(text, end, 40), &mut after_buf);
    for w in words_of(after).take(4) {
        if has!(EVENT_NOUNS, w) || has!(PLURAL_EVENTS, w) {
            return true;
        }
        if has!(DETERMINERS, w) || has!(DATE_LINK_WORDS, w) {
            return false;
        }
    }
    false
}

/// Words before a date read for [`harm_in_clause_before`].
const HARM_CLAUSE_WORDS: usize = 6;

/// True when a harm verb stands among the words of the date's own clause before it ("killed 12
/// people on Wednesday"; not past a comma or a sentence's end).
fn harm_in_clause_before(text: &str, start: usize) -> bool {
    let mut buf = [0u8; 60];
    let before = lower_in(before_date(text, start, 60), &mut buf);
    let clause = before
        .rfind([',', '.', ';', ':', '\n'])
        .map_or(before, |i| &before[i + 1..]);
    let found = words_of(clause)
        .rev()
        .take(HARM_CLAUSE_WORDS)
        .any(is_harm_verb);
    found
}

/// Words before a date read for [`in_clause_of_another_act`].
const OTHER_CLAUSE_WORDS: usize = 10;

/// Is the date in a clause about another act that a pronoun's subject did ("… carried out six dead
/// before he left the building on 17 March", "died after they fled on Sunday")? It dates that act,
/// not the harm; a harm verb in the clause ("after he was wounded on Sunday") keeps the date.
fn in_clause_of_another_act(text: &str, start: usize) -> bool {
    let mut buf = [0u8; 100];
    let before = lower_in(before_date(text, start, 100), &mut buf);
    let mut words_buf = [""; OTHER_CLAUSE_WORDS];
    let mut len = 0;
    for (slot, w) in words_buf.iter_mut().zip(words_of(before).rev()) {
        *slot = w;
        len += 1;
    }
    // nearest first: the clause's words back to its opener
    let words = &words_buf[..len];
    for (k, w) in words.iter().enumerate() {
        if is_harm_verb(w) || has!(SPEECH_WORDS, *w) {
            return false;
        }
        // the opener, with the pronoun after it (the word read just before this one)
        if k >= 2 && has!(OTHER_CLAUSE_OPENERS, *w) && has!(SUBJECT_PRONOUNS, words[k - 1]) {
            return true;
        }
    }
    false
}

/// Is the date the name of another event ("the October 7 attack", "since October 7")? Such a date
/// refers to something else than the harm the sentence reports.
fn names_other_event(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].trim_end();
    let prev = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let after = text[end..].trim_start();
    let next = after
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let prev_is = |w: &str| prev.eq_ignore_ascii_case(w);
    // "Today in Middle Eastern history": an anniversary column's day, not the event's
    if text[start..end].eq_ignore_ascii_case("today") && next.eq_ignore_ascii_case("in") {
        let history = words_of(after)
            .take(5)
            .any(|w| w.eq_ignore_ascii_case("history"));
        if history {
            return true;
        }
    }
    // ("since 2014" holds its preposition)
    let starts_since = text
        .get(start..start + 6)
        .is_some_and(|w| w.eq_ignore_ascii_case("since "));
    // "the toll from the 16 March attack" names the event the toll is of
    let toll_of = prev_is("the") && {
        let head = before[..before.len() - prev.len()].trim_end();
        let tail = head.get(head.len().saturating_sub(10)..).unwrap_or("");
        ["toll from", "toll of", "toll in"]
            .iter()
            .any(|t| tail.to_ascii_lowercase().ends_with(t))
    };
    if ((prev_is("the") || prev_is("of")) && is_event_noun(next) && !toll_of)
        || prev_is("since")
        || starts_since
    {
        return true;
    }
    // a period's bounds, "deployed from 4 January to 20 February 2021": neither end is a day of harm
    if range_bound(before, prev, after) {
        return true;
    }
    // "the leaders of the massacres in Israel on 7 October", "after the attack on 7 October"
    if prev_is("on") {
        let mut words_buf = [""; 7];
        let mut len = 0;
        for (slot, w) in words_buf.iter_mut().zip(words_of(before).rev()) {
            *slot = w;
            len += 1;
        }
        let words = &words_buf[..len];
        for (i, w) in words.iter().enumerate().skip(1) {
            if !is_event_noun(w) {
                continue;
            }
            let mut j = i + 1;
            if words.get(j).is_some_and(|w| w.eq_ignore_ascii_case("the")) {
                j += 1;
            }
            if words.get(j).is_some_and(|w| {
                ["of", "for", "after", "following", "since", "before"]
                    .iter()
                    .any(|x| w.eq_ignore_ascii_case(x))
            }) {
                return true;
            }
        }
    }
    false
}

/// True when a date is one bound of a "from DATE to DATE" period: after "from" with "to", "until",
/// "till" or "through" and another date next, or after one of those with "from" shortly before.
fn range_bound(before: &str, prev: &str, after: &str) -> bool {
    const UNTIL: [&str; 4] = ["to", "until", "till", "through"];
    let is_until = |w: &str| UNTIL.iter().any(|u| w.eq_ignore_ascii_case(u));
    if prev.eq_ignore_ascii_case("from") {
        let mut words = after.split_whitespace();
        return words.next().is_some_and(is_until)
            && words.next().is_some_and(|w| {
                w.starts_with(|c: char| c.is_ascii_digit()) || month_number(w).is_some()
            });
    }
    if is_until(prev) {
        let head = before[..before.len() - prev.len()].trim_end();
        let mut buf = [0u8; 32];
        let tail = lower_in(
            head.get(head.len().saturating_sub(32)..).unwrap_or(""),
            &mut buf,
        );
        // "from 4 January to", "from 4 to" (the date's own words, at most four of them)
        return words_of(tail).rev().take(4).any(|w| w == "from");
    }
    false
}

/// Nouns that name an event of their own ("the October 7 attack"), in any ASCII case.
fn is_event_noun(word: &str) -> bool {
    let mut buf = [0u8; 16];
    if word.len() > buf.len() {
        return false;
    }
    matches!(
        lower_in(word, &mut buf),
        "attack"
            | "attacks"
            | "massacre"
            | "massacres"
            | "assault"
            | "assaults"
            | "incursion"
            | "incursions"
            | "offensive"
            | "invasion"
            | "raid"
            | "raids"
            | "rampage"
            | "war"
    )
}

/// When the words after a date say it was "a day after the attack" (or two, three days), how many
/// days before it the event was. The date may also be the possessive of a later event that "came three
/// days after an Islamic State bombing": the bombing was that many days before it.
fn days_after_event(text: &str, end: usize) -> Option<i64> {
    let mut after_buf = [0u8; 100];
    let after = lower_in(after_date(text, end, 100), &mut after_buf);
    let mut words_buf = [""; 12];
    let mut len = 0;
    for (slot, w) in words_buf.iter_mut().zip(words_of(after)) {
        *slot = w;
        len += 1;
    }
    let mut words = &words_buf[..len];
    // "Sunday's strike came three days after …"
    if words.len() > 3
        && words[0] == "s"
        && is_attack_noun(words[1])
        && matches!(words[2], "came" | "happened" | "occurred" | "followed")
    {
        words = &words[3..];
    }
    let n = match words.first().copied()? {
        "a" | "one" => 1,
        "two" => 2,
        "three" => 3,
        w => w.parse::<i64>().ok().filter(|n| (1..=7).contains(n))?,
    };
    let unit_ok = matches!(words.get(1).copied(), Some("day" | "days"));
    let after_ok = words.get(2) == Some(&"after");
    // the attack after a determiner, with up to four words describing it ("an Islamic State
    // suicide bombing")
    let event = words
        .get(3)
        .is_some_and(|w| matches!(*w, "the" | "an" | "a" | "this" | "that"))
        && words.iter().skip(4).take(5).any(|w| is_attack_noun(w));
    (unit_ok && after_ok && event).then_some(n)
}

/// True when `word` names one attack ("strike", "bombing", "raid" …).
fn is_attack_noun(word: &str) -> bool {
    matches!(
        word,
        "attack"
            | "strike"
            | "airstrike"
            | "bombing"
            | "raid"
            | "explosion"
            | "blast"
            | "massacre"
            | "shelling"
    )
}

/// Longest line that can be a byline, in bytes.
const BYLINE_LEN: usize = 120;

/// How far back from a date its dateline's line start is looked for, in bytes.
const DATELINE_HEAD: usize = 256;

/// The line around `start..end` (its start and end, newlines excluded) when it is shorter than `max`
/// bytes; `None` for a longer line, found without looking farther than `max` bytes either side.
fn short_line_around(text: &str, start: usize, end: usize, max: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let back = start.saturating_sub(max);
    let line_start = match bytes.get(back..start)?.iter().rposition(|&b| b == b'\n') {
        Some(k) => back + k + 1,
        None if back == 0 => 0,
        None => return None,
    };
    let ahead = end.saturating_add(max).min(bytes.len());
    let line_end = match bytes.get(end..ahead)?.iter().position(|&b| b == b'\n') {
        Some(k) => end + k,
        None if ahead == bytes.len() => ahead,
        None => return None,
    };
    (line_end - line_start < max).then_some((line_start, line_end))
}

/// Is the date alone on a short line ("Published 16 January 2023", "Dec 23, 2021 08:13")? Such a
/// line dates the page, not the harm.
fn is_byline(text: &str, start: usize, end: usize) -> bool {
    // only a line shorter than BYLINE_LEN can be a byline: its ends are looked for no farther (a
    // search to the ends of any line made many dates on one long line quadratic)
    let Some((line_start, line_end)) = short_line_around(text, start, end, BYLINE_LEN) else {
        return false;
    };
    // a day in brackets closing a title line ("2. Southtown (5 May 2019)") is the day of the
    // section under it, not a byline's
    if text[line_start..start].trim_end().ends_with('(') && text[end..line_end].trim() == ")" {
        return false;
    }
    // a short line that tells of harm ("Twelve people died on Tuesday.") is a sentence, not a byline
    let tells_harm = || {
        let mut buf = [0u8; BYLINE_LEN];
        let line = &text[line_start..line_end];
        line.len() <= buf.len() && words_of(lower_in(line, &mut buf)).any(is_harm_verb)
    };
    // the words of the line around the date (counted only for a short line)
    let short = line_end - line_start < 80 && !tells_harm() && {
        let words = [&text[line_start..start], &text[end..line_end]]
            .iter()
            .flat_map(|part| part.split_whitespace())
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count();
        words <= 4
    };
    // "By Jane Doe in London January 16, 2023"
    let by_line = line_end - line_start < BYLINE_LEN
        && text[line_start..start]
            .trim_start()
            .get(..3)
            .is_some_and(|b| b.eq_ignore_ascii_case("by "));
    short || by_line
}

/// Is the date part of a wire dateline opening a paragraph ("CITY, March 30 (Agency) --",
/// "CITY, Country, 12 May -")? A place in capitals, a comma, the date, then an agency in brackets
/// or a dash: it dates the dispatch, not the harm.
fn is_dateline(text: &str, start: usize, end: usize) -> bool {
    const MAX_PLACE: usize = 48;
    // a dateline's head is short: its line start is looked for no farther than DATELINE_HEAD bytes
    // back (room for the place and white space)
    let bytes = text.as_bytes();
    let back = start.saturating_sub(DATELINE_HEAD);
    let line_start = match bytes[back..start].iter().rposition(|&b| b == b'\n') {
        Some(k) => back + k + 1,
        None if back == 0 => 0,
        None => return false,
    };
    let head = text[line_start..start].trim();
    let Some(head) = head.strip_suffix(',') else {
        return false;
    };
    if head.len() > MAX_PLACE {
        return false;
    }
    // the first comma-separated part is the city, in capitals ("GAZA CITY", "N'DJAMENA") or, when
    // the date closes its own sentence, in title case ("Bogotá, 15 November 2025. Seven …")
    let city = head.split(',').next().unwrap_or("").trim();
    let letters = city.chars().filter(|c| c.is_alphabetic()).count();
    let short_head = letters >= 3 && head.split(',').count() <= 2;
    let capitals = short_head
        && city
            .chars()
            .all(|c| c.is_uppercase() || " -'’.".contains(c));
    let titled = short_head && title_case_name(city);
    if !(capitals || titled) {
        return false;
    }
    let mut rest = text[end..].trim_start();
    if let Some(after) = rest.strip_prefix('(') {
        match after.find(')') {
            Some(close) if close <= 40 => rest = after[close + 1..].trim_start(),
            _ => return false,
        }
    }
    let dash = ["--", "—", "–", "-", "/"]
        .iter()
        .any(|d| rest.starts_with(d));
    // "CITY, date. The strike …": the date is a sentence of its own
    let own_sentence = text[end..]
        .strip_prefix('.')
        .is_some_and(|after| after.is_empty() || after.starts_with(char::is_whitespace));
    if capitals {
        dash || own_sentence
    } else {
        own_sentence
    }
}

/// Is `name` a place name of one to three words, each capitalised, that opens no clause ("Bogotá",
/// "Gaza City", not "In Bamako")?
fn title_case_name(name: &str) -> bool {
    const CLAUSE_OPENERS: &[&str] = &[
        "in", "on", "at", "by", "from", "since", "until", "after", "before", "as", "and", "but",
        "the", "en", "dans", "depuis", "desde", "hasta", "à", "au", "у", "в", "з", "с", "في",
    ];
    let words: Vec<&str> = name.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 3
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && words
            .first()
            .is_none_or(|w| !CLAUSE_OPENERS.contains(&w.to_lowercase().as_str()))
}

/// Is byte `pos` on the report's first line? A first line longer than 4 KB is no headline, which
/// also bounds the work per account on single-line inputs.
pub fn in_headline(text: &str, pos: usize) -> bool {
    const MAX_HEADLINE: usize = 4096;
    pos < MAX_HEADLINE && !text.as_bytes()[..pos.min(text.len())].contains(&b'\n')
}

/// For a report with no reference date at all: the month and day of the nearest "March 17th"
/// (no year) in the account's sentence, else before it, else in the headline, skipping dates of
/// speech. Linking completes the year from the incident the account joins.
pub fn month_day_without_year(
    text: &str,
    scanned: &[Scanned<'_>],
    sentence: Span,
) -> Option<MonthDay> {
    month_day_at(&month_days(text, scanned), text, sentence)
}

/// A month and day without a year, where a report states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthDayMention {
    /// Where the text states it.
    pub span: Span,
    /// The month and day.
    pub month_day: MonthDay,
    /// Written day first ("Sunday 25 August"): such a date dates only the sentence it stands in.
    pub day_first: bool,
}

/// Every month and day without a year of a report ("March 17th", "25 August"), in text order,
/// leaving out dates of speech, bylines and datelines: what [`month_day_at`] chooses from.
pub fn month_days(text: &str, scanned: &[Scanned<'_>]) -> Vec<MonthDayMention> {
    let g = groups();
    let mut out = Vec::new();
    for caps in scanned {
        let Some(m) = caps.whole() else { continue };
        if caps.group(g.year).is_some()
            || caps.group(g.year2).is_some()
            || caps.group(g.year5).is_some()
        {
            continue;
        }
        // "March 17th" or, day first, "17 March" ("dimanche 25 août" as glossed), or a holiday
        let month = caps.group(g.month).or_else(|| caps.group(g.month2));
        let day = caps.group(g.day).or_else(|| caps.group(g.day2));
        let holiday = caps
            .group(g.holiday)
            .and_then(|h| holiday_month_day(h.as_str()));
        let (Some(mo), Some(day)) = (
            month
                .and_then(|x| month_number(x.as_str()))
                .or(holiday.map(|h| h.0)),
            day.and_then(|x| x.as_str().parse::<u32>().ok())
                .or(holiday.map(|h| h.1)),
        ) else {
            continue;
        };
        if !(1..=31).contains(&day)
            || caps.speech(text, m.start(), m.end())
            || caps.not_event(text, m.start(), m.end())
        {
            continue;
        }
        let day_first = caps.group(g.month).is_none() && holiday.is_none();
        // written day first, it is the news's own date when a weekday names it too ("Sunday
        // 25 August"); bare, it is as often another event's name in passing ("the attack of
        // 7 October")
        if day_first && !m.as_str().starts_with(|c: char| c.is_alphabetic()) {
            continue;
        }
        out.push(MonthDayMention {
            span: Span::new(m.start(), m.end()),
            month_day: MonthDay { month: mo, day },
            day_first,
        });
    }
    out
}

/// The month and day (of `month_days`, in text order) an account in `sentence` takes: the last
/// one in its sentence, else the nearest before it, else the headline's last.
pub fn month_day_at(
    month_days: &[MonthDayMention],
    text: &str,
    sentence: Span,
) -> Option<MonthDay> {
    let upto_end = month_days.partition_point(|m| m.span.end <= sentence.end);
    let before = month_days[..upto_end]
        .iter()
        .rev()
        .find(|m| !m.day_first || m.span.start >= sentence.start);
    if let Some(m) = before {
        if m.span.start >= sentence.start || m.span.end <= sentence.start {
            return Some(m.month_day);
        }
    }
    month_days[upto_end..]
        .iter()
        .rev()
        .find(|m| !m.day_first && in_headline(text, m.span.start))
        .map(|m| m.month_day)
}

/// Finds and resolves every date expression of `text` against `reference`.
pub fn find_mentions(text: &str, reference: Option<NaiveDate>) -> Vec<DateMention> {
    resolve_mentions(text, &scan(text), reference)
}

/// Every date expression of `text`, unresolved (one regex pass; resolve as often as needed).
pub fn scan(text: &str) -> Vec<Scanned<'_>> {
    // the fast engine finds where expressions are; groups are read only there
    let re = patterns();
    re.find_iter(text)
        .filter_map(|m| re.captures_at(&text[..m.end()], m.start()))
        .map(Scanned::new)
        .collect()
}

/// Resolves scanned date expressions against `reference`.
pub fn resolve_mentions(
    text: &str,
    scanned: &[Scanned<'_>],
    reference: Option<NaiveDate>,
) -> Vec<DateMention> {
    let g = groups();
    let mut out = Vec::new();
    for (k, caps) in scanned.iter().enumerate() {
        let Some(m) = caps.whole() else { continue };
        // a day of the month alone ends at its day, not at the punctuation or word after it
        let end = caps.group(g.dom).map_or(m.end(), |d| d.end());
        let start = m.start();
        // "overnight" right before the day it names ("killed overnight Saturday", "overnight on
        // 2 March"): that day dates the event, not the reference's
        let overnight = caps
            .group(g.rel)
            .is_some_and(|r| r.as_str().eq_ignore_ascii_case("overnight"));
        if overnight && names_the_night(text, end, scanned.get(k + 1)) {
            continue;
        }
        let num = |i: usize| caps.group(i).and_then(|x| x.as_str().parse::<i32>().ok());
        let mut relative = false;
        // only the year is missing: a day and month, or a holiday, without a year
        // (written day first, as another event's name in passing often is, "the attack of
        // 7 October", only when a weekday names it too, as in `month_days`)
        let year_only = (caps.group(g.month).is_some() && caps.group(g.year).is_none())
            || (caps.group(g.month2).is_some() && caps.group(g.year2).is_none())
            || (caps.group(g.holiday).is_some() && caps.group(g.year5).is_none());
        let resolved: Option<(NaiveDate, u8)> = if let Some(month) = caps.group(g.month) {
            let (mo, day) = (month_number(month.as_str()), num(g.day));
            match (mo, day, num(g.year)) {
                (Some(mo), Some(d), Some(y)) => {
                    NaiveDate::from_ymd_opt(y, mo, d as u32).map(|x| (x, 1))
                }
                (Some(mo), Some(d), None) => {
                    relative = true;
                    reference
                        .and_then(|r| with_inferred_year(r, mo, d as u32))
                        .map(|x| (x, 1))
                }
                _ => None,
            }
        } else if let Some(month) = caps.group(g.month2) {
            let (mo, day) = (month_number(month.as_str()), num(g.day2));
            match (mo, day, num(g.year2)) {
                (Some(mo), Some(d), Some(y)) => {
                    NaiveDate::from_ymd_opt(y, mo, d as u32).map(|x| (x, 1))
                }
                (Some(mo), Some(d), None) => {
                    relative = true;
                    reference
                        .and_then(|r| with_inferred_year(r, mo, d as u32))
                        .map(|x| (x, 1))
                }
                _ => None,
            }
        } else if let Some(month) = caps.group(g.month3) {
            match (month_number(month.as_str()), num(g.year3)) {
                (Some(mo), Some(y)) => NaiveDate::from_ymd_opt(y, mo, 1).map(|x| (x, 4)),
                _ => None,
            }
        } else if let (Some(y), Some(mo), Some(d)) = (num(g.iy), num(g.im), num(g.id)) {
            NaiveDate::from_ymd_opt(y, mo as u32, d as u32).map(|x| (x, 1))
        } else if let Some(y) = num(g.year4) {
            NaiveDate::from_ymd_opt(y, 1, 1).map(|x| (x, 5))
        } else if let Some(holiday) = caps.group(g.holiday) {
            // "on Christmas Eve": a month and day, with its year or without
            holiday_month_day(holiday.as_str()).and_then(|(mo, d)| match num(g.year5) {
                Some(y) => NaiveDate::from_ymd_opt(y, mo, d).map(|x| (x, 1)),
                None => {
                    relative = true;
                    reference
                        .and_then(|r| with_inferred_year(r, mo, d))
                        .map(|x| (x, 1))
                }
            })
        } else if let Some(wd) = caps.group(g.wd) {
            relative = true;
            let last = caps.group(g.wlast).is_some();
            reference.zip(weekday(wd.as_str())).map(|(r, w)| {
                let d = last_weekday(r, w);
                let d = if last && d == r {
                    d - Duration::days(7)
                } else {
                    d
                };
                (d, 1)
            })
        } else if let Some(rel) = caps.group(g.rel) {
            relative = true;
            let word = rel.as_str().to_ascii_lowercase();
            reference.and_then(|r| {
                let first_of_month = NaiveDate::from_ymd_opt(r.year(), r.month(), 1)?;
                Some(match word.as_str() {
                    "yesterday" | "last night" => (r - Duration::days(1), 1),
                    "today" | "tonight" | "this morning" | "overnight" => (r, 1),
                    "over the weekend" | "at the weekend" | "this weekend" | "last weekend"
                    | "a weekend" | "the weekend" => (last_weekday(r, Weekday::Sat), 2),
                    // the calendar week before the reference's, from its Monday
                    "last week" => (
                        r - Duration::days(i64::from(r.weekday().num_days_from_monday()) + 7),
                        3,
                    ),
                    "this week" | "earlier this week" => (
                        r - Duration::days(i64::from(r.weekday().num_days_from_monday())),
                        3,
                    ),
                    "earlier this month" | "this month" => (first_of_month, 4),
                    "last month" => (
                        first_of_month.checked_sub_months(chrono::Months::new(1))?,
                        4,
                    ),
                    "last year" => (NaiveDate::from_ymd_opt(r.year() - 1, 1, 1)?, 5),
                    "this year" => (NaiveDate::from_ymd_opt(r.year(), 1, 1)?, 5),
                    _ => {
                        let n = match caps
                            .group(g.ago)
                            .map(|a| a.as_str().to_ascii_lowercase())
                            .as_deref()
                        {
                            Some("a" | "one") => 1,
                            Some("two") => 2,
                            Some("three") => 3,
                            Some("four") => 4,
                            Some("five") => 5,
                            Some("six") => 6,
                            Some("seven") => 7,
                            Some(d) => d.parse::<i64>().ok()?,
                            None => return None,
                        };
                        let weeks = caps
                            .group(g.agounit)
                            .is_some_and(|u| u.as_str().to_ascii_lowercase().starts_with("week"));
                        if weeks {
                            (r - Duration::days(7 * n), 2)
                        } else {
                            (r - Duration::days(n), 1)
                        }
                    }
                })
            })
        } else if let Some(dom) = caps.group(g.dom) {
            // the last such day of the month on or before the reference
            relative = true;
            let digits: String = dom
                .as_str()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            reference
                .zip(digits.parse::<u32>().ok())
                .and_then(|(r, d)| last_day_of_month(r, d))
                .map(|x| (x, 1))
        } else {
            None
        };
        if let Some((date, precision)) = resolved {
            // "on Sunday, a day after the attack": the event was the day before (but "a strike
            // killed 12 people on Wednesday, two days after a raid" dates its own strike)
            if let Some(days) = caps
                .days_after(text, end)
                .filter(|_| !harm_in_clause_before(text, start))
            {
                out.push(DateMention {
                    span: Span::new(start, end),
                    date: date - Duration::days(days),
                    precision,
                    speech: false,
                    relative,
                    year_only,
                });
                continue;
            }
            let speech = caps.speech(text, start, end)
                || caps.not_event(text, start, end)
                || (relative && elapsed_before(sentence_around(text, start, end)).is_some());
            out.push(DateMention {
                span: Span::new(start, end),
                date,
                precision,
                speech,
                relative,
                year_only,
            });
        }
    }
    out
}

/// A date in a report's address: news sites put the publication day ("/2016/03/16/") or month
/// ("/2019/08/") in their articles' paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlDate {
    /// The day the path gives.
    Day(NaiveDate),
    /// The last day of the month the path gives.
    Month(NaiveDate),
}

/// The date in `url`'s path, if it has one as `/YYYY/MM/DD/` or `/YYYY/MM/` (a year from 1990
/// to 2099): what dates a report with no publication date.
pub fn date_in_url(url: &str) -> Option<UrlDate> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"/((?:199|20[0-9])[0-9])/(0[1-9]|1[0-2])/(?:(0[1-9]|[12][0-9]|3[01])(?:/|$))?")
            .unwrap_or_else(|e| unreachable!("static pattern: {e}"))
    });
    // the path only: a host or query holds no publication date
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = &path[path.find('/').unwrap_or(path.len())..];
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let caps = re.captures(path)?;
    let num = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let (year, month) = (num(1)? as i32, num(2)?);
    match num(3) {
        Some(day) => NaiveDate::from_ymd_opt(year, month, day).map(UrlDate::Day),
        None => NaiveDate::from_ymd_opt(year, month, 1)?
            .checked_add_months(chrono::Months::new(1))
            .map(|d| UrlDate::Month(d - Duration::days(1))),
    }
}

/// The date relative expressions are resolved against: the publication date, else the latest
/// full date the text states (then `true`: inferred), else the middle of the latest year it names.
pub fn reference_date(text: &str, published: Option<NaiveDate>) -> Option<(NaiveDate, bool)> {
    reference_from(text, &scan(text), published, None)
}

/// [`reference_date`] over already scanned date expressions.
pub fn reference_from(
    text: &str,
    scanned: &[Scanned<'_>],
    published: Option<NaiveDate>,
    from_url: Option<UrlDate>,
) -> Option<(NaiveDate, bool)> {
    if let Some(p) = published {
        return Some((p, false));
    }
    // a news address's day ("/2016/03/16/") is its publication day
    if let Some(UrlDate::Day(d)) = from_url {
        return Some((d, false));
    }
    let absolute = resolve_mentions(text, scanned, None);
    // the page's own date line at its head ("May 2019", "Published 16 January 2023", a dispatch's
    // "BOGOTÁ, 15 November 2025 —") dates the page as a publication date would: its day, or the last day of its month
    let page_line = absolute.iter().find(|m| {
        m.span.start < PAGE_HEAD
            && !m.relative
            && m.precision <= 4
            && (is_byline(text, m.span.start, m.span.end)
                || (m.precision == 1 && is_dateline(text, m.span.start, m.span.end)))
    });
    if let Some(m) = page_line {
        let last = match m.precision {
            1 => Some(m.date),
            _ => m
                .date
                .checked_add_months(chrono::Months::new(1))
                .map(|d| d - Duration::days(1)),
        };
        if let Some(d) = last {
            return Some((d, false));
        }
    }
    let latest_day = absolute
        .iter()
        .filter(|m| m.precision == 1 && !m.relative)
        .map(|m| m.date)
        .max();
    if let Some(d) = latest_day {
        return Some((d, true));
    }
    // an address's month ("/2019/08/"): the page was written by its last day; a guess, as the
    // weekdays it would resolve could be any of the month's
    if let Some(UrlDate::Month(d)) = from_url {
        return Some((d, true));
    }
    // "since 2014" starts a period that runs up to the writing: it does not date the text
    let latest = absolute
        .iter()
        .filter(|m| {
            !m.span
                .slice(text)
                .get(..5)
                .is_some_and(|w| w.eq_ignore_ascii_case("since"))
        })
        .map(|m| m.date)
        .max()?;
    // "October 8" plus a year named elsewhere in the text: that day of the latest year
    let mid_year = NaiveDate::from_ymd_opt(latest.year(), 12, 31)?;
    let with_year = resolve_mentions(text, scanned, Some(mid_year));
    let latest_day = with_year
        .iter()
        .filter(|m| m.precision == 1 && m.relative && !m.speech)
        .map(|m| m.date)
        .max();
    if let Some(d) = latest_day {
        return Some((d, true));
    }
    NaiveDate::from_ymd_opt(latest.year(), 7, 1).map(|d| (d, true))
}

/// How far (bytes) from a text's start a date line is the page's own date.
const PAGE_HEAD: usize = 320;

/// `date` as `YYYY-MM-DD` (as `format("%Y-%m-%d")` has it, without going through chrono's
/// formatting machinery for the years of four digits).
fn iso_date(date: NaiveDate) -> String {
    if (0..=9999).contains(&date.year()) {
        format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
    } else {
        date.format("%Y-%m-%d").to_string()
    }
}

/// The sentence around bytes `start..end` (to the nearest `.`, `!`, `?` or line break on each
/// side, looking at most [`SENTENCE_REACH`] bytes either way, so the work per date is bounded).
fn sentence_around(text: &str, start: usize, end: usize) -> &str {
    let is_stop = |c: char| matches!(c, '.' | '!' | '?' | '\n');
    let mut from = start.saturating_sub(SENTENCE_REACH);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (end + SENTENCE_REACH).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let head = text.get(from..start).unwrap_or("");
    let tail = text.get(end..to).unwrap_or("");
    let s = head.rfind(is_stop).map_or(from, |i| from + i + 1);
    let e = tail.find(is_stop).map_or(to, |i| end + i);
    text.get(s..e).unwrap_or("")
}

/// How far [`sentence_around`] looks on each side of a date.
const SENTENCE_REACH: usize = 400;

/// How long before the report the sentence says its attack happened ("an air strike seven years
/// ago", "the raids a decade ago": an attack noun within five words before the phrase), as the
/// fewest days that phrase can mean (half a unit of slack: "a year ago" may be seven months). A
/// day named beside it ("the court ruled on Thursday on an air strike seven years ago") is then
/// another event's day. "Since the campaign began two years ago" dates no attack.
fn elapsed_before(sentence: &str) -> Option<i64> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?i)(?-u:\b)(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|many|[0-9]{1,2})[ \t]+(years?|months?|decades?)[ \t]+ago(?-u:\b)")
            .unwrap_or_else(|e| unreachable!("static elapsed-time pattern: {e}"))
    });
    re.captures_iter(sentence)
        .filter(|c| {
            let start = c.get(0).map_or(0, |m| m.start());
            words_of(&sentence[..start]).rev().take(5).any(|w| {
                let mut buf = [0u8; 16];
                w.len() <= buf.len() && {
                    let w = lower_in(w, &mut buf);
                    has!(EVENT_NOUNS, w) || has!(PLURAL_EVENTS, w)
                }
            })
        })
        .filter_map(|c| {
            let n: i64 = match c.get(1)?.as_str().to_ascii_lowercase().as_str() {
                "a" | "an" | "one" => 1,
                "several" | "many" => 2,
                w => [
                    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                    "eleven", "twelve",
                ]
                .iter()
                .position(|x| *x == w)
                .map(|i| i as i64 + 2)
                .or_else(|| w.parse().ok())?,
            };
            let unit_days = match c.get(2)?.as_str().as_bytes().first()?.to_ascii_lowercase() {
                b'y' => 365,
                b'm' => 30,
                _ => 3650,
            };
            (n > 0).then(|| n * unit_days - unit_days / 2)
        })
        .min()
}

/// Chooses the event date of an account in `sentence`: a date of its own sentence, else the
/// nearest preceding event date of the report, else the reference date.
pub fn event_date(
    text: &str,
    mentions: &[DateMention],
    sentence: Span,
    account: Span,
    reference: Option<(NaiveDate, bool)>,
) -> Option<EventDate> {
    let openings = day_after_openings(text);
    event_date_in(text, mentions, &openings, sentence, account, reference)
}

/// [`event_date`] with the report's [`day_after_openings`] found once for all its accounts.
pub fn event_date_in(
    text: &str,
    mentions: &[DateMention],
    openings: &[(usize, i64)],
    sentence: Span,
    account: Span,
    reference: Option<(NaiveDate, bool)>,
) -> Option<EventDate> {
    let inferred = reference.is_some_and(|(_, i)| i);
    // "an air strike seven years ago": the event lies that long before the report, so no later day
    // (nor the report's own) dates it
    let latest = match (reference, elapsed_before(sentence.slice(text))) {
        (Some((r, _)), Some(days)) => Some(r - Duration::days(days)),
        (r, _) => r.map(|(r, _)| r + Duration::days(1)),
    };
    let long_ago = latest.is_some_and(|l| reference.is_some_and(|(r, _)| l < r));
    // a weekday or "yesterday" means nothing without the day the report was written: against a
    // reference only guessed from other dates of the text it stays unresolved
    // a day and month whose year alone is guessed ("June 2" in a report that also says
    // "Sept. 20, 2015") still names the day of its own sentence's event
    let guessed = |m: &DateMention| m.relative && inferred && !m.year_only;
    let usable_in_sentence =
        |m: &&DateMention| !(m.speech || guessed(m)) && latest.is_none_or(|l| m.date <= l);
    let usable = |m: &&DateMention| {
        !(m.speech || (m.relative && inferred)) && latest.is_none_or(|l| m.date <= l)
    };
    let make = |m: &DateMention, basis: DateBasis| EventDate {
        date: iso_date(m.date),
        precision: if guessed(m) {
            m.precision.max(2)
        } else {
            m.precision
        },
        basis,
        phrase: Some(m.span.slice(text).to_string()),
        reference_inferred: inferred && m.relative,
    };
    let distance = |m: &DateMention| {
        if m.span.end <= account.start {
            account.start - m.span.end
        } else {
            m.span.start.saturating_sub(account.end)
        }
    };
    // mentions are in text order: those before the sentence, in it, and a bounded window of
    // them around it (the work per account stays bounded however many dates a text repeats)
    let first_in = mentions.partition_point(|m| m.span.start < sentence.start);
    let after_in = first_in + mentions[first_in..].partition_point(|m| m.span.end <= sentence.end);
    let near = &mentions
        [first_in.saturating_sub(MENTION_WINDOW)..(after_in + MENTION_WINDOW).min(mentions.len())];
    // in the sentence: the most precise mention, nearest to the account's clause
    let in_sentence = mentions[first_in..after_in]
        .iter()
        .filter(|m| m.span.start >= sentence.start && m.span.end <= sentence.end)
        .filter(usable_in_sentence)
        .min_by_key(|m| {
            let harms = follows_harm(text, m.span.start) || dates_its_event(text, m.span.end);
            (m.precision, !harms, distance(m))
        });
    // a coarse date ("in 2015", "last year") is refined by a finer one in the report that falls inside it
    // (a day and month whose year was inferred refine "last week", a weekday does not)
    let refine = |coarse: &DateMention| -> Option<&DateMention> {
        let (period_start, period_end) = match coarse.precision {
            5 => (
                coarse.date,
                NaiveDate::from_ymd_opt(coarse.date.year(), 12, 31)?,
            ),
            4 => (
                coarse.date,
                coarse.date.checked_add_months(chrono::Months::new(1))? - Duration::days(1),
            ),
            3 => (coarse.date, coarse.date + Duration::days(6)),
            _ => return None,
        };
        near.iter()
            .filter(usable)
            .filter(|m| {
                m.precision < coarse.precision
                    && (!m.relative || m.span.slice(text).bytes().any(|b| b.is_ascii_digit()))
                    && m.date >= period_start
                    && m.date <= period_end
            })
            .min_by_key(|m| m.span.start.abs_diff(sentence.start))
    };
    if let Some(m) = in_sentence {
        if let Some(fine) = refine(m) {
            return Some(make(fine, DateBasis::Context));
        }
        return Some(make(m, DateBasis::Sentence));
    }
    // the report's lead event date (headline or first dated sentence), else the nearest preceding
    let before_all = &mentions[..first_in];
    let before: Vec<&DateMention> = before_all[first_in.saturating_sub(MENTION_WINDOW)..]
        .iter()
        .filter(|m| m.span.end <= sentence.start)
        .filter(usable)
        .collect();
    let lead = before_all[..first_in.min(MENTION_WINDOW)]
        .iter()
        .filter(|m| m.span.end <= sentence.start)
        .filter(usable)
        .find(|m| m.precision == 1 && !(m.relative && inferred));
    // a day named earlier in the sentence's own paragraph (line) is nearer than the lead's ("… on Aug.
    // 26, killing 13 service members. At least 170 civilians also died.")
    let paragraph_start = {
        let mut from = sentence.start.saturating_sub(PARAGRAPH_WINDOW);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        text.get(from..sentence.start)
            .and_then(|head| head.rfind('\n'))
            .map_or(from, |i| from + i + 1)
    };
    let in_paragraph = before
        .iter()
        .rev()
        .find(|m| m.precision == 1 && m.span.start >= paragraph_start && !(m.relative && inferred));
    // a day in the title line right above the paragraph ("2. Mosul, Iraq (17 March 2017)") dates
    // the paragraph: a roundup's sections each tell of their own day
    let heading = heading_above(text, paragraph_start).and_then(|line| {
        before.iter().rev().copied().find(|m| {
            m.precision == 1
                && m.span.start >= line.start
                && m.span.end <= line.end
                && !(m.relative && inferred)
        })
    });
    let chosen: Option<&DateMention> = in_paragraph
        .copied()
        .or(heading)
        .or(lead)
        .or_else(|| before.iter().rev().find(|m| m.precision <= 3).copied())
        .or(before.last().copied());
    // "The next day, a strike hit …": a day after the last day named before; so is the rest of
    // the paragraph that sentence opens, until another day is named (but a paragraph under a
    // dated title line has its day already)
    let opening = days_after_opening(sentence.slice(text))
        .map(|days| (sentence.start, days))
        .or_else(|| {
            let (at, days) = last_opener(openings, paragraph_start, sentence.start)?;
            let moved_on = in_paragraph.is_some_and(|m| m.span.start >= at);
            (!moved_on).then_some((at, days))
        })
        .filter(|&(at, _)| heading.is_none() || at > paragraph_start);
    if let Some((at, days)) = opening {
        // (the day must be named close before: a day named far back may be another event's)
        let near = at.saturating_sub(DAY_AFTER_REACH);
        if let Some(m) = before
            .iter()
            .rev()
            .filter(|m| m.span.end <= at)
            .take_while(|m| m.span.end >= near)
            .find(|m| m.precision == 1)
        {
            let mut event = make(m, DateBasis::Context);
            event.date = iso_date(m.date + Duration::days(days));
            return Some(event);
        }
    }
    if let Some(m) = chosen {
        if let Some(fine) = refine(m) {
            return Some(make(fine, DateBasis::Context));
        }
        let basis = if in_headline(text, m.span.start) {
            DateBasis::Headline
        } else {
            DateBasis::Context
        };
        return Some(make(m, basis));
    }
    // the dateline or later in the report: the first day-precise event date after the sentence
    if let Some(m) = mentions[after_in..(after_in + MENTION_WINDOW).min(mentions.len())]
        .iter()
        .filter(|m| m.span.start >= sentence.end)
        .filter(usable)
        .find(|m| m.precision == 1)
    {
        return Some(make(m, DateBasis::Dateline));
    }
    if long_ago {
        return None;
    }
    reference.map(|(r, inferred)| EventDate {
        date: iso_date(r),
        precision: 2,
        basis: DateBasis::Publication,
        phrase: None,
        reference_inferred: inferred,
    })
}

/// The days a sentence's opening moves on from the day named before it ("The next day, …": 1; "The
/// day before, …": -1), from [`DAY_AFTER_OPENERS`].
fn days_after_opening(sentence: &str) -> Option<i64> {
    // (the phrases are ASCII: compared without allocating, as this runs at every sentence start
    // before an account)
    let head = sentence.trim_start();
    DAY_AFTER_OPENERS.iter().find_map(|entry| {
        let (phrase, days) = entry.split_once('|')?;
        let opening = head.get(..phrase.len())?;
        if !opening.eq_ignore_ascii_case(phrase) {
            return None;
        }
        // the phrase ends there ("The next day," not "The next daylight")
        head[phrase.len()..]
            .starts_with(|c: char| !c.is_alphanumeric())
            .then(|| days.parse().ok())
            .flatten()
    })
}

/// Bytes before a "The next day" sentence within which the day it moves on from is named.
const DAY_AFTER_REACH: usize = 400;

/// Bytes before an account's sentence searched for a "The next day" opening in its paragraph.
const OPENER_SCAN: usize = 2048;

/// The longest line read as a title line above a paragraph.
const HEADING_MAX: usize = 160;

/// The line right above the paragraph starting at `paragraph_start` when it reads as a title: short
/// and not ending a sentence (blank lines between are skipped).
fn heading_above(text: &str, paragraph_start: usize) -> Option<Span> {
    // only a paragraph that starts a line has a line above it
    if paragraph_start == 0 || text.as_bytes().get(paragraph_start - 1) != Some(&b'\n') {
        return None;
    }
    // the look back is bounded (a title line is short, blank lines between few), so the work per
    // account stays bounded however long the text
    let mut from = paragraph_start.saturating_sub(HEADING_MAX * 2);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let above = text.get(from..paragraph_start)?.trim_end();
    if above.is_empty() {
        return None;
    }
    let start = match above.rfind('\n') {
        Some(i) => from + i + 1,
        None if from == 0 => 0,
        None => return None,
    };
    let above_end = from + above.len();
    let line = text.get(start..above_end)?.trim();
    let ends_sentence = line.ends_with(['.', '!', '?', ':', ';', ',', '"', '\u{201d}']);
    (line.len() <= HEADING_MAX && !line.is_empty() && !ends_sentence)
        .then(|| Span::new(start, above_end))
}

/// The phrases of [`DAY_AFTER_OPENERS`] as one automaton (ASCII case ignored), with the days each
/// moves on.
fn opener_automaton() -> Option<&'static (aho_corasick::AhoCorasick, Vec<i64>)> {
    static AUTOMATON: OnceLock<Option<(aho_corasick::AhoCorasick, Vec<i64>)>> = OnceLock::new();
    AUTOMATON
        .get_or_init(|| {
            let (phrases, days): (Vec<&str>, Vec<i64>) = DAY_AFTER_OPENERS
                .iter()
                .filter_map(|entry| {
                    let (phrase, days) = entry.split_once('|')?;
                    Some((phrase, days.parse::<i64>().ok()?))
                })
                .unzip();
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(phrases)
                .ok()
                .map(|ac| (ac, days))
        })
        .as_ref()
}

/// True when byte `at` starts a sentence: the text's start, a line's start, or after a full stop,
/// "!" or "?" and white space.
fn starts_sentence(text: &str, at: usize) -> bool {
    let head = &text[..at];
    let trimmed = head.trim_end();
    if trimmed.len() == head.len() {
        return at == 0;
    }
    trimmed.is_empty() || head[trimmed.len()..].contains('\n') || trimmed.ends_with(['.', '!', '?'])
}

/// Every sentence start of `text` (see [`starts_sentence`]) that opens by moving on from the day
/// named before it ("The next day, …"): its byte offset and the days it moves on, in text order.
/// Found once per report.
pub fn day_after_openings(text: &str) -> Vec<(usize, i64)> {
    let Some((automaton, days)) = opener_automaton() else {
        return Vec::new();
    };
    automaton
        .find_iter(text)
        .filter(|m| {
            // the phrase ends there ("The next day," not "The next daylight")
            text[m.end()..].starts_with(|c: char| !c.is_alphanumeric())
                && starts_sentence(text, m.start())
        })
        .filter_map(|m| Some((m.start(), *days.get(m.pattern().as_usize())?)))
        .collect()
}

/// The last of `openings` (see [`day_after_openings`]) between `from` and `to`, within
/// [`OPENER_SCAN`] bytes of `to`.
fn last_opener(openings: &[(usize, i64)], from: usize, to: usize) -> Option<(usize, i64)> {
    let lo = from.max(to.saturating_sub(OPENER_SCAN));
    let before_to = openings.partition_point(|&(at, _)| at < to);
    openings[..before_to]
        .last()
        .copied()
        .filter(|&(at, _)| at >= lo)
}

/// How many date mentions before and after an account's sentence are weighed for its date (and
/// how many from the report's start for its lead date): far more than a report names, and a
/// bound on the work per account in a text that repeats dates.
const MENTION_WINDOW: usize = 256;

/// How far back (bytes) the start of an account's paragraph is looked for.
const PARAGRAPH_WINDOW: usize = 16 * 1024;

/// The days the event must lie in: from the first day of its stated date's period (when the text
/// states one) to the day the report was published (harm is reported after it happens).
pub fn window(date: Option<&EventDate>, published: Option<NaiveDate>) -> DateWindow {
    DateWindow {
        earliest: date.map(|d| d.date.clone()),
        latest: published.map(iso_date),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn first(text: &str, reference: &str) -> Option<(String, u8)> {
        find_mentions(text, Some(d(reference)))
            .first()
            .map(|m| (m.date.to_string(), m.precision))
    }

    #[test]
    fn iso_dates_are_formatted_as_chrono_does() {
        for (y, m, day) in [
            (2017, 3, 7),
            (1, 1, 1),
            (0, 12, 31),
            (9999, 12, 31),
            (-5, 2, 3),
            (12345, 6, 7),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
            assert_eq!(iso_date(date), date.format("%Y-%m-%d").to_string());
        }
    }

    #[test]
    fn a_month_after_a_day_is_a_whole_word() {
        // "12 martyrs" (a gloss of Arabic "شهيدا"), "2 Marines", "3 mayors" are no dates
        for text in [
            "12 martyrs were buried.",
            "2 Marines died.",
            "3 mayors spoke.",
        ] {
            assert_eq!(first(text, "2024-06-01"), None, "{text}");
        }
        assert_eq!(
            first("On 12 Mar. a strike hit.", "2024-06-01"),
            Some(("2024-03-12".to_string(), 1))
        );
        assert_eq!(
            first("on 12 March", "2024-06-01"),
            Some(("2024-03-12".to_string(), 1))
        );
    }

    #[test]
    fn absolute_forms() {
        for t in [
            "on March 17, 2017",
            "on 17 March 2017",
            "on 2017-03-17",
            "on Mar. 17, 2017",
            "on March 17th, 2017",
        ] {
            assert_eq!(
                first(t, "2017-04-01"),
                Some(("2017-03-17".into(), 1)),
                "{t}"
            );
        }
        assert_eq!(
            first("in March 2017", "2017-04-01"),
            Some(("2017-03-01".into(), 4))
        );
        assert_eq!(
            first("a strike in 2015", "2017-04-01"),
            Some(("2015-01-01".into(), 5))
        );
    }

    #[test]
    fn a_weekday_before_a_day_and_month_is_part_of_that_date() {
        // the day and month name the date; the weekday is not resolved on its own against the
        // reference (a Tuesday before 2017-03-21 is the 21st itself)
        for t in [
            "were killed on Friday 17 March",
            "were killed on Friday, March 17",
            "were killed Friday 17 March 2017",
        ] {
            assert_eq!(
                first(t, "2017-03-21"),
                Some(("2017-03-17".into(), 1)),
                "{t}"
            );
        }
    }

    #[test]
    fn relative_forms() {
        // 2017-03-19 was a Sunday
        assert_eq!(
            first("on Thursday", "2017-03-19"),
            Some(("2017-03-16".into(), 1))
        );
        assert_eq!(
            first("on Sunday", "2017-03-19"),
            Some(("2017-03-19".into(), 1))
        );
        assert_eq!(
            first("yesterday", "2017-03-19"),
            Some(("2017-03-18".into(), 1))
        );
        assert_eq!(
            first("last week", "2017-03-19"),
            Some(("2017-03-06".into(), 3))
        );
        assert_eq!(
            first("earlier this month", "2017-03-19"),
            Some(("2017-03-01".into(), 4))
        );
        assert_eq!(
            first("March 17th of this year", "2017-03-19"),
            Some(("2017-03-17".into(), 1))
        );
        assert_eq!(
            first("three days ago", "2017-03-19"),
            Some(("2017-03-16".into(), 1))
        );
        // "last" before a weekday that opens a full date is part of that date
        assert_eq!(
            first("last Tuesday, March 7, the strike", "2017-03-19"),
            Some(("2017-03-07".into(), 1))
        );
        // "overnight" before the day it names is that day's night
        assert_eq!(
            first("killed overnight Saturday in", "2017-03-19"),
            Some(("2017-03-18".into(), 1))
        );
        assert_eq!(
            first("killed overnight on 2 March in", "2017-03-19"),
            Some(("2017-03-02".into(), 1))
        );
        assert_eq!(
            first("killed overnight in", "2017-03-19"),
            Some(("2017-03-19".into(), 1))
        );
        // a month-day after the reference belongs to the year before
        assert_eq!(
            first("on December 30", "2017-01-02"),
            Some(("2016-12-30".into(), 1))
        );
        // a day of the month alone is the last such day, this month or the one before, but not
        // a noun's ordinal or count
        assert_eq!(
            first("killed on the 15th in the camp", "2017-03-19"),
            Some(("2017-03-15".into(), 1))
        );
        assert_eq!(
            first("killed on the 28th.", "2017-03-19"),
            Some(("2017-02-28".into(), 1))
        );
        assert_eq!(
            first("On the 15th, an attack killed 7 civilians.", "2017-03-19"),
            Some(("2017-03-15".into(), 1))
        );
        assert_eq!(first("on the 15th anniversary", "2017-03-19"), None);
        assert_eq!(first("based on the 3 reports", "2017-03-19"), None);
        // with its month after it, the day and month
        assert_eq!(
            first("killed on the 15th of March 2016", "2017-03-19"),
            Some(("2016-03-15".into(), 1))
        );
        assert_eq!(
            first("killed on the 15 March 2016", "2017-03-19"),
            Some(("2016-03-15".into(), 1))
        );
    }

    #[test]
    fn speech_dates_are_not_event_dates() {
        let text = "Town mourns its dead\nA strike hit the town last week. The military said on Sunday 61 bodies had been recovered.";
        let mentions = find_mentions(text, Some(d("2017-03-20")));
        assert_eq!(mentions.len(), 2);
        assert!(!mentions[0].speech && mentions[1].speech);
        let second = Span::new(text.find("The military").unwrap_or(0), text.len());
        let ev = event_date(
            text,
            &mentions,
            second,
            second,
            Some((d("2017-03-20"), false)),
        );
        assert_eq!(
            ev.map(|e| (e.date, e.precision, e.basis)),
            Some(("2017-03-13".into(), 3, DateBasis::Context))
        );
    }

    #[test]
    fn the_next_day_is_a_day_after_the_day_named_just_before() {
        let text = "A drone hit a wedding on March 16, 2017. The next day, a strike on a market \
                    killed 20 people.";
        let mentions = find_mentions(text, Some(d("2017-03-20")));
        let start = text.find("The next").unwrap_or(0);
        let second = Span::new(start, text.len());
        let ev = event_date(
            text,
            &mentions,
            second,
            second,
            Some((d("2017-03-20"), false)),
        );
        assert_eq!(ev.map(|e| e.date), Some("2017-03-17".into()));
        assert_eq!(days_after_opening("Two days later, 5 died."), Some(2));
        // and back: the day before the day named
        assert_eq!(days_after_opening("The day before, 5 died."), Some(-1));
    }

    #[test]
    fn a_clause_is_read_back_in_characters() {
        assert_eq!(chars_before("abcdef", 4, 2), "cd");
        assert_eq!(chars_before("abcdef", 4, 10), "abcd");
        assert_eq!(chars_before("اب cd", 7, 4), "ب cd");
        assert_eq!(chars_before("abc", 2, 0), "");
        // a date closing a long clause in words of another script, then "according to … reported",
        // still dates the harm the clause reports
        let text = "Killed 9 civilians, including 4 children and two women, and injured 15 others بجروح متفاوتة, as a result of shelling missile لقوات النظام استهدف the town of سرمين in the countryside of إدلب الشرقي, مساء Wednesday, according to ما reported به المرصد.";
        let start = text.find("Wednesday").expect("date");
        assert!(!is_speech(text, start, start + "Wednesday".len()));
        assert_eq!(days_after_opening("The next daylight raid"), None);
    }

    #[test]
    fn dates_of_earlier_events_named_in_passing_are_not_event_dates() {
        let text = "The strike killed a commander, one of the leaders of the raids in the north on 3 May. \
                    Officials said 12 civilians died in the strike on Tuesday.";
        let mentions = find_mentions(text, Some(d("2024-06-14")));
        let kept: Vec<_> = mentions
            .iter()
            .filter(|m| !m.speech)
            .map(|m| m.date.to_string())
            .collect();
        assert_eq!(kept, ["2024-06-11"]);
    }

    #[test]
    fn a_date_closing_the_harm_clause_is_the_events() {
        let text = "Shelling killed four people on Sunday, a border official said.";
        let mentions = find_mentions(text, Some(d("2024-03-11")));
        assert_eq!(
            mentions.iter().map(|m| m.speech).collect::<Vec<_>>(),
            [false]
        );
        let text = "“Quoted.” On Sunday, the ministry said four people were killed.";
        let mentions = find_mentions(text, Some(d("2024-03-11")));
        assert_eq!(
            mentions.iter().map(|m| m.speech).collect::<Vec<_>>(),
            [true]
        );
    }

    #[test]
    fn a_day_after_the_attack_dates_the_attack() {
        let text = "The announcement came on Sunday, a day after the attack killed 12 people.";
        let mentions = find_mentions(text, Some(d("2015-10-05")));
        let found: Vec<_> = mentions
            .iter()
            .map(|m| (m.date.to_string(), m.speech))
            .collect();
        assert_eq!(found, [("2015-10-03".to_string(), false)]);
    }

    #[test]
    fn bylines_date_the_page() {
        let text =
            "Headline\nBy Jane Doe and John Roe in London January 16, 2023\nA strike killed 30.";
        let mentions = find_mentions(text, None);
        assert!(mentions.iter().all(|m| m.speech));
    }

    #[test]
    fn bylines_and_datelines_are_looked_for_on_short_lines_only() {
        assert_eq!(
            short_line_around("ab\nPublished 16 May\ncd", 13, 19, 120),
            Some((3, 19))
        );
        assert_eq!(short_line_around("16 May", 0, 6, 120), Some((0, 6)));
        let long = format!("{} 16 May {}", "a".repeat(150), "b".repeat(150));
        assert_eq!(short_line_around(&long, 151, 157, 120), None);
        let long_end = format!("x\n16 May {}", "b".repeat(150));
        assert_eq!(short_line_around(&long_end, 2, 8, 120), None);
        // a "By …" line is a byline up to 119 bytes, not at the limit
        for (len, byline) in [(119, true), (120, false)] {
            let line = format!("By {} 16 May 2023\nA strike.", "J".repeat(len - 15));
            let start = line.find("16 May").unwrap_or(0);
            assert_eq!(is_byline(&line, start, start + 11), byline, "{len}");
        }
        // a dateline whose place starts far back on its line is not looked for
        let far = format!("{}BAMAKO, March 30 -- A strike.", " ".repeat(300));
        assert!(!is_dateline(&far, 308, 316));
        assert!(is_dateline("BAMAKO, March 30 -- A strike.", 8, 16));
        // many dates on one line: none dates the page
        let line = "on 2 April 2017 the shelling went on, ".repeat(2_000);
        let mentions = find_mentions(&format!("{line}killing 4."), Some(d("2017-04-03")));
        assert!(mentions.len() >= 2_000 && mentions.iter().all(|m| !m.speech));
    }

    #[test]
    fn wire_datelines_date_the_dispatch() {
        for text in [
            "BAMAKO, March 30 (Agency) -- The mission on Tuesday released its report on a strike.",
            "GAZA CITY, Palestine, 12 May 2021 — A strike killed 30.",
        ] {
            let mentions = find_mentions(text, Some(d("2021-05-13")));
            assert!(
                !mentions.is_empty() && mentions.iter().all(|m| m.speech),
                "{text}"
            );
        }
        // nor, when the report has no date, the month and day kept for linking
        let text =
            "TRIPOLI, Aug 7 (Agency) -- An air strike killed 40 people in the town on Sunday.";
        let scanned = scan(text);
        assert_eq!(
            month_day_without_year(text, &scanned, Span::new(0, text.len())),
            None
        );
        // a city in title case whose date closes its own sentence dates the dispatch too, and
        // dates the page when the report has no publication date
        let text = "Bogotá, 15 November 2025. The attack took place on November 11.";
        let start = text.find("15").unwrap_or(0);
        assert!(is_dateline(text, start, start + "15 November 2025".len()));
        assert_eq!(reference_date(text, None), Some((d("2025-11-15"), false)));
        let mentions = find_mentions(text, reference_date(text, None).map(|r| r.0));
        assert!(mentions
            .iter()
            .any(|m| !m.speech && m.date == d("2025-11-11")));
        // but not after a clause's opening word, nor when the sentence goes on
        for text in [
            "In Bamako, 15 November 2025. The attack took place.",
            "Bogotá, 15 November 2025 was a quiet day.",
        ] {
            let start = text.find("15").unwrap_or(0);
            assert!(!is_dateline(text, start, start + 16), "{text}");
        }
        // a speech verb closing the sentence before does not make the next one's date speech
        let text =
            "A strike killed 30 people, officials said.\n\nOn Thursday, a bomb killed 20 people.";
        let mentions = find_mentions(text, Some(d("2019-09-24")));
        assert!(mentions.len() == 1 && !mentions[0].speech, "{mentions:?}");
        // a date after an ordinary clause is not a dateline
        let mentions = find_mentions(
            "In Bamako, March 30 - the day of the strike - was calm.",
            Some(d("2021-04-01")),
        );
        assert!(mentions.iter().any(|m| !m.speech));
    }

    #[test]
    fn an_anniversary_columns_today_is_not_the_event_day() {
        let text = "Today in Gulf history: the shelter bombing\nOn February 13, 1991, bombs hit \
                    the shelter. Rescuers found 300 bodies.";
        let context = crate::ReportContext {
            published: Some(d("2016-02-13")),
            gazetteer: None,
            lang: None,
            url: None,
        };
        let accounts = crate::extract_report(text, &context);
        let dates: Vec<_> = accounts
            .iter()
            .map(|a| a.date.as_ref().map(|e| e.date.clone()))
            .collect();
        assert_eq!(dates, [Some("1991-02-13".to_string())]);
    }

    #[test]
    fn month_and_day_without_any_year_are_kept_for_linking() {
        let text =
            "Strike in the old city\nOn March 17th an air strike killed 12 people, officials said.";
        let scanned = scan(text);
        assert_eq!(reference_from(text, &scanned, None, None), None);
        let sentence = Span::new(23, text.len());
        assert_eq!(
            month_day_without_year(text, &scanned, sentence),
            Some(MonthDay { month: 3, day: 17 })
        );
        // day first, after a weekday, as European and glossed reports write it
        let text = "Drones struck the town yesterday, Sunday 25 August, killing 21 civilians.";
        let scanned = scan(text);
        assert_eq!(
            month_day_without_year(text, &scanned, Span::new(0, text.len())),
            Some(MonthDay { month: 8, day: 25 })
        );
        // but not bare, as another event's name in passing, nor in the next sentence
        let text = "The strike killed a commander who led the attack of 7 October.";
        let scanned = scan(text);
        assert_eq!(
            month_day_without_year(text, &scanned, Span::new(0, text.len())),
            None
        );
        let text = "Drones struck on Sunday 25 August. Later, 21 civilians were found dead.";
        let scanned = scan(text);
        let second = Span::new(text.find("Later").unwrap_or(0), text.len());
        assert_eq!(month_day_without_year(text, &scanned, second), None);
    }

    #[test]
    fn a_news_address_dates_a_report_without_a_publication_date() {
        assert_eq!(
            date_in_url("https://news.example/world/2016/03/16/strike-on-market"),
            Some(UrlDate::Day(d("2016-03-16")))
        );
        assert_eq!(
            date_in_url("https://blog.example/2019/08/drone-strike-on-a-wedding/"),
            Some(UrlDate::Month(d("2019-08-31")))
        );
        for url in [
            "https://news.example/story/1830767",
            "https://news.example/2019/13/x",
            "https://2016.example/03/16/x",
            "https://news.example/a?from=/2016/03/16/",
            "not a url",
        ] {
            assert_eq!(date_in_url(url), None, "{url}");
        }
        // the address's day is the publication day: "on Tuesday" is the Tuesday before it
        let text = "An air strike on Tuesday killed 12 people, officials said.";
        let scanned = scan(text);
        let by_day = date_in_url("https://news.example/2016/03/17/a");
        assert_eq!(
            reference_from(text, &scanned, None, by_day),
            Some((d("2016-03-17"), false))
        );
        // a month alone is a guess, and a full date in the text is a better one
        let by_month = date_in_url("https://news.example/2016/03/a");
        assert_eq!(
            reference_from(text, &scanned, None, by_month),
            Some((d("2016-03-31"), true))
        );
        let text = "The strike of March 15, 2016 killed 12 people. On Tuesday, more died.";
        let scanned = scan(text);
        assert_eq!(
            reference_from(text, &scanned, None, by_month),
            Some((d("2016-03-15"), true))
        );
    }

    #[test]
    fn a_month_and_day_whose_year_is_guessed_dates_its_own_sentence() {
        // no publication date: the reference is guessed from the text's latest full date
        let text =
            "A bomb dropped on the night of June 2 killed about 70 people, the minister wrote. \
                    On Tuesday rescuers were still searching. \
                    In another strike on Sept. 20, 2015, four civilians were killed.";
        let scanned = scan(text);
        let reference = reference_from(text, &scanned, None, None);
        assert_eq!(reference, Some((d("2015-09-20"), true)));
        let mentions = resolve_mentions(text, &scanned, reference.map(|(r, _)| r));
        let date_of = |sentence: &str| {
            let start = text.find(sentence).unwrap_or(0);
            let span = Span::new(start, start + sentence.len());
            event_date(text, &mentions, span, span, reference).map(|e| e.date)
        };
        assert_eq!(
            date_of(
                "A bomb dropped on the night of June 2 killed about 70 people, the minister wrote."
            ),
            Some("2015-06-02".to_string())
        );
        // a weekday against a guessed reference still says nothing: the sentence takes the
        // report's next stated day, not the Tuesday before 20 September
        assert_eq!(
            date_of("On Tuesday rescuers were still searching."),
            Some("2015-09-20".to_string())
        );
    }

    #[test]
    fn a_fixed_day_holiday_is_its_month_and_day() {
        // published Friday 20 January 2017: the last Christmas Eve before it
        assert_eq!(
            dated("On Christmas Eve, an air strike on the camp killed 70 people."),
            Some("2016-12-24".to_string())
        );
        assert_eq!(
            dated("The shelling on New Year’s Day killed four people."),
            Some("2017-01-01".to_string())
        );
        assert_eq!(
            first("a strike on Christmas Day 2015 killed nine", "2017-01-20"),
            Some(("2015-12-25".to_string(), 1))
        );
        // without any year, it is kept for linking as "December 24" would be
        let text = "A strike on the camp on Christmas Eve killed 70 people.";
        let scanned = scan(text);
        assert_eq!(
            month_day_without_year(text, &scanned, Span::new(0, text.len())),
            Some(MonthDay { month: 12, day: 24 })
        );
        // a name that only begins like one is none
        assert_eq!(first("Christmas Evening Post said", "2017-01-20"), None);
    }

    #[test]
    fn toll_updates_are_not_event_dates() {
        let text = "A missile hit the block on Saturday. The toll continued to rise on Monday.";
        let mentions = find_mentions(text, Some(d("2023-01-17")));
        assert_eq!(
            mentions.iter().map(|m| m.speech).collect::<Vec<_>>(),
            vec![false, true]
        );
        let text = "As of January 16, 2023, 30 people were confirmed dead.";
        assert!(find_mentions(text, None).iter().all(|m| m.speech));
        // the time a count was taken at, however precisely its hour is given
        let text =
            "As of 6 a.m. on June 28, 16 people were dead. As at 20:00 local time on Tuesday, 9.";
        assert!(find_mentions(text, Some(d("2022-06-29")))
            .iter()
            .all(|m| m.speech));
        // "as" far from the date, or other words between, change nothing
        let text = "As rescuers dug, a missile hit the mall on June 27, killing 16.";
        assert!(find_mentions(text, Some(d("2022-06-29")))
            .iter()
            .all(|m| !m.speech));
    }

    #[test]
    fn reference_is_inferred_when_unpublished() {
        let text = "Written on 4 June 2015. The raid on Tuesday killed 70.";
        assert_eq!(reference_date(text, None), Some((d("2015-06-04"), true)));
        assert_eq!(reference_date("Nothing dated here.", None), None);
        assert_eq!(
            reference_date("Years later, in 2019, it was known.", None),
            Some((d("2019-07-01"), true))
        );
        // a period's start does not date the text
        assert_eq!(
            reference_date(
                "Shelling has gone on since 2014. It hit earlier this month.",
                None
            ),
            None
        );
    }

    #[test]
    fn the_pages_own_date_line_dates_an_unpublished_page() {
        // a month on its own line at the head: the page was written by the end of that month
        let text = "May 2019\n\nWritten by a monitor\n\nA strike on March 18th killed 40 people.";
        assert_eq!(reference_date(text, None), Some((d("2019-05-31"), false)));
        let reference = reference_date(text, None);
        let mentions = find_mentions(text, reference.map(|(r, _)| r));
        let at = text.find("A strike").unwrap_or(0);
        let sentence = Span::new(at, text.len());
        let ev = event_date(text, &mentions, sentence, sentence, reference);
        assert_eq!(ev.map(|e| e.date), Some("2019-03-18".to_string()));
        let text = "Published 16 January 2023\nThe raid on Tuesday killed 70.";
        assert_eq!(reference_date(text, None), Some((d("2023-01-16"), false)));
        // a date inside a sentence at the head is no date line
        let text = "On 16 January 2023 a raid killed 70. Officials spoke on Tuesday.";
        assert_eq!(reference_date(text, None), Some((d("2023-01-16"), true)));
    }

    #[test]
    fn a_weekday_is_not_resolved_against_a_guessed_reference() {
        // no publication date: the year the war began does not say which Tuesday
        let text = "Air strikes killed 41 people on Tuesday. The war began in March 2015.";
        let reference = reference_date(text, None);
        assert!(reference.is_some_and(|(_, inferred)| inferred));
        let mentions = find_mentions(text, reference.map(|(r, _)| r));
        let first = Span::new(0, text.find(". The").unwrap_or(0) + 1);
        let ev = event_date(text, &mentions, first, first, reference);
        assert!(
            ev.is_none_or(|e| e.basis == DateBasis::Publication),
            "the weekday dated it"
        );
        // with the publication date it is the Tuesday before it
        let published = d("2016-03-17");
        let mentions = find_mentions(text, Some(published));
        let ev = event_date(text, &mentions, first, first, Some((published, false)));
        assert_eq!(ev.map(|e| e.date), Some("2016-03-15".to_string()));
    }

    #[test]
    fn an_attack_years_ago_is_not_dated_by_a_later_day() {
        // the ruling was on Thursday; the air strike it is about was years before
        let text = "A court on Thursday rejected claims by relatives of victims of an air strike \
                    seven years ago that killed 90 people. The court found against a father who \
                    lost two children.";
        let published = d("2016-10-07");
        let mentions = find_mentions(text, Some(published));
        let first = Span::new(0, text.find(" The court").unwrap_or(0));
        let second = Span::new(first.end + 1, text.len());
        // the attack's own sentence has no day at all, not even the publication's
        let ev = event_date(text, &mentions, first, first, Some((published, false)));
        assert_eq!(ev, None);
        // the next sentence is bounded by the publication only: Thursday dates the ruling
        let ev = event_date(text, &mentions, second, second, Some((published, false)));
        assert_eq!(ev.map(|e| e.basis), Some(DateBasis::Publication));
        // without the elapsed time, Thursday is the day of the strike
        let text = "An air strike on Thursday killed 90 people.";
        let mentions = find_mentions(text, Some(published));
        let all = Span::new(0, text.len());
        let ev = event_date(text, &mentions, all, all, Some((published, false)));
        assert_eq!(ev.map(|e| e.date), Some("2016-10-06".to_string()));
    }

    /// The date `event_date` gives the sentence of `text` that starts with `start`.
    fn dated_sentence(text: &str, start: &str, published: &str) -> Option<String> {
        let published = d(published);
        let mentions = find_mentions(text, Some(published));
        let from = text.find(start)?;
        let end = text[from..].find(". ").map_or(text.len(), |i| from + i + 1);
        let sentence = Span::new(from, end);
        event_date(
            text,
            &mentions,
            sentence,
            sentence,
            Some((published, false)),
        )
        .map(|e| e.date)
    }

    #[test]
    fn a_dated_title_line_dates_the_paragraph_under_it() {
        // an illustrative roundup: each numbered section has its own day
        let text = "A month of strikes\n\n1. Northtown (4 May)\nOn the night of 4 May, jets hit a \
                    farm. Monitors counted 12 dead.\n\n2. Southtown (5 May 2019)\nThe next day, a \
                    strike hit a market. Officials said 30 people died.\n";
        assert_eq!(
            dated_sentence(text, "Officials said", "2019-05-20"),
            Some("2019-05-05".to_string())
        );
        assert_eq!(
            dated_sentence(text, "The next day", "2019-05-20"),
            Some("2019-05-05".to_string())
        );
        assert_eq!(
            dated_sentence(text, "Monitors counted", "2019-05-20"),
            Some("2019-05-04".to_string())
        );
    }

    #[test]
    fn the_rest_of_a_paragraph_opened_by_the_next_day_is_that_day() {
        let text = "On 4 May, jets hit a farm near Northtown, killing 12.\nThe next day, a strike \
                    hit a market in Southtown. Officials said 30 people died. On 9 May the toll \
                    was 31.\n";
        assert_eq!(
            dated_sentence(text, "Officials said", "2019-05-20"),
            Some("2019-05-05".to_string())
        );
        // a day named after the opening is the paragraph's new day
        assert_eq!(
            dated_sentence(text, "On 9 May", "2019-05-20"),
            Some("2019-05-09".to_string())
        );
    }

    /// Each `(text, day)`: the date `dated` gives the text (published Friday 20 January 2017).
    fn assert_dated(cases: &[(&str, Option<&str>)]) {
        for &(text, day) in cases {
            assert_eq!(dated(text).as_deref(), day, "{text}");
        }
    }

    #[test]
    fn a_later_events_day_that_came_days_after_an_attack_dates_the_attack_before_it() {
        assert_dated(&[
            // published Friday 20 January 2017: Sunday is the 15th
            (
                "Sunday's strike came three days after a rebel car bombing killed 40 people.",
                Some("2017-01-12"),
            ),
            (
                "On Sunday, a day after the attack, officials said 40 people died.",
                Some("2017-01-14"),
            ),
            // a harm verb before the day makes it its own strike's day
            (
                "An air strike killed 12 people on Sunday, two days after a raid on the town.",
                Some("2017-01-15"),
            ),
            // no attack after "days after": the day stays
            (
                "Sunday's strike came three days after talks collapsed, killing 40 people.",
                Some("2017-01-15"),
            ),
        ]);
    }

    #[test]
    fn a_short_line_telling_of_harm_is_no_byline() {
        assert_dated(&[
            // published Friday 20 January 2017
            (
                "Report\nTwelve people died on Tuesday.\nMore later.",
                Some("2017-01-17"),
            ),
            // a date alone with a few words on its line is still the page's
            ("Report\nPosted Tuesday 17 January 2017\nMore later.", None),
        ]);
    }

    #[test]
    fn a_date_in_a_clause_about_another_act_is_not_the_harms() {
        assert_dated(&[
            // published Friday 20 January 2017
            ("He carried out six dead people before he left the town with his mother on Tuesday.", None),
            ("Six people died after they were wounded on Tuesday.", Some("2017-01-17")),
            ("Six people were killed on Tuesday before they could flee.", Some("2017-01-17")),
        ]);
    }

    #[test]
    fn a_date_before_an_attribution_set_off_by_a_comma_is_the_harms() {
        assert_dated(&[
            // published Friday 20 January 2017
            (
                "Four people died of their wounds Tuesday, said the ministry.",
                Some("2017-01-17"),
            ),
            ("The ministry on Tuesday said four people died.", None),
        ]);
    }

    #[test]
    fn openings_that_move_on_a_day_are_found_at_sentence_starts_only() {
        let text = "A strike hit on 4 May. The next day, another. He said the next day was calm.\n\
                    the day before, a raid. The next daylight came.";
        let found = day_after_openings(text);
        let at = |s: &str| text.find(s).unwrap_or(usize::MAX);
        assert_eq!(
            found,
            vec![(at("The next day,"), 1), (at("the day before"), -1)]
        );
    }

    #[test]
    fn elapsed_time_counts_only_after_an_attack_noun() {
        assert_eq!(
            elapsed_before("an air strike seven years ago"),
            Some(7 * 365 - 182)
        );
        assert_eq!(elapsed_before("the raids a decade ago"), Some(3650 - 1825));
        assert_eq!(elapsed_before("the bombing 3 months ago"), Some(90 - 15));
        // the campaign's start, not an attack
        assert_eq!(
            elapsed_before("since it began its campaign against the group two years ago"),
            None
        );
        assert_eq!(elapsed_before("an air strike on Monday"), None);
    }

    /// The date `event_date` gives the one account spanning the whole text, published on
    /// Friday 20 January 2017.
    fn dated(text: &str) -> Option<String> {
        let published = d("2017-01-20");
        let mentions = find_mentions(text, Some(published));
        let all = Span::new(0, text.len());
        event_date(text, &mentions, all, all, Some((published, false)))
            .filter(|e| e.basis != DateBasis::Publication)
            .map(|e| e.date)
    }

    #[test]
    fn a_date_naming_the_attack_after_a_speech_verb_dates_it() {
        // published Friday 20 January 2017
        assert_eq!(
            dated("The army admits Jan. 14 Mosul air strike killed 12 civilians."),
            Some("2017-01-14".to_string())
        );
        // "said Sunday that the strike …": Sunday is when it was said
        assert_eq!(
            dated("The army said Sunday that the strike killed 12 civilians."),
            None
        );
        assert!(names_attack_after(" Kabul drone strike killed", 0));
        assert!(!names_attack_after(" that the strike killed", 0));
    }

    #[test]
    fn a_statement_or_an_aftermath_does_not_date_the_harm() {
        // the day a speaker spoke, placed before the verb
        assert_eq!(
            dated("The army on Thursday said the strike killed 12 people."),
            None
        );
        assert_eq!(
            dated("The charity on Thursday put the death toll at over 170."),
            None
        );
        // the bounds of a period are not the day of the harm
        assert_eq!(
            dated("A mission was deployed from 4 January to 20 February 2017. It found 22 people were killed."),
            None
        );
        // a date before a statement noun: the statement's day
        assert_eq!(
            dated("The army said in a January 12 statement that the strike killed 12 people."),
            None
        );
        assert_eq!(
            dated("At a Thursday briefing, officials said 12 people were killed."),
            None
        );
        // the day victims were discharged or buried
        assert_eq!(
            dated("Of the 40 injured, five were discharged on Thursday."),
            None
        );
        // a toll update: "rose to 54 Thursday"
        assert_eq!(dated("The death toll rose to 54 Thursday."), None);
        // the harm's own day is kept
        assert_eq!(
            dated("The strike killed 12 people on Tuesday, the army said."),
            Some("2017-01-17".to_string())
        );
        assert_eq!(
            dated("The toll of Tuesday's bombing rose to 54 on Thursday."),
            Some("2017-01-17".to_string())
        );
    }

    #[test]
    fn a_weekend_strike_is_dated_to_the_weekend_before_publication() {
        // published on Friday 20 January 2017
        assert_eq!(
            dated("Dozens of militants were killed in a weekend airstrike."),
            Some("2017-01-14".to_string())
        );
    }

    #[test]
    fn the_window_runs_from_the_stated_day_to_publication() {
        let stated = EventDate {
            date: "2016-03-15".into(),
            precision: 1,
            basis: DateBasis::Sentence,
            phrase: None,
            reference_inferred: false,
        };
        let w = window(Some(&stated), Some(d("2016-03-17")));
        assert_eq!(w.earliest.as_deref(), Some("2016-03-15"));
        assert_eq!(w.latest.as_deref(), Some("2016-03-17"));
        assert!(w.admits("2016-03-16") && !w.admits("2016-03-18"));
        assert!(window(None, None).is_open());
    }

    #[test]
    fn a_day_earlier_in_the_paragraph_is_nearer_than_the_lead() {
        let text = "Drone strike kills 10\nA drone strike on Aug. 29 killed 10 people.\nIt came \
                    after a bomber struck the airport gate on Aug. 26. At least 170 civilians died.";
        let reference = d("2021-09-18");
        let mentions = find_mentions(text, Some(reference));
        let last = Span::new(text.find("At least").unwrap_or(0), text.len());
        let ev = event_date(text, &mentions, last, last, Some((reference, false)));
        assert_eq!(ev.map(|e| e.date), Some("2021-08-26".into()));
        // on a line of its own, an undated account takes the lead's day
        let text = "Drone strike kills 10\nA drone strike on Aug. 29 killed 10 people.\nIt came \
                    after a bomber struck the airport gate on Aug. 26.\nAt least 9 were children.";
        let mentions = find_mentions(text, Some(reference));
        let last = Span::new(text.find("At least").unwrap_or(0), text.len());
        let ev = event_date(text, &mentions, last, last, Some((reference, false)));
        assert_eq!(ev.map(|e| e.date), Some("2021-08-29".into()));
    }

    #[test]
    fn of_a_sentences_dates_the_one_after_the_harm_verb_wins() {
        let text = "Relatives gathered on Monday to bury the 10 people who were killed yesterday.";
        let reference = d("2021-08-30");
        let mentions = find_mentions(text, Some(reference));
        let all = Span::new(0, text.len());
        let ev = event_date(text, &mentions, all, all, Some((reference, false)));
        assert_eq!(
            ev.map(|e| (e.date, e.phrase)),
            Some(("2021-08-29".into(), Some("yesterday".into())))
        );
    }

    #[test]
    fn last_week_is_refined_by_a_day_of_the_week_before() {
        let text = "About 300 people were killed when the theatre was bombed last week, the \
                    council said on Friday. It was the first estimate of the toll from the 16 \
                    March attack.";
        let reference = d("2022-03-26");
        let mentions = find_mentions(text, Some(reference));
        // "the 16 March attack" names the event the toll is of, not another one
        let named = mentions.iter().find(|m| m.date == d("2022-03-16"));
        assert!(named.is_some_and(|m| !m.speech), "{mentions:?}");
        let first = Span::new(0, text.find(" It was").unwrap_or(0));
        let ev = event_date(text, &mentions, first, first, Some((reference, false)));
        assert_eq!(
            ev.map(|e| (e.date, e.precision, e.basis)),
            Some(("2022-03-16".into(), 1, DateBasis::Context))
        );
    }

    #[test]
    fn a_date_far_into_the_harm_clause_before_a_speaker_is_the_events() {
        let text = "A strike on a mosque in the village killed at least 42 people, most of them \
                    civilians, as worshippers gathered for evening prayers on Thursday, a war \
                    monitor said.";
        let mentions = find_mentions(text, Some(d("2017-03-17")));
        assert_eq!(mentions.len(), 1);
        assert!(!mentions[0].speech);
        assert_eq!(mentions[0].date, d("2017-03-16"));
        // without the harm in its clause, the same date is the monitor's
        let said = find_mentions(
            "The toll was given on Thursday, a war monitor said.",
            Some(d("2017-03-17")),
        );
        assert!(said.first().is_some_and(|m| m.speech));
    }
}
