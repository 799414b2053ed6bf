//! TTML, DFXP and IMSC 1.1: every fixture read as fixtures/formats/
//! MANIFEST.md says (values checked by hand there), names corrected at
//! their file positions with every other byte given back, new documents
//! that XML parsers and transcrub read back, and the defects reported
//! where they are, strict or lossy.

mod common;

use std::path::Path;

use common::{fixture, read_fixture, transcrub};
use transcrub::read::{Mode, parse};
use transcrub::transcript::Layout;
use transcrub::write::{Output, render};
use transcrub::{Format, Timestamp, Transcript, markup};

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

/// The fixture as transcrub decodes it (a BOM removed).
fn decoded(name: &str) -> String {
    let bytes = std::fs::read(fixture(&format!("formats/{name}"))).unwrap();
    transcrub::encoding::decode(&bytes).text
}

/// (start, end, plain text) of a cue, tags removed.
fn plain(t: &Transcript, i: usize) -> (u64, u64, String) {
    let c = &t.cues[i];
    (
        c.start.unwrap().0,
        c.end.unwrap().0,
        markup::strip_tags(&c.text),
    )
}

#[test]
fn imsc_text_profile_reads_as_the_manifest_says() {
    let t = read("ttml-imsc11-text-fr.ttml");
    assert_eq!(t.format, Format::Ttml);
    assert_eq!(t.cues.len(), 11);
    assert_eq!(
        plain(&t, 0),
        (
            500,
            4200,
            "Bonjour à toutes et à tous,\nbienvenue dans Silicium.".into()
        )
    );
    assert_eq!(
        t.cues[0].text,
        "Bonjour à toutes et à tous,\nbienvenue dans <span style=\"it\">Silicium</span>."
    );
    assert_eq!(
        plain(&t, 10),
        (
            35200,
            38000,
            "Merci Inès, à la semaine prochaine & à bientôt !".into()
        )
    );
    // The source line feed in p 4 is a space; only <br/> breaks lines.
    assert_eq!(
        t.cues[3].text,
        "Les logs partaient dans Elastic Search, trois téraoctets par jour."
    );
    let speakers: Vec<Option<&str>> = t.cues.iter().map(|c| c.speaker.as_deref()).collect();
    assert_eq!(
        speakers,
        [
            Some("Claire Morel"),
            Some("Malik Benali"),
            Some("Inès Carvalho"),
            Some("Inès Carvalho"),
            None, // the title card in the top region
            Some("Claire Morel"),
            Some("Inès Carvalho"),
            Some("Inès Carvalho"),
            Some("Malik Benali"), // two spans, Malik speaks first
            Some("Inès Carvalho"),
            Some("Malik Benali"),
        ]
    );
    assert_eq!(t.cues[2].id.as_deref(), Some("c3"));
    assert_eq!(t.cues[0].line, 37);
}

#[test]
fn subtitle_edit_dfxp_reads_as_the_manifest_says() {
    let t = read("ttml-subtitleedit-fr.dfxp");
    assert_eq!(t.cues.len(), 10);
    assert_eq!(
        plain(&t, 0),
        (
            500,
            4200,
            "Bonjour à toutes et à tous,\nbienvenue dans Silicium.".into()
        )
    );
    assert_eq!(
        plain(&t, 9),
        (
            32300,
            35000,
            "Merci Inès, à la semaine prochaine & à bientôt !".into()
        )
    );
    assert_eq!(
        t.cues[3].text,
        "Les logs partaient dans la stick\nsearch, trois téraoctets par jour."
    );
    assert!(t.cues.iter().all(|c| c.speaker.is_none()));
}

#[test]
fn every_time_expression_gives_the_manifest_times() {
    let t = read("ttml-time-expressions-fr.ttml");
    let times: Vec<(u64, u64)> = t
        .cues
        .iter()
        .map(|c| (c.start.unwrap().0, c.end.unwrap().0))
        .collect();
    // 0.5s/4.2s, 4400ms, 00:00:08:10 at 25 fps = 8.4 s, 303f + 92f,
    // 162000000t at 10 MHz, 0.33m = 19.8 s, 00:00:24.2 + 3.8s, then the
    // second div at 30 s: 0.2s, 4s, 00:00:08:00 to 00:00:10:12 (10.48 s).
    assert_eq!(
        times,
        [
            (500, 4200),
            (4400, 8100),
            (8400, 11880),
            (12120, 15800),
            (16200, 19600),
            (19800, 24000),
            (24200, 28000),
            (30200, 33800),
            (34000, 37800),
            (38000, 40480),
        ]
    );
    assert_eq!(
        plain(&t, 0).2,
        "Bonjour à toutes et à tous,\nbienvenue dans Silicium."
    );
    assert_eq!(plain(&t, 9).2, "Merci Inès, à la semaine prochaine.");
    assert_eq!(
        t.cues[8].text,
        "Pie Torch partout, avec <span begin=\"2s\" end=\"3.7s\">Hugging Fèce</span> pour les poids."
    );
}

