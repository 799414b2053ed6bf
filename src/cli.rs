//! Command-line definitions (clap derive). Each flag is documented once,
//! here; `--help` is generated from these comments.
//!
//! The doc comments below are `--help` text, read as plain text: brackets
//! (`[[term]]`, `[default: ...]`) and `<v Name>` are what the user sees,
//! not links or HTML, so rustdoc's markdown checks do not apply.
#![allow(rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::format::Format;
use crate::segment::{Preset, Typography};
use crate::timestamp::Timestamp;
use crate::write::Output;

/// Clean noisy automatic transcripts: fix misrecognised names from a
/// dictionary, remove invented text, and write clean text or subtitles.
#[derive(Debug, Parser)]
#[command(name = "transcrub", version, about, propagate_version = true)]
pub struct Cli {
    /// The subcommand to run.
    #[command(subcommand)]
    pub command: Command,
}

/// transcrub's subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Correct a transcript with dictionaries and report every change.
    Clean(CleanArgs),
    /// Clean a transcript, then build SRT or WebVTT subtitles that meet a
    /// house style's limits (Netflix French by default).
    Subtitles(SubtitlesArgs),
    /// Report misrecognised names, invented text, loops and unreadable
    /// subtitles in files and folders, for CI; fix what is safe to fix.
    Lint(LintArgs),
    /// Build and check dictionaries.
    #[command(subcommand)]
    Dict(DictCommand),
    /// Accept or reject each change on a local page, listening to the
    /// recording; save the reviewed transcript and teach the dictionary.
    Review(ReviewArgs),
}

/// Arguments of `review`.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The transcript to review (txt, srt, vtt, json, tsv, sbv, ttml, ass, srv3).
    pub input: PathBuf,

    /// How the input is read and cleaned (as for `clean`).
    #[command(flatten)]
    pub cleaning: CleaningArgs,

    /// The recording (audio or video): the page plays it from the cue of
    /// the selected change, with the subtitles as they would be written
    /// (timed input only).
    #[arg(long, value_name = "AUDIO_OR_VIDEO")]
    pub media: Option<PathBuf>,

    /// Port on 127.0.0.1; 0 picks a free one.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub port: u16,

    /// Open the page in the default browser.
    #[arg(long)]
    pub open: bool,

    /// Where Save writes the reviewed transcript; default: the input's
    /// name with `.reviewed` before its extension, beside it.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// Where Save appends the decisions, as JSON Lines; default: the
    /// input's name with `.review.jsonl`, beside it.
    #[arg(long, value_name = "FILE")]
    pub log: Option<PathBuf>,
}

/// The `dict` subcommands.
#[derive(Debug, Subcommand)]
pub enum DictCommand {
    /// Align a raw transcript with its corrected version and propose
    /// [[term]] entries for the substitutions that look like names.
    Learn(LearnArgs),
    /// Find duplicates, conflicts and variants that are ordinary words.
    Check(CheckArgs),
}

/// Arguments of `dict learn`.
#[derive(Debug, Args)]
pub struct LearnArgs {
    /// The recogniser's transcript.
    pub noisy: PathBuf,
    /// The same transcript, corrected by a human.
    pub corrected: PathBuf,
    /// Write the proposed TOML here (default: stdout).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Language of the transcripts, for the lexicon [default: detected
    /// from the corrected transcript].
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Hunspell dictionary of ordinary words (default: the system's).
    #[arg(long, value_name = "DIC")]
    pub lexicon: Option<PathBuf>,
}

/// Arguments of `dict check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Dictionary TOML files, checked together.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Hunspell dictionary of ordinary words (default: the system's, for
    /// the dictionaries' language).
    #[arg(long, value_name = "DIC")]
    pub lexicon: Option<PathBuf>,
    /// Print the terms fuzzy matching looks for (names), one a line.
    #[arg(long)]
    pub names: bool,
}

/// How a transcript is read and cleaned: shared by `clean` and `subtitles`.
#[derive(Debug, Args)]
pub struct CleaningArgs {
    /// Dictionary TOML file; repeat to merge several (after transcrub.toml's).
    #[arg(short = 'd', long = "dict", value_name = "DICT")]
    pub dictionaries: Vec<PathBuf>,

