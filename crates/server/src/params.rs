//! Query parameters of lists, checked before they reach the store: unknown names, malformed values and
//! oversized pages or queries are refused with a message that says which parameter is wrong.
//!
//! Every field is read as text so that an empty form field (`country=`) means "no filter", as a
//! browser submits it, and so that a bad number gets a message naming the parameter.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use toll_store::{IncidentFilter, IncidentQuery, IncidentSort, TextQuery};
use utoipa::IntoParams;

/// Most incidents, reports or accounts one page may hold.
pub const MAX_PER_PAGE: usize = 100;
/// Incidents per page when not asked.
pub const DEFAULT_PER_PAGE: usize = 25;
/// Longest full-text query, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// Most incidents a list serves from its start: `page × per_page` may not exceed this (an offset makes
/// the database step over every row before it).
pub const MAX_RESULT_WINDOW: usize = 10_000;
/// Most words a full-text search may have.
pub const MAX_QUERY_TERMS: usize = 8;
/// Fewest characters before a `*`: a shorter prefix matches too many words to search fast.
pub const MIN_PREFIX_CHARS: usize = 3;
/// The grades an incident can have.
pub const GRADES: [&str; 5] = ["confirmed", "fair", "weak", "contested", "discounted"];

/// Parses a raw query string into `T`, naming the parameter at fault.
pub fn parse_query<T: DeserializeOwned>(raw: Option<&str>) -> Result<T, String> {
    let raw = raw.unwrap_or("");
    if raw.len() > 4096 {
        return Err("the query string is longer than 4096 bytes".to_string());
    }
    serde_urlencoded::from_str(raw).map_err(|e| format!("bad query parameters: {e}"))
}

/// Filters, search, order and page of an incident list.
#[derive(Debug, Clone, Default, Deserialize, Serialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct IncidentParams {
    /// Only this country (ISO 3166-1 alpha-2, e.g. `IQ`).
    pub country: Option<String>,
    /// Only incidents on or after this date (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Only incidents on or before this date (`YYYY-MM-DD`).
    pub to: Option<String>,
    /// Only this grade: confirmed, fair, weak, contested or discounted.
    pub grade: Option<String>,
    /// Only incidents whose best estimate of the killed is at least this.
    #[param(value_type = Option<u64>)]
    pub min_killed: Option<String>,
    /// Full-text search over the reports' titles and texts: every word must appear; `word*` matches
    /// words beginning with `word` (at least 3 characters before the `*`). At most 8 words and 200
    /// characters.
    pub q: Option<String>,
    /// Order: date (default), killed, sources, accounts or id.
    pub sort: Option<String>,
    /// `desc` (default) or `asc`.
    pub order: Option<String>,
    /// Page number, from 1; `page × per_page` may not exceed 10000.
    #[param(value_type = Option<usize>, minimum = 1, maximum = 10000)]
    pub page: Option<String>,
    /// Incidents per page (1–100, default 25).
    #[param(value_type = Option<usize>, minimum = 1, maximum = 100)]
    pub per_page: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn number<T: std::str::FromStr>(name: &str, v: &Option<String>) -> Result<Option<T>, String> {
    given(v)
        .map(|s| {
            s.parse::<T>()
                .map_err(|_| format!("{name} must be a whole number, not {s:?}"))
        })
        .transpose()
}

fn day(name: &str, v: &Option<String>) -> Result<Option<String>, String> {
    given(v)
        .map(|s| {
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(|d| d.format("%Y-%m-%d").to_string())
                .map_err(|_| format!("{name} must be a date YYYY-MM-DD, not {s:?}"))
        })
        .transpose()
}

impl IncidentParams {
    /// The sort key asked for.
    pub fn sort_key(&self) -> Result<IncidentSort, String> {
        match given(&self.sort) {
            None => Ok(IncidentSort::Date),
            Some(s) => IncidentSort::parse(s).ok_or_else(|| {
                format!("sort must be date, killed, sources, accounts or id, not {s:?}")
            }),
        }
    }

    /// True unless `order=asc`.
    pub fn descending(&self) -> Result<bool, String> {
        match given(&self.order) {
            None | Some("desc") => Ok(true),
            Some("asc") => Ok(false),
            Some(o) => Err(format!("order must be asc or desc, not {o:?}")),
        }
    }

