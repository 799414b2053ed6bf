//! TTML, DFXP and IMSC 1.1 (text profile): every `<p>` of the body is a
//! cue. Its times come from `begin`/`end`/`dur` on it and on the `div` and
//! `body` around it (W3C TTML2 §10.3 and §12); `<br/>` is a line break,
//! `<span>` tags stay in the text as written (src/markup.rs knows them),
//! white space collapses as `xml:space="default"` says, and `ttm:agent`
//! names the speaker. The document is kept whole in `TtmlLayout`, so the
//! writer (src/write/ttml.rs) gives back every byte around what changed.
//! Styles, regions and metadata are kept, never interpreted.

use std::ops::Range;
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use crate::error::{Error, Result, quote};
use crate::format::Format;
use crate::timestamp::Timestamp;
use crate::transcript::{Cue, Layout, Transcript};

use super::Defects;
use super::xml::{self, Cursor, Para};

/// What the writer needs of the file as read, besides its cues.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TtmlLayout {
    /// The document as read (after decoding).
    pub(crate) source: String,
    /// Every `<p>` of the body, in document order; a cue's `source_index`
    /// points here.
    pub(crate) paragraphs: Vec<Paragraph>,
    /// The frame, sub-frame and tick rates the times are written with.
    pub(crate) clock: Clock,
    /// How the document writes a line break (`<br/>`, `<br />`, `<tt:br/>`).
    pub(crate) line_break: String,
    /// The prefix the document gives TTML elements (`tt:` in EBU-TT), or "".
    pub(crate) prefix: String,
}

/// One `<p>` as read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Paragraph {
    /// `<p` to the end of `</p>` (or of `<p/>`).
    pub element: Range<usize>,
    /// Where the white space in front of it starts on its line: removing
    /// the paragraph removes that too.
    pub removal_start: usize,
    /// Where an attribute can be added to the start tag (after the last one).
    pub attributes_end: usize,
    /// Between the start and the end tag; empty at `attributes_end` for `<p/>`.
    pub content: Range<usize>,
    /// Whether the element was written `<p .../>`.
    pub self_closing: bool,
    /// `xml:space="preserve"` on it or an ancestor.
    pub preserve: bool,
    /// The cue's text as read, and where each of its characters starts in
    /// `source` (by character index).
    pub text: String,
    pub raw_starts: Vec<usize>,
    /// Its times; `None` when it gave no cue (a time that did not parse).
    pub times: Option<ParagraphTimes>,
}

/// A paragraph's times as read and the attributes that wrote them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ParagraphTimes {
    pub start: Timestamp,
    pub end: Timestamp,
    /// What `begin` and `end` count from: the parent's begin (`par`) or the
    /// previous sibling's end (`seq`).
    pub base: Timestamp,
    pub begin: Option<TimeAttr>,
    pub end_attr: Option<TimeAttr>,
    pub dur: Option<TimeAttr>,
}

/// A time attribute's value: where it is and how it was written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TimeAttr {
    pub value_start: usize,
    pub value_end: usize,
    pub syntax: TimeSyntax,
}

/// How a time expression is written (TTML2 §10.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TimeSyntax {
    /// `HH:MM:SS` with `fraction` decimals of seconds.
    Clock { fraction: usize },
    /// `HH:MM:SS:FF`, frames.
    Frames,
    /// `12.5s`, `1234ms`, `25f`, `100t`... with `fraction` decimals.
    Offset { metric: Metric, fraction: usize },
}

/// The unit of an offset time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Metric {
    Hours,
    Minutes,
    Seconds,
    Millis,
    Frames,
    Ticks,
}

/// The document's `ttp:frameRate`, `ttp:frameRateMultiplier`,
/// `ttp:subFrameRate` and `ttp:tickRate`, with TTML2's defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Clock {
    /// Frames per second, the multiplier applied (30000/1001 for 29.97).
    pub frame_rate: f64,
    pub sub_frame_rate: f64,
    pub tick_rate: f64,
}

impl Default for Clock {
    fn default() -> Clock {
        // TTML2 §7.2.4: frame rate 30; ticks are 1 a second unless a frame
        // rate is given (then a tick is a sub-frame).
        Clock {
            frame_rate: 30.0,
            sub_frame_rate: 1.0,
            tick_rate: 1.0,
        }
    }
}

impl Clock {
    /// Milliseconds in one unit of `metric`.
    fn unit_ms(self, metric: Metric) -> f64 {
        match metric {
            Metric::Hours => 3_600_000.0,
            Metric::Minutes => 60_000.0,
            Metric::Seconds => 1000.0,
            Metric::Millis => 1.0,
            Metric::Frames => 1000.0 / self.frame_rate,
            Metric::Ticks => 1000.0 / self.tick_rate,
        }
    }
}

