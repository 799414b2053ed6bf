//! Hallucination artifacts: the lists of what recognisers invent, and the
//! predicates the cleaning pass asks. Data and small predicates only; the
//! pass that edits transcripts is clean/artifacts.rs.

mod fold;
mod list;
mod literals;
pub mod loops;
mod prefilter;
mod tokens;

use std::borrow::Cow;
use std::ops::Range;
use std::path::Path;

pub use list::{BUILTIN, Class, Entry, listed, parse_list, phrase_entries};

use crate::dict::is_word_char;
use crate::error::{Error, Result};
pub use prefilter::Reading;
use prefilter::{Openings, Prefilter};

/// Thresholds on Whisper's segment scores beyond which a suspect phrase
/// counts as invented (openai-whisper's own defaults for its fallbacks).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// A segment above this `no_speech_prob` (and under `avg_logprob`) was
    /// taken for silence; default 0.6.
    pub no_speech_prob: f64,
    /// A segment under this `avg_logprob` is a guess; default -1.0.
    pub avg_logprob: f64,
    /// A segment above this `compression_ratio` repeats itself; default 2.4.
    pub compression_ratio: f64,
    /// Silence before and after a cue, in ms, that makes a suspect phrase alone.
    pub gap_ms: u64,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            no_speech_prob: 0.6,
            avg_logprob: -1.0,
            compression_ratio: 2.4,
            gap_ms: 2000,
        }
    }
}

/// The artifact entries in force for one run, and a prefilter per class
/// that names the entries a text could match (prefilter.rs): a transcript
/// has a cue per line, most lines hold no artifact, and those never reach
/// a regex. Each entry's regexes are compiled on first use.
#[derive(Debug, Clone)]
pub struct Artifacts {
    entries: Vec<Entry>,
    always: Filters,
    suspect: Filters,
    reading: Reading,
}

/// One class's entries (indices in `entries`), the needles that find them
/// anywhere and the openings that find them as a whole text.
#[derive(Debug, Clone)]
struct Filters {
    indices: Vec<usize>,
    needles: Prefilter,
    openings: Openings,
}

impl Default for Artifacts {
    fn default() -> Artifacts {
        Artifacts::new(Vec::new(), Reading::Long)
    }
}

impl Artifacts {
    /// The built-in lists: `always` entries of every language (credits are
    /// never speech, whatever the language), `suspect` entries of `language`
    /// only (of every language when it is not known; none for a language
    /// with no list of its own, such as Swedish). A `language` that is no
    /// ISO 639 code is refused: it is a typo, not a language.
    pub fn builtin(language: Option<&str>) -> Result<Artifacts> {
        Artifacts::builtin_with_phrases(language, &[], Reading::Long)
    }

    /// The built-in lists and a dictionary's `[artifacts] phrases`, to
    /// search text of about the `reading`'s length.
    pub fn builtin_with_phrases(
        language: Option<&str>,
        phrases: &[String],
        reading: Reading,
    ) -> Result<Artifacts> {
        // "fr-CA" and "FR" use the French lists.
        let base = language.map(|l| crate::language::base(l).to_ascii_lowercase());
        let language = base.as_deref();
        if let Some(language) = language
            && !crate::language::is_known(language)
        {
            return Err(Error::usage(format!(
                "unknown language {language:?}: expected an ISO 639 code such as sv or fr-CA (with lists of their own: {})",
                listed().join(", ")
            )));
        }
        let mut entries = Vec::new();
        for (lang, text) in BUILTIN {
            let path = format!("dictionaries/artifacts/{lang}.toml");
            for entry in parse_list(text, Path::new(&path))? {
                let wanted = entry.class == Class::Always || language.is_none_or(|l| l == *lang);
                if wanted {
                    entries.push(entry);
                }
            }
        }
        entries.extend(phrase_entries(phrases));
        Ok(Artifacts::new(entries, reading))
    }

    /// Adds a dictionary's `[artifacts] phrases`.
    pub fn with_phrases(mut self, phrases: &[String]) -> Result<Artifacts> {
        self.entries.extend(phrase_entries(phrases));
        Ok(Artifacts::new(self.entries, self.reading))
    }

