//! Hugging Face `transformers`' speech pipeline, as written by
//! `json.dump` of its output and by insanely-fast-whisper:
//! - the pipeline with `return_timestamps=True` or `"word"`: `{"text",
//!   "chunks": [{"text", "timestamp": [start, end]}]}`, times in seconds,
//!   the last end `null` when the audio stops inside a segment (its cue
//!   then lasts as long as its text takes to read); `text` is the chunks'
//!   texts joined; scripts that diarize add a `speaker` to each chunk;
//! - the chunks alone, a bare list;
//! - insanely-fast-whisper: `{"speakers", "chunks", "text"}`, where
//!   `speakers` is empty, or after diarization each chunk again (a prefix
//!   of them if the turns ran out) with a `"speaker"` first.
//!
//! Each chunk is a cue, whether it is a segment or a word (`"word"`
//! timestamps give a word a chunk): a word list then reads as the word
//! lists of other tools do, and a name said over several chunks is joined
//! into the first, the others removed. `text` is tied to the chunks, and
//! so is each `speakers` entry that copies its chunk (its text, its times,
//! and the entry goes when the chunk goes); a `speakers` list that is not
//! such copies (a wrapper that grouped the turns) is left as it is and no
//! speaker is read from it.

use crate::error::{Error, Result};
use crate::json::{Edge, Form, Item, Node, SegmentPlaces, TimePlace, TimeUnit, Value};
use crate::timestamp::Timestamp;
use crate::transcript::Cue;

use super::super::Defects;
use super::{Doc, cloud, cue, speaker};

/// Whether `root` is this pipeline's output: a `chunks` list (a chunk
/// without its `timestamp` is then an error at its place), or a list of
/// chunks that hold one.
pub(super) fn is_pipeline(root: &Node) -> bool {
    let is_chunk = |c: &Node| c.get("text").is_some() && c.get("timestamp").is_some();
    match root.as_array() {
        Some(items) => !items.is_empty() && items.iter().all(is_chunk),
        None => root.get("chunks").and_then(Node::as_array).is_some(),
    }
}

pub(super) fn read(root: &Node, doc: &mut Doc, defects: &mut Defects) -> Result<Vec<Cue>> {
    let (list, chunks) = doc.list(root, "chunks")?;
    let array = doc.array(list);
    let copies = root.get("speakers").and_then(|s| copies(s, chunks));
    let copies_array = copies.as_ref().map(|(node, _)| doc.array(node));
    let mut cues = Vec::with_capacity(chunks.len());
    for (index, node) in chunks.iter().enumerate() {
        let what = format!("chunks[{index}]");
        let node = cloud::object(node, &what)?;
        let text_node = doc.member(node, "text", &what)?;
        let (text, places) = doc.text(text_node, &format!("{what}: \"text\""))?;
        let (start, start_place, end, end_place) = span(node, &what, doc, defects)?;
        let mut segment = SegmentPlaces {
            item: Some(Doc::item(array, index)),
            text: Some(text_node.span.clone()),
            text_as_read: text.clone(),
            start: Some(start_place),
            end: end_place,
            ..SegmentPlaces::default()
        };
        // Forks and diarizing scripts write the speaker in the chunk.
        let mut label = speaker(node.get("speaker"));
        if let (Some((_, entries)), Some(copies_array)) = (&copies, copies_array)
            && let Some(entry) = entries.get(index)
        {
            label = label.or_else(|| speaker(entry.get("speaker")));
            tie(entry, Doc::item(copies_array, index), &mut segment, doc)?;
        }
        let end = match end {
            Some(end) => end,
            None => unknown_end(start, &text, chunks.get(index + 1)),
        };
        doc.segments.push(segment);
        cues.push(Cue {
            start: Some(start),
            end: Some(end),
            speaker: label,
            ..cue(text, places, text_node.line, doc.segments.len() - 1)
        });
    }
    let all = (0..chunks.len()).collect();
    let top = root.get("text");
    cloud::mirror(doc, top, all, Form::AsIs, "the top-level \"text\"");
    Ok(cues)
}

