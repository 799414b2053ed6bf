//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use transcrub::read::{self, Mode, Reading};
use transcrub::{Format, encoding};

/// A path from the crate's root.
pub fn root(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Runs the binary in `dir`. `CI` is removed so the output is what a
/// terminal-less user sees, whatever machine runs the tests.
pub fn transcrub(args: &[&str], dir: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_transcrub"))
        .args(args)
        .current_dir(dir)
        .env_remove("CI")
        .output()
        .expect("the binary runs")
}

/// An SRT time, `HH:MM:SS,mmm`, for tests that write SRT inputs.
pub fn srt_time(ms: u64) -> String {
    format!(
        "{:02}:{:02}:{:02},{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

pub fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(path)
}

/// Reads a fixture the way the CLI does: decode, format from the extension.
pub fn read_fixture(path: &str, mode: Mode) -> transcrub::Result<Reading> {
    let p = fixture(path);
    let bytes = std::fs::read(&p).expect("fixture exists");
    let decoded = encoding::decode(&bytes);
    // As the CLI chooses: a .txt file of console lines or Otter turns is one.
    let format = Format::of_file(&p, &decoded.text).unwrap_or_else(|| Format::sniff(&decoded.text));
    read::parse(&decoded.text, format, mode)
}

/// A character device for a test to write to: one made in `dir` as root
/// (the system's /dev/null would be lost to a failing test), else
/// /dev/null, which nobody but root can replace.
pub fn char_device(dir: &Path, as_root: bool) -> PathBuf {
    if !as_root {
        return PathBuf::from("/dev/null");
    }
    let null = dir.join("null");
    let made = std::process::Command::new("mknod")
        .args([null.to_str().unwrap(), "c", "1", "3"])
        .status()
        .unwrap();
    assert!(made.success(), "mknod as root");
    null
}

/// `clean` of `input` with the formats' dictionary
/// (fixtures/formats/formats.toml), run in `dir`: the output, the
/// report's (rule, before, after), stderr and the exit code.
pub fn clean_with_report(
    dir: &Path,
    input: &Path,
) -> (String, Vec<(String, String, String)>, String, i32) {
    let out = dir.join("out.json");
    let report = dir.join("report.jsonl");
    let dictionary = fixture("formats/formats.toml");
    let run = transcrub(
        &[
            "clean",
            "-q",
            "-d",
            dictionary.to_str().unwrap(),
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
        ],
        dir,
    );
    let changes = std::fs::read_to_string(&report)
        .unwrap_or_default()
        .lines()
        .map(|line| {
            let v = serde_json::from_str::<serde_json::Value>(line).unwrap();
            let field = |k: &str| v[k].as_str().unwrap().to_string();
            (field("rule"), field("before"), field("after"))
        })
        .collect();
    (
        std::fs::read_to_string(&out).unwrap_or_default(),
        changes,
        String::from_utf8_lossy(&run.stderr).into_owned(),
        run.status.code().unwrap_or(-1),
    )
}

/// A change as `clean_with_report` lists it.
pub fn change(rule: &str, before: &str, after: &str) -> (String, String, String) {
    (rule.into(), before.into(), after.into())
}
