//! The artifact pass: removes what is certainly invented, and proposes
//! what only may be. A removal needs evidence beyond a count people also
//! reach: a credit from the lists, a loop longer than any measured in real
//! speech (artifacts/loops.rs), or the recogniser's own signals (Whisper
//! doubted the segment, the text could not be spoken in its duration, the
//! copies each fill a decoding window or stand alone after long
//! silences). Anything weaker is reported as a suggestion and left in the
//! text, unless `--aggressive-loops` asks for it. Every removal and every
//! suggestion is a change with its evidence.

use std::ops::Range;

use crate::artifacts::loops::{self, CUE_CERTAIN, CUE_SUGGESTED};
use crate::artifacts::{Artifacts, Class, Thresholds};
use crate::change::{Change, Rule};
use crate::timestamp::Timestamp;
use crate::transcript::Cue;

use super::cue_prints::{CuePrints, KEPT_PRINTS_MAX_BYTES};
use super::decisions::Decisions;
use super::facts::{Facts, one_word};
use super::origin::Origin;
use super::unchanged::{self, Record, Unchanged};
use super::working::Working;

/// Faster than anyone speaks, characters a second (spaces and punctuation
/// included): a segment with more text than this in its time was not
/// spoken as written. In the timed corpora (6,534 cues, BENCHMARKS.md
/// "Repetitions") real cues reach 50 cps at the 99.9th percentile and 73
/// at most (a whole-second SRT); micro loops put a word in 0 to 20 ms.
pub const MAX_SPOKEN_CPS: f64 = 80.0;
/// No word is said in less: the shortest real cue of the corpora is a
/// 115 ms "ouais.".
pub const MIN_WORD_MS: u64 = 60;
/// Three identical cues or more, each under this, are a micro loop: a run
/// of real words is not cut into segments this short ("Bye." ×35 in 20 to
/// 100 ms segments; a crowd's "Let's go DC!" ×3 took 220 to 720 ms each).
const BRIEF_MS: u64 = 150;
/// Silence around each copy of a repeated line that makes it a loop even
/// when it repeats only a few times: a recogniser stuck on one line writes
/// it again at each 30 s window over music or noise; people do not say the
/// same line three times with 20 s of silence between.
pub const SPARSE_GAP_MS: u64 = 10_000;
/// A segment this long whose text takes under a quarter of it to say (at
/// 15 characters a second) is a decoding window filled by a stuck decoder
/// ("To become one of them, one must drink the seed of the creature." in
/// six 30 s segments).
const STRETCHED_MS: u64 = 20_000;
/// A line of this many different words said 5 times in a row is a loop:
/// the songs of the corpus repeat short lines ("oh" ×6 on 8 lines, a
/// 3-word hook twice a line), and speech repeats a phrase at most 3 times.
const LONG_LINE_WORDS: usize = 8;
const LONG_LINE_CERTAIN: usize = 5;
/// A suspect phrase alone in this many cues in a row is a loop whatever
/// else is known, as a phrase repeated inside a line is: people answer
/// "Okay." three times over in a dialogue (wild file 57), and natural
/// speech repeats a phrase across lines at most 3 times in the labelled
/// corpora. Fewer copies need evidence (timing, scores, silences, or the
/// phrase invented alone between silences elsewhere in the file).
const SUSPECT_CUES_CERTAIN: usize = loops::PHRASE_CERTAIN;

/// What the pass does with what is not certain.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Mode<'a> {
    /// Remove the suggested loops and suspect phrases too.
    pub aggressive: bool,
    /// A reviewer's verdicts: removals they rejected are not made,
    /// suggestions they accepted are.
    pub decisions: &'a Decisions,
}

impl Mode<'_> {
    /// Whether a removal is made: as the reviewer decided, else if it is
    /// `certain` or `--aggressive-loops` asks for every suggestion.
    fn applies(&self, change: &Change, certain: bool) -> bool {
        self.decisions.applies(change, certain || self.aggressive)
    }

    /// The evidence of an uncertain removal made anyway, saying why.
    fn uncertain(&self, change: &Change, evidence: String) -> String {
        if self.decisions.accepted(change) {
            format!("{evidence} (uncertain; accepted in review)")
        } else {
            format!("{evidence} (uncertain; removed by --aggressive-loops)")
        }
    }
}

