//! `clean`: the passes in order, each returning what it changed:
//! NFC and spaces -> (artifacts and loops -> drop_lines, until nothing
//! more goes) -> blank lines (plain text) -> dictionary, exact then fuzzy.

mod artifacts;
mod cue_prints;
mod decisions;
mod dictionary;
mod drop;
mod facts;
mod line_cuts;
mod origin;
mod tags;
mod timed_windows;
mod txt_windows;
mod unchanged;
mod whitespace;
mod windows;
mod words;
mod working;

use crate::artifacts::{Artifacts, Reading, Thresholds};
use crate::change::Change;
use crate::dict::fuzzy::FuzzyMatcher;
use crate::dict::{Compiled, Dictionary, ExactMatcher};
use crate::error::Result;
use crate::format::Format;
use crate::transcript::{ConsoleStyle, Cue, Transcript};

pub use decisions::{Decisions, Verdict};
pub use facts::{Facts, Gathering, WordRuns};
pub use timed_windows::{TimedWindows, Unreadable};
pub use txt_windows::{LineFixes, TxtWindows};
pub use windows::Window;
use working::Working;

/// A cleaned transcript and every change made to it, in input order.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Cleaned {
    /// The transcript after every pass.
    pub transcript: Transcript,
    /// What the passes changed or suggest, positioned in the input.
    pub changes: Vec<Change>,
}

/// How to clean, beyond the dictionary.
#[derive(Debug, Clone)]
pub struct Options {
    /// Remove hallucinated credits, suspect phrases with evidence, and loops.
    pub remove_artifacts: bool,
    /// The transcript's language, for the suspect lists; else the
    /// dictionary's `language`; else every language's.
    pub language: Option<String>,
    /// The Whisper scores that count as evidence against a suspect phrase.
    pub thresholds: Thresholds,
    /// About how many bytes of input will be cleaned, 0 if not known: it
    /// chooses the artifact prefilters' automata (`Reading`).
    pub input_bytes: u64,
    /// Fuzzy matching of names nobody listed (`--fuzzy`).
    pub fuzzy: Option<FuzzyOptions>,
    /// Remove possible loops and suspect phrases that have only weak
    /// evidence too (`--aggressive-loops`); by default they are suggested.
    pub aggressive_loops: bool,
}

/// How fuzzy matching applies what it finds.
#[derive(Debug, Clone)]
pub struct FuzzyOptions {
    /// Candidates scoring at least this are applied, when there is a lexicon.
    pub threshold: f64,
    /// Candidates scoring at least this are reported as suggestions.
    pub floor: f64,
    /// The language's ordinary words; without it nothing is applied.
    pub lexicon: Option<std::sync::Arc<crate::dict::lexicon::Lexicon>>,
}

/// Fuzzy matching's defaults, tuned for precision on the seed episode
/// (BENCHMARKS.md, "Fuzzy matching"): a wrong correction is worse than a miss.
pub const FUZZY_THRESHOLD: f64 = 0.75;
/// Below this score a fuzzy candidate is not even suggested.
pub const FUZZY_FLOOR: f64 = 0.70;

impl Default for Options {
    fn default() -> Options {
        Options {
            remove_artifacts: true,
            language: None,
            thresholds: Thresholds::default(),
            input_bytes: 0,
            fuzzy: None,
            aggressive_loops: false,
        }
    }
}

/// Which passes run: all by default. `lint --fix` turns off the passes of
/// rules the configuration ignores, so it fixes only what it reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Passes {
    /// The dictionary's `drop_lines`.
    pub drop_lines: bool,
    /// Trailing and doubled spaces, NFC, runs of blank lines.
    pub whitespace: bool,
    /// Invented text and loops (when the cleaner has artifact lists).
    pub artifacts: bool,
    /// Dictionary variants.
    pub dictionary: bool,
    /// Fuzzy candidates, when the cleaner has fuzzy matching.
    pub fuzzy: FuzzyPass,
    /// Remove suggested loops and suspect phrases too
    /// (`lint --fix --unsafe-fixes`).
    pub aggressive_loops: bool,
}

/// What the fuzzy pass applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FuzzyPass {
    /// Nothing is looked for.
    Off,
    /// Candidates above the threshold, with a lexicon; the rest suggested.
    Threshold,
    /// Every candidate above the floor (`lint --fix --unsafe-fixes`).
    All,
}

impl Passes {
    /// Every pass, fuzzy matching as its options say, weak loops suggested only.
    pub const ALL: Passes = Passes {
        drop_lines: true,
        whitespace: true,
        artifacts: true,
        dictionary: true,
        fuzzy: FuzzyPass::Threshold,
        aggressive_loops: false,
    };
}

/// A dictionary and artifact lists ready to clean transcripts with.
#[derive(Debug, Clone)]
pub struct Cleaner {
    dictionary: Dictionary,
    matcher: ExactMatcher,
    artifacts: Option<Artifacts>,
    thresholds: Thresholds,
    fuzzy: Option<(FuzzyMatcher, FuzzyOptions)>,
    aggressive_loops: bool,
}

