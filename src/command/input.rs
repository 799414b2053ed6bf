//! What `clean`, `subtitles` and `lint` share: the configuration file, the
//! inputs read and parsed, and the cleaner built from the dictionaries. The
//! dictionary loads and its index builds on the other core while the
//! inputs are read.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::artifacts::Thresholds;
use crate::clean::{Cleaner, FUZZY_FLOOR, FuzzyOptions, Options};
use crate::cli::CleaningArgs;
use crate::config::Config;
use crate::dict::lexicon::Lexicon;
use crate::encoding;
use crate::error::{Error, ErrorKind, Result};
use crate::format::Format;
use crate::output::{Locked, Plan, read_locked};
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

/// The input when none is named: stdin, unless stdin is a terminal, where
/// a user who forgot the file name would wait on a silent prompt.
pub fn implicit_stdin(command: &str) -> Result<Source> {
    if std::io::stdin().is_terminal() {
        return Err(Error::usage(format!(
            "expected a transcript on stdin, found a terminal: name a file (transcrub {command} episode.srt), pipe one in, or give `-` to type it"
        )));
    }
    Ok(Source::Stdin)
}

/// One input, read and parsed, not yet cleaned.
pub struct Input {
    pub source: Source,
    /// The name used in messages.
    pub path: PathBuf,
    pub text: String,
    pub format: Format,
    pub reading: read::Reading,
    /// Encoding guesses, repaired bytes and lossy repairs, with positions.
    pub warnings: Vec<Error>,
    /// Why the bytes were not read as UTF-8, if they were not.
    pub encoding_warning: Option<String>,
    /// Bytes that were not UTF-8 in a UTF-8 file, at their positions.
    pub encoding_repairs: Vec<Error>,
    /// The file's lock, held until its rewrite is in place (`--in-place`).
    pub lock: Option<Locked>,
    /// How the bytes encoded the text, for writing the file back so.
    pub as_read: encoding::AsRead,
}

/// Everything ready for cleaning.
pub struct Prepared {
    pub cleaner: &'static Cleaner,
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

/// The language: --lang, else transcrub.toml's, in lower case ("FR" is fr).
fn language(args: &CleaningArgs, config: Option<&Config>) -> Option<String> {
    args.lang
        .clone()
        .or_else(|| config.and_then(|c| c.language.clone()))
        .map(|l| l.to_lowercase())
}

/// The dictionary files: transcrub.toml's, then -d.
pub fn dictionary_paths(args: &CleaningArgs, config: Option<&Config>) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = config.map(|c| c.dictionaries.clone()).unwrap_or_default();
    paths.extend(args.dictionaries.iter().cloned());
    paths
}

/// Tells `plan` about every file the run reads besides its inputs, so
/// that no output can replace one: dictionaries, the configuration, the
/// lexicon.
pub fn protect_read_files(plan: &mut Plan, args: &CleaningArgs, config: Option<&Config>) {
    for path in dictionary_paths(args, config) {
        plan.reads(&path, format!("the dictionary {}", path.display()));
    }
    for (path, what) in settings_files(args, config) {
        plan.reads(&path, what);
    }
}

/// The files a run reads for its settings, with how messages name them:
/// the configuration and the lexicon.
pub fn settings_files(args: &CleaningArgs, config: Option<&Config>) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    if let Some(config) = config {
        let what = format!("the configuration {}", config.path.display());
        files.push((config.path.clone(), what));
    }
    if let Some(lexicon) = &args.lexicon {
        for ext in ["dic", "aff"] {
            let path = lexicon.with_extension(ext);
            let what = format!("the lexicon {}", path.display());
            files.push((path, what));
        }
    }
    files
}

/// Loads the dictionaries (transcrub.toml's, then -d) and builds the
/// cleaner. `input_bytes` is what the inputs weigh in all.
pub fn cleaner(args: &CleaningArgs, config: Option<&Config>, input_bytes: u64) -> Result<Cleaner> {
    let compiled = super::dictionary_cache::load(&dictionary_paths(args, config))?;
    let options = options(args, config, &compiled.dictionary, input_bytes)?;
    Cleaner::from_compiled(compiled, options)
}

/// How the arguments and the configuration say to clean with `dictionary`
/// (its language chooses the lexicon when neither names one).
pub fn options(
    args: &CleaningArgs,
    config: Option<&Config>,
    dictionary: &crate::dict::Dictionary,
    input_bytes: u64,
) -> Result<Options> {
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
        aggressive_loops: args.aggressive_loops,
    };
    Ok(options)
}

/// The transcript's language once the dictionaries are known.
pub fn effective_language(
    args: &CleaningArgs,
    config: Option<&Config>,
    cleaner: &Cleaner,
) -> Option<String> {
    language(args, config).or_else(|| cleaner.dictionary().language.clone())
}