    fn new(entries: Vec<Entry>, reading: Reading) -> Artifacts {
        let class = |class: Class| {
            let indices: Vec<usize> = (0..entries.len())
                .filter(|&i| entries[i].class == class)
                .collect();
            let read: Vec<_> = indices
                .iter()
                .map(|&i| literals::of(&fold::fold_pattern(&entries[i].pattern)))
                .collect();
            Filters {
                needles: Prefilter::new(&read, reading),
                openings: Openings::new(&read),
                indices,
            }
        };
        // Building the prefilters of a few hundred patterns (for a long
        // reading, DFAs) is most of a short run's start: one class on
        // each core.
        let (always, suspect) =
            crate::parallel::join(|| class(Class::Always), || class(Class::Suspect));
        let suspect = suspect.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        Artifacts {
            always,
            suspect,
            entries,
            reading,
        }
    }

    /// Every entry in force, built-in and from the dictionary, in list order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entries of one class that could be the whole of `text` (folded,
    /// trimmed).
    fn whole_candidates<'s>(
        &'s self,
        filters: &'s Filters,
        text: &str,
    ) -> impl Iterator<Item = &'s Entry> + 's {
        // What a whole match may hold around the entry's own match.
        let opening = opening_marks(text);
        let core = core_len(text, opening);
        let openings = &filters.openings;
        let opened = openings.candidates(text, opening);
        // A whole match holds one of its entry's needles too: an entry a
        // line begins like but lacks the needles of ("Merveilleux !" is not
        // "Merci d'avoir regardé") is never compiled. Asked of lines and
        // cues, not of a text of megabytes, which its needles may fill and
        // every pass would search through again.
        let needled = match opened.is_empty() || text.len() > list::SHORT_TEXT {
            true => None,
            false => Some(filters.needles.candidates(text)),
        };
        opened
            .into_iter()
            .filter(move |k| needled.as_ref().is_none_or(|n| n.binary_search(k).is_ok()))
            .filter(move |&k| openings.longest_match(k).is_none_or(|n| core <= n))
            .map(move |k| &self.entries[filters.indices[k]])
    }

    /// The class of a line or cue that is nothing but an artifact, however
    /// it is spaced or accented (fold.rs).
    pub fn classify_whole(&self, text: &str) -> Option<Class> {
        let trimmed = text.trim();
        if trimmed.is_empty() || self.opens_like_nothing(trimmed) {
            return None;
        }
        self.classify_trimmed(trimmed)
    }

    /// `classify_whole` of a trimmed text that is not empty, asking its
    /// folded head (`opening`).
    fn classify_trimmed(&self, trimmed: &str) -> Option<Class> {
        let (head, cut) = match self.opening(trimmed) {
            Opening::Unlisted => return None,
            Opening::Listed(head, cut) => (head, cut),
        };
        let folded;
        let text = if cut == trimmed.len() {
            head.trim()
        } else {
            folded = fold::fold_text(trimmed);
            folded.trim()
        };
        let whole = |e: &Entry| e.whole(text.len()).is_some_and(|r| r.is_match(text));
        if self.whole_candidates(&self.always, text).any(whole) {
            return Some(Class::Always);
        }
        if self.whole_candidates(&self.suspect, text).any(whole) {
            return Some(Class::Suspect);
        }
        None
    }

    /// Whether `text` may be a listed phrase whole: false when its first
    /// words begin like nothing on the lists, which is cheap to ask of a
    /// long text (classify_whole folds all of one that begins like one).
    pub fn may_be_whole(&self, text: &str) -> bool {
        let trimmed = text.trim();
        !trimmed.is_empty()
            && !self.opens_like_nothing(trimmed)
            && matches!(self.opening(trimmed), Opening::Listed(..))
    }

    /// Whether a trimmed text begins like nothing on the lists, told from
    /// its own first bytes: what `opening` finds of most lines, without
    /// folding their heads (a sixth of what a line cost the artifact pass,
    /// BENCHMARKS.md "Thirty-third round"). False answers "maybe":
    /// `opening` looks.
    ///
    /// Folding leaves ASCII as it is, but for a space beside a hyphen or
    /// an apostrophe, or in a run: a text that opens with an ASCII letter
    /// or digit (no opening mark) and then `PLAIN_BYTES` of printable
    /// ASCII and lone spaces between such bytes has a folded head that
    /// opens with the same bytes, which are all the prefixes compare (six
    /// at most, a byte each): most lines are told by their first three
    /// (`Openings::opens_none_plain`), the others by the prefixes. Every
    /// printable ASCII byte of the head is kept, so those up to its last
    /// ASCII letter or digit are a floor under the length `opening`
    /// compares with each entry's longest match (`core_floor`).
    ///
    /// A case twin (`ſ`, the Kelvin sign) further on makes `opening` name
    /// every entry, because its comparisons ignore only ASCII case; the
    /// bytes compared here are ASCII, and every entry's match begins with
    /// one of its prefixes in some case, so a text that opens like none is
    /// still no entry whole (a test compares both answers).
    fn opens_like_nothing(&self, trimmed: &str) -> bool {
        let bytes = trimmed.as_bytes();
        if !bytes.first().is_some_and(u8::is_ascii_alphanumeric) {
            return false;
        }
        let plain = bytes.len().min(PLAIN_BYTES);
        let joiner = |b: u8| matches!(b, b'-' | b'\'');
        let stays = |i: usize| {
            // A lone space between bytes that keep it (fold.rs, `lone_space_stays`).
            bytes[i] != b' '
                || !joiner(bytes[i - 1])
                    && bytes
                        .get(i + 1)
                        .is_none_or(|&next| next.is_ascii_graphic() && !joiner(next))
        };
        if !(1..plain).all(|i| (bytes[i] == b' ' || bytes[i].is_ascii_graphic()) && stays(i)) {
            return false;
        }
        // `opening` compares a head that is whole or longer than the margin.
        if bytes.len() > OPENING_HEAD
            && graphic_bytes(&bytes[..2 * PREFIX_MARGIN]) <= PREFIX_MARGIN
            && core_floor(bytes) <= PREFIX_MARGIN
        {
            return false;
        }
        let opened = &trimmed[..plain];
        let filters = [&self.always, &self.suspect];
        // Most lines: their first three bytes open no prefix.
        if filters
            .iter()
            .all(|f| f.openings.opens_none_plain(opened.as_bytes()))
        {
            return true;
        }
        let core = core_floor(bytes);
        let ends = plain == bytes.len();
        filters
            .iter()
            .all(|f| !f.openings.any_candidate(opened, 0, ends, core))
    }

    /// What the first words of a trimmed text say of it: most lines begin
    /// like nothing on the lists, so their first words are folded and
    /// looked at, and the rest of them never is. The head ends where a
    /// run of spaces begins, so folding it gives the bytes folding the
    /// whole text gives there (only a space's neighbours decide whether
    /// it goes).
    fn opening<'a>(&self, trimmed: &'a str) -> Opening<'a> {
        // The first white space at or after byte OPENING_HEAD.
        let from = (OPENING_HEAD..trimmed.len())
            .find(|&i| trimmed.is_char_boundary(i))
            .unwrap_or(trimmed.len());
        let cut = trimmed[from..]
            .char_indices()
            .find(|&(_, c)| c.is_whitespace())
            .map_or(trimmed.len(), |(i, _)| from + i);
        let head = fold::fold_text(&trimmed[..cut]);
        let opening = opening_marks(&head);
        let ends = cut == trimmed.len();
        if opening + PREFIX_MARGIN < head.len() || ends {
            // The whole text's core holds the head's: what follows the
            // head can only add to it ("the" opens a line, but a line
            // longer than any filler is no filler whole).
            let core = core_len(&head, opening);
            let none = [&self.always, &self.suspect]
                .iter()
                .all(|f| !f.openings.any_candidate(&head, opening, ends, core));
            if none {
                return Opening::Unlisted;
            }
        }
        Opening::Listed(head, cut)
    }

    /// For each text (None: not asked about), whether `find_always` may
    /// find anything in it: false only where it finds nothing. Asked of a
    /// window's cues at once, it searches them together for the needles
    /// (`Prefilter::may_match_each`), where `find_always` searches each
    /// alone.
    pub fn may_find_always<'t>(&self, texts: impl Iterator<Item = Option<&'t str>>) -> Vec<bool> {
        self.always
            .needles
            .may_match_each(texts, fold::fold_changes_onto)
    }

    /// Byte ranges of `always` artifacts in `text`, with their trailing
    /// punctuation and the spaces before them, in order, not overlapping.
    pub fn find_always(&self, original: &str) -> Vec<Range<usize>> {
        // Matched in the folded form, mapped back to the original bytes.
        // Most lines hold no needle: their folded text alone says so.
        let candidates: Vec<&Entry> = self
            .always
            .needles
            .candidates(&fold::fold_text(original))
            .into_iter()
            .map(|k| &self.entries[self.always.indices[k]])
            .collect();
        if candidates.is_empty() {
            return Vec::new();
        }
        let folded = fold::Folded::new(original);
        let text: &str = &folded.text;
        let mut found: Vec<Range<usize>> = Vec::new();
        let mut at = 0;
        // The leftmost place any candidate matches (what one regex of all
        // the patterns would find); the longest entry matching there says
        // how far ("Sous-titres par Jérémy Diaz", not just "Sous-titres par").
        while let Some(start) = candidates
            .iter()
            .filter_map(|e| Some(e.anywhere()?.find_at(text, at)?.start()))
            .min()
        {
            let end = candidates
                .iter()
                .filter_map(|e| e.anchored(text.len() - start)?.find(&text[start..]))
                .map(|found| start + found.end())
                .filter(|&end| end > start && whole_words(text, start, end))
                .max();
            match end {
                Some(end) => {
                    let from = text[..start].trim_end_matches([' ', '\t']).len();
                    match found.last_mut() {
                        Some(last) if from <= last.end => last.end = last.end.max(end),
                        _ => found.push(from..end),
                    }
                    at = end;
                }
                None => at = start + text[start..].chars().next().map_or(1, char::len_utf8),
            }
            if at >= text.len() {
                break;
            }
        }
        found
            .into_iter()
            .map(|r| folded.original(r, original))
            .collect()
    }
}

