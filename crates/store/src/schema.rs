//! The SQLite schema as ordered migrations. `PRAGMA user_version` holds the version a database is at;
//! opening a database applies every later migration, each in its own transaction. Migrations are only
//! ever appended: a released step is never edited. SCHEMA.md describes the tables.

use crate::error::{Result, StoreError};
use rusqlite::{Connection, TransactionBehavior};

/// One schema step.
pub(crate) struct Migration {
    /// The version the database is at after this step (1, 2, …).
    pub version: i64,
    /// A short name for messages.
    pub name: &'static str,
    /// The SQL to run.
    pub sql: &'static str,
}

/// Every migration, in order.
pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "documents, extraction runs, accounts, audit log",
        sql: r#"
CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    sha256      TEXT NOT NULL UNIQUE
                CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    raw         BLOB NOT NULL,
    size        INTEGER NOT NULL CHECK (size = length(raw)),
    media_type  TEXT NOT NULL,
    source      TEXT NOT NULL,
    captured_at TEXT,
    ingested_at TEXT NOT NULL,
    doc_key     TEXT NOT NULL,
    url         TEXT,
    title       TEXT,
    outlet      TEXT,
    published   TEXT,
    meta        TEXT NOT NULL CHECK (json_valid(meta)),
    text        TEXT NOT NULL
) STRICT;
CREATE INDEX documents_doc_key ON documents (doc_key);
CREATE INDEX documents_published ON documents (published);

CREATE TABLE extraction_runs (
    id                INTEGER PRIMARY KEY,
    document_id       INTEGER NOT NULL REFERENCES documents (id),
    extractor_version TEXT NOT NULL,
    ran_at            TEXT NOT NULL,
    accounts_found    INTEGER NOT NULL,
    accounts_added    INTEGER NOT NULL
) STRICT;
CREATE INDEX extraction_runs_document ON extraction_runs (document_id);

