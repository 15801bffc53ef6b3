//! `toll serve` as a process: it serves the ingested examples, answers over real TCP, and stops cleanly on
//! SIGTERM after finishing what it was doing.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const TOLL: &str = env!("CARGO_BIN_EXE_toll");

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn examples() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// Kills the server if a test fails before stopping it.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One HTTP/1.1 GET with `Connection: close`; returns the status line and the whole response.
fn get(addr: &str, path: &str) -> Result<(String, String), Box<dyn std::error::Error>> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut out = String::new();
    s.read_to_string(&mut out)?;
    let status = out.lines().next().unwrap_or_default().to_string();
    Ok((status, out))
}

#[test]
fn serves_the_record_and_stops_on_sigterm() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("demo.db");
    let db_arg = db.to_str().ok_or("utf-8 path")?;
    let ex = examples();
    let ingest = Command::new(TOLL)
        .args(["ingest", &ex.join("reports").to_string_lossy(), "--places"])
        .arg(ex.join("places.tsv"))
        .args(["--db", db_arg])
        .output()?;
    assert!(ingest.status.success(), "{ingest:?}");
    let mut child = Command::new(TOLL)
        .args(["serve", "--db", db_arg, "--addr", "127.0.0.1:0", "--places"])
        .arg(ex.join("places.tsv"))
        .env("TOLL_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    let stderr = child.stderr.take().ok_or("stderr")?;
    let server = Server(child);
    let mut lines = BufReader::new(stderr).lines();
    // "toll: serving DB on http://127.0.0.1:PORT/ (…)"
    let addr = loop {
        let line = lines.next().ok_or("the server ended before listening")??;
        if let Some(rest) = line.split("on http://").nth(1) {
            break rest.split('/').next().unwrap_or_default().to_string();
        }
    };
    let (status, body) = get(&addr, "/api/v1/incidents?country=IQ")?;
    assert!(status.contains("200"), "{status}");
    assert!(body.contains("IRQ-2024-03-07-a"));
    let (status, body) = get(&addr, "/incidents/IRQ-2024-03-07-a")?;
    assert!(status.contains("200"), "{status}");
    assert!(body
        .to_ascii_lowercase()
        .contains("content-security-policy"));
    let (status, _) = get(&addr, "/api/v1/incidents?per_page=0")?;
    assert!(status.contains("400"), "{status}");

    let mut server = server;
    let pid = server.0.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()?
        .success());
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    let status = server.0.wait()?;
    assert!(status.success(), "{status:?} {rest:?}");
    let log = rest.join("\n");
    assert!(
        log.contains("path=/api/v1/incidents"),
        "requests are logged: {log}"
    );
    assert!(log.contains("status=400"), "{log}");
    assert!(log.contains("server stopped"), "{log}");
    Ok(())
}

#[test]
fn a_missing_database_is_an_error_naming_it() -> TestResult {
    let dir = tempfile::tempdir()?;
    let out = Command::new(TOLL)
        .args(["serve", "--db"])
        .arg(dir.path().join("none.db"))
        .output()?;
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("none.db") && err.contains("no such database"),
        "{err}"
    );
    Ok(())
}
