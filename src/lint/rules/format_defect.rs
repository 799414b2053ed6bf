//! TR203 format-defect: a defect of the file format that readers disagree on (wrong SRT index, `->` arrow...).

use crate::lint::diagnostic::Severity;
use crate::lint::rule::RuleInfo;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR203",
    name: "format-defect",
    severity: Severity::Warning,
    summary: "a defect of the file format that readers disagree on (wrong SRT index, `->` arrow...)",
    explanation: "Players are stricter or looser than one another; what one shows another skips. The lenient reader repaired it; the fix writes the repaired file.",
    example: "\"00:00:01,000 -> 00:00:02,000\" -> \"00:00:01,000 --> 00:00:02,000\"",
};
