//! `toll audit verify|export`: the audit log's hash chain, checked or written out.

use super::incidents::open_existing;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use toll_store::AuditCheck;

/// Arguments of `toll audit`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
    /// The database file [default: $TOLL_DB, else ./toll.db].
    #[arg(long, value_name = "FILE", global = true)]
    db: Option<PathBuf>,
}

/// What to do with the audit log.
#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Recompute the hash chain: exit 0 with the count and the head hash when every event is
    /// intact, exit 1 naming the first event that was changed, deleted or moved.
    Verify,
    /// Write every event, oldest first, as JSON lines (every field as stored, with its hashes, so
    /// that the chain can be recomputed from the export alone).
    Export,
}

/// Runs `toll audit`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let store = open_existing(args.db)?;
    match args.action {
        Action::Verify => match store.verify_audit_log()? {
            AuditCheck::Intact { events, head } => {
                println!(
                    "audit log intact: {events} events, head {}",
                    head.as_deref().unwrap_or("(empty)")
                );
                Ok(ExitCode::SUCCESS)
            }
            AuditCheck::Broken {
                event,
                checked,
                problem,
            } => {
                println!("audit log broken at event {event}: {problem} ({checked} events before it are intact)");
                Ok(ExitCode::from(1))
            }
        },
        Action::Export => {
            let stdout = std::io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            store.for_each_audit_event(|e| {
                serde_json::to_writer(&mut out, &e.to_json())
                    .map_err(|err| toll_store::StoreError::Invalid(err.to_string()))?;
                out.write_all(b"\n")
                    .map_err(|err| toll_store::StoreError::Invalid(format!("cannot write: {err}")))
            })?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
