//! What a review decision asks for: the JSON bodies of the review API and the checks they share
//! with the web forms (figures, places, dates, where a move goes, which accounts a split takes).
//! Parsing and checking a figure, a date, a place or a grade is the record layer's
//! (`toll_record::review`); this module only turns request fields into its types.

use crate::decide::{refuse, Refused};
use crate::params;
use axum::http::StatusCode;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use toll_model::Range;
use toll_record::review::{self, AccountEdit, MoveTo, Pin, PlaceEdit};
use toll_record::RecordError;
use utoipa::ToSchema;

/// Most accounts one split may move.
const MAX_SPLIT: usize = 1000;

/// Reads a JSON body: 400 when it is no JSON, 422 when it does not fit `T`.
pub fn body<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Refused> {
    serde_json::from_slice(bytes).map_err(|e| {
        let status = if e.is_data() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::BAD_REQUEST
        };
        refuse(status, format!("the request body: {e}"))
    })
}

/// The body of confirm and reject.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountDecisionBody {
    /// Why (kept in the audit event; required).
    pub reason: String,
    /// The version of the account's incident you loaded (required when the account is linked to
    /// an incident).
    pub version: Option<i64>,
}

/// A figure: text as a reviewer types it (`23`, `23-41`, `>=23`, `<=41`, `~30`, `none`) or a
/// range object.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum FigureIn {
    /// `23`, `23-41`, `>=23`, `<=41`, `~30` or `none`.
    Text(String),
    /// A range; an open side is left out.
    Range {
        /// Smallest.
        #[serde(default)]
        min: Option<u64>,
        /// Largest.
        #[serde(default)]
        max: Option<u64>,
        /// Approximate ("about 30").
        #[serde(default)]
        approx: bool,
    },
}

impl FigureIn {
    fn range(&self) -> Result<Option<Range>, RecordError> {
        match self {
            FigureIn::Text(t) => review::parse_range(t),
            FigureIn::Range { min, max, approx } => {
                if let (Some(a), Some(b)) = (min, max) {
                    if a > b {
                        return Err(RecordError::Invalid(format!(
                            "figure: min {a} is above max {b}"
                        )));
                    }
                }
                if min.is_none() && max.is_none() {
                    return Err(RecordError::Invalid(
                        "figure: give min, max or both (null clears the figure)".into(),
                    ));
                }
                Ok(Some(Range {
                    min: *min,
                    max: *max,
                    approx: *approx,
                }))
            }
        }
    }
}

/// A place: its name, coordinates, country and precision.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaceIn {
    /// Its name.
    pub name: String,
    /// Latitude, WGS84 degrees.
    pub lat: f64,
    /// Longitude, WGS84 degrees.
    pub lon: f64,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// UCDP `where_prec` (1 exact … 6 country; 1 when left out).
    #[serde(default)]
    pub where_prec: Option<u8>,
}

impl PlaceIn {
    /// The place, checked.
    pub fn checked(&self) -> Result<PlaceEdit, RecordError> {
        review::check_place(PlaceEdit {
            name: self.name.clone(),
            lat: self.lat,
            lon: self.lon,
            country: self.country.clone(),
            where_prec: self.where_prec.unwrap_or(1),
        })
    }
}

/// `Some(value)` for a field that is present, even as `null` (`Some(None)`): a field left out
/// stays `None` (unchanged).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// The body of an account edit: each field given replaces the account's; `null` (or `"none"`)
/// clears it; a field left out stays as it is.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditBody {
    /// Why (required).
    pub reason: String,
    /// The version of the account's incident you loaded.
    pub version: Option<i64>,
    /// Killed, as a range.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<FigureIn>)]
    pub killed: Option<Option<FigureIn>>,
    /// Injured, as a range.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<FigureIn>)]
    pub injured: Option<Option<FigureIn>>,
    /// civilians, combatants, mixed or unspecified.
    #[serde(default)]
    pub victims: Option<String>,
    /// incident or aggregate.
    #[serde(default)]
    pub scope: Option<String>,
    /// Who makes the statement (`null`: the article's own voice).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub claimed_by: Option<Option<String>>,
    /// What the statement blames (`null`: nothing).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub blamed: Option<Option<String>>,
    /// The event date `YYYY-MM-DD` (`null`: none).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub date: Option<Option<String>>,
    /// Its UCDP `date_prec` (1 day … 5 year; 1 when left out).
    #[serde(default)]
    pub date_prec: Option<u8>,
    /// The event place (`null`: none).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<PlaceIn>)]
    pub place: Option<Option<PlaceIn>>,
}

