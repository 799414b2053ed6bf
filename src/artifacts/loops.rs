//! Repetition loops: a phrase repeated inside a line, a line repeated over
//! consecutive lines or cues. Pure functions over text, and the numbers
//! that separate what people say from what a stuck decoder writes.
//!
//! The numbers come from two corpora of real transcripts nobody on the
//! team wrote (bench/corpora/, measured by `python3 bench/repetitions.py
//! --stats`; figures in BENCHMARKS.md, "Repetitions"):
//! - natural speech (conversation, stories, podcasts, talks; French and
//!   English): a single word is said up to 8 times in a row within one
//!   utterance ("no no no no no no no no", "non" ×6), a phrase of two or
//!   more words up to 3 times ("c'est sûr c'est sûr c'est sûr");
//! - songs: a word up to 8 or 9 times on one lyric line ("oh" ×7), a
//!   3-word hook twice per line, and one lyric line ("oh" ×6) sung on 8
//!   consecutive lines;
//! - recogniser loops: single tokens 14 to 222 times in a segment, phrases
//!   6 to 53 times, identical cues 2 to 47 times in a row.
//!
//! So below these counts a repetition is speech and is never touched;
//! between them and the certain counts it is a suggestion; from the
//! certain counts on (or with the recogniser's own evidence) it goes.

use std::ops::Range;

use super::tokens;

/// A single word repeated this many times in a row inside one line or cue
/// is a loop beyond doubt: natural speech stops at 8 (songs at 9).
pub const WORD_CERTAIN: usize = 12;
/// From this count a repeated word is suggested as a loop, not removed.
pub const WORD_SUGGESTED: usize = 9;
/// A phrase of two or more words repeated this many times in a row inside
/// one line or cue is a loop: natural speech stops at 3.
pub const PHRASE_CERTAIN: usize = 5;
/// From this count a repeated phrase is suggested.
pub const PHRASE_SUGGESTED: usize = 4;
/// Consecutive identical cues or lines that are a loop whatever else is
/// known: a song's refrain line was sung 8 times in a row.
pub const CUE_CERTAIN: usize = 10;
/// From this many consecutive identical cues a loop is suggested, or
/// removed when there is evidence (timing, scores, invented text).
pub const CUE_SUGGESTED: usize = 3;
/// Longest phrase looked for, in words.
pub const MAX_PHRASE_WORDS: usize = 8;

/// A phrase repeated in a row inside one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseLoop {
    /// Bytes of the first copy, its trailing punctuation included.
    pub first: Range<usize>,
    /// Where the first copy's words end (before its punctuation), and where
    /// the last copy's words end: deleting this keeps the first copy's
    /// words with the last copy's punctuation, so the text reads on ("We
    /// won, we won, we won! Let's go." -> "We won! Let's go.").
    pub collapse: Range<usize>,
    /// The end of the run, the last copy's trailing punctuation included.
    pub end: usize,
    /// Words in the repeated phrase.
    pub words: usize,
    /// How many whole copies there are.
    pub count: usize,
}

impl PhraseLoop {
    /// Whether the run is a loop beyond doubt by its length alone.
    pub fn is_certain(&self) -> bool {
        self.count >= certain_count(self.words)
    }
}

/// Copies from which a phrase of `words` words is a certain loop.
pub fn certain_count(words: usize) -> usize {
    if words == 1 {
        WORD_CERTAIN
    } else {
        PHRASE_CERTAIN
    }
}

/// Copies from which a phrase of `words` words is suggested as a loop.
pub fn suggested_count(words: usize) -> usize {
    if words == 1 {
        WORD_SUGGESTED
    } else {
        PHRASE_SUGGESTED
    }
}

/// The runs in `text` long enough to be suggested as loops, in order, not
/// overlapping; natural repetitions are not returned at all.
pub fn phrase_loops(text: &str) -> Vec<PhraseLoop> {
    phrase_loops_in(text, &Words::of(text), true)
}

/// As `phrase_loops`, with the text's words already found; `ends_text`
/// says whether `text` is the end of the whole transcript (only there may
/// a loop trail off in a partial copy).
pub fn phrase_loops_in(text: &str, words: &Words, ends_text: bool) -> Vec<PhraseLoop> {
    // Cheap exit for the common line: a loop needs a word that comes back.
    if words.len() < 2 * PHRASE_SUGGESTED || !may_loop(&words.0) {
        return Vec::new();
    }
    runs_in(text, words, ends_text)
}

