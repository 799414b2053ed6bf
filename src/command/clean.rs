//! `transcrub clean`: read, clean, write, report. Every input is read,
//! cleaned and rendered, and every output (the report included) staged
//! beside its target, before anything is written; so an error in any
//! input, dictionary or output path leaves every file as it was.

use std::path::{Path, PathBuf};

use crate::change::{Change, Summary};
use crate::clean::{Cleaner, Decisions, Passes};
use crate::cli::CleanArgs;
use crate::encoding::AsRead;
use crate::error::{Error, ErrorKind, Result};
use crate::format::Format;
use crate::output::{Locked, Plan};
use crate::report;
use crate::speaker::SpeakerStyle;
use crate::write::{self, Output};

use super::input::{self, Input, Source};
use super::{Status, Streams};

/// One input, cleaned and rendered, not yet written.
struct Job {
    source: Source,
    input: String,
    output: String,
    output_format: Output,
    changes: Vec<Change>,
    warnings: Vec<Error>,
    lock: Option<Locked>,
    /// The output as a file's bytes, when they are not its text's UTF-8:
    /// written in its input's format, it keeps the input's encoding and
    /// byte-order mark (diffs and checks compare the text).
    encoded: Option<(AsRead, Vec<u8>)>,
}

/// Runs `transcrub clean`.
pub fn run(args: &CleanArgs, streams: &mut Streams) -> Result<Status> {
    if args.jsonl {
        return super::jsonl::run(args, streams);
    }
    if let Some(status) = super::clean_stream::run(args, streams)? {
        return Ok(status);
    }
    let sources = sources(args)?;
    let decisions = match &args.decisions {
        Some(path) if sources.len() > 1 => {
            return Err(
                Error::usage("--decisions holds one review's verdicts: give one input")
                    .in_file(path),
            );
        }
        Some(path) => {
            let text = crate::encoding::read_utf8(path, crate::error::ErrorKind::Usage)?;
            super::review::read_decisions(&text, path)?
        }
        None => Decisions::new(),
    };
    let writes = !(args.diff || args.check || args.dry_run);
    let prepared = input::prepare(&args.cleaning, sources, streams, writes && args.in_place)?;
    let cleaner = prepared.cleaner;
    let io_err = crate::error::cannot_print;
    if !args.quiet {
        input::warn_without_lexicon(cleaner, streams.stderr).map_err(io_err)?;
    }
    // Files are cleaned at once, one per core unless `-j` says: a
    // pre-commit hook or a CI job hands over hundreds of small ones. The
    // first error in the order of the files is the one reported, as one
    // at a time.
    let workers = args.jobs.map_or_else(crate::parallel::cores, usize::from);
    let jobs = crate::parallel::map_in_order(prepared.inputs, workers, |input| {
        finish(input, args, cleaner, &decisions)
    })
    .into_iter()
    .collect::<Result<Vec<Job>>>()?;

    let would_change = jobs.iter().any(|j| j.output != j.input);
    let mut plan = Plan::new();
    input::protect_read_files(&mut plan, &args.cleaning, prepared.config.as_ref());
    for job in &jobs {
        if let Source::File(path) = &job.source {
            plan.reads(path, format!("the input {}", path.display()));
        }
    }
    let mut created_dir = None;
    if args.dry_run {
        let mut list = Vec::new();
        for job in &jobs {
            report::write_list(&mut list, &job.source.name(), &job.changes).map_err(io_err)?;
        }
        plan.stage(Path::new("-"), "the list of changes", list, None)?;
    } else if args.diff {
        let mut diffs = String::new();
        for job in &jobs {
            let name = job.source.name();
            let diff = report::unified_diff(
                &job.input,
                &job.output,
                &format!("a/{name}"),
                &format!("b/{name}"),
            );
            if !diff.is_empty() {
                // Fuzzy changes are guesses: marked before the file's
                // diff, where patch and git apply skip text.
                diffs.push_str(&report::fuzzy_marks(&job.changes));
            }
            diffs.push_str(&diff);
        }
        plan.stage(Path::new("-"), "the diff", diffs.into_bytes(), None)?;
    } else if writes {
        created_dir = make_out_dir(args)?;
        if let Err(e) = stage_outputs(&mut plan, &jobs, args) {
            drop(plan);
            remove_created(created_dir);
            return Err(e);
        }
    }
    if let Some(path) = &args.report {
        let mut buf = Vec::new();
        for job in &jobs {
            report::write_jsonl(&mut buf, &job.source.name(), &job.changes).map_err(io_err)?;
        }
        if let Err(e) = plan.stage(path, "the report", buf, None) {
            drop(plan);
            remove_created(created_dir);
            return Err(e);
        }
    }
    // What reading warned of, once every output is staged: an output
    // refused is said alone, as a long file read in windows says it
    // before reading (clean_stream.rs).
    if !args.quiet {
        for job in &jobs {
            input::print_warnings(&job.source.name(), &job.warnings, streams.stderr)
                .map_err(io_err)?;
        }
    }
    let notes = plan.commit(streams.stdout)?;
    // What went to stdout comes before the summary, on a terminal too.
    streams.stdout.flush().map_err(io_err)?;
    if !args.quiet {
        input::print_notes(&notes, streams.stderr).map_err(io_err)?;
        for job in &jobs {
            let mut line = format!("{}: {}", job.source.name(), Summary::of(&job.changes));
            if job.changes.is_empty() && job.output != job.input {
                line.push_str(" (reformatted)");
            }
            writeln!(streams.stderr, "{line}").map_err(io_err)?;
        }
    }
    // --check and --diff say "something would change" the same way.
    Ok(if (args.check || args.diff) && would_change {
        Status::WouldChange
    } else {
        Status::Success
    })
}

