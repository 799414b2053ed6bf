//! Decoding input bytes to text, by evidence. UTF-8 (with or without BOM)
//! and UTF-16 or UTF-32 with a BOM are decoded silently. Text that is UTF-8
//! but for a few bad bytes (whisper.cpp writes token pieces that cut a
//! character in two: ggml-org/whisper.cpp #1798, #3760) stays UTF-8, each
//! bad sequence replaced with U+FFFD and reported at its place. Text with
//! no UTF-8 in it at all is a legacy encoding, which chardetng (Firefox's
//! detector) names: Windows-1252 for most older French subtitles. UTF-16
//! without a BOM is recognised by its zero bytes.

use std::path::Path;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

use crate::error::{Error, ErrorKind, Result};
use crate::line_index::LineIndex;

/// Decoded text, and what was not as expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without a byte-order mark.
    pub text: String,
    /// The encoding read: "utf-8", "utf-16le", "utf-32be", or a legacy
    /// encoding as encoding_rs names it ("windows-1252", "ISO-8859-2").
    pub encoding: &'static str,
    /// Why the file as a whole was not read as UTF-8, when it was not.
    pub warning: Option<String>,
    /// Bytes that were not UTF-8 in a UTF-8 file, each replaced with
    /// U+FFFD: (line, column) in the decoded text, and the bytes.
    pub repairs: Vec<Repair>,
    /// The file began with a byte-order mark, of whatever encoding
    /// (Subtitle Edit and Windows tools write UTF-8's); a file written
    /// back in its own format keeps it.
    pub bom: bool,
}

impl Decoded {
    /// How the file was encoded, for writing it back so.
    pub fn as_read(&self) -> AsRead {
        AsRead {
            encoding: self.encoding,
            bom: self.bom,
        }
    }
}

/// How a file's text was encoded: its encoding and whether a byte-order
/// mark began it. A file written back in its own format is encoded so:
/// cleaning a folder of Windows-1252 subtitles in place must not turn
/// them into UTF-8 that an older player shows as "Ã©" (Subtitle Edit,
/// too, saves a file in the encoding it was read in).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AsRead {
    /// As [`Decoded::encoding`] names it.
    pub encoding: &'static str,
    /// A byte-order mark began the file.
    pub bom: bool,
}

impl AsRead {
    /// UTF-8 without a byte-order mark: what every other output is.
    pub const UTF8: AsRead = AsRead {
        encoding: "utf-8",
        bom: false,
    };

    /// Whether the text is written as UTF-8 (with its mark or not).
    pub fn is_utf8(self) -> bool {
        self.encoding == "utf-8"
    }
}

/// What is said of a file written as UTF-8 because its encoding has no
/// byte for `c` (the `Err` of [`encode`]).
pub fn written_as_utf8(as_read: AsRead, c: char) -> String {
    format!(
        "written as UTF-8: {} has no byte for {c:?} (U+{:04X})",
        as_read.encoding.to_ascii_lowercase(),
        u32::from(c)
    )
}

/// `text` encoded as `as_read` says; `Err` with the first character the
/// encoding has no bytes for (a legacy encoding: "ć" in Windows-1252).
/// encoding_rs would write such a character as an HTML reference, which
/// no subtitle reader decodes, and writes UTF-16 as UTF-8 (as browsers
/// submit forms): both are done here.
pub fn encode(text: &str, as_read: AsRead) -> std::result::Result<Vec<u8>, char> {
    let units = |bom: &[u8], unit: fn(u16) -> [u8; 2]| {
        let mut bytes = Vec::with_capacity(text.len() * 2 + 2);
        if as_read.bom {
            bytes.extend_from_slice(bom);
        }
        bytes.extend(text.encode_utf16().flat_map(unit));
        bytes
    };
    let words = |bom: &[u8], word: fn(u32) -> [u8; 4]| {
        let mut bytes = Vec::with_capacity(text.len() * 4 + 4);
        if as_read.bom {
            bytes.extend_from_slice(bom);
        }
        bytes.extend(text.chars().flat_map(|c| word(u32::from(c))));
        bytes
    };
    Ok(match as_read.encoding {
        "utf-16le" => units(b"\xFF\xFE", u16::to_le_bytes),
        "utf-16be" => units(b"\xFE\xFF", u16::to_be_bytes),
        "utf-32le" => words(b"\xFF\xFE\x00\x00", u32::to_le_bytes),
        "utf-32be" => words(b"\x00\x00\xFE\xFF", u32::to_be_bytes),
        legacy => match Encoding::for_label(legacy.as_bytes()).filter(|e| *e != encoding_rs::UTF_8)
        {
            Some(encoding) => {
                let (bytes, _, unmappable) = encoding.encode(text);
                if unmappable {
                    let mut buf = [0u8; 4];
                    let first = text
                        .chars()
                        .find(|c| encoding.encode(c.encode_utf8(&mut buf)).2)
                        .unwrap_or('\u{FFFD}');
                    return Err(first);
                }
                bytes.into_owned()
            }
            None => {
                let bom: &[u8] = if as_read.bom { b"\xEF\xBB\xBF" } else { b"" };
                [bom, text.as_bytes()].concat()
            }
        },
    })
}

