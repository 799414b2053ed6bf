//! Finds manglings nobody listed: spans of one to a few words that sound
//! or look like a dictionary name ("Yann Lequin", "la stick search",
//! "CICAMOR") and scores them. Two indexes of deletion neighbourhoods (the
//! phonetic key and the spelling, one deletion each) give the candidates in
//! a few hash lookups per span; only spans holding a word the lexicon does
//! not know are looked at, so ordinary text costs almost nothing.

use std::cell::OnceCell;
use std::collections::HashSet;
use std::ops::Range;

use super::fold::fold_pattern;
use super::lexicon::Lexicon;
use super::load::Dictionary;
use super::matcher::{is_protected, is_word_char};
use super::memo::Memo;
use super::neighbours::Neighbours;
use super::phonetic::{key, normalise};
use crate::word_hash::FastMap;

/// A one-word name may be heard as three ("la stick search"): spans may
/// have this many more words than the spelling they are compared with.
const EXTRA_WORDS: usize = 2;
/// Spans never have more words than this.
const MAX_WORDS: usize = 4;
/// Shortest spelling worth a guess: below it everything sounds alike.
const MIN_FORM: usize = 4;

/// A span that sounds like a term, with how sure we are (0 to 1).
#[derive(Debug, Clone, PartialEq)]
pub struct FuzzyMatch {
    /// Start of the byte range in the text.
    pub start: usize,
    /// End of the byte range, exclusive.
    pub end: usize,
    /// Index of the term in the dictionary.
    pub term: usize,
    /// How close, 0 to 1; at least the floor asked for.
    pub score: f64,
}

/// One spelling of a term to match against: its canonical or a variant.
#[derive(Debug, Clone)]
struct Entry {
    term: usize,
    form: String,
    key: String,
    words: usize,
}

/// Index of every canonical and variant spelling, by phonetic key and by
/// spelling, for finding spans that sound like a term.
#[derive(Debug, Clone)]
pub struct FuzzyMatcher {
    entries: Vec<Entry>,
    by_key: Neighbours,
    by_form: Neighbours,
    max_words: usize,
    /// (term, folded spelling) of every term's exceptions: never proposed.
    exceptions: HashSet<(usize, String)>,
    /// The likenesses of span spellings worked out so far, across calls:
    /// working them out again in each window was a third of a fuzzy run.
    remembered: Memo<Vec<(u32, f64)>>,
}

/// Spellings whose likenesses are kept: a few MB.
const REMEMBERED_MAX: usize = 1 << 16;

impl Default for FuzzyMatcher {
    fn default() -> FuzzyMatcher {
        FuzzyMatcher {
            entries: Vec::new(),
            by_key: Neighbours::default(),
            by_form: Neighbours::default(),
            max_words: 0,
            exceptions: HashSet::new(),
            remembered: Memo::new(REMEMBERED_MAX),
        }
    }
}

/// Whether a canonical names something rather than correcting ordinary
/// words: it has a capital ("Minitel", "LeCun") or a word the lexicon does
/// not know ("kubectl", "quick and dirty"). "quantique", "prose" or "le
/// nerf de la guerre" are corrections that need their variants listed.
pub fn is_name(canonical: &str, lexicon: &Lexicon) -> bool {
    canonical.chars().any(char::is_uppercase)
        || canonical
            .split(|c: char| c.is_whitespace() || c == '&')
            .filter(|w| !w.is_empty())
            .any(|w| !lexicon.is_word(w))
}

/// A word of the transcript, as fuzzy matching sees it.
#[derive(Debug)]
struct Word<'t> {
    range: Range<usize>,
    text: &'t str,
    ordinary: bool,
    capital: bool,
    sentence_start: bool,
    /// Punctuation or a paragraph break before it: spans do not cross it.
    barrier_before: bool,
    /// Digits, URLs, handles: never part of a guess. Found when first
    /// asked (`Word::is_protected`): most spans are ordinary words only,
    /// and go unasked.
    protected: OnceCell<bool>,
}

impl Word<'_> {
    /// Whether the word is digits, or part of a URL, an e-mail address,
    /// a handle or a time (`text` is the text it is in).
    fn is_protected(&self, text: &str) -> bool {
        *self.protected.get_or_init(|| {
            self.text.chars().any(|c| c.is_ascii_digit())
                || is_protected(text, self.range.start, self.range.end)
        })
    }
}

