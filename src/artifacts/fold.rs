//! The form credits are matched in: accents off, one apostrophe, no space
//! inside a hyphenated or elided word. Recognisers write the same credit
//! many ways ("Sous -titres réalisés para la communauté d' Amara.org", seen
//! in faster-whisper #41); matching the folded form finds them all with
//! one pattern each, and every match maps back to the original bytes.

use std::borrow::Cow;
use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A text as credits are matched in, with where each byte came from.
pub struct Folded<'a> {
    pub text: Cow<'a, str>,
    /// For each byte of `text`, the original byte it comes from; empty when
    /// the text needed no folding.
    map: Vec<usize>,
    original_len: usize,
}

impl<'a> Folded<'a> {
    pub fn new(original: &'a str) -> Folded<'a> {
        if !needs_folding(original) {
            return Folded {
                text: Cow::Borrowed(original),
                map: Vec::new(),
                original_len: original.len(),
            };
        }
        let chars: Vec<(usize, char)> = original.char_indices().collect();
        let mut text = String::with_capacity(original.len());
        let mut map = Vec::with_capacity(original.len());
        let letter = |i: usize| chars.get(i).is_some_and(|(_, c)| c.is_alphanumeric());
        for (k, &(at, c)) in chars.iter().enumerate() {
            if c.is_whitespace() && drops_space(&chars, k, letter) {
                continue;
            }
            let c = if c == '’' || c == 'ʼ' { '\'' } else { c };
            let mut buf = [0u8; 4];
            for d in c.nfd().filter(|d| !is_combining_mark(*d)) {
                let s = d.encode_utf8(&mut buf);
                text.push_str(s);
                map.extend(std::iter::repeat_n(at, s.len()));
            }
        }
        Folded {
            text: Cow::Owned(text),
            map,
            original_len: original.len(),
        }
    }

    /// The original byte range of a range of the folded text.
    pub fn original(&self, range: Range<usize>, original: &str) -> Range<usize> {
        if self.map.is_empty() {
            return range;
        }
        let start = self
            .map
            .get(range.start)
            .copied()
            .unwrap_or(self.original_len);
        let end = match range.end.checked_sub(1).and_then(|i| self.map.get(i)) {
            Some(&last) => last + original[last..].chars().next().map_or(0, char::len_utf8),
            None => start,
        };
        start..end.max(start)
    }
}

/// A space between a letter and a hyphen or an apostrophe that joins it to
/// the next letter ("Sous -titres", "Sous- titres", "d' Amara") goes.
fn drops_space(chars: &[(usize, char)], k: usize, letter: impl Fn(usize) -> bool) -> bool {
    // The run of spaces this one is in.
    let mut a = k;
    while a > 0 && chars[a - 1].1.is_whitespace() {
        a -= 1;
    }
    let mut b = k;
    while b + 1 < chars.len() && chars[b + 1].1.is_whitespace() {
        b += 1;
    }
    let before = a.checked_sub(1).map(|i| chars[i].1);
    let after = chars.get(b + 1).map(|&(_, c)| c);
    let joiner = |c: Option<char>| matches!(c, Some('-' | '\'' | '’'));
    // letter ␣- letter
    (a > 0 && letter(a - 1) && joiner(after) && letter(b + 2))
        // letter -␣ letter, letter '␣ letter
        || (a > 1 && joiner(before) && letter(a - 2) && letter(b + 1))
}

fn needs_folding(text: &str) -> bool {
    !text.is_ascii() || text.contains(" -") || text.contains("- ") || text.contains("' ")
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
    fn a_dash_between_clauses_keeps_its_spaces() {
        assert_eq!(Folded::new("Fin - on reprend").text, "Fin - on reprend");
        assert!(matches!(Folded::new("plain text").text, Cow::Borrowed(_)));
    }
}
