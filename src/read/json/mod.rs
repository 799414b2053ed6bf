//! JSON transcripts: which tool wrote the document, then that tool's
//! reader. Every reader records where each cue, word and time is written
//! (a `JsonLayout`), so the writer gives back the document with only the
//! corrected values changed, and every position is a file position.

mod assemblyai;
mod aws;
mod azure;
mod cloud;
mod deepgram;
mod google;
mod json3;
mod model;
mod openai_api;
mod revai;
mod speechmatics;
mod transformers;
mod whisper;
mod whisper_cpp;

use std::ops::Range;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::format::Format;
use crate::json::{
    Dialect, Item, JsonLayout, Node, SegmentPlaces, Style, TextMirror, TimePlace, TimeUnit,
    WordCount, tree,
};
use crate::timestamp::Timestamp;
use crate::transcript::{Cue, Layout, TextPlaces, Transcript};

use super::Defects;

/// Parses a JSON transcript, failing at the first defect.
pub fn parse_whisper_json(text: &str) -> Result<Transcript> {
    super::strict(text, parse)
}

pub(super) fn parse(text: &str, defects: &mut Defects) -> Result<Transcript> {
    let root = tree::parse(text)?;
    let dialect = dialect(&root)?;
    let mut doc = Doc::new(text, dialect);
    let cues = match dialect {
        Dialect::OpenaiWhisper | Dialect::FasterWhisper | Dialect::WhisperX | Dialect::StableTs => {
            whisper::read(&root, &mut doc, defects)?
        }
        Dialect::OpenaiApi => openai_api::read(&root, &mut doc, defects)?,
        Dialect::WhisperCpp => whisper_cpp::read(&root, &mut doc, defects)?,
        Dialect::YoutubeJson3 => json3::read(&root, &mut doc, defects)?,
        Dialect::Deepgram => deepgram::read(&root, &mut doc, defects)?,
        Dialect::AssemblyAi => assemblyai::read(&root, &mut doc, defects)?,
        Dialect::AwsTranscribe => aws::read(&root, &mut doc, defects)?,
        Dialect::GoogleSpeech => google::read(&root, &mut doc, defects)?,
        Dialect::AzureSpeech => azure::read(&root, &mut doc, defects)?,
        Dialect::RevAi => revai::read(&root, &mut doc, defects)?,
        Dialect::Speechmatics => speechmatics::read(&root, &mut doc, defects)?,
        Dialect::TransformersPipeline => transformers::read(&root, &mut doc, defects)?,
        Dialect::Model => model::read(&root, &mut doc, defects)?,
    };
    Ok(Transcript {
        layout: Layout::Json(Arc::new(doc.finish())),
        ..Transcript::new(Format::Json, cues)
    })
}

/// The tool that wrote the document, from its top-level shape.
fn dialect(root: &Node) -> Result<Dialect> {
    let has = |key: &str| root.get(key).is_some();
    if transformers::is_pipeline(root) {
        return Ok(Dialect::TransformersPipeline);
    }
    if model::is_model(root) {
        return Ok(Dialect::Model);
    }
    if openai_api::is_verbose(root) {
        return Ok(Dialect::OpenaiApi);
    }
    if let Some(items) = root.as_array() {
        if items
            .iter()
            .all(|s| s.get("text").is_some() && s.get("start").is_some())
        {
            return Ok(Dialect::FasterWhisper);
        }
    } else if has("segments") {
        return Ok(if has("word_segments") {
            Dialect::WhisperX
        } else if has("ori_dict") || has("regroup_history") {
            Dialect::StableTs
        } else {
            Dialect::OpenaiWhisper
        });
    } else if has("transcription") {
        return Ok(Dialect::WhisperCpp);
    } else if has("events") && (has("wireMagic") || has("pens")) {
        return Ok(Dialect::YoutubeJson3);
    } else if has("recognizedPhrases") || has("combinedRecognizedPhrases") {
        return Ok(Dialect::AzureSpeech);
    } else if let Some(results) = root.get("results") {
        // Deepgram and AWS Transcribe put an object there, Google an array
        // (v2 batch files, v1 `recognize`).
        if results.get("channels").is_some() {
            return Ok(Dialect::Deepgram);
        }
        if results.get("transcripts").is_some() || results.get("items").is_some() {
            return Ok(Dialect::AwsTranscribe);
        }
        if let Some(list) = results.as_array() {
            // Speechmatics's json-v2 has a list there too, of results
            // with a `type` (word, punctuation, entity), under a
            // `format`: read as Google's, it gave an empty transcript.
            if has("format") || list.iter().any(|r| r.get("type").is_some()) {
                return Ok(Dialect::Speechmatics);
            }
            return Ok(Dialect::GoogleSpeech);
        }
    } else if root
        .get("response")
        .and_then(|r| r.get("results"))
        .is_some_and(|r| r.as_array().is_some())
    {
        // Google v1 `operations.get` of a long-running recognition.
        return Ok(Dialect::GoogleSpeech);
    } else if has("text") && (has("utterances") || has("words")) {
        return Ok(Dialect::AssemblyAi);
    } else if has("monologues") {
        return Ok(Dialect::RevAi);
    }
    let found = match &root.value {
        crate::json::Value::Object(members) if !members.is_empty() => format!(
            "an object with {}",
            members
                .iter()
                .take(6)
                .map(|m| format!("\"{}\"", m.key))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => root.describe().to_string(),
    };
    Err(Error::parse(
        root.line,
        root.column,
        format!(
            "expected a speech transcript (\"segments\" of Whisper, WhisperX or stable-ts, the OpenAI API's \"words\", \"transcription\" of whisper.cpp, YouTube \"events\", a list of faster-whisper segments, Hugging Face \"chunks\", Deepgram, AWS Transcribe, Google or Speechmatics \"results\", AssemblyAI \"utterances\", Azure \"recognizedPhrases\", Rev.ai \"monologues\", transcrub's own model \"cues\"), found {found}"
        ),
    ))
}

/// A layout being filled while a dialect reader walks the document.
pub(super) struct Doc<'a> {
    pub source: &'a str,
    dialect: Dialect,
    arrays: Vec<Vec<Range<usize>>>,
    pub segments: Vec<SegmentPlaces>,
    pub mirrors: Vec<TextMirror>,
    pub counts: Vec<WordCount>,
}

