//! TR004 repetition-loop: a line, cue or phrase repeated in a loop: the recogniser got stuck.

use crate::lint::diagnostic::Severity;
use crate::lint::rule::RuleInfo;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR004",
    name: "repetition-loop",
    severity: Severity::Error,
    summary: "a line, cue or phrase repeated in a loop: the recogniser got stuck",
    explanation: "A decoder that loses track repeats its last line or phrase (three times or more for lines and multi-word phrases, five for a single word). The fix keeps the first occurrence and removes the repeats.",
    example: "\"on y va on y va on y va on y va\" -> \"on y va\"",
};
