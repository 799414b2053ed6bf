//! The review's decisions as JSON Lines: one line per decision or undo,
//! appended at each Save. `clean --decisions` reads the file back, so the
//! verdicts on single changes (which no dictionary can hold) apply again.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::json;

use crate::change::Change;
use crate::clean::{Decisions, Verdict};
use crate::error::{Error, ErrorKind, Result};

/// One decision, or an undo (`verdict` is then what the change is left with).
pub struct Event {
    pub input: PathBuf,
    pub change: Change,
    pub verdict: Option<Verdict>,
    /// The dictionary the verdict was written to (fuzzy matches); `None`
    /// for a verdict on this one change.
    pub dictionary: Option<PathBuf>,
}

/// The log file and the decisions not yet written to it.
pub struct Log {
    path: PathBuf,
    pending: Vec<String>,
}

impl Log {
    pub fn new(path: PathBuf) -> Log {
        Log {
            path,
            pending: Vec::new(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Keeps the event, stamped now, for the next flush.
    pub fn record(&mut self, event: Event) {
        let time_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        let c = &event.change;
        let line = json!({
            "time_ms": time_ms,
            "input": event.input.display().to_string(),
            "rule": c.rule.name(),
            "line": c.line,
            "column": c.column,
            "before": c.before,
            "after": c.after,
            "term": c.term,
            "score": c.score,
            "verdict": match event.verdict {
                Some(Verdict::Accept) => "accept",
                Some(Verdict::Reject) => "reject",
                None => "none",
            },
            "dictionary": event.dictionary.map(|d| d.display().to_string()),
        });
        self.pending.push(line.to_string());
    }

    /// Appends what was recorded since the last flush.
    pub fn flush(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let mut text = self.pending.join("\n");
        text.push('\n');
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .map_err(|e| Error::io(&self.path, &e))?;
        self.pending.clear();
        Ok(())
    }
}

/// The verdicts on single changes in a review log, the last one of each
/// change winning (`clean --decisions`). Verdicts written to a dictionary
/// are skipped: the dictionary holds them.
pub fn read_decisions(text: &str, path: &Path) -> Result<Decisions> {
    #[derive(serde::Deserialize)]
    struct Line {
        line: usize,
        column: usize,
        before: String,
        verdict: String,
        #[serde(default)]
        dictionary: Option<String>,
    }
    let mut decisions = Decisions::new();
    for (n, raw) in text.lines().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        let entry: Line = serde_json::from_str(raw).map_err(|e| {
            Error::new(
                ErrorKind::Usage,
                format!("expected a review log line (JSON with line, column, before, verdict), found: {e}"),
            )
            .at(n + 1, e.column().max(1))
            .in_file(path)
        })?;
        if entry.dictionary.is_some() {
            continue;
        }
        let verdict = match entry.verdict.as_str() {
            "accept" => Some(Verdict::Accept),
            "reject" => Some(Verdict::Reject),
            "none" => None,
            other => {
                return Err(Error::new(
                    ErrorKind::Usage,
                    format!("expected verdict \"accept\", \"reject\" or \"none\", found {other:?}"),
                )
                .at(n + 1, 1)
                .in_file(path));
            }
        };
        decisions.unset(entry.line, entry.column, &entry.before);
        if let Some(verdict) = verdict {
            decisions.set(entry.line, entry.column, &entry.before, verdict);
        }
    }
    Ok(decisions)
}
