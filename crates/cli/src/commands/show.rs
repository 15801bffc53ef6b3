//! `toll show ID`: one incident's full report, its version, whether it is published, and its
//! history (its audit events). An id merged into another incident shows the survivor.

use super::incidents::open_existing;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use toll_record::stored_incident;
use toll_store::Store;

/// Arguments of `toll show`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The incident id (as `toll incidents` lists it, e.g. IRQ-2024-03-07-a).
    id: String,
    /// Print the reconciled summary as JSON instead of the terminal report.
    #[arg(long)]
    json: bool,
    /// The database file [default: $TOLL_DB, else ./toll.db].
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,
}

/// Prints the incident, or exits 1 when there is none with that id.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let store = open_existing(args.db)?;
    let Some(id) = store.resolve_incident(&args.id)? else {
        eprintln!("toll: no incident {}", args.id);
        return Ok(ExitCode::from(1));
    };
    if id != args.id {
        eprintln!("toll: incident {} was merged into {id}", args.id);
    }
    let Some(record) = store.incident(&id)? else {
        eprintln!("toll: no incident {id}");
        return Ok(ExitCode::from(1));
    };
    let incident = stored_incident(&store, &record)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &incident)?;
        out.write_all(b"\n")?;
    } else {
        crate::render::incident_report(&mut out, &incident)?;
        let version = store.incident_version(&id)?.unwrap_or_default();
        let published = store.incident_review(&id)?.published;
        writeln!(
            out,
            "\nVersion {version} · {}",
            if published {
                "published"
            } else {
                "not published"
            }
        )?;
        crate::render::history(&mut out, &store.incident_history(&id)?)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