impl FuzzyMatcher {
    /// Indexes the dictionary's names. With a lexicon, a term whose
    /// canonical is ordinary lower-case words ("le nerf de la guerre",
    /// "prose") is left out: guessing towards ordinary words turns every
    /// rare word and typo into a "correction"; those need listed variants.
    pub fn new(dict: &Dictionary, lexicon: Option<&Lexicon>) -> FuzzyMatcher {
        let mut m = FuzzyMatcher::default();
        for (term_index, term) in dict.terms.iter().enumerate() {
            if lexicon.is_some_and(|l| !is_name(&term.canonical, l)) {
                continue;
            }
            for exception in &term.exceptions {
                m.exceptions
                    .insert((term_index, fold_pattern(exception, false)));
            }
            let spellings = std::iter::once(&term.canonical).chain(&term.variants);
            for spelling in spellings {
                let form = normalise(spelling);
                if form.chars().count() < MIN_FORM {
                    continue;
                }
                let entry = Entry {
                    term: term_index,
                    key: key(spelling),
                    words: spelling.split_whitespace().count(),
                    form,
                };
                m.max_words = m.max_words.max(entry.words);
                m.entries.push(entry);
            }
        }
        let ids = 0..m.entries.len() as u32;
        m.by_key = Neighbours::of(m.entries.iter().map(|e| e.key.as_str()).zip(ids.clone()));
        m.by_form = Neighbours::of(m.entries.iter().map(|e| e.form.as_str()).zip(ids));
        m
    }

    /// Whether the dictionary says `spelling` is not `term`.
    fn is_exception(&self, term: usize, spelling: &str) -> bool {
        !self.exceptions.is_empty()
            && self
                .exceptions
                .contains(&(term, fold_pattern(spelling, false)))
    }

    /// How many spellings are indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the dictionary gave no spelling to index.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Candidates in `text` scoring at least `floor`, best first where they
    /// overlap, none inside `taken` (the exact matches, in text order), in
    /// text order.
    pub fn find(
        &self,
        text: &str,
        skip_tags: bool,
        lexicon: Option<&Lexicon>,
        taken: &[Range<usize>],
        floor: f64,
    ) -> Vec<FuzzyMatch> {
        if self.entries.is_empty() {
            return Vec::new();
        }
        let words = words(text, skip_tags, lexicon);
        let longest = (self.max_words + EXTRA_WORDS).min(MAX_WORDS);
        let mut found: Vec<FuzzyMatch> = Vec::new();
        // Each word as spans spell it, made once, when a span first needs
        // it: a word is in up to ten spans (one of one word, two of two,
        // and so on), and each asked a map for it. A word said twice in a
        // window is spelled twice, which costs less than the map did.
        let normalised: Vec<OnceCell<String>> = std::iter::repeat_with(Default::default)
            .take(words.len())
            .collect();
        let mut alike: FastMap<String, Vec<(u32, f64)>> = FastMap::default();
        let mut form = String::new();
        for i in 0..words.len() {
            for n in 1..=longest {
                let Some(span) = words.get(i..i + n) else {
                    break;
                };
                if n > 1 && span[1..].iter().any(|w| w.barrier_before) {
                    break;
                }
                // The lexicon guard: ordinary words only, never a guess.
                // Asked before the next, which then need not be asked of
                // most words: a span that holds a protected word is never
                // a guess, and neither is any longer one, whichever is
                // asked first.
                if span.iter().all(|w| w.ordinary) {
                    continue;
                }
                if span.iter().any(|w| w.is_protected(text)) {
                    break;
                }
                let (start, end) = (span[0].range.start, span[n - 1].range.end);
                // `taken` is in text order: only the first range ending
                // after `start` can overlap.
                let next = taken.partition_point(|t| t.end <= start);
                if taken.get(next).is_some_and(|t| t.start < end) {
                    continue;
                }
                form.clear();
                for (k, w) in span.iter().enumerate() {
                    form.push_str(normalised[i + k].get_or_init(|| normalise(w.text)));
                }
                // Most spans were seen before: asked once, without a copy.
                let likenesses = match alike.get(form.as_str()) {
                    Some(found) => found,
                    None => alike.entry(form.clone()).or_insert_with(|| {
                        self.remembered.get_or(&form, || self.likenesses(&form))
                    }),
                };
                if let Some(m) = self.best(span, likenesses, start, end, floor)
                    && !self.is_exception(m.term, &text[start..end])
                {
                    found.push(m);
                }
            }
        }
        // Overlapping candidates: the best wins.
        found.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.start.cmp(&b.start)));
        let mut kept: Vec<FuzzyMatch> = Vec::new();
        for m in found {
            if kept.iter().all(|k| k.end <= m.start || m.end <= k.start) {
                kept.push(m);
            }
        }
        kept.sort_by_key(|m| m.start);
        kept
    }

    /// Entries one span spelling may be a mangling of, with how alike
    /// they are (what depends on the spelling only, so it is computed once
    /// per distinct spelling: transcripts repeat their names).
    fn likenesses(&self, form: &str) -> Vec<(u32, f64)> {
        if form.chars().count() < MIN_FORM {
            return Vec::new();
        }
        let span_key = key(form);
        let mut ids: Vec<u32> = Vec::new();
        self.by_key
            .near(&span_key, |found| ids.extend_from_slice(found));
        self.by_form
            .near(form, |found| ids.extend_from_slice(found));
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .filter(|&id| {
                let entry = &self.entries[id as usize];
                !is_inflection(form, &entry.form) && !is_derived(form, &span_key, entry)
            })
            .map(|id| (id, likeness(form, &span_key, &self.entries[id as usize])))
            .collect()
    }

    /// The best-scoring term for one span, if any reaches `floor`.
    fn best(
        &self,
        span: &[Word],
        alike: &[(u32, f64)],
        start: usize,
        end: usize,
        floor: f64,
    ) -> Option<FuzzyMatch> {
        let adjustment = adjustment(span);
        let mut best: Option<FuzzyMatch> = None;
        for &(id, likeness) in alike {
            let entry = &self.entries[id as usize];
            if span.len() > entry.words + EXTRA_WORDS {
                continue;
            }
            // A span with more words than the name it becomes takes an
            // ordinary word at its edge only when the name itself begins
            // or ends with the word: "Alpha" of AlphaQubit, "la" of
            // eLasticsearch, "Nettes" of KuberNetes. Otherwise the word is
            // the sentence's ("TikTok et moi" is not "TikToker moi", nor
            // "Dailymotions c'était" "Dailymotion").
            if span.len() > entry.words
                && (edge_not_in_name(&span[0], entry, true)
                    || edge_not_in_name(&span[span.len() - 1], entry, false))
            {
                continue;
            }
            let score = (likeness + adjustment).clamp(0.0, 1.0);
            if score >= floor && best.as_ref().is_none_or(|b| score > b.score) {
                best = Some(FuzzyMatch {
                    start,
                    end,
                    term: entry.term,
                    score,
                });
            }
        }
        best
    }
}

