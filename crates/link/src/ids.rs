//! Stable incident ids: `IRQ-2017-03-17-a`, `SYR-undated-b`.

use crate::features::DatePoint;
use rustc_hash::FxHashSet;

/// The id prefix of an incident: alpha-3 country (`XXX` when unknown) and date (`undated` when unknown).
pub fn prefix(country: Option<&str>, date: Option<DatePoint>) -> String {
    let country = country.and_then(crate::iso3::alpha3).unwrap_or("XXX");
    match date {
        Some(d) => format!("{country}-{}", d.day.format("%Y-%m-%d")),
        None => format!("{country}-undated"),
    }
}

/// The letter suffix for the `n`th incident with one prefix: a … z, aa, ab, ….
pub fn suffix(mut n: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'a' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The first id `prefix-<suffix>` not in `taken`.
pub fn first_free(prefix: &str, taken: &FxHashSet<String>) -> String {
    (0..)
        .map(|n| format!("{prefix}-{}", suffix(n)))
        .find(|id| !taken.contains(id))
        .unwrap_or_else(|| format!("{prefix}-x"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_run_like_spreadsheet_columns() {
        assert_eq!(suffix(0), "a");
        assert_eq!(suffix(25), "z");
        assert_eq!(suffix(26), "aa");
        assert_eq!(suffix(27), "ab");
        assert_eq!(suffix(26 + 26 * 26), "aaa");
    }

    #[test]
    fn first_free_skips_taken_ids() {
        let mut taken = FxHashSet::default();
        taken.insert("IRQ-undated-a".to_string());
        assert_eq!(first_free("IRQ-undated", &taken), "IRQ-undated-b");
        assert_eq!(prefix(None, None), "XXX-undated");
    }
}
