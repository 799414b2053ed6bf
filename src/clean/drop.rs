//! Whole lines removed by a dictionary's `drop_lines` (page chrome such as
//! "Signaler une erreur"), each one reported.

use crate::change::{Change, Rule};
use crate::dict::DropLine;

use super::decisions::Decisions;
use super::working::Working;

/// Removes matching lines; cues left with no line at all are removed.
/// A line a reviewer kept (`decisions`) stays.
pub(crate) fn drop_lines(
    cues: &mut Working,
    rules: &[DropLine],
    decisions: &Decisions,
    changes: &mut Vec<Change>,
) {
    if rules.is_empty() {
        return;
    }
    cues.retain(|cue, origin, _| {
        if cue.text.is_empty() {
            return true;
        }
        let mut kept_lines = Vec::new();
        let mut kept_origin = Vec::new();
        for (i, line) in cue.text.split('\n').enumerate() {
            let input_line = origin.line(i);
            let dropped = rules
                .iter()
                .any(|r| r.regex.is_match(line.trim()))
                .then(|| Change {
                    rule: Rule::DropLine,
                    line: input_line,
                    column: 1 + if i == 0 { origin.indent } else { 0 },
                    before: line.to_string(),
                    after: String::new(),
                    term: None,
                    score: None,
                    evidence: None,
                    end: None,
                });
            if let Some(change) = dropped.filter(|c| decisions.applies(c, true)) {
                changes.push(change);
            } else {
                kept_lines.push(line);
                kept_origin.push(input_line);
            }
        }
        if kept_lines.is_empty() {
            return false;
        }
        if kept_origin.len() != cue.text.split('\n').count() {
            cue.text = kept_lines.join("\n");
            origin.set_lines(kept_origin);
        }
        true
    });
}

/// Whether a rule takes `line` as it reads, or once its spaces and its
/// Unicode form are fixed (which cleaning does first): for the window
/// cuts, which must stay clear of a line that goes.
pub(super) fn may_drop(rules: &[DropLine], line: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    if rules.is_empty() {
        return false;
    }
    let settled: String = line.nfc().collect();
    let settled = settled.split_whitespace().collect::<Vec<_>>().join(" ");
    rules
        .iter()
        .any(|r| r.regex.is_match(line.trim()) || r.regex.is_match(&settled))
}
