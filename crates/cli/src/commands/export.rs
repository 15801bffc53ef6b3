//! `toll export documents|accounts|incidents --format jsonl|csv|geojson`: the record, for other tools.
//!
//! CSV columns follow UCDP GED where they apply (`best`, `low`, `high`, `date_prec`, `where_prec`,
//! `latitude`, `longitude`, `country`, `number_of_sources`). An account whose own report gave no
//! date or place is exported with its incident's (`date_basis` / `place_basis` say `incident`);
//! the stored account itself is never changed.

use super::incidents::open_existing;
use super::record::incident_of;
use anyhow::Context;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use toll_link::Incident;
use toll_model::Range;
use toll_store::{AccountFilter, IncidentFilter, SqliteStore, Store};

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum What {
    /// The archived reports (metadata, hashes; not the raw bytes).
    Documents,
    /// Every current account, with its incident.
    Accounts,
    /// Every incident with its reconciled figures and grade.
    Incidents,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
    /// A GeoJSON FeatureCollection of points (accounts and incidents with coordinates).
    Geojson,
}

/// Arguments of `toll export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to export.
    #[arg(value_enum)]
    what: What,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
    format: ExportFormat,
    /// The database file [default: $TOLL_DB, else ./toll.db].
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,
}

/// Rows are read from the store this many at a time.
const PAGE: usize = 10_000;

fn columns(what: What) -> &'static [&'static str] {
    match what {
        What::Documents => &[
            "document_id",
            "doc",
            "sha256",
            "size",
            "media_type",
            "source",
            "captured_at",
            "ingested_at",
            "title",
            "outlet",
            "url",
            "published",
        ],
        What::Accounts => &[
            "account_id",
            "document_id",
            "doc",
            "incident",
            "span_start",
            "span_end",
            "killed_min",
            "killed_max",
            "killed_approx",
            "injured_min",
            "injured_max",
            "injured_approx",
            "victims",
            "scope",
            "date",
            "date_prec",
            "date_basis",
            "where_prec",
            "latitude",
            "longitude",
            "country",
            "place",
            "place_basis",
            "blamed",
            "claimed_by",
            "hedged",
            "denial",
            "status",
            "extractor_version",
            "text",
        ],
        What::Incidents => &[
            "id",
            "country",
            "date_start",
            "date_prec",
            "where_coordinates",
            "where_prec",
            "latitude",
            "longitude",
            "best",
            "low",
            "high",
            "injured_best",
            "injured_low",
            "injured_high",
            "grade",
            "grade_reason",
            "number_of_sources",
            "accounts",
            "contradictions",
            "documents",
        ],
    }
}

fn bound(r: Option<Range>, f: fn(&Range) -> Option<u64>) -> Value {
    r.as_ref().and_then(f).map_or(Value::Null, Value::from)
}

fn incident_row(i: &Incident) -> Value {
    let r = &i.reconciled;
    json!({
        "id": i.id, "country": i.country, "date_start": i.date, "date_prec": i.date_prec,
        "where_coordinates": i.place, "where_prec": i.where_prec, "latitude": i.lat,
        "longitude": i.lon, "best": r.killed.best, "low": r.killed.low, "high": r.killed.high,
        "injured_best": r.injured.best, "injured_low": r.injured.low,
        "injured_high": r.injured.high, "grade": r.grade.as_str(), "grade_reason": r.grade_reason,
        "number_of_sources": r.sources, "accounts": i.accounts,
        "contradictions": r.contradictions.len(), "documents": i.documents.join(" "),
    })
}

/// Where rows go: straight to the output, or through a CSV writer.
enum Out<W: Write> {
    Plain(W),
    Csv(Box<csv::Writer<W>>),
}

/// Writes rows (JSON objects with the `columns` keys) in the chosen format.
struct Sink<W: Write> {
    out: Out<W>,
    format: ExportFormat,
    columns: &'static [&'static str],
    features: usize,
}

impl<W: Write> Sink<W> {
    fn new(
        mut out: W,
        format: ExportFormat,
        columns: &'static [&'static str],
    ) -> anyhow::Result<Self> {
        let out = match format {
            ExportFormat::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(columns)?;
                Out::Csv(Box::new(w))
            }
            ExportFormat::Geojson => {
                out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[\n")?;
                Out::Plain(out)
            }
            ExportFormat::Jsonl => Out::Plain(out),
        };
        Ok(Sink {
            out,
            format,
            columns,
            features: 0,
        })
    }

    fn row(&mut self, row: &Value) -> anyhow::Result<()> {
        match &mut self.out {
            Out::Csv(w) => {
                let cells: Vec<String> = self
                    .columns
                    .iter()
                    .map(|c| match row.get(*c) {
                        None | Some(Value::Null) => String::new(),
                        Some(Value::String(s)) => s.clone(),
                        Some(v) => v.to_string(),
                    })
                    .collect();
                w.write_record(&cells)?;
            }
            Out::Plain(out) if self.format == ExportFormat::Jsonl => {
                serde_json::to_writer(&mut *out, row)?;
                out.write_all(b"\n")?;
            }
            Out::Plain(out) => {
                let (Some(lat), Some(lon)) = (
                    row.get("latitude").and_then(Value::as_f64),
                    row.get("longitude").and_then(Value::as_f64),
                ) else {
                    return Ok(());
                };
                if self.features > 0 {
                    out.write_all(b",\n")?;
                }
                let feature = json!({
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    "properties": row,
                });
                serde_json::to_writer(&mut *out, &feature)?;
                self.features += 1;
            }
        }
        Ok(())
    }

    fn finish(self) -> anyhow::Result<()> {
        match self.out {
            Out::Csv(mut w) => w.flush()?,
            Out::Plain(mut out) => {
                if self.format == ExportFormat::Geojson {
                    out.write_all(b"\n]}\n")?;
                }
                out.flush()?;
            }
        }
        Ok(())
    }
}

