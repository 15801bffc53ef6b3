//! `toll generate`: synthetic report sets of any size, as JSON lines, for load benchmarks only.
//!
//! Every sentence is one of our own templates, filled with invented towns, days and figures; the
//! reports are never used to measure quality. Several reports (1–5) describe each invented event,
//! as real coverage does, so ingest also exercises linking.
//!
//! The number of events grows with the number of reports (about one event per three reports), so
//! a large set gives a large record of incidents. Each event happens in an invented town on one
//! day of ten years. Town names are built from syllables, and a name is used only if the extractor
//! takes it for an unknown place name (not in the gazetteer, not a word it ignores) and its
//! comparison key (see [`toll_extract::names::name_key`]) differs from every other town's, so that
//! no two towns meet when linking. The towns have no coordinates and no country: the linker can
//! only join reports through the town's name, and it trusts a name only while at most two
//! incidents use it. So each town hosts at most [`EVENTS_PER_TOWN`] events, at least
//! [`MIN_DAYS_APART`] days apart.

use chrono::{Days, NaiveDate};
use std::collections::HashSet;
use std::io::{BufWriter, Write};
use std::process::ExitCode;
use toll_extract::names::{name_key, unknown_place_names};
use toll_geo::Gazetteer;
use toll_link::synthetic::SplitMix;

/// Arguments of `toll generate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many reports to write.
    #[arg(long, default_value_t = 1000)]
    reports: usize,
    /// Seed of the generator (the same seed gives the same reports).
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// At most this many events happen in one town (the linker trusts an unknown place name shared
/// by at most two incidents).
pub const EVENTS_PER_TOWN: usize = 2;
/// Two events of one town are at least this many days apart, so their reports never meet.
pub const MIN_DAYS_APART: u64 = 14;
/// At least this many towns, however few the reports.
const MIN_TOWNS: usize = 15;
/// Events happen on one of this many days (ten years) from [`first_day`].
const DAY_SPAN: u64 = 3653;

fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2015, 1, 1).unwrap_or_default()
}

const ONSETS: &[&str] = &[
    "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "kh", "sh", "dr", "tr",
];
const VOWELS: &[&str] = &["a", "a", "e", "i", "o", "o", "u"];
const CODAS: &[&str] = &["", "", "", "", "n", "r", "l", "m", "s", "k"];
/// Endings, after a consonant and after a vowel ("Kelmar-ovo", "Kelma-vo").
const SUFFIXES: &[(&str, &str)] = &[
    ("ovo", "vo"),
    ("ara", "ra"),
    ("irat", "rat"),
    ("ek", "k"),
    ("una", "na"),
    ("avel", "vel"),
    ("orin", "rin"),
    ("enko", "nko"),
];

const ACTORS: &[&str] = &[
    "An air strike",
    "Shelling",
    "A missile strike",
    "A drone strike",
    "A car bomb",
];
const SOURCES: &[&str] = &[
    "local health officials said",
    "the provincial governor said",
    "a hospital director said",
    "witnesses said",
    "a monitoring group said",
];

fn pick<'a>(rng: &mut SplitMix, xs: &[&'a str]) -> &'a str {
    xs[rng.below(xs.len() as u64) as usize]
}

/// One pronounceable invented name: `syllables` consonant–vowel(–consonant) syllables and an
/// ending, capitalised ("Kelmarovo", "Tamsirat").
fn invent_name(rng: &mut SplitMix, syllables: usize) -> String {
    let mut s = String::new();
    for _ in 0..syllables {
        s.push_str(pick(rng, ONSETS));
        s.push_str(pick(rng, VOWELS));
        s.push_str(pick(rng, CODAS));
    }
    let (after_consonant, after_vowel) = SUFFIXES[rng.below(SUFFIXES.len() as u64) as usize];
    let open = s.ends_with(|c: char| "aeiou".contains(c));
    s.push_str(if open { after_vowel } else { after_consonant });
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// True when the extractor reads `name` after "in" as one unknown place name with its own key.
fn extracted_as_unknown_place(name: &str, gazetteer: &Gazetteer) -> bool {
    unknown_place_names(&format!("in {name}"), Some(gazetteer)) == [name_key(name)]
}

/// `count` invented town names of seven letters or more with pairwise different keys, none known
/// to the gazetteer.
pub fn town_names(count: usize, seed: u64, gazetteer: &Gazetteer) -> Vec<String> {
    // a stream of its own, so names do not depend on the draws of the reports
    let mut rng = SplitMix::new(seed ^ 0x746f_776e_735f_7631);
    let mut keys = HashSet::with_capacity(count);
    let mut names = Vec::with_capacity(count);
    let (mut longer, mut misses) = (0, 0);
    while names.len() < count {
        let syllables = 2 + rng.below(2) as usize + longer;
        let name = invent_name(&mut rng, syllables);
        // seven letters or more: the short ones can be real words ("Patina")
        let fresh = name.len() >= 7 && !keys.contains(&name_key(&name));
        if fresh && extracted_as_unknown_place(&name, gazetteer) {
            keys.insert(name_key(&name));
            names.push(name);
            misses = 0;
        } else {
            misses += 1;
            // the short names are running out: make them longer
            if misses == 64 {
                longer += 1;
                misses = 0;
            }
        }
    }
    names
}

/// One invented event: where, when, what and how many died.
#[derive(Debug, Clone, Copy)]
struct Event<'a> {
    town: &'a str,
    actor: &'a str,
    killed: u64,
    day: NaiveDate,
}

