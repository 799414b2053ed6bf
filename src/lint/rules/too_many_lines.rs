//! TR102 too-many-lines: a cue with more lines than allowed.

use super::{shown_lines, timing_line};
use crate::lint::check::Lines;
use crate::lint::diagnostic::Diagnostic;
use crate::lint::diagnostic::Severity;
use crate::lint::rule::RuleInfo;
use crate::segment::Limits;
use crate::transcript::Cue;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR102",
    name: "too-many-lines",
    severity: Severity::Error,
    summary: "a cue with more lines than allowed",
    explanation: "Three or more lines cover the picture (Netflix and BBC: 2). `transcrub subtitles` rebuilds the cues; lint has no fix.",
    example: "a cue of 3 lines, limit 2",
};

pub fn check(cue: &Cue, limits: &Limits, lines: &Lines) -> Option<Diagnostic> {
    let count = shown_lines(cue).count();
    (count > limits.max_lines).then(|| {
        lines.whole_line(
            &RULE,
            timing_line(cue),
            format!("cue of {count} lines, limit {}", limits.max_lines),
            None,
        )
    })
}
