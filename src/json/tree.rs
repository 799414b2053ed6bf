//! A JSON document as a tree of values that know where they stand in the
//! file: the byte span of every value and key, and the line and column where
//! each begins. The JSON writers splice edits into the original text by
//! these spans, so what transcrub does not change comes back byte for byte;
//! the readers report positions by them, so a finding in one-line JSON
//! points at its column in the file.
//!
//! serde_json keeps neither spans nor Python's `NaN` (stable-ts writes
//! `json.dumps(allow_nan=True)`), hence this small parser. Objects keep
//! their members in order and duplicates as written.

use std::ops::Range;

use crate::error::{Error, Result};
use crate::transcript::TextPlaces;

/// A value and where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Bytes of the value in the document (a string's quotes included).
    pub span: Range<usize>,
    /// 1-based line and column (in characters) of the value's first byte.
    pub line: usize,
    pub column: usize,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// Every number as f64 (Python's `NaN` and `Infinity` included); the
    /// digits as written are `&source[span]`.
    Number(f64),
    /// Escapes decoded.
    String(String),
    Array(Vec<Node>),
    Object(Vec<Member>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: String,
    pub node: Node,
}

/// Nesting deeper than this is refused: no speech tool writes it, and a
/// recursive parser must not overflow its stack on a hostile file.
const MAX_DEPTH: usize = 256;

/// Parses a whole document: one value, white space around it.
pub fn parse(source: &str) -> Result<Node> {
    let mut parser = Parser {
        source,
        bytes: source.as_bytes(),
        at: 0,
        line: 1,
        line_start: 0,
        column_base: 1,
    };
    parser.skip_space();
    let node = parser.value(0)?;
    parser.skip_space();
    if parser.at < parser.bytes.len() {
        return Err(parser.error(format!(
            "expected the end of the file after the JSON value, found {}",
            parser.found()
        )));
    }
    Ok(node)
}

impl Node {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Object(members) => members.iter().find(|m| m.key == key).map(|m| &m.node),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// A finite number.
    pub fn as_f64(&self) -> Option<f64> {
        match self.value {
            Value::Number(n) if n.is_finite() => Some(n),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn is_object(&self) -> bool {
        matches!(self.value, Value::Object(_))
    }

    /// What the value is, for messages: `a string`, `null`, `an object`.
    pub fn describe(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    /// Where each character of a string value stands in the file. JSON
    /// strings hold no raw line break, so they are all on `self.line`.
    pub fn string_places(&self, source: &str) -> TextPlaces {
        let mut places = TextPlaces::default();
        let raw = &source[self.span.clone()];
        let Some(inner) = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) else {
            return places;
        };
        let mut column = self.column + 1;
        let mut offset = 0;
        let mut chars = inner.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '\\' {
                places.note(offset, c, self.line, column);
                offset += c.len_utf8();
                column += 1;
                continue;
            }
            let Some(kind) = chars.next() else { break };
            let (decoded, width) = match kind {
                'u' => {
                    let hex = |chars: &mut std::iter::Peekable<std::str::Chars>| {
                        let digits: String = chars.by_ref().take(4).collect();
                        u32::from_str_radix(&digits, 16).ok()
                    };
                    let Some(first) = hex(&mut chars) else { break };
                    if (0xD800..0xDC00).contains(&first) && chars.peek() == Some(&'\\') {
                        chars.next();
                        chars.next();
                        let low = hex(&mut chars).unwrap_or(0);
                        let code =
                            0x10000 + ((first - 0xD800) << 10) + (low.wrapping_sub(0xDC00) & 0x3FF);
                        (char::from_u32(code).unwrap_or('\u{fffd}'), 12)
                    } else {
                        (char::from_u32(first).unwrap_or('\u{fffd}'), 6)
                    }
                }
                other => (unescape(other).unwrap_or(other), 2),
            };
            places.note(offset, decoded, self.line, column);
            offset += decoded.len_utf8();
            column += width;
        }
        places
    }
}

fn unescape(c: char) -> Option<char> {
    Some(match c {
        '"' => '"',
        '\\' => '\\',
        '/' => '/',
        'b' => '\u{8}',
        'f' => '\u{c}',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        _ => return None,
    })
}

struct Parser<'a> {
    source: &'a str,
    bytes: &'a [u8],
    at: usize,
    line: usize,
    /// Byte offset where the current line starts, and the column there.
    line_start: usize,
    column_base: usize,
}

