//! `transcrub subtitles` on one long plain-text, SRT or Whisper TSV file,
//! a window at a time: each window is cleaned as `clean` streams it
//! (src/command/windows.rs), its cues go on to the segmenter's two
//! stages (src/segment/stages.rs), and the subtitles they give out are
//! written to the staged output, or to stdout, a device or a FIFO, as
//! they come (held up to a bound first, `Held`). Memory holds a few windows
//! and a few screens of cues, whatever the file's size; the subtitles,
//! the report and the summary are the same, byte for byte, as the whole
//! file's.
//!
//! Only what needs nothing more of the whole file streams: one file named
//! on the command line, longer than a window, without `--karaoke` (whose
//! word timing is all or nothing), `--duration` (shared out over every
//! cue), `--speakers dash` (which looks at the cue before), or
//! `--start` for a timed file (an error the usual run reports). The file
//! is read once first, to be sure every piece of it reads as the usual
//! reading would keep it, none marks a highlighted word (those cues are
//! merged first) and none is said over another speaker's turn (the turn
//! is cut around it, and the two may fall in two windows); anything
//! else, or a surprise on the way, and the run starts again the usual
//! way, with nothing staged kept. (Plain text written to a file is not
//! read first: it has no cue to ask about, and a surprise on the way
//! only throws the staged output away.)

use std::io::Write;
use std::path::Path;
use std::sync::mpsc;

use crate::change::Summary;
use crate::clean::{self, LineFixes, Window};
use crate::cli::{SubtitleFormat, SubtitlesArgs};
use crate::error::{Error, Result};
use crate::format::Format;
use crate::language::Detected;
use crate::output::Plan;
use crate::read::pieces;
use crate::report;
use crate::segment::{
    self, Costed, Counting, CueStage, Segmenter, Shown, Subtitle, TimeSource, TokenStage,
};
use crate::speaker::SpeakerStyle;
use crate::transcript::Cue;
use crate::write::{self, Before, Output};

use super::input::{self, Source};
use super::line_pieces::PieceCheck;
use super::subtitles::{
    Done, Sample, Settings, formats, language_note, limits, output_format, start_and_span,
    strict_error,
};
use super::windows::{File, window_bytes};
use super::{Status, Streams};

/// Segments the run's input a window at a time, if it can be; `None`
/// means the caller reads it whole.
pub fn run(args: &SubtitlesArgs, streams: &mut Streams) -> Result<Option<Status>> {
    run_in(args, streams, window_bytes(), HOLD_BYTES)
}

/// Subtitles for stdout (or a device, a FIFO) held before any is
/// written: an output this long (about ten hours of speech) is written
/// as it is made, so memory does not grow with it; a shorter one is held
/// whole, so that the rare run handed back to the usual reading late
/// (see `Held`) writes nothing twice.
const HOLD_BYTES: usize = 1 << 20;

