//! Declared strikes with their archived sources, and belligerents' assessments (schema v10).

use crate::error::{Result, StoreError};
use crate::redress::{Assessment, DeclaredStrike, NewStrikeSource, StoredStrike, StrikeSourceInfo};
use rusqlite::{named_params, params, Connection, OptionalExtension, Row};
use toll_model::Range;

/// The id of the strike source with this SHA-256, if archived.
pub(crate) fn source_by_sha256(conn: &Connection, sha256: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM strike_sources WHERE sha256 = ?1")?
        .query_row([sha256], |r| r.get(0))
        .optional()?)
}

/// Archives a source and stores its strikes; returns the source's id.
pub(crate) fn insert(
    conn: &Connection,
    source: &NewStrikeSource<'_>,
    strikes: &[DeclaredStrike],
    now: &str,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO strike_sources (sha256, raw, size, format, source, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        source.sha256,
        source.raw,
        source.raw.len() as i64,
        source.format,
        source.source,
        now
    ])?;
    let id = conn.last_insert_rowid();
    let mut stmt = conn.prepare_cached(
        "INSERT INTO strikes (source_id, line, date_from, date_to, place, lat, lon, where_prec,
             country, belligerent, nations, target, munition, strikes, url, text)
         VALUES (:source_id, :line, :date_from, :date_to, :place, :lat, :lon, :where_prec,
             :country, :belligerent, :nations, :target, :munition, :strikes, :url, :text)",
    )?;
    for s in strikes {
        let nations = serde_json::to_string(&s.nations)
            .map_err(|e| StoreError::Invalid(format!("nations: {e}")))?;
        stmt.execute(named_params! {
            ":source_id": id,
            ":line": s.line as i64,
            ":date_from": s.date_from,
            ":date_to": s.date_to,
            ":place": s.place,
            ":lat": s.lat,
            ":lon": s.lon,
            ":where_prec": s.where_prec,
            ":country": s.country,
            ":belligerent": s.belligerent,
            ":nations": nations,
            ":target": s.target,
            ":munition": s.munition,
            ":strikes": s.strikes,
            ":url": s.url,
            ":text": s.text,
        })?;
    }
    Ok(id)
}

const STRIKE_COLUMNS: &str = "id, source_id, line, date_from, date_to, place, lat, lon, where_prec,
    country, belligerent, nations, target, munition, strikes, url, text";

fn strike(r: &Row<'_>) -> rusqlite::Result<StoredStrike> {
    let nations: String = r.get(11)?;
    let nations: Vec<String> = serde_json::from_str(&nations).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(11, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(StoredStrike {
        id: r.get(0)?,
        source_id: r.get(1)?,
        strike: DeclaredStrike {
            line: r.get::<_, i64>(2)?.max(0) as u64,
            date_from: r.get(3)?,
            date_to: r.get(4)?,
            place: r.get(5)?,
            lat: r.get(6)?,
            lon: r.get(7)?,
            where_prec: r.get(8)?,
            country: r.get(9)?,
            belligerent: r.get(10)?,
            nations,
            target: r.get(12)?,
            munition: r.get(13)?,
            strikes: r.get(14)?,
            url: r.get(15)?,
            text: r.get(16)?,
        },
    })
}

/// Strikes whose dates overlap `[from, to]` (days `YYYY-MM-DD`), oldest first.
pub(crate) fn between(conn: &Connection, from: &str, to: &str) -> Result<Vec<StoredStrike>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {STRIKE_COLUMNS} FROM strikes
         WHERE date_from <= ?2 AND date_to >= ?1 ORDER BY date_from, id"
    ))?;
    let rows = stmt
        .query_map([from, to], strike)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Every stored strike, by id.
pub(crate) fn all(conn: &Connection) -> Result<Vec<StoredStrike>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {STRIKE_COLUMNS} FROM strikes ORDER BY id"))?;
    let rows = stmt
        .query_map([], strike)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Every archived strike source, by id.
