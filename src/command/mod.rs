//! The subcommands. Each takes its arguments and the streams to print to,
//! and returns the exit status; nothing here touches the process's own
//! stdout or stderr, so tests can run commands in memory.

pub mod clean;
pub(crate) mod clean_stream;
pub mod dict;
mod dictionary_cache;
mod in_order;
pub(crate) mod input;
mod jsonl;
mod line_pieces;
pub mod lint;
pub mod review;
pub mod subtitles;
mod subtitles_stream;
pub(crate) mod windows;

use std::io::{Read, Write};

/// The streams a command reads and prints to.
pub struct Streams<'a> {
    /// Where `-` inputs and `--jsonl` records are read from.
    pub stdin: &'a mut dyn Read,
    /// Where results go when no output file is named.
    pub stdout: &'a mut dyn Write,
    /// Where warnings, summaries and reports go.
    pub stderr: &'a mut dyn Write,
}

/// Exit statuses, as documented in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// 0: done.
    Success,
    /// 1: `--check` found something to change.
    WouldChange,
    /// 1: `lint` found something at or above `--fail-on`.
    Findings,
}

impl Status {
    /// The process exit code: 0 or 1 (errors exit 2, from `program`).
    pub fn code(self) -> u8 {
        match self {
            Status::Success => 0,
            Status::WouldChange | Status::Findings => 1,
        }
    }
}