/// `phrase_loops_in` without its cheap exits.
fn runs_in(text: &str, words: &Words, ends_text: bool) -> Vec<PhraseLoop> {
    let words = &words.0;
    let n = words.len();
    let same = |a: usize, b: usize| {
        words[a].fingerprint == words[b].fingerprint
            && same_word(&text[words[a].key()], &text[words[b].key()])
    };
    let mut loops = Vec::new();
    let mut i = 0;
    while i < n {
        if words[i].key.is_empty() {
            i += 1;
            continue;
        }
        // (words in the phrase, whole copies, words covered)
        let mut best: Option<(usize, usize, usize)> = None;
        // A phrase that is itself a repeated shorter one ("non non" is
        // "non" twice) is counted as the shorter one: 8 "non" are 8 words,
        // not 4 two-word phrases.
        let periodic = |k: usize| {
            (1..k).any(|p| k.is_multiple_of(p) && (p..k).all(|j| same(i + j, i + j % p)))
        };
        for k in 1..=MAX_PHRASE_WORDS.min((n - i) / 2) {
            if !same(i, i + k) || periodic(k) {
                continue;
            }
            let mut count = 1;
            while i + (count + 1) * k <= n && (0..k).all(|j| same(i + j, i + count * k + j)) {
                count += 1;
            }
            if count < suggested_count(k) {
                continue;
            }
            // A stub of one more copy that ends the text ("t'es pas qu'on
            // peut t'es pas qu'on peut t'es pas") is the loop trailing
            // off; followed by other words ("The mic. The red one") it
            // begins the speech that comes next.
            let mut partial = 0;
            while partial < k
                && i + count * k + partial < n
                && same(i + partial, i + count * k + partial)
            {
                partial += 1;
            }
            if i + count * k + partial < n || !ends_text {
                partial = 0;
            }
            let covered = count * k + partial;
            if best.is_none_or(|(_, _, c)| covered > c) {
                best = Some((k, count, covered));
            }
        }
        match best {
            Some((k, count, covered)) => {
                let last = &words[i + covered - 1];
                loops.push(PhraseLoop {
                    first: words[i].span().start..words[i + k - 1].span().end,
                    collapse: words[i + k - 1].key().end..last.key().end,
                    end: last.span().end,
                    words: k,
                    count,
                });
                i += covered;
            }
            None => i += 1,
        }
    }
    loops
}

/// Words in a row, each the same as the word `k` before it, that a
/// phrase of `k` words said `suggested_count(k)` times makes: every copy
/// after the first repeats the first word for word.
pub fn repeats_needed(k: usize) -> usize {
    (suggested_count(k) - 1) * k
}

/// Whether some phrase of `k` words may come back often enough to be
/// suggested: a run of `repeats_needed(k)` words each with the
/// fingerprint of the word `k` before it. Integer compares only; most
/// lines have no such run for any `k`, and the search above then has
/// nothing to find.
///
/// A run of `needed` pairs in a row holds one pair of every `needed`
/// (`needed` numbers in a row meet every remainder once), so only those
/// pairs are compared first, and a run is measured from one that holds:
/// for most lines that is a compare or two for each `k`, where walking
/// every pair was a dozen.
fn may_loop(words: &[Word]) -> bool {
    const { assert!(WORD_SUGGESTED >= PHRASE_SUGGESTED) };
    let n = words.len();
    // A phrase of `k` words said `suggested_count(k)` times takes that
    // many times `k` words: at least `PHRASE_SUGGESTED` times `k`.
    (1..=MAX_PHRASE_WORDS.min(n / PHRASE_SUGGESTED)).any(|k| {
        let needed = repeats_needed(k);
        // Pair `j` is word `j` and word `j + k`.
        let pairs = n.saturating_sub(k);
        let same = |j: usize| words[j].fingerprint == words[j + k].fingerprint;
        let mut anchor = needed - 1;
        while anchor < pairs {
            if same(anchor) {
                let before = (0..anchor).rev().take_while(|&j| same(j)).count();
                let after = (anchor + 1..pairs).take_while(|&j| same(j)).count();
                if before + 1 + after >= needed {
                    return true;
                }
            }
            anchor += needed;
        }
        false
    })
}

/// When the whole of `text` is one phrase said `count` times and nothing
/// else ("Merci d'avoir regardé ! Merci d'avoir regardé !"): the bytes of
/// the first copy, its words and the count.
pub fn repeated_whole(text: &str) -> Option<(Range<usize>, usize, usize)> {
    repeated_whole_in(text, &Words::of(text), 2)
}