    /// The page number and page size asked for.
    pub fn window(&self) -> Result<(usize, usize), String> {
        let page = number::<usize>("page", &self.page)?.unwrap_or(1);
        if page == 0 {
            return Err("page must be 1 or more".to_string());
        }
        let per_page = number::<usize>("per_page", &self.per_page)?.unwrap_or(DEFAULT_PER_PAGE);
        if per_page == 0 || per_page > MAX_PER_PAGE {
            return Err(format!("per_page must be between 1 and {MAX_PER_PAGE}"));
        }
        if page.saturating_mul(per_page) > MAX_RESULT_WINDOW {
            return Err(format!(
                "page {page} is beyond the first {MAX_RESULT_WINDOW} incidents of the list, which is \
                 all a list serves (page × per_page ≤ {MAX_RESULT_WINDOW}): narrow the filters or \
                 reverse the order"
            ));
        }
        Ok((page, per_page))
    }

    /// The store query these parameters ask for.
    pub fn to_query(&self) -> Result<IncidentQuery, String> {
        let country = given(&self.country)
            .map(|c| {
                if c.len() == 2 && c.chars().all(|ch| ch.is_ascii_alphabetic()) {
                    Ok(c.to_ascii_uppercase())
                } else {
                    Err(format!(
                        "country must be a two-letter ISO code such as IQ, not {c:?}"
                    ))
                }
            })
            .transpose()?;
        let grade = given(&self.grade)
            .map(|g| {
                let g = g.to_ascii_lowercase();
                if GRADES.contains(&g.as_str()) {
                    Ok(g)
                } else {
                    Err(format!(
                        "grade must be one of {}, not {g:?}",
                        GRADES.join(", ")
                    ))
                }
            })
            .transpose()?;
        let text = given(&self.q).map(search).transpose()?;
        let (from, to) = (day("from", &self.from)?, day("to", &self.to)?);
        if let (Some(f), Some(t)) = (&from, &to) {
            if f > t {
                return Err(format!("from ({f}) is after to ({t})"));
            }
        }
        let (page, per_page) = self.window()?;
        Ok(IncidentQuery {
            filter: IncidentFilter { country, from, to },
            grade,
            min_killed: number::<u64>("min_killed", &self.min_killed)?,
            text,
            sort: self.sort_key()?,
            descending: self.descending()?,
            offset: (page - 1) * per_page,
            limit: per_page,
            // set by the server for anonymous callers of `--anonymous published`, never by a parameter
            published_only: false,
        })
    }
}

/// Checks a full-text search against the limits that keep it fast, and returns it.
pub fn search(q: &str) -> Result<String, String> {
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(format!("q is longer than {MAX_QUERY_CHARS} characters"));
    }
    let parsed = TextQuery::parse(q).map_err(|e| format!("q: {e}"))?;
    if parsed.terms().len() > MAX_QUERY_TERMS {
        return Err(format!(
            "q has {} words; a search may have at most {MAX_QUERY_TERMS}",
            parsed.terms().len()
        ));
    }
    if let Some(short) = parsed
        .terms()
        .iter()
        .find(|t| t.prefix && t.prefix_chars() < MIN_PREFIX_CHARS)
    {
        return Err(format!(
            "q: a prefix search needs at least {MIN_PREFIX_CHARS} characters before the `*`, not {:?}",
            format!("{}*", short.word)
        ));
    }
    Ok(q.to_string())
}

/// A cursor page of reports or accounts.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CursorParams {
    /// Only items with an id above this (the `next_after` of the previous page).
    #[param(value_type = Option<i64>)]
    pub after: Option<String>,
    /// Items per page (1–100, default 25).
    #[param(value_type = Option<usize>, minimum = 1, maximum = 100)]
    pub limit: Option<String>,
    /// Accounts only: only those of this report id.
    #[param(value_type = Option<i64>)]
    pub report: Option<String>,
    /// Accounts only: only this scope (incident, campaign or other).
    pub scope: Option<String>,
}

impl CursorParams {
    /// `after` and `limit`, checked.
    pub fn window(&self) -> Result<(Option<i64>, usize), String> {
        let after = number::<i64>("after", &self.after)?;
        let limit = number::<usize>("limit", &self.limit)?.unwrap_or(DEFAULT_PER_PAGE);
        if limit == 0 || limit > MAX_PER_PAGE {
            return Err(format!("limit must be between 1 and {MAX_PER_PAGE}"));
        }
        Ok((after, limit))
    }

    /// The report filter, checked.
    pub fn report(&self) -> Result<Option<i64>, String> {
        number::<i64>("report", &self.report)
    }

