//! Every output of a run, staged before any is written: a run that fails
//! has changed nothing, and no output lands on a file the run reads (an
//! input, a dictionary, the configuration) or on another output.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Result};

use super::lock::{Locked, unchanged};
use super::passage::Passage;
use super::target::{Identity, Target, identity_of, open_through};
use super::temp::{StaleTemps, TempFile};
use super::write_behind::WriteBehind;

/// Temporary files put on disk at once at commit.
const SYNCS_AT_ONCE: usize = 32;

/// The outputs of one run, staged, and the files it reads.
#[derive(Default)]
pub struct Plan {
    reads: Vec<(Identity, String)>,
    outputs: Vec<(Identity, String, Staged)>,
    notes: Vec<String>,
    /// Temporary files interrupted runs left in the folders written to.
    stale: StaleTemps,
}

enum Staged {
    /// A temporary file to rename over `to`; `read` is the input's
    /// metadata when the output replaces the file it was read from.
    Rename {
        temp: TempFile,
        to: PathBuf,
        read: Option<std::fs::Metadata>,
    },
    /// Bytes for a device, a FIFO or a descriptor, opened at commit.
    Through {
        path: PathBuf,
        bytes: Vec<u8>,
    },
    Stdout(Vec<u8>),
    /// Stdout or a path written through as the run went (a streamed
    /// run, `Passage`): nothing is left to write, but no other output
    /// may go there.
    Written,
    /// A file that holds the output's bytes already: left as it is, its
    /// inode, times and links with it. `read` as for `Rename`: a file
    /// rewritten in place that someone changed meanwhile still fails.
    Kept {
        to: PathBuf,
        read: Option<std::fs::Metadata>,
    },
}

impl Plan {
    /// A plan with nothing staged.
    pub fn new() -> Plan {
        Plan::default()
    }

    /// A file the run reads: no output may replace it, unless it is that
    /// output's own input rewritten in place. `what` names it in messages
    /// ("the input a.srt", "the dictionary show.toml").
    pub fn reads(&mut self, path: &Path, what: impl Into<String>) {
        if path.as_os_str() != "-" {
            self.reads.push((identity_of(path), what.into()));
        }
    }

    /// Stages `bytes` for `path` (`-` is stdout). `replaces` is the locked
    /// input when the output rewrites it in place.
    pub fn stage(
        &mut self,
        path: &Path,
        what: &str,
        bytes: Vec<u8>,
        replaces: Option<&Locked>,
    ) -> Result<()> {
        // The shell's descriptor can be written from where it stands, or
        // appended to: what was read through it cannot be replaced.
        if replaces.is_some() && super::names_descriptor(path) {
            return Err(Error::new(
                ErrorKind::Usage,
                "expected a file to rewrite in place, found a descriptor",
            )
            .in_file(path));
        }
        let target = self.check(path, what, replaces)?;
        let identity = target.identity();
        let staged = match target {
            Target::Stdout => Staged::Stdout(bytes),
            Target::Through(path) => Staged::Through { path, bytes },
            Target::File { path: to, existing }
                if existing.as_ref().is_some_and(|meta| {
                    holds_already(&to, meta, &bytes[..], bytes.len() as u64)
                }) =>
            {
                Staged::Kept {
                    to,
                    read: replaces.map(|l| l.metadata().clone()),
                }
            }
            Target::File { path: to, existing } => {
                let mut temp = self.temp_beside(&to)?;
                temp.file
                    .write_all(&bytes)
                    .map_err(|e| Error::io(&to, &e))?;
                self.finish_temp(&temp, &to, existing.as_ref())?;
                Staged::Rename {
                    temp,
                    to,
                    read: replaces.map(|l| l.metadata().clone()),
                }
            }
        };
        self.outputs.push((identity, what.to_string(), staged));
        Ok(())
    }

