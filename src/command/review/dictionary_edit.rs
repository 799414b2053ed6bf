//! A reviewer's decisions written into a dictionary file the way a person
//! would edit it: a spelling appended to the term's `variants` or
//! `exceptions`, every comment, blank line and key order left as it was.

use std::path::Path;

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, value};

use crate::error::{Error, ErrorKind, Result};

/// Which list of a term a spelling joins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    /// An accepted correction: the spelling becomes a variant.
    Variants,
    /// A rejected one: fuzzy matching must not propose it again.
    Exceptions,
}

impl List {
    fn key(self) -> &'static str {
        match self {
            List::Variants => "variants",
            List::Exceptions => "exceptions",
        }
    }
}

/// `text` (a dictionary file) with `spelling` added to `list` of the first
/// `[[term]]` whose canonical is `canonical` and whose `case_sensitive`
/// matches; a new `[[term]]` after the last when the file has none (the term
/// came from another file, or the file has no terms yet). A spelling
/// already listed is not added twice. A byte-order mark and CRLF line
/// ends are written back as the file had them.
pub fn add(
    text: &str,
    path: &Path,
    canonical: &str,
    case_sensitive: bool,
    list: List,
    spelling: &str,
) -> Result<String> {
    let (bom, text) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let crlf = text.contains("\r\n");
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        Error::new(
            ErrorKind::Dictionary,
            format!("expected TOML, found: {}", e.message()),
        )
        .in_file(path)
    })?;
    let terms = doc
        .entry("term")
        .or_insert(Item::ArrayOfTables(ArrayOfTables::new()))
        .as_array_of_tables_mut()
        .ok_or_else(|| {
            Error::new(
                ErrorKind::Dictionary,
                "expected `term` to be written as [[term]] tables, found another kind of value",
            )
            .in_file(path)
        })?;
    let is_term = |t: &Table| {
        t.get("canonical").and_then(Item::as_str) == Some(canonical)
            && t.get("case_sensitive")
                .and_then(Item::as_bool)
                .unwrap_or(false)
                == case_sensitive
    };
    let found = terms.iter().position(is_term);
    match found.and_then(|i| terms.get_mut(i)) {
        Some(term) => {
            let entry = term
                .entry(list.key())
                .or_insert(value(Array::new()))
                .as_array_mut()
                .ok_or_else(|| {
                    Error::new(
                        ErrorKind::Dictionary,
                        format!(
                            "expected `{}` of {canonical:?} to be an array of strings",
                            list.key()
                        ),
                    )
                    .in_file(path)
                })?;
            if !entry.iter().any(|v| v.as_str() == Some(spelling)) {
                entry.push(spelling);
            }
        }
        None => {
            let mut term = Table::new();
            term.insert("canonical", value(canonical));
            term.insert(list.key(), value(Array::from_iter([spelling])));
            if case_sensitive {
                term.insert("case_sensitive", value(true));
            }
            terms.push(term);
        }
    }
    let mut out = doc.to_string();
    if crlf {
        out = out.replace("\r\n", "\n").replace('\n', "\r\n");
    }
    Ok(format!("{bom}{out}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHOW: &str = r#"# The show's names.
language = "fr"

[[term]]
canonical = "Horacio"
variants = ["Aasio"] # heard twice

[[term]]
canonical = "SnowCamp"
variants = ["Snowcamp"]
case_sensitive = true
note = "one spelling"

[artifacts]
phrases = ["Abonnez-vous"]
"#;

    fn add_to_show(canonical: &str, cs: bool, list: List, spelling: &str) -> String {
        add(SHOW, Path::new("show.toml"), canonical, cs, list, spelling).unwrap()
    }

    #[test]
    fn a_variant_joins_its_term_and_nothing_else_moves() {
        let out = add_to_show("Horacio", false, List::Variants, "Oracio");
        assert_eq!(
            out,
            SHOW.replace(
                r#"variants = ["Aasio"] # heard twice"#,
                r#"variants = ["Aasio", "Oracio"] # heard twice"#
            )
        );
    }

    #[test]
    fn an_exception_opens_its_list_after_the_terms_keys() {
        let out = add_to_show("SnowCamp", true, List::Exceptions, "snow champ");
        assert_eq!(
            out,
            SHOW.replace(
                "note = \"one spelling\"\n",
                "note = \"one spelling\"\nexceptions = [\"snow champ\"]\n"
            )
        );
    }

    #[test]
    fn case_sensitivity_picks_the_term() {
        // The case-insensitive SnowCamp is not in this file: a new term,
        // after the last one.
        let out = add_to_show("SnowCamp", false, List::Variants, "Sno Camp");
        assert_eq!(
            out,
            SHOW.replace(
                "note = \"one spelling\"\n",
                "note = \"one spelling\"\n\n[[term]]\ncanonical = \"SnowCamp\"\nvariants = [\"Sno Camp\"]\n"
            )
        );
    }

    #[test]
    fn a_byte_order_mark_and_crlf_stay() {
        let windows = format!("\u{feff}{}", SHOW.replace('\n', "\r\n"));
        let out = add(
            &windows,
            Path::new("show.toml"),
            "Horacio",
            false,
            List::Variants,
            "Oracio",
        )
        .unwrap();
        let expected = add_to_show("Horacio", false, List::Variants, "Oracio");
        assert_eq!(out, format!("\u{feff}{}", expected.replace('\n', "\r\n")));
    }

    #[test]
    fn a_spelling_already_listed_is_not_added_again() {
        assert_eq!(add_to_show("Horacio", false, List::Variants, "Aasio"), SHOW);
    }

    #[test]
    fn the_result_loads_as_a_dictionary() {
        let out = add_to_show("Horacio", false, List::Exceptions, "Aasiô");
        let dict =
            crate::dict::Dictionary::from_bytes(out.as_bytes(), Path::new("show.toml")).unwrap();
        assert_eq!(dict.terms[0].exceptions, ["Aasiô"]);
    }

    #[test]
    fn a_term_key_of_another_kind_is_an_error() {
        let err = add(
            "term = 3\n",
            Path::new("x.toml"),
            "A",
            false,
            List::Variants,
            "a",
        )
        .unwrap_err();
        assert!(
            err.to_string().starts_with("x.toml: expected `term`"),
            "{err}"
        );
    }
}
