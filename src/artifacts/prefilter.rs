//! Which artifact entries could match a text, found without running any
//! of their regexes. Each entry's pattern is read (not compiled) for the
//! literals every match of it must contain ("musique" in `[\[(]?\s*musique
//! \s*[\])]?`); one Aho-Corasick automaton over all of them, searched
//! ignoring ASCII case, names the entries worth a regex. Most lines of a
//! transcript contain none, so most never reach a regex, and a regex is
//! compiled only the first time its entry is a candidate: start-up no
//! longer pays for compiling every list (about 80 ms) before reading a byte.
//! The built-in patterns are not even read at start: their literals are
//! read when the lists change (literals.rs).

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind, Span, packed};
use regex_syntax::hir::{Class, Hir, HirKind};
use std::ops::ControlFlow;

/// Strings one of which occurs in every match of a pattern.
pub(crate) type Needles = Vec<Vec<u8>>;

/// Shortest needle worth searching for: shorter ones ("a", "de") are in
/// almost every line and would make every entry a candidate.
const MIN_NEEDLE: usize = 2;
/// Most strings a set may grow to when pieces are joined.
const MAX_SET: usize = 64;
/// Most characters a class may hold and still be spelled out.
const MAX_CLASS: u32 = 4;

/// How much text a prefilter will search, which chooses its automaton.
/// A DFA searches fastest; a contiguous NFA builds in a fraction of the
/// time. Both prefilters of the built-in lists took 2.4 ms more CPU to
/// build as DFAs, about a quarter of a run on a short file, and cleaning
/// 100 MB with NFAs took 0.44 s more (BENCHMARKS.md, "Fifty-first
/// round"): the DFA pays for itself past half a megabyte or so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reading {
    /// Less than `SHORT_READING_BYTES`.
    Short,
    /// More, or not known (standard input, a library call).
    #[default]
    Long,
}

/// Below this many bytes of input, prefilters are NFAs.
pub const SHORT_READING_BYTES: u64 = 512 * 1024;

impl Reading {
    /// The reading of `bytes` of input in all; 0 when not known.
    pub fn of_input(bytes: u64) -> Reading {
        if (1..SHORT_READING_BYTES).contains(&bytes) {
            Reading::Short
        } else {
            Reading::Long
        }
    }
}

/// What the prefilters need of one pattern, read from its syntax: the
/// strings one of which every match holds (`needles_of`), the prefixes
/// every match opens with (`prefixes_of`), and a bound on a match's
/// length. None where a pattern has none (or cannot be read). The
/// built-in lists' are read when the lists change, not at every start
/// (src/artifacts/literals.rs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Literals {
    pub needles: Option<Needles>,
    pub prefixes: Option<Vec<Vec<u8>>>,
    pub longest: Option<usize>,
}

impl Literals {
    /// Reads a pattern as written in the lists (folded).
    pub fn of(pattern: &str) -> Literals {
        let Some(hir) = read(pattern) else {
            return Literals::default();
        };
        Literals {
            needles: needles_of(&hir),
            prefixes: prefixes_of(&hir),
            longest: longest_match_of(&hir),
        }
    }
}

/// The candidates of a set of artifact patterns.
#[derive(Debug, Clone)]
pub(crate) struct Prefilter {
    automaton: Option<AhoCorasick>,
    /// The entry of each needle, by needle id.
    owner: Vec<usize>,
    /// Entries with no needle: candidates for every text.
    always_candidates: Vec<usize>,
    entries: usize,
    /// Teddy searchers for the needles in ASCII lower case
    /// (`presence_of`), for `may_match_each`: they read a window's texts
    /// many bytes a step, where the automaton reads a byte a step (16
    /// instructions a byte, an eighth of the artifact pass). None when the
    /// needles are too many for Teddy, or the processor lacks its
    /// instructions.
    presence: Option<Vec<packed::Searcher>>,
}