/// One invalid byte sequence replaced with U+FFFD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    /// 1-based line of the replacement character in the decoded text.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The bytes that were not UTF-8, as found.
    pub bytes: Vec<u8>,
}

impl Repair {
    /// The repair as a positioned warning.
    pub fn to_error(&self) -> Error {
        let hex: Vec<String> = self.bytes.iter().map(|b| format!("0x{b:02X}")).collect();
        Error::parse(
            self.line,
            self.column,
            format!(
                "expected UTF-8, found the byte{} {}; replaced with U+FFFD",
                if self.bytes.len() == 1 { "" } else { "s" },
                hex.join(" ")
            ),
        )
    }
}

/// Decodes a whole file. Takes the bytes so that UTF-8 without a BOM,
/// the common case, becomes a `String` without a copy.
pub fn decode_owned(bytes: Vec<u8>) -> Decoded {
    if has_bom(&bytes) {
        return decode(&bytes);
    }
    match String::from_utf8(bytes) {
        Ok(text) => utf8(text),
        Err(err) => by_evidence(err.as_bytes()),
    }
}

/// Decodes a whole file from borrowed bytes: a byte-order mark first, else
/// UTF-8, else the legacy encoding the bytes point to. Never fails.
pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Decoded {
            bom: true,
            ..by_evidence(rest)
        };
    }
    // UTF-32 before UTF-16: FF FE 00 00 also starts like UTF-16LE's BOM.
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE\x00\x00") {
        return utf32(rest, u32::from_le_bytes, "utf-32le");
    }
    if let Some(rest) = bytes.strip_prefix(b"\x00\x00\xFE\xFF") {
        return utf32(rest, u32::from_be_bytes, "utf-32be");
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (encoding, name) = if bytes[0] == 0xFF {
            (UTF_16LE, "utf-16le")
        } else {
            (UTF_16BE, "utf-16be")
        };
        let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
        return Decoded {
            text: text.into_owned(),
            encoding: name,
            warning: had_errors
                .then(|| format!("invalid {name} sequences were replaced with U+FFFD")),
            repairs: Vec::new(),
            bom: true,
        };
    }
    by_evidence(bytes)
}

/// Whether the bytes begin with a byte-order mark of any encoding.
pub(crate) fn has_bom(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xEF\xBB\xBF")
        || bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
        || bytes.starts_with(b"\x00\x00\xFE\xFF")
}

fn utf8(text: String) -> Decoded {
    Decoded {
        text,
        encoding: "utf-8",
        warning: None,
        repairs: Vec::new(),
        bom: false,
    }
}

/// Bytes that are not valid UTF-8 throughout: UTF-16 without a BOM, UTF-8
/// with a few bad sequences, or a legacy encoding.
fn by_evidence(bytes: &[u8]) -> Decoded {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return utf8(text.to_string());
    }
    if let Some(decoded) = utf16_without_bom(bytes) {
        return decoded;
    }
    // Evidence for UTF-8: characters of two bytes or more that decode;
    // against it: sequences that do not. A legacy file has almost none of
    // the first (an accented letter followed by ASCII is not UTF-8).
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| c.len_utf8() > 1).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    if multibyte >= invalid {
        return utf8_with_repairs(bytes);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding: &'static Encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    let encoding = if encoding == encoding_rs::UTF_8 {
        WINDOWS_1252
    } else {
        encoding
    };
    let (text, _, _) = encoding.decode(bytes);
    let line = bytes[..std::str::from_utf8(bytes)
        .err()
        .map_or(0, |e| e.valid_up_to())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1;
    let name = encoding.name().to_ascii_lowercase();
    Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
        warning: Some(format!(
            "not valid utf-8 (first bad byte on line {line}); decoded as {name}"
        )),
        repairs: Vec::new(),
        bom: false,
    }
}

