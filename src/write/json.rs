//! JSON out: Whisper's own shape when the input was Whisper JSON (every
//! field it had is kept; text, times and words are updated), or transcrub's
//! model (cues and the list of changes).

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::change::Change;
use crate::transcript::{Cue, Transcript};

/// transcrub's model: `{"format", "cues": [...], "changes": [...]}`.
pub fn model_json(transcript: &Transcript, changes: &[Change]) -> String {
    #[derive(Serialize)]
    struct Model<'a> {
        format: crate::format::Format,
        cues: &'a [Cue],
        changes: &'a [Change],
    }
    let model = Model {
        format: transcript.format,
        cues: &transcript.cues,
        changes,
    };
    let mut out = serde_json::to_string_pretty(&model).unwrap_or_default();
    out.push('\n');
    out
}

/// The source Whisper document with its segments replaced by the cues.
pub fn whisper_json(transcript: &Transcript) -> String {
    let source = transcript.source_json.clone().unwrap_or_else(|| json!({}));
    let mut doc = match source {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    let cpp = doc.contains_key("transcription");
    let key = if cpp { "transcription" } else { "segments" };
    let originals: Vec<Value> = doc
        .get(key)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let segments: Vec<Value> = transcript
        .cues
        .iter()
        .enumerate()
        .map(|(id, cue)| {
            let original = cue.source_index.and_then(|i| originals.get(i)).cloned();
            let mut seg = match original {
                Some(Value::Object(map)) => map,
                _ => Map::new(),
            };
            if cpp {
                cpp_segment(&mut seg, cue);
            } else {
                openai_segment(&mut seg, cue, id);
            }
            Value::Object(seg)
        })
        .collect();
    if !cpp {
        let text: String = transcript.cues.iter().map(|c| c.text.as_str()).collect();
        doc.insert("text".into(), Value::String(text));
    }
    doc.insert(key.into(), Value::Array(segments));
    let mut out = serde_json::to_string_pretty(&Value::Object(doc)).unwrap_or_default();
    out.push('\n');
    out
}

fn seconds(ms: u64) -> Value {
    json!(ms as f64 / 1000.0)
}

fn openai_segment(seg: &mut Map<String, Value>, cue: &Cue, id: usize) {
    seg.insert("id".into(), json!(id));
    if let (Some(start), Some(end)) = (cue.start, cue.end) {
        seg.insert("start".into(), seconds(start.0));
        seg.insert("end".into(), seconds(end.0));
    }
    seg.insert("text".into(), Value::String(cue.text.clone()));
    if !cue.words.is_empty() || seg.contains_key("words") {
        let words = cue
            .words
            .iter()
            .map(|w| {
                let mut word = json!({"word": w.text});
                if let (Some(s), Some(e)) = (w.start, w.end) {
                    word["start"] = seconds(s.0);
                    word["end"] = seconds(e.0);
                }
                if let Some(p) = w.probability {
                    word["probability"] = json!(p);
                }
                word
            })
            .collect();
        seg.insert("words".into(), Value::Array(words));
    }
}

fn cpp_segment(seg: &mut Map<String, Value>, cue: &Cue) {
    if let (Some(start), Some(end)) = (cue.start, cue.end) {
        seg.insert(
            "timestamps".into(),
            json!({"from": start.srt().to_string(), "to": end.srt().to_string()}),
        );
        seg.insert("offsets".into(), json!({"from": start.0, "to": end.0}));
    }
    seg.insert("text".into(), Value::String(cue.text.clone()));
}
