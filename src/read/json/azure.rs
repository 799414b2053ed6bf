//! Azure Speech batch transcription result files (Microsoft Learn, "Get
//! batch transcription results"): `{"source", "timestamp",
//! "durationInTicks", "duration", "combinedRecognizedPhrases",
//! "recognizedPhrases"}`. A phrase is `{"recognitionStatus", "speaker",
//! "channel", "offset", "duration" (ISO 8601, `PT1M4.27S`),
//! "offsetInTicks", "durationInTicks" (100 ns, written as floats),
//! "nBest"}`.
//!
//! Each phrase with an `nBest` is a cue: `nBest[0]` (the others are other
//! hypotheses, left alone), its `display` text, its times from the tick
//! fields (the ISO strings are kept in step). `nBest[0]` writes its words
//! four ways: `display` (case, punctuation: the cue), `lexical` (lower
//! case, numbers in words), `itn` and `maskedITN` (lower case, digits);
//! `combinedRecognizedPhrases` writes the same four for the whole file.
//! A correction made on the display text is written into the three
//! normalised forms in lower case without punctuation, where the words it
//! replaces stand there as whole words; where they do not (a run of words
//! that ITN wrote as digits), that form is left as it was.
//!
//! `words` are lexical too (`carpathy`): each is matched to its word of the
//! display text (`Carpathy`), and a correction writes the corrected word in
//! lower case. Lexical words with no display word (`deux mille
//! vingt-quatre` for `2024`) are no cue words and stay as written. When
//! `displayWords` are there, they are the cue's words and the lexical
//! words that match them are tied to them.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::error::{Error, Result};
use crate::json::form::{common, core};
use crate::json::{Edge, Form, Item, Node, SegmentPlaces, TimePlace, TimeUnit, WordPlaces};
use crate::timestamp::Timestamp;
use crate::transcript::{Cue, Word};

use super::super::Defects;
use super::{Doc, cloud, cue, speaker};

pub(super) fn read(root: &Node, doc: &mut Doc, defects: &mut Defects) -> Result<Vec<Cue>> {
    let list = cloud::array(doc, root, "recognizedPhrases", "the document")?;
    let array = doc.array(list);
    let mut cues = Vec::new();
    let mut by_channel: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
    for (index, phrase) in list.as_array().unwrap_or_default().iter().enumerate() {
        let what = format!("recognizedPhrases[{index}]");
        let phrase = cloud::object(phrase, &what)?;
        // A phrase that recognised nothing (`NoMatch`) has no `nBest`.
        let Some(best) = phrase
            .get("nBest")
            .and_then(Node::as_array)
            .and_then(|n| n.first())
        else {
            continue;
        };
        let best = cloud::object(best, &format!("{what}.nBest[0]"))?;
        let text_node = doc.member(best, "display", &format!("{what}.nBest[0]"))?;
        let (text, places) = doc.text(text_node, &format!("{what}.nBest[0]: \"display\""))?;
        let times = times(phrase, &what, doc, defects)?;
        let who = speaker(phrase.get("speaker"));
        let words = words(best, &text, &format!("{what}.nBest[0]"), doc, defects)?;
        let cue_words: Vec<Word> = words
            .words
            .into_iter()
            .map(|w| Word {
                speaker: who.clone(),
                ..w
            })
            .collect();
        let segment = doc.segments.len();
        doc.segments.push(SegmentPlaces {
            item: Some(Doc::item(array, index)),
            text: Some(text_node.span.clone()),
            text_as_read: text.clone(),
            start: Some(times.start_place),
            end: times.end_place,
            time_mirrors: times.mirrors,
            words: words.places,
            also: Vec::new(),
        });
        for key in ["lexical", "itn", "maskedITN"] {
            let what = format!("{what}.nBest[0].{key}");
            cloud::mirror(doc, best.get(key), vec![segment], Form::Lexical, &what);
        }
        let channel = phrase.get("channel").and_then(Node::as_f64).unwrap_or(0.0);
        by_channel.entry(channel as i64).or_default().push(segment);
        cues.push(Cue {
            start: Some(times.start),
            end: Some(times.end),
            words: cue_words,
            speaker: who,
            ..cue(text, places, text_node.line, segment)
        });
    }
    for (c, combined) in root
        .get("combinedRecognizedPhrases")
        .and_then(Node::as_array)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let channel = combined
            .get("channel")
            .and_then(Node::as_f64)
            .unwrap_or(0.0);
        let segments = by_channel
            .get(&(channel as i64))
            .cloned()
            .unwrap_or_default();
        for (key, form) in [
            ("display", Form::AsIs),
            ("lexical", Form::Lexical),
            ("itn", Form::Lexical),
            ("maskedITN", Form::Lexical),
        ] {
            let what = format!("combinedRecognizedPhrases[{c}].{key}");
            cloud::mirror(doc, combined.get(key), segments.clone(), form, &what);
        }
    }
    Ok(cues)
}

