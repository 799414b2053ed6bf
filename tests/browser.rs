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
        // `VTTCue.text` is the cue's text as written: a file that writes
        // `&nbsp;` is written so again (`Spelling::entities`).
        let as_written = |text: &str| {
            let escaped = transcrub::markup::escape_vtt(text);
            match ours.spelling.entities {
                true => transcrub::markup::entities_for_spaces(&escaped).into_owned(),
                false => escaped,
            }
        };
        for (cue, seen) in ours.cues.iter().zip(theirs) {
            assert_eq!(
                (
                    cue.start.unwrap().0,
                    cue.end.unwrap().0,
                    as_written(&cue.text)
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

/// `subtitles` output of every kind read by Chromium as by us, and
/// `--karaoke` played word by word: the browser finds one timestamp per
/// word after the first, in order, inside the cue.
#[test]
fn chromium_reads_our_subtitles_and_plays_karaoke() {
    let dir = tempfile::tempdir().unwrap();
    let runs: &[(&str, &[&str])] = &[
        ("formats/whisper-openai-fr-words.json", &["--karaoke"]),
        ("formats/whisperx-fr-aligned-diarized.json", &["--karaoke"]),
        ("subtitles/dialogue-two-speakers-fr.json", &[]),
        ("subtitles/crosstalk-unpunctuated-fr.srt", &[]),
        ("formats/youtube-asr-rolling-fr.vtt", &["--karaoke"]),
        ("mci-2025-02-07.txt", &[]),
    ];
    let mut files = Vec::new();
    for (n, (source, extra)) in runs.iter().enumerate() {
        let out = dir.path().join(format!("{n}.vtt"));
        let mut args = vec![
            "subtitles",
            "-q",
            "--format",
            "vtt",
            "-o",
            out.to_str().unwrap(),
        ];
        let input = common::fixture(source);
        args.push(input.to_str().unwrap());
        args.extend(extra.iter());
        let run = common::transcrub(&args, dir.path());
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
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let results: Vec<Value> = String::from_utf8_lossy(&run.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut karaoke_cues = 0;
    for (((source, extra), file), result) in runs.iter().zip(&files).zip(&results) {
        assert_eq!(result["status"], "load", "{source}");
        let written = std::fs::read_to_string(file).unwrap();
        let ours = transcrub::read::parse(
            &written,
            transcrub::Format::Vtt,
            transcrub::read::Mode::Strict,
        )
        .unwrap_or_else(|e| panic!("{source}: {e}"))
        .transcript;
        let theirs = result["cues"].as_array().unwrap();
        assert_eq!(theirs.len(), ours.cues.len(), "{source}");
        for (cue, seen) in ours.cues.iter().zip(theirs) {
            assert_eq!(
                seen["start_ms"].as_u64(),
                cue.start.map(|t| t.0),
                "{source}"
            );
            let stamps: Vec<u64> = seen["timestamps"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| {
                    let (parsed, _) =
                        transcrub::Timestamp::parse_prefix(t.as_str().unwrap()).unwrap();
                    parsed.time.0
                })
                .collect();
            if extra.contains(&"--karaoke") {
                // One per word after the first, increasing, inside the cue.
                let words = cue.words.len();
                assert_eq!(
                    stamps.len(),
                    words.saturating_sub(1),
                    "{source}: {}",
                    cue.text
                );
                assert!(stamps.windows(2).all(|w| w[0] < w[1]), "{source}");
                assert!(
                    stamps
                        .iter()
                        .all(|&t| t > cue.start.unwrap().0 && t < cue.end.unwrap().0)
                );
                karaoke_cues += usize::from(!stamps.is_empty());
            } else {
                assert!(stamps.is_empty(), "{source}");
            }
        }
    }
    assert!(karaoke_cues >= 30, "only {karaoke_cues} karaoke cues");
}

/// Where Chromium 156 and the WebVTT parser algorithm part, on purpose
/// (fixtures/readers/NOTES.md §11): in each, only this differs.
enum Departure {
    /// Chromium makes the whitespace line under the signature the first
    /// cue's identifier; the spec's header mode keeps it in the header.
    FirstId,
    /// Chromium lists a track's cues sorted by start time (HTML's cue
    /// list); a reader keeps file order.
    Order,
}

fn departure(name: &str) -> Option<Departure> {
    match name {
        "header-then-whitespace-line.vtt" | "header-then-tab-line.vtt" => Some(Departure::FirstId),
        "cues-out-of-order.vtt" => Some(Departure::Order),
        _ => None,
    }
}

/// Each fixture of issue 18 (fixtures/readers/vtt) read by Chromium's
/// `<track>` and by our lossy reader: the same cues (id, start, end,
/// text), and a file Chromium refuses (an `error` event) is an error for
/// us.
#[test]
fn chromium_reads_the_reader_fixtures_as_our_lossy_reader_does() {
    let dir = common::root("fixtures/readers/vtt");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "vtt"))
        .collect();
    files.sort();
    assert!(files.len() >= 40, "only {} fixtures", files.len());
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
    let mut agree = 0;
    let mut wrong = Vec::new();
    for (file, result) in files.iter().zip(&results) {
        let name = file.file_name().unwrap().to_str().unwrap();
        let bytes = std::fs::read(file).unwrap();
        let text = transcrub::encoding::decode(&bytes).text;
        let ours =
            transcrub::read::parse(&text, transcrub::Format::Vtt, transcrub::read::Mode::Lossy);
        let mut theirs: Vec<(String, u64, u64, String)> = result["cues"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["id"].as_str().unwrap().to_string(),
                    c["start_ms"].as_u64().unwrap(),
                    c["end_ms"].as_u64().unwrap(),
                    c["text"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let mut ours = match ours {
            Ok(reading) => {
                if result["status"] != "load" {
                    wrong.push(format!(
                        "{name}: Chromium gave {}, we read it",
                        result["status"]
                    ));
                    continue;
                }
                reading
                    .transcript
                    .cues
                    .iter()
                    .map(|c| {
                        (
                            c.id.clone().unwrap_or_default(),
                            c.start.unwrap().0,
                            c.end.unwrap().0,
                            transcrub::markup::escape_vtt(&c.text),
                        )
                    })
                    .collect::<Vec<_>>()
            }
            Err(err) => {
                if result["status"] != "error" || !theirs.is_empty() {
                    wrong.push(format!(
                        "{name}: we refuse it ({err}), Chromium gave {result}"
                    ));
                } else {
                    agree += 1;
                }
                continue;
            }
        };
        match departure(name) {
            Some(Departure::FirstId) => {
                // Only the first identifier may differ: ours has none.
                assert_eq!(ours.first().map(|c| c.0.as_str()), Some(""), "{name}");
                if let (Some(o), Some(t)) = (ours.first_mut(), theirs.first_mut())
                    && !t.0.is_empty()
                    && t.0.trim_matches([' ', '\t']).is_empty()
                {
                    o.0.clone_from(&t.0);
                }
            }
            Some(Departure::Order) => {
                ours.sort_by_key(|c| c.1);
                theirs.sort_by_key(|c| c.1);
            }
            None => {}
        }
        if ours == theirs {
            agree += 1;
        } else {
            wrong.push(format!(
                "{name}:\n  ours     {ours:?}\n  Chromium {theirs:?}"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{agree} of {} agree; these do not:\n{}",
        files.len(),
        wrong.join("\n")
    );
}