impl Prefilter {
    /// The patterns' literals, by entry index, for a `reading` of that
    /// length.
    pub fn new(patterns: &[Literals], reading: Reading) -> Prefilter {
        let mut needles: Vec<Vec<u8>> = Vec::new();
        let mut owner = Vec::new();
        let mut always_candidates = Vec::new();
        let mut entries = 0;
        for (index, pattern) in patterns.iter().enumerate() {
            entries += 1;
            match &pattern.needles {
                Some(found) => {
                    owner.extend(std::iter::repeat_n(index, found.len()));
                    needles.extend(found.iter().cloned());
                }
                None => always_candidates.push(index),
            }
        }
        // Overlapping search: every needle present must be seen, not only
        // the leftmost of each overlap.
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(match reading {
                Reading::Short => AhoCorasickKind::ContiguousNFA,
                Reading::Long => AhoCorasickKind::DFA,
            }))
            .build(&needles)
            .ok();
        if automaton.is_none() {
            always_candidates = (0..entries).collect();
        }
        let presence = automaton.as_ref().and_then(|_| presence_of(&needles));
        Prefilter {
            automaton,
            owner,
            always_candidates,
            entries,
            presence,
        }
    }

    /// For each text (None for one not asked about), whether `candidates`
    /// may name any entry for its folded form, which `fold_onto` writes
    /// at the end of a string when folding changes the text (else it
    /// says false): false only where it names none. The folded
    /// texts are written one after another into one buffer, each in ASCII
    /// lower case and followed by a line feed, and searched together by
    /// Teddy, up to `SEARCHED_BYTES` at a time. A text is asked alone the
    /// way `candidates` asks it when Teddy cannot take the needles, and
    /// when it is longer than that.
    // Once a window: out of line, so that profiles name it
    // (bench/passes.py).
    #[inline(never)]
    pub fn may_match_each<'t>(
        &self,
        texts: impl Iterator<Item = Option<&'t str>>,
        fold_onto: impl Fn(&str, &mut String) -> bool,
    ) -> Vec<bool> {
        let every_text = !self.always_candidates.is_empty();
        let asked_alone = |folded: &str| {
            has_case_twin(folded) || self.automaton.as_ref().is_some_and(|a| a.is_match(folded))
        };
        let mut may = Vec::new();
        SEARCHED.with_borrow_mut(|searched| {
            searched.clear();
            for (k, original) in texts.enumerate() {
                let Some(original) = original else {
                    may.push(true);
                    continue;
                };
                if every_text {
                    may.push(true);
                    continue;
                }
                if original.len() > SEARCHED_BYTES {
                    // Folded apart, if at all: in the buffer, its room
                    // would stay with the thread.
                    let mut folded = String::new();
                    let changed = fold_onto(original, &mut folded);
                    may.push(asked_alone(if changed { &folded } else { original }));
                    continue;
                }
                let start = searched.text.len();
                if !fold_onto(original, &mut searched.text) {
                    searched.text.push_str(original);
                }
                let folded = &searched.text[start..];
                let Some(searchers) = &self.presence else {
                    may.push(asked_alone(folded));
                    searched.text.truncate(start);
                    continue;
                };
                if has_case_twin(folded) {
                    may.push(true);
                    searched.text.truncate(start);
                    continue;
                }
                may.push(false);
                searched.close(start, k);
                if searched.text.len() >= SEARCHED_BYTES {
                    searched.mark_found(searchers, &mut may);
                    searched.clear();
                }
            }
            if let Some(searchers) = &self.presence {
                searched.mark_found(searchers, &mut may);
            }
        });
        may
    }

    /// The entries that may match `text` (the folded text, any case), in
    /// entry order, each once.
    pub fn candidates(&self, text: &str) -> Vec<usize> {
        if has_case_twin(text) {
            return (0..self.entries).collect();
        }
        let mut found = self.always_candidates.clone();
        if let Some(automaton) = &self.automaton
            // Most texts hold no needle: asked first, without the cost of
            // an overlapping search.
            && automaton.is_match(text.as_bytes())
        {
            found.extend(
                automaton
                    .find_overlapping_iter(text.as_bytes())
                    .map(|m| self.owner[m.pattern().as_usize()]),
            );
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// Bytes of texts `may_match_each` searches at a time; a longer text is
/// searched alone.
const SEARCHED_BYTES: usize = 256 * 1024;

thread_local! {
    /// The texts `may_match_each` searches, kept from one window to the
    /// next on each thread: a buffer made for each window was new memory
    /// each time, whose page faults and zeroing cost more CPU than the
    /// search saved.
    static SEARCHED: std::cell::RefCell<Searched> = const {
        std::cell::RefCell::new(Searched { text: String::new(), starts: Vec::new() })
    };
}

/// Folded texts in ASCII lower case, each followed by a line feed.
struct Searched {
    text: String,
    /// Each text's start in `text`, and its index among those asked.
    starts: Vec<(usize, usize)>,
}

impl Searched {
    fn clear(&mut self) {
        self.text.clear();
        self.starts.clear();
    }

    /// Ends the text written from `start`, the `index`th asked.
    fn close(&mut self, start: usize, index: usize) {
        self.starts.push((start, index));
        // In place, where the compiler reads many bytes a step: as a copy
        // a byte at a time it cost half again Teddy's search.
        self.text[start..].make_ascii_lowercase();
        self.text.push('\n');
    }

    /// Sets `may` of each text one of `searchers` finds a needle in. Each
    /// search starts at the first text not yet known to hold one, and a
    /// leftmost match starts in a text that holds a needle, or on the
    /// line feed after one, which only asks that text more than needed.
    fn mark_found(&self, searchers: &[packed::Searcher], may: &mut [bool]) {
        for searcher in searchers {
            let mut from = 0;
            let span = |from: usize| Span::from(from..self.text.len());
            while let Some(found) = searcher.find_in(self.text.as_bytes(), span(from)) {
                // The last text starting at or before the match: `starts`
                // begins at 0, where `from` does.
                let text = self
                    .starts
                    .partition_point(|&(start, _)| start <= found.start())
                    - 1;
                may[self.starts[text].1] = true;
                match self.starts.get(text + 1) {
                    Some(&(next, _)) => from = next,
                    None => break,
                }
            }
        }
    }
}

/// Teddy searchers that together find `needles` in ASCII lower case,
/// when Teddy takes them: the needles of 2, of 3, and of 4 or more bytes
/// apart, at most 64 in each after duplicates are dropped, on a processor
/// with SSSE3 or NEON. Teddy tells candidates by as many first bytes as
/// its shortest needle has, up to 4: the two 2-byte needles of the
/// built-in lists ("р" in both cases) among the others made it read
/// 33 instructions a byte, twice the automaton.
fn presence_of(needles: &[Vec<u8>]) -> Option<Vec<packed::Searcher>> {
    let mut lower: Vec<Vec<u8>> = needles.iter().map(|n| n.to_ascii_lowercase()).collect();
    lower.sort_unstable();
    lower.dedup();
    // None is made shorter (`searchable`); one that were would be asked
    // the automaton's way.
    if lower.iter().any(|n| n.len() < MIN_NEEDLE) {
        return None;
    }
    let mut searchers = Vec::new();
    for lengths in [MIN_NEEDLE..3, 3..4, 4..usize::MAX] {
        let group: Vec<&Vec<u8>> = lower
            .iter()
            .filter(|n| lengths.contains(&n.len()))
            .collect();
        if group.is_empty() {
            continue;
        }
        // Leftmost: the match found starts where the first needle does.
        let mut builder = packed::Config::new()
            .match_kind(packed::MatchKind::LeftmostFirst)
            .builder();
        builder.extend(group);
        searchers.push(builder.build()?);
    }
    // No needle at all is asked the automaton's way.
    (!searchers.is_empty()).then_some(searchers)
}

/// Which entries could match a whole text, from how it begins: a whole
/// match starts, after a few opening marks, with one of the entry's
/// prefixes ("merci ", "sous-t", "[music", "a bien", where a space is any
/// run of white space), so one look at the first bytes rules out almost
/// every line, where searching it for needles costs a scan.
#[derive(Debug, Clone)]
pub(crate) struct Openings {
    /// (prefix in lower case, entry) by the prefix's first byte; in each
    /// bucket first those worth comparing whatever byte comes second (of
    /// one byte, or a space second), up to `any_second_until`, then the
    /// others in the order of their second byte, so a text is compared
    /// only with the prefixes its second byte may begin.
    by_first_byte: Vec<Vec<(Vec<u8>, usize)>>,
    any_second_until: Vec<usize>,
    /// By first byte, the second bytes (in lower case) of a text a prefix
    /// of that bucket is worth comparing with (`worth_comparing`), one bit
    /// each: most lines begin like no prefix, and are told so without
    /// walking the bucket.
    worth_after: Vec<ByteSet>,
    /// Entries whose prefixes are unknown: candidates for every text.
    always_candidates: Vec<usize>,
    /// By the low five bits of a text's first three bytes (`trigram`),
    /// one bit each: whether a prefix may open a text with no white space
    /// but lone spaces there (`opens_none_plain`). Five bits tell letters
    /// apart in either case; other bytes share a bit, which only makes it
    /// answer "maybe" more often.
    trigrams: Vec<u64>,
    /// The most bytes a match of each entry can span, when bounded.
    longest_match: Vec<Option<usize>>,
}

/// Bits of `Openings::trigrams`.
const TRIGRAMS: usize = 1 << 15;

/// The bit of three bytes in `Openings::trigrams`: the low five bits of
/// each, the same for a letter in either case.
#[inline]
fn trigram(a: u8, b: u8, c: u8) -> usize {
    usize::from(a & 31) << 10 | usize::from(b & 31) << 5 | usize::from(c & 31)
}

/// A set of bytes, one bit each.
#[derive(Debug, Clone, Copy, Default)]
struct ByteSet([u64; 4]);

impl ByteSet {
    fn every() -> ByteSet {
        ByteSet([u64::MAX; 4])
    }

    fn insert(&mut self, byte: u8) {
        self.0[usize::from(byte / 64)] |= 1 << (byte % 64);
    }

    fn contains(&self, byte: u8) -> bool {
        self.0[usize::from(byte / 64)] & (1 << (byte % 64)) != 0
    }
}

/// Prefix bytes compared, a run of white space counting as one: enough
/// to tell most entries apart, and to tell "à bientôt" from the many
/// lines that begin with an "a".
const PREFIX_BYTES: usize = 6;

impl Openings {
    pub fn new(patterns: &[Literals]) -> Openings {
        let mut by_first_byte = vec![Vec::new(); 256];
        let mut always_candidates = Vec::new();
        let mut longest_match = Vec::new();
        for (index, pattern) in patterns.iter().enumerate() {
            longest_match.push(pattern.longest);
            match &pattern.prefixes {
                Some(prefixes) => {
                    for prefix in prefixes {
                        by_first_byte[usize::from(prefix[0])].push((prefix.clone(), index));
                    }
                }
                None => always_candidates.push(index),
            }
        }
        let any_second = |prefix: &[u8]| matches!(prefix.get(1), None | Some(&b' '));
        let any_second_until = by_first_byte
            .iter_mut()
            .map(|bucket| {
                bucket.sort_by(|a, b| (!any_second(&a.0), a).cmp(&(!any_second(&b.0), b)));
                bucket.dedup();
                bucket.partition_point(|(prefix, _)| any_second(prefix))
            })
            .collect();
        let worth_after = by_first_byte
            .iter()
            .map(|bucket| {
                let mut seconds = ByteSet::default();
                for (prefix, _) in bucket {
                    match prefix.get(1) {
                        // Worth comparing whatever follows.
                        None | Some(&b' ') => seconds = ByteSet::every(),
                        Some(&second) => seconds.insert(second),
                    }
                }
                seconds
            })
            .collect();
        let mut trigrams = vec![0u64; TRIGRAMS / 64];
        // Every value of a byte's low five bits.
        let every: [u8; 32] = std::array::from_fn(|i| i as u8);
        for (prefix, _) in by_first_byte.iter().flatten() {
            // A byte past the prefix's end stands for any.
            let at = |i: usize| prefix.get(i).map_or(&every[..], std::slice::from_ref);
            for &a in at(0) {
                for &b in at(1) {
                    for &c in at(2) {
                        let bit = trigram(a, b, c);
                        trigrams[bit / 64] |= 1 << (bit % 64);
                    }
                }
            }
        }
        Openings {
            by_first_byte,
            any_second_until,
            trigrams,
            worth_after,
            always_candidates,
            longest_match,
        }
    }

    /// Whether no entry opens a text that begins with `plain`: printable
    /// ASCII and lone spaces between such bytes, at least three bytes, no
    /// opening mark. A space of a prefix stands for a run of white space,
    /// which is one space in such a text, so its first three bytes are
    /// compared as they are; false answers "maybe".
    pub fn opens_none_plain(&self, plain: &[u8]) -> bool {
        let [a, b, c, ..] = *plain else {
            return false;
        };
        let bit = trigram(a, b, c);
        self.always_candidates.is_empty() && self.trigrams[bit / 64] & (1 << (bit % 64)) == 0
    }

    /// The most bytes a match of entry `index` can span in any case, when
    /// that is bounded: a text longer than that is not the entry whole.
    pub fn longest_match(&self, index: usize) -> Option<usize> {
        self.longest_match.get(index).copied().flatten()
    }

    /// The entries that could match the whole of `text` (trimmed), given
    /// that a whole match may open with `opening` bytes of marks before
    /// the entry's own match begins; sorted, each once.
    pub fn candidates(&self, text: &str, opening: usize) -> Vec<usize> {
        let mut found = self.always_candidates.clone();
        let _ = self.each_opened_by(text, opening, true, |entry| {
            found.push(entry);
            ControlFlow::Continue(())
        });
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Whether [`candidates`](Self::candidates) would name any entry that
    /// can span `core` bytes: what most lines are asked, answered at the
    /// first one found. `text` may be the head of a longer one (`ends`
    /// false): a prefix that reads on past its end may be there, and
    /// `core` is then the least the whole text's core can be.
    pub fn any_candidate(&self, text: &str, opening: usize, ends: bool, core: usize) -> bool {
        let fits = |entry: usize| self.longest_match(entry).is_none_or(|n| core <= n);
        self.always_candidates.iter().any(|&entry| fits(entry))
            || self
                .each_opened_by(text, opening, ends, |entry| match fits(entry) {
                    true => ControlFlow::Break(()),
                    false => ControlFlow::Continue(()),
                })
                .is_break()
    }

    /// Checks `worth_after`, and the prefixes the bucket walk compares,
    /// against `worth_comparing` for every first and second byte, and
    /// returns how many pairs are worth comparing.
    #[cfg(test)]
    pub(crate) fn check_worth_after(&self) -> usize {
        let mut worth = 0;
        for (row, bucket) in self.by_first_byte.iter().enumerate() {
            for second in 0..=255u8 {
                let walked = bucket
                    .iter()
                    .any(|(prefix, _)| worth_comparing(prefix, Some(second)));
                let read = self.worth_after[row].contains(second.to_ascii_lowercase());
                assert_eq!(read, walked, "first byte {row:#x}, second {second:#x}");
                // The run of the bucket compared is the prefixes worth it.
                let expected: Vec<_> = bucket
                    .iter()
                    .filter(|(prefix, _)| worth_comparing(prefix, Some(second)))
                    .collect();
                let compared: Vec<_> = self.worth_comparing(row, Some(second)).collect();
                assert_eq!(
                    compared, expected,
                    "first byte {row:#x}, second {second:#x}"
                );
                worth += usize::from(walked);
            }
        }
        worth
    }

    /// The prefixes of bucket `row` worth comparing with a text whose
    /// second byte is `second` (`worth_comparing`): those
    /// that take any second byte, then those with this one.
    fn worth_comparing(
        &self,
        row: usize,
        second: Option<u8>,
    ) -> impl Iterator<Item = &(Vec<u8>, usize)> {
        let bucket = &self.by_first_byte[row];
        let (any, seconds) = match second {
            None => (&bucket[..], &bucket[..0]),
            Some(second) => {
                let second = second.to_ascii_lowercase();
                let (any, rest) = bucket.split_at(self.any_second_until[row]);
                let from = rest.partition_point(|(prefix, _)| prefix[1] < second);
                let to = from + rest[from..].partition_point(|(prefix, _)| prefix[1] == second);
                (any, &rest[from..to])
            }
        };
        any.iter().chain(seconds)
    }

    /// Gives `each` the entries with a prefix `text` begins with after at
    /// most `opening` bytes, in no order, some more than once (every entry
    /// with a prefix, for a text with a case twin), until it breaks; a
    /// text that does not end where it stops begins with any prefix that
    /// reads on past it.
    fn each_opened_by(
        &self,
        text: &str,
        opening: usize,
        ends: bool,
        mut each: impl FnMut(usize) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        if has_case_twin(text) {
            for &(_, entry) in self.by_first_byte.iter().flatten() {
                each(entry)?;
            }
            return ControlFlow::Continue(());
        }
        let bytes = text.as_bytes();
        // Every prefix has a first byte: an empty text (a line folding
        // leaves nothing of, such as a lone variation selector) opens none.
        for at in 0..=opening.min(bytes.len().saturating_sub(1)) {
            if !text.is_char_boundary(at) {
                continue;
            }
            let Some(&first) = bytes.get(at) else {
                break;
            };
            let second = bytes.get(at + 1).copied();
            let row = usize::from(first.to_ascii_lowercase());
            if let Some(second) = second.map(|b| b.to_ascii_lowercase())
                && !self.worth_after[row].contains(second)
            {
                continue;
            }
            for (prefix, entry) in self.worth_comparing(row, second) {
                if opens_with(&text[at..], prefix, ends) {
                    each(*entry)?;
                }
            }
        }
        ControlFlow::Continue(())
    }
}

/// A pattern of the lists as read, not compiled, once for both filters;
/// None if it cannot be read. Read case-sensitively: the searches ignore
/// ASCII case themselves, and case-folding every class here would cost what
/// compiling does.
fn read(pattern: &str) -> Option<Hir> {
    regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()
}

/// Whether a prefix is worth comparing with a text whose second byte is
/// `second`: a prefix of one byte is, and one whose second byte is a
/// space (the text's may begin a run of white space of any kind) or is
/// the text's in lower case; any is when the text has one byte. The rule
/// `worth_after` and each bucket's order encode; a test checks both.
#[cfg(test)]
fn worth_comparing(prefix: &[u8], second: Option<u8>) -> bool {
    match (prefix.get(1), second) {
        (Some(&b' '), _) | (None, _) | (_, None) => true,
        (Some(&p), Some(t)) => p == t.to_ascii_lowercase(),
    }
}

/// Whether `text` begins with `prefix` in any ASCII case, where each
/// space of the prefix stands for a run of white space (`spaces_as_one`).
/// A text that does not end where it stops (`ends` false) may hold the
/// rest of the prefix after it.
fn opens_with(text: &str, prefix: &[u8], ends: bool) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    for &expected in prefix {
        if at == bytes.len() {
            return !ends;
        }
        if expected == b' ' {
            // A prefix is whole characters, matched byte for byte (ASCII
            // letters in either case): `at` is a character's start.
            let run = text.get(at..).map_or(0, |rest| {
                rest.len() - rest.trim_start_matches(char::is_whitespace).len()
            });
            if run == 0 {
                return false;
            }
            at += run;
        } else if bytes
            .get(at)
            .is_some_and(|b| b.eq_ignore_ascii_case(&expected))
        {
            at += 1;
        } else {
            return false;
        }
    }
    true
}

/// The lower-cased prefixes every match of a pattern starts with, or None
/// when they are unknown (a class too large, an empty match, a letter
/// whose case an ASCII comparison would miss). A space in a prefix is a
/// run of white space in the text (`opens_with`).
fn prefixes_of(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let mut extractor = Extractor::new();
    extractor
        .kind(ExtractKind::Prefix)
        .limit_literal_len(PREFIX_BYTES)
        .limit_class(64)
        .limit_total(10_000);
    let seq = extractor.extract(&spaces_as_one(hir));
    let mut prefixes = Vec::new();
    for literal in seq.literals()? {
        // Cut at `PREFIX_BYTES`, the last character may be cut in two.
        let bytes = literal.as_bytes();
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).ok()?,
        };
        // A run of spaces from pieces side by side (`\s+\s*`) is one run;
        // a match opening on one is found where its next word begins,
        // which is at most `opening` bytes in too (`each_opened_by`).
        let collapsed = one_space_per_run(text);
        let text = collapsed.trim_start_matches(' ');
        // The leading characters an ASCII-case comparison can judge.
        let safe: String = text
            .chars()
            .take_while(|&c| c.is_ascii() || is_caseless(c))
            .collect();
        if safe.is_empty() {
            // A cased letter ("С"): each of its cases is a prefix.
            prefixes.extend(cases_of(text.chars().next()?)?);
            continue;
        }
        prefixes.push(safe.to_ascii_lowercase().into_bytes());
    }
    (!prefixes.is_empty()).then_some(prefixes)
}

