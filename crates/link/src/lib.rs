//! Linking accounts from many reports into incidents.
//!
//! [`Linker`] takes one report's incident accounts at a time and either joins them to incidents it
//! already holds or opens new ones; [`ids`] gives incidents stable ids; [`batch`] links a whole
//! set of reports and lends incidents' dates and places to accounts that lack them; [`reconcile`]
//! turns an incident's accounts into low / best / high figures, contradictions and a grade.
//! Campaign totals never reach the linker: callers pass incident-scope accounts only.

pub mod actors;
pub mod batch;
pub mod features;
pub mod ids;
pub mod incident;
mod iso3;
pub mod linker;
pub mod model;
pub mod reconcile;
pub mod synthetic;

pub use batch::{link_reports, link_reports_explained};
pub use features::{DatePoint, Features, PlacePoint};
pub use incident::{incidents_of, summarize, Incident};
pub use iso3::alpha3;
pub use linker::{EventSummary, LinkedIncident, Linker};
pub use model::{Comparison, LinkExplanation};
pub use reconcile::{reconcile, Conceded, Grade, Reconciled, SourcedAccount};
