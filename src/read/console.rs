//! Console transcripts: what a recogniser prints while it works, saved by
//! users as their transcript. One segment a line, its times in brackets,
//! in the spellings the tools print:
//! - openai-whisper `--verbose`: `[00:00.000 --> 00:06.400]  text`, hours
//!   only past the first hour (`whisper/transcribe.py`, `format_timestamp`);
//! - whisper.cpp: `[00:00:00.000 --> 00:00:06.400]   text`, always hours
//!   (`examples/cli/cli.cpp`, `whisper_print_segment_callback`);
//! - faster-whisper's README example: `[0.00s -> 6.40s] text`;
//! - and plain seconds: `[0.00 --> 6.40]  text`.
//!
//! Every other line (progress, warnings, "Detected language: French") is
//! kept verbatim where it stands, so the file comes back byte for byte.

use std::sync::LazyLock;

use regex::Regex;

use crate::error::{Error, Result, quote};
use crate::format::Format;
use crate::timestamp::Timestamp;
use crate::transcript::{ConsoleStyle, ConsoleTimes, Cue, Transcript};

use super::{Defects, column};

/// `[start arrow end]` at the start of a line, then the text.
static SEGMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\[(?P<start>[0-9][0-9:.]*)(?P<s1>s?) *(?P<arrow>-->|->) *(?P<end>[0-9][0-9:.]*)(?P<s2>s?)\](?P<rest>.*)$")
        .expect("valid")
});

/// A line that tries to be a segment line: a bracket, a digit, an arrow.
static ATTEMPT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[\s*[0-9].*(?:-->|->).*\]").expect("valid"));

/// Whether `text` looks like a console transcript: three segment lines or
/// more, and at least a third of its non-empty lines among the first 200.
pub fn looks_like_console(text: &str) -> bool {
    let lines = first_lines(text);
    let segments = lines.iter().filter(|l| is_segment_line(l)).count();
    is_console(segments, lines.len())
}

/// The first 200 non-blank lines of `text`, their line breaks (CR LF
/// too) taken off: what a text is judged a console transcript or an
/// Otter export by, whole here and as it comes in `Sniff`.
pub(super) fn first_lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .filter(|l| !l.trim().is_empty())
        .take(200)
        .collect()
}

/// Whether a line (its line break taken off) is a segment line.
pub fn is_segment_line(line: &str) -> bool {
    SEGMENT.is_match(line.trim_end_matches('\r'))
}

/// Whether the first non-blank `lines` (200 at most), `segments` of them
/// segment lines, make a console transcript.
pub fn is_console(segments: usize, lines: usize) -> bool {
    segments >= 3 && segments * 3 >= lines
}

/// `looks_like_console` and `looks_like_otter` asked of a text as it
/// comes, without holding it: of each line only what the answer depends
/// on is kept (a line that does not open on a bracket cannot be a segment
/// line; an Otter header is short). The answer is whether the text is
/// either, which plain-text reading cannot read as lines.
#[derive(Debug, Default)]
pub struct Sniff {
    /// Non-blank lines seen whole, how many are segment lines, how many
    /// Otter turn headers.
    lines: usize,
    segments: usize,
    headers: usize,
    /// The line being read: whole if it opens on a bracket, else its
    /// start; whether it has shown anything but whitespace; whether one
    /// is being read at all.
    current: String,
    current_blank: bool,
    in_line: bool,
}

/// Bytes kept of a line that cannot be a segment line.
const SNIFF_PREFIX: usize = 256;
// A line cut to the prefix (at a character boundary: up to 3 bytes less)
// is longer than any Otter header, so the cut never makes one.
const _: () = assert!(super::otter::MAX_HEADER_BYTES < SNIFF_PREFIX - 3);

impl Sniff {
    /// Reads on; `Some` once the first 200 non-blank lines are read whole.
    pub fn push(&mut self, mut text: &str) -> Option<bool> {
        while !text.is_empty() && self.lines < 200 {
            let (part, ended) = match text.find('\n') {
                Some(i) => (&text[..i], true),
                None => (text, false),
            };
            text = &text[part.len() + usize::from(ended)..];
            if !self.in_line {
                self.in_line = true;
                self.current_blank = true;
            }
            self.current_blank &= part.trim().is_empty();
            if self.current.starts_with('[') || self.current.len() < SNIFF_PREFIX {
                self.current.push_str(part);
                if !self.current.starts_with('[') && self.current.len() > SNIFF_PREFIX {
                    let mut keep = SNIFF_PREFIX;
                    while !self.current.is_char_boundary(keep) {
                        keep -= 1;
                    }
                    self.current.truncate(keep);
                }
            }
            if ended {
                self.end_line();
            }
        }
        (self.lines >= 200).then(|| self.verdict())
    }

