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
}

impl<'c> PieceCheck<'c> {
    /// For windows cleaned by `cleaner` with every pass, as
    /// `File::clean_windows` cleans them.
    pub fn new(cleaner: &'c Cleaner, with_report: bool) -> PieceCheck<'c> {
        PieceCheck {
            cleaner,
            with_report,
            fixed_line: None,
        }
    }

    /// Whether changes are reported one by one.
    pub fn with_report(&self) -> bool {
        self.with_report
    }

    /// How many of the window's whitespace fixes on lines cut inside are
    /// counted already, as the one fix an earlier piece of their line
    /// had; `None` if a piece did not clean as its line does. Without a
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
        let mut counted_already = 0;
        let last = window.last_line();
        for line in window.cut_lines() {
            let ends_line = !(window.continues && line == last);
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

/// Rules whose change names a whole line: one per line, its text before
/// and after.
fn reported_whole(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::Whitespace | Rule::UnicodeNfc | Rule::BlankLine | Rule::DropLine
    )
}
