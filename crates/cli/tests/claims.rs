//! `toll claim` end to end (issue 16's second "done when"): a claim for a victim of an
//! illustrative west-Mosul incident of 17 March 2017 (the project's own `eval/heldout` reports) is
//! routed with reasons (US ex gratia listed, the Foreign Claims Act excluded as combat, deadlines
//! shown) and its dossier renders as HTML and PDF, whose text holds the incident id. Then every
//! public route of `toll serve` and every export is swept for the claim's personal data.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

const TOLL: &str = env!("CARGO_BIN_EXE_toll");

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The claim's personal data (illustrative, invented for this test): none of it may appear in
/// anything public.
const CLAIMANT: &str = "Qadriyya Illustrative-Hamdani";
const VICTIM: &str = "Yusra Illustrative-Hamdani";
const CONTACT: &str = "+964 770 555 0199 Zuhur street 12";
const RELATION: &str = "granddaughter";
const PROPERTY: &str = "family house on the illustrative street";

fn heldout(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../eval/heldout/docs")
        .join(name)
}

fn toll(dir: &Path, args: &[&str]) -> Result<Output, std::io::Error> {
    Command::new(TOLL)
        .args(args)
        .env("TOLL_DB", dir.join("t.db"))
        .env("TOLL_CLAIMS_KEY_FILE", dir.join("claims.key"))
        .env_remove("TOLL_LOG")
        .output()
}

