//! TR202 not-utf8: the file is not UTF-8: it was read as Windows-1252.

use crate::lint::diagnostic::Severity;
use crate::lint::rule::RuleInfo;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR202",
    name: "not-utf8",
    severity: Severity::Warning,
    summary: "the file is not UTF-8: it was read as Windows-1252",
    explanation: "Players and the web expect UTF-8. transcrub read the bytes as Windows-1252, the usual encoding of older French subtitles; the fix writes the file back as UTF-8.",
    example: "a file saved by an old subtitle editor in Windows-1252 -> the same text in UTF-8",
};
