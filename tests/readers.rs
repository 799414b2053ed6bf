//! Every reader on files shaped like real tools' output (fixtures/formats,
//! documented in its MANIFEST.md): cue counts, first and last cues, defects
//! at the right line and column, and round trips through the writers.

mod common;

use common::read_fixture;
use transcrub::read::Mode;
use transcrub::write::{Output, render};
use transcrub::{Format, Transcript, encoding};

struct Expect {
    file: &'static str,
    cues: usize,
    first: (u64, u64, &'static str),
    last: (u64, u64, &'static str),
    /// Whether the strict reader accepts the file as it is.
    strict_ok: bool,
}

const BONJOUR: &str = " Bonjour et bienvenue à ce nouvel épisode de Messages à Caractère Informatique, épisode numéro San Bansis.";

const EXPECTED: &[Expect] = &[
    Expect {
        file: "formats/srt-clean.srt",
        cues: 5,
        first: (
            0,
            4320,
            "Bonjour et bienvenue à ce nouvel épisode\nde Messages à Caractère Informatique,",
        ),
        last: (
            13540,
            16280,
            "Je suis entouré de Yannes Prordiner\ntel que je viens d'avant.",
        ),
        strict_ok: true,
    },
    Expect {
        file: "formats/srt-bom-crlf.srt",
        cues: 4,
        first: (
            16500,
            20180,
            "Oui je vais commencer, j'ai le micro,\nje l'ai pris des mains, c'est pas grave.",
        ),
        last: (
            27040,
            30880,
            "avec un K qui est un scheduler de tâches\nsur Kubernetes.",
        ),
        strict_ok: true,
    },
    Expect {
        file: "formats/srt-missing-indices.srt",
        cues: 5,
        first: (30880, 32600, "Un scheduler de tâches, d'accord ?"),
        last: (42160, 44000, "D'accord."),
        strict_ok: false,
    },
    Expect {
        file: "formats/srt-wrong-indices.srt",
        cues: 5,
        first: (44000, 46500, "D'accord."),
        last: (55120, 57000, "Nickel, merci."),
        // Numbering is style, not structure (issue 18): every SRT parser
        // reads these cues in file order.
        strict_ok: true,
    },
    Expect {
        file: "formats/srt-dot-milliseconds.srt",
        cues: 4,
        first: (57000, 58200, "De rien."),
        last: (
            64100,
            68500,
            "Donc oui, aujourd'hui pareil,\nen tant que speaker à Snowcamp,",
        ),
        strict_ok: false,
    },
    Expect {
        file: "formats/srt-extra-blank-lines.srt",
        cues: 4,
        first: (
            68500,
            72300,
            "c'est sur le sujet de la Ghetto API\nque je suis intervenu aujourd'hui,",
        ),
        last: (79640, 81900, "pour le faire de meilleure manière."),
        strict_ok: false,
    },
    Expect {
        file: "formats/srt-windows-1252.srt",
        cues: 4,
        first: (
            481200,
            484900,
            "Par exemple, on avait fait un test\nsur 100 millions de vecteurs qu’on devait gérer,",
        ),
        last: (
            491000,
            494600,
            "Évidemment, il faut tester,\n« parce que ça peut manquer de précision ».",
        ),
        strict_ok: true,
    },
    Expect {
        file: "formats/srt-utf16le-bom.srt",
        cues: 3,
        first: (0, 2500, "♪ Générique ♪"),
        last: (
            6180,
            9420,
            "Aujourd’hui, on est à Grenoble\npour le Snowcamp.",
        ),
        strict_ok: true,
    },
    Expect {
        file: "formats/srt-utf16be-bom.srt",
        cues: 3,
        first: (0, 2500, "♪ Générique ♪"),
        last: (
            6180,
            9420,
            "Aujourd’hui, on est à Grenoble\npour le Snowcamp.",
        ),
        strict_ok: true,
    },
    Expect {
        file: "formats/srt-bad-arrow.srt",
        cues: 4,
        first: (81900, 84000, "Donc moins technique que celle de Q"),
        last: (91500, 94000, "mais qui avait été mal fait avec l'Encube."),
        strict_ok: false,
    },
    Expect {
        file: "formats/vtt-header-note-style-region.vtt",
        cues: 4,
        first: (
            190000,
            193500,
            "À moi donc là je suis anachronique\npar rapport à mes deux collègues",
        ),
        last: (
            201000,
            204600,
            "<v David>En plus en ce moment j'ai appris\nque c'était un peu dur d'avoir des sponsors</v>",
        ),
        strict_ok: true,
    },
    Expect {
        file: "formats/vtt-cue-ids-settings.vtt",
        cues: 5,
        first: (
            5000,
            8500,
            "<v Horacio>Bonjour et bienvenue à ce nouvel épisode\nde <i>Messages à Caractère Informatique</i></v>",
        ),
        last: (
            60000,
            62500,
            "<v Laurent>Un scheduler de tâches, d'accord\u{a0}?",
        ),
        strict_ok: true,
    },
    Expect {
        // YouTube's rolling captions, de-rolled: 4 cues with content and
        // 4 flash cues in the file (MANIFEST.md), each new line once.
        file: "formats/vtt-youtube-word-timings.vtt",
        cues: 4,
        first: (0, 2470, "[Musique]"),
        last: (
            7040,
            9590,
            "sujet<00:00:07.440><c> de</c><00:00:07.600><c> la</c><00:00:07.760><c> ghetto</c><00:00:08.240><c> api</c><00:00:08.880><c> que</c><00:00:09.040><c> je</c>",
        ),
        strict_ok: true,
    },
    Expect {
        file: "formats/whisper-openai-words.json",
        cues: 4,
        first: (0, 6900, BONJOUR),
        last: (16800, 18100, " Bonjour. Bonjour."),
        strict_ok: true,
    },
    Expect {
        file: "formats/whisper-openai-segments.json",
        cues: 4,
        first: (0, 6900, BONJOUR),
        last: (16800, 18100, " Bonjour. Bonjour."),
        strict_ok: true,
    },
    Expect {
        file: "formats/whispercpp-oj.json",
        cues: 4,
        first: (0, 6900, BONJOUR),
        last: (16800, 18100, " Bonjour. Bonjour."),
        strict_ok: true,
    },
    Expect {
        file: "formats/whisper.tsv",
        cues: 4,
        first: (
            0,
            6900,
            "Bonjour et bienvenue à ce nouvel épisode de Messages à Caractère Informatique, épisode numéro San Bansis.",
        ),
        last: (16800, 18100, "Bonjour. Bonjour."),
        strict_ok: true,
    },
    Expect {
        file: "formats/otter-export-fr.txt",
        cues: 5,
        first: (
            0,
            9000,
            "Bonjour à tous, on fait le point sur la migration vers la stick search. ",
        ),
        // "Parfait, merci." said at 15 characters a second: 1 s.
        last: (3_604_000, 3_605_000, "Parfait, merci."),
        strict_ok: true,
    },
];

fn times(t: &Transcript, i: usize) -> (u64, u64, &str) {
    let c = &t.cues[i];
    (c.start.unwrap().0, c.end.unwrap().0, c.text.as_str())
}

#[test]
fn every_fixture_reads_as_its_manifest_says() {
    for e in EXPECTED {
        let reading =
            read_fixture(e.file, Mode::Lossy).unwrap_or_else(|err| panic!("{}: {err}", e.file));
        let t = &reading.transcript;
        assert_eq!(t.cues.len(), e.cues, "{}", e.file);
        assert_eq!(times(t, 0), e.first, "{}", e.file);
        assert_eq!(times(t, t.cues.len() - 1), e.last, "{}", e.file);
        let strict = read_fixture(e.file, Mode::Strict);
        assert_eq!(
            strict.is_ok(),
            e.strict_ok,
            "{}: strict gave {:?}",
            e.file,
            strict.err()
        );
        // De-rolling is said, but it is not a defect.
        let defects: Vec<_> = reading
            .warnings
            .iter()
            .filter(|w| !w.message.starts_with("rolling captions"))
            .collect();
        assert_eq!(
            defects.is_empty(),
            e.strict_ok,
            "{}: {:?}",
            e.file,
            reading.warnings
        );
    }
}

#[test]
fn plain_text_is_one_cue_per_line() {
    let t = read_fixture("formats/txt-lines.txt", Mode::Strict)
        .unwrap()
        .transcript;
    assert_eq!(t.cues.len(), 6);
    assert_eq!((t.cues[3].text.as_str(), t.cues[3].line), ("", 4));
    assert!(
        t.cues[5]
            .text
            .starts_with("Moi j'ai donné une conférence hier sur Q")
    );
}

#[test]
fn windows_1252_is_detected_with_a_warning() {
    let bytes = std::fs::read(common::fixture("formats/srt-windows-1252.srt")).unwrap();
    let d = encoding::decode(&bytes);
    assert_eq!(d.encoding, "windows-1252");
    assert!(d.warning.is_some());
    assert!(d.text.contains("18 nœuds et la stick search"));
}

#[test]
fn strict_defects_point_at_line_and_column() {
    let cases = [
        (
            "formats/srt-bad-arrow.srt",
            11,
            14,
            "expected \"-->\" between timestamps, found \"->\"",
        ),
        (
            "formats/srt-bad-timestamp.srt",
            11,
            4,
            "expected minutes and seconds below 60",
        ),
        (
            "formats/srt-missing-indices.srt",
            5,
            1,
            "expected a cue index line before the timing line",
        ),
        (
            "formats/srt-dot-milliseconds.srt",
            2,
            1,
            "expected a timestamp HH:MM:SS,mmm, found \"00:00:57.000\"",
        ),
        (
            "formats/srt-extra-blank-lines.srt",
            1,
            1,
            "unexpected blank line",
        ),
        (
            "formats/bad-json-truncated.json",
            51,
            // Just past the last character, where the string should close.
            68,
            "expected a closing '\"' for the string, found the end of the file",
        ),
    ];
    for (file, line, column, message) in cases {
        let err = read_fixture(file, Mode::Strict).expect_err(file);
        assert_eq!(
            (err.line, err.column),
            (Some(line), Some(column)),
            "{file}: {err}"
        );
        assert!(err.message.contains(message), "{file}: {}", err.message);
    }
}

/// Minutes past 59 are carried, as cdown/srt, pysrt and go-astisub do, and
/// said where they stand; the end, now before the start, is kept as written.
#[test]
fn bad_minutes_are_carried_and_reported_when_lossy() {
    let reading = read_fixture("formats/srt-bad-timestamp.srt", Mode::Lossy).unwrap();
    let places: Vec<_> = reading
        .warnings
        .iter()
        .map(|w| (w.line, w.column))
        .collect();
    assert_eq!(places, [(Some(11), Some(4)), (Some(11), Some(1))]);
    assert_eq!(times(&reading.transcript, 2).0, 3_661_500);
    assert_eq!(times(&reading.transcript, 2).1, 64_000);
}

#[test]
fn youtube_word_tags_give_word_times() {
    let t = read_fixture("formats/vtt-youtube-word-timings.vtt", Mode::Strict)
        .unwrap()
        .transcript;
    let starts: Vec<(u64, String)> = t
        .cues
        .iter()
        .flat_map(|c| {
            c.words
                .iter()
                .map(|w| (w.start.unwrap().0, w.text.trim().to_string()))
        })
        .collect();
    assert!(starts.contains(&(2800, "oui".into())), "{starts:?}");
    assert!(starts.contains(&(7760, "ghetto".into())), "{starts:?}");
    assert!(starts.contains(&(9040, "je".into())), "{starts:?}");
}

#[test]
fn whisper_words_and_escapes_are_read() {
    let t = read_fixture("formats/whisper-openai-words.json", Mode::Strict)
        .unwrap()
        .transcript;
    assert_eq!(t.cues.iter().map(|c| c.words.len()).sum::<usize>(), 45);
    let w = &t.cues[0].words[0];
    assert_eq!(
        (w.text.as_str(), w.start.unwrap().0, w.end.unwrap().0),
        (" Bonjour", 0, 160)
    );
    assert!(t.cues[0].scores.is_some());
}

/// Reading what a writer wrote gives back the same cues: times, text,
/// and, within a format, identifiers, settings and word times.
#[test]
fn every_reader_round_trips_through_its_writer() {
    for e in EXPECTED.iter().filter(|e| e.strict_ok) {
        let t = read_fixture(e.file, Mode::Lossy).unwrap().transcript;
        let output = Output::from(t.format);
        let written = render(&t, output, &[]).unwrap();
        let again = transcrub::read::parse(&written, t.format, Mode::Strict)
            .unwrap_or_else(|err| {
                panic!(
                    "{}: rewritten file does not parse strictly: {err}\n{written}",
                    e.file
                )
            })
            .transcript;
        assert_eq!(again.cues.len(), t.cues.len(), "{}", e.file);
        for (a, b) in t.cues.iter().zip(&again.cues) {
            assert_eq!((a.start, a.end), (b.start, b.end), "{}", e.file);
            assert_eq!(a.words, b.words, "{}", e.file);
            if t.format == Format::Vtt {
                assert_eq!((&a.id, &a.settings), (&b.id, &b.settings), "{}", e.file);
                assert_eq!(a.text, b.text, "{}", e.file);
            } else {
                assert_eq!(a.text.trim(), b.text.trim(), "{}", e.file);
            }
        }
        // Writing again changes nothing.
        assert_eq!(render(&again, output, &[]).unwrap(), written, "{}", e.file);
    }
}

/// Well-formed files come out of `clean` byte for byte when there is
/// nothing to change.
#[test]
fn well_formed_files_are_reproduced_exactly() {
    for file in [
        "formats/srt-clean.srt",
        "formats/vtt-header-note-style-region.vtt",
        "formats/whisper.tsv",
        "formats/txt-lines.txt",
    ] {
        let original = std::fs::read_to_string(common::fixture(file)).unwrap();
        let t = read_fixture(file, Mode::Strict).unwrap().transcript;
        let cleaned = transcrub::Cleaner::new(transcrub::Dictionary::default())
            .unwrap()
            .clean(t);
        assert_eq!(cleaned.changes, [], "{file}");
        let written = render(
            &cleaned.transcript,
            Output::from(cleaned.transcript.format),
            &[],
        )
        .unwrap();
        assert_eq!(written, original, "{file}");
    }
}

#[test]
fn timed_formats_convert_into_each_other() {
    let t = read_fixture("formats/whisper-openai-words.json", Mode::Strict)
        .unwrap()
        .transcript;
    for (output, format) in [
        (Output::Srt, Format::Srt),
        (Output::Vtt, Format::Vtt),
        (Output::Tsv, Format::Tsv),
    ] {
        let written = render(&t, output, &[]).unwrap();
        let again = transcrub::read::parse(&written, format, Mode::Strict)
            .unwrap()
            .transcript;
        let texts: Vec<&str> = again.cues.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts.len(), 4, "{format:?}");
        assert_eq!(texts[3], "Bonjour. Bonjour.", "{format:?}");
        assert_eq!(again.cues[1].start, t.cues[1].start, "{format:?}");
    }
}

/// faster-whisper writes empty segments of no length (11 in one real file
/// of 300 KB). Converted, they are no cue: SRT would have a timing line
/// with no text, WebVTT and SBV a cue that ends when it starts, and our
/// own strict reader refuses both. The cues around them are numbered on
/// without a gap; the JSON document itself keeps them.
#[test]
fn empty_segments_are_no_cue_in_line_based_subtitles() {
    let json = r#"[{"id": 0, "start": 0.0, "end": 2.0, "text": " On commence."},
{"id": 1, "start": 2.0, "end": 2.0, "text": ""},
{"id": 2, "start": 3.0, "end": 5.5, "text": " Et on continue."}]"#;
    let t = transcrub::read::parse(json, Format::Json, Mode::Strict)
        .unwrap()
        .transcript;
    assert_eq!(t.cues.len(), 3);
    assert_eq!(
        render(&t, Output::Srt, &[]).unwrap(),
        "1\n00:00:00,000 --> 00:00:02,000\nOn commence.\n\n2\n00:00:03,000 --> 00:00:05,500\nEt on continue.\n\n"
    );
    assert_eq!(
        render(&t, Output::Vtt, &[]).unwrap(),
        "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nOn commence.\n\n00:00:03.000 --> 00:00:05.500\nEt on continue.\n"
    );
    assert_eq!(
        render(&t, Output::Sbv, &[]).unwrap(),
        "0:00:00.000,0:00:02.000\nOn commence.\n\n0:00:03.000,0:00:05.500\nEt on continue.\n"
    );
    for (output, format) in [
        (Output::Srt, Format::Srt),
        (Output::Vtt, Format::Vtt),
        (Output::Sbv, Format::Sbv),
    ] {
        let written = render(&t, output, &[]).unwrap();
        transcrub::read::parse(&written, format, Mode::Strict)
            .unwrap_or_else(|e| panic!("{format:?}: {e}"));
    }
    // An SRT file's own empty cue, read as it is, is written back.
    let srt = "1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:03,000 --> 00:00:04,000\nBon.\n\n";
    let t = transcrub::read::parse(srt, Format::Srt, Mode::Lossy)
        .unwrap()
        .transcript;
    assert_eq!(render(&t, Output::Srt, &[]).unwrap(), srt);
}