pub(crate) fn remove(
    cues: &mut Working,
    artifacts: &Artifacts,
    facts: &Facts,
    thresholds: &Thresholds,
    mode: Mode,
    changes: &mut Vec<Change>,
    suggestions: &mut Vec<Change>,
) {
    let n = cues.cues.len();
    let changes_before = changes.len();
    // The cues the last round left as they still are: their class is
    // known, and the pass inside cues passes over them.
    let previous = std::mem::take(&mut cues.unchanged);
    let previous = if previous.covers(n) && !unchanged::reads_every_cue() {
        previous
    } else {
        Unchanged::default()
    };
    // Each cue's class, and its place in the last round if it was left
    // as it is; a large transcript in two halves, one per core.
    let classify = |cues: &[Cue], first: usize| -> (Vec<Option<Class>>, Vec<Option<usize>>) {
        let (mut class, mut then) = (Vec::with_capacity(cues.len()), vec![None; cues.len()]);
        for (k, c) in cues.iter().enumerate() {
            match previous.seen(first + k, c) {
                Some(seen) => {
                    debug_assert_eq!(seen.class, artifacts.classify_whole(&c.text), "{c:?}");
                    then[k] = Some(seen.place);
                    class.push(seen.class);
                }
                None => class.push(artifacts.classify_whole(&c.text)),
            }
        }
        (class, then)
    };
    let (class, then) = if n >= PARALLEL_MIN_CUES {
        let (first, second) = cues.cues.split_at(n / 2);
        let ((mut class, mut then), second) =
            crate::parallel::join(|| classify(first, 0), || classify(second, n / 2));
        let (class_b, then_b) = second.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        class.extend(class_b);
        then.extend(then_b);
        (class, then)
    } else {
        classify(&cues.cues, 0)
    };
    let mut fates = vec![Fate::Keep; n];
    let mut out = Outcome {
        mode,
        changes,
        suggestions,
    };
    let coarse = facts.coarse;
    let whole = Whole {
        cues,
        class: &class,
        thresholds,
        facts,
    };
    whole.line_loops(&mut fates, &mut out);
    whole.suspects(artifacts, &mut fates, &mut out);
    // Inside each cue still kept: phrase loops and glued credits. A large
    // transcript is done in two halves, one per core (a plain-text
    // transcript has a cue per line). The cues the last round left as
    // they still are are passed over.
    let middle = if n >= PARALLEL_MIN_CUES { n / 2 } else { n };
    let (cues_a, cues_b) = cues.cues.split_at_mut(middle);
    let (origins_a, origins_b) = cues.origins.split_at_mut(middle);
    let (fates_a, fates_b) = fates.split_at(middle);
    let context = Within {
        artifacts,
        thresholds,
        mode,
        coarse,
        previous: previous.prints(),
    };
    let (then_a, then_b) = then.split_at(middle);
    let (first, second) = if cues_b.is_empty() {
        (context.run(cues_a, origins_a, fates_a, then_a), None)
    } else {
        let (first, second) = crate::parallel::join(
            || context.run(cues_a, origins_a, fates_a, then_a),
            || context.run(cues_b, origins_b, fates_b, then_b),
        );
        (first, Some(second))
    };
    let mut found = first;
    if let Some(second) = second {
        found.append(second.unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
    }
    // The last round's texts are not needed past here.
    drop(previous);
    let Found {
        emptied,
        changes: removed,
        suggestions: proposed,
        prints,
        left,
    } = found;
    out.changes.extend(removed);
    // A removal in this round (so far) means another round: what the
    // pass just left is recorded for it, before the search across cues
    // changes anything. A round that only that search, or the dropped
    // lines, start reads every cue again.
    let record =
        (out.changes.len() > changes_before).then(|| Record::of(&cues.cues, &left, &class));
    out.suggestions.extend(proposed);
    for (fate, emptied) in fates.iter_mut().zip(&emptied) {
        if *emptied {
            *fate = Fate::Remove;
        }
    }
    across_cues(cues, &mut fates, coarse, &mut out, &prints);
    // Moved with the cues from here on: what the search across cues,
    // the times it joins and the removals change, the next round sees.
    if let Some(record) = record {
        cues.unchanged = record.with_prints(prints);
    }
    for kept in 0..fates.len() {
        if let Fate::KeepUntil(last) = fates[kept] {
            cues.cues[kept].end = joined_end(&cues.cues, &fates, kept, last);
        }
    }
    let mut index = 0;
    cues.retain(|_, _, _| {
        index += 1;
        fates[index - 1] != Fate::Remove
    });
}

/// Where the copy kept at `kept` ends once the removed copies after it,
/// up to `last`, are gone: it takes the time of those that follow it
/// without a pause, as Subtitle Edit's "merge lines with same text" does,
/// and stops before its span would be one this pass calls a stuck
/// decoder's window (`too_long_for`). A loop spread over silences
/// ("namaskar." every 10 s for 98 minutes, wild file 03), or written back
/// to back for 38 minutes (wild file 07), would otherwise put its one
/// kept line on screen for the whole of it.
fn joined_end(cues: &[Cue], fates: &[Fate], kept: usize, last: usize) -> Option<Timestamp> {
    let chars = said_chars(&cues[kept]);
    let (start, mut end) = (cues[kept].start, cues[kept].end);
    for (cue, fate) in cues[kept + 1..=last].iter().zip(&fates[kept + 1..=last]) {
        if *fate != Fate::Remove {
            break; // a cue still shown: the kept copy does not cover it
        }
        let (Some(s), Some(e), Some(next), Some(until)) = (start, end, cue.start, cue.end) else {
            break;
        };
        if next.0 > e.0 + JOINED_PAUSE_MS || too_long_for(chars, until.0.saturating_sub(s.0)) {
            break;
        }
        end = end.max(cue.end);
    }
    end
}

/// The longest pause between two copies of a loop over which the copy
/// kept takes the next one's time: Subtitle Edit's default for merging
/// lines with the same text.
const JOINED_PAUSE_MS: u64 = 250;

/// A phrase looping over several cues ("Und ich habe immer den iPod mit
/// mir." through three segments, "No." 36 times over eight lines). People
/// repeat across cues too (a song's "oh oh oh oh oh oh" on eight lyric
/// lines), so the count is not enough here: the copies must also have been
/// said faster than anyone speaks, or stand in a cue too short to hold them.
fn across_cues(
    cues: &mut Working,
    fates: &mut [Fate],
    coarse: bool,
    out: &mut Outcome,
    prints: &CuePrints,
) {
    let kept: Vec<usize> = (0..cues.cues.len())
        .filter(|&i| fates[i] != Fate::Remove)
        .collect();
    if kept.len() < 2 {
        return;
    }
    let linked = may_loop_across(&kept, |i| prints.of(i, &cues.cues[i].text));
    across_linked(cues, fates, coarse, out, &kept, linked);
}

/// Only runs of cues whose boundaries a loop could cross are joined and
/// searched, last run first (the order one search of everything gave).
fn across_linked(
    cues: &mut Working,
    fates: &mut [Fate],
    coarse: bool,
    out: &mut Outcome,
    kept: &[usize],
    Linked { linked, last_word }: Linked,
) {
    // A run starts at every cue not linked to the one before it.
    let mut starts: Vec<usize> = (1..kept.len()).filter(|&k| !linked[k]).collect();
    starts.insert(0, 0);
    starts.push(kept.len());
    let runs: Vec<std::ops::Range<usize>> = starts
        .windows(2)
        .map(|w| w[0]..w[1])
        .filter(|run| run.len() >= 2)
        .collect();
    for run in runs.into_iter().rev() {
        let ends_text = last_word.is_none_or(|last| run.end > last);
        across_run(cues, fates, coarse, out, &kept[run], ends_text);
    }
}

/// For each kept cue, whether a loop could run from the cue before it
/// into it. loops.rs finds a phrase of `k` words (at most eight) only
/// when it comes `loops::suggested_count(k)` times in a row, and then
/// each of the words after the first copy equals the word `k` before it:
/// a run of at least `(count - 1) * k` such words. One pass over the
/// words keeps, for each `k`, the length of the current run; the cues a
/// long enough run spans are linked. A cue opening on punctuation belongs
/// to the word before it and stays linked to that word's cue.
fn may_loop_across<I>(kept: &[usize], prints_of: impl Fn(usize) -> I) -> Linked
where
    I: Iterator<Item = Option<u64>>,
{
    const K: usize = loops::MAX_PHRASE_WORDS;
    /// Words remembered: the longest run that first reaches its
    /// threshold, and the copy before it.
    const MEMORY: usize = 4 * K;
    let needed = loops::repeats_needed;
    let mut linked = vec![false; kept.len()];
    // The last words: (fingerprint, ordinal of its cue in `kept`).
    let mut recent = [(0u64, 0usize); MEMORY];
    let mut runs = [0usize; K + 1];
    // Bit k: runs[k] is not 0.
    let mut going = 0u32;
    // How many of the last K words' fingerprints fall in each bucket.
    let mut in_last_k = [0u8; 64];
    let bucket = |print: u64| (print % 64) as usize;
    let mut seen = 0usize;
    for (ordinal, &i) in kept.iter().enumerate() {
        for (index, print) in prints_of(i).enumerate() {
            let Some(print) = print else {
                if index == 0 {
                    // Punctuation opening a cue is the last word's, however
                    // many cues without a word stand between.
                    let after = if seen == 0 {
                        1
                    } else {
                        recent[(seen - 1) % MEMORY].1 + 1
                    };
                    for flag in linked.iter_mut().take(ordinal + 1).skip(after) {
                        *flag = true;
                    }
                }
                continue;
            };
            // Which of the last K words this one repeats: for most words
            // none, and no run is going on, so nothing more is done. The
            // last K words' fingerprints by their low bits say "none" at a
            // look for most of them.
            let mut repeats = 0u32;
            if in_last_k[bucket(print)] > 0 {
                for k in 1..=K.min(seen) {
                    repeats |= u32::from(recent[(seen - k) % MEMORY].0 == print) << k;
                }
            }
            for k in bits(going & !repeats) {
                runs[k] = 0;
            }
            going = repeats;
            for k in bits(repeats) {
                runs[k] += 1;
                if runs[k] == needed(k) {
                    // The run's first word is a copy `k` before its start.
                    let (_, from) = recent[(seen + 1 - runs[k] - k) % MEMORY];
                    for flag in &mut linked[from + 1..=ordinal] {
                        *flag = true;
                    }
                } else if runs[k] > needed(k) {
                    // The run goes on into this cue (and any wordless
                    // cues between).
                    let (_, previous) = recent[(seen - 1) % MEMORY];
                    for flag in &mut linked[previous + 1..=ordinal] {
                        *flag = true;
                    }
                }
            }
            if seen >= K {
                in_last_k[bucket(recent[(seen - K) % MEMORY].0)] -= 1;
            }
            in_last_k[bucket(print)] += 1;
            recent[seen % MEMORY] = (print, ordinal);
            seen += 1;
        }
    }
    let last_word = seen.checked_sub(1).map(|last| recent[last % MEMORY].1);
    Linked { linked, last_word }
}

/// The positions of the bits set in `set`, lowest first.
fn bits(mut set: u32) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        let k = set.trailing_zeros();
        (set != 0).then(|| {
            set &= set - 1;
            k as usize
        })
    })
}

