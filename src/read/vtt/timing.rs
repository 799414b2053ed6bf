//! WebVTT timing lines, twice: as the parser reads them (*collect a WebVTT
//! timestamp*, *collect WebVTT cue timings and settings*: what browsers
//! accept) and as the file syntax writes them (what strict mode demands).
//! Only the line: which line is a timing line is the block reader's job.
//! Spec: w3c/webvtt `index.bs`, §"WebVTT cue timings and settings parsing"
//! and §"WebVTT file structure"; fixtures/readers/NOTES.md §6-§8.

use crate::error::quote;
use crate::timestamp::Timestamp;

/// A timing line the parser accepts, and where its parts stand (byte
/// offsets in the line) for the syntax check.
#[derive(Debug)]
pub(super) struct Timings<'a> {
    pub start: Timestamp,
    pub end: Timestamp,
    /// Everything after the end time, from the very next character: the
    /// parser reads cue settings from it, glued or not.
    pub rest: &'a str,
    start_at: usize,
    start_stamp: Stamp,
    arrow_at: usize,
    end_at: usize,
    end_stamp: Stamp,
}

/// A timestamp as written: its length in bytes, and how many digits its
/// hours have (none when it is `MM:SS.mmm`).
#[derive(Debug, Clone, Copy)]
struct Stamp {
    len: usize,
    hour_digits: Option<usize>,
}

/// What is wrong on a timing line: at byte `offset`, "expected …, found …".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Defect {
    pub offset: usize,
    pub message: String,
}

impl Defect {
    fn new(offset: usize, message: String) -> Defect {
        Defect { offset, message }
    }
}

/// ASCII whitespace as WHATWG Infra defines it (tab, LF, FF, CR, space):
/// `u8::is_ascii_whitespace` is exactly that. A vertical tab, a no-break
/// space or U+FEFF is not whitespace here, so `\v00:00:01.000` fails
/// (`char::is_whitespace` and `str::trim` would take them).
fn skip_whitespace(b: &[u8], mut pos: usize) -> usize {
    while b.get(pos).is_some_and(u8::is_ascii_whitespace) {
        pos += 1;
    }
    pos
}