/// The same, in windows of `window` bytes, holding `hold` bytes of an
/// output written as it goes.
fn run_in(
    args: &SubtitlesArgs,
    streams: &mut Streams,
    window: usize,
    hold: usize,
) -> Result<Option<Status>> {
    let Some((path, format)) = streamable(args, window) else {
        return Ok(None);
    };
    let to = args.output.as_deref().unwrap_or(Path::new("-"));
    let Some(to) = crate::output::streamed_to(to, path) else {
        return Ok(None);
    };
    let config = input::config(&args.cleaning)?;
    let cleaner = input::kept(input::cleaner(&args.cleaning, config.as_ref(), 0)?);
    let settings = config
        .as_ref()
        .map(|c| c.subtitles.clone())
        .unwrap_or_default();
    let limits = limits(args, &settings, None)?;
    let subtitle_format = output_format(args, &settings, format);
    let (start, span) = start_and_span(args)?;
    let mut file = File::open(path, format, cleaner, window)?;
    if format == Format::Txt {
        // A very long line is cleaned in pieces, as `clean` streams it,
        // and segmented as the one cue it is.
        let fixes = match args.report {
            Some(_) => LineFixes::Reported,
            None => LineFixes::Counted,
        };
        file = file
            .splitting_lines(fixes)
            .keeping_whole(segment::reads_whole);
    }
    // Read once through first: every piece reads as it is, and no cue
    // marks a highlighted word or is said over another's turn. Plain text
    // has no cue to ask, and a staged output is thrown away if a surprise
    // late in the file means reading it whole (as `clean` streams it):
    // there, the reading first would only make the run longer.
    let (mut whole, mut said_over) = (false, segment::SaidOver::default());
    // Stdout, a device or a FIFO is written as subtitles come, past a
    // bound. `--strict` may fail at the very end, with nothing written:
    // there, the output is staged whole, as a file's is. Asked only when
    // needed (a timed file asks it at the end), and once: the reading
    // skipped here and the output chosen below must agree.
    let staged = std::cell::LazyCell::new(|| args.cleaning.strict || crate::output::is_staged(&to));
    let facts = if format == Format::Txt && *staged {
        Some(clean::Facts::default())
    } else {
        file.facts_with(&mut |cue| {
            whole |= segment::is_highlighted(cue) | said_over.push(cue);
        })?
    };
    let Some(facts) = facts.filter(|_| !whole) else {
        return Ok(None);
    };
    let given = input::effective_language(&args.cleaning, config.as_ref(), cleaner);
    let mut plan = Plan::new();
    input::protect_read_files(&mut plan, &args.cleaning, config.as_ref());
    plan.reads(path, format!("the input {}", path.display()));
    let name = Source::File(path.to_path_buf()).name();
    let settings = Settings {
        args,
        settings: &settings,
        limits,
        cleaner,
        start,
        span,
        word_list: facts.word_cues,
        used: std::sync::OnceLock::new(),
    };
    let segment_into = |out: &mut dyn Write| -> Result<Option<Streamed>> {
        let segmenting = Segmenting::new(&settings, given.as_deref(), format != Format::Txt);
        let pieces =
            PieceCheck::new(cleaner, args.report.is_some()).read_by(segment::piece_reads_alone);
        let mut sink = Sink::new(&settings, subtitle_format, &to, out, pieces);
        // Segmenting is the longest step: it has a thread of its own,
        // fed cleaned cues as this one reads, cuts and writes.
        let (segmented, read) = std::thread::scope(|scope| {
            let (cues, to_segment) = mpsc::sync_channel::<WindowCues>(2);
            let (given_out, subtitles) = mpsc::channel::<Vec<Subtitle>>();
            let segmenter = scope.spawn(move || segmenting.run(&to_segment, &given_out));
            let read = file.clean_windows(&facts, &mut |cleaned, window| {
                if let Some(cleaned) = sink.window(cleaned, window, &name) {
                    // A segmenter that stopped is told of below.
                    let _ = cues.send(cleaned);
                }
                while let Ok(ready) = subtitles.try_recv() {
                    sink.write(&ready);
                }
                // Past a failure, or once the file must be read whole,
                // the rest of the reading is of no use.
                sink.failure.is_none() && !sink.read_whole
            });
            drop(cues);
            for ready in subtitles.iter() {
                sink.write(&ready);
            }
            (segmenter.join(), read)
        });
        let segmented = segmented.map_err(|_| {
            Error::new(
                crate::error::ErrorKind::Io,
                "internal error: the transcript could not be segmented",
            )
            .in_file(path)
        })?;
        match (read?, sink.failure.take()) {
            (Some(()), Some(e)) => Err(e),
            (Some(()), None) if sink.read_whole => Ok(None),
            (Some(()), None) if !segmented.whole => {
                sink.finish(&segmented, given.as_deref(), path).map(Some)
            }
            _ => Ok(None),
        }
    };
    let passage = match *staged {
        true => None,
        false => plan.claim_passage(&to, "the subtitles")?,
    };
    let staged = if let Some(mut passage) = passage {
        if let Some(report) = &args.report {
            plan.check_output(report, "the report")?;
        }
        let mut held = Held::new(passage.writer(streams.stdout), &to, hold);
        match segment_into(&mut held)? {
            Some(streamed) => {
                held.finish()?;
                passage
                    .finish()
                    .map_err(|e| crate::error::cannot_write(&to, e))?;
                Some(streamed)
            }
            None => {
                held.hand_back(path)?;
                None
            }
        }
    } else {
        plan.stage_streamed(&to, "the subtitles", segment_into)?
    };
    let Some(streamed) = staged else {
        return Ok(None);
    };
    let io_err = crate::error::cannot_print;
    if !args.quiet {
        input::warn_without_lexicon(cleaner, streams.stderr).map_err(io_err)?;
    }
    if let Some(report) = &args.report {
        plan.stage(report, "the report", streamed.report, None)?;
    }
    let notes = plan.commit(streams.stdout)?;
    let done = Done {
        name,
        summary: streamed.summary,
        broken: streamed.stats.broken_limits(),
        stats: streamed.stats,
        cues: streamed.cues,
        time_source: streamed.time_source,
    };
    done.tell(args, &notes, streams)?;
    Ok(Some(Status::Success))
}

/// Subtitles written as they come (stdout, a device, a FIFO), held
/// until they pass `hold` bytes. A run handed back to the usual reading
/// late (a window cut inside a line that did not clean as the line, a
/// file changed while it was read: last guards, which the first reading
/// makes rare) must not have written anything; past the hold it has, and
/// it fails instead (`incomplete`).
struct Held<'a> {
    out: &'a mut dyn Write,
    /// Where `out` goes (`-`: stdout), for messages.
    to: &'a Path,
    held: Vec<u8>,
    hold: usize,
    /// Some of the output has been written.
    passed: bool,
}