impl<'a> Doc<'a> {
    fn new(source: &'a str, dialect: Dialect) -> Doc<'a> {
        Doc {
            source,
            dialect,
            arrays: Vec::new(),
            segments: Vec::new(),
            mirrors: Vec::new(),
            counts: Vec::new(),
        }
    }

    fn finish(self) -> JsonLayout {
        JsonLayout {
            dialect: self.dialect,
            source: self.source.to_string(),
            style: Style::of(self.source),
            arrays: self.arrays,
            segments: self.segments,
            mirrors: self.mirrors,
            counts: self.counts,
        }
    }

    /// Registers an array whose items a pass may remove; its id.
    pub fn array(&mut self, array: &Node) -> usize {
        self.arrays.push(crate::json::splice::item_spans(array));
        self.arrays.len() - 1
    }

    pub fn item(array: usize, index: usize) -> Item {
        Item { array, index }
    }

    /// A time value of `node` in `unit`, counted from `origin`. A value out
    /// of range is a defect the lossy reader clamps; a value of the wrong
    /// type is an error.
    pub fn time(
        &self,
        node: &Node,
        unit: TimeUnit,
        origin: Timestamp,
        what: &str,
        defects: &mut Defects,
    ) -> Result<(Timestamp, TimePlace)> {
        let Some(ms) = unit.read(node) else {
            return Err(Error::parse(
                node.line,
                node.column,
                format!(
                    "{what}: expected {}, found {}",
                    unit.describe(),
                    crate::error::quote(&self.source[node.span.clone()])
                ),
            ));
        };
        let absolute = origin.0 as f64 + ms;
        if !Timestamp::secs_in_range(absolute / 1000.0) {
            defects.repairable(Error::parse(
                node.line,
                node.column,
                format!(
                    "{what}: expected a time from 0 to {} hours, found {}",
                    Timestamp::MAX_HOURS,
                    crate::error::quote(&self.source[node.span.clone()])
                ),
            ))?;
        }
        let time = Timestamp::from_secs_f64(absolute / 1000.0);
        Ok((
            time,
            TimePlace {
                span: node.span.clone(),
                unit,
                origin,
                as_read: time,
            },
        ))
    }

    /// A required member.
    pub fn member<'n>(&self, node: &'n Node, key: &str, what: &str) -> Result<&'n Node> {
        node.get(key).ok_or_else(|| {
            Error::parse(
                node.line,
                node.column,
                format!("{what}: expected a \"{key}\" member, found none"),
            )
        })
    }

    /// The document's list under `key`, or the document itself when it is
    /// a bare list (faster-whisper's segments, a pipeline's chunks), with
    /// its items.
    pub fn list<'n>(&self, root: &'n Node, key: &str) -> Result<(&'n Node, &'n [Node])> {
        let list = match root.as_array() {
            Some(_) => root,
            None => self.member(root, key, "the document")?,
        };
        match list.as_array() {
            Some(items) => Ok((list, items)),
            None => Err(Error::parse(
                list.line,
                list.column,
                format!("\"{key}\": expected an array, found {}", list.describe()),
            )),
        }
    }

    /// A required string member, and where its characters are.
    pub fn text(&self, node: &Node, what: &str) -> Result<(String, TextPlaces)> {
        match node.as_str() {
            Some(text) => Ok((text.to_string(), node.string_places(self.source))),
            None => Err(Error::parse(
                node.line,
                node.column,
                format!("{what}: expected a string, found {}", node.describe()),
            )),
        }
    }
}

/// A cue with its text and the text's places.
pub(super) fn cue(text: String, places: TextPlaces, line: usize, index: usize) -> Cue {
    Cue {
        text,
        line,
        places: Some(Arc::new(places)),
        source_index: Some(index),
        ..Cue::default()
    }
}

/// A speaker label as tools write it: a string, or a number (Deepgram,
/// whisper.cpp writes "0").
pub(super) fn speaker(node: Option<&Node>) -> Option<String> {
    let node = node?;
    match &node.value {
        crate::json::Value::String(s) if !s.is_empty() => Some(s.clone()),
        crate::json::Value::Number(n) if n.is_finite() => Some(format!("{n}")),
        _ => None,
    }
}