/// For each cue, whether a loop could run into it from the cue before
/// (no cue removed): windows.rs asks it of the lines around a cut.
pub(super) fn linked_cues(cues: &[Cue]) -> Vec<bool> {
    let kept: Vec<usize> = (0..cues.len()).collect();
    may_loop_across(&kept, |i| loops::token_prints(&cues[i].text)).linked
}

/// Which cues a loop could run into from the cue before, and the cue of
/// the transcript's last word (a loop may trail off in a partial copy
/// only at the very end).
struct Linked {
    linked: Vec<bool>,
    last_word: Option<usize>,
}

/// `collapse`, a loop's copies after the first, moved on to end with the
/// cue it ends in when all it leaves there is punctuation. The copies
/// end with their mark ("Thank you." in each cue): the collapse keeps the
/// first copy's words and the last copy's mark, which would leave a cue
/// holding "." alone (a faster-whisper loop, wild file 03). Removing as
/// many characters a mark later removes the same text, since the copies
/// repeat: the first copy stays whole, and the last cue is emptied.
fn ending_with_the_cue(joined: &str, collapse: Range<usize>, cue_end: usize) -> Range<usize> {
    let Some(rest) = joined.get(collapse.end..cue_end) else {
        return collapse;
    };
    let shift = rest.len();
    if shift == 0 || shift >= collapse.len() || rest.chars().any(char::is_alphanumeric) {
        return collapse;
    }
    match joined.get(collapse.start..collapse.start + shift) {
        Some(head) if head == rest => collapse.start + shift..collapse.end + shift,
        _ => collapse,
    }
}

/// Cross-cue loops in one run of linked cues (indices in `run`).
fn across_run(
    cues: &mut Working,
    fates: &mut [Fate],
    coarse: bool,
    out: &mut Outcome,
    kept: &[usize],
    ends_text: bool,
) {
    let mut joined = String::new();
    let mut starts = Vec::with_capacity(kept.len());
    for &i in kept {
        if !joined.is_empty() {
            joined.push('\n');
        }
        starts.push(joined.len());
        joined.push_str(&cues.cues[i].text);
    }
    let cue_of = |offset: usize| starts.partition_point(|&s| s <= offset) - 1;
    let words = loops::Words::of(&joined);
    for l in loops::phrase_loops_in(&joined, &words, ends_text)
        .iter()
        .rev()
    {
        let (first, last) = (cue_of(l.first.start), cue_of(l.end.saturating_sub(1)));
        if first == last {
            continue;
        }
        let last_end = starts[last] + cues.cues[kept[last]].text.len();
        let collapse = ending_with_the_cue(&joined, l.collapse.clone(), last_end);
        let run: Vec<&Cue> = (first..=last).map(|k| &cues.cues[kept[k]]).collect();
        let span = match (run[0].start, run[run.len() - 1].end) {
            (Some(s), Some(e)) => Some(e.0.saturating_sub(s.0)),
            _ => None,
        };
        let chars = joined[l.first.start..l.end].chars().count() as f64;
        let hurried = run.iter().any(|c| too_fast(c, coarse))
            || span.is_some_and(|d| chars * 1000.0 > MAX_SPOKEN_CPS * d as f64);
        let unit = unit_name(l.words);
        let certain = l.is_certain() && hurried;
        let evidence = if certain {
            format!(
                "{unit} said {} times over {} cues, faster than anyone speaks",
                l.count,
                run.len()
            )
        } else {
            format!(
                "{unit} said {} times over {} cues; a song or a chant may do that",
                l.count,
                run.len()
            )
        };
        let suggestion = {
            // Where `before`, the collapse without the spaces and line
            // breaks around it, begins: the collapse moved on may begin
            // between two cues.
            let removed = &joined[collapse.clone()];
            let at = collapse.start + (removed.len() - removed.trim_start().len());
            let c = cue_of(at);
            let (k, local) = (kept[c], at - starts[c]);
            let (line, column) = cues.origins[k].position(&cues.cues[k].text, local);
            Change {
                rule: Rule::PhraseLoopSuggestion,
                line,
                column,
                before: removed.trim().to_string(),
                after: String::new(),
                term: None,
                score: None,
                evidence: Some(evidence.clone()),
                end: None,
            }
        };
        // The collapse range, cue by cue (each cue holds one piece, so
        // all are planned before any is made).
        let pieces: Vec<(usize, Deletion)> = (first..=last)
            .rev()
            .filter_map(|k| {
                let (s, e) = (starts[k], starts[k] + cues.cues[kept[k]].text.len());
                let (a, b) = (collapse.start.max(s), collapse.end.min(e));
                if a >= b {
                    return None;
                }
                let i = kept[k];
                Deletion::plan(
                    &cues.cues[i],
                    &cues.origins[i],
                    a - s..b - s,
                    Rule::PhraseLoop,
                )
                .map(|piece| (i, piece))
            })
            .collect();
        // A reviewer who kept any piece kept the loop.
        let decisions = out.mode.decisions;
        if !out.mode.applies(&suggestion, certain)
            || !pieces
                .iter()
                .all(|(_, p)| decisions.applies(&p.change, true))
        {
            if !certain {
                out.suggestions.push(suggestion);
            }
            continue;
        }
        let evidence = if certain {
            evidence
        } else {
            out.mode.uncertain(&suggestion, evidence)
        };
        for (i, mut piece) in pieces {
            piece.change.evidence = Some(evidence.clone());
            let (cue, origin) = (&mut cues.cues[i], &mut cues.origins[i]);
            piece.make(cue, origin, out.changes);
            if cue.text.trim().is_empty() {
                fates[i] = Fate::Remove;
            }
        }
        // The cue that keeps the first copy lasts until the loop ended.
        let last_cue = kept[last];
        if fates[last_cue] == Fate::Remove && fates[kept[first]] == Fate::Keep {
            fates[kept[first]] = Fate::KeepUntil(last_cue);
        }
    }
}

/// What the pass inside cues found in some of them, in their order.
struct Found {
    /// Which cues it emptied.
    emptied: Vec<bool>,
    changes: Vec<Change>,
    suggestions: Vec<Change>,
    prints: CuePrints,
    /// Which cues it left as they were.
    left: Vec<bool>,
}

impl Found {
    /// Adds what was found in the cues after these.
    fn append(&mut self, later: Found) {
        self.emptied.extend(later.emptied);
        self.changes.extend(later.changes);
        self.suggestions.extend(later.suggestions);
        self.prints.append(later.prints);
        self.left.extend(later.left);
    }
}

/// Below this many cues one thread is faster than two.
const PARALLEL_MIN_CUES: usize = 100_000;

/// What becomes of one cue.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fate {
    Keep,
    /// The first of a loop: keeps its text, ends where the loop ended.
    KeepUntil(usize),
    Remove,
}

