//! SubViewer SBV as YouTube Studio and Subtitle Edit write it
//! (fixtures/formats, values from its MANIFEST.md): cues as read, names
//! corrected at their line:column, unchanged lines and the file's tail
//! given back, bad times positioned, and what we write read by ffmpeg.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use common::{fixture, read_fixture, transcrub};
use transcrub::read::{Mode, parse};
use transcrub::write::{Output, render};
use transcrub::{Format, Timestamp, markup};

const DICT: &str = "formats/formats.toml";

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn path(name: &str) -> String {
    fixture(name).to_str().unwrap().to_string()
}

/// A cue's start, end and text, in milliseconds.
type Cue = (u64, u64, &'static str);

#[test]
fn every_fixture_reads_as_its_manifest_says() {
    // (file, cues, first, last)
    let cases: [(&str, usize, Cue, Cue); 2] = [
        (
            "formats/youtube-studio-fr.sbv",
            9,
            (
                500,
                4200,
                "Bonjour à toutes et à tous,\nbienvenue dans Silicium.",
            ),
            (30400, 33000, ">> Merci Inès, à la semaine prochaine !"),
        ),
        (
            "formats/sbv-subtitle-edit-crlf-fr.sbv",
            6,
            (
                500,
                3800,
                "Silicium, épisode 13.\nOn parle d'entraînement de modèles.",
            ),
            (15100, 18000, "Merci d'avoir écouté, à bientôt !"),
        ),
    ];
    for (file, count, first, last) in cases {
        let reading = read_fixture(file, Mode::Strict).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(reading.warnings.is_empty(), "{file}");
        let t = reading.transcript;
        assert_eq!(t.cues.len(), count, "{file}");
        for (cue, (start, end, text)) in [(&t.cues[0], first), (t.cues.last().unwrap(), last)] {
            assert_eq!(
                (cue.start, cue.end, cue.text.as_str()),
                (Some(Timestamp(start)), Some(Timestamp(end)), text),
                "{file}"
            );
        }
        assert!(t.cues.iter().all(|c| c.speaker.is_none()), "{file}");
    }
    // Cue 4 of the YouTube file: its text starts on line 14.
    let t = read_fixture("formats/youtube-studio-fr.sbv", Mode::Strict)
        .unwrap()
        .transcript;
    assert_eq!(
        (t.cues[3].line, t.cues[3].text.as_str()),
        (14, "Et les logs partaient tous dans Elastic")
    );
}

/// The file with some lines replaced, by 1-based number, line breaks kept.
fn with_lines(input: &str, changes: &BTreeMap<usize, &str>) -> String {
    let mut out = String::new();
    for (i, line) in input.split_inclusive('\n').enumerate() {
        match changes.get(&(i + 1)) {
            None => out.push_str(line),
            Some(new) => {
                out.push_str(new);
                out.push_str(&line[line.trim_end_matches(['\r', '\n']).len()..]);
            }
        }
    }
    out
}

fn clean(name: &str) -> (Vec<String>, String) {
    let dir = tempfile::tempdir().unwrap();
    let listed = transcrub(
        &["clean", "-d", &path(DICT), &path(name), "--dry-run"],
        dir.path(),
    );
    assert!(listed.status.success(), "{name}: {}", stderr(&listed));
    let prefix = format!("{}:", path(name));
    let listed = stdout(&listed)
        .lines()
        .map(|l| l.strip_prefix(&prefix).unwrap_or(l).to_string())
        .collect();
    let out = transcrub(&["clean", "-q", "-d", &path(DICT), &path(name)], dir.path());
    assert!(out.status.success(), "{name}: {}", stderr(&out));
    (listed, stdout(&out))
}

#[test]
fn youtube_studio_names_are_corrected_in_place_and_every_other_line_kept() {
    let (listed, output) = clean("formats/youtube-studio-fr.sbv");
    assert_eq!(
        listed,
        [
            "11:1: dictionary: \"Cubernetes\" -> \"Kubernetes\"",
            "14:33: dictionary: \"Elastic\\nSearch\" -> \"Elasticsearch\"",
            "21:3: dictionary: \"Andrej Carpathy\" -> \"Andrej Karpathy\"",
            "24:14: dictionary: \"Carpathy\" -> \"Andrej Karpathy\"",
            "28:32: dictionary: \"Eugène\\nFace\" -> \"Hugging Face\"",
        ]
    );
    let input = std::fs::read_to_string(fixture("formats/youtube-studio-fr.sbv")).unwrap();
    let expected = with_lines(
        &input,
        &BTreeMap::from([
            (11, "Kubernetes qui tombait le vendredi."),
            // Across cues: the name on the first, the rest of the second kept.
            (14, "Et les logs partaient tous dans Elasticsearch,"),
            (17, "trois téraoctets par jour."),
            (21, "d'Andrej Karpathy ?"),
            (24, ">> Bien sûr, Andrej Karpathy explique mieux"),
            // Across a line break: the break stays between the two words.
            (28, "Et les poids, on les prend sur Hugging"),
        ]),
    );
    assert_eq!(output, expected);
}

#[test]
fn subtitle_edit_names_are_corrected_and_its_lines_kept() {
    let name = "formats/sbv-subtitle-edit-crlf-fr.sbv";
    let (listed, output) = clean(name);
    assert_eq!(
        listed,
        [
            "6:17: dictionary: \"Pie Torch\" -> \"PyTorch\"",
            "10:27: dictionary: \"la stick\\nsearch\" -> \"Elasticsearch\"",
            "16:12: dictionary: \"Cubernetes\" -> \"Kubernetes\"",
        ]
    );
    let input = std::fs::read_to_string(fixture(name)).unwrap();
    let expected = with_lines(
        &input,
        &BTreeMap::from([
            (6, "On est passés à PyTorch"),
            (10, "Les journaux partent dans Elasticsearch,"),
            (13, "trois téraoctets par jour."),
            (16, "Le cluster Kubernetes tient la charge,"),
        ]),
    );
    // No final line break and CRLF, as Subtitle Edit writes it.
    assert!(!output.ends_with('\n'));
    assert_eq!(output, expected);
}

#[test]
fn an_unchanged_file_comes_back_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let youtube = std::fs::read_to_string(fixture("formats/youtube-studio-fr.sbv")).unwrap();
    let crlf = youtube.replace('\n', "\r\n");
    let files = [
        ("youtube.sbv", youtube.clone()),
        ("crlf.sbv", crlf.clone()),
        ("trailing-blank-lines.sbv", format!("{youtube}\n\n")),
        ("crlf-trailing-blank-line.sbv", format!("{crlf}\r\n")),
        ("no-final-newline.sbv", youtube.trim_end().to_string()),
    ];
    for (name, text) in files {
        std::fs::write(dir.path().join(name), &text).unwrap();
        let out = transcrub(&["clean", "-q", "--keep-artifacts", name], dir.path());
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        assert_eq!(stdout(&out), text, "{name}");
    }
}