fn sources(args: &CleanArgs) -> Result<Vec<Source>> {
    let sources: Vec<Source> = if args.inputs.is_empty() {
        vec![input::implicit_stdin("clean")?]
    } else {
        args.inputs.iter().map(|p| Source::from_arg(p)).collect()
    };
    let writes = !(args.diff || args.check || args.dry_run);
    if sources.len() > 1 && writes && !args.in_place && args.out_dir.is_none() {
        return Err(Error::usage(format!(
            "{} inputs need --in-place or --out-dir (or --diff, --check, --dry-run)",
            sources.len()
        )));
    }
    if args.in_place && sources.iter().any(|s| matches!(s, Source::Stdin)) {
        return Err(Error::usage("--in-place needs input files, not stdin"));
    }
    // `--in-place /dev/fd/3` after `3>> log` would add the cleaned text
    // after the text it was cleaned from.
    if args.in_place
        && let Some(Source::File(path)) = sources
            .iter()
            .find(|s| matches!(s, Source::File(p) if crate::output::names_descriptor(p)))
    {
        return Err(Error::new(
            crate::error::ErrorKind::Usage,
            "expected a file to rewrite in place, found a descriptor",
        )
        .in_file(path));
    }
    if sources
        .iter()
        .filter(|s| matches!(s, Source::Stdin))
        .count()
        > 1
    {
        return Err(Error::usage("stdin (-) can be read only once"));
    }
    Ok(sources)
}

