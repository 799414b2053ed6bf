//! The compiled-dictionary cache from the outside (issue 15): a large
//! dictionary is compiled once into the cache folder and read back while
//! its file is unchanged; an edit, a damaged entry or a folder that cannot
//! be written never changes what `clean` does; `TRANSCRUB_CACHE_DIR=`
//! turns it off.

mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A dictionary of about 100 KB (the cache starts at 64 KB): "Horacio"
/// with its mangling, then filler terms nobody says.
fn write_dictionary(dir: &Path, canonical: &str) -> PathBuf {
    let mut toml = format!("[[term]]\ncanonical = \"{canonical}\"\nvariants = [\"Aasio\"]\n");
    for i in 0..2500 {
        toml.push_str(&format!(
            "\n[[term]]\ncanonical = \"Filler{i}\"\nvariants = [\"fillr {i}\", \"filer {i}\"]\n"
        ));
    }
    assert!(toml.len() > 64 * 1024);
    let path = dir.join("show.toml");
    std::fs::write(&path, toml).unwrap();
    path
}

fn clean(dir: &Path, cache: &str) -> String {
    clean_with(dir, cache, "show.toml")
}

/// `clean` with the dictionary named as `dictionary`.
fn clean_with(dir: &Path, cache: &str, dictionary: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_transcrub"))
        .args(["clean", "in.txt", "-d", dictionary])
        .current_dir(dir)
        .env("TRANSCRUB_CACHE_DIR", cache)
        .env_remove("CI")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn entries(cache: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(cache) {
        Ok(dir) => dir.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    };
    entries.sort();
    entries
}

#[test]
fn a_large_dictionary_is_compiled_once_and_read_back_until_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    std::fs::write(dir.path().join("in.txt"), "Bonjour Aasio, et fillr 12.\n").unwrap();
    write_dictionary(dir.path(), "Horacio");

    let first = clean(dir.path(), cache.to_str().unwrap());
    assert_eq!(first, "Bonjour Horacio, et Filler12.\n");
    let written = entries(&cache);
    assert_eq!(written.len(), 1, "{written:?}");
    // Only its owner may read what a dictionary holds.
    let mode = std::fs::metadata(&cache).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700);
    let inode = std::fs::metadata(&written[0]).unwrap().ino();

    // Read back, not rewritten: the same entry, the same output.
    assert_eq!(clean(dir.path(), cache.to_str().unwrap()), first);
    assert_eq!(std::fs::metadata(&written[0]).unwrap().ino(), inode);

    // An edited dictionary is loaded afresh and replaces its entry.
    write_dictionary(dir.path(), "Horacio Gonzalez");
    assert_eq!(
        clean(dir.path(), cache.to_str().unwrap()),
        "Bonjour Horacio Gonzalez, et Filler12.\n"
    );
    assert_eq!(entries(&cache), written);
    assert_ne!(std::fs::metadata(&written[0]).unwrap().ino(), inode);
}

#[test]
fn a_dictionary_named_two_ways_keeps_an_entry_for_each() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let cache = cache.to_str().unwrap();
    std::fs::write(dir.path().join("in.txt"), "Bonjour Aasio.\n").unwrap();
    let absolute = write_dictionary(dir.path(), "Horacio");
    let absolute = absolute.to_str().unwrap();
    // The entry holds the path as given, which its messages name: named
    // the other way, a run used to rebuild the one entry for itself.
    for dictionary in ["show.toml", absolute] {
        assert_eq!(
            clean_with(dir.path(), cache, dictionary),
            "Bonjour Horacio.\n"
        );
    }
    let written = entries(Path::new(cache));
    assert_eq!(written.len(), 2, "{written:?}");
    let inodes = |entries: &[PathBuf]| -> Vec<u64> {
        entries
            .iter()
            .map(|e| std::fs::metadata(e).unwrap().ino())
            .collect()
    };
    let before = inodes(&written);
    for dictionary in ["show.toml", absolute, "show.toml"] {
        assert_eq!(
            clean_with(dir.path(), cache, dictionary),
            "Bonjour Horacio.\n"
        );
    }
    assert_eq!(entries(Path::new(cache)), written);
    assert_eq!(inodes(&written), before, "read back, not rebuilt");
}

#[test]
fn a_damaged_entry_or_an_unwritable_folder_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    std::fs::write(dir.path().join("in.txt"), "Bonjour Aasio.\n").unwrap();
    write_dictionary(dir.path(), "Horacio");
    let expected = "Bonjour Horacio.\n";
    assert_eq!(clean(dir.path(), cache.to_str().unwrap()), expected);
    let entry = entries(&cache).remove(0);
    let bytes = std::fs::read(&entry).unwrap();

    // Cut in the middle, then one byte changed near the end.
    std::fs::write(&entry, &bytes[..bytes.len() / 2]).unwrap();
    assert_eq!(clean(dir.path(), cache.to_str().unwrap()), expected);
    let mut flipped = bytes.clone();
    let near_end = flipped.len() - 10;
    flipped[near_end] ^= 0x20;
    std::fs::write(&entry, &flipped).unwrap();
    assert_eq!(clean(dir.path(), cache.to_str().unwrap()), expected);
    assert_eq!(std::fs::read(&entry).unwrap(), bytes, "rewritten whole");

    // The cache "folder" is a file: nothing can be cached, all still works.
    let blocked = dir.path().join("blocked");
    std::fs::write(&blocked, "not a folder").unwrap();
    assert_eq!(clean(dir.path(), blocked.to_str().unwrap()), expected);
    assert_eq!(std::fs::read_to_string(&blocked).unwrap(), "not a folder");
}

#[test]
fn an_empty_cache_dir_turns_the_cache_off() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.txt"), "Bonjour Aasio.\n").unwrap();
    write_dictionary(dir.path(), "Horacio");
    let home = dir.path().join("home");
    std::fs::create_dir(&home).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_transcrub"))
        .args(["clean", "in.txt", "-d", "show.toml"])
        .current_dir(dir.path())
        .env("TRANSCRUB_CACHE_DIR", "")
        .env("XDG_CACHE_HOME", &home)
        .env("HOME", &home)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Bonjour Horacio.\n");
    assert!(entries(&home).is_empty(), "{:?}", entries(&home));

    // Without TRANSCRUB_CACHE_DIR the cache is under XDG_CACHE_HOME.
    let out = Command::new(env!("CARGO_BIN_EXE_transcrub"))
        .args(["clean", "in.txt", "-d", "show.toml"])
        .current_dir(dir.path())
        .env_remove("TRANSCRUB_CACHE_DIR")
        .env("XDG_CACHE_HOME", &home)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(entries(&home.join("transcrub")).len(), 1);
}

#[test]
fn a_small_dictionary_is_not_cached() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    std::fs::write(dir.path().join("in.txt"), "Bonjour Aasio.\n").unwrap();
    std::fs::write(
        dir.path().join("show.toml"),
        "[[term]]\ncanonical = \"Horacio\"\nvariants = [\"Aasio\"]\n",
    )
    .unwrap();
    assert_eq!(
        clean(dir.path(), cache.to_str().unwrap()),
        "Bonjour Horacio.\n"
    );
    assert!(entries(&cache).is_empty());
}
