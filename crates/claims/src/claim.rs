//! A claim: who claims, for whom, for which losses, with which documents, and where it was filed.
//! All of it is personal data.

use crate::workflow::Status;
use serde::{Deserialize, Serialize};
use toll_store::{ClaimDocumentRow, ClaimEventRow};

/// A document attached to a claim, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    /// Its id.
    pub id: i64,
    /// What it proves.
    pub kind: String,
    /// Its file name.
    pub name: String,
    /// Its media type, from its bytes.
    pub media_type: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
    /// When it was attached.
    pub added_at: String,
}

impl From<ClaimDocumentRow> for Document {
    fn from(d: ClaimDocumentRow) -> Document {
        Document {
            id: d.id,
            kind: d.kind,
            name: d.name,
            media_type: d.media_type,
            sha256: d.sha256,
            size: d.size,
            added_at: d.added_at,
        }
    }
}

/// A status a claim reached, and what the step recorded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// The status reached.
    pub status: String,
    /// When.
    pub at: String,
    /// What the step recorded (where it was filed, the decision).
    pub detail: serde_json::Value,
}

impl From<ClaimEventRow> for Event {
    fn from(e: ClaimEventRow) -> Event {
        Event {
            status: e.status,
            at: e.at,
            detail: serde_json::from_str(&e.detail).unwrap_or(serde_json::Value::Null),
        }
    }
}

/// Whether a victim was killed or injured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Harm {
    /// Killed.
    Killed,
    /// Injured.
    Injured,
}

impl std::str::FromStr for Harm {
    type Err = String;
    fn from_str(s: &str) -> Result<Harm, String> {
        match s {
            "killed" => Ok(Harm::Killed),
            "injured" => Ok(Harm::Injured),
            _ => Err(format!("{s:?}: killed or injured")),
        }
    }
}

/// One person harmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Victim {
    /// Their name.
    pub name: String,
    /// Their age at the incident, if known.
    pub age: Option<u32>,
    /// Their sex, if known (`female`, `male`, or as given).
    pub sex: Option<String>,
    /// Killed or injured.
    pub harm: Harm,
    /// How the claimant is related to them ("father", "self").
    pub relation: String,
}

/// A kind of loss.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LossKind {
    /// A death.
    Death,
    /// An injury.
    Injury,
    /// Damaged or destroyed property.
    Property,
}

impl LossKind {
    /// Its name in the mechanisms' rules.
    pub fn as_str(self) -> &'static str {
        match self {
            LossKind::Death => "death",
            LossKind::Injury => "injury",
            LossKind::Property => "property",
        }
    }
}

/// One loss claimed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Loss {
    /// Its kind.
    pub kind: LossKind,
    /// What was lost.
    pub description: String,
}

/// Where and when a claim was filed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filing {
    /// The mechanism's id.
    pub mechanism: String,
    /// The day it was filed, `YYYY-MM-DD`.
    pub date: String,
    /// The reference the mechanism gave.
    pub reference: String,
}

/// What was decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "lowercase")]
pub enum Decision {
    /// Paid: the amount, as given ("USD 2,500").
    Paid {
        /// The amount.
        amount: String,
    },
    /// Denied, and why.
    Denied {
        /// The reason given.
        reason: String,
    },
}

/// The stored body of a claim (personal data, never public).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimBody {
    /// The claimant's name.
    pub claimant: String,
    /// The victims.
    #[serde(default)]
    pub victims: Vec<Victim>,
    /// Losses other than the victims' deaths and injuries (property).
    #[serde(default)]
    pub losses: Vec<Loss>,
    /// Where it was filed.
    #[serde(default)]
    pub filing: Option<Filing>,
    /// What was decided.
    #[serde(default)]
    pub decision: Option<Decision>,
}

impl ClaimBody {
    /// Every loss: each victim's death or injury, then the others.
    pub fn all_losses(&self) -> Vec<Loss> {
        let mut out: Vec<Loss> = self
            .victims
            .iter()
            .map(|v| Loss {
                kind: match v.harm {
                    Harm::Killed => LossKind::Death,
                    Harm::Injured => LossKind::Injury,
                },
                description: format!("{} ({})", v.name, v.relation),
            })
            .collect();
        out.extend(self.losses.iter().cloned());
        out
    }

    /// The kinds of loss claimed, each once, in order.
    pub fn loss_kinds(&self) -> Vec<LossKind> {
        let mut kinds: Vec<LossKind> = self.all_losses().iter().map(|l| l.kind).collect();
        kinds.sort();
        kinds.dedup();
        kinds
    }
}

/// A claim as read: its body, the claimant's contact details (when the key was given), its documents
/// and the statuses it went through.
#[derive(Debug, Clone, Serialize)]
pub struct Claim {
    /// Its id.
    pub id: i64,
    /// The incident it is about.
    pub incident_id: String,
    /// Its status.
    pub status: Status,
    /// Raised by every change.
    pub version: i64,
    /// The claim.
    pub body: ClaimBody,
    /// True when contact details are stored (sealed).
    pub has_contact: bool,
    /// The contact details, opened with the key; `None` without a key or without details.
    pub contact: Option<String>,
    /// Attached documents (without their bytes).
    pub documents: Vec<Document>,
    /// Statuses reached, oldest first.
    pub events: Vec<Event>,
    /// When it was made.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
}

impl Claim {
    /// The kinds of the attached documents.
    pub fn document_kinds(&self) -> Vec<&str> {
        self.documents.iter().map(|d| d.kind.as_str()).collect()
    }
}
