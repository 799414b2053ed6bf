//! Where one very long line of a plain-text transcript can be cut into
//! pieces that clean alone exactly as the line cleans whole, so that
//! `clean` holds a window of it, not all of it, in its working copies.
//! Several tools write a whole transcript as one line.
//!
//! Most of cleaning already looks only near the text it changes; what
//! looks at a cue whole, or from a cue into the next, must not see the
//! cut. A space inside a long line is a cut only when:
//!
//! - the line is in NFC; nor does the line need a whitespace fix, unless
//!   the caller can count the fixes of its pieces as the one fix of the
//!   line (without a report, only the count shows): these passes report
//!   the whole line as one change;
//! - every `drop_lines` pattern of the dictionary takes only a whole
//!   line, and only one shorter than `CONTEXT_WORDS` bytes (`^Tags$`):
//!   a piece keeps at least that many words by each cut through every
//!   round of removals, as the line does, so neither can be taken. (A
//!   pattern that can match inside a line may take it once a name in it
//!   is corrected.) Nor may either line next to it be taken as it reads
//!   or once cleaned (its spaces fixed, a credit, a loop or a variant in
//!   it): the line would then stand next to the line beyond, and a piece
//!   is not the line there. The sink checks, as a last guard, that no
//!   piece came out that short;
//! - neither line next to it is a listed phrase (one is judged by whether
//!   a credit stands anywhere in its neighbour);
//! - the pieces on both sides are longer than the cross-cue loop pass
//!   keeps words for (src/clean/cue_prints.rs), so neither piece can link
//!   to the lines around the line where the whole line could not; neither
//!   is a listed phrase whole, or the same line as the line next to it, or
//!   begins with a phrase said over and over (a cue that is nothing but a
//!   suspect phrase repeated goes whole, whatever the phrase's length: a
//!   piece must not be one where the line is not, nor the reverse);
//! - one space stands between two words, no doubled space is near, and
//!   the piece after the cut opens on a word that names no speaker;
//! - around the cut, no credit or suspect phrase is found, no dictionary
//!   variant, no run of repeated words a loop could be made of (in the
//!   words before the cut alone, a loop may trail off in a partial copy at
//!   what would be the end of a text). Words are counted as the loop pass
//!   counts them: punctuation standing alone belongs to the word before.
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
/// Bytes of a line searched for a cut past where one is wanted.
const SEARCH_BYTES: usize = 1 << 20;

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
    /// Whether `line`, read whole, may be cut at all (the first tests of
    /// the module comment): the passes that report it whole would leave
    /// it alone, but for a whitespace fix if `fixes_counted`.
    pub(super) fn line_may_be_cut(
        &self,
        line: &LongLine,
        passes: Passes,
        fixes_counted: bool,
    ) -> bool {
        let text = line.text;
        if !self.can_cut(passes) || text.len() < 2 * MIN_PIECE_BYTES {
            return false;
        }
        let nfc = match is_nfc_quick(text.chars()) {
            IsNormalized::Yes => true,
            _ => unicode_normalization::is_nfc(text),
        };
        let spaced = fixes_counted || (!text.contains("  ") && text.trim_end() == text);
        let drops_spared = match self.longest_dropped_line(passes) {
            Some(0) => true,
            Some(longest) => {
                longest < CONTEXT_WORDS
                    && !line.before.is_some_and(|b| self.may_be_dropped(b, passes))
                    && !line.after.is_some_and(|a| self.may_be_dropped(a, passes))
            }
            None => false,
        };
        nfc && spaced
            && drops_spared
            && self
                .artifacts
                .as_ref()
                .filter(|_| passes.artifacts)
                .is_none_or(|lists| lists.classify_whole(text).is_none())
    }

    /// The longest line, in bytes, the dictionary's `drop_lines` can
    /// take with `passes` (0 with none); `None` if a pattern can take a
    /// line of any length.
    pub fn longest_dropped_line(&self, passes: Passes) -> Option<usize> {
        let rules = &self.dictionary.artifacts.drop_lines;
        match passes.drop_lines {
            true => rules
                .iter()
                .try_fold(0, |m, r| Some(m.max(r.longest_line?))),
            false => Some(0),
        }
    }

    /// Whether a `drop_lines` pattern may take `line` as it reads, or
    /// once cleaned: its spaces fixed, or a credit, a loop or a variant
    /// removed or corrected in it. Conservative: whether something in it
    /// would change, not what it would become.
    fn may_be_dropped(&self, line: &str, passes: Passes) -> bool {
        use unicode_normalization::UnicodeNormalization;
        let settled = line.nfc().collect::<String>();
        let settled = settled.split_whitespace().collect::<Vec<_>>().join(" ");
        let rules = &self.dictionary.artifacts.drop_lines;
        if rules
            .iter()
            .any(|r| r.regex.is_match(line.trim()) || r.regex.is_match(&settled))
        {
            return true;
        }
        if passes.dictionary
            && !self.dictionary.terms.is_empty()
            && !self.matcher.find(line, false).is_empty()
        {
            return true;
        }
        self.artifacts
            .as_ref()
            .filter(|_| passes.artifacts)
            .is_some_and(|lists| {
                !lists.find_always(line).is_empty() || !loops::phrase_loops(line).is_empty()
            })
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
        // A text with no cut for a long way (a loop over megabytes) is not
        // searched to its end at every space: the line stays whole.
        let mut stop = end.min(first + SEARCH_BYTES);
        while !text.is_char_boundary(stop) {
            stop -= 1;
        }
        if first >= stop || !self.piece_may_start(line, passes) {
            return None;
        }
        text[first..stop]
            .match_indices(' ')
            .map(|(i, _)| first + i)
            .find(|&cut| self.is_piece_cut(line, cut, passes))
    }

    /// What does not depend on where the piece ends: its start, and the
    /// lines next to the line.
    fn piece_may_start(&self, line: &LongLine, passes: Passes) -> bool {
        // A suspect phrase is judged by its neighbours' credits, anywhere
        // in them: the line must stay its neighbours' neighbour whole.
        if let Some(lists) = self.artifacts.as_ref().filter(|_| passes.artifacts) {
            let listed = |l: &str| lists.classify_whole(l).is_some();
            let before = line.before.filter(|_| line.whole);
            if before.is_some_and(listed) || line.after.is_some_and(listed) {
                return false;
            }
        }
        !begins_periodic(line.text)
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
        // The line loop pass compares neighbouring cues: the pieces must
        // differ from the lines next to them as the line does (asked of
        // the whole line at its first cut).
        let repeats = |a: &str, b: &str| loops::same_line(a, b) || loops::same_line(b, a);
        let before = line.before.filter(|_| line.whole);
        if before.is_some_and(|b| repeats(b, piece) || repeats(b, text)) {
            return false;
        }
        if line
            .after
            .is_some_and(|a| repeats(rest, a) || (line.whole && repeats(text, a)))
        {
            return false;
        }
        // Last, as the dearest: the pieces whole. Neither may be a listed
        // phrase whole (what follows the cut may be all the rest of a long
        // line: unless short, it is asked of its first words only, and
        // one that begins like a listed phrase is not asked whether it is
        // one whole, which would fold all of it at every cut), nor may
        // what follows begin with a phrase said over and over (the piece
        // before was asked by `piece_may_start`).
        if let Some(lists) = self.artifacts.as_ref().filter(|_| passes.artifacts) {
            let rest_listed = match rest.len() <= 4 * MIN_PIECE_BYTES {
                true => lists.classify_whole(rest).is_some(),
                false => lists.may_be_whole(rest),
            };
            if rest_listed || lists.classify_whole(piece).is_some() {
                return false;
            }
        }
        !begins_periodic(rest)
    }
}

