//! Linking stored accounts into incidents and keeping each incident's reconciled summary current.
//!
//! Linked accounts are put back into the linker as they are (`Linker::restore`, nothing is
//! re-linked); only the accounts not yet linked are linked, one report at a time (each link with
//! its explanation: the comparisons, their weights and the probability); incidents opened in this
//! pass then merge into the incident their evidence points to (an early split heals; a stored
//! incident is never absorbed); then the incidents touched are reconciled again and stored.

use crate::RecordError;
use std::collections::{BTreeMap, BTreeSet};
use toll_link::{Features, Incident, LinkExplanation, Linker, SourcedAccount};
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
                let features = Features::of(&c.account).from_report(c.document_id as u64);
                linker.restore(id, c.account_id as u64, &features);
            }
            None => pending.entry(c.document_id).or_default().push(c),
        }
    }
    // ids the store holds that no restored account uses (incidents left empty by reviewers,
    // merged ids that redirect) are never given to a new incident
    linker.reserve(store.taken_incident_ids()?);
    let known = linker.incidents().len();
    let mut reports: Vec<Vec<&LinkCandidate>> = pending.into_values().collect();
    reports.sort_by_key(|r| toll_link::batch::rank(r.iter().map(|c| &c.account)));
    let mut joined: Vec<(i64, usize, Option<LinkExplanation>)> = Vec::new();
    for report in &reports {
        let items: Vec<(u64, Features)> = report
            .iter()
            .map(|c| {
                let features = Features::of(&c.account).from_report(c.document_id as u64);
                (c.account_id as u64, features)
            })
            .collect();
        for (c, (idx, why)) in report.iter().zip(linker.link_report_explained(&items)) {
            joined.push((c.account_id, idx, why));
        }
    }
    // heal early splits: an incident opened in this pass merges into the one its evidence now
    // points to (a stored incident keeps its id and is never absorbed)
    let mut merged_why: BTreeMap<usize, LinkExplanation> = BTreeMap::new();
    for (absorbed, _, why) in linker.merge_candidates_explained() {
        merged_why.insert(absorbed, why);
    }
    linker.assign_ids();
    let incidents = linker.incidents();
    let mut links: Vec<(i64, String)> = Vec::with_capacity(joined.len());
    let mut explanations: Vec<(i64, String, String)> = Vec::new();
    for (account, idx, why) in joined {
        let final_idx = linker.resolve(idx);
        let Some(id) = incidents[final_idx].id.clone() else {
            continue;
        };
        // an account that opened an incident later merged is explained by the merge
        let why = why.or_else(|| merged_why.get(&idx).cloned());
        if let Some(why) = why {
            let json = serde_json::to_string(&why).map_err(|source| RecordError::Summary {
                id: id.clone(),
                source,
            })?;
            explanations.push((account, id.clone(), json));
        }
        links.push((account, id));
    }
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
                outlets: &[],
                account: &c.account,
            })
            .collect();
        first.push(record_of(&toll_link::summarize(id, &sourced))?);
    }
    store.upsert_incidents(&first)?;
    store.save_links(&links)?;
    store.save_link_explanations(&explanations)?;
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
///
/// Each report counts as a source once per distinct outlet it was seen in (its sightings). A date,
/// place or grade a reviewer set ([`crate::review`]) replaces what the accounts give.
pub fn summarize_stored(store: &dyn Store, id: &str) -> Result<IncidentRecord, RecordError> {
    let members = store.incident_accounts(id)?;
    let mut outlets: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for (doc, outlet) in store.incident_outlets(id)? {
        outlets.entry(doc).or_default().push(outlet);
    }
    let sourced: Vec<SourcedAccount<'_>> = members
        .iter()
        .map(|m| SourcedAccount {
            doc: &m.meta.id,
            outlet: m.meta.outlet.as_deref(),
            outlets: outlets
                .get(&m.account.document_id)
                .map_or(&[][..], Vec::as_slice),
            account: &m.account.account,
        })
        .collect();
    let mut incident = toll_link::summarize(id, &sourced);
    // what belligerents concede in their own assessments stands beside the independent figures
    crate::assessments::apply(&mut incident, &store.incident_assessments(id)?);
    // what reviewers decided (a pinned date and place, a grade) outlasts every reconciliation
    crate::review::apply_review(&mut incident, &store.incident_review(id)?)?;
    record_of(&incident)
}

/// Reconciles again, and stores, every incident an account of these documents is linked to (after
/// new sightings of them: a new outlet is a new source). Returns how many incidents were updated.
pub fn refresh_documents(store: &dyn Store, documents: &[i64]) -> Result<usize, RecordError> {
    let mut ids: BTreeSet<String> = BTreeSet::new();
    for &doc in documents {
        ids.extend(store.links_of_document(doc)?.into_iter().map(|(_, id)| id));
    }
    let mut records = Vec::with_capacity(ids.len());
    for id in &ids {
        records.push(summarize_stored(store, id)?);
    }
    store.upsert_incidents(&records)?;
    Ok(records.len())
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

/// The incident stored record `record` of `store` summarizes; a summary that does not decode is
/// damage of the store's database ([`Store::damaged`], naming its file).
pub fn stored_incident(
    store: &dyn Store,
    record: &IncidentRecord,
) -> Result<Incident, RecordError> {
    incident_of(record).map_err(|e| RecordError::Store(store.damaged(e.to_string())))
}

/// The incident a stored record summarizes.
pub fn incident_of(record: &IncidentRecord) -> Result<Incident, RecordError> {
    serde_json::from_str(&record.summary_json).map_err(|source| RecordError::Summary {
        id: record.id.clone(),
        source,
    })
}
