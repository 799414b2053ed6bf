//! SubRip, as the common parsers read it. SRT has no specification; the
//! reference is cdown/srt's `parse()`, with pysrt and go-astisub where it
//! cannot read a file (fixtures/readers/NOTES.md part 2 compares the three,
//! with a fixture per variant). Timing lines are read in `timing`.
//!
//! The lossy reader reads each of these and reports it at its line:
//! - no milliseconds, `00:01:41 --> 00:01:44`: 0 ms (cdown/srt, go-astisub);
//! - one or two digits of milliseconds, `00:01:41,04`: read as a whole
//!   number, 4 ms (cdown/srt and pysrt; go-astisub would say 40 ms);
//! - `.` before the milliseconds (cdown/srt, pysrt, go-astisub);
//! - full-width `：` and `，` (and `．` `。`) in times (cdown/srt);
//! - minutes or seconds past 59, carried (cdown/srt, pysrt, go-astisub);
//! - spaced arrows `- >` and `-- >` (cdown/srt's `-[ -] *>`); the slips
//!   `->`, `—>` and `=>`, which no parser reads, are read too rather than
//!   lose a cue;
//! - a second arrow and time after the end time (`--> 00:00:05,000`):
//!   left out (go-astisub; cdown/srt keeps it as "proprietary" text);
//! - an end before its start: kept as written (all three);
//! - a cue with no text: kept, with empty text (all three);
//! - a blank line inside a cue's text, when the next line is neither an
//!   index nor a timing line: the text and the blank line stay in the
//!   cue (cdown/srt; pysrt and go-astisub lose the text);
//! - no blank line before the next index and timing line: a new cue
//!   (cdown/srt, go-astisub); a line of spaces in its place stays a text
//!   line of the cue above (cdown/srt);
//! - a timing line with no index line above it (cdown/srt, go-astisub);
//! - blank lines at the start, runs of them between cues and at the end.
//!
//! Read without a report, as all three do: cue numbers that do not run
//! 1..n (kept as written), hours of three digits or more, text after the
//! end time (the `X1:100 X2:600 Y1:050 Y2:100` boxes of DVD rips, kept
//! as settings), CR-only line breaks (pysrt, go-astisub; cdown/srt fails),
//! and UTF-32 or UTF-16 with a BOM, which the decoder reads (pysrt).
//!
//! A block whose timing line cannot be read at all (no time, no arrow),
//! or text before the first cue, is left out and reported; the rest of the
//! file is read. A file whose every block was left out is an error (the
//! first block's), so that `clean --in-place` never empties a file. Strict mode checks the structure: each report above is
//! an error (each but the first four items of the second list), and so
//! is a line of spaces inside a cue's text. It does not check numbering.

mod timing;

use crate::error::{Error, Result, quote};
use crate::format::Format;
use crate::transcript::{Cue, Transcript};

use super::{Defects, column};
use timing::{Defect, looks_like_timing_line, timing_line};

/// Parses SRT, failing at the first defect.
pub fn parse_srt(text: &str) -> Result<Transcript> {
    super::strict(text, parse)
}

/// Parses SRT, repairing what it can; returns the repairs, and the
/// blocks it had to leave out, as warnings.
pub fn parse_srt_lossy(text: &str) -> (Transcript, Vec<Error>) {
    super::lossy(text, Format::Srt, parse)
}

pub(super) fn parse(text: &str, defects: &mut Defects) -> Result<Transcript> {
    // The decoder eats a BOM; text handed to us directly may have one.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let (lines, _) = super::split_lines(text);
    Reader {
        // A block is at least three lines with its blank line.
        cues: Vec::with_capacity(lines.len() / 3 + 1),
        lines,
        defects,
        text_from: 0,
        first_drop: None,
    }
    .read()
}

/// The byte offset in `text` (whole lines, from the start of a block) of
/// the last block that a piece of the file can begin with (src/read/
/// pieces.rs): an index line and a timing line, after exactly one empty
/// line that follows text. The reader starts a cue there whatever came
/// before, and the cue above ends at the empty line.
pub(super) fn last_piece_start(text: &str) -> Option<usize> {
    // Whole lines only: what follows the last line break is not read.
    let whole = text.rfind('\n').map_or(0, |i| i + 1);
    // (start, line) of the lines from the end back, the newest first.
    let mut lines = text[..whole]
        .strip_suffix('\n')?
        .rsplit('\n')
        .scan(whole - 1, |end, line| {
            let start = *end - line.len();
            *end = start.saturating_sub(1);
            Some((start, line.strip_suffix('\r').unwrap_or(line)))
        });
    let mut newer: [(usize, &str); 3] = [(0, ""); 3];
    for k in 0.. {
        let line = lines.next()?;
        let (_, above) = line;
        // With four lines seen: `above`, then the empty line, the index
        // line and the timing line.
        let [(_, empty), (index_at, index), (_, timing)] = newer;
        if k >= 3
            && !is_blank(above)
            && empty.is_empty()
            && is_index(index)
            && looks_like_timing_line(timing)
        {
            return Some(index_at);
        }
        newer.rotate_right(1);
        newer[0] = line;
    }
    None
}

