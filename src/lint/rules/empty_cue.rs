//! TR108 empty-cue: a cue with no text.

use super::{shown_lines, timing_line};
use crate::lint::check::Lines;
use crate::lint::diagnostic::Diagnostic;
use crate::lint::diagnostic::Severity;
use crate::lint::rule::RuleInfo;
use crate::transcript::Cue;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR108",
    name: "empty-cue",
    severity: Severity::Warning,
    summary: "a cue with no text",
    explanation: "An empty cue shows nothing and some players stop reading the file at it.",
    example: "a timing line followed by a blank line",
};

pub fn check(cue: &Cue, lines: &Lines) -> Option<Diagnostic> {
    (shown_lines(cue).next().is_none()).then(|| {
        lines.whole_line(
            &RULE,
            timing_line(cue),
            "cue with no text".to_string(),
            None,
        )
    })
}
