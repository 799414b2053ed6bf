//! JSON out. A transcript read from JSON goes back into its own document:
//! only the values a pass changed are rewritten (a segment's text, the
//! words a correction merged, a removed segment), in the document's own
//! spelling; every other byte is as it was. Anything else is written as
//! transcrub's model: the cues and the list of changes.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::change::Change;
use crate::json::form::{changed_runs, find_words};
use crate::json::{Edge, Form, Item, JsonLayout, Splice, TimePlace, WordPlaces};
use crate::transcript::{Cue, Transcript, Word};

/// transcrub's model: `{"format", "cues": [...], "changes": [...]}`.
pub fn model_json(transcript: &Transcript, changes: &[Change]) -> String {
    #[derive(Serialize)]
    struct Model<'a> {
        format: crate::format::Format,
        cues: &'a [Cue],
        changes: &'a [Change],
    }
    let model = Model {
        format: transcript.format,
        cues: &transcript.cues,
        changes,
    };
    let mut out = serde_json::to_string_pretty(&model).unwrap_or_default();
    out.push('\n');
    out
}

/// Whether the cues still come one for one, in order, from the layout's
/// segments (clean keeps or removes segments; it never makes new ones).
pub fn fits(transcript: &Transcript, layout: &JsonLayout) -> bool {
    let mut last = None;
    transcript.cues.iter().all(|cue| match cue.source_index {
        Some(i) if i < layout.segments.len() && last.is_none_or(|l| i > l) => {
            last = Some(i);
            true
        }
        _ => false,
    })
}

