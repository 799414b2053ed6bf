//! Speechmatics's batch transcript, `json-v2` (format "2.9" in the
//! provider's own sample output, bench/corpora/MANIFEST-wild.md row 46):
//! `{"format", "job", "metadata", "results": [{"type", "start_time",
//! "end_time", "alternatives": [{"content", "confidence", "language",
//! "speaker"}]}]}`, with `attaches_to` and `is_eos` on punctuation. Times
//! are seconds.
//!
//! The text is written nowhere but in the results, one word or mark each
//! and nothing between them. It is their contents joined as the Python
//! SDK joins them (`join_tokens` in speechmatics/adapters.py): by the
//! language pack's `word_delimiter` (a space; none in Chinese or
//! Japanese), except on the side a mark `attaches_to` (`previous`, the
//! default, `next`, `both`; `none` is spaced like a word). So:
//! - a `word` result is a word of the cue, and so is a `punctuation`
//!   result, each on its own as AWS Transcribe's punctuation items are: a
//!   correction never writes a comma into a word's content;
//! - the delimiter before a word is in the cue's word (" stick") as it is
//!   in its text, not in its content, which is written without it
//!   (`Form::Trimmed`): a correction of "la stick search" leaves one
//!   result where there were three;
//! - an `entity` (a number or a date formatted, with `enable_entities`) is
//!   a word whose content is its written form, as the SDK reads it: the
//!   sample writes no word result over an entity's time, the entity
//!   stands for the words said (its `spoken_form`). Its `written_form`,
//!   when it is the content again as one word, follows a correction of
//!   the content. An entity beside word results that cover its time would
//!   show those words twice: it is no word then, and stays as written.
//!
//! A cue is a turn of one speaker cut after each sentence: a new cue
//! starts where the speaker or the channel changes (never inside a word
//! and the marks attached to it), after a mark that ends a sentence
//! (`is_eos`), and at a `speaker_change` result (older outputs: no text,
//! left as written). "UU", Speechmatics's speaker for speech it could not
//! attribute, is no speaker; with channel diarization the `channel` label
//! names the speaker. A cue has no object of its own: when a pass removes
//! it, all its results go.

use crate::error::{Error, Result};
use crate::json::{Form, Item, Node, SegmentPlaces, TimeUnit, WordPlaces};
use crate::timestamp::Timestamp;
use crate::transcript::{Cue, TextPlaces};

use super::super::{Defects, Mode};
use super::{Doc, cloud, cue};

/// The speaker label of speech Speechmatics could not attribute to anyone
/// (its batch diarization documentation: "S1", "S2", ... or "UU").
const UNKNOWN_SPEAKER: &str = "UU";

pub(super) fn read(root: &Node, doc: &mut Doc, defects: &mut Defects) -> Result<Vec<Cue>> {
    let list = cloud::array(doc, root, "results", "the document")?;
    let array = doc.array(list);
    let results = list.as_array().unwrap_or_default();
    let delimiter = word_delimiter(root);
    let mut cues = Vec::new();
    let mut turn = Turn::default();
    for (index, result) in results.iter().enumerate() {
        let what = format!("results[{index}]");
        let result = cloud::object(result, &what)?;
        let item = Doc::item(array, index);
        let joins = match kind(results, index, &what, doc, defects)? {
            Kind::Text(joins) => joins,
            Kind::Change => {
                cues.extend(turn.finish(doc, defects)?);
                continue;
            }
            Kind::Outside => {
                turn.outside.push(item);
                continue;
            }
        };
        let Some((alternative, content)) = content(result, &what, defects)? else {
            turn.outside.push(item);
            continue;
        };
        let voice = Voice::of(result, alternative);
        if turn.spaced(joins) && (turn.ended || turn.voice.as_ref() != Some(&voice)) {
            cues.extend(turn.finish(doc, defects)?);
        }
        let begin = turn.text.len();
        turn.append(content, delimiter, joins, doc.source);
        let times = cloud::times(
            doc,
            result,
            ["start_time", "end_time"],
            TimeUnit::Seconds,
            &what,
            defects,
        )?;
        let (word, mut place) = cloud::word(
            item,
            content,
            &turn.text[begin..],
            Form::Trimmed,
            times,
            cloud::confidence(alternative),
            voice.name(),
        );
        if let Some(copy) = written_copy(result, item, &turn.text[begin..], doc) {
            cloud::add_copy(&mut place, copy);
        }
        turn.words.push(word, place);
        if turn.voice.is_none() {
            turn.voice = Some(voice);
            turn.line = content.line;
        }
        turn.joined = joins.after;
        // A mark attached after the end of a sentence (a closing quote)
        // is still that sentence's.
        let is_eos = result.get("is_eos").and_then(Node::as_bool) == Some(true);
        turn.ended = is_eos || (turn.ended && joins.before);
    }
    cues.extend(turn.finish(doc, defects)?);
    Ok(cues)
}