fn ok(out: Output) -> Result<String, Box<dyn std::error::Error>> {
    if !out.status.success() {
        return Err(format!(
            "exit {:?}: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(String::from_utf8(out.stdout)?)
}

/// Ingests the Mosul reports, adds an analyst and a key; returns the incident id.
fn record(dir: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let reports: Vec<String> = ["h01.txt", "h02.txt", "h03.txt", "h04.txt"]
        .iter()
        .map(|f| heldout(f).to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["ingest"];
    args.extend(reports.iter().map(String::as_str));
    ok(toll(dir, &args)?)?;
    let incidents = ok(toll(dir, &["incidents", "--format", "jsonl"])?)?;
    let id = incidents
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| v["country"] == "IQ" && v["date"] == "2017-03-17" && v["place"] == "Mosul")
        .and_then(|v| v["id"].as_str().map(str::to_string))
        .ok_or("no west-Mosul incident of 17 March 2017")?;
    let mut add = Command::new(TOLL)
        .args([
            "user",
            "add",
            "ana",
            "--role",
            "analyst",
            "--password-stdin",
        ])
        .env("TOLL_DB", dir.join("t.db"))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    add.stdin
        .take()
        .ok_or("stdin")?
        .write_all(b"a-long-password-for-ana\n")?;
    assert!(add.wait()?.success());
    let viewer = toll(dir, &["user", "add", "vic", "--role", "viewer"])?;
    assert!(viewer.status.success());
    ok(toll(
        dir,
        &["claim", "keygen", &dir.join("claims.key").to_string_lossy()],
    )?)?;
    Ok(id)
}

/// Opens the claim with one victim and a document; returns its id.
fn claim(dir: &Path, incident: &str) -> Result<String, Box<dyn std::error::Error>> {
    let id = ok(toll(
        dir,
        &[
            "claim",
            "new",
            "--incident",
            incident,
            "--claimant",
            CLAIMANT,
            "--contact",
            CONTACT,
            "--property",
            PROPERTY,
            "--by",
            "ana",
        ],
    )?)?
    .trim()
    .to_string();
    ok(toll(
        dir,
        &[
            "claim",
            "add-victim",
            &id,
            "--name",
            VICTIM,
            "--age",
            "7",
            "--sex",
            "female",
            "--harm",
            "killed",
            "--relation",
            RELATION,
            "--by",
            "ana",
        ],
    )?)?;
    let cert = dir.join("certificate.pdf");
    std::fs::write(&cert, b"%PDF-1.4\n% an illustrative death certificate\n")?;
    let attached = ok(toll(
        dir,
        &[
            "claim",
            "attach",
            &id,
            &cert.to_string_lossy(),
            "--kind",
            "death_certificate",
            "--by",
            "ana",
        ],
    )?)?;
    assert!(attached.starts_with("document "), "{attached}");
    Ok(id)
}

#[test]
fn a_mosul_claim_is_routed_with_reasons_and_its_dossier_prints() -> TestResult {
    let dir = tempfile::tempdir()?;
    let incident = record(dir.path())?;
    let id = claim(dir.path(), &incident)?;

    let route = ok(toll(
        dir.path(),
        &[
            "claim",
            "route",
            &id,
            "--by",
            "ana",
            "--today",
            "2026-12-04",
        ],
    )?)?;
    let (can, cannot) = route.split_once("where it cannot:").ok_or(route.as_str())?;
    assert!(can.contains("[us-ex-gratia]"), "{route}");
    assert!(can.contains("[iq-law-20]"), "{route}");
    let fca = cannot
        .lines()
        .find(|l| l.contains("[us-foreign-claims-act]"))
        .ok_or(route.as_str())?;
    assert!(fca.contains("combat excluded"), "{fca}");
    assert!(
        cannot.contains("[nl-hawija]: no individual scheme"),
        "{route}"
    );
    // every route shows its deadline: the UK's six years from the incident, passed; the others unknown
    assert_eq!(
        can.matches("   deadline: ").count(),
        can.matches("\n   why: ").count(),
        "{route}"
    );
    assert!(can.contains("deadline: 2023-03-17 (passed)"), "{route}");
    let json: serde_json::Value = serde_json::from_str(&ok(toll(
        dir.path(),
        &[
            "claim",
            "route",
            &id,
            "--json",
            "--by",
            "ana",
            "--today",
            "2026-12-04",
        ],
    )?)?)?;
    assert_eq!(json["routes"][0]["mechanism"], "us-ex-gratia", "{json}");

    // deadlines: from 2022-12-01, the UK's 2023-03-17 is within 120 days, not within 90
    let soon = ok(toll(
        dir.path(),
        &[
            "claim",
            "deadlines",
            "--within",
            "120d",
            "--by",
            "ana",
            "--today",
            "2022-12-01",
        ],
    )?)?;
    assert!(
        soon.contains("2023-03-17") && soon.contains("uk-mod-claims"),
        "{soon}"
    );
    let later = ok(toll(
        dir.path(),
        &[
            "claim",
            "deadlines",
            "--within",
            "90d",
            "--by",
            "ana",
            "--today",
            "2022-12-01",
        ],
    )?)?;
    assert!(later.trim().is_empty(), "{later}");

    let html = dir.path().join("dossier.html");
    let pdf = dir.path().join("dossier.pdf");
    ok(toll(
        dir.path(),
        &[
            "claim",
            "dossier",
            &id,
            "--html",
            &html.to_string_lossy(),
            "--pdf",
            &pdf.to_string_lossy(),
            "--by",
            "ana",
            "--today",
            "2026-12-04",
        ],
    )?)?;
    let page = std::fs::read_to_string(&html)?;
    assert!(
        page.contains(&incident) && page.contains("@page"),
        "print CSS and the incident"
    );
    assert!(
        page.contains(CONTACT),
        "the key was given: the contact details are in the dossier"
    );
    assert!(page.contains("Every account, with its source") && page.contains("SHA-256"));
    assert!(page.contains("Filing instructions: US ex gratia payments"));
    let doc = lopdf::Document::load(&pdf)?;
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages)?;
    assert!(text.contains(&incident), "the PDF's text holds {incident}");
    assert!(text.contains(VICTIM));

    // the workflow: an invalid step is refused and changes nothing
    let refused = toll(
        dir.path(),
        &[
            "claim", "status", &id, "decided", "--paid", "USD 1", "--by", "ana",
        ],
    )?;
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("cannot go from draft to decided"));
    for step in [
        vec![
            "filed",
            "--mechanism",
            "us-ex-gratia",
            "--date",
            "2026-12-04",
            "--reference",
            "REF-1",
        ],
        vec!["acknowledged"],
        vec!["decided", "--denied", "no record of the strike"],
        vec![
            "appealed",
            "--reason",
            "the coalition acknowledged the strike",
        ],
        vec!["closed"],
    ] {
        let mut args = vec!["claim", "status", id.as_str()];
        args.extend(step);
        args.extend(["--by", "ana"]);
        ok(toll(dir.path(), &args)?)?;
    }
    let shown = ok(toll(dir.path(), &["claim", "show", &id, "--by", "ana"])?)?;
    assert!(
        shown.contains("closed") && shown.contains("REF-1"),
        "{shown}"
    );

    // only analysts and above; a viewer or an unknown name is refused
    let viewer = toll(dir.path(), &["claim", "list", "--by", "vic"])?;
    assert_eq!(viewer.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&viewer.stderr).contains("analyst"));
    assert!(!toll(dir.path(), &["claim", "list"])?.status.success());
    // who read or changed the claim is in the audit chain
    let audit = ok(toll(dir.path(), &["audit", "export"])?)?;
    for action in [
        "claim.create",
        "claim.victim.add",
        "claim.attach",
        "claim.route",
        "claim.dossier",
        "claim.status",
        "claim.read",
    ] {
        assert!(
            audit
                .lines()
                .any(|l| l.contains(action) && l.contains("\"actor\":\"ana\"")),
            "{action} by ana"
        );
    }
    assert!(ok(toll(dir.path(), &["audit", "verify"])?)?.contains("intact"));
    Ok(())
}