CREATE TABLE accounts (
    id                   INTEGER PRIMARY KEY,
    document_id          INTEGER NOT NULL REFERENCES documents (id),
    run_id               INTEGER REFERENCES extraction_runs (id),
    extractor_version    TEXT NOT NULL,
    status               TEXT NOT NULL DEFAULT 'machine'
                         CHECK (status IN ('machine', 'confirmed', 'rejected', 'edited')),
    span_start           INTEGER NOT NULL CHECK (span_start >= 0),
    span_end             INTEGER NOT NULL CHECK (span_end >= span_start),
    text                 TEXT NOT NULL,
    killed_min           INTEGER,
    killed_max           INTEGER,
    killed_approx        INTEGER,
    injured_min          INTEGER,
    injured_max          INTEGER,
    injured_approx       INTEGER,
    casualties_ambiguous INTEGER NOT NULL,
    victims              TEXT NOT NULL
                         CHECK (victims IN ('civilians', 'combatants', 'mixed', 'unspecified')),
    scope                TEXT NOT NULL CHECK (scope IN ('incident', 'aggregate')),
    date                 TEXT,
    date_prec            INTEGER,
    lat                  REAL,
    lon                  REAL,
    where_prec           INTEGER,
    country              TEXT,
    place                TEXT,
    blamed               TEXT,
    claimed_by           TEXT,
    hedged               INTEGER NOT NULL,
    denial               INTEGER NOT NULL,
    account              TEXT NOT NULL CHECK (json_valid(account)),
    created_at           TEXT NOT NULL,
    superseded_by        INTEGER REFERENCES accounts (id),
    superseded_run       INTEGER REFERENCES extraction_runs (id),
    superseded_at        TEXT
) STRICT;
CREATE INDEX accounts_document ON accounts (document_id);
CREATE INDEX accounts_current ON accounts (scope, id) WHERE superseded_at IS NULL;
CREATE INDEX accounts_date ON accounts (country, date);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    detail    TEXT CHECK (detail IS NULL OR json_valid(detail))
) STRICT;
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
"#,
    },
    Migration {
        version: 2,
        name: "incidents and account links",
        sql: r#"
CREATE TABLE incidents (
    id         TEXT PRIMARY KEY,
    country    TEXT,
    date       TEXT,
    date_prec  INTEGER,
    lat        REAL,
    lon        REAL,
    where_prec INTEGER,
    place      TEXT,
    summary    TEXT NOT NULL CHECK (json_valid(summary)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX incidents_country_date ON incidents (country, date);
CREATE INDEX incidents_date ON incidents (date);

CREATE TABLE account_incidents (
    account_id  INTEGER PRIMARY KEY REFERENCES accounts (id),
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    method      TEXT NOT NULL CHECK (method IN ('auto', 'confirmed')),
    linked_at   TEXT NOT NULL
) STRICT;
CREATE INDEX account_incidents_incident ON account_incidents (incident_id);
"#,
    },
    Migration {
        version: 3,
        name: "incident headline figures and full-text search over reports",
        sql: r#"
ALTER TABLE incidents ADD COLUMN killed_low INTEGER;
ALTER TABLE incidents ADD COLUMN killed_best INTEGER;
ALTER TABLE incidents ADD COLUMN killed_high INTEGER;
ALTER TABLE incidents ADD COLUMN injured_best INTEGER;
ALTER TABLE incidents ADD COLUMN grade TEXT;
ALTER TABLE incidents ADD COLUMN accounts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN sources INTEGER NOT NULL DEFAULT 0;
UPDATE incidents SET
    killed_low = json_extract(summary, '$.reconciled.killed.low'),
    killed_best = json_extract(summary, '$.reconciled.killed.best'),
    killed_high = json_extract(summary, '$.reconciled.killed.high'),
    injured_best = json_extract(summary, '$.reconciled.injured.best'),
    grade = json_extract(summary, '$.reconciled.grade'),
    accounts = coalesce(json_extract(summary, '$.accounts'), 0),
    sources = coalesce(json_extract(summary, '$.reconciled.sources'), 0);
DROP INDEX incidents_date;
CREATE INDEX incidents_date_id ON incidents (date, id);
CREATE INDEX incidents_killed ON incidents (killed_best, id);
CREATE INDEX incidents_sources ON incidents (sources, id);
CREATE INDEX incidents_accounts ON incidents (accounts, id);
CREATE INDEX incidents_grade_date ON incidents (grade, date, id);

CREATE VIRTUAL TABLE documents_fts USING fts5 (
    title, text, content = 'documents', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO documents_fts (documents_fts) VALUES ('rebuild');
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
END;
"#,
    },
    Migration {
        version: 4,
        name: "incident summaries in their own table",
        sql: r#"
CREATE TABLE incident_summaries (
    incident_id TEXT PRIMARY KEY REFERENCES incidents (id),
    summary     TEXT NOT NULL CHECK (json_valid(summary))
) STRICT;
INSERT INTO incident_summaries (incident_id, summary) SELECT id, summary FROM incidents;
ALTER TABLE incidents DROP COLUMN summary;
"#,
    },
    Migration {
        version: 5,
        name: "incident pages built ahead of reading",
        sql: r#"
CREATE TABLE incident_views (
    incident_id TEXT PRIMARY KEY REFERENCES incidents (id),
    version     INTEGER NOT NULL,
    detail      TEXT NOT NULL
) STRICT;
-- a view is a cache of what its incident's summary, links and accounts say: any change to those
-- drops it, and readers build the page afresh until a writer stores a new one
CREATE TRIGGER incident_views_summary_insert AFTER INSERT ON incident_summaries BEGIN
    DELETE FROM incident_views WHERE incident_id = new.incident_id;
END;
CREATE TRIGGER incident_views_summary_update AFTER UPDATE ON incident_summaries BEGIN
    DELETE FROM incident_views WHERE incident_id IN (old.incident_id, new.incident_id);
END;
CREATE TRIGGER incident_views_link_insert AFTER INSERT ON account_incidents BEGIN
    DELETE FROM incident_views WHERE incident_id = new.incident_id;
END;
CREATE TRIGGER incident_views_link_update AFTER UPDATE ON account_incidents BEGIN
    DELETE FROM incident_views WHERE incident_id IN (old.incident_id, new.incident_id);
END;
CREATE TRIGGER incident_views_link_delete AFTER DELETE ON account_incidents BEGIN
    DELETE FROM incident_views WHERE incident_id = old.incident_id;
END;
CREATE TRIGGER incident_views_account_update AFTER UPDATE ON accounts BEGIN
    DELETE FROM incident_views WHERE incident_id IN
        (SELECT incident_id FROM account_incidents WHERE account_id IN (old.id, new.id));
END;
CREATE TRIGGER incident_views_document_update AFTER UPDATE ON documents BEGIN
    DELETE FROM incident_views WHERE incident_id IN
        (SELECT l.incident_id FROM accounts a JOIN account_incidents l ON l.account_id = a.id
         WHERE a.document_id IN (old.id, new.id));
END;
"#,
    },
    Migration {
        version: 6,
        name: "why each account was linked",
        sql: r#"
CREATE TABLE link_explanations (
    account_id  INTEGER PRIMARY KEY REFERENCES accounts (id),
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    explanation TEXT NOT NULL CHECK (json_valid(explanation))
) STRICT;
CREATE INDEX link_explanations_incident ON link_explanations (incident_id);
CREATE TRIGGER incident_views_explanation_insert AFTER INSERT ON link_explanations BEGIN
    DELETE FROM incident_views WHERE incident_id = new.incident_id;
END;
CREATE TRIGGER incident_views_explanation_update AFTER UPDATE ON link_explanations BEGIN
    DELETE FROM incident_views WHERE incident_id IN (old.incident_id, new.incident_id);
END;
"#,
    },
    Migration {
        version: 7,
        name: "sightings: every file and outlet a report was read from",
        sql: r#"
CREATE TABLE sightings (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id),
    source      TEXT NOT NULL,
    outlet      TEXT,
    url         TEXT,
    published   TEXT,
    seen_at     TEXT NOT NULL
) STRICT;
-- the same file with the same metadata is one sighting, however often it is ingested
CREATE UNIQUE INDEX sightings_once ON sightings
    (document_id, source, coalesce(outlet, ''), coalesce(url, ''), coalesce(published, ''));
INSERT INTO sightings (document_id, source, outlet, url, published, seen_at)
    SELECT id, source, outlet, url, published, ingested_at FROM documents ORDER BY id;
-- an incident's page lists its reports' sightings
CREATE TRIGGER incident_views_sighting_insert AFTER INSERT ON sightings BEGIN
    DELETE FROM incident_views WHERE incident_id IN
        (SELECT l.incident_id FROM accounts a JOIN account_incidents l ON l.account_id = a.id
         WHERE a.document_id = new.document_id);
END;
"#,
    },
    Migration {
        version: 8,
        name: "hash-chained audit log, reviewed accounts, incident reviews and redirects",
        sql: r#"
-- every audit event carries why, what it changed (before and after) and the hash chain: `hash` is
-- the SHA-256 of the previous event's hash and this event's canonical content (see sqlite/audit.rs);
-- the events stored before this step are chained in id order by the step's backfill
ALTER TABLE audit_log ADD COLUMN reason TEXT;
ALTER TABLE audit_log ADD COLUMN before TEXT CHECK (before IS NULL OR json_valid(before));
ALTER TABLE audit_log ADD COLUMN after TEXT CHECK (after IS NULL OR json_valid(after));
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
-- append-only: a chained event is never changed or deleted through Toll
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log WHEN old.hash IS NOT NULL BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- a reviewer's version of an account, kept beside the machine's (`account`); readers use it
ALTER TABLE accounts ADD COLUMN reviewed TEXT CHECK (reviewed IS NULL OR json_valid(reviewed));

-- every change to an incident's row raises its version (optimistic concurrency for reviewers)
ALTER TABLE incidents ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

-- what reviewers decided about an incident: published, a pinned date and place, a grade
CREATE TABLE incident_reviews (
    incident_id  TEXT PRIMARY KEY,
    published    INTEGER NOT NULL DEFAULT 0,
    pin          TEXT CHECK (pin IS NULL OR json_valid(pin)),
    grade        TEXT,
    grade_reason TEXT
) STRICT;

-- an incident merged into another: its id keeps answering, with the survivor
CREATE TABLE incident_redirects (
    id     TEXT PRIMARY KEY,
    target TEXT NOT NULL,
    at     TEXT NOT NULL
) STRICT;
"#,
    },
    Migration {
        version: 9,
        name: "users, API tokens and sign-in sessions",
        sql: r#"
CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'editor', 'admin')),
    password   TEXT NOT NULL,
    disabled   INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    last_login TEXT
) STRICT;
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    token_sha256 TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    revoked_at   TEXT
) STRICT;
CREATE TABLE sessions (
    id_sha256  TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_expiry ON sessions (expires_at);
"#,
    },
    Migration {
        version: 10,
        name: "declared strikes and belligerents' assessments",
        sql: r#"
-- a strike log or release as imported: its bytes exactly as read, like a report
CREATE TABLE strike_sources (
    id          INTEGER PRIMARY KEY,
    sha256      TEXT NOT NULL UNIQUE
                CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    raw         BLOB NOT NULL,
    size        INTEGER NOT NULL CHECK (size = length(raw)),
    format      TEXT NOT NULL CHECK (format IN ('csv', 'jsonl', 'release')),
    source      TEXT NOT NULL,
    imported_at TEXT NOT NULL
) STRICT;

-- one declared strike (or strike group: one place and day of a release)
CREATE TABLE strikes (
    id          INTEGER PRIMARY KEY,
    source_id   INTEGER NOT NULL REFERENCES strike_sources (id),
    line        INTEGER NOT NULL,
    date_from   TEXT NOT NULL,
    date_to     TEXT NOT NULL CHECK (date_to >= date_from),
    place       TEXT,
    lat         REAL,
    lon         REAL,
    where_prec  INTEGER,
    country     TEXT,
    belligerent TEXT NOT NULL,
    nations     TEXT NOT NULL CHECK (json_valid(nations)),
    target      TEXT,
    munition    TEXT,
    strikes     INTEGER,
    url         TEXT,
    text        TEXT
) STRICT;
CREATE INDEX strikes_date ON strikes (date_from, date_to);
CREATE INDEX strikes_source ON strikes (source_id);

-- a belligerent's own assessment of an incident: one per incident and belligerent
CREATE TABLE assessments (
    id               INTEGER PRIMARY KEY,
    incident_id      TEXT NOT NULL,
    belligerent      TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('proposed', 'confirmed')),
    assessment       TEXT NOT NULL
                     CHECK (assessment IN ('not_assessed', 'credible', 'non_credible', 'duplicate')),
    killed_min       INTEGER,
    killed_max       INTEGER,
    killed_approx    INTEGER NOT NULL DEFAULT 0,
    injured_min      INTEGER,
    injured_max      INTEGER,
    injured_approx   INTEGER NOT NULL DEFAULT 0,
    reason           TEXT,
    statement_date   TEXT,
    url              TEXT,
    statement_text   TEXT,
    statement_sha256 TEXT CHECK (statement_sha256 IS NULL OR length(statement_sha256) = 64),
    account_id       INTEGER REFERENCES accounts (id),
    entered_by       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (incident_id, belligerent)
) STRICT;
CREATE INDEX assessments_incident ON assessments (incident_id);
"#,
    },
    Migration {
        version: 11,
        name: "compensation claims, their documents and status history",
        sql: r#"
-- a claim for harm in one incident: the claim itself as JSON (claimant, victims, losses, filings:
-- personal data, never shown publicly), the claimant's contact details sealed with a key kept
-- outside the database, its status and a version raised by every change
CREATE TABLE claims (
    id          INTEGER PRIMARY KEY,
    incident_id TEXT NOT NULL,
    status      TEXT NOT NULL
                CHECK (status IN ('draft', 'filed', 'acknowledged', 'decided', 'appealed', 'closed')),
    body        TEXT NOT NULL CHECK (json_valid(body)),
    contact     BLOB,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX claims_incident ON claims (incident_id);

-- documents attached to a claim, stored raw with their SHA-256
CREATE TABLE claim_documents (
    id         INTEGER PRIMARY KEY,
    claim_id   INTEGER NOT NULL REFERENCES claims (id),
    kind       TEXT NOT NULL,
    name       TEXT NOT NULL,
    media_type TEXT NOT NULL,
    sha256     TEXT NOT NULL
               CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    size       INTEGER NOT NULL CHECK (size = length(raw)),
    raw        BLOB NOT NULL,
    added_at   TEXT NOT NULL
) STRICT;
CREATE INDEX claim_documents_claim ON claim_documents (claim_id);
CREATE UNIQUE INDEX claim_documents_once ON claim_documents (claim_id, sha256);

-- every status a claim went through, with what the step recorded (where and when it was filed,
-- the decision, the amount paid or the reason for a denial)
CREATE TABLE claim_events (
    id       INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims (id),
    status   TEXT NOT NULL,
    at       TEXT NOT NULL,
    detail   TEXT NOT NULL CHECK (json_valid(detail))
) STRICT;
CREATE INDEX claim_events_claim ON claim_events (claim_id, id);
"#,
    },
    // 10 belongs to a branch merged beside this one (the numbers were handed out together)
    Migration {
        version: 12,
        name: "review queue indexes",
        sql: r#"
-- accounts nobody has decided on whose figure the text hedges, blurs or leaves ambiguous,
-- the largest figures first
CREATE INDEX accounts_queue_hedged
    ON accounts (coalesce(killed_max, killed_min, injured_max, injured_min, 0) DESC, id)
    WHERE superseded_at IS NULL AND status = 'machine'
      AND (hedged = 1 OR killed_approx = 1 OR injured_approx = 1 OR casualties_ambiguous = 1);

-- machine links by probability, the least probable first
CREATE INDEX link_explanations_probability
    ON link_explanations (json_extract(explanation, '$.probability'), account_id);

-- incidents whose accounts contradict each other
CREATE INDEX incident_summaries_contradicted ON incident_summaries (incident_id)
    WHERE json_array_length(summary, '$.reconciled.contradictions') > 0;

-- reviewers' decisions (which incidents someone has reviewed, and who)
CREATE INDEX audit_log_reviews ON audit_log (actor) WHERE substr(action, 1, 7) = 'review.';
"#,
    },
];

