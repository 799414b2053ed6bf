//! Graphemes counted with the grapheme tables only where a character may
//! join its neighbours. A long segment with one emoji or one "♪" in it
//! (Whisper writes music so) was counted through the tables whole, three
//! times (its width, its spread's total and each word's place), which was
//! a fifth of segmenting a 5 MB cue. Here the tables read only the run of
//! characters around each such character; every other character is a
//! grapheme of its own (`token::is_lone_grapheme`).
//!
//! Between two characters that are each always a grapheme of their own a
//! grapheme boundary always falls: no rule of UAX #29 joins two of them
//! (they are no CR, no Hangul jamo, no Extend, ZWJ, SpacingMark, Prepend
//! or regional indicator). The runs read with the tables are cut at such
//! boundaries, so they split as they do in the whole text.

use unicode_segmentation::UnicodeSegmentation;

use super::token::{counts_by_lead_bytes, is_lone_grapheme};

/// The grapheme clusters of `text`: `text.graphemes(true).count()`.
pub(crate) fn count(text: &str) -> usize {
    count_knowing(text, counts_by_lead_bytes(text.as_bytes()))
}

/// [`count`], told whether `counts_by_lead_bytes` holds of `text`, for a
/// caller that asked already.
pub(crate) fn count_knowing(text: &str, by_lead_bytes: bool) -> usize {
    if by_lead_bytes {
        return crate::byte_counts::count(text.as_bytes(), |b| b & 0xc0 != 0x80);
    }
    let mut walk = Walk::from(0);
    std::iter::from_fn(|| walk.step(text)).count()
}

/// A walk over a text's graphemes, one at a time, which keeps no borrow
/// of the text: each step is given the same text.
#[derive(Debug, Clone)]
pub(crate) struct Walk {
    /// Where the next grapheme begins.
    at: usize,
    /// Where the run read with the tables ends: a boundary between two
    /// lone graphemes, or the end of the text. At or before `at` outside
    /// such a run.
    run_end: usize,
}

impl Walk {
    /// A walk from `at`, a grapheme boundary of the text (read as the
    /// text's start, as a text cut there is).
    pub(crate) fn from(at: usize) -> Walk {
        Walk { at, run_end: at }
    }

    /// Where the walk is: a grapheme boundary.
    pub(crate) fn at(&self) -> usize {
        self.at
    }

    /// The end of the next grapheme of `text`, and the walk past it;
    /// `None` at the end.
    pub(crate) fn step(&mut self, text: &str) -> Option<usize> {
        let rest = &text[self.at..];
        if self.at >= self.run_end {
            let mut chars = rest.chars();
            let c = chars.next()?;
            if is_lone_grapheme(c) && chars.next().is_none_or(is_lone_grapheme) {
                self.at += c.len_utf8();
                return Some(self.at);
            }
            self.run_end = self.at + run_end(rest);
        }
        let run = &text[self.at..self.run_end];
        let grapheme = run.graphemes(true).next()?;
        self.at += grapheme.len();
        Some(self.at)
    }
}

/// Where the run that `text` opens, read with the tables, ends: before
/// the first lone grapheme that follows a lone grapheme, or at the end.
fn run_end(text: &str) -> usize {
    let mut before_lone = false;
    for (i, c) in text.char_indices() {
        let lone = is_lone_grapheme(c);
        if lone && before_lone {
            return i;
        }
        before_lone = lone;
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every grapheme end from `from`, by the walk.
    fn ends(text: &str, from: usize) -> Vec<usize> {
        let mut walk = Walk::from(from);
        std::iter::from_fn(|| walk.step(text)).collect()
    }

    /// The same by the tables alone.
    fn ends_by_tables(text: &str, from: usize) -> Vec<usize> {
        text[from..]
            .grapheme_indices(true)
            .map(|(i, g)| from + i + g.len())
            .collect()
    }

    #[test]
    fn the_walk_splits_as_the_tables_do() {
        for text in [
            "",
            "plain ascii",
            "Élise a dit « oui » — l’été… 5 €",
            // One emoji (with its variation selector) in a long text.
            "Bienvenue 🎙\u{fe0f} dans l’épisode, on parle de Kubernetes",
            "♪ musique ♪",
            // A lone grapheme before a mark joins it: "e" + acute.
            "e\u{301}te\u{301} a \u{301}b",
            // CR LF is one grapheme; CR is never lone.
            "a\r\nb\r\rc\n",
            // © and ‼ are pictographs: after a ZWJ they join.
            "x\u{200d}© 👨\u{200d}© ‼\u{fe0f}",
            // Regional indicators pair up across a run of them.
            "🇫🇷🇧🇪 et 🇨🇦 🇫🇷🇫 fin",
            // Hangul jamo, Devanagari conjuncts, an Arabic prepend mark.
            "\u{1100}\u{1161}\u{11a8} 한국 क्\u{200d}ष नमस्ते \u{600}1",
        ] {
            assert_eq!(ends(text, 0), ends_by_tables(text, 0), "{text:?}");
            assert_eq!(count(text), text.graphemes(true).count(), "{text:?}");
        }
    }

    #[test]
    fn a_walk_from_a_boundary_splits_as_the_text_cut_there() {
        let text = "a \u{301}b 🇫🇷🇧 c\u{200d}👩\u{200d}💻 e\u{301}\r\nx ♪";
        for (from, _) in text.grapheme_indices(true) {
            assert_eq!(ends(text, from), ends_by_tables(text, from), "{from}");
        }
    }

    /// Characters of every kind the rules treat apart, and lone ones.
    const ALPHABET: &str = "a é\n\r©‼’\u{202f}\u{301}\u{200d}\u{fe0f}👩💻🎙♪\u{1f1eb}\u{1f1f7}\
        \u{1100}\u{1161}\u{11a8}한क\u{94d}ष\u{93e}\u{600}\u{ad}\u{200b}東";

    proptest! {
        #[test]
        fn any_text_splits_as_the_tables_do(
            picks in proptest::collection::vec(0..30usize, 0..40)
        ) {
            let alphabet: Vec<char> = ALPHABET.chars().collect();
            let text: String = picks.iter().map(|&k| alphabet[k]).collect();
            prop_assert_eq!(ends(&text, 0), ends_by_tables(&text, 0));
            prop_assert_eq!(count(&text), text.graphemes(true).count());
        }
    }
}