/// Whether `word`, at the start (or end) of a span, is an ordinary word
/// that the name `form` does not begin (or end) with, give or take one
/// letter on the outside.
fn edge_not_in_name(word: &Word, entry: &Entry, start: bool) -> bool {
    if !word.ordinary {
        return false;
    }
    // Doubled letters count once: "Nettes" ends "Kubernetes".
    let single = |s: &str| {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            if !out.ends_with(c) {
                out.push(c);
            }
        }
        out
    };
    let w = single(&normalise(word.text));
    if w.is_empty() {
        return false;
    }
    let within = |s: &str, w: &str| {
        if start {
            s.starts_with(w) || s.chars().skip(1).collect::<String>().starts_with(w)
        } else {
            s.ends_with(w) || {
                let mut t = s.to_string();
                t.pop();
                t.ends_with(w)
            }
        }
    };
    // Spelled as the name spells it, or, for a word long enough not to be
    // a particle, sounding as the name sounds there ("Clique" of ClickHouse).
    let sounds = w.chars().count() >= 4 && within(&entry.key, &key(word.text));
    !(within(&single(&entry.form), &w) || sounds)
}

/// "bit flip" for "bit flips", "sponsorings" for "sponsoring": the same
/// word in another number or gender, not a mangling of it.
fn is_inflection(form: &str, target: &str) -> bool {
    let (short, long) = if form.len() < target.len() {
        (form, target)
    } else {
        (target, form)
    };
    long.len() == short.len() + 1 && long.starts_with(short) && long.ends_with(['s', 'x', 'e'])
}

/// "TikTok" for "TikToker", "Graal" for "GraalVM": a name that another
/// extends by a sound of its own is a different name. The same sound
/// spelled longer ("Mistrall", "Datadogue") is a mangling.
fn is_derived(form: &str, span_key: &str, entry: &Entry) -> bool {
    let (short, long) = if form.len() < entry.form.len() {
        (form, entry.form.as_str())
    } else {
        (entry.form.as_str(), form)
    };
    (1..=3).contains(&(long.len() - short.len()))
        && short.chars().count() >= 4
        && long.starts_with(short)
        && span_key != entry.key
}

