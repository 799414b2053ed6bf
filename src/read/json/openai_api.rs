//! OpenAI's transcription API with `response_format="verbose_json"`, and
//! the servers that answer as it does (Groq, speaches, LocalAI):
//! `{"task", "language", "duration", "text", "segments", "words",
//! "usage"}`. The segments are openai-whisper's (`id`, `seek`, `start`,
//! `end`, `text`, `tokens`, scores) without words; `words` (asked for with
//! `timestamp_granularities=["word"]`) is one list for the whole file, of
//! `{"word", "start", "end"}` in seconds, without punctuation. Asked for
//! words alone, the API leaves `segments` out.
//!
//! With segments, they are the cues, and each word goes to the segment
//! it starts in, so a correction merges and rewrites the words it covers.
//! Without them, the whole `text` is one cue with every word, as the
//! cloud services' transcripts without turns are read.

use crate::error::Result;
use crate::json::{Item, Node, TimeUnit, WordPlaces};
use crate::transcript::{Cue, Word};

use super::super::Defects;
use super::{Doc, cloud, whisper};

/// Whether `root` is the API's verbose answer: a `text`, and a top-level
/// `words` list of `{"word", ...}` (AssemblyAI's words hold `text`); an
/// empty list counts when the answer has its `duration`.
pub(super) fn is_verbose(root: &Node) -> bool {
    let Some(words) = root.get("words").and_then(Node::as_array) else {
        return false;
    };
    let is_word = |w: &Node| w.get("word").is_some() && w.get("text").is_none();
    root.get("text").is_some_and(|t| t.as_str().is_some())
        && match words {
            [] => root.get("duration").is_some() && root.get("utterances").is_none(),
            words => words.iter().all(is_word),
        }
}

pub(super) fn read(root: &Node, doc: &mut Doc, defects: &mut Defects) -> Result<Vec<Cue>> {
    let Some(_) = root.get("segments") else {
        let text_node = doc.member(root, "text", "the document")?;
        let words = cloud::words(root.get("words"), "", doc, defects, word)?;
        return cloud::whole(doc, text_node, words, "\"text\"", defects);
    };
    let mut cues = whisper::read(root, doc, defects)?;
    // A tool that writes words in its segments too is not the API: its
    // top-level list is left as it was.
    if cues.is_empty() || cues.iter().any(|c| !c.words.is_empty()) {
        return Ok(cues);
    }
    let words = cloud::words(root.get("words"), "", doc, defects, word)?;
    let mut segment = 0;
    for (word, place) in words.words.into_iter().zip(words.places) {
        // A word goes to the last segment that starts no later than it.
        if let Some(at) = word.start.or(word.end) {
            while segment + 1 < cues.len() && cues[segment + 1].start.is_some_and(|s| s <= at) {
                segment += 1;
            }
        }
        let places = &mut doc.segments[segment].words;
        cues[segment].words.push(Word {
            source_index: Some(places.len()),
            ..word
        });
        places.push(place);
    }
    Ok(cues)
}

/// A word `{"word", "start", "end"}`, times in seconds; None (with a
/// defect) for one without text.
fn word(
    node: &Node,
    item: Item,
    what: &str,
    doc: &Doc,
    defects: &mut Defects,
) -> Result<Option<(Word, WordPlaces)>> {
    cloud::simple_word(
        (node, item, what),
        &["word"],
        TimeUnit::Seconds,
        doc,
        defects,
    )
}
