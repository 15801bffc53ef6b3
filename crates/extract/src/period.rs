//! The period a total counts over, in the report's words: "since 24 February", "over the past
//! month", "during the seven-year operation", "in 2023", "the war". Found for aggregate accounts
//! only (an incident has a date instead), and copied from the text, never rewritten.

use crate::lexicon::{has, PERIOD_CUES, PERIOD_HEADS};
use crate::token::{Token, TokenKind};

/// How many tokens a period phrase may run after its cue.
const MAX_PERIOD_TOKENS: usize = 6;

/// True for a four-digit year token.
fn is_year(t: &Token) -> bool {
    t.kind == TokenKind::Number && t.lower.len() == 4 && t.lower.starts_with(['1', '2'])
}

/// The period phrase of a sentence's tokens, as a slice of `text`.
pub fn period_phrase<'t>(text: &'t str, tokens: &[Token]) -> Option<&'t str> {
    for (k, t) in tokens.iter().enumerate() {
        let w = t.lower.as_str();
        let next = tokens.get(k + 1).map_or("", |t| t.lower.as_str());
        let cue = (has!(PERIOD_CUES, w) && (w != "over" || matches!(next, "the" | "a")))
            || (w == "this" && matches!(next, "year" | "month"))
            || (w == "in"
                && (matches!(next, "the" | "a") || tokens.get(k + 1).is_some_and(is_year)));
        if !cue {
            continue;
        }
        // the phrase runs to punctuation, at most a few tokens, and must hold a year, a date or a
        // period noun to be a period ("since the war began", "in 2023", "from 24 February 2022")
        let mut end = k;
        let mut period = false;
        for (j, u) in tokens
            .iter()
            .enumerate()
            .skip(k + 1)
            .take(MAX_PERIOD_TOKENS)
        {
            if u.kind == TokenKind::Punct {
                break;
            }
            let lw = u.lower.as_str();
            if has!(PERIOD_HEADS, lw)
                || is_year(u)
                || has!(crate::lexicon::MONTHS, lw)
                || lw.ends_with("-year")
                || lw.ends_with("-month")
            {
                period = true;
                end = j;
            } else if period && !matches!(lw, "began" | "started" | "ago" | "alone") {
                break;
            } else if period {
                end = j;
            }
        }
        if period && end > k {
            return text.get(t.start..tokens[end].end);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(sentence: &str) -> Option<&str> {
        let tokens = crate::token::tokenize(sentence, 0, sentence.len());
        period_phrase(sentence, &tokens)
    }

    #[test]
    fn periods_in_their_own_words() {
        assert_eq!(
            period("More than 1,000 civilians have been killed since the war began in 2014."),
            Some("since the war began")
        );
        assert_eq!(
            period("Over the past month alone, 106 civilians have been killed."),
            Some("Over the past month alone")
        );
        assert_eq!(
            period("The agency recorded 512 civilians killed from 24 February 2022."),
            Some("from 24 February 2022")
        );
        assert_eq!(
            period("This year 300 people died in strikes."),
            Some("This year")
        );
        assert_eq!(
            period("An air strike killed 12 people at the market."),
            None
        );
    }
}
