//! The exact matcher: every variant of every term, found in the folded
//! view of the text (fold.rs), so case, line breaks and typographic
//! apostrophes do not hide a variant. A hit counts only if it stands as a
//! whole word, is written as given when its term is case-sensitive, and is
//! not inside a URL, e-mail address, @handle or timestamp.
//!
//! A variant that begins with a letter can only be found where a word
//! begins, and then that whole word is the variant's first word: so the
//! variants are indexed by their first word, the text is read word by
//! word, and each word is one hash lookup. Building the index is a hash
//! insert per variant (a byte automaton of 50,000 variants took 180 ms to
//! build), and reading costs the same whatever the number of variants.
//! The few variants that begin with punctuation (".NET") are indexed by
//! that character and looked up at each punctuation mark.

#[cfg(test)]
mod automaton;
mod key_index;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result, quote};
use crate::lanes;
use crate::language::is_alphanumeric;

use super::ends;
use super::fold::{Folded, fold_pattern};
use super::load::Dictionary;
use crate::word_hash::FastMap;
use crate::word_sketch::Sketch;
use key_index::KeyIndex;

/// Which first words the variants have, approximately. 128 KB: the set
/// stays in a core's second-level cache. With the 48,000 first words of
/// the benchmark's 50,000 variants, one ordinary word in twenty-three
/// gets past it, and each is then hashed and looked up in the word index.
type FirstWords = Sketch<{ 1 << 20 }>;

/// A variant found in the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    /// Start of the byte range in the original text.
    pub start: usize,
    /// End of the byte range, exclusive.
    pub end: usize,
    /// Index of the term in the dictionary.
    pub term: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Candidate {
    term: usize,
    /// The variant folded but with its case kept, for case-sensitive terms.
    cased: Option<Box<str>>,
}

/// A hit with its place in the folded text, where scans are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hit {
    start: usize,
    end: usize,
    found: Match,
}

/// Below this size one thread folds and searches faster than two.
const PARALLEL_MIN_BYTES: usize = 4 << 20;

/// Finds every dictionary variant in a text in one pass, whole words only.
/// Serialised as is in the compiled-dictionary cache (compiled.rs): flat
/// arrays and one string, which read back with an allocation each, where
/// a string, a vector and a map entry per variant took half of reading a
/// large dictionary back.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExactMatcher {
    /// The folded variants, one after another: pattern `id` ends at
    /// `pattern_ends[id]` and begins where the one before it ends (one
    /// folded pattern may stand for case-sensitive variants of several
    /// terms).
    text: String,
    pattern_ends: Vec<u32>,
    /// The candidates of every pattern, pattern after pattern, and where
    /// each pattern's candidates end.
    candidates: Vec<Candidate>,
    candidate_ends: Vec<u32>,
    /// Patterns beginning with a word character, by their first word,
    /// longest first.
    by_first_word: KeyIndex,
    /// Patterns beginning with anything else, by their first character.
    by_first_char: KeyIndex,
    /// Which lengths and first and last bytes the first words have.
    first_words: FirstWords,
    /// Length in bytes of the longest folded pattern.
    longest_pattern: usize,
}

