//! The lexicon guard: ordinary words of the language, from a real Hunspell
//! dictionary (Debian's hunspell-fr, hunspell-en-us), read with spellbook.
//! A fuzzy candidate made only of ordinary words is never applied: "un
//! élastique" stays an élastique however close it sounds to Elastic.

use std::path::{Path, PathBuf};

use super::memo::Memo;
use crate::error::{Error, ErrorKind, Result};

/// Where distributions put Hunspell dictionaries, searched in order after
/// `$DICPATH`.
const SYSTEM_FOLDERS: [&str; 4] = [
    "/usr/share/hunspell",
    "/usr/share/myspell/dicts",
    "/usr/share/myspell",
    "/usr/local/share/hunspell",
];

/// A loaded Hunspell dictionary.
pub struct Lexicon {
    dictionary: spellbook::Dictionary,
    /// The .dic file it came from, for messages.
    pub path: PathBuf,
    /// What `is_word` answered, kept across calls: fuzzy matching asks a
    /// window of a transcript at a time, on several threads, and a
    /// transcript says its words over and over. Asking Hunspell again
    /// was half of a fuzzy run. At most `KNOWN_MAX` words.
    known: Memo<bool>,
}

/// Words whose answers a lexicon keeps: about 5 MB, a transcript's whole
/// vocabulary; past it (a stream of names and typos), words are asked
/// again rather than memory growing with the input.
const KNOWN_MAX: usize = 1 << 17;

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Lexicon({})", self.path.display())
    }
}

impl Lexicon {
    /// The system dictionary for `language` ("fr", "en", "fr-CA"), if one
    /// is installed: `fr.dic`, `fr_FR.dic`, `en_US.dic`...
    pub fn find(language: &str) -> Result<Option<Lexicon>> {
        let base = crate::language::base(language);
        let names = match base {
            "en" => vec!["en_US".to_string(), "en_GB".into(), "en".into()],
            _ => vec![base.to_string(), format!("{base}_{}", base.to_uppercase())],
        };
        let mut folders: Vec<PathBuf> = std::env::var_os("DICPATH")
            .map(|p| std::env::split_paths(&p).collect())
            .unwrap_or_default();
        folders.extend(SYSTEM_FOLDERS.iter().map(PathBuf::from));
        for folder in folders {
            for name in &names {
                let dic = folder.join(format!("{name}.dic"));
                if dic.is_file() {
                    return Lexicon::load(&dic).map(Some);
                }
            }
        }
        Ok(None)
    }

    /// Loads `path` (the .dic, the .aff, or their common stem).
    pub fn load(path: &Path) -> Result<Lexicon> {
        let dic = path.with_extension("dic");
        let aff = path.with_extension("aff");
        // The .dic is what users name: say first when it is missing.
        let dic_bytes = std::fs::read(&dic).map_err(|e| Error::io(&dic, &e))?;
        let aff_bytes = std::fs::read(&aff).map_err(|e| {
            Error::new(
                ErrorKind::Usage,
                format!(
                    "expected the affix file {} beside the Hunspell dictionary: {}",
                    aff.display(),
                    Error::io(&aff, &e).message
                ),
            )
        })?;
        Lexicon::from_bytes(&aff_bytes, &dic_bytes, &dic)
    }

    /// A lexicon from the bytes of a Hunspell `.aff` and `.dic` (shipped
    /// with a job, embedded, fetched by the caller); `name` is the
    /// dictionary's name in messages. UTF-8, or ISO-8859-1 as older
    /// dictionaries are.
    pub fn from_bytes(aff: &[u8], dic: &[u8], name: &Path) -> Result<Lexicon> {
        // Older dictionaries are in ISO-8859-1; spellbook wants UTF-8.
        let text = |bytes: &[u8]| match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
        };
        let dictionary = spellbook::Dictionary::new(&text(aff), &text(dic)).map_err(|e| {
            Error::new(
                ErrorKind::Usage,
                format!("not a Hunspell dictionary ({}): {e}", name.display()),
            )
        })?;
        Ok(Lexicon {
            dictionary,
            path: name.to_path_buf(),
            known: Memo::new(KNOWN_MAX),
        })
    }

    /// Whether the lower-case form of `word` is a word of the language:
    /// "The" and "Paye" are ordinary words with a capital, "Minitel" and
    /// "Lucas" are not.
    pub fn knows_lower_case(&self, word: &str) -> bool {
        self.dictionary.check(&word.to_lowercase())
    }

    /// Whether `word` is an ordinary word: as written (proper nouns the list
    /// carries, "Graal", count: "le Saint Graal" must stay), or in lower
    /// case (a capital at the start of a sentence); for an elided or
    /// hyphenated word ("l'élastique", "redis-moi"), every part of it.
    pub fn is_word(&self, word: &str) -> bool {
        self.known.get_or(word, || self.asks_is_word(word))
    }

    /// `is_word`, asked of the Hunspell dictionary.
    fn asks_is_word(&self, word: &str) -> bool {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        if word.is_empty() || word.chars().all(|c| !c.is_alphabetic()) {
            return true;
        }
        let check = |w: &str| {
            self.dictionary.check(w) || {
                let lower = w.to_lowercase();
                lower != w && self.dictionary.check(&lower)
            }
        };
        if check(word) {
            return true;
        }
        let word = word.replace('’', "'");
        if let Some((head, tail)) = word.split_once('\'')
            && head.chars().count() <= 3
            && !tail.is_empty()
        {
            return self.is_word(tail);
        }
        word.contains('-') && word.split('-').all(|part| part.is_empty() || check(part))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CI installs hunspell-fr and hunspell-en-us (.ci/run); without them
    /// this test fails on purpose.
    fn french() -> Lexicon {
        Lexicon::find("fr")
            .unwrap()
            .expect("hunspell-fr is installed (apt-get install hunspell-fr)")
    }

    #[test]
    fn ordinary_french_words_and_forms_are_known() {
        let fr = french();
        for w in [
            "élastique",
            "cantique",
            "vite",
            "Graal",
            "cube",
            "Bonjour",
            "l'élastique",
            "Rosier",
            "redis-moi",
            "qu'on",
            "développeurs",
            "téléportation",
        ] {
            assert!(fr.is_word(w), "{w}");
        }
    }

    #[test]
    fn names_and_manglings_are_not_words() {
        let fr = french();
        for w in [
            "Aasio",
            "Lequin",
            "AlphaQubit",
            "Elasticsearch",
            "CICAMOR",
            "militel",
            "GaiaX",
        ] {
            assert!(!fr.is_word(w), "{w}");
        }
    }

    #[test]
    fn english_is_found_too() {
        let en = Lexicon::find("en")
            .unwrap()
            .expect("hunspell-en-us is installed");
        assert!(en.is_word("search") && en.is_word("Thanks"));
        assert!(!en.is_word("Lequin"));
    }
}
