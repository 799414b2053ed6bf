//! What the cloud speech readers (Deepgram, AssemblyAI, AWS Transcribe,
//! Google, Azure) share: their documents write each text several times
//! (a whole transcript, a turn's text, word lists), and these helpers tie
//! the copies to the cue they repeat so a correction changes them all.

use std::ops::Range;

use crate::error::{Error, Result};
use crate::json::{Form, Item, Node, SegmentPlaces, TextMirror, TimePlace, TimeUnit, WordPlaces};
use crate::timestamp::Timestamp;
use crate::transcript::{Cue, Word};

use super::super::Defects;
use super::Doc;

/// A required member that is an array.
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
) -> Result<Timed> {
    match node.get(key) {
        None => Ok(None),
        Some(t) if matches!(t.value, crate::json::Value::Null) => Ok(None),
        Some(t) => doc
            .time(t, unit, origin, &format!("{what}: \"{key}\""), defects)
            .map(Some),
    }
}

/// A time read, and where it is written.
pub(super) type Timed = Option<(Timestamp, TimePlace)>;

/// The times of `node` written under `keys` (a start, an end): each None
/// when absent or null.
pub(super) fn times(
    doc: &Doc,
    node: &Node,
    [start, end]: [&str; 2],
    unit: TimeUnit,
    what: &str,
    defects: &mut Defects,
) -> Result<(Timed, Timed)> {
    let zero = Timestamp(0);
    Ok((
        time(doc, node, start, unit, zero, what, defects)?,
        time(doc, node, end, unit, zero, what, defects)?,
    ))
}

/// A word's text: the first of `keys` that is a string. A word without
/// one is a defect; the lossy reader leaves it out (None).
pub(super) fn word_text<'n>(
    doc: &Doc,
    node: &'n Node,
    keys: &[&str],
    what: &str,
    defects: &mut Defects,
) -> Result<Option<&'n Node>> {
    if let Some(text) = keys
        .iter()
        .find_map(|k| node.get(k).filter(|t| t.as_str().is_some()))
    {
        return Ok(Some(text));
    }
    defects.repairable(Error::parse(
        node.line,
        node.column,
        format!(
            "{what}: expected a \"{}\" string, found {}; the word is not used",
            keys.last().copied().unwrap_or("word"),
            crate::error::quote(&doc.source[node.span.clone()])
        ),
    ))?;
    Ok(None)
}

/// A number member `confidence`, and where it is.
pub(super) fn confidence(node: &Node) -> Option<(Range<usize>, f64)> {
    node.get("confidence")
        .and_then(|c| c.as_f64().map(|v| (c.span.clone(), v)))
}

/// A cue's words and their places, each word indexed as it is added.
#[derive(Default)]
pub(super) struct CueWords {
    pub words: Vec<Word>,
    pub places: Vec<WordPlaces>,
}

impl CueWords {
    pub(super) fn push(&mut self, word: Word, place: WordPlaces) {
        self.words.push(Word {
            source_index: Some(self.places.len()),
            ..word
        });
        self.places.push(place);
    }
}

/// A word reader: the word at `node`, its item, what it is for messages.
pub(super) type ReadWord =
    fn(&Node, Item, &str, &Doc, &mut Defects) -> Result<Option<(Word, WordPlaces)>>;

/// The words of `list` (`{what}.words`), when it is a list.
pub(super) fn words(
    list: Option<&Node>,
    what: &str,
    doc: &mut Doc,
    defects: &mut Defects,
    read: ReadWord,
) -> Result<CueWords> {
    let mut words = CueWords::default();
    let Some(list) = list.filter(|l| l.as_array().is_some()) else {
        return Ok(words);
    };
    let array = doc.array(list);
    for (w, node) in list.as_array().unwrap_or_default().iter().enumerate() {
        let what = format!("{what}.words[{w}]");
        if let Some((word, place)) = read(node, Doc::item(array, w), &what, doc, defects)? {
            words.push(word, place);
        }
    }
    Ok(words)
}

/// A word written as one string (the first of `keys`), its `start` and
/// `end` in `unit`, and its `confidence` and `speaker` where written;
/// None (with a defect) for a word without text.
pub(super) fn simple_word(
    (node, item, what): (&Node, Item, &str),
    keys: &[&str],
    unit: TimeUnit,
    doc: &Doc,
    defects: &mut Defects,
) -> Result<Option<(Word, WordPlaces)>> {
    let Some(text_node) = word_text(doc, node, keys, what, defects)? else {
        return Ok(None);
    };
    let times = times(doc, node, ["start", "end"], unit, what, defects)?;
    Ok(Some(word(
        item,
        text_node,
        text_node.as_str().unwrap_or_default(),
        Form::AsIs,
        times,
        confidence(node),
        super::speaker(node.get("speaker")),
    )))
}

/// A cue's start and end: as written, else its first word's start and its
/// last word's end. `end_at` is where an end before the start is reported.
pub(super) fn cue_times(
    (start, end): (&Timed, &Timed),
    words: &[Word],
    end_at: Option<&Node>,
    what: &str,
    defects: &mut Defects,
) -> Result<(Option<Timestamp>, Option<Timestamp>)> {
    let start = start
        .as_ref()
        .map(|s| s.0)
        .or(words.iter().find_map(|w| w.start));
    let mut end = end
        .as_ref()
        .map(|e| e.0)
        .or(words.iter().rev().find_map(|w| w.end));
    if let (Some(s), Some(e), Some(at)) = (start, end, end_at) {
        end = Some(ordered(s, e, at, what, defects)?);
    }
    Ok((start, end))
}

/// A document's whole transcript as its one cue, with all its words
/// (a service asked for no speaker turns). The text stays where it is if
/// the cue goes: it is the document's only text.
pub(super) fn whole(
    doc: &mut Doc,
    text_node: &Node,
    words: CueWords,
    what: &str,
    defects: &mut Defects,
) -> Result<Vec<Cue>> {
    let (text, places) = doc.text(text_node, what)?;
    let CueWords {
        words,
        places: word_places,
    } = words;
    let (start, end) = cue_times((&None, &None), &words, None, what, defects)?;
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
        speaker: shared_speaker(&words),
        words,
        ..super::cue(text, places, text_node.line, doc.segments.len() - 1)
    }])
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
        spaces: Vec::new(),
    }
}

/// A word and its places, from what a reader found of it: its text
/// string, the text as the cue spells it, its times, its confidence and
/// speaker.
pub(super) fn word(
    item: Item,
    text_node: &Node,
    text: &str,
    form: Form,
    (start, end): (Timed, Timed),
    confidence: Option<(Range<usize>, f64)>,
    speaker: Option<String>,
) -> (Word, WordPlaces) {
    let word = Word {
        text: text.to_string(),
        start: start.as_ref().map(|s| s.0),
        end: end.as_ref().map(|e| e.0),
        probability: confidence.as_ref().map(|c| c.1),
        speaker,
        source_index: None,
    };
    let place = WordPlaces {
        start: start.map(|s| s.1),
        end: end.map(|e| e.1),
        confidence,
        ..places(item, text_node, text, form)
    };
    (word, place)
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
