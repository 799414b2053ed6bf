//! TR103 reading-speed: a cue shown too briefly for its text: characters per second over the limit.

use super::{shown_lines, timing_line};
use crate::lint::check::Lines;
use crate::lint::diagnostic::Diagnostic;
use crate::lint::diagnostic::Severity;
use crate::lint::rule::RuleInfo;
use crate::segment::Limits;
use crate::transcript::Cue;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR103",
    name: "reading-speed",
    severity: Severity::Warning,
    summary: "a cue shown too briefly for its text: characters per second over the limit",
    explanation: "Viewers cannot finish reading (Netflix French: 17 characters per second). Counted as Subtitle Edit does by default: spaces and punctuation count, tags and line breaks do not (`cps-line-breaks = true` in transcrub.toml's [subtitles] counts line breaks, for `subtitles` and `lint` alike). The message says whether the next cue leaves room to show it longer.",
    example: "60 characters shown for 2 s: 30 cps, limit 17",
};

pub fn check(cue: &Cue, next: Option<&Cue>, limits: &Limits, lines: &Lines) -> Option<Diagnostic> {
    let (start, end) = (cue.start?.0, cue.end?.0);
    let shown: Vec<String> = shown_lines(cue).map(|(_, t)| t.to_string()).collect();
    let cps = crate::reading_speed::cps(
        &shown.join("\n"),
        end.saturating_sub(start),
        limits.line_breaks,
    );
    if cps <= limits.max_cps + 0.01 {
        return None;
    }
    let room = match next.and_then(|n| n.start) {
        Some(next) => {
            let room = next.0.saturating_sub(end + limits.min_gap_ms);
            if room == 0 {
                "; the next cue leaves no room to show it longer".to_string()
            } else {
                format!("; the next cue leaves {room} ms to show it longer")
            }
        }
        None => "; nothing follows, it can be shown longer".to_string(),
    };
    Some(lines.whole_line(
        &RULE,
        timing_line(cue),
        format!(
            "{cps:.1} characters per second, limit {}{room}",
            limits.max_cps
        ),
        None,
    ))
}