impl ExactMatcher {
    /// Builds the index and checks that no variant would match inside a
    /// canonical (cleaning twice must change nothing).
    pub fn new(dict: &Dictionary) -> Result<ExactMatcher> {
        let too_many = || Error::new(ErrorKind::Dictionary, "more than 4 billion variants");
        let mut ids: FastMap<String, usize> = FastMap::default();
        let mut patterns: Vec<String> = Vec::new();
        let mut candidates: Vec<Vec<Candidate>> = Vec::new();
        for (term_index, term) in dict.terms.iter().enumerate() {
            for variant in &term.variants {
                let folded = fold_pattern(variant, false);
                if folded.is_empty() {
                    continue;
                }
                let id = match ids.get(&folded) {
                    Some(&id) => id,
                    None => {
                        ids.insert(folded.clone(), patterns.len());
                        patterns.push(folded);
                        candidates.push(Vec::new());
                        patterns.len() - 1
                    }
                };
                candidates[id].push(Candidate {
                    term: term_index,
                    cased: term
                        .case_sensitive
                        .then(|| fold_pattern(variant, true).into_boxed_str()),
                });
            }
        }
        let text = patterns.concat();
        let pattern_ends =
            ends::of_lengths(patterns.iter().map(String::len)).ok_or_else(too_many)?;
        let candidate_ends =
            ends::of_lengths(candidates.iter().map(Vec::len)).ok_or_else(too_many)?;
        // Each key is gathered at its first pattern's place in `text`.
        let mut by_first_word: FastMap<&str, ((usize, usize), Vec<u32>)> = FastMap::default();
        let mut by_first_char: FastMap<&str, ((usize, usize), Vec<u32>)> = FastMap::default();
        let mut at = 0;
        for (id, pattern) in patterns.iter().enumerate() {
            let (index, key) = match first_word(pattern, 0) {
                Some(word) => (&mut by_first_word, word),
                None => {
                    let first = pattern.chars().next().map_or(0, char::len_utf8);
                    (&mut by_first_char, &pattern[..first])
                }
            };
            let id = u32::try_from(id).map_err(|_| too_many())?;
            let entry = index.entry(key).or_insert(((at, key.len()), Vec::new()));
            entry.1.push(id);
            at += pattern.len();
        }
        let first_words: FirstWords = by_first_word.keys().copied().collect();
        let [by_first_word, by_first_char] = [by_first_word, by_first_char].map(|index| {
            let entries = index
                .into_values()
                .map(|(key, mut ids)| {
                    // Leftmost-longest: at one place the longest variant
                    // is tried first.
                    ids.sort_by_key(|&id| std::cmp::Reverse(patterns[id as usize].len()));
                    (key, ids)
                })
                .collect();
            KeyIndex::new(&text, entries)
        });
        let longest_pattern = patterns.iter().map(String::len).max().unwrap_or(0);
        let matcher = ExactMatcher {
            text,
            pattern_ends,
            candidates: candidates.into_iter().flatten().collect(),
            candidate_ends,
            by_first_word,
            by_first_char,
            first_words,
            longest_pattern,
        };
        matcher.check_canonicals(dict)?;
        Ok(matcher)
    }

    /// The folded pattern `id`, as bytes.
    fn pattern(&self, id: u32) -> &[u8] {
        &self.text.as_bytes()[ends::run(&self.pattern_ends, id as usize)]
    }

    /// The candidates of pattern `id`.
    fn candidates(&self, id: u32) -> &[Candidate] {
        &self.candidates[ends::run(&self.candidate_ends, id as usize)]
    }

    /// Whether a matcher read back from the cache holds together: every
    /// id names a pattern, every candidate a term of a dictionary of
    /// `terms` terms, the sketch has its size. What the cache's checksum
    /// cannot vouch for (a file written by hand) must not panic later.
    pub(super) fn is_consistent(&self, terms: usize) -> bool {
        let patterns = self.pattern_ends.len();
        ends::fit(&self.pattern_ends, self.text.len())
            && self.candidate_ends.len() == patterns
            && ends::fit(&self.candidate_ends, self.candidates.len())
            && self.first_words.is_whole()
            && self.candidates.iter().all(|c| c.term < terms)
            && self.by_first_word.is_consistent(&self.text, patterns)
            && self.by_first_char.is_consistent(&self.text, patterns)
            && (0..patterns as u32)
                .map(|id| self.pattern(id).len())
                .max()
                .unwrap_or(0)
                == self.longest_pattern
    }

    /// As `new`. The size of the input once chose between two automata;
    /// the word index reads any input at the same speed.
    pub fn for_input_size(dict: &Dictionary, _input_bytes: u64) -> Result<ExactMatcher> {
        ExactMatcher::new(dict)
    }

    fn check_canonicals(&self, dict: &Dictionary) -> Result<()> {
        for (index, term) in dict.terms.iter().enumerate() {
            for m in self.find(&term.canonical, false) {
                let found = &term.canonical[m.start..m.end];
                if m.term == index && found == term.canonical {
                    continue; // a case fix of the term itself: idempotent
                }
                let other = &dict.terms[m.term];
                let variant = other
                    .variants
                    .iter()
                    .find(|v| fold_pattern(v, false) == fold_pattern(found, false))
                    .map_or(found, String::as_str);
                let at = dict
                    .variant_origin(m.term, variant)
                    .unwrap_or_else(|| other.origin.clone());
                return Err(Error::new(
                    ErrorKind::Dictionary,
                    format!(
                        "variant {} of {} matches inside the canonical {} ({}); cleaning twice would change it again",
                        quote(variant),
                        quote(&other.canonical),
                        quote(&term.canonical),
                        term.origin
                    ),
                )
                .at(at.line, at.column)
                .in_file(&at.path));
            }
        }
        Ok(())
    }

