//! TR006 not-speech: a passage that is probably not speech in the transcript's language.

use crate::lint::diagnostic::Severity;
use crate::lint::rule::RuleInfo;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR006",
    name: "not-speech",
    severity: Severity::Warning,
    summary: "a passage that is probably not speech in the transcript's language",
    explanation: "A long line with none of the language's common words but several of another language's, or letters of another script (Han, Cyrillic, Hangul...) in a transcript of a Latin-script language, is usually a hallucination over music or a song, or the recogniser switching language. Reported for a human; there is no fix.",
    example: "in a French transcript: \"thank you so much for all the support you give to the channel\"",
};
