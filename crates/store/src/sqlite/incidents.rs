//! Incidents and the links between accounts and incidents.

use super::account_row::{self, COLUMNS};
use super::{audit, documents, now};
use crate::error::{Result, StoreError};
use crate::types::{AccountId, IncidentAccount, IncidentFilter, IncidentRecord, LinkMethod};
use rusqlite::{named_params, params, Connection, OptionalExtension, Row};

/// Writes automatic links; an account whose link is confirmed keeps it. Returns the links written.
pub(crate) fn save_links(conn: &Connection, links: &[(AccountId, String)]) -> Result<usize> {
    let now = now(conn)?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO account_incidents (account_id, incident_id, method, linked_at)
         VALUES (?1, ?2, 'auto', ?3)
         ON CONFLICT (account_id) DO UPDATE
           SET incident_id = excluded.incident_id, linked_at = excluded.linked_at
           WHERE account_incidents.method = 'auto'
             AND account_incidents.incident_id != excluded.incident_id",
    )?;
    let mut written = 0;
    for (account_id, incident_id) in links {
        written += stmt.execute(params![account_id, incident_id, now])?;
    }
    Ok(written)
}

/// Links an account to an incident as confirmed, replacing any link it had.
pub(crate) fn confirm_link(
    conn: &Connection,
    actor: &str,
    account_id: AccountId,
    incident_id: &str,
) -> Result<()> {
    let now = now(conn)?;
    let previous: Option<(String, String)> = conn
        .query_row(
            "SELECT incident_id, method FROM account_incidents WHERE account_id = ?1",
            [account_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    conn.execute(
        "INSERT INTO account_incidents (account_id, incident_id, method, linked_at)
         VALUES (?1, ?2, 'confirmed', ?3)
         ON CONFLICT (account_id) DO UPDATE
           SET incident_id = excluded.incident_id, method = 'confirmed', linked_at = excluded.linked_at",
        params![account_id, incident_id, now],
    )?;
    audit::log(
        conn,
        actor,
        "link",
        "account",
        &account_id.to_string(),
        &serde_json::json!({
            "incident_id": incident_id,
            "method": "confirmed",
            "previous": previous.map(|(i, m)| serde_json::json!({"incident_id": i, "method": m})),
        }),
        &now,
    )
}

/// Inserts or updates incidents.
pub(crate) fn upsert(conn: &Connection, records: &[IncidentRecord]) -> Result<()> {
    let now = now(conn)?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO incidents (id, country, date, date_prec, lat, lon, where_prec, place, summary,
            created_at, updated_at)
         VALUES (:id, :country, :date, :date_prec, :lat, :lon, :where_prec, :place, :summary, :now, :now)
         ON CONFLICT (id) DO UPDATE SET country = excluded.country, date = excluded.date,
            date_prec = excluded.date_prec, lat = excluded.lat, lon = excluded.lon,
            where_prec = excluded.where_prec, place = excluded.place, summary = excluded.summary,
            updated_at = excluded.updated_at",
    )?;
    for r in records {
        if serde_json::from_str::<serde_json::Value>(&r.summary_json).is_err() {
            return Err(StoreError::Invalid(format!(
                "incident {}: summary is not valid JSON",
                r.id
            )));
        }
        stmt.execute(named_params! {
            ":id": r.id,
            ":country": r.country,
            ":date": r.date,
            ":date_prec": r.date_prec,
            ":lat": r.lat.filter(|v| v.is_finite()),
            ":lon": r.lon.filter(|v| v.is_finite()),
            ":where_prec": r.where_prec,
            ":place": r.place,
            ":summary": r.summary_json,
            ":now": now,
        })?;
    }
    Ok(())
}

const INCIDENT_COLUMNS: &str = "id, country, date, date_prec, lat, lon, where_prec, place, summary";

fn incident_from_row(r: &Row<'_>) -> rusqlite::Result<IncidentRecord> {
    Ok(IncidentRecord {
        id: r.get(0)?,
        country: r.get(1)?,
        date: r.get(2)?,
        date_prec: r.get(3)?,
        lat: r.get(4)?,
        lon: r.get(5)?,
        where_prec: r.get(6)?,
        place: r.get(7)?,
        summary_json: r.get(8)?,
    })
}

/// Incidents matching the filter.
pub(crate) fn list(conn: &Connection, filter: &IncidentFilter) -> Result<Vec<IncidentRecord>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {INCIDENT_COLUMNS} FROM incidents
         WHERE (:country IS NULL OR country = :country)
           AND (:from IS NULL OR date >= :from)
           AND (:to IS NULL OR date <= :to)
         ORDER BY date, id"
    ))?;
    let rows = stmt.query_map(
        named_params! {":country": filter.country, ":from": filter.from, ":to": filter.to},
        incident_from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// One incident.
pub(crate) fn get(conn: &Connection, id: &str) -> Result<Option<IncidentRecord>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {INCIDENT_COLUMNS} FROM incidents WHERE id = ?1"
        ))?
        .query_row([id], incident_from_row)
        .optional()?)
}

/// The current accounts linked to an incident, with their documents' source and metadata.
pub(crate) fn accounts(conn: &Connection, id: &str) -> Result<Vec<IncidentAccount>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS}, l.method, d.source, d.meta FROM account_incidents l
         JOIN accounts a ON a.id = l.account_id
         JOIN documents d ON d.id = a.document_id
         WHERE l.incident_id = ?1 AND a.superseded_at IS NULL AND a.status != 'rejected'
         ORDER BY a.id"
    ))?;
    let rows = stmt.query_map([id], |r| {
        Ok((
            account_row::from_row(r, 0)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (stored, method, source, meta) = row?;
        let account = stored?;
        let method = match method.as_str() {
            "auto" => LinkMethod::Auto,
            "confirmed" => LinkMethod::Confirmed,
            other => {
                return Err(StoreError::Corrupt(format!(
                    "link of account {} has method {other:?}",
                    account.id
                )))
            }
        };
        out.push(IncidentAccount {
            meta: documents::decode_meta(account.document_id, &meta)?,
            account,
            method,
            source,
        });
    }
    Ok(out)
}
