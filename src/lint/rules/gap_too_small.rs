//! TR107 gap-too-small: cues closer together than the minimum gap.

use crate::lint::diagnostic::Severity;
use crate::lint::rule::RuleInfo;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR107",
    name: "gap-too-small",
    severity: Severity::Info,
    summary: "cues closer together than the minimum gap",
    explanation: "Without a short blank between cues the eye does not see the text change (Netflix: 2 frames, 83 ms).",
    example: "cue 4 ends at 00:00:04,000, cue 5 starts at 00:00:04,020",
};
