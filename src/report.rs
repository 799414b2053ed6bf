//! Report writers: the JSON Lines change report and the unified diff. Both
//! take any `io::Write`.

use std::io::{self, Write};

use serde::Serialize;

use crate::change::Change;

/// One JSON object per change: `path`, `rule`, `line`, `column` (1-based,
/// of the input), `before`, `after`, and `term` for dictionary changes.
pub fn write_jsonl(out: &mut dyn Write, path: &str, changes: &[Change]) -> io::Result<()> {
    #[derive(Serialize)]
    struct Line<'a> {
        path: &'a str,
        #[serde(flatten)]
        change: &'a Change,
    }
    for change in changes {
        serde_json::to_writer(&mut *out, &Line { path, change })?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// One line per change, for people: `path:line:column: rule: "before" -> "after"`.
/// Both sides are quoted whole: cut short, two different texts can look
/// the same.
pub fn write_list(out: &mut dyn Write, path: &str, changes: &[Change]) -> io::Result<()> {
    for c in changes {
        let before = format!("{:?}", c.before);
        let evidence = c
            .evidence
            .as_deref()
            .map(|e| format!(" ({e})"))
            .unwrap_or_default();
        if c.after.is_empty() {
            let verb = if c.rule.is_suggestion() {
                "could remove"
            } else {
                "removed"
            };
            writeln!(
                out,
                "{path}:{}:{}: {}: {verb} {before}{evidence}",
                c.line,
                c.column,
                c.rule.name()
            )?;
        } else {
            let after = format!("{:?}", c.after);
            writeln!(
                out,
                "{path}:{}:{}: {}: {before} -> {after}",
                c.line,
                c.column,
                c.rule.name()
            )?;
        }
    }
    Ok(())
}

/// A unified diff between the input and the output text, as `diff -u` prints it.
pub fn unified_diff(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(old_name, new_name)
        .to_string()
}

/// One `# fuzzy ...` line per applied fuzzy change, to print before a
/// unified diff: the changes a reviewer should look at first.
pub fn fuzzy_marks(changes: &[Change]) -> String {
    changes
        .iter()
        .filter(|c| c.rule == crate::change::Rule::Fuzzy)
        .map(|c| {
            format!(
                "# fuzzy {}:{}: {:?} -> {:?} ({}% sure)\n",
                c.line,
                c.column,
                c.before,
                c.after,
                c.score.unwrap_or(0)
            )
        })
        .collect()
}
