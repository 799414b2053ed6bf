//! `transcrub dict check`: duplicates, conflicts and ordinary-word
//! variants, with positions, before a dictionary is used.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Deserialize;
use toml::Spanned;

use crate::cli::CheckArgs;
use crate::dict::Dictionary;
use crate::dict::fuzzy::is_name;
use crate::error::{ErrorKind, Result};
use crate::line_index::LineIndex;

use super::{Status, Streams, io_err, lexicon};

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
    #[serde(default)]
    exceptions: Vec<Spanned<String>>,
}

/// One finding of `dict check`.
struct Finding {
    path: PathBuf,
    line: usize,
    column: usize,
    level: &'static str,
    message: String,
}

pub(super) fn run(args: &CheckArgs, streams: &mut Streams) -> Result<Status> {
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
            for (kind, list) in [("variant", &term.variants), ("exception", &term.exceptions)] {
                let mut seen: HashMap<&str, ()> = HashMap::new();
                for v in list {
                    if seen.insert(v.get_ref(), ()).is_some() {
                        let (line, column) = lines.position(v.span().start);
                        findings.push(Finding {
                            path: path.clone(),
                            line,
                            column,
                            level: "warning",
                            message: format!("{kind} {:?} is listed twice", v.get_ref()),
                        });
                    }
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
        for (variant, origin) in term.variants.iter().zip(dict.variant_places(index)) {
            let words: Vec<&str> = variant.split_whitespace().collect();
            if !words.iter().all(|w| lexicon.is_word(w)) {
                continue;
            }
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
                path: origin.path.to_path_buf(),
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
        Status::Findings
    } else {
        Status::Success
    })
}
