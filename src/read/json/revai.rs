//! Rev.ai's transcript (`GET /jobs/{id}/transcript` with `Accept:
//! application/vnd.rev.transcript.v1.0+json`; the API reference's
//! `Transcript` schema): `{"monologues": [{"speaker", "elements":
//! [{"type", "value", "ts", "end_ts", "confidence"}]}]}`. Times are
//! seconds; `punct` and `unknown` elements have no confidence.
//!
//! Each monologue is a cue; its speaker is its `speaker_name` when one is
//! written, else its `speaker` number. The text is written nowhere but in
//! the elements, and each space is an element of its own (`{"type":
//! "punct", "value": " "}`), so:
//! - a `text` element is a timed word, and a `punct` element that is not
//!   white space is an untimed word of its own, as AWS Transcribe's
//!   punctuation items are: a correction never writes a comma into a
//!   word's value;
//! - the spaces before a word are in the cue's word (" stick") as they are
//!   in its text, not in its element, which is written without them
//!   (`Form::Trimmed`); they go when the word goes, so a correction of
//!   "la stick search" leaves one element where there were five;
//! - an `unknown` element (`<unknown>`: speech the recogniser could not
//!   make out) is no word and not in the text, nor are the spaces before
//!   it, so neither the dictionary nor subtitles see it; it stays as
//!   written and goes only with the word after it;
//! - the spaces before the first word and after the last are not in the
//!   text; they stay as written. When the words before a word go, its
//!   spaces go too: it opens the monologue as the first word did.
//!
//! A monologue without a word is no cue and is left as it is.

use crate::error::{Error, Result};
use crate::json::{Form, Item, Node, SegmentPlaces, TimeUnit};
use crate::transcript::{Cue, TextPlaces};

use super::super::Defects;
use super::{Doc, cloud, cue, speaker};

pub(super) fn read(root: &Node, doc: &mut Doc, defects: &mut Defects) -> Result<Vec<Cue>> {
    let (list, monologues) = doc.list(root, "monologues")?;
    let array = doc.array(list);
    let mut cues = Vec::new();
    for (index, node) in monologues.iter().enumerate() {
        let what = format!("monologues[{index}]");
        let node = cloud::object(node, &what)?;
        if let Some(cue) = monologue(node, Doc::item(array, index), &what, doc, defects)? {
            cues.push(cue);
        }
    }
    Ok(cues)
}

/// What an element is to the text.
enum Kind {
    /// A word, or punctuation other than white space: a word of the cue.
    Word,
    /// White space between words.
    Space,
    /// Left out of the text: `unknown`, or an element that cannot be read.
    Outside,
}

/// A monologue as a cue, None when it has no word.
fn monologue(
    node: &Node,
    item: Item,
    what: &str,
    doc: &mut Doc,
    defects: &mut Defects,
) -> Result<Option<Cue>> {
    let list = cloud::array(doc, node, "elements", what)?;
    let array = doc.array(list);
    let mut text = String::new();
    let mut places = TextPlaces::default();
    let mut words = cloud::CueWords::default();
    // The space elements since the last word or unknown element, and every
    // element since the last word: they go when the next word goes.
    let mut spaces: Vec<&Node> = Vec::new();
    let mut between: Vec<Item> = Vec::new();
    // How many space elements open `between`, before any other: what
    // leads the cue once the words before the next word go.
    let mut leading = 0;
    let (mut start, mut end): (cloud::Timed, cloud::Timed) = (None, None);
    let mut end_node = None;
    let mut line = None;
    for (e, element) in list.as_array().unwrap_or_default().iter().enumerate() {
        let what = format!("{what}.elements[{e}]");
        let element = cloud::object(element, &what)?;
        let here = Doc::item(array, e);
        let Some(value) = cloud::word_text(doc, element, &["value"], &what, defects)? else {
            spaces.clear();
            between.push(here);
            continue;
        };
        let times = cloud::times(
            doc,
            element,
            ["ts", "end_ts"],
            TimeUnit::Seconds,
            &what,
            defects,
        )?;
        // The cue lasts from the first time written to the last, an
        // unknown element's included: it was speech.
        if start.is_none() {
            start = times.0.clone();
        }
        if times.1.is_some() {
            end = times.1.clone();
            end_node = element.get("end_ts");
        }
        let piece = value.as_str().unwrap_or_default();
        match kind(element, piece, &what, doc, defects)? {
            Kind::Outside => {
                spaces.clear();
                between.push(here);
            }
            Kind::Space => {
                spaces.push(value);
                if leading == between.len() {
                    leading += 1;
                }
                between.push(here);
            }
            Kind::Word => {
                let begin = text.len();
                // Spaces before the first word are not in the text.
                if !words.words.is_empty() {
                    for space in spaces.drain(..) {
                        places.extend_shifted(&space.string_places(doc.source), text.len());
                        text.push_str(space.as_str().unwrap_or_default());
                    }
                }
                spaces.clear();
                places.extend_shifted(&value.string_places(doc.source), text.len());
                text.push_str(piece);
                let (word, mut place) = cloud::word(
                    here,
                    value,
                    &text[begin..],
                    Form::Trimmed,
                    times,
                    cloud::confidence(element),
                    None,
                );
                place.spaces = between[..leading].to_vec();
                place.also = std::mem::take(&mut between);
                leading = 0;
                words.push(word, place);
                line.get_or_insert(value.line);
            }
        }
    }
    let Some(line) = line else {
        return Ok(None);
    };
    let cloud::CueWords {
        words,
        places: word_places,
    } = words;
    let (start_time, end_time) = cloud::cue_times((&start, &end), &words, end_node, what, defects)?;
    doc.segments.push(SegmentPlaces {
        item: Some(item),
        text: None,
        text_as_read: text.clone(),
        words: word_places,
        ..SegmentPlaces::default()
    });
    let name = node
        .get("speaker_name")
        .filter(|n| n.as_str().is_some_and(|s| !s.trim().is_empty()));
    Ok(Some(Cue {
        start: start_time,
        end: end_time,
        words,
        speaker: speaker(name.or(node.get("speaker"))),
        ..cue(text, places, line, doc.segments.len() - 1)
    }))
}

/// The element's kind, from its `type` and `value`. A `type` that is none
/// of Rev.ai's is a defect; the element is left out of the text.
fn kind(element: &Node, value: &str, what: &str, doc: &Doc, defects: &mut Defects) -> Result<Kind> {
    let kind = element.get("type");
    Ok(match kind.and_then(Node::as_str) {
        Some("text" | "punct") if value.trim().is_empty() => Kind::Space,
        Some("text" | "punct") => Kind::Word,
        Some("unknown") => Kind::Outside,
        _ => {
            let at = kind.unwrap_or(element);
            defects.repairable(Error::parse(
                at.line,
                at.column,
                format!(
                    "{what}: expected a \"type\" of \"text\", \"punct\" or \"unknown\", found {}; the element is left out of the text",
                    kind.map_or_else(|| "none".to_string(), |k| cloud::found(doc, k))
                ),
            ))?;
            Kind::Outside
        }
    })
}
