//! TR005 possible-misrecognition: a span that sounds like a dictionary name but is not listed (fuzzy match).

use crate::change::Change;
use crate::lint::check::Lines;
use crate::lint::diagnostic::Severity;
use crate::lint::diagnostic::{Diagnostic, Fix};
use crate::lint::rule::RuleInfo;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR005",
    name: "possible-misrecognition",
    severity: Severity::Warning,
    summary: "a span that sounds like a dictionary name but is not listed (fuzzy match)",
    explanation: "Reserved for the fuzzy and phonetic matcher: a span close in sound and spelling to a canonical, that the dictionary does not list. Its fix is unsafe: a wrong correction is worse than none. Found with --fuzzy; needs a Hunspell lexicon (--lexicon, or hunspell-fr/hunspell-en-us installed) to tell names from ordinary words.",
    example: "\"Yann Lequin\" -> \"Yann LeCun\" (unsafe)",
};

/// A fuzzy candidate, applied by `clean --fuzzy` or only suggested: the
/// fix is unsafe either way.
pub fn check(change: &Change, lines: &Lines) -> Option<Diagnostic> {
    let canonical = change.term.as_deref().unwrap_or(&change.after);
    let message = format!(
        "{:?} sounds like {:?} ({}% sure); not in the dictionary",
        change.before.replace('\n', " "),
        canonical,
        change.score.unwrap_or(0)
    );
    Some(lines.of_change(&RULE, change, message, Some(Fix::unsafe_(&change.after))))
}
