//! `transcrub dict learn`: aligns a recogniser's transcript with a person's
//! corrected version, word by word, and proposes a `[[term]]` for each
//! substitution that corrects a name or a term. Everything else a reviewer
//! changes (punctuation, case, accents, function words, rewording, speaker
//! labels, headings, links, front matter) is not a misrecognition of a
//! name, and a dictionary that listed it would rewrite ordinary speech.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::cli::LearnArgs;
use crate::dict::Dictionary;
use crate::dict::lexicon::Lexicon;
use crate::encoding;
use crate::error::{Error, Result};
use crate::format::Format;
use crate::language::bare_word as bare;
use crate::output::Plan;
use crate::read::{self, Mode};
use crate::segment::BreakWords;

use super::{Status, Streams, io_err, lexicon};

/// Substitutions longer than this are rewrites, not misrecognitions.
const MAX_PHRASE_WORDS: usize = 4;

/// A proposed term: its canonical, and each variant with how often it was
/// seen.
type Proposal = (String, Vec<(String, usize)>);

/// What a token stands for in the alignment: itself (lower case, no
/// punctuation), or, for what is never a name to learn (a link, a URL, a
/// bracketed annotation), a placeholder that still aligns.
struct Token {
    text: String,
    key: String,
    skip: bool,
}