/// The cleaner for the rest of the process, never freed: the command
/// exits when it is done, and freeing a 50,000-variant dictionary one
/// allocation at a time took a fifth of the time loading it did.
pub fn kept(cleaner: Cleaner) -> &'static Cleaner {
    Box::leak(Box::new(cleaner))
}

/// Reads and parses every input while the cleaner is built. With
/// `lock_inputs` (the inputs will be rewritten in place) each file is read
/// under its lock.
pub fn prepare(
    args: &CleaningArgs,
    sources: Vec<Source>,
    streams: &mut Streams,
    lock_inputs: bool,
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
            .map(|source| read_input(source, args, streams, lock_inputs))
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
    let cleaner = kept(cleaner);
    let language = effective_language(args, config.as_ref(), cleaner);
    Ok(Prepared {
        cleaner,
        inputs: inputs?,
        config,
        language,
    })
}

fn read_input(
    source: Source,
    args: &CleaningArgs,
    streams: &mut Streams,
    lock: bool,
) -> Result<Input> {
    let (bytes, lock) = match &source {
        Source::Stdin => {
            let mut buf = Vec::new();
            streams
                .stdin
                .read_to_end(&mut buf)
                .map_err(|e| Error::io(Path::new("<stdin>"), &e))?;
            (buf, None)
        }
        Source::File(path) if lock => {
            let mut locked = read_locked(path)?;
            (std::mem::take(&mut locked.bytes), Some(locked))
        }
        Source::File(path) => (std::fs::read(path).map_err(|e| Error::io(path, &e))?, None),
    };
    let mut input = parse_input(source, bytes, args)?;
    input.lock = lock;
    Ok(input)
}

/// The format of an input: `--from`, else its extension, else (stdin, or
/// a file without an extension) its content. An extension we do not know
/// is refused: read as plain text, a Markdown file's front matter or an
/// SBV file's timing lines would be rewritten as if they were speech.
pub fn format_of(name: &Path, from: Option<Format>, text: &str, stdin: bool) -> Result<Format> {
    if let Some(format) = from {
        return Ok(format);
    }
    if stdin {
        return Ok(Format::sniff(text));
    }
    match name.extension().and_then(|e| e.to_str()) {
        None => Ok(Format::sniff(text)),
        Some(ext) => Format::of_file(name, text).ok_or_else(|| {
            Error::usage(format!(
                "expected a transcript extension (txt, srt, vtt, json, json3, tsv, sbv, ttml, dfxp, xml, ass, ssa, srv3), found \".{ext}\"; give --from FORMAT to read it as one"
            ))
            .in_file(name)
        }),
    }
}

pub fn parse_input(source: Source, bytes: Vec<u8>, args: &CleaningArgs) -> Result<Input> {
    let path = PathBuf::from(source.name());
    let mut decoded = encoding::decode_owned(bytes);
    let as_read = decoded.as_read();
    let lone_crs = encoding::lone_carriage_returns(&mut decoded.text);
    let format = format_of(
        &path,
        args.from,
        &decoded.text,
        matches!(source, Source::Stdin),
    )?;
    let mode = if args.strict {
        Mode::Strict
    } else {
        Mode::Lossy
    };
    let encoding_repairs: Vec<Error> = decoded
        .repairs
        .iter()
        .map(|r| r.to_error().in_file(&path))
        .collect();
    if mode == Mode::Strict
        && let Some(first) = encoding_repairs.first()
    {
        return Err(first.clone());
    }
    let reading = read::parse(&decoded.text, format, mode).map_err(|e| e.in_file(&path))?;
    let mut warnings: Vec<Error> = Vec::new();
    if let Some(w) = &decoded.warning {
        warnings.push(Error::new(ErrorKind::Parse, w.clone()).in_file(&path));
    }
    if lone_crs > 0 {
        warnings.push(
            Error::new(
                ErrorKind::Parse,
                format!("{lone_crs} lines end with a carriage return alone (CR); read as line ends and written as LF"),
            )
            .in_file(&path),
        );
    }
    warnings.extend(encoding_repairs.iter().cloned());
    warnings.extend(reading.warnings.iter().cloned().map(|w| w.in_file(&path)));
    Ok(Input {
        source,
        path,
        text: decoded.text,
        format,
        reading,
        warnings,
        encoding_warning: decoded.warning,
        encoding_repairs,
        lock: None,
        as_read,
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

/// Notes from writing (hard links broken, owners not kept, stale
/// temporary files removed).
pub fn print_notes(notes: &[String], stderr: &mut dyn std::io::Write) -> std::io::Result<()> {
    for note in notes {
        writeln!(stderr, "note: {note}")?;
    }
    Ok(())
}
