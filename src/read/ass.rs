//! ASS and SSA v4 (Aegisub, fansubs, karaoke): `Dialogue:` events of the
//! `[Events]` section are the cues, their `Name` field the speaker. Every
//! other line (`[Script Info]`, styles, `Comment:` events, `[Fonts]`,
//! `[Aegisub Project Garbage]`...) is kept in the layout as it was read, so
//! the writer (src/write/ass.rs) gives the file back byte for byte but for
//! the fields a pass changed.
//!
//! Fields are found by the `Format:` line, never by position; `Text` is the
//! last field and keeps its commas. In a cue's text `\N` and `\n` are line
//! breaks and `\h` a no-break space; override blocks (`{\i1}`, `{\k20}`)
//! stay as written, which src/markup.rs knows as tags.

use std::ops::Range;
use std::sync::Arc;

use crate::error::{Error, Result, quote};
use crate::format::Format;
use crate::timestamp::Timestamp;
use crate::transcript::{Cue, Layout, TextPlaces, Transcript};

use super::{Defects, column};

/// What the writer needs of the file as read, besides its cues.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AssLayout {
    /// Whether the text began with a byte order mark (U+FEFF).
    pub(crate) bom: bool,
    /// The file as read, without its byte order mark.
    pub(crate) source: String,
    /// Every `Dialogue:` line read as a cue, in file order; a cue's
    /// `source_index` is its index here.
    pub(crate) events: Vec<Event>,
    /// The fields of the `[Events]` section's `Format:` line (the last one
    /// read); empty before there is one.
    pub(crate) format: Vec<Field>,
    /// Where events with no line of their own go when there is no event
    /// to follow: the end of the `[Events]` `Format:` line, or of the
    /// section header.
    pub(crate) events_at: usize,
}

/// Where one `Dialogue:` line's fields stand in `AssLayout::source`, and
/// the times its cue was given, so the writer rewrites only what changed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Event {
    /// The whole line, its line break included.
    pub line: Range<usize>,
    pub start: Range<usize>,
    pub end: Range<usize>,
    pub name: Option<Range<usize>>,
    /// To the end of the line, without its line break.
    pub text: Range<usize>,
    /// The cue's times as read (an end before the start was moved to it).
    pub times: (Timestamp, Timestamp),
}

/// A field an event's `Format:` line names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Field {
    /// ASS: the layer, `0`.
    Layer,
    /// SSA v4: `Marked=0`.
    Marked,
    Start,
    End,
    Style,
    /// The speaker (`Name`, or `Actor` in some tools' files).
    Name,
    Text,
    /// MarginL, MarginR, MarginV, Effect, or one we do not know.
    Other(String),
}

impl Field {
    fn of_name(name: &str) -> Field {
        match name.to_ascii_lowercase().as_str() {
            "layer" => Field::Layer,
            "marked" => Field::Marked,
            "start" => Field::Start,
            "end" => Field::End,
            "style" => Field::Style,
            "name" | "actor" => Field::Name,
            "text" => Field::Text,
            _ => Field::Other(name.to_string()),
        }
    }

    pub(crate) fn name(&self) -> &str {
        match self {
            Field::Layer => "Layer",
            Field::Marked => "Marked",
            Field::Start => "Start",
            Field::End => "End",
            Field::Style => "Style",
            Field::Name => "Name",
            Field::Text => "Text",
            Field::Other(name) => name,
        }
    }
}

/// The `[Events]` fields of ASS v4.00+ as Aegisub, libass and ffmpeg write them.
pub(crate) const STANDARD_FORMAT: &str =
    "Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text";

pub(crate) fn standard_format() -> Vec<Field> {
    parse_format(STANDARD_FORMAT)
}

fn parse_format(names: &str) -> Vec<Field> {
    names.split(',').map(|n| Field::of_name(n.trim())).collect()
}

/// How a character of a cue's text that is not written as itself was
/// written in the Text field: a line break as `\N` or `\n`, a no-break
/// space as `\h` or as the character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Spelling {
    HardBreak,
    SoftBreak,
    HardSpace,
    Literal,
}

impl Spelling {
    /// Whether `c` is a character whose spelling is recorded.
    pub(crate) fn recorded(c: char) -> bool {
        c == '\n' || c == '\u{a0}'
    }
}

