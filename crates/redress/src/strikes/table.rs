//! Strike logs as tables: CSV with a header row, or JSON lines, with the same fields.
//!
//! | field | meaning |
//! |---|---|
//! | `date` or `date_from` and `date_to` | the day, or the first and last day it may have happened (`YYYY-MM-DD`) |
//! | `place` | a place name, resolved through the gazetteer (in `country` when given) |
//! | `lat`, `lon` | coordinates (WGS84), instead of or beside `place` |
//! | `mgrs` | an MGRS reference, instead of coordinates |
//! | `where_prec` | UCDP precision of the point (default: 1 for coordinates and MGRS) |
//! | `country` | ISO alpha-2 code or name of the country struck |
//! | `belligerent` | who declared it (default: `--belligerent`) |
//! | `nations` | nations declared to have flown it, `;`-separated names or codes (a JSON array in JSONL) |
//! | `target`, `munition`, `strikes`, `url` | what was struck, with what, how many strikes, where it is published |
//!
//! Every field but a date, a belligerent and one of `place`, `lat`/`lon`, `mgrs` may be left out.

use super::place::{country_code, resolve};
use super::{day, parse_day, Context, DeclaredStrike, Parsed};
use crate::RedressError;
use serde::Deserialize;
use toll_geo::Gazetteer;

/// The fields a row may have.
const FIELDS: &[&str] = &[
    "date",
    "date_from",
    "date_to",
    "place",
    "lat",
    "lon",
    "mgrs",
    "where_prec",
    "country",
    "belligerent",
    "nations",
    "target",
    "munition",
    "strikes",
    "url",
];

/// One row as read, every field text.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    date: Option<String>,
    date_from: Option<String>,
    date_to: Option<String>,
    place: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    lat: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    lon: Option<String>,
    mgrs: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    where_prec: Option<String>,
    country: Option<String>,
    belligerent: Option<String>,
    #[serde(default, deserialize_with = "list_or_text")]
    nations: Option<String>,
    target: Option<String>,
    munition: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    strikes: Option<String>,
    url: Option<String>,
}

fn text_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = Option::<serde_json::Value>::deserialize(d)?;
    Ok(match v {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => Some(s),
        Some(other) => Some(other.to_string()),
    })
}

fn list_or_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = Option::<serde_json::Value>::deserialize(d)?;
    Ok(match v {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => Some(s),
        Some(serde_json::Value::Array(items)) => Some(
            items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join(";"),
        ),
        Some(other) => Some(other.to_string()),
    })
}

