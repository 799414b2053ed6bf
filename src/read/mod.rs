//! Readers: text in, `Transcript` out. Each format has a strict parser that
//! stops at the first defect and a lossy one that repairs what it safely can
//! and lists every repair as a warning (as cdown/srt does).

pub mod ass;
mod console;
mod json;
pub(crate) mod otter;
pub mod pieces;
mod roll;
mod sbv;
mod srt;
pub mod srv3;
mod tsv;
pub mod ttml;
pub(crate) mod txt;
mod vtt;
pub(crate) mod xml;

use crate::error::{Error, Result};
use crate::format::Format;
use crate::transcript::{Spelling, Transcript};

pub use console::{Sniff, looks_like_console, parse_console};
pub use json::parse_whisper_json;
pub use otter::looks_like_otter;
pub use srt::{parse_srt, parse_srt_lossy};
pub use tsv::{parse_tsv, parse_tsv_lossy};
pub use txt::parse_txt;
pub use vtt::{parse_vtt, parse_vtt_lossy};

/// Strict stops at the first defect; lossy repairs and warns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Fail on the first defect, with its position.
    Strict,
    /// Repair what can be repaired (a missing blank line, a comma for a dot)
    /// and report each repair as a warning; fail only where nothing can be read.
    #[default]
    Lossy,
}

/// A transcript and the defects the lossy reader repaired on the way.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Reading {
    /// The transcript read.
    pub transcript: Transcript,
    /// Each repair, with its position; empty in strict mode.
    pub warnings: Vec<Error>,
}

/// Parses decoded text in the given format.
pub fn parse(text: &str, format: Format, mode: Mode) -> Result<Reading> {
    let mut defects = Defects::new(mode);
    let transcript = match format {
        Format::Txt => txt::parse_txt(text),
        Format::Srt => srt::parse(text, &mut defects)?,
        Format::Vtt => vtt::parse(text, &mut defects)?,
        Format::Json => json::parse(text, &mut defects)?,
        Format::Tsv => tsv::parse(text, &mut defects)?,
        Format::Console => console::parse(text, &mut defects)?,
        Format::Otter => otter::parse(text)?,
        Format::Sbv => sbv::parse(text, &mut defects)?,
        Format::Ttml => ttml::parse(text, &mut defects)?,
        Format::Ass => ass::parse(text, &mut defects)?,
        Format::Srv3 => srv3::parse(text, &mut defects)?,
    };
    let mut transcript = transcript;
    crate::speaker::detect(&mut transcript);
    let transcript = spelled(text, transcript);
    Ok(Reading {
        transcript,
        warnings: defects.found,
    })
}

/// `transcript`, read from `text`, with the spelling it was read with.
fn spelled(text: &str, mut transcript: Transcript) -> Transcript {
    transcript.spelling = spelling(text, &transcript);
    transcript
}

/// How `text`, read into `transcript`, spells what its writer would
/// otherwise choose; the reader found WebVTT's times. The spaces and tabs
/// after the last line break do not count: a file ending in one still
/// ends in a line break.
pub(crate) fn spelling(text: &str, transcript: &Transcript) -> Spelling {
    let mut end = text.trim_end_matches([' ', '\t']);
    let mut closing_line_breaks = 0;
    // CR LF, LF, or a lone CR (old Mac files, read as LF): one line break.
    while closing_line_breaks < 2
        && let Some(before) = end
            .strip_suffix("\r\n")
            .or_else(|| end.strip_suffix(['\n', '\r']))
    {
        end = before;
        closing_line_breaks += 1;
    }
    let first_number = transcript
        .cues
        .first()
        .and_then(|cue| cue.id.as_deref())
        .filter(|_| transcript.format == Format::Srt)
        .and_then(|id| id.trim().parse::<u32>().ok())
        .map_or(1, u64::from);
    Spelling {
        crlf: crate::newlines::find(text).is_some_and(|i| text[..i].ends_with('\r')),
        closing_line_breaks: Some(closing_line_breaks),
        first_number,
        short_times: transcript.spelling.short_times,
        entities: transcript.format == Format::Vtt
            && ["&nbsp;", "&lrm;", "&rlm;"]
                .iter()
                .any(|e| text.contains(e))
            && !text.contains(['\u{a0}', '\u{200e}', '\u{200f}']),
    }
}

/// Where a parser sends what is wrong with its input: in strict mode the
/// first defect is the error; in lossy mode defects are collected.
pub(crate) struct Defects {
    strict: bool,
    found: Vec<Error>,
}

impl Defects {
    pub(crate) fn new(mode: Mode) -> Defects {
        Defects {
            strict: mode == Mode::Strict,
            found: Vec::new(),
        }
    }

    /// Reports a defect the lossy parser can repair.
    pub(crate) fn repairable(&mut self, err: Error) -> Result<()> {
        if self.strict {
            return Err(err);
        }
        self.found.push(err);
        Ok(())
    }

    /// Reports a departure from a format's file syntax that its own
    /// parser reads without loss (WebVTT's `1:02:03.000`, or `-->` with no
    /// spaces, which browsers read as written): an error in strict mode,
    /// nothing in lossy mode.
    pub(crate) fn syntax(&mut self, err: Error) -> Result<()> {
        if self.strict {
            return Err(err);
        }
        Ok(())
    }

    /// Reports something the reader did that is not a defect of the
    /// input (de-rolling captions): a warning in both modes.
    pub(crate) fn note(&mut self, err: Error) {
        self.found.push(err);
    }

    pub(crate) fn into_warnings(self) -> Vec<Error> {
        self.found
    }
}

/// A format's parser, reporting defects to a `Defects` sink.
pub(crate) type Parser = fn(&str, &mut Defects) -> Result<Transcript>;

