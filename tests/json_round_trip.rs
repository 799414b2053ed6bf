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

/// Where a dialect keeps its segments, texts and words. A member is a key
/// of the object, or a JSON pointer into it when it starts with `/`; a
/// path from the document's root may hold `*` for every item of an array.
#[derive(Clone, Copy)]
struct Shape {
    file: &'static str,
    /// Path to the segment array(s) ("" for a bare list); a path to an
    /// object makes that object the one segment (Speechmatics's
    /// document, whose `results` are the words of every cue).
    segments: &'static str,
    /// The segment's text member; None when only the words hold it.
    text: Option<&'static str>,
    words: &'static str,
    word_text: &'static str,
    /// What joins the words into the segment's text.
    joiner: &'static str,
    /// Corrections the fixture's variants give (MANIFEST.md lists them).
    corrections: usize,
    /// Path to the one word list of the whole document, when the words
    /// are not in the segments (Deepgram's alternative, AWS `items`): the
    /// words then spell all the segments' texts joined by a space.
    flat_words: Option<&'static str>,
    /// The segment's member the words spell, when not its text (Azure's
    /// words spell `lexical`).
    spelled: Option<&'static str>,
    /// Words made only of these characters join the word before without
    /// the joiner (AWS punctuation items).
    attached: &'static str,
    /// Members of a word a merge may rewrite besides its text and end.
    word_changes: &'static [&'static str],
    /// Members of a word that spell its text lower case without
    /// punctuation (Deepgram's `word` beside `punctuated_word`).
    word_forms: &'static [&'static str],
    /// Paths to strings that repeat every segment's text as written, with
    /// other text around (a transcript, `"\nSpeaker 0: ..."`).
    text_mirrors: &'static [&'static str],
    /// Paths to strings that repeat the texts lower case without
    /// punctuation (Azure's `lexical`, `itn`, `maskedITN`).
    lexical_mirrors: &'static [&'static str],
    /// Paths to lists that repeat the words, and a member a word must have
    /// to be repeated there (AWS `speaker_labels` repeats pronunciations).
    word_copies: &'static [(&'static str, Option<&'static str>)],
    /// Other paths a correction may change; a test of the fixture checks
    /// them.
    also_changes: &'static [&'static str],
}

/// The shape of the Whisper-family entries: nothing beyond their segments.
const SEGMENTS_ONLY: Shape = Shape {
    file: "",
    segments: "",
    text: Some("text"),
    words: "words",
    word_text: "word",
    joiner: "",
    corrections: 0,
    flat_words: None,
    spelled: None,
    attached: "",
    word_changes: &[],
    word_forms: &[],
    text_mirrors: &[],
    lexical_mirrors: &[],
    word_copies: &[],
    also_changes: &[],
};

