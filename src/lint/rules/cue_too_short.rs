//! TR104 cue-too-short: a cue on screen for less than the minimum duration.

use crate::lint::diagnostic::Severity;
use crate::lint::rule::RuleInfo;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR104",
    name: "cue-too-short",
    severity: Severity::Warning,
    summary: "a cue on screen for less than the minimum duration",
    explanation: "The eye cannot catch a flash (Netflix: 5/6 s).",
    example: "a cue of 400 ms, minimum 833",
};
