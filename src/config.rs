//! Finds and reads `transcrub.toml`, the project configuration: the
//! dictionaries a project always uses, its language and its subtitle settings.
//!
//! This module only reads and validates. It does not know the defaults and it
//! does not decide which value wins when a flag and the file disagree; that
//! precedence is the caller's business. Keys are spelled like the long flags
//! (`max-line-chars`, not `max_line_chars`), so users learn one set of names.
//! Unknown keys and tables are errors, with the file, line and column: a typo
//! must not silently fall back to a default.
//!
//! `[lint]` names rules by code or code prefix (`TR006`, `TR1`), checked
//! against the rule table, and paths by gitignore-style globs, compiled here
//! once: [`PathRules`] answers "is this file excluded, which rules are off
//! for it" so the linter never handles a glob itself.

use std::fmt::{self, Display};
use std::marker::PhantomData;
use std::ops::{Range, RangeInclusive};
use std::path::{Component, Path, PathBuf};

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use toml::Spanned;

use crate::error::{Error, ErrorKind, Result, quote};
use crate::line_index::LineIndex;
use crate::lint::rules;

/// The name looked for in each folder by [`Config::discover`].
pub const FILE_NAME: &str = "transcrub.toml";

/// The values a `--preset` names; each stands for a house style.
pub const PRESETS: &[&str] = &[
    "netflix-fr",
    "netflix-en",
    "bbc",
    "youtube",
    "netflix-ja",
    "netflix-zh",
];
/// The subtitle formats `format` may name.
pub const FORMATS: &[&str] = &["srt", "vtt", "ass"];
/// `auto` follows the language; `fr` adds French spacing before `?!:;`.
pub const TYPOGRAPHIES: &[&str] = &["auto", "fr", "none"];
/// The names `[lint.severity]` and `fail-on` may use, lowest first; the
/// names of [`crate::lint::Severity`].
pub const SEVERITIES: &[&str] = &["info", "warning", "error"];

/// One loaded `transcrub.toml`. Fields the file leaves out are `None` (or
/// empty), so the caller can tell "not set" from a default.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The file this was read from, for messages.
    pub path: PathBuf,
    /// Dictionary files, already resolved against the config file's folder.
    pub dictionaries: Vec<PathBuf>,
    /// The transcripts' language (`language = "fr"`), for artifact lists and
    /// line breaks.
    pub language: Option<String>,
    /// The `[subtitles]` table.
    pub subtitles: SubtitleSettings,
    /// The `[lint]` table.
    pub lint: LintSettings,
}

/// The `[subtitles]` table. Every value has passed its range check.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SubtitleSettings {
    /// One of [`PRESETS`].
    pub preset: Option<String>,
    /// One of [`FORMATS`].
    pub format: Option<String>,
    /// Characters a subtitle line may show.
    pub max_line_chars: Option<usize>,
    /// Lines a subtitle cue may have.
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
    /// Line breaks count as characters in reading speeds.
    pub cps_line_breaks: Option<bool>,
}

/// The `[lint]` table. Rule codes and prefixes are upper case and name at
/// least one rule; globs compile; tables keep the order they were written in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LintSettings {
    /// Rule codes or code prefixes to enable ("TR0", "TR101"); empty = all.
    pub select: Vec<String>,
    /// Codes or prefixes to disable, after select.
    pub ignore: Vec<String>,
    /// Severity per full code: one of [`SEVERITIES`].
    pub severity: Vec<(String, String)>,
    /// Glob -> codes or prefixes ignored in files matching the glob.
    pub per_file_ignores: Vec<(String, Vec<String>)>,
    /// Globs of paths not to lint (gitignore-style, relative to the config
    /// file's folder).
    pub exclude: Vec<String>,
    /// One of [`SEVERITIES`]: the lowest severity that fails the run.
    pub fail_on: Option<String>,
}

impl LintSettings {
    /// Whether `code` is enabled by select/ignore (prefix match; empty
    /// select = all). An ignore wins over a select, however specific.
    pub fn enabled(&self, code: &str) -> bool {
        let covers = |prefix: &String| starts_with_ignore_case(code, prefix);
        (self.select.is_empty() || self.select.iter().any(covers))
            && !self.ignore.iter().any(covers)
    }

