//! `toll review account|incident ID …`: a reviewer's decisions, through `toll_record::review` (the
//! code path the API uses too). Each prints the audit event it wrote and the incidents' new versions.

use super::incidents::open_existing;
use std::path::PathBuf;
use std::process::ExitCode;
use toll_record::review::{self, AccountEdit, Decision, MoveTo, Pin, PlaceEdit, Reviewed};
use toll_record::RecordError;

/// Arguments of `toll review`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    target: Target,
    /// Who decides (the audit event names them).
    #[arg(long, value_name = "NAME", global = true)]
    by: Option<String>,
    /// Why (kept in the audit event; a decision without a reason is refused).
    #[arg(long, value_name = "TEXT", global = true)]
    reason: Option<String>,
    /// The incident version the decision was made on (`toll show` prints it); the decision is
    /// refused when the incident has changed since.
    #[arg(long = "version", value_name = "N", global = true)]
    expected_version: Option<i64>,
    /// The database file [default: $TOLL_DB, else ./toll.db].
    #[arg(long, value_name = "FILE", global = true)]
    db: Option<PathBuf>,
}

#[derive(Debug, clap::Subcommand)]
enum Target {
    /// Decide on one account (its id as `toll export accounts` and the API give it).
    Account {
        /// The account id.
        id: i64,
        #[command(subcommand)]
        decision: AccountDecision,
    },
    /// Decide on one incident.
    Incident {
        /// The incident id.
        id: String,
        #[command(subcommand)]
        decision: IncidentDecision,
    },
}

#[derive(Debug, clap::Subcommand)]
enum AccountDecision {
    /// The account says what its report says.
    Confirm,
    /// The account is wrong: it leaves the figures, and re-extraction never brings it back.
    Reject,
    /// Correct the account: the reviewer's version is kept beside the machine's and used from then on.
    Edit(Box<EditArgs>),
}

/// The fields an edit may set; figures as `23`, `23-41`, `>=23`, `<=41`, `~30` or `none`.
#[derive(Debug, clap::Args)]
struct EditArgs {
    /// Killed, as a range.
    #[arg(long, value_name = "RANGE")]
    killed: Option<String>,
    /// Injured, as a range.
    #[arg(long, value_name = "RANGE")]
    injured: Option<String>,
    /// Who the victims were: civilians, combatants, mixed, unspecified.
    #[arg(long)]
    victims: Option<String>,
    /// incident (one event) or aggregate (a total).
    #[arg(long)]
    scope: Option<String>,
    /// Who makes the statement (`none`: the article's own voice).
    #[arg(long, value_name = "TEXT")]
    claimed_by: Option<String>,
    /// What the statement blames (`none`: nothing).
    #[arg(long, value_name = "TEXT")]
    blamed: Option<String>,
    #[command(flatten)]
    when: DateArgs,
    #[command(flatten)]
    place: PlaceArgs,
}

/// A date as a reviewer gives it.
#[derive(Debug, clap::Args)]
struct DateArgs {
    /// Event date YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
    /// Its UCDP date_prec (1 day … 5 year) [default: 1].
    #[arg(long, value_name = "N", requires = "date")]
    date_prec: Option<u8>,
}

/// A place as a reviewer gives it: a name with its coordinates and country.
#[derive(Debug, clap::Args)]
struct PlaceArgs {
    /// The place's name.
    #[arg(long, value_name = "NAME", requires_all = ["lat", "lon", "country"])]
    place: Option<String>,
    /// Latitude (WGS84).
    #[arg(long, requires = "place", allow_negative_numbers = true)]
    lat: Option<f64>,
    /// Longitude (WGS84).
    #[arg(long, requires = "place", allow_negative_numbers = true)]
    lon: Option<f64>,
    /// ISO 3166-1 alpha-2 country code.
    #[arg(long, requires = "place")]
    country: Option<String>,
    /// UCDP where_prec (1 exact … 6 country) [default: 1].
    #[arg(long, value_name = "N", requires = "place")]
    where_prec: Option<u8>,
}

#[derive(Debug, clap::Subcommand)]
enum IncidentDecision {
    /// Move one of its accounts to another incident (--to ID) or to a new one (--new).
    Move {
        /// The account to move.
        #[arg(long, value_name = "ID")]
        account: i64,
        /// The incident it belongs to.
        #[arg(
            long,
            value_name = "ID",
            conflicts_with = "new",
            required_unless_present = "new"
        )]
        to: Option<String>,
        /// Open a new incident for it.
        #[arg(long)]
        new: bool,
    },
    /// Split accounts off this incident: they leave it together for one new incident.
    Split {
        /// The accounts to split off (comma-separated ids; at least one account stays).
        #[arg(long, value_name = "ID,…", value_delimiter = ',', required = true)]
        accounts: Vec<i64>,
    },
    /// Merge this incident into another: its accounts join it, and this id redirects there.
    Merge {
        /// The incident that stays.
        #[arg(long, value_name = "ID")]
        into: String,
    },
    /// Pin the incident's date and/or place: reconciliation keeps them whatever the accounts say.
    Pin {
        #[command(flatten)]
        when: DateArgs,
        #[command(flatten)]
        place: PlaceArgs,
    },
    /// Set the grade: confirmed, fair, weak, contested or discounted (the reason is shown with it).
    Grade {
        /// The grade.
        grade: String,
    },
    /// Mark the incident published.
    Publish,
    /// Mark the incident not published.
    Unpublish,
}