#[test]
fn ticks_frames_nested_and_seq_timing_in_dfxp_namespaces() {
    let t = read("ttml-ticks-nested-seq-fr.dfxp");
    let cues: Vec<(u64, u64, &str, Option<&str>)> = t
        .cues
        .iter()
        .map(|c| {
            (
                c.start.unwrap().0,
                c.end.unwrap().0,
                c.text.as_str(),
                c.speaker.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        cues,
        [
            (
                5000,
                8500,
                "Par l'infra. On avait un cluster Cubernetes.",
                Some("Inès Carvalho")
            ),
            (
                8601,
                12000,
                "Les logs partaient dans la stick\nsearch, trois téraoctets par jour.",
                Some("Claire Morel")
            ),
            (21000, 24000, "Pie Torch & co partout.", None),
            (
                24500,
                28500,
                "Avec des poids sur\n<span tts:fontStyle=\"italic\">Hugging</span> Fèce.",
                None
            ),
        ]
    );
}

/// Runs `clean --dry-run` and `clean -o` with the formats dictionary;
/// returns the listed changes and the written file.
fn clean(name: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let dict = fixture("formats/formats.toml");
    let input = fixture(&format!("formats/{name}"));
    let ext = Path::new(name).extension().unwrap().to_str().unwrap();
    let out_path = dir.path().join(format!("out.{ext}"));
    let listed = transcrub(
        &[
            "clean",
            "-d",
            dict.to_str().unwrap(),
            input.to_str().unwrap(),
            "--dry-run",
        ],
        dir.path(),
    );
    assert!(listed.status.success(), "{}", stderr(&listed));
    let written = transcrub(
        &[
            "clean",
            "-d",
            dict.to_str().unwrap(),
            input.to_str().unwrap(),
            "-q",
            "-o",
            out_path.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(written.status.success(), "{}", stderr(&written));
    (stdout(&listed), std::fs::read_to_string(&out_path).unwrap())
}

/// The input with each (before, after) replaced; each `before` must stand
/// exactly once in it, so the expected file is built from the input and
/// every other byte must come back as it was.
fn expected(input: &str, replacements: &[(&str, &str)]) -> String {
    let mut out = input.to_string();
    for (before, after) in replacements {
        assert_eq!(input.matches(before).count(), 1, "{before}");
        out = out.replacen(before, after, 1);
    }
    out
}

fn assert_listed(listed: &str, name: &str, changes: &[&str]) {
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), changes.len(), "{listed}");
    for (line, change) in lines.iter().zip(changes) {
        let path = fixture(&format!("formats/{name}"));
        assert_eq!(*line, format!("{}:{change}", path.display()), "{listed}");
    }
}

#[test]
fn imsc_names_are_corrected_in_place_and_nothing_else_moves() {
    let name = "ttml-imsc11-text-fr.ttml";
    let (listed, written) = clean(name);
    // Positions from MANIFEST.md (a snippet's start plus its offset).
    assert_listed(
        &listed,
        name,
        &[
            "39:116: dictionary: \"Cubernetes\" -> \"Kubernetes\"",
            "40:103: dictionary: \"Elastic Search\" -> \"Elasticsearch\"",
            "44:109: dictionary: \"Mistral\\nEy Ay\" -> \"Mistral AI\"",
            "46:111: dictionary: \"Andrej Carpathy\" -> \"Andrej Karpathy\"",
            "46:192: dictionary: \"Carpathy\" -> \"Andrej Karpathy\"",
            "47:80: dictionary: \"Pie Torch\" -> \"PyTorch\"",
            "47:132: dictionary: \"Hugging <span style=\\\"it\\\">Fèce\" -> \"Hugging Face\"",
        ],
    );
    let input = decoded(name);
    assert_eq!(
        written,
        expected(
            &input,
            &[
                ("cluster<br/>Cubernetes qui", "cluster<br/>Kubernetes qui"),
                (
                    "dans Elastic\n        Search, trois",
                    "dans Elasticsearch, trois"
                ),
                // "Mistral" stays in p 7; p 8 had the rest of the name.
                (">Ey Ay, et la facture", ">AI, et la facture"),
                ("d'Andrej Carpathy ?", "d'Andrej Karpathy ?"),
                (
                    "<span style=\"it\">Carpathy</span>",
                    "<span style=\"it\">Andrej Karpathy</span>"
                ),
                (">Pie Torch partout", ">PyTorch partout"),
                (
                    "Hugging <span style=\"it\">Fèce</span>",
                    "Hugging <span style=\"it\">Face</span>"
                ),
            ]
        )
    );
}

#[test]
fn subtitle_edit_keeps_its_crlf_and_br_spelling() {
    let name = "ttml-subtitleedit-fr.dfxp";
    let (listed, written) = clean(name);
    assert_listed(
        &listed,
        name,
        &[
            "26:100: dictionary: \"Cubernetes\" -> \"Kubernetes\"",
            "27:86: dictionary: \"la stick\\nsearch\" -> \"Elasticsearch\"",
            "30:97: dictionary: \"Mistral Ey Ay\" -> \"Mistral AI\"",
            "31:90: dictionary: \"Andrej Carpathy\" -> \"Andrej Karpathy\"",
            "32:62: dictionary: \"Pie Torch\" -> \"PyTorch\"",
            "32:115: dictionary: \"Hugging <span tts:fontStyle=\\\"italic\\\">Fèce\" -> \"Hugging Face\"",
        ],
    );
    // Subtitle Edit's BOM comes back too.
    let input = format!("\u{feff}{}", decoded(name));
    assert_eq!(
        written,
        expected(
            &input,
            &[
                ("cluster<br />Cubernetes", "cluster<br />Kubernetes"),
                (
                    "dans la stick<br />search, trois",
                    "dans Elasticsearch,<br />trois"
                ),
                ("vers Mistral Ey Ay.", "vers Mistral AI."),
                ("d'Andrej Carpathy ?", "d'Andrej Karpathy ?"),
                (">Pie Torch partout", ">PyTorch partout"),
                ("italic\">Fèce</span>", "italic\">Face</span>"),
            ]
        )
    );
    assert_eq!(written.matches("\r\n").count(), 35);
    assert!(!written.ends_with('\n'));
}

#[test]
fn every_time_syntax_survives_a_correction() {
    let name = "ttml-time-expressions-fr.ttml";
    let (listed, written) = clean(name);
    assert_listed(
        &listed,
        name,
        &[
            "18:81: dictionary: \"Cubernetes\" -> \"Kubernetes\"",
            "19:57: dictionary: \"la stick search\" -> \"Elasticsearch\"",
            "21:69: dictionary: \"Mistral Ey Ay\" -> \"Mistral AI\"",
            "22:63: dictionary: \"Andrej Carpathy\" -> \"Andrej Karpathy\"",
            "25:44: dictionary: \"Carpathy\" -> \"Andrej Karpathy\"",
            "26:32: dictionary: \"Pie Torch\" -> \"PyTorch\"",
            "26:84: dictionary: \"Hugging Fèce\" -> \"Hugging Face\"",
        ],
    );
    assert_eq!(
        written,
        expected(
            &decoded(name),
            &[
                ("cluster Cubernetes.", "cluster Kubernetes."),
                ("dans la stick search.", "dans Elasticsearch."),
                ("vers Mistral Ey Ay.", "vers Mistral AI."),
                ("d'Andrej Carpathy ?", "d'Andrej Karpathy ?"),
                ("sûr, Carpathy explique", "sûr, Andrej Karpathy explique"),
                (">Pie Torch partout", ">PyTorch partout"),
                ("3.7s\">Hugging Fèce<", "3.7s\">Hugging Face<"),
            ]
        )
    );
}

#[test]
fn comments_cdata_references_and_preserved_space_survive_a_correction() {
    let name = "ttml-ticks-nested-seq-fr.dfxp";
    let (listed, written) = clean(name);
    assert_listed(
        &listed,
        name,
        &[
            "12:70: dictionary: \"Cubernetes\" -> \"Kubernetes\"",
            "13:91: dictionary: \"la stick\\nsearch\" -> \"Elasticsearch\"",
            "16:28: dictionary: \"Pie Torch\" -> \"PyTorch\"",
            "18:30: dictionary: \"Hugging</span> Fèce\" -> \"Hugging Face\"",
        ],
    );
    assert_eq!(
        written,
        expected(
            &decoded(name),
            &[
                ("Cubernetes<!-- relu -->", "Kubernetes<!-- relu -->"),
                (
                    "dans la stick<br/>search, trois",
                    "dans Elasticsearch,<br/>trois"
                ),
                ("<![CDATA[Pie Torch & co]]>", "<![CDATA[PyTorch & co]]>"),
                ("</span> F&#232;ce.", "</span> Face."),
            ]
        )
    );
}

#[test]
fn unchanged_files_come_back_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "ttml-imsc11-text-fr.ttml",
        "ttml-subtitleedit-fr.dfxp",
        "ttml-time-expressions-fr.ttml",
        "ttml-ticks-nested-seq-fr.dfxp",
    ] {
        let input = fixture(&format!("formats/{name}"));
        let out = transcrub(
            &["clean", input.to_str().unwrap(), "--keep-artifacts", "-q"],
            dir.path(),
        );
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        // The Subtitle Edit file's BOM included.
        assert_eq!(
            stdout(&out).as_bytes(),
            std::fs::read(&input).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn changed_times_are_written_in_the_syntax_they_had() {
    let mut t = read("ttml-time-expressions-fr.ttml");
    let set = |t: &mut Transcript, i: usize, start: u64, end: u64| {
        t.cues[i].start = Some(Timestamp(start));
        t.cues[i].end = Some(Timestamp(end));
    };
    set(&mut t, 3, 12120, 15840); // 303f, dur 92f -> 93f at 25 fps
    set(&mut t, 4, 16200, 19640); // ticks at 10 MHz
    set(&mut t, 5, 19850, 24000); // 0.33m -> 19.85 s = 0.33083 m
    set(&mut t, 7, 30300, 33800); // 0.2s in the div at 30 s -> 0.3s
    set(&mut t, 9, 38000, 40520); // 00:00:10:12 -> 10.52 s = 10 s 13 frames
    let out = render(&t, Output::Ttml, &[]).unwrap();
    assert_eq!(
        out,
        expected(
            &decoded("ttml-time-expressions-fr.ttml"),
            &[
                ("begin=\"303f\" dur=\"92f\"", "begin=\"303f\" dur=\"93f\""),
                ("end=\"196000000t\"", "end=\"196400000t\""),
                ("begin=\"0.33m\"", "begin=\"0.33083m\""),
                ("begin=\"0.2s\"", "begin=\"0.3s\""),
                ("end=\"00:00:10:12\"", "end=\"00:00:10:13\""),
            ]
        )
    );
    let back = parse(&out, Format::Ttml, Mode::Strict).unwrap().transcript;
    assert_eq!(back.cues[5].start, Some(Timestamp(19850)));
    assert_eq!(back.cues[7].start, Some(Timestamp(30300)));
}

#[test]
fn a_removed_cue_takes_its_paragraph_and_indentation_away() {
    let mut t = read("ttml-imsc11-text-fr.ttml");
    t.cues.remove(1);
    let out = render(&t, Output::Ttml, &[]).unwrap();
    let input = decoded("ttml-imsc11-text-fr.ttml");
    let line = input.lines().find(|l| l.contains("xml:id=\"c2\"")).unwrap();
    assert_eq!(out, input.replacen(&format!("\n{line}"), "", 1));
}

/// Every event of `text` parses (quick-xml checks tags, attributes and
/// references); returns the root's name.
fn well_formed(text: &str) -> String {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut root = None;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(tag)) if root.is_none() => {
                root = Some(tag.name().into_inner().to_string());
                for attr in tag.attributes() {
                    attr.unwrap();
                }
            }
            Ok(_) => {}
            Err(err) => panic!(
                "not well-formed at byte {}: {err}\n{text}",
                reader.error_position()
            ),
        }
    }
    root.expect("a root element")
}

