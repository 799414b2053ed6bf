//! Hugging Face `transformers`' speech pipeline output (`chunks` of
//! `text` and `timestamp: [start, end]`), as insanely-fast-whisper writes
//! it and as a bare list: read, corrected and given back as the same
//! document. The expected files were written by hand from the inputs
//! (fixtures/formats/MANIFEST.md lists what each shows).

mod common;

use common::{change, clean_with_report as clean};

use serde_json::Value;

#[test]
fn word_chunks_with_their_speakers_come_back_corrected() {
    let dir = tempfile::tempdir().unwrap();
    let input = common::fixture("formats/transformers-words-speakers-fr.json");
    let (output, changes, stderr, code) = clean(dir.path(), &input);
    assert_eq!(code, 0, "{stderr}");
    // A name said over three chunks goes into the first, which ends where
    // the last did; the others go, and so do their copies in `speakers`.
    let expected = std::fs::read_to_string(common::fixture(
        "formats/transformers-words-speakers-fr.expected.json",
    ))
    .unwrap();
    assert_eq!(output, expected);
    assert_eq!(
        changes,
        [
            change("dictionary", "la\n stick\n search", "Elasticsearch"),
            change("dictionary", "Pie\n Torch", "PyTorch"),
            change("dictionary", "Hugging\n Fèce", "Hugging Face"),
        ]
    );
}

#[test]
fn segment_chunks_lose_the_credit_and_keep_the_speech() {
    let dir = tempfile::tempdir().unwrap();
    let input = common::fixture("formats/transformers-chunks-fr.json");
    let (output, changes, stderr, code) = clean(dir.path(), &input);
    assert_eq!(code, 0, "{stderr}");
    // The last chunk, whose end is `null`, is a credit: it goes with its
    // comma; "c'est vrai" said three times is speech and stays.
    let expected = std::fs::read_to_string(common::fixture(
        "formats/transformers-chunks-fr.expected.json",
    ))
    .unwrap();
    assert_eq!(output, expected);
    assert_eq!(changes.len(), 4, "{changes:?}");
    assert_eq!(
        changes[3],
        change(
            "artifact",
            "Sous-titres réalisés par la communauté d'Amara.org",
            ""
        )
    );
}

/// Word chunks as `json.dump(outputs["chunks"], indent=4)` writes them.
fn bare_list(words: &[(String, f64, f64)]) -> String {
    let items: Vec<String> = words
        .iter()
        .map(|(text, start, end)| {
            format!(
                "    {{\n        \"text\": \"{text}\",\n        \"timestamp\": [\n            {start:?},\n            {end:?}\n        ]\n    }}"
            )
        })
        .collect();
    format!("[\n{}\n]", items.join(",\n"))
}

#[test]
fn a_bare_list_of_word_chunks_is_a_word_list_whose_repeats_are_speech() {
    let dir = tempfile::tempdir().unwrap();
    let said = " so I told him yeah yeah yeah I know and then we went back home \
                after the talk about Pie Torch on the train";
    // A word a chunk, its space first, a quarter of a second each.
    let words: Vec<(String, f64, f64)> = said
        .split(' ')
        .skip(1)
        .enumerate()
        .map(|(i, w)| {
            let start = 10.0 + 0.25 * i as f64;
            (format!(" {w}"), start, start + 0.2)
        })
        .collect();
    assert!(words.len() >= 20, "a word list has 20 cues at least");
    let input = dir.path().join("chunks.json");
    std::fs::write(&input, bare_list(&words)).unwrap();
    let (output, changes, stderr, code) = clean(dir.path(), &input);
    assert_eq!(code, 0, "{stderr}");
    // Only the name changes: "Pie" takes "Torch" and the chunk of
    // " Torch" goes; the three "yeah" stay.
    assert_eq!(changes, [change("dictionary", "Pie\n Torch", "PyTorch")]);
    let doc: Value = serde_json::from_str(&output).unwrap();
    let texts: Vec<&str> = doc
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    let expected: String = said.replace(" Pie Torch", " PyTorch");
    assert_eq!(texts.concat(), expected);
    assert_eq!(texts.len(), words.len() - 1);
    assert_eq!(texts.iter().filter(|t| **t == " yeah").count(), 3);
}