#[test]
fn untimed_text_refuses_timed_output() {
    let t = read_fixture("formats/txt-lines.txt", Mode::Strict)
        .unwrap()
        .transcript;
    let err = render(&t, Output::Srt, &[]).unwrap_err();
    assert!(
        err.message
            .starts_with("cannot write srt from untimed input (line 1 has no timing)"),
        "{}",
        err.message
    );
}

// fixtures/readers: the cases of issue 18, each with its cues written by
// hand in `<name>.expected.json` (why each is so: fixtures/readers/NOTES.md).

/// What a fixture's `.expected.json` says, and what we read, as
/// comparable values: the cues (id, start, end, text) and the lines of
/// the lossy reader's reports, and the strict reader's rejected line.
#[derive(Debug, PartialEq)]
struct Outcome {
    cues: Vec<(Option<String>, u64, u64, String)>,
    reported: Vec<usize>,
    strict_reject: Option<usize>,
}

fn expected_outcome(expected: &serde_json::Value) -> Outcome {
    let lossy = &expected["lossy"];
    let cues = lossy["cues"]
        .as_array()
        .expect("lossy.cues")
        .iter()
        .map(|c| {
            (
                c["id"].as_str().map(str::to_string),
                c["start_ms"].as_u64().expect("start_ms"),
                c["end_ms"].as_u64().expect("end_ms"),
                c["text"].as_str().expect("text").to_string(),
            )
        })
        .collect();
    // VTT lists the blocks it skips, SRT the repairs it makes.
    let reports = lossy
        .get("skipped")
        .or_else(|| lossy.get("repairs"))
        .and_then(|r| r.as_array())
        .expect("lossy.skipped or lossy.repairs");
    let mut reported: Vec<usize> = reports
        .iter()
        .map(|r| r["line"].as_u64().expect("line") as usize)
        .collect();
    reported.dedup();
    let strict_reject = match &expected["strict"] {
        serde_json::Value::String(s) if s == "accept" => None,
        strict => Some(strict["reject_line"].as_u64().expect("strict.reject_line") as usize),
    };
    Outcome {
        cues,
        reported,
        strict_reject,
    }
}

