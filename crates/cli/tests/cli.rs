//! End-to-end tests of the `toll` binary: inputs on disk, real process, real
//! exit codes. Fixture texts are short invented sentences written inline.

use serde_json::Value;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const TOLL: &str = env!("CARGO_BIN_EXE_toll");

const STRIKE: &str =
    "An air strike on the village killed at least 12 civilians, local officials said.\n\
The death toll rose to 43, with 61 wounded.\n";
const SHELLING: &str = "Shelling killed 7 people near the market.";
const OFFICIALS: &str = "Officials said 30 were killed and 75 wounded.";
const GUARDS: &str = "Gunmen killed 3 guards at the checkpoint.";

fn toll(args: &[&str], cwd: &Path) -> Output {
    Command::new(TOLL)
        .args(args)
        .current_dir(cwd)
        .env_remove("TOLL_LOG")
        .output()
        .expect("the toll binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(path: &Path, contents: impl AsRef<[u8]>) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create fixture directory");
    }
    fs::write(path, contents).expect("write fixture");
}

/// Parses every stdout line as JSON.
fn json_lines(o: &Output) -> Vec<Value> {
    stdout(o)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("stdout line is not JSON ({e}): {l}"))
        })
        .collect()
}

fn docs(lines: &[Value]) -> Vec<String> {
    lines
        .iter()
        .map(|l| l["doc"].as_str().expect("doc is a string").to_string())
        .collect()
}

/// The process ended by itself with a code (no signal), and that code is not a panic's 101.
fn assert_no_crash(o: &Output) -> i32 {
    let code = o.status.code().unwrap_or_else(|| {
        panic!(
            "toll was killed by a signal: {:?}\nstderr: {}",
            o.status,
            stderr(o)
        )
    });
    assert_ne!(code, 101, "toll panicked:\n{}", stderr(o));
    assert!(
        !stderr(o).contains("panicked"),
        "toll panicked:\n{}",
        stderr(o)
    );
    code
}

/// Checks the key set and shapes of one account line.
fn assert_account_shape(line: &Value) {
    for key in [
        "doc", "span", "killed", "victims", "scope", "incident", "date", "lat", "lon", "text",
    ] {
        assert!(line.get(key).is_some(), "missing key {key:?} in {line}");
    }
    let span = line["span"].as_array().expect("span is an array");
    assert_eq!(span.len(), 2, "span is [start, end]: {line}");
    let (start, end) = (
        span[0].as_u64().expect("span start"),
        span[1].as_u64().expect("span end"),
    );
    assert!(start <= end, "span start <= end: {line}");
    let killed = &line["killed"];
    if !killed.is_null() {
        for key in ["min", "max", "approx"] {
            assert!(killed.get(key).is_some(), "killed lacks {key:?}: {line}");
        }
        assert!(
            killed["approx"].is_boolean(),
            "killed.approx is a bool: {line}"
        );
    }
    assert!(
        line["victims"].is_string() && line["scope"].is_string(),
        "victims and scope are labels: {line}"
    );
}

/// The bytes of `source` at the line's span are exactly its `text`.
fn assert_span_matches(line: &Value, source: &[u8]) {
    let span = line["span"].as_array().expect("span is an array");
    let start = usize::try_from(span[0].as_u64().expect("span start")).expect("fits usize");
    let end = usize::try_from(span[1].as_u64().expect("span end")).expect("fits usize");
    let slice = source.get(start..end).unwrap_or_else(|| {
        panic!(
            "span {start}..{end} outside the {} source bytes",
            source.len()
        )
    });
    assert_eq!(
        slice,
        line["text"].as_str().expect("text is a string").as_bytes(),
        "span {start}..{end} does not point at the text: {line}"
    );
}

fn by_doc<'a>(lines: &'a [Value], doc: &str) -> Vec<&'a Value> {
    lines.iter().filter(|l| l["doc"] == doc).collect()
}

