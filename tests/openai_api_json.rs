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
