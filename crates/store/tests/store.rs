//! The record store through its public API, on real database files. Texts are short invented sentences.

use std::path::Path;
use toll_model::{
    Account, DateBasis, EventDate, EventPlace, PlaceBasis, Range, ReportMeta, Scope, Span, Victims,
};
use toll_store::{
    AccountFilter, AccountStatus, IncidentFacts, IncidentFilter, IncidentQuery, IncidentRecord,
    IncidentSort, InsertOutcome, LinkMethod, NewDocument, SqliteStore, Store, StoreError,
};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const TEXT: &str = "An air strike on the market killed at least 23 civilians. \
The ministry later said 31 people died and 40 were wounded.";

/// An account over the first occurrence of `needle` in `TEXT`.
fn account(needle: &str, killed: u64) -> Account {
    let start = TEXT.find(needle).unwrap_or(0);
    let span = Span::new(start, start + needle.len());
    Account {
        span,
        text: span.slice(TEXT).to_string(),
        killed: Some(Range {
            min: Some(killed),
            max: None,
            approx: false,
        }),
        injured: None,
        casualties_ambiguous: false,
        victims: Victims::Civilians,
        scope: Scope::Incident,
        blamed: Some("air strike".into()),
        claimed_by: None,
        hedged: false,
        denial: false,
        date: Some(EventDate {
            date: "2024-03-07".into(),
            precision: 1,
            basis: DateBasis::Sentence,
            phrase: Some("Thursday".into()),
            reference_inferred: false,
        }),
        place: Some(EventPlace {
            name: "Halvaro".into(),
            matched: "Halvaro".into(),
            lat: 36.4,
            lon: 44.1,
            country: "IQ".into(),
            precision: 1,
            basis: PlaceBasis::Sentence,
        }),
        month_day: None,
        window: Default::default(),
        period: None,
        place_names: Vec::new(),
    }
}

fn first() -> Account {
    account(
        "An air strike on the market killed at least 23 civilians.",
        23,
    )
}

fn second() -> Account {
    account(
        "The ministry later said 31 people died and 40 were wounded.",
        31,
    )
}

fn meta() -> ReportMeta {
    ReportMeta {
        id: "halvaro-wire-01".into(),
        url: Some("https://example.org/illustrative/halvaro".into()),
        title: Some("Strike on Halvaro market".into()),
        outlet: Some("Illustrative Wire".into()),
        published: Some("2024-03-07".into()),
        lang: None,
    }
}

fn sha(n: u8) -> String {
    format!("{:064x}", n)
}

fn new_doc<'a>(sha256: &'a str, raw: &'a [u8], meta: &'a ReportMeta) -> NewDocument<'a> {
    NewDocument {
        sha256,
        raw,
        media_type: "text/plain",
        source: "reports/halvaro.txt",
        captured_at: Some("2024-03-08T06:00:00Z"),
        meta,
        text: TEXT,
    }
}

fn open(dir: &Path) -> Result<SqliteStore, StoreError> {
    SqliteStore::open(&dir.join("toll.db"))
}

#[test]
fn same_bytes_twice_is_one_document() -> TestResult {
    let dir = tempfile::tempdir()?;
    let store = open(dir.path())?;
    let (h, m) = (sha(1), meta());
    let doc = new_doc(&h, TEXT.as_bytes(), &m);
    let InsertOutcome::Inserted {
        document_id,
        account_ids,
    } = store.insert_document(&doc, &[first(), second()], "toll-extract/0.1.0")?
    else {
        return Err("first insert is new".into());
    };
    assert_eq!(account_ids.len(), 2);
    let again = store.insert_document(&doc, &[first()], "toll-extract/0.1.0")?;
    assert_eq!(again, InsertOutcome::Duplicate { document_id });
    let c = store.counts()?;
    assert_eq!((c.documents, c.accounts, c.extraction_runs), (1, 2, 1));
    assert_eq!(store.document_id_by_sha256(&h)?, Some(document_id));

    // what went in comes back out, bytes and metadata unchanged
    let stored = store.document(document_id)?.ok_or("stored")?;
    assert_eq!(stored.raw, TEXT.as_bytes());
    assert_eq!(stored.text, TEXT);
    assert_eq!(stored.info.meta, m);
    assert_eq!(stored.info.size, TEXT.len() as u64);
    assert_eq!(
        stored.info.captured_at.as_deref(),
        Some("2024-03-08T06:00:00Z")
    );
    let accounts = store.current_accounts(&AccountFilter {
        document_id: Some(document_id),
        ..AccountFilter::default()
    })?;
    assert_eq!(accounts.len(), 2);
    assert_eq!(accounts[0].account, first());
    assert_eq!(accounts[0].status, AccountStatus::Machine);
    assert_eq!(accounts[0].extractor_version, "toll-extract/0.1.0");
    let listed = store.documents(None, 10)?;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].meta.id, "halvaro-wire-01");
    assert!(store.documents(Some(document_id), 10)?.is_empty());

    // the ingest is in the audit log
    let log = store.audit_log(10)?;
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].action.as_str(), log[0].entity.as_str()),
        ("ingest", "document")
    );
    assert_eq!(log[0].entity_id, document_id.to_string());

    // and it all survives closing and reopening
    drop(store);
    let store = open(dir.path())?;
    assert_eq!(store.counts()?.documents, 1);
    Ok(())
}

