//! Repetition loops: a phrase repeated inside a line, a line repeated over
//! consecutive lines or cues. Pure functions over text.
//!
//! Thresholds (checked against fixtures/artifacts/natural-repetitions-*.txt,
//! which must survive, and the loop fixtures, which must collapse):
//! "oui oui oui" and "non non non non" are speech, so a single word needs 5
//! repeats; "Bonjour. Bonjour." and a chorus sung twice are speech, so a
//! phrase of 2+ words, or a line, needs 3.

use std::ops::Range;

/// Repeats of a phrase of two or more words that make a loop.
pub const PHRASE_REPEATS: usize = 3;
/// Repeats of a single word that make a loop.
pub const WORD_REPEATS: usize = 5;
/// Consecutive identical lines or cues that make a loop.
pub const LINE_REPEATS: usize = 3;
/// Longest phrase looked for, in words.
pub const MAX_PHRASE_WORDS: usize = 8;

/// A phrase repeated in a row inside one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseLoop {
    /// Bytes of the first occurrence.
    pub first: Range<usize>,
    /// Bytes from the end of the first occurrence to the end of the last
    /// (partial) repeat.
    pub repeats: Range<usize>,
    /// How many times the phrase occurs, whole ones only.
    pub count: usize,
}

/// The loops in `text`, in order, not overlapping.
pub fn phrase_loops(text: &str) -> Vec<PhraseLoop> {
    let words: Vec<Word> = words(text);
    let n = words.len();
    // Cheap exit for the common line: a loop needs a word that comes back.
    if n < 2 * PHRASE_REPEATS - 1 {
        return Vec::new();
    }
    let same = |a: usize, b: usize| {
        words[a].fingerprint == words[b].fingerprint
            && same_word(&text[words[a].key.clone()], &text[words[b].key.clone()])
    };
    let mut loops = Vec::new();
    let mut i = 0;
    while i < n {
        if words[i].key.is_empty() {
            i += 1;
            continue;
        }
        // (words in the phrase, whole repeats, words covered)
        let mut best: Option<(usize, usize, usize)> = None;
        for k in 1..=MAX_PHRASE_WORDS.min((n - i) / 2) {
            if !same(i, i + k) {
                continue;
            }
            let mut count = 1;
            while i + (count + 1) * k <= n && (0..k).all(|j| same(i + j, i + count * k + j)) {
                count += 1;
            }
            let needed = if k == 1 { WORD_REPEATS } else { PHRASE_REPEATS };
            if count < needed {
                continue;
            }
            let mut partial = 0;
            while partial < k
                && i + count * k + partial < n
                && same(i + partial, i + count * k + partial)
            {
                partial += 1;
            }
            let covered = count * k + partial;
            if best.is_none_or(|(_, _, c)| covered > c) {
                best = Some((k, count, covered));
            }
        }
        match best {
            Some((k, count, covered)) => {
                let first = words[i].span.start..words[i + k - 1].span.end;
                let repeats = first.end..words[i + covered - 1].span.end;
                loops.push(PhraseLoop {
                    first,
                    repeats,
                    count,
                });
                i += covered;
            }
            None => i += 1,
        }
    }
    loops
}

/// A word: its bytes, and the bytes compared (without the punctuation
/// around it: "Bonjour." and "bonjour" are the same word), with a hash of
/// them in lower case so most comparisons are one integer compare.
struct Word {
    span: Range<usize>,
    key: Range<usize>,
    fingerprint: u64,
}

/// FNV-1a over the lower-cased characters.
fn fingerprint(key: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut mix = |byte: u8| {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    };
    if key.is_ascii() {
        key.bytes().for_each(|b| mix(b.to_ascii_lowercase()));
    } else {
        let mut buf = [0u8; 4];
        for c in key.chars().flat_map(char::to_lowercase) {
            c.encode_utf8(&mut buf).bytes().for_each(&mut mix);
        }
    }
    hash
}

fn words(text: &str) -> Vec<Word> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 5);
    let mut i = 0;
    while i < bytes.len() {
        // Unicode white space other than ASCII is rare in transcripts; a
        // non-breaking space inside a "word" only makes the key longer.
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if start == i {
            break;
        }
        let word = &text[start..i];
        let (key, fingerprint) = if word.is_ascii() {
            let lead = word
                .bytes()
                .take_while(|b| !b.is_ascii_alphanumeric())
                .count();
            let trail = word[lead..]
                .bytes()
                .rev()
                .take_while(|b| !b.is_ascii_alphanumeric())
                .count();
            let key = start + lead..i - trail;
            let print = fingerprint(&text[key.clone()]);
            (key, print)
        } else {
            let lead = word.len()
                - word
                    .trim_start_matches(|c: char| !c.is_alphanumeric())
                    .len();
            let key_text = word[lead..].trim_end_matches(|c: char| !c.is_alphanumeric());
            (
                start + lead..start + lead + key_text.len(),
                fingerprint(key_text),
            )
        };
        out.push(Word {
            span: start..i,
            key,
            fingerprint,
        });
    }
    out
}

/// Case-insensitive equality without allocating.
fn same_word(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// Whether two lines or cues repeat each other: the same words in any
/// case, trailing punctuation ignored. Allocation-free: it is asked for
/// every pair of neighbouring cues.
pub fn same_line(a: &str, b: &str) -> bool {
    !a.trim().is_empty() && folded_line(a).eq(folded_line(b))
}

fn folded_line(s: &str) -> impl Iterator<Item = char> + '_ {
    s.trim_end_matches(|c: char| ".!?…,;:".contains(c) || c.is_whitespace())
        .split_whitespace()
        .flat_map(|w| {
            w.chars()
                .flat_map(char::to_lowercase)
                .chain(std::iter::once(' '))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collapsed(text: &str) -> String {
        let mut out = text.to_string();
        for l in phrase_loops(text).iter().rev() {
            out.replace_range(l.repeats.clone(), "");
        }
        out
    }

    #[test]
    fn natural_repetitions_survive() {
        for text in [
            "Bonjour. Bonjour.",
            "oui oui oui",
            "non non non non",
            "Merci, merci beaucoup",
            "very very good",
        ] {
            assert_eq!(phrase_loops(text), [], "{text}");
        }
    }

    #[test]
    fn phrase_and_word_loops_collapse() {
        assert_eq!(
            collapsed("et donc et donc et donc et donc on y va"),
            "et donc on y va"
        );
        assert_eq!(collapsed("non non non non non non"), "non");
        assert_eq!(
            collapsed("A Sous-titres par Sous-titres par Sous-titres par Sous-titres"),
            "A Sous-titres par"
        );
    }

    #[test]
    fn a_long_credit_stub_loop_is_one_loop() {
        let line = format!("{}Sous-titres", "Sous-titres par ".repeat(35));
        let loops = phrase_loops(&line);
        assert_eq!(loops.len(), 1);
        assert_eq!(
            (loops[0].count, loops[0].first.clone(), loops[0].repeats.end),
            (35, 0..15, line.len())
        );
    }

    #[test]
    fn lines_are_the_same_in_any_case_and_end_punctuation() {
        assert!(same_line("Merci.", "merci !"));
        assert!(same_line("Been  drinking.", "been drinking"));
        assert!(!same_line("Merci.", "Merci beaucoup."));
        assert!(!same_line("", ""));
    }
}
