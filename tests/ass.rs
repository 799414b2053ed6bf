//! ASS and SSA on files shaped like Aegisub's and ffmpeg's (fixtures/formats,
//! values from its MANIFEST.md): cues, speakers and times as read; names
//! corrected at their file line:column, across override blocks, line
//! breaks and events; every line outside the corrected events given back
//! byte for byte; fresh scripts that ffmpeg reads with the same cues.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use common::{fixture, read_fixture, transcrub};
use transcrub::read::{Mode, parse};
use transcrub::transcript::Layout;
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

struct Expect {
    file: &'static str,
    /// (start, end, text) of the first and last cues.
    first: (u64, u64, &'static str),
    last: (u64, u64, &'static str),
    /// Each cue's file line and speaker, in order.
    cues: &'static [(usize, Option<&'static str>)],
}

const AEGISUB_CUES: &[(usize, Option<&str>)] = &[
    (30, Some("Claire")),
    (31, Some("Malik")),
    (32, Some("Inès")),
    (34, Some("Inès")),
    (35, None),
    (36, Some("Claire")),
    (37, Some("Inès")),
    (38, Some("Inès")),
    (39, Some("Malik")),
    (40, Some("Inès")),
    (41, Some("Claire")),
    (42, Some("Inès")),
    (43, Some("Malik")),
];

const EXPECTED: &[Expect] = &[
    Expect {
        file: "formats/aegisub-fr.ass",
        first: (
            500,
            4200,
            "Bonjour à toutes et à tous,\nbienvenue dans {\\i1}Silicium{\\i0}.",
        ),
        last: (43100, 46000, "Merci Inès, à la semaine prochaine !"),
        cues: AEGISUB_CUES,
    },
    Expect {
        file: "formats/aegisub-fr-v4.ssa",
        first: (
            500,
            4200,
            "Bonjour à toutes et à tous,\nbienvenue dans {\\i1}Silicium{\\i0}.",
        ),
        last: (43100, 46000, "Merci Inès, à la semaine prochaine !"),
        cues: &[
            (24, Some("Claire")),
            (25, Some("Malik")),
            (26, Some("Inès")),
            (28, Some("Inès")),
            (29, None),
            (30, Some("Claire")),
            (31, Some("Inès")),
            (32, Some("Inès")),
            (33, Some("Malik")),
            (34, Some("Inès")),
            (35, Some("Claire")),
            (36, Some("Inès")),
            (37, Some("Malik")),
        ],
    },
    Expect {
        file: "formats/ass-ffmpeg-from-srt-fr.ass",
        first: (
            500,
            3800,
            "{\\i1}Silicium{\\i0}, épisode 13.\nOn parle d'entraînement de modèles.",
        ),
        last: (
            18000,
            21000,
            "Sous-titres réalisés par la communauté d'Amara.org",
        ),
        cues: &[
            (14, None),
            (15, None),
            (16, None),
            (17, None),
            (18, None),
            (19, None),
            (20, None),
        ],
    },
    Expect {
        file: "formats/aegisub-lf-soft-breaks-fr.ass",
        first: (
            500,
            3900,
            "Bonjour et bienvenue\ndans Silicium, épisode 13.",
        ),
        last: (16200, 19000, "Merci Inès, et à la semaine prochaine."),
        cues: &[
            (26, Some("Claire")),
            (27, Some("Inès")),
            (29, Some("Inès")),
            (30, None),
            (31, Some("Malik")),
            (32, Some("Claire")),
        ],
    },
];

#[test]
fn every_fixture_reads_as_its_manifest_says() {
    for e in EXPECTED {
        let reading =
            read_fixture(e.file, Mode::Strict).unwrap_or_else(|err| panic!("{}: {err}", e.file));
        assert!(
            reading.warnings.is_empty(),
            "{}: {:?}",
            e.file,
            reading.warnings
        );
        let t = reading.transcript;
        assert_eq!(t.format, Format::Ass, "{}", e.file);
        let got: Vec<(usize, Option<&str>)> = t
            .cues
            .iter()
            .map(|c| (c.line, c.speaker.as_deref()))
            .collect();
        assert_eq!(got, e.cues, "{}", e.file);
        let first = &t.cues[0];
        let last = t.cues.last().unwrap();
        assert_eq!(
            (first.start, first.end, first.text.as_str()),
            (
                Some(Timestamp(e.first.0)),
                Some(Timestamp(e.first.1)),
                e.first.2
            ),
            "{}",
            e.file
        );
        assert_eq!(
            (last.start, last.end, last.text.as_str()),
            (
                Some(Timestamp(e.last.0)),
                Some(Timestamp(e.last.1)),
                e.last.2
            ),
            "{}",
            e.file
        );
    }
}