    /// The scope filter, checked.
    pub fn scope(&self) -> Result<Option<toll_model::Scope>, String> {
        given(&self.scope)
            .map(|s| {
                serde_json::from_value(serde_json::Value::String(s.to_string()))
                    .map_err(|_| format!("scope must be incident, campaign or other, not {s:?}"))
            })
            .transpose()
    }
}

/// Checks a path id: printable, at most 64 bytes.
pub fn incident_id(id: &str) -> Result<&str, String> {
    if id.is_empty()
        || id.len() > 64
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err("an incident id has letters, digits and dashes, at most 64".to_string());
    }
    Ok(id)
}

/// Parses a numeric path id.
pub fn numeric_id(what: &str, id: &str) -> Result<i64, String> {
    id.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("a {what} id is a positive whole number, not {id:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(raw: &str) -> Result<IncidentQuery, String> {
        parse_query::<IncidentParams>(Some(raw))?.to_query()
    }

    #[test]
    fn empty_form_fields_mean_no_filter() -> Result<(), String> {
        let q = query("country=&from=&to=&grade=&min_killed=&q=&sort=&order=&page=&per_page=")?;
        assert_eq!(q.filter, IncidentFilter::default());
        assert_eq!(
            (q.offset, q.limit, q.descending),
            (0, DEFAULT_PER_PAGE, true)
        );
        Ok(())
    }

    #[test]
    fn values_are_checked_and_named() {
        for (raw, needle) in [
            ("country=Iraq", "country"),
            ("from=2017-13-01", "from"),
            ("from=2018-01-01&to=2017-01-01", "after"),
            ("grade=great", "grade"),
            ("min_killed=-3", "min_killed"),
            ("sort=colour", "sort"),
            ("order=up", "order"),
            ("page=0", "page"),
            ("per_page=1000", "per_page"),
            ("colour=red", "colour"),
        ] {
            let err = query(raw).err().unwrap_or_default();
            assert!(err.contains(needle), "{raw}: {err}");
        }
        let long = format!("q={}", "a".repeat(MAX_QUERY_CHARS + 1));
        assert!(query(&long).is_err());
    }

    #[test]
    fn expensive_searches_and_deep_pages_are_refused_with_a_reason() {
        for (raw, needle) in [
            ("q=s*", "at least 3 characters"),
            ("q=al-s*", "\"al-s*\""),
            ("q=strike+ab*", "\"ab*\""),
            ("q=*", "may only end a word"),
            ("q=a*b", "may only end a word"),
            ("q=strike**", "may only end a word"),
            ("q=%21%21%21", "no word"),
            ("q=a+b+c+d+e+f+g+h+i", "at most 8"),
            ("page=401", "first 10000"),
            ("page=101&per_page=100", "first 10000"),
            ("page=18446744073709551615&per_page=100", "first 10000"),
            ("page=99999999999999999999999", "page"),
        ] {
            let err = query(raw).err().unwrap_or_default();
            assert!(err.contains(needle), "{raw}: {err}");
        }
    }

    #[test]
    fn searches_within_the_limits_pass() -> Result<(), String> {
        for raw in [
            "q=str*",
            "q=al-shif*",
            "q=a+b+c+d+e+f+g+h",
            "q=Mosul+strike",
            "page=400",
            "page=100&per_page=100",
        ] {
            query(raw)?;
        }
        Ok(())
    }

    #[test]
    fn a_full_query_reaches_the_store() -> Result<(), String> {
        let q = query(
            "country=iq&from=2017-01-01&to=2017-12-31&grade=Fair&min_killed=10&q=Mosul+strike&sort=killed&order=asc&page=3&per_page=10",
        )?;
        assert_eq!(q.filter.country.as_deref(), Some("IQ"));
        assert_eq!(q.grade.as_deref(), Some("fair"));
        assert_eq!(q.min_killed, Some(10));
        assert_eq!(q.text.as_deref(), Some("Mosul strike"));
        assert_eq!((q.sort, q.descending), (IncidentSort::Killed, false));
        assert_eq!((q.offset, q.limit), (20, 10));
        Ok(())
    }

    #[test]
    fn path_ids_are_checked() {
        assert!(incident_id("IRQ-2017-03-17-a").is_ok());
        assert!(incident_id("<script>").is_err());
        assert!(incident_id(&"a".repeat(65)).is_err());
        assert_eq!(numeric_id("report", "12"), Ok(12));
        assert!(numeric_id("report", "-1").is_err());
        assert!(numeric_id("report", "x").is_err());
    }
}