#[test]
fn strict_stops_at_a_bad_time_and_lossy_leaves_its_cue_out() {
    let dir = tempfile::tempdir().unwrap();
    let name = "formats/sbv-bad-timestamp.sbv";
    let strict = transcrub(&["clean", "--strict", &path(name)], dir.path());
    assert_eq!(strict.status.code(), Some(2));
    assert_eq!(
        stderr(&strict),
        format!(
            "error: {}:23:22: expected the end time as H:MM:SS.mmm, found \"0:00:26.3OO\"; the cue is left out\n",
            path(name)
        )
    );
    let lossy = transcrub(&["clean", &path(name)], dir.path());
    assert_eq!(lossy.status.code(), Some(0));
    assert!(
        stderr(&lossy).starts_with(&format!(
            "warning: {}:23:22: expected the end time",
            path(name)
        )),
        "{}",
        stderr(&lossy)
    );
    let reading = read_fixture(name, Mode::Lossy).unwrap();
    assert_eq!(reading.warnings.len(), 1);
    let t = reading.transcript;
    assert_eq!(t.cues.len(), 8);
    assert_eq!(
        (t.cues[6].start, t.cues[6].text.as_str()),
        (
            Some(Timestamp(26500)),
            "Et les poids, on les prend sur Eugène\nFace, comme tout le monde."
        )
    );
    // The block of lines 23-25 is gone from what lossy writes.
    let input = std::fs::read_to_string(fixture(name)).unwrap();
    let lines: Vec<&str> = input.split_inclusive('\n').collect();
    let expected: String = [&lines[..22], &lines[26..]].concat().concat();
    assert_eq!(stdout(&lossy), expected);
}

#[test]
fn text_before_the_first_timing_line_is_an_error_even_when_lossy() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("notes.sbv"),
        "Épisode 13\n0:00:01.000,0:00:02.000\nBonjour.\n",
    )
    .unwrap();
    for args in [
        &["clean", "notes.sbv"][..],
        &["clean", "notes.sbv", "--strict"],
    ] {
        let out = transcrub(args, dir.path());
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(
            stderr(&out),
            "error: notes.sbv:1:1: expected a timing line such as 0:00:01.000,0:00:03.500, found \"Épisode 13\"\n"
        );
    }
}

