//! TR202 not-utf8: the file is not UTF-8: it was read as Windows-1252.

use crate::error::Error;
use crate::lint::check::Lines;
use crate::lint::diagnostic::Diagnostic;
use crate::lint::diagnostic::Severity;
use crate::lint::rule::RuleInfo;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR202",
    name: "not-utf8",
    severity: Severity::Warning,
    summary: "the file is not UTF-8: it was read in a legacy encoding, or some bytes were replaced",
    explanation: "Players and the web expect UTF-8. A file with no UTF-8 in it is read in the legacy encoding its bytes point to (Windows-1252 for most older French subtitles); a UTF-8 file with a few bad bytes (whisper.cpp cuts characters between tokens) keeps its UTF-8 and each bad byte becomes U+FFFD, reported where it stands. `clean` writes a file back in the encoding it was read in; `clean --utf8` writes it as UTF-8.",
    example: "a file saved by an old subtitle editor in Windows-1252 -> the same text in UTF-8",
};

/// The whole file is concerned; the finding points at its first line.
/// No span fix: `transcrub clean --utf8` writes UTF-8 (`clean` and
/// `lint --fix` keep the encoding the file was read in).
pub fn check(warning: &str, lines: &Lines) -> Diagnostic {
    lines.whole_line(
        &RULE,
        1,
        format!("{warning}; `transcrub clean --in-place --utf8` rewrites it as UTF-8"),
        None,
    )
}

/// A bad byte of a UTF-8 file, replaced with U+FFFD where it stands.
pub fn repaired(repair: &Error, lines: &Lines) -> Diagnostic {
    let (line, column) = (repair.line.unwrap_or(1), repair.column.unwrap_or(1));
    lines.diagnostic(
        &RULE,
        (line, column),
        (line, column + 1),
        repair.message.clone(),
        None,
    )
}
