//! The tokens of a line (runs between white space), the part of each
//! compared (its key: punctuation around it off) and a hash of the key in
//! lower case (its fingerprint), which the loop searches compare. Every
//! line of a transcript is read this way, so a token of printable ASCII,
//! most of them, is read, keyed and hashed in one pass (`scan`); any
//! other goes through `token_end`, `key_of` and `fingerprint` in turn.

use std::ops::Range;

use super::fold::is_ascii_space;

/// A token of a text and, if it holds a letter or a digit, its key and
/// the key's fingerprint; offsets in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Token {
    pub span: Range<usize>,
    pub key: Option<(Range<usize>, u64)>,
}

/// The tokens of `text`, in order (see the module comment). White space
/// is Unicode's (French puts no-break spaces before "!").
pub(super) fn scan(text: &str) -> impl Iterator<Item = Token> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || next_token(text, &mut i))
}

/// The token of `text` at or after byte `*i`, moving `*i` past it: what
/// `scan` gives next. Inlined where the words of every line are read
/// (`Words::of`), so that a token is not built to be taken apart.
#[inline(always)]
pub(super) fn next_token(text: &str, i: &mut usize) -> Option<Token> {
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(*i) {
        // A space, then a letter: what is between most words.
        let n = match b {
            b' ' => 1,
            b'!'..0x80 => break,
            _ => match space_at(text, *i) {
                Some(n) => n,
                None => break,
            },
        };
        *i += n;
    }
    if *i >= bytes.len() {
        return None;
    }
    let start = *i;
    let token = ascii_token(bytes, start).unwrap_or_else(|| {
        let end = token_end(text, start);
        let token = &text[start..end];
        let key = key_of(token).map(|k| {
            let print = fingerprint(&token[k.clone()]);
            (start + k.start..start + k.end, print)
        });
        Token {
            span: start..end,
            key,
        }
    });
    *i = token.span.end;
    Some(token)
}

/// The token at `start`, if it is printable ASCII up to white space or
/// the end of the text, read and its key hashed in one pass. None for any
/// other token (a letter beyond ASCII, a control character).
#[inline]
fn ascii_token(bytes: &[u8], start: usize) -> Option<Token> {
    let mut end = start;
    // The key's first and last bytes, when it has any.
    let (mut first, mut last) = (usize::MAX, 0);
    // The hash from the key's first byte on, and what it was after the
    // last letter or digit so far: the key ends there, and punctuation
    // after it ("mot," "mot...") is not hashed.
    let (mut running, mut print) = (FNV_OFFSET, FNV_OFFSET);
    while let Some(&b) = bytes.get(end) {
        match ASCII_CLASS[usize::from(b)] {
            OTHER => break,
            ALPHANUMERIC => {
                first = first.min(end);
                last = end;
                running = mix(running, b.to_ascii_lowercase());
                print = running;
            }
            // Punctuation is its own lower case.
            _ if first != usize::MAX => running = mix(running, b),
            _ => {}
        }
        end += 1;
    }
    if bytes.get(end).is_some_and(|&b| !is_ascii_space(b)) {
        return None;
    }
    let key = (first != usize::MAX).then_some((first..last + 1, print));
    Some(Token {
        span: start..end,
        key,
    })
}

/// What a byte is to `ascii_token`.
const OTHER: u8 = 0;
const PUNCTUATION: u8 = 1;
const ALPHANUMERIC: u8 = 2;

/// Printable ASCII is punctuation or a letter or a digit; any other byte
/// (white space, a control character, a byte of a character beyond
/// ASCII) ends the path of `ascii_token`.
const ASCII_CLASS: [u8; 256] = {
    let mut class = [OTHER; 256];
    let mut b = b'!';
    while b < 0x80 {
        class[b as usize] = if b.is_ascii_alphanumeric() {
            ALPHANUMERIC
        } else {
            PUNCTUATION
        };
        b += 1;
    }
    class
};

/// The length of the white-space character at byte `i` of `text`, if
/// one is there.
fn space_at(text: &str, i: usize) -> Option<usize> {
    match text.as_bytes()[i] {
        b if b < 0x80 => is_ascii_space(b).then_some(1),
        // Continuation bytes never start a character.
        b if b < 0xc0 => None,
        _ => {
            let c = text[i..].chars().next()?;
            c.is_whitespace().then(|| c.len_utf8())
        }
    }
}

/// Where the token that begins at `start` (not white space) ends.
fn token_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start + 1;
    while i < bytes.len() && (bytes[i] > b' ' && bytes[i] < 0x80 || space_at(text, i).is_none()) {
        i += 1;
    }
    i
}

/// The part of a token compared (punctuation around it off), if it holds
/// a letter or a digit.
#[inline]
fn key_of(token: &str) -> Option<Range<usize>> {
    let bytes = token.as_bytes();
    // Most tokens begin and end with an ASCII letter or digit, or with
    // ASCII punctuation around one: no character needs decoding then.
    let start = bytes
        .iter()
        .position(|b| b.is_ascii_alphanumeric() || !b.is_ascii());
    let end = bytes
        .iter()
        .rposition(|b| b.is_ascii_alphanumeric() || !b.is_ascii());
    if let (Some(start), Some(end)) = (start, end)
        && bytes[start].is_ascii()
        && bytes[end].is_ascii()
    {
        return Some(start..end + 1);
    }
    start?;
    let lead = token.len()
        - token
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .len();
    let key = token[lead..].trim_end_matches(|c: char| !c.is_alphanumeric());
    (!key.is_empty()).then(|| lead..lead + key.len())
}

