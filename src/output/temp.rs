//! Temporary files beside their target, named so that they can be found
//! again: `.NAME.transcrub-PID-N.tmp` for target `NAME`. A run that is
//! interrupted (Ctrl-C, SIGTERM) removes its own on the way out; one that
//! is killed (SIGKILL, a power cut) leaves one, and the next run that
//! writes the same target removes it once its process is gone.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// What every temporary file's name holds, for people and for cleanup.
pub const TEMP_MARK: &str = ".transcrub-";

/// The temporary files this process has made and not yet renamed.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static COUNTER: AtomicU64 = AtomicU64::new(0);

fn live() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    LIVE.lock().unwrap_or_else(|e| e.into_inner())
}

/// A temporary file, removed when dropped unless it was renamed.
pub(crate) struct TempFile {
    path: PathBuf,
    pub file: File,
    done: bool,
}

impl TempFile {
    /// A new empty file in `dir`, named after `target_name`. New files get
    /// mode 0666 less the umask, as `cp` and `sed -i` give them.
    pub fn create_in(dir: &Path, target_name: &OsStr) -> std::io::Result<TempFile> {
        let pid = std::process::id();
        loop {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let mut name = std::ffi::OsString::from(".");
            name.push(target_name);
            name.push(format!("{TEMP_MARK}{pid}-{n}.tmp"));
            let path = dir.join(name);
            // Registered before it exists, so an interrupt that comes
            // between creating and registering cannot leave it behind.
            live().push(path.clone());
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o666);
            match options.open(&path) {
                Ok(file) => {
                    return Ok(TempFile {
                        path,
                        file,
                        done: false,
                    });
                }
                Err(e) => {
                    unregister(&path);
                    if e.kind() != std::io::ErrorKind::AlreadyExists {
                        return Err(e);
                    }
                }
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Renames the file over `to`.
    pub fn persist(mut self, to: &Path) -> std::io::Result<()> {
        std::fs::rename(&self.path, to)?;
        self.done = true;
        unregister(&self.path);
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.path);
            unregister(&self.path);
        }
    }
}

fn unregister(path: &Path) {
    live().retain(|p| p != path);
}

/// On SIGINT, SIGTERM or SIGHUP: remove this run's temporary files, then
/// exit with 130, as a shell reports an interrupted command. The files
/// being replaced are untouched until their rename, so they stay whole.
pub fn install_interrupt_cleanup() {
    let _ = ctrlc::set_handler(|| {
        for path in live().iter() {
            let _ = std::fs::remove_file(path);
        }
        std::process::exit(130);
    });
}

/// Removes the temporary files for `target_name` in `dir` that a killed
/// run left: their process no longer exists (or, where /proc cannot say,
/// they are a day old). Returns what it removed.
#[cfg(test)]
pub fn remove_stale_temps(dir: &Path, target_name: &OsStr) -> Vec<PathBuf> {
    StaleTemps::default().remove(dir, target_name)
}

/// The temporary files found in each folder a run writes to, listed once
/// per folder: a run writing 1,000 outputs into one folder listed it 1,000
/// times, which grew with the square of the number of files.
#[derive(Default)]
pub struct StaleTemps {
    /// Per folder, the names and paths of the files that look like
    /// temporary files, as first listed.
    found: HashMap<PathBuf, Vec<(String, PathBuf)>>,
}

impl StaleTemps {
    /// Removes the temporary files for `target_name` in `dir` that a
    /// killed run left: their process no longer exists (or, where /proc
    /// cannot say, they are a day old). Returns what it removed.
    pub fn remove(&mut self, dir: &Path, target_name: &OsStr) -> Vec<PathBuf> {
        let mut prefix = std::ffi::OsString::from(".");
        prefix.push(target_name);
        prefix.push(TEMP_MARK);
        let Some(prefix) = prefix.to_str().map(str::to_string) else {
            return Vec::new();
        };
        let found = self
            .found
            .entry(dir.to_path_buf())
            .or_insert_with(|| temps_in(dir));
        let mut removed = Vec::new();
        found.retain(|(name, path)| {
            let Some(rest) = name
                .strip_prefix(prefix.as_str())
                .and_then(|r| r.strip_suffix(".tmp"))
            else {
                return true;
            };
            let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
                return true;
            };
            if pid != std::process::id() && is_gone(pid, path) && std::fs::remove_file(path).is_ok()
            {
                removed.push(path.clone());
                return false;
            }
            true
        });
        removed
    }
}

/// The files in `dir` whose names mark them as temporary files.
fn temps_in(dir: &Path) -> Vec<(String, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_str()?.to_string();
            (name.contains(TEMP_MARK) && name.ends_with(".tmp")).then(|| (name, entry.path()))
        })
        .collect()
}

fn is_gone(pid: u32, path: &Path) -> bool {
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return !proc.join(pid.to_string()).exists();
    }
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age.as_secs() > 24 * 3600)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_temp_file_is_removed_and_a_persisted_one_renamed() {
        let dir = tempfile::tempdir().unwrap();
        let t = TempFile::create_in(dir.path(), OsStr::new("a.srt")).unwrap();
        let name = t.path().file_name().unwrap().to_string_lossy().to_string();
        assert!(name.starts_with(".a.srt.transcrub-"), "{name}");
        drop(t);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        let t = TempFile::create_in(dir.path(), OsStr::new("a.srt")).unwrap();
        let temp = t.path().to_path_buf();
        assert!(live().contains(&temp));
        t.persist(&dir.path().join("a.srt")).unwrap();
        assert!(dir.path().join("a.srt").is_file());
        // Unregistered. (Other tests of this process may have temporary
        // files of their own registered at this moment.)
        assert!(!live().contains(&temp));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn stale_files_of_dead_processes_go_and_live_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        // PID 0 is never a user process: no /proc/0.
        let dead = dir.path().join(".a.srt.transcrub-0-7.tmp");
        let mine = dir
            .path()
            .join(format!(".a.srt.transcrub-{}-9.tmp", std::process::id()));
        let other = dir.path().join(".b.srt.transcrub-0-7.tmp");
        for p in [&dead, &mine, &other] {
            std::fs::write(p, "x").unwrap();
        }
        let removed = remove_stale_temps(dir.path(), OsStr::new("a.srt"));
        assert_eq!(removed, std::slice::from_ref(&dead));
        assert!(!dead.exists() && mine.exists() && other.exists());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn one_listing_serves_every_target_in_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join(".a.srt.transcrub-0-1.tmp");
        let b = dir.path().join(".b.srt.transcrub-0-2.tmp");
        for p in [&a, &b] {
            std::fs::write(p, "x").unwrap();
        }
        let mut stale = StaleTemps::default();
        assert_eq!(
            stale.remove(dir.path(), OsStr::new("a.srt")),
            std::slice::from_ref(&a)
        );
        assert!(!a.exists() && b.exists());
        assert_eq!(
            stale.remove(dir.path(), OsStr::new("b.srt")),
            std::slice::from_ref(&b)
        );
        assert!(!b.exists());
        // Asked again, a removed file is not reported twice.
        assert!(stale.remove(dir.path(), OsStr::new("a.srt")).is_empty());
    }
}
