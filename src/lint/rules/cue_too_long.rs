//! TR105 cue-too-long: a cue on screen for more than the maximum duration.

use super::timing_line;
use crate::lint::check::Lines;
use crate::lint::diagnostic::Diagnostic;
use crate::lint::diagnostic::Severity;
use crate::lint::rule::RuleInfo;
use crate::segment::Limits;
use crate::transcript::Cue;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR105",
    name: "cue-too-long",
    severity: Severity::Warning,
    summary: "a cue on screen for more than the maximum duration",
    explanation: "Text that stays long after it is read looks stuck (Netflix: 7 s).",
    example: "a cue of 12 s, maximum 7",
};

pub fn check(cue: &Cue, limits: &Limits, lines: &Lines) -> Option<Diagnostic> {
    let duration = cue.end?.0.saturating_sub(cue.start?.0);
    (duration > limits.max_duration_ms).then(|| {
        lines.whole_line(
            &RULE,
            timing_line(cue),
            format!(
                "on screen {duration} ms, maximum {}",
                limits.max_duration_ms
            ),
            None,
        )
    })
}
