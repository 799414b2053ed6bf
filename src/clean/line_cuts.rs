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
//!   is corrected.)
//! - each line next to it stays as it is, and so stays its neighbour:
//!   it is shorter than a piece and does not repeat the line, it is no
//!   listed phrase (one is judged by whether a credit stands anywhere in
//!   its neighbour), and cleaned with the line's words next to it nothing
//!   in it changes (were it dropped or emptied, the line beyond would
//!   stand next to a piece, not to the line, and might repeat it). A
//!   blank line stays blank. Cleaned among its own neighbours a line can
//!   still change more: the sink checks, as a last guard, that every
//!   piece came out longer than a line a pattern takes, next to the line
//!   it was next to, neither repeating it nor listed
//!   (`pieces_clean_as_line`);
//! - the pieces on both sides are longer than the cross-cue loop pass
//!   keeps words for (src/clean/cue_prints.rs), so neither piece can link
//!   to the lines around the line where the whole line could not; neither
//!   is a listed phrase whole, or the same line as the line next to it, or
//!   begins with a phrase said over and over (a cue that is nothing but a
//!   suspect phrase repeated goes whole, whatever the phrase's length: a
//!   piece must not be one where the line is not, nor the reverse);
//! - one space stands between two words, no doubled space is near, and
//!   the piece after the cut opens on a word that names no speaker;
//! - with fuzzy matching, the piece before the cut ends a sentence
//!   (windows.rs);
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
use crate::dict::fuzzy;
use crate::transcript::Cue;

use super::cue_prints::KEPT_PRINTS_MAX_BYTES;
use super::windows::{CONTEXT_WORDS, Window, opens_on_word};
use super::{Cleaned, Cleaner, Passes, artifacts};

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
        if text.len() < 2 * MIN_PIECE_BYTES {
            return false;
        }
        let nfc = match is_nfc_quick(text.chars()) {
            IsNormalized::Yes => true,
            _ => unicode_normalization::is_nfc(text),
        };
        let spaced = fixes_counted || (!text.contains("  ") && text.trim_end() == text);
        let drops_spared = self
            .longest_dropped_line(passes)
            .is_some_and(|longest| longest < CONTEXT_WORDS);
        let repeats = |n: &str| loops::same_line(n, text) || loops::same_line(text, n);
        // Each neighbour with the words of the line next to it, which a
        // loop may run across.
        let head = &text[..words_on(text, CONTEXT_WORDS)];
        let tail = &text[words_back(text, CONTEXT_WORDS)..];
        let steady_before = line
            .before
            .is_none_or(|b| !repeats(b) && self.neighbour_is_steady(b, (None, Some(head)), passes));
        let steady_after = line
            .after
            .is_none_or(|a| !repeats(a) && self.neighbour_is_steady(a, (Some(tail), None), passes));
        nfc && spaced
            && drops_spared
            && self
                .artifacts
                .as_ref()
                .filter(|_| passes.artifacts)
                .is_none_or(|lists| lists.classify_whole(text).is_none())
            && steady_before
            && steady_after
    }

    /// Whether a line next to a long line stays as it is, and so stays
    /// its neighbour: cleaned alone with the long line's words next to it
    /// (`before` or `after` it), nothing in it changes (it is not dropped,
    /// emptied, corrected, its spaces fixed), it is no listed phrase
    /// (judged by what stands next to it), and it is too short to repeat
    /// a piece. Conservative: cleaned among its own neighbours it
    /// could change more, which the sink's check catches
    /// (`pieces_clean_as_line`).
    fn neighbour_is_steady(
        &self,
        line: &str,
        (before, after): (Option<&str>, Option<&str>),
        passes: Passes,
    ) -> bool {
        // A blank line stays a blank line (a run of them is one), which
        // nothing repeats or judges.
        if line.trim().is_empty() {
            return true;
        }
        if line.len() >= MIN_PIECE_BYTES {
            return false;
        }
        let listed = self
            .artifacts
            .as_ref()
            .filter(|_| passes.artifacts)
            .is_some_and(|lists| lists.classify_whole(line).is_some());
        let text = [before, Some(line), after].into_iter().flatten();
        let text = text.collect::<Vec<_>>().join("\n");
        let at = 1 + usize::from(before.is_some());
        let alone = crate::read::txt::parse_txt(&text);
        let changes = self.clean_with(alone, passes).changes;
        !listed && !changes.iter().any(|c| c.line == at)
    }

    /// Whether the pieces of lines cut inside in `window`, cleaned with
    /// `passes` into `cleaned`, came out as in their lines: each is
    /// there, longer than any line a `drop_lines` pattern takes, and the
    /// cue next to it on the side where its line goes on in the window
    /// (before the line's first piece, after its last) neither repeats it
    /// nor is a listed phrase: a line next to the long line that went
    /// would leave the line beyond next to a piece, not to the line.
    /// Cuts are made only where this holds: a last guard, for the caller
    /// to clean the transcript whole when it fails.
    pub fn pieces_clean_as_line(&self, cleaned: &Cleaned, window: &Window, passes: Passes) -> bool {
        let cues = &cleaned.transcript.cues;
        let longest = self.longest_dropped_line(passes).unwrap_or(0);
        let lists = self.artifacts.as_ref().filter(|_| passes.artifacts);
        window.cut_lines().all(|line| {
            let Some(k) = cues.iter().position(|cue| cue.line == line) else {
                return false;
            };
            let piece = cues[k].text.lines().next().unwrap_or("");
            let apart = |n: Option<&Cue>| {
                n.is_none_or(|n| {
                    let repeats =
                        loops::same_line(piece, &n.text) || loops::same_line(&n.text, piece);
                    !repeats && lists.is_none_or(|l| l.classify_whole(&n.text).is_none())
                })
            };
            // The line next to it as read is there still, unless blank
            // (a blank line goes only where another stays, or at the end).
            let stays = |n: usize| {
                let blank = window.text_on_line(n).is_none_or(|t| t.trim().is_empty());
                blank || cues.iter().any(|cue| cue.line == n)
            };
            let before = k.checked_sub(1).map(|b| &cues[b]);
            piece.trim().len() > longest
                && (!window.begins_line(line) || (stays(line - 1) && apart(before)))
                && (!window.ends_line(line) || (stays(line + 1) && apart(cues.get(k + 1))))
        })
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
        // What the piece begins with does not depend on where it ends.
        if first >= stop || begins_periodic(text) {
            return None;
        }
        text[first..stop]
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
        // A span fuzzy matching compares runs over a space, not over a
        // sentence mark (plain text has no tags, and the tail holds the
        // piece's last word).
        if self.fuzzy_runs(passes) && !fuzzy::closes_spans(tail_text, false) {
            return false;
        }
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
        // differ from the lines next to them as the line does (which
        // `line_may_be_cut` asked once). The lines are short: this stops
        // at their length.
        let repeats = |a: &str, b: &str| loops::same_line(a, b) || loops::same_line(b, a);
        let before = line.before.filter(|_| line.whole);
        if before.is_some_and(|b| repeats(b, piece)) || line.after.is_some_and(|a| repeats(rest, a))
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
