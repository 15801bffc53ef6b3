//! `toll user` and `toll token`: who may sign in to `toll serve`, with which role, and API tokens.

use super::ingest::db_path;
use anyhow::Context;
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;
use toll_store::{auth, Role, SqliteStore};

/// Arguments of `toll user`.
#[derive(Debug, clap::Args)]
pub struct UserArgs {
    #[command(subcommand)]
    command: UserCommand,
    /// The database file [default: $TOLL_DB, else ./toll.db].
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    /// Who makes the change, as the audit log names them [default: $USER, else `toll`].
    #[arg(long, value_name = "NAME", global = true)]
    by: Option<String>,
}

#[derive(Debug, clap::Subcommand)]
enum UserCommand {
    /// Add a user; prints a generated one-time password (or reads one from stdin with --password-stdin).
    Add {
        /// The sign-in name (letters, digits, '.', '_', '-', '@').
        name: String,
        /// What the user may do: viewer, analyst, editor or admin.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// Read the password (first line, at least 12 characters) from standard input instead.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the users with their roles, state and last sign-in.
    List,
    /// Disable a user: no sign-in, and the user's sessions and tokens stop working.
    Disable {
        /// The user's name.
        name: String,
    },
    /// Enable a disabled user again.
    Enable {
        /// The user's name.
        name: String,
    },
    /// Give a user a new one-time password (printed) and end the user's sessions.
    Reset {
        /// The user's name.
        name: String,
        /// Read the password from standard input instead.
        #[arg(long)]
        password_stdin: bool,
    },
}

/// Arguments of `toll token`.
#[derive(Debug, clap::Args)]
pub struct TokenArgs {
    #[command(subcommand)]
    command: TokenCommand,
    /// The database file [default: $TOLL_DB, else ./toll.db].
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    /// Who makes the change, as the audit log names them [default: $USER, else `toll`].
    #[arg(long, value_name = "NAME", global = true)]
    by: Option<String>,
}

#[derive(Debug, clap::Subcommand)]
enum TokenCommand {
    /// Make an API token acting as USER; prints it once (only its SHA-256 is stored).
    Create {
        /// The user the token acts as.
        user: String,
    },
    /// Revoke the token with this id.
    Revoke {
        /// The token's id (from `toll token create` or `toll token list`).
        id: i64,
    },
    /// List the tokens (ids, users, when made and revoked; never the tokens).
    List,
}

fn parse_role(s: &str) -> Result<Role, String> {
    s.parse().map_err(|e: toll_store::StoreError| e.to_string())
}

/// Opens the database with `by` (else `$USER`, else `toll`) as the audit log's actor: every change
/// to users and tokens is an audit event naming who made it.
fn open(db: Option<PathBuf>, by: Option<String>) -> anyhow::Result<SqliteStore> {
    let path = db_path(db, std::env::var_os("TOLL_DB"));
    let store =
        SqliteStore::open(&path).with_context(|| format!("{}: cannot open", path.display()))?;
    let actor = by
        .or_else(|| std::env::var("USER").ok())
        .filter(|a| !a.trim().is_empty())
        .unwrap_or_else(|| "toll".to_string());
    Ok(store.with_actor(&actor))
}

/// A password from stdin (its first line), or a generated one (then `true`: print it).
fn new_password(from_stdin: bool) -> anyhow::Result<(String, bool)> {
    if !from_stdin {
        return Ok((auth::generate_password()?, true));
    }
    let mut input = String::new();
    std::io::stdin()
        .take(auth::MAX_PASSWORD_BYTES as u64 + 2)
        .read_to_string(&mut input)
        .context("reading the password from standard input")?;
    let password = input.lines().next().unwrap_or("").to_string();
    auth::check_password_strength(&password)?;
    Ok((password, false))
}

/// Runs `toll user …`.
pub fn run_user(args: UserArgs) -> anyhow::Result<ExitCode> {
    let store = open(args.db, args.by)?;
    match args.command {
        UserCommand::Add {
            name,
            role,
            password_stdin,
        } => {
            let (password, show) = new_password(password_stdin)?;
            let user = store.add_user(&name, role, &password)?;
            eprintln!("toll: added {} ({})", user.name, user.role);
            if show {
                println!("{password}");
                eprintln!(
                    "toll: the password above is shown once; change it with `toll user reset`"
                );
            }
        }
        UserCommand::List => {
            println!(
                "{:<24} {:<8} {:<9} {:<25} last sign-in",
                "name", "role", "state", "added"
            );
            for u in store.users()? {
                println!(
                    "{:<24} {:<8} {:<9} {:<25} {}",
                    u.name,
                    u.role,
                    if u.disabled { "disabled" } else { "active" },
                    u.created_at,
                    u.last_login.as_deref().unwrap_or("never")
                );
            }
        }
        UserCommand::Disable { name } => {
            store.set_user_disabled(&name, true)?;
            eprintln!("toll: disabled {name}");
        }
        UserCommand::Enable { name } => {
            store.set_user_disabled(&name, false)?;
            eprintln!("toll: enabled {name}");
        }
        UserCommand::Reset {
            name,
            password_stdin,
        } => {
            let (password, show) = new_password(password_stdin)?;
            store.set_password(&name, &password)?;
            eprintln!("toll: new password for {name}; the user's sessions are ended");
            if show {
                println!("{password}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `toll token …`.
pub fn run_token(args: TokenArgs) -> anyhow::Result<ExitCode> {
    let store = open(args.db, args.by)?;
    match args.command {
        TokenCommand::Create { user } => {
            let (id, token) = store.create_token(&user)?;
            eprintln!("toll: token {id} acts as {user}; it is shown once, send it as `Authorization: Bearer <token>`");
            println!("{token}");
        }
        TokenCommand::Revoke { id } => {
            store.revoke_token(id)?;
            eprintln!("toll: revoked token {id}");
        }
        TokenCommand::List => {
            println!("{:<6} {:<24} {:<25} revoked", "id", "user", "created");
            for t in store.tokens()? {
                println!(
                    "{:<6} {:<24} {:<25} {}",
                    t.id,
                    t.user,
                    t.created_at,
                    t.revoked_at.as_deref().unwrap_or("-")
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