pub(super) fn run(args: &LearnArgs, streams: &mut Streams) -> Result<Status> {
    let noisy = tokens_of(&args.noisy)?;
    let corrected = tokens_of(&args.corrected)?;
    let (language, detected) = match &args.lang {
        Some(lang) => (Some(lang.to_lowercase()), false),
        None => (detect_language(&corrected), true),
    };
    let lexicon = match &language {
        Some(lang) => lexicon(args.lexicon.as_deref(), lang)?,
        None => None,
    };
    let words = BreakWords::for_language(language.as_deref());
    let (a, b): (Vec<&str>, Vec<&str>) = (
        noisy.iter().map(|t| t.key.as_str()).collect(),
        corrected.iter().map(|t| t.key.as_str()).collect(),
    );
    // Word-level alignment (Patience diff: unique words anchor it, which
    // suits long transcripts with local substitutions).
    let ops = capture_diff_slices(Algorithm::Patience, &a, &b);
    let mut proposals: BTreeMap<String, HashMap<String, usize>> = BTreeMap::new();
    for op in ops {
        let DiffOp::Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } = op
        else {
            continue;
        };
        if old_len > MAX_PHRASE_WORDS || new_len > MAX_PHRASE_WORDS {
            continue;
        }
        let (old, new) = (
            &noisy[old_index..old_index + old_len],
            &corrected[new_index..new_index + new_len],
        );
        if old.iter().chain(new).any(|t| t.skip) {
            continue;
        }
        let (old, new) = (phrase(old), phrase(new));
        if old.is_empty() || new.is_empty() || same_but_case_and_accents(&old, &new) {
            continue;
        }
        // "à" for "un", "Ce n'est" for "et": grammar, not names; and a
        // variant of function words would rewrite every sentence.
        let all_function = |p: &str| {
            p.split_whitespace()
                .all(|w| words.leaning(&bare(w)).is_some())
        };
        if all_function(&old) || all_function(&new) {
            continue;
        }
        // A capital mid-sentence says "name"; at a sentence's start it
        // says nothing ("And" -> "The").
        let at_start = new_index == 0
            || corrected[new_index - 1]
                .text
                .ends_with(['.', '!', '?', '…', ':']);
        let name = match &lexicon {
            Some(l) => looks_like_name(&new, l, words, at_start),
            None => {
                new.chars().skip(1).any(char::is_uppercase)
                    || new.split(' ').count() > 1 && new.chars().any(char::is_uppercase)
            }
        };
        if name {
            let variants = proposals.entry(new).or_default();
            // "PageOin" and "Pageoin" are one variant (variants match in
            // any case): counted under the first spelling seen.
            let seen = variants
                .keys()
                .find(|v| v.to_lowercase() == old.to_lowercase())
                .cloned()
                .unwrap_or(old);
            *variants.entry(seen).or_default() += 1;
        }
    }
    let mut aside: Vec<String> = Vec::new();
    // A variant corrected to two canonicals ("Q" for Kube and for Kueue)
    // cannot be listed under either: it needs its context.
    let mut claims: HashMap<String, Vec<(String, usize)>> = HashMap::new();
    for (canonical, variants) in &proposals {
        for (variant, n) in variants {
            claims
                .entry(variant.to_lowercase())
                .or_default()
                .push((canonical.clone(), *n));
        }
    }
    let mut ambiguous: Vec<(String, Vec<(String, usize)>)> = claims
        .into_iter()
        .filter(|(_, c)| c.iter().any(|(canonical, _)| *canonical != c[0].0))
        .collect();
    ambiguous.sort();
    for (variant, canonicals) in &ambiguous {
        for variants in proposals.values_mut() {
            variants.retain(|v, _| v.to_lowercase() != *variant);
        }
        let list: Vec<String> = canonicals
            .iter()
            .map(|(c, n)| format!("{c:?} ×{n}"))
            .collect();
        aside.push(format!(
            "{variant:?} was corrected to {}: list it with the words around it",
            list.join(" and ")
        ));
    }
    // A variant of ordinary words would change them wherever they are
    // said: one word always ("juges" for Jug), and a phrase the person
    // left as it was elsewhere in the corrected text. "pay join" for
    // Payjoin, never left uncorrected, stays.
    if let Some(lexicon) = &lexicon {
        let kept_text = format!(
            " {} ",
            corrected
                .iter()
                .map(|t| t.key.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        );
        for (canonical, variants) in proposals.iter_mut() {
            variants.retain(|variant, n| {
                let words: Vec<&str> = variant.split_whitespace().collect();
                if !words.iter().all(|w| lexicon.is_word(w)) {
                    return true;
                }
                let key: Vec<String> = words.iter().map(|w| bare(w)).collect();
                let also_said = kept_text.contains(&format!(" {} ", key.join(" ")));
                let why = if words.len() == 1 {
                    "it is an ordinary word"
                } else if also_said {
                    "the corrected text keeps it elsewhere"
                } else {
                    return true;
                };
                aside.push(format!(
                    "{variant:?} ×{n} became {canonical:?}, but {why}: list it with the words around it"
                ));
                false
            });
        }
    }
    proposals.retain(|_, v| !v.is_empty());
    let mut terms: Vec<Proposal> = proposals
        .into_iter()
        .map(|(canonical, variants)| {
            let mut v: Vec<(String, usize)> = variants.into_iter().collect();
            v.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            (canonical, v)
        })
        .collect();
    terms.sort_by(|x, y| {
        let count = |t: &[(String, usize)]| t.iter().map(|(_, n)| n).sum::<usize>();
        count(&y.1).cmp(&count(&x.1)).then(x.0.cmp(&y.0))
    });
    let (accepted, refused) = loadable(&terms, language.as_deref());
    aside.extend(refused);
    let out = render(args, language.as_deref(), detected, &accepted, &aside);

    let mut plan = Plan::new();
    plan.reads(
        &args.noisy,
        format!("the transcript {}", args.noisy.display()),
    );
    plan.reads(
        &args.corrected,
        format!("the transcript {}", args.corrected.display()),
    );
    let to = args.output.clone().unwrap_or_else(|| PathBuf::from("-"));
    plan.stage(&to, "the dictionary", out.into_bytes(), None)?;
    let notes = plan.commit(streams.stdout)?;
    streams.stdout.flush().map_err(io_err)?;
    super::super::input::print_notes(&notes, streams.stderr).map_err(io_err)?;
    if detected {
        let said = match &language {
            Some(l) => format!("language {l:?} detected; give --lang to choose another"),
            None => {
                "the language could not be told (give --lang): names were judged without a lexicon"
                    .into()
            }
        };
        writeln!(streams.stderr, "note: {said}").map_err(io_err)?;
    }
    writeln!(
        streams.stderr,
        "{} term{} proposed, {} set aside, from {} and {} words",
        accepted.len(),
        if accepted.len() == 1 { "" } else { "s" },
        aside.len(),
        noisy.len(),
        corrected.len()
    )
    .map_err(io_err)?;
    Ok(Status::Success)
}

