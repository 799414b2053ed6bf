//! Timestamps in milliseconds: parsed and formatted at the edges only.
//! SRT writes `00:01:02,345`, WebVTT `00:01:02.345`.

use std::fmt;

use crate::decimal;

/// A point in time, in milliseconds from the start of the media.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(pub u64);

/// How a timestamp was written, so that lenient readers can say what they accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parsed {
    /// The time it denotes.
    pub time: Timestamp,
    /// The separator before the milliseconds: `,` (SRT) or `.` (VTT).
    pub separator: char,
    /// Whether the hours field was present (VTT may omit it).
    pub has_hours: bool,
}

/// Why a timestamp did not parse, with the byte offset of the defect in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampError {
    /// Byte offset of the defect from the start of the text given to the parser.
    pub offset: usize,
    /// What the parser wanted there, for the message (`"a digit"`).
    pub expected: &'static str,
}

/// `x.round() as u64`, without the C library's `round`: a call the
/// baseline x86-64 target cannot inline (it has no rounding instruction
/// before SSE 4.1), which `subtitles` made twice for every token of a
/// text timed by its speaking rate. The same value for every `f64`: the
/// cast truncates toward zero and saturates (NaN and negatives to 0, too
/// large to `u64::MAX`), and below 2^53, where a fraction can be left,
/// the fraction is subtracted exactly.
#[inline]
pub fn round_to_u64(x: f64) -> u64 {
    // Every time is below 2^63: there, through `i64`, whose conversions
    // either way are one instruction of the baseline x86-64, where
    // `u64`'s are about eight, and no sum can overflow. Timing a text by
    // its speaking rate rounds twice a token.
    if (0.0..TWO_TO_THE_63).contains(&x) {
        let whole = x as i64;
        return whole as u64 + u64::from(x - whole as f64 >= 0.5);
    }
    let whole = x as u64;
    whole.saturating_add(u64::from(x - whole as f64 >= 0.5))
}

/// 2^63, exactly, as an `f64`.
const TWO_TO_THE_63: f64 = 9_223_372_036_854_775_808.0;

impl Timestamp {
    /// Longer than any recording, and far enough from `u64::MAX` that no
    /// sum or product of times and character counts overflows: readers
    /// refuse later times with their position. Four digits because
    /// browsers read WebVTT's `1234:05:06.789` (the spec has no bound;
    /// web-platform-tests' timings-too-long,
    /// fixtures/readers/vtt/hours-over-99.vtt); 9999 hours is 3.6e10 ms.
    pub const MAX_HOURS: u64 = 9999;
    /// The latest time transcrub accepts: 9999:59:59.999.
    pub const MAX: Timestamp = Timestamp((Self::MAX_HOURS + 1) * 3_600_000 - 1);

    /// Seconds as a time, clamped to 0..=MAX (readers check the range
    /// first, and report what they clamp).
    pub fn from_secs_f64(secs: f64) -> Timestamp {
        // NaN and negatives round to 0.
        Timestamp(round_to_u64(secs * 1000.0).min(Self::MAX.0))
    }

    /// Whether `secs` seconds is a time a reader can take as it is.
    pub fn secs_in_range(secs: f64) -> bool {
        secs.is_finite() && secs >= 0.0 && secs * 1000.0 <= Self::MAX.0 as f64
    }

