//! A file written back in its own format keeps how it was written: its
//! line breaks (CR LF), how it ends, SRT's first number and WebVTT's
//! times as spelled. A file with nothing to change comes back byte for
//! byte, and a correction changes its own line and no other: cleaning in
//! place, or `lint --fix`, must not rewrite every time of openai-whisper's
//! WebVTT or every line of a Windows file.

mod common;

use std::path::Path;
use std::process::Command;

const DICT: &str = "dictionaries/messages-a-caractere-informatique.toml";

/// Our own sentences in the shapes of three writers: stable-ts (SRT
/// numbered from 0, no line break at the end), openai-whisper's WebVTT
/// (hours only from the first hour on, a blank line at the end), and a
/// text file saved on Windows (CR LF); an SRT with a byte-order mark and
/// CR LF, as Subtitle Edit writes it on Windows; and SRTs in Windows-1252
/// (Subtitle Edit's "ANSI") and UTF-16 either way with its mark, which
/// came back as UTF-8 without a mark, the summary saying nothing.
const SHAPES: &[&str] = &[
    "formats/stable-ts-numbered-from-0.srt",
    "formats/whisper-openai-short-times.vtt",
    "formats/txt-crlf-windows.txt",
    "formats/srt-bom-crlf.srt",
    "formats/srt-windows-1252.srt",
    "formats/srt-utf16le-bom.srt",
    "formats/srt-utf16be-bom.srt",
];

fn copy_into(dir: &Path, fixture: &str) -> String {
    let name = Path::new(fixture).file_name().unwrap().to_str().unwrap();
    std::fs::copy(common::fixture(fixture), dir.join(name)).unwrap();
    name.to_string()
}

/// The lines of `a` and `b` (split at LF, CRs kept) that differ, as
/// (line number, before, after); both must have as many lines.
fn changed_lines(a: &str, b: &str) -> Vec<(usize, String, String)> {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.split('\n').collect(), b.split('\n').collect());
    assert_eq!(a.len(), b.len(), "as many lines before and after");
    a.iter()
        .zip(&b)
        .enumerate()
        .filter(|(_, (x, y))| x != y)
        .map(|(i, (x, y))| (i + 1, x.to_string(), y.to_string()))
        .collect()
}

/// The bytes of `name` in `dir` after `clean --in-place` and after
/// `lint --fix` with the dictionary `dict`, each run on `before`.
fn corrected_both_ways(dir: &Path, name: &str, dict: &str, before: &[u8]) -> Vec<Vec<u8>> {
    [
        &["clean", name, "-d", dict, "--in-place"][..],
        &["lint", name, "-d", dict, "--fix"][..],
    ]
    .iter()
    .map(|args| {
        std::fs::write(dir.join(name), before).unwrap();
        let out = common::transcrub(args, dir);
        assert!(out.status.code() != Some(2), "{name} {args:?}");
        std::fs::read(dir.join(name)).unwrap()
    })
    .collect()
}

#[test]
fn a_file_with_nothing_to_change_comes_back_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    for fixture in SHAPES {
        let name = copy_into(dir.path(), fixture);
        let before = std::fs::read(dir.path().join(&name)).unwrap();
        let out = common::transcrub(&["clean", &name, "-o", "out"], dir.path());
        assert!(out.status.success(), "{fixture}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("reformatted"), "{fixture}: {stderr}");
        assert_eq!(
            String::from_utf8_lossy(&std::fs::read(dir.path().join("out")).unwrap()),
            String::from_utf8_lossy(&before),
            "{fixture}"
        );
        let out = common::transcrub(&["clean", &name, "--in-place"], dir.path());
        assert!(out.status.success(), "{fixture}");
        assert!(
            std::fs::read(dir.path().join(&name)).unwrap() == before,
            "{fixture}: cleaned in place"
        );
    }
}

#[test]
fn a_correction_changes_its_own_line_and_no_other() {
    let dir = tempfile::tempdir().unwrap();
    let dict = common::root(DICT);
    let dict = dict.to_str().unwrap();
    // Line 7 (line 2 of the text file) holds "la stick search" and "Aasio".
    let expected = [
        ("formats/stable-ts-numbered-from-0.srt", 7, ""),
        ("formats/whisper-openai-short-times.vtt", 7, ""),
        ("formats/txt-crlf-windows.txt", 2, "\r"),
    ];
    for (fixture, line, cr) in expected {
        let name = copy_into(dir.path(), fixture);
        let before = std::fs::read_to_string(dir.path().join(&name)).unwrap();
        for after in corrected_both_ways(dir.path(), &name, dict, before.as_bytes()) {
            let after = String::from_utf8(after).unwrap();
            assert_eq!(
                changed_lines(&before, &after),
                [(
                    line,
                    format!("Aujourd'hui on parle de la stick search avec Aasio.{cr}"),
                    format!("Aujourd'hui on parle de Elasticsearch avec Horacio.{cr}"),
                )],
                "{fixture}"
            );
        }
    }
}

