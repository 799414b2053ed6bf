//! Dictionaries: the names and terms a show uses and how the recogniser
//! mangles them, loaded from human-edited TOML, and the matcher that finds
//! those manglings in a transcript.

pub mod compiled;
mod ends;
mod fold;
pub mod fuzzy;
pub mod lexicon;
mod load;
mod matcher;
mod memo;
mod neighbours;
pub mod phonetic;
mod places;

pub use compiled::Compiled;
pub use fold::{Folded, fold_pattern};
pub use load::{ArtifactRules, Dictionary, DropLine, Term};
pub use matcher::{ExactMatcher, Match, is_word_char};
