//! Deepgram's pre-recorded response (`/v1/listen`; developers.deepgram.com
//! diarization, paragraphs and utterances pages, deepgram-python-sdk
//! types): `{"metadata", "results": {"channels": [{"alternatives":
//! [{"transcript", "confidence", "words", "paragraphs"}]}], "utterances"}}`.
//!
//! Cues: the `utterances` when asked for (speaker turns with their own
//! `transcript` and `words`), else each paragraph's `sentences` (`text`,
//! `start`, `end`; the paragraph's `speaker`), else the alternative's whole
//! transcript. Words are the alternative's (or the utterance's) `words`:
//! `punctuated_word` is the word as the text spells it, `word` the same
//! lower case without punctuation, so a correction writes both, each in its
//! form. Everything else that repeats the text is tied to the cues: the
//! alternative's `transcript` (the sentences joined by a space),
//! `paragraphs.transcript` (`"\nSpeaker 0: ..."`: each cue's text is
//! replaced where it stands), with utterances the sentences and the
//! alternative's words, and each paragraph's `num_words`. Times are seconds.

use crate::error::{Error, Result};
use crate::json::{Form, Item, Node, SegmentPlaces, TimeUnit, WordCount, WordPlaces};
use crate::timestamp::Timestamp;
use crate::transcript::{Cue, Word};

use super::super::Defects;
use super::{Doc, cloud, cue, speaker};

pub(super) fn read(root: &Node, doc: &mut Doc, defects: &mut Defects) -> Result<Vec<Cue>> {
    let results = cloud::object(doc.member(root, "results", "the document")?, "\"results\"")?;
    let channels = cloud::array(doc, results, "channels", "\"results\"")?;
    let mut alternatives = Vec::new();
    for (c, channel) in channels.as_array().unwrap_or_default().iter().enumerate() {
        let what = format!("results.channels[{c}]");
        let list = cloud::array(doc, channel, "alternatives", &what)?;
        let Some(first) = list.as_array().and_then(|a| a.first()) else {
            return Err(Error::parse(
                list.line,
                list.column,
                format!("{what}: \"alternatives\": expected an alternative, found none"),
            ));
        };
        alternatives.push(cloud::object(first, &format!("{what}.alternatives[0]"))?);
    }
    let mut cues = Vec::new();
    // The segments of each channel, for the texts that repeat them.
    let mut by_channel: Vec<Vec<usize>> = vec![Vec::new(); alternatives.len()];
    match results.get("utterances").filter(|u| u.as_array().is_some()) {
        Some(list) => {
            let array = doc.array(list);
            for (index, node) in list.as_array().unwrap_or_default().iter().enumerate() {
                let what = format!("results.utterances[{index}]");
                let node = cloud::object(node, &what)?;
                let channel = node
                    .get("channel")
                    .and_then(Node::as_f64)
                    .map_or(0, |c| c as usize);
                let Some(segments) = by_channel.get_mut(channel) else {
                    return Err(Error::parse(
                        node.line,
                        node.column,
                        format!(
                            "{what}: expected a \"channel\" below {}, found {channel}",
                            alternatives.len()
                        ),
                    ));
                };
                segments.push(doc.segments.len());
                let text_node = doc.member(node, "transcript", &what)?;
                let words = cloud::words(node.get("words"), &what, doc, defects, word)?;
                let item = Doc::item(array, index);
                let speaker = speaker(node.get("speaker"));
                cues.push(segment(
                    text_node, node, item, words, speaker, &what, doc, defects,
                )?);
            }
            for (c, alternative) in alternatives.iter().enumerate() {
                tie_alternative_words(alternative, &by_channel[c], doc);
            }
        }
        None => {
            for (c, alternative) in alternatives.iter().enumerate() {
                let what = format!("results.channels[{c}].alternatives[0]");
                let first = doc.segments.len();
                cues.extend(sentences(alternative, &what, doc, defects)?);
                by_channel[c] = (first..doc.segments.len()).collect();
            }
        }
    }
    for (c, alternative) in alternatives.iter().enumerate() {
        let segments = &by_channel[c];
        let what = format!("results.channels[{c}].alternatives[0]");
        let paragraphs = alternative.get("paragraphs");
        let transcript = alternative.get("transcript");
        // Without paragraphs or utterances the transcript is the cue.
        if segments.len() != 1
            || doc.segments[segments[0]].text != transcript.map(|t| t.span.clone())
        {
            cloud::mirror(
                doc,
                transcript,
                segments.clone(),
                Form::AsIs,
                &format!("{what}.transcript"),
            );
        }
        cloud::mirror(
            doc,
            paragraphs.and_then(|p| p.get("transcript")),
            segments.clone(),
            Form::AsIs,
            &format!("{what}.paragraphs.transcript"),
        );
        if results
            .get("utterances")
            .is_some_and(|u| u.as_array().is_some())
        {
            sentence_mirrors(paragraphs, segments, &cues, doc);
        }
        word_counts(paragraphs, segments, &cues, doc);
    }
    Ok(cues)
}

