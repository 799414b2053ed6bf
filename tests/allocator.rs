//! The binary's allocator options (src/main.rs): set before the first
//! allocation, or streaming `clean` holds twice the memory it uses; left
//! as mimalloc has them for runs on small files, which load a large
//! dictionary faster so. Read back from mimalloc itself, which prints its
//! options when asked to be verbose.

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
fn runs_that_may_stream_commit_memory_as_used() {
    let dir = tempfile::tempdir().unwrap();
    let long = dir.path().join("long.txt");
    // One byte longer than a window: `clean` streams it.
    std::fs::write(
        &long,
        "a\n".repeat(transcrub::program::STREAMED_FROM_BYTES / 2 + 1),
    )
    .unwrap();
    let long = long.to_str().unwrap();
    for args in [
        vec!["clean", "--check", long],
        vec!["lint", "--help"],
        vec!["clean", "--jsonl", "--help"],
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
fn runs_on_small_files_keep_whole_arenas() {
    let dir = tempfile::tempdir().unwrap();
    let short = dir.path().join("short.txt");
    std::fs::write(&short, "Aasio est là.\n").unwrap();
    // A dictionary longer than a window is no input to stream.
    let dict = dir.path().join("big.toml");
    let mut toml = String::new();
    for i in 0..20_000 {
        toml.push_str(&format!(
            "[[term]]\ncanonical = \"T{i}\"\nvariants = [\"v{i}\"]\n"
        ));
    }
    assert!(toml.len() > transcrub::program::STREAMED_FROM_BYTES);
    std::fs::write(&dict, toml).unwrap();
    let args = [
        "clean",
        "--check",
        "-d",
        dict.to_str().unwrap(),
        short.to_str().unwrap(),
    ];
    let said = options(&args, &[]);
    assert!(said.contains("option 'arena_eager_commit': 2"), "{said}");
    assert!(said.contains("option 'purge_delay': 1 "), "{said}");
    assert!(options(&["--version"], &[]).contains("option 'arena_eager_commit': 2"));
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
