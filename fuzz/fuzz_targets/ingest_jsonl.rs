//! The `.jsonl` reader on bytes: one report per line.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Cursor;
use std::path::Path;
use toll_fuzz::{check_items, OPTIONS};
use toll_ingest::jsonl_items;

fuzz_target!(|data: &[u8]| {
    let items = jsonl_items(
        Path::new("fuzz.jsonl"),
        Cursor::new(data.to_vec()),
        &OPTIONS,
    );
    let lines = data.split(|&b| b == b'\n').count();
    let docs = check_items(items, lines);
    assert!(
        docs.len() <= lines,
        "{} documents from {lines} lines",
        docs.len()
    );
});
