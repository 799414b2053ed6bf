//! No run may destroy, truncate or overwrite a file the user did not name
//! as an output, nor replace a device, a FIFO or a symlink; new files follow
//! the umask, rewritten ones keep their owner and mode. Each case is one
//! way a user's file was lost before.

mod common;

use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Output};

const DICT: &str = "[[term]]\ncanonical = \"Elasticsearch\"\nvariants = [\"la stick search\"]\n";
const SRT: &str = "1\n00:00:01,000 --> 00:00:02,000\nla stick search\n";
const TXT: &str = "on a tout mis dans la stick search\n";

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_transcrub"))
        .args(args)
        .current_dir(dir)
        .env_remove("CI")
        .output()
        .unwrap()
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A folder with d.toml, a.srt and a.txt.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.toml"), DICT).unwrap();
    std::fs::write(dir.path().join("a.srt"), SRT).unwrap();
    std::fs::write(dir.path().join("a.txt"), TXT).unwrap();
    dir
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn am_root(dir: &Path) -> bool {
    let probe = dir.join(".probe");
    std::fs::write(&probe, "").unwrap();
    let uid = std::fs::metadata(&probe).unwrap().uid();
    std::fs::remove_file(probe).unwrap();
    uid == 0
}

#[test]
fn a_report_over_an_input_or_a_dictionary_is_refused() {
    let dir = project();
    let d = dir.path();
    for (args, what) in [
        (
            &[
                "clean",
                "a.srt",
                "-d",
                "d.toml",
                "--in-place",
                "--report",
                "a.srt",
            ][..],
            "would overwrite the input a.srt",
        ),
        (
            &[
                "clean", "a.srt", "-d", "d.toml", "-o", "b.srt", "--report", "d.toml",
            ][..],
            "would overwrite the dictionary d.toml",
        ),
        (
            &[
                "clean", "a.srt", "-d", "d.toml", "-o", "b.srt", "--report", "b.srt",
            ][..],
            "the output of a.srt and the report would both be written to b.srt",
        ),
        (
            &["subtitles", "a.srt", "-d", "d.toml", "-o", "a.srt"][..],
            "would overwrite the input a.srt",
        ),
        (
            &["clean", "a.srt", "-d", "d.toml", "--report", "-"][..],
            "would both be written to stdout",
        ),
    ] {
        let out = run(d, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(what), "{args:?}: {}", stderr(&out));
        assert_eq!(read(d, "a.srt"), SRT);
        assert_eq!(read(d, "d.toml"), DICT);
        assert_eq!(names(d), ["a.srt", "a.txt", "d.toml"], "{args:?}");
    }
}

