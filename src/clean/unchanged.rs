//! The cues the artifact pass inside cues (`artifacts::Within`) left as
//! they were in one removal round, kept for the next round. Any removal
//! starts another round over every cue of the window, for what it may
//! have uncovered; the pass inside cues reads nothing of a cue but its own
//! text, times, speaker and scores (and changes only its text), so a cue
//! it left alone that is still as it was would be left alone again, with
//! the same words. The next round passes over it and takes those words
//! from here. Speakers and scores are not kept: no pass of the removal
//! rounds changes them. Only a round whose passes up to and inside cues
//! removed something is recorded (most windows remove nothing, and would
//! pay for a copy of their text); a round started by the search across
//! cues or a dropped line alone reads every cue, as all rounds did.

use std::ops::Range;

use crate::artifacts::Class;
use crate::timestamp::Timestamp;
use crate::transcript::Cue;

use super::cue_prints::{CuePrints, KEPT_PRINTS_MAX_BYTES};

/// What the pass inside cues saw of the cues it left unchanged, one entry
/// for each cue of the window (none before the first round ends), moved
/// with the cues as they go.
#[derive(Default)]
pub(crate) struct Unchanged {
    /// The texts as the pass left them, one after another.
    texts: String,
    /// That round's words of every cue, by the cue's place then.
    prints: CuePrints,
    cues: Vec<Option<Left>>,
}

/// What a round knows of a cue it reads: its place in the window, where
/// its words are, and its class (`Artifacts::classify_whole`), which
/// depends on its text alone.
#[derive(Debug, Clone, Copy)]
pub(super) struct Seen {
    pub place: usize,
    pub class: Option<Class>,
}

/// One cue as the pass left it.
#[derive(Debug, Clone)]
struct Left {
    text: Range<usize>,
    start: Option<Timestamp>,
    end: Option<Timestamp>,
    seen: Seen,
}

/// The cues the pass left, as they were when it left them: kept from
/// the end of a round's pass inside cues until its words are added.
pub(super) struct Record {
    texts: String,
    cues: Vec<Option<Left>>,
}

impl Record {
    /// The cues of the window that the pass has just left as they were
    /// (`left`), with their classes. A cue longer than the words of a cue
    /// are kept for (a transcript written as one line) is read again
    /// instead: room for its copy took the seed as one 5 MB SRT cue from
    /// 63 to 69 MB, over the 64 MB a file may take.
    pub(super) fn of(cues: &[Cue], left: &[bool], class: &[Option<Class>]) -> Record {
        let kept = |k: usize| left[k] && cues[k].text.len() <= KEPT_PRINTS_MAX_BYTES;
        let room = (0..cues.len())
            .filter(|&k| kept(k))
            .map(|k| cues[k].text.len())
            .sum();
        let mut texts = String::with_capacity(room);
        let entries = (0..cues.len())
            .map(|k| {
                kept(k).then(|| {
                    let (cue, from) = (&cues[k], texts.len());
                    texts.push_str(&cue.text);
                    Left {
                        text: from..texts.len(),
                        start: cue.start,
                        end: cue.end,
                        seen: Seen {
                            place: k,
                            class: class[k],
                        },
                    }
                })
            })
            .collect();
        Record {
            texts,
            cues: entries,
        }
    }

    /// What the next round reads: this round's record, with the words it
    /// found of every cue.
    pub(super) fn with_prints(self, prints: CuePrints) -> Unchanged {
        Unchanged {
            texts: self.texts,
            prints,
            cues: self.cues,
        }
    }
}

impl Unchanged {
    /// What the round that left cue `i` (now `cue`) as it is knew of
    /// it, if it did: its text and times are the same.
    pub(super) fn seen(&self, i: usize, cue: &Cue) -> Option<Seen> {
        let left = self.cues.get(i)?.as_ref()?;
        let same = left.start == cue.start
            && left.end == cue.end
            && self.texts[left.text.clone()] == cue.text;
        same.then_some(left.seen)
    }

    /// The words that round found of each cue, by its place then.
    pub(super) fn prints(&self) -> &CuePrints {
        &self.prints
    }

    /// Whether there is an entry for each of `cues` cues, as after a
    /// round: before the first, there is none.
    pub(super) fn covers(&self, cues: usize) -> bool {
        self.cues.len() == cues
    }

    /// Cue `a` and cue `b` trade places (see `Working::retain`).
    pub(crate) fn swap(&mut self, a: usize, b: usize) {
        if a.max(b) < self.cues.len() {
            self.cues.swap(a, b);
        }
    }

