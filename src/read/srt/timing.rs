//! SRT timing lines as the common parsers read them (cdown/srt's
//! `RGX_TIMESTAMP` and arrow, pysrt, go-astisub), and what each departure
//! from `HH:MM:SS,mmm --> HH:MM:SS,mmm` was read as. Only the line: which
//! line is a timing line, and what a cue is, is the block reader's job.
//! Sources and the variant table: fixtures/readers/NOTES.md part 2.

use crate::error::quote;
use crate::timestamp::Timestamp;

/// A timing line read, with what was repaired on the way.
#[derive(Debug)]
pub(super) struct TimingLine {
    pub start: Timestamp,
    pub end: Timestamp,
    /// What follows the end time (X1:… Y2:… boxes of DVD rips), trimmed.
    pub settings: Option<String>,
    /// Each departure from the canonical line, where it stands and what
    /// it was read as. Empty for a canonical line.
    pub repairs: Vec<Defect>,
}

/// What is wrong at byte `offset` of a line: "expected …, found …".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Defect {
    pub offset: usize,
    pub message: String,
}

impl Defect {
    fn new(offset: usize, message: impl Into<String>) -> Defect {
        Defect {
            offset,
            message: message.into(),
        }
    }
}

/// `:` between hours, minutes and seconds; cdown/srt also takes the
/// full-width colon Japanese and Chinese subtitles use.
const COLONS: [char; 2] = [':', '：'];
/// Before the milliseconds: `,`, the `.` of WebVTT lines pasted into SRT,
/// and cdown/srt's full-width `，` `．` and ideographic `。`.
const FRACTION_MARKS: [char; 5] = [',', '.', '，', '．', '。'];

/// Arrows read as `-->`: cdown/srt's `-[ -] *>` (so `- >`, `-- >`), and
/// the one-character slips `->`, `—>`, `=>` that no parser reads (they
/// are reported, and read, so that a typo costs no cue).
fn arrow_len(rest: &str) -> Option<usize> {
    if rest.starts_with("-->") {
        return Some(3);
    }
    let b = rest.as_bytes();
    if b.first() == Some(&b'-') && matches!(b.get(1), Some(b' ' | b'-')) {
        let spaces = b[2..].iter().take_while(|&&c| c == b' ').count();
        if b.get(2 + spaces) == Some(&b'>') {
            return Some(3 + spaces);
        }
    }
    ["->", "—>", "=>"]
        .iter()
        .find(|a| rest.starts_with(**a))
        .map(|a| a.len())
}

/// Whether a line is shaped like a timing line: a time (digits and
/// colons, maybe a fraction), then an arrow, as `arrow_len` reads one.
/// Only the shape: "3 -> 4 people came" is text, and "00:61:00,000 -->
/// ..." a timing line with a time to repair.
pub(in crate::read) fn looks_like_timing_line(line: &str) -> bool {
    let rest = line.trim_start_matches([' ', '\t']);
    let bytes = rest.as_bytes();
    // Asked of every line of a file: most are text, and a time opens on
    // a digit.
    if !bytes.first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    // A colon counts after a digit, and the first byte is one: every
    // colon from here on counts.
    let mut colons = 0;
    let mut end = rest.len();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // A byte at a time while the time is ASCII, as nearly every one
        // is; a character beyond (a full-width colon) is read whole.
        let (part_of_a_time, len) = match b {
            b'0'..=b'9' => (true, 1),
            b':' => {
                colons += 1;
                (true, 1)
            }
            b',' | b'.' => (colons > 0, 1),
            0..0x80 => (false, 1),
            _ => {
                // `i` is at a character's start: it moves by whole ones.
                let c = rest[i..].chars().next().unwrap_or_default();
                if COLONS.contains(&c) {
                    colons += 1;
                    (true, c.len_utf8())
                } else {
                    (FRACTION_MARKS.contains(&c) && colons > 0, c.len_utf8())
                }
            }
        };
        if !part_of_a_time {
            end = i;
            break;
        }
        i += len;
    }
    colons > 0 && arrow_len(rest[end..].trim_start_matches([' ', '\t'])).is_some()
}

