//! YouTube srv3: the automatic-caption and uploaded-caption fixtures read
//! as fixtures/formats/MANIFEST.md says, names corrected in their `<s>`
//! segments with every other byte given back, new documents that XML
//! parsers and transcrub read back, errors at their place.

mod common;

use common::{fixture, read_fixture, transcrub};
use transcrub::read::{Mode, parse};
use transcrub::transcript::Layout;
use transcrub::write::{Output, render};
use transcrub::{Format, Timestamp, Transcript};

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn read(name: &str) -> Transcript {
    read_fixture(&format!("formats/{name}"), Mode::Strict)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .transcript
}

fn source(name: &str) -> String {
    std::fs::read_to_string(fixture(&format!("formats/{name}"))).unwrap()
}

fn times(t: &Transcript, i: usize) -> (u64, u64, &str) {
    let c = &t.cues[i];
    (c.start.unwrap().0, c.end.unwrap().0, c.text.as_str())
}

/// The input with each (before, after) replaced; each `before` stands
/// exactly once in it, so every other byte must come back as it was.
fn expected(input: &str, replacements: &[(&str, &str)]) -> String {
    let mut out = input.to_string();
    for (before, after) in replacements {
        assert_eq!(input.matches(before).count(), 1, "{before}");
        out = out.replacen(before, after, 1);
    }
    out
}

#[test]
fn automatic_captions_read_as_the_manifest_says() {
    let t = read("youtube-asr-fr.srv3");
    assert_eq!(t.format, Format::Srv3);
    // 8 text events; the a="1" events holding a line feed are no cues.
    assert_eq!(t.cues.len(), 8);
    assert_eq!(times(&t, 0), (0, 2470, "[Musique]"));
    assert!(t.cues[0].words.is_empty());
    assert_eq!(
        times(&t, 7),
        (23000, 26290, "merci à tous et à la semaine prochaine")
    );
    assert!(t.cues.iter().all(|c| c.speaker.is_none()));
    // Words: p.t + s.t, each ending where the next starts, the last at p.t + p.d.
    let words: Vec<(&str, u64, u64)> = t.cues[3]
        .words
        .iter()
        .take(2)
        .map(|w| (w.text.as_str(), w.start.unwrap().0, w.end.unwrap().0))
        .collect();
    assert_eq!(
        words,
        [("d'andrej", 9060, 9610), (" carpathy", 9610, 10340)]
    );
    let last = t.cues[7].words.last().unwrap();
    assert_eq!(
        (last.text.as_str(), last.start, last.end),
        (" prochaine", Some(Timestamp(25330)), Some(Timestamp(26290)))
    );
    assert_eq!(t.cues[3].line, 19);
}

#[test]
fn uploaded_captions_read_with_their_line_breaks() {
    let t = read("srv3-manual-captions-fr.srv3");
    assert_eq!(t.cues.len(), 5);
    assert_eq!(
        times(&t, 0),
        (
            500,
            4200,
            "Bonjour à toutes et à tous,\nbienvenue dans Silicium."
        )
    );
    assert_eq!(times(&t, 4), (16000, 19600, "Merci Inès & à bientôt !"));
    assert_eq!(times(&t, 1).2, "Aujourd'hui on reçoit Inès.");
    assert!(t.cues.iter().all(|c| c.words.is_empty()));
}

fn clean(name: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let dict = fixture("formats/formats.toml");
    let input = fixture(&format!("formats/{name}"));
    let run = |extra: &[&str]| {
        let mut args = vec![
            "clean",
            "-d",
            dict.to_str().unwrap(),
            input.to_str().unwrap(),
        ];
        args.extend(extra);
        let out = transcrub(&args, dir.path());
        assert!(out.status.success(), "{}", stderr(&out));
        out
    };
    let listed = stdout(&run(&["--dry-run"]));
    run(&["-q", "-o", "out.srv3"]);
    let written = std::fs::read_to_string(dir.path().join("out.srv3")).unwrap();
    (listed, written)
}

fn assert_listed(listed: &str, name: &str, changes: &[&str]) {
    let path = fixture(&format!("formats/{name}"));
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), changes.len(), "{listed}");
    for (line, change) in lines.iter().zip(changes) {
        assert_eq!(*line, format!("{}:{change}", path.display()), "{listed}");
    }
}

