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
    explanation: "Phrases from the `suspect` lists are real speech as often as not. With strong evidence (Whisper's no_speech_prob, avg_logprob or compression_ratio; a segment too short to say it; a credit beside it; the same phrase alone after long silences again and again; the tail after the last speech) `clean` removes them and the fix is safe. With weak evidence (alone between silences, beside a credit with no silence before the speech, a single cue too short for its word, Whisper unsure on one score) the finding is an info note with an unsafe fix (`--fix --unsafe-fixes`, or `clean --aggressive-loops`); without evidence, an info note with no fix.",
    example: "a cue \"Merci.\" alone after 8 s of silence at the end of the file -> (removed)",
};

/// A suspect phrase `clean` removes (its evidence makes the fix safe), or
/// only proposes (weak evidence: the fix is unsafe).
pub fn check(change: &Change, lines: &Lines) -> Option<Diagnostic> {
    let evidence = change.evidence.as_deref().unwrap_or("no speech around it");
    if change.rule == Rule::SuspectSuggestion {
        // Weak evidence: a note to check the audio, not a failed build.
        let message = format!("{:?} may be invented: {evidence}", change.before.trim());
        let mut d = lines.of_change(&RULE, change, message, Some(Fix::unsafe_(&change.after)));
        d.severity = Severity::Info;
        return Some(d);
    }
    let message = format!("{:?} is invented: {evidence}", change.before.trim());
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
    // A cue `clean` removed or proposes to remove has its finding already:
    // the change stands where its text does.
    let removed = |(line, column): (usize, usize), exact: bool| {
        changes.iter().any(|c| {
            c.line == line
                && (!exact || c.column == column)
                && matches!(
                    c.rule,
                    Rule::SuspectArtifact
                        | Rule::SuspectSuggestion
                        | Rule::Loop
                        | Rule::LoopSuggestion
                        | Rule::PhraseLoop
                        | Rule::Artifact
                )
        })
    };
    transcript
        .cues
        .iter()
        .filter(|cue| artifacts.classify_whole(&cue.text) == Some(Class::Suspect))
        .filter_map(|cue| {
            let text = cue.text.trim();
            // Where the text stands: a JSON or XML cue knows it (many cues
            // share the one line of a minified document); else it is
            // found in its line.
            let lead = cue.text.len() - cue.text.trim_start().len();
            let known = cue.places.as_ref().and_then(|p| p.place(&cue.text, lead));
            let (line, column) = known.unwrap_or_else(|| {
                let column = lines
                    .get(cue.line)
                    .find(text)
                    .map_or(1, |b| lines.get(cue.line)[..b].chars().count() + 1);
                (cue.line, column)
            });
            if removed((line, column), known.is_some()) {
                return None;
            }
            // "Oui." alone is real speech as often as not: worth a look,
            // not a failed build.
            let mut d = lines.diagnostic(
                &RULE,
                (line, column),
                (line, column + text.chars().count()),
                format!("{text:?} alone is often invented by the recogniser; check the audio"),
                None,
            );
            d.severity = Severity::Info;
            Some(d)
        })
        .collect()
}
