//! Issue 16's first "done when", end to end through the binary: a strike release covering west
//! Mosul on 17 March 2017 is imported, two illustrative reports about that strike are ingested,
//! and the incident's page and API show the declared strikes near Mosul that day, the possible
//! responsible parties with their evidence, and, once CENTCOM's assessment (credible, 105 killed)
//! is entered through the API, its figure beside the independent ones and the grade "confirmed".
//! The fixtures are in `crates/redress/tests/fixtures/` (see its README).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const TOLL: &str = env!("CARGO_BIN_EXE_toll");
const INCIDENT: &str = "IRQ-2017-03-17-a";

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../redress/tests/fixtures")
}

/// Kills the server if a test fails before it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn toll(args: &[&str]) -> Result<std::process::Output, Box<dyn std::error::Error>> {
    Ok(Command::new(TOLL).args(args).output()?)
}

/// A record with the two reports and the release, in `dir`.
fn record(dir: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let db = dir.join("redress.db");
    let db = db.to_str().ok_or("utf-8 path")?.to_string();
    let reports = fixtures().join("reports");
    let ingest = toll(&["ingest", reports.to_str().ok_or("path")?, "--db", &db])?;
    assert!(ingest.status.success(), "{ingest:?}");
    let release = fixtures().join("release-2017-03-18.txt");
    let import = toll(&[
        "strikes",
        "import",
        release.to_str().ok_or("path")?,
        "--url",
        "https://example.org/illustrative-release",
        "--db",
        &db,
    ])?;
    assert!(import.status.success(), "{import:?}");
    let said = String::from_utf8_lossy(&import.stderr);
    assert!(
        said.contains("1 files archived, 4 declared strikes stored"),
        "{said}"
    );
    Ok(db)
}

/// One HTTP/1.1 request with `Connection: close`; returns the whole response.
fn request(addr: &str, head: &str, body: &str) -> Result<String, Box<dyn std::error::Error>> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(20)))?;
    write!(
        s,
        "{head}\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )?;
    let mut out = String::new();
    s.read_to_string(&mut out)?;
    Ok(out)
}

/// The JSON body of a response.
fn json_of(response: &str) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let body = response.split("\r\n\r\n").nth(1).ok_or("no body")?;
    Ok(serde_json::from_str(body)?)
}

fn serve(db: &str) -> Result<(Server, String), Box<dyn std::error::Error>> {
    let mut child = Command::new(TOLL)
        .args(["serve", "--db", db, "--addr", "127.0.0.1:0"])
        .env("TOLL_LOG", "info")
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
    // keep reading the log so the server never blocks on a full pipe
    std::thread::spawn(move || for _ in lines {});
    Ok((server, addr))
}

