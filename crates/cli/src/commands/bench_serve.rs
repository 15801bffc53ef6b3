//! `toll bench-serve`: readers' latency on incident pages while an analyst writes. Serves the store
//! as `toll serve` does (same router, pool and settings), runs `--connections` concurrent readers
//! that each fetch random incident pages on one kept-alive HTTP/1.1 connection, and one writer that
//! makes a review decision every `--write-every-ms` through `toll_record::review` on its own
//! connection, under the linking lock (the path `toll review` takes). After a warm-up it measures for `--seconds` and prints
//! the readers' p50 / p95 / p99 / max, requests per second, and the writes done with their own
//! latency.

use super::analyze::load_gazetteer;
use super::incidents::open_existing;
use anyhow::Context;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use toll_record::review::{self, Decision};
use toll_store::{SqliteStore, Store};

/// Arguments of `toll bench-serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The database file to serve (it is written to: the writer records review decisions).
    #[arg(long, value_name = "FILE")]
    db: PathBuf,
    /// Concurrent readers (one kept-alive connection each).
    #[arg(long, default_value_t = 64)]
    connections: usize,
    /// Seconds measured (after the warm-up).
    #[arg(long, default_value_t = 30)]
    seconds: u64,
    /// Seconds of warm-up before measuring (not counted).
    #[arg(long, default_value_t = 5)]
    warmup: u64,
    /// One review decision every this many milliseconds (0: no writer).
    #[arg(long, default_value_t = 100)]
    write_every_ms: u64,
    /// Read-only database connections of the server [default: as `toll serve`, twice the cores].
    #[arg(long)]
    pool: Option<usize>,
    /// Pages read: `web` (/incidents/ID, HTML) or `api` (/api/v1/incidents/ID, JSON).
    #[arg(long, default_value = "web", value_parser = ["web", "api"])]
    page: String,
}

/// A small deterministic generator (xorshift64*) for picking incidents: no dependency, and the same
/// sequence on every run.
struct Picker(u64);

impl Picker {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let x = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        usize::try_from(x % n.max(1) as u64).unwrap_or(0)
    }
}