#[test]
fn out_dir_collisions_are_refused() {
    let dir = project();
    let d = dir.path();
    // a.srt as txt would land on the input a.txt.
    let out = run(
        d,
        &[
            "clean",
            "a.txt",
            "a.srt",
            "-d",
            "d.toml",
            "--out-dir",
            ".",
            "--to",
            "txt",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("would overwrite the input a.txt"),
        "{}",
        stderr(&out)
    );
    assert_eq!(read(d, "a.txt"), TXT);
    // Two inputs with one name.
    std::fs::create_dir(d.join("sub")).unwrap();
    std::fs::write(d.join("sub/a.srt"), SRT).unwrap();
    let out = run(d, &["clean", "a.srt", "sub/a.srt", "--out-dir", "out"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(
            "the output of a.srt and the output of sub/a.srt would both be written to out/a.srt"
        ),
        "{}",
        stderr(&out)
    );
    assert!(!d.join("out").exists(), "the folder made for the run stays");
}

#[test]
fn out_dir_is_created_when_missing() {
    let dir = project();
    let out = run(
        dir.path(),
        &[
            "clean",
            "a.srt",
            "-d",
            "d.toml",
            "-q",
            "--out-dir",
            "new/deep",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(read(dir.path(), "new/deep/a.srt").contains("Elasticsearch"));
}

#[test]
fn in_place_keeps_the_format_or_refuses() {
    let dir = project();
    for to in ["txt", "vtt"] {
        let out = run(dir.path(), &["clean", "a.srt", "--in-place", "--to", to]);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            stderr(&out).contains("--in-place keeps each file's format"),
            "{}",
            stderr(&out)
        );
        assert_eq!(read(dir.path(), "a.srt"), SRT);
    }
    let out = run(
        dir.path(),
        &[
            "clean",
            "a.srt",
            "--in-place",
            "--to",
            "srt",
            "-d",
            "d.toml",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_failing_output_in_a_batch_writes_nothing() {
    let dir = project();
    let d = dir.path();
    std::fs::write(d.join("b.srt"), SRT).unwrap();
    // The report cannot be written: no output may be either.
    let out = run(
        d,
        &[
            "clean",
            "a.srt",
            "b.srt",
            "-d",
            "d.toml",
            "--in-place",
            "--report",
            "no/such/r.jsonl",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no/such: the folder does not exist"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        (read(d, "a.srt"), read(d, "b.srt")),
        (SRT.into(), SRT.into())
    );
    // The second output's place is a folder.
    std::fs::create_dir(d.join("out")).unwrap();
    std::fs::create_dir(d.join("out/b.srt")).unwrap();
    let out = run(
        d,
        &[
            "clean",
            "a.srt",
            "b.srt",
            "-d",
            "d.toml",
            "--out-dir",
            "out",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        names(&d.join("out")),
        ["b.srt"],
        "a.srt was written before b.srt failed"
    );
    if !am_root(d) {
        // A read-only folder (root writes there anyway).
        std::fs::create_dir(d.join("ro")).unwrap();
        std::fs::write(d.join("ro/c.srt"), SRT).unwrap();
        std::fs::set_permissions(d.join("ro"), std::fs::Permissions::from_mode(0o555)).unwrap();
        let out = run(
            d,
            &["clean", "a.srt", "ro/c.srt", "-d", "d.toml", "--in-place"],
        );
        std::fs::set_permissions(d.join("ro"), std::fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(read(d, "a.srt"), SRT);
    }
    assert_eq!(names(d), ["a.srt", "a.txt", "b.srt", "d.toml", "out"]);
}

#[test]
fn two_runs_in_place_on_one_file_keep_both_corrections() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("one.toml"), DICT).unwrap();
    std::fs::write(
        d.join("two.toml"),
        "[[term]]\ncanonical = \"Kubernetes\"\nvariants = [\"cube air net\"]\n",
    )
    .unwrap();
    // Large enough that the two runs overlap in a debug build.
    let text: String = (0..40_000)
        .map(|i| format!("{i} la stick search tourne sur cube air net\n"))
        .collect();
    std::fs::write(d.join("big.txt"), &text).unwrap();
    let spawn = |dict: &str| {
        Command::new(env!("CARGO_BIN_EXE_transcrub"))
            .args(["clean", "big.txt", "--in-place", "-q", "-d", dict])
            .current_dir(d)
            .spawn()
            .unwrap()
    };
    let (mut a, mut b) = (spawn("one.toml"), spawn("two.toml"));
    assert!(a.wait().unwrap().success() && b.wait().unwrap().success());
    let result = read(d, "big.txt");
    assert!(
        result.starts_with("0 Elasticsearch tourne sur Kubernetes\n"),
        "one run's corrections were lost: {:?}",
        &result[..80]
    );
    assert!(!result.contains("la stick search") && !result.contains("cube air net"));
}

#[test]
fn in_place_keeps_owner_group_and_mode_and_says_when_a_link_breaks() {
    let dir = project();
    let d = dir.path();
    let a = d.join("a.srt");
    std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o640)).unwrap();
    let root = am_root(d);
    if root {
        std::os::unix::fs::chown(&a, Some(1234), Some(2345)).unwrap();
    }
    let before = std::fs::metadata(&a).unwrap();
    std::fs::hard_link(&a, d.join("link.srt")).unwrap();
    let out = run(d, &["clean", "a.srt", "-d", "d.toml", "--in-place"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let after = std::fs::metadata(&a).unwrap();
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    if root {
        assert_eq!((after.uid(), after.gid()), (1234, 2345));
    }
    assert_eq!(after.permissions().mode() & 0o7777, 0o640);
    assert!(read(d, "a.srt").contains("Elasticsearch"));
    assert_eq!(read(d, "link.srt"), SRT);
    assert!(
        stderr(&out).contains("a.srt had 2 hard links: it is now a new file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn new_files_follow_the_umask() {
    let dir = project();
    let bin = env!("CARGO_BIN_EXE_transcrub");
    for (umask, mode) in [("022", 0o644), ("027", 0o640), ("077", 0o600)] {
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {umask} && '{bin}' clean a.srt -d d.toml -q -o out-{umask}.srt --report r-{umask}.jsonl"
            ))
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        for name in [format!("out-{umask}.srt"), format!("r-{umask}.jsonl")] {
            let m = std::fs::metadata(dir.path().join(&name)).unwrap();
            assert_eq!(m.permissions().mode() & 0o777, mode, "{name}");
        }
    }
}

#[test]
fn a_temporary_file_left_by_a_killed_run_is_removed() {
    let dir = project();
    let d = dir.path();
    // PID 0 never runs a program: its run is gone.
    std::fs::write(d.join(".a.srt.transcrub-0-3.tmp"), "half a file").unwrap();
    let out = run(d, &["clean", "a.srt", "-d", "d.toml", "--in-place"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("removed ./.a.srt.transcrub-0-3.tmp, left by an interrupted run")
            || stderr(&out).contains(".a.srt.transcrub-0-3.tmp, left by an interrupted run"),
        "{}",
        stderr(&out)
    );
    assert_eq!(names(d), ["a.srt", "a.txt", "d.toml"]);
}

/// A FIFO and a character device made for the test (the system's own
/// /dev/null would be destroyed by a failing test when run as root).
#[test]
fn devices_and_fifos_are_written_through_never_replaced() {
    let dir = project();
    let d = dir.path();
    let fifo = d.join("pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let device = common::char_device(d, am_root(d));
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let out = run(
        d,
        &[
            "clean",
            "a.srt",
            "-d",
            "d.toml",
            "-q",
            "-o",
            device.to_str().unwrap(),
            "--report",
            fifo.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = reader.join().unwrap();
    assert!(report.contains("\"after\":\"Elasticsearch\""), "{report}");
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(
        std::fs::metadata(&device)
            .unwrap()
            .file_type()
            .is_char_device()
    );
    // And the other commands' outputs.
    for args in [
        &["subtitles", "a.srt", "-q", "-o"][..],
        &["dict", "learn", "a.srt", "a.srt", "-o"][..],
    ] {
        let mut args = args.to_vec();
        args.push(device.to_str().unwrap());
        let out = run(d, &args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert!(
            std::fs::metadata(&device)
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }
    assert_eq!(read(d, "a.srt"), SRT);
}

#[test]
fn dev_stdout_is_the_pipe_it_leads_to() {
    let dir = project();
    let out = run(
        dir.path(),
        &["clean", "a.txt", "-d", "d.toml", "-q", "-o", "/dev/stdout"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "on a tout mis dans Elasticsearch\n"
    );
}

/// A standard stream named by its path is written where the shell
/// pointed it. Leading to a file, it was replaced by a new file before:
/// what `>> log` or `2>> log` had appended to was lost, and the rest of
/// the shell's writes went to a file no longer there.
/// Runs a shell command line in `dir`, with the binary as `$TRANSCRUB`:
/// for redirections only a shell makes (`3>> log`, `2>> log`).
fn shell(dir: &Path, line: &str) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(line)
        .current_dir(dir)
        .env("TRANSCRUB", env!("CARGO_BIN_EXE_transcrub"))
        .env_remove("CI")
        .output()
        .unwrap()
}

#[test]
fn a_standard_stream_leading_to_a_file_is_written_where_the_shell_points_it() {
    let dir = project();
    let d = dir.path();
    let shell = |line: &str| {
        let out = shell(d, line);
        assert_eq!(out.status.code(), Some(0), "{line}: {}", stderr(&out));
    };
    let cleaned = "on a tout mis dans Elasticsearch\n";
    let clean = "\"$TRANSCRUB\" clean a.txt -d d.toml -q";
    for (name, line) in [
        (
            "out.log",
            format!("{clean} -o /dev/stdout >> out.log; echo end >> out.log"),
        ),
        (
            "fd.log",
            format!("{clean} -o /proc/self/fd/2 2>> fd.log; echo end >> fd.log"),
        ),
        (
            "err.log",
            format!("{clean} -o /dev/stderr 2>> err.log; echo end >> err.log"),
        ),
    ] {
        std::fs::write(d.join(name), "before\n").unwrap();
        let inode = std::fs::metadata(d.join(name)).unwrap().ino();
        shell(&line);
        assert_eq!(read(d, name), format!("before\n{cleaned}end\n"), "{line}");
        assert_eq!(std::fs::metadata(d.join(name)).unwrap().ino(), inode);
    }
    // Stdout, by any of its names, is one output: a report there too is
    // refused, as with `-`.
    std::os::unix::fs::symlink("/dev/stdout", d.join("out")).unwrap();
    for path in ["/dev/stdout", "/proc/self/fd/1", "out"] {
        let out = run(d, &["clean", "a.txt", "-o", path, "--report", "-"]);
        assert_eq!(out.status.code(), Some(2), "{path}");
        assert!(
            stderr(&out).contains("would both be written to stdout"),
            "{path}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn a_descriptor_the_shell_gave_is_written_where_it_points_and_no_other() {
    let dir = project();
    let d = dir.path();
    let shell = |line: &str| shell(d, line);
    let clean = "\"$TRANSCRUB\" clean a.txt -d d.toml -q";
    // `3>> log` appends: the file keeps what it held, and its inode.
    // Before, the path was followed to `log` and `log` replaced.
    std::os::unix::fs::symlink("/dev/fd/3", d.join("three")).unwrap();
    for to in ["/dev/fd/3", "/proc/self/fd/3", "three"] {
        std::fs::write(d.join("log"), "before\n").unwrap();
        let inode = std::fs::metadata(d.join("log")).unwrap().ino();
        let line = format!("{clean} -o {to} 3>> log; echo end >> log");
        let out = shell(&line);
        assert_eq!(out.status.code(), Some(0), "{line}: {}", stderr(&out));
        assert_eq!(
            read(d, "log"),
            "before\non a tout mis dans Elasticsearch\nend\n",
            "{line}"
        );
        assert_eq!(std::fs::metadata(d.join("log")).unwrap().ino(), inode);
    }
    // What is read through a descriptor cannot be rewritten in place:
    // appended to, `log` would hold its text and then the cleaned text.
    let line = "la stick search\nSous-titres réalisés par la communauté d'Amara.org\n";
    for run in [
        "\"$TRANSCRUB\" clean -d d.toml --in-place /dev/fd/3 3>> log",
        "\"$TRANSCRUB\" lint --fix /dev/fd/3 3>> log",
        "\"$TRANSCRUB\" clean -d d.toml --in-place /dev/stdin < log",
    ] {
        std::fs::write(d.join("log"), line).unwrap();
        let out = shell(run);
        assert_eq!(out.status.code(), Some(2), "{run}");
        assert!(
            stderr(&out).ends_with(": expected a file to rewrite in place, found a descriptor\n"),
            "{run}: {}",
            stderr(&out)
        );
        assert_eq!(read(d, "log"), line, "{run}");
    }
    // A number the shell did not give is refused, not made a file, nor
    // taken for a descriptor the program opened itself.
    for to in ["/dev/fd/3", "/dev/fd/4", "/dev/fd/03"] {
        let out = shell(&format!("{clean} -o {to} 3>&- 4>&-"));
        assert_eq!(out.status.code(), Some(2), "{to}");
        assert!(
            stderr(&out).starts_with(&format!(
                "error: {to}: expected a descriptor the shell opened, found none"
            )),
            "{to}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn symlinks_stay_links_to_the_rewritten_file() {
    let dir = project();
    let d = dir.path();
    std::os::unix::fs::symlink("a.srt", d.join("link.srt")).unwrap();
    let out = run(d, &["clean", "link.srt", "-d", "d.toml", "--in-place"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        std::fs::symlink_metadata(d.join("link.srt"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(read(d, "a.srt").contains("Elasticsearch"));
}

/// A run over outputs it made before, or over files cleaned already,
/// leaves every file that holds its output already as it is: the same
/// inode (no new file synced and renamed), the same hard links, no note
/// that one broke. A file that differs is still written, and both kinds
/// can be in one run.
#[test]
fn a_file_that_holds_its_output_already_is_left_as_it_is() {
    let dir = project();
    let d = dir.path();
    std::fs::write(d.join("b.txt"), "la stick search encore\n").unwrap();
    let succeed = |args: &[&str]| {
        let out = run(d, args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        out
    };
    std::fs::create_dir(d.join("out")).unwrap();
    let to_dir = [
        "clean",
        "a.txt",
        "b.txt",
        "-d",
        "d.toml",
        "--out-dir",
        "out",
    ];
    succeed(&to_dir);
    let inode = |name: &str| std::fs::metadata(d.join(name)).unwrap().ino();
    let (a, b) = (inode("out/a.txt"), inode("out/b.txt"));
    // Someone edits one output; the run makes both again.
    std::fs::write(d.join("out/b.txt"), "edited\n").unwrap();
    succeed(&to_dir);
    assert_eq!(inode("out/a.txt"), a, "out/a.txt was written again");
    assert_ne!(inode("out/b.txt"), b, "out/b.txt was not written");
    assert_eq!(read(d, "out/a.txt"), "on a tout mis dans Elasticsearch\n");
    assert_eq!(read(d, "out/b.txt"), "Elasticsearch encore\n");
    assert_eq!(names(&d.join("out")), ["a.txt", "b.txt"]);

    // In place: a.txt is cleaned once, then holds its cleaned text, and
    // its hard link shares it; the second run breaks nothing.
    std::fs::hard_link(d.join("a.txt"), d.join("link.txt")).unwrap();
    let first = succeed(&["clean", "a.txt", "-d", "d.toml", "--in-place"]);
    assert!(
        stderr(&first).contains("had 2 hard links"),
        "{}",
        stderr(&first)
    );
    std::fs::remove_file(d.join("link.txt")).unwrap();
    std::fs::hard_link(d.join("a.txt"), d.join("link.txt")).unwrap();
    let cleaned = inode("a.txt");
    let again = succeed(&["clean", "a.txt", "-d", "d.toml", "--in-place"]);
    assert_eq!(inode("a.txt"), cleaned);
    assert_eq!(inode("link.txt"), cleaned);
    assert!(!stderr(&again).contains("hard links"), "{}", stderr(&again));
    assert_eq!(read(d, "a.txt"), "on a tout mis dans Elasticsearch\n");

    // One file to -o is written as it is made, then compared: the same
    // output leaves the file and no temporary one beside it; another
    // output (a dictionary less) replaces it.
    let to_file = ["subtitles", "a.srt", "-d", "d.toml", "-o", "a.out.srt"];
    succeed(&to_file);
    let made = inode("a.out.srt");
    succeed(&to_file);
    assert_eq!(inode("a.out.srt"), made);
    assert!(read(d, "a.out.srt").contains("Elasticsearch"));
    succeed(&["subtitles", "a.srt", "-o", "a.out.srt"]);
    assert_ne!(inode("a.out.srt"), made);
    assert!(read(d, "a.out.srt").contains("la stick search"));
    assert!(
        !names(d).iter().any(|n| n.contains(".transcrub-")),
        "{:?}",
        names(d)
    );
}

#[test]
fn unknown_extensions_are_refused_with_a_way_out() {
    let dir = project();
    let d = dir.path();
    let md = "---\ntitle: Épisode 12\n---\n\nla stick search\n";
    std::fs::write(d.join("notes.md"), md).unwrap();
    let out = run(d, &["clean", "notes.md", "-d", "d.toml", "--in-place"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: notes.md: expected a transcript extension (txt, srt, vtt, json, json3, tsv, sbv, ttml, dfxp, xml, ass, ssa, srv3), found \".md\"; give --from FORMAT to read it as one\n"
    );
    assert_eq!(read(d, "notes.md"), md);
}

#[test]
fn a_full_stdout_is_an_error_and_no_summary_claims_success() {
    let dir = project();
    let out = Command::new(env!("CARGO_BIN_EXE_transcrub"))
        .args(["clean", "a.txt", "-d", "d.toml"])
        .current_dir(dir.path())
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: cannot print: no space left on device\n"
    );
}

#[test]
fn a_closed_pipe_does_not_hide_findings() {
    let dir = project();
    let mut child = Command::new(env!("CARGO_BIN_EXE_transcrub"))
        .args(["lint", "a.txt", "a.srt", "-d", "d.toml"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // The reader goes away before a byte is read (`| head -0`).
    drop(child.stdout.take());
    assert_eq!(child.wait().unwrap().code(), Some(1));
}

#[test]
fn timestamps_past_the_range_are_refused_where_they_stand() {
    let dir = project();
    std::fs::write(
        dir.path().join("far.srt"),
        "1\n999999999999999:00:01,000 --> 999999999999999:00:02,000\nhi\n",
    )
    .unwrap();
    for args in [&["clean", "far.srt"][..], &["subtitles", "far.srt"][..]] {
        let out = run(dir.path(), args);
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(
            stderr(&out),
            "error: far.srt:2:1: expected at most 9999 hours in timestamp, found \"999999999999999:00:01,000\"\n"
        );
    }
}

#[test]
fn one_bad_byte_does_not_turn_a_utf8_file_into_windows_1252() {
    let dir = project();
    std::fs::write(
        dir.path().join("w.txt"),
        b"Tr\xC3\xA8s bien.\n\xC3\x87a marche \xE9 ici.\n",
    )
    .unwrap();
    let out = run(dir.path(), &["clean", "w.txt"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Très bien.\nÇa marche \u{FFFD} ici.\n"
    );
    assert!(
        stderr(&out).contains(
            "warning: w.txt:2:11: expected UTF-8, found the byte 0xE9; replaced with U+FFFD"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn whisper_json_keeps_its_keys_order_and_big_integers() {
    let dir = project();
    let json = r#"{"text": " la stick search", "segments": [{"seek": 18446744073709551616, "id": 0, "end": 1.5, "start": 0.0, "text": " la stick search", "z_custom": 0.1}], "language": "fr"}"#;
    std::fs::write(dir.path().join("w.json"), json).unwrap();
    let out = run(dir.path(), &["clean", "w.json", "-d", "d.toml", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let written = String::from_utf8_lossy(&out.stdout);
    assert!(written.contains("18446744073709551616"), "{written}");
    let keys: Vec<usize> = [
        "\"seek\"",
        "\"id\"",
        "\"end\"",
        "\"start\"",
        "\"text\"",
        "\"z_custom\"",
    ]
    .iter()
    .map(|k| written.rfind(k).unwrap())
    .collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "{written}");
    assert!(written.contains("\"z_custom\": 0.1"), "{written}");
}

#[test]
fn silent_repairs_of_json_and_tsv_are_reported() {
    let dir = project();
    let json = r#"{"segments": [{"start": 0.0, "end": 1.0, "text": " oui", "words": [{"word": " oui", "start": -1, "end": 0.5}, {"word": " et"}, {"start": 0.6}]}]}"#;
    std::fs::write(dir.path().join("w.json"), json).unwrap();
    let out = run(dir.path(), &["clean", "w.json", "-q"]);
    assert_eq!(out.status.code(), Some(0));
    let out = run(dir.path(), &["clean", "w.json"]);
    let err = stderr(&out);
    assert!(
        err.contains(
            "segment 0, word 0: \"start\": expected a time from 0 to 9999 hours, found \"-1\""
        ),
        "{err}"
    );
    assert!(
        err.contains("segment 0, word 2: expected a \"word\" string"),
        "{err}"
    );
    // A word without times is a word WhisperX could not align, not a defect.
    assert!(!err.contains("word 1"), "{err}");
    let strict = run(dir.path(), &["clean", "w.json", "--strict"]);
    assert_eq!(strict.status.code(), Some(2));

    std::fs::write(
        dir.path().join("t.tsv"),
        "start\tend\ttext\n0\t1000\tbonjour\tSPEAKER_01\n",
    )
    .unwrap();
    let out = run(dir.path(), &["clean", "t.tsv"]);
    assert!(
        stderr(&out).contains("t.tsv:2:15: expected three tab-separated fields"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn smaller_ones() {
    let dir = project();
    let d = dir.path();
    // --lang is not case-sensitive.
    let out = run(d, &["clean", "a.txt", "--lang", "EN", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // --lexicon names the missing .dic, not its .aff.
    let out = run(
        d,
        &[
            "clean",
            "a.txt",
            "--fuzzy",
            "--lexicon",
            "/nonexistent/x.dic",
            "-d",
            "d.toml",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/nonexistent/x.dic"),
        "{}",
        stderr(&out)
    );
    // --unsafe-fixes means nothing without --fix or --diff.
    let out = run(d, &["lint", "a.txt", "--unsafe-fixes"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--unsafe-fixes applies with --fix or --diff"));
    // Lone CR line ends are line ends, and said so.
    std::fs::write(
        d.join("cr.srt"),
        "1\r00:00:01,000 --> 00:00:02,000\rUn\r\r2\r00:00:03,000 --> 00:00:04,000\rDeux\r",
    )
    .unwrap();
    let out = run(d, &["clean", "cr.srt"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("\n2\n00:00:03,000 --> 00:00:04,000\nDeux\n")
    );
    assert!(
        stderr(&out).contains("end with a carriage return alone"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn impossible_subtitle_limits_are_said_and_strict_refuses_them() {
    let dir = project();
    let text: String = (0..200)
        .map(|i| {
            format!("Partie {i} : bonjour à tous et bienvenue dans cet épisode sur les bases.\n")
        })
        .collect();
    std::fs::write(dir.path().join("long.txt"), text).unwrap();
    let out = run(
        dir.path(),
        &["subtitles", "long.txt", "--duration", "1:00", "-o", "s.srt"],
    );
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(
        err.contains("warning: long.txt: the subtitles break the limits: "),
        "{err}"
    );
    assert!(err.contains("cues shorter than 833 ms"), "{err}");
    assert!(
        err.contains("--duration is too short for the text"),
        "{err}"
    );
    let out = run(
        dir.path(),
        &[
            "subtitles",
            "long.txt",
            "--duration",
            "1:00",
            "-o",
            "t.srt",
            "--strict",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.path().join("t.srt").exists());
}

#[test]
fn a_byte_order_mark_stays_when_the_format_does() {
    let dir = project();
    let dfxp = common::fixture("formats/ttml-subtitleedit-fr.dfxp");
    let out = dir.path().join("out.dfxp");
    let run_ok = run(
        dir.path(),
        &[
            "clean",
            "-q",
            dfxp.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run_ok.status.code(), Some(0));
    // Subtitle Edit's DFXP: BOM, CRLF, no final line break; nothing to
    // change, so the very same bytes.
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&dfxp).unwrap());
    let srt = dir.path().join("out.srt");
    run(
        dir.path(),
        &[
            "clean",
            "-q",
            dfxp.to_str().unwrap(),
            "-o",
            srt.to_str().unwrap(),
            "--to",
            "srt",
        ],
    );
    assert!(!std::fs::read(&srt).unwrap().starts_with(b"\xEF\xBB\xBF"));
}

/// Many files are cleaned at once (one per core), but everything a user
/// sees comes in the order of the files: each output is its own file's,
/// the summary lines follow the command line, and of several files that
/// fail, the first named is the one reported, and nothing is written.
#[test]
fn many_files_keep_their_order_and_their_first_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("d.toml"), DICT).unwrap();
    let mut names = Vec::new();
    for k in 0..48 {
        let name = format!("f{k:02}.txt");
        // Early files are the longest, so later ones finish first.
        let lines = 400 - 8 * k;
        let text = lines_of(k, lines, "la stick search");
        std::fs::write(d.join(&name), text).unwrap();
        names.push(name);
    }
    let mut args = vec!["clean", "-d", "d.toml", "--out-dir", "out"];
    args.extend(names.iter().map(String::as_str));
    let out = run(d, &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let summary: Vec<String> = (0..48)
        .map(|k| {
            format!(
                "f{k:02}.txt: {} corrections, 0 artifacts removed, 0 lines dropped, 0 whitespace fixes",
                400 - 8 * k
            )
        })
        .collect();
    assert_eq!(stderr(&out).lines().collect::<Vec<_>>(), summary);
    for k in 0..48 {
        assert_eq!(
            read(d, &format!("out/f{k:02}.txt")),
            lines_of(k, 400 - 8 * k, "Elasticsearch")
        );
    }

    // `-j` says how many at once; one at a time gives the same.
    let mut args = vec!["clean", "-d", "d.toml", "--out-dir", "one", "-j", "1"];
    args.extend(names.iter().map(String::as_str));
    let out = run(d, &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out).lines().collect::<Vec<_>>(), summary);
    for k in 0..48 {
        let name = format!("f{k:02}.txt");
        assert_eq!(
            read(d, &format!("one/{name}")),
            read(d, &format!("out/{name}"))
        );
    }

    // Two SRT files among them cannot keep their format as text: the
    // first named is reported, though the other is shorter and done first.
    std::fs::write(d.join("g20.srt"), SRT.repeat(300)).unwrap();
    std::fs::write(d.join("g30.srt"), SRT).unwrap();
    let mut args = vec!["clean", "-d", "d.toml", "--in-place", "--to", "txt"];
    args.extend(names[..20].iter().map(String::as_str));
    args.push("g20.srt");
    args.extend(names[20..30].iter().map(String::as_str));
    args.push("g30.srt");
    let out = run(d, &args);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: g20.srt: --in-place keeps each file's format: this is srt, and --to txt would drop its timings; write it elsewhere with -o or --out-dir\n"
    );
    assert_eq!(read(d, "f00.txt"), lines_of(0, 400, "la stick search"));
}

/// Lines that differ (the same line over and over is a loop).
fn lines_of(file: usize, lines: usize, term: &str) -> String {
    (0..lines)
        .map(|i| format!("ligne {i} du fichier {file} : {term}\n"))
        .collect()
}