/// Names in Cyrillic and Arabic for the dossier's scripts test (made up for it).
const CYRILLIC_VICTIM: &str = "Олена Коваленко";
const ARABIC_VICTIM: &str = "محمد علي";

#[test]
fn the_pdf_dossier_prints_cyrillic_and_arabic_names_and_warns_without_a_font() -> TestResult {
    let dejavu = Path::new("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    if std::env::var_os("TOLL_PDF_FONT").is_none() && !dejavu.exists() {
        return Err(format!(
            "{} is missing: install Debian's fonts-dejavu-core (apt-get install fonts-dejavu-core) \
             or set TOLL_PDF_FONT to a TrueType font with Cyrillic and Arabic",
            dejavu.display()
        )
        .into());
    }
    let dir = tempfile::tempdir()?;
    let incident = record(dir.path())?;
    let id = claim(dir.path(), &incident)?;
    for (name, harm) in [(CYRILLIC_VICTIM, "killed"), (ARABIC_VICTIM, "injured")] {
        ok(toll(
            dir.path(),
            &[
                "claim",
                "add-victim",
                &id,
                "--name",
                name,
                "--harm",
                harm,
                "--relation",
                "cousin",
                "--by",
                "ana",
            ],
        )?)?;
    }
    let pdf = dir.path().join("dossier.pdf");
    let args = [
        "claim",
        "dossier",
        &id,
        "--pdf",
        &pdf.to_string_lossy(),
        "--by",
        "ana",
        "--today",
        "2026-12-04",
    ];
    let text_of = |pdf: &Path| -> Result<String, Box<dyn std::error::Error>> {
        let doc = lopdf::Document::load(pdf)?;
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        Ok(doc.extract_text(&pages)?)
    };

    let out = toll(dir.path(), &args)?;
    assert!(out.status.success());
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("warning"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = text_of(&pdf)?;
    assert!(text.contains(&incident), "the PDF's text holds {incident}");
    assert!(text.contains(CYRILLIC_VICTIM), "{text}");
    // right to left: the glyphs stand in visual order, each read back as its letter
    let visual: String = ARABIC_VICTIM.chars().rev().collect();
    assert!(text.contains(&visual), "{text}");
    assert!(!text.contains("Characters outside Latin-1"));

    // a font file that is no font: the dossier is still written, in Helvetica, and says so
    let bad = dir.path().join("not-a-font.ttf");
    std::fs::write(&bad, b"not a font")?;
    let out = Command::new(TOLL)
        .args(args)
        .env("TOLL_DB", dir.path().join("t.db"))
        .env("TOLL_CLAIMS_KEY_FILE", dir.path().join("claims.key"))
        .env("TOLL_PDF_FONT", &bad)
        .env_remove("TOLL_LOG")
        .output()?;
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("toll: warning:") && stderr.contains("not a usable TrueType font"),
        "{stderr}"
    );
    let text = text_of(&pdf)?;
    assert!(text.contains(&incident));
    assert!(
        text.contains("Characters outside Latin-1 are shown as ?"),
        "{text}"
    );
    assert!(text.contains("????? ?????????"), "{text}");
    Ok(())
}

