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

/// The character that starts at byte `i` of `s` (ASCII without decoding).
fn char_at(s: &str, i: usize) -> Option<char> {
    match s.as_bytes().get(i) {
        Some(&b) if b < 128 => Some(char::from(b)),
        Some(_) => s.get(i..).and_then(|rest| rest.chars().next()),
        None => None,
    }
}

/// [`ASCII_WORD`] class of a lowercase letter or a digit.
const LOWER_OR_DIGIT: u8 = 1;
/// [`ASCII_WORD`] class of an uppercase letter.
const UPPER: u8 = 2;

/// For each byte: [`LOWER_OR_DIGIT`], [`UPPER`], or 0 when it is not an ASCII letter or digit.
const ASCII_WORD: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_alphanumeric() {
            LOWER_OR_DIGIT
        } else {
            0
        };
        b += 1;
    }
    table
};

/// Splits `text[start..end]` into tokens whose offsets are relative to `text`.
pub fn tokenize(text: &str, start: usize, end: usize) -> Vec<Token> {
    let Some(slice) = text.get(start..end) else {
        return Vec::new();
    };
    let bytes = slice.as_bytes();
    let mut tokens = Vec::with_capacity(slice.len() / 5 + 1);
    let mut i = 0;
    while let Some(c) = char_at(slice, i) {
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if !is_word_char(c) {
            let lower = CompactString::from(c.encode_utf8(&mut [0u8; 4]) as &str);
            tokens.push(Token {
                start: start + i,
                end: start + i + c.len_utf8(),
                kind: TokenKind::Punct,
                lower,
            });
            i += c.len_utf8();
            continue;
        }
        let kind = if c.is_ascii_digit() {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        // whether the word is all ASCII, and its ASCII classes or-ed (to lowercase only when needed)
        let mut ascii = c.is_ascii();
        let mut classes = if ascii { class_at(bytes, i) } else { 0 };
        let mut j = i + c.len_utf8();
        loop {
            // ASCII letters and digits, the common case
            loop {
                let class = class_at(bytes, j);
                if class == 0 {
                    break;
                }
                classes |= class;
                j += 1;
            }
            let Some(d) = char_at(slice, j) else {
                break;
            };
            if is_word_char(d) {
                ascii = false;
                j += d.len_utf8();
                continue;
            }
            // inner joiners: hyphen, apostrophe, and digit separators
            let separator = kind == TokenKind::Number && matches!(d, ',' | '.');
            if matches!(d, '-' | '\'' | '’' | '‑') || separator {
                let after = j + d.len_utf8();
                let ok = char_at(slice, after).is_some_and(|e| {
                    if separator {
                        e.is_ascii_digit()
                    } else {
                        is_word_char(e)
                    }
                });
                if ok {
                    ascii &= d.is_ascii();
                    j = after;
                    continue;
                }
            }
            break;
        }
        // a dotted initialism is one word: "U.S.", "U.N.", "D.C."
        if kind == TokenKind::Word && j == i + 1 && c.is_ascii_uppercase() {
            j = initialism_end(bytes, i).unwrap_or(j);
        }
        let raw = &slice[i..j];
        let lower = if !ascii {
            lowercase(raw)
        } else if classes & UPPER != 0 {
            let mut s = CompactString::new(raw);
            s.make_ascii_lowercase();
            s
        } else {
            CompactString::new(raw)
        };
        tokens.push(Token {
            start: start + i,
            end: start + j,
            kind,
            lower,
        });
        i = j;
    }
    tokens
}

/// The end of a dotted initialism of at least two letters starting at `i` ("U.S." in "U.S.
/// troops", with its last full stop), or `None`.
fn initialism_end(bytes: &[u8], i: usize) -> Option<usize> {
    let mut j = i;
    let mut letters = 0;
    while bytes.get(j).is_some_and(u8::is_ascii_uppercase) && bytes.get(j + 1) == Some(&b'.') {
        letters += 1;
        j += 2;
    }
    // a letter must not follow ("U.S.A" without its last stop is still two words)
    (letters >= 2 && !bytes.get(j).is_some_and(u8::is_ascii_alphanumeric)).then_some(j)
}

/// The [`ASCII_WORD`] class of the byte at `i` (0 past the end).
fn class_at(bytes: &[u8], i: usize) -> u8 {
    bytes.get(i).map_or(0, |&b| ASCII_WORD[usize::from(b)])
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
    fn dotted_initialisms_are_one_word() {
        assert_eq!(
            words("51 U.S. troops; the U.N. said. A. Smith"),
            vec!["51", "u.s.", "troops", ";", "the", "u.n.", "said", ".", "a", ".", "smith"]
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
