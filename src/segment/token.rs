//! Tokens: the units a subtitle line is built from. A token is a word with
//! the punctuation that must stay with it ("quoi ?", "« Bonjour", "42 %"),
//! so no line can start with a question mark or end with an opening quote.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// One word as a subtitle shows it, with the time it is spoken.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Inline up to 24 bytes: nearly every word is made and dropped on
    /// two threads without the allocator.
    pub text: compact_str::CompactString,
    /// Characters on screen (grapheme clusters).
    pub width: usize,
    /// When it is spoken, in ms; estimated when the source has no times.
    pub start: u64,
    pub end: u64,
    /// Written with no space before it: a piece of a word too long for a line.
    pub joined: bool,
    /// Begins a paragraph (after a blank line of plain text): a cue starts here.
    pub paragraph: bool,
    /// Index of the source cue it comes from.
    pub source: usize,
    /// The first word of another speaker: a cue starts here, unless two
    /// short turns share one as a dialogue.
    pub speaker_change: bool,
    /// It comes from a short source cue (a second and a half, or three
    /// words): in crosstalk, such cues are turns, and joining two of them
    /// on one line reads as one sentence.
    pub short_source: bool,
}

/// Characters on screen.
pub fn width(text: &str) -> usize {
    // Counted without the grapheme tables but around the characters that
    // may join a neighbour (graphemes.rs): the tables were a third of
    // segmenting.
    super::graphemes::count(text)
}

/// Whether every character of `bytes` (UTF-8) is a grapheme of its own
/// (`is_lone_grapheme`): characters are then counted by their lead
/// bytes. Read without decoding a character: below U+0300 a character is
/// one or two bytes under 0xCC, and the punctuation of U+2010..U+20CF
/// (French text puts U+202F before every "?", "!", ";" and ":") is three,
/// E2 and two more.
pub(crate) fn counts_by_lead_bytes(bytes: &[u8]) -> bool {
    // Most text is all below U+0300: one pass, many bytes at a time,
    // before the walk that reads the three-byte characters.
    if crate::byte_counts::all(bytes, |b| b < 0xcc && b != b'\r') {
        return true;
    }
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        i += match b {
            b'\r' => return false,
            0..0xcc => 1,
            0xe2 => match bytes.get(i + 1..i + 3) {
                // U+2010..U+2027, U+202F..U+203F.
                Some(&[0x80, 0x90..=0xa7 | 0xaf..=0xbf])
                // U+2040..U+205E.
                | Some(&[0x81, 0x80..=0x9e])
                // U+20A0..U+20CF.
                | Some(&[0x82, 0xa0..=0xbf] | &[0x83, 0x80..=0x8f]) => 3,
                _ => return false,
            },
            _ => return false,
        };
    }
    true
}

/// Whether `c` is always a grapheme of its own, whatever its neighbours:
/// everything below U+0300 (where the combining marks begin) but CR (CR LF
/// is one), and the typographic punctuation and currency signs of
/// U+2010..U+2027, U+2030..U+205E and U+20A0..U+20CF, and the narrow
/// no-break space.
pub(crate) fn is_lone_grapheme(c: char) -> bool {
    (c < '\u{300}' && c != '\r')
        || ('\u{2010}'..='\u{2027}').contains(&c)
        || ('\u{2030}'..='\u{205e}').contains(&c)
        || ('\u{20a0}'..='\u{20cf}').contains(&c)
        || c == '\u{202f}'
}

/// Spaces that separate words. No-break spaces (U+00A0, U+202F, U+2007)
/// and the word joiner hold their neighbours together: that is their job.
fn is_breaking_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}' | '\u{2060}')
}

/// Punctuation that closes what comes before it.
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '?' | '!' | ':' | ';' | ',' | '.' | '…' | '»' | ')' | ']' | '}' | '%' | '”' | '’' | '‰'
    )
}

/// Punctuation that opens what comes after it, and the dialogue dash.
fn is_opening(c: char) -> bool {
    matches!(c, '«' | '(' | '[' | '{' | '“' | '¿' | '¡' | '-' | '–' | '—')
}

