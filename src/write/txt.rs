//! Plain text: one cue per line (a multi-line cue keeps its lines), tags removed.

use crate::markup;
use crate::transcript::Transcript;

pub fn render(transcript: &Transcript) -> String {
    let mut out = String::with_capacity(transcript.cues.iter().map(|c| c.text.len() + 1).sum());
    let markup = transcript.format.has_markup();
    for cue in &transcript.cues {
        if markup {
            out.push_str(&markup::strip_tags(&cue.text));
        } else if transcript.format == crate::format::Format::Json {
            out.push_str(cue.text.trim());
        } else {
            out.push_str(&cue.text);
        }
        out.push('\n');
    }
    out
}
