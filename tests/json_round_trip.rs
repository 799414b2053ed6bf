//! Every JSON shape transcrub reads comes back whole (issue 12): `clean`
//! with a dictionary corrects the names, and every value it did not change
//! is what it was. The check is made on the parsed documents, not on
//! transcrub's own reader: the input and the output are parsed with
//! serde_json, the segments' texts and words are set aside, and the rest
//! must be equal value for value; then the texts must be the input's with
//! the reported changes applied, the words must be the input's words with
//! only the corrected ones merged or rewritten, and the fields that repeat
//! the texts (a top-level `text`, WhisperX's `word_segments`) must agree
//! with the segments.

mod common;

use serde_json::Value;

/// Where a dialect keeps its segments, texts and words.
struct Shape {
    file: &'static str,
    /// JSON pointer to the segment array ("" for a bare list).
    segments: &'static str,
    /// The segment's text member; None when only the words hold it.
    text: Option<&'static str>,
    words: &'static str,
    word_text: &'static str,
    /// What joins the words into the segment's text.
    joiner: &'static str,
    /// Corrections the fixture's variants give (MANIFEST.md lists them).
    corrections: usize,
}

const SHAPES: &[Shape] = &[
    Shape {
        file: "whisper-openai-fr-words.json",
        segments: "/segments",
        text: Some("text"),
        words: "words",
        word_text: "word",
        joiner: "",
        corrections: 8,
    },
    Shape {
        file: "whisper-ctranslate2-diarize.json",
        segments: "/segments",
        text: Some("text"),
        words: "words",
        word_text: "word",
        joiner: "",
        corrections: 8,
    },
    Shape {
        file: "faster-whisper-segments.json",
        segments: "",
        text: Some("text"),
        words: "words",
        word_text: "word",
        joiner: "",
        corrections: 8,
    },
    Shape {
        file: "whisperx-fr-aligned-diarized.json",
        segments: "/segments",
        text: Some("text"),
        words: "words",
        word_text: "word",
        joiner: " ",
        corrections: 8,
    },
    Shape {
        file: "stable-ts-fr-result.json",
        segments: "/segments",
        text: Some("text"),
        words: "words",
        word_text: "word",
        joiner: "",
        corrections: 8,
    },
    Shape {
        file: "whispercpp-ojf-full.json",
        segments: "/transcription",
        text: Some("text"),
        words: "tokens",
        word_text: "text",
        joiner: "",
        corrections: 4,
    },
    Shape {
        file: "whispercpp-oj-diarize.json",
        segments: "/transcription",
        text: Some("text"),
        words: "tokens",
        word_text: "text",
        joiner: "",
        corrections: 2,
    },
    Shape {
        file: "whispercpp-oj-tdrz.json",
        segments: "/transcription",
        text: Some("text"),
        words: "tokens",
        word_text: "text",
        joiner: "",
        corrections: 5,
    },
    Shape {
        file: "youtube-asr-fr.json3",
        segments: "/events",
        text: None,
        words: "segs",
        word_text: "utf8",
        joiner: "",
        corrections: 5,
    },
];