#[test]
fn converted_to_another_format_a_file_takes_that_formats_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let vtt = copy_into(dir.path(), "formats/whisper-openai-short-times.vtt");
    let out = common::transcrub(&["clean", &vtt, "--to", "srt", "-q"], dir.path());
    assert!(out.status.success());
    let srt = String::from_utf8(out.stdout).unwrap();
    assert!(
        srt.starts_with("1\n00:00:00,000 --> 00:00:04,000\n"),
        "{srt}"
    );
    assert!(srt.contains("\n00:59:57,000 --> 01:00:01,500\n"), "{srt}");
    assert!(srt.ends_with("jusqu'au bout.\n\n"), "{srt}");

    let srt = copy_into(dir.path(), "formats/stable-ts-numbered-from-0.srt");
    let out = common::transcrub(&["clean", &srt, "--to", "vtt", "-q"], dir.path());
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "WEBVTT\n\n\
         00:00:00.000 --> 00:00:03.200\nBonjour et bienvenue dans ce nouvel épisode.\n\n\
         00:00:03.200 --> 00:00:07.900\nAujourd'hui on parle de la stick search avec Aasio.\n\n\
         00:00:07.900 --> 00:00:11.400\nIl l'utilise depuis des années pour ses recherches.\n\n\
         00:00:11.400 --> 00:00:14.000\nOn commence tout de suite.\n"
    );
}

/// stable-ts's shape, long enough to be cleaned a window at a time: CR
/// LF, numbers from 0, no line break at the end, a name to correct in
/// every tenth cue.
fn long_stable_ts_srt() -> String {
    let mut srt = String::new();
    for k in 0..400u64 {
        let text = if k % 10 == 3 {
            format!("On en reparle avec Aasio dans {k} secondes.")
        } else {
            format!("La phrase numéro {k} de l'épisode.")
        };
        srt.push_str(&format!(
            "{k}\r\n{} --> {}\r\n{text}\r\n\r\n",
            common::srt_time(k * 3000),
            common::srt_time(k * 3000 + 2500)
        ));
    }
    srt.truncate(srt.len() - 4);
    srt
}

#[test]
fn windows_write_back_as_the_whole_file_does() {
    let dir = tempfile::tempdir().unwrap();
    let srt = long_stable_ts_srt();
    std::fs::write(dir.path().join("long.srt"), &srt).unwrap();
    let dict = common::root(DICT);
    let run = |window: usize, out: &str| {
        let done = Command::new(env!("CARGO_BIN_EXE_transcrub"))
            .args(["clean", "long.srt", "-d", dict.to_str().unwrap(), "-o", out])
            .current_dir(dir.path())
            .env_remove("CI")
            .env("TRANSCRUB_WINDOW_BYTES", window.to_string())
            .output()
            .unwrap();
        assert!(done.status.success());
        std::fs::read_to_string(dir.path().join(out)).unwrap()
    };
    let whole = run(1 << 30, "whole.srt");
    let expected = srt.replace("avec Aasio", "avec Horacio");
    assert!(whole == expected, "the whole file: only the names change");
    for window in [700, 4096] {
        assert!(
            run(window, "windows.srt") == expected,
            "windows of {window} bytes"
        );
    }
}

/// Bytes to find in a file, and what to put in their place.
type Replacement<'a> = (&'a [u8], &'a [u8]);

/// `bytes` with each `(from, to)` replaced, once each, in order.
fn replaced(bytes: &[u8], pairs: &[Replacement]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for (from, to) in pairs {
        let at = out
            .windows(from.len())
            .position(|w| w == *from)
            .unwrap_or_else(|| panic!("{:?} is in the file", String::from_utf8_lossy(from)));
        out.splice(at..at + from.len(), to.iter().copied());
    }
    out
}

