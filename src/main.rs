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
/// price: a large dictionary, faulted in 4 KB at a time (6,200 faults
/// against 1,200), loads a fifth slower (57 ms against 45, median). So
/// arenas are committed as used only for runs that may stream: `lint`,
/// `--jsonl`, or a file argument longer than one window (a dictionary
/// aside); a run on small files (a pre-commit hook, a per-file CI job)
/// keeps mimalloc's default. The first option must be set before the
/// first allocation, which the runtime makes before `main`: hence a
/// constructor, which glibc gives the process's arguments.
/// `MIMALLOC_ARENA_EAGER_COMMIT` and `MIMALLOC_PURGE_DELAY` still win.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static CHOOSE_ALLOCATOR_OPTIONS: extern "C" fn(
    libc::c_int,
    *const *const libc::c_char,
    *const *const libc::c_char,
) = choose_allocator_options;

#[cfg(target_os = "linux")]
extern "C" fn choose_allocator_options(
    argc: libc::c_int,
    argv: *const *const libc::c_char,
    _envp: *const *const libc::c_char,
) {
    // Other C libraries may pass nothing: then commit as used, always.
    let streams = !cfg!(target_env = "gnu") || argv.is_null() || {
        let count = usize::try_from(argc).unwrap_or(0);
        // SAFETY: glibc passes `main`'s argc and argv, argc pointers to
        // NUL-terminated strings.
        let args = (1..count).map(|i| unsafe { std::ffi::CStr::from_ptr(*argv.add(i)) });
        may_stream(args)
    };
    // SAFETY: sets defaults the environment may still override; touches
    // no Rust runtime state, so it may run before `main`.
    unsafe {
        if streams {
            libmimalloc_sys::mi_option_set_default(ARENA_EAGER_COMMIT, 0);
        }
        libmimalloc_sys::mi_option_set_default(PURGE_DELAY, 1);
    }
}

/// Whether a run with these arguments may stream: `lint` (many files),
/// `--jsonl`, or a file longer than a window that is not a dictionary.
/// Allocates nothing: it runs before the allocator's options are set.
#[cfg(target_os = "linux")]
fn may_stream<'a>(args: impl Iterator<Item = &'a std::ffi::CStr>) -> bool {
    let mut after_dict = false;
    for arg in args {
        let bytes = arg.to_bytes();
        if bytes == b"lint" || bytes == b"--jsonl" {
            return true;
        }
        let dictionary = after_dict || bytes.ends_with(b".toml");
        after_dict = bytes == b"-d" || bytes == b"--dict";
        if dictionary {
            continue;
        }
        // SAFETY: `stat` fills the zeroed struct it is given, or fails.
        let mut meta: libc::stat = unsafe { std::mem::zeroed() };
        let found = unsafe { libc::stat(arg.as_ptr(), &mut meta) } == 0;
        let long = meta.st_size > 0
            && meta.st_size as u64 > transcrub::program::STREAMED_FROM_BYTES as u64;
        if found && (meta.st_mode & libc::S_IFMT) == libc::S_IFREG && long {
            return true;
        }
    }
    false
}
