//! The WARC reader on bytes: a `.warc.gz` archive when the input starts with the gzip magic bytes,
//! else a plain `.warc`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Cursor;
use std::path::Path;
use toll_fuzz::{check_items, OPTIONS};
use toll_ingest::warc_items;

fuzz_target!(|data: &[u8]| {
    let gz = data.starts_with(&[0x1f, 0x8b]);
    let name = Path::new(if gz { "fuzz.warc.gz" } else { "fuzz.warc" });
    let items = warc_items(name, Cursor::new(data.to_vec()), gz, &OPTIONS);
    // a record takes at least a header line: a plain archive has fewer records than bytes; a gzip
    // stream may expand, so its bound is the decompression limit libFuzzer's RSS limit enforces
    let bound = if gz { usize::MAX } else { data.len() + 1 };
    check_items(items, bound);
});
