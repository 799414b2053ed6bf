//! `clean` and `subtitles` a window at a time (issue 15): a long
//! plain-text, SRT or TSV file is read, cleaned (and segmented) and written
//! in windows, and what comes out (the text or subtitles, the report, the
//! summary) is what the whole file gives, byte for byte.
//! `TRANSCRUB_WINDOW_BYTES` makes windows small enough that every fixture
//! is cut many times; without it, files under 256 KB are cleaned whole.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{fixture, root, srt_time};

/// Runs clean in `dir` with windows of `window` bytes (None: the default).
fn clean(dir: &Path, args: &[&str], window: Option<usize>) -> Output {
    run("clean", dir, args, window)
}

/// Runs subtitles in `dir` with windows of `window` bytes.
fn subtitles(dir: &Path, args: &[&str], window: Option<usize>) -> Output {
    run("subtitles", dir, args, window)
}

fn run(subcommand: &str, dir: &Path, args: &[&str], window: Option<usize>) -> Output {
    command(subcommand, dir, args, window).output().unwrap()
}

/// The command `run` runs, for a test that gives it its own stdout.
fn command(subcommand: &str, dir: &Path, args: &[&str], window: Option<usize>) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_transcrub"));
    command
        .arg(subcommand)
        .args(args)
        .current_dir(dir)
        .env_remove("CI")
        .env("TRANSCRUB_CACHE_DIR", "");
    match window {
        Some(bytes) => command.env("TRANSCRUB_WINDOW_BYTES", bytes.to_string()),
        None => command.env_remove("TRANSCRUB_WINDOW_BYTES"),
    };
    command
}

/// Runs clean in `dir` on the file `input` given as standard input, which
/// is read whole.
fn clean_stdin(dir: &Path, input: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_transcrub"))
        .arg("clean")
        .arg("-")
        .args(args)
        .current_dir(dir)
        .env("TRANSCRUB_CACHE_DIR", "")
        .stdin(std::fs::File::open(input).unwrap())
        .output()
        .unwrap()
}

fn txt_fixtures(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            txt_fixtures(&path, found);
        } else if path.extension().is_some_and(|e| e == "txt") {
            found.push(path);
        }
    }
}

fn podcast_dictionary() -> String {
    root("dictionaries/messages-a-caractere-informatique.toml")
        .display()
        .to_string()
}

/// The seed episode three times, with what crosses lines planted between
/// the copies: a credit and its chrome line, a loop over lines, blank
/// lines, a name split over two lines, a suspect phrase alone.
fn long_transcript() -> String {
    let mut seed = std::fs::read_to_string(fixture("mci-2025-02-07.txt")).unwrap();
    if !seed.ends_with('\n') {
        seed.push('\n');
    }
    let planted = [
        "Sous-titres réalisés par la communauté d'Amara.org\nSignaler une erreur\n",
        "On en reparle.\nOn en reparle.\nOn en reparle.\nOn en reparle.\n",
        "\n\n\n",
        "on a mis la stick\nsearch en production\n",
        "Merci.\n",
    ];
    let mut text = String::new();
    for (i, piece) in planted.iter().enumerate() {
        text.push_str(&seed);
        text.push_str(piece);
        if i == 2 {
            text.push_str("c'est vrai c'est vrai c'est vrai\nNon ! Non ! Non !\n");
        }
    }
    text
}

#[test]
fn every_plain_text_fixture_cleans_in_windows_as_it_cleans_whole() {
    let mut files = Vec::new();
    txt_fixtures(&root("fixtures"), &mut files);
    files.sort();
    assert!(files.len() > 20, "{files:?}");
    let dict = podcast_dictionary();
    let dir = tempfile::tempdir().unwrap();
    for (file, fuzzy) in files.iter().flat_map(|f| [(f, false), (f, true)]) {
        let name = file.display().to_string();
        let run = |report: &str, window: Option<usize>| {
            let report = dir.path().join(report);
            let mut args = vec![
                name.as_str(),
                "-d",
                &dict,
                "--from",
                "txt",
                "--report",
                report.to_str().unwrap(),
            ];
            if fuzzy {
                args.push("--fuzzy");
            }
            (clean(dir.path(), &args, window), report)
        };
        let (whole, report_whole) = run("whole.jsonl", None);
        let (windows, report_windows) = run("windows.jsonl", Some(256));
        assert_eq!(whole.status.code(), windows.status.code(), "{name}");
        assert_eq!(
            String::from_utf8_lossy(&whole.stdout),
            String::from_utf8_lossy(&windows.stdout),
            "{name}"
        );
        assert_eq!(
            String::from_utf8_lossy(&whole.stderr),
            String::from_utf8_lossy(&windows.stderr),
            "{name}"
        );
        assert_eq!(
            std::fs::read_to_string(&report_whole).unwrap_or_default(),
            std::fs::read_to_string(&report_windows).unwrap_or_default(),
            "{name}"
        );
    }
}

