//! `toll ingest`: read reports, extract their accounts, and store each report with its accounts in the
//! database in one transaction. Re-running over the same inputs stores nothing twice.

use super::analyze::{load_gazetteer, progress_bar, show_progress};
use anyhow::Context;
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use toll_ingest::{Item, Options, SourceDoc, DEFAULT_MAX_BYTES};
use toll_store::{NewDocument, SqliteStore, StoreError};

/// The database used when neither `--db` nor `TOLL_DB` names one.
const DEFAULT_DB: &str = "toll.db";

/// Arguments of `toll ingest`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or directories (searched recursively for .txt, .jsonl, .html, .htm, .warc and .warc.gz).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The database file [default: $TOLL_DB, else ./toll.db].
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,
    /// Largest input accepted, in bytes: a .txt or .html file, a JSONL line, a WARC record.
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES)]
    max_bytes: u64,
    /// Your own places (TSV: name, alternate|names, lat, lon, country); they win over GeoNames.
    #[arg(long, value_name = "FILE")]
    places: Option<PathBuf>,
}

/// The database path: `--db`, else `TOLL_DB` (when set and not empty), else `./toll.db`.
pub fn db_path(flag: Option<PathBuf>, env: Option<OsString>) -> PathBuf {
    flag.or_else(|| env.filter(|v| !v.is_empty()).map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(DEFAULT_DB))
}

/// What the run did, for the summary line.
#[derive(Debug, Default)]
struct Tally {
    new: usize,
    duplicate: usize,
    failed: usize,
    /// Stored reports seen again in a new file or with new metadata.
    sighted: Vec<toll_store::DocumentId>,
    accounts: usize,
}

/// Where a document came from, for messages: its file, and its line or record inside the file.
fn origin(doc: &SourceDoc) -> String {
    match doc.location {
        Some(l) => format!("{}{l}", doc.file.display()),
        None => doc.file.display().to_string(),
    }
}

/// Takes the database's linking lock (`<db>.link-lock`, an exclusive file lock), waiting for
/// another ingest that holds it. Linking reads every unlinked account and writes links, incident
/// summaries and pages: two passes at once would link the same accounts twice and store summaries
/// that miss the other's links, so concurrent ingests of one database link one after the other.
/// The lock is released when the returned file is dropped (or the process ends); the server's
/// review decisions take the same lock (`toll_record::lock`).
pub fn link_lock(db: &std::path::Path) -> anyhow::Result<std::fs::File> {
    Ok(toll_record::lock::acquire(db)?)
}

/// The store's view of a document read from disk.
pub fn new_document(doc: &SourceDoc) -> NewDocument<'_> {
    NewDocument {
        sha256: &doc.sha256,
        raw: &doc.raw,
        media_type: &doc.media_type,
        source: &doc.source,
        captured_at: doc.captured_at.as_deref(),
        meta: &doc.meta,
        text: &doc.text,
    }
}

/// Extracts and stores one document (`toll_record::add_report`). `Ok(Err(message))` is a failure
/// of this document alone; `Err` is a database failure that ends the run.
fn ingest_one(
    store: &SqliteStore,
    gazetteer: &toll_geo::Gazetteer,
    doc: &SourceDoc,
    tally: &mut Tally,
) -> anyhow::Result<Result<(), String>> {
    match toll_record::add_report(store, gazetteer, &new_document(doc)) {
        Ok(toll_record::Added::Inserted { accounts, .. }) => {
            tally.new += 1;
            tally.accounts += accounts;
            Ok(Ok(()))
        }
        Ok(toll_record::Added::Duplicate {
            document_id,
            new_sighting,
        }) => {
            tally.duplicate += 1;
            if new_sighting {
                tally.sighted.push(document_id);
            }
            Ok(Ok(()))
        }
        Err(e @ StoreError::Invalid(_)) => {
            tally.failed += 1;
            Ok(Err(format!("{}: cannot store: {e}", origin(doc))))
        }
        Err(e) => Err(e).with_context(|| format!("{}: cannot store", origin(doc))),
    }
}