/// Where removals and suggestions go, and whether suggestions apply.
struct Outcome<'a, 'd> {
    mode: Mode<'d>,
    changes: &'a mut Vec<Change>,
    suggestions: &'a mut Vec<Change>,
}

impl Outcome<'_, '_> {
    /// Records a removal that is `certain`, or else a suggestion, which
    /// `--aggressive-loops` or a reviewer applies; says whether the
    /// removal happens. A certain removal a reviewer rejected is neither.
    fn propose(&mut self, mut change: Change, certain: bool) -> bool {
        if !self.mode.applies(&change, certain) {
            if !certain {
                self.suggestions.push(change);
            }
            false
        } else if certain {
            self.changes.push(change);
            true
        } else {
            change.rule = change.rule.applied();
            let evidence = change.evidence.take();
            change.evidence = evidence.map(|e| self.mode.uncertain(&change, e));
            self.changes.push(change);
            true
        }
    }
}

/// The judges of whole cues: what they read of the transcript.
struct Whole<'a> {
    cues: &'a Working,
    /// Each cue's class, when it is nothing but a listed phrase.
    class: &'a [Option<Class>],
    thresholds: &'a Thresholds,
    /// What the pass knows of the whole transcript (`facts.coarse`: times
    /// rounded to whole seconds, so durations are no evidence).
    facts: &'a Facts,
}

impl Whole<'_> {
    /// Runs of identical consecutive cues, judged by their length and by
    /// what the recogniser says of each copy.
    fn line_loops(&self, fates: &mut [Fate], out: &mut Outcome) {
        let Whole {
            cues,
            class,
            thresholds,
            facts,
        } = *self;
        let coarse = facts.coarse;
        let c = &cues.cues;
        let n = c.len();
        let mut i = 0;
        while i < n {
            let mut j = i + 1;
            while j < n && loops::same_line(&c[i].text, &c[j].text) {
                j += 1;
            }
            let copies = j - i;
            if copies >= 2 {
                let run = &c[i..j];
                let gaps = || (i + 1..j).map(|k| gap(c, k - 1, k));
                // The shortest silence before a copy, when every copy has
                // a long one before it: a loop however short.
                let least_silence = (copies >= CUE_SUGGESTED
                    && gaps().all(|g| g.is_some_and(|g| g >= SPARSE_GAP_MS)))
                .then(|| gaps().flatten().min().unwrap_or(0));
                // How often the file has the recogniser invent this phrase
                // alone between long silences.
                let invented_alone = if class[i] == Some(Class::Suspect) {
                    facts.sparse_copies(&c[i].text)
                } else {
                    0
                };
                let verdict = if class[i] == Some(Class::Always) {
                    Some((true, true, format!("a credit repeated {copies} times")))
                } else if facts.word_cues && one_word(&c[i].text) {
                    word_run(copies, least_silence)
                } else if copies >= CUE_SUGGESTED && !c[i].text.chars().any(char::is_alphanumeric) {
                    // "...", "♪♪": nothing anyone said is lost. A number is
                    // a word ("7. 7. 7.", a score read out). The first copy
                    // stays, lasting until the last ended: music goes on
                    // under one "♪♪", even though "♪" is a suspect phrase.
                    Some((
                        true,
                        false,
                        format!(
                            "{copies} cues in a row holding no word (\"{}\")",
                            c[i].text.trim()
                        ),
                    ))
                } else if class[i] == Some(Class::Suspect) && copies >= SUSPECT_CUES_CERTAIN {
                    Some((
                        true,
                        true,
                        format!("a phrase recognisers invent, repeated in {copies} cues"),
                    ))
                } else if copies >= CUE_SUGGESTED && invented_alone >= CUE_SUGGESTED {
                    // The recogniser invents this phrase in this file: it
                    // stands alone between long silences elsewhere.
                    Some((
                        true,
                        true,
                        format!(
                            "a phrase recognisers invent, repeated in {copies} cues, and written {invented_alone} times in the file alone after {} s of silence or more",
                            SPARSE_GAP_MS / 1000
                        ),
                    ))
                } else if copies >= LONG_LINE_CERTAIN
                    && distinct_words(&said(&c[i])) >= LONG_LINE_WORDS
                {
                    Some((
                        true,
                        false,
                        format!(
                            "a sentence of {} different words said {copies} times in a row; people and songs repeat short lines, not sentences",
                            distinct_words(&said(&c[i]))
                        ),
                    ))
                } else if copies >= CUE_CERTAIN {
                    Some((
                        true,
                        false,
                        format!(
                            "{copies} identical cues in a row; people repeat a line at most {} times",
                            CUE_CERTAIN - 2
                        ),
                    ))
                } else if run.iter().all(|cue| too_fast(cue, coarse))
                    || (copies >= CUE_SUGGESTED
                        && !coarse
                        && run
                            .iter()
                            .all(|cue| duration(cue).is_some_and(|d| d < BRIEF_MS)))
                {
                    Some((
                        true,
                        false,
                        format!("{copies} identical cues, each too short to be said"),
                    ))
                } else if run
                    .iter()
                    .all(|cue| doubted(cue, thresholds).is_some_and(|d| d.strong))
                {
                    Some((
                        true,
                        false,
                        format!("{copies} identical cues, each doubted by Whisper"),
                    ))
                } else if run.iter().all(stretched) {
                    Some((
                        true,
                        false,
                        format!(
                            "{copies} identical cues, each filling a long segment it takes a moment to say"
                        ),
                    ))
                } else if let Some(least) = least_silence {
                    Some(after_silences(copies, least))
                } else if copies >= CUE_SUGGESTED {
                    Some((
                        false,
                        false,
                        format!(
                            "{copies} identical cues in a row; people rarely repeat a line {copies} times, but a song may"
                        ),
                    ))
                } else {
                    None
                };
                if let Some((certain, all, evidence)) = verdict {
                    let first = if all { i } else { i + 1 };
                    let rule = if certain {
                        Rule::Loop
                    } else {
                        Rule::LoopSuggestion
                    };
                    // Each copy kept (the first, unless the whole run goes,
                    // or one a reviewer kept) lasts until the copies removed
                    // right after it: the timeline keeps no hole.
                    let mut anchor = (!all).then_some(i);
                    for k in first..j {
                        let change = removal(rule, &c[k], &cues.origins[k], evidence.clone());
                        if out.propose(change, certain) {
                            fates[k] = Fate::Remove;
                            if let Some(a) = anchor {
                                fates[a] = Fate::KeepUntil(k);
                            }
                        } else {
                            anchor = Some(k);
                        }
                    }
                }
            }
            i = j;
        }
    }

    /// Suspect phrases alone in a cue ("Merci.", "Thank you."): people
    /// say them, so each needs evidence; weak evidence makes a suggestion.
    fn suspects(&self, artifacts: &Artifacts, fates: &mut [Fate], out: &mut Outcome) {
        let Whole {
            cues,
            class,
            thresholds,
            facts,
        } = *self;
        let coarse = facts.coarse;
        let c = &cues.cues;
        let n = c.len();
        // The file's tail of invented text: suspects and credits after the
        // last cue that is neither.
        let tail_start = (0..n)
            .rev()
            .find(|&i| class[i].is_none() && !c[i].text.trim().is_empty())
            .map_or(0, |i| i + 1);
        let tail_suspects = (tail_start..n)
            .filter(|&i| class[i] == Some(Class::Suspect))
            .count();
        let tail_ms = match (
            c.get(tail_start).and_then(|f| f.start),
            c.last().and_then(|l| l.end),
        ) {
            (Some(a), Some(b)) => b.0.saturating_sub(a.0),
            _ => 0,
        };
        for i in 0..n {
            if class[i] != Some(Class::Suspect) || fates[i] != Fate::Keep {
                continue;
            }
            let cue = &c[i];
            let next_to_credit = [i.wrapping_sub(1), i + 1]
                .into_iter()
                .filter(|&k| k < n)
                .find(|&k| {
                    class[k] == Some(Class::Always) || !artifacts.find_always(&c[k].text).is_empty()
                });
            let sparse = if isolated(c, i) {
                facts.sparse_copies(&cue.text)
            } else {
                0
            };
            let alone = match (gap(c, i.wrapping_sub(1), i), gap(c, i, i + 1)) {
                (before, after) if cue.start.is_some() => {
                    before.is_none_or(|g| g >= thresholds.gap_ms)
                        && after.is_none_or(|g| g >= thresholds.gap_ms)
                }
                _ => false,
            };
            // Beside a credit, a suspect phrase belongs to the invented block
            // only if silence parts it from the speech on its other side: the
            // host's real "au revoir" before a credit at the end of a plain
            // text file (the user's episode) stays.
            let in_credit_block = next_to_credit.filter(|&k| {
                let other = if k < i { i + 1 } else { i.wrapping_sub(1) };
                let (a, b) = if other < i { (other, i) } else { (i, other) };
                cue.start.is_some()
                    && (other >= n || gap(c, a, b).is_some_and(|g| g >= thresholds.gap_ms))
            });
            let doubt = doubted(cue, thresholds);
            // One cue too short for its word is weak evidence alone: human
            // alignments give overlapped words 0 ms too ("oui." in the
            // Rhapsodie corpus). Repeated, it is a micro loop (line_loops).
            // In a word list every cue has an aligner's time: none.
            let hurried = (too_fast(cue, coarse) && !facts.word_cues).then(|| {
            format!(
                "said in {} ms, too short for its {} characters, but one such cue may be a timing slip",
                duration(cue).unwrap_or(0),
                cue.text.trim().chars().count()
            )
        });
            let certain = if let Some(d) = doubt.as_ref().filter(|d| d.strong) {
                Some(d.why.clone())
            } else if let Some(k) = in_credit_block {
                Some(format!(
                    "next to the invented credit at line {}, with silence before the speech",
                    cues.origins[k].line(0)
                ))
            } else if sparse >= CUE_SUGGESTED {
                Some(format!(
                    "written {sparse} times in the file, each alone after {} s of silence or more",
                    SPARSE_GAP_MS / 1000
                ))
            } else if i >= tail_start
                && tail_suspects >= TAIL_SUSPECTS
                && tail_ms >= TAIL_MS
                && alone
            {
                Some(format!(
                    "one of {tail_suspects} such phrases filling {} s after the last speech, each alone between silences",
                    tail_ms / 1000
                ))
            } else {
                None
            };
            let (certain, evidence) = match certain {
                Some(why) => (true, why),
                None if let Some(d) = doubt => (false, d.why),
                None if let Some(why) = hurried => (false, why),
                None if let Some(k) = next_to_credit => (
                    false,
                    format!(
                        "next to the invented credit at line {}, but nothing parts it from the speech",
                        cues.origins[k].line(0)
                    ),
                ),
                None if alone => (
                    false,
                    format!(
                        "alone between silences of {} s or more, but people say it too",
                        thresholds.gap_ms as f64 / 1000.0
                    ),
                ),
                None => continue,
            };
            let rule = if certain {
                Rule::SuspectArtifact
            } else {
                Rule::SuspectSuggestion
            };
            if out.propose(removal(rule, cue, &cues.origins[i], evidence), certain) {
                fates[i] = Fate::Remove;
            }
        }
    }
}