/// What joins the words: `metadata.language_pack_info.word_delimiter`,
/// else none for Chinese and Japanese and a space for the others, as the
/// SDK guesses for transcripts written before the language pack said.
fn word_delimiter(root: &Node) -> &str {
    let metadata = root.get("metadata");
    if let Some(delimiter) = metadata
        .and_then(|m| m.get("language_pack_info"))
        .and_then(|l| l.get("word_delimiter"))
        .and_then(Node::as_str)
    {
        return delimiter;
    }
    let language = metadata
        .and_then(|m| m.get("transcription_config"))
        .and_then(|c| c.get("language"))
        .and_then(Node::as_str);
    match language {
        Some("cmn" | "ja") => "",
        _ => " ",
    }
}

/// Which sides of a result join their neighbour without the delimiter.
#[derive(Clone, Copy)]
struct Joins {
    before: bool,
    after: bool,
}

/// What a result is to the text.
enum Kind {
    /// A word, an entity or a mark: a word of the cue.
    Text(Joins),
    /// The end of a turn and no text (`speaker_change`).
    Change,
    /// Not text: kept as written, and gone when its cue goes.
    Outside,
}

/// The result's kind, from its `type`. A `type` that is none of
/// Speechmatics's is a defect; the result is left out of the text.
fn kind(
    results: &[Node],
    index: usize,
    what: &str,
    doc: &Doc,
    defects: &mut Defects,
) -> Result<Kind> {
    const SPACED: Joins = Joins {
        before: false,
        after: false,
    };
    let result = &results[index];
    let kind = result.get("type");
    Ok(match kind.and_then(Node::as_str) {
        Some("word") => Kind::Text(SPACED),
        Some("entity") if beside_words(results, index) => Kind::Outside,
        Some("entity") => Kind::Text(SPACED),
        Some("punctuation") => Kind::Text(attachment(result, what, doc, defects)?),
        Some("speaker_change") => Kind::Change,
        _ => {
            let expected = r#""word", "punctuation", "entity" or "speaker_change""#;
            let then = "the result is left out of the text";
            unexpected((result, "type", what), expected, then, doc, defects)?;
            Kind::Outside
        }
    })
}

/// A mark's `attaches_to`; `previous` when it has none, as the SDK reads
/// it. A value that is none of the four is a defect, read as `previous`.
fn attachment(result: &Node, what: &str, doc: &Doc, defects: &mut Defects) -> Result<Joins> {
    let joins = |before, after| Joins { before, after };
    let node = result.get("attaches_to");
    Ok(match node.map(|n| n.as_str()) {
        None | Some(Some("previous")) => joins(true, false),
        Some(Some("next")) => joins(false, true),
        Some(Some("both")) => joins(true, true),
        Some(Some("none")) => joins(false, false),
        Some(_) => {
            let expected = r#""previous", "next", "both" or "none""#;
            let then = r#"read as "previous""#;
            unexpected((result, "attaches_to", what), expected, then, doc, defects)?;
            joins(true, false)
        }
    })
}

/// Reports a member `key` of `result` whose value is none of the
/// `expected` ones Speechmatics writes (or that is missing), at the value
/// (else at the result), and `then`, what the reader does instead.
fn unexpected(
    (result, key, what): (&Node, &str, &str),
    expected: &str,
    then: &str,
    doc: &Doc,
    defects: &mut Defects,
) -> Result<()> {
    let value = result.get(key);
    let at = value.unwrap_or(result);
    let found = value.map_or_else(|| "none".to_string(), |v| cloud::found(doc, v));
    defects.repairable(Error::parse(
        at.line,
        at.column,
        format!("{what}: \"{key}\": expected {expected}, found {found}; {then}"),
    ))
}

