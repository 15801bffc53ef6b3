//! `toll assessment add|propose|confirm|list`: belligerents' own assessments of incidents, through
//! `toll_redress::assessment` (the code path the API and the web form use too). Every change is an
//! audit event and reconciles the incident again.

use super::incidents::open_existing;
use super::ingest::db_path;
use std::path::PathBuf;
use std::process::ExitCode;
use toll_record::review::{parse_range, Decision};
use toll_redress::assessment::{self, Entry, Kind};
use toll_redress::RedressError;

/// Arguments of `toll assessment`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
    /// Who makes the change (the audit event names them).
    #[arg(long, value_name = "NAME", global = true)]
    by: Option<String>,
    /// Why (kept in the audit event; required for a change).
    #[arg(long, value_name = "TEXT", global = true)]
    reason: Option<String>,
    /// The incident version the change was made on; refused when the incident changed since.
    #[arg(long = "version", value_name = "N", global = true)]
    expected_version: Option<i64>,
    /// The database file [default: $TOLL_DB, else ./toll.db].
    #[arg(long, value_name = "FILE", global = true)]
    db: Option<PathBuf>,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Enter (or replace) a belligerent's assessment of an incident, confirmed.
    Add {
        /// The incident id.
        incident: String,
        /// Who assessed it ("CENTCOM").
        #[arg(long, value_name = "NAME")]
        belligerent: String,
        /// not-assessed, credible, non-credible or duplicate.
        #[arg(long, value_name = "KIND")]
        assessment: String,
        /// Killed it concedes: 105, 100-110, >=105, ~100 or none.
        #[arg(long, value_name = "RANGE")]
        killed: Option<String>,
        /// Injured it concedes.
        #[arg(long, value_name = "RANGE")]
        injured: Option<String>,
        /// The reason it gives.
        #[arg(long = "given-reason", value_name = "TEXT")]
        given_reason: Option<String>,
        /// The statement's date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// Where the statement is published.
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        /// A file holding the statement's text, archived with its SHA-256.
        #[arg(long, value_name = "FILE")]
        statement: Option<PathBuf>,
    },
    /// Propose an assessment from an account whose claimant is the belligerent (an editor
    /// confirms it later).
    Propose {
        /// The account id.
        account: i64,
        /// The belligerent (default: the account's claimant).
        #[arg(long, value_name = "NAME")]
        belligerent: Option<String>,
        /// not-assessed, credible, non-credible or duplicate.
        #[arg(long, value_name = "KIND", default_value = "credible")]
        assessment: String,
    },
    /// Confirm a proposed assessment.
    Confirm {
        /// The incident id.
        incident: String,
        /// Whose assessment.
        #[arg(long, value_name = "NAME")]
        belligerent: String,
    },
    /// List an incident's assessments as JSON lines.
    List {
        /// The incident id.
        incident: String,
    },
}

fn range(text: &Option<String>) -> Result<Option<toll_model::Range>, RedressError> {
    match text {
        None => Ok(None),
        Some(t) => parse_range(t).map_err(|e| RedressError::Invalid(e.to_string())),
    }
}

/// Runs `toll assessment`: exit 1 when a change is refused (unknown id, bad value, conflict).
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let path = db_path(args.db, std::env::var_os("TOLL_DB"));
    let store = open_existing(Some(path.clone()))?;
    if let Command::List { incident } = &args.command {
        return match assessment::of_incident(&store, incident) {
            Ok(list) => {
                for a in &list {
                    println!("{}", assessment::to_json(a));
                }
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => refused(e),
        };
    }
    let (Some(by), Some(reason)) = (args.by.as_deref(), args.reason.as_deref()) else {
        anyhow::bail!("a change names who makes it (--by NAME) and why (--reason TEXT)");
    };
    let d = Decision {
        by,
        reason,
        expected_version: args.expected_version,
    };
    // a change and a linking pass must not interleave: change under the lock `toll ingest` links under
    let _lock = super::ingest::link_lock(&path)?;
    let done = match args.command {
        Command::Add {
            incident,
            belligerent,
            assessment: kind,
            killed,
            injured,
            given_reason,
            date,
            url,
            statement,
        } => (|| {
            let statement_text = match &statement {
                Some(p) => Some(std::fs::read_to_string(p).map_err(|e| {
                    RedressError::Invalid(format!("{}: cannot read: {e}", p.display()))
                })?),
                None => None,
            };
            let entry = Entry {
                belligerent,
                kind: Kind::parse(&kind)?,
                killed: range(&killed)?,
                injured: range(&injured)?,
                reason: given_reason,
                statement_date: date,
                url,
                statement_text,
            };
            assessment::enter(&store, &incident, &entry, &d)
        })(),
        Command::Propose {
            account,
            belligerent,
            assessment: kind,
        } => Kind::parse(&kind).and_then(|k| {
            assessment::propose_from_account(&store, account, belligerent.as_deref(), k, &d)
        }),
        Command::Confirm {
            incident,
            belligerent,
        } => assessment::confirm(&store, &incident, &belligerent, &d),
        Command::List { .. } => return Ok(ExitCode::SUCCESS),
    };
    match done {
        Ok(changed) => {
            println!(
                "assessment {} of incident {} recorded (audit event {})",
                changed.assessment, changed.incident, changed.event
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => refused(e),
    }
}

fn refused(e: RedressError) -> anyhow::Result<ExitCode> {
    match e {
        RedressError::Store(e) => Err(e.into()),
        e => {
            eprintln!("toll: error: {e}");
            Ok(ExitCode::from(1))
        }
    }
}
