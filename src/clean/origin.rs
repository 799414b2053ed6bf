//! Where each byte of a cue's current text stood in the input, so that a
//! change made after other passes still reports the input's line and column.

/// Provenance of one cue's text.
#[derive(Debug, Clone)]
pub(crate) struct Origin {
    /// Input line of each text line of the cue, in order.
    pub lines: Vec<usize>,
    /// Characters before the text on its first input line (TSV fields).
    pub indent: usize,
    /// The text before whitespace normalisation, with the deletions made:
    /// (offset in the new text, bytes deleted there), in order.
    pub before_whitespace: Option<(String, Vec<(usize, usize)>)>,
}

impl Origin {
    pub fn new(first_line: usize, line_count: usize, indent: usize) -> Origin {
        Origin {
            lines: (first_line..first_line + line_count.max(1)).collect(),
            indent,
            before_whitespace: None,
        }
    }

    /// Input (line, column) of byte `offset` of the cue's current `text`.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let (text, offset) = match &self.before_whitespace {
            Some((before, deletions)) => {
                let shift: usize = deletions
                    .iter()
                    .take_while(|(at, _)| *at <= offset)
                    .map(|(_, n)| n)
                    .sum();
                (before.as_str(), (offset + shift).min(before.len()))
            }
            None => (text, offset.min(text.len())),
        };
        let mut offset = offset;
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let head = &text[..offset];
        let line_index = head.bytes().filter(|&b| b == b'\n').count();
        let line_start = head.rfind('\n').map_or(0, |i| i + 1);
        let mut column = head[line_start..].chars().count() + 1;
        if line_index == 0 {
            column += self.indent;
        }
        let line = self
            .lines
            .get(line_index)
            .or(self.lines.last())
            .copied()
            .unwrap_or(1);
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_through_deleted_spaces() {
        let mut o = Origin::new(10, 2, 0);
        // "a  b\nc  d " became "a b\nc d"
        o.before_whitespace = Some(("a  b\nc  d ".into(), vec![(2, 1), (6, 1), (7, 1)]));
        assert_eq!(o.position("a b\nc d", 2), (10, 4));
        assert_eq!(o.position("a b\nc d", 6), (11, 4));
    }
}