#[test]
fn contact_details_need_the_key_and_are_sealed_at_rest() -> TestResult {
    let dir = tempfile::tempdir()?;
    let incident = record(dir.path())?;
    let id = claim(dir.path(), &incident)?;
    let raw = std::fs::read(dir.path().join("t.db"))?;
    let wal = std::fs::read(dir.path().join("t.db-wal")).unwrap_or_default();
    for bytes in [&raw, &wal] {
        assert!(!bytes
            .windows(CONTACT.len())
            .any(|w| w == CONTACT.as_bytes()));
    }
    // without the key: new claims with contact details are refused, with a clear message
    let refused = Command::new(TOLL)
        .args([
            "claim",
            "new",
            "--incident",
            &incident,
            "--claimant",
            "X",
            "--contact",
            "Y",
            "--by",
            "ana",
        ])
        .env("TOLL_DB", dir.path().join("t.db"))
        .env_remove("TOLL_CLAIMS_KEY_FILE")
        .output()?;
    assert_eq!(refused.status.code(), Some(1));
    let msg = String::from_utf8_lossy(&refused.stderr);
    assert!(
        msg.contains("TOLL_CLAIMS_KEY_FILE") && msg.contains("--key-file"),
        "{msg}"
    );
    // and a claim shows its contact details only with the key
    let sealed = Command::new(TOLL)
        .args(["claim", "show", &id, "--by", "ana"])
        .env("TOLL_DB", dir.path().join("t.db"))
        .env_remove("TOLL_CLAIMS_KEY_FILE")
        .output()?;
    let shown = ok(sealed)?;
    assert!(
        shown.contains("sealed") && !shown.contains(CONTACT),
        "{shown}"
    );
    assert!(ok(toll(dir.path(), &["claim", "show", &id, "--by", "ana"])?)?.contains(CONTACT));
    Ok(())
}

/// Kills the server if a test fails before stopping it.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(addr: &str, path: &str) -> Result<String, Box<dyn std::error::Error>> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut out = String::new();
    s.read_to_string(&mut out)?;
    Ok(out)
}

fn assert_no_personal_data(what: &str, text: &str) {
    for private in [
        CLAIMANT,
        VICTIM,
        CONTACT,
        RELATION,
        PROPERTY,
        "Illustrative-Hamdani",
    ] {
        assert!(!text.contains(private), "{what} shows {private:?}");
    }
}