/// Byte ranges of the braced blocks of a Text field, or of a cue's text:
/// each `{` to the next `}` (`{\i1}`, `{\k20}`, `{comment}`). A `{` with no
/// `}` after it is text. Decoding copies blocks whole, so a cue's text has
/// the same blocks as its field.
pub(crate) fn blocks(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(open) = text[at..].find('{') {
        let open = at + open;
        let Some(close) = text[open..].find('}') else {
            break;
        };
        found.push(open..open + close + 1);
        at = open + close + 1;
    }
    found
}

/// The characters of a cue's text whose spelling is recorded (line
/// breaks and no-break spaces outside braced blocks), in order.
pub(crate) fn recorded(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let blocks = blocks(text);
    text.char_indices()
        .filter(move |&(i, c)| Spelling::recorded(c) && !blocks.iter().any(|b| b.contains(&i)))
}

/// A Text field as cue text, and the spelling of each line break and
/// no-break space in it, in order. `note` gets each character of the text
/// with its byte offset in the text and its character index in the field.
/// Braced blocks are copied whole: a `\N` inside one is no line break.
pub(crate) fn decode(
    field: &str,
    mut note: impl FnMut(usize, char, usize),
) -> (String, Vec<Spelling>) {
    let mut text = String::with_capacity(field.len());
    let mut spellings = Vec::new();
    let mut blocks = blocks(field).into_iter().peekable();
    let mut chars = field.char_indices().peekable();
    let mut k = 0; // characters of the field read so far
    while let Some((i, c)) = chars.next() {
        let in_block = blocks.peek().is_some_and(|b| b.contains(&i));
        if blocks.peek().is_some_and(|b| b.end == i + c.len_utf8()) {
            blocks.next();
        }
        let escape = match (c, chars.peek()) {
            (_, _) if in_block => None,
            ('\\', Some((_, 'N'))) => Some(('\n', Spelling::HardBreak)),
            ('\\', Some((_, 'n'))) => Some(('\n', Spelling::SoftBreak)),
            ('\\', Some((_, 'h'))) => Some(('\u{a0}', Spelling::HardSpace)),
            _ => None,
        };
        match escape {
            Some((decoded, spelling)) => {
                chars.next();
                note(text.len(), decoded, k);
                text.push(decoded);
                spellings.push(spelling);
                k += 2;
            }
            None => {
                if c == '\u{a0}' && !in_block {
                    spellings.push(Spelling::Literal);
                }
                note(text.len(), c, k);
                text.push(c);
                k += 1;
            }
        }
    }
    (text, spellings)
}

pub(super) fn parse(text: &str, defects: &mut Defects) -> Result<Transcript> {
    let (bom, source) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let mut layout = AssLayout {
        bom,
        source: source.to_string(),
        ..AssLayout::default()
    };
    let mut cues = Vec::new();
    let mut in_events = false;
    let mut seen_events = false;
    let mut offset = 0;
    for (i, raw) in source.split_inclusive('\n').enumerate() {
        let number = i + 1;
        let line_range = offset..offset + raw.len();
        let line_start = offset;
        offset += raw.len();
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = line.strip_suffix('\r').unwrap_or(line);
        let trimmed = line.trim();
        if trimmed.starts_with('[') && trimmed.ends_with(']') {
            in_events = trimmed[1..trimmed.len() - 1]
                .trim()
                .eq_ignore_ascii_case("events");
            if in_events {
                seen_events = true;
                layout.events_at = line_range.end;
            }
            continue;
        }
        if !in_events {
            continue;
        }
        if let Some(names) = line.strip_prefix("Format:") {
            let fields = parse_format(names);
            check_format(&fields, line, names, number)?;
            layout.format = fields;
            layout.events_at = line_range.end;
            continue;
        }
        let Some(rest) = line.strip_prefix("Dialogue:") else {
            // Comment:, Picture:, Sound:, Movie:, Command:, `;` notes and
            // blank lines: kept as they are.
            continue;
        };
        if layout.format.is_empty() {
            return Err(Error::parse(
                number,
                1,
                format!(
                    "expected a Format line naming the fields before the first Dialogue line of [Events], found {}",
                    quote(line)
                ),
            ));
        }
        let fields_at = line.len() - rest.trim_start().len();
        let place = Place {
            number,
            line,
            line_start,
        };
        if let Some((cue, event)) = read_event(
            &place,
            fields_at,
            line_range,
            &layout.format,
            cues.len(),
            defects,
        )? {
            cues.push(cue);
            layout.events.push(event);
        }
    }
    if !seen_events {
        return Err(Error::parse(
            1,
            1,
            "expected an [Events] section with the Dialogue lines, found none",
        ));
    }
    let mut transcript = Transcript::new(Format::Ass, cues);
    transcript.layout = Layout::Ass(Arc::new(layout));
    Ok(transcript)
}

