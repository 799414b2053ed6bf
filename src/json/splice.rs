//! Edits spliced into a JSON document's text by byte span: everything the
//! edits do not touch comes out as it went in (indentation, key order,
//! number spellings, escapes). Strings and numbers are written the way the
//! document already writes them.

use std::ops::Range;

use super::tree::Node;

/// How a document writes its strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Every non-ASCII character as `\uXXXX`, as Python's `json.dump`
    /// does by default (openai-whisper).
    pub ascii: bool,
    /// `\u00E8` rather than `\u00e8`.
    pub upper_hex: bool,
}

impl Style {
    /// The style of `source`: an all-ASCII document stays all ASCII.
    pub fn of(source: &str) -> Style {
        let upper_hex = source
            .match_indices("\\u")
            .filter_map(|(i, _)| source.get(i + 2..i + 6))
            .find(|hex| hex.bytes().any(|b| b.is_ascii_alphabetic()))
            .is_some_and(|hex| hex.bytes().any(|b| b.is_ascii_uppercase()));
        Style {
            ascii: source.is_ascii(),
            upper_hex,
        }
    }

    /// `text` as a JSON string literal, quotes included.
    pub fn string(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 2);
        out.push('"');
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if (c as u32) < 0x20 || (self.ascii && !c.is_ascii()) => {
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        if self.upper_hex {
                            out.push_str(&format!("\\u{unit:04X}"));
                        } else {
                            out.push_str(&format!("\\u{unit:04x}"));
                        }
                    }
                }
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }
}

/// A time as the document writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    /// A number of seconds (Whisper: `1.5`, `2.48`).
    Seconds,
    /// A whole number of milliseconds (whisper.cpp offsets, YouTube json3).
    Millis,
    /// A whole number of 100-nanosecond ticks (Azure).
    Ticks,
    /// A string of seconds with an `s` (Google: `"1.500s"`).
    SecondsString,
    /// A string of seconds (AWS Transcribe: `"1.5"`).
    SecondsText,
    /// An SRT clock string (whisper.cpp: `"00:00:01,500"`).
    SrtClock,
    /// An ISO 8601 duration string (Azure: `"PT1M4.27S"`).
    IsoDuration,
}

impl TimeUnit {
    /// The milliseconds a value of this unit stands for; None when the
    /// value is not of this unit's type or not a time.
    pub fn read(self, node: &super::tree::Node) -> Option<f64> {
        match self {
            TimeUnit::Seconds => node.as_f64().map(|s| s * 1000.0),
            TimeUnit::Millis => node.as_f64(),
            TimeUnit::Ticks => node.as_f64().map(|t| t / 10_000.0),
            TimeUnit::SecondsString => node
                .as_str()?
                .strip_suffix('s')?
                .parse::<f64>()
                .ok()
                .filter(|s| s.is_finite())
                .map(|s| s * 1000.0),
            TimeUnit::SecondsText => node
                .as_str()?
                .parse::<f64>()
                .ok()
                .filter(|s| s.is_finite())
                .map(|s| s * 1000.0),
            TimeUnit::SrtClock => {
                let text = node.as_str()?;
                match crate::timestamp::Timestamp::parse_prefix(text) {
                    Ok((parsed, len)) if len == text.len() => Some(parsed.time.0 as f64),
                    _ => None,
                }
            }
            TimeUnit::IsoDuration => iso_duration(node.as_str()?).map(|s| s * 1000.0),
        }
    }

