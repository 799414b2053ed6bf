//! XML helpers shared by the TTML and srv3 readers and writers: positions,
//! errors, attributes, references, and a paragraph's text as TTML shows it.

use std::ops::Range;

use quick_xml::events::{BytesRef, BytesStart};

use crate::error::{Error, Result, quote};

/// 1-based (line, column) of byte offsets, met in increasing order
/// (a smaller one starts over from the top). Lines end at LF; a CR
/// before it is the end of its line.
pub(crate) struct Cursor<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
    column: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(text: &'a str) -> Cursor<'a> {
        Cursor {
            text,
            offset: 0,
            line: 1,
            column: 1,
        }
    }

    pub(crate) fn at(&mut self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset < self.offset {
            *self = Cursor::new(self.text);
        }
        for c in self.text[self.offset..offset].chars() {
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        self.offset = offset;
        (self.line, self.column)
    }
}

/// The text after the byte-order marks it begins with. quick-xml skips
/// one at the start without counting it in its positions, which then fall
/// inside characters; a file whose mark was doubled (written twice by two
/// tools) has one left after the decoder takes the first.
pub(crate) fn after_byte_order_marks(text: &str) -> &str {
    text.trim_start_matches('\u{feff}')
}

/// Where removing the element at `start` starts: the spaces and tabs
/// in front of it, and the line break before them if they begin a line.
pub(crate) fn removal_start(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = start;
    while at > 0 && matches!(bytes[at - 1], b' ' | b'\t') {
        at -= 1;
    }
    if at > 0 && bytes[at - 1] == b'\n' {
        at -= 1;
        if at > 0 && bytes[at - 1] == b'\r' {
            at -= 1;
        }
    }
    at
}

/// The file place of each character of `text`, which starts at the
/// document offsets `raw_starts` (one a character).
pub(crate) fn places(
    cursor: &mut Cursor,
    text: &str,
    raw_starts: &[usize],
) -> crate::transcript::TextPlaces {
    let mut places = crate::transcript::TextPlaces::default();
    let mut offset = 0;
    for (c, &raw) in text.chars().zip(raw_starts) {
        let (line, column) = cursor.at(raw);
        places.note(offset, c, line, column);
        offset += c.len_utf8();
    }
    places
}

/// (line, column) of the first thing that is not white space.
pub(crate) fn first_content(text: &str) -> (usize, usize) {
    let at = text.len() - text.trim_start().len();
    Cursor::new(text).at(at)
}

/// A quick-xml error as ours, at `offset`, in our words.
pub(crate) fn error(text: &str, offset: usize, err: &quick_xml::Error) -> Error {
    use quick_xml::errors::{IllFormedError as Ill, SyntaxError as Syntax};
    let (line, column) = Cursor::new(text).at(offset);
    let message = match err {
        quick_xml::Error::IllFormed(Ill::MismatchedEndTag { expected, found }) => {
            format!(
                "expected {}, found {}",
                quote(&format!("</{expected}>")),
                quote(&format!("</{found}>"))
            )
        }
        quick_xml::Error::IllFormed(Ill::UnmatchedEndTag(name)) => format!(
            "expected a start tag before {}, found none",
            quote(&format!("</{name}>"))
        ),
        quick_xml::Error::IllFormed(Ill::MissingEndTag(name)) => format!(
            "expected {}, found the end of the file",
            quote(&format!("</{name}>"))
        ),
        quick_xml::Error::IllFormed(Ill::UnclosedReference) => format!(
            "expected \";\" to end a reference such as \"&amp;\", found {}",
            quote(&found_at(text, offset))
        ),
        quick_xml::Error::Syntax(syntax) => {
            let what = match syntax {
                Syntax::InvalidBangMarkup => {
                    "expected a comment, CDATA section or DOCTYPE after \"<!\""
                }
                Syntax::UnclosedPI => "expected \"?>\" to close the processing instruction",
                Syntax::UnclosedXmlDecl => "expected \"?>\" to close the XML declaration",
                Syntax::UnclosedComment => "expected \"-->\" to close the comment",
                Syntax::UnclosedDoctype => "expected \">\" to close the DOCTYPE",
                Syntax::UnclosedCData => "expected \"]]>\" to close the CDATA section",
                Syntax::UnclosedTag => "expected \">\" to close the tag",
                Syntax::UnclosedSingleQuotedAttributeValue => {
                    "expected \"'\" to close the attribute value"
                }
                Syntax::UnclosedDoubleQuotedAttributeValue => {
                    "expected '\"' to close the attribute value"
                }
            };
            format!("{what}, found the end of the file")
        }
        other => format!(
            "expected well-formed XML, found {} ({})",
            quote(&found_at(text, offset)),
            other.to_string().to_lowercase()
        ),
    };
    Error::parse(line, column, message)
}

/// What stands at `offset`: up to the next white space or tag end.
fn found_at(text: &str, offset: usize) -> String {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    text[offset..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .take(20)
        .collect()
}

/// The start tag's attributes are well-formed (quick-xml's checks:
/// quotes, `=`, no duplicates), else the error at its place.
pub(crate) fn check_attributes(text: &str, tag_start: usize, tag: &BytesStart) -> Result<()> {
    use quick_xml::events::attributes::AttrError;
    for attr in tag.attributes() {
        if let Err(err) = attr {
            let at = |pos: usize| tag_start + 1 + pos;
            let (offset, message) = match err {
                AttrError::ExpectedEq(pos) => (
                    at(pos),
                    format!(
                        "expected \"=\" after the attribute name, found {}",
                        quote(&found_at(text, at(pos)))
                    ),
                ),
                AttrError::ExpectedValue(pos) | AttrError::UnquotedValue(pos) => (
                    at(pos),
                    format!(
                        "expected an attribute value in quotes, found {}",
                        quote(&found_at(text, at(pos)))
                    ),
                ),
                AttrError::ExpectedQuote(pos, quote_char) => (
                    at(pos),
                    format!(
                        "expected {} to close the attribute value, found the end of the tag",
                        quote(&char::from(quote_char).to_string())
                    ),
                ),
                AttrError::Duplicated(pos, _) => {
                    let name: String = text[at(pos).min(text.len())..]
                        .chars()
                        .take_while(|c| *c != '=' && !c.is_whitespace())
                        .collect();
                    (
                        at(pos),
                        format!(
                            "expected each attribute once in a tag, found {} twice",
                            quote(&name)
                        ),
                    )
                }
            };
            let (line, column) = Cursor::new(text).at(offset);
            return Err(Error::parse(line, column, message));
        }
    }
    Ok(())
}

/// An attribute of a start tag and where it is in the document.
#[derive(Debug, Clone)]
pub(crate) struct Attr<'a> {
    pub name: &'a str,
    pub name_at: usize,
    /// The value between its quotes, still escaped.
    pub value: Range<usize>,
}

/// The attributes of the start tag at `tag` (`<name a="1" b='2'>`),
/// which quick-xml has checked.
pub(crate) fn attributes(text: &str, tag: Range<usize>) -> Vec<Attr<'_>> {
    let bytes = text.as_bytes();
    let end = tag.end.min(text.len());
    let mut at = tag.start + 1;
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    while at < end && !is_space(bytes[at]) && !matches!(bytes[at], b'/' | b'>') {
        at += 1;
    }
    let mut attrs = Vec::new();
    loop {
        while at < end && is_space(bytes[at]) {
            at += 1;
        }
        if at >= end || matches!(bytes[at], b'/' | b'>') {
            break;
        }
        let name_at = at;
        while at < end && !is_space(bytes[at]) && bytes[at] != b'=' {
            at += 1;
        }
        let name = &text[name_at..at];
        while at < end && (is_space(bytes[at]) || bytes[at] == b'=') {
            at += 1;
        }
        let Some(&q) = bytes.get(at).filter(|&&q| q == b'"' || q == b'\'') else {
            break;
        };
        let value_start = at + 1;
        let Some(len) = bytes[value_start..end].iter().position(|&b| b == q) else {
            break;
        };
        attrs.push(Attr {
            name,
            name_at,
            value: value_start..value_start + len,
        });
        at = value_start + len + 1;
    }
    attrs
}

