//! TR106 cue-order: a cue that starts before the previous one ends, or before it starts.

use crate::lint::diagnostic::Severity;
use crate::lint::rule::RuleInfo;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR106",
    name: "cue-order",
    severity: Severity::Error,
    summary: "a cue that starts before the previous one ends, or before it starts",
    explanation: "Overlapping or out-of-order cues are shown together or dropped, depending on the player.",
    example: "cue 5 starts at 00:01:02,000, cue 4 ends at 00:01:03,500",
};
