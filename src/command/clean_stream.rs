//! `transcrub clean` on one long plain-text, SRT or Whisper TSV file, a
//! window at a time: the file is read in blocks, each window is cleaned as
//! soon as a cut after it is found (src/clean/windows.rs, timed_windows.rs)
//! and written to the staged output, so memory holds about one window
//! whatever the file's size. The output is the same, byte for byte, as
//! cleaning the file whole; the report and the summary too. A timed file
//! is read once first for what the artifact pass must know of all of it
//! (src/clean/facts.rs), and to be sure every piece of it reads without
//! repairs.
//!
//! Only what needs nothing more of the whole file streams: one file named
//! on the command line, written in its own format, in UTF-8 (its
//! byte-order mark, if any, written back) without NUL or lone carriage
//! return, not rewritten in place, without --diff, --check or --dry-run.
//! (With --fuzzy, windows are cut only where a sentence ends:
//! src/clean/windows.rs.) Anything else, or a surprise found on the way
//! (a byte that is not UTF-8 in the middle of the file, an SRT block the
//! reader would repair), and the run starts again the usual way: nothing
//! staged so far is kept.

use std::io::Write;
use std::path::Path;

use crate::change::Summary;
use crate::clean::{Cleaned, Cleaner, Facts, LineFixes, Window};
use crate::cli::CleanArgs;
use crate::error::{Error, Result};
use crate::format::Format;
use crate::output::Plan;
use crate::read::pieces;
use crate::report;
use crate::write::{self, Before, Output};

use super::input::{self, Source};
use super::line_pieces::PieceCheck;
use super::windows::{File, window_bytes};
use super::{Status, Streams};