/// Whether `word` is only closing punctuation ("?", "»", "%"): it belongs
/// to the word before it, even one on the line before.
pub fn is_closing_run(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| is_closing(c) || is_breaking_space(c))
}

/// Whether `word` is only opening punctuation ("«", "("): it belongs to the
/// word after it.
pub fn is_opening_run(word: &str) -> bool {
    // Asked of every token: "all" fails at a word's first letter, where
    // "any" would read the whole word first.
    word.chars().all(|c| is_opening(c) || is_breaking_space(c)) && word.chars().any(is_opening)
}

/// Whether `word` is ASCII letters and digits from its first byte, with
/// apostrophes, hyphens, commas and full stops among or after them ("c'est",
/// "bien,", "3.5"), as most words of a transcript are: no run of marks
/// (`is_opening_run`, `is_closing_run`), nothing French typography
/// spaces, as wide as it is long, no script written without spaces. Asked
/// once of a token, where those read it five times.
pub fn is_plain_word(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'\'' | b'-' | b',' | b'.'))
}

/// Byte ranges of the tokens of `text`: runs between breaking spaces, with
/// a run of closing punctuation joined to the word before it and a run of
/// opening punctuation to the word after it (spaces between kept inside).
pub fn token_ranges(text: &str) -> Vec<Range<usize>> {
    // One allocation, where growing from nothing took three for a line of
    // ten words.
    let mut tokens: Vec<Range<usize>> = Vec::with_capacity(crate::language::word_room(text));
    let mut pending_open: Option<usize> = None;
    // Each run between breaking spaces is placed as it is found, its bytes
    // classed by a table (below): listing the runs, then reading them
    // again, a character decoded at a time, cost `Shown::of` nearly twice
    // as much (45.8 M against 25.4 M instructions for 1 MB of text).
    let mut place = |word: Range<usize>| {
        let start = pending_open.take().unwrap_or(word.start);
        // A letter or a digit first, most runs: no mark opens or closes
        // with one.
        if !text.as_bytes()[word.start].is_ascii_alphanumeric() {
            let w = &text[word.clone()];
            if w.chars().all(is_opening) {
                pending_open = Some(start);
                return;
            }
            if let Some(last) = tokens.last_mut()
                && w.chars().all(is_closing)
                && start == word.start
            {
                last.end = word.end;
                return;
            }
        }
        tokens.push(start..word.end);
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(len) = breaking_space_at(text, i) {
            i += len;
            continue;
        }
        let start = i;
        // To the next breaking space, or the end; ASCII, most bytes, read
        // without decoding a character.
        loop {
            while bytes
                .get(i)
                .is_some_and(|&b| BYTE_CLASS[usize::from(b)] == IN_WORD)
            {
                i += 1;
            }
            if i == bytes.len() || breaking_space_at(text, i).is_some() {
                break;
            }
            i += text[i..].chars().next().map_or(1, char::len_utf8);
        }
        place(start..i);
    }
    if let Some(s) = pending_open {
        // An opening mark at the end: its word is on the next line, where
        // the caller joins them.
        tokens.push(s..text.len());
    }
    tokens
}

/// What a byte is to `token_ranges`: part of a word, an ASCII breaking
/// space, or a byte of a character beyond ASCII, which is decoded.
const IN_WORD: u8 = 0;
const ASCII_SPACE: u8 = 1;
const BEYOND_ASCII: u8 = 2;

const BYTE_CLASS: [u8; 256] = {
    let mut class = [IN_WORD; 256];
    let mut b = 0;
    while b < 256 {
        class[b] = match b as u8 {
            // `char::is_whitespace` of ASCII: tab to carriage return, space.
            b'\t'..=b'\r' | b' ' => ASCII_SPACE,
            0x80.. => BEYOND_ASCII,
            _ => IN_WORD,
        };
        b += 1;
    }
    class
};

