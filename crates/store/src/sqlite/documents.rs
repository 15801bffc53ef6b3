//! Documents: inserting one with its first extraction, looking documents up.

use super::{account_row, audit, now};
use crate::error::{Result, StoreError};
use crate::types::{
    AccountStatus, DocumentId, DocumentInfo, InsertOutcome, NewDocument, StoredDocument,
};
use rusqlite::{named_params, params, Connection, OptionalExtension, Row};
use toll_model::{Account, ReportMeta};

/// Columns for `info_from_row`.
const INFO_COLUMNS: &str =
    "id, sha256, size, media_type, source, captured_at, ingested_at, doc_key, meta";

/// Checks a SHA-256 given as hex.
fn check_sha256(sha256: &str) -> Result<()> {
    if sha256.len() == 64
        && sha256
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "document hash {sha256:?} is not 64 lowercase hex digits"
        )))
    }
}

/// The id of the document with this hash.
pub(crate) fn id_by_sha256(conn: &Connection, sha256: &str) -> Result<Option<DocumentId>> {
    Ok(conn
        .prepare_cached("SELECT id FROM documents WHERE sha256 = ?1")?
        .query_row([sha256], |r| r.get(0))
        .optional()?)
}

/// Records an extraction run; returns its id.
pub(crate) fn insert_run(
    conn: &Connection,
    document_id: DocumentId,
    extractor_version: &str,
    found: usize,
    added: usize,
    now: &str,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO extraction_runs (document_id, extractor_version, ran_at, accounts_found, accounts_added)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        document_id,
        extractor_version,
        now,
        i64::try_from(found).unwrap_or(i64::MAX),
        i64::try_from(added).unwrap_or(i64::MAX)
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Inserts a document, its extraction run, its accounts and an audit entry. The caller holds the
/// transaction: an error anywhere leaves nothing of the document once it is rolled back.
pub(crate) fn insert(
    conn: &Connection,
    actor: &str,
    doc: &NewDocument<'_>,
    accounts: &[Account],
    extractor_version: &str,
) -> Result<InsertOutcome> {
    check_sha256(doc.sha256)?;
    if let Some(document_id) = id_by_sha256(conn, doc.sha256)? {
        return Ok(InsertOutcome::Duplicate { document_id });
    }
    let now = now(conn)?;
    let meta = serde_json::to_string(doc.meta)
        .map_err(|e| StoreError::Invalid(format!("metadata cannot be encoded as JSON: {e}")))?;
    conn.prepare_cached(
        "INSERT INTO documents (sha256, raw, size, media_type, source, captured_at, ingested_at,
            doc_key, url, title, outlet, published, meta, text)
         VALUES (:sha256, :raw, :size, :media_type, :source, :captured_at, :now,
            :doc_key, :url, :title, :outlet, :published, :meta, :text)",
    )?
    .execute(named_params! {
        ":sha256": doc.sha256,
        ":raw": doc.raw,
        ":size": i64::try_from(doc.raw.len()).unwrap_or(i64::MAX),
        ":media_type": doc.media_type,
        ":source": doc.source,
        ":captured_at": doc.captured_at,
        ":now": now,
        ":doc_key": doc.meta.id,
        ":url": doc.meta.url,
        ":title": doc.meta.title,
        ":outlet": doc.meta.outlet,
        ":published": doc.meta.published,
        ":meta": meta,
        ":text": doc.text,
    })?;
    let document_id = conn.last_insert_rowid();
    super::sightings::add(conn, document_id, doc, &now)?;
    let run_id = insert_run(
        conn,
        document_id,
        extractor_version,
        accounts.len(),
        accounts.len(),
        &now,
    )?;
    let mut account_ids = Vec::with_capacity(accounts.len());
    for a in accounts {
        account_row::check_span(a, doc.text)?;
        account_ids.push(account_row::insert(
            conn,
            document_id,
            Some(run_id),
            extractor_version,
            AccountStatus::Machine,
            a,
            &now,
        )?);
    }
    audit::log(
        conn,
        actor,
        "ingest",
        "document",
        &document_id.to_string(),
        &serde_json::json!({
            "sha256": doc.sha256,
            "source": doc.source,
            "doc_key": doc.meta.id,
            "extractor_version": extractor_version,
            "run_id": run_id,
            "accounts": account_ids.len(),
        }),
        &now,
    )?;
    Ok(InsertOutcome::Inserted {
        document_id,
        account_ids,
    })
}

fn info_from_row(r: &Row<'_>) -> rusqlite::Result<(DocumentInfo, String)> {
    let size: i64 = r.get(2)?;
    Ok((
        DocumentInfo {
            id: r.get(0)?,
            sha256: r.get(1)?,
            size: u64::try_from(size).unwrap_or(0),
            media_type: r.get(3)?,
            source: r.get(4)?,
            captured_at: r.get(5)?,
            ingested_at: r.get(6)?,
            meta: ReportMeta {
                id: r.get(7)?,
                ..ReportMeta::default()
            },
        },
        r.get(8)?,
    ))
}

/// Fills `info.meta` from its stored JSON.
fn with_meta((mut info, json): (DocumentInfo, String)) -> Result<DocumentInfo> {
    info.meta = decode_meta(info.id, &json)?;
    Ok(info)
}

/// Decodes a document's stored metadata JSON.
pub(crate) fn decode_meta(id: DocumentId, json: &str) -> Result<ReportMeta> {
    serde_json::from_str(json)
        .map_err(|e| StoreError::Corrupt(format!("document {id} metadata: {e}")))
}

/// Documents after `after`, at most `limit`.
pub(crate) fn list(
    conn: &Connection,
    after: Option<DocumentId>,
    limit: usize,
) -> Result<Vec<DocumentInfo>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {INFO_COLUMNS} FROM documents WHERE id > ?1 ORDER BY id LIMIT ?2"
    ))?;
    let rows = stmt.query_map(
        params![after.unwrap_or(0), i64::try_from(limit).unwrap_or(i64::MAX)],
        info_from_row,
    )?;
    rows.map(|r| with_meta(r?)).collect()
}

/// One document with bytes and text.
pub(crate) fn get(conn: &Connection, id: DocumentId) -> Result<Option<StoredDocument>> {
    let row = conn
        .prepare_cached(&format!(
            "SELECT {INFO_COLUMNS}, raw, text FROM documents WHERE id = ?1"
        ))?
        .query_row([id], |r| Ok((info_from_row(r)?, r.get(9)?, r.get(10)?)))
        .optional()?;
    row.map(|(info, raw, text)| {
        Ok(StoredDocument {
            info: with_meta(info)?,
            raw,
            text,
        })
    })
    .transpose()
}

/// One document's metadata and text, without its bytes.
pub(crate) fn text(conn: &Connection, id: DocumentId) -> Result<Option<(DocumentInfo, String)>> {
    let row = conn
        .prepare_cached(&format!(
            "SELECT {INFO_COLUMNS}, text FROM documents WHERE id = ?1"
        ))?
        .query_row([id], |r| Ok((info_from_row(r)?, r.get(9)?)))
        .optional()?;
    row.map(|(info, text)| Ok((with_meta(info)?, text)))
        .transpose()
}