#[test]
fn a_long_transcript_written_to_a_file_is_the_same_in_windows() {
    let dir = tempfile::tempdir().unwrap();
    let text = long_transcript();
    std::fs::write(dir.path().join("long.txt"), &text).unwrap();
    let dict = podcast_dictionary();
    let whole = clean(
        dir.path(),
        &[
            "long.txt",
            "-d",
            &dict,
            "-o",
            "whole.txt",
            "--report",
            "whole.jsonl",
        ],
        None,
    );
    assert!(whole.status.success());
    for window in [100, 4096, 50_000] {
        let out = clean(
            dir.path(),
            &[
                "long.txt",
                "-d",
                &dict,
                "-o",
                "windows.txt",
                "--report",
                "windows.jsonl",
            ],
            Some(window),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let read = |f: &str| std::fs::read_to_string(dir.path().join(f)).unwrap();
        assert_eq!(read("windows.txt"), read("whole.txt"), "window {window}");
        assert_eq!(
            read("windows.jsonl"),
            read("whole.jsonl"),
            "window {window}"
        );
        assert_eq!(out.stderr, whole.stderr);
        // What was planted was found: the credit and its chrome line, the
        // name split over two lines; what people say was kept.
        let cleaned = read("windows.txt");
        assert!(!cleaned.contains("Amara.org"));
        assert!(!cleaned.contains("Signaler une erreur"));
        assert!(
            cleaned.contains("on a mis Elasticsearch\nen production\n"),
            "{}",
            &cleaned[cleaned.len() - 300..]
        );
        assert!(cleaned.contains("c'est vrai c'est vrai c'est vrai\nNon ! Non ! Non !\n"));
        assert!(read("windows.jsonl").contains("\"loop_suggestion\""));
    }
    // To stdout, written as the windows are cleaned.
    let out = clean(
        dir.path(),
        &["long.txt", "-d", &dict, "--report", "stdout.jsonl"],
        Some(4096),
    );
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        std::fs::read_to_string(dir.path().join("whole.txt")).unwrap()
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("stdout.jsonl")).unwrap(),
        std::fs::read_to_string(dir.path().join("whole.jsonl")).unwrap()
    );
    // A report over the input is refused before anything is printed.
    let out = clean(
        dir.path(),
        &["long.txt", "-d", &dict, "--report", "long.txt"],
        Some(4096),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("long.txt")).unwrap(),
        text
    );
    // So is a report to stdout, which the output is printed to: as the
    // whole file's run refuses it, with the same message.
    for (subcommand, what) in [
        ("clean", "the output of long.txt"),
        ("subtitles", "the subtitles"),
    ] {
        let whole = run(subcommand, dir.path(), &["long.txt", "--report", "-"], None);
        let windows = run(
            subcommand,
            dir.path(),
            &["long.txt", "--report", "-"],
            Some(4096),
        );
        let message = format!("error: {what} and the report would both be written to stdout\n");
        for out in [whole, windows] {
            assert_eq!(out.status.code(), Some(2), "{subcommand}");
            assert!(out.stdout.is_empty(), "{subcommand}");
            assert_eq!(String::from_utf8_lossy(&out.stderr), message);
        }
    }
    // And so is a report whose folder does not exist, though stdout is
    // printed as the windows are cleaned.
    for window in [None, Some(4096)] {
        let out = clean(
            dir.path(),
            &["long.txt", "--report", "nowhere/r.jsonl"],
            window,
        );
        assert_eq!(out.status.code(), Some(2));
        assert!(out.stdout.is_empty(), "{window:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "error: nowhere: the folder does not exist\n"
        );
    }
    // Stdout that takes nothing is a failure to print, not the input's.
    let full = std::fs::File::options()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = command("clean", dir.path(), &["long.txt"], Some(4096))
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: cannot print: no space left on device\n"
    );
    // --out-dir too, and no temporary file is left behind.
    let out = clean(
        dir.path(),
        &["long.txt", "-d", &dict, "--out-dir", "out"],
        Some(4096),
    );
    assert!(out.status.success());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out/long.txt")).unwrap(),
        std::fs::read_to_string(dir.path().join("whole.txt")).unwrap()
    );
    let names: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["long.txt"]);
}

