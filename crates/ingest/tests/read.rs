//! Reading a directory of mixed inputs through the public API. Every fixture is invented text written here.

use flate2::write::GzEncoder;
use std::fs;
use std::io::Write;
use std::path::Path;
use toll_ingest::{documents, sha256_hex, Item, Location, Options, SourceDoc};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn warc_record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2023-06-01T12:00:00Z\r\n\
         WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{:012}>\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\n\r\n",
        uri.len(),
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn gzip(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut e = GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data)?;
    e.finish()
}

fn write_fixtures(root: &Path) -> std::io::Result<()> {
    fs::create_dir_all(root.join("web"))?;
    fs::write(
        root.join("a-strike.txt"),
        "Strike on the bridge\nAn air strike on the bridge killed 4 civilians on Monday.\n",
    )?;
    fs::write(
        root.join("a-strike.meta.json"),
        r#"{"id":"bridge-01","outlet":"Illustrative Wire","published":"2022-09-12"}"#,
    )?;
    fs::write(
        root.join("b-feed.jsonl"),
        concat!(
            r#"{"id":"feed-1","text":"A car bomb killed 9 people in the square."}"#,
            "\n",
            "{broken\n",
            r#"{"id":"feed-3","text":"Rescuers said 4 children died in the fire."}"#,
            "\n"
        ),
    )?;
    fs::write(
        root.join("web/c-page.html"),
        "<html><head><title>Shelling in the old town</title></head>\
         <body><p>Shelling killed 7 people near the old town market on Friday.</p></body></html>",
    )?;
    let mut warc = warc_record(
        "response",
        "https://example.org/illustrative/ferry",
        "application/http; msgtype=response",
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>A drone strike hit the ferry landing, killing 5 fishermen.</p></body></html>",
    );
    warc.extend(warc_record(
        "resource",
        "https://example.org/illustrative/notes.txt",
        "text/plain",
        b"Gunmen killed 3 guards at the checkpoint.",
    ));
    fs::write(root.join("web/d-crawl.warc.gz"), gzip(&warc)?)?;
    fs::write(
        root.join("e-junk.html"),
        [0xffu8, 0x00, 0x3c, 0x3c, 0xfe, 0x80].repeat(500),
    )?;
    fs::write(root.join("f-notes.md"), "not an input")?;
    Ok(())
}

#[test]
fn a_mixed_directory_streams_documents_warnings_and_errors() -> TestResult {
    let dir = tempfile::tempdir()?;
    let root = dir.path().join("in");
    write_fixtures(&root)?;
    let mut items = documents(
        &[root.clone(), root.join("missing.txt")],
        &Options::default(),
    );
    assert_eq!(items.files_total(), 5);
    let mut docs: Vec<SourceDoc> = Vec::new();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for item in items.by_ref() {
        match item {
            Item::Doc(d) => docs.push(*d),
            Item::Error(e) => errors.push(e.to_string()),
            Item::Warning(w) => warnings.push(w.to_string()),
        }
    }
    assert_eq!(items.files_done(), 5);
    let ids: Vec<&str> = docs.iter().map(|d| d.meta.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "bridge-01",
            "feed-1",
            "feed-3",
            "e-junk",
            "c-page",
            "urn:uuid:00000000-0000-0000-0000-000000000038",
            "urn:uuid:00000000-0000-0000-0000-000000000042",
        ]
    );
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].contains("missing.txt: cannot read"), "{errors:?}");
    assert!(
        errors[1].contains("b-feed.jsonl line 2: invalid JSON"),
        "{errors:?}"
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("e-junk.html: invalid UTF-8"),
        "{warnings:?}"
    );

    for d in &docs {
        assert_eq!(d.sha256, sha256_hex(&d.raw));
        assert_eq!(d.size, d.raw.len() as u64);
    }
    let by_id = |id: &str| docs.iter().find(|d| d.meta.id == id);
    let txt = by_id("bridge-01").ok_or("txt")?;
    assert_eq!(txt.media_type, "text/plain");
    assert_eq!(txt.meta.published.as_deref(), Some("2022-09-12"));
    assert_eq!(txt.raw, fs::read(root.join("a-strike.txt"))?);
    let line = by_id("feed-3").ok_or("jsonl")?;
    assert_eq!(line.location, Some(Location::Line(3)));
    assert_eq!(line.text, "Rescuers said 4 children died in the fire.");
    let page = by_id("c-page").ok_or("html")?;
    assert_eq!(page.media_type, "text/html");
    assert_eq!(
        page.text,
        "Shelling in the old town\n\nShelling killed 7 people near the old town market on Friday."
    );
    let ferry = &docs[5];
    assert_eq!(ferry.source, "https://example.org/illustrative/ferry");
    assert_eq!(ferry.captured_at.as_deref(), Some("2023-06-01T12:00:00Z"));
    assert!(ferry.text.contains("killing 5 fishermen"), "{}", ferry.text);
    assert!(ferry.raw.starts_with(b"<html>"), "HTTP headers stripped");
    assert!(matches!(
        ferry.location,
        Some(Location::Record {
            offset: 0,
            decompressed: true
        })
    ));
    assert_eq!(docs[6].text, "Gunmen killed 3 guards at the checkpoint.");
    Ok(())
}

