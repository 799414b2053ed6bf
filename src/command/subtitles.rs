//! `transcrub subtitles`: read, clean (as `clean` does), segment, write SRT
//! or WebVTT. Settings come from the preset, then transcrub.toml's
//! `[subtitles]` table, then the flags, each overriding the one before.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::change::Summary;
use crate::clean::{Cleaned, Cleaner};
use crate::cli::{SubtitleFormat, SubtitlesArgs};
use crate::config::SubtitleSettings;
use crate::error::{Error, Result};
use crate::format::Format;
use crate::language::Detected;
use crate::output::Plan;
use crate::report;
use crate::segment::{self, Limits, Preset, Segmenter, Stats, TimeSource, Typography};
use crate::timestamp::Timestamp;
use crate::transcript::Cue;
use crate::write::{self, Output};

use super::input::{self, Source};
use super::{Status, Streams};

/// Runs `transcrub subtitles`.
pub fn run(args: &SubtitlesArgs, streams: &mut Streams) -> Result<Status> {
    match super::subtitles_stream::run(args, streams)? {
        Some(status) => Ok(status),
        None => run_whole(args, streams),
    }
}

/// Runs it on the input read whole.
pub(super) fn run_whole(args: &SubtitlesArgs, streams: &mut Streams) -> Result<Status> {
    let source = match args.input.as_deref() {
        Some(path) => Source::from_arg(path),
        None => input::implicit_stdin("subtitles")?,
    };
    let prepared = input::prepare(&args.cleaning, vec![source], streams, false)?;
    let settings = prepared
        .config
        .as_ref()
        .map(|c| c.subtitles.clone())
        .unwrap_or_default();
    let Some(input) = prepared.inputs.into_iter().next() else {
        return Err(Error::usage("no input"));
    };
    let limits = limits(args, &settings, None)?;
    let format = output_format(args, &settings, input.format);
    let io_err = crate::error::cannot_print;
    if !args.quiet {
        input::warn_without_lexicon(prepared.cleaner, streams.stderr).map_err(io_err)?;
    }
    let cleaned = prepared.cleaner.clean(input.reading.transcript);
    if cleaned.transcript.is_timed() && (args.start.is_some() || args.duration.is_some()) {
        return Err(Error::usage(
            "--start and --duration are for text without times; this input has its own",
        )
        .in_file(&input.path));
    }
    let (start, span) = start_and_span(args)?;
    // The language sets typography and line-break rules: --lang, the
    // configuration or the dictionary, else what the text is, when the
    // detector is sure.
    let detected = match prepared.language {
        Some(_) => None,
        None => {
            let mut sample = Sample::default();
            for cue in cleaned.transcript.cues.iter() {
                if sample.is_full() {
                    break;
                }
                sample.push(cue);
            }
            sample.detect()
        }
    };
    let segmenter = Settings {
        args,
        settings: &settings,
        limits,
        cleaner: prepared.cleaner,
        start,
        span,
        word_list: false,
        used: OnceLock::new(),
    }
    .segmenter(prepared.language.as_deref(), detected.as_ref());
    let subtitles = segmenter.segment(&cleaned.transcript);
    // What is left to do needs the changes, not the cleaned text.
    let Cleaned {
        transcript: _,
        changes,
    } = cleaned;
    let (file_format, output) = formats(format);
    let mut written = subtitles.to_transcript_with(file_format, args.karaoke);
    let mut stats = subtitles.stats();
    let (cue_count, time_source) = (subtitles.cues.len(), subtitles.time_source);
    drop(subtitles);
    crate::speaker::label(&mut written, output, args.speakers);
    let text = write::render(&written, output, &[])?;
    drop(written);
    stats.language = Some(language_note(
        prepared.language.as_deref(),
        detected.as_ref(),
    ));
    let broken = stats.broken_limits();
    if args.cleaning.strict && !broken.is_empty() {
        return Err(strict_error(&broken).in_file(&input.path));
    }

    if !args.quiet {
        input::print_warnings(&input.source.name(), &input.warnings, streams.stderr)
            .map_err(io_err)?;
    }
    let mut plan = Plan::new();
    input::protect_read_files(&mut plan, &args.cleaning, prepared.config.as_ref());
    if let Source::File(path) = &input.source {
        plan.reads(path, format!("the input {}", path.display()));
    }
    let to = args.output.clone().unwrap_or_else(|| PathBuf::from("-"));
    plan.stage(&to, "the subtitles", text.into_bytes(), None)?;
    if let Some(path) = &args.report {
        let mut buf = Vec::new();
        report::write_jsonl(&mut buf, &input.source.name(), &changes).map_err(io_err)?;
        plan.stage(path, "the report", buf, None)?;
    }
    let notes = plan.commit(streams.stdout)?;
    let done = Done {
        name: input.source.name(),
        summary: Summary::of(&changes),
        stats,
        broken,
        cues: cue_count,
        time_source,
    };
    done.tell(args, &notes, streams)?;
    Ok(Status::Success)
}