/// Stdout appended to the input itself (`>> long.txt`): printed as it
/// was read, the output was read back as more input, over and over
/// (this 180 KB file grew to 3.6 GB). It is read whole first, as the
/// usual run reads it: the file ends up as itself followed by its
/// output.
#[test]
fn an_input_appended_to_through_stdout_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let text = long_transcript();
    let path = dir.path().join("long.txt");
    for subcommand in ["clean", "subtitles"] {
        std::fs::write(&path, &text).unwrap();
        let expected = run(subcommand, dir.path(), &["long.txt"], None).stdout;
        assert!(expected.len() > 100_000, "{subcommand}");
        let append = std::fs::File::options().append(true).open(&path).unwrap();
        let out = command(subcommand, dir.path(), &["long.txt"], Some(4096))
            .stdout(append)
            .output()
            .unwrap();
        assert!(out.status.success(), "{subcommand}");
        let after = std::fs::read(&path).unwrap();
        assert!(
            after.len() == text.len() + expected.len(),
            "{subcommand}: {} bytes",
            after.len()
        );
        assert!(after.starts_with(text.as_bytes()) && after.ends_with(&expected));
    }
}

#[test]
fn a_byte_that_is_not_utf8_late_in_the_file_gives_what_the_whole_file_gives() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = long_transcript().into_bytes();
    // Past the first window: the run has started writing when it meets it.
    let at = bytes.len() - 1000;
    let at = at + bytes[at..].iter().position(|&b| b == b' ').unwrap();
    bytes[at] = 0xE9; // Latin-1 é in a UTF-8 file
    std::fs::write(dir.path().join("long.txt"), &bytes).unwrap();
    let whole = clean(dir.path(), &["long.txt", "-o", "whole.txt"], None);
    let windows = clean(dir.path(), &["long.txt", "-o", "windows.txt"], Some(4096));
    assert!(windows.status.success());
    assert_eq!(whole.stderr, windows.stderr);
    assert!(
        String::from_utf8_lossy(&windows.stderr).contains("UTF-8"),
        "{}",
        String::from_utf8_lossy(&windows.stderr)
    );
    assert_eq!(
        std::fs::read(dir.path().join("windows.txt")).unwrap(),
        std::fs::read(dir.path().join("whole.txt")).unwrap()
    );
    // An output refused is said alone, whole or in windows (which
    // refuse it before reading): the reader's warning comes only with a
    // run that writes.
    for refused in [
        &["long.txt", "-o", "nodir/out.txt"][..],
        &["long.txt", "-o", "long.txt"],
        &["long.txt", "--report", "-"],
        &["long.txt", "--report", "nodir/r.jsonl"],
    ] {
        let whole = clean(dir.path(), refused, Some(1 << 30));
        let windows = clean(dir.path(), refused, Some(4096));
        let said = String::from_utf8_lossy(&whole.stderr);
        assert_eq!(whole.status.code(), Some(2), "{refused:?}");
        assert!(
            said.starts_with("error: ") && said.lines().count() == 1,
            "{said}"
        );
        assert_eq!(
            said,
            String::from_utf8_lossy(&windows.stderr),
            "{refused:?}"
        );
        assert_eq!(windows.status.code(), Some(2), "{refused:?}");
    }
}

fn timed_fixtures(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            timed_fixtures(&path, found);
        } else if path.extension().is_some_and(|e| e == "srt" || e == "tsv") {
            found.push(path);
        }
    }
}

#[test]
fn every_srt_and_tsv_fixture_cleans_in_windows_as_it_cleans_whole() {
    let mut files = Vec::new();
    timed_fixtures(&root("fixtures"), &mut files);
    files.sort();
    assert!(files.len() > 40, "{files:?}");
    let dict = podcast_dictionary();
    let extras = [
        &["-d", dict.as_str()][..],
        &["--aggressive-loops"][..],
        &["-d", dict.as_str(), "--fuzzy"][..],
    ];
    same_in_windows("clean", &files, &extras);
}

/// Fuzzy matching finds a name heard over a line break ("Yann" /
/// "Lequin"): windows are cut only after a line that ends a sentence, so
/// a transcript with such names everywhere cleans in windows of 300
/// bytes (where a cut is looked for before almost every line) as it
/// cleans whole. Needs hunspell-fr (scripts/test installs it).
#[test]
fn names_heard_over_a_line_break_are_found_in_windows_as_whole() {
    let dir = tempfile::tempdir().unwrap();
    let names = "language = \"fr\"\n\n[[term]]\ncanonical = \"Yann LeCun\"\n\n\
        [[term]]\ncanonical = \"Elasticsearch\"\n";
    std::fs::write(dir.path().join("names.toml"), names).unwrap();
    let block = [
        "On a reçu des nouvelles de la conférence hier soir.",
        "D'après Yann",
        "Lequin les modèles vont encore grandir.",
        "Tout le monde en parle depuis des semaines.",
        "Chez nous on stocke les journaux dans la stick",
        "search depuis des années, et ça tient.",
    ];
    // Blocks of different lengths, so that the window ends fall at every
    // kind of line.
    let mut text = String::new();
    for i in 0..60 {
        for line in &block {
            text.push_str(line);
            text.push('\n');
        }
        text.push_str(&format!("Voilà pour la partie numéro {i}.\n").repeat(i % 3));
    }
    std::fs::write(dir.path().join("names.txt"), &text).unwrap();
    let dict = dir.path().join("names.toml").display().to_string();
    let args = ["names.txt", "-d", &dict, "--fuzzy"];
    // Read whole, every name over a line break is found and corrected.
    let whole = run("clean", dir.path(), &args, None);
    let out = String::from_utf8_lossy(&whole.stdout);
    assert_eq!(out.matches("LeCun").count(), 60, "{out}");
    assert_eq!(out.matches("Elasticsearch").count(), 60, "{out}");
    let files = [dir.path().join("names.txt")];
    for subcommand in ["clean", "subtitles"] {
        same_in_windows(subcommand, &files, &[&args[1..]]);
    }
}

