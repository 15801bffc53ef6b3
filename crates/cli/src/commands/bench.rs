//! `toll bench`: extraction throughput on one core, in MB/s.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use toll_ingest::{Item, Options};

/// Arguments of `toll bench`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Reports to measure on (files or directories).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Repeat the reports until at least this many megabytes are processed.
    #[arg(long, default_value_t = 50)]
    megabytes: usize,
}

/// Extracts from the reports repeatedly on the current thread and prints MB/s.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let gazetteer = super::analyze::load_gazetteer(None)?;
    writeln!(
        std::io::stdout(),
        "gazetteer: {} places, {} names loaded in {:.1} ms",
        gazetteer.len(),
        gazetteer.names(),
        started.elapsed().as_secs_f64() * 1000.0
    )?;
    let loaded: Vec<toll_model::Report> = toll_ingest::documents(&args.paths, &Options::default())
        .filter_map(|item| match item {
            Item::Doc(d) => Some(d.into_report()),
            _ => None,
        })
        .collect();
    let reports: Vec<(&str, toll_extract::ReportContext)> = loaded
        .iter()
        .map(|r| {
            let published = super::analyze::parse_published(r.meta.published.as_deref());
            (
                r.text.as_str(),
                toll_extract::ReportContext {
                    published,
                    gazetteer: Some(&gazetteer),
                },
            )
        })
        .collect();
    let texts: Vec<&str> = reports.iter().map(|(t, _)| *t).collect();
    let size: usize = texts.iter().map(|t| t.len()).sum();
    if size == 0 {
        anyhow::bail!("no report text found under the given paths");
    }
    let target = args.megabytes.max(1) * 1_000_000;
    let measure = |label: &str, full: bool| -> std::io::Result<()> {
        let mut done = 0usize;
        let mut accounts = 0usize;
        let started = Instant::now();
        while done < target {
            for (t, context) in &reports {
                accounts += if full {
                    toll_extract::extract_report(t, context).len()
                } else {
                    toll_extract::extract(t).len()
                };
                done += t.len();
            }
        }
        let secs = started.elapsed().as_secs_f64();
        writeln!(
            std::io::stdout(),
            "{label}: {:.1} MB ({} reports x {} passes, {} accounts) in {:.2} s on one core: {:.1} MB/s",
            done as f64 / 1e6,
            texts.len(),
            done / size,
            accounts,
            secs,
            done as f64 / 1e6 / secs
        )
    };
    measure("accounts (extraction core)", false)?;
    measure("accounts with dates and places", true)?;
    Ok(ExitCode::SUCCESS)
}
