//! Whisper JSON, in the two shapes found in the wild:
//! - openai-whisper: `{"text", "segments": [{"start", "end", "text", "words":
//!   [{"word", "start", "end", "probability"}], "avg_logprob",
//!   "no_speech_prob", "compression_ratio", ...}], "language"}`, seconds;
//! - whisper.cpp `-oj`: `{"transcription": [{"timestamps": {"from", "to"},
//!   "offsets": {"from", "to"}, "text"}], ...}`, offsets in milliseconds.
//!
//! The document is kept so the writer can give back every field it had.

use serde_json::Value;

use crate::error::{Error, Result};
use crate::format::Format;
use crate::timestamp::Timestamp;
use crate::transcript::{Cue, SegmentScores, Transcript, Word};

use super::Defects;

/// Parses Whisper JSON, failing at the first defect.
pub fn parse_whisper_json(text: &str) -> Result<Transcript> {
    super::strict(text, parse)
}

pub(super) fn parse(text: &str, defects: &mut Defects) -> Result<Transcript> {
    let doc: Value = serde_json::from_str(text).map_err(|err| {
        let what = match err.classify() {
            serde_json::error::Category::Eof => {
                "expected more JSON, found the end of the file".to_string()
            }
            _ => format!("invalid JSON: {}", strip_position(&err.to_string())),
        };
        Error::parse(err.line().max(1), err.column().max(1), what)
    })?;
    let mut lines = LineFinder::new(text);
    let cues = if let Some(segments) = doc.get("segments").and_then(Value::as_array) {
        lines.skip_past("\"segments\"");
        segments
            .iter()
            .enumerate()
            .map(|(i, seg)| openai_segment(seg, i, &mut lines, defects))
            .collect::<Result<Vec<_>>>()?
    } else if let Some(segments) = doc.get("transcription").and_then(Value::as_array) {
        lines.skip_past("\"transcription\"");
        segments
            .iter()
            .enumerate()
            .map(|(i, seg)| whisper_cpp_segment(seg, i, &mut lines))
            .collect::<Result<Vec<_>>>()?
    } else {
        return Err(Error::parse(
            1,
            1,
            "expected a Whisper JSON object with \"segments\" (openai-whisper) or \"transcription\" (whisper.cpp), found neither",
        ));
    };
    Ok(Transcript {
        source_json: Some(doc),
        ..Transcript::new(Format::Json, cues)
    })
}

/// serde_json appends " at line L column C"; we print positions ourselves.
fn strip_position(message: &str) -> &str {
    message.find(" at line ").map_or(message, |i| &message[..i])
}

fn openai_segment(
    seg: &Value,
    index: usize,
    lines: &mut LineFinder,
    defects: &mut Defects,
) -> Result<Cue> {
    let text = segment_text(seg, index, lines)?;
    let line = lines.line_of(text);
    let seconds = |key: &str, defects: &mut Defects| -> Result<Timestamp> {
        let value = seg.get(key).and_then(Value::as_f64).ok_or_else(|| {
            Error::parse(
                line,
                1,
                format!("segment {index}: expected a number of seconds in \"{key}\""),
            )
        })?;
        in_range(value, &format!("segment {index}: \"{key}\""), line, defects)
    };
    let (start, end) = (seconds("start", defects)?, seconds("end", defects)?);
    if end < start {
        defects.repairable(Error::parse(
            line,
            1,
            format!(
                "segment {index}: expected \"end\" after \"start\", found {} s then {} s; the end is moved to the start",
                start.as_secs_f64(),
                end.as_secs_f64()
            ),
        ))?;
    }
    let mut words = Vec::new();
    if let Some(list) = seg.get("words").and_then(Value::as_array) {
        for (w, word) in list.iter().enumerate() {
            let what = format!("segment {index}, word {w}");
            let text = word.get("word").and_then(Value::as_str);
            let time = |key: &str| word.get(key).and_then(Value::as_f64);
            match (text, time("start"), time("end")) {
                (Some(text), Some(s), Some(e)) => {
                    let start = in_range(s, &format!("{what}: \"start\""), line, defects)?;
                    let end = in_range(e, &format!("{what}: \"end\""), line, defects)?;
                    words.push(Word {
                        probability: word.get("probability").and_then(Value::as_f64),
                        source_index: Some(w),
                        ..Word::timed(text, start, end)
                    });
                }
                _ => defects.repairable(Error::parse(
                    line,
                    1,
                    format!(
                        "{what}: expected \"word\", \"start\" and \"end\", found {}; its timing is not used",
                        crate::error::quote(&word.to_string())
                    ),
                ))?,
            }
        }
    }
    let score = |key: &str| seg.get(key).and_then(Value::as_f64);
    let scores = SegmentScores {
        avg_logprob: score("avg_logprob"),
        no_speech_prob: score("no_speech_prob"),
        compression_ratio: score("compression_ratio"),
    };
    let has_scores = scores != SegmentScores::default();
    Ok(Cue {
        start: Some(start),
        end: Some(end.max(start)),
        text: text.to_string(),
        words,
        scores: has_scores.then(|| Box::new(scores)),
        line,
        source_index: Some(index),
        ..Cue::default()
    })
}

