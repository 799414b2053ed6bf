//! Loading dictionaries from TOML. The format is a contract (see README):
//! `language`, `[[term]] canonical / variants / case_sensitive /
//! exceptions`,
//! `[artifacts] phrases / drop_lines`. Unknown keys are errors. Every error
//! names the file, line and column; a variant claimed by two canonicals
//! names both, even across files.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, ErrorKind, Result, quote};
use crate::line_index::LineIndex;

use super::fold::fold_pattern;
use super::places::VariantPlaces;
use crate::word_hash::{FastMap, FastSet};

/// A term: the canonical spelling and the manglings that stand for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The right spelling, written in place of every variant.
    pub canonical: String,
    /// The manglings listed for it, as written in the dictionary.
    pub variants: Vec<String>,
    /// When true, variants match only as written ("Lama" but not "lama").
    pub case_sensitive: bool,
    /// Spellings that look or sound like the term but are not it ("bit
    /// flip" for "bit flips"): fuzzy matching never proposes them. A
    /// reviewer's rejections are recorded here (`transcrub review`). None
    /// may also be a variant of the term.
    pub exceptions: Vec<String>,
    /// Where the term was defined, for messages.
    pub origin: Origin,
}

impl Term {
    /// The exception written like `spelling` (case and apostrophes aside).
    pub fn exception_like(&self, spelling: &str) -> Option<&str> {
        if self.exceptions.is_empty() {
            return None;
        }
        let folded = fold_pattern(spelling, false);
        self.exceptions
            .iter()
            .find(|e| fold_pattern(e, false) == folded)
            .map(String::as_str)
    }
}

/// A place in a dictionary file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The dictionary file (or the name given to its bytes), shared by
    /// every place in it.
    pub path: Arc<Path>,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
    }
}

/// A whole-line regex from `[artifacts] drop_lines`.
#[derive(Debug, Clone)]
pub struct DropLine {
    /// Matched against a whole line; a match drops the line.
    pub regex: Regex,
    /// Where the rule is written.
    pub origin: Origin,
    /// The longest line, in bytes, the rule can take, when every match it
    /// makes is a whole line (anchored at both ends, `^Tags$`) of bounded
    /// length; `None` when it may take a line of any length.
    pub longest_line: Option<usize>,
}

impl DropLine {
    /// The rule `regex`, written at `origin`.
    pub fn new(regex: Regex, origin: Origin) -> DropLine {
        let longest_line = longest_whole_match(regex.as_str());
        DropLine {
            regex,
            origin,
            longest_line,
        }
    }
}

/// The longest text `pattern` can match, if every match must span the
/// whole text: only then does a longer text never match.
fn longest_whole_match(pattern: &str) -> Option<usize> {
    use regex_syntax::hir::Look;
    // The parser's defaults are `Regex::new`'s.
    let hir = regex_syntax::parse(pattern).ok()?;
    let props = hir.properties();
    let whole = props.look_set_prefix().contains(Look::Start)
        && props.look_set_suffix().contains(Look::End);
    whole.then(|| props.maximum_len()).flatten()
}

/// The `[artifacts]` table: used by the artifact pass; `drop_lines` by `clean`.
#[derive(Debug, Clone, Default)]
pub struct ArtifactRules {
    /// The show's own invented phrases (its outro, a sponsor line), added
    /// to the built-in lists.
    pub phrases: Vec<String>,
    /// Lines to drop whole (`[artifacts] drop_lines`).
    pub drop_lines: Vec<DropLine>,
}

/// One or more dictionary files, merged.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    /// The transcripts' language (`language = "fr"`), when a file says.
    pub language: Option<String>,
    /// Every term, merged: a canonical given twice is one term.
    pub terms: Vec<Term>,
    /// The `[artifacts]` tables of every file.
    pub artifacts: ArtifactRules,
    /// Where each term's variants were written, in the order of
    /// `Term::variants`.
    places: VariantPlaces,
    /// What merging another file checks against. A dictionary read from
    /// the compiled cache has none until something needs it: most runs
    /// only clean, and building these maps was a third of a load.
    merge: OnceLock<MergeIndex>,
}

