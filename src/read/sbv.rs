//! SubViewer SBV as YouTube Studio exports it: `0:00:01.000,0:00:03.500`
//! (hours unpadded), the text lines, a blank line. No index and no markup:
//! `>> ` at the start of a line marks a change of speaker and is text.
//!
//! What follows the last cue's text (its line break, trailing blank lines)
//! is kept verbatim in `Transcript::epilogue` when it is not the usual
//! single `\n`, so src/write/sbv.rs gives such a file back as it was.

use crate::error::{Error, Result, quote};
use crate::format::Format;
use crate::timestamp::Timestamp;
use crate::transcript::{Cue, Transcript};

use super::{Defects, column, numbered_lines};

pub(super) fn parse(text: &str, defects: &mut Defects) -> Result<Transcript> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<(usize, &str)> = numbered_lines(text).collect();
    // Blank lines after the last text line are the file's tail, not defects.
    let body = lines
        .iter()
        .rposition(|(_, l)| !l.trim().is_empty())
        .map_or(0, |i| i + 1);
    let mut cues: Vec<Cue> = Vec::new();
    let mut i = 0;
    let mut blank_run = 0;
    while i < body {
        let (number, line) = lines[i];
        if line.trim().is_empty() {
            blank_run += 1;
            if blank_run == 2 || (cues.is_empty() && blank_run == 1) {
                defects.repairable(Error::parse(number, 1, "unexpected blank line"))?;
            }
            i += 1;
            continue;
        }
        blank_run = 0;
        if !is_timing_line(line) {
            let Some(previous) = cues.last_mut() else {
                return Err(Error::parse(
                    number,
                    1,
                    format!(
                        "expected a timing line such as 0:00:01.000,0:00:03.500, found {}",
                        quote(line)
                    ),
                ));
            };
            // Text after a blank line inside a cue (a block's text runs to
            // the blank line): keep it with that cue.
            defects.repairable(Error::parse(
                number,
                1,
                format!("expected a timing line, found text {}", quote(line)),
            ))?;
            previous.text.push('\n');
            previous.text.push_str(line);
            i += 1;
            continue;
        }
        let timing = parse_timing(line, number, defects)?;
        let mut text_lines = Vec::new();
        let mut j = i + 1;
        while j < body && !lines[j].1.trim().is_empty() {
            if is_timing_line(lines[j].1) {
                defects.repairable(Error::parse(
                    lines[j].0,
                    1,
                    "expected a blank line before the next cue",
                ))?;
                break;
            }
            text_lines.push(lines[j].1);
            j += 1;
        }
        // A block whose timing line does not read is left out (lossy).
        if let Some((start, end)) = timing {
            cues.push(Cue::timed(start, end, text_lines.join("\n"), number + 1));
        }
        i = j;
    }
    let mut transcript = Transcript::new(Format::Sbv, cues);
    let first_line = text.split_inclusive('\n').next().unwrap_or("");
    transcript.layout = crate::transcript::Layout::Sbv {
        line_break: if first_line.ends_with("\r\n") {
            "\r\n"
        } else {
            "\n"
        },
    };
    let tail = tail(text);
    if tail != "\n" {
        transcript.epilogue.push(tail.to_string());
    }
    Ok(transcript)
}

/// What follows the last line that has text: its line break and the
/// blank lines after it, verbatim (`\n`, `\r\n\r\n`, or nothing).
fn tail(text: &str) -> &str {
    let mut end = 0;
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        if !line.trim().is_empty() {
            end = offset + line.len();
        }
        offset += raw.len();
    }
    &text[end..]
}

/// Whether the line starts like a timing line, `H:MM:S...`, well written
/// or not, so that a bad one is reported and not read as text ("10:30, on
/// commence" is text).
fn is_timing_line(line: &str) -> bool {
    let mut parts = line.trim_start().splitn(3, ':');
    (0..3).all(|_| {
        parts
            .next()
            .is_some_and(|p| p.starts_with(|c: char| c.is_ascii_digit()))
    })
}

