//! The database's linking lock: `<db>.link-lock`, an exclusive file lock beside the database.
//! Linking (`toll ingest`, `toll check --repair`) and review decisions (`toll review`, the
//! server's review routes) each take it, so a linking pass and a decision never interleave: a pass
//! that read the incidents before a merge would otherwise write the merged incident back.
//! The lock is released when the returned file is dropped (or the process ends).

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The lock file of the database at `db`: its path with `.link-lock` appended.
pub fn path_of(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".link-lock");
    PathBuf::from(name)
}

/// Why the linking lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// The lock file could not be opened or locked.
    #[error("{path}: cannot take the linking lock: {source}")]
    Io {
        /// The lock file.
        path: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// Another process held the lock for longer than the caller would wait.
    #[error(
        "{path}: the record is being linked by another process (toll ingest?); try again shortly"
    )]
    Busy {
        /// The lock file.
        path: String,
    },
}

fn open(db: &Path) -> Result<(File, PathBuf), LockError> {
    let path = path_of(db);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|source| LockError::Io {
            path: path.display().to_string(),
            source,
        })?;
    Ok((file, path))
}

/// Takes the linking lock of the database at `db`, waiting for as long as another holds it.
pub fn acquire(db: &Path) -> Result<File, LockError> {
    let (file, path) = open(db)?;
    file.lock().map_err(|source| LockError::Io {
        path: path.display().to_string(),
        source,
    })?;
    Ok(file)
}

/// Takes the linking lock of the database at `db`, trying again every few milliseconds for at
/// most `wait`; [`LockError::Busy`] when another process still holds it then.
pub fn acquire_within(db: &Path, wait: Duration) -> Result<File, LockError> {
    let (file, path) = open(db)?;
    let start = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(TryLockError::WouldBlock) if start.elapsed() < wait => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(TryLockError::WouldBlock) => {
                return Err(LockError::Busy {
                    path: path.display().to_string(),
                })
            }
            Err(TryLockError::Error(source)) => {
                return Err(LockError::Io {
                    path: path.display().to_string(),
                    source,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_lock_makes_a_bounded_wait_fail_busy_then_succeed_once_released(
    ) -> Result<(), LockError> {
        let dir = tempfile::tempdir().map_err(|source| LockError::Io {
            path: "tempdir".into(),
            source,
        })?;
        let db = dir.path().join("toll.db");
        assert!(path_of(&db).ends_with("toll.db.link-lock"));
        let held = acquire(&db)?;
        let busy = acquire_within(&db, Duration::from_millis(60));
        assert!(matches!(busy, Err(LockError::Busy { .. })), "{busy:?}");
        drop(held);
        let _again = acquire_within(&db, Duration::from_millis(60))?;
        Ok(())
    }
}
