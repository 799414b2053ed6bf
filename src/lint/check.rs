//! Runs every rule on one file and returns its findings, at the rules'
//! default severities and unfiltered: selection, per-file ignores and
//! severity overrides are the caller's (`command/lint.rs`).

use std::path::Path;

use crate::change::{Change, Rule};
use crate::clean::{Cleaned, Cleaner};
use crate::error::Error;
use crate::format::Format;
use crate::segment::{BreakWords, Limits};
use crate::transcript::Transcript;
use crate::word_hash::FastMap;

use super::diagnostic::{Diagnostic, Fix, SourceLine};
use super::rule::RuleInfo;
use super::rules;

/// What every file is checked against.
pub struct Linter<'a> {
    /// The dictionary and artifact lists the content rules use.
    pub cleaner: &'a Cleaner,
    /// The subtitle limits the timing and layout rules measure against.
    pub limits: Limits,
    /// The transcripts' language, for the not-speech rule.
    pub language: Option<String>,
}

/// One file as read.
pub struct File<'a> {
    /// Where the file is, as findings will name it.
    pub path: &'a Path,
    /// The decoded text, for positions and source lines.
    pub text: &'a str,
    /// The format it was read as.
    pub format: Format,
    /// The transcript the lenient reader made of it.
    pub transcript: &'a Transcript,
    /// Why the bytes were not read as UTF-8.
    pub encoding_warning: Option<&'a str>,
    /// Bytes that were not UTF-8 in a UTF-8 file, replaced, at their places.
    pub encoding_repairs: &'a [Error],
    /// What the lenient reader repaired, with positions.
    pub format_warnings: &'a [Error],
}

/// A file's lines, to show and measure spans.
pub struct Lines<'a> {
    path: &'a Path,
    lines: Vec<&'a str>,
    /// For each line longer than `INDEXED_LINE_BYTES`: the byte offset of
    /// every `CHARS_PER_MARK`-th character, and how many characters the
    /// line has; found once, so that a finding far into a long line is
    /// not a count from its start.
    marks: FastMap<usize, (Vec<usize>, usize)>,
}

/// Lines at most this long are counted from their start for each finding.
const INDEXED_LINE_BYTES: usize = 4096;
const CHARS_PER_MARK: usize = 1024;
/// Lines of more characters are shown as a window around the finding:
/// `CONTEXT` characters on each side, at most `CONTEXT` of the span.
pub(super) const LONG_LINE: usize = 120;
pub(super) const CONTEXT: usize = 40;

impl<'a> Lines<'a> {
    /// Splits `text` into lines (without their `\r`), for findings in `path`.
    pub fn new(path: &'a Path, text: &'a str) -> Lines<'a> {
        let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
        let marks = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.len() > INDEXED_LINE_BYTES)
            .map(|(i, l)| {
                let mut marks = Vec::with_capacity(l.len() / CHARS_PER_MARK + 1);
                let mut chars = 0;
                for (byte, _) in l.char_indices() {
                    if chars % CHARS_PER_MARK == 0 {
                        marks.push(byte);
                    }
                    chars += 1;
                }
                (i, (marks, chars))
            })
            .collect();
        Lines { path, lines, marks }
    }

    /// Characters in 1-based line `n`.
    fn chars(&self, n: usize) -> usize {
        match self.marks.get(&n.wrapping_sub(1)) {
            Some((_, chars)) => *chars,
            None => self.get(n).chars().count(),
        }
    }

    /// The byte offset of character `k` of 1-based line `n` (its length
    /// from the last character on).
    fn byte_of(&self, n: usize, k: usize) -> usize {
        let text = self.get(n);
        let (from, skip) = match self.marks.get(&n.wrapping_sub(1)) {
            Some((marks, _)) => match marks.get(k / CHARS_PER_MARK) {
                Some(&byte) => (byte, k % CHARS_PER_MARK),
                None => return text.len(),
            },
            None => (0, k),
        };
        text[from..]
            .char_indices()
            .nth(skip)
            .map_or(text.len(), |(byte, _)| from + byte)
    }

    /// What a finding from `line:column` to `end_line:end_column` is
    /// shown in: the line, or the part of a long one around the span.
    fn source_line(
        &self,
        (line, column): (usize, usize),
        (end_line, end_column): (usize, usize),
    ) -> SourceLine {
        let text = self.get(line);
        if text.len() <= LONG_LINE {
            return SourceLine::whole(text);
        }
        let chars = self.chars(line);
        if chars <= LONG_LINE {
            return SourceLine::whole(text);
        }
        let start = column.saturating_sub(1);
        let end = if end_line > line {
            chars
        } else {
            end_column.saturating_sub(1)
        };
        let carets = end.saturating_sub(start).clamp(1, CONTEXT);
        let from = start.saturating_sub(CONTEXT).min(chars);
        let to = (start + carets + CONTEXT).clamp(from, chars);
        SourceLine {
            text: text[self.byte_of(line, from)..self.byte_of(line, to)].to_string(),
            skipped: from,
            cut: to < chars,
        }
    }

    /// Text of 1-based line `n`.
    pub fn get(&self, n: usize) -> &'a str {
        n.checked_sub(1)
            .and_then(|i| self.lines.get(i))
            .copied()
            .unwrap_or("")
    }

    /// A finding from `line:column` to `end_line:end_column` (exclusive).
    pub fn diagnostic(
        &self,
        rule: &'static RuleInfo,
        (line, column): (usize, usize),
        (end_line, end_column): (usize, usize),
        message: String,
        fix: Option<Fix>,
    ) -> Diagnostic {
        Diagnostic {
            fix,
            ..Diagnostic::new(
                self.path.to_path_buf(),
                rule,
                (line, column),
                (end_line, end_column),
                message,
                self.source_line((line, column), (end_line, end_column)),
            )
        }
    }

    /// A finding over the span a change replaced.
    pub fn of_change(
        &self,
        rule: &'static RuleInfo,
        change: &Change,
        message: String,
        fix: Option<Fix>,
    ) -> Diagnostic {
        let end = change
            .end
            .unwrap_or_else(|| end_of(change.line, change.column, &change.before));
        self.diagnostic(rule, (change.line, change.column), end, message, fix)
    }

    /// A finding over the whole of line `n`.
    pub fn whole_line(
        &self,
        rule: &'static RuleInfo,
        n: usize,
        message: String,
        fix: Option<Fix>,
    ) -> Diagnostic {
        let end = self.chars(n) + 1;
        self.diagnostic(rule, (n, 1), (n, end.max(2)), message, fix)
    }
}

