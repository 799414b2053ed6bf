//! The binary's allocator options (src/main.rs): set before the first
//! allocation, or streaming `clean` holds twice the memory it uses. Read
//! back from mimalloc itself, which prints its options when asked to be
//! verbose.

#![cfg(target_os = "linux")]

use std::process::Command;

/// The options mimalloc reports for a run of `transcrub --version` with
/// `env` set.
fn options(env: &[(&str, &str)]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_transcrub"))
        .arg("--version")
        .env("MIMALLOC_VERBOSE", "1")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn arenas_are_committed_as_used_and_freed_pages_returned_soon() {
    let said = options(&[]);
    // mimalloc's own defaults are 2 (commit whole arenas) and 10 ms.
    assert!(said.contains("option 'arena_eager_commit': 0"), "{said}");
    assert!(said.contains("option 'purge_delay': 1 "), "{said}");
}

#[test]
fn the_environment_still_overrides_them() {
    let said = options(&[
        ("MIMALLOC_ARENA_EAGER_COMMIT", "1"),
        ("MIMALLOC_PURGE_DELAY", "10"),
    ]);
    assert!(said.contains("option 'arena_eager_commit': 1"), "{said}");
    assert!(said.contains("option 'purge_delay': 10"), "{said}");
}