impl Parser<'_> {
    /// The column of `self.at`, counting characters since the line start.
    /// Columns are counted incrementally (see `advance_to`), so a
    /// 5 MB one-line file is not recounted for every value.
    fn column(&self) -> usize {
        self.column_base
            + self.bytes[self.line_start..self.at]
                .iter()
                .filter(|&&b| b & 0xC0 != 0x80)
                .count()
    }

    /// Moves the column base up to `self.at`, so `column()` stays cheap.
    fn settle(&mut self) {
        self.column_base = self.column();
        self.line_start = self.at;
    }

    fn error(&self, message: impl Into<String>) -> Error {
        Error::parse(self.line, self.column(), message)
    }

    fn found(&self) -> String {
        match self.source[self.at..].chars().next() {
            None => "the end of the file".to_string(),
            Some(c) => crate::error::quote(&c.to_string()),
        }
    }

    fn skip_space(&mut self) {
        while let Some(&b) = self.bytes.get(self.at) {
            match b {
                b'\n' => {
                    self.at += 1;
                    self.line += 1;
                    self.line_start = self.at;
                    self.column_base = 1;
                }
                b' ' | b'\t' | b'\r' => self.at += 1,
                _ => break,
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node> {
        if depth > MAX_DEPTH {
            return Err(self.error(format!(
                "expected at most {MAX_DEPTH} nested arrays and objects, found more"
            )));
        }
        self.settle();
        let (start, line, column) = (self.at, self.line, self.column_base);
        let value = match self.bytes.get(self.at) {
            None => {
                return Err(self.error("expected more JSON, found the end of the file"));
            }
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.word("true", Value::Bool(true))?,
            Some(b'f') => self.word("false", Value::Bool(false))?,
            Some(b'n') => self.word("null", Value::Null)?,
            Some(b'N') => self.word("NaN", Value::Number(f64::NAN))?,
            Some(b'I') => self.word("Infinity", Value::Number(f64::INFINITY))?,
            Some(b'-') if self.source[self.at..].starts_with("-Infinity") => {
                self.word("-Infinity", Value::Number(f64::NEG_INFINITY))?
            }
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => {
                return Err(self.error(format!("expected a JSON value, found {}", self.found())));
            }
        };
        Ok(Node {
            span: start..self.at,
            line,
            column,
            value,
        })
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value> {
        if self.source[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(value)
        } else {
            let found: String = self.source[self.at..]
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .take(12)
                .collect();
            Err(self.error(format!(
                "expected a JSON value, found {}",
                crate::error::quote(&found)
            )))
        }
    }

    fn number(&mut self) -> Result<Value> {
        let start = self.at;
        let digits = |p: &mut Self| {
            let from = p.at;
            while p.bytes.get(p.at).is_some_and(u8::is_ascii_digit) {
                p.at += 1;
            }
            p.at > from
        };
        if self.bytes[self.at] == b'-' {
            self.at += 1;
        }
        if !digits(self) {
            return Err(self.error(format!("expected a digit, found {}", self.found())));
        }
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            if !digits(self) {
                return Err(self.error(format!(
                    "expected a digit after the decimal point, found {}",
                    self.found()
                )));
            }
        }
        if matches!(self.bytes.get(self.at), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.bytes.get(self.at), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if !digits(self) {
                return Err(self.error(format!(
                    "expected a digit in the exponent, found {}",
                    self.found()
                )));
            }
        }
        let text = &self.source[start..self.at];
        Ok(Value::Number(text.parse().unwrap_or(f64::NAN)))
    }

    fn string(&mut self) -> Result<String> {
        self.at += 1; // the opening quote
        let mut out = String::new();
        loop {
            let run_start = self.at;
            while let Some(&b) = self.bytes.get(self.at) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            out.push_str(&self.source[run_start..self.at]);
            match self.bytes.get(self.at) {
                None => {
                    return Err(self.error(
                        "expected a closing '\"' for the string, found the end of the file",
                    ));
                }
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let Some(&kind) = self.bytes.get(self.at) else {
                        return Err(
                            self.error("expected an escape after '\\', found the end of the file")
                        );
                    };
                    if kind == b'u' {
                        self.at += 1;
                        let first = self.hex4()?;
                        let c = if (0xD800..0xDC00).contains(&first)
                            && self.source[self.at..].starts_with("\\u")
                        {
                            self.at += 2;
                            let low = self.hex4()?;
                            if (0xDC00..0xE000).contains(&low) {
                                char::from_u32(0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00))
                            } else {
                                None
                            }
                        } else {
                            char::from_u32(first)
                        };
                        // A lone surrogate (Python writes them for broken
                        // input) becomes U+FFFD, as serde_json's lossy mode does.
                        out.push(c.unwrap_or('\u{fffd}'));
                    } else {
                        match unescape(kind as char) {
                            Some(c) => out.push(c),
                            None => {
                                return Err(self.error(format!(
                                    "expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u after '\\', found {}",
                                    self.found()
                                )));
                            }
                        }
                        self.at += 1;
                    }
                }
                Some(_) => {
                    let what = if self.bytes[self.at] == b'\n' {
                        "a line break"
                    } else {
                        "a control character"
                    };
                    return Err(self.error(format!(
                        "expected '\\n' or another escape inside a string, found {what}"
                    )));
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32> {
        let digits = self.source.get(self.at..self.at + 4).unwrap_or("");
        match u32::from_str_radix(digits, 16) {
            Ok(n) if digits.bytes().all(|b| b.is_ascii_hexdigit()) => {
                self.at += 4;
                Ok(n)
            }
            _ => Err(self.error(format!(
                "expected four hexadecimal digits after '\\u', found {}",
                crate::error::quote(&self.source[self.at..].chars().take(4).collect::<String>())
            ))),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value> {
        self.at += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.bytes.get(self.at) == Some(&b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_space();
            items.push(self.value(depth + 1)?);
            self.skip_space();
            match self.bytes.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                _ => {
                    return Err(self.error(format!(
                        "expected ',' or ']' after an array item, found {}",
                        self.found()
                    )));
                }
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value> {
        self.at += 1;
        let mut members = Vec::new();
        self.skip_space();
        if self.bytes.get(self.at) == Some(&b'}') {
            self.at += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_space();
            if self.bytes.get(self.at) != Some(&b'"') {
                return Err(self.error(format!(
                    "expected a '\"' to start a member name, found {}",
                    self.found()
                )));
            }
            let key = self.string()?;
            self.skip_space();
            if self.bytes.get(self.at) != Some(&b':') {
                return Err(self.error(format!(
                    "expected ':' after the member name \"{key}\", found {}",
                    self.found()
                )));
            }
            self.at += 1;
            self.skip_space();
            let node = self.value(depth + 1)?;
            members.push(Member { key, node });
            self.skip_space();
            match self.bytes.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(members));
                }
                _ => {
                    return Err(self.error(format!(
                        "expected ',' or '}}' after a member, found {}",
                        self.found()
                    )));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_positions_of_values() {
        let source = "{\"a\": [1, \"x\\u00e9\"],\n \"b\": NaN}";
        let doc = parse(source).unwrap();
        let a = doc.get("a").unwrap().as_array().unwrap();
        assert_eq!(&source[a[1].span.clone()], "\"x\\u00e9\"");
        assert_eq!(a[1].as_str(), Some("xé"));
        assert_eq!((a[1].line, a[1].column), (1, 11));
        let b = doc.get("b").unwrap();
        assert_eq!((b.line, b.column), (2, 7));
        assert!(matches!(b.value, Value::Number(n) if n.is_nan()));
    }

    #[test]
    fn string_places_count_escapes_in_the_file() {
        let source = "[\"é\\u00e8 x\"]";
        let doc = parse(source).unwrap();
        let s = &doc.as_array().unwrap()[0];
        let places = s.string_places(source);
        let text = s.as_str().unwrap();
        // é at column 3, è (\u00e8) at 4, the space at 10, x at 11.
        assert_eq!(places.place(text, 0), Some((1, 3)));
        assert_eq!(places.place(text, 2), Some((1, 4)));
        assert_eq!(places.place(text, text.find('x').unwrap()), Some((1, 11)));
    }

    #[test]
    fn errors_say_where_and_what() {
        let err = parse("{\"a\": [1 2]}").unwrap_err();
        assert_eq!((err.line, err.column), (Some(1), Some(10)));
        assert!(
            err.message.contains("expected ',' or ']'"),
            "{}",
            err.message
        );
        let err = parse("{\"a\": \"b").unwrap_err();
        assert!(err.message.contains("end of the file"), "{}", err.message);
        let deep = "[".repeat(10_000);
        assert!(parse(&deep).unwrap_err().message.contains("nested"));
    }
}
