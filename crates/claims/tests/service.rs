//! Claims through `toll_claims::Claims` on a record in memory built from the project's own
//! illustrative reports of the west-Mosul incident of 17 March 2017 (`eval/heldout`): the
//! workflow refuses what it does not allow, every read and change is audited without personal
//! data, parties fed in from strike matching change the routing, and the dossier shows what the
//! record holds.

use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::path::Path;
use toll_claims::claim::{Decision, Filing};
use toll_claims::parties::PartyKind;
use toll_claims::service::Step;
use toll_claims::{Claims, ClaimsError, ContactKey, Harm, ResponsibleParty, Status, Victim};
use toll_model::ReportMeta;
use toll_store::{NewDocument, SqliteStore, Store};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const VICTIM: &str = "Illustrative Victim-Name";

/// A record in memory with the heldout Mosul reports; returns it and the Mosul incident's id.
fn record() -> Result<(SqliteStore, String), Box<dyn std::error::Error>> {
    let store = SqliteStore::open_in_memory()?;
    let gazetteer = toll_geo::Gazetteer::bundled()?;
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../eval/heldout/docs");
    for name in ["h01", "h02", "h03"] {
        let raw = std::fs::read(docs.join(format!("{name}.txt")))?;
        let meta: ReportMeta =
            serde_json::from_slice(&std::fs::read(docs.join(format!("{name}.meta.json")))?)?;
        let text = String::from_utf8(raw.clone())?;
        let sha: String = Sha256::digest(&raw)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        toll_record::add_report(
            &store,
            &gazetteer,
            &NewDocument {
                sha256: &sha,
                raw: &raw,
                media_type: "text/plain",
                source: name,
                captured_at: None,
                meta: &meta,
                text: &text,
            },
        )?;
    }
    toll_record::link_new(&store)?;
    let id = store
        .incidents(&Default::default())?
        .into_iter()
        .find(|i| {
            i.country.as_deref() == Some("IQ")
                && i.date.as_deref() == Some("2017-03-17")
                && i.place.as_deref() == Some("Mosul")
        })
        .map(|i| i.id)
        .ok_or("no Mosul incident")?;
    Ok((store, id))
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 4).unwrap_or_default()
}

fn victim() -> Victim {
    Victim {
        name: VICTIM.into(),
        age: Some(30),
        sex: Some("male".into()),
        harm: Harm::Injured,
        relation: "self".into(),
    }
}

#[test]
fn the_workflow_refuses_what_it_does_not_allow_and_writes_nothing() -> TestResult {
    let (store, incident) = record()?;
    let claims = Claims::new(&store, "ana")?;
    let id = claims.create(&incident, "Illustrative Claimant", None, None, vec![])?;
    let version = claims.get(id, None)?.version;
    let refused = claims.step(id, Step::Closed);
    assert!(
        matches!(refused, Err(ClaimsError::Transition { .. })),
        "{refused:?}"
    );
    assert_eq!(
        claims.get(id, None)?.version,
        version,
        "nothing was written"
    );
    let unknown = claims.step(
        id,
        Step::Filed(Filing {
            mechanism: "nowhere".into(),
            date: "2026-12-04".into(),
            reference: "R".into(),
        }),
    );
    assert!(
        matches!(unknown, Err(ClaimsError::Invalid(_))),
        "{unknown:?}"
    );
    let bad_date = claims.step(
        id,
        Step::Filed(Filing {
            mechanism: "iq-law-20".into(),
            date: "yesterday".into(),
            reference: "R".into(),
        }),
    );
    assert!(bad_date.is_err());
    claims.step(
        id,
        Step::Filed(Filing {
            mechanism: "iq-law-20".into(),
            date: "2026-12-04".into(),
            reference: "R-7".into(),
        }),
    )?;
    claims.step(id, Step::Acknowledged)?;
    claims.step(
        id,
        Step::Decided(Decision::Paid {
            amount: "IQD 1".into(),
        }),
    )?;
    assert_eq!(claims.step(id, Step::Closed)?, Status::Closed);
    assert!(
        claims.step(id, Step::Appealed("late".into())).is_err(),
        "closed is final"
    );
    let c = claims.get(id, None)?;
    let statuses: Vec<&str> = c.events.iter().map(|e| e.status.as_str()).collect();
    assert_eq!(
        statuses,
        vec!["draft", "filed", "acknowledged", "decided", "closed"]
    );
    assert!(matches!(
        claims.get(999, None),
        Err(ClaimsError::NoClaim(999))
    ));
    assert!(matches!(
        claims.create("IRQ-1999-01-01-z", "X", None, None, vec![]),
        Err(ClaimsError::NoIncident(_))
    ));
    Ok(())
}

