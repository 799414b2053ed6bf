//! Otter.ai's text export (read/otter.rs). Read from one, each turn goes
//! back after the lines that stood before it (its header among them), so
//! the file comes back byte for byte but for what was cleaned. From
//! another format, each cue is a turn as Otter writes one: the speaker
//! (Otter's "Unknown Speaker" when the source names none), two spaces,
//! the start, two spaces; the text, less a label naming the speaker; a
//! blank line.

use std::fmt::Write;

use crate::format::Format;
use crate::markup;
use crate::timestamp::Timestamp;
use crate::transcript::Transcript;

pub fn render(transcript: &Transcript) -> String {
    let from_otter = transcript.format == Format::Otter;
    let mut out = String::new();
    for cue in &transcript.cues {
        if from_otter {
            for note in &cue.notes {
                out.push_str(note);
                out.push('\n');
            }
            out.push_str(&cue.text);
            out.push('\n');
            continue;
        }
        let Some(start) = cue.start else {
            continue;
        };
        // The header names the speaker: a label in the text would name
        // them twice (`[SPEAKER_00]: `, Zoom's `Name: `).
        let text = markup::strip_tags(crate::speaker::unlabelled(cue).trim());
        if text.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        let speaker = cue
            .speaker
            .as_deref()
            .unwrap_or(crate::read::otter::UNKNOWN);
        let _ = writeln!(out, "{speaker}  {}  \n{text}", time(start));
    }
    for note in transcript.epilogue.iter().filter(|_| from_otter) {
        out.push_str(note);
        out.push('\n');
    }
    out
}

/// `0:34`, `55:21`, `1:02:03`: minutes unpadded, hours only past the first.
fn time(t: Timestamp) -> String {
    let seconds = t.0 / 1000;
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use crate::read::{Mode, parse};

    #[test]
    fn an_export_comes_back_byte_for_byte() {
        let export = "Emma  0:00  \nBonjour.\n\nUnknown Speaker  0:35  \nSalut.\nÇa va ?\n\n\nKelly  1:02:03  \nOui.\n\nTranscribed by https://otter.ai\n";
        let t = parse(export, crate::Format::Otter, Mode::Strict)
            .unwrap()
            .transcript;
        assert_eq!(super::render(&t), export);
    }

    #[test]
    fn another_format_is_written_a_turn_a_cue_its_label_in_the_header() {
        let srt = "1\n00:00:01,500 --> 00:00:04,000\n[SPEAKER_00]: Bonjour.\n\n2\n00:00:04,000 --> 00:00:05,000\n<i>Merci.</i>\n";
        let t = parse(srt, crate::Format::Srt, Mode::Strict)
            .unwrap()
            .transcript;
        assert_eq!(
            super::render(&t),
            "SPEAKER_00  0:01  \nBonjour.\n\nUnknown Speaker  0:04  \nMerci.\n"
        );
    }

    #[test]
    fn times_are_written_as_otter_writes_them() {
        assert_eq!(super::time(crate::Timestamp(34_999)), "0:34");
        assert_eq!(super::time(crate::Timestamp(3_321_000)), "55:21");
        assert_eq!(super::time(crate::Timestamp(3_723_000)), "1:02:03");
    }
}
