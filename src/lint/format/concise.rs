//! One line per finding, `path:line:column: CODE message`: what editors'
//! error lists and `grep` read.

use std::io::{self, Write};

use crate::lint::diagnostic::Diagnostic;

pub(super) fn write(out: &mut dyn Write, diagnostics: &[Diagnostic]) -> io::Result<()> {
    for d in diagnostics {
        writeln!(
            out,
            "{}:{}:{}: {} {}",
            d.path.display(),
            d.line,
            d.column,
            d.rule.code,
            d.message
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::format::sample;

    #[test]
    fn one_line_per_finding() {
        let mut out = Vec::new();
        write(&mut out, &sample::three()).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "subs/ep1.srt:12:4: TR001 \"stick search\" is a known misrecognition of \"Elasticsearch\"\n\
             subs/ep1.srt:40:1: TR002 invented text: \"Sous-titrage ST' 501\"\n\
             subs/ep2.srt:3:6: TR008 two spaces between words\n"
        );
    }
}
