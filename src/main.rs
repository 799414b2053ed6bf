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
/// returned after a millisecond, memory follows the windows (52 MB).
/// Runs on small files used to keep the whole arena, which loaded a large
/// dictionary faster; but committing it makes the kernel find huge pages,
/// and on a machine whose memory is in use and fragmented (after a build,
/// or the benchmarks) that took up to 0.3 s of system time in one run in
/// ten: a pre-commit hook cleaning the podcast's 60 KB episode took 33 ms
/// at the median and 126 ms at worst, 31 and 34 committed as used; the
/// 50,000-variant dictionary loaded in 30 ms at the median and 306 at
/// worst, 34 and 45 (BENCHMARKS.md, "Eleventh round"). So every run
/// commits as used. The option must be set before the first allocation,
/// which the runtime makes before `main`: hence a constructor.
/// `MIMALLOC_ARENA_EAGER_COMMIT` and `MIMALLOC_PURGE_DELAY` still win.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static CHOOSE_ALLOCATOR_OPTIONS: extern "C" fn() = choose_allocator_options;

#[cfg(target_os = "linux")]
extern "C" fn choose_allocator_options() {
    // SAFETY: sets defaults the environment may still override; touches
    // no Rust runtime state, so it may run before `main`.
    unsafe {
        libmimalloc_sys::mi_option_set_default(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set_default(PURGE_DELAY, 1);
    }
}
