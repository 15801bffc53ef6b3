//! The review queue's reads: incidents and accounts that need a person, by kind, each kind read
//! through an index of its own (schema v12) so that a queue of a 100k-incident record is read in
//! milliseconds. The record layer (`toll_record::queue`) words the reasons and orders the kinds.

use crate::error::Result;
use crate::types::{IncidentFilter, QueueKind, QueueRow, QueueScope};
use rusqlite::types::Value;
use rusqlite::{Connection, Row};

/// The incident a reviewer decision names: the incident itself, or the one an account decision's
/// detail gives (`{"incident": …}`).
const DECIDED_INCIDENT: &str =
    "CASE entity WHEN 'incident' THEN entity_id ELSE json_extract(detail, '$.incident') END";

/// Incidents some reviewer (or `reviewer`) has decided on: every `review.*` audit event's incident.
pub(crate) fn reviewed_incidents(conn: &Connection, reviewer: Option<&str>) -> Result<Vec<String>> {
    let sql = format!(
        "SELECT DISTINCT {DECIDED_INCIDENT} FROM audit_log
         WHERE substr(action, 1, 7) = 'review.' AND (?1 IS NULL OR actor = ?1)"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([reviewer], |r| r.get::<_, Option<String>>(0))?;
    let mut out = Vec::new();
    for r in rows {
        if let Some(id) = r? {
            out.push(id);
        }
    }
    Ok(out)
}

/// The conditions on incident `i` a scope sets, with their bound values.
struct Conditions {
    sql: Vec<String>,
    args: Vec<(&'static str, Value)>,
}

fn conditions(conn: &Connection, kind: QueueKind, scope: &QueueScope) -> Result<Conditions> {
    let mut c = Conditions {
        sql: Vec::new(),
        args: Vec::new(),
    };
    let IncidentFilter { country, from, to } = &scope.filter;
    if let Some(v) = country {
        c.sql.push("i.country = :country".into());
        c.args.push((":country", Value::Text(v.clone())));
    }
    if let Some(v) = from {
        c.sql.push("i.date >= :from".into());
        c.args.push((":from", Value::Text(v.clone())));
    }
    if let Some(v) = to {
        c.sql.push("i.date <= :to".into());
        c.args.push((":to", Value::Text(v.clone())));
    }
    if let Some(reviewer) = &scope.reviewer {
        let mine = reviewed_incidents(conn, Some(reviewer))?;
        c.sql
            .push("i.id IN (SELECT value FROM json_each(:mine))".into());
        c.args.push((":mine", Value::Text(json_list(&mine))));
    }
    if kind == QueueKind::New {
        let reviewed = reviewed_incidents(conn, None)?;
        if !reviewed.is_empty() {
            c.sql
                .push("i.id NOT IN (SELECT value FROM json_each(:reviewed))".into());
            c.args
                .push((":reviewed", Value::Text(json_list(&reviewed))));
        }
    }
    Ok(c)
}

fn json_list(ids: &[String]) -> String {
    serde_json::to_string(ids).unwrap_or_else(|_| "[]".into())
}

/// The FROM, WHERE and ORDER BY of one kind's rows (the incident is `i`, an account `a`, a link
/// explanation `e`). Each is written so that SQLite walks the kind's own index (schema v12) and
/// stops at the limit: `CROSS JOIN` fixes the join order, `INDEXED BY` probes a partial index.
fn from_where(kind: QueueKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        // contradictions the reviewer has not settled by grading the incident, the largest tolls
        // first: incidents in toll order, each probed in the partial index of contradicted summaries
        QueueKind::Contradiction => (
            "incidents i LEFT JOIN incident_reviews r ON r.incident_id = i.id",
            "EXISTS (SELECT 1 FROM incident_summaries s INDEXED BY incident_summaries_contradicted
                     WHERE s.incident_id = i.id
                       AND json_array_length(s.summary, '$.reconciled.contradictions') > 0)
             AND r.grade IS NULL",
            "i.killed_best DESC, i.id",
        ),
        // machine links below the bound, of accounts nobody has decided on
        QueueKind::UncertainLink => (
            "link_explanations e CROSS JOIN account_incidents l CROSS JOIN accounts a
             CROSS JOIN incidents i",
            "json_extract(e.explanation, '$.probability') < :below
             AND l.account_id = e.account_id AND l.incident_id = e.incident_id AND l.method = 'auto'
             AND a.id = e.account_id AND a.superseded_at IS NULL AND a.status = 'machine'
             AND i.id = e.incident_id",
            "json_extract(e.explanation, '$.probability'), e.account_id",
        ),
        // accounts whose figure the text hedges or blurs, nobody has decided on
        QueueKind::Hedged => (
            "accounts a
             JOIN account_incidents l ON l.account_id = a.id
             JOIN incidents i ON i.id = l.incident_id",
            "a.superseded_at IS NULL AND a.status = 'machine'
             AND (a.hedged = 1 OR a.killed_approx = 1 OR a.injured_approx = 1 OR a.casualties_ambiguous = 1)",
            "coalesce(a.killed_max, a.killed_min, a.injured_max, a.injured_min, 0) DESC, a.id",
        ),
        // incidents nobody has decided anything on, the largest tolls first
        QueueKind::New => ("incidents i", "1", "i.killed_best DESC, i.id"),
    }
}

