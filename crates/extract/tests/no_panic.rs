//! Property tests: the extractor never panics on any text, and every account
//! it returns keeps its invariants (spans inside the text, on char
//! boundaries, `text` equal to the spanned slice, ranges with `min <= max`).

use proptest::prelude::*;
use toll_extract::extract;
use toll_model::Range;

/// Checks the invariants of `extract(text)`; `Err` describes the first violation.
fn check_invariants(text: &str) -> Result<usize, String> {
    let accounts = extract(text);
    for (i, a) in accounts.iter().enumerate() {
        let (start, end) = (a.span.start, a.span.end);
        if start > end || end > text.len() {
            return Err(format!("account {i}: span {start}..{end} out of order or past the end ({} bytes)", text.len()));
        }
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Err(format!("account {i}: span {start}..{end} not on char boundaries"));
        }
        let Some(slice) = text.get(start..end) else {
            return Err(format!("account {i}: span {start}..{end} cannot be sliced"));
        };
        if a.text != slice {
            return Err(format!("account {i}: text {:?} differs from the spanned slice {slice:?}", a.text));
        }
        check_range(i, "killed", a.killed)?;
        check_range(i, "injured", a.injured)?;
    }
    Ok(accounts.len())
}

fn check_range(i: usize, what: &str, r: Option<Range>) -> Result<(), String> {
    if let Some(Range { min: Some(lo), max: Some(hi), .. }) = r {
        if lo > hi {
            return Err(format!("account {i}: {what} range has min {lo} > max {hi}"));
        }
    }
    Ok(())
}

/// Tokens that exercise numbers, qualifiers, harm words, quotes, dashes,
/// abbreviations, emoji, combining marks and right-to-left text.
const VOCAB: &[&str] = &[
    // numbers in digits
    "1,000", "1.5", "100-300", "100s", "0", "12", "61", "2017", "1,000,000", "99999999999999999999", "1e300",
    "18th", "10-to-70", "1.2.3", "1,", "7%", "-5", "+", "~", "½", "٣",
    // number words and scales
    "one", "two", "twelve", "sixty-one", "hundred", "thousand", "million", "billion", "dozen", "dozens",
    "scores", "hundreds", "thousands", "tens", "several", "a", "an", "few", "half", "quarter", "no", "none",
    "zero",
    // qualifiers and range joiners
    "more than", "at least", "up to", "between", "and", "or", "to", "from", "about", "nearly", "fewer than",
    "or more", "or so", "as many as", "no fewer than", "another", "of", "whom", "the", "toll", "death toll",
    "number of", "rose to", "along with", "as well",
    // harm words
    "killed", "killing", "dead", "died", "deaths", "wounded", "injured", "injuring", "casualties", "bodies",
    "lives", "lost", "claimed the lives of", "in critical condition", "Fatalities:", "including",
    // victims, causes, speakers
    "civilians", "children", "fighters", "militants", "people", "air strike", "coalition", "said", "according to",
    "officials", "since", "year", "during the war",
    // punctuation, quotes, dashes, abbreviations
    "“", "”", "\"", "'", "’", "–", "—", "-", "(", ")", ",", ";", ":", ".", "!", "?", "/", "$", "\n", "\r\n",
    "\t", "U.S.", "Mr.", "Brig. Gen.", "a.m.", "No.", "A.", "...", "”.",
    // emoji, combining characters, other scripts
    "💥", "👨‍👩‍👧", "🇺🇸", "e\u{301}", "\u{301}", "\u{200d}", "\u{feff}", "İ", "ß", "ǅ", "الموصل",
    "قتل ١٢ مدنيا", "\u{202e}", "\u{0}", "\u{fffd}",
];

/// Separators placed between vocabulary tokens.
const SEPARATORS: &[&str] = &[" ", " ", " ", "", ", ", ". ", "\n", "  ", "\u{a0}"];