/// Parses a time expression: clock time (`00:00:01.500`, `00:00:01:12`)
/// or offset time (`1.5s`, `1500ms`, `0.5m`, `1h`, `36f`, `15000000t`).
/// `None` when it is neither or out of range.
pub(crate) fn parse_time(value: &str, clock: Clock) -> Option<(Timestamp, TimeSyntax)> {
    let value = value.trim();
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let number = |s: &str| -> Option<(f64, usize)> {
        let (whole, fraction) = match s.split_once('.') {
            Some((w, f)) if all_digits(f) => (w, f.len()),
            Some(_) => return None,
            None => (s, 0),
        };
        all_digits(whole).then_some(())?;
        Some((s.parse::<f64>().ok()?, fraction))
    };
    let (ms, syntax) = if value.contains(':') {
        let parts: Vec<&str> = value.split(':').collect();
        if !(3..=4).contains(&parts.len())
            || !parts[..2].iter().all(|p| all_digits(p))
            || parts[1].len() != 2
        {
            return None;
        }
        let hours: f64 = parts[0].parse().ok()?;
        let minutes: f64 = parts[1].parse().ok()?;
        let (seconds, fraction) = number(parts[2])?;
        if minutes >= 60.0 || seconds >= 61.0 || parts[2].split('.').next()?.len() != 2 {
            return None;
        }
        let base = (hours * 3600.0 + minutes * 60.0 + seconds) * 1000.0;
        if parts.len() == 4 {
            if fraction > 0 {
                return None;
            }
            let (frames, sub) = match parts[3].split_once('.') {
                Some((f, s)) if all_digits(f) && all_digits(s) => {
                    (f.parse::<f64>().ok()?, s.parse::<f64>().ok()?)
                }
                None if all_digits(parts[3]) => (parts[3].parse::<f64>().ok()?, 0.0),
                _ => return None,
            };
            let frames = frames + sub / clock.sub_frame_rate;
            (
                base + frames * 1000.0 / clock.frame_rate,
                TimeSyntax::Frames,
            )
        } else {
            (base, TimeSyntax::Clock { fraction })
        }
    } else {
        let split = value
            .find(|c: char| c.is_ascii_alphabetic())
            .unwrap_or(value.len());
        let metric = match &value[split..] {
            "h" => Metric::Hours,
            "m" => Metric::Minutes,
            "s" => Metric::Seconds,
            "ms" => Metric::Millis,
            "f" => Metric::Frames,
            "t" => Metric::Ticks,
            _ => return None,
        };
        let (count, fraction) = number(&value[..split])?;
        (
            count * clock.unit_ms(metric),
            TimeSyntax::Offset { metric, fraction },
        )
    };
    let secs = ms / 1000.0;
    Timestamp::secs_in_range(secs).then(|| (Timestamp::from_secs_f64(secs), syntax))
}

/// Writes `time` in `syntax`, with more decimals than the original only
/// where fewer would not read back as the same millisecond. Frames and
/// ticks are whole (the nearest one), as the document counts them.
pub(crate) fn format_time(time: Timestamp, syntax: TimeSyntax, clock: Clock) -> String {
    let ms = time.0;
    match syntax {
        TimeSyntax::Clock { fraction } => {
            let (h, m, s, milli) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
            let mut out = format!("{h:02}:{m:02}:{s:02}");
            let mut digits = format!("{milli:03}");
            while digits.len() > fraction.max(1) && digits.ends_with('0') {
                digits.pop();
            }
            if fraction == 0 && milli == 0 {
                return out;
            }
            while digits.len() < fraction {
                digits.push('0');
            }
            out.push('.');
            out.push_str(&digits);
            out
        }
        TimeSyntax::Frames => {
            let (h, m, s) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60);
            let frames = ((ms % 1000) as f64 * clock.frame_rate / 1000.0).round() as u64;
            let max = clock.frame_rate.ceil().max(1.0) as u64 - 1;
            format!("{h:02}:{m:02}:{s:02}:{:02}", frames.min(max))
        }
        TimeSyntax::Offset { metric, fraction } => {
            let suffix = match metric {
                Metric::Hours => "h",
                Metric::Minutes => "m",
                Metric::Seconds => "s",
                Metric::Millis => "ms",
                Metric::Frames => "f",
                Metric::Ticks => "t",
            };
            let count = ms as f64 / clock.unit_ms(metric);
            if matches!(metric, Metric::Frames | Metric::Ticks) && fraction == 0 {
                return format!("{}{suffix}", count.round() as u64);
            }
            for decimals in fraction..=9 {
                let written = format!("{count:.decimals$}{suffix}");
                if parse_time(&written, clock).is_some_and(|(t, _)| t == time) {
                    return written;
                }
            }
            format!("{count:.9}{suffix}")
        }
    }
}

