//! `toll claim`: compensation claims for victims of an incident, through `toll_claims`. Every
//! command names who runs it (`--by`, a user with the analyst role or above), and every read and
//! change is in the audit chain. Claims hold personal data: they are never exported or served
//! publicly.

use super::incidents::open_existing;
use anyhow::Context;
use chrono::NaiveDate;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use toll_claims::claim::{Decision, Filing};
use toll_claims::service::Step;
use toll_claims::{
    Claims, ClaimsError, ContactKey, Harm, Loss, LossKind, ResponsibleParty, Victim,
};
use toll_store::{Role, SqliteStore};

/// Arguments of `toll claim`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: ClaimCommand,
    /// The database file [default: $TOLL_DB, else ./toll.db].
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    /// Who does this: a user (`toll user add`) with the analyst role or above; recorded in the audit chain.
    #[arg(long, global = true)]
    by: Option<String>,
    /// The key file that seals claimants' contact details [default: $TOLL_CLAIMS_KEY_FILE].
    #[arg(long, global = true)]
    key_file: Option<PathBuf>,
    /// The day deadlines are counted from, YYYY-MM-DD [default: today].
    #[arg(long, global = true)]
    today: Option<NaiveDate>,
}

#[derive(Debug, clap::Subcommand)]
enum ClaimCommand {
    /// Write a new key for claimants' contact details to FILE (keep it outside the database).
    Keygen {
        /// The key file to create (refused when it exists).
        file: PathBuf,
    },
    /// Open a claim for an incident; prints its id.
    New {
        /// The incident the claim is about.
        #[arg(long)]
        incident: String,
        /// The claimant's name.
        #[arg(long)]
        claimant: String,
        /// The claimant's contact details (sealed with the key).
        #[arg(long)]
        contact: Option<String>,
        /// A property loss (repeat for more).
        #[arg(long = "property")]
        property: Vec<String>,
    },
    /// Show one claim: claimant, victims, losses, documents, status history.
    Show {
        /// The claim's id.
        id: i64,
        /// Print it as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the claims (of one incident).
    List {
        /// Only this incident's claims.
        #[arg(long)]
        incident: Option<String>,
    },
    /// Add a victim to a claim.
    AddVictim {
        /// The claim's id.
        id: i64,
        /// The victim's name.
        #[arg(long)]
        name: String,
        /// Their age at the incident.
        #[arg(long)]
        age: Option<u32>,
        /// Their sex.
        #[arg(long)]
        sex: Option<String>,
        /// killed or injured.
        #[arg(long)]
        harm: Harm,
        /// How the claimant is related to them ("father", "self").
        #[arg(long)]
        relation: String,
    },
    /// Attach a document (PDF, PNG, JPEG, GIF, WebP or TIFF, by its bytes) to a claim.
    Attach {
        /// The claim's id.
        id: i64,
        /// The file.
        file: PathBuf,
        /// What it proves: identity, residence, death_certificate, medical_report, proof_of_relation,
        /// proof_of_ownership, evidence_of_damage, witness_statement, photo, other.
        #[arg(long)]
        kind: String,
        /// The largest file accepted, in bytes.
        #[arg(long, default_value_t = toll_claims::attach::MAX_BYTES)]
        max_bytes: usize,
    },
    /// Where the claim can be filed, in order of likely success, with deadlines, what is missing, and why the others do not apply.
    Route {
        /// The claim's id.
        id: i64,
        /// Print it as JSON.
        #[arg(long)]
        json: bool,
        /// The incident's possible responsible parties as a JSON array (from strike matching);
        /// without it, the parties the incident's accounts blame.
        #[arg(long)]
        parties: Option<PathBuf>,
    },
    /// Move a claim one step: filed, acknowledged, decided, appealed, closed.
    Status {
        /// The claim's id.
        id: i64,
        #[command(subcommand)]
        step: StepArg,
    },
    /// Deadlines of claims not yet filed that fall within a time (90d, 12w, 6m).
    Deadlines {
        /// How far ahead: days (90d), weeks (12w) or months of 30 days (6m).
        #[arg(long, default_value = "90d", value_parser = parse_within)]
        within: i64,
    },
    /// Write a claim's dossier as printable HTML and/or PDF.
    Dossier {
        /// The claim's id.
        id: i64,
        /// Write the HTML here.
        #[arg(long)]
        html: Option<PathBuf>,
        /// Write the PDF here.
        #[arg(long)]
        pdf: Option<PathBuf>,
        /// Give this mechanism's filing instructions [default: where it was filed, else the first route].
        #[arg(long)]
        mechanism: Option<String>,
    },
}

#[derive(Debug, clap::Subcommand)]
enum StepArg {
    /// Filed with a mechanism.
    Filed {
        /// The mechanism's id (see `toll claim route`).
        #[arg(long)]
        mechanism: String,
        /// The day it was filed, YYYY-MM-DD.
        #[arg(long)]
        date: String,
        /// The reference the mechanism gave.
        #[arg(long)]
        reference: String,
    },
    /// The mechanism acknowledged it.
    Acknowledged,
    /// Decided: --paid AMOUNT or --denied REASON.
    Decided {
        /// The amount paid ("USD 2,500").
        #[arg(long, conflicts_with = "denied", required_unless_present = "denied")]
        paid: Option<String>,
        /// Why it was denied.
        #[arg(long)]
        denied: Option<String>,
    },
    /// The decision was appealed.
    Appealed {
        /// Why.
        #[arg(long)]
        reason: String,
    },
    /// Closed.
    Closed,
}

/// `90d`, `12w`, `6m` (30 days) or a bare number of days, as days.
fn parse_within(text: &str) -> Result<i64, String> {
    let (n, unit) = match text.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&text[..i], c),
        _ => (text, 'd'),
    };
    let n: i64 = n
        .parse()
        .map_err(|_| format!("{text:?}: a number of days (90d), weeks (12w) or months (6m)"))?;
    match unit {
        'd' => Ok(n),
        'w' => Ok(n * 7),
        'm' => Ok(n * 30),
        _ => Err(format!("{text:?}: d, w or m")),
    }
}

