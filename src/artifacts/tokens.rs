//! The tokens of a line (runs between white space), the part of each
//! compared (its key: punctuation around it off) and a hash of the key in
//! lower case (its fingerprint), which the loop searches compare. Every
//! line of a transcript is read this way, so a token of printable ASCII
//! shorter than eight bytes, most of them, is read as one 64-bit word:
//! where it ends, where its key is, the key in lower case and its hash,
//! with no branch per byte (`ascii_token`); any other goes through
//! `token_end`, `key_of` and `fingerprint` in turn.

use std::ops::Range;

use super::fold::is_ascii_space;
use crate::lanes;
use crate::language::is_alphanumeric;

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
/// `scan` gives next.
#[inline]
fn next_token(text: &str, i: &mut usize) -> Option<Token> {
    let start = skip_spaces(text, *i)?;
    let scanned = scan_at(text, start, |scanned| scanned);
    *i = scanned.end;
    Some(Token {
        span: start..scanned.end,
        key: (scanned.key_start < scanned.key_end)
            .then_some((scanned.key_start..scanned.key_end, scanned.print)),
    })
}

/// Where the next token of `text` at or after byte `i` begins, if one
/// does: past the white space.
#[inline(always)]
pub(super) fn skip_spaces(text: &str, mut i: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(i) {
        // A space, then a letter: what is between most words.
        let n = match b {
            b' ' => 1,
            b'!'..0x80 => break,
            _ => match space_at(text, i) {
                Some(n) => n,
                None => break,
            },
        };
        i += n;
    }
    (i < bytes.len()).then_some(i)
}

/// A token as `scan_at` reads it: plain numbers, which stay in registers
/// where the words of every line are read (`Words::of`); a `Token`, with
/// its ranges and options, went through memory there, a field at a time,
/// to be read back whole.
#[derive(Debug, Clone, Copy)]
pub(super) struct Scanned {
    /// Where the token ends.
    pub end: usize,
    /// Its key, empty if it holds no letter or digit, and the key's
    /// fingerprint.
    pub key_start: usize,
    pub key_end: usize,
    pub print: u64,
}

impl Scanned {
    /// A token ending at `end` that holds no letter or digit: no key.
    #[inline(always)]
    fn keyless(end: usize) -> Scanned {
        Scanned {
            end,
            key_start: end,
            key_end: end,
            print: 0,
        }
    }
}

/// The token that begins at byte `start` of `text` (not white space),
/// given to `read`. A callback, not a value returned: each path then has
/// its own copy of `read`, where one value for both went through memory.
#[inline(always)]
pub(super) fn scan_at<R>(text: &str, start: usize, read: impl FnOnce(Scanned) -> R) -> R {
    match ascii_token(text, start) {
        Some(scanned) => read(scanned),
        None => read(other_token(text, start)),
    }
}

/// `scan_at` for a token that is not printable ASCII alone.
#[inline(never)]
fn other_token(text: &str, start: usize) -> Scanned {
    let end = token_end(text, start);
    let token = &text[start..end];
    match key_of(token) {
        Some(k) => Scanned {
            end,
            key_start: start + k.start,
            key_end: start + k.end,
            print: fingerprint(&token[k]),
        },
        None => Scanned::keyless(end),
    }
}

/// The token at `start`, if it is printable ASCII up to white space or
/// the end of the text, read and its key hashed. None for any other token
/// (a letter beyond ASCII, a control character).
#[inline(always)]
fn ascii_token(text: &str, start: usize) -> Option<Scanned> {
    let bytes = text.as_bytes();
    // Most words are shorter than eight bytes: read as one 64-bit word,
    // with no branch per byte (the ends of words, which no branch
    // predictor guesses, were most of the loop's time).
    let rest = &bytes[start..];
    // Past the end of the text reads as NUL, which ends a token.
    let word = if let Some(eight) = rest.first_chunk::<8>() {
        u64::from_le_bytes(*eight)
    } else if let Some(last) = bytes.last_chunk::<8>() {
        // The text's last eight bytes, shifted down to where `rest`
        // begins: no copy through memory for the last word of each line.
        u64::from_le_bytes(*last) >> (8 * (8 - rest.len()))
    } else {
        let mut eight = [0u8; 8];
        eight[..rest.len()].copy_from_slice(rest);
        u64::from_le_bytes(eight)
    };
    let printable = lanes::ascii_printable(word);
    let ends = !printable & lanes::HIGHS;
    if ends == 0 {
        return long_ascii_token(text, start);
    }
    let len = lanes::first(ends);
    if rest.get(len).is_some_and(|&b| !is_ascii_space(b)) {
        return None;
    }
    let key_bytes =
        (lanes::ascii_letters(word) | lanes::ascii_digits(word)) & lanes::low_lanes(len);
    let end = start + len;
    if key_bytes == 0 {
        return Some(Scanned::keyless(end));
    }
    let first = lanes::first(key_bytes);
    let last = 7 - (key_bytes.leading_zeros() / 8) as usize;
    let key_len = last + 1 - first;
    let lower = (lanes::ascii_lower(word) >> (first * 8)) & lanes::low_lanes(key_len);
    Some(Scanned {
        end,
        key_start: start + first,
        key_end: start + last + 1,
        print: Fingerprint::default().chunk(lower).finish(key_len),
    })
}

