//! The `.html` reader on bytes: the page (main text by readability, metadata from the head) and its
//! `.meta.json` sidecar. The input is `sidecar NUL page` when it holds a NUL byte, else the page alone.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use toll_fuzz::{check_items, split_sidecar};
use toll_ingest::single_items;

fuzz_target!(|data: &[u8]| {
    let (sidecar, page) = split_sidecar(data);
    let items = single_items(Path::new("fuzz.html"), page.to_vec(), true, sidecar);
    let docs = check_items(items.into_iter(), 1);
    assert_eq!(docs.len(), 1, "one .html file is one document");
    assert_eq!(docs[0].raw, page, "the raw bytes are kept exactly");
});
