//! Word tokens of one sentence, with byte offsets and a lowercase form.
//!
//! The tokenizer keeps hyphenated words together ("sixty-one", "US-led",
//! "100-300") and digit groups ("1,000", "1.5") whole; every other
//! non-space character is a token of its own.

use compact_str::CompactString;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, possibly with inner hyphens or apostrophes.
    Word,
    /// Starts with a digit ("1,000", "18th", "100-300").
    Number,
    /// Any other single character (punctuation, quotes, dashes).
    Punct,
}

/// One token: its byte range in the text, its kind and its lowercase form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte, in the whole text.
    pub start: usize,
    /// Byte offset one past the last byte, in the whole text.
    pub end: usize,
    /// What the token is made of.
    pub kind: TokenKind,
    /// Lowercase form, with typographic apostrophes folded to `'` (inline, no heap for short words).
    pub lower: CompactString,
}

impl Token {
    /// True when the token is a word equal to `w` (lowercase).
    pub fn is(&self, w: &str) -> bool {
        self.lower == w
    }

    /// True when the token is punctuation equal to `c`.
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == TokenKind::Punct && self.lower.starts_with(c)
    }

    /// True when the original text of the token starts with an uppercase letter.
    pub fn is_capitalized(&self, text: &str) -> bool {
        text.get(self.start..self.end)
            .and_then(|s| s.chars().next())
            .is_some_and(|c| c.is_uppercase())
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Lowercases a word, folding typographic apostrophes and non-breaking hyphens.
fn lowercase(raw: &str) -> CompactString {
    if raw.is_ascii() {
        let mut s = CompactString::new(raw);
        s.make_ascii_lowercase();
        return s;
    }
    raw.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '’' => '\'',
            '‑' => '-',
            c => c,
        })
        .collect()
}

/// Splits `text[start..end]` into tokens whose offsets are relative to `text`.
pub fn tokenize(text: &str, start: usize, end: usize) -> Vec<Token> {
    let Some(slice) = text.get(start..end) else {
        return Vec::new();
    };
    let mut tokens = Vec::with_capacity(slice.len() / 5 + 1);
    let mut chars = slice.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if is_word_char(c) {
            let kind = if c.is_ascii_digit() {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            let mut j = i + c.len_utf8();
            while let Some(&(k, d)) = chars.peek() {
                if is_word_char(d) {
                    j = k + d.len_utf8();
                    chars.next();
                    continue;
                }
                // inner joiners: hyphen, apostrophe, and digit separators
                let joiner = matches!(d, '-' | '\'' | '’' | '‑')
                    || (kind == TokenKind::Number && matches!(d, ',' | '.'));
                if joiner {
                    let mut look = chars.clone();
                    look.next();
                    if let Some(&(_, e)) = look.peek() {
                        let ok = if kind == TokenKind::Number && matches!(d, ',' | '.') {
                            e.is_ascii_digit()
                        } else {
                            is_word_char(e)
                        };
                        if ok {
                            chars.next();
                            j = k + d.len_utf8();
                            continue;
                        }
                    }
                }
                break;
            }
            let raw = &slice[i..j];
            let lower = lowercase(raw);
            tokens.push(Token {
                start: start + i,
                end: start + j,
                kind,
                lower,
            });
        } else {
            let lower = CompactString::from(c.encode_utf8(&mut [0u8; 4]) as &str);
            tokens.push(Token {
                start: start + i,
                end: start + i + c.len_utf8(),
                kind: TokenKind::Punct,
                lower,
            });
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        tokenize(s, 0, s.len())
            .into_iter()
            .map(|t| t.lower.to_string())
            .collect()
    }

    #[test]
    fn keeps_numbers_and_hyphenated_words_whole() {
        assert_eq!(
            words("Sixty-one of 1,000 US-led (1.5 million)."),
            vec![
                "sixty-one",
                "of",
                "1,000",
                "us-led",
                "(",
                "1.5",
                "million",
                ")",
                "."
            ]
        );
    }

    #[test]
    fn trailing_comma_after_number_is_punctuation() {
        assert_eq!(words("killed 42, and"), vec!["killed", "42", ",", "and"]);
    }

    #[test]
    fn offsets_are_absolute_bytes() {
        let text = "— said “61 dead”";
        let toks = tokenize(text, 0, text.len());
        let t = toks
            .iter()
            .find(|t| t.lower == "61")
            .map(|t| (t.start, t.end));
        let s = text.find("61").unwrap_or(0);
        assert_eq!(t, Some((s, s + 2)));
    }

    #[test]
    fn apostrophes_fold() {
        assert_eq!(words("Syria’s"), vec!["syria's"]);
    }
}
