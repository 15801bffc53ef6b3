//! The timeline of an incident page: when the event happened and when each report about it appeared.

use chrono::NaiveDate;

/// Width of a timeline in SVG units.
pub const WIDTH: f64 = 640.0;
/// Left and right margin.
const MARGIN: f64 = 24.0;
/// Height of one row of report marks.
const ROW: f64 = 14.0;
/// Rows before marks of one day stop stacking.
const MAX_ROWS: usize = 6;

/// A report on the timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// x in SVG units.
    pub x: f64,
    /// y in SVG units.
    pub y: f64,
    /// Report id (for the link).
    pub report_id: i64,
    /// Tooltip: date and report name.
    pub title: String,
}

/// A date tick on the axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// x in SVG units.
    pub x: f64,
    /// `2017-03-17`.
    pub label: String,
}

/// One timeline, ready for a template.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineView {
    /// Width in SVG units.
    pub width: f64,
    /// Height in SVG units.
    pub height: f64,
    /// y of the axis.
    pub axis_y: f64,
    /// x of the event date, when known.
    pub event_x: Option<f64>,
    /// Reports, stacked by day.
    pub marks: Vec<Mark>,
    /// Axis ticks (first, last, and the event day).
    pub ticks: Vec<Tick>,
    /// Reports without a date (not drawn).
    pub undated: usize,
}

fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

/// Lays out the event date and the reports' dates (`(report id, appeared, name)`) on one axis.
pub fn layout(event: Option<&str>, reports: &[(i64, Option<&str>, &str)]) -> Option<TimelineView> {
    let event = event.and_then(day);
    let dated: Vec<(i64, NaiveDate, &str)> = reports
        .iter()
        .filter_map(|(id, d, name)| d.and_then(day).map(|d| (*id, d, *name)))
        .collect();
    let undated = reports.len() - dated.len();
    let all: Vec<NaiveDate> = dated.iter().map(|(_, d, _)| *d).chain(event).collect();
    let (first, last) = (*all.iter().min()?, *all.iter().max()?);
    // a single day gets a week around it so its marks do not sit on the edges
    let (first, last) = if first == last {
        (first - chrono::Days::new(3), last + chrono::Days::new(3))
    } else {
        (first, last)
    };
    let span = (last - first).num_days().max(1) as f64;
    let x_of =
        |d: NaiveDate| MARGIN + (d - first).num_days() as f64 / span * (WIDTH - 2.0 * MARGIN);
    let mut per_day: std::collections::HashMap<NaiveDate, usize> = Default::default();
    let mut marks = Vec::new();
    let axis_y = 12.0 + ROW * MAX_ROWS as f64;
    for (id, d, name) in &dated {
        let row = per_day.entry(*d).or_default();
        let y = axis_y - 8.0 - ROW * (*row).min(MAX_ROWS - 1) as f64;
        *row += 1;
        marks.push(Mark {
            x: (x_of(*d) * 10.0).round() / 10.0,
            y,
            report_id: *id,
            title: format!("{} · {}", d.format("%Y-%m-%d"), name),
        });
    }
    let mut ticks = vec![
        Tick {
            x: x_of(first),
            label: first.format("%Y-%m-%d").to_string(),
        },
        Tick {
            x: x_of(last),
            label: last.format("%Y-%m-%d").to_string(),
        },
    ];
    ticks.dedup_by(|a, b| a.label == b.label);
    Some(TimelineView {
        width: WIDTH,
        height: axis_y + 22.0,
        axis_y,
        event_x: event.map(|d| (x_of(d) * 10.0).round() / 10.0),
        marks,
        ticks,
        undated,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_after_the_event_sit_to_its_right() -> Result<(), &'static str> {
        let t = layout(
            Some("2017-03-17"),
            &[
                (1, Some("2017-03-25"), "a"),
                (2, Some("2017-03-25"), "b"),
                (3, Some("2017-05-25T10:00:00Z"), "c"),
                (4, None, "d"),
            ],
        )
        .ok_or("a timeline")?;
        let ex = t.event_x.ok_or("event")?;
        assert!(t.marks.iter().all(|m| m.x > ex));
        // two reports on one day are stacked, not drawn over each other
        assert_eq!(t.marks[0].x, t.marks[1].x);
        assert!(t.marks[0].y != t.marks[1].y);
        assert_eq!(t.undated, 1);
        assert_eq!(t.ticks.len(), 2);
        Ok(())
    }

    #[test]
    fn nothing_dated_means_no_timeline() {
        assert_eq!(layout(None, &[(1, None, "a")]), None);
        assert!(layout(None, &[(1, Some("2020-01-01"), "a")]).is_some());
    }
}