    /// Stages an output written as it is made: `fill` writes it, into a
    /// temporary file beside a file target (so a long output is never
    /// held in memory), into memory for stdout and devices. What `fill`
    /// returns is handed back; if it fails, nothing is staged.
    pub fn stage_streamed<T>(
        &mut self,
        path: &Path,
        what: &str,
        fill: impl FnOnce(&mut dyn Write) -> Result<T>,
    ) -> Result<T> {
        let target = self.check(path, what, None)?;
        let identity = target.identity();
        let (staged, value) = match target {
            Target::Stdout => {
                let mut bytes = Vec::new();
                let value = fill(&mut bytes)?;
                (Staged::Stdout(bytes), value)
            }
            Target::Through(path) => {
                let mut bytes = Vec::new();
                let value = fill(&mut bytes)?;
                (Staged::Through { path, bytes }, value)
            }
            Target::File { path: to, existing } => {
                let temp = self.temp_beside(&to)?;
                let mut writer =
                    std::io::BufWriter::with_capacity(1 << 20, WriteBehind::new(&temp.file));
                let value = fill(&mut writer)?;
                writer.flush().map_err(|e| Error::io(&to, &e))?;
                drop(writer);
                let kept = existing.as_ref().is_some_and(|meta| {
                    std::fs::File::open(temp.path())
                        .and_then(|made| Ok((made.metadata()?.len(), made)))
                        .is_ok_and(|(len, made)| holds_already(&to, meta, made, len))
                });
                let staged = if kept {
                    // Removed when dropped.
                    drop(temp);
                    Staged::Kept { to, read: None }
                } else {
                    self.finish_temp(&temp, &to, existing.as_ref())?;
                    Staged::Rename {
                        temp,
                        to,
                        read: None,
                    }
                };
                (staged, value)
            }
        };
        self.outputs.push((identity, what.to_string(), staged));
        Ok(value)
    }

    /// Takes `path` for `what`, which the run writes there itself as it
    /// goes, if it is stdout or a path written through (a device, a
    /// FIFO): staged, those would be held in memory whole. Claimed before
    /// anything is written, so that another output there (a report
    /// named `-`) is refused as it would be were `what` staged. `None`
    /// for a file, which is staged as it is written (`stage_streamed`).
    pub fn claim_passage(&mut self, path: &Path, what: &str) -> Result<Option<Passage>> {
        let target = self.check(path, what, None)?;
        let passage = match &target {
            Target::Stdout => Passage::Stdout,
            Target::Through(path) => Passage::through(path.clone()),
            Target::File { .. } => return Ok(None),
        };
        self.outputs
            .push((target.identity(), what.to_string(), Staged::Written));
        Ok(Some(passage))
    }

    /// Checks, before anything is written, that `path` could be staged as
    /// `what` (not a file the run reads, not another output's) and, for a
    /// file, that a temporary file can be made beside it (its folder
    /// exists and takes files): a run that prints as it goes must not
    /// find out after printing.
    pub fn check_output(&mut self, path: &Path, what: &str) -> Result<()> {
        if let Target::File { path: to, .. } = self.check(path, what, None)? {
            // Removed when dropped; staging makes its own.
            self.temp_beside(&to)?;
        }
        Ok(())
    }

    /// The target of an output, refused if it is a file the run reads
    /// (other than `replaces`, its own input) or another output's.
    fn check(&self, path: &Path, what: &str, replaces: Option<&Locked>) -> Result<Target> {
        let target = Target::of(path)?;
        let identity = target.identity();
        let own_input = replaces.map(|l| identity_of_meta(l.metadata()));
        if let Some((_, read)) = self
            .reads
            .iter()
            .find(|(id, _)| *id == identity && Some(id) != own_input.as_ref())
        {
            return Err(collision(format!(
                "{what} {} would overwrite {read}; choose another path",
                path.display()
            )));
        }
        if let Some((_, other, _)) = self.outputs.iter().find(|(id, _, _)| *id == identity) {
            let place = match identity {
                Identity::Stdout => "stdout".to_string(),
                _ => path.display().to_string(),
            };
            return Err(collision(format!(
                "{other} and {what} would both be written to {place}"
            )));
        }
        Ok(target)
    }