#[test]
fn speakers_that_do_not_copy_the_chunks_are_left_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    // A wrapper that grouped the turns: one entry holds two chunks.
    let doc = r#"{"speakers": [{"speaker": "SPEAKER_00", "text": " On parle de Pie Torch. Et du reste.", "timestamp": [0.0, 4.0]}], "chunks": [{"text": " On parle de Pie Torch.", "timestamp": [0.0, 2.0]}, {"text": " Et du reste.", "timestamp": [2.0, 4.0]}], "text": " On parle de Pie Torch. Et du reste."}"#;
    let input = dir.path().join("grouped.json");
    std::fs::write(&input, doc).unwrap();
    let (output, changes, stderr, code) = clean(dir.path(), &input);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(changes, [change("dictionary", "Pie Torch", "PyTorch")]);
    let expected = doc
        .replace(
            r#"{"text": " On parle de Pie Torch.""#,
            r#"{"text": " On parle de PyTorch.""#,
        )
        .replace(
            r#""text": " On parle de Pie Torch. Et du reste."}"#,
            r#""text": " On parle de PyTorch. Et du reste."}"#,
        );
    assert_eq!(output, expected);
    // The entry is as it was: its text still says "Pie Torch".
    let out: Value = serde_json::from_str(&output).unwrap();
    assert_eq!(
        out["speakers"][0]["text"],
        " On parle de Pie Torch. Et du reste."
    );
}

#[test]
fn a_timestamp_that_is_not_a_pair_is_refused_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    for (doc, expected) in [
        (
            r#"{"chunks": [{"text": " a", "timestamp": [1.0]}]}"#,
            r#"bad.json:1:41: chunks[0]: "timestamp": expected [start, end] in seconds, found "[1.0]""#,
        ),
        (
            r#"{"chunks": [{"text": " a", "start": 0.0, "end": 1.0}]}"#,
            r#"bad.json:1:13: chunks[0]: expected a "timestamp" member, found none"#,
        ),
        (
            r#"[{"text": " a", "timestamp": [1.0, "2"]}]"#,
            r#"bad.json:1:36: chunks[0]: the end of "timestamp": expected a number of seconds, found "\"2\"""#,
        ),
    ] {
        let input = dir.path().join("bad.json");
        std::fs::write(&input, doc).unwrap();
        let run = common::transcrub(&["clean", "bad.json"], dir.path());
        assert_eq!(run.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
        assert!(run.stdout.is_empty());
    }
}

#[test]
fn a_null_end_lasts_as_long_as_its_text_takes_to_read() {
    let dir = tempfile::tempdir().unwrap();
    let input = common::fixture("formats/transformers-chunks-fr.json");
    let run = common::transcrub(
        &[
            "clean",
            input.to_str().unwrap(),
            "--keep-artifacts",
            "--to",
            "srt",
        ],
        dir.path(),
    );
    assert!(run.status.success());
    let srt = String::from_utf8(run.stdout).unwrap();
    // 50 characters at Netflix's 17 per second: 2,942 ms from 10.1 s,
    // where a cue ending at its start would flash by unseen.
    assert!(
        srt.ends_with(
            "5\n00:00:10,100 --> 00:00:13,042\nSous-titres réalisés par la communauté d'Amara.org\n\n"
        ),
        "{srt}"
    );
}

#[test]
fn a_speaker_written_in_each_chunk_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let doc = r#"[
  {"speaker": "SPEAKER_01", "timestamp": [0.0, 2.5], "text": " On parle de Pie Torch."},
  {"speaker": "SPEAKER_00", "timestamp": [2.5, 4.0], "text": " Et du reste."}
]"#;
    std::fs::write(dir.path().join("turns.json"), doc).unwrap();
    let run = common::transcrub(&["clean", "turns.json", "--to", "vtt"], dir.path());
    assert!(run.status.success());
    let vtt = String::from_utf8(run.stdout).unwrap();
    assert!(vtt.contains("<v SPEAKER_01>"), "{vtt}");
    assert!(vtt.contains("<v SPEAKER_00>"), "{vtt}");
}