/// A Format line names Start, End and Text, Text last; without them no
/// event can be read.
fn check_format(fields: &[Field], line: &str, names: &str, number: usize) -> Result<()> {
    let names_at = line.len() - names.len();
    for wanted in [Field::Start, Field::End, Field::Text] {
        if !fields.contains(&wanted) {
            return Err(Error::parse(
                number,
                column(line, names_at),
                format!(
                    "expected a {} field in the [Events] Format line, found {}",
                    wanted.name(),
                    quote(names.trim())
                ),
            ));
        }
    }
    if fields.last() != Some(&Field::Text) {
        let text_at = names_at + names.to_ascii_lowercase().rfind("text").unwrap_or_default();
        return Err(Error::parse(
            number,
            column(line, text_at),
            format!(
                "expected Text as the last field of the [Events] Format line (it takes the rest of each line), found {}",
                quote(names.trim())
            ),
        ));
    }
    Ok(())
}

/// A line of the file: its number, its text without line break, and the
/// byte offset where it starts in the source.
struct Place<'a> {
    number: usize,
    line: &'a str,
    line_start: usize,
}

/// Reads one `Dialogue:` line whose fields start at byte `fields_at`; a
/// line the lossy reader cannot use is left out of the cues (and kept in
/// the file as it is).
fn read_event(
    place: &Place,
    fields_at: usize,
    line_range: Range<usize>,
    format: &[Field],
    index: usize,
    defects: &mut Defects,
) -> Result<Option<(Cue, Event)>> {
    let line = place.line;
    // Text takes the rest of the line, commas included (check_format saw
    // to it that it is the last of at least three fields).
    let mut ranges: Vec<Range<usize>> = Vec::with_capacity(format.len());
    let mut at = fields_at;
    for k in 1..format.len() {
        let Some(comma) = line[at..].find(',') else {
            let missing: Vec<&str> = format[k..].iter().map(Field::name).collect();
            defects.repairable(Error::parse(
                place.number,
                column(line, line.len()),
                format!(
                    "expected {} comma-separated fields as the Format line names them, found {k} ({} missing); the line is kept as it is, not read",
                    format.len(),
                    missing.join(", ")
                ),
            ))?;
            return Ok(None);
        };
        ranges.push(at..at + comma);
        at += comma + 1;
    }
    ranges.push(at..line.len());
    let field = |wanted: &Field| {
        format
            .iter()
            .position(|f| f == wanted)
            .map(|k| ranges[k].clone())
    };
    let (Some(start_range), Some(end_range), Some(text_range)) = (
        field(&Field::Start),
        field(&Field::End),
        field(&Field::Text),
    ) else {
        // check_format saw to it that the three are named.
        return Ok(None);
    };
    let Some(start) = read_time(place, start_range.clone(), "start", defects)? else {
        return Ok(None);
    };
    let Some(end) = read_time(place, end_range.clone(), "end", defects)? else {
        return Ok(None);
    };
    if end < start {
        defects.repairable(Error::parse(
            place.number,
            column(line, end_range.start),
            format!(
                "expected the end after the start, found {} before {}; the end is moved to the start",
                quote(line[end_range.clone()].trim()),
                quote(line[start_range.clone()].trim())
            ),
        ))?;
    }
    let end = end.max(start);
    let name_range = field(&Field::Name);
    let speaker = name_range
        .as_ref()
        .map(|r| line[r.clone()].trim())
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    let mut places = TextPlaces::default();
    let text_column = column(line, text_range.start);
    let (text, _) = decode(&line[text_range.clone()], |offset, c, k| {
        places.note(offset, c, place.number, text_column + k);
    });
    let shift = |r: Range<usize>| r.start + place.line_start..r.end + place.line_start;
    let event = Event {
        line: line_range,
        start: shift(trimmed(line, start_range)),
        end: shift(trimmed(line, end_range)),
        name: name_range.map(shift),
        text: shift(text_range),
        times: (start, end),
    };
    let cue = Cue {
        start: Some(start),
        end: Some(end),
        text,
        line: place.number,
        speaker,
        source_index: Some(index),
        places: Some(Arc::new(places)),
        ..Cue::default()
    };
    Ok(Some((cue, event)))
}

