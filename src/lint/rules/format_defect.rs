//! TR203 format-defect: a defect of the file format that readers disagree on (wrong SRT index, `->` arrow...).

use crate::error::Error;
use crate::lint::check::Lines;
use crate::lint::diagnostic::Diagnostic;
use crate::lint::diagnostic::Severity;
use crate::lint::rule::RuleInfo;

/// TR203: its code, name, default severity and example.
pub const RULE: RuleInfo = RuleInfo {
    code: "TR203",
    name: "format-defect",
    severity: Severity::Warning,
    summary: "a defect of the file format that readers disagree on (wrong SRT index, `->` arrow...)",
    explanation: "Players are stricter or looser than one another; what one shows another skips. The lenient reader repaired it; the fix writes the repaired file.",
    example: "\"00:00:01,000 -> 00:00:02,000\" -> \"00:00:01,000 --> 00:00:02,000\"",
};

/// What the lenient reader repaired, at its position. No span fix: the
/// repaired file is written by `transcrub clean` (or by `lint --fix` when
/// it rewrites the file for other fixes).
pub fn check(defect: &Error, lines: &Lines) -> Diagnostic {
    let line = defect.line.unwrap_or(1);
    let column = defect.column.unwrap_or(1);
    let end = lines.get(line).chars().count() + 1;
    lines.diagnostic(
        &RULE,
        (line, column),
        (line, end.max(column + 1)),
        defect.message.clone(),
        None,
    )
}

/// A file that cannot be read as a transcript at all: `lint` and the
/// Python module report it as a finding (the engine's `Linter` gets
/// parsed files).
pub fn unreadable(error: &Error, lines: &Lines) -> Diagnostic {
    let mut d = check(error, lines);
    d.severity = Severity::Error;
    d.message = format!("cannot be read: {}", error.message);
    d
}
