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
        let words = cloud::words(node.get("words"), &what, doc, defects, word)?;
        doc.segments.push(SegmentPlaces {
            item: Some(Doc::item(array, index)),
            text: Some(text_node.span.clone()),
            text_as_read: text.clone(),
            start: Some(start_place),
            end: Some(end_place),
            time_mirrors: Vec::new(),
            words: words.places,
            also: Vec::new(),
        });
        cues.push(Cue {
            start: Some(start),
            end: Some(end),
            words: words.words,
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
            let (_, place) = word(node, item, "words", doc, &mut ignore).ok()??;
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
    let words = cloud::words(root.get("words"), "", doc, defects, word)?;
    cloud::whole(doc, text_node, words, "\"text\"", defects)
}

/// A word `{text, start, end, confidence, speaker}`, times in
/// milliseconds; None (with a defect) for one without text.
fn word(
    node: &Node,
    item: Item,
    what: &str,
    doc: &Doc,
    defects: &mut Defects,
) -> Result<Option<(Word, WordPlaces)>> {
    cloud::simple_word(
        (node, item, what),
        &["text"],
        TimeUnit::Millis,
        doc,
        defects,
    )
}