/// One invented report about an event, as a JSON line.
fn report(rng: &mut SplitMix, n: usize, event: Event<'_>) -> serde_json::Value {
    let Event {
        town,
        actor,
        killed,
        day,
    } = event;
    let published = day
        .checked_add_days(Days::new(1 + rng.below(2)))
        .map(|d| d.format("%Y-%m-%d").to_string());
    let weekday = day.format("%A");
    let k = killed.saturating_sub(rng.below(4));
    let injured = killed * 2 + rng.below(10);
    let mut text = format!(
        "{actor} in {town} kills {k}\n[Synthetic report generated by toll for load tests.]\n\
         {actor} hit a market in {town} on {weekday}, killing {k} people and wounding {injured}, {}.\n",
        pick(rng, SOURCES)
    );
    for _ in 0..rng.below(4) {
        text.push_str(&format!(
            "Rescue teams worked through the night in {town}, and the toll rose to {}, {}.\n",
            k + rng.below(6),
            pick(rng, SOURCES)
        ));
    }
    text.push_str("Residents said the area had been calm for weeks before the attack.\n");
    serde_json::json!({
        "id": format!("synthetic-{n}"),
        "outlet": format!("Synthetic Outlet {}", rng.below(20)),
        "published": published,
        "title": format!("{actor} in {town} kills {k}"),
        "text": text,
    })
}

/// What a generation wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generated {
    /// Reports written.
    pub reports: usize,
    /// Distinct invented events they describe.
    pub events: usize,
    /// Distinct towns those events happened in.
    pub towns: usize,
}

/// Writes `reports` synthetic reports as JSON lines; the same seed gives the same bytes.
pub fn write_reports(
    reports: usize,
    seed: u64,
    gazetteer: &Gazetteer,
    out: &mut impl Write,
) -> anyhow::Result<Generated> {
    let mut rng = SplitMix::new(seed);
    // how many reports each event gets (the last one may get fewer)
    let mut sizes = Vec::new();
    let mut left = reports;
    while left > 0 {
        let size = (1 + rng.below(5) as usize).min(left);
        sizes.push(size);
        left -= size;
    }
    let towns = MIN_TOWNS.max(sizes.len().div_ceil(EVENTS_PER_TOWN));
    let names = town_names(towns, seed, gazetteer);
    // each town appears EVENTS_PER_TOWN times; events take the slots in shuffled order
    let mut slots: Vec<u32> = (0..towns as u32)
        .flat_map(|t| std::iter::repeat_n(t, EVENTS_PER_TOWN))
        .collect();
    for i in (1..slots.len()).rev() {
        slots.swap(i, rng.below(i as u64 + 1) as usize);
    }
    let mut days_of: Vec<Vec<u64>> = vec![Vec::new(); towns];
    let mut n = 0;
    for (&size, &town) in sizes.iter().zip(&slots) {
        let taken = &mut days_of[town as usize];
        let day = loop {
            let d = rng.below(DAY_SPAN);
            if taken.iter().all(|t| t.abs_diff(d) >= MIN_DAYS_APART) {
                break d;
            }
        };
        taken.push(day);
        let event = Event {
            town: &names[town as usize],
            actor: pick(&mut rng, ACTORS),
            killed: 1 + rng.below(80),
            day: first_day() + Days::new(day),
        };
        for _ in 0..size {
            serde_json::to_writer(&mut *out, &report(&mut rng, n, event))?;
            out.write_all(b"\n")?;
            n += 1;
        }
    }
    Ok(Generated {
        reports: n,
        events: sizes.len(),
        towns: days_of.iter().filter(|d| !d.is_empty()).count(),
    })
}

