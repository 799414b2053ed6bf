//! The folded view of a text that the matcher searches: lower case, runs of
//! white space (line breaks included) as one space, typographic apostrophes
//! as `'`, and, for subtitle formats, inline tags left out. A run of white
//! space holding a blank line becomes `\n`, which no pattern contains, so
//! matches never cross a paragraph break. Offsets map back to the original.

use std::ops::Range;

use crate::lanes::{self, HIGHS, ONES};
use crate::markup;

/// Folded text and the map from its offsets to the original's.
#[derive(Debug, Clone)]
pub struct Folded {
    /// The folded text the automaton searches.
    pub text: String,
    /// (folded offset, original offset) at every point where the mapping
    /// stops being the identity shift of the previous anchor.
    anchors: Vec<(usize, usize)>,
    /// Folded offsets where a tag was left out: a word ends there, as it
    /// does in the original at the tag ("elastic<i>search</i>").
    pub tag_gaps: Vec<usize>,
}

const APOSTROPHES: [char; 3] = ['\u{2019}', '\u{02BC}', '\u{2018}'];

impl Folded {
    /// Folds `original`; with `skip_tags`, inline markup (`<i>`, `{\an8}`) is
    /// left out so a name split by a tag still matches.
    pub fn new(original: &str, skip_tags: bool) -> Folded {
        let bytes = original.as_bytes();
        let n = bytes.len();
        // Built as a string, of whole characters and runs cut at them, so
        // that it needs no checking afterwards.
        let mut out = String::with_capacity(n);
        let mut anchors = Vec::with_capacity(16);
        push_anchor(&mut anchors, 0, 0);
        let tags: Vec<Range<usize>> = if skip_tags && original.contains(['<', '{']) {
            markup::tags(original).collect()
        } else {
            Vec::new()
        };
        let mut next_tag = 0;
        let mut last_tag_end = None;
        let mut tag_gaps = Vec::new();
        let mut i = 0;
        // Invariant at the top of the loop: `i` maps to `out.len()` under the
        // last anchor's shift, so anchors are needed only after a step that
        // changes the shift.
        while i < n {
            if let Some(tag) = tags.get(next_tag)
                && tag.start == i
            {
                i = tag.end;
                last_tag_end = Some(i);
                next_tag += 1;
                if tag_gaps.last() != Some(&out.len()) {
                    tag_gaps.push(out.len());
                }
                push_anchor(&mut anchors, out.len(), i);
                continue;
            }
            let b = bytes[i];
            if b < 0x80 && !b.is_ascii_whitespace() {
                // The common case: a run of plain ASCII, lower-cased as is.
                let start = i;
                i = plain_run_end(bytes, start, !tags.is_empty(), true);
                if i == start {
                    i += 1; // a '<' or '{' that is not a tag
                }
                // ASCII ends where a character begins: `i` is a boundary.
                let from = out.len();
                out.push_str(&original[start..i]);
                out[from..].make_ascii_lowercase();
                continue;
            }
            if let Some((end, newlines)) = whitespace_run(original, i) {
                // A blank line in the run makes it a barrier no pattern crosses.
                // Spaces on both sides of a tag (`la <00:00:01.000> stick`)
                // are one space to a reader.
                if newlines >= 2 {
                    out.push('\n');
                } else if !out.ends_with(' ') || last_tag_end != Some(i) {
                    out.push(' ');
                }
                i = end;
                push_anchor(&mut anchors, out.len(), i);
                continue;
            }
            let c = original[i..].chars().next().unwrap_or('\u{fffd}');
            let len = c.len_utf8();
            let before = out.len();
            if let Some(lower) = latin1_lowercase(c) {
                out.push(lower);
            } else if APOSTROPHES.contains(&c) {
                out.push('\'');
            } else {
                out.extend(c.to_lowercase());
            }
            i += len;
            if out.len() - before != len {
                push_anchor(&mut anchors, out.len(), i);
            }
        }
        push_anchor(&mut anchors, out.len(), n);
        Folded {
            text: out,
            anchors,
            tag_gaps,
        }
    }