#[test]
fn a_truncated_warc_gz_keeps_the_records_before_the_damage() -> TestResult {
    let dir = tempfile::tempdir()?;
    let mut warc = Vec::new();
    for n in 0..20 {
        let body = format!("Report {n}: shelling killed {n} people in the district.");
        warc.extend(warc_record(
            "resource",
            &format!("https://example.org/illustrative/{n}"),
            "text/plain",
            body.as_bytes(),
        ));
    }
    let gz = gzip(&warc)?;
    let path = dir.path().join("cut.warc.gz");
    fs::write(&path, &gz[..gz.len() * 2 / 3])?;
    let items: Vec<Item> = documents(&[path], &Options::default()).collect();
    let (docs, errors): (Vec<&Item>, Vec<&Item>) =
        items.iter().partition(|i| matches!(i, Item::Doc(_)));
    assert!(
        !docs.is_empty() && docs.len() < 20,
        "{} documents",
        docs.len()
    );
    assert_eq!(errors.len(), 1);
    let Item::Error(e) = errors[0] else {
        return Err("an error".into());
    };
    let msg = e.to_string();
    assert!(
        msg.contains("cut.warc.gz record at byte") && msg.contains("truncated"),
        "{msg}"
    );
    Ok(())
}

/// Runs `f` on another thread and waits for it generously: a reader that blocks (on a FIFO) or never
/// ends (on a device) fails the test instead of hanging it.
#[cfg(unix)]
fn within_a_minute<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(std::time::Duration::from_secs(60))
        .map_err(|_| "reading did not finish: blocked on a special file".to_string())
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_is_an_error_and_the_batch_goes_on() -> TestResult {
    let dir = tempfile::tempdir()?;
    let root = dir.path().join("in");
    fs::create_dir(&root)?;
    let status = std::process::Command::new("mkfifo")
        .arg(root.join("a.jsonl"))
        .status()?;
    assert!(status.success());
    std::os::unix::fs::symlink("/dev/urandom", root.join("b.jsonl"))?;
    fs::write(
        root.join("c.txt"),
        "Shelling killed 2 people in the market.",
    )?;
    let named = dir.path().join("named.warc");
    std::os::unix::fs::symlink("/dev/urandom", &named)?;
    let small = Options { max_bytes: 1024 };
    let paths = vec![root.clone(), named.clone()];
    let items: Vec<String> = within_a_minute(move || {
        documents(&paths, &small)
            .map(|item| match item {
                Item::Doc(d) => format!("doc {}", d.meta.id),
                Item::Error(e) => e.to_string(),
                Item::Warning(w) => w.to_string(),
            })
            .collect()
    })?;
    assert_eq!(items.len(), 4, "{items:?}");
    for (item, name) in items.iter().zip(["a.jsonl", "b.jsonl", "named.warc"]) {
        assert!(
            item.contains(name) && item.contains("not a regular file"),
            "{items:?}"
        );
    }
    assert_eq!(items[3], "doc c");

    // a file read directly gets the same check
    for name in ["b.jsonl", "a.jsonl"] {
        let path = root.join(name);
        let read: Vec<String> = within_a_minute(move || {
            toll_ingest::read_file(&path, &small)
                .map(|item| match item {
                    Item::Error(e) => e.to_string(),
                    _ => "not an error".to_string(),
                })
                .collect()
        })?;
        assert_eq!(read.len(), 1, "{read:?}");
        assert!(read[0].contains("not a regular file"), "{read:?}");
    }
    Ok(())
}

