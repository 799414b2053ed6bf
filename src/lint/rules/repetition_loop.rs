//! TR004 repetition-loop: a line, cue or phrase repeated in a loop: the recogniser got stuck.

use crate::change::{Change, Rule};
use crate::lint::check::Lines;
use crate::lint::diagnostic::Severity;
use crate::lint::diagnostic::{Diagnostic, Fix};
use crate::lint::rule::RuleInfo;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR004",
    name: "repetition-loop",
    severity: Severity::Error,
    summary: "a line, cue or phrase repeated in a loop: the recogniser got stuck",
    explanation: "A decoder that loses track repeats its last line or phrase (three times or more for lines and multi-word phrases, five for a single word). The fix keeps the first occurrence and removes the repeats.",
    example: "\"on y va on y va on y va on y va\" -> \"on y va\"",
};

pub fn check(change: &Change, lines: &Lines) -> Option<Diagnostic> {
    let what = if change.rule == Rule::Loop {
        "line repeating the one before it in a loop"
    } else {
        "phrase repeated in a loop"
    };
    let message = format!("{what}: {:?}", change.before.trim());
    Some(lines.of_change(&RULE, change, message, Some(Fix::safe(&change.after))))
}