fn digits(b: &[u8], pos: usize) -> usize {
    b[pos.min(b.len())..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count()
}

/// What stands at `pos`, for a message: the word there (up to the next
/// ASCII whitespace, at least one character), or the end of the line.
fn found(line: &str, pos: usize) -> String {
    let rest = &line[pos.min(line.len())..];
    let Some(first) = rest.chars().next() else {
        return "the end of the line".to_string();
    };
    let word_end = rest
        .char_indices()
        .skip(1)
        .find(|(_, c)| c.is_ascii_whitespace())
        .map_or(rest.len(), |(i, _)| i);
    quote(&rest[..word_end.max(first.len_utf8())])
}

/// *Collect a WebVTT timestamp* at byte `at`: `[H+:]MM:SS.mmm`. A first
/// field that is not two digits, or is over 59, is hours; hours have any
/// number of digits. Fails at the first character that does not fit,
/// in the order the algorithm checks. Hours past `Timestamp::MAX_HOURS`
/// fail too: the spec has no bound, transcrub's times do (they would
/// overflow the arithmetic on times elsewhere).
fn timestamp(line: &str, at: usize) -> Result<(Timestamp, Stamp), Defect> {
    let b = line.as_bytes();
    let mut pos = at;
    let n1 = digits(b, pos);
    if n1 == 0 {
        return Err(Defect::new(
            pos,
            format!("expected a digit, found {}", found(line, pos)),
        ));
    }
    let first = &line[pos..pos + n1];
    // Too many digits for u64: hours, and far past the bound.
    let v1 = first.parse::<u64>().unwrap_or(u64::MAX);
    let hours = n1 != 2 || v1 > 59;
    pos += n1;
    if b.get(pos) != Some(&b':') {
        return Err(Defect::new(
            pos,
            format!(
                "expected \":\" after {}, found {}",
                quote(first),
                found(line, pos)
            ),
        ));
    }
    pos += 1;
    let two = |pos: usize| -> Result<u64, Defect> {
        let n = digits(b, pos);
        if n != 2 {
            let what = if n == 0 {
                found(line, pos)
            } else {
                quote(&line[pos..pos + n])
            };
            return Err(Defect::new(
                pos,
                format!("expected two digits after \":\", found {what}"),
            ));
        }
        Ok(u64::from(b[pos] - b'0') * 10 + u64::from(b[pos + 1] - b'0'))
    };
    let second_at = pos;
    let v2 = two(pos)?;
    pos += 2;
    let (h, m, s, m_at, s_at, hour_digits) = if hours || b.get(pos) == Some(&b':') {
        if b.get(pos) != Some(&b':') {
            // `60:00.000`: 60 can only be hours, and then seconds are missing.
            return Err(Defect::new(
                pos,
                format!(
                    "expected \":\" and seconds after the hours {} (a first field that is not two digits, or is over 59, is hours), found {}",
                    quote(first),
                    found(line, pos)
                ),
            ));
        }
        pos += 1;
        let third_at = pos;
        let v3 = two(pos)?;
        pos += 2;
        (v1, v2, v3, second_at, third_at, Some(n1))
    } else {
        (0, v1, v2, at, second_at, None)
    };
    if b.get(pos) != Some(&b'.') {
        return Err(Defect::new(
            pos,
            format!(
                "expected \".\" before the milliseconds, found {}",
                found(line, pos)
            ),
        ));
    }
    pos += 1;
    let n4 = digits(b, pos);
    if n4 != 3 {
        let what = if n4 == 0 {
            found(line, pos)
        } else {
            quote(&line[pos..pos + n4])
        };
        return Err(Defect::new(
            pos,
            format!("expected three digits of milliseconds, found {what}"),
        ));
    }
    let ms = line[pos..pos + 3].parse::<u64>().unwrap_or(0);
    pos += 3;
    for (value, field_at, unit) in [(m, m_at, "minutes"), (s, s_at, "seconds")] {
        if value > 59 {
            return Err(Defect::new(
                field_at,
                format!(
                    "expected {unit} 00-59, found {}",
                    quote(&line[field_at..field_at + 2])
                ),
            ));
        }
    }
    if h > Timestamp::MAX_HOURS {
        return Err(Defect::new(
            at,
            format!(
                "expected at most {} hours (transcrub's limit), found {}",
                Timestamp::MAX_HOURS,
                quote(first)
            ),
        ));
    }
    let time = Timestamp(((h * 60 + m) * 60 + s) * 1000 + ms);
    Ok((
        time,
        Stamp {
            len: pos - at,
            hour_digits,
        },
    ))
}

/// *Collect WebVTT cue timings and settings* from a line that contains
/// `-->`: whitespace, a timestamp, whitespace, exactly `-->`,
/// whitespace, a timestamp; the rest is the settings. No check of the end
/// against the start: the parser keeps what is written.
pub(super) fn timings(line: &str) -> Result<Timings<'_>, Defect> {
    let b = line.as_bytes();
    let start_at = skip_whitespace(b, 0);
    let (start, start_stamp) = timestamp(line, start_at)?;
    let arrow_at = skip_whitespace(b, start_at + start_stamp.len);
    if !line[arrow_at..].starts_with("-->") {
        let shown: String = line[arrow_at..]
            .chars()
            .take_while(|c| !c.is_ascii_digit())
            .take(8)
            .collect();
        let shown = shown.trim_end_matches([' ', '\t']);
        let shown = if shown.is_empty() {
            found(line, arrow_at)
        } else {
            quote(shown)
        };
        return Err(Defect::new(
            arrow_at,
            format!("expected \"-->\" after the start time, found {shown}"),
        ));
    }
    let end_at = skip_whitespace(b, arrow_at + 3);
    let (end, end_stamp) = timestamp(line, end_at)?;
    Ok(Timings {
        start,
        end,
        rest: &line[end_at + end_stamp.len..],
        start_at,
        start_stamp,
        arrow_at,
        end_at,
        end_stamp,
    })
}

