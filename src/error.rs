//! Errors with positions. Every error a user can cause names the file, the
//! line and column where it was found, what was expected and what was found.
//! Messages are lower case and fit on one line, ripgrep style.

use std::fmt;
use std::path::{Path, PathBuf};

/// What went wrong, coarsely: the CLI maps every kind to exit code 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A transcript or subtitle file does not parse.
    Parse,
    /// A dictionary file does not load.
    Dictionary,
    /// Two dictionary terms claim the same variant (`dict check` reports it
    /// as a finding).
    Conflict,
    /// A `transcrub.toml` configuration file does not load.
    Config,
    /// Reading or writing a file failed.
    Io,
    /// The request cannot be carried out (e.g. `--to srt` for untimed text).
    Usage,
    /// Whoever read our output stopped reading (`| head`): not a failure.
    Closed,
}

/// An error with the position it points at, where one is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What went wrong, for callers that react to it (exit code, retry).
    pub kind: ErrorKind,
    /// The file the error is about, if any.
    pub path: Option<PathBuf>,
    /// 1-based line, if the error is about a place in a file.
    pub line: Option<usize>,
    /// 1-based column in characters, if known.
    pub column: Option<usize>,
    /// What was expected and what was found, lower case, without the position.
    pub message: String,
}

/// A result whose error is transcrub's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// An error without a position; add one with [`Error::at`] and [`Error::in_file`].
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            path: None,
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// A parse error at a 1-based line and column.
    pub fn parse(line: usize, column: usize, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Parse, message).at(line, column)
    }

    /// A request that cannot be carried out, e.g. subtitles from untimed text.
    pub fn usage(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Usage, message)
    }

    /// A failed read or write of `path`, in our own words rather than the OS's.
    pub fn io(path: &Path, err: &std::io::Error) -> Error {
        Error::new(ErrorKind::Io, io_message(err)).in_file(path)
    }

    /// Sets the 1-based line and column (in characters) the error points at.
    pub fn at(mut self, line: usize, column: usize) -> Error {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Names the file, unless a more precise one was already named.
    pub fn in_file(mut self, path: &Path) -> Error {
        if self.path.is_none() {
            self.path = Some(path.to_path_buf());
        }
        self
    }
}

/// What an output written to `to` is called in messages: "stdout" for
/// `-`, else the path.
pub fn place(to: &std::path::Path) -> String {
    match to.as_os_str() == "-" {
        true => "stdout".to_string(),
        false => to.display().to_string(),
    }
}

/// An error writing an output to `to`: printing, when `to` is `-`
/// (stdout); else the file's.
pub fn cannot_write(to: &std::path::Path, err: std::io::Error) -> Error {
    match to.as_os_str() == "-" {
        true => cannot_print(err),
        false => Error::io(to, &err),
    }
}

/// An error printing to stdout or stderr; a closed pipe is `Closed`.
pub fn cannot_print(err: std::io::Error) -> Error {
    if err.kind() == std::io::ErrorKind::BrokenPipe {
        return Error::new(ErrorKind::Closed, "output closed");
    }
    Error::new(ErrorKind::Io, format!("cannot print: {}", io_message(&err)))
}

/// `std::io::Error`'s Display adds "(os error 2)"; users want the reason only.
fn io_message(err: &std::io::Error) -> String {
    let text = err.to_string();
    let text = match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    };
    text.to_lowercase()
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}:", path.display())?;
        }
        match (self.line, self.column) {
            (Some(line), Some(col)) => write!(f, "{line}:{col}: ")?,
            (Some(line), None) => write!(f, "{line}: ")?,
            _ if self.path.is_some() => write!(f, " ")?,
            _ => {}
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// A TOML syntax or schema error, at its position in `path`.
pub(crate) fn toml_error(
    err: &toml::de::Error,
    lines: &crate::line_index::LineIndex,
    path: &Path,
) -> Error {
    let (line, column) = err.span().map_or((1, 1), |s| lines.position(s.start));
    Error::new(
        ErrorKind::Dictionary,
        err.message().trim().replace('\n', " "),
    )
    .at(line, column)
    .in_file(path)
}

/// The one-line reason of a regex syntax error (the crate's message spans
/// several lines, with the pattern drawn above a caret).
pub fn regex_reason(err: &regex::Error) -> String {
    if let regex::Error::CompiledTooBig(limit) = err {
        return format!(
            "expected a pattern that compiles to at most {limit} bytes, found a larger one (a long alternation or a large repetition such as .{{1000}}); split it or simplify it"
        );
    }
    let text = err.to_string();
    let reason = text
        .lines()
        .rev()
        .find(|l| l.starts_with("error:"))
        .unwrap_or("invalid regex");
    reason.trim_start_matches("error: ").to_string()
}

/// Quotes user text in messages, shortened so an error stays on one line.
pub fn quote(found: &str) -> String {
    const MAX: usize = 40;
    let mut shown: String = found.chars().take(MAX).collect();
    if found.chars().count() > MAX {
        shown.push('…');
    }
    format!("{shown:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_puts_file_line_and_column_first() {
        let err =
            Error::parse(14, 14, "expected \"-->\", found \"->\"").in_file(Path::new("a.srt"));
        assert_eq!(
            err.to_string(),
            "a.srt:14:14: expected \"-->\", found \"->\""
        );
    }

    #[test]
    fn a_regex_over_the_size_limit_says_so() {
        let err = regex::RegexBuilder::new("a{1000}{1000}")
            .size_limit(1 << 10)
            .build()
            .unwrap_err();
        assert!(
            regex_reason(&err).contains("compiles to at most 1024 bytes"),
            "{}",
            regex_reason(&err)
        );
    }

    #[test]
    fn quote_shortens_long_text() {
        let long = "x".repeat(100);
        assert_eq!(quote(&long).chars().count(), 43);
    }
}
