//! `transcrub clean --jsonl`: a stream of transcripts for batch engines
//! (Spark's `rdd.pipe`, `xargs`-free shell loops, queues). One JSON object
//! a line in, one a line out, in the same order:
//!
//! - in: `{"id": <any>, "format": "srt", "text": "<the file>"}` (format
//!   defaults to txt), or a Whisper-shaped document with its `segments`
//!   (`{"id": <any>, "segments": [...], "text": ..}`), read as Whisper
//!   JSON, or a transformers pipeline's with its `chunks`;
//! - out: `{"id", "text", "changes", "warnings"}` with the text in its own
//!   format, or the document with its `segments` corrected in place, or
//!   `{"id", "error": {"message", "line", "column"}}` for a record that
//!   cannot be read. An error ends that record only.
//!
//! The dictionary is compiled once. Memory is bounded by one batch of
//! records whatever the stream's length: nothing is kept from a record
//! once its line is written.

use std::io::{BufRead, BufReader};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::change::Change;
use crate::clean::Cleaner;
use crate::cli::CleanArgs;
use crate::error::{Error, ErrorKind, Result};
use crate::format::Format;
use crate::read::{self, Mode};
use crate::write::{self, Output};

use super::input;
use super::{Status, Streams};

/// Records read before a batch is cleaned, per thread: enough to keep the
/// threads busy, few enough that memory stays flat.
const RECORDS_PER_THREAD: usize = 64;

pub fn run(args: &CleanArgs, streams: &mut Streams) -> Result<Status> {
    let config = input::config(&args.cleaning)?;
    let cleaner = input::kept(input::cleaner(&args.cleaning, config.as_ref(), 0)?);
    let mode = if args.cleaning.strict {
        Mode::Strict
    } else {
        Mode::Lossy
    };
    let io_err = crate::error::cannot_print;
    let threads = usize::from(args.jobs.unwrap_or(1));
    if threads == 1 {
        // No threads of our own unless asked: a batch engine runs one
        // process per core.
        crate::parallel::single_threaded();
    }
    let batch_size = if threads == 1 {
        1
    } else {
        threads * RECORDS_PER_THREAD
    };
    let mut stdin = BufReader::new(&mut *streams.stdin);
    let mut line_number = 0usize;
    let (mut records, mut failed) = (0usize, 0usize);
    let mut batch: Vec<(usize, String)> = Vec::with_capacity(batch_size);
    loop {
        batch.clear();
        while batch.len() < batch_size {
            let mut line = String::new();
            let read = stdin
                .read_line(&mut line)
                .map_err(|e| Error::io(std::path::Path::new("<stdin>"), &e))?;
            if read == 0 {
                break;
            }
            line_number += 1;
            if !line.trim().is_empty() {
                batch.push((line_number, line));
            }
        }
        if batch.is_empty() {
            break;
        }
        let results = clean_batch(&batch, cleaner, mode, threads);
        for result in results {
            records += 1;
            failed += usize::from(result.get("error").is_some());
            serde_json::to_writer(&mut *streams.stdout, &result)
                .map_err(|e| io_err(std::io::Error::from(e)))?;
            streams.stdout.write_all(b"\n").map_err(io_err)?;
        }
        // A batch engine reads results as they come.
        streams.stdout.flush().map_err(io_err)?;
    }
    if !args.quiet {
        writeln!(
            streams.stderr,
            "<stdin>: {records} records, {} cleaned, {failed} with errors",
            records - failed
        )
        .map_err(io_err)?;
    }
    Ok(Status::Success)
}

/// Each record's result, in order; on `threads` threads when more than one.
fn clean_batch(
    batch: &[(usize, String)],
    cleaner: &Cleaner,
    mode: Mode,
    threads: usize,
) -> Vec<Value> {
    if threads == 1 || batch.len() == 1 {
        return batch
            .iter()
            .map(|(n, line)| record(*n, line, cleaner, mode))
            .collect();
    }
    let chunk = batch.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = batch
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(n, line)| record(*n, line, cleaner, mode))
                        .collect::<Vec<Value>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a record's cleaning panicked"))
            .collect()
    })
}

/// The result line for the record on line `number` of the stream.
fn record(number: usize, line: &str, cleaner: &Cleaner, mode: Mode) -> Value {
    let parsed: Map<String, Value> = match serde_json::from_str(line) {
        Ok(Value::Object(map)) => map,
        Ok(other) => {
            return failure(
                Value::Null,
                &Error::new(
                    ErrorKind::Parse,
                    format!("expected a JSON object (a record), found {}", kind(&other)),
                )
                .at(number, 1),
            );
        }
        Err(e) => {
            return failure(
                Value::Null,
                &Error::new(ErrorKind::Parse, format!("expected a JSON record: {e}"))
                    .at(number, e.column()),
            );
        }
    };
    let id = parsed.get("id").cloned().unwrap_or(Value::Null);
    match clean_record(parsed, cleaner, mode) {
        Ok(result) => {
            let mut with_id = Map::new();
            with_id.insert("id".into(), id);
            with_id.extend(result);
            Value::Object(with_id)
        }
        Err(e) => failure(id, &e),
    }
}

