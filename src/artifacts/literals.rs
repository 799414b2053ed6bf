//! The literals of the built-in lists' patterns (`prefilter::Literals`),
//! read once when the lists change and kept in `literals_table.rs`, not
//! read at every start: parsing the patterns with `regex-syntax` and
//! walking their syntax was two thirds of the instructions of a run on a
//! one-line file (BENCHMARKS.md, "Fifty-first round"). A dictionary's
//! own phrases are read as before.
//!
//! The table is written by a test, `the_table_holds_the_literals_of_every_built_in_pattern`,
//! run with `TRANSCRUB_WRITE_LITERALS=1`; without it, the test fails when
//! the table and the lists disagree, and says so.

use super::prefilter::Literals;

mod table {
    include!("literals_table.rs");
}

/// The literals of `pattern` (folded): from the table for a built-in one,
/// read for any other.
pub(super) fn of(pattern: &str) -> Literals {
    match table::TABLE.binary_search_by(|row| row.0.cmp(pattern)) {
        Ok(i) => {
            let (_, needles, prefixes, longest) = table::TABLE[i];
            let owned = |strings: &[&[u8]]| strings.iter().map(|s| s.to_vec()).collect();
            Literals {
                needles: needles.map(owned),
                prefixes: prefixes.map(owned),
                longest,
            }
        }
        Err(_) => Literals::of(pattern),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::fmt::Write;
    use std::path::Path;

    use super::*;
    use crate::artifacts::list::{BUILTIN, parse_list};

    /// Every built-in pattern, folded, with its literals as read now.
    fn read_now() -> BTreeMap<String, Literals> {
        let mut all = BTreeMap::new();
        for (lang, text) in BUILTIN {
            let path = format!("dictionaries/artifacts/{lang}.toml");
            for entry in parse_list(text, Path::new(&path)).expect("the built-in lists read") {
                let folded = crate::artifacts::fold::fold_pattern(&entry.pattern);
                let literals = Literals::of(&folded);
                all.insert(folded, literals);
            }
        }
        all
    }

    fn rust_strings(strings: &Option<Vec<Vec<u8>>>) -> String {
        match strings {
            None => "None".to_string(),
            Some(strings) => {
                let items: Vec<String> = strings.iter().map(|s| format!("&{s:?}")).collect();
                format!("Some(&[{}])", items.join(", "))
            }
        }
    }

    fn table_source(all: &BTreeMap<String, Literals>) -> String {
        let mut out = String::from(
            "// Written by `TRANSCRUB_WRITE_LITERALS=1 cargo test --lib literals`\n\
             // from dictionaries/artifacts/*.toml (src/artifacts/literals.rs):\n\
             // each built-in pattern, folded, with its needles, its prefixes and\n\
             // a bound on a match's length. Not edited by hand.\n\n\
             type Strings = Option<&'static [&'static [u8]]>;\n\n\
             pub(super) static TABLE: &[(&str, Strings, Strings, Option<usize>)] = &[\n",
        );
        for (pattern, literals) in all {
            writeln!(
                out,
                "    ({pattern:?}, {}, {}, {:?}),",
                rust_strings(&literals.needles),
                rust_strings(&literals.prefixes),
                literals.longest
            )
            .unwrap();
        }
        out.push_str("];\n");
        out
    }

    #[test]
    fn the_table_holds_the_literals_of_every_built_in_pattern() {
        let all = read_now();
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/artifacts/literals_table.rs");
        if std::env::var_os("TRANSCRUB_WRITE_LITERALS").is_some() {
            std::fs::write(&path, table_source(&all)).unwrap();
            return;
        }
        let in_table: Vec<&str> = table::TABLE.iter().map(|row| row.0).collect();
        let listed: Vec<&str> = all.keys().map(String::as_str).collect();
        assert_eq!(
            in_table, listed,
            "the built-in lists changed: write the table again with TRANSCRUB_WRITE_LITERALS=1 cargo test --lib literals"
        );
        for (pattern, literals) in &all {
            assert_eq!(of(pattern), *literals, "{pattern}: write the table again");
        }
        // A pattern no list holds (a dictionary's phrase) is read.
        assert_eq!(
            of("merci d'avoir écouté"),
            Literals::of("merci d'avoir écouté")
        );
        assert!(of("merci d'avoir écouté").needles.is_some());
    }
}