/// Reads a fixture as the CLI does (decoded, lone CRs left to the
/// reader), lossy and strict. A strict error must say where it is.
fn our_outcome(path: &std::path::Path) -> Outcome {
    let bytes = std::fs::read(path).unwrap();
    let text = encoding::decode(&bytes).text;
    let format = Format::from_extension(path).unwrap();
    let (cues, mut reported) = match transcrub::read::parse(&text, format, Mode::Lossy) {
        Ok(reading) => (
            reading
                .transcript
                .cues
                .iter()
                .map(|c| {
                    (
                        c.id.clone(),
                        c.start.unwrap().0,
                        c.end.unwrap().0,
                        transcrub::markup::escape_vtt(&c.text),
                    )
                })
                .collect(),
            reading
                .warnings
                .iter()
                .map(|w| w.line.expect("a warning has a line"))
                .collect::<Vec<_>>(),
        ),
        Err(err) => (Vec::new(), vec![err.line.expect("an error has a line")]),
    };
    reported.sort_unstable();
    reported.dedup();
    let strict_reject = match transcrub::read::parse(&text, format, Mode::Strict) {
        Ok(_) => None,
        Err(err) => {
            assert!(
                err.line.is_some() && err.column.is_some(),
                "{}: strict error without a position: {err}",
                path.display()
            );
            err.line
        }
    };
    Outcome {
        cues,
        reported,
        strict_reject,
    }
}