fn clean_record(
    mut record: Map<String, Value>,
    cleaner: &Cleaner,
    mode: Mode,
) -> Result<Map<String, Value>> {
    record.shift_remove("id");
    let format = match record.shift_remove("format") {
        None => None,
        Some(Value::String(name)) => Some(Format::from_name(&name).ok_or_else(|| {
            Error::new(ErrorKind::Parse, format!(
                "expected \"format\" to name a format (txt, srt, vtt, json, tsv, console, otter, sbv, ttml, ass, srv3), found {name:?}"
            ))
        })?),
        Some(other) => {
            return Err(Error::new(ErrorKind::Parse, format!(
                "expected \"format\" to be a string, found {}",
                kind(&other)
            )));
        }
    };
    // A transformers pipeline's `chunks` are its segments.
    let listed = if record.contains_key("segments") {
        Some("segments")
    } else if matches!(record.get("chunks"), Some(Value::Array(_))) {
        Some("chunks")
    } else {
        None
    };
    let by_segments = listed.is_some();
    let mut layout = None;
    let (text, format) = if let Some(key) = listed {
        if format.is_some_and(|f| f != Format::Json) {
            return Err(Error::new(
                ErrorKind::Parse,
                format!(
                    "a record with \"{key}\" is a JSON transcript: leave \"format\" out or give \"json\""
                ),
            ));
        }
        let laid = segments_document(&record, key)?;
        let text = laid.text.clone();
        layout = Some(laid);
        (text, Format::Json)
    } else {
        match record.shift_remove("text") {
            Some(Value::String(text)) => (text, format.unwrap_or(Format::Txt)),
            Some(other) => {
                return Err(Error::new(
                    ErrorKind::Parse,
                    format!(
                        "expected \"text\" to be a string (the whole transcript), found {}",
                        kind(&other)
                    ),
                ));
            }
            None => {
                return Err(Error::new(
                    ErrorKind::Parse,
                    "expected \"text\" (a transcript) or \"segments\" (Whisper's), found neither",
                ));
            }
        }
    };
    let reading = read::parse(&text, format, mode)?;
    let cleaned = cleaner.clean(reading.transcript);
    let output = write::render(&cleaned.transcript, Output::from(format), &cleaned.changes)?;
    let mut result = if by_segments {
        match serde_json::from_str(&output) {
            Ok(Value::Object(map)) => map,
            _ => unreachable!("Whisper JSON is written back as a JSON object"),
        }
    } else {
        let mut map = Map::new();
        map.insert("text".into(), Value::String(output));
        map
    };
    result.insert(
        "changes".into(),
        if by_segments {
            segment_changes(&cleaned.changes, layout.as_ref().expect("laid out"))
        } else {
            changes(&cleaned.changes)
        },
    );
    result.insert(
        "warnings".into(),
        Value::Array(reading.warnings.iter().map(position).collect()),
    );
    Ok(result)
}

fn changes(changes: &[Change]) -> Value {
    serde_json::to_value(changes).expect("changes serialise")
}

/// The record as a Whisper document (or a pipeline's, `key` its
/// `chunks`), its keys in their order, with each segment on a line of its
/// own, so that a change's line says its segment.
fn segments_document(record: &Map<String, Value>, key: &str) -> Result<Layout> {
    let Some(Value::Array(segments)) = record.get(key) else {
        return Err(Error::new(
            ErrorKind::Parse,
            "expected \"segments\" to be an array of Whisper segments",
        ));
    };
    let compact = |v: &Value| serde_json::to_string(v).expect("JSON serialises");
    let mut text = String::from("{");
    let mut first_line = 0;
    for (k, (name, value)) in record.iter().enumerate() {
        text.push_str(if k == 0 { "\n" } else { ",\n" });
        text.push_str(&compact(&Value::String(name.clone())));
        text.push(':');
        if name == key {
            text.push('[');
            first_line = text.lines().count() + 1;
            for (i, segment) in segments.iter().enumerate() {
                text.push_str(if i == 0 { "\n" } else { ",\n" });
                text.push_str(&compact(segment));
            }
            text.push_str("\n]");
        } else {
            text.push_str(&compact(value));
        }
    }
    text.push_str("\n}\n");
    Ok(Layout {
        text,
        first_line,
        count: segments.len(),
    })
}

/// A segments record written out for the reader.
struct Layout {
    text: String,
    /// The line of segment 0.
    first_line: usize,
    count: usize,
}

/// Changes to a segments record: the segment each is in (0-based, from
/// `segments_document`'s lines) instead of a line and column of a
/// document the user never saw; `segment` is absent for a change outside
/// the segments (a top-level `text`).
fn segment_changes(changes: &[Change], layout: &Layout) -> Value {
    Value::Array(
        changes
            .iter()
            .map(|c| {
                let mut map = match serde_json::to_value(c) {
                    Ok(Value::Object(map)) => map,
                    _ => unreachable!("a change serialises as an object"),
                };
                map.shift_remove("line");
                map.shift_remove("column");
                let segment = c
                    .line
                    .checked_sub(layout.first_line)
                    .filter(|&s| s < layout.count);
                let mut with_segment = Map::new();
                with_segment.insert("rule".into(), map.shift_remove("rule").unwrap_or_default());
                if let Some(segment) = segment {
                    with_segment.insert("segment".into(), segment.into());
                }
                with_segment.extend(map);
                Value::Object(with_segment)
            })
            .collect(),
    )
}

fn failure(id: Value, error: &Error) -> Value {
    #[derive(Serialize)]
    struct Failure<'a> {
        id: Value,
        error: &'a Value,
    }
    serde_json::to_value(Failure {
        id,
        error: &position(error),
    })
    .expect("a failure serialises")
}

/// An error or warning as `{"message", "line", "column"}` (positions in
/// the record's transcript, or in the stream for a record that is not
/// JSON).
fn position(error: &Error) -> Value {
    serde_json::json!({
        "message": error.message,
        "line": error.line,
        "column": error.column,
    })
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