/// The subtitles' format, as a transcript's and as a writer's.
pub(super) fn formats(format: SubtitleFormat) -> (Format, Output) {
    match format {
        SubtitleFormat::Srt => (Format::Srt, Output::Srt),
        SubtitleFormat::Vtt => (Format::Vtt, Output::Vtt),
        SubtitleFormat::Ass => (Format::Ass, Output::Ass),
    }
}

/// What a run made, told once the outputs are written.
pub(super) struct Done {
    pub name: String,
    pub summary: Summary,
    pub stats: Stats,
    pub broken: Vec<String>,
    pub cues: usize,
    pub time_source: TimeSource,
}

impl Done {
    /// Flushes stdout, then prints the stats, the notes and the summary.
    pub fn tell(
        &self,
        args: &SubtitlesArgs,
        notes: &[String],
        streams: &mut Streams,
    ) -> Result<()> {
        let io_err = crate::error::cannot_print;
        streams.stdout.flush().map_err(io_err)?;
        if args.stats {
            write!(streams.stderr, "{}", self.stats).map_err(io_err)?;
        }
        if !args.quiet {
            input::print_notes(notes, streams.stderr).map_err(io_err)?;
            if !self.broken.is_empty() {
                writeln!(
                    streams.stderr,
                    "warning: {}: the subtitles break the limits: {}",
                    self.name,
                    self.broken.join(", ")
                )
                .map_err(io_err)?;
            }
            writeln!(
                streams.stderr,
                "{}: {}; {} cue{}, {}",
                self.name,
                self.summary,
                self.cues,
                if self.cues == 1 { "" } else { "s" },
                self.time_source.describe()
            )
            .map_err(io_err)?;
        }
        Ok(())
    }
}

/// Why `--strict` writes nothing.
pub(super) fn strict_error(broken: &[String]) -> Error {
    Error::usage(format!(
        "the subtitles break the limits (--strict): {}; nothing was written",
        broken.join(", ")
    ))
}

/// Where the language came from, for `--stats`.
pub(super) fn language_note(given: Option<&str>, detected: Option<&Detected>) -> String {
    match (given, detected) {
        (Some(l), _) => format!("{l} (given)"),
        (None, Some(d)) => format!("{} (detected, confidence {:.2})", d.code, d.confidence),
        (None, None) => "unknown (not sure enough to detect; give --lang)".to_string(),
    }
}

/// `--start`, and `--duration` as a span from it (the episode's length:
/// the last cue ends then).
pub(super) fn start_and_span(args: &SubtitlesArgs) -> Result<(Timestamp, Option<Timestamp>)> {
    let start = args.start.unwrap_or(Timestamp(0));
    let span = match args.duration {
        Some(d) if d <= start => {
            return Err(Error::usage(format!(
                "expected --duration after --start ({}), found {}",
                start.srt(),
                d.srt()
            )));
        }
        Some(d) => Some(Timestamp(d.0 - start.0)),
        None => None,
    };
    Ok((start, span))
}

/// The text the language is detected on, when none is given: the
/// cleaned cues' text without tags, one space between cues, up to what
/// the detector reads.
#[derive(Debug, Default)]
pub(super) struct Sample {
    text: String,
    chars: usize,
    cues: usize,
}

impl Sample {
    /// Adds the next cue's text.
    pub fn push(&mut self, cue: &Cue) {
        if self.cues > 0 {
            self.text.push(' ');
            self.chars += 1;
        }
        self.cues += 1;
        let text = crate::markup::strip_tags(&cue.text);
        self.chars += text.chars().count();
        self.text.push_str(&text);
    }

    /// Holds all the detector reads: later cues change nothing.
    pub fn is_full(&self) -> bool {
        self.chars >= crate::language::SAMPLE_CHARS
    }

    /// The language, when the detector is sure.
    pub fn detect(&self) -> Option<Detected> {
        crate::language::detect(&self.text)
    }
}

/// What the segmenter is built from besides the language.
pub(super) struct Settings<'a> {
    pub args: &'a SubtitlesArgs,
    pub settings: &'a SubtitleSettings,
    pub limits: Limits,
    pub cleaner: &'a Cleaner,
    pub start: Timestamp,
    pub span: Option<Timestamp>,
    /// The source cues each hold a word (the facts of a file read in
    /// windows; a transcript read whole is looked at by the segmenter).
    pub word_list: bool,
    /// The limits the segmenter was built with, once it is: those of
    /// the transcript's language when no preset is named.
    pub used: OnceLock<Limits>,
}