#[test]
fn escapes_and_karaoke_are_read_as_the_manifest_says() {
    let t = read_fixture("formats/aegisub-lf-soft-breaks-fr.ass", Mode::Strict)
        .unwrap()
        .transcript;
    // `\h` is a no-break space; `{=1}` and `{TN: rire}` stay as written.
    assert_eq!(
        t.cues[2].text,
        "{=1}On entraîne avec {\\i1}Pie Torch{\\i0}\nsur 40\u{a0}GPU."
    );
    assert_eq!(
        t.cues[4].text,
        "{TN: rire}Et Cubernetes\u{a0}?\nToujours debout !"
    );
    let t = read_fixture("formats/aegisub-fr.ass", Mode::Strict)
        .unwrap()
        .transcript;
    assert_eq!(
        markup::strip_tags(&t.cues[8].text),
        "Tu as suivi le cours d'Andrej Carpathy ?"
    );
    assert_eq!(
        (t.cues[8].start, t.cues[8].end),
        (Some(Timestamp(27000)), Some(Timestamp(31000)))
    );
}

/// The file as read with some lines replaced (`Some`) or removed (`None`),
/// by 1-based line number; line breaks are part of each line.
fn with_lines(input: &str, changes: &BTreeMap<usize, Option<&str>>) -> String {
    let mut out = String::new();
    for (i, line) in input.split_inclusive('\n').enumerate() {
        match changes.get(&(i + 1)) {
            None => out.push_str(line),
            Some(None) => {}
            Some(Some(new)) => {
                out.push_str(new);
                out.push_str(&line[line.trim_end_matches(['\r', '\n']).len()..]);
            }
        }
    }
    out
}

