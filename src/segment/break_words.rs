//! The word lists that steer where a line or a cue may break, per language,
//! from `dictionaries/line-breaks/*.toml` (embedded in the binary). Lists
//! only; the costs they lead to are in `breaks.rs`.

use std::sync::LazyLock;

use serde::Deserialize;

use crate::word_hash::{FastMap, FastSet};
use crate::word_sketch::Mixed;

use super::listed_words::ListedWords;

const BUILTIN: [(&str, &str); 2] = [
    ("fr", include_str!("../../dictionaries/line-breaks/fr.toml")),
    ("en", include_str!("../../dictionaries/line-breaks/en.toml")),
];

/// What a word does to a break right after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leaning {
    /// Article or determiner: its noun follows.
    Article,
    Preposition,
    Conjunction,
    /// Subject or reflexive pronoun: its verb follows.
    Pronoun,
    Auxiliary,
    Negation,
    /// M., Dr: a name follows.
    Title,
}

/// A language's function words (articles, prepositions, pronouns...), which
/// a line should not end on: the next word belongs with them.
#[derive(Debug, Default)]
pub struct BreakWords {
    articles: FastSet<String>,
    prepositions: FastSet<String>,
    conjunctions: FastSet<String>,
    pronouns: FastSet<String>,
    auxiliaries: FastSet<String>,
    negations: FastSet<String>,
    titles: FastSet<String>,
    abbreviations: FastSet<String>,
    /// Each word of the lists above but abbreviations, with what it does
    /// to a break: one lookup per word of the text.
    listed: ListedWords,
}

/// What a word does to the breaks around it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordClass {
    /// How it leans on the word after it: the list that binds it hardest.
    pub leaning: Option<Leaning>,
    /// A line may well start with it (a conjunction or a preposition):
    /// Netflix's "break before conjunctions, before prepositions".
    pub opens_phrase: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListsToml {
    #[allow(dead_code)]
    language: String,
    articles: Vec<String>,
    prepositions: Vec<String>,
    conjunctions: Vec<String>,
    pronouns: Vec<String>,
    auxiliaries: Vec<String>,
    negations: Vec<String>,
    titles: Vec<String>,
    abbreviations: Vec<String>,
}

/// The embedded lists are part of the program: a test loads them all, so a
/// broken file fails the build's tests, never a user's run.
fn builtin(lang: &str, text: &str) -> ListsToml {
    toml::from_str(text).unwrap_or_else(|e| panic!("dictionaries/line-breaks/{lang}.toml: {e}"))
}

static BY_LANGUAGE: LazyLock<Vec<(&'static str, BreakWords)>> = LazyLock::new(|| {
    BUILTIN
        .iter()
        .map(|(lang, text)| {
            let mut words = BreakWords::default();
            words.add(builtin(lang, text));
            (*lang, words)
        })
        .collect()
});

/// Every language's lists together, for transcripts of unknown language.
static UNION: LazyLock<BreakWords> = LazyLock::new(|| {
    let mut all = BreakWords::default();
    for (lang, text) in BUILTIN {
        all.add(builtin(lang, text));
    }
    all
});

