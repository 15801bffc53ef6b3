//! `toll incidents`: the stored incidents, filtered by country and date.

use super::ingest::db_path;
use anyhow::Context;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use toll_record::stored_incident;
use toll_store::{IncidentFilter, SqliteStore, Store};

/// Output formats of `toll incidents`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    /// One line per incident.
    Table,
    /// One JSON object per incident (the full reconciled summary).
    Jsonl,
}

/// Arguments of `toll incidents`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only incidents in this country (ISO 3166-1 alpha-2, e.g. IQ).
    #[arg(long)]
    country: Option<String>,
    /// Only incidents on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Only incidents on or before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    format: ListFormat,
    /// The database file [default: $TOLL_DB, else ./toll.db].
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,
}

/// Opens an existing database (never creates one: a typo must not look like an empty record).
pub fn open_existing(db: Option<PathBuf>) -> anyhow::Result<SqliteStore> {
    let path = db_path(db, std::env::var_os("TOLL_DB"));
    if !Path::new(&path).exists() {
        anyhow::bail!(
            "{}: no such database (run `toll ingest` first)",
            path.display()
        );
    }
    // an empty file is not a record: opening it would write a schema into it
    if std::fs::metadata(&path).is_ok_and(|m| m.len() == 0) {
        anyhow::bail!(
            "{}: empty file, not a Toll database (run `toll ingest` to create one)",
            path.display()
        );
    }
    match SqliteStore::open(&path) {
        Ok(store) => Ok(store),
        // a database these commands may not write (a read-only file or folder) is still read
        Err(e) if is_read_only(&e) => SqliteStore::open_read_only(&path)
            .with_context(|| format!("{}: cannot open for reading", path.display())),
        Err(e) => Err(e).with_context(|| format!("{}: cannot open", path.display())),
    }
}

/// True when opening failed because the database or its folder cannot be written.
fn is_read_only(e: &toll_store::StoreError) -> bool {
    let text = e.to_string();
    text.contains("readonly database") || text.contains("unable to open database file")
}

fn valid_date(d: &Option<String>) -> anyhow::Result<()> {
    if let Some(d) = d {
        chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .with_context(|| format!("{d}: not a YYYY-MM-DD date"))?;
    }
    Ok(())
}

/// Lists the incidents that match the filters.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    valid_date(&args.from)?;
    valid_date(&args.to)?;
    let store = open_existing(args.db)?;
    let records = store.incidents(&IncidentFilter {
        country: args.country.map(|c| c.to_uppercase()),
        from: args.from,
        to: args.to,
    })?;
    let mut incidents = Vec::with_capacity(records.len());
    for r in &records {
        incidents.push(stored_incident(&store, r)?);
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        ListFormat::Table => crate::render::incident_table(&mut out, &incidents)?,
        ListFormat::Jsonl => {
            for i in &incidents {
                serde_json::to_writer(&mut out, i)?;
                out.write_all(b"\n")?;
            }
        }
    }
    out.flush()?;
    eprintln!("toll: {} incidents", incidents.len());
    Ok(ExitCode::SUCCESS)
}
