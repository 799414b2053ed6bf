//! A dictionary with its matcher built, and the bytes that hold both.
//!
//! Reading a 50,000-variant dictionary means parsing 1.2 MB of TOML (about
//! 50 ms on its own), checking every variant against every other, folding
//! each one and indexing it: a third of a second, paid by every call of a
//! pre-commit hook or a per-file CI job. The compiled form skips all of
//! it: the terms, where each was written, and the matcher's index, as
//! they were the last time the same files, byte for byte, were loaded.
//!
//! The bytes begin with a mark, this build's version and a key: the
//! SHA-256 of every file's path and bytes. Then the SHA-256 of the rest,
//! and the rest: two sections, the matcher and all else, each after its
//! length, so that two cores read them at once. Anything else (another
//! version, an edited file, a truncated or corrupt cache) reads as "not
//! compiled", and the caller loads the TOML again.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use regex::Regex;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::Result;

use super::load::{ArtifactRules, Dictionary, DropLine, Origin, Term};
use super::matcher::ExactMatcher;
use super::places::{Place, VariantPlaces};

/// A dictionary and its exact matcher, ready to clean with.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The merged dictionary.
    pub dictionary: Dictionary,
    /// Its variants, indexed.
    pub matcher: ExactMatcher,
}

/// What identifies the files a compiled dictionary was built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key([u8; 32]);

/// The first bytes of every compiled dictionary.
const MARK: &[u8] = b"transcrub compiled dictionary\n";
/// Changes whenever the layout below or the meaning of a field changes;
/// the crate version is checked too, so a release that changes folding
/// never reads an older index.
const LAYOUT: u8 = 5;

impl Key {
    /// The key of these files, in this order: each path as given (it is
    /// in every message) and its bytes.
    pub fn of(files: &[(&Path, &[u8])]) -> Key {
        let mut hash = Sha256::new();
        hash.update(MARK);
        hash.update(env!("CARGO_PKG_VERSION").as_bytes());
        for (path, bytes) in files {
            let path = path.as_os_str().as_encoded_bytes();
            hash.update((path.len() as u64).to_le_bytes());
            hash.update(path);
            hash.update((bytes.len() as u64).to_le_bytes());
            hash.update(bytes);
        }
        Key(hash.finalize().into())
    }
}

impl Compiled {
    /// Builds the matcher of a loaded dictionary (checking, as the
    /// matcher does, that no variant matches inside a canonical).
    pub fn new(dictionary: Dictionary) -> Result<Compiled> {
        let matcher = ExactMatcher::new(&dictionary)?;
        Ok(Compiled {
            dictionary,
            matcher,
        })
    }

    /// The bytes to keep for the files `key` names; `None` when a
    /// dictionary path is not UTF-8 and cannot be written down.
    pub fn to_bytes(&self, key: Key) -> Option<Vec<u8>> {
        let stored = postcard::to_stdvec(&Stored::of(self)?).ok()?;
        let matcher = postcard::to_stdvec(&self.matcher).ok()?;
        let mut payload = Vec::with_capacity(16 + stored.len() + matcher.len());
        for section in [stored, matcher] {
            payload.extend_from_slice(&(section.len() as u64).to_le_bytes());
            payload.extend_from_slice(&section);
        }
        let mut bytes = header(key);
        bytes.extend_from_slice(&Sha256::digest(&payload));
        bytes.extend_from_slice(&payload);
        Some(bytes)
    }

    /// The compiled dictionary in `bytes`, if they are one this build
    /// wrote for the files `key` names, whole; else `None`. The matcher is
    /// read beside the rest (the checksum, the terms and where each was
    /// written), each about half of reading a large dictionary.
    pub fn from_bytes(bytes: &[u8], key: Key) -> Option<Compiled> {
        let rest = bytes.strip_prefix(header(key).as_slice())?;
        let (checksum, payload) = rest.split_at_checked(32)?;
        let (stored, rest) = section(payload)?;
        let (matcher, rest) = section(rest)?;
        if !rest.is_empty() {
            return None;
        }
        // The checksum is of both sections, taken beside the longer to
        // read: damaged sections are read for nothing (which gives an
        // error or a wrong value, never a panic), and dropped here.
        let all_else = || read_whole::<Stored>(stored)?.into_dictionary();
        let (dictionary, matcher) = crate::parallel::join(all_else, || {
            let matcher = read_whole::<ExactMatcher>(matcher);
            (Sha256::digest(payload).as_slice() == checksum).then_some(matcher)?
        });
        let matcher = matcher.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        let dictionary = dictionary?;
        matcher
            .is_consistent(dictionary.terms.len())
            .then_some(Compiled {
                dictionary,
                matcher,
            })
    }
}

