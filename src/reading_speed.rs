//! Reading speed: one definition for `subtitles` (its timing and
//! `--stats`), `lint` (TR103) and the writers. Characters per second are
//! the characters a viewer reads over the time the cue is shown:
//! - spaces and punctuation count (Netflix: "Spaces and punctuation are
//!   counted"), tags do not, nor zero-width and direction marks;
//! - a character is a grapheme cluster ("é" written as e + accent is one);
//! - a line break does not count. This is Subtitle Edit's default
//!   (`CpsLineLengthStrategy=CalcAll`: src/libse/Common/TextLengthCalculator/
//!   CalcAll.cs counts no control character, and a line break is one), so
//!   a file transcrub calls 17 cps, Subtitle Edit does too.
//!   `--cps-line-breaks` counts each line break as one character, as
//!   checkers that count the text's length do.

use unicode_segmentation::UnicodeSegmentation;

/// How line breaks count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineBreaks {
    /// Not counted (Subtitle Edit's default).
    #[default]
    Skipped,
    /// One character each.
    Counted,
}

/// Characters a viewer reads in `text` (lines separated by `\n`; tags are
/// removed first).
pub fn characters(text: &str, line_breaks: LineBreaks) -> usize {
    let shown = crate::markup::strip_tags_borrowed(text);
    // Text of characters that are graphemes of their own (CR aside) is
    // counted by their lead bytes, as line widths are, without decoding
    // a character. The controls among them are C0, DEL and C1
    // (U+0080..U+009F, C2 80..C2 9F).
    let bytes = shown.as_bytes();
    if crate::segment::token::counts_by_lead_bytes(bytes) {
        return by_lead_bytes(bytes, line_breaks);
    }
    // The same with CR in it (CR LF is one line break), still without
    // the grapheme tables (segmenting asks for every cue).
    if shown
        .chars()
        .all(|c| c == '\r' || crate::segment::token::is_lone_grapheme(c))
    {
        let mut count = 0;
        let mut chars = shown.chars().peekable();
        while let Some(c) = chars.next() {
            let line_break = c == '\n' || (c == '\r' && chars.next_if_eq(&'\n').is_some());
            if line_break {
                count += usize::from(line_breaks == LineBreaks::Counted);
            } else if !c.is_control() {
                count += 1;
            }
        }
        return count;
    }
    shown
        .graphemes(true)
        .filter(|g| match *g {
            "\n" | "\r\n" => line_breaks == LineBreaks::Counted,
            g => !g.chars().all(|c| {
                c.is_control()
                    || matches!(
                        c,
                        '\u{200b}' | '\u{feff}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}'
                    )
            }),
        })
        .count()
}

/// Characters a viewer reads in `lines` shown one under another: what
/// [`characters`] counts of them joined by `\n`. Lines without markup
/// whose characters are each a grapheme (most subtitles) are counted
/// one by one, without the joined copy: segmenting asks this of every
/// cue it builds, twice.
pub fn characters_of_lines<S: AsRef<str>>(lines: &[S], line_breaks: LineBreaks) -> usize {
    let breaks = match line_breaks {
        LineBreaks::Counted => lines.len().saturating_sub(1),
        LineBreaks::Skipped => 0,
    };
    // Most lines are printable ASCII without a tag's opening mark: a
    // character a byte, known in one reading where the count below reads
    // each line four times.
    if lines.iter().all(|line| printable_ascii(line.as_ref())) {
        return lines.iter().map(|line| line.as_ref().len()).sum::<usize>() + breaks;
    }
    let plain = lines.iter().all(|line| {
        let bytes = line.as_ref().as_bytes();
        !crate::markup::may_open_tag(line.as_ref())
            && crate::segment::token::counts_by_lead_bytes(bytes)
    });
    if !plain {
        let joined: Vec<&str> = lines.iter().map(AsRef::as_ref).collect();
        return characters(&joined.join("\n"), line_breaks);
    }
    // A line break is a character of its own, between lines: no
    // character of one line joins the next.
    lines
        .iter()
        .map(|line| by_lead_bytes(line.as_ref().as_bytes(), line_breaks))
        .sum::<usize>()
        + breaks
}

/// Whether every byte of `line` is printable ASCII (a space to `~`) and
/// none may open markup (`<`, `{`: `markup::may_open_tag`): each byte is
/// then one character a viewer reads.
fn printable_ascii(line: &str) -> bool {
    crate::byte_counts::all(line.as_bytes(), |b| {
        (0x20..0x7f).contains(&b) & (b != b'<') & (b != b'{')
    })
}

