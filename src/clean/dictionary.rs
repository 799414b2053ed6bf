//! The dictionary pass: finds variants across the whole transcript (so a
//! name split over a line break or two cues is still found) and replaces
//! them with their canonical, keeping every line and cue in place.

use std::ops::Range;

use crate::change::{Change, Rule};
use crate::dict::fuzzy::FuzzyMatcher;
use crate::dict::{Dictionary, ExactMatcher, Match};
use crate::line_index::TextIndex;

use super::FuzzyOptions;
use super::decisions::Decisions;
use crate::transcript::Cue;

use super::origin::{LONG_TEXT, Origin};
use super::working::Working;

/// A replacement of a byte range of one cue's text; never spans a line break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

/// A cue's edits and its text before them (for word realignment).
pub(crate) struct CueEdits {
    pub cue: usize,
    pub edits: Vec<Edit>,
    pub old_text: String,
}

/// Fuzzy matching as this pass runs it.
#[derive(Clone, Copy)]
pub(crate) struct Fuzzy<'a> {
    pub matcher: &'a FuzzyMatcher,
    pub options: &'a FuzzyOptions,
    /// Apply every candidate above the floor, lexicon or not.
    pub apply_all: bool,
}

/// Runs the pass: exact variants (when `matcher` is given), then fuzzy
/// candidates outside them; returns the edits applied, by cue. Fuzzy
/// candidates not applied are listed as suggestions among the changes.
/// A reviewer's `decisions` leave rejected matches as they were and apply
/// accepted suggestions.
pub(crate) fn correct(
    cues: &mut Working,
    dict: &Dictionary,
    matcher: Option<&ExactMatcher>,
    fuzzy: Option<Fuzzy>,
    skip_tags: bool,
    decisions: &Decisions,
    changes: &mut Vec<Change>,
) -> Vec<CueEdits> {
    let mut joined = String::with_capacity(cues.cues.iter().map(|c| c.text.len() + 1).sum());
    let mut starts = Vec::with_capacity(cues.cues.len());
    for (i, cue) in cues.cues.iter().enumerate() {
        if i > 0 {
            joined.push('\n');
        }
        starts.push(joined.len());
        joined.push_str(&cue.text);
    }
    let labels = speaker_labels(&cues.cues, &starts);
    let mut exact = matcher.map_or_else(Vec::new, |m| m.find(&joined, skip_tags));
    exact.retain(|m| !in_label(&labels, m.start..m.end));
    let tags: Vec<Range<usize>> = if skip_tags {
        crate::markup::tags(&joined).collect()
    } else {
        Vec::new()
    };
    let mut positions = Positions::default();
    // (match, fuzzy score in percent) in text order.
    let mut matches: Vec<(Match, Option<u8>)> = exact.iter().map(|&m| (m, None)).collect();
    if let Some(f) = fuzzy {
        let taken: Vec<Range<usize>> = exact.iter().map(|m| m.start..m.end).collect();
        let lexicon = f.options.lexicon.as_deref();
        for c in f
            .matcher
            .find(&joined, skip_tags, lexicon, &taken, f.options.floor)
            .into_iter()
            .filter(|c| !in_label(&labels, c.start..c.end))
        {
            let percent = (c.score * 100.0).round() as u8;
            let m = Match {
                start: c.start,
                end: c.end,
                term: c.term,
            };
            // Without a lexicon nothing is applied, not even by
            // --unsafe-fixes: the guard is what makes a guess acceptable.
            // A reviewer may apply it.
            if lexicon.is_some() && (f.apply_all || c.score >= f.options.threshold) {
                matches.push((m, Some(percent)));
            } else {
                let canonical = &dict.terms[c.term].canonical;
                if joined[c.start..c.end] == **canonical {
                    continue;
                }
                let cue_index = starts.partition_point(|&s| s <= c.start) - 1;
                let (line, column) = positions.at(cues, cue_index, c.start - starts[cue_index]);
                let before = &joined[c.start..c.end];
                if decisions.verdict(line, column, before) == Some(super::Verdict::Accept) {
                    matches.push((m, Some(percent)));
                    continue;
                }
                changes.push(Change {
                    rule: Rule::FuzzySuggestion,
                    line,
                    column,
                    before: joined[c.start..c.end].to_string(),
                    after: canonical.clone(),
                    term: Some(canonical.clone()),
                    score: Some(percent),
                    evidence: None,
                    end: None,
                });
            }
        }
        matches.sort_by_key(|(m, _)| m.start);
    }
    // Matches come in order, so edits come grouped by cue, in order.
    let mut by_cue: Vec<CueEdits> = Vec::new();
    for (m, fuzzy_score) in matches {
        let term = &dict.terms[m.term];
        let mut canonical = term.canonical.clone();
        if starts_lower(&canonical) && at_sentence_start(&joined, m.start, skip_tags) {
            canonical = capitalise_first(&canonical);
        }
        let before = &joined[m.start..m.end];
        if before == canonical {
            continue;
        }
        let cue_index = starts.partition_point(|&s| s <= m.start) - 1;
        let (line, column) = positions.at(cues, cue_index, m.start - starts[cue_index]);
        let end_cue = starts.partition_point(|&s| s < m.end) - 1;
        let end = positions.at(cues, end_cue, m.end - starts[end_cue]);
        let change = Change {
            rule: if fuzzy_score.is_some() {
                Rule::Fuzzy
            } else {
                Rule::Dictionary
            },
            line,
            column,
            before: before.to_string(),
            after: canonical.clone(),
            term: Some(term.canonical.clone()),
            score: fuzzy_score,
            evidence: None,
            end: Some(end),
        };
        if !decisions.applies(&change, true) {
            continue;
        }
        changes.push(change);
        for edit in edits_for(&joined, m, &canonical, &tags) {
            let c = starts.partition_point(|&s| s <= edit.range.start) - 1;
            let base = starts[c];
            let edit = Edit {
                range: edit.range.start - base..edit.range.end - base,
                replacement: edit.replacement,
            };
            match by_cue.last_mut() {
                Some(group) if group.cue == c => group.edits.push(edit),
                _ => by_cue.push(CueEdits {
                    cue: c,
                    edits: vec![edit],
                    old_text: String::new(),
                }),
            }
        }
    }
    for group in &mut by_cue {
        let (cue, origin) = (&mut cues.cues[group.cue], &mut cues.origins[group.cue]);
        group.old_text = cue.text.clone();
        apply(cue, origin, &group.edits);
    }
    by_cue
}

