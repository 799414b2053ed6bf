//! Finds and reads `transcrub.toml`, the project configuration: the
//! dictionaries a project always uses, its language and its subtitle settings.
//!
//! This module only reads and validates. It does not know the defaults and it
//! does not decide which value wins when a flag and the file disagree; that
//! precedence is the caller's business. Keys are spelled like the long flags
//! (`max-line-chars`, not `max_line_chars`), so users learn one set of names.
//! Unknown keys and tables are errors, with the file, line and column: a typo
//! must not silently fall back to a default. `[lint]` settings are not known
//! yet, so a `[lint]` table is rejected as unknown until the linter lands.

use std::fmt::Display;
use std::ops::{Range, RangeInclusive};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, ErrorKind, Result, quote};
use crate::line_index::LineIndex;

/// The name looked for in each folder by [`Config::discover`].
pub const FILE_NAME: &str = "transcrub.toml";

/// The values a `--preset` names; each stands for a house style.
pub const PRESETS: &[&str] = &["netflix-fr", "netflix-en", "bbc", "youtube"];
/// The subtitle formats `format` may name.
pub const FORMATS: &[&str] = &["srt", "vtt"];
/// `auto` follows the language; `fr` adds French spacing before `?!:;`.
pub const TYPOGRAPHIES: &[&str] = &["auto", "fr", "none"];

/// One loaded `transcrub.toml`. Fields the file leaves out are `None` (or
/// empty), so the caller can tell "not set" from a default.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The file this was read from, for messages.
    pub path: PathBuf,
    /// Dictionary files, already resolved against the config file's folder.
    pub dictionaries: Vec<PathBuf>,
    pub language: Option<String>,
    pub subtitles: SubtitleSettings,
}

/// The `[subtitles]` table. Every value has passed its range check.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SubtitleSettings {
    /// One of [`PRESETS`].
    pub preset: Option<String>,
    /// One of [`FORMATS`].
    pub format: Option<String>,
    pub max_line_chars: Option<usize>,
    pub max_lines: Option<usize>,
    /// Characters per second a cue may ask the viewer to read.
    pub max_cps: Option<f64>,
    /// Milliseconds.
    pub min_duration: Option<u64>,
    /// Milliseconds.
    pub max_duration: Option<u64>,
    /// Milliseconds between two cues.
    pub min_gap: Option<u64>,
    /// One of [`TYPOGRAPHIES`].
    pub typography: Option<String>,
    /// Characters per second of speech, to time untimed text.
    pub rate: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FileToml {
    #[serde(default)]
    dictionaries: Vec<PathBuf>,
    language: Option<String>,
    subtitles: Option<SubtitlesToml>,
}

// `f64` fields accept TOML integers too (serde widens them), so
// `max-cps = 17` reads like `max-cps = 17.0`; tests/config.rs holds to that.
#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    rename_all = "kebab-case",
    expecting = "a [subtitles] table"
)]
struct SubtitlesToml {
    preset: Option<Spanned<String>>,
    format: Option<Spanned<String>>,
    max_line_chars: Option<Spanned<usize>>,
    max_lines: Option<Spanned<usize>>,
    max_cps: Option<Spanned<f64>>,
    min_duration: Option<Spanned<u64>>,
    max_duration: Option<Spanned<u64>>,
    min_gap: Option<u64>,
    typography: Option<Spanned<String>>,
    rate: Option<Spanned<f64>>,
}

impl Config {
    /// Looks for `transcrub.toml` in `start` and then in each folder above
    /// it; the nearest one is loaded. `None` when no folder has one.
    pub fn discover(start: &Path) -> Result<Option<Config>> {
        // A relative `start` has no ancestors beyond itself ("." stops at "").
        let start = std::path::absolute(start).map_err(|e| config_error(Error::io(start, &e)))?;
        for folder in start.ancestors() {
            let candidate = folder.join(FILE_NAME);
            if candidate.is_file() {
                return Config::load(&candidate).map(Some);
            }
        }
        Ok(None)
    }

