//! The form credits are matched in: accents off, one apostrophe, no space
//! inside a hyphenated or elided word. Recognisers write the same credit
//! many ways ("Sous -titres réalisés para la communauté d' Amara.org", seen
//! in faster-whisper #41); matching the folded form finds them all with
//! one pattern each, and every match maps back to the original bytes.

use std::borrow::Cow;
use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use crate::lanes;

/// A text as credits are matched in, with where each byte came from.
pub struct Folded<'a> {
    pub text: Cow<'a, str>,
    /// (folded offset, original offset, whether a folded character begins
    /// there) at every point where the map stops being the shift of the
    /// anchor before it (none: the identity). Inside a
    /// folded character every byte maps to the original character's start.
    anchors: Vec<(usize, usize, bool)>,
    original_len: usize,
}

impl<'a> Folded<'a> {
    /// Folds `original` and records where each folded byte came from,
    /// in `fold_text`'s walk. It was a walk of every character, three
    /// times the cost, paid twice over by a cue with a credit in it
    /// (folded alone, then with its map): the test
    /// `fold_maps_as_the_walk_of_every_character` holds this to that
    /// walk's text and map.
    pub fn new(original: &'a str) -> Folded<'a> {
        let (mut anchors, mut folded) = (Vec::new(), String::new());
        let text = match fold_walk::<true>(original, &mut anchors, &mut folded) {
            true => Cow::Owned(folded),
            false => Cow::Borrowed(original),
        };
        Folded {
            text,
            anchors,
            original_len: original.len(),
        }
    }

    /// The original offset of the character that folded byte `at` comes from.
    fn source(&self, at: usize, original: &str) -> usize {
        let k = self.anchors.partition_point(|a| a.0 <= at);
        let (folded, from, folded_char) = match k.checked_sub(1) {
            Some(k) => self.anchors[k],
            None => (0, 0, false),
        };
        let mut source = if folded_char {
            from
        } else {
            (from + (at - folded)).min(original.len())
        };
        while !original.is_char_boundary(source) {
            source -= 1;
        }
        source
    }

    /// The original byte range of a range of the folded text.
    pub fn original(&self, range: Range<usize>, original: &str) -> Range<usize> {
        if matches!(self.text, Cow::Borrowed(_)) {
            return range;
        }
        let start = if range.start < self.text.len() {
            self.source(range.start, original)
        } else {
            self.original_len
        };
        let end = match range.end.checked_sub(1).filter(|&i| i < self.text.len()) {
            Some(i) => {
                let last = self.source(i, original);
                last + original[last..].chars().next().map_or(0, char::len_utf8)
            }
            None => start,
        };
        start..end.max(start)
    }
}

/// The folded text alone, without the map back to the original: what
/// most lines are asked. Folding changes a text in two kinds of places
/// only: its characters beyond ASCII, and the spaces `drops_space` takes
/// out, each of which has a joiner beside it. So only those bytes are
/// looked at, and what lies between them is copied whole.
pub fn fold_text(original: &str) -> Cow<'_, str> {
    let mut folded = String::new();
    match fold_walk::<false>(original, &mut Vec::new(), &mut folded) {
        true => Cow::Owned(folded),
        false => Cow::Borrowed(original),
    }
}

/// `fold_text`, written at the end of `text` when folding changes
/// anything: many texts folded one after another into one buffer, with no
/// string made for each. False, with nothing written, when `original` is
/// its own folded form, which the caller may read where it is.
pub fn fold_changes_onto(original: &str, text: &mut String) -> bool {
    fold_walk::<false>(original, &mut Vec::new(), text)
}