impl BreakWords {
    /// The lists of `language`; all lists together when it has none.
    pub fn for_language(language: Option<&str>) -> &'static BreakWords {
        let base = language.map(crate::language::base);
        BY_LANGUAGE
            .iter()
            .find(|(lang, _)| Some(*lang) == base)
            .map(|(_, words)| words)
            .unwrap_or(&UNION)
    }

    fn add(&mut self, lists: ListsToml) {
        let lower = |v: Vec<String>| v.into_iter().map(|w| w.to_lowercase());
        self.articles.extend(lower(lists.articles));
        self.prepositions.extend(lower(lists.prepositions));
        self.conjunctions.extend(lower(lists.conjunctions));
        self.pronouns.extend(lower(lists.pronouns));
        self.auxiliaries.extend(lower(lists.auxiliaries));
        self.negations.extend(lower(lists.negations));
        // A title leans on the name after it, with or without its full stop;
        // with it, it is also an abbreviation.
        self.abbreviations
            .extend(lower(lists.titles.clone()).filter(|t| t.ends_with('.')));
        self.titles
            .extend(lower(lists.titles).map(|t| t.trim_end_matches('.').to_string()));
        self.abbreviations.extend(lower(lists.abbreviations));
        // Weakest first, so that a word in several lists keeps the hardest.
        let by_strength = [
            (&self.conjunctions, Leaning::Conjunction),
            (&self.auxiliaries, Leaning::Auxiliary),
            (&self.negations, Leaning::Negation),
            (&self.pronouns, Leaning::Pronoun),
            (&self.prepositions, Leaning::Preposition),
            (&self.articles, Leaning::Article),
            (&self.titles, Leaning::Title),
        ];
        let mut classes: FastMap<String, WordClass> = FastMap::default();
        for (set, leaning) in by_strength {
            for word in set {
                classes.entry(word.clone()).or_default().leaning = Some(leaning);
            }
        }
        for word in self.conjunctions.iter().chain(&self.prepositions) {
            classes.entry(word.clone()).or_default().opens_phrase = true;
        }
        self.listed = ListedWords::new(classes.iter().map(|(word, class)| (word.as_str(), *class)));
    }

    /// What `word` (lower case, surrounding punctuation stripped) does to
    /// the breaks around it.
    pub fn class(&self, word: &str) -> WordClass {
        self.listed.class(word)
    }

    /// What a token does to the breaks around it (its key's class, the
    /// key being `bare_word_borrowed`'s), and where its key falls in a
    /// sketch; the key is made only for a token beyond ASCII.
    #[inline(always)]
    pub(crate) fn class_of_token(&self, token: &str) -> (WordClass, Mixed) {
        self.listed.class_of_token(token)
    }

    /// How `word` (lower case, surrounding punctuation stripped) leans on
    /// the word after it. A word in
    /// several lists takes the one that binds hardest.
    pub fn leaning(&self, word: &str) -> Option<Leaning> {
        self.class(word).leaning
    }

    /// Whether `word` (lower case, with its full stop) is an abbreviation,
    /// whose full stop does not end the sentence.
    pub fn is_abbreviation(&self, word: &str) -> bool {
        self.abbreviations.contains(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_loads_and_names_its_language() {
        for (lang, text) in BUILTIN {
            let lists = builtin(lang, text);
            assert_eq!(lists.language, lang);
        }
    }

    #[test]
    fn french_and_english_lists_are_distinct_and_unknown_gets_both() {
        let fr = BreakWords::for_language(Some("fr"));
        assert_eq!(fr.leaning("les"), Some(Leaning::Article));
        assert_eq!(fr.leaning("the"), None);
        let en = BreakWords::for_language(Some("en-GB"));
        assert_eq!(en.leaning("the"), Some(Leaning::Article));
        let any = BreakWords::for_language(Some("es"));
        assert_eq!(any.leaning("the"), Some(Leaning::Article));
        assert_eq!(any.leaning("les"), Some(Leaning::Article));
    }

    #[test]
    fn the_hardest_binding_wins() {
        // "de" is a preposition; "que" only a conjunction.
        let fr = BreakWords::for_language(Some("fr"));
        assert_eq!(fr.leaning("de"), Some(Leaning::Preposition));
        assert_eq!(fr.leaning("que"), Some(Leaning::Conjunction));
        assert!(fr.class("mais").opens_phrase);
        assert!(fr.is_abbreviation("m."));
    }

    #[test]
    fn one_look_up_tells_the_leaning_and_whether_a_line_may_open_with_it() {
        let fr = BreakWords::for_language(Some("fr"));
        let class = |leaning, opens_phrase| WordClass {
            leaning,
            opens_phrase,
        };
        // A preposition leans on what follows and opens a phrase; an
        // article only leans; an ordinary word does neither.
        assert_eq!(fr.class("de"), class(Some(Leaning::Preposition), true));
        assert_eq!(fr.class("que"), class(Some(Leaning::Conjunction), true));
        assert_eq!(fr.class("les"), class(Some(Leaning::Article), false));
        assert_eq!(fr.class("maison"), class(None, false));
        // The lists hold lower case words: the caller folds.
        assert_eq!(fr.class("De"), class(None, false));
    }
}
