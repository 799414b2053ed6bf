//! YouTube's timed text as JSON (`fmt=json3`, what yt-dlp saves with
//! `--sub-format json3`): `{"wireMagic", "pens", "wsWinStyles",
//! "wpWinPositions", "events": [{"tStartMs", "dDurationMs", "segs":
//! [{"utf8", "tOffsetMs", "acAsrConf"}]}]}`. A text event is a cue and
//! each seg a word (automatic captions give one word a seg, its space
//! inside `utf8`); the window event and the `aAppend` events that only
//! hold a line feed are not cues and are left as they are. The cue's text
//! lives only in its segs, so a correction rewrites the segs it covers.

use crate::error::Result;
use crate::json::{Node, SegmentPlaces, TimeUnit, WordPlaces};
use crate::timestamp::Timestamp;
use crate::transcript::{Cue, TextPlaces, Word};

use super::super::Defects;
use super::{Doc, cue};

pub(super) fn read(root: &Node, doc: &mut Doc, defects: &mut Defects) -> Result<Vec<Cue>> {
    let (list, events) = doc.list(root, "events")?;
    let array = doc.array(list);
    let mut cues = Vec::new();
    for (index, event) in events.iter().enumerate() {
        let Some(segs) = event.get("segs").and_then(Node::as_array) else {
            continue;
        };
        let texts: Vec<&str> = segs
            .iter()
            .filter_map(|s| s.get("utf8").and_then(Node::as_str))
            .collect();
        if texts.iter().all(|t| t.trim().is_empty()) {
            continue;
        }
        let what = format!("events[{index}]");
        let zero = Timestamp(0);
        let start_node = doc.member(event, "tStartMs", &what)?;
        let (start, start_place) = doc.time(
            start_node,
            TimeUnit::Millis,
            zero,
            &format!("{what}: \"tStartMs\""),
            defects,
        )?;
        let (end, end_place) = match event.get("dDurationMs") {
            Some(d) => {
                let (end, place) = doc.time(
                    d,
                    TimeUnit::Millis,
                    start,
                    &format!("{what}: \"dDurationMs\""),
                    defects,
                )?;
                (end, Some(place))
            }
            None => (start, None),
        };
        let segs_node = event.get("segs").unwrap_or(event);
        let segs_array = doc.array(segs_node);
        let mut text = String::new();
        let mut places = TextPlaces::default();
        let mut words: Vec<Word> = Vec::with_capacity(segs.len());
        let mut word_places = Vec::with_capacity(segs.len());
        for (s, seg) in segs.iter().enumerate() {
            let Some(utf8) = seg.get("utf8").filter(|u| u.as_str().is_some()) else {
                continue;
            };
            let piece = utf8.as_str().unwrap_or_default();
            places.extend_shifted(&utf8.string_places(doc.source), text.len());
            text.push_str(piece);
            let (word_start, start_place) = match seg.get("tOffsetMs") {
                Some(offset) => {
                    let (t, place) = doc.time(
                        offset,
                        TimeUnit::Millis,
                        start,
                        &format!("{what}, seg {s}: \"tOffsetMs\""),
                        defects,
                    )?;
                    (t, Some(place))
                }
                None => (start, None),
            };
            if let Some(previous) = words.last_mut() {
                previous.end = Some(word_start.max(previous.start.unwrap_or(word_start)));
            }
            words.push(Word {
                text: piece.to_string(),
                start: Some(word_start),
                end: Some(end.max(word_start)),
                probability: None,
                speaker: None,
                source_index: Some(word_places.len()),
            });
            word_places.push(WordPlaces {
                item: Doc::item(segs_array, s),
                text: utf8.span.clone(),
                text_as_read: piece.to_string(),
                form: crate::json::Form::AsIs,
                start: start_place,
                end: None,
                time_mirrors: Vec::new(),
                confidence: None,
                mirror: None,
                also: Vec::new(),
                spaces: Vec::new(),
            });
        }
        let line = event.get("segs").map_or(event.line, |s| s.line);
        let first_line = segs
            .first()
            .and_then(|s| s.get("utf8"))
            .map_or(line, |u| u.line);
        doc.segments.push(SegmentPlaces {
            item: Some(Doc::item(array, index)),
            text: None,
            text_as_read: text.clone(),
            start: Some(start_place),
            end: end_place,
            time_mirrors: Vec::new(),
            words: word_places,
            also: Vec::new(),
        });
        cues.push(Cue {
            start: Some(start),
            end: Some(end.max(start)),
            words,
            ..cue(text, places, first_line, doc.segments.len() - 1)
        });
    }
    Ok(cues)
}
