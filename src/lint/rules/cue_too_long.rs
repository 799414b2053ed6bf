//! TR105 cue-too-long: a cue on screen for more than the maximum duration.

use crate::lint::diagnostic::Severity;
use crate::lint::rule::RuleInfo;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR105",
    name: "cue-too-long",
    severity: Severity::Warning,
    summary: "a cue on screen for more than the maximum duration",
    explanation: "Text that stays long after it is read looks stuck (Netflix: 7 s).",
    example: "a cue of 12 s, maximum 7",
};
