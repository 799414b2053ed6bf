//! Artifact lists: what speech recognisers invent, per language, as
//! human-edited TOML in dictionaries/artifacts/, embedded in the binary.
//! `always` entries are never real speech; `suspect` ones can be.

use std::path::Path;
use std::sync::OnceLock;

use regex::Regex;
use regex_automata::meta;
use serde::Deserialize;

use crate::error::Result;
use crate::line_index::LineIndex;

use super::fold::{Folded, fold_pattern};

/// The lists built into the binary, by language.
pub const BUILTIN: &[(&str, &str)] = &[
    ("fr", include_str!("../../dictionaries/artifacts/fr.toml")),
    ("en", include_str!("../../dictionaries/artifacts/en.toml")),
    ("es", include_str!("../../dictionaries/artifacts/es.toml")),
    ("de", include_str!("../../dictionaries/artifacts/de.toml")),
    ("it", include_str!("../../dictionaries/artifacts/it.toml")),
    ("pt", include_str!("../../dictionaries/artifacts/pt.toml")),
    ("nl", include_str!("../../dictionaries/artifacts/nl.toml")),
    ("ja", include_str!("../../dictionaries/artifacts/ja.toml")),
    ("zh", include_str!("../../dictionaries/artifacts/zh.toml")),
    ("ko", include_str!("../../dictionaries/artifacts/ko.toml")),
    ("ru", include_str!("../../dictionaries/artifacts/ru.toml")),
];

/// The languages with lists of their own, in `BUILTIN`'s order.
pub fn listed() -> Vec<&'static str> {
    BUILTIN.iter().map(|(l, _)| *l).collect()
}

/// How sure we are that a phrase is invented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Credits and outros: removed wherever they appear.
    Always,
    /// Often invented, sometimes said: removed only with evidence.
    Suspect,
}