/// What an element is to this reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Tt,
    Head,
    Body,
    Div,
    P,
    Span,
    Br,
    Agent,
    AgentName,
    /// Anything else: its text is not a cue's.
    Other,
}

/// Where a name belongs: TTML's namespaces, old (DFXP's 2006 ttaf1) and
/// new, or none, or elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    Core,
    Parameter,
    Metadata,
    Styling,
    Xml,
    None,
    Foreign,
}

fn classify_ns(uri: &str) -> Ns {
    let (base, fragment) = uri.split_once('#').unwrap_or((uri, ""));
    let ttml = base == "http://www.w3.org/ns/ttml"
        || (base.starts_with("http://www.w3.org/2006/") && base.ends_with("/ttaf1"));
    match (ttml, fragment) {
        (true, "") => Ns::Core,
        (true, "parameter") => Ns::Parameter,
        (true, "metadata") => Ns::Metadata,
        (true, "styling") => Ns::Styling,
        _ if uri == "http://www.w3.org/XML/1998/namespace" => Ns::Xml,
        _ => Ns::Foreign,
    }
}

/// The namespace of a resolved name; prefixes nobody declared are taken
/// at their word (`ttm:`, `ttp:`, `tts:`), as lenient players do.
fn ns_of(resolved: &ResolveResult, prefix: Option<&str>) -> Ns {
    match resolved {
        ResolveResult::Bound(ns) => classify_ns(ns.as_ref()),
        ResolveResult::Unbound => Ns::None,
        ResolveResult::Unknown(_) => match prefix {
            Some("ttm") => Ns::Metadata,
            Some("ttp") => Ns::Parameter,
            Some("tts") => Ns::Styling,
            Some("xml") => Ns::Xml,
            _ => Ns::Foreign,
        },
    }
}

/// An element being read, with what its children inherit.
#[derive(Debug, Clone)]
struct Frame {
    kind: Kind,
    preserve: bool,
    agent: Option<String>,
    /// Absolute begin and end of the element's interval.
    begin: Timestamp,
    end: Option<Timestamp>,
    /// `timeContainer="seq"`: children follow one another.
    seq: bool,
    /// In a `seq` container, where the next child starts.
    next_child: Timestamp,
}

impl Frame {
    fn root() -> Frame {
        Frame {
            kind: Kind::Other,
            preserve: false,
            agent: None,
            begin: Timestamp(0),
            end: None,
            seq: false,
            next_child: Timestamp(0),
        }
    }
}

/// A paragraph being read.
struct OpenParagraph {
    para: Para,
    start: usize,
    attributes_end: usize,
    content_start: usize,
    cue: Option<PendingCue>,
    /// Elements inside it whose text is not shown (`metadata`, `set`...).
    hidden_depth: usize,
    /// The agent of its first `span` that names one.
    span_agent: Option<String>,
}

/// The cue of a paragraph whose times parsed.
struct PendingCue {
    times: ParagraphTimes,
    id: Option<String>,
    agent: Option<String>,
    /// The end was not given: the next paragraph's begin (a repair).
    end_from_next: bool,
}

/// The interval of a timed element: (begin, end, the attributes), or
/// `None` when a time did not parse (reported).
struct Interval {
    begin: Timestamp,
    end: Option<Timestamp>,
    base: Timestamp,
    begin_attr: Option<TimeAttr>,
    end_attr: Option<TimeAttr>,
    dur_attr: Option<TimeAttr>,
}

struct Reader<'a> {
    text: &'a str,
    cursor: Cursor<'a>,
    stack: Vec<Frame>,
    clock: Clock,
    /// (xml:id, name) of every `ttm:agent`.
    agents: Vec<(String, Option<String>)>,
    /// The name being read inside a `ttm:name`, and whether it is the full one.
    agent_name: Option<(String, bool)>,
    paragraphs: Vec<Paragraph>,
    /// Cues with the agent they name, resolved to a speaker at the end.
    cues: Vec<(Cue, Option<String>)>,
    open: Option<OpenParagraph>,
    /// (line, column) of the start tag being read.
    tag_place: (usize, usize),
    /// Cues (by index in `cues`) whose end is the next paragraph's begin.
    waiting: Vec<usize>,
    line_break: Option<String>,
    prefix: Option<String>,
    root_seen: bool,
}

