//! French typography for subtitles: a no-break space before `: ; ! ?` and
//! `%`, and inside « », so a line never starts with punctuation. Applied
//! to one token at a time; never inside URLs, e-mail addresses, handles or
//! clock times. Plain U+00A0: the narrow U+202F is traditional before
//! `; ! ?` but missing from many players' subtitle fonts.

use compact_str::CompactString;

/// Which typographic convention to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[non_exhaustive]
pub enum Typography {
    /// French rules when the transcript's language is French, else none.
    Auto,
    /// French rules (France): no-break spaces before `: ; ! ?` and inside « ».
    Fr,
    /// Leave the spacing as written.
    None,
}

const NBSP: char = '\u{a0}';

/// The token with French spacing; most tokens hold none of the marks it
/// spaces and come back as they went in, without a copy.
pub fn french(token: CompactString) -> CompactString {
    // Asked of every token, read a byte at a time: "»" and "«" end in
    // 0xBB and 0xAB, which a few letters also hold ("ë", "û"), which the
    // loop below then gives back as they are.
    let may_space = |b: &u8| matches!(b, b'?' | b'!' | b';' | b':' | b'%' | 0xab | 0xbb);
    if !token.as_bytes().iter().any(may_space)
        || token.contains("://")
        || token.contains("www.")
        || token.contains('@')
    {
        return token;
    }
    let chars: Vec<char> = token.chars().collect();
    let mut out = CompactString::with_capacity(token.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let closes = match c {
            '?' | '!' | ';' => !prev.is_some_and(|p| matches!(p, '?' | '!')),
            // "10:30" and "https:" are not punctuation followed by text.
            ':' => next.is_none_or(|n| !n.is_alphanumeric() && n != '/'),
            '%' => prev.is_some_and(|p| p.is_ascii_digit() || p == ' '),
            '»' => true,
            _ => false,
        };
        if closes && i > 0 {
            match prev {
                Some(' ') => {
                    out.pop();
                    out.push(NBSP);
                }
                Some(p) if p != NBSP && p != '\u{202f}' && !p.is_whitespace() => out.push(NBSP),
                _ => {}
            }
            out.push(c);
            continue;
        }
        if c == ' ' && prev == Some('«') {
            out.push(NBSP);
            continue;
        }
        out.push(c);
        if c == '«' && next.is_some_and(|n| !n.is_whitespace()) {
            out.push(NBSP);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn french_of(token: &str) -> String {
        french(token.into()).into()
    }

    fn show(s: &str) -> String {
        s.replace(NBSP, "_")
    }

    #[test]
    fn no_break_space_before_high_punctuation() {
        assert_eq!(show(&french_of("quoi ?")), "quoi_?");
        assert_eq!(show(&french_of("quoi?")), "quoi_?");
        assert_eq!(show(&french_of("vraiment ?!")), "vraiment_?!");
        assert_eq!(show(&french_of("dit-il :")), "dit-il_:");
        assert_eq!(show(&french_of("42 %")), "42_%");
        assert_eq!(show(&french_of("attention;")), "attention_;");
    }

    #[test]
    fn inside_guillemets() {
        assert_eq!(show(&french_of("« Bon »")), "«_Bon_»");
        assert_eq!(show(&french_of("«Bon»")), "«_Bon_»");
    }

    #[test]
    fn urls_times_and_handles_are_left_alone() {
        for t in [
            "https://example.org/?q=1",
            "10:30",
            "@LostInBrittany",
            "www.example.org",
        ] {
            assert_eq!(french_of(t), t);
        }
    }

    #[test]
    fn letters_that_share_a_byte_with_guillemets_are_left_alone() {
        // "ë" and "û" end in the bytes "«" and "»" end in.
        for t in ["Noël", "sûr", "«", "»"] {
            assert_eq!(french_of(t), t);
        }
        assert_eq!(show(&french_of("Noël»")), "Noël_»");
        assert_eq!(show(&french_of("sûr?")), "sûr_?");
    }

    #[test]
    fn already_correct_text_is_unchanged() {
        let done = french_of("quoi ?");
        assert_eq!(french_of(&done), done);
    }
}
