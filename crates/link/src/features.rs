//! What linking compares: an account's when, where, country and figures, in comparable form.

use chrono::NaiveDate;
use toll_model::{Account, DateBasis, Range};

/// A date with its UCDP precision (1 exact day … 5 year or more).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatePoint {
    /// The date (first day of the period when less precise than a day).
    pub day: NaiveDate,
    /// UCDP `date_prec`.
    pub precision: u8,
}

impl DatePoint {
    /// The last day the period can stand for.
    pub fn last_day(&self) -> NaiveDate {
        let span = match self.precision {
            0 | 1 => 0,
            2 => 6,
            3 => 7,
            4 => 30,
            _ => 365,
        };
        self.day + chrono::Days::new(span)
    }
}

/// A point with its UCDP precision (1 exact location … 6 country).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacePoint {
    /// Latitude, WGS84 degrees.
    pub lat: f64,
    /// Longitude, WGS84 degrees.
    pub lon: f64,
    /// UCDP `where_prec`.
    pub precision: u8,
}

impl PlacePoint {
    /// Great-circle distance in kilometres.
    pub fn km_to(&self, other: &PlacePoint) -> f64 {
        let r = 6371.0_f64;
        let (p1, p2) = (self.lat.to_radians(), other.lat.to_radians());
        let dp = p2 - p1;
        let dl = (other.lon - self.lon).to_radians();
        let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * r * h.sqrt().min(1.0).asin()
    }

    /// True when the place names a town or something smaller (precision 1–3).
    pub fn is_local(&self) -> bool {
        self.precision <= 3
    }
}

/// The comparable features of one account.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Features {
    /// When, if a full date is known.
    pub date: Option<DatePoint>,
    /// True when the date came from the account's own sentence or the text around it,
    /// rather than from the publication date.
    pub date_from_text: bool,
    /// Month and day when the text gives them without a year ("March 17th").
    pub month_day: Option<(u32, u32)>,
    /// Where, if resolved.
    pub place: Option<PlacePoint>,
    /// ISO 3166-1 alpha-2 country code of the place.
    pub country: Option<String>,
    /// The killed figure.
    pub killed: Option<Range>,
    /// Keys of place names the gazetteer does not know, from the account's report.
    pub names: Vec<String>,
}

impl Features {
    /// The features of an account as extraction left it.
    pub fn of(account: &Account) -> Features {
        let date = account.date.as_ref().and_then(|d| {
            NaiveDate::parse_from_str(&d.date, "%Y-%m-%d")
                .ok()
                .map(|day| DatePoint {
                    day,
                    precision: d.precision,
                })
        });
        let date_from_text = account
            .date
            .as_ref()
            .is_some_and(|d| !matches!(d.basis, DateBasis::Publication | DateBasis::Incident));
        // a reference date guessed from the years a text mentions says little about the event
        let guessed = account
            .date
            .as_ref()
            .is_some_and(|d| d.basis == DateBasis::Publication && d.reference_inferred);
        let date = if guessed { None } else { date };
        // without a stated date, the publication date (the window's last day) bounds the event
        let date = date.or_else(|| {
            let latest = account.window.latest.as_deref()?;
            NaiveDate::parse_from_str(latest, "%Y-%m-%d")
                .ok()
                .map(|day| DatePoint { day, precision: 2 })
        });
        let place = account.place.as_ref().map(|p| PlacePoint {
            lat: p.lat,
            lon: p.lon,
            precision: p.precision,
        });
        Features {
            date,
            date_from_text,
            month_day: account.month_day.map(|md| (md.month, md.day)),
            place,
            country: account.place.as_ref().map(|p| p.country.clone()),
            killed: account.killed,
            names: account.place_names.clone(),
        }
    }

    /// The killed numbers worth comparing across reports: the bounds the text states, 10 or more.
    pub fn telling_figures(&self) -> impl Iterator<Item = u64> {
        let k = self.killed.unwrap_or_default();
        let max = k.max.filter(|m| Some(*m) != k.min);
        k.min.into_iter().chain(max).filter(|n| *n >= 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_between_mosul_and_baghdad_is_about_350_km() {
        let mosul = PlacePoint {
            lat: 36.34,
            lon: 43.13,
            precision: 2,
        };
        let baghdad = PlacePoint {
            lat: 33.31,
            lon: 44.36,
            precision: 2,
        };
        let d = mosul.km_to(&baghdad);
        assert!((340.0..370.0).contains(&d), "{d}");
        assert!(mosul.km_to(&mosul) < 1e-6);
    }

    #[test]
    fn imprecise_dates_cover_their_period() {
        let p = DatePoint {
            day: NaiveDate::from_ymd_opt(2017, 3, 1).unwrap_or_default(),
            precision: 4,
        };
        assert_eq!(
            p.last_day(),
            NaiveDate::from_ymd_opt(2017, 3, 31).unwrap_or_default()
        );
    }
}