    /// The same as `new`, computed in two halves on two threads. The text
    /// is cut at a line break between two non-space characters, which folds
    /// to a single space whichever side it is on, and no tag spans a line.
    pub fn new_in_halves(original: &str, skip_tags: bool) -> Folded {
        let bytes = original.as_bytes();
        let middle = original.len() / 2;
        let cut = bytes[middle..]
            .windows(3)
            .position(|w| {
                w[1] == b'\n' && !w[0].is_ascii_whitespace() && !w[2].is_ascii_whitespace()
            })
            .map(|i| middle + i + 1);
        let Some(cut) = cut else {
            return Folded::new(original, skip_tags);
        };
        let (head, tail) = (&original[..cut], &original[cut + 1..]);
        let (first, second) = crate::parallel::join(
            || Folded::new(head, skip_tags),
            || Folded::new(tail, skip_tags),
        );
        let Ok(second) = second else {
            return Folded::new(original, skip_tags);
        };
        let mut text = first.text;
        let mut anchors = first.anchors;
        text.push(' ');
        let (f_base, o_base) = (text.len(), cut + 1);
        push_anchor(&mut anchors, f_base, o_base);
        for (f, o) in second.anchors {
            push_anchor(&mut anchors, f + f_base, o + o_base);
        }
        text.push_str(&second.text);
        let mut tag_gaps = first.tag_gaps;
        tag_gaps.extend(second.tag_gaps.into_iter().map(|g| g + f_base));
        Folded {
            text,
            anchors,
            tag_gaps,
        }
    }

    /// Original offset of the folded offset `start` (a match start).
    pub fn start_to_original(&self, start: usize) -> usize {
        let i = self.anchors.partition_point(|a| a.0 <= start) - 1;
        let (f, o) = self.anchors[i];
        o + (start - f)
    }

    /// Original offset of the folded offset `end` (a match end): the end of
    /// the last original character covered, so skipped tags or spaces that
    /// follow are not included.
    pub fn end_to_original(&self, end: usize) -> usize {
        if end == 0 {
            return 0;
        }
        let i = self.anchors.partition_point(|a| a.0 < end) - 1;
        let (f, o) = self.anchors[i];
        o + (end - f)
    }
}

/// The lower case of a character of Latin-1 beyond ASCII (é, À, ß: most
/// of what European text holds beyond ASCII), without Unicode's tables:
/// À to Þ, but ×, have theirs 0x20 on; every other is its own.
fn latin1_lowercase(c: char) -> Option<char> {
    match c {
        '\u{c0}'..='\u{de}' if c != '\u{d7}' => char::from_u32(u32::from(c) + 0x20),
        '\u{80}'..='\u{ff}' => Some(c),
        _ => None,
    }
}

/// Where the run of plain ASCII that begins at `start` ends: bytes below
/// 0x80 that are no white space (nor `<` or `{`, when the text has `tags`),
/// and each space between two of them, which folds to itself. Folded, such
/// a run is the same bytes lower-cased, at the same shift.
///
/// With `wide`, eight bytes are looked at a time where they can be: a
/// word is five bytes or so, so a search that stopped at every space
/// stopped every few bytes. Without, a byte at a time (the reference the
/// tests hold the wide reading to).
fn plain_run_end(bytes: &[u8], start: usize, tags: bool, wide: bool) -> usize {
    let n = bytes.len();
    let mut i = start;
    loop {
        if wide {
            while plain_eight(bytes, i, tags) {
                i += 8;
            }
        }
        while i < n
            && bytes[i] < 0x80
            && !bytes[i].is_ascii_whitespace()
            && (!matches!(bytes[i], b'<' | b'{') || !tags)
        {
            i += 1;
        }
        // One space between two words stays one space and keeps the
        // shift: the run goes on over it.
        let lone_space = i > start
            && bytes.get(i) == Some(&b' ')
            && bytes
                .get(i + 1)
                .is_some_and(|&b| b < 0x80 && !char::from(b).is_whitespace());
        if !lone_space {
            return i;
        }
        i += 1;
    }
}

