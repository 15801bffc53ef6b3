//! One module per subcommand.

pub mod analyze;
pub mod bench;
pub mod bench_link;
pub mod check;
pub mod export;
pub mod generate;
pub mod incidents;
pub mod ingest;
pub mod record;
pub mod serve;
pub mod show;
pub mod user;