/// FNV-1a's starting hash.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a's step: `byte` mixed into `hash`.
#[inline]
fn mix(hash: u64, byte: u8) -> u64 {
    (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
}

/// FNV-1a over the lower-cased characters.
#[inline]
pub(super) fn fingerprint(key: &str) -> u64 {
    let mut hash = FNV_OFFSET;
    let mut mix = |byte: u8| hash = mix(hash, byte);
    let bytes = key.as_bytes();
    // ASCII bytes hash as they come; from the first other byte on, the
    // rest goes character by character through Unicode's lower case.
    let ascii = bytes
        .iter()
        .position(|b| !b.is_ascii())
        .unwrap_or(bytes.len());
    bytes[..ascii]
        .iter()
        .for_each(|b| mix(b.to_ascii_lowercase()));
    let mut buf = [0u8; 4];
    for c in key[ascii..].chars() {
        if c.is_ascii() {
            mix(c.to_ascii_lowercase() as u8);
            continue;
        }
        if let Some(lower) = latin1_lower(c) {
            // Accented Latin letters, most of what European words hold,
            // without Unicode's case tables.
            lower.encode_utf8(&mut buf).bytes().for_each(&mut mix);
            continue;
        }
        for lower in c.to_lowercase() {
            lower.encode_utf8(&mut buf).bytes().for_each(&mut mix);
        }
    }
    hash
}

/// The lower case of a character of U+0080..=U+00FF, which is one
/// character (`char::to_lowercase`): À..Þ but × are one block above,
/// the others their own. None outside that range.
#[inline]
fn latin1_lower(c: char) -> Option<char> {
    match c {
        '\u{c0}'..='\u{de}' if c != '\u{d7}' => char::from_u32(u32::from(c) + 0x20),
        '\u{80}'..='\u{ff}' => Some(c),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latin1_lower_case_is_unicodes() {
        for c in '\0'..='\u{17f}' {
            let expected = ('\u{80}'..='\u{ff}').contains(&c).then(|| {
                let mut lower = c.to_lowercase();
                let first = lower.next().unwrap();
                assert_eq!(lower.next(), None, "{c:?}");
                first
            });
            assert_eq!(latin1_lower(c), expected, "{c:?}");
        }
    }

    /// The tokens as they were read before `scan`: `token_end`, then
    /// `key_of`, then `fingerprint`, for every token.
    fn read_one_by_one(text: &str) -> Vec<Token> {
        let mut tokens = Vec::new();
        let mut i = 0;
        while i < text.len() {
            if let Some(n) = space_at(text, i) {
                i += n;
                continue;
            }
            let end = token_end(text, i);
            let token = &text[i..end];
            let key = key_of(token).map(|k| (i + k.start..i + k.end, fingerprint(&token[k])));
            tokens.push(Token { span: i..end, key });
            i = end;
        }
        tokens
    }

    #[test]
    fn a_scan_reads_every_token_as_one_by_one() {
        let texts = [
            "",
            "   ",
            "Bonjour, le monde !",
            "Non ! Non ! Non !",
            "«\u{a0}oui\u{a0}» -- (bon) ... 42 l'homme e-mail _x_ x_y",
            "Éric  à\tl'école\n\r\u{b}\u{c}fin.",
            "ça a déjà été fait: ÉTÉ, straße, İstanbul, \u{212a}elvin",
            "tab\u{1}control \u{7f}del\u{7f} x\u{0}y \u{1}",
            "thin\u{2009}space and\u{3000}ideographic and\u{85}next",
            "!!! ??? ... «» — … –",
            "a",
            "Z9",
            "end.",
            "mot-clé",
            "caf\u{e9}",
            "cafe\u{301}",
            "‘quoted’ “twice”",
        ];
        let mut lines: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
        for dir in ["fixtures", "bench/corpora/data"] {
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            for entry in entries.flatten() {
                if let Ok(text) = std::fs::read_to_string(entry.path()) {
                    lines.extend(text.lines().map(str::to_string));
                    lines.push(text);
                }
            }
        }
        assert!(lines.len() > 1000, "fixtures read: {}", lines.len());
        for text in &lines {
            assert_eq!(
                scan(text).collect::<Vec<_>>(),
                read_one_by_one(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn keys_and_prints_of_ascii_tokens() {
        let tokens: Vec<Token> = scan("«Bonjour», (...) l'AMI!").collect();
        let spans: Vec<&str> = tokens
            .iter()
            .map(|t| &"«Bonjour», (...) l'AMI!"[t.span.clone()])
            .collect();
        assert_eq!(spans, ["«Bonjour»,", "(...)", "l'AMI!"]);
        assert_eq!(tokens[1].key, None);
        assert_eq!(tokens[2].key, Some((19..24, fingerprint("l'ami"))));
        assert_eq!(fingerprint("l'ami"), fingerprint("L'AMI"));
        assert_ne!(fingerprint("l'ami"), fingerprint("lami"));
    }
}
