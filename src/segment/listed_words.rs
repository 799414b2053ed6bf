//! The line-break lists' words, each with what it does to a break, found
//! by a word's mix (`word_sketch::Mixed`) in a table of its own. A break's
//! cost asks it of every token, and most tokens are function words (six
//! in ten of the benchmark's corpus): a sketch could turn away only the
//! other four, and each of the six was read to put it in lower case,
//! hashed, and looked up in a hash map. An ASCII token is mixed as its
//! lower case in place and compared to the listed word ignoring case.

use crate::language::{lower_case, trimmed_word};
use crate::word_sketch::Mixed;

use super::break_words::WordClass;

/// Open addressing, at most half full: a probe rarely reads two slots.
#[derive(Debug)]
pub struct ListedWords {
    /// A power of two of them, `None` where no word is.
    slots: Box<[Option<Slot>]>,
    /// The bits of a mix that pick a slot: its top ones, the best mixed.
    shift: u32,
}

#[derive(Debug)]
struct Slot {
    mixed: u64,
    /// In lower case, as `bare_word_borrowed` makes a token's key.
    word: Box<str>,
    class: WordClass,
}

impl Default for ListedWords {
    /// No word: two empty slots, so that a probe has one to stop at.
    fn default() -> ListedWords {
        ListedWords::new([])
    }
}

impl ListedWords {
    /// The table of `words` (each in lower case, without punctuation
    /// around it) and their classes.
    pub fn new<'a>(words: impl IntoIterator<Item = (&'a str, WordClass)>) -> ListedWords {
        let words: Vec<(&str, WordClass)> = words.into_iter().collect();
        let size = (words.len() * 2).next_power_of_two().max(2);
        let mut table = ListedWords {
            slots: (0..size).map(|_| None).collect(),
            shift: 64 - size.trailing_zeros(),
        };
        for (word, class) in words {
            let mixed = Mixed::of(word);
            let mut at = table.first_slot(mixed);
            while table.slots[at].is_some() {
                at = (at + 1) & (size - 1);
            }
            table.slots[at] = Some(Slot {
                mixed: mixed.value(),
                word: word.into(),
                class,
            });
        }
        table
    }

    fn first_slot(&self, mixed: Mixed) -> usize {
        (mixed.value() >> self.shift) as usize
    }

    /// The class of the word that mixed to `mixed` and that `is` says is
    /// the slot's word; the default when none is listed.
    #[inline(always)]
    fn find(&self, mixed: Mixed, is: impl Fn(&str) -> bool) -> WordClass {
        let mask = self.slots.len() - 1;
        let mut at = self.first_slot(mixed);
        while let Some(slot) = &self.slots[at] {
            if slot.mixed == mixed.value() && is(&slot.word) {
                return slot.class;
            }
            at = (at + 1) & mask;
        }
        WordClass::default()
    }

    /// The class of `key`, a word in lower case without punctuation
    /// around it.
    pub fn class(&self, key: &str) -> WordClass {
        self.find(Mixed::of(key), |word| word == key)
    }

    /// The class of a token (its key, `bare_word_borrowed`, looked up),
    /// and where its key falls in a sketch, for the terms' first words:
    /// without making the key of an ASCII token.
    #[inline(always)]
    pub fn class_of_token(&self, token: &str) -> (WordClass, Mixed) {
        let trimmed = trimmed_word(token);
        if trimmed.is_ascii() {
            let mixed = Mixed::of_ascii_lowered(trimmed);
            let class = self.find(mixed, |word| word.eq_ignore_ascii_case(trimmed));
            (class, mixed)
        } else {
            let key = lower_case(trimmed);
            let mixed = Mixed::of(&key);
            (self.find(mixed, |word| word == key), mixed)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::bare_word_borrowed;
    use crate::segment::break_words::Leaning;

    /// A token's class is its key's, whatever its case, its punctuation
    /// and its characters beyond ASCII; a word listed in lower case only
    /// is found from any case of it, and an unlisted one is the default.
    #[test]
    fn a_token_is_classed_as_its_key() {
        let article = WordClass {
            leaning: Some(Leaning::Article),
            opens_phrase: false,
        };
        let preposition = WordClass {
            leaning: Some(Leaning::Preposition),
            opens_phrase: true,
        };
        let listed = [
            ("le", article),
            ("the", article),
            ("à", preposition),
            ("après", preposition),
            ("of", preposition),
            ("qu'", article),
            ("aujourd'hui", preposition),
        ];
        let table = ListedWords::new(listed);
        let tokens = [
            "le",
            "Le",
            "LE",
            "«le",
            "le,",
            "the",
            "The.",
            "THE",
            "à",
            "À",
            "après",
            "Après",
            "APRÈS",
            "of",
            "Of",
            "off",
            "o",
            "",
            ",",
            "la",
            "thé",
            "qu'",
            "Qu'",
            "aujourd'hui",
            "Aujourd'hui",
            "aujourd’hui",
            "l’",
            "İle",
        ];
        for token in tokens {
            let key = bare_word_borrowed(token);
            let expected = listed
                .iter()
                .find(|(word, _)| *word == key)
                .map_or(WordClass::default(), |(_, class)| *class);
            let (class, mixed) = table.class_of_token(token);
            assert_eq!(class, expected, "{token:?}");
            assert_eq!(table.class(&key), expected, "{token:?}");
            assert_eq!(mixed.value(), Mixed::of(&key).value(), "{token:?}");
        }
        assert_eq!(table.class_of_token("Le").0, article);
        assert_eq!(table.class_of_token("APRÈS").0, preposition);
    }

    /// Many words in one table: every one is found, however the probes
    /// chain, and none is found for a word not added.
    #[test]
    fn every_word_of_a_full_table_is_found() {
        let words: Vec<String> = (0..500).map(|k| format!("w{k}")).collect();
        let class = WordClass {
            leaning: Some(Leaning::Conjunction),
            opens_phrase: true,
        };
        let table = ListedWords::new(words.iter().map(|w| (w.as_str(), class)));
        for w in &words {
            assert_eq!(table.class(w), class, "{w}");
            assert_eq!(table.class_of_token(&w.to_uppercase()).0, class, "{w}");
        }
        for k in 500..1500 {
            assert_eq!(table.class(&format!("w{k}")), WordClass::default());
        }
        assert_eq!(ListedWords::default().class("w1"), WordClass::default());
    }
}