    /// Configuration file; default: transcrub.toml in this folder or the
    /// nearest parent folder that has one.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Input format; default: from the extension, else from the content.
    #[arg(long, value_enum, value_name = "FMT")]
    pub from: Option<Format>,

    /// Refuse inputs with any format defect instead of repairing them.
    #[arg(long)]
    pub strict: bool,

    /// Keep hallucinated credits, suspect phrases and loops (no artifact pass).
    #[arg(long)]
    pub keep_artifacts: bool,

    /// Also remove what may be invented but has only weak evidence: lines
    /// repeated 3 to 9 times, words 9 to 11 times, phrases 4 times, suspect
    /// phrases alone between silences. By default they are only reported
    /// (rules *_suggestion), since people and songs repeat too.
    #[arg(long, conflicts_with = "keep_artifacts")]
    pub aggressive_loops: bool,

    /// The transcript's language, an ISO 639 code (sv, fr-CA), for the
    /// suspect-phrase lists (fr, en, es, de, it, pt, nl, ja, zh, ko and ru
    /// have their own; another language gets only the credits every
    /// language has) and, in `subtitles`, the preset; default:
    /// transcrub.toml's, the dictionary's, else all lists.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,

    /// Also find manglings nobody listed: spans that sound or look like a
    /// dictionary name. Applied above --fuzzy-threshold when a Hunspell
    /// lexicon guards ordinary words; otherwise only suggested.
    #[arg(long)]
    pub fuzzy: bool,

    /// Fuzzy candidates scoring at least this (0 to 1) are applied.
    #[arg(long, value_name = "SCORE", default_value_t = crate::clean::FUZZY_THRESHOLD, value_parser = unit)]
    pub fuzzy_threshold: f64,

    /// Hunspell dictionary (.dic with its .aff) of the language's ordinary
    /// words; default: the system's (/usr/share/hunspell, $DICPATH).
    #[arg(long, value_name = "DIC")]
    pub lexicon: Option<PathBuf>,

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
}

/// Arguments of `clean`.
#[derive(Debug, Args)]
pub struct CleanArgs {
    /// Input files (txt, srt, vtt, json, tsv, sbv, ttml, ass, srv3: see the
    /// README's formats); none or `-` reads stdin.
    pub inputs: Vec<PathBuf>,

    /// How the input is read and cleaned (shared with `clean` and `subtitles`).
    #[command(flatten)]
    pub cleaning: CleaningArgs,

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

    /// Write UTF-8 without a byte-order mark. Otherwise a file written in
    /// its own format keeps the encoding it was read in (Windows-1252,
    /// UTF-16) and its byte-order mark.
    #[arg(long)]
    pub utf8: bool,

    /// How speakers are written where the output format has no field for
    /// them (SRT, plain text, TSV, SBV, console lines): native (nothing
    /// added there; WebVTT gets <v Name>), brackets ([Name]: ), or dash (a
    /// dash when the speaker changes). Default: a file written in its own
    /// format names them as it did; converted to plain text, TSV or
    /// console lines, and a transcript (JSON, Otter, WebVTT) to SRT,
    /// brackets, as WhisperX's own writers do, so no speaker is lost (not
    /// SBV: ffmpeg drops a line opening on "[").
    #[arg(long, value_enum, value_name = "STYLE")]
    pub speakers: Option<crate::speaker::SpeakerStyle>,

    /// Print a unified diff of what would change; write nothing.
    #[arg(long)]
    pub diff: bool,

    /// Exit 1 if anything would change, 0 otherwise; write nothing.
    #[arg(long)]
    pub check: bool,

    /// Write every change as JSON Lines (rule, line, column, before, after) to FILE.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// List what would change, one change a line, and write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Print no summary and no warnings.
    #[arg(short, long)]
    pub quiet: bool,

    /// Stream mode for batch engines: one transcript a line on stdin
    /// (`{"id": .., "format": "srt", "text": ".."}`, or `{"id": ..,
    /// "segments": [..]}` as Whisper writes them), one result a line on
    /// stdout, in order (`{"id", "text" or "segments", "changes",
    /// "warnings"}`, or `{"id", "error"}` for that record only).
    #[arg(long, conflicts_with_all = ["inputs", "output", "in_place", "out_dir", "to", "diff", "check", "report", "dry_run"])]
    pub jsonl: bool,

