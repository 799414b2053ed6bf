//! `transcrub dict learn` and `transcrub dict check`: build a dictionary
//! from a corrected transcript, and check dictionaries before they are used.

mod check;
mod learn;

use std::path::Path;

use crate::cli::DictCommand;
use crate::dict::lexicon::Lexicon;
use crate::error::{Error, Result};

use super::{Status, Streams};

/// Runs `transcrub dict learn` or `transcrub dict check`.
pub fn run(command: &DictCommand, streams: &mut Streams) -> Result<Status> {
    match command {
        DictCommand::Learn(args) => learn::run(args, streams),
        DictCommand::Check(args) => check::run(args, streams),
    }
}

fn io_err(e: std::io::Error) -> Error {
    crate::error::cannot_print(e)
}

fn lexicon(path: Option<&Path>, language: &str) -> Result<Option<Lexicon>> {
    match path {
        Some(p) => Lexicon::load(p).map(Some),
        None => Lexicon::find(language),
    }
}