#[test]
fn automatic_captions_are_corrected_word_by_word() {
    let name = "youtube-asr-fr.srv3";
    let (listed, written) = clean(name);
    assert_listed(
        &listed,
        name,
        &[
            "19:46: dictionary: \"andrej carpathy\" -> \"Andrej Karpathy\"",
            "22:162: dictionary: \"paille torche\" -> \"PyTorch\"",
            "25:100: dictionary: \"cubernetes\" -> \"Kubernetes\"",
            "25:257: dictionary: \"elastic\\nsearch\" -> \"Elasticsearch\"",
            "28:219: dictionary: \"eugène face\" -> \"Hugging Face\"",
        ],
    );
    assert_eq!(
        written,
        expected(
            &source(name),
            &[
                // Two words for two: each keeps its segment.
                (
                    "<s ac=\"126\">d&#39;andrej</s><s t=\"550\" ac=\"218\"> carpathy</s>",
                    "<s ac=\"126\">d&#39;Andrej</s><s t=\"550\" ac=\"218\"> Karpathy</s>"
                ),
                // Two words for one: merged into the first one's segment.
                (
                    "<s t=\"1830\" ac=\"20\"> paille</s><s t=\"2340\" ac=\"237\"> torche</s>",
                    "<s t=\"1830\" ac=\"20\"> PyTorch</s>"
                ),
                ("ac=\"109\"> cubernetes</s>", "ac=\"109\"> Kubernetes</s>"),
                (
                    "<s t=\"3370\" ac=\"240\"> elastic</s>",
                    "<s t=\"3370\" ac=\"240\"> Elasticsearch</s>"
                ),
                // The tail of the name went to the event before: "et"
                // keeps its own segment and time.
                (
                    "<s ac=\"17\">search</s><s t=\"480\" ac=\"109\"> et</s>",
                    "<s t=\"480\" ac=\"109\">et</s>"
                ),
                (
                    "<s t=\"2500\" ac=\"40\"> eugène</s><s t=\"3090\" ac=\"229\"> face</s>",
                    "<s t=\"2500\" ac=\"40\"> Hugging Face</s>"
                ),
            ]
        )
    );
    let back = parse(&written, Format::Srv3, Mode::Strict)
        .unwrap()
        .transcript;
    assert_eq!(back.cues[6].text, "et les poids viennent de Hugging Face");
    assert_eq!(back.cues[6].words[0].start, Some(Timestamp(20000)));
}

#[test]
fn uploaded_captions_are_corrected_across_their_line_breaks() {
    let name = "srv3-manual-captions-fr.srv3";
    let (listed, written) = clean(name);
    assert_listed(
        &listed,
        name,
        &[
            "7:1: dictionary: \"Cubernetes\" -> \"Kubernetes\"",
            "8:47: dictionary: \"la stick\\nsearch\" -> \"Elasticsearch\"",
        ],
    );
    assert_eq!(
        written,
        expected(
            &source(name),
            &[
                ("\nCubernetes qui", "\nKubernetes qui"),
                ("dans la stick\nsearch, trois", "dans Elasticsearch,\ntrois"),
            ]
        )
    );
}

#[test]
fn unchanged_files_come_back_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["youtube-asr-fr.srv3", "srv3-manual-captions-fr.srv3"] {
        let input = fixture(&format!("formats/{name}"));
        let out = transcrub(
            &["clean", input.to_str().unwrap(), "--keep-artifacts", "-q"],
            dir.path(),
        );
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        assert_eq!(stdout(&out), source(name), "{name}");
    }
}

#[test]
fn times_and_removals_touch_only_their_event() {
    let mut t = read("youtube-asr-fr.srv3");
    t.cues[0].end = Some(Timestamp(2600));
    t.cues[7].start = Some(Timestamp(23100));
    t.cues.remove(1);
    let out = render(&t, Output::Srv3, &[]).unwrap();
    let input = source("youtube-asr-fr.srv3");
    let removed = input
        .lines()
        .find(|l| l.starts_with("<p t=\"2480\""))
        .unwrap();
    assert_eq!(
        out,
        expected(
            &input,
            &[
                ("<p t=\"0\" d=\"2470\"", "<p t=\"0\" d=\"2600\""),
                ("<p t=\"23000\" d=\"3290\"", "<p t=\"23100\" d=\"3190\""),
                (&format!("\n{removed}"), ""),
            ]
        )
    );
}

fn well_formed(text: &str) -> String {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut root = None;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(tag)) if root.is_none() => {
                root = Some(tag.name().into_inner().to_string());
            }
            Ok(_) => {}
            Err(err) => panic!("not well-formed: {err}\n{text}"),
        }
    }
    root.expect("a root element")
}

