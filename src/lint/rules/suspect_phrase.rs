//! TR003 suspect-phrase: a phrase that is often invented ("Merci.", "Musique") standing alone.

use crate::artifacts::{Artifacts, Class};
use crate::change::{Change, Rule};
use crate::lint::check::Lines;
use crate::lint::diagnostic::Severity;
use crate::lint::diagnostic::{Diagnostic, Fix};
use crate::lint::rule::RuleInfo;
use crate::transcript::Transcript;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR003",
    name: "suspect-phrase",
    severity: Severity::Warning,
    summary: "a phrase that is often invented (\"Merci.\", \"Musique\") standing alone",
    explanation: "Phrases from the `suspect` lists are real speech as often as not. With evidence (the file's edge, a long silence around it, Whisper's no_speech_prob or avg_logprob) `clean` removes them and the fix is safe; without evidence they are reported and left to a human, with no fix.",
    example: "a cue \"Merci.\" alone after 8 s of silence at the end of the file -> (removed)",
};

/// A suspect phrase `clean` removes: its evidence makes the fix safe.
pub fn check(change: &Change, lines: &Lines) -> Option<Diagnostic> {
    let message = format!(
        "{:?} with no speech around it: probably invented",
        change.before.trim()
    );
    Some(lines.of_change(&RULE, change, message, Some(Fix::safe(&change.after))))
}

/// Cues that are nothing but a suspect phrase, which `clean` keeps for want
/// of evidence: reported for a human to check, with no fix.
pub fn unevidenced(
    transcript: &Transcript,
    changes: &[Change],
    artifacts: &Artifacts,
    lines: &Lines,
) -> Vec<Diagnostic> {
    let removed = |line: usize| {
        changes.iter().any(|c| {
            c.line == line
                && matches!(
                    c.rule,
                    Rule::SuspectArtifact | Rule::Loop | Rule::PhraseLoop | Rule::Artifact
                )
        })
    };
    transcript
        .cues
        .iter()
        .filter(|cue| artifacts.classify_whole(&cue.text) == Some(Class::Suspect))
        .filter(|cue| !removed(cue.line))
        .map(|cue| {
            let text = cue.text.trim();
            // "Oui." alone is real speech as often as not: worth a look,
            // not a failed build.
            let column = lines
                .get(cue.line)
                .find(text)
                .map_or(1, |b| lines.get(cue.line)[..b].chars().count() + 1);
            let mut d = lines.diagnostic(
                &RULE,
                (cue.line, column),
                (cue.line, column + text.chars().count()),
                format!("{text:?} alone is often invented by the recogniser; check the audio"),
                None,
            );
            d.severity = Severity::Info;
            d
        })
        .collect()
}