/// Where the labels naming the cues' speakers stand in `joined` (the
/// cues' texts, starting at `starts`): Zoom's `Marie Dupont: `, WhisperX's
/// `[SPEAKER_00]: `. A label says who speaks, as a participant or a
/// diarizer named them, not what a recogniser heard: a variant there is
/// left alone, as one inside a `<v Name>` tag is, and the label still
/// names the cue's speaker for every writer and for `subtitles`.
fn speaker_labels(cues: &[Cue], starts: &[usize]) -> Vec<Range<usize>> {
    cues.iter()
        .zip(starts)
        .filter_map(|(cue, &start)| {
            let speaker = cue.speaker.as_deref()?;
            crate::speaker::label_len(&cue.text, speaker).map(|len| start..start + len)
        })
        .collect()
}

/// Whether `range` overlaps one of `labels` (in order, not overlapping).
fn in_label(labels: &[Range<usize>], range: Range<usize>) -> bool {
    let after = labels.partition_point(|l| l.end <= range.start);
    labels.get(after).is_some_and(|l| l.start < range.end)
}

/// Input positions of offsets in the cues' current texts. Matches come in
/// text order, so the index of the last long cue asked about is kept: a
/// transcript written as one long line gets one index, not a count of the
/// line per match.
#[derive(Default)]
struct Positions {
    long_cue: Option<(usize, TextIndex)>,
}

