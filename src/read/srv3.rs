//! YouTube's srv3 (timedtext format 3), as yt-dlp `--sub-format srv3`
//! saves it: `<timedtext format="3"><head>` (pens, window styles and
//! positions) `<body>` with `<p t d>` events, times in milliseconds. An
//! event holds plain text or `<s>` word segments (`t` is the offset from
//! the event, `ac` the recogniser's confidence); a line feed in the text
//! is a line break. Automatic captions add `a="1"` events holding only a
//! line feed (the rolling window): they are no cues, and are kept.
//! The document is kept whole in `Srv3Layout` for the writer
//! (src/write/srv3.rs), which gives back every byte around what changed.

use std::ops::Range;
use std::sync::Arc;

use quick_xml::events::Event;

use crate::error::{Error, Result, quote};
use crate::format::Format;
use crate::timestamp::Timestamp;
use crate::transcript::{Cue, Layout, Transcript, Word};

use super::Defects;
use super::xml::{self, Cursor, Para};

/// What the writer needs of the file as read, besides its cues.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Srv3Layout {
    /// The document as read (after decoding).
    pub(crate) source: String,
    /// Every `<p>` of the body, in document order; a cue's `source_index`
    /// points here.
    pub(crate) paragraphs: Vec<Event3>,
}

/// One `<p>` event as read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Event3 {
    /// `<p` to the end of `</p>` (or of `<p/>`).
    pub element: Range<usize>,
    /// Where the white space in front of it starts on its line.
    pub removal_start: usize,
    /// Where an attribute can be added to the start tag.
    pub attributes_end: usize,
    /// Between the tags; empty at `attributes_end` for `<p/>`.
    pub content: Range<usize>,
    pub self_closing: bool,
    /// The `t` and `d` values as written, when there.
    pub t: Option<Range<usize>>,
    pub d: Option<Range<usize>>,
    /// The text as read.
    pub text: String,
    /// Its `<s>` segments, in order.
    pub segments: Vec<Segment>,
    /// Whether text stands outside the segments (then it is not written
    /// back segment by segment).
    pub loose_text: bool,
    /// Its times as read; `None` when it is no cue.
    pub times: Option<(Timestamp, Timestamp)>,
}

/// One `<s>` as read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Segment {
    /// `<s` to the end of `</s>`.
    pub element: Range<usize>,
    /// The start tag, `<s t="570" ac="18">`.
    pub start_tag: Range<usize>,
    /// The `t` value, when there.
    pub t: Option<Range<usize>>,
    pub text: String,
    pub start: Timestamp,
}

/// An `<s>` being read: its start tag, `t`, start, and where its text
/// starts among the event's characters.
struct OpenSegment {
    start_tag: Range<usize>,
    t: Option<Range<usize>>,
    start: Timestamp,
    from: usize,
}

/// A `<p>` being read.
struct Open {
    start: usize,
    attributes_end: usize,
    content_start: usize,
    t: Option<(Timestamp, Range<usize>)>,
    d: Option<(u64, Range<usize>)>,
    /// A `t` or `d` that did not parse: the event is no cue.
    broken: bool,
    para: Para,
    segments: Vec<Segment>,
    /// The segment being read.
    segment: Option<OpenSegment>,
    /// Elements inside it that are not segments (their text is not shown).
    hidden_depth: usize,
    loose_text: bool,
    /// The (line, column) of its start tag.
    place: (usize, usize),
}