/// The section `bytes` opens with, its length in 8 bytes (little-endian)
/// before it, and what follows it.
fn section(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let (length, rest) = bytes.split_first_chunk::<8>()?;
    let length = usize::try_from(u64::from_le_bytes(*length)).ok()?;
    rest.split_at_checked(length)
}

/// The value `bytes` hold, all of them.
fn read_whole<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Option<T> {
    let (value, unread) = postcard::take_from_bytes::<T>(bytes).ok()?;
    unread.is_empty().then_some(value)
}

fn header(key: Key) -> Vec<u8> {
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    let mut bytes = Vec::with_capacity(MARK.len() + 2 + version.len() + 32);
    bytes.extend_from_slice(MARK);
    bytes.push(LAYOUT);
    bytes.push(version.len() as u8);
    bytes.extend_from_slice(version);
    bytes.extend_from_slice(&key.0);
    bytes
}

#[derive(Serialize, Deserialize)]
struct StoredTerm {
    canonical: String,
    case_sensitive: bool,
    origin: Place,
    variants: Vec<String>,
    exceptions: Vec<String>,
}

/// The compiled dictionary as written, but its matcher (a section of
/// its own, read beside this one): origins name their file by its index,
/// so 50,000 variants do not repeat their path.
#[derive(Serialize, Deserialize)]
struct Stored {
    files: Vec<PathBuf>,
    language: Option<String>,
    terms: Vec<StoredTerm>,
    /// Where each variant was written, term after term: one array, which
    /// the dictionary keeps as it is (places.rs).
    places: Vec<Place>,
    phrases: Vec<String>,
    /// `drop_lines` patterns: compiled again on reading (a few, small).
    drop_lines: Vec<(String, Place)>,
}

impl Stored {
    fn of(compiled: &Compiled) -> Option<Stored> {
        let dict = &compiled.dictionary;
        let mut files: Vec<Arc<Path>> = Vec::new();
        let mut place = |origin: &Origin| {
            let file = match files.iter().position(|f| Arc::ptr_eq(f, &origin.path)) {
                Some(i) => i,
                None => {
                    files.push(origin.path.clone());
                    files.len() - 1
                }
            };
            Some(Place {
                file: u32::try_from(file).ok()?,
                line: u32::try_from(origin.line).ok()?,
                column: u32::try_from(origin.column).ok()?,
            })
        };
        let mut terms = Vec::with_capacity(dict.terms.len());
        let mut places = Vec::with_capacity(dict.variant_count());
        for (index, term) in dict.terms.iter().enumerate() {
            terms.push(StoredTerm {
                canonical: term.canonical.clone(),
                case_sensitive: term.case_sensitive,
                origin: place(&term.origin)?,
                variants: term.variants.clone(),
                exceptions: term.exceptions.clone(),
            });
            for origin in dict.variant_places(index) {
                places.push(place(&origin)?);
            }
        }
        let drop_lines = dict
            .artifacts
            .drop_lines
            .iter()
            .map(|d| Some((d.regex.as_str().to_string(), place(&d.origin)?)))
            .collect::<Option<_>>()?;
        let files = files
            .iter()
            .map(|f| f.to_str().map(PathBuf::from))
            .collect::<Option<_>>()?;
        Some(Stored {
            files,
            language: dict.language.clone(),
            terms,
            places,
            phrases: dict.artifacts.phrases.clone(),
            drop_lines,
        })
    }