/// One entry of a list, its pattern compiled.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Whether the phrase goes wherever it is, or only with evidence.
    pub class: Class,
    /// The list's language code ("fr", "en"); empty for a dictionary's
    /// `[artifacts] phrases`, which hold in every language.
    pub language: String,
    /// The pattern as written, for messages.
    pub pattern: String,
    /// Compiled on first use: the prefilter (prefilter.rs) names the
    /// entries a text could match, so a run compiles only the few its
    /// lines call for, where compiling every list up front cost 0.2 s.
    anchored: StartAnchored,
    anywhere: OnceLock<Option<Regex>>,
    whole: StartAnchored,
    /// Literal examples the pattern must match entirely (a test checks).
    pub examples: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListToml {
    language: String,
    #[serde(default)]
    always: Vec<EntryToml>,
    #[serde(default)]
    suspect: Vec<EntryToml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryToml {
    pattern: String,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

impl Entry {
    fn new(class: Class, language: String, pattern: String, examples: Vec<String>) -> Entry {
        Entry {
            class,
            language,
            pattern,
            anchored: StartAnchored::default(),
            anywhere: OnceLock::new(),
            whole: StartAnchored::default(),
            examples,
        }
    }

    /// The pattern with its trailing punctuation, matched case-insensitively
    /// at the start of the folded text it is given (super::fold), a text of
    /// `len` bytes.
    pub fn anchored(&self, len: usize) -> Option<&meta::Regex> {
        self.anchored.for_text(len, || {
            format!("^(?i:{}){TRAILING}", fold_pattern(&self.pattern))
        })
    }

    /// The pattern matched against a whole folded line or cue.
    /// The pattern wherever it starts (compiled on first use).
    pub fn anywhere(&self) -> Option<&Regex> {
        self.anywhere
            .get_or_init(|| Regex::new(&format!("(?i:{})", fold_pattern(&self.pattern))).ok())
            .as_ref()
    }

    /// The pattern as the whole of a folded text of `len` bytes.
    pub(crate) fn whole(&self, len: usize) -> Option<&meta::Regex> {
        self.whole
            .for_text(len, || whole_source(&fold_pattern(&self.pattern)))
    }

    /// Whether a regex for a whole text has been compiled.
    #[cfg(test)]
    pub(crate) fn whole_compiled(&self) -> bool {
        self.whole.short.get().is_some() || self.whole.long.get().is_some()
    }

    /// Whether `text` is this entry and nothing else, in any of the ways
    /// recognisers space and accent it; None when the pattern does not
    /// compile.
    pub fn matches_whole(&self, text: &str) -> Option<bool> {
        let folded = Folded::new(text);
        let text = folded.text.trim();
        Some(self.whole(text.len())?.is_match(text))
    }
}

/// A pattern that begins with `^`, compiled on first use, one way for
/// short texts and another for long ones; both find the same matches.
/// Compiling an entry's pattern was most of cleaning a podcast's
/// transcript (2.5 million instructions an entry, a few dozen entries a
/// file). For a line or a cue it is compiled without the engines that
/// also compile it backwards (the lazy and full DFAs): a match from the
/// start is found forwards, and the search stops where the pattern stops
/// matching. Through a text of megabytes that the pattern keeps matching
/// ("Sous-titres par " and a name as long as the file) the engines left
/// are several times slower than the lazy DFA, so a long text has it.
#[derive(Debug, Clone, Default)]
struct StartAnchored {
    short: OnceLock<Option<meta::Regex>>,
    long: OnceLock<Option<meta::Regex>>,
}

/// A line or a cue: texts up to this many bytes are searched without the
/// lazy DFA, and only they are asked for their needles before a
/// whole-text regex is compiled (mod.rs, `whole_candidates`).
pub(super) const SHORT_TEXT: usize = 4096;

impl StartAnchored {
    /// The regex for a text of `len` bytes, `source` compiled the way that
    /// suits it.
    fn for_text(&self, len: usize, source: impl FnOnce() -> String) -> Option<&meta::Regex> {
        let short = len <= SHORT_TEXT;
        let cell = if short { &self.short } else { &self.long };
        cell.get_or_init(|| {
            let config = match short {
                true => meta::Regex::config().hybrid(false).dfa(false),
                false => meta::Regex::config(),
            };
            meta::Regex::builder()
                .configure(config)
                .build(&source())
                .ok()
        })
        .as_ref()
    }
}

/// A regex for a whole line or cue made of `alternatives` only, with the
/// quotes, brackets and punctuation around it.
pub fn whole_source(alternatives: &str) -> String {
    format!(r"^[\s«»“”\[\(]*(?i:{alternatives})[\s.!?…»”\]\)]*$")
}

/// Trailing punctuation and spaces that go with an artifact.
pub const TRAILING: &str = r"[\s.!?…]*";

/// Parses one list file.
pub fn parse_list(text: &str, path: &Path) -> Result<Vec<Entry>> {
    let lines = LineIndex::new(text);
    let list: ListToml =
        toml::from_str(text).map_err(|err| crate::error::toml_error(&err, &lines, path))?;
    let mut entries = Vec::with_capacity(list.always.len() + list.suspect.len());
    let tagged = list
        .always
        .into_iter()
        .map(|e| (Class::Always, e))
        .chain(list.suspect.into_iter().map(|e| (Class::Suspect, e)));
    for (class, entry) in tagged {
        let pattern = entry.pattern;
        entries.push(Entry::new(
            class,
            list.language.clone(),
            pattern,
            entry.examples,
        ));
    }
    Ok(entries)
}

/// Entries for dictionary `[artifacts] phrases`: literal, always removed.
pub fn phrase_entries(phrases: &[String]) -> Vec<Entry> {
    phrases
        .iter()
        .filter(|p| !p.trim().is_empty())
        .map(|phrase| {
            let pattern = regex::escape(phrase.trim()).replace(' ', r"\s+");
            Entry::new(Class::Always, String::new(), pattern, vec![phrase.clone()])
        })
        .collect()
}