/// The range without the spaces at its ends.
fn trimmed(line: &str, range: Range<usize>) -> Range<usize> {
    let field = &line[range.clone()];
    let start = range.start + (field.len() - field.trim_start().len());
    start..start + field.trim().len()
}

/// An event time, `H:MM:SS.cc`. A time that does not parse makes the line
/// unreadable (`None`, repairable); one written otherwise (`00:00:01.5`,
/// `0:00:01.500`) is read as a decimal fraction, and said.
fn read_time(
    place: &Place,
    range: Range<usize>,
    which: &str,
    defects: &mut Defects,
) -> Result<Option<Timestamp>> {
    let line = place.line;
    let range = trimmed(line, range);
    let written = &line[range.clone()];
    match Timestamp::parse_prefix(written) {
        Ok((parsed, len)) if len == written.len() => {
            if !is_canonical(written) {
                defects.repairable(Error::parse(
                    place.number,
                    column(line, range.start),
                    format!(
                        "expected the {which} time as H:MM:SS.cc (centiseconds), found {}; read as {}",
                        quote(written),
                        parsed.time.vtt()
                    ),
                ))?;
            }
            Ok(Some(parsed.time))
        }
        Ok((_, len)) => {
            defects.repairable(Error::parse(
                place.number,
                column(line, range.start + len),
                format!(
                    "expected the {which} time as H:MM:SS.cc, found {}; the line is kept as it is, not read",
                    quote(written)
                ),
            ))?;
            Ok(None)
        }
        Err(err) => {
            defects.repairable(Error::parse(
                place.number,
                column(line, range.start + err.offset),
                format!(
                    "expected {} in the {which} time, found {}; the line is kept as it is, not read",
                    err.expected,
                    quote(written)
                ),
            ))?;
            Ok(None)
        }
    }
}