fn field(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn number<T: std::str::FromStr>(v: &Option<String>, name: &str) -> Result<Option<T>, String> {
    field(v)
        .map(|s| {
            s.parse::<T>()
                .map_err(|_| format!("{name} {s:?} is not a number"))
        })
        .transpose()
}

/// One row as a strike, or why it is none.
fn strike(row: &Row, line: u64, cx: &Context<'_>, g: &Gazetteer) -> Result<DeclaredStrike, String> {
    let date = |v: &Option<String>, name: &str| -> Result<Option<chrono::NaiveDate>, String> {
        field(v)
            .map(|s| parse_day(s).ok_or_else(|| format!("{name} {s:?} is no date (YYYY-MM-DD)")))
            .transpose()
    };
    let (from, to) = match (
        date(&row.date, "date")?,
        date(&row.date_from, "date_from")?,
        date(&row.date_to, "date_to")?,
    ) {
        (Some(d), None, None) => (d, d),
        (None, Some(f), Some(t)) => (f, t),
        (None, Some(f), None) => (f, f),
        (None, None, _) => return Err("no date: give date, or date_from and date_to".into()),
        _ => return Err("give date, or date_from and date_to, not both".into()),
    };
    if to < from {
        return Err(format!("date_to {to} is before date_from {from}"));
    }
    let country = match field(&row.country) {
        Some(c) => Some(country_code(g, c).ok_or_else(|| format!("unknown country {c:?}"))?),
        None => None,
    };
    let belligerent = field(&row.belligerent)
        .or(cx.belligerent)
        .ok_or("no belligerent: give the column or --belligerent")?
        .to_string();
    let (nations, unknown) = crate::nations::nation_list(field(&row.nations).unwrap_or(""));
    if let Some(u) = unknown.first() {
        return Err(format!("unknown nation {u:?} in nations"));
    }
    let where_prec: Option<u8> = number(&row.where_prec, "where_prec")?;
    if where_prec.is_some_and(|p| !(1..=7).contains(&p)) {
        return Err("where_prec must be 1–7".into());
    }
    let lat: Option<f64> = number(&row.lat, "lat")?;
    let lon: Option<f64> = number(&row.lon, "lon")?;
    let place_name = field(&row.place).map(str::to_string);
    let (lat, lon, prec, country, place) = match (lat, lon, field(&row.mgrs)) {
        (Some(lat), Some(lon), _) => {
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                return Err(format!("coordinates {lat}, {lon} are off the globe"));
            }
            (
                Some(lat),
                Some(lon),
                where_prec.unwrap_or(1),
                country,
                place_name,
            )
        }
        (Some(_), None, _) | (None, Some(_), _) => return Err("give both lat and lon".into()),
        (None, None, Some(m)) => {
            let p = crate::mgrs::parse(m)?;
            let prec = where_prec.unwrap_or(if p.precision_m <= 1_000.0 { 1 } else { 2 });
            (Some(p.lat), Some(p.lon), prec, country, place_name)
        }
        (None, None, None) => match &place_name {
            Some(name) => {
                let found = resolve(g, name, country.as_deref(), false)
                    .ok_or_else(|| format!("unknown place {name:?} (add it with --places)"))?;
                (
                    Some(found.lat),
                    Some(found.lon),
                    where_prec.unwrap_or(found.where_prec),
                    country.or(found.country),
                    place_name,
                )
            }
            None if country.is_some() => (None, None, 6, country, None),
            None => return Err("no place: give place, lat and lon, mgrs or country".into()),
        },
    };
    Ok(DeclaredStrike {
        line,
        date_from: day(from),
        date_to: day(to),
        place,
        lat,
        lon,
        where_prec: Some(prec),
        country,
        belligerent,
        nations,
        target: field(&row.target).map(str::to_string),
        munition: field(&row.munition).map(str::to_string),
        strikes: number(&row.strikes, "strikes")?,
        url: field(&row.url).or(cx.url).map(str::to_string),
        text: None,
    })
}

fn row_error(cx: &Context<'_>, line: u64, message: String) -> RedressError {
    RedressError::Row {
        file: cx.file.to_string(),
        line,
        message,
    }
}

/// Reads a CSV strike log (a header row naming the fields above, in any order).
pub fn parse_csv(bytes: &[u8], cx: &Context<'_>, g: &Gazetteer) -> Parsed {
    let mut out = Parsed::default();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_ascii_lowercase()).collect(),
        Err(e) => {
            out.errors.push(RedressError::File {
                file: cx.file.to_string(),
                message: format!("no header row: {e}"),
            });
            return out;
        }
    };
    if let Some(bad) = headers.iter().find(|h| !FIELDS.contains(&h.as_str())) {
        out.errors.push(RedressError::File {
            file: cx.file.to_string(),
            message: format!("unknown column {bad:?} (known: {})", FIELDS.join(", ")),
        });
        return out;
    }
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                out.errors
                    .push(row_error(cx, line, format!("unreadable row: {e}")));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() != headers.len() {
            out.errors.push(row_error(
                cx,
                line,
                format!("{} fields, the header has {}", record.len(), headers.len()),
            ));
            continue;
        }
        let mut row = Row::default();
        for (name, value) in headers.iter().zip(record.iter()) {
            let v = Some(value.to_string());
            match name.as_str() {
                "date" => row.date = v,
                "date_from" => row.date_from = v,
                "date_to" => row.date_to = v,
                "place" => row.place = v,
                "lat" => row.lat = v,
                "lon" => row.lon = v,
                "mgrs" => row.mgrs = v,
                "where_prec" => row.where_prec = v,
                "country" => row.country = v,
                "belligerent" => row.belligerent = v,
                "nations" => row.nations = v,
                "target" => row.target = v,
                "munition" => row.munition = v,
                "strikes" => row.strikes = v,
                _ => row.url = v,
            }
        }
        match strike(&row, line, cx, g) {
            Ok(s) => out.strikes.push(s),
            Err(message) => out.errors.push(row_error(cx, line, message)),
        }
    }
    out
}

