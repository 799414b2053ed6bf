//! TR008 whitespace: trailing or doubled spaces, runs of blank lines, text not in Unicode NFC.

use crate::lint::diagnostic::Severity;
use crate::lint::rule::RuleInfo;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR008",
    name: "whitespace",
    severity: Severity::Info,
    summary: "trailing or doubled spaces, runs of blank lines, text not in Unicode NFC",
    explanation: "Invisible differences break search, diffs and dictionary matching (\"é\" written e + U+0301 does not match \"é\"). The fix normalises them exactly as `clean` does.",
    example: "\"le  projet \" -> \"le projet\"",
};