/// The length of the breaking space at byte `i` of `text`, if one is there.
fn breaking_space_at(text: &str, i: usize) -> Option<usize> {
    match BYTE_CLASS[usize::from(text.as_bytes()[i])] {
        IN_WORD => None,
        ASCII_SPACE => Some(1),
        _ => {
            let c = text[i..].chars().next()?;
            is_breaking_space(c).then(|| c.len_utf8())
        }
    }
}

/// Splits a token wider than `max` at places a reader can follow (after
/// `/`, `-`, `.`, `_`, `?`, `&`, `=`), else anywhere: show notes read
/// aloud hold URLs longer than any subtitle line.
pub fn split_long(text: &str, max: usize) -> Vec<String> {
    let graphemes: Vec<&str> = text.graphemes(true).collect();
    if graphemes.len() <= max || max == 0 {
        return vec![text.to_string()];
    }
    let mut pieces = Vec::new();
    let mut start = 0;
    while graphemes.len() - start > max {
        let window = &graphemes[start..start + max];
        let cut = window
            .iter()
            .rposition(|g| matches!(*g, "/" | "-" | "." | "_" | "?" | "&" | "=" | "#"))
            .filter(|&i| i + 1 >= max / 3)
            .map_or(max, |i| i + 1);
        pieces.push(graphemes[start..start + cut].concat());
        start += cut;
    }
    pieces.push(graphemes[start..].concat());
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<&str> {
        token_ranges(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn punctuation_stays_with_its_word() {
        assert_eq!(
            tokens("C'est quoi ? « Bon » dit-il : 42 % , - Oui !"),
            [
                "C'est",
                "quoi ?",
                "« Bon »",
                "dit-il :",
                "42 % ,",
                "- Oui !"
            ]
        );
    }

    #[test]
    fn no_break_spaces_join_and_other_spaces_split() {
        assert_eq!(
            tokens("quoi\u{a0}? a\tb\n c"),
            ["quoi\u{a0}?", "a", "b", "c"]
        );
        assert_eq!(tokens("  "), Vec::<&str>::new());
        assert_eq!(tokens("« "), ["« "]);
        assert_eq!(tokens("Attendez ..."), ["Attendez ..."]);
    }

    #[test]
    fn words_are_split_at_every_breaking_space_and_only_there() {
        // Every character up to U+3000 (the ideographic space) between
        // two words, and two of it: split exactly where a breaking space
        // is.
        for c in '\0'..='\u{3000}' {
            let text = format!("un{c}deux{c}{c}trois");
            let expected: Vec<&str> = if is_breaking_space(c) {
                vec!["un", "deux", "trois"]
            } else {
                vec![text.as_str()]
            };
            assert_eq!(tokens(&text), expected, "{c:?}");
        }
    }

    /// `token_ranges` as it was written first: the runs between breaking
    /// spaces listed, then joined.
    fn token_ranges_in_two_passes(text: &str) -> Vec<Range<usize>> {
        let mut words = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            match (is_breaking_space(c), start) {
                (true, Some(s)) => {
                    words.push(s..i);
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        if let Some(s) = start {
            words.push(s..text.len());
        }
        let mut tokens: Vec<Range<usize>> = Vec::new();
        let mut pending_open: Option<usize> = None;
        for word in words {
            let w = &text[word.clone()];
            let start = pending_open.take().unwrap_or(word.start);
            if w.chars().all(is_opening) && !w.chars().all(|c| c == '.') {
                pending_open = Some(start);
                continue;
            }
            match tokens.last_mut() {
                Some(last) if w.chars().all(is_closing) && start == word.start => {
                    last.end = word.end;
                }
                _ => tokens.push(start..word.end),
            }
        }
        if let Some(s) = pending_open {
            tokens.push(s..text.len());
        }
        tokens
    }

    #[test]
    fn tokens_found_in_one_pass_are_those_of_two() {
        // Words, opening and closing marks, ASCII and other spaces, the
        // spaces that do not break, in random runs.
        let pieces = [
            "mot", "Été", "l’a", "«", "»", "(", ")", "-", "—", "?", "!", "…", ".", "%", " ", "  ",
            "\t", "\n", "\u{b}", "\u{c}", "\r", "\u{a0}", "\u{202f}", "\u{2009}", "\u{3000}",
            "\u{85}", "日本", "🇫🇷",
        ];
        let mut random = crate::test_strings::splitmix64(124);
        let (mut joined, mut opened) = (0, 0);
        for _ in 0..20_000 {
            let length = (random() % 12) as usize;
            let text: String = (0..length)
                .map(|_| pieces[(random() % pieces.len() as u64) as usize])
                .collect();
            let expected = token_ranges_in_two_passes(&text);
            let words = text
                .split(|c: char| is_breaking_space(c))
                .filter(|w| !w.is_empty());
            joined += usize::from(words.count() > expected.len());
            opened += usize::from(expected.iter().any(|r| text[r.clone()].starts_with('«')));
            assert_eq!(token_ranges(&text), expected, "{text:?}");
        }
        // Marks were joined to their words in many of the texts.
        assert!(joined > 3_000 && opened > 1_000, "{joined} {opened}");
    }

    #[test]
    fn a_plain_word_is_what_each_question_it_skips_would_say() {
        // Every word of up to four of these characters, and longer ones.
        let alphabet = ["a", "Z", "0", "'", "-", ",", ".", "?", "«", "é", " "];
        let words = crate::test_strings::strings_of(&alphabet, 125, 20_000);
        let mut plain = 0;
        for word in &words {
            if !is_plain_word(word) {
                continue;
            }
            plain += 1;
            assert!(!is_opening_run(word) && !is_closing_run(word), "{word:?}");
            assert_eq!(width(word), word.len(), "{word:?}");
            assert!(!crate::segment::cjk::has_unspaced(word), "{word:?}");
            let dressed = crate::segment::typography::french(word.as_str().into());
            assert_eq!(dressed, word.as_str(), "{word:?}");
        }
        assert!(plain > 1_000, "{plain}");
        for word in ["", "-", ".", "'a", "a?", "a:", "«a", "a»", "a b", "é", "a%"] {
            assert!(!is_plain_word(word), "{word:?}");
        }
    }

    #[test]
    fn width_counts_what_the_viewer_sees() {
        // The fast path (below U+0300) and the grapheme tables agree.
        for text in [
            "",
            "abc",
            "Élise a dit « oui »",
            "a\r\nb",
            "e\u{301}",
            "🇫🇷 ok",
            "tab\there",
            "l’a dit… 5 €",
        ] {
            assert_eq!(width(text), text.graphemes(true).count(), "{text:?}");
        }
        // No character the fast path takes joins a neighbour, and the
        // fast path takes every character that joins none.
        for c in '\0'..=char::MAX {
            let text = format!("a{c}b");
            assert_eq!(
                counts_by_lead_bytes(text.as_bytes()),
                is_lone_grapheme(c),
                "{c:?}"
            );
        }
        for c in ('\0'..'\u{2100}').filter(|&c| is_lone_grapheme(c)) {
            let text = format!("a{c}{c}b\u{e9}");
            assert_eq!(width(&text), text.graphemes(true).count(), "{c:?}");
        }
        assert_eq!(width("e\u{301}té"), 3);
        assert_eq!(width("quoi\u{a0}?"), 6);
    }

    #[test]
    fn long_words_split_where_a_reader_can_follow() {
        let url = "https://www.example.org/podcasts/episode-2025-02-07-quantique.html";
        let pieces = split_long(url, 42);
        assert_eq!(pieces.concat(), url);
        assert!(pieces.iter().all(|p| width(p) <= 42), "{pieces:?}");
        assert_eq!(pieces[0], "https://www.example.org/podcasts/episode-");
        assert_eq!(split_long("court", 42), ["court"]);
        assert_eq!(split_long("aaaaaaaaaa", 4), ["aaaa", "aaaa", "aa"]);
    }
}
