//! The binary's allocator options (src/main.rs): set before the first
//! allocation, or streaming `clean` holds twice the memory it uses, and a
//! run on a small file may wait for huge pages. Read back from mimalloc
//! itself, which prints its options when asked to be verbose.

#![cfg(target_os = "linux")]

use std::process::Command;

/// The options mimalloc reports for a run of `transcrub ARGS` with `env`
/// set (it prints them at its start, whatever the arguments).
fn options(args: &[&str], env: &[(&str, &str)]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_transcrub"))
        .args(args)
        .env("MIMALLOC_VERBOSE", "1")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn every_run_commits_memory_as_used() {
    let dir = tempfile::tempdir().unwrap();
    // Longer than a window: `clean` streams it.
    let long = dir.path().join("long.txt");
    std::fs::write(&long, "a\n".repeat(200_000)).unwrap();
    let short = dir.path().join("short.txt");
    std::fs::write(&short, "Aasio est là.\n").unwrap();
    // A large dictionary on a small file: the run that once kept whole
    // arenas, and paid for it in system time on a busy machine.
    let dict = dir.path().join("big.toml");
    let mut toml = String::new();
    for i in 0..20_000 {
        toml.push_str(&format!(
            "[[term]]\ncanonical = \"T{i}\"\nvariants = [\"v{i}\"]\n"
        ));
    }
    std::fs::write(&dict, toml).unwrap();
    let (long, short, dict) = (
        long.to_str().unwrap(),
        short.to_str().unwrap(),
        dict.to_str().unwrap(),
    );
    for args in [
        vec!["clean", "--check", long],
        vec!["clean", "--check", "-d", dict, short],
        vec!["lint", "--help"],
        vec!["clean", "--jsonl", "--help"],
        vec!["--version"],
    ] {
        let said = options(&args, &[]);
        // mimalloc's own defaults are 2 (commit whole arenas) and 10 ms.
        assert!(
            said.contains("option 'arena_eager_commit': 0"),
            "{args:?}: {said}"
        );
        assert!(
            said.contains("option 'purge_delay': 1 "),
            "{args:?}: {said}"
        );
    }
}

#[test]
fn the_environment_still_overrides_them() {
    let said = options(
        &["lint", "--help"],
        &[
            ("MIMALLOC_ARENA_EAGER_COMMIT", "1"),
            ("MIMALLOC_PURGE_DELAY", "10"),
        ],
    );
    assert!(said.contains("option 'arena_eager_commit': 1"), "{said}");
    assert!(said.contains("option 'purge_delay': 10"), "{said}");
}
