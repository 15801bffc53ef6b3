//! `SqliteStore`: the `Store` trait on one SQLite connection.

mod account_row;
mod accounts;
mod audit;
mod claims;
mod documents;
mod incidents;
mod published;
mod queue;
mod redress;
mod review;
mod sightings;
mod users;

pub(crate) use audit::GENESIS as AUDIT_GENESIS;

/// The backfill of schema step 8: chains the audit events stored before the chain existed.
pub(crate) fn chain_audit_log(conn: &Connection) -> Result<()> {
    audit::seal_pending(conn)
}

use crate::error::{Result, StoreError};
use crate::schema;
use crate::types::*;
use crate::Store;
use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;
use toll_model::Account;

/// How long a writer waits for another process's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// How much of the database file a read-only connection maps into memory.
const READ_MMAP_BYTES: i64 = 4 << 30;
/// Prepared statements a read-only connection keeps (list pages build a statement per filter set).
const READ_STATEMENT_CACHE: usize = 64;
/// Page cache of a read-only connection, in KiB (SQLite's negative `cache_size`).
const READ_CACHE_KIB: i64 = -32 * 1024;

/// SQLite virtual-machine steps between two calls of a read's stop check (well under a millisecond).
const PROGRESS_STEPS: std::ffi::c_int = 4096;

/// The actor recorded in the audit log when none is set.
pub(crate) const DEFAULT_ACTOR: &str = "toll";

/// A record store in one SQLite database file.
#[derive(Debug)]
pub struct SqliteStore {
    conn: Connection,
    /// The database file (`:memory:` for a store in memory), named by errors about damage.
    path: PathBuf,
    /// Who the audit log names for this store's writes (a reviewer's name during a review).
    actor: std::cell::RefCell<String>,
    counts: incidents::CountCache,
}

