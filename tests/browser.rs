//! A real browser reads the WebVTT transcrub writes (issue 12): headless
//! Chromium loads each file as a `<track>` (tests/browser/track_cues.py)
//! and must see the same cues as transcrub's strict reader: the same
//! count, times and text. The files are what `clean` writes from the
//! fixtures of every tool, with speakers as `<v>` tags and YouTube's
//! rolling captions de-rolled. Chromium is required (scripts/test installs
//! it); without it this test fails.

mod common;

use serde_json::Value;

/// Fixtures of every shape that can become WebVTT.
const SOURCES: &[&str] = &[
    "formats/whisper-openai-highlight.vtt",
    "formats/whisperx-fr-highlight.vtt",
    "formats/stable-ts-karaoke.vtt",
    "formats/youtube-asr-rolling-fr.vtt",
    "formats/vtt-header-note-style-region.vtt",
    "formats/vtt-cue-ids-settings.vtt",
    "formats/whisperx-fr-diarized.srt",
    "formats/stable-ts-highlight.srt",
    "formats/whisperx-fr-aligned-diarized.json",
    "formats/whisper-openai-fr-words.json",
    "formats/youtube-asr-fr.json3",
    "formats/whispercpp-oj-diarize.json",
];

#[test]
fn chromium_reads_our_webvtt_as_we_do() {
    let dir = tempfile::tempdir().unwrap();
    let dict = common::root("fixtures/formats/formats.toml");
    let mut files = Vec::new();
    for (n, source) in SOURCES.iter().enumerate() {
        let out = dir.path().join(format!("{n}.vtt"));
        let run = common::transcrub(
            &[
                "clean",
                "-q",
                "-d",
                dict.to_str().unwrap(),
                common::fixture(source).to_str().unwrap(),
                "--to",
                "vtt",
                "-o",
                out.to_str().unwrap(),
            ],
            dir.path(),
        );
        assert!(
            run.status.success(),
            "{source}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        files.push(out);
    }
    let run = std::process::Command::new("python3")
        .arg(common::root("tests/browser/track_cues.py"))
        .args(&files)
        .output()
        .expect("python3 runs");
    assert!(
        run.status.success(),
        "track_cues.py (needs chromium: apt-get install chromium): {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let results: Vec<Value> = String::from_utf8_lossy(&run.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(results.len(), files.len());
    let mut speakers = 0;
    for ((source, file), result) in SOURCES.iter().zip(&files).zip(&results) {
        assert_eq!(result["status"], "load", "{source}: {result}");
        let written = std::fs::read_to_string(file).unwrap();
        let ours = transcrub::read::parse(
            &written,
            transcrub::Format::Vtt,
            transcrub::read::Mode::Strict,
        )
        .unwrap_or_else(|e| panic!("{source}: {e}"))
        .transcript;
        let theirs = result["cues"].as_array().unwrap();
        assert_eq!(
            theirs.len(),
            ours.cues.len(),
            "{source}: cue count\n{written}"
        );
        for (cue, seen) in ours.cues.iter().zip(theirs) {
            assert_eq!(
                (
                    cue.start.unwrap().0,
                    cue.end.unwrap().0,
                    transcrub::markup::escape_vtt(&cue.text)
                ),
                (
                    seen["start_ms"].as_u64().unwrap(),
                    seen["end_ms"].as_u64().unwrap(),
                    seen["text"].as_str().unwrap().to_string()
                ),
                "{source}"
            );
            speakers += usize::from(seen["text"].as_str().unwrap().starts_with("<v "));
        }
    }
    // The diarized JSON and SRT gave their speakers as voice tags.
    assert!(speakers >= 30, "only {speakers} cues with a <v> tag");
}