fn export_documents(store: &SqliteStore, sink: &mut Sink<impl Write>) -> anyhow::Result<usize> {
    let mut after = None;
    let mut n = 0;
    loop {
        let page = store.documents(after, PAGE)?;
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        for d in &page {
            sink.row(&json!({
                "document_id": d.id, "doc": d.meta.id, "sha256": d.sha256, "size": d.size,
                "media_type": d.media_type, "source": d.source, "captured_at": d.captured_at,
                "ingested_at": d.ingested_at, "title": d.meta.title, "outlet": d.meta.outlet,
                "url": d.meta.url, "published": d.meta.published,
            }))?;
            n += 1;
        }
    }
    Ok(n)
}

fn export_accounts(store: &SqliteStore, sink: &mut Sink<impl Write>) -> anyhow::Result<usize> {
    let mut incident_of_account: HashMap<i64, String> = HashMap::new();
    for c in store.accounts_for_linking()? {
        if let Some(id) = c.incident_id {
            incident_of_account.insert(c.account_id, id);
        }
    }
    let mut incidents: HashMap<String, Incident> = HashMap::new();
    for r in store.incidents(&IncidentFilter::default())? {
        incidents.insert(r.id.clone(), incident_of(&r)?);
    }
    let mut doc_keys: HashMap<i64, String> = HashMap::new();
    let mut after = None;
    loop {
        let page = store.documents(after, PAGE)?;
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        doc_keys.extend(page.into_iter().map(|d| (d.id, d.meta.id)));
    }
    let mut n = 0;
    let mut after = None;
    loop {
        let page = store.current_accounts(&AccountFilter {
            after,
            limit: Some(PAGE),
            ..AccountFilter::default()
        })?;
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        for s in &page {
            let a = &s.account;
            let incident_id = incident_of_account.get(&s.id);
            let incident = incident_id.and_then(|id| incidents.get(id));
            let (date, date_prec, date_basis) = match (&a.date, incident) {
                (Some(d), _) => (
                    Some(d.date.clone()),
                    Some(d.precision),
                    serde_json::to_value(d.basis)?,
                ),
                (None, Some(i)) if i.date.is_some() => {
                    (i.date.clone(), i.date_prec, Value::from("incident"))
                }
                _ => (None, None, Value::Null),
            };
            let (place, lat, lon, where_prec, country, place_basis) = match (&a.place, incident) {
                (Some(p), _) => (
                    Some(p.name.clone()),
                    Some(p.lat),
                    Some(p.lon),
                    Some(p.precision),
                    Some(p.country.clone()),
                    serde_json::to_value(p.basis)?,
                ),
                (None, Some(i)) if i.lat.is_some() => (
                    i.place.clone(),
                    i.lat,
                    i.lon,
                    i.where_prec,
                    i.country.clone(),
                    Value::from("incident"),
                ),
                _ => (None, None, None, None, None, Value::Null),
            };
            sink.row(&json!({
                "account_id": s.id, "document_id": s.document_id,
                "doc": doc_keys.get(&s.document_id), "incident": incident_id,
                "span_start": a.span.start, "span_end": a.span.end,
                "killed_min": bound(a.killed, |r| r.min), "killed_max": bound(a.killed, |r| r.max),
                "killed_approx": a.killed.map(|r| r.approx),
                "injured_min": bound(a.injured, |r| r.min),
                "injured_max": bound(a.injured, |r| r.max),
                "injured_approx": a.injured.map(|r| r.approx),
                "victims": a.victims.as_str(), "scope": a.scope.as_str(), "date": date,
                "date_prec": date_prec, "date_basis": date_basis, "where_prec": where_prec,
                "latitude": lat, "longitude": lon, "country": country, "place": place,
                "place_basis": place_basis, "blamed": a.blamed, "claimed_by": a.claimed_by,
                "hedged": a.hedged, "denial": a.denial,
                "status": s.status.as_str(),
                "extractor_version": s.extractor_version, "text": a.text,
            }))?;
            n += 1;
        }
    }
    Ok(n)
}

fn export_incidents(store: &SqliteStore, sink: &mut Sink<impl Write>) -> anyhow::Result<usize> {
    let records = store.incidents(&IncidentFilter::default())?;
    for r in &records {
        sink.row(&incident_row(&incident_of(r)?))?;
    }
    Ok(records.len())
}

/// Writes the export on stdout; the count goes to stderr.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.what == What::Documents && args.format == ExportFormat::Geojson {
        anyhow::bail!("documents have no coordinates: export them as jsonl or csv");
    }
    let store = open_existing(args.db)?;
    let stdout = std::io::stdout();
    let mut sink = Sink::new(
        BufWriter::new(stdout.lock()),
        args.format,
        columns(args.what),
    )?;
    let n = match args.what {
        What::Documents => export_documents(&store, &mut sink),
        What::Accounts => export_accounts(&store, &mut sink),
        What::Incidents => export_incidents(&store, &mut sink),
    }
    .context("exporting")?;
    sink.finish().context("writing output")?;
    eprintln!("toll: exported {n} rows");
    Ok(ExitCode::SUCCESS)
}