#[test]
fn analyze_directory_recurses_uses_sidecars_and_file_stems() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("reports");
    write(&root.join("strike.txt"), STRIKE);
    write(
        &root.join("strike.meta.json"),
        r#"{"id":"report-strike-01","title":"Strike on a village","outlet":"Example Wire","published":"2017-03-17"}"#,
    );
    write(&root.join("north/shelling.txt"), SHELLING);
    write(&root.join("north/deep/er/officials.txt"), OFFICIALS);
    write(&root.join("north/notes.md"), "Not a report: 99 killed.");

    let o = toll(&["analyze", "reports", "--format", "jsonl"], dir.path());
    assert_eq!(assert_no_crash(&o), 0, "stderr: {}", stderr(&o));
    let lines = json_lines(&o);
    for l in &lines {
        assert_account_shape(l);
    }

    // sidecar id replaces the file stem; nested files are found with their stems
    let mut seen = docs(&lines);
    seen.dedup();
    assert_eq!(
        seen,
        vec!["officials", "shelling", "report-strike-01"],
        "sorted walk, sidecar ids and stems"
    );
    assert!(
        !docs(&lines).iter().any(|d| d == "strike" || d == "notes"),
        "no stem for a sidecar'd file, no .md input"
    );

    let strike = by_doc(&lines, "report-strike-01");
    assert_eq!(
        strike.len(),
        2,
        "two statements in the sidecar'd report: {strike:?}"
    );
    assert_eq!(strike[0]["killed"]["min"], 12);
    assert!(
        strike[0]["killed"]["max"].is_null(),
        "'at least 12' leaves the top open"
    );
    assert_eq!(strike[0]["victims"], "civilians");
    assert_eq!(strike[0]["scope"], "incident");
    assert_eq!(strike[1]["killed"]["min"], 43);
    assert_eq!(strike[1]["killed"]["max"], 43);
    assert_eq!(strike[1]["injured"]["min"], 61);
    for l in &strike {
        assert_span_matches(l, STRIKE.as_bytes());
    }
    let shelling = by_doc(&lines, "shelling");
    assert_eq!(shelling.len(), 1);
    assert_eq!(shelling[0]["killed"]["min"], 7);
    assert_span_matches(shelling[0], SHELLING.as_bytes());
    let officials = by_doc(&lines, "officials");
    assert_eq!(officials.len(), 1);
    assert_eq!(officials[0]["killed"]["max"], 30);
    assert_eq!(officials[0]["injured"]["max"], 75);
    assert_span_matches(officials[0], OFFICIALS.as_bytes());

    // the fields the evaluation joins on are present (null when unknown) with the right types
    for l in &lines {
        assert!(
            l["incident"].is_null() || l["incident"].is_string(),
            "incident: {l}"
        );
        assert!(l["date"].is_null() || l["date"].is_string(), "date: {l}");
        assert!(l["lat"].is_null() || l["lat"].is_number(), "lat: {l}");
        assert!(l["lon"].is_null() || l["lon"].is_number(), "lon: {l}");
    }
    let err = stderr(&o);
    assert!(
        err.contains("3 reports") && err.contains("0 inputs failed"),
        "summary on stderr: {err}"
    );
}

#[test]
fn spans_are_byte_offsets_in_multibyte_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "الموصل — “We counted 61 bodies,” said Dr. Ali. 💥 A drone strike killed 5 fighters near Raqqa.";
    write(&dir.path().join("mosul.txt"), text);
    let o = toll(&["analyze", "mosul.txt", "--format", "jsonl"], dir.path());
    assert_eq!(assert_no_crash(&o), 0, "stderr: {}", stderr(&o));
    let lines = json_lines(&o);
    assert!(!lines.is_empty(), "accounts expected from {text:?}");
    for l in &lines {
        assert_account_shape(l);
        assert_eq!(l["doc"], "mosul");
        assert_span_matches(l, text.as_bytes());
    }
}

#[test]
fn jsonl_broken_line_is_reported_and_the_rest_is_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    let feed = concat!(
        r#"{"id":"feed-1","title":"Car bomb","text":"A car bomb killed 9 people in the square."}"#,
        "\n",
        r#"{"id":"feed-2", this line is broken"#,
        "\n\n",
        r#"{"id":"feed-3","text":"Rescuers said 4 children died in the fire."}"#,
        "\n"
    );
    write(&dir.path().join("wire.jsonl"), feed);
    let o = toll(&["analyze", "wire.jsonl", "--format", "jsonl"], dir.path());
    assert_eq!(
        assert_no_crash(&o),
        1,
        "a broken line fails the run: {}",
        stderr(&o)
    );
    let lines = json_lines(&o);
    assert_eq!(docs(&lines), vec!["feed-1", "feed-3"]);
    for l in &lines {
        assert_account_shape(l);
    }
    assert_eq!(lines[0]["killed"]["min"], 9);
    assert_eq!(lines[1]["killed"]["min"], 4);
    assert_eq!(lines[1]["victims"], "civilians");
    // spans point into each line's "text" field
    assert_span_matches(&lines[0], b"A car bomb killed 9 people in the square.");
    assert_span_matches(&lines[1], b"Rescuers said 4 children died in the fire.");
    let err = stderr(&o);
    assert!(
        err.contains("wire.jsonl line 2"),
        "stderr names the file and line: {err}"
    );
    assert!(err.contains("invalid JSON"), "stderr says why: {err}");
    assert!(
        err.contains("2 reports") && err.contains("1 inputs failed"),
        "summary: {err}"
    );
}

