//! Where one very long line of a plain-text transcript can be cut into
//! pieces that clean alone exactly as the line cleans whole, so that
//! `clean` holds a window of it, not all of it, in its working copies.
//! Several tools write a whole transcript as one line.
//!
//! Most of cleaning already looks only near the text it changes; what
//! looks at a cue whole, or from a cue into the next, must not see the
//! cut. A space inside a long line is a cut only when:
//!
//! - the line is in NFC, and no `drop_lines` pattern takes it (those
//!   passes report the whole line as one change); nor does it need a
//!   whitespace fix, unless the caller can count the fixes of its pieces
//!   as the one fix of the line (without a report, only the count shows);
//! - the pieces on both sides are longer than the cross-cue loop pass
//!   keeps words for (src/clean/cue_prints.rs), so neither piece can link
//!   to the lines around the line where the whole line could not; neither
//!   is a listed phrase whole, or a `drop_lines` line, or the same line as
//!   the line next to it;
//! - one space stands between two words, no doubled space is near, and
//!   the piece after the cut opens on a word that names no speaker;
//! - around the cut, no credit or suspect phrase is found, no dictionary
//!   variant, no run of repeated words a loop could be made of (in the
//!   words before the cut alone, a loop may trail off in a partial copy at
//!   what would be the end of a text).
//!
//! As for lines (windows.rs), everything is conservative: a space that
//! fails any test is not a cut, and the next one is tried.

use unicode_normalization::{IsNormalized, is_nfc_quick};

use crate::artifacts::loops;
use crate::transcript::Cue;

use super::cue_prints::KEPT_PRINTS_MAX_BYTES;
use super::windows::{CONTEXT_WORDS, opens_on_word};
use super::{Cleaner, Passes, artifacts};

/// No piece of a cut line is shorter: the cross-cue loop pass keeps no
/// words of a cue this long, as of the whole line.
pub(super) const MIN_PIECE_BYTES: usize = KEPT_PRINTS_MAX_BYTES + 1;

/// One long line, or what is left of it after a cut, and what is known
/// around it.
pub(super) struct LongLine<'a> {
    /// The line from its start or from just after the last cut, without
    /// its line break.
    pub text: &'a str,
    /// `text` is the whole line, not what is left of it after a cut.
    pub whole: bool,
    /// The line before it in the same window, if any.
    pub before: Option<&'a str>,
    /// The line after it, if the transcript has one; `None` at its end.
    pub after: Option<&'a str>,
}

impl Cleaner {
    /// Whether `line` may be cut at all (the first test of the module
    /// comment): the passes that report it whole would leave it alone,
    /// but for a whitespace fix if `fixes_counted`.
    pub(super) fn line_may_be_cut(&self, line: &str, passes: Passes, fixes_counted: bool) -> bool {
        if !self.can_cut(passes) || line.len() < 2 * MIN_PIECE_BYTES {
            return false;
        }
        let nfc = match is_nfc_quick(line.chars()) {
            IsNormalized::Yes => true,
            _ => unicode_normalization::is_nfc(line),
        };
        let spaced = fixes_counted || (!line.contains("  ") && line.trim_end() == line);
        nfc && spaced
            && !self.drops(line, passes)
            && self
                .artifacts
                .as_ref()
                .filter(|_| passes.artifacts)
                .is_none_or(|lists| lists.classify_whole(line).is_none())
    }

    /// The byte offset of the first space at or after `from` in
    /// `line.text` where it can be cut; `None` if no space leaves both
    /// pieces long enough and passes every test. The line itself must
    /// have passed `line_may_be_cut`.
    pub(super) fn piece_cut(&self, line: &LongLine, from: usize, passes: Passes) -> Option<usize> {
        let text = line.text;
        // Spaces from `first` to `end` (exclusive), on character bounds.
        let mut first = from.max(MIN_PIECE_BYTES);
        let mut end = text.len().checked_sub(MIN_PIECE_BYTES)?;
        while !text.is_char_boundary(first) {
            first += 1;
        }
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        if first >= end {
            return None;
        }
        text[first..end]
            .match_indices(' ')
            .map(|(i, _)| first + i)
            .find(|&cut| self.is_piece_cut(line, cut, passes))
    }

