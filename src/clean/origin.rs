//! Where each byte of a cue's current text stood in the input, so that a
//! change made after other passes still reports the input's line and column.

use std::sync::OnceLock;

use crate::line_index::TextIndex;

/// Provenance of one cue's text.
#[derive(Debug, Clone)]
pub(crate) struct Origin {
    /// Input line of the cue's first text line; the others follow it,
    /// unless `moved` says otherwise.
    first_line: usize,
    /// Input line of each text line, once lines were dropped from the cue.
    moved: Option<Vec<usize>>,
    /// Characters before the text on its first input line (TSV fields).
    pub indent: usize,
    /// Boxed: most cues have nothing deleted.
    pub before_deletions: Option<Box<BeforeDeletions>>,
    /// The file place of each character of the text as read, when the
    /// reader gave one (escapes, entities, markup between the characters).
    pub places: Option<std::sync::Arc<crate::transcript::TextPlaces>>,
}

/// A cue's text before the first deletion (spaces, artifacts), and every
/// deletion made since, so current offsets map back to that text.
#[derive(Debug, Clone)]
pub(crate) struct BeforeDeletions {
    text: String,
    /// (offset in the current text, bytes deleted there), in order.
    deletions: Vec<(usize, usize)>,
    /// Lines and columns of `text`, built on the first position asked in
    /// a long text (the text never changes, so neither does the index).
    index: OnceLock<TextIndex>,
}

impl BeforeDeletions {
    pub fn new(text: String, deletions: Vec<(usize, usize)>) -> BeforeDeletions {
        BeforeDeletions {
            text,
            deletions,
            index: OnceLock::new(),
        }
    }
}

/// From this length a text's positions are looked up in a `TextIndex`
/// rather than counted from its start: a transcript written as one long
/// line would otherwise cost a count of the whole line per change.
pub(crate) const LONG_TEXT: usize = 2048;

impl Origin {
    pub fn new(first_line: usize, indent: usize) -> Origin {
        Origin {
            first_line,
            moved: None,
            indent,
            before_deletions: None,
            places: None,
        }
    }

    /// Records that `len` bytes at offset `at` of `text` (the cue's text
    /// before this deletion) are being deleted.
    pub fn record_deletion(&mut self, text: &str, at: usize, len: usize) {
        let before = self
            .before_deletions
            .get_or_insert_with(|| Box::new(BeforeDeletions::new(text.to_string(), Vec::new())));
        // Later deletions move back by `len`; those inside the deleted
        // span now stand where it began.
        for (offset, _) in before.deletions.iter_mut() {
            if *offset > at {
                *offset = offset.saturating_sub(len).max(at);
            }
        }
        let index = before
            .deletions
            .partition_point(|(offset, _)| *offset <= at);
        before.deletions.insert(index, (at, len));
    }

    /// The cue's text before its first deletion, and which of its bytes
    /// are still in `text` (the current text); None when nothing was
    /// deleted, or the record does not give back `text`.
    pub fn kept_bytes(&self, text: &str) -> Option<(&str, Vec<bool>)> {
        let before = self.before_deletions.as_deref()?;
        let mut kept = vec![true; before.text.len()];
        let mut shift = 0;
        for &(at, len) in &before.deletions {
            let all = kept.len();
            let start = (at + shift).min(all);
            kept[start..(start + len).min(all)].fill(false);
            shift += len;
        }
        let left: Vec<u8> = before
            .text
            .bytes()
            .zip(&kept)
            .filter_map(|(b, &k)| k.then_some(b))
            .collect();
        (left == text.as_bytes()).then_some((before.text.as_str(), kept))
    }

    /// Input line of the cue's text line `index`.
    pub fn line(&self, index: usize) -> usize {
        match &self.moved {
            None => self.first_line + index,
            Some(lines) => lines
                .get(index)
                .or(lines.last())
                .copied()
                .unwrap_or(self.first_line),
        }
    }

    /// Records which input lines the cue's text lines now come from.
    pub fn set_lines(&mut self, lines: Vec<usize>) {
        self.moved = Some(lines);
    }

    /// Whether every line of the cue was taken away.
    pub fn lost_all_lines(&self) -> bool {
        self.moved.as_ref().is_some_and(Vec::is_empty)
    }

    /// Input (line, column) of byte `offset` of the cue's current `text`.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        self.position_indexed(text, offset, None)
    }

    /// As `position`; `current` indexes the current `text`, for a caller
    /// asking many positions in one long cue that has had no deletion.
    pub fn position_indexed(
        &self,
        text: &str,
        offset: usize,
        current: Option<&TextIndex>,
    ) -> (usize, usize) {
        let (text, offset, index) = match self.before_deletions.as_deref() {
            Some(before) => {
                let shift: usize = before
                    .deletions
                    .iter()
                    .take_while(|(at, _)| *at <= offset)
                    .map(|(_, n)| n)
                    .sum();
                let text = before.text.as_str();
                let index = (text.len() >= LONG_TEXT)
                    .then(|| before.index.get_or_init(|| TextIndex::new(text)));
                (text, (offset + shift).min(text.len()), index)
            }
            None => (text, offset.min(text.len()), current),
        };
        let mut offset = offset;
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        // Dropped lines break the map from the text as read.
        if self.moved.is_none()
            && let Some(place) = self.places.as_ref().and_then(|p| p.place(text, offset))
        {
            return place;
        }
        let (line_index, mut column) = match index {
            Some(index) => {
                let (line, column) = index.position(text, offset);
                (line - 1, column)
            }
            None => {
                let head = &text[..offset];
                let line_start = head.rfind('\n').map_or(0, |i| i + 1);
                (
                    head.bytes().filter(|&b| b == b'\n').count(),
                    head[line_start..].chars().count() + 1,
                )
            }
        };
        if line_index == 0 {
            column += self.indent;
        }
        (self.line(line_index), column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletions_compose() {
        // "ab cd ef" -> delete "cd " (3..6) -> "ab ef" -> delete "ab " (0..3) -> "ef"
        let mut o = Origin::new(1, 0);
        o.record_deletion("ab cd ef", 3, 3);
        o.record_deletion("ab ef", 0, 3);
        assert_eq!(o.position("ef", 0), (1, 7));
        assert_eq!(o.position("ef", 1), (1, 8));
    }

    #[test]
    fn the_bytes_kept_through_composed_deletions() {
        let mut o = Origin::new(1, 0);
        o.record_deletion("ab cd ef", 3, 3);
        o.record_deletion("ab ef", 0, 3);
        let (before, kept) = o.kept_bytes("ef").unwrap();
        assert_eq!(before, "ab cd ef");
        let left: String = before
            .chars()
            .zip(&kept)
            .map(|(c, &k)| if k { c } else { '_' })
            .collect();
        assert_eq!(left, "______ef");
        // A text the record does not give back is no answer.
        assert!(o.kept_bytes("ab").is_none());
    }

    #[test]
    fn maps_through_deleted_spaces() {
        let mut o = Origin::new(10, 0);
        // "a  b\nc  d " became "a b\nc d"
        o.before_deletions = Some(Box::new(BeforeDeletions::new(
            "a  b\nc  d ".into(),
            vec![(2, 1), (6, 1), (7, 1)],
        )));
        assert_eq!(o.position("a b\nc d", 2), (10, 4));
        assert_eq!(o.position("a b\nc d", 6), (11, 4));
    }
}
