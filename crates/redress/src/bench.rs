//! Synthetic strike and incident sets for measuring matching (`toll bench-strikes`): strikes and
//! incidents spread over a 7° × 8° area (the size of Iraq and Syria's east) and ten years, from a
//! fixed seed: 100,000 strikes are 27 a day, about what the coalition declared at its busiest.
//! Strikes are declared at a point or near a town; incidents are placed at a town (or closer),
//! near a city, within 50 km or only to their region, and dated to the day, some to a week or a
//! month, as real records are.

use crate::matching::{Facts, StrikeIndex};
use std::time::{Duration, Instant};

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const KINDS: &[&str] = &["building", "vehicle", "position", "weapons", "bridge"];
/// First day of the synthetic period (2014-08-08 in days from the common era).
const FIRST_DAY: i32 = 735_453;
const DAYS: u64 = 10 * 365;

fn one(rng: &mut Rng, strike: bool) -> Facts {
    let lat = 30.0 + rng.unit() * 7.0;
    let lon = 38.0 + rng.unit() * 8.0;
    let day = FIRST_DAY + rng.below(DAYS) as i32;
    let span = match rng.below(20) {
        0 => 6,
        1 if !strike => 30,
        _ => 0,
    };
    let prec = match (strike, rng.below(10)) {
        (true, 0..=2) => 1,
        (true, _) => 2,
        (false, 0..=3) => 1,
        (false, 4..=7) => 2,
        (false, 8) => 3,
        (false, _) => 4,
    };
    let kinds = (0..rng.below(3))
        .filter_map(|_| KINDS.get(rng.below(KINDS.len() as u64) as usize).copied())
        .collect();
    Facts {
        from: day,
        to: day + span,
        point: Some((lat, lon)),
        where_prec: prec,
        country: Some(if lon < 42.0 { "SY" } else { "IQ" }.to_string()),
        kinds,
        count: if strike { 1 + rng.below(6) as u32 } else { 1 },
    }
}

/// `n` synthetic strikes and `m` incidents from `seed`.
pub fn synthetic(n: usize, m: usize, seed: u64) -> (Vec<Facts>, Vec<Facts>) {
    let mut rng = Rng(seed);
    let strikes = (0..n).map(|_| one(&mut rng, true)).collect();
    let incidents = (0..m).map(|_| one(&mut rng, false)).collect();
    (strikes, incidents)
}

/// What one run measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    /// Strikes indexed.
    pub strikes: usize,
    /// Incidents matched.
    pub incidents: usize,
    /// Time to build the index.
    pub index: Duration,
    /// Time to match every incident (with each match's reasons in words).
    pub matching: Duration,
    /// Matches found.
    pub matches: usize,
    /// Incidents with at least one match.
    pub matched_incidents: usize,
}

/// Indexes `strikes` and matches every incident, timing both.
pub fn run(strikes: Vec<Facts>, incidents: &[Facts]) -> Measured {
    let n = strikes.len();
    let started = Instant::now();
    let index = StrikeIndex::new(strikes);
    let index_time = started.elapsed();
    let started = Instant::now();
    let mut seen = Vec::new();
    let (mut matches, mut matched_incidents) = (0, 0);
    for incident in incidents {
        let found = index.match_incident(incident, &mut seen);
        if !found.is_empty() {
            matched_incidents += 1;
        }
        matches += found.len();
        // the reasons are part of every answer
        for m in &found {
            std::hint::black_box(m.evidence.reasons());
        }
    }
    Measured {
        strikes: n,
        incidents: incidents.len(),
        index: index_time,
        matching: started.elapsed(),
        matches,
        matched_incidents,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_sets_are_deterministic_and_match_some() {
        let (a, b) = synthetic(2_000, 500, 7);
        let (c, _) = synthetic(2_000, 500, 7);
        assert_eq!(a, c);
        let measured = run(a, &b);
        assert_eq!(measured.incidents, 500);
        assert!(measured.matched_incidents > 0);
    }
}
