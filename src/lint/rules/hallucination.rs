//! TR002 hallucination: invented text: a credit or outro the recogniser learned from subtitles, not speech.

use crate::change::Change;
use crate::lint::check::Lines;
use crate::lint::diagnostic::Severity;
use crate::lint::diagnostic::{Diagnostic, Fix};
use crate::lint::rule::RuleInfo;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR002",
    name: "hallucination",
    severity: Severity::Error,
    summary: "invented text: a credit or outro the recogniser learned from subtitles, not speech",
    explanation: "Whisper and its kin write credits seen in their training data (\"Sous-titres réalisés par la communauté d'Amara.org\", \"Thanks for watching!\") over silence or music. They are in the built-in `always` lists (dictionaries/artifacts/) or the dictionary's [artifacts] phrases. The fix removes them.",
    example: "\"Sous-titres réalisés par la communauté d'Amara.org\" -> (removed)",
};

pub fn check(change: &Change, lines: &Lines) -> Option<Diagnostic> {
    let message = format!("invented text, not speech: {:?}", change.before.trim());
    Some(lines.of_change(&RULE, change, message, Some(Fix::safe(&change.after))))
}