/// Runs `clean -d formats.toml` on a fixture: the listed changes, and the
/// output compared to the input (without its byte order mark, which the
/// decoder drops before any reader sees it).
fn clean(name: &str) -> (Vec<String>, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let input = std::fs::read_to_string(fixture(name)).unwrap();
    let input = input.trim_start_matches('\u{feff}').to_string();
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
    let out = dir
        .path()
        .join("out")
        .with_extension(Path::new(name).extension().unwrap());
    let run = transcrub(
        &[
            "clean",
            "-q",
            "-d",
            &path(DICT),
            &path(name),
            "-o",
            out.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(run.status.success(), "{name}: {}", stderr(&run));
    let output = std::fs::read_to_string(&out).unwrap();
    (
        listed,
        input,
        output.trim_start_matches('\u{feff}').to_string(),
    )
}

#[test]
fn aegisub_names_are_corrected_in_place_and_every_other_line_kept() {
    let (listed, input, output) = clean("formats/aegisub-fr.ass");
    assert_eq!(
        listed,
        [
            "32:89: dictionary: \"Cubernetes\" -> \"Kubernetes\"",
            "34:79: dictionary: \"la stick\\nsearch\" -> \"Elasticsearch\"",
            "37:85: dictionary: \"Mistral\\nEy Ay\" -> \"Mistral AI\"",
            "39:121: dictionary: \"An{\\\\k30}drej {\\\\k30}Car{\\\\k25}pa{\\\\k40}thy\" -> \"Andrej Karpathy\"",
            "40:65: dictionary: \"Carpathy\" -> \"Andrej Karpathy\"",
            "41:90: dictionary: \"Pie Torch\" -> \"PyTorch\"",
            "42:55: dictionary: \"Pie Torch\" -> \"PyTorch\"",
            "42:104: dictionary: \"Hugging {\\\\b1}Fèce\" -> \"Hugging Face\"",
        ]
    );
    let karaoke = output.lines().nth(38).unwrap();
    let expected = with_lines(
        &input,
        &BTreeMap::from([
            (
                32,
                Some(
                    "Dialogue: 0,0:00:08.40,0:00:11.90,Default,Inès,0,0,0,,Par l'infra. On avait un cluster\\NKubernetes qui tombait le vendredi.",
                ),
            ),
            (
                34,
                Some(
                    "Dialogue: 0,0:00:12.10,0:00:15.80,Default,Inès,0,0,0,,Les logs partaient dans Elasticsearch,\\Ntrois téraoctets par jour.",
                ),
            ),
            (
                38,
                Some(
                    "Dialogue: 0,0:00:24.00,0:00:26.50,Default,Inès,0,0,0,,AI, et la facture a fondu de moitié.",
                ),
            ),
            (39, Some(karaoke)),
            (
                40,
                Some(
                    "Dialogue: 0,0:00:31.20,0:00:35.00,Default,Inès,0,0,0,,Bien sûr, Andrej Karpathy explique la rétropropagation\\Nmieux que mes profs.",
                ),
            ),
            (
                41,
                Some(
                    "Dialogue: 0,0:00:35.20,0:00:38.60,Default,Claire,0,0,0,,Côté code, vous êtes plutôt {\\i1}PyTorch{\\i0}, ou autre chose ?",
                ),
            ),
            (
                42,
                Some(
                    "Dialogue: 0,0:00:38.80,0:00:42.90,Default,Inès,0,0,0,,PyTorch partout, avec des poids\\Nrécupérés sur Hugging {\\b1}Face{\\b0}.",
                ),
            ),
        ]),
    );
    assert_eq!(output, expected);
    // The karaoke line: its fields as they were, every syllable tag kept
    // in order, the name corrected across them.
    let (fields, text) =
        karaoke.split_at("Dialogue: 0,0:00:27.00,0:00:31.00,Karaoke,Malik,0,0,0,,".len());
    assert_eq!(
        fields,
        "Dialogue: 0,0:00:27.00,0:00:31.00,Karaoke,Malik,0,0,0,,"
    );
    let tags = |s: &str| {
        markup::tags(s)
            .map(|r| s[r].to_string())
            .collect::<Vec<_>>()
    };
    let before = input.lines().nth(38).unwrap();
    assert_eq!(tags(text), tags(before));
    assert_eq!(
        markup::strip_tags(text),
        "Tu as suivi le cours d'Andrej Karpathy ?"
    );
    // CRLF kept on every line.
    assert_eq!(output.matches("\r\n").count(), output.matches('\n').count());
}

#[test]
fn ssa_v4_is_corrected_the_same_way() {
    let (listed, input, output) = clean("formats/aegisub-fr-v4.ssa");
    let at: Vec<&str> = listed
        .iter()
        .map(|l| l.split(": ").next().unwrap())
        .collect();
    assert_eq!(
        at,
        [
            "26:96", "28:86", "31:92", "33:128", "34:72", "35:97", "36:62", "36:111"
        ]
    );
    let differ: Vec<usize> = input
        .split_inclusive('\n')
        .zip(output.split_inclusive('\n'))
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(differ, [26, 28, 32, 33, 34, 35, 36]);
    assert_eq!(input.lines().count(), output.lines().count());
    // `Marked=0` and the other fields stay as they were.
    assert!(output.contains("\r\nDialogue: Marked=0,0:00:31.20,0:00:35.00,Default,Inès,0,0,0,,Bien sûr, Andrej Karpathy explique"));
}

#[test]
fn ffmpeg_shaped_file_loses_the_credit_and_the_emptied_event() {
    let (listed, input, output) = clean("formats/ass-ffmpeg-from-srt-fr.ass");
    assert_eq!(
        listed,
        [
            "15:67: dictionary: \"Pie{\\\\i1} Torch\" -> \"PyTorch\"",
            "16:77: dictionary: \"Elastic\\nSearch\" -> \"Elasticsearch\"",
            "18:67: dictionary: \"Cubernetes\" -> \"Kubernetes\"",
            "20:51: artifact: removed \"Sous-titres réalisés par la communauté d'Amara.org\"",
        ]
    );
    let across = output.lines().nth(14).unwrap();
    let expected = with_lines(
        &input,
        &BTreeMap::from([
            (15, Some(across)),
            // Event 4 was only "Search.": it goes, and event 3 takes its end.
            (
                16,
                Some(
                    "Dialogue: 0,0:00:07.80,0:00:11.00,Default,,0,0,0,,Les journaux partent dans Elasticsearch.",
                ),
            ),
            (17, None),
            (
                18,
                Some(
                    "Dialogue: 0,0:00:11.20,0:00:14.90,Default,,0,0,0,,Le cluster {\\b1}Kubernetes{\\b0} tient la charge,\\Nmême le vendredi soir.",
                ),
            ),
            (20, None),
        ]),
    );
    assert_eq!(output, expected);
    // Across the override block: the tags stay, in order, around the name.
    let text = across
        .strip_prefix("Dialogue: 0,0:00:04.00,0:00:07.60,Default,,0,0,0,,")
        .unwrap();
    assert_eq!(
        markup::strip_tags(text),
        "On est passés à PyTorch\\Nl'an dernier, et tout a changé."
    );
    assert_eq!(
        markup::tags(text).map(|r| &text[r]).collect::<Vec<_>>(),
        ["{\\i1}", "{\\i0}"]
    );
}

#[test]
fn soft_breaks_and_hard_spaces_keep_their_spelling() {
    let (listed, input, output) = clean("formats/aegisub-lf-soft-breaks-fr.ass");
    assert_eq!(
        listed,
        [
            "27:78: dictionary: \"la stick\\nsearch\" -> \"Elasticsearch\"",
            "29:81: dictionary: \"Pie Torch\" -> \"PyTorch\"",
            "30:71: dictionary: \"Mistral Ey Ay\" -> \"Mistral AI\"",
            "31:69: dictionary: \"Cubernetes\" -> \"Kubernetes\"",
        ]
    );
    // The Comment on line 28 keeps its variants: players never show it.
    let expected = with_lines(
        &input,
        &BTreeMap::from([
            (
                27,
                Some(
                    "Dialogue: 0,0:00:04.10,0:00:08.20,Default,Inès,0,0,0,,Nos journaux vont dans Elasticsearch,\\ncomme avant.",
                ),
            ),
            (
                29,
                Some(
                    "Dialogue: 0,0:00:08.40,0:00:12.00,Default,Inès,0,0,0,,{=1}On entraîne avec {\\i1}PyTorch{\\i0}\\Nsur 40\\hGPU.",
                ),
            ),
            (
                30,
                Some(
                    "Dialogue: 5,0:00:12.00,0:00:15.00,Panneau,,0,0,0,,{\\an8}{\\pos(960,80)}Mistral AI",
                ),
            ),
            (
                31,
                Some(
                    "Dialogue: 0,0:00:12.20,0:00:16.00,Default,Malik,0,0,0,,{TN: rire}Et Kubernetes\\h?\\nToujours debout !",
                ),
            ),
        ]),
    );
    assert_eq!(output, expected);
    assert!(!output.contains('\r'));
}

#[test]
fn an_unchanged_file_comes_back_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "formats/aegisub-fr.ass",
        "formats/aegisub-fr-v4.ssa",
        "formats/aegisub-lf-soft-breaks-fr.ass",
        "formats/ass-bad-dialogue-fields.ass",
    ] {
        let out = transcrub(
            &["clean", "-q", "--keep-artifacts", &path(name)],
            dir.path(),
        );
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        let input = std::fs::read_to_string(fixture(name)).unwrap();
        // The decoder drops a byte order mark before any reader sees it
        // (src/encoding.rs), so whether the CLI writes one back is not the
        // ASS writer's doing; its own round trip with the mark is below.
        assert_eq!(
            stdout(&out).trim_start_matches('\u{feff}'),
            input.trim_start_matches('\u{feff}'),
            "{name}"
        );
        // Through the library, with the byte order mark.
        let t = parse(&input, Format::Ass, Mode::Lossy).unwrap().transcript;
        assert_eq!(render(&t, Output::Ass, &[]).unwrap(), input, "{name}");
    }
}

