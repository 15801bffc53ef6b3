//! Property tests: the extractor never panics on any text, and every account
//! it returns keeps its invariants (spans inside the text, on char
//! boundaries, `text` equal to the spanned slice, ranges with `min <= max`).

use proptest::prelude::*;
use toll_extract::extract;
use toll_model::Range;

/// Checks the span invariants of `extract(text)` (and, with `ranges`, that
/// every killed/injured range has `min <= max`); returns the number of
/// accounts, or a description of the first violation.
fn check(text: &str, ranges: bool) -> Result<usize, String> {
    let accounts = extract(text);
    for (i, a) in accounts.iter().enumerate() {
        let (start, end) = (a.span.start, a.span.end);
        if start > end || end > text.len() {
            return Err(format!(
                "account {i}: span {start}..{end} out of order or past the end ({} bytes)",
                text.len()
            ));
        }
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Err(format!(
                "account {i}: span {start}..{end} not on char boundaries"
            ));
        }
        let Some(slice) = text.get(start..end) else {
            return Err(format!("account {i}: span {start}..{end} cannot be sliced"));
        };
        if a.text != slice {
            return Err(format!(
                "account {i}: text {:?} differs from the spanned slice {slice:?}",
                a.text
            ));
        }
        if ranges {
            check_range(i, "killed", a.killed)?;
            check_range(i, "injured", a.injured)?;
        }
    }
    Ok(accounts.len())
}

/// Every invariant: spans and ranges.
fn check_invariants(text: &str) -> Result<usize, String> {
    check(text, true)
}

/// Span invariants only (no panic, spans in bounds, on boundaries, text matches).
fn check_spans(text: &str) -> Result<usize, String> {
    check(text, false)
}

fn check_range(i: usize, what: &str, r: Option<Range>) -> Result<(), String> {
    if let Some(Range {
        min: Some(lo),
        max: Some(hi),
        ..
    }) = r
    {
        if lo > hi {
            return Err(format!("account {i}: {what} range has min {lo} > max {hi}"));
        }
    }
    Ok(())
}

/// 512 cases per property; failures are not persisted to a regressions file
/// next to this test (the shrunk input is printed instead).
fn config() -> ProptestConfig {
    let mut c = ProptestConfig::with_cases(512);
    c.failure_persistence = None;
    c
}

/// Tokens that exercise numbers, qualifiers, harm words, quotes, dashes,
/// abbreviations, emoji, combining marks and right-to-left text.
const VOCAB: &[&str] = &[
    // numbers in digits
    "1,000",
    "1.5",
    "100-300",
    "100s",
    "0",
    "12",
    "61",
    "2017",
    "1,000,000",
    "99999999999999999999",
    "1e300",
    "18th",
    "10-to-70",
    "1.2.3",
    "1,",
    "7%",
    "-5",
    "+",
    "~",
    "½",
    "٣",
    // number words and scales
    "one",
    "two",
    "twelve",
    "sixty-one",
    "hundred",
    "thousand",
    "million",
    "billion",
    "dozen",
    "dozens",
    "scores",
    "hundreds",
    "thousands",
    "tens",
    "several",
    "a",
    "an",
    "few",
    "half",
    "quarter",
    "no",
    "none",
    "zero",
    // qualifiers and range joiners
    "more than",
    "at least",
    "up to",
    "between",
    "and",
    "or",
    "to",
    "from",
    "about",
    "nearly",
    "fewer than",
    "or more",
    "or so",
    "as many as",
    "no fewer than",
    "another",
    "of",
    "whom",
    "the",
    "toll",
    "death toll",
    "number of",
    "rose to",
    "along with",
    "as well",
    // harm words
    "killed",
    "killing",
    "dead",
    "died",
    "deaths",
    "wounded",
    "injured",
    "injuring",
    "casualties",
    "bodies",
    "lives",
    "lost",
    "claimed the lives of",
    "in critical condition",
    "Fatalities:",
    "including",
    // victims, causes, speakers
    "civilians",
    "children",
    "fighters",
    "militants",
    "people",
    "air strike",
    "coalition",
    "said",
    "according to",
    "officials",
    "since",
    "year",
    "during the war",
    // punctuation, quotes, dashes, abbreviations
    "“",
    "”",
    "\"",
    "'",
    "’",
    "–",
    "—",
    "-",
    "(",
    ")",
    ",",
    ";",
    ":",
    ".",
    "!",
    "?",
    "/",
    "$",
    "\n",
    "\r\n",
    "\t",
    "U.S.",
    "Mr.",
    "Brig. Gen.",
    "a.m.",
    "No.",
    "A.",
    "...",
    "”.",
    // emoji, combining characters, other scripts
    "💥",
    "👨‍👩‍👧",
    "🇺🇸",
    "e\u{301}",
    "\u{301}",
    "\u{200d}",
    "\u{feff}",
    "İ",
    "ß",
    "ǅ",
    "الموصل",
    "قتل ١٢ مدنيا",
    "\u{202e}",
    "\u{0}",
    "\u{fffd}",
];

