//! ASS writer. A transcript read from ASS or SSA (`Layout::Ass`) comes
//! back as the file it was read from, byte for byte (byte order mark, line
//! breaks, sections, styles, `Comment:` lines), except the Start, End, Name
//! and Text fields of the events whose cue changed, and the events whose
//! cue a pass removed. Any other transcript becomes a new ASS v4.00+
//! script with one `Default` style.

use std::borrow::Cow;
use std::fmt::Write;
use std::ops::Range;

use crate::error::Result;
use crate::format::Format;
use crate::markup;
use crate::read::ass::{AssLayout, Event, Field, Spelling, decode, recorded, standard_format};
use crate::timestamp::Timestamp;
use crate::transcript::{Cue, Layout, Transcript};

use super::display_lines;

pub fn render(transcript: &Transcript) -> Result<String> {
    Ok(match &transcript.layout {
        Layout::Ass(layout) if transcript.format == Format::Ass => patch(layout, &transcript.cues),
        _ => fresh(transcript),
    })
}

/// The file as read, with each event rewritten from its cue.
fn patch(layout: &AssLayout, cues: &[Cue]) -> String {
    let source = layout.source.as_str();
    let events = &layout.events;
    // Each event's cue, if it kept one; cues with no event of their own
    // (built by a library user) go after the event of the cue before them.
    let mut own: Vec<Option<&Cue>> = vec![None; events.len()];
    let mut new: Vec<Vec<&Cue>> = vec![Vec::new(); events.len() + 1];
    let mut after = 0;
    for cue in cues {
        match cue
            .source_index
            .filter(|&i| own.get(i).is_some_and(Option::is_none))
        {
            Some(i) => {
                own[i] = Some(cue);
                after = i + 1;
            }
            None => new[after].push(cue),
        }
    }
    let eol = if source.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let mut out = String::with_capacity(source.len() + 64);
    if layout.bom {
        out.push('\u{feff}');
    }
    let mut copied = events.first().map_or(layout.events_at, |e| e.line.start);
    out.push_str(&source[..copied]);
    write_new(&mut out, layout, &new[0], eol);
    for ((event, cue), new) in events.iter().zip(&own).zip(&new[1..]) {
        out.push_str(&source[copied..event.line.start]);
        if let Some(cue) = cue {
            write_event(&mut out, source, event, cue);
        }
        copied = event.line.end;
        write_new(&mut out, layout, new, eol);
    }
    out.push_str(&source[copied..]);
    out
}

/// One event's line, its fields rewritten where its cue differs from
/// what was read.
fn write_event(out: &mut String, source: &str, event: &Event, cue: &Cue) {
    let mut edits: Vec<(Range<usize>, Cow<str>)> = Vec::new();
    for (range, read, now) in [
        (&event.start, event.times.0, cue.start),
        (&event.end, event.times.1, cue.end),
    ] {
        if let Some(now) = now.filter(|&t| t != read) {
            let written = &source[range.clone()];
            let hours = written.find(':').unwrap_or(1);
            edits.push((range.clone(), time(now, hours).into()));
        }
    }
    if let Some(range) = &event.name {
        let now = cue.speaker.as_deref().unwrap_or("");
        if source[range.clone()].trim() != now {
            edits.push((range.clone(), field_value(now)));
        }
    }
    let field = &source[event.text.clone()];
    let (read, spellings) = decode(field, |_, _, _| {});
    if cue.text != read {
        let spellings = respell(&read, &spellings, &cue.text);
        edits.push((event.text.clone(), encode(&cue.text, &spellings).into()));
    }
    edits.sort_by_key(|(range, _)| range.start);
    let mut at = event.line.start;
    for (range, value) in edits {
        out.push_str(&source[at..range.start]);
        out.push_str(&value);
        at = range.end;
    }
    out.push_str(&source[at..event.line.end]);
}

/// Events for cues that have no line of their own, in the file's format.
fn write_new(out: &mut String, layout: &AssLayout, cues: &[&Cue], eol: &str) {
    if cues.is_empty() {
        return;
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(eol);
    }
    let standard;
    let format = if layout.format.is_empty() {
        standard = standard_format();
        let _ = write!(out, "Format: {}{eol}", crate::read::ass::STANDARD_FORMAT);
        &standard
    } else {
        &layout.format
    };
    for cue in cues {
        let text = encode(&cue.text, &[]);
        out.push_str(&dialogue(format, cue, &text));
        out.push_str(eol);
    }
}