/// Bytes of spaces and opening marks a whole artifact may begin with
/// (list.rs, `whole_source`).
fn opening_marks(text: &str) -> usize {
    text.len()
        - text
            .trim_start_matches(|c: char| c.is_whitespace() || "«»“”[(".contains(c))
            .len()
}

/// Bytes of a whole match's core: after its `opening` marks, without
/// the white space and the marks it may end with (list.rs,
/// `whole_source`).
fn core_len(text: &str, opening: usize) -> usize {
    text[opening..]
        .trim_end_matches(|c: char| c.is_whitespace() || ".!?…»”])".contains(c))
        .len()
}

/// A floor under the length `opening` compares with each entry's longest
/// match, for a text that opens with an ASCII letter or digit: the
/// printable ASCII bytes of its head up to the last ASCII letter or digit
/// in it, which folding keeps (`Artifacts::opens_like_nothing`).
fn core_floor(bytes: &[u8]) -> usize {
    // The head holds at least the first OPENING_HEAD bytes.
    let head = &bytes[..bytes.len().min(OPENING_HEAD)];
    head.iter()
        .rposition(u8::is_ascii_alphanumeric)
        .map_or(0, |last| graphic_bytes(&head[..=last]))
}

/// How many bytes of `bytes` are printable ASCII.
fn graphic_bytes(bytes: &[u8]) -> usize {
    // Counted in bytes: a sum of `usize` is spread over 64-bit lanes.
    bytes
        .chunks(255)
        .map(|chunk| {
            let n: u8 = chunk.iter().map(|&b| u8::from(b.is_ascii_graphic())).sum();
            usize::from(n)
        })
        .sum()
}

