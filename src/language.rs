//! Language tags as users write them ("fr", "fr-CA", "en_US"): the lists,
//! lexicons and rules are chosen by the base language.

use std::borrow::Cow;

/// The base language of a tag: "fr" for "fr-CA" and "fr_FR".
pub fn base(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or(tag)
}

/// Whether a user may name `tag` as a transcript's language: its base is
/// an ISO 639-1 code, an ISO 639-3 code the detector knows, or one Whisper
/// writes of its own ("haw", "yue", and "jw" for Javanese). Any case.
/// What is not one is a typo ("fre", "french", "xx"), refused rather than
/// read as a language with no lists.
pub fn is_known(tag: &str) -> bool {
    let base = base(tag).to_ascii_lowercase();
    ISO_639_1.binary_search(&base.as_str()).is_ok()
        || WHISPERS_OWN.contains(&base.as_str())
        || (base.len() == 3 && whatlang::Lang::from_code(base.as_str()).is_some())
}

/// The 183 codes of ISO 639-1, sorted.
const ISO_639_1: [&str; 183] = [
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bi",
    "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da", "de",
    "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy",
    "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz", "ia",
    "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj", "kk",
    "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln", "lo",
    "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb", "nd",
    "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl",
    "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl",
    "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk",
    "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo", "wa",
    "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

/// Codes Whisper's tokenizer writes that ISO 639-1 has not.
const WHISPERS_OWN: [&str; 3] = ["haw", "jw", "yue"];

/// Room for a list of the words of `text`, so that it is made once:
/// rarely more than a word per four bytes in a line; a long text (a
/// transcript written as one line) is counted, since a guess short by one
/// word doubles the list, twice the memory the text itself takes.
pub(crate) fn word_room(text: &str) -> usize {
    if text.len() > 1 << 16 {
        words_at_most(text)
    } else {
        text.len() / 4 + 1
    }
}

/// At least as many as `text.split_whitespace()` gives, counted many bytes
/// at a time: decoding each character to ask whether it is a space cost
/// an eighth of the time of cleaning a cue several megabytes long, where
/// this is asked twice a round. A word opens the text, or follows an ASCII
/// space, or follows one of the other spaces, whose UTF-8 all opens on C2
/// (U+0085, U+00A0), E1 (U+1680), E2 (U+2000 to U+205F) or E3 (U+3000):
/// each of these bytes is counted as a word, which gives a text with many
/// "’" (E2 80 99) a little more room than it needs, never less.
fn words_at_most(text: &str) -> usize {
    let bytes = text.as_bytes();
    let is_space = |b: u8| matches!(b, b' ' | b'\t'..=b'\r');
    let opens = bytes.first().is_some_and(|&b| !is_space(b));
    let after_space = crate::byte_counts::count_pairs(bytes, |a, b| is_space(a) & !is_space(b));
    let other_spaces = crate::byte_counts::count(bytes, |b| matches!(b, 0xc2 | 0xe1..=0xe3));
    usize::from(opens) + after_space + other_spaces
}

/// A word as word lists and alignments compare it: lower case, without the
/// punctuation around it ("Bonjour," and "bonjour" are one word).
pub fn bare_word(word: &str) -> String {
    bare_word_borrowed(word).into_owned()
}

/// As `bare_word`, borrowing the word when it is bare already, as most
/// are: segmenting asks it of every token.
pub fn bare_word_borrowed(word: &str) -> Cow<'_, str> {
    lower_case(trimmed_word(word))
}

/// `word` without the punctuation around it, in its own case: the bare
/// word before it is put in lower case.
#[inline(always)]
pub fn trimmed_word(word: &str) -> &str {
    // Most words open and close on an ASCII letter or digit: nothing to
    // trim, and no character to decode.
    let bare_ends = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
    if bare_ends(word.as_bytes().first()) && bare_ends(word.as_bytes().last()) {
        word
    } else {
        word.trim_matches(|c: char| !is_alphanumeric(c))
    }
}

/// `char::is_alphanumeric`, answered without Unicode's tables for what
/// European text is mostly made of: ASCII, Latin-1 (its letters, and
/// the ordinals, superscripts, fractions and micro sign that are letters
/// or numbers too) and the General Punctuation block, where nothing is
/// (French writes ’, U+202F and — there). Each other character is a
/// binary search of the tables: asked at the words' ends and the
/// dictionary matcher's word edges, about 15 million instructions of the
/// 2 MB of French `bench/passes.py` measures.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    match c {
        '\0'..='\u{7f}' => c.is_ascii_alphanumeric(),
        '\u{80}'..='\u{ff}' => {
            matches!(
                c,
                '\u{aa}' | '\u{b2}' | '\u{b3}' | '\u{b5}' | '\u{b9}' | '\u{ba}' | '\u{bc}'
                    ..='\u{be}'
            ) || (c >= '\u{c0}' && c != '\u{d7}' && c != '\u{f7}')
        }
        '\u{2000}'..='\u{206f}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// `word` in lower case, borrowed when no character would change, as for
