//! `toll serve`: the JSON API and web UI over a database (read-only connections for readers, one
//! writer for sign-in sessions), until Ctrl-C or SIGTERM.

use super::analyze::load_gazetteer;
use super::incidents::open_existing;
use super::ingest::db_path;
use anyhow::Context;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use toll_store::Store;

/// Parses a number of seconds (`5`, `0.5`) into a duration.
fn seconds(s: &str) -> Result<Duration, String> {
    s.trim()
        .parse::<f64>()
        .ok()
        .and_then(|n| Duration::try_from_secs_f64(n).ok())
        .filter(|d| !d.is_zero() && *d <= Duration::from_secs(24 * 3600))
        .ok_or_else(|| format!("expected a number of seconds above 0 (at most a day), not {s:?}"))
}

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
    /// Seconds a connection may wait for a request's first byte (new, or kept alive after an answer).
    #[arg(long, value_name = "SECS", default_value = "5", value_parser = seconds)]
    idle_timeout: Duration,
    /// Seconds from a request's first byte to the end of its headers.
    #[arg(long, value_name = "SECS", default_value = "5", value_parser = seconds)]
    header_timeout: Duration,
    /// Seconds from a request's first byte to the last byte of its answer (longer than --budget).
    #[arg(long, value_name = "SECS", default_value = "30", value_parser = seconds)]
    request_timeout: Duration,
    /// Seconds a request's handler may work; then it is abandoned and answered 503 with Retry-After.
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = seconds)]
    budget: Duration,
    /// Seconds open requests are given to finish after Ctrl-C or SIGTERM.
    #[arg(long, value_name = "SECS", default_value = "5", value_parser = seconds)]
    shutdown_grace: Duration,
    /// Start without checking the database's pages first (`PRAGMA quick_check` reads the whole
    /// file once; skip it only for a database just checked).
    #[arg(long)]
    skip_check: bool,
    /// What callers who have not signed in may do: `read` the record, read only `published`
    /// incidents (and the reports and accounts of published incidents), or `none` (every page sends
    /// them to /login, every API route answers 401).
    #[arg(long, value_name = "read|published|none", default_value = "read", value_parser = anonymous)]
    anonymous: toll_server::auth::Anonymous,
    /// Mark the session cookie Secure (set this when Toll is served over TLS by a proxy that does not
    /// send `X-Forwarded-Proto: https`).
    #[arg(long)]
    secure_cookies: bool,
}

/// Parses `--anonymous`.
fn anonymous(s: &str) -> Result<toll_server::auth::Anonymous, String> {
    match s {
        "read" => Ok(toll_server::auth::Anonymous::Read),
        "published" => Ok(toll_server::auth::Anonymous::Published),
        "none" => Ok(toll_server::auth::Anonymous::None),
        _ => Err(format!("expected read, published or none, not {s:?}")),
    }
}

/// Serves until Ctrl-C or SIGTERM.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let config = toll_server::ServeConfig {
        connections: args.connections.unwrap_or(cores * 2).clamp(1, 64),
        timeouts: toll_server::Timeouts {
            idle: args.idle_timeout,
            header_read: args.header_timeout,
            request: args.request_timeout,
            shutdown_grace: args.shutdown_grace,
        },
        budget: args.budget,
        auth: toll_server::auth::AuthConfig {
            anonymous: args.anonymous,
            secure_cookies: args.secure_cookies,
            ..Default::default()
        },
    };
    config.check().map_err(anyhow::Error::msg)?;
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
    crate::memory::keep_freed_memory();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let served = runtime.block_on(toll_server::serve(&db, args.addr, atlas, config, |bound| {
        eprintln!(
            "toll: serving {} on http://{bound}/ (API: http://{bound}/api/v1/, Ctrl-C stops)",
            db.display()
        )
    }));
    // reads still running were told to stop when their requests were dropped: do not wait long
    runtime.shutdown_timeout(Duration::from_secs(1));
    served?;
    eprintln!("toll: server stopped");
    Ok(ExitCode::SUCCESS)
}
