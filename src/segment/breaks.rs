//! What a break after each token costs, for lines and cues alike. The
//! rules are Netflix's (General Requirements): break after punctuation,
//! before conjunctions and prepositions; never between an article and its
//! noun, a first and a last name, a number and its unit, nor inside a
//! multi-word dictionary term ("Guido van Rossum" stays whole).

use crate::language::{bare_word as bare, bare_word_borrowed as key, is_alphanumeric, lower_case};
use crate::word_hash::FastMap;
use crate::word_sketch::{Mixed, Sketch};

use super::break_words::{BreakWords, Leaning, WordClass};
use super::token::Token;

/// The end of a sentence or paragraph: the best place to break.
pub const SENTENCE: u32 = 0;
/// After a comma, a semicolon, a colon.
pub const CLAUSE: u32 = 10;
/// Between two segments of the recogniser, with no punctuation.
pub const BOUNDARY: u32 = 12;
/// Between two words with no rule either way.
pub const PLAIN: u32 = 60;
/// Inside a name, a term, a number and its unit, after an article: only
/// when nothing else fits.
pub const FORBIDDEN: u32 = 1000;

/// Multi-word dictionary terms, as lower-case word sequences by first word.
#[derive(Debug, Default)]
pub struct Terms {
    by_first_word: FastMap<String, Vec<Vec<String>>>,
    /// Their first words, asked before the map: a term's first word is
    /// rare among a transcript's words, and hashing each word to learn so
    /// was a fiftieth of segmenting with the benchmark's 10,000 terms.
    /// 8 KB, for a few thousand first words.
    first_words: Sketch<{ 1 << 16 }>,
    /// Words in the longest term (0 with none).
    longest: usize,
}

impl Terms {
    pub fn new<'a>(canonicals: impl IntoIterator<Item = &'a str>) -> Terms {
        let mut by_first_word: FastMap<String, Vec<Vec<String>>> = FastMap::default();
        for canonical in canonicals {
            let words: Vec<String> = canonical.split_whitespace().map(bare).collect();
            if words.len() > 1 {
                by_first_word
                    .entry(words[0].clone())
                    .or_default()
                    .push(words);
            }
        }
        let longest = by_first_word.values().flatten().map(Vec::len).max();
        Terms {
            first_words: by_first_word.keys().map(String::as_str).collect(),
            by_first_word,
            longest: longest.unwrap_or(0),
        }
    }

    /// Words in the longest term (at least one).
    pub fn longest(&self) -> usize {
        self.longest.max(1)
    }

    /// For each token, whether it and the next belong to one term: `mixed`
    /// is where each token's key (`bare_word_borrowed`) falls in a sketch,
    /// and a key is made only where the first words' sketch may hold it.
    fn inside(&self, tokens: &[Token], mixed: &[Mixed]) -> Vec<bool> {
        let mut inside = vec![false; tokens.len()];
        for (i, &m) in mixed.iter().enumerate() {
            if !self.first_words.holds(m) {
                continue;
            }
            let Some(terms) = self.by_first_word.get(key(&tokens[i].text).as_ref()) else {
                continue;
            };
            for term in terms {
                let Some(run) = tokens.get(i..i + term.len()) else {
                    continue;
                };
                if run.iter().zip(term).all(|(t, word)| key(&t.text) == **word) {
                    inside[i..i + term.len() - 1].fill(true);
                }
            }
        }
        inside
    }
}

/// Whether `word` may be elided ("qu'on", "d'un"): it holds an apostrophe,
/// straight or curly (U+2019, whose UTF-8 ends in 0x99). Read a byte at a
/// time: `rsplit_once`, asked of every word without a class, decodes
/// every character.
fn may_be_elided(word: &str) -> bool {
    word.bytes().any(|b| b == b'\'' || b == 0x99)
}

