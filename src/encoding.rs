//! Decoding input bytes to text. UTF-8 (with or without BOM) and UTF-16 with
//! a BOM are decoded silently; anything that is not valid UTF-8 is taken for
//! Windows-1252, the usual encoding of older French subtitles, with a warning.

use std::path::Path;

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

use crate::error::{Error, ErrorKind, Result};
use crate::line_index::LineIndex;

/// Decoded text and, when a guess was made, a warning to show the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The encoding found: "utf-8", "utf-16le", "utf-16be" or "windows-1252".
    pub encoding: &'static str,
    pub warning: Option<String>,
}

/// Decodes a whole file. Takes the bytes so that UTF-8 without a BOM,
/// the common case, becomes a `String` without a copy.
pub fn decode_owned(bytes: Vec<u8>) -> Decoded {
    if bytes.starts_with(b"\xEF\xBB\xBF")
        || bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
    {
        return decode(&bytes);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Decoded {
            text,
            encoding: "utf-8",
            warning: None,
        },
        Err(err) => utf8_or_legacy(err.as_bytes()),
    }
}

pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8_or_legacy(rest);
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
        };
    }
    utf8_or_legacy(bytes)
}

fn utf8_or_legacy(bytes: &[u8]) -> Decoded {
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: text.to_string(),
            encoding: "utf-8",
            warning: None,
        },
        Err(err) => {
            let (text, _, _) = WINDOWS_1252.decode(bytes);
            let line = bytes[..err.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            Decoded {
                text: text.into_owned(),
                encoding: "windows-1252",
                warning: Some(format!(
                    "not valid utf-8 (first bad byte on line {line}); decoded as windows-1252"
                )),
            }
        }
    }
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
}
