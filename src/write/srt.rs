//! SubRip: cues numbered from 1, each followed by a blank line, `,` before milliseconds, WebVTT-only tags
//! (`<c>`, `<v>`, timestamps) removed.

use std::fmt::Write;

use crate::format::Format;
use crate::markup;
use crate::transcript::Transcript;

use super::display_lines;

pub fn render(transcript: &Transcript) -> String {
    render_from(transcript, 1)
}

/// The cues numbered from `first` on: a window of a long transcript, with
/// `first - 1` cues before it.
pub fn render_from(transcript: &Transcript, first: usize) -> String {
    let mut out = String::new();
    for (i, cue) in transcript.cues.iter().enumerate() {
        let (Some(start), Some(end)) = (cue.start, cue.end) else {
            continue;
        };
        let _ = write!(out, "{}\n{} --> {}", first + i, start.srt(), end.srt());
        if transcript.format == Format::Srt
            && let Some(settings) = &cue.settings
        {
            let _ = write!(out, " {settings}");
        }
        out.push('\n');
        for line in display_lines(transcript, cue, false) {
            // An SRT file's own markup goes back as it was written.
            if transcript.format == Format::Srt {
                out.push_str(&line);
            } else {
                out.push_str(&markup::for_output(&line, false));
            }
            out.push('\n');
        }
        // Every cue ends with a blank line, the last one too, as
        // openai-whisper and Subtitle Edit write it.
        out.push('\n');
    }
    out
}
