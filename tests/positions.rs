//! Positions are file positions (issue 12, item 6): for every fixture of
//! every tool, each correction `clean --report` and `lint` give points at
//! the line and column (in characters of the file) where the variant is
//! written, escapes and markup included: the file's own text there starts
//! with the variant's first word as the file writes it. One-line JSON is
//! where this used to go wrong (a column inside the segment's text).

mod common;

use std::path::Path;

use serde_json::Value;

/// The fixture formats whose readers are in; every fixture of these
/// extensions but the deliberately broken ones is checked.
const EXTENSIONS: &[&str] = &["json", "json3", "srt", "vtt", "tsv", "txt"];

/// The first word of `variant` as a file of this kind writes it: a JSON
/// string escapes `"` and `\`, and an all-ASCII JSON file (Python's
/// `json.dump` default) writes every other character as `\uXXXX`.
fn as_written(word: &str, json: bool, ascii: bool) -> String {
    if !json {
        return word.to_string();
    }
    let mut out = String::new();
    for c in word.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if ascii && !c.is_ascii() => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

fn check(path: &Path) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.jsonl");
    let dict = common::root("fixtures/formats/formats.toml");
    let run = common::transcrub(
        &[
            "clean",
            "-q",
            "--dry-run",
            "-d",
            dict.to_str().unwrap(),
            path.to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(
        run.status.success(),
        "{}: {}",
        path.display(),
        String::from_utf8_lossy(&run.stderr)
    );
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    let json = path
        .extension()
        .is_some_and(|e| e == "json" || e == "json3");
    let ascii = text.is_ascii();
    let mut found = Vec::new();
    for line in std::fs::read_to_string(&report).unwrap().lines() {
        let change: Value = serde_json::from_str(line).unwrap();
        if change["rule"] != "dictionary" {
            continue;
        }
        let (l, c) = (
            change["line"].as_u64().unwrap() as usize,
            change["column"].as_u64().unwrap() as usize,
        );
        let before = change["before"].as_str().unwrap();
        let first = before.split_whitespace().next().unwrap();
        let at: String = lines[l - 1].chars().skip(c - 1).collect();
        let expected = as_written(first, json, ascii);
        assert!(
            at.to_lowercase().starts_with(&expected.to_lowercase()),
            "{}:{l}:{c}: expected {expected:?} there, found {:?}",
            path.display(),
            at.chars().take(40).collect::<String>()
        );
        found.push((l, c));
    }
    // lint reports the same places.
    let run = common::transcrub(
        &[
            "lint",
            "--format",
            "json",
            "-d",
            dict.to_str().unwrap(),
            path.to_str().unwrap(),
        ],
        dir.path(),
    );
    let linted: Vec<(usize, usize)> = String::from_utf8_lossy(&run.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|d| d["code"] == "TR001")
        .map(|d| {
            (
                d["line"].as_u64().unwrap() as usize,
                d["column"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    assert_eq!(linted, found, "{}: lint and clean disagree", path.display());
    found.len()
}

#[test]
fn every_correction_points_at_its_variant_in_the_file() {
    let mut checked = 0;
    let mut corrections = 0;
    for entry in std::fs::read_dir(common::root("fixtures/formats")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let ext = path.extension().map(|e| e.to_string_lossy().to_string());
        if name.contains("bad-") || !ext.is_some_and(|e| EXTENSIONS.contains(&e.as_str())) {
            continue;
        }
        corrections += check(&path);
        checked += 1;
    }
    // The fixtures of the formats above, and the names in them.
    assert!(checked >= 25, "only {checked} fixtures checked");
    assert!(corrections >= 100, "only {corrections} corrections checked");
}

#[test]
fn one_line_json_columns_are_file_columns() {
    // whisper-openai-fr-words.json is one line of 20,000 characters; the
    // first variant is in segment 4's text (MANIFEST.md: 1:7259).
    let path = common::root("fixtures/formats/whisper-openai-fr-words.json");
    let dir = tempfile::tempdir().unwrap();
    let run = common::transcrub(
        &[
            "lint",
            "--format",
            "concise",
            "-d",
            common::root("fixtures/formats/formats.toml")
                .to_str()
                .unwrap(),
            path.to_str().unwrap(),
        ],
        dir.path(),
    );
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(
        out.lines()
            .next()
            .unwrap()
            .contains("whisper-openai-fr-words.json:1:7259: TR001"),
        "{out}"
    );
    // The human format shows a window around it, not the whole line.
    let run = common::transcrub(
        &[
            "lint",
            "-d",
            common::root("fixtures/formats/formats.toml")
                .to_str()
                .unwrap(),
            path.to_str().unwrap(),
        ],
        dir.path(),
    );
    let out = String::from_utf8_lossy(&run.stdout);
    let longest = out
        .lines()
        .filter(|l| l.contains(" | "))
        .map(|l| l.chars().count())
        .max()
        .unwrap();
    assert!(
        longest < 140,
        "a source line of {longest} characters:\n{out}"
    );
    assert!(out.contains("cluster Cubernetes qui"), "{out}");
}
