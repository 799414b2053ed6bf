//! The binary: the process's arguments to [`transcrub::program::run`], its
//! status back as the exit code.

use std::process::ExitCode;

/// The program's allocator (why: Cargo.toml, `mimalloc`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Before anything is opened: `-o /dev/fd/3` must be the shell's 3.
    transcrub::program::note_given_descriptors();
    ExitCode::from(transcrub::program::run(std::env::args_os()))
}

/// The allocator's options, set before the runtime's first allocation
/// (why: src/allocator.rs).
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static CHOOSE_ALLOCATOR_OPTIONS: extern "C" fn() = transcrub::allocator::choose_options;