/// Where a span of `text` that starts at `line:column` ends (exclusive).
pub fn end_of(line: usize, column: usize, text: &str) -> (usize, usize) {
    match text.rsplit_once('\n') {
        Some((before, last)) => (
            line + before.matches('\n').count() + 1,
            last.chars().count() + 1,
        ),
        None => (line, column + text.chars().count().max(1)),
    }
}

impl Linter<'_> {
    /// Every finding in `file`, in position order, and the file as `clean`
    /// leaves it (which `lint --fix` writes when every pass is selected).
    pub fn check(&self, file: &File) -> (Vec<Diagnostic>, Cleaned) {
        let lines = Lines::new(file.path, file.text);
        let cleaned = self.cleaner.clean(file.transcript.clone());
        let changes = &cleaned.changes;
        let mut found = Vec::new();
        for change in changes {
            found.extend(match change.rule {
                Rule::Dictionary => rules::dictionary_variant::check(change, &lines),
                Rule::Artifact => rules::hallucination::check(change, &lines),
                Rule::SuspectArtifact | Rule::SuspectSuggestion => {
                    rules::suspect_phrase::check(change, &lines)
                }
                Rule::Loop
                | Rule::PhraseLoop
                | Rule::LoopSuggestion
                | Rule::PhraseLoopSuggestion => rules::repetition_loop::check(change, &lines),
                Rule::DropLine => rules::dropped_line::check(change, &lines),
                Rule::Whitespace | Rule::BlankLine | Rule::UnicodeNfc => {
                    rules::whitespace::check(change, &lines)
                }
                Rule::Fuzzy | Rule::FuzzySuggestion => {
                    rules::possible_misrecognition::check(change, &lines)
                }
            });
        }
        if let Some(artifacts) = self.cleaner.artifacts() {
            found.extend(rules::suspect_phrase::unevidenced(
                file.transcript,
                changes,
                artifacts,
                &lines,
            ));
        }
        if let Some(language) = self.language.as_deref() {
            found.extend(rules::not_speech::check(file.transcript, language, &lines));
        }
        found.extend(rules::mojibake::check(&lines, file.text));
        if let Some(warning) = file.encoding_warning {
            found.push(rules::not_utf8::check(warning, &lines));
        }
        found.extend(
            file.encoding_repairs
                .iter()
                .map(|r| rules::not_utf8::repaired(r, &lines)),
        );
        found.extend(
            file.format_warnings
                .iter()
                .map(|w| rules::format_defect::check(w, &lines)),
        );
        if matches!(file.format, Format::Srt | Format::Vtt) {
            found.extend(rules::subtitle_checks(
                file.transcript,
                &self.limits,
                &lines,
            ));
        }
        found.sort_by_key(|d| (d.line, d.column, d.rule.code));
        (found, cleaned)
    }
}

/// The function words of `language` and of the other language we have
/// lists for, or None when we have no lists for it.
pub fn word_lists(
    language: &str,
) -> Option<(&'static BreakWords, &'static BreakWords, &'static str)> {
    match crate::language::base(language) {
        "fr" => Some((
            BreakWords::for_language(Some("fr")),
            BreakWords::for_language(Some("en")),
            "English",
        )),
        "en" => Some((
            BreakWords::for_language(Some("en")),
            BreakWords::for_language(Some("fr")),
            "French",
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_end_after_their_last_character() {
        assert_eq!(end_of(3, 5, "Aasio"), (3, 10));
        assert_eq!(end_of(3, 5, "la stick\nsearch"), (4, 7));
        assert_eq!(end_of(3, 5, ""), (3, 6));
    }
}
