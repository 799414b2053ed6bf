//! TR201 mojibake: text decoded with the wrong encoding ("Ã©" for "é").

use crate::lint::diagnostic::Severity;
use crate::lint::rule::RuleInfo;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR201",
    name: "mojibake",
    severity: Severity::Error,
    summary: "text decoded with the wrong encoding (\"Ã©\" for \"é\")",
    explanation: "UTF-8 text read once as Windows-1252 or Latin-1 turns every accented letter into two or three characters. The fix re-decodes the span; it is unsafe because a few such sequences are legitimate.",
    example: "\"rÃ©union\" -> \"réunion\" (unsafe)",
};
