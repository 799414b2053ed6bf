//! GitHub Actions workflow commands (`::error file=…::message`), which the
//! runner turns into annotations on the pull request's diff. Escaping
//! follows the runner's own rules (actions/toolkit, `command.ts`).

use std::io::{self, Write};

use crate::lint::diagnostic::{Diagnostic, Severity};

pub(super) fn write(out: &mut dyn Write, diagnostics: &[Diagnostic]) -> io::Result<()> {
    for d in diagnostics {
        write!(
            out,
            "::{} file={},line={}",
            command(d.severity),
            escape_property(&d.path.display().to_string()),
            d.line
        )?;
        // GitHub's annotations take columns only within one line: "cannot
        // be sent when startLine and endLine are different values".
        if d.end_line == d.line {
            write!(out, ",col={}", d.column)?;
        }
        write!(out, ",endLine={}", d.end_line)?;
        if d.end_line == d.line {
            write!(out, ",endColumn={}", d.end_column)?;
        }
        let title = format!("{} {}", d.rule.code, d.rule.name);
        writeln!(
            out,
            ",title={}::{}",
            escape_property(&title),
            escape_data(&d.message)
        )?;
    }
    Ok(())
}

/// GitHub has no "info" annotation; `notice` is its lowest level.
fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// The message: `%` first, so that the escapes added after it stay as they are.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value, where `:` would end the properties and `,` would
/// start the next one.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::format::sample;

    fn render(diagnostics: &[Diagnostic]) -> String {
        let mut out = Vec::new();
        write(&mut out, diagnostics).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn one_command_per_finding_at_its_severity() {
        assert_eq!(
            render(&sample::three()),
            "::warning file=subs/ep1.srt,line=12,col=4,endLine=12,endColumn=16,title=TR001 dictionary-variant::\"stick search\" is a known misrecognition of \"Elasticsearch\"\n\
             ::error file=subs/ep1.srt,line=40,endLine=41,title=TR002 hallucination::invented text: \"Sous-titrage ST' 501\"\n\
             ::notice file=subs/ep2.srt,line=3,col=6,endLine=3,endColumn=8,title=TR008 whitespace::two spaces between words\n"
        );
    }

    #[test]
    fn escapes_percent_newline_colon_and_comma() {
        let d = sample::diagnostic(
            "TR001",
            "season 1, part 2: 100%.srt",
            (5, 2),
            (5, 3),
            "100% sure: a, b\r\nnext line",
            "x",
        );
        assert_eq!(
            render(&[d]),
            "::warning file=season 1%2C part 2%3A 100%25.srt,line=5,col=2,endLine=5,endColumn=3,\
             title=TR001 dictionary-variant::100%25 sure: a, b%0D%0Anext line\n"
        );
    }

    #[test]
    fn an_already_escaped_looking_text_is_escaped_again() {
        assert_eq!(escape_data("%0A"), "%250A");
        assert_eq!(escape_property("a%2Cb"), "a%252Cb");
    }
}