/// The source document with the cues' changes spliced in.
pub fn spliced_json(transcript: &Transcript, layout: &JsonLayout) -> String {
    let style = layout.style;
    let mut splice = Splice::default();
    let mut removals: HashMap<usize, Vec<usize>> = HashMap::new();
    let cues: HashMap<usize, &Cue> = transcript
        .cues
        .iter()
        .filter_map(|c| c.source_index.map(|i| (i, c)))
        .collect();
    let mut texts: Vec<Option<String>> = Vec::with_capacity(layout.segments.len());
    // The (segment, word) pairs still in the document.
    let mut kept: HashSet<(usize, usize)> = HashSet::new();
    for (index, seg) in layout.segments.iter().enumerate() {
        let Some(cue) = cues.get(&index) else {
            if let Some(item) = seg.item {
                removals.entry(item.array).or_default().push(item.index);
                // Words written inside the segment go with it; the others
                // (a cloud transcript's word list, copies) one by one.
                let span = &layout.arrays[item.array][item.index];
                let inside = |i: Item| {
                    let s = &layout.arrays[i.array][i.index];
                    span.start <= s.start && s.end <= span.end
                };
                for p in seg.words.iter().flat_map(WordPlaces::chain) {
                    for i in std::iter::once(p.item).chain(p.also.iter().copied()) {
                        if !inside(i) {
                            removals.entry(i.array).or_default().push(i.index);
                        }
                    }
                }
                for i in &seg.also {
                    removals.entry(i.array).or_default().push(i.index);
                }
            }
            texts.push(None);
            continue;
        };
        texts.push(Some(cue.text.clone()));
        let known: Vec<&TimePlace> = seg
            .words
            .iter()
            .flat_map(WordPlaces::chain)
            .flat_map(|p| {
                p.start
                    .iter()
                    .chain(&p.end)
                    .chain(p.time_mirrors.iter().map(|(t, _)| t))
            })
            .collect();
        if let Some(span) = &seg.text
            && cue.text != seg.text_as_read
        {
            splice.replace(span.clone(), style.string(&cue.text));
        }
        for (place, new) in [(&seg.start, cue.start), (&seg.end, cue.end)] {
            if let (Some(place), Some(new)) = (place, new) {
                time(&mut splice, &layout.source, place, new.0, &known);
            }
        }
        for (place, edge) in &seg.time_mirrors {
            let new = match edge {
                Edge::Start => cue.start,
                Edge::End => cue.end,
            };
            if let Some(new) = new {
                time(&mut splice, &layout.source, place, new.0, &known);
            }
        }
        let words = words_for(cue, seg.text.is_none());
        for (j, place) in seg.words.iter().enumerate() {
            match words.get(&j) {
                None => {
                    for p in place.chain() {
                        for i in std::iter::once(p.item).chain(p.also.iter().copied()) {
                            removals.entry(i.array).or_default().push(i.index);
                        }
                    }
                }
                Some(word) => {
                    kept.insert((index, j));
                    for p in place.chain() {
                        word_edits(&mut splice, &layout.source, p, word, style, &known);
                    }
                    // The words before it went, and it opens the cue:
                    // the spaces written before it as items go too.
                    let opens = |t: &str| !t.starts_with(char::is_whitespace);
                    if opens(&word.text) && !opens(&place.text_as_read) {
                        for &i in &place.spaces {
                            removals.entry(i.array).or_default().push(i.index);
                        }
                    }
                }
            }
        }
    }
    for count in &layout.counts {
        let now = count.words.iter().filter(|w| kept.contains(w)).count();
        if now != count.as_read {
            splice.replace(count.span.clone(), now.to_string());
        }
    }
    let mut removed: Vec<(usize, usize)> = Vec::new();
    for (array, mut indices) in removals {
        indices.sort_unstable();
        indices.dedup();
        splice.remove_items(&layout.arrays[array], &indices);
        let spans = indices.iter().map(|&i| &layout.arrays[array][i]);
        removed.extend(spans.map(|r| (r.start, r.end)));
    }
    // A mirror inside an item that goes (a `speakers` entry copying a
    // removed chunk) goes with it. The removed items by start, each with
    // the furthest end of those starting no later: a span is inside one
    // of them if that end reaches its own.
    removed.sort_unstable();
    let reach: Vec<usize> = removed
        .iter()
        .scan(0, |furthest, &(_, end)| {
            *furthest = end.max(*furthest);
            Some(*furthest)
        })
        .collect();
    let gone = |span: &std::ops::Range<usize>| {
        let before = removed.partition_point(|&(start, _)| start <= span.start);
        before > 0 && reach[before - 1] >= span.end
    };
    for mirror in layout.mirrors.iter().filter(|m| !gone(&m.span)) {
        if let Some(text) = mirrored(mirror, layout, &texts) {
            splice.replace(mirror.span.clone(), style.string(&text));
        }
    }
    splice.apply(&layout.source)
}

/// The cue's words by their index in the source. For a cue whose text
/// lives only in its words (YouTube json3), the words must spell the text:
/// a deletion at the cue's start leaves the next word's space to drop; if
/// the realignment after a correction could not make them spell it, the
/// whole text goes into the first word rather than the correction being
/// lost.
fn words_for(cue: &Cue, text_in_words: bool) -> HashMap<usize, Word> {
    let mut words: Vec<Word> = cue.words.clone();
    if text_in_words && !words.is_empty() {
        let spelled: String = words.iter().map(|w| w.text.as_str()).collect();
        if spelled != cue.text {
            if spelled.trim_start() == cue.text.trim_start() {
                let space = cue.text.len() - cue.text.trim_start().len();
                let first = &mut words[0];
                first.text = format!("{}{}", &cue.text[..space], first.text.trim_start());
            } else {
                let mut whole = words[0].clone();
                whole.text = cue.text.clone();
                whole.end = words.last().and_then(|w| w.end).or(whole.end);
                words = vec![whole];
            }
        }
    }
    words
        .into_iter()
        .filter_map(|w| w.source_index.map(|i| (i, w)))
        .collect()
}