/// An attribute value with its references decoded (as written where
/// one does not decode).
pub(crate) fn unescape_value(raw: &str) -> String {
    match quick_xml::escape::unescape(raw) {
        Ok(value) => value.into_owned(),
        Err(_) => raw.to_string(),
    }
}

/// The character a reference (`&amp;`, `&#39;`, `&#xE9;`) stands for.
pub(crate) fn reference(text: &str, at: usize, reference: &BytesRef) -> Result<char> {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        return Ok(c);
    }
    let name: &str = reference.as_ref();
    match name {
        "amp" => Ok('&'),
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "apos" => Ok('\''),
        "quot" => Ok('"'),
        _ => {
            let (line, column) = Cursor::new(text).at(at);
            Err(Error::parse(
                line,
                column,
                format!(
                    "expected a reference XML defines (\"&amp;\", \"&lt;\", \"&gt;\", \"&apos;\", \"&quot;\" or \"&#...;\"), found {}",
                    quote(&format!("&{name};"))
                ),
            ))
        }
    }
}

/// Escapes text for element content: `&`, `<`, `>`, and `'` `"` when
/// `quotes` (YouTube writes `&#39;`). Characters XML 1.0 cannot hold
/// (C0 controls other than tab, LF and CR) are left out.
pub(crate) fn escape(text: &str, quotes: bool, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' if quotes => out.push_str("&#39;"),
            '"' if quotes => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// Escapes an attribute value written in double quotes.
pub(crate) fn escape_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape(text, true, &mut out);
    out.replace('\n', "&#10;").replace('\t', "&#9;")
}