#[test]
fn a_correction_keeps_the_files_encoding_and_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    // A correction is written in the file's encoding, with `clean` and
    // with `lint --fix`: the corrected names are ASCII, so the bytes are
    // the file's with those alone replaced.
    let dict = common::root(DICT);
    let dict = dict.to_str().unwrap();
    let cases: [(&str, &[Replacement]); 2] = [
        (
            "formats/srt-windows-1252.srt",
            &[(b"la stick search", b"Elasticsearch")],
        ),
        (
            "formats/srt-bom-crlf.srt",
            &[
                (b"la snow camp", b"la SnowCamp"),
                (b"sur Q,", b"sur Kueue,"),
            ],
        ),
    ];
    for (fixture, pairs) in cases {
        let name = copy_into(dir.path(), fixture);
        let before = std::fs::read(dir.path().join(&name)).unwrap();
        let expected = replaced(&before, pairs);
        for after in corrected_both_ways(dir.path(), &name, dict, &before) {
            assert!(after == expected, "{fixture}");
        }
    }
}

#[test]
fn a_character_the_encoding_lacks_makes_the_file_utf8_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let name = copy_into(dir.path(), "formats/srt-windows-1252.srt");
    std::fs::write(
        dir.path().join("dict.toml"),
        "[[term]]\ncanonical = \"Łukasz Search\"\nvariants = [\"la stick search\"]\n",
    )
    .unwrap();
    let out = common::transcrub(
        &["clean", &name, "-d", "dict.toml", "--in-place"],
        dir.path(),
    );
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("written as UTF-8: windows-1252 has no byte for 'Ł' (U+0141)"),
        "{stderr}"
    );
    // Every character kept, in UTF-8: none replaced by "?" or "&#321;".
    let after = String::from_utf8(std::fs::read(dir.path().join(&name)).unwrap()).unwrap();
    assert!(after.contains("18 nœuds et Łukasz Search"), "{after}");
}

#[test]
fn utf8_is_written_when_asked() {
    // `--utf8`, what lint's TR202 asks for: the same text, in UTF-8,
    // without a byte-order mark.
    let dir = tempfile::tempdir().unwrap();
    for fixture in [
        "formats/srt-windows-1252.srt",
        "formats/srt-utf16le-bom.srt",
        "formats/srt-bom-crlf.srt",
    ] {
        let name = copy_into(dir.path(), fixture);
        let read = common::read_fixture(fixture, transcrub::read::Mode::Lossy).unwrap();
        let out = common::transcrub(&["clean", &name, "--in-place", "--utf8"], dir.path());
        assert!(out.status.success(), "{fixture}");
        let bytes = std::fs::read(dir.path().join(&name)).unwrap();
        assert!(!bytes.starts_with(b"\xEF\xBB\xBF"), "{fixture}");
        let text = String::from_utf8(bytes).expect("UTF-8");
        let again =
            transcrub::read::parse(&text, transcrub::Format::Srt, transcrub::read::Mode::Lossy)
                .unwrap();
        assert_eq!(again.transcript.cues, read.transcript.cues, "{fixture}");
    }
    let lint = common::transcrub(&["lint", "srt-windows-1252.srt"], dir.path());
    assert_ne!(lint.status.code(), Some(2), "lint read the file");
    let said = String::from_utf8_lossy(&lint.stdout);
    assert!(said.contains("TR"), "lint found its other findings: {said}");
    assert!(!said.contains("TR202"), "rewritten as UTF-8: {said}");
}

#[test]
fn webvtt_character_references_are_written_as_the_file_wrote_them() {
    // French WebVTT puts `&nbsp;` before "?", "!" and ":"; it came back
    // as the no-break space itself, a change on every such line.
    let dir = tempfile::tempdir().unwrap();
    let vtt = "WEBVTT\n\n00:01.000 --> 00:03.000\nOn parle de la stick search&nbsp;?\n\n\
               00:03.000 --> 00:05.000\nOui&nbsp;! &lt;vraiment&gt;&lrm;\n";
    std::fs::write(dir.path().join("entities.vtt"), vtt).unwrap();
    let out = common::transcrub(&["clean", "entities.vtt", "-o", "same.vtt"], dir.path());
    assert!(out.status.success());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("same.vtt")).unwrap(),
        vtt
    );
    let dict = common::root(DICT);
    let out = common::transcrub(
        &[
            "clean",
            "entities.vtt",
            "-d",
            dict.to_str().unwrap(),
            "-o",
            "fixed.vtt",
        ],
        dir.path(),
    );
    assert!(out.status.success());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("fixed.vtt")).unwrap(),
        vtt.replace("la stick search&nbsp;?", "Elasticsearch&nbsp;?")
    );
    // A file that writes the no-break space itself keeps it so.
    let raw = vtt.replace("&nbsp;", "\u{a0}").replace("&lrm;", "");
    std::fs::write(dir.path().join("raw.vtt"), &raw).unwrap();
    let out = common::transcrub(&["clean", "raw.vtt", "-o", "raw.out.vtt"], dir.path());
    assert!(out.status.success());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("raw.out.vtt")).unwrap(),
        raw
    );
}
