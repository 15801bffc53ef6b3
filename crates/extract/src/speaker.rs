//! Whether a would-be claimant is a speaker's name: a noun phrase naming who speaks ("local health
//! officials", "the Pentagon"), never a fragment of a clause ("with", "Friday", "is supervising
//! the rescue", "the White House expressed concern over").
//!
//! A verb or harm word of a clause ends the name ("a news agency controlled by …"), noise at either
//! end is trimmed off (a conjunction or preposition before the name, "however" or a day after it),
//! and what is left must name someone: a capitalised word, or a speaker noun at its end ("officials", "ministry", "monitors").
//! The result is a slice of the input: nothing is invented or rewritten.

use crate::lexicon::{
    has, SPEAKER_CLAUSE_WORDS, SPEAKER_HEADS, SPEAKER_LEADING_NOISE, SPEAKER_TRAILING_NOISE,
};

/// The words of `phrase` with their byte offsets; a word is a run of letters, digits, apostrophes,
/// hyphens and dots.
fn words(phrase: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in phrase.char_indices() {
        let part = c.is_alphanumeric() || matches!(c, '\'' | '’' | '-' | '.');
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &phrase[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &phrase[s..]));
    }
    out
}

/// `phrase` trimmed to the speaker it names, or `None` when it names none.
pub fn speaker_phrase(phrase: &str) -> Option<&str> {
    let all = words(phrase);
    // (a lone dash, as a dateline's, is no word)
    let lower = |w: &str| w.trim_matches(['.', '-']).to_lowercase();
    let is_number = |w: &str| w.chars().next().is_some_and(|c| c.is_ascii_digit());
    // an acronym ("WHO", "UN") is a name, whatever word it spells
    let acronym = |w: &str| w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase() || c == '.');
    // a clause word ends the name: "a news agency controlled by …" is "a news agency"
    let cut = all
        .iter()
        .position(|(_, w)| !acronym(w) && has!(SPEAKER_CLAUSE_WORDS, lower(w).as_str()))
        .unwrap_or(all.len());
    let all = &all[..cut];
    let mut first = 0;
    while let Some((_, w)) = all.get(first) {
        let l = lower(w);
        let noise = has!(SPEAKER_LEADING_NOISE, l.as_str()) && !acronym(w);
        if noise || is_number(w) || l.is_empty() {
            first += 1;
        } else {
            break;
        }
    }
    let mut last = all.len();
    while last > first {
        let w = all[last - 1].1;
        let l = lower(w);
        if (has!(SPEAKER_TRAILING_NOISE, l.as_str()) && !acronym(w)) || l.is_empty() {
            last -= 1;
        } else {
            break;
        }
    }
    let kept = all.get(first..last)?;
    let (start, _) = kept.first()?;
    let (end_at, end_word) = kept.last()?;
    let mut end = end_at + end_word.len();
    // an acronym in brackets ends the name with its bracket: "Medecins Sans Frontieres (MSF)"
    let open = phrase[*start..end].matches('(').count();
    if open > phrase[*start..end].matches(')').count() && phrase[end..].starts_with(')') {
        end += 1;
    }
    let capitalised = kept.iter().any(|(_, w)| {
        acronym(w)
            || (w.chars().next().is_some_and(char::is_uppercase)
                && !has!(SPEAKER_TRAILING_NOISE, lower(w).as_str()))
    });
    // a lone capitalised word that is only a day or a sentence-initial adjective is no name
    let named = if capitalised {
        kept.len() > 1 || !kept[0].1.chars().all(|c| c.is_alphabetic()) || kept[0].1.len() > 2
    } else {
        has!(SPEAKER_HEADS, lower(end_word).as_str())
    };
    if !named {
        return None;
    }
    phrase.get(*start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_pass_and_noise_is_trimmed() {
        assert_eq!(
            speaker_phrase("local health officials"),
            Some("local health officials")
        );
        assert_eq!(speaker_phrase("the Pentagon"), Some("the Pentagon"));
        assert_eq!(speaker_phrase("or the monitor"), Some("the monitor"));
        assert_eq!(speaker_phrase("Mr. Okafor however"), Some("Mr. Okafor"));
        assert_eq!(
            speaker_phrase("the Daily Courier first"),
            Some("the Daily Courier")
        );
        assert_eq!(
            speaker_phrase("in coordination with the Ministry of Health"),
            Some("the Ministry of Health")
        );
        assert_eq!(speaker_phrase("Reuters"), Some("Reuters"));
        assert_eq!(speaker_phrase("WHO"), Some("WHO"));
        assert_eq!(speaker_phrase("the inquiry"), Some("the inquiry"));
        assert_eq!(
            speaker_phrase("the council chairman"),
            Some("the council chairman")
        );
        assert_eq!(
            speaker_phrase("- the district head"),
            Some("the district head")
        );
        assert_eq!(
            speaker_phrase("Medecins Sans Frontieres (MSF)"),
            Some("Medecins Sans Frontieres (MSF)")
        );
        // a participle or a verb ends the name
        assert_eq!(
            speaker_phrase("a news agency controlled by the rebels"),
            Some("a news agency")
        );
        assert_eq!(
            speaker_phrase("the embassy expressed concern over"),
            Some("the embassy")
        );
    }

    #[test]
    fn fragments_are_no_speakers() {
        for fragment in [
            "with",
            "Friday",
            "only",
            "is supervising the rescue",
            "the bus was hit",
            "received 47",
            "the death toll",
            "the number of people killed",
            "city",
            "so far",
        ] {
            assert_eq!(speaker_phrase(fragment), None, "{fragment}");
        }
    }
}