/// The terms, each added to a dictionary only if it still loads (no
/// variant claimed twice, none inside a canonical); the others, with why.
fn loadable(terms: &[Proposal], language: Option<&str>) -> (Vec<Proposal>, Vec<String>) {
    let mut accepted = Vec::new();
    let mut refused = Vec::new();
    let mut text = String::new();
    if let Some(l) = language {
        text.push_str(&format!("language = {}\n", toml_string(l)));
    }
    for (canonical, variants) in terms {
        let entry = term_toml(canonical, variants);
        let candidate = format!("{text}{entry}");
        let mut dict = Dictionary::default();
        match dict.add_toml(&candidate, Path::new("learned.toml")) {
            Ok(()) => {
                text = candidate;
                accepted.push((canonical.clone(), variants.clone()));
            }
            Err(e) => refused.push(format!(
                "{canonical:?} was left out: a dictionary with it would not load ({})",
                e.message
            )),
        }
    }
    (accepted, refused)
}

fn term_toml(canonical: &str, variants: &[(String, usize)]) -> String {
    let list: Vec<String> = variants.iter().map(|(v, _)| toml_string(v)).collect();
    let seen: Vec<String> = variants.iter().map(|(v, n)| format!("{v} ×{n}")).collect();
    format!(
        "\n[[term]]\ncanonical = {}\nvariants = [{}]\nnote = {}\n",
        toml_string(canonical),
        list.join(", "),
        toml_string(&format!("seen: {}", seen.join(", ")))
    )
}

fn render(
    args: &LearnArgs,
    language: Option<&str>,
    detected: bool,
    terms: &[Proposal],
    aside: &[String],
) -> String {
    let mut out = format!(
        "# Proposed by `transcrub dict learn {} {}`.\n# Review every entry before merging: a variant that is an ordinary word\n# (check with `transcrub dict check`) needs its context.\n",
        args.noisy.display(),
        args.corrected.display(),
    );
    if let Some(l) = language {
        if detected {
            out.push_str("# The language was detected from the corrected transcript.\n");
        }
        out.push_str(&format!("language = {}\n", toml_string(l)));
    }
    for (canonical, variants) in terms {
        out.push_str(&term_toml(canonical, variants));
    }
    if !aside.is_empty() {
        out.push_str("\n# Set aside:\n");
        for line in aside {
            out.push_str(&format!("# - {line}\n"));
        }
    }
    out
}

/// Whether a correction names something: most of its content words are
/// names (unknown to the lexicon, capitals inside, a capital mid-sentence,
/// or known only with a capital: "Lucas", "le Minitel"), or it has two
/// capitalised content words (a title: "Messages à Caractère
/// Informatique"). "The" for "And" at the start of a sentence, or "ici
/// dans ce talk" for a misheard phrase, do not.
fn looks_like_name(canonical: &str, lexicon: &Lexicon, words: &BreakWords, at_start: bool) -> bool {
    // (whether it is the phrase's first word, the word)
    let content: Vec<(bool, &str)> = canonical
        .split_whitespace()
        .enumerate()
        .filter(|(_, w)| words.leaning(&bare(w)).is_none())
        .map(|(i, w)| (i == 0, w.trim_matches(|c: char| !c.is_alphanumeric())))
        .filter(|(_, w)| !w.is_empty())
        .collect();
    // A capital that is not the sentence's own.
    let capital = |(leads, w): &(bool, &str)| {
        w.chars().next().is_some_and(char::is_uppercase) && !(*leads && at_start)
    };
    let capitalised = content.iter().filter(|c| capital(c)).count();
    let judged: Vec<bool> = content
        .iter()
        .filter(|(_, w)| !w.chars().all(|c| c.is_ascii_digit()))
        .map(|c| {
            let w = c.1;
            !lexicon.is_word(w)
                || w.chars().skip(1).any(char::is_uppercase)
                || capital(c)
                || (w.chars().next().is_some_and(char::is_uppercase)
                    && !lexicon.knows_lower_case(w))
        })
        .collect();
    let named = judged.iter().filter(|&&n| n).count();
    !judged.is_empty() && (named * 2 > judged.len() || capitalised >= 2)
}