pub(super) fn parse(text: &str, defects: &mut Defects) -> Result<Transcript> {
    // Positions count from after the marks quick-xml would skip unseen.
    let text = xml::after_byte_order_marks(text);
    let mut reader = quick_xml::Reader::from_str(text);
    let mut cursor = Cursor::new(text);
    // Element names from the root down.
    let mut stack: Vec<String> = Vec::new();
    let mut open: Option<Open> = None;
    let mut paragraphs: Vec<Event3> = Vec::new();
    let mut cues: Vec<Cue> = Vec::new();
    // Cues without `d`: they end where the next one starts.
    let mut endless: Vec<usize> = Vec::new();
    let mut root_seen = false;
    loop {
        let start = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(err) => return Err(xml::error(text, reader.error_position() as usize, &err)),
        };
        let end = reader.buffer_position() as usize;
        match event {
            Event::Start(ref tag) | Event::Empty(ref tag) => {
                xml::check_attributes(text, start, tag)?;
                let empty = matches!(event, Event::Empty(_));
                let name = tag.name().into_inner().to_string();
                if stack.is_empty() {
                    if name != "timedtext" || root_seen {
                        let (line, column) = cursor.at(start);
                        let what = if root_seen {
                            "expected the end of the file after </timedtext>"
                        } else {
                            "expected a <timedtext> root element"
                        };
                        return Err(Error::parse(
                            line,
                            column,
                            format!("{what}, found {}", quote(&format!("<{name}>"))),
                        ));
                    }
                    root_seen = true;
                }
                let in_body = stack.len() == 2 && stack[1] == "body";
                if let Some(p) = open.as_mut() {
                    if p.hidden_depth > 0 || name != "s" || p.segment.is_some() {
                        p.hidden_depth += usize::from(!empty);
                    } else if !empty {
                        let attrs = xml::attributes(text, start..end);
                        let t = attrs.iter().find(|a| a.name == "t");
                        let previous = p.segments.last().map(|s| s.start);
                        let base = p.t.as_ref().map_or(Timestamp(0), |t| t.0);
                        let offset = match t {
                            Some(a) => {
                                ms(text, a, &mut cursor, "an offset in milliseconds", defects)?
                            }
                            None => None,
                        };
                        let at = match (offset, previous) {
                            (Some(o), _) => Timestamp((base.0 + o).min(Timestamp::MAX.0)),
                            (None, Some(previous)) => previous,
                            (None, None) => base,
                        };
                        let from = p.para.len();
                        p.segment = Some(OpenSegment {
                            start_tag: start..end,
                            t: t.map(|a| a.value.clone()),
                            start: at,
                            from,
                        });
                    }
                } else if in_body && name == "p" {
                    let place = cursor.at(start);
                    let attrs = xml::attributes(text, start..end);
                    let find = |n: &str| attrs.iter().find(|a| a.name == n);
                    let mut broken = false;
                    let t = match find("t") {
                        Some(a) => {
                            match ms(text, a, &mut cursor, "a start in milliseconds", defects)? {
                                Some(v) => Some((Timestamp(v), a.value.clone())),
                                None => {
                                    broken = true;
                                    None
                                }
                            }
                        }
                        None => None,
                    };
                    let d = match find("d") {
                        Some(a) => {
                            match ms(text, a, &mut cursor, "a duration in milliseconds", defects)? {
                                Some(v) => Some((v, a.value.clone())),
                                None => {
                                    broken = true;
                                    None
                                }
                            }
                        }
                        None => None,
                    };
                    let raw = &text[start..end];
                    let closing = if empty { 2 } else { 1 };
                    let attributes_end = start + raw[..raw.len() - closing].trim_end().len();
                    let p = Open {
                        start,
                        attributes_end,
                        content_start: end,
                        t,
                        d,
                        broken,
                        para: Para::new(true),
                        segments: Vec::new(),
                        segment: None,
                        hidden_depth: 0,
                        loose_text: false,
                        place,
                    };
                    if empty {
                        finish(
                            p,
                            end,
                            end,
                            text,
                            &mut cursor,
                            &mut paragraphs,
                            &mut cues,
                            &mut endless,
                            defects,
                        )?;
                    } else {
                        open = Some(p);
                    }
                }
                if !empty {
                    stack.push(name);
                }
            }
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                if let Some(mut p) = open.take() {
                    if name == "p" && p.hidden_depth == 0 && p.segment.is_none() {
                        finish(
                            p,
                            start,
                            end,
                            text,
                            &mut cursor,
                            &mut paragraphs,
                            &mut cues,
                            &mut endless,
                            defects,
                        )?;
                    } else {
                        if p.hidden_depth > 0 {
                            p.hidden_depth -= 1;
                        } else if let Some(s) = p.segment.take() {
                            p.segments.push(Segment {
                                element: s.start_tag.start..end,
                                start_tag: s.start_tag,
                                t: s.t,
                                text: p.para.text_from(s.from),
                                start: s.start,
                            });
                        }
                        open = Some(p);
                    }
                }
            }
            Event::Text(_) => {
                if let Some(p) = open.as_mut().filter(|p| p.hidden_depth == 0) {
                    for (i, c) in text[start..end].char_indices() {
                        p.push(c, start + i);
                    }
                }
            }
            Event::CData(_) => {
                if let Some(p) = open.as_mut().filter(|p| p.hidden_depth == 0) {
                    let inner = text.get(start + 9..end.saturating_sub(3)).unwrap_or("");
                    for (i, c) in inner.char_indices() {
                        p.push(c, start + 9 + i);
                    }
                }
            }
            Event::GeneralRef(ref reference) => {
                let c = xml::reference(text, start, reference)?;
                if let Some(p) = open.as_mut().filter(|p| p.hidden_depth == 0) {
                    p.push(c, start);
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !stack.is_empty() {
        let (line, column) = cursor.at(text.len());
        return Err(Error::parse(
            line,
            column,
            format!(
                "expected {}, found the end of the file",
                quote(&format!("</{}>", stack.last().map_or("", String::as_str)))
            ),
        ));
    }
    if !root_seen {
        let (line, column) = xml::first_content(text);
        return Err(Error::parse(
            line,
            column,
            "expected a <timedtext> element, found none",
        ));
    }
    // Cues without a duration end where the next one starts.
    for &i in &endless {
        let start = cues[i].start.unwrap_or_default();
        let end = cues[i + 1..]
            .iter()
            .filter_map(|c| c.start)
            .find(|&s| s > start)
            .unwrap_or(start);
        cues[i].end = Some(end);
        if let Some(p) = cues[i].source_index.and_then(|p| paragraphs.get_mut(p))
            && let Some(times) = p.times.as_mut()
        {
            times.1 = end;
        }
        if let Some(last) = cues[i].words.last_mut() {
            last.end = Some(end.max(last.start.unwrap_or(end)));
        }
    }
    let layout = Srv3Layout {
        source: text.to_string(),
        paragraphs,
    };
    Ok(Transcript {
        layout: Layout::Srv3(Arc::new(layout)),
        ..Transcript::new(Format::Srv3, cues)
    })
}

impl Open {
    fn push(&mut self, c: char, at: usize) {
        if self.segment.is_none() && !c.is_whitespace() {
            self.loose_text = true;
        }
        self.para.character(c, at);
    }
}

/// An attribute holding whole milliseconds; a value that is not one is a
/// repairable defect (`None`).
fn ms(
    text: &str,
    attr: &xml::Attr,
    cursor: &mut Cursor,
    what: &str,
    defects: &mut Defects,
) -> Result<Option<u64>> {
    let raw = xml::unescape_value(&text[attr.value.clone()]);
    match raw.trim().parse::<u64>() {
        Ok(v) if v <= Timestamp::MAX.0 => Ok(Some(v)),
        _ => {
            let (line, column) = cursor.at(attr.name_at);
            defects.repairable(Error::parse(
                line,
                column,
                format!(
                    "expected {what} in \"{}\", found {}",
                    attr.name,
                    quote(&raw)
                ),
            ))?;
            Ok(None)
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn finish(
    p: Open,
    content_end: usize,
    element_end: usize,
    text: &str,
    cursor: &mut Cursor,
    paragraphs: &mut Vec<Event3>,
    cues: &mut Vec<Cue>,
    endless: &mut Vec<usize>,
    defects: &mut Defects,
) -> Result<()> {
    let self_closing = content_end == element_end;
    let content = if self_closing {
        p.attributes_end..p.attributes_end
    } else {
        p.content_start..content_end
    };
    let (cue_text, raw_starts) = p.para.finish();
    // Events holding only white space roll YouTube's window: no cue.
    let is_cue = !p.broken && !cue_text.trim().is_empty();
    let mut times = None;
    if is_cue {
        let (line, column) = p.place;
        let start = match &p.t {
            Some((t, _)) => *t,
            None => {
                defects.repairable(Error::parse(
                    line,
                    column,
                    "expected \"t\" (the start in milliseconds) on <p>, found none; it starts at 0",
                ))?;
                Timestamp(0)
            }
        };
        let end = match &p.d {
            Some((d, _)) => Timestamp((start.0 + d).min(Timestamp::MAX.0)),
            None => {
                defects.repairable(Error::parse(
                    line,
                    column,
                    "expected \"d\" (the duration in milliseconds) on <p>, found none; it ends where the next one starts",
                ))?;
                endless.push(cues.len());
                start
            }
        };
        times = Some((start, end));
        let places = xml::places(cursor, &cue_text, &raw_starts);
        let words = p
            .segments
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let next = p.segments.get(i + 1).map_or(end, |n| n.start);
                Word {
                    text: s.text.clone(),
                    start: Some(s.start),
                    end: Some(next.max(s.start)),
                    source_index: Some(i),
                    ..Word::default()
                }
            })
            .collect();
        let line = raw_starts.first().map_or(p.place.0, |&r| cursor.at(r).0);
        cues.push(Cue {
            start: Some(start),
            end: Some(end),
            text: cue_text.clone(),
            words,
            line,
            source_index: Some(paragraphs.len()),
            places: Some(Arc::new(places)),
            ..Cue::default()
        });
    }
    paragraphs.push(Event3 {
        element: p.start..element_end,
        removal_start: xml::removal_start(text, p.start),
        attributes_end: p.attributes_end,
        content,
        self_closing,
        t: p.t.map(|t| t.1),
        d: p.d.map(|d| d.1),
        text: cue_text,
        segments: p.segments,
        loose_text: p.loose_text,
        times,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Mode;

    const DOC: &str = "<?xml version=\"1.0\" encoding=\"utf-8\" ?><timedtext format=\"3\">\n<body>\n<p t=\"0\" d=\"1000\">[Musique]</p>\n<p t=\"1000\" d=\"10\" a=\"1\">\n</p>\n<p t=\"1000\" d=\"2000\"><s ac=\"1\">aujourd&#39;hui</s><s t=\"500\"> on</s></p>\n</body>\n</timedtext>";

    #[test]
    fn events_words_and_rolling_line_feeds() {
        let t = crate::read::parse(DOC, Format::Srv3, Mode::Strict)
            .unwrap()
            .transcript;
        assert_eq!(t.cues.len(), 2);
        let cue = &t.cues[1];
        assert_eq!(cue.text, "aujourd'hui on");
        let words: Vec<_> = cue
            .words
            .iter()
            .map(|w| (w.text.as_str(), w.start.unwrap().0, w.end.unwrap().0))
            .collect();
        assert_eq!(words, [("aujourd'hui", 1000, 1500), (" on", 1500, 3000)]);
        let places = cue.places.as_ref().unwrap();
        // "'" is the reference "&#39;" at column 39 of line 6.
        assert_eq!(places.place(&cue.text, 7), Some((6, 39)));
        assert_eq!(places.place(&cue.text, 8), Some((6, 44)));
    }

    /// A doubled byte-order mark: quick-xml skips the one the decoder
    /// leaves without counting it, and every attribute was read three
    /// bytes off (no `t`, no `d`, the times lost).
    #[test]
    fn byte_order_marks_before_the_document_are_read_past() {
        let plain = crate::read::parse(DOC, Format::Srv3, Mode::Strict).unwrap();
        for marks in ["\u{feff}", "\u{feff}\u{feff}\u{feff}"] {
            let read = crate::read::parse(&format!("{marks}{DOC}"), Format::Srv3, Mode::Strict)
                .unwrap_or_else(|e| panic!("{marks:?}: {e}"));
            assert_eq!(read.transcript.cues, plain.transcript.cues, "{marks:?}");
        }
    }

    #[test]
    fn a_bad_time_skips_the_event_when_lossy() {
        let bad = DOC.replace("t=\"1000\" d=\"2000\"", "t=\"1x\" d=\"2000\"");
        let err = crate::read::parse(&bad, Format::Srv3, Mode::Strict).unwrap_err();
        assert_eq!((err.line, err.column), (Some(6), Some(4)));
        let reading = crate::read::parse(&bad, Format::Srv3, Mode::Lossy).unwrap();
        assert_eq!(reading.transcript.cues.len(), 1);
    }
}
