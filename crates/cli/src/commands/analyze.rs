//! `toll analyze`: extract accounts from report files and print them.

use crate::output::{self, Format};
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
    let (mut reports, mut accounts, mut bytes) = (0usize, 0usize, 0usize);
    while let Some(item) = items.next() {
        match item {
            Item::Warning(w) => bar.suspend(|| eprintln!("toll: warning: {w}")),
            Item::Error(e) => errors.push(e),
            Item::Doc(doc) => {
                let source = doc.source.clone();
                let report = doc.into_report();
                let found = extract(&report.text, report.meta.published.as_deref(), &gazetteer);
                tracing::debug!(%source, id = %report.meta.id, accounts = found.len(), "analyzed");
                reports += 1;
                accounts += found.len();
                bytes += report.text.len();
                output::write_report(&mut out, args.format, &report, &found)
                    .context("writing output")?;
            }
        }
        show_progress(&bar, items.files_done(), reports, started);
    }
    bar.finish_and_clear();
    out.flush().context("writing output")?;
    for e in &errors {
        eprintln!("toll: error: {e}");
    }
    eprintln!(
        "toll: {} reports ({:.1} KB), {} accounts, {} inputs failed",
        reports,
        bytes as f64 / 1024.0,
        accounts,
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
