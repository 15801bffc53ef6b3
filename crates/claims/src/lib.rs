//! Compensation claims for civilian harm.
//!
//! A family that lost someone in an incident of the record can be told where a claim can be
//! heard, by when and with which evidence, and the claim can be tracked to its end:
//!
//! - [`mechanisms`]: the compensation and payment mechanisms as cited data
//!   (`data/mechanisms.toml`): every statement names its source or says it is unknown;
//! - [`parties`]: who may be responsible for an incident (declared strikes' nations, the coalition,
//!   the actors reports blame), as plain data;
//! - [`claim`] and [`workflow`]: a claim (claimant, victims, losses, documents, filings) and its
//!   status from draft to closed;
//! - [`route`]: where a claim can be filed, in order of likely success, with deadlines, what the
//!   file lacks and why the other mechanisms do not apply;
//! - [`attach`]: documents checked by their bytes and size; [`seal`]: contact details encrypted
//!   with a key kept outside the database;
//! - [`service`]: the one code path that reads and changes claims, each read and change an event of
//!   the store's audit chain; [`dossier`]: one printable document per claim (HTML and PDF).
//!
//! Claims hold personal data: nothing here is ever shown on public pages, in exports or in the
//! public API.

pub mod attach;
pub mod claim;
pub mod dossier;
mod error;
pub mod mechanisms;
pub mod parties;
pub mod route;
pub mod seal;
pub mod service;
pub mod workflow;

pub use claim::{Claim, ClaimBody, Harm, Loss, LossKind, Victim};
pub use error::ClaimsError;
pub use mechanisms::{Mechanism, Mechanisms};
pub use parties::{PartyKind, ResponsibleParty};
pub use route::{Route, Routing};
pub use seal::ContactKey;
pub use service::Claims;
pub use workflow::Status;
