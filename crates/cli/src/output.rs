//! Printing accounts: a readable table per report, or JSON lines in the
//! prediction format of the evaluation (plus Toll's richer fields).

use serde::Serialize;
use std::io::{self, Write};
use toll_model::{Account, Range, Report};

/// Output formats of `toll analyze`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A readable table per report.
    Text,
    /// One JSON object per account.
    Jsonl,
}

/// One account as a JSON line.
#[derive(Debug, Serialize)]
struct AccountLine<'a> {
    doc: &'a str,
    span: [usize; 2],
    killed: Option<Range>,
    injured: Option<Range>,
    victims: &'static str,
    scope: &'static str,
    incident: Option<String>,
    date: Option<&'a str>,
    date_prec: Option<u8>,
    date_basis: Option<toll_model::DateBasis>,
    date_phrase: Option<&'a str>,
    month_day: Option<String>,
    date_earliest: Option<&'a str>,
    date_latest: Option<&'a str>,
    period: Option<&'a str>,
    lat: Option<f64>,
    lon: Option<f64>,
    place: Option<&'a str>,
    place_matched: Option<&'a str>,
    where_prec: Option<u8>,
    country: Option<&'a str>,
    place_names: &'a [String],
    text: &'a str,
    blamed: Option<&'a str>,
    claimed_by: Option<&'a str>,
    hedged: bool,
    denial: bool,
    casualties_ambiguous: bool,
    extractor: &'static str,
}

/// A range as the tables show it: `23`, `≥23`, `≤41`, `23–41`, `~` when approximate, `-` when absent.
pub fn show_range(r: Option<Range>) -> String {
    match r {
        None => "-".to_string(),
        Some(r) => {
            let body = match (r.min, r.max) {
                (Some(a), Some(b)) if a == b => a.to_string(),
                (Some(a), Some(b)) => format!("{a}–{b}"),
                (Some(a), None) => format!("≥{a}"),
                (None, Some(b)) => format!("≤{b}"),
                (None, None) => "?".to_string(),
            };
            if r.approx {
                format!("~{body}")
            } else {
                body
            }
        }
    }
}

fn show_date(a: &Account) -> String {
    match (&a.date, &a.month_day) {
        (Some(d), _) => {
            let basis = serde_json::to_value(d.basis)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            format!("{} (date_prec {}, {basis})", d.date, d.precision)
        }
        (None, Some(md)) => format!("????-{:02}-{:02} (year unknown)", md.month, md.day),
        (None, None) => "-".to_string(),
    }
}

fn show_place(a: &Account) -> String {
    match &a.place {
        Some(p) => format!(
            "{} [{}] {:.3},{:.3} (where_prec {})",
            p.name, p.country, p.lat, p.lon, p.precision
        ),
        None => "-".to_string(),
    }
}

/// `s` on one line, cut to `n` characters with an ellipsis.
pub fn clip(s: &str, n: usize) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= n {
        one_line
    } else {
        let cut: String = one_line.chars().take(n.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// Writes one report's accounts in `format`.
pub fn write_report(
    out: &mut impl Write,
    format: Format,
    report: &Report,
    accounts: &[Account],
    incidents: &[Option<String>],
) -> io::Result<()> {
    let incident_of = |i: usize| incidents.get(i).cloned().flatten();
    match format {
        Format::Jsonl => {
            for (i, a) in accounts.iter().enumerate() {
                let line = AccountLine {
                    doc: &report.meta.id,
                    span: [a.span.start, a.span.end],
                    killed: a.killed,
                    injured: a.injured,
                    victims: a.victims.as_str(),
                    scope: a.scope.as_str(),
                    incident: incident_of(i),
                    date: a.date.as_ref().map(|d| d.date.as_str()),
                    date_prec: a.date.as_ref().map(|d| d.precision),
                    date_basis: a.date.as_ref().map(|d| d.basis),
                    date_phrase: a.date.as_ref().and_then(|d| d.phrase.as_deref()),
                    month_day: a
                        .month_day
                        .map(|md| format!("{:02}-{:02}", md.month, md.day)),
                    date_earliest: a.window.earliest.as_deref(),
                    date_latest: a.window.latest.as_deref(),
                    period: a.period.as_deref(),
                    lat: a.place.as_ref().map(|p| p.lat),
                    lon: a.place.as_ref().map(|p| p.lon),
                    place: a.place.as_ref().map(|p| p.name.as_str()),
                    place_matched: a.place.as_ref().map(|p| p.matched.as_str()),
                    where_prec: a.place.as_ref().map(|p| p.precision),
                    country: a.place.as_ref().map(|p| p.country.as_str()),
                    place_names: &a.place_names,
                    text: &a.text,
                    blamed: a.blamed.as_deref(),
                    claimed_by: a.claimed_by.as_deref(),
                    hedged: a.hedged,
                    denial: a.denial,
                    casualties_ambiguous: a.casualties_ambiguous,
                    extractor: toll_extract::EXTRACTOR_VERSION,
                };
                serde_json::to_writer(&mut *out, &line).map_err(io::Error::other)?;
                out.write_all(b"\n")?;
            }
        }
        Format::Text => {
            let title = report.meta.title.as_deref().unwrap_or("");
            writeln!(
                out,
                "== {} {}  ({} accounts)",
                report.meta.id,
                clip(title, 70),
                accounts.len()
            )?;
            if accounts.is_empty() {
                writeln!(out)?;
                return Ok(());
            }
            writeln!(
                out,
                "  {:<9} {:<9} {:<11} {:<9} {:<24} {:<22} statement",
                "killed", "injured", "victims", "scope", "blamed", "claimed by"
            )?;
            for (i, a) in accounts.iter().enumerate() {
                let flags = format!(
                    "{}{}{}",
                    if a.hedged { " [hedged]" } else { "" },
                    if a.denial { " [denial]" } else { "" },
                    if a.casualties_ambiguous {
                        " [casualties]"
                    } else {
                        ""
                    }
                );
                writeln!(
                    out,
                    "  {:<9} {:<9} {:<11} {:<9} {:<24} {:<22} \"{}\" @{}..{}{}",
                    show_range(a.killed),
                    show_range(a.injured),
                    a.victims.as_str(),
                    a.scope.as_str(),
                    clip(a.blamed.as_deref().unwrap_or("-"), 24),
                    clip(a.claimed_by.as_deref().unwrap_or("-"), 22),
                    clip(&a.text, 90),
                    a.span.start,
                    a.span.end,
                    flags
                )?;
                writeln!(
                    out,
                    "  {:<9} when {}  where {}  incident {}",
                    "",
                    show_date(a),
                    show_place(a),
                    incident_of(i).as_deref().unwrap_or("-")
                )?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}
