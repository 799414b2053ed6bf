//! A fast hash for maps keyed by words: the dictionary's variants, hashed
//! once per variant while loading and once per word of the transcript
//! while matching, and the line-break word lists, asked once per word of
//! the subtitles. SipHash's resistance to chosen keys buys nothing here
//! and cost a tenth of the time to load a 50,000-variant dictionary.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` with `WordHasher`.
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;
/// A `HashSet` with `WordHasher`.
pub(crate) type FastSet<K> = HashSet<K, BuildHasherDefault<WordHasher>>;

/// FxHash, the Rust compiler's: a rotate, a xor and a multiply per eight
/// bytes.
#[derive(Default, Clone, Copy)]
pub(crate) struct WordHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_hash_equal_and_neighbours_differ() {
        let mut map: FastMap<String, usize> = FastMap::default();
        for (i, word) in ["elastic", "elastics", "la stick search", "é", "e"]
            .iter()
            .enumerate()
        {
            map.insert(word.to_string(), i);
        }
        assert_eq!(map.get("la stick search"), Some(&2));
        assert_eq!(map.get("elastic"), Some(&0));
        assert_eq!(map.get("é"), Some(&3));
        assert_eq!(map.get("elasti"), None);
    }
}
