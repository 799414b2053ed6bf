//! The program as the binary runs it: arguments in, exit status out. The
//! only place that prints errors. `src/main.rs` calls it with the process's
//! arguments; the Python package's `transcrub` command calls it too.

use std::ffi::OsString;
use std::io::{self, Write};

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::command::{self, Streams};

/// Lists the descriptors the process was started with, so that `-o
/// /dev/fd/3` writes where the shell's `3>> log` points. The binary calls
/// it before anything else; a process embedding the program (the Python
/// module) does not, as it opens and closes descriptors of its own, and
/// only the standard streams are then taken by name.
pub use crate::output::note_given_descriptors;

/// Runs transcrub with `args` (the first is the program's name) on the
/// process's standard streams, and returns the exit status.
pub fn run<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            // --help and --version are not errors.
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return code;
        }
    };
    // Ctrl-C or SIGTERM in the middle of a write: remove our temporary
    // files; the files being replaced were never touched.
    crate::output::install_interrupt_cleanup();
    let stdin = io::stdin();
    let mut stdin = stdin.lock();
    let mut stdout = io::BufWriter::new(PipeTolerant::new(io::stdout().lock()));
    // Not locked for the whole run: lint's progress bar draws on stderr
    // from its worker threads while this thread waits for them.
    let mut stderr = io::stderr();
    let mut streams = Streams {
        stdin: &mut stdin,
        stdout: &mut stdout,
        stderr: &mut stderr,
    };
    let result = match &cli.command {
        Command::Clean(args) => command::clean::run(args, &mut streams),
        Command::Subtitles(args) => command::subtitles::run(args, &mut streams),
        Command::Lint(args) => command::lint::run(args, &mut streams),
        Command::Dict(command) => command::dict::run(command, &mut streams),
        Command::Review(args) => command::review::run(args, &mut streams),
    };
    let flushed = stdout.flush();
    match result {
        Ok(status) => {
            if let Err(err) = flushed {
                let _ = writeln!(stderr, "error: cannot print: {}", message(&err));
                return 2;
            }
            status.code()
        }
        Err(err) => {
            let _ = writeln!(stderr, "error: {err}");
            2
        }
    }
}

fn message(err: &io::Error) -> String {
    let text = err.to_string();
    text.split(" (os error")
        .next()
        .unwrap_or(&text)
        .to_lowercase()
}

/// Standard output that a reader may close early (`transcrub lint | head
/// -1`): once it has, the rest is dropped quietly, and the command goes on
/// to decide its exit status from what it found, not from the pipe.
struct PipeTolerant<W> {
    inner: W,
    closed: bool,
}

impl<W> PipeTolerant<W> {
    fn new(inner: W) -> Self {
        PipeTolerant {
            inner,
            closed: false,
        }
    }
}

impl<W: Write> Write for PipeTolerant<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        match self.inner.write(buf) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(buf.len())
            }
            other => other,
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        match self.inner.flush() {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }
}
