//! TR102 too-many-lines: a cue with more lines than allowed.

use crate::lint::diagnostic::Severity;
use crate::lint::rule::RuleInfo;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR102",
    name: "too-many-lines",
    severity: Severity::Error,
    summary: "a cue with more lines than allowed",
    explanation: "Three or more lines cover the picture (Netflix and BBC: 2). `transcrub subtitles` rebuilds the cues; lint has no fix.",
    example: "a cue of 3 lines, limit 2",
};
