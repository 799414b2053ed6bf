//! What the artifact pass knows of the whole transcript as the recogniser
//! wrote it: whether its times are whole seconds, and how often each
//! suspect phrase stands alone between long silences. Both are read from
//! the cues as they come, before any pass changes them, so that a long
//! file cleaned a window at a time (src/clean/windows.rs) judges each
//! window by the same facts as the whole file, and the facts need one cue
//! at a time, not the file in memory.

use std::collections::HashMap;

use crate::artifacts::loops::line_key;
use crate::artifacts::{Artifacts, Class};
use crate::timestamp::Timestamp;
use crate::transcript::Cue;

use super::artifacts::SPARSE_GAP_MS;

/// Facts of a whole transcript (see the module comment).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// Nine in ten of the times are whole seconds: a cue's duration then
    /// says little about how fast it was said.
    pub coarse: bool,
    /// Nine in ten of the cues hold a single word (WhisperX's word list,
    /// a word per subtitle): identical cues in a row are then a word said
    /// again ("yeah yeah yeah"), judged as words are, and their durations
    /// are an aligner's, no evidence of speed.
    pub word_cues: bool,
    /// For each suspect phrase (by `line_key`), how many cues say it alone
    /// with `SPARSE_GAP_MS` of silence or more on each side.
    sparse: HashMap<String, usize>,
}

impl Facts {
    /// The facts of `cues`, a whole transcript.
    pub fn of(cues: &[Cue], artifacts: &Artifacts) -> Facts {
        let mut gathering = Gathering::new(artifacts);
        for cue in cues {
            gathering.push(cue);
        }
        gathering.finish()
    }

    /// How many cues of the transcript say `text` as a suspect phrase
    /// alone between long silences.
    pub fn sparse_copies(&self, text: &str) -> usize {
        line_key(text).map_or(0, |key| self.sparse.get(&key).copied().unwrap_or(0))
    }
}

/// Facts gathered one cue at a time, in the transcript's order.
pub struct Gathering<'a> {
    artifacts: &'a Artifacts,
    /// Times seen, and how many of them are whole seconds.
    times: usize,
    whole_seconds: usize,
    /// The end of the cue before, and whether there was one.
    previous: Option<Option<Timestamp>>,
    /// The last cue, if it is timed and has silence (or the file's start)
    /// before it: it counts once the silence after it is known.
    candidate: Option<Candidate>,
    sparse: HashMap<String, usize>,
    words: WordRuns,
}

/// Whether a transcript's cues each hold a word (WhisperX's word list, a
/// karaoke export, whisper-timestamped's split subtitles, whisper.cpp's
/// `-ml 1`), counted one cue at a time.
#[derive(Debug, Default)]
pub struct WordRuns {
    /// Cues holding words, a run of identical one-word cues counted once
    /// (a loop of a thousand "Yeah." does not make a file of sentences a
    /// word list); how many of them hold one word, and two at most; and
    /// how many last a second at most.
    runs: usize,
    one_word_runs: usize,
    two_word_runs: usize,
    brief_runs: usize,
    /// The last cue's word, when it held one alone.
    last_word: String,
}

impl WordRuns {
    /// Counts the next cue.
    pub fn push(&mut self, cue: &Cue) {
        // Only a lone word is kept to be compared with the next: most cues
        // of most files hold several words, and a copy of each would be
        // work for nothing.
        let words = words_up_to(&cue.text, 3);
        if words == 0 {
            return;
        }
        let text = cue.text.trim();
        if words == 1 && text.eq_ignore_ascii_case(&self.last_word) {
            return;
        }
        self.last_word.clear();
        self.runs += 1;
        self.one_word_runs += usize::from(words == 1);
        self.two_word_runs += usize::from(words <= 2);
        let brief = cue
            .start
            .zip(cue.end)
            .is_some_and(|(s, e)| e.0.saturating_sub(s.0) <= BRIEF_WORD_MS);
        self.brief_runs += usize::from(brief);
        if words == 1 {
            self.last_word.push_str(text);
        }
    }

    /// Nine cues in ten hold one word, of enough cues to say so. Or nine
    /// in ten hold two at most, two in three one, and half of them last a
    /// second at most: whisper.cpp's `-ml 1` writes a token a segment, and
    /// a token may hold two words ("you can", "by transcribing": four
    /// segments of 20 in one real file). The time rules out a language
    /// written without spaces, where a cue of one "word" is a sentence
    /// (a real Japanese meeting: 88% of its cues, half of them over 1.6 s).
    pub fn is_word_list(&self) -> bool {
        let runs = self.runs;
        runs >= WORD_LIST_MIN_CUES
            && (self.one_word_runs * 10 >= runs * 9
                || (self.two_word_runs * 10 >= runs * 9
                    && self.one_word_runs * 3 >= runs * 2
                    && self.brief_runs * 2 >= runs))
    }

