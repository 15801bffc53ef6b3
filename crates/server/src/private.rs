//! Private data stays private: the names of named victims ("the strike killed journalist Ibrahim
//! Biari") and of witnesses ("said witness Samira Haddad") are shown only to analysts and above. For
//! every other caller, [`withhold`] masks them in each JSON and HTML answer: every letter of the name
//! becomes `*`, byte for byte, so that the accounts' byte spans still point at the same places.
//!
//! A name is found the way the extractor finds a named victim, with the extractor's own word lists
//! (`toll_extract::lexicon`): after a kill verb (or after "witness"),
//! up to six words that are capitalised or person nouns, of which at least two are capitalised, or one
//! after a person noun. HTML tags between the words are skipped (a highlight does not hide a name).
//! Masking errs on the side of hiding: a capitalised place after "killed" is masked too.

use crate::auth::Caller;
use axum::body::Body;
use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use toll_extract::lexicon::{in_list, NAMED_VICTIM_VERBS, PERSON_NOUNS, WITNESS_NOUNS};

/// Whether `word` (lowercase) introduces a name: the extractor's kill verbs of its named-victim
/// rule, or a witness noun (`toll_extract::lexicon`, the one list both use).
fn is_trigger(word: &str) -> bool {
    in_list(NAMED_VICTIM_VERBS, word) || in_list(WITNESS_NOUNS, word)
}

/// Whether `word` (lowercase) is a person noun of the extractor's lexicon, singular or plural
/// ("killed journalist …", "killed journalists …").
fn is_person_noun(word: &str) -> bool {
    in_list(PERSON_NOUNS, word)
        || word
            .strip_suffix('s')
            .is_some_and(|w| in_list(PERSON_NOUNS, w))
}

/// Most words looked at after a trigger.
const WINDOW: usize = 6;

/// One word of the text: its byte range and whether it starts with a capital.
struct Word {
    start: usize,
    end: usize,
    capital: bool,
}

/// The words of `text` (runs of letters, digits, apostrophes and hyphens), skipping HTML tags.
fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '<' {
            // a tag: skip to its end
            for (_, c) in chars.by_ref() {
                if c == '>' {
                    break;
                }
            }
            continue;
        }
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            if d.is_alphanumeric() || d == '\'' || d == '-' || d == '\u{2019}' {
                end = j + d.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        out.push(Word {
            start: i,
            end,
            capital: c.is_uppercase(),
        });
    }
    out
}

/// The byte ranges of the names of victims and witnesses in `text`.
pub fn private_spans(text: &str) -> Vec<(usize, usize)> {
    let lower = |w: &Word| text[w.start..w.end].to_lowercase();
    let words = words(text);
    let mut spans = Vec::new();
    for (k, w) in words.iter().enumerate() {
        if !is_trigger(&lower(w)) {
            continue;
        }
        let mut person_noun = false;
        let mut names = Vec::new();
        for u in words.iter().skip(k + 1).take(WINDOW) {
            if is_person_noun(&lower(u)) {
                person_noun = true;
            } else if u.capital {
                names.push((u.start, u.end));
            } else {
                break;
            }
        }
        if names.len() >= 2 || (person_noun && !names.is_empty()) {
            spans.extend(names);
        }
    }
    spans
}

/// `text` with every private name masked, byte for byte (every byte of the name becomes `*`).
pub fn mask(text: &str) -> String {
    let spans = private_spans(text);
    if spans.is_empty() {
        return text.to_string();
    }
    let mut bytes = text.as_bytes().to_vec();
    for (start, end) in spans {
        for b in &mut bytes[start..end] {
            *b = b'*';
        }
    }
    // whole characters were replaced by ASCII: still UTF-8
    String::from_utf8(bytes).unwrap_or_default()
}

/// Masks private names in every JSON and HTML answer to a caller who is not an analyst or above.
pub async fn withhold(req: Request, next: Next) -> Response {
    let sees = req
        .extensions()
        .get::<Caller>()
        .is_some_and(Caller::sees_private);
    let res = next.run(req).await;
    if sees {
        return res;
    }
    let textual = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json") || t.starts_with("text/html"));
    if !textual {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "reading an answer to withhold private data failed");
            return crate::web::page_error(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "the page could not be drawn",
            );
        }
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let masked = mask(text);
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(masked))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn victims_and_witnesses_are_masked_byte_for_byte() {
        let text =
            "The strike killed journalist Ibrahim Biári and 4 others, said witness Samira Haddad.";
        let masked = mask(text);
        assert_eq!(masked.len(), text.len());
        for name in ["Ibrahim", "Biári", "Samira", "Haddad"] {
            assert!(!masked.contains(name), "{masked}");
        }
        assert!(
            masked.contains("killed journalist ******* ****** and 4 others"),
            "{masked}"
        );
    }

    #[test]
    fn figures_and_plain_sentences_are_left_alone() {
        for text in [
            "An air strike killed at least 23 civilians, local health officials said.",
            "Shelling killed 7 people near the market on Thursday.",
            "Witnesses said the toll could rise.",
        ] {
            assert_eq!(mask(text), text);
        }
    }

    #[test]
    fn tags_between_words_do_not_hide_a_name() {
        let html = "killed <mark class=\"a\">Ibrahim</mark> <b>Biari</b>";
        let masked = mask(html);
        assert!(
            !masked.contains("Ibrahim") && !masked.contains("Biari"),
            "{masked}"
        );
        assert!(masked.contains("<mark class=\"a\">") && masked.contains("<b>"));
    }
}