/// `hir` with its white space written as one space, so that its prefixes
/// read on past it: a class of white space only, any white space in a
/// literal, and a repetition of them that must occur (`\s+`, `\s`) become
/// " ", one that may not (`\s*`) an optional " ". Spelled out as a class,
/// `\s` made 25 prefixes of one letter and a character cut in two ("à
/// bientôt" opened every line beginning with an "a").
fn spaces_as_one(hir: &Hir) -> Hir {
    let space = || Hir::literal(*b" ");
    match hir.kind() {
        HirKind::Literal(literal) => match std::str::from_utf8(&literal.0) {
            Ok(text) if text.contains(char::is_whitespace) => {
                Hir::literal(one_space_per_run(text).into_bytes())
            }
            _ => hir.clone(),
        },
        HirKind::Class(Class::Unicode(class))
            if !class.ranges().is_empty()
                && class
                    .ranges()
                    .iter()
                    .all(|r| (r.start()..=r.end()).all(char::is_whitespace)) =>
        {
            space()
        }
        HirKind::Repetition(repetition) => {
            let sub = spaces_as_one(&repetition.sub);
            match sub.kind() {
                HirKind::Literal(l) if *l.0 == *b" " => match repetition.min {
                    0 => Hir::repetition(regex_syntax::hir::Repetition {
                        min: 0,
                        max: Some(1),
                        greedy: repetition.greedy,
                        sub: Box::new(space()),
                    }),
                    _ => space(),
                },
                _ => Hir::repetition(repetition.with(sub)),
            }
        }
        HirKind::Capture(capture) => Hir::capture(regex_syntax::hir::Capture {
            index: capture.index,
            name: capture.name.clone(),
            sub: Box::new(spaces_as_one(&capture.sub)),
        }),
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(spaces_as_one).collect()),
        HirKind::Alternation(branches) => {
            Hir::alternation(branches.iter().map(spaces_as_one).collect())
        }
        HirKind::Empty | HirKind::Class(_) | HirKind::Look(_) => hir.clone(),
    }
}