/// The alternative's cues when there are no utterances: each sentence of
/// each paragraph, else the whole transcript. The alternative's words go
/// to the sentence they start in.
fn sentences(
    alternative: &Node,
    what: &str,
    doc: &mut Doc,
    defects: &mut Defects,
) -> Result<Vec<Cue>> {
    let all = cloud::words(alternative.get("words"), what, doc, defects, word)?;
    let paragraphs = alternative
        .get("paragraphs")
        .and_then(|p| p.get("paragraphs"))
        .and_then(Node::as_array)
        .unwrap_or_default();
    let mut sentences = Vec::new();
    for (p, paragraph) in paragraphs.iter().enumerate() {
        let what = format!("{what}.paragraphs.paragraphs[{p}]");
        let paragraph = cloud::object(paragraph, &what)?;
        let list = cloud::array(doc, paragraph, "sentences", &what)?;
        let array = doc.array(list);
        for (s, sentence) in list.as_array().unwrap_or_default().iter().enumerate() {
            let what = format!("{what}.sentences[{s}]");
            let sentence = cloud::object(sentence, &what)?;
            sentences.push(Sentence {
                node: sentence,
                item: Doc::item(array, s),
                speaker: speaker(paragraph.get("speaker")),
                start: seconds(doc, sentence, "start"),
                what,
            });
        }
    }
    if sentences.is_empty() {
        let text_node = doc.member(alternative, "transcript", what)?;
        return cloud::whole(doc, text_node, all, what, defects);
    }
    // Each word goes to the last sentence that starts at or before it.
    let mut groups: Vec<cloud::CueWords> = Vec::new();
    groups.resize_with(sentences.len(), Default::default);
    let mut current = 0;
    for (word, place) in all.words.into_iter().zip(all.places) {
        if let Some(start) = word.start {
            while current + 1 < sentences.len()
                && sentences[current + 1].start.is_some_and(|s| s <= start)
            {
                current += 1;
            }
        }
        groups[current].push(word, place);
    }
    let mut cues = Vec::with_capacity(sentences.len());
    for (s, words) in sentences.into_iter().zip(groups) {
        let text_node = doc.member(s.node, "text", &s.what)?;
        cues.push(segment(
            text_node, s.node, s.item, words, s.speaker, &s.what, doc, defects,
        )?);
    }
    Ok(cues)
}

/// A paragraph's sentence, before its words are known.
struct Sentence<'n> {
    node: &'n Node,
    item: Item,
    speaker: Option<String>,
    start: Option<Timestamp>,
    what: String,
}

/// A cue from its text and the node holding its `start` and `end`.
#[allow(clippy::too_many_arguments)]
fn segment(
    text_node: &Node,
    times: &Node,
    item: Item,
    words: cloud::CueWords,
    speaker: Option<String>,
    what: &str,
    doc: &mut Doc,
    defects: &mut Defects,
) -> Result<Cue> {
    let (text, text_places) = doc.text(text_node, &format!("{what}: text"))?;
    let (start, end) = cloud::times(
        doc,
        times,
        ["start", "end"],
        TimeUnit::Seconds,
        what,
        defects,
    )?;
    let cloud::CueWords { words, places } = words;
    let (start_time, end_time) =
        cloud::cue_times((&start, &end), &words, times.get("end"), what, defects)?;
    doc.segments.push(SegmentPlaces {
        item: Some(item),
        text: Some(text_node.span.clone()),
        text_as_read: text.clone(),
        start: start.map(|s| s.1),
        end: end.map(|e| e.1),
        time_mirrors: Vec::new(),
        words: places,
        also: Vec::new(),
    });
    Ok(Cue {
        start: start_time,
        end: end_time,
        words,
        speaker,
        ..cue(text, text_places, text_node.line, doc.segments.len() - 1)
    })
}

/// A word: `punctuated_word` (else `word`) as its text, `word` tied in its
/// lexical form; `start`, `end` in seconds, `confidence`, `speaker`. None
/// (with a defect) for a word without text.
fn word(
    node: &Node,
    item: Item,
    what: &str,
    doc: &Doc,
    defects: &mut Defects,
) -> Result<Option<(Word, WordPlaces)>> {
    let Some(text_node) = cloud::word_text(doc, node, &["punctuated_word", "word"], what, defects)?
    else {
        return Ok(None);
    };
    let text = text_node.as_str().unwrap_or_default();
    let times = cloud::times(
        doc,
        node,
        ["start", "end"],
        TimeUnit::Seconds,
        what,
        defects,
    )?;
    let confidence = cloud::confidence(node);
    let speaker = speaker(node.get("speaker"));
    let (word, mut place) = cloud::word(
        item,
        text_node,
        text,
        Form::AsIs,
        times,
        confidence,
        speaker,
    );
    if let Some(plain) = node
        .get("word")
        .filter(|w| w.as_str().is_some() && w.span != text_node.span)
    {
        cloud::add_copy(&mut place, cloud::places(item, plain, text, Form::Lexical));
    }
    Ok(Some((word, place)))
}

