//! Amazon Transcribe's batch output (developer guide, "Example diarization
//! output (batch)"): `{"jobName", "accountId", "status", "results":
//! {"transcripts": [{"transcript"}], "speaker_labels", "items",
//! "audio_segments"}}`. Times and confidences are strings of seconds.
//!
//! Each audio segment (a speaker turn: `transcript`, `start_time`,
//! `end_time`, `speaker_label`, `items`: item ids) is a cue; its words are
//! the items it names, in `results.items`: pronunciation items with times,
//! punctuation items without, both with `alternatives[0].content`. A
//! correction rewrites the first item it covers and removes the others,
//! with their ids in the segment's `items` and their entries in
//! `speaker_labels.segments[].items` (which repeat each pronunciation
//! item's times). `transcripts[0].transcript` is the segments' texts
//! joined by a space. Older outputs have no `audio_segments`: the whole
//! transcript is then one cue with every item. An item's `confidence` is
//! left as written (a merged word keeps its first item's).

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::json::{Edge, Form, Item, Node, SegmentPlaces, TimeUnit, WordPlaces};
use crate::timestamp::Timestamp;
use crate::transcript::{Cue, Word};

use super::super::Defects;
use super::{Doc, cloud, cue, speaker};

pub(super) fn read(root: &Node, doc: &mut Doc, defects: &mut Defects) -> Result<Vec<Cue>> {
    let results = cloud::object(doc.member(root, "results", "the document")?, "\"results\"")?;
    let items = cloud::array(doc, results, "items", "\"results\"")?;
    let items_array = doc.array(items);
    let items = Items {
        nodes: items.as_array().unwrap_or_default(),
        array: items_array,
        labels: labels(results, items.as_array().unwrap_or_default(), doc),
    };
    let transcript = results
        .get("transcripts")
        .and_then(Node::as_array)
        .and_then(|t| t.first())
        .and_then(|t| t.get("transcript"));
    let Some(list) = results
        .get("audio_segments")
        .filter(|s| s.as_array().is_some())
    else {
        return whole(results, transcript, &items, doc, defects);
    };
    let cues = segments(list, &items, doc, defects)?;
    // With audio segments the transcript repeats their texts.
    let all = (0..doc.segments.len()).collect();
    cloud::mirror(
        doc,
        transcript,
        all,
        Form::AsIs,
        "\"results.transcripts[0].transcript\"",
    );
    Ok(cues)
}

/// `results.items` and what stands for each item elsewhere.
struct Items<'n> {
    nodes: &'n [Node],
    array: usize,
    /// For each item, its `speaker_labels` entry and that entry's node.
    labels: HashMap<usize, (Item, &'n Node)>,
}

/// The `speaker_labels.segments[].items` entries, one per pronunciation
/// item in order, by the index of the item they repeat; none if they do
/// not repeat the items' times one for one.
fn labels<'n>(
    results: &'n Node,
    items: &'n [Node],
    doc: &mut Doc,
) -> HashMap<usize, (Item, &'n Node)> {
    let Some(segments) = results
        .get("speaker_labels")
        .and_then(|l| l.get("segments"))
        .and_then(Node::as_array)
    else {
        return HashMap::new();
    };
    let timed: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.get("start_time").is_some())
        .map(|(k, _)| k)
        .collect();
    let entries: Vec<&Node> = segments
        .iter()
        .filter_map(|s| s.get("items").and_then(Node::as_array))
        .flatten()
        .collect();
    let raw = |n: &Node, key: &str| n.get(key).map(|v| &doc.source[v.span.clone()]);
    if entries.len() != timed.len()
        || entries.iter().zip(&timed).any(|(e, &k)| {
            raw(e, "start_time") != raw(&items[k], "start_time")
                || raw(e, "end_time") != raw(&items[k], "end_time")
        })
    {
        return HashMap::new();
    }
    let mut out = HashMap::new();
    let mut timed = timed.into_iter();
    for list in segments.iter().filter_map(|s| s.get("items")) {
        let array = doc.array(list);
        for (index, entry) in list.as_array().unwrap_or_default().iter().enumerate() {
            if let Some(k) = timed.next() {
                out.insert(k, (Doc::item(array, index), entry));
            }
        }
    }
    out
}