const SHAPES: &[Shape] = &[
    Shape {
        file: "whisper-openai-fr-words.json",
        segments: "/segments",
        text: Some("text"),
        words: "words",
        word_text: "word",
        joiner: "",
        corrections: 8,
        ..SEGMENTS_ONLY
    },
    Shape {
        file: "whisper-ctranslate2-diarize.json",
        segments: "/segments",
        text: Some("text"),
        words: "words",
        word_text: "word",
        joiner: "",
        corrections: 8,
        ..SEGMENTS_ONLY
    },
    Shape {
        file: "faster-whisper-segments.json",
        segments: "",
        text: Some("text"),
        words: "words",
        word_text: "word",
        joiner: "",
        corrections: 8,
        ..SEGMENTS_ONLY
    },
    Shape {
        file: "whisperx-fr-aligned-diarized.json",
        segments: "/segments",
        text: Some("text"),
        words: "words",
        word_text: "word",
        joiner: " ",
        corrections: 8,
        ..SEGMENTS_ONLY
    },
    Shape {
        file: "stable-ts-fr-result.json",
        segments: "/segments",
        text: Some("text"),
        words: "words",
        word_text: "word",
        joiner: "",
        corrections: 8,
        ..SEGMENTS_ONLY
    },
    Shape {
        file: "whispercpp-ojf-full.json",
        segments: "/transcription",
        text: Some("text"),
        words: "tokens",
        word_text: "text",
        joiner: "",
        corrections: 4,
        ..SEGMENTS_ONLY
    },
    Shape {
        file: "whispercpp-oj-diarize.json",
        segments: "/transcription",
        text: Some("text"),
        words: "tokens",
        word_text: "text",
        joiner: "",
        corrections: 2,
        ..SEGMENTS_ONLY
    },
    Shape {
        file: "whispercpp-oj-tdrz.json",
        segments: "/transcription",
        text: Some("text"),
        words: "tokens",
        word_text: "text",
        joiner: "",
        corrections: 5,
        ..SEGMENTS_ONLY
    },
    Shape {
        file: "youtube-asr-fr.json3",
        segments: "/events",
        text: None,
        words: "segs",
        word_text: "utf8",
        joiner: "",
        corrections: 5,
        ..SEGMENTS_ONLY
    },
    Shape {
        file: "deepgram-en-diarize.json",
        segments: "/results/channels/0/alternatives/0/paragraphs/paragraphs/*/sentences",
        text: Some("text"),
        words: "words",
        word_text: "punctuated_word",
        joiner: " ",
        corrections: 5,
        flat_words: Some("/results/channels/0/alternatives/0/words"),
        word_changes: &["word", "confidence"],
        word_forms: &["word"],
        text_mirrors: &[
            "/results/channels/0/alternatives/0/transcript",
            "/results/channels/0/alternatives/0/paragraphs/transcript",
        ],
        also_changes: &["/results/channels/0/alternatives/0/paragraphs/paragraphs/*/num_words"],
        ..SEGMENTS_ONLY
    },
    Shape {
        file: "assemblyai-fr-speakers.json",
        segments: "/utterances",
        text: Some("text"),
        words: "words",
        word_text: "text",
        joiner: " ",
        corrections: 8,
        word_changes: &["confidence"],
        text_mirrors: &["/text"],
        word_copies: &[("/words", None)],
        ..SEGMENTS_ONLY
    },
    Shape {
        file: "aws-transcribe-en-speakers.json",
        segments: "/results/audio_segments",
        text: Some("transcript"),
        words: "items",
        word_text: "/alternatives/0/content",
        joiner: " ",
        corrections: 5,
        flat_words: Some("/results/items"),
        attached: ",.?!",
        word_changes: &["end_time"],
        text_mirrors: &["/results/transcripts/0/transcript"],
        word_copies: &[(
            "/results/speaker_labels/segments/*/items",
            Some("start_time"),
        )],
        also_changes: &["/results/audio_segments/*/items"],
        ..SEGMENTS_ONLY
    },
    Shape {
        file: "google-stt-v1-fr-diarize.json",
        segments: "/response/results",
        text: Some("/alternatives/0/transcript"),
        words: "/alternatives/0/words",
        word_text: "word",
        joiner: " ",
        corrections: 8,
        word_changes: &["endTime"],
        word_copies: &[("/response/results/7/alternatives/0/words", None)],
        ..SEGMENTS_ONLY
    },
    Shape {
        file: "google-stt-v2-fr-batch.json",
        segments: "/results",
        text: Some("/alternatives/0/transcript"),
        words: "/alternatives/0/words",
        word_text: "word",
        joiner: " ",
        corrections: 8,
        word_changes: &["endOffset", "confidence"],
        word_copies: &[("/results/7/alternatives/0/words", None)],
        ..SEGMENTS_ONLY
    },
    Shape {
        file: "azure-batch-fr-diarize.json",
        segments: "/recognizedPhrases",
        text: Some("/nBest/0/display"),
        words: "/nBest/0/words",
        word_text: "word",
        joiner: " ",
        corrections: 8,
        spelled: Some("/nBest/0/lexical"),
        word_changes: &["duration", "durationInTicks", "confidence"],
        text_mirrors: &["/combinedRecognizedPhrases/0/display"],
        lexical_mirrors: &[
            "/recognizedPhrases/*/nBest/0/lexical",
            "/recognizedPhrases/*/nBest/0/itn",
            "/recognizedPhrases/*/nBest/0/maskedITN",
            "/combinedRecognizedPhrases/0/lexical",
            "/combinedRecognizedPhrases/0/itn",
            "/combinedRecognizedPhrases/0/maskedITN",
        ],
        ..SEGMENTS_ONLY
    },
    Shape {
        // Every element is a word here, spaces and punctuation included:
        // the values end to end are the monologue's text.
        file: "revai-fr-monologues.json",
        segments: "/monologues",
        text: None,
        words: "elements",
        word_text: "value",
        joiner: "",
        corrections: 5,
        word_changes: &["end_ts", "confidence"],
        ..SEGMENTS_ONLY
    },
    Shape {
        // No segment objects: the results of every cue are one list, and
        // marks join the word before them (`attaches_to: previous`).
        file: "speechmatics-fr-v29.json",
        segments: "",
        text: None,
        words: "results",
        word_text: "/alternatives/0/content",
        joiner: " ",
        corrections: 5,
        attached: ",.",
        word_changes: &["end_time", "/alternatives/0/confidence"],
        ..SEGMENTS_ONLY
    },
    Shape {
        // transcrub's own model (`clean --to model` of the first shape):
        // cues of text and words, times in milliseconds.
        file: "transcrub-model-fr.json",
        segments: "/cues",
        text: Some("text"),
        words: "words",
        word_text: "text",
        joiner: "",
        corrections: 8,
        ..SEGMENTS_ONLY
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

/// A member of `value`: a key, or a JSON pointer when it starts with `/`.
fn member<'a>(value: &'a Value, name: &str) -> Option<&'a Value> {
    if name.starts_with('/') {
        value.pointer(name)
    } else {
        value.get(name)
    }
}