    /// Clean this many at once, on as many threads (output order is
    /// kept): files, when given several [default: one per core]; records,
    /// with --jsonl [default: 1, no threads of its own].
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: Option<u16>,

    /// A `transcrub review` log: its verdicts on single changes apply
    /// again (rejected changes are not made, accepted suggestions are), so
    /// the reviewed transcript can be made again from the input. One input.
    #[arg(long, value_name = "LOG", conflicts_with = "jsonl")]
    pub decisions: Option<PathBuf>,
}

/// Arguments of `lint`.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Files and folders (walked recursively, .gitignore respected); `-`
    /// reads one transcript from stdin; default: `.`.
    pub paths: Vec<PathBuf>,

    /// With `-`: the file name the text on stdin stands for (its format,
    /// `per-file-ignores` and the name in findings), for editors.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,

    /// How the input is read and cleaned (shared with `clean` and `subtitles`).
    #[command(flatten)]
    pub cleaning: CleaningArgs,

    /// How to print findings.
    #[arg(long, value_enum, value_name = "FMT", default_value = "human")]
    pub format: crate::lint::format::OutputFormat,

    /// Exit 1 when a finding is at least this severe [default: warning,
    /// or transcrub.toml's fail-on].
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<crate::lint::Severity>,

    /// Apply safe fixes in place, atomically (the same edits as `clean`).
    #[arg(long)]
    pub fix: bool,

    /// With --fix or --diff, apply unsafe fixes too.
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print the fixes as a unified diff; write nothing.
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,

    /// Only these rules: codes or prefixes, comma-separated (TR001,TR1).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Vec<String>,

    /// Not these rules: codes or prefixes, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,

    /// Print what a rule checks, why, and an example; lint nothing.
    #[arg(long, value_name = "CODE")]
    pub explain: Option<String>,

    /// Files linted at once [default: one per core].
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=256))]
    pub jobs: Option<u64>,

    /// House style for the subtitle rules (transcrub.toml's [subtitles] applies on top)
    /// [default: the language's: netflix-ja, netflix-zh, else netflix-fr].
    #[arg(long, value_enum, value_name = "STYLE")]
    pub preset: Option<Preset>,

    /// Print no summary.
    #[arg(short, long)]
    pub quiet: bool,
}

/// The subtitle formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SubtitleFormat {
    /// SubRip.
    Srt,
    /// WebVTT.
    Vtt,
    /// Advanced SubStation Alpha (styles, karaoke).
    Ass,
}

/// Arguments of `subtitles`.
#[derive(Debug, Args)]
pub struct SubtitlesArgs {
    /// Input file (txt, srt, vtt, json, tsv, sbv, ttml, ass, srv3: see the
    /// README's formats); none or `-` reads stdin.
    pub input: Option<PathBuf>,

    /// How the input is read and cleaned (shared with `clean` and `subtitles`).
    #[command(flatten)]
    pub cleaning: CleaningArgs,

    /// Write the subtitles to this file (default: stdout).
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// srt, vtt or ass; default: OUT's extension, else the input's if it is a
    /// subtitle format, else srt.
    #[arg(long, value_enum, value_name = "FMT")]
    pub format: Option<SubtitleFormat>,

    /// House style whose limits apply (individual flags override it)
    /// [default: the language's: netflix-ja, netflix-zh, else netflix-fr].
    #[arg(long, value_enum, value_name = "STYLE")]
    pub preset: Option<Preset>,

    /// Characters per line, spaces and punctuation included [netflix-fr: 42].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(10..=200))]
    pub max_line_chars: Option<u64>,

    /// Lines per cue [netflix-fr: 2].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=4))]
    pub max_lines: Option<u64>,

    /// Reading speed limit in characters per second [netflix-fr: 17].
    #[arg(long, value_name = "CPS", value_parser = speed)]
    pub max_cps: Option<f64>,