#[test]
fn a_release_and_two_reports_show_strikes_parties_and_the_conceded_figure() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = record(dir.path())?;
    let user = Command::new(TOLL)
        .args([
            "user",
            "add",
            "ed",
            "--role",
            "editor",
            "--password-stdin",
            "--db",
            &db,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .and_then(|mut c| {
            if let Some(mut stdin) = c.stdin.take() {
                stdin.write_all(b"a long editor password\n")?;
            }
            c.wait()
        })?;
    assert!(user.success());
    let token = toll(&["token", "create", "ed", "--db", &db])?;
    let token = String::from_utf8(token.stdout)?.trim().to_string();
    let viewer = toll(&["user", "add", "vi", "--role", "viewer", "--db", &db])?;
    assert!(viewer.status.success());
    let viewer_token = toll(&["token", "create", "vi", "--db", &db])?;
    let viewer_token = String::from_utf8(viewer_token.stdout)?.trim().to_string();
    let (_server, addr) = serve(&db)?;

    // the declared strikes near Mosul that day, each with its probability and reasons
    let res = request(
        &addr,
        &format!("GET /api/v1/incidents/{INCIDENT}/strikes HTTP/1.1"),
        "",
    )?;
    assert!(res.starts_with("HTTP/1.1 200"), "{res}");
    let found = json_of(&res)?;
    let strikes = found["strikes"].as_array().ok_or("strikes")?;
    // the Mosul group first; the Tal Afar group, 60 km away, a distant second; Syria's none
    assert_eq!(strikes.len(), 2, "{found}");
    assert_eq!(strikes[0]["place"], "Mosul");
    assert!(strikes[0]["probability"].as_f64().is_some_and(|p| p > 0.7));
    assert_eq!(strikes[1]["place"], "Tal Afar");
    assert!(strikes[1]["probability"].as_f64().is_some_and(|p| p < 0.2));
    assert_eq!(strikes[0]["date_from"], "2017-03-17");
    assert_eq!(strikes[0]["strikes"], 9);
    let reasons = strikes[0]["reasons"].to_string();
    assert!(
        reasons.contains("same day") && reasons.contains("km apart"),
        "{reasons}"
    );
    assert!(
        reasons.contains("target words match the reports: building"),
        "{reasons}"
    );
    // the possible responsible parties: the coalition as a whole (no nations itemised) and who
    // the reports blame, each with evidence
    let parties = found["parties"].as_array().ok_or("parties")?;
    let coalition = parties
        .iter()
        .find(|p| p["kind"] == "coalition")
        .ok_or("no coalition party")?;
    assert_eq!(coalition["name"], "US-led coalition");
    assert!(coalition["evidence"][0].as_str().is_some_and(
        |e| e.contains("nations not itemised") && e.contains("near Mosul on 2017-03-17")
    ));
    assert!(parties.iter().any(|p| p["kind"] == "blamed"
        && p["evidence"][0]
            .as_str()
            .is_some_and(|e| e.contains("blamed by"))));

    let page = request(&addr, &format!("GET /incidents/{INCIDENT} HTTP/1.1"), "")?;
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("Possible responsible parties"));
    assert!(page.contains("US-led coalition"));
    assert!(page.contains("Declared strikes that could have caused it"));
    assert!(page.contains("nations not itemised"));

    // CENTCOM's assessment: refused to a viewer and to nobody, recorded for an editor's token
    let body = serde_json::json!({
        "belligerent": "CENTCOM",
        "assessment": "credible",
        "killed": "105",
        "injured": "36",
        "given_reason": "an illustrative statement: the strike set off explosives stored in the building",
        "statement_date": "2017-05-25",
        "url": "https://example.org/illustrative-assessment",
        "statement_text": "Illustrative: the investigation assessed that 105 civilians were killed.",
        "reason": "entered from the published investigation"
    })
    .to_string();
    let post = format!(
        "POST /api/v1/incidents/{INCIDENT}/assessments HTTP/1.1\r\nContent-Type: application/json"
    );
    let anonymous = request(&addr, &post, &body)?;
    assert!(anonymous.starts_with("HTTP/1.1 401"), "{anonymous}");
    let as_viewer = request(
        &addr,
        &format!("{post}\r\nAuthorization: Bearer {viewer_token}"),
        &body,
    )?;
    assert!(as_viewer.starts_with("HTTP/1.1 403"), "{as_viewer}");
    let bad = request(
        &addr,
        &format!("{post}\r\nAuthorization: Bearer {token}"),
        &body.replace("credible", "likely"),
    )?;
    assert!(bad.starts_with("HTTP/1.1 400"), "{bad}");
    // a proposal must come from an account of this incident
    let propose = serde_json::json!({
        "propose_from_account": 999_999,
        "assessment": "credible",
        "reason": "the belligerent's own statement"
    })
    .to_string();
    let stray = request(
        &addr,
        &format!("{post}\r\nAuthorization: Bearer {token}"),
        &propose,
    )?;
    assert!(stray.starts_with("HTTP/1.1 400"), "{stray}");
    assert!(stray.contains("is not an account of incident"), "{stray}");
    let done = request(
        &addr,
        &format!("{post}\r\nAuthorization: Bearer {token}"),
        &body,
    )?;
    assert!(done.starts_with("HTTP/1.1 200"), "{done}");
    let listed = json_of(&done)?;
    assert_eq!(listed[0]["status"], "confirmed");
    assert_eq!(listed[0]["entered_by"], "ed");
    assert_eq!(
        listed[0]["statement_sha256"].as_str().map(str::len),
        Some(64)
    );

    // the conceded figure beside the independent low / best / high, and the grade it makes
    let res = request(
        &addr,
        &format!("GET /api/v1/incidents/{INCIDENT} HTTP/1.1"),
        "",
    )?;
    let incident = json_of(&res)?;
    assert_eq!(incident["grade"], "confirmed", "{incident}");
    assert!(incident["grade_reason"]
        .as_str()
        .is_some_and(|r| r.contains("CENTCOM") && r.contains("105 killed")));
    assert_eq!(incident["conceded"][0]["belligerent"], "CENTCOM");
    assert_eq!(incident["conceded"][0]["killed"]["min"], 105);
    assert_eq!(incident["killed"]["low"], 100);
    assert_eq!(incident["killed"]["high"], 141);
    let page = request(&addr, &format!("GET /incidents/{INCIDENT} HTTP/1.1"), "")?;
    assert!(page.contains("Conceded by CENTCOM"), "{page}");
    assert!(page.contains(">105<"));
    assert!(page.contains("grade-confirmed"));

    // the OpenAPI document describes the new paths
    let doc = request(&addr, "GET /api/v1/openapi.json HTTP/1.1", "")?;
    assert!(doc.contains("/api/v1/incidents/{id}/strikes"));
    assert!(doc.contains("/api/v1/incidents/{id}/assessments"));

    // every change is an audit event, and the chain holds
    let audit = toll(&["audit", "export", "--db", &db])?;
    let log = String::from_utf8(audit.stdout)?;
    assert!(log.contains("assessment.enter") && log.contains("strikes.import"));
    let verify = toll(&["audit", "verify", "--db", &db])?;
    assert!(verify.status.success(), "{verify:?}");
    Ok(())
}