/// Whether word results cover some of the time of the entity at `index`
/// (then it repeats them). Results come in time order: the search stops
/// at the first word on each side that lies wholly outside it.
fn beside_words(results: &[Node], index: usize) -> bool {
    let span = |r: &Node| -> Option<(f64, f64)> {
        Some((r.get("start_time")?.as_f64()?, r.get("end_time")?.as_f64()?))
    };
    let is_word = |r: &&Node| r.get("type").and_then(Node::as_str) == Some("word");
    let Some((start, end)) = span(&results[index]) else {
        return false;
    };
    let overlaps = |(s, e): (f64, f64)| s < end && e > start;
    for word in results[..index].iter().rev().filter(is_word) {
        match span(word) {
            Some(times) if overlaps(times) => return true,
            Some((_, e)) if e <= start => break,
            _ => {}
        }
    }
    for word in results[index + 1..].iter().filter(is_word) {
        match span(word) {
            Some(times) if overlaps(times) => return true,
            Some((s, _)) if s >= end => break,
            _ => {}
        }
    }
    false
}

/// The result's first alternative and its `content`; None (with a
/// defect) when it has none.
fn content<'n>(
    result: &'n Node,
    what: &str,
    defects: &mut Defects,
) -> Result<Option<(&'n Node, &'n Node)>> {
    let alternative = result
        .get("alternatives")
        .and_then(Node::as_array)
        .and_then(|a| a.first());
    let content = alternative
        .and_then(|a| a.get("content"))
        .filter(|c| c.as_str().is_some());
    if let (Some(alternative), Some(content)) = (alternative, content) {
        return Ok(Some((alternative, content)));
    }
    defects.repairable(Error::parse(
        result.line,
        result.column,
        format!(
            "{what}: expected \"alternatives\" with a \"content\" string, found none; the result is left out of the text"
        ),
    ))?;
    Ok(None)
}

/// An entity's `written_form` when it is its content again as one word:
/// a copy written with the content's times and confidence, inside the
/// entity (so it goes when the entity goes: the entity's item).
fn written_copy(result: &Node, item: Item, as_read: &str, doc: &Doc) -> Option<WordPlaces> {
    let [written] = result.get("written_form")?.as_array()? else {
        return None;
    };
    let alternative = written.get("alternatives")?.as_array()?.first()?;
    let text = alternative
        .get("content")
        .filter(|c| c.as_str() == Some(as_read.trim()))?;
    // The copy's times were checked as the entity's own; a defect in them
    // is the copy's to keep, not the reader's to report twice.
    let mut ignore = Defects::new(Mode::Lossy);
    let mut place = cloud::places(item, text, as_read, Form::Trimmed);
    for (key, slot) in [
        ("start_time", &mut place.start),
        ("end_time", &mut place.end),
    ] {
        let time = cloud::time(
            doc,
            written,
            key,
            TimeUnit::Seconds,
            Timestamp(0),
            "written_form",
            &mut ignore,
        );
        *slot = time.ok().flatten().map(|t| t.1);
    }
    place.confidence = cloud::confidence(alternative);
    Some(place)
}

/// Who speaks a result: its first alternative's `speaker` ("UU" is no
/// one) and the result's `channel`, as written.
#[derive(Debug, Clone, PartialEq)]
struct Voice {
    speaker: Option<String>,
    channel: Option<String>,
}

impl Voice {
    fn of(result: &Node, alternative: &Node) -> Voice {
        let label = |node: Option<&Node>| {
            node.and_then(Node::as_str)
                .filter(|s| !s.is_empty() && *s != UNKNOWN_SPEAKER)
                .map(str::to_string)
        };
        Voice {
            speaker: label(alternative.get("speaker")),
            channel: label(result.get("channel")),
        }
    }

    /// The speaker's name: the speaker, else the channel's label.
    fn name(&self) -> Option<String> {
        self.speaker.clone().or_else(|| self.channel.clone())
    }
}

/// A cue being read.
#[derive(Default)]
struct Turn {
    text: String,
    places: TextPlaces,
    words: cloud::CueWords,
    /// Results among the words that are no words: they go with the cue.
    outside: Vec<Item>,
    /// The first word's voice, and the line of its content.
    voice: Option<Voice>,
    line: usize,
    /// The last word joins the next without the delimiter.
    joined: bool,
    /// The last word ended a sentence.
    ended: bool,
}

impl Turn {
    /// Whether a word that joins as `joins` says is spaced from the word
    /// before: there is one, and neither attaches to the other.
    fn spaced(&self, joins: Joins) -> bool {
        !self.words.words.is_empty() && !joins.before && !self.joined
    }

