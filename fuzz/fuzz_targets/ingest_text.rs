//! The `.txt` reader on bytes: the report's bytes and its `.meta.json` sidecar's. The input is
//! `sidecar NUL text` when it holds a NUL byte, else the text alone (no sidecar).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use toll_fuzz::{check_items, split_sidecar};
use toll_ingest::single_items;

fuzz_target!(|data: &[u8]| {
    let (sidecar, text) = split_sidecar(data);
    let items = single_items(Path::new("fuzz.txt"), text.to_vec(), false, sidecar);
    let docs = check_items(items.into_iter(), 1);
    assert_eq!(docs.len(), 1, "one .txt file is one document");
    assert_eq!(docs[0].raw, text, "the raw bytes are kept exactly");
    assert_eq!(
        docs[0].text,
        String::from_utf8_lossy(text),
        "the text is the decoded bytes"
    );
});
