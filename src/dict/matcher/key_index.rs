//! Pattern ids by a key that their patterns begin with (a first word, or
//! a first character), held in three flat arrays that the compiled-
//! dictionary cache writes and reads back as they are.
//!
//! A hash map of boxed keys to vectors of ids cost, for the benchmark's
//! 50,000 variants, two allocations and a hash insert per key every time
//! the cache was read: about half of reading a large dictionary back,
//! most of it the kernel handing out fresh pages. Here a key is a range
//! of the patterns' own text, the ids of all keys are one array, and the
//! table is an open-addressed array of key numbers whose probe order
//! depends only on the key's bytes: it reads back as written, with no
//! hashing and no allocation but the three arrays'.

use std::hash::Hasher;

use serde::{Deserialize, Serialize};

use crate::word_hash::WordHasher;

/// A key's place in the patterns' text and the end of its ids (they
/// begin where the previous key's ids end).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Key {
    at: u32,
    len: u32,
    ids_end: u32,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(super) struct KeyIndex {
    /// Linear probing from the slot the key's hash picks. A slot holds a
    /// key's number plus one, or 0 when free; a power of two long, at
    /// least twice the keys, so every probe meets a free slot.
    slots: Vec<u32>,
    keys: Vec<Key>,
    ids: Vec<u32>,
}

impl KeyIndex {
    /// The index of `entries`: each key (its start and length in `text`,
    /// each key once) with its ids, in the order given.
    pub fn new(text: &str, mut entries: Vec<((usize, usize), Vec<u32>)>) -> KeyIndex {
        // In the order of the text, so that the same dictionary gives the
        // same bytes whatever order the entries were gathered in.
        entries.sort_unstable_by_key(|&(range, _)| range);
        let slot_count = (entries.len() * 2).next_power_of_two().max(2);
        let mut index = KeyIndex {
            slots: vec![0; slot_count],
            keys: Vec::with_capacity(entries.len()),
            ids: Vec::new(),
        };
        for ((at, len), ids) in entries {
            index.ids.extend(ids);
            let key = Key {
                at: to_u32(at),
                len: to_u32(len),
                ids_end: to_u32(index.ids.len()),
            };
            let mut slot = index.home(&text.as_bytes()[at..at + len]);
            while index.slots[slot] != 0 {
                slot = (slot + 1) & (slot_count - 1);
            }
            index.keys.push(key);
            index.slots[slot] = to_u32(index.keys.len());
        }
        index
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The ids of the key written as `word` in `text`, in their order.
    #[inline]
    pub fn get(&self, text: &str, word: &[u8]) -> Option<&[u32]> {
        if self.keys.is_empty() {
            return None;
        }
        let text = text.as_bytes();
        let mask = self.slots.len() - 1;
        let mut slot = self.home(word);
        loop {
            let number = self.slots[slot] as usize;
            let key = self.keys.get(number.checked_sub(1)?)?;
            let (at, len) = (key.at as usize, key.len as usize);
            if len == word.len() && text.get(at..at + len) == Some(word) {
                let start = match number {
                    1 => 0,
                    n => self.keys[n - 2].ids_end as usize,
                };
                return self.ids.get(start..key.ids_end as usize);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// The first slot tried for `word`: the hash's top bits, the best
    /// mixed by its last multiply.
    #[inline]
    fn home(&self, word: &[u8]) -> usize {
        let mut hash = WordHasher::default();
        hash.write(word);
        let bits = self.slots.len().trailing_zeros();
        (hash.finish() >> (64 - bits)) as usize
    }

    /// Whether an index read back from a file holds together with the
    /// `text` of `patterns` patterns: a file written by hand must give
    /// wrong answers at worst, never a panic or a probe without end.
    pub fn is_consistent(&self, text: &str, patterns: usize) -> bool {
        // `get` asks nothing of an empty index; any other needs a free
        // slot to end a probe, and two slots or more to take hash bits.
        let slots_fit = self.keys.is_empty()
            || (self.slots.len().is_power_of_two()
                && self.slots.len() >= 2
                && self.slots.contains(&0));
        let mut ids_end = 0;
        slots_fit
            && self.slots.iter().all(|&s| s as usize <= self.keys.len())
            && self.keys.iter().all(|k| {
                let fits = (k.at as usize)
                    .checked_add(k.len as usize)
                    .is_some_and(|end| end <= text.len())
                    && k.ids_end >= ids_end
                    && k.ids_end as usize <= self.ids.len();
                ids_end = k.ids_end;
                fits
            })
            && self.ids.iter().all(|&id| (id as usize) < patterns)
    }
}

/// Every length and offset of a dictionary's folded text fits: its
/// patterns are counted in u32 (ExactMatcher::new refuses more).
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(text: &str, entries: &[((usize, usize), &[u32])]) -> KeyIndex {
        let entries = entries.iter().map(|&(r, ids)| (r, ids.to_vec())).collect();
        KeyIndex::new(text, entries)
    }

    #[test]
    fn finds_each_key_s_ids_and_nothing_else() {
        // "la stick search", "la", "nginx", "." as keys of one text.
        let text = "la stick searchnginx.net";
        let index = index(text, &[((0, 2), &[0, 1]), ((15, 5), &[2]), ((20, 1), &[3])]);
        assert_eq!(index.get(text, b"la"), Some(&[0, 1][..]));
        assert_eq!(index.get(text, b"nginx"), Some(&[2][..]));
        assert_eq!(index.get(text, b"."), Some(&[3][..]));
        for absent in [&b"l"[..], b"las", b"stick", b"", b"nginx.", b"search"] {
            assert_eq!(index.get(text, absent), None, "{absent:?}");
        }
        assert!(index.is_consistent(text, 4));
        assert!(!index.is_consistent(text, 3), "an id past the patterns");
        assert!(!index.is_consistent("la stick", 4), "a key past the text");
    }

    #[test]
    fn many_keys_in_few_slots_each_found_by_probing() {
        let words: Vec<String> = (0..5000).map(|i| format!("w{i}")).collect();
        let text = words.concat();
        let mut at = 0;
        let mut entries = Vec::new();
        for (i, w) in words.iter().enumerate() {
            entries.push(((at, w.len()), vec![i as u32]));
            at += w.len();
        }
        let index = KeyIndex::new(&text, entries);
        for (i, w) in words.iter().enumerate() {
            assert_eq!(index.get(&text, w.as_bytes()), Some(&[i as u32][..]), "{w}");
        }
        assert_eq!(index.get(&text, b"w5000"), None);
        assert!(index.is_consistent(&text, words.len()));
    }

    #[test]
    fn an_empty_index_finds_nothing_and_a_full_table_is_refused() {
        let empty = KeyIndex::default();
        assert!(empty.is_empty());
        assert_eq!(empty.get("", b"la"), None);
        assert!(empty.is_consistent("", 0));
        let text = "ab";
        let mut full = index(text, &[((0, 1), &[0]), ((1, 1), &[1])]);
        full.slots = vec![1, 2];
        assert!(
            !full.is_consistent(text, 2),
            "no free slot: a miss would probe forever"
        );
    }
}
