//! Builds the gazetteer's static data from `data/gazetteer.tsv.gz`, laid out so that loading at
//! run time neither parses numbers nor hashes names:
//! - `places_fixed.bin`: per place, 32 bytes: latitude and longitude (f64), population (u64),
//!   where its text starts in `places_text.txt` (u32), its kind (u8), the length of its country
//!   code (u8) and of its name (u16);
//! - `places_text.txt`: per place, its name, country code and admin-1 code, one after another;
//! - `name_records.bin`: per normalised name (sorted), its range of place ids in `postings.bin`
//!   (two u32, the start or-ed with a flag for first words of longer names), its length (u16)
//!   and its bytes;
//! - `name_table.bin`: an open-addressing hash table of u64 slots, each 0 (empty) or a name's
//!   fingerprint (high 32 bits of [`name_hash`]) and its record's offset plus one (low 32 bits),
//!   probed linearly from the slot the low bits of the hash give;
//! - `postings.bin`: place ids (u32) of every name, by population, largest first;
//! - `gazetteer_meta.rs`: counts and sizes, as constants.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

#[path = "src/normalize.rs"]
mod normalize;

#[path = "src/name_hash.rs"]
mod name_hash;

use name_hash::name_hash;

/// Top bit of a posting start: some name of several words starts with this name.
const STARTS_MULTI: u32 = 1 << 31;

fn main() {
    let src = Path::new("data/gazetteer.tsv.gz");
    println!("cargo:rerun-if-changed=data/gazetteer.tsv.gz");
    println!("cargo:rerun-if-changed=src/normalize.rs");
    println!("cargo:rerun-if-changed=src/name_hash.rs");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out);
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(src).expect("data/gazetteer.tsv.gz exists"))
        .read_to_string(&mut text)
        .expect("data/gazetteer.tsv.gz is gzip-compressed UTF-8");
    let mut fixed = Vec::new();
    let mut place_text = String::new();
    let mut names: BTreeMap<String, Vec<u32>> = BTreeMap::new();
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
        let kind: u8 = match f[0] {
            "C" => 0,
            "A" => 1,
            _ => 2,
        };
        let lat: f64 = f[2].parse().unwrap_or(0.0);
        let lon: f64 = f[3].parse().unwrap_or(0.0);
        let pop: u64 = f[6].parse().unwrap_or(0);
        fixed.extend_from_slice(&lat.to_le_bytes());
        fixed.extend_from_slice(&lon.to_le_bytes());
        fixed.extend_from_slice(&pop.to_le_bytes());
        fixed.extend_from_slice(&(place_text.len() as u32).to_le_bytes());
        let country_len = u8::try_from(f[4].len()).expect("country codes are short");
        let name_len = u16::try_from(f[1].len()).expect("names are shorter than 64 KB");
        fixed.push(kind);
        fixed.push(country_len);
        fixed.extend_from_slice(&name_len.to_le_bytes());
        place_text.push_str(f[1]);
        place_text.push_str(f[4]);
        place_text.push_str(f[5]);
        population.push(pop);
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
    // each name's places by population, largest first (then by id), the order look-ups return
    for ids in names.values_mut() {
        ids.sort_by_key(|&i| (std::cmp::Reverse(population[i as usize]), i));
    }
    // every name, and every first word of a name of several words, with its posting range
    let mut entries: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    let mut postings = Vec::new();
    let mut count = 0u32;
    let mut longest_name_words = 1;
    for (key, ids) in &names {
        let start = count;
        for i in ids {
            postings.extend_from_slice(&i.to_le_bytes());
            count += 1;
        }
        let e = entries.entry(key.as_str()).or_insert((0, 0));
        e.0 = (e.0 & STARTS_MULTI) | start;
        e.1 = count;
    }
    for key in names.keys() {
        if let Some((first, _)) = key.split_once(' ') {
            entries.entry(first).or_insert((0, 0)).0 |= STARTS_MULTI;
            longest_name_words = longest_name_words.max(key.split(' ').count().min(6));
        }
    }
    let mut records = Vec::new();
    // at most two thirds full: short probes, and a table half the size of a half-full one
    let slots = (entries.len() * 3 / 2).next_power_of_two().max(1024);
    let mask = slots - 1;
    let mut table = vec![0u64; slots];
    for (key, (start, end)) in &entries {
        let offset = records.len() as u32;
        records.extend_from_slice(&start.to_le_bytes());
        records.extend_from_slice(&end.to_le_bytes());
        let len = u16::try_from(key.len()).expect("names are shorter than 64 KB");
        records.extend_from_slice(&len.to_le_bytes());
        records.extend_from_slice(key.as_bytes());
        let h = name_hash(key.as_bytes());
        let mut i = (h as usize) & mask;
        while table[i] != 0 {
            i = (i + 1) & mask;
        }
        table[i] = (h >> 32) << 32 | u64::from(offset + 1);
    }
    let table_bytes: Vec<u8> = table.iter().flat_map(|s| s.to_le_bytes()).collect();
    let write = |name: &str, bytes: &[u8]| {
        let mut f = std::fs::File::create(out.join(name)).expect("write to OUT_DIR");
        f.write_all(bytes).expect("write to OUT_DIR");
    };
    write("places_fixed.bin", &fixed);
    write("places_text.txt", place_text.as_bytes());
    write("name_records.bin", &records);
    write("name_table.bin", &table_bytes);
    write("postings.bin", &postings);
    let meta = format!(
        "/// Places of the bundled data.\nconst PLACE_COUNT: usize = {id};\n\
         /// Distinct normalised names of the bundled data.\nconst NAME_COUNT: usize = {};\n\
         /// Slots of the bundled name table (a power of two).\nconst TABLE_SLOTS: usize = {slots};\n\
         /// The most words a bundled name has (at most six).\nconst LONGEST_NAME_WORDS: usize = {longest_name_words};\n",
        names.len()
    );
    write("gazetteer_meta.rs", meta.as_bytes());
}