#[test]
fn strict_stops_at_a_dialogue_line_with_missing_fields_and_lossy_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let name = "formats/ass-bad-dialogue-fields.ass";
    let strict = transcrub(&["clean", "--strict", &path(name)], dir.path());
    assert_eq!(strict.status.code(), Some(2));
    assert_eq!(
        stderr(&strict),
        format!(
            "error: {}:31:48: expected 10 comma-separated fields as the Format line names them, found 5 (MarginL, MarginR, MarginV, Effect, Text missing); the line is kept as it is, not read\n",
            path(name)
        )
    );
    let lossy = transcrub(&["clean", &path(name)], dir.path());
    assert_eq!(lossy.status.code(), Some(0));
    assert!(
        stderr(&lossy).starts_with(&format!("warning: {}:31:48: expected 10", path(name))),
        "{}",
        stderr(&lossy)
    );
    let input = std::fs::read_to_string(fixture(name)).unwrap();
    assert_eq!(
        stdout(&lossy).trim_start_matches('\u{feff}'),
        input.trim_start_matches('\u{feff}')
    );
    let reading = read_fixture(name, Mode::Lossy).unwrap();
    assert_eq!(reading.transcript.cues.len(), 12);
    assert_eq!(reading.transcript.cues[1].line, 32);
    assert_eq!(reading.warnings.len(), 1);
}

