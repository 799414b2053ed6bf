//! TR103 reading-speed: a cue shown too briefly for its text: characters per second over the limit.

use crate::lint::diagnostic::Severity;
use crate::lint::rule::RuleInfo;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR103",
    name: "reading-speed",
    severity: Severity::Warning,
    summary: "a cue shown too briefly for its text: characters per second over the limit",
    explanation: "Viewers cannot finish reading (Netflix French: 17 characters per second, spaces and punctuation included). The message says whether the next cue leaves room to show it longer.",
    example: "60 characters shown for 2 s: 30 cps, limit 17",
};
