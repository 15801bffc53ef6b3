//! Harm frames: which quantities in a sentence count people killed or injured.
//!
//! Three frames are recognised, tried in this order:
//! - **active**: a harm verb right before the figure ("killing 61 civilians",
//!   "wounding scores", "claimed the lives of 12", "lost seven family members");
//! - **passive / nominal**: the figure, its noun phrase, then a harm word
//!   ("61 bodies had been recovered", "at least 35 civilian deaths",
//!   "Scores killed", "56 civilians, including 11 children, were killed");
//! - **toll**: a toll or count phrase before the figure ("the death toll rose
//!   to 43", "put the number of dead at 85", "Fatalities: 28").
//!
//! Quantities that are a subset of another figure ("including 11 children",
//! "16 of whom") or that count something other than people are dropped.

use crate::lexicon::{
    has, AMBIGUOUS_WORDS, APPOSITIVE_TALLY_WORDS, ASIDE_OPENERS, AUXILIARIES, CARE_NOUNS,
    CIVILIAN_WORDS, COMBATANT_WORDS, COUNT_HEADS, DETERMINERS, FATAL_ADVERBS, FIGURE_SETTING_VERBS,
    FRAME_BREAKERS, HARMED_GROUP_NOUNS, INCLUDE_VERBS, INJURED_WORDS, INJURE_VERBS_BEFORE,
    INVERTED_TOLL_VERBS, IN_HOSPITAL_VERBS, KILLED_WORDS, KILLING_NOUNS, KILL_VERBS_BEFORE,
    KILL_VERBS_WITH_DOWN, KIN_NOUNS, LINKING_WORDS, MEANS_OF_HARM_VERBS, MEDICAL_CARE_WORDS,
    MONTHS, NON_HARM_VERBS, NON_PEOPLE_UNITS, NOT_IN_HOSPITAL_NAMES, NUMBER_UNITS, OBJECT_FILLERS,
    PEOPLE_GROUP_NOUNS, PERSON_NOUNS, PERSON_POSSESSIVES, REFLEXIVES, SAY_VERBS, SEEK_CARE_VERBS,
    SPEECH_VERBS, TALLY_VERBS, TOLL_HEADS, WEEKDAYS,
};
use crate::quantity::Quantity;
use crate::token::{Token, TokenKind};

/// What kind of harm a figure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HarmKind {
    /// People killed.
    Killed,
    /// People injured.
    Injured,
    /// "casualties", "dead and wounded": harm without saying which.
    Casualties,
}

/// A quantity recognised as a count of harmed people.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The quantity (token indices and range).
    pub quantity: Quantity,
    /// Killed, injured or ambiguous.
    pub kind: HarmKind,
    /// Token index of the harm word that made it a figure.
    pub cue: usize,
    /// Token indices `[start, end)` of the noun phrase naming the victims.
    pub noun_phrase: (usize, usize),
    /// Token indices `[start, end)` of a descriptive aside ("– militants and civilians –").
    pub aside: Option<(usize, usize)>,
}

/// True when `w` states death, injury or casualties.
pub fn is_harm_word(w: &str) -> bool {
    has!(KILLED_WORDS, w) || has!(INJURED_WORDS, w) || has!(AMBIGUOUS_WORDS, w)
}

fn kind_of(w: &str) -> Option<HarmKind> {
    if has!(KILLED_WORDS, w) {
        Some(HarmKind::Killed)
    } else if has!(INJURED_WORDS, w) {
        Some(HarmKind::Injured)
    } else if has!(AMBIGUOUS_WORDS, w) {
        Some(HarmKind::Casualties)
    } else {
        None
    }
}

fn lower(tokens: &[Token], i: usize) -> &str {
    tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("")
}

/// The lowercase word `n` tokens before the quantity's first token, or `""`.
fn lower_before<'t>(tokens: &'t [Token], q: &Quantity, n: usize) -> &'t str {
    q.first
        .checked_sub(n)
        .map(|k| lower(tokens, k))
        .unwrap_or("")
}

fn is_dash(t: &Token) -> bool {
    t.kind == TokenKind::Punct && matches!(t.lower.as_str(), "-" | "–" | "—" | "(")
}

fn is_quote(t: &Token) -> bool {
    t.kind == TokenKind::Punct && matches!(t.lower.as_str(), "\"" | "“" | "”" | "'" | "‘" | "’")
}

/// Is the quantity a part of a larger figure ("including 11 children", "16 of whom")?
fn is_subset(tokens: &[Token], q: &Quantity, after_harm: bool) -> bool {
    let b1 = lower_before(tokens, q, 1);
    let b2 = lower_before(tokens, q, 2);
    if after_harm && b2 == "of" && matches!(b1, "whom" | "which" | "them") {
        return true;
    }
    is_part_of(tokens, q)
}

fn is_part_of(tokens: &[Token], q: &Quantity) -> bool {
    let b1 = lower_before(tokens, q, 1);
    let b2 = lower_before(tokens, q, 2);
    let b3 = lower_before(tokens, q, 3);
    if matches!(b1, "including" | "incl" | "besides" | "even") {
        return true;
    }
    // "to prevent a single civilian death" is not a count of harm
    let before = &tokens[q.first.saturating_sub(3)..q.first];
    if before.iter().any(|t| {
        matches!(
            t.lower.as_str(),
            "prevent" | "preventing" | "avoid" | "avoiding" | "minimise" | "minimize"
        )
    }) {
        return true;
    }
    if (b2 == "among" && matches!(b1, "them" | "those" | "whom")) || (b3 == "among" && b2 == "the")
    {
        return true;
    }
    if b2 == "including" && matches!(b1, "about" | "around" | "nearly" | "some" | "over") {
        return true;
    }
    let a1 = lower(tokens, q.last + 1);
    let a2 = lower(tokens, q.last + 2);
    // "three of those injured died": the part of the injured who died is a figure of its own
    let injured_who_died = a2 == "those"
        && kind_of(lower(tokens, q.last + 3)) == Some(HarmKind::Injured)
        && (q.last + 4..(q.last + 7).min(tokens.len()))
            .any(|k| kind_of(lower(tokens, k)) == Some(HarmKind::Killed));
    // "Seven of those killed were from one family": a part of the harmed opening its own sentence
    // is a figure, as "Two of the dead were children" is
    let opens_sentence = q.first == 0 || tokens[q.first - 1].is_punct('.');
    let harmed_part =
        a2 == "those" && opens_sentence && kind_of(lower(tokens, q.last + 3)).is_some();
    if a1 == "of"
        && matches!(a2, "whom" | "which" | "them" | "those")
        && !injured_who_died
        && !harmed_part
    {
        return true;
    }
    // "with six children among the dead"
    if b1 == "with" {
        let window = &tokens[q.last + 1..(q.last + 5).min(tokens.len())];
        if window.iter().any(|t| t.is("among")) {
            return true;
        }
    }
    false
}

/// Does a non-people unit follow the quantity ("75 nations", "10 years", "40%")?
fn counts_non_people(tokens: &[Token], q: &Quantity) -> bool {
    let next = lower(tokens, q.last + 1);
    has!(NON_PEOPLE_UNITS, next)
        || next.starts_with('%')
        || next.ends_with("-year-old")
        || next.ends_with("-day")
        || next.ends_with("-year")
}

/// Skips an aside that starts at `j` (", including …,", "– … –", "( … )"); returns the index after it.
fn skip_aside(tokens: &[Token], j: usize) -> Option<usize> {
    let t = tokens.get(j)?;
    let opener_dash = is_dash(t);
    // ", two of them children,", ", three of whom were women,": a part counted in an aside
    let partitive = matches!(lower(tokens, j + 2), "of")
        && matches!(lower(tokens, j + 3), "them" | "whom")
        && tokens.get(j + 1).is_some_and(|u| {
            u.kind == TokenKind::Number || has!(NUMBER_UNITS, &u.lower) || u.is("one")
        });
    let opener_comma = t.is_punct(',') && (has!(ASIDE_OPENERS, lower(tokens, j + 1)) || partitive);
    let opener_word = t.is("including");
    if !(opener_dash || opener_comma || opener_word) {
        return None;
    }
    let closer = |u: &Token| -> bool {
        if opener_dash {
            is_dash(u) || u.is_punct(')')
        } else {
            u.is_punct(',')
        }
    };
    let mut k = j + 1;
    while k < tokens.len() && k <= j + 16 {
        if closer(&tokens[k]) {
            return Some(k + 1);
        }
        if tokens[k].is_punct('.') || tokens[k].is_punct(';') {
            return None;
        }
        let w = tokens[k].lower.as_str();
        // "15 people including three children were killed, officials said": an aside opened by a
        // bare "including" ends before the clause's verb; an aside holds no harm word
        if opener_word && !opener_comma && (kind_of(w).is_some() || has!(AUXILIARIES, w)) {
            return Some(k);
        }
        if kind_of(w).is_some() {
            return None;
        }
        k += 1;
    }
    None
}

/// Outcome of scanning rightwards from a quantity.
enum RightScan {
    /// A harm word at this token, with the aside skipped on the way.
    Harm(usize, HarmKind, Option<(usize, usize)>),
    /// Stopped at "and" + another quantity at this token index.
    AndQuantity(usize),
    /// No harm word.
    None,
    /// A verb that says something other than harm ("remained missing"): no other frame applies.
    Blocked,
}