/// Whether two phrases differ only in case and accents ("Ca" and "ça");
/// a hyphen or a space is a correction ("GaiaX" is not "Gaia-X").
fn same_but_case_and_accents(a: &str, b: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    let fold = |s: &str| -> String {
        s.nfd()
            .filter(|c| !is_combining_mark(*c))
            .flat_map(char::to_lowercase)
            .collect()
    };
    fold(a) == fold(b)
}

/// The language of the corrected transcript, when the detector is sure.
fn detect_language(tokens: &[Token]) -> Option<String> {
    let sample: String = tokens
        .iter()
        .filter(|t| !t.skip)
        .take(5000)
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    crate::language::detect(&sample).map(|d| d.code)
}

/// YAML front matter at the top of a Markdown file: `---` ... `---`.
static FRONT_MATTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)\A\s*---\r?\n.*?\n---[ \t]*\r?\n").expect("valid"));
/// Lines that label, not speak: a speaker and a time ("Speaker 0:
/// 00:00:05", "**Brandon Lucas:** 00:01"), and Markdown headings.
static LABEL_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^(?:[ \t]*#{1,6}[ \t].*|[ \t]*\**[\p{L}\p{N} ._'-]{1,40}\**:\**[ \t]*\[?\d{1,2}(?::\d{2}){1,2}\]?[ \t]*)$")
        .expect("valid")
});
/// Tokens that are never a name to learn: URLs, domains, Markdown links,
/// bracketed annotations ("[Musique]").
static SKIPPED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"://|^www\.|\]\(|^\[|\]$|^\(?https?|\.(?:com|org|net|io|dev|fr|uk|de|be|ch|ca|eu)\b",
    )
    .expect("valid")
});

/// The tokens of a transcript file, whatever its format.
fn tokens_of(path: &Path) -> Result<Vec<Token>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
    let text = encoding::decode_owned(bytes).text;
    let text = FRONT_MATTER.replace(&text, "");
    let text = LABEL_LINE.replace_all(&text, "");
    let format = Format::of_file(path, &text).unwrap_or_else(|| Format::sniff(&text));
    let reading = read::parse(&text, format, Mode::Lossy).map_err(|e| e.in_file(path))?;
    Ok(reading
        .transcript
        .cues
        .iter()
        .flat_map(|c| {
            crate::markup::strip_tags(&c.text)
                .split_whitespace()
                .map(|w| {
                    let skip = SKIPPED.is_match(w);
                    Token {
                        key: if skip { "\u{1}".into() } else { bare(w) },
                        text: w.to_string(),
                        skip,
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect())
}

/// A TOML basic string: Rust's `{:?}` writes `\u{301}`, which TOML refuses.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// Words of a phrase without the punctuation at its ends.
fn phrase(tokens: &[Token]) -> String {
    tokens
        .iter()
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_headings_and_front_matter_are_not_speech() {
        let text = "---\ntitle: 'Talk'\nspeakers:\n  - A B\n---\n## Introduction\n\nSpeaker 0: 00:00:05\n\nBrandon Lucas: 00:01:05\nOkay, thank you.\n";
        let text = FRONT_MATTER.replace(text, "");
        let text = LABEL_LINE.replace_all(&text, "");
        assert_eq!(
            text.split_whitespace().collect::<Vec<_>>(),
            ["Okay,", "thank", "you."]
        );
    }

    #[test]
    fn links_and_annotations_are_skipped() {
        for w in [
            "https://payjoin.org",
            "payjoin.org",
            "[Musique]",
            "](https://x)",
            "www.x.fr",
        ] {
            assert!(SKIPPED.is_match(w), "{w}");
        }
        for w in ["Payjoin", "BIP-78", "l'Elastic"] {
            assert!(!SKIPPED.is_match(w), "{w}");
        }
    }

    #[test]
    fn case_and_accents_alone_are_not_corrections() {
        assert!(same_but_case_and_accents("ça", "Ca"));
        assert!(same_but_case_and_accents("à", "A"));
        assert!(!same_but_case_and_accents("coin join", "Coinjoin"));
        assert!(!same_but_case_and_accents("GaiaX", "Gaia-X"));
    }
}
