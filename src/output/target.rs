//! What stands at an output path, and so how to write it: a regular file
//! (or nothing yet) is replaced atomically; a character device, a FIFO or
//! a socket is opened and written into, as `cp` and the shell's `>` would;
//! replacing them would turn `/dev/null` into a regular file for every
//! program on the machine. A descriptor named by its path (`/dev/stdout`,
//! `/dev/fd/2`, `/dev/fd/3` after `3>> log`) is written where the shell
//! pointed it: `-o /dev/stdout` is stdout, as `-` is.

use std::fs::Metadata;
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Result};

use super::descriptors;

/// Where an output goes.
#[derive(Debug, Clone)]
pub enum Target {
    /// `-`: this process's standard output.
    Stdout,
    /// A regular file, or a path where nothing is yet: written to a
    /// temporary file beside it, then renamed over it. `path` is where the
    /// rename goes: a symlink's target, so the link stays a link.
    File {
        /// Where the rename goes.
        path: PathBuf,
        /// The file there now, if any: the replacement keeps its owner and mode.
        existing: Option<Metadata>,
    },
    /// Anything else that can be opened for writing: written through
    /// (`open_through`).
    Through(PathBuf),
}

/// What makes two paths the same file, for collision checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    Stdout,
    /// Device and inode of an existing file.
    Inode(u64, u64),
    /// The absolute path of a file that does not exist yet.
    Path(PathBuf),
}

impl Target {
    /// What kind of place `path` is (`-` is stdout); a folder is an error.
    pub fn of(path: &Path) -> Result<Target> {
        if path.as_os_str() == "-" {
            return Ok(Target::Stdout);
        }
        match descriptor_named(path) {
            Some(STDOUT) => return Ok(Target::Stdout),
            // Whatever it leads to, a file opened by the shell: replacing
            // it would lose what `2>> log` appends to.
            Some(descriptor) if descriptors::given(descriptor) => {
                return Ok(Target::Through(path.to_path_buf()));
            }
            // Not the shell's: at best nothing, at worst a descriptor of
            // the program's own.
            Some(descriptor) if descriptors::noted() => {
                return Err(Error::new(
                    ErrorKind::Usage,
                    format!(
                        "expected a descriptor the shell opened, found none numbered {descriptor}"
                    ),
                )
                .in_file(path));
            }
            _ => {}
        }
        // metadata() follows links: a link to a device is a device.
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => Err(Error::new(
                ErrorKind::Usage,
                "expected a file to write, found a folder",
            )
            .in_file(path)),
            Ok(meta) if meta.is_file() => {
                let resolved = std::fs::canonicalize(path).map_err(|e| Error::io(path, &e))?;
                // A file of the kernel's (/proc/sys/...): written into.
                if resolved.starts_with("/proc") {
                    return Ok(Target::Through(path.to_path_buf()));
                }
                Ok(Target::File {
                    path: resolved,
                    existing: Some(meta),
                })
            }
            Ok(_) => Ok(Target::Through(path.to_path_buf())),
            // Not a file that may be made: the kernel lists only the open.
            Err(e)
                if e.kind() == std::io::ErrorKind::NotFound
                    && path.to_str().and_then(in_descriptor_folder).is_some() =>
            {
                Err(Error::new(
                    ErrorKind::Usage,
                    "expected a descriptor the shell opened, found none by this name",
                )
                .in_file(path))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // A dangling symlink: write where it points, keeping the link.
                let path = match std::fs::read_link(path) {
                    Ok(to) => match path.parent() {
                        Some(parent) => parent.join(to),
                        None => to,
                    },
                    Err(_) => path.to_path_buf(),
                };
                Ok(Target::File {
                    path,
                    existing: None,
                })
            }
            Err(e) => Err(Error::io(path, &e)),
        }
    }

    /// What makes this output the same file as another output or an input.
    pub fn identity(&self) -> Identity {
        match self {
            Target::Stdout => Identity::Stdout,
            Target::File {
                existing: Some(meta),
                ..
            } => inode(meta),
            Target::File { path, .. } | Target::Through(path) => match std::fs::metadata(path) {
                Ok(meta) => inode(&meta),
                Err(_) => Identity::Path(absolute(path)),
            },
        }
    }
}