pub(crate) fn sources(conn: &Connection) -> Result<Vec<StrikeSourceInfo>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, sha256, size, format, source, imported_at FROM strike_sources ORDER BY id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(StrikeSourceInfo {
                id: r.get(0)?,
                sha256: r.get(1)?,
                size: r.get::<_, i64>(2)?.max(0) as u64,
                format: r.get(3)?,
                source: r.get(4)?,
                imported_at: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The raw bytes of an archived strike source.
pub(crate) fn source_raw(conn: &Connection, id: i64) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT raw FROM strike_sources WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

const ASSESSMENT_COLUMNS: &str = "id, incident_id, belligerent, status, assessment, killed_min,
    killed_max, killed_approx, injured_min, injured_max, injured_approx, reason, statement_date, url,
    statement_text, statement_sha256, account_id, entered_by, updated_at";

fn range(r: &Row<'_>, at: usize) -> rusqlite::Result<Option<Range>> {
    let min: Option<i64> = r.get(at)?;
    let max: Option<i64> = r.get(at + 1)?;
    let approx: i64 = r.get(at + 2)?;
    Ok(if min.is_none() && max.is_none() {
        None
    } else {
        Some(Range {
            min: min.map(|v| v.max(0) as u64),
            max: max.map(|v| v.max(0) as u64),
            approx: approx != 0,
        })
    })
}

fn assessment(r: &Row<'_>) -> rusqlite::Result<Assessment> {
    Ok(Assessment {
        id: r.get(0)?,
        incident_id: r.get(1)?,
        belligerent: r.get(2)?,
        status: r.get(3)?,
        assessment: r.get(4)?,
        killed: range(r, 5)?,
        injured: range(r, 8)?,
        reason: r.get(11)?,
        statement_date: r.get(12)?,
        url: r.get(13)?,
        statement_text: r.get(14)?,
        statement_sha256: r.get(15)?,
        account_id: r.get(16)?,
        entered_by: r.get(17)?,
        updated_at: r.get(18)?,
    })
}

/// The assessments of incident `id` and of every incident merged into it, by belligerent.
pub(crate) fn of_incident(conn: &Connection, id: &str) -> Result<Vec<Assessment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ASSESSMENT_COLUMNS} FROM assessments
         WHERE incident_id = ?1
            OR incident_id IN (SELECT id FROM incident_redirects WHERE target = ?1)
         ORDER BY belligerent, id"
    ))?;
    let rows = stmt
        .query_map([id], assessment)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The assessment of incident `id` by `belligerent`, if any.
pub(crate) fn get(conn: &Connection, id: &str, belligerent: &str) -> Result<Option<Assessment>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {ASSESSMENT_COLUMNS} FROM assessments
             WHERE incident_id = ?1 AND belligerent = ?2"
        ))?
        .query_row([id, belligerent], assessment)
        .optional()?)
}

/// Stores `a` (replacing the incident's assessment by the same belligerent); returns its id.
pub(crate) fn upsert(conn: &Connection, a: &Assessment, now: &str) -> Result<i64> {
    let split = |r: &Option<Range>| match r {
        Some(r) => (r.min.map(|v| v as i64), r.max.map(|v| v as i64), r.approx),
        None => (None, None, false),
    };
    let (kmin, kmax, kapprox) = split(&a.killed);
    let (imin, imax, iapprox) = split(&a.injured);
    conn.prepare_cached(
        "INSERT INTO assessments (incident_id, belligerent, status, assessment, killed_min,
             killed_max, killed_approx, injured_min, injured_max, injured_approx, reason,
             statement_date, url, statement_text, statement_sha256, account_id, entered_by,
             updated_at)
         VALUES (:incident_id, :belligerent, :status, :assessment, :kmin, :kmax, :kapprox, :imin,
             :imax, :iapprox, :reason, :statement_date, :url, :statement_text, :statement_sha256,
             :account_id, :entered_by, :now)
         ON CONFLICT (incident_id, belligerent) DO UPDATE SET
             status = excluded.status, assessment = excluded.assessment,
             killed_min = excluded.killed_min, killed_max = excluded.killed_max,
             killed_approx = excluded.killed_approx, injured_min = excluded.injured_min,
             injured_max = excluded.injured_max, injured_approx = excluded.injured_approx,
             reason = excluded.reason, statement_date = excluded.statement_date,
             url = excluded.url, statement_text = excluded.statement_text,
             statement_sha256 = excluded.statement_sha256, account_id = excluded.account_id,
             entered_by = excluded.entered_by, updated_at = excluded.updated_at",
    )?
    .execute(named_params! {
        ":incident_id": a.incident_id,
        ":belligerent": a.belligerent,
        ":status": a.status,
        ":assessment": a.assessment,
        ":kmin": kmin, ":kmax": kmax, ":kapprox": kapprox,
        ":imin": imin, ":imax": imax, ":iapprox": iapprox,
        ":reason": a.reason,
        ":statement_date": a.statement_date,
        ":url": a.url,
        ":statement_text": a.statement_text,
        ":statement_sha256": a.statement_sha256,
        ":account_id": a.account_id,
        ":entered_by": a.entered_by,
        ":now": now,
    })?;
    let id = conn
        .prepare_cached("SELECT id FROM assessments WHERE incident_id = ?1 AND belligerent = ?2")?
        .query_row([&a.incident_id, &a.belligerent], |r| r.get(0))?;
    Ok(id)
}

