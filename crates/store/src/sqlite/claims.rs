//! Compensation claims (tables of schema v11): each claim as stored JSON with its sealed contact
//! details, the documents attached to it and the statuses it went through. The store keeps rows;
//! what a claim means, its workflow and who may read it are `toll-claims`' business.

use super::{now, SqliteStore};
use crate::error::{Result, StoreError};
use crate::types::{ClaimDocumentRow, ClaimEventRow, ClaimRow, NewClaimDocument};
use rusqlite::{params, OptionalExtension, Row};

const CLAIM_COLUMNS: &str =
    "id, incident_id, status, body, contact, created_at, updated_at, version";
const DOCUMENT_COLUMNS: &str = "id, claim_id, kind, name, media_type, sha256, size, added_at";

fn claim_row(r: &Row<'_>) -> rusqlite::Result<ClaimRow> {
    Ok(ClaimRow {
        id: r.get(0)?,
        incident_id: r.get(1)?,
        status: r.get(2)?,
        body: r.get(3)?,
        contact: r.get(4)?,
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
        version: r.get(7)?,
    })
}

fn document_row(r: &Row<'_>) -> rusqlite::Result<ClaimDocumentRow> {
    Ok(ClaimDocumentRow {
        id: r.get(0)?,
        claim_id: r.get(1)?,
        kind: r.get(2)?,
        name: r.get(3)?,
        media_type: r.get(4)?,
        sha256: r.get(5)?,
        size: r.get::<_, i64>(6)?.max(0) as u64,
        added_at: r.get(7)?,
    })
}

fn check_json(body: &str) -> Result<()> {
    serde_json::from_str::<serde_json::Value>(body)
        .map(|_| ())
        .map_err(|e| StoreError::Invalid(format!("a claim's body is no JSON: {e}")))
}