#[test]
fn what_no_repair_gets_past_is_an_error_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "[Script Info]\nTitle: x\n",
            "1:1: expected an [Events] section with the Dialogue lines, found none",
        ),
        (
            "[Events]\nDialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,x\n",
            "2:1: expected a Format line naming the fields before the first Dialogue line of [Events], found \"Dialogue: 0,0:00:01.00,0:00:02.00,Defaul…\"",
        ),
    ];
    for (text, message) in cases {
        std::fs::write(dir.path().join("x.ass"), text).unwrap();
        for mode in [&["--strict"][..], &[]] {
            let mut args = vec!["clean", "x.ass"];
            args.extend_from_slice(mode);
            let out = transcrub(&args, dir.path());
            assert_eq!(out.status.code(), Some(2), "{text}");
            assert_eq!(stderr(&out), format!("error: x.ass:{message}\n"));
        }
    }
}

/// ffmpeg's count of the cues of an ASS file, converted to SRT.
fn ffmpeg_cues(ass: &Path) -> usize {
    let srt = ass.with_extension("ffmpeg.srt");
    let out = Command::new("ffmpeg")
        .args(["-nostdin", "-v", "error", "-y", "-i"])
        .arg(ass)
        .arg(&srt)
        .output()
        .expect("ffmpeg is required for this test: apt-get install ffmpeg (.ci/run does)");
    assert!(
        out.status.success(),
        "ffmpeg failed on {}: {}",
        ass.display(),
        stderr(&out)
    );
    let srt = std::fs::read_to_string(&srt).unwrap();
    srt.lines().filter(|l| l.contains(" --> ")).count()
}

/// Times as ASS holds them: centiseconds, rounded.
fn centiseconds(t: Option<Timestamp>) -> Option<u64> {
    t.map(|t| (t.0 + 5) / 10)
}

#[test]
fn fresh_scripts_read_back_with_the_same_cues_and_ffmpeg_agrees() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "formats/srt-clean.srt",
        "formats/srt-bom-crlf.srt",
        "formats/vtt-cue-ids-settings.vtt",
        "formats/whisper-openai-words.json",
        "formats/stable-ts-highlight.srt",
        "formats/youtube-studio-fr.sbv",
    ] {
        let out = dir.path().join(format!(
            "{}.ass",
            Path::new(name).file_stem().unwrap().to_str().unwrap()
        ));
        let run = transcrub(
            &[
                "clean",
                "-q",
                "--keep-artifacts",
                &path(name),
                "--to",
                "ass",
                "-o",
                out.to_str().unwrap(),
            ],
            dir.path(),
        );
        assert!(run.status.success(), "{name}: {}", stderr(&run));
        let written = std::fs::read_to_string(&out).unwrap();
        assert!(
            written.starts_with(
                "[Script Info]\n; Script generated by transcrub\nScriptType: v4.00+\n"
            ),
            "{name}"
        );
        assert!(
            written.contains("\nPlayResX: 1920\nPlayResY: 1080\n"),
            "{name}"
        );
        let source = read_fixture(name, Mode::Lossy).unwrap().transcript;
        let back = parse(&written, Format::Ass, Mode::Strict)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .transcript;
        assert_eq!(back.cues.len(), source.cues.len(), "{name}");
        for (a, b) in source.cues.iter().zip(&back.cues) {
            assert_eq!(centiseconds(a.start), centiseconds(b.start), "{name}");
            assert_eq!(centiseconds(a.end), centiseconds(b.end), "{name}");
            let shown = |t: &str| {
                let plain = markup::strip_tags(t);
                let lines: Vec<&str> = plain
                    .split('\n')
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect();
                lines.join("\n")
            };
            assert_eq!(shown(&a.text), shown(&b.text), "{name}");
        }
        assert_eq!(ffmpeg_cues(&out), back.cues.len(), "{name}:\n{written}");
    }
}

