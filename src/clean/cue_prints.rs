//! The word fingerprints of each cue, as the artifact pass's search for
//! loops inside cues found them, kept for its search across cues.

use crate::artifacts::loops;
use crate::transcript::Cue;

/// Each cue's word fingerprints as the pass inside cues leaves it (see
/// `loops::Words::prints`), kept for the search across cues so that no
/// cue is split into words twice: one buffer for all, eight bytes a word.
#[derive(Default)]
pub(super) struct CuePrints {
    prints: Vec<u64>,
    /// Where each cue's prints end, whether it opens on punctuation, and
    /// whether they were kept at all.
    cues: Vec<(usize, bool, bool)>,
}

/// A cue longer than this (a transcript written as one line) has its
/// words found again when the search across cues needs them: keeping
/// them would add a third to the memory such a file takes, for little.
pub(super) const KEPT_PRINTS_MAX_BYTES: usize = 1 << 16;

impl CuePrints {
    /// Room for the prints of `cues`, so that the lists are made once,
    /// not grown and copied a dozen times a window: the words of each cue
    /// whose prints are kept, and one entry a cue.
    pub(super) fn for_cues(cues: &[Cue]) -> CuePrints {
        let words: usize = cues
            .iter()
            .filter(|c| c.text.len() <= KEPT_PRINTS_MAX_BYTES)
            .map(|c| crate::language::word_room(&c.text))
            .sum();
        CuePrints {
            prints: Vec::with_capacity(words),
            cues: Vec::with_capacity(cues.len()),
        }
    }

    /// A cue whose prints are not kept: removed, or too long.
    pub(super) fn skip(&mut self) {
        self.cues.push((self.prints.len(), false, false));
    }

    /// Adds the next cue's prints, as `Words::prints` gives them.
    pub(super) fn push(&mut self, words: &loops::Words) {
        let (opens_on_mark, prints) = words.prints();
        self.prints.extend(prints);
        self.cues.push((self.prints.len(), opens_on_mark, true));
    }

    /// Adds, as the next cue's, the prints of cue `i` of `other`, whose
    /// text is `text` (as `push` of what [`of`](Self::of) gives, without
    /// reading kept prints one at a time).
    pub(super) fn push_again(&mut self, other: &CuePrints, i: usize, text: &str) {
        match other.kept(i) {
            Some((prints, opens_on_mark)) => {
                self.prints.extend_from_slice(prints);
                self.cues.push((self.prints.len(), opens_on_mark, true));
            }
            None => self.push(&loops::Words::of(text)),
        }
    }

    /// Cue `i`'s prints and whether it opens on punctuation, if they
    /// were kept.
    fn kept(&self, i: usize) -> Option<(&[u64], bool)> {
        let start = i.checked_sub(1).map_or(0, |p| self.cues[p].0);
        let (end, opens_on_mark, kept) = self.cues[i];
        kept.then(|| (&self.prints[start..end], opens_on_mark))
    }

    /// Adds the prints of the cues after these.
    pub(super) fn append(&mut self, later: CuePrints) {
        let shift = self.prints.len();
        self.prints.extend(later.prints);
        self.cues.extend(
            later
                .cues
                .into_iter()
                .map(|(end, mark, kept)| (end + shift, mark, kept)),
        );
    }

    /// Cue `i`'s prints, as `Words::prints` gave them, or as
    /// `loops::token_prints` gives them of `text` when they were not kept.
    /// Read for every word of a window by the search across cues: one
    /// match a word, where a chain of options and slices was four.
    pub(super) fn of<'a>(
        &'a self,
        i: usize,
        text: &'a str,
    ) -> impl Iterator<Item = Option<u64>> + 'a {
        match self.kept(i) {
            Some((prints, opens_on_mark)) => PrintsOf::Kept {
                opens_on_mark,
                prints: prints.iter(),
            },
            None => PrintsOf::Again(loops::token_prints(text)),
        }
    }
}

/// What `CuePrints::of` reads: kept prints, after a `None` if the cue
/// opens on punctuation, or the words found again.
enum PrintsOf<'a, I> {
    Kept {
        opens_on_mark: bool,
        prints: std::slice::Iter<'a, u64>,
    },
    Again(I),
}

impl<I: Iterator<Item = Option<u64>>> Iterator for PrintsOf<'_, I> {
    type Item = Option<u64>;

    #[inline]
    fn next(&mut self) -> Option<Option<u64>> {
        match self {
            PrintsOf::Kept {
                opens_on_mark,
                prints,
            } => {
                if std::mem::take(opens_on_mark) {
                    return Some(None);
                }
                prints.next().map(|&p| Some(p))
            }
            PrintsOf::Again(words) => words.next(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the search across cues reads of a cue is the same whether the
    /// pass inside cues kept its words or they are found again.
    #[test]
    fn kept_prints_read_as_the_text_does() {
        for text in ["Non ! Non !", "… et puis", "", "?!", "« oui »", "!"] {
            let mut pushed = CuePrints::default();
            pushed.push(&loops::Words::of(text));
            let tokens: Vec<Option<u64>> = loops::token_prints(text).collect();
            let opens_on_mark = tokens.first() == Some(&None);
            let prints: Vec<u64> = tokens.into_iter().flatten().collect();
            assert_eq!(
                (pushed.prints, pushed.cues),
                (prints.clone(), vec![(prints.len(), opens_on_mark, true)]),
                "{text:?}"
            );
        }
        let texts = [
            "Non ! Non ! Non !",
            "… et puis « voilà » ?",
            "",
            "?!",
            "Bonjour à tous, ÉTÉ été.",
        ];
        let mut prints = CuePrints::default();
        for (k, text) in texts.iter().enumerate() {
            if k % 2 == 0 {
                prints.push(&loops::Words::of(text));
            } else {
                prints.skip();
            }
        }
        let mut later = CuePrints::default();
        later.push(&loops::Words::of(texts[4]));
        prints.append(later);
        // The search reads the first token's print or its absence, then
        // the words' prints; the marks between words it passes over.
        let read = |prints: &mut dyn Iterator<Item = Option<u64>>| -> Vec<Option<u64>> {
            prints
                .enumerate()
                .filter(|(k, p)| *k == 0 || p.is_some())
                .map(|(_, p)| p)
                .collect()
        };
        for (i, text) in texts.iter().chain(&texts[4..]).enumerate() {
            assert_eq!(
                read(&mut prints.of(i, text)),
                read(&mut loops::token_prints(text)),
                "{text:?}"
            );
        }
    }
}