struct Reader<'t, 'd> {
    lines: Vec<&'t str>,
    defects: &'d mut Defects,
    cues: Vec<Cue>,
    /// Index of the last cue's first text line (the line after its
    /// timing line), so that text after a blank line can join it.
    text_from: usize,
    /// The first left-out block's defect: the error if no cue is read.
    first_drop: Option<Error>,
}

/// Empty, or only spaces and tabs: a separator between cues.
fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| b.is_ascii_whitespace())
}

fn is_index(line: &str) -> bool {
    let t = line.trim_matches(|c: char| c.is_ascii_whitespace());
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
}

impl Reader<'_, '_> {
    fn read(mut self) -> Result<Transcript> {
        let mut i = 0;
        let mut blank_run = 0;
        while i < self.lines.len() {
            let line = self.lines[i];
            if is_blank(line) {
                blank_run += 1;
                // Blank lines at the start of the file, or two in a row.
                if blank_run == 2 || (i + 1 == blank_run) {
                    self.defects
                        .repairable(Error::parse(i + 1, 1, "unexpected blank line"))?;
                }
                i += 1;
                continue;
            }
            i = match self.cue_start(i, true) {
                Some((index, timing)) => self.cue(index, timing)?,
                None if self.cues.is_empty() => self.stray(i)?,
                None => {
                    // cdown/srt keeps text after a blank line in the cue
                    // above when it is not the start of the next cue.
                    self.defects.repairable(Error::parse(
                        i + 1,
                        1,
                        format!(
                            "expected a cue index or timing line after the blank line, found text {}; kept in the cue above with the blank line",
                            quote(line)
                        ),
                    ))?;
                    self.text(i)?
                }
            };
            blank_run = 0;
        }
        if blank_run > 1 {
            self.defects.repairable(Error::parse(
                self.lines.len(),
                1,
                "unexpected blank lines at end of file",
            ))?;
        }
        if self.cues.is_empty()
            && let Some(err) = self.first_drop
        {
            return Err(err);
        }
        Ok(Transcript::new(Format::Srt, self.cues))
    }

    /// Whether a cue starts at line `i`: an index line then a timing line,
    /// or a timing line alone. After a blank line (`after_blank`) an index
    /// line makes the line under it a timing line even when that line is
    /// not shaped like one, so that its defect is reported there.
    fn cue_start(&self, i: usize, after_blank: bool) -> Option<(Option<usize>, usize)> {
        let line = self.lines[i];
        if looks_like_timing_line(line) {
            return Some((None, i));
        }
        let next = self.lines.get(i + 1)?;
        (is_index(line) && (looks_like_timing_line(next) || after_blank && next.contains("-->")))
            .then_some((Some(i), i + 1))
    }

    /// Reads the cue whose timing line is line `timing`; returns the line
    /// after it.
    fn cue(&mut self, index: Option<usize>, timing: usize) -> Result<usize> {
        let line = self.lines[timing];
        if index.is_none() {
            self.defects.repairable(Error::parse(
                timing + 1,
                1,
                format!(
                    "expected a cue index line before the timing line {}",
                    quote(line)
                ),
            ))?;
        }
        let read = match timing_line(line) {
            Ok(read) => read,
            Err(defect) => return self.unreadable(index.unwrap_or(timing), timing, &defect),
        };
        for Defect { offset, message } in read.repairs {
            self.defects
                .repairable(Error::parse(timing + 1, column(line, offset), message))?;
        }
        self.cues.push(Cue {
            id: index.map(|i| {
                self.lines[i]
                    .trim_matches(|c: char| c.is_ascii_whitespace())
                    .to_string()
            }),
            start: Some(read.start),
            end: Some(read.end),
            settings: read.settings,
            line: timing + 2,
            ..Cue::default()
        });
        self.text_from = timing + 1;
        let next = self.text(timing + 1)?;
        if self.cues.last().is_some_and(|c| c.text.is_empty()) && next == timing + 1 {
            let found = if next < self.lines.len() {
                "a blank line"
            } else {
                "the end of the file"
            };
            self.defects.repairable(Error::parse(
                (timing + 2).min(self.lines.len()),
                1,
                format!(
                    "expected cue text after the timing line, found {found}; kept with no text"
                ),
            ))?;
        }
        Ok(next)
    }

    /// Adds lines from `from` to the last cue's text, up to an empty line
    /// or the start of the next cue; returns where it stopped.
    fn text(&mut self, from: usize) -> Result<usize> {
        let mut j = from;
        while let Some(&line) = self.lines.get(j) {
            if line.is_empty() {
                break;
            }
            if self.cue_start(j, false).is_some() {
                let above = j
                    .checked_sub(1)
                    .filter(|&a| a >= from && is_blank(self.lines[a]));
                let err = match above {
                    Some(a) => Error::parse(
                        a + 1,
                        1,
                        "expected a blank line before the next cue, found a line of spaces; kept as a text line of the cue above",
                    ),
                    None => Error::parse(j + 1, 1, "expected a blank line before the next cue"),
                };
                self.defects.repairable(err)?;
                break;
            }
            if is_blank(line) {
                self.defects.syntax(Error::parse(
                    j + 1,
                    1,
                    format!(
                        "expected cue text or an empty line, found a line of spaces {}",
                        quote(line)
                    ),
                ))?;
            }
            j += 1;
        }
        if j > from
            && let Some(cue) = self.cues.last_mut()
        {
            cue.text = match &self.lines[self.text_from..j] {
                // Most cues hold one line (Whisper writes a segment a
                // line): copied as it is, without `join`'s count.
                [line] => (*line).to_owned(),
                lines => lines.join("\n"),
            };
        }
        Ok(j)
    }

