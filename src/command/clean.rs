//! `transcrub clean`: read, clean, write, report. Every input is read,
//! cleaned and rendered before anything is written, so an error in any
//! input leaves every file as it was.

use crate::change::{Change, Summary};
use crate::clean::Cleaner;
use crate::cli::CleanArgs;
use crate::error::{Error, Result};
use crate::output::write_atomically;
use crate::report;
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
}

pub fn run(args: &CleanArgs, streams: &mut Streams) -> Result<Status> {
    let sources = sources(args)?;
    let prepared = input::prepare(&args.cleaning, sources, streams)?;
    let cleaner = prepared.cleaner;
    if !args.quiet {
        input::warn_without_lexicon(&cleaner, streams.stderr)
            .map_err(crate::error::cannot_print)?;
    }
    let jobs = prepared
        .inputs
        .into_iter()
        .map(|input| finish(input, args, &cleaner))
        .collect::<Result<Vec<Job>>>()?;

    let io_err = crate::error::cannot_print;
    if !args.quiet {
        for job in &jobs {
            input::print_warnings(&job.source.name(), &job.warnings, streams.stderr)
                .map_err(io_err)?;
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
            if !diff.is_empty() {
                // Fuzzy changes are guesses: marked before the file's
                // diff, where patch and git apply skip text.
                let marks = report::fuzzy_marks(&job.changes);
                streams.stdout.write_all(marks.as_bytes()).map_err(io_err)?;
            }
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

fn finish(input: Input, args: &CleanArgs, cleaner: &Cleaner) -> Result<Job> {
    let Input {
        source,
        path,
        text,
        format,
        reading,
        warnings,
        ..
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
                .map_err(crate::error::cannot_print)?,
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
