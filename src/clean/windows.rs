//! Where a long plain-text transcript can be cut into windows that clean
//! alone exactly as they clean together, so that `clean` can read, clean
//! and write a file a window at a time and hold only that window.
//!
//! Most of cleaning looks at one line; what looks further must not see a
//! cut. A line boundary is a cut only when, around it:
//!
//! - both lines hold words (a run of blank lines is collapsed as a whole,
//!   and a line opening on punctuation belongs to the word before it);
//! - no line near it is invented text, a suspect phrase, a phrase removed
//!   wherever it appears, or a `drop_lines` line (removing one joins its
//!   neighbours, which can make a loop that crosses the cut, and the file's
//!   ends are judged by what stands there);
//! - no repetition crosses it or ends at it: neither line repeats the one
//!   before it, and no run of repeated words long enough to be a loop
//!   links the lines (the same test the cross-cue loop pass makes, on the
//!   words around the cut);
//! - no dictionary variant is found in either line, or across the break
//!   (a variant split over two lines is joined, and one at the start of a
//!   line is capitalised by what ends the line before);
//! - with fuzzy matching, the line before ends a sentence, and no tag is
//!   open at the cut: a span of words that sounds like a name may run
//!   over a line break, but not over a sentence mark, and the first word
//!   of a sentence is judged as the first word of a text is
//!   (`fuzzy::closes_spans`).
//!
//! Everything here is conservative: a boundary that fails any test is
//! simply not a cut, and the next one is tried.

use crate::dict::fuzzy;
use crate::format::Format;
use crate::markup;
use crate::transcript::{Cue, Spelling, Transcript};

use super::{Cleaned, Cleaner, Facts, FuzzyPass, Passes, artifacts};

/// Lines on each side of a cut that must be free of anything removable.
const QUIET_LINES: usize = 3;
/// Words of context each side for the loop test: a loop long enough to be
/// suggested spans at most `MAX_PHRASE_WORDS * 4` words.
pub(super) const CONTEXT_WORDS: usize = 8 * crate::artifacts::loops::MAX_PHRASE_WORDS;
/// Bytes before `from` searched for that context.
pub(super) const CONTEXT_BYTES: usize = 64 * 1024;

impl Cleaner {
    /// The byte offset in `text` of the first line start at or after `from`
    /// where the transcript can be cut (see the module comment), if the
    /// text holds one with enough lines after it to judge. `text` holds
    /// whole lines of a plain-text transcript; `passes` are those the
    /// windows will be cleaned with.
    pub fn window_cut(&self, text: &str, from: usize, passes: Passes) -> Option<usize> {
        // Lines from a little before `from`: enough for the loop test's
        // context, without indexing a whole window's lines at every call.
        let base = text.as_bytes()[..from.saturating_sub(CONTEXT_BYTES).min(text.len())]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let starts: Vec<usize> = std::iter::once(base)
            .chain(crate::newlines::offsets(&text[base..]).map(|i| base + i + 1))
            .filter(|&s| s < text.len())
            .collect();
        let line = |k: usize| {
            let end = starts.get(k + 1).map_or(text.len(), |&e| e - 1);
            text[starts[k]..end].trim_end_matches('\r')
        };
        let first = starts.partition_point(|&s| s < from);
        // Plain text has no tags: what ends the line before is enough.
        let closes = |next: usize| fuzzy::closes_spans(line(next - 1), false);
        self.first_cut(&line, first, starts.len(), passes, &closes)
            .map(|next| starts[next])
    }

    /// The index of the first cue at or after `from` before which a timed
    /// transcript can be cut (the same tests as between lines, on cues),
    /// if `cues` hold one with enough cues after it to judge. `cues` begin
    /// at the start of the transcript or at a cut.
    pub fn cue_cut(&self, cues: &[Cue], from: usize, passes: Passes) -> Option<usize> {
        let line = |k: usize| cues[k].text.as_str();
        // Read with tags skipped as well as not, whatever the format: a
        // tag left open in any cue before the cut would go on past it,
        // so those cues are read from the first, where none is open.
        let closes = |next: usize| {
            let before = &cues[..next];
            fuzzy::closes_spans(line(next - 1), false)
                && (!before.iter().any(|c| markup::may_open_tag(&c.text))
                    || fuzzy::closes_spans(&joined(before), true))
        };
        self.first_cut(&line, from, cues.len(), passes, &closes)
    }

    /// Whether fuzzy matching runs with `passes`: then a cut must close
    /// its spans.
    pub(super) fn fuzzy_runs(&self, passes: Passes) -> bool {
        self.fuzzy.is_some() && passes.fuzzy != FuzzyPass::Off
    }

