//! SubRip. Real files are messy: BOMs, CRLF, missing or wrong indices, `.`
//! before the milliseconds, runs of blank lines, a blank line inside a cue's
//! text. The lossy parser accepts all of these and says so; the strict one
//! reports the first with its line and column.

use crate::error::{Error, Result, quote};
use crate::format::Format;
use crate::timestamp::Timestamp;
use crate::transcript::{Cue, Transcript};

use super::{Defects, column, numbered_lines};

/// Parses SRT, failing at the first defect.
pub fn parse_srt(text: &str) -> Result<Transcript> {
    super::strict(text, parse)
}

/// Parses SRT, repairing what it can; returns the repairs as warnings.
/// Fails only where no cue structure can be recovered (a timing line whose
/// timestamps do not parse at all).
pub fn parse_srt_lossy(text: &str) -> (Transcript, Vec<Error>) {
    super::lossy(text, Format::Srt, parse)
}

/// A timing line's parts.
pub(crate) struct Timing {
    pub start: Timestamp,
    pub end: Timestamp,
    pub settings: Option<String>,
}

pub(super) fn parse(text: &str, defects: &mut Defects) -> Result<Transcript> {
    let lines: Vec<(usize, &str)> = numbered_lines(text).collect();
    let mut cues: Vec<Cue> = Vec::new();
    let mut i = 0;
    let mut blank_run = 0;
    while i < lines.len() {
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
        let next_is_timing = lines.get(i + 1).is_some_and(|(_, l)| is_timing_line(l));
        let (id, timing_at) = if is_timing_line(line) {
            let expected = cues.len() + 1;
            defects.repairable(Error::parse(
                number,
                1,
                format!("expected cue index {expected}, found timing line"),
            ))?;
            (None, i)
        } else if next_is_timing {
            let expected = cues.len() + 1;
            let found = line.trim();
            if found.parse::<usize>().ok() != Some(expected) {
                defects.repairable(Error::parse(
                    number,
                    1,
                    format!("expected cue index {expected}, found {}", quote(found)),
                ))?;
            }
            (Some(found.to_string()), i + 1)
        } else if let Some(previous) = cues.last_mut() {
            // Text after a blank line inside a cue: keep it with that cue.
            defects.repairable(Error::parse(
                number,
                1,
                format!("expected a cue index, found text {}", quote(line)),
            ))?;
            previous.text.push('\n');
            previous.text.push_str(line);
            i += 1;
            continue;
        } else if let Some((next_number, next)) = lines
            .get(i + 1)
            .filter(|(_, l)| is_index(line) && l.contains("-->"))
        {
            // An index, then a timing line whose first time does not
            // parse ("-00:00:01,000 --> ..."): say what is wrong there.
            parse_timing(next, *next_number, ',', defects)?;
            return Err(Error::parse(
                *next_number,
                1,
                format!("expected a timing line, found {}", quote(next)),
            ));
        } else {
            return Err(Error::parse(
                number,
                1,
                format!("expected a cue index or timing line, found {}", quote(line)),
            ));
        };
        let (timing_number, timing_line) = lines[timing_at];
        let timing = parse_timing(timing_line, timing_number, ',', defects)?;
        let mut text_lines = Vec::new();
        let mut j = timing_at + 1;
        while j < lines.len() && !lines[j].1.trim().is_empty() {
            // A cue with no blank line before the next one: the next timing
            // line starts a new cue (its index, if any, is the line before).
            if is_timing_line(lines[j].1)
                || lines.get(j + 1).is_some_and(|(_, l)| is_timing_line(l)) && is_index(lines[j].1)
            {
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
        cues.push(Cue {
            id,
            start: Some(timing.start),
            end: Some(timing.end),
            settings: timing.settings,
            text: text_lines.join("\n"),
            line: timing_number + 1,
            ..Cue::default()
        });
        i = j;
    }
    if blank_run > 1 {
        let last = lines.last().map_or(1, |(n, _)| *n);
        defects.repairable(Error::parse(
            last,
            1,
            "unexpected blank lines at end of file",
        ))?;
    }
    Ok(Transcript::new(Format::Srt, cues))
}

fn is_index(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
}

/// Whether the line is shaped like a timing line: a time (digits and
/// colons, maybe a fraction), then an arrow, leniently (`->`, `=>` count,
/// so they can be reported). Only the shape: "3 -> 4 people came" is
/// text, and "00:61:00,000 --> ..." a timing line with a bad time.
pub(crate) fn is_timing_line(line: &str) -> bool {
    let b = line.trim_start().as_bytes();
    let mut i = 0;
    let mut colons = 0;
    loop {
        let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return false;
        }
        i += digits;
        if b.get(i) == Some(&b':') && colons < 2 {
            colons += 1;
            i += 1;
        } else {
            break;
        }
    }
    if colons == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'.' | b',')) {
        i += 1;
        i += b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    }
    i += b[i..]
        .iter()
        .take_while(|c| c.is_ascii_whitespace())
        .count();
    let rest = &b[i..];
    ["-->", "->", "—>", "=>"]
        .iter()
        .any(|arrow| rest.starts_with(arrow.as_bytes()))
}

