//! `toll export documents|accounts|incidents --format jsonl|csv|geojson`: the record, for other tools.
//!
//! CSV columns follow UCDP GED where they apply (`best`, `low`, `high`, `date_prec`, `where_prec`,
//! `latitude`, `longitude`, `country`, `number_of_sources`). An account whose own report gave no
//! date or place is exported with its incident's (`date_basis` / `place_basis` say `incident`);
//! the stored account itself is never changed.

use super::incidents::open_existing;
use anyhow::Context;
use serde_json::{json, Value};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use toll_link::Incident;
use toll_model::Range;
use toll_record::stored_incident;
use toll_store::{IncidentFilter, SqliteStore, Store};

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
            "lang",
            "sightings",
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
            let sightings: Vec<Value> = store
                .sightings(d.id)?
                .into_iter()
                .map(|s| {
                    json!({"source": s.source, "outlet": s.outlet, "url": s.url,
                           "published": s.published, "seen_at": s.seen_at})
                })
                .collect();
            sink.row(&json!({
                "document_id": d.id, "doc": d.meta.id, "sha256": d.sha256, "size": d.size,
                "media_type": d.media_type, "source": d.source, "captured_at": d.captured_at,
                "ingested_at": d.ingested_at, "title": d.meta.title, "outlet": d.meta.outlet,
                "url": d.meta.url, "published": d.meta.published, "lang": d.meta.lang,
                "sightings": sightings,
            }))?;
            n += 1;
        }
    }
    Ok(n)
}

fn export_accounts(store: &SqliteStore, sink: &mut Sink<impl Write>) -> anyhow::Result<usize> {
    let mut failed: Option<anyhow::Error> = None;
    let n = toll_record::for_each_account(store, |r| {
        if failed.is_some() {
            return Ok(());
        }
        let a = &r.account;
        let basis = |v: Result<Value, serde_json::Error>| v.unwrap_or(Value::Null);
        let row = json!({
            "account_id": r.id, "document_id": r.document_id,
            "doc": r.doc, "incident": r.incident,
            "span_start": a.span.start, "span_end": a.span.end,
            "killed_min": bound(a.killed, |r| r.min), "killed_max": bound(a.killed, |r| r.max),
            "killed_approx": a.killed.map(|r| r.approx),
            "injured_min": bound(a.injured, |r| r.min),
            "injured_max": bound(a.injured, |r| r.max),
            "injured_approx": a.injured.map(|r| r.approx),
            "victims": a.victims.as_str(), "scope": a.scope.as_str(),
            "date": a.date.as_ref().map(|d| d.date.clone()),
            "date_prec": a.date.as_ref().map(|d| d.precision),
            "date_basis": a.date.as_ref().map(|d| basis(serde_json::to_value(d.basis))),
            "date_earliest": a.window.earliest, "date_latest": a.window.latest,
            "period": a.period,
            "where_prec": a.place.as_ref().map(|p| p.precision),
            "latitude": a.place.as_ref().map(|p| p.lat),
            "longitude": a.place.as_ref().map(|p| p.lon),
            "country": a.place.as_ref().map(|p| p.country.clone()),
            "place": a.place.as_ref().map(|p| p.name.clone()),
            "place_basis": a.place.as_ref().map(|p| basis(serde_json::to_value(p.basis))),
            "blamed": a.blamed, "claimed_by": a.claimed_by,
            "hedged": a.hedged, "denial": a.denial,
            "status": r.status.as_str(),
            "extractor_version": r.extractor_version, "text": a.text,
        });
        if let Err(e) = sink.row(&row) {
            failed = Some(e);
        }
        Ok(())
    })?;
    match failed {
        Some(e) => Err(e),
        None => Ok(n),
    }
}

fn export_incidents(store: &SqliteStore, sink: &mut Sink<impl Write>) -> anyhow::Result<usize> {
    let records = store.incidents(&IncidentFilter::default())?;
    for r in &records {
        sink.row(&incident_row(&stored_incident(store, r)?))?;
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