    fn into_dictionary(self) -> Option<Dictionary> {
        let files: Vec<Arc<Path>> = self.files.into_iter().map(Arc::from).collect();
        let origin = |p: Place| p.origin(&files);
        let counts = self.terms.iter().map(|t| t.variants.len());
        let places = VariantPlaces::packed(files.clone(), self.places, counts)?;
        let mut terms = Vec::with_capacity(self.terms.len());
        for term in self.terms {
            terms.push(Term {
                canonical: term.canonical,
                variants: term.variants,
                case_sensitive: term.case_sensitive,
                exceptions: term.exceptions,
                origin: origin(term.origin)?,
            });
        }
        let drop_lines = self
            .drop_lines
            .into_iter()
            .map(|(pattern, p)| Some(DropLine::new(Regex::new(&pattern).ok()?, origin(p)?)))
            .collect::<Option<_>>()?;
        let artifacts = ArtifactRules {
            phrases: self.phrases,
            drop_lines,
        };
        Some(Dictionary::from_parts(
            self.language,
            terms,
            places,
            artifacts,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dictionary(text: &str, name: &str) -> Dictionary {
        Dictionary::from_bytes(text.as_bytes(), Path::new(name)).unwrap()
    }

    const SHOW: &str = r#"language = "fr"
[[term]]
canonical = "Elasticsearch"
variants = ["la stick search", "Elastic Search"]

[[term]]
canonical = "Llama"
variants = ["Lama"]
case_sensitive = true

[[term]]
canonical = ".NET"
variants = [".net", "dot net"]

[artifacts]
phrases = ["Merci d'avoir écouté"]
drop_lines = ["^Signaler une erreur$"]
"#;

    #[test]
    fn reads_back_what_it_wrote() {
        let compiled = Compiled::new(dictionary(SHOW, "show.toml")).unwrap();
        let key = Key::of(&[(Path::new("show.toml"), SHOW.as_bytes())]);
        let bytes = compiled.to_bytes(key).unwrap();
        let back = Compiled::from_bytes(&bytes, key).expect("read back");
        let (a, b) = (&compiled.dictionary, &back.dictionary);
        assert_eq!(a.terms, b.terms);
        assert_eq!(a.language, b.language);
        assert_eq!(a.artifacts.phrases, b.artifacts.phrases);
        assert_eq!(
            b.artifacts.drop_lines[0].regex.as_str(),
            "^Signaler une erreur$"
        );
        assert_eq!(
            b.artifacts.drop_lines[0].origin.to_string(),
            "show.toml:17:15"
        );
        assert_eq!(
            b.variant_origin(0, "Elastic Search").unwrap().to_string(),
            "show.toml:4:32"
        );
        // A variant found by its first word, one of a case-sensitive term,
        // one found by its first character.
        let text = "on a mis la stick search et un Lama, pas un lama, en .NET";
        assert_eq!(
            compiled.matcher.find(text, false),
            back.matcher.find(text, false)
        );
        let found: Vec<&str> = back
            .matcher
            .find(text, false)
            .iter()
            .map(|m| &text[m.start..m.end])
            .collect();
        assert_eq!(found, ["la stick search", "Lama", ".NET"]);
    }

    #[test]
    fn other_files_a_truncation_or_a_flipped_byte_read_as_not_compiled() {
        let compiled = Compiled::new(dictionary(SHOW, "show.toml")).unwrap();
        let key = Key::of(&[(Path::new("show.toml"), SHOW.as_bytes())]);
        let bytes = compiled.to_bytes(key).unwrap();
        let edited = SHOW.replace("Lama", "Lamma");
        let other = Key::of(&[(Path::new("show.toml"), edited.as_bytes())]);
        assert_ne!(key, other);
        assert!(Compiled::from_bytes(&bytes, other).is_none());
        let moved = Key::of(&[(Path::new("other.toml"), SHOW.as_bytes())]);
        assert!(Compiled::from_bytes(&bytes, moved).is_none());
        for cut in [0, 10, bytes.len() / 2, bytes.len() - 1] {
            assert!(Compiled::from_bytes(&bytes[..cut], key).is_none(), "{cut}");
        }
        let mut flipped = bytes.clone();
        let last = flipped.len() - 3;
        flipped[last] ^= 1;
        assert!(Compiled::from_bytes(&flipped, key).is_none());
    }

    #[test]
    fn a_dictionary_read_back_still_merges_and_finds_conflicts() {
        let compiled = Compiled::new(dictionary(SHOW, "show.toml")).unwrap();
        let key = Key::of(&[(Path::new("show.toml"), SHOW.as_bytes())]);
        let mut back = Compiled::from_bytes(&compiled.to_bytes(key).unwrap(), key)
            .unwrap()
            .dictionary;
        let err = back
            .add_toml(
                "[[term]]\ncanonical = \"Elastic\"\nvariants = [\"la stick  search\"]\n",
                Path::new("team.toml"),
            )
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "team.toml:3:13: variant \"la stick  search\" is claimed by both \"Elasticsearch\" (show.toml:4:13) and \"Elastic\""
        );
        back.add_toml(
            "[[term]]\ncanonical = \"Elasticsearch\"\nvariants = [\"Elastic Search\", \"la stique search\"]\n",
            Path::new("team.toml"),
        )
        .unwrap();
        assert_eq!(
            back.terms[0].variants,
            ["la stick search", "Elastic Search", "la stique search"]
        );
    }
}
