//! TR106 cue-order: a cue that starts before the previous one ends, or before it starts.

use super::timing_line;
use crate::lint::check::Lines;
use crate::lint::diagnostic::Diagnostic;
use crate::lint::diagnostic::Severity;
use crate::lint::rule::RuleInfo;
use crate::transcript::Cue;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR106",
    name: "cue-order",
    severity: Severity::Error,
    summary: "a cue that starts before the previous one ends, or before it starts",
    explanation: "Overlapping or out-of-order cues are shown together or dropped, depending on the player.",
    example: "cue 5 starts at 00:01:02,000, cue 4 ends at 00:01:03,500",
};

pub fn check(previous: &Cue, cue: &Cue, lines: &Lines) -> Option<Diagnostic> {
    let (prev_start, prev_end, start) = (previous.start?, previous.end?, cue.start?);
    let message = if start < prev_start {
        format!(
            "starts at {}, before the cue before it ({})",
            start.srt(),
            prev_start.srt()
        )
    } else if start < prev_end {
        format!(
            "starts at {}, while the cue before it is shown until {}",
            start.srt(),
            prev_end.srt()
        )
    } else {
        return None;
    };
    Some(lines.whole_line(&RULE, timing_line(cue), message, None))
}
