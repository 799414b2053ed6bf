//! The compiled-dictionary cache: large dictionaries are parsed and
//! indexed once, then read back from the user's cache folder while their
//! files stay byte for byte the same (src/dict/compiled.rs).
//!
//! The folder is `$TRANSCRUB_CACHE_DIR`, else `$XDG_CACHE_HOME/transcrub`,
//! else `~/.cache/transcrub`; `TRANSCRUB_CACHE_DIR=` (empty) turns the
//! cache off. One file per list of dictionary paths, named by a hash of
//! the paths: an edited dictionary replaces its own entry instead of
//! adding one, so the folder does not grow with every edit. The cache is
//! a help, never a requirement: a folder that cannot be made, a file that
//! cannot be read or written, or one that is stale or damaged, and the
//! TOML is loaded as if there were no cache.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::dict::Dictionary;
use crate::dict::compiled::{Compiled, Key};
use crate::error::{ErrorKind, Result};
use crate::output::TempFile;

/// Below this many bytes of TOML, parsing takes about as long as reading
/// the cache back: small dictionaries are not cached.
pub const MIN_CACHED_BYTES: usize = 64 * 1024;

/// Loads and merges the dictionaries at `paths`, through the cache when
/// they are large.
pub fn load(paths: &[PathBuf]) -> Result<Compiled> {
    let mut texts = Vec::with_capacity(paths.len());
    for path in paths {
        texts.push(crate::encoding::read_utf8(path, ErrorKind::Dictionary)?);
    }
    let size: usize = texts.iter().map(String::len).sum();
    let cache = folder().filter(|_| size >= MIN_CACHED_BYTES);
    let Some(cache) = cache else {
        return compile(paths, &texts);
    };
    let files: Vec<(&Path, &[u8])> = paths
        .iter()
        .zip(&texts)
        .map(|(p, t)| (p.as_path(), t.as_bytes()))
        .collect();
    let key = Key::of(&files);
    let entry = cache.join(entry_name(paths));
    if let Some(compiled) = std::fs::read(&entry)
        .ok()
        .and_then(|bytes| Compiled::from_bytes(&bytes, key))
    {
        return Ok(compiled);
    }
    let compiled = compile(paths, &texts)?;
    if let Some(bytes) = compiled.to_bytes(key) {
        let _ = store(&cache, &entry, &bytes);
    }
    Ok(compiled)
}

fn compile(paths: &[PathBuf], texts: &[String]) -> Result<Compiled> {
    let mut dictionary = Dictionary::default();
    for (path, text) in paths.iter().zip(texts) {
        dictionary.add_toml(text, path)?;
    }
    Compiled::new(dictionary)
}

/// The cache folder, if there is one to use.
pub fn folder() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("TRANSCRUB_CACHE_DIR") {
        return (!dir.is_empty()).then(|| PathBuf::from(dir));
    }
    let absolute = |v: std::ffi::OsString| Some(PathBuf::from(v)).filter(|p| p.is_absolute());
    if let Some(xdg) = std::env::var_os("XDG_CACHE_HOME").and_then(absolute) {
        return Some(xdg.join("transcrub"));
    }
    let home = std::env::var_os("HOME").and_then(absolute)?;
    Some(home.join(".cache").join("transcrub"))
}

/// The entry of this list of dictionaries: named by their absolute paths,
/// and by the paths as given, which the compiled dictionary holds (they
/// are in its messages, and its key): a file named two ways, from two
/// folders or once relatively and once not, has an entry for each
/// instead of one that each run would rebuild for the other.
fn entry_name(paths: &[PathBuf]) -> String {
    let here = std::env::current_dir().unwrap_or_default();
    let mut hash = Sha256::new();
    for path in paths {
        for spelled in [here.join(path).as_path(), path] {
            let bytes = spelled.as_os_str().as_encoded_bytes();
            hash.update((bytes.len() as u64).to_le_bytes());
            hash.update(bytes);
        }
    }
    let digest = hash.finalize();
    let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    format!("dict-{hex}.bin")
}

/// Writes an entry whole (a temporary file renamed over it), in a folder
/// only its owner can read: a dictionary may hold guests' names before an
/// episode is out.
fn store(cache: &Path, entry: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(cache)?;
    let name = entry.file_name().unwrap_or_default();
    let mut temp = TempFile::create_in(cache, name)?;
    std::io::Write::write_all(&mut temp.file, bytes)?;
    temp.persist(entry)
}
