//! Property tests: arbitrary bytes fed to the HTML, JSONL and WARC readers never panic, and every
//! document they yield is consistent (hash and size of its raw bytes).

use proptest::prelude::*;
use std::io::Cursor;
use std::path::Path;
use toll_ingest::{extract_html, jsonl_items, sha256_hex, warc_items, Item, Options};

const SMALL: Options = Options { max_bytes: 4096 };

fn check(items: impl Iterator<Item = Item>) {
    for item in items.take(10_000) {
        if let Item::Doc(d) = item {
            assert_eq!(d.sha256, sha256_hex(&d.raw));
            assert_eq!(d.size, d.raw.len() as u64);
        }
    }
}

/// Bytes that look a little like each format, so that parsing gets past the first line.
fn seeded(prefix: &'static [u8]) -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(any::<u8>(), 0..2048).prop_map(move |tail| {
        let mut v = prefix.to_vec();
        v.extend(tail);
        v
    })
}

const WARC_HEAD: &[u8] = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: 60\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>killed 3";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn html_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let h = extract_html(&String::from_utf8_lossy(&bytes));
        prop_assert!(h.text.len() <= 4 * bytes.len() + 16);
    }

    #[test]
    fn html_like_text_never_panics(s in "(<[a-z/!]{0,3}[ a-z=\"]{0,6}>|[A-Za-z0-9 &;.\n]{0,12}){0,200}") {
        let _ = extract_html(&s);
    }

    #[test]
    fn jsonl_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        check(jsonl_items(Path::new("fuzz.jsonl"), Cursor::new(bytes), &SMALL));
    }

    #[test]
    fn jsonl_like_lines_never_panic(bytes in seeded(b"{\"id\":\"x\",\"text\":\"")) {
        check(jsonl_items(Path::new("fuzz.jsonl"), Cursor::new(bytes), &SMALL));
    }

    #[test]
    fn warc_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        check(warc_items(Path::new("fuzz.warc"), Cursor::new(bytes.clone()), false, &SMALL));
        check(warc_items(Path::new("fuzz.warc.gz"), Cursor::new(bytes), true, &SMALL));
    }

    #[test]
    fn warc_like_records_never_panic(bytes in seeded(WARC_HEAD)) {
        check(warc_items(Path::new("fuzz.warc"), Cursor::new(bytes), false, &SMALL));
    }

    #[test]
    fn gzip_like_archives_never_panic(bytes in seeded(&[0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0xff])) {
        check(warc_items(Path::new("fuzz.warc.gz"), Cursor::new(bytes), true, &SMALL));
    }
}
