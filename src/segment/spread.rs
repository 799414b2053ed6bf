//! A segment's time shared out over its words by width, spaces included,
//! as a speaker's time is spread over what they say: a word starts and
//! ends where its first and last characters fall in the segment's span.
//!
//! The times are found word after word, as the stream adds the words:
//! the characters before each word are counted on from the word before,
//! once. A segment of any length (a transcript written as one cue) costs
//! its length, and no list of every word's times is held.

use std::ops::Range;

use super::graphemes::{self, Walk};
use super::token;

/// Where the words of one segment fall in its span.
#[derive(Debug)]
pub(super) struct Spread {
    start: u64,
    length: u64,
    /// Characters on screen from the first word's start to the last
    /// word's end (at least 1).
    total: u64,
    /// Where the last word ends: only the text before it is counted.
    spoken_end: usize,
    /// Every character of that text is a grapheme of its own, so
    /// characters are counted by their lead bytes.
    lone: bool,
    /// That text is ASCII, and no CR LF in it (one grapheme of two
    /// bytes): its characters before a byte are the bytes from the first
    /// word's start, counted without reading them.
    ascii: bool,
    /// Where the first word starts.
    first_start: usize,
    /// The bytes counted so far (from the first word's start to a
    /// grapheme boundary, where the walk is) and the characters on
    /// screen they hold.
    counted: Walk,
    chars: u64,
}

impl Spread {
    /// `start..end` shared out over the words of `text` at `ranges`
    /// (in order, not overlapping); `None` when there is no word.
    pub(super) fn new(text: &str, ranges: &[Range<usize>], start: u64, end: u64) -> Option<Spread> {
        let (first, last) = (ranges.first()?, ranges.last()?);
        let spoken = &text[first.start..last.end];
        let bytes = spoken.as_bytes();
        let lone = token::counts_by_lead_bytes(bytes);
        let total = graphemes::count_knowing(spoken, lone);
        Some(Spread {
            start,
            length: end.saturating_sub(start),
            total: (total as u64).max(1),
            spoken_end: last.end,
            lone,
            // As many characters as bytes: none beyond ASCII.
            ascii: lone && total == bytes.len(),
            first_start: first.start,
            counted: Walk::from(first.start),
            chars: 0,
        })
    }

    /// The start and end of the next word, at `word` in `text` (the text
    /// and words `new` was given, each asked once, in order).
    #[inline]
    pub(super) fn next(&mut self, text: &str, word: Range<usize>) -> (u64, u64) {
        (self.at(text, word.start), self.at(text, word.end))
    }

    /// When the character at `byte` is reached: the span's share of the
    /// characters on screen before it.
    #[inline(always)]
    fn at(&mut self, text: &str, byte: usize) -> u64 {
        if self.ascii {
            // Most segments: no character to count.
            self.chars = (byte - self.first_start) as u64;
        } else if self.lone {
            let counted = self.counted.at();
            self.chars += text[counted..byte].chars().count() as u64;
            self.counted = Walk::from(byte);
        } else {
            // A grapheme that `byte` cuts counts whole, as it does in the
            // text cut there ("a \u{301}b" cut after the space: "a",
            // " \u{301}"). Its lookbehind never crosses a grapheme
            // boundary, so the text is read on from the last one.
            let spoken = &text[..self.spoken_end];
            while self.counted.at() < byte && self.counted.step(spoken).is_some() {
                self.chars += 1;
            }
        }
        // Wide enough for any span and any count: chars <= total. In 64
        // bits when the product fits, as it always does in practice: a
        // 128-bit division is a call, a hundredth of segmenting.
        let share = match self.length.checked_mul(self.chars) {
            Some(product) => product / self.total,
            None => {
                (u128::from(self.length) * u128::from(self.chars) / u128::from(self.total)) as u64
            }
        };
        self.start + share
    }
}

#[cfg(test)]
mod tests {
    use unicode_segmentation::UnicodeSegmentation;

