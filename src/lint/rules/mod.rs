//! One file per rule: its entry in the rule table and its check.

use super::rule::RuleInfo;

pub(crate) mod cue_order;
pub(crate) mod cue_too_long;
pub(crate) mod cue_too_short;
pub(crate) mod dictionary_variant;
pub(crate) mod dropped_line;
pub(crate) mod empty_cue;
pub mod format_defect;
pub(crate) mod gap_too_small;
pub(crate) mod hallucination;
pub(crate) mod line_too_long;
pub(crate) mod mojibake;
pub(crate) mod not_speech;
pub(crate) mod not_utf8;
pub(crate) mod possible_misrecognition;
pub(crate) mod reading_speed;
pub(crate) mod repetition_loop;
pub(crate) mod suspect_phrase;
pub(crate) mod too_many_lines;
pub(crate) mod whitespace;

/// Every rule, in code order.
pub static ALL: &[&RuleInfo] = &[
    &dictionary_variant::RULE,
    &hallucination::RULE,
    &suspect_phrase::RULE,
    &repetition_loop::RULE,
    &possible_misrecognition::RULE,
    &not_speech::RULE,
    &dropped_line::RULE,
    &whitespace::RULE,
    &line_too_long::RULE,
    &too_many_lines::RULE,
    &reading_speed::RULE,
    &cue_too_short::RULE,
    &cue_too_long::RULE,
    &cue_order::RULE,
    &gap_too_small::RULE,
    &empty_cue::RULE,
    &mojibake::RULE,
    &not_utf8::RULE,
    &format_defect::RULE,
];

/// The subtitle rules over a file's cues, in order.
pub fn subtitle_checks(
    transcript: &crate::transcript::Transcript,
    limits: &crate::segment::Limits,
    lines: &crate::lint::check::Lines,
) -> Vec<crate::lint::Diagnostic> {
    let cues = &transcript.cues;
    let mut found = Vec::new();
    for (k, cue) in cues.iter().enumerate() {
        found.extend(empty_cue::check(cue, lines));
        found.extend(line_too_long::check(cue, limits, lines));
        found.extend(too_many_lines::check(cue, limits, lines));
        found.extend(reading_speed::check(cue, cues.get(k + 1), limits, lines));
        found.extend(cue_too_short::check(cue, limits, lines));
        found.extend(cue_too_long::check(cue, limits, lines));
        if let Some(previous) = k.checked_sub(1).map(|p| &cues[p]) {
            found.extend(cue_order::check(previous, cue, lines));
            found.extend(gap_too_small::check(previous, cue, limits, lines));
        }
    }
    found
}

/// The lines a cue shows, tags removed, with their 1-based line numbers.
fn shown_lines(cue: &crate::transcript::Cue) -> impl Iterator<Item = (usize, String)> + '_ {
    cue.text
        .split('\n')
        .enumerate()
        .map(move |(k, l)| (cue.line + k, crate::markup::strip_tags(l)))
        .filter(|(_, l)| !l.trim().is_empty())
}

/// The line of a cue's timing: the one before its text.
fn timing_line(cue: &crate::transcript::Cue) -> usize {
    cue.line.saturating_sub(1).max(1)
}

/// The rule with this code.
pub fn by_code(code: &str) -> Option<&'static RuleInfo> {
    ALL.iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes: Vec<&str> = ALL.iter().map(|r| r.code).collect();
        codes.dedup();
        assert_eq!(codes.len(), ALL.len(), "sorted and unique");
        for r in ALL {
            assert!(r.code.len() == 5 && r.code.starts_with("TR"), "{}", r.code);
            assert!(
                r.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            );
            assert!(ALL.iter().filter(|o| o.name == r.name).count() == 1);
            assert!(!r.summary.ends_with('.'));
        }
        assert_eq!(by_code("tr001").map(|r| r.name), Some("dictionary-variant"));
    }
}