    /// How a value of this unit is described in messages.
    pub fn describe(self) -> &'static str {
        match self {
            TimeUnit::Seconds => "a number of seconds",
            TimeUnit::Millis => "a number of milliseconds",
            TimeUnit::Ticks => "a number of 100-nanosecond ticks",
            TimeUnit::SecondsString => "a string of seconds ending in 's'",
            TimeUnit::SecondsText => "a string of seconds",
            TimeUnit::SrtClock => "a time string such as \"00:00:01,500\"",
            TimeUnit::IsoDuration => "an ISO 8601 duration such as \"PT1M4.27S\"",
        }
    }

    /// `ms` written like `raw`, the value it replaces: seconds keep at
    /// least the decimals shown before, and a `.0` when there was one.
    pub fn write(self, ms: u64, raw: &str) -> String {
        let seconds = || {
            let inner = raw.trim_matches('"').trim_end_matches('s');
            let decimals = inner.split_once('.').map_or(0, |(_, d)| d.len());
            let mut text = format!("{}", ms as f64 / 1000.0);
            let have = text.split_once('.').map_or(0, |(_, d)| d.len());
            if have < decimals {
                if have == 0 {
                    text.push('.');
                }
                text.extend(std::iter::repeat_n('0', decimals - have));
            }
            text
        };
        match self {
            TimeUnit::Seconds => seconds(),
            TimeUnit::Millis => ms.to_string(),
            // Azure writes ticks as floats in phrases and words
            // (`5000000.0`), as integers at the top.
            TimeUnit::Ticks if raw.contains('.') => format!("{}.0", ms * 10_000),
            TimeUnit::Ticks => (ms * 10_000).to_string(),
            TimeUnit::SecondsString => format!("\"{}s\"", seconds()),
            TimeUnit::SecondsText => format!("\"{}\"", seconds()),
            TimeUnit::SrtClock => format!("\"{}\"", crate::timestamp::Timestamp(ms).srt()),
            TimeUnit::IsoDuration => {
                let (hours, rest) = (ms / 3_600_000, ms % 3_600_000);
                let (minutes, rest) = (rest / 60_000, rest % 60_000);
                let mut text = String::from("\"PT");
                if hours > 0 {
                    text.push_str(&format!("{hours}H"));
                }
                if minutes > 0 {
                    text.push_str(&format!("{minutes}M"));
                }
                if rest > 0 || ms == 0 {
                    text.push_str(&format!("{}S", rest as f64 / 1000.0));
                }
                text.push('"');
                text
            }
        }
    }
}

/// Seconds of an ISO 8601 duration of days, hours, minutes and seconds
/// (`PT1M4.27S`, `P1DT2H`); None for anything else.
fn iso_duration(text: &str) -> Option<f64> {
    let rest = text.strip_prefix('P')?;
    let (days, time) = match rest.split_once('T') {
        Some((days, time)) => (days, Some(time)),
        None => (rest, None),
    };
    let mut seconds = 0.0;
    let mut any = false;
    let mut add = |part: &str, units: &[(char, f64)]| -> Option<()> {
        let mut number = String::new();
        let mut allowed = units.iter();
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' {
                number.push(c);
                continue;
            }
            // Each unit at most once, in order.
            let &(_, scale) = allowed.by_ref().find(|(u, _)| *u == c)?;
            seconds += number.parse::<f64>().ok().filter(|n| n.is_finite())? * scale;
            number.clear();
            any = true;
        }
        number.is_empty().then_some(())
    };
    add(days, &[('D', 86_400.0)])?;
    if let Some(time) = time {
        if time.is_empty() {
            return None;
        }
        add(time, &[('H', 3_600.0), ('M', 60.0), ('S', 1.0)])?;
    }
    any.then_some(seconds)
}

/// Edits to one document, applied together.
#[derive(Debug, Default)]
pub struct Splice {
    edits: Vec<(Range<usize>, String)>,
}

impl Splice {
    pub fn replace(&mut self, span: Range<usize>, text: String) {
        self.edits.push((span, text));
    }

    /// Removes the items `indices` (sorted) of `items`, an array's items,
    /// with the commas and white space that separate them, so the array
    /// reads as if written without them.
    pub fn remove_items(&mut self, items: &[Range<usize>], indices: &[usize]) {
        if indices.is_empty() {
            return;
        }
        if indices.len() == items.len() {
            let (first, last) = (&items[0], &items[items.len() - 1]);
            self.edits.push((first.start..last.end, String::new()));
            return;
        }
        let mut i = 0;
        while i < indices.len() {
            let a = indices[i];
            let mut b = a;
            while i + 1 < indices.len() && indices[i + 1] == b + 1 {
                i += 1;
                b += 1;
            }
            let span = match items.get(b + 1) {
                // Up to the next item: this run's commas go with it.
                Some(next) => items[a].start..next.start,
                // The run ends the array: the comma before it goes.
                None => items[a - 1].end..items[b].end,
            };
            self.edits.push((span, String::new()));
            i += 1;
        }
    }