fn vocab_text() -> impl Strategy<Value = String> {
    prop::collection::vec((prop::sample::select(VOCAB), prop::sample::select(SEPARATORS)), 0..60).prop_map(|parts| {
        let mut s = String::new();
        for (tok, sep) in parts {
            s.push_str(tok);
            s.push_str(sep);
        }
        s
    })
}

fn unicode_text() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..300).prop_map(String::from_iter)
}

fn lossy_bytes() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<u8>(), 0..600).prop_map(|b| String::from_utf8_lossy(&b).into_owned())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_unicode_never_panics(s in unicode_text()) {
        if let Err(e) = check_invariants(&s) {
            return Err(TestCaseError::fail(e));
        }
    }

    #[test]
    fn arbitrary_string_never_panics(s in any::<String>()) {
        if let Err(e) = check_invariants(&s) {
            return Err(TestCaseError::fail(e));
        }
    }

    #[test]
    fn lossy_bytes_never_panic(s in lossy_bytes()) {
        if let Err(e) = check_invariants(&s) {
            return Err(TestCaseError::fail(e));
        }
    }

    #[test]
    fn tricky_vocabulary_never_panics(s in vocab_text()) {
        if let Err(e) = check_invariants(&s) {
            return Err(TestCaseError::fail(e));
        }
    }

    #[test]
    fn tricky_vocabulary_with_harm_frame_never_panics(prefix in vocab_text(), suffix in vocab_text()) {
        // make sure the harm scanner lets the sentence through to the full pipeline
        let s = format!("{prefix} killed {suffix} wounded");
        if let Err(e) = check_invariants(&s) {
            return Err(TestCaseError::fail(e));
        }
    }
}

/// Texts every test should handle, including the edge cases the properties might miss.
#[test]
fn fixed_edge_cases_keep_invariants() {
    let cases = [
        "",
        " ",
        "\n\n\n",
        ".",
        "killed",
        "killed 12",
        "12 killed",
        "more than",
        "more than killed",
        "between 5 and killed",
        "up to",
        "“",
        "An air strike on the village killed at least 12 civilians, local officials said.",
        "The death toll rose to 43, with 61 wounded.",
        "Between 100 and 300 people were killed – mostly civilians – in the U.S.-led raid, Mr. Smith said.",
        "“We saw 30 bodies.” The governor said it was true.",
        "At least 12 staff and 10 patients were killed.",
        "Fatalities: 28",
        "killed 1e300",
        "more than 99999999999999999999 killed",
        "more than nine hundred billion dozen killed",
        "more than billion billion billion dozen killed",
        "قتل ١٢ مدنيا في الموصل — 12 killed in الموصل",
        "e\u{301}\u{301}\u{301} 12 killed\u{301}",
        "👨‍👩‍👧 3 killed 👨‍👩‍👧",
    ];
    for text in cases {
        if let Err(e) = check_invariants(text) {
            panic!("{text:?}: {e}");
        }
    }
}

/// The tricky snippet repeated into one 2 MB line.
const LONG_UNIT: &str = "More than 1,000 “civilians” – including 100s of children – were killed and 100-300 wounded \
in the U.S.-led air strike on الموصل, Mr. Ali said 💥; at least 1.5 million fled, up to sixty-one dead, \
between 12 and 20 casualties, e\u{301} 👨‍👩‍👧 “no civilians were killed” — ";

#[test]
fn two_megabyte_single_line_completes() {
    let mut text = String::with_capacity(2 * 1024 * 1024 + LONG_UNIT.len());
    while text.len() < 2 * 1024 * 1024 {
        text.push_str(LONG_UNIT);
    }
    assert!(!text.contains('\n'));
    let started = std::time::Instant::now();
    let found = check_invariants(&text).unwrap_or_else(|e| panic!("2 MB line: {e}"));
    eprintln!("2 MB single line: {found} accounts in {:.2?}", started.elapsed());
    assert!(found > 0, "the repeated text states harm, so some accounts are expected");
}
