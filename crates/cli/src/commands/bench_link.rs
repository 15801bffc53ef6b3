//! `toll bench-link`: linking time and memory on synthetic account sets (load only).

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;
use toll_link::synthetic;

/// Arguments of `toll bench-link`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Account-set sizes to link, smallest first (peak memory is the process's, so it grows).
    #[arg(long, value_delimiter = ',', default_values_t = [10_000usize, 100_000, 1_000_000])]
    accounts: Vec<usize>,
    /// Seed of the synthetic generator.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// Peak resident memory of this process so far, in MB (Linux), if known.
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Generates each set, links it report by report on one core, and prints time, rate and memory.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    for &n in &args.accounts {
        let sets = synthetic::reports(n, args.seed);
        let total: usize = sets.iter().map(Vec::len).sum();
        let started = Instant::now();
        let mut linker = toll_link::Linker::new();
        for (r, feats) in sets.iter().enumerate() {
            let items: Vec<(u64, toll_link::Features)> = feats
                .iter()
                .enumerate()
                .map(|(i, f)| (((r as u64) << 32) | i as u64, f.clone()))
                .collect();
            linker.link_report(&items);
        }
        linker.assign_ids();
        let secs = started.elapsed().as_secs_f64();
        writeln!(
            std::io::stdout(),
            "link: {total} accounts in {} reports -> {} incidents in {secs:.2} s ({:.0} accounts/s), peak memory {} MB",
            sets.len(),
            linker.incidents().len(),
            total as f64 / secs,
            peak_rss_mb().map_or("?".to_string(), |m| format!("{m:.0}"))
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