/// Runs `subcommand` on each file with each set of extra arguments, read
/// whole and in windows of 300 bytes, and requires the same output,
/// messages, exit code and report.
fn same_in_windows(subcommand: &str, files: &[PathBuf], extras: &[&[&str]]) {
    let dir = tempfile::tempdir().unwrap();
    for file in files {
        let name = file.display().to_string();
        for extra in extras {
            let run_it = |report: &str, window: Option<usize>| {
                let report = dir.path().join(report);
                let mut args = vec![name.as_str(), "--report", report.to_str().unwrap()];
                args.extend(*extra);
                let out = run(subcommand, dir.path(), &args, window);
                let report = std::fs::read_to_string(&report).unwrap_or_default();
                (out, report)
            };
            let (whole, report_whole) = run_it("whole.jsonl", None);
            let (windows, report_windows) = run_it("windows.jsonl", Some(300));
            assert_eq!(whole.status.code(), windows.status.code(), "{name}");
            assert_eq!(
                String::from_utf8_lossy(&whole.stdout),
                String::from_utf8_lossy(&windows.stdout),
                "{name} {extra:?}"
            );
            assert_eq!(
                String::from_utf8_lossy(&whole.stderr),
                String::from_utf8_lossy(&windows.stderr),
                "{name}"
            );
            assert_eq!(report_whole, report_windows, "{name}");
        }
    }
}

/// `subtitles` streams plain text, SRT and TSV a window at a time: every
/// such fixture gives, in windows of 300 bytes, the subtitles, report and
/// messages it gives read whole, in each output format.
#[test]
fn every_plain_srt_and_tsv_fixture_segments_in_windows_as_it_segments_whole() {
    let mut files = Vec::new();
    timed_fixtures(&root("fixtures"), &mut files);
    txt_fixtures(&root("fixtures"), &mut files);
    files.sort();
    assert!(files.len() > 60, "{files:?}");
    let dict = podcast_dictionary();
    let extras = [
        &["-d", dict.as_str(), "--stats"][..],
        &["--format", "vtt", "--max-lines", "3"][..],
        &["--format", "ass", "--speakers", "brackets"][..],
        &["-d", dict.as_str(), "--fuzzy"][..],
    ];
    same_in_windows("subtitles", &files, &extras);
}

/// A long SRT's subtitles written to a file, a FIFO and a device in
/// windows: the file holds what the whole reading writes, nothing is
/// left beside it, and the FIFO and the device stay what they are;
/// `--strict` over the limits writes nothing.
#[test]
fn long_subtitles_are_written_in_windows_to_files_fifos_and_devices() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("long.srt"), long_srt()).unwrap();
    let dict = podcast_dictionary();
    let whole = subtitles(d, &["long.srt", "-d", &dict, "-o", "whole.vtt"], None);
    assert!(whole.status.success());
    let expected = std::fs::read_to_string(d.join("whole.vtt")).unwrap();
    assert!(expected.matches(" --> ").count() > 500);
    std::fs::create_dir(d.join("out")).unwrap();
    let out = subtitles(
        d,
        &["long.srt", "-d", &dict, "-o", "out/windows.vtt"],
        Some(2_000),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stderr, whole.stderr);
    assert_eq!(
        std::fs::read_to_string(d.join("out/windows.vtt")).unwrap(),
        expected
    );
    let names: Vec<_> = std::fs::read_dir(d.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["windows.vtt"]);

    let fifo = d.join("pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let fifo_arg = fifo.to_str().unwrap();
    let out = subtitles(
        d,
        &["long.srt", "-d", &dict, "--format", "vtt", "-o", fifo_arg],
        Some(2_000),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(reader.join().unwrap(), expected);
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());

    writes_through_a_device("subtitles", d, &["long.srt"]);

    // One character a second is over every cue's reading speed.
    std::fs::write(d.join("kept.srt"), "kept\n").unwrap();
    let out = subtitles(
        d,
        &["long.srt", "--strict", "--max-cps", "1", "-o", "kept.srt"],
        Some(2_000),
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(d.join("kept.srt")).unwrap(),
        "kept\n"
    );
    let names: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
}