/// `text` with each run of white space made one space.
fn one_space_per_run(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !c.is_whitespace() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out
}

/// A bound on the bytes a match spans once any letter may be in another
/// case: read case-sensitively, each byte may become at most three (`k`
/// and the Kelvin sign).
fn longest_match_of(hir: &Hir) -> Option<usize> {
    hir.properties().maximum_len().map(|n| n.saturating_mul(3))
}

/// Unicode case folding takes `ſ` for `s` and the Kelvin sign for `k`,
/// which an ASCII-case search would miss: such a text skips the filter.
pub(super) fn has_case_twin(text: &str) -> bool {
    // Found by their first bytes, then checked: no character is decoded.
    // Both are beyond ASCII, and many lines are ASCII only, which a pass
    // a word at a time tells: memchr's set-up costs more than that on a
    // line's few dozen bytes, and this is asked of every line twice.
    let bytes = text.as_bytes();
    !text.is_ascii()
        && memchr::memchr2_iter(LONG_S[0], KELVIN[0], bytes)
            .any(|i| bytes[i..].starts_with(LONG_S) || bytes[i..].starts_with(KELVIN))
}

/// `ſ` and the Kelvin sign in UTF-8.
const LONG_S: &[u8] = "\u{17f}".as_bytes();
const KELVIN: &[u8] = "\u{212a}".as_bytes();

