//! What the sinks of streamed runs check of a window cut inside a very
//! long line (src/clean/line_cuts.rs): that each piece cleaned as the
//! whole line does. A change that cleaning the line whole reports for
//! the whole line (its whitespace fix, a dropped line) cannot come of a
//! piece, but for a whitespace fix counted, not reported; nor may a
//! piece come out as short as a line a `drop_lines` pattern can take, or
//! next to a line its line was not next to
//! (`Cleaner::pieces_clean_as_line`). Cuts are made only where none of
//! this can happen: this is the last guard, and a window that fails it
//! means reading the file whole.

use crate::change::Rule;
use crate::clean::{Cleaned, Cleaner, Passes, Window};

/// The check, across the windows of one run, in order.
pub(super) struct PieceCheck<'c> {
    cleaner: &'c Cleaner,
    /// The changes are reported one by one: a piece's whitespace fix
    /// cannot stand for the line's.
    with_report: bool,
    /// The last line cut inside whose whitespace fix is counted already.
    fixed_line: Option<usize>,
    /// Whether whoever reads the cleaned windows reads a piece (its
    /// cleaned text, and whether it begins its line) as in its line.
    read_alone: Option<fn(&str, bool) -> bool>,
}

impl<'c> PieceCheck<'c> {
    /// For windows cleaned by `cleaner` with every pass, as
    /// `File::clean_windows` cleans them.
    pub fn new(cleaner: &'c Cleaner, with_report: bool) -> PieceCheck<'c> {
        PieceCheck {
            cleaner,
            with_report,
            fixed_line: None,
            read_alone: None,
        }
    }

    /// The same, for a reader of the windows that reads a piece as in its
    /// line only where `read_alone` says so (`segment::piece_reads_alone`).
    pub fn read_by(mut self, read_alone: fn(&str, bool) -> bool) -> PieceCheck<'c> {
        self.read_alone = Some(read_alone);
        self
    }

    /// Whether changes are reported one by one.
    pub fn with_report(&self) -> bool {
        self.with_report
    }

    /// How many of the window's whitespace fixes on lines cut inside are
    /// counted already, as the one fix an earlier piece of their line
    /// had; `None` if a piece did not clean, or would not be read, as its
    /// line does. Without a
    /// report, only counts show: the first round's fix of a piece (made
    /// to the text as read) is counted as the line's, which has one such
    /// fix; a later round's fix, after a removal, is counted as it is
    /// when it is at the line's end (a space a removal left there), in
    /// its last piece.
    pub fn check(&mut self, cleaned: &Cleaned, window: &Window) -> Option<usize> {
        if !self
            .cleaner
            .pieces_clean_as_line(cleaned, window, Passes::ALL)
        {
            return None;
        }
        if let Some(read_alone) = self.read_alone
            && !pieces_read_alone(cleaned, window, read_alone)
        {
            return None;
        }
        let mut counted_already = 0;
        for line in window.cut_lines() {
            let ends_line = window.ends_line(line);
            for change in cleaned.changes.iter().filter(|c| c.line == line) {
                if !reported_whole(change.rule) {
                    continue;
                }
                if self.with_report || change.rule != Rule::Whitespace {
                    return None;
                }
                let as_read = window.text_on_line(line) == Some(change.before.as_str());
                if !as_read {
                    if !ends_line {
                        return None;
                    }
                    continue;
                }
                if self.fixed_line == Some(line) {
                    counted_already += 1;
                }
                self.fixed_line = Some(line);
            }
        }
        Some(counted_already)
    }
}

/// Whether `read_alone` says each piece in the window, as cleaned, is read
/// as in its line.
fn pieces_read_alone(
    cleaned: &Cleaned,
    window: &Window,
    read_alone: fn(&str, bool) -> bool,
) -> bool {
    let cues = &cleaned.transcript.cues;
    window.cut_lines().all(|line| {
        cues.iter()
            .find(|cue| cue.line == line)
            .is_some_and(|cue| read_alone(&cue.text, window.begins_line(line)))
    })
}

/// Rules whose change names a whole line: one per line, its text before
/// and after.
fn reported_whole(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::Whitespace | Rule::UnicodeNfc | Rule::BlankLine | Rule::DropLine
    )
}
