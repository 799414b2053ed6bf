//! TR201 mojibake: text decoded with the wrong encoding ("Ã©" for "é").

use std::sync::LazyLock;

use regex::Regex;

use crate::lint::check::Lines;
use crate::lint::diagnostic::Severity;
use crate::lint::diagnostic::{Diagnostic, Fix};
use crate::lint::rule::RuleInfo;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR201",
    name: "mojibake",
    severity: Severity::Error,
    summary: "text decoded with the wrong encoding (\"Ã©\" for \"é\")",
    explanation: "UTF-8 text read once as Windows-1252 or Latin-1 turns every accented letter into two or three characters. The fix re-decodes the span; it is unsafe because a few such sequences are legitimate.",
    example: "\"rÃ©union\" -> \"réunion\" (unsafe)",
};

/// UTF-8 lead bytes read as Windows-1252 (Ã, Â, â...) followed by the
/// continuation bytes read the same way: the shape of mojibake.
static SUSPECT: LazyLock<Regex> = LazyLock::new(|| {
    let cont = r"[\x{80}-\x{BF}\x{152}\x{153}\x{160}\x{161}\x{178}\x{17D}\x{17E}\x{192}\x{2C6}\x{2DC}\x{2013}\x{2014}\x{2018}-\x{201A}\x{201C}-\x{201E}\x{2020}-\x{2022}\x{2026}\x{2030}\x{2039}\x{203A}\x{20AC}\x{2122}]";
    Regex::new(&format!(
        r"(?:[\x{{C2}}-\x{{DF}}]{cont}|[\x{{E0}}-\x{{EF}}]{cont}{{2}})+"
    ))
    .expect("mojibake pattern is valid")
});

/// The text a run of mojibake stood for, if it is one: its characters as
/// Windows-1252 bytes must be valid UTF-8.
pub fn repair(run: &str) -> Option<String> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(run);
    if unmappable {
        return None;
    }
    String::from_utf8(bytes.into_owned())
        .ok()
        .filter(|s| s != run)
}

/// Every line's mojibake, with the repair as an unsafe fix.
pub fn check(lines: &Lines, text: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if !text.contains(['Ã', 'Â', 'â', 'Ä', 'Å']) {
        return found;
    }
    for (i, line) in text.split('\n').enumerate() {
        for m in SUSPECT.find_iter(line) {
            let Some(fixed) = repair(m.as_str()) else {
                continue;
            };
            let col = line[..m.start()].chars().count() + 1;
            let end = col + m.as_str().chars().count();
            found.push(lines.diagnostic(
                &RULE,
                (i + 1, col),
                (i + 1, end),
                format!(
                    "{:?} looks like {fixed:?} decoded with the wrong encoding",
                    m.as_str()
                ),
                Some(Fix::unsafe_(fixed)),
            ));
        }
    }
    found
}

/// `text` with every repairable run of mojibake repaired: the unsafe fix.
// Applied by `lint --unsafe-fixes` in `command/lint.rs`, a CLI-only path.
#[cfg_attr(not(feature = "cli"), allow(dead_code))]
pub fn repair_all(text: &str) -> String {
    SUSPECT
        .replace_all(text, |c: &regex::Captures| {
            repair(&c[0]).unwrap_or_else(|| c[0].to_string())
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn double_decoding_is_found_and_repaired() {
        assert_eq!(repair("Ã©").as_deref(), Some("é"));
        assert_eq!(repair("â€™").as_deref(), Some("’"));
        assert_eq!(repair_all("la rÃ©union dâ€™Ã©tÃ©"), "la réunion d’été");
        let text = "rÃ©union\n";
        let lines = Lines::new(std::path::Path::new("t"), text);
        let d = check(&lines, text);
        assert_eq!((d[0].line, d[0].column, d[0].end_column), (1, 2, 4));
    }

    #[test]
    fn french_text_is_not_mojibake() {
        for ok in ["À l’été, « déjà » vu", "Ça coûte 5 €", "âge, être, où"] {
            let lines = Lines::new(std::path::Path::new("t"), ok);
            assert!(check(&lines, ok).is_empty(), "{ok}");
            assert_eq!(repair_all(ok), ok);
        }
    }
}