/// Reads a JSON lines strike log (one object per line; blank lines skipped).
pub fn parse_jsonl(bytes: &[u8], cx: &Context<'_>, g: &Gazetteer) -> Parsed {
    let mut out = Parsed::default();
    let text = String::from_utf8_lossy(bytes);
    for (i, line) in text.lines().enumerate() {
        let n = i as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let row: Row = match serde_json::from_str(line) {
            Ok(r) => r,
            Err(e) => {
                out.errors
                    .push(row_error(cx, n, format!("invalid JSON: {e}")));
                continue;
            }
        };
        match strike(&row, n, cx, g) {
            Ok(s) => out.strikes.push(s),
            Err(message) => out.errors.push(row_error(cx, n, message)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gazetteer() -> Gazetteer {
        let mut g = Gazetteer::empty();
        let added =
            g.add_user_places("Mosul\tal-Mawsil\t36.34\t43.13\tIQ\nRaqqa\t\t35.95\t39.01\tSY\n");
        assert!(added.is_ok());
        g
    }

    fn cx() -> Context<'static> {
        Context {
            file: "log.csv",
            belligerent: None,
            url: None,
        }
    }

    #[test]
    fn csv_rows_become_strikes_and_bad_rows_errors_naming_the_line() {
        let csv = "date,place,country,belligerent,nations,target,url\n\
                   2017-03-17,Mosul,IQ,US-led coalition,US;GB,ISIS fighters,https://example.org/a\n\
                   2017-13-01,Mosul,IQ,US-led coalition,,,\n\
                   2017-03-18,Atlantis,IQ,US-led coalition,,,\n\
                   2017-03-18,Raqqa,Syria,US-led coalition,France,building,\n";
        let parsed = parse_csv(csv.as_bytes(), &cx(), &gazetteer());
        assert_eq!(parsed.strikes.len(), 2, "{:?}", parsed.errors);
        let s = &parsed.strikes[0];
        assert_eq!((s.date_from.as_str(), s.line), ("2017-03-17", 2));
        assert_eq!(s.nations, ["US", "GB"]);
        assert_eq!(s.country.as_deref(), Some("IQ"));
        assert_eq!(parsed.strikes[1].country.as_deref(), Some("SY"));
        let errors: Vec<String> = parsed.errors.iter().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 2);
        assert!(errors[0].starts_with("log.csv line 3: date"), "{errors:?}");
        assert!(errors[1].contains("line 4") && errors[1].contains("Atlantis"));
    }

    #[test]
    fn unknown_columns_are_refused() {
        let parsed = parse_csv(b"date,plaec\n2017-03-17,Mosul\n", &cx(), &gazetteer());
        assert!(parsed.strikes.is_empty());
        assert!(parsed.errors[0].to_string().contains("plaec"));
    }

    #[test]
    fn jsonl_takes_coordinates_mgrs_and_ranges() {
        let jsonl = r#"{"date_from":"2017-03-16","date_to":"2017-03-18","lat":36.33,"lon":43.1,"belligerent":"UK MoD","nations":["GB"],"munition":"Paveway IV"}

{"date":"2017-03-17","mgrs":"38SLF 4 2","belligerent":"US-led coalition"}
{"date":"2017-03-17","lat":36.3,"belligerent":"x"}
not json
"#;
        let parsed = parse_jsonl(jsonl.as_bytes(), &cx(), &gazetteer());
        assert_eq!(parsed.strikes.len(), 2);
        assert_eq!(parsed.strikes[0].date_to, "2017-03-18");
        assert_eq!(parsed.strikes[0].where_prec, Some(1));
        assert_eq!(parsed.strikes[1].where_prec, Some(2));
        assert_eq!(parsed.strikes[1].line, 3);
        let lines: Vec<String> = parsed.errors.iter().map(ToString::to_string).collect();
        assert!(lines[0].contains("line 4") && lines[0].contains("both lat and lon"));
        assert!(lines[1].contains("line 5") && lines[1].contains("invalid JSON"));
    }
}