    /// Reads and validates one configuration file.
    pub fn load(path: &Path) -> Result<Config> {
        let bytes = std::fs::read(path).map_err(|e| config_error(Error::io(path, &e)))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = e.utf8_error().valid_up_to();
            // The bytes before the first bad one are valid, so index them.
            let prefix = std::str::from_utf8(&e.as_bytes()[..valid]).unwrap_or_default();
            let (line, column) = LineIndex::new(prefix).position(valid);
            Error::new(
                ErrorKind::Config,
                "expected UTF-8 text, found invalid bytes",
            )
            .at(line, column)
            .in_file(path)
        })?;
        Config::parse(&text, path)
    }

    /// Parses the text of a configuration file read from `path`; relative
    /// dictionary paths are resolved against `path`'s folder.
    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let lines = LineIndex::new(text);
        let file: FileToml = toml::from_str(text)
            .map_err(|err| config_error(crate::error::toml_error(&err, &lines, path)))?;
        let check = Check { lines, path };
        let folder = path.parent().unwrap_or(Path::new(""));
        Ok(Config {
            path: path.to_path_buf(),
            // `join` keeps an absolute entry as it is.
            dictionaries: file.dictionaries.iter().map(|d| folder.join(d)).collect(),
            language: file.language,
            subtitles: match file.subtitles {
                Some(table) => check.subtitles(table)?,
                None => SubtitleSettings::default(),
            },
        })
    }
}

/// Validates values against their ranges and closed sets, pointing errors
/// at the value in the file.
struct Check<'a> {
    lines: LineIndex<'a>,
    path: &'a Path,
}

impl Check<'_> {
    fn subtitles(&self, table: SubtitlesToml) -> Result<SubtitleSettings> {
        if let (Some(min), Some(max)) = (&table.min_duration, &table.max_duration)
            && min.get_ref() >= max.get_ref()
        {
            return Err(self.fail(
                min.span(),
                format!(
                    "expected min-duration below max-duration ({} ms), found {}",
                    max.get_ref(),
                    min.get_ref()
                ),
            ));
        }
        Ok(SubtitleSettings {
            preset: self.one_of("preset", table.preset, PRESETS)?,
            format: self.one_of("format", table.format, FORMATS)?,
            max_line_chars: self.within("max-line-chars", table.max_line_chars, 10..=200)?,
            max_lines: self.within("max-lines", table.max_lines, 1..=4)?,
            max_cps: self.positive("max-cps", table.max_cps)?,
            min_duration: table.min_duration.map(Spanned::into_inner),
            max_duration: table.max_duration.map(Spanned::into_inner),
            min_gap: table.min_gap,
            typography: self.one_of("typography", table.typography, TYPOGRAPHIES)?,
            rate: self.positive("rate", table.rate)?,
        })
    }

    fn within<T: PartialOrd + Display>(
        &self,
        key: &str,
        value: Option<Spanned<T>>,
        range: RangeInclusive<T>,
    ) -> Result<Option<T>> {
        let Some(value) = value else { return Ok(None) };
        if !range.contains(value.get_ref()) {
            return Err(self.fail(
                value.span(),
                format!(
                    "expected {key} between {} and {}, found {}",
                    range.start(),
                    range.end(),
                    value.get_ref()
                ),
            ));
        }
        Ok(Some(value.into_inner()))
    }

    /// A rate: finite and above zero (TOML allows `nan` and `inf`).
    fn positive(&self, key: &str, value: Option<Spanned<f64>>) -> Result<Option<f64>> {
        let Some(value) = value else { return Ok(None) };
        let number = *value.get_ref();
        if !(number.is_finite() && number > 0.0) {
            return Err(self.fail(
                value.span(),
                format!("expected {key} a finite number above 0, found {number}"),
            ));
        }
        Ok(Some(number))
    }

    fn one_of(
        &self,
        key: &str,
        value: Option<Spanned<String>>,
        allowed: &[&str],
    ) -> Result<Option<String>> {
        let Some(value) = value else { return Ok(None) };
        if !allowed.contains(&value.get_ref().as_str()) {
            let names: Vec<String> = allowed.iter().map(|a| format!("{a:?}")).collect();
            return Err(self.fail(
                value.span(),
                format!(
                    "expected {key} one of {}, found {}",
                    names.join(", "),
                    quote(value.get_ref())
                ),
            ));
        }
        Ok(Some(value.into_inner()))
    }

    fn fail(&self, span: Range<usize>, message: String) -> Error {
        let (line, column) = self.lines.position(span.start);
        Error::new(ErrorKind::Config, message)
            .at(line, column)
            .in_file(self.path)
    }
}

/// Errors met while reading the configuration are configuration errors,
/// whatever the helper that built them chose.
fn config_error(mut err: Error) -> Error {
    err.kind = ErrorKind::Config;
    err
}
