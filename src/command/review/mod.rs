//! `transcrub review`: a page on 127.0.0.1 where a person accepts or
//! rejects each change and suggestion of `clean`, listening to the
//! recording, and saves the reviewed transcript, the dictionary it taught,
//! and a log of the decisions. The page and its script are compiled into
//! the binary: nothing is fetched at run time.

mod dictionary_edit;
mod log;
mod media;
mod server;
mod session;

use std::path::{Path, PathBuf};

pub use log::read_decisions;

use crate::cli::ReviewArgs;
use crate::dict::Dictionary;
use crate::error::{Error, Result};

use super::input::{self, Source};
use super::{Status, Streams};
use media::Media;
use session::{Files, Reviewed, Session};

/// Runs `transcrub review` until the page says it is done (or Ctrl-C).
pub fn run(args: &ReviewArgs, streams: &mut Streams) -> Result<Status> {
    let io_err = crate::error::cannot_print;
    if args.input.as_os_str() == "-" {
        return Err(Error::usage(
            "expected a transcript file to review, found `-`: the review reads its input again from the file",
        ));
    }
    let config = input::config(&args.cleaning)?;
    let bytes = std::fs::read(&args.input).map_err(|e| Error::io(&args.input, &e))?;
    let read = input::parse_input(Source::File(args.input.clone()), bytes, &args.cleaning)?;
    let paths = input::dictionary_paths(&args.cleaning, config.as_ref());
    let dictionary = Dictionary::load(&paths)?;
    let options = input::options(
        &args.cleaning,
        config.as_ref(),
        &dictionary,
        read.text.len() as u64,
    )?;
    let media = args.media.as_deref().map(Media::open).transpose()?;
    input::print_warnings(
        &read.path.display().to_string(),
        &read.warnings,
        streams.stderr,
    )
    .map_err(io_err)?;
    if options.fuzzy.as_ref().is_some_and(|f| f.lexicon.is_none()) {
        writeln!(
            streams.stderr,
            "warning: no Hunspell lexicon for this language: fuzzy matches are only suggested, for you to accept or reject"
        )
        .map_err(io_err)?;
    }
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| beside(&args.input, "reviewed", None));
    let log = args
        .log
        .clone()
        .unwrap_or_else(|| beside(&args.input, "review", Some("jsonl")));
    // What Save writes must not land on what the review reads, nor the
    // log on either: refused now, before anyone spends an hour reviewing.
    let mut read_files: Vec<(PathBuf, String)> = vec![(
        args.input.clone(),
        format!("the input {}", args.input.display()),
    )];
    for path in &paths {
        read_files.push((path.clone(), format!("the dictionary {}", path.display())));
    }
    let mut protected = input::settings_files(&args.cleaning, config.as_ref());
    if let Some(media) = &args.media {
        protected.push((media.clone(), format!("the media {}", media.display())));
    }
    read_files.extend(protected.iter().cloned());
    for (written, what) in [
        (&output, "the reviewed transcript"),
        (&log, "the review log"),
    ] {
        if let Some((_, read)) = read_files.iter().find(|(r, _)| same_place(r, written)) {
            return Err(Error::usage(format!(
                "{what} would be written over {read}; choose another path with {}",
                if what == "the review log" {
                    "--log"
                } else {
                    "-o"
                }
            ))
            .in_file(written));
        }
    }
    if same_place(&output, &log) {
        return Err(Error::usage(
            "the reviewed transcript and the review log would be one file; choose another --log",
        )
        .in_file(&log));
    }
    let reviewed = Reviewed {
        path: read.path,
        text: read.text,
        format: read.format,
        as_read: read.as_read,
        transcript: read.reading.transcript,
    };
    let files = Files {
        dictionaries: paths,
        output,
        log,
        protected,
    };
    let (session, unmatched) = Session::new(reviewed, files, options)?;
    if unmatched > 0 {
        writeln!(
            streams.stderr,
            "warning: {unmatched} decisions of the review log match no change of this input any more; they are left out"
        )
        .map_err(io_err)?;
    }
    let media = match media {
        Some(_) if !session.timed() => {
            writeln!(
                streams.stderr,
                "warning: {} has no times: the page shows no player",
                args.input.display()
            )
            .map_err(io_err)?;
            None
        }
        media => media,
    };
    let server = server::Server::bind(args.port)?;
    let url = server.url();
    // The address alone on stdout, at once: scripts and tests read it.
    writeln!(streams.stdout, "{url}").map_err(io_err)?;
    streams.stdout.flush().map_err(io_err)?;
    writeln!(
        streams.stderr,
        "transcrub review: open {url} in a browser; the page's Done button or Ctrl-C stops the server"
    )
    .map_err(io_err)?;
    if args.open
        && let Err(e) = open::that_detached(&url)
    {
        writeln!(streams.stderr, "warning: could not open a browser: {e}").map_err(io_err)?;
    }
    server.serve(session, media)?;
    Ok(Status::Success)
}

/// Whether two paths name one file (or one place, for a file not yet
/// written): through symbolic links, `..` and hard links alike.
fn same_place(a: &Path, b: &Path) -> bool {
    let place = |p: &Path| {
        std::fs::canonicalize(p).ok().or_else(|| {
            let parent = match p.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            Some(std::fs::canonicalize(parent).ok()?.join(p.file_name()?))
        })
    };
    #[cfg(unix)]
    if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
        use std::os::unix::fs::MetadataExt;
        return (x.dev(), x.ino()) == (y.dev(), y.ino());
    }
    match (place(a), place(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// `episode.srt` -> `episode.reviewed.srt`, or with another extension.
fn beside(input: &Path, tag: &str, extension: Option<&str>) -> PathBuf {
    let stem = input
        .file_stem()
        .map_or_else(|| "transcript".into(), |s| s.to_string_lossy().into_owned());
    let extension = extension
        .map(str::to_string)
        .or_else(|| input.extension().map(|e| e.to_string_lossy().into_owned()));
    let name = match extension {
        Some(ext) => format!("{stem}.{tag}.{ext}"),
        None => format!("{stem}.{tag}"),
    };
    input.with_file_name(name)
}