#[test]
fn srt_becomes_an_imsc_document_that_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("in.srt"),
        "1\n00:00:01,000 --> 00:00:02,500\n<i>Bonjour</i> & <b>bienvenue</b>\nà <u>tous</u> < 3\n\n2\n00:00:03,000 --> 00:01:04,040\n{\\an8}<font color=\"red\">R&D</font> <i>ouverte\n",
    )
    .unwrap();
    let out = transcrub(
        &[
            "clean",
            "in.srt",
            "--keep-artifacts",
            "--to",
            "ttml",
            "-o",
            "out.ttml",
            "-q",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let ttml = std::fs::read_to_string(dir.path().join("out.ttml")).unwrap();
    assert_eq!(well_formed(&ttml), "tt");
    assert!(
        ttml.contains("ttp:contentProfiles=\"http://www.w3.org/ns/ttml/profile/imsc1.1/text\"")
    );
    assert!(ttml.contains("<p begin=\"00:00:01.000\" end=\"00:00:02.500\"><span tts:fontStyle=\"italic\">Bonjour</span> &amp; <span tts:fontWeight=\"bold\">bienvenue</span><br/>à <span tts:textDecoration=\"underline\">tous</span> &lt; 3</p>"), "{ttml}");
    // The unclosed <i> is closed; the ASS block and <font> are dropped.
    assert!(ttml.contains("<p begin=\"00:00:03.000\" end=\"00:01:04.040\">R&amp;D <span tts:fontStyle=\"italic\">ouverte</span></p>"), "{ttml}");
    let back = parse(&ttml, Format::Ttml, Mode::Strict).unwrap().transcript;
    assert_eq!(back.cues.len(), 2);
    assert_eq!(
        plain(&back, 0),
        (1000, 2500, "Bonjour & bienvenue\nà tous < 3".into())
    );
    assert_eq!(plain(&back, 1), (3000, 64040, "R&D ouverte".into()));
}

#[test]
fn a_fixture_srt_reads_back_the_same_through_ttml() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("formats/srt-clean.srt");
    let out = transcrub(
        &[
            "clean",
            input.to_str().unwrap(),
            "--keep-artifacts",
            "--to",
            "ttml",
            "-q",
        ],
        dir.path(),
    );
    assert!(out.status.success());
    let ttml = stdout(&out);
    well_formed(&ttml);
    let back = parse(&ttml, Format::Ttml, Mode::Strict).unwrap().transcript;
    let srt = read("srt-clean.srt");
    assert_eq!(back.cues.len(), srt.cues.len());
    for (i, cue) in srt.cues.iter().enumerate() {
        assert_eq!(
            plain(&back, i),
            (cue.start.unwrap().0, cue.end.unwrap().0, cue.text.clone())
        );
    }
}

