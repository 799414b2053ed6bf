//! The transcript model: plain values that every reader produces and every
//! writer and pass consumes. No parsing or formatting lives here.

use serde::Serialize;

use crate::format::Format;
use crate::timestamp::Timestamp;

/// A whole transcript: its cues in order, plus what its source format needs
/// to be written back without losing anything the user wrote.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Transcript {
    /// The format it was read from.
    pub format: Format,
    /// The cues in the order the source gives them (not sorted by time).
    pub cues: Vec<Cue>,
    /// WebVTT only: the `WEBVTT` line, header metadata and the STYLE/REGION/NOTE
    /// blocks before the first cue, verbatim.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub preamble: Vec<String>,
    /// WebVTT only: NOTE blocks after the last cue, verbatim.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub epilogue: Vec<String>,
    /// Console transcripts only: how the times were written, to write them
    /// back the same way.
    #[serde(skip)]
    pub console: Option<ConsoleStyle>,
    /// What a format's writer needs of the file as read to give back
    /// everything around the cues (ASS sections and styles, a TTML
    /// document, srv3's head...). Cues point into it by `source_index`.
    #[serde(skip)]
    pub layout: Layout,
    /// How the file spelled what its writer would otherwise choose (line
    /// breaks, SRT's first number, WebVTT's hours).
    #[serde(skip)]
    pub spelling: Spelling,
}

/// How a file as read spelled what its format leaves to the writer, so
/// that a file written back in its own format with no change comes back
/// as it was read: cleaning in place must not rewrite every line of a
/// Windows file, or every time of openai-whisper's WebVTT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spelling {
    /// Lines end with CR LF (Subtitle Edit on Windows), as the file's
    /// first line break does.
    pub crlf: bool,
    /// How many line breaks end the file, up to two: stable-ts ends its
    /// files without one, openai-whisper's with a blank line. None: as
    /// the writer ends a file.
    pub closing_line_breaks: Option<u8>,
    /// SRT: the number of the first cue (stable-ts numbers from 0; an
    /// excerpt keeps its numbers).
    pub first_number: u64,
    /// WebVTT: times under an hour are written without hours
    /// (`00:30.800`), as openai-whisper and WhisperX write them.
    pub short_times: bool,
    /// WebVTT: no-break spaces and direction marks are written as
    /// `&nbsp;`, `&lrm;` and `&rlm;`, as the file writes every one of them
    /// (French subtitles put `&nbsp;` before "?" and "!").
    pub entities: bool,
}

impl Default for Spelling {
    /// What the writers write when no file says otherwise.
    fn default() -> Spelling {
        Spelling {
            crlf: false,
            closing_line_breaks: None,
            first_number: 1,
            short_times: false,
            entities: false,
        }
    }
}

/// The parts of a source file that are not cues, kept for its writer.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub enum Layout {
    /// Nothing to keep: the format writes everything from the cues (txt, SRT,
    /// WebVTT, TSV, console), or the transcript was built in memory.
    #[default]
    None,
    /// An ASS/SSA file's sections, styles and event lines around the text.
    Ass(std::sync::Arc<crate::read::ass::AssLayout>),
    /// SBV: the line break the file uses (Subtitle Edit writes CRLF with
    /// no final one, so the tail cannot tell).
    Sbv {
        /// `"\n"` or `"\r\n"`.
        line_break: &'static str,
    },
    /// A TTML document, for giving it back byte for byte around the changes.
    Ttml(std::sync::Arc<crate::read::ttml::TtmlLayout>),
    /// A YouTube srv3 document, for the same.
    Srv3(std::sync::Arc<crate::read::srv3::Srv3Layout>),
    /// A JSON document and where its cues are written in it.
    Json(std::sync::Arc<crate::json::JsonLayout>),
}

/// How a console transcript writes a segment's times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsoleStyle {
    /// How the start and end times are spelled.
    pub times: ConsoleTimes,
    /// `-->` (Whisper, whisper.cpp) or `->` (faster-whisper's example).
    pub arrow: &'static str,
}

/// The spelling of the times between the brackets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsoleTimes {
    /// `00:06.400`, or `01:00:06.400` past the first hour
    /// (openai-whisper); with `always_hours`, `00:00:06.400` (whisper.cpp).
    Clock {
        /// Whether the hours are written even under an hour (whisper.cpp).
        always_hours: bool,
    },
    /// `6.40s` or `6.40`: seconds with this many decimals.
    Seconds {
        /// Digits after the decimal point.
        decimals: usize,
        /// Whether an `s` follows the number.
        suffix: bool,
    },
}

impl Default for ConsoleStyle {
    /// openai-whisper's `--verbose` lines, for transcripts of other formats.
    fn default() -> ConsoleStyle {
        ConsoleStyle {
            times: ConsoleTimes::Clock {
                always_hours: false,
            },
            arrow: "-->",
        }
    }
}