    /// Only the first `len` cues are left.
    pub(crate) fn truncate(&mut self, len: usize) {
        self.cues.truncate(len);
    }

    /// The last cue is gone.
    pub(crate) fn pop(&mut self) {
        self.cues.pop();
    }
}

#[cfg(test)]
thread_local! {
    /// Set by tests to read every cue in every round, the result passing
    /// over the unchanged ones must give.
    static READS_EVERY_CUE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Cues passed over on this thread.
    static PASSED_OVER: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Whether every cue is read in every round, none passed over (tests
/// only).
#[cfg(test)]
pub(super) fn reads_every_cue() -> bool {
    READS_EVERY_CUE.with(std::cell::Cell::get)
}

#[cfg(not(test))]
pub(super) fn reads_every_cue() -> bool {
    false
}

/// Counts a cue passed over (tests only).
pub(super) fn passed_over() {
    #[cfg(test)]
    PASSED_OVER.with(|n| n.set(n.get() + 1));
}

/// Cues passed over on this thread so far.
#[cfg(test)]
pub(super) fn passed_over_count() -> usize {
    PASSED_OVER.with(std::cell::Cell::get)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{Mode, parse};
    use crate::{Cleaned, Cleaner, Dictionary, Format, Options};

    /// Every fixture and, where they are, the real transcripts of
    /// bench/corpora/data (gitignored), with their format.
    fn transcripts() -> Vec<(String, Format)> {
        crate::artifacts::fixture_and_corpus_files()
            .into_iter()
            .filter(|(_, text)| text.len() < 4_000_000)
            .map(|(path, text)| {
                let format = Format::from_extension(&path).unwrap_or(Format::sniff(&text));
                (text, format)
            })
            .collect()
    }

    /// An SRT of `cues` cues of ordinary speech, with a credit every
    /// `every` cues and a line said over and over now and then: each
    /// window takes a second round after its first removal.
    fn credits_every(cues: usize, every: usize) -> String {
        let said = [
            "On parle de Kubernetes aujourd'hui.",
            "Oui, oui, oui, c'est vrai.",
            "Non ! Non ! Non !",
            "Et la base de données, elle tient la charge ?",
        ];
        let mut srt = String::new();
        for k in 0..cues {
            let text = if k % every == every / 2 {
                "Sous-titres réalisés par la communauté d'Amara.org"
            } else if k % 97 < 4 {
                "Merci d'avoir regardé cette vidéo !"
            } else {
                said[k % said.len()]
            };
            let start = Timestamp(k as u64 * 2000);
            let end = Timestamp(start.0 + 1800);
            srt.push_str(&format!(
                "{}\n{} --> {}\n{text}\n\n",
                k + 1,
                start.srt(),
                end.srt()
            ));
        }
        srt
    }

    fn clean(cleaner: &Cleaner, text: &str, format: Format, every_cue: bool) -> Option<Cleaned> {
        let transcript = parse(text, format, Mode::Lossy).ok()?.transcript;
        READS_EVERY_CUE.with(|r| r.set(every_cue));
        let cleaned = cleaner.clean(transcript);
        READS_EVERY_CUE.with(|r| r.set(false));
        Some(cleaned)
    }

    /// A round that passes over the cues the last one left as they are
    /// cleans as one that reads them all: the same text and the same
    /// changes, over every fixture, the real corpora when present, and
    /// transcripts that take a second round in every window.
    #[test]
    fn passing_over_unchanged_cues_is_reading_every_cue() {
        let cleaners = [
            Cleaner::new(Dictionary::default()).unwrap(),
            Cleaner::with_options(
                Dictionary::default(),
                Options {
                    aggressive_loops: true,
                    ..Default::default()
                },
            )
            .unwrap(),
        ];
        let mut inputs = transcripts();
        inputs.push((credits_every(3_000, 500), Format::Srt));
        inputs.push((credits_every(400, 7), Format::Srt));
        PASSED_OVER.with(|n| n.set(0));
        for cleaner in &cleaners {
            for (text, format) in &inputs {
                let Some(passing) = clean(cleaner, text, *format, false) else {
                    continue;
                };
                let reading = clean(cleaner, text, *format, true).unwrap();
                let head: String = text.chars().take(80).collect();
                assert_eq!(passing.changes, reading.changes, "{format:?} {head:?}");
                assert_eq!(
                    passing.transcript.cues, reading.transcript.cues,
                    "{format:?} {head:?}"
                );
            }
        }
        let passed = passed_over_count();
        assert!(passed > 5_000, "cues passed over: {passed}");
    }
}
