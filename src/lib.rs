#![warn(missing_docs)]

//! transcrub turns noisy automatic transcripts into clean text and subtitles.
//!
//! Data flows one way: a reader turns text into a [`Transcript`]; passes
//! return the edited transcript and the [`Change`]s they made; a writer turns
//! it back into text.
//!
//! ```
//! use std::path::Path;
//! use transcrub::{Cleaner, Dictionary, Format, read, write};
//!
//! let mut dict = Dictionary::default();
//! dict.add_toml(
//!     "[[term]]\ncanonical = \"Elasticsearch\"\nvariants = [\"la stick search\"]\n",
//!     Path::new("show.toml"),
//! )?;
//! let cleaner = Cleaner::new(dict)?;
//! let input = read::parse("18 nœuds et la stick\nsearch pour tout ça\n", Format::Txt, read::Mode::Lossy)?;
//! let cleaned = cleaner.clean(input.transcript);
//! let text = write::render(&cleaned.transcript, write::Output::Txt, &cleaned.changes)?;
//! assert_eq!(text, "18 nœuds et Elasticsearch\npour tout ça\n");
//! assert_eq!((cleaned.changes[0].line, cleaned.changes[0].column), (1, 13));
//! # Ok::<(), transcrub::Error>(())
//! ```

pub mod artifacts;
pub mod change;
pub mod clean;
#[cfg(feature = "cli")]
pub mod cli;
#[cfg(feature = "cli")]
pub mod command;
pub mod config;
pub mod dict;
pub mod encoding;
pub mod error;
pub mod format;
pub mod json;
pub mod language;
pub mod line_index;
pub mod lint;
pub mod markup;
#[cfg(feature = "cli")]
pub mod output;
pub mod parallel;
#[cfg(feature = "cli")]
pub mod program;
pub mod read;
pub mod reading_speed;
pub mod report;
pub mod segment;
pub mod speaker;
pub mod timestamp;
pub mod transcript;
pub mod write;

pub use change::{Change, Rule, Summary};
pub use clean::{Cleaned, Cleaner, Options, Passes};
pub use dict::{Dictionary, ExactMatcher};
pub use error::{Error, ErrorKind, Result};
pub use format::Format;
pub use timestamp::Timestamp;
pub use transcript::{Cue, SegmentScores, Transcript, Word};