fn utf8_with_repairs(bytes: &[u8]) -> Decoded {
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut repairs = Vec::new();
    let (mut line, mut column) = (1usize, 1usize);
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            repairs.push(Repair {
                line,
                column,
                bytes: chunk.invalid().to_vec(),
            });
            text.push('\u{FFFD}');
            column += 1;
        }
    }
    Decoded {
        text,
        encoding: "utf-8",
        warning: None,
        repairs,
        bom: false,
    }
}

/// UTF-16 without a BOM: text of Latin script has a zero in every other
/// byte. Say so, since nothing in the file declares it.
fn utf16_without_bom(bytes: &[u8]) -> Option<Decoded> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let pairs = bytes.len() / 2;
    let zeros = |offset: usize| {
        bytes
            .iter()
            .skip(offset)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    let (encoding, name) = if odd * 2 > pairs && even * 8 < pairs {
        (UTF_16LE, "utf-16le")
    } else if even * 2 > pairs && odd * 8 < pairs {
        (UTF_16BE, "utf-16be")
    } else {
        return None;
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return None;
    }
    Some(Decoded {
        text: text.into_owned(),
        encoding: name,
        warning: Some(format!(
            "no byte-order mark, but the zero bytes say {name}; decoded as {name}"
        )),
        repairs: Vec::new(),
        bom: false,
    })
}

fn utf32(bytes: &[u8], word: fn([u8; 4]) -> u32, name: &'static str) -> Decoded {
    let mut text = String::with_capacity(bytes.len() / 4);
    let mut bad = false;
    let chunks = bytes.chunks_exact(4);
    bad |= !chunks.remainder().is_empty();
    for chunk in chunks {
        let value = word([chunk[0], chunk[1], chunk[2], chunk[3]]);
        match char::from_u32(value) {
            Some(c) => text.push(c),
            None => {
                bad = true;
                text.push('\u{FFFD}');
            }
        }
    }
    Decoded {
        text,
        encoding: name,
        warning: bad.then(|| format!("invalid {name} sequences were replaced with U+FFFD")),
        repairs: Vec::new(),
        // Read only after its mark.
        bom: true,
    }
}

/// Carriage returns that end lines on their own (classic Mac files, and
/// some subtitle editors) become line feeds, so that every reader, every
/// position and the writer see the same lines; CRLF stays as it is (the
/// readers take it for one line end). Returns how many were changed.
pub fn lone_carriage_returns(text: &mut String) -> usize {
    let bytes = text.as_bytes();
    let lone = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
        .count();
    if lone > 0 {
        let mut out = String::with_capacity(text.len());
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\r' && chars.peek() != Some(&'\n') {
                out.push('\n');
            } else {
                out.push(c);
            }
        }
        *text = out;
    }
    lone
}