/// Sets a member to null (both documents alike), so comparing them skips it.
fn clear(value: &mut Value, name: &str) {
    let found = if name.starts_with('/') {
        value.pointer_mut(name)
    } else {
        value.get_mut(name)
    };
    if let Some(v) = found {
        *v = Value::Null;
    }
}

/// The values at `path`, a JSON pointer where `*` stands for every item
/// of an array.
fn at_path<'a>(value: &'a Value, path: &str) -> Vec<&'a Value> {
    let mut found = vec![value];
    for token in path.split('/').skip(1) {
        found = found
            .into_iter()
            .flat_map(|v| match (token, v) {
                ("*", Value::Array(items)) => items.iter().collect::<Vec<_>>(),
                (key, Value::Array(items)) => key
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| items.get(i))
                    .into_iter()
                    .collect(),
                (key, Value::Object(members)) => members.get(key).into_iter().collect(),
                _ => Vec::new(),
            })
            .collect();
    }
    found
}

/// Calls `f` on each value at `path`.
fn each_at_path(value: &mut Value, path: &str, f: &mut dyn FnMut(&mut Value)) {
    match path.split_once('*') {
        None => {
            let found = if path.is_empty() {
                Some(value)
            } else {
                value.pointer_mut(path)
            };
            if let Some(v) = found {
                f(v);
            }
        }
        Some((head, tail)) => {
            let list = value.pointer_mut(head.trim_end_matches('/'));
            if let Some(Value::Array(items)) = list {
                for item in items {
                    each_at_path(item, tail, f);
                }
            }
        }
    }
}

/// The segments that are cues: those with text (YouTube's window event
/// and line-feed events are not, nor Google's words-only last result).
fn cue_segments<'a>(doc: &'a Value, shape: &Shape) -> Vec<&'a Value> {
    let lists = at_path(doc, shape.segments);
    assert!(!lists.is_empty(), "{}: no segments", shape.file);
    lists
        .into_iter()
        .flat_map(segments_in)
        .filter(|s| !text_of(s, shape).trim().is_empty())
        .collect()
}