/// Runs `toll claim`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let ClaimCommand::Keygen { file } = &args.command {
        return keygen(file);
    }
    let path = super::ingest::db_path(args.db.clone(), std::env::var_os("TOLL_DB"));
    let store = open_existing(Some(path))?;
    let Some(by) = args.by.as_deref() else {
        anyhow::bail!("claims need --by NAME: a user with the analyst role or above (`toll user add NAME --role analyst`)");
    };
    authorize(&store, by)?;
    let claims = Claims::new(&store, by)?;
    let today = match args.today {
        Some(d) => d,
        None => today()?,
    };
    match execute(&claims, &args, today) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) => match e.downcast::<ClaimsError>() {
            Ok(ClaimsError::Store(e)) => Err(e.into()),
            Ok(refused) => {
                eprintln!("toll: {refused}");
                Ok(ExitCode::from(1))
            }
            Err(other) => Err(other),
        },
    }
}

/// Today's date (UTC), from the system clock.
fn today() -> anyhow::Result<NaiveDate> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .context("the system clock is before 1970")?
        .as_secs();
    chrono::DateTime::from_timestamp(i64::try_from(secs).unwrap_or(i64::MAX), 0)
        .map(|t| t.date_naive())
        .context("the system clock is out of range")
}

/// Refuses anyone but an enabled user with the analyst role or above.
fn authorize(store: &SqliteStore, by: &str) -> anyhow::Result<()> {
    let user = store.user(by)?.with_context(|| {
        format!("no user named {by:?} (claims need a user with the analyst role or above)")
    })?;
    if user.disabled {
        anyhow::bail!("user {by:?} is disabled");
    }
    if user.role < Role::Analyst {
        anyhow::bail!(
            "claims need the analyst role or above; {by} is {}",
            user.role
        );
    }
    Ok(())
}