/// As `repeated_whole`, with the text's words already found, when the
/// phrase is said at least `least_count` times (at least twice): the
/// shortest phrase the whole is made of, if it comes that often. Asked
/// of every cue, where most have no period at all, so the periods too
/// long to come `least_count` times are not tried.
pub fn repeated_whole_in(
    text: &str,
    words: &Words,
    least_count: usize,
) -> Option<(Range<usize>, usize, usize)> {
    let words = &words.0;
    let n = words.len();
    let same = |a: usize, b: usize| {
        words[a].fingerprint == words[b].fingerprint
            && same_word(&text[words[a].key()], &text[words[b].key()])
    };
    // A period's first word is the first word again: one compare rules
    // out most periods before the division does.
    let k = (1..=n / least_count.max(2))
        .filter(|&k| words[k].fingerprint == words[0].fingerprint && n.is_multiple_of(k))
        .find(|&k| (k..n).all(|i| same(i, i % k)))?;
    // A mark standing alone is no word to repeat.
    if words.iter().any(|w| w.key.is_empty()) {
        return None;
    }
    Some((words[0].span().start..words[k - 1].span().end, k, n / k))
}

/// A word: its bytes, and the bytes compared (without the punctuation
/// around it: "Bonjour." and "bonjour" are the same word), with a hash of
/// them in lower case so most comparisons are one integer compare.
/// Offsets are 32-bit, a word in 24 bytes instead of 40: the list of a
/// transcript written as one line is the largest thing `clean` holds.
struct Word {
    span: Range<u32>,
    key: Range<u32>,
    fingerprint: u64,
}

impl Word {
    fn span(&self) -> Range<usize> {
        self.span.start as usize..self.span.end as usize
    }

    fn key(&self) -> Range<usize> {
        self.key.start as usize..self.key.end as usize
    }
}

/// The words of a text, found once and asked by every loop search.
#[derive(Default)]
pub struct Words(Vec<Word>);

impl Words {
    /// Words split at white space (a no-break space included). A token
    /// with no letter or digit (French "!" and "?" after a space, "…",
    /// "—") is punctuation of the word before it, not a word: "Non ! Non !
    /// Non !" is three words, as "Non! Non! Non!" is.
    pub fn of(text: &str) -> Words {
        let mut words = Words(Vec::new());
        words.read(text);
        words
    }

    /// The words of `text` in place of these, in the same list: the pass
    /// inside cues reads every cue of a window into one, where making and
    /// freeing a list for each cost about 1% of a `clean` run.
    pub fn read(&mut self, text: &str) {
        let out = &mut self.0;
        out.clear();
        // Offsets past 4 GiB do not fit a word's: a cue that long is left
        // alone, as one with no word.
        if u32::try_from(text.len()).is_err() {
            return;
        }
        // Fits: checked above.
        let at = |offset: usize| offset as u32;
        out.reserve(crate::language::word_room(text));
        let mut i = 0;
        while let Some(start) = tokens::skip_spaces(text, i) {
            i = tokens::scan_at(text, start, |token| {
                let span = at(start)..at(token.end);
                if token.key_start < token.key_end {
                    out.push(Word {
                        span,
                        key: at(token.key_start)..at(token.key_end),
                        fingerprint: token.print,
                    });
                } else {
                    match out.last_mut() {
                        // Punctuation after a word belongs to it.
                        Some(previous) => previous.span.end = span.end,
                        None => out.push(Word {
                            key: span.start..span.start,
                            span,
                            fingerprint: 0,
                        }),
                    }
                }
                token.end
            });
        }
    }

    /// What `token_prints` gives of the same text, as far as a search for
    /// loops across cues reads it: whether the text opens on punctuation
    /// (a `None` first there), then each word's fingerprint (the
    /// punctuation after a word is part of it here, so only the first
    /// "word" can be punctuation, and the rest is copied whole).
    pub fn prints(&self) -> (bool, impl ExactSizeIterator<Item = u64> + '_) {
        let opens_on_mark = self.0.first().is_some_and(|w| w.key.is_empty());
        let words = &self.0[usize::from(opens_on_mark)..];
        debug_assert!(words.iter().all(|w| !w.key.is_empty()));
        (opens_on_mark, words.iter().map(|w| w.fingerprint))
    }

