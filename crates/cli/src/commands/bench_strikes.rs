//! `toll bench-strikes`: matching synthetic incidents to synthetic declared strikes (index build
//! and matching time, matches found), at the sizes given.

use std::process::ExitCode;

/// Arguments of `toll bench-strikes`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Sizes to run: each N matches N incidents against N strikes.
    #[arg(long, value_delimiter = ',', default_value = "10000,100000")]
    sizes: Vec<usize>,
    /// Seed of the synthetic sets.
    #[arg(long, default_value_t = 2017)]
    seed: u64,
}

/// Runs the benchmark and prints one line per size.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    println!("strikes\tincidents\tindex_s\tmatch_s\tmatches\tmatched_incidents");
    for &n in &args.sizes {
        let (strikes, incidents) = toll_redress::bench::synthetic(n, n, args.seed);
        let m = toll_redress::bench::run(strikes, &incidents);
        println!(
            "{}\t{}\t{:.3}\t{:.3}\t{}\t{}",
            m.strikes,
            m.incidents,
            m.index.as_secs_f64(),
            m.matching.as_secs_f64(),
            m.matches,
            m.matched_incidents
        );
    }
    Ok(ExitCode::SUCCESS)
}
