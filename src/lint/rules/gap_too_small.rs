//! TR107 gap-too-small: cues closer together than the minimum gap.

use super::timing_line;
use crate::lint::check::Lines;
use crate::lint::diagnostic::Diagnostic;
use crate::lint::diagnostic::Severity;
use crate::lint::rule::RuleInfo;
use crate::segment::Limits;
use crate::transcript::Cue;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR107",
    name: "gap-too-small",
    severity: Severity::Info,
    summary: "cues closer together than the minimum gap",
    explanation: "Without a short blank between cues the eye does not see the text change (Netflix: 2 frames, 83 ms).",
    example: "cue 4 ends at 00:00:04,000, cue 5 starts at 00:00:04,020",
};

pub fn check(previous: &Cue, cue: &Cue, limits: &Limits, lines: &Lines) -> Option<Diagnostic> {
    let (prev_end, start) = (previous.end?.0, cue.start?.0);
    let gap = start.checked_sub(prev_end)?;
    (gap < limits.min_gap_ms).then(|| {
        lines.whole_line(
            &RULE,
            timing_line(cue),
            format!(
                "{gap} ms after the cue before it, minimum {}",
                limits.min_gap_ms
            ),
            None,
        )
    })
}
