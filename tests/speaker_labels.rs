//! `clean` loses no speaker: a transcript converted to a format with no
//! field for speakers (SRT, plain text, TSV) names each cue's speaker in
//! its text, as WhisperX's own writers do, unless `--speakers` says
//! otherwise; a file written in its own format names them as it did.

mod common;

use common::{fixture, transcrub};

fn clean(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = transcrub(args, dir.path());
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn path(name: &str) -> String {
    fixture(name).to_str().unwrap().to_string()
}

#[test]
fn a_diarized_whisperx_result_converted_to_srt_is_whisperxs_own_srt() {
    // whisperx-fr-diarized.srt is WhisperX's SRT writer's own output for
    // the same result (fixtures/formats/MANIFEST.md): `[SPEAKER_01]: `
    // before each cue. It used to come out without a single speaker.
    let json = path("formats/whisperx-fr-aligned-diarized.json");
    let srt = clean(&["clean", "-q", "--keep-artifacts", &json, "--to", "srt"]);
    let whisperx = std::fs::read_to_string(fixture("formats/whisperx-fr-diarized.srt")).unwrap();
    assert_eq!(srt, whisperx);
}

#[test]
fn a_teams_voice_converted_to_text_names_its_speaker() {
    let vtt = path("formats/teams-transcript-fr.vtt");
    let as_text = |speakers: &[&str]| {
        let args = ["clean", "-q", "--keep-artifacts", &vtt, "--to", "txt"];
        clean(&[&args[..], speakers].concat())
    };
    let txt = as_text(&[]);
    let lines: Vec<&str> = txt.lines().collect();
    assert_eq!(
        lines[..5],
        [
            "[Dupont-Lefèvre, Marie-Hélène]: Bonjour à tous, on fait le point sur la migration",
            "vers la stick search.",
            "[Dupont-Lefèvre, Marie-Hélène]: On a fini les index hier soir.",
            "[Karim Benali (EXT)]: Alors de notre côté, les requêtes passent,",
            "mais le cluster Encube redémarre la nuit.",
        ]
    );
    // The voice tag is markup text does not keep: it used to count as the
    // text naming its speaker, so even `--speakers dash` wrote nothing.
    let dashed = as_text(&["--speakers", "dash"]);
    assert_eq!(
        dashed.lines().nth(3),
        Some("- Alors de notre côté, les requêtes passent,")
    );
    // `native` asks for nothing where the format has no field.
    let native = as_text(&["--speakers", "native"]);
    assert!(native.starts_with("Bonjour à tous, on fait"), "{native}");
    assert!(!native.contains('['), "{native}");
}

#[test]
fn a_file_written_in_its_own_format_names_its_speakers_as_it_did() {
    for name in [
        "formats/teams-transcript-fr.vtt",
        "formats/whisperx-fr-diarized.srt",
        "formats/otter-export-fr.txt",
    ] {
        let file = path(name);
        let cleaned = clean(&["clean", "-q", "--keep-artifacts", &file]);
        let source = std::fs::read_to_string(fixture(name)).unwrap();
        // Otter's paragraphs end in a space, which the whitespace pass
        // takes; nothing else changes.
        let lines = |t: &str| t.lines().map(str::trim_end).collect::<Vec<_>>().join("\n");
        assert_eq!(lines(&cleaned), lines(&source), "{name}");
    }
}

#[test]
fn a_label_written_reads_back_as_the_speaker() {
    // Converted to text and read back, each cue has the speaker it had.
    let dir = tempfile::tempdir().unwrap();
    let json = path("formats/whisperx-fr-aligned-diarized.json");
    let txt = dir.path().join("labelled.txt");
    let txt = txt.to_str().unwrap();
    clean(&[
        "clean",
        "-q",
        "--keep-artifacts",
        &json,
        "--to",
        "txt",
        "-o",
        txt,
    ]);
    let speakers = |input: &str| -> Vec<String> {
        let model = clean(&["clean", "-q", "--keep-artifacts", input, "--to", "model"]);
        let model: serde_json::Value = serde_json::from_str(&model).unwrap();
        let cues = model["cues"].as_array().unwrap();
        cues.iter()
            .map(|c| c["speaker"].as_str().unwrap().to_string())
            .collect()
    };
    let (from_text, from_json) = (speakers(txt), speakers(&json));
    assert_eq!(from_json.len(), 17);
    assert_eq!(from_text, from_json);
}
