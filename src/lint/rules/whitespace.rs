//! TR008 whitespace: trailing or doubled spaces, runs of blank lines, text not in Unicode NFC.

use crate::change::{Change, Rule};
use crate::lint::check::Lines;
use crate::lint::diagnostic::Severity;
use crate::lint::diagnostic::{Diagnostic, Fix};
use crate::lint::rule::RuleInfo;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR008",
    name: "whitespace",
    severity: Severity::Info,
    summary: "trailing or doubled spaces, runs of blank lines, text not in Unicode NFC",
    explanation: "Invisible differences break search, diffs and dictionary matching (\"é\" written e + U+0301 does not match \"é\"). The fix normalises them exactly as `clean` does.",
    example: "\"le  projet \" -> \"le projet\"",
};

pub fn check(change: &Change, lines: &Lines) -> Option<Diagnostic> {
    let message = match change.rule {
        Rule::BlankLine => "blank line in a run of blank lines, or at an end".to_string(),
        Rule::UnicodeNfc => "text not in Unicode NFC (a letter and a separate accent)".to_string(),
        _ if change.before.trim_end() == change.after => "trailing spaces".to_string(),
        _ if change.before.len() == change.before.trim_end().len() => "doubled spaces".to_string(),
        _ => "doubled and trailing spaces".to_string(),
    };
    // `clean` reports where on the line the first fix is, with the whole
    // line before and after; the fix replaces the whole line.
    let mut whole = change.clone();
    if lines.get(change.line) == change.before {
        whole.column = 1;
    }
    Some(lines.of_change(&RULE, &whole, message, Some(Fix::safe(&change.after))))
}
