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
            // a week is its first day and six more
            2 | 3 => 6,
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
    /// Kinds of facility the account names ("school", "market", "shelter"), from its text and
    /// its report's unknown place names (see `data/facilities.txt`).
    pub facilities: Vec<String>,
    /// Kinds of victim the account describes ("children", "prisoners"; `data/victims.txt`).
    pub victims: Vec<String>,
    /// The actor its `blamed` phrase names (see [`crate::actors::actor`]).
    pub actor: Option<&'static str>,
    /// The means its `blamed` phrase names (see [`crate::actors::means`]).
    pub means: Option<&'static str>,
    /// The report it comes from, when the caller knows it (any number naming the report): two
    /// events of one report are told apart by that report.
    pub report: Option<u64>,
}

/// A word list kept as data: `kind: word word …` lines; `!after: word word …` lines naming
/// the words after which the first listed word (within [`AFTER_REACH`] words) is not counted;
/// `!hit: word …` lines naming words of an attack, and `!only_hit: kind …` lines naming the kinds
/// counted only within [`HIT_REACH`] words after one ("struck the hospital", not "at the hospital
/// he said").
struct WordList {
    /// (word, kind), words lowercase.
    words: Vec<(String, String)>,
    /// Words that cancel a listed word soon after them ("treated in hospital").
    cancelled_after: Vec<String>,
    /// Words of an attack.
    hit_words: Vec<String>,
    /// Kinds counted only soon after a word of an attack.
    only_hit: Vec<String>,
}

/// How many words after a word of an attack a kind of `!only_hit` counts.
const HIT_REACH: usize = 5;

/// How many words after a cancelling word a listed word is not counted ("treated for their
/// injuries in hospitals").
const AFTER_REACH: usize = 6;

impl WordList {
    fn parse(text: &str) -> WordList {
        let mut words = Vec::new();
        let mut cancelled_after = Vec::new();
        let mut hit_words = Vec::new();
        let mut only_hit = Vec::new();
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((kind, list)) = line.split_once(':') else {
                continue;
            };
            let target = match kind.trim() {
                "!after" => Some(&mut cancelled_after),
                "!hit" => Some(&mut hit_words),
                "!only_hit" => Some(&mut only_hit),
                _ => None,
            };
            if let Some(target) = target {
                target.extend(list.split_whitespace().map(str::to_lowercase));
                continue;
            }
            for w in list.split_whitespace() {
                words.push((w.to_lowercase(), kind.trim().to_string()));
            }
        }
        WordList {
            words,
            cancelled_after,
            hit_words,
            only_hit,
        }
    }

    /// The kind a lowercase word stands for (the word itself or its plural).
    fn kind_of(&self, word: &str) -> Option<&str> {
        let singular = [Some(word), word.strip_suffix("es"), word.strip_suffix('s')];
        self.words
            .iter()
            .find(|(w, _)| singular.iter().flatten().any(|s| s == w))
            .map(|(_, k)| k.as_str())
    }

    /// The kinds named in `text` and (folded like unknown place names) in `names`, sorted.
    fn kinds(&self, text: &str, names: &[String]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let lower = text.to_lowercase();
        let mut since_cancel = usize::MAX;
        let mut since_hit = usize::MAX;
        for word in lower.split(|c: char| !c.is_alphanumeric()) {
            if word.is_empty() {
                continue;
            }
            since_cancel = since_cancel.saturating_add(1);
            since_hit = since_hit.saturating_add(1);
            if self.cancelled_after.iter().any(|w| w == word) {
                since_cancel = 0;
                continue;
            }
            if self.hit_words.iter().any(|w| w == word) {
                since_hit = 0;
                continue;
            }
            if word.len() < 3 {
                continue;
            }
            if let Some(k) = self.kind_of(word) {
                // the first facility after a cancelling word is where the wounded were taken
                if since_cancel <= AFTER_REACH {
                    since_cancel = usize::MAX;
                    continue;
                }
                // a hospital is where the wounded are, unless the attack hit it
                if since_hit > HIT_REACH && self.only_hit.iter().any(|h| h == k) {
                    continue;
                }
                out.push(k.to_string());
            }
        }
        for n in names {
            if let Some((_, k)) = self.words.iter().find(|(w, _)| fold(w) == *n) {
                out.push(k.clone());
            }
        }
        out.sort();
        out.dedup();
        out
    }
}