/// Whether the words of the first `MIN_PIECE_BYTES` of `text` (whole
/// words only) repeat a shorter run of them from the start: "X Y Z X Y
/// Z X Y". A text that is one phrase said over and over begins so; a
/// phrase longer than half of that is no listed phrase.
fn begins_periodic(text: &str) -> bool {
    let mut end = text.len().min(MIN_PIECE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = match end < text.len() {
        true => text[..end]
            .rfind(char::is_whitespace)
            .map_or("", |i| &text[..i]),
        false => text,
    };
    let prints: Vec<u64> = loops::token_prints(head).flatten().collect();
    let n = prints.len();
    if n < 2 {
        return false;
    }
    // The shortest period, from the prefix function (Knuth-Morris-Pratt).
    let mut border = vec![0usize; n];
    for i in 1..n {
        let mut k = border[i - 1];
        while k > 0 && prints[i] != prints[k] {
            k = border[k - 1];
        }
        if prints[i] == prints[k] {
            k += 1;
        }
        border[i] = k;
    }
    let period = n - border[n - 1];
    2 * period <= n
}

/// The byte where the last `words` words of `text` begin (0 if it has
/// fewer). A word is what the loop pass counts as one: a token with a
/// letter or digit; punctuation alone belongs to the word before.
fn words_back(text: &str, words: usize) -> usize {
    let mut seen = 0;
    let mut end = text.len();
    loop {
        let trimmed = text[..end].trim_end();
        if trimmed.is_empty() {
            return 0;
        }
        // Where the last token begins: after the white space before it.
        let start = trimmed
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        if trimmed[start..].chars().any(char::is_alphanumeric) {
            seen += 1;
            if seen == words {
                return start;
            }
        }
        end = start;
    }
}

/// The byte where the first `words` words of `text` end (its length if
/// it has fewer), words counted as `words_back` counts them.
fn words_on(text: &str, words: usize) -> usize {
    let mut seen = 0;
    let mut at = 0;
    while seen < words {
        let rest = &text[at..];
        let start = at + (rest.len() - rest.trim_start().len());
        if start == text.len() {
            return text.len();
        }
        let end = text[start..]
            .find(char::is_whitespace)
            .map_or(text.len(), |i| start + i);
        if text[start..end].chars().any(char::is_alphanumeric) {
            seen += 1;
        }
        at = end;
    }
    at
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
        // Punctuation alone is not a word, as in the loop pass.
        assert_eq!(words_back("a ! ! b", 2), 0);
        assert_eq!(words_on("a ! ! b c", 2), "a ! ! b".len());
    }
}
