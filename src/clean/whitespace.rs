//! Whitespace normalisation, the only rewriting `clean` does besides the
//! dictionary and dropped lines, and reported like them: trailing spaces,
//! doubled spaces inside a line, Unicode NFC, and (plain text) runs of
//! blank lines and blank lines at the ends of the file.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::change::{Change, Rule};
use crate::transcript::Cue;

use super::origin::{BeforeDeletions, Origin};
use super::working::Working;

/// Plain text only: a blank line after a blank line, or at the start or
/// end of the file, is removed.
pub(crate) fn collapse_blank_lines(cues: &mut Working, changes: &mut Vec<Change>) {
    let mut previous_blank = true; // the start of the file counts as blank
    cues.retain(|cue, _, _| {
        let blank = cue.text.trim().is_empty();
        if blank && previous_blank {
            changes.push(blank_line_change(cue));
            return false;
        }
        previous_blank = blank;
        true
    });
    while cues.cues.last().is_some_and(|c| c.text.trim().is_empty()) {
        if let Some(cue) = cues.pop() {
            changes.push(blank_line_change(&cue));
        }
    }
}

fn blank_line_change(cue: &Cue) -> Change {
    Change {
        rule: Rule::BlankLine,
        line: cue.line,
        column: 1,
        before: cue.text.clone(),
        after: String::new(),
        term: None,
        score: None,
        evidence: None,
        end: None,
    }
}

/// Whether every character of some UTF-8 is below U+0300, where the
/// combining marks begin: such text is in NFC (every character is NFC
/// whole and of combining class 0), and most lines of European speech
/// are. Their UTF-8 lead bytes are all under 0xCC, so the bytes say it
/// without decoding, many at a time, and a piece cut inside a character
/// answers for the characters it holds whole.
fn below_combining_marks(bytes: &[u8]) -> bool {
    crate::byte_counts::all(bytes, |b| b < 0xcc)
}

/// Bytes of text asked `below_combining_marks` at a time by `in_nfc`.
const NFC_RUN: usize = 64;

/// Whether `text` is in NFC for sure (the quick check's "yes"). Only the
/// runs of `NFC_RUN` bytes with a character at or above U+0300 are asked
/// the quick check, with their neighbours that hold one too: a character
/// below it is NFC whole and of combining class 0, which is all the check
/// carries from one character to the next, so the pieces between answer as
/// the whole text would. A cue several megabytes long with one "’" in every
/// few thousand words was decoded whole, a twelfth of its cleaning.
fn in_nfc(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut run = 0;
    while run < bytes.len() {
        let end = (run + NFC_RUN).min(bytes.len());
        if below_combining_marks(&bytes[run..end]) {
            run = end;
            continue;
        }
        // The runs next to it that hold one too, then out to the
        // characters' boundaries.
        let mut to = end;
        while to < bytes.len() {
            let next = (to + NFC_RUN).min(bytes.len());
            if below_combining_marks(&bytes[to..next]) {
                break;
            }
            to = next;
        }
        let from = (0..=run)
            .rev()
            .find(|&k| text.is_char_boundary(k))
            .unwrap_or(0);
        let to = (to..=bytes.len())
            .find(|&k| text.is_char_boundary(k))
            .unwrap_or(bytes.len());
        if is_nfc_quick(text[from..to].chars()) != IsNormalized::Yes {
            return false;
        }
        run = to;
    }
    true
}

/// NFC, then trailing spaces and doubled spaces, line by line. Leading
/// indentation and single non-breaking spaces (French typography) are kept.
pub(crate) fn normalise(cue: &mut Cue, origin: &mut Origin, changes: &mut Vec<Change>) {
    if !in_nfc(&cue.text) {
        let nfc: String = cue.text.nfc().collect();
        if nfc != cue.text {
            for (i, (old, new)) in cue.text.split('\n').zip(nfc.split('\n')).enumerate() {
                if old != new {
                    let column = old
                        .chars()
                        .zip(new.chars())
                        .take_while(|(a, b)| a == b)
                        .count()
                        + 1;
                    changes.push(Change {
                        rule: Rule::UnicodeNfc,
                        line: origin.line(i),
                        column,
                        before: old.to_string(),
                        after: new.to_string(),
                        term: None,
                        score: None,
                        evidence: None,
                        end: None,
                    });
                }
            }
            cue.text = nfc;
        }
    }
    if !needs_spacing_fix(&cue.text) {
        return;
    }
    let before = cue.text.clone();
    let mut out = String::with_capacity(before.len());
    let mut deletions = Vec::new();
    for (i, line) in before.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line_start_out = out.len();
        let trimmed_end = line.trim_end();
        let indent = trimmed_end.len() - trimmed_end.trim_start().len();
        out.push_str(&trimmed_end[..indent]);
        let mut first_fix: Option<usize> = None;
        let mut last_space = false;
        for (at, c) in trimmed_end[indent..].char_indices() {
            if c == ' ' && last_space {
                deletions.push((out.len(), 1));
                first_fix.get_or_insert(indent + at);
                continue;
            }
            last_space = c == ' ';
            out.push(c);
        }
        if trimmed_end.len() < line.len() {
            deletions.push((out.len(), line.len() - trimmed_end.len()));
            first_fix.get_or_insert(trimmed_end.len());
        }
        if let Some(at) = first_fix {
            let column = line[..at].chars().count() + 1 + if i == 0 { origin.indent } else { 0 };
            changes.push(Change {
                rule: Rule::Whitespace,
                line: origin.line(i),
                column,
                before: line.to_string(),
                after: out[line_start_out..].to_string(),
                term: None,
                score: None,
                evidence: None,
                end: None,
            });
        }
    }
    // Deletions at the same output offset add up when mapping positions.
    origin.before_deletions = Some(Box::new(BeforeDeletions::new(before, deletions)));
    cue.text = out;
}