/// How alike a span's spelling is to an entry: spelling and sound
/// similarity, each 0 to 1, sound weighing more (what a recogniser gets
/// wrong is spelling, not sound).
fn likeness(form: &str, span_key: &str, entry: &Entry) -> f64 {
    let similarity = |a: &str, b: &str| {
        let longest = a.chars().count().max(b.chars().count()).max(1);
        1.0 - strsim::levenshtein(a, b) as f64 / longest as f64
    };
    let mut score = 0.4 * similarity(form, &entry.form) + 0.6 * similarity(span_key, &entry.key);
    // Short names: two letters off is half the name. Only a same-sounding
    // span counts.
    if entry.form.chars().count() <= 5 && span_key != entry.key {
        score -= 0.15;
    }
    // The same sound, over five sounds or more, is strong evidence:
    // "cantin" is Quentin to the ear whatever the letters say.
    if span_key == entry.key && entry.key.chars().count() >= 5 {
        score += 0.05;
    }
    score
}

/// What the span looks like, whatever it is compared with.
fn adjustment(span: &[Word]) -> f64 {
    let mut score = 0.0;
    // A capitalised span mid-sentence, or several capitalised words, is
    // more likely a name; a span of lower-case words less so.
    let first = &span[0];
    if (first.capital && !first.sentence_start)
        || (span.len() > 1 && span.iter().all(|w| w.capital))
    {
        score += 0.05;
    } else if span.iter().all(|w| !w.capital) {
        score -= 0.03;
    }
    // A lower-case ordinary word at an end of the span ("la" in "la stick
    // search") may belong to the sentence, not to the name.
    let edges = [&span[0], &span[span.len() - 1]];
    let loose = edges
        .iter()
        .take(span.len().min(2))
        .filter(|w| w.ordinary && !w.capital)
        .count();
    score - 0.04 * loose as f64
}

/// The words of `text`: runs of word characters, joined by inner hyphens
/// and apostrophes, tags skipped.
fn words<'t>(text: &'t str, skip_tags: bool, lexicon: Option<&Lexicon>) -> Vec<Word<'t>> {
    let mut cache: FastMap<&str, bool> = FastMap::default();
    // Room for about as many as there are, made once: a window holds
    // about 170,000 words a MB, and growing to them moved the list
    // eighteen times (1.1% of a fuzzy run's instructions).
    let mut out: Vec<Word> = Vec::with_capacity(crate::language::word_room(text));
    read(text, skip_tags, Before::START, |range, before| {
        let word = &text[range.clone()];
        let ordinary = match lexicon {
            Some(lexicon) => *cache.entry(word).or_insert_with(|| lexicon.is_word(word)),
            None => false,
        };
        out.push(Word {
            capital: word.chars().next().is_some_and(char::is_uppercase),
            sentence_start: before.sentence_start,
            barrier_before: before.barrier,
            protected: OnceCell::new(),
            range,
            text: word,
            ordinary,
        });
    });
    out
}

/// Whether a text cut right after `text` is matched in two parts as it
/// is whole: no span runs on past the cut, and the word after it opens a
/// sentence, as the first word of a text does. So after `text`'s last
/// word comes a sentence mark (. ! ? …), and no tag is left open that
/// would go on past the cut. `text` must be read from a place where no
/// tag is open (the start of a transcript, or a cut), unless `skip_tags`
/// is false.
pub fn closes_spans(text: &str, skip_tags: bool) -> bool {
    // What stands before `text` is not known: only what follows its last
    // word counts.
    read(text, skip_tags, Before::NONE, |_, _| {})
        .is_some_and(|after| after.barrier && after.sentence_start)
}

/// What stands between a word and the word before it.
#[derive(Debug, Clone, Copy)]
struct Before {
    /// Punctuation or a paragraph break: spans do not cross it.
    barrier: bool,
    /// A sentence mark: the word opens a sentence.
    sentence_start: bool,
}

impl Before {
    /// What the first word of a text has before it.
    const START: Before = Before {
        barrier: true,
        sentence_start: true,
    };
    /// What a word right after another has before it.
    const NONE: Before = Before {
        barrier: false,
        sentence_start: false,
    };
}