/// most words: lower case changes no ASCII byte but A-Z, and no letter of
/// Latin-1's lower half (é, à, ç: `lowers_to_itself`). Asked only of
/// ASCII bytes, it made a lower-case copy of every word with an accent
/// ("été", "très"), and segmenting asks it of every token.
pub fn lower_case(word: &str) -> Cow<'_, str> {
    if word
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
        || word.chars().all(lowers_to_itself)
    {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.to_lowercase())
    }
}

/// Whether `c` is its own lower case. `str::to_lowercase` maps each
/// character as `char::to_lowercase` does but a final capital sigma,
/// which changes either way: a word of such characters is its own lower
/// case. U+00DF to U+00FF (ß, à to ÿ, and ÷) are answered without the
/// tables.
fn lowers_to_itself(c: char) -> bool {
    if c.is_ascii() {
        !c.is_ascii_uppercase()
    } else if ('\u{df}'..='\u{ff}').contains(&c) {
        true
    } else {
        let mut lower = c.to_lowercase();
        lower.next() == Some(c) && lower.next().is_none()
    }
}

/// A language the detector is sure of, and how sure.
#[derive(Debug, Clone, PartialEq)]
pub struct Detected {
    /// ISO 639-1 where it has one ("fr"), else ISO 639-3.
    pub code: String,
    /// whatlang's confidence, 0 to 1.
    pub confidence: f64,
}

/// Below this confidence a detected language is not used: short or mixed
/// text (a few English words in a French show) must not switch rules.
pub const MIN_CONFIDENCE: f64 = 0.8;

/// Characters of a text the detector reads: its first ones.
pub const SAMPLE_CHARS: usize = 20_000;