#[test]
fn no_public_route_or_export_shows_a_claimants_or_victims_data() -> TestResult {
    let dir = tempfile::tempdir()?;
    let incident = record(dir.path())?;
    let id = claim(dir.path(), &incident)?;
    ok(toll(dir.path(), &["claim", "route", &id, "--by", "ana"])?)?;

    // every export, in every format
    for (what, formats) in [
        ("documents", &["jsonl", "csv"][..]),
        ("accounts", &["jsonl", "csv", "geojson"][..]),
        ("incidents", &["jsonl", "csv", "geojson"][..]),
    ] {
        for f in formats {
            let out = ok(toll(dir.path(), &["export", what, "--format", f])?)?;
            assert!(!out.is_empty(), "export {what} {f}");
            assert_no_personal_data(&format!("export {what} --format {f}"), &out);
        }
    }
    for args in [
        vec!["audit", "export"],
        vec!["incidents"],
        vec!["show", incident.as_str()],
        vec!["show", incident.as_str(), "--json"],
    ] {
        let out = ok(toll(dir.path(), &args)?)?;
        assert_no_personal_data(&args.join(" "), &out);
    }

    // every public route of the server, for an anonymous caller
    let reports = ok(toll(
        dir.path(),
        &["export", "documents", "--format", "jsonl"],
    )?)?;
    let report_ids: Vec<String> = reports
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["document_id"].as_i64().map(|n| n.to_string()))
        .collect();
    let accounts = ok(toll(
        dir.path(),
        &["export", "accounts", "--format", "jsonl"],
    )?)?;
    let account_ids: Vec<String> = accounts
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["account_id"].as_i64().map(|n| n.to_string()))
        .collect();
    assert!(!report_ids.is_empty() && !account_ids.is_empty());
    let token = ok(toll(dir.path(), &["token", "create", "ana"])?)?
        .trim()
        .to_string();
    let viewer_token = ok(toll(dir.path(), &["token", "create", "vic"])?)?
        .trim()
        .to_string();
    let mut child = Command::new(TOLL)
        .args(["serve", "--addr", "127.0.0.1:0", "--skip-check"])
        .env("TOLL_DB", dir.path().join("t.db"))
        .env("TOLL_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    let stderr = child.stderr.take().ok_or("stderr")?;
    let _server = Server(child);
    let mut lines = BufReader::new(stderr).lines();
    let addr = loop {
        let line = lines.next().ok_or("the server ended before listening")??;
        if let Some(rest) = line.split("on http://").nth(1) {
            break rest.split('/').next().unwrap_or_default().to_string();
        }
    };
    let mut paths: Vec<String> = vec![
        "/".into(),
        format!("/?q=Mosul"),
        format!("/incidents/{incident}"),
        "/api/v1/incidents".into(),
        "/api/v1/incidents?q=Mosul".into(),
        format!("/api/v1/incidents/{incident}"),
        "/api/v1/reports".into(),
        "/api/v1/accounts".into(),
        "/api/v1/openapi.json".into(),
        "/login".into(),
        "/static/style.css".into(),
    ];
    for r in &report_ids {
        paths.push(format!("/reports/{r}"));
        paths.push(format!("/api/v1/reports/{r}"));
    }
    for a in &account_ids {
        paths.push(format!("/api/v1/accounts/{a}"));
    }
    for p in &paths {
        let answer = get(&addr, p)?;
        assert!(
            answer.starts_with("HTTP/1.1 200"),
            "{p}: {}",
            answer.lines().next().unwrap_or("")
        );
        assert_no_personal_data(p, &answer);
    }
    // the claims themselves are not public
    for p in [
        "/api/v1/claims".to_string(),
        format!("/api/v1/claims/{id}"),
        format!("/api/v1/claims/{id}/dossier.html"),
        format!("/api/v1/claims/{id}/dossier.pdf"),
    ] {
        let answer = get(&addr, &p)?;
        assert!(
            answer.starts_with("HTTP/1.1 401"),
            "{p}: {}",
            answer.lines().next().unwrap_or("")
        );
        assert_no_personal_data(&p, &answer);
    }
    // a viewer's token is refused too
    let mut s = TcpStream::connect(&addr)?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        s,
        "GET /api/v1/claims/{id} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {viewer_token}\r\nConnection: close\r\n\r\n"
    )?;
    let mut answer = String::new();
    s.read_to_string(&mut answer)?;
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    assert_no_personal_data("a viewer's claim request", &answer);
    // the sweep would see them: an analyst's token reads the claim, uncached, without its contact
    let mut s = TcpStream::connect(&addr)?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        s,
        "GET /api/v1/claims/{id} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    )?;
    let mut answer = String::new();
    s.read_to_string(&mut answer)?;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains(VICTIM) && answer.contains(CLAIMANT));
    assert!(answer
        .to_ascii_lowercase()
        .contains("cache-control: no-store"));
    assert!(!answer.contains(CONTACT));
    // the dossier served links its print style (the server's CSP allows no inline style), and the
    // stylesheet is served
    let mut s = TcpStream::connect(&addr)?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        s,
        "GET /api/v1/claims/{id}/dossier.html HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    )?;
    let mut answer = String::new();
    s.read_to_string(&mut answer)?;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("<link rel=\"stylesheet\" href=\"/static/dossier.css\">"));
    assert!(!answer.contains("<style"));
    let css = get(&addr, "/static/dossier.css")?;
    assert!(css.starts_with("HTTP/1.1 200"), "{css}");
    assert!(css.contains("@page"));
    Ok(())
}
