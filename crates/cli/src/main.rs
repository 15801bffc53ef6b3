//! The `toll` binary: clap commands that wire the crates together.

mod commands;
mod memory;
mod output;
mod render;

use clap::{Parser, Subcommand};

// the server and the batch commands allocate many short-lived strings on two threads or more;
// glibc's allocator spent a fifth of the server's time consolidating its free lists
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

/// Toll turns reports of civilian harm into an accountable record.
#[derive(Debug, Parser)]
#[command(name = "toll", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract every account of harm from reports (.txt with .meta.json sidecars, .jsonl, .html, .warc; files or directories).
    Analyze(commands::analyze::Args),
    /// Read reports, extract their accounts and store both in the database (one transaction per report).
    Ingest(commands::ingest::Args),
    /// List the stored incidents (filter by country and date; table or JSON lines).
    Incidents(commands::incidents::Args),
    /// Show one incident: figures low/best/high, grade, contradictions and every account with its source.
    Show(commands::show::Args),
    /// Export documents, accounts or incidents as JSON lines, CSV (UCDP GED column names) or GeoJSON.
    Export(commands::export::Args),
    /// Check every stored incident summary, incident page and the search index against what recomputing them gives (--repair rewrites what is stale).
    Check(commands::check::Args),
    /// Record a reviewer's decision on an account (confirm, reject, edit) or an incident (move, merge, pin, grade, publish).
    Review(commands::review::Args),
    /// Verify the audit log's hash chain, or export it as JSON lines.
    Audit(commands::audit::Args),
    /// Measure extraction throughput on one core (MB/s) over a set of reports.
    Bench(commands::bench::Args),
    /// Measure linking time and memory on synthetic account sets (10k / 100k / 1M accounts).
    BenchLink(commands::bench_link::Args),
    /// Measure readers' latency on incident pages (64 connections) while an analyst records a review decision every 100 ms.
    BenchServe(commands::bench_serve::Args),
    /// Serve the record read-only: JSON API under /api/v1 (OpenAPI at /api/v1/openapi.json) and a web UI.
    Serve(commands::serve::Args),
    /// Write synthetic reports (JSON lines, invented templates) for load benchmarks only.
    Generate(commands::generate::Args),
    /// Import declared strikes (CSV, JSON lines, strike releases) or show those matched to an incident.
    Strikes(commands::strikes::Args),
    /// Enter, propose, confirm or list belligerents' own assessments of incidents.
    Assessment(commands::assessment::Args),
    /// Measure matching of synthetic incidents to synthetic declared strikes (10k, 100k).
    BenchStrikes(commands::bench_strikes::Args),
    /// Manage who may sign in to `toll serve`: add, list, disable, enable, reset (roles viewer < analyst < editor < admin).
    User(commands::user::UserArgs),
    /// Manage API tokens (sent as `Authorization: Bearer`): create, revoke, list.
    Token(commands::user::TokenArgs),
    /// Compensation claims for victims of an incident: new, show, list, add-victim, attach, route, status, deadlines, dossier.
    Claim(commands::claim::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // the server logs each request by default; other commands only errors, unless TOLL_LOG says more
    let default = match cli.command {
        Command::Serve(_) => "info",
        _ => "error",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("TOLL_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(filter)
        .without_time()
        .init();
    let result = match cli.command {
        Command::Analyze(args) => commands::analyze::run(args),
        Command::Bench(args) => commands::bench::run(args),
        Command::BenchLink(args) => commands::bench_link::run(args),
        Command::BenchServe(args) => commands::bench_serve::run(args),
        Command::Generate(args) => commands::generate::run(args),
        Command::Ingest(args) => commands::ingest::run(args),
        Command::Incidents(args) => commands::incidents::run(args),
        Command::Show(args) => commands::show::run(args),
        Command::Export(args) => commands::export::run(args),
        Command::Check(args) => commands::check::run(args),
        Command::Review(args) => commands::review::run(args),
        Command::Audit(args) => commands::audit::run(args),
        Command::Serve(args) => commands::serve::run(args),
        Command::Strikes(args) => commands::strikes::run(args),
        Command::Assessment(args) => commands::assessment::run(args),
        Command::BenchStrikes(args) => commands::bench_strikes::run(args),
        Command::User(args) => commands::user::run_user(args),
        Command::Token(args) => commands::user::run_token(args),
        Command::Claim(args) => commands::claim::run(args),
    };
    match result {
        Ok(code) => code,
        // a reader that stopped reading (`toll bench … | head`) is not an error
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("toll: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