/// Whether cue `i` stands alone, with long silences (or the file's ends)
/// on both sides.
fn isolated(c: &[Cue], i: usize) -> bool {
    c[i].start.is_some()
        && gap(c, i.wrapping_sub(1), i).is_none_or(|g| g >= SPARSE_GAP_MS)
        && gap(c, i, i + 1).is_none_or(|g| g >= SPARSE_GAP_MS)
}

/// A file's tail of suspect phrases after the last real speech is invented
/// when it holds this many, over this long: an outro written again and
/// again over the closing music. A talk's real "merci" then
/// "[Applaudissements]" is two, in ten seconds.
const TAIL_SUSPECTS: usize = 3;
const TAIL_MS: u64 = 60_000;

/// The verdict on `copies` identical cues, each after `least` ms of
/// silence or more: a recogniser stuck on a line over noise, certain.
fn after_silences(copies: usize, least: u64) -> (bool, bool, String) {
    (
        true,
        false,
        format!(
            "{copies} identical cues, each after {:.0} s of silence or more",
            least as f64 / 1000.0
        ),
    )
}

/// The verdict on `copies` identical cues in a row, each a single word,
/// in a transcript of a word a cue (`Facts::word_cues`): a word said again
/// and again, judged by the counts of a word said in a row inside a line
/// ("yeah yeah yeah" is three cues there, and speech). Their durations
/// and scores are the aligner's, no evidence; long silences before every
/// copy (`least_silence`, the shortest, for three copies or more) still
/// are. The first copy stays.
fn word_run(copies: usize, least_silence: Option<u64>) -> Option<(bool, bool, String)> {
    if copies >= loops::WORD_CERTAIN {
        Some((
            true,
            false,
            format!(
                "a word said {copies} times in a row, a cue each; people say a word at most {} times",
                loops::WORD_SUGGESTED - 1
            ),
        ))
    } else if let Some(least) = least_silence {
        Some(after_silences(copies, least))
    } else if copies >= loops::WORD_SUGGESTED {
        Some((
            false,
            false,
            format!(
                "a word said {copies} times in a row, a cue each; people rarely say a word {copies} times, but a song may"
            ),
        ))
    } else {
        None
    }
}

/// How many different words (any case, no punctuation) a line has.
fn distinct_words(text: &str) -> usize {
    let mut words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    words.sort();
    words.dedup();
    words.len()
}

/// Silence between cue `a` and the cue `b` after it, when both are timed;
/// None at the edges of the file.
fn gap(c: &[Cue], a: usize, b: usize) -> Option<u64> {
    let end = c.get(a)?.end?;
    let start = c.get(b)?.start?;
    Some(start.0.saturating_sub(end.0))
}

/// What a cue says, for measures of its length and words: its text less
/// markup and the label naming its speaker. A Teams cue is
/// `<v Kiryu Masayoshi (桐生 昌祥)>うん。</v>`, 35 characters for 3 said.
fn said(cue: &Cue) -> std::borrow::Cow<'_, str> {
    crate::markup::strip_tags_borrowed(crate::speaker::unlabelled(cue))
}

fn duration(cue: &Cue) -> Option<u64> {
    Some(cue.end?.0.saturating_sub(cue.start?.0))
}

/// Whisper's own doubt about a segment.
struct Doubt {
    /// What Whisper itself would have dropped: a segment it took for
    /// silence (no_speech_prob over its threshold *and* avg_logprob under
    /// its own, the rule of openai-whisper's transcribe.py), or one that
    /// stayed repetitive after every retry (compression_ratio).
    strong: bool,
    why: String,
}

