//! Linking stored accounts into incidents and keeping each incident's reconciled summary current.
//!
//! Linked accounts are put back into the linker as they are (`Linker::restore`, nothing is
//! re-linked); only the accounts not yet linked are linked, one report at a time; then the
//! incidents they joined or opened are reconciled again and stored.

use crate::RecordError;
use std::collections::{BTreeMap, BTreeSet};
use toll_link::{Features, Incident, Linker, SourcedAccount};
use toll_model::Scope;
use toll_store::{IncidentFacts, IncidentRecord, LinkCandidate, Store};

/// What one linking pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct LinkSummary {
    /// Accounts linked in this pass.
    pub linked: usize,
    /// Incidents opened in this pass.
    pub opened: usize,
    /// Incidents whose summary was recomputed.
    pub updated: usize,
}

/// Links every current incident account that has no incident yet, and stores the links and the
/// summaries of the incidents they touch.
pub fn link_new(store: &dyn Store) -> Result<LinkSummary, RecordError> {
    let candidates = store.accounts_for_linking()?;
    let mut linker = Linker::new();
    let mut pending: BTreeMap<i64, Vec<&LinkCandidate>> = BTreeMap::new();
    for c in &candidates {
        if c.account.scope != Scope::Incident {
            continue;
        }
        match &c.incident_id {
            Some(id) => {
                linker.restore(id, c.account_id as u64, &Features::of(&c.account));
            }
            None => pending.entry(c.document_id).or_default().push(c),
        }
    }
    let known = linker.incidents().len();
    let mut reports: Vec<Vec<&LinkCandidate>> = pending.into_values().collect();
    reports.sort_by_key(|r| toll_link::batch::rank(r.iter().map(|c| &c.account)));
    let mut joined: Vec<(i64, usize)> = Vec::new();
    for report in &reports {
        let items: Vec<(u64, Features)> = report
            .iter()
            .map(|c| (c.account_id as u64, Features::of(&c.account)))
            .collect();
        for (c, idx) in report.iter().zip(linker.link_report(&items)) {
            joined.push((c.account_id, idx));
        }
    }
    linker.assign_ids();
    let incidents = linker.incidents();
    let links: Vec<(i64, String)> = joined
        .iter()
        .filter_map(|(a, idx)| incidents[*idx].id.clone().map(|id| (*a, id)))
        .collect();
    let touched: BTreeSet<&str> = links.iter().map(|(_, id)| id.as_str()).collect();
    // links need their incidents to exist: first a summary from the accounts at hand (report ids
    // stand in for outlets), then, once linked, the full one from the store
    let by_id: BTreeMap<&str, usize> = incidents
        .iter()
        .enumerate()
        .filter_map(|(i, inc)| inc.id.as_deref().map(|id| (id, i)))
        .collect();
    let by_account: BTreeMap<u64, &LinkCandidate> = candidates
        .iter()
        .map(|c| (c.account_id as u64, c))
        .collect();
    let mut first = Vec::with_capacity(touched.len());
    for id in &touched {
        let Some(&idx) = by_id.get(id) else { continue };
        let sourced: Vec<SourcedAccount<'_>> = incidents[idx]
            .summary
            .members
            .iter()
            .filter_map(|k| by_account.get(k))
            .map(|c| SourcedAccount {
                doc: &c.doc_key,
                outlet: None,
                account: &c.account,
            })
            .collect();
        first.push(record_of(&toll_link::summarize(id, &sourced))?);
    }
    store.upsert_incidents(&first)?;
    store.save_links(&links)?;
    let mut records = Vec::with_capacity(touched.len());
    for id in &touched {
        records.push(summarize_stored(store, id)?);
    }
    store.upsert_incidents(&records)?;
    Ok(LinkSummary {
        linked: links.len(),
        opened: incidents.len() - known,
        updated: records.len(),
    })
}

/// Reconciles stored incident `id` from its accounts.
pub fn summarize_stored(store: &dyn Store, id: &str) -> Result<IncidentRecord, RecordError> {
    let members = store.incident_accounts(id)?;
    let sourced: Vec<SourcedAccount<'_>> = members
        .iter()
        .map(|m| SourcedAccount {
            doc: &m.meta.id,
            outlet: m.meta.outlet.as_deref(),
            account: &m.account.account,
        })
        .collect();
    record_of(&toll_link::summarize(id, &sourced))
}

/// The stored form of an incident.
pub fn record_of(incident: &Incident) -> Result<IncidentRecord, RecordError> {
    Ok(IncidentRecord {
        id: incident.id.clone(),
        country: incident.country.clone(),
        date: incident.date.clone(),
        date_prec: incident.date_prec,
        lat: incident.lat,
        lon: incident.lon,
        where_prec: incident.where_prec,
        place: incident.place.clone(),
        facts: IncidentFacts {
            killed_low: incident.reconciled.killed.low,
            killed_best: incident.reconciled.killed.best,
            killed_high: incident.reconciled.killed.high,
            injured_best: incident.reconciled.injured.best,
            grade: Some(incident.reconciled.grade.as_str().to_string()),
            accounts: incident.accounts as u64,
            sources: incident.reconciled.sources as u64,
        },
        summary_json: serde_json::to_string(incident).map_err(|source| RecordError::Summary {
            id: incident.id.clone(),
            source,
        })?,
    })
}

/// The incident a stored record summarizes.
pub fn incident_of(record: &IncidentRecord) -> Result<Incident, RecordError> {
    serde_json::from_str(&record.summary_json).map_err(|source| RecordError::Summary {
        id: record.id.clone(),
        source,
    })
}
