//! Sightings: each time a report's bytes were read from a file with their metadata (one wire story
//! carried by several outlets is one document seen several times).

use crate::error::Result;
use crate::types::{DocumentId, NewDocument, Sighting};
use rusqlite::{named_params, Connection};

/// Records that `doc` (stored as `document_id`) was seen; `false` when the same file with the same
/// outlet, URL and publication date was seen before (nothing is written).
pub(crate) fn add(
    conn: &Connection,
    document_id: DocumentId,
    doc: &NewDocument<'_>,
    now: &str,
) -> Result<bool> {
    let added = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO sightings (document_id, source, outlet, url, published, seen_at)
             VALUES (:document_id, :source, :outlet, :url, :published, :now)",
        )?
        .execute(named_params! {
            ":document_id": document_id,
            ":source": doc.source,
            ":outlet": doc.meta.outlet,
            ":url": doc.meta.url,
            ":published": doc.meta.published,
            ":now": now,
        })?;
    Ok(added > 0)
}

/// A document's sightings, oldest first.
pub(crate) fn of_document(conn: &Connection, id: DocumentId) -> Result<Vec<Sighting>> {
    let mut stmt = conn.prepare_cached(
        "SELECT source, outlet, url, published, seen_at FROM sightings
         WHERE document_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([id], |r| {
            Ok(Sighting {
                source: r.get(0)?,
                outlet: r.get(1)?,
                url: r.get(2)?,
                published: r.get(3)?,
                seen_at: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The distinct outlets every report of incident `id`'s current accounts was seen in, by
/// document.
pub(crate) fn outlets_of_incident(
    conn: &Connection,
    id: &str,
) -> Result<Vec<(DocumentId, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT s.document_id, s.outlet FROM account_incidents l
         JOIN accounts a ON a.id = l.account_id
         JOIN sightings s ON s.document_id = a.document_id
         WHERE l.incident_id = ?1 AND a.superseded_at IS NULL AND a.status != 'rejected'
           AND s.outlet IS NOT NULL AND s.outlet != ''
         ORDER BY s.document_id, s.outlet",
    )?;
    let rows = stmt
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
