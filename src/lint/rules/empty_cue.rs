//! TR108 empty-cue: a cue with no text.

use crate::lint::diagnostic::Severity;
use crate::lint::rule::RuleInfo;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR108",
    name: "empty-cue",
    severity: Severity::Warning,
    summary: "a cue with no text",
    explanation: "An empty cue shows nothing and some players stop reading the file at it.",
    example: "a timing line followed by a blank line",
};