    fn verdict(&self) -> bool {
        is_console(self.segments, self.lines) || super::otter::is_otter(self.headers, self.lines)
    }

    /// The answer at the end of the text.
    pub fn finish(mut self) -> bool {
        if self.lines < 200 && self.in_line {
            self.end_line();
        }
        self.verdict()
    }

    fn end_line(&mut self) {
        let line = std::mem::take(&mut self.current);
        self.in_line = false;
        if self.current_blank {
            return;
        }
        self.lines += 1;
        // A line kept short does not open on a bracket: no segment line;
        // nor is it a header, which is far shorter than what is kept.
        if line.starts_with('[') && is_segment_line(&line) {
            self.segments += 1;
        }
        if super::otter::is_header(line.strip_suffix('\r').unwrap_or(&line)) {
            self.headers += 1;
        }
    }
}

/// Parses a console transcript, failing at the first defect.
pub fn parse_console(text: &str) -> Result<Transcript> {
    super::strict(text, parse)
}

pub(super) fn parse(text: &str, defects: &mut Defects) -> Result<Transcript> {
    let mut cues: Vec<Cue> = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    let mut style: Option<ConsoleStyle> = None;
    let mut any_without_hours = false;
    let mut all_with_hours = true;
    // Lines split on LF only, CR kept: written back as they were.
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let number = i + 1;
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = line.strip_suffix('\r').unwrap_or(line);
        let Some(caps) = SEGMENT.captures(line) else {
            if ATTEMPT.is_match(line) {
                defects.repairable(Error::parse(
                    number,
                    1,
                    format!(
                        "expected \"[START --> END]\" with times such as 00:01.000 or 1.00s, found {}; kept as it is",
                        quote(line)
                    ),
                ))?;
            }
            pending.push(line.to_string());
            continue;
        };
        let (start_text, end_text) = (&caps["start"], &caps["end"]);
        let seconds = !start_text.contains(':');
        let this = ConsoleStyle {
            times: if seconds {
                ConsoleTimes::Seconds {
                    decimals: start_text.split('.').nth(1).map_or(0, str::len),
                    suffix: !caps["s1"].is_empty(),
                }
            } else {
                ConsoleTimes::Clock { always_hours: true }
            },
            arrow: if &caps["arrow"] == "-->" { "-->" } else { "->" },
        };
        if !seconds {
            let hours = start_text.matches(':').count() == 2;
            any_without_hours |= !hours;
            all_with_hours &= hours;
        }
        let start_at = caps.name("start").map_or(1, |m| m.start());
        let end_at = caps.name("end").map_or(1, |m| m.start());
        let start = time(start_text, number, column(line, start_at))?;
        let end = time(end_text, number, column(line, end_at))?;
        match style {
            None => style = Some(this),
            Some(s) if !same_kind(s, this) => {
                defects.repairable(Error::parse(
                    number,
                    1,
                    "expected the times written as on the file's first segment line; written back that way",
                ))?;
            }
            Some(_) => {}
        }
        if end < start {
            defects.repairable(Error::parse(
                number,
                column(line, end_at),
                format!(
                    "expected the end after the start, found {} --> {}; the end is moved to the start",
                    start.vtt(),
                    end.vtt()
                ),
            ))?;
        }
        let rest = &caps["rest"];
        // Tools print "] " then the text, which keeps its own leading
        // space (Whisper's segments start with one).
        let text = rest.strip_prefix(' ').unwrap_or(rest);
        cues.push(Cue {
            start: Some(start),
            end: Some(end.max(start)),
            text: text.to_string(),
            notes: std::mem::take(&mut pending),
            line: number,
            ..Cue::default()
        });
    }
    let Some(mut style) = style else {
        return Err(Error::parse(
            1,
            1,
            "expected console lines such as \"[00:00.000 --> 00:06.400]  text\", found none",
        ));
    };
    if let ConsoleTimes::Clock { always_hours } = &mut style.times {
        *always_hours = all_with_hours && !any_without_hours;
    }
    let mut transcript = Transcript::new(Format::Console, cues);
    transcript.epilogue = pending;
    transcript.console = Some(style);
    Ok(transcript)
}

fn same_kind(a: ConsoleStyle, b: ConsoleStyle) -> bool {
    a.arrow == b.arrow
        && match (a.times, b.times) {
            (ConsoleTimes::Clock { .. }, ConsoleTimes::Clock { .. }) => true,
            (ConsoleTimes::Seconds { .. }, ConsoleTimes::Seconds { .. }) => a.times == b.times,
            _ => false,
        }
}

