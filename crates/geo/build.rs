//! Builds the gazetteer's static index from `data/gazetteer.tsv.gz`: the places (one TSV line each)
//! and the sorted normalised names with their place ids (by population, largest first), so that
//! loading at run time only parses the place lines and hashes the names.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

#[path = "src/normalize.rs"]
mod normalize;

fn main() {
    let src = Path::new("data/gazetteer.tsv.gz");
    println!("cargo:rerun-if-changed=data/gazetteer.tsv.gz");
    println!("cargo:rerun-if-changed=src/normalize.rs");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out);
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(src).expect("data/gazetteer.tsv.gz exists"))
        .read_to_string(&mut text)
        .expect("data/gazetteer.tsv.gz is gzip-compressed UTF-8");
    let mut places = String::with_capacity(text.len() / 2);
    let mut names: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    // population of each place, as `lib.rs` reads it
    let mut population: Vec<u64> = Vec::new();
    let mut id = 0u32;
    for line in text.lines() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert!(
            f.len() >= 8,
            "gazetteer line with {} fields: {line}",
            f.len()
        );
        places.push_str(&f[..7].join("\t"));
        places.push('\n');
        population.push(f[6].parse().unwrap_or(0));
        for n in std::iter::once(f[1]).chain(f[7].split('|')) {
            let key = normalize::normalize(n);
            if key.is_empty() {
                continue;
            }
            let ids = names.entry(key).or_default();
            if ids.last() != Some(&id) {
                ids.push(id);
            }
        }
        id += 1;
    }
    let mut keys = String::new();
    let (mut key_offsets, mut posting_offsets, mut postings) = (Vec::new(), Vec::new(), Vec::new());
    let mut count = 0u32;
    // each name's places by population, largest first (then by id), the order look-ups return
    for ids in names.values_mut() {
        ids.sort_by_key(|&i| (std::cmp::Reverse(population[i as usize]), i));
    }
    for (key, ids) in &names {
        key_offsets.extend_from_slice(&(keys.len() as u32).to_le_bytes());
        posting_offsets.extend_from_slice(&count.to_le_bytes());
        keys.push_str(key);
        keys.push('\n');
        for i in ids {
            postings.extend_from_slice(&i.to_le_bytes());
            count += 1;
        }
    }
    key_offsets.extend_from_slice(&(keys.len() as u32).to_le_bytes());
    posting_offsets.extend_from_slice(&count.to_le_bytes());
    let write = |name: &str, bytes: &[u8]| {
        let mut f = std::fs::File::create(out.join(name)).expect("write to OUT_DIR");
        f.write_all(bytes).expect("write to OUT_DIR");
    };
    write("places.tsv", places.as_bytes());
    write("keys.txt", keys.as_bytes());
    write("key_offsets.bin", &key_offsets);
    write("posting_offsets.bin", &posting_offsets);
    write("postings.bin", &postings);
}
