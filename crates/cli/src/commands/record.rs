//! Storing incident pages ahead of reading, after `toll ingest` has linked and reconciled: the
//! page model and its cache are `toll_record::page`; this only shows progress.

use anyhow::Context;
use toll_store::Store;

/// Builds and stores the page of every incident without a current stored page
/// (`toll_record::page::store_pages`), with a progress bar on stderr. Returns how many were stored.
pub fn store_views(store: &dyn Store) -> anyhow::Result<usize> {
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {pos}/{len} incident pages {wide_bar}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let stored = toll_record::page::store_pages(store, |total, done| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })
    .context("storing incident pages")?;
    bar.finish_and_clear();
    Ok(stored)
}