fn keygen(file: &std::path::Path) -> anyhow::Result<ExitCode> {
    let key = ContactKey::generate()?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options
        .open(file)
        .with_context(|| format!("{}: cannot create the key file", file.display()))?;
    writeln!(f, "{key}").with_context(|| format!("{}: cannot write", file.display()))?;
    eprintln!(
        "toll: wrote a new key to {}; keep it outside the database and back it up: without it the contact details cannot be read",
        file.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn key(args: &Args) -> Result<ContactKey, ClaimsError> {
    ContactKey::locate(args.key_file.as_deref())
}

/// The key when one is given (a flag or the environment), else `None`; an unreadable key is an error.
fn key_if_given(args: &Args) -> Result<Option<ContactKey>, ClaimsError> {
    let given = args.key_file.is_some()
        || std::env::var_os(toll_claims::seal::KEY_FILE_VAR).is_some_and(|v| !v.is_empty());
    given.then(|| key(args)).transpose()
}

/// Runs one claims command; a refusal is a [`ClaimsError`] inside the error, output failures are not.
fn execute(claims: &Claims<'_>, args: &Args, today: NaiveDate) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match &args.command {
        ClaimCommand::Keygen { .. } => {}
        ClaimCommand::New {
            incident,
            claimant,
            contact,
            property,
        } => {
            let key = match contact {
                Some(_) => Some(key(args)?),
                None => None,
            };
            let losses = property
                .iter()
                .map(|p| Loss {
                    kind: LossKind::Property,
                    description: p.clone(),
                })
                .collect();
            let id = claims.create(incident, claimant, contact.as_deref(), key.as_ref(), losses)?;
            writeln!(out, "{id}")?;
        }
        ClaimCommand::Show { id, json } => {
            let key = key_if_given(args)?;
            let c = claims.get(*id, key.as_ref())?;
            if *json {
                let v = serde_json::to_string_pretty(&c)
                    .map_err(|e| ClaimsError::Invalid(e.to_string()))?;
                writeln!(out, "{v}")?;
                return Ok(());
            }
            writeln!(
                out,
                "claim {} for incident {} — {} (version {})",
                c.id, c.incident_id, c.status, c.version
            )?;
            writeln!(out, "claimant: {}", c.body.claimant)?;
            let contact = match (&c.contact, c.has_contact) {
                (Some(x), _) => x.clone(),
                (None, true) => "sealed (pass --key-file to read it)".into(),
                (None, false) => "none".into(),
            };
            writeln!(out, "contact: {contact}")?;
            for v in &c.body.victims {
                writeln!(
                    out,
                    "victim: {} ({:?}), age {}, sex {}, the claimant's {}",
                    v.name,
                    v.harm,
                    v.age.map_or("unknown".into(), |a| a.to_string()),
                    v.sex.as_deref().unwrap_or("unknown"),
                    v.relation
                )?;
            }
            for l in &c.body.losses {
                writeln!(out, "loss: {}: {}", l.kind.as_str(), l.description)?;
            }
            for d in &c.documents {
                writeln!(
                    out,
                    "document {}: {} {} ({}, {} bytes, sha256 {})",
                    d.id, d.kind, d.name, d.media_type, d.size, d.sha256
                )?;
            }
            for e in &c.events {
                writeln!(out, "{}  {}  {}", e.at, e.status, e.detail)?;
            }
        }
        ClaimCommand::List { incident } => {
            for l in claims.list(incident.as_deref())? {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{} victims\t{}",
                    l.id, l.incident_id, l.status, l.claimant, l.victims, l.updated_at
                )?;
            }
        }
        ClaimCommand::AddVictim {
            id,
            name,
            age,
            sex,
            harm,
            relation,
        } => claims.add_victim(
            *id,
            Victim {
                name: name.clone(),
                age: *age,
                sex: sex.clone(),
                harm: *harm,
                relation: relation.clone(),
            },
        )?,
        ClaimCommand::Attach {
            id,
            file,
            kind,
            max_bytes,
        } => {
            let name = file.display().to_string();
            let bytes = read_limited(file, *max_bytes)?;
            let base = file
                .file_name()
                .map_or(name.clone(), |n| n.to_string_lossy().into_owned());
            let (doc, sha) = claims.attach(*id, kind, &base, &bytes, *max_bytes)?;
            writeln!(out, "document {doc}\t{sha}")?;
        }
        ClaimCommand::Route { id, json, parties } => {
            let parties = match parties {
                Some(p) => Some(read_parties(p)?),
                None => None,
            };
            let r = claims.route(*id, parties, today)?;
            if *json {
                let v = serde_json::to_string_pretty(&r)
                    .map_err(|e| ClaimsError::Invalid(e.to_string()))?;
                writeln!(out, "{v}")?;
                return Ok(());
            }
            writeln!(
                out,
                "claim {id}: incident {} ({}, {})",
                r.incident.id,
                r.incident.date.map_or("undated".into(), |d| d.to_string()),
                r.incident.country.as_deref().unwrap_or("unknown country")
            )?;
            for p in &r.parties {
                writeln!(
                    out,
                    "possible party: {} ({:?}, {:.2}): {}",
                    p.name,
                    p.kind,
                    p.probability,
                    p.evidence.join("; ")
                )?;
            }
            writeln!(out, "\nwhere it can be filed, most likely first:")?;
            for (n, route) in r.routes.iter().enumerate() {
                writeln!(out, "{}. {} [{}]", n + 1, route.name, route.mechanism)?;
                writeln!(out, "   why: {}", route.why.join("; "))?;
                writeln!(out, "   deadline: {}", route.deadline.say())?;
                writeln!(
                    out,
                    "   missing: {}",
                    if route.missing.is_empty() {
                        "nothing".into()
                    } else {
                        route.missing.join("; ")
                    }
                )?;
                writeln!(out, "   where: {}", route.where_to_file)?;
            }
            writeln!(out, "\nwhere it cannot:")?;
            for e in &r.excluded {
                writeln!(
                    out,
                    "- {} [{}]: {}",
                    e.name,
                    e.mechanism,
                    e.reasons.join("; ")
                )?;
            }
        }
        ClaimCommand::Status { id, step } => {
            let step = match step {
                StepArg::Filed {
                    mechanism,
                    date,
                    reference,
                } => Step::Filed(Filing {
                    mechanism: mechanism.clone(),
                    date: date.clone(),
                    reference: reference.clone(),
                }),
                StepArg::Acknowledged => Step::Acknowledged,
                StepArg::Decided { paid, denied } => Step::Decided(match (paid, denied) {
                    (Some(amount), _) => Decision::Paid {
                        amount: amount.clone(),
                    },
                    (None, Some(reason)) => Decision::Denied {
                        reason: reason.clone(),
                    },
                    (None, None) => {
                        return Err(ClaimsError::Invalid(
                            "decided needs --paid AMOUNT or --denied REASON".into(),
                        )
                        .into())
                    }
                }),
                StepArg::Appealed { reason } => Step::Appealed(reason.clone()),
                StepArg::Closed => Step::Closed,
            };
            let status = claims.step(*id, step)?;
            writeln!(out, "claim {id}: {status}")?;
        }
        ClaimCommand::Deadlines { within } => {
            for d in claims.deadlines(*within, today)? {
                writeln!(
                    out,
                    "{}\tclaim {}\t{}\t{}\t{} days left",
                    d.date, d.claim, d.incident_id, d.mechanism, d.days_left
                )?;
            }
        }
        ClaimCommand::Dossier {
            id,
            html,
            pdf,
            mechanism,
        } => {
            if html.is_none() && pdf.is_none() {
                return Err(ClaimsError::Invalid(
                    "dossier needs --html FILE and/or --pdf FILE".into(),
                )
                .into());
            }
            let key = key_if_given(args)?;
            let d = claims.dossier(*id, key.as_ref(), mechanism.as_deref(), today)?;
            let write = |path: &PathBuf, bytes: &[u8]| {
                std::fs::write(path, bytes).map_err(|e| {
                    ClaimsError::Dossier(format!("{}: cannot write: {e}", path.display()))
                })
            };
            if let Some(h) = html {
                write(h, toll_claims::dossier::html::render(&d).as_bytes())?;
            }
            if let Some(p) = pdf {
                let pdf = toll_claims::dossier::pdf::render_noted(&d);
                if let Some(w) = &pdf.warning {
                    eprintln!("toll: warning: {}: {w}", p.display());
                }
                write(p, &pdf.bytes)?;
            }
        }
    }
    Ok(())
}

