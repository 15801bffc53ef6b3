//! Terminal views of incidents: a one-line-per-incident table and the full `toll show` report.

use crate::output::{clip, show_range as range};
use std::io::{self, Write};
use toll_link::reconcile::Estimate;
use toll_link::Incident;

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_else(|| "-".to_string())
}

fn figures(e: &Estimate) -> String {
    if e.high.is_none() && e.low.is_none() && e.best.is_none() {
        return "-".to_string();
    }
    format!("{}/{}/{}", opt(e.low), opt(e.best), opt(e.high))
}

/// Writes one line per incident: id, date, place, killed and injured low/best/high, grade, sources.
pub fn incident_table(out: &mut impl Write, incidents: &[Incident]) -> io::Result<()> {
    writeln!(
        out,
        "{:<22} {:<10} {:<22} {:<16} {:<14} {:<10} {:>7} {:>8}",
        "incident",
        "date",
        "place",
        "killed l/b/h",
        "injured l/b/h",
        "grade",
        "sources",
        "accounts"
    )?;
    for i in incidents {
        writeln!(
            out,
            "{:<22} {:<10} {:<22} {:<16} {:<14} {:<10} {:>7} {:>8}",
            i.id,
            opt(i.date.as_deref()),
            clip(&opt(i.place.as_deref()), 22),
            figures(&i.reconciled.killed),
            figures(&i.reconciled.injured),
            i.reconciled.grade.as_str(),
            i.reconciled.sources,
            i.accounts
        )?;
    }
    Ok(())
}

/// Writes the full terminal report of one incident (`toll show`).
pub fn incident_report(out: &mut impl Write, i: &Incident) -> io::Result<()> {
    let r = &i.reconciled;
    writeln!(out, "Incident {}", i.id)?;
    writeln!(
        out,
        "  when   {} (date_prec {})",
        opt(i.date.as_deref()),
        opt(i.date_prec)
    )?;
    writeln!(
        out,
        "  where  {} [{}] {} (where_prec {})",
        opt(i.place.as_deref()),
        opt(i.country.as_deref()),
        match (i.lat, i.lon) {
            (Some(a), Some(b)) => format!("{a:.4},{b:.4}"),
            _ => "-".to_string(),
        },
        opt(i.where_prec)
    )?;
    for (label, e) in [("killed", &r.killed), ("injured", &r.injured)] {
        if e.high.is_none() && e.low.is_none() {
            continue;
        }
        writeln!(
            out,
            "  {label:<7} low {} · best {} · high {}",
            opt(e.low),
            opt(e.best),
            opt(e.high)
        )?;
        writeln!(out, "          low:  {}", e.low_rule)?;
        writeln!(out, "          best: {}", e.best_rule)?;
        writeln!(out, "          high: {}", e.high_rule)?;
    }
    for c in &r.conceded {
        writeln!(
            out,
            "  conceded by {}: {}, killed {} injured {}{}",
            c.belligerent,
            c.assessment.replace('_', "-"),
            crate::output::show_range(c.killed),
            crate::output::show_range(c.injured),
            c.statement_date
                .as_deref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default()
        )?;
    }
    writeln!(out, "  grade  {} — {}", r.grade.as_str(), r.grade_reason)?;
    writeln!(
        out,
        "  {} accounts from {} independent sources ({} reports)",
        i.accounts,
        r.sources,
        i.documents.len()
    )?;
    if !r.blamed.is_empty() {
        let blamed: Vec<String> = r.blamed.iter().map(|(a, n)| format!("{a} ({n})")).collect();
        writeln!(out, "  blamed {}", blamed.join(", "))?;
    }
    if r.contradictions.is_empty() {
        writeln!(out, "  contradictions: none found")?;
    } else {
        writeln!(out, "  contradictions:")?;
        for c in &r.contradictions {
            writeln!(
                out,
                "    [{}] {} — {} @{}..{} vs {} @{}..{}",
                c.kind,
                c.detail,
                c.accounts[0].doc,
                c.accounts[0].span[0],
                c.accounts[0].span[1],
                c.accounts[1].doc,
                c.accounts[1].span[0],
                c.accounts[1].span[1]
            )?;
        }
    }
    writeln!(out, "  accounts, by who claims them:")?;
    for claim in &r.claims {
        let tag = if claim.belligerent {
            " [belligerent]"
        } else {
            ""
        };
        writeln!(out, "    {}{}", claim.claimant, tag)?;
        for a in &claim.accounts {
            let mut flags = String::new();
            if a.hedged {
                flags.push_str(" [hedged]");
            }
            if a.denial {
                flags.push_str(" [denial]");
            }
            writeln!(
                out,
                "      killed {:<8} injured {:<8} blamed {:<22} {} @{}..{}{}",
                range(a.killed),
                range(a.injured),
                clip(a.blamed.as_deref().unwrap_or("-"), 22),
                a.doc,
                a.span[0],
                a.span[1],
                flags
            )?;
            writeln!(out, "        \"{}\"", clip(&a.text, 110))?;
        }
    }
    Ok(())
}

/// An incident's history: one line per audit event (when, who, what, on which record), with the
/// change (before → after) and the reason on the lines below it.
pub fn history(out: &mut impl Write, events: &[toll_store::AuditEntry]) -> io::Result<()> {
    writeln!(out, "History ({} events)", events.len())?;
    for e in events {
        writeln!(
            out,
            "  #{} {} {} {} {} {}",
            e.id, e.at, e.actor, e.action, e.entity, e.entity_id
        )?;
        if e.before.is_some() || e.after.is_some() {
            writeln!(
                out,
                "      {} → {}",
                e.before.as_deref().unwrap_or("-"),
                e.after.as_deref().unwrap_or("-")
            )?;
        } else if let Some(detail) = &e.detail {
            writeln!(out, "      {detail}")?;
        }
        if let Some(reason) = &e.reason {
            writeln!(out, "      why: {reason}")?;
        }
    }
    Ok(())
}