/// A phrase's or a word's times and their places.
struct Times {
    start: Timestamp,
    end: Timestamp,
    start_place: TimePlace,
    end_place: Option<TimePlace>,
    mirrors: Vec<(TimePlace, Edge)>,
}

/// `offsetInTicks` and `durationInTicks`, with `offset` and `duration`
/// kept in step; the ISO strings alone when there are no ticks. An ISO
/// string that is not one is a defect when the ticks give the time.
fn times(node: &Node, what: &str, doc: &Doc, defects: &mut Defects) -> Result<Times> {
    let zero = Timestamp(0);
    let ticks = |key: &str, origin, defects: &mut Defects| {
        cloud::time(doc, node, key, TimeUnit::Ticks, origin, what, defects)
    };
    let iso = |key: &str, origin, ticks_key: Option<&str>, defects: &mut Defects| -> Result<_> {
        let Some(value) = node.get(key) else {
            return Ok(None);
        };
        match (TimeUnit::IsoDuration.read(value), ticks_key) {
            (None, Some(ticks_key)) => {
                defects.repairable(Error::parse(
                    value.line,
                    value.column,
                    format!(
                        "{what}: \"{key}\": expected {}, found {}; the time is read from \"{ticks_key}\"",
                        TimeUnit::IsoDuration.describe(),
                        cloud::found(doc, value)
                    ),
                ))?;
                Ok(None)
            }
            _ => cloud::time(doc, node, key, TimeUnit::IsoDuration, origin, what, defects),
        }
    };
    let offset_ticks = ticks("offsetInTicks", zero, defects)?;
    let offset_iso = iso(
        "offset",
        zero,
        offset_ticks.as_ref().map(|_| "offsetInTicks"),
        defects,
    )?;
    let (start, start_place, start_mirror) = match (offset_ticks, offset_iso) {
        (Some(t), iso) => (t.0, t.1, iso.map(|i| i.1)),
        (None, Some(i)) => (i.0, i.1, None),
        (None, None) => {
            return Err(Error::parse(
                node.line,
                node.column,
                format!("{what}: expected \"offsetInTicks\" or \"offset\", found neither"),
            ));
        }
    };
    let duration_ticks = ticks("durationInTicks", start, defects)?;
    let duration_iso = iso(
        "duration",
        start,
        duration_ticks.as_ref().map(|_| "durationInTicks"),
        defects,
    )?;
    let (end, end_place, end_mirror) = match (duration_ticks, duration_iso) {
        (Some(t), iso) => (t.0, Some(t.1), iso.map(|i| i.1)),
        (None, Some(i)) => (i.0, Some(i.1), None),
        (None, None) => (start, None, None),
    };
    let mut mirrors = Vec::new();
    mirrors.extend(start_mirror.map(|m| (m, Edge::Start)));
    mirrors.extend(end_mirror.map(|m| (m, Edge::End)));
    Ok(Times {
        start,
        end,
        start_place,
        end_place,
        mirrors,
    })
}