/// Work a migration needs beyond its SQL, run in the same transaction right after it.
type Backfill = fn(&Connection) -> Result<()>;

/// The backfill of each migration that has one, by version.
const BACKFILLS: &[(i64, Backfill)] = &[(8, crate::sqlite::chain_audit_log)];

/// The newest schema version this build knows.
pub(crate) fn latest() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// The database's schema version.
pub(crate) fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Applies every migration up to `target`, each in its own immediate transaction (so that two
/// processes opening the same database at once do not both apply a step).
pub(crate) fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    let found = version(conn)?;
    if found > latest() {
        return Err(StoreError::SchemaTooNew {
            found,
            supported: latest(),
        });
    }
    for m in MIGRATIONS.iter().filter(|m| m.version <= target) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // re-read inside the lock: another process may have migrated meanwhile
        if version(&tx)? >= m.version {
            continue;
        }
        let step = |e: rusqlite::Error| StoreError::Migration {
            version: m.version,
            name: m.name,
            source: Box::new(e),
        };
        tx.execute_batch(m.sql).map_err(step)?;
        for (_, backfill) in BACKFILLS.iter().filter(|(v, _)| *v == m.version) {
            backfill(&tx).map_err(|e| StoreError::Migration {
                version: m.version,
                name: m.name,
                source: Box::new(e),
            })?;
        }
        tx.pragma_update(None, "user_version", m.version)
            .map_err(step)?;
        tx.commit().map_err(step)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_consecutive_from_one() {
        assert_eq!(MIGRATIONS.first().map(|m| m.version), Some(1));
        for pair in MIGRATIONS.windows(2) {
            assert_eq!(pair[0].version + 1, pair[1].version, "{}", pair[1].name);
        }
    }

    #[test]
    fn migrating_twice_is_a_no_op() -> Result<()> {
        let mut conn = Connection::open_in_memory()?;
        migrate_to(&mut conn, latest())?;
        migrate_to(&mut conn, latest())?;
        assert_eq!(version(&conn)?, latest());
        Ok(())
    }

    #[test]
    fn newer_schema_is_refused() -> Result<()> {
        let mut conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "user_version", latest() + 1)?;
        let err = migrate_to(&mut conn, latest()).err();
        assert!(
            matches!(err, Some(StoreError::SchemaTooNew { .. })),
            "{err:?}"
        );
        Ok(())
    }
}