    /// The document with the edits applied. Overlapping edits cannot be
    /// made by the writers (each span is one value); if one were, the later
    /// one is dropped rather than the document broken.
    pub fn apply(mut self, source: &str) -> String {
        self.edits.sort_by_key(|(span, _)| (span.start, span.end));
        let mut out = String::with_capacity(source.len() + 64);
        let mut last = 0;
        for (span, text) in self.edits {
            if span.start < last {
                debug_assert!(false, "overlapping JSON edits at {span:?}");
                continue;
            }
            out.push_str(&source[last..span.start]);
            out.push_str(&text);
            last = span.end;
        }
        out.push_str(&source[last..]);
        out
    }
}

/// The spans of an array node's items.
pub fn item_spans(array: &Node) -> Vec<Range<usize>> {
    array
        .as_array()
        .map(|items| items.iter().map(|n| n.span.clone()).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_in_the_documents_style() {
        let ascii = Style::of("{\"a\": \"F\\u00e8ce\"}");
        assert_eq!(ascii.string("Fèce \"x\"\n"), "\"F\\u00e8ce \\\"x\\\"\\n\"");
        assert_eq!(ascii.string("😀"), "\"\\ud83d\\ude00\"");
        let raw = Style::of("{\"a\": \"Fèce\"}");
        assert_eq!(raw.string("Fèce"), "\"Fèce\"");
    }

    #[test]
    fn times_keep_their_spelling() {
        assert_eq!(TimeUnit::Seconds.write(1500, "1.48"), "1.50");
        assert_eq!(TimeUnit::Seconds.write(2000, "1.0"), "2.0");
        assert_eq!(TimeUnit::Seconds.write(2125, "1"), "2.125");
        assert_eq!(TimeUnit::Millis.write(2125, "100"), "2125");
        assert_eq!(
            TimeUnit::SecondsString.write(1500, "\"1.200s\""),
            "\"1.500s\""
        );
        assert_eq!(TimeUnit::Ticks.write(1500, "0"), "15000000");
        assert_eq!(TimeUnit::Ticks.write(1500, "4900000.0"), "15000000.0");
        assert_eq!(
            TimeUnit::IsoDuration.write(64_270, "\"PT1S\""),
            "\"PT1M4.27S\""
        );
        assert_eq!(TimeUnit::IsoDuration.write(53_000, "\"PT1S\""), "\"PT53S\"");
        assert_eq!(TimeUnit::IsoDuration.write(0, "\"PT1S\""), "\"PT0S\"");
    }

    #[test]
    fn iso_durations() {
        assert_eq!(iso_duration("PT0.5S"), Some(0.5));
        assert_eq!(iso_duration("PT1M4.27S"), Some(64.27));
        assert_eq!(iso_duration("P1DT1H"), Some(90_000.0));
        for bad in ["PT14.25", "PT", "P", "1S", "PT1S1M", "PTS", "PT1.2.3S"] {
            assert_eq!(iso_duration(bad), None, "{bad}");
        }
    }

    #[test]
    fn removing_items_keeps_the_array_well_formed() {
        let source = "[1, 2, 3, 4]";
        let doc = super::super::tree::parse(source).unwrap();
        let items = item_spans(&doc);
        for (removed, expected) in [
            (vec![0], "[2, 3, 4]"),
            (vec![3], "[1, 2, 3]"),
            (vec![1, 2], "[1, 4]"),
            (vec![2, 3], "[1, 2]"),
            (vec![0, 3], "[2, 3]"),
            (vec![0, 1, 2, 3], "[]"),
        ] {
            let mut splice = Splice::default();
            splice.remove_items(&items, &removed);
            assert_eq!(splice.apply(source), expected, "{removed:?}");
        }
    }
}