impl SqliteStore {
    /// Stores a new claim (`status`, JSON `body`, sealed `contact`) for incident `incident_id`;
    /// returns its id.
    pub fn insert_claim(
        &self,
        incident_id: &str,
        status: &str,
        body: &str,
        contact: Option<&[u8]>,
    ) -> Result<i64> {
        check_json(body)?;
        self.named(|| {
            let tx = self.write()?;
            let at = now(&tx)?;
            tx.prepare_cached(
                "INSERT INTO claims (incident_id, status, body, contact, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            )?
            .execute(params![incident_id, status, body, contact, at])?;
            let id = tx.last_insert_rowid();
            tx.commit()?;
            Ok(id)
        })
    }

    /// Rewrites claim `id` (status, body, contact) if it is still at `version`; raises its version.
    /// Fails with [`StoreError::Invalid`] when it changed since (or [`StoreError::NotFound`]).
    pub fn update_claim(
        &self,
        id: i64,
        version: i64,
        status: &str,
        body: &str,
        contact: Option<&[u8]>,
    ) -> Result<()> {
        check_json(body)?;
        self.named(|| {
            let tx = self.write()?;
            let at = now(&tx)?;
            let changed = tx
                .prepare_cached(
                    "UPDATE claims SET status = ?1, body = ?2, contact = ?3, updated_at = ?4,
                            version = version + 1
                     WHERE id = ?5 AND version = ?6",
                )?
                .execute(params![status, body, contact, at, id, version])?;
            if changed == 0 {
                let exists: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM claims WHERE id = ?1)",
                    [id],
                    |r| r.get(0),
                )?;
                return Err(if exists {
                    StoreError::Invalid(format!("claim {id} changed since version {version}"))
                } else {
                    StoreError::NotFound {
                        what: "claim",
                        id: id.to_string(),
                    }
                });
            }
            tx.commit()?;
            Ok(())
        })
    }

    /// One claim.
    pub fn claim(&self, id: i64) -> Result<Option<ClaimRow>> {
        self.named(|| {
            Ok(self
                .conn
                .prepare_cached(&format!("SELECT {CLAIM_COLUMNS} FROM claims WHERE id = ?1"))?
                .query_row([id], claim_row)
                .optional()?)
        })
    }

    /// Every claim (of one incident when `incident_id` is given), by id.
    pub fn claims(&self, incident_id: Option<&str>) -> Result<Vec<ClaimRow>> {
        self.named(|| {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT {CLAIM_COLUMNS} FROM claims
                 WHERE ?1 IS NULL OR incident_id = ?1 ORDER BY id"
            ))?;
            let rows = stmt.query_map([incident_id], claim_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Attaches a document to claim `claim_id`; returns its id, or the id of the same bytes attached
    /// before (a document is attached once).
    pub fn add_claim_document(&self, claim_id: i64, doc: &NewClaimDocument<'_>) -> Result<i64> {
        self.named(|| {
            let tx = self.write()?;
            let known: Option<i64> = tx
                .prepare_cached(
                    "SELECT id FROM claim_documents WHERE claim_id = ?1 AND sha256 = ?2",
                )?
                .query_row(params![claim_id, doc.sha256], |r| r.get(0))
                .optional()?;
            if let Some(id) = known {
                return Ok(id);
            }
            let at = now(&tx)?;
            tx.prepare_cached(
                "INSERT INTO claim_documents (claim_id, kind, name, media_type, sha256, size, raw, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                claim_id,
                doc.kind,
                doc.name,
                doc.media_type,
                doc.sha256,
                doc.raw.len() as i64,
                doc.raw,
                at
            ])?;
            let id = tx.last_insert_rowid();
            tx.commit()?;
            Ok(id)
        })
    }

    /// The documents attached to a claim (without their bytes), by id.
    pub fn claim_documents(&self, claim_id: i64) -> Result<Vec<ClaimDocumentRow>> {
        self.named(|| {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT {DOCUMENT_COLUMNS} FROM claim_documents WHERE claim_id = ?1 ORDER BY id"
            ))?;
            let rows = stmt.query_map([claim_id], document_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// The bytes of one attached document.
    pub fn claim_document_bytes(&self, id: i64) -> Result<Option<Vec<u8>>> {
        self.named(|| {
            Ok(self
                .conn
                .prepare_cached("SELECT raw FROM claim_documents WHERE id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?)
        })
    }

    /// Records that claim `claim_id` reached `status`, with JSON `detail`.
    pub fn add_claim_event(&self, claim_id: i64, status: &str, detail: &str) -> Result<()> {
        check_json(detail)?;
        self.named(|| {
            let tx = self.write()?;
            let at = now(&tx)?;
            tx.prepare_cached(
                "INSERT INTO claim_events (claim_id, status, at, detail) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![claim_id, status, at, detail])?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Every status claim `claim_id` went through, oldest first.
    pub fn claim_events(&self, claim_id: i64) -> Result<Vec<ClaimEventRow>> {
        self.named(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT id, claim_id, status, at, detail FROM claim_events
                 WHERE claim_id = ?1 ORDER BY id",
            )?;
            let rows = stmt.query_map([claim_id], |r| {
                Ok(ClaimEventRow {
                    id: r.get(0)?,
                    claim_id: r.get(1)?,
                    status: r.get(2)?,
                    at: r.get(3)?,
                    detail: r.get(4)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_is_stored_updated_and_versioned() -> Result<()> {
        let store = SqliteStore::open_in_memory()?;
        let id = store.insert_claim("IRQ-2017-03-17-a", "draft", "{\"a\":1}", Some(b"sealed"))?;
        let row = store
            .claim(id)?
            .ok_or(StoreError::Invalid("missing".into()))?;
        assert_eq!(row.version, 1);
        assert_eq!(row.contact.as_deref(), Some(&b"sealed"[..]));
        store.update_claim(id, 1, "filed", "{\"a\":2}", None)?;
        let stale = store.update_claim(id, 1, "closed", "{}", None);
        assert!(matches!(stale, Err(StoreError::Invalid(_))), "{stale:?}");
        assert!(matches!(
            store.update_claim(99, 1, "closed", "{}", None),
            Err(StoreError::NotFound { .. })
        ));
        let row = store
            .claim(id)?
            .ok_or(StoreError::Invalid("missing".into()))?;
        assert_eq!((row.status.as_str(), row.version), ("filed", 2));
        assert!(store.insert_claim("X", "nonsense", "{}", None).is_err());
        assert!(store.insert_claim("X", "draft", "not json", None).is_err());
        assert_eq!(store.claims(Some("IRQ-2017-03-17-a"))?.len(), 1);
        assert!(store.claims(Some("other"))?.is_empty());
        Ok(())
    }

    #[test]
    fn documents_are_attached_once_and_kept_raw() -> Result<()> {
        let store = SqliteStore::open_in_memory()?;
        let id = store.insert_claim("I", "draft", "{}", None)?;
        let sha = "a".repeat(64);
        let doc = NewClaimDocument {
            kind: "identity",
            name: "id.pdf",
            media_type: "application/pdf",
            sha256: &sha,
            raw: b"%PDF-1.4 x",
        };
        let first = store.add_claim_document(id, &doc)?;
        assert_eq!(store.add_claim_document(id, &doc)?, first);
        let docs = store.claim_documents(id)?;
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].size, 10);
        assert_eq!(
            store.claim_document_bytes(first)?.as_deref(),
            Some(&b"%PDF-1.4 x"[..])
        );
        store.add_claim_event(id, "filed", "{\"where\":\"x\"}")?;
        assert_eq!(store.claim_events(id)?.len(), 1);
        Ok(())
    }
}