/// Reads a file that must be UTF-8 (dictionaries, configuration): invalid
/// bytes are an error at the line and column of the first one. Every error
/// gets `kind`, so the caller's messages stay of one kind.
pub fn read_utf8(path: &Path, kind: ErrorKind) -> Result<String> {
    let with_kind = |mut e: Error| {
        e.kind = kind;
        e
    };
    let bytes = std::fs::read(path).map_err(|e| with_kind(Error::io(path, &e)))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        // The bytes before the first bad one are valid, so index them.
        let prefix = std::str::from_utf8(&e.as_bytes()[..valid]).unwrap_or_default();
        let (line, column) = LineIndex::new(prefix).position(valid);
        Error::new(kind, "expected UTF-8 text, found invalid bytes")
            .at(line, column)
            .in_file(path)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_encoded_as_it_was_read() {
        let text = "1\r\n00:00:01,000 --> 00:00:02,000\r\nÉté, nœud, « oui » — 5 €\r\n";
        for (encoding, bom, head) in [
            ("utf-8", false, &b"1\r"[..]),
            ("utf-8", true, &b"\xEF\xBB\xBF1"[..]),
            ("utf-16le", true, &b"\xFF\xFE1\x00"[..]),
            ("utf-16be", true, &b"\xFE\xFF\x001"[..]),
            ("utf-32le", true, &b"\xFF\xFE\x00\x001\x00\x00\x00"[..]),
            ("windows-1252", false, &b"1\r"[..]),
        ] {
            let as_read = AsRead { encoding, bom };
            let bytes = encode(text, as_read).unwrap();
            assert!(bytes.starts_with(head), "{encoding} {bom}: {bytes:?}");
            let decoded = decode(&bytes);
            assert_eq!(decoded.text, text, "{encoding} {bom}");
            assert_eq!(decoded.as_read(), as_read, "{encoding} {bom}");
        }
        // One byte each in Windows-1252: É, œ, «, —, € are 0xC9, 0x9C,
        // 0xAB, 0x97, 0x80.
        let bytes = encode(
            "Éœ«—€",
            AsRead {
                encoding: "windows-1252",
                bom: false,
            },
        )
        .unwrap();
        assert_eq!(bytes, b"\xC9\x9C\xAB\x97\x80");
    }

    #[test]
    fn a_character_the_encoding_lacks_is_named() {
        let cp1252 = AsRead {
            encoding: "windows-1252",
            bom: false,
        };
        assert_eq!(encode("Łódź, nœud", cp1252), Err('Ł'));
        assert_eq!(encode("nœud et ć", cp1252), Err('ć'));
    }

    #[test]
    fn strips_utf8_bom() {
        let d = decode(b"\xEF\xBB\xBFcaf\xC3\xA9");
        assert_eq!(
            (d.text.as_str(), d.encoding, d.warning),
            ("café", "utf-8", None)
        );
    }

    #[test]
    fn decodes_utf16_both_orders() {
        assert_eq!(decode(b"\xFF\xFEh\x00\xE9\x00").text, "hé");
        assert_eq!(decode(b"\xFE\xFF\x00h\x00\xE9").text, "hé");
    }

    #[test]
    fn falls_back_to_windows_1252_with_a_warning() {
        let d = decode(b"line\nd\xE9j\xE0 \x92vu\x92");
        assert_eq!(d.text, "line\ndéjà ’vu’");
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.warning.unwrap().contains("line 2"));
    }

    #[test]
    fn one_bad_byte_in_utf8_text_is_repaired_where_it_stands() {
        // "Très bien.\nÇa marche \xE9 ici." : UTF-8 but for one stray byte.
        let d = decode_owned(b"Tr\xC3\xA8s bien.\n\xC3\x87a marche \xE9 ici.".to_vec());
        assert_eq!(d.text, "Très bien.\nÇa marche \u{FFFD} ici.");
        assert_eq!((d.encoding, d.warning), ("utf-8", None));
        assert_eq!(
            d.repairs,
            [Repair {
                line: 2,
                column: 11,
                bytes: vec![0xE9]
            }]
        );
        assert_eq!(
            d.repairs[0].to_error().to_string(),
            "2:11: expected UTF-8, found the byte 0xE9; replaced with U+FFFD"
        );
    }

    #[test]
    fn utf16_without_a_bom_is_recognised_and_said() {
        let le: Vec<u8> = "Bonjour à tous\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let d = decode_owned(le);
        assert_eq!(
            (d.text.as_str(), d.encoding),
            ("Bonjour à tous\n", "utf-16le")
        );
        assert!(d.warning.unwrap().contains("no byte-order mark"));
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let mut text = "a\rb\r\nc\r".to_string();
        assert_eq!(lone_carriage_returns(&mut text), 2);
        assert_eq!(text, "a\nb\r\nc\n");
    }

    #[test]
    fn utf32_with_a_bom() {
        let mut bytes = b"\xFF\xFE\x00\x00".to_vec();
        bytes.extend("Olá".chars().flat_map(|c| (c as u32).to_le_bytes()));
        assert_eq!(decode(&bytes).text, "Olá");
    }
}