/// Writes the reports to stdout, one JSON object per line.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let gazetteer = super::analyze::load_gazetteer(None)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let g = write_reports(args.reports, args.seed, &gazetteer, &mut out)?;
    out.flush()?;
    eprintln!(
        "toll: generated {} synthetic reports of {} invented events in {} invented towns",
        g.reports, g.events, g.towns
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::sync::OnceLock;

    fn gazetteer() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| Gazetteer::bundled().expect("bundled gazetteer"))
    }

    fn generate(reports: usize, seed: u64) -> (Vec<serde_json::Value>, Generated) {
        let mut out = Vec::new();
        let g = write_reports(reports, seed, gazetteer(), &mut out).expect("written");
        let lines = out
            .split(|b| *b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| serde_json::from_slice(l).expect("one JSON object per line"))
            .collect();
        (lines, g)
    }

    fn town_of(report: &serde_json::Value) -> String {
        let title = report["title"].as_str().unwrap_or_default();
        let after_in = title.split(" in ").nth(1).unwrap_or_default();
        after_in
            .split(" kills ")
            .next()
            .unwrap_or_default()
            .to_string()
    }

    #[test]
    fn same_seed_same_reports_other_seed_other_reports() {
        let (a, ga) = generate(300, 7);
        let (b, gb) = generate(300, 7);
        let (c, _) = generate(300, 8);
        assert_eq!(a, b);
        assert_eq!(ga, gb);
        assert_ne!(a, c);
        assert_eq!(a.len(), 300);
        assert_eq!(ga.reports, 300);
    }

    #[test]
    fn towns_and_events_grow_with_the_reports() {
        let (_, small) = generate(30, 1);
        let (lines, large) = generate(3000, 1);
        assert!(small.towns <= MIN_TOWNS && small.events <= 30);
        // about three reports per event, at most two events per town
        assert!(large.events >= 3000 / 4, "{large:?}");
        assert!(large.towns >= large.events / EVENTS_PER_TOWN, "{large:?}");
        assert!(large.towns > 20 * small.towns, "{small:?} {large:?}");
        let distinct: HashSet<String> = lines.iter().map(town_of).collect();
        assert_eq!(distinct.len(), large.towns);
    }

    #[test]
    fn each_event_is_one_town_and_day_and_a_town_hosts_at_most_two() {
        let (lines, g) = generate(2000, 3);
        // reports of one event are consecutive and share town and publication window
        let mut events: HashMap<String, Vec<NaiveDate>> = HashMap::new();
        let mut last: Option<(String, NaiveDate)> = None;
        for r in &lines {
            let town = town_of(r);
            let published = r["published"].as_str().unwrap_or_default();
            let day = NaiveDate::parse_from_str(published, "%Y-%m-%d").expect("published");
            let same = last.as_ref().is_some_and(|(t, d)| {
                *t == town && d.signed_duration_since(day).num_days().abs() <= 1
            });
            if !same {
                events.entry(town.clone()).or_default().push(day);
            }
            last = Some((town, day));
        }
        assert_eq!(events.values().map(Vec::len).sum::<usize>(), g.events);
        for (town, days) in &events {
            assert!(days.len() <= EVENTS_PER_TOWN, "{town}: {days:?}");
            if let [a, b] = days[..] {
                let apart = a.signed_duration_since(b).num_days().unsigned_abs();
                assert!(apart + 1 >= MIN_DAYS_APART, "{town}: {days:?}");
            }
        }
        let text = lines[0]["text"].as_str().unwrap_or_default();
        assert!(text.contains("[Synthetic report generated by toll for load tests.]"));
    }

    #[test]
    fn town_names_are_unknown_places_with_distinct_keys() {
        let names = town_names(5000, 11, gazetteer());
        let keys: HashSet<String> = names.iter().map(|n| name_key(n)).collect();
        assert_eq!(keys.len(), names.len());
        for name in &names {
            assert!(name.len() >= 7, "{name}");
            assert!(
                gazetteer().lookup(name).is_empty(),
                "{name} is a real place"
            );
            let text = format!("A drone strike hit a market in {name} on Monday, killing 4.");
            assert_eq!(
                unknown_place_names(&text, Some(gazetteer())),
                [name_key(name)]
            );
        }
    }
}
