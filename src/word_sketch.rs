//! A set of words, approximately: one bit per word added, chosen by its
//! length and its first and last four bytes. A word whose bit is clear is
//! certainly not in the set, so a scan asks the sketch before it hashes a
//! word to look it up in the map that holds the set (src/dict/matcher.rs:
//! the dictionary's first words; src/segment/breaks.rs and
//! break_words.rs: the first words of multi-word terms, and the function
//! words that steer line breaks). Chosen by the length and the first and
//! last bytes alone, the bit let half of a transcript's words by.

use serde::{Deserialize, Serialize};

/// `BITS` bits, a power of two: about one word in `BITS / words` not in
/// the set gets by.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Sketch<const BITS: usize>(Box<[u64]>);

impl<const BITS: usize> Default for Sketch<BITS> {
    fn default() -> Sketch<BITS> {
        const { assert!(BITS.is_power_of_two() && BITS >= 64) };
        Sketch(vec![0; BITS / 64].into_boxed_slice())
    }
}

/// Where a word falls in a sketch of any size: its first four bytes, its
/// last four and its length mixed by one multiply (Fibonacci hashing: the
/// top bits are the best mixed). A word of fewer than four bytes is read
/// as its bytes packed. Worked out once, it serves several sketches.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Mixed(u64);

impl Mixed {
    #[inline(always)]
    pub fn of(word: &str) -> Mixed {
        Mixed::read(word.as_bytes(), |eight| eight)
    }

    /// As `of` the word in lower case, for an ASCII `word`, without making
    /// the lower-case copy: segmenting asks the line-break lists of every
    /// token (`segment::listed_words`).
    #[inline(always)]
    pub fn of_ascii_lowered(word: &str) -> Mixed {
        debug_assert!(word.is_ascii(), "{word:?}");
        Mixed::read(word.as_bytes(), crate::lanes::ascii_lower)
    }

    /// The mix itself, for a table keyed by it (`segment::listed_words`).
    pub fn value(self) -> u64 {
        self.0
    }