impl super::SqliteStore {
    /// The id of the archived strike log or release with this SHA-256, if any.
    pub fn strike_source_by_sha256(&self, sha256: &str) -> Result<Option<i64>> {
        self.named(|| source_by_sha256(&self.conn, sha256))
    }

    /// Archives a strike log or release with its strikes and an audit event (`strikes.import`), in
    /// one transaction; returns the source's id.
    pub fn insert_strikes(
        &self,
        source: &NewStrikeSource<'_>,
        strikes: &[DeclaredStrike],
    ) -> Result<i64> {
        self.named(|| {
            let tx = self.write()?;
            let now = super::now(&tx)?;
            let id = insert(&tx, source, strikes, &now)?;
            super::audit::append(
                &tx,
                &crate::types::AuditEvent {
                    actor: self.actor(),
                    action: "strikes.import".into(),
                    entity: "strike_source".into(),
                    entity_id: id.to_string(),
                    detail: Some(serde_json::json!({
                        "sha256": source.sha256,
                        "source": source.source,
                        "format": source.format,
                        "strikes": strikes.len(),
                    })),
                    before: None,
                    after: None,
                    reason: None,
                },
                &now,
            )?;
            tx.commit()?;
            Ok(id)
        })
    }

    /// Declared strikes whose dates overlap `[from, to]` (`YYYY-MM-DD`).
    pub fn strikes_between(&self, from: &str, to: &str) -> Result<Vec<StoredStrike>> {
        self.named(|| between(&self.conn, from, to))
    }

    /// Every declared strike.
    pub fn all_strikes(&self) -> Result<Vec<StoredStrike>> {
        self.named(|| all(&self.conn))
    }

    /// Every archived strike log and release.
    pub fn strike_sources(&self) -> Result<Vec<StrikeSourceInfo>> {
        self.named(|| sources(&self.conn))
    }

    /// The bytes of an archived strike log or release, exactly as imported.
    pub fn strike_source_raw(&self, id: i64) -> Result<Option<Vec<u8>>> {
        self.named(|| source_raw(&self.conn, id))
    }

    /// The assessment of incident `id` by `belligerent`, if any.
    pub fn assessment(&self, id: &str, belligerent: &str) -> Result<Option<Assessment>> {
        self.named(|| get(&self.conn, id, belligerent))
    }

    /// Stores an assessment (replacing the incident's one by the same belligerent); returns its id.
    /// The caller appends the audit event (inside [`super::SqliteStore::in_transaction`]).
    pub fn upsert_assessment(&self, a: &Assessment) -> Result<i64> {
        self.named(|| {
            let tx = self.write()?;
            let now = super::now(&tx)?;
            let id = upsert(&tx, a, &now)?;
            tx.commit()?;
            Ok(id)
        })
    }
}
