//! A small pool of read-only store connections, used from blocking tasks so that SQLite never stalls
//! the async runtime.
//!
//! Every read observes its request's deadline (set with [`within`]): SQLite checks it while it works
//! and abandons the read once it has passed, or once the request is gone (the client left, the server
//! is stopping), so an abandoned request does not keep a core busy. Searches take at most half the
//! connections, so that however many searches run, plain pages still find a free connection.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use toll_store::{SqliteStore, StoreError};

tokio::task_local! {
    /// When the request being answered on this task runs out of time.
    static DEADLINE: Instant;
}

/// Runs `work` (a request's handler) with `deadline` as the deadline of every read it makes.
pub async fn within<F: Future>(deadline: Instant, work: F) -> F::Output {
    DEADLINE.scope(deadline, work).await
}

/// Which reads share a limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lane {
    /// Pages, lists and ids: any free connection.
    Plain,
    /// Full-text searches: at most half the connections at once.
    Search,
}

/// Read-only connections to one database.
#[derive(Debug, Clone)]
pub struct Db {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    path: PathBuf,
    conns: Vec<Mutex<SqliteStore>>,
    next: AtomicUsize,
    /// One permit per connection: requests beyond that wait here, cheaply, instead of as blocked
    /// threads queueing on a connection's lock.
    permits: tokio::sync::Semaphore,
    /// Half as many permits, for searches (taken before a connection's permit).
    search_permits: tokio::sync::Semaphore,
}

/// Sets its flag when dropped: the read's request was answered, abandoned or timed out.
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Why a store call from a request failed.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The store reported an error.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The blocking task did not finish (it panicked or the runtime is shutting down).
    #[error("a database task was cancelled")]
    Cancelled,
    /// The request's deadline passed (or its request was dropped) before the read finished: the
    /// read was abandoned.
    #[error("the read ran out of time and was abandoned")]
    OutOfTime,
}

impl Db {
    /// Opens `size` read-only connections to the database at `path` (which must exist and be current).
    pub fn open(path: &Path, size: usize) -> Result<Db, StoreError> {
        let conns = (0..size.max(1))
            .map(|_| SqliteStore::open_read_only(path).map(Mutex::new))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Db {
            inner: Arc::new(Inner {
                path: path.to_path_buf(),
                permits: tokio::sync::Semaphore::new(conns.len()),
                search_permits: tokio::sync::Semaphore::new((conns.len() / 2).max(1)),
                conns,
                next: AtomicUsize::new(0),
            }),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Runs `f` in one read transaction (one snapshot) with a connection on the blocking thread pool,
    /// once one of the connections is free. The read stops with [`DbError::OutOfTime`] when the
    /// request's deadline (see [`within`]) passes or when this future is dropped.
    pub async fn run<T, F>(&self, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&SqliteStore) -> Result<T, StoreError> + Send + 'static,
    {
        self.run_in(Lane::Plain, f).await
    }

    /// Like [`Db::run`], for a full-text search: at most half the connections (at least one) serve
    /// searches at once; more wait for their turn (within their deadline).
    pub async fn search<T, F>(&self, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&SqliteStore) -> Result<T, StoreError> + Send + 'static,
    {
        self.run_in(Lane::Search, f).await
    }

    async fn run_in<T, F>(&self, lane: Lane, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&SqliteStore) -> Result<T, StoreError> + Send + 'static,
    {
        let deadline = DEADLINE.try_with(|d| *d).ok();
        let _search = match lane {
            Lane::Search => Some(
                self.inner
                    .search_permits
                    .acquire()
                    .await
                    .map_err(|_| DbError::Cancelled)?,
            ),
            Lane::Plain => None,
        };
        let _permit = self
            .inner
            .permits
            .acquire()
            .await
            .map_err(|_| DbError::Cancelled)?;
        let gone = Arc::new(AtomicBool::new(false));
        let _cancel = CancelOnDrop(Arc::clone(&gone));
        let stop =
            move || gone.load(Ordering::Relaxed) || deadline.is_some_and(|d| Instant::now() >= d);
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || {
            if stop() {
                // out of time while queued: not worth starting
                return Err(DbError::OutOfTime);
            }
            let n = inner.conns.len();
            let start = inner.next.fetch_add(1, Ordering::Relaxed) % n;
            // every connection busy: wait for ours (a poisoned lock still holds a usable
            // connection: SQLite rolls back whatever the panicking reader left)
            let mut conn = (0..n)
                .find_map(|i| inner.conns[(start + i) % n].try_lock().ok())
                .unwrap_or_else(|| {
                    inner.conns[start]
                        .lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner())
                });
            conn.read_snapshot_until(stop, f).map_err(|e| match e {
                StoreError::Interrupted => DbError::OutOfTime,
                e => DbError::Store(e),
            })
        })
        .await
        .map_err(|_| DbError::Cancelled)?
    }
}
