//! The hash of a normalised name, shared by the gazetteer builder (build.rs), which lays out the
//! bundled name table with it, and the look-ups, which must find the same slots.

/// A 64-bit hash of `bytes`: eight bytes at a time, multiply-rotate, then a final mix so that the
/// low bits (the slot) and the high bits (the fingerprint) both depend on every byte. Fixed for
/// all builds: the table's layout is computed at build time.
pub fn name_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h: u64 = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    // the finaliser of MurmurHash3
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}
