//! `transcrub._transcrub`: the compiled half of the Python package. Text in,
//! text out: transcripts cross as the text of their format (Whisper JSON
//! for openai-whisper, faster-whisper and WhisperX results), changes and
//! findings as JSON with the CLI's fields. Turning Python objects into that
//! text and back is `python/transcrub/__init__.py`'s job.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use serde::Serialize;

use transcrub::clean::{FUZZY_FLOOR, FUZZY_THRESHOLD, FuzzyOptions};
use transcrub::dict::lexicon::Lexicon;
use transcrub::lint::check::{File, Lines, Linter};
use transcrub::lint::rules::format_defect;
use transcrub::segment::{Preset, Segmenter, Typography};
use transcrub::speaker::SpeakerStyle;
use transcrub::write::{self, Output};
use transcrub::{Change, Cue, Dictionary, Error, ErrorKind, Format, Options, Transcript, read};

/// The module's allocator (why: python/Cargo.toml, `mimalloc`), Python's
/// own objects aside: they are allocated by Python.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The allocator's options, set when Python loads the module, before its
/// first allocation (why: src/allocator.rs).
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static CHOOSE_ALLOCATOR_OPTIONS: extern "C" fn() = transcrub::allocator::choose_options;

create_exception!(
    _transcrub,
    TranscrubError,
    PyValueError,
    "An input, dictionary or option transcrub cannot use. `file`, `line` and `column` (1-based) say where, when known."
);

/// Runs the `transcrub` command line with `args` (the first is the
/// program's name) on the process's standard streams; returns the exit
/// status. The GIL is released while it runs.
#[pyfunction]
fn run(py: Python<'_>, args: Vec<OsString>) -> u8 {
    py.detach(|| transcrub::program::run(args))
}

/// A dictionary and the options to clean with, compiled once.
#[pyclass(frozen, module = "transcrub._transcrub")]
struct Engine {
    cleaner: transcrub::Cleaner,
    /// --lang, else the dictionaries' language.
    language: Option<String>,
}

#[pymethods]
impl Engine {
    /// `dictionaries`: (is_path, path or TOML text) pairs, merged in order.
    #[new]
    #[pyo3(signature = (dictionaries, lang=None, fuzzy=false, fuzzy_threshold=None, lexicon=None, keep_artifacts=false))]
    fn new(
        py: Python<'_>,
        dictionaries: Vec<(bool, String)>,
        lang: Option<String>,
        fuzzy: bool,
        fuzzy_threshold: Option<f64>,
        lexicon: Option<PathBuf>,
        keep_artifacts: bool,
    ) -> PyResult<Engine> {
        py.detach(|| {
            engine(
                &dictionaries,
                lang,
                fuzzy,
                fuzzy_threshold,
                lexicon,
                keep_artifacts,
            )
        })
        .map_err(|e| to_py(py, &e))
    }

    /// Cleans `text` read as `format` (a name such as "json" or "srt";
    /// None: found from the text); returns the cleaned text in the same
    /// format and the changes as a JSON array.
    #[pyo3(signature = (text, format=None))]
    fn clean(
        &self,
        py: Python<'_>,
        text: &str,
        format: Option<&str>,
    ) -> PyResult<(String, String)> {
        let format = format_or_sniff(format, text).map_err(|e| to_py(py, &e))?;
        py.detach(|| self.clean_text(text, format))
            .map_err(|e| to_py(py, &e))
    }

    /// Subtitles of `text` (read as `format`, cleaned first) at the
    /// preset's limits (without one, the language's), as SRT or WebVTT
    /// text.
    #[pyo3(signature = (text, format=None, preset=None, to="srt"))]
    fn subtitles(
        &self,
        py: Python<'_>,
        text: &str,
        format: Option<&str>,
        preset: Option<&str>,
        to: &str,
    ) -> PyResult<String> {
        let format = format_or_sniff(format, text).map_err(|e| to_py(py, &e))?;
        let preset = preset
            .map(preset_named)
            .transpose()
            .map_err(|e| to_py(py, &e))?;
        let (file_format, output) = match to {
            "srt" => (Format::Srt, Output::Srt),
            "vtt" => (Format::Vtt, Output::Vtt),
            other => {
                let err = Error::usage(format!("expected \"srt\" or \"vtt\", found {other:?}"));
                return Err(to_py(py, &err));
            }
        };
        py.detach(|| self.subtitles_text(text, format, preset, file_format, output))
            .map_err(|e| to_py(py, &e))
    }

    /// The lint findings of `data` (a file's bytes, in any encoding the
    /// CLI reads; named `path` in the findings, whose extension picks the
    /// format unless `format` is given) as a JSON array, in position order.
    /// Without a `preset`, the language's, as `transcrub lint` chooses it.
    #[pyo3(signature = (data, path, format=None, preset=None))]
    fn lint(
        &self,
        py: Python<'_>,
        data: Vec<u8>,
        path: PathBuf,
        format: Option<&str>,
        preset: Option<&str>,
    ) -> PyResult<String> {
        let format = format.map(format_named).transpose();
        let preset = match preset {
            Some(name) => preset_named(name),
            None => Ok(Preset::for_language(self.language.as_deref())),
        };
        let (format, preset) = match (format, preset) {
            (Ok(format), Ok(preset)) => (format, preset),
            (Err(e), _) | (_, Err(e)) => return Err(to_py(py, &e)),
        };
        py.detach(|| self.lint_bytes(data, format, &path, preset))
            .map_err(|e| to_py(py, &e))
    }