/// A word folded like an unknown place name's key: ASCII letters, lowercase, vowels after the
/// first letter and doubled letters dropped, a final `h` dropped ("shelter" → "shltr").
fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for (i, c) in word
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .enumerate()
    {
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
        if (i == 0 || !vowel) && !out.ends_with(c) {
            out.push(c);
        }
    }
    if out.len() > 2 && out.ends_with('h') {
        out.pop();
    }
    out
}

fn facility_words() -> &'static WordList {
    static LIST: std::sync::OnceLock<WordList> = std::sync::OnceLock::new();
    LIST.get_or_init(|| WordList::parse(include_str!("../data/facilities.txt")))
}

fn victim_words() -> &'static WordList {
    static LIST: std::sync::OnceLock<WordList> = std::sync::OnceLock::new();
    LIST.get_or_init(|| WordList::parse(include_str!("../data/victims.txt")))
}

/// The facility kinds `text` and the unknown place names `names` mention.
pub fn facilities_in(text: &str, names: &[String]) -> Vec<String> {
    facility_words().kinds(text, names)
}

/// The victim kinds `text` mentions.
pub fn victims_in(text: &str) -> Vec<String> {
    victim_words().kinds(text, &[])
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
            facilities: facilities_in(&account.text, &account.place_names),
            victims: victims_in(&account.text),
            actor: account.blamed.as_deref().and_then(crate::actors::actor),
            means: account.blamed.as_deref().and_then(crate::actors::means),
            report: None,
        }
    }

    /// These features, known to come from report `report`.
    pub fn from_report(self, report: u64) -> Features {
        Features {
            report: Some(report),
            ..self
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
    fn a_week_is_seven_days_from_its_first() {
        let monday = NaiveDate::from_ymd_opt(2022, 3, 7).unwrap_or_default();
        let week = DatePoint {
            day: monday,
            precision: 3,
        };
        assert_eq!(
            week.last_day(),
            NaiveDate::from_ymd_opt(2022, 3, 13).unwrap_or_default()
        );
        let day = DatePoint {
            day: monday,
            precision: 1,
        };
        assert_eq!(day.last_day(), monday);
    }

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
    fn facilities_and_victims_are_read_from_text_and_names() {
        let names = vec!["shltr".to_string()];
        assert_eq!(
            facilities_in("A strike hit two schools near the market.", &names),
            ["market", "school", "shelter"]
        );
        assert!(facilities_in("The campaign went on.", &[]).is_empty());
        assert_eq!(
            facilities_in(
                "A missile hit a business centre and an apartment block.",
                &[]
            ),
            ["office", "residential"]
        );
        // where the wounded were taken is not where the harm happened
        assert!(facilities_in(
            "Thirty survivors are being treated for their injuries in hospitals in the city.",
            &[]
        )
        .is_empty());
        assert_eq!(
            facilities_in(
                "The wounded were rushed to a clinic after the market strike.",
                &[]
            ),
            ["market"]
        );
        // a hospital counts when the attack hit it, not where someone was seen or found
        assert_eq!(
            facilities_in("A missile struck the children's hospital on Monday.", &[]),
            ["hospital"]
        );
        assert_eq!(
            facilities_in(
                "The toll from the strike on the hospital rose to three.",
                &[]
            ),
            ["hospital"]
        );
        assert!(facilities_in(
            "At the city hospital, a boy said his father was killed.",
            &[]
        )
        .is_empty());
        assert_eq!(
            victims_in("Eleven children and three guests died."),
            ["children", "guests"]
        );
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