    /// The first boundary before line `first` or after it, of `count`
    /// lines, that is a cut; `None` if none is, or if the lines run out
    /// before the loop test's context does. `closes` says whether fuzzy
    /// matching's spans end at the boundary before a line.
    fn first_cut<'a>(
        &self,
        line: &impl Fn(usize) -> &'a str,
        first: usize,
        count: usize,
        passes: Passes,
        closes: &dyn Fn(usize) -> bool,
    ) -> Option<usize> {
        for next in first.max(QUIET_LINES + 1)..count {
            // Enough lines after the cut to see a loop through it.
            let ahead = context_end(line, next, count)?;
            if self.is_cut(line, next, ahead, passes) && (!self.fuzzy_runs(passes) || closes(next))
            {
                return Some(next);
            }
        }
        None
    }

    /// Whether the boundary before line `next` is a cut; `ahead` is the
    /// line after the loop test's context.
    fn is_cut<'a>(
        &self,
        line: &impl Fn(usize) -> &'a str,
        next: usize,
        ahead: usize,
        passes: Passes,
    ) -> bool {
        let quiet = next.saturating_sub(QUIET_LINES)..(next + QUIET_LINES).min(ahead);
        let (before, after) = (line(next - 1), line(next));
        if !opens_on_word(before) || !opens_on_word(after) {
            return false;
        }
        for k in quiet.clone() {
            let text = line(k);
            if text.trim().is_empty() && (k == next - 1 || k == next) {
                return false;
            }
            // Lines are dropped as they read trimmed, each line of a cue.
            let rules = &self.dictionary.artifacts.drop_lines;
            if passes.drop_lines && text.split('\n').any(|l| super::drop::may_drop(rules, l)) {
                return false;
            }
            if let Some(lists) = self.artifacts.as_ref().filter(|_| passes.artifacts)
                && (lists.classify_whole(text).is_some() || !lists.find_always(text).is_empty())
            {
                return false;
            }
            if k > quiet.start && crate::artifacts::loops::same_line(line(k - 1), text) {
                return false;
            }
        }
        if passes.dictionary && !self.dictionary.terms.is_empty() {
            let joined = format!("{before}\n{after}");
            if !self.matcher.find(&joined, false).is_empty() {
                return false;
            }
        }
        if passes.artifacts && self.artifacts.is_some() {
            let from = context_start(line, next);
            let cues: Vec<Cue> = (from..ahead)
                .map(|k| Cue::untimed(line(k).to_string(), k + 1))
                .collect();
            let linked = artifacts::linked_cues(&cues);
            let (l, r) = (next - 1 - from, next - from);
            if linked[l] || linked[r] {
                return false;
            }
        }
        true
    }
}

/// Whether a line begins with a word, not punctuation that would belong
/// to the line before.
pub(super) fn opens_on_word(text: &str) -> bool {
    crate::artifacts::loops::token_prints(text)
        .next()
        .is_some_and(|print| print.is_some())
}

/// The cues' texts as the dictionary pass joins them.
fn joined(cues: &[Cue]) -> String {
    let texts: Vec<&str> = cues.iter().map(|c| c.text.as_str()).collect();
    texts.join("\n")
}

/// How many words `text` has as the loop pass counts them: punctuation
/// standing alone belongs to the word before ("oui ! oui !" is two).
pub(super) fn loop_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|t| t.chars().any(char::is_alphanumeric))
        .count()
}

/// The first line of the loop test's context before line `next`: enough
/// lines back to hold `CONTEXT_WORDS` words, or the start.
fn context_start<'a>(line: &impl Fn(usize) -> &'a str, next: usize) -> usize {
    let mut words = 0;
    let mut k = next;
    while k > 0 && words < CONTEXT_WORDS {
        k -= 1;
        words += loop_words(line(k));
    }
    k
}

/// The line after the loop test's context from line `next` on, if the
/// text holds that many words after it; `None` means more text is needed.
fn context_end<'a>(line: &impl Fn(usize) -> &'a str, next: usize, lines: usize) -> Option<usize> {
    let mut words = 0;
    let mut k = next;
    while words < CONTEXT_WORDS || k < next + QUIET_LINES {
        if k >= lines {
            return None;
        }
        words += loop_words(line(k));
        k += 1;
    }
    Some(k)
}