/// A paragraph's text as TTML shows it, with where each character of
/// it starts in the document. With `xml:space="default"` (TTML2
/// §10.2.x, as CSS `white-space: normal`) runs of white space are one
/// space, across tags too, and none is kept at the start or end of a
/// line; with `preserve` every character stays and a line feed is a
/// line break.
pub(crate) struct Para {
    preserve: bool,
    chars: Vec<(char, usize)>,
    /// Nothing but tags since the start or the last line break.
    line_start: bool,
    /// A run of white space not written yet, and where it starts.
    pending_space: Option<usize>,
    /// The index in `chars` of a space written before tags only.
    trailing_space: Option<usize>,
    /// A CR was just written as a line break (CRLF is one).
    after_cr: bool,
}

fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

impl Para {
    pub(crate) fn new(preserve: bool) -> Para {
        Para {
            preserve,
            chars: Vec::new(),
            line_start: true,
            pending_space: None,
            trailing_space: None,
            after_cr: false,
        }
    }

    pub(crate) fn preserve(&self) -> bool {
        self.preserve
    }

    /// How many characters were written so far.
    pub(crate) fn len(&self) -> usize {
        self.chars.len()
    }

    /// The characters written since the `from`th.
    pub(crate) fn text_from(&self, from: usize) -> String {
        self.chars[from.min(self.chars.len())..]
            .iter()
            .map(|(c, _)| c)
            .collect()
    }

    /// A character of text at byte `at` of the document.
    pub(crate) fn character(&mut self, c: char, at: usize) {
        if self.preserve {
            match c {
                '\r' => {
                    self.chars.push(('\n', at));
                    self.after_cr = true;
                }
                '\n' if self.after_cr => self.after_cr = false,
                c => {
                    self.chars.push((c, at));
                    self.after_cr = false;
                }
            }
            return;
        }
        if is_xml_space(c) {
            if !self.line_start && self.pending_space.is_none() && self.trailing_space.is_none() {
                self.pending_space = Some(at);
            }
            return;
        }
        self.flush_space();
        self.chars.push((c, at));
        self.line_start = false;
        self.trailing_space = None;
    }

    fn flush_space(&mut self) {
        if let Some(at) = self.pending_space.take() {
            self.chars.push((' ', at));
            self.trailing_space = Some(self.chars.len() - 1);
        }
    }