    use super::*;

    /// What the spread must give, measured afresh from the first word for
    /// every word (the way times were found before, quadratic in a
    /// segment's words).
    fn from_the_first_word(
        text: &str,
        ranges: &[Range<usize>],
        start: u64,
        end: u64,
    ) -> Vec<(u64, u64)> {
        let (Some(first), Some(last)) = (ranges.first(), ranges.last()) else {
            return Vec::new();
        };
        let chars = |a: usize, b: usize| text[a..b].graphemes(true).count() as u64;
        let total = chars(first.start, last.end).max(1);
        let at = |byte: usize| start + (end - start) * chars(first.start, byte) / total;
        ranges.iter().map(|r| (at(r.start), at(r.end))).collect()
    }

    fn spread(text: &str, ranges: &[Range<usize>], start: u64, end: u64) -> Vec<(u64, u64)> {
        let Some(mut spread) = Spread::new(text, ranges, start, end) else {
            return Vec::new();
        };
        ranges
            .iter()
            .map(|r| spread.next(text, r.clone()))
            .collect()
    }

    #[test]
    fn words_are_timed_as_measured_from_the_first_word() {
        for text in [
            "  Alors, on a «\u{a0}vraiment\u{a0}» 42 qubits… ça marche ?",
            "Il a dit\u{202f}: « 42\u{a0}% » — c’est ça… Ω ü ÿ",
            "Bonjour à tous\r\net bienvenue",
            // A combining accent: the width of the whole, not of the parts.
            "e\u{301}te\u{301} comme hiver, 東京 et 🇫🇷 drapeau",
            // Accents decomposed, as some editors write French.
            "L'e\u{301}quipe a de\u{301}ploye\u{301} la nouvelle version hier soir",
            // A mark after a space joins the space: the graphemes straddle
            // the words' edges.
            "a \u{301}b c \u{301}\u{301} d \u{200d}e 👩\u{200d}💻 f",
            // Flags side by side, pairs of regional indicators.
            "🇫🇷🇧🇪 et 🇨🇦 🇫🇷🇫 fin",
            "\r\n mot \r\n deux\r\ntrois \r\n quatre",
            // ASCII alone, each character a grapheme: counted by bytes.
            "  So we shipped it (v2.1), and it worked... right? 100% sure.",
        ] {
            let ranges = token::token_ranges(text);
            assert!(ranges.len() > 3, "{text:?}");
            for (start, end) in [(0, 0), (1_000, 4_321), (7, 7_000_000)] {
                assert_eq!(
                    spread(text, &ranges, start, end),
                    from_the_first_word(text, &ranges, start, end),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn every_cut_counts_the_graphemes_before_it() {
        // Words at every pair of character boundaries, not only where
        // the tokens fall: each end is measured as the reference does.
        let text = "a \u{301}b 🇫🇷🇧 c\u{200d}👩\u{200d}💻 e\u{301}\r\nx";
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        for (k, &a) in bounds.iter().enumerate() {
            for &b in &bounds[k + 1..] {
                for &c in bounds.iter().filter(|&&c| c >= b) {
                    let ranges = [a..b, c..text.len()];
                    assert_eq!(
                        spread(text, &ranges, 0, 10_000),
                        from_the_first_word(text, &ranges, 0, 10_000),
                        "{a}..{b}, {c}.."
                    );
                }
            }
        }
    }

    #[test]
    fn no_span_is_too_long_to_share_out() {
        let text = "un deux trois";
        let ranges = token::token_ranges(text);
        let times = spread(text, &ranges, 0, u64::MAX);
        // "un" is 2 of the 13 characters, and 2^64 - 1 = 13q + 2: the
        // first word ends at (13q + 2) * 2 / 13, 2q once rounded down.
        assert_eq!(times[0], (0, u64::MAX / 13 * 2));
        assert_eq!(times[2].1, u64::MAX);
    }
}