/// `ascii_token` for a token of eight bytes or more, a byte at a time.
#[inline(never)]
fn long_ascii_token(text: &str, start: usize) -> Option<Scanned> {
    let bytes = text.as_bytes();
    let mut end = start;
    // The key's first and last bytes, when it has any.
    let (mut first, mut last) = (usize::MAX, 0);
    while let Some(&b) = bytes.get(end) {
        match ASCII_CLASS[usize::from(b)] {
            OTHER => break,
            ALPHANUMERIC => {
                first = first.min(end);
                last = end;
            }
            _ => {}
        }
        end += 1;
    }
    if bytes.get(end).is_some_and(|&b| !is_ascii_space(b)) {
        return None;
    }
    if first == usize::MAX {
        return Some(Scanned::keyless(end));
    }
    Some(Scanned {
        end,
        key_start: first,
        key_end: last + 1,
        print: fingerprint(&text[first..=last]),
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
        // Continuation bytes never start a character, and none of
        // U+00C0..=U+00FF (C3 and a second byte) is white space.
        b if b < 0xc0 || b == 0xc3 => None,
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
    // A Latin-1 letter there (é, à, ü: a French word's last letter, an
    // accented capital's first) is a letter too, told from its bytes.
    if let (Some(start), Some(end)) = (start, end)
        && (bytes[start].is_ascii() || latin1_letter_at(bytes, start))
        && (bytes[end].is_ascii() || latin1_letter_ends_at(bytes, end))
    {
        return Some(start..end + 1);
    }
    start?;
    let lead = token.len()
        - token
            .trim_start_matches(|c: char| !is_alphanumeric(c))
            .len();
    let key = token[lead..].trim_end_matches(|c: char| !is_alphanumeric(c));
    (!key.is_empty()).then(|| lead..lead + key.len())
}

/// Whether the character at byte `i` is a letter of U+00C0..=U+00FF
/// (all of them but × and ÷), whose UTF-8 is C3 and a byte from 80 to BF.
#[inline]
fn latin1_letter_at(bytes: &[u8], i: usize) -> bool {
    bytes[i] == 0xc3 && bytes.get(i + 1).is_some_and(|&b| latin1_second(b))
}

/// Whether a letter of U+00C0..=U+00FF ends at byte `i` (its second byte).
#[inline]
fn latin1_letter_ends_at(bytes: &[u8], i: usize) -> bool {
    latin1_second(bytes[i]) && i > 0 && bytes[i - 1] == 0xc3
}

/// The second byte of a letter of U+00C0..=U+00FF after C3: 80 to BF but
/// 97 (×) and B7 (÷).
#[inline]
fn latin1_second(b: u8) -> bool {
    (0x80..=0xbf).contains(&b) && b != 0x97 && b != 0xb7
}

/// A key's fingerprint: its bytes in lower case, eight at a time (the
/// last eight padded with zeros), then its length, each mixed in as
/// FxHash mixes a word. The same bytes give the same fingerprint however
/// they were read: a word at a time (`ascii_token`) or a character at a
/// time (`fingerprint`).
#[derive(Default, Clone, Copy)]
struct Fingerprint(u64);

/// FxHash's multiplier (src/word_hash.rs uses the same).
const FX_MULTIPLIER: u64 = 0x517c_c1b7_2722_0a95;

impl Fingerprint {
    #[inline]
    fn chunk(self, eight: u64) -> Fingerprint {
        Fingerprint((self.0.rotate_left(5) ^ eight).wrapping_mul(FX_MULTIPLIER))
    }

    #[inline]
    fn finish(self, len: usize) -> u64 {
        self.chunk(len as u64).0
    }
}

/// A fingerprint taken of a key's bytes in lower case given one at a time.
#[derive(Default)]
struct Fingerprinting {
    print: Fingerprint,
    /// Bytes given and not yet mixed in, the first lowest.
    pending: u64,
    len: usize,
}

impl Fingerprinting {
    #[inline]
    fn push(&mut self, byte: u8) {
        self.pending |= u64::from(byte) << (8 * (self.len % 8));
        self.len += 1;
        if self.len.is_multiple_of(8) {
            self.print = self.print.chunk(self.pending);
            self.pending = 0;
        }
    }

    /// Eight bytes at once, the first lowest, when the bytes given so far
    /// are a multiple of eight: what eight `push`es would do.
    #[inline]
    fn mix_eight(&mut self, eight: u64) {
        debug_assert!(self.len.is_multiple_of(8));
        self.print = self.print.chunk(eight);
        self.len += 8;
    }

    fn finish(self) -> u64 {
        let print = if self.len.is_multiple_of(8) {
            self.print
        } else {
            self.print.chunk(self.pending)
        };
        print.finish(self.len)
    }
}

/// The fingerprint of a key's lower-cased characters (see `Fingerprint`).
#[inline]
pub(super) fn fingerprint(key: &str) -> u64 {
    let mut bytes = Fingerprinting::default();
    let raw = key.as_bytes();
    // ASCII bytes go eight at a time, lowered at once (as `ascii_token`
    // mixes a short word), then one at a time; from the first other byte
    // on, the rest goes character by character through Unicode's lower
    // case.
    let ascii = raw.iter().position(|b| !b.is_ascii()).unwrap_or(raw.len());
    let (eights, rest) = raw[..ascii].as_chunks::<8>();
    for eight in eights {
        bytes.mix_eight(lanes::ascii_lower(u64::from_le_bytes(*eight)));
    }
    let mut mix = |byte: u8| bytes.push(byte);
    rest.iter().for_each(|b| mix(b.to_ascii_lowercase()));
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
    bytes.finish()
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

    /// A key's fingerprint is that of its lower case given a byte at a
    /// time, whatever its length: ASCII read eight bytes at once mixes as
    /// the bytes one by one did.
    #[test]
    fn a_fingerprint_is_that_of_its_bytes_one_at_a_time() {
        let one_at_a_time = |key: &str| {
            let mut bytes = Fingerprinting::default();
            for byte in key.to_lowercase().bytes() {
                bytes.push(byte);
            }
            bytes.finish()
        };
        for key in [
            "",
            "a",
            "Bonjour",
            "Aujourdhu",
            "TRANSCRIPTION",
            "anticonstitutionnellement",
            "sixteen-bytes-ok",
            "Seventeen_bytes_X",
            "Qu'est-ce-que-c'était",
            "Élément",
            "abcdefghÉté",
            "abcdefgh12345678Straße",
            "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ",
            "ŒUVRE-ÇA-İSTANBUL-ΣΟΦΙΑ-\u{212a}",
            "ªµº¿",
        ] {
            assert_eq!(fingerprint(key), one_at_a_time(key), "{key:?}");
        }
    }

    /// What the bytes of a Latin-1 letter say is what Unicode says of the
    /// character, for every character of U+0080..=U+00FF, and a key ending
    /// or opening with one is the key the characters give.
    #[test]
    fn latin1_letters_are_told_from_their_bytes() {
        for c in '\u{80}'..='\u{ff}' {
            let text = format!("{c}");
            let bytes = text.as_bytes();
            let letter = c >= '\u{c0}' && c.is_alphanumeric();
            assert_eq!(latin1_letter_at(bytes, 0), letter, "{c:?}");
            assert_eq!(
                latin1_letter_ends_at(bytes, bytes.len() - 1),
                letter,
                "{c:?}"
            );
            assert_eq!(space_at(&text, 0).is_some(), c.is_whitespace(), "{c:?}");
            for token in [
                format!("«{c}»"),
                format!("({c}a{c})"),
                format!("l'{c}t{c}!"),
            ] {
                let lead = token.len()
                    - token
                        .trim_start_matches(|c: char| !c.is_alphanumeric())
                        .len();
                let key = token[lead..].trim_end_matches(|c: char| !c.is_alphanumeric());
                let expected = (!key.is_empty()).then(|| lead..lead + key.len());
                assert_eq!(key_of(&token), expected, "{token:?}");
            }
        }
    }

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

    /// Tokens of every length around the eight bytes `ascii_token` reads
    /// at once, of every printable ASCII byte, ending at the text's end,
    /// at a space, at a control character or at a letter beyond ASCII:
    /// read as `fingerprint` reads them a character at a time.
    #[test]
    fn ascii_tokens_of_any_length_read_as_one_by_one() {
        let mut next = crate::test_strings::splitmix64(8);
        let mut draw = |n: u64| usize::try_from(next() % n).expect("small");
        let printable: Vec<char> = ('!'..='\u{7f}').collect();
        let after = ["", " ", "\t", "\u{1}", "é", "\u{a0}", "!", "\0"];
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..=draw(3) {
                let len = 1 + draw(20);
                for _ in 0..len {
                    // Letters more often than punctuation, as in words.
                    let c = match draw(4) {
                        0 => printable[draw(printable.len() as u64)],
                        1 => (b'A' + draw(26) as u8) as char,
                        _ => (b'a' + draw(26) as u8) as char,
                    };
                    text.push(c);
                }
                text.push_str(after[draw(after.len() as u64)]);
            }
            assert_eq!(
                scan(&text).collect::<Vec<_>>(),
                read_one_by_one(&text),
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