impl Cleaner {
    /// A cleaner with the default options: artifacts removed with the
    /// built-in lists.
    pub fn new(dictionary: Dictionary) -> Result<Cleaner> {
        Cleaner::with_options(dictionary, Options::default())
    }

    /// A cleaner with these options. Fails if the matcher cannot be built, if
    /// `options.language` is a language without artifact lists, or if the
    /// dictionary's `[artifacts] phrases` do not compile.
    pub fn with_options(dictionary: Dictionary, options: Options) -> Result<Cleaner> {
        Cleaner::from_compiled(Compiled::new(dictionary)?, options)
    }

    /// A cleaner with a dictionary whose matcher is built already (read
    /// back from the compiled cache, or shared with another cleaner).
    pub fn from_compiled(compiled: Compiled, options: Options) -> Result<Cleaner> {
        let Compiled {
            dictionary,
            matcher,
        } = compiled;
        let artifacts = if options.remove_artifacts {
            // An explicit --lang must be one we have lists for; a
            // dictionary's language we have none for means all lists.
            let known = |l: &&str| {
                let base = crate::language::base(l).to_ascii_lowercase();
                crate::artifacts::BUILTIN.iter().any(|(b, _)| *b == base)
            };
            let language = options
                .language
                .as_deref()
                .or(dictionary.language.as_deref().filter(known));
            Some(Artifacts::builtin_with_phrases(
                language,
                &dictionary.artifacts.phrases,
                Reading::of_input(options.input_bytes),
            )?)
        } else {
            None
        };
        let fuzzy = options
            .fuzzy
            .map(|f| (FuzzyMatcher::new(&dictionary, f.lexicon.as_deref()), f));
        Ok(Cleaner {
            dictionary,
            matcher,
            artifacts,
            thresholds: options.thresholds,
            fuzzy,
            aggressive_loops: options.aggressive_loops,
        })
    }

    /// The dictionary the cleaner was built with.
    pub fn dictionary(&self) -> &Dictionary {
        &self.dictionary
    }

    /// Whether fuzzy matching has a lexicon to guard it (else it only suggests).
    pub fn fuzzy_has_lexicon(&self) -> Option<bool> {
        self.fuzzy.as_ref().map(|(_, o)| o.lexicon.is_some())
    }

    /// The artifact lists, when artifacts are removed.
    pub fn artifacts(&self) -> Option<&Artifacts> {
        self.artifacts.as_ref()
    }

    /// Runs every pass (drop lines, whitespace, artifacts, dictionary, fuzzy)
    /// and returns the result with its changes.
    pub fn clean(&self, transcript: Transcript) -> Cleaned {
        self.clean_with(transcript, Passes::ALL)
    }

    /// Cleans with only some passes.
    pub fn clean_with(&self, transcript: Transcript, passes: Passes) -> Cleaned {
        self.clean_knowing(transcript, passes, None, Decisions::NONE)
    }

    /// Cleans as a reviewer decided: the changes they rejected are not
    /// made, the suggestions they accepted are (`transcrub review`).
    pub fn clean_deciding(
        &self,
        transcript: Transcript,
        passes: Passes,
        decisions: &Decisions,
    ) -> Cleaned {
        self.clean_knowing(transcript, passes, None, decisions)
    }

    /// Cleans a part of a transcript (a window of a long file) as it
    /// cleans in the whole, which `facts` are of.
    pub fn clean_part(&self, part: Transcript, passes: Passes, facts: &Facts) -> Cleaned {
        self.clean_knowing(part, passes, Some(facts), Decisions::NONE)
    }