/// The spelling of each recorded character of `now` (line breaks and
/// no-break spaces): those in the unchanged head and tail of the text
/// keep theirs, those in the changed middle take the middle's old ones in
/// order, and new ones the usual spelling.
fn respell(read: &str, spellings: &[Spelling], now: &str) -> Vec<Spelling> {
    let head = read
        .char_indices()
        .zip(now.chars())
        .find(|((_, a), b)| a != b)
        .map_or(read.len().min(now.len()), |((i, _), _)| i);
    let room = read.len().min(now.len()) - head;
    let tail = read[head..]
        .chars()
        .rev()
        .zip(now[head..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .scan(0, |sum, len| {
            *sum += len;
            Some(*sum)
        })
        .take_while(|&sum| sum <= room)
        .last()
        .unwrap_or(0);
    let count =
        |text: &str, range: Range<usize>| recorded(text).filter(|(i, _)| range.contains(i)).count();
    // `spellings` has one entry per recorded character of `read` (both
    // come from `decode`); clamped all the same, so no input can panic.
    let read_head = count(read, 0..head).min(spellings.len());
    let read_tail = count(read, read.len() - tail..read.len()).min(spellings.len() - read_head);
    let (before, rest) = spellings.split_at(read_head);
    let (middle, after) = rest.split_at(rest.len() - read_tail);
    let mut middle = middle.iter();
    let mut out = before.to_vec();
    for (_, c) in recorded(now).filter(|(i, _)| (head..now.len() - tail).contains(i)) {
        let kept =
            middle.find(|s| matches!(s, Spelling::HardBreak | Spelling::SoftBreak) == (c == '\n'));
        out.push(kept.copied().unwrap_or(if c == '\n' {
            Spelling::HardBreak
        } else {
            Spelling::Literal
        }));
    }
    out.extend_from_slice(after);
    out
}

/// Cue text as a Text field: line breaks as `\N` (or `\n` where
/// `spellings` says so), no-break spaces as `\h` where it says so; braced
/// blocks as they are.
fn encode(text: &str, spellings: &[Spelling]) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut spellings = spellings.iter();
    let mut last = 0;
    for (i, c) in recorded(text) {
        out.push_str(&text[last..i]);
        let spelling = spellings.next();
        match (c, spelling) {
            ('\n', Some(Spelling::SoftBreak)) => out.push_str("\\n"),
            ('\n', _) => out.push_str("\\N"),
            (_, Some(Spelling::HardSpace)) => out.push_str("\\h"),
            (c, _) => out.push(c),
        }
        last = i + c.len_utf8();
    }
    out.push_str(&text[last..]);
    // A line break of the file would end the event.
    if out.contains(['\r', '\n']) {
        out = out.replace("\r\n", "\\N").replace(['\r', '\n'], "\\N");
    }
    out
}

/// `H:MM:SS.cc`, the hours on at least `hours` digits.
fn time(t: Timestamp, hours: usize) -> String {
    let cs = (t.0 + 5) / 10;
    let (h, m, s, cs) = (cs / 360_000, cs / 6000 % 60, cs / 100 % 60, cs % 100);
    format!("{h:0hours$}:{m:02}:{s:02}.{cs:02}")
}

/// A value for a field before Text: commas would shift the fields after
/// it, so they become `;`, as Aegisub writes them.
fn field_value(value: &str) -> Cow<'_, str> {
    if value.contains([',', '\n', '\r']) {
        value.replace(',', ";").replace(['\n', '\r'], " ").into()
    } else {
        value.into()
    }
}

/// A `Dialogue:` line (without its line break) for `cue`, whose text is
/// already a Text field, in the given format.
fn dialogue(format: &[Field], cue: &Cue, text: &str) -> String {
    let start = cue.start.unwrap_or_default();
    let end = cue.end.unwrap_or(start);
    let fields: Vec<Cow<str>> = format
        .iter()
        .map(|field| match field {
            Field::Layer => "0".into(),
            Field::Marked => "Marked=0".into(),
            Field::Start => time(start, 1).into(),
            Field::End => time(end, 1).into(),
            Field::Style => "Default".into(),
            Field::Name => field_value(cue.speaker.as_deref().unwrap_or("")),
            Field::Text => text.into(),
            Field::Other(name) if name.to_ascii_lowercase().starts_with("margin") => "0".into(),
            Field::Other(_) => "".into(),
        })
        .collect();
    format!("Dialogue: {}", fields.join(","))
}

