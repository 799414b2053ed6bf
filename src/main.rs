//! The binary: arguments in, exit code out. The only place that prints errors.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

use transcrub::cli::{Cli, Command};
use transcrub::command::{self, Streams};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // --help and --version are not errors.
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    let stdin = io::stdin();
    let stdout = io::stdout();
    let stderr = io::stderr();
    let mut stdin = stdin.lock();
    let mut stdout = io::BufWriter::new(stdout.lock());
    let mut stderr = stderr.lock();
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
    };
    let flushed = stdout.flush();
    match result {
        Ok(status) => {
            if let Err(err) = flushed
                && err.kind() != io::ErrorKind::BrokenPipe
            {
                let _ = writeln!(stderr, "error: cannot print: {err}");
                return ExitCode::from(2);
            }
            ExitCode::from(status.code())
        }
        // `transcrub lint | head`: the reader has what it wanted.
        Err(err) if err.kind == transcrub::ErrorKind::Closed => ExitCode::from(0),
        Err(err) => {
            let _ = writeln!(stderr, "error: {err}");
            ExitCode::from(2)
        }
    }
}