/// Bytes after the opening marks the openings compare, and a margin.
const PREFIX_MARGIN: usize = 8;
/// Bytes of a text's head `opening` folds at least, up to the next space.
const OPENING_HEAD: usize = 48;
/// Bytes of a text `opens_like_nothing` compares with the prefixes: their
/// six, and a margin.
const PLAIN_BYTES: usize = 8;

/// Whether text[start..end] does not begin or end inside a word (the end
/// is taken before the trailing punctuation the match swallowed).
fn whole_words(text: &str, start: usize, end: usize) -> bool {
    let inner =
        text[start..end].trim_end_matches(|c: char| c.is_whitespace() || ".!?…".contains(c));
    let first_is_word = inner.chars().next().is_some_and(is_word_char);
    let last_is_word = inner.chars().next_back().is_some_and(is_word_char);
    let before_ok = !first_is_word || !text[..start].chars().next_back().is_some_and(is_word_char);
    let after_ok = !last_is_word
        || !text[start + inner.len()..]
            .chars()
            .next()
            .is_some_and(is_word_char);
    before_ok && after_ok
}
#[doc(hidden)]
pub fn probe_fold(text: &str) -> usize {
    fold::Folded::new(text).text.len()
}

/// What a text's first words say of it (`Artifacts::opening`).
enum Opening<'a> {
    /// It begins like nothing on the lists: it is none of them whole.
    Unlisted,
    /// It may be one: its head folded, and where the head ends.
    Listed(Cow<'a, str>, usize),
}

