//! The matcher the word index replaced: every folded variant in one
//! Aho-Corasick automaton (leftmost-longest) over the folded text. Kept
//! for the tests only, as the reference the word index must agree with;
//! it was slower to build (180 ms for 50,000 variants) and no faster to
//! search.

use aho_corasick::{AhoCorasick, Input, MatchKind};

use super::super::fold::{Folded, fold_pattern};
use super::super::load::Dictionary;
use super::{Candidate, Match, accept};

pub(super) struct ReferenceMatcher {
    automaton: AhoCorasick,
    candidates: Vec<Vec<Candidate>>,
}

impl ReferenceMatcher {
    pub fn new(dict: &Dictionary) -> ReferenceMatcher {
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
                    cased: term
                        .case_sensitive
                        .then(|| fold_pattern(variant, true).into_boxed_str()),
                });
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("the test dictionary builds");
        ReferenceMatcher {
            automaton,
            candidates,
        }
    }

    /// Every accepted variant, in order: at each place, the longest
    /// variant there that is accepted, then on from its end.
    pub fn find(&self, text: &str, skip_tags: bool) -> Vec<Match> {
        let folded = Folded::new(text, skip_tags);
        let hay = folded.text.as_bytes();
        let mut found = Vec::new();
        let mut pos = 0;
        'search: while pos < hay.len() {
            let Some(m) = self.automaton.find(Input::new(hay).span(pos..hay.len())) else {
                break;
            };
            let mut end = m.end();
            let mut pattern = m.pattern().as_usize();
            loop {
                if let Some(hit) = accept(text, &folded, m.start(), end, &self.candidates[pattern])
                {
                    found.push(hit);
                    pos = end;
                    continue 'search;
                }
                // The next shorter variant starting at the same place.
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
        found
    }
}