impl<'a> Held<'a> {
    fn new(out: &'a mut dyn Write, to: &'a Path, hold: usize) -> Held<'a> {
        Held {
            out,
            to,
            held: Vec::new(),
            hold,
            passed: false,
        }
    }

    /// The run is handed back to the usual reading: it may be if nothing
    /// was written, and what was held is dropped; if some was, it fails.
    fn hand_back(self, path: &Path) -> Result<()> {
        match self.passed {
            true => Err(incomplete(path, self.to)),
            false => Ok(()),
        }
    }

    /// Writes what is still held, after the last subtitle.
    fn finish(self) -> Result<()> {
        let Held { out, to, held, .. } = self;
        out.write_all(&held)
            .and_then(|()| out.flush())
            .map_err(|e| crate::error::cannot_write(to, e))
    }
}

impl Write for Held<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.passed {
            return self.out.write(buf);
        }
        self.held.extend_from_slice(buf);
        if self.held.len() > self.hold {
            self.passed = true;
            let held = std::mem::take(&mut self.held);
            self.out.write_all(&held)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self.passed {
            true => self.out.flush(),
            false => Ok(()),
        }
    }
}

/// A streamed run that had to be handed back to the usual reading after
/// writing some of its subtitles to `to`.
fn incomplete(path: &Path, to: &Path) -> Error {
    Error::new(
        crate::error::ErrorKind::Io,
        format!(
            "could not be segmented a window at a time after all; what was written to {} \
             is incomplete: write the subtitles to a file (-o), which reads the file whole in \
             that case",
            crate::error::place(to)
        ),
    )
    .in_file(path)
}

/// The input and its format, if this run can stream it.
fn streamable(args: &SubtitlesArgs, window: usize) -> Option<(&Path, Format)> {
    let path = args.input.as_deref()?;
    let format = args
        .cleaning
        .from
        .or_else(|| Format::from_extension(path))?;
    let timed = format != Format::Txt;
    let simple = !args.karaoke
        && args.duration.is_none()
        && !(timed && args.start.is_some())
        && args.speakers != SpeakerStyle::Dash
        && path.as_os_str() != "-";
    let read_in_windows = !timed || pieces::readable_in_pieces(format);
    let long = std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() > window as u64);
    (simple && read_in_windows && long).then_some((path, format))
}

/// What streaming gathered besides the output.
struct Streamed {
    summary: Summary,
    stats: segment::Stats,
    cues: usize,
    time_source: TimeSource,
    /// The report's JSON Lines, when one is asked for.
    report: Vec<u8>,
}

/// The cleaned cues' way to subtitles, on a thread of its own: the
/// segmenter starts once the language is known (given, or detected on
/// the first cues). This thread makes the cues tokens and counts their
/// break costs; the cue choice, the longest step, runs on a thread of
/// its own (`CueThread`), which gives out subtitles as they settle.
struct Segmenting<'a> {
    settings: &'a Settings<'a>,
    given: Option<&'a str>,
    /// The input's cues have times.
    timed: bool,
    /// Cleaned cues waiting for the language to be detected on them,
    /// each with whether it goes on with the cue before (`WindowCues`).
    waiting: Vec<(Cue, bool)>,
    sample: Sample,
    /// The segmenter's two stages, once started.
    stages: Option<(TokenStage<'static>, CueThread)>,
    /// Where the subtitles go as they settle.
    out: Option<mpsc::Sender<Vec<Subtitle>>>,
    done: Segmented,
}

/// What segmenting found besides the subtitles.
struct Segmented {
    detected: Option<Detected>,
    /// Cleaned cues seen.
    cues: usize,
    /// A cleaned cue marks a highlighted word, or is said over another's
    /// turn: the run starts again whole.
    whole: bool,
    said_over: segment::SaidOver,
    time_source: TimeSource,
}