/// The needles of one pattern, or None when it has no usable ones (it
/// cannot be read, or some match holds no needle worth searching).
fn needles_of(hir: &Hir) -> Option<Needles> {
    let mut needles = Needles::new();
    for string in required(hir)? {
        needles.extend(searchable(&string)?);
    }
    // A needle that holds another is found wherever it is ("sous-titrage"
    // and "titrage", from an optional "sous-").
    let holds = |outer: &[u8], inner: &[u8]| {
        outer.len() > inner.len() && outer.windows(inner.len()).any(|w| w == inner)
    };
    let mut kept: Needles = needles
        .iter()
        .filter(|n| !needles.iter().any(|other| holds(n, other)))
        .cloned()
        .collect();
    kept.sort();
    kept.dedup();
    (!kept.is_empty()).then_some(kept)
}

/// What to search for to find a string in any case: its longest run of
/// ASCII (the search ignores ASCII case) and caseless characters ("♪",
/// "字幕"); failing that, every case of its first cased letter, which no
/// ASCII text holds ("субтитры" is found by "с" or "С").
fn searchable(needle: &[u8]) -> Option<Needles> {
    let text = std::str::from_utf8(needle).ok()?;
    let mut best = "";
    let mut run_start = 0;
    for (at, c) in text.char_indices().chain([(text.len(), 'A')]) {
        let safe = at < text.len() && (c.is_ascii() || is_caseless(c));
        if !safe {
            if at - run_start > best.len() {
                best = &text[run_start..at];
            }
            run_start = at + if at < text.len() { c.len_utf8() } else { 0 };
        }
    }
    if best.len() >= MIN_NEEDLE {
        return Some(vec![best.as_bytes().to_vec()]);
    }
    cases_of(text.chars().find(|&c| !c.is_ascii() && !is_caseless(c))?)
}

