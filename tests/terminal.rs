//! transcrub in a terminal, as people run it: a pseudo-terminal (rexpect)
//! gives the binary a real tty for stdin, stdout and stderr. CI has no
//! terminal, so without these tests nothing would ever run this way.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use rexpect::process::{Signal, WaitStatus};
use rexpect::session::{PtySession, spawn_command};

const DICT: &str = "[[term]]\ncanonical = \"Elasticsearch\"\nvariants = [\"la stick search\"]\n";

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_transcrub"));
    c.args(args)
        .current_dir(dir)
        .env_remove("CI")
        .env_remove("NO_COLOR");
    c
}

fn spawn(c: Command) -> PtySession {
    spawn_command(c, Some(60_000)).expect("a pseudo-terminal")
}

fn exit_code(session: &PtySession) -> i32 {
    match session.process().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("expected an exit, found {other:?}"),
    }
}

#[test]
fn findings_are_coloured_on_a_terminal_and_plain_with_no_color() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.toml"), DICT).unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "on met tout dans la stick search\n",
    )
    .unwrap();
    let mut s = spawn(command(dir.path(), &["lint", "a.txt", "-d", "d.toml"]));
    let out = s.exp_eof().unwrap();
    assert!(out.contains("TR001"), "{out}");
    assert!(out.contains("\u{1b}["), "no colour on a terminal: {out:?}");
    assert_eq!(exit_code(&s), 1);

    let mut c = command(dir.path(), &["lint", "a.txt", "-d", "d.toml"]);
    c.env("NO_COLOR", "1");
    let mut s = spawn(c);
    let out = s.exp_eof().unwrap();
    assert!(out.contains("TR001") && !out.contains("\u{1b}["), "{out:?}");
}

#[test]
fn the_summary_comes_after_what_stdout_shows() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.toml"), DICT).unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "on met tout dans la stick search\n",
    )
    .unwrap();
    let mut s = spawn(command(
        dir.path(),
        &["clean", "a.txt", "-d", "d.toml", "--diff"],
    ));
    let out = s.exp_eof().unwrap();
    let diff = out
        .find("+on met tout dans Elasticsearch")
        .expect("the diff");
    let summary = out.find("1 correction").expect("the summary");
    assert!(diff < summary, "summary before the diff: {out}");
    assert_eq!(exit_code(&s), 1);
}

#[test]
fn lint_of_many_files_shows_progress_and_finishes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("t")).unwrap();
    for i in 0..250 {
        std::fs::write(
            dir.path().join(format!("t/{i:03}.txt")),
            "Bonjour et bienvenue.\n",
        )
        .unwrap();
    }
    let started = Instant::now();
    let mut s = spawn(command(dir.path(), &["lint", "t", "-j", "2"]));
    // It used to never return: main held stderr's lock while the bar's
    // worker threads waited to draw.
    let out = s.exp_eof().expect("lint finishes on a terminal");
    assert!(out.contains("0 findings in 250 files"), "{out}");
    assert_eq!(exit_code(&s), 0);
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[test]
fn no_input_on_a_terminal_says_what_it_expects_instead_of_waiting() {
    let dir = tempfile::tempdir().unwrap();
    for args in [&["clean"][..], &["subtitles"][..]] {
        let mut s = spawn(command(dir.path(), args));
        let out = s.exp_eof().unwrap();
        assert!(
            out.contains("expected a transcript on stdin, found a terminal"),
            "{out}"
        );
        assert_eq!(exit_code(&s), 2);
    }
    // `-` reads what is typed.
    let mut s = spawn(command(dir.path(), &["clean", "-", "-q"]));
    s.send_line("Bonjour  tout le monde").unwrap();
    s.send_control('d').unwrap();
    let out = s.exp_eof().unwrap();
    assert!(out.contains("Bonjour tout le monde"), "{out:?}");
    assert_eq!(exit_code(&s), 0);
}

/// A large transcript: a debug build takes seconds to clean it, and a
/// release build, ten times the lines, about one (a release build cleaned
/// the debug build's size before the Ctrl-C came).
fn large_input(dir: &Path) -> String {
    let lines = if cfg!(debug_assertions) {
        120_000
    } else {
        1_200_000
    };
    // Numbered, so that no line repeats the one before (a loop).
    let text: String = (0..lines)
        .map(|i| format!("{i}: alors on met tout dans la stick search, et on regarde.\n"))
        .collect();
    std::fs::write(dir.join("big.txt"), &text).unwrap();
    std::fs::write(dir.join("d.toml"), DICT).unwrap();
    text
}

fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains(".transcrub-"))
        .collect()
}

#[test]
fn ctrl_c_while_cleaning_in_place_leaves_the_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let original = large_input(dir.path());
    let mut s = spawn(command(
        dir.path(),
        &["clean", "big.txt", "--in-place", "-d", "d.toml"],
    ));
    std::thread::sleep(Duration::from_millis(400));
    s.send_control('c').unwrap();
    let status = s.process().wait().unwrap();
    assert!(
        matches!(
            status,
            WaitStatus::Exited(_, 130) | WaitStatus::Signaled(..)
        ),
        "{status:?}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("big.txt")).unwrap(),
        original
    );
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
}

#[test]
fn an_interrupt_while_the_temporary_file_exists_removes_it() {
    let dir = tempfile::tempdir().unwrap();
    let original = large_input(dir.path());
    let cleaned = original.replace("la stick search", "Elasticsearch");
    let mut s = spawn(command(
        dir.path(),
        &["clean", "big.txt", "--in-place", "-d", "d.toml", "-q"],
    ));
    // Freeze the run the moment its temporary file appears, interrupt it,
    // and let it go: whichever of rename and cleanup wins, the file is
    // whole and no temporary file is left.
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut caught = false;
    while Instant::now() < deadline {
        if !temp_files(dir.path()).is_empty() {
            s.process_mut().signal(Signal::SIGSTOP).unwrap();
            caught = !temp_files(dir.path()).is_empty();
            s.process_mut().signal(Signal::SIGINT).unwrap();
            s.process_mut().signal(Signal::SIGCONT).unwrap();
            break;
        }
        if s.process()
            .status()
            .is_some_and(|st| !matches!(st, WaitStatus::StillAlive))
        {
            break;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    let _ = s.process().wait();
    let now = std::fs::read_to_string(dir.path().join("big.txt")).unwrap();
    assert!(
        now == original || now == cleaned,
        "the file is not whole: {} bytes, original {}, cleaned {}, starts {:?}",
        now.len(),
        original.len(),
        cleaned.len(),
        &now[..now.len().min(200)]
    );
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
    assert!(caught, "the run ended before its temporary file was seen");
}