impl<'a> Segmenting<'a> {
    fn new(settings: &'a Settings<'a>, given: Option<&'a str>, timed: bool) -> Segmenting<'a> {
        Segmenting {
            settings,
            given,
            timed,
            waiting: Vec::new(),
            sample: Sample::default(),
            stages: None,
            out: None,
            done: Segmented {
                detected: None,
                cues: 0,
                whole: false,
                said_over: segment::SaidOver::default(),
                time_source: TimeSource::Estimated,
            },
        }
    }

    /// Segments each window's cues as they come, the subtitles given out
    /// as they settle; the last after the last window. Never inlined, so
    /// that a profile, and bench/passes.py, can name the token stage.
    #[inline(never)]
    fn run(
        mut self,
        windows: &mpsc::Receiver<WindowCues>,
        out: &mpsc::Sender<Vec<Subtitle>>,
    ) -> Segmented {
        self.out = Some(out.clone());
        for cues in windows {
            if self.done.whole {
                continue;
            }
            self.push(cues);
        }
        if self.done.whole {
            if let Some((_, cues)) = self.stages.take() {
                cues.join();
            }
            return self.done;
        }
        if self.stages.is_none() {
            self.start();
        }
        let Some((tokens, cues)) = self.stages.take() else {
            unreachable!("started above")
        };
        let time_source = tokens.finish(&mut |costed| cues.hand(costed));
        cues.join();
        // No cue at all reads as text without times.
        if self.done.cues > 0 {
            self.done.time_source = time_source;
        }
        self.done
    }

    fn push(&mut self, window: WindowCues) {
        for (k, cue) in window.cues.iter().enumerate() {
            let continued = k == 0 && window.continues;
            // A piece of the cue before is no cue of its own.
            let said_over = !continued && self.done.said_over.push(cue);
            if segment::is_highlighted(cue) || said_over {
                self.done.whole = true;
                return;
            }
            self.done.cues += usize::from(!continued);
            if let Some((tokens, cues)) = self.stages.as_mut() {
                push(tokens, cues, cue, continued);
                continue;
            }
            if self.given.is_none() {
                // A piece goes on after a space, as the sample joins cues.
                self.sample.push(cue);
            }
            self.waiting.push((cue.clone(), continued));
            if self.given.is_some() || self.sample.is_full() {
                self.start();
            }
        }
    }

    /// The language is known (given, or detected on enough text): the
    /// segmenter starts on the cues that waited for it.
    fn start(&mut self) {
        if self.given.is_none() {
            self.done.detected = self.sample.detect();
        }
        // Kept for the rest of the process, as the cleaner is.
        let segmenter: &'static Segmenter = Box::leak(Box::new(
            self.settings
                .segmenter(self.given, self.done.detected.as_ref()),
        ));
        let (mut tokens, cues) = segmenter.stages(self.timed);
        let Some(out) = self.out.clone() else {
            unreachable!("set before the first window")
        };
        let cues = CueThread::start(cues, out);
        for (cue, continued) in self.waiting.drain(..) {
            push(&mut tokens, &cues, &cue, continued);
        }
        self.stages = Some((tokens, cues));
    }
}

/// Adds a cleaned cue to the segmenter: a cue of its own, or a piece of
/// the cue before (`continued`), which goes on after a space. What it
/// shows is found here, on the thread that makes it tokens: found on the
/// reading thread and freed on this one, its copy of the text and its
/// words' ranges (about a megabyte a window) made the reading thread
/// fault in fresh pages for every window (BENCHMARKS.md, "Forty-seventh
/// round").
fn push(tokens: &mut TokenStage, cues: &CueThread, cue: &Cue, continued: bool) {
    let shown = Shown::of_cue(cue);
    let hand = &mut |costed| cues.hand(costed);
    match continued {
        true => tokens.push_continued_shown(shown, hand),
        false => tokens.push_shown(cue, shown, hand),
    }
}

/// The segmenter's cue choice on a thread of its own, fed the tokens
/// whose break costs are final; it gives out the subtitles settled after
/// each batch, and the rest after the last.
struct CueThread {
    to: mpsc::SyncSender<Costed>,
    thread: std::thread::JoinHandle<()>,
}

impl CueThread {
    fn start(mut cues: CueStage<'static>, out: mpsc::Sender<Vec<Subtitle>>) -> CueThread {
        // Sixteen batches may wait (about 33,000 tokens, 4 MB): the
        // stages share two cores, and with room for two the one ahead
        // blocked whenever the cue choice fell behind for a moment, which
        // left a core idle for 6% of a run.
        let (to, batches) = mpsc::sync_channel::<Costed>(16);
        let thread = std::thread::spawn(move || {
            // The receiver outlives this thread.
            for batch in &batches {
                let end = batch.is_end();
                cues.settle(batch);
                if end {
                    let _ = out.send(cues.finish());
                    return;
                }
                let ready = cues.take();
                if !ready.is_empty() {
                    let _ = out.send(ready);
                }
            }
            // Stopped before the last batch (a highlighted word, a cue
            // said over a turn): the run starts again whole.
        });
        CueThread { to, thread }
    }

    fn hand(&self, costed: Costed) {
        // A thread that stopped has panicked: `join` says so.
        let _ = self.to.send(costed);
    }

    /// Waits for the thread to give out the last subtitles; its panic
    /// goes on on this thread.
    fn join(self) {
        drop(self.to);
        if let Err(panic) = self.thread.join() {
            std::panic::resume_unwind(panic);
        }
    }
}

/// A window's cleaned cues, for the segmenter.
struct WindowCues {
    cues: Vec<Cue>,
    /// The first cue is a piece of a very long line whose pieces before
    /// it came in the windows before: it goes on with the last cue.
    continues: bool,
}

