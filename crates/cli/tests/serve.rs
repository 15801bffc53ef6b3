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

/// The server's stderr, line by line.
type LogLines = std::io::Lines<BufReader<std::process::ChildStderr>>;

/// Starts `toll serve` on the ingested examples with `extra` flags; returns it, its address and its log.
fn start_serving(
    dir: &Path,
    extra: &[&str],
) -> Result<(Server, String, LogLines), Box<dyn std::error::Error>> {
    let db = dir.join("demo.db");
    let db_arg = db.to_str().ok_or("utf-8 path")?;
    let ex = examples();
    let ingest = Command::new(TOLL)
        .args(["ingest", &ex.join("reports").to_string_lossy(), "--places"])
        .arg(ex.join("places.tsv"))
        .args(["--db", db_arg])
        .output()?;
    assert!(ingest.status.success(), "{ingest:?}");
    let mut child = Command::new(TOLL)
        .args(["serve", "--db", db_arg, "--addr", "127.0.0.1:0"])
        .args(extra)
        .env("TOLL_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    let stderr = child.stderr.take().ok_or("stderr")?;
    let server = Server(child);
    let mut lines = BufReader::new(stderr).lines();
    let addr = loop {
        let line = lines.next().ok_or("the server ended before listening")??;
        if let Some(rest) = line.split("on http://").nth(1) {
            break rest.split('/').next().unwrap_or_default().to_string();
        }
    };
    Ok((server, addr, lines))
}

/// Reads until the server closes the connection; an error if it is still open after `patience`.
fn closed_within(mut s: TcpStream, patience: Duration) -> std::io::Result<Vec<u8>> {
    s.set_read_timeout(Some(patience))?;
    let mut got = Vec::new();
    match s.read_to_end(&mut got) {
        Ok(_) => Ok(got),
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => Ok(got),
        Err(e) => Err(e),
    }
}

#[test]
fn fifty_slow_clients_are_dropped_while_a_page_is_served() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (_server, addr, _lines) = start_serving(
        dir.path(),
        &["--idle-timeout", "1", "--header-timeout", "1"],
    )?;
    let mut stalled = Vec::new();
    for i in 0..50 {
        let mut s = TcpStream::connect(&addr)?;
        if i % 2 == 0 {
            s.write_all(b"GET /api/v1/incidents HT")?;
        }
        stalled.push(s);
    }
    let (status, _) = get(&addr, "/api/v1/incidents/IRQ-2024-03-07-a")?;
    assert!(status.contains("200"), "{status}");
    for s in stalled {
        // 1 s timeouts: 30 s is far beyond them
        let got = closed_within(s, Duration::from_secs(30))?;
        assert!(got.is_empty(), "{}", String::from_utf8_lossy(&got));
    }
    Ok(())
}

#[test]
fn sigterm_stops_the_server_within_its_grace_while_a_half_sent_request_is_open() -> TestResult {
    let dir = tempfile::tempdir()?;
    // timeouts of an hour: only the shutdown's bound can end the half-sent request
    let (server, addr, lines) = start_serving(
        dir.path(),
        &[
            "--idle-timeout",
            "3600",
            "--header-timeout",
            "3600",
            "--request-timeout",
            "7200",
            "--shutdown-grace",
            "1",
        ],
    )?;
    let mut half = TcpStream::connect(&addr)?;
    half.write_all(b"GET /api/v1/incidents HTTP/1.1\r\nHost: x")?;
    // connections are accepted in order: once this one is answered, the half-sent one is open
    let (status, _) = get(&addr, "/api/v1/incidents")?;
    assert!(status.contains("200"), "{status}");
    let mut server = server;
    let pid = server.0.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()?
        .success());
    // the grace is 1 s: 15 s is a bound no working shutdown comes near
    let give_up = std::time::Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(status) = server.0.try_wait()? {
            break status;
        }
        assert!(
            std::time::Instant::now() < give_up,
            "still running 15 s after SIGTERM with a half-sent request open"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    let log: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(log.iter().any(|l| l.contains("server stopped")), "{log:?}");
    assert!(closed_within(half, Duration::from_secs(5))?.is_empty());
    Ok(())
}