/// Every line of every text file under `fixtures/` and, when it was
/// fetched, `bench/corpora/data/`: what a test that must hold on real
/// transcripts reads. At least a thousand, or the fixtures were not found.
#[cfg(test)]
pub(crate) fn fixture_and_corpus_lines() -> Vec<String> {
    let lines: Vec<String> = fixture_and_corpus_files()
        .iter()
        .flat_map(|(_, text)| text.lines().map(str::to_string))
        .collect();
    assert!(lines.len() > 1000, "fixture lines read: {}", lines.len());
    lines
}

/// Every text file under `fixtures/` and, when it was fetched,
/// `bench/corpora/data/`, with its path.
#[cfg(test)]
pub(crate) fn fixture_and_corpus_files() -> Vec<(std::path::PathBuf, String)> {
    let mut files = Vec::new();
    for dir in ["fixtures", "bench/corpora/data"] {
        let mut stack = vec![std::path::PathBuf::from(dir)];
        while let Some(path) = stack.pop() {
            match std::fs::read_dir(&path) {
                Ok(entries) => stack.extend(entries.flatten().map(|e| e.path())),
                Err(_) => {
                    if let Ok(text) = std::fs::read_to_string(&path) {
                        files.push((path, text));
                    }
                }
            }
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every bucket of the built-in lists' openings is walked for the
    /// second bytes some prefix in it may have, and only for them.
    #[test]
    fn built_in_openings_walk_a_bucket_only_where_a_prefix_may_be() {
        let artifacts = Artifacts::builtin(None).unwrap();
        for filters in [&artifacts.always, &artifacts.suspect] {
            assert!(filters.openings.check_worth_after() > 100);
        }
    }

    /// The lists read their letter classes case-sensitively,
    /// `(?-i:[\p{L}'’-])`, which compiles in a third of the time of a
    /// case-folded `\p{L}`: ignoring case would add only characters that
    /// folding removes, so the folded text matches the same.
    #[test]
    fn ignoring_case_adds_to_the_letters_only_what_folding_removes() {
        let any_case = regex::Regex::new(r"^(?i:\p{L})$").unwrap();
        let letters = regex::Regex::new(r"^\p{L}$").unwrap();
        let mut added = Vec::new();
        let mut buf = [0u8; 4];
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            let s = &*c.encode_utf8(&mut buf);
            if any_case.is_match(s) && !letters.is_match(s) {
                added.push(c);
                assert!(!fold::fold_text(s).contains(c), "{c:?}");
            }
        }
        assert_eq!(added, ['\u{345}']);
        for (_, list) in BUILTIN {
            for line in list.lines().filter(|l| l.starts_with("pattern")) {
                let rest = line.replace("(?-i:[\\p{L}", "");
                assert!(!rest.contains("[\\p{L}"), "{line}");
            }
        }
    }

    /// A text longer than a line is searched with the other engines
    /// (list.rs, `StartAnchored`), which find the same.
    #[test]
    fn a_long_text_is_found_as_a_short_one() {
        let lists = Artifacts::builtin(Some("fr")).unwrap();
        for name in ["Jean Dupont".to_string(), format!("A{}", "e".repeat(5000))] {
            let credit = format!("Sous-titres par {name}");
            assert_eq!(
                lists.classify_whole(&credit),
                Some(Class::Always),
                "{name:.20}"
            );
            let longer = format!("{credit} et puis on parle");
            assert_eq!(lists.classify_whole(&longer), None, "{name:.20}");
        }
        let amara = "Sous-titres réalisés par la communauté d'Amara.org";
        for words in [3, 1500] {
            let speech = format!("{}{amara} {}", "mot ".repeat(words), "fin ".repeat(words));
            let found = lists.find_always(&speech);
            assert_eq!(found.len(), 1, "{words}");
            assert_eq!(speech[found[0].clone()].trim(), amara, "{words}");
        }
    }

    /// The answer from a text's own first bytes (`opens_like_nothing`)
    /// changes no class. Over every fixture and corpus line and every list
    /// example (as written, spaced as folding undoes, with case twins put
    /// in after their first two characters, and behind two letters no
    /// entry opens with), a text ruled out is Unlisted to `opening`, or
    /// has a twin and is still no entry whole.
    #[test]
    fn a_text_ruled_out_by_its_first_bytes_is_no_entry_whole() {
        let lists = Artifacts::builtin(None).unwrap();
        let twins = |text: &str| -> String {
            let (head, rest) =
                text.split_at(text.char_indices().nth(2).map_or(text.len(), |(i, _)| i));
            format!(
                "{head}{}",
                rest.replace('s', "\u{17f}").replace('k', "\u{212a}")
            )
        };
        let mut texts = fixture_and_corpus_lines();
        for entry in lists.entries() {
            for example in &entry.examples {
                texts.push(example.clone());
                texts.push(twins(example));
                // Spaced as folding undoes: "Sous -titres", "d' Amara",
                // words two spaces apart.
                texts.push(example.replace('-', " -").replace('\'', "' "));
                texts.push(example.replace('-', "- ").replace(' ', "  "));
                texts.push(format!("Zq {example}"));
                texts.push(twins(&format!("Zq {example}")));
            }
        }
        let (mut ruled_out, mut by_twin, mut classed) = (0, 0, 0);
        for text in &texts {
            let trimmed = text.trim();
            if trimmed.is_empty() {
                continue;
            }
            let slow = lists.classify_trimmed(trimmed);
            assert_eq!(lists.classify_whole(text), slow, "{text}");
            classed += usize::from(slow.is_some());
            if lists.opens_like_nothing(trimmed) {
                ruled_out += 1;
                assert_eq!(slow, None, "{text}");
                if matches!(lists.opening(trimmed), Opening::Listed(..)) {
                    assert!(prefilter::has_case_twin(trimmed), "{text}");
                    by_twin += 1;
                }
            }
        }
        assert!(
            ruled_out > texts.len() / 10,
            "{ruled_out} of {}",
            texts.len()
        );
        assert!(by_twin > 50, "texts Listed only by a twin: {by_twin}");
        assert!(classed > 300, "texts classed: {classed}");
    }

    /// The three-byte table rules out a plain text only when no prefix
    /// opens it: every three bytes of letters in either case, digits and
    /// the marks around words, for both classes.
    #[test]
    fn a_text_no_prefix_opens_is_told_by_its_first_three_bytes() {
        let lists = Artifacts::builtin(None).unwrap();
        let alphabet: Vec<u8> = (b'a'..=b'z')
            .chain(b'A'..=b'Z')
            .chain(*b"09 '-.,!?[(")
            .collect();
        for filters in [&lists.always, &lists.suspect] {
            let (mut ruled_out, mut all) = (0, 0);
            for &a in &alphabet {
                for &b in &alphabet {
                    for &c in &alphabet {
                        let text =
                            String::from_utf8(vec![a, b, c, b'q', b'q', b'q', b'q']).unwrap();
                        all += 1;
                        if filters.openings.opens_none_plain(text.as_bytes()) {
                            ruled_out += 1;
                            assert!(
                                !filters.openings.any_candidate(&text, 0, false, 0),
                                "{text:?}"
                            );
                        }
                    }
                }
            }
            assert!(ruled_out > all * 9 / 10, "{ruled_out} of {all}");
        }
    }

    #[test]
    fn a_line_that_only_begins_like_a_credit_compiles_nothing() {
        let lists = Artifacts::builtin(Some("fr")).unwrap();
        for line in [
            "Captain America revient.",
            "Au-delà du réel.",
            "Merveilleux !",
            "Je vous en prie.",
            "Bonsoir à vous, chers auditeurs.",
        ] {
            assert_eq!(lists.classify_whole(line), None, "{line}");
        }
        let compiled: Vec<&str> = lists
            .entries()
            .iter()
            .filter(|e| e.whole_compiled())
            .map(|e| e.pattern.as_str())
            .collect();
        assert!(compiled.is_empty(), "{compiled:?}");
        // A credit whole still is one.
        let credit = "Sous-titres réalisés par la communauté d'Amara.org";
        assert_eq!(lists.classify_whole(credit), Some(Class::Always));
    }
}