fn scan_right(tokens: &[Token], q: &Quantity, starts: &[bool]) -> RightScan {
    if counts_things_of_someone(tokens, q) {
        return RightScan::None;
    }
    let mut j = q.last + 1;
    let mut words = 0;
    let mut aside = None;
    // "raised to 40 the death toll": a figure put before the toll it gives
    let inverted =
        lower_before(tokens, q, 1) == "to" && has!(INVERTED_TOLL_VERBS, lower_before(tokens, q, 2));
    while j < tokens.len() && words <= 8 {
        let t = &tokens[j];
        let w = t.lower.as_str();
        let toll_at = if has!(TOLL_HEADS, lower(tokens, j + 1)) {
            j + 1
        } else {
            j
        };
        if inverted && has!(TOLL_HEADS, lower(tokens, toll_at)) && toll_at <= q.last + 4 {
            let kind = match lower(tokens, toll_at - 1) {
                "injury" | "injuries" => HarmKind::Injured,
                "casualty" | "casualties" => HarmKind::Casualties,
                _ => HarmKind::Killed,
            };
            return RightScan::Harm(toll_at, kind, aside);
        }
        if let Some(kind) = kind_of(w) {
            // "40 relatives of the victims gathered": the harmed are another group than the
            // one counted, which a noun before "of the" names
            let before = lower(tokens, j - 1);
            let possessor = matches!(before, "the" | "their" | "his" | "her" | "a" | "an");
            if possessor && j >= q.last + 4 && lower(tokens, j - 2) == "of" {
                return RightScan::None;
            }
            // "one commander described the casualties as huge": a harm noun with its own
            // determiner after a verb is that verb's object, not what the figure counts ("were
            // among the dead" is)
            let determined = matches!(before, "the" | "a" | "an") && j >= q.last + 3;
            if determined && !matches!(lower(tokens, j - 2), "among" | "amongst" | "of") {
                return RightScan::None;
            }
            // "dead or injured", "deaths and injuries", "dead and wounded"
            let conj = lower(tokens, j + 1);
            if matches!(conj, "and" | "or" | "/") {
                if let Some(k2) = kind_of(lower(tokens, j + 2)) {
                    if k2 != kind {
                        return RightScan::Harm(j, HarmKind::Casualties, aside);
                    }
                }
            }
            // "death toll" after a figure is not harm of that figure ("100 death toll" is rare)
            if w == "death" && has!(TOLL_HEADS, lower(tokens, j + 1)) {
                return RightScan::None;
            }
            // "three of the wounded later died", "two of those injured died overnight": the part
            // of the injured who died are killed
            let of_the_injured = kind == HarmKind::Injured
                && j == q.last + 3
                && lower(tokens, q.last + 1) == "of"
                && matches!(lower(tokens, q.last + 2), "the" | "those");
            if of_the_injured {
                // "One of the wounded, a 12-year-old girl, later died": past who they were
                let mut from = j + 1;
                if tokens.get(from).is_some_and(|t| t.is_punct(',')) {
                    if let Some(c) = (from + 1..(from + 8).min(tokens.len()))
                        .find(|&k| tokens[k].kind == TokenKind::Punct)
                        .filter(|&k| tokens[k].is_punct(','))
                    {
                        from = c + 1;
                    }
                }
                let died = (from..(from + 4).min(tokens.len()))
                    .take_while(|&k| tokens[k].kind != TokenKind::Punct)
                    .find(|&k| kind_of(lower(tokens, k)) == Some(HarmKind::Killed));
                if let Some(k) = died {
                    return RightScan::Harm(k, HarmKind::Killed, aside);
                }
            }
            // "two men were fatally wounded": an injury that killed
            if kind == HarmKind::Injured && has!(FATAL_ADVERBS, lower(tokens, j - 1)) {
                return RightScan::Harm(j, HarmKind::Killed, aside);
            }
            return RightScan::Harm(j, kind, aside);
        }
        // "seven protesters were shot and killed": how they were harmed, then the harm
        if w == "and"
            && has!(MEANS_OF_HARM_VERBS, lower(tokens, j - 1))
            && kind_of(lower(tokens, j + 1)).is_some()
        {
            j += 1;
            continue;
        }
        // "17 lives were lost"
        if w == "lost" && matches!(lower(tokens, q.last + 1), "lives" | "life") {
            return RightScan::Harm(j, HarmKind::Killed, aside);
        }
        // "lost their lives", "lost his life"
        if w == "lost"
            && matches!(lower(tokens, j + 1), "their" | "his" | "her")
            && matches!(lower(tokens, j + 2), "lives" | "life")
        {
            return RightScan::Harm(j + 2, HarmKind::Killed, aside);
        }
        if w == "in" && matches!(lower(tokens, j + 1), "critical" | "serious" | "a") {
            let cond = (j + 1..(j + 4).min(tokens.len())).any(|k| lower(tokens, k) == "condition");
            if cond {
                return RightScan::Harm(j, HarmKind::Injured, aside);
            }
        }
        // "no ‘non-combatants’ have been killed": quotation marks around the counted
        if is_quote(t) && q.zero && j <= q.last + 3 {
            j += 1;
            continue;
        }
        if let Some(after) = skip_aside(tokens, j) {
            aside = Some((j, after));
            j = after;
            continue;
        }
        // "her son, Ali, and his wife were killed": a name or an age set off by commas, then the
        // list goes on
        if let Some(c) = crate::quantity::apposition_end(tokens, j) {
            let and = c + 1;
            if tokens.get(and).is_some_and(|t| t.is("and"))
                && starts.get(and + 1).copied().unwrap_or(false)
            {
                return RightScan::AndQuantity(and + 1);
            }
            // "A boy, 12, was killed", "A man, Ahmed Ali, was wounded": the age or name of the
            // one counted is skipped
            if j == q.last + 1 {
                j = c + 1;
                continue;
            }
        }
        // "her three sisters, her mother and her father were killed": a list of kin goes on
        // after a comma
        if t.is(",") && starts.get(j + 1).copied().unwrap_or(false) {
            let kin = |k: usize| has!(PERSON_POSSESSIVES, lower(tokens, k));
            if kin(j + 1) || kin(q.first) {
                return RightScan::AndQuantity(j + 1);
            }
            // "two civilians, a man and a woman, were killed": who the counted were, set off
            // by commas, is skipped
            if let Some(after) = people_apposition_end(tokens, j) {
                aside = Some((j, after));
                j = after;
                continue;
            }
            // "a man, a woman and their child were killed": people named by who they are,
            // listed with commas
            if j == q.last + 1 && names_who(tokens, q) && names_who_at(tokens, j + 1) {
                return RightScan::AndQuantity(j + 1);
            }
        }
        if t.kind == TokenKind::Punct {
            return RightScan::None;
        }
        if starts.get(j).copied().unwrap_or(false) {
            let joined = |k: usize| k > 0 && tokens[k - 1].is("and");
            let possessive =
                j > 1 && matches!(lower(tokens, j - 1), "her" | "his" | "their") && joined(j - 1);
            // "3 of the 12 ambulances were damaged and 2 paramedics were killed": a clause with
            // its own verb ends before "and"; the next figure is no item of a list with this one
            let own_verb = tokens[q.last + 1..j]
                .iter()
                .any(|t| matches!(t.lower.as_str(), "were" | "was" | "are" | "is"));
            if (joined(j) || possessive) && !own_verb {
                return RightScan::AndQuantity(j);
            }
            return RightScan::None;
        }
        // "30 survivors are being treated for their injuries": care for injuries states injury
        if w == "treated" && lower(tokens, j + 1) == "for" {
            if let Some(k) = (j + 2..(j + 5).min(tokens.len()))
                .find(|&k| kind_of(lower(tokens, k)) == Some(HarmKind::Injured))
            {
                return RightScan::Harm(k, HarmKind::Injured, aside);
            }
        }
        // "nine more are in hospital", "two people were taken to hospital": people in hospital
        // after an attack are its injured
        if has!(IN_HOSPITAL_VERBS, w) && matches!(lower(tokens, j + 1), "in" | "to") {
            let mut k = if matches!(lower(tokens, j + 2), "the" | "a") {
                j + 3
            } else {
                j + 2
            };
            // a hospital's name or description before the word: "admitted to Abs Hospital",
            // "taken to the city's main hospital" (not "near the hospital": a relation word
            // ends it)
            let named_from = k;
            while k < named_from + HOSPITAL_NAME_WORDS
                && tokens.get(k).is_some_and(|t| {
                    t.kind == TokenKind::Word
                        && !matches!(t.lower.as_str(), "hospital" | "hospitals")
                        && !has!(NOT_IN_HOSPITAL_NAMES, &t.lower)
                })
            {
                k += 1;
            }
            if matches!(lower(tokens, k), "hospital" | "hospitals") {
                return RightScan::Harm(k, HarmKind::Injured, aside);
            }
        }
        // "33 displaced people were killed": a participle before a noun of people describes them;
        // "three more people were found dead": a harm word right after it states the harm
        // "five people remain in critical condition": still in care, so injured
        let in_condition = lower(tokens, j + 1) == "in"
            && (j + 2..(j + 5).min(tokens.len())).any(|k| lower(tokens, k) == "condition");
        if has!(NON_HARM_VERBS, w)
            && !is_people_noun(lower(tokens, j + 1))
            && kind_of(lower(tokens, j + 1)).is_none()
            && !in_condition
        {
            return RightScan::Blocked;
        }
        // a relative clause inside the subject: "24 civilians who had been interspersed with
        // combatants were inadvertently killed" — skip to a passive harm verb after it
        if matches!(w, "who" | "whom") {
            if let Some(k) = passive_harm_after(tokens, j) {
                return RightScan::Harm(
                    k,
                    kind_of(lower(tokens, k)).unwrap_or(HarmKind::Killed),
                    aside,
                );
            }
        }
        if has!(FRAME_BREAKERS, w) {
            if let Some(k) = passive_after_modifier(tokens, j, starts) {
                let kind = kind_of(lower(tokens, k)).unwrap_or(HarmKind::Killed);
                return RightScan::Harm(k, kind, aside);
            }

            return RightScan::None;
        }
        // a speaker starts another clause: "One worker said the victims …"; "are said to have died"
        // and "are credibly reported to have died" do not
        let auxiliary_before = |k: usize| {
            let b1 = lower(tokens, k.saturating_sub(1));
            let b = if b1.len() > 4 && b1.ends_with("ly") {
                lower(tokens, k.saturating_sub(2))
            } else {
                b1
            };
            matches!(b, "is" | "are" | "was" | "were" | "be" | "been")
        };
        if has!(SPEECH_VERBS, w) && !auxiliary_before(j) && kind_of(lower(tokens, j + 1)).is_none()
        {
            return RightScan::None;
        }
        if (w == "and" || w == "or") && kind_of(lower(tokens, j + 1)).is_some() {
            return RightScan::None;
        }
        // auxiliaries do not lengthen the phrase: "90 fighters and civilians are reported to
        // have been killed"; nor do articles, which a gloss writes before names ("du Hamas",
        // "of the Hamas": "19 fighters of the Hamas and of the Islamic Jihad were killed")
        if !matches!(
            w,
            "are"
                | "is"
                | "was"
                | "were"
                | "be"
                | "been"
                | "being"
                | "have"
                | "has"
                | "had"
                | "to"
                | "the"
                | "a"
                | "an"
        ) {
            words += 1;
        }
        j += 1;
    }
    RightScan::None
}

/// "a bombing at one of the airport's gates killed …": the figure counts things of someone (not
/// people: "two of the family's children"), so the harm word after them is not its own.
fn counts_things_of_someone(tokens: &[Token], q: &Quantity) -> bool {
    if lower(tokens, q.last + 1) != "of" {
        return false;
    }
    let mut k = q.last + 2;
    if lower(tokens, k) == "the" {
        k += 1;
    }
    let owner = lower(tokens, k);
    let noun = lower(tokens, k + 1);
    let people = is_people_noun(noun)
        || has!(COMBATANT_WORDS, noun)
        || has!(PERSON_NOUNS, noun)
        || kind_of(noun).is_some()
        || matches!(noun, "members" | "relatives" | "staff" | "crew");
    (owner.ends_with("'s") || owner.ends_with("s'"))
        && tokens.get(k + 1).is_some_and(|t| t.kind == TokenKind::Word)
        && !people
}

/// A word naming people ("people", "civilians", "families").
fn is_people_noun(word: &str) -> bool {
    matches!(word, "people" | "persons" | "men" | "individuals")
        || has!(PERSON_NOUNS, word)
        || has!(CIVILIAN_WORDS, word)
}

/// How many words a place or group phrase after the subject's noun may have ("in Gaza City",
/// "from the same family").
const SUBJECT_MODIFIER_WORDS: usize = 6;

/// "Three civilians in Gaza City were killed", "Five people from the same family were killed":
/// a phrase opened by a preposition at `prep` that describes the counted, then the passive harm
/// verb ("were killed", "have been wounded") or "died". The phrase has only words: no figure, no
/// punctuation, no word of clause grammar, speech or harm. Returns the harm word's index.
fn passive_after_modifier(tokens: &[Token], prep: usize, starts: &[bool]) -> Option<usize> {
    if !matches!(
        lower(tokens, prep),
        "in" | "on" | "at" | "from" | "near" | "inside"
    ) {
        return None;
    }
    let mut end = (prep + 2 + SUBJECT_MODIFIER_WORDS).min(tokens.len());
    let mut k = prep;
    while k + 1 < end {
        k += 1;
        // "Five people from one family, including three children, were killed"
        if let Some(after) = skip_aside(tokens, k) {
            end = (end + after - k).min(tokens.len());
            k = after - 1;
            continue;
        }
        let t = &tokens[k];
        let w = t.lower.as_str();
        // a number that is no count may describe ("in his 50s", "in the 3rd district")
        let word_like = t.kind == TokenKind::Word || t.kind == TokenKind::Number;
        if !word_like || starts.get(k).copied().unwrap_or(false) {
            return None;
        }
        if matches!(w, "were" | "was" | "have" | "has" | "had") && k > prep + 1 {
            // "were killed", "were reportedly killed", "have been wounded"
            return (k + 1..(k + 4).min(tokens.len()))
                .take_while(|&h| tokens[h].kind == TokenKind::Word)
                .find(|&h| {
                    matches!(
                        kind_of(lower(tokens, h)),
                        Some(HarmKind::Killed | HarmKind::Injured)
                    ) && lower(tokens, h) != "death"
                });
        }
        if matches!(w, "died" | "perished") && k > prep + 1 {
            return Some(k);
        }
        if has!(FRAME_BREAKERS, w)
            || has!(SPEECH_VERBS, w)
            || has!(AUXILIARIES, w)
            || kind_of(w).is_some()
        {
            return None;
        }
    }
    None
}

/// After a relative pronoun at `j`: the first "were/was … killed" within 14 tokens, with no full
/// stop between: "the 10 people who were killed", "24 civilians who had been interspersed with
/// combatants were killed".
fn passive_harm_after(tokens: &[Token], j: usize) -> Option<usize> {
    let end = (j + 14).min(tokens.len());
    for k in j + 1..end {
        let t = &tokens[k];
        if t.kind == TokenKind::Punct && !t.is_punct(',') {
            return None;
        }
        if matches!(t.lower.as_str(), "were" | "was") {
            for m in k + 1..(k + 4).min(tokens.len()) {
                if kind_of(lower(tokens, m)).is_some() {
                    return Some(m);
                }
            }
        }
    }
    None
}

