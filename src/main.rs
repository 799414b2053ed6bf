//! The binary: the process's arguments to [`transcrub::program::run`], its
//! status back as the exit code.

use std::process::ExitCode;

/// The program's allocator (why: Cargo.toml, `mimalloc`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    ExitCode::from(transcrub::program::run(std::env::args_os()))
}

/// `mi_option_arena_eager_commit` and `mi_option_purge_delay`: the same
/// numbers in mimalloc 2 and 3.
#[cfg(target_os = "linux")]
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
#[cfg(target_os = "linux")]
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc commits its first arena (1 GiB) whole by default, with
/// transparent huge pages, and returns freed pages only after 10 ms: a
/// huge page touched once by one window stays, so a `clean` streaming a
/// 100 MB file held 115-170 MB where it used 50. Committed as used and
/// returned after a millisecond, memory follows the windows (52 MB). The
/// price: a large dictionary, faulted in 4 KB at a time, loads about 20 ms
/// slower (BENCHMARKS.md, "Third round"). The first option must be set
/// before the first allocation, which the runtime makes before `main`:
/// hence a constructor. `MIMALLOC_ARENA_EAGER_COMMIT` and
/// `MIMALLOC_PURGE_DELAY` still win.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static COMMIT_MEMORY_AS_USED: extern "C" fn() = commit_memory_as_used;

#[cfg(target_os = "linux")]
extern "C" fn commit_memory_as_used() {
    // SAFETY: sets a default the environment may still override; touches
    // no Rust runtime state, so it may run before `main`.
    unsafe {
        libmimalloc_sys::mi_option_set_default(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set_default(PURGE_DELAY, 1);
    }
}