#[test]
fn failure_mid_insert_leaves_nothing() -> TestResult {
    let dir = tempfile::tempdir()?;
    let store = open(dir.path())?;
    let (h, m) = (sha(2), meta());
    let doc = new_doc(&h, TEXT.as_bytes(), &m);
    // the third account's span lies outside the text: the document and the first two accounts have
    // been written inside the transaction when it fails
    let mut bad = second();
    bad.span = Span::new(TEXT.len() - 2, TEXT.len() + 40);
    let err = store
        .insert_document(&doc, &[first(), second(), bad], "toll-extract/0.1.0")
        .err();
    assert!(matches!(err, Some(StoreError::Invalid(_))), "{err:?}");
    let c = store.counts()?;
    assert_eq!(
        (c.documents, c.accounts_all, c.extraction_runs),
        (0, 0, 0),
        "{c:?}"
    );
    assert!(store.audit_log(10)?.is_empty());
    assert_eq!(store.document_id_by_sha256(&h)?, None);

    // a failure inside the database (here a trigger standing in for a full disk) rolls back too
    let conn = rusqlite::Connection::open(dir.path().join("toll.db"))?;
    conn.execute_batch(
        "CREATE TRIGGER fail_second AFTER INSERT ON accounts WHEN NEW.killed_min = 31
         BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;",
    )?;
    let err = store.insert_document(&doc, &[first(), second()], "toll-extract/0.1.0");
    assert!(matches!(err, Err(StoreError::Backend(_))), "{err:?}");
    let c = store.counts()?;
    assert_eq!(
        (c.documents, c.accounts_all, c.extraction_runs),
        (0, 0, 0),
        "{c:?}"
    );
    conn.execute_batch("DROP TRIGGER fail_second;")?;

    // the same document goes in whole afterwards
    let ok = store.insert_document(&doc, &[first(), second()], "toll-extract/0.1.0")?;
    assert!(
        matches!(ok, InsertOutcome::Inserted { ref account_ids, .. } if account_ids.len() == 2)
    );
    Ok(())
}

#[test]
fn malformed_hash_is_refused() -> TestResult {
    let store = SqliteStore::open_in_memory()?;
    let m = meta();
    for bad in ["abc", &"G".repeat(64), &"ABCDEF0123456789".repeat(4)] {
        let err = store
            .insert_document(&new_doc(bad, b"x", &m), &[], "v")
            .err();
        assert!(
            matches!(err, Some(StoreError::Invalid(_))),
            "{bad}: {err:?}"
        );
    }
    Ok(())
}

#[test]
fn reextract_keeps_a_machine_account_a_reviewer_placed_in_an_incident() -> TestResult {
    let store = SqliteStore::open_in_memory()?;
    let (h, m) = (sha(4), meta());
    let InsertOutcome::Inserted {
        document_id,
        account_ids,
    } = store.insert_document(
        &new_doc(&h, TEXT.as_bytes(), &m),
        &[first(), second()],
        "toll-extract/0.1.0",
    )?
    else {
        return Err("inserted".into());
    };
    store.upsert_incidents(&[IncidentRecord {
        id: "IRQ-2024-03-07-a".into(),
        country: Some("IQ".into()),
        date: None,
        date_prec: None,
        lat: None,
        lon: None,
        where_prec: None,
        place: None,
        facts: IncidentFacts::default(),
        summary_json: "{}".into(),
    }])?;
    // a reviewer moved the second (machine) account into the incident
    store.confirm_link(account_ids[1], "IRQ-2024-03-07-a")?;
    let out = store.reextract(document_id, &[first(), second()], "toll-extract/0.2.0")?;
    assert_eq!((out.superseded, out.kept_reviewed), (1, 1));
    let current: Vec<i64> = store
        .current_accounts(&AccountFilter::default())?
        .iter()
        .map(|a| a.id)
        .collect();
    assert!(current.contains(&account_ids[1]), "{current:?}");
    assert_eq!(
        store.link_of_account(account_ids[1])?.as_deref(),
        Some("IRQ-2024-03-07-a")
    );
    Ok(())
}