/// Every subtitle file in fixtures/readers/{vtt,srt}, each with its
/// expectation; fails on a file without one, or an expectation without
/// its file.
pub fn reader_fixtures() -> Vec<(std::path::PathBuf, serde_json::Value)> {
    let mut found = Vec::new();
    for dir in ["vtt", "srt"] {
        let dir = common::fixture("readers").join(dir);
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            if let Some(stem) = name.strip_suffix(".expected.json") {
                let ext = dir.file_name().unwrap().to_str().unwrap();
                assert!(
                    dir.join(format!("{stem}.{ext}")).exists(),
                    "{name}: an expectation without its fixture"
                );
                continue;
            }
            let expected = path.with_extension("expected.json");
            let text = std::fs::read_to_string(&expected)
                .unwrap_or_else(|_| panic!("{}: no {}", path.display(), expected.display()));
            found.push((path, serde_json::from_str(&text).unwrap()));
        }
    }
    found
}

#[test]
fn every_reader_fixture_reads_as_its_expectation_says() {
    let fixtures = reader_fixtures();
    assert!(fixtures.len() >= 60, "only {} fixtures", fixtures.len());
    let mut wrong = Vec::new();
    for (path, expected) in &fixtures {
        let want = expected_outcome(expected);
        let got = our_outcome(path);
        if got != want {
            wrong.push(format!(
                "{}:\n  want {want:?}\n  got  {got:?}",
                path.strip_prefix(common::root("fixtures"))
                    .unwrap()
                    .display()
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} fixtures differ:\n{}",
        wrong.len(),
        fixtures.len(),
        wrong.join("\n")
    );
}

/// `clean` on a real file with one malformed block (issue 18): every other
/// cue is kept, the block is reported as a warning at its file:line:col,
/// and the exit status is 0 (lossy is the default). WebVTT gives the
/// block back unchanged, where browsers skip it again.
#[test]
fn clean_keeps_every_other_cue_around_a_malformed_block() {
    let dir = tempfile::tempdir().unwrap();
    let breaks = [
        // The second cue's timing line, with a comma before the milliseconds.
        (
            "formats/vtt-header-note-style-region.vtt",
            "b.vtt",
            "00:03:13.500 -->",
            "00:03:13,500 -->",
            "warning: b.vtt:30:9: expected \".\" before the milliseconds, found \",500\"",
        ),
        // The second cue's start, with a letter O for a zero.
        (
            "formats/srt-clean.srt",
            "b.srt",
            "00:00:04,320 -->",
            "00:00:O4,320 -->",
            "warning: b.srt:7:7: expected a digit in timestamp, found \"O4,320\"",
        ),
    ];
    for (source, name, good, bad, warning) in breaks {
        let original = std::fs::read_to_string(common::fixture(source)).unwrap();
        assert_eq!(original.matches(good).count(), 1, "{source}");
        let broken = original.replace(good, bad);
        std::fs::write(dir.path().join(name), &broken).unwrap();
        let run = common::transcrub(&["clean", name], dir.path());
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(0), "{name}: {stderr}");
        assert!(stderr.starts_with(warning), "{name}: {stderr}");
        assert_eq!(stderr.matches("warning:").count(), 1, "{name}: {stderr}");
        let format = Format::from_extension(std::path::Path::new(name)).unwrap();
        let read = |text: &str| {
            transcrub::read::parse(text, format, Mode::Lossy)
                .unwrap()
                .transcript
                .cues
                .iter()
                .map(|c| (c.start, c.end, c.text.clone()))
                .collect::<Vec<_>>()
        };
        let mut expected = read(&original);
        expected.remove(1);
        let stdout = String::from_utf8_lossy(&run.stdout);
        assert_eq!(read(&stdout), expected, "{name}:\n{stdout}");
        if name.ends_with(".vtt") {
            assert_eq!(stdout, broken);
        }
    }
}
