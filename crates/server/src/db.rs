//! A small pool of read-only store connections, used from blocking tasks so that SQLite never stalls
//! the async runtime.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use toll_store::{SqliteStore, StoreError};

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
    /// once one of the connections is free.
    pub async fn run<T, F>(&self, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&SqliteStore) -> Result<T, StoreError> + Send + 'static,
    {
        let _permit = self
            .inner
            .permits
            .acquire()
            .await
            .map_err(|_| DbError::Cancelled)?;
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || {
            let n = inner.conns.len();
            let start = inner.next.fetch_add(1, Ordering::Relaxed) % n;
            for i in 0..n {
                if let Ok(conn) = inner.conns[(start + i) % n].try_lock() {
                    return conn.read_snapshot(f).map_err(DbError::from);
                }
            }
            // every connection is busy: wait for ours (a poisoned lock still holds a usable
            // connection: SQLite rolls back whatever the panicking reader left)
            let conn = inner.conns[start]
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            conn.read_snapshot(f).map_err(DbError::from)
        })
        .await
        .map_err(|_| DbError::Cancelled)?
    }
}