    /// The time in seconds, as JSON formats and reading speeds use it.
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }

    /// Parses `[H+:]MM:SS(,|.)mmm` at the start of `text`; returns the time and
    /// the number of bytes consumed. Minutes and seconds must be below 60;
    /// milliseconds may have 1 to 3 digits (a lenient reader decides whether
    /// fewer than 3 or a missing hours field is acceptable).
    pub fn parse_prefix(text: &str) -> Result<(Parsed, usize), TimestampError> {
        let bytes = text.as_bytes();
        let mut fields: Vec<(u64, usize, usize)> = Vec::with_capacity(3); // (value, start, digits)
        let mut pos = 0;
        loop {
            let start = pos;
            while pos < bytes.len() && bytes[pos].is_ascii_digit() {
                pos += 1;
            }
            if pos == start {
                return Err(TimestampError {
                    offset: start,
                    expected: "a digit",
                });
            }
            let value = text[start..pos]
                .parse::<u64>()
                .map_err(|_| TimestampError {
                    offset: start,
                    expected: "a smaller number",
                })?;
            fields.push((value, start, pos - start));
            if pos < bytes.len() && bytes[pos] == b':' && fields.len() < 3 {
                pos += 1;
                continue;
            }
            break;
        }
        if fields.len() < 2 {
            return Err(TimestampError {
                offset: pos,
                expected: "\":\" between minutes and seconds",
            });
        }
        let separator = match bytes.get(pos) {
            Some(b',') => ',',
            Some(b'.') => '.',
            _ => {
                return Err(TimestampError {
                    offset: pos,
                    expected: "\",\" or \".\" before milliseconds",
                });
            }
        };
        pos += 1;
        let ms_start = pos;
        while pos < bytes.len() && bytes[pos].is_ascii_digit() && pos - ms_start < 3 {
            pos += 1;
        }
        let ms_digits = pos - ms_start;
        if ms_digits == 0 {
            return Err(TimestampError {
                offset: ms_start,
                expected: "milliseconds",
            });
        }
        let mut millis: u64 = text[ms_start..pos].parse().unwrap_or(0);
        for _ in ms_digits..3 {
            millis *= 10; // "1,5" means 500 ms, as players read it
        }
        let has_hours = fields.len() == 3;
        let (h, m, s) = if has_hours {
            (fields[0], fields[1], fields[2])
        } else {
            ((0, 0, 0), fields[0], fields[1])
        };
        for (value, start, _) in [m, s] {
            if value >= 60 {
                return Err(TimestampError {
                    offset: start,
                    expected: "minutes and seconds below 60",
                });
            }
        }
        if h.0 > Self::MAX_HOURS {
            return Err(TimestampError {
                offset: h.1,
                expected: "at most 9999 hours",
            });
        }
        let time = Timestamp(((h.0 * 60 + m.0) * 60 + s.0) * 1000 + millis);
        Ok((
            Parsed {
                time,
                separator,
                has_hours,
            },
            pos,
        ))
    }

    /// Whether `text` at its start is a strictly written timestamp: two-digit
    /// minutes and seconds, three-digit milliseconds, the given separator.
    pub fn is_canonical_prefix(text: &str, separator: char, hours_required: bool) -> bool {
        let b = text.as_bytes();
        let digits =
            |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
        let mut h = 0;
        while b.get(h).is_some_and(u8::is_ascii_digit) {
            h += 1;
        }
        let rest = if b.get(h) == Some(&b':') && b.get(h + 3) == Some(&b':') {
            if h < 2 {
                return false;
            }
            h + 1
        } else if hours_required {
            return false;
        } else {
            0
        };
        digits(rest..rest + 2)
            && b.get(rest + 2) == Some(&b':')
            && digits(rest + 3..rest + 5)
            && b.get(rest + 5) == Some(&(separator as u8))
            && digits(rest + 6..rest + 9)
            && !b.get(rest + 9).is_some_and(u8::is_ascii_digit)
    }

    /// `HH:MM:SS,mmm`
    pub fn srt(self) -> impl fmt::Display {
        Formatted(self, ',', true)
    }

    /// `HH:MM:SS.mmm`
    pub fn vtt(self) -> impl fmt::Display {
        Formatted(self, '.', true)
    }

    /// `MM:SS.mmm` under an hour, `HH:MM:SS.mmm` from it: WebVTT as
    /// openai-whisper and WhisperX write it.
    pub fn vtt_short(self) -> impl fmt::Display {
        Formatted(self, '.', false)
    }

    /// Appends what `srt` displays to `out`. The SRT and WebVTT writers
    /// write two times a cue: through `write!` each cost about ten times
    /// the digits themselves.
    pub fn push_srt(self, out: &mut String) {
        let _ = self.write_to(out, ',', true);
    }

    /// Appends what `vtt` displays to `out` (see `push_srt`).
    pub fn push_vtt(self, out: &mut String) {
        let _ = self.write_to(out, '.', true);
    }

    /// Appends what `vtt_short` displays to `out` (see `push_srt`).
    pub fn push_vtt_short(self, out: &mut String) {
        let _ = self.write_to(out, '.', false);
    }

    /// The time with `mark` before its milliseconds, its hours when
    /// `hours` or when there are any: two digits at least, more when there
    /// are more (u64 ms: 13). Two digits at a time from a table of them
    /// (`decimal`), written straight to `out`: a `Formatter` for each
    /// number, or a check of the digits as UTF-8, cost more than the
    /// digits.
    fn write_to(self, out: &mut impl fmt::Write, mark: char, hours: bool) -> fmt::Result {
        let ms = self.0;
        let h = ms / 3_600_000;
        // Under an hour's milliseconds: fits a u32.
        let rest = (ms % 3_600_000) as u32;
        if hours || h > 0 {
            match u32::try_from(h) {
                Ok(h) if h < 100 => out.write_str(decimal::pair(h))?,
                _ => decimal::write(out, h)?,
            }
            out.write_char(':')?;
        }
        let (m, s, milli) = (rest / 60_000, rest / 1000 % 60, rest % 1000);
        out.write_str(decimal::pair(m))?;
        out.write_char(':')?;
        out.write_str(decimal::pair(s))?;
        out.write_char(mark)?;
        out.write_str(decimal::pair(milli / 10))?;
        out.write_str(decimal::digit(milli % 10))
    }
}

/// A time, the mark before its milliseconds, and whether its hours are
/// written when they are zero.
struct Formatted(Timestamp, char, bool);

