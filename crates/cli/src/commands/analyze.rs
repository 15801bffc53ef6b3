//! `toll analyze`: extract accounts from report files and print them.

use crate::output::{self, Format};
use crate::render;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use toll_ingest::{Item, Options, DEFAULT_MAX_BYTES};
use toll_store::Store;

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
    /// Print each account with only what its own report says of its date and place, not what its
    /// incident lends it (for checking extraction, or fitting the linking model).
    #[arg(long)]
    own: bool,
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
///
/// The reports are added to a record in memory exactly as `toll ingest` adds them to a database
/// (`toll_record`), linked and reconciled the same way, and read back the way `toll export
/// accounts` reads them, so that `analyze` prints what a user of the stored record would see.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let gazetteer = load_gazetteer(args.places.as_deref())?;
    let store = toll_store::SqliteStore::open_in_memory()
        .context("opening a record in memory")?
        .with_actor("toll analyze");
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
    let (mut reports, mut bytes) = (Vec::new(), 0usize);
    while let Some(item) = items.next() {
        match item {
            Item::Warning(w) => bar.suspend(|| eprintln!("toll: warning: {w}")),
            Item::Error(e) => errors.push(e.to_string()),
            Item::Doc(doc) => {
                let new = super::ingest::new_document(&doc);
                match toll_record::add_report(&store, &gazetteer, &new) {
                    Ok(toll_record::Added::Inserted { document_id, .. }) => {
                        bytes += doc.text.len();
                        reports.push((document_id, doc.into_report()));
                    }
                    Ok(toll_record::Added::Duplicate { .. }) => bar.suspend(|| {
                        eprintln!(
                            "toll: warning: {}: the same bytes as an earlier report; its accounts are listed once",
                            doc.source
                        )
                    }),
                    Err(e) => errors.push(format!("{}: cannot analyze: {e}", doc.source)),
                }
            }
        }
        show_progress(&bar, items.files_done(), reports.len(), started);
    }
    bar.finish_and_clear();
    toll_record::link_new(&store).context("linking the reports")?;
    let mut by_report: std::collections::HashMap<
        i64,
        (Vec<toll_model::Account>, Vec<Option<String>>),
    > = std::collections::HashMap::new();
    let own: std::collections::HashMap<i64, toll_model::Account> = if args.own {
        store
            .current_accounts(&toll_store::AccountFilter::default())
            .context("reading the record back")?
            .into_iter()
            .map(|s| (s.id, s.account))
            .collect()
    } else {
        std::collections::HashMap::new()
    };
    let accounts = toll_record::for_each_account(&store, |mut a| {
        if let Some(stated) = own.get(&a.id) {
            a.account = stated.clone();
        }
        let entry = by_report.entry(a.document_id).or_default();
        entry.0.push(a.account);
        entry.1.push(a.incident);
        Ok(())
    })
    .context("reading the record back")?;
    let empty = (Vec::new(), Vec::new());
    for (document_id, report) in &reports {
        let (found, ids) = by_report.get(document_id).unwrap_or(&empty);
        output::write_report(&mut out, args.format, report, found, ids)
            .context("writing output")?;
    }
    let records = store
        .incidents(&toll_store::IncidentFilter::default())
        .context("reading the incidents back")?;
    if args.format == Format::Text && !records.is_empty() {
        let summaries = records
            .iter()
            .map(toll_record::incident_of)
            .collect::<Result<Vec<_>, _>>()?;
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
        reports.len(),
        bytes as f64 / 1024.0,
        accounts,
        records.len(),
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

pub use toll_record::parse_published;