/// Runs `toll review`: exit 0 when the decision was recorded, 1 when it was refused (a conflict,
/// an unknown id, a decision that cannot apply), 2 on a usage or database error.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let (Some(by), Some(reason)) = (args.by.as_deref(), args.reason.as_deref()) else {
        anyhow::bail!("a decision names its reviewer (--by NAME) and its reason (--reason TEXT)");
    };
    let d = Decision {
        by,
        reason,
        expected_version: args.expected_version,
    };
    let path = super::ingest::db_path(args.db, std::env::var_os("TOLL_DB"));
    let store = open_existing(Some(path.clone()))?;
    // a decision and a linking pass must not interleave (a pass that read the incidents before a
    // merge would write the merged incident back): decide under the lock `toll ingest` links under
    let _lock = super::ingest::link_lock(&path)?;
    let out = match &args.target {
        Target::Account { id, decision } => match decision {
            AccountDecision::Confirm => review::confirm_account(&store, *id, &d),
            AccountDecision::Reject => review::reject_account(&store, *id, &d),
            AccountDecision::Edit(e) => match edit_of(e) {
                Ok(edit) => review::edit_account(&store, *id, &edit, &d),
                Err(e) => Err(e),
            },
        },
        Target::Incident { id, decision } => match decision {
            IncidentDecision::Move { account, to, new } => {
                let to = match (to, new) {
                    (Some(t), false) => MoveTo::Incident(t.clone()),
                    _ => MoveTo::New,
                };
                review::move_account(&store, id, *account, &to, &d)
            }
            IncidentDecision::Split { accounts } => {
                review::split_incident(&store, id, accounts, &d)
            }
            IncidentDecision::Merge { into } => review::merge_incidents(&store, id, into, &d),
            IncidentDecision::Pin { when, place } => {
                let pin = Pin {
                    date: when.date.clone(),
                    date_prec: when.date_prec,
                    place: place_of(place),
                };
                match check_date(&pin.date) {
                    Ok(()) => review::pin_incident(&store, id, &pin, &d),
                    Err(e) => Err(e),
                }
            }
            IncidentDecision::Grade { grade } => review::grade_incident(&store, id, grade, &d),
            IncidentDecision::Publish => review::publish_incident(&store, id, true, &d),
            IncidentDecision::Unpublish => review::publish_incident(&store, id, false, &d),
        },
    };
    match out {
        Ok(Reviewed { event, incidents }) => {
            eprintln!("toll: recorded as audit event {event}");
            for (id, version) in incidents {
                println!("{id}\tversion {version}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(
            e @ (RecordError::Conflict { .. }
            | RecordError::NotFound { .. }
            | RecordError::Invalid(_)),
        ) => {
            eprintln!("toll: refused: {e}");
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}

fn place_of(p: &PlaceArgs) -> Option<PlaceEdit> {
    match (&p.place, p.lat, p.lon, &p.country) {
        (Some(name), Some(lat), Some(lon), Some(country)) => Some(PlaceEdit {
            name: name.clone(),
            lat,
            lon,
            country: country.to_ascii_uppercase(),
            where_prec: p.where_prec.unwrap_or(1),
        }),
        _ => None,
    }
}

fn check_date(date: &Option<String>) -> Result<(), RecordError> {
    match date {
        Some(d) => review::parse_date(d, None).map(|_| ()),
        None => Ok(()),
    }
}

/// `none` clears a text field.
fn text_or_none(t: &Option<String>) -> Option<Option<String>> {
    t.as_ref()
        .map(|t| (!t.eq_ignore_ascii_case("none")).then(|| t.clone()))
}

fn edit_of(e: &EditArgs) -> Result<AccountEdit, RecordError> {
    Ok(AccountEdit {
        killed: e.killed.as_deref().map(review::parse_range).transpose()?,
        injured: e.injured.as_deref().map(review::parse_range).transpose()?,
        victims: e
            .victims
            .as_deref()
            .map(review::parse_victims)
            .transpose()?,
        scope: e.scope.as_deref().map(review::parse_scope).transpose()?,
        claimed_by: text_or_none(&e.claimed_by),
        blamed: text_or_none(&e.blamed),
        date: e
            .when
            .date
            .as_deref()
            .map(|d| review::parse_date(d, e.when.date_prec).map(Some))
            .transpose()?,
        place: place_of(&e.place).map(Some),
    })
}