/// A new script: the size and `Default` style of ffmpeg's own ASS header
/// (libavcodec/ass.c: 384x288, Arial 16, outline 1, margins 10) scaled to
/// 1920x1080, so that it looks the same in every renderer.
const HEADER: &str = "[Script Info]
; Script generated by transcrub
ScriptType: v4.00+
WrapStyle: 0
ScaledBorderAndShadow: yes
PlayResX: 1920
PlayResY: 1080
YCbCr Matrix: None

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,Arial,60,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,4,0,2,50,50,38,1

[Events]
";

fn fresh(transcript: &Transcript) -> String {
    let format = standard_format();
    let mut out = String::from(HEADER);
    let _ = writeln!(out, "Format: {}", crate::read::ass::STANDARD_FORMAT);
    for cue in &transcript.cues {
        if cue.start.is_none() || cue.end.is_none() {
            continue;
        }
        let lines: Vec<String> = display_lines(transcript, cue, false)
            .map(|line| {
                if transcript.format == Format::Ass {
                    encode(line, &[])
                } else {
                    encode(&overrides(line), &[])
                }
            })
            .collect();
        out.push_str(&dialogue(&format, cue, &lines.join("\\N")));
        out.push('\n');
    }
    out
}

/// SRT and WebVTT markup as override blocks: `<i>` as `{\i1}`, `<b>`,
/// `<u>` likewise, `<font color="#RRGGBB">` as `{\c&HBBGGRR&}`; the other
/// tags (WebVTT classes, voices and timestamps, TTML spans, font faces)
/// are dropped. Override blocks already there stay.
fn overrides(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut fonts: Vec<bool> = Vec::new(); // whether each open <font> set a colour
    let mut last = 0;
    for tag in markup::tags(line) {
        out.push_str(&line[last..tag.start]);
        let tag_text = &line[tag.clone()];
        last = tag.end;
        if tag_text.starts_with('{') {
            out.push_str(tag_text);
            continue;
        }
        let closing = tag_text.starts_with("</");
        let name: String = tag_text
            .trim_start_matches(['<', '/'])
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .collect::<String>()
            .to_ascii_lowercase();
        match (name.as_str(), closing) {
            ("i" | "b" | "u", _) => {
                let _ = write!(out, "{{\\{name}{}}}", if closing { 0 } else { 1 });
            }
            ("font", false) => {
                let colour = font_colour(tag_text);
                if let Some(bgr) = &colour {
                    let _ = write!(out, "{{\\c&H{bgr}&}}");
                }
                fonts.push(colour.is_some());
            }
            ("font", true) if fonts.pop() == Some(true) => out.push_str("{\\c}"),
            _ => {}
        }
    }
    out.push_str(&line[last..]);
    out
}