/// Cleans the run's one input a window at a time, if it can be; `None`
/// means the caller cleans it the usual way.
pub fn run(args: &CleanArgs, streams: &mut Streams) -> Result<Option<Status>> {
    let window = window_bytes();
    let Some((path, format)) = streamable(args, window) else {
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
    let target = super::clean::target_of(args, &source, Output::from(format));
    let Some(target) = crate::output::streamed_to(&target, path) else {
        return Ok(None);
    };
    let run = Run {
        args,
        path,
        format,
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
    format: Format,
    target: &'a Path,
    name: &'a str,
    cleaner: &'a Cleaner,
    window: usize,
}

impl Run<'_> {
    /// Cleans the windows into the output (staged, or written as it goes)
    /// and stages the report; `None` if the file must be read whole after
    /// all.
    fn stage(
        &self,
        config: Option<&crate::config::Config>,
        streams: &mut Streams,
        warn: &dyn Fn(&mut dyn std::io::Write) -> Result<()>,
    ) -> Result<Option<(Plan, Streamed)>> {
        let Run {
            args,
            path,
            format,
            target,
            name,
            cleaner,
            window,
        } = *self;
        let mut plan = Plan::new();
        input::protect_read_files(&mut plan, &args.cleaning, config);
        plan.reads(path, format!("the input {}", path.display()));
        // Stdout, a device or a FIFO is written as windows are cleaned,
        // not held: claimed before anything is written (the report may
        // not go there too).
        let passage = plan.claim_passage(target, &format!("the output of {name}"))?;
        // Without a report, a line's whitespace fix shows only as a count.
        // With one, a cut line whose report would not be the whole line's
        // means reading the file whole again, which an output already
        // written cannot: there, lines are not cut.
        let fixes = match (&args.report, passage.is_some()) {
            (None, _) => Some(LineFixes::Counted),
            (Some(_), false) => Some(LineFixes::Reported),
            (Some(_), true) => None,
        };
        let mut file = File::open(path, format, cleaner, window)?;
        // `--utf8` writes no byte-order mark.
        file.bom &= !args.utf8;
        if let Some(fixes) = fixes {
            file = file.splitting_lines(fixes);
        }
        let with_report = args.report.is_some();
        let streamed = if let Some(mut passage) = passage {
            // The file is read once first, to be sure no window will have
            // to be taken back, and the report's path is checked before
            // anything goes out.
            if let Some(report) = &args.report {
                plan.check_output(report, "the report")?;
            }
            let Some(facts) = file.facts()? else {
                return Ok(None);
            };
            warn(streams.stderr)?;
            let cannot_write = |e| crate::error::cannot_write(target, e);
            let mut out =
                std::io::BufWriter::with_capacity(1 << 16, passage.writer(streams.stdout));
            let streamed = write_windows(&file, &facts, target, &mut out, with_report, false)?;
            out.flush().map_err(cannot_write)?;
            drop(out);
            passage.finish().map_err(cannot_write)?;
            let Some(streamed) = streamed else {
                return Err(Error::new(
                    crate::error::ErrorKind::Io,
                    format!(
                        "changed while transcrub was reading it; what was written to {} is incomplete",
                        crate::error::place(target)
                    ),
                )
                .in_file(path));
            };
            streamed
        } else {
            // Plain text needs nothing of the whole file: a surprise late
            // in it only means the staged output is thrown away.
            let facts = if format == Format::Txt {
                Facts::default()
            } else {
                let Some(facts) = file.facts()? else {
                    return Ok(None);
                };
                facts
            };
            let staged = plan.stage_streamed(target, &format!("the output of {name}"), |out| {
                write_windows(&file, &facts, target, out, with_report, true)
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

/// The input and how it is read, if this run can stream it.
fn streamable(args: &CleanArgs, window: usize) -> Option<(&Path, Format)> {
    let [path] = args.inputs.as_slice() else {
        return None;
    };
    let format = args
        .cleaning
        .from
        .or_else(|| Format::from_extension(path))?;
    let simple = !(args.diff || args.check || args.dry_run || args.in_place)
        && args.to.is_none_or(|to| to == Output::from(format))
        // Other styles write a dash when the speaker changes from the cue
        // before, which may be in the window before.
        // (By default a file written in its own format names its
        // speakers as it did: nothing is added.)
        && args
            .speakers
            .is_none_or(|s| s == crate::speaker::SpeakerStyle::Native)
        // Verdicts name changes by their place in the whole input.
        && args.decisions.is_none()
        && path.as_os_str() != "-";
    let read_in_windows = format == Format::Txt || pieces::readable_in_pieces(format);
    let long = std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() > window as u64);
    (simple && read_in_windows && long).then_some((path.as_path(), format))
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

/// Cleans the file's windows into `out` (and the report); `None` if it
/// turns out to need reading whole. `staged`: `out` is staged, and can
/// be thrown away; else it is written as it goes (stdout, a device).
fn write_windows(
    file: &File,
    facts: &Facts,
    target: &Path,
    out: &mut dyn std::io::Write,
    with_report: bool,
    staged: bool,
) -> Result<Option<Streamed>> {
    let name = file.path.display().to_string();
    let output = Output::from(file.format);
    let pieces = PieceCheck::new(file.cleaner, with_report);
    let mut sink = Sink::new(target, &name, output, out, pieces);
    if file.bom {
        // As cleaning the file whole writes it: the mark, then the text.
        sink.out
            .write_all("\u{feff}".as_bytes())
            .map_err(|e| crate::error::cannot_write(target, e))?;
    }
    // Once the output failed, or the file must be read whole, the rest
    // of the reading is of no use: a FIFO's reader that left fails the run
    // now, not after cleaning the whole file.
    let read = file.clean_windows(facts, &mut |cleaned, window| {
        sink.write(cleaned, window);
        sink.failure.is_none() && !sink.piece_reported_whole
    })?;
    match (read, sink.failure) {
        (None, _) => Ok(None),
        (Some(()), Some(e)) => Err(e),
        // Staged output is thrown away and the file read whole; what
        // was written as it went cannot be taken back.
        (Some(()), None) if sink.piece_reported_whole && staged => Ok(None),
        (Some(()), None) if sink.piece_reported_whole => Err(Error::new(
            crate::error::ErrorKind::Io,
            format!(
                "a very long line could not be cleaned in pieces as it cleans whole; \
                 what was written to {} is incomplete: write the output to a file (-o), \
                 which reads the file whole in that case",
                crate::error::place(target)
            ),
        )
        .in_file(file.path)),
        (Some(()), None) => Ok(Some(sink.streamed)),
    }
}

/// Where cleaned windows go, in order: the output, the report, the counts.
struct Sink<'a> {
    /// Where the output goes, for messages.
    target: &'a Path,
    name: &'a str,
    output: Output,
    out: &'a mut dyn std::io::Write,
    streamed: Streamed,
    /// The first error, reported once reading stops.
    failure: Option<Error>,
    /// A window cut inside a line did not clean as its line does
    /// (line_pieces.rs).
    piece_reported_whole: bool,
    pieces: PieceCheck<'a>,
    /// What was written before the next window.
    before: Before,
}

impl<'a> Sink<'a> {
    /// Nothing written yet, to `out` (`target` names it in messages).
    fn new(
        target: &'a Path,
        name: &'a str,
        output: Output,
        out: &'a mut dyn std::io::Write,
        pieces: PieceCheck<'a>,
    ) -> Sink<'a> {
        Sink {
            target,
            name,
            output,
            out,
            streamed: Streamed {
                summary: Summary::default(),
                changed: false,
                reformatted: false,
                report: Vec::new(),
            },
            failure: None,
            piece_reported_whole: false,
            pieces,
            before: Before::default(),
        }
    }

    fn write(&mut self, cleaned: Option<Cleaned>, window: &Window) {
        if self.failure.is_some() || self.piece_reported_whole {
            return;
        }
        let input = window.text.as_str();
        let Some(cleaned) = cleaned else {
            // The first reading read every piece of the file.
            self.failure = Some(
                Error::new(
                    crate::error::ErrorKind::Io,
                    "internal error: a window of the transcript could not be read again",
                )
                .in_file(self.target),
            );
            return;
        };
        let Some(counted_already) = self.pieces.check(&cleaned, window) else {
            self.piece_reported_whole = true;
            return;
        };
        let mut summary = Summary::of(&cleaned.changes);
        summary.whitespace -= counted_already;
        self.streamed.summary += summary;
        self.streamed.changed |= !cleaned.changes.is_empty();
        let mut text = match write::render_window(
            &cleaned.transcript,
            self.output,
            &cleaned.changes,
            self.before,
        ) {
            Ok(text) => text,
            Err(e) => {
                self.failure = Some(e);
                return;
            }
        };
        if window.continues {
            // The line goes on in the next window, after this space.
            if text.pop() != Some('\n') {
                self.failure = Some(Error::new(
                    crate::error::ErrorKind::Io,
                    "internal error: a piece of a long line came out without its line",
                ));
                return;
            }
            // A file of CR LF lines: the line break is both.
            if text.ends_with('\r') {
                text.pop();
            }
            text.push(' ');
        }
        self.before.pass(&cleaned.transcript);
        self.streamed.reformatted |= text != input;
        if let Err(e) = self.out.write_all(text.as_bytes()) {
            self.failure = Some(crate::error::cannot_write(self.target, e));
            return;
        }
        if self.pieces.with_report()
            && let Err(e) =
                report::write_jsonl(&mut self.streamed.report, self.name, &cleaned.changes)
        {
            self.failure = Some(crate::error::cannot_print(e));
        }
    }
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
        let file = File {
            path: &path,
            format: Format::Txt,
            cleaner: &cleaner,
            window: 1000,
            bom: false,
            split_lines: None,
            keep_whole: None,
        };
        let streamed = write_windows(
            &file,
            &Facts::default(),
            Path::new("-"),
            &mut out,
            true,
            false,
        )
        .unwrap();
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
        let utf16_mark = [&b"\xFF\xFE"[..], text.as_bytes()].concat();
        assert!(stream(&utf16_mark).is_none(), "UTF-16's byte-order mark");
        assert!(
            stream(format!("{text}fin\r").as_bytes()).is_none(),
            "lone CR at the end"
        );
        let mut lone_cr = text.clone();
        lone_cr.insert(late, '\r');
        assert!(stream(lone_cr.as_bytes()).is_none(), "lone CR");
        assert!(stream(format!("{text}\0").as_bytes()).is_none(), "NUL");
        // The console check reads the first 200 lines as they come: a
        // file of fewer lines streams, unless they are a console's.
        let console: String = (0..150)
            .map(|i| {
                format!(
                    "[00:{:02}.000 --> 00:{:02}.500]  Ligne {i}.\n",
                    i % 60,
                    i % 60
                )
            })
            .collect();
        assert!(stream(console.as_bytes()).is_none(), "a console transcript");
        let late_console = format!("{}{console}", lines(100));
        assert!(
            stream(late_console.as_bytes()).is_none(),
            "a console's lines among the first 200"
        );
        // So is an Otter export's: its headers are no text.
        let otter: String = (0..1000)
            .map(|i| format!("Emma  {}:{:02}  \nLigne {i}.\n\n", i / 60, i % 60))
            .collect();
        assert!(stream(otter.as_bytes()).is_none(), "an Otter export");
        assert!(stream(lines(150).as_bytes()).is_some(), "150 lines");
        let one_line = format!("{}\n", lines(150).replace('\n', " ").trim_end());
        assert!(stream(one_line.as_bytes()).is_some(), "one line");
        assert!(
            stream(format!("{text}\r\n").as_bytes()).is_some(),
            "CRLF is fine"
        );
    }

    /// A line cut in two pieces, each with a doubled space, written
    /// through a sink as clean_windows gives them.
    fn pieces_through_sink(with_report: bool) -> (String, Summary, bool) {
        let cleaner = crate::clean::Cleaner::new(crate::dict::Dictionary::default()).unwrap();
        let piece = |text: &str, column: usize, continues: bool| Window {
            text: text.to_string(),
            first_line: 1,
            column,
            continues,
            format: Format::Txt,
            read: None,
        };
        let windows = [
            piece("un  deux ", 0, true),
            piece("trois  quatre\n", 8, false),
        ];
        let mut out = Vec::new();
        let pieces = PieceCheck::new(&cleaner, with_report);
        let mut sink = Sink::new(Path::new("-"), "t.txt", Output::Txt, &mut out, pieces);
        for mut window in windows {
            let cleaned = window.clean(&cleaner, crate::clean::Passes::ALL, &Facts::default());
            sink.write(cleaned, &window);
        }
        assert!(sink.failure.is_none());
        let (summary, whole) = (sink.streamed.summary, sink.piece_reported_whole);
        (String::from_utf8(out).unwrap(), summary, whole)
    }

    /// Whether a sink keeps a line cut after `first`, the rest of the
    /// window after the cut being `rest`, with a dictionary whose one
    /// `drop_lines` pattern takes "Signaler une erreur".
    fn kept_with_drop_rule(first: &str, rest: &str) -> bool {
        let dict = crate::dict::Dictionary::from_bytes(
            b"[artifacts]\ndrop_lines = [\"^Signaler une erreur$\"]\n",
            Path::new("d.toml"),
        )
        .unwrap();
        let cleaner = crate::clean::Cleaner::new(dict).unwrap();
        let windows = [
            Window {
                text: format!("{first} "),
                first_line: 1,
                column: 0,
                continues: true,
                format: Format::Txt,
                read: None,
            },
            Window {
                text: rest.to_string(),
                first_line: 1,
                column: first.len() + 1,
                continues: false,
                format: Format::Txt,
                read: None,
            },
        ];
        let mut out = Vec::new();
        let pieces = PieceCheck::new(&cleaner, false);
        let mut sink = Sink::new(Path::new("-"), "t.txt", Output::Txt, &mut out, pieces);
        for mut window in windows {
            let cleaned = window.clean(&cleaner, crate::clean::Passes::ALL, &Facts::default());
            sink.write(cleaned, &window);
        }
        assert!(sink.failure.is_none());
        !sink.piece_reported_whole
    }

    #[test]
    fn a_piece_a_pattern_could_take_or_that_is_gone_is_not_kept() {
        let rest = "et la suite de la ligne.\n";
        let first = "Voilà une première moitié de ligne";
        assert!(kept_with_drop_rule(first, rest));
        // Taken by the pattern, as a piece, not as the line.
        assert!(!kept_with_drop_rule("Signaler une erreur", rest));
        // Not taken, but as short as a line the pattern takes.
        assert!(!kept_with_drop_rule("Bonjour, voilà", rest));
        // Gone: a credit, and nothing else.
        assert!(!kept_with_drop_rule(
            "Sous-titres réalisés par la communauté d'Amara.org",
            rest
        ));
        // The line after it went: the line beyond stands next to a piece.
        let dropped = "et la suite de la ligne.\nSignaler une erreur\nEt après.\n";
        assert!(!kept_with_drop_rule(first, dropped));
        assert!(kept_with_drop_rule(
            first,
            "et la suite de la ligne.\n\nEt après.\n"
        ));
        // The line after it repeats the piece, or is a listed phrase.
        let repeated = "et la suite de la ligne.\nEt la suite de la ligne !\n";
        assert!(!kept_with_drop_rule(first, repeated));
        assert!(!kept_with_drop_rule(
            first,
            "et la suite de la ligne.\nMerci.\n"
        ));
    }

    #[test]
    fn a_cut_line_counts_one_whitespace_fix_and_cannot_report_it() {
        // Cleaned whole, the line has one fix: its text before and after.
        let (out, summary, whole) = pieces_through_sink(false);
        assert_eq!(out, "un deux trois quatre\n");
        assert_eq!(summary.whitespace, 1);
        assert!(!whole);
        // A report would name each piece: the run is not kept.
        let (_, _, whole) = pieces_through_sink(true);
        assert!(whole);
    }
}
