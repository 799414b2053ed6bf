//! Word-highlight layouts: whisper's `--highlight_words` (`<u>`), stable-ts
//! (`<font color>`) and WhisperX write one cue per word, each showing the
//! whole line with the current word marked. Segmented as they are, the
//! line comes out once per word. A run of such cues is one line said once:
//! it becomes one cue over the run's time, without the marks, and each
//! marked word gives a word timing (its cue's time).
//!
//! Only runs where the marks differ collapse: two cues with the same
//! unmarked text and no mark are someone repeating themselves.

use crate::markup;
use crate::transcript::{Cue, Word};

/// A highlight mark: `<u>` or `<font ...>` opening a span.
fn highlighted(text: &str) -> Option<String> {
    // Nearly every cue has no tag at all.
    if !text.contains('<') {
        return None;
    }
    for open in ["<u>", "<font "] {
        if let Some(at) = text.find(open) {
            let inner_start = text[at..].find('>')? + at + 1;
            let close = if open == "<u>" { "</u>" } else { "</font>" };
            let inner_end = text[inner_start..].find(close)? + inner_start;
            return Some(markup::strip_tags(&text[inner_start..inner_end]));
        }
    }
    None
}

/// Whether the cue marks a highlighted word, as the word-highlight
/// layouts do; a transcript without one is segmented as it is.
pub fn is_highlighted(cue: &Cue) -> bool {
    highlighted(&cue.text).is_some()
}

/// The cues with each highlight run made one cue; None when there is none.
pub(super) fn collapse(cues: &[Cue]) -> Option<Vec<Cue>> {
    if !cues.iter().any(|c| highlighted(&c.text).is_some()) {
        return None;
    }
    let mut out: Vec<Cue> = Vec::with_capacity(cues.len());
    let mut i = 0;
    let mut collapsed = false;
    while i < cues.len() {
        let plain = markup::strip_tags(&cues[i].text);
        let mut j = i + 1;
        while j < cues.len()
            && markup::strip_tags(&cues[j].text) == plain
            && close_in_time(&cues[j - 1], &cues[j])
        {
            j += 1;
        }
        let run = &cues[i..j];
        let marks = run
            .iter()
            .filter(|c| highlighted(&c.text).is_some())
            .count();
        if run.len() < 2 || marks == 0 {
            out.push(cues[i].clone());
            i += 1;
            continue;
        }
        collapsed = true;
        let words: Vec<Word> = run
            .iter()
            .filter_map(|c| {
                let word = highlighted(&c.text)?;
                Some(Word::timed(format!(" {}", word.trim()), c.start?, c.end?))
            })
            .collect();
        out.push(Cue {
            start: run[0].start,
            end: run[j - i - 1].end,
            text: plain,
            words,
            ..run[0].clone()
        });
        i = j;
    }
    collapsed.then_some(out)
}

/// Highlight cues follow each other with at most a short gap.
fn close_in_time(a: &Cue, b: &Cue) -> bool {
    match (a.end, b.start) {
        (Some(end), Some(start)) => start.0 <= end.0 + 500,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timestamp::Timestamp;

    fn cue(s: u64, e: u64, text: &str) -> Cue {
        Cue::timed(Timestamp(s), Timestamp(e), text, 1)
    }

    #[test]
    fn a_highlight_run_is_one_line_with_word_times() {
        let cues = [
            cue(0, 400, "<u>Tu</u> as suivi"),
            cue(400, 700, "Tu <u>as</u> suivi"),
            cue(700, 750, "Tu as suivi"),
            cue(750, 1200, "Tu as <font color=\"#00ff00\">suivi</font>"),
            cue(1300, 1600, "le cours"),
        ];
        let out = collapse(&cues).unwrap();
        assert_eq!(out.len(), 2);
        assert_eq!(
            (out[0].text.as_str(), out[0].start, out[0].end),
            ("Tu as suivi", Some(Timestamp(0)), Some(Timestamp(1200)))
        );
        let words: Vec<_> = out[0]
            .words
            .iter()
            .map(|w| (w.text.as_str(), w.start.unwrap().0))
            .collect();
        assert_eq!(words, [(" Tu", 0), (" as", 400), (" suivi", 750)]);
    }

    #[test]
    fn repeated_lines_without_marks_stay() {
        let cues = [
            cue(0, 400, "Non !"),
            cue(400, 800, "Non !"),
            cue(900, 1000, "<u>x</u>"),
        ];
        let out = collapse(&cues).unwrap_or_else(|| cues.to_vec());
        assert_eq!(out.len(), 3);
    }
}