/// Reads `start,end`. A time that does not read is a defect the lossy
/// reader gets past by leaving the block out (`None`); times written
/// otherwise than `H:MM:SS.mmm` are read and said.
fn parse_timing(
    line: &str,
    number: usize,
    defects: &mut Defects,
) -> Result<Option<(Timestamp, Timestamp)>> {
    let lead = line.len() - line.trim_start().len();
    let Some(start) = time(line, lead, number, "start", defects)? else {
        return Ok(None);
    };
    let mut at = lead + start.1;
    let comma = line[at..].trim_start();
    if !comma.starts_with(',') {
        let found: String = comma.chars().take(8).collect();
        defects.repairable(Error::parse(
            number,
            column(line, line.len() - comma.len()),
            format!(
                "expected \",\" between the times, found {}; the cue is left out",
                quote(&found)
            ),
        ))?;
        return Ok(None);
    }
    at = line.len() - comma.len() + 1;
    at += line[at..].len() - line[at..].trim_start().len();
    let Some(end) = time(line, at, number, "end", defects)? else {
        return Ok(None);
    };
    let rest = &line[at + end.1..];
    if !rest.trim().is_empty() {
        defects.repairable(Error::parse(
            number,
            column(line, at + end.1 + (rest.len() - rest.trim_start().len())),
            format!(
                "expected the end time as H:MM:SS.mmm, then the end of the line, found {}; the cue is left out",
                quote(line[at..].trim_end())
            ),
        ))?;
        return Ok(None);
    }
    if end.0 < start.0 {
        defects.repairable(Error::parse(
            number,
            column(line, at),
            format!(
                "expected the end after the start, found {}; the end is moved to the start",
                quote(line.trim())
            ),
        ))?;
    }
    Ok(Some((start.0, end.0.max(start.0))))
}

/// The time at byte `at` of `line` and its length in bytes.
fn time(
    line: &str,
    at: usize,
    number: usize,
    which: &str,
    defects: &mut Defects,
) -> Result<Option<(Timestamp, usize)>> {
    let text = &line[at..];
    let written = &text[..text
        .find(|c: char| c == ',' || c.is_whitespace())
        .unwrap_or(text.len())];
    let (parsed, len) = match Timestamp::parse_prefix(text) {
        Ok((parsed, len)) if len >= written.len() => (parsed, len),
        Ok((_, len)) => {
            // "0:00:26.3OO": the first character that does not fit.
            defects.repairable(Error::parse(
                number,
                column(line, at + len),
                format!(
                    "expected the {which} time as H:MM:SS.mmm, found {}; the cue is left out",
                    quote(written)
                ),
            ))?;
            return Ok(None);
        }
        Err(err) => {
            defects.repairable(Error::parse(
                number,
                column(line, at + err.offset),
                format!(
                    "expected {} in the {which} time, found {}; the cue is left out",
                    err.expected,
                    quote(written)
                ),
            ))?;
            return Ok(None);
        }
    };
    if !is_canonical(&text[..len]) {
        defects.repairable(Error::parse(
            number,
            column(line, at),
            format!(
                "expected the {which} time as H:MM:SS.mmm, found {}; read as {}",
                quote(&text[..len]),
                parsed.time.vtt()
            ),
        ))?;
    }
    Ok(Some((parsed.time, len)))
}

