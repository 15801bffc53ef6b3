//! `toll analyze`: extract accounts from report files and print them.

use crate::input::{self, DEFAULT_MAX_BYTES};
use crate::output::{self, Format};
use crate::render;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `toll analyze`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or directories (searched recursively for .txt and .jsonl).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format: a readable table per report, or one JSON line per account.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Largest input file accepted, in bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES)]
    max_bytes: u64,
    /// Your own places (TSV: name, alternate|names, lat, lon, country); they win over GeoNames.
    #[arg(long, value_name = "FILE")]
    places: Option<PathBuf>,
}

/// Loads the bundled gazetteer plus the user's places file, reporting how long it took.
pub fn load_gazetteer(places: Option<&std::path::Path>) -> anyhow::Result<toll_geo::Gazetteer> {
    let started = std::time::Instant::now();
    let mut g = toll_geo::Gazetteer::bundled().context("loading the bundled gazetteer")?;
    tracing::info!(
        places = g.len(),
        names = g.names(),
        ms = started.elapsed().as_millis() as u64,
        "gazetteer loaded"
    );
    if let Some(path) = places {
        let tsv = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read places file", path.display()))?;
        let n = g
            .add_user_places(&tsv)
            .with_context(|| format!("{}: invalid places file", path.display()))?;
        tracing::info!(file = %path.display(), places = n, "user places added");
    }
    Ok(g)
}

/// Runs the command; the exit code is 1 when some inputs failed.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let gazetteer = load_gazetteer(args.places.as_deref())?;
    let loaded = input::load(&args.paths, args.max_bytes);
    for w in &loaded.warnings {
        eprintln!("toll: warning: {w}");
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let bar = ProgressBar::new(loaded.reports.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos}/{len} reports {per_sec} {wide_bar}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut accounts = 0usize;
    let mut bytes = 0usize;
    let mut found_all = Vec::with_capacity(loaded.reports.len());
    for r in &loaded.reports {
        let context = toll_extract::ReportContext {
            published: parse_published(r.report.meta.published.as_deref()),
            gazetteer: Some(&gazetteer),
        };
        let found = toll_extract::extract_report(&r.report.text, &context);
        tracing::debug!(source = %r.source.display(), id = %r.report.meta.id, accounts = found.len(), "analyzed");
        accounts += found.len();
        bytes += r.report.text.len();
        found_all.push(found);
        bar.inc(1);
    }
    bar.finish_and_clear();
    let incident_ids = toll_link::link_reports(&mut found_all);
    let incidents: std::collections::HashSet<&String> =
        incident_ids.iter().flatten().flatten().collect();
    for ((r, found), ids) in loaded.reports.iter().zip(&found_all).zip(&incident_ids) {
        output::write_report(&mut out, args.format, &r.report, found, ids)
            .context("writing output")?;
    }
    if args.format == Format::Text && !incidents.is_empty() {
        let reports: Vec<(&str, Option<&str>, &[toll_model::Account])> = loaded
            .reports
            .iter()
            .zip(&found_all)
            .map(|(r, a)| {
                (
                    r.report.meta.id.as_str(),
                    r.report.meta.outlet.as_deref(),
                    a.as_slice(),
                )
            })
            .collect();
        let summaries = toll_link::incidents_of(&reports, &incident_ids);
        writeln!(out, "== incidents ({})", summaries.len()).context("writing output")?;
        render::incident_table(&mut out, &summaries).context("writing output")?;
        for incident in &summaries {
            writeln!(out).context("writing output")?;
            render::incident_report(&mut out, incident).context("writing output")?;
        }
    }
    out.flush().context("writing output")?;
    for e in &loaded.errors {
        eprintln!("toll: error: {e}");
    }
    eprintln!(
        "toll: {} reports ({:.1} KB), {} accounts, {} incidents, {} inputs failed",
        loaded.reports.len(),
        bytes as f64 / 1024.0,
        accounts,
        incidents.len(),
        loaded.errors.len()
    );
    Ok(if loaded.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Parses a `YYYY-MM-DD` publication date; anything else counts as unknown.
pub fn parse_published(published: Option<&str>) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(published?.get(..10)?, "%Y-%m-%d").ok()
}
