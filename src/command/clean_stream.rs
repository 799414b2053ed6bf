//! `transcrub clean` on one long plain-text file, a window at a time: the
//! file is read in blocks, each window is cleaned as soon as a cut after
//! it is found (src/clean/windows.rs) and written to the staged output,
//! so memory holds about one window whatever the file's size. The output
//! is the same, byte for byte, as cleaning the file whole; the report and
//! the summary too.
//!
//! Only what needs nothing of the whole file streams: one file named on
//! the command line, read as plain text and written as plain text, in
//! UTF-8 without a byte-order mark, NUL or lone carriage return, not
//! rewritten in place, without --diff, --check or --dry-run. Anything
//! else, or a surprise found on the way (a byte that is not UTF-8 in the
//! middle of the file), and the run starts again the usual way: nothing
//! staged so far is kept.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Mutex, mpsc};

use crate::change::Summary;
use crate::clean::{Cleaned, Cleaner, Passes, TxtWindows, Window};
use crate::cli::CleanArgs;
use crate::error::{Error, Result};
use crate::format::Format;
use crate::output::Plan;
use crate::report;
use crate::write::{self, Output};

use super::input::{self, Source};
use super::{Status, Streams};

/// Bytes per window, unless `TRANSCRUB_WINDOW_BYTES` says otherwise (the
/// tests make it small); files no longer than one window are read whole.
/// A window of text becomes ten to twenty times its size in cues and
/// changes while it is cleaned, and each worker has one and two waiting:
/// 256 KB keeps that near 20 MB at no cost in speed (1 MB was no faster,
/// 64 KB slower).
const WINDOW_BYTES: usize = 256 << 10;
/// Bytes read at a time.
const BLOCK_BYTES: usize = 1 << 20;

/// Cleans the run's one input a window at a time, if it can be; `None`
/// means the caller cleans it the usual way.
pub fn run(args: &CleanArgs, streams: &mut Streams) -> Result<Option<Status>> {
    let window = window_bytes();
    let Some(path) = streamable(args, window) else {
        return Ok(None);
    };
    let config = input::config(&args.cleaning)?;
    let cleaner = input::kept(input::cleaner(&args.cleaning, config.as_ref(), 0)?);
    let io_err = crate::error::cannot_print;
    // Said once the run is sure to stream: a run that starts again whole
    // says it itself.
    let warn = |stderr: &mut dyn std::io::Write| {
        if args.quiet {
            return Ok(());
        }
        input::warn_without_lexicon(cleaner, stderr).map_err(io_err)
    };
    let source = Source::File(path.to_path_buf());
    let name = source.name();
    let created_dir = super::clean::make_out_dir(args)?;
    let target = super::clean::target_of(args, &source, Output::Txt);
    let run = Run {
        args,
        path,
        target: &target,
        name: &name,
        cleaner,
        window,
    };
    let (plan, streamed) = match run.stage(config.as_ref(), streams, &warn) {
        Ok(Some(staged)) => staged,
        // An error, or something only the whole file can be read for
        // (then the caller starts again): nothing staged is kept.
        other => {
            super::clean::remove_created(created_dir);
            return other.map(|_| None);
        }
    };
    let notes = plan.commit(streams.stdout)?;
    streams.stdout.flush().map_err(io_err)?;
    if !args.quiet {
        input::print_notes(&notes, streams.stderr).map_err(io_err)?;
        let mut line = format!("{name}: {}", streamed.summary);
        if !streamed.changed && streamed.reformatted {
            line.push_str(" (reformatted)");
        }
        writeln!(streams.stderr, "{line}").map_err(io_err)?;
    }
    Ok(Some(Status::Success))
}

/// One streaming run: what `stage` needs of `run`.
struct Run<'a> {
    args: &'a CleanArgs,
    path: &'a Path,
    target: &'a Path,
    name: &'a str,
    cleaner: &'a Cleaner,
    window: usize,
}

