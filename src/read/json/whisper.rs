//! The Whisper family's JSON: segments of `start`, `end` (seconds), `text`,
//! optional `words` of `word`, `start`, `end`, `probability` (or WhisperX's
//! `score`), and whatever else each tool adds:
//! - openai-whisper and whisper-ctranslate2: `{"text", "segments",
//!   "language"}`; the top-level `text` is the segments' texts joined;
//!   whisper-ctranslate2 adds a segment `speaker`;
//! - faster-whisper: a bare list of segments;
//! - WhisperX: segment and word `speaker`, words without times where
//!   alignment failed (numerals, symbols), and `word_segments`, every
//!   segment's words again in one list;
//! - whisper-timestamped: words of `text`, `start`, `end`, `confidence`;
//! - stable-ts: words with their own `tokens`, `NaN` times, and `ori_dict`,
//!   the recogniser's result before regrouping, which stable-ts restores on
//!   `reset()`: transcrub leaves it as the recogniser wrote it.

use crate::error::{Error, Result};
use crate::json::{Node, SegmentPlaces, TextMirror, TimeUnit, WordPlaces};
use crate::timestamp::Timestamp;
use crate::transcript::{Cue, SegmentScores, Word};

use super::super::Defects;
use super::{Doc, cue, speaker};

pub(super) fn read(root: &Node, doc: &mut Doc, defects: &mut Defects) -> Result<Vec<Cue>> {
    let (list, segments) = doc.list(root, "segments")?;
    let array = doc.array(list);
    let mut cues = Vec::with_capacity(segments.len());
    for (index, seg) in segments.iter().enumerate() {
        cues.push(segment(seg, index, array, doc, defects)?);
    }
    if let Some(top) = root.get("text").filter(|t| t.as_str().is_some()) {
        doc.mirrors.push(TextMirror {
            span: top.span.clone(),
            text_as_read: top.as_str().unwrap_or_default().to_string(),
            segments: (0..segments.len()).collect(),
            form: crate::json::Form::AsIs,
            what: "the top-level \"text\"".into(),
        });
    }
    if let Some(list) = root.get("word_segments") {
        word_segments(list, doc);
    }
    Ok(cues)
}

fn segment(
    seg: &Node,
    index: usize,
    array: usize,
    doc: &mut Doc,
    defects: &mut Defects,
) -> Result<Cue> {
    let what = format!("segment {index}");
    if !seg.is_object() {
        return Err(Error::parse(
            seg.line,
            seg.column,
            format!("{what}: expected an object, found {}", seg.describe()),
        ));
    }
    let text_node = doc.member(seg, "text", &what)?;
    let (text, places) = doc.text(text_node, &format!("{what}: \"text\""))?;
    let zero = Timestamp(0);
    let start_node = doc.member(seg, "start", &what)?;
    let end_node = doc.member(seg, "end", &what)?;
    let (start, start_place) = doc.time(
        start_node,
        TimeUnit::Seconds,
        zero,
        &format!("{what}: \"start\""),
        defects,
    )?;
    let (mut end, end_place) = doc.time(
        end_node,
        TimeUnit::Seconds,
        zero,
        &format!("{what}: \"end\""),
        defects,
    )?;
    if end < start {
        defects.repairable(Error::parse(
            end_node.line,
            end_node.column,
            format!(
                "{what}: expected \"end\" after \"start\", found {} s then {} s; the end is moved to the start",
                start.as_secs_f64(),
                end.as_secs_f64()
            ),
        ))?;
        end = start;
    }
    let mut words = Vec::new();
    let mut word_places = Vec::new();
    if let Some(list) = seg.get("words").filter(|w| w.as_array().is_some()) {
        let words_array = doc.array(list);
        for (w, node) in list.as_array().unwrap_or_default().iter().enumerate() {
            match word(
                node,
                &format!("{what}, word {w}"),
                TimeUnit::Seconds,
                doc,
                defects,
            )? {
                Some((mut word, mut places)) => {
                    word.source_index = Some(word_places.len());
                    places.item = Doc::item(words_array, w);
                    words.push(word);
                    word_places.push(places);
                }
                None => continue,
            }
        }
    }
    let scores = scores(seg);
    doc.segments.push(SegmentPlaces {
        item: Some(Doc::item(array, index)),
        text: Some(text_node.span.clone()),
        text_as_read: text.clone(),
        start: Some(start_place),
        end: Some(end_place),
        time_mirrors: Vec::new(),
        words: word_places,
        also: Vec::new(),
    });
    Ok(Cue {
        start: Some(start),
        end: Some(end),
        words,
        scores: (scores != SegmentScores::default()).then(|| Box::new(scores)),
        speaker: speaker(seg.get("speaker")),
        ..cue(text, places, text_node.line, doc.segments.len() - 1)
    })
}