    /// The facts of the whole transcript that the artifact pass needs,
    /// gathered a cue at a time; `None` when it does not run.
    pub fn facts_gathering(&self, passes: Passes) -> Option<Gathering<'_>> {
        let artifacts = self.artifacts.as_ref().filter(|_| passes.artifacts)?;
        Some(Gathering::new(artifacts))
    }

    fn clean_knowing(
        &self,
        transcript: Transcript,
        passes: Passes,
        facts: Option<&Facts>,
        decisions: &Decisions,
    ) -> Cleaned {
        let artifacts = self.artifacts.as_ref().filter(|_| passes.artifacts);
        // Read before any pass changes the cues: see src/clean/facts.rs.
        let own_facts = match (facts, artifacts) {
            (None, Some(artifacts)) => Facts::of(&transcript.cues, artifacts),
            _ => Facts::default(),
        };
        let facts = facts.unwrap_or(&own_facts);
        let mut changes = Vec::new();
        let Transcript {
            format,
            cues,
            preamble,
            epilogue,
            console,
            layout,
            spelling,
        } = transcript;
        let mut cues = Working::new(cues, |cue| cue_indent(format, console, cue));

        // Spaces and NFC first: a chrome line or a credit written with a
        // doubled space or in NFD must be found on the first run, or
        // cleaning twice would change the text again.
        if passes.whitespace {
            for (cue, origin) in cues.iter_mut() {
                whitespace::normalise(cue, origin, &mut changes);
            }
        }
        // Removing a credit can leave a chrome line ("Signaler une erreur"
        // glued to "Sous-titres par Amara.org"), make neighbouring lines
        // repeat one another, or leave a space at the end of a line:
        // removals run until none is left.
        let mode = artifacts::Mode {
            aggressive: self.aggressive_loops || passes.aggressive_loops,
            decisions,
        };
        let mut suggestions = Vec::new();
        for _ in 0..MAX_REMOVAL_ROUNDS {
            let before = changes.len();
            if let Some(artifacts) = artifacts {
                artifacts::remove(
                    &mut cues,
                    artifacts,
                    facts,
                    &self.thresholds,
                    mode,
                    &mut changes,
                    &mut suggestions,
                );
            }
            if passes.drop_lines {
                drop::drop_lines(
                    &mut cues,
                    &self.dictionary.artifacts.drop_lines,
                    decisions,
                    &mut changes,
                );
            }
            if changes.len() == before {
                break;
            }
            // A removal can leave a space at the end of a line ("«\u{a0}").
            if passes.whitespace {
                for (cue, origin) in cues.iter_mut() {
                    whitespace::normalise(cue, origin, &mut changes);
                }
            }
        }
        // Only the rounds read what the pass inside cues left unchanged.
        cues.unchanged = unchanged::Unchanged::default();
        // The words a removal inside a cue took go with it, so a segment's
        // words still spell its text (JSON written back, subtitles timed
        // by the words).
        for (cue, origin) in cues.iter_mut() {
            if cue.words.is_empty() {
                continue;
            }
            if let Some((old, kept)) = origin.kept_bytes(&cue.text) {
                words::follow_removals(&mut cue.words, old, &kept);
            }
        }
        // Each round proposes again what it could not remove: once is
        // enough, and nothing a later round removed stays proposed.
        let removed: std::collections::HashSet<(usize, usize)> =
            changes.iter().map(|c| (c.line, c.column)).collect();
        let mut proposed = std::collections::HashSet::new();
        changes.extend(suggestions.into_iter().filter(|s| {
            !removed.contains(&(s.line, s.column)) && proposed.insert((s.line, s.column, s.rule))
        }));
        if format == Format::Txt && passes.whitespace {
            whitespace::collapse_blank_lines(&mut cues, &mut changes);
        }
        let fuzzy = self
            .fuzzy
            .as_ref()
            .filter(|_| passes.fuzzy != FuzzyPass::Off)
            .map(|(matcher, options)| dictionary::Fuzzy {
                matcher,
                options,
                apply_all: passes.fuzzy == FuzzyPass::All,
            });
        // With no term there is nothing to find: the pass would join and
        // fold the whole transcript for nothing.
        let exact = passes.dictionary && !self.dictionary.terms.is_empty();
        let edited = if exact || fuzzy.is_some() {
            dictionary::correct(
                &mut cues,
                &self.dictionary,
                exact.then_some(&self.matcher),
                fuzzy,
                format.has_markup(),
                decisions,
                &mut changes,
            )
        } else {
            Vec::new()
        };
        for group in &edited {
            let cue = &mut cues.cues[group.cue];
            words::realign(&mut cue.words, &group.old_text, &group.edits);
        }
        if edited.iter().any(|g| cues.origins[g.cue].lost_all_lines()) {
            remove_emptied(&mut cues);
        }
        // A name joined across two cues takes its second word from the
        // next cue, which may leave there a line to drop ("Elastic" /
        // "search Signaler une erreur"): dropped now, or the next run would.
        if !edited.is_empty() && passes.drop_lines {
            drop::drop_lines(
                &mut cues,
                &self.dictionary.artifacts.drop_lines,
                decisions,
                &mut changes,
            );
        }
        let cues = cues.cues;
        changes.sort_by_key(|c| (c.line, c.column));
        Cleaned {
            transcript: Transcript {
                format,
                cues,
                preamble,
                epilogue,
                console,
                layout,
                spelling,
            },
            changes,
        }
    }
}

/// Rounds of the removal passes; each round after the first finds only
/// what an earlier removal uncovered, so two or three are the most seen.
const MAX_REMOVAL_ROUNDS: usize = 4;

/// A cue whose whole text went to the canonical on the cue before it is
/// removed; its time goes to that cue, so the timeline has no hole.
fn remove_emptied(cues: &mut Working) {
    cues.retain(|cue, origin, previous| {
        if !origin.lost_all_lines() {
            return true;
        }
        if let Some(previous) = previous {
            previous.end = previous.end.max(cue.end);
        }
        false
    });
}

/// Characters before a cue's text on its first input line: TSV's two time
/// fields, a console line's bracketed times; everything else starts in
/// column 1.
fn cue_indent(format: Format, console: Option<ConsoleStyle>, cue: &Cue) -> usize {
    match (format, cue.start, cue.end) {
        (Format::Tsv, Some(s), Some(e)) => s.0.to_string().len() + e.0.to_string().len() + 2,
        // "[00:00.000 --> 00:06.400] " before the text.
        (Format::Console, Some(s), Some(e)) => {
            crate::write::console_prefix(console.unwrap_or_default(), s, e)
                .chars()
                .count()
                + 1
        }
        _ => 0,
    }
}