/// Where cleaned windows and subtitles go, in order: the report and the
/// counts, and the output.
struct Sink<'a> {
    settings: &'a Settings<'a>,
    format: Format,
    output: Output,
    /// Where the subtitles go (`-`: stdout), for messages.
    to: &'a Path,
    out: &'a mut dyn std::io::Write,
    /// Subtitles written before the next ones.
    before: Before,
    /// Made with the first subtitle, once the segmenter's limits are known.
    counting: Option<Counting>,
    summary: Summary,
    report: Vec<u8>,
    /// The first error, reported once reading stops.
    failure: Option<Error>,
    /// A window cut inside a line did not clean, or would not be read,
    /// as its line (line_pieces.rs): the file is read whole instead.
    read_whole: bool,
    pieces: PieceCheck<'a>,
}

impl<'a> Sink<'a> {
    fn new(
        settings: &'a Settings<'a>,
        subtitle_format: SubtitleFormat,
        to: &'a Path,
        out: &'a mut dyn std::io::Write,
        pieces: PieceCheck<'a>,
    ) -> Sink<'a> {
        let (format, output) = formats(subtitle_format);
        Sink {
            settings,
            format,
            output,
            to,
            out,
            before: Before::default(),
            counting: None,
            summary: Summary::default(),
            report: Vec::new(),
            failure: None,
            read_whole: false,
            pieces,
        }
    }

    /// A cleaned window: its changes counted and reported, its cues for
    /// the segmenter.
    fn window(
        &mut self,
        cleaned: Option<clean::Cleaned>,
        window: &Window,
        name: &str,
    ) -> Option<WindowCues> {
        if self.failure.is_some() || self.read_whole {
            return None;
        }
        let Some(cleaned) = cleaned else {
            // The first reading read every piece of the file.
            self.failure = Some(
                Error::new(
                    crate::error::ErrorKind::Io,
                    "internal error: a window of the transcript could not be read again",
                )
                .in_file(Path::new(name)),
            );
            return None;
        };
        let Some(counted_already) = self.pieces.check(&cleaned, window) else {
            self.read_whole = true;
            return None;
        };
        let mut summary = Summary::of(&cleaned.changes);
        summary.whitespace -= counted_already;
        self.summary += summary;
        if self.settings.args.report.is_some()
            && let Err(e) = report::write_jsonl(&mut self.report, name, &cleaned.changes)
        {
            self.failure = Some(crate::error::cannot_print(e));
            return None;
        }
        Some(WindowCues {
            cues: cleaned.transcript.cues,
            continues: window.column > 0,
        })
    }

    /// Writes subtitles as the whole file would go on with them.
    fn write(&mut self, subtitles: &[Subtitle]) {
        if subtitles.is_empty() || self.failure.is_some() {
            return;
        }
        if let Err(e) = self.try_write(subtitles) {
            self.failure = Some(e);
        }
    }

    fn try_write(&mut self, subtitles: &[Subtitle]) -> Result<()> {
        let counting = self.counting.get_or_insert_with(|| {
            let (args, limits) = (&self.settings.args, self.settings.used_limits());
            // The counts against the limits are read by `--stats`, by
            // `--strict`, and by the warning a run prints unless quiet.
            if args.stats || args.cleaning.strict || !args.quiet {
                Counting::new(limits)
            } else {
                Counting::cues_only(limits)
            }
        });
        for subtitle in subtitles {
            counting.add(subtitle);
        }
        let mut transcript = segment::transcript_of(subtitles, self.format, false);
        crate::speaker::label(&mut transcript, self.output, self.settings.args.speakers);
        let text = write::render_subtitle_window(&transcript, self.output, self.before)?;
        self.out
            .write_all(text.as_bytes())
            .map_err(|e| crate::error::cannot_write(self.to, e))?;
        self.before.pass(&transcript);
        Ok(())
    }

    /// After the last window: the counts; `--strict` fails here, with
    /// nothing kept.
    fn finish(self, segmented: &Segmented, given: Option<&str>, path: &Path) -> Result<Streamed> {
        if self.before.windows == 0 {
            // No cue: what the whole file's writer writes of none.
            let none = segment::transcript_of(&[], self.format, false);
            let text = write::render(&none, self.output, &[])?;
            self.out
                .write_all(text.as_bytes())
                .map_err(|e| crate::error::cannot_write(self.to, e))?;
        }
        let settings = self.settings;
        let mut stats = self
            .counting
            .unwrap_or_else(|| Counting::new(settings.used_limits()))
            .finish();
        stats.language = Some(language_note(given, segmented.detected.as_ref()));
        let broken = stats.broken_limits();
        if self.settings.args.cleaning.strict && !broken.is_empty() {
            return Err(strict_error(&broken).in_file(path));
        }
        Ok(Streamed {
            summary: self.summary,
            cues: stats.cues,
            stats,
            time_source: segmented.time_source,
            report: self.report,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use clap::Parser;

    use super::*;
    use crate::cli::{Cli, Command};

    fn args(list: &[&str]) -> SubtitlesArgs {
        let all = ["transcrub", "subtitles"].iter().chain(list);
        match Cli::try_parse_from(all).unwrap().command {
            Command::Subtitles(args) => args,
            _ => unreachable!("a subtitles command"),
        }
    }

    /// What a run printed: its status (`None`: it did not stream), stdout
    /// and stderr.
    type Printed = (Option<Status>, Vec<u8>, Vec<u8>);

    fn run_with(args: &SubtitlesArgs, window: Option<usize>) -> Printed {
        let (mut stdin, mut stdout, mut stderr) = (std::io::empty(), Vec::new(), Vec::new());
        let mut streams = Streams {
            stdin: &mut stdin,
            stdout: &mut stdout,
            stderr: &mut stderr,
        };
        // Stdout is printed from the first byte: what is compared with
        // the whole file's is what a very long output prints.
        let status = match window {
            Some(window) => run_in(args, &mut streams, window, 0).unwrap(),
            None => Some(super::super::subtitles::run_whole(args, &mut streams).unwrap()),
        };
        (status, stdout, stderr)
    }

    /// The seed episode as SRT, a cue per line three seconds long, and as
    /// plain text, each three times over.
    fn long_files(dir: &Path) -> [PathBuf; 2] {
        seed_files(dir, 3)
    }

    /// The same, `times` over.
    fn seed_files(dir: &Path, times: usize) -> [PathBuf; 2] {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let seed = std::fs::read_to_string(root.join("fixtures/mci-2025-02-07.txt")).unwrap();
        let text = seed.repeat(times);
        let mut srt = String::new();
        for (k, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
            let at = |ms: usize| crate::timestamp::Timestamp(u64::try_from(ms).unwrap()).srt();
            srt.push_str(&format!(
                "{}\n{} --> {}\n{line}\n\n",
                k + 1,
                at(k * 3000),
                at(k * 3000 + 2800)
            ));
        }
        let (txt_path, srt_path) = (dir.join("long.txt"), dir.join("long.srt"));
        std::fs::write(&txt_path, text).unwrap();
        std::fs::write(&srt_path, srt).unwrap();
        [txt_path, srt_path]
    }

    /// Runs `file` with `options` whole and in windows of 4 KB, and
    /// asserts the windows streamed and gave what the whole file gives:
    /// the subtitles (returned), what is printed, and the `report`.
    fn streams_as_whole(file: &str, options: &[&str], report: &str) -> Vec<u8> {
        let args = args(&[&[file][..], options].concat());
        let _ = std::fs::remove_file(report);
        let whole = run_with(&args, None);
        let whole_report = std::fs::read(report).ok();
        let _ = std::fs::remove_file(report);
        let streamed = run_with(&args, Some(4096));
        assert_eq!(streamed.0, Some(Status::Success), "{file} {options:?}");
        assert!(
            streamed.1 == whole.1 && streamed.2 == whole.2,
            "{file} {options:?}: {}",
            String::from_utf8_lossy(&streamed.2)
        );
        assert!(
            std::fs::read(report).ok() == whole_report,
            "{file} {options:?}"
        );
        streamed.1
    }

    /// In windows of a few KB, a long transcript's subtitles, its report
    /// and what is printed about it are those of the file read whole; and
    /// the windows did stream (the run did not hand the file back).
    #[test]
    fn long_files_segment_in_windows_as_they_segment_whole() {
        let dir = tempfile::tempdir().unwrap();
        let dict = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("dictionaries/messages-a-caractere-informatique.toml");
        let dict = dict.to_str().unwrap();
        for file in long_files(dir.path()) {
            let file = file.to_str().unwrap();
            let report = dir.path().join("report.jsonl");
            let report = report.to_str().unwrap();
            for options in [
                &["-d", dict, "--stats", "--report", report][..],
                &["--format", "vtt", "--max-lines", "3"],
                &["--format", "ass", "--lang", "en", "--merge-short"],
            ] {
                let out = streams_as_whole(file, options, report);
                let out = String::from_utf8(out).unwrap();
                assert!(out.matches(" --> ").count() > 1000 || out.contains("Dialogue: "));
            }
        }
    }

    /// A transcript written as one very long line is cleaned in pieces
    /// and segmented as the one cue it is: the same subtitles, report and
    /// summary as the file read whole; and so is one that must reach the
    /// segmenter whole (a sound description, a tag).
    #[test]
    fn a_very_long_line_segments_in_pieces_as_whole() {
        let dir = tempfile::tempdir().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dict = root.join("dictionaries/messages-a-caractere-informatique.toml");
        let dict = dict.to_str().unwrap();
        let seed = std::fs::read_to_string(root.join("fixtures/mci-2025-02-07.txt")).unwrap();
        let words = seed.split_whitespace().collect::<Vec<_>>().join(" ");
        let line = [words.as_str(); 6].join(" ");
        let report = dir.path().join("report.jsonl");
        let report = report.to_str().unwrap();
        for (k, text) in [
            format!("Bonjour à tous.\n\n{line}\nÀ la semaine prochaine.\n"),
            format!("Bonjour.\n♪ {line} ♪\nFin.\n"),
            format!("{line} <i>fin</i>\n"),
        ]
        .iter()
        .enumerate()
        {
            let file = dir.path().join(format!("line{k}.txt"));
            std::fs::write(&file, text).unwrap();
            let file = file.to_str().unwrap();
            for options in [
                &["-d", dict, "--stats", "--report", report][..],
                &["--max-lines", "1"],
            ] {
                streams_as_whole(file, options, report);
            }
        }
    }

    /// What only the whole file can give does not stream: the caller
    /// reads it whole.
    #[test]
    fn what_needs_the_whole_file_is_handed_back() {
        let dir = tempfile::tempdir().unwrap();
        let [txt, srt] = long_files(dir.path());
        let (txt, srt) = (txt.to_str().unwrap(), srt.to_str().unwrap());
        for list in [
            &[srt, "--karaoke"][..],
            &[txt, "--duration", "01:00:00"],
            &[srt, "--start", "00:00:05"],
            &[srt, "--speakers", "dash"],
        ] {
            assert_eq!(run_with(&args(list), Some(4096)).0, None, "{list:?}");
        }
        // A cue marking a highlighted word, late in the file.
        let mut text = std::fs::read_to_string(srt).unwrap();
        text.push_str("99999\n99:00:00,000 --> 99:00:01,000\n<u>Bonjour</u> à tous\n\n");
        std::fs::write(srt, text).unwrap();
        assert_eq!(run_with(&args(&[srt]), Some(4096)).0, None);
        assert_eq!(run_with(&args(&[txt]), Some(4096)).0, Some(Status::Success));
        // A cue said over another speaker's turn, late in the file: the
        // turn is cut around it, which windows cannot do.
        let [_, srt] = long_files(dir.path());
        let srt = srt.to_str().unwrap();
        assert_eq!(run_with(&args(&[srt]), Some(4096)).0, Some(Status::Success));
        let mut text = std::fs::read_to_string(srt).unwrap();
        text.push_str(
            "99998\n98:00:00,000 --> 98:00:10,000\n[Alice]: Une phrase dite en dix secondes.\n\n\
             99999\n98:00:02,000 --> 98:00:02,500\n[Bob]: Oui.\n\n",
        );
        std::fs::write(srt, text).unwrap();
        assert_eq!(run_with(&args(&[srt]), Some(4096)).0, None);
    }

    /// Plain text written to a file is not read through first: a surprise
    /// late in it (a byte that is not UTF-8, past the first block read)
    /// hands the run back with the staged output thrown away, the file
    /// there untouched and no temporary file left; a file without one
    /// streams into the output the whole reading prints. For stdout it
    /// still is.
    #[test]
    fn plain_text_to_a_file_hands_back_a_late_surprise_untouched() {
        let dir = tempfile::tempdir().unwrap();
        // Longer than a block of reading: the surprise comes after
        // windows of the first block were cleaned and segmented.
        let [txt, _] = seed_files(dir.path(), 20);
        let out = dir.path().join("out.srt");
        let (txt, out_name) = (txt.to_str().unwrap(), out.to_str().unwrap());
        let whole = run_with(&args(&[txt]), None);
        assert_eq!(
            run_with(&args(&[txt, "-o", out_name]), Some(4096)).0,
            Some(Status::Success)
        );
        assert_eq!(std::fs::read(&out).unwrap(), whole.1);
        std::fs::write(&out, "kept\n").unwrap();
        let mut bytes = std::fs::read(txt).unwrap();
        assert!(bytes.len() > super::super::windows::BLOCK_BYTES);
        bytes.extend_from_slice(b"Une ligne de plus \xff.\n");
        std::fs::write(txt, bytes).unwrap();
        assert_eq!(run_with(&args(&[txt, "-o", out_name]), Some(4096)).0, None);
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "kept\n");
        // Stdout cannot take back what it printed: read through first, the
        // file is handed back before a byte is printed.
        let printed = run_with(&args(&[txt]), Some(4096));
        assert_eq!((printed.0, printed.1.len()), (None, 0));
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["long.srt", "long.txt", "out.srt"]);
    }

    /// Stdout as a test sees it: each write, and what a write may do to
    /// the input (`spoil`: bytes appended to it at the first write).
    #[derive(Default)]
    struct Watched {
        bytes: Vec<u8>,
        writes: usize,
        spoil: Option<(PathBuf, Vec<u8>)>,
    }

    impl Write for Watched {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.writes += 1;
            if let Some((path, bytes)) = self.spoil.take() {
                let mut file = std::fs::OpenOptions::new().append(true).open(path)?;
                file.write_all(&bytes)?;
            }
            self.bytes.extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn run_watched(
        args: &SubtitlesArgs,
        hold: usize,
        stdout: &mut Watched,
    ) -> Result<Option<Status>> {
        let (mut stdin, mut stderr) = (std::io::empty(), Vec::new());
        let mut streams = Streams {
            stdin: &mut stdin,
            stdout,
            stderr: &mut stderr,
        };
        run_in(args, &mut streams, 4096, hold)
    }

    /// Past the hold, subtitles for stdout are printed as they come, not
    /// once at the end; short of it, once, after the last. Either way
    /// they are the whole file's.
    #[test]
    fn subtitles_for_stdout_are_printed_as_they_come_past_the_hold() {
        let dir = tempfile::tempdir().unwrap();
        for file in long_files(dir.path()) {
            let args = args(&[file.to_str().unwrap()]);
            let whole = run_with(&args, None).1;
            let mut printed = Watched::default();
            let status = run_watched(&args, 0, &mut printed).unwrap();
            assert_eq!(status, Some(Status::Success));
            assert!(printed.bytes == whole, "{file:?}");
            assert!(printed.writes > 10, "{file:?}: {} writes", printed.writes);
            let mut held = Watched::default();
            let status = run_watched(&args, usize::MAX, &mut held).unwrap();
            assert_eq!(status, Some(Status::Success));
            assert!(held.bytes == whole, "{file:?}");
            assert_eq!(held.writes, 1, "{file:?}");
        }
    }

    /// A report that could not be written is refused before any subtitle
    /// is printed, though they are printed as they come.
    #[test]
    fn a_report_in_no_folder_is_refused_before_printing() {
        let dir = tempfile::tempdir().unwrap();
        let report = dir.path().join("nowhere/r.jsonl");
        for file in long_files(dir.path()) {
            let args = args(&[file.to_str().unwrap(), "--report", report.to_str().unwrap()]);
            let mut printed = Watched::default();
            let error = run_watched(&args, 0, &mut printed).unwrap_err().to_string();
            assert!(error.ends_with("the folder does not exist"), "{error}");
            assert!(printed.bytes.is_empty());
        }
    }

    /// Stdout that takes nothing, as /dev/full.
    struct Full;

    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::from_raw_os_error(28))
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Stdout that cannot be written to is said to be so, as the whole
    /// file's run says it, not blamed on the input.
    #[test]
    fn a_full_stdout_is_a_failure_to_print() {
        let dir = tempfile::tempdir().unwrap();
        let [_, srt] = long_files(dir.path());
        let (mut stdin, mut stderr) = (std::io::empty(), Vec::new());
        let mut streams = Streams {
            stdin: &mut stdin,
            stdout: &mut Full,
            stderr: &mut stderr,
        };
        let args = args(&[srt.to_str().unwrap()]);
        let error = run_in(&args, &mut streams, 4096, 0).unwrap_err();
        assert_eq!(error.to_string(), "cannot print: no space left on device");
    }

    /// A run may be handed back to the usual reading while stdout is
    /// held, and what was held is never printed; not once some is.
    #[test]
    fn held_stdout_is_handed_back_only_before_it_is_printed() {
        let mut out = Vec::new();
        let mut held = Held::new(&mut out, Path::new("-"), 100);
        held.write_all(&[b'a'; 60]).unwrap();
        held.write_all(&[b'b'; 40]).unwrap();
        held.hand_back(Path::new("a.srt")).unwrap();
        assert!(out.is_empty());
        let mut held = Held::new(&mut out, Path::new("-"), 100);
        held.write_all(&[b'a'; 60]).unwrap();
        held.write_all(&[b'b'; 41]).unwrap();
        let error = held.hand_back(Path::new("a.srt")).unwrap_err().to_string();
        assert!(
            error.starts_with("a.srt: ") && error.contains("incomplete"),
            "{error}"
        );
        assert_eq!(out.len(), 101);
    }

    /// A file that stops reading as it did (a byte that is not UTF-8
    /// added while it is read) after some subtitles were printed fails,
    /// saying stdout is incomplete.
    #[test]
    fn a_run_handed_back_after_printing_fails() {
        let dir = tempfile::tempdir().unwrap();
        // Longer than a block of the reading (1 MB), so that the end of
        // the file is read after the first subtitles are printed.
        let [_, srt] = seed_files(dir.path(), 20);
        assert!(std::fs::metadata(&srt).unwrap().len() > 3 << 20 >> 1);
        let args = args(&[srt.to_str().unwrap()]);
        let spoil = |file: &Path| Watched {
            spoil: Some((file.to_path_buf(), b"\xff".to_vec())),
            ..Watched::default()
        };
        let mut printed = spoil(&srt);
        let error = run_watched(&args, 0, &mut printed).unwrap_err().to_string();
        assert!(error.contains("stdout is incomplete"), "{error}");
        assert!(!printed.bytes.is_empty());
    }
}
