//! `toll check [--repair]`: the stored incident summaries, pages and search index against what
//! recomputing them from the stored accounts and links gives (`toll_record::check`).

use super::incidents::open_existing;
use super::ingest::{db_path, link_lock};
use anyhow::Context;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use toll_record::check::{check, repair, CheckReport, Mismatch};

/// Output formats of `toll check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// One line per mismatch: incident, field, stored and recomputed value.
    Text,
    /// One JSON object per mismatch (`incident`, `field`, `stored`, `recomputed`).
    Jsonl,
}

/// Arguments of `toll check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Rewrite the stale rows (one transaction, under the lock ingest links under), then check again.
    #[arg(long)]
    repair: bool,
    /// Output format of the mismatches.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    format: CheckFormat,
    /// The database file [default: $TOLL_DB, else ./toll.db].
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,
}

/// Prints the mismatches; exits 0 when the record is (or, with `--repair`, now is) consistent,
/// 1 when mismatches remain.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let store = open_existing(args.db.clone())?;
    let db = db_path(args.db, std::env::var_os("TOLL_DB"));
    // a repair must not race an ingest's linking: take its lock before reading what to rewrite
    let _lock = if args.repair {
        Some(link_lock(&db)?)
    } else {
        None
    };
    let found = check(&store).context("checking the record")?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for m in &found.mismatches {
        print(&mut out, m, args.format)?;
    }
    out.flush()?;
    eprintln!("toll: {}", summary(&found, &db));
    if found.is_clean() || !args.repair {
        return Ok(exit(&found));
    }
    repair(&store, &found).context("repairing the record")?;
    let again = check(&store).context("checking the repaired record")?;
    for m in &again.mismatches {
        print(&mut out, m, args.format)?;
    }
    out.flush()?;
    eprintln!(
        "toll: repaired {} mismatches; checked again: {}",
        found.mismatches.len(),
        summary(&again, &db)
    );
    Ok(exit(&again))
}

fn exit(report: &CheckReport) -> ExitCode {
    if report.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn summary(report: &CheckReport, db: &std::path::Path) -> String {
    format!(
        "{}: {} incidents, {} stored pages ({} incidents without one) and the search index checked: {} mismatches",
        db.display(),
        report.incidents,
        report.pages,
        report.pages_missing,
        report.mismatches.len()
    )
}

fn print(out: &mut impl Write, m: &Mismatch, format: CheckFormat) -> anyhow::Result<()> {
    match format {
        CheckFormat::Jsonl => {
            serde_json::to_writer(&mut *out, m)?;
            writeln!(out)?;
        }
        CheckFormat::Text => writeln!(
            out,
            "{}\t{}\tstored {}\trecomputed {}",
            m.incident.as_deref().unwrap_or("-"),
            m.field,
            m.stored,
            m.recomputed
        )?,
    }
    Ok(())
}