#[test]
fn jsonl_without_ids_gets_stem_and_line_ids() {
    let dir = tempfile::tempdir().expect("tempdir");
    let feed = concat!(
        r#"{"text":"Shelling killed 7 people near the market."}"#,
        "\n",
        r#"{"id":"","text":"Gunmen killed 3 guards."}"#,
        "\n"
    );
    write(&dir.path().join("noids.jsonl"), feed);
    let o = toll(&["analyze", "noids.jsonl", "--format", "jsonl"], dir.path());
    assert_eq!(assert_no_crash(&o), 0, "stderr: {}", stderr(&o));
    assert_eq!(docs(&json_lines(&o)), vec!["noids-1", "noids-2"]);
}

#[test]
fn invalid_utf8_warns_and_still_extracts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut bytes = b"A drone strike killed 5 fighters".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe, 0xc3]);
    bytes.extend_from_slice(b" near the border.");
    write(&dir.path().join("mangled.txt"), &bytes);
    let o = toll(&["analyze", "mangled.txt", "--format", "jsonl"], dir.path());
    assert_eq!(
        assert_no_crash(&o),
        0,
        "lossy decoding is a warning, not a failure: {}",
        stderr(&o)
    );
    let err = stderr(&o);
    assert!(
        err.contains("warning") && err.contains("mangled.txt") && err.contains("invalid UTF-8"),
        "warning names the file: {err}"
    );
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_account_shape(&lines[0]);
    assert_eq!(lines[0]["doc"], "mangled");
    assert_eq!(lines[0]["killed"]["min"], 5);
    assert_eq!(lines[0]["victims"], "combatants");
    // spans index the decoded text (invalid bytes became U+FFFD)
    let decoded = String::from_utf8_lossy(&bytes).into_owned();
    assert_span_matches(&lines[0], decoded.as_bytes());
}

/// Deterministic junk: a small xorshift generator, so the test needs no RNG crate.
fn junk(len: usize, mut seed: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        out.extend_from_slice(&seed.to_le_bytes());
    }
    out.truncate(len);
    out
}

#[test]
fn binary_junk_never_crashes() {
    let dir = tempfile::tempdir().expect("tempdir");
    for seed in 1..=4u64 {
        let mut bytes = junk(64 * 1024, seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        // NULs, a harm word and digits among the junk so that the full pipeline runs
        bytes.extend_from_slice(b"\0\0\0 killed 12 \0\xe2\x80 wounded 1,000\0");
        bytes.extend_from_slice(&junk(4 * 1024, seed));
        write(&dir.path().join(format!("junk{seed}.txt")), &bytes);
        // the same junk as a .jsonl file: every line is invalid JSON
        write(&dir.path().join(format!("junk{seed}.jsonl")), &bytes);
    }
    for format in ["jsonl", "text"] {
        let o = toll(&["analyze", ".", "--format", format], dir.path());
        let code = assert_no_crash(&o);
        assert!(code == 0 || code == 1, "exit code {code}: {}", stderr(&o));
        if format == "jsonl" {
            for l in json_lines(&o) {
                assert_account_shape(&l);
            }
        }
    }
}

#[test]
fn oversized_file_fails_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("batch");
    let long = format!(
        "{} {}",
        "Witnesses described the scene at length.".repeat(10),
        SHELLING
    );
    assert!(long.len() > 100);
    write(&root.join("a_long.txt"), &long);
    write(&root.join("b_short.txt"), GUARDS);
    let o = toll(
        &[
            "analyze",
            "batch",
            "--max-bytes",
            "100",
            "--format",
            "jsonl",
        ],
        dir.path(),
    );
    assert_eq!(assert_no_crash(&o), 1, "stderr: {}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("a_long.txt"), "error names the file: {err}");
    assert!(
        err.contains(&format!("{} bytes", long.len())) && err.contains("limit of 100 bytes"),
        "error gives size and limit: {err}"
    );
    let lines = json_lines(&o);
    assert_eq!(
        docs(&lines),
        vec!["b_short"],
        "the other file is still output"
    );
    assert_eq!(lines[0]["killed"]["min"], 3);
}

#[test]
fn missing_path_fails_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("guards.txt"), GUARDS);
    let o = toll(
        &[
            "analyze",
            "no/such/report.txt",
            "guards.txt",
            "--format",
            "jsonl",
        ],
        dir.path(),
    );
    assert_eq!(assert_no_crash(&o), 1, "stderr: {}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("no/such/report.txt") && err.contains("cannot read"),
        "error names the path: {err}"
    );
    assert_eq!(
        docs(&json_lines(&o)),
        vec!["guards"],
        "the other input is still output"
    );
}