    /// The configured severity name for `code`, if overridden (exact code
    /// match).
    pub fn severity_for(&self, code: &str) -> Option<&str> {
        self.severity
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(code))
            .map(|(_, severity)| severity.as_str())
    }
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// `[lint]`'s `exclude` and `per-file-ignores`, compiled once for a walk.
///
/// Globs match a path relative to the config file's folder, with `/`
/// separators, the way `.gitignore` lines do: `*` stops at `/`; a glob
/// without `/` (`*.tmp.srt`) matches a name in any folder, one with `/`
/// (`drafts/**`, `/notes.txt`) is anchored at the folder. A glob that
/// matches a folder covers everything under it (`drafts` excludes
/// `drafts/a.srt`). Paths outside the folder match nothing.
#[derive(Debug, Clone)]
pub struct PathRules {
    /// Absolute, without `.` or `..`.
    root: PathBuf,
    /// Relative paths are taken from here, read once.
    cwd: PathBuf,
    exclude: GlobSet,
    per_file: GlobSet,
    /// The codes of each `per_file` glob, by the glob's index.
    per_file_codes: Vec<Vec<String>>,
}

impl PathRules {
    /// `root` is the folder holding the configuration file.
    pub fn new(settings: &LintSettings, root: &Path) -> Result<PathRules> {
        let cwd = std::env::current_dir().map_err(|e| config_error(Error::io(root, &e)))?;
        Ok(PathRules {
            root: lexical(&cwd.join(root)),
            exclude: glob_set(&settings.exclude)?,
            per_file: glob_set(settings.per_file_ignores.iter().map(|(glob, _)| glob))?,
            per_file_codes: (settings.per_file_ignores.iter())
                .map(|(_, codes)| codes.clone())
                .collect(),
            cwd,
        })
    }

    /// Whether `path` (as walked; may be absolute or relative to cwd) is
    /// excluded, itself or through one of the folders it is in.
    pub fn excluded(&self, path: &Path) -> bool {
        self.candidates(path)
            .iter()
            .any(|candidate| self.exclude.is_match(candidate))
    }

    /// Codes/prefixes ignored for `path` by per-file-ignores, in the order
    /// the file gives them, each once.
    pub fn ignored_for(&self, path: &Path) -> Vec<&str> {
        let mut matched: Vec<usize> = self
            .candidates(path)
            .iter()
            .flat_map(|candidate| self.per_file.matches(candidate))
            .collect();
        matched.sort_unstable();
        matched.dedup();
        let mut codes: Vec<&str> = Vec::new();
        for code in matched.iter().flat_map(|&i| &self.per_file_codes[i]) {
            if !codes.contains(&code.as_str()) {
                codes.push(code);
            }
        }
        codes
    }

    /// `path` relative to the root, then each folder above it:
    /// `a/b/c.srt` gives `a`, `a/b`, `a/b/c.srt`. Empty outside the root.
    fn candidates(&self, path: &Path) -> Vec<String> {
        let absolute = lexical(&self.cwd.join(path));
        let Ok(relative) = absolute.strip_prefix(&self.root) else {
            return Vec::new();
        };
        let mut candidates: Vec<String> = Vec::new();
        for part in relative.components() {
            let part = part.as_os_str().to_string_lossy();
            let candidate = match candidates.last() {
                Some(parent) => format!("{parent}/{part}"),
                None => part.into_owned(),
            };
            candidates.push(candidate);
        }
        candidates
    }
}

fn glob_set<'a>(patterns: impl IntoIterator<Item = &'a String>) -> Result<GlobSet> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        builder.add(compile_glob(pattern).map_err(|m| Error::new(ErrorKind::Config, m))?);
    }
    (builder.build()).map_err(|err| Error::new(ErrorKind::Config, err.to_string()))
}

/// Compiles a `[lint]` glob the `.gitignore` way (see [`PathRules`]); a
/// trailing `/` does not anchor, as in `.gitignore`. The error is the
/// message for the user.
fn compile_glob(pattern: &str) -> std::result::Result<Glob, String> {
    let trimmed = pattern.strip_suffix('/').unwrap_or(pattern);
    let anchored = match trimmed.strip_prefix('/') {
        Some(rest) => rest.to_string(),
        None if trimmed.contains('/') => trimmed.to_string(),
        None => format!("**/{trimmed}"),
    };
    GlobBuilder::new(&anchored)
        .literal_separator(true)
        .build()
        .map_err(|err| format!("expected a glob, found {}: {}", quote(pattern), err.kind()))
}