/// A word and its places; None (with a defect) for a word with no text.
/// A word without times is kept, untimed: WhisperX leaves numerals and
/// symbols it could not align that way, and they are still words said.
/// Whisper's scores of a segment, from the fields of `node` that hold
/// them (a segment; our model's `scores`).
pub(super) fn scores(node: &Node) -> SegmentScores {
    let score = |key: &str| node.get(key).and_then(Node::as_f64);
    SegmentScores {
        avg_logprob: score("avg_logprob"),
        no_speech_prob: score("no_speech_prob"),
        compression_ratio: score("compression_ratio"),
    }
}

pub(super) fn word(
    node: &Node,
    what: &str,
    unit: TimeUnit,
    doc: &Doc,
    defects: &mut Defects,
) -> Result<Option<(Word, WordPlaces)>> {
    // whisper-timestamped writes "text" and "confidence" where Whisper
    // writes "word" and "probability".
    let Some(text_node) = node
        .get("word")
        .or_else(|| node.get("text"))
        .filter(|t| t.as_str().is_some())
    else {
        defects.repairable(Error::parse(
            node.line,
            node.column,
            format!(
                "{what}: expected a \"word\" string, found {}; the word is not used",
                crate::error::quote(&doc.source[node.span.clone()])
            ),
        ))?;
        return Ok(None);
    };
    let text = text_node.as_str().unwrap_or_default().to_string();
    let time = |key: &str, defects: &mut Defects| -> Result<_> {
        match node.get(key) {
            // stable-ts writes NaN for a time it could not find.
            Some(t) if t.as_f64().is_some() => doc
                .time(
                    t,
                    unit,
                    Timestamp(0),
                    &format!("{what}: \"{key}\""),
                    defects,
                )
                .map(Some),
            Some(t) if matches!(t.value, crate::json::Value::Number(_)) => Ok(None),
            Some(t) if !matches!(t.value, crate::json::Value::Null) => {
                defects.repairable(Error::parse(
                    t.line,
                    t.column,
                    format!(
                        "{what}: \"{key}\": expected {}, found {}; the word is untimed",
                        unit.describe(),
                        crate::error::quote(&doc.source[t.span.clone()])
                    ),
                ))?;
                Ok(None)
            }
            _ => Ok(None),
        }
    };
    let start = time("start", defects)?;
    let end = time("end", defects)?;
    let confidence = node
        .get("probability")
        .or_else(|| node.get("score"))
        .or_else(|| node.get("confidence"))
        .and_then(|c| c.as_f64().map(|v| (c.span.clone(), v)));
    let word = Word {
        text: text.clone(),
        start: start.as_ref().map(|s| s.0),
        end: end.as_ref().map(|e| e.0),
        probability: confidence.as_ref().map(|c| c.1),
        speaker: speaker(node.get("speaker")),
        source_index: None,
    };
    let places = WordPlaces {
        item: Doc::item(0, 0),
        text: text_node.span.clone(),
        text_as_read: text,
        form: crate::json::Form::AsIs,
        start: start.map(|s| s.1),
        end: end.map(|e| e.1),
        time_mirrors: Vec::new(),
        confidence,
        mirror: None,
        also: Vec::new(),
        spaces: Vec::new(),
    };
    Ok(Some((word, places)))
}

/// WhisperX's `word_segments`: the segments' words again, in order. Each
/// is tied to its word so a correction changes both; if the list is not
/// exactly those words, it is left as it was.
fn word_segments(list: &Node, doc: &mut Doc) {
    let Some(items) = list.as_array() else { return };
    let total: usize = doc.segments.iter().map(|s| s.words.len()).sum();
    if items.len() != total {
        return;
    }
    let array = doc.array(list);
    let mut mirrors = Vec::with_capacity(total);
    let mut ignore = Defects::new(super::super::Mode::Lossy);
    for (i, (node, place)) in items
        .iter()
        .zip(doc.segments.iter().flat_map(|s| s.words.iter()))
        .enumerate()
    {
        match word(node, "word_segments", TimeUnit::Seconds, doc, &mut ignore) {
            Ok(Some((_, mut mirror))) if mirror.text_as_read == place.text_as_read => {
                mirror.item = Doc::item(array, i);
                mirrors.push(mirror);
            }
            _ => return,
        }
    }
    let mut mirrors = mirrors.into_iter();
    for place in doc.segments.iter_mut().flat_map(|s| s.words.iter_mut()) {
        place.mirror = mirrors.next().map(Box::new);
    }
}
