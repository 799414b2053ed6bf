//! OpenAI's transcription API with `response_format="verbose_json"`, and
//! the servers that answer as it does (Groq, speaches, LocalAI):
//! `{"task", "language", "duration", "text", "segments", "words",
//! "usage"}`. The segments are openai-whisper's (`id`, `seek`, `start`,
//! `end`, `text`, `tokens`, scores) without words; `words` (asked for with
//! `timestamp_granularities=["word"]`) is one list for the whole file, of
//! `{"word", "start", "end"}` in seconds, without punctuation. Asked for
//! words alone, the API leaves `segments` out (Groq writes it `null`).
//!
//! With segments, they are the cues, and each word goes to the segment
//! whose text it spells next (else the one it starts in: the words'
//! times stray across a segment's edge), so a correction merges and
//! rewrites the words it covers.
//! Without them, the whole `text` is one cue with every word, as the
//! cloud services' transcripts without turns are read.

use crate::error::Result;
use crate::json::{Item, Node, TimeUnit, Value, WordPlaces};
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
    // Groq writes `"segments": null` where OpenAI leaves the key out; a
    // list with no segment but a text is the same answer: the text must
    // not read as nothing.
    let said = root
        .get("text")
        .and_then(Node::as_str)
        .is_some_and(|t| !t.trim().is_empty());
    let segments = root.get("segments").filter(|s| match &s.value {
        Value::Null => false,
        Value::Array(items) => !items.is_empty() || !said,
        _ => true,
    });
    if segments.is_none() {
        let text_node = doc.member(root, "text", "the document")?;
        let words = cloud::words(root.get("words"), "", doc, defects, word)?;
        return cloud::whole(doc, text_node, words, "\"text\"", defects);
    }
    let mut cues = whisper::read(root, doc, defects)?;
    // A tool that writes words in its segments too is not the API: its
    // top-level list is left as it was.
    if cues.is_empty() || cues.iter().any(|c| !c.words.is_empty()) {
        return Ok(cues);
    }
    let words = cloud::words(root.get("words"), "", doc, defects, word)?;
    let mut at = Place::default();
    for (word, place) in words.words.into_iter().zip(words.places) {
        at = at.of(&word, &cues);
        let places = &mut doc.segments[at.segment].words;
        cues[at.segment].words.push(Word {
            source_index: Some(places.len()),
            ..word
        });
        places.push(place);
    }
    Ok(cues)
}

/// Where the words have reached in the segments' texts: a segment, and a
/// byte of its text.
#[derive(Default, Clone, Copy)]
struct Place {
    segment: usize,
    offset: usize,
}

impl Place {
    /// Where `word` is: next in this segment's text, or first in the next
    /// one's, with nothing said skipped (punctuation and spaces only);
    /// else, a word that does not spell the text as written, the last
    /// segment that starts no later than it.
    fn of(self, word: &Word, cues: &[Cue]) -> Place {
        let needle = word.text.trim();
        if needle.is_empty() {
            return self;
        }
        let next = |segment: usize, from: usize| {
            let rest = cues.get(segment)?.text.get(from..)?;
            let i = rest.find(needle)?;
            let skipped = rest[..i].chars().any(char::is_alphanumeric);
            (!skipped).then_some(Place {
                segment,
                offset: from + i + needle.len(),
            })
        };
        if let Some(place) = next(self.segment, self.offset).or_else(|| next(self.segment + 1, 0)) {
            return place;
        }
        let Some(at) = word.start.or(word.end) else {
            return self;
        };
        let mut segment = self.segment;
        while segment + 1 < cues.len() && cues[segment + 1].start.is_some_and(|s| s <= at) {
            segment += 1;
        }
        match segment == self.segment {
            true => self,
            false => Place { segment, offset: 0 },
        }
    }
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
