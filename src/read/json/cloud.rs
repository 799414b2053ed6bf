//! What the cloud speech readers (Deepgram, AssemblyAI, AWS Transcribe,
//! Google, Azure) share: their documents write each text several times
//! (a whole transcript, a turn's text, word lists), and these helpers tie
//! the copies to the cue they repeat so a correction changes them all.

use crate::error::{Error, Result};
use crate::json::{Form, Item, Node, TextMirror, TimePlace, TimeUnit, WordPlaces};
use crate::timestamp::Timestamp;
use crate::transcript::Word;

use super::super::Defects;
use super::Doc;

/// A required member that is an array, and its items.
pub(super) fn array<'n>(doc: &Doc, node: &'n Node, key: &str, what: &str) -> Result<&'n Node> {
    let list = doc.member(node, key, what)?;
    match list.as_array() {
        Some(_) => Ok(list),
        None => Err(Error::parse(
            list.line,
            list.column,
            format!(
                "{what}: \"{key}\": expected an array, found {}",
                list.describe()
            ),
        )),
    }
}

/// An object, or an error naming what it should have been.
pub(super) fn object<'n>(node: &'n Node, what: &str) -> Result<&'n Node> {
    if node.is_object() {
        Ok(node)
    } else {
        Err(Error::parse(
            node.line,
            node.column,
            format!("{what}: expected an object, found {}", node.describe()),
        ))
    }
}

/// An optional time member: None when absent or null.
pub(super) fn time(
    doc: &Doc,
    node: &Node,
    key: &str,
    unit: TimeUnit,
    origin: Timestamp,
    what: &str,
    defects: &mut Defects,
) -> Result<Option<(Timestamp, TimePlace)>> {
    match node.get(key) {
        None => Ok(None),
        Some(t) if matches!(t.value, crate::json::Value::Null) => Ok(None),
        Some(t) => doc
            .time(t, unit, origin, &format!("{what}: \"{key}\""), defects)
            .map(Some),
    }
}

/// An end that comes before its start is a defect; the end moves to the
/// start.
pub(super) fn ordered(
    start: Timestamp,
    end: Timestamp,
    at: &Node,
    what: &str,
    defects: &mut Defects,
) -> Result<Timestamp> {
    if end >= start {
        return Ok(end);
    }
    defects.repairable(Error::parse(
        at.line,
        at.column,
        format!(
            "{what}: expected the end after the start, found {} s then {} s; the end is moved to the start",
            start.as_secs_f64(),
            end.as_secs_f64()
        ),
    ))?;
    Ok(start)
}

/// A string that repeats the texts of `segments`, when `node` is one.
pub(super) fn mirror(
    doc: &mut Doc,
    node: Option<&Node>,
    segments: Vec<usize>,
    form: Form,
    what: &str,
) {
    let Some((node, text)) = node.and_then(|n| Some((n, n.as_str()?))) else {
        return;
    };
    if segments.is_empty() {
        return;
    }
    doc.mirrors.push(TextMirror {
        span: node.span.clone(),
        text_as_read: text.to_string(),
        segments,
        form,
        what: what.to_string(),
    });
}

/// A value as a message quotes it: a string's text, else what is written.
pub(super) fn found(doc: &Doc, node: &Node) -> String {
    crate::error::quote(node.as_str().unwrap_or(&doc.source[node.span.clone()]))
}

/// A word's places with no times or copies yet.
pub(super) fn places(item: Item, text: &Node, as_read: &str, form: Form) -> WordPlaces {
    WordPlaces {
        item,
        text: text.span.clone(),
        text_as_read: as_read.to_string(),
        form,
        start: None,
        end: None,
        time_mirrors: Vec::new(),
        confidence: None,
        mirror: None,
        also: Vec::new(),
    }
}

/// Adds `copy` at the end of the word's chain of copies.
pub(super) fn add_copy(place: &mut WordPlaces, copy: WordPlaces) {
    match place.mirror.as_deref_mut() {
        Some(next) => add_copy(next, copy),
        None => place.mirror = Some(Box::new(copy)),
    }
}

/// Ties `copies`, a list that writes every segment's words again in order
/// (AssemblyAI's top-level `words`, Google's last diarization result), to
/// those words. `read` gives a copy's places and its text; the list is
/// tied only if it holds exactly those words, else it is left as it was.
/// Whether it was tied.
pub(super) fn tie_copies(
    doc: &mut Doc,
    copies: &Node,
    read: impl Fn(&Doc, &Node, Item) -> Option<(WordPlaces, String)>,
) -> bool {
    let Some(items) = copies.as_array() else {
        return false;
    };
    let total: usize = doc.segments.iter().map(|s| s.words.len()).sum();
    if items.len() != total || total == 0 {
        return false;
    }
    let array = doc.array(copies);
    let mut tied = Vec::with_capacity(total);
    for (i, (node, place)) in items
        .iter()
        .zip(doc.segments.iter().flat_map(|s| s.words.iter()))
        .enumerate()
    {
        match read(doc, node, Doc::item(array, i)) {
            Some((copy, text)) if text == place.text_as_read => tied.push(copy),
            _ => return false,
        }
    }
    let mut tied = tied.into_iter();
    for place in doc.segments.iter_mut().flat_map(|s| s.words.iter_mut()) {
        if let Some(copy) = tied.next() {
            add_copy(place, copy);
        }
    }
    true
}

/// The speaker of all the words, when they agree.
pub(super) fn shared_speaker(words: &[Word]) -> Option<String> {
    let first = words.first()?.speaker.clone()?;
    words
        .iter()
        .all(|w| w.speaker.as_deref() == Some(first.as_str()))
        .then_some(first)
}