fn finish(input: Input, args: &CleanArgs, cleaner: &Cleaner, decisions: &Decisions) -> Result<Job> {
    let Input {
        source,
        path,
        text,
        format,
        reading,
        mut warnings,
        lock,
        as_read,
        ..
    } = input;
    let output_format = args.to.unwrap_or(Output::from(format));
    if args.in_place && !keeps_format(format, output_format) {
        return Err(Error::usage(format!(
            "--in-place keeps each file's format: this is {}, and --to {} would {}; write it elsewhere with -o or --out-dir",
            format.name(),
            output_format.name(),
            if format.is_timed() && !output_format.is_timed() {
                "drop its timings"
            } else {
                "leave a file its extension misnames"
            }
        ))
        .in_file(&path));
    }
    let mut cleaned = cleaner.clean_deciding(reading.transcript, Passes::ALL, decisions);
    let speakers = args
        .speakers
        .unwrap_or_else(|| SpeakerStyle::keeping(format, output_format));
    crate::speaker::label(&mut cleaned.transcript, output_format, speakers);
    let output = write::render(&cleaned.transcript, output_format, &cleaned.changes)
        .map_err(|e| e.in_file(&path))?;
    // Only a run that writes encodes (and may say it could not).
    let writes = !(args.diff || args.check || args.dry_run);
    let as_read =
        (writes && Output::from(format) == output_format && !args.utf8).then_some(as_read);
    let encoded = as_read.filter(|&a| a != AsRead::UTF8).and_then(|as_read| {
        match crate::encoding::encode(&output, as_read) {
            Ok(bytes) => Some((as_read, bytes)),
            Err(c) => {
                let said = crate::encoding::written_as_utf8(as_read, c);
                warnings.push(Error::new(ErrorKind::Parse, said).in_file(&path));
                None
            }
        }
    });
    Ok(Job {
        source,
        input: text,
        output,
        output_format,
        changes: cleaned.changes,
        warnings,
        lock,
        encoded,
    })
}

/// Whether `target` is stdout, and stdout a terminal.
fn is_terminal_stdout(target: &Path) -> bool {
    use std::io::IsTerminal;
    target.as_os_str() == "-" && std::io::stdout().is_terminal()
}

/// Whether writing `output` over a file read as `format` keeps its format.
fn keeps_format(format: Format, output: Output) -> bool {
    Output::from(format) == output
}

/// `--out-dir` is created when missing, as `mkdir -p` would; returns the
/// folder if this run created it, to remove it again if the run fails.
pub(super) fn make_out_dir(args: &CleanArgs) -> Result<Option<PathBuf>> {
    let Some(dir) = &args.out_dir else {
        return Ok(None);
    };
    if dir.is_dir() {
        return Ok(None);
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
    Ok(Some(dir.clone()))
}

pub(super) fn remove_created(dir: Option<PathBuf>) {
    if let Some(dir) = dir {
        let _ = std::fs::remove_dir(dir);
    }
}

/// Where the output of `source` goes: -o, the input itself, a file in
/// --out-dir, or stdout (`-`).
pub(super) fn target_of(args: &CleanArgs, source: &Source, output_format: Output) -> PathBuf {
    if let Some(out) = &args.output {
        out.clone()
    } else if args.in_place {
        match source {
            Source::File(p) => p.clone(),
            Source::Stdin => PathBuf::from("-"),
        }
    } else if let Some(dir) = &args.out_dir {
        let stem = match source {
            Source::File(p) => p
                .file_stem()
                .map(|s| s.to_os_string())
                .unwrap_or_else(|| "stdin".into()),
            Source::Stdin => "stdin".into(),
        };
        let mut file = stem;
        file.push(".");
        file.push(extension(output_format));
        dir.join(file)
    } else {
        PathBuf::from("-")
    }
}

fn stage_outputs(plan: &mut Plan, jobs: &[Job], args: &CleanArgs) -> Result<()> {
    for job in jobs {
        let name = job.source.name();
        let target = target_of(args, &job.source, job.output_format);
        plan.stage(
            &target,
            &format!("the output of {name}"),
            match &job.encoded {
                // A terminal reads UTF-8: another encoding would show
                // as noise there, and the text is the same.
                Some((as_read, _)) if !as_read.is_utf8() && is_terminal_stdout(&target) => {
                    job.output.clone().into_bytes()
                }
                Some((_, bytes)) => bytes.clone(),
                None => job.output.clone().into_bytes(),
            },
            job.lock.as_ref().filter(|_| args.in_place),
        )?;
    }
    Ok(())
}

fn extension(output: Output) -> &'static str {
    match output {
        Output::Txt => "txt",
        Output::Srt => "srt",
        Output::Vtt => "vtt",
        Output::Tsv => "tsv",
        Output::Console | Output::Otter => "txt",
        Output::Sbv => "sbv",
        Output::Ttml => "ttml",
        Output::Ass => "ass",
        Output::Srv3 => "srv3",
        Output::Json | Output::Model => "json",
    }
}