    /// How many words there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is no word.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Each token's fingerprint, None for a token that is no word
/// (punctuation, which belongs to the word before it).
pub fn token_prints(text: &str) -> impl Iterator<Item = Option<u64>> + '_ {
    tokens::scan(text).map(|token| token.key.map(|(_, print)| print))
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
/// case, punctuation ignored. Allocation-free: it is asked for every pair
/// of neighbouring cues.
pub fn same_line(a: &str, b: &str) -> bool {
    // Most neighbours differ at their first letter or digit: told at a
    // look when it is ASCII, before either line is read whole.
    if let (Some(x), Some(y)) = (first_ascii_alphanumeric(a), first_ascii_alphanumeric(b))
        && x != y
    {
        return false;
    }
    if a.trim().is_empty() {
        return false;
    }
    if a.is_ascii() && b.is_ascii() {
        return same_ascii_line(a, b);
    }
    // Folded, a line begins with the lower case of its first letter or
    // digit: most neighbours differ there, told apart without folding.
    let first = |line: &str| line.chars().find(|c| c.is_alphanumeric());
    match (first(a), first(b)) {
        // Lines with no word ("...", "♪♪") are the same only as written.
        (None, _) => return a.trim() == b.trim(),
        (Some(x), Some(y)) if x == y || x.to_lowercase().next() == y.to_lowercase().next() => {}
        _ => return false,
    }
    folded_line(a).eq(folded_line(b))
}

/// The first letter or digit of `line`, in lower case, when it is ASCII
/// and no byte beyond ASCII comes before it: every word of a line that
/// `same_line` compares begins with a letter or a digit, so two lines
/// whose first ones differ are not the same.
fn first_ascii_alphanumeric(line: &str) -> Option<u8> {
    line.bytes()
        .take_while(u8::is_ascii)
        .find(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_lowercase())
}

/// `same_line` of two lines of ASCII, whose white space, letters, digits
/// and lower case are ASCII's: compared a word at a time, no character
/// decoded or lowered through Unicode's tables.
fn same_ascii_line(a: &str, b: &str) -> bool {
    fn words(line: &str) -> impl Iterator<Item = &str> {
        line.split(|c: char| super::fold::is_ascii_space(c as u8))
            .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric()))
            .filter(|w| !w.is_empty())
    }
    let (mut in_a, mut in_b) = (words(a), words(b));
    let Some(first) = in_a.next() else {
        return a.trim() == b.trim();
    };
    let mut pair = (Some(first), in_b.next());
    loop {
        match pair {
            (None, None) => return true,
            (Some(x), Some(y)) if x.eq_ignore_ascii_case(y) => {}
            _ => return false,
        }
        pair = (in_a.next(), in_b.next());
    }
}

/// What `same_line` compares: two lines are the same line when they have
/// the same key (`None` for a blank line, the same as no other).
pub fn line_key(text: &str) -> Option<String> {
    if text.trim().is_empty() {
        return None;
    }
    let folded: String = folded_line(text).collect();
    // Folded words begin with a letter or a digit, never with `=`.
    Some(if folded.is_empty() {
        format!("={}", text.trim())
    } else {
        folded
    })
}