fn scan_left_active(tokens: &[Token], q: &Quantity) -> Option<(usize, HarmKind)> {
    let mut k = q.first;
    // up to three fillers: "killed last Sunday a 6 people" (Spanish "mató el pasado domingo a 6")
    while k > 0
        && (has!(OBJECT_FILLERS, lower(tokens, k - 1)) || is_quote(&tokens[k - 1]))
        && k + 3 > q.first
    {
        k -= 1;
    }
    let v = k.checked_sub(1)?;
    let w = lower(tokens, v);
    if let Some(found) = verb_before_phrase(tokens, q, v) {
        return Some(found);
    }
    if matches!(w, "were" | "was" | "are" | "is") {
        let subject = matches!(w, "were" | "was")
            .then(|| harmed_subject_of_copula(tokens, v))
            .flatten();
        return subject.or_else(|| among_the_harmed(tokens, v));
    }
    // "the dead included 12 women", "those killed include seven children": the harmed group
    // named, then who was in it
    if has!(INCLUDE_VERBS, w) {
        let head = v.checked_sub(1).map(|p| lower(tokens, p)).unwrap_or("");
        // "the 27 victims included 9 women": the group is counted already, its part is not
        // a figure of its own
        let counted = v.checked_sub(2).is_some_and(|p| {
            tokens[p].kind == TokenKind::Number || crate::quantity::is_number_word(&tokens[p].lower)
        });
        if has!(HARMED_GROUP_NOUNS, head) && !counted {
            return kind_of(head).map(|kind| (v - 1, kind));
        }
        return None;
    }
    // "we buried 18 people", "they have buried nine children": people buried are the dead (not
    // "were buried under the rubble", which may be the living)
    if w == "buried" && !matches!(lower(tokens, v.saturating_sub(1)), "was" | "were" | "been") {
        let noun = lower(tokens, q.last + 1);
        if is_people_noun(noun) || matches!(noun, "children" | "relatives" | "bodies" | "victims") {
            return Some((v, HarmKind::Killed));
        }
    }
    // "medics treated 35 people for wounds", "treated 22 for their injuries": the people treated
    // for injuries are the injured
    if matches!(w, "treated" | "treating") {
        let end = (q.last + 6).min(tokens.len());
        if let Some(f) = (q.last + 1..end).find(|&k| tokens[k].is("for")) {
            let noun_between = tokens[q.last + 1..f]
                .iter()
                .all(|t| t.kind == TokenKind::Word && !has!(FRAME_BREAKERS, &t.lower));
            let injuries = (f + 1..(f + 4).min(tokens.len()))
                .take_while(|&k| tokens[k].kind == TokenKind::Word)
                .any(|k| kind_of(lower(tokens, k)) == Some(HarmKind::Injured));
            if noun_between && injuries {
                return Some((v, HarmKind::Injured));
            }
        }
    }
    // "gunmen shot dead seven villagers", "soldiers gunned down 12 villagers"
    if w == "dead" && v > 0 && tokens[v - 1].is("shot") {
        return Some((v, HarmKind::Killed));
    }
    if w == "down" && v > 0 && has!(KILL_VERBS_WITH_DOWN, lower(tokens, v - 1)) {
        return Some((v - 1, HarmKind::Killed));
    }
    // "the bomber killed himself and three others": the others are the figure
    if w == "and" && v >= 2 && has!(REFLEXIVES, lower(tokens, v - 1)) {
        let verb = lower(tokens, v - 2);
        if has!(KILL_VERBS_BEFORE, verb) && !matches!(verb, "claimed" | "lost" | "losing") {
            return Some((v - 2, HarmKind::Killed));
        }
        if has!(INJURE_VERBS_BEFORE, verb) {
            return Some((v - 2, HarmKind::Injured));
        }
    }
    // "killed and injured more than 11,000"
    if has!(KILL_VERBS_BEFORE, w) || has!(INJURE_VERBS_BEFORE, w) {
        let prev = v.checked_sub(2).map(|p| lower(tokens, p)).unwrap_or("");
        let conj = v.checked_sub(1).map(|p| lower(tokens, p)).unwrap_or("");
        let combined = matches!(conj, "and" | "or")
            && (has!(KILL_VERBS_BEFORE, prev) || has!(INJURE_VERBS_BEFORE, prev))
            && has!(KILL_VERBS_BEFORE, prev) != has!(KILL_VERBS_BEFORE, w);
        if combined {
            return Some((v, HarmKind::Casualties));
        }
        if w == "claimed" || w == "lost" || w == "losing" {
            // "lost seven family members"; "claimed" only via "the lives of"
            if w == "claimed" {
                // "the blast claimed 17 lives"
                let lives = matches!(lower(tokens, q.last + 1), "lives" | "life");
                return lives.then_some((v, HarmKind::Killed));
            }
            let np = &tokens[q.last + 1..(q.last + 4).min(tokens.len())];
            let family = np.iter().any(|t| {
                matches!(
                    t.lower.as_str(),
                    "family"
                        | "relatives"
                        | "members"
                        | "loved"
                        | "children"
                        | "sons"
                        | "daughters"
                        | "brothers"
                        | "sisters"
                        | "cousins"
                        | "nephews"
                        | "nieces"
                        | "grandchildren"
                        | "lives"
                        | "colleagues"
                        | "people"
                        | "civilians"
                        | "soldiers"
                        | "troops"
                        | "men"
                )
            });
            // "the militia lost 15 fighters", "lost three policemen": people of any kind
            let people = np
                .first()
                .is_some_and(|t| is_people_noun(&t.lower) || has!(COMBATANT_WORDS, &t.lower));
            // "lost his wife and four of his children": the relative is the figure itself
            let kin = has!(KIN_NOUNS, lower(tokens, q.last)) || people;
            return (family || kin).then_some((v, HarmKind::Killed));
        }
        // "fatally wounding three": an injury that killed
        let fatal = v > 0 && has!(FATAL_ADVERBS, lower(tokens, v - 1));
        let kind = if has!(KILL_VERBS_BEFORE, w) || fatal {
            HarmKind::Killed
        } else {
            HarmKind::Injured
        };
        return Some((v, kind));
    }
    // "the lives of 12", "the deaths of at least 30", "bodies of 27 children"
    if w == "of" {
        let head = v.checked_sub(1).map(|p| lower(tokens, p)).unwrap_or("");
        if let Some(kind) = kind_of(head) {
            return Some((v - 1, kind));
        }
        if head == "lives" {
            return Some((v - 1, HarmKind::Killed));
        }
        // "the massacre of 31 villagers", "the remains of eight people"
        if has!(KILLING_NOUNS, head) {
            return Some((v - 1, HarmKind::Killed));
        }
        // "killed a family of six", "wounded an entire family of five": the family is the figure
        if matches!(head, "family" | "household") && v >= 3 {
            let mut d = v - 2;
            if matches!(lower(tokens, d), "entire" | "whole") && d > 0 {
                d -= 1;
            }
            if matches!(lower(tokens, d), "a" | "an" | "the") && d > 0 {
                let verb = lower(tokens, d - 1);
                if has!(KILL_VERBS_BEFORE, verb) && !matches!(verb, "claimed" | "lost" | "losing") {
                    return Some((d - 1, HarmKind::Killed));
                }
                if has!(INJURE_VERBS_BEFORE, verb) {
                    return Some((d - 1, HarmKind::Injured));
                }
            }
        }
    }
    // "Fatalities: 28", "Injuries: ~8"
    if w == ":" {
        let head = v.checked_sub(1).map(|p| lower(tokens, p)).unwrap_or("");
        if let Some(kind) = kind_of(head) {
            return Some((v - 1, kind));
        }
    }
    None
}

/// The verb-first order of Arabic as glossed, "killed in the attack 11 people", "wounded on Monday
/// 5 civilians": a kill or injure verb, a short phrase opened by a preposition (at most four words, no
/// figure, no punctuation), then the figure with a people noun right after it.
fn verb_before_phrase(tokens: &[Token], q: &Quantity, last: usize) -> Option<(usize, HarmKind)> {
    // "killed on Wednesday 20 Palestinians", "wounded on Monday 12 protesters": a demonym or a
    // group of people names them as well as "people" does
    if !tokens.get(q.last + 1).is_some_and(|t| {
        is_people_noun(&t.lower)
            || has!(COMBATANT_WORDS, &t.lower)
            || has!(PEOPLE_GROUP_NOUNS, &t.lower)
            || crate::places::is_demonym(&t.lower)
    }) {
        return None;
    }
    let lo = last.saturating_sub(4);
    for p in (lo..=last).rev() {
        let t = &tokens[p];
        if t.kind != TokenKind::Word {
            return None;
        }
        if !matches!(t.lower.as_str(), "in" | "on" | "during" | "by" | "at") {
            continue;
        }
        let v = p.checked_sub(1)?;
        let w = lower(tokens, v);
        if has!(KILL_VERBS_BEFORE, w) && !matches!(w, "claimed" | "lost" | "losing") {
            return Some((v, HarmKind::Killed));
        }
        // "shot dead on Friday three Palestinians"
        if w == "dead" && v > 0 && tokens[v - 1].is("shot") {
            return Some((v, HarmKind::Killed));
        }
        if has!(INJURE_VERBS_BEFORE, w) {
            return Some((v, HarmKind::Injured));
        }
        // "killed in Jenin on Wednesday 4 Palestinians": the phrase may hold two prepositions
        // (a preposition's noun before this one); anything else before it ends the phrase
        if tokens[v].kind != TokenKind::Word || has!(FRAME_BREAKERS, w) {
            return None;
        }
    }
    None
}

/// Most words of a hospital's name before the word "hospital" ("taken to Al Awda Hospital").
const HOSPITAL_NAME_WORDS: usize = 3;

/// How many tokens before its figure a toll phrase is looked for.
const TOLL_REACH: usize = 28;
/// How many tokens before its figure a toll phrase is looked for when a verb of tallying gives the
/// figure ("… has risen to 76").
const TALLIED_TOLL_REACH: usize = 44;
/// How many tokens before a figure a verb of tallying gives it ("has risen to 76", "reached 106").
const TALLY_VERB_REACH: usize = 3;
/// How many words a harmed group's subject phrase ("the deaths caused by the attack on the camp
/// in the Gaza Strip on Christmas Eve") may run before its verb of tallying.
const TALLY_SUBJECT_REACH: usize = 24;

/// A toll phrase before the figure: "death toll … rose to 43", "number of dead at 85".
fn scan_left_toll(tokens: &[Token], q: &Quantity, starts: &[bool]) -> Option<(usize, HarmKind)> {
    // "one senior commander described …": a toll's figure is a number, not one person named
    if has!(PERSON_NOUNS, lower(tokens, q.last)) {
        return None;
    }
    // a toll whose figure a verb of tallying gives ("the death toll in the strike on the camp at
    // Rann in Borno state has risen to 76") may have a long phrase naming its event in between
    let tallied = tokens[q.first.saturating_sub(TALLY_VERB_REACH)..q.first]
        .iter()
        .any(|t| has!(TALLY_VERBS, &t.lower));
    let reach = if tallied {
        TALLIED_TOLL_REACH
    } else {
        TOLL_REACH
    };
    // "the strike killed dozens, and the ministry put it at 60": "it" is the harm the sentence
    // named before
    let set_it_at = lower_before(tokens, q, 1) == "at"
        && lower_before(tokens, q, 2) == "it"
        && has!(FIGURE_SETTING_VERBS, lower_before(tokens, q, 3));
    if set_it_at {
        let verb = q.first - 3;
        return (0..verb)
            .rev()
            .find_map(|k| kind_of(lower(tokens, k)).map(|kind| (k, kind)));
    }
    let lo = q.first.saturating_sub(reach);
    let mut k = q.first;
    while k > lo {
        k -= 1;
        let t = &tokens[k];
        if t.is_punct('.') || t.is_punct(';') || t.is_punct('?') || t.is_punct('!') {
            return None;
        }
        if starts.get(k).copied().unwrap_or(false) {
            // a count of things between the toll and its figure ("the toll from three air strikes
            // rose to 116") is no figure of people
            let unit = match lower(tokens, k + 1) {
                "air" => lower(tokens, k + 2),
                u => u,
            };
            if !has!(NON_PEOPLE_UNITS, unit) {
                // "the death toll, which had stood at 12 on Monday, rose to 19": an earlier figure
                // in a relative clause set off by commas is passed over
                let closed = tokens[k + 1..q.first].iter().any(|t| t.is_punct(','));
                let opened = (lo..k).rev().find(|&c| tokens[c].is_punct(','));
                match opened {
                    Some(c) if closed && lower(tokens, c + 1) == "which" => {
                        k = c;
                        continue;
                    }
                    _ => return None, // another figure is closer
                }
            }
            continue;
        }
        let w = t.lower.as_str();
        if has!(TOLL_HEADS, w) {
            // "there was no official death toll": no toll to give a figure
            let negated = tokens[k.saturating_sub(3)..k].iter().any(|t| t.is("no"));
            if negated {
                return None;
            }
            let prev = k.checked_sub(1).map(|p| lower(tokens, p)).unwrap_or("");
            let kind = match prev {
                "injury" | "injuries" => HarmKind::Injured,
                "casualty" | "casualties" => HarmKind::Casualties,
                _ => HarmKind::Killed,
            };
            return Some((k, kind));
        }
        if has!(COUNT_HEADS, w) {
            // "number of dead", "number of people killed", "count of those injured and dead"
            for m in k + 1..(k + 5).min(q.first) {
                if let Some(kind) = kind_of(lower(tokens, m)) {
                    let conj = lower(tokens, m + 1);
                    if matches!(conj, "and" | "or")
                        && kind_of(lower(tokens, m + 2)).is_some_and(|k2| k2 != kind)
                    {
                        return Some((m, HarmKind::Casualties));
                    }
                    return Some((m, kind));
                }
            }
            // "a lower figure of 28", "lowered that estimate to 600" after harm in the same sentence
            if k + 2 == q.first && matches!(lower(tokens, k + 1), "of" | "to" | "at") {
                if let Some(kind) = tokens[..k].iter().rev().find_map(|t| kind_of(&t.lower)) {
                    return Some((k, kind));
                }
            }
            // "death count", "casualty figure", "fatality count"
            let prev = k.checked_sub(1).map(|p| lower(tokens, p)).unwrap_or("");
            if matches!(prev, "death" | "fatality" | "casualty" | "injury") {
                let kind = match prev {
                    "injury" => HarmKind::Injured,
                    "casualty" => HarmKind::Casualties,
                    _ => HarmKind::Killed,
                };
                return Some((k, kind));
            }
        }
    }
    None
}

/// A harm noun linked to the figure: "the casualties to be more than 50", "war dead range from 1,035".
fn scan_left_linked(tokens: &[Token], q: &Quantity) -> Option<(usize, HarmKind)> {
    let mut k = q.first;
    let mut steps = 0;
    while k > 0 && steps < 4 && has!(LINKING_WORDS, lower(tokens, k - 1)) {
        k -= 1;
        steps += 1;
    }
    if steps == 0 || k == 0 {
        return None;
    }
    // "the wounded, numbering about 70,": an aside after the harmed group gives its figure
    if k >= 2 && tokens[k - 1].is_punct(',') && has!(APPOSITIVE_TALLY_WORDS, lower(tokens, k)) {
        k -= 1;
    }
    // "one of the victims was a doctor": the harm noun is the partitive's, whose figure is "one"
    if k >= 3 && tokens[k - 2].is("the") && tokens[k - 3].is("of") {
        return None;
    }
    let head = lower(tokens, k - 1);
    let nominal = matches!(
        head,
        "deaths"
            | "casualties"
            | "fatalities"
            | "dead"
            | "injuries"
            | "wounded"
            | "injured"
            | "victims"
            | "martyrs"
    );
    if nominal {
        return kind_of(head).map(|kind| (k - 1, kind));
    }
    // "the deaths caused by the attack on the camp have reached 106", "casualties from the
    // bombing rose to 45": a harmed group as the subject, a short phrase, then a verb of tallying
    if !tokens[k..q.first]
        .iter()
        .any(|t| has!(TALLY_VERBS, &t.lower))
    {
        return None;
    }
    let lo = k.saturating_sub(TALLY_SUBJECT_REACH);
    for h in (lo..k).rev() {
        let t = &tokens[h];
        let w = t.lower.as_str();
        if t.kind != TokenKind::Word || has!(SPEECH_VERBS, w) {
            return None;
        }
        if matches!(w, "deaths" | "casualties" | "fatalities" | "victims") {
            return kind_of(w).map(|kind| (h, kind));
        }
    }
    None
}

/// How many words may stand between a harm word and the "including" or "among them" that names a
/// part of those it harmed ("killed civilians across the north, including …").
const UNCOUNTED_WHOLE_WORDS: usize = 9;