/// `path` without `.` and `..` components, without asking the file system
/// (so `..` after a symlink goes back up the link's own path).
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FileToml {
    #[serde(default)]
    dictionaries: Vec<PathBuf>,
    language: Option<Spanned<String>>,
    subtitles: Option<SubtitlesToml>,
    lint: Option<LintToml>,
}

#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    rename_all = "kebab-case",
    expecting = "a [lint] table"
)]
struct LintToml {
    #[serde(default)]
    select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: Entries<Spanned<String>>,
    #[serde(default)]
    per_file_ignores: Entries<Vec<Spanned<String>>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    fail_on: Option<Spanned<String>>,
}

/// A TOML table's entries in the order they were written, each key with
/// its position; a map type would sort them.
struct Entries<V>(Vec<(Spanned<String>, V)>);

impl<V> Default for Entries<V> {
    fn default() -> Self {
        Entries(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Entries<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct EntriesVisitor<V>(PhantomData<V>);

        impl<'de, V: Deserialize<'de>> Visitor<'de> for EntriesVisitor<V> {
            type Value = Entries<V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table")
            }

            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Entries<V>, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }

        deserializer.deserialize_map(EntriesVisitor(PhantomData))
    }
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
    min_gap: Option<Spanned<u64>>,
    typography: Option<Spanned<String>>,
    rate: Option<Spanned<f64>>,
    cps_line_breaks: Option<bool>,
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
        let text = crate::encoding::read_utf8(path, ErrorKind::Config)?;
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
            language: check.language(file.language)?,
            subtitles: match file.subtitles {
                Some(table) => check.subtitles(table)?,
                None => SubtitleSettings::default(),
            },
            lint: match file.lint {
                Some(table) => check.lint(table)?,
                None => LintSettings::default(),
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
    /// A language: an ISO 639 code, as `--lang` takes; the file refuses
    /// a typo at the value.
    fn language(&self, value: Option<Spanned<String>>) -> Result<Option<String>> {
        let Some(value) = value else { return Ok(None) };
        if !crate::language::is_known(value.get_ref()) {
            return Err(self.fail(
                value.span(),
                format!(
                    "expected a language's ISO 639 code such as sv or fr-CA, found {}",
                    quote(value.get_ref())
                ),
            ));
        }
        Ok(Some(value.into_inner()))
    }

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
            max_cps: self.speed("max-cps", table.max_cps)?,
            min_duration: self.within("min-duration", table.min_duration, 0..=60_000)?,
            max_duration: self.within("max-duration", table.max_duration, 1..=60_000)?,
            min_gap: self.within("min-gap", table.min_gap, 0..=5_000)?,
            typography: self.one_of("typography", table.typography, TYPOGRAPHIES)?,
            rate: self.speed("rate", table.rate)?,
            cps_line_breaks: table.cps_line_breaks,
        })
    }

    fn lint(&self, table: LintToml) -> Result<LintSettings> {
        let rules = |codes: Vec<Spanned<String>>| -> Result<Vec<String>> {
            codes.into_iter().map(|code| self.rule(code)).collect()
        };
        let mut severity: Vec<(String, String)> = Vec::new();
        for (code, name) in table.severity.0 {
            let span = code.span();
            let code = self.rule(code)?;
            // `rule` let a prefix through; a severity is for one rule.
            if rules::by_code(&code).is_none() {
                return Err(self.fail(
                    span,
                    format!("expected a full rule code like \"TR006\", found prefix {code}"),
                ));
            }
            if severity.iter().any(|(seen, _)| *seen == code) {
                return Err(self.fail(
                    span,
                    format!("expected each rule once in [lint.severity], found {code} again"),
                ));
            }
            let name = self.one_of("severity", Some(name), SEVERITIES)?;
            severity.push((code, name.unwrap_or_default()));
        }
        let mut per_file_ignores = Vec::new();
        for (glob, codes) in table.per_file_ignores.0 {
            per_file_ignores.push((self.glob(glob)?, rules(codes)?));
        }
        Ok(LintSettings {
            select: rules(table.select)?,
            ignore: rules(table.ignore)?,
            severity,
            per_file_ignores,
            exclude: (table.exclude.into_iter())
                .map(|glob| self.glob(glob))
                .collect::<Result<_>>()?,
            fail_on: self.one_of("fail-on", table.fail_on, SEVERITIES)?,
        })
    }

    /// A rule code (`TR006`) naming a rule of the table, or a prefix of
    /// one (`TR1`); returned upper case.
    fn rule(&self, code: Spanned<String>) -> Result<String> {
        let found = code.get_ref();
        let upper = found.to_ascii_uppercase();
        let digits = upper.strip_prefix("TR").unwrap_or_default();
        if !(1..=3).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(self.fail(
                code.span(),
                format!(
                    "expected a rule code or prefix like \"TR006\" or \"TR1\", found {}",
                    quote(found)
                ),
            ));
        }
        if digits.len() == 3 && rules::by_code(&upper).is_none() {
            return Err(self.fail(
                code.span(),
                format!("expected a known rule code, found unknown rule {upper}"),
            ));
        }
        if !rules::ALL.iter().any(|rule| rule.code.starts_with(&upper)) {
            return Err(self.fail(
                code.span(),
                format!("expected a prefix of a known rule code, found {upper}, which starts none"),
            ));
        }
        Ok(upper)
    }

    fn glob(&self, pattern: Spanned<String>) -> Result<String> {
        match compile_glob(pattern.get_ref()) {
            Ok(_) => Ok(pattern.into_inner()),
            Err(message) => Err(self.fail(pattern.span(), message)),
        }
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

    /// Characters per second: above zero, then between 1 and 100, the
    /// range of human reading and speech (and of arithmetic that cannot
    /// overflow a timeline).
    fn speed(&self, key: &str, value: Option<Spanned<f64>>) -> Result<Option<f64>> {
        let span = value.as_ref().map(Spanned::span);
        let Some(number) = self.positive(key, value)? else {
            return Ok(None);
        };
        if !(1.0..=100.0).contains(&number) {
            return Err(self.fail(
                span.unwrap_or(0..0),
                format!("expected {key} between 1 and 100, found {number}"),
            ));
        }
        Ok(Some(number))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::Severity;

    fn codes(list: &[&str]) -> Vec<String> {
        list.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn severities_are_the_linters_names_lowest_first() {
        let parsed: Vec<Severity> = SEVERITIES
            .iter()
            .map(|name| Severity::from_name(name).expect(name))
            .collect();
        assert_eq!(parsed, [Severity::Info, Severity::Warning, Severity::Error]);
    }

    #[test]
    fn every_rule_is_enabled_when_nothing_is_selected() {
        let settings = LintSettings::default();
        assert!(rules::ALL.iter().all(|rule| settings.enabled(rule.code)));
    }

    #[test]
    fn select_enables_by_prefix_and_ignore_wins() {
        let settings = LintSettings {
            select: codes(&["TR0", "TR101"]),
            ignore: codes(&["TR006", "TR1"]),
            ..LintSettings::default()
        };
        assert!(settings.enabled("TR001"));
        assert!(
            settings.enabled("tr008"),
            "codes compare case-insensitively"
        );
        assert!(!settings.enabled("TR006"), "ignored after select");
        assert!(
            !settings.enabled("TR101"),
            "an ignore prefix beats an exact select"
        );
        assert!(!settings.enabled("TR201"), "not selected");
    }

    #[test]
    fn a_prefix_longer_than_the_code_covers_nothing() {
        let settings = LintSettings {
            select: codes(&["TR0010"]),
            ..LintSettings::default()
        };
        assert!(!settings.enabled("TR001"));
    }

    #[test]
    fn severity_for_matches_the_exact_code_only() {
        let settings = LintSettings {
            severity: vec![("TR006".into(), "error".into())],
            ..LintSettings::default()
        };
        assert_eq!(settings.severity_for("TR006"), Some("error"));
        assert_eq!(settings.severity_for("tr006"), Some("error"));
        assert_eq!(settings.severity_for("TR00"), None);
        assert_eq!(settings.severity_for("TR007"), None);
    }

    /// Rules for a project in `root`, excluding `exclude`.
    fn path_rules(root: &Path, exclude: &[&str], per_file: &[(&str, &[&str])]) -> PathRules {
        let settings = LintSettings {
            exclude: codes(exclude),
            per_file_ignores: (per_file.iter())
                .map(|(glob, list)| (glob.to_string(), codes(list)))
                .collect(),
            ..LintSettings::default()
        };
        PathRules::new(&settings, root).unwrap()
    }

    #[test]
    fn a_glob_without_a_slash_matches_a_name_in_any_folder() {
        let root = Path::new("/project");
        let rules = path_rules(root, &["*.tmp.srt"], &[]);
        assert!(rules.excluded(Path::new("/project/a.tmp.srt")));
        assert!(rules.excluded(Path::new("/project/s01/e02/a.tmp.srt")));
        assert!(!rules.excluded(Path::new("/project/a.srt")));
    }

    #[test]
    fn a_glob_with_a_slash_is_anchored_at_the_config_folder() {
        let root = Path::new("/project");
        let rules = path_rules(root, &["drafts/**", "/notes.txt"], &[]);
        assert!(rules.excluded(Path::new("/project/drafts/a.srt")));
        assert!(rules.excluded(Path::new("/project/drafts/s01/a.srt")));
        assert!(!rules.excluded(Path::new("/project/s01/drafts/a.srt")));
        assert!(rules.excluded(Path::new("/project/notes.txt")));
        assert!(!rules.excluded(Path::new("/project/s01/notes.txt")));
    }

    #[test]
    fn a_star_stops_at_a_slash() {
        let rules = path_rules(Path::new("/project"), &["drafts/*.srt"], &[]);
        assert!(rules.excluded(Path::new("/project/drafts/a.srt")));
        assert!(!rules.excluded(Path::new("/project/drafts/s01/a.srt")));
    }

    #[test]
    fn a_glob_naming_a_folder_covers_what_is_in_it() {
        let rules = path_rules(Path::new("/project"), &["archive", "old/"], &[]);
        assert!(rules.excluded(Path::new("/project/archive/2019/a.srt")));
        assert!(rules.excluded(Path::new("/project/s01/old/a.srt")));
        assert!(!rules.excluded(Path::new("/project/archived.srt")));
    }

    #[test]
    fn paths_outside_the_config_folder_match_nothing() {
        let rules = path_rules(Path::new("/project"), &["*.srt"], &[("*.srt", &["TR1"])]);
        assert!(!rules.excluded(Path::new("/elsewhere/a.srt")));
        assert!(!rules.excluded(Path::new("/project-b/a.srt")));
        assert!(rules.ignored_for(Path::new("/elsewhere/a.srt")).is_empty());
    }

    #[test]
    fn dot_and_dot_dot_are_resolved_before_matching() {
        let rules = path_rules(Path::new("/project/./sub/.."), &["drafts/**"], &[]);
        assert!(rules.excluded(Path::new("/project/s01/../drafts/./a.srt")));
    }

    #[test]
    fn relative_paths_are_taken_from_the_current_folder() {
        let cwd = std::env::current_dir().unwrap();
        let rules = path_rules(&cwd.join("project"), &["drafts/**"], &[]);
        assert!(rules.excluded(Path::new("project/drafts/a.srt")));
        assert!(rules.excluded(Path::new("./project/drafts/a.srt")));
        assert!(
            !rules.excluded(Path::new("drafts/a.srt")),
            "not under the root"
        );
        // A relative root is taken from the current folder too.
        let rules = path_rules(Path::new("project"), &["drafts/**"], &[]);
        assert!(rules.excluded(&cwd.join("project/drafts/a.srt")));
    }

    #[test]
    fn per_file_ignores_gather_the_codes_of_every_matching_glob() {
        let rules = path_rules(
            Path::new("/project"),
            &[],
            &[
                ("archive/**", &["TR101", "TR103"]),
                ("*.srt", &["TR0", "TR101"]),
                ("*.vtt", &["TR2"]),
            ],
        );
        assert_eq!(
            rules.ignored_for(Path::new("/project/archive/a.srt")),
            ["TR101", "TR103", "TR0"]
        );
        assert_eq!(
            rules.ignored_for(Path::new("/project/s01/a.srt")),
            ["TR0", "TR101"]
        );
        assert!(rules.ignored_for(Path::new("/project/a.txt")).is_empty());
    }

    #[test]
    fn a_bad_glob_built_by_hand_is_an_error() {
        let settings = LintSettings {
            exclude: codes(&["[abc"]),
            ..LintSettings::default()
        };
        let err = PathRules::new(&settings, Path::new("/project")).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Config);
        assert!(
            err.message.starts_with("expected a glob, found \"[abc\""),
            "{err}"
        );
    }
}