#[test]
fn assessments_from_the_command_line_and_bad_strike_rows() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = record(dir.path())?;
    // a table log: its bad rows are errors naming file and line, its other rows imported
    let csv = fixtures().join("strikes.csv");
    let jsonl = fixtures().join("strikes.jsonl");
    let import = toll(&[
        "strikes",
        "import",
        csv.to_str().ok_or("path")?,
        jsonl.to_str().ok_or("path")?,
        "--db",
        &db,
    ])?;
    assert_eq!(import.status.code(), Some(1), "{import:?}");
    let said = String::from_utf8_lossy(&import.stderr);
    assert!(said.contains("strikes.csv line 4: date"), "{said}");
    assert!(
        said.contains("strikes.jsonl line 2: unknown place \"Zzyzxabad\""),
        "{said}"
    );
    assert!(
        said.contains("2 files archived, 3 declared strikes stored"),
        "{said}"
    );
    // the same bytes again are not stored twice
    let again = toll(&[
        "strikes",
        "import",
        csv.to_str().ok_or("path")?,
        "--db",
        &db,
    ])?;
    assert!(String::from_utf8_lossy(&again.stderr).contains("imported before"));

    // nations that declared strikes there and then
    let shown = toll(&["strikes", "show", INCIDENT, "--json", "--db", &db])?;
    let found: serde_json::Value = serde_json::from_slice(&shown.stdout)?;
    let parties = found["parties"].as_array().ok_or("parties")?;
    for nation in ["US", "AU", "GB"] {
        assert!(
            parties
                .iter()
                .any(|p| p["kind"] == "declared" && p["nation"] == nation),
            "{nation}: {found}"
        );
    }
    // the Kirkuk strike two days later and 150 km away is no candidate
    assert!(!found["strikes"].to_string().contains("Kirkuk"));

    // a change names who makes it and why
    let missing = toll(&[
        "assessment",
        "add",
        INCIDENT,
        "--belligerent",
        "CENTCOM",
        "--assessment",
        "credible",
        "--db",
        &db,
    ])?;
    assert_eq!(missing.status.code(), Some(2));
    let unknown = toll(&[
        "assessment",
        "add",
        "IRQ-1999-01-01-a",
        "--belligerent",
        "CENTCOM",
        "--assessment",
        "credible",
        "--by",
        "ed",
        "--reason",
        "test",
        "--db",
        &db,
    ])?;
    assert_eq!(unknown.status.code(), Some(1));
    let added = toll(&[
        "assessment",
        "add",
        INCIDENT,
        "--belligerent",
        "CENTCOM",
        "--assessment",
        "credible",
        "--killed",
        "105",
        "--date",
        "2017-05-25",
        "--by",
        "ed",
        "--reason",
        "published investigation",
        "--db",
        &db,
    ])?;
    assert!(added.status.success(), "{added:?}");
    let show = toll(&["show", INCIDENT, "--json", "--db", &db])?;
    let summary: serde_json::Value = serde_json::from_slice(&show.stdout)?;
    assert_eq!(summary["reconciled"]["grade"], "confirmed", "{summary}");
    assert_eq!(summary["reconciled"]["conceded"][0]["killed"]["min"], 105);
    // the stored summaries and pages agree with recomputing them
    let check = toll(&["check", "--db", &db])?;
    assert!(check.status.success(), "{check:?}");
    Ok(())
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
fn an_editor_enters_an_assessment_through_the_form_with_its_csrf_token() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = record(dir.path())?;
    let mut add = Command::new(TOLL)
        .args([
            "user",
            "add",
            "ed",
            "--role",
            "editor",
            "--password-stdin",
            "--db",
            &db,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    add.stdin
        .take()
        .ok_or("stdin")?
        .write_all(b"a long editor password\n")?;
    assert!(add.wait()?.success());
    let (_server, addr) = serve(&db)?;

    // signed out, the form sends to the sign-in page
    let form = request(
        &addr,
        &format!("GET /incidents/{INCIDENT}/assessments/new HTTP/1.1"),
        "",
    )?;
    assert!(form.starts_with("HTTP/1.1 303"), "{form}");

    let login = request(&addr, "GET /login HTTP/1.1", "")?;
    let login_csrf = set_cookie(&login, "toll_login_csrf").ok_or("login csrf cookie")?;
    let signed = request(
        &addr,
        &format!(
            "POST /login HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nCookie: toll_login_csrf={login_csrf}"
        ),
        &format!("username=ed&password=a+long+editor+password&csrf={login_csrf}"),
    )?;
    assert!(signed.starts_with("HTTP/1.1 303"), "{signed}");
    let session = set_cookie(&signed, "toll_session").ok_or("session cookie")?;
    let cookie = format!("Cookie: toll_session={session}");

    let form = request(
        &addr,
        &format!("GET /incidents/{INCIDENT}/assessments/new HTTP/1.1\r\n{cookie}"),
        "",
    )?;
    assert!(form.starts_with("HTTP/1.1 200"), "{form}");
    let csrf = form
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .ok_or("no csrf field in the form")?
        .to_string();
    let fields = "belligerent=CENTCOM&assessment=credible&killed=105&injured=&given_reason=&statement_date=2017-05-25&url=&statement_text=&reason=from+the+investigation";
    let post = format!(
        "POST /incidents/{INCIDENT}/assessments HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n{cookie}"
    );
    let forged = request(&addr, &post, &format!("csrf=0000&{fields}"))?;
    assert!(forged.starts_with("HTTP/1.1 403"), "{forged}");
    // the API refuses a session's change without its token in X-CSRF-Token
    let api = request(
        &addr,
        &format!("POST /api/v1/incidents/{INCIDENT}/assessments HTTP/1.1\r\nContent-Type: application/json\r\n{cookie}"),
        r#"{"belligerent":"CENTCOM","assessment":"credible","reason":"x"}"#,
    )?;
    assert!(api.starts_with("HTTP/1.1 403"), "{api}");
    let bad = request(
        &addr,
        &post,
        &format!(
            "csrf={csrf}&{}",
            fields.replace("killed=105", "killed=many")
        ),
    )?;
    assert!(
        bad.starts_with("HTTP/1.1 400") && bad.contains("killed"),
        "{bad}"
    );
    let done = request(&addr, &post, &format!("csrf={csrf}&{fields}"))?;
    assert!(done.starts_with("HTTP/1.1 303"), "{done}");
    assert!(done.contains(&format!("/incidents/{INCIDENT}#assessments")));
    let page = request(&addr, &format!("GET /incidents/{INCIDENT} HTTP/1.1"), "")?;
    assert!(
        page.contains("Conceded by CENTCOM") && page.contains("grade-confirmed"),
        "{page}"
    );
    Ok(())
}

/// The strikes CJTF-OIR declared for 17 March 2017 (its release of 18 March 2017, as transcribed
/// row by row in a public dataset; see the fixtures' README): the Mosul group is the incident's
/// likeliest cause, the other Iraqi groups are farther or unplaced, Syria's never match.
#[test]
fn the_real_declared_strikes_of_17_march_2017_match_the_west_mosul_incident() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("real.db");
    let db = db.to_str().ok_or("utf-8 path")?;
    let reports = fixtures().join("reports");
    let ingest = toll(&["ingest", reports.to_str().ok_or("path")?, "--db", db])?;
    assert!(ingest.status.success(), "{ingest:?}");
    let log = fixtures().join("cjtf-oir-2017-03-17.csv");
    let import = toll(&["strikes", "import", log.to_str().ok_or("path")?, "--db", db])?;
    // Kisik, a village the bundled gazetteer lacks, is an error naming file and line; the rest lands
    assert_eq!(import.status.code(), Some(1), "{import:?}");
    let said = String::from_utf8_lossy(&import.stderr);
    assert!(
        said.contains("cjtf-oir-2017-03-17.csv line 3: unknown place \"Kisik\""),
        "{said}"
    );
    assert!(said.contains("6 declared strikes stored"), "{said}");
    let show = toll(&["strikes", "show", INCIDENT, "--db", db])?;
    assert!(show.status.success(), "{show:?}");
    let out = String::from_utf8(show.stdout)?;
    let first = out
        .lines()
        .find(|l| l.trim_start().starts_with("#1 "))
        .ok_or("no declared strike matched")?;
    assert!(
        first.contains("2017-03-17 US-led coalition near Mosul (4 strikes)")
            && first.contains("same day"),
        "{out}"
    );
    assert!(!out.contains("Raqqah") && !out.contains("Palmyra"), "{out}");
    assert!(
        out.contains("nations not itemised: US-led coalition declared 4 strikes near Mosul"),
        "{out}"
    );
    Ok(())
}