/// Parses `start --> end [settings]`. `separator` is the format's own
/// milliseconds separator; the other one is a repairable defect.
pub(crate) fn parse_timing(
    line: &str,
    number: usize,
    separator: char,
    defects: &mut Defects,
) -> Result<Timing> {
    let lead = line.len() - line.trim_start().len();
    let start = parse_time(line, lead, number, separator, defects)?;
    let mut pos = lead + start.1;
    let ws = line[pos..].len() - line[pos..].trim_start().len();
    pos += ws;
    let rest = &line[pos..];
    let arrow_len = if rest.starts_with("-->") {
        3
    } else if let Some(len) = ["->", "—>", "=>"]
        .iter()
        .find(|a| rest.starts_with(**a))
        .map(|a| a.len())
    {
        let found: String = rest
            .chars()
            .take_while(|c| !c.is_ascii_digit() && !c.is_whitespace())
            .collect();
        defects.repairable(Error::parse(
            number,
            column(line, pos),
            format!(
                "expected \"-->\" between timestamps, found {}",
                quote(&found)
            ),
        ))?;
        len
    } else {
        let found: String = rest.chars().take(8).collect();
        return Err(Error::parse(
            number,
            column(line, pos),
            format!(
                "expected \"-->\" between timestamps, found {}",
                quote(&found)
            ),
        ));
    };
    pos += arrow_len;
    pos += line[pos..].len() - line[pos..].trim_start().len();
    let end = parse_time(line, pos, number, separator, defects)?;
    pos += end.1;
    let settings = line[pos..].trim();
    if end.0 < start.0 {
        defects.repairable(Error::parse(
            number,
            column(line, lead),
            format!(
                "expected the end after the start, found {} --> {}",
                start.0.srt(),
                end.0.srt()
            ),
        ))?;
    }
    Ok(Timing {
        start: start.0,
        end: end.0.max(start.0),
        settings: (!settings.is_empty()).then(|| settings.to_string()),
    })
}

fn parse_time(
    line: &str,
    at: usize,
    number: usize,
    separator: char,
    defects: &mut Defects,
) -> Result<(Timestamp, usize)> {
    let text = &line[at..];
    match Timestamp::parse_prefix(text) {
        Ok((parsed, len)) => {
            let hours_required = separator == ',';
            if !Timestamp::is_canonical_prefix(text, separator, hours_required) {
                let want = if hours_required {
                    "HH:MM:SS,mmm"
                } else {
                    "[HH:]MM:SS.mmm"
                };
                defects.repairable(Error::parse(
                    number,
                    column(line, at),
                    format!("expected a timestamp {want}, found {}", quote(&text[..len])),
                ))?;
            }
            Ok((parsed.time, len))
        }
        Err(err) => {
            let found: String = text[err.offset..]
                .chars()
                .take_while(|c| !c.is_whitespace())
                .collect();
            Err(Error::parse(
                number,
                column(line, at + err.offset),
                format!(
                    "expected {} in timestamp, found {}",
                    err.expected,
                    quote(&found)
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(t.cues[0].text, "Un\nsuite");
    }

    #[test]
    fn text_with_an_arrow_is_text() {
        let srt = "1\n00:00:01,000 --> 00:00:02,000\n3 -> 4 people came\n10 -> 12\n";
        let t = parse_srt(srt).unwrap();
        assert_eq!(t.cues[0].text, "3 -> 4 people came\n10 -> 12");
        assert!(is_timing_line("00:00:01,000 -> 00:00:02,000"));
        assert!(is_timing_line("00:61:00,000 --> 00:62:00,000"));
        assert!(!is_timing_line("3 -> 4 people came"));
    }

    #[test]
    fn a_negative_time_is_reported_on_its_own_line() {
        let err = parse_srt("1\n-00:00:01,000 --> 00:00:02,000\nUn\n").unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(1)));
        assert!(err.message.contains("expected a digit"), "{}", err.message);
    }

    #[test]
    fn bad_minutes_are_an_error_even_when_lossy() {
        let (_, warnings) = parse_srt_lossy("1\n00:61:00,000 --> 00:62:00,000\nUn\n");
        assert_eq!((warnings[0].line, warnings[0].column), (Some(2), Some(4)));
    }
}