/// The seed episode as SRT, a cue per line, with what only the whole file
/// shows planted far apart: "Merci." alone between long silences three
/// times (removed only because it is there three times), and a credit.
fn long_srt() -> String {
    let seed = std::fs::read_to_string(fixture("mci-2025-02-07.txt")).unwrap();
    let lines: Vec<&str> = seed.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut srt = String::new();
    let mut at = 0u64;
    let mut number = 0;
    let mut cue = |srt: &mut String, text: &str, start: u64, end: u64| {
        number += 1;
        srt.push_str(&format!(
            "{number}\n{} --> {}\n{text}\n\n",
            srt_time(start),
            srt_time(end)
        ));
    };
    for copy in 0..3 {
        for (k, line) in lines.iter().enumerate() {
            cue(&mut srt, line, at + 300, at + 2_100);
            at += 2_100;
            if copy == 1 && k == 10 {
                let credit = "Sous-titres réalisés par la communauté d'Amara.org";
                cue(&mut srt, credit, at + 300, at + 3_000);
                at += 3_000;
            }
        }
        cue(&mut srt, "Merci.", at + 30_000, at + 31_000);
        at += 61_000;
    }
    srt
}

#[test]
fn a_long_srt_and_tsv_clean_in_windows_with_what_only_the_whole_file_shows() {
    let dir = tempfile::tempdir().unwrap();
    let srt = long_srt();
    std::fs::write(dir.path().join("long.srt"), &srt).unwrap();
    // The same cues as Whisper TSV, written by transcrub itself.
    let tsv = clean(
        dir.path(),
        &["long.srt", "--keep-artifacts", "--to", "tsv"],
        None,
    );
    assert!(tsv.status.success());
    std::fs::write(dir.path().join("long.tsv"), &tsv.stdout).unwrap();
    let dict = podcast_dictionary();
    for (input, ext) in [("long.srt", "srt"), ("long.tsv", "tsv")] {
        let whole_out = format!("whole.{ext}");
        let whole = clean(
            dir.path(),
            &[
                input,
                "-d",
                &dict,
                "-o",
                &whole_out,
                "--report",
                "whole.jsonl",
            ],
            None,
        );
        assert!(whole.status.success());
        let read = |f: &str| std::fs::read_to_string(dir.path().join(f)).unwrap();
        let report = read("whole.jsonl");
        assert_eq!(
            report.matches("each alone after 10 s of silence").count(),
            3,
            "{report}"
        );
        assert!(report.contains("Amara.org"));
        for window in [2_000, 30_000] {
            let out_name = format!("windows.{ext}");
            let out = clean(
                dir.path(),
                &[
                    input,
                    "-d",
                    &dict,
                    "-o",
                    &out_name,
                    "--report",
                    "windows.jsonl",
                ],
                Some(window),
            );
            assert!(out.status.success());
            assert_eq!(out.stderr, whole.stderr, "{input}, window {window}");
            assert_eq!(
                read(&out_name),
                read(&whole_out),
                "{input}, window {window}"
            );
            assert_eq!(read("windows.jsonl"), report, "{input}, window {window}");
        }
        // To stdout, written as the windows are cleaned.
        let out = clean(dir.path(), &[input, "-d", &dict], Some(2_000));
        assert!(out.status.success());
        assert_eq!(String::from_utf8(out.stdout).unwrap(), read(&whole_out));
    }
    // With UTF-8's byte-order mark and CRLF line ends, as Subtitle Edit
    // writes on Windows: the mark and the CRLF line ends stay, in windows
    // as in the whole file.
    let marked = format!("\u{feff}{}", srt.replace('\n', "\r\n"));
    std::fs::write(dir.path().join("marked.srt"), &marked).unwrap();
    let whole = clean(dir.path(), &["marked.srt", "-o", "whole.srt"], None);
    assert!(whole.status.success());
    let whole_bytes = std::fs::read(dir.path().join("whole.srt")).unwrap();
    assert!(whole_bytes.starts_with("\u{feff}1\r\n".as_bytes()));
    let whole_text = String::from_utf8(whole_bytes.clone()).unwrap();
    assert_eq!(
        whole_text.matches('\n').count(),
        whole_text.matches("\r\n").count(),
        "every line ends with CR LF"
    );
    let windows = clean(
        dir.path(),
        &["marked.srt", "-o", "windows.srt"],
        Some(2_000),
    );
    assert_eq!(windows.stderr, whole.stderr);
    assert_eq!(
        std::fs::read(dir.path().join("windows.srt")).unwrap(),
        whole_bytes
    );
    let windows = clean(dir.path(), &["marked.srt"], Some(2_000));
    assert_eq!(windows.stdout, whole_bytes);
    // A block the reader repairs, late in the file (a blank line too
    // many): the file is read whole, and the repair is reported as it is
    // then.
    let late = srt.len() - 2_000;
    let at = late + srt[late..].find("\n\n").unwrap() + 1;
    let mut repaired = srt.clone();
    repaired.insert(at, '\n');
    std::fs::write(dir.path().join("repaired.srt"), &repaired).unwrap();
    let whole = clean(dir.path(), &["repaired.srt"], None);
    let windows = clean(dir.path(), &["repaired.srt"], Some(2_000));
    assert!(windows.status.success());
    assert!(
        String::from_utf8_lossy(&windows.stderr).contains("unexpected blank line"),
        "{}",
        String::from_utf8_lossy(&windows.stderr)
    );
    assert_eq!(windows.stderr, whole.stderr);
    assert_eq!(windows.stdout, whole.stdout);
}