    /// A block whose timing line cannot be read: left out, with where
    /// and why; returns the line after it.
    fn unreadable(&mut self, first: usize, timing: usize, defect: &Defect) -> Result<usize> {
        let end = self.block_end(timing + 1);
        let err = Error::parse(
            timing + 1,
            column(self.lines[timing], defect.offset),
            defect.message.clone(),
        );
        self.left_out(err, first, end)
    }

    /// Text before the first cue, up to an empty line or a cue: left out.
    fn stray(&mut self, first: usize) -> Result<usize> {
        let end = self.block_end(first + 1);
        let err = Error::parse(
            first + 1,
            1,
            format!(
                "expected a cue index or timing line, found {}",
                quote(self.lines[first])
            ),
        );
        self.left_out(err, first, end)
    }

    /// Reports lines `first..end`, left out for `err`; returns `end`.
    fn left_out(&mut self, err: Error, first: usize, end: usize) -> Result<usize> {
        let mut warning = err.clone();
        warning.message = format!("{}; {}", err.message, skipped(first, end));
        self.defects.repairable(warning)?;
        self.first_drop.get_or_insert(err);
        Ok(end)
    }

    /// The first empty line or cue start from line `from`.
    fn block_end(&self, from: usize) -> usize {
        let mut j = from;
        while j < self.lines.len()
            && !self.lines[j].is_empty()
            && self.cue_start(j, false).is_none()
        {
            j += 1;
        }
        j
    }
}

/// "line 3 left out", "lines 3-5 left out" (0-based `first..end`).
fn skipped(first: usize, end: usize) -> String {
    if end - first > 1 {
        format!("lines {}-{end} left out", first + 1)
    } else {
        format!("line {} left out", first + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timestamp::Timestamp;

    const CLEAN: &str = "1\n00:00:01,000 --> 00:00:02,500\nBonjour.\n\n2\n00:00:03,000 --> 00:00:04,000\nDeux\nlignes\n";

    #[test]
    fn strict_reads_a_clean_file() {
        let t = parse_srt(CLEAN).unwrap();
        assert_eq!(t.cues.len(), 2);
        assert_eq!(t.cues[1].text, "Deux\nlignes");
        assert_eq!(t.cues[1].line, 7);
        assert_eq!(t.cues[0].end, Some(Timestamp(2500)));
    }

    #[test]
    fn lossy_accepts_missing_indices_dots_and_blank_runs() {
        let messy =
            "\n\n00:00:01.000 --> 00:00:02,000\nUn\n\n\n\n7\n00:00:03,000 --> 00:00:04,000\nDeux\n";
        let (t, warnings) = parse_srt_lossy(messy);
        assert_eq!(t.cues.len(), 2);
        assert_eq!(t.cues[1].id.as_deref(), Some("7"));
        assert!(warnings.len() >= 3, "{warnings:?}");
    }

    #[test]
    fn strict_reports_a_single_dash_arrow_with_its_position() {
        let bad = "1\n00:00:01,000 -> 00:00:02,000\nUn\n";
        let err = parse_srt(bad).unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(14)));
        assert!(err.message.contains("expected \"-->\""), "{}", err.message);
    }

    #[test]
    fn text_after_a_blank_line_stays_with_its_cue() {
        let (t, _) = parse_srt_lossy("1\n00:00:01,000 --> 00:00:02,000\nUn\n\nsuite\n");
        assert_eq!(t.cues[0].text, "Un\n\nsuite");
    }

    #[test]
    fn text_with_an_arrow_is_text() {
        let srt = "1\n00:00:01,000 --> 00:00:02,000\n3 -> 4 people came\n10 -> 12\n";
        let t = parse_srt(srt).unwrap();
        assert_eq!(t.cues[0].text, "3 -> 4 people came\n10 -> 12");
        assert!(!looks_like_timing_line("3 -> 4 people came"));
    }

    #[test]
    fn a_negative_time_is_reported_on_its_own_line() {
        let err = parse_srt("1\n-00:00:01,000 --> 00:00:02,000\nUn\n").unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(1)));
        assert!(err.message.contains("expected a digit"), "{}", err.message);
    }

    #[test]
    fn bad_minutes_are_carried_and_reported_where_they_stand() {
        let (_, warnings) = parse_srt_lossy("1\n00:61:00,000 --> 00:62:00,000\nUn\n");
        assert_eq!((warnings[0].line, warnings[0].column), (Some(2), Some(4)));
    }
}