/// Reads at most `max` bytes of `file` (one more, to tell that it is larger).
fn read_limited(file: &std::path::Path, max: usize) -> Result<Vec<u8>, ClaimsError> {
    use std::io::Read;
    let refuse = |reason: String| ClaimsError::Document {
        name: file.display().to_string(),
        reason,
    };
    let f = std::fs::File::open(file).map_err(|e| refuse(format!("cannot read: {e}")))?;
    if !f.metadata().is_ok_and(|m| m.is_file()) {
        return Err(refuse("not a regular file".into()));
    }
    let mut bytes = Vec::new();
    f.take(max as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| refuse(format!("cannot read: {e}")))?;
    Ok(bytes)
}

fn read_parties(path: &std::path::Path) -> Result<Vec<ResponsibleParty>, ClaimsError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| ClaimsError::Invalid(format!("{}: cannot read: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| {
        ClaimsError::Invalid(format!(
            "{}: not a JSON array of parties: {e}",
            path.display()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_read_in_days() {
        assert_eq!(parse_within("90d"), Ok(90));
        assert_eq!(parse_within("2w"), Ok(14));
        assert_eq!(parse_within("3m"), Ok(90));
        assert_eq!(parse_within("45"), Ok(45));
        assert!(parse_within("x").is_err());
        assert!(parse_within("9y").is_err());
    }
}
