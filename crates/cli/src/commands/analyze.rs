//! `toll analyze`: extract accounts from report files and print them.

use crate::output::{self, Format};
use crate::render;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use toll_ingest::{Item, Options, DEFAULT_MAX_BYTES};

/// Arguments of `toll analyze`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or directories (searched recursively for .txt, .jsonl, .html, .htm, .warc and .warc.gz).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format: a readable table per report, or one JSON line per account.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Largest input accepted, in bytes: a .txt or .html file, a JSONL line, a WARC record.
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
    let mut items = toll_ingest::documents(
        &args.paths,
        &Options {
            max_bytes: args.max_bytes,
        },
    );
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let bar = progress_bar(items.files_total());
    let started = std::time::Instant::now();
    let mut errors = Vec::new();
    let (mut accounts, mut bytes) = (0usize, 0usize);
    let mut analyzed: Vec<(toll_model::Report, Vec<toll_model::Account>)> = Vec::new();
    while let Some(item) = items.next() {
        match item {
            Item::Warning(w) => bar.suspend(|| eprintln!("toll: warning: {w}")),
            Item::Error(e) => errors.push(e),
            Item::Doc(doc) => {
                let source = doc.source.clone();
                let report = doc.into_report();
                let found = extract(&report.text, report.meta.published.as_deref(), &gazetteer);
                tracing::debug!(%source, id = %report.meta.id, accounts = found.len(), "analyzed");
                accounts += found.len();
                bytes += report.text.len();
                analyzed.push((report, found));
            }
        }
        show_progress(&bar, items.files_done(), analyzed.len(), started);
    }
    bar.finish_and_clear();
    let mut found_all: Vec<Vec<toll_model::Account>> = analyzed
        .iter_mut()
        .map(|(_, a)| std::mem::take(a))
        .collect();
    let incident_ids = toll_link::link_reports(&mut found_all);
    let incidents = incident_ids
        .iter()
        .flatten()
        .flatten()
        .collect::<std::collections::HashSet<_>>()
        .len();
    for (((report, _), found), ids) in analyzed.iter().zip(&found_all).zip(&incident_ids) {
        output::write_report(&mut out, args.format, report, found, ids)
            .context("writing output")?;
    }
    if args.format == Format::Text && incidents > 0 {
        let reports: Vec<(&str, Option<&str>, &[toll_model::Account])> = analyzed
            .iter()
            .zip(&found_all)
            .map(|((r, _), a)| (r.meta.id.as_str(), r.meta.outlet.as_deref(), a.as_slice()))
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
    for e in &errors {
        eprintln!("toll: error: {e}");
    }
    eprintln!(
        "toll: {} reports ({:.1} KB), {} accounts, {} incidents, {} inputs failed",
        analyzed.len(),
        bytes as f64 / 1024.0,
        accounts,
        incidents,
        errors.len()
    );
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// A progress bar over input files on stderr (hidden when stderr is not a terminal).
pub fn progress_bar(files: usize) -> ProgressBar {
    let bar = ProgressBar::new(files as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos}/{len} files {msg} {wide_bar}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// Shows files done and reports per second on the progress bar.
pub fn show_progress(
    bar: &ProgressBar,
    files_done: usize,
    reports: usize,
    started: std::time::Instant,
) {
    let rate = reports as f64 / started.elapsed().as_secs_f64().max(1e-3);
    bar.set_message(format!("{reports} reports, {rate:.0} reports/s"));
    bar.set_position(files_done as u64);
}

/// Extracts the accounts of one report's text, with its publication date and the gazetteer.
pub fn extract(
    text: &str,
    published: Option<&str>,
    gazetteer: &toll_geo::Gazetteer,
) -> Vec<toll_model::Account> {
    let context = toll_extract::ReportContext {
        published: parse_published(published),
        gazetteer: Some(gazetteer),
    };
    toll_extract::extract_report(text, &context)
}

/// Parses a `YYYY-MM-DD` publication date; anything else counts as unknown.
pub fn parse_published(published: Option<&str>) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(published?.get(..10)?, "%Y-%m-%d").ok()
}