/// `H:MM:SS.cc`, hours of any width.
fn is_canonical(time: &str) -> bool {
    let b = time.as_bytes();
    let hours = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let rest = &b[hours..];
    hours > 0
        && rest.len() == 9
        && rest[0] == b':'
        && rest[3] == b':'
        && rest[6] == b'.'
        && [1, 2, 4, 5, 7, 8].iter().all(|&k| rest[k].is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{Mode, lossy, strict};

    const SMALL: &str = "[Script Info]\nScriptType: v4.00+\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:01.00,0:00:02.50,Default,Ana,0,0,0,,Un, deux\\Ntrois\\h!\nComment: 0,0:00:02.50,0:00:03.00,Default,,0,0,0,,note\nDialogue: 0,0:00:03.00,0:00:04.00,Default,,0,0,0,,{\\i1}Pie{\\N} Torch{\\i0}\\nfin\n";

    #[test]
    fn reads_dialogue_lines_by_the_format_line() {
        let t = strict(SMALL, parse).unwrap();
        assert_eq!(t.cues.len(), 2);
        let first = &t.cues[0];
        assert_eq!(first.text, "Un, deux\ntrois\u{a0}!");
        assert_eq!(
            (first.start, first.end),
            (Some(Timestamp(1000)), Some(Timestamp(2500)))
        );
        assert_eq!(first.speaker.as_deref(), Some("Ana"));
        assert_eq!((first.line, first.source_index), (6, Some(0)));
        // A braced block is copied whole, `\N` inside it included.
        assert_eq!(t.cues[1].text, "{\\i1}Pie{\\N} Torch{\\i0}\nfin");
        assert_eq!(t.cues[1].speaker, None);
        assert_eq!(t.cues[1].source_index, Some(1));
    }

    #[test]
    fn places_count_escapes_as_two_characters() {
        let t = strict(SMALL, parse).unwrap();
        let cue = &t.cues[0];
        let places = cue.places.as_ref().unwrap();
        // "Dialogue: 0,0:00:01.00,0:00:02.50,Default,Ana,0,0,0,," is 53 characters.
        assert_eq!(places.place(&cue.text, 0), Some((6, 54)));
        let trois = cue.text.find("trois").unwrap();
        assert_eq!(places.place(&cue.text, trois), Some((6, 64)));
        let bang = cue.text.find('!').unwrap();
        assert_eq!(places.place(&cue.text, bang), Some((6, 71)));
    }

    #[test]
    fn field_order_comes_from_the_format_line() {
        let text = "[Events]\nFormat: Start, End, Name, Text\nDialogue: 0:00:01.00,0:00:02.00,Léa,Bonjour, toi\n";
        let t = strict(text, parse).unwrap();
        assert_eq!(t.cues[0].text, "Bonjour, toi");
        assert_eq!(t.cues[0].speaker.as_deref(), Some("Léa"));
    }

    #[test]
    fn what_cannot_be_repaired_is_an_error_even_when_lossy() {
        let (_, errors) = lossy("[Script Info]\nTitle: x\n", Format::Ass, parse);
        assert_eq!((errors[0].line, errors[0].column), (Some(1), Some(1)));
        assert!(errors[0].message.contains("[Events]"), "{}", errors[0]);
        let (_, errors) = lossy(
            "[Events]\nDialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,x\n",
            Format::Ass,
            parse,
        );
        assert_eq!((errors[0].line, errors[0].column), (Some(2), Some(1)));
        assert!(errors[0].message.contains("Format line"), "{}", errors[0]);
        let (_, errors) = lossy("[Events]\nFormat: Text, Start, End\n", Format::Ass, parse);
        assert_eq!((errors[0].line, errors[0].column), (Some(2), Some(9)));
        let (_, errors) = lossy("[Events]\nFormat: Layer, End, Text\n", Format::Ass, parse);
        assert!(errors[0].message.contains("a Start field"), "{}", errors[0]);
    }

    #[test]
    fn a_bad_event_is_skipped_when_lossy() {
        let text = "[Events]\nFormat: Layer, Start, End, Text\nDialogue: 0,0:00:01.00,0:0x:02.00,a\nDialogue: 0,0:00:03.00,0:00:04.00,b\nDialogue: 0,0:00:05.00\n";
        let err = strict(text, parse).unwrap_err();
        assert_eq!((err.line, err.column), (Some(3), Some(27)));
        let mut defects = Defects::new(Mode::Lossy);
        let t = parse(text, &mut defects).unwrap();
        assert_eq!(t.cues.len(), 1);
        assert_eq!(t.cues[0].text, "b");
        assert_eq!(t.cues[0].source_index, Some(0));
        let warnings = defects.into_warnings();
        assert_eq!(warnings.len(), 2);
        assert_eq!((warnings[1].line, warnings[1].column), (Some(5), Some(23)));
        assert!(
            warnings[1].message.contains("End, Text missing"),
            "{}",
            warnings[1]
        );
    }

    #[test]
    fn odd_times_are_read_and_said() {
        let text = "[Events]\nFormat: Start, End, Text\nDialogue: 0:00:01.5,0:00:00.00,x\n";
        let mut defects = Defects::new(Mode::Lossy);
        let t = parse(text, &mut defects).unwrap();
        assert_eq!(t.cues[0].start, Some(Timestamp(1500)));
        assert_eq!(t.cues[0].end, Some(Timestamp(1500)));
        let warnings = defects.into_warnings();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].message.contains("centiseconds"));
        assert!(warnings[1].message.contains("end after the start"));
    }

    #[test]
    fn a_byte_order_mark_is_kept_aside() {
        let t = strict("\u{feff}[Events]\nFormat: Start, End, Text\n", parse).unwrap();
        let Layout::Ass(layout) = &t.layout else {
            panic!("no layout");
        };
        assert!(layout.bom);
        assert!(layout.source.starts_with("[Events]"));
    }

    #[test]
    fn decode_keeps_unclosed_braces_and_other_backslashes() {
        let (text, spellings) = decode("a {b \\N c\\h\u{a0}\\x", |_, _, _| {});
        assert_eq!(text, "a {b \n c\u{a0}\u{a0}\\x");
        assert_eq!(
            spellings,
            [Spelling::HardBreak, Spelling::HardSpace, Spelling::Literal]
        );
    }
}
