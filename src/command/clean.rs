//! `transcrub clean`: read, clean, write, report. Every input is read,
//! cleaned and rendered before anything is written, so an error in any
//! input leaves every file as it was.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::artifacts::Thresholds;
use crate::change::{Change, Summary};
use crate::clean::{Cleaner, Options};
use crate::cli::CleanArgs;
use crate::dict::Dictionary;
use crate::encoding;
use crate::error::{Error, ErrorKind, Result};
use crate::format::Format;
use crate::output::write_atomically;
use crate::read::{self, Mode};
use crate::report;
use crate::write::{self, Output};

use super::{Status, Streams};

/// Where the input came from.
enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".into(),
            Source::File(p) => p.display().to_string(),
        }
    }
}

/// One input, cleaned and rendered, not yet written.
struct Job {
    source: Source,
    input: String,
    output: String,
    output_format: Output,
    changes: Vec<Change>,
    warnings: Vec<Error>,
}

pub fn run(args: &CleanArgs, streams: &mut Streams) -> Result<Status> {
    let sources = sources(args)?;
    let input_bytes: u64 = sources
        .iter()
        .map(|s| match s {
            Source::File(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
            Source::Stdin => 0,
        })
        .sum();
    // The dictionary loads and its automaton builds on the other core while
    // the inputs are read and parsed; a dictionary error is reported first.
    let (cleaner, inputs) = std::thread::scope(|scope| {
        let builder = scope.spawn(|| {
            Dictionary::load(&args.dictionaries).and_then(|d| {
                let options = Options {
                    remove_artifacts: !args.keep_artifacts,
                    language: args.lang.clone(),
                    thresholds: Thresholds {
                        no_speech_prob: args.max_no_speech_prob,
                        avg_logprob: args.min_avg_logprob,
                        compression_ratio: args.max_compression_ratio,
                        gap_ms: args.suspect_gap_ms,
                    },
                    input_bytes,
                };
                Cleaner::with_options(d, options)
            })
        });
        let inputs: Result<Vec<Input>> = sources
            .into_iter()
            .map(|source| read_input(source, args, streams))
            .collect();
        (builder.join(), inputs)
    });
    let cleaner = cleaner.map_err(|_| {
        Error::new(
            ErrorKind::Dictionary,
            "internal error: the dictionary could not be built",
        )
    })??;
    let jobs = inputs?
        .into_iter()
        .map(|input| finish(input, args, &cleaner))
        .collect::<Result<Vec<Job>>>()?;

    let io_err = |e: std::io::Error| Error::new(ErrorKind::Io, format!("cannot print: {e}"));
    if !args.quiet {
        for job in &jobs {
            print_warnings(job, streams.stderr).map_err(io_err)?;
        }
    }
    let would_change = jobs.iter().any(|j| j.output != j.input);
    if args.dry_run {
        for job in &jobs {
            report::write_list(streams.stdout, &job.source.name(), &job.changes).map_err(io_err)?;
        }
    } else if args.diff {
        for job in &jobs {
            let name = job.source.name();
            let diff = report::unified_diff(
                &job.input,
                &job.output,
                &format!("a/{name}"),
                &format!("b/{name}"),
            );
            streams.stdout.write_all(diff.as_bytes()).map_err(io_err)?;
        }
    } else if !args.check {
        write_outputs(&jobs, args, streams)?;
    }
    if let Some(path) = &args.report {
        let mut buf = Vec::new();
        for job in &jobs {
            report::write_jsonl(&mut buf, &job.source.name(), &job.changes).map_err(io_err)?;
        }
        if path.as_os_str() == "-" {
            streams.stdout.write_all(&buf).map_err(io_err)?;
        } else {
            write_atomically(path, &buf)?;
        }
    }
    if !args.quiet {
        for job in &jobs {
            let mut line = format!("{}: {}", job.source.name(), Summary::of(&job.changes));
            if job.changes.is_empty() && job.output != job.input {
                line.push_str(" (reformatted)");
            }
            writeln!(streams.stderr, "{line}").map_err(io_err)?;
        }
    }
    Ok(if args.check && would_change {
        Status::WouldChange
    } else {
        Status::Success
    })
}

fn sources(args: &CleanArgs) -> Result<Vec<Source>> {
    let sources: Vec<Source> = if args.inputs.is_empty() {
        vec![Source::Stdin]
    } else {
        args.inputs
            .iter()
            .map(|p| {
                if p.as_os_str() == "-" {
                    Source::Stdin
                } else {
                    Source::File(p.clone())
                }
            })
            .collect()
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

/// One input, read and parsed, not yet cleaned.
struct Input {
    source: Source,
    path: PathBuf,
    text: String,
    format: Format,
    reading: read::Reading,
    warnings: Vec<Error>,
}

fn read_input(source: Source, args: &CleanArgs, streams: &mut Streams) -> Result<Input> {
    let bytes = match &source {
        Source::Stdin => {
            let mut buf = Vec::new();
            streams
                .stdin
                .read_to_end(&mut buf)
                .map_err(|e| Error::io(Path::new("<stdin>"), &e))?;
            buf
        }
        Source::File(path) => std::fs::read(path).map_err(|e| Error::io(path, &e))?,
    };
    let path = PathBuf::from(source.name());
    let decoded = encoding::decode_owned(bytes);
    let format = args
        .from
        .or_else(|| match &source {
            Source::File(p) => Format::from_extension(p),
            Source::Stdin => None,
        })
        .unwrap_or_else(|| Format::sniff(&decoded.text));
    let mode = if args.strict {
        Mode::Strict
    } else {
        Mode::Lossy
    };
    let reading = read::parse(&decoded.text, format, mode).map_err(|e| e.in_file(&path))?;
    let mut warnings: Vec<Error> = Vec::new();
    if let Some(w) = decoded.warning {
        warnings.push(Error::new(ErrorKind::Parse, w).in_file(&path));
    }
    warnings.extend(reading.warnings.iter().cloned().map(|w| w.in_file(&path)));
    Ok(Input {
        source,
        path,
        text: decoded.text,
        format,
        reading,
        warnings,
    })
}

fn finish(input: Input, args: &CleanArgs, cleaner: &Cleaner) -> Result<Job> {
    let Input {
        source,
        path,
        text,
        format,
        reading,
        warnings,
    } = input;
    let cleaned = cleaner.clean(reading.transcript);
    let output_format = args.to.unwrap_or(Output::from(format));
    let output = write::render(&cleaned.transcript, output_format, &cleaned.changes)
        .map_err(|e| e.in_file(&path))?;
    Ok(Job {
        source,
        input: text,
        output,
        output_format,
        changes: cleaned.changes,
        warnings,
    })
}

fn write_outputs(jobs: &[Job], args: &CleanArgs, streams: &mut Streams) -> Result<()> {
    for job in jobs {
        let target = if let Some(out) = &args.output {
            Some(out.clone())
        } else if args.in_place {
            match &job.source {
                Source::File(p) => Some(p.clone()),
                Source::Stdin => None,
            }
        } else if let Some(dir) = &args.out_dir {
            let stem = match &job.source {
                Source::File(p) => p
                    .file_stem()
                    .map(|s| s.to_os_string())
                    .unwrap_or_else(|| "stdin".into()),
                Source::Stdin => "stdin".into(),
            };
            let mut name = stem;
            name.push(".");
            name.push(extension(job.output_format));
            Some(dir.join(name))
        } else {
            None
        };
        match target {
            Some(path) if path.as_os_str() != "-" => {
                write_atomically(&path, job.output.as_bytes())?
            }
            _ => streams
                .stdout
                .write_all(job.output.as_bytes())
                .map_err(|e| Error::new(ErrorKind::Io, format!("cannot print: {e}")))?,
        }
    }
    Ok(())
}

fn extension(output: Output) -> &'static str {
    match output {
        Output::Txt => "txt",
        Output::Srt => "srt",
        Output::Vtt => "vtt",
        Output::Tsv => "tsv",
        Output::Json | Output::Model => "json",
    }
}

/// Lossy repairs and encoding guesses: the first few, then a count.
fn print_warnings(job: &Job, stderr: &mut dyn Write) -> std::io::Result<()> {
    const SHOWN: usize = 5;
    for w in job.warnings.iter().take(SHOWN) {
        writeln!(stderr, "warning: {w}")?;
    }
    if job.warnings.len() > SHOWN {
        writeln!(
            stderr,
            "warning: {}: {} more format defects repaired (use --strict to stop at the first)",
            job.source.name(),
            job.warnings.len() - SHOWN
        )?;
    }
    Ok(())
}
