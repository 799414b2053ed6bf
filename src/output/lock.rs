//! Inputs rewritten in place are read under an exclusive advisory lock
//! held until the rewrite is renamed into place, so two runs on one file
//! take turns and the second cleans what the first wrote: without it both
//! read the same text and the last rename silently drops the first run's
//! corrections.

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;

use crate::error::{Error, ErrorKind, Result};

/// A file read under its lock; the lock lasts as long as this value.
#[derive(Debug)]
pub struct Locked {
    _file: File,
    /// The file's content, read while the lock was held.
    pub bytes: Vec<u8>,
    meta: Metadata,
}

/// Opens `path`, waits for its lock, and reads it. A rename by the run
/// that held the lock before us puts a new file at the path: then the
/// lock we got is on the old one, and we start again on the new one.
pub fn read_locked(path: &Path) -> Result<Locked> {
    for _ in 0..100 {
        let mut file = File::open(path).map_err(|e| Error::io(path, &e))?;
        match file.lock() {
            Ok(()) => {}
            // Some file systems have no locks: go on without one.
            Err(e) if e.kind() == std::io::ErrorKind::Unsupported => {}
            Err(e) => return Err(Error::io(path, &e)),
        }
        let meta = file.metadata().map_err(|e| Error::io(path, &e))?;
        let now = std::fs::metadata(path).map_err(|e| Error::io(path, &e))?;
        if !same_file(&meta, &now) {
            continue;
        }
        let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
        file.read_to_end(&mut bytes)
            .map_err(|e| Error::io(path, &e))?;
        return Ok(Locked {
            _file: file,
            bytes,
            meta,
        });
    }
    Err(Error::new(
        ErrorKind::Io,
        "the file kept being replaced while transcrub waited to read it",
    )
    .in_file(path))
}

impl Locked {
    /// The file's metadata when it was read.
    pub fn metadata(&self) -> &Metadata {
        &self.meta
    }
}

/// Whether `path` still holds the file as it was read: same inode, size
/// and modification time. Another program (an editor) may have written it
/// without asking for our lock.
pub(crate) fn unchanged(read: &Metadata, path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|now| {
        same_file(read, &now)
            && now.len() == read.len()
            && now.modified().ok() == read.modified().ok()
    })
}

#[cfg(unix)]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

#[cfg(not(unix))]
fn same_file(_a: &Metadata, _b: &Metadata) -> bool {
    true
}
