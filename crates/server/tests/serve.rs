//! Slow and stalled clients over real sockets: they are disconnected after the header-read timeout, and
//! they cannot hold the shutdown. The app is a one-route router: this is about connections, not pages.

use axum::routing::get;
use axum::Router;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;
use toll_server::{serve_connections, Timeouts};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Generous bound on anything the tests wait for (the timeouts they configure are a second or two).
const PATIENCE: Duration = Duration::from_secs(30);

async fn start(
    timeouts: Timeouts,
) -> std::io::Result<(
    SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<()>,
)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = Router::new()
        .route("/", get(|| async { "ok" }))
        .route("/never", get(std::future::pending::<&'static str>));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve_connections(listener, app, timeouts, async {
        let _ = stopped.await;
    }));
    Ok((addr, stop, server))
}

/// Connects and sends `bytes` (half a request, or nothing).
fn stall(addr: SocketAddr, bytes: &[u8]) -> std::io::Result<TcpStream> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(PATIENCE))?;
    s.write_all(bytes)?;
    Ok(s)
}

/// Reads until the server closes the connection; an error if it is still open after `PATIENCE`.
fn read_until_closed(mut s: TcpStream) -> std::io::Result<Vec<u8>> {
    let mut got = Vec::new();
    match s.read_to_end(&mut got) {
        Ok(_) => Ok(got),
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => Ok(got),
        Err(e) => Err(std::io::Error::new(
            e.kind(),
            format!("connection still open: {e}"),
        )),
    }
}

/// One whole request on a new connection: the server answers it.
fn whole_request(addr: SocketAddr) -> std::io::Result<String> {
    let s = stall(
        addr,
        b"GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n",
    )?;
    Ok(String::from_utf8_lossy(&read_until_closed(s)?).into_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stalled_and_idle_clients_are_disconnected_after_the_header_timeout() -> TestResult {
    let (addr, stop, server) = start(Timeouts {
        header_read: Duration::from_secs(1),
        shutdown_grace: Duration::from_secs(1),
    })
    .await?;
    let outcome = tokio::task::spawn_blocking(move || -> std::io::Result<()> {
        let half = stall(addr, b"GET / HT")?;
        let idle = stall(addr, b"")?;
        let kept = stall(addr, b"GET / HTTP/1.1\r\nHost: test\r\n\r\n")?;
        // the server still answers others meanwhile
        assert!(whole_request(addr)?.starts_with("HTTP/1.1 200"));
        read_until_closed(half)?;
        read_until_closed(idle)?;
        // answered, then idle on a kept-alive connection: closed too
        let answer = read_until_closed(kept)?;
        assert!(answer.starts_with(b"HTTP/1.1 200"));
        Ok(())
    })
    .await?;
    let _ = stop.send(());
    tokio::time::timeout(PATIENCE, server).await??;
    Ok(outcome?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_completes_while_a_half_sent_request_is_open() -> TestResult {
    // a header timeout far beyond the test's patience: only the shutdown bound can end the wait
    let (addr, stop, server) = start(Timeouts {
        header_read: Duration::from_secs(3600),
        shutdown_grace: Duration::from_secs(1),
    })
    .await?;
    let half = tokio::task::spawn_blocking(move || -> std::io::Result<TcpStream> {
        let half = stall(addr, b"GET / HTTP/1.1\r\nHost: te")?;
        // connections are accepted in order: once this one is answered, the half-sent one is open
        assert!(whole_request(addr)?.starts_with("HTTP/1.1 200"));
        Ok(half)
    })
    .await??;
    let _ = stop.send(());
    tokio::time::timeout(PATIENCE, server)
        .await
        .map_err(|_| "the server did not stop while a half-sent request was open")??;
    // and the stalled client was disconnected
    tokio::task::spawn_blocking(move || read_until_closed(half)).await??;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_stops_waiting_for_a_request_that_never_ends() -> TestResult {
    let (addr, stop, server) = start(Timeouts {
        header_read: Duration::from_secs(3600),
        shutdown_grace: Duration::from_secs(1),
    })
    .await?;
    let waiting = tokio::task::spawn_blocking(move || -> std::io::Result<TcpStream> {
        let waiting = stall(addr, b"GET /never HTTP/1.1\r\nHost: test\r\n\r\n")?;
        assert!(whole_request(addr)?.starts_with("HTTP/1.1 200"));
        Ok(waiting)
    })
    .await??;
    let _ = stop.send(());
    tokio::time::timeout(PATIENCE, server)
        .await
        .map_err(|_| "the server did not stop while a request was in progress")??;
    let answer = tokio::task::spawn_blocking(move || read_until_closed(waiting)).await??;
    assert!(answer.is_empty(), "dropped without an answer");
    Ok(())
}
