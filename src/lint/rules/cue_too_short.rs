//! TR104 cue-too-short: a cue on screen for less than the minimum duration.

use super::timing_line;
use crate::lint::check::Lines;
use crate::lint::diagnostic::Diagnostic;
use crate::lint::diagnostic::Severity;
use crate::lint::rule::RuleInfo;
use crate::segment::Limits;
use crate::transcript::Cue;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR104",
    name: "cue-too-short",
    severity: Severity::Warning,
    summary: "a cue on screen for less than the minimum duration",
    explanation: "The eye cannot catch a flash (Netflix: 5/6 s).",
    example: "a cue of 400 ms, minimum 833",
};

pub fn check(cue: &Cue, limits: &Limits, lines: &Lines) -> Option<Diagnostic> {
    let duration = cue.end?.0.saturating_sub(cue.start?.0);
    (duration < limits.min_duration_ms).then(|| {
        lines.whole_line(
            &RULE,
            timing_line(cue),
            format!(
                "on screen {duration} ms, minimum {}",
                limits.min_duration_ms
            ),
            None,
        )
    })
}