/// The cue's words: `displayWords` when there are, the lexical `words`
/// that match them tied to them; else the lexical words that match a
/// word of the display text, spelled as the display text spells them.
fn words(
    best: &Node,
    display: &str,
    what: &str,
    doc: &mut Doc,
    defects: &mut Defects,
) -> Result<cloud::CueWords> {
    let lexical = best.get("words").filter(|w| w.as_array().is_some());
    let lexical_nodes = lexical.and_then(Node::as_array).unwrap_or_default();
    let lexical_array = lexical.map(|l| doc.array(l));
    let lexical_texts: Vec<String> = lexical_nodes
        .iter()
        .map(|w| Form::Lexical.render(w.get("word").and_then(Node::as_str).unwrap_or("")))
        .collect();
    let mut words = cloud::CueWords::default();
    if let Some(list) = best.get("displayWords").filter(|w| w.as_array().is_some()) {
        let array = doc.array(list);
        let nodes = list.as_array().unwrap_or_default();
        let shown: Vec<String> = nodes
            .iter()
            .map(|w| {
                Form::Lexical.render(w.get("displayText").and_then(Node::as_str).unwrap_or(""))
            })
            .collect();
        let pairs = common(&shown, &lexical_texts);
        for (k, node) in nodes.iter().enumerate() {
            let what = format!("{what}.displayWords[{k}]");
            let Some((shown, mut place)) = word(
                node,
                "displayText",
                Form::AsIs,
                None,
                Doc::item(array, k),
                &what,
                doc,
                defects,
            )?
            else {
                continue;
            };
            if let (Some(&(_, l)), Some(lexical_array)) =
                (pairs.iter().find(|(d, _)| *d == k), lexical_array)
            {
                let mut ignore = Defects::new(super::super::Mode::Lossy);
                let what = format!("{what}.words[{l}]");
                if let Ok(Some((_, copy))) = word(
                    &lexical_nodes[l],
                    "word",
                    Form::Lexical,
                    Some(&shown.text),
                    Doc::item(lexical_array, l),
                    &what,
                    doc,
                    &mut ignore,
                ) {
                    cloud::add_copy(&mut place, copy);
                }
            }
            words.push(shown, place);
        }
        return Ok(words);
    }
    let Some(lexical_array) = lexical_array else {
        return Ok(words);
    };
    let tokens = display_words(display);
    let token_texts: Vec<String> = tokens
        .iter()
        .map(|r| Form::Lexical.render(&display[r.clone()]))
        .collect();
    for (t, l) in common(&token_texts, &lexical_texts) {
        let what = format!("{what}.words[{l}]");
        let shown = &display[tokens[t].clone()];
        if let Some((word, place)) = word(
            &lexical_nodes[l],
            "word",
            Form::Lexical,
            Some(shown),
            Doc::item(lexical_array, l),
            &what,
            doc,
            defects,
        )? {
            words.push(word, place);
        }
    }
    Ok(words)
}

/// The words of the display text without the punctuation around them,
/// as byte ranges; punctuation alone (French ` ?`) is no word.
fn display_words(display: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for token in display.split_whitespace() {
        let start = at + display[at..].find(token).unwrap_or(0);
        at = start + token.len();
        let inner = core(token);
        if inner.is_empty() {
            continue;
        }
        let offset = start + token.find(inner).unwrap_or(0);
        out.push(offset..offset + inner.len());
    }
    out
}

/// A word of `key` (`word`, `displayText`) spelled in `form`, with its
/// times and `confidence`; `shown` is how the cue spells it when the file
/// does not. None (with a defect) for one without text.
#[allow(clippy::too_many_arguments)]
fn word(
    node: &Node,
    key: &str,
    form: Form,
    shown: Option<&str>,
    item: Item,
    what: &str,
    doc: &Doc,
    defects: &mut Defects,
) -> Result<Option<(Word, WordPlaces)>> {
    let Some(text_node) = cloud::word_text(doc, node, &[key], what, defects)? else {
        return Ok(None);
    };
    let text = shown.unwrap_or(text_node.as_str().unwrap_or_default());
    let times = times(node, what, doc, defects)?;
    let (mut word, mut place) = cloud::word(
        item,
        text_node,
        text,
        form,
        (Some((times.start, times.start_place)), None),
        cloud::confidence(node),
        None,
    );
    word.end = Some(times.end);
    place.end = times.end_place;
    place.time_mirrors = times.mirrors;
    Ok(Some((word, place)))
}
