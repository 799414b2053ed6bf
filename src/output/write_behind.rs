//! Writes a streamed output into its temporary file, asking the kernel
//! every few megabytes to start putting what is written so far on disk
//! (Linux's `sync_file_range`, which returns without waiting). The output
//! is still synced whole before it is renamed into place (plan.rs); that
//! sync then waits for the last few megabytes and the file system's
//! journal, not for the whole file: it was 7 ms of the 157 ms a 10 MB
//! `clean -o` took, 39 ms of a 100 MB one (BENCHMARKS.md, "Forty-seventh
//! round"). Databases do the same (RocksDB's `bytes_per_sync`). Elsewhere
//! the writes go straight through.

use std::fs::File;
use std::io::{self, Write};
use std::ops::Range;

/// Bytes written between two requests: a few, so that the disk is kept
/// busy while the program computes, and few enough that the sync at the
/// end has little left to wait for.
const EVERY_BYTES: u64 = 4 << 20;

/// A temporary file being written, and how much of it the kernel was
/// asked to put on disk.
pub(super) struct WriteBehind<'f> {
    file: &'f File,
    written: u64,
    asked: u64,
}

impl<'f> WriteBehind<'f> {
    pub fn new(file: &'f File) -> WriteBehind<'f> {
        WriteBehind {
            file,
            written: 0,
            asked: 0,
        }
    }

    /// The bytes to ask for after `n` more were written: those not asked
    /// yet, once there are `EVERY_BYTES` of them.
    fn due(&mut self, n: usize) -> Option<Range<u64>> {
        self.written += n as u64;
        if self.written - self.asked < EVERY_BYTES {
            return None;
        }
        let range = self.asked..self.written;
        self.asked = self.written;
        Some(range)
    }
}

impl Write for WriteBehind<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = (&*self.file).write(buf)?;
        if let Some(range) = self.due(n) {
            start_writeback(self.file, range);
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        (&*self.file).flush()
    }
}

/// Asks the kernel to start writing `range` of `file` to disk, without
/// waiting. A hint: its failure changes nothing, and the sync before the
/// rename reports any error writing the file.
#[cfg(target_os = "linux")]
fn start_writeback(file: &File, range: Range<u64>) {
    use std::os::fd::AsRawFd;
    let (Ok(offset), Ok(length)) = (
        libc::off64_t::try_from(range.start),
        libc::off64_t::try_from(range.end - range.start),
    ) else {
        return;
    };
    // SAFETY: the descriptor is the open file `file` borrows for the
    // whole call; the call reads no memory of ours.
    unsafe {
        libc::sync_file_range(
            file.as_raw_fd(),
            offset,
            length,
            libc::SYNC_FILE_RANGE_WRITE,
        );
    }
}

#[cfg(not(target_os = "linux"))]
fn start_writeback(_file: &File, _range: Range<u64>) {}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kernel is asked for each run of written bytes once, in order,
    /// once a run reaches `EVERY_BYTES`; what is left at the end is the
    /// sync's.
    #[test]
    fn every_byte_is_asked_for_once_in_order() {
        let file = tempfile::tempfile().unwrap();
        let mut behind = WriteBehind::new(&file);
        let step = EVERY_BYTES as usize / 3 + 1;
        let asked: Vec<Range<u64>> = (0..10).filter_map(|_| behind.due(step)).collect();
        let step = step as u64;
        assert_eq!(
            asked,
            [0..3 * step, 3 * step..6 * step, 6 * step..9 * step],
            "{step}"
        );
        assert_eq!(behind.written - behind.asked, step);
    }

    /// What goes through is the file's content, byte for byte, over
    /// several requests.
    #[test]
    fn the_file_holds_what_was_written() {
        let file = tempfile::tempfile().unwrap();
        let chunk: Vec<u8> = (0..=255u8).cycle().take(1 << 20).collect();
        let mut behind = WriteBehind::new(&file);
        for _ in 0..9 {
            behind.write_all(&chunk).unwrap();
        }
        behind.flush().unwrap();
        assert_eq!(behind.asked, 2 * EVERY_BYTES);
        use std::io::{Read, Seek};
        let mut back = Vec::new();
        (&file).rewind().unwrap();
        (&file).read_to_end(&mut back).unwrap();
        assert_eq!(back.len(), 9 << 20);
        assert!(back.chunks(1 << 20).all(|c| c == chunk));
    }
}