/// Runs a parser in strict mode: the first defect is the error.
pub(crate) fn strict(text: &str, parser: Parser) -> Result<Transcript> {
    parser(text, &mut Defects::new(Mode::Strict)).map(|t| spelled(text, t))
}

/// Runs a parser in lossy mode: repairs come back as warnings; a defect no
/// repair can get past gives an empty transcript and that one error.
pub(crate) fn lossy(text: &str, format: Format, parser: Parser) -> (Transcript, Vec<Error>) {
    let mut defects = Defects::new(Mode::Lossy);
    match parser(text, &mut defects) {
        Ok(t) => (spelled(text, t), defects.into_warnings()),
        Err(err) => (Transcript::new(format, Vec::new()), vec![err]),
    }
}

/// Lines with their 1-based numbers, CR stripped so CRLF files read as LF.
pub(crate) fn numbered_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    // `str::lines` on the pieces memchr cuts (`newlines::split`): its own
    // search costs more than a short line holds (a line a cue in plain
    // text). A line feed ends a line, and a CR before it goes with it;
    // the piece after the last line feed is a line only if it holds
    // something. Then one more CR at a line's end is taken off.
    let mut pieces = crate::newlines::split(text).peekable();
    std::iter::from_fn(move || {
        let piece = pieces.next()?;
        let ended = pieces.peek().is_some();
        if !ended && piece.is_empty() {
            return None;
        }
        let line = piece.strip_suffix('\r').unwrap_or(piece);
        Some(if ended {
            line.strip_suffix('\r').unwrap_or(line)
        } else {
            line
        })
    })
    .enumerate()
    .map(|(i, line)| (i + 1, line))
}

/// The most lines `text` can be cut into (one more than its line feeds):
/// a list of lines is sized with it, since growing it a line at a time
/// copies it over and over on a long file.
pub(crate) fn most_lines(text: &str) -> usize {
    1 + crate::newlines::count(text)
}

/// The lines of `text` as the WebVTT parser cuts them: CR LF, LF and a
/// lone CR each end a line (classic Mac files, and files passed through
/// a text-mode writer twice, CR CR LF, which is two line ends). A line
/// break at the very end does not start another line. Also returns
/// whether the text ends with a line break.
pub(crate) fn split_lines(text: &str) -> (Vec<&str>, bool) {
    let bytes = text.as_bytes();
    let mut lines = Vec::with_capacity(most_lines(text));
    let mut start = 0;
    // From one line end to the next, as memchr finds them (a fifth of
    // reading a subtitle file went to looking at each byte).
    let mut ends = memchr::memchr2_iter(b'\n', b'\r', bytes);
    while let Some(i) = ends.next() {
        lines.push(&text[start..i]);
        start = i + 1;
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            ends.next();
            start += 1;
        }
    }
    let terminated = start == bytes.len() && !bytes.is_empty();
    if start < bytes.len() {
        lines.push(&text[start..]);
    }
    (lines, terminated)
}

/// 1-based column in characters of byte offset `offset` within `line`.
pub(crate) fn column(line: &str, offset: usize) -> usize {
    line[..offset.min(line.len())].chars().count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines cut by memchr are `str::lines` with one more CR off each:
    /// every string of up to six bytes of "a", CR and LF.
    #[test]
    fn numbered_lines_are_the_standard_lines() {
        let mut texts = vec![String::new()];
        for _ in 0..6 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| ["a", "\r", "\n"].map(|c| format!("{t}{c}")))
                .collect();
            texts.extend(longer);
        }
        texts.sort();
        texts.dedup();
        assert_eq!(texts.len(), 1093);
        for text in &texts {
            let expected: Vec<(usize, &str)> = text
                .lines()
                .enumerate()
                .map(|(i, line)| (i + 1, line.strip_suffix('\r').unwrap_or(line)))
                .collect();
            assert_eq!(
                numbered_lines(text).collect::<Vec<_>>(),
                expected,
                "{text:?}"
            );
        }
    }

    fn spelled_as(text: &str, format: Format) -> Spelling {
        parse(text, format, Mode::Lossy)
            .unwrap()
            .transcript
            .spelling
    }

    #[test]
    fn the_spelling_is_the_files() {
        let srt = "0\r\n00:00:01,000 --> 00:00:02,000\r\nBonjour.";
        let spelling = spelled_as(srt, Format::Srt);
        assert!(spelling.crlf);
        assert_eq!(spelling.closing_line_breaks, Some(0));
        assert_eq!(spelling.first_number, 0);
        // A blank line after the last cue, and more: two at most count.
        for (end, closing) in [
            ("\n", 1),
            ("\n\n", 2),
            ("\n\n\n\n", 2),
            ("\n  \t", 1),
            ("\r", 1),
            ("\r\n\r\n", 2),
        ] {
            let text = format!("57\n00:00:01,000 --> 00:00:02,000\nBonjour.{end}");
            let spelling = spelled_as(&text, Format::Srt);
            assert_eq!(spelling.closing_line_breaks, Some(closing), "{end:?}");
            assert_eq!(spelling.first_number, 57);
        }
        // Not a number SRT can start from: the writer's own.
        let text = "99999999999\n00:00:01,000 --> 00:00:02,000\nBonjour.\n";
        assert_eq!(spelled_as(text, Format::Srt).first_number, 1);
        // WebVTT's hours, from its first cue.
        let vtt = |first: &str| format!("WEBVTT\n\n{first} --> 01:00:02.000\nun\n\n");
        assert!(spelled_as(&vtt("59:59.000"), Format::Vtt).short_times);
        assert!(!spelled_as(&vtt("00:59:59.000"), Format::Vtt).short_times);
    }
}