/// Windows written to a FIFO and to a character device (made for the test
/// as root: the system's /dev/null would be lost to a failing test) go
/// through them, in order, and leave them what they are.
#[test]
fn windows_are_written_through_a_fifo_and_a_device() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("long.srt"), long_srt()).unwrap();
    let dict = podcast_dictionary();
    let whole = clean(d, &["long.srt", "-d", &dict, "-o", "whole.srt"], None);
    assert!(whole.status.success());
    let fifo = d.join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let out = clean(
        d,
        &["long.srt", "-d", &dict, "-o", fifo.to_str().unwrap()],
        Some(2_000),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let through_fifo = reader.join().unwrap();
    assert_eq!(
        through_fifo,
        std::fs::read_to_string(d.join("whole.srt")).unwrap()
    );
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    writes_through_a_device("clean", d, &["long.srt", "-d", &dict]);
}

/// Runs `subcommand` in windows with a character device as `-o`: it
/// succeeds, and the device is still one.
fn writes_through_a_device(subcommand: &str, d: &Path, args: &[&str]) {
    use std::os::unix::fs::FileTypeExt;
    let as_root = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    let device = common::char_device(d, as_root);
    let mut args = args.to_vec();
    args.extend(["-o", device.to_str().unwrap()]);
    let out = run(subcommand, d, &args, Some(2_000));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::metadata(&device)
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

/// The seed episode as one line (its blank lines left out), six times:
/// what several tools write, a line many windows long.
#[test]
fn a_transcript_on_one_line_cleans_in_windows_as_it_cleans_whole() {
    let seed = std::fs::read_to_string(fixture("mci-2025-02-07.txt")).unwrap();
    let line = seed
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let text = format!("{}\n", vec![line; 6].join(" "));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one-line.txt");
    std::fs::write(&path, &text).unwrap();
    // Its names without its `drop_lines`, which keep a long line whole.
    let podcast = std::fs::read_to_string(podcast_dictionary()).unwrap();
    let start = podcast.find("drop_lines = [").unwrap();
    let end = start + podcast[start..].find("\n]").unwrap() + 2;
    let names = format!("{}{}", &podcast[..start], &podcast[end..]);
    std::fs::write(dir.path().join("names.toml"), names).unwrap();
    let dict = dir.path().join("names.toml").display().to_string();
    for (with_report, fuzzy) in [(false, false), (true, false), (false, true), (true, true)] {
        let mut args = vec!["-d", dict.as_str()];
        if with_report {
            args.extend(["--report", "windows.jsonl"]);
        }
        // Fuzzy matching: pieces are cut only where a sentence ends.
        if fuzzy {
            args.push("--fuzzy");
        }
        let windows = clean(
            dir.path(),
            &[&["one-line.txt"], &args[..]].concat(),
            Some(4096),
        );
        let args_whole: Vec<String> = args
            .iter()
            .map(|a| a.replace("windows.jsonl", "whole.jsonl"))
            .collect();
        let args_whole: Vec<&str> = args_whole.iter().map(String::as_str).collect();
        let whole = clean_stdin(dir.path(), &path, &args_whole);
        assert_eq!(whole.status.code(), Some(0));
        assert_eq!(windows.status.code(), Some(0));
        assert!(
            whole.stdout == windows.stdout,
            "report {with_report}, fuzzy {fuzzy}"
        );
        assert_ne!(whole.stdout, text.as_bytes(), "the dictionary corrects it");
        let summary = |o: &Output| {
            let err = String::from_utf8_lossy(&o.stderr).to_string();
            err.split_once(": ").map(|(_, s)| s.to_string())
        };
        assert_eq!(summary(&whole), summary(&windows));
        if with_report {
            let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
            let whole_report = read("whole.jsonl").replace("\"<stdin>\"", "\"one-line.txt\"");
            assert!(whole_report == read("windows.jsonl"));
        }
    }
}

/// One long line where a name heard as three words ("la stick search")
/// comes every five words: a long line is cut into pieces only after a
/// word that ends a sentence when fuzzy matching runs, or the pieces
/// would split names it finds whole. Needs hunspell-fr.
#[test]
fn a_long_line_is_cut_for_fuzzy_matching_only_where_a_sentence_ends() {
    let fillers = [
        "nous",
        "avons",
        "parlé",
        "hier",
        "avec",
        "les",
        "équipes",
        "du",
        "projet",
        "qui",
        "utilise",
        "toujours",
        "pour",
        "ranger",
        "journaux",
        "serveurs",
        "depuis",
        "longtemps",
        "mais",
        "rien",
        "change",
        "vraiment",
        "dans",
        "notre",
        "façon",
        "travailler",
    ];
    let mut words: Vec<&str> = Vec::new();
    // A fixed sequence of fillers (a linear congruential one), so that no
    // run of words comes back as a loop.
    let mut state: u64 = 7;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        fillers[(state >> 33) as usize % fillers.len()]
    };
    for sentence in 0..6000 {
        for _ in 0..4 {
            words.extend([next(), next(), "la", "stick", "search"]);
        }
        words.push(if sentence % 2 == 0 { "enfin." } else { "bref," });
    }
    let text = format!("{}\n", words.join(" "));
    assert!(text.len() > 700_000);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("line.txt"), &text).unwrap();
    let names = "language = \"fr\"\n\n[[term]]\ncanonical = \"Elasticsearch\"\n";
    std::fs::write(dir.path().join("names.toml"), names).unwrap();
    let args = ["-d", "names.toml", "--fuzzy"];
    let windows = clean(dir.path(), &[&["line.txt"][..], &args].concat(), Some(4096));
    let whole = clean_stdin(dir.path(), &dir.path().join("line.txt"), &args);
    assert_eq!(whole.status.code(), Some(0));
    let out = String::from_utf8_lossy(&whole.stdout);
    assert_eq!(out.matches("Elasticsearch").count(), 24_000);
    assert!(whole.stdout == windows.stdout);
}