/// [`characters`] of text whose every character is a grapheme of its own
/// (`counts_by_lead_bytes`), without markup: counted apart, each in a pass
/// that reads many bytes at a time or that memchr runs, the lead bytes but
/// C0's and DEL, less C1's (whose lead byte C2 is counted with the
/// others), and the line breaks.
fn by_lead_bytes(bytes: &[u8], line_breaks: LineBreaks) -> usize {
    let leads = crate::byte_counts::count(bytes, |b| {
        b >= 0x20 && b != 0x7f && !(0x80..=0xbf).contains(&b)
    });
    let c1 = memchr::memchr_iter(0xc2, bytes)
        .filter(|&i| bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
        .count();
    let line_breaks = match line_breaks {
        LineBreaks::Counted => memchr::memchr_iter(b'\n', bytes).count(),
        LineBreaks::Skipped => 0,
    };
    leads - c1 + line_breaks
}

/// Characters per second of `text` shown for `duration_ms`.
pub fn cps(text: &str, duration_ms: u64, line_breaks: LineBreaks) -> f64 {
    cps_of(characters(text, line_breaks), duration_ms)
}

/// Characters per second of `chars` characters shown for `duration_ms`.
pub fn cps_of(chars: usize, duration_ms: u64) -> f64 {
    chars as f64 * 1000.0 / duration_ms.max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_counts() {
        // 15 + 7 characters on two lines (spaces and punctuation
        // included), a tag and a zero-width space that do not count.
        let text = "<i>Bonjour à tous,</i>\nça va\u{200b} ?";
        assert_eq!(characters(text, LineBreaks::Skipped), 22);
        assert_eq!(characters(text, LineBreaks::Counted), 23);
        // e + combining acute is one character.
        assert_eq!(characters("e\u{301}t\u{e9}", LineBreaks::Skipped), 3);
        assert_eq!(cps("abcd", 2000, LineBreaks::Skipped), 2.0);
    }

    /// Lines are counted as the text they make joined by line breaks,
    /// with or without markup, combining marks or CR in them.
    #[test]
    fn lines_count_as_their_joined_text() {
        let cases: [&[&str]; 9] = [
            &[],
            &[""],
            &["Bonjour à tous,", "ça va ?"],
            &["<i>Bonjour", "à tous</i>"],
            &["e\u{301}t\u{e9}", "x"],
            &["a\r", "b"],
            &["", "", "fin"],
            &["dit\u{2026}\u{85}", "\u{2030}\u{20ac}\u{7f}\u{202f}?"],
            &["{\\an8}haut", "bas\u{200b}"],
        ];
        for lines in cases {
            for mode in [LineBreaks::Skipped, LineBreaks::Counted] {
                assert_eq!(
                    characters_of_lines(lines, mode),
                    characters(&lines.join("\n"), mode),
                    "{lines:?}"
                );
            }
        }
        // Each line break counts when asked: 15 + 7 and one.
        let two = ["Bonjour à tous,", "ça va ?"];
        assert_eq!(characters_of_lines(&two, LineBreaks::Skipped), 22);
        assert_eq!(characters_of_lines(&two, LineBreaks::Counted), 23);
    }

    /// Lines of printable ASCII are counted a byte a character, and any
    /// line with another byte in it (a tab, DEL, an accent, a tag's mark)
    /// sends all of them to the whole count: both agree with the joined
    /// text's, the quick answer among them.
    #[test]
    fn ascii_lines_count_as_their_joined_text() {
        let pieces = [
            "a", "Z", " ", "~", "!", "9", "<i>", "</i>", "{\\an8}", "\t", "\u{7f}", "é", "\r",
        ];
        let mut next = crate::test_strings::splitmix64(5);
        let mut quick = 0;
        for _ in 0..5_000 {
            let lines: Vec<String> = (0..next() % 4)
                .map(|_| {
                    // Mostly printable ASCII, as most cues' lines are.
                    let odd = next().is_multiple_of(3);
                    (0..next() % 12)
                        .map(|_| match odd {
                            true => pieces[(next() % pieces.len() as u64) as usize],
                            false => pieces[(next() % 6) as usize],
                        })
                        .collect()
                })
                .collect();
            quick += usize::from(lines.iter().all(|l| printable_ascii(l)));
            for mode in [LineBreaks::Skipped, LineBreaks::Counted] {
                assert_eq!(
                    characters_of_lines(&lines, mode),
                    characters(&lines.join("\n"), mode),
                    "{lines:?}"
                );
            }
        }
        assert!(quick > 1_000 && quick < 4_000, "{quick}");
    }

    /// The count without the grapheme tables agrees with the count by
    /// graphemes, line breaks and controls included.
    #[test]
    fn the_quick_count_is_the_grapheme_count() {
        fn by_graphemes(text: &str, line_breaks: LineBreaks) -> usize {
            text.graphemes(true)
                .filter(|g| match *g {
                    "\n" | "\r\n" => line_breaks == LineBreaks::Counted,
                    g => !g.chars().all(char::is_control),
                })
                .count()
        }
        for text in [
            "l’a dit… « oui » — 5 €\r\nfin",
            "a\r\rb\n\nc\td",
            "\r",
            "Élise\u{202f}!",
            "",
            // Counted by lead bytes: C0, DEL and C1 controls (U+0085 is
            // C2 85), U+00A0 (C2 A0, not a control), the last two-byte
            // characters before the combining marks, line breaks.
            "a\tb\u{7f}c\u{80}d\u{85}e\u{9f}f\u{a0}g",
            "ÿ\u{2ff}\u{2c6}\n\nÉté, déjà vu\n",
            "\n",
            "\u{1}\u{1f} x",
            // The three-byte punctuation counted by lead bytes too.
            "dit\u{2026}\u{85}\n\u{2030}\u{20ac}\u{7f}\u{202f}?\n",
        ] {
            for mode in [LineBreaks::Skipped, LineBreaks::Counted] {
                assert_eq!(characters(text, mode), by_graphemes(text, mode), "{text:?}");
            }
        }
    }
}