/// The identity of a file the run reads, if it exists.
pub fn identity_of(path: &Path) -> Identity {
    if path.as_os_str() == "-" {
        return Identity::Stdout;
    }
    match std::fs::metadata(path) {
        Ok(meta) => inode(&meta),
        Err(_) => Identity::Path(absolute(path)),
    }
}

/// Whether `path` names this process's standard output: `-`, or
/// `/dev/stdout` and the like.
fn names_stdout(path: &Path) -> bool {
    path.as_os_str() == "-" || descriptor_named(path) == Some(STDOUT)
}

/// Whether `path` names one of this process's descriptors (`/dev/stdin`,
/// `/dev/fd/3`, a link to one): not a file that can be rewritten in place.
pub fn names_descriptor(path: &Path) -> bool {
    descriptor_named(path).is_some()
}

/// Whether an output to `path` is staged: written to a temporary file
/// and renamed over it at the end, so a run that finds halfway through
/// that it must start again throws away what it wrote, where stdout, a
/// device or a FIFO has already passed it on. False when `path` would be
/// refused (the run that writes says why).
pub fn is_staged(path: &Path) -> bool {
    matches!(Target::of(path), Ok(Target::File { .. }))
}

/// Where a run that writes as it reads `input` sends its output `to`:
/// `-` for any name of stdout (`-o /dev/stdout` is stdout, as `-` is).
/// `None` when stdout is `input` itself (`>> a.srt`): printed as it is
/// read, the output would be read back without end, so the usual
/// reading, which reads the file first, must run.
pub fn streamed_to(to: &Path, input: &Path) -> Option<PathBuf> {
    if !names_stdout(to) {
        return Some(to.to_path_buf());
    }
    (!stdout_is(input)).then(|| PathBuf::from("-"))
}

/// Opens a path written through for writing, never creating or
/// truncating it. A standard stream named by its path is duplicated, so
/// the output goes where the shell pointed it, and is appended if it was
/// opened to append (`2>> log`): opened again by its path, a file would
/// be written over from its start.
pub fn open_through(path: &Path) -> std::io::Result<std::fs::File> {
    #[cfg(unix)]
    if let Some(descriptor) = descriptor_named(path).filter(|&d| descriptors::given(d)) {
        return duplicate(descriptor);
    }
    std::fs::OpenOptions::new().write(true).open(path)
}

/// Standard output's descriptor, and standard error's.
const STDOUT: i32 = 1;
#[cfg(unix)]
const STDERR: i32 = 2;

