//! `transcrub clean --jsonl`: one record a line in, one result a line out,
//! in order; a bad record gives its own error line and the stream goes on;
//! each result is what `transcrub clean` gives for the same file.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

const DICT: &str = "dictionaries/messages-a-caractere-informatique.toml";

/// Runs `transcrub clean --jsonl -d DICT extra...` on `input`.
fn stream(input: &str, extra: &[&str]) -> (Vec<Value>, String, Option<i32>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_transcrub"))
        .args(["clean", "--jsonl", "-d"])
        .arg(common::root(DICT))
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()).unwrap());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let lines = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (
        lines,
        String::from_utf8(out.stderr).unwrap(),
        out.status.code(),
    )
}

fn line(v: Value) -> String {
    format!("{v}\n")
}

#[test]
fn each_record_gets_its_result_or_its_own_error_in_order() {
    let input = [
        line(json!({"id": 1, "format": "srt",
            "text": "1\n00:00:01,000 --> 00:00:02,000\nOn stocke tout dans la stick search.\n"})),
        "this is not JSON\n".to_string(),
        line(json!({"id": "whisper", "language": "fr",
            "segments": [{"id": 0, "start": 0.0, "end": 2.0, "text": " Bonjour."},
                         {"id": 1, "start": 2.0, "end": 4.5, "text": " Salut Aasio."}],
            "text": " Bonjour. Salut Aasio."})),
        "\n".to_string(),
        line(json!({"id": [3], "format": "json", "text": "{\"segments\": [\n  {\"text\": \"la stick search\",}\n]}"})),
        line(json!({"id": 4, "format": "docx", "text": "x"})),
        line(json!({"id": 5})),
        line(json!({"text": "Aasio est là.\n"})),
    ]
    .concat();
    let (out, stderr, code) = stream(&input, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(out.len(), 7, "one line per record, the blank line skipped");

    assert_eq!(out[0]["id"], 1);
    assert_eq!(
        out[0]["text"], "1\n00:00:01,000 --> 00:00:02,000\nOn stocke tout dans Elasticsearch.\n",
        "the record's SRT ends as it was given, with one line break"
    );
    assert_eq!(
        out[0]["changes"],
        json!([{"rule": "dictionary", "line": 3, "column": 21,
                "before": "la stick search", "after": "Elasticsearch", "term": "Elasticsearch"}])
    );

    // Not JSON: the stream's line and column, no id.
    assert_eq!(out[1]["id"], Value::Null);
    assert_eq!(out[1]["error"]["line"], 2);
    assert!(
        out[1]["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("expected a JSON record"),
        "{}",
        out[1]
    );

    // Whisper segments: the same document back, corrected where the
    // name is, the mirror `text` too; the change names its segment.
    assert_eq!(out[2]["id"], "whisper");
    assert_eq!(out[2]["segments"][0]["text"], " Bonjour.");
    assert_eq!(out[2]["segments"][1]["text"], " Salut Horacio.");
    assert_eq!(out[2]["segments"][1]["end"], 4.5);
    assert_eq!(out[2]["text"], " Bonjour. Salut Horacio.");
    assert_eq!(out[2]["language"], "fr");
    assert_eq!(
        out[2]["changes"],
        json!([{"rule": "dictionary", "segment": 1, "before": "Aasio",
                "after": "Horacio", "term": "Horacio"}])
    );
    let keys: Vec<&String> = out[2].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["id", "language", "segments", "text", "changes", "warnings"],
        "the record's own keys keep their order, after its id"
    );

    // Broken JSON inside a record: the error is at its place in that
    // transcript (the trailing comma, line 2).
    assert_eq!(out[3]["id"], json!([3]));
    assert_eq!(out[3]["error"]["line"], 2, "{}", out[3]);
    assert!(out[3].get("text").is_none());

    assert_eq!(out[4]["id"], 4);
    assert!(
        out[4]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("found \"docx\""),
        "{}",
        out[4]
    );
    assert_eq!(out[5]["id"], 5);
    assert!(
        out[5]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("found neither")
    );

    // No format: plain text; no id: null.
    assert_eq!(out[6]["id"], Value::Null);
    assert_eq!(out[6]["text"], "Horacio est là.\n");

    assert!(
        stderr.contains("7 records, 3 cleaned, 4 with errors"),
        "{stderr}"
    );
}

/// The text of each result is what `transcrub clean FILE` prints.
#[test]
fn results_equal_the_cli_on_the_same_files() {
    let files = [
        "fixtures/mci-2025-02-07.txt",
        "fixtures/formats/whisper-openai-fr-words.json",
        "fixtures/formats/whisperx-fr-aligned-diarized.json",
        "fixtures/formats/youtube-asr-rolling-fr.vtt",
    ];
    let mut input = String::new();
    for (i, file) in files.iter().enumerate() {
        let text = std::fs::read_to_string(common::root(file)).unwrap();
        let format = file.rsplit('.').next().unwrap();
        input.push_str(&line(json!({"id": i, "format": format, "text": text})));
    }
    let (out, stderr, code) = stream(&input, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(out.len(), files.len());
    let mut changed = 0;
    for (i, file) in files.iter().enumerate() {
        let cli = Command::new(env!("CARGO_BIN_EXE_transcrub"))
            .args(["clean", "-q", "-d"])
            .arg(common::root(DICT))
            .arg(common::root(file))
            .output()
            .unwrap();
        assert!(cli.status.success(), "{file}");
        let expected = String::from_utf8(cli.stdout).unwrap();
        assert_eq!(out[i]["id"], i);
        assert_eq!(out[i]["text"].as_str().unwrap(), expected, "{file}");
        changed += usize::from(!out[i]["changes"].as_array().unwrap().is_empty());
    }
    assert!(changed >= 2, "the fixtures hold names to correct");
}

/// `-j 2` cleans batches on two threads and keeps the order.
#[test]
fn threads_keep_the_order() {
    let mut input = String::new();
    for i in 0..300 {
        let text = if i % 7 == 0 {
            "1\nnot a timing line\n".to_string()
        } else {
            format!("Épisode {i} : Aasio parle de la stick search.\n")
        };
        let format = if i % 7 == 0 { "srt" } else { "txt" };
        input.push_str(&line(json!({"id": i, "format": format, "text": text})));
    }
    let (one, _, code_one) = stream(&input, &[]);
    let (two, _, code_two) = stream(&input, &["-j", "2"]);
    assert_eq!((code_one, code_two), (Some(0), Some(0)));
    assert_eq!(one.len(), 300);
    assert_eq!(one, two);
    for (i, result) in one.iter().enumerate() {
        assert_eq!(result["id"], i);
        if i % 7 == 0 {
            assert!(result.get("error").is_some(), "{result}");
        } else {
            assert_eq!(
                result["text"],
                format!("Épisode {i} : Horacio parle de Elasticsearch.\n")
            );
        }
    }
}

#[test]
fn jsonl_refuses_file_arguments_and_outputs() {
    for extra in [
        &["x.srt"][..],
        &["-o", "out.txt"],
        &["--in-place"],
        &["--report", "r.jsonl"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_transcrub"))
            .args(["clean", "--jsonl"])
            .args(extra)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("cannot be used with"),
            "{extra:?}: {stderr}"
        );
    }
}

#[test]
fn a_transformers_pipeline_record_is_corrected_in_its_chunks() {
    // What a Spark job holds after `pipe(audio, return_timestamps=True)`:
    // the text and its chunks. The chunks are corrected, the text follows,
    // and each change says its chunk; before, the text alone was cleaned
    // as plain text and the chunks left as they were.
    let record = json!({"id": "ep1", "text": " Bonjour. On stocke tout dans la stick search.",
    "chunks": [
        {"timestamp": [0.0, 1.0], "text": " Bonjour."},
        {"timestamp": [1.0, 4.0], "text": " On stocke tout dans la stick search."}
    ]});
    let (out, stderr, code) = stream(&line(record), &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(out[0]["chunks"][0]["text"], " Bonjour.");
    assert_eq!(
        out[0]["chunks"][1]["text"],
        " On stocke tout dans Elasticsearch."
    );
    assert_eq!(
        out[0]["text"],
        " Bonjour. On stocke tout dans Elasticsearch."
    );
    assert_eq!(out[0]["changes"][0]["segment"], 1);
    assert_eq!(out[0]["changes"][0]["after"], "Elasticsearch");
    assert_eq!(out[0]["id"], "ep1");
}
