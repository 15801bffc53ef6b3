//! `toll strikes import FILE...` (declared strikes from CSV, JSON lines and strike releases, each
//! file archived raw with its SHA-256) and `toll strikes show INCIDENT` (the declared strikes that
//! could have caused an incident and its possible responsible parties), through `toll_redress`.

use super::analyze::load_gazetteer;
use super::ingest::db_path;
use anyhow::Context;
use std::path::PathBuf;
use std::process::ExitCode;
use toll_redress::import::{import_file, Imported, Options};
use toll_redress::strikes::Format;
use toll_store::SqliteStore;

/// Arguments of `toll strikes`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
    /// The database file [default: $TOLL_DB, else ./toll.db].
    #[arg(long, value_name = "FILE", global = true)]
    db: Option<PathBuf>,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Import declared strikes: .csv, .jsonl, or the text of a strike release (any other file).
    Import {
        /// The files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Read every file as this format: csv, jsonl or release.
        #[arg(long)]
        format: Option<String>,
        /// Who declared the strikes, for files that do not say.
        #[arg(long, value_name = "NAME")]
        belligerent: Option<String>,
        /// Where the declaration is published, for files that do not say.
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        /// Your own places (TSV, as for `toll ingest`), which win over GeoNames.
        #[arg(long, value_name = "FILE")]
        places: Option<PathBuf>,
    },
    /// Show the declared strikes that could have caused an incident, and its possible
    /// responsible parties.
    Show {
        /// The incident id.
        id: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// Runs `toll strikes`: exit 1 when some rows or files failed (the rest was imported).
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        Command::Import {
            files,
            format,
            belligerent,
            url,
            places,
        } => {
            let format = match format.as_deref() {
                None => None,
                Some("csv") => Some(Format::Csv),
                Some("jsonl") => Some(Format::Jsonl),
                Some("release") => Some(Format::Release),
                Some(other) => anyhow::bail!("--format {other:?}: use csv, jsonl or release"),
            };
            if let Some(u) = &url {
                if !(u.starts_with("https://") || u.starts_with("http://")) {
                    anyhow::bail!("--url {u:?}: use an http(s) address");
                }
            }
            let gazetteer = load_gazetteer(places.as_deref())?;
            let path = db_path(args.db, std::env::var_os("TOLL_DB"));
            let store = SqliteStore::open(&path)
                .with_context(|| format!("{}: cannot open", path.display()))?
                .with_actor("toll strikes import");
            let options = Options {
                format,
                belligerent: belligerent.as_deref(),
                url: url.as_deref(),
            };
            let (mut stored, mut strikes, mut duplicates, mut failed) = (0, 0, 0, 0);
            for file in &files {
                match import_file(&store, file, &options, &gazetteer) {
                    Ok(outcome) => {
                        for e in &outcome.errors {
                            eprintln!("toll: error: {e}");
                        }
                        failed += outcome.errors.len();
                        match outcome.imported {
                            Imported::Stored { strikes: n, .. } => {
                                stored += 1;
                                strikes += n;
                            }
                            Imported::Duplicate { id } => {
                                duplicates += 1;
                                eprintln!(
                                    "toll: {}: imported before (source {id}); skipped",
                                    file.display()
                                );
                            }
                            Imported::Empty => {}
                        }
                    }
                    Err(toll_redress::RedressError::Store(e)) => {
                        return Err(e).context("storing strikes");
                    }
                    Err(e) => {
                        eprintln!("toll: error: {e}");
                        failed += 1;
                    }
                }
            }
            eprintln!(
                "toll: {stored} files archived, {strikes} declared strikes stored, {duplicates} duplicates, {failed} errors"
            );
            Ok(if failed > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Show { id, json } => {
            let store = super::incidents::open_existing(args.db)?;
            let Some(found) = toll_redress::parties::incident_strikes(&store, &id)? else {
                eprintln!("toll: no incident {id}");
                return Ok(ExitCode::from(1));
            };
            if json {
                println!("{}", serde_json::to_string_pretty(&found)?);
                return Ok(ExitCode::SUCCESS);
            }
            println!("Possible responsible parties of {}:", found.incident);
            if found.parties.is_empty() {
                println!("  none: no declared strike matches and no report blames anyone");
            }
            for p in &found.parties {
                println!(
                    "  {} [{}{}] {:.2}",
                    p.name,
                    p.kind.as_str(),
                    p.nation
                        .as_deref()
                        .map(|n| format!(", {n}"))
                        .unwrap_or_default(),
                    p.probability
                );
                for e in &p.evidence {
                    println!("    - {e}");
                }
            }
            println!("Declared strikes that could have caused it:");
            for s in &found.strikes {
                let n = s.strikes.unwrap_or(1);
                println!(
                    "  #{} {} {} near {} ({n} strike{}) p={:.2}: {}",
                    s.id,
                    s.date_from,
                    s.belligerent,
                    s.place.as_deref().unwrap_or("?"),
                    if n == 1 { "" } else { "s" },
                    s.probability,
                    s.reasons.join("; ")
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