    /// How many distinct folded patterns the index holds.
    pub fn pattern_count(&self) -> usize {
        self.pattern_ends.len()
    }

    /// Every accepted variant in `text`, in order, not overlapping.
    /// `skip_tags` leaves subtitle markup out of the search. Large texts
    /// are folded and searched in two halves, one per core; the result is
    /// the same as a single scan (see `scan_in_halves`).
    pub fn find(&self, text: &str, skip_tags: bool) -> Vec<Match> {
        if self.pattern_ends.is_empty() {
            return Vec::new();
        }
        let folded = if text.len() >= PARALLEL_MIN_BYTES {
            Folded::new_in_halves(text, skip_tags)
        } else {
            Folded::new(text, skip_tags)
        };
        let hits = if folded.text.len() >= PARALLEL_MIN_BYTES {
            self.scan_in_halves(text, &folded)
        } else {
            self.scan(text, &folded, 0, folded.text.len(), usize::MAX)
        };
        hits.into_iter().map(|h| h.found).collect()
    }

    /// Scans the halves of the folded text on two threads. The first half
    /// is searched up to the split plus the longest pattern, keeping hits
    /// that start before the split: exactly the single scan's hits there,
    /// since no hit is longer. The single scan then goes on from the last
    /// hit's end; if that lies past the split, it is redone from there
    /// until it meets a hit the second half also found, after which both
    /// agree.
    fn scan_in_halves(&self, text: &str, folded: &Folded) -> Vec<Hit> {
        let hay = folded.text.as_bytes();
        let middle = hay.len() / 2;
        let Some(split) = hay[middle..]
            .iter()
            .position(|&b| b == b' ')
            .map(|i| middle + i + 1)
        else {
            return self.scan(text, folded, 0, hay.len(), usize::MAX);
        };
        let first_end = (split + self.longest_pattern).min(hay.len());
        let (mut first, second) = crate::parallel::join(
            || self.scan(text, folded, 0, first_end, split),
            || self.scan(text, folded, split, hay.len(), usize::MAX),
        );
        let second = match second {
            Ok(hits) => hits,
            Err(_) => return self.scan(text, folded, 0, hay.len(), usize::MAX),
        };
        let mut pos = first.last().map_or(0, |h| h.end);
        if pos <= split {
            first.extend(second);
            return first;
        }
        while let Some(hit) = self.next_hit(text, folded, pos, hay.len()) {
            if let Ok(i) = second.binary_search_by_key(&hit.start, |h| h.start)
                && second[i] == hit
            {
                first.extend_from_slice(&second[i..]);
                return first;
            }
            pos = hit.end;
            first.push(hit);
        }
        first
    }

    /// Hits from folded offset `pos`, searching `..hay_end`, stopping at the
    /// first hit that starts at or after `start_limit`.
    fn scan(
        &self,
        text: &str,
        folded: &Folded,
        mut pos: usize,
        hay_end: usize,
        start_limit: usize,
    ) -> Vec<Hit> {
        let mut hits = Vec::new();
        while let Some(hit) = self.next_hit(text, folded, pos, hay_end) {
            if hit.start >= start_limit {
                break;
            }
            pos = hit.end;
            hits.push(hit);
        }
        hits
    }