/// Reads `text` as fuzzy matching does, from after what `before` says,
/// giving each word's range and what stands before it to `word`. Returns
/// what stands after the last word, or `None` when a tag is left open at
/// the end (in a longer text it would take what follows).
fn read(
    text: &str,
    skip_tags: bool,
    mut before: Before,
    mut word: impl FnMut(Range<usize>, Before),
) -> Option<Before> {
    let char_at = |i: usize| text[i..].chars().next();
    let mut i = 0;
    while let Some(c) = char_at(i) {
        // A tag, or an ASS override block (`{\i1}`), is skipped whole.
        let closing = match c {
            '<' if skip_tags => Some('>'),
            '{' if skip_tags && text[i + 1..].starts_with('\\') => Some('}'),
            _ => None,
        };
        if let Some(closing) = closing {
            i += text[i..].find(closing)? + 1;
            continue;
        }
        if !is_word_char(c) {
            if matches!(c, '.' | '!' | '?' | '…') {
                before.sentence_start = true;
            }
            if !c.is_whitespace() || (c == '\n' && text[i + 1..].starts_with('\n')) {
                before.barrier = true;
            }
            i += c.len_utf8();
            continue;
        }
        // The word: word characters, and - ' ’ between two of them.
        let mut end = i;
        while let Some(c) = char_at(end) {
            let joins = matches!(c, '-' | '\'' | '’')
                && end > i
                && char_at(end + c.len_utf8()).is_some_and(is_word_char);
            if is_word_char(c) || joins {
                end += c.len_utf8();
            } else {
                break;
            }
        }
        word(i..end, before);
        before = Before::NONE;
        i = end;
    }
    Some(before)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn matcher(names: &[&str]) -> (Dictionary, FuzzyMatcher) {
        let mut toml = String::new();
        for n in names {
            toml.push_str(&format!("[[term]]\ncanonical = {n:?}\n"));
        }
        let mut d = Dictionary::default();
        d.add_toml(&toml, Path::new("t.toml")).unwrap();
        let m = FuzzyMatcher::new(&d, None);
        (d, m)
    }

    fn found(text: &str, names: &[&str]) -> Vec<(String, String)> {
        let (d, m) = matcher(names);
        m.find(text, false, None, &[], 0.75)
            .into_iter()
            .map(|f| {
                (
                    text[f.start..f.end].to_string(),
                    d.terms[f.term].canonical.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn manglings_are_found() {
        let names = [
            "Yann LeCun",
            "Elasticsearch",
            "Sycamore",
            "Gaia-X",
            "AlphaQubit",
        ];
        let f = found(
            "on a lu Yann Lequin et la stick search. Le CICAMOR, puis GaiaX et Alpha Clubit.",
            &names,
        );
        let got: Vec<&str> = f.iter().map(|(a, _)| a.as_str()).collect();
        assert_eq!(
            got,
            [
                "Yann Lequin",
                "la stick search",
                "CICAMOR",
                "GaiaX",
                "Alpha Clubit"
            ]
        );
    }

    #[test]
    fn spans_stop_at_punctuation_and_numbers() {
        assert!(
            found("Yann. Lequin", &["Yann LeCun"])
                .iter()
                .all(|(a, _)| !a.contains('.'))
        );
        assert!(found("version 3 de Sycamore3", &["Sycamore"]).is_empty());
    }

    /// A name heard over a line break is one span; over a sentence mark
    /// it is not, and the word after one opens a sentence as the first
    /// word of a text does.
    #[test]
    fn a_line_that_ends_a_sentence_closes_spans() {
        assert_eq!(found("Yann\nLequin", &["Yann LeCun"]).len(), 1);
        for closed in [
            "Bonjour.",
            "Bonjour !",
            "vraiment ?\u{a0}",
            "Fin…",
            "« Fin. »",
            "Fin.</i>",
        ] {
            assert!(
                closes_spans(closed, false) || closed.contains('<'),
                "{closed:?}"
            );
            assert!(closes_spans(closed, true), "{closed:?}");
        }
        // A comma stops a span but the next word is no sentence's first;
        // a tag left open takes what follows when tags are skipped.
        for open in [
            "Bonjour",
            "Bonjour,",
            "Yann",
            "fin. Et puis",
            "3.5",
            "Fin. <i",
            "Fin. {\\an8",
        ] {
            assert!(!closes_spans(open, true), "{open:?}");
        }
        // Read as text, "<" is a mark, and "i" a word.
        assert!(closes_spans("Fin. <", false));
        assert!(!closes_spans("Fin. <", true));
        assert!(!closes_spans("Fin. <i", false));
        // What stands before the text is not known: an empty text says
        // nothing, and marks close whatever came before.
        assert!(!closes_spans("", false));
        assert!(!closes_spans(" ", false));
        assert!(closes_spans("...", false));
    }
}
