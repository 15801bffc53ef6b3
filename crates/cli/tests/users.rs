//! `toll user` and `toll token`: users are added with a role and a one-time password, listed,
//! disabled and reset; tokens are printed once and stored only as a hash.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const TOLL: &str = env!("CARGO_BIN_EXE_toll");

fn toll(args: &[&str], dir: &Path, stdin: Option<&str>) -> Output {
    let mut child = Command::new(TOLL)
        .args(args)
        .current_dir(dir)
        .env_remove("TOLL_DB")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the toll binary runs");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin is piped")
            .write_all(input.as_bytes())
            .expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("toll finishes")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn users_are_added_listed_disabled_and_reset() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let add = toll(
        &["user", "add", "amira", "--role", "admin", "--db", "t.db"],
        d,
        None,
    );
    assert!(add.status.success(), "{add:?}");
    let password = out(&add).trim().to_string();
    assert_eq!(
        password.chars().count(),
        20,
        "a generated one-time password"
    );

    let piped = toll(
        &[
            "user",
            "add",
            "vik",
            "--role",
            "viewer",
            "--password-stdin",
            "--db",
            "t.db",
        ],
        d,
        Some("a password from stdin\n"),
    );
    assert!(piped.status.success(), "{piped:?}");
    assert_eq!(out(&piped), "", "a password read from stdin is not printed");

    let short = toll(
        &[
            "user",
            "add",
            "sam",
            "--role",
            "analyst",
            "--password-stdin",
            "--db",
            "t.db",
        ],
        d,
        Some("short\n"),
    );
    assert_eq!(short.status.code(), Some(2));
    let again = toll(
        &["user", "add", "vik", "--role", "admin", "--db", "t.db"],
        d,
        None,
    );
    assert_eq!(again.status.code(), Some(2), "a name is taken once");
    let role = toll(
        &["user", "add", "x", "--role", "root", "--db", "t.db"],
        d,
        None,
    );
    assert_eq!(role.status.code(), Some(2), "unknown role");

    assert!(toll(&["user", "disable", "vik", "--db", "t.db"], d, None)
        .status
        .success());
    let list = out(&toll(&["user", "list", "--db", "t.db"], d, None));
    assert!(list.contains("amira") && list.contains("admin"), "{list}");
    assert!(
        list.lines()
            .any(|l| l.starts_with("vik ") && l.contains("disabled")),
        "{list}"
    );
    let missing = toll(&["user", "disable", "nobody", "--db", "t.db"], d, None);
    assert_eq!(missing.status.code(), Some(2));

    let reset = toll(&["user", "reset", "amira", "--db", "t.db"], d, None);
    assert!(reset.status.success());
    let new_password = out(&reset).trim().to_string();
    assert_eq!(new_password.chars().count(), 20);
    assert_ne!(new_password, password);

    // what is stored: PHC strings, never the password
    let conn = rusqlite::Connection::open(d.join("t.db")).expect("open");
    let stored: String = conn
        .query_row("SELECT password FROM users WHERE name = 'amira'", [], |r| {
            r.get(0)
        })
        .expect("stored hash");
    assert!(stored.starts_with("$argon2id$") && !stored.contains(&new_password));
}

#[test]
fn tokens_are_printed_once_stored_hashed_and_revoked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    assert!(toll(
        &["user", "add", "bot", "--role", "editor", "--db", "t.db"],
        d,
        None
    )
    .status
    .success());
    let created = toll(&["token", "create", "bot", "--db", "t.db"], d, None);
    assert!(created.status.success(), "{created:?}");
    let token = out(&created).trim().to_string();
    assert!(token.starts_with("toll_"), "{token}");
    let conn = rusqlite::Connection::open(d.join("t.db")).expect("open");
    let (id, hash): (i64, String) = conn
        .query_row("SELECT id, token_sha256 FROM api_tokens", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("one token");
    assert_eq!(hash, toll_store::auth::sha256_hex(&token));
    let list = out(&toll(&["token", "list", "--db", "t.db"], d, None));
    assert!(!list.contains(&token), "the token is never shown again");
    let revoke = toll(
        &["token", "revoke", &id.to_string(), "--db", "t.db"],
        d,
        None,
    );
    assert!(revoke.status.success());
    let revoked: Option<String> = conn
        .query_row("SELECT revoked_at FROM api_tokens", [], |r| r.get(0))
        .expect("row");
    assert!(revoked.is_some());
    let none = toll(&["token", "create", "nobody", "--db", "t.db"], d, None);
    assert_eq!(none.status.code(), Some(2));
}