/// One cue per audio segment.
fn segments(list: &Node, items: &Items, doc: &mut Doc, defects: &mut Defects) -> Result<Vec<Cue>> {
    let by_id: HashMap<u64, usize> = items
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(k, item)| Some((id(item.get("id")?)?, k)))
        .collect();
    let array = doc.array(list);
    let mut cues = Vec::new();
    for (index, node) in list.as_array().unwrap_or_default().iter().enumerate() {
        let what = format!("audio_segments[{index}]");
        let node = cloud::object(node, &what)?;
        let text_node = doc.member(node, "transcript", &what)?;
        let (text, places) = doc.text(text_node, &format!("{what}: \"transcript\""))?;
        let (start, end) = cloud::times(
            doc,
            node,
            ["start_time", "end_time"],
            TimeUnit::SecondsText,
            &what,
            defects,
        )?;
        let mut words = cloud::CueWords::default();
        if let Some(ids) = node.get("items").filter(|i| i.as_array().is_some()) {
            let ids_array = doc.array(ids);
            for (p, id_node) in ids.as_array().unwrap_or_default().iter().enumerate() {
                let Some(&k) = id(id_node).and_then(|i| by_id.get(&i)) else {
                    defects.repairable(Error::parse(
                        id_node.line,
                        id_node.column,
                        format!(
                            "{what}: \"items\": expected the id of an item of \"results.items\", found {}; it is not used",
                            crate::error::quote(&doc.source[id_node.span.clone()])
                        ),
                    ))?;
                    continue;
                };
                if let Some((word, mut place)) = word(k, items, doc, defects)? {
                    place.also.push(Doc::item(ids_array, p));
                    words.push(word, place);
                }
            }
        }
        let cloud::CueWords {
            words,
            places: word_places,
        } = words;
        let (start_time, end_time) =
            cloud::cue_times((&start, &end), &words, node.get("end_time"), &what, defects)?;
        doc.segments.push(SegmentPlaces {
            item: Some(Doc::item(array, index)),
            text: Some(text_node.span.clone()),
            text_as_read: text.clone(),
            start: start.map(|s| s.1),
            end: end.map(|e| e.1),
            time_mirrors: Vec::new(),
            words: word_places,
            also: Vec::new(),
        });
        cues.push(Cue {
            start: start_time,
            end: end_time,
            words,
            speaker: speaker(node.get("speaker_label")),
            ..cue(text, places, text_node.line, doc.segments.len() - 1)
        });
    }
    Ok(cues)
}

/// Output without audio segments: the whole transcript, every item.
fn whole(
    results: &Node,
    transcript: Option<&Node>,
    items: &Items,
    doc: &mut Doc,
    defects: &mut Defects,
) -> Result<Vec<Cue>> {
    let Some(text_node) = transcript else {
        return Err(Error::parse(
            results.line,
            results.column,
            "\"results\": expected \"audio_segments\" or \"transcripts\", found neither",
        ));
    };
    let mut words = cloud::CueWords::default();
    for k in 0..items.nodes.len() {
        if let Some((word, place)) = word(k, items, doc, defects)? {
            words.push(word, place);
        }
    }
    cloud::whole(
        doc,
        text_node,
        words,
        "\"results.transcripts[0].transcript\"",
        defects,
    )
}

/// Item `k` as a word: `alternatives[0].content`, `start_time` and
/// `end_time` (pronunciations only), `speaker_label`; None (with a defect)
/// for an item without content.
fn word(
    k: usize,
    items: &Items,
    doc: &Doc,
    defects: &mut Defects,
) -> Result<Option<(Word, WordPlaces)>> {
    let node = &items.nodes[k];
    let what = format!("results.items[{k}]");
    let alternative = node
        .get("alternatives")
        .and_then(Node::as_array)
        .and_then(|a| a.first());
    let Some(content) = alternative
        .and_then(|a| a.get("content"))
        .filter(|c| c.as_str().is_some())
    else {
        defects.repairable(Error::parse(
            node.line,
            node.column,
            format!(
                "{what}: expected \"alternatives\" with a \"content\" string, found none; the item is not used"
            ),
        ))?;
        return Ok(None);
    };
    let text = content.as_str().unwrap_or_default();
    let times = cloud::times(
        doc,
        node,
        ["start_time", "end_time"],
        TimeUnit::SecondsText,
        &what,
        defects,
    )?;
    // Confidences are strings: read, not rewritten (the writer writes
    // numbers), so a merged item keeps its first item's.
    let probability = alternative.and_then(|a| a.get("confidence")).and_then(|c| {
        c.as_str()
            .and_then(|s| s.parse::<f64>().ok())
            .or(c.as_f64())
    });
    let (mut word, mut place) = cloud::word(
        Doc::item(items.array, k),
        content,
        text,
        Form::AsIs,
        times,
        None,
        speaker(node.get("speaker_label")),
    );
    word.probability = probability;
    if let Some((item, entry)) = items.labels.get(&k) {
        place.also.push(*item);
        for (key, edge) in [("start_time", Edge::Start), ("end_time", Edge::End)] {
            let mut ignore = Defects::new(super::super::Mode::Lossy);
            if let Some((_, t)) = cloud::time(
                doc,
                entry,
                key,
                TimeUnit::SecondsText,
                Timestamp(0),
                &what,
                &mut ignore,
            )? {
                place.time_mirrors.push((t, edge));
            }
        }
    }
    Ok(Some((word, place)))
}

/// An item id: a whole number (Transcribe writes numbers; a string of
/// digits is read too).
fn id(node: &Node) -> Option<u64> {
    match &node.value {
        crate::json::Value::Number(n) if *n >= 0.0 && n.fract() == 0.0 => Some(*n as u64),
        crate::json::Value::String(s) => s.parse().ok(),
        _ => None,
    }
}
