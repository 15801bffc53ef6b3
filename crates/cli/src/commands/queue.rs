//! `toll review queue`: what needs a reviewer, most useful first, each item saying why
//! (`toll_record::queue`, the same queue the API and the `/queue` page show).

use super::incidents::open_existing;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use toll_record::queue::{self, QueueFilter, ReviewQueue};

/// Arguments of `toll review queue`.
#[derive(Debug, clap::Args)]
pub struct QueueArgs {
    /// Only incidents in this country (ISO alpha-2, e.g. IQ).
    #[arg(long, value_name = "CC")]
    country: Option<String>,
    /// Only incidents dated on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Only incidents dated on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
    /// Only incidents this reviewer has decided on before (their follow-ups).
    #[arg(long, value_name = "NAME")]
    reviewer: Option<String>,
    /// Only one kind: contradiction, uncertain_link, hedged or new.
    #[arg(long, value_name = "KIND")]
    kind: Option<String>,
    /// Most items to list (at most 500).
    #[arg(long, value_name = "N", default_value_t = 50)]
    limit: usize,
    /// Print the queue as one JSON object (counts and items) instead of a table.
    #[arg(long)]
    json: bool,
}

/// Runs `toll review queue` on the database `db` (else `$TOLL_DB`, else `./toll.db`).
pub fn run(args: &QueueArgs, db: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let store = open_existing(db)?;
    let filter = QueueFilter {
        country: args.country.clone(),
        since: args.since.clone(),
        until: args.until.clone(),
        reviewer: args.reviewer.clone(),
        kind: args.kind.as_deref().map(queue::parse_kind).transpose()?,
        limit: args.limit,
    };
    let q = queue::queue(&store, &filter)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &q)?;
        writeln!(out)?;
    } else {
        write_table(&mut out, &q)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The counts, then one block per item: kind, incident, account, reason and the account's words.
fn write_table(out: &mut impl Write, q: &ReviewQueue) -> std::io::Result<()> {
    let c = &q.counts;
    writeln!(
        out,
        "queue: {} contradictions, {} uncertain links, {} hedged accounts, {} new incidents",
        c.contradiction, c.uncertain_link, c.hedged, c.new
    )?;
    for (n, item) in q.items.iter().enumerate() {
        let account = item
            .account
            .map(|a| format!(" account {a}"))
            .unwrap_or_default();
        writeln!(
            out,
            "{:>4}. {:<15} {} ({}){account}",
            n + 1,
            item.kind,
            item.incident,
            item.date.as_deref().unwrap_or("undated")
        )?;
        writeln!(out, "      why: {}", item.reason)?;
        if let Some(text) = &item.text {
            writeln!(out, "      says: {}", text.replace('\n', " "))?;
        }
    }
    Ok(())
}
