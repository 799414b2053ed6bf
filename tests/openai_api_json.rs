//! OpenAI's transcription API answer in `verbose_json` with word
//! timestamps: the segments and one top-level list of words, or the
//! words alone. Before this reader, the words alone were taken for an
//! AssemblyAI transcript and refused, and beside segments they were left
//! uncorrected while the segments' texts changed. The expected files were
//! written by hand from the inputs (fixtures/formats/MANIFEST.md).

mod common;

use common::{change, clean_with_report as clean};

#[test]
fn segments_and_their_words_are_corrected_together() {
    let dir = tempfile::tempdir().unwrap();
    let input = common::fixture("formats/openai-api-verbose-fr.json");
    let (output, changes, stderr, code) = clean(dir.path(), &input);
    assert_eq!(code, 0, "{stderr}");
    // Each word list change follows its segment's: merged words take the
    // first start and the last end as written; the credit's segment goes
    // with its six words from the top-level list.
    let expected = std::fs::read_to_string(common::fixture(
        "formats/openai-api-verbose-fr.expected.json",
    ))
    .unwrap();
    assert_eq!(output, expected);
    assert_eq!(
        changes,
        [
            change("dictionary", "Hugging Fèce", "Hugging Face"),
            change("dictionary", "la stick search", "Elasticsearch"),
            change("dictionary", "Pie Torch", "PyTorch"),
            change("dictionary", "Mistral\n Ey Ay", "Mistral AI"),
            change("dictionary", "Cubernetes", "Kubernetes"),
            change(
                "artifact",
                "Sous-titres réalisés par la communauté d'Amara.org",
                ""
            ),
        ]
    );
}

#[test]
fn words_without_segments_are_one_cue_with_its_words() {
    let dir = tempfile::tempdir().unwrap();
    let input = common::fixture("formats/openai-api-verbose-words-fr.json");
    let (output, changes, stderr, code) = clean(dir.path(), &input);
    assert_eq!(code, 0, "{stderr}");
    // "c'est vrai" said three times is speech: only the names change.
    let expected = std::fs::read_to_string(common::fixture(
        "formats/openai-api-verbose-words-fr.expected.json",
    ))
    .unwrap();
    assert_eq!(output, expected);
    assert_eq!(
        changes,
        [
            change("dictionary", "Pie Torch", "PyTorch"),
            change("dictionary", "la stick search", "Elasticsearch"),
        ]
    );
}

#[test]
fn words_alone_make_timed_subtitles() {
    let dir = tempfile::tempdir().unwrap();
    let input = common::fixture("formats/openai-api-verbose-words-fr.json");
    let run = common::transcrub(
        &["subtitles", input.to_str().unwrap(), "--format", "srt"],
        dir.path(),
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let srt = String::from_utf8(run.stdout).unwrap();
    // Timed by the words: the first cue starts with the first word and
    // the last ends with the last (24 words, 0.34 s apart, 0.3 s long).
    assert!(srt.starts_with("1\n00:00:00,000 --> "), "{srt}");
    assert!(srt.contains(" --> 00:00:08,120\n"), "{srt}");
    assert!(srt.contains("Bonjour et bienvenue"), "{srt}");
}

/// An answer of two segments with their words, in the API's shape.
fn answer(segments: &str, words: &[(&str, f64, f64)]) -> String {
    let words: Vec<String> = words
        .iter()
        .map(|(w, s, e)| format!(r#"{{"word": "{w}", "start": {s:?}, "end": {e:?}}}"#))
        .collect();
    format!(
        r#"{{"task": "transcribe", "language": "French", "duration": 6.0, "text": "Bonjour à tous. On parle de Pie Torch.", "words": [{}], "segments": {segments}}}"#,
        words.join(", ")
    )
}

const WORDS: &[(&str, f64, f64)] = &[
    ("Bonjour", 0.0, 0.6),
    ("à", 0.6, 0.8),
    ("tous", 0.8, 1.5),
    // Said just before its segment starts, as real answers have it.
    ("On", 1.92, 2.2),
    ("parle", 2.2, 2.6),
    ("de", 2.6, 2.8),
    ("Pie", 2.8, 3.2),
    ("Torch", 3.2, 3.9),
];

const SEGMENTS: &str = r#"[{"id": 0, "seek": 0, "start": 0.0, "end": 2.0, "text": " Bonjour à tous."}, {"id": 1, "seek": 0, "start": 2.0, "end": 4.0, "text": " On parle de Pie Torch."}]"#;

#[test]
fn a_word_said_before_its_segment_starts_still_times_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.json"), answer(SEGMENTS, WORDS)).unwrap();
    let run = common::transcrub(&["subtitles", "a.json", "-o", "a.srt"], dir.path());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    // By its time, "On" would go to the first segment, whose text it is
    // not in: both cues would lose their word times.
    assert!(
        stderr.contains("times from the recogniser's words"),
        "{stderr}"
    );
}

#[test]
fn segments_written_null_or_empty_leave_the_text_and_its_words() {
    let dir = tempfile::tempdir().unwrap();
    for segments in ["null", "[]"] {
        std::fs::write(dir.path().join("a.json"), answer(segments, WORDS)).unwrap();
        let (output, changes, stderr, code) = clean(dir.path(), &dir.path().join("a.json"));
        assert_eq!(code, 0, "{segments}: {stderr}");
        assert_eq!(changes, [change("dictionary", "Pie Torch", "PyTorch")]);
        let doc: serde_json::Value = serde_json::from_str(&output).unwrap();
        assert_eq!(doc["text"], "Bonjour à tous. On parle de PyTorch.");
        let words: Vec<&str> = doc["words"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["word"].as_str().unwrap())
            .collect();
        assert_eq!(
            words,
            ["Bonjour", "à", "tous", "On", "parle", "de", "PyTorch"]
        );
    }
}

#[test]
fn a_silent_answer_comes_back_as_it_was() {
    // Words asked for, nothing said: an empty text and no words. It was
    // taken for AssemblyAI's, then refused as untimed input.
    let dir = tempfile::tempdir().unwrap();
    let silent =
        r#"{"task":"transcribe","language":"english","duration":3.2,"text":"","words":[]}"#;
    std::fs::write(dir.path().join("silent.json"), silent).unwrap();
    let (output, changes, stderr, code) = clean(dir.path(), &dir.path().join("silent.json"));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(output, silent);
    assert!(changes.is_empty());
}