pub(super) fn parse(text: &str, defects: &mut Defects) -> Result<Transcript> {
    // quick-xml skips a byte-order mark without counting it in its
    // positions, which would then fall inside characters: read the text
    // after it, as the decoder gives it to the command line, and after
    // every one of a doubled mark (the decoder takes the first).
    let text = xml::after_byte_order_marks(text);
    let mut reader = NsReader::from_str(text);
    let mut state = Reader {
        text,
        cursor: Cursor::new(text),
        stack: vec![Frame::root()],
        clock: Clock::default(),
        agents: Vec::new(),
        agent_name: None,
        paragraphs: Vec::new(),
        cues: Vec::new(),
        open: None,
        tag_place: (1, 1),
        waiting: Vec::new(),
        line_break: None,
        prefix: None,
        root_seen: false,
    };
    loop {
        let start = reader.buffer_position() as usize;
        let (ns, event) = match reader.read_resolved_event() {
            Ok((resolved, event)) => {
                let ns = match &event {
                    Event::Start(tag) | Event::Empty(tag) => {
                        ns_of(&resolved, tag.name().prefix().map(|p| p.into_inner()))
                    }
                    _ => Ns::Foreign,
                };
                (ns, event)
            }
            Err(err) => {
                return Err(xml::error(text, reader.error_position() as usize, &err));
            }
        };
        let end = reader.buffer_position() as usize;
        match event {
            Event::Start(ref tag) | Event::Empty(ref tag) => {
                let empty = matches!(event, Event::Empty(_));
                let name = tag.name();
                let local = name.local_name().into_inner();
                xml::check_attributes(text, start, tag)?;
                state.element(&reader, ns, local, tag, start..end, empty, defects)?;
            }
            Event::End(_) => state.close(start, end, defects)?,
            Event::Text(_) => state.text_run(start..end),
            Event::CData(_) => state.cdata(start..end),
            Event::GeneralRef(ref reference) => {
                let c = xml::reference(text, start, reference)?;
                state.character(c, start);
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if state.stack.len() > 1 {
        let (line, column) = state.cursor.at(text.len());
        return Err(Error::parse(
            line,
            column,
            "expected the end tags of the open elements, found the end of the file",
        ));
    }
    if !state.root_seen {
        let (line, column) = xml::first_content(text);
        return Err(Error::parse(
            line,
            column,
            "expected a <tt> element, found none",
        ));
    }
    state.finish()
}

impl Reader<'_> {
    fn parent(&self) -> &Frame {
        self.stack.last().expect("the root frame is never popped")
    }

    #[allow(clippy::too_many_arguments)]
    fn element(
        &mut self,
        reader: &NsReader<&[u8]>,
        ns: Ns,
        local: &str,
        tag: &BytesStart,
        range: Range<usize>,
        empty: bool,
        defects: &mut Defects,
    ) -> Result<()> {
        let text = self.text;
        self.tag_place = self.cursor.at(range.start);
        let ttml = matches!(ns, Ns::Core | Ns::None);
        let parent_kind = self.parent().kind;
        let kind = match (ns, local) {
            _ if ttml && local == "tt" && self.stack.len() == 1 => Kind::Tt,
            _ if ttml && local == "head" && parent_kind == Kind::Tt => Kind::Head,
            _ if ttml && local == "body" && parent_kind == Kind::Tt => Kind::Body,
            _ if ttml && local == "div" && matches!(parent_kind, Kind::Body | Kind::Div) => {
                Kind::Div
            }
            _ if ttml && local == "p" && matches!(parent_kind, Kind::Body | Kind::Div) => Kind::P,
            _ if ttml && local == "span" && matches!(parent_kind, Kind::P | Kind::Span) => {
                Kind::Span
            }
            _ if ttml && local == "br" && matches!(parent_kind, Kind::P | Kind::Span) => Kind::Br,
            (Ns::Metadata, "agent") => Kind::Agent,
            (Ns::Metadata, "name") if parent_kind == Kind::Agent => Kind::AgentName,
            _ => Kind::Other,
        };
        if self.stack.len() == 1 {
            if kind != Kind::Tt || self.root_seen {
                let (line, column) = self.tag_place;
                let name = tag.name().into_inner().to_string();
                let what = if self.root_seen {
                    "expected the end of the file after </tt>"
                } else {
                    "expected a <tt> root element"
                };
                return Err(Error::parse(
                    line,
                    column,
                    format!("{what}, found {}", quote(&format!("<{name}>"))),
                ));
            }
            self.root_seen = true;
        }
        let attrs = xml::attributes(text, range.clone());
        let find = |want_ns: Ns, want: &str| -> Option<&xml::Attr> {
            attrs.iter().find(|a| {
                let qname = quick_xml::name::QName(a.name);
                let (resolved, local) = reader.resolver().resolve_attribute(qname);
                let a_ns = ns_of(&resolved, qname.prefix().map(|p| p.into_inner()));
                local.into_inner() == want
                    && (a_ns == want_ns || (want_ns == Ns::None && a_ns == Ns::Core))
            })
        };
        let value = |a: &xml::Attr| xml::unescape_value(&text[a.value.clone()]);
        let mut frame = self.parent().clone();
        frame.kind = kind;
        frame.seq = false;
        if let Some(space) = find(Ns::Xml, "space") {
            frame.preserve = value(space).trim() == "preserve";
        }
        if let Some(agent) = find(Ns::Metadata, "agent") {
            frame.agent = value(agent).split_whitespace().next().map(str::to_string);
        }

        if kind == Kind::Tt {
            let rate = |name: &str| {
                find(Ns::Parameter, name)
                    .and_then(|a| value(a).trim().parse::<f64>().ok())
                    .filter(|r| r.is_finite() && *r > 0.0)
            };
            let frame_rate = rate("frameRate");
            let multiplier = find(Ns::Parameter, "frameRateMultiplier").and_then(|a| {
                let v = value(a);
                let mut parts = v.split_whitespace().map(|p| p.parse::<f64>().ok());
                match (parts.next().flatten(), parts.next().flatten()) {
                    (Some(n), Some(d)) if n > 0.0 && d > 0.0 => Some(n / d),
                    _ => None,
                }
            });
            let sub = rate("subFrameRate").unwrap_or(1.0);
            let effective = frame_rate.unwrap_or(30.0) * multiplier.unwrap_or(1.0);
            self.clock = Clock {
                frame_rate: effective,
                sub_frame_rate: sub,
                tick_rate: rate("tickRate").unwrap_or(if frame_rate.is_some() {
                    effective * sub
                } else {
                    1.0
                }),
            };
        }
        if kind == Kind::P && self.prefix.is_none() {
            self.prefix = Some(
                tag.name()
                    .prefix()
                    .map(|p| format!("{}:", p.into_inner()))
                    .unwrap_or_default(),
            );
        }

        if matches!(kind, Kind::Body | Kind::Div | Kind::P) {
            let interval = self.interval(&find, kind, defects)?;
            let parent_seq = self.parent().seq;
            match &interval {
                Some(i) => {
                    frame.begin = i.begin;
                    frame.end = i.end;
                }
                None => {
                    // Reported: the element keeps its parent's interval.
                    frame.begin = if parent_seq {
                        self.parent().next_child
                    } else {
                        self.parent().begin
                    };
                }
            }
            frame.seq = find(Ns::None, "timeContainer").is_some_and(|a| value(a).trim() == "seq");
            frame.next_child = frame.begin;
            if parent_seq && let Some(parent) = self.stack.last_mut() {
                parent.next_child = frame.end.unwrap_or(frame.begin);
            }
            if kind == Kind::P {
                let id = find(Ns::Xml, "id").map(|a| value(a).trim().to_string());
                self.open_paragraph(&frame, interval, id, range.clone(), empty, defects)?;
            }
        }

        if let Some(open) = self.open.as_mut()
            && kind != Kind::P
        {
            match kind {
                _ if open.hidden_depth > 0 => {
                    if !empty {
                        open.hidden_depth += 1;
                    }
                }
                Kind::Br => {
                    if self.line_break.is_none() && empty {
                        self.line_break = Some(text[range.clone()].to_string());
                    }
                    open.para.line_break(range.start);
                }
                Kind::Span if !empty => {
                    if open.span_agent.is_none() {
                        open.span_agent = frame
                            .agent
                            .clone()
                            .filter(|_| find(Ns::Metadata, "agent").is_some());
                    }
                    open.para.tag(&text[range.clone()], range.start);
                }
                Kind::Span => {}
                _ => {
                    if !empty {
                        open.hidden_depth += 1;
                    }
                }
            }
        }

        if kind == Kind::Agent
            && let Some(id) = find(Ns::Xml, "id")
        {
            self.agents.push((value(id).trim().to_string(), None));
        }
        if kind == Kind::AgentName && !empty {
            let full = find(Ns::None, "type").is_some_and(|a| value(a).trim() == "full");
            self.agent_name = Some((String::new(), full));
        }
        if !empty {
            self.stack.push(frame);
        } else if kind == Kind::P {
            self.close_paragraph(range.end, range.end);
        }
        Ok(())
    }

    /// The begin, end and dur of a timed element, made absolute.
    fn interval<'b>(
        &mut self,
        find: &dyn Fn(Ns, &str) -> Option<&'b xml::Attr<'b>>,
        kind: Kind,
        defects: &mut Defects,
    ) -> Result<Option<Interval>> {
        let parent = self.parent().clone();
        let base = if parent.seq {
            parent.next_child
        } else {
            parent.begin
        };
        let text = self.text;
        let mut read =
            |name: &str| -> Result<std::result::Result<Option<(Timestamp, TimeAttr)>, ()>> {
                let Some(attr) = find(Ns::None, name) else {
                    return Ok(Ok(None));
                };
                let raw = xml::unescape_value(&text[attr.value.clone()]);
                match parse_time(&raw, self.clock) {
                    Some((time, syntax)) => Ok(Ok(Some((
                        time,
                        TimeAttr {
                            value_start: attr.value.start,
                            value_end: attr.value.end,
                            syntax,
                        },
                    )))),
                    None => {
                        let (line, column) = self.cursor.at(attr.name_at);
                        let what = if kind == Kind::P {
                            "the paragraph is skipped"
                        } else {
                            "the attribute is ignored"
                        };
                        defects.repairable(Error::parse(
                        line,
                        column,
                        format!(
                            "expected a TTML time such as \"00:00:01.500\", \"1.5s\" or \"25f\" in \"{name}\", found {}; {what}",
                            quote(&raw)
                        ),
                    ))?;
                        Ok(Err(()))
                    }
                }
            };
        let (Ok(begin), Ok(end), Ok(dur)) = (read("begin")?, read("end")?, read("dur")?) else {
            return Ok(None);
        };
        let start = Timestamp(base.0 + begin.map_or(0, |b| b.0.0)).min(Timestamp::MAX);
        let mut stop = [
            end.map(|e| Timestamp(base.0 + e.0.0)),
            dur.map(|d| Timestamp(start.0 + d.0.0)),
            parent.end,
        ]
        .into_iter()
        .flatten()
        .min();
        if let Some(e) = stop
            && e < start
        {
            let (line, column) = self.tag_place;
            defects.repairable(Error::parse(
                line,
                column,
                format!(
                    "expected the end after the begin, found {} then {}; the end is moved to the begin",
                    start.vtt(),
                    e.vtt()
                ),
            ))?;
            stop = Some(start);
        }
        Ok(Some(Interval {
            begin: start,
            end: stop.map(|e| e.min(Timestamp::MAX)),
            base,
            begin_attr: begin.map(|b| b.1),
            end_attr: end.map(|e| e.1),
            dur_attr: dur.map(|d| d.1),
        }))
    }

    fn open_paragraph(
        &mut self,
        frame: &Frame,
        interval: Option<Interval>,
        id: Option<String>,
        range: Range<usize>,
        empty: bool,
        defects: &mut Defects,
    ) -> Result<()> {
        let cue = match interval {
            Some(i) => {
                // Paragraphs whose end is this begin (a repair).
                for waiting in std::mem::take(&mut self.waiting) {
                    let (cue, _) = &mut self.cues[waiting];
                    let end = cue.start.map_or(i.begin, |s| s.max(i.begin));
                    cue.end = Some(end);
                    if let Some(times) = cue
                        .source_index
                        .and_then(|p| self.paragraphs.get_mut(p))
                        .and_then(|p| p.times.as_mut())
                    {
                        times.end = end;
                    }
                }
                let end_from_next = i.end.is_none();
                if end_from_next {
                    let (line, column) = self.tag_place;
                    defects.repairable(Error::parse(
                        line,
                        column,
                        "expected \"end\" or \"dur\" on the paragraph or around it, found neither; it ends where the next paragraph begins",
                    ))?;
                }
                Some(PendingCue {
                    times: ParagraphTimes {
                        start: i.begin,
                        end: i.end.unwrap_or(i.begin),
                        base: i.base,
                        begin: i.begin_attr,
                        end_attr: i.end_attr,
                        dur: i.dur_attr,
                    },
                    id,
                    agent: frame.agent.clone(),
                    end_from_next,
                })
            }
            None => None,
        };
        let tag = &self.text[range.clone()];
        let closing = if empty { 2 } else { 1 };
        let inner = &tag[..tag.len() - closing];
        let attributes_end = range.start + inner.trim_end().len();
        self.open = Some(OpenParagraph {
            para: Para::new(frame.preserve),
            start: range.start,
            attributes_end,
            content_start: range.end,
            cue,
            hidden_depth: 0,
            span_agent: None,
        });
        Ok(())
    }

    fn close(&mut self, start: usize, end: usize, _defects: &mut Defects) -> Result<()> {
        if self.stack.len() < 2 {
            return Ok(()); // quick-xml has matched every end tag
        }
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        if let Some(open) = self.open.as_mut() {
            if frame.kind == Kind::P {
                self.close_paragraph(start, end);
                return Ok(());
            }
            if open.hidden_depth > 0 {
                open.hidden_depth -= 1;
            } else if frame.kind == Kind::Span {
                open.para.tag(&self.text[start..end], start);
            }
        }
        if frame.kind == Kind::AgentName
            && let Some((name, full)) = self.agent_name.take()
            && let Some(agent) = self.agents.last_mut()
        {
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            if agent.1.is_none() || full {
                agent.1 = Some(name);
            }
        }
        Ok(())
    }

    fn close_paragraph(&mut self, content_end: usize, element_end: usize) {
        let Some(open) = self.open.take() else {
            return;
        };
        let self_closing = content_end == element_end;
        let content = if self_closing {
            open.attributes_end..open.attributes_end
        } else {
            open.content_start..content_end
        };
        let preserve = open.para.preserve();
        let (text, raw_starts) = open.para.finish();
        let places = xml::places(&mut self.cursor, &text, &raw_starts);
        let line = raw_starts.first().copied().unwrap_or(content.start);
        let line = self.cursor.at(line).0;
        let index = self.paragraphs.len();
        let times = open.cue.as_ref().map(|c| c.times.clone());
        if let Some(cue) = open.cue {
            if cue.end_from_next {
                self.waiting.push(self.cues.len());
            }
            let agent = cue.agent.or(open.span_agent);
            self.cues.push((
                Cue {
                    id: cue.id,
                    start: Some(cue.times.start),
                    end: Some(cue.times.end),
                    text: text.clone(),
                    line,
                    source_index: Some(index),
                    places: Some(Arc::new(places)),
                    ..Cue::default()
                },
                agent,
            ));
        }
        self.paragraphs.push(Paragraph {
            element: open.start..element_end,
            removal_start: xml::removal_start(self.text, open.start),
            attributes_end: open.attributes_end,
            content,
            self_closing,
            preserve,
            text,
            raw_starts,
            times,
        });
    }

    fn text_run(&mut self, range: Range<usize>) {
        let raw = &self.text[range.clone()];
        if let Some((name, _)) = self.agent_name.as_mut() {
            name.push_str(&xml::unescape_value(raw));
        }
        if let Some(open) = self.open.as_mut()
            && open.hidden_depth == 0
        {
            for (i, c) in raw.char_indices() {
                open.para.character(c, range.start + i);
            }
        }
    }

    fn cdata(&mut self, range: Range<usize>) {
        // `<![CDATA[` ... `]]>`
        let inner = range.start + 9..range.end.saturating_sub(3).max(range.start + 9);
        let Some(raw) = self.text.get(inner.clone()) else {
            return;
        };
        if let Some((name, _)) = self.agent_name.as_mut() {
            name.push_str(raw);
        }
        if let Some(open) = self.open.as_mut()
            && open.hidden_depth == 0
        {
            for (i, c) in raw.char_indices() {
                open.para.character(c, inner.start + i);
            }
        }
    }

    fn character(&mut self, c: char, at: usize) {
        if let Some((name, _)) = self.agent_name.as_mut() {
            name.push(c);
        }
        if let Some(open) = self.open.as_mut()
            && open.hidden_depth == 0
        {
            open.para.character(c, at);
        }
    }

    fn finish(mut self) -> Result<Transcript> {
        // A last paragraph waiting for a next begin keeps a zero length.
        let cues = std::mem::take(&mut self.cues)
            .into_iter()
            .map(|(mut cue, agent)| {
                cue.speaker = agent.map(|id| {
                    self.agents
                        .iter()
                        .find(|(a, _)| *a == id)
                        .and_then(|(_, name)| name.clone())
                        .filter(|n| !n.is_empty())
                        .unwrap_or(id)
                });
                cue
            })
            .collect();
        let prefix = self.prefix.unwrap_or_default();
        let layout = TtmlLayout {
            source: self.text.to_string(),
            paragraphs: self.paragraphs,
            clock: self.clock,
            line_break: self.line_break.unwrap_or_else(|| format!("<{prefix}br/>")),
            prefix,
        };
        Ok(Transcript {
            layout: Layout::Ttml(Arc::new(layout)),
            ..Transcript::new(Format::Ttml, cues)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Mode;

    fn read(text: &str) -> Transcript {
        crate::read::parse(text, Format::Ttml, Mode::Strict)
            .unwrap()
            .transcript
    }

    /// Text given to the library with its byte-order mark still on
    /// (read with `read_to_string`) reads as the decoded text does; a
    /// panic on a character boundary before.
    #[test]
    fn a_byte_order_mark_is_read_past() {
        let file = format!(
            "{HEAD}<body><div><p begin=\"0s\" end=\"1s\">Caractère informatique</p></div></body></tt>\n"
        );
        let with_mark = read(&format!("\u{feff}{file}"));
        assert_eq!(with_mark.cues[0].text, "Caractère informatique");
        assert_eq!(with_mark.cues, read(&file).cues);
        // A mark written twice or more (the fuzzer's find: a panic).
        let with_marks = read(&format!("\u{feff}\u{feff}\u{feff}{file}"));
        assert_eq!(with_marks.cues, read(&file).cues);
    }

    const HEAD: &str = "<?xml version=\"1.0\"?>\n<tt xmlns=\"http://www.w3.org/ns/ttml\" xmlns:ttp=\"http://www.w3.org/ns/ttml#parameter\" xmlns:ttm=\"http://www.w3.org/ns/ttml#metadata\" ttp:frameRate=\"25\" ttp:tickRate=\"10000000\">\n";

    #[test]
    fn every_time_expression() {
        let clock = Clock {
            frame_rate: 25.0,
            sub_frame_rate: 1.0,
            tick_rate: 10_000_000.0,
        };
        for (text, ms) in [
            ("0.5s", 500),
            ("4400ms", 4400),
            ("00:00:08:10", 8400),
            ("303f", 12120),
            ("162000000t", 16200),
            ("0.33m", 19800),
            ("00:00:24", 24000),
            ("00:00:24.2", 24200),
            ("1h", 3_600_000),
            ("100:00:00.000", 360_000_000),
        ] {
            let (time, syntax) = parse_time(text, clock).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(time, Timestamp(ms), "{text}");
            assert_eq!(format_time(time, syntax, clock), text, "{text}");
        }
        for bad in ["00:00:1x.100", "12", "1.s", "00:61:00", "-1s", "1e3s", "5q"] {
            assert_eq!(parse_time(bad, clock), None, "{bad}");
        }
        let (_, syntax) = parse_time("00:00:24.2", clock).unwrap();
        assert_eq!(format_time(Timestamp(24250), syntax, clock), "00:00:24.25");
        let (_, syntax) = parse_time("0.33m", clock).unwrap();
        assert_eq!(format_time(Timestamp(19850), syntax, clock), "0.33083m");
    }

    #[test]
    fn white_space_collapses_unless_preserved() {
        let t = read(&format!(
            "{HEAD}<body><div>\n<p begin=\"1s\" end=\"2s\">\n  Un   <span>deux</span>\n  trois <br/>  quatre &amp;\n</p>\n<p begin=\"2s\" end=\"3s\" xml:space=\"preserve\"> a\r\n b</p></div></body></tt>"
        ));
        assert_eq!(t.cues[0].text, "Un <span>deux</span> trois\nquatre &");
        assert_eq!(t.cues[1].text, " a\n b");
        let places = t.cues[0].places.as_ref().unwrap();
        assert_eq!(places.place(&t.cues[0].text, 0), Some((5, 3)));
        let amp = t.cues[0].text.find('&').unwrap();
        assert_eq!(places.place(&t.cues[0].text, amp), Some((6, 23)));
    }

    #[test]
    fn times_nest_and_agents_name_speakers() {
        let t = read(&format!(
            "{HEAD}<head><metadata><ttm:agent xml:id=\"a\" type=\"person\"><ttm:name type=\"alias\">Al</ttm:name><ttm:name type=\"full\">Alice Martin</ttm:name></ttm:agent></metadata></head><body begin=\"10s\" ttm:agent=\"a\"><div begin=\"00:00:05:00\"><p begin=\"1s\" dur=\"25f\">x</p><p begin=\"2s\" end=\"3s\" ttm:agent=\"b\">y</p></div></body></tt>"
        ));
        let got: Vec<_> = t
            .cues
            .iter()
            .map(|c| (c.start.unwrap().0, c.end.unwrap().0, c.speaker.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (16000, 17000, Some("Alice Martin")),
                (17000, 18000, Some("b"))
            ]
        );
    }

    #[test]
    fn a_missing_end_takes_the_next_begin() {
        let text = format!(
            "{HEAD}<body><div><p begin=\"1s\">a</p><p begin=\"2s\" end=\"3s\">b</p></div></body></tt>"
        );
        let err = crate::read::parse(&text, Format::Ttml, Mode::Strict).unwrap_err();
        assert_eq!((err.line, err.column), (Some(3), Some(12)));
        let reading = crate::read::parse(&text, Format::Ttml, Mode::Lossy).unwrap();
        assert_eq!(reading.transcript.cues[0].end, Some(Timestamp(2000)));
        assert_eq!(reading.warnings.len(), 1);
    }

    #[test]
    fn shown_text_reads_what_a_writer_made() {
        assert_eq!(
            xml::shown_text("a <span style=\"x\"> b</span><br />c &amp; d", false).as_deref(),
            Some("a <span style=\"x\">b</span>\nc & d")
        );
        assert_eq!(xml::shown_text("a <b", false), None);
    }
}
