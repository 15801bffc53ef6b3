//! `toll serve`: the read-only JSON API and web UI over a database, until Ctrl-C or SIGTERM.

use super::analyze::load_gazetteer;
use super::incidents::open_existing;
use super::ingest::db_path;
use anyhow::Context;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use toll_store::Store;

/// Arguments of `toll serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The database file [default: $TOLL_DB, else ./toll.db].
    #[arg(long)]
    db: Option<PathBuf>,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Your own places (TSV: name, alternate|names, lat, lon, country), drawn on incident maps.
    #[arg(long)]
    places: Option<PathBuf>,
    /// Read-only database connections (default: two per core).
    #[arg(long)]
    connections: Option<usize>,
    /// Start without checking the database's pages first (`PRAGMA quick_check` reads the whole
    /// file once; skip it only for a database just checked).
    #[arg(long)]
    skip_check: bool,
}

/// Serves until Ctrl-C or SIGTERM.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    // opening for writing once brings an older database's schema up to date
    let store = open_existing(args.db.clone())?;
    // a damaged database would be served as errors page after page: refuse it now
    if !args.skip_check {
        let started = std::time::Instant::now();
        store.quick_check()?;
        tracing::info!(
            seconds = started.elapsed().as_secs_f64(),
            "database pages checked"
        );
    }
    let unbuilt = store
        .incidents_without_view(toll_server::view::VIEW_VERSION)
        .context("counting incidents without a stored page")?
        .len();
    if unbuilt > 0 {
        eprintln!(
            "toll: {unbuilt} incidents have no stored page and are built per request, which is slower; \
             `toll ingest` (of anything, even an empty directory) stores them"
        );
    }
    drop(store);
    let db = db_path(args.db, std::env::var_os("TOLL_DB"));
    let gazetteer = load_gazetteer(args.places.as_deref())?;
    let atlas = toll_server::Atlas::from_gazetteer(&gazetteer);
    drop(gazetteer);
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let connections = args.connections.unwrap_or(cores * 2).clamp(1, 64);
    crate::memory::keep_freed_memory();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(toll_server::serve(
        &db,
        args.addr,
        atlas,
        connections,
        |bound| {
            eprintln!(
                "toll: serving {} on http://{bound}/ (API: http://{bound}/api/v1/, Ctrl-C stops)",
                db.display()
            )
        },
    ))?;
    eprintln!("toll: server stopped");
    Ok(ExitCode::SUCCESS)
}