#[test]
fn timeouts_that_cannot_work_together_are_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("demo.db");
    let ingest = Command::new(TOLL)
        .args([
            "ingest",
            &examples().join("reports").to_string_lossy(),
            "--db",
        ])
        .arg(&db)
        .output()?;
    assert!(ingest.status.success(), "{ingest:?}");
    for (flags, needle) in [
        (
            &["--budget", "30", "--request-timeout", "10"][..],
            "longer than the budget",
        ),
        (&["--idle-timeout", "0"][..], "above 0"),
        (&["--header-timeout", "soon"][..], "seconds"),
    ] {
        let out = Command::new(TOLL)
            .args(["serve", "--addr", "127.0.0.1:0", "--db"])
            .arg(&db)
            .args(flags)
            .output()?;
        assert_eq!(out.status.code(), Some(2), "{flags:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{flags:?}: {err}");
    }
    Ok(())
}

/// One HTTP/1.1 request with `Connection: close` and extra header lines; returns the whole response.
fn request(addr: &str, head: &str, body: &str) -> Result<String, Box<dyn std::error::Error>> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        s,
        "{head}\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )?;
    let mut out = String::new();
    s.read_to_string(&mut out)?;
    Ok(out)
}

/// The value of cookie `name` set by a response.
fn set_cookie(response: &str, name: &str) -> Option<String> {
    response.lines().find_map(|l| {
        let l = l
            .strip_prefix("set-cookie: ")
            .or_else(|| l.strip_prefix("Set-Cookie: "))?;
        let value = l.strip_prefix(name)?.strip_prefix('=')?;
        value.split(';').next().map(str::to_string)
    })
}

#[test]
fn with_anonymous_none_only_signed_in_users_and_tokens_are_served() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (_server, addr, _log) = start_serving(dir.path(), &["--anonymous", "none"])?;
    let db = dir.path().join("demo.db");
    let db_arg = db.to_str().ok_or("utf-8 path")?;
    let (status, _) = get(&addr, "/api/v1/incidents")?;
    assert_eq!(status, "HTTP/1.1 401 Unauthorized");
    let (status, page) = get(&addr, "/")?;
    assert_eq!(status, "HTTP/1.1 303 See Other", "{page}");
    assert!(page.to_ascii_lowercase().contains("location: /login"));

    // a user and a token made while the server runs
    let mut add = Command::new(TOLL)
        .args([
            "user",
            "add",
            "amira",
            "--role",
            "analyst",
            "--password-stdin",
            "--db",
            db_arg,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    add.stdin
        .take()
        .ok_or("stdin")?
        .write_all(b"a password for amira\n")?;
    assert!(add.wait_with_output()?.status.success());
    let token = Command::new(TOLL)
        .args(["token", "create", "amira", "--db", db_arg])
        .output()?;
    let token = String::from_utf8(token.stdout)?.trim().to_string();
    let me = request(
        &addr,
        &format!("GET /api/v1/me HTTP/1.1\r\nAuthorization: Bearer {token}"),
        "",
    )?;
    assert!(me.starts_with("HTTP/1.1 200"), "{me}");
    assert!(me.contains("\"role\":\"analyst\""), "{me}");

    // signing in through the form, on the server's writer connection
    let form = request(&addr, "GET /login HTTP/1.1", "")?;
    let csrf = set_cookie(&form, "toll_login_csrf").ok_or("login csrf cookie")?;
    let signed = request(
        &addr,
        &format!(
            "POST /login HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nCookie: toll_login_csrf={csrf}"
        ),
        &format!("username=amira&password=a+password+for+amira&csrf={csrf}"),
    )?;
    assert!(signed.starts_with("HTTP/1.1 303"), "{signed}");
    let session = set_cookie(&signed, "toll_session").ok_or("session cookie")?;
    let page = request(
        &addr,
        &format!("GET / HTTP/1.1\r\nCookie: toll_session={session}"),
        "",
    )?;
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    let listed = Command::new(TOLL)
        .args(["user", "list", "--db", db_arg])
        .output()?;
    let listed = String::from_utf8(listed.stdout)?;
    assert!(
        listed
            .lines()
            .any(|l| l.starts_with("amira") && !l.ends_with("never")),
        "the sign-in is recorded: {listed}"
    );
    Ok(())
}

#[test]
fn an_unknown_anonymous_mode_is_refused() -> TestResult {
    let out = Command::new(TOLL)
        .args(["serve", "--anonymous", "some", "--db", "nowhere.db"])
        .output()?;
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("expected read, published or none"));
    Ok(())
}