/// `H:MM:SS.mmm`, hours of any width (YouTube writes `0:`, others `00:`).
fn is_canonical(time: &str) -> bool {
    let b = time.as_bytes();
    let hours = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let rest = &b[hours..];
    hours > 0
        && rest.len() == 10
        && rest[0] == b':'
        && rest[3] == b':'
        && rest[6] == b'.'
        && [1, 2, 4, 5, 7, 8, 9]
            .iter()
            .all(|&k| rest[k].is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{lossy, strict};

    #[test]
    fn reads_blocks_of_timing_and_text() {
        let t = strict(
            "0:00:00.500,0:00:04.200\nBonjour,\nbienvenue.\n\n1:02:03.004,1:02:04.000\n>> Merci.\n",
            parse,
        )
        .unwrap();
        assert_eq!(t.cues.len(), 2);
        assert_eq!(t.cues[0].text, "Bonjour,\nbienvenue.");
        assert_eq!(
            (t.cues[0].start, t.cues[0].end),
            (Some(Timestamp(500)), Some(Timestamp(4200)))
        );
        assert_eq!(t.cues[0].line, 2);
        assert_eq!(t.cues[1].start, Some(Timestamp(3_723_004)));
        assert_eq!(t.cues[1].text, ">> Merci.");
        assert!(t.epilogue.is_empty());
    }

    #[test]
    fn the_tail_is_kept_verbatim_when_it_is_not_one_line_feed() {
        let t = strict("0:00:00.500,0:00:04.200\r\nUn\r\n\r\n", parse).unwrap();
        assert_eq!(t.epilogue, ["\r\n\r\n"]);
        let t = strict("0:00:00.500,0:00:04.200\nUn", parse).unwrap();
        assert_eq!(t.epilogue, [""]);
        assert_eq!(tail("a  \n \n"), "\n \n");
    }

    #[test]
    fn a_bad_time_is_positioned_and_its_block_skipped_when_lossy() {
        let text = "0:00:01.000,0:00:02.000\nUn\n\n0:00:22.600,0:00:26.3OO\nDeux\nlignes\n\n0:00:30.000,0:00:31.000\nTrois\n";
        let err = strict(text, parse).unwrap_err();
        assert_eq!((err.line, err.column), (Some(4), Some(22)));
        assert!(err.message.contains("\"0:00:26.3OO\""), "{}", err.message);
        let (t, warnings) = lossy(text, Format::Sbv, parse);
        assert_eq!(t.cues.len(), 2);
        assert_eq!(t.cues[1].text, "Trois");
        assert_eq!(warnings.len(), 1);
        let err = strict("0:00:01.000;0:00:02.000\nUn\n", parse).unwrap_err();
        assert_eq!((err.line, err.column), (Some(1), Some(12)));
        let err = strict("0:00:01.000,0:0x:02.000\nUn\n", parse).unwrap_err();
        assert_eq!((err.line, err.column), (Some(1), Some(16)));
    }

    #[test]
    fn text_before_any_timing_line_is_an_error() {
        let (t, errors) = lossy("Bonjour\n0:00:01.000,0:00:02.000\n", Format::Sbv, parse);
        assert!(t.cues.is_empty());
        assert_eq!((errors[0].line, errors[0].column), (Some(1), Some(1)));
        assert!(!is_timing_line("10:30, on commence"));
        assert!(is_timing_line("0:00:22.600,0:00:26.3OO"));
    }

    #[test]
    fn text_after_a_blank_line_stays_with_its_cue() {
        let (t, warnings) = lossy("0:00:01.000,0:00:02.000\nUn\n\nsuite\n", Format::Sbv, parse);
        assert_eq!(t.cues[0].text, "Un\nsuite");
        assert_eq!((warnings[0].line, warnings[0].column), (Some(4), Some(1)));
        assert!(strict("0:00:01.000,0:00:02.000\nUn\n\nsuite\n", parse).is_err());
    }

    #[test]
    fn odd_spellings_are_read_and_said() {
        let text = "\n00:00:01.5,00:00:02.000\nUn\n\n\n0:00:03.000,0:00:02.000\nDeux\n";
        let (t, warnings) = lossy(text, Format::Sbv, parse);
        assert_eq!(t.cues[0].start, Some(Timestamp(1500)));
        assert_eq!(t.cues[1].end, Some(Timestamp(3000)));
        let at: Vec<(Option<usize>, Option<usize>)> =
            warnings.iter().map(|w| (w.line, w.column)).collect();
        assert_eq!(
            at,
            [
                (Some(1), Some(1)),
                (Some(2), Some(1)),
                (Some(5), Some(1)),
                (Some(6), Some(13))
            ]
        );
    }
}
