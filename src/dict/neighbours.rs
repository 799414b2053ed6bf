//! Spellings found by their deletion neighbourhoods: each indexed string
//! is filed under itself and under every string one character shorter,
//! and a string asked is looked up the same way, so that two strings an
//! edit or two apart meet under a common one (symmetric deletion, as
//! SymSpell does). Most strings asked are no spelling's neighbour: a
//! bit per hash says so for each of them without building it, so the
//! map is asked only where the bit is set.

use crate::word_hash::FastMap;

/// Strings by deletion neighbourhood, to the ids they were filed with.
#[derive(Debug, Clone)]
pub struct Neighbours {
    by_deletion: FastMap<String, Vec<u32>>,
    /// The bit of each string filed (`slot`): a string whose bit is clear
    /// is not in `by_deletion`.
    filed: Vec<u64>,
    /// `filed` holds `1 << bits` bits.
    bits: u32,
}

/// Bits in the filter for each string filed, before rounding up to a
/// power of two: one string in 16 to 32 that is not filed finds its bit
/// set and is looked up, and the 800,000 deletions of a 50,000-variant
/// dictionary take 2 MB. Not tuned: at this rate the lookups left are a
/// small part of a fuzzy run (BENCHMARKS.md, "Forty-sixth round").
const BITS_PER_STRING: usize = 16;

/// The base of the polynomial hash of a string's bytes: odd, so that
/// multiplying by it modulo 2^64 loses no bit; the golden ratio's bits,
/// which mix well.
const BASE: u64 = 0x9e37_79b9_7f4a_7c15;

impl Default for Neighbours {
    /// No string filed, and a filter that says so.
    fn default() -> Neighbours {
        Neighbours::of([])
    }
}

impl Neighbours {
    /// Files each `(string, id)` under the string and each string one
    /// character shorter.
    pub fn of<'a>(strings: impl IntoIterator<Item = (&'a str, u32)>) -> Neighbours {
        let mut by_deletion: FastMap<String, Vec<u32>> = FastMap::default();
        for (string, id) in strings {
            each_deletion(string, |d| {
                by_deletion.entry(d.into()).or_default().push(id)
            });
        }
        let bits = (by_deletion.len() * BITS_PER_STRING)
            .next_power_of_two()
            .trailing_zeros()
            .max(6);
        let mut filed = vec![0u64; 1 << (bits - 6)];
        for d in by_deletion.keys() {
            let slot = slot(hash(d.as_bytes()), bits);
            filed[slot / 64] |= 1 << (slot % 64);
        }
        Neighbours {
            by_deletion,
            filed,
            bits,
        }
    }

    /// Gives `each` the ids filed under `s` or a string one character
    /// shorter than it, that string by string (an id may come more than
    /// once).
    pub fn near(&self, s: &str, mut each: impl FnMut(&[u32])) {
        let hashes = PrefixHashes::of(s.as_bytes());
        let mut look = |hash: u64, without: Option<(usize, usize)>| {
            let slot = slot(hash, self.bits);
            if self.filed[slot / 64] & (1 << (slot % 64)) == 0 {
                return;
            }
            let found = match without {
                None => self.by_deletion.get(s),
                Some((i, j)) => self.by_deletion.get(&[&s[..i], &s[j..]].concat()),
            };
            if let Some(ids) = found {
                each(ids);
            }
        };
        look(hashes.whole(), None);
        for (i, c) in s.char_indices() {
            let j = i + c.len_utf8();
            look(hashes.without(i, j), Some((i, j)));
        }
    }
}

/// The hashes of a string's prefixes, from which the hash of the string
/// with any run of bytes taken out is worked out without building it.
struct PrefixHashes {
    /// `prefix[k]` is the hash of the first `k` bytes.
    prefix: Vec<u64>,
    /// `power[k]` is BASE^k.
    power: Vec<u64>,
}

impl PrefixHashes {
    fn of(bytes: &[u8]) -> PrefixHashes {
        let mut prefix = Vec::with_capacity(bytes.len() + 1);
        let mut power = Vec::with_capacity(bytes.len() + 1);
        let (mut h, mut p) = (0u64, 1u64);
        for &b in bytes {
            prefix.push(h);
            power.push(p);
            h = step(h, b);
            p = p.wrapping_mul(BASE);
        }
        prefix.push(h);
        power.push(p);
        PrefixHashes { prefix, power }
    }

    /// The hash of the whole string.
    fn whole(&self) -> u64 {
        self.prefix[self.prefix.len() - 1]
    }

