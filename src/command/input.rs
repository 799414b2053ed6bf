//! What `clean` and `subtitles` share: the configuration file, the inputs
//! read and parsed, and the cleaner built from the dictionaries. The
//! dictionary loads and its automaton builds on the other core while the
//! inputs are read.

use std::path::{Path, PathBuf};

use crate::artifacts::Thresholds;
use std::sync::Arc;

use crate::clean::{Cleaner, FUZZY_FLOOR, FuzzyOptions, Options};
use crate::cli::CleaningArgs;
use crate::config::Config;
use crate::dict::Dictionary;
use crate::dict::lexicon::Lexicon;
use crate::encoding;
use crate::error::{Error, ErrorKind, Result};
use crate::format::Format;
use crate::read::{self, Mode};

use super::Streams;

/// Where an input comes from.
pub enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".into(),
            Source::File(p) => p.display().to_string(),
        }
    }

    /// `-` is stdin.
    pub fn from_arg(path: &Path) -> Source {
        if path.as_os_str() == "-" {
            Source::Stdin
        } else {
            Source::File(path.to_path_buf())
        }
    }
}

/// One input, read and parsed, not yet cleaned.
pub struct Input {
    pub source: Source,
    /// The name used in messages.
    pub path: PathBuf,
    pub text: String,
    pub format: Format,
    pub reading: read::Reading,
    /// Encoding guesses and lossy repairs, with positions.
    pub warnings: Vec<Error>,
    /// Why the bytes were not read as UTF-8, if they were not.
    pub encoding_warning: Option<String>,
}

/// Everything ready for cleaning.
pub struct Prepared {
    pub cleaner: Cleaner,
    pub inputs: Vec<Input>,
    pub config: Option<Config>,
    /// The transcript's language: --lang, else transcrub.toml's, else the
    /// dictionaries'.
    pub language: Option<String>,
}

/// The configuration file: `--config`, else the nearest transcrub.toml.
pub fn config(args: &CleaningArgs) -> Result<Option<Config>> {
    match &args.config {
        Some(path) => Config::load(path).map(Some),
        None => {
            let here = std::env::current_dir().map_err(|e| Error::io(Path::new("."), &e))?;
            Config::discover(&here)
        }
    }
}

/// The language: --lang, else transcrub.toml's.
fn language(args: &CleaningArgs, config: Option<&Config>) -> Option<String> {
    args.lang
        .clone()
        .or_else(|| config.and_then(|c| c.language.clone()))
}

/// Loads the dictionaries (transcrub.toml's, then -d) and builds the
/// cleaner. `input_bytes` picks the matcher's automaton.
pub fn cleaner(args: &CleaningArgs, config: Option<&Config>, input_bytes: u64) -> Result<Cleaner> {
    let mut dictionaries: Vec<PathBuf> = config.map(|c| c.dictionaries.clone()).unwrap_or_default();
    dictionaries.extend(args.dictionaries.iter().cloned());
    let dictionary = Dictionary::load(&dictionaries)?;
    let fuzzy = if args.fuzzy {
        let language = language(args, config).or_else(|| dictionary.language.clone());
        let lexicon = match (&args.lexicon, language) {
            (Some(path), _) => Some(Lexicon::load(path)?),
            (None, Some(language)) => Lexicon::find(&language)?,
            (None, None) => None,
        };
        Some(FuzzyOptions {
            threshold: args.fuzzy_threshold,
            floor: FUZZY_FLOOR.min(args.fuzzy_threshold),
            lexicon: lexicon.map(Arc::new),
        })
    } else {
        None
    };
    let options = Options {
        remove_artifacts: !args.keep_artifacts,
        language: language(args, config),
        thresholds: Thresholds {
            no_speech_prob: args.max_no_speech_prob,
            avg_logprob: args.min_avg_logprob,
            compression_ratio: args.max_compression_ratio,
            gap_ms: args.suspect_gap_ms,
        },
        input_bytes,
        fuzzy,
    };
    Cleaner::with_options(dictionary, options)
}

/// The transcript's language once the dictionaries are known.
pub fn effective_language(
    args: &CleaningArgs,
    config: Option<&Config>,
    cleaner: &Cleaner,
) -> Option<String> {
    language(args, config).or_else(|| cleaner.dictionary().language.clone())
}

pub fn prepare(
    args: &CleaningArgs,
    sources: Vec<Source>,
    streams: &mut Streams,
) -> Result<Prepared> {
    let config = config(args)?;
    let input_bytes: u64 = sources
        .iter()
        .map(|s| match s {
            Source::File(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
            Source::Stdin => 0,
        })
        .sum();
    let (cleaner, inputs) = std::thread::scope(|scope| {
        let builder = scope.spawn(|| cleaner(args, config.as_ref(), input_bytes));
        let inputs: Result<Vec<Input>> = sources
            .into_iter()
            .map(|source| read_input(source, args, streams))
            .collect();
        (builder.join(), inputs)
    });
    // A dictionary error is reported before an input error.
    let cleaner = cleaner.map_err(|_| {
        Error::new(
            ErrorKind::Dictionary,
            "internal error: the dictionary could not be built",
        )
    })??;
    let language = effective_language(args, config.as_ref(), &cleaner);
    Ok(Prepared {
        cleaner,
        inputs: inputs?,
        config,
        language,
    })
}

fn read_input(source: Source, args: &CleaningArgs, streams: &mut Streams) -> Result<Input> {
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
    parse_input(source, bytes, args)
}

pub fn parse_input(source: Source, bytes: Vec<u8>, args: &CleaningArgs) -> Result<Input> {
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
    if let Some(w) = &decoded.warning {
        warnings.push(Error::new(ErrorKind::Parse, w.clone()).in_file(&path));
    }
    warnings.extend(reading.warnings.iter().cloned().map(|w| w.in_file(&path)));
    Ok(Input {
        source,
        path,
        text: decoded.text,
        format,
        reading,
        warnings,
        encoding_warning: decoded.warning,
    })
}

/// Says once that fuzzy matching has no lexicon, and so only suggests.
pub fn warn_without_lexicon(
    cleaner: &Cleaner,
    stderr: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    if cleaner.fuzzy_has_lexicon() == Some(false) {
        writeln!(
            stderr,
            "warning: no Hunspell lexicon for this language (install hunspell-fr or hunspell-en-us, or give --lexicon): fuzzy matches are only suggested, never applied"
        )?;
    }
    Ok(())
}

/// Lossy repairs and encoding guesses: the first few, then a count.
pub fn print_warnings(
    name: &str,
    warnings: &[Error],
    stderr: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    const SHOWN: usize = 5;
    for w in warnings.iter().take(SHOWN) {
        writeln!(stderr, "warning: {w}")?;
    }
    if warnings.len() > SHOWN {
        writeln!(
            stderr,
            "warning: {name}: {} more format defects repaired (use --strict to stop at the first)",
            warnings.len() - SHOWN
        )?;
    }
    Ok(())
}
