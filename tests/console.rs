//! Console transcripts (what openai-whisper, whisper.cpp and faster-whisper
//! print, saved by users): found by content in .txt files, read as timed
//! cues, written back byte for byte, with errors at their positions.

mod common;

use common::{fixture, transcrub};

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn every_console_fixture_comes_back_byte_for_byte_when_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "whisper-verbose-bye-loop-en.txt",
        "whisper-cpp-spaced-credits-fr.txt",
        "faster-whisper-unchanged-fr.txt",
        "seconds-unchanged-en.txt",
    ] {
        let path = fixture(&format!("console/{name}"));
        let out = transcrub(
            &["clean", path.to_str().unwrap(), "--keep-artifacts", "-q"],
            dir.path(),
        );
        assert!(out.status.success(), "{name}");
        assert_eq!(
            stdout(&out),
            std::fs::read_to_string(&path).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn a_console_loop_of_micro_segments_is_seen_and_the_times_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture("console/whisper-verbose-bye-loop-en.txt");
    let out = transcrub(
        &["clean", path.to_str().unwrap(), "--to", "srt", "-q"],
        dir.path(),
    );
    assert!(out.status.success());
    let srt = stdout(&out);
    assert!(
        srt.starts_with("1\n00:00:00,000 --> 00:00:04,200\nWelcome back to the show"),
        "{srt}"
    );
    assert!(
        srt.ends_with("4\n00:00:13,000 --> 00:00:17,400\nThat's all for today. Bye everyone.\n\n"),
        "{srt}"
    );
    // Read as plain text, the same file would be 18 different lines.
    let report = transcrub(&["clean", path.to_str().unwrap(), "--dry-run"], dir.path());
    let listed = stdout(&report);
    assert_eq!(
        listed.matches(": loop: removed \"Bye.\"").count(),
        12,
        "{listed}"
    );
    assert!(
        listed.contains("whisper-verbose-bye-loop-en.txt:7:28: loop: removed \"Bye.\""),
        "{listed}"
    );
}

#[test]
fn from_console_reads_stdin_and_positions_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("log.txt"),
        "[00:00.000 --> 00:02.000]  Bonjour.\n[00:02.000 --> 00:61.000]  Au revoir.\n[00:05.000 --> 00:06.000]  Fin.\n",
    )
    .unwrap();
    let strict = transcrub(&["clean", "log.txt", "--strict"], dir.path());
    assert_eq!(strict.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&strict.stderr),
        "error: log.txt:2:19: expected minutes and seconds below 60 in the time, found \"00:61.000\"\n"
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_transcrub"))
        .args(["clean", "-", "--from", "console", "--to", "tsv", "-q"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"[0.00s -> 1.50s]  Hello.\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(stdout(&out), "start\tend\ttext\n0\t1500\tHello.\n");
}