/// The FROM and WHERE of one kind's count: as [`from_where`], except that contradictions are
/// counted from their partial index (every entry is read anyway).
fn count_from_where(kind: QueueKind) -> (&'static str, &'static str) {
    match kind {
        QueueKind::Contradiction => (
            "incident_summaries s JOIN incidents i ON i.id = s.incident_id
             LEFT JOIN incident_reviews r ON r.incident_id = i.id",
            "json_array_length(s.summary, '$.reconciled.contradictions') > 0 AND r.grade IS NULL",
        ),
        kind => {
            let (from, cond, _) = from_where(kind);
            (from, cond)
        }
    }
}

/// The columns every row reads: the incident's, then the account's (null for incident kinds).
fn columns(kind: QueueKind) -> &'static str {
    match kind {
        QueueKind::Contradiction => {
            "i.id, i.country, i.date, i.place, i.killed_best, i.killed_high, i.grade,
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             (SELECT json_extract(s.summary, '$.reconciled.contradictions')
              FROM incident_summaries s WHERE s.incident_id = i.id)"
        }
        QueueKind::UncertainLink => {
            "i.id, i.country, i.date, i.place, i.killed_best, i.killed_high, i.grade,
             a.id, a.text, a.hedged, a.killed_approx, a.injured_approx, a.casualties_ambiguous,
             json_extract(e.explanation, '$.probability'), json_extract(e.explanation, '$.threshold'),
             a.document_id, NULL"
        }
        QueueKind::Hedged => {
            "i.id, i.country, i.date, i.place, i.killed_best, i.killed_high, i.grade,
             a.id, a.text, a.hedged, a.killed_approx, a.injured_approx, a.casualties_ambiguous,
             NULL, NULL, a.document_id, NULL"
        }
        QueueKind::New => {
            "i.id, i.country, i.date, i.place, i.killed_best, i.killed_high, i.grade,
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL"
        }
    }
}

fn unclamp(n: Option<i64>) -> Option<u64> {
    n.and_then(|n| u64::try_from(n).ok())
}

fn queue_row(kind: QueueKind, r: &Row<'_>) -> rusqlite::Result<QueueRow> {
    let flag = |i: usize| -> rusqlite::Result<bool> { Ok(r.get::<_, Option<i64>>(i)? == Some(1)) };
    Ok(QueueRow {
        kind,
        incident: r.get(0)?,
        country: r.get(1)?,
        date: r.get(2)?,
        place: r.get(3)?,
        killed_best: unclamp(r.get(4)?),
        killed_high: unclamp(r.get(5)?),
        grade: r.get(6)?,
        account: r.get(7)?,
        account_text: r.get(8)?,
        hedged: flag(9)?,
        killed_approx: flag(10)?,
        injured_approx: flag(11)?,
        casualties_ambiguous: flag(12)?,
        probability: r.get(13)?,
        threshold: r.get(14)?,
        document: r.get(15)?,
        contradictions: r.get(16)?,
    })
}

/// Up to `limit` rows of one kind in `scope`, most useful first (see [`from_where`]).
pub(crate) fn rows(
    conn: &Connection,
    kind: QueueKind,
    scope: &QueueScope,
    limit: usize,
) -> Result<Vec<QueueRow>> {
    let c = conditions(conn, kind, scope)?;
    let (from, base, order) = from_where(kind);
    let mut cond = vec![base.to_string()];
    cond.extend(c.sql);
    let sql = format!(
        "SELECT {} FROM {from} WHERE {} ORDER BY {order} LIMIT :limit",
        columns(kind),
        cond.join(" AND ")
    );
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let below = Value::Real(scope.below);
    let mut params: Vec<(&str, &dyn rusqlite::ToSql)> = c
        .args
        .iter()
        .map(|(k, v)| (*k, v as &dyn rusqlite::ToSql))
        .collect();
    params.push((":limit", &limit));
    if kind == QueueKind::UncertainLink {
        params.push((":below", &below));
    }
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params.as_slice(), |r| queue_row(kind, r))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// How many rows of one kind `scope` holds.
pub(crate) fn count(conn: &Connection, kind: QueueKind, scope: &QueueScope) -> Result<u64> {
    let c = conditions(conn, kind, scope)?;
    let (from, base) = count_from_where(kind);
    let mut cond = vec![base.to_string()];
    cond.extend(c.sql);
    let sql = format!("SELECT count(*) FROM {from} WHERE {}", cond.join(" AND "));
    let below = Value::Real(scope.below);
    let mut params: Vec<(&str, &dyn rusqlite::ToSql)> = c
        .args
        .iter()
        .map(|(k, v)| (*k, v as &dyn rusqlite::ToSql))
        .collect();
    if kind == QueueKind::UncertainLink {
        params.push((":below", &below));
    }
    let n: i64 = conn
        .prepare_cached(&sql)?
        .query_row(params.as_slice(), |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}