impl Positions {
    fn at(&mut self, cues: &Working, cue: usize, offset: usize) -> (usize, usize) {
        let text = &cues.cues[cue].text;
        let origin = &cues.origins[cue];
        let index = if text.len() >= LONG_TEXT && origin.before_deletions.is_none() {
            if self.long_cue.as_ref().is_none_or(|(c, _)| *c != cue) {
                self.long_cue = Some((cue, TextIndex::new(text)));
            }
            self.long_cue.as_ref().map(|(_, index)| index)
        } else {
            None
        };
        origin.position_indexed(text, offset, index)
    }
}

/// Applies edits (sorted, non-overlapping) to a cue; a line that a
/// continuation deletion emptied is removed with its input line number.
fn apply(cue: &mut Cue, origin: &mut Origin, edits: &[Edit]) {
    let mut out = String::with_capacity(cue.text.len() + 16);
    let mut last = 0;
    let mut emptied_by_deletion = false;
    for edit in edits {
        out.push_str(&cue.text[last..edit.range.start]);
        out.push_str(&edit.replacement);
        emptied_by_deletion |= edit.replacement.is_empty();
        last = edit.range.end;
    }
    out.push_str(&cue.text[last..]);
    if emptied_by_deletion && out.split('\n').any(|l| l.trim().is_empty()) {
        let old_lines: Vec<&str> = cue.text.split('\n').collect();
        let mut kept = Vec::new();
        let mut kept_lines = Vec::new();
        for (i, line) in out.split('\n').enumerate() {
            let was_blank = old_lines.get(i).is_some_and(|l| l.trim().is_empty());
            if line.trim().is_empty() && !was_blank {
                continue;
            }
            kept.push(line);
            kept_lines.push(origin.line(i));
        }
        out = kept.join("\n");
        origin.set_lines(kept_lines);
        // Positions in this cue are no longer tracked through whitespace.
        origin.before_deletions = None;
    }
    cue.text = out;
}

/// The edits that write `canonical` over the match. Words are paired in
/// order so a line break between two words stays between the same two
/// words; spare variant words are folded into the last canonical word,
/// spare canonical words go with the last variant word. An edit that would
/// cross a line break is split: the replacement stays on the first line,
/// the rest of the variant is deleted from the next ones, with the spaces
/// that followed it.
fn edits_for(text: &str, m: Match, canonical: &str, tags: &[Range<usize>]) -> Vec<Edit> {
    let words = word_ranges(text, m.start..m.end, tags);
    let canon: Vec<&str> = canonical.split_whitespace().collect();
    let mut edits = Vec::new();
    if words.is_empty() || canon.is_empty() {
        return edits;
    }
    let (n, k) = (words.len(), canon.len());
    for i in 0..n.min(k) {
        let last = i + 1 == n.min(k);
        let range = if last {
            words[i].start..words[n - 1].end
        } else {
            words[i].clone()
        };
        let replacement = if last {
            canon[i..].join(" ")
        } else {
            canon[i].to_string()
        };
        if text[range.clone()] != replacement {
            split_at_line_breaks(text, range, replacement, &mut edits);
        }
    }
    if tags.is_empty() {
        return edits;
    }
    edits
        .into_iter()
        .flat_map(|edit| super::tags::keep_tags(text, edit, tags))
        .collect()
}

fn split_at_line_breaks(
    text: &str,
    range: Range<usize>,
    replacement: String,
    edits: &mut Vec<Edit>,
) {
    let inner = &text[range.clone()];
    let Some(first_break) = inner.find('\n') else {
        edits.push(Edit { range, replacement });
        return;
    };
    let first_end = text[..range.start + first_break]
        .trim_end()
        .len()
        .max(range.start);
    // Punctuation right after the variant's tail belongs after the
    // canonical: "la stick\nsearch, avec" becomes "Elasticsearch,\navec".
    let line_end = text[range.end..]
        .find('\n')
        .map_or(text.len(), |i| range.end + i);
    let rest = &text[range.end..line_end];
    let spaces = rest.len() - rest.trim_start().len();
    let punctuation: usize = rest[spaces..]
        .chars()
        .take_while(|c| ",.;:!?…»)\"".contains(*c))
        .map(char::len_utf8)
        .sum();
    let moved = if punctuation > 0 {
        &rest[..spaces + punctuation]
    } else {
        ""
    };
    edits.push(Edit {
        range: range.start..first_end,
        replacement: replacement + moved,
    });
    let mut line_start = range.start + first_break + 1;
    while let Some(next) = text[line_start..range.end].find('\n') {
        edits.push(Edit {
            range: line_start..line_start + next,
            replacement: String::new(),
        });
        line_start += next + 1;
    }
    let tail_end = range.end + moved.len();
    let after = text[tail_end..]
        .find(|c: char| c != ' ' && c != '\t')
        .map_or(text.len(), |i| tail_end + i);
    let end = if text[tail_end..after].contains('\n') {
        tail_end
    } else {
        after
    };
    edits.push(Edit {
        range: line_start..end,
        replacement: String::new(),
    });
}