/// With utterances, the alternative's words are the utterances' words
/// again: each is tied to its copy (same start, same text), if they all
/// are; else they are left as they were.
fn tie_alternative_words(alternative: &Node, segments: &[usize], doc: &mut Doc) {
    let Some(list) = alternative.get("words").filter(|w| w.as_array().is_some()) else {
        return;
    };
    let nodes = list.as_array().unwrap_or_default();
    let total: usize = segments.iter().map(|&s| doc.segments[s].words.len()).sum();
    if nodes.len() != total {
        return;
    }
    let array = doc.array(list);
    let mut ignore = Defects::new(super::super::Mode::Lossy);
    let mut copies = Vec::with_capacity(total);
    let mut k = 0;
    for &s in segments {
        for place in &doc.segments[s].words {
            let same_start = |p: &WordPlaces| p.start.as_ref().map(|t| t.as_read);
            match word(&nodes[k], Doc::item(array, k), "", doc, &mut ignore) {
                Ok(Some((_, copy)))
                    if copy.text_as_read == place.text_as_read
                        && same_start(&copy) == same_start(place) =>
                {
                    copies.push(copy)
                }
                _ => return,
            }
            k += 1;
        }
    }
    let mut copies = copies.into_iter();
    for &s in segments {
        for place in &mut doc.segments[s].words {
            if let Some(copy) = copies.next() {
                cloud::add_copy(place, copy);
            }
        }
    }
}

/// With utterances, each sentence repeats part of the utterances it
/// overlaps: their corrections are made in it where they stand.
fn sentence_mirrors(paragraphs: Option<&Node>, segments: &[usize], cues: &[Cue], doc: &mut Doc) {
    for paragraph in paragraphs
        .and_then(|p| p.get("paragraphs"))
        .and_then(Node::as_array)
        .unwrap_or_default()
    {
        for sentence in paragraph
            .get("sentences")
            .and_then(Node::as_array)
            .unwrap_or_default()
        {
            let (Some(start), Some(end)) = (
                seconds(doc, sentence, "start"),
                seconds(doc, sentence, "end"),
            ) else {
                continue;
            };
            let overlapping = segments
                .iter()
                .copied()
                .filter(|&s| {
                    let cue = &cues[s];
                    cue.start.is_some_and(|c| c <= end) && cue.end.is_some_and(|c| c >= start)
                })
                .collect();
            cloud::mirror(
                doc,
                sentence.get("text"),
                overlapping,
                Form::AsIs,
                "a sentence's \"text\"",
            );
        }
    }
}

/// Each paragraph's `num_words`: the words that start inside it, when
/// that is the number written.
fn word_counts(paragraphs: Option<&Node>, segments: &[usize], cues: &[Cue], doc: &mut Doc) {
    for paragraph in paragraphs
        .and_then(|p| p.get("paragraphs"))
        .and_then(Node::as_array)
        .unwrap_or_default()
    {
        let Some(count) = paragraph.get("num_words") else {
            continue;
        };
        let Some(as_read) = count.as_f64().filter(|n| *n >= 0.0 && n.fract() == 0.0) else {
            continue;
        };
        let (Some(start), Some(end)) = (
            seconds(doc, paragraph, "start"),
            seconds(doc, paragraph, "end"),
        ) else {
            continue;
        };
        let words: Vec<(usize, usize)> = segments
            .iter()
            .flat_map(|&s| {
                cues[s]
                    .words
                    .iter()
                    .enumerate()
                    .filter(|(_, w)| w.start.is_some_and(|t| start <= t && t <= end))
                    .map(move |(j, _)| (s, j))
            })
            .collect();
        if words.len() == as_read as usize {
            doc.counts.push(WordCount {
                span: count.span.clone(),
                as_read: words.len(),
                words,
            });
        }
    }
}

/// A time member in seconds, for tying copies: None if it is not one.
fn seconds(doc: &Doc, node: &Node, key: &str) -> Option<Timestamp> {
    let mut ignore = Defects::new(super::super::Mode::Lossy);
    cloud::time(
        doc,
        node,
        key,
        TimeUnit::Seconds,
        Timestamp(0),
        "",
        &mut ignore,
    )
    .ok()
    .flatten()
    .map(|t| t.0)
}