/// Runs `toll bench-serve`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let store = open_existing(Some(args.db.clone()))?;
    let every = toll_store::IncidentQuery {
        sort: toll_store::IncidentSort::Id,
        limit: 100_000_000,
        ..Default::default()
    };
    let ids: Vec<String> = store
        .incident_page(&every)
        .context("listing incidents")?
        .rows
        .into_iter()
        .map(|i| i.id)
        .collect();
    if ids.is_empty() {
        anyhow::bail!("{}: no incidents to read", args.db.display());
    }
    drop(store);
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let pool = args.pool.unwrap_or(cores * 2).clamp(1, 64);
    let gazetteer = load_gazetteer(None)?;
    let atlas = toll_server::Atlas::from_gazetteer(&gazetteer);
    drop(gazetteer);
    crate::memory::keep_freed_memory();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let db = toll_server::Db::open(&args.db, pool)
        .with_context(|| format!("{}: cannot open", args.db.display()))?;
    let state = toll_server::AppState::new(db, atlas);
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .context("binding a local port")?;
    let addr = listener.local_addr()?;
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = runtime.spawn(toll_server::serve_connections(
        listener,
        toll_server::app(state),
        toll_server::Timeouts {
            idle: Duration::from_secs(120),
            ..toll_server::Timeouts::default()
        },
        async move {
            let _ = stop_rx.await;
        },
    ));
    let ids = Arc::new(ids);
    let measuring = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicBool::new(false));
    eprintln!(
        "toll: {} incidents; {} readers on {} pages, server pool {pool}, a decision every {} ms; warm-up {} s, then {} s measured",
        ids.len(),
        args.connections,
        args.page,
        args.write_every_ms,
        args.warmup,
        args.seconds
    );
    let readers: Vec<_> = (0..args.connections)
        .map(|n| {
            let (ids, measuring, done) = (ids.clone(), measuring.clone(), done.clone());
            let prefix = if args.page == "api" {
                "/api/v1/incidents/"
            } else {
                "/incidents/"
            };
            std::thread::spawn(move || {
                read_pages(addr, prefix, &ids, n as u64 + 1, &measuring, &done)
            })
        })
        .collect();
    let writer = (args.write_every_ms > 0).then(|| {
        let (ids, measuring, done) = (ids.clone(), measuring.clone(), done.clone());
        let (path, every) = (args.db.clone(), Duration::from_millis(args.write_every_ms));
        std::thread::spawn(move || write_decisions(&path, &ids, every, &measuring, &done))
    });
    std::thread::sleep(Duration::from_secs(args.warmup));
    measuring.store(true, Ordering::SeqCst);
    let started = Instant::now();
    std::thread::sleep(Duration::from_secs(args.seconds));
    measuring.store(false, Ordering::SeqCst);
    let elapsed = started.elapsed();
    done.store(true, Ordering::SeqCst);
    let mut latencies = Vec::new();
    let mut errors = 0u64;
    for r in readers {
        match r.join() {
            Ok(Ok((l, e))) => {
                latencies.extend(l);
                errors += e;
            }
            Ok(Err(e)) => eprintln!("toll: a reader failed: {e}"),
            Err(_) => eprintln!("toll: a reader panicked"),
        }
    }
    let writes = match writer.map(|w| w.join()) {
        None => None,
        Some(Ok(Ok(w))) => Some(w),
        Some(Ok(Err(e))) => {
            eprintln!("toll: the writer failed: {e:#}");
            None
        }
        Some(Err(_)) => None,
    };
    let _ = stop_tx.send(());
    let _ = runtime.block_on(server);
    runtime.shutdown_timeout(Duration::from_secs(1));
    latencies.sort_unstable();
    let pct = |p: f64| -> f64 {
        let i = ((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len().max(1)) - 1;
        latencies.get(i).copied().unwrap_or(0) as f64 / 1000.0
    };
    println!(
        "readers: {} requests in {:.1} s ({:.0}/s), {errors} errors; p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        latencies.len(),
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        pct(0.50),
        pct(0.95),
        pct(0.99),
        latencies.last().copied().unwrap_or(0) as f64 / 1000.0,
    );
    match writes {
        Some(mut w) => {
            w.sort_unstable();
            let wp = |p: f64| -> f64 {
                let i = ((w.len() as f64 * p).ceil() as usize).clamp(1, w.len().max(1)) - 1;
                w.get(i).copied().unwrap_or(0) as f64 / 1000.0
            };
            println!(
                "writer: {} review decisions measured ({:.1}/s); each took p50 {:.1} ms, p99 {:.1} ms",
                w.len(),
                w.len() as f64 / elapsed.as_secs_f64(),
                wp(0.50),
                wp(0.99)
            );
        }
        None => println!("writer: none"),
    }
    Ok(if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// One reader: random incident pages on one kept-alive connection until `done`; returns the
/// latencies (µs) measured while `measuring`, and how many answers were not 200.
fn read_pages(
    addr: SocketAddr,
    prefix: &str,
    ids: &[String],
    seed: u64,
    measuring: &AtomicBool,
    done: &AtomicBool,
) -> std::io::Result<(Vec<u64>, u64)> {
    let mut pick = Picker(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut conn = Connection::open(addr)?;
    let mut latencies = Vec::with_capacity(1 << 16);
    let mut errors = 0;
    while !done.load(Ordering::Relaxed) {
        let path = format!("{prefix}{}", ids[pick.next(ids.len())]);
        let t = Instant::now();
        let status = match conn.get(&path) {
            Ok(s) => s,
            // the server closed an idle connection: open another and go on
            Err(_) => {
                conn = Connection::open(addr)?;
                conn.get(&path)?
            }
        };
        let took = u64::try_from(t.elapsed().as_micros()).unwrap_or(u64::MAX);
        if measuring.load(Ordering::Relaxed) {
            latencies.push(took);
            if status != 200 {
                errors += 1;
            }
        }
    }
    Ok((latencies, errors))
}

/// A kept-alive HTTP/1.1 connection that sends GETs and reads whole answers.
struct Connection {
    stream: TcpStream,
    reader: BufReader<TcpStream>,
    body: Vec<u8>,
}

impl Connection {
    fn open(addr: SocketAddr) -> std::io::Result<Connection> {
        let stream = TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        Ok(Connection {
            reader: BufReader::new(stream.try_clone()?),
            stream,
            body: Vec::new(),
        })
    }

    /// GETs `path`; returns the status after reading the whole body.
    fn get(&mut self, path: &str) -> std::io::Result<u16> {
        write!(self.stream, "GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n")?;
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("no status line: {line:?}")))?;
        let (mut length, mut chunked) = (None, false);
        loop {
            line.clear();
            if self.reader.read_line(&mut line)? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((k, v)) = header.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse::<usize>().ok();
                } else if k.eq_ignore_ascii_case("transfer-encoding") {
                    chunked = v.to_ascii_lowercase().contains("chunked");
                }
            }
        }
        if chunked {
            loop {
                line.clear();
                self.reader.read_line(&mut line)?;
                let size = usize::from_str_radix(line.trim(), 16)
                    .map_err(|_| std::io::Error::other("bad chunk size"))?;
                self.read_body(size + 2)?;
                if size == 0 {
                    break;
                }
            }
        } else {
            self.read_body(length.unwrap_or(0))?;
        }
        Ok(status)
    }

    fn read_body(&mut self, n: usize) -> std::io::Result<()> {
        self.body.resize(n, 0);
        self.reader.read_exact(&mut self.body)
    }
}

/// The analyst: a review decision every `every` on its own connection, through the record layer,
/// until `done`; returns the decisions' own latencies (µs) made while `measuring`. Decisions take
/// turns: confirm an account of a random incident, then grade another incident.
fn write_decisions(
    path: &std::path::Path,
    ids: &[String],
    every: Duration,
    measuring: &AtomicBool,
    done: &AtomicBool,
) -> anyhow::Result<Vec<u64>> {
    let store = SqliteStore::open(path)?;
    let mut pick = Picker(0x5EED);
    let mut took = Vec::new();
    let mut next = Instant::now();
    let mut n = 0u64;
    while !done.load(Ordering::Relaxed) {
        next += every;
        let id = &ids[pick.next(ids.len())];
        let d = Decision {
            by: "bench-analyst",
            reason: "load test: a decision every interval",
            expected_version: None,
        };
        let t = Instant::now();
        // as `toll review` does: a decision waits for, and holds, the database's linking lock
        let lock = toll_record::lock::acquire(path)?;
        if n.is_multiple_of(2) {
            let account = store.incident_accounts(id)?.first().map(|a| a.account.id);
            if let Some(a) = account {
                review::confirm_account(&store, a, &d)?;
            }
        } else {
            review::grade_incident(&store, id, "weak", &d)?;
        }
        drop(lock);
        n += 1;
        if measuring.load(Ordering::Relaxed) {
            took.push(u64::try_from(t.elapsed().as_micros()).unwrap_or(u64::MAX));
        }
        if let Some(wait) = next.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        } else {
            next = Instant::now();
        }
    }
    Ok(took)
}