/// The segments of a list, or the object that is the one segment.
fn segments_in(list: &Value) -> Vec<&Value> {
    match list {
        Value::Object(_) => vec![list],
        _ => list.as_array().expect("segments").iter().collect(),
    }
}

fn words_of<'a>(seg: &'a Value, shape: &Shape) -> Vec<&'a Value> {
    member(seg, shape.words)
        .and_then(Value::as_array)
        .map(|w| {
            w.iter()
                .filter(|w| {
                    // whisper.cpp's special tokens are not words.
                    let t = word_text(w, shape);
                    !(t.starts_with("[_") && t.ends_with(']'))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn word_text<'a>(word: &'a Value, shape: &Shape) -> &'a str {
    member(word, shape.word_text)
        .and_then(Value::as_str)
        .unwrap_or("")
}

fn text_of(seg: &Value, shape: &Shape) -> String {
    match shape.text {
        Some(key) => member(seg, key)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        None => {
            let words: Vec<&str> = words_of(seg, shape)
                .iter()
                .map(|w| word_text(w, shape))
                .collect();
            spell(&words, shape)
        }
    }
}

/// The words joined as the text joins them.
fn spell(words: &[&str], shape: &Shape) -> String {
    let mut out = String::new();
    for (i, word) in words.iter().enumerate() {
        let attached = !shape.attached.is_empty()
            && !word.is_empty()
            && word.chars().all(|c| shape.attached.contains(c));
        if i > 0 && !attached {
            out.push_str(shape.joiner);
        }
        out.push_str(word);
    }
    out
}

/// The document without what a correction may change: each segment's
/// text and words, and the fields that repeat them.
fn without_texts(doc: &Value, shape: &Shape) -> Value {
    let mut doc = doc.clone();
    if let Some(top) = doc.as_object_mut() {
        top.remove("text");
        top.remove("word_segments");
    }
    let clear_segment = |seg: &mut Value| {
        if let Some(key) = shape.text {
            clear(seg, key);
        }
        clear(seg, shape.words);
    };
    each_at_path(&mut doc, shape.segments, &mut |list| {
        if list.is_object() {
            clear_segment(list);
        }
        for seg in list.as_array_mut().into_iter().flatten() {
            clear_segment(seg);
        }
    });
    let paths = shape
        .flat_words
        .iter()
        .chain(shape.text_mirrors)
        .chain(shape.lexical_mirrors)
        .chain(shape.word_copies.iter().map(|(path, _)| path))
        .chain(shape.also_changes);
    for path in paths {
        each_at_path(&mut doc, path, &mut |v| *v = Value::Null);
    }
    doc
}

/// A text lower case without punctuation, as Azure's `lexical` and
/// Deepgram's `word` write it.
fn lexical(text: &str) -> String {
    text.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What is left of `mirror` once each text is taken out of it, in order;
/// None if one of them is not there.
fn skeleton(mirror: &str, texts: &[String]) -> Option<String> {
    let mut out = String::new();
    let mut rest = mirror;
    for text in texts {
        let at = rest.find(text.as_str())?;
        out.push_str(&rest[..at]);
        out.push('|');
        rest = &rest[at + text.len()..];
    }
    out.push_str(rest);
    Some(out)
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
    let (input, output, reports) = cleaned(shape);
    check_cleaned(shape, &input, &output, &reports);
}

/// The fixture and what `clean` made of it, both parsed, and the changes
/// it reported.
fn cleaned(shape: &Shape) -> (Value, Value, Vec<Report>) {
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
    (parse(&input_text), parse(&output_text), reports)
}

fn check_cleaned(shape: &Shape, input: &Value, output: &Value, reports: &[Report]) {
    // 1. Everything but the texts and words: value for value.
    assert_eq!(
        without_texts(input, shape),
        without_texts(output, shape),
        "{}: a value other than a text or a word changed",
        shape.file
    );

    // 2. The texts: the input's with the reported changes, nothing else.
    let (in_segs, out_segs) = (cue_segments(input, shape), cue_segments(output, shape));
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
        corrected(&joined(&in_segs), reports),
        "{}: texts",
        shape.file
    );

    // 3. The words: each is the input's, except runs the corrections
    // merged into one word that starts with the run (same start, same
    // other fields) and ends where it ended. Words in one list for the
    // whole document are checked as one group.
    let groups: Vec<(Vec<&Value>, Vec<&Value>, String)> = match shape.flat_words {
        Some(path) => {
            let list = |doc| -> Vec<&Value> {
                at_path(doc, path)
                    .into_iter()
                    .flat_map(|l| l.as_array().expect("a word list").iter())
                    .collect()
            };
            let texts: Vec<String> = out_segs.iter().map(|s| text_of(s, shape)).collect();
            vec![(list(input), list(output), texts.join(" "))]
        }
        None => in_segs
            .iter()
            .zip(&out_segs)
            .map(|(a, b)| {
                let spelled = match shape.spelled {
                    Some(m) => member(b, m)
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                    None => text_of(b, shape),
                };
                (words_of(a, shape), words_of(b, shape), spelled)
            })
            .collect(),
    };
    for (n, (old, new, spelled_text)) in groups.iter().enumerate() {
        if !old.is_empty() {
            let spelled: Vec<&str> = new.iter().map(|w| word_text(w, shape)).collect();
            assert_eq!(
                collapse(&spell(&spelled, shape)),
                collapse(spelled_text),
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
            for m in std::iter::once(&shape.word_text).chain(shape.word_changes) {
                clear(&mut w, m);
            }
            w
        };
        let mut i = 0;
        for w in new {
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
                    reported(reports, word),
                    "{}: segment {n}: word {word:?} changed but no change reports it",
                    shape.file
                );
            }
            i = next;
        }
        for word in &old[i..] {
            let word = word_text(word, shape);
            assert!(
                reported(reports, word),
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
    // Strings with every text in them and something around: what is
    // around stays, the texts are the new ones.
    let in_texts: Vec<String> = in_segs.iter().map(|s| text_of(s, shape)).collect();
    let out_texts: Vec<String> = out_segs.iter().map(|s| text_of(s, shape)).collect();
    for path in shape.text_mirrors {
        let (a, b) = (at_path(input, path), at_path(output, path));
        assert!(!a.is_empty(), "{}: nothing at {path}", shape.file);
        for (x, y) in a.iter().zip(&b) {
            let (x, y) = (x.as_str().unwrap_or(""), y.as_str().unwrap_or(""));
            let around = skeleton(x, &in_texts);
            assert!(around.is_some(), "{}: {path} is not the texts", shape.file);
            assert_eq!(
                around,
                skeleton(y, &out_texts),
                "{}: {path} does not repeat the corrected texts:\n{y}",
                shape.file
            );
        }
    }
    // Lower-case forms: the input's with each change in that form.
    for path in shape.lexical_mirrors {
        let joined = |doc| {
            at_path(doc, path)
                .iter()
                .map(|v| v.as_str().unwrap_or(""))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let (a, b) = (joined(input), joined(output));
        assert!(!a.is_empty(), "{}: nothing at {path}", shape.file);
        assert_eq!(b, corrected_lexical(&a, reports), "{}: {path}", shape.file);
    }
    for form in shape.word_forms {
        for (which, words) in [("input", &groups[0].0), ("output", &groups[0].1)] {
            for w in words {
                assert_eq!(
                    member(w, form).and_then(Value::as_str),
                    Some(lexical(word_text(w, shape)).as_str()),
                    "{}: {which} word {w}: {form}",
                    shape.file
                );
            }
        }
    }
    // Lists that repeat the words: one copy per word, in order, equal on
    // every member both have.
    let out_words: Vec<&Value> = groups.iter().flat_map(|g| g.1.iter().copied()).collect();
    for (path, having) in shape.word_copies {
        let copies: Vec<&Value> = at_path(output, path)
            .into_iter()
            .flat_map(|l| l.as_array().expect("a word list").iter())
            .collect();
        let words: Vec<&Value> = out_words
            .iter()
            .copied()
            .filter(|w| having.is_none_or(|m| member(w, m).is_some()))
            .collect();
        assert_eq!(copies.len(), words.len(), "{}: {path}", shape.file);
        for (copy, word) in copies.iter().zip(&words) {
            let (c, w) = (copy.as_object().unwrap(), word.as_object().unwrap());
            let shared: Vec<&String> = c.keys().filter(|k| w.contains_key(*k)).collect();
            assert!(
                shared.len() >= 2,
                "{}: {path}: {copy} shares nothing with {word}",
                shape.file
            );
            for key in shared {
                assert_eq!(c[key], w[key], "{}: {path}: {copy} vs {word}", shape.file);
            }
        }
    }
}

/// The input's lower-case form with every reported change, in that form,
/// applied in turn.
fn corrected_lexical(text: &str, reports: &[Report]) -> String {
    let mut out = text.to_string();
    let mut from = 0;
    for r in reports {
        let (before, after) = (lexical(&r.before), lexical(&r.after));
        let at = out[from..]
            .find(&before)
            .map(|i| i + from)
            .unwrap_or_else(|| panic!("{before:?} not found after byte {from} of {out:?}"));
        out.replace_range(at..at + before.len(), &after);
        from = at + after.len();
    }
    out
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

/// The shape of a fixture, by name.
fn shape(file: &str) -> &'static Shape {
    SHAPES.iter().find(|s| s.file == file).expect("a shape")
}

#[test]
fn deepgram_sentences_words_and_paragraph_counts() {
    let shape = shape("deepgram-en-diarize.json");
    let (input, output, reports) = cleaned(shape);
    check_cleaned(shape, &input, &output, &reports);
    // `num_words` counts the paragraph's words; the merges of "Elastic
    // Search" and twice "Pie Torch" leave 99 - 3 (MANIFEST.md).
    let alternative = "/results/channels/0/alternatives/0";
    for (doc, total) in [(&input, 99), (&output, 96)] {
        let words = at_path(doc, &format!("{alternative}/words/*")).len();
        assert_eq!(words, total);
        let mut counted = 0;
        for p in at_path(doc, &format!("{alternative}/paragraphs/paragraphs/*")) {
            let spelled: usize = p["sentences"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["text"].as_str().unwrap().split_whitespace().count())
                .sum();
            assert_eq!(p["num_words"].as_u64(), Some(spelled as u64), "{p}");
            counted += spelled;
        }
        assert_eq!(counted, total);
    }
}

#[test]
fn assemblyai_utterances_text_and_words() {
    check(shape("assemblyai-fr-speakers.json"));
}

#[test]
fn aws_transcribe_items_and_their_ids() {
    let shape = shape("aws-transcribe-en-speakers.json");
    let (input, output, reports) = cleaned(shape);
    check_cleaned(shape, &input, &output, &reports);
    // Every item is named once by the audio segments, in order, and each
    // segment's items spell its transcript; the merges of "Elastic
    // Search" and twice "Pie Torch" leave 120 - 3 items.
    let items = output["results"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 117);
    let ids: Vec<&Value> = items.iter().map(|i| &i["id"]).collect();
    let named: Vec<&Value> = at_path(&output, "/results/audio_segments/*/items/*");
    assert_eq!(named, ids);
    for segment in at_path(&output, "/results/audio_segments/*") {
        let words: Vec<&str> = segment["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|id| {
                let item = items.iter().find(|i| &i["id"] == id).unwrap();
                item["alternatives"][0]["content"].as_str().unwrap()
            })
            .collect();
        assert_eq!(
            spell(&words, shape),
            segment["transcript"].as_str().unwrap()
        );
    }
}

#[test]
fn google_v1_results_and_the_diarization_result() {
    check(shape("google-stt-v1-fr-diarize.json"));
}

#[test]
fn google_v2_batch_results() {
    check(shape("google-stt-v2-fr-batch.json"));
}

#[test]
fn azure_display_and_its_lower_case_forms() {
    check(shape("azure-batch-fr-diarize.json"));
}

#[test]
fn revai_elements_and_the_spaces_between_them() {
    let shape = shape("revai-fr-monologues.json");
    let (input, output, reports) = cleaned(shape);
    check_cleaned(shape, &input, &output, &reports);
    // Twice "la stick search" (five elements, three words and two
    // spaces, each time) and "Pie Torch" (three) become one element: 108
    // elements less 4, 4 and 2.
    let count = |doc| at_path(doc, "/monologues/*/elements/*").len();
    assert_eq!((count(&input), count(&output)), (108, 98));
    // The first merge: from "la"'s 5.4 to "search"'s 6.3, with "stick"'s
    // 0.48, the lowest of the three.
    let merged = at_path(&output, "/monologues/0/elements/31")[0];
    assert_eq!(
        merged,
        &serde_json::json!({"type": "text", "value": "Elasticsearch", "ts": 5.4, "end_ts": 6.3, "confidence": 0.48})
    );
    // The unknown element stays where it was, between its spaces.
    let second: Vec<&str> = at_path(&output, "/monologues/1/elements/*")
        .iter()
        .map(|e| e["value"].as_str().unwrap())
        .collect();
    assert_eq!(
        second.concat(),
        "Oui, on indexe tout dans Elasticsearch, <unknown> trois nœuds, et ça tient."
    );
}

#[test]
fn a_revai_monologue_whose_first_words_go_opens_on_the_next_word() {
    // Rev.ai writes each space as an element. A credit that opens a
    // monologue went with its words and the spaces between them, but the
    // space before the next word stayed, first; before an `<unknown>`
    // element, the space that led it.
    let text = |w: &str, ts: f64| serde_json::json!({"type": "text", "value": w, "ts": ts, "end_ts": ts + 0.3, "confidence": 0.9});
    let space = serde_json::json!({"type": "punct", "value": " "});
    let unknown = serde_json::json!({"type": "unknown", "value": "<unknown>"});
    let credit = "Sous-titres réalisés par la communauté d'Amara.org";
    let mut monologues = Vec::new();
    for (k, after) in [["Bonjour", "à", "tous"].as_slice(), &["Merci"]]
        .iter()
        .enumerate()
    {
        let mut elements = Vec::new();
        let mut at = 10.0 * k as f64;
        for (i, w) in credit.split(' ').chain(after.iter().copied()).enumerate() {
            if i > 0 {
                elements.push(space.clone());
            }
            if k == 1 && w == "Merci" {
                elements.extend([unknown.clone(), space.clone()]);
            }
            elements.push(text(w, at));
            at += 0.4;
        }
        elements.push(serde_json::json!({"type": "punct", "value": "."}));
        monologues.push(serde_json::json!({"speaker": k, "elements": elements}));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rev.json");
    let input = serde_json::json!({"monologues": monologues});
    std::fs::write(&path, input.to_string()).unwrap();
    let out = common::transcrub(&["clean", "-q", path.to_str().unwrap()], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let output: Value = serde_json::from_slice(&out.stdout).unwrap();
    let values = |m: usize| -> Vec<String> {
        at_path(&output, &format!("/monologues/{m}/elements/*"))
            .iter()
            .map(|e| e["value"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(values(0), ["Bonjour", " ", "à", " ", "tous", "."]);
    assert_eq!(values(1), ["<unknown>", " ", "Merci", "."]);
    // The words kept are the elements they were.
    let bonjour = at_path(&output, "/monologues/0/elements/0")[0];
    assert_eq!(bonjour, &text("Bonjour", 2.4));
}

#[test]
fn speechmatics_results_and_the_marks_between_them() {
    let shape = shape("speechmatics-fr-v29.json");
    let (input, output, reports) = cleaned(shape);
    check_cleaned(shape, &input, &output, &reports);
    // Twice "la stick search" (three results each time) and "Pie Torch"
    // (two) become one result: 61 results less 2, 2 and 1.
    let count = |doc| at_path(doc, "/results/*").len();
    assert_eq!((count(&input), count(&output)), (61, 56));
    // The first merge: from "la"'s 5.2 to "search"'s 6.08, with "stick"'s
    // 0.48, the lowest of the three; the rest of "la" as it was.
    let merged = at_path(&output, "/results/17")[0];
    assert_eq!(
        merged,
        &serde_json::json!({"alternatives": [{"confidence": 0.48, "content": "Elasticsearch", "language": "fr", "speaker": "S1"}], "end_time": 6.08, "start_time": 5.2, "type": "word"})
    );
    // The entity keeps its content, its spoken and its written form.
    let entity = at_path(&output, "/results/29")[0];
    assert_eq!(entity["type"], "entity");
    assert_eq!(entity["alternatives"][0]["content"], "3");
    assert_eq!(
        entity["spoken_form"][0]["alternatives"][0]["content"],
        "trois"
    );
    // "Fèce" alone is rewritten: a result for a result.
    let face = at_path(&output, "/results/54")[0];
    assert_eq!(
        (
            &face["alternatives"][0]["content"],
            &face["alternatives"][0]["confidence"]
        ),
        (&serde_json::json!("Face"), &serde_json::json!(0.44))
    );
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

#[test]
fn transcrub_model() {
    check(SHAPES.last().unwrap());
}

#[test]
fn a_model_edited_by_hand_goes_on_to_subtitles_and_other_formats() {
    // `clean --to model` wrote a model nothing could read back: "expected
    // a speech transcript". A person fixes a word in the model, and the
    // fixed text reaches SRT and subtitles; the model's own times stay.
    let dir = tempfile::tempdir().unwrap();
    let model = common::root("fixtures/formats/transcrub-model-fr.json");
    let mut doc: Value = parse(&std::fs::read_to_string(model).unwrap());
    doc["cues"][4]["text"] = Value::from(
        " Par l'infra. On avait un cluster Kubernetes qui tombait tous les vendredis soir.",
    );
    let edited = dir.path().join("edited.json");
    std::fs::write(&edited, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let edited = edited.to_str().unwrap();
    let run = |args: &[&str]| {
        let out = common::transcrub(args, dir.path());
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let srt = run(&["clean", edited, "--to", "srt", "-q"]);
    assert!(
        srt.contains(
            "5\n00:00:24,090 --> 00:00:29,690\nPar l'infra. On avait un cluster Kubernetes qui tombait tous les vendredis soir.\n"
        ),
        "{srt}"
    );
    let subtitles = run(&["subtitles", edited, "-q"]);
    assert!(subtitles.contains("Kubernetes"), "{subtitles}");
    assert!(!subtitles.contains("Cubernetes"), "{subtitles}");
    // Unedited, the model comes back byte for byte.
    let model = common::root("fixtures/formats/transcrub-model-fr.json");
    assert_eq!(
        run(&["clean", model.to_str().unwrap(), "-q"]),
        std::fs::read_to_string(&model).unwrap()
    );
}

#[test]
fn a_model_cue_that_ends_before_it_starts_is_a_defect_at_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let model = common::root("fixtures/formats/transcrub-model-fr.json");
    let text = std::fs::read_to_string(model).unwrap();
    // The second cue starts at 7770 ms; a person made it end at 7000.
    let edited = dir.path().join("edited.json");
    std::fs::write(
        &edited,
        text.replacen("\"end\": 13580,", "\"end\": 7000,", 1),
    )
    .unwrap();
    let out = common::transcrub(
        &["clean", edited.to_str().unwrap(), "--strict", "-q"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "edited.json:109:14: cues[1]: expected \"end\" after \"start\", found 7770 ms then 7000 ms"
        ),
        "{stderr}"
    );
}