/// `fold_text` written at the end of `text`, and with `MAP` each place
/// where the map from the folded text back to the original stops being
/// the shift of the place before pushed onto `anchors` (see
/// `Folded::anchors`), counted from where it began writing. A constant,
/// so that `fold_text` does not even compare what it folds with what it
/// was. False, with nothing written, when folding changes nothing.
#[inline(always)]
fn fold_walk<const MAP: bool>(
    original: &str,
    anchors: &mut Vec<(usize, usize, bool)>,
    text: &mut String,
) -> bool {
    if !needs_folding(original) {
        return false;
    }
    let bytes = original.as_bytes();
    let base = text.len();
    text.reserve(original.len());
    // Bytes of the original before this are in `text` or were dropped.
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 && b != b'-' && b != b'\'' {
            i = plain_until(bytes, i + 1);
            continue;
        }
        let at = i;
        let Some(c) = original[at..].chars().next() else {
            break;
        };
        let after = at + c.len_utf8();
        i = after;
        let is_joiner = matches!(c, '-' | '\'' | '’');
        if is_joiner {
            // The spaces before it, unless a joiner before took them out.
            let run_start = original[..at].trim_end_matches(char::is_whitespace).len();
            if run_start < at && run_start >= copied {
                let mut before = original[..run_start].chars().rev();
                let (previous, before_previous) = (before.next(), before.next());
                let next_after = original[after..].chars().next();
                if drops_space(before_previous, previous, Some(c), next_after) {
                    text.push_str(&original[copied..run_start]);
                    if MAP {
                        anchors.push((text.len() - base, at, false));
                    }
                    copied = at;
                }
            }
        }
        if !c.is_whitespace() && c != '-' && c != '\'' {
            // A character beyond ASCII, folded (`push_folded`).
            text.push_str(&original[copied..at]);
            let start = text.len();
            push_folded(text, c);
            if MAP && text[start..] != original[at..after] {
                anchors.push((start - base, at, true));
                anchors.push((text.len() - base, after, false));
            }
            copied = after;
        }
        if is_joiner {
            // The spaces after it.
            let run_end = original.len()
                - original[after..]
                    .trim_start_matches(char::is_whitespace)
                    .len();
            if run_end > after {
                let previous = original[..at].chars().next_back();
                let mut next = original[run_end..].chars();
                if drops_space(previous, Some(c), next.next(), next.next()) {
                    text.push_str(&original[copied..after]);
                    if MAP {
                        anchors.push((text.len() - base, run_end, false));
                    }
                    copied = run_end;
                }
                i = run_end;
            }
        }
    }
    text.push_str(&original[copied..]);
    true
}

