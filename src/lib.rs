#![warn(missing_docs)]

//! transcrub turns noisy automatic transcripts into clean text and subtitles.
//!
//! Data flows one way: a reader turns text into a [`Transcript`]; passes
//! return the edited transcript and the [`Change`]s they made; a writer turns
//! it back into text. Everything works in memory: the library reads no file
//! it is not given, needs no network, and (without the default `cli`
//! feature) no threads, so it builds for `wasm32-unknown-unknown`.
//!
//! # Clean a transcript
//!
//! A dictionary holds a show's names and their manglings; [`Cleaner`]
//! corrects them, removes invented text, and lists every change with its
//! place in the input.
//!
//! ```
//! use std::path::Path;
//! use transcrub::{Cleaner, Dictionary, Format, read, write};
//!
//! let dict = Dictionary::from_bytes(
//!     b"[[term]]\ncanonical = \"Elasticsearch\"\nvariants = [\"la stick search\"]\n",
//!     Path::new("show.toml"),
//! )?;
//! let cleaner = Cleaner::new(dict)?;
//! let input = read::parse("18 n\u{153}uds et la stick\nsearch pour tout \u{e7}a\n", Format::Txt, read::Mode::Lossy)?;
//! let cleaned = cleaner.clean(input.transcript);
//! let text = write::render(&cleaned.transcript, write::Output::Txt, &cleaned.changes)?;
//! assert_eq!(text, "18 n\u{153}uds et Elasticsearch\npour tout \u{e7}a\n");
//! assert_eq!((cleaned.changes[0].line, cleaned.changes[0].column), (1, 13));
//! # Ok::<(), transcrub::Error>(())
//! ```
//!
//! Whisper's JSON (and WhisperX's, stable-ts's, whisper.cpp's, the cloud
//! APIs') is written back as the same document with only the corrected
//! values changed:
//!
//! ```
//! use std::path::Path;
//! use transcrub::{Cleaner, Dictionary, Format, read, write};
//!
//! let dict = Dictionary::from_bytes(
//!     b"[[term]]\ncanonical = \"Horacio\"\nvariants = [\"Aasio\"]\n",
//!     Path::new("show.toml"),
//! )?;
//! let whisper = r#"{"text": " Salut Aasio.", "segments": [{"id": 0, "start": 0.0, "end": 1.5, "text": " Salut Aasio."}], "language": "fr"}"#;
//! let input = read::parse(whisper, Format::Json, read::Mode::Lossy)?;
//! let cleaned = Cleaner::new(dict)?.clean(input.transcript);
//! let json = write::render(&cleaned.transcript, write::Output::Json, &cleaned.changes)?;
//! assert_eq!(json, whisper.replace("Aasio", "Horacio"));
//! # Ok::<(), transcrub::Error>(())
//! ```
//!
//! # Build subtitles
//!
//! [`segment::Segmenter`] re-cuts a transcript into cues that meet a house
//! style (line length, lines per cue, reading speed, durations, gaps):
//!
//! ```
//! use transcrub::{Format, read, segment::Segmenter, write};
//!
//! let srt = "1\n00:00:01,000 --> 00:00:09,000\nOn stocke tout dans Elasticsearch avec Llama 3, et on interroge le tout en langage naturel.\n";
//! let input = read::parse(srt, Format::Srt, read::Mode::Lossy)?;
//! let subtitles = Segmenter::builder()
//!     .language(Some("fr"))
//!     .max_line_chars(37)
//!     .build()
//!     .segment(&input.transcript);
//! assert!(subtitles.cues.len() >= 2);
//! for cue in &subtitles.cues {
//!     assert!(cue.lines.len() <= 2);
//!     assert!(cue.lines.iter().all(|l| l.chars().count() <= 37));
//! }
//! let out = write::render(&subtitles.to_transcript(Format::Srt), write::Output::Srt, &[])?;
//! assert!(out.starts_with("1\n00:00:01,000 --> "));
//! # Ok::<(), transcrub::Error>(())
//! ```
//!
//! # Lint
//!
//! [`lint::check::Linter`] reports what `clean` would change and what
//! breaks the subtitle limits, each finding with its rule and place:
//!
//! ```
//! use std::path::Path;
//! use transcrub::{Cleaner, Dictionary, Format, lint::check::{File, Linter}, read};
//!
//! let dict = Dictionary::from_bytes(
//!     b"[[term]]\ncanonical = \"Horacio\"\nvariants = [\"Aasio\"]\n",
//!     Path::new("show.toml"),
//! )?;
//! let cleaner = Cleaner::new(dict)?;
//! let text = "1\n00:00:01,000 --> 00:00:02,000\nMerci Aasio.\n";
//! let reading = read::parse(text, Format::Srt, read::Mode::Lossy)?;
//! let linter = Linter { cleaner: &cleaner, limits: Default::default(), language: Some("fr".into()) };
//! let (findings, _cleaned) = linter.check(&File {
//!     path: Path::new("episode.srt"),
//!     text,
//!     format: Format::Srt,
//!     transcript: &reading.transcript,
//!     encoding_warning: None,
//!     encoding_repairs: &[],
//!     format_warnings: &reading.warnings,
//! });
//! let finding = &findings[0];
//! assert_eq!((finding.rule.code, finding.line, finding.column), ("TR001", 3, 7));
//! # Ok::<(), transcrub::Error>(())
//! ```
//!
//! # Features
//!
//! `cli` (default): the `transcrub` program (`program::run`) and what
//! only it needs: argument parsing, folder walks, the progress bar, file
//! writes that are all-or-nothing and survive Ctrl-C. Without it:
//! `cargo build --lib --no-default-features`.

#[cfg(all(feature = "cli", target_os = "linux"))]
pub mod allocator;
pub mod artifacts;
pub(crate) mod byte_counts;
pub mod change;
pub mod clean;
#[cfg(feature = "cli")]
pub(crate) mod cli;
#[cfg(feature = "cli")]
pub(crate) mod command;
pub mod config;
pub(crate) mod decimal;
pub mod dict;
pub mod encoding;
pub mod error;
pub mod format;
pub(crate) mod json;
pub(crate) mod lanes;
pub mod language;
pub(crate) mod line_index;
pub mod lint;
pub mod markup;
pub(crate) mod newlines;
#[cfg(feature = "cli")]
pub(crate) mod output;
pub mod parallel;
#[cfg(feature = "cli")]
pub mod program;
pub mod read;
pub mod reading_speed;
pub mod report;
pub mod segment;
pub mod speaker;
#[cfg(test)]
mod test_strings;
pub mod timestamp;
pub mod transcript;
pub(crate) mod word_hash;
pub(crate) mod word_sketch;
pub mod write;

pub use change::{Change, Rule, Summary};
pub use clean::{Cleaned, Cleaner, Options, Passes};
pub use dict::{Dictionary, ExactMatcher};
pub use error::{Error, ErrorKind, Result};
pub use format::Format;
pub use timestamp::Timestamp;
pub use transcript::{Cue, SegmentScores, Transcript, Word};
