//! Slow and stalled clients over real sockets: they are disconnected after the idle, header and
//! whole-request timeouts, they cannot hold the shutdown, and a handler over its budget is answered 503.
//! The app is a small router: this is about connections, not pages.

use axum::routing::get;
use axum::Router;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;
use toll_server::{serve_connections, Timeouts};

/// Timeouts of a second, so that the tests are quick.
const SHORT: Timeouts = Timeouts {
    idle: Duration::from_secs(1),
    header_read: Duration::from_secs(1),
    request: Duration::from_secs(1),
    shutdown_grace: Duration::from_secs(1),
};

/// Timeouts far beyond the tests' patience: only what a test is about can end a wait.
const LONG: Timeouts = Timeouts {
    idle: Duration::from_secs(3600),
    header_read: Duration::from_secs(3600),
    request: Duration::from_secs(3600),
    shutdown_grace: Duration::from_secs(1),
};

/// Bytes of the big answer: more than the socket buffers of both sides hold.
const BIG: usize = 64 << 20;

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
        .route("/never", get(std::future::pending::<&'static str>))
        .route("/big", get(|| async { vec![b'x'; BIG] }));
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
async fn fifty_stalled_and_idle_clients_are_disconnected_while_others_are_answered() -> TestResult {
    let (addr, stop, server) = start(SHORT).await?;
    let outcome = tokio::task::spawn_blocking(move || -> std::io::Result<()> {
        let mut stalled = Vec::new();
        for i in 0..50 {
            // half of them send half a request line, the other half nothing at all
            stalled.push(stall(addr, if i % 2 == 0 { b"GET / HT" } else { b"" })?);
        }
        let headers_half_sent = stall(addr, b"GET / HTTP/1.1\r\nHost: test\r\nX-Slow: ")?;
        let kept = stall(addr, b"GET / HTTP/1.1\r\nHost: test\r\n\r\n")?;
        // the server still answers others meanwhile
        assert!(whole_request(addr)?.starts_with("HTTP/1.1 200"));
        for s in stalled {
            assert!(read_until_closed(s)?.is_empty());
        }
        read_until_closed(headers_half_sent)?;
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
async fn a_client_trickling_its_headers_is_disconnected_after_the_header_timeout() -> TestResult {
    let (addr, stop, server) = start(SHORT).await?;
    let outcome = tokio::task::spawn_blocking(move || -> std::io::Result<bool> {
        let mut s = stall(addr, b"GET / HTTP/1.1\r\nHost: test\r\nX-Slow: ")?;
        s.set_read_timeout(Some(Duration::from_millis(200)))?;
        // one byte every 200 ms: never idle, never done; each byte would restart an idle clock
        let give_up = std::time::Instant::now() + PATIENCE;
        while std::time::Instant::now() < give_up {
            if s.write_all(b"a").is_err() {
                return Ok(true);
            }
            let mut buf = [0u8; 64];
            match s.read(&mut buf) {
                Ok(0) => return Ok(true),
                Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return Ok(true),
                _ => {}
            }
        }
        Ok(false)
    })
    .await??;
    assert!(outcome, "the trickling client was never disconnected");
    let _ = stop.send(());
    tokio::time::timeout(PATIENCE, server).await??;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_does_not_read_its_answer_is_disconnected_after_the_request_timeout(
) -> TestResult {
    let (addr, stop, server) = start(SHORT).await?;
    let got = tokio::task::spawn_blocking(move || -> std::io::Result<Vec<u8>> {
        let s = stall(addr, b"GET /big HTTP/1.1\r\nHost: test\r\n\r\n")?;
        // read nothing until well after the whole-request timeout
        std::thread::sleep(SHORT.request * 3);
        read_until_closed(s)
    })
    .await??;
    assert!(got.starts_with(b"HTTP/1.1 200"));
    assert!(
        got.len() < BIG,
        "the whole answer was written: the connection was not cut"
    );
    let _ = stop.send(());
    tokio::time::timeout(PATIENCE, server).await??;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_body_is_never_waited_for() -> TestResult {
    // only the server's refusal to wait for a body can end this connection
    let (addr, stop, server) = start(LONG).await?;
    let got = tokio::task::spawn_blocking(move || -> std::io::Result<Vec<u8>> {
        let s = stall(
            addr,
            b"GET / HTTP/1.1\r\nHost: test\r\nContent-Length: 100000\r\n\r\nthe body sta",
        )?;
        read_until_closed(s)
    })
    .await??;
    assert!(got.starts_with(b"HTTP/1.1 200"));
    let _ = stop.send(());
    tokio::time::timeout(PATIENCE, server).await??;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_completes_while_a_half_sent_request_is_open() -> TestResult {
    // timeouts far beyond the test's patience: only the shutdown bound can end the wait
    let (addr, stop, server) = start(LONG).await?;
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
    let (addr, stop, server) = start(LONG).await?;
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

#[tokio::test]
async fn a_handler_over_its_budget_is_answered_503_with_retry_after() -> TestResult {
    use axum::http::{header, Request, StatusCode};
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let app = Router::new()
        .route("/api/v1/slow", get(std::future::pending::<&'static str>))
        .route("/slow", get(std::future::pending::<&'static str>))
        .route("/quick", get(|| async { "ok" }))
        .layer(axum::middleware::from_fn_with_state(
            Duration::from_millis(200),
            toll_server::budget::enforce,
        ));
    for (path, status, kind) in [
        (
            "/api/v1/slow",
            StatusCode::SERVICE_UNAVAILABLE,
            "application/json",
        ),
        ("/slow", StatusCode::SERVICE_UNAVAILABLE, "text/html"),
        ("/quick", StatusCode::OK, "text/plain"),
    ] {
        let res = tokio::time::timeout(
            PATIENCE,
            app.clone()
                .oneshot(Request::get(path).body(axum::body::Body::empty())?),
        )
        .await??;
        assert_eq!(res.status(), status, "{path}");
        let ct = res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        assert!(ct.starts_with(kind), "{path}: {ct}");
        let retry = res.headers().get(header::RETRY_AFTER).cloned();
        let body = String::from_utf8(res.into_body().collect().await?.to_bytes().to_vec())?;
        if status == StatusCode::SERVICE_UNAVAILABLE {
            assert_eq!(retry.as_ref().and_then(|v| v.to_str().ok()), Some("1"));
            assert!(body.contains("longer than the server allows"), "{body}");
        } else {
            assert!(retry.is_none());
        }
    }
    Ok(())
}