fn doubted(cue: &Cue, t: &Thresholds) -> Option<Doubt> {
    let s = cue.scores.as_deref()?;
    let silent = s.no_speech_prob.filter(|&p| p > t.no_speech_prob);
    let unsure = s.avg_logprob.filter(|&p| p < t.avg_logprob);
    if let Some(r) = s.compression_ratio.filter(|&r| r > t.compression_ratio) {
        return Some(Doubt {
            strong: true,
            why: format!(
                "Whisper found the segment repetitive: compression_ratio {r:.2} > {}",
                t.compression_ratio
            ),
        });
    }
    match (silent, unsure) {
        (Some(p), Some(l)) => Some(Doubt {
            strong: true,
            why: format!(
                "Whisper took the segment for silence: no_speech_prob {p:.2} > {} and avg_logprob {l:.2} < {}",
                t.no_speech_prob, t.avg_logprob
            ),
        }),
        (Some(p), None) => Some(Doubt {
            strong: false,
            why: format!(
                "Whisper thought it might be silence (no_speech_prob {p:.2} > {}), but was sure of the words",
                t.no_speech_prob
            ),
        }),
        (None, Some(l)) => Some(Doubt {
            strong: false,
            why: format!(
                "Whisper was unsure of the words (avg_logprob {l:.2} < {}), but heard speech",
                t.avg_logprob
            ),
        }),
        (None, None) => None,
    }
}

/// Whether the cue's text could not be said in its time. Times rounded to
/// whole seconds (WhisperX's SRT of the corpus, transcripts that give
/// only [MM:SS]) make short words last 0 s: they say nothing of speed.
fn too_fast(cue: &Cue, coarse: bool) -> bool {
    let chars = said(cue).trim().chars().count();
    !coarse
        && duration(cue).is_some_and(|d| {
            chars > 0 && (d < MIN_WORD_MS || (chars as f64) * 1000.0 > MAX_SPOKEN_CPS * d as f64)
        })
}

/// Whether the cue lasts far longer than its text takes to say.
fn stretched(cue: &Cue) -> bool {
    duration(cue).is_some_and(|d| too_long_for(said_chars(cue), d))
}

/// Whether `chars` characters of speech would leave a span of `ms` a
/// decoding window: at least 20 s, three quarters of it silent at 15
/// characters a second.
fn too_long_for(chars: usize, ms: u64) -> bool {
    ms >= STRETCHED_MS && chars as f64 * 1000.0 * 4.0 < 15.0 * ms as f64
}

fn said_chars(cue: &Cue) -> usize {
    said(cue).trim().chars().count()
}

/// Phrase loops and glued credits inside each kept cue.
struct Within<'a> {
    artifacts: &'a Artifacts,
    thresholds: &'a Thresholds,
    mode: Mode<'a>,
    coarse: bool,
    /// The words the last round found of each cue.
    previous: &'a CuePrints,
}

impl Within<'_> {
    /// Returns which cues were emptied, the removals, the suggestions,
    /// the words of the cues left, and which the pass left as they were.
    /// A cue the last round left as it still is (`then[k]`, its place in
    /// that round) is passed over.
    fn run(
        &self,
        cues: &mut [Cue],
        origins: &mut [Origin],
        fates: &[Fate],
        then: &[Option<usize>],
    ) -> Found {
        let (mut changes, mut suggestions) = (Vec::new(), Vec::new());
        let mut prints = CuePrints::for_cues(cues);
        let mut left = Vec::with_capacity(cues.len());
        let mut out = Outcome {
            mode: self.mode,
            changes: &mut changes,
            suggestions: &mut suggestions,
        };
        // The words of the cue read last, one list for every cue.
        let mut words = loops::Words::default();
        // Which cues the pass reads may hold a credit, all asked at once.
        let read = |k: usize| fates[k] != Fate::Remove && then[k].is_none();
        let may_hold_credit = self
            .artifacts
            .may_find_always((0..cues.len()).map(|k| read(k).then_some(cues[k].text.as_str())));
        let emptied = cues
            .iter_mut()
            .zip(origins.iter_mut())
            .zip(fates)
            .enumerate()
            .map(|(k, ((cue, origin), fate))| {
                if *fate == Fate::Remove {
                    prints.skip();
                    left.push(false);
                    return false;
                }
                if let Some(then) = then[k] {
                    unchanged::passed_over();
                    #[cfg(debug_assertions)]
                    self.check_unchanged(cue, origin, then);
                    // Only cues whose words were kept are recorded (see
                    // `Record::of`).
                    prints.push_again(self.previous, then, &cue.text);
                    left.push(true);
                    return false;
                }
                let credit = may_hold_credit[k];
                let (emptied, as_it_was) =
                    self.inside(cue, origin, credit, &mut out, &mut prints, &mut words);
                left.push(as_it_was);
                emptied
            })
            .collect();
        Found {
            emptied,
            changes,
            suggestions,
            prints,
            left,
        }
    }

    /// The pass over one cue: whether it emptied the cue, and whether it
    /// left the cue as it was. Its words go to `prints`. Inlined
    /// into `run`, where it was written before: as a call, cleaning an
    /// SRT with a credit in every window ran 0.4% more instructions.
    #[inline(always)]
    fn inside(
        &self,
        cue: &mut Cue,
        origin: &mut Origin,
        may_hold_credit: bool,
        out: &mut Outcome,
        prints: &mut CuePrints,
        words: &mut loops::Words,
    ) -> (bool, bool) {
        let had_text = !cue.text.trim().is_empty();
        words.read(&cue.text);
        if self.invented_repeat(cue, origin, words, out.changes) {
            prints.skip();
            return (true, false);
        }
        let (length, changed_before) = (cue.text.len(), out.changes.len());
        self.phrase_loops(cue, origin, words, out);
        // `may_hold_credit` was asked before the loops went, and taking
        // one out joins what it stood between: a shortened cue is searched.
        if may_hold_credit || cue.text.len() != length {
            for range in self.artifacts.find_always(&cue.text).into_iter().rev() {
                self.delete(cue, origin, range, Rule::Artifact, None, out.changes);
            }
        } else {
            // The test suite's builds check the screen against the search.
            debug_assert!(self.artifacts.find_always(&cue.text).is_empty());
        }
        // A removal only shortens: a cue as long as before is as it was,
        // and its words are the ones found.
        let unchanged = cue.text.len() == length;
        if cue.text.len() > KEPT_PRINTS_MAX_BYTES {
            prints.skip();
        } else {
            // Shortened: its words read again, into the same list.
            if !unchanged {
                words.read(&cue.text);
            }
            prints.push(words);
        }
        // Suggestions may come again: each is reported once.
        let as_it_was = unchanged && out.changes.len() == changed_before;
        (had_text && cue.text.trim().is_empty(), as_it_was)
    }

    /// Checks, in builds with debug assertions (the test suite's), that a
    /// cue passed over as unchanged gives nothing new when read again, and
    /// the same words.
    #[cfg(debug_assertions)]
    fn check_unchanged(&self, cue: &Cue, origin: &Origin, then: usize) {
        let (mut again, mut origin) = (cue.clone(), origin.clone());
        let (mut changes, mut suggestions) = (Vec::new(), Vec::new());
        let mut out = Outcome {
            mode: self.mode,
            changes: &mut changes,
            suggestions: &mut suggestions,
        };
        let mut prints = CuePrints::default();
        let (emptied, _) = self.inside(
            &mut again,
            &mut origin,
            true,
            &mut out,
            &mut prints,
            &mut loops::Words::default(),
        );
        assert!(
            !emptied && changes.is_empty() && again.text == cue.text,
            "a cue passed over as unchanged is changed when read again: {:?}",
            cue.text
        );
        if cue.text.len() <= KEPT_PRINTS_MAX_BYTES {
            let now: Vec<Option<u64>> = prints.of(0, &cue.text).collect();
            let kept: Vec<Option<u64>> = self.previous.of(then, &cue.text).collect();
            assert_eq!(now, kept, "the words of {:?}", cue.text);
        }
    }

    /// A cue that is nothing but an invented phrase of several words said
    /// three times or more ("Merci d'avoir regardé !" ×3) goes whole. A
    /// one-word suspect repeated ("oui, oui, oui") is speech.
    fn invented_repeat(
        &self,
        cue: &mut Cue,
        origin: &mut Origin,
        words: &loops::Words,
        changes: &mut Vec<Change>,
    ) -> bool {
        let Some((first, words, count)) = loops::repeated_whole_in(&cue.text, words, CUE_SUGGESTED)
        else {
            return false;
        };
        if words < 2
            || count < CUE_SUGGESTED
            || self.artifacts.classify_whole(&cue.text[first]) != Some(Class::Suspect)
        {
            return false;
        }
        let evidence = format!("a phrase recognisers invent, said {count} times and nothing else");
        let change = removal(Rule::SuspectArtifact, cue, origin, evidence);
        if !self.mode.decisions.applies(&change, true) {
            return false;
        }
        changes.push(change);
        cue.text.clear();
        true
    }

    fn phrase_loops(
        &self,
        cue: &mut Cue,
        origin: &mut Origin,
        words: &loops::Words,
        out: &mut Outcome,
    ) {
        let found = loops::phrase_loops_in(&cue.text, words, true);
        for l in found.iter().rev() {
            let first = &cue.text[l.first.clone()];
            let class = self.artifacts.classify_whole(first);
            let invented = class == Some(Class::Always)
                || (class == Some(Class::Suspect) && l.words >= 2 && l.is_certain());
            if invented {
                // A credit or its stub looping ("Sous-titres par
                // Sous-titres par ..."): all of it goes. A one-word
                // suspect ("oui") keeps its first copy: it may be said.
                let start = cue.text[..l.first.start]
                    .trim_end_matches([' ', '\t'])
                    .len();
                let end = l.end + trailing_punctuation(&cue.text[l.end..]);
                let evidence = format!("a credit repeated {} times", l.count);
                self.delete(
                    cue,
                    origin,
                    start..end,
                    Rule::Artifact,
                    Some(evidence),
                    out.changes,
                );
                continue;
            }
            let unit = unit_name(l.words);
            let (certain, evidence) = if l.is_certain() {
                (
                    true,
                    format!(
                        "{unit} said {} times in a row; people stop at {}",
                        l.count,
                        loops::suggested_count(l.words) - 1
                    ),
                )
            } else if let Some(why) = doubted(cue, self.thresholds)
                .filter(|d| d.strong && d.why.contains("compression_ratio"))
                .map(|d| d.why)
            {
                (
                    true,
                    format!("{unit} said {} times in a row; {why}", l.count),
                )
            } else if too_fast(cue, self.coarse) {
                (
                    true,
                    format!(
                        "{unit} said {} times in a row, in a segment too short to say it",
                        l.count
                    ),
                )
            } else {
                (
                    false,
                    format!(
                        "{unit} said {} times in a row; more than people usually repeat it, but a song or a chant may",
                        l.count
                    ),
                )
            };
            // The suggestion and the removal name the same text.
            let Some(mut removal) =
                Deletion::plan(cue, origin, l.collapse.clone(), Rule::PhraseLoopSuggestion)
            else {
                continue;
            };
            if !self.mode.applies(&removal.change, certain) {
                if !certain {
                    removal.change.evidence = Some(evidence);
                    out.suggestions.push(removal.change);
                }
                continue;
            }
            removal.change.rule = Rule::PhraseLoop;
            removal.change.evidence = Some(if certain {
                evidence
            } else {
                self.mode.uncertain(&removal.change, evidence)
            });
            removal.make(cue, origin, out.changes);
        }
    }
}