impl Run<'_> {
    /// Cleans the windows into the output (staged, or stdout) and stages
    /// the report; `None` if the file must be read whole after all.
    fn stage(
        &self,
        config: Option<&crate::config::Config>,
        streams: &mut Streams,
        warn: &dyn Fn(&mut dyn std::io::Write) -> Result<()>,
    ) -> Result<Option<(Plan, Streamed)>> {
        let Run {
            args,
            path,
            target,
            name,
            cleaner,
            window,
        } = *self;
        let mut plan = Plan::new();
        input::protect_read_files(&mut plan, &args.cleaning, config);
        plan.reads(path, format!("the input {}", path.display()));
        let with_report = args.report.is_some();
        let streamed = if target.as_os_str() == "-" {
            // Stdout is written as windows are cleaned, not held: so the
            // file is read once first, to be sure no window will have to
            // be taken back, and the report's path is checked before
            // anything goes out.
            if let Some(report) = &args.report {
                plan.check_output(report, "the report")?;
            }
            if read_text(path, &mut |_| {})?.is_none() {
                return Ok(None);
            }
            warn(streams.stderr)?;
            let mut out = std::io::BufWriter::with_capacity(1 << 16, &mut *streams.stdout);
            let streamed = clean_windows(path, target, cleaner, window, &mut out, with_report)?;
            out.flush().map_err(crate::error::cannot_print)?;
            let Some(streamed) = streamed else {
                return Err(Error::new(
                    crate::error::ErrorKind::Io,
                    "changed while transcrub was reading it; what was written to stdout is incomplete",
                )
                .in_file(path));
            };
            streamed
        } else {
            let staged = plan.stage_streamed(target, &format!("the output of {name}"), |out| {
                clean_windows(path, target, cleaner, window, out, with_report)
            })?;
            let Some(streamed) = staged else {
                return Ok(None);
            };
            warn(streams.stderr)?;
            streamed
        };
        let mut streamed = streamed;
        if let Some(report) = &args.report {
            let lines = std::mem::take(&mut streamed.report);
            plan.stage(report, "the report", lines, None)?;
        }
        Ok(Some((plan, streamed)))
    }
}

/// The window size: `TRANSCRUB_WINDOW_BYTES`, else 256 KB.
fn window_bytes() -> usize {
    std::env::var("TRANSCRUB_WINDOW_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n: &usize| n > 0)
        .unwrap_or(WINDOW_BYTES)
}

/// The input, if this run can stream it.
fn streamable(args: &CleanArgs, window: usize) -> Option<&Path> {
    let [path] = args.inputs.as_slice() else {
        return None;
    };
    let simple = !(args.diff || args.check || args.dry_run || args.in_place)
        && args.to.is_none_or(|to| to == Output::Txt)
        // Other styles write a dash when the speaker changes from the cue
        // before, which may be in the window before.
        && args.speakers == crate::speaker::SpeakerStyle::Native
        && path.as_os_str() != "-";
    let read_as_txt = match args.cleaning.from {
        Some(format) => format == Format::Txt,
        None => Format::from_extension(path) == Some(Format::Txt),
    };
    let long = std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() > window as u64);
    (simple && read_as_txt && long).then_some(path.as_path())
}

/// What streaming gathered besides the output.
struct Streamed {
    summary: Summary,
    /// Some window has a change (or a suggestion).
    changed: bool,
    /// Some window's output differs from its input though nothing changed
    /// (line ends, a final newline).
    reformatted: bool,
    /// The report's JSON Lines, when one is asked for.
    report: Vec<u8>,
}

