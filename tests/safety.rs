//! Nothing a user wrote is lost: an error in any input leaves every file
//! as it was, and every change is listed in the report.

use std::path::Path;
use std::process::Command;

fn transcrub(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_transcrub"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("binary runs")
}

const DICT: &str = "[[term]]\ncanonical = \"Elasticsearch\"\nvariants = [\"la stick search\"]\n";

#[test]
fn a_bad_second_input_leaves_the_first_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let good = "1\n00:00:01,000 --> 00:00:02,000\nla stick search\n";
    let bad = "1\n00:00:01,000 --> 00:o1:02,000\nla stick search\n";
    std::fs::write(dir.path().join("d.toml"), DICT).unwrap();
    std::fs::write(dir.path().join("a.srt"), good).unwrap();
    std::fs::write(dir.path().join("b.srt"), bad).unwrap();
    let out = transcrub(
        dir.path(),
        &["clean", "--in-place", "-d", "d.toml", "a.srt", "b.srt"],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: b.srt:2:21: "), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.srt")).unwrap(),
        good
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("b.srt")).unwrap(),
        bad
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        3,
        "a temporary file was left behind"
    );
}

#[test]
fn a_bad_dictionary_touches_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.toml"), "[[term]]\ncanonical = \n").unwrap();
    std::fs::write(dir.path().join("a.txt"), "la stick search\n").unwrap();
    let out = transcrub(
        dir.path(),
        &["clean", "--in-place", "-d", "d.toml", "a.txt"],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("error: d.toml:2:13: "), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        "la stick search\n"
    );
}

#[test]
fn the_report_lists_a_change_across_two_cues() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.toml"), DICT).unwrap();
    std::fs::write(
        dir.path().join("a.srt"),
        "1\n00:00:01,000 --> 00:00:02,000\nOn stocke dans la stick\n\n2\n00:00:02,000 --> 00:00:03,000\nsearch, voilà.\n",
    )
    .unwrap();
    let out = transcrub(
        dir.path(),
        &[
            "clean", "-q", "-d", "d.toml", "a.srt", "-o", "b.srt", "--report", "r.jsonl",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = std::fs::read_to_string(dir.path().join("r.jsonl")).unwrap();
    let change: serde_json::Value = serde_json::from_str(report.lines().next().unwrap()).unwrap();
    assert_eq!(change["rule"], "dictionary");
    assert_eq!(
        (change["line"].as_u64(), change["column"].as_u64()),
        (Some(3), Some(16))
    );
    assert_eq!(change["before"], "la stick\nsearch");
    assert_eq!(change["after"], "Elasticsearch");
    let written = std::fs::read_to_string(dir.path().join("b.srt")).unwrap();
    assert!(
        written.contains("On stocke dans Elasticsearch,\n\n2\n"),
        "{written}"
    );
    assert!(written.contains("00:00:03,000\nvoilà.\n"), "{written}");
}