/// Why the text ends where it does: the punctuation at its end, looking
/// through closing quotes and brackets and no-break spaces.
fn final_mark(text: &str) -> Option<char> {
    // Most words end on an ASCII letter or digit: no mark, and nothing
    // to look through, without decoding a character.
    if text
        .as_bytes()
        .last()
        .is_some_and(u8::is_ascii_alphanumeric)
    {
        return None;
    }
    text.chars()
        .rev()
        .find(|c| !matches!(c, '»' | '"' | '”' | ')' | ']' | '\u{a0}' | '\u{202f}' | ' '))
        .filter(|&c| !is_alphanumeric(c))
}

/// Whether `word` is a number ("105", "2,5", "1 000."). It opens on a
/// digit, which trimming its end never takes off: asked first, inline,
/// since a break's cost asks this of nearly every token and most open on
/// a letter.
#[inline(always)]
fn is_number(word: &str) -> bool {
    word.as_bytes().first().is_some_and(u8::is_ascii_digit) && is_number_read_whole(word)
}

/// `is_number`, every character read.
#[inline(never)]
fn is_number_read_whole(word: &str) -> bool {
    let w = word.trim_end_matches([',', '.']);
    !w.is_empty()
        && w.chars().next().is_some_and(|c| c.is_ascii_digit())
        && w.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | ' ' | '\u{a0}'))
}

/// Whether `word` opens on a letter in upper case: its first character
/// alone, decoded only when it is beyond ASCII.
fn starts_upper(word: &str) -> bool {
    word.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() && c.is_uppercase())
}

/// The cost of a break after each token (the last one's is 0: the text ends).
pub(super) fn costs(tokens: &[Token], words: &BreakWords, terms: &Terms) -> Vec<u32> {
    let mut costs = Vec::with_capacity(tokens.len());
    BreakCosts::default().extend(tokens, &mut costs, true, words, terms);
    costs
}

/// Break costs counted as tokens arrive: a break's cost depends on the
/// tokens of a term around it and whether a sentence starts before it.
#[derive(Debug)]
pub struct BreakCosts {
    sentence_start: bool,
}

impl Default for BreakCosts {
    fn default() -> BreakCosts {
        BreakCosts {
            sentence_start: true,
        }
    }
}

impl BreakCosts {
    /// Tokens a break's cost may look ahead of it: the next one, and the
    /// rest of a term (the last token may still change: see `Tokenizer`).
    pub fn lookahead(terms: &Terms) -> usize {
        terms.longest() + 1
    }