#[test]
fn speakers_become_agents_in_a_new_document() {
    let mut t = read("ttml-imsc11-text-fr.ttml");
    t.layout = Layout::None;
    let ttml = render(&t, Output::Ttml, &[]).unwrap();
    well_formed(&ttml);
    assert!(ttml.contains("<ttm:agent type=\"person\" xml:id=\"speaker3\">\n        <ttm:name type=\"full\">Inès Carvalho</ttm:name>"), "{ttml}");
    let back = parse(&ttml, Format::Ttml, Mode::Strict).unwrap().transcript;
    assert_eq!(back.cues.len(), t.cues.len());
    for (a, b) in t.cues.iter().zip(&back.cues) {
        assert_eq!((a.start, a.end), (b.start, b.end));
        assert_eq!(a.speaker, b.speaker);
        assert_eq!(markup::strip_tags(&a.text), markup::strip_tags(&b.text));
    }
}

#[test]
fn a_bad_begin_is_an_error_strict_and_a_skipped_cue_lossy() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("formats/ttml-bad-begin.ttml");
    let path = input.to_str().unwrap();
    let message = "40:22: expected a TTML time such as \"00:00:01.500\", \"1.5s\" or \"25f\" in \"begin\", found \"00:00:1x.100\"; the paragraph is skipped";
    let strict = transcrub(&["clean", path, "--strict"], dir.path());
    assert_eq!(strict.status.code(), Some(2));
    assert_eq!(stderr(&strict), format!("error: {path}:{message}\n"));
    let lossy = transcrub(&["clean", path, "--keep-artifacts"], dir.path());
    assert_eq!(lossy.status.code(), Some(0));
    assert!(
        stderr(&lossy).contains(&format!("warning: {path}:{message}")),
        "{}",
        stderr(&lossy)
    );
    // The paragraph that gave no cue stays as it was.
    assert_eq!(stdout(&lossy), decoded("ttml-bad-begin.ttml"));
    let t = read_fixture("formats/ttml-bad-begin.ttml", Mode::Lossy)
        .unwrap()
        .transcript;
    assert_eq!(t.cues.len(), 10);
    assert_eq!(t.cues[3].id.as_deref(), Some("c5"));
}