#[test]
fn a_fresh_script_keeps_speakers_and_markup() {
    for name in [
        "formats/aegisub-fr.ass",
        "formats/aegisub-lf-soft-breaks-fr.ass",
    ] {
        let mut t = read_fixture(name, Mode::Strict).unwrap().transcript;
        // Without its layout (as `transcrub subtitles` builds it), the
        // transcript is written as a new script.
        t.layout = Layout::None;
        let written = render(&t, Output::Ass, &[]).unwrap();
        assert!(written.starts_with("[Script Info]\n; Script generated by transcrub\n"));
        let back = parse(&written, Format::Ass, Mode::Strict)
            .unwrap()
            .transcript;
        let cues = |t: &transcrub::Transcript| {
            t.cues
                .iter()
                .map(|c| (c.start, c.end, c.text.clone(), c.speaker.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(cues(&back), cues(&t), "{name}");
    }
}

#[test]
fn ffmpeg_reads_the_corrected_files_with_every_cue() {
    let dir = tempfile::tempdir().unwrap();
    for (name, cues) in [
        ("formats/aegisub-fr.ass", 13),
        ("formats/aegisub-fr-v4.ssa", 13),
        ("formats/aegisub-lf-soft-breaks-fr.ass", 6),
        // The credit and the emptied event are gone.
        ("formats/ass-ffmpeg-from-srt-fr.ass", 5),
    ] {
        let ext = Path::new(name).extension().unwrap().to_str().unwrap();
        let out = dir.path().join(format!(
            "{}.{ext}",
            Path::new(name).file_stem().unwrap().to_str().unwrap()
        ));
        let run = transcrub(
            &[
                "clean",
                "-q",
                "-d",
                &path(DICT),
                &path(name),
                "-o",
                out.to_str().unwrap(),
            ],
            dir.path(),
        );
        assert!(run.status.success(), "{name}: {}", stderr(&run));
        let ours = parse(
            &std::fs::read_to_string(&out).unwrap(),
            Format::Ass,
            Mode::Strict,
        )
        .unwrap()
        .transcript;
        assert_eq!(ours.cues.len(), cues, "{name}");
        assert_eq!(ffmpeg_cues(&out), cues, "{name}");
    }
}

#[test]
fn corrections_are_reported_at_their_file_place() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("changes.jsonl");
    let name = "formats/aegisub-lf-soft-breaks-fr.ass";
    let run = transcrub(
        &[
            "clean",
            "-q",
            "-d",
            &path(DICT),
            &path(name),
            "--report",
            report.to_str().unwrap(),
            "-o",
            "out.ass",
        ],
        dir.path(),
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let places: Vec<(u64, u64, String)> = std::fs::read_to_string(&report)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["line"].as_u64().unwrap(),
                v["column"].as_u64().unwrap(),
                v["before"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            (27, 78, "la stick\nsearch".to_string()),
            (29, 81, "Pie Torch".to_string()),
            (30, 71, "Mistral Ey Ay".to_string()),
            (31, 69, "Cubernetes".to_string()),
        ]
    );
}

/// Every prefix of a real-shaped file and every file with one line left
/// out: the readers never panic, the writer neither, and what reads
/// without a defect comes back byte for byte.
#[test]
fn cut_and_broken_files_never_panic_and_clean_ones_come_back() {
    for name in [
        "formats/aegisub-fr.ass",
        "formats/aegisub-fr-v4.ssa",
        "formats/aegisub-lf-soft-breaks-fr.ass",
    ] {
        let text = std::fs::read_to_string(fixture(name)).unwrap();
        let mut inputs: Vec<String> = text
            .char_indices()
            .map(|(i, _)| text[..i].to_string())
            .collect();
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        for skip in 0..lines.len() {
            inputs.push(
                lines
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != skip)
                    .map(|(_, l)| *l)
                    .collect(),
            );
        }
        for input in &inputs {
            let _ = parse(input, Format::Ass, Mode::Strict);
            if let Ok(reading) = parse(input, Format::Ass, Mode::Lossy) {
                let written = render(&reading.transcript, Output::Ass, &[]).unwrap();
                assert_eq!(&written, input, "{name}");
                let _ = render(&reading.transcript, Output::Srt, &[]);
                let _ = render(&reading.transcript, Output::Sbv, &[]);
            }
        }
    }
}