    /// The transcript's language: the one given, else the dictionaries'.
    #[getter]
    fn language(&self) -> Option<String> {
        self.language.clone()
    }
}

/// Builds the cleaner as `transcrub clean` does from its flags
/// (src/command/input.rs), without a configuration file.
fn engine(
    dictionaries: &[(bool, String)],
    lang: Option<String>,
    fuzzy: bool,
    fuzzy_threshold: Option<f64>,
    lexicon: Option<PathBuf>,
    keep_artifacts: bool,
) -> transcrub::Result<Engine> {
    let mut dictionary = Dictionary::default();
    for (n, (is_path, value)) in dictionaries.iter().enumerate() {
        if *is_path {
            let path = PathBuf::from(value);
            let text = transcrub::encoding::read_utf8(&path, ErrorKind::Dictionary)?;
            dictionary.add_toml(&text, &path)?;
        } else {
            // A dictionary given as text is named by its place in the list.
            dictionary.add_toml(value, Path::new(&format!("<dictionary {}>", n + 1)))?;
        }
    }
    let lang = lang.map(|l| l.to_lowercase());
    let language = lang.clone().or_else(|| dictionary.language.clone());
    let fuzzy = if fuzzy {
        let lexicon = match (lexicon, &language) {
            (Some(path), _) => Some(Lexicon::load(&path)?),
            (None, Some(language)) => Lexicon::find(language)?,
            (None, None) => None,
        };
        let threshold = fuzzy_threshold.unwrap_or(FUZZY_THRESHOLD);
        Some(FuzzyOptions {
            threshold,
            floor: FUZZY_FLOOR.min(threshold),
            lexicon: lexicon.map(Arc::new),
        })
    } else {
        None
    };
    let options = Options {
        remove_artifacts: !keep_artifacts,
        language: lang,
        // One engine cleans many transcripts: the automata a long reading
        // gets (see `transcrub::artifacts::Reading`).
        input_bytes: u64::MAX,
        fuzzy,
        ..Options::default()
    };
    Ok(Engine {
        cleaner: transcrub::Cleaner::with_options(dictionary, options)?,
        language,
    })
}

/// A change as `--report` writes it, plus the 0-based index of the cue
/// (the Whisper segment, the SRT cue, the line of text) it starts in.
#[derive(Serialize)]
struct Located<'a> {
    #[serde(flatten)]
    change: &'a Change,
    cue: Option<usize>,
}

impl Engine {
    fn clean_text(&self, text: &str, format: Format) -> transcrub::Result<(String, String)> {
        let reading = read::parse(text, format, read::Mode::Lossy)?;
        let starts = cue_starts(&reading.transcript);
        let mut cleaned = self.cleaner.clean(reading.transcript);
        let output = Output::from(format);
        transcrub::speaker::label(&mut cleaned.transcript, output, SpeakerStyle::default());
        let written = write::render(&cleaned.transcript, output, &cleaned.changes)?;
        let located: Vec<Located> = cleaned
            .changes
            .iter()
            .map(|change| Located {
                change,
                cue: cue_of(&starts, change),
            })
            .collect();
        Ok((written, json(&located)))
    }

    /// As `transcrub subtitles` with its default flags and `--preset`.
    fn subtitles_text(
        &self,
        text: &str,
        format: Format,
        preset: Option<Preset>,
        file_format: Format,
        output: Output,
    ) -> transcrub::Result<String> {
        let reading = read::parse(text, format, read::Mode::Lossy)?;
        let cleaned = self.cleaner.clean(reading.transcript);
        // The language sets typography and line breaks: the one given or
        // the dictionaries', else what the text is, when the detector is sure.
        let language = self.language.clone().or_else(|| {
            let text: Vec<String> = cleaned
                .transcript
                .cues
                .iter()
                .map(|c| transcrub::markup::strip_tags(&c.text))
                .collect();
            transcrub::language::detect(&text.join(" ")).map(|d| d.code)
        });
        let preset = preset.unwrap_or_else(|| Preset::for_language(language.as_deref()));
        let segmenter = Segmenter::builder()
            .limits(preset.limits())
            .language(language.as_deref())
            .typography(Typography::Auto)
            .terms(
                self.cleaner
                    .dictionary()
                    .terms
                    .iter()
                    .map(|t| t.canonical.as_str()),
            )
            .rate(transcrub::segment::default_rate(language.as_deref()))
            .build();
        let subtitles = segmenter.segment(&cleaned.transcript);
        let mut written = subtitles.to_transcript_with(file_format, false);
        transcrub::speaker::label(&mut written, output, SpeakerStyle::default());
        write::render(&written, output, &[])
    }