#[test]
fn written_from_another_format_as_youtube_studio_does() {
    let dir = tempfile::tempdir().unwrap();
    let out = transcrub(
        &[
            "clean",
            "-q",
            "--keep-artifacts",
            &path("formats/srt-clean.srt"),
            "--to",
            "sbv",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let sbv = stdout(&out);
    assert!(
        sbv.starts_with("0:00:00.000,0:00:04.320\nBonjour et bienvenue à ce nouvel épisode\nde Messages à Caractère Informatique,\n\n0:00:04.320,0:00:06.900\n"),
        "{sbv}"
    );
    assert!(sbv.ends_with("\n\n0:00:13.540,0:00:16.280\nJe suis entouré de Yannes Prordiner\ntel que je viens d'avant.\n"), "{sbv}");
}

/// ffmpeg's `subviewer` demuxer reads SBV's timing lines.
fn ffmpeg_cues(sbv: &Path) -> usize {
    let srt = sbv.with_extension("ffmpeg.srt");
    let out = Command::new("ffmpeg")
        .args(["-nostdin", "-v", "error", "-y", "-f", "subviewer", "-i"])
        .arg(sbv)
        .arg(&srt)
        .output()
        .expect("ffmpeg is required for this test: apt-get install ffmpeg (.ci/run does)");
    assert!(
        out.status.success(),
        "ffmpeg failed on {}: {}",
        sbv.display(),
        stderr(&out)
    );
    let srt = std::fs::read_to_string(&srt).unwrap();
    srt.lines().filter(|l| l.contains(" --> ")).count()
}

#[test]
fn what_we_write_reads_back_with_the_same_cues_and_ffmpeg_agrees() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "formats/srt-clean.srt",
        "formats/vtt-cue-ids-settings.vtt",
        "formats/whisper-openai-words.json",
        "formats/aegisub-fr.ass",
        "formats/youtube-studio-fr.sbv",
        "formats/sbv-subtitle-edit-crlf-fr.sbv",
    ] {
        let out = dir.path().join(format!(
            "{}.sbv",
            Path::new(name).file_name().unwrap().to_str().unwrap()
        ));
        let run = transcrub(
            &[
                "clean",
                "-q",
                "--keep-artifacts",
                &path(name),
                "--to",
                "sbv",
                "-o",
                out.to_str().unwrap(),
            ],
            dir.path(),
        );
        assert!(run.status.success(), "{name}: {}", stderr(&run));
        let written = std::fs::read_to_string(&out).unwrap();
        let back = parse(&written, Format::Sbv, Mode::Strict)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .transcript;
        let source = read_fixture(name, Mode::Lossy).unwrap().transcript;
        assert_eq!(back.cues.len(), source.cues.len(), "{name}");
        for (a, b) in source.cues.iter().zip(&back.cues) {
            assert_eq!((a.start, a.end), (b.start, b.end), "{name}");
            let shown = |t: &str| {
                let plain = markup::strip_tags(t);
                let lines: Vec<&str> = plain
                    .split('\n')
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect();
                lines.join("\n")
            };
            // The tags dropped, nothing else.
            assert_eq!(b.text, shown(&a.text), "{name}");
        }
        assert_eq!(ffmpeg_cues(&out), back.cues.len(), "{name}:\n{written}");
    }
}

/// Every prefix of the real-shaped files: no panic, and what reads
/// without a defect comes back byte for byte.
#[test]
fn cut_files_never_panic_and_clean_ones_come_back() {
    for name in [
        "formats/youtube-studio-fr.sbv",
        "formats/sbv-bad-timestamp.sbv",
        "formats/sbv-subtitle-edit-crlf-fr.sbv",
    ] {
        let text = std::fs::read_to_string(fixture(name)).unwrap();
        for (i, _) in text.char_indices() {
            let input = &text[..i];
            let _ = parse(input, Format::Sbv, Mode::Lossy);
            let Ok(reading) = parse(input, Format::Sbv, Mode::Strict) else {
                continue;
            };
            let t = reading.transcript;
            for output in [Output::Sbv, Output::Srt, Output::Vtt, Output::Ass] {
                let _ = render(&t, output, &[]);
            }
            let written = render(&t, Output::Sbv, &[]).unwrap();
            // A CRLF file cut inside its tail loses what tells its line breaks.
            if !input.contains('\r') || input.ends_with('\n') {
                assert_eq!(written, input, "{name} cut at {i}");
            }
        }
    }
}