    /// A tag kept in the text (`<span ...>`, `</span>`), as written
    /// but for a namespace prefix (`<tt:span>` is `<span>`, which
    /// src/markup.rs knows); white space inside it becomes one space,
    /// so it stays on one line.
    pub(crate) fn tag(&mut self, raw: &str, at: usize) {
        self.flush_space();
        self.after_cr = false;
        let name_start = if raw.starts_with("</") { 2 } else { 1 };
        let name_end = raw[name_start..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .map_or(raw.len(), |i| name_start + i);
        let prefix = raw
            .get(name_start..name_end)
            .and_then(|name| name.find(':'))
            .map_or(0, |colon| colon + 1);
        let mut space = false;
        for (i, c) in raw.char_indices() {
            if (name_start..name_start + prefix).contains(&i) {
                continue;
            }
            if is_xml_space(c) {
                if !space {
                    self.chars.push((' ', at + i));
                }
                space = true;
            } else {
                self.chars.push((c, at + i));
                space = false;
            }
        }
    }

    /// `<br/>` at byte `at`.
    pub(crate) fn line_break(&mut self, at: usize) {
        self.end_line();
        self.chars.push(('\n', at));
        self.line_start = true;
        self.after_cr = false;
    }

    fn end_line(&mut self) {
        self.pending_space = None;
        if let Some(i) = self.trailing_space.take() {
            self.chars.remove(i);
        }
    }

    /// The text and the document offset of each of its characters.
    pub(crate) fn finish(mut self) -> (String, Vec<usize>) {
        if !self.preserve {
            self.end_line();
        }
        (
            self.chars.iter().map(|(c, _)| c).collect(),
            self.chars.iter().map(|(_, at)| *at).collect(),
        )
    }
}

/// The text TTML shows for paragraph content `content` (what is
/// between `<p ...>` and `</p>`), to check what a writer made; `None`
/// if it is not well-formed. Elements are told apart by local name.
pub(crate) fn shown_text(content: &str, preserve: bool) -> Option<String> {
    use quick_xml::events::Event;
    let wrapped = format!("<p>{content}</p>");
    let mut reader = quick_xml::Reader::from_str(&wrapped);
    let mut para = Para::new(preserve);
    let mut hidden = 0usize;
    loop {
        let start = reader.buffer_position() as usize;
        let event = reader.read_event().ok()?;
        let end = reader.buffer_position() as usize;
        match event {
            Event::Start(tag) | Event::Empty(tag) => {
                let empty = wrapped[start..end].ends_with("/>");
                let local = tag.local_name().into_inner().to_string();
                if start == 0 {
                    continue;
                }
                if hidden > 0 {
                    hidden += usize::from(!empty);
                } else if local == "br" {
                    para.line_break(start);
                } else if local == "span" && !empty {
                    para.tag(&wrapped[start..end], start);
                } else if local != "span" && !empty {
                    hidden += 1;
                }
            }
            Event::End(tag) => {
                if end == wrapped.len() {
                    break;
                }
                if hidden > 0 {
                    hidden -= 1;
                } else if tag.local_name().into_inner() == "span" {
                    para.tag(&wrapped[start..end], start);
                }
            }
            Event::Text(_) if hidden == 0 => {
                for (i, c) in wrapped[start..end].char_indices() {
                    para.character(c, start + i);
                }
            }
            Event::CData(_) if hidden == 0 => {
                let inner = wrapped.get(start + 9..end.saturating_sub(3)).unwrap_or("");
                for (i, c) in inner.char_indices() {
                    para.character(c, start + 9 + i);
                }
            }
            Event::GeneralRef(reference) if hidden == 0 => {
                let c =
                    reference
                        .resolve_char_ref()
                        .ok()
                        .flatten()
                        .or(match reference.as_ref() {
                            "amp" => Some('&'),
                            "lt" => Some('<'),
                            "gt" => Some('>'),
                            "apos" => Some('\''),
                            "quot" => Some('"'),
                            _ => None,
                        })?;
                para.character(c, start);
            }
            Event::Eof => return None,
            _ => {}
        }
    }
    Some(para.finish().0)
}
