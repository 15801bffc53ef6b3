//! Byte scanning eight bytes at a time, shared by [`crate::names`] and [`crate::places`].

/// Low bit of every byte of a `u64`.
pub(crate) const LOW: u64 = 0x0101_0101_0101_0101;
/// High bit of every byte of a `u64`.
pub(crate) const HIGH: u64 = LOW << 7;

/// Of the eight bytes of `x` (bytes of text in order, little-endian), those whose low seven bits
/// are in `lo..=hi`, as their high bits (no carries between bytes).
#[inline(always)]
pub(crate) fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    let seven = x & !HIGH;
    (seven + LOW * u64::from(0x80 - lo)) & !(seven + LOW * u64::from(0x80 - hi - 1)) & HIGH
}

/// Of the eight bytes of `x`, those equal to `b` (an ASCII byte) in their low seven bits, as
/// their high bits.
#[inline(always)]
pub(crate) fn equal(x: u64, b: u8) -> u64 {
    !(((x & !HIGH) ^ (LOW * u64::from(b))) + LOW * 0x7f) & HIGH
}

/// Of the eight bytes of `x`, the ASCII letters and digits, as their high bits.
#[inline(always)]
pub(crate) fn ascii_alphanumeric(x: u64) -> u64 {
    // setting 0x20 maps 'A'..='Z' onto 'a'..='z', and nothing else there
    let letter = in_range(x | (LOW * 0x20), b'a', b'z');
    (letter | in_range(x, b'0', b'9')) & !x
}

/// The first byte at or after `i` that is not an ASCII letter or digit (or the end).
#[inline(always)]
pub(crate) fn alphanumeric_end(bytes: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let other = !ascii_alphanumeric(u64::from_le_bytes(word)) & HIGH;
        if other != 0 {
            return i + (other.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
        i += 1;
    }
    i
}

/// `c.is_alphanumeric()`, at once for ASCII and for the quotes and dashes of General
/// Punctuation (U+2000 to U+206F, none of which is alphanumeric).
#[inline(always)]
pub(crate) fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    !('\u{2000}'..='\u{206F}').contains(&c) && c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn general_punctuation_is_not_alphanumeric() {
        for c in ('\0'..='\u{3000}').chain(['\u{FFFD}', '\u{1F600}']) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn masks_match_the_byte_tests() {
        for b in 0..=255u8 {
            let x = u64::from_le_bytes([b'-', b, b'x', 0xff, b'x', b'x', b'x', b'-']);
            let bit = |m: u64| m & (0x80 << 8) != 0;
            assert_eq!(
                bit(ascii_alphanumeric(x)),
                b.is_ascii_alphanumeric(),
                "{b:#x}"
            );
            assert_eq!(bit(equal(x, b'\'')), b & 0x7f == b'\'', "{b:#x}");
            assert_eq!(
                bit(in_range(x, b'A', b'Z')),
                (b & 0x7f).is_ascii_uppercase(),
                "{b:#x}"
            );
        }
        let text = b"Mosul al-Jadida's 12th \xc3\xa9t\xc3\xa9 x";
        for i in 0..=text.len() {
            let mut j = i;
            while j < text.len() && text[j].is_ascii_alphanumeric() {
                j += 1;
            }
            assert_eq!(alphanumeric_end(text, i), j);
        }
    }
}