/// The words of `range`: runs between white space, without the tags at
/// their edges (`Andrej</font>` is the word `Andrej`); a tag inside a word
/// stays inside it, and white space inside a tag splits nothing.
fn word_ranges(text: &str, range: Range<usize>, tags: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    let mut word: Option<Range<usize>> = None;
    let mut next_tag = tags.partition_point(|t| t.end <= range.start);
    let mut at = range.start;
    while at < range.end {
        if let Some(tag) = tags.get(next_tag)
            && tag.start <= at
        {
            at = tag.end.max(at);
            next_tag += 1;
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        let end = at + c.len_utf8();
        if c.is_whitespace() {
            words.extend(word.take());
        } else {
            match &mut word {
                Some(w) => w.end = end,
                None => word = Some(at..end),
            }
        }
        at = end;
    }
    words.extend(word);
    words
}

fn starts_lower(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_lowercase)
}

fn capitalise_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Whether `at` begins a sentence: the start of the text, or after `.`
/// `!` `?` `…` with only spaces, opening quotes, brackets or tags between.
fn at_sentence_start(text: &str, at: usize, skip_tags: bool) -> bool {
    let mut head = &text[..at];
    loop {
        let trimmed =
            head.trim_end_matches(|c: char| c.is_whitespace() || "«\"“‘'([-–—¿¡".contains(c));
        if skip_tags
            && trimmed.ends_with('>')
            && let Some(open) = trimmed.rfind('<')
        {
            head = &trimmed[..open];
            continue;
        }
        return match trimmed.chars().next_back() {
            None => true,
            Some(c) => ".!?…".contains(c),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, start: usize, end: usize, canonical: &str) -> Vec<(Range<usize>, String)> {
        edits_for(
            text,
            Match {
                start,
                end,
                term: 0,
            },
            canonical,
            &[],
        )
        .into_iter()
        .map(|e| (e.range, e.replacement))
        .collect()
    }

    #[test]
    fn equal_word_counts_keep_the_line_break_in_place() {
        let text = "Yann\nLequin a dit";
        assert_eq!(
            run(text, 0, 11, "Yann LeCun"),
            [(5..11, "LeCun".to_string())]
        );
    }

    #[test]
    fn fewer_canonical_words_delete_the_rest_on_the_next_line() {
        let text = "et la stick\nsearch  pour";
        let edits = run(text, 3, 18, "Elasticsearch");
        assert_eq!(
            edits,
            [
                (3..11, "Elasticsearch".to_string()),
                (12..20, String::new())
            ]
        );
    }

    #[test]
    fn punctuation_after_a_deleted_tail_follows_the_canonical() {
        let text = "la stick\nsearch ? avec";
        let edits = run(text, 0, 15, "Elasticsearch");
        assert_eq!(
            edits,
            [
                (0..8, "Elasticsearch ?".to_string()),
                (9..18, String::new())
            ]
        );
    }

    #[test]
    fn more_canonical_words_go_with_the_last_variant_word() {
        assert_eq!(
            run("Mistraléa x", 0, 10, "Mistral AI"),
            [(0..10, "Mistral AI".to_string())]
        );
    }

    #[test]
    fn sentence_starts() {
        assert!(at_sentence_start("x. « <i>y", 9, true));
        assert!(at_sentence_start("y", 0, false));
        assert!(!at_sentence_start("le y", 3, false));
    }
}