    /// A new temporary file beside `to`, after removing those interrupted
    /// runs left there.
    fn temp_beside(&mut self, to: &Path) -> Result<TempFile> {
        let dir = match to.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let name = to.file_name().unwrap_or(to.as_os_str());
        for stale in self.stale.remove(dir, name) {
            self.notes.push(format!(
                "removed {}, left by an interrupted run",
                stale.display()
            ));
        }
        TempFile::create_in(dir, name).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::new(ErrorKind::Io, "the folder does not exist").in_file(dir)
            } else {
                Error::io(to, &e)
            }
        })
    }

    /// A temporary file written whole gets the owner and mode of the file
    /// it replaces (it reaches the disk at `commit`, before any rename).
    fn finish_temp(
        &mut self,
        temp: &TempFile,
        to: &Path,
        existing: Option<&std::fs::Metadata>,
    ) -> Result<()> {
        if let Some(meta) = existing {
            self.keep_owner_and_mode(temp, to, meta)?;
        }
        Ok(())
    }

    /// The replacement keeps the replaced file's owner, group and mode, as
    /// `sed -i` does; as root without this, every rewritten file of another
    /// user would become root's.
    #[cfg(unix)]
    fn keep_owner_and_mode(
        &mut self,
        temp: &TempFile,
        to: &Path,
        meta: &std::fs::Metadata,
    ) -> Result<()> {
        use std::os::unix::fs::MetadataExt;
        let ours = temp.file.metadata().map_err(|e| Error::io(to, &e))?;
        if (ours.uid(), ours.gid()) != (meta.uid(), meta.gid())
            && std::os::unix::fs::fchown(&temp.file, Some(meta.uid()), Some(meta.gid())).is_err()
        {
            // Not root: at least the group, when we are in it.
            let group = std::os::unix::fs::fchown(&temp.file, None, Some(meta.gid())).is_ok();
            self.notes.push(format!(
                "{}: only its owner or root can keep its owner{}; the rewritten file is yours",
                to.display(),
                if group { "" } else { " and group" }
            ));
        }
        // After chown, which clears set-user-ID bits.
        temp.file
            .set_permissions(meta.permissions())
            .map_err(|e| Error::io(to, &e))?;
        if meta.nlink() > 1 {
            self.notes.push(format!(
                "{} had {} hard links: it is now a new file, and its other links keep the old text",
                to.display(),
                meta.nlink()
            ));
        }
        Ok(())
    }

    #[cfg(not(unix))]
    fn keep_owner_and_mode(
        &mut self,
        temp: &TempFile,
        to: &Path,
        meta: &std::fs::Metadata,
    ) -> Result<()> {
        temp.file
            .set_permissions(meta.permissions())
            .map_err(|e| Error::io(to, &e))
    }

    /// Writes every staged output: first puts every temporary file on
    /// disk, then checks that no file rewritten in place was changed by
    /// someone else since it was read, then renames every temporary file,
    /// then writes through devices and stdout. Returns notes for the user
    /// (hard links broken, owners not kept).
    pub fn commit(self, stdout: &mut dyn Write) -> Result<Vec<String>> {
        // A rename must not land before its file's bytes do, or a crash
        // could leave an empty file where the old one was. The syncs wait
        // on the disk, not the CPU: done at once, the file system writes
        // them together (a thousand files synced one by one took longer
        // than cleaning them).
        let temps: Vec<(&TempFile, &PathBuf)> = self
            .outputs
            .iter()
            .filter_map(|(_, _, staged)| match staged {
                Staged::Rename { temp, to, .. } => Some((temp, to)),
                _ => None,
            })
            .collect();
        crate::parallel::map_in_order(temps, SYNCS_AT_ONCE, |(temp, to)| {
            temp.file.sync_all().map_err(|e| Error::io(to, &e))
        })
        .into_iter()
        .collect::<Result<Vec<()>>>()?;
        for (_, _, staged) in &self.outputs {
            if let Staged::Rename {
                to,
                read: Some(read),
                ..
            }
            | Staged::Kept {
                to,
                read: Some(read),
            } = staged
                && !unchanged(read, to)
            {
                return Err(Error::new(
                    ErrorKind::Io,
                    "changed by another program while transcrub was cleaning it; nothing was written, run again",
                )
                .in_file(to));
            }
        }
        let mut later = Vec::new();
        for (_, _, staged) in self.outputs {
            match staged {
                Staged::Rename { temp, to, .. } => {
                    temp.persist(&to).map_err(|e| Error::io(&to, &e))?;
                }
                other => later.push(other),
            }
        }
        for staged in later {
            match staged {
                Staged::Through { path, bytes } => {
                    let mut file = open_through(&path).map_err(|e| Error::io(&path, &e))?;
                    file.write_all(&bytes).map_err(|e| Error::io(&path, &e))?;
                }
                Staged::Stdout(bytes) => {
                    stdout
                        .write_all(&bytes)
                        .map_err(crate::error::cannot_print)?;
                }
                Staged::Rename { .. } | Staged::Written | Staged::Kept { .. } => {}
            }
        }
        Ok(self.notes)
    }
}

/// Whether the file `to` (`meta` its metadata) holds the `len` bytes
/// `new` reads already, as a run over files cleaned before finds most of
/// its outputs: writing them again would only make a new inode for each,
/// sync it and rename it (on ext4 after many deletions, about half a
/// millisecond a file), and change their times for `make` and editors.
/// Compared a block at a time: an output written as it was made may be
/// larger than is worth holding in memory. A file that cannot be read is
/// written.
fn holds_already(to: &Path, meta: &std::fs::Metadata, mut new: impl Read, len: u64) -> bool {
    let mut same = || -> std::io::Result<bool> {
        if len != meta.len() {
            return Ok(false);
        }
        let mut held = std::fs::File::open(to)?;
        let (mut a, mut b) = (vec![0; 1 << 16], vec![0; 1 << 16]);
        loop {
            let n = held.read(&mut a)?;
            if n == 0 {
                // The file held has ended: the same if the new one has.
                return Ok(new.read(&mut b[..1])? == 0);
            }
            new.read_exact(&mut b[..n])?;
            if a[..n] != b[..n] {
                return Ok(false);
            }
        }
    };
    same().unwrap_or(false)
}

