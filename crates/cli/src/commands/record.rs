//! Storing incident pages ahead of reading, after `toll ingest` has linked and reconciled
//! (`toll_record`). The page model lives in `toll_server::view`.

use anyhow::Context;
use toll_store::Store;

/// Incident pages built and stored per write transaction.
const VIEWS_PER_WRITE: usize = 500;

/// Builds and stores the page of every incident that has no current stored page (new or changed
/// incidents, and all of them after the page format changed), so that the server sends pages
/// instead of building them per request. Returns how many were stored.
pub fn store_views(store: &dyn Store) -> anyhow::Result<usize> {
    let version = toll_server::view::VIEW_VERSION;
    let ids = store
        .incidents_without_view(version)
        .context("finding incidents without a stored page")?;
    let bar = indicatif::ProgressBar::new(ids.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {pos}/{len} incident pages {wide_bar}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut stored = 0;
    for chunk in ids.chunks(VIEWS_PER_WRITE) {
        let views =
            toll_server::view::build_views(store, chunk).context("building incident pages")?;
        store
            .save_incident_views(version, &views)
            .context("storing incident pages")?;
        stored += views.len();
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    Ok(stored)
}