#[test]
fn reextract_supersedes_machine_accounts_and_keeps_reviewed_ones() -> TestResult {
    let store = SqliteStore::open_in_memory()?;
    let (h, m) = (sha(4), meta());
    let InsertOutcome::Inserted {
        document_id,
        account_ids,
    } = store.insert_document(
        &new_doc(&h, TEXT.as_bytes(), &m),
        &[first(), second()],
        "toll-extract/0.1.0",
    )?
    else {
        return Err("inserted".into());
    };
    // a reviewer confirms the first account
    store.set_account_status(account_ids[0], AccountStatus::Confirmed)?;

    // version 0.2 finds a longer clause over the confirmed one, and the second sentence again
    let mut overlapping = first();
    overlapping.span = Span::new(0, 30);
    overlapping.text = overlapping.span.slice(TEXT).to_string();
    let mut changed = second();
    changed.injured = Some(Range::exact(40));
    let out = store.reextract(
        document_id,
        &[overlapping, changed.clone()],
        "toll-extract/0.2.0",
    )?;
    assert_eq!(out.added.len(), 1);
    assert_eq!(out.superseded, 1);
    assert_eq!(out.kept_reviewed, 1);
    assert_eq!(out.skipped_overlapping, 1);

    let current = store.current_accounts(&AccountFilter {
        document_id: Some(document_id),
        ..AccountFilter::default()
    })?;
    let summary: Vec<(i64, AccountStatus, &str)> = current
        .iter()
        .map(|a| (a.id, a.status, a.extractor_version.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                account_ids[0],
                AccountStatus::Confirmed,
                "toll-extract/0.1.0"
            ),
            (out.added[0], AccountStatus::Machine, "toll-extract/0.2.0"),
        ]
    );
    assert_eq!(
        current[0].account,
        first(),
        "the confirmed account is untouched"
    );
    assert_eq!(current[1].account, changed);
    // the superseded account is kept, not deleted
    let c = store.counts()?;
    assert_eq!((c.accounts, c.accounts_all, c.extraction_runs), (2, 3, 2));

    // a rejected account is never current, and re-extraction does not bring its span back
    store.set_account_status(out.added[0], AccountStatus::Rejected)?;
    let again = store.reextract(document_id, &[second()], "toll-extract/0.2.1")?;
    assert_eq!((again.added.len(), again.skipped_overlapping), (0, 1));
    assert_eq!(store.current_accounts(&AccountFilter::default())?.len(), 1);

    let actions: Vec<String> = store.audit_log(10)?.into_iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        ["ingest", "review", "reextract", "review", "reextract"]
    );

    let missing = store.reextract(9999, &[], "v");
    assert!(matches!(
        missing,
        Err(StoreError::NotFound {
            what: "document",
            ..
        })
    ));
    Ok(())
}

fn incident(id: &str, date: &str) -> IncidentRecord {
    IncidentRecord {
        id: id.into(),
        country: Some("IQ".into()),
        date: Some(date.into()),
        date_prec: Some(1),
        lat: Some(36.4),
        lon: Some(44.1),
        where_prec: Some(1),
        place: Some("Halvaro".into()),
        facts: IncidentFacts {
            killed_low: Some(23),
            killed_best: Some(31),
            killed_high: Some(31),
            injured_best: None,
            grade: Some("fair".into()),
            accounts: 2,
            sources: 2,
        },
        summary_json: r#"{"killed":{"low":23,"best":31,"high":31}}"#.into(),
    }
}

