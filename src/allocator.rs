//! The options of the allocator the programs run on: mimalloc, in the
//! `transcrub` binary (src/main.rs) and in the Python module, whose
//! `transcrub` command and functions are the same code (python/src/lib.rs).
//! Each sets them from a constructor of its own (`.init_array`), which
//! calls [`choose_options`].
//!
//! mimalloc commits its first arena (1 GiB) whole by default, with
//! transparent huge pages, and returns freed pages only after 10 ms: a
//! huge page touched once by one window stays, so a `clean` streaming a
//! 100 MB file held 115-170 MB where it used 50. Committed as used and
//! returned after a millisecond, memory follows the windows (52 MB).
//! Runs on small files used to keep the whole arena, which loaded a large
//! dictionary faster; but committing it makes the kernel find huge pages,
//! and on a machine whose memory is in use and fragmented (after a build,
//! or the benchmarks) that took up to 0.3 s of system time in one run in
//! ten: a pre-commit hook cleaning the podcast's 60 KB episode took 33 ms
//! at the median and 126 ms at worst, 31 and 34 committed as used; the
//! 50,000-variant dictionary loaded in 30 ms at the median and 306 at
//! worst, 34 and 45 (BENCHMARKS.md, "Eleventh round"). So every run
//! commits as used. The options must be set before the first allocation,
//! which the Rust runtime makes before `main`: hence a constructor.
//! `MIMALLOC_ARENA_EAGER_COMMIT` and `MIMALLOC_PURGE_DELAY` still win.

/// `mi_option_arena_eager_commit` and `mi_option_purge_delay`: the same
/// numbers in mimalloc 2 and 3.
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Commits arenas as used and returns freed pages after a millisecond.
/// For a constructor: it touches no Rust runtime state.
pub extern "C" fn choose_options() {
    // SAFETY: sets defaults the environment may still override; touches
    // no Rust runtime state, so it may run before `main`.
    unsafe {
        libmimalloc_sys::mi_option_set_default(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set_default(PURGE_DELAY, 1);
    }
}
