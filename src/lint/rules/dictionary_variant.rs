//! TR001 dictionary-variant: a variant listed in a dictionary: a known misrecognition of a name or term.

use crate::change::Change;
use crate::lint::check::Lines;
use crate::lint::diagnostic::Severity;
use crate::lint::diagnostic::{Diagnostic, Fix};
use crate::lint::rule::RuleInfo;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR001",
    name: "dictionary-variant",
    severity: Severity::Warning,
    summary: "a variant listed in a dictionary: a known misrecognition of a name or term",
    explanation: "The dictionary says this spelling is how the recogniser mangles one of the show's names or terms. The fix replaces it with the canonical, keeping a capital at the start of a sentence; it is safe because the variant is listed by a human.",
    example: "\"Aasio nous parle de la stick search\" -> \"Horacio nous parle de Elasticsearch\"",
};

pub fn check(change: &Change, lines: &Lines) -> Option<Diagnostic> {
    let canonical = change.term.as_deref().unwrap_or(&change.after);
    let message = format!(
        "{:?} is a known misrecognition of {:?}",
        change.before.replace('\n', " "),
        canonical
    );
    Some(lines.of_change(&RULE, change, message, Some(Fix::safe(&change.after))))
}