/// "Strikes killed civilians, among them five children", "residents were wounded, including
/// three boys": a part of the harmed named after the clause that harmed them, when that clause
/// counts no one (no figure of people before the part in the sentence). The part is then the
/// figure. Returns the harm word's index and kind.
fn part_of_uncounted_harmed(
    tokens: &[Token],
    quantities: &[Quantity],
    qi: usize,
) -> Option<(usize, HarmKind)> {
    let q = quantities.get(qi)?;
    let b1 = lower_before(tokens, q, 1);
    let b2 = lower_before(tokens, q, 2);
    let opener = if b1 == "including" {
        q.first.checked_sub(1)?
    } else if b2 == "among" && matches!(b1, "them" | "whom") {
        q.first.checked_sub(2)?
    } else {
        return None;
    };
    // a count of people before: the part is of that count ("20 people, including five
    // children"), which is the figure
    if quantities[..qi]
        .iter()
        .any(|p| !counts_non_people(tokens, p) && !is_rate(tokens, p))
    {
        return None;
    }
    let mut k = opener;
    if k > 0 && tokens[k - 1].is_punct(',') {
        k -= 1;
    }
    let lo = k.saturating_sub(UNCOUNTED_WHOLE_WORDS);
    while k > lo {
        k -= 1;
        let t = &tokens[k];
        let w = t.lower.as_str();
        if t.kind != TokenKind::Word || has!(SAY_VERBS, w) {
            return None;
        }
        // a clause states the harm ("killed civilians", "residents were wounded"); a harmed group
        // as a noun phrase ("carried the dead, including a baby") or a toll ("the death toll,
        // including …") states none
        if let Some(kind) = kind_of(w) {
            let det = k.checked_sub(1).map_or("", |d| lower(tokens, d));
            let noun_phrase = has!(HARMED_GROUP_NOUNS, w) && has!(DETERMINERS, det);
            let toll = has!(TOLL_HEADS, lower(tokens, k + 1));
            return (!noun_phrase && !toll).then_some((k, kind));
        }
    }
    None
}

/// "Of those killed, 12 were children", "Of the wounded, 30 are in hospital": a part of the
/// harmed, named before the figure, is harmed as they were. Returns the harm noun's index.
fn part_of_the_harmed(tokens: &[Token], q: &Quantity) -> Option<(usize, HarmKind)> {
    let word = |k: usize| tokens.get(k).map_or("", |t| t.lower.as_str());
    let comma = q.first.checked_sub(1)?;
    let noun = comma.checked_sub(1)?;
    if !tokens[comma].is_punct(',') || !has!(HARMED_GROUP_NOUNS, word(noun)) {
        return None;
    }
    let mut of = noun.checked_sub(1)?;
    if matches!(word(of), "those" | "the") {
        of = of.checked_sub(1)?;
    }
    let opens = of == 0 || tokens[of - 1].kind == TokenKind::Punct || word(of - 1) == "and";
    let copula = matches!(word(q.last + 1), "were" | "was" | "are" | "is");
    (word(of) == "of" && opens && copula)
        .then(|| kind_of(word(noun)).map(|kind| (noun, kind)))
        .flatten()
}

/// "90 people sought medical assistance", "117 people applied for medical help": people who sought
/// care after an attack are its injured. Returns the care noun's index.
fn seeks_care(tokens: &[Token], q: &Quantity) -> Option<usize> {
    let mut k = q.last + 1;
    // the people counted, and an auxiliary: "people have", "more residents had"
    while k < tokens.len() && k <= q.last + 3 {
        let w = lower(tokens, k);
        if has!(PERSON_NOUNS, w)
            || has!(CIVILIAN_WORDS, w)
            || matches!(w, "people" | "persons" | "have" | "had" | "more" | "others")
        {
            k += 1;
        } else {
            break;
        }
    }
    if !has!(SEEK_CARE_VERBS, lower(tokens, k)) {
        return None;
    }
    k += 1;
    while k < tokens.len()
        && matches!(
            lower(tokens, k),
            "for" | "medical" | "hospital" | "urgent" | "emergency"
        )
    {
        k += 1;
    }
    has!(CARE_NOUNS, lower(tokens, k)).then_some(k)
}

/// "42 victims with minor injuries", "the hospital has 68 of the victims": victims counted beside
/// injuries or care are the injured, not the dead.
fn victims_in_care(tokens: &[Token], mut f: Figure) -> Figure {
    let cue = lower(tokens, f.cue);
    if f.kind != HarmKind::Killed || !matches!(cue, "victims" | "victim") {
        return f;
    }
    let before = f.quantity.first.saturating_sub(4);
    let after = (f.cue + 8).min(tokens.len());
    let near = tokens[before..f.quantity.first]
        .iter()
        .chain(&tokens[f.cue + 1..after]);
    let mut care = false;
    for t in near {
        let w = t.lower.as_str();
        if has!(KILLED_WORDS, w) && w != "victims" && w != "victim" {
            return f;
        }
        care |= has!(INJURED_WORDS, w) || has!(MEDICAL_CARE_WORDS, w) || w.starts_with("hospital");
    }
    if care {
        f.kind = HarmKind::Injured;
    }
    f
}

/// A toll figure must not name something other than people: "one specific incident".
fn names_non_people(tokens: &[Token], q: &Quantity) -> bool {
    let (a, b) = noun_phrase_after(tokens, q);
    tokens[a..b.min(a + 2)].iter().any(|t| {
        has!(NON_PEOPLE_UNITS, &t.lower)
            || matches!(t.lower.as_str(), "incident" | "event" | "strike" | "attack")
    })
}

/// Rates are not counts: "one civilian in every three strikes", "20 per day".
fn is_rate(tokens: &[Token], q: &Quantity) -> bool {
    tokens[q.last + 1..(q.last + 5).min(tokens.len())]
        .iter()
        .any(|t| matches!(t.lower.as_str(), "every" | "per" | "each"))
}

/// The noun phrase after a figure, up to a breaker (for the active and toll frames).
fn noun_phrase_after(tokens: &[Token], q: &Quantity) -> (usize, usize) {
    let start = q.last + 1;
    let mut end = start;
    while end < tokens.len() && end < start + 5 {
        let t = &tokens[end];
        if t.kind == TokenKind::Punct
            || has!(FRAME_BREAKERS, &t.lower)
            || t.is("and") && end > start + 1
        {
            break;
        }
        end += 1;
    }
    (start, end)
}

/// True when most words of the sentence are capitalised (a headline in title case).
fn is_title_case(text: &str, tokens: &[Token]) -> bool {
    let (mut words, mut caps) = (0, 0);
    for t in tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Word && t.lower.len() > 3)
    {
        words += 1;
        caps += usize::from(t.is_capitalized(text));
    }
    words > 0 && caps * 10 >= words * 6
}

/// One named person as the object of a kill verb: "the strike killed Ibrahim Biari",
/// "killed Hamas commander Ibrahim Biari". Returns quantities of one.
pub fn named_victims(text: &str, tokens: &[Token], quantities: &[Quantity]) -> Vec<Quantity> {
    // worked out when first needed
    let mut title_case = None;
    let mut out = Vec::new();
    for (k, t) in tokens.iter().enumerate() {
        if !has!(crate::lexicon::NAMED_VICTIM_VERBS, &t.lower) {
            continue;
        }
        let start = k + 1;
        if quantities.iter().any(|q| q.first == start) {
            continue;
        }
        let mut end = start;
        let mut person_noun = false;
        while end < tokens.len() && end < start + 6 {
            let u = &tokens[end];
            if u.kind != TokenKind::Word {
                break;
            }
            if crate::lexicon::has!(crate::lexicon::PERSON_NOUNS, &u.lower) {
                person_noun = true;
            } else if !u.is_capitalized(text) {
                break;
            }
            end += 1;
        }
        let names = tokens[start..end]
            .iter()
            .filter(|u| u.is_capitalized(text))
            .count();
        let is_name = names >= 2 && !*title_case.get_or_insert_with(|| is_title_case(text, tokens));
        if (is_name || person_noun)
            && end > start
            && !tokens[start..end]
                .iter()
                .any(|u| has!(FRAME_BREAKERS, &u.lower))
        {
            out.push(Quantity {
                first: start,
                core_first: start,
                last: end - 1,
                range: toll_model::Range::exact(1),
                zero: false,
            });
        }
    }
    out
}

/// One named person with an age, then a harm verb: "Jane Doe, 67, who was wounded in the arm",
/// "Ali Ahmed al-Rizami, 12, was injured". The quantity of one reaches to just before the harm
/// word, so the figure is read rightwards from it; the age's own quantity, inside it, is to be
/// dropped. (A name needs two capitalised words; words with
/// a lowercase particle such as "al-" count as part of it.)
pub fn named_victims_with_age(
    text: &str,
    tokens: &[Token],
    quantities: &[Quantity],
) -> Vec<Quantity> {
    let mut out = Vec::new();
    for (k, t) in tokens.iter().enumerate() {
        let is_age = t.kind == TokenKind::Number
            && t.lower.len() <= 3
            && t.lower.parse::<u32>().is_ok_and(|a| (1..=110).contains(&a));
        if !is_age || k < 3 || !tokens[k - 1].is_punct(',') || !lower(tokens, k + 1).eq(",") {
            continue;
        }
        // the name before ", AGE,"
        let mut first = k - 1;
        let mut capitals = 0;
        while first > 0 {
            let u = &tokens[first - 1];
            let particle = u.lower.contains('-') || matches!(u.lower.as_str(), "bin" | "ibn");
            if u.kind != TokenKind::Word || !(u.is_capitalized(text) || particle) {
                break;
            }
            capitals += usize::from(u.is_capitalized(text));
            first -= 1;
        }
        // the age itself may be a quantity; any other one in the name is not a name
        if capitals < 2 || quantities.iter().any(|q| q.first < k && first <= q.last) {
            continue;
        }
        // "(who) was/were/is … wounded" within a few words, in this clause
        let mut harm = None;
        let mut j = k + 2;
        while j < tokens.len() && j <= k + 14 {
            let u = &tokens[j];
            if u.kind == TokenKind::Number || u.is_punct('.') || u.is_punct(';') {
                break;
            }
            if matches!(u.lower.as_str(), "was" | "were" | "is") {
                harm = (j + 1..(j + 5).min(tokens.len())).find(|&h| {
                    matches!(
                        kind_of(lower(tokens, h)),
                        Some(HarmKind::Killed | HarmKind::Injured)
                    )
                });
                break;
            }
            if u.is("died") {
                harm = Some(j);
                break;
            }
            j += 1;
        }
        if let Some(h) = harm {
            out.push(Quantity {
                first,
                core_first: first,
                last: h - 1,
                range: toll_model::Range::exact(1),
                zero: false,
            });
        }
    }
    out
}

/// Does the quantity name who the people were ("a doctor", "two nurses", "three children"), not
/// only that they were people or civilians?
fn names_who(tokens: &[Token], q: &Quantity) -> bool {
    let specific = |w: &str| {
        (has!(PERSON_NOUNS, w) || has!(CIVILIAN_WORDS, w) || has!(COMBATANT_WORDS, w))
            && !matches!(
                w,
                "civilian" | "civilians" | "person" | "resident" | "residents"
            )
    };
    specific(lower(tokens, q.last)) || specific(lower(tokens, q.last + 1))
}

/// Does the quantity that starts at `first` name who the people were ("a woman", "two nurses",
/// "their child")? Its noun is looked for within the next four words.
fn names_who_at(tokens: &[Token], first: usize) -> bool {
    let end = (first + 4).min(tokens.len());
    (first..end)
        .take_while(|&k| tokens[k].kind != TokenKind::Punct)
        .any(|k| {
            let w = lower(tokens, k);
            (has!(PERSON_NOUNS, w)
                || has!(CIVILIAN_WORDS, w)
                || has!(COMBATANT_WORDS, w)
                || has!(KIN_NOUNS, w)
                || w == "men")
                && !matches!(w, "civilian" | "civilians" | "person")
        })
}

/// How many tokens an apposition naming who the counted were may have ("two civilians, a man and
/// his elderly mother, were killed").
const PEOPLE_APPOSITION_TOKENS: usize = 10;

/// "Two civilians, a man and a woman, were killed", "three people, two men and a boy, were
/// wounded": after the comma at `comma`, people named by who they were, then a closing comma.
/// The apposition holds words and figures only (no harm word, no verb of speech, no auxiliary).
/// Returns the index after the closing comma.
fn people_apposition_end(tokens: &[Token], comma: usize) -> Option<usize> {
    if !names_who_at(tokens, comma + 1) {
        return None;
    }
    let end = (comma + 1 + PEOPLE_APPOSITION_TOKENS).min(tokens.len());
    let close = (comma + 2..end).find(|&k| tokens[k].kind == TokenKind::Punct)?;
    if !tokens[close].is_punct(',') {
        return None;
    }
    let plain = tokens[comma + 1..close].iter().all(|t| {
        let w = t.lower.as_str();
        kind_of(w).is_none()
            && !has!(SAY_VERBS, w)
            && !has!(AUXILIARIES, w)
            && !has!(FRAME_BREAKERS, w)
            && !has!(ASIDE_OPENERS, w)
    });
    // the clause goes on with its verb: "…, a man and a woman, were killed"
    let verb_next =
        has!(AUXILIARIES, lower(tokens, close + 1)) || kind_of(lower(tokens, close + 1)).is_some();
    (plain && verb_next).then_some(close + 1)
}

/// "63 in 2021", "125 in May": a figure dated by a year or a month right after it; returns the
/// index after the date.
fn dated_after(tokens: &[Token], q: &Quantity) -> Option<usize> {
    if lower(tokens, q.last + 1) != "in" {
        return None;
    }
    let t = tokens.get(q.last + 2)?;
    let year = t.kind == TokenKind::Number && t.lower.len() == 4 && t.lower.starts_with(['1', '2']);
    (year || has!(MONTHS, &t.lower)).then_some(q.last + 3)
}

