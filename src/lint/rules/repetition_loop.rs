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
    explanation: "A decoder that loses track repeats its last line or phrase. People repeat too (\"non non non non\", a chorus), so the counts come from real transcripts: a word 12 times or more in a row, a phrase 5 times, a line 10 times, or fewer with evidence (Whisper's compression_ratio, copies too short to say, copies alone after long silences). Those are errors with a safe fix that keeps the first copy. Shorter runs past what people usually say (a word 9 times, a phrase 4, a line 3) are warnings with an unsafe fix: a person should listen.",
    example: "\"on y va on y va on y va on y va on y va\" -> \"on y va\"",
};

/// A loop `clean` removes (an error with a safe fix), or only proposes (a
/// warning with an unsafe fix).
pub fn check(change: &Change, lines: &Lines) -> Option<Diagnostic> {
    let what = match change.rule {
        Rule::Loop | Rule::LoopSuggestion => "line repeating the one before it",
        _ => "phrase repeated",
    };
    let evidence = change.evidence.as_deref().unwrap_or("a loop");
    let message = format!("{what}: {:?}; {evidence}", change.before.trim());
    let suggested = change.rule.is_suggestion();
    let fix = if suggested {
        Fix::unsafe_(&change.after)
    } else {
        Fix::safe(&change.after)
    };
    let mut d = lines.of_change(&RULE, change, message, Some(fix));
    if suggested {
        d.severity = Severity::Warning;
    }
    Some(d)
}
