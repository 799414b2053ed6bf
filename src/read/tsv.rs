//! Whisper TSV: a `start<TAB>end<TAB>text` header, then one segment a line,
//! times in integer milliseconds (openai-whisper's `WriteTSV`).

use crate::error::{Error, Result, quote};
use crate::format::Format;
use crate::timestamp::Timestamp;
use crate::transcript::{Cue, Transcript};

use super::{Defects, column, numbered_lines};

/// Reads Whisper TSV, failing on the first defect.
pub fn parse_tsv(text: &str) -> Result<Transcript> {
    super::strict(text, parse)
}

/// Reads Whisper TSV, skipping bad lines and reporting each one.
pub fn parse_tsv_lossy(text: &str) -> (Transcript, Vec<Error>) {
    super::lossy(text, Format::Tsv, parse)
}

pub(super) fn parse(text: &str, defects: &mut Defects) -> Result<Transcript> {
    parse_from(text, 1, defects)
}

/// Reads the lines of a TSV file from its line `first_line` on (a piece of
/// a long file); the header is expected only on line 1.
pub(super) fn parse_from(
    text: &str,
    first_line: usize,
    defects: &mut Defects,
) -> Result<Transcript> {
    let mut cues = Vec::new();
    for (number, line) in numbered_lines(text) {
        let number = number + first_line - 1;
        if number == 1 {
            if line.split('\t').map(str::trim).eq(["start", "end", "text"]) {
                continue;
            }
            defects.repairable(Error::parse(
                1,
                1,
                format!(
                    "expected the header \"start\\tend\\ttext\", found {}",
                    quote(line)
                ),
            ))?;
        }
        if line.trim().is_empty() {
            defects.repairable(Error::parse(number, 1, "unexpected blank line"))?;
            continue;
        }
        let mut fields = line.splitn(3, '\t');
        let mut offset = 0;
        let mut time = |name: &str| -> Result<Timestamp> {
            let field = fields.next().unwrap_or("");
            let at = offset;
            offset += field.len() + 1;
            match field.trim().parse::<u64>() {
                Ok(ms) if ms <= Timestamp::MAX.0 => Ok(Timestamp(ms)),
                _ => Err(Error::parse(
                    number,
                    column(line, at),
                    format!(
                        "expected {name} in milliseconds (at most {} hours), found {}",
                        Timestamp::MAX_HOURS,
                        quote(field)
                    ),
                )),
            }
        };
        let start = time("the start")?;
        let end = time("the end")?;
        let Some(text) = fields.next() else {
            return Err(Error::parse(
                number,
                column(line, line.len()),
                "expected a tab and the text after the end time",
            ));
        };
        if end < start {
            defects.repairable(Error::parse(
                number,
                column(line, line.find('\t').map_or(0, |i| i + 1)),
                format!(
                    "expected the end after the start, found {} then {} ms; the end is moved to the start",
                    start.0, end.0
                ),
            ))?;
        }
        if text.contains('\t') {
            // openai-whisper writes three fields; a fourth is someone
            // else's column, which the writer would fold into the text.
            defects.repairable(Error::parse(
                number,
                column(line, line.len() - text.len() + text.find('\t').unwrap_or(0)),
                format!(
                    "expected three tab-separated fields (start, end, text), found more: {}; read as part of the text",
                    quote(text)
                ),
            ))?;
        }
        cues.push(Cue::timed(start, end.max(start), text, number));
    }
    Ok(Transcript::new(Format::Tsv, cues))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_header_and_rows() {
        let t = parse_tsv("start\tend\ttext\n0\t1500\tBonjour.\n1500\t3000\tAu revoir.\n").unwrap();
        assert_eq!(t.cues.len(), 2);
        assert_eq!(
            (t.cues[1].start, t.cues[1].line),
            (Some(Timestamp(1500)), 3)
        );
    }

    #[test]
    fn bad_number_points_at_its_column() {
        let err = parse_tsv("start\tend\ttext\n0\tx1500\tBonjour.\n").unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(3)));
    }
}