/// Runs the command; the exit code is 1 when some inputs failed, 2 when the database failed.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let db = db_path(args.db, std::env::var_os("TOLL_DB"));
    let store = SqliteStore::open(&db)?.with_actor("toll ingest");
    let gazetteer = load_gazetteer(args.places.as_deref())?;
    let mut items = toll_ingest::documents(
        &args.paths,
        &Options {
            max_bytes: args.max_bytes,
        },
    );
    let bar = progress_bar(items.files_total());
    let started = Instant::now();
    let mut tally = Tally::default();
    let mut errors: Vec<String> = Vec::new();
    let mut fatal = None;
    while let Some(item) = items.next() {
        match item {
            Item::Warning(w) => bar.suspend(|| eprintln!("toll: warning: {w}")),
            Item::Error(e) => {
                tally.failed += 1;
                errors.push(e.to_string());
            }
            Item::Doc(doc) => match ingest_one(&store, &gazetteer, &doc, &mut tally) {
                Ok(Ok(())) => {}
                Ok(Err(message)) => errors.push(message),
                Err(e) => {
                    fatal = Some(e);
                    break;
                }
            },
        }
        show_progress(
            &bar,
            items.files_done(),
            tally.new + tally.duplicate,
            started,
        );
    }
    bar.finish_and_clear();
    // link what is not linked yet (this run's accounts, and any a killed run left unlinked), one
    // ingest at a time
    let _link_lock = match fatal {
        None => Some(link_lock(&db)?),
        Some(_) => None,
    };
    if fatal.is_none() {
        let started = Instant::now();
        let summary = toll_record::link_new(&store).context("linking")?;
        // a report seen in a new outlet is a new source of the incidents it is linked to
        toll_record::refresh_documents(&store, &tally.sighted).context("counting new sightings")?;
        eprintln!(
            "toll: linked {} accounts: {} new incidents, {} incidents updated ({:.1} s)",
            summary.linked,
            summary.opened,
            summary.updated,
            started.elapsed().as_secs_f64()
        );
    }
    if fatal.is_none() {
        let started = Instant::now();
        let stored = super::record::store_views(&store)?;
        if stored > 0 {
            eprintln!(
                "toll: stored {stored} incident pages ({:.1} s)",
                started.elapsed().as_secs_f64()
            );
        }
    }
    if fatal.is_none() && tally.new > 0 {
        let started = Instant::now();
        store
            .optimize_search_index()
            .context("merging the full-text index")?;
        eprintln!(
            "toll: merged the full-text index ({:.1} s)",
            started.elapsed().as_secs_f64()
        );
    }
    for e in &errors {
        eprintln!("toll: error: {e}");
    }
    let sightings = match tally.sighted.len() {
        0 => String::new(),
        n => format!(" ({n} seen in a new file, outlet, URL or date)"),
    };
    eprintln!(
        "toll: {} new documents, {} duplicates{sightings}, {} failed; {} accounts stored in {} ({:.1} s)",
        tally.new,
        tally.duplicate,
        tally.failed,
        tally.accounts,
        db.display(),
        started.elapsed().as_secs_f64()
    );
    if let Some(e) = fatal {
        return Err(e);
    }
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db_flag_then_env_then_default() {
        let flag = Some(PathBuf::from("a.db"));
        let env = Some(OsString::from("b.db"));
        assert_eq!(db_path(flag.clone(), env.clone()), PathBuf::from("a.db"));
        assert_eq!(db_path(None, env), PathBuf::from("b.db"));
        assert_eq!(
            db_path(None, Some(OsString::new())),
            PathBuf::from("toll.db")
        );
        assert_eq!(db_path(None, None), PathBuf::from("toll.db"));
    }
}
