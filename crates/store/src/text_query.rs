//! The words of a full-text search as a person types them, parsed once into terms: every word is
//! required, a word ending in `*` matches as a prefix. The terms are quoted when they become an FTS5
//! query, so no FTS syntax can be injected; a `*` anywhere but at the end of a word is an error, so a
//! query means what it says or is refused.

/// One word of a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The word as searched (letters, digits, inner `-` and `'`).
    pub word: String,
    /// The word ends in `*`: any word beginning with it matches.
    pub prefix: bool,
}

impl Term {
    /// Characters of the part a prefix search expands: the word's last piece after an inner `-` or
    /// `'` (the index splits words there, and the `*` applies to the last piece).
    pub fn prefix_chars(&self) -> usize {
        self.word
            .rsplit(['-', '\''])
            .next()
            .map_or(0, |last| last.chars().count())
    }
}

/// Why a search's text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextQueryError {
    /// A `*` that does not end a word (`*`, `a*b`, `ab**`).
    #[error("`*` may only end a word (as in `strike*`), not {0:?}")]
    MisplacedStar(String),
    /// Nothing to search for: no letters or digits.
    #[error("the search has no word in it (letters or digits)")]
    NoWord,
}

/// A parsed full-text search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextQuery {
    terms: Vec<Term>,
}

/// True for the characters a word is made of (as typed; `*` is handled apart).
fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '\''
}

impl TextQuery {
    /// Parses a search: words are runs of letters, digits, `-` and `'` (other characters separate
    /// them); a word may end in one `*`.
    pub fn parse(text: &str) -> Result<TextQuery, TextQueryError> {
        let mut terms = Vec::new();
        for raw in text.split(|c: char| !(word_char(c) || c == '*')) {
            if raw.is_empty() {
                continue;
            }
            let body = raw.strip_suffix('*');
            let prefix = body.is_some();
            let body = body.unwrap_or(raw);
            if body.contains('*') {
                return Err(TextQueryError::MisplacedStar(raw.to_string()));
            }
            let word = body.trim_matches(|c| c == '-' || c == '\'');
            if word.is_empty() {
                if prefix {
                    return Err(TextQueryError::MisplacedStar(raw.to_string()));
                }
                continue;
            }
            terms.push(Term {
                word: word.to_string(),
                prefix,
            });
        }
        if terms.is_empty() {
            return Err(TextQueryError::NoWord);
        }
        Ok(TextQuery { terms })
    }

    /// The words, in the order given.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// The FTS5 query: each word quoted, all required, `*` after a prefix.
    pub fn to_fts(&self) -> String {
        let mut out = String::new();
        for t in &self.terms {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push('"');
            out.push_str(&t.word);
            out.push('"');
            if t.prefix {
                out.push('*');
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_and_prefixes_kept() -> Result<(), TextQueryError> {
        let q = TextQuery::parse("Mosul  air-strike, strik* \"OR\" NEAR(x)")?;
        assert_eq!(
            q.to_fts(),
            r#""Mosul" "air-strike" "strik"* "OR" "NEAR" "x""#
        );
        assert_eq!(q.terms().len(), 6);
        Ok(())
    }

    #[test]
    fn a_misplaced_star_or_no_word_is_refused() {
        for bad in ["*", "a*b", "abc**", "-*", "x *"] {
            assert!(
                matches!(TextQuery::parse(bad), Err(TextQueryError::MisplacedStar(_))),
                "{bad}"
            );
        }
        for empty in ["", "  ", "!!", "-- ''", "\"()\""] {
            assert_eq!(
                TextQuery::parse(empty),
                Err(TextQueryError::NoWord),
                "{empty}"
            );
        }
    }

    #[test]
    fn a_prefix_is_measured_on_its_last_piece() -> Result<(), TextQueryError> {
        let q = TextQuery::parse("al-s* بغد* strike*")?;
        let lens: Vec<usize> = q.terms().iter().map(Term::prefix_chars).collect();
        assert_eq!(lens, vec![1, 3, 6]);
        Ok(())
    }
}
