//! The README's table of exit codes and streams, row by row: each example
//! runs in a folder that holds the files it names, and what it prints
//! where, and its exit code, must be what the row says. Change the table
//! and this test follows; change the behaviour and it fails.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

struct Row {
    when: String,
    example: String,
    stdout: String,
    stderr: String,
    exit: i32,
}

fn rows() -> Vec<Row> {
    let readme = std::fs::read_to_string(common::root("README.md")).unwrap();
    let start = readme
        .find("<!-- exit-codes")
        .expect("the README has the exit-codes table");
    let end = readme.find("<!-- /exit-codes -->").unwrap();
    readme[start..end]
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| when"))
        .map(|line| {
            // `\|` is a pipe inside a cell.
            let cells: Vec<String> = line
                .replace("\\|", "\u{1}")
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().replace('\u{1}', "|"))
                .collect();
            assert_eq!(cells.len(), 5, "{line}");
            Row {
                when: cells[0].clone(),
                example: cells[1].trim_matches('`').to_string(),
                stdout: cells[2].clone(),
                stderr: cells[3].clone(),
                exit: cells[4].parse().unwrap(),
            }
        })
        .collect()
}

/// The files the examples name.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let write = |name: &str, text: &str| std::fs::write(d.join(name), text).unwrap();
    write(
        "show.toml",
        "[[term]]\ncanonical = \"Elasticsearch\"\nvariants = [\"la stick search\"]\n",
    );
    write(
        "twice.toml",
        "[[term]]\ncanonical = \"Redis\"\n\n[[term]]\ncanonical = \"Redis\"\n",
    );
    write(
        "ep.srt",
        "1\n00:00:01,000 --> 00:00:03,000\nOn range tout dans la stick search.\n\n2\n00:00:03,500 --> 00:00:05,000\nEt ça tient la charge.\n",
    );
    write(
        "tidy.srt",
        "1\n00:00:01,000 --> 00:00:03,000\nOn range tout dans Elasticsearch.\n\n",
    );
    write("broken.srt", "1\n00:00:01,000 --> 00:o1:00,000\nUn\n");
    // Long enough that the run is still going when the interrupt comes,
    // 300 ms in (200,000 lines were cleaned in place in 0.24 s once the
    // program grew faster, and the run ended before the signal).
    let long: String = (0..1_000_000)
        .map(|i| format!("{i} on range tout dans la stick search\n"))
        .collect();
    write("long.txt", &long);
    assert!(
        Command::new("mkfifo")
            .arg(d.join("fifo.srt"))
            .status()
            .unwrap()
            .success()
    );
    dir
}

fn check(row: &Row, dir: &Path) {
    let bin = env!("CARGO_BIN_EXE_transcrub");
    let (command, pipe) = match row.example.split_once(" | ") {
        Some((c, p)) => (c.to_string(), Some(p.to_string())),
        None => (row.example.clone(), None),
    };
    let args: Vec<&str> = command
        .strip_prefix("transcrub ")
        .expect("examples start with transcrub")
        .split_whitespace()
        .collect();
    let interrupted = row.exit == 130;
    let output = if let Some(pipe) = pipe {
        // The shell's pipeline; the status is transcrub's own.
        let line = format!(
            "'{bin}' {} | {pipe}; exit ${{PIPESTATUS[0]}}",
            args.join(" ")
        );
        Command::new("bash")
            .args(["-c", &line])
            .current_dir(dir)
            .env_remove("CI")
            .output()
            .unwrap()
    } else {
        let child = Command::new(bin)
            .args(&args)
            .current_dir(dir)
            .env_remove("CI")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        if interrupted {
            std::thread::sleep(Duration::from_millis(300));
            let sent = Command::new("kill")
                .args(["-INT", &child.id().to_string()])
                .status()
                .unwrap();
            assert!(sent.success());
        }
        child.wait_with_output().unwrap()
    };
    let what = format!("row {:?} ({})", row.when, row.example);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(row.exit), "{what}: {stderr}");
    match row.stdout.as_str() {
        "nothing" => assert!(stdout.is_empty(), "{what}: stdout {stdout:?}"),
        "(cut)" => {}
        _ => assert!(!stdout.is_empty(), "{what}: nothing on stdout"),
    }
    match row.stderr.as_str() {
        "nothing" => assert!(stderr.is_empty(), "{what}: stderr {stderr:?}"),
        "`error:`" => {
            assert!(stderr.starts_with("error: "), "{what}: {stderr:?}");
            assert_eq!(stderr.lines().count(), 1, "{what}: one line: {stderr:?}");
        }
        "summary and `error:`" => {
            assert!(
                stderr.lines().any(|l| l.starts_with("error: ")),
                "{what}: {stderr:?}"
            );
            assert!(stderr.lines().count() >= 2, "{what}: {stderr:?}");
        }
        "summary" => {
            assert!(!stderr.is_empty(), "{what}: no summary");
            assert!(!stderr.contains("error:"), "{what}: {stderr:?}");
        }
        other => panic!("{what}: unknown stderr cell {other:?}"),
    }
    if interrupted {
        let leftovers: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains(".transcrub-"))
            .collect();
        assert!(leftovers.is_empty(), "{what}: temporary files left");
        let text = std::fs::read_to_string(dir.join("long.txt")).unwrap();
        assert!(text.starts_with("0 on range tout dans la stick search\n"));
    }
}

#[test]
fn every_row_of_the_readme_table_holds() {
    let rows = rows();
    assert!(rows.len() >= 15, "{} rows", rows.len());
    for row in &rows {
        // A fresh folder each time: some rows write files.
        let dir = folder();
        check(row, dir.path());
    }
}