/// Whether a space is doubled or a line ends in white space.
fn needs_spacing_fix(text: &str) -> bool {
    text.contains("  ")
        || crate::newlines::split(text)
            .any(|l| l.chars().next_back().is_some_and(char::is_whitespace))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text the NFC test skips is exactly the characters below the
    /// combining marks, and each of them is NFC on its own.
    #[test]
    fn text_below_the_combining_marks_is_in_nfc() {
        for c in ('\0'..='\u{3ff}').chain(['\u{1e9b}', '\u{212b}', '\u{ac00}']) {
            let text = c.to_string();
            assert_eq!(
                below_combining_marks(text.as_bytes()),
                c < '\u{300}',
                "{c:?}"
            );
            if c < '\u{300}' {
                assert_eq!(is_nfc_quick(text.chars()), IsNormalized::Yes, "{c:?}");
            }
        }
        assert!(!below_combining_marks("e\u{301}".as_bytes()));
        let (text, changes) = run("Cafe\u{301} cre\u{300}me");
        assert_eq!(text, "Café crème");
        assert_eq!(changes.len(), 1);
    }

    /// Asked a run at a time, the text is in NFC when the quick check of
    /// the whole says so, and only then: combining marks in and out of
    /// order, alone or after their letter, on either side of a run's end,
    /// among Hangul, "’" and letters below U+0300.
    #[test]
    fn nfc_asked_a_run_at_a_time_is_nfc_asked_whole() {
        let pieces = [
            "e", "é", "\u{301}", "\u{323}", "’", "\u{ac00}", "\u{1100}", "\u{1161}", "ab ",
            "\u{212b}", "\u{344}", "c\u{327}",
        ];
        let (mut yes, mut no) = (0, 0);
        for text in crate::test_strings::strings_of(&pieces, 5, 30_000) {
            // Again after a pad, and twice: across a run's end, at places
            // that vary with the text.
            let padded = format!("{}{text}{}", "x".repeat(text.len() % 70), text);
            for text in [&text, &padded] {
                let whole = is_nfc_quick(text.chars()) == IsNormalized::Yes;
                assert_eq!(in_nfc(text), whole, "{text:?}");
                (yes, no) = if whole { (yes + 1, no) } else { (yes, no + 1) };
            }
        }
        assert!(yes > 2_000 && no > 50_000, "{yes} {no}");
        // Hebrew points (classes 10 and 11, each NFC alone) out of order,
        // on either side of every run's end.
        for pad in 0..=3 * NFC_RUN {
            for pair in [
                "\u{5b1}\u{5b0}",
                "\u{5b0}\u{5b1}",
                "\u{5b1}’\u{5b0}",
                "\u{1100}\u{1161}",
            ] {
                let text = format!("{}{pair}{}", "x".repeat(pad), "y".repeat(NFC_RUN));
                let whole = is_nfc_quick(text.chars()) == IsNormalized::Yes;
                assert_eq!(in_nfc(&text), whole, "{text:?}");
            }
        }
    }

    fn run(text: &str) -> (String, Vec<Change>) {
        let mut cue = Cue::untimed(text, 1);
        let mut origin = Origin::new(1, 0);
        let mut changes = Vec::new();
        normalise(&mut cue, &mut origin, &mut changes);
        (cue.text, changes)
    }

    #[test]
    fn trailing_and_doubled_spaces_go_indentation_and_nbsp_stay() {
        let (text, changes) = run("  a  b \t\nc\u{a0}: d");
        assert_eq!(text, "  a b\nc\u{a0}: d");
        assert_eq!(changes.len(), 1);
        assert_eq!((changes[0].line, changes[0].column), (1, 5));
    }

    #[test]
    fn nfd_becomes_nfc() {
        let (text, changes) = run("e\u{301}lastique");
        assert_eq!(text, "élastique");
        assert_eq!(changes[0].rule, Rule::UnicodeNfc);
    }

    #[test]
    fn clean_text_is_untouched() {
        assert_eq!(run("déjà vu").1, []);
    }
}