    fn is_piece_cut(&self, line: &LongLine, cut: usize, passes: Passes) -> bool {
        let text = line.text;
        let (piece, rest) = (&text[..cut], &text[cut + 1..]);
        let next_is_word = rest.chars().next().is_some_and(|c| !c.is_whitespace());
        let after_word = piece
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_whitespace());
        if !next_is_word || !after_word {
            return false;
        }
        // The words around the cut, one contiguous slice of the line.
        let tail = words_back(piece, CONTEXT_WORDS);
        let head = words_on(rest, CONTEXT_WORDS);
        let (tail_text, head_text) = (&piece[tail..], &rest[..head]);
        let around = &text[tail..cut + 1 + head];
        // Spaces are fixed before anything is looked for: around the cut,
        // the text looked at here must be the text cleaned.
        if around.contains("  ")
            || !opens_on_word(head_text)
            || crate::speaker::named_in(rest).is_some()
        {
            return false;
        }
        if passes.dictionary
            && !self.dictionary.terms.is_empty()
            && !self.matcher.find(around, false).is_empty()
        {
            return false;
        }
        if let Some(lists) = self.artifacts.as_ref().filter(|_| passes.artifacts) {
            let found = |t: &str| !lists.find_always(t).is_empty();
            if found(around) || found(tail_text) || found(head_text) {
                return false;
            }
            // What follows the cut may be all the rest of a long line:
            // unless short, it is asked of its first words only, and one
            // that begins like a listed phrase is not asked whether it is
            // one whole (that would fold all of it at every cut).
            let rest_listed = match rest.len() <= 4 * MIN_PIECE_BYTES {
                true => lists.classify_whole(rest).is_some(),
                false => lists.may_be_whole(rest),
            };
            if rest_listed || lists.classify_whole(piece).is_some() {
                return false;
            }
            let looping = |t: &str, ends_text: bool| {
                !loops::phrase_loops_in(t, &loops::Words::of(t), ends_text).is_empty()
            };
            if looping(tail_text, true) || looping(around, false) {
                return false;
            }
            let cues = [
                Cue::untimed(tail_text.to_string(), 1),
                Cue::untimed(head_text.to_string(), 1),
            ];
            if artifacts::linked_cues(&cues)[1] {
                return false;
            }
        }
        if self.drops(piece, passes) || self.drops(rest, passes) {
            return false;
        }
        // The line loop pass compares neighbouring cues: the pieces must
        // differ from the lines next to them as the line does (asked of
        // the whole line at its first cut).
        let repeats = |a: &str, b: &str| loops::same_line(a, b) || loops::same_line(b, a);
        let before = line.before.filter(|_| line.whole);
        if before.is_some_and(|b| repeats(b, piece) || repeats(b, text)) {
            return false;
        }
        !line
            .after
            .is_some_and(|a| repeats(rest, a) || (line.whole && repeats(text, a)))
    }

    /// Whether a `drop_lines` pattern takes `line` (as the pass reads it).
    fn drops(&self, line: &str, passes: Passes) -> bool {
        passes.drop_lines
            && self
                .dictionary
                .artifacts
                .drop_lines
                .iter()
                .any(|d| d.regex.is_match(line.trim()))
    }
}

/// The byte where the last `words` words of `text` begin (0 if it has
/// fewer).
fn words_back(text: &str, words: usize) -> usize {
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices().rev() {
        if c.is_whitespace() {
            if in_word {
                seen += 1;
                if seen == words {
                    return i + c.len_utf8();
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    0
}

/// The byte where the first `words` words of `text` end (its length if
/// it has fewer).
fn words_on(text: &str, words: usize) -> usize {
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if in_word {
                seen += 1;
                if seen == words {
                    return i;
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_from_either_end() {
        assert_eq!(words_back("un deux  trois", 2), "un ".len());
        assert_eq!(words_back("un deux", 5), 0);
        assert_eq!(words_on("un deux  trois", 2), "un deux".len());
        assert_eq!(words_on("un", 5), 2);
    }
}