/// True when a setup step failed only because another connection held the database's lock.
fn is_busy(e: &StoreError) -> bool {
    let source: &(dyn std::error::Error + 'static) = match e {
        StoreError::Backend(source) | StoreError::Migration { source, .. } => source.as_ref(),
        _ => return false,
    };
    source
        .downcast_ref::<rusqlite::Error>()
        .and_then(rusqlite::Error::sqlite_error_code)
        .is_some_and(|code| {
            matches!(
                code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            )
        })
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path`, sets WAL mode and foreign keys, and brings
    /// its schema up to date.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        let open_err = |e: rusqlite::Error| {
            StoreError::Open {
                path: path.to_path_buf(),
                source: Box::new(e),
            }
            .in_database(path)
        };
        // another process creating or migrating the same database at this moment holds locks that
        // switching to WAL and migrating need: wait for it (as the busy timeout waits for writers)
        let started = std::time::Instant::now();
        loop {
            let conn = Connection::open(path).map_err(open_err)?;
            match Self::setup(conn, path, true).map_err(|e| e.in_database(path)) {
                Err(e) if is_busy(&e) && started.elapsed() < BUSY_TIMEOUT => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                Err(StoreError::Backend(source)) => {
                    return Err(StoreError::Open {
                        path: path.to_path_buf(),
                        source,
                    })
                }
                other => return other,
            }
        }
    }

    /// Opens an existing database for reading only (a server's connections): no write is possible
    /// through it. The schema must be current; open it once with [`SqliteStore::open`] to migrate.
    pub fn open_read_only(path: &Path) -> Result<SqliteStore> {
        use rusqlite::OpenFlags;
        let open_err = |e: rusqlite::Error| {
            StoreError::Open {
                path: path.to_path_buf(),
                source: Box::new(e),
            }
            .in_database(path)
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags).map_err(open_err)?;
        // in a folder nobody may write, SQLite cannot make the WAL index a reader needs: read the
        // file as it stands (nothing can change it there)
        if conn
            .query_row("PRAGMA schema_version", [], |r| r.get::<_, i64>(0))
            .is_err()
        {
            let escaped = path
                .display()
                .to_string()
                .replace('%', "%25")
                .replace('?', "%3f")
                .replace('#', "%23");
            let uri = format!("file:{escaped}?immutable=1");
            conn = Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
                .map_err(open_err)?;
        }
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        conn.pragma_update(None, "query_only", true)
            .map_err(open_err)?;
        // readers of a large record: map the file instead of copying pages through read(2), and keep
        // a larger page cache per connection
        conn.pragma_update(None, "mmap_size", READ_MMAP_BYTES)
            .map_err(open_err)?;
        conn.pragma_update(None, "cache_size", READ_CACHE_KIB)
            .map_err(open_err)?;
        // a server runs the same few statements with ever new values: keep each one's plan instead
        // of letting SQLite recompile it whenever a bound value might suggest another plan, and keep
        // every statement the pages use prepared
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )
        .map_err(open_err)?;
        conn.set_prepared_statement_cache_capacity(READ_STATEMENT_CACHE);
        let found = schema::version(&conn).map_err(|e| e.in_database(path))?;
        if found != schema::latest() {
            return Err(StoreError::Invalid(format!(
                "{}: schema version {found}, this build reads version {}; open it for writing once to migrate",
                path.display(),
                schema::latest()
            )));
        }
        Ok(SqliteStore {
            conn,
            path: path.to_path_buf(),
            actor: std::cell::RefCell::new(DEFAULT_ACTOR.to_string()),
            counts: incidents::CountCache::default(),
        })
    }

    /// A store in memory (for tests and dry runs).
    pub fn open_in_memory() -> Result<SqliteStore> {
        Self::setup(Connection::open_in_memory()?, Path::new(":memory:"), false)
    }

    fn setup(mut conn: Connection, path: &Path, wal: bool) -> Result<SqliteStore> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        if wal {
            let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(StoreError::Invalid(format!(
                    "the database cannot use WAL mode (journal mode is {mode})"
                )));
            }
            // in WAL mode, NORMAL loses no committed transaction when the process dies
            conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        conn.pragma_update(None, "foreign_keys", true)?;
        schema::migrate_to(&mut conn, schema::latest())?;
        Ok(SqliteStore {
            conn,
            path: path.to_path_buf(),
            actor: std::cell::RefCell::new(DEFAULT_ACTOR.to_string()),
            counts: incidents::CountCache::default(),
        })
    }

    /// Sets who the audit log names for this store's writes (`toll ingest`, a reviewer).
    pub fn with_actor(self, actor: &str) -> SqliteStore {
        self.actor.replace(actor.to_string());
        self
    }

    /// Runs `f` with `actor` as the audit log's actor, then puts the store's own actor back.
    pub fn as_actor<T>(&self, actor: &str, f: impl FnOnce(&Self) -> T) -> T {
        let own = self.actor.replace(actor.to_string());
        let out = f(self);
        self.actor.replace(own);
        out
    }

    /// The audit log's actor for this store's writes now.
    fn actor(&self) -> String {
        self.actor.borrow().clone()
    }

    /// Runs `f` inside one write transaction: every store write `f` makes commits together, or,
    /// when `f` fails, none does. Inside it, each write joins the outer transaction.
    pub fn in_transaction<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Self) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let tx = self
            .write()
            .map_err(|e| E::from(e.in_database(&self.path)))?;
        let out = f(self)?;
        tx.commit()
            .map_err(|e| E::from(StoreError::from(e).in_database(&self.path)))?;
        Ok(out)
    }

    /// The database file this store reads (`:memory:` for a store in memory).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `r`, with an error that means damage naming this store's database ([`StoreError::Damaged`]).
    fn named<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        f().map_err(|e| e.in_database(&self.path))
    }

    /// Checks every page of the database (`PRAGMA quick_check`: b-tree structure, records and
    /// index entries; it reads the whole file once, ≈ its size at disk speed) and fails with
    /// [`StoreError::Damaged`], naming the first problems found, unless it is intact.
    pub fn quick_check(&self) -> Result<()> {
        self.named(|| -> Result<()> {
            let mut stmt = self.conn.prepare("PRAGMA quick_check(10)")?;
            let found: Vec<String> = stmt
                .query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<_>>()?;
            if found.len() == 1 && found[0] == "ok" {
                return Ok(());
            }
            Err(StoreError::Damaged {
                path: self.path.clone(),
                detail: found
                    .iter()
                    .map(|line| line.trim())
                    .filter(|line| !line.starts_with("***"))
                    .collect::<Vec<_>>()
                    .join("; "),
            })
        })
    }

    /// The schema version of the database.
    pub fn schema_version(&self) -> Result<i64> {
        schema::version(&self.conn)
    }

    /// Merges the full-text index into one segment. Each batch of inserts leaves segments behind,
    /// and a search reads every one of them; after a large ingest a merged index answers a search
    /// about three times faster. Costs a rewrite of the index (≈ 9 s for 310,000 short reports).
    pub fn optimize_search_index(&self) -> Result<()> {
        self.named(|| -> Result<()> {
            let tx = self.write()?;
            tx.execute(
                "INSERT INTO documents_fts (documents_fts) VALUES ('optimize')",
                [],
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// True when the full-text index holds exactly the reports' stored titles and text (FTS5's
    /// `integrity-check` against its content table; it reads the whole index and every report).
    pub fn search_index_intact(&self) -> Result<bool> {
        let checked = self.conn.execute(
            "INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)",
            [],
        );
        match checked {
            Ok(_) => Ok(true),
            // FTS5 says an index that disagrees with its content is corrupt (SQLITE_CORRUPT_VTAB):
            // it is rebuilt from the reports, which are intact
            Err(rusqlite::Error::SqliteFailure(f, _))
                if f.extended_code == rusqlite::ffi::SQLITE_CORRUPT_VTAB =>
            {
                Ok(false)
            }
            Err(e) => Err(StoreError::from(e).in_database(&self.path)),
        }
    }

    /// Rewrites derived rows in one write transaction: the incidents `records` (row and summary),
    /// then the incident pages `pages` builds from the store as it then stands (reading inside the
    /// same transaction, so it sees the rewritten summaries), stored as view format `version`, and,
    /// when `rebuild_search_index`, the full-text index rebuilt from the reports. All or nothing.
    pub fn repair(
        &self,
        records: &[IncidentRecord],
        pages: impl FnOnce(&SqliteStore) -> Result<Vec<(String, String)>>,
        version: i64,
        rebuild_search_index: bool,
    ) -> Result<()> {
        self.named(|| {
            let tx = self.write()?;
            incidents::upsert(&tx, records)?;
            let views = pages(self)?;
            incidents::save_views(&tx, version, &views)?;
            if rebuild_search_index {
                tx.execute(
                    "INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')",
                    [],
                )?;
            }
            tx.commit()?;
            Ok(())
        })
    }

    /// Runs `f` inside one read transaction, so that everything it reads comes from one snapshot of
    /// the database (and the shared lock is taken once, not once per statement).
    pub fn read_snapshot<T>(&self, f: impl FnOnce(&Self) -> Result<T>) -> Result<T> {
        if !self.conn.is_autocommit() {
            // already inside a transaction: that one is the snapshot
            return f(self);
        }
        self.conn.prepare_cached("BEGIN DEFERRED")?.execute([])?;
        let out = f(self);
        // a read transaction has nothing to keep: end it whether `f` succeeded or not
        let end = self
            .conn
            .prepare_cached("COMMIT")
            .and_then(|mut s| s.execute([]));
        match (out, end) {
            (Ok(v), Ok(_)) => Ok(v),
            (Err(e), _) => Err(e),
            (Ok(_), Err(e)) => Err(e.into()),
        }
        .map_err(|e| e.in_database(&self.path))
    }

    /// Like [`SqliteStore::read_snapshot`], but SQLite checks `stop` every few thousand steps of
    /// every statement `f` runs and abandons the statement once it returns true: `f` then fails with
    /// [`StoreError::Interrupted`], and the read transaction is ended as usual. This is how a server
    /// stops a read whose request is out of time or gone, instead of letting it run to its end.
    pub fn read_snapshot_until<T>(
        &mut self,
        stop: impl FnMut() -> bool + Send + 'static,
        f: impl FnOnce(&Self) -> Result<T>,
    ) -> Result<T> {
        let outermost = self.conn.is_autocommit();
        self.conn.progress_handler(PROGRESS_STEPS, Some(stop))?;
        let out = self.read_snapshot(f);
        // the handler must not outlive this read: the next one may have time left
        let removed = self
            .conn
            .progress_handler(PROGRESS_STEPS, None::<fn() -> bool>);
        if outermost && !self.conn.is_autocommit() {
            // the read was interrupted inside its transaction and COMMIT did not run: end it, or
            // the next read would see this old snapshot
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        let out = out?;
        removed?;
        Ok(out)
    }

    /// Appends one event to the audit log (at the head of the hash chain); returns its id.
    pub fn append_audit(&self, event: &AuditEvent) -> Result<i64> {
        self.named(|| {
            let tx = self.write()?;
            let now = now(&tx)?;
            let id = audit::append(&tx, event, &now)?;
            tx.commit()?;
            Ok(id)
        })
    }

    /// Recomputes the audit log's hash chain and names the first event where it breaks.
    pub fn verify_audit_log(&self) -> Result<AuditCheck> {
        self.named(|| self.read_snapshot(|s| audit::verify(&s.conn)))
    }

    /// Calls `f` with every audit event, oldest first (one read snapshot).
    pub fn for_each_audit_event(&self, f: impl FnMut(&AuditEntry) -> Result<()>) -> Result<()> {
        self.named(|| self.read_snapshot(|s| audit::for_each(&s.conn, f)))
    }

    /// Every audit event about one record (`entity` `account`, `incident`, `document`), oldest first.
    pub fn audit_of(&self, entity: &str, id: &str) -> Result<Vec<AuditEntry>> {
        self.named(|| audit::of_entity(&self.conn, entity, id))
    }

    /// Incident `id`'s history: every audit event naming it, and those about accounts reviewed in
    /// it, moved into it or incidents merged into it, oldest first. (It reads the whole log when a
    /// reviewer has touched the incident, else only the events naming it.)
    pub fn incident_history(&self, id: &str) -> Result<Vec<AuditEntry>> {
        self.named(|| audit::of_incident(&self.conn, id))
    }

    /// Stores a reviewer's version of account `id` beside the machine's and marks it `edited`;
    /// readers (linking, reconciliation, pages, exports) see the reviewer's version from then on.
    pub fn set_reviewed_account(&self, id: AccountId, reviewed: &Account) -> Result<()> {
        self.named(|| {
            let tx = self.write()?;
            review::set_reviewed_account(&tx, id, reviewed)?;
            tx.commit()?;
            Ok(())
        })
    }

    /// The machine's version of account `id`, as extraction stored it (a reviewer's edit aside).
    pub fn machine_account(&self, id: AccountId) -> Result<Option<Account>> {
        self.named(|| review::machine_account(&self.conn, id))
    }

    /// Incident `id`'s version: raised by every change to it (optimistic concurrency).
    pub fn incident_version(&self, id: &str) -> Result<Option<i64>> {
        self.named(|| review::version(&self.conn, id))
    }

    /// Stores what reviewers decided about incident `id`.
    pub fn set_incident_review(&self, id: &str, decided: &IncidentReview) -> Result<()> {
        self.named(|| {
            let tx = self.write()?;
            review::set(&tx, id, decided)?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Merges incident `merged` into `survivor`: every account linked to `merged` is linked to
    /// `survivor` as confirmed, and `merged`'s id (with every id redirected to it) redirects to
    /// `survivor` from then on ([`SqliteStore::resolve_incident`]). Returns the accounts moved.
    pub fn merge_incident(&self, merged: &str, survivor: &str) -> Result<Vec<AccountId>> {
        self.named(|| {
            let tx = self.write()?;
            let now = now(&tx)?;
            let moved = review::merge(&tx, merged, survivor, &now)?;
            tx.commit()?;
            Ok(moved)
        })
    }

    /// Incidents some reviewer (or only `reviewer`) has decided on, from the audit log's `review.*`
    /// events (an account decision counts for the incident its event names).
    pub fn reviewed_incidents(&self, reviewer: Option<&str>) -> Result<Vec<String>> {
        self.named(|| queue::reviewed_incidents(&self.conn, reviewer))
    }

    /// Up to `limit` rows of the review queue of one kind in `scope`, most useful first: the
    /// largest tolls first, the least probable links first.
    pub fn queue_rows(
        &self,
        kind: QueueKind,
        scope: &QueueScope,
        limit: usize,
    ) -> Result<Vec<QueueRow>> {
        self.named(|| queue::rows(&self.conn, kind, scope, limit))
    }

    /// How many rows of one kind the review queue holds in `scope`.
    pub fn queue_count(&self, kind: QueueKind, scope: &QueueScope) -> Result<u64> {
        self.named(|| queue::count(&self.conn, kind, scope))
    }

    /// True when incident `id` (not following a merge) is marked published.
    pub fn incident_published(&self, id: &str) -> Result<bool> {
        self.named(|| published::incident(&self.conn, id))
    }

    /// True when report `id` has a current account linked to a published incident.
    pub fn document_published(&self, id: DocumentId) -> Result<bool> {
        self.named(|| published::document(&self.conn, id))
    }

    /// The texts of up to `limit` reports containing every word of `query` and one of `any_of`.
    pub fn texts_with_words(
        &self,
        query: &crate::TextQuery,
        any_of: &[&str],
        limit: usize,
    ) -> Result<Vec<String>> {
        self.named(|| published::texts_with_words(&self.conn, query, any_of, limit))
    }

    /// True when account `id` is linked to a published incident.
    pub fn account_published(&self, id: AccountId) -> Result<bool> {
        self.named(|| published::account(&self.conn, id))
    }

    /// Removes why the machine linked account `id` (a reviewer placed it instead).
    pub fn drop_link_explanation(&self, id: AccountId) -> Result<()> {
        self.named(|| {
            let tx = self.write()?;
            review::drop_explanation(&tx, id)?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Begins a write transaction, taking the write lock at once; inside a transaction already
    /// open ([`SqliteStore::in_transaction`]), the write joins it and commits with it.
    fn write(&self) -> Result<Write<'_>> {
        // this connection's own commits do not change its data_version: forget remembered counts
        self.counts.clear();
        if !self.conn.is_autocommit() {
            return Ok(Write::Joined(&self.conn));
        }
        Ok(Write::Own(Transaction::new_unchecked(
            &self.conn,
            TransactionBehavior::Immediate,
        )?))
    }
}

/// A write: its own transaction, or a part of one already open.
enum Write<'a> {
    /// A transaction of its own, committed by [`Write::commit`].
    Own(Transaction<'a>),
    /// Inside a transaction someone else commits.
    Joined(&'a Connection),
}

impl std::ops::Deref for Write<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        match self {
            Write::Own(tx) => tx,
            Write::Joined(conn) => conn,
        }
    }
}

impl Write<'_> {
    /// Commits an own transaction; a joined write commits with its transaction.
    fn commit(self) -> rusqlite::Result<()> {
        match self {
            Write::Own(tx) => tx.commit(),
            Write::Joined(_) => Ok(()),
        }
    }
}

/// The current time as the store writes it (RFC 3339, UTC, milliseconds).
fn now(conn: &Connection) -> Result<String> {
    Ok(
        conn.query_row("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')", [], |r| {
            r.get(0)
        })?,
    )
}

/// Converts a count read from SQLite.
fn count(conn: &Connection, sql: &str) -> Result<u64> {
    let n: i64 = conn.query_row(sql, [], |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

impl Store for SqliteStore {
    fn insert_document(
        &self,
        doc: &NewDocument<'_>,
        accounts: &[Account],
        extractor_version: &str,
    ) -> Result<InsertOutcome> {
        self.named(|| -> Result<InsertOutcome> {
            let tx = self.write()?;
            let outcome = documents::insert(&tx, &self.actor(), doc, accounts, extractor_version)?;
            tx.commit()?;
            Ok(outcome)
        })
    }

    fn add_sighting(&self, document_id: DocumentId, doc: &NewDocument<'_>) -> Result<bool> {
        self.named(|| {
            let tx = self.write()?;
            let now = now(&tx)?;
            let added = sightings::add(&tx, document_id, doc, &now)?;
            tx.commit()?;
            Ok(added)
        })
    }

    fn sightings(&self, document_id: DocumentId) -> Result<Vec<Sighting>> {
        self.named(|| sightings::of_document(&self.conn, document_id))
    }

    fn incident_outlets(&self, id: &str) -> Result<Vec<(DocumentId, String)>> {
        self.named(|| sightings::outlets_of_incident(&self.conn, id))
    }

    fn document_id_by_sha256(&self, sha256: &str) -> Result<Option<DocumentId>> {
        self.named(|| -> Result<Option<DocumentId>> { documents::id_by_sha256(&self.conn, sha256) })
    }

    fn reextract(
        &self,
        document_id: DocumentId,
        accounts: &[Account],
        extractor_version: &str,
    ) -> Result<ReextractOutcome> {
        self.named(|| -> Result<ReextractOutcome> {
            let tx = self.write()?;
            let outcome =
                accounts::reextract(&tx, &self.actor(), document_id, accounts, extractor_version)?;
            tx.commit()?;
            Ok(outcome)
        })
    }

    fn documents(&self, after: Option<DocumentId>, limit: usize) -> Result<Vec<DocumentInfo>> {
        self.named(|| -> Result<Vec<DocumentInfo>> { documents::list(&self.conn, after, limit) })
    }

    fn document(&self, id: DocumentId) -> Result<Option<StoredDocument>> {
        self.named(|| -> Result<Option<StoredDocument>> { documents::get(&self.conn, id) })
    }

    fn document_text(&self, id: DocumentId) -> Result<Option<(DocumentInfo, String)>> {
        self.named(|| -> Result<Option<(DocumentInfo, String)>> { documents::text(&self.conn, id) })
    }

    fn current_accounts(&self, filter: &AccountFilter) -> Result<Vec<StoredAccount>> {
        self.named(|| -> Result<Vec<StoredAccount>> { accounts::current(&self.conn, filter) })
    }

    fn accounts_for_linking(&self) -> Result<Vec<LinkCandidate>> {
        self.named(|| -> Result<Vec<LinkCandidate>> { accounts::for_linking(&self.conn) })
    }

    fn set_account_status(&self, account_id: AccountId, status: AccountStatus) -> Result<()> {
        self.named(|| -> Result<()> {
            let tx = self.write()?;
            accounts::set_status(&tx, &self.actor(), account_id, status)?;
            tx.commit()?;
            Ok(())
        })
    }

    fn save_links(&self, links: &[(AccountId, String)]) -> Result<usize> {
        self.named(|| -> Result<usize> {
            let tx = self.write()?;
            let n = incidents::save_links(&tx, links)?;
            tx.commit()?;
            Ok(n)
        })
    }

    fn confirm_link(&self, account_id: AccountId, incident_id: &str) -> Result<()> {
        self.named(|| -> Result<()> {
            let tx = self.write()?;
            incidents::confirm_link(&tx, &self.actor(), account_id, incident_id)?;
            tx.commit()?;
            Ok(())
        })
    }

    fn upsert_incidents(&self, records: &[IncidentRecord]) -> Result<()> {
        self.named(|| -> Result<()> {
            let tx = self.write()?;
            incidents::upsert(&tx, records)?;
            tx.commit()?;
            Ok(())
        })
    }

    fn incidents(&self, filter: &IncidentFilter) -> Result<Vec<IncidentRecord>> {
        self.named(|| -> Result<Vec<IncidentRecord>> { incidents::list(&self.conn, filter) })
    }

    fn incident(&self, id: &str) -> Result<Option<IncidentRecord>> {
        self.named(|| -> Result<Option<IncidentRecord>> { incidents::get(&self.conn, id) })
    }

    fn incident_accounts(&self, id: &str) -> Result<Vec<IncidentAccount>> {
        self.named(|| -> Result<Vec<IncidentAccount>> { incidents::accounts(&self.conn, id) })
    }

    fn incident_page(&self, query: &IncidentQuery) -> Result<IncidentPage> {
        self.named(|| -> Result<IncidentPage> { incidents::page(&self.conn, &self.counts, query) })
    }

    fn account(&self, id: AccountId) -> Result<Option<StoredAccount>> {
        self.named(|| -> Result<Option<StoredAccount>> { accounts::get(&self.conn, id) })
    }

    fn save_link_explanations(&self, explanations: &[(AccountId, String, String)]) -> Result<()> {
        self.named(|| -> Result<()> {
            let tx = self.write()?;
            incidents::save_link_explanations(&tx, explanations)?;
            tx.commit()?;
            Ok(())
        })
    }

    fn link_explanations(&self, id: &str) -> Result<Vec<(AccountId, String)>> {
        self.named(|| -> Result<Vec<(AccountId, String)>> {
            incidents::link_explanations(&self.conn, id)
        })
    }

    fn link_of_account(&self, id: AccountId) -> Result<Option<String>> {
        self.named(|| -> Result<Option<String>> { incidents::link_of_account(&self.conn, id) })
    }

    fn links_of_document(&self, id: DocumentId) -> Result<Vec<(AccountId, String)>> {
        self.named(|| -> Result<Vec<(AccountId, String)>> {
            incidents::links_of_document(&self.conn, id)
        })
    }

    fn incident_view(&self, id: &str, version: i64) -> Result<Option<String>> {
        self.named(|| -> Result<Option<String>> { incidents::view(&self.conn, id, version) })
    }

    fn save_incident_views(&self, version: i64, views: &[(String, String)]) -> Result<()> {
        self.named(|| -> Result<()> {
            let tx = self.write()?;
            incidents::save_views(&tx, version, views)?;
            tx.commit()?;
            Ok(())
        })
    }

    fn incidents_without_view(&self, version: i64) -> Result<Vec<String>> {
        self.named(|| -> Result<Vec<String>> { incidents::without_view(&self.conn, version) })
    }

    fn counts(&self) -> Result<Counts> {
        self.named(|| -> Result<Counts> {
            let c = &self.conn;
            Ok(Counts {
                documents: count(c, "SELECT count(*) FROM documents")?,
                accounts: count(
                    c,
                    "SELECT count(*) FROM accounts WHERE superseded_at IS NULL AND status != 'rejected'",
                )?,
                accounts_all: count(c, "SELECT count(*) FROM accounts")?,
                extraction_runs: count(c, "SELECT count(*) FROM extraction_runs")?,
                incidents: count(c, "SELECT count(*) FROM incidents")?,
                links: count(c, "SELECT count(*) FROM account_incidents")?,
            })
        })
    }

    fn damaged(&self, detail: String) -> StoreError {
        StoreError::Damaged {
            path: self.path.clone(),
            detail,
        }
    }

    fn incident_review(&self, id: &str) -> Result<IncidentReview> {
        self.named(|| review::get(&self.conn, id))
    }

    fn resolve_incident(&self, id: &str) -> Result<Option<String>> {
        self.named(|| review::resolve(&self.conn, id))
    }

    fn taken_incident_ids(&self) -> Result<Vec<String>> {
        self.named(|| review::taken_ids(&self.conn))
    }

    fn audit_log(&self, limit: usize) -> Result<Vec<AuditEntry>> {
        self.named(|| -> Result<Vec<AuditEntry>> { audit::latest(&self.conn, limit) })
    }

    fn incident_assessments(&self, id: &str) -> Result<Vec<crate::redress::Assessment>> {
        self.named(|| redress::of_incident(&self.conn, id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{migrate_to, version};

    /// A statement that never ends by itself: counts forever.
    const ENDLESS: &str =
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";

    #[test]
    fn a_read_is_interrupted_when_its_stop_says_so_and_the_next_read_is_fresh() -> Result<()> {
        let mut store = SqliteStore::open_in_memory()?;
        let mut checks = 0u32;
        // stops at the hundredth check: the endless count can only end this way
        let out = store.read_snapshot_until(
            move || {
                checks += 1;
                checks >= 100
            },
            |s| Ok(s.conn.query_row(ENDLESS, [], |r| r.get::<_, i64>(0))?),
        );
        assert!(matches!(out, Err(StoreError::Interrupted)), "{out:?}");
        assert!(store.conn.is_autocommit(), "the read transaction was ended");
        // the check is gone: a later read runs to its end
        let n = store.read_snapshot_until(
            || false,
            |s| {
                Ok(s.conn.query_row(
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000)
                     SELECT count(*) FROM c",
                    [],
                    |r| r.get::<_, i64>(0),
                )?)
            },
        )?;
        assert_eq!(n, 100_000);
        let plain = store
            .read_snapshot(|s| Ok(s.conn.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))?))?;
        assert_eq!(plain, 1);
        Ok(())
    }

    #[test]
    fn opening_an_old_database_upgrades_it_and_keeps_its_data(
    ) -> std::result::Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("old.db");
        {
            // a database written by a build that knew only the first migration
            let mut conn = Connection::open(&path)?;
            migrate_to(&mut conn, 1)?;
            assert_eq!(version(&conn)?, 1);
            conn.execute(
                "INSERT INTO documents (sha256, raw, size, media_type, source, ingested_at, doc_key, meta, text)
                 VALUES (?1, x'6869', 2, 'text/plain', 'a.txt', '2024-01-01T00:00:00Z', 'a', '{\"id\":\"a\"}', 'hi')",
                [format!("{:064x}", 7)],
            )?;
            let missing: i64 = conn.query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name = 'incidents'",
                [],
                |r| r.get(0),
            )?;
            assert_eq!(missing, 0);
        }
        let store = SqliteStore::open(&path)?;
        assert_eq!(store.schema_version()?, schema::latest());
        let doc = store
            .document(1)?
            .ok_or("the old document is still there")?;
        assert_eq!(
            (
                doc.raw.as_slice(),
                doc.text.as_str(),
                doc.info.meta.id.as_str()
            ),
            (&b"hi"[..], "hi", "a")
        );
        // the tables of the newer migration work
        store.upsert_incidents(&[IncidentRecord {
            id: "IRQ-2024-01-01-a".into(),
            country: Some("IQ".into()),
            date: Some("2024-01-01".into()),
            date_prec: Some(1),
            lat: None,
            lon: None,
            where_prec: None,
            place: None,
            facts: IncidentFacts::default(),
            summary_json: "{}".into(),
        }])?;
        assert_eq!(store.counts()?.incidents, 1);
        Ok(())
    }

    #[test]
    fn version_3_copies_headline_figures_and_indexes_old_reports(
    ) -> std::result::Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("v2.db");
        {
            let mut conn = Connection::open(&path)?;
            migrate_to(&mut conn, 2)?;
            conn.execute(
                "INSERT INTO documents (sha256, raw, size, media_type, source, ingested_at, doc_key, meta, text, title)
                 VALUES (?1, x'6869', 2, 'text/plain', 'a.txt', '2024-01-01T00:00:00Z', 'a', '{\"id\":\"a\"}',
                         'shelling of the bakery', 'Bakery hit')",
                [format!("{:064x}", 8)],
            )?;
            conn.execute(
                "INSERT INTO incidents (id, summary, created_at, updated_at) VALUES ('X-a', ?1, 'now', 'now')",
                [r#"{"accounts":3,"reconciled":{"killed":{"low":2,"best":5,"high":9},
                     "injured":{"best":11},"sources":2,"grade":"fair"}}"#],
            )?;
        }
        let store = SqliteStore::open(&path)?;
        let got = store.incident("X-a")?.ok_or("the incident is kept")?;
        assert_eq!(
            got.facts,
            IncidentFacts {
                killed_low: Some(2),
                killed_best: Some(5),
                killed_high: Some(9),
                injured_best: Some(11),
                grade: Some("fair".into()),
                accounts: 3,
                sources: 2,
            }
        );
        let found: i64 = store.conn.query_row(
            "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'bakery'",
            [],
            |r| r.get(0),
        )?;
        assert_eq!(found, 1);
        Ok(())
    }

    #[test]
    fn version_7_gives_every_stored_report_its_sighting_and_sees_each_file_once(
    ) -> std::result::Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("v6.db");
        {
            let mut conn = Connection::open(&path)?;
            migrate_to(&mut conn, 6)?;
            conn.execute(
                "INSERT INTO documents (sha256, raw, size, media_type, source, ingested_at, doc_key, meta, text, outlet, url, published)
                 VALUES (?1, x'6869', 2, 'text/plain', 'a.txt', '2024-01-01T00:00:00Z', 'a', '{\"id\":\"a\"}', 'hi',
                         'Wire One', 'https://one.example/a', '2024-01-01')",
                [format!("{:064x}", 9)],
            )?;
        }
        let store = SqliteStore::open(&path)?;
        let seen = store.sightings(1)?;
        assert_eq!(seen.len(), 1);
        assert_eq!(
            (
                seen[0].source.as_str(),
                seen[0].outlet.as_deref(),
                seen[0].seen_at.as_str()
            ),
            ("a.txt", Some("Wire One"), "2024-01-01T00:00:00Z")
        );
        let meta = toll_model::ReportMeta {
            id: "b".into(),
            outlet: Some("Paper Two".into()),
            ..Default::default()
        };
        let doc = NewDocument {
            sha256: &format!("{:064x}", 9),
            raw: b"hi",
            media_type: "text/plain",
            source: "b.txt",
            captured_at: None,
            meta: &meta,
            text: "hi",
        };
        assert!(store.add_sighting(1, &doc)?);
        assert!(
            !store.add_sighting(1, &doc)?,
            "the same file and metadata once"
        );
        assert_eq!(store.sightings(1)?.len(), 2);
        Ok(())
    }

    #[test]
    fn version_8_chains_the_events_stored_before_it_in_order(
    ) -> std::result::Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("v7.db");
        {
            let mut conn = Connection::open(&path)?;
            migrate_to(&mut conn, 7)?;
            conn.execute_batch(
                "INSERT INTO audit_log (at, actor, action, entity, entity_id, detail) VALUES
                   ('2024-01-01T00:00:00.000Z', 'toll', 'ingest', 'document', '1', '{\"accounts\":2}'),
                   ('2024-01-02T00:00:00.000Z', 'toll', 'ingest', 'document', '2', '{\"accounts\":0}');",
            )?;
        }
        let store = SqliteStore::open(&path)?;
        assert!(matches!(
            store.verify_audit_log()?,
            AuditCheck::Intact { events: 2, .. }
        ));
        store.append_audit(&AuditEvent {
            actor: "ana".into(),
            action: "review.account.confirm".into(),
            entity: "account".into(),
            entity_id: "1".into(),
            detail: None,
            before: None,
            after: None,
            reason: Some("checked".into()),
        })?;
        assert!(matches!(
            store.verify_audit_log()?,
            AuditCheck::Intact { events: 3, .. }
        ));
        let log = store.audit_log(10)?;
        assert_eq!(
            (log[0].action.as_str(), log[0].prev_hash.as_deref()),
            ("ingest", Some(AUDIT_GENESIS))
        );
        assert_eq!(log[1].prev_hash, log[0].hash);
        assert_eq!(log[2].prev_hash, log[1].hash);
        Ok(())
    }

    #[test]
    fn a_failed_step_inside_a_transaction_undoes_the_steps_before_it() -> Result<()> {
        let store = SqliteStore::open_in_memory()?;
        let event = AuditEvent {
            actor: "ana".into(),
            action: "test".into(),
            entity: "incident".into(),
            entity_id: "X".into(),
            detail: None,
            before: None,
            after: None,
            reason: None,
        };
        let out: Result<()> = store.in_transaction(|s| {
            s.append_audit(&event)?;
            s.set_account_status(42, AccountStatus::Confirmed)
        });
        assert!(matches!(out, Err(StoreError::NotFound { .. })), "{out:?}");
        assert!(store.audit_log(10)?.is_empty(), "the event was rolled back");
        store.in_transaction(|s| s.append_audit(&event).map(|_| ()))?;
        assert_eq!(store.audit_log(10)?.len(), 1);
        Ok(())
    }

    #[test]
    fn wal_and_foreign_keys_are_on() -> std::result::Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let store = SqliteStore::open(&dir.path().join("t.db"))?;
        let mode: String = store
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        let fk: i64 = store
            .conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
        assert_eq!((mode.as_str(), fk), ("wal", 1));
        // an account pointing at no document is refused
        let err = store.conn.execute(
            "INSERT INTO accounts (document_id, extractor_version, span_start, span_end, text,
               casualties_ambiguous, victims, scope, hedged, denial, account, created_at)
             VALUES (42, 'v', 0, 1, 'x', 0, 'civilians', 'incident', 0, 0, '{}', 'now')",
            [],
        );
        assert!(err.is_err());
        Ok(())
    }
}