impl Timings<'_> {
    /// The settings as written, to be written back: the rest of the line
    /// without the whitespace around it.
    pub fn settings(&self) -> Option<String> {
        let s = self.rest.trim_matches(|c: char| c.is_ascii_whitespace());
        (!s.is_empty()).then(|| s.to_string())
    }

    /// Whether the start time is written with its hours (`00:00:30.800`,
    /// not `00:30.800`).
    pub fn hours_written(&self) -> bool {
        self.start_stamp.hour_digits.is_some()
    }

    /// Byte offset of the end time.
    pub fn end_at(&self) -> usize {
        self.end_at
    }

    /// Byte offset of the start time.
    pub fn start_at(&self) -> usize {
        self.start_at
    }

    /// The first departure of a parsed timing line from the file syntax:
    /// the start time first on the line; hours of two or more digits;
    /// one or more spaces or tabs on each side of `-->`; then nothing, or
    /// spaces or tabs and valid settings, each at most once.
    pub fn syntax_defect(&self, line: &str) -> Option<Defect> {
        if self.start_at > 0 {
            return Some(Defect::new(
                0,
                format!(
                    "expected the start time at the start of the line, found {}",
                    quote(&line[..self.start_at])
                ),
            ));
        }
        let start_end = self.start_at + self.start_stamp.len;
        let end_end = self.end_at + self.end_stamp.len;
        for (stamp, at) in [
            (self.start_stamp, self.start_at),
            (self.end_stamp, self.end_at),
        ] {
            if stamp.hour_digits == Some(1) {
                return Some(Defect::new(
                    at,
                    format!(
                        "expected two or more digits of hours, found {}",
                        quote(&line[at..at + 1])
                    ),
                ));
            }
        }
        for (from, to) in [(start_end, self.arrow_at), (self.arrow_at + 3, self.end_at)] {
            let gap = &line[from..to];
            if let Some(i) = gap.find(|c| c != ' ' && c != '\t') {
                return Some(Defect::new(
                    from + i,
                    format!(
                        "expected spaces or tabs around \"-->\", found {}",
                        quote(&gap[i..i + 1])
                    ),
                ));
            }
            if gap.is_empty() {
                return Some(Defect::new(
                    from,
                    format!(
                        "expected a space or tab on each side of \"-->\", found {}",
                        found(line, from)
                    ),
                ));
            }
        }
        let rest = self.rest;
        if rest.is_empty() {
            return None;
        }
        if !rest.starts_with([' ', '\t']) {
            return Some(Defect::new(
                end_end,
                format!(
                    "expected a space or tab before the cue settings, found {}",
                    quote(rest)
                ),
            ));
        }
        let mut seen: Vec<&str> = Vec::new();
        let mut offset = end_end;
        for token in rest.split([' ', '\t']) {
            let at = offset;
            offset += token.len() + 1;
            if token.is_empty() {
                continue;
            }
            if let Some(message) = setting_defect(token) {
                return Some(Defect::new(at, message));
            }
            let name = token.split(':').next().unwrap_or(token);
            if seen.contains(&name) {
                return Some(Defect::new(
                    at,
                    format!(
                        "expected each cue setting at most once, found a second {}",
                        quote(token)
                    ),
                ));
            }
            seen.push(name);
        }
        None
    }
}

/// Why one `name:value` token is not a valid cue setting, if it is not.
fn setting_defect(token: &str) -> Option<String> {
    let bad = |what: &str| Some(format!("expected {what}, found {}", quote(token)));
    let Some((name, value)) = token
        .split_once(':')
        .filter(|(n, v)| !n.is_empty() && !v.is_empty())
    else {
        return bad("a cue setting name:value");
    };
    if token.contains("-->") {
        return bad("a cue setting without \"-->\"");
    }
    let ok = match name {
        "vertical" => matches!(value, "rl" | "lr"),
        "line" => {
            let (at, align) = split_align(value);
            align.is_none_or(|a| matches!(a, "start" | "center" | "end"))
                && (is_percentage(at) || is_line_number(at))
        }
        "position" => {
            let (at, align) = split_align(value);
            align.is_none_or(|a| matches!(a, "line-left" | "center" | "line-right"))
                && is_percentage(at)
        }
        "size" => is_percentage(value),
        "align" => matches!(value, "start" | "center" | "end" | "left" | "right"),
        "region" => true,
        _ => {
            return bad("a cue setting vertical, line, position, size, align or region");
        }
    };
    if ok {
        return None;
    }
    let allowed = match name {
        "vertical" => "vertical:rl or vertical:lr",
        "line" => "line: a line number or a percentage, then optionally ,start ,center or ,end",
        "position" => "position: a percentage, then optionally ,line-left ,center or ,line-right",
        "size" => "size: a percentage from 0% to 100%",
        _ => "align:start, center, end, left or right",
    };
    bad(allowed)
}

fn split_align(value: &str) -> (&str, Option<&str>) {
    match value.split_once(',') {
        Some((at, align)) => (at, Some(align)),
        None => (value, None),
    }
}

