//! AssemblyAI's transcript (`GET /v2/transcript/{id}`, see
//! assemblyai-python-sdk `types.py`): `{"id", "status", "text", "words",
//! "utterances", ...}`. With `speaker_labels`, each utterance (a speaker
//! turn: `text`, `start`, `end` in milliseconds, `speaker` "A", "B"...,
//! `words`) is a cue; the top-level `text` is their texts joined by a
//! space and the top-level `words` their words again, so both are tied to
//! the cues. Without it `utterances` is null and the whole `text` is one
//! cue with the top-level words. Other keys (`audio_duration` in seconds,
//! feature flags) are left as they are.

use crate::error::Result;
use crate::json::{Form, Item, Node, SegmentPlaces, TimeUnit, WordPlaces};
use crate::timestamp::Timestamp;
use crate::transcript::{Cue, Word};

use super::super::Defects;
use super::{Doc, cloud, cue, speaker};

pub(super) fn read(root: &Node, doc: &mut Doc, defects: &mut Defects) -> Result<Vec<Cue>> {
    let Some(utterances) = root.get("utterances").filter(|u| u.as_array().is_some()) else {
        return whole(root, doc, defects);
    };
    let array = doc.array(utterances);
    let mut cues = Vec::new();
    for (index, node) in utterances.as_array().unwrap_or_default().iter().enumerate() {
        let what = format!("utterances[{index}]");
        let node = cloud::object(node, &what)?;
        let text_node = doc.member(node, "text", &what)?;
        let (text, places) = doc.text(text_node, &format!("{what}: \"text\""))?;
        let zero = Timestamp(0);
        let start_node = doc.member(node, "start", &what)?;
        let end_node = doc.member(node, "end", &what)?;
        let (start, start_place) = doc.time(
            start_node,
            TimeUnit::Millis,
            zero,
            &format!("{what}: \"start\""),
            defects,
        )?;
        let (end, end_place) = doc.time(
            end_node,
            TimeUnit::Millis,
            zero,
            &format!("{what}: \"end\""),
            defects,
        )?;
        let end = cloud::ordered(start, end, end_node, &what, defects)?;
        let (words, word_places) = match node.get("words").filter(|w| w.as_array().is_some()) {
            Some(list) => words(list, &what, doc, defects)?,
            None => (Vec::new(), Vec::new()),
        };
        doc.segments.push(SegmentPlaces {
            item: Some(Doc::item(array, index)),
            text: Some(text_node.span.clone()),
            text_as_read: text.clone(),
            start: Some(start_place),
            end: Some(end_place),
            time_mirrors: Vec::new(),
            words: word_places,
        });
        cues.push(Cue {
            start: Some(start),
            end: Some(end),
            words,
            speaker: speaker(node.get("speaker")),
            ..cue(text, places, text_node.line, doc.segments.len() - 1)
        });
    }
    let all: Vec<usize> = (0..doc.segments.len()).collect();
    cloud::mirror(
        doc,
        root.get("text"),
        all,
        Form::AsIs,
        "the top-level \"text\"",
    );
    if let Some(list) = root.get("words") {
        cloud::tie_copies(doc, list, |doc, node, item| {
            let mut ignore = Defects::new(super::super::Mode::Lossy);
            let (_, mut place) = word(node, "words", doc, &mut ignore).ok()??;
            place.item = item;
            let text = place.text_as_read.clone();
            Some((place, text))
        });
    }
    Ok(cues)
}

/// A transcript without speaker labels: the whole `text` with the
/// top-level words.
fn whole(root: &Node, doc: &mut Doc, defects: &mut Defects) -> Result<Vec<Cue>> {
    let text_node = doc.member(root, "text", "the document")?;
    let (text, places) = doc.text(text_node, "\"text\"")?;
    let (words, word_places) = match root.get("words").filter(|w| w.as_array().is_some()) {
        Some(list) => words(list, "the document", doc, defects)?,
        None => (Vec::new(), Vec::new()),
    };
    let start = words.first().and_then(|w| w.start);
    let end = words.last().and_then(|w| w.end);
    doc.segments.push(SegmentPlaces {
        item: None,
        text: Some(text_node.span.clone()),
        text_as_read: text.clone(),
        words: word_places,
        ..SegmentPlaces::default()
    });
    Ok(vec![Cue {
        start,
        end,
        speaker: cloud::shared_speaker(&words),
        words,
        ..cue(text, places, text_node.line, 0)
    }])
}

/// The words of `list`, each with its places.
fn words(
    list: &Node,
    what: &str,
    doc: &mut Doc,
    defects: &mut Defects,
) -> Result<(Vec<Word>, Vec<WordPlaces>)> {
    let array = doc.array(list);
    let mut words = Vec::new();
    let mut places = Vec::new();
    for (w, node) in list.as_array().unwrap_or_default().iter().enumerate() {
        let Some((mut word, mut place)) = word(node, &format!("{what}, word {w}"), doc, defects)?
        else {
            continue;
        };
        word.source_index = Some(places.len());
        place.item = Doc::item(array, w);
        words.push(word);
        places.push(place);
    }
    Ok((words, places))
}

/// A word `{text, start, end, confidence, speaker}`, times in
/// milliseconds; None (with a defect) for one without text.
fn word(
    node: &Node,
    what: &str,
    doc: &Doc,
    defects: &mut Defects,
) -> Result<Option<(Word, WordPlaces)>> {
    let Some(text_node) = node.get("text").filter(|t| t.as_str().is_some()) else {
        defects.repairable(crate::error::Error::parse(
            node.line,
            node.column,
            format!(
                "{what}: expected a \"text\" string, found {}; the word is not used",
                crate::error::quote(&doc.source[node.span.clone()])
            ),
        ))?;
        return Ok(None);
    };
    let text = text_node.as_str().unwrap_or_default();
    let zero = Timestamp(0);
    let start = cloud::time(doc, node, "start", TimeUnit::Millis, zero, what, defects)?;
    let end = cloud::time(doc, node, "end", TimeUnit::Millis, zero, what, defects)?;
    let confidence = node
        .get("confidence")
        .and_then(|c| c.as_f64().map(|v| (c.span.clone(), v)));
    let word = Word {
        text: text.to_string(),
        start: start.as_ref().map(|s| s.0),
        end: end.as_ref().map(|e| e.0),
        probability: confidence.as_ref().map(|c| c.1),
        speaker: speaker(node.get("speaker")),
        source_index: None,
    };
    let place = WordPlaces {
        start: start.map(|s| s.1),
        end: end.map(|e| e.1),
        confidence,
        ..cloud::places(Item { array: 0, index: 0 }, text_node, text, Form::AsIs)
    };
    Ok(Some((word, place)))
}
