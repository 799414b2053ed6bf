//! Whisper TSV: header, then `start<TAB>end<TAB>text` in milliseconds, one
//! segment a line (line breaks and tabs inside a cue become spaces).

use std::fmt::Write;

use crate::markup;
use crate::transcript::Transcript;

pub fn render(transcript: &Transcript) -> String {
    let mut out = String::from("start\tend\ttext\n");
    out.push_str(&render_rows(transcript));
    out
}

/// The rows without the header: a window of a long transcript after the
/// first.
pub fn render_rows(transcript: &Transcript) -> String {
    let mut out = String::new();
    for cue in &transcript.cues {
        let (Some(start), Some(end)) = (cue.start, cue.end) else {
            continue;
        };
        let text = markup::strip_tags(&cue.text);
        let text: Vec<&str> = text
            .split(['\n', '\t'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let _ = writeln!(out, "{}\t{}\t{}", start.0, end.0, text.join(" "));
    }
    out
}