/// "The victims were a boy and his grandmother", "Killed were six civilians": the harmed named as
/// the subject of "were", then who they were. The subject is a harmed group with "the" or "those"
/// (not "among the dead were", a part of a count given elsewhere), or a participle opening the
/// sentence, perhaps with a short phrase after it ("Killed in the strike were …"). Returns the
/// harm word's index and kind.
fn harmed_subject_of_copula(tokens: &[Token], copula: usize) -> Option<(usize, HarmKind)> {
    let head = copula.checked_sub(1)?;
    let noun = lower(tokens, head);
    let det = head.checked_sub(1).map_or("", |d| lower(tokens, d));
    let group = has!(HARMED_GROUP_NOUNS, noun);
    if let (true, true, Some(kind)) = (group, matches!(det, "the" | "those"), kind_of(noun)) {
        let before = head
            .checked_sub(2)
            .and_then(|b| tokens.get(b))
            .map_or("", |t| t.lower.as_str());
        let part = matches!(before, "among" | "amongst" | "of" | "with" | "including");
        let counted = head
            .checked_sub(2)
            .is_some_and(|b| tokens[b].kind == TokenKind::Number);
        return (!part && !counted).then_some((head, kind));
    }
    let opens = |h: usize| {
        h == 0
            || tokens[h - 1].kind == TokenKind::Punct
            || (lower(tokens, h - 1) == "also"
                && (h == 1 || tokens[h - 2].kind == TokenKind::Punct))
    };
    let participle = |w: &str| matches!(w, "killed" | "injured" | "wounded" | "dead");
    let lo = copula.saturating_sub(INVERTED_PHRASE_WORDS + 1);
    for h in (lo..copula).rev() {
        let t = &tokens[h];
        if t.kind != TokenKind::Word {
            return None;
        }
        if participle(&t.lower) && opens(h) {
            return kind_of(&t.lower).map(|kind| (h, kind));
        }
        if kind_of(&t.lower).is_some() || has!(AUXILIARIES, &t.lower) {
            return None;
        }
    }
    None
}

/// "Among the dead were five children", "among the victims there are four women": who was among a
/// harmed group the sentence names, after its copula at
/// `copula` (perhaps after "there"). Those named are a figure of their own (as "65 fighters were
/// among those killed" is); a list of them ("five children and three women") is summed as the
/// objects of a harm verb are. Returns the harm word's index and kind.
fn among_the_harmed(tokens: &[Token], copula: usize) -> Option<(usize, HarmKind)> {
    let mut head = copula.checked_sub(1)?;
    if lower(tokens, head) == "there" {
        head = head.checked_sub(1)?;
    }
    let noun = lower(tokens, head);
    let det = head.checked_sub(1).map_or("", |d| lower(tokens, d));
    let among = head
        .checked_sub(2)
        .is_some_and(|a| matches!(lower(tokens, a), "among" | "amongst"));
    // (not "among those killed were", which most often goes on from a count given just before)
    let group = has!(HARMED_GROUP_NOUNS, noun) && det == "the";
    if !(among && group) {
        return None;
    }
    kind_of(noun).map(|kind| (head, kind))
}

/// How many words may stand between an opening participle and "were" ("Killed in the attack on
/// the market were …").
const INVERTED_PHRASE_WORDS: usize = 8;

/// "14 were killed on Monday and 22 on Tuesday": a figure after "and" with a time phrase (a
/// weekday, a month or a year, after "on" or "in" or bare), as the figure before has, is a figure
/// of its own, of that kind, for another time.
fn gapped_after(tokens: &[Token], prev: &Figure, q: &Quantity) -> bool {
    let when = |k: usize| {
        tokens.get(k).is_some_and(|t| {
            has!(WEEKDAYS, &t.lower)
                || has!(MONTHS, &t.lower)
                || t.kind == TokenKind::Number
                    && t.lower.len() == 4
                    && t.lower.starts_with(['1', '2'])
        })
    };
    let time_at = |k: usize| when(k) || matches!(lower(tokens, k), "on" | "in") && when(k + 1);
    // after the harm word, or after the object's noun ("killed 20 people on Saturday")
    let prev_end = prev.quantity.last.max(prev.cue).max(prev.noun_phrase.1 - 1);
    // "and 22 on Tuesday", "and another 15 on Sunday"
    let b1 = lower_before(tokens, q, 1);
    let and_before = b1 == "and" || (b1 == "another" && lower_before(tokens, q, 2) == "and");
    and_before
        && !q.zero
        && time_at(q.last + 1)
        && time_at(prev_end + 1)
        && q.first <= prev_end + 8
        && tokens[prev_end + 1..q.first]
            .iter()
            .all(|t| t.kind != TokenKind::Number && !t.is_punct('.') && !t.is_punct(';'))
}