/// Lines of a transcript that clean alone as they clean in it: whole
/// lines, but for a very long line of plain text, which may begin or end
/// inside it (line_cuts.rs).
#[derive(Debug, Clone)]
pub struct Window {
    /// The lines, as read.
    pub text: String,
    /// The number of the first line in the transcript.
    pub first_line: usize,
    /// Characters of its first line before the window: 0 unless the
    /// window begins inside a long line.
    pub column: usize,
    /// The window ends inside a long line, `text` with the space the line
    /// goes on after.
    pub continues: bool,
    /// How the lines are read: plain text, or a timed format read in
    /// pieces (src/read/pieces.rs).
    pub format: Format,
    /// The lines read already, when finding the cut needed it.
    pub read: Option<Transcript>,
}

impl Window {
    /// The window of `text`, which begins on line `*line` of the
    /// transcript; `*line` moves on to the line after it.
    pub(super) fn next(
        line: &mut usize,
        text: String,
        format: Format,
        read: Option<Transcript>,
    ) -> Window {
        let first_line = *line;
        *line += crate::newlines::count(&text);
        Window {
            text,
            first_line,
            column: 0,
            continues: false,
            format,
            read,
        }
    }

    /// The window cleaned, its changes positioned in the transcript, as
    /// the whole transcript, which `facts` are of, cleans it; `None` if
    /// its lines cannot be read as a piece of the file.
    pub fn clean(&mut self, cleaner: &Cleaner, passes: Passes, facts: &Facts) -> Option<Cleaned> {
        // A window whose cues were read when it was cut ends where the
        // next cue's block begins, and one cut inside a line goes on: they
        // end as the writer ends them. Others end as their text does (the
        // file's last window ends as the file does).
        let closes_as_read = self.read.is_none() && !self.continues;
        let mut transcript = match self.read.take() {
            Some(transcript) => transcript,
            None if self.format == Format::Txt => {
                // The space a cut line goes on after is the line's, not
                // the piece's (which would lose it as a trailing space).
                let text = match self.continues {
                    true => self.text.strip_suffix(' ')?,
                    false => &self.text,
                };
                let mut transcript = crate::read::txt::parse_txt(text);
                for cue in &mut transcript.cues {
                    cue.line += self.first_line - 1;
                }
                crate::speaker::detect(&mut transcript);
                transcript
            }
            None => crate::read::pieces::read_piece(self.format, &self.text, self.first_line)?,
        };
        let spelling = crate::read::spelling(&self.text, &transcript);
        transcript.spelling = Spelling {
            closing_line_breaks: spelling.closing_line_breaks.filter(|_| closes_as_read),
            ..spelling
        };
        let mut cleaned = cleaner.clean_part(transcript, passes, facts);
        if self.column > 0 {
            // The piece's columns counted from where the line begins.
            let line = self.first_line;
            for change in cleaned.changes.iter_mut().filter(|c| c.line == line) {
                change.column += self.column;
                if let Some((end_line, end_column)) = &mut change.end
                    && *end_line == line
                {
                    *end_column += self.column;
                }
            }
        }
        Some(cleaned)
    }

    /// The window's text on line `line` of the transcript, as a cue of it
    /// reads (no line break, nor the space a cut line goes on after).
    pub fn text_on_line(&self, line: usize) -> Option<&str> {
        let k = line.checked_sub(self.first_line)?;
        let text = match self.continues {
            true => self.text.strip_suffix(' ')?,
            false => &self.text,
        };
        let on = crate::newlines::split(text).nth(k)?;
        Some(on.strip_suffix('\r').unwrap_or(on))
    }

    /// The number of the window's last line in the transcript.
    pub fn last_line(&self) -> usize {
        self.first_line + crate::newlines::count(&self.text)
    }

    /// The lines of the transcript a cut inside a line runs through: the
    /// first if the window begins inside it, the last if it ends inside
    /// one.
    pub fn cut_lines(&self) -> impl Iterator<Item = usize> + '_ {
        let last = self.last_line();
        let first = (self.column > 0).then_some(self.first_line);
        // A piece from inside a line both begins and ends on it.
        first
            .into_iter()
            .chain(self.continues.then_some(last).filter(|&l| first != Some(l)))
    }

    /// Whether the window holds the start of line `line`: for a line cut
    /// inside, its first piece.
    pub fn begins_line(&self, line: usize) -> bool {
        !(self.column > 0 && line == self.first_line)
    }

    /// Whether the window holds the end of line `line`: for a line cut
    /// inside, its last piece.
    pub fn ends_line(&self, line: usize) -> bool {
        !(self.continues && line == self.last_line())
    }
}