/// Whether the eight bytes from `i` (and the byte after them) are surely
/// part of a plain run that goes on (`plain_run_end`): each is printable
/// ASCII or a space, no space is followed by another, by a control
/// character or by a byte above 0x7F, nor, with `tags`, is any a `<` or a
/// `{`. Anything else is left to the reading a byte at a time, which says
/// exactly where the run ends.
fn plain_eight(bytes: &[u8], i: usize, tags: bool) -> bool {
    let (Some(w), Some(&next)) = (lanes::eight_at(bytes, i), bytes.get(i + 8)) else {
        return false;
    };
    // A byte above 0x7F, or below 0x20 (with its high bit clear, adding
    // 0x60 sets it for 0x20 and above, and carries into no other lane).
    if w & HIGHS != 0 || !(w + ONES * 0x60) & HIGHS != 0 {
        return false;
    }
    if tags && (lanes::equal(w, b'<') | lanes::equal(w, b'{')) != 0 {
        return false;
    }
    let spaces = lanes::equal(w, b' ');
    // Lane k is bits 8k..8k+8: a space followed by a space.
    if spaces & (spaces >> 8) != 0 {
        return false;
    }
    // The last byte a space: the next must be printable ASCII.
    spaces >> 56 == 0 || (0x21..0x80).contains(&next)
}

/// The end of the run of white space (ASCII or Unicode) starting at `i`,
/// and how many line breaks it holds; `None` if none starts there.
fn whitespace_run(text: &str, i: usize) -> Option<(usize, usize)> {
    let mut end = i;
    let mut newlines = 0;
    for c in text[i..].chars() {
        if !c.is_whitespace() {
            break;
        }
        newlines += usize::from(c == '\n');
        end += c.len_utf8();
    }
    (end > i).then_some((end, newlines))
}

/// Records that folded offset `f` maps to original offset `o`, keeping only
/// the points where the shift between the two changes: most text maps one
/// to one (a single space stays a single space), so a 100 MB transcript
/// needs few anchors. At one folded offset the last anchor wins (a tag
/// skipped at offset 0 moves the original offset on).
fn push_anchor(anchors: &mut Vec<(usize, usize)>, f: usize, o: usize) {
    let shift = |(f, o): (usize, usize)| o as isize - f as isize;
    if anchors.last().is_some_and(|&(lf, _)| lf == f) {
        anchors.pop();
    }
    if anchors
        .last()
        .is_some_and(|&last| shift(last) == shift((f, o)))
    {
        return;
    }
    anchors.push((f, o));
}