/// Recognises every harm figure in a sentence's tokens.
pub fn find_figures(tokens: &[Token], quantities: &[Quantity]) -> Vec<Figure> {
    let mut starts = vec![false; tokens.len()];
    for q in quantities {
        if let Some(s) = starts.get_mut(q.first) {
            *s = true;
        }
    }
    let mut figures: Vec<Option<Figure>> = Vec::with_capacity(quantities.len());
    let mut and_links: Vec<Option<usize>> = vec![None; quantities.len()];
    let mut after_harm = false;
    for (qi, q) in quantities.iter().enumerate() {
        after_harm |= figures.last().is_some_and(|f| f.is_some());
        if counts_non_people(tokens, q) || is_rate(tokens, q) {
            figures.push(None);
            continue;
        }
        if is_subset(tokens, q, after_harm) {
            // "strikes killed civilians, among them five children": with no count of the whole,
            // the part named is the figure
            let fig = part_of_uncounted_harmed(tokens, quantities, qi).map(|(cue, kind)| Figure {
                quantity: q.clone(),
                kind,
                cue,
                noun_phrase: noun_phrase_after(tokens, q),
                aside: None,
            });
            figures.push(fig);
            continue;
        }
        let fig = if let Some(cue) = seeks_care(tokens, q) {
            Some(Figure {
                quantity: q.clone(),
                kind: HarmKind::Injured,
                cue,
                noun_phrase: noun_phrase_after(tokens, q),
                aside: None,
            })
        } else if let Some((cue, kind)) = scan_left_active(tokens, q) {
            Some(Figure {
                quantity: q.clone(),
                kind,
                cue,
                noun_phrase: noun_phrase_after(tokens, q),
                aside: None,
            })
        } else {
            match scan_right(tokens, q, &starts) {
                RightScan::Harm(cue, kind, aside) => Some(Figure {
                    quantity: q.clone(),
                    kind,
                    cue,
                    noun_phrase: (q.last + 1, cue + 1),
                    aside,
                }),
                // "put the death figure at 115 and more than 100 injured": a toll phrase before the
                // first figure gives its kind; the two are not one group
                RightScan::AndQuantity(j) => {
                    match scan_left_toll(tokens, q, &starts)
                        .filter(|_| !names_non_people(tokens, q))
                    {
                        Some((cue, kind)) => Some(Figure {
                            quantity: q.clone(),
                            kind,
                            cue,
                            noun_phrase: noun_phrase_after(tokens, q),
                            aside: None,
                        }),
                        None => {
                            and_links[qi] = quantities.iter().position(|o| o.first == j);
                            None
                        }
                    }
                }
                RightScan::Blocked => None,
                RightScan::None => scan_left_linked(tokens, q)
                    .or_else(|| {
                        scan_left_toll(tokens, q, &starts).filter(|_| !names_non_people(tokens, q))
                    })
                    .or_else(|| part_of_the_harmed(tokens, q))
                    .map(|(cue, kind)| Figure {
                        quantity: q.clone(),
                        kind,
                        cue,
                        noun_phrase: noun_phrase_after(tokens, q),
                        aside: None,
                    }),
            }
        };
        figures.push(fig.map(|f| victims_in_care(tokens, f)));
    }
    // "12 of the 20 people in the house were killed", "six of the 11 passengers died", "none of
    // the 30 students was hurt": when the harm is the clause's verb, the part before "of the" is
    // the figure and the whole is who they were among ("the 20 people killed", "the 14 wounded",
    // a harm word naming the whole, keep the whole)
    for qi in 0..quantities.len() {
        let Some(f) = figures[qi].clone() else {
            continue;
        };
        let whole = &quantities[qi];
        if whole.first < 3
            || lower(tokens, whole.first - 1) != "the"
            || lower(tokens, whole.first - 2) != "of"
            || f.cue <= whole.last
        {
            continue;
        }
        let cue = lower(tokens, f.cue);
        let verb = matches!(cue, "died" | "perished")
            || matches!(
                lower(tokens, f.cue - 1),
                "were" | "was" | "been" | "are" | "is"
            );
        let named_whole = (whole.last + 1..f.cue).any(|k| kind_of(lower(tokens, k)).is_some());
        if !verb || named_whole {
            continue;
        }
        let (part, at) = if lower(tokens, whole.first - 3) == "none" {
            let k = whole.first - 3;
            let none = Quantity {
                first: k,
                core_first: k,
                last: k,
                range: toll_model::Range::exact(0),
                zero: true,
            };
            (Some(none), qi)
        } else {
            let before = qi
                .checked_sub(1)
                .map(|p| quantities[p].clone())
                .filter(|p| p.last + 3 == whole.first && figures[qi - 1].is_none() && !p.zero);
            (before, qi.saturating_sub(1))
        };
        if let Some(part) = part {
            let fig = Figure {
                noun_phrase: (part.last + 1, f.cue + 1),
                quantity: part,
                ..f
            };
            figures[qi] = None;
            figures[at] = Some(fig);
        }
    }
    // "raised the death toll to 56, then 59 civilians": a listed revision takes the kind before it
    for qi in 1..quantities.len() {
        if figures[qi].is_some() || and_links[qi].is_some() {
            continue;
        }
        let q = &quantities[qi];
        let b1 = lower_before(tokens, q, 1);
        let b2 = lower_before(tokens, q, 2);
        let prev = figures[qi - 1].clone();
        // "rose from 63 in 2021 to 260 in 2022 and 613 in 2023": a series of dated figures
        let series = prev.as_ref().is_some_and(|p| {
            let (Some(after_prev), Some(_)) =
                (dated_after(tokens, &p.quantity), dated_after(tokens, q))
            else {
                return false;
            };
            let between = tokens.get(after_prev..q.first).unwrap_or(&[]);
            !between.is_empty()
                && between.len() <= 3
                && between.iter().all(|t| {
                    t.is_punct(',')
                        || matches!(t.lower.as_str(), "to" | "and" | "compared" | "with")
                })
        });
        let gapped = prev.as_ref().is_some_and(|p| gapped_after(tokens, p, q));
        // "to 56 then 59", "to 17 and then to 22": the revision may follow the figure before
        // it at once, and repeat its "to"
        let (b1, b2) = if b1 == "to" && lower_before(tokens, q, 2) == "then" {
            ("then", lower_before(tokens, q, 3))
        } else {
            (b1, b2)
        };
        let right_after = prev
            .as_ref()
            .is_some_and(|p| p.quantity.last + 2 == q.first);
        let listed =
            b1 == "then" && (b2 == "," || b2 == "and" || right_after) || b1 == "later" || series;
        if let (true, Some(prev)) = (listed || gapped, prev) {
            if (prev.quantity.last + 4 >= q.first || gapped)
                && !q.zero
                && !counts_non_people(tokens, q)
            {
                let noun_phrase = noun_phrase_after(tokens, q);
                figures[qi] = Some(Figure {
                    quantity: q.clone(),
                    kind: prev.kind,
                    cue: prev.cue,
                    noun_phrase,
                    aside: None,
                });
            }
        }
    }
    // "16 fighters were killed … along with four civilians": add to the figure before
    for qi in 1..quantities.len() {
        if figures[qi].is_some() {
            continue;
        }
        let q = &quantities[qi];
        let b1 = lower_before(tokens, q, 1);
        let b2 = lower_before(tokens, q, 2);
        let b3 = lower_before(tokens, q, 3);
        let joined = (b2 == "along" && b1 == "with") || (b3 == "as" && b2 == "well" && b1 == "as");
        if !joined {
            continue;
        }
        if let Some(prev) = figures[..qi].iter_mut().rev().flatten().next() {
            if prev.kind == HarmKind::Killed && !q.zero {
                prev.quantity.range = prev.quantity.range.plus(&q.range);
                prev.noun_phrase = (prev.noun_phrase.0, (q.last + 4).min(tokens.len()));
            }
        }
    }
    // "killed a man and his three sons", "killed an aid worker and nine of his relatives": the
    // objects listed after an active verb are summed into the first
    // ("killed his wife, his mother and three of his children": a list of kin goes on after a
    // comma); `last_end` is where the list so far ends
    let mut last_end: Option<(usize, usize)> = None;
    for qi in 0..quantities.len().saturating_sub(1) {
        let next = qi + 1;
        let into = match last_end {
            Some((target, _)) if figures[qi].is_none() => target,
            _ => qi,
        };
        last_end = None;
        // a kin list's link to its next item ("his mother and three of his children") is the
        // list going on
        let kin_next = has!(PERSON_POSSESSIVES, lower(tokens, quantities[next].first));
        // an "and" link to a later item that is no figure of its own is the list going on too
        let linked_to_figure = and_links[next].is_some_and(|l| figures[l].is_some());
        if figures[next].is_some() || (linked_to_figure && !kin_next) || quantities[next].zero {
            continue;
        }
        let Some(first) = figures[into].as_ref() else {
            continue;
        };
        if first.cue >= first.quantity.first || first.kind == HarmKind::Casualties {
            continue;
        }
        let mut from = if into == qi {
            first.quantity.last + 1
        } else {
            quantities[qi].last + 1
        };
        // "killed a boy, 12, and his sister": an age or a name set off by commas is skipped
        if let Some(c) = crate::quantity::apposition_end(tokens, from) {
            if tokens.get(c + 1).is_some_and(|t| t.is("and")) {
                from = c + 1;
            }
        }
        let to = quantities[next].first;
        if to <= from || to - from > 5 {
            continue;
        }
        let between = &tokens[from..to];
        let last_is = |w: &str| between.last().is_some_and(|t| t.is(w));
        let and_at = if last_is("and") {
            Some(between.len() - 1)
        } else if between.len() >= 2
            && between[between.len() - 2].is("and")
            && (last_is("his") || last_is("her") || last_is("their"))
        {
            Some(between.len() - 2)
        } else {
            None
        };
        let clean = between
            .iter()
            .all(|t| t.kind != TokenKind::Punct && t.kind != TokenKind::Number);
        // "kills doctor, two nurses", "the dead included a teacher, two students and a guard":
        // people named by what they are, listed with commas (not "12 people, 5 women and 7
        // children", a breakdown of a count)
        let comma = between.len() == 1 && between[0].is(",");
        let named_list =
            comma && names_who(tokens, &quantities[qi]) && names_who(tokens, &quantities[next]);
        let kin_comma = comma && (kin_next || named_list);
        if (and_at.is_some() && clean) || kin_comma {
            let q = &quantities[next];
            if counts_non_people(tokens, q) {
                continue;
            }
            if let Some(f) = figures[into].as_mut() {
                f.quantity.range = f.quantity.range.plus(&q.range);
                f.noun_phrase = (f.noun_phrase.0, (q.last + 4).min(tokens.len()));
            }
            last_end = Some((into, q.last));
        }
    }
    // "At least 12 staff and 10 patients were killed": sum listed groups into the later figure
    for qi in (0..quantities.len()).rev() {
        let Some(next) = and_links[qi] else { continue };
        let Some(Some(later)) = figures.get(next).cloned() else {
            continue;
        };
        if later.quantity.zero || quantities[qi].zero {
            continue;
        }
        let mut merged = later.clone();
        merged.quantity.first = quantities[qi].first;
        merged.quantity.core_first = quantities[qi].core_first;
        merged.quantity.range = quantities[qi].range.plus(&later.quantity.range);
        merged.noun_phrase = (quantities[qi].last + 1, later.noun_phrase.1);
        figures[qi] = Some(merged);
        figures[next] = None;
    }
    // "52 people were hospitalised, and 34 are in critical condition": those in a condition after
    // an injured figure of the same sentence are a part of it
    let mut injured_before = false;
    let mut last_in_condition = false;
    let mut out: Vec<Figure> = Vec::with_capacity(figures.len());
    for f in figures.into_iter().flatten() {
        // "… and 50 injured, with 25 of the injured in serious condition": a part of them too
        let of_the_injured = lower(tokens, f.quantity.last + 1) == "of"
            && lower(tokens, f.quantity.last + 2) == "the"
            && kind_of(lower(tokens, f.quantity.last + 3)) == Some(HarmKind::Injured);
        let in_condition =
            f.kind == HarmKind::Injured && (lower(tokens, f.cue) == "in" || of_the_injured);
        // "34 are in serious condition, and another five in critical condition": those in one
        // condition and another are summed
        let another = lower_before(tokens, &f.quantity, 1) == "another";
        if in_condition && injured_before && another && last_in_condition {
            if let Some(prev) = out.last_mut() {
                prev.quantity.range = prev.quantity.range.plus(&f.quantity.range);
                prev.noun_phrase.1 = prev.noun_phrase.1.max(f.noun_phrase.1);
            }
            continue;
        }
        if !(in_condition && injured_before) {
            injured_before |= f.kind == HarmKind::Injured;
            last_in_condition = in_condition;
            out.push(f);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quantity::find_quantities;
    use crate::token::tokenize;

    fn figs(s: &str) -> Vec<(HarmKind, Option<u64>, Option<u64>)> {
        let toks = tokenize(s, 0, s.len());
        let qs = find_quantities(&toks);
        find_figures(&toks, &qs)
            .iter()
            .map(|f| (f.kind, f.quantity.range.min, f.quantity.range.max))
            .collect()
    }

    use HarmKind::*;

    #[test]
    fn a_verb_then_a_short_phrase_then_the_figure_is_read() {
        // the order of an Arabic sentence as glossed; English word order keeps its readings
        let killed = |text: &str| {
            crate::extract(text)
                .first()
                .and_then(|a| a.killed.or(a.injured))
                .and_then(|r| r.min)
        };
        assert_eq!(
            killed("Killed in the attack 11 people, officials said."),
            Some(11)
        );
        assert_eq!(killed("Wounded during the shelling 7 civilians."), Some(7));
        // no people noun after the number: a year, a count of buildings
        assert_eq!(killed("Killed in the attack in 2014 were many."), None);
        assert_eq!(killed("Killed in the attack 11 houses collapsed."), None);
    }

    #[test]
    fn a_part_of_a_whole_harmed_as_the_verb_says_is_the_figure() {
        assert_eq!(
            figs("He said 12 of the 20 people in the house were killed."),
            vec![(Killed, Some(12), Some(12))]
        );
        assert_eq!(
            figs("Six of the 11 passengers died."),
            vec![(Killed, Some(6), Some(6))]
        );
        assert_eq!(
            figs("None of the 30 pupils was hurt."),
            vec![(Injured, Some(0), Some(0))]
        );
        // a harm word naming the whole keeps the whole
        assert_eq!(
            figs("Three of the 14 people killed were children."),
            vec![(Killed, Some(14), Some(14))]
        );
        assert_eq!(
            figs("Two of the 9 wounded were in critical condition."),
            vec![(Injured, Some(9), Some(9))]
        );
    }

    #[test]
    fn phrasal_and_reflexive_objects_of_killing() {
        assert_eq!(
            figs("Soldiers gunned down 12 villagers at the well."),
            vec![(Killed, Some(12), Some(12))]
        );
        assert_eq!(
            figs("The bomber killed himself and 3 others."),
            vec![(Killed, Some(3), Some(3))]
        );
        assert_eq!(
            figs("The militia lost 15 fighters in the battle."),
            vec![(Killed, Some(15), Some(15))]
        );
        assert!(figs("The town lost 15 houses in the fire.").is_empty());
    }

    #[test]
    fn more_verbs_and_nouns_of_killing() {
        assert_eq!(
            figs("Gunmen murdered 12 villagers."),
            vec![(Killed, Some(12), Some(12))]
        );
        assert_eq!(
            figs("Twelve villagers were slaughtered."),
            vec![(Killed, Some(12), Some(12))]
        );
        assert_eq!(
            figs("Seven protesters were shot and killed by police."),
            vec![(Killed, Some(7), Some(7))]
        );
        assert_eq!(
            figs("Two men were fatally wounded in the attack."),
            vec![(Killed, Some(2), Some(2))]
        );
        assert_eq!(
            figs("The blast went off, fatally wounding three guards."),
            vec![(Killed, Some(3), Some(3))]
        );
        assert_eq!(
            figs("The massacre of 31 villagers shocked the region."),
            vec![(Killed, Some(31), Some(31))]
        );
        assert_eq!(
            figs("Rescuers recovered the remains of 8 people."),
            vec![(Killed, Some(8), Some(8))]
        );
    }

    #[test]
    fn whose_the_harmed_were_sits_before_the_figure() {
        assert_eq!(
            figs("The strike killed his two brothers."),
            vec![(Killed, Some(2), Some(2))]
        );
        assert_eq!(
            figs("The shelling wounded their three children."),
            vec![(Injured, Some(3), Some(3))]
        );
        assert_eq!(
            figs("He lost his two sons in the raid."),
            vec![(Killed, Some(2), Some(2))]
        );
    }

    #[test]
    fn a_part_of_those_harmed_opening_its_sentence_is_a_figure() {
        assert_eq!(
            figs("Seven of those killed were from one family."),
            vec![(Killed, Some(7), Some(7))]
        );
        // inside a sentence that gives the whole, it is a part of it
        assert_eq!(
            figs("The strike killed 20 people, and 7 of those killed were children."),
            vec![(Killed, Some(20), Some(20))]
        );
    }

    #[test]
    fn a_clause_with_its_own_verb_lists_nothing() {
        assert_eq!(
            figs("Three of the 12 ambulances were damaged and 2 paramedics were killed."),
            vec![(Killed, Some(2), Some(2))]
        );
        assert_eq!(
            figs("Twelve staff and 10 patients were killed."),
            vec![(Killed, Some(22), Some(22))]
        );
    }

    #[test]
    fn an_earlier_toll_in_a_relative_clause_is_passed_over() {
        assert_eq!(
            figs("The death toll, which had stood at 12 on Monday, rose to 19 on Tuesday."),
            vec![(Killed, Some(12), Some(12)), (Killed, Some(19), Some(19))]
        );
    }

    #[test]
    fn an_estimate_of_the_harmed_gives_the_figure() {
        assert_eq!(
            figs("Civilian deaths in the raid were estimated at 23."),
            vec![(Killed, Some(23), Some(23))]
        );
    }

    #[test]
    fn a_figure_before_the_toll_it_gives() {
        assert_eq!(
            figs("The discovery raised to 40 the death toll from the bombing."),
            vec![(Killed, Some(40), Some(40))]
        );
        assert_eq!(
            figs("Two more died, bringing to 23 the toll of the attack."),
            vec![(Killed, Some(2), Some(2)), (Killed, Some(23), Some(23))]
        );
    }

    #[test]
    fn a_revision_right_after_its_figure_is_read() {
        assert_eq!(
            figs("The council raised the toll to 30 then 34 villagers."),
            vec![(Killed, Some(30), Some(30)), (Killed, Some(34), Some(34))]
        );
        assert_eq!(
            figs("The number of dead rose to 17 and then to 22."),
            vec![(Killed, Some(17), Some(17)), (Killed, Some(22), Some(22))]
        );
        assert_eq!(
            figs("Three of those injured died overnight."),
            vec![(Killed, Some(3), Some(3))]
        );
    }

    #[test]
    fn active_frames() {
        assert_eq!(
            figs("The blast collapsed the house, killing 61 civilians."),
            vec![(Killed, Some(61), Some(61))]
        );
        assert_eq!(
            figs("The gunship attacked, killing 42 and injuring at least 30."),
            vec![(Killed, Some(42), Some(42)), (Injured, Some(30), None)]
        );
        assert_eq!(
            figs("The raid claimed the lives of 12 people."),
            vec![(Killed, Some(12), Some(12))]
        );
        // a group joined by "along with" or "as well as" adds to the figure before
        assert_eq!(
            figs("16 fighters were killed along with four civilians."),
            vec![(Killed, Some(20), Some(20))]
        );
        assert_eq!(
            figs("16 fighters were killed as well as four civilians."),
            vec![(Killed, Some(20), Some(20))]
        );
        assert_eq!(
            figs("He lost his wife and four of his children in the strike."),
            vec![(Killed, Some(5), Some(5))]
        );
        assert_eq!(
            figs("He lost seven family members that night."),
            vec![(Killed, Some(7), Some(7))]
        );
    }

    #[test]
    fn a_named_person_with_an_age_is_one() {
        let one = |s: &str| {
            let tokens = crate::token::tokenize(s, 0, s.len());
            let mut qs = crate::quantity::find_quantities(&tokens);
            let aged = named_victims_with_age(s, &tokens, &qs);
            qs.retain(|q| !aged.iter().any(|a| a.first <= q.first && q.last <= a.last));
            qs.extend(aged);
            qs.sort_by_key(|q| q.first);
            find_figures(&tokens, &qs)
                .iter()
                .map(|f| (f.kind, f.quantity.range.min, f.quantity.range.max))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            one("Jane Doe, 67, from the old town, who was wounded in the arm, said so."),
            vec![(Injured, Some(1), Some(1))]
        );
        assert_eq!(
            one("Her son, Omar Ahmed al-Amin, 12, was killed."),
            vec![(Killed, Some(1), Some(1))]
        );
        // an age alone, or a name with no harm, is not a figure
        assert!(one("Jane Doe, 67, said the building shook.").is_empty());
        assert!(one("The man, 67, was wounded.").is_empty());
    }

    #[test]
    fn a_count_of_strikes_does_not_hide_the_toll() {
        assert_eq!(
            figs("The death toll from three air strikes on the market rose to 116."),
            vec![(Killed, Some(116), Some(116))]
        );
        assert_eq!(
            figs("The death toll from 3 airstrikes has risen to 40."),
            vec![(Killed, Some(40), Some(40))]
        );
    }

    #[test]
    fn a_tallied_toll_may_name_its_event_at_length() {
        // the event's description between the toll and "has risen to" is long, but a verb of
        // tallying gives the figure
        assert_eq!(
            figs("The death toll in the mistaken strike carried out by the national air force on Monday on a camp for displaced families, mostly farmers, near the river town of Lowvale in the northern state has risen to 58."),
            vec![(Killed, Some(58), Some(58))]
        );
        assert_eq!(
            figs("The deaths caused by the shelling of the crowded bus station in the old quarter of the eastern city on New Year's Eve have reached 37."),
            vec![(Killed, Some(37), Some(37))]
        );
        // without a verb of tallying a toll so far away is not the figure's
        assert!(figs("The death toll in the mistaken strike carried out by the national air force on Monday on a camp for displaced families, mostly farmers, near the river town of Lowvale in the northern state was one of 58 reasons.").is_empty());
    }

    #[test]
    fn passive_and_nominal_frames() {
        // articles do not count toward the phrase's length either
        assert_eq!(
            figs("At least 19 fighters of the Hamas and of the Islamic Jihad were killed."),
            vec![(Killed, Some(19), None)]
        );
        // auxiliaries do not count toward the phrase's length
        assert_eq!(
            figs("More than 90 rebel fighters and civilians are reported to have been killed."),
            vec![(Killed, Some(91), None)]
        );
        assert_eq!(
            figs("The army said 61 bodies had been recovered."),
            vec![(Killed, Some(61), Some(61))]
        );
        assert_eq!(
            figs("There were at least 35 civilian deaths."),
            vec![(Killed, Some(35), None)]
        );
        assert_eq!(
            figs("Scores killed, even more injured"),
            vec![(Killed, Some(40), None)]
        );
        assert_eq!(
            figs("At least 56 civilians, including 11 children, were killed in the raids."),
            vec![(Killed, Some(56), None)]
        );
        assert_eq!(
            figs("At least 107 people, including women and children, lost their lives."),
            vec![(Killed, Some(107), None)]
        );
        assert_eq!(
            figs("Aid groups put the death figure at 115 and more than 100 injured."),
            vec![(Killed, Some(115), Some(115)), (Injured, Some(101), None)]
        );
        assert_eq!(
            figs("At least 30 survivors are being treated for their injuries in hospitals."),
            vec![(Injured, Some(30), None)]
        );
        assert_eq!(
            figs("At least 292 people are credibly reported to have died."),
            vec![(Killed, Some(292), None)]
        );
        // an aside opened by a bare "including" ends before the verb, not at a later comma
        assert_eq!(
            figs("At least 15 people including three children were killed."),
            vec![(Killed, Some(15), None)]
        );
        assert_eq!(
            figs("At least 15 civilians including children were killed Sunday in the north, officials said."),
            vec![(Killed, Some(15), None)]
        );
        assert_eq!(
            figs("Officials said 30 were killed and 75 wounded."),
            vec![(Killed, Some(30), Some(30)), (Injured, Some(75), Some(75))]
        );
    }

    #[test]
    fn toll_frames() {
        assert_eq!(
            figs("The death toll rose to 43, with 61 wounded."),
            vec![(Killed, Some(43), Some(43)), (Injured, Some(61), Some(61))]
        );
        assert_eq!(
            figs("An aid worker put the number of dead at 85."),
            vec![(Killed, Some(85), Some(85))]
        );
        assert_eq!(figs("Fatalities: 28"), vec![(Killed, Some(28), Some(28))]);
    }

    #[test]
    fn non_harm_is_ignored() {
        assert!(figs("Dozens of civilians were huddled in the basement.").is_empty());
        assert!(figs("Rescuers found 26 women and children alive.").is_empty());
        assert!(figs("The campaign drew in 75 coalition nations.").is_empty());
    }

    #[test]
    fn listed_groups_are_summed() {
        assert_eq!(
            figs("At least 12 staff and 10 patients were killed."),
            vec![(Killed, Some(22), None)]
        );
    }

    #[test]
    fn listed_individuals_are_counted() {
        assert_eq!(
            figs("A woman and her two children were killed."),
            vec![(Killed, Some(3), Some(3))]
        );
        assert_eq!(
            figs("A child lay dead in the street."),
            vec![(Killed, Some(1), Some(1))]
        );
    }

    #[test]
    fn rates_and_hypotheticals_are_not_counts() {
        assert!(figs("Pilots killed one civilian in every three strikes.").is_empty());
        assert!(figs("Troops took care to prevent even one civilian death.").is_empty());
    }

    #[test]
    fn relative_clauses_and_revisions() {
        assert_eq!(
            figs("Up to 24 civilians who had been sheltering with fighters were killed."),
            vec![(Killed, None, Some(24))]
        );
        assert_eq!(
            figs("The group raised the death toll to 56, then 59 civilians."),
            vec![(Killed, Some(56), Some(56)), (Killed, Some(59), Some(59))]
        );
        assert_eq!(
            figs("Relatives buried the 10 people who were killed yesterday."),
            vec![(Killed, Some(10), Some(10))]
        );
        assert_eq!(
            figs("The 300 people who were sheltering inside were killed."),
            vec![(Killed, Some(300), Some(300))]
        );
        // a relative clause that is not harm stays none
        assert!(figs("The 130 people who were inside were rescued.").is_empty());
    }

    #[test]
    fn relatives_lost_are_killed() {
        assert_eq!(
            figs("He said he lost two cousins in the strike."),
            vec![(Killed, Some(2), Some(2))]
        );
        // what was lost is not always people
        assert!(figs("He lost two cars in the strike.").is_empty());
    }

    #[test]
    fn relatives_listed_with_possessives_are_each_one_person() {
        for text in [
            "The strike killed his wife, his mother and three of his children.",
            "His wife, his mother and three of his children were killed in the strike.",
            "Her three sisters, her mother and her father had been killed.",
        ] {
            assert_eq!(figs(text), vec![(Killed, Some(5), Some(5))], "{text}");
        }
        assert_eq!(
            figs("He lost his wife and two sons in the strike."),
            vec![(Killed, Some(3), Some(3))]
        );
        // one relative alone is most often one of a family already counted; a relative who
        // speaks is no count
        assert!(figs("Once at the clinic, his daughter had died.").is_empty());
        assert_eq!(
            figs("His son said the strike killed 12 people."),
            vec![(Killed, Some(12), Some(12))]
        );
    }

    #[test]
    fn a_relative_listed_before_a_counted_group_is_one_person() {
        assert_eq!(
            figs("Her husband, three daughters and a son died in the shelling."),
            vec![(Killed, Some(5), Some(5))]
        );
        assert_eq!(
            figs("A drone strike killed a young man and his parents."),
            vec![(Killed, Some(3), Some(3))]
        );
        // an age after a relative is no count of people
        assert!(figs("Her son, 14, was killed.").is_empty());
    }

    #[test]
    fn the_injured_who_later_died_are_killed() {
        assert_eq!(
            figs("Two of the wounded later died in hospital."),
            vec![(Killed, Some(2), Some(2))]
        );
        assert_eq!(
            figs("Four of the injured have since died, doctors said."),
            vec![(Killed, Some(4), Some(4))]
        );
        // the injured in a condition stay injured
        assert_eq!(
            figs("Five of the wounded were in a serious state."),
            vec![(Injured, Some(5), Some(5))]
        );
    }

    #[test]
    fn another_after_a_figure_is_one_more_person() {
        assert_eq!(
            figs("One man was killed and another wounded when the shell landed."),
            vec![(Killed, Some(1), Some(1)), (Injured, Some(1), Some(1))]
        );
        assert_eq!(
            figs("Two passers-by were killed and a third was badly hurt."),
            vec![(Killed, Some(2), Some(2)), (Injured, Some(1), Some(1))]
        );
        assert_eq!(
            figs("Three soldiers died and another was injured."),
            vec![(Killed, Some(3), Some(3)), (Injured, Some(1), Some(1))]
        );
        // "another" before a number is a qualifier of that number
        assert_eq!(
            figs("Two died and another 14 were hurt."),
            vec![(Killed, Some(2), Some(2)), (Injured, Some(14), Some(14))]
        );
    }

    #[test]
    fn people_buried_by_the_living_are_the_dead() {
        assert_eq!(
            figs("“Yesterday we buried 14 people from our street,” a resident said."),
            vec![(Killed, Some(14), Some(14))]
        );
        // the sentence is read although it has no other harm word
        let accounts = crate::extract("“We buried 9 people today,” the imam said.");
        assert_eq!(
            accounts.first().and_then(|a| a.killed).and_then(|r| r.min),
            Some(9)
        );
        // the buried may be alive; what is buried may be no one
        assert!(figs("Rescuers said 6 people were buried under the rubble.").is_empty());
        assert!(figs("They buried two cars under the sand.").is_empty());
    }

    #[test]
    fn a_family_of_n_as_the_object_is_the_figure() {
        assert_eq!(
            figs("The missile killed a family of seven in their sleep."),
            vec![(Killed, Some(7), Some(7))]
        );
        assert_eq!(
            figs("Shelling wounded an entire family of four on Monday."),
            vec![(Injured, Some(4), Some(4))]
        );
        // a family that only lived there is no harm
        assert!(figs("The strike hit a family of six living nearby.").is_empty());
    }

    #[test]
    fn objects_listed_after_an_active_verb_are_summed() {
        assert_eq!(
            figs("The strike killed a man and his three sons."),
            vec![(Killed, Some(4), Some(4))]
        );
        assert_eq!(
            figs("The strike killed an aid worker and nine of his relatives."),
            vec![(Killed, Some(10), Some(10))]
        );
        // a second figure of its own stays one
        assert_eq!(
            figs("The strike killed 12 people and wounded 30 others."),
            vec![(Killed, Some(12), Some(12)), (Injured, Some(30), Some(30))]
        );
    }

    #[test]
    fn a_participle_before_people_describes_them() {
        assert_eq!(
            figs("At least 33 displaced people were killed."),
            vec![(Killed, Some(33), None)]
        );
        assert!(figs("At least 3,000 people displaced by the fighting.").is_empty());
    }

    #[test]
    fn a_part_of_harmed_people_no_one_counted_is_the_figure() {
        assert_eq!(
            figs("Shells fell on the camp and killed civilians, among them six children."),
            vec![(Killed, Some(6), Some(6))]
        );
        assert_eq!(
            figs("Villagers were wounded, including 4 boys and 2 girls."),
            vec![(Injured, Some(6), Some(6))]
        );
        // the clause may name where the harm was at some length
        assert_eq!(
            figs("Residents were killed in the raids on the old quarter, including 7 boys."),
            vec![(Killed, Some(7), Some(7))]
        );
        // a count before: the part is of it, and the count is the figure
        assert_eq!(
            figs("The raid killed 14 people, among them six children."),
            vec![(Killed, Some(14), Some(14))]
        );
        // a harmed group as a noun phrase states no harm of its own
        assert!(figs("Medics carried the dead, including a baby, to the van.").is_empty());
        assert!(figs("The delegation met farmers, including 9 women.").is_empty());
    }

    #[test]
    fn who_was_among_the_harmed_is_a_figure() {
        assert_eq!(
            figs("Among the dead were 4 nurses and 2 doctors, the agency said."),
            vec![(Killed, Some(6), Some(6))]
        );
        assert_eq!(
            figs("Among the injured there are 11 pupils."),
            vec![(Injured, Some(11), Some(11))]
        );
        // among a group that was not harmed: nothing
        assert!(figs("Among the guests were 40 teachers.").is_empty());
    }

    #[test]
    fn a_day_between_the_verb_and_a_demonym_keeps_the_figure() {
        assert_eq!(
            figs("Troops killed on Thursday 9 Afghans near the border."),
            vec![(Killed, Some(9), Some(9))]
        );
        assert_eq!(
            figs("Police wounded on Sunday 15 protesters in the square."),
            vec![(Injured, Some(15), Some(15))]
        );
        assert_eq!(
            figs("Snipers shot dead on Monday 2 Iraqis at the checkpoint."),
            vec![(Killed, Some(2), Some(2))]
        );
        // two short phrases between: a place, then the day
        assert_eq!(
            figs("Soldiers killed in Hebron on Friday 3 Palestinians."),
            vec![(Killed, Some(3), Some(3))]
        );
        // a count of things after the day is no figure
        assert!(figs("The strike killed on Thursday 9 goats near the border.").is_empty());
    }

    #[test]
    fn people_listed_or_named_in_an_apposition_are_counted() {
        assert_eq!(
            figs("A doctor, a nurse and their son were killed in the strike."),
            vec![(Killed, Some(3), Some(3))]
        );
        assert_eq!(
            figs("Three villagers, two men and a boy, were wounded."),
            vec![(Injured, Some(3), Some(3))]
        );
        assert_eq!(
            figs("A man and woman died when the shell landed."),
            vec![(Killed, Some(2), Some(2))]
        );
    }

    #[test]
    fn a_figure_set_in_an_aside_or_by_it_is_read() {
        assert_eq!(
            figs("The injured, numbering about 40, were taken to clinics."),
            vec![(Injured, Some(40), Some(40))]
        );
        assert_eq!(
            figs("Dozens died in the strike, and the ministry put it at 33."),
            vec![(Killed, Some(24), None), (Killed, Some(33), Some(33))]
        );
        assert_eq!(
            figs("A couple of fishermen were killed at the port."),
            vec![(Killed, Some(2), Some(2))]
        );
        // "put it at" with no harm before, and an aside after a group not harmed: nothing
        assert!(figs("The council put it at 33 in its budget.").is_empty());
        assert!(figs("The guests, numbering about 40, were seated.").is_empty());
    }

    #[test]
    fn a_harmed_group_that_included_people_counts_them() {
        assert_eq!(
            figs("The dead included four women and three children."),
            vec![(Killed, Some(7), Some(7))]
        );
        assert_eq!(
            figs("Those wounded include 9 students."),
            vec![(Injured, Some(9), Some(9))]
        );
        // what a group of things included is no figure
        assert!(figs("The convoy included 12 trucks.").is_empty());
        assert!(figs("The delegation included three ministers.").is_empty());
    }

    #[test]
    fn a_harmed_group_some_words_before_a_tally_verb_is_its_subject() {
        assert_eq!(
            figs("The deaths caused by the flooding in the valley have reached 88."),
            vec![(Killed, Some(88), Some(88))]
        );
        assert_eq!(
            figs("Casualties from the explosion rose to 45."),
            vec![(Casualties, Some(45), Some(45))]
        );
        // no harm noun before the verb, or a speaker between: no figure
        assert!(figs("Prices in the capital have reached 88.").is_empty());
    }

    #[test]
    fn lives_claimed_and_lost_are_killed() {
        assert_eq!(
            figs("The fire claimed 17 lives."),
            vec![(Killed, Some(17), Some(17))]
        );
        assert_eq!(
            figs("Seventeen lives were lost in the attack."),
            vec![(Killed, Some(17), Some(17))]
        );
        assert!(figs("The fire claimed 17 houses.").is_empty());
    }

    #[test]
    fn all_or_a_further_before_the_object_figure() {
        assert_eq!(
            figs("The crash killed all 40 people on board."),
            vec![(Killed, Some(40), Some(40))]
        );
        assert_eq!(
            figs("A later shell wounded a further six."),
            vec![(Injured, Some(6), Some(6))]
        );
    }

    #[test]
    fn a_counted_part_in_an_aside_is_skipped() {
        assert_eq!(
            figs("Five people, two of them children, were killed."),
            vec![(Killed, Some(5), Some(5))]
        );
        assert_eq!(
            figs("Eight men, three of whom were brothers, died."),
            vec![(Killed, Some(8), Some(8))]
        );
        // a partitive of the harmed is one figure, not two
        assert_eq!(
            figs("One of the victims was a nurse."),
            vec![(Killed, Some(1), Some(1))]
        );
    }

    #[test]
    fn shot_dead_and_executed_take_their_object() {
        assert_eq!(
            figs("Gunmen shot dead four farmers."),
            vec![(Killed, Some(4), Some(4))]
        );
        assert_eq!(
            figs("The militia executed 11 prisoners."),
            vec![(Killed, Some(11), Some(11))]
        );
    }

    #[test]
    fn no_one_and_nobody_deny_harm() {
        assert_eq!(
            figs("No one was killed in the blast."),
            vec![(Killed, Some(0), Some(0))]
        );
        assert_eq!(figs("Nobody was hurt."), vec![(Injured, Some(0), Some(0))]);
    }

    #[test]
    fn people_of_the_victims_are_not_the_victims() {
        assert!(figs("About 40 relatives of the victims gathered outside.").is_empty());
        assert!(figs("Two lawyers for the families of the dead spoke.").is_empty());
        // a part of the harmed, or people killed with an "of" phrase, still count
        assert_eq!(
            figs("Three of the victims were children."),
            vec![(Killed, Some(3), Some(3))]
        );
        assert_eq!(
            figs("Six members of the family were killed."),
            vec![(Killed, Some(6), Some(6))]
        );
        assert_eq!(
            figs("Eleven members of one family perished in the blast."),
            vec![(Killed, Some(11), Some(11))]
        );
        // people admitted to a named hospital are its injured; people near one are not
        assert_eq!(
            figs("More than 40 people, all of them civilians, were admitted to Abs Hospital."),
            vec![(Injured, Some(41), None)]
        );
        assert!(figs("Nine people were in the street near the hospital.").is_empty());
        // a part of the harmed named before the figure
        assert_eq!(
            figs("Of those killed, 12 were children."),
            vec![(Killed, Some(12), Some(12))]
        );
        assert_eq!(
            figs("Of the wounded, 30 are in serious condition."),
            vec![(Injured, Some(30), Some(30))]
        );
        assert!(figs("Of the houses, 12 were destroyed.").is_empty());
        // a counted group's part is no figure of its own
        assert_eq!(
            figs("The 27 victims included 9 women."),
            vec![(Killed, Some(27), Some(27))]
        );
        // ages in an aside between the figure and its verb
        assert_eq!(
            figs("Two brothers, aged 8 and 12, were killed."),
            vec![(Killed, Some(2), Some(2))]
        );
    }

    #[test]
    fn found_dead_is_killed() {
        assert_eq!(
            figs("Two more people were found dead under the rubble."),
            vec![(Killed, Some(2), Some(2))]
        );
        assert!(figs("Rescuers found 12 people alive.").is_empty());
    }

    #[test]
    fn a_series_of_dated_figures_gives_one_figure_each() {
        assert_eq!(
            figs("Civilian deaths rose from 40 in 2019 to 75 in 2020 and 130 in 2021."),
            vec![
                (Killed, Some(40), Some(40)),
                (Killed, Some(75), Some(75)),
                (Killed, Some(130), Some(130))
            ]
        );
        assert_eq!(
            figs("Civilian casualties rose from 12 in March to 30 in April."),
            vec![
                (Casualties, Some(12), Some(12)),
                (Casualties, Some(30), Some(30))
            ]
        );
        // undated numbers after a dated figure are not part of the series
        assert_eq!(
            figs("Civilian deaths rose to 40 in 2019 and 75 trucks were lost."),
            vec![(Killed, Some(40), Some(40))]
        );
    }

    #[test]
    fn people_in_hospital_are_injured() {
        assert_eq!(
            figs("Nine more are in hospital."),
            vec![(Injured, Some(9), Some(9))]
        );
        assert_eq!(
            figs("Two people were taken to hospital with burns."),
            vec![(Injured, Some(2), Some(2))]
        );
        // those who work there, or died there, are not
        assert!(figs("Some 40 doctors work in the hospital.").is_empty());
        assert_eq!(
            figs("Three people died in hospital."),
            vec![(Killed, Some(3), Some(3))]
        );
    }

    #[test]
    fn those_in_a_condition_after_an_injured_figure_are_a_part_of_it() {
        assert_eq!(
            figs("Forty people were hospitalised, and 12 are in critical condition."),
            vec![(Injured, Some(40), Some(40))]
        );
        assert_eq!(
            figs("Five people are in critical condition."),
            vec![(Injured, Some(5), Some(5))]
        );
    }

    #[test]
    fn a_harm_noun_with_its_own_determiner_is_another_phrase() {
        assert!(figs("One officer described the casualties as heavy.").is_empty());
        assert!(figs("One woman held the hand of a dead child.").is_empty());
        assert_eq!(
            figs("Two paramedics were among the dead."),
            vec![(Killed, Some(2), Some(2))]
        );
        assert_eq!(
            figs("Seven of the dead were children."),
            vec![(Killed, Some(7), Some(7))]
        );
    }

    #[test]
    fn combined_casualties() {
        assert_eq!(
            figs("It left dozens of people dead or injured."),
            vec![(Casualties, Some(24), None)]
        );
        assert_eq!(
            figs("No civilians were killed."),
            vec![(Killed, Some(0), Some(0))]
        );
    }

    /// A figure's (min, max), when the account has one.
    type MinMax = Option<(Option<u64>, Option<u64>)>;

    /// The killed and injured (min, max) of each account `crate::extract` finds in `text`.
    fn accounts(text: &str) -> Vec<(MinMax, MinMax)> {
        crate::extract(text)
            .iter()
            .map(|a| {
                (
                    a.killed.map(|r| (r.min, r.max)),
                    a.injured.map(|r| (r.min, r.max)),
                )
            })
            .collect()
    }

    #[test]
    fn ages_and_names_set_off_by_commas_do_not_break_a_list() {
        assert_eq!(
            figs("The strike killed a boy, 12, and his sister, 8, witnesses said."),
            vec![(Killed, Some(2), Some(2))]
        );
        assert_eq!(
            figs("Her son, Yusuf, and his wife were killed in the raid."),
            vec![(Killed, Some(2), Some(2))]
        );
        // an age alone is still no count
        assert!(figs("The girl, 9, was taken to a clinic.").is_empty());
    }

    #[test]
    fn people_named_by_what_they_are_listed_with_commas_are_summed() {
        assert_eq!(
            accounts("Shelling kills medic, three farmers near border town"),
            vec![(Some((Some(4), Some(4))), None)]
        );
        assert_eq!(
            figs("The dead included a teacher, two students and a nurse."),
            vec![(Killed, Some(4), Some(4))]
        );
        // a count of people broken down after a comma is not summed
        assert_eq!(
            figs("The blast killed 12 people, five women and seven children."),
            vec![(Killed, Some(12), Some(12))]
        );
    }

    #[test]
    fn the_harmed_as_the_subject_of_were() {
        assert_eq!(
            figs("Killed were 6 villagers, including two women."),
            vec![(Killed, Some(6), Some(6))]
        );
        assert_eq!(
            figs("Killed in the shelling were a driver and two paramedics."),
            vec![(Killed, Some(3), Some(3))]
        );
        assert_eq!(
            figs("The victims were a boy and his grandmother."),
            vec![(Killed, Some(2), Some(2))]
        );
        assert_eq!(
            figs("Wounded were four soldiers."),
            vec![(Injured, Some(4), Some(4))]
        );
        // a count before the group makes the group counted already: its parts are no figure
        assert_eq!(
            figs("The 9 victims were 4 men and 5 women."),
            vec![(Killed, Some(9), Some(9))]
        );
    }

    #[test]
    fn a_figure_for_another_day_after_and_is_its_own() {
        assert_eq!(
            figs("Medics said 14 people were killed on Monday and 22 on Tuesday."),
            vec![(Killed, Some(14), Some(14)), (Killed, Some(22), Some(22))]
        );
        assert_eq!(
            figs("The raids killed 20 people on Saturday and another 15 on Sunday."),
            vec![(Killed, Some(20), Some(20)), (Killed, Some(15), Some(15))]
        );
        assert_eq!(
            accounts("Officials said 9 were killed in March and 4 in April."),
            vec![
                (Some((Some(9), Some(9))), None),
                (Some((Some(4), Some(4))), None)
            ]
        );
        // without a time for each, listed groups are still one figure
        assert_eq!(
            figs("At least 12 staff and 10 patients were killed."),
            vec![(Killed, Some(22), None)]
        );
    }

    #[test]
    fn people_still_in_a_condition_are_injured_and_a_part_of_the_injured_is_no_new_figure() {
        assert_eq!(
            figs("Five people remain in critical condition."),
            vec![(Injured, Some(5), Some(5))]
        );
        assert_eq!(
            figs(
                "At least 40 people were wounded, and 12 of the injured are in serious condition."
            ),
            vec![(Injured, Some(40), None)]
        );
        // alone, a part of the injured in a condition is given as it is
        assert_eq!(
            figs("Six of the injured are in serious condition."),
            vec![(Injured, Some(6), Some(6))]
        );
    }

    #[test]
    fn a_parent_of_n_is_one_person() {
        assert_eq!(
            figs("A father of four was killed in the strike."),
            vec![(Killed, Some(1), Some(1))]
        );
        assert_eq!(
            figs("A mother of three and her son were killed."),
            vec![(Killed, Some(2), Some(2))]
        );
    }

    #[test]
    fn a_phrase_describing_the_counted_may_stand_before_the_passive_verb() {
        assert_eq!(
            figs("Three civilians in the old city were killed on Monday."),
            vec![(Killed, Some(3), Some(3))]
        );
        assert_eq!(
            figs("Five people from one family, including three children, were killed."),
            vec![(Killed, Some(5), Some(5))]
        );
        assert_eq!(
            figs("Two people in the car died."),
            vec![(Killed, Some(2), Some(2))]
        );
        assert!(figs("There were 30 people in the building when it was hit.").is_empty());
        assert!(figs("About 200 people in the shelter were rescued.").is_empty());
    }

    #[test]
    fn a_toll_gives_no_figure_to_one_person_or_when_there_is_none() {
        assert!(figs(
            "There was no official death toll, but one senior commander described the losses as heavy."
        )
        .is_empty());
        assert!(figs("Several agencies questioned the number of casualties.").is_empty());
    }

    #[test]
    fn succumbing_to_injuries_is_dying() {
        assert_eq!(
            figs("Two people later succumbed to their injuries."),
            vec![(Killed, Some(2), Some(2))]
        );
    }

    #[test]
    fn people_treated_for_injuries_are_injured() {
        assert_eq!(
            figs("Rescue teams said they had treated 35 people for wounds."),
            vec![(Injured, Some(35), Some(35))]
        );
        assert_eq!(
            figs("Medics treated 22 for their injuries."),
            vec![(Injured, Some(22), Some(22))]
        );
        // treated for something that is no injury
        assert!(figs("The clinic treated 30 people for smoke inhalation.").is_empty());
    }

    #[test]
    fn an_age_alone_names_one_person() {
        assert_eq!(
            figs("The shelling killed an 8-year-old and wounded his mother."),
            vec![(Killed, Some(1), Some(1))]
        );
        assert_eq!(
            figs("A 3-year-old was among the dead."),
            vec![(Killed, Some(1), Some(1))]
        );
    }

    #[test]
    fn the_age_or_name_of_one_person_counted_is_skipped() {
        assert_eq!(
            figs("A boy, 12, was killed in the strike."),
            vec![(Killed, Some(1), Some(1))]
        );
        assert_eq!(
            figs("A farmer, Sami Haddad, was wounded."),
            vec![(Injured, Some(1), Some(1))]
        );
        assert_eq!(
            figs("A man, 60, and his grandson, 7, were killed."),
            vec![(Killed, Some(2), Some(2))]
        );
        // a decade of life is no count
        assert_eq!(
            figs("A woman in her 50s was killed."),
            vec![(Killed, Some(1), Some(1))]
        );
        // a speaker set off by commas is not a name
        assert!(figs("Three people, residents said, were killed.").is_empty());
    }

    #[test]
    fn one_of_the_injured_named_then_dying_is_killed() {
        assert_eq!(
            figs("One of the wounded, a 12-year-old girl, later died."),
            vec![(Killed, Some(1), Some(1))]
        );
    }

    #[test]
    fn a_child_after_a_possessive_is_one_more_in_a_list() {
        assert_eq!(
            figs("The strike killed a pregnant woman, her husband and their toddler."),
            vec![(Killed, Some(3), Some(3))]
        );
    }

    #[test]
    fn those_in_one_condition_and_another_are_summed() {
        assert_eq!(
            figs("Officials said 30 of the injured are in serious condition, and another four are in critical condition."),
            vec![(Injured, Some(34), Some(34))]
        );
        // after an injured count, those in a condition are still a part of it
        assert_eq!(
            figs("52 people were hospitalised, and 34 are in critical condition."),
            vec![(Injured, Some(52), Some(52))]
        );
    }

    #[test]
    fn a_figure_of_things_of_someone_is_no_count_of_people() {
        assert_eq!(
            figs("A bombing at one of the airport's gates killed 13 soldiers."),
            vec![(Killed, Some(13), Some(13))]
        );
        assert_eq!(
            figs("Two of the family's children were killed."),
            vec![(Killed, Some(2), Some(2))]
        );
    }

    #[test]
    fn no_before_a_quoted_word_denies_harm() {
        assert_eq!(
            figs("No ‘non-combatants’ – civilians – have been killed in the region, the official claimed."),
            vec![(Killed, Some(0), Some(0))]
        );
    }

    #[test]
    fn no_indication_that_any_were_killed_is_a_denial() {
        assert_eq!(
            figs("The army said it had no indication that any civilians had been killed."),
            vec![(Killed, Some(0), Some(0))]
        );
        assert_eq!(
            figs("There was no credible evidence that any civilians were injured."),
            vec![(Injured, Some(0), Some(0))]
        );
        // "any" otherwise counts nothing
        assert!(figs("It was unclear whether any civilians were killed.").is_empty());
    }
}
