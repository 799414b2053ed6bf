//! Where a JSON transcript's cues, words and times are written in the
//! document, for the writer that gives the document back with only the
//! corrected values changed. A reader fills it for its dialect; the writer
//! (src/write/json.rs) knows nothing of dialects.

use std::ops::Range;

use super::form::Form;
use super::splice::Style;
use super::splice::TimeUnit;
use crate::timestamp::Timestamp;

/// The document as read and the places of everything a pass may change.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonLayout {
    pub dialect: Dialect,
    pub source: String,
    pub style: Style,
    /// The item spans of each array whose items a pass may remove
    /// (segments, word lists), by id.
    pub arrays: Vec<Vec<Range<usize>>>,
    /// Indexed by `Cue::source_index`.
    pub segments: Vec<SegmentPlaces>,
    /// Strings that repeat the segments' texts (openai-whisper's top-level
    /// `text`, a cloud transcript's `transcript`).
    pub mirrors: Vec<TextMirror>,
    /// Numbers that count words (Deepgram's paragraph `num_words`).
    pub counts: Vec<WordCount>,
}

/// The tool whose JSON this is; it names the shape in messages and README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// openai-whisper `--output_format json`, and whisper-ctranslate2.
    OpenaiWhisper,
    /// OpenAI's transcription API, `verbose_json` with `words`.
    OpenaiApi,
    /// faster-whisper segments dumped as a list.
    FasterWhisper,
    WhisperX,
    StableTs,
    /// whisper.cpp `-oj`, `-ojf`.
    WhisperCpp,
    /// YouTube timed text, `fmt=json3`.
    YoutubeJson3,
    Deepgram,
    AssemblyAi,
    AwsTranscribe,
    GoogleSpeech,
    AzureSpeech,
    /// Rev.ai's transcript (`monologues` of `elements`).
    RevAi,
    /// Speechmatics's batch `json-v2` (`results` of words, punctuation
    /// and entities).
    Speechmatics,
    /// Hugging Face `transformers`' speech pipeline (`chunks`), and
    /// insanely-fast-whisper.
    TransformersPipeline,
    /// transcrub's own model (`clean --to model`: `cues` and `changes`).
    Model,
}

impl Dialect {
    pub fn name(self) -> &'static str {
        match self {
            Dialect::OpenaiWhisper => "openai-whisper",
            Dialect::OpenaiApi => "OpenAI API verbose_json",
            Dialect::FasterWhisper => "faster-whisper",
            Dialect::WhisperX => "WhisperX",
            Dialect::StableTs => "stable-ts",
            Dialect::WhisperCpp => "whisper.cpp",
            Dialect::YoutubeJson3 => "YouTube json3",
            Dialect::Deepgram => "Deepgram",
            Dialect::AssemblyAi => "AssemblyAI",
            Dialect::AwsTranscribe => "AWS Transcribe",
            Dialect::GoogleSpeech => "Google Speech-to-Text",
            Dialect::AzureSpeech => "Azure Speech",
            Dialect::RevAi => "Rev.ai",
            Dialect::Speechmatics => "Speechmatics",
            Dialect::TransformersPipeline => "transformers pipeline",
            Dialect::Model => "transcrub model",
        }
    }
}

/// An item of a registered array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    pub array: usize,
    pub index: usize,
}

/// A cue's places.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SegmentPlaces {
    /// The segment in its array, to remove it; None where it cannot go
    /// alone (a cloud result's only alternative).
    pub item: Option<Item>,
    /// The string holding the cue's text; None when the text is only its
    /// words' (YouTube json3 segs).
    pub text: Option<Range<usize>>,
    /// The cue's text as read.
    pub text_as_read: String,
    pub start: Option<TimePlace>,
    pub end: Option<TimePlace>,
    /// Other places of the same times (whisper.cpp writes each time twice).
    pub time_mirrors: Vec<(TimePlace, Edge)>,
    /// Indexed by `Word::source_index`.
    pub words: Vec<WordPlaces>,
    /// Items elsewhere that stand for this segment and go when it goes
    /// (insanely-fast-whisper's `speakers` entry).
    pub also: Vec<Item>,
}

/// Which end of a span a time is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    Start,
    End,
}

/// A word's places.
#[derive(Debug, Clone, PartialEq)]
pub struct WordPlaces {
    pub item: Item,
    /// The string holding the word, and the word as the cue has it (for a
    /// place in another form, before that form is applied).
    pub text: Range<usize>,
    pub text_as_read: String,
    /// How the string spells the word (Azure's `words` are lexical).
    pub form: Form,
    pub start: Option<TimePlace>,
    pub end: Option<TimePlace>,
    /// Other places of the same times.
    pub time_mirrors: Vec<(TimePlace, Edge)>,
    /// The recogniser's confidence, and the value as read.
    pub confidence: Option<(Range<usize>, f64)>,
    /// The same word written again (WhisperX's `word_segments`); a mirror
    /// may have its own (Deepgram's `punctuated_word`, then `word`).
    pub mirror: Option<Box<WordPlaces>>,
    /// Items elsewhere that stand for this word and go when it goes (AWS
    /// Transcribe's item ids in `audio_segments`, its `speaker_labels`
    /// entry).
    pub also: Vec<Item>,
    /// The white space written as items of its own (Rev.ai's `punct`
    /// elements) that opens what stands before the word since the word
    /// before it (all of `also` then): it goes as well when the words
    /// before this one go and it opens its cue.
    pub spaces: Vec<Item>,
}

impl WordPlaces {
    /// This word's places, then its mirror's, and so on.
    pub fn chain(&self) -> impl Iterator<Item = &WordPlaces> {
        std::iter::successors(Some(self), |p| p.mirror.as_deref())
    }
}

/// A time value: where, in which unit, counted from when.
#[derive(Debug, Clone, PartialEq)]
pub struct TimePlace {
    pub span: Range<usize>,
    pub unit: TimeUnit,
    /// The value written counts from this time (a duration counts from its
    /// start; YouTube's `tOffsetMs` from its event's start).
    pub origin: Timestamp,
    pub as_read: Timestamp,
}

/// A string that is the texts of some segments, in order, with whatever
/// the tool put between them.
#[derive(Debug, Clone, PartialEq)]
pub struct TextMirror {
    pub span: Range<usize>,
    pub text_as_read: String,
    /// Source indices of the segments it repeats, in order.
    pub segments: Vec<usize>,
    /// How it spells them (Azure's `lexical` is lower case).
    pub form: Form,
    /// What it is, for a warning when it cannot be updated.
    pub what: String,
}

/// A number that counts some segments' words, kept true when corrections
/// merge words (Deepgram's paragraph `num_words`).
#[derive(Debug, Clone, PartialEq)]
pub struct WordCount {
    pub span: Range<usize>,
    pub as_read: usize,
    /// The words counted: (segment, index in its `words`).
    pub words: Vec<(usize, usize)>,
}