/// How a dictionary variant is folded, the same way as the text: trimmed,
/// inner white space as one space, typographic apostrophes as `'`; lower
/// cased unless `keep_case`.
pub fn fold_pattern(variant: &str, keep_case: bool) -> String {
    let mut out = String::with_capacity(variant.len());
    for word in variant.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            if APOSTROPHES.contains(&c) {
                out.push('\'');
            } else if keep_case {
                out.push(c);
            } else {
                out.extend(c.to_lowercase());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(f: &Folded, needle: &str, original: &str) -> String {
        let s = f.text.find(needle).unwrap();
        original[f.start_to_original(s)..f.end_to_original(s + needle.len())].to_string()
    }

    #[test]
    fn folds_case_spaces_and_line_breaks() {
        let original = "18 nœuds et La  Stick\nSEARCH pour";
        let f = Folded::new(original, false);
        assert_eq!(f.text, "18 nœuds et la stick search pour");
        assert_eq!(span(&f, "la stick search", original), "La  Stick\nSEARCH");
    }

    /// One space between two words is copied with the words around it;
    /// any other white space is a run folded to one space.
    #[test]
    fn lone_spaces_and_runs_of_white_space() {
        let cases = [
            ("Un Deux trois", "un deux trois"),
            ("a \u{b}b", "a b"),
            ("a\u{b}b c", "a\u{b}b c"),
            ("un  deux\ttrois", "un deux trois"),
            ("un\u{a0}deux é f", "un deux é f"),
            ("x <y z", "x <y z"),
            ("un \n deux", "un deux"),
        ];
        for (original, folded) in cases {
            let f = Folded::new(original, false);
            assert_eq!(f.text, folded, "{original:?}");
            let last = folded.rsplit(' ').next().unwrap();
            let from = original
                .rsplit([' ', '\t', '\u{a0}', '\u{b}', '\n'])
                .next()
                .unwrap();
            assert_eq!(span(&f, last, original), from, "{original:?}");
        }
        let original = "x <i>y</i> z";
        let f = Folded::new(original, true);
        assert_eq!(f.text, "x y z");
        assert_eq!(span(&f, "z", original), "z");
    }

    /// Eight bytes at a time, a plain run ends where it ends a byte at a
    /// time: from every place one may begin, with and without tags, in
    /// every string of up to four pieces and in random ones of up to
    /// forty (a run's test falls on an eighth byte only in longer ones).
    #[test]
    fn plain_runs_read_eight_bytes_at_a_time_end_where_they_end() {
        let alphabet = [
            "a", "Z", "7", " ", "  ", "\t", "\n", "<", "{", "\u{b}", "\u{1}", "\u{7f}", "é",
            "\u{a0}", "abcdefgh", "ab cd ef", "x y",
        ];
        let texts = crate::test_strings::strings_of(&alphabet, 0xf01d, 30_000);
        let mut wide_steps = 0;
        for text in &texts {
            let bytes = text.as_bytes();
            for start in 0..bytes.len() {
                if bytes[start] >= 0x80 || bytes[start].is_ascii_whitespace() {
                    continue;
                }
                for tags in [false, true] {
                    let end = plain_run_end(bytes, start, tags, true);
                    assert_eq!(
                        end,
                        plain_run_end(bytes, start, tags, false),
                        "{text:?} from {start}, tags {tags}"
                    );
                    wide_steps += usize::from(plain_eight(bytes, start, tags));
                }
            }
        }
        // The wide reading is taken, not only always refused.
        assert!(wide_steps > 10_000, "{wide_steps}");
        let f = Folded::new("Un deux trois quatre cinq six sept huit neuf dix", false);
        assert_eq!(f.text, "un deux trois quatre cinq six sept huit neuf dix");
    }

    #[test]
    fn latin1_lower_case_is_unicodes() {
        for c in (0x80..=0xff).filter_map(char::from_u32) {
            let lower: String = c.to_lowercase().collect();
            assert_eq!(latin1_lowercase(c).map(String::from), Some(lower), "{c:?}");
        }
        assert_eq!(latin1_lowercase('\u{100}'), None);
        assert_eq!(latin1_lowercase('a'), None);
    }

    #[test]
    fn blank_lines_are_barriers() {
        let f = Folded::new("Yann\n\nLequin", false);
        assert_eq!(f.text, "yann\nlequin");
    }

    #[test]
    fn tags_are_skipped_and_not_included_in_spans() {
        let original = "<i>la</i> <c>stick</c> search";
        let f = Folded::new(original, true);
        assert_eq!(f.text, "la stick search");
        assert_eq!(span(&f, "la", original), "la");
        assert_eq!(span(&f, "stick", original), "stick");
    }

    #[test]
    fn typographic_apostrophes_and_length_changing_case() {
        let original = "l’Élastique İx";
        let f = Folded::new(original, false);
        assert_eq!(f.text, "l'élastique i\u{307}x");
        assert_eq!(span(&f, "élastique", original), "Élastique");
        assert_eq!(span(&f, "x", original), "x");
    }

    #[test]
    fn folding_in_halves_is_folding_whole() {
        let mut original = String::new();
        for i in 0..2000 {
            original.push_str(&format!(
                "Ligne {i} avec  l’Élastique\n{}",
                if i % 7 == 0 { "\n" } else { "" }
            ));
        }
        let whole = Folded::new(&original, false);
        let halves = Folded::new_in_halves(&original, false);
        assert_eq!(halves.text, whole.text);
        for f in (0..whole.text.len()).filter(|&f| whole.text.is_char_boundary(f)) {
            assert_eq!(
                halves.start_to_original(f),
                whole.start_to_original(f),
                "{f}"
            );
            assert_eq!(halves.end_to_original(f), whole.end_to_original(f), "{f}");
        }
    }

    #[test]
    fn pattern_folding_matches_text_folding() {
        assert_eq!(
            fold_pattern("  L’Elastic   Search ", false),
            "l'elastic search"
        );
        assert_eq!(fold_pattern("Lama", true), "Lama");
    }
}