    /// The first accepted hit at or after folded offset `pos`, within
    /// `..hay_end`: at each place a variant may begin, in order, the
    /// longest variant there that is accepted.
    fn next_hit(&self, text: &str, folded: &Folded, mut pos: usize, hay_end: usize) -> Option<Hit> {
        let hay = &folded.text[..hay_end];
        let bytes = hay.as_bytes();
        let gaps = &folded.tag_gaps;
        // Whether the character before `pos` is a word character: asked
        // once, then known from the scan itself.
        let mut after_word = hay[..pos].chars().next_back().is_some_and(is_word_char);
        while pos < bytes.len() {
            let b = bytes[pos];
            if b == b' ' || b == b'\n' {
                pos += 1;
                after_word = false;
                continue;
            }
            if let Some(word) = first_word(hay, pos) {
                let run_end = pos + word.len();
                // A left-out tag inside the word is a word boundary in the
                // original ("elastic<i>search</i>") or nothing at all
                // ("<b>re</b>dis"): a variant may begin or end there too.
                let inner = &gaps
                    [gaps.partition_point(|&g| g <= pos)..gaps.partition_point(|&g| g < run_end)];
                let starts_word = !after_word || gaps.binary_search(&pos).is_ok();
                // Most texts hold no tag: their words are asked whole, at
                // the cost of the sketch alone for most.
                if inner.is_empty() {
                    if starts_word && let Some(hit) = self.try_word(text, folded, hay, pos, run_end)
                    {
                        return Some(hit);
                    }
                } else {
                    let starts = starts_word
                        .then_some(pos)
                        .into_iter()
                        .chain(inner.iter().copied());
                    for start in starts {
                        let ends = inner.iter().copied().filter(|&g| g > start);
                        if let Some(hit) = self.try_word_at(text, folded, hay, start, ends, run_end)
                        {
                            return Some(hit);
                        }
                    }
                }
                // No variant begins inside a word.
                pos = run_end;
                after_word = true;
                continue;
            }
            after_word = false;
            let len = hay[pos..].chars().next().map_or(1, char::len_utf8);
            if !self.by_first_char.is_empty()
                && let Some(ids) = self.by_first_char.get(&self.text, &bytes[pos..pos + len])
                && let Some(hit) = self.try_at(text, folded, hay, pos, ids)
            {
                return Some(hit);
            }
            pos += len;
        }
        None
    }

    /// The longest variant whose first word is `hay[start..end]`, `end`
    /// being `run_end` or one of `gap_ends`, written at `start` and
    /// accepted.
    fn try_word_at(
        &self,
        text: &str,
        folded: &Folded,
        hay: &str,
        start: usize,
        gap_ends: impl Iterator<Item = usize>,
        run_end: usize,
    ) -> Option<Hit> {
        let mut gap_ends = gap_ends.peekable();
        if gap_ends.peek().is_none() {
            return self.try_word(text, folded, hay, start, run_end);
        }
        let mut ids: Vec<u32> = gap_ends
            .chain([run_end])
            .filter_map(|end| {
                self.by_first_word
                    .get(&self.text, &hay.as_bytes()[start..end])
            })
            .flatten()
            .copied()
            .collect();
        ids.sort_by_key(|&id| std::cmp::Reverse(self.pattern(id).len()));
        self.try_at(text, folded, hay, start, &ids)
    }

    /// The longest variant whose first word is `hay[start..end]`, a word
    /// with no tag inside, written at `start` and accepted. Inlined into
    /// the scan, which asks it of most words of a transcript. Most begin no
    /// variant, which the sketch tells without hashing them.
    #[inline(always)]
    fn try_word(
        &self,
        text: &str,
        folded: &Folded,
        hay: &str,
        start: usize,
        end: usize,
    ) -> Option<Hit> {
        let word = &hay[start..end];
        if !self.first_words.may_hold(word) {
            return None;
        }
        let ids = self.by_first_word.get(&self.text, word.as_bytes())?;
        self.try_at(text, folded, hay, start, ids)
    }

    /// The longest of `ids` written at folded offset `at` that is accepted.
    fn try_at(
        &self,
        text: &str,
        folded: &Folded,
        hay: &str,
        at: usize,
        ids: &[u32],
    ) -> Option<Hit> {
        let rest = &hay.as_bytes()[at..];
        ids.iter().find_map(|&id| {
            let pattern = self.pattern(id);
            if !rest.starts_with(pattern) {
                return None;
            }
            let end = at + pattern.len();
            let found = accept(text, folded, at, end, self.candidates(id))?;
            Some(Hit {
                start: at,
                end,
                found,
            })
        })
    }
}

/// The word (letters, digits, `_`) that begins at `at` in `text`; None if
/// no word character is there. Inlined into the matcher's scan, which
/// asks it of every word of a transcript: the call was a seventh of its cost.
#[inline(always)]
fn first_word(text: &str, at: usize) -> Option<&str> {
    let bytes = text.as_bytes();
    let mut end = at;
    while end < bytes.len() {
        // Eight bytes at a time, up to the first that is not an ASCII
        // letter, digit or `_`: most words end within the first eight,
        // where a byte at a time ended each word on a branch no predictor
        // could guess.
        if let Some(w) = lanes::eight_at(bytes, end) {
            let other = !lanes::ascii_word(w) & lanes::HIGHS;
            if other == 0 {
                end += 8;
                continue;
            }
            end += lanes::first(other);
        }
        let b = bytes[end];
        if b < 0x80 {
            if !ASCII_WORD[usize::from(b)] {
                break;
            }
            end += 1;
        } else {
            let c = text[end..].chars().next()?;
            if !is_word_char(c) {
                break;
            }
            end += c.len_utf8();
        }
    }
    (end > at).then(|| &text[at..end])
}