/// The language of `text` (the first 20,000 characters are enough), when
/// whatlang is sure of it: reliable by its own measure and at least
/// `MIN_CONFIDENCE`.
pub fn detect(text: &str) -> Option<Detected> {
    let sample: String = text.chars().take(SAMPLE_CHARS).collect();
    let info = whatlang::detect(&sample)
        .filter(|i| i.is_reliable() && i.confidence() >= MIN_CONFIDENCE)?;
    use whatlang::Lang;
    let code = match info.lang() {
        Lang::Fra => "fr",
        Lang::Eng => "en",
        Lang::Spa => "es",
        Lang::Deu => "de",
        Lang::Ita => "it",
        Lang::Por => "pt",
        Lang::Nld => "nl",
        Lang::Jpn => "ja",
        Lang::Cmn => "zh",
        Lang::Kor => "ko",
        Lang::Rus => "ru",
        other => other.code(),
    };
    Some(Detected {
        code: code.to_string(),
        confidence: info.confidence(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick answers are Unicode's, for every character there is.
    #[test]
    fn is_alphanumeric_is_the_standard_library_s() {
        for c in '\0'..=char::MAX {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    /// A word in lower case is the standard library's, borrowed when it is
    /// the word itself: capitals of every kind (a title case "ǅ", a capital
    /// sigma that ends a word, "İ" that lowers to two characters, "ẞ"),
    /// and lower-case letters beyond ASCII.
    #[test]
    fn lower_case_is_to_lowercase() {
        for word in [
            "",
            "etc.",
            "Etc.",
            "M.",
            "m.",
            "DR.",
            "é.",
            "É.",
            "İ.",
            "ß.",
            "Ω",
            "z9_.",
            "Z",
            "étaient",
            "très",
            "ça",
            "Ça",
            "l’équipe",
            "L’équipe",
            "«",
            "÷",
            "ÿ",
            "Ÿ",
            "ǅemal",
            "ǆemal",
            "ΟΔΟΣ",
            "οδος",
            "ẞ",
            "œuvre",
            "Œuvre",
            "中文",
            "Ǳ",
            "ß",
            "þ",
            "Þ",
            "ﬁ",
        ] {
            let lower = lower_case(word);
            assert_eq!(lower, word.to_lowercase(), "{word:?}");
            let unchanged = word.to_lowercase() == word;
            assert_eq!(matches!(lower, Cow::Borrowed(_)), unchanged, "{word:?}");
        }
        // Every character of the first three planes' worth that Unicode
        // maps: its own lower case exactly when `lowers_to_itself` says so.
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            let own = c.to_string();
            assert_eq!(lowers_to_itself(c), own.to_lowercase() == own, "{c:?}");
        }
    }

    /// Never fewer than `split_whitespace` gives, whatever the spaces
    /// (every one Unicode has, ASCII's six among them), and as many for a
    /// text whose spaces are ASCII and whose characters open on none of the
    /// bytes the other spaces open on.
    #[test]
    fn a_long_text_has_room_for_all_its_words() {
        let spaces = [
            " ", "\t", "\n", "\u{b}", "\u{c}", "\r", "\u{85}", "\u{a0}", "\u{1680}", "\u{2000}",
            "\u{200a}", "\u{2028}", "\u{2029}", "\u{202f}", "\u{205f}", "\u{3000}",
        ];
        let words = ["l’homme", "oui", "é", "Ça", "«", "—", "x", "l'on"];
        let mut next = crate::test_strings::splitmix64(7);
        let mut text_of = |spaces: &[&str], words: &[&str]| {
            let mut text = String::new();
            for _ in 0..next() % 40 {
                let pick = next() as usize;
                text.push_str(if pick.is_multiple_of(3) {
                    spaces[pick / 3 % spaces.len()]
                } else {
                    words[pick / 3 % words.len()]
                });
            }
            text
        };
        let (mut any, mut plain) = (String::new(), String::new());
        for _ in 0..2000 {
            let text = text_of(&spaces, &words);
            assert!(
                words_at_most(&text) >= text.split_whitespace().count(),
                "{text:?}"
            );
            any.push_str(&text);
            let text = text_of(&spaces[..6], &["oui", "é", "Ça", "x", "l'on"]);
            assert_eq!(
                words_at_most(&text),
                text.split_whitespace().count(),
                "{text:?}"
            );
            plain.push_str(&text);
        }
        assert!(any.len() > 1 << 16 && plain.len() > 1 << 16);
        assert!(word_room(&any) >= any.split_whitespace().count());
        assert_eq!(word_room(&plain), plain.split_whitespace().count());
    }

    #[test]
    fn a_language_is_any_iso_code_and_a_typo_is_none() {
        assert!(ISO_639_1.windows(2).all(|w| w[0] < w[1]), "sorted");
        for tag in [
            "sv", "SV", "pl-PL", "hi", "uk_UA", "swe", "yue", "jw", "fr-CA",
        ] {
            assert!(is_known(tag), "{tag}");
        }
        for tag in ["xx", "fre", "french", "f", "", "qq-QQ"] {
            assert!(!is_known(tag), "{tag}");
        }
    }

    /// Borrowed or not, a word's bare form is the word trimmed of what is
    /// not a letter or digit, in lower case.
    #[test]
    fn a_bare_word_is_borrowed_when_it_is_bare_already() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let episode = std::fs::read_to_string(root.join("fixtures/mci-2025-02-07.txt")).unwrap();
        let tricky = [
            "«Bonjour»",
            "l'ami,",
            "L’IA",
            "(Kubernetes).",
            "ÉTÉ",
            "İstanbul",
            "ǅemal",
            "ΣΟΦΊΑ",
            "x86_64",
            "--",
            "",
            "…",
            "42.",
            "Straße",
            "ﬁn",
            "q",
            "Q",
            "7",
            "a.",
            "x-Y",
            "aÉ",
            "Éa",
        ];
        let bare = |w: &str| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        };
        let (mut borrowed, mut owned) = (0, 0);
        for word in episode.split_whitespace().chain(tricky) {
            let key = super::bare_word_borrowed(word);
            match key {
                super::Cow::Borrowed(_) => borrowed += 1,
                super::Cow::Owned(_) => owned += 1,
            }
            assert_eq!(key, bare(word), "{word:?}");
        }
        // Most of the episode's words are bare ASCII already.
        assert!(
            borrowed > 5_000 && borrowed > 3 * owned,
            "{borrowed} {owned}"
        );
    }

    #[test]
    fn base_language() {
        assert_eq!(super::base("fr-CA"), "fr");
    }

    #[test]
    fn detects_only_when_sure() {
        let fr = "Bonjour à toutes et à tous, bienvenue dans ce nouvel épisode où l'on parle de bases de données et de la façon dont on les fait tourner en production.";
        assert_eq!(super::detect(fr).map(|d| d.code), Some("fr".to_string()));
        assert_eq!(super::detect("ok"), None);
        assert_eq!(super::base("en_US"), "en");
        assert_eq!(super::base("de"), "de");
    }
}
