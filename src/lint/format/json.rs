//! JSON Lines, one object per finding, for scripts; the fields are
//! documented in docs/lint-json.md and are a stable interface.

use std::io::{self, Write};

use serde::Serialize;

use crate::lint::diagnostic::{Diagnostic, Fix, Severity};

/// One line of output. Field order is the documented one.
#[derive(Serialize)]
struct Finding<'a> {
    path: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    code: &'static str,
    name: &'static str,
    severity: Severity,
    message: &'a str,
    /// `null` when the rule has no fix for this finding.
    fix: Option<&'a Fix>,
}

pub(super) fn write(out: &mut dyn Write, diagnostics: &[Diagnostic]) -> io::Result<()> {
    for d in diagnostics {
        let finding = Finding {
            path: d.path.to_string_lossy().into_owned(),
            line: d.line,
            column: d.column,
            end_line: d.end_line,
            end_column: d.end_column,
            code: d.rule.code,
            name: d.rule.name,
            severity: d.severity,
            message: &d.message,
            fix: d.fix.as_ref(),
        };
        serde_json::to_writer(&mut *out, &finding)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::lint::format::sample;

    fn lines(diagnostics: &[Diagnostic]) -> Vec<Value> {
        let mut out = Vec::new();
        write(&mut out, diagnostics).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.ends_with('\n'));
        text.lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }

    #[test]
    fn one_object_per_finding_with_every_field() {
        let found = lines(&sample::three());
        assert_eq!(found.len(), 3);
        assert_eq!(
            found[0],
            json!({
                "path": "subs/ep1.srt",
                "line": 12,
                "column": 4,
                "end_line": 12,
                "end_column": 16,
                "code": "TR001",
                "name": "dictionary-variant",
                "severity": "warning",
                "message": "\"stick search\" is a known misrecognition of \"Elasticsearch\"",
                "fix": {"replacement": "Elasticsearch", "applicability": "safe"},
            })
        );
        assert_eq!(
            found[1]["fix"],
            json!({"replacement": "", "applicability": "unsafe"})
        );
        assert_eq!(found[1]["severity"], "error");
        assert_eq!(
            (
                found[1]["end_line"].as_u64(),
                found[1]["end_column"].as_u64()
            ),
            (Some(41), Some(8))
        );
        assert_eq!(found[2]["severity"], "info");
        assert!(found[2]["fix"].is_null(), "no fix is null, not absent");
    }

    #[test]
    fn fields_have_their_documented_types_and_nothing_else() {
        for object in lines(&sample::three()) {
            let object = object.as_object().unwrap();
            let keys: Vec<&str> = object.keys().map(String::as_str).collect();
            let mut expected = [
                "path",
                "line",
                "column",
                "end_line",
                "end_column",
                "code",
                "name",
                "severity",
                "message",
                "fix",
            ];
            expected.sort_unstable();
            let mut keys = keys;
            keys.sort_unstable();
            assert_eq!(keys, expected);
            for number in ["line", "column", "end_line", "end_column"] {
                assert!(object[number].as_u64().is_some_and(|n| n >= 1), "{number}");
            }
            for string in ["path", "code", "name", "severity", "message"] {
                assert!(object[string].is_string(), "{string}");
            }
            assert!(object["fix"].is_null() || object["fix"].is_object());
        }
    }

    #[test]
    fn a_message_with_quotes_and_newlines_stays_on_one_line() {
        let d = sample::diagnostic("TR008", "a b.txt", (1, 1), (1, 2), "a \"b\"\nc", "x");
        let found = lines(&[d]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0]["message"], "a \"b\"\nc");
        assert_eq!(found[0]["path"], "a b.txt");
    }
}
