//! Writing an `Account` as a row (the full account as JSON plus queryable columns) and reading it back.

use crate::error::{Result, StoreError};
use crate::types::{AccountId, AccountStatus, DocumentId, StoredAccount};
use rusqlite::{named_params, Connection, Row};
use toll_model::Account;

/// Columns to select for `from_row`, with the accounts table as `a`: a reviewer's version of the
/// account, when there is one, stands for it (the machine's stays in `a.account`).
pub(crate) const COLUMNS: &str =
    "a.id, a.document_id, a.extractor_version, a.status, coalesce(a.reviewed, a.account)";

/// A figure as a queryable integer: exact up to `i64::MAX`, clamped above (the JSON keeps the exact value).
fn int(n: Option<u64>) -> Option<i64> {
    n.map(|n| i64::try_from(n).unwrap_or(i64::MAX))
}

/// Checks that an account's span lies inside the document's text, on character boundaries.
pub(crate) fn check_span(account: &Account, text: &str) -> Result<()> {
    let (start, end) = (account.span.start, account.span.end);
    if start > end || text.get(start..end).is_none() {
        return Err(StoreError::Invalid(format!(
            "account span {start}..{end} is not inside the document's text of {} bytes",
            text.len()
        )));
    }
    Ok(())
}

/// Inserts one account; returns its id.
pub(crate) fn insert(
    conn: &Connection,
    document_id: DocumentId,
    run_id: Option<i64>,
    extractor_version: &str,
    status: AccountStatus,
    account: &Account,
    now: &str,
) -> Result<AccountId> {
    let json = serde_json::to_string(account)
        .map_err(|e| StoreError::Invalid(format!("account cannot be encoded as JSON: {e}")))?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO accounts (document_id, run_id, extractor_version, status, span_start, span_end,
            text, killed_min, killed_max, killed_approx, injured_min, injured_max, injured_approx,
            casualties_ambiguous, victims, scope, date, date_prec, lat, lon, where_prec, country,
            place, blamed, claimed_by, hedged, denial, account, created_at)
         VALUES (:document_id, :run_id, :extractor_version, :status, :span_start, :span_end,
            :text, :killed_min, :killed_max, :killed_approx, :injured_min, :injured_max,
            :injured_approx, :casualties_ambiguous, :victims, :scope, :date, :date_prec, :lat, :lon,
            :where_prec, :country, :place, :blamed, :claimed_by, :hedged, :denial, :account, :now)",
    )?;
    let span_start = i64::try_from(account.span.start)
        .map_err(|_| StoreError::Invalid("account span start is too large".into()))?;
    let span_end = i64::try_from(account.span.end)
        .map_err(|_| StoreError::Invalid("account span end is too large".into()))?;
    stmt.execute(named_params! {
        ":document_id": document_id,
        ":run_id": run_id,
        ":extractor_version": extractor_version,
        ":status": status.as_str(),
        ":span_start": span_start,
        ":span_end": span_end,
        ":text": account.text,
        ":killed_min": int(account.killed.and_then(|r| r.min)),
        ":killed_max": int(account.killed.and_then(|r| r.max)),
        ":killed_approx": account.killed.map(|r| r.approx),
        ":injured_min": int(account.injured.and_then(|r| r.min)),
        ":injured_max": int(account.injured.and_then(|r| r.max)),
        ":injured_approx": account.injured.map(|r| r.approx),
        ":casualties_ambiguous": account.casualties_ambiguous,
        ":victims": account.victims.as_str(),
        ":scope": account.scope.as_str(),
        ":date": account.date.as_ref().map(|d| d.date.as_str()),
        ":date_prec": account.date.as_ref().map(|d| d.precision),
        ":lat": account.place.as_ref().map(|p| p.lat).filter(|v| v.is_finite()),
        ":lon": account.place.as_ref().map(|p| p.lon).filter(|v| v.is_finite()),
        ":where_prec": account.place.as_ref().map(|p| p.precision),
        ":country": account.place.as_ref().map(|p| p.country.as_str()),
        ":place": account.place.as_ref().map(|p| p.name.as_str()),
        ":blamed": account.blamed,
        ":claimed_by": account.claimed_by,
        ":hedged": account.hedged,
        ":denial": account.denial,
        ":account": json,
        ":now": now,
    })?;
    Ok(conn.last_insert_rowid())
}

/// Reads a row selected with `COLUMNS` (at `offset`) back into a `StoredAccount`.
pub(crate) fn from_row(row: &Row<'_>, offset: usize) -> rusqlite::Result<Result<StoredAccount>> {
    let id: AccountId = row.get(offset)?;
    let document_id: DocumentId = row.get(offset + 1)?;
    let extractor_version: String = row.get(offset + 2)?;
    let status: String = row.get(offset + 3)?;
    let json: String = row.get(offset + 4)?;
    Ok(decode(id, document_id, extractor_version, &status, &json))
}

fn decode(
    id: AccountId,
    document_id: DocumentId,
    extractor_version: String,
    status: &str,
    json: &str,
) -> Result<StoredAccount> {
    let status = AccountStatus::parse(status)
        .ok_or_else(|| StoreError::Corrupt(format!("account {id} has status {status:?}")))?;
    let account: Account = serde_json::from_str(json)
        .map_err(|e| StoreError::Corrupt(format!("account {id}: {e}")))?;
    Ok(StoredAccount {
        id,
        document_id,
        extractor_version,
        status,
        account,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use toll_model::Span;

    #[test]
    fn figures_clamp_and_spans_are_checked() {
        assert_eq!(int(Some(u64::MAX)), Some(i64::MAX));
        assert_eq!(int(Some(23)), Some(23));
        let a = Account {
            span: Span::new(0, 4),
            text: "Mosu".into(),
            killed: None,
            injured: None,
            casualties_ambiguous: false,
            victims: toll_model::Victims::Unspecified,
            scope: toll_model::Scope::Incident,
            blamed: None,
            claimed_by: None,
            hedged: false,
            denial: false,
            date: None,
            month_day: None,
            window: Default::default(),
            period: None,
            place: None,
            place_names: Vec::new(),
        };
        assert!(check_span(&a, "Mosul").is_ok());
        assert!(check_span(&a, "Mos").is_err());
        assert!(check_span(&a, "Mo—").is_err(), "not on a char boundary");
        assert!(decode(1, 1, "v".into(), "weird", "{}").is_err());
        assert!(decode(1, 1, "v".into(), "machine", "{").is_err());
    }
}