/// The maps that find, in constant time, what a new term or variant
/// collides with.
#[derive(Debug, Clone, Default)]
struct MergeIndex {
    /// Folded variant -> (term index, case-sensitive, origin), to find
    /// conflicts on merge.
    claims: FastMap<String, Vec<(usize, bool, Origin)>>,
    /// (canonical, case_sensitive) -> term index, so repeated terms merge.
    by_canonical: FastMap<(String, bool), usize>,
    /// (term index, variant as written): a variant listed twice is kept
    /// once, found in constant time (a scan of the term's variants made
    /// loading quadratic: 100,000 variants of one term took two minutes).
    listed: FastSet<(usize, String)>,
}

impl MergeIndex {
    /// The maps of terms already loaded.
    fn of(terms: &[Term], places: &[Vec<Origin>]) -> MergeIndex {
        let mut index = MergeIndex::default();
        for (t, term) in terms.iter().enumerate() {
            index
                .by_canonical
                .insert((term.canonical.clone(), term.case_sensitive), t);
            for (variant, origin) in term.variants.iter().zip(&places[t]) {
                index
                    .claims
                    .entry(fold_pattern(variant, false))
                    .or_default()
                    .push((t, term.case_sensitive, origin.clone()));
                index.listed.insert((t, variant.clone()));
            }
        }
        index
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileToml {
    language: Option<Spanned<String>>,
    #[serde(default)]
    term: Vec<TermToml>,
    artifacts: Option<ArtifactsToml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TermToml {
    canonical: Spanned<String>,
    #[serde(default)]
    variants: Vec<Spanned<String>>,
    #[serde(default)]
    case_sensitive: bool,
    #[serde(default)]
    exceptions: Vec<Spanned<String>>,
    /// Free text for reviewers: why this variant, where it was heard.
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ArtifactsToml {
    #[serde(default)]
    phrases: Vec<Spanned<String>>,
    #[serde(default)]
    drop_lines: Vec<Spanned<String>>,
}

impl Dictionary {
    /// Loads and merges dictionary files in order.
    pub fn load(paths: &[PathBuf]) -> Result<Dictionary> {
        let mut dict = Dictionary::default();
        for path in paths {
            let text = crate::encoding::read_utf8(path, ErrorKind::Dictionary)?;
            dict.add_toml(&text, path)?;
        }
        Ok(dict)
    }

    /// A dictionary from one file's bytes (embedded in a program, shipped
    /// with a batch job, read from a database): `name` stands for the file
    /// in messages. UTF-8, with or without a byte-order mark.
    pub fn from_bytes(bytes: &[u8], name: &Path) -> Result<Dictionary> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let (line, column) =
                LineIndex::new(&String::from_utf8_lossy(&bytes[..e.valid_up_to()]))
                    .position(e.valid_up_to());
            Error::new(
                ErrorKind::Dictionary,
                "expected UTF-8 text, found a byte that is not",
            )
            .at(line, column)
            .in_file(name)
        })?;
        let mut dict = Dictionary::default();
        dict.add_toml(text, name)?;
        Ok(dict)
    }

    /// Parses one dictionary file's text and merges it in.
    pub fn add_toml(&mut self, text: &str, path: &Path) -> Result<()> {
        let lines = LineIndex::new(text);
        let shared_path: Arc<Path> = Arc::from(path);
        let at = |span: Range<usize>| lines.position(span.start);
        let fail_as = |kind: ErrorKind, span: Range<usize>, message: String| {
            let (line, column) = at(span);
            Error::new(kind, message).at(line, column).in_file(path)
        };
        let fail = |span, message| fail_as(ErrorKind::Dictionary, span, message);
        let file: FileToml =
            toml::from_str(text).map_err(|err| crate::error::toml_error(&err, &lines, path))?;
        if let Some(language) = file.language {
            let span = language.span();
            let language = language.into_inner();
            match &self.language {
                Some(existing) if *existing != language => {
                    return Err(fail(
                        span,
                        format!(
                            "expected language {existing:?} like the dictionaries before, found {language:?}"
                        ),
                    ));
                }
                _ => self.language = Some(language),
            }
        }
        for term in file.term {
            let canonical_span = term.canonical.span();
            let canonical = term.canonical.into_inner();
            if canonical.trim().is_empty() {
                return Err(fail(
                    canonical_span,
                    "expected a canonical spelling, found an empty string".into(),
                ));
            }
            let (line, column) = at(canonical_span);
            let origin = Origin {
                path: shared_path.clone(),
                line,
                column,
            };
            let canonical_cased = fold_pattern(&canonical, true);
            let key = (canonical.clone(), term.case_sensitive);
            let index = match self.merge_index().by_canonical.get(&key) {
                Some(&index) => index,
                None => {
                    self.terms.push(Term {
                        canonical: canonical.clone(),
                        variants: Vec::new(),
                        case_sensitive: term.case_sensitive,
                        exceptions: Vec::new(),
                        origin,
                    });
                    self.places.by_term().push(Vec::new());
                    let index = self.terms.len() - 1;
                    self.merge_index().by_canonical.insert(key, index);
                    index
                }
            };
            for variant in term.variants {
                let span = variant.span();
                let variant = variant.into_inner();
                let (line, column) = at(span.clone());
                let origin = Origin {
                    path: shared_path.clone(),
                    line,
                    column,
                };
                if variant.trim().is_empty() {
                    return Err(fail(
                        span,
                        format!("expected a variant of {canonical:?}, found an empty string"),
                    ));
                }
                if fold_pattern(&variant, true) == canonical_cased {
                    return Err(fail(
                        span,
                        format!("variant {} is the canonical itself", quote(&variant)),
                    ));
                }
                if let Some(exception) = self.terms[index].exception_like(&variant) {
                    return Err(fail_as(
                        ErrorKind::Conflict,
                        span,
                        format!(
                            "variant {} of {} is also one of its exceptions ({})",
                            quote(&variant),
                            quote(&canonical),
                            quote(exception)
                        ),
                    ));
                }
                self.claim(index, &variant, origin)?;
            }
            for exception in term.exceptions {
                let span = exception.span();
                let exception = exception.into_inner();
                if exception.trim().is_empty() {
                    return Err(fail(
                        span,
                        format!("expected an exception of {canonical:?}, found an empty string"),
                    ));
                }
                let folded = fold_pattern(&exception, false);
                if folded == fold_pattern(&canonical, false) {
                    return Err(fail(
                        span,
                        format!("exception {} is the canonical itself", quote(&exception)),
                    ));
                }
                let term = &mut self.terms[index];
                if let Some(variant) = term
                    .variants
                    .iter()
                    .find(|v| fold_pattern(v, false) == folded)
                {
                    return Err(fail_as(
                        ErrorKind::Conflict,
                        span,
                        format!(
                            "exception {} of {} is also one of its variants ({})",
                            quote(&exception),
                            quote(&canonical),
                            quote(variant)
                        ),
                    ));
                }
                if term.exception_like(&exception).is_none() {
                    term.exceptions.push(exception);
                }
            }
        }
        if let Some(artifacts) = file.artifacts {
            for phrase in artifacts.phrases {
                self.artifacts.phrases.push(phrase.into_inner());
            }
            for pattern in artifacts.drop_lines {
                let span = pattern.span();
                let regex = Regex::new(pattern.get_ref()).map_err(|e| {
                    fail(
                        span.clone(),
                        format!(
                            "invalid regex in drop_lines {}: {}",
                            quote(pattern.get_ref()),
                            crate::error::regex_reason(&e)
                        ),
                    )
                })?;
                let (line, column) = at(span);
                self.artifacts.drop_lines.push(DropLine::new(
                    regex,
                    Origin {
                        path: shared_path.clone(),
                        line,
                        column,
                    },
                ));
            }
        }
        Ok(())
    }

    /// Records that `term` claims `variant`; two canonicals may not claim
    /// the same variant, unless both are case-sensitive and it is written
    /// differently in each.
    fn claim(&mut self, term: usize, variant: &str, origin: Origin) -> Result<()> {
        let case_sensitive = self.terms[term].case_sensitive;
        let key = fold_pattern(variant, false);
        self.merge_index();
        let merge = self
            .merge
            .get_mut()
            .expect("the merge index was just built");
        let claims = merge.claims.entry(key).or_default();
        for (other, other_cs, other_origin) in claims.iter() {
            if *other == term {
                continue;
            }
            let other_term = &self.terms[*other];
            let same_writing = other_term
                .variants
                .iter()
                .any(|v| fold_pattern(v, true) == fold_pattern(variant, true));
            if !(case_sensitive && *other_cs) || same_writing {
                if other_term.canonical == self.terms[term].canonical {
                    continue;
                }
                return Err(Error::new(
                    ErrorKind::Conflict,
                    format!(
                        "variant {} is claimed by both {} ({other_origin}) and {}",
                        quote(variant),
                        quote(&other_term.canonical),
                        quote(&self.terms[term].canonical),
                    ),
                )
                .at(origin.line, origin.column)
                .in_file(&origin.path));
            }
        }
        if merge.listed.insert((term, variant.to_string())) {
            claims.push((term, case_sensitive, origin.clone()));
            self.terms[term].variants.push(variant.to_string());
            self.places.by_term()[term].push(origin);
        }
        Ok(())
    }

    /// The merge index, built from the terms if this dictionary came from
    /// the cache.
    fn merge_index(&mut self) -> &mut MergeIndex {
        if self.merge.get().is_none() {
            let index = MergeIndex::of(&self.terms, self.places.by_term());
            let _ = self.merge.set(index);
        }
        self.merge.get_mut().expect("the merge index was just set")
    }

    /// A dictionary put back together from the compiled cache, with the
    /// places of its variants; the merge index is built only if another
    /// file is merged in or a variant's place is asked for.
    pub(super) fn from_parts(
        language: Option<String>,
        terms: Vec<Term>,
        places: VariantPlaces,
        artifacts: ArtifactRules,
    ) -> Dictionary {
        Dictionary {
            language,
            terms,
            artifacts,
            places,
            merge: OnceLock::new(),
        }
    }

    /// How many variants all the terms hold.
    pub fn variant_count(&self) -> usize {
        self.terms.iter().map(|t| t.variants.len()).sum()
    }

    /// Where a variant was written, for messages.
    pub fn variant_origin(&self, term: usize, variant: &str) -> Option<Origin> {
        let folded = fold_pattern(variant, false);
        if let Some(merge) = self.merge.get() {
            return merge
                .claims
                .get(&folded)?
                .iter()
                .find(|(t, _, _)| *t == term)
                .map(|(_, _, o)| o.clone());
        }
        let variants = &self.terms.get(term)?.variants;
        variants
            .iter()
            .zip(self.variant_places(term))
            .find(|(v, _)| fold_pattern(v, false) == folded)
            .map(|(_, o)| o)
    }

    /// Where each variant of `term` was written, in the order of its
    /// `variants`.
    pub fn variant_places(&self, term: usize) -> Vec<Origin> {
        self.places.of_term(term)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Dictionary> {
        let mut d = Dictionary::default();
        d.add_toml(text, Path::new("d.toml"))?;
        Ok(d)
    }

    #[test]
    fn a_drop_rule_knows_the_longest_line_it_can_take() {
        let longest = |p: &str| longest_whole_match(p);
        assert_eq!(longest("^Tags$"), Some(4));
        assert_eq!(longest("^(?:Tags|Signaler une erreur)$"), Some(19));
        // "é" is two bytes, "." up to four, and so is a Unicode digit.
        assert_eq!(longest("^Glanées?.$"), Some(12));
        assert_eq!(longest(r"\AÉpisode \d{1,3}\z"), Some(9 + 3 * 4));
        // A match that need not be the whole line, or has no bound.
        assert_eq!(longest("Tags$"), None);
        assert_eq!(longest("^Tags"), None);
        assert_eq!(longest("^Tags$|Merci"), None);
        assert_eq!(longest("^Tags.*$"), None);
        // `(?m)` anchors at any line, and a line is matched trimmed of
        // its spaces only, so a cue's lines are not at stake; still, the
        // rule is not counted on.
        assert_eq!(longest("(?m)^Tags$"), None);
    }

    #[test]
    fn reads_the_contract_format() {
        let d = load(
            r#"language = "fr"
[[term]]
canonical = "Elasticsearch"
variants = ["la stick search", "Elastic Search"]

[[term]]
canonical = "Llama"
variants = ["Lama"]
case_sensitive = true

[artifacts]
phrases = ["Sous-titres par"]
drop_lines = ["^Signaler une erreur$"]
"#,
        )
        .unwrap();
        assert_eq!(d.language.as_deref(), Some("fr"));
        assert_eq!(d.terms.len(), 2);
        assert!(d.terms[1].case_sensitive);
        assert_eq!(d.artifacts.drop_lines.len(), 1);
    }

    #[test]
    fn unknown_key_points_at_its_line() {
        let err = load("[[term]]\ncanonical = \"A\"\nvariant = [\"b\"]\n").unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.message.contains("variant"), "{}", err.message);
    }

    #[test]
    fn a_variant_of_two_canonicals_names_both() {
        let err = load("[[term]]\ncanonical = \"A\"\nvariants = [\"x y\"]\n[[term]]\ncanonical = \"B\"\nvariants = [\"X  Y\"]\n").unwrap_err();
        assert_eq!((err.line, err.column), (Some(6), Some(13)));
        assert!(
            err.message.contains("\"A\" (d.toml:3:13) and \"B\""),
            "{}",
            err.message
        );
    }

    #[test]
    fn a_conflict_across_two_files_names_both_files() {
        let mut d = Dictionary::default();
        d.add_toml(
            "[[term]]\ncanonical = \"A\"\nvariants = [\"x\"]\n",
            Path::new("show.toml"),
        )
        .unwrap();
        let err = d
            .add_toml(
                "[[term]]\ncanonical = \"B\"\nvariants = [\"X\"]\n",
                Path::new("team.toml"),
            )
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "team.toml:3:13: variant \"X\" is claimed by both \"A\" (show.toml:3:13) and \"B\""
        );
    }