/// The first byte from `i` on that folding may change or take a space
/// out beside: one beyond ASCII, a hyphen or an apostrophe. Eight bytes
/// are looked at a time: most text is ASCII, with few of either mark.
fn plain_until(bytes: &[u8], mut i: usize) -> usize {
    while let Some(w) = lanes::eight_at(bytes, i) {
        let stops = (w & lanes::HIGHS) | lanes::equal(w, b'-') | lanes::equal(w, b'\'');
        if stops != 0 {
            return i + lanes::first(stops);
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i] < 0x80 && !matches!(bytes[i], b'-' | b'\'') {
        i += 1;
    }
    i
}

/// What folding writes for a character beyond ASCII that is no white
/// space: accented Latin-1 letters, most of what European text holds,
/// without a trip through the decomposition tables.
fn push_folded(text: &mut String, c: char) {
    if c == '’' || c == 'ʼ' {
        text.push('\'');
    } else if let Some(&base) = ('\u{c0}'..='\u{ff}')
        .contains(&c)
        .then(|| &LATIN1_BASE[c as usize - 0xc0])
        .filter(|&&b| b != 0)
    {
        text.push(char::from(base));
    } else {
        decompose_canonical(c, |d| {
            if !is_combining_mark(d) {
                text.push(d);
            }
        });
    }
}

/// Unicode's white space in ASCII (`char::is_whitespace`): tab to carriage
/// return, and space; `u8::is_ascii_whitespace` leaves out the vertical tab.
pub(super) fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// A space between a letter and a hyphen or an apostrophe that joins it to
/// the next letter ("Sous -titres", "Sous- titres", "d' Amara") goes. The
/// arguments are the two characters before the run of spaces and the two
/// after it.
fn drops_space(
    before_previous: Option<char>,
    previous: Option<char>,
    next: Option<char>,
    after_next: Option<char>,
) -> bool {
    let letter = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let joiner = |c: Option<char>| matches!(c, Some('-' | '\'' | '’'));
    // letter ␣- letter
    (letter(previous) && joiner(next) && letter(after_next))
        // letter -␣ letter, letter '␣ letter
        || (joiner(previous) && letter(before_previous) && letter(next))
}

/// The letter each of U+00C0..=U+00FF folds to, 0 where it stays itself
/// (Æ, Ð, ×, Ø, Þ, ß and their lower cases): its canonical decomposition
/// without the marks, as `decompose_canonical` gives it.
const LATIN1_BASE: [u8; 64] = [
    b'A', b'A', b'A', b'A', b'A', b'A', 0, b'C', b'E', b'E', b'E', b'E', b'I', b'I', b'I', b'I', 0,
    b'N', b'O', b'O', b'O', b'O', b'O', 0, 0, b'U', b'U', b'U', b'U', b'Y', 0, 0, b'a', b'a', b'a',
    b'a', b'a', b'a', 0, b'c', b'e', b'e', b'e', b'e', b'i', b'i', b'i', b'i', 0, b'n', b'o', b'o',
    b'o', b'o', b'o', 0, 0, b'u', b'u', b'u', b'u', b'y', 0, b'y',
];

fn needs_folding(text: &str) -> bool {
    // " -", "- " or "' ": one pass over the hyphens and apostrophes,
    // where three searches for the pairs read every line three times.
    let bytes = text.as_bytes();
    !text.is_ascii()
        || memchr::memchr2_iter(b'-', b'\'', bytes).any(|i| {
            bytes.get(i + 1) == Some(&b' ') || (bytes[i] == b'-' && i > 0 && bytes[i - 1] == b' ')
        })
}

/// A pattern for the folded form: its accents off too (`[ée]` becomes
/// `[ee]`, which matches the same folded text).
pub fn fold_pattern(pattern: &str) -> String {
    pattern
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| if c == '’' { '\'' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaced_hyphens_and_apostrophes_and_accents_fold() {
        let text = "Bon. Sous -titres réalisés para la communauté d' Amara.org";
        let f = Folded::new(text);
        assert_eq!(
            f.text,
            "Bon. Sous-titres realises para la communaute d'Amara.org"
        );
        let at = f.text.find("Sous").unwrap();
        let back = f.original(at..f.text.len(), text);
        assert_eq!(
            &text[back],
            "Sous -titres réalisés para la communauté d' Amara.org"
        );
    }

    #[test]
    fn a_text_needs_folding_when_it_holds_a_spaced_joiner_or_more_than_ascii() {
        let texts = [
            "",
            "-",
            "'",
            " -",
            "- ",
            "' ",
            " '",
            "a-b",
            "a - b",
            "a -b",
            "a- b",
            "l' ami",
            "l'ami",
            "-x",
            "x-",
            "x -",
            "'-",
            "-'",
            "--",
            " --",
            "é",
            "plain words",
        ];
        for text in texts {
            let expected = !text.is_ascii()
                || text.contains(" -")
                || text.contains("- ")
                || text.contains("' ");
            assert_eq!(needs_folding(text), expected, "{text:?}");
        }
    }

    #[test]
    fn the_latin1_table_is_the_decomposition() {
        for c in '\u{c0}'..='\u{ff}' {
            let mut decomposed = String::new();
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    decomposed.push(d)
                }
            });
            let base = LATIN1_BASE[c as usize - 0xc0];
            let table = if base == 0 {
                c.to_string()
            } else {
                char::from(base).to_string()
            };
            assert_eq!(table, decomposed, "{c}");
        }
    }

    /// A space beside a joiner that joins two letters goes; every other
    /// space stays, one between two ASCII words included.
    #[test]
    fn spaces_go_only_beside_a_joiner_between_letters() {
        let cases = [
            ("Sous -titres par", "Sous-titres par"),
            ("Sous- titres par", "Sous-titres par"),
            ("la d' Amara", "la d'Amara"),
            ("la d’ Amara", "la d'Amara"),
            ("l' été", "l'ete"),
            ("é -x y", "e-x y"),
            ("café - crème", "cafe - creme"),
            ("a -b c", "a-b c"),
            ("2 -3", "2-3"),
            ("x  y", "x  y"),
            ("-- x", "-- x"),
            ("’ x", "' x"),
            ("a ' b", "a ' b"),
            ("é x y", "e x y"),
        ];
        for (original, folded) in cases {
            let f = Folded::new(original);
            assert_eq!(f.text, folded, "{original:?}");
            assert_eq!(fold_text(original), folded, "{original:?}");
            let back = f.original(0..f.text.len(), original);
            assert_eq!(back, 0..original.len(), "{original:?}");
        }
    }

    /// `fold_text` and `Folded::new` write the same text, and
    /// `fold_changes_onto` writes it after what a string holds already
    /// (the texts before it, folded one after another), or says the text
    /// is its own.
    #[test]
    fn fold_text_is_folds_text() {
        let mut onto = String::new();
        for text in &texts_to_fold() {
            let folded = fold_text(text);
            assert_eq!(folded, Folded::new(text).text, "{text:?}");
            let start = onto.len();
            if !fold_changes_onto(text, &mut onto) {
                onto.push_str(text);
            }
            assert_eq!(onto[start..], folded, "{text:?}");
        }
        assert!(onto.len() > 100_000);
    }

    /// Every line of the fixtures and corpora, every string of up to four
    /// characters from those the rules name, and random longer ones.
    fn texts_to_fold() -> Vec<String> {
        let mut texts = super::super::fixture_and_corpus_lines();
        let alphabet = [
            "a", "Z", "7", " ", "  ", "\t", "\u{a0}", "\u{202f}", "-", "'", "’", "ʼ", "é", "É",
            "ß", "e\u{301}", "\u{301}", "가", ".", "«", "\n",
        ];
        texts.extend(crate::test_strings::strings_of(&alphabet, 0x5eed, 20_000));
        texts
    }

    /// Folded in `fold_text`'s walk, a text has the text and the map that
    /// the walk of every character gave it: the same anchors, and so the
    /// same original range for every folded one.
    #[test]
    fn fold_maps_as_the_walk_of_every_character() {
        let (mut mapped, mut texts) = (0, 0);
        for text in &texts_to_fold() {
            let (folded, reference) = (Folded::new(text), fold_every_character(text));
            assert_eq!(folded.text, reference.text, "{text:?}");
            assert_eq!(folded.anchors, reference.anchors, "{text:?}");
            mapped += usize::from(!folded.anchors.is_empty());
            texts += 1;
        }
        assert!(mapped > 20_000 && texts > 60_000, "{mapped} {texts}");
    }

    /// What `Folded::new` was: a walk of every character, the reference
    /// its text and map are held to.
    fn fold_every_character(original: &str) -> Folded<'_> {
        if !needs_folding(original) {
            return Folded {
                text: Cow::Borrowed(original),
                anchors: Vec::new(),
                original_len: original.len(),
            };
        }
        let bytes = original.as_bytes();
        let mut text = String::with_capacity(original.len());
        // Most lines need no anchor; the map starts as the identity.
        let mut anchors = Vec::new();
        // The two characters before the current one, for the spaces rule.
        let (mut previous, mut before_previous): (Option<char>, Option<char>) = (None, None);
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 && !is_ascii_space(b) {
                // The common case: a run of ASCII is its own folded form.
                let start = i;
                loop {
                    while i < bytes.len() && bytes[i] < 0x80 && !is_ascii_space(bytes[i]) {
                        i += 1;
                    }
                    // A lone space between two ASCII words, no joiner beside
                    // it, stays (`drops_space`): the run goes on.
                    let lone_space = bytes.get(i) == Some(&b' ')
                        && lone_space_stays(Some(bytes[i - 1] as char), bytes.get(i + 1).copied());
                    if !lone_space {
                        break;
                    }
                    i += 1;
                }
                text.push_str(&original[start..i]);
                before_previous = if i - start >= 2 {
                    Some(bytes[i - 2] as char)
                } else {
                    previous
                };
                previous = Some(bytes[i - 1] as char);
                continue;
            }
            if b == b' ' && lone_space_stays(previous, bytes.get(i + 1).copied()) {
                // One space between words, the most common byte after letters.
                text.push(' ');
                before_previous = previous;
                previous = Some(' ');
                i += 1;
                continue;
            }
            let c = original[i..].chars().next().unwrap_or('\u{fffd}');
            if c.is_whitespace() {
                let run_end = original[i..]
                    .find(|c: char| !c.is_whitespace())
                    .map_or(original.len(), |n| i + n);
                let mut after = original[run_end..].chars();
                if drops_space(before_previous, previous, after.next(), after.next()) {
                    anchors.push((text.len(), run_end, false));
                } else {
                    text.push_str(&original[i..run_end]);
                }
                before_previous = previous;
                previous = original[i..run_end].chars().next_back();
                i = run_end;
                continue;
            }
            let len = c.len_utf8();
            let start = text.len();
            push_folded(&mut text, c);
            if text[start..] != original[i..i + len] {
                anchors.push((start, i, true));
                anchors.push((text.len(), i + len, false));
            }
            before_previous = previous;
            previous = Some(c);
            i += len;
        }
        Folded {
            text: Cow::Owned(text),
            anchors,
            original_len: original.len(),
        }
    }

    #[test]
    fn a_dash_between_clauses_keeps_its_spaces() {
        assert_eq!(Folded::new("Fin - on reprend").text, "Fin - on reprend");
        assert!(matches!(Folded::new("plain text").text, Cow::Borrowed(_)));
    }

    /// Whether one ASCII space after `previous` and before the byte `next`
    /// stays as it is, without asking `drops_space`: it does when neither
    /// side is a joiner and the next character is ASCII and no white space
    /// (so the space is a run of one).
    fn lone_space_stays(previous: Option<char>, next: Option<u8>) -> bool {
        !matches!(previous, Some('-' | '\'' | '’'))
            && next.is_some_and(|n| n < 0x80 && !is_ascii_space(n) && !matches!(n, b'-' | b'\''))
    }
}
