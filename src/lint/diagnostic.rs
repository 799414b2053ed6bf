//! What `lint` reports: a finding at a span of a file, with the rule that
//! found it, its severity and, where one is possible, a fix whose safety is
//! decided for this finding (ruff's model).

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

use super::rule::RuleInfo;

/// How much a finding matters; `--fail-on` compares against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// Worth a look; never fails a run unless `--fail-on info`.
    Info,
    /// Probably wrong: a dictionary variant, a line or cue over a limit.
    Warning,
    /// Wrong for whoever reads it: invented text, a loop, mojibake, cues
    /// out of order.
    Error,
}

impl Severity {
    /// The lower-case name used in output and `[lint.severity]`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The severity of that lower-case name.
    pub fn from_name(name: &str) -> Option<Severity> {
        match name {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether a fix may be applied without a human looking: `--fix` applies
/// safe ones, `--unsafe-fixes` also the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Applicability {
    /// Certain to be right: an exact dictionary variant, a doubled space.
    Safe,
    /// A guess: a fuzzy match, a possible loop; applied only with
    /// `--unsafe-fixes`.
    Unsafe,
}

/// What a fix puts in place of the diagnostic's span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// The new text of the span (empty: remove it).
    pub replacement: String,
    /// Whether `--fix` may apply it alone.
    pub applicability: Applicability,
}

impl Fix {
    /// A fix `--fix` applies.
    pub fn safe(replacement: impl Into<String>) -> Fix {
        Fix {
            replacement: replacement.into(),
            applicability: Applicability::Safe,
        }
    }

    /// A fix applied only with `--unsafe-fixes`.
    pub fn unsafe_(replacement: impl Into<String>) -> Fix {
        Fix {
            replacement: replacement.into(),
            applicability: Applicability::Unsafe,
        }
    }
}

/// One finding. Positions are 1-based; columns count characters; the end
/// is exclusive (the character after the span), as in SARIF.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The file, as given on the command line or found in a folder.
    pub path: PathBuf,
    /// 1-based line where the span starts.
    pub line: usize,
    /// 1-based column, in characters, where the span starts.
    pub column: usize,
    /// 1-based line where the span ends.
    pub end_line: usize,
    /// 1-based column of the character after the span.
    pub end_column: usize,
    /// The rule that found it, from the rule table.
    pub rule: &'static RuleInfo,
    /// The rule's default, or the configuration's override.
    pub severity: Severity,
    /// What is wrong here, with the text quoted.
    pub message: String,
    /// The replacement of the span, where the rule can propose one.
    pub fix: Option<Fix>,
    /// The text of line `line` of the file around the span, for showing it.
    pub source_line: SourceLine,
}

/// What a finding is shown in: its line, or, in a line too long to show
/// (a Whisper JSON file is one line of megabytes), the span with some
/// context on each side. Only this part is kept: a thousand findings in
/// a one-megabyte line once held a copy of the line each.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceLine {
    /// The characters shown.
    pub text: String,
    /// Characters of the line before `text`.
    pub skipped: usize,
    /// Whether the line goes on after `text`.
    pub cut: bool,
}

impl SourceLine {
    /// All of a line.
    pub fn whole(text: impl Into<String>) -> SourceLine {
        SourceLine {
            text: text.into(),
            skipped: 0,
            cut: false,
        }
    }
}

impl Diagnostic {
    /// A finding at the rule's default severity, without a fix.
    pub fn new(
        path: PathBuf,
        rule: &'static RuleInfo,
        (line, column): (usize, usize),
        (end_line, end_column): (usize, usize),
        message: String,
        source_line: SourceLine,
    ) -> Diagnostic {
        Diagnostic {
            path,
            line,
            column,
            end_line,
            end_column,
            rule,
            severity: rule.severity,
            message,
            fix: None,
            source_line,
        }
    }
}