#[test]
fn links_never_overwrite_confirmed_ones() -> TestResult {
    let store = SqliteStore::open_in_memory()?;
    let (h, m) = (sha(5), meta());
    let InsertOutcome::Inserted { account_ids, .. } = store.insert_document(
        &new_doc(&h, TEXT.as_bytes(), &m),
        &[first(), second()],
        "toll-extract/0.1.0",
    )?
    else {
        return Err("inserted".into());
    };
    let (a, b) = (account_ids[0], account_ids[1]);
    store.upsert_incidents(&[
        incident("IRQ-2024-03-07-a", "2024-03-07"),
        incident("IRQ-2024-03-07-b", "2024-03-07"),
    ])?;
    assert_eq!(
        store.save_links(&[
            (a, "IRQ-2024-03-07-a".into()),
            (b, "IRQ-2024-03-07-a".into())
        ])?,
        2
    );
    // unchanged links are not rewritten
    assert_eq!(store.save_links(&[(a, "IRQ-2024-03-07-a".into())])?, 0);

    // a reviewer moves account b to incident b and confirms it
    store.confirm_link(b, "IRQ-2024-03-07-b")?;
    // the next automatic run would put both in incident a: only the auto link may change
    assert_eq!(
        store.save_links(&[
            (a, "IRQ-2024-03-07-b".into()),
            (b, "IRQ-2024-03-07-a".into())
        ])?,
        1
    );
    let links: Vec<(i64, Option<String>)> = store
        .accounts_for_linking()?
        .into_iter()
        .map(|c| (c.account_id, c.incident_id))
        .collect();
    assert_eq!(
        links,
        [
            (a, Some("IRQ-2024-03-07-b".into())),
            (b, Some("IRQ-2024-03-07-b".into()))
        ]
    );
    let linked = store.incident_accounts("IRQ-2024-03-07-b")?;
    let methods: Vec<(i64, LinkMethod)> = linked.iter().map(|l| (l.account.id, l.method)).collect();
    assert_eq!(methods, [(a, LinkMethod::Auto), (b, LinkMethod::Confirmed)]);
    assert_eq!(linked[0].source, "reports/halvaro.txt");
    assert_eq!(linked[0].meta.id, "halvaro-wire-01");
    assert!(store.incident_accounts("IRQ-2024-03-07-a")?.is_empty());

    // a link to an incident that does not exist is refused by the foreign key
    assert!(store.save_links(&[(a, "NOPE".into())]).is_err());
    assert_eq!(store.counts()?.links, 2);
    Ok(())
}

