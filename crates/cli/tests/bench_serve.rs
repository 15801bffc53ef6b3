//! `toll bench-serve` runs end to end on the bundled, invented examples: readers get every page they
//! ask for while the analyst's decisions are recorded in the audit log (the figures themselves are
//! measured on the load-benchmark store, BENCHMARKS.md, never here).

use std::path::Path;
use std::process::Command;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const TOLL: &str = env!("CARGO_BIN_EXE_toll");

fn examples() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

#[test]
fn readers_and_one_writer_run_and_report() -> TestResult {
    let dir = tempfile::tempdir()?;
    let d = dir.path();
    let out = Command::new(TOLL)
        .args([
            "ingest",
            examples().join("reports").to_str().ok_or("path")?,
            "--places",
            examples().join("places.tsv").to_str().ok_or("path")?,
            "--db",
            "t.db",
        ])
        .current_dir(d)
        .env_remove("TOLL_DB")
        .output()?;
    assert_eq!(out.status.code(), Some(0));
    let out = Command::new(TOLL)
        .args([
            "bench-serve",
            "--db",
            "t.db",
            "--connections",
            "3",
            "--seconds",
            "1",
            "--warmup",
            "0",
            "--write-every-ms",
            "50",
        ])
        .current_dir(d)
        .output()?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains(", 0 errors; p50 "), "{stdout}");
    assert!(stdout.contains("p99 "), "{stdout}");
    let decisions: u64 = stdout
        .lines()
        .find_map(|l| l.strip_prefix("writer: "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .ok_or("writer line")?;
    assert!(decisions >= 1, "{stdout}");
    // the decisions went through the record layer: each one is an audit event, and the chain holds
    let export = Command::new(TOLL)
        .args(["audit", "export", "--db", "t.db"])
        .current_dir(d)
        .output()?;
    let events = String::from_utf8_lossy(&export.stdout);
    assert!(events.contains("\"actor\":\"bench-analyst\""));
    let verify = Command::new(TOLL)
        .args(["audit", "verify", "--db", "t.db"])
        .current_dir(d)
        .output()?;
    assert_eq!(verify.status.code(), Some(0));
    Ok(())
}
