//! Spelling variants of place names. Transliterations of one name (from Arabic, Pashto, Hausa…)
//! differ mostly in their vowels and in a few interchangeable letters: "Mastaba" and "Mustaba'",
//! "Tinzaouatene" and "Tinzawaten". The consonant key of a normalised name keeps its first letter
//! and its consonants, with "q" read as "k" and "w" as a vowel, doubled letters single and a final
//! "h" dropped; two spellings of one name share it.

/// Keys shorter than this are too common to tell places apart.
pub const MIN_VARIANT_KEY: usize = 4;

/// The consonant key of a normalised name (see the module documentation) into `out`.
pub fn consonant_key_into(normalized: &str, out: &mut String) {
    out.clear();
    for (i, c) in normalized
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| match c.to_ascii_lowercase() {
            'q' => 'k',
            c => c,
        })
        .enumerate()
    {
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w');
        if (i == 0 || !vowel) && !out.ends_with(c) {
            out.push(c);
        }
    }
    if out.len() > 2 && out.ends_with('h') {
        out.pop();
    }
}

/// [`consonant_key_into`] as a new string.
pub fn consonant_key(normalized: &str) -> String {
    let mut out = String::with_capacity(normalized.len());
    consonant_key_into(normalized, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize;

    #[test]
    fn transliterations_share_a_key() {
        let key = |n: &str| consonant_key(&normalize(n));
        assert_eq!(key("Mastaba"), key("Mustabā’"));
        assert_eq!(key("Tinzaouatene"), key("Tinzawaten"));
        assert_eq!(key("Qasimiyah"), key("Kasimiya"));
        assert_ne!(key("Mastaba"), key("Mosul"));
    }
}