impl fmt::Display for Formatted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write_to(f, self.1, self.2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `round_to_u64` is `round() as u64` for every kind of `f64`: halves
    /// and their neighbours at every magnitude, where a fraction stops
    /// being possible (2^52, 2^53), where `u64` ends, the infinities, NaN,
    /// negatives, and a million random bit patterns.
    #[test]
    fn rounding_to_u64_is_the_standard_rounding() {
        let mut values = vec![
            0.0,
            -0.0,
            0.5,
            -0.5,
            0.49999999999999994,
            1.5,
            2.5,
            -2.5,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            f64::MAX,
            f64::MIN,
            u64::MAX as f64,
            (1u64 << 63) as f64,
        ];
        for bits in 0..64 {
            let k = (1u64 << bits) as f64;
            for x in [k, k + 0.5, k - 0.5, k * 1.5 + 0.5, k * 3.0 - 0.5] {
                values.extend([x, -x, x.next_up(), x.next_down()]);
            }
        }
        let mut next = crate::test_strings::splitmix64(7);
        for _ in 0..1_000_000 {
            let z = next();
            values.push(f64::from_bits(z));
            // And a time of the size subtitles have: up to 10^11 ms.
            values.push((z >> 11) as f64 / (1u64 << 53) as f64 * 1e11);
        }
        for x in values {
            assert_eq!(
                round_to_u64(x),
                x.round() as u64,
                "{x:e} ({:#x})",
                x.to_bits()
            );
        }
    }

    #[test]
    fn parses_srt_and_vtt_forms() {
        let (p, n) = Timestamp::parse_prefix("01:02:03,456 -->").unwrap();
        assert_eq!(
            (p.time, p.separator, p.has_hours, n),
            (Timestamp(3_723_456), ',', true, 12)
        );
        let (p, _) = Timestamp::parse_prefix("02:03.4").unwrap();
        assert_eq!((p.time, p.has_hours), (Timestamp(123_400), false));
    }

    #[test]
    fn rejects_minutes_over_59_at_their_offset() {
        let err = Timestamp::parse_prefix("00:61:00,000").unwrap_err();
        assert_eq!(err.offset, 3);
    }

    #[test]
    fn hours_past_the_range_are_refused_where_they_stand() {
        let err = Timestamp::parse_prefix("999999999999999:00:01,000").unwrap_err();
        assert_eq!((err.offset, err.expected), (0, "at most 9999 hours"));
        let (p, _) = Timestamp::parse_prefix("9999:59:59,999").unwrap();
        assert_eq!(p.time, Timestamp::MAX);
        assert_eq!(Timestamp::from_secs_f64(1e300), Timestamp::MAX);
        assert_eq!(Timestamp::from_secs_f64(-1.0), Timestamp(0));
        assert!(!Timestamp::secs_in_range(-0.5) && Timestamp::secs_in_range(0.0));
    }

    #[test]
    fn formats_both_styles() {
        assert_eq!(Timestamp(3_723_456).srt().to_string(), "01:02:03,456");
        assert_eq!(Timestamp(5).vtt().to_string(), "00:00:00.005");
        assert_eq!(Timestamp(0).srt().to_string(), "00:00:00,000");
        assert_eq!(Timestamp(59_999).vtt().to_string(), "00:00:59.999");
        // Hours take as many digits as they need.
        assert_eq!(Timestamp(360_000_000).srt().to_string(), "100:00:00,000");
        assert_eq!(Timestamp::MAX.srt().to_string(), "9999:59:59,999");
        assert_eq!(
            Timestamp(u64::MAX).vtt().to_string(),
            "5124095576030:25:51.615"
        );
    }

    #[test]
    fn short_webvtt_times_write_hours_from_the_first_hour_on() {
        assert_eq!(Timestamp(30_800).vtt_short().to_string(), "00:30.800");
        assert_eq!(Timestamp(0).vtt_short().to_string(), "00:00.000");
        assert_eq!(Timestamp(3_599_999).vtt_short().to_string(), "59:59.999");
        assert_eq!(Timestamp(3_600_000).vtt_short().to_string(), "01:00:00.000");
        assert_eq!(
            Timestamp(360_000_000).vtt_short().to_string(),
            "100:00:00.000"
        );
    }

    #[test]
    fn times_are_appended_as_they_are_displayed() {
        let mut out = String::from("7\n");
        Timestamp(3_723_456).push_srt(&mut out);
        out.push_str(" --> ");
        Timestamp(u64::MAX).push_srt(&mut out);
        assert_eq!(out, "7\n01:02:03,456 --> 5124095576030:25:51,615");
        let mut out = String::from("x");
        Timestamp(5).push_vtt(&mut out);
        Timestamp(30_800).push_vtt_short(&mut out);
        Timestamp(3_600_000).push_vtt_short(&mut out);
        assert_eq!(out, "x00:00:00.00500:30.80001:00:00.000");
        // Each side of 100 hours, where the table stops.
        let mut out = String::new();
        Timestamp(359_999_999).push_srt(&mut out);
        Timestamp(360_000_000).push_vtt_short(&mut out);
        assert_eq!(out, "99:59:59,999100:00:00.000");
    }

    #[test]
    fn canonical_prefix_is_strict() {
        assert!(Timestamp::is_canonical_prefix(
            "00:00:01,000 -->",
            ',',
            true
        ));
        assert!(!Timestamp::is_canonical_prefix("00:00:01.000", ',', true));
        assert!(!Timestamp::is_canonical_prefix("0:00:01,000", ',', true));
        assert!(Timestamp::is_canonical_prefix("00:01.000", '.', false));
    }
}
