//! One module per subcommand.

pub mod analyze;
pub mod bench;
pub mod bench_link;
pub mod ingest;