/// A non-ASCII letter in each of its cases, unless one of them is ASCII
/// (the Kelvin sign, the long s), which would be no sign of anything.
fn cases_of(cased: char) -> Option<Needles> {
    let mut cases: Vec<Vec<u8>> = [cased]
        .into_iter()
        .chain(cased.to_lowercase())
        .chain(cased.to_uppercase())
        .map(|c| c.to_string().into_bytes())
        .collect();
    cases.sort();
    cases.dedup();
    // A letter whose other case is ASCII (the Kelvin sign, the long s) is
    // no sign of a non-ASCII text.
    cases.iter().all(|c| !c.is_ascii()).then_some(cases)
}

/// A character that case folding leaves alone: symbols, CJK, digits.
fn is_caseless(c: char) -> bool {
    c.to_lowercase().eq([c]) && c.to_uppercase().eq([c])
}

/// How well a needle narrows a search: its searchable length.
fn strength(needle: &[u8]) -> usize {
    match searchable(needle) {
        Some(found) => found.iter().map(Vec::len).min().unwrap_or(0),
        None => 0,
    }
}

/// A set of strings one of which every match of `hir` contains.
fn required(hir: &Hir) -> Option<Needles> {
    if let Some(exact) = exact(hir) {
        return Some(exact);
    }
    match hir.kind() {
        HirKind::Capture(c) => required(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => required(&r.sub),
        HirKind::Alternation(branches) => {
            let mut all = Vec::new();
            for branch in branches {
                all.extend(required(branch)?);
            }
            (all.len() <= MAX_SET).then_some(all)
        }
        HirKind::Concat(parts) => {
            // Runs of exactly known parts join into longer strings; the
            // best run, or the best part's own needles, is kept.
            let mut best: Option<Needles> = None;
            let mut run: Option<Needles> = None;
            let consider = |candidate: Needles, best: &mut Option<Needles>| {
                if best.as_ref().is_none_or(|b| better(&candidate, b)) {
                    *best = Some(candidate);
                }
            };
            for part in parts {
                // `a+` is one `a` followed by who knows: the run takes the
                // first copy and ends there ("aa+h" holds "aa").
                if let HirKind::Repetition(r) = part.kind()
                    && r.min >= 1
                    && r.max != Some(r.min)
                    && let Some(one) = exact(&r.sub)
                {
                    let extended = match run.take() {
                        None => Some(one),
                        Some(prefix) => join(&prefix, &one).or(Some(prefix)),
                    };
                    if let Some(r) = extended {
                        consider(r, &mut best);
                    }
                    continue;
                }
                match exact(part) {
                    Some(set) => {
                        run = Some(match run.take() {
                            None => set,
                            Some(prefix) => match join(&prefix, &set) {
                                Some(joined) => joined,
                                None => {
                                    consider(prefix, &mut best);
                                    set
                                }
                            },
                        });
                    }
                    None => {
                        if let Some(r) = run.take() {
                            consider(r, &mut best);
                        }
                        if let Some(own) = required(part) {
                            consider(own, &mut best);
                        }
                    }
                }
            }
            if let Some(r) = run {
                consider(r, &mut best);
            }
            best
        }
        _ => None,
    }
}

/// Whether needles `a` are more selective than `b`: a longer weakest
/// needle, then fewer of them.
fn better(a: &Needles, b: &Needles) -> bool {
    let weakest = |s: &Needles| s.iter().map(|n| strength(n)).min().unwrap_or(0);
    (weakest(a), std::cmp::Reverse(a.len())) > (weakest(b), std::cmp::Reverse(b.len()))
}

/// Every string followed by every other, if there are not too many.
fn join(a: &Needles, b: &Needles) -> Option<Needles> {
    if a.len() * b.len() > MAX_SET {
        return None;
    }
    Some(
        a.iter()
            .flat_map(|x| b.iter().map(move |y| [x.as_slice(), y].concat()))
            .collect(),
    )
}

/// The whole, finite set of strings `hir` matches, if small.
fn exact(hir: &Hir) -> Option<Needles> {
    match hir.kind() {
        HirKind::Empty => Some(vec![Vec::new()]),
        HirKind::Literal(l) => Some(vec![l.0.to_vec()]),
        HirKind::Class(Class::Unicode(c)) => {
            let size: u32 = c.ranges().iter().map(|r| r.len() as u32).sum();
            (size <= MAX_CLASS).then(|| {
                c.iter()
                    .flat_map(|r| r.start()..=r.end())
                    .map(|ch| ch.to_string().into_bytes())
                    .collect()
            })
        }
        HirKind::Class(Class::Bytes(c)) => {
            let size: usize = c.ranges().iter().map(|r| r.len()).sum();
            (size <= MAX_CLASS as usize).then(|| {
                c.iter()
                    .flat_map(|r| r.start()..=r.end())
                    .map(|b| vec![b])
                    .collect()
            })
        }
        HirKind::Capture(c) => exact(&c.sub),
        // `x?`: nothing, or `x`. A run of known parts goes on through it
        // ("titr(?:es?|age)" holds "titre", "titres" or "titrage", rarer
        // in speech than the "sous" before it, a common French word).
        HirKind::Repetition(r) if r.min == 0 && r.max == Some(1) => {
            let mut all = vec![Vec::new()];
            all.extend(exact(&r.sub)?);
            (all.len() <= MAX_SET).then_some(all)
        }
        HirKind::Repetition(r) if r.max == Some(r.min) && r.min <= 4 => {
            let one = exact(&r.sub)?;
            let mut all = vec![Vec::new()];
            for _ in 0..r.min {
                all = join(&all, &one)?;
            }
            Some(all)
        }
        HirKind::Concat(parts) => {
            let mut all = vec![Vec::new()];
            for part in parts {
                all = join(&all, &exact(part)?)?;
            }
            Some(all)
        }
        HirKind::Alternation(branches) => {
            let mut all = Vec::new();
            for branch in branches {
                all.extend(exact(branch)?);
            }
            (all.len() <= MAX_SET).then_some(all)
        }
        // Look-arounds match no text: a needle may follow them directly.
        HirKind::Look(_) => Some(vec![Vec::new()]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_twin_is_found_among_other_characters() {
        let texts = [
            "",
            "plain",
            "Œuvre, cœur, l’été… — «ok»",
            "ſ",
            "\u{212a}elvin",
            "cœur ſ",
            "l’\u{212a}",
            "\u{17e}\u{180}\u{2129}\u{212b}",
            "œ’…\u{212a}",
        ];
        for text in texts {
            let expected = text.contains('\u{17f}') || text.contains('\u{212a}');
            assert_eq!(has_case_twin(text), expected, "{text:?}");
        }
    }

    fn read_all<const N: usize>(patterns: [&str; N]) -> Vec<Literals> {
        patterns.into_iter().map(Literals::of).collect()
    }

    fn needles(pattern: &str) -> Vec<String> {
        let mut n: Vec<String> = read(pattern)
            .as_ref()
            .and_then(needles_of)
            .unwrap_or_default()
            .into_iter()
            .map(|n| String::from_utf8(n).unwrap())
            .collect();
        n.sort();
        n
    }

    #[test]
    fn the_literal_every_match_holds_is_found() {
        assert_eq!(needles(r"[\[(]?\s*musique\s*[\])]?"), ["musique"]);
        assert_eq!(
            needles(r"[\[(]?\s*(?:applaudissements|rires)\s*[\])]?"),
            ["applaudissements", "rires"]
        );
        // A small class is spelled out and joined to its neighbours.
        assert_eq!(needles(r"m[ua]sica"), ["masica", "musica"]);
        // An optional part is no needle; the longest required run is kept.
        assert_eq!(needles(r"(?:sous-)?titrage\s+st"), ["titrage"]);
        // A run goes on through an optional part ("Sous" alone is a
        // common French word).
        assert_eq!(
            needles(r"(?-i:S)ous[- ]?titr(?:es?|age)\s+par"),
            [
                "Sous titrage",
                "Sous titre",
                "Sous-titrage",
                "Sous-titre",
                "Soustitrage",
                "Soustitre"
            ]
        );
    }

    #[test]
    fn patterns_without_a_needle_are_always_candidates() {
        assert_eq!(needles(r"\p{Lu}+"), Vec::<String>::new());
        assert_eq!(needles(r"(?:a|bc)"), Vec::<String>::new());
        for reading in [Reading::Short, Reading::Long] {
            let p = Prefilter::new(&read_all([r"\p{Lu}\w+", "musique"]), reading);
            assert_eq!(p.candidates("rien"), [0]);
        }
    }

    #[test]
    fn candidates_are_found_in_any_ascii_case_and_only_then() {
        // The same with either automaton.
        for reading in [Reading::Short, Reading::Long] {
            let patterns = ["musique", r"rires|applaudissements", "(?-i:S)ous"];
            let p = Prefilter::new(&read_all(patterns), reading);
            assert_eq!(p.candidates("[MUSIQUE] et des Rires"), [0, 1]);
            assert_eq!(p.candidates("sous la table"), [2]);
            assert!(p.candidates("une phrase ordinaire").is_empty());
            // Unicode case folding: the long s is an s to the regex.
            assert_eq!(p.candidates("ſous"), [0, 1, 2]);
            assert_eq!(p.candidates("\u{212a}o, ſ"), [0, 1, 2]);
            assert!(p.candidates("une phrase accentuée").is_empty());
        }
    }

    /// `may_match_each` against `candidates` of each folded text: the
    /// same answer for every text, whether Teddy takes the needles or
    /// not, with needles at either end of a text, split over two, in any
    /// ASCII case, found only once folded, past a flush of the buffer, and
    /// in a text too long to copy.
    #[test]
    fn texts_asked_together_are_answered_as_each_alone() {
        use crate::artifacts::fold::{fold_changes_onto, fold_text};
        let mut texts: Vec<String> = vec![
            "Sous-titres réalisés par la communauté".into(),
            "une phrase ordinaire".into(),
            "elle finit par sous".into(),
            "titres et la suite".into(),
            "MUSIQUE".into(),
            "rires".into(),
            "".into(),
            "ſous".into(),
            "aplaus au milieu: applaudissements".into(),
            "la Communauté".into(),
            "la commune autement".into(),
        ];
        // Enough ordinary text to flush the buffer twice, a needle in
        // every seventh text, so in texts on both sides of each flush.
        let filler = "une phrase ordinaire qui ne dit rien de plus, ".repeat(4);
        let fillers = 3 * SEARCHED_BYTES / filler.len();
        for k in 0..fillers {
            let mut text = filler.clone();
            if k % 7 == 0 {
                text.push_str("et des Rires");
            }
            texts.push(text);
        }
        texts.push(format!("{}rires", "x".repeat(SEARCHED_BYTES)));
        texts.push("x".repeat(SEARCHED_BYTES + 1));
        texts.push("musique à la fin".into());
        let patterns = [
            "musique",
            r"rires|applaudissements",
            "(?-i:S)ous",
            "communaute",
        ];
        // Too many needles for Teddy: each text asked alone.
        let many: Vec<String> = (0..70).map(|k| format!("mot{k:02}x")).collect();
        let mut too_many: Vec<&str> = patterns.to_vec();
        too_many.extend(many.iter().map(String::as_str));
        let together = Prefilter::new(&read_all(patterns), Reading::Long);
        assert!(together.presence.is_some());
        let alone = Prefilter::new(
            &too_many.iter().map(|p| Literals::of(p)).collect::<Vec<_>>(),
            Reading::Long,
        );
        assert!(alone.presence.is_none());
        for p in [&together, &alone] {
            // One text in three not asked about, which is answered true.
            let asked = |k: usize| k % 3 != 2;
            let asked_texts = texts.iter().enumerate();
            let may = p.may_match_each(
                asked_texts.map(|(k, t)| asked(k).then_some(t.as_str())),
                fold_changes_onto,
            );
            assert_eq!(may.len(), texts.len());
            for (k, text) in texts.iter().enumerate() {
                let expected = !asked(k) || !p.candidates(&fold_text(text)).is_empty();
                assert_eq!(
                    may[k],
                    expected,
                    "text {k}: {:?}",
                    &text[..text.len().min(60)]
                );
            }
        }
        // The needles were found where they were put: not a test that
        // passes because nothing is found.
        let all_texts = texts.iter().map(|t| Some(t.as_str()));
        let may = together.may_match_each(all_texts, fold_changes_onto);
        let found: Vec<usize> = (0..texts.len()).filter(|&k| may[k]).collect();
        assert_eq!(&found[..7], [0, 2, 4, 5, 7, 8, 9]);
        // Then every seventh filler, the long text ending in a needle,
        // and the last.
        assert_eq!(found.len(), 7 + fillers.div_ceil(7) + 2);
    }

    #[test]
    fn a_short_reading_is_under_half_a_megabyte_known() {
        assert_eq!(Reading::of_input(60_000), Reading::Short);
        assert_eq!(Reading::of_input(SHORT_READING_BYTES - 1), Reading::Short);
        assert_eq!(Reading::of_input(SHORT_READING_BYTES), Reading::Long);
        // Not known: standard input, or a library call that says nothing.
        assert_eq!(Reading::of_input(0), Reading::Long);
    }

    #[test]
    fn openings_name_the_entries_a_whole_text_may_be() {
        let o = Openings::new(&read_all([
            "merci",
            r"\[\s*blank[_ ]audio\s*\]",
            r"\p{Lu}\w+",
            "oh|ok",
        ]));
        assert_eq!(o.candidates("Merci beaucoup", 0), [0, 2]);
        assert_eq!(o.candidates("OK.", 0), [2, 3]);
        // "[" is an opening mark and the start of the second pattern.
        assert_eq!(o.candidates("[BLANK_AUDIO]", 1), [1, 2]);
        assert_eq!(o.candidates("Bon, on commence", 0), [2]);
        // What most lines are asked: whether there is any.
        let plain = Openings::new(&read_all(["merci", "oh|ok"]));
        assert!(plain.any_candidate("Merci beaucoup", 0, true, 14));
        assert!(plain.any_candidate("« Oh", 3, true, 2));
        assert!(!plain.any_candidate("« Oh", 1, true, 4));
        assert!(!plain.any_candidate("Bon, on commence", 0, true, 16));
        assert!(plain.any_candidate("\u{212a}", 0, true, 3));
        // What folding leaves of a lone variation selector: nothing, which
        // no entry opens (it once read past the end of the text).
        assert!(!plain.any_candidate("", 0, true, 0));
        assert!(!plain.any_candidate("", 3, true, 0));
        // The pattern whose prefixes are unknown is a candidate for any.
        assert_eq!(o.candidates("", 0), [2]);
    }

    /// The second bytes a bucket is walked for are those some prefix in
    /// it is worth comparing with, in either case.
    #[test]
    fn a_bucket_is_walked_for_the_second_bytes_its_prefixes_may_have() {
        let o = Openings::new(&read_all([
            "merci",
            r"\[\s*blank[_ ]audio\s*\]",
            "oh|ok|o",
            r"[aà]\s+bientot",
            "Ça",
        ]));
        // "me", "[b", "[ " and every space, "oh", "ok", "o" (one byte:
        // anything), "a " and the spaces, "à"'s and "ç"'s second bytes.
        assert!(o.check_worth_after() > 256, "{}", o.check_worth_after());
    }

    /// `\s` is one run of white space in a prefix, however long and of
    /// whatever spaces: "à bientôt" is not opened by every line that
    /// begins with an "a" (spelled out, `\s` cut a no-break space in two
    /// and left "a" alone as a prefix).
    #[test]
    fn white_space_in_a_prefix_is_a_run() {
        let o = Openings::new(&read_all([
            r"[aa]\s+(?:bientot|la\s+prochaine)",
            r"the\s+train",
        ]));
        assert!(o.candidates("aussi, on verra", 0).is_empty());
        assert!(o.candidates("then", 0).is_empty());
        assert_eq!(o.candidates("A bientot", 0), [0]);
        assert_eq!(o.candidates("a \t\u{a0} la prochaine", 0), [0]);
        assert_eq!(o.candidates("The\u{2009}train", 0), [1]);
        assert_eq!(o.candidates("« a\u{202f}bientot", 3), [0]);
        // A head that stops in the middle of a prefix may go on with it.
        assert!(o.any_candidate("a  ", 0, false, 0));
        assert!(!o.any_candidate("a  ", 0, true, 0));
        assert!(!o.any_candidate("a  x", 0, false, 0));
    }

    /// A text longer than any match of the entries it opens like is none
    /// of them whole: "oh" opens many lines, and only "oh" is "oh".
    #[test]
    fn a_core_longer_than_any_match_opens_nothing() {
        let o = Openings::new(&read_all(["oh|ok", r"merci(?:\s+beaucoup)?"]));
        assert!(o.any_candidate("oh", 0, true, 2));
        assert!(!o.any_candidate("oh là là, quelle journée", 0, true, 25));
        assert!(o.any_candidate("merci beaucoup", 0, true, 14));
        // `\s+` has no bound: every length may be it.
        assert!(o.any_candidate("merci", 0, false, 200));
    }

    /// An accented letter is not searched for as written (`é` could be
    /// `É`); caseless symbols are; a word of cased letters only is found
    /// by every case of its first letter.
    #[test]
    fn needles_in_any_script() {
        assert_eq!(needles("caméra"), ["cam"]);
        assert_eq!(needles(r"♪(?:\s*♪)*"), ["♪"]);
        assert_eq!(needles("субтитры"), ["С", "с"]);
        assert_eq!(needles(r"aa+h"), ["aa"]);
        let p = Prefilter::new(&read_all(["субтитры"]), Reading::Short);
        assert!(p.candidates("subtitles").is_empty());
        assert_eq!(p.candidates("СУБТИТРЫ"), [0]);
    }
}