#[test]
fn incidents_upsert_and_filter() -> TestResult {
    let store = SqliteStore::open_in_memory()?;
    store.upsert_incidents(&[
        incident("IRQ-2017-03-17-a", "2017-03-17"),
        incident("IRQ-2024-03-07-a", "2024-03-07"),
        IncidentRecord {
            country: Some("SY".into()),
            ..incident("SYR-2020-01-02-a", "2020-01-02")
        },
    ])?;
    let mut updated = incident("IRQ-2017-03-17-a", "2017-03-17");
    updated.summary_json = r#"{"killed":{"best":61}}"#.into();
    updated.place = Some("Mosul".into());
    store.upsert_incidents(&[updated.clone()])?;
    assert_eq!(store.incident("IRQ-2017-03-17-a")?, Some(updated));
    assert_eq!(store.incident("none")?, None);
    let ids = |f: IncidentFilter| -> Result<Vec<String>, StoreError> {
        Ok(store.incidents(&f)?.into_iter().map(|i| i.id).collect())
    };
    assert_eq!(
        ids(IncidentFilter::default())?,
        ["IRQ-2017-03-17-a", "SYR-2020-01-02-a", "IRQ-2024-03-07-a"]
    );
    assert_eq!(
        ids(IncidentFilter {
            country: Some("IQ".into()),
            from: Some("2018-01-01".into()),
            to: None,
        })?,
        ["IRQ-2024-03-07-a"]
    );
    assert_eq!(
        ids(IncidentFilter {
            country: None,
            from: None,
            to: Some("2020-12-31".into()),
        })?,
        ["IRQ-2017-03-17-a", "SYR-2020-01-02-a"]
    );
    let bad = IncidentRecord {
        summary_json: "{not json".into(),
        ..incident("X", "2020-01-01")
    };
    assert!(matches!(
        store.upsert_incidents(&[bad]),
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(store.counts()?.incidents, 3);
    Ok(())
}

#[test]
fn scope_filter_and_paging() -> TestResult {
    let store = SqliteStore::open_in_memory()?;
    let (h, m) = (sha(6), meta());
    let mut aggregate = second();
    aggregate.scope = Scope::Aggregate;
    store.insert_document(
        &new_doc(&h, TEXT.as_bytes(), &m),
        &[first(), aggregate],
        "v",
    )?;
    let incident_only = store.current_accounts(&AccountFilter {
        scope: Some(Scope::Incident),
        ..AccountFilter::default()
    })?;
    assert_eq!(incident_only.len(), 1);
    assert_eq!(incident_only[0].account.scope, Scope::Incident);
    assert_eq!(
        store.accounts_for_linking()?.len(),
        1,
        "aggregates are not linked"
    );
    let page = store.current_accounts(&AccountFilter {
        limit: Some(1),
        ..AccountFilter::default()
    })?;
    let rest = store.current_accounts(&AccountFilter {
        after: page.first().map(|a| a.id),
        ..AccountFilter::default()
    })?;
    assert_eq!((page.len(), rest.len()), (1, 1));
    Ok(())
}

#[test]
fn a_file_that_is_not_a_database_is_an_error_naming_it() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("junk.db");
    std::fs::write(&path, vec![0x5a; 4096])?;
    let err = SqliteStore::open(&path).err().ok_or("junk is refused")?;
    assert!(err.to_string().contains("junk.db"), "{err}");
    assert_eq!(
        std::fs::read(&path)?,
        vec![0x5a; 4096],
        "the file is left alone"
    );
    Ok(())
}

#[test]
fn incident_pages_filter_sort_search_and_count() -> TestResult {
    let store = SqliteStore::open_in_memory()?;
    let m = meta();
    let h = sha(9);
    let InsertOutcome::Inserted { account_ids, .. } = store.insert_document(
        &new_doc(&h, TEXT.as_bytes(), &m),
        &[first(), second()],
        "t/1",
    )?
    else {
        return Err("the document was not inserted".into());
    };
    let with = |id: &str, date: &str, best: u64, sources: u64, grade: &str| IncidentRecord {
        facts: IncidentFacts {
            killed_best: Some(best),
            sources,
            grade: Some(grade.into()),
            ..IncidentFacts::default()
        },
        ..incident(id, date)
    };
    store.upsert_incidents(&[
        with("IRQ-2017-03-17-a", "2017-03-17", 105, 5, "confirmed"),
        with("IRQ-2024-03-07-a", "2024-03-07", 31, 2, "fair"),
        with("IRQ-2020-01-02-a", "2020-01-02", 4, 1, "weak"),
    ])?;
    store.save_links(&[(account_ids[0], "IRQ-2024-03-07-a".into())])?;
    let ids = |q: IncidentQuery| -> Result<(u64, Vec<String>), StoreError> {
        let page = store.incident_page(&q)?;
        Ok((page.total, page.rows.into_iter().map(|r| r.id).collect()))
    };
    let all = IncidentQuery {
        limit: 10,
        ..IncidentQuery::default()
    };
    assert_eq!(
        ids(all.clone())?,
        (
            3,
            vec![
                "IRQ-2017-03-17-a".to_string(),
                "IRQ-2020-01-02-a".into(),
                "IRQ-2024-03-07-a".into()
            ]
        )
    );
    // largest toll first, one per page, second page
    let (total, page2) = ids(IncidentQuery {
        sort: IncidentSort::Killed,
        descending: true,
        limit: 1,
        offset: 1,
        ..IncidentQuery::default()
    })?;
    assert_eq!((total, page2), (3, vec!["IRQ-2024-03-07-a".to_string()]));
    assert_eq!(
        ids(IncidentQuery {
            min_killed: Some(30),
            grade: Some("fair".into()),
            ..all.clone()
        })?,
        (1, vec!["IRQ-2024-03-07-a".to_string()])
    );
    // full-text search finds the incident an account of the matching report is linked to
    for q in ["market civilians", "MARKET", "minis*", "\"market\" ) ( :"] {
        assert_eq!(
            ids(IncidentQuery {
                text: Some(q.into()),
                ..all.clone()
            })?,
            (1, vec!["IRQ-2024-03-07-a".to_string()]),
            "{q}"
        );
    }
    // a search page past the end still knows how many match
    let past = store.incident_page(&IncidentQuery {
        text: Some("market".into()),
        offset: 5,
        ..all.clone()
    })?;
    assert_eq!((past.total, past.rows.len()), (1, 0));
    // FTS syntax is taken as plain words: "OR" must appear in the text too
    for q in ["tanker", "***", "", "market OR tanker", "market NEAR(x"] {
        assert_eq!(
            ids(IncidentQuery {
                text: Some(q.into()),
                ..all.clone()
            })?
            .0,
            0,
            "{q}"
        );
    }
    let row = store
        .incident_page(&IncidentQuery {
            sort: IncidentSort::Sources,
            descending: true,
            limit: 1,
            ..IncidentQuery::default()
        })?
        .rows;
    assert_eq!(row[0].facts.sources, 5);
    assert_eq!(row[0].facts.grade.as_deref(), Some("confirmed"));
    assert_eq!(
        store.link_of_account(account_ids[0])?.as_deref(),
        Some("IRQ-2024-03-07-a")
    );
    assert_eq!(store.link_of_account(account_ids[1])?, None);
    assert_eq!(
        store.links_of_document(1)?,
        vec![(account_ids[0], "IRQ-2024-03-07-a".to_string())]
    );
    assert_eq!(
        store.account(account_ids[1])?.map(|a| a.account.killed),
        Some(second().killed)
    );
    assert_eq!(store.account(9999)?, None);
    Ok(())
}

#[test]
fn incident_counts_follow_writes_from_any_connection() -> TestResult {
    let dir = tempfile::tempdir()?;
    let writer = open(dir.path())?;
    let reader = SqliteStore::open_read_only(&dir.path().join("toll.db"))?;
    let count = |s: &SqliteStore| -> Result<u64, StoreError> {
        Ok(s.incident_page(&IncidentQuery {
            limit: 1,
            ..IncidentQuery::default()
        })?
        .total)
    };
    assert_eq!((count(&writer)?, count(&reader)?), (0, 0));
    writer.upsert_incidents(&[incident("IRQ-2024-03-07-a", "2024-03-07")])?;
    assert_eq!((count(&writer)?, count(&reader)?), (1, 1));
    writer.upsert_incidents(&[incident("IRQ-2024-03-08-a", "2024-03-08")])?;
    assert_eq!((count(&writer)?, count(&reader)?), (2, 2));
    // the reader cannot write
    assert!(reader
        .upsert_incidents(&[incident("IRQ-2024-03-09-a", "2024-03-09")])
        .is_err());
    Ok(())
}

#[test]
fn stored_incident_pages_are_dropped_by_any_change_they_depend_on() -> TestResult {
    let store = SqliteStore::open_in_memory()?;
    let (h, m) = (sha(9), meta());
    let InsertOutcome::Inserted { account_ids, .. } = store.insert_document(
        &new_doc(&h, TEXT.as_bytes(), &m),
        &[first(), second()],
        "toll-extract/0.1.0",
    )?
    else {
        return Err("inserted".into());
    };
    let (a, b) = (account_ids[0], account_ids[1]);
    let (ia, ib) = ("IRQ-2024-03-07-a", "IRQ-2024-03-07-b");
    store.upsert_incidents(&[incident(ia, "2024-03-07"), incident(ib, "2024-03-07")])?;
    store.save_links(&[(a, ia.into()), (b, ib.into())])?;
    let page = |id: &str| (id.to_string(), format!(r#"{{"id":"{id}"}}"#));
    let store_both = || store.save_incident_views(1, &[page(ia), page(ib)]);
    let stored = |id: &str| store.incident_view(id, 1);

    assert_eq!(store.incidents_without_view(1)?, [ia, ib]);
    store_both()?;
    assert_eq!(stored(ia)?, Some(format!(r#"{{"id":"{ia}"}}"#)));
    assert!(store.incidents_without_view(1)?.is_empty());
    // a page of another format is not current
    assert_eq!(store.incident_view(ia, 2)?, None);
    assert_eq!(store.incidents_without_view(2)?, [ia, ib]);

    // a new summary drops that incident's page only
    store.upsert_incidents(&[incident(ia, "2024-03-07")])?;
    assert_eq!(
        (stored(ia)?.is_some(), stored(ib)?.is_some()),
        (false, true)
    );

    // a reviewer's verdict on an account drops the page of its incident
    store_both()?;
    store.set_account_status(b, AccountStatus::Rejected)?;
    assert_eq!(
        (stored(ia)?.is_some(), stored(ib)?.is_some()),
        (true, false)
    );

    // re-extraction supersedes the document's machine accounts: their incidents' pages go
    store_both()?;
    let doc = store
        .document_id_by_sha256(&h)?
        .ok_or("the document is stored")?;
    store.reextract(doc, &[first()], "toll-extract/0.2.0")?;
    assert_eq!(stored(ia)?, None);

    // moving an account drops both incidents' pages
    store_both()?;
    store.confirm_link(a, ib)?;
    assert_eq!((stored(ia)?, stored(ib)?), (None, None));
    Ok(())
}
