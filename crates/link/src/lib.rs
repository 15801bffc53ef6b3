//! Linking accounts from many reports into incidents.
//!
//! [`Linker`] takes one report's incident accounts at a time and either joins them to incidents it
//! already holds or opens new ones; [`ids`] gives incidents stable ids. Campaign totals never reach
//! the linker: callers pass incident-scope accounts only.

pub mod batch;
pub mod features;
pub mod ids;
mod iso3;
pub mod linker;

pub use batch::link_reports;
pub use features::{DatePoint, Features, PlacePoint};
pub use iso3::alpha3;
pub use linker::{EventSummary, LinkedIncident, Linker};
