//! TR101 line-too-long: a subtitle line longer than the character limit.

use crate::lint::diagnostic::Severity;
use crate::lint::rule::RuleInfo;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR101",
    name: "line-too-long",
    severity: Severity::Warning,
    summary: "a subtitle line longer than the character limit",
    explanation: "Long lines are cut off or shrunk by players and read badly (Netflix: 42 characters; BBC: 37). Limits come from [subtitles] in transcrub.toml or the preset. `transcrub subtitles` rebuilds the cues; lint has no fix.",
    example: "a 55-character line, limit 42",
};