#[test]
fn reads_and_changes_are_audited_without_personal_data() -> TestResult {
    let (store, incident) = record()?;
    let key = ContactKey::from_hex(&ContactKey::generate()?)?;
    let claims = Claims::new(&store, "ana")?;
    let id = claims.create(
        &incident,
        "Illustrative Claimant",
        Some("+964 1"),
        Some(&key),
        vec![],
    )?;
    claims.add_victim(id, victim())?;
    let refused = claims.attach(id, "identity", "id.pdf", b"<html>not a pdf</html>", 1 << 20);
    assert!(matches!(refused, Err(ClaimsError::Document { .. })));
    claims.attach(
        id,
        "identity",
        "id.png",
        b"\x89PNG\r\n\x1a\n illustrative",
        1 << 20,
    )?;
    assert_eq!(
        claims.get(id, Some(&key))?.contact.as_deref(),
        Some("+964 1")
    );
    let events = store.audit_of("claim", &id.to_string())?;
    let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        vec![
            "claim.create",
            "claim.victim.add",
            "claim.attach",
            "claim.read"
        ]
    );
    for e in &events {
        assert_eq!(e.actor, "ana");
        let all = format!("{:?}", e);
        assert!(
            !all.contains(VICTIM)
                && !all.contains("Illustrative Claimant")
                && !all.contains("+964"),
            "{all}"
        );
    }
    // claim events never join the incident's public history
    assert!(store
        .incident_history(&incident)?
        .iter()
        .all(|e| e.entity != "claim"));
    Ok(())
}

#[test]
fn parties_from_strike_matching_change_the_routing_and_the_dossier_shows_the_record() -> TestResult
{
    let (store, incident) = record()?;
    let claims = Claims::new(&store, "ana")?;
    let id = claims.create(&incident, "Illustrative Claimant", None, None, vec![])?;
    claims.add_victim(id, victim())?;
    // from the accounts alone: the coalition (it says it struck there), ex gratia first
    let derived = claims.route(id, None, today())?;
    assert_eq!(
        derived.parties.first().map(|p| p.kind),
        Some(PartyKind::Coalition)
    );
    assert_eq!(
        derived.routes.first().map(|r| r.mechanism.as_str()),
        Some("us-ex-gratia")
    );
    // a declared British strike there and then puts the UK's scheme before the national law
    let declared = vec![ResponsibleParty {
        name: "United Kingdom".into(),
        nation: Some("GB".into()),
        kind: PartyKind::Declared,
        probability: 0.9,
        evidence: vec!["declared a strike near Mosul that day".into()],
    }];
    let r = claims.route(
        id,
        Some(declared),
        NaiveDate::from_ymd_opt(2022, 1, 1).unwrap_or_default(),
    )?;
    let order: Vec<&str> = r.routes.iter().map(|r| r.mechanism.as_str()).collect();
    assert_eq!(order, vec!["uk-mod-claims", "iq-law-20"], "{r:#?}");
    assert_eq!(
        r.routes[0].deadline.date,
        NaiveDate::from_ymd_opt(2023, 3, 17)
    );
    assert!(!r.routes[0].deadline.passed);

    let mut dossier = claims.dossier(id, None, None, today())?;
    let text: Vec<String> = dossier.lines().iter().map(|l| format!("{l:?}")).collect();
    let text = text.join("\n");
    assert!(text.contains(&format!("Claim {id} for incident {incident}")));
    assert!(text.contains("None in this record: no declared strike"));
    assert!(text.contains("Filing instructions: US ex gratia payments"));
    assert!(
        text.contains("https://www.justsecurity.org/67789/"),
        "the sources are listed"
    );
    for r in &dossier.incident.reports {
        assert!(text.contains(&r.sha256), "every report's SHA-256");
    }
    dossier
        .strikes
        .push("2017-03-17 near Mosul: illustrative declared strike".into());
    let html = toll_claims::dossier::html::render(&dossier);
    assert!(html.contains("illustrative declared strike"));
    assert!(!html.contains("<script"));
    let pdf = toll_claims::dossier::pdf::render(&dossier);
    let doc = lopdf::Document::load_mem(&pdf)?;
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    assert!(pages.len() > 1, "a long dossier runs over pages");
    assert!(doc.extract_text(&pages)?.contains(&incident));
    Ok(())
}

#[test]
fn the_pdf_dossier_keeps_cyrillic_arabic_and_latin_extended_names() -> TestResult {
    // the embedded font: $TOLL_PDF_FONT or DejaVu Sans; its absence fails the test
    if let Err(e) = toll_claims::dossier::pdf::FontFiles::find() {
        return Err(format!(
            "{e}: install Debian's fonts-dejavu-core (apt-get install fonts-dejavu-core) or set \
             TOLL_PDF_FONT to a TrueType font with Cyrillic and Arabic"
        )
        .into());
    }
    let (store, incident) = record()?;
    let claims = Claims::new(&store, "ana")?;
    let id = claims.create(&incident, "محمد علي", None, None, vec![])?;
    claims.add_victim(
        id,
        Victim {
            name: "Олена Коваленко".into(),
            age: Some(41),
            sex: Some("female".into()),
            harm: Harm::Killed,
            relation: "mother".into(),
        },
    )?;
    let mut dossier = claims.dossier(id, None, None, today())?;
    dossier.incident.place = Some("Ḩajjah".into());
    let rendered = toll_claims::dossier::pdf::render_noted(&dossier);
    assert!(rendered.warning.is_none(), "{:?}", rendered.warning);
    let doc = lopdf::Document::load_mem(&rendered.bytes)?;
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages)?;
    assert!(text.contains(&incident), "{text}");
    assert!(text.contains("Олена Коваленко: killed, age 41"), "{text}");
    assert!(text.contains("place: Ḩajjah"), "{text}");
    // the claimant's Arabic name, right to left: its glyphs in visual order read back letter by letter
    let visual: String = "محمد علي".chars().rev().collect();
    assert!(text.contains(&format!("Claimant: {visual}")), "{text}");
    assert!(!text.contains("Characters outside Latin-1"));
    Ok(())
}