    #[test]
    fn case_sensitive_variants_may_differ_by_case_only() {
        let d = load(
            "[[term]]\ncanonical = \"Llama\"\nvariants = [\"Lama\"]\ncase_sensitive = true\n[[term]]\ncanonical = \"LAMA Corp\"\nvariants = [\"LAMA\"]\ncase_sensitive = true\n",
        );
        assert!(d.is_ok());
    }

    #[test]
    fn exceptions_are_read_and_may_not_be_variants() {
        let d = load("[[term]]\ncanonical = \"bit flips\"\nvariants = [\"bitfips\"]\nexceptions = [\"bit flip\", \"Bit  Flip\"]\n").unwrap();
        // The second is the first, case and spacing aside.
        assert_eq!(d.terms[0].exceptions, ["bit flip"]);
        let err =
            load("[[term]]\ncanonical = \"A\"\nvariants = [\"x y\"]\nexceptions = [\"X  y\"]\n")
                .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Conflict);
        assert_eq!((err.line, err.column), (Some(4), Some(15)));
        assert!(
            err.message.contains("also one of its variants"),
            "{}",
            err.message
        );
        let err = load("[[term]]\ncanonical = \"A\"\nexceptions = [\"a\"]\n").unwrap_err();
        assert!(
            err.message.contains("is the canonical itself"),
            "{}",
            err.message
        );
        // An exception in one file, the same spelling as a variant in the next.
        let mut d = Dictionary::default();
        d.add_toml(
            "[[term]]\ncanonical = \"A\"\nexceptions = [\"x\"]\n",
            Path::new("a.toml"),
        )
        .unwrap();
        let err = d
            .add_toml(
                "[[term]]\ncanonical = \"A\"\nvariants = [\"X\"]\n",
                Path::new("b.toml"),
            )
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Conflict);
        assert!(
            err.to_string()
                .starts_with("b.toml:3:13: variant \"X\" of \"A\" is also one of its exceptions"),
            "{err}"
        );
    }

    #[test]
    fn bad_regex_is_reported_at_its_string() {
        let err = load("[artifacts]\ndrop_lines = [\"^(oops$\"]\n").unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(15)));
        assert!(err.message.starts_with("invalid regex"), "{}", err.message);
    }
}
