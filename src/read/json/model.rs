//! transcrub's own JSON model, as `clean --to model` writes it:
//! `{"format", "cues": [{"id", "start", "end", "settings", "text",
//! "words": [{"text", "start", "end", "probability", "speaker"}],
//! "scores", "notes", "line", "speaker"}], "changes"}`, times in whole
//! milliseconds and absent for text that had none. Read back so that a
//! model a person or a script edited goes on to subtitles or another
//! format: each cue is read as the model holds it. `format` (the source
//! the model was made from), `line` (a line of that source) and
//! `changes` (the account of the run that wrote the model) describe
//! another file, and are left as they are.

use crate::error::{Error, Result};
use crate::json::{Node, SegmentPlaces, TimeUnit};
use crate::timestamp::Timestamp;
use crate::transcript::{Cue, SegmentScores};

use super::super::Defects;
use super::{Doc, cloud, cue, speaker, whisper};

/// Whether `root` is a model: a `format` name, `cues` and `changes`.
pub(super) fn is_model(root: &Node) -> bool {
    root.get("format").and_then(Node::as_str).is_some()
        && root.get("cues").and_then(Node::as_array).is_some()
        && root.get("changes").and_then(Node::as_array).is_some()
}

pub(super) fn read(root: &Node, doc: &mut Doc, defects: &mut Defects) -> Result<Vec<Cue>> {
    let (list, nodes) = doc.list(root, "cues")?;
    let array = doc.array(list);
    let mut cues = Vec::with_capacity(nodes.len());
    for (index, node) in nodes.iter().enumerate() {
        cues.push(read_cue(node, index, array, doc, defects)?);
    }
    Ok(cues)
}

fn read_cue(
    node: &Node,
    index: usize,
    array: usize,
    doc: &mut Doc,
    defects: &mut Defects,
) -> Result<Cue> {
    let what = format!("cues[{index}]");
    let node = cloud::object(node, &what)?;
    let text_node = doc.member(node, "text", &what)?;
    let (text, places) = doc.text(text_node, &format!("{what}: \"text\""))?;
    // Both times or neither: a cue of plain text has none.
    let (start, end) = match (node.get("start"), node.get("end")) {
        (None, None) => (None, None),
        _ => {
            let time = |key: &str, doc: &Doc, defects: &mut Defects| {
                let time_node = doc.member(node, key, &what)?;
                doc.time(
                    time_node,
                    TimeUnit::Millis,
                    Timestamp(0),
                    &format!("{what}: \"{key}\""),
                    defects,
                )
            };
            let start = time("start", doc, defects)?;
            let end = time("end", doc, defects)?;
            (Some(start), Some(end))
        }
    };
    let mut words = Vec::new();
    let mut word_places = Vec::new();
    if let Some(list) = node.get("words").filter(|w| w.as_array().is_some()) {
        let words_array = doc.array(list);
        for (w, word_node) in list.as_array().unwrap_or_default().iter().enumerate() {
            let read = whisper::word(
                word_node,
                &format!("{what}, word {w}"),
                TimeUnit::Millis,
                doc,
                defects,
            )?;
            if let Some((mut word, mut place)) = read {
                word.source_index = Some(word_places.len());
                place.item = Doc::item(words_array, w);
                words.push(word);
                word_places.push(place);
            }
        }
    }
    let string = |key: &str| node.get(key).and_then(Node::as_str).map(str::to_string);
    let notes = node
        .get("notes")
        .and_then(Node::as_array)
        .map(|notes| {
            notes
                .iter()
                .filter_map(|n| n.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let scores = node.get("scores").map(whisper::scores);
    doc.segments.push(SegmentPlaces {
        item: Some(Doc::item(array, index)),
        text: Some(text_node.span.clone()),
        text_as_read: text.clone(),
        start: start.as_ref().map(|s| s.1.clone()),
        end: end.as_ref().map(|e| e.1.clone()),
        time_mirrors: Vec::new(),
        words: word_places,
        also: Vec::new(),
    });
    let start = start.map(|s| s.0);
    let mut end = end.map(|e| e.0);
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        let end_node = node.get("end").unwrap_or(node);
        defects.repairable(Error::parse(
            end_node.line,
            end_node.column,
            format!(
                "{what}: expected \"end\" after \"start\", found {} ms then {} ms; the end is moved to the start",
                s.0, e.0
            ),
        ))?;
        end = Some(s);
    }
    Ok(Cue {
        id: string("id"),
        start,
        end,
        settings: string("settings"),
        words,
        scores: scores
            .filter(|s| *s != SegmentScores::default())
            .map(Box::new),
        notes,
        speaker: speaker(node.get("speaker")),
        ..cue(text, places, text_node.line, doc.segments.len() - 1)
    })
}