    /// The mix of `bytes`, their first and last four (or all of them)
    /// passed through `fold` together, as eight bytes, before mixing.
    #[inline(always)]
    fn read(bytes: &[u8], fold: impl Fn(u64) -> u64) -> Mixed {
        let n = bytes.len();
        let four = |at: usize| {
            u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        let (head, tail) = if n >= 4 {
            (four(0), four(n - 4))
        } else {
            // Its first, middle and last bytes, each kept only if the word
            // is that long: no loop and no copy through memory, which for
            // "de", "la" or "the" (half the words of the seed episode and
            // of the benchmark's corpus) cost a call to memcpy and a
            // stalled load each.
            let byte = |at: usize| u32::from(bytes.get(at).copied().unwrap_or(0));
            let packed = byte(0)
                | ((byte(n / 2) << 8) & 0u32.wrapping_sub(u32::from(n >= 2)))
                | ((byte(n.wrapping_sub(1)) << 16) & 0u32.wrapping_sub(u32::from(n == 3)));
            (packed, 0)
        };
        let key = fold((u64::from(tail) << 32) | u64::from(head)) ^ n as u64;
        Mixed(key.wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }
}

impl<const BITS: usize> Sketch<BITS> {
    #[inline(always)]
    fn bit(word: &str) -> usize {
        Self::bit_of(Mixed::of(word))
    }

    #[inline(always)]
    fn bit_of(mixed: Mixed) -> usize {
        (mixed.0 >> (64 - BITS.trailing_zeros())) as usize
    }

    pub fn add(&mut self, word: &str) {
        let bit = Self::bit(word);
        self.0[bit / 64] |= 1 << (bit % 64);
    }

    /// False only for a word never added.
    #[inline(always)]
    pub fn may_hold(&self, word: &str) -> bool {
        self.holds(Mixed::of(word))
    }

    /// `may_hold` of the word that mixed to `mixed`.
    #[inline(always)]
    pub fn holds(&self, mixed: Mixed) -> bool {
        let bit = Self::bit_of(mixed);
        self.0[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// Whether it has its `BITS` bits: a sketch read back from a file
    /// written by hand may not, and would be indexed past its end.
    pub fn is_whole(&self) -> bool {
        self.0.len() == BITS / 64
    }
}

impl<'a, const BITS: usize> FromIterator<&'a str> for Sketch<BITS> {
    fn from_iter<I: IntoIterator<Item = &'a str>>(words: I) -> Sketch<BITS> {
        let mut sketch = Sketch::default();
        for word in words {
            sketch.add(word);
        }
        sketch
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dictionary matcher's size.
    const BIG_BITS: usize = 1 << 20;
    type Big = Sketch<BIG_BITS>;

    /// A word of fewer than four bytes takes the bit of its bytes packed
    /// in order, the first lowest, as a copy into an array packs them.
    #[test]
    fn a_short_word_takes_the_bit_of_its_bytes_packed() {
        let pieces = [
            "", "a", "Z", "é", "_", "9", "ab", "de", "la", "ça", "the", "l'a", "\u{4e00}",
        ];
        for word in pieces.iter().filter(|w| w.len() < 4) {
            let mut packed = [0u8; 4];
            packed[..word.len()].copy_from_slice(word.as_bytes());
            let key = u64::from(u32::from_le_bytes(packed)) ^ word.len() as u64;
            let expected = (key.wrapping_mul(0x9e37_79b9_7f4a_7c15)
                >> (64 - BIG_BITS.trailing_zeros())) as usize;
            assert_eq!(Big::bit(word), expected, "{word:?}");
        }
        // "ab" and "ba", "a" and "a\0": the order and the length count.
        assert_ne!(Big::bit("ab"), Big::bit("ba"));
        assert_ne!(Big::bit("a"), Big::bit("a\0"));
    }

    /// The sketch never turns a word away that was added, whatever its
    /// length (fewer than four bytes are packed, four or more read at both
    /// ends), and lets few others by: chosen by the length and the first
    /// and last bytes alone, it let half of a transcript's words by.
    #[test]
    fn the_sketch_holds_its_words_and_few_others() {
        let word = |k: usize| {
            // Words of one to twelve bytes, some beyond ASCII.
            let letters = ["a", "é", "z", "q", "ñ", "m", "_", "7"];
            (0..k % 12 + 1)
                .map(|i| letters[(k / (i + 1) + i * 7) % letters.len()])
                .collect::<String>()
                + &k.to_string()
        };
        let mut sketch = Big::default();
        let added: Vec<String> = (0..5_000).map(word).collect();
        for w in &added {
            sketch.add(w);
        }
        for w in added.iter().chain([&"a".to_string(), &"ab".to_string()]) {
            sketch.add(w);
            assert!(sketch.may_hold(w), "{w:?}");
        }
        for short in ["x", "xy", "xyz", "wxyz"] {
            assert!(!Big::default().may_hold(short));
        }
        let others = (5_000..25_000)
            .map(word)
            .filter(|w| sketch.may_hold(w))
            .count();
        assert!(others < 200, "{others} of 20,000 other words got by");
        // A word of up to eight bytes is read whole: one that differs in
        // the middle is told apart too.
        let mut one = Big::default();
        one.add("abcXefg");
        let by = (b'a'..=b'z')
            .filter(|&c| one.may_hold(&format!("abc{}efg", char::from(c))))
            .count();
        assert!(by <= 1, "{by}");
    }

    /// An ASCII word mixes, lowered in place, as its lower-case copy does:
    /// every byte below 0x80 in every place, the bytes around `A` and `Z`
    /// among them, at every length a short word packs or a long one reads.
    #[test]
    fn an_ascii_word_lowered_in_place_mixes_as_its_lower_case_copy() {
        let mut next = crate::test_strings::splitmix64(11);
        let bytes: Vec<u8> = (0..0x80).collect();
        for len in 0..12 {
            for _ in 0..2_000 {
                let word: String = (0..len)
                    .map(|_| char::from(bytes[(next() % 0x80) as usize]))
                    .collect();
                assert_eq!(
                    Mixed::of_ascii_lowered(&word).0,
                    Mixed::of(&word.to_ascii_lowercase()).0,
                    "{word:?}"
                );
            }
        }
    }

    /// A small sketch, as the line-break word lists have, holds its words
    /// too, and its bits stay inside it.
    #[test]
    fn a_small_sketch_holds_its_words() {
        let words = [
            "de",
            "la",
            "the",
            "of",
            "à",
            "l'",
            "qu'",
            "aujourd'hui",
            "Guido",
            "",
        ];
        let sketch: Sketch<64> = words.iter().copied().collect();
        assert!(sketch.is_whole());
        for w in words {
            assert!(sketch.may_hold(w), "{w:?}");
        }
        assert!(!Sketch::<64>::default().may_hold("de"));
        assert!(!Sketch::<128>(vec![0].into_boxed_slice()).is_whole());
    }
}