/// Python's `json.dumps(allow_nan=True)` writes bare NaN (stable-ts);
/// serde_json reads null in its place, in both files alike.
fn parse(text: &str) -> Value {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if !in_string && rest.starts_with("NaN") {
            out.push_str("null");
            rest = &rest[3..];
            continue;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    serde_json::from_str(&out).expect("valid JSON")
}

struct Report {
    before: String,
    after: String,
}

/// Lower-case letters and digits, words separated by one space.
fn letters(text: &str) -> String {
    let kept: String = text
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    collapse(&kept)
}

/// Whether a word that changed is part of a reported change's `before`.
fn reported(reports: &[Report], word: &str) -> bool {
    let word = letters(word);
    reports.iter().any(|r| {
        let before = letters(&r.before);
        // whisper.cpp's tokens are pieces of words (" Cu", "bern", "etes").
        word.split(' ')
            .any(|part| before.split(' ').any(|b| b.contains(part)))
    })
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The segments that are cues: those with text (YouTube's window event
/// and line-feed events are not).
fn cue_segments<'a>(doc: &'a Value, shape: &Shape) -> Vec<&'a Value> {
    let list = doc
        .pointer(shape.segments)
        .and_then(Value::as_array)
        .expect("segments");
    list.iter()
        .filter(|s| !text_of(s, shape).trim().is_empty())
        .collect()
}

fn words_of<'a>(seg: &'a Value, shape: &Shape) -> Vec<&'a Value> {
    seg.get(shape.words)
        .and_then(Value::as_array)
        .map(|w| {
            w.iter()
                .filter(|w| {
                    // whisper.cpp's special tokens are not words.
                    let t = w.get(shape.word_text).and_then(Value::as_str).unwrap_or("");
                    !(t.starts_with("[_") && t.ends_with(']'))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn word_text<'a>(word: &'a Value, shape: &Shape) -> &'a str {
    word.get(shape.word_text)
        .and_then(Value::as_str)
        .unwrap_or("")
}

fn text_of(seg: &Value, shape: &Shape) -> String {
    match shape.text {
        Some(key) => seg
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        None => words_of(seg, shape)
            .iter()
            .map(|w| word_text(w, shape))
            .collect(),
    }
}

/// The document without what a correction may change: each segment's
/// text and words, and the fields that repeat them.
fn without_texts(doc: &Value, shape: &Shape) -> Value {
    let mut doc = doc.clone();
    if let Some(top) = doc.as_object_mut() {
        top.remove("text");
        top.remove("word_segments");
    }
    if let Some(list) = doc
        .pointer_mut(shape.segments)
        .and_then(Value::as_array_mut)
    {
        for seg in list {
            if let Some(seg) = seg.as_object_mut() {
                if let Some(key) = shape.text {
                    seg.remove(key);
                }
                seg.remove(shape.words);
            }
        }
    }
    doc
}

/// The input's texts, joined, with every reported change applied in turn.
fn corrected(texts: &str, reports: &[Report]) -> String {
    let mut out = collapse(texts);
    let mut from = 0;
    for r in reports {
        let before = collapse(&r.before);
        let at = out[from..]
            .find(&before)
            .map(|i| i + from)
            .unwrap_or_else(|| panic!("{:?} not found after byte {from} of {out:?}", r.before));
        out.replace_range(at..at + before.len(), &r.after);
        from = at + r.after.len();
    }
    out
}

fn check(shape: &Shape) {
    let input_path = common::root(&format!("fixtures/formats/{}", shape.file));
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join(shape.file);
    let report_path = dir.path().join("report.jsonl");
    let run = common::transcrub(
        &[
            "clean",
            "-q",
            "-d",
            common::root("fixtures/formats/formats.toml")
                .to_str()
                .unwrap(),
            input_path.to_str().unwrap(),
            "-o",
            out_path.to_str().unwrap(),
            "--report",
            report_path.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let input_text = std::fs::read_to_string(&input_path).unwrap();
    let output_text = std::fs::read_to_string(&out_path).unwrap();
    let reports: Vec<Report> = std::fs::read_to_string(&report_path)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            Report {
                before: v["before"].as_str().unwrap().to_string(),
                after: v["after"].as_str().unwrap().to_string(),
            }
        })
        .collect();
    assert_eq!(reports.len(), shape.corrections, "{}", shape.file);
    let (input, output) = (parse(&input_text), parse(&output_text));

    // 1. Everything but the texts and words: value for value.
    assert_eq!(
        without_texts(&input, shape),
        without_texts(&output, shape),
        "{}: a value other than a text or a word changed",
        shape.file
    );

    // 2. The texts: the input's with the reported changes, nothing else.
    let (in_segs, out_segs) = (cue_segments(&input, shape), cue_segments(&output, shape));
    assert_eq!(
        in_segs.len(),
        out_segs.len(),
        "{}: segment count",
        shape.file
    );
    let joined = |segs: &[&Value]| {
        segs.iter()
            .map(|s| text_of(s, shape))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        collapse(&joined(&out_segs)),
        corrected(&joined(&in_segs), &reports),
        "{}: texts",
        shape.file
    );

    // 3. The words: each is the input's, except runs the corrections
    // merged into one word that starts with the run (same start, same
    // other fields) and ends where it ended.
    for (n, (a, b)) in in_segs.iter().zip(&out_segs).enumerate() {
        let (old, new) = (words_of(a, shape), words_of(b, shape));
        if !old.is_empty() {
            let spelled: Vec<&str> = new.iter().map(|w| word_text(w, shape)).collect();
            assert_eq!(
                collapse(&spelled.join(shape.joiner)),
                collapse(&text_of(b, shape)),
                "{}: segment {n}'s words do not spell its text",
                shape.file
            );
        }
        // Each new word is an old word (its identity: every member a
        // correction leaves alone) possibly with a corrected text, a later
        // end and a lower confidence; the old words between two new ones
        // were merged into the first or deleted, and a change reports them.
        let identity = |w: &Value| -> Value {
            let mut w = w.clone();
            if let Some(o) = w.as_object_mut() {
                for key in [
                    shape.word_text,
                    "end",
                    "probability",
                    "score",
                    "p",
                    "offsets",
                    "timestamps",
                ] {
                    o.remove(key);
                }
            }
            w
        };
        let mut i = 0;
        for w in &new {
            let start = (i..old.len())
                .find(|&x| identity(old[x]) == identity(w))
                .unwrap_or_else(|| {
                    panic!(
                        "{}: segment {n}: word {w} is none of the input's",
                        shape.file
                    )
                });
            let mut gone: Vec<&str> = old[i..start].iter().map(|w| word_text(w, shape)).collect();
            // A word whose only change is its leading space lost a deleted
            // neighbour (json3's first seg has none); any other change is
            // a correction.
            if old[start] != *w && word_text(old[start], shape).trim() != word_text(w, shape).trim()
            {
                gone.push(word_text(old[start], shape));
            }
            let next = (start + 1..old.len())
                .find(|&x| new.iter().any(|v| identity(v) == identity(old[x])))
                .unwrap_or(old.len());
            gone.extend(old[start + 1..next].iter().map(|w| word_text(w, shape)));
            for word in gone {
                assert!(
                    reported(&reports, word),
                    "{}: segment {n}: word {word:?} changed but no change reports it",
                    shape.file
                );
            }
            i = next;
        }
        for word in &old[i..] {
            let word = word_text(word, shape);
            assert!(
                reported(&reports, word),
                "{}: segment {n} lost {word:?}",
                shape.file
            );
        }
    }

    // 4. What repeats the texts still does.
    if let Some(top) = input.get("text").and_then(Value::as_str) {
        let in_joined: String = in_segs.iter().map(|s| text_of(s, shape)).collect();
        if top == in_joined {
            let out_joined: String = out_segs.iter().map(|s| text_of(s, shape)).collect();
            assert_eq!(
                output["text"].as_str(),
                Some(out_joined.as_str()),
                "{}",
                shape.file
            );
        }
    }
    if let Some(list) = output.get("word_segments").and_then(Value::as_array) {
        let words: Vec<&Value> = out_segs.iter().flat_map(|s| words_of(s, shape)).collect();
        assert_eq!(
            list.iter().collect::<Vec<_>>(),
            words,
            "{}: word_segments",
            shape.file
        );
    }
}

#[test]
fn openai_whisper() {
    check(&SHAPES[0]);
}

#[test]
fn whisper_ctranslate2_with_speakers() {
    check(&SHAPES[1]);
}

#[test]
fn faster_whisper_list() {
    check(&SHAPES[2]);
}

#[test]
fn whisperx_with_untimed_words_and_word_segments() {
    check(&SHAPES[3]);
}

#[test]
fn stable_ts_with_nan_and_ori_dict() {
    check(&SHAPES[4]);
    // ori_dict is the recogniser's result before regrouping: left as is.
    let input = parse(
        &std::fs::read_to_string(common::root("fixtures/formats/stable-ts-fr-result.json"))
            .unwrap(),
    );
    assert!(
        input["ori_dict"]["text"]
            .as_str()
            .unwrap()
            .contains("Cubernetes")
    );
}

#[test]
fn whisper_cpp_full_with_tokens() {
    check(&SHAPES[5]);
}

#[test]
fn whisper_cpp_diarize() {
    check(&SHAPES[6]);
}

#[test]
fn whisper_cpp_tinydiarize() {
    check(&SHAPES[7]);
}

#[test]
fn youtube_json3() {
    check(&SHAPES[8]);
}

#[test]
fn an_unchanged_document_comes_back_byte_for_byte() {
    for shape in SHAPES {
        let path = common::root(&format!("fixtures/formats/{}", shape.file));
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join(shape.file);
        let run = common::transcrub(
            &[
                "clean",
                "-q",
                path.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
            ],
            dir.path(),
        );
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        assert!(
            std::fs::read(&path).unwrap() == std::fs::read(&out).unwrap(),
            "{} changed without a dictionary",
            shape.file
        );
    }
}