#[test]
fn unsupported_explicit_file_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("table.csv"), "place,killed\nvillage,12\n");
    write(&dir.path().join("guards.txt"), GUARDS);
    let o = toll(
        &["analyze", "table.csv", "guards.txt", "--format", "jsonl"],
        dir.path(),
    );
    assert_eq!(assert_no_crash(&o), 1, "stderr: {}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("table.csv") && err.contains("unsupported file type"),
        "{err}"
    );
    assert_eq!(docs(&json_lines(&o)), vec!["guards"]);
}

#[test]
fn invalid_sidecar_warns_and_falls_back_to_stem() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("guards.txt"), GUARDS);
    write(&dir.path().join("guards.meta.json"), "{ not json");
    let o = toll(&["analyze", ".", "--format", "jsonl"], dir.path());
    assert_eq!(assert_no_crash(&o), 0, "stderr: {}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("guards.meta.json") && err.contains("sidecar ignored"),
        "{err}"
    );
    assert_eq!(docs(&json_lines(&o)), vec!["guards"]);
}

#[test]
fn text_format_prints_a_table() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("strike.txt"), STRIKE);
    write(
        &dir.path().join("strike.meta.json"),
        r#"{"id":"report-strike-01","title":"Strike on a village"}"#,
    );
    write(
        &dir.path().join("quiet.txt"),
        "The market reopened on Sunday.",
    );
    let o = toll(&["analyze", "."], dir.path());
    assert_eq!(assert_no_crash(&o), 0, "stderr: {}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("== report-strike-01 Strike on a village  (2 accounts)"),
        "report header: {out}"
    );
    assert!(
        out.contains("== quiet"),
        "a report without accounts still gets a header: {out}"
    );
    assert!(
        out.contains("killed") && out.contains("injured") && out.contains("victims"),
        "column headers: {out}"
    );
    let row = out
        .lines()
        .find(|l| l.contains("at least 12 civilians"))
        .unwrap_or_else(|| panic!("a row for the strike: {out}"));
    assert!(
        row.trim_start().starts_with("≥12"),
        "killed figure 'at least 12' shows as ≥12: {row}"
    );
    assert!(
        row.contains("civilians") && row.contains("@0..80"),
        "victims and span: {row}"
    );
    let toll_row = out
        .lines()
        .find(|l| l.contains("death toll rose"))
        .unwrap_or_else(|| panic!("a row for the toll: {out}"));
    assert!(
        toll_row.trim_start().starts_with("43") && toll_row.contains("61"),
        "killed 43, injured 61: {toll_row}"
    );
}

#[test]
fn help_exits_zero() {
    let dir = tempfile::tempdir().expect("tempdir");
    for args in [
        &["--help"][..],
        &["analyze", "--help"],
        &["bench", "--help"],
        &["--version"],
    ] {
        let o = toll(args, dir.path());
        assert_eq!(o.status.code(), Some(0), "toll {args:?}: {}", stderr(&o));
        let out = stdout(&o);
        assert!(out.contains("toll"), "toll {args:?} prints usage: {out}");
    }
    let analyze = stdout(&toll(&["analyze", "--help"], dir.path()));
    assert!(
        analyze.contains("--format") && analyze.contains("--max-bytes"),
        "{analyze}"
    );
    let bench = stdout(&toll(&["bench", "--help"], dir.path()));
    assert!(bench.contains("--megabytes"), "{bench}");
}