/// `color="#RRGGBB"` (or `#RGB`) of a `<font>` tag, as ASS writes a
/// colour: `BBGGRR`.
fn font_colour(tag: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let rest = &lower[lower.find("color")? + "color".len()..];
    let rest = rest.trim_start().strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']).strip_prefix('#')?;
    let hex: String = rest.chars().take_while(char::is_ascii_hexdigit).collect();
    let rgb: String = match hex.len() {
        6 => hex,
        3 => hex.chars().flat_map(|c| [c, c]).collect(),
        _ => return None,
    };
    let rgb = rgb.to_ascii_uppercase();
    Some(format!("{}{}{}", &rgb[4..6], &rgb[2..4], &rgb[0..2]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{Mode, parse};

    const SMALL: &str = "\u{feff}[Script Info]\r\nScriptType: v4.00+\r\n\r\n[Events]\r\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\r\nDialogue: 0,0:00:01.00,0:00:02.50,Default,Ana,0,0,0,,Un, deux\\ntrois\\h!\r\nComment: 0,0:00:02.50,0:00:03.00,Default,,0,0,0,,note\r\nDialogue: 0,0:00:03.00,0:00:04.00,Default,,0,0,0,,{\\i1}Pie{\\N} Torch{\\i0}\r\n";

    fn read(text: &str) -> Transcript {
        parse(text, Format::Ass, Mode::Strict).unwrap().transcript
    }

    #[test]
    fn an_unchanged_file_comes_back_byte_for_byte() {
        assert_eq!(render(&read(SMALL)).unwrap(), SMALL);
    }

    #[test]
    fn only_the_changed_fields_are_rewritten() {
        let mut t = read(SMALL);
        t.cues[0].text = "Un, deux\ntrois\u{a0}?".into();
        t.cues[0].end = Some(Timestamp(2555));
        t.cues[0].speaker = Some("Ana, Léa".into());
        let out = render(&t).unwrap();
        assert_eq!(
            out,
            SMALL.replace(
                "0:00:02.50,Default,Ana,0,0,0,,Un, deux\\ntrois\\h!",
                "0:00:02.56,Default,Ana; Léa,0,0,0,,Un, deux\\ntrois\\h?"
            )
        );
    }

    #[test]
    fn a_removed_cue_takes_its_event_line_with_it() {
        let mut t = read(SMALL);
        t.cues.remove(0);
        let out = render(&t).unwrap();
        assert_eq!(
            out,
            SMALL.replace(
                "Dialogue: 0,0:00:01.00,0:00:02.50,Default,Ana,0,0,0,,Un, deux\\ntrois\\h!\r\n",
                ""
            )
        );
    }

    #[test]
    fn a_cue_without_an_event_gets_a_new_line_after_the_cue_before_it() {
        let mut t = read(SMALL);
        let mut extra = Cue::timed(Timestamp(2600), Timestamp(2900), "a\nb", 0);
        extra.speaker = Some("Zoé".into());
        t.cues.insert(1, extra);
        let out = render(&t).unwrap();
        assert!(
            out.contains(
                "\\h!\r\nDialogue: 0,0:00:02.60,0:00:02.90,Default,Zoé,0,0,0,,a\\Nb\r\nComment:"
            ),
            "{out}"
        );
    }

    #[test]
    fn line_breaks_keep_their_spelling_around_an_edit() {
        let read = "a\nb\nc\nd";
        let spellings = [
            Spelling::SoftBreak,
            Spelling::HardBreak,
            Spelling::SoftBreak,
        ];
        // A break taken out of the middle: the others keep theirs.
        assert_eq!(
            respell(read, &spellings, "a\nbc\nd"),
            [Spelling::SoftBreak, Spelling::SoftBreak]
        );
        assert_eq!(
            encode("a\nbc\nd", &respell(read, &spellings, "a\nbc\nd")),
            "a\\nbc\\nd"
        );
        // A break added: the usual spelling.
        assert_eq!(respell("ab", &[], "a\nb"), [Spelling::HardBreak]);
        assert_eq!(
            respell("a\u{a0}b", &[Spelling::HardSpace], "a\u{a0}bc"),
            [Spelling::HardSpace]
        );
    }

    #[test]
    fn times_are_centiseconds_rounded() {
        assert_eq!(time(Timestamp(3_723_456), 1), "1:02:03.46");
        assert_eq!(time(Timestamp(59_995), 2), "00:01:00.00");
    }

    #[test]
    fn a_fresh_script_converts_srt_markup() {
        let text = "1\n00:00:01,234 --> 00:00:02,000\n<i>Un</i>, <font color=\"#FF8000\">deux</font>\n<b>trois</b>\n";
        let t = parse(text, Format::Srt, Mode::Strict).unwrap().transcript;
        let out = render(&t).unwrap();
        assert!(out.starts_with("[Script Info]\n"), "{out}");
        assert!(out.contains("PlayResY: 1080\n"));
        assert!(
            out.ends_with("\nDialogue: 0,0:00:01.23,0:00:02.00,Default,,0,0,0,,{\\i1}Un{\\i0}, {\\c&H0080FF&}deux{\\c}\\N{\\b1}trois{\\b0}\n"),
            "{out}"
        );
        let back = read(&out);
        assert_eq!(back.cues.len(), 1);
        assert_eq!(
            back.cues[0].text,
            "{\\i1}Un{\\i0}, {\\c&H0080FF&}deux{\\c}\n{\\b1}trois{\\b0}"
        );
    }
}
