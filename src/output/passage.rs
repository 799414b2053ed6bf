//! An output a run writes as it goes instead of staging it: stdout, or a
//! device, a FIFO or `/dev/stderr`, which cannot be staged in a
//! temporary file and renamed into place, so staging would hold the
//! whole output in memory until the end.
//!
//! A path written through is opened at its first byte, not when it is
//! claimed: a run that finds before writing that it must read its file
//! whole after all hands the output back to the usual staging, which
//! opens the path at commit. Opened twice, a FIFO's reader would take the
//! first close for the end of its input.

use std::fs::File;
use std::io::Write;
use std::path::PathBuf;

/// Where a streamed run writes an output, claimed in its plan
/// (`Plan::claim_passage`).
#[derive(Debug)]
pub enum Passage {
    /// This process's standard output.
    Stdout,
    /// A path written through.
    Through(Through),
}

/// A path written through (a FIFO, a device), opened at its first byte.
#[derive(Debug)]
pub struct Through {
    path: PathBuf,
    file: Option<File>,
}

impl Passage {
    /// A path written through, not opened yet.
    pub(super) fn through(path: PathBuf) -> Passage {
        Passage::Through(Through { path, file: None })
    }

    /// What to write the output into: `stdout` is this process's.
    pub fn writer<'a>(&'a mut self, stdout: &'a mut dyn Write) -> &'a mut dyn Write {
        match self {
            Passage::Stdout => stdout,
            Passage::Through(through) => through,
        }
    }

    /// After the last byte: a path nothing was written to is opened all
    /// the same, as the usual staging opens it, so that a FIFO's reader
    /// sees its (empty) end.
    pub fn finish(&mut self) -> std::io::Result<()> {
        match self {
            Passage::Stdout => Ok(()),
            Passage::Through(through) => through.file()?.flush(),
        }
    }
}

impl Through {
    /// The file, opened if it is not yet.
    fn file(&mut self) -> std::io::Result<&mut File> {
        let file = match self.file.take() {
            Some(file) => file,
            None => super::target::open_through(&self.path)?,
        };
        Ok(self.file.insert(file))
    }
}

impl Write for Through {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match buf.is_empty() {
            true => Ok(0),
            false => self.file()?.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match buf.is_empty() {
            true => Ok(()),
            false => self.file()?.write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.file {
            Some(file) => file.flush(),
            None => Ok(()),
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// A FIFO and a reader of it: what the reader read, once it sees the end.
    fn fifo_read(write: impl FnOnce(&mut Passage)) -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("out");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        let mut passage = Passage::through(fifo);
        write(&mut passage);
        drop(passage);
        reader.join().unwrap()
    }

    #[test]
    fn a_fifo_is_opened_once_at_its_first_byte() {
        let read = fifo_read(|passage| {
            let mut no_stdout = std::io::sink();
            let opened = |p: &Passage| matches!(p, Passage::Through(t) if t.file.is_some());
            assert!(!opened(passage));
            passage.writer(&mut no_stdout).write_all(b"un ").unwrap();
            assert!(opened(passage));
            passage.writer(&mut no_stdout).write_all(b"deux\n").unwrap();
            passage.finish().unwrap();
        });
        // Opened twice, the reader would have stopped at the first close.
        assert_eq!(read, b"un deux\n");
    }

    #[test]
    fn a_fifo_nothing_was_written_to_is_opened_at_the_end() {
        // Without the open in `finish`, the reader would wait for ever.
        assert_eq!(fifo_read(|passage| passage.finish().unwrap()), b"");
    }

    #[test]
    fn stdout_is_written_by_the_caller() {
        let mut stdout = Vec::new();
        let mut passage = Passage::Stdout;
        passage.writer(&mut stdout).write_all(b"abc").unwrap();
        passage.finish().unwrap();
        assert_eq!(stdout, b"abc");
    }
}
