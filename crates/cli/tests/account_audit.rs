//! Changes to users and tokens are audit events: `toll user add|disable|enable|reset` and `toll
//! token create|revoke` each append one, naming who (`--by`), what and when, never the password or
//! the token; `toll audit export` shows them and `toll audit verify` checks the chain they extend.

use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const TOLL: &str = env!("CARGO_BIN_EXE_toll");
const PASSWORD: &str = "an illustrative long password";
const NEW_PASSWORD: &str = "another illustrative password";

fn toll(args: &[&str], dir: &Path, stdin: Option<&str>) -> std::io::Result<Output> {
    let mut child = Command::new(TOLL)
        .args(args)
        .current_dir(dir)
        .env_remove("TOLL_DB")
        .env("USER", "ops")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    if let (Some(input), Some(mut pipe)) = (stdin, child.stdin.take()) {
        pipe.write_all(input.as_bytes())?;
    }
    drop(child.stdin.take());
    child.wait_with_output()
}

fn ok(o: &Output) -> String {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn user_and_token_changes_are_chained_audit_events_without_secrets() -> TestResult {
    let dir = tempfile::tempdir()?;
    let d = dir.path();
    let db = ["--db", "t.db"];
    let run = |args: &[&str], stdin: Option<&str>| -> std::io::Result<Output> {
        let mut all = args.to_vec();
        all.extend_from_slice(&db);
        toll(&all, d, stdin)
    };
    ok(&run(
        &[
            "user",
            "add",
            "rana",
            "--role",
            "analyst",
            "--password-stdin",
            "--by",
            "admin-amal",
        ],
        Some(PASSWORD),
    )?);
    let token = ok(&run(
        &["token", "create", "rana", "--by", "admin-amal"],
        None,
    )?)
    .trim()
    .to_string();
    assert!(token.starts_with("toll_"));
    ok(&run(&["token", "revoke", "1"], None)?);
    ok(&run(
        &["user", "reset", "rana", "--password-stdin"],
        Some(NEW_PASSWORD),
    )?);
    ok(&run(&["user", "disable", "rana"], None)?);
    ok(&run(&["user", "enable", "rana"], None)?);

    let export = ok(&run(&["audit", "export"], None)?);
    for secret in [PASSWORD, NEW_PASSWORD, token.as_str()] {
        assert!(!export.contains(secret), "the audit log holds a secret");
    }
    let events: Vec<Value> = export
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    let seen: Vec<(String, String, String)> = events
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap_or("").to_string(),
                e["actor"].as_str().unwrap_or("").to_string(),
                e["entity_id"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let want = [
        ("user.add", "admin-amal", "rana"),
        ("token.create", "admin-amal", "1"),
        ("token.revoke", "ops", "1"),
        ("user.reset", "ops", "rana"),
        ("user.disable", "ops", "rana"),
        ("user.enable", "ops", "rana"),
    ];
    for (action, actor, id) in want {
        assert!(
            seen.iter()
                .any(|s| s.0 == action && s.1 == actor && s.2 == id),
            "{action} by {actor} on {id}: {seen:?}"
        );
    }
    // when: every event is dated
    assert!(events
        .iter()
        .all(|e| e["at"].as_str().is_some_and(|a| a.len() >= 20)));
    let add = events
        .iter()
        .find(|e| e["action"] == "user.add")
        .ok_or("user.add")?;
    // the export keeps the stored detail as JSON text
    let detail: Value = match &add["detail"] {
        Value::String(s) => serde_json::from_str(s)?,
        v => v.clone(),
    };
    assert_eq!(detail["role"], "analyst", "{add}");
    let verify = run(&["audit", "verify"], None)?;
    assert_eq!(
        verify.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&verify.stderr)
    );
    // a refused change (an unknown user) leaves no event
    let refused = run(&["user", "disable", "nobody"], None)?;
    assert_ne!(refused.status.code(), Some(0));
    let again = ok(&run(&["audit", "export"], None)?);
    assert_eq!(again.lines().count(), export.lines().count());
    Ok(())
}
