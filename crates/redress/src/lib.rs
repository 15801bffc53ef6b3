//! Redress: what belligerents themselves declared and assessed, beside the independent record.
//!
//! - [`strikes`]: declared strikes read from CSV, JSON lines and the text of military strike
//!   releases ([`strikes::release`]), places resolved through the gazetteer or MGRS ([`mgrs`]),
//!   and imported into the store with their source archived raw ([`import`]);
//! - [`matching`]: for each incident, the declared strikes that could have caused it, each with a
//!   probability and its reasons, through a day-and-grid-cell index fast enough for 100k × 100k;
//! - [`parties`]: from the matched strikes and what the reports blame, the parties that could be
//!   responsible ([`parties::possible_responsible_parties`]);
//! - [`assessment`]: belligerents' own assessments (entered by an editor, or proposed from an
//!   account whose claimant is that belligerent and confirmed later), each change an audit event;
//! - [`bench`]: synthetic strike and incident sets for `toll bench-strikes`.
//!
//! Word lists (nations, coalitions, site kinds) are data in `data/`.

pub mod assessment;
pub mod bench;
mod error;
pub mod import;
pub mod matching;
pub mod mgrs;
pub mod nations;
pub mod parties;
pub mod sites;
pub mod strikes;

pub use error::RedressError;
pub use matching::{StrikeIndex, StrikeMatch};
pub use parties::{possible_responsible_parties, Party, PartyKind};
