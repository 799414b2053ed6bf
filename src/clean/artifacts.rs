//! The artifact pass: removes repeated lines and cues, phrases looping
//! inside a line, credits that are never speech, and suspect phrases where
//! there is evidence they were invented. Every removal is a change.

use crate::artifacts::loops::{self, LINE_REPEATS};
use crate::artifacts::{Artifacts, Class, Thresholds};
use crate::change::{Change, Rule};
use crate::transcript::Cue;

use super::working::Working;

pub(crate) fn remove(
    cues: &mut Working,
    artifacts: &Artifacts,
    thresholds: &Thresholds,
    changes: &mut Vec<Change>,
) {
    line_loops(cues, artifacts, changes);
    // Each cue on its own: a large transcript is done in two halves, one
    // per core (a plain-text transcript has a cue per line).
    let n = cues.cues.len();
    let middle = if n >= PARALLEL_MIN_CUES { n / 2 } else { n };
    let (cues_a, cues_b) = cues.cues.split_at_mut(middle);
    let (origins_a, origins_b) = cues.origins.split_at_mut(middle);
    let ((mut emptied, mut found), second) = std::thread::scope(|scope| {
        let second =
            (!cues_b.is_empty()).then(|| scope.spawn(|| within_cues(cues_b, origins_b, artifacts)));
        (
            within_cues(cues_a, origins_a, artifacts),
            second.map(|h| h.join()),
        )
    });
    if let Some(second) = second {
        let (emptied_b, found_b) = second.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        emptied.extend(emptied_b);
        found.extend(found_b);
    }
    changes.extend(found);
    retain_unmarked(cues, &emptied);
    suspects(cues, artifacts, thresholds, changes);
}

/// Below this many cues one thread is faster than two.
const PARALLEL_MIN_CUES: usize = 100_000;

/// Phrase loops and `always` artifacts inside each cue; returns which cues
/// were emptied, and the changes.
fn within_cues(
    cues: &mut [Cue],
    origins: &mut [super::origin::Origin],
    artifacts: &Artifacts,
) -> (Vec<bool>, Vec<Change>) {
    let mut changes = Vec::new();
    let emptied = cues
        .iter_mut()
        .zip(origins.iter_mut())
        .map(|(cue, origin)| {
            let had_text = !cue.text.trim().is_empty();
            phrase_loops(cue, origin, artifacts, &mut changes);
            always(cue, origin, artifacts, &mut changes);
            had_text && cue.text.trim().is_empty()
        })
        .collect();
    (emptied, changes)
}

fn retain_unmarked(cues: &mut Working, remove: &[bool]) {
    if !remove.contains(&true) {
        return;
    }
    let mut index = 0;
    cues.retain(|_, _, _| {
        index += 1;
        !remove[index - 1]
    });
}

/// What to do with one cue after looking for repeated lines.
#[derive(Clone, Copy, PartialEq)]
enum Fate {
    Keep,
    /// The first of a loop: keeps its text, ends where the loop ended.
    KeepUntil(usize),
    Remove,
}

fn line_loops(cues: &mut Working, artifacts: &Artifacts, changes: &mut Vec<Change>) {
    let n = cues.cues.len();
    let mut fates = vec![Fate::Keep; n];
    let mut i = 0;
    while i < n {
        let mut j = i + 1;
        while j < n && loops::same_line(&cues.cues[i].text, &cues.cues[j].text) {
            j += 1;
        }
        if j - i >= LINE_REPEATS {
            let invented = artifacts.classify_whole(&cues.cues[i].text).is_some();
            fates[i] = if invented {
                Fate::Remove
            } else {
                Fate::KeepUntil(j - 1)
            };
            for fate in &mut fates[i + 1..j] {
                *fate = Fate::Remove;
            }
            for (k, fate) in fates.iter().enumerate().take(j).skip(i) {
                if *fate == Fate::Remove {
                    let (cue, origin) = (&cues.cues[k], &cues.origins[k]);
                    changes.push(removal(Rule::Loop, cue, origin.line(0), origin.indent));
                }
            }
        }
        i = j;
    }
    if fates.iter().all(|f| *f == Fate::Keep) {
        return;
    }
    let ends: Vec<_> = cues.cues.iter().map(|c| c.end).collect();
    for (cue, fate) in cues.cues.iter_mut().zip(&fates) {
        if let Fate::KeepUntil(last) = fate {
            cue.end = cue.end.max(ends[*last]);
        }
    }
    let remove: Vec<bool> = fates.iter().map(|f| *f == Fate::Remove).collect();
    retain_unmarked(cues, &remove);
}

