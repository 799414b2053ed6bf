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
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

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
pub enum Applicability {
    Safe,
    Unsafe,
}

/// What a fix puts in place of the diagnostic's span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// The new text of the span (empty: remove it).
    pub replacement: String,
    pub applicability: Applicability,
}

impl Fix {
    pub fn safe(replacement: impl Into<String>) -> Fix {
        Fix {
            replacement: replacement.into(),
            applicability: Applicability::Safe,
        }
    }

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
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub rule: &'static RuleInfo,
    /// The rule's default, or the configuration's override.
    pub severity: Severity,
    pub message: String,
    pub fix: Option<Fix>,
    /// The text of line `line` of the file, for showing the span.
    pub source_line: String,
}

impl Diagnostic {
    /// A finding at the rule's default severity, without a fix.
    pub fn new(
        path: PathBuf,
        rule: &'static RuleInfo,
        (line, column): (usize, usize),
        (end_line, end_column): (usize, usize),
        message: String,
        source_line: String,
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
