//! A removal inside a segment takes the segment's words with it: a loop
//! collapsed inside a Whisper segment used to leave every copy's words in
//! the JSON written back (wild file 51, whisper-timestamped: 77 words under
//! a text of 6), and `subtitles` then timed the whole file by characters,
//! since the words no longer spelled the texts.

mod common;

use common::{change, clean_with_report as clean};

#[test]
fn a_loop_collapsed_inside_a_segment_takes_its_copies_words() {
    let dir = tempfile::tempdir().unwrap();
    let input = common::fixture("formats/whisper-loop-in-segment-fr.json");
    let (output, changes, stderr, code) = clean(dir.path(), &input);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        changes,
        [change(
            "phrase_loop",
            ", de la pile, de la pile, de la pile, de la pile, de la pile",
            ""
        )]
    );
    let doc: serde_json::Value = serde_json::from_str(&output).unwrap();
    let segment = &doc["segments"][1];
    assert_eq!(segment["text"], " On parle de la pile ce soir.");
    assert_eq!(doc["text"], " Bonjour à tous. On parle de la pile ce soir.");
    // The first copy's words stay ("pile," without the comma its copies
    // took), the other copies' go; every time is the word's own.
    let words: Vec<(&str, f64, f64)> = segment["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["word"].as_str().unwrap(),
                w["start"].as_f64().unwrap(),
                w["end"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        words,
        [
            (" On", 1.0, 1.2),
            (" parle", 1.2, 1.5),
            (" de", 1.5, 1.6),
            (" la", 1.6, 1.7),
            (" pile", 1.7, 2.0),
            (" ce", 4.5, 4.7),
            (" soir.", 4.7, 5.1),
        ]
    );
    // The first segment is as it was, byte for byte.
    let input_doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&input).unwrap()).unwrap();
    assert_eq!(doc["segments"][0], input_doc["segments"][0]);
}

#[test]
fn subtitles_keep_the_words_timing_after_a_loop_inside_a_segment() {
    let dir = tempfile::tempdir().unwrap();
    let input = common::fixture("formats/whisper-loop-in-segment-fr.json");
    let run = common::transcrub(&["subtitles", input.to_str().unwrap()], dir.path());
    assert_eq!(run.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("times from the recogniser's words"),
        "{stderr}"
    );
    // "ce soir." is said at 4.5 s, after the loop's 2.5 s: its cue starts
    // there, not where characters shared out over the segment would put it.
    let srt = String::from_utf8_lossy(&run.stdout);
    assert!(srt.contains("00:00:04,500 --> "), "{srt}");
}
