//! Command-line definitions (clap derive). Each flag is documented once,
//! here; `--help` is generated from these comments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::format::Format;
use crate::write::Output;

/// Clean noisy automatic transcripts: fix misrecognised names from a
/// dictionary, remove invented text, and write clean text or subtitles.
#[derive(Debug, Parser)]
#[command(name = "transcrub", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Correct a transcript with dictionaries and report every change.
    Clean(CleanArgs),
}

#[derive(Debug, Args)]
pub struct CleanArgs {
    /// Input files (txt, srt, vtt, Whisper json or tsv); none or `-` reads stdin.
    pub inputs: Vec<PathBuf>,

    /// Dictionary TOML file; repeat to merge several.
    #[arg(short = 'd', long = "dict", value_name = "DICT")]
    pub dictionaries: Vec<PathBuf>,

    /// Write the result to this file (one input only).
    #[arg(short, long, value_name = "OUT", conflicts_with_all = ["in_place", "out_dir"])]
    pub output: Option<PathBuf>,

    /// Rewrite each input file in place, atomically.
    #[arg(long, conflicts_with = "out_dir")]
    pub in_place: bool,

    /// Write each result into this folder, named after its input.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,

    /// Output format; default: the input's.
    #[arg(long, value_enum, value_name = "FMT")]
    pub to: Option<Output>,

    /// Input format; default: from the extension, else from the content.
    #[arg(long, value_enum, value_name = "FMT")]
    pub from: Option<Format>,

    /// Print a unified diff of what would change; write nothing.
    #[arg(long)]
    pub diff: bool,

    /// Exit 1 if anything would change, 0 otherwise; write nothing.
    #[arg(long)]
    pub check: bool,

    /// Write every change as JSON Lines (rule, line, column, before, after) to FILE.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// Refuse inputs with any format defect instead of repairing them.
    #[arg(long)]
    pub strict: bool,

    /// Keep hallucinated credits, suspect phrases and loops (no artifact pass).
    #[arg(long)]
    pub keep_artifacts: bool,

    /// The transcript's language (fr, en, es, de, it, pt, nl), for the
    /// suspect-phrase lists; default: the dictionary's, else all.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,

    /// Whisper segments above this no_speech_prob are doubted.
    #[arg(long, value_name = "P", default_value_t = 0.6)]
    pub max_no_speech_prob: f64,

    /// Whisper segments below this avg_logprob are doubted.
    #[arg(long, value_name = "LOGPROB", default_value_t = -1.0, allow_hyphen_values = true)]
    pub min_avg_logprob: f64,

    /// Whisper segments above this compression_ratio are doubted.
    #[arg(long, value_name = "RATIO", default_value_t = 2.4)]
    pub max_compression_ratio: f64,

    /// Silence in ms before and after a suspect phrase that makes it invented.
    #[arg(long, value_name = "MS", default_value_t = 2000)]
    pub suspect_gap_ms: u64,

    /// List what would change, one change a line, and write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Print no summary and no warnings.
    #[arg(short, long)]
    pub quiet: bool,
}
