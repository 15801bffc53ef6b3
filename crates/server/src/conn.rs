//! One client connection and the clock it runs against. Each connection is always in one of three
//! stages, and each stage has a deadline; a connection past its deadline is closed:
//!
//! - **waiting** for the first byte of a request (a new connection, or a kept-alive one after its
//!   answer): [`Timeouts::idle`];
//! - **reading the head** (request line and headers) from its first byte: [`Timeouts::header_read`];
//! - **answering** (the handler runs, then the answer is written out), counted from the request's
//!   first byte: [`Timeouts::request`]. A client that sends a request and then does not read the
//!   answer is dropped at this deadline too.
//!
//! Request bodies are read only by the sign-in forms (`POST /login`, `/logout`, at most 8 KiB), within
//! the answering stage's deadline; every other route answers without reading a body, and hyper closes
//! the connection after the answer rather than wait for a body that has not arrived.

use crate::Timeouts;
use axum::body::Body;
use axum::Router;
use hyper::body::Incoming;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Instant;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Notify;

/// Where a connection is, and since when.
#[derive(Debug, Clone, Copy)]
enum Stage {
    /// Waiting for a request's first byte, since then.
    Waiting(Instant),
    /// Reading a request's head, whose first byte came then.
    Head(Instant),
    /// Answering a request whose first byte came then.
    Answering(Instant),
}

/// What one connection is doing, shared by its socket, its service and its driver.
#[derive(Debug)]
pub(crate) struct Activity {
    stage: Mutex<Stage>,
    changed: Notify,
}

impl Activity {
    /// A new connection: waiting for its first request.
    pub(crate) fn new() -> Arc<Activity> {
        Arc::new(Activity {
            stage: Mutex::new(Stage::Waiting(Instant::now())),
            changed: Notify::new(),
        })
    }

    fn set(&self, change: impl FnOnce(Stage) -> Stage) {
        let mut stage = self.stage.lock().unwrap_or_else(|p| p.into_inner());
        *stage = change(*stage);
        drop(stage);
        // a permit is kept when the driver is not waiting yet: it will look again
        self.changed.notify_one();
    }

    /// Bytes came from the client.
    fn bytes_arrived(&self) {
        let waiting = matches!(
            *self.stage.lock().unwrap_or_else(|p| p.into_inner()),
            Stage::Waiting(_)
        );
        if waiting {
            self.set(|_| Stage::Head(Instant::now()));
        }
    }

    /// A request's head is complete: its handler starts.
    fn answering(&self) {
        self.set(|s| match s {
            Stage::Head(first) | Stage::Answering(first) => Stage::Answering(first),
            // a pipelined request, read while the previous one was answered
            Stage::Waiting(_) => Stage::Answering(Instant::now()),
        });
    }

    /// The answer was written out (or abandoned): wait for the next request.
    fn answered(&self) {
        self.set(|_| Stage::Waiting(Instant::now()));
    }

    /// When the current stage must be over, and its name (for the log).
    pub(crate) fn deadline(&self, t: &Timeouts) -> (Instant, &'static str) {
        match *self.stage.lock().unwrap_or_else(|p| p.into_inner()) {
            Stage::Waiting(since) => (since + t.idle, "idle"),
            Stage::Head(first) => (first + t.header_read, "request head"),
            Stage::Answering(first) => (first + t.request, "whole request"),
        }
    }

    /// Resolves when the stage changes.
    pub(crate) async fn changed(&self) {
        self.changed.notified().await;
    }
}

/// The client's socket, telling its connection's [`Activity`] when bytes arrive.
#[derive(Debug)]
pub(crate) struct WatchedIo {
    inner: tokio::net::TcpStream,
    activity: Arc<Activity>,
}

impl WatchedIo {
    /// Watches `inner` for `activity`.
    pub(crate) fn new(inner: tokio::net::TcpStream, activity: Arc<Activity>) -> WatchedIo {
        WatchedIo { inner, activity }
    }
}

impl AsyncRead for WatchedIo {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.bytes_arrived();
        }
        polled
    }
}

impl AsyncWrite for WatchedIo {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Marks the request answered when dropped: when hyper has written the whole answer and drops its
/// body, or when the request is abandoned.
#[derive(Debug)]
struct AnsweredOnDrop(Arc<Activity>);

impl Drop for AnsweredOnDrop {
    fn drop(&mut self) {
        self.0.answered();
    }
}

/// An answer's body, holding its request in the answering stage until it has been written out.
struct WatchedBody {
    inner: Body,
    _answered: AnsweredOnDrop,
}

impl http_body::Body for WatchedBody {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

/// The application as one connection's service: marks each request's stages on its [`Activity`].
#[derive(Debug, Clone)]
pub(crate) struct WatchedApp {
    app: Router,
    activity: Arc<Activity>,
    /// The client's address (handlers see it as `ConnectInfo`, for the sign-in rate limit).
    peer: std::net::SocketAddr,
}

impl WatchedApp {
    /// `app` answering on the connection that `activity` watches.
    pub(crate) fn new(
        app: Router,
        activity: Arc<Activity>,
        peer: std::net::SocketAddr,
    ) -> WatchedApp {
        WatchedApp {
            app,
            activity,
            peer,
        }
    }
}

impl hyper::service::Service<hyper::Request<Incoming>> for WatchedApp {
    type Response = axum::response::Response;
    type Error = Infallible;
    type Future =
        Pin<Box<dyn Future<Output = Result<axum::response::Response, Infallible>> + Send>>;

    fn call(&self, req: hyper::Request<Incoming>) -> Self::Future {
        self.activity.answering();
        let answered = AnsweredOnDrop(Arc::clone(&self.activity));
        let mut app = self.app.clone();
        let mut req = req;
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(self.peer));
        Box::pin(async move {
            use tower_service::Service;
            std::future::poll_fn(|cx| {
                <Router as Service<axum::extract::Request>>::poll_ready(&mut app, cx)
            })
            .await?;
            let res = app.call(req.map(Body::new)).await?;
            Ok(res.map(|inner| {
                Body::new(WatchedBody {
                    inner,
                    _answered: answered,
                })
            }))
        })
    }
}