#[test]
fn a_paragraph_without_an_end_ends_at_the_next_begin_when_lossy() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("formats/ttml-bad-missing-end.ttml");
    let path = input.to_str().unwrap();
    let strict = transcrub(&["clean", path, "--strict"], dir.path());
    assert_eq!(strict.status.code(), Some(2));
    assert_eq!(
        stderr(&strict),
        format!(
            "error: {path}:6:7: expected \"end\" or \"dur\" on the paragraph or around it, found neither; it ends where the next paragraph begins\n"
        )
    );
    let reading = read_fixture("formats/ttml-bad-missing-end.ttml", Mode::Lossy).unwrap();
    let times: Vec<(u64, u64)> = reading
        .transcript
        .cues
        .iter()
        .map(|c| (c.start.unwrap().0, c.end.unwrap().0))
        .collect();
    assert_eq!(times, [(500, 4200), (4400, 8400), (8400, 11900)]);
    assert_eq!(reading.warnings.len(), 1);
    // Nothing changed, so no end is added on the way back.
    let out = transcrub(&["clean", path, "--keep-artifacts", "-q"], dir.path());
    assert_eq!(stdout(&out), decoded("ttml-bad-missing-end.ttml"));
}

#[test]
fn xml_that_is_not_well_formed_is_an_error_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("formats/ttml-bad-unescaped-ampersand.ttml");
    let path = input.to_str().unwrap();
    for args in [vec!["clean", path, "--strict"], vec!["clean", path]] {
        let out = transcrub(&args, dir.path());
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(
            stderr(&out),
            format!(
                "error: {path}:6:66: expected \";\" to end a reference such as \"&amp;\", found \"&D\"\n"
            )
        );
    }
    for (text, line, column, message) in [
        (
            "<tt xmlns=\"http://www.w3.org/ns/ttml\"><body><p begin=\"1s\" end=\"2s\">a</span></p></body></tt>",
            1,
            69,
            "expected \"</p>\", found \"</span>\"",
        ),
        (
            "<?xml version=\"1.0\"?>\n<tt xmlns=\"http://www.w3.org/ns/ttml\">\n<body>\n",
            4,
            1,
            "expected the end tags of the open elements, found the end of the file",
        ),
        (
            "<timedtext format=\"3\"><body/></timedtext>",
            1,
            1,
            "expected a <tt> root element, found \"<timedtext>\"",
        ),
        (
            "<tt><body><p begin=\"1s\" begin=\"2s\"/></body></tt>",
            1,
            25,
            "expected each attribute once in a tag, found \"begin\" twice",
        ),
    ] {
        let err = parse(text, Format::Ttml, Mode::Lossy).unwrap_err();
        assert_eq!(
            (err.line, err.column, err.message.as_str()),
            (Some(line), Some(column), message),
            "{text}"
        );
    }
}