    /// The hash of the string without bytes `i..j`: that of the bytes
    /// before, shifted past the `n − j` after, plus that of the bytes
    /// after, which is the whole's less the first `j` shifted so.
    #[inline]
    fn without(&self, i: usize, j: usize) -> u64 {
        let n = self.prefix.len() - 1;
        let tail = self.power[n - j];
        self.prefix[i]
            .wrapping_mul(tail)
            .wrapping_add(self.whole().wrapping_sub(self.prefix[j].wrapping_mul(tail)))
    }
}

/// Gives `each` the string and every string one character shorter.
fn each_deletion(s: &str, mut each: impl FnMut(&str)) {
    each(s);
    let mut d = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        d.clear();
        d.push_str(&s[..i]);
        d.push_str(&s[i + c.len_utf8()..]);
        each(&d);
    }
}

/// The polynomial hash of `bytes` (see `Neighbours::near`).
fn hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0, |h, &b| step(h, b))
}

/// The hash of a string one byte longer: each byte counts one more than
/// its value, so that a NUL byte is not nothing.
#[inline]
fn step(h: u64, byte: u8) -> u64 {
    h.wrapping_mul(BASE).wrapping_add(u64::from(byte) + 1)
}

/// The filter's bit of a hash: its bits mixed, the top `bits` kept.
#[inline]
fn slot(hash: u64, bits: u32) -> usize {
    let mixed = (hash ^ (hash >> 31)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    (mixed >> (64 - bits)) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_strings::strings_of;

    /// What `near` gives, sorted.
    fn near_sorted(n: &Neighbours, s: &str) -> Vec<u32> {
        let mut ids = Vec::new();
        n.near(s, |found| ids.extend_from_slice(found));
        ids.sort_unstable();
        ids
    }

    /// What `near` should give, sorted: the ids of the map's entries for
    /// the string and each deletion of it, found without the filter.
    fn looked_up_whole(n: &Neighbours, s: &str) -> Vec<u32> {
        let mut ids = Vec::new();
        each_deletion(s, |d| {
            ids.extend(n.by_deletion.get(d).into_iter().flatten());
        });
        ids.sort_unstable();
        ids
    }

    #[test]
    fn near_spellings_meet_under_a_common_deletion() {
        let n = Neighbours::of([("sikamor", 0), ("elastiksirx", 1), ("xor", 2)]);
        // One letter more, one less, one changed: within reach.
        assert_eq!(near_sorted(&n, "sikamore"), [0]);
        assert_eq!(near_sorted(&n, "sikamr"), [0]);
        assert_eq!(near_sorted(&n, "sicamor"), [0]);
        assert_eq!(near_sorted(&n, "elastiksirx"), [1; 12]);
        assert_eq!(near_sorted(&n, "xr"), [2]);
        // Two letters more: out of reach.
        assert!(near_sorted(&n, "sikamorre").is_empty());
        assert!(near_sorted(&n, "").is_empty());
        assert!(near_sorted(&Neighbours::default(), "sikamor").is_empty());
    }

    /// The filter never hides a string that is filed: every string of up
    /// to four of these pieces, several bytes long or not, asked of an
    /// index of such strings, finds what the map alone finds.
    #[test]
    fn the_filter_hides_nothing_filed() {
        let pieces = ["a", "b", "é", "ß", "\0", "ab", "字"];
        let strings = strings_of(&pieces, 7, 2_000);
        let filed: Vec<(&str, u32)> = strings
            .iter()
            .step_by(3)
            .enumerate()
            .map(|(id, s)| (s.as_str(), id as u32))
            .collect();
        let n = Neighbours::of(filed);
        let mut found = 0;
        for s in &strings {
            let expected = looked_up_whole(&n, s);
            found += usize::from(!expected.is_empty());
            assert_eq!(near_sorted(&n, s), expected, "{s:?}");
        }
        // Most of them are near one filed: the filter was asked.
        assert!(found > strings.len() / 2, "{found} of {}", strings.len());
    }

    /// Every run of bytes taken out of these strings (a character or
    /// more, at either end or inside) hashes as the string built without
    /// it does.
    #[test]
    fn a_deletion_hashes_as_the_string_without_it() {
        for s in ["", "a", "sikamor", "Accès", "字幕由", "a\0b", "aaaa"] {
            let bytes = s.as_bytes();
            let hashes = PrefixHashes::of(bytes);
            assert_eq!(hashes.whole(), hash(bytes), "{s:?}");
            for i in 0..=bytes.len() {
                for j in i..=bytes.len() {
                    let without = [&bytes[..i], &bytes[j..]].concat();
                    assert_eq!(
                        hashes.without(i, j),
                        hash(&without),
                        "{s:?} without {i}..{j}"
                    );
                }
            }
        }
    }
}
