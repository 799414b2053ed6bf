//! A change made to a transcript: what, where in the input, and by which
//! rule. Every pass returns these, so `--report`, `--diff`, the summary and
//! `lint` all speak of the same facts.

use serde::Serialize;

/// The rule behind a change; serialised as its snake_case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rule {
    /// A dictionary variant replaced by its canonical.
    Dictionary,
    /// A whole line removed by a dictionary's `drop_lines`.
    DropLine,
    /// Trailing or doubled spaces removed.
    Whitespace,
    /// A blank line removed (runs of blank lines, blank lines at the ends).
    BlankLine,
    /// Text rewritten to Unicode NFC.
    UnicodeNfc,
    /// Invented text removed: a credit or outro from the `always` lists, or
    /// a dictionary's `[artifacts] phrases`, or a loop of such a phrase.
    Artifact,
    /// A `suspect` phrase removed with evidence (file edge, long silence
    /// around it, Whisper's own scores).
    SuspectArtifact,
    /// A line or cue repeating the one before it, in a loop of 3 or more.
    Loop,
    /// The repeats of a phrase looping inside a line or cue.
    PhraseLoop,
    /// A span that sounds like a dictionary name, replaced by it
    /// (`--fuzzy`, above the threshold, with a lexicon).
    Fuzzy,
    /// The same, not applied: below the threshold, or without a lexicon.
    FuzzySuggestion,
    /// Repeated lines or cues that may be a loop, not removed: more than
    /// people repeat a line but no evidence beyond that
    /// (`--aggressive-loops` removes them).
    LoopSuggestion,
    /// The same for a phrase repeated inside a line or cue.
    PhraseLoopSuggestion,
    /// A suspect phrase with weak evidence of being invented (alone
    /// between silences), not removed.
    SuspectSuggestion,
}

impl Rule {
    /// The snake_case name used in `--report` JSON and in summaries.
    pub fn name(self) -> &'static str {
        match self {
            Rule::Dictionary => "dictionary",
            Rule::DropLine => "drop_line",
            Rule::Whitespace => "whitespace",
            Rule::BlankLine => "blank_line",
            Rule::UnicodeNfc => "unicode_nfc",
            Rule::Artifact => "artifact",
            Rule::SuspectArtifact => "suspect_artifact",
            Rule::Loop => "loop",
            Rule::PhraseLoop => "phrase_loop",
            Rule::Fuzzy => "fuzzy",
            Rule::FuzzySuggestion => "fuzzy_suggestion",
            Rule::LoopSuggestion => "loop_suggestion",
            Rule::PhraseLoopSuggestion => "phrase_loop_suggestion",
            Rule::SuspectSuggestion => "suspect_suggestion",
        }
    }

    /// Whether the change is only proposed: the text keeps what it was.
    pub fn is_suggestion(self) -> bool {
        matches!(
            self,
            Rule::FuzzySuggestion
                | Rule::LoopSuggestion
                | Rule::PhraseLoopSuggestion
                | Rule::SuspectSuggestion
        )
    }

    /// The rule a removal suggestion becomes when it is applied.
    pub fn applied(self) -> Rule {
        match self {
            Rule::LoopSuggestion => Rule::Loop,
            Rule::PhraseLoopSuggestion => Rule::PhraseLoop,
            Rule::SuspectSuggestion => Rule::SuspectArtifact,
            other => other,
        }
    }
}

/// One edit a pass made (or, for suggestions, proposes): the rule, where it
/// starts in the input, and the text before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Change {
    /// The rule that made the change.
    pub rule: Rule,
    /// 1-based line of the input where the changed text begins.
    pub line: usize,
    /// 1-based column, in characters, of the input.
    pub column: usize,
    /// The text as it was in the input.
    pub before: String,
    /// The text that replaces it; empty for a removal. For a suggestion, what
    /// the text would become.
    pub after: String,
    /// For dictionary changes: the canonical of the term that matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
    /// For fuzzy matches: how sure, in percent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<u8>,
    /// For removals and their suggestions: what says the text was
    /// invented ("12 copies of a 1-word phrase; people stop at 8").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// Where the changed text ends in the input (line, column, exclusive),
    /// when the pass knows it: in JSON or XML the text's characters are not
    /// written one for one (escapes, entities), so `before` cannot say.
    #[serde(skip)]
    pub end: Option<(usize, usize)>,
}

/// Counts by kind, for the one-line summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Summary {
    /// Dictionary and fuzzy replacements applied.
    pub corrections: usize,
    /// Invented text removed (artifacts, suspect phrases, loops).
    pub artifacts: usize,
    /// Whole lines removed by `drop_lines`.
    pub dropped_lines: usize,
    /// Spacing, blank-line and NFC fixes.
    pub whitespace: usize,
    /// Of the corrections, those made by fuzzy matching.
    pub fuzzy: usize,
    /// Fuzzy candidates not applied.
    pub suggestions: usize,
    /// Possible loops and suspect phrases not removed.
    pub removal_suggestions: usize,
}

impl std::ops::AddAssign for Summary {
    /// Counts of one window added to those of the windows before it.
    fn add_assign(&mut self, other: Summary) {
        self.corrections += other.corrections;
        self.artifacts += other.artifacts;
        self.dropped_lines += other.dropped_lines;
        self.whitespace += other.whitespace;
        self.fuzzy += other.fuzzy;
        self.suggestions += other.suggestions;
        self.removal_suggestions += other.removal_suggestions;
    }
}

impl Summary {
    /// Counts the changes of one transcript (or of several, concatenated).
    pub fn of(changes: &[Change]) -> Summary {
        let mut s = Summary::default();
        for c in changes {
            match c.rule {
                Rule::Dictionary => s.corrections += 1,
                Rule::Fuzzy => {
                    s.corrections += 1;
                    s.fuzzy += 1;
                }
                Rule::FuzzySuggestion => s.suggestions += 1,
                Rule::LoopSuggestion | Rule::PhraseLoopSuggestion | Rule::SuspectSuggestion => {
                    s.removal_suggestions += 1
                }
                Rule::DropLine => s.dropped_lines += 1,
                Rule::Artifact | Rule::SuspectArtifact | Rule::Loop | Rule::PhraseLoop => {
                    s.artifacts += 1
                }
                Rule::Whitespace | Rule::BlankLine | Rule::UnicodeNfc => s.whitespace += 1,
            }
        }
        s
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        write!(
            f,
            "{}, {}, {}, {}",
            plural(self.corrections, "correction", "corrections"),
            plural(self.artifacts, "artifact removed", "artifacts removed"),
            plural(self.dropped_lines, "line dropped", "lines dropped"),
            plural(self.whitespace, "whitespace fix", "whitespace fixes"),
        )?;
        if self.fuzzy > 0 {
            write!(f, " ({} fuzzy)", self.fuzzy)?;
        }
        if self.suggestions > 0 {
            let s = plural(self.suggestions, "fuzzy suggestion", "fuzzy suggestions");
            write!(f, "; {s} not applied")?;
        }
        if self.removal_suggestions > 0 {
            let s = plural(
                self.removal_suggestions,
                "possible loop or invented phrase",
                "possible loops or invented phrases",
            );
            write!(f, "; {s} kept (--aggressive-loops removes them)")?;
        }
        Ok(())
    }
}
