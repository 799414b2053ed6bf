//! TR202 not-utf8: the file is not UTF-8: it was read as Windows-1252.

use crate::lint::check::Lines;
use crate::lint::diagnostic::Diagnostic;
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

/// The whole file is concerned; the finding points at its first line.
/// No span fix: `transcrub clean` (or `lint --fix` when it rewrites the
/// file for other fixes) writes UTF-8.
pub fn check(warning: &str, lines: &Lines) -> Diagnostic {
    lines.whole_line(
        &RULE,
        1,
        format!("{warning}; `transcrub clean --in-place` rewrites it as UTF-8"),
        None,
    )
}