/// A time in seconds, within 0..=Timestamp::MAX; outside it, a defect
/// the lossy reader repairs by clamping, and says so.
fn in_range(secs: f64, what: &str, line: usize, defects: &mut Defects) -> Result<Timestamp> {
    if !Timestamp::secs_in_range(secs) {
        defects.repairable(Error::parse(
            line,
            1,
            format!(
                "{what}: expected a time from 0 to {} hours, found {secs} s",
                Timestamp::MAX_HOURS
            ),
        ))?;
    }
    Ok(Timestamp::from_secs_f64(secs))
}

fn whisper_cpp_segment(seg: &Value, index: usize, lines: &mut LineFinder) -> Result<Cue> {
    let text = segment_text(seg, index, lines)?;
    let line = lines.line_of(text);
    let offset = |key: &str| -> Result<Timestamp> {
        if let Some(ms) = seg
            .get("offsets")
            .and_then(|o| o.get(key))
            .and_then(Value::as_u64)
        {
            if ms > Timestamp::MAX.0 {
                return Err(Error::parse(
                    line,
                    1,
                    format!(
                        "segment {index}: expected \"offsets\".\"{key}\" of at most {} hours, found {ms} ms",
                        Timestamp::MAX_HOURS
                    ),
                ));
            }
            return Ok(Timestamp(ms));
        }
        seg.get("timestamps")
            .and_then(|t| t.get(key))
            .and_then(Value::as_str)
            .and_then(|s| Timestamp::parse_prefix(s).ok())
            .map(|(p, _)| p.time)
            .ok_or_else(|| {
                Error::parse(
                    line,
                    1,
                    format!("segment {index}: expected \"offsets\".\"{key}\" in milliseconds"),
                )
            })
    };
    let (start, end) = (offset("from")?, offset("to")?);
    Ok(Cue {
        start: Some(start),
        end: Some(end.max(start)),
        text: text.to_string(),
        line,
        source_index: Some(index),
        ..Cue::default()
    })
}

fn segment_text<'a>(seg: &'a Value, index: usize, lines: &LineFinder) -> Result<&'a str> {
    seg.get("text").and_then(Value::as_str).ok_or_else(|| {
        let found = match seg.get("text") {
            None => "none".to_string(),
            Some(other) => other.to_string(),
        };
        Error::parse(
            lines.line,
            1,
            format!("segment {index}: expected a \"text\" string, found {found}"),
        )
    })
}

/// Finds the line where each segment's text is written, walking forward
/// through the document in segment order.
struct LineFinder<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
}

impl<'a> LineFinder<'a> {
    fn new(text: &'a str) -> LineFinder<'a> {
        LineFinder {
            text,
            pos: 0,
            line: 1,
        }
    }

    /// Moves past the first `key`, so that the document's top-level "text"
    /// is not taken for the first segment's.
    fn skip_past(&mut self, key: &str) {
        if let Some(found) = self.text.find(key) {
            self.line += self.text[..found].bytes().filter(|&b| b == b'\n').count();
            self.pos = found + key.len();
        }
    }

    fn line_of(&mut self, value: &str) -> usize {
        let needle = serde_json::to_string(value).unwrap_or_default();
        if let Some(found) = self.text[self.pos..].find(&needle) {
            let end = self.pos + found;
            self.line += self.text[self.pos..end]
                .bytes()
                .filter(|&b| b == b'\n')
                .count();
            self.pos = end + needle.len();
        }
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_openai_segments_words_and_scores() {
        let json = r#"{"text": " Bonjour.", "segments": [
  {"id": 0, "start": 0.0, "end": 1.5, "text": " Bonjour.", "avg_logprob": -0.2,
   "no_speech_prob": 0.01, "compression_ratio": 1.1,
   "words": [{"word": " Bonjour.", "start": 0.0, "end": 1.48, "probability": 0.9}]}
], "language": "fr"}"#;
        let t = parse_whisper_json(json).unwrap();
        let cue = &t.cues[0];
        assert_eq!(
            (cue.text.as_str(), cue.end, cue.line),
            (" Bonjour.", Some(Timestamp(1500)), 2)
        );
        assert_eq!(cue.words[0].end, Some(Timestamp(1480)));
        assert_eq!(cue.scores.as_ref().unwrap().no_speech_prob, Some(0.01));
    }

    #[test]
    fn reads_whisper_cpp_offsets() {
        let json = r#"{"transcription": [{"timestamps": {"from": "00:00:00,000", "to": "00:00:02,000"},
 "offsets": {"from": 0, "to": 2000}, "text": " Salut"}]}"#;
        let t = parse_whisper_json(json).unwrap();
        assert_eq!(t.cues[0].end, Some(Timestamp(2000)));
    }

    #[test]
    fn a_segment_without_text_is_an_error_with_a_line() {
        let err =
            parse_whisper_json("{\"segments\": [\n{\"start\": 0, \"end\": 1}\n]}").unwrap_err();
        assert_eq!(err.line, Some(1));
        assert!(
            err.message
                .contains("segment 0: expected a \"text\" string, found none"),
            "{}",
            err.message
        );
    }

    #[test]
    fn truncated_json_points_at_the_end() {
        let err = parse_whisper_json("{\"segments\": [\n{\"start\": 0").unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("end of the file"), "{}", err.message);
    }
}