/// Mutations of every TTML fixture: cut at every few bytes, and bytes
/// replaced by XML's structure characters. Nothing may panic: read strict
/// and lossy, clean, write back, write new.
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
    for name in [
        "ttml-imsc11-text-fr.ttml",
        "ttml-subtitleedit-fr.dfxp",
        "ttml-time-expressions-fr.ttml",
        "ttml-ticks-nested-seq-fr.dfxp",
        "ttml-bad-missing-end.ttml",
    ] {
        let text = decoded(name);
        for cut in (0..text.len()).step_by(13) {
            if text.is_char_boundary(cut) {
                inputs.push(text[..cut].to_string());
            }
        }
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..200 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let at = (seed % text.len() as u64) as usize;
            if !text.is_char_boundary(at) || !text.is_char_boundary(at + 1) {
                continue;
            }
            let with = ["<", ">", "&", "\"", "/", "</p>", "<br/>", "9", ":", ""]
                [(seed >> 32) as usize % 10];
            let mut mutated = text.clone();
            mutated.replace_range(at..at + 1, with);
            inputs.push(mutated);
        }
    }
    for input in inputs {
        let _ = parse(&input, Format::Ttml, Mode::Strict);
        if let Ok(reading) = parse(&input, Format::Ttml, Mode::Lossy) {
            let cleaned = cleaner.clean(reading.transcript);
            let _ = render(&cleaned.transcript, Output::Ttml, &cleaned.changes);
            let _ = render(&cleaned.transcript, Output::Srt, &cleaned.changes);
            let mut fresh = cleaned.transcript;
            fresh.layout = Layout::None;
            if let Ok(out) = render(&fresh, Output::Ttml, &[]) {
                well_formed(&out);
            }
        }
    }
}