/// A credit at the very end of a long line, after "«" and a no-break
/// space: removing it leaves a space to fix at the line's end, in its last
/// piece, which cleaning the line whole reports as a second fix of the
/// line. Counted as such on stdout; with a report to a file, the file is
/// read whole again.
#[test]
fn a_fix_left_by_a_removal_at_the_end_of_a_cut_line_is_as_whole() {
    let filler: Vec<String> = (0..7_000)
        .map(|n| format!("La phrase {n} parle des index et du cluster."))
        .collect();
    let line = format!(
        "{} «\u{a0}Sous-titres réalisés par la communauté d'Amara.org",
        filler.join(" ")
    );
    let text = format!("On commence.\n{line}\nOn continue demain.\n");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("long.txt"), &text).unwrap();
    let whole = |args: &[&str]| clean_stdin(dir.path(), &dir.path().join("long.txt"), args);
    let summary = |o: &Output| {
        let err = String::from_utf8_lossy(&o.stderr).to_string();
        err.split_once(": ").map(|(_, s)| s.to_string())
    };
    let streamed = clean(dir.path(), &["long.txt"], Some(4093));
    let read_whole = whole(&[]);
    assert_eq!(streamed.status.code(), Some(0));
    assert!(streamed.stdout == read_whole.stdout);
    assert_eq!(summary(&streamed), summary(&read_whole));
    assert!(
        summary(&streamed)
            .unwrap()
            .contains("1 artifact removed, 0 lines dropped, 1 whitespace fix")
    );
    let args = ["long.txt", "-o", "out.txt", "--report", "windows.jsonl"];
    let to_file = clean(dir.path(), &args, Some(4093));
    let read_whole = whole(&["--report", "whole.jsonl"]);
    assert_eq!(to_file.status.code(), Some(0));
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    assert!(read("out.txt").as_bytes() == read_whole.stdout);
    let whole_report = read("whole.jsonl").replace("\"<stdin>\"", "\"long.txt\"");
    assert!(whole_report == read("windows.jsonl"));
}

/// `long.txt` in `dir` holding `text`, and a FIFO named for `subcommand`
/// for its output.
fn input_and_fifo(dir: &Path, text: &str, subcommand: &str) -> (PathBuf, PathBuf) {
    let input = dir.join("long.txt");
    std::fs::write(&input, text).unwrap();
    let fifo = dir.join(format!("{subcommand}.fifo"));
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    (input, fifo)
}

