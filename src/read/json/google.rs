//! Google Cloud Speech-to-Text results: v1 `LongRunningRecognize` as
//! `operations.get` gives it (`{"name", "metadata", "done", "response":
//! {"results"}}`) or a `recognize` response (`{"results"}`), and v2
//! `BatchRecognize` result files (`{"results", "metadata"}`). A result is
//! `{"alternatives": [{"transcript", "confidence", "words"}],
//! "resultEndTime" (v2 "resultEndOffset"), "languageCode"}`; a word
//! `{"startTime", "endTime", "word"}` (v2 `startOffset`, `endOffset`,
//! `confidence`), durations as proto3 JSON strings (`"1.500s"`).
//!
//! Each result with a transcript is a cue: its `alternatives[0]` (the
//! others are other hypotheses, left alone), its times those of its first
//! and last words. With diarization the last result has no transcript and
//! writes every word of the file again with `speakerTag` (v2
//! `speakerLabel`), "only in the top alternative of the FINAL result"
//! (`RecognitionFeatures`): the speakers come from there, and its words
//! are tied to the cues' so a correction changes both.

use crate::error::{Error, Result};
use crate::json::{Form, Item, Node, SegmentPlaces, TimePlace, TimeUnit, WordPlaces};
use crate::timestamp::Timestamp;
use crate::transcript::{Cue, Word};

use super::super::Defects;
use super::{Doc, cloud, cue};

pub(super) fn read(root: &Node, doc: &mut Doc, defects: &mut Defects) -> Result<Vec<Cue>> {
    let (list, what) = match root.get("response") {
        Some(response) => (
            cloud::array(doc, response, "results", "\"response\"")?,
            "response.results",
        ),
        None => (
            cloud::array(doc, root, "results", "the document")?,
            "results",
        ),
    };
    let array = doc.array(list);
    let mut cues: Vec<Cue> = Vec::new();
    let mut copies = None;
    let mut previous_end = Timestamp(0);
    for (index, result) in list.as_array().unwrap_or_default().iter().enumerate() {
        let what = format!("{what}[{index}]");
        let result = cloud::object(result, &what)?;
        let result_end = match ["resultEndTime", "resultEndOffset"]
            .into_iter()
            .find_map(|key| result.get(key).map(|n| (key, n)))
        {
            Some((key, node)) => {
                duration(node, &format!("{what}: \"{key}\""), doc, defects)?.map(|t| t.0)
            }
            None => None,
        };
        let Some(alternative) = result
            .get("alternatives")
            .and_then(Node::as_array)
            .and_then(|a| a.first())
        else {
            continue;
        };
        let what = format!("{what}.alternatives[0]");
        let alternative = cloud::object(alternative, &what)?;
        let Some(text_node) = alternative.get("transcript") else {
            if alternative.get("words").is_some() {
                copies = alternative.get("words");
            }
            continue;
        };
        let (text, places) = doc.text(text_node, &format!("{what}: \"transcript\""))?;
        let cloud::CueWords {
            words,
            places: word_places,
        } = cloud::words(alternative.get("words"), &what, doc, defects, word)?;
        let start = words.first().and_then(|w| w.start).unwrap_or(previous_end);
        let end = words
            .iter()
            .rev()
            .find_map(|w| w.end)
            .or(result_end)
            .unwrap_or(start)
            .max(start);
        previous_end = result_end.unwrap_or(end);
        doc.segments.push(SegmentPlaces {
            item: Some(Doc::item(array, index)),
            text: Some(text_node.span.clone()),
            text_as_read: text.clone(),
            words: word_places,
            ..SegmentPlaces::default()
        });
        cues.push(Cue {
            start: Some(start),
            end: Some(end),
            words,
            ..cue(text, places, text_node.line, doc.segments.len() - 1)
        });
    }
    if let Some(list) = copies {
        let speakers: Vec<Option<String>> = list
            .as_array()
            .unwrap_or_default()
            .iter()
            .map(speaker)
            .collect();
        let tied = cloud::tie_copies(doc, list, |doc, node, item| {
            let mut ignore = Defects::new(super::super::Mode::Lossy);
            let (_, place) = word(node, item, "", doc, &mut ignore).ok()??;
            let text = place.text_as_read.clone();
            Some((place, text))
        });
        if tied {
            let mut speakers = speakers.into_iter();
            for word in cues.iter_mut().flat_map(|c| c.words.iter_mut()) {
                let copy = speakers.next().flatten();
                word.speaker = word.speaker.take().or(copy);
            }
        }
    }
    for cue in &mut cues {
        cue.speaker = cloud::shared_speaker(&cue.words);
    }
    Ok(cues)
}

/// A word: `word`, its times, `confidence` (v2), its speaker.
fn word(
    node: &Node,
    item: Item,
    what: &str,
    doc: &Doc,
    defects: &mut Defects,
) -> Result<Option<(Word, WordPlaces)>> {
    let Some(text_node) = cloud::word_text(doc, node, &["word"], what, defects)? else {
        return Ok(None);
    };
    let time = |keys: [&str; 2], defects: &mut Defects| -> Result<_> {
        match keys
            .into_iter()
            .find_map(|key| node.get(key).map(|n| (key, n)))
        {
            Some((key, n)) => duration(n, &format!("{what}: \"{key}\""), doc, defects),
            None => Ok(None),
        }
    };
    let times = (
        time(["startTime", "startOffset"], defects)?,
        time(["endTime", "endOffset"], defects)?,
    );
    Ok(Some(cloud::word(
        item,
        text_node,
        text_node.as_str().unwrap_or_default(),
        Form::AsIs,
        times,
        cloud::confidence(node),
        speaker(node),
    )))
}

/// A word's speaker: v1 `speakerTag` (1, 2...; 0 is none), v2
/// `speakerLabel`.
fn speaker(node: &Node) -> Option<String> {
    match node.get("speakerTag").and_then(Node::as_f64) {
        Some(tag) if tag > 0.0 => Some(format!("{tag}")),
        Some(_) => None,
        None => super::speaker(node.get("speakerLabel")),
    }
}

/// A proto3 Duration (`"1.500s"`). Seconds without the `s` are a defect
/// the lossy reader reads as seconds, and writes back as it found them.
fn duration(
    node: &Node,
    what: &str,
    doc: &Doc,
    defects: &mut Defects,
) -> Result<Option<(Timestamp, TimePlace)>> {
    if matches!(node.value, crate::json::Value::Null) {
        return Ok(None);
    }
    let zero = Timestamp(0);
    if TimeUnit::SecondsString.read(node).is_none() && TimeUnit::SecondsText.read(node).is_some() {
        defects.repairable(Error::parse(
            node.line,
            node.column,
            format!(
                "{what}: expected a duration such as \"1.500s\", found {}; read as seconds",
                cloud::found(doc, node)
            ),
        ))?;
        return doc
            .time(node, TimeUnit::SecondsText, zero, what, defects)
            .map(Some);
    }
    doc.time(node, TimeUnit::SecondsString, zero, what, defects)
        .map(Some)
}