impl Settings<'_> {
    /// The limits the segmenter was built with; before it is, those
    /// checked without the language.
    pub fn used_limits(&self) -> &Limits {
        self.used.get().unwrap_or(&self.limits)
    }

    /// The segmenter for the language given, else the one detected.
    pub fn segmenter(&self, given: Option<&str>, detected: Option<&Detected>) -> Segmenter {
        let Settings {
            args,
            settings,
            limits,
            cleaner,
            start,
            span,
            word_list,
            ref used,
        } = *self;
        let configured = match settings.typography.as_deref() {
            Some("fr") => Typography::Fr,
            Some("none") => Typography::None,
            _ => Typography::Auto,
        };
        let language = given.or(detected.map(|d| d.code.as_str()));
        // The limits were checked without the language; its preset has
        // the same durations, so they hold with it.
        let limits = self::limits(args, settings, language).unwrap_or(limits);
        let _ = used.set(limits);
        Segmenter::builder()
            .limits(limits)
            .language(language)
            .typography(args.typography.unwrap_or(configured))
            .terms(
                cleaner
                    .dictionary()
                    .terms
                    .iter()
                    .map(|t| t.canonical.as_str()),
            )
            .rate(
                args.rate
                    .or(settings.rate)
                    .unwrap_or_else(|| segment::default_rate(language)),
            )
            .start(start)
            .duration(span)
            .max_words(
                args.max_words
                    .map(|w| usize::try_from(w).unwrap_or(usize::MAX)),
            )
            .merge_short(args.merge_short)
            .drop_sounds(args.drop_sounds)
            .keep_words(args.karaoke)
            .word_list(word_list)
            .build()
    }
}

/// The preset's limits (the flag's, else transcrub.toml's, else the
/// `language`'s: netflix-ja, netflix-zh or netflix-fr), with
/// transcrub.toml's `[subtitles]` numbers on top.
pub(crate) fn configured_limits(
    preset: Option<Preset>,
    settings: &SubtitleSettings,
    language: Option<&str>,
) -> Limits {
    let preset = preset
        .or_else(|| settings.preset.as_deref().and_then(Preset::from_name))
        .unwrap_or_else(|| Preset::for_language(language));
    let mut limits = preset.limits();
    limits.max_line_chars = settings.max_line_chars.unwrap_or(limits.max_line_chars);
    limits.max_lines = settings.max_lines.unwrap_or(limits.max_lines);
    limits.max_cps = settings.max_cps.unwrap_or(limits.max_cps);
    set(&mut limits.min_duration_ms, settings.min_duration);
    set(&mut limits.max_duration_ms, settings.max_duration);
    set(&mut limits.min_gap_ms, settings.min_gap);
    if settings.cps_line_breaks == Some(true) {
        limits.line_breaks = crate::reading_speed::LineBreaks::Counted;
    }
    limits
}

/// The configured limits, overridden by flags; without a preset named,
/// the house style of the transcript's `language`.
pub(super) fn limits(
    args: &SubtitlesArgs,
    settings: &SubtitleSettings,
    language: Option<&str>,
) -> Result<Limits> {
    let mut limits = configured_limits(args.preset, settings, language);
    let usize_of = |v: u64| usize::try_from(v).unwrap_or(usize::MAX);
    limits.max_line_chars = args.max_line_chars.map_or(limits.max_line_chars, usize_of);
    limits.max_lines = args.max_lines.map_or(limits.max_lines, usize_of);
    limits.max_cps = args.max_cps.unwrap_or(limits.max_cps);
    set(&mut limits.min_duration_ms, args.min_duration);
    set(&mut limits.max_duration_ms, args.max_duration);
    set(&mut limits.min_gap_ms, args.min_gap);
    if args.cps_line_breaks {
        limits.line_breaks = crate::reading_speed::LineBreaks::Counted;
    }
    if limits.min_duration_ms >= limits.max_duration_ms {
        return Err(Error::usage(format!(
            "expected the minimum duration below the maximum, found {} ms and {} ms (--min-duration, --max-duration, [subtitles])",
            limits.min_duration_ms, limits.max_duration_ms
        )));
    }
    Ok(limits)
}

/// Replaces a limit when a value is given.
fn set(slot: &mut u64, value: Option<u64>) {
    *slot = value.unwrap_or(*slot);
}

/// --format, else transcrub.toml's, else OUT's extension, else the input's
/// when it is a subtitle format, else SRT.
pub(super) fn output_format(
    args: &SubtitlesArgs,
    settings: &SubtitleSettings,
    input: Format,
) -> SubtitleFormat {
    let from_name = |name: &str| match name {
        "vtt" => Some(SubtitleFormat::Vtt),
        "srt" => Some(SubtitleFormat::Srt),
        "ass" | "ssa" => Some(SubtitleFormat::Ass),
        _ => None,
    };
    args.format
        .or_else(|| settings.format.as_deref().and_then(from_name))
        .or_else(|| {
            args.output
                .as_deref()
                .and_then(Path::extension)
                .and_then(|e| from_name(&e.to_string_lossy().to_lowercase()))
        })
        .unwrap_or(match input {
            Format::Vtt => SubtitleFormat::Vtt,
            Format::Ass => SubtitleFormat::Ass,
            _ => SubtitleFormat::Srt,
        })
}
