//! Byte offsets to 1-based (line, column) positions. Line starts and a
//! count of characters every `BLOCK` bytes are found once, so each lookup
//! is a binary search and a count over at most one block: loading a
//! 50,000-variant dictionary asks for 60,000 positions, and a transcript
//! written as one 50 MB line asks for one per correction.

/// Where the lines start in a text, and how many characters precede each
/// block of it; owns no text, so it can be kept beside the text it indexes.
#[derive(Debug, Clone, Default)]
pub(crate) struct TextIndex {
    starts: Vec<usize>,
    /// Characters before byte `i * BLOCK`.
    chars_before_block: Vec<usize>,
    len: usize,
}

const BLOCK: usize = 256;

/// A UTF-8 byte that begins a character (not a continuation byte).
fn starts_char(b: u8) -> bool {
    (b as i8) >= -0x40
}

impl TextIndex {
    pub fn new(text: &str) -> TextIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        starts.extend(crate::newlines::offsets(text).map(|i| i + 1));
        let mut chars_before_block = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut count = 0;
        for block in bytes.chunks(BLOCK) {
            chars_before_block.push(count);
            count += crate::byte_counts::count(block, starts_char);
        }
        // An offset at the very end of a text of whole blocks has a block too.
        if bytes.len().is_multiple_of(BLOCK) {
            chars_before_block.push(count);
        }
        TextIndex {
            starts,
            chars_before_block,
            len: bytes.len(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset of `text`,
    /// the text this index was built from; an offset inside a character
    /// counts as that character's start.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        debug_assert_eq!(text.len(), self.len, "index of another text");
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let column = self.chars_before(text, offset) - self.chars_before(text, start) + 1;
        (line, column)
    }

    /// Characters before byte `offset` (a character boundary).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let block = offset / BLOCK;
        self.chars_before_block[block]
            + crate::byte_counts::count(&text.as_bytes()[block * BLOCK..offset], starts_char)
    }
}

/// A text and its index, for error messages about one file.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    index: TextIndex,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        LineIndex {
            text,
            index: TextIndex::new(text),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        self.index.position(self.text, offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_character_columns() {
        let index = LineIndex::new("ab\nçé x\n");
        assert_eq!(index.position(0), (1, 1));
        assert_eq!(index.position(3), (2, 1));
        assert_eq!(index.position(8), (2, 4));
        assert_eq!(index.position(100), (3, 1));
    }

    /// Columns counted through the block checkpoints agree with counting
    /// from the line start, at every offset of a long mixed line.
    #[test]
    fn columns_across_blocks_match_a_plain_count() {
        let text = format!("x\n{}\nfin", "é a ç… b ".repeat(200));
        let index = LineIndex::new(&text);
        for offset in 0..=text.len() {
            let mut at = offset;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let head = &text[..at];
            let line = head.matches('\n').count() + 1;
            let start = head.rfind('\n').map_or(0, |i| i + 1);
            let column = head[start..].chars().count() + 1;
            assert_eq!(index.position(offset), (line, column), "offset {offset}");
        }
    }
}
