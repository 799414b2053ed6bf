//! whisper.cpp's JSON (`-oj`, `-ojf`): `{"systeminfo", "model", "params",
//! "result", "transcription": [{"timestamps": {"from": "00:00:00,620",
//! "to"}, "offsets": {"from": 620, "to"}, "text"}]}`, each time written
//! twice. `-ojf` adds `tokens`, sub-word pieces with their own times and
//! probability `p`; they are the cue's words here, so a correction
//! rewrites the pieces it covers. Special tokens (`[_BEG_]`, `[_TT_150]`)
//! are not in the text and are left alone. `-di` adds a `speaker` ("0",
//! "1", "?"); `-tdrz` only says the next segment is another speaker.

use crate::error::{Error, Result};
use crate::json::{Edge, Node, SegmentPlaces, TimePlace, TimeUnit, WordPlaces};
use crate::timestamp::Timestamp;
use crate::transcript::{Cue, Word};

use super::super::Defects;
use super::{Doc, cue, speaker};

pub(super) fn read(root: &Node, doc: &mut Doc, defects: &mut Defects) -> Result<Vec<Cue>> {
    let (list, items) = doc.list(root, "transcription")?;
    let array = doc.array(list);
    let mut cues = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let what = format!("transcription {index}");
        let text_node = doc.member(item, "text", &what)?;
        let (text, places) = doc.text(text_node, &format!("{what}: \"text\""))?;
        let (start, end, start_place, end_place, mirrors) = times(item, &what, doc, defects)?;
        let mut words = Vec::new();
        let mut word_places = Vec::new();
        if let Some(tokens) = item.get("tokens").filter(|t| t.as_array().is_some()) {
            let tokens_array = doc.array(tokens);
            for (t, token) in tokens.as_array().unwrap_or_default().iter().enumerate() {
                let Some(piece) = token.get("text") else {
                    continue;
                };
                let Some(piece_text) = piece.as_str() else {
                    continue;
                };
                if piece_text.starts_with("[_") && piece_text.ends_with(']') {
                    continue;
                }
                let what = format!("{what}, token {t}");
                let (w_start, w_end, s_place, e_place, w_mirrors) =
                    times(token, &what, doc, defects)?;
                let confidence = token
                    .get("p")
                    .and_then(|p| p.as_f64().map(|v| (p.span.clone(), v)));
                words.push(Word {
                    text: piece_text.to_string(),
                    start: Some(w_start),
                    end: Some(w_end),
                    probability: confidence.as_ref().map(|c| c.1),
                    speaker: None,
                    source_index: Some(word_places.len()),
                });
                word_places.push(WordPlaces {
                    item: Doc::item(tokens_array, t),
                    text: piece.span.clone(),
                    text_as_read: piece_text.to_string(),
                    form: crate::json::Form::AsIs,
                    start: Some(s_place),
                    end: Some(e_place),
                    time_mirrors: w_mirrors,
                    confidence,
                    mirror: None,
                    also: Vec::new(),
                    spaces: Vec::new(),
                });
            }
        }
        doc.segments.push(SegmentPlaces {
            item: Some(Doc::item(array, index)),
            text: Some(text_node.span.clone()),
            text_as_read: text.clone(),
            start: Some(start_place),
            end: Some(end_place),
            time_mirrors: mirrors,
            words: word_places,
            also: Vec::new(),
        });
        cues.push(Cue {
            start: Some(start),
            end: Some(end.max(start)),
            words,
            speaker: speaker(item.get("speaker")),
            ..cue(text, places, text_node.line, doc.segments.len() - 1)
        });
    }
    Ok(cues)
}

type Times = (
    Timestamp,
    Timestamp,
    TimePlace,
    TimePlace,
    Vec<(TimePlace, Edge)>,
);

/// A segment's or token's times: `offsets` (milliseconds) when present,
/// else `timestamps` (SRT clock strings); the other spelling, when both
/// are written, is kept in step with it.
fn times(item: &Node, what: &str, doc: &Doc, defects: &mut Defects) -> Result<Times> {
    let zero = Timestamp(0);
    let pair = |key: &str, unit: TimeUnit, defects: &mut Defects| -> Result<Option<_>> {
        let Some(node) = item.get(key) else {
            return Ok(None);
        };
        let from = doc.member(node, "from", &format!("{what}: \"{key}\""))?;
        let to = doc.member(node, "to", &format!("{what}: \"{key}\""))?;
        let from = doc.time(
            from,
            unit,
            zero,
            &format!("{what}: \"{key}\".\"from\""),
            defects,
        )?;
        let to = doc.time(
            to,
            unit,
            zero,
            &format!("{what}: \"{key}\".\"to\""),
            defects,
        )?;
        Ok(Some((from, to)))
    };
    let offsets = pair("offsets", TimeUnit::Millis, defects)?;
    let clock = pair("timestamps", TimeUnit::SrtClock, defects)?;
    match (offsets, clock) {
        (Some((from, to)), clock) => {
            let mirrors = clock
                .map(|(f, t)| {
                    vec![
                        (f.1, crate::json::Edge::Start),
                        (t.1, crate::json::Edge::End),
                    ]
                })
                .unwrap_or_default();
            Ok((from.0, to.0, from.1, to.1, mirrors))
        }
        (None, Some((from, to))) => Ok((from.0, to.0, from.1, to.1, Vec::new())),
        (None, None) => Err(Error::parse(
            item.line,
            item.column,
            format!("{what}: expected \"offsets\" or \"timestamps\", found neither"),
        )),
    }
}