/// `none` (any case) or blank text clears a text field.
fn text(t: &Option<Option<String>>) -> Option<Option<String>> {
    t.as_ref().map(|t| {
        t.as_ref()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty() && !s.eq_ignore_ascii_case("none"))
            .map(str::to_string)
    })
}

impl EditBody {
    /// The edit it asks for, checked.
    pub fn edit(&self) -> Result<AccountEdit, RecordError> {
        let figure = |f: &Option<Option<FigureIn>>| -> Result<Option<Option<Range>>, RecordError> {
            match f {
                None => Ok(None),
                Some(None) => Ok(Some(None)),
                Some(Some(f)) => f.range().map(Some),
            }
        };
        if self.date_prec.is_some() && !matches!(self.date, Some(Some(_))) {
            return Err(RecordError::Invalid(
                "date_prec goes with a date: give both".into(),
            ));
        }
        Ok(AccountEdit {
            killed: figure(&self.killed)?,
            injured: figure(&self.injured)?,
            victims: self
                .victims
                .as_deref()
                .map(review::parse_victims)
                .transpose()?,
            scope: self.scope.as_deref().map(review::parse_scope).transpose()?,
            claimed_by: text(&self.claimed_by),
            blamed: text(&self.blamed),
            date: match &self.date {
                None => None,
                Some(None) => Some(None),
                Some(Some(d)) => Some(Some(review::parse_date(d, self.date_prec)?)),
            },
            place: match &self.place {
                None => None,
                Some(None) => Some(None),
                Some(Some(p)) => Some(Some(p.checked()?)),
            },
        })
    }
}

/// The body of a move: `to` an incident, or `new`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveBody {
    /// Why (required).
    pub reason: String,
    /// The version of this incident you loaded.
    pub version: i64,
    /// The account to move (one of this incident's).
    pub account: i64,
    /// The incident it belongs to.
    #[serde(default)]
    pub to: Option<String>,
    /// Open a new incident for it (instead of `to`).
    #[serde(default)]
    pub new: bool,
}

/// Where a move goes: exactly one of an incident id and "new".
pub fn move_target(to: Option<&str>, new: bool) -> Result<MoveTo, RecordError> {
    match (to.map(str::trim).filter(|t| !t.is_empty()), new) {
        (Some(t), false) => params::incident_id(t)
            .map(|t| MoveTo::Incident(t.to_string()))
            .map_err(RecordError::Invalid),
        (None, true) => Ok(MoveTo::New),
        (Some(_), true) => Err(RecordError::Invalid(
            "move to an incident or to a new one, not both".into(),
        )),
        (None, false) => Err(RecordError::Invalid(
            "say where the account goes: an incident id, or a new incident".into(),
        )),
    }
}

/// The body of a split.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SplitBody {
    /// Why (required).
    pub reason: String,
    /// The version of this incident you loaded.
    pub version: i64,
    /// The accounts that leave it together for one new incident (at least one stays).
    pub accounts: Vec<i64>,
}

/// Checks the accounts of a split: some, and not too many.
pub fn split_accounts(accounts: Vec<i64>) -> Result<Vec<i64>, RecordError> {
    if accounts.is_empty() {
        return Err(RecordError::Invalid(
            "choose the accounts to split off".into(),
        ));
    }
    if accounts.len() > MAX_SPLIT {
        return Err(RecordError::Invalid(format!(
            "a split moves at most {MAX_SPLIT} accounts"
        )));
    }
    Ok(accounts)
}

/// The body of a merge.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeBody {
    /// Why (required).
    pub reason: String,
    /// The version of this incident (the one merged away) you loaded.
    pub version: i64,
    /// The incident that stays.
    pub into: String,
}

/// The body of a pin: a date, a place or both.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PinBody {
    /// Why (required).
    pub reason: String,
    /// The version of this incident you loaded.
    pub version: i64,
    /// The event date `YYYY-MM-DD`.
    #[serde(default)]
    pub date: Option<String>,
    /// Its UCDP `date_prec` (1 when left out).
    #[serde(default)]
    pub date_prec: Option<u8>,
    /// The place.
    #[serde(default)]
    pub place: Option<PlaceIn>,
}