    /// Adds a word's content to the text, after the delimiter when it is
    /// spaced.
    fn append(&mut self, content: &Node, delimiter: &str, joins: Joins, source: &str) {
        let text = content.as_str().unwrap_or_default();
        let places = content.string_places(source);
        if self.spaced(joins) {
            // The delimiter is not in the file: its place is the word's.
            if let Some((line, column)) = places.place(text, 0) {
                let begin = self.text.len();
                for (k, c) in delimiter.char_indices() {
                    self.places.note(begin + k, c, line, column);
                }
            }
            self.text.push_str(delimiter);
        }
        self.places.extend_shifted(&places, self.text.len());
        self.text.push_str(text);
    }

    /// The cue read so far, None when it has no word (what is outside it
    /// then belongs to the next). The turn starts again, empty.
    fn finish(&mut self, doc: &mut Doc, defects: &mut Defects) -> Result<Option<Cue>> {
        if self.words.words.is_empty() {
            return Ok(None);
        }
        let Turn {
            text,
            places,
            words,
            outside,
            voice,
            line,
            ..
        } = std::mem::take(self);
        let cloud::CueWords {
            words,
            places: word_places,
        } = words;
        // No end is written for the cue: there is none to check.
        let (start, end) = cloud::cue_times((&None, &None), &words, None, "results", defects)?;
        doc.segments.push(SegmentPlaces {
            // The cue has no object of its own: its first result stands
            // for it, and the writer removes the others as its words.
            item: Some(word_places[0].item),
            text: None,
            text_as_read: text.clone(),
            words: word_places,
            also: outside,
            ..SegmentPlaces::default()
        });
        Ok(Some(Cue {
            start,
            end,
            words,
            speaker: voice.and_then(|v| v.name()),
            ..cue(text, places, line, doc.segments.len() - 1)
        }))
    }
}

#[cfg(test)]
mod tests {
    use crate::format::Format;
    use crate::read::{Mode, parse};

    fn result(kind: &str, content: &str, times: (f64, f64), extra: &str) -> String {
        format!(
            r#"{{"alternatives":[{{"confidence":1.0,"content":"{content}","language":"fr","speaker":"S1"}}],"end_time":{},"start_time":{},"type":"{kind}"{extra}}}"#,
            times.1, times.0
        )
    }

    fn texts(results: &[String]) -> Vec<String> {
        let doc = format!(r#"{{"format":"2.9","results":[{}]}}"#, results.join(","));
        let read = parse(&doc, Format::Json, Mode::Strict).unwrap();
        read.transcript.cues.into_iter().map(|c| c.text).collect()
    }

    #[test]
    fn marks_join_the_side_they_attach_to() {
        let mark = |c: &str, to: &str| {
            result(
                "punctuation",
                c,
                (1.0, 1.0),
                &format!(r#","attaches_to":"{to}","is_eos":false"#),
            )
        };
        let word = |w: &str| result("word", w, (0.5, 1.0), "");
        assert_eq!(
            texts(&[
                mark("¿", "next"),
                word("Sí"),
                mark(",", "previous"),
                word("bien"),
                mark("-", "both"),
                word("sûr"),
                mark("&", "none"),
                word("oui"),
            ]),
            ["¿Sí, bien-sûr & oui"]
        );
    }

    #[test]
    fn a_speaker_change_result_ends_a_cue_and_is_no_text() {
        // Older outputs (`speaker_change` diarization) name no speaker.
        let word = |w: &str, at: f64| {
            result("word", w, (at, at + 0.4), "").replace(r#","speaker":"S1""#, "")
        };
        let change =
            r#"{"alternatives":[],"end_time":1.0,"start_time":1.0,"type":"speaker_change"}"#;
        assert_eq!(
            texts(&[word("Oui", 0.5), change.to_string(), word("Non", 1.0)]),
            ["Oui", "Non"]
        );
    }

    #[test]
    fn an_entity_is_a_word_unless_words_cover_its_time() {
        let entity = result(
            "entity",
            "25",
            (1.0, 1.6),
            r#","entity_class":"cardinal","spoken_form":[],"written_form":[]"#,
        );
        let before = result("word", "le", (0.5, 1.0), "");
        let after = result("word", "mai", (1.6, 2.0), "");
        assert_eq!(
            texts(&[before.clone(), entity.clone(), after.clone()]),
            ["le 25 mai"]
        );
        let covered = result("word", "vingt-cinq", (1.0, 1.6), "");
        assert_eq!(
            texts(&[before, covered, entity, after]),
            ["le vingt-cinq mai"]
        );
    }
}
