//! Diagnostics that the format tests share, built by hand so that each
//! format's expected output can be read next to its input.

use std::path::PathBuf;

use crate::lint::diagnostic::{Diagnostic, Fix};
use crate::lint::rule::RuleInfo;
use crate::lint::rules::by_code;

/// The rule with this code, from the table the formats name rules from.
pub fn rule(code: &str) -> &'static RuleInfo {
    by_code(code).unwrap_or_else(|| panic!("no rule {code} in rules::ALL"))
}

/// A finding of rule `code` at `line:column`..`end_line:end_column`, with
/// the rule's default severity and no fix.
pub fn diagnostic(
    code: &str,
    path: &str,
    (line, column): (usize, usize),
    (end_line, end_column): (usize, usize),
    message: &str,
    source_line: &str,
) -> Diagnostic {
    Diagnostic::new(
        PathBuf::from(path),
        rule(code),
        (line, column),
        (end_line, end_column),
        message.to_string(),
        crate::lint::SourceLine::whole(source_line),
    )
}

/// Three findings covering what the formats must tell apart: a safe
/// replacement (warning), an unsafe removal spanning two lines (error),
/// and a finding without a fix (info).
pub fn three() -> Vec<Diagnostic> {
    let mut variant = diagnostic(
        "TR001",
        "subs/ep1.srt",
        (12, 4),
        (12, 16),
        "\"stick search\" is a known misrecognition of \"Elasticsearch\"",
        "la stick search ici",
    );
    variant.fix = Some(Fix::safe("Elasticsearch"));
    let mut hallucination = diagnostic(
        "TR002",
        "subs/ep1.srt",
        (40, 1),
        (41, 8),
        "invented text: \"Sous-titrage ST' 501\"",
        "Sous-titrage ST' 501",
    );
    hallucination.fix = Some(Fix::unsafe_(""));
    let whitespace = diagnostic(
        "TR008",
        "subs/ep2.srt",
        (3, 6),
        (3, 8),
        "two spaces between words",
        "Merci  beaucoup",
    );
    vec![variant, hallucination, whitespace]
}