/// One unit of the transcript: a line of plain text, a subtitle cue, or a
/// Whisper segment.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[non_exhaustive]
pub struct Cue {
    /// SRT index or WebVTT cue identifier, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// When the cue starts; `None` for untimed text (plain text lines).
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ms")]
    pub start: Option<Timestamp>,
    /// When the cue ends; `None` for untimed text.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ms")]
    pub end: Option<Timestamp>,
    /// WebVTT cue settings (`align:start line:90%`), or SRT position hints.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settings: Option<String>,
    /// The text, lines separated by `\n`. Inline tags (`<i>`, `<c>`, `<v Kevin>`,
    /// `<00:00:01.000>`) are kept as written; WebVTT entities are decoded.
    pub text: String,
    /// Word timings, when the source has them (Whisper JSON words, WebVTT
    /// timestamp tags).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<Word>,
    /// Whisper's own confidence scores for the segment.
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Boxed: only Whisper JSON has them, and plain-text transcripts have
    /// millions of cues.
    pub scores: Option<Box<SegmentScores>>,
    /// WebVTT NOTE blocks that stood right before this cue, verbatim.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// 1-based line of the source where the cue's text begins.
    pub line: usize,
    /// Who speaks, as the source names them ("SPEAKER_00", "Alice", "A").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// Index of the cue's element in the source (a Whisper JSON segment,
    /// an ASS event, a TTML paragraph), for writers that give it back.
    #[serde(skip)]
    pub source_index: Option<usize>,
    /// Where the text's characters stand in the file, for formats that do
    /// not write the text there as is (JSON escapes, XML entities, ASS
    /// `\N`); without it, the text starts at column 1 of `line`.
    #[serde(skip)]
    pub places: Option<std::sync::Arc<TextPlaces>>,
}

/// The file line and column of each character of a cue's text as read:
/// runs of characters written one after another in the file, each run
/// starting where the mapping jumps (an escape, an entity, a tag, a new
/// line of the file).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextPlaces {
    /// (byte offset in the text, file line, file column), by offset.
    runs: Vec<(usize, usize, usize)>,
    /// Where the next character goes if it follows on: (offset, line, column).
    next: (usize, usize, usize),
}

impl TextPlaces {
    /// Notes that the character `c`, at byte `offset` of the text, is
    /// written at `line`:`column` of the file (1-based, in characters).
    /// Readers call it for every character they decode, in order.
    pub fn note(&mut self, offset: usize, c: char, line: usize, column: usize) {
        if self.runs.is_empty() || self.next != (offset, line, column) {
            self.runs.push((offset, line, column));
        }
        self.next = (offset + c.len_utf8(), line, column + 1);
    }

    /// Appends `other`, the places of a text that follows at byte `by`.
    pub fn extend_shifted(&mut self, other: &TextPlaces, by: usize) {
        for &(offset, line, column) in &other.runs {
            self.runs.push((offset + by, line, column));
        }
        let (offset, line, column) = other.next;
        self.next = (offset + by, line, column);
    }

    /// The file (line, column) of byte `offset` of `text`, the text as read.
    pub fn place(&self, text: &str, offset: usize) -> Option<(usize, usize)> {
        let i = self
            .runs
            .partition_point(|r| r.0 <= offset)
            .checked_sub(1)?;
        let (start, line, column) = self.runs[i];
        let mut end = offset.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let chars = text
            .get(start.min(end)..end)
            .map_or(0, |s| s.chars().count());
        Some((line, column + chars))
    }
}

/// A word as a recogniser reports it (Whisper keeps its leading space).
/// Times are missing where the recogniser gave none (WhisperX leaves
/// numerals and symbols it could not align untimed).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[non_exhaustive]
pub struct Word {
    /// The word as the recogniser wrote it, leading space included.
    pub text: String,
    /// When the word starts, if aligned.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ms")]
    pub start: Option<Timestamp>,
    /// When the word ends, if aligned.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ms")]
    pub end: Option<Timestamp>,
    /// The recogniser's probability for the word, 0 to 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probability: Option<f64>,
    /// Who says the word, for diarised output that labels words (WhisperX).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// Index of the word in its source segment's word list.
    #[serde(skip)]
    pub source_index: Option<usize>,
}

impl Word {
    /// A word with both times.
    pub fn timed(text: impl Into<String>, start: Timestamp, end: Timestamp) -> Word {
        Word {
            text: text.into(),
            start: Some(start),
            end: Some(end),
            ..Word::default()
        }
    }
}

/// The scores openai-whisper gives each segment; the artifact pass reads them.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct SegmentScores {
    /// Mean log-probability of the segment's tokens; very low means a guess.
    pub avg_logprob: Option<f64>,
    /// Whisper's probability that the segment holds no speech at all.
    pub no_speech_prob: Option<f64>,
    /// gzip compression ratio of the text; high means repeated text, a loop.
    pub compression_ratio: Option<f64>,
}

impl Transcript {
    /// A transcript of `format` with these cues and nothing else kept.
    pub fn new(format: Format, cues: Vec<Cue>) -> Transcript {
        Transcript {
            format,
            cues,
            ..Transcript::default()
        }
    }

    /// Whether every cue that has text has a start and an end.
    pub fn is_timed(&self) -> bool {
        !self.cues.is_empty()
            && self
                .cues
                .iter()
                .all(|c| c.start.is_some() && c.end.is_some())
    }
}

impl Cue {
    /// An untimed cue, as plain text gives.
    pub fn untimed(text: impl Into<String>, line: usize) -> Cue {
        Cue {
            text: text.into(),
            line,
            ..Cue::default()
        }
    }

    /// A cue with both times, as subtitles give; `line` is the 1-based source line
    /// of its text.
    pub fn timed(start: Timestamp, end: Timestamp, text: impl Into<String>, line: usize) -> Cue {
        Cue {
            start: Some(start),
            end: Some(end),
            text: text.into(),
            line,
            ..Cue::default()
        }
    }
}

fn ms<S: serde::Serializer>(t: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_u64(t.0),
        None => s.serialize_none(),
    }
}
