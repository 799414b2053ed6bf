//! The default format, for a person at a terminal: each finding's line of
//! text with the span underlined, in the manner of rustc and ruff.
//! Colour is plain ANSI SGR escapes, and only when `Style::color` is set.

use std::io::{self, Write};

use super::{Style, applicability_name, fix_summary};
use crate::lint::check::{CONTEXT, LONG_LINE};
use crate::lint::diagnostic::{Diagnostic, Severity, SourceLine};

pub(super) fn write(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    style: Style,
) -> io::Result<()> {
    for (i, diagnostic) in diagnostics.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write_one(out, diagnostic, style)?;
    }
    Ok(())
}

fn write_one(out: &mut dyn Write, d: &Diagnostic, style: Style) -> io::Result<()> {
    let paint = Paint(style.color);
    let severity = severity_sgr(d.severity);
    writeln!(
        out,
        "{}:{}:{}: {} {} {}",
        paint.apply(BOLD, &d.path.display().to_string()),
        d.line,
        d.column,
        paint.apply(severity, d.rule.code),
        paint.apply(severity, &format!("[{}]", d.severity)),
        d.message,
    )?;

    // A CRLF file's line may keep its `\r`, which would send the cursor
    // back over the gutter.
    let source = &d.source_line;
    let line = source.text.trim_end_matches(['\r', '\n']);
    let (start, carets) = underline(d, line, source.skipped);
    let (text, start, carets) = if source.skipped == 0 && !source.cut {
        window(line, start, carets)
    } else {
        excerpt(line, source, start, carets)
    };
    let text = text.as_str();
    let number = d.line.to_string();
    let blank = " ".repeat(number.len());
    let bar = paint.apply(GUTTER, "|");
    writeln!(out, "  {blank} {bar}")?;
    if text.is_empty() {
        writeln!(out, "  {} {bar}", paint.apply(GUTTER, &number))?;
    } else {
        writeln!(out, "  {} {bar} {text}", paint.apply(GUTTER, &number))?;
    }
    writeln!(
        out,
        "  {blank} {bar} {}{}",
        indent(text, start),
        paint.apply(severity, &"^".repeat(carets)),
    )?;
    if let Some(fix) = &d.fix {
        writeln!(
            out,
            "  {blank} = fix ({}): {}",
            applicability_name(fix.applicability),
            fix_summary(fix),
        )?;
    }
    Ok(())
}

/// Where the carets go, in characters of the source line: the first one
/// and how many. A span that goes on to later lines is underlined to the
/// end of this one. There is always at least one caret, so that an empty
/// span (an insertion point, an empty cue) is still pointed at.
fn underline(d: &Diagnostic, text: &str, skipped: usize) -> (usize, usize) {
    let start = d.column.saturating_sub(1);
    let end = if d.end_line > d.line {
        skipped + text.chars().count()
    } else {
        d.end_column.saturating_sub(1)
    };
    (start, end.saturating_sub(start).max(1))
}

/// The part of a long line the finding kept (see `Lines::source_line`),
/// shown as `window` would show it from the whole line.
fn excerpt(text: &str, source: &SourceLine, start: usize, carets: usize) -> (String, usize, usize) {
    let mut shown = String::with_capacity(text.len() + 6);
    if source.skipped > 0 {
        shown.push('…');
    }
    shown.push_str(text);
    if source.cut {
        shown.push('…');
    }
    let start = start.saturating_sub(source.skipped) + usize::from(source.skipped > 0);
    (shown, start, carets.min(CONTEXT))
}

/// The part of `line` to show, and where the carets go in it: the whole
/// line when it is short, else the finding with `CONTEXT` characters on
/// each side and `…` where the line goes on.
fn window(line: &str, start: usize, carets: usize) -> (String, usize, usize) {
    let length = line.chars().count();
    if length <= LONG_LINE {
        return (line.to_string(), start, carets);
    }
    // A span across segments can be thousands of characters long: its
    // start is what the reader needs to find.
    let carets = carets.min(CONTEXT);
    let from = start.saturating_sub(CONTEXT);
    let to = (start + carets + CONTEXT).min(length);
    let mut shown = String::new();
    if from > 0 {
        shown.push('…');
    }
    shown.extend(line.chars().skip(from).take(to - from));
    if to < length {
        shown.push('…');
    }
    let start = start - from + usize::from(from > 0);
    (shown, start, carets)
}

/// The blank that puts the carets under column `start`. A tab in the text
/// stays a tab here, so the terminal moves both lines to the same stop.
fn indent(text: &str, start: usize) -> String {
    let mut indent: String = text
        .chars()
        .take(start)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let missing = start - indent.chars().count();
    indent.extend(std::iter::repeat_n(' ', missing));
    indent
}

// SGR parameters (ECMA-48): bold, and bold colours as rustc uses them.
const BOLD: &str = "1";
const GUTTER: &str = "1;34";

fn severity_sgr(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;36",
    }
}

/// Wraps text in an SGR escape and a reset, or leaves it alone.
#[derive(Clone, Copy)]
struct Paint(bool);