    /// Whether `cues` are a word list.
    pub fn of<'c>(cues: impl IntoIterator<Item = &'c Cue>) -> bool {
        let mut runs = WordRuns::default();
        for cue in cues {
            runs.push(cue);
        }
        runs.is_word_list()
    }
}

/// A cue of a word list lasts about this long at most, most of the time:
/// the medians of real word lists are 0.18 to 0.62 s.
const BRIEF_WORD_MS: u64 = 1000;

struct Candidate {
    text: String,
    end: Option<Timestamp>,
}

impl<'a> Gathering<'a> {
    /// Nothing gathered yet; suspect phrases are those of `artifacts`.
    pub fn new(artifacts: &'a Artifacts) -> Gathering<'a> {
        Gathering {
            artifacts,
            times: 0,
            whole_seconds: 0,
            previous: None,
            candidate: None,
            sparse: HashMap::new(),
            words: WordRuns::default(),
        }
    }

    /// The next cue of the transcript.
    pub fn push(&mut self, cue: &Cue) {
        for time in [cue.start, cue.end].into_iter().flatten() {
            self.times += 1;
            self.whole_seconds += usize::from(time.0 % 1000 == 0);
        }
        if let Some(candidate) = self.candidate.take()
            && silence_between(candidate.end, cue.start)
        {
            self.count(&candidate.text);
        }
        let silence_before = match self.previous {
            None => true,
            Some(end) => silence_between(end, cue.start),
        };
        if cue.start.is_some() && silence_before {
            self.candidate = Some(Candidate {
                text: cue.text.clone(),
                end: cue.end,
            });
        }
        self.previous = Some(cue.end);
        self.words.push(cue);
    }

    /// The facts, once every cue has been pushed.
    pub fn finish(mut self) -> Facts {
        // The last cue has the end of the file after it.
        if let Some(candidate) = self.candidate.take() {
            self.count(&candidate.text);
        }
        Facts {
            coarse: self.times > 0 && self.whole_seconds * 10 >= self.times * 9,
            word_cues: self.words.is_word_list(),
            sparse: self.sparse,
        }
    }

    /// A cue alone between silences: counted if it is a suspect phrase.
    fn count(&mut self, text: &str) {
        if self.artifacts.classify_whole(text) != Some(Class::Suspect) {
            return;
        }
        if let Some(key) = line_key(text) {
            *self.sparse.entry(key).or_default() += 1;
        }
    }
}

/// How many words `text` holds, counted up to `most`: what
/// `split_whitespace().take(most).count()` gives, but reading ASCII a
/// byte at a time. Every cue of a long timed file is counted so on one
/// thread before its windows are cleaned, and decoding each character
/// was most of that.
fn words_up_to(text: &str, most: usize) -> usize {
    let bytes = text.as_bytes();
    let (mut words, mut in_word, mut i) = (0, false, 0);
    while let Some(&b) = bytes.get(i) {
        let (space, len) = if b.is_ascii() {
            // `char::is_whitespace` of ASCII: tab to carriage return
            // (the vertical tab included), and the space.
            (matches!(b, b' ' | b'\t'..=b'\r'), 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.len_utf8())
        };
        if !space && !in_word {
            words += 1;
            if words == most {
                return most;
            }
        }
        in_word = !space;
        i += len;
    }
    words
}

/// Whether `text` is a single word (its punctuation included).
pub(crate) fn one_word(text: &str) -> bool {
    let mut words = text.split_whitespace();
    words.next().is_some() && words.next().is_none()
}

/// Fewest cues (runs of identical ones counted once) that make a word
/// list: a short file of interjections ("Oui.", "Non.") is not one.
const WORD_LIST_MIN_CUES: usize = 20;

/// Whether the silence between a cue ending at `end` and the next one
/// starting at `start` is long, or unknown (an untimed neighbour).
fn silence_between(end: Option<Timestamp>, start: Option<Timestamp>) -> bool {
    match (end, start) {
        (Some(end), Some(start)) => start.0.saturating_sub(end.0) >= SPARSE_GAP_MS,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue(start_s: f64, end_s: f64, text: &str) -> Cue {
        Cue::timed(
            Timestamp((start_s * 1000.0) as u64),
            Timestamp((end_s * 1000.0) as u64),
            text,
            1,
        )
    }

    #[test]
    fn a_suspect_phrase_counts_only_alone_between_long_silences() {
        let artifacts = Artifacts::builtin(None).unwrap();
        let cues = [
            cue(0.0, 2.0, "Merci."),
            cue(30.0, 32.0, "merci !"),
            // Speech right after it: not alone.
            cue(60.0, 62.0, "Merci."),
            cue(62.5, 65.0, "On commence."),
            cue(90.0, 92.0, "Merci."),
        ];
        let facts = Facts::of(&cues, &artifacts);
        assert_eq!(facts.sparse_copies("MERCI"), 3);
        assert_eq!(facts.sparse_copies("On commence."), 0, "not a suspect");
        assert!(facts.coarse, "every time is a whole second");
    }

    #[test]
    fn a_word_list_is_nine_cues_in_ten_of_one_word_a_loop_counted_once() {
        let artifacts = Artifacts::builtin(None).unwrap();
        let words = |n: usize| -> Vec<Cue> {
            (0..n)
                .map(|k| cue(k as f64, k as f64 + 0.5, &format!("mot{k}")))
                .collect()
        };
        assert!(Facts::of(&words(20), &artifacts).word_cues);
        assert!(
            !Facts::of(&words(19), &artifacts).word_cues,
            "too few to tell"
        );
        // Two sentences in 20 cues: one in ten, still a word list; three
        // are not.
        let mut some = words(20);
        some[3].text = "puis trois mots".into();
        some[7].text = "et trois mots".into();
        assert!(Facts::of(&some, &artifacts).word_cues);
        some[11].text = "encore une phrase".into();
        assert!(!Facts::of(&some, &artifacts).word_cues);
        // whisper.cpp's `-ml 1`: a token a cue, some of two words; so
        // long a "word" is a sentence of a language written without
        // spaces.
        let mut tokens = words(20);
        for k in [4, 9, 13, 17, 19] {
            tokens[k].text = format!("et mot{k}");
        }
        assert!(Facts::of(&tokens, &artifacts).word_cues);
        let slow: Vec<Cue> = tokens
            .iter()
            .enumerate()
            .map(|(k, c)| cue(2.0 * k as f64, 2.0 * k as f64 + 1.5, &c.text))
            .collect();
        assert!(!Facts::of(&slow, &artifacts).word_cues);
        tokens[2].text = "et trois mots".into();
        tokens[6].text = "et trois mots".into();
        assert!(!Facts::of(&tokens, &artifacts).word_cues);
        // Sentences followed by a thousand "Yeah." are sentences.
        let mut looped: Vec<Cue> = (0..30)
            .map(|k| cue(k as f64, k as f64 + 0.5, &format!("Une phrase numéro {k}.")))
            .collect();
        looped.extend((0..1000).map(|k| cue(30.0 + k as f64, 30.5 + k as f64, "Yeah.")));
        assert!(!Facts::of(&looped, &artifacts).word_cues);
    }

    /// Words counted a byte at a time are those `split_whitespace` finds:
    /// every string of up to four of a letter, an accented one, the space,
    /// the vertical tab, the no-break and em spaces (white space) and the
    /// zero-width space (not), and 5,000 longer ones.
    #[test]
    fn words_counted_by_bytes_are_the_standard_words() {
        assert_eq!(words_up_to(" Oui.\u{a0}! ", 3), 2);
        assert_eq!(words_up_to("un deux trois quatre", 3), 3);
        assert_eq!(words_up_to("\u{b}\t\r\n", 3), 0);
        let parts = ["a", "é", " ", "\u{b}", "\u{a0}", "\u{2003}", "\u{200b}"];
        let texts = crate::test_strings::strings_of(&parts, 3, 5_000);
        assert_eq!(texts.len(), 2_801 + 5_000);
        for text in &texts {
            for most in 1..=3 {
                assert_eq!(
                    words_up_to(text, most),
                    text.split_whitespace().take(most).count(),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn milliseconds_make_times_fine() {
        let artifacts = Artifacts::builtin(None).unwrap();
        let cues = [cue(0.0, 1.25, "Bonjour."), cue(1.5, 3.0, "Oui.")];
        assert!(!Facts::of(&cues, &artifacts).coarse);
        let untimed = [Cue::untimed("Merci.".to_string(), 1)];
        let facts = Facts::of(&untimed, &artifacts);
        assert_eq!(facts, Facts::default(), "untimed text has no such facts");
    }
}
