//! `transcrub dict learn` and `transcrub dict check`: build a dictionary
//! from a corrected transcript, and check dictionaries before they are used.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use similar::{Algorithm, DiffOp, capture_diff_slices};
use toml::Spanned;

use crate::cli::{CheckArgs, DictCommand, LearnArgs};
use crate::dict::Dictionary;
use crate::dict::fuzzy::is_name;
use crate::dict::lexicon::Lexicon;
use crate::encoding;
use crate::error::{Error, ErrorKind, Result};
use crate::format::Format;
use crate::language::bare_word as bare;
use crate::line_index::LineIndex;
use crate::output::Plan;
use crate::read::{self, Mode};

use super::{Status, Streams};

pub fn run(command: &DictCommand, streams: &mut Streams) -> Result<Status> {
    match command {
        DictCommand::Learn(args) => learn(args, streams),
        DictCommand::Check(args) => check(args, streams),
    }
}

fn io_err(e: std::io::Error) -> Error {
    crate::error::cannot_print(e)
}

fn lexicon(path: Option<&Path>, language: &str) -> Result<Option<Lexicon>> {
    match path {
        Some(p) => Lexicon::load(p).map(Some),
        None => Lexicon::find(language),
    }
}

/// The words of a transcript file, whatever its format.
fn words_of(path: &Path) -> Result<Vec<String>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
    let text = encoding::decode_owned(bytes).text;
    let format = Format::from_extension(path).unwrap_or_else(|| Format::sniff(&text));
    let reading = read::parse(&text, format, Mode::Lossy).map_err(|e| e.in_file(path))?;
    Ok(reading
        .transcript
        .cues
        .iter()
        .flat_map(|c| {
            crate::markup::strip_tags(&c.text)
                .split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect())
}

/// A TOML basic string: Rust's `{:?}` writes `\u{301}`, which TOML refuses.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// Words of a phrase without the punctuation at its ends.
fn phrase(words: &[String]) -> String {
    words
        .join(" ")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

/// Substitutions longer than this are rewrites, not misrecognitions.
const MAX_PHRASE_WORDS: usize = 4;

fn learn(args: &LearnArgs, streams: &mut Streams) -> Result<Status> {
    let noisy = words_of(&args.noisy)?;
    let corrected = words_of(&args.corrected)?;
    let lexicon = lexicon(args.lexicon.as_deref(), &args.lang)?;
    let (a, b): (Vec<String>, Vec<String>) = (
        noisy.iter().map(|w| bare(w)).collect(),
        corrected.iter().map(|w| bare(w)).collect(),
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
        let old = phrase(&noisy[old_index..old_index + old_len]);
        let new = phrase(&corrected[new_index..new_index + new_len]);
        if old.is_empty() || new.is_empty() || bare(&old) == bare(&new) {
            continue;
        }
        let looks_like_name = match &lexicon {
            Some(l) => is_name(&new, l),
            None => {
                new.chars().skip(1).any(char::is_uppercase)
                    || new.split(' ').count() > 1 && new.chars().any(char::is_uppercase)
            }
        };
        if looks_like_name {
            *proposals.entry(new).or_default().entry(old).or_default() += 1;
        }
    }
    // A variant corrected to two canonicals ("Q" for Kube and for Kueue)
    // cannot be listed under either: it needs its context. Say so instead.
    let mut claims: HashMap<String, Vec<(String, usize)>> = HashMap::new();
    for (canonical, variants) in &proposals {
        for (variant, n) in variants {
            claims
                .entry(variant.to_lowercase())
                .or_default()
                .push((canonical.clone(), *n));
        }
    }
    let mut ambiguous: Vec<(String, Vec<(String, usize)>)> =
        claims.into_iter().filter(|(_, c)| c.len() > 1).collect();
    ambiguous.sort();
    for (variant, _) in &ambiguous {
        for variants in proposals.values_mut() {
            variants.retain(|v, _| v.to_lowercase() != *variant);
        }
    }
    proposals.retain(|_, v| !v.is_empty());
    let mut terms: Vec<(String, Vec<(String, usize)>)> = proposals
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
    let mut out = format!(
        "# Proposed by `transcrub dict learn {} {}`.\n# Review every entry before merging: a variant that is an ordinary word\n# (check with `transcrub dict check`) needs its context.\nlanguage = {}\n",
        args.noisy.display(),
        args.corrected.display(),
        toml_string(&args.lang)
    );
    for (canonical, variants) in &terms {
        let list: Vec<String> = variants.iter().map(|(v, _)| toml_string(v)).collect();
        let seen: Vec<String> = variants.iter().map(|(v, n)| format!("{v} ×{n}")).collect();
        out.push_str(&format!(
            "\n[[term]]\ncanonical = {}\nvariants = [{}]\nnote = {}\n",
            toml_string(canonical),
            list.join(", "),
            toml_string(&format!("seen: {}", seen.join(", ")))
        ));
    }
    for (variant, canonicals) in &ambiguous {
        let list: Vec<String> = canonicals
            .iter()
            .map(|(c, n)| format!("{c:?} ×{n}"))
            .collect();
        out.push_str(&format!(
            "\n# {variant:?} was corrected to {}: list it with the words around it.\n",
            list.join(" and ")
        ));
    }
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
    super::input::print_notes(&notes, streams.stderr).map_err(io_err)?;
    writeln!(
        streams.stderr,
        "{} term{} proposed from {} and {} words",
        terms.len(),
        if terms.len() == 1 { "" } else { "s" },
        noisy.len(),
        corrected.len()
    )
    .map_err(io_err)?;
    Ok(Status::Success)
}

#[derive(Deserialize)]
struct RawFile {
    #[serde(default)]
    term: Vec<RawTerm>,
}

#[derive(Deserialize)]
struct RawTerm {
    canonical: Spanned<String>,
    #[serde(default)]
    variants: Vec<Spanned<String>>,
}

/// One finding of `dict check`.
struct Finding {
    path: PathBuf,
    line: usize,
    column: usize,
    level: &'static str,
    message: String,
}

fn check(args: &CheckArgs, streams: &mut Streams) -> Result<Status> {
    let mut findings: Vec<Finding> = Vec::new();
    // Duplicates, file by file, with positions.
    let mut canonicals: HashMap<String, (PathBuf, usize, usize)> = HashMap::new();
    for path in &args.files {
        let text = crate::encoding::read_utf8(path, ErrorKind::Dictionary)?;
        let lines = LineIndex::new(&text);
        let raw: RawFile =
            toml::from_str(&text).map_err(|e| crate::error::toml_error(&e, &lines, path))?;
        for term in &raw.term {
            let (line, column) = lines.position(term.canonical.span().start);
            let place = (path.clone(), line, column);
            if let Some((p, l, c)) = canonicals.get(term.canonical.get_ref()) {
                findings.push(Finding {
                    path: path.clone(),
                    line,
                    column,
                    level: "warning",
                    message: format!(
                        "term {:?} is also defined at {}:{l}:{c}; the two are merged",
                        term.canonical.get_ref(),
                        p.display()
                    ),
                });
            } else {
                canonicals.insert(term.canonical.get_ref().clone(), place);
            }
            let mut seen: HashMap<&str, ()> = HashMap::new();
            for v in &term.variants {
                if seen.insert(v.get_ref(), ()).is_some() {
                    let (line, column) = lines.position(v.span().start);
                    findings.push(Finding {
                        path: path.clone(),
                        line,
                        column,
                        level: "warning",
                        message: format!("variant {:?} is listed twice", v.get_ref()),
                    });
                }
            }
        }
    }
    // Conflicts: loading refuses them, with both places.
    let dict = match Dictionary::load(&args.files) {
        Ok(d) => d,
        Err(e) if e.kind == ErrorKind::Conflict => {
            findings.push(Finding {
                path: e.path.clone().unwrap_or_default(),
                line: e.line.unwrap_or(1),
                column: e.column.unwrap_or(1),
                level: "error",
                message: e.message.clone(),
            });
            return print_findings(&findings, streams);
        }
        Err(e) => return Err(e),
    };
    let language = dict.language.clone().unwrap_or_else(|| "fr".into());
    let lexicon = lexicon(args.lexicon.as_deref(), &language)?;
    let Some(lexicon) = lexicon else {
        writeln!(
            streams.stderr,
            "warning: no Hunspell lexicon for {language:?} (install hunspell-{language} or give --lexicon): ordinary-word variants are not checked"
        )
        .map_err(io_err)?;
        return print_findings(&findings, streams);
    };
    if args.names {
        for term in dict
            .terms
            .iter()
            .filter(|t| is_name(&t.canonical, &lexicon))
        {
            writeln!(streams.stdout, "{}", term.canonical).map_err(io_err)?;
        }
        return Ok(Status::Success);
    }
    for (index, term) in dict.terms.iter().enumerate() {
        for variant in &term.variants {
            let words: Vec<&str> = variant.split_whitespace().collect();
            if !words.iter().all(|w| lexicon.is_word(w)) {
                continue;
            }
            let origin = dict.variant_origin(index, variant).unwrap_or(&term.origin);
            let (level, message) = if words.len() == 1 {
                (
                    "warning",
                    format!(
                        "variant {variant:?} of {:?} is an ordinary {language} word: every {variant:?} in a transcript will become {:?}; list it with the words around it (\"chez {variant}\"){}",
                        term.canonical,
                        term.canonical,
                        if term.case_sensitive {
                            ""
                        } else {
                            ", or make the term case_sensitive"
                        }
                    ),
                )
            } else {
                (
                    "info",
                    format!(
                        "variant {variant:?} of {:?} is made of ordinary {language} words; fine if the phrase is rare",
                        term.canonical
                    ),
                )
            };
            findings.push(Finding {
                path: origin.path.clone(),
                line: origin.line,
                column: origin.column,
                level,
                message,
            });
        }
    }
    print_findings(&findings, streams)
}

fn print_findings(findings: &[Finding], streams: &mut Streams) -> Result<Status> {
    for f in findings {
        writeln!(
            streams.stdout,
            "{}:{}:{}: {}: {}",
            f.path.display(),
            f.line,
            f.column,
            f.level,
            f.message
        )
        .map_err(io_err)?;
    }
    let failing = findings.iter().filter(|f| f.level != "info").count();
    writeln!(
        streams.stderr,
        "{} finding{}, {failing} to fix",
        findings.len(),
        if findings.len() == 1 { "" } else { "s" }
    )
    .map_err(io_err)?;
    Ok(if failing > 0 {
        super::Status::Findings
    } else {
        Status::Success
    })
}