/// The descriptor of this process that `path` names, directly or
/// through symbolic links: `/dev/stdout`, `/dev/stderr`, `/dev/fd/3`,
/// `/proc/self/fd/2`... A number above 2 may be a descriptor transcrub
/// opened itself (its interrupt pipe, an input) rather than one the shell
/// gave it: callers ask `descriptors::given`. The three standard streams
/// are always the shell's (the standard library opens /dev/null for one
/// the shell closed).
fn descriptor_named(path: &Path) -> Option<i32> {
    #[cfg(unix)]
    {
        let mut path = path.to_path_buf();
        // A link to a link to /dev/stdout is still stdout; a loop is not.
        for _ in 0..8 {
            if let Some(descriptor) = descriptor_name(&path) {
                return Some(descriptor);
            }
            let to = std::fs::read_link(&path).ok()?;
            path = match path.parent() {
                Some(parent) => parent.join(to),
                None => to,
            };
        }
        None
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// The standard stream a path names by its text alone.
#[cfg(unix)]
fn descriptor_name(path: &Path) -> Option<i32> {
    let text = path.to_str()?;
    match text {
        "/dev/stdin" => return Some(0),
        "/dev/stdout" => return Some(STDOUT),
        "/dev/stderr" => return Some(STDERR),
        _ => {}
    }
    let number = in_descriptor_folder(text)?;
    // Digits only: `+3` and `03` are not names the kernel gives.
    let canonical =
        number.bytes().all(|b| b.is_ascii_digit()) && (number == "0" || !number.starts_with('0'));
    if canonical { number.parse().ok() } else { None }
}

/// What follows the folder of this process's descriptors in `text`
/// (`/dev/fd/`, `/proc/self/fd/`...), if it is in it.
fn in_descriptor_folder(text: &str) -> Option<&str> {
    let own = format!("/proc/{}/fd/", std::process::id());
    ["/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/", &own]
        .iter()
        .find_map(|folder| text.strip_prefix(folder))
}

/// A new descriptor for the same open file as `descriptor`, a standard
/// stream or one the shell gave (`descriptors::given`).
#[cfg(unix)]
fn duplicate(descriptor: i32) -> std::io::Result<std::fs::File> {
    use std::os::fd::{AsFd, BorrowedFd};
    let owned = match descriptor {
        0 => std::io::stdin().as_fd().try_clone_to_owned()?,
        STDOUT => std::io::stdout().as_fd().try_clone_to_owned()?,
        STDERR => std::io::stderr().as_fd().try_clone_to_owned()?,
        // SAFETY: a given descriptor was open when the program started,
        // and the program closes only descriptors it opened itself, so it
        // is open still, and is the shell's (no number can be reused
        // while it stays open).
        _ => unsafe { BorrowedFd::borrow_raw(descriptor) }.try_clone_to_owned()?,
    };
    Ok(std::fs::File::from(owned))
}

/// Whether this process's standard output is the file at `path`, as
/// with `transcrub clean a.srt >> a.srt`: a run that prints as it reads
/// would then read its own output back, without end.
pub fn stdout_is(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() else {
            return false;
        };
        let Ok(meta) = std::fs::File::from(fd).metadata() else {
            return false;
        };
        meta.is_file() && identity_of(path) == inode(&meta)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

#[cfg(unix)]
fn inode(meta: &Metadata) -> Identity {
    use std::os::unix::fs::MetadataExt;
    Identity::Inode(meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn inode(_meta: &Metadata) -> Identity {
    Identity::Path(PathBuf::new())
}

/// `path` made absolute, its folder resolved when it exists, so that
/// `out/a.srt` and `./out/../out/a.srt` compare equal before either exists.
fn absolute(path: &Path) -> PathBuf {
    let name = path.file_name().map(PathBuf::from).unwrap_or_default();
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    match std::fs::canonicalize(&parent) {
        Ok(dir) => dir.join(name),
        Err(_) => std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf()),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn devices_are_written_through_and_files_replaced() {
        assert!(matches!(
            Target::of(Path::new("/dev/null")).unwrap(),
            Target::Through(_)
        ));
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.srt");
        assert!(matches!(
            Target::of(&file).unwrap(),
            Target::File { existing: None, .. }
        ));
        std::fs::write(&file, "x").unwrap();
        assert!(matches!(
            Target::of(&file).unwrap(),
            Target::File {
                existing: Some(_),
                ..
            }
        ));
        let err = Target::of(dir.path()).unwrap_err();
        assert!(err.message.contains("found a folder"), "{err}");
    }

    #[test]
    fn a_path_and_its_detour_are_one_identity() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("out")).unwrap();
        let a = dir.path().join("out/a.srt");
        let b = dir.path().join("out/../out/a.srt");
        assert_eq!(identity_of(&a), identity_of(&b));
        std::fs::write(&a, "x").unwrap();
        assert_eq!(identity_of(&a), identity_of(&b));
    }
}