/// A chunk's `timestamp`: its start, and its end, None when it is `null`
/// (the audio stopped first).
fn span(
    node: &Node,
    what: &str,
    doc: &Doc,
    defects: &mut Defects,
) -> Result<(Timestamp, TimePlace, Option<Timestamp>, Option<TimePlace>)> {
    let stamp = doc.member(node, "timestamp", what)?;
    let pair = match stamp.as_array() {
        Some([start, end]) => (start, end),
        _ => {
            return Err(Error::parse(
                stamp.line,
                stamp.column,
                format!(
                    "{what}: \"timestamp\": expected [start, end] in seconds, found {}",
                    crate::error::quote(&doc.source[stamp.span.clone()])
                ),
            ));
        }
    };
    let zero = Timestamp(0);
    let time = |node: &Node, edge: &str, defects: &mut Defects| {
        doc.time(
            node,
            TimeUnit::Seconds,
            zero,
            &format!("{what}: the {edge} of \"timestamp\""),
            defects,
        )
    };
    let (start, start_place) = time(pair.0, "start", defects)?;
    if matches!(pair.1.value, Value::Null) {
        return Ok((start, start_place, None, None));
    }
    let (end, end_place) = time(pair.1, "end", defects)?;
    let end = cloud::ordered(start, end, pair.1, what, defects)?;
    Ok((start, start_place, Some(end), Some(end_place)))
}

/// Where a chunk whose end is `null` is taken to end, for the formats
/// that need an end (the `null` itself stays): when its text is read at
/// the house style's speed, and no later than the next chunk's start.
/// A cue ending where it starts would flash by unseen.
fn unknown_end(start: Timestamp, text: &str, next: Option<&Node>) -> Timestamp {
    let reading = crate::segment::Limits::default().needed_ms(text.trim().chars().count());
    let next_start = next
        .and_then(|n| n.get("timestamp")?.as_array()?.first()?.as_f64())
        .map(|s| Timestamp::from_secs_f64(s.max(0.0)))
        .filter(|&n| n > start);
    let end = Timestamp(start.0.saturating_add(reading));
    next_start.map_or(end, |n| end.min(n))
}

/// The `speakers` list and its entries, when each entry copies the chunk
/// of its rank (its text and times as written) with a speaker added, as
/// insanely-fast-whisper writes it; None for an empty list or any other.
fn copies<'n>(list: &'n Node, chunks: &[Node]) -> Option<(&'n Node, &'n [Node])> {
    let entries = list.as_array().filter(|e| !e.is_empty())?;
    if entries.len() > chunks.len() {
        return None;
    }
    fn text(n: &Node) -> Option<&str> {
        n.get("text").and_then(Node::as_str)
    }
    // Times as numbers (or `null`), wherever they are written.
    let times = |n: &Node| -> Option<Vec<Option<f64>>> {
        let stamp = n.get("timestamp")?.as_array()?;
        Some(stamp.iter().map(Node::as_f64).collect())
    };
    let copied = entries.iter().zip(chunks).all(|(entry, chunk)| {
        text(entry).is_some() && text(entry) == text(chunk) && times(entry) == times(chunk)
    });
    copied.then_some((list, entries))
}

/// Ties a `speakers` entry to its chunk: its text repeats the chunk's,
/// its times follow the chunk's, and it goes when the chunk goes.
fn tie(entry: &Node, item: Item, segment: &mut SegmentPlaces, doc: &mut Doc) -> Result<()> {
    let what = format!("speakers[{}]", item.index);
    let this = vec![doc.segments.len()];
    cloud::mirror(
        doc,
        entry.get("text"),
        this,
        Form::AsIs,
        &format!("\"{what}\""),
    );
    let stamp = doc.member(entry, "timestamp", &what)?;
    for (node, place, edge) in stamp
        .as_array()
        .unwrap_or_default()
        .iter()
        .zip([&segment.start, &segment.end])
        .zip([Edge::Start, Edge::End])
        .filter_map(|((node, place), edge)| place.as_ref().map(|p| (node, p, edge)))
    {
        // The same value as the chunk's, read already: only its place differs.
        let mirror = TimePlace {
            span: node.span.clone(),
            ..place.clone()
        };
        segment.time_mirrors.push((mirror, edge));
    }
    segment.also.push(item);
    Ok(())
}
