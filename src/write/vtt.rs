//! WebVTT: `WEBVTT` first, the source's header and STYLE/REGION blocks kept,
//! `.` before milliseconds, `&`, `<` and `>` escaped outside tags.

use crate::format::Format;
use crate::markup;
use crate::timestamp::Timestamp;
use crate::transcript::Transcript;

use super::{display_lines, written};

pub fn render(transcript: &Transcript) -> String {
    let mut out = String::new();
    let from_vtt = transcript.format == Format::Vtt;
    if from_vtt
        && transcript
            .preamble
            .first()
            .is_some_and(|p| p.starts_with("WEBVTT"))
    {
        for block in &transcript.preamble {
            out.push_str(block);
            out.push_str("\n\n");
        }
    } else {
        out.push_str("WEBVTT\n\n");
    }
    for cue in &transcript.cues {
        let (Some(start), Some(end)) = (cue.start, cue.end) else {
            continue;
        };
        if !written(transcript, cue, Format::Vtt) {
            continue;
        }
        for note in &cue.notes {
            out.push_str(note);
            out.push_str("\n\n");
        }
        if let Some(id) = cue.id.as_deref().filter(|_| from_vtt) {
            out.push_str(id);
            out.push('\n');
        }
        let push_time = if from_vtt && transcript.spelling.short_times {
            Timestamp::push_vtt_short
        } else {
            Timestamp::push_vtt
        };
        push_time(start, &mut out);
        out.push_str(" --> ");
        push_time(end, &mut out);
        if let Some(settings) = cue.settings.as_deref().filter(|_| from_vtt) {
            out.push(' ');
            out.push_str(settings);
        }
        out.push('\n');
        for line in display_lines(transcript, cue, true) {
            let line = if from_vtt {
                markup::escape_vtt(line)
            } else {
                markup::escape_vtt(&markup::for_output(line, true))
            };
            if from_vtt && transcript.spelling.entities {
                out.push_str(&markup::entities_for_spaces(&line));
            } else {
                out.push_str(&line);
            }
            out.push('\n');
        }
        out.push('\n');
    }
    if from_vtt {
        for note in &transcript.epilogue {
            out.push_str(note);
            out.push_str("\n\n");
        }
    }
    if out.ends_with("\n\n") {
        out.pop();
    }
    out
}
