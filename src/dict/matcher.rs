//! The exact matcher: every variant of every term in one Aho-Corasick
//! automaton (leftmost-longest), run over the folded view of the text, so
//! case, line breaks and typographic apostrophes do not hide a variant.
//! A hit counts only if it stands as a whole word, is written as given when
//! its term is case-sensitive, and is not inside a URL, e-mail address,
//! @handle or timestamp.

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};

use crate::error::{Error, ErrorKind, Result, quote};

use super::fold::{Folded, fold_pattern};
use super::load::Dictionary;

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

#[derive(Debug, Clone)]
struct Candidate {
    term: usize,
    /// The variant folded but with its case kept, for case-sensitive terms.
    cased: Option<String>,
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

/// Finds every dictionary variant in a text in one pass (Aho-Corasick,
/// leftmost-longest over the folded text), whole words only.
#[derive(Debug, Clone)]
pub struct ExactMatcher {
    automaton: AhoCorasick,
    /// Candidates by automaton pattern id (one folded pattern may stand
    /// for case-sensitive variants of several terms).
    candidates: Vec<Vec<Candidate>>,
    /// Length in bytes of the longest folded pattern.
    longest_pattern: usize,
}

impl ExactMatcher {
    /// Builds the automaton and checks that no variant would match inside
    /// a canonical (cleaning twice must change nothing).
    pub fn new(dict: &Dictionary) -> Result<ExactMatcher> {
        ExactMatcher::for_input_size(dict, 0)
    }

    /// As `new`, for inputs of about `input_bytes` in all: a large input
    /// pays for a DFA (searched about twice as fast as the NFA, built about
    /// three times slower: 460 ms against 180 ms for 50,000 variants).
    pub fn for_input_size(dict: &Dictionary, input_bytes: u64) -> Result<ExactMatcher> {
        let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut candidates: Vec<Vec<Candidate>> = Vec::new();
        for (term_index, term) in dict.terms.iter().enumerate() {
            for variant in &term.variants {
                let folded = fold_pattern(variant, false);
                let id = *index.entry(folded.clone()).or_insert_with(|| {
                    patterns.push(folded);
                    candidates.push(Vec::new());
                    patterns.len() - 1
                });
                candidates[id].push(Candidate {
                    term: term_index,
                    cased: term.case_sensitive.then(|| fold_pattern(variant, true)),
                });
            }
        }
        // A DFA is faster to search than the NFA but slower to build and its
        // memory grows with the patterns (46 MB for 50,000 variants).
        let pattern_bytes = patterns.iter().map(String::len).sum::<usize>();
        let kind =
            if pattern_bytes < 200_000 || (input_bytes >= 32 << 20 && pattern_bytes < 4 << 20) {
                Some(AhoCorasickKind::DFA)
            } else {
                Some(AhoCorasickKind::ContiguousNFA)
            };
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(kind)
            .build(&patterns)
            .map_err(|e| {
                Error::new(
                    ErrorKind::Dictionary,
                    format!("cannot build the matcher: {e}"),
                )
            })?;
        let longest_pattern = patterns.iter().map(String::len).max().unwrap_or(0);
        let matcher = ExactMatcher {
            automaton,
            candidates,
            longest_pattern,
        };
        matcher.check_canonicals(dict)?;
        Ok(matcher)
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
                    .unwrap_or(&other.origin);
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

    /// How many distinct folded patterns the automaton holds.
    pub fn pattern_count(&self) -> usize {
        self.candidates.len()
    }

    /// Every accepted variant in `text`, in order, not overlapping.
    /// `skip_tags` leaves subtitle markup out of the search. Large texts
    /// are folded and searched in two halves, one per core; the result is
    /// the same as a single scan (see `scan_in_halves`).
    pub fn find(&self, text: &str, skip_tags: bool) -> Vec<Match> {
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

    /// The first accepted hit at or after folded offset `pos`.
    fn next_hit(&self, text: &str, folded: &Folded, mut pos: usize, hay_end: usize) -> Option<Hit> {
        let hay = &folded.text.as_bytes()[..hay_end];
        while pos < hay.len() {
            let m = self.automaton.find(Input::new(hay).span(pos..hay.len()))?;
            let mut end = m.end();
            let mut pattern = m.pattern().as_usize();
            loop {
                if let Some(found) = self.accept(text, folded, m.start(), end, pattern) {
                    return Some(Hit {
                        start: m.start(),
                        end,
                        found,
                    });
                }
                // The longest variant here failed; a shorter one may not.
                // An unanchored search is enough: a hit in the span that
                // starts where this one did is the next shorter variant
                // (only unanchored start states are built, which halves
                // the automaton's construction time).
                match self
                    .automaton
                    .find(Input::new(hay).span(m.start()..end - 1))
                {
                    Some(s) if s.start() == m.start() => {
                        end = s.end();
                        pattern = s.pattern().as_usize();
                    }
                    _ => break,
                }
            }
            pos = m.start() + 1;
            while pos < hay.len() && !folded.text.is_char_boundary(pos) {
                pos += 1;
            }
        }
        None
    }

    fn accept(
        &self,
        text: &str,
        folded: &Folded,
        start: usize,
        end: usize,
        pattern: usize,
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
        let candidate = self.candidates[pattern].iter().find(|c| match &c.cased {
            None => true,
            Some(cased) => fold_pattern(&crate::markup::strip_tags(original), true) == *cased,
        })?;
        Some(Match {
            start: o_start,
            end: o_end,
            term: candidate.term,
        })
    }
}

/// Letters, digits and `_` make words. Apostrophes do not, so elided
/// articles (l', d', qu') stay outside a match.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
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
    // A WebVTT timestamp tag glued to a word (`<00:00:07.500><c>
    // Carpathy`) is markup, not a time someone said.
    let around = crate::markup::strip_tags(&text[from..to]);
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
}
