//! Belligerents' assessments over a record in memory: proposed from an account whose claimant is
//! the belligerent, confirmed by an editor, entered directly; each change an audit event, and the
//! incident's figures and grade reconciled again. The report is illustrative, written for Toll.

use toll_model::{Range, ReportMeta};
use toll_record::review::Decision;
use toll_redress::assessment::{self, Entry, Kind};
use toll_redress::RedressError;
use toll_store::{AccountFilter, NewDocument, SqliteStore, Store};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const REPORT: &str = "Coalition admits Mosul strike deaths\n\n\
CENTCOM said on Thursday that a coalition air strike in Mosul on March 17, 2017 killed 105 civilians.\n";

fn record() -> Result<(SqliteStore, i64, String), Box<dyn std::error::Error>> {
    let store = SqliteStore::open_in_memory()?;
    let gazetteer = toll_geo::Gazetteer::bundled()?;
    let meta = ReportMeta {
        id: "illustrative-centcom".into(),
        url: Some("https://example.org/illustrative-statement".into()),
        title: None,
        outlet: Some("Illustrative Wire".into()),
        published: Some("2017-05-25".into()),
        lang: None,
    };
    let sha = toll_redress::import::sha256_hex(REPORT.as_bytes());
    toll_record::add_report(
        &store,
        &gazetteer,
        &NewDocument {
            sha256: &sha,
            raw: REPORT.as_bytes(),
            media_type: "text/plain",
            source: "illustrative.txt",
            captured_at: None,
            meta: &meta,
            text: REPORT,
        },
    )?;
    toll_record::link_new(&store)?;
    let account = store
        .current_accounts(&AccountFilter::default())?
        .into_iter()
        .find(|a| a.account.claimed_by.as_deref() == Some("CENTCOM"))
        .ok_or("no account claimed by CENTCOM")?;
    let incident = store
        .link_of_account(account.id)?
        .ok_or("the account is in no incident")?;
    Ok((store, account.id, incident))
}

fn decision<'a>(by: &'a str, reason: &'a str) -> Decision<'a> {
    Decision {
        by,
        reason,
        expected_version: None,
    }
}

#[test]
fn a_proposal_counts_only_once_an_editor_confirms_it() -> TestResult {
    let (store, account, incident) = record()?;
    let proposed = assessment::propose_from_account(
        &store,
        account,
        Some("CENTCOM"),
        Kind::Credible,
        &decision("ana", "the statement concedes the deaths"),
    )?;
    assert_eq!(proposed.incident, incident);
    let listed = assessment::of_incident(&store, &incident)?;
    assert_eq!(listed.len(), 1);
    let a = &listed[0];
    assert_eq!(a.status, "proposed");
    assert_eq!(a.killed.and_then(|r| r.min), Some(105));
    assert_eq!(a.statement_date.as_deref(), Some("2017-05-25"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://example.org/illustrative-statement")
    );
    assert!(a
        .statement_text
        .as_deref()
        .is_some_and(|t| t.contains("105 civilians")));
    assert_eq!(a.statement_sha256.as_ref().map(String::len), Some(64));
    let summary = toll_record::summarize_stored(&store, &incident)?;
    let reconciled = toll_record::incident_of(&summary)?.reconciled;
    assert!(
        reconciled.conceded.is_empty(),
        "a proposal concedes nothing yet"
    );

    // a second proposal for the same belligerent is refused; so is a claimant who is not it
    let again = assessment::propose_from_account(
        &store,
        account,
        None,
        Kind::Credible,
        &decision("ana", "again"),
    );
    assert!(matches!(again, Err(RedressError::Invalid(_))));
    let other = assessment::propose_from_account(
        &store,
        account,
        Some("Ministry of Defence"),
        Kind::Credible,
        &decision("ana", "wrong party"),
    );
    assert!(other.is_err());

    assessment::confirm(
        &store,
        &incident,
        "CENTCOM",
        &decision("ed", "checked the statement"),
    )?;
    let record = store.incident(&incident)?.ok_or("incident")?;
    let reconciled = toll_record::incident_of(&record)?.reconciled;
    assert_eq!(reconciled.grade, toll_link::Grade::Confirmed);
    assert_eq!(reconciled.conceded.len(), 1);
    assert_eq!(reconciled.conceded[0].killed.and_then(|r| r.max), Some(105));
    // the stored page shows it too
    let page = toll_record::page::incident_detail(&store, &incident)?.ok_or("page")?;
    assert_eq!(page.conceded[0].belligerent, "CENTCOM");

    let events = store.incident_history(&incident)?;
    let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"assessment.propose"), "{actions:?}");
    assert!(actions.contains(&"assessment.confirm"), "{actions:?}");
    assert!(matches!(
        store.verify_audit_log()?,
        toll_store::AuditCheck::Intact { .. }
    ));
    Ok(())
}

#[test]
fn entering_replaces_and_non_credible_does_not_confirm() -> TestResult {
    let (store, _, incident) = record()?;
    let entry = Entry {
        belligerent: "US-led coalition".into(),
        kind: Kind::NonCredible,
        killed: Some(Range {
            min: Some(0),
            max: Some(0),
            approx: false,
        }),
        injured: None,
        reason: Some("illustrative: no coalition aircraft over the area".into()),
        statement_date: Some("2017-04-01".into()),
        url: None,
        statement_text: None,
    };
    assessment::enter(&store, &incident, &entry, &decision("ed", "from the log"))?;
    let record = store.incident(&incident)?.ok_or("incident")?;
    let reconciled = toll_record::incident_of(&record)?.reconciled;
    assert_eq!(reconciled.conceded[0].assessment, "non_credible");
    // entering again replaces, keeping one per incident and belligerent
    let credible = Entry {
        kind: Kind::Credible,
        ..entry.clone()
    };
    assessment::enter(&store, &incident, &credible, &decision("ed", "revised"))?;
    assert_eq!(assessment::of_incident(&store, &incident)?.len(), 1);

    // bad input is refused before anything is written
    for bad in [
        Entry {
            belligerent: " ".into(),
            ..entry.clone()
        },
        Entry {
            statement_date: Some("1 April".into()),
            ..entry.clone()
        },
        Entry {
            url: Some("javascript:alert(1)".into()),
            ..entry.clone()
        },
    ] {
        assert!(assessment::enter(&store, &incident, &bad, &decision("ed", "x")).is_err());
    }
    assert!(assessment::enter(&store, &incident, &entry, &decision("ed", " ")).is_err());
    assert!(matches!(
        assessment::enter(&store, "IRQ-1999-01-01-a", &entry, &decision("ed", "x")),
        Err(RedressError::NotFound { .. })
    ));
    let stale = Decision {
        expected_version: Some(-1),
        ..decision("ed", "stale")
    };
    assert!(assessment::enter(&store, &incident, &entry, &stale).is_err());
    Ok(())
}
