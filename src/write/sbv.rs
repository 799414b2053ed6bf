//! SubViewer SBV as YouTube Studio writes it (src/read/sbv.rs): each cue
//! as `0:00:01.000,0:00:03.500` (hours unpadded), its text lines, then a
//! blank line between cues and one line feed at the end. SBV has no
//! markup: tags of the formats that have some are removed. A file read
//! from SBV ends as it did (`Transcript::epilogue` holds its tail), and
//! its lines end as they did (CRLF for Subtitle Edit's files, which have
//! no final line break).

use std::fmt::Write;

use crate::error::Result;
use crate::format::Format;
use crate::markup;
use crate::timestamp::Timestamp;
use crate::transcript::Transcript;

use super::{display_lines, written};

pub fn render(transcript: &Transcript) -> Result<String> {
    let tail = transcript
        .epilogue
        .first()
        .filter(|_| transcript.format == Format::Sbv);
    let eol = match &transcript.layout {
        crate::transcript::Layout::Sbv { line_break } if transcript.format == Format::Sbv => {
            *line_break
        }
        _ if tail.is_some_and(|t| t.contains('\r')) => "\r\n",
        _ => "\n",
    };
    let mut out = String::new();
    for cue in &transcript.cues {
        let (Some(start), Some(end)) = (cue.start, cue.end) else {
            continue;
        };
        if !written(transcript, cue, Format::Sbv) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(eol);
        }
        let _ = write!(out, "{},{}", time(start), time(end));
        for line in display_lines(transcript, cue, false) {
            out.push_str(eol);
            if transcript.format.has_markup() {
                out.push_str(&markup::strip_tags(line));
            } else {
                out.push_str(line);
            }
        }
        out.push_str(eol);
    }
    if let Some(tail) = tail {
        // The tail replaces the last line break.
        out.truncate(out.len().saturating_sub(eol.len()));
        out.push_str(tail);
    }
    Ok(out)
}

/// `H:MM:SS.mmm`, hours unpadded as YouTube Studio writes them.
fn time(t: Timestamp) -> String {
    let full = t.vtt().to_string();
    full.strip_prefix('0')
        .filter(|rest| !rest.starts_with(':'))
        .unwrap_or(&full)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{Mode, parse};

    fn round_trip(text: &str) -> String {
        let t = parse(text, Format::Sbv, Mode::Strict).unwrap().transcript;
        render(&t).unwrap()
    }

    #[test]
    fn a_file_comes_back_as_it_was() {
        for text in [
            "0:00:00.500,0:00:04.200\nBonjour,\nbienvenue.\n\n10:02:03.004,10:02:04.000\n>> Merci.\n",
            "0:00:00.500,0:00:04.200\r\nUn\r\n\r\n0:00:05.000,0:00:06.000\r\nDeux\r\n\r\n",
            "0:00:00.500,0:00:04.200\nUn\n\n\n\n",
            "0:00:00.500,0:00:04.200\nUn",
            "0:00:00.500,0:00:04.200\n\n0:00:05.000,0:00:06.000\nDeux\n",
            "",
        ] {
            assert_eq!(round_trip(text), text);
        }
    }

    #[test]
    fn hours_are_unpadded() {
        assert_eq!(time(Timestamp(500)), "0:00:00.500");
        assert_eq!(time(Timestamp(36_000_000)), "10:00:00.000");
        assert_eq!(time(Timestamp::MAX), "9999:59:59.999");
    }

    #[test]
    fn markup_is_removed_from_other_formats() {
        let srt = "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<i>Un</i>\n\n2\n00:00:03,000 --> 00:00:04,000\n<b>Deux</b>\n";
        let t = parse(srt, Format::Srt, Mode::Strict).unwrap().transcript;
        assert_eq!(
            render(&t).unwrap(),
            "0:00:01.000,0:00:02.000\nUn\n\n0:00:03.000,0:00:04.000\nDeux\n"
        );
    }
}
