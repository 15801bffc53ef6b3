//! Synthetic account sets for load benchmarks only (never for quality): many events spread over
//! countries, years and places, each reported by a few reports whose accounts give or omit the
//! date, give a town or only a region, and state figures that vary around the event's toll.

use crate::features::{DatePoint, Features, PlacePoint};
use chrono::NaiveDate;
use toll_model::Range;

/// A small deterministic pseudo-random generator (SplitMix64), so runs are repeatable.
#[derive(Debug, Clone)]
pub struct SplitMix(u64);

impl SplitMix {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        SplitMix(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// A float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const COUNTRIES: &[(&str, f64, f64)] = &[
    ("IQ", 33.0, 44.0),
    ("SY", 35.0, 38.0),
    ("YE", 15.5, 45.0),
    ("AF", 34.0, 66.0),
    ("PS", 31.4, 34.4),
    ("LB", 33.8, 35.8),
    ("UA", 48.5, 32.0),
    ("SO", 5.0, 46.0),
    ("LY", 27.0, 17.0),
    ("ML", 17.0, -4.0),
];

/// One synthetic report: its incident accounts' features.
pub type SyntheticReport = Vec<Features>;

/// About `accounts` accounts in reports of 1–6 accounts, describing events that 1–8 reports each
/// cover. Deterministic for a given seed.
pub fn reports(accounts: usize, seed: u64) -> Vec<SyntheticReport> {
    let mut rng = SplitMix::new(seed);
    let mut out = Vec::new();
    let mut made = 0usize;
    let epoch = NaiveDate::from_ymd_opt(2014, 1, 1).unwrap_or_default();
    while made < accounts {
        let (country, clat, clon) = COUNTRIES[rng.below(COUNTRIES.len() as u64) as usize];
        let day = epoch + chrono::Days::new(rng.below(3650));
        let lat = clat + (rng.unit() - 0.5) * 6.0;
        let lon = clon + (rng.unit() - 0.5) * 6.0;
        let toll = 1 + rng.below(120);
        let name = format!("n{}", rng.below(50_000));
        let reports_of_event = 1 + rng.below(8);
        for _ in 0..reports_of_event {
            let n = 1 + rng.below(6) as usize;
            let dated = rng.below(10) < 8;
            let local = rng.below(10) < 8;
            let report_day = day + chrono::Days::new(rng.below(2));
            let mut report = Vec::with_capacity(n);
            for _ in 0..n {
                let k = toll.saturating_sub(rng.below(10)) + rng.below(5);
                report.push(Features {
                    date: dated.then_some(DatePoint {
                        day: report_day,
                        precision: 1,
                    }),
                    date_from_text: dated,
                    month_day: None,
                    place: Some(PlacePoint {
                        lat: lat + (rng.unit() - 0.5) * 0.02,
                        lon: lon + (rng.unit() - 0.5) * 0.02,
                        precision: if local { 2 } else { 4 },
                    }),
                    country: Some(country.to_string()),
                    killed: Some(Range::exact(k)),
                    names: if rng.below(3) == 0 {
                        vec![name.clone()]
                    } else {
                        Vec::new()
                    },
                    ..Features::default()
                });
            }
            made += report.len();
            out.push(report);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_deterministic_and_sized() {
        let a = reports(1000, 7);
        let b = reports(1000, 7);
        assert_eq!(a, b);
        let n: usize = a.iter().map(Vec::len).sum();
        assert!((1000..1100).contains(&n), "{n}");
    }

    #[test]
    fn linking_synthetic_reports_groups_them() {
        let mut l = crate::Linker::new();
        let sets = reports(2000, 1);
        for (r, feats) in sets.iter().enumerate() {
            let items: Vec<(u64, Features)> = feats
                .iter()
                .enumerate()
                .map(|(i, f)| (((r as u64) << 32) | i as u64, f.clone()))
                .collect();
            l.link_report(&items);
        }
        // far fewer incidents than reports: reports of one event were linked
        assert!(
            l.incidents().len() < sets.len() / 2,
            "{} vs {}",
            l.incidents().len(),
            sets.len()
        );
    }
}
