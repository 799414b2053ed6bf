//! Real players' parser: every SRT and WebVTT file transcrub writes must be
//! read by ffmpeg with the same number of cues as by our strict parser.
//! ffmpeg is required (CI installs it in .ci/run); without it this test fails.
//!
//! One exception, ffmpeg's bug and not ours: its WebVTT decoder stops at the
//! first STYLE or REGION block (FFmpeg trac #9064, unmerged since 2021), so a
//! valid file that has them reads as empty. transcrub keeps such blocks,
//! since browsers use them; files with them are checked by our parser only.

mod common;

use std::process::Command;

use common::read_fixture;
use transcrub::read::{Mode, parse};
use transcrub::write::{Output, render};
use transcrub::{Cleaner, Dictionary, Format};

const TIMED: &[&str] = &[
    "formats/srt-clean.srt",
    "formats/srt-bom-crlf.srt",
    "formats/srt-missing-indices.srt",
    "formats/srt-windows-1252.srt",
    "formats/vtt-header-note-style-region.vtt",
    "formats/vtt-cue-ids-settings.vtt",
    "formats/vtt-youtube-word-timings.vtt",
    "formats/whisper-openai-words.json",
    "formats/whispercpp-oj.json",
    "formats/whisper.tsv",
    "formats/whisperx-fr-diarized.srt",
    "formats/stable-ts-highlight.srt",
    "formats/whisper-openai-highlight.vtt",
    "formats/whisperx-fr-highlight.vtt",
    "formats/stable-ts-karaoke.vtt",
    "formats/youtube-asr-rolling-fr.vtt",
    "formats/whisperx-fr-aligned-diarized.json",
    "formats/stable-ts-fr-result.json",
    "formats/whispercpp-ojf-full.json",
    "formats/youtube-asr-fr.json3",
];

fn ffmpeg_event_count(input: &std::path::Path) -> usize {
    let ass = input.with_extension("ffmpeg.ass");
    let out = Command::new("ffmpeg")
        .args(["-nostdin", "-v", "error", "-y", "-i"])
        .arg(input)
        .arg(&ass)
        .output()
        .expect("ffmpeg is required for this test: apt-get install ffmpeg (.ci/run does)");
    assert!(
        out.status.success(),
        "ffmpeg failed on {}: {}",
        input.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let ass = std::fs::read_to_string(&ass).unwrap();
    ass.lines().filter(|l| l.starts_with("Dialogue:")).count()
}

#[test]
fn ffmpeg_reads_every_written_subtitle_file() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dict = Dictionary::load(&[
        root.join("dictionaries/messages-a-caractere-informatique.toml"),
        root.join("fixtures/formats/formats.toml"),
    ])
    .unwrap();
    let cleaner = Cleaner::new(dict).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (n, file) in TIMED.iter().enumerate() {
        let t = read_fixture(file, Mode::Lossy).unwrap().transcript;
        let cleaned = cleaner.clean(t);
        for (output, format, ext) in [
            (Output::Srt, Format::Srt, "srt"),
            (Output::Vtt, Format::Vtt, "vtt"),
        ] {
            // Speakers as the CLI writes them: <v Name> in WebVTT.
            let mut transcript = cleaned.transcript.clone();
            transcrub::speaker::label(&mut transcript, output, Default::default());
            let written = render(&transcript, output, &cleaned.changes).unwrap();
            let ours = parse(&written, format, Mode::Strict)
                .unwrap_or_else(|e| panic!("{file} as {ext}: {e}"))
                .transcript;
            let with_text = ours
                .cues
                .iter()
                .filter(|c| !c.text.trim().is_empty())
                .count();
            if written.contains("\nSTYLE\n") || written.contains("\nREGION\n") {
                assert_eq!(format, Format::Vtt);
                continue;
            }
            let path = dir.path().join(format!("{n}.{ext}"));
            std::fs::write(&path, &written).unwrap();
            assert_eq!(
                ffmpeg_event_count(&path),
                with_text,
                "{file} as {ext}:\n{written}"
            );
        }
    }
}

/// `transcrub subtitles`' output: ffmpeg (`ffmpeg -i out.vtt out.ass`) and
/// our strict parser count the same cues, for every kind of timing.
#[test]
fn ffmpeg_reads_every_segmented_subtitle_file() {
    use transcrub::segment::Segmenter;
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dict = Dictionary::load(&[
        root.join("dictionaries/messages-a-caractere-informatique.toml"),
        root.join("fixtures/subtitles/whisper-fast-speech.toml"),
    ])
    .unwrap();
    let segmenter = Segmenter::builder()
        .language(Some("fr"))
        .terms(dict.terms.iter().map(|t| t.canonical.as_str()))
        .build();
    let cleaner = Cleaner::new(dict).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (n, file) in [
        "mci-2025-02-07.txt",
        "subtitles/whisper-fast-speech.srt",
        "subtitles/whisper-words.json",
        "subtitles/plain-episode-fr.txt",
        "formats/vtt-youtube-word-timings.vtt",
        "formats/youtube-asr-rolling-fr.vtt",
        "formats/whisperx-fr-aligned-diarized.json",
        "subtitles/dialogue-two-speakers-fr.json",
        "subtitles/crosstalk-unpunctuated-fr.srt",
    ]
    .iter()
    .enumerate()
    {
        let t = read_fixture(file, Mode::Lossy).unwrap().transcript;
        let subtitles = segmenter.segment(&cleaner.clean(t).transcript);
        for (output, format, ext) in [
            (Output::Srt, Format::Srt, "srt"),
            (Output::Vtt, Format::Vtt, "vtt"),
            (Output::Ass, Format::Ass, "ass"),
        ] {
            // Karaoke where the words have times: WebVTT timestamp tags
            // and ASS \k tags must not change what a player counts.
            let mut transcript = subtitles.to_transcript_with(format, true);
            transcrub::speaker::label(&mut transcript, output, Default::default());
            let written = render(&transcript, output, &[]).unwrap();
            let ours = parse(&written, format, Mode::Strict)
                .unwrap_or_else(|e| panic!("{file} as {ext}: {e}"))
                .transcript;
            assert_eq!(ours.cues.len(), subtitles.cues.len());
            let path = dir.path().join(format!("segmented-{n}.{ext}"));
            std::fs::write(&path, &written).unwrap();
            assert_eq!(
                ffmpeg_event_count(&path),
                ours.cues.len(),
                "{file} as {ext}"
            );
        }
    }
}

/// `--karaoke` ASS is rendered by libass (ffmpeg's `subtitles` filter)
/// over a generated video without an error.
#[test]
fn ffmpeg_renders_karaoke_ass() {
    let dir = tempfile::tempdir().unwrap();
    let ass = dir.path().join("karaoke.ass");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_transcrub"))
        .args(["subtitles", "-q", "--karaoke", "--format", "ass", "-o"])
        .arg(&ass)
        .arg(common::fixture("formats/whisper-openai-fr-words.json"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let script = std::fs::read_to_string(&ass).unwrap();
    assert!(script.contains("{\\k"), "{script}");
    // Ten seconds of black video with the first cues burnt in.
    let render = Command::new("ffmpeg")
        .args([
            "-nostdin",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "color=c=black:s=320x240:d=10:r=10",
        ])
        .arg("-vf")
        .arg(format!("subtitles={}", ass.display()))
        .args(["-f", "null", "-"])
        .output()
        .expect("ffmpeg runs");
    assert!(
        render.status.success() && render.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&render.stderr)
    );
}