fn word_edits(
    splice: &mut Splice,
    source: &str,
    place: &WordPlaces,
    word: &Word,
    style: crate::json::Style,
    known: &[&TimePlace],
) {
    if word.text != place.text_as_read {
        splice.replace(
            place.text.clone(),
            style.string(&place.form.render(&word.text)),
        );
    }
    if let (Some(p), Some(t)) = (&place.start, word.start) {
        time(splice, source, p, t.0, known);
    }
    if let (Some(p), Some(t)) = (&place.end, word.end) {
        time(splice, source, p, t.0, known);
    }
    for (p, edge) in &place.time_mirrors {
        let t = match edge {
            Edge::Start => word.start,
            Edge::End => word.end,
        };
        if let Some(t) = t {
            time(splice, source, p, t.0, known);
        }
    }
    if let (Some((span, as_read)), Some(p)) = (&place.confidence, word.probability)
        && p != *as_read
    {
        splice.replace(span.clone(), format!("{p}"));
    }
}

/// Rewrites a time that changed, in its own unit. Clean moves only ends
/// (a merged word ends where its last word did), so a value counted from
/// an origin keeps that origin. A value the segment already writes in the
/// same unit from the same origin (the last merged word's end) is copied
/// as written: Deepgram's `26.488544` stays that, not `26.489`.
fn time(splice: &mut Splice, source: &str, place: &TimePlace, ms: u64, known: &[&TimePlace]) {
    if ms == place.as_read.0 {
        return;
    }
    let same = known
        .iter()
        .find(|k| k.as_read.0 == ms && k.unit == place.unit && k.origin == place.origin);
    let text = match same {
        Some(k) => source[k.span.clone()].to_string(),
        None => {
            let value = ms.saturating_sub(place.origin.0);
            place.unit.write(value, &source[place.span.clone()])
        }
    };
    splice.replace(place.span.clone(), text);
}

/// The mirror's new text: rebuilt with the tool's separator when it was
/// exactly the segments' texts joined, else each changed segment's old
/// text replaced by its new one in turn; where a segment's old text is not
/// there as a whole (a mirror in another form, or of part of a segment),
/// each run of words that changed is replaced, in the mirror's form, where
/// it stands as whole words; a run that is not there is left as it was.
/// None when nothing changed.
fn mirrored(
    mirror: &crate::json::TextMirror,
    layout: &JsonLayout,
    texts: &[Option<String>],
) -> Option<String> {
    let changed = mirror
        .segments
        .iter()
        .any(|&i| texts[i].as_deref() != Some(layout.segments[i].text_as_read.as_str()));
    if !changed {
        return None;
    }
    if mirror.form == Form::AsIs {
        for separator in ["", " ", "\n"] {
            let old: Vec<&str> = mirror
                .segments
                .iter()
                .map(|&i| layout.segments[i].text_as_read.as_str())
                .collect();
            if old.join(separator) == mirror.text_as_read {
                let new: Vec<&str> = mirror
                    .segments
                    .iter()
                    .filter_map(|&i| texts[i].as_deref())
                    .collect();
                return Some(new.join(separator));
            }
        }
    }
    let mut out = mirror.text_as_read.clone();
    let mut from = 0;
    for &i in &mirror.segments {
        let old = &layout.segments[i].text_as_read;
        let new = texts[i].as_deref().unwrap_or("");
        if mirror.form == Form::AsIs
            && let Some(at) = out[from..].find(old.as_str()).map(|a| a + from)
        {
            if old != new {
                out.replace_range(at..at + old.len(), new);
            }
            from = at + new.len();
            continue;
        }
        if old == new {
            continue;
        }
        for (old_run, new_run) in changed_runs(old, new) {
            let (old_run, new_run) = (mirror.form.render(&old_run), mirror.form.render(&new_run));
            let Some(at) = find_words(&out, from, &old_run) else {
                continue;
            };
            let mut end = at + old_run.len();
            // A run that goes takes one space with it.
            if new_run.is_empty() && out[end..].starts_with(' ') {
                end += 1;
            }
            out.replace_range(at..end, &new_run);
            from = at + new_run.len();
        }
    }
    Some(out)
}