/// Whether the folded range `start..end` is a variant of one of
/// `candidates` as the original text writes it: a whole word, not in a URL
/// or the like, in the term's case when it has one.
fn accept(
    text: &str,
    folded: &Folded,
    start: usize,
    end: usize,
    candidates: &[Candidate],
) -> Option<Match> {
    let o_start = folded.start_to_original(start);
    let o_end = folded.end_to_original(end);
    if o_start >= o_end || !text.is_char_boundary(o_start) || !text.is_char_boundary(o_end) {
        return None;
    }
    let original = &text[o_start..o_end];
    if !stands_alone(text, o_start, o_end) || is_protected(text, o_start, o_end) {
        return None;
    }
    let candidate = candidates.iter().find(|c| match &c.cased {
        None => true,
        Some(cased) => *fold_pattern(&crate::markup::strip_tags(original), true) == **cased,
    })?;
    Some(Match {
        start: o_start,
        end: o_end,
        term: candidate.term,
    })
}

/// The ASCII bytes `is_word_char` takes, looked up: one load a byte of
/// every word the matcher reads.
const ASCII_WORD: [bool; 128] = {
    let mut word = [false; 128];
    let mut b = 0;
    while b < 128 {
        word[b] = (b as u8).is_ascii_alphanumeric() || b as u8 == b'_';
        b += 1;
    }
    word
};

/// Letters, digits and `_` make words. Apostrophes do not, so elided
/// articles (l', d', qu') stay outside a match.
pub fn is_word_char(c: char) -> bool {
    c == '_' || is_alphanumeric(c)
}

/// Whether text[start..end] is not glued to a neighbouring word. A hyphen
/// between letters joins words: "redis" is not a word in "redis-moi".
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let inner = &text[start..end];
    let first_is_word = inner.chars().next().is_some_and(is_word_char);
    let last_is_word = inner.chars().next_back().is_some_and(is_word_char);
    if first_is_word {
        let mut before = text[..start].chars().rev();
        match before.next() {
            Some(c) if is_word_char(c) => return false,
            Some('-') if before.next().is_some_and(is_word_char) => return false,
            _ => {}
        }
    }
    if last_is_word {
        let mut after = text[end..].chars();
        match after.next() {
            Some(c) if is_word_char(c) => return false,
            Some('-') if after.next().is_some_and(is_word_char) => return false,
            _ => {}
        }
    }
    true
}

/// Whether the match touches a URL, an e-mail address, an @handle or a
/// timestamp: the runs of non-space characters around it are checked.
pub(crate) fn is_protected(text: &str, start: usize, end: usize) -> bool {
    // Non-breaking spaces are several bytes long: step over the whole char.
    let from = text[..start]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let to = text[end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| end + i);
    // Each of them needs a ':', a '.' or an '@', which the run around
    // most words lacks (fuzzy matching asks this of every word); taking
    // tags out only removes characters.
    if memchr::memchr3(b':', b'.', b'@', &text.as_bytes()[from..to]).is_none() {
        return false;
    }
    // A WebVTT timestamp tag glued to a word (`<00:00:07.500><c>
    // Carpathy`) is markup, not a time someone said.
    let around = crate::markup::strip_tags_borrowed(&text[from..to]);
    around.contains("://")
        || around.contains("www.")
        || around.contains('@')
        || has_clock_time(&around)
}