fn phrase_loops(
    cue: &mut Cue,
    origin: &mut super::origin::Origin,
    artifacts: &Artifacts,
    changes: &mut Vec<Change>,
) {
    let found = loops::phrase_loops(&cue.text);
    for l in found.iter().rev() {
        let invented = artifacts
            .classify_whole(&cue.text[l.first.clone()])
            .is_some();
        let start = if invented {
            cue.text[..l.first.start]
                .trim_end_matches([' ', '\t'])
                .len()
        } else {
            l.repeats.start
        };
        let end = l.repeats.end + trailing_punctuation(&cue.text[l.repeats.end..], invented);
        delete(
            cue,
            origin,
            start..end,
            if invented {
                Rule::Artifact
            } else {
                Rule::PhraseLoop
            },
            changes,
        );
    }
}

fn always(
    cue: &mut Cue,
    origin: &mut super::origin::Origin,
    artifacts: &Artifacts,
    changes: &mut Vec<Change>,
) {
    for range in artifacts.find_always(&cue.text).into_iter().rev() {
        delete(cue, origin, range, Rule::Artifact, changes);
    }
}

/// Punctuation right after a removed loop goes with it only when the whole
/// phrase went (an artifact); a collapsed loop keeps the sentence's end.
fn trailing_punctuation(rest: &str, invented: bool) -> usize {
    if !invented {
        return 0;
    }
    rest.len()
        - rest
            .trim_start_matches(|c: char| c.is_whitespace() || ".!?…".contains(c))
            .len()
}

fn delete(
    cue: &mut Cue,
    origin: &mut super::origin::Origin,
    range: std::ops::Range<usize>,
    rule: Rule,
    changes: &mut Vec<Change>,
) {
    if range.is_empty() {
        return;
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
    let shown = cue.text[range.clone()].trim();
    let at =
        range.start + (cue.text[range.clone()].len() - cue.text[range.clone()].trim_start().len());
    let (line, column) = origin.position(&cue.text, at);
    changes.push(Change {
        rule,
        line,
        column,
        before: shown.to_string(),
        after: String::new(),
        term: None,
        score: None,
    });
    origin.record_deletion(&cue.text, range.start, range.len());
    cue.text.replace_range(range, "");
}

/// Suspect phrases go only with evidence: Whisper itself doubted the
/// segment, or the cue stands alone between silences of `gap_ms` or more,
/// the start and end of the file counting as silence. Plain text has no
/// such evidence, so there a suspect phrase goes only inside a loop: an
/// outro after real speech ("donc merci encore et à bientôt / au revoir",
/// the end of the user's episode) stays.
fn suspects(
    cues: &mut Working,
    artifacts: &Artifacts,
    thresholds: &Thresholds,
    changes: &mut Vec<Change>,
) {
    let n = cues.cues.len();
    let mut remove = vec![false; n];
    for (i, cue) in cues.cues.iter().enumerate() {
        if artifacts.classify_whole(&cue.text) != Some(Class::Suspect) {
            continue;
        }
        let doubted = cue.scores.as_deref().is_some_and(|s| {
            s.no_speech_prob
                .is_some_and(|p| p > thresholds.no_speech_prob)
                || s.avg_logprob.is_some_and(|p| p < thresholds.avg_logprob)
                || s.compression_ratio
                    .is_some_and(|r| r > thresholds.compression_ratio)
        });
        let alone = match (cue.start, cue.end) {
            (Some(start), Some(end)) => {
                let before = i
                    .checked_sub(1)
                    .and_then(|p| cues.cues[p].end)
                    .map_or(u64::MAX, |e| start.0.saturating_sub(e.0));
                let after = cues
                    .cues
                    .get(i + 1)
                    .and_then(|c| c.start)
                    .map_or(u64::MAX, |s| s.0.saturating_sub(end.0));
                before >= thresholds.gap_ms && after >= thresholds.gap_ms
            }
            _ => false,
        };
        remove[i] = doubted || alone;
    }
    for i in (0..n).filter(|&i| remove[i]) {
        changes.push(removal(
            Rule::SuspectArtifact,
            &cues.cues[i],
            cues.origins[i].line(0),
            cues.origins[i].indent,
        ));
    }
    retain_unmarked(cues, &remove);
}

fn removal(rule: Rule, cue: &Cue, line: usize, indent: usize) -> Change {
    Change {
        rule,
        line,
        column: 1 + indent,
        before: cue.text.trim().to_string(),
        after: String::new(),
        term: None,
        score: None,
    }
}