/// A FIFO is written as the output is made, not held to the end (memory
/// would then grow with the file): it is opened while the file is still
/// being read. So a file changed then (a byte that is not UTF-8
/// appended once the reader has the FIFO open) fails the run, which
/// says the FIFO got an incomplete output. Held to the end, the output
/// would have been written after the last read, and the run would have
/// succeeded.
#[test]
fn a_fifo_is_written_as_the_output_is_made() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // 3.6 MB: the reading (1 MB blocks) goes on well after the first
    // output, and after the megabyte of subtitles held before any.
    let text = std::fs::read_to_string(fixture("mci-2025-02-07.txt"))
        .unwrap()
        .repeat(60);
    for subcommand in ["clean", "subtitles"] {
        let (input, fifo) = input_and_fifo(d, &text, subcommand);
        let whole = run(subcommand, d, &["long.txt"], None).stdout.len();
        let reader = {
            let (fifo, input) = (fifo.clone(), input.clone());
            std::thread::spawn(move || {
                // Opened once transcrub opens it to write.
                let mut through = std::fs::File::open(fifo).unwrap();
                let mut spoil = std::fs::File::options().append(true).open(input).unwrap();
                spoil.write_all(b"\xFF\n").unwrap();
                let mut read = Vec::new();
                through.read_to_end(&mut read).unwrap();
                read.len()
            })
        };
        let out = run(
            subcommand,
            d,
            &["long.txt", "-o", fifo.to_str().unwrap()],
            None,
        );
        let read = reader.join().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{subcommand}: {stderr}");
        let incomplete = format!("what was written to {} is incomplete", fifo.display());
        assert!(stderr.contains(&incomplete), "{subcommand}: {stderr}");
        assert!(
            read > 0 && read < whole,
            "{subcommand}: {read} of {whole} bytes"
        );
    }
}

/// A FIFO whose reader leaves fails the run at once, saying why: the
/// reading stops within a block of the failed write, rather than cleaning
/// the rest of the file for an output that can no longer be written. The
/// reader appends a byte that is not UTF-8 once it has left. `subtitles`
/// used to read on, reach it, hand the file back to the whole reading and
/// fail with "could not be segmented a window at a time after all", the
/// wrong reason; `clean` said the right one, after cleaning the whole file
/// (1.35 s on 100 MB against 0.10 s now, BENCHMARKS.md).
#[test]
fn a_fifo_whose_reader_left_stops_the_reading() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // 7.2 MB: several blocks past the first output, even for subtitles,
    // which hold their first megabyte.
    let text = std::fs::read_to_string(fixture("mci-2025-02-07.txt"))
        .unwrap()
        .repeat(120);
    for subcommand in ["clean", "subtitles"] {
        let (input, fifo) = input_and_fifo(d, &text, subcommand);
        let reader = {
            let (fifo, input) = (fifo.clone(), input.clone());
            std::thread::spawn(move || {
                let mut through = std::fs::File::open(fifo).unwrap();
                let mut first = [0u8; 100];
                through.read_exact(&mut first).unwrap();
                drop(through);
                let mut spoil = std::fs::File::options().append(true).open(input).unwrap();
                spoil.write_all(b"\xFF\n").unwrap();
            })
        };
        let out = run(
            subcommand,
            d,
            &["long.txt", "-o", fifo.to_str().unwrap()],
            Some(64 * 1024),
        );
        reader.join().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!("error: {}: broken pipe\n", fifo.display()),
            "{subcommand}"
        );
    }
}

/// A quiet run in windows leaves out the counts it would not print, not
/// those that `--stats` and `--strict` read: its stats are those of the
/// file read whole, and `--strict` still refuses cues over the reading
/// speed.
#[test]
fn a_quiet_run_in_windows_still_counts_what_stats_and_strict_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let input = fixture("subtitles/whisper-fast-speech.srt");
    let dict = root("fixtures/subtitles/whisper-fast-speech.toml");
    let (input, dict) = (input.to_str().unwrap(), dict.to_str().unwrap());
    let stats = ["--stats", "--quiet", "-o", "out.srt"];
    let args = [&[input, "-d", dict][..], &stats].concat();
    // 6 KB: read whole without a window given.
    let whole = subtitles(d, &args, None);
    let windows = subtitles(d, &args, Some(300));
    let stderr = |out: &Output| String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(whole.status.success(), "{}", stderr(&whole));
    assert!(windows.status.success(), "{}", stderr(&windows));
    assert_eq!(stderr(&windows), stderr(&whole));
    // The fixture is too fast to read: the count is not 0.
    assert!(
        stderr(&windows).contains("cues over the reading speed")
            && !stderr(&windows).contains("cues over the reading speed  0 "),
        "{}",
        stderr(&windows)
    );
    let strict = [input, "-d", dict, "--quiet", "--strict", "-o", "kept.srt"];
    let refused = subtitles(d, &strict, Some(300));
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("characters per second")
            && stderr(&refused).contains("nothing was written"),
        "{}",
        stderr(&refused)
    );
    assert!(!d.join("kept.srt").exists());
}