/// `00:06.400`, `00:00:06.400`, `6.40`.
fn time(text: &str, line: usize, col: usize) -> Result<Timestamp> {
    if !text.contains(':') {
        return match text.parse::<f64>() {
            Ok(s) if Timestamp::secs_in_range(s) => Ok(Timestamp::from_secs_f64(s)),
            _ => Err(Error::parse(
                line,
                col,
                format!(
                    "expected a number of seconds (at most {} hours), found {}",
                    Timestamp::MAX_HOURS,
                    quote(text)
                ),
            )),
        };
    }
    match Timestamp::parse_prefix(text) {
        Ok((parsed, len)) if len == text.len() => Ok(parsed.time),
        Ok(_) => Err(Error::parse(
            line,
            col,
            format!("expected a time such as 00:06.400, found {}", quote(text)),
        )),
        Err(e) => Err(Error::parse(
            line,
            col + e.offset,
            format!("expected {} in the time, found {}", e.expected, quote(text)),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing_as_text_comes_answers_as_the_whole_text() {
        let console = "[00:00.000 --> 00:02.000]  Bonjour.\n".repeat(3);
        let long = format!("{}\n", "mot ".repeat(5_000));
        let texts = [
            console.clone(),
            format!("Detected language: French\n\n{console}"),
            format!("{long}{console}"),
            format!("{console}{long}{long}{long}{long}{long}{long}"),
            format!("[00:00.000 --> 00:02.000]{}\n{console}", " x".repeat(400)),
            "  \n\nune ligne\r\n".repeat(300),
            long.clone(),
            "Emma  0:00  \r\nBonjour.\r\n\r\n".repeat(3),
            format!("{long}{}", "Kelly  1:02:03  \nOui.\n\n".repeat(3)),
            format!("{}{long}", "Kelly  12:03  \nOui.\n\n".repeat(3)),
            format!("{}  0:00  \nOui.\n\n", "日".repeat(70)).repeat(3),
        ];
        for text in &texts {
            for chunk in [1, 7, 100, 1 << 20] {
                let mut sniff = Sniff::default();
                let mut verdict = None;
                let mut rest = text.as_str();
                while !rest.is_empty() && verdict.is_none() {
                    let mut n = chunk.min(rest.len());
                    while !rest.is_char_boundary(n) {
                        n += 1;
                    }
                    verdict = sniff.push(&rest[..n]);
                    rest = &rest[n..];
                }
                let verdict = verdict.unwrap_or_else(|| sniff.finish());
                let whole = looks_like_console(text) || super::super::looks_like_otter(text);
                assert_eq!(verdict, whole, "{chunk}: {text:.60}");
            }
        }
        // Both answers are asked for, of both shapes.
        assert!(looks_like_console(&texts[2]) && !looks_like_console(&texts[6]));
        assert!(
            super::super::looks_like_otter(&texts[7]) && super::super::looks_like_otter(&texts[8])
        );
        assert!(!super::super::looks_like_otter(&texts[10]));
    }

    #[test]
    fn reads_each_tool_spelling() {
        let openai = "Detecting language using up to the first 30 seconds.\nDetected language: French\n[00:00.000 --> 00:06.400]  Bonjour à tous.\n[00:06.400 --> 00:09.000]  Merci.\n";
        let t = parse_console(openai).unwrap();
        assert_eq!(t.cues.len(), 2);
        assert_eq!(t.cues[0].text, " Bonjour à tous.");
        assert_eq!(t.cues[0].notes.len(), 2);
        assert_eq!(t.cues[1].start, Some(Timestamp(6400)));
        assert_eq!(
            t.console.unwrap().times,
            ConsoleTimes::Clock {
                always_hours: false
            }
        );
        let faster = "[0.00s -> 2.00s]  Et voilà.\n[2.00s -> 4.00s]  Merci.\n";
        let t = parse_console(faster).unwrap();
        assert_eq!(
            t.console.unwrap(),
            ConsoleStyle {
                times: ConsoleTimes::Seconds {
                    decimals: 2,
                    suffix: true
                },
                arrow: "->"
            }
        );
        assert_eq!(t.cues[1].end, Some(Timestamp(4000)));
    }

    #[test]
    fn a_broken_segment_line_is_positioned() {
        let err = parse_console("[00:00.000 --> 00:06.400]  a\n[00:61.000 --> 00:62.000]  b\n")
            .unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(5)));
        let (t, warnings) = super::super::lossy(
            "[00:00.000 --> 00:06.400]  a\n[00:0x.000 -> 9]  b\n",
            Format::Console,
            parse,
        );
        assert_eq!(t.cues.len(), 1);
        assert_eq!(warnings[0].line, Some(2));
    }

    #[test]
    fn detection_needs_enough_segment_lines() {
        assert!(looks_like_console(
            "[00:00.000 --> 00:01.000]  a\n[00:01.000 --> 00:02.000]  b\n[00:02.000 --> 00:03.000]  c\n"
        ));
        assert!(!looks_like_console(
            "[00:00.000 --> 00:01.000]  a\nplain text\n"
        ));
    }
}
