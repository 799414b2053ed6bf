//! TR003 suspect-phrase: a phrase that is often invented ("Merci.", "Musique") standing alone.

use crate::lint::diagnostic::Severity;
use crate::lint::rule::RuleInfo;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR003",
    name: "suspect-phrase",
    severity: Severity::Warning,
    summary: "a phrase that is often invented (\"Merci.\", \"Musique\") standing alone",
    explanation: "Phrases from the `suspect` lists are real speech as often as not. With evidence (the file's edge, a long silence around it, Whisper's no_speech_prob or avg_logprob) `clean` removes them and the fix is safe; without evidence they are reported and left to a human, with no fix.",
    example: "a cue \"Merci.\" alone after 8 s of silence at the end of the file -> (removed)",
};
