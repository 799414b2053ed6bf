//! Language tags as users write them ("fr", "fr-CA", "en_US"): the lists,
//! lexicons and rules are chosen by the base language.

/// The base language of a tag: "fr" for "fr-CA" and "fr_FR".
pub fn base(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or(tag)
}

/// A word as word lists and alignments compare it: lower case, without the
/// punctuation around it ("Bonjour," and "bonjour" are one word).
pub fn bare_word(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    #[test]
    fn base_language() {
        assert_eq!(super::base("fr-CA"), "fr");
        assert_eq!(super::base("en_US"), "en");
        assert_eq!(super::base("de"), "de");
    }
}
