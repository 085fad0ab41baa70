//! A fast, non-cryptographic hasher for the in-memory maps of one run (keys such as words
//! and paths that come from the linted files). std's SipHash resists hash flooding, which
//! a linter of one's own files does not need, at several times the cost per byte; this is
//! the multiply-rotate hash of rustc's `FxHasher`. Never used for anything that is stored
//! or printed.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

#[derive(Default, Clone, Copy)]
pub struct FastHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// A 64-bit hash of `bytes` with [`FastHasher`], finalised so that every input bit moves
/// every output bit (for comparing whole texts).
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = FastHasher::default();
    h.write(bytes);
    h.write_usize(bytes.len());
    mix(h.finish())
}

/// A 64-bit hash of a whole text (a page's, to tell whether two pages or two reads of
/// one file are the same text): [`FastHasher`]'s step on four interleaved lanes of eight
/// bytes, 32 bytes a round. One lane's chain of rotate, xor and multiply per eight bytes
/// bounds [`hash_bytes`] on a long text; four independent chains take about a quarter of
/// the time (the pages are hashed whole: 100 MB at 10,000 reports). Like every hash here,
/// never stored or printed.
pub fn hash_text(bytes: &[u8]) -> u64 {
    let mut lanes = [SEED, SEED ^ 1, SEED ^ 2, SEED ^ 3];
    let (rounds, rest) = bytes.as_chunks::<32>();
    for round in rounds {
        let (words, _) = round.as_chunks::<8>();
        for (lane, word) in lanes.iter_mut().zip(words) {
            *lane = (lane.rotate_left(5) ^ u64::from_le_bytes(*word)).wrapping_mul(SEED);
        }
    }
    let mut h = FastHasher::default();
    for lane in lanes {
        h.add(mix(lane));
    }
    h.write(rest);
    h.write_usize(bytes.len());
    mix(h.finish())
}

/// MurmurHash3's 64-bit finaliser.
#[inline]
pub fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    x ^= x >> 33;
    x = x.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    x ^= x >> 33;
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_hash_by_every_byte_and_their_length() {
        let text: Vec<u8> = (0..200u8).map(|b| b.wrapping_mul(31)).collect();
        let whole = hash_text(&text);
        // The same bytes at another address (the rounds are read as they lie, unaligned).
        let shifted: Vec<u8> = std::iter::once(0).chain(text.iter().copied()).collect();
        assert_eq!(whole, hash_text(&shifted[1..]));
        // Every byte, whichever lane or the rest it falls in, and every length.
        for at in 0..text.len() {
            let mut changed = text.clone();
            changed[at] ^= 1;
            assert_ne!(hash_text(&changed), whole, "{at}");
        }
        let hashes: std::collections::HashSet<u64> =
            (0..=text.len()).map(|n| hash_text(&text[..n])).collect();
        assert_eq!(hashes.len(), text.len() + 1);
        assert_ne!(hash_text(b""), hash_text(b"\0"));
    }

    #[test]
    fn equal_bytes_hash_equal_and_lengths_count() {
        assert_eq!(hash_bytes(b"same text"), hash_bytes(b"same text"));
        assert_ne!(hash_bytes(b"same text"), hash_bytes(b"same text "));
        assert_ne!(hash_bytes(b"a"), hash_bytes(b"a\0"));
        assert_ne!(hash_bytes(b""), hash_bytes(b"\0"));
        let mut map: FastMap<&str, usize> = FastMap::default();
        map.insert("speaker", 1);
        assert_eq!(map.get("speaker"), Some(&1));
    }
}