/// A WebVTT percentage: digits, optionally `.` and digits, then `%`,
/// from 0 to 100.
fn is_percentage(s: &str) -> bool {
    let Some(number) = s.strip_suffix('%') else {
        return false;
    };
    let (whole, fraction) = match number.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (number, None),
    };
    let all_digits = |d: &str| !d.is_empty() && d.bytes().all(|c| c.is_ascii_digit());
    all_digits(whole)
        && fraction.is_none_or(all_digits)
        && number.parse::<f64>().is_ok_and(|v| v <= 100.0)
}

/// A line number as the syntax writes it: optionally `-`, then digits.
fn is_line_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(line: &str) -> Result<(u64, u64), String> {
        timings(line)
            .map(|t| (t.start.0, t.end.0))
            .map_err(|d| d.message)
    }

    #[test]
    fn timestamps_as_the_parser_reads_them() {
        assert_eq!(ms("00:01.000 --> 59:59.000"), Ok((1000, 3_599_000)));
        assert_eq!(ms("000:00:00.000 --> 01:00:00.000"), Ok((0, 3_600_000)));
        assert_eq!(
            ms("1:02:03.000 --> 100:00:00.000"),
            Ok((3_723_000, 360_000_000))
        );
        assert_eq!(
            ms("\u{c}00:00:01.000\u{c}-->\u{c}00:00:02.000"),
            Ok((1000, 2000))
        );
        assert_eq!(ms("00:00:05.000 --> 00:00:02.000"), Ok((5000, 2000)));
        for bad in [
            "00:60:00.000 --> 00:00:01.000",
            "00:00:60.000 --> 00:01:00.000",
            "60:00.000 --> 60:01.000",
            "00:00:01.5 --> 00:00:02.000",
            "00:00:01.0000 --> 00:00:02.000",
            "00:00:07 --> 00:00:08.000",
            "00:00:03,500 --> 00:00:04.000",
            "000:00.000 --> 00:01.000",
            "00:000:00.000 --> 00:01.000",
            "\u{b}00:00:01.000 --> 00:00:02.000",
            "00:00:01.000 - > 00:00:02.000",
            "10000:00:00.000 --> 10000:00:01.000",
        ] {
            assert!(ms(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn defects_say_what_was_expected_and_where() {
        let d = timings("00:00:03,500 --> 00:00:05.000").unwrap_err();
        assert_eq!(
            (d.offset, d.message.as_str()),
            (8, "expected \".\" before the milliseconds, found \",500\"")
        );
        let d = timings("00:00:03.000\u{b}--> 00:00:04.000").unwrap_err();
        assert_eq!(
            d.message,
            "expected \"-->\" after the start time, found \"\\u{b}-->\""
        );
    }

    #[test]
    fn settings_start_right_after_the_end_time() {
        let t = timings("00:00:07.000 --> 00:00:08.000align:end").unwrap();
        assert_eq!(t.settings().as_deref(), Some("align:end"));
        let t = timings("00:00:01.000 --> 00:00:02.000 --> 00:00:03.000").unwrap();
        assert_eq!(t.settings().as_deref(), Some("--> 00:00:03.000"));
    }

    #[test]
    fn the_syntax_check_is_stricter_than_the_parser() {
        let defect = |line: &str| timings(line).unwrap().syntax_defect(line).map(|d| d.offset);
        assert_eq!(
            defect("00:00:01.000 --> 00:00:02.000 align:start line:-2,end"),
            None
        );
        assert_eq!(
            defect("00:00:01.000 --> 00:00:02.000 position:20%,line-left size:50%"),
            None
        );
        assert_eq!(defect("00:00:01.000-->00:00:02.000"), Some(12));
        assert_eq!(defect("1:02:03.000 --> 01:02:04.000"), Some(0));
        assert_eq!(defect(" 00:00:01.000 --> 00:00:02.000"), Some(0));
        assert_eq!(defect("00:00:01.000 --> 00:00:02.000align:end"), Some(29));
        assert_eq!(
            defect("00:00:01.000 --> 00:00:02.000 align:middle"),
            Some(30)
        );
        assert_eq!(
            defect("00:00:01.000 --> 00:00:02.000 align:end align:start"),
            Some(40)
        );
        assert_eq!(defect("00:00:01.000 --> 00:00:02.000 size:40"), Some(30));
        assert_eq!(
            defect("00:00:01.000 --> 00:00:02.000 --> 00:00:03.000"),
            Some(30)
        );
    }
}