#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_are_read_and_shown_lossily() -> TestResult {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir()?;
    let root = dir.path().join("in");
    fs::create_dir(&root)?;
    let txt = root.join(OsStr::from_bytes(b"caf\xe9.txt"));
    fs::write(&txt, "A strike on the caf\u{e9} killed 3 people.")?;
    fs::write(
        root.join(OsStr::from_bytes(b"caf\xe9.meta.json")),
        r#"{"outlet":"Sidecar Outlet"}"#,
    )?;
    fs::write(
        root.join(OsStr::from_bytes(b"big\xff.html")),
        "x".repeat(200),
    )?;
    let small = Options { max_bytes: 100 };
    let mut items = documents(&[root.clone(), txt.clone()], &small);
    assert_eq!(items.files_total(), 3);
    let mut seen = Vec::new();
    for item in items.by_ref() {
        match item {
            Item::Doc(d) => {
                assert_eq!(d.meta.outlet.as_deref(), Some("Sidecar Outlet"));
                assert!(d.source.ends_with("caf\u{fffd}.txt"), "{}", d.source);
                seen.push(format!("doc {}", d.meta.id));
            }
            Item::Error(e) => seen.push(e.to_string()),
            Item::Warning(w) => seen.push(w.to_string()),
        }
    }
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert!(
        seen[0].contains("big\u{fffd}.html: file is 200 bytes"),
        "{seen:?}"
    );
    assert_eq!(seen[1], "doc caf\u{fffd}");
    assert_eq!(seen[2], "doc caf\u{fffd}");
    Ok(())
}

/// `single_items` reads a `.txt` or `.html` document and its sidecar from bytes, as reading the files
/// does: the sidecar wins, bad JSON in it is a warning naming the sidecar, and the raw bytes are kept.
#[test]
fn single_documents_read_from_bytes_with_their_sidecar() {
    let docs = |items: Vec<Item>| -> (Vec<SourceDoc>, Vec<String>) {
        let mut docs = Vec::new();
        let mut warnings = Vec::new();
        for item in items {
            match item {
                Item::Doc(d) => docs.push(*d),
                Item::Warning(w) => warnings.push(w.to_string()),
                Item::Error(e) => warnings.push(format!("error: {e}")),
            }
        }
        (docs, warnings)
    };
    let text = b"Shelling killed 4 people.\n".to_vec();
    let (d, w) = docs(toll_ingest::single_items(
        Path::new("in/shelling.txt"),
        text.clone(),
        false,
        Some(br#"{"id":"s-1","published":"2024-03-07"}"#),
    ));
    assert!(w.is_empty(), "{w:?}");
    assert_eq!((d.len(), d[0].meta.id.as_str()), (1, "s-1"));
    assert_eq!(d[0].meta.published.as_deref(), Some("2024-03-07"));
    assert_eq!(
        (d[0].raw.as_slice(), d[0].text.as_str()),
        (text.as_slice(), "Shelling killed 4 people.\n")
    );
    assert_eq!(d[0].sha256, sha256_hex(&text));

    let page = b"<html><head><title>Blast</title></head><body><p>A bomb killed 9 people.</p></body></html>";
    let (d, w) = docs(toll_ingest::single_items(
        Path::new("in/blast.html"),
        page.to_vec(),
        true,
        Some(b"{not json"),
    ));
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("in/blast.meta.json: sidecar ignored"),
        "{w:?}"
    );
    assert_eq!(
        (d[0].meta.id.as_str(), d[0].meta.title.as_deref()),
        ("blast", Some("Blast"))
    );
    assert!(
        d[0].text.contains("A bomb killed 9 people."),
        "{}",
        d[0].text
    );
    assert_eq!(d[0].media_type, "text/html");
}