/// Reads, cleans and writes the file a window at a time; `None` if it
/// turns out to need reading whole. Windows are cleaned on every core
/// while this thread reads and cuts the next ones and writes those done,
/// in order; at most two windows per worker are in flight.
fn clean_windows(
    path: &Path,
    target: &Path,
    cleaner: &Cleaner,
    window: usize,
    out: &mut dyn std::io::Write,
    with_report: bool,
) -> Result<Option<Streamed>> {
    let name = path.display().to_string();
    let mut sink = Sink {
        target,
        name: &name,
        out,
        with_report,
        streamed: Streamed {
            summary: Summary::default(),
            changed: false,
            reformatted: false,
            report: Vec::new(),
        },
        failure: None,
        done: BTreeMap::new(),
        next: 0,
    };
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    if workers > 1 {
        // The windows run side by side; each one's own halves need not.
        crate::parallel::single_threaded();
    }
    let (todo, jobs) = mpsc::sync_channel::<(usize, Window)>(workers);
    let jobs = Mutex::new(jobs);
    let (finished, results) = mpsc::channel::<(usize, Cleaned, String)>();
    let read = std::thread::scope(|scope| {
        for _ in 0..workers {
            let (jobs, finished) = (&jobs, finished.clone());
            scope.spawn(move || {
                loop {
                    let job = jobs.lock().unwrap_or_else(|e| e.into_inner()).recv();
                    let Ok((index, window)) = job else { break };
                    let cleaned = window.clean(cleaner, Passes::ALL);
                    if finished.send((index, cleaned, window.text)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(finished);
        let mut sent = 0;
        let mut send = |window: Window, sink: &mut Sink| {
            // A worker that panicked drops its end: the send fails and
            // the results below come up short.
            let _ = todo.send((sent, window));
            sent += 1;
            while let Ok(result) = results.try_recv() {
                sink.arrived(result);
            }
        };
        let read = read_windows(path, cleaner, window, &mut |w| send(w, &mut sink));
        let finished_reading = matches!(read, Ok(Some(())));
        drop(todo);
        if finished_reading {
            for result in results.iter() {
                sink.arrived(result);
            }
        }
        (read, sent)
    });
    match read {
        (Err(e), _) => Err(e),
        (Ok(None), _) => Ok(None),
        (Ok(Some(())), sent) => match sink.failure {
            Some(e) => Err(e),
            None if sink.next < sent => Err(Error::new(
                crate::error::ErrorKind::Io,
                "internal error: a window of the transcript could not be cleaned",
            )
            .in_file(path)),
            None => Ok(Some(sink.streamed)),
        },
    }
}

/// Reads the file in blocks and gives each window to `each`; `None` if
/// the file must be read whole after all.
fn read_windows(
    path: &Path,
    cleaner: &Cleaner,
    window: usize,
    each: &mut dyn FnMut(Window),
) -> Result<Option<()>> {
    let mut windows = TxtWindows::new(cleaner, Passes::ALL, window);
    if read_text(path, &mut |text| windows.push(text, each))?.is_none() {
        return Ok(None);
    }
    each(windows.finish());
    Ok(Some(()))
}

/// Reads the file in blocks of text, checking as it goes that it is what
/// the usual reading would keep as it is; `None` at the first thing that
/// is not (see the module comment).
fn read_text(path: &Path, each: &mut dyn FnMut(&str)) -> Result<Option<()>> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, &e))?;
    let mut block = vec![0u8; BLOCK_BYTES];
    // Bytes of a character cut by the end of the last block.
    let mut carry: Vec<u8> = Vec::new();
    let mut first = true;
    let mut ends_with_cr = false;
    loop {
        let n = read_some(&mut file, &mut block).map_err(|e| Error::io(path, &e))?;
        if n == 0 {
            break;
        }
        carry.extend_from_slice(&block[..n]);
        if first {
            first = false;
            // The usual reading asks whether the first 200 lines are a
            // console transcript's: this block must hold them all.
            let head = String::from_utf8_lossy(&carry);
            let lines = head.lines().filter(|l| !l.trim().is_empty()).count();
            if crate::encoding::has_bom(&carry)
                || lines <= 200
                || crate::read::looks_like_console(&head)
            {
                return Ok(None);
            }
        }
        let valid = match std::str::from_utf8(&carry) {
            Ok(text) => text.len(),
            // A character cut at the end of the block: the rest comes next.
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => return Ok(None),
        };
        let text = std::str::from_utf8(&carry[..valid]).expect("checked above");
        if !plain(text) {
            return Ok(None);
        }
        each(text);
        ends_with_cr = text.ends_with('\r');
        carry.drain(..valid);
    }
    // Bytes of a character never finished, or a carriage return alone at
    // the very end.
    if !carry.is_empty() || ends_with_cr {
        return Ok(None);
    }
    Ok(Some(()))
}

/// Where cleaned windows go, in order: the output, the report, the counts.
struct Sink<'a> {
    /// Where the output goes, for messages.
    target: &'a Path,
    name: &'a str,
    out: &'a mut dyn std::io::Write,
    with_report: bool,
    streamed: Streamed,
    /// The first error, reported once reading stops.
    failure: Option<Error>,
    /// Windows cleaned before some window ahead of them.
    done: BTreeMap<usize, (Cleaned, String)>,
    /// The index of the next window to write.
    next: usize,
}

impl Sink<'_> {
    /// A window cleaned by a worker: written with those after it that
    /// wait for it.
    fn arrived(&mut self, (index, cleaned, text): (usize, Cleaned, String)) {
        self.done.insert(index, (cleaned, text));
        while let Some((cleaned, text)) = self.done.remove(&self.next) {
            self.write(cleaned, &text);
            self.next += 1;
        }
    }

    fn write(&mut self, cleaned: Cleaned, input: &str) {
        if self.failure.is_some() {
            return;
        }
        self.streamed.summary += Summary::of(&cleaned.changes);
        self.streamed.changed |= !cleaned.changes.is_empty();
        let text = match write::render(&cleaned.transcript, Output::Txt, &cleaned.changes) {
            Ok(text) => text,
            Err(e) => {
                self.failure = Some(e);
                return;
            }
        };
        self.streamed.reformatted |= text != input;
        if let Err(e) = self.out.write_all(text.as_bytes()) {
            self.failure = Some(Error::io(self.target, &e));
            return;
        }
        if self.with_report
            && let Err(e) =
                report::write_jsonl(&mut self.streamed.report, self.name, &cleaned.changes)
        {
            self.failure = Some(crate::error::cannot_print(e));
        }
    }
}