/// `12:30`, `1:02:03`, `00:01.500`: digits, a colon, two digits.
fn has_clock_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(4).any(|w| {
        w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit() && w[3].is_ascii_digit()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn word_characters_are_letters_digits_and_the_underscore() {
        for c in ('\0'..='\u{2ff}').chain(['\u{3b1}', '\u{4e00}', '\u{2014}', '\u{2019}']) {
            assert_eq!(is_word_char(c), c.is_alphanumeric() || c == '_', "{c:?}");
        }
        for b in 0..128u8 {
            assert_eq!(
                ASCII_WORD[usize::from(b)],
                is_word_char(char::from(b)),
                "{b:#x}"
            );
        }
        assert_eq!(first_word("l'équipe_2 x", 2), Some("équipe_2"));
        assert_eq!(first_word("a-b", 0), Some("a"));
        assert_eq!(first_word(" a", 0), None);
        // Read eight bytes at a time: against the word character by
        // character, from every place of texts whose words are of every
        // length, end anywhere in or after eight bytes, and hold
        // characters beyond ASCII, word characters or not.
        let pieces = [
            "a", "Z", "_", "9", "é", "\u{2019}", " ", "-", "@", "[", "`", "{", "\u{4e00}", "\u{a0}",
        ];
        let mut next = crate::test_strings::splitmix64(7);
        for _ in 0..3_000 {
            let text: String = (0..next() % 23)
                .map(|_| {
                    // Word characters four times as often as the rest.
                    let k = next() as usize % (pieces.len() + 12);
                    pieces[if k < pieces.len() { k } else { k % 4 }]
                })
                .collect();
            for (at, _) in text.char_indices() {
                let len: usize = text[at..]
                    .chars()
                    .take_while(|&c| is_word_char(c))
                    .map(char::len_utf8)
                    .sum();
                let expected = (len > 0).then(|| &text[at..at + len]);
                assert_eq!(first_word(&text, at), expected, "{text:?} at {at}");
            }
        }
    }

    fn matcher(toml: &str) -> (Dictionary, ExactMatcher) {
        let mut d = Dictionary::default();
        d.add_toml(toml, Path::new("t.toml")).unwrap();
        let m = ExactMatcher::new(&d).unwrap();
        (d, m)
    }

    fn hits(m: &ExactMatcher, text: &str) -> Vec<String> {
        m.find(text, false)
            .iter()
            .map(|h| text[h.start..h.end].to_string())
            .collect()
    }

    const DICT: &str = r#"
[[term]]
canonical = "Elasticsearch"
variants = ["la stick search", "Elastic Search", "elastic"]
[[term]]
canonical = "Llama"
variants = ["Lama"]
case_sensitive = true
[[term]]
canonical = "Redis"
variants = ["redis", "rédis"]
[[term]]
canonical = ".NET"
variants = [".net", "dot net"]
"#;

    #[test]
    fn whole_words_only() {
        let (_, m) = matcher(DICT);
        assert_eq!(hits(&m, "Lamarck et Lama"), ["Lama"]);
        assert_eq!(hits(&m, "redis-moi ça, pas Rédis"), ["Rédis"]);
        assert_eq!(hits(&m, "un élastique"), Vec::<String>::new());
    }

    #[test]
    fn case_sensitive_terms_need_their_case() {
        let (_, m) = matcher(DICT);
        assert_eq!(hits(&m, "un lama, un LAMA, Lama 3"), ["Lama"]);
    }

    #[test]
    fn any_case_across_line_breaks_and_after_elision() {
        let (_, m) = matcher(DICT);
        assert_eq!(
            hits(&m, "l'ELASTIC\nsearch et LA STICK  SEARCH"),
            ["ELASTIC\nsearch", "LA STICK  SEARCH"]
        );
        assert_eq!(hits(&m, "d’Elastic Search"), ["Elastic Search"]);
    }

    #[test]
    fn a_shorter_variant_survives_a_longer_one_failing() {
        let (_, m) = matcher(DICT);
        assert_eq!(hits(&m, "elastic searching"), ["elastic"]);
    }

    #[test]
    fn a_variant_may_begin_with_punctuation() {
        let (_, m) = matcher(DICT);
        assert_eq!(hits(&m, "en .NET ou en dot net"), [".NET", "dot net"]);
    }

    /// A tag inside a word is both a place a word may end (the original
    /// has no letter there) and nothing at all (a name split by a tag).
    #[test]
    fn a_tag_inside_a_word() {
        let (_, m) = matcher(DICT);
        let text = "l'elastic<i>search</i> et <b>re</b>dis";
        let found: Vec<&str> = m
            .find(text, true)
            .iter()
            .map(|h| &text[h.start..h.end])
            .collect();
        assert_eq!(found, ["elastic", "re</b>dis"]);
    }

    #[test]
    fn urls_mails_handles_and_times_are_protected() {
        let (_, m) = matcher(DICT);
        let text = "https://elastic.co/elastic redis@x.org @redis 12:30elastic elastic";
        assert_eq!(m.find(text, false).len(), 1);
        assert_eq!(m.find(text, false)[0].start, text.rfind("elastic").unwrap());
    }

    #[test]
    fn a_multibyte_space_before_a_match_is_stepped_over() {
        let (_, m) = matcher(DICT);
        assert_eq!(hits(&m, "«\u{a0}Lama\u{202f}»"), ["Lama"]);
    }

    /// The two-thread scan must find exactly what one scan finds, also
    /// for hits that cross the split: the padding moves the split through
    /// every offset of the repeated line.
    #[test]
    fn scanning_in_halves_is_scanning_whole() {
        let (_, m) = matcher(DICT);
        let line =
            "on a la stick search, l'ELASTIC\nsearch et Lama, un lama, elastic searching, Rédis.\n";
        for pad in 0..2 * line.len() {
            let text = format!("{} {}", "x".repeat(pad), line.repeat(6));
            let folded = Folded::new(&text, false);
            let whole = m.scan(&text, &folded, 0, folded.text.len(), usize::MAX);
            assert_eq!(whole.len(), 6 * 5, "pad {pad}");
            assert!(m.scan_in_halves(&text, &folded) == whole, "pad {pad}");
        }
    }

    #[test]
    fn a_variant_inside_a_canonical_is_refused() {
        let mut d = Dictionary::default();
        d.add_toml("[[term]]\ncanonical = \"Mistral AI\"\nvariants = [\"Mistraléa\"]\n[[term]]\ncanonical = \"IA\"\nvariants = [\"AI\"]\n", Path::new("t.toml")).unwrap();
        let err = ExactMatcher::new(&d).unwrap_err();
        assert!(
            err.message
                .contains("matches inside the canonical \"Mistral AI\""),
            "{}",
            err.message
        );
        assert_eq!(err.line, Some(6));
    }

    /// The word index finds what a byte automaton of every variant (the
    /// matcher it replaced, kept in automaton.rs) finds, on generated text
    /// full of what makes matching hard: case, elisions, hyphens, tags,
    /// line breaks, blank lines, punctuation-led variants, URLs.
    #[test]
    fn the_word_index_finds_what_an_automaton_of_every_variant_finds() {
        // Variants sharing first words, multi-word, hyphenated, elided,
        // case-sensitive, led by punctuation, and one inside another.
        const SHAPES: &str = r#"
[[term]]
canonical = "OpenSource"
variants = ["open-source", "open sours", "open"]
[[term]]
canonical = "Lelastic"
variants = ["l'elastic", "l’ela stic"]
[[term]]
canonical = "DotNet"
variants = ["net", "dot-net", "-net"]
case_sensitive = true
[[term]]
canonical = "RedisStack"
variants = ["redis stack", "re dis"]
"#;
        for (dict, m) in [matcher(DICT), matcher(SHAPES)] {
            check_against_reference(&dict, &m);
        }
    }

    fn check_against_reference(dict: &Dictionary, m: &ExactMatcher) {
        let pieces = [
            "elastic",
            "Elastic",
            "search",
            "la",
            "stick",
            "Lama",
            "lama",
            "redis",
            "Rédis",
            "redis-moi",
            "l'",
            "d’",
            ".net",
            "dot",
            "net",
            "<i>",
            "</i>",
            "{\\an8}",
            " ",
            "  ",
            "\n",
            "\n\n",
            ",",
            ".",
            "-",
            "x",
            "é",
            "https://elastic.co",
            "@redis",
            "12:30",
            "_",
            "İ",
            "ß",
            "re",
            "dis",
            "ela",
            "stic",
            "<b>",
            "</b>",
            "open",
            "source",
            "sours",
            "NET",
            "Net",
            "stack",
            "'",
        ];
        let reference = automaton::ReferenceMatcher::new(dict);
        let mut state = 7u64;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize % n
        };
        for round in 0..3000 {
            let text: String = (0..next(30)).map(|_| pieces[next(pieces.len())]).collect();
            for skip_tags in [false, true] {
                assert_eq!(
                    m.find(&text, skip_tags),
                    reference.find(&text, skip_tags),
                    "round {round}, skip_tags {skip_tags}: {text:?}"
                );
            }
        }
    }
}
