//! SubRip: cues numbered from 1 (or the file's own first number), each followed by a blank line, `,` before milliseconds, WebVTT-only tags
//! (`<c>`, `<v>`, timestamps) removed.

use crate::decimal;
use crate::format::Format;
use crate::markup;
use crate::transcript::Transcript;

use super::{display_lines, written};

/// The cues numbered from the file's first number (1 unless the file as
/// read numbered them from another).
pub fn render(transcript: &Transcript) -> String {
    render_from(transcript, transcript.spelling.first_number)
}

/// The cues numbered from `first` on: a window of a long transcript, after
/// the cues before it.
pub fn render_from(transcript: &Transcript, first: u64) -> String {
    let mut out = String::new();
    let cues = transcript
        .cues
        .iter()
        .filter(|c| written(transcript, c, Format::Srt));
    for (i, cue) in cues.enumerate() {
        let (Some(start), Some(end)) = (cue.start, cue.end) else {
            continue;
        };
        let _ = decimal::write(&mut out, first + i as u64);
        out.push('\n');
        start.push_srt(&mut out);
        out.push_str(" --> ");
        end.push_srt(&mut out);
        if transcript.format == Format::Srt
            && let Some(settings) = &cue.settings
        {
            out.push(' ');
            out.push_str(settings);
        }
        out.push('\n');
        for line in display_lines(transcript, cue, false) {
            // An SRT file's own markup goes back as it was written, and a
            // line with none as it is (`for_output` would copy it).
            if transcript.format == Format::Srt || !line.contains(['<', '{']) {
                out.push_str(line);
            } else {
                out.push_str(&markup::for_output(line, false));
            }
            out.push('\n');
        }
        // Every cue ends with a blank line, the last one too, as
        // openai-whisper and Subtitle Edit write it.
        out.push('\n');
    }
    out
}
