//! Line feeds counted and found. Windows, line cuts and the readers ask
//! this of the same text many times; `str::matches('\n')` and
//! `split('\n')` look a character at a time and were 8% of cleaning a
//! transcript of short lines, where a SIMD search (memchr) looks at
//! 32 bytes at once.

use memchr::{memchr, memchr_iter, memrchr};

/// How many line feeds `text` holds.
pub(crate) fn count(text: &str) -> usize {
    memchr_iter(b'\n', text.as_bytes()).count()
}

/// The offset of the first line feed in `text`.
pub(crate) fn find(text: &str) -> Option<usize> {
    memchr(b'\n', text.as_bytes())
}

/// The offset of the last line feed in `text`.
pub(crate) fn rfind(text: &str) -> Option<usize> {
    memrchr(b'\n', text.as_bytes())
}

/// The offset of every line feed in `text`, in order.
pub(crate) fn offsets(text: &str) -> impl DoubleEndedIterator<Item = usize> + '_ {
    memchr_iter(b'\n', text.as_bytes())
}

/// The pieces of `text` between line feeds: `text.split('\n')`.
pub(crate) fn split(text: &str) -> impl Iterator<Item = &str> + '_ {
    let mut start = 0;
    offsets(text)
        .map(Some)
        .chain(std::iter::once(None))
        .map(move |end| {
            let end = end.unwrap_or(text.len());
            // A line feed is one byte of ASCII: both sides of it are
            // character boundaries.
            let piece = &text[start..end];
            start = end + 1;
            piece
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXTS: &[&str] = &[
        "",
        "\n",
        "\n\n",
        "one",
        "one\n",
        "\none",
        "one\ntwo",
        "one\r\ntwo\r\n",
        "é\nà\n\nœ",
        // Longer than a SIMD block, line feeds at and around its edges.
        "0123456789012345678901234567890\n0123456789012345678901234567890\n\n0123456789012345678901234567890123456789012345678901234567890123\n",
    ];

    #[test]
    fn the_same_as_the_standard_librarys_character_search() {
        for text in TEXTS {
            assert_eq!(count(text), text.matches('\n').count(), "{text:?}");
            assert_eq!(find(text), text.find('\n'), "{text:?}");
            assert_eq!(rfind(text), text.rfind('\n'), "{text:?}");
            let by_std: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
            assert_eq!(offsets(text).collect::<Vec<_>>(), by_std, "{text:?}");
            let reversed: Vec<usize> = by_std.iter().rev().copied().collect();
            assert_eq!(offsets(text).rev().collect::<Vec<_>>(), reversed);
            let pieces: Vec<&str> = text.split('\n').collect();
            assert_eq!(split(text).collect::<Vec<_>>(), pieces, "{text:?}");
        }
    }

    #[test]
    fn counts_every_line_feed_of_a_long_text() {
        let text = "a line\n".repeat(1000) + "no end";
        assert_eq!(count(&text), 1000);
        assert_eq!(rfind(&text), Some(7 * 1000 - 1));
        assert_eq!(split(&text).count(), 1001);
        assert_eq!(split(&text).last(), Some("no end"));
    }
}
