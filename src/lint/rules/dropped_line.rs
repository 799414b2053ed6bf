//! TR007 dropped-line: a line the dictionary's drop_lines says is not transcript (page chrome).

use crate::change::Change;
use crate::lint::check::Lines;
use crate::lint::diagnostic::Severity;
use crate::lint::diagnostic::{Diagnostic, Fix};
use crate::lint::rule::RuleInfo;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR007",
    name: "dropped-line",
    severity: Severity::Warning,
    summary: "a line the dictionary's drop_lines says is not transcript (page chrome)",
    explanation: "Scraped pages carry navigation and buttons (\"Signaler une erreur\"). The dictionary's [artifacts] drop_lines lists them as patterns; the fix removes the line.",
    example: "\"Signaler une erreur\" -> (removed)",
};

pub fn check(change: &Change, lines: &Lines) -> Option<Diagnostic> {
    let message = format!(
        "not transcript (the dictionary's drop_lines): {:?}",
        change.before.trim()
    );
    Some(lines.of_change(&RULE, change, message, Some(Fix::safe(&change.after))))
}