/// A timestamp as written, before its value is checked.
struct Written<'a> {
    text: &'a str,
    /// Each field's digits and its byte offset in the line: hours (if
    /// written), minutes, seconds: inline, as every timing line of a
    /// file has two.
    fields: smallvec::SmallVec<[(&'a str, usize); 3]>,
    /// The mark before the milliseconds and their digits, if written.
    fraction: Option<(char, &'a str)>,
}

/// *One timestamp* at byte `at`: `[H+:]M+:S+[,mmm]`, any of `COLONS`
/// between the fields and `FRACTION_MARKS` before the milliseconds.
fn written(line: &str, at: usize) -> Result<(Written<'_>, usize), Defect> {
    let digits_at = |pos: usize| -> &str {
        let rest = &line[pos..];
        let n = rest.bytes().take_while(u8::is_ascii_digit).count();
        &rest[..n]
    };
    let mut pos = at;
    let mut fields = smallvec::SmallVec::new();
    loop {
        let digits = digits_at(pos);
        if digits.is_empty() {
            return Err(Defect::new(
                pos,
                format!("expected a digit in timestamp, found {}", found(line, pos)),
            ));
        }
        fields.push((digits, pos));
        pos += digits.len();
        match line[pos..].chars().next() {
            Some(c) if COLONS.contains(&c) && fields.len() < 3 => pos += c.len_utf8(),
            _ => break,
        }
    }
    if fields.len() < 2 {
        return Err(Defect::new(
            pos,
            format!(
                "expected \":\" between minutes and seconds, found {}",
                found(line, pos)
            ),
        ));
    }
    let mut fraction = None;
    if let Some(mark) = line[pos..]
        .chars()
        .next()
        .filter(|c| FRACTION_MARKS.contains(c))
    {
        let digits = digits_at(pos + mark.len_utf8());
        if !digits.is_empty() {
            pos += mark.len_utf8() + digits.len();
            fraction = Some((mark, digits));
        }
    }
    Ok((
        Written {
            text: &line[at..pos],
            fields,
            fraction,
        },
        pos,
    ))
}

/// The value of a timestamp as cdown/srt computes it: each field an
/// integer, minutes and seconds past 59 carried, milliseconds read as a
/// whole number (`,04` is 4 ms, `,5` is 5 ms; pysrt agrees, go-astisub
/// scales them), missing milliseconds 0. The repair, if the timestamp is
/// not `HH:MM:SS,mmm`.
fn value(w: &Written) -> Result<(Timestamp, Option<Defect>), Defect> {
    let number = |digits: &str| digits.parse::<u64>().ok();
    let at = w.fields[0].1;
    let too_far = || {
        Defect::new(
            at,
            format!(
                "expected at most {} hours in timestamp, found {}",
                Timestamp::MAX_HOURS,
                quote(w.text)
            ),
        )
    };
    let (h, m, s) = match w.fields[..] {
        [(h, _), (m, _), (s, _)] => (number(h), number(m), number(s)),
        [(m, _), (s, _)] => (Some(0), number(m), number(s)),
        _ => unreachable!("`written` gives two or three fields"),
    };
    let ms = w.fraction.map_or(Some(0), |(_, d)| number(d));
    let total = (|| {
        let h = h?;
        if h > Timestamp::MAX_HOURS {
            return None;
        }
        let seconds = (h.checked_mul(60)?.checked_add(m?)?)
            .checked_mul(60)?
            .checked_add(s?)?;
        seconds.checked_mul(1000)?.checked_add(ms?)
    })()
    .filter(|&t| t <= Timestamp::MAX.0)
    .ok_or_else(too_far)?;
    let time = Timestamp(total);
    let read_as = |why: &str| {
        format!(
            "expected a timestamp HH:MM:SS,mmm, found {}; read as {} ({why})",
            quote(w.text),
            time.srt()
        )
    };
    let n = w.fields.len();
    let (minutes, seconds) = (w.fields[n - 2], w.fields[n - 1]);
    let repair = if let Some((digits, at)) = [minutes, seconds]
        .into_iter()
        .find(|(d, _)| number(d).is_none_or(|v| v > 59))
    {
        Some(Defect::new(
            at,
            format!(
                "expected minutes and seconds below 60, found {}; read as {} (carried, as cdown/srt, pysrt and go-astisub do)",
                quote(digits),
                time.srt()
            ),
        ))
    } else if w.text.contains(['：', '，', '．', '。']) {
        Some(Defect::new(
            at,
            read_as("full-width marks read as \":\" and \",\", as cdown/srt does"),
        ))
    } else if n == 2 {
        Some(Defect::new(at, read_as("no hours")))
    } else if w.fields.iter().enumerate().any(|(i, (d, _))| {
        // Hours have two digits or more, minutes and seconds exactly two.
        if i == 0 { d.len() < 2 } else { d.len() != 2 }
    }) {
        Some(Defect::new(at, read_as("fields of the wrong width")))
    } else {
        match w.fraction {
            None => Some(Defect::new(at, read_as("no milliseconds"))),
            Some(('.', d)) if d.len() == 3 => Some(Defect::new(at, read_as("\".\" read as \",\""))),
            Some((_, d)) if d.len() != 3 => Some(Defect::new(
                at,
                read_as(&format!(
                    "milliseconds {d} read as {} ms, as cdown/srt and pysrt do",
                    number(d).unwrap_or(0)
                )),
            )),
            _ => None,
        }
    };
    Ok((time, repair))
}

/// What stands at `pos`, for a message: up to the next space, or "the
/// end of the line".
fn found(line: &str, pos: usize) -> String {
    let rest = &line[pos.min(line.len())..];
    let word: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
    if word.is_empty() {
        match rest.chars().next() {
            Some(c) => quote(&c.to_string()),
            None => "the end of the line".to_string(),
        }
    } else {
        quote(&word)
    }
}

/// Reads `start --> end [anything]`, leniently, as the common parsers
/// do; fails only where no time or arrow can be read.
pub(super) fn timing_line(line: &str) -> Result<TimingLine, Defect> {
    if let Some(read) = canonical(line) {
        return Ok(read);
    }
    let mut repairs = Vec::new();
    let skip =
        |pos: usize| pos + line[pos..].len() - line[pos..].trim_start_matches([' ', '\t']).len();
    let start_at = skip(0);
    let (start_written, pos) = written(line, start_at)?;
    let (start, repair) = value(&start_written)?;
    repairs.extend(repair);
    let arrow_at = skip(pos);
    let Some(len) = arrow_len(&line[arrow_at..]) else {
        // A letter against the digits (`00:00:0x,000`, `0O:00:01,000`)
        // is a misread digit, not a missing arrow: say so where it stands.
        if line[pos..].starts_with(|c: char| c.is_alphanumeric()) {
            return Err(Defect::new(
                pos,
                format!("expected a digit in timestamp, found {}", found(line, pos)),
            ));
        }
        let shown: String = line[arrow_at..].chars().take(8).collect();
        return Err(Defect::new(
            arrow_at,
            format!(
                "expected \"-->\" between timestamps, found {}",
                quote(&shown)
            ),
        ));
    };
    if &line[arrow_at..arrow_at + len] != "-->" {
        repairs.push(Defect::new(
            arrow_at,
            format!(
                "expected \"-->\" between timestamps, found {}",
                quote(&line[arrow_at..arrow_at + len])
            ),
        ));
    }
    let end_at = skip(arrow_at + len);
    let (end_written, pos) = written(line, end_at)?;
    let (end, repair) = value(&end_written)?;
    repairs.extend(repair);
    let mut rest = line[pos..].trim_matches(|c: char| c.is_ascii_whitespace());
    // cdown/srt keeps `--> 00:00:05,000` as "proprietary" text, pysrt drops
    // the cue, go-astisub reads the first two times: the second arrow and
    // what follows it are left out, and said.
    if arrow_len(rest).is_some() {
        let second_at = line.len()
            - line[pos..]
                .trim_start_matches(|c: char| c.is_ascii_whitespace())
                .len();
        repairs.push(Defect::new(
            second_at,
            format!(
                "expected one arrow on the timing line, found a second {}; left out",
                quote(rest)
            ),
        ));
        rest = "";
    }
    if end < start {
        repairs.push(Defect::new(
            start_at,
            format!(
                "expected the end after the start, found {} --> {}; kept as written",
                start.srt(),
                end.srt()
            ),
        ));
    }
    Ok(TimingLine {
        start,
        end,
        settings: (!rest.is_empty()).then(|| rest.to_string()),
        repairs,
    })
}

/// The line nearly every writer writes, `HH:MM:SS,mmm --> HH:MM:SS,mmm`
/// and nothing after it, with the end not before the start: read without
/// the general reader's steps (most of the time an SRT file takes to
/// read). Hours may have up to four digits: a recording past 99 hours
/// goes on with three, as writers write them and as the general reader
/// reads them without a report. `None` for any other line;
/// `timing_line` reads it the same way.
fn canonical(line: &str) -> Option<TimingLine> {
    let b = line.as_bytes();
    let (start, start_len) = canonical_time(b)?;
    let rest = b.get(start_len..)?.strip_prefix(b" --> ")?;
    let (end, end_len) = canonical_time(rest)?;
    (end_len == rest.len() && end >= start).then(|| TimingLine {
        start: Timestamp(start),
        end: Timestamp(end),
        settings: None,
        repairs: Vec::new(),
    })
}

/// The time `H…H:MM:SS,mmm` that `t` opens with, two to four digits of
/// hours (at most `Timestamp::MAX_HOURS`), and its length; `None` if it
/// opens with anything else.
fn canonical_time(t: &[u8]) -> Option<(u64, usize)> {
    let hours = t.iter().take(5).take_while(|d| d.is_ascii_digit()).count();
    if !(2..=4).contains(&hours) {
        return None;
    }
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u64, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u64::from(d - b'0'))
        })
    };
    let h = number(&t[..hours])?;
    let rest = t.get(hours..hours + 10)?;
    if rest[0] != b':' || rest[3] != b':' || rest[6] != b',' {
        return None;
    }
    let (m, s, ms) = (
        number(&rest[1..3])?,
        number(&rest[4..6])?,
        number(&rest[7..])?,
    );
    (m <= 59 && s <= 59).then_some((((h * 60 + m) * 60 + s) * 1000 + ms, hours + 10))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str) -> (u64, u64, Vec<usize>) {
        let t = timing_line(line).unwrap();
        (
            t.start.0,
            t.end.0,
            t.repairs.iter().map(|d| d.offset).collect(),
        )
    }

    #[test]
    fn the_variants_the_common_parsers_read() {
        assert_eq!(read("00:00:01,000 --> 00:00:02,500"), (1000, 2500, vec![]));
        assert_eq!(read("00:00:05,000-->00:00:06,000"), (5000, 6000, vec![]));
        assert_eq!(
            read("100:00:00,000 --> 100:00:01,000"),
            (360_000_000, 360_001_000, vec![])
        );
        assert_eq!(read("00:01:41 --> 00:01:44").2, [0, 13]);
        assert_eq!(
            read("00:01:41,04 --> 00:01:43,5"),
            (101_004, 103_005, vec![0, 16])
        );
        assert_eq!(read("00:00:01.000 --> 00:00:02,500"), (1000, 2500, vec![0]));
        assert_eq!(
            read("00:00:01,000 - > 00:00:02,000"),
            (1000, 2000, vec![13])
        );
        assert_eq!(
            read("00:00:03,000 -- > 00:00:04,000"),
            (3000, 4000, vec![13])
        );
        assert_eq!(
            read("00:61:00,000 --> 00:61:02,500"),
            (3_660_000, 3_662_500, vec![3, 20])
        );
        assert_eq!(read("00:00:05,000 --> 00:00:02,000"), (5000, 2000, vec![0]));
        assert_eq!(read("00：00：01，000 --> 00：00：02，500").0, 1000);
        let t = timing_line("00:00:01,000 --> 00:00:02,000  X1:100 X2:600 Y1:050 Y2:100").unwrap();
        assert_eq!(t.settings.as_deref(), Some("X1:100 X2:600 Y1:050 Y2:100"));
        assert!(t.repairs.is_empty());
        let t = timing_line("00:00:01,000 --> 00:00:02,000 --> 00:00:05,000").unwrap();
        assert_eq!((t.settings, t.repairs[0].offset), (None, 30));
    }

    #[test]
    fn what_no_parser_reads_fails_where_it_stands() {
        let d = timing_line("-00:00:01,000 --> 00:00:02,000").unwrap_err();
        assert_eq!(
            (d.offset, d.message.as_str()),
            (0, "expected a digit in timestamp, found \"-00:00:01,000\"")
        );
        // A letter for a digit inside the start is named where it stands,
        // not as an arrow missing after "00:00:0".
        let d = timing_line("00:00:0x,000 --> 00:00:02,000").unwrap_err();
        assert_eq!(
            (d.offset, d.message.as_str()),
            (7, "expected a digit in timestamp, found \"x,000\"")
        );
        let d = timing_line("00:00:01,000 => 00:00:02").unwrap();
        assert_eq!(d.repairs[0].offset, 13);
        let d = timing_line("00:00:01,000 to 00:00:02,000").unwrap_err();
        assert_eq!(d.offset, 13);
        let d = timing_line("99999:00:01,000 --> 99999:00:02,000").unwrap_err();
        assert!(
            d.message.starts_with("expected at most 9999 hours"),
            "{}",
            d.message
        );
    }

    /// `looks_like_timing_line` as it read every line, a character at a
    /// time.
    fn looks_like_timing_line_by_chars(line: &str) -> bool {
        let rest = line.trim_start_matches([' ', '\t']);
        let mut colons = 0;
        let mut digits = 0;
        let mut end = rest.len();
        for (i, c) in rest.char_indices() {
            let part_of_a_time = if c.is_ascii_digit() {
                digits += 1;
                true
            } else if COLONS.contains(&c) && digits > 0 {
                colons += 1;
                true
            } else {
                FRACTION_MARKS.contains(&c) && colons > 0
            };
            if !part_of_a_time {
                end = i;
                break;
            }
        }
        colons > 0 && arrow_len(rest[end..].trim_start_matches([' ', '\t'])).is_some()
    }

    /// Lines of the characters a time is made of, and of those it is
    /// not (every line of up to four pieces, and longer ones), read as a
    /// character at a time reads them.
    #[test]
    fn a_timing_line_is_read_a_byte_at_a_time_as_a_character_at_a_time() {
        let pieces = [
            "0", "12", ":", "：", ",", ".", "，", "．", "。", " ", "\t", "-->", "->", "- >", "—>",
            "=>", "-", ">", "a", "é", "٣", "\u{a0}",
        ];
        let lines = crate::test_strings::strings_of(&pieces, 40, 20_000);
        let mut timing = 0;
        for line in &lines {
            let expected = looks_like_timing_line_by_chars(line);
            assert_eq!(looks_like_timing_line(line), expected, "{line:?}");
            timing += usize::from(expected);
        }
        // Enough of both answers to tell a wrong one.
        assert!(timing > 500 && lines.len() - timing > 100_000, "{timing}");
    }

    #[test]
    fn the_shape_of_a_timing_line() {
        assert!(looks_like_timing_line("00:00:01,000 -> 00:00:02,000"));
        assert!(looks_like_timing_line("00:61:00,000 --> 00:62:00,000"));
        assert!(looks_like_timing_line("00:01:41 - > 00:01:44"));
        assert!(looks_like_timing_line(
            "00：00：01，000 --> 00：00：02，500"
        ));
        assert!(!looks_like_timing_line("3 -> 4 people came"));
        assert!(!looks_like_timing_line("Then -- > that"));
    }

    #[test]
    fn canonical_lines_read_as_the_general_reader_reads_them() {
        let general = |line: &str| {
            // The general reader alone: the line with a space after it is
            // not canonical, and its trailing space is trimmed.
            let t = timing_line(&format!("{line} ")).unwrap();
            (t.start, t.end, t.settings, t.repairs)
        };
        for line in [
            "00:00:00,000 --> 00:00:00,000",
            "00:01:41,040 --> 00:01:44,999",
            "99:59:59,999 --> 99:59:59,999",
            "12:34:56,789 --> 23:45:01,002",
            "99:59:59,999 --> 100:00:02,500",
            "100:00:00,000 --> 100:00:02,500",
            "9999:59:59,999 --> 9999:59:59,999",
            "0001:00:00,000 --> 01:00:01,000",
        ] {
            let fast = canonical(line).expect(line);
            assert_eq!(
                (fast.start, fast.end, fast.settings, fast.repairs),
                general(line),
                "{line}"
            );
        }
        // Anything else is the general reader's: repairs, settings, an end
        // before the start, a field out of range.
        for line in [
            "00:00:01.000 --> 00:00:02,000",
            "00:00:02,000 --> 00:00:01,000",
            "00:61:00,000 --> 00:62:00,000",
            "0:00:01,000 --> 00:00:02,0000",
            "00:00:01,000 --> 00:00:02,000 X1:1",
            "00:00:01,000 -> 00:00:02,0000",
            "00:00:01,00a --> 00:00:02,000",
            "0:00:01,000 --> 00:00:02,000",
            "10000:00:00,000 --> 10000:00:01,000",
            "00:00:01,000 --> 00:00:02,000 ",
            "00:00:01,000 --> 00:00:02,00",
            "00:00:01,000 -->  00:00:02,000",
            "100:00:01,000 --> 99:00:02,000",
        ] {
            assert!(canonical(line).is_none(), "{line}");
        }
        // What the times read as, counted by hand.
        let t = canonical("100:00:02,500 --> 1234:05:06,007").unwrap();
        assert_eq!(t.start.0, 360_002_500);
        assert_eq!(t.end.0, ((1234 * 60 + 5) * 60 + 6) * 1000 + 7);
    }
}