/// Reads until `block` is full or the file ends.
fn read_some(file: &mut std::fs::File, block: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < block.len() {
        match file.read(&mut block[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Text the usual reading keeps as it is: no NUL (UTF-16 without a BOM
/// is recognised by them) and no carriage return but before a line feed
/// (a lone one is read as a line end, with a warning). A CR ending the
/// block is judged with the next one.
fn plain(text: &str) -> bool {
    let bytes = text.as_bytes();
    !bytes.contains(&0)
        && bytes
            .iter()
            .enumerate()
            .all(|(i, &b)| b != b'\r' || bytes.get(i + 1).is_none_or(|&n| n == b'\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(n: usize) -> String {
        (0..n)
            .map(|i| format!("Ligne {i} du transcript, avec quelques mots de plus.\n"))
            .collect()
    }

    fn stream(text: &[u8]) -> Option<Streamed> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("long.txt");
        std::fs::write(&path, text).unwrap();
        let cleaner = crate::clean::Cleaner::new(crate::dict::Dictionary::default()).unwrap();
        let mut out = Vec::new();
        let streamed =
            clean_windows(&path, Path::new("-"), &cleaner, 1000, &mut out, true).unwrap();
        if streamed.is_some() && !text.contains(&b'\r') {
            assert!(out == text, "nothing to clean in these lines");
        }
        streamed
    }

    #[test]
    fn plain_utf8_lines_stream() {
        let streamed = stream(lines(3000).as_bytes()).expect("streamed");
        assert!(!streamed.changed && !streamed.reformatted);
    }

    #[test]
    fn what_only_the_whole_file_can_be_read_for_does_not_stream() {
        let text = lines(30_000);
        let late = text.len() - 100;
        let mut bad = text.clone().into_bytes();
        bad[late] = 0xFF;
        assert!(stream(&bad).is_none(), "not UTF-8 after the first block");
        assert!(
            stream(format!("\u{feff}{text}").as_bytes()).is_none(),
            "BOM"
        );
        assert!(
            stream(format!("{text}fin\r").as_bytes()).is_none(),
            "lone CR at the end"
        );
        let mut lone_cr = text.clone();
        lone_cr.insert(late, '\r');
        assert!(stream(lone_cr.as_bytes()).is_none(), "lone CR");
        assert!(stream(format!("{text}\0").as_bytes()).is_none(), "NUL");
        assert!(
            stream(lines(150).as_bytes()).is_none(),
            "fewer than 200 lines in the first block"
        );
        assert!(
            stream(format!("{text}\r\n").as_bytes()).is_some(),
            "CRLF is fine"
        );
    }
}
