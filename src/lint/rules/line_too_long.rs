//! TR101 line-too-long: a subtitle line longer than the character limit.

use super::shown_lines;
use crate::lint::check::Lines;
use crate::lint::diagnostic::Diagnostic;
use crate::lint::diagnostic::Severity;
use crate::lint::rule::RuleInfo;
use crate::segment::Limits;
use crate::transcript::Cue;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR101",
    name: "line-too-long",
    severity: Severity::Warning,
    summary: "a subtitle line longer than the character limit",
    explanation: "Long lines are cut off or shrunk by players and read badly (Netflix: 42 characters; BBC: 37). Limits come from [subtitles] in transcrub.toml or the preset. `transcrub subtitles` rebuilds the cues; lint has no fix.",
    example: "a 55-character line, limit 42",
};

/// The part of each line past the limit.
pub fn check(cue: &Cue, limits: &Limits, lines: &Lines) -> Vec<Diagnostic> {
    shown_lines(cue)
        .filter_map(|(line, text)| {
            let width = crate::segment::width(&text);
            (width > limits.max_line_chars).then(|| {
                let source = lines.get(line);
                let end = source.chars().count() + 1;
                let start = end.saturating_sub(width - limits.max_line_chars).max(1);
                lines.diagnostic(
                    &RULE,
                    (line, start),
                    (line, end),
                    format!(
                        "line of {width} characters, limit {}",
                        limits.max_line_chars
                    ),
                    None,
                )
            })
        })
        .collect()
}