    /// Counts the costs of `tokens[costs.len()..]` that are final: all of
    /// them at the `end` of the text, else those with `lookahead` tokens
    /// after them. `costs[k]` belongs to `tokens[k]`; tokens before the
    /// first without a cost are kept for the terms that cross it.
    pub fn extend(
        &mut self,
        tokens: &[Token],
        costs: &mut Vec<u32>,
        end: bool,
        words: &BreakWords,
        terms: &Terms,
    ) {
        let from = costs.len();
        let to = if end {
            tokens.len()
        } else {
            tokens.len().saturating_sub(Self::lookahead(terms))
        };
        if from >= to {
            return;
        }
        // The keys of the tokens whose terms can cross the costs counted.
        let longest = terms.longest();
        let first = from.saturating_sub(longest);
        let last = (to + longest).min(tokens.len());
        let near = &tokens[first..last];
        // Each word's class looked up once, though a break asks of the
        // word before it and of the word after it.
        let (classes, mixed): (Vec<WordClass>, Vec<Mixed>) =
            near.iter().map(|t| words.class_of_token(&t.text)).unzip();
        let in_term = terms.inside(near, &mixed);
        for i in from..to {
            let a = &tokens[i];
            let k = i - first;
            let Some(b) = tokens.get(i + 1) else {
                costs.push(SENTENCE);
                break;
            };
            // An elided word leans as its last part does: "qu'on" as "on",
            // "d'un" as "un".
            let lean = classes[k].leaning.or_else(|| {
                if !may_be_elided(&a.text) {
                    return None;
                }
                let elided = key(&a.text);
                let (_, last) = elided.rsplit_once(['\'', '’'])?;
                words.leaning(last)
            });
            let mark = final_mark(&a.text);
            let ends_sentence = matches!(mark, Some('.' | '!' | '?' | '…' | '。' | '！' | '？'))
                && !words.is_abbreviation(&lower_case(&a.text))
                && !(is_number(&a.text) && a.text.ends_with('.'));
            let cost = if b.paragraph || b.speaker_change {
                SENTENCE
            } else if let Some(cost) = b
                .joined
                .then(|| super::cjk::break_cost(&a.text, &b.text))
                .flatten()
            {
                // Inside a sentence of Japanese or Chinese.
                cost
            } else if b.joined
                && super::cjk::is_one_character(&a.text)
                && super::cjk::is_one_character(&b.text)
            {
                // Inside a number or a word written a character at a time
                // among Chinese ("300", "mga3": see `Tokenizer::push_some`).
                FORBIDDEN
            } else if b.joined {
                // Inside a word too long for a line: anywhere is as bad.
                FORBIDDEN / 2
            } else if in_term[k] {
                FORBIDDEN
            } else if ends_sentence {
                SENTENCE
            } else if matches!(
                mark,
                Some(',' | ';' | ':' | '—' | '–' | '、' | '，' | '；' | '：')
            ) {
                CLAUSE
            } else if lean == Some(Leaning::Title) {
                FORBIDDEN
            } else if is_number(&a.text) && !classes[k + 1].opens_phrase && !is_number(&b.text) {
                // "105 qubits", "500 milliards", "4 octets".
                FORBIDDEN
            } else if starts_upper(&a.text) && starts_upper(&b.text) && !self.sentence_start {
                // Two capitalised words mid-sentence: a first and a last name,
                // or a name of several words.
                FORBIDDEN - 200
            } else {
                match lean {
                    Some(Leaning::Article) => FORBIDDEN - 200,
                    Some(Leaning::Preposition) => 500,
                    Some(Leaning::Pronoun | Leaning::Negation) => 400,
                    Some(Leaning::Auxiliary) => 300,
                    Some(Leaning::Conjunction) => 150,
                    Some(Leaning::Title) => FORBIDDEN,
                    None if classes[k + 1].opens_phrase => 25,
                    None => PLAIN,
                }
            };
            // The end of a short recogniser segment with no punctuation is
            // where, in crosstalk, one voice stops and another starts: as good
            // a break as a comma. The end of a longer segment, like a pause in
            // speech, is a natural plain break (Whisper cuts sentences too).
            let boundary = b.source != a.source;
            let turn = boundary && (a.short_source || b.short_source);
            let pause = b.start.saturating_sub(a.end) >= 500;
            costs.push(if turn && cost <= PLAIN {
                cost.min(BOUNDARY)
            } else if pause && cost <= PLAIN {
                cost / 2
            } else {
                cost
            });
            self.sentence_start = ends_sentence || b.paragraph;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::token::{token_ranges, width};

    /// A word opens on a capital when its first character is a letter in
    /// upper case: read from the first byte when it is ASCII, as from the
    /// first character otherwise.
    #[test]
    fn a_word_starts_upper_when_its_first_letter_opens_it_in_upper_case() {
        let reference = |word: &str| {
            word.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
                && word.chars().next().is_some_and(char::is_alphabetic)
        };
        let words = [
            "",
            "Paris",
            "paris",
            "PARIS",
            "«Paris",
            "(Paris)",
            "1er",
            "_Paris",
            "Éric",
            "éric",
            "Ōsaka",
            "ǅemal",
            "ß",
            "İstanbul",
            "\u{2019}Paris",
            "-Paris",
            "Z",
            "z",
            "9",
        ];
        for word in words {
            assert_eq!(starts_upper(word), reference(word), "{word:?}");
        }
        assert!(starts_upper("Paris") && starts_upper("Éric") && !starts_upper("«Paris"));
    }

    /// A word that does not open on an ASCII digit is no number, as the
    /// whole reading finds too: punctuation, spaces and other digits
    /// first included.
    #[test]
    fn a_number_opens_on_a_digit() {
        let words = [
            "",
            "5",
            "105",
            "2,5",
            "1 000.",
            "1\u{a0}000",
            "5,",
            "5.",
            ",5",
            ".5",
            "a5",
            " 5",
            "\u{a0}5",
            "\u{663}",
            ",",
            ".",
            "..",
            "5a",
            "5 €",
            "１",
        ];
        for word in words {
            assert_eq!(is_number(word), is_number_read_whole(word), "{word:?}");
        }
        assert!(is_number("1 000.") && is_number("2,5") && !is_number(",5") && !is_number("5a"));
    }

    fn costs_of(text: &str, terms: &[&str]) -> Vec<(String, u32)> {
        let tokens: Vec<Token> = token_ranges(text)
            .into_iter()
            .map(|r| Token {
                text: text[r.clone()].into(),
                width: width(&text[r]),
                start: 0,
                end: 0,
                joined: false,
                paragraph: false,
                source: 0,
                speaker_change: false,
                short_source: false,
            })
            .collect();
        let c = costs(
            &tokens,
            BreakWords::for_language(Some("fr")),
            &Terms::new(terms.iter().copied()),
        );
        tokens.into_iter().map(|t| t.text.into()).zip(c).collect()
    }

    fn cost_after(costs: &[(String, u32)], word: &str) -> u32 {
        costs.iter().find(|(w, _)| w == word).unwrap().1
    }

    /// The mark a text ends on, looking through closing quotes, brackets
    /// and no-break spaces, whether it ends on ASCII or not.
    #[test]
    fn the_final_mark_looks_through_closing_quotes() {
        let cases = [
            ("oui", None),
            ("42", None),
            ("", None),
            ("fin.", Some('.')),
            ("vrai\u{a0}?", Some('?')),
            ("«\u{a0}oui\u{a0}»", None),
            ("dit.»", Some('.')),
            ("(voilà)", None),
            ("(voilà !)", Some('!')),
            ("déjà", None),
            ("Ω", None),
            ("bon…", Some('…')),
            ("\"", None),
            ("'", Some('\'')),
        ];
        for (text, mark) in cases {
            assert_eq!(final_mark(text), mark, "{text:?}");
        }
    }

    #[test]
    fn sentences_and_clauses_are_cheap() {
        let c = costs_of("Oui, bien sûr. Et toi ? Mais enfin", &[]);
        assert_eq!(cost_after(&c, "Oui,"), CLAUSE);
        assert_eq!(cost_after(&c, "sûr."), SENTENCE);
        assert_eq!(cost_after(&c, "toi ?"), SENTENCE);
    }

    #[test]
    fn names_terms_numbers_and_articles_hold_together() {
        let c = costs_of(
            "on parle de Guido van Rossum avec Kevin Davin et 105 qubits pour la machine",
            &["Guido van Rossum"],
        );
        assert_eq!(cost_after(&c, "Guido"), FORBIDDEN);
        assert_eq!(cost_after(&c, "van"), FORBIDDEN);
        assert!(cost_after(&c, "Kevin") >= FORBIDDEN - 200);
        assert_eq!(cost_after(&c, "105"), FORBIDDEN);
        assert!(cost_after(&c, "la") >= FORBIDDEN - 200);
        assert!(cost_after(&c, "de") > PLAIN);
        // Before a preposition or a conjunction is a good place.
        assert!(cost_after(&c, "Rossum") < PLAIN);
        assert!(cost_after(&c, "Davin") < PLAIN);
    }

    #[test]
    fn a_capital_at_the_start_of_a_sentence_is_not_a_name() {
        let c = costs_of("Fini. Donc Horacio parle", &[]);
        assert!(cost_after(&c, "Donc") < FORBIDDEN - 200);
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let c = costs_of("avec M. Dupont", &[]);
        assert_eq!(cost_after(&c, "M."), FORBIDDEN);
    }
}