#[test]
fn whisper_words_become_segments_that_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("formats/whisper-openai-fr-words.json");
    let out = transcrub(
        &[
            "clean",
            input.to_str().unwrap(),
            "--keep-artifacts",
            "--to",
            "srv3",
            "-q",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let srv3 = stdout(&out);
    assert_eq!(well_formed(&srv3), "timedtext");
    assert!(srv3.starts_with(
        "<?xml version=\"1.0\" encoding=\"utf-8\" ?><timedtext format=\"3\">\n<body>\n<p t=\"500\" d=\"6590\"><s>Bonjour</s><s t=\"490\"> à</s>"
    ), "{srv3}");
    let back = parse(&srv3, Format::Srv3, Mode::Strict).unwrap().transcript;
    let json = read("whisper-openai-fr-words.json");
    assert_eq!(back.cues.len(), json.cues.len());
    for (a, b) in json.cues.iter().zip(&back.cues) {
        assert_eq!((a.start, a.end), (b.start, b.end));
        assert_eq!(a.text.trim(), b.text);
        let starts = |c: &transcrub::Cue| c.words.iter().map(|w| w.start).collect::<Vec<_>>();
        assert_eq!(starts(a), starts(b));
    }
}

#[test]
fn subtitles_become_events_with_their_line_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("formats/srt-clean.srt");
    let out = transcrub(
        &[
            "clean",
            input.to_str().unwrap(),
            "--keep-artifacts",
            "--to",
            "srv3",
            "-q",
        ],
        dir.path(),
    );
    let srv3 = stdout(&out);
    well_formed(&srv3);
    let back = parse(&srv3, Format::Srv3, Mode::Strict).unwrap().transcript;
    let srt = read("srt-clean.srt");
    assert_eq!(back.cues.len(), 5);
    for (i, cue) in srt.cues.iter().enumerate() {
        assert_eq!(
            times(&back, i),
            (cue.start.unwrap().0, cue.end.unwrap().0, cue.text.as_str())
        );
    }
    assert!(back.cues[0].text.contains('\n'));
}

#[test]
fn a_mismatched_end_tag_is_an_error_strict_or_lossy() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("formats/youtube-bad-mismatched-tag.srv3");
    let path = input.to_str().unwrap();
    for args in [vec!["clean", path, "--strict"], vec!["clean", path]] {
        let out = transcrub(&args, dir.path());
        assert_eq!(out.status.code(), Some(2));
        // MANIFEST.md: the `</p>` starts at line 19, column 85.
        assert_eq!(
            stderr(&out),
            format!("error: {path}:19:85: expected \"</s>\", found \"</p>\"\n")
        );
    }
}

#[test]
fn bad_times_are_repaired_when_lossy() {
    let text = "<timedtext format=\"3\">\n<body>\n<p t=\"0\" d=\"1000\">un</p>\n<p t=\"1000\">deux</p>\n<p t=\"abc\" d=\"10\">trois</p>\n<p t=\"3000\" d=\"500\">quatre</p>\n</body>\n</timedtext>\n";
    let err = parse(text, Format::Srv3, Mode::Strict).unwrap_err();
    assert_eq!((err.line, err.column), (Some(4), Some(1)));
    assert_eq!(
        err.message,
        "expected \"d\" (the duration in milliseconds) on <p>, found none; it ends where the next one starts"
    );
    let reading = parse(text, Format::Srv3, Mode::Lossy).unwrap();
    let got: Vec<(u64, u64, &str)> = (0..reading.transcript.cues.len())
        .map(|i| times(&reading.transcript, i))
        .collect();
    assert_eq!(
        got,
        [
            (0, 1000, "un"),
            (1000, 3000, "deux"),
            (3000, 3500, "quatre")
        ]
    );
    assert_eq!(reading.warnings.len(), 2);
    assert_eq!(
        (reading.warnings[1].line, reading.warnings[1].column),
        (Some(5), Some(4))
    );
    // Written back, the event that gave no cue is kept as it was.
    assert_eq!(
        render(&reading.transcript, Output::Srv3, &[]).unwrap(),
        text
    );
}

#[test]
fn no_input_makes_the_reader_or_the_writers_panic() {
    let dict = transcrub::Dictionary::load(&[fixture("formats/formats.toml")]).unwrap();
    let cleaner = transcrub::Cleaner::with_options(
        dict,
        transcrub::Options {
            remove_artifacts: false,
            ..transcrub::Options::default()
        },
    )
    .unwrap();
    let mut inputs = Vec::new();
    for name in ["youtube-asr-fr.srv3", "srv3-manual-captions-fr.srv3"] {
        let text = source(name);
        for cut in (0..text.len()).step_by(7) {
            if text.is_char_boundary(cut) {
                inputs.push(text[..cut].to_string());
            }
        }
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..300 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let at = (seed % text.len() as u64) as usize;
            if !text.is_char_boundary(at) || !text.is_char_boundary(at + 1) {
                continue;
            }
            let with =
                ["<", ">", "&", "\"", "/", "</s>", "<s>", "9", "", " "][(seed >> 32) as usize % 10];
            let mut mutated = text.clone();
            mutated.replace_range(at..at + 1, with);
            inputs.push(mutated);
        }
    }
    for input in inputs {
        let _ = parse(&input, Format::Srv3, Mode::Strict);
        if let Ok(reading) = parse(&input, Format::Srv3, Mode::Lossy) {
            let cleaned = cleaner.clean(reading.transcript);
            if let Ok(out) = render(&cleaned.transcript, Output::Srv3, &cleaned.changes) {
                // What was well-formed stays well-formed.
                if quick_xml::Reader::from_str(&input).read_event().is_ok() {
                    let _ = parse(&out, Format::Srv3, Mode::Lossy);
                }
            }
            let mut fresh = cleaned.transcript;
            fresh.layout = Layout::None;
            if let Ok(out) = render(&fresh, Output::Srv3, &[]) {
                well_formed(&out);
            }
        }
    }
}