fn folded_line(s: &str) -> impl Iterator<Item = char> + '_ {
    s.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
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
            out.replace_range(l.collapse.clone(), "");
        }
        out
    }

    /// `may_loop` only says no where the search would find nothing: over
    /// every line of the fixtures and the corpora, and made-up loops of
    /// every period at the counts around the thresholds.
    #[test]
    fn a_line_may_loop_wherever_a_loop_is_found() {
        let mut lines = super::super::fixture_and_corpus_lines();
        for k in 1..=MAX_PHRASE_WORDS {
            let phrase: Vec<String> = (0..k).map(|w| format!("mot{w}")).collect();
            let phrase = phrase.join(" ");
            for count in 2..=WORD_CERTAIN + 1 {
                let said = vec![phrase.as_str(); count].join(", ");
                lines.push(format!("Alors {said} et voilà"));
                lines.push(format!("{said} {}", phrase.split(' ').next().unwrap_or("")));
            }
        }
        let (mut found, mut ruled_out) = (0, 0);
        for line in &lines {
            let words = Words::of(line);
            let runs = runs_in(line, &words, true);
            if !may_loop(&words.0) {
                assert!(runs.is_empty(), "{line:?}");
                ruled_out += 1;
            }
            found += usize::from(!runs.is_empty());
        }
        // Both kinds were seen: lines with loops, and lines ruled out.
        assert!(found >= 2 * MAX_PHRASE_WORDS, "{found}");
        assert!(
            ruled_out > lines.len() / 2,
            "{ruled_out} of {}",
            lines.len()
        );
    }

    #[test]
    fn natural_repetitions_are_not_loops() {
        for text in [
            "Bonjour. Bonjour.",
            "oui oui oui",
            "non non non non",
            "Merci, merci beaucoup",
            "very very good",
            "Alors c'est sûr c'est sûr c'est sûr, on y va.",
            "And she said, she said, she said no way.",
            "Non ! Non ! Non ! Arrête.",
            "Il a dit oui oui oui oui oui et il est parti.",
            "Allez allez allez allez allez, plus vite !",
            "la la la, la la la.",
            "no no no no no no no no",
            "non non non non non non non non, jamais",
        ] {
            assert_eq!(phrase_loops(text), [], "{text}");
        }
    }

    #[test]
    fn a_collapse_keeps_the_first_words_and_the_last_punctuation() {
        let text = "We won, we won, we won, we won, we won! Let's go.";
        let loops = phrase_loops(text);
        assert_eq!((loops[0].words, loops[0].count), (2, 5));
        assert!(loops[0].is_certain());
        assert_eq!(collapsed(text), "We won! Let's go.");
        assert_eq!(
            collapsed("Prends le micro. Le micro. Le micro. Le micro. Le micro rouge."),
            "Prends le micro rouge."
        );
    }

    #[test]
    fn word_loops_are_suggested_then_certain() {
        let nine = phrase_loops(&"non ".repeat(9));
        assert_eq!((nine[0].count, nine[0].is_certain()), (9, false));
        let twelve = phrase_loops(&"très ".repeat(12));
        assert_eq!((twelve[0].count, twelve[0].is_certain()), (12, true));
        assert_eq!(collapsed(&"très ".repeat(30)), "très ");
    }

    #[test]
    fn french_spacing_does_not_change_what_counts() {
        let spaced = phrase_loops("Non ! Non ! Non ! Non ! Non ! Non ! Non ! Non ! Non ! Arrête.");
        let tight = phrase_loops("Non! Non! Non! Non! Non! Non! Non! Non! Non! Arrête.");
        assert_eq!(spaced.len(), 1);
        assert_eq!(
            (spaced[0].words, spaced[0].count),
            (tight[0].words, tight[0].count)
        );
    }

    /// `may_loop` as it was written first: every pair walked, for each
    /// `k` up to half the words.
    fn may_loop_walking_every_pair(words: &[Word]) -> bool {
        let n = words.len();
        (1..=MAX_PHRASE_WORDS.min(n / 2)).any(|k| {
            let mut run = 0;
            for (word, later) in words.iter().zip(&words[k..]) {
                run = if word.fingerprint == later.fingerprint {
                    run + 1
                } else {
                    0
                };
                if run >= repeats_needed(k) {
                    return true;
                }
            }
            false
        })
    }

    /// Texts of a few words drawn from a small vocabulary, with phrases
    /// repeated in them, so that runs of every length come up: the pairs
    /// looked at first find every run the walk found, and no other.
    #[test]
    fn looking_at_every_needed_pair_finds_what_the_walk_found() {
        let vocabulary = ["non", "oui", "c'est", "vrai", "on", "y", "va", "!"];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |below: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % below as u64) as usize
        };
        let (mut loops, mut tried) = (0, 0);
        for _ in 0..20_000 {
            let mut text: Vec<&str> = Vec::new();
            let length = next(40);
            while text.len() < length {
                if next(3) == 0 {
                    let phrase: Vec<&str> = (0..1 + next(4)).map(|_| vocabulary[next(3)]).collect();
                    for _ in 0..2 + next(10) {
                        text.extend(&phrase);
                    }
                } else {
                    text.push(vocabulary[next(vocabulary.len())]);
                }
            }
            let text = text.join(" ");
            let words = Words::of(&text);
            let expected = may_loop_walking_every_pair(&words.0);
            assert_eq!(may_loop(&words.0), expected, "{text:?}");
            loops += usize::from(expected);
            tried += 1;
        }
        // Both answers came up often.
        assert!(
            loops > tried / 10 && loops < tried * 9 / 10,
            "{loops} of {tried}"
        );
    }

    #[test]
    fn a_text_made_of_one_phrase_repeated() {
        let text = "Merci d'avoir regardé ! Merci d'avoir regardé ! Merci d'avoir regardé !";
        assert_eq!(repeated_whole(text), Some((0..24, 3, 3)));
        assert_eq!(repeated_whole("oui oui oui"), Some((0..3, 1, 3)));
        assert_eq!(repeated_whole("oui oui non"), None);
        // Asked for three copies or more, the shortest phrase still: six
        // "oui" are "oui" six times, not "oui oui" three times.
        let least = |text: &str, count| repeated_whole_in(text, &Words::of(text), count);
        assert_eq!(least("c'est vrai c'est vrai", 3), None);
        assert_eq!(least("c'est vrai c'est vrai", 2), Some((0..10, 2, 2)));
        assert_eq!(least("oui oui oui oui oui oui", 3), Some((0..3, 1, 6)));
        assert_eq!(least("Non ! Non ! Non !", 3), Some((0..5, 1, 3)));
        assert_eq!(least("! Non ! Non ! Non", 3), None);
    }

    #[test]
    fn a_long_credit_stub_loop_is_one_loop() {
        let line = format!("{}Sous-titres", "Sous-titres par ".repeat(35));
        let loops = phrase_loops(&line);
        assert_eq!(loops.len(), 1);
        assert_eq!(
            (loops[0].count, loops[0].first.clone(), loops[0].end),
            (35, 0..15, line.len())
        );
    }

    #[test]
    fn lines_are_the_same_in_any_case_and_punctuation() {
        assert!(same_line("Merci.", "merci !"));
        assert!(same_line("Been  drinking.", "been drinking"));
        assert!(!same_line("Merci.", "Merci beaucoup."));
        assert!(!same_line("", ""));
    }

    #[test]
    fn lines_compare_as_when_every_word_was_folded() {
        // What `same_line` did for every line before its ASCII path.
        let decoded = |a: &str, b: &str| {
            if a.trim().is_empty() {
                return false;
            }
            if folded_line(a).next().is_none() {
                return a.trim() == b.trim();
            }
            folded_line(a).eq(folded_line(b))
        };
        let mut lines: Vec<String> = [
            "Merci.",
            "merci",
            "MERCI !",
            "merci\u{b}!",
            "merci\u{c}",
            "Merci beaucoup.",
            "...",
            " ... ",
            "",
            "  ",
            "\u{b}",
            "Been  drinking.",
            "been\tdrinking",
            "been-drinking",
            "been_drinking",
            "been\u{b}drinking",
            "(been) [drinking]",
            "Non ! Non ! Non !",
            "non non non",
            "x\u{1}y",
            "x y",
            "\u{1c}",
            "a\u{1c}b",
            "a b",
        ]
        .map(str::to_string)
        .to_vec();
        let fixture = std::fs::read_to_string("fixtures/mci-2025-02-07.txt").unwrap();
        lines.extend(
            [
                "İx",
                "i\u{307}x",
                "Éric !",
                "éric",
                "ÉRIC",
                "♪♪ oui",
                "Oui",
                "« Oui »",
                "oui…",
                "ça",
                "Ça va",
                "ça va",
                "Straße",
                "strasse",
                "…",
                "« … »",
            ]
            .map(str::to_string),
        );
        lines.extend(fixture.lines().take(300).map(str::to_string));
        for a in &lines {
            for b in &lines {
                assert_eq!(same_line(a, b), decoded(a, b), "{a:?} / {b:?}");
            }
        }
        for pair in fixture.lines().collect::<Vec<_>>().windows(2) {
            let upper = pair[1].to_ascii_uppercase();
            assert_eq!(same_line(pair[0], &upper), decoded(pair[0], &upper));
            assert!(
                same_line(&upper, &pair[1].replace(' ', "  "))
                    || !pair[1].is_ascii()
                    || pair[1].trim().is_empty()
            );
        }
    }

    #[test]
    fn keys_are_equal_exactly_when_lines_are_the_same() {
        let lines = [
            "Merci.",
            "merci",
            "MERCI !",
            "Merci beaucoup.",
            "...",
            " ... ",
            "♪♪",
            "",
            "  ",
            "Been  drinking.",
            "been drinking",
        ];
        for a in lines {
            for b in lines {
                let keys_match = line_key(a).is_some() && line_key(a) == line_key(b);
                assert_eq!(keys_match, same_line(a, b), "{a:?} / {b:?}");
            }
        }
    }
}
