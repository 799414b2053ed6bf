//! How `lint` reports its diagnostics: one writer per output format, each
//! taking the diagnostics as found (already sorted) and any `io::Write`.
//! Deciding what to report, and whether colour is wanted, is the caller's.

use std::io::{self, Write};

use super::diagnostic::{Applicability, Diagnostic, Fix};

mod concise;
mod github;
mod human;
mod json;
mod sarif;

#[cfg(test)]
mod sample;

/// The `--output-format` of `lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[non_exhaustive]
pub enum OutputFormat {
    /// For people: each finding with its line of text, the span underlined
    /// and the fix, if any.
    #[default]
    Human,
    /// One line per finding: `path:line:column: CODE message`.
    Concise,
    /// JSON Lines, one object per finding (fields in docs/lint-json.md).
    Json,
    /// GitHub Actions workflow commands, shown as annotations on the diff.
    Github,
    /// One SARIF 2.1.0 document, for code scanning and other viewers.
    Sarif,
}

/// How the human format looks. The caller decides colour (a terminal, and
/// `NO_COLOR` unset) because only it knows where the output goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    /// Whether to colour with ANSI escapes.
    pub color: bool,
}

/// Writes all diagnostics (already sorted by path, line, column) in the format.
pub fn write(
    out: &mut dyn Write,
    format: OutputFormat,
    diagnostics: &[Diagnostic],
    style: Style,
) -> io::Result<()> {
    match format {
        OutputFormat::Human => human::write(out, diagnostics, style),
        OutputFormat::Concise => concise::write(out, diagnostics),
        OutputFormat::Json => json::write(out, diagnostics),
        OutputFormat::Github => github::write(out, diagnostics),
        OutputFormat::Sarif => sarif::write(out, diagnostics),
    }
}

/// How a fix's safety is written, the same word as in the JSON format.
fn applicability_name(applicability: Applicability) -> &'static str {
    match applicability {
        Applicability::Safe => "safe",
        Applicability::Unsafe => "unsafe",
    }
}

/// What a fix does, in words: `remove`, or `replace with "X"` (the
/// replacement quoted as a Rust string, so a newline or a trailing space
/// can be seen).
fn fix_summary(fix: &Fix) -> String {
    if fix.replacement.is_empty() {
        "remove".to_string()
    } else {
        format!("replace with {:?}", fix.replacement)
    }
}
