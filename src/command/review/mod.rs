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
use session::{Reviewed, Session};

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
    let reviewed = Reviewed {
        path: read.path,
        text: read.text,
        format: read.format,
        bom: read.utf8_bom,
        transcript: read.reading.transcript,
    };
    let mut session = Session::new(reviewed, &paths, options, output, log)?;
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
    server.serve(&mut session, media.as_ref(), streams.stderr)?;
    Ok(Status::Success)
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
