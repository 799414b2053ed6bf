//! The binary: the process's arguments to [`transcrub::program::run`], its
//! status back as the exit code.

use std::process::ExitCode;

/// The program's allocator (why: Cargo.toml, `mimalloc`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    ExitCode::from(transcrub::program::run(std::env::args_os()))
}