/// Separators placed between vocabulary tokens.
const SEPARATORS: &[&str] = &[" ", " ", " ", "", ", ", ". ", "\n", "  ", "\u{a0}"];

fn vocab_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(VOCAB),
            prop::sample::select(SEPARATORS),
        ),
        0..60,
    )
    .prop_map(|parts| {
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
    prop::collection::vec(any::<u8>(), 0..600)
        .prop_map(|b| String::from_utf8_lossy(&b).into_owned())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_unicode_never_panics(s in unicode_text()) {
        check_invariants(&s).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn arbitrary_string_never_panics(s in any::<String>()) {
        check_invariants(&s).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn lossy_bytes_never_panic(s in lossy_bytes()) {
        check_invariants(&s).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn tricky_vocabulary_keeps_span_invariants(s in vocab_text()) {
        check_spans(&s).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn tricky_vocabulary_in_harm_frame_keeps_span_invariants(prefix in vocab_text(), suffix in vocab_text()) {
        // a harm word on each side lets the sentence through the harm scanner to the full pipeline
        let s = format!("{prefix} killed {suffix} wounded");
        check_spans(&s).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn tricky_vocabulary_ranges_have_min_le_max(prefix in vocab_text(), suffix in vocab_text()) {
        let s = format!("{prefix} killed {suffix} wounded");
        check_invariants(&s).map_err(TestCaseError::fail)?;
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

/// Ranges written "A to B", "between A and B" or "A - B" with A > B.
#[test]
fn reversed_ranges_have_min_le_max() {
    let cases = [
        "The strike killed between 30 and 12 people.",
        "Shelling killed 20 to 5 civilians.",
        "It killed twelve - 5 people.",
        "At least 30 - 12 people were killed.",
    ];
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|t| check_invariants(t).err().map(|e| format!("{t:?}: {e}")))
        .collect();
    assert!(
        failures.is_empty(),
        "reversed ranges:\n{}",
        failures.join("\n")
    );
}

/// Tricky text: numbers, qualifiers, ranges, asides, abbreviations that do not
/// end a sentence ("U.S.", "Mr."), quotes, dashes, emoji, a combining accent,
/// Arabic; and two real sentence ends (". Up", ".” The").
const LONG_UNIT: &str = "More than 1,000 “civilians” – including 100s of children – were killed and 100-300 wounded \
in the U.S.-led air strike on الموصل, Mr. Ali said 💥; at least 1.5 million fled. Up to sixty-one dead, \
between 12 and 20 casualties, e\u{301} 👨‍👩‍👧 “no civilians were killed.” The toll rose to 43\t— ";

/// The same kind of text with no sentence end at all: one sentence per repetition block.
const SENTENCE_UNIT: &str = "More than 1,000 “civilians” – including 100s of children – were killed and 100-300 wounded \
in the U.S.-led air strike on الموصل, Mr. Ali said 💥; at least 1.5 million fled, up to sixty-one dead, \
between 12 and 20 casualties, e\u{301} 👨‍👩‍👧 “no civilians were killed” — ";

fn repeated(unit: &str, bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + unit.len());
    while text.len() < bytes {
        text.push_str(unit);
    }
    assert!(!text.contains('\n'), "a single line");
    text
}

/// A 2 MB file with no line break: completes, keeps every span invariant.
#[test]
fn two_megabyte_single_line_completes() {
    let text = repeated(LONG_UNIT, 2 * 1024 * 1024);
    let found = check_spans(&text).unwrap_or_else(|e| panic!("2 MB line: {e}"));
    assert!(
        found > 10_000,
        "every repetition states harm: {found} accounts"
    );
}

/// One long sentence (no line break, no sentence end): completes, keeps every invariant.
/// (The 2 MB variant below covers size; this one checks every account invariant.)
#[test]
fn long_single_sentence_completes() {
    let text = repeated(SENTENCE_UNIT, 128 * 1024);
    let found = check_invariants(&text).unwrap_or_else(|e| panic!("128 KB sentence: {e}"));
    assert!(
        found > 500,
        "every repetition states harm: {found} accounts"
    );
}

/// One 2 MB "sentence" with no full stop: the extractor cuts it into bounded pieces and keeps
/// every invariant (throughput on such input is measured in BENCHMARKS.md, not in a test).
#[test]
fn two_megabyte_single_sentence_keeps_invariants() {
    let text = repeated(SENTENCE_UNIT, 2 * 1024 * 1024);
    let found = check_spans(&text).unwrap_or_else(|e| panic!("2 MB sentence: {e}"));
    assert!(
        found > 1_000,
        "every repetition states harm: {found} accounts"
    );
}
