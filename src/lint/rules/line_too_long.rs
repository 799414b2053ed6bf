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
                let start = overflow_column(source, limits.max_line_chars).unwrap_or(1);
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

/// The column (in characters of the source line) of the first character a
/// viewer sees past `max`: tags are not seen, a letter and its combining
/// accent are one character on screen.
fn overflow_column(source: &str, max: usize) -> Option<usize> {
    use unicode_segmentation::UnicodeSegmentation;
    let tags: Vec<std::ops::Range<usize>> = crate::markup::tags(source).collect();
    source
        .grapheme_indices(true)
        .filter(|(at, _)| !tags.iter().any(|t| t.contains(at)))
        .nth(max)
        .map(|(at, _)| source[..at].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::overflow_column;

    #[test]
    fn the_overflow_starts_after_what_the_viewer_sees() {
        assert_eq!(overflow_column("abcdef", 4), Some(5));
        assert_eq!(overflow_column("<i>abcdef</i>", 4), Some(8));
        // "é" as e + U+0301 is one character on screen, two in the file.
        assert_eq!(overflow_column("e\u{301}bcdef", 4), Some(6));
        assert_eq!(overflow_column("abc", 4), None);
    }
}
