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
    /// Measure each mode this many times and report the median (shared machines are noisy).
    #[arg(long, default_value_t = 1)]
    runs: usize,
}

/// The median of some throughputs (the mean of the middle two for an even count).
fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
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
                    lang: r.meta.lang.as_deref(),
                    url: r.meta.url.as_deref(),
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
    let measure_once = |label: &str, full: bool| -> std::io::Result<f64> {
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
        )?;
        Ok(done as f64 / 1e6 / secs)
    };
    let runs = args.runs.max(1);
    let measure = |label: &str, full: bool| -> std::io::Result<()> {
        let rates = (0..runs)
            .map(|_| measure_once(label, full))
            .collect::<std::io::Result<Vec<f64>>>()?;
        if runs > 1 {
            let (lo, hi) = rates
                .iter()
                .fold((f64::MAX, 0.0f64), |(lo, hi), &r| (lo.min(r), hi.max(r)));
            writeln!(
                std::io::stdout(),
                "{label}: median of {runs} runs {:.1} MB/s (min {lo:.1}, max {hi:.1})",
                median(&rates)
            )?;
        }
        Ok(())
    };
    measure("accounts (extraction core)", false)?;
    measure("accounts with dates and places", true)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn median_of_odd_even_and_empty() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(&[]), 0.0);
    }
}