    /// As `transcrub lint` with every rule and `--preset`, on one file
    /// (`lint_bytes` in src/command/lint.rs): a file that does not parse is
    /// a finding, not an error.
    fn lint_bytes(
        &self,
        bytes: Vec<u8>,
        format: Option<Format>,
        path: &Path,
        preset: Preset,
    ) -> transcrub::Result<String> {
        let mut decoded = transcrub::encoding::decode_owned(bytes);
        transcrub::encoding::lone_carriage_returns(&mut decoded.text);
        let text = decoded.text;
        let format = match format {
            Some(format) => format,
            None => Format::of_file(path, &text).unwrap_or_else(|| Format::sniff(&text)),
        };
        let lines = Lines::new(path, &text);
        let found = match read::parse(&text, format, read::Mode::Lossy) {
            Ok(reading) => {
                let repairs: Vec<Error> = decoded
                    .repairs
                    .iter()
                    .map(|r| r.to_error().in_file(path))
                    .collect();
                let linter = Linter {
                    cleaner: &self.cleaner,
                    limits: preset.limits(),
                    language: self.language.clone(),
                };
                let (found, _) = linter.check(&File {
                    path,
                    text: &text,
                    format,
                    transcript: &reading.transcript,
                    encoding_warning: decoded.warning.as_deref(),
                    encoding_repairs: &repairs,
                    format_warnings: &reading.warnings,
                });
                found
            }
            Err(e) if matches!(e.kind, ErrorKind::Parse | ErrorKind::Usage) => {
                vec![format_defect::unreadable(&e, &lines)]
            }
            Err(e) => return Err(e),
        };
        let findings: Vec<Finding> = found
            .iter()
            .map(|d| Finding {
                path: d.path.to_string_lossy().into_owned(),
                line: d.line,
                column: d.column,
                end_line: d.end_line,
                end_column: d.end_column,
                code: d.rule.code,
                name: d.rule.name,
                severity: d.severity.name(),
                message: &d.message,
                fix: d.fix.as_ref(),
            })
            .collect();
        Ok(json(&findings))
    }
}

/// A lint finding with the fields of `lint --output-format json`
/// (docs/lint-json.md).
#[derive(Serialize)]
struct Finding<'a> {
    path: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    message: &'a str,
    fix: Option<&'a transcrub::lint::Fix>,
}

/// Where each cue's text begins in the input, with the cue's index there.
fn cue_starts(transcript: &Transcript) -> Vec<((usize, usize), usize)> {
    transcript
        .cues
        .iter()
        .enumerate()
        .map(|(n, cue)| (start_of(cue), cue.source_index.unwrap_or(n)))
        .collect()
}

fn start_of(cue: &Cue) -> (usize, usize) {
    cue.places
        .as_ref()
        .and_then(|p| p.place(&cue.text, 0))
        .unwrap_or((cue.line, 1))
}

/// The cue a change starts in: the last one starting at or before it.
fn cue_of(starts: &[((usize, usize), usize)], change: &Change) -> Option<usize> {
    let at = (change.line, change.column);
    starts
        .iter()
        .take_while(|(start, _)| *start <= at)
        .last()
        .map(|(_, index)| *index)
}

fn json<T: Serialize>(value: &T) -> String {
    // Serialising our own structs of strings and numbers cannot fail.
    serde_json::to_string(value).unwrap_or_else(|_| "[]".into())
}

/// A format by the name the CLI's `--from` takes.
fn format_named(name: &str) -> transcrub::Result<Format> {
    Format::from_name(name).ok_or_else(|| {
        Error::usage(format!(
            "expected a format (txt, srt, vtt, json, tsv, console, otter, sbv, ttml, ass, srv3), found {name:?}"
        ))
    })
}

fn format_or_sniff(name: Option<&str>, text: &str) -> transcrub::Result<Format> {
    name.map_or_else(|| Ok(Format::sniff(text)), format_named)
}

fn preset_named(name: &str) -> transcrub::Result<Preset> {
    Preset::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Preset::ALL.iter().map(|p| p.name()).collect();
        Error::usage(format!(
            "expected a preset ({}), found {name:?}",
            names.join(", ")
        ))
    })
}

/// `TranscrubError` with the message as the CLI prints it and the
/// position as attributes.
fn to_py(py: Python<'_>, err: &Error) -> PyErr {
    let exception = TranscrubError::new_err(err.to_string());
    let value = exception.value(py);
    let file = err.path.as_ref().map(|p| p.display().to_string());
    let set = || -> PyResult<()> {
        value.setattr("file", file)?;
        value.setattr("line", err.line)?;
        value.setattr("column", err.column)?;
        value.setattr("message", &err.message)?;
        Ok(())
    };
    match set() {
        Ok(()) => exception,
        Err(e) => e,
    }
}

#[pymodule]
fn _transcrub(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_class::<Engine>()?;
    m.add("TranscrubError", m.py().get_type::<TranscrubError>())?;
    Ok(())
}
