//! Fixed sets of short lowercase ASCII words ("in", "village", "monday"), matched without regard
//! to ASCII case and without allocating: a word of up to 16 bytes is packed into a `u128`
//! ([`key`]) and looked up in a small open-addressing table.

/// The longest word a [`WordSet`] can hold.
pub(crate) const MAX_LEN: usize = 16;

/// Low bit of every byte of a `u128`.
const LOW: u128 = u128::from_le_bytes([1; 16]);
/// High bit of every byte of a `u128`.
const HIGH: u128 = LOW << 7;

/// An ASCII word of at most [`MAX_LEN`] bytes, lowercased and packed into an integer (first byte
/// lowest, padded with 0x80 bytes, which no ASCII word has): two such words are equal without
/// regard to ASCII case exactly when their keys are equal. `None` for a longer, empty or
/// non-ASCII word.
pub(crate) fn key(word: &[u8]) -> Option<u128> {
    let len = word.len();
    if len == 0 || len > MAX_LEN {
        return None;
    }
    let mut buf = [0x80u8; MAX_LEN];
    buf[..len].copy_from_slice(word);
    fold(u128::from_le_bytes(buf), len)
}

/// [`key`] of `text[start..end]`, reading the bytes after it too when there are enough (which
/// saves copying the word).
#[inline]
pub(crate) fn key_at(text: &[u8], start: usize, end: usize) -> Option<u128> {
    let len = end.checked_sub(start)?;
    if len == 0 || len > MAX_LEN {
        return None;
    }
    let Some(chunk) = text.get(start..start + MAX_LEN) else {
        return key(text.get(start..end)?);
    };
    let mut buf = [0u8; MAX_LEN];
    buf.copy_from_slice(chunk);
    // the word's bytes, then padding
    let keep = KEEP[len];
    fold(u128::from_le_bytes(buf) & keep | HIGH & !keep, len)
}

/// For each length up to [`MAX_LEN`], the mask of the bytes of a word of that length.
const KEEP: [u128; MAX_LEN + 1] = {
    let mut masks = [0u128; MAX_LEN + 1];
    let mut len = 1;
    while len <= MAX_LEN {
        masks[len] = u128::MAX >> (8 * (MAX_LEN - len));
        len += 1;
    }
    masks
};

/// The key of a word of `len` bytes (1 to [`MAX_LEN`]) packed with its padding, or `None` if it
/// is not ASCII.
#[inline]
fn fold(x: u128, len: usize) -> Option<u128> {
    // the high bits must be those of the padding alone
    if x & HIGH != HIGH & !KEEP[len] {
        return None;
    }
    // per byte, without carries between bytes: is its low seven bits' value in 'A'..='Z'? then
    // set its 0x20 bit (padding bytes count as 0)
    let seven = x & !HIGH;
    let at_least_a = seven + LOW * (0x80 - u128::from(b'A'));
    let above_z = seven + LOW * (0x80 - (u128::from(b'Z') + 1));
    let upper = at_least_a & !above_z & HIGH;
    Some(x | (upper >> 2))
}

/// A set of lowercase ASCII words of at most [`MAX_LEN`] bytes, matched without regard to ASCII
/// case; it also tells where in its list a word is. An open-addressing table of [`key`]s.
pub(crate) struct WordSet {
    /// Each slot: a key and the index of its word in the list, or [`EMPTY`]. At most a quarter
    /// of the slots are full, so a look-up mostly reads one or two.
    slots: Vec<(u128, usize)>,
    /// How far to shift a key's hash to get a slot.
    shift: u32,
}

/// An empty slot of a [`WordSet`] (no key has a 0xff byte).
const EMPTY: u128 = u128::MAX;

impl WordSet {
    /// The set of `words` (longer or non-ASCII words are left out; none should be).
    pub(crate) fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Self {
        let words: Vec<&str> = words.into_iter().collect();
        let size = (words.len() * 4).next_power_of_two().max(16);
        let mut set = WordSet {
            slots: vec![(EMPTY, 0); size],
            shift: 64 - size.trailing_zeros(),
        };
        for (i, w) in words.iter().enumerate() {
            let Some(k) = key(w.as_bytes()) else {
                continue;
            };
            let mut s = set.slot(k);
            // the first index of a repeated word is kept
            while set.slots[s].0 != EMPTY && set.slots[s].0 != k {
                s = (s + 1) % size;
            }
            if set.slots[s].0 == EMPTY {
                set.slots[s] = (k, i);
            }
        }
        set
    }

    /// The slot where the search for a key starts.
    fn slot(&self, key: u128) -> usize {
        let x = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
        (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// Where the word with this key is in the list the set was made of.
    pub(crate) fn position_of_key(&self, key: u128) -> Option<usize> {
        let mut s = self.slot(key);
        loop {
            let &(k, i) = self.slots.get(s)?;
            if k == key {
                return Some(i);
            }
            if k == EMPTY {
                return None;
            }
            s = (s + 1) & (self.slots.len() - 1);
        }
    }

    /// Where `word` (in any ASCII case) is in the list the set was made of.
    pub(crate) fn position(&self, word: &[u8]) -> Option<usize> {
        self.position_of_key(key(word)?)
    }

    /// True when `word` (in any ASCII case) is in the set.
    pub(crate) fn contains(&self, word: &[u8]) -> bool {
        self.position(word).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_ascii_case_only() {
        assert_eq!(key(b"Kunduz"), key(b"kUNDUZ"));
        assert_ne!(key(b"in"), key(b"inn"));
        assert_ne!(key(b"a"), key(b"a\0"));
        assert_eq!(key(b"IT's 9@[`{"), key(b"it's 9@[`{"));
        // '@' and '[' are next to the capitals, '`' and '{' to the small letters
        assert_ne!(key(b"@["), key(b"`{"));
        assert_eq!(key(b""), None);
        assert_eq!(key("caf\u{e9}".as_bytes()), None);
        assert_eq!(key(b"abcdefghijklmnopq"), None);
        assert!(key(b"ABCDEFGHIJKLMNOP").is_some());
        let text = b"In the village of Kunduz, NEAR a caf\xc3\xa9 17 characters long";
        for start in 0..text.len() {
            for end in start..=text.len() {
                assert_eq!(key_at(text, start, end), key(&text[start..end]));
            }
        }
    }

    #[test]
    fn sets_find_their_words_in_any_case() {
        let words = ["in", "near", "village", "neighbourhood", "in"];
        let set = WordSet::new(words);
        for (i, w) in words.iter().enumerate().take(4) {
            assert_eq!(set.position(w.as_bytes()), Some(i));
            assert_eq!(set.position(w.to_ascii_uppercase().as_bytes()), Some(i));
        }
        assert!(!set.contains(b"nea") && !set.contains(b"") && !set.contains(b"villages"));
    }
}