    /// Shortest time on screen, in ms [netflix-fr: 833].
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u64).range(0..=60_000))]
    pub min_duration: Option<u64>,

    /// Longest time on screen, in ms [netflix-fr: 7000].
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u64).range(1..=60_000))]
    pub max_duration: Option<u64>,

    /// Shortest time between two cues, in ms [netflix-fr: 83].
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u64).range(0..=5_000))]
    pub min_gap: Option<u64>,

    /// Spacing convention; auto applies French rules to French transcripts.
    #[arg(long, value_enum, value_name = "STYLE")]
    pub typography: Option<Typography>,

    /// Speaking rate for text without times, characters per second
    /// [default: 15.5, measured on French podcast speech].
    #[arg(long, value_name = "CPS", value_parser = speed)]
    pub rate: Option<f64>,

    /// Text without times: when the first cue starts (HH:MM:SS[.mmm], MM:SS or seconds).
    #[arg(long, value_name = "TIME", value_parser = time)]
    pub start: Option<Timestamp>,

    /// Text without times: how long it lasts (the episode's length); the
    /// rate is fitted so the last cue ends then.
    #[arg(long, value_name = "TIME", value_parser = time)]
    pub duration: Option<Timestamp>,

    /// At most N words in a cue (the style's limits still apply).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=100))]
    pub max_words: Option<u64>,

    /// Merge cues too short to read (under the minimum duration) into their
    /// neighbours wherever the limits allow.
    #[arg(long)]
    pub merge_short: bool,

    /// Leave sound descriptions ("[Musique]", "(rires)") out; by default
    /// each stands alone in its own cue. "..." cues are always left out.
    #[arg(long)]
    pub drop_sounds: bool,

    /// Show each word as it is said, from word timings: WebVTT timestamp
    /// tags, ASS \k tags (ignored for SRT, and for input without word times).
    #[arg(long)]
    pub karaoke: bool,

    /// How one speaker's cues name them: native (WebVTT <v Name>, ASS Name,
    /// nothing in SRT), brackets ([Name]: ), or dash (a dash when the
    /// speaker changes). Two speakers sharing a cue always get dialogue
    /// dashes.
    #[arg(long, value_enum, value_name = "STYLE", default_value = "native")]
    pub speakers: crate::speaker::SpeakerStyle,

    /// Count each line break as a character in reading speeds (as checkers
    /// that count the text's characters do); by default it is not counted,
    /// as Subtitle Edit does (spaces and punctuation are, tags are not).
    #[arg(long)]
    pub cps_line_breaks: bool,

    /// Print a table of reading speeds and limits met to stderr.
    #[arg(long)]
    pub stats: bool,

    /// Write every cleaning change as JSON Lines to FILE (`-`: stdout).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// Print no summary and no warnings.
    #[arg(short, long)]
    pub quiet: bool,
}

fn unit(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("expected a number from 0 to 1, found {text:?}")),
    }
}

/// Characters per second, 1 to 100: reading and speech, and arithmetic
/// that cannot overflow a timeline.
fn speed(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if (1.0..=100.0).contains(&v) => Ok(v),
        _ => Err(format!("expected a number from 1 to 100, found {text:?}")),
    }
}

/// `01:02:03.500`, `02:03`, `3723.5` (seconds).
fn time(text: &str) -> Result<Timestamp, String> {
    let expected = || format!("expected HH:MM:SS[.mmm], MM:SS or seconds, found {text:?}");
    let parts: Vec<&str> = text.split(':').collect();
    if parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
        return Err(expected());
    }
    let mut seconds = 0.0;
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let value: f64 = if last {
            part.replace(',', ".").parse().map_err(|_| expected())?
        } else {
            part.parse::<u64>().map_err(|_| expected())? as f64
        };
        if !value.is_finite() || value < 0.0 || (i > 0 && value >= 60.0) {
            return Err(expected());
        }
        seconds = seconds * 60.0 + value;
    }
    // Longer than any recording, and keeps times far from overflow.
    if seconds > 99.0 * 3600.0 {
        return Err(format!("expected at most 99 hours, found {text:?}"));
    }
    Ok(Timestamp::from_secs_f64(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_in_three_spellings() {
        assert_eq!(time("01:02:03.500"), Ok(Timestamp(3_723_500)));
        assert_eq!(time("02:03"), Ok(Timestamp(123_000)));
        assert_eq!(time("90.25"), Ok(Timestamp(90_250)));
        assert!(time("1:60").is_err());
        assert!(time("a").is_err());
        assert!(time("::").is_err());
        assert!(time("-5").is_err());
    }
}