#[test]
fn usage_errors_exit_two() {
    let dir = tempfile::tempdir().expect("tempdir");
    for args in [
        &[][..],
        &["analyze"],
        &["analyze", "x.txt", "--format", "xml"],
        &["frobnicate"],
    ] {
        let o = toll(args, dir.path());
        assert_eq!(o.status.code(), Some(2), "toll {args:?}: {}", stderr(&o));
    }
}

#[test]
fn bench_reports_throughput() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("strike.txt"), STRIKE);
    let o = toll(&["bench", "strike.txt", "--megabytes", "1"], dir.path());
    assert_eq!(assert_no_crash(&o), 0, "stderr: {}", stderr(&o));
    assert!(stdout(&o).contains("MB/s"), "{}", stdout(&o));
    assert!(stdout(&o).contains("names loaded in"), "{}", stdout(&o));
    // several runs end with their median per mode
    let o = toll(
        &["bench", "strike.txt", "--megabytes", "1", "--runs", "3"],
        dir.path(),
    );
    assert_eq!(assert_no_crash(&o), 0, "stderr: {}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.matches("median of 3 runs").count(), 2, "{out}");
    assert_eq!(out.matches("on one core:").count(), 6, "{out}");
    // nothing to measure is an error, not a crash
    write(&dir.path().join("empty.txt"), "");
    let o = toll(&["bench", "empty.txt"], dir.path());
    assert_eq!(assert_no_crash(&o), 2, "stderr: {}", stderr(&o));
    assert!(stderr(&o).contains("no report text"), "{}", stderr(&o));
}

/// Symbolic links that loop back ("self -> .", "up -> ..") do not make the walk repeat or hang.
#[cfg(unix)]
#[test]
fn symlink_loops_are_walked_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("reports");
    write(&root.join("inner/shelling.txt"), SHELLING);
    std::os::unix::fs::symlink(".", root.join("inner/self")).expect("symlink");
    std::os::unix::fs::symlink("..", root.join("inner/up")).expect("symlink");
    let o = toll(&["analyze", "reports", "--format", "jsonl"], dir.path());
    assert_eq!(assert_no_crash(&o), 0, "stderr: {}", stderr(&o));
    assert_eq!(docs(&json_lines(&o)), vec!["shelling".to_string()]);
}

/// Strikes of one day in one city on different kinds of building are different incidents; a later
/// report on one of them joins it. (Illustrative reports written for this test.)
#[test]
fn strikes_of_one_day_in_one_city_on_different_buildings_are_different_incidents() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("reports");
    let reports = [
        ("hospital", "2024-07-08", "Strike on a hospital in Kyiv\n\nA missile struck the children's hospital in Kyiv on Monday, killing two adults, officials said."),
        ("office", "2024-07-08", "Strike on a business centre\n\nSeven people were killed when a missile hit a business centre in Kyiv on Monday, the mayor said."),
        ("homes", "2024-07-08", "Homes hit in Kyiv\n\nA missile destroyed part of a residential building in Kyiv on Monday, killing 10 people, rescuers said."),
        ("hospital-later", "2024-07-09", "Hospital toll rises\n\nThe death toll from Monday's strike on the children's hospital in Kyiv rose to three, the ministry said on Tuesday."),
    ];
    for (name, day, text) in reports {
        write(&root.join(format!("{name}.txt")), text);
        write(
            &root.join(format!("{name}.meta.json")),
            format!(r#"{{"published":"{day}"}}"#),
        );
    }
    let o = toll(&["analyze", "reports", "--format", "jsonl"], dir.path());
    assert_eq!(assert_no_crash(&o), 0, "stderr: {}", stderr(&o));
    let lines = json_lines(&o);
    let incident = |doc: &str| {
        let found = by_doc(&lines, doc);
        assert_eq!(found.len(), 1, "{doc}: {lines:?}");
        found[0]["incident"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let (hospital, office, homes) = (incident("hospital"), incident("office"), incident("homes"));
    assert!(!hospital.is_empty());
    assert_ne!(hospital, office);
    assert_ne!(hospital, homes);
    assert_ne!(office, homes);
    assert_eq!(incident("hospital-later"), hospital);
}
