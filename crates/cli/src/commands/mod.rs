//! One module per subcommand.

pub mod analyze;
pub mod assessment;
pub mod audit;
pub mod bench;
pub mod bench_link;
pub mod bench_serve;
pub mod bench_strikes;
pub mod check;
pub mod claim;
pub mod export;
pub mod generate;
pub mod incidents;
pub mod ingest;
pub mod queue;
pub mod record;
pub mod review;
pub mod serve;
pub mod show;
pub mod strikes;
pub mod user;