fn identity_of_meta(meta: &std::fs::Metadata) -> Identity {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Identity::Inode(meta.dev(), meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Identity::Path(PathBuf::new())
    }
}

fn collision(message: String) -> Error {
    Error::new(ErrorKind::Usage, message)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn an_output_over_a_read_file_is_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("a.srt");
        let out = dir.path().join("b.srt");
        std::fs::write(&input, "old").unwrap();
        let mut plan = Plan::new();
        plan.reads(&input, "the input a.srt");
        plan.stage(&out, "the output", b"new".to_vec(), None)
            .unwrap();
        let err = plan
            .stage(&input, "the report", b"{}".to_vec(), None)
            .unwrap_err();
        assert_eq!(
            err.message,
            format!(
                "the report {} would overwrite the input a.srt; choose another path",
                input.display()
            )
        );
        drop(plan);
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "old");
        assert!(!out.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn two_outputs_to_one_path_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("a.txt");
        let mut plan = Plan::new();
        plan.stage(&out, "the output of a.srt", vec![], None)
            .unwrap();
        let err = plan
            .stage(
                &dir.path().join("./a.txt"),
                "the output of sub/a.srt",
                vec![],
                None,
            )
            .unwrap_err();
        assert!(
            err.message.starts_with(
                "the output of a.srt and the output of sub/a.srt would both be written to"
            ),
            "{err}"
        );
        let mut plan = Plan::new();
        plan.stage(Path::new("-"), "the transcript", vec![], None)
            .unwrap();
        let err = plan
            .stage(Path::new("-"), "the report", vec![], None)
            .unwrap_err();
        assert_eq!(
            err.message,
            "the transcript and the report would both be written to stdout"
        );
    }

    #[test]
    fn new_files_follow_the_umask_and_old_ones_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.srt");
        let old = dir.path().join("old.srt");
        std::fs::write(&old, "x").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o640)).unwrap();
        // What the umask gives a file created with mode 0666.
        let probe = dir.path().join("probe");
        std::fs::write(&probe, "").unwrap();
        let expected = std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
        std::fs::remove_file(&probe).unwrap();
        let mut plan = Plan::new();
        plan.stage(&new, "a", b"n".to_vec(), None).unwrap();
        plan.stage(&old, "b", b"o".to_vec(), None).unwrap();
        plan.commit(&mut Vec::new()).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&new), expected);
        assert_eq!(mode(&old), 0o640);
        assert_eq!(std::fs::read_to_string(&old).unwrap(), "o");
    }

    #[test]
    fn a_file_changed_after_it_was_read_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "first").unwrap();
        let locked = super::super::read_locked(&path).unwrap();
        let mut plan = Plan::new();
        plan.reads(&path, "the input");
        plan.stage(&path, "the output", b"cleaned".to_vec(), Some(&locked))
            .unwrap();
        // Another program, which does not ask for the lock.
        std::fs::write(&path, "edited by hand").unwrap();
        let err = plan.commit(&mut Vec::new()).unwrap_err();
        assert!(err.message.contains("changed by another program"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "edited by hand");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// A file rewritten in place that holds its output already is left,
    /// but a change made to it meanwhile still fails the run: the user
    /// must know their edit was not cleaned.
    #[test]
    fn a_file_left_as_it_was_still_fails_if_changed_after_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "clean already").unwrap();
        for edited in [false, true] {
            let locked = super::super::read_locked(&path).unwrap();
            let mut plan = Plan::new();
            plan.reads(&path, "the input");
            plan.stage(
                &path,
                "the output",
                b"clean already".to_vec(),
                Some(&locked),
            )
            .unwrap();
            assert!(matches!(plan.outputs[0].2, Staged::Kept { .. }));
            if edited {
                std::fs::write(&path, "edited by hand").unwrap();
                let err = plan.commit(&mut Vec::new()).unwrap_err();
                assert!(err.message.contains("changed by another program"), "{err}");
            } else {
                plan.commit(&mut Vec::new()).unwrap();
                assert_eq!(std::fs::read_to_string(&path).unwrap(), "clean already");
            }
            assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        }
    }
}