/// "a word", "a 3-word phrase": what repeats, in evidence messages.
fn unit_name(words: usize) -> String {
    if words == 1 {
        "a word".to_string()
    } else {
        format!("a {words}-word phrase")
    }
}

/// Punctuation right after a removed credit goes with it.
fn trailing_punctuation(rest: &str) -> usize {
    rest.len()
        - rest
            .trim_start_matches(|c: char| c.is_whitespace() || ".!?…".contains(c))
            .len()
}

impl Within<'_> {
    /// Deletes `range` from the cue, unless a reviewer kept it.
    fn delete(
        &self,
        cue: &mut Cue,
        origin: &mut Origin,
        range: Range<usize>,
        rule: Rule,
        evidence: Option<String>,
        changes: &mut Vec<Change>,
    ) {
        if let Some(mut deletion) = Deletion::plan(cue, origin, range, rule)
            && self.mode.decisions.applies(&deletion.change, true)
        {
            deletion.change.evidence = evidence;
            deletion.make(cue, origin, changes);
        }
    }
}

/// A deletion worked out on a cue's text but not made: the bytes it takes
/// and the change that reports it, so a verdict can be asked first.
struct Deletion {
    range: Range<usize>,
    change: Change,
}

impl Deletion {
    /// `None` for an empty range.
    fn plan(cue: &Cue, origin: &Origin, range: Range<usize>, rule: Rule) -> Option<Deletion> {
        if range.is_empty() {
            return None;
        }
        // A removal at the start of the text takes the spaces after it instead.
        let mut range = range;
        if range.start == 0 {
            range.end += cue.text[range.end..].len()
                - cue.text[range.end..].trim_start_matches([' ', '\t']).len();
        }
        // Between two words, one space stays: "venus. [credit] Bon" -> "venus. Bon".
        let text_before = !cue.text[..range.start].trim_end().is_empty();
        let text_after = !cue.text[range.end..].trim_start().is_empty();
        if text_before && text_after && cue.text[range.clone()].ends_with([' ', '\t']) {
            range.end -= 1;
        }
        let shown = cue.text[range.clone()].trim().to_string();
        let at = range.start
            + (cue.text[range.clone()].len() - cue.text[range.clone()].trim_start().len());
        let (line, column) = origin.position(&cue.text, at);
        // A whole line removed takes its line break, or the cue would keep an
        // empty line that hides a name split over the cues around it.
        let starts_line = range.start == 0 || cue.text[..range.start].ends_with('\n');
        let ends_line = range.end == cue.text.len() || cue.text[range.end..].starts_with('\n');
        if starts_line && ends_line {
            if range.end < cue.text.len() {
                range.end += 1;
            } else if range.start > 0 {
                range.start -= 1;
            }
        }
        let change = Change {
            rule,
            line,
            column,
            before: shown,
            after: String::new(),
            term: None,
            score: None,
            evidence: None,
            end: None,
        };
        Some(Deletion { range, change })
    }

    fn make(self, cue: &mut Cue, origin: &mut Origin, changes: &mut Vec<Change>) {
        changes.push(self.change);
        origin.record_deletion(&cue.text, self.range.start, self.range.len());
        cue.text.replace_range(self.range, "");
    }
}