impl PinBody {
    /// The pin it asks for, checked.
    pub fn pin(&self) -> Result<Pin, RecordError> {
        let date = self
            .date
            .as_deref()
            .map(|d| review::parse_date(d, self.date_prec))
            .transpose()?;
        if date.is_none() && self.date_prec.is_some() {
            return Err(RecordError::Invalid(
                "date_prec goes with a date: give both".into(),
            ));
        }
        Ok(Pin {
            date_prec: date.as_ref().map(|(_, p)| *p),
            date: date.map(|(d, _)| d),
            place: self.place.as_ref().map(PlaceIn::checked).transpose()?,
        })
    }
}

/// The body of a grade.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GradeBody {
    /// Why (required; shown as the grade's reason).
    pub reason: String,
    /// The version of this incident you loaded.
    pub version: i64,
    /// confirmed, fair, weak, contested or discounted.
    pub grade: String,
}

/// The body of publish.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishBody {
    /// Why (required).
    pub reason: String,
    /// The version of this incident you loaded.
    pub version: i64,
    /// `true` to publish, `false` to withdraw.
    pub published: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_body_tells_left_out_from_null() -> Result<(), Box<dyn std::error::Error>> {
        let b: EditBody = serde_json::from_str(
            r#"{"reason": "r", "killed": "23-41", "injured": null, "blamed": "none",
                "date": "2024-03-07", "place": {"name": "Halvaro", "lat": 33.1, "lon": 44.2, "country": "iq"}}"#,
        )?;
        let e = b.edit()?;
        assert_eq!(
            e.killed,
            Some(Some(Range {
                min: Some(23),
                max: Some(41),
                approx: false
            }))
        );
        assert_eq!(e.injured, Some(None));
        assert_eq!(e.blamed, Some(None));
        assert_eq!(e.claimed_by, None);
        assert_eq!(e.victims, None);
        assert_eq!(e.date, Some(Some(("2024-03-07".to_string(), 1))));
        assert_eq!(
            e.place.and_then(|p| p).map(|p| p.country),
            Some("IQ".into())
        );
        let range: EditBody =
            serde_json::from_str(r#"{"reason": "r", "killed": {"min": 30, "approx": true}}"#)?;
        assert_eq!(
            range.edit()?.killed,
            Some(Some(Range {
                min: Some(30),
                max: None,
                approx: true
            }))
        );
        for bad in [
            r#"{"reason": "r", "killed": "many"}"#,
            r#"{"reason": "r", "killed": {"min": 5, "max": 2}}"#,
            r#"{"reason": "r", "date": "yesterday"}"#,
            r#"{"reason": "r", "date_prec": 2}"#,
            r#"{"reason": "r", "victims": "people"}"#,
        ] {
            let b: EditBody = serde_json::from_str(bad)?;
            assert!(b.edit().is_err(), "{bad}");
        }
        assert!(serde_json::from_str::<EditBody>(r#"{"reason": "r", "colour": 1}"#).is_err());
        Ok(())
    }

    #[test]
    fn a_move_goes_to_one_place() {
        assert_eq!(
            move_target(Some(" IRQ-2024-03-07-b "), false).ok(),
            Some(MoveTo::Incident("IRQ-2024-03-07-b".into()))
        );
        assert_eq!(move_target(None, true).ok(), Some(MoveTo::New));
        assert!(move_target(Some("X"), true).is_err());
        assert!(move_target(Some(""), false).is_err());
        assert!(move_target(Some("a/b"), false).is_err());
    }

    #[test]
    fn bodies_that_are_no_json_are_400_and_misfits_422() {
        let no_json = body::<AccountDecisionBody>(b"reason=x").err();
        assert_eq!(
            no_json.map(|r| r.error.status),
            Some(StatusCode::BAD_REQUEST)
        );
        let misfit = body::<AccountDecisionBody>(br#"{"version": 1}"#).err();
        assert_eq!(
            misfit.map(|r| r.error.status),
            Some(StatusCode::UNPROCESSABLE_ENTITY)
        );
    }
}
