//! Hallucination artifacts: the lists of what recognisers invent, and the
//! predicates the cleaning pass asks. Data and small predicates only; the
//! pass that edits transcripts is clean/artifacts.rs.

mod fold;
mod list;
pub mod loops;

use std::ops::Range;
use std::path::Path;

use regex::{Regex, RegexBuilder};

pub use list::{BUILTIN, Class, Entry, parse_list, phrase_entries};

use crate::dict::is_word_char;
use crate::error::{Error, ErrorKind, Result};

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

/// The artifact entries in force for one run, and each class's patterns
/// compiled into one regex: a transcript has a cue per line, and one
/// search per cue instead of one per pattern is what keeps the pass fast.
#[derive(Debug, Clone, Default)]
pub struct Artifacts {
    entries: Vec<Entry>,
    /// Any `always` pattern, anywhere.
    always_anywhere: Option<Regex>,
    /// A whole text that is an `always` phrase.
    always_whole: Option<Regex>,
    /// A whole text that is a `suspect` phrase.
    suspect_whole: Option<Regex>,
}

impl Artifacts {
    /// The built-in lists: `always` entries of every language (credits are
    /// never speech, whatever the language), `suspect` entries of `language`
    /// only (of every language when it is not known).
    pub fn builtin(language: Option<&str>) -> Result<Artifacts> {
        Artifacts::builtin_with_phrases(language, &[])
    }

    /// The built-in lists and a dictionary's `[artifacts] phrases`,
    /// compiled once.
    pub fn builtin_with_phrases(language: Option<&str>, phrases: &[String]) -> Result<Artifacts> {
        // "fr-CA" and "FR" use the French lists.
        let base = language.map(|l| crate::language::base(l).to_ascii_lowercase());
        let language = base.as_deref();
        if let Some(language) = language
            && !BUILTIN.iter().any(|(l, _)| *l == language)
        {
            let known: Vec<&str> = BUILTIN.iter().map(|(l, _)| *l).collect();
            return Err(Error::usage(format!(
                "no artifact lists for language {language:?}; expected one of {}",
                known.join(", ")
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
        Artifacts::compile(entries)
    }

    /// Adds a dictionary's `[artifacts] phrases`.
    pub fn with_phrases(mut self, phrases: &[String]) -> Result<Artifacts> {
        self.entries.extend(phrase_entries(phrases));
        Artifacts::compile(self.entries)
    }

    fn compile(entries: Vec<Entry>) -> Result<Artifacts> {
        let combined = |class: Class, whole: bool| -> Result<Option<Regex>> {
            let patterns: Vec<String> = entries
                .iter()
                .filter(|e| e.class == class)
                .map(|e| format!("(?:{})", fold::fold_pattern(&e.pattern)))
                .collect();
            if patterns.is_empty() {
                return Ok(None);
            }
            let any = patterns.join("|");
            let source = if whole {
                list::whole_source(&any)
            } else {
                format!("(?i:{any})")
            };
            RegexBuilder::new(&source)
                .size_limit(64 << 20)
                .build()
                .map(Some)
                .map_err(|e| {
                    Error::new(
                        ErrorKind::Dictionary,
                        format!(
                            "the artifact lists do not compile: {}",
                            crate::error::regex_reason(&e)
                        ),
                    )
                })
        };
        Ok(Artifacts {
            always_anywhere: combined(Class::Always, false)?,
            always_whole: combined(Class::Always, true)?,
            suspect_whole: combined(Class::Suspect, true)?,
            entries,
        })
    }

    /// Every entry in force, built-in and from the dictionary, in list order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The class of a line or cue that is nothing but an artifact, however
    /// it is spaced or accented (fold.rs).
    pub fn classify_whole(&self, text: &str) -> Option<Class> {
        if text.trim().is_empty() {
            return None;
        }
        let folded = fold::Folded::new(text);
        let text = folded.text.trim();
        if self.always_whole.as_ref().is_some_and(|r| r.is_match(text)) {
            return Some(Class::Always);
        }
        if self
            .suspect_whole
            .as_ref()
            .is_some_and(|r| r.is_match(text))
        {
            return Some(Class::Suspect);
        }
        None
    }

    /// Byte ranges of `always` artifacts in `text`, with their trailing
    /// punctuation and the spaces before them, in order, not overlapping.
    pub fn find_always(&self, original: &str) -> Vec<Range<usize>> {
        let Some(anywhere) = &self.always_anywhere else {
            return Vec::new();
        };
        // Matched in the folded form, mapped back to the original bytes.
        let folded = fold::Folded::new(original);
        let text: &str = &folded.text;
        let mut found: Vec<Range<usize>> = Vec::new();
        let mut at = 0;
        while let Some(m) = anywhere.find_at(text, at) {
            // The combined regex says where; the longest entry matching
            // there says how far ("Sous-titres par Jérémy Diaz", not just
            // "Sous-titres par").
            let start = m.start();
            let end = self
                .entries
                .iter()
                .filter(|e| e.class == Class::Always)
                .filter_map(|e| e.anchored()?.find(&text[start..]))
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