fn removal(rule: Rule, cue: &Cue, origin: &Origin, evidence: String) -> Change {
    // Where the text starts: after Whisper's leading space too. Asked of
    // the origin, which knows where a JSON or XML cue's text stands: many
    // cues share the one line of a minified Whisper JSON file.
    let lead = cue.text.len() - cue.text.trim_start_matches(' ').len();
    let (line, column) = origin.position(&cue.text, lead);
    Change {
        rule,
        line,
        column,
        before: cue.text.trim().to_string(),
        after: String::new(),
        term: None,
        score: None,
        evidence: Some(evidence),
        end: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cues of a few common words (so words come back within eight of
    /// each other all the time), with loops planted across cue boundaries.
    fn transcript(seed: u64) -> Vec<Cue> {
        let words = [
            "oh", "la", "de", "the", "non", "yes", "c'est", "vrai", "!", "...",
        ];
        let mut state = seed;
        let mut next = |n: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % n
        };
        let mut cues = Vec::new();
        for line in 1..=300 {
            let text = if next(10) == 0 {
                // A phrase said over and over, cut across this cue.
                let phrase = ["oh la la", "c'est vrai", "non", "yes yes the"][next(4) as usize];
                let copies = 1 + next(8) as usize;
                vec![phrase; copies].join(" ")
            } else {
                (0..next(12))
                    .map(|_| words[next(words.len() as u64) as usize])
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            cues.push(Cue::untimed(text, line));
        }
        cues
    }

    fn run(cues: Vec<Cue>, link_all: bool) -> (Vec<String>, Vec<Change>, Vec<Change>) {
        let mut working = Working::new(cues, |_| 0);
        let mut fates = vec![Fate::Keep; working.cues.len()];
        let (mut changes, mut suggestions) = (Vec::new(), Vec::new());
        let mut out = Outcome {
            mode: Mode {
                aggressive: false,
                decisions: Decisions::NONE,
            },
            changes: &mut changes,
            suggestions: &mut suggestions,
        };
        let kept: Vec<usize> = (0..working.cues.len()).collect();
        let mut linked = may_loop_across(&kept, |i| loops::token_prints(&working.cues[i].text));
        if link_all {
            linked.linked = vec![true; kept.len()];
        }
        across_linked(&mut working, &mut fates, false, &mut out, &kept, linked);
        let texts = working.cues.iter().map(|c| c.text.clone()).collect();
        (texts, changes, suggestions)
    }

    /// One removal round over `working`, as `Cleaner::clean` runs them:
    /// its removals.
    fn round(working: &mut Working, cleaner: &crate::Cleaner) -> Vec<Change> {
        let artifacts = cleaner.artifacts.as_ref().unwrap();
        let facts = Facts::of(&working.cues, artifacts);
        let mode = Mode {
            aggressive: false,
            decisions: Decisions::NONE,
        };
        let (mut changes, mut suggestions) = (Vec::new(), Vec::new());
        remove(
            working,
            artifacts,
            &facts,
            &cleaner.thresholds,
            mode,
            &mut changes,
            &mut suggestions,
        );
        changes
    }

    /// A round passes over a cue the last one left as it was only while
    /// it is: a text or a time changed since is read again. (A round is
    /// recorded for the next only when it removed something: a credit
    /// glued to a cue each time.)
    #[test]
    fn a_cue_changed_since_the_last_round_is_read_again() {
        let cleaner = crate::Cleaner::new(crate::Dictionary::default()).unwrap();
        let timed = |text: &str, k: u64| {
            let mut cue = Cue::untimed(text, k as usize * 4 + 1);
            cue.start = Some(Timestamp(k * 3000));
            cue.end = Some(Timestamp(k * 3000 + 2500));
            cue
        };
        let credit = " Sous-titres réalisés par la communauté d'Amara.org";
        let said = [
            "On en reparle la semaine prochaine.",
            "Le cluster tenait la charge, au début.",
            "Et puis la base de données a lâché.",
            "Tu as regardé les journaux ?",
            "Pas encore, je le fais demain.",
            "Bon, on s'arrête là pour aujourd'hui.",
        ];
        let cues = (0..6).map(|k| timed(said[k as usize], k)).collect();
        let mut working = Working::new(cues, |_| 0);
        working.cues[0].text.push_str(credit);
        assert_eq!(round(&mut working, &cleaner).len(), 1);
        // A credit glued on since (as another pass might leave one): read
        // again, and removed; the cues left as they were are passed over,
        // all but the first (changed) and the third.
        working.cues[2].text.push_str(credit);
        let before = unchanged::passed_over_count();
        let removed = round(&mut working, &cleaner);
        assert_eq!(removed.len(), 1, "{removed:?}");
        assert_eq!(working.cues[2].text, said[2]);
        assert_eq!(unchanged::passed_over_count() - before, said.len() - 2);
        // A loop of ten "non", more than people usually say but not more
        // than anyone ever does: only proposed in 2.5 s...
        let looped = ["Non, non."; 5].join(" ");
        working.cues[4].text = looped.clone();
        working.cues[1].text.push_str(credit);
        let removed = round(&mut working, &cleaner);
        assert_eq!(
            removed.len(),
            1,
            "a loop said in 2.5 s may be said: {removed:?}"
        );
        assert_eq!(working.cues[4].text, looped);
        // ...and removed as too fast to say once its time is shorter, with
        // the same text.
        working.cues[4].end = working.cues[4].start.map(|s| Timestamp(s.0 + 300));
        let removed = round(&mut working, &cleaner);
        assert_eq!(
            removed.len(),
            1,
            "a loop in 300 ms is not said: {removed:?}"
        );
        assert_ne!(working.cues[4].text, looped);
    }

    /// Searching only the linked runs finds what one search of the whole
    /// transcript finds.
    #[test]
    fn linked_runs_find_what_the_whole_finds() {
        let mut found = 0;
        for seed in 0..300 {
            let whole = run(transcript(seed), true);
            let linked = run(transcript(seed), false);
            found += whole.2.len();
            assert_eq!(whole.0, linked.0, "seed {seed}");
            assert_eq!(whole.1, linked.1, "seed {seed}");
            assert_eq!(whole.2, linked.2, "seed {seed}");
        }
        assert!(found > 300, "the planted loops are found: {found}");
    }

    /// A phrase of the most words a loop may have, a copy per cue: its
    /// repeats are K words back, the oldest the search remembers.
    #[test]
    fn a_phrase_of_the_most_words_links_its_cues() {
        let k = loops::MAX_PHRASE_WORDS;
        let phrase = "un deux trois quatre cinq six sept huit";
        assert_eq!(phrase.split(' ').count(), k);
        for copies in [loops::suggested_count(k) - 1, loops::suggested_count(k)] {
            let texts = vec![phrase; copies];
            let kept: Vec<usize> = (0..copies).collect();
            let linked = may_loop_across(&kept, |i| loops::token_prints(texts[i])).linked;
            let loops = copies == loops::suggested_count(k);
            assert!(
                linked[1..].iter().all(|&l| l == loops),
                "{copies}: {linked:?}"
            );
        }
    }

    /// Untimed cues, one per text, on lines 1, 2, ...
    fn untimed(texts: &[&str]) -> Vec<Cue> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Cue::untimed(t.to_string(), i + 1))
            .collect()
    }

    /// Common words coming back is not enough to link cues: only a run as
    /// long as a loop needs is.
    #[test]
    fn ordinary_speech_links_no_cue() {
        let cues = untimed(&["the cat and the dog", "and the bird", "the end of the day"]);
        assert_eq!(
            may_loop_across(&[0, 1, 2], |i| loops::token_prints(&cues[i].text)).linked,
            [false, false, false]
        );
        let looping = untimed(&["oh la oh la", "oh la oh la", "fin"]);
        assert_eq!(
            may_loop_across(&[0, 1, 2], |i| loops::token_prints(&looping[i].text)).linked,
            [false, true, false]
        );
    }
}