impl Paint {
    fn apply(self, sgr: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{sgr}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::format::sample;

    fn render(diagnostics: &[Diagnostic], color: bool) -> String {
        let mut out = Vec::new();
        write(&mut out, diagnostics, Style { color }).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn shows_each_line_with_the_span_underlined_and_the_fix() {
        let expected = r#"subs/ep1.srt:12:4: TR001 [warning] "stick search" is a known misrecognition of "Elasticsearch"
     |
  12 | la stick search ici
     |    ^^^^^^^^^^^^
     = fix (safe): replace with "Elasticsearch"

subs/ep1.srt:40:1: TR002 [error] invented text: "Sous-titrage ST' 501"
     |
  40 | Sous-titrage ST' 501
     | ^^^^^^^^^^^^^^^^^^^^
     = fix (unsafe): remove

subs/ep2.srt:3:6: TR008 [info] two spaces between words
    |
  3 | Merci  beaucoup
    |      ^^
"#;
        assert_eq!(render(&sample::three(), false), expected);
    }

    #[test]
    fn without_colour_there_is_no_escape_and_with_it_severity_colours() {
        let diagnostics = sample::three();
        assert!(!render(&diagnostics, false).contains('\x1b'));
        let coloured = render(&diagnostics, true);
        assert!(coloured.contains("\x1b[1msubs/ep1.srt\x1b[0m:12:4: "));
        assert!(coloured.contains("\x1b[1;33mTR001\x1b[0m \x1b[1;33m[warning]\x1b[0m"));
        assert!(coloured.contains("\x1b[1;31mTR002\x1b[0m \x1b[1;31m[error]\x1b[0m"));
        assert!(coloured.contains("\x1b[1;36mTR008\x1b[0m"));
        assert!(coloured.contains("\x1b[1;33m^^^^^^^^^^^^\x1b[0m"));
        // Stripped of its escapes, the coloured text is the plain one.
        let stripped = regex::Regex::new("\x1b\\[[0-9;]*m")
            .unwrap()
            .replace_all(&coloured, "");
        assert_eq!(stripped, render(&diagnostics, false));
    }

    #[test]
    fn an_empty_span_gets_one_caret_and_tabs_keep_their_stop() {
        let mut d = sample::diagnostic("TR008", "a.txt", (7, 3), (7, 3), "a tab", "\tx\ty");
        d.fix = Some(crate::lint::Fix::safe(" "));
        let expected = "a.txt:7:3: TR008 [info] a tab\n    |\n  7 | \tx\ty\n    | \t ^\n    = fix (safe): replace with \" \"\n";
        assert_eq!(render(&[d], false), expected);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let d = sample::diagnostic("TR001", "é.srt", (1, 3), (1, 5), "m", "ééstick");
        assert!(render(&[d], false).contains("\n    |   ^^\n"));
    }

    #[test]
    fn a_crlf_line_and_an_empty_line_print_cleanly() {
        let d = sample::diagnostic("TR008", "a.srt", (2, 1), (2, 1), "m", "\r");
        assert_eq!(
            render(&[d], false),
            "a.srt:2:1: TR008 [info] m\n    |\n  2 |\n    | ^\n"
        );
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_around_the_finding() {
        let line = format!("{}Cubernetes{}", "a".repeat(2000), "b".repeat(2000));
        let (shown, start, carets) = window(&line, 2000, 10);
        assert_eq!(
            shown,
            format!("…{}Cubernetes{}…", "a".repeat(40), "b".repeat(40))
        );
        assert_eq!((start, carets), (41, 10));
        assert_eq!(window("short", 1, 2), ("short".to_string(), 1, 2));
    }

    /// A finding in a long line keeps only the part of the line it is
    /// shown in, and is shown exactly as from the whole line: deep in the
    /// line, at its start and end, over a multi-byte text, across lines.
    #[test]
    fn a_finding_keeps_the_part_of_a_long_line_it_shows() {
        let long = format!("{}Cubernetes{}", "é—a ".repeat(1500), " b€".repeat(1200));
        let text = format!("court\n{long}\nsuite\n");
        let path = std::path::Path::new("one-line.json");
        let lines = crate::lint::check::Lines::new(path, &text);
        let chars = long.chars().count();
        let at = "é—a ".repeat(1500).chars().count() + 1;
        for (start, end) in [
            ((2, at), (2, at + 10)),
            ((2, 1), (2, 4)),
            ((2, 30), (2, 300)),
            ((2, chars - 3), (2, chars + 1)),
            ((2, chars + 1), (2, chars + 1)),
            ((2, at), (3, 2)),
            ((2, 3), (3, 1)),
            ((1, 2), (1, 4)),
        ] {
            let kept = lines.diagnostic(sample::rule("TR001"), start, end, "m".into(), None);
            assert!(kept.source_line.text.len() < 400, "{start:?}");
            let whole = Diagnostic {
                source_line: SourceLine::whole(lines.get(start.0)),
                ..kept.clone()
            };
            assert_eq!(render(&[kept], false), render(&[whole], false), "{start:?}");
        }
    }

    #[test]
    fn nothing_to_report_writes_nothing() {
        assert_eq!(render(&[], true), "");
    }
}
