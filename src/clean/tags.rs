//! Keeps inline markup whole through a correction. A variant can run across
//! tags: stable-ts highlights one word with `<font color>`, whisper's
//! `--highlight_words` uses `<u>`, YouTube times every word with
//! `<00:00:07.500><c> word</c>`. Replacing the variant's bytes would delete
//! the tags inside it and leave the others unbalanced.
//!
//! The rule: tags never move relative to one another, only text does. The
//! canonical goes into one of the text runs between the tags the variant
//! covers, the one inside the most formatting (so a highlighted variant
//! gives a highlighted canonical), and the other runs are emptied. The
//! tags come out in the same order, so balanced input stays balanced.

use std::ops::Range;

use super::dictionary::Edit;

/// What a tag does to the tags around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `<i>`, `<font color=...>`, `<c.yellow>`, `<v Alice>`, `<span ...>`.
    Open,
    /// `</i>`, `</c>`, `</span>`.
    Close,
    /// A timestamp tag or an ASS override block: a point, not a range.
    Point,
}

fn kind(tag: &str) -> Kind {
    // ASS's `{\i1}` ... `{\i0}` open and close like `<i>` ... `</i>`.
    if let Some(inner) = tag.strip_prefix("{\\").and_then(|t| t.strip_suffix('}')) {
        return match inner {
            "i1" | "b1" | "u1" | "s1" => Kind::Open,
            "i0" | "b0" | "u0" | "s0" => Kind::Close,
            _ => Kind::Point,
        };
    }
    if tag.starts_with("</") {
        Kind::Close
    } else if tag.starts_with('{')
        || tag.ends_with("/>")
        || crate::markup::timestamp_tag(tag).is_some()
    {
        Kind::Point
    } else {
        Kind::Open
    }
}

/// The edits that write `edit.replacement` over `edit.range` of `text`
/// without touching the tags (`tags`: every tag of `text`, in order).
/// Without a tag strictly inside the range, that is `edit` itself.
pub(crate) fn keep_tags(text: &str, edit: Edit, tags: &[Range<usize>]) -> Vec<Edit> {
    let inside: Vec<Range<usize>> = tags
        .iter()
        .filter(|t| t.start >= edit.range.start && t.end <= edit.range.end)
        .cloned()
        .collect();
    if inside.is_empty() {
        return vec![edit];
    }
    // The runs of text between the tags, and how much formatting covers
    // each: tags opened inside the range and still open, plus closers of
    // tags opened before the range that are still to come.
    let kinds: Vec<Kind> = inside.iter().map(|t| kind(&text[t.clone()])).collect();
    let mut outer_closers = {
        let mut open = 0usize;
        let mut outer = 0usize;
        for k in &kinds {
            match k {
                Kind::Open => open += 1,
                Kind::Close if open > 0 => open -= 1,
                Kind::Close => outer += 1,
                Kind::Point => {}
            }
        }
        outer
    };
    let mut runs: Vec<(Range<usize>, usize)> = Vec::with_capacity(inside.len() + 1);
    let mut open = 0usize;
    let mut at = edit.range.start;
    for (tag, k) in inside.iter().zip(&kinds) {
        runs.push((at..tag.start, open + outer_closers));
        match k {
            Kind::Open => open += 1,
            Kind::Close if open > 0 => open -= 1,
            Kind::Close => outer_closers -= 1,
            Kind::Point => {}
        }
        at = tag.end;
    }
    runs.push((at..edit.range.end, open + outer_closers));
    let chosen = runs
        .iter()
        .enumerate()
        .filter(|(_, (r, _))| !text[r.clone()].trim().is_empty())
        .max_by_key(|(i, (_, depth))| (*depth, std::cmp::Reverse(*i)))
        .map_or(0, |(i, _)| i);
    let mut edits = Vec::with_capacity(runs.len());
    for (i, (run, _)) in runs.into_iter().enumerate() {
        if i == chosen {
            // The variant's first word follows its own space; a later
            // run's leading space goes with the words deleted before it.
            edits.push(Edit {
                range: run,
                replacement: edit.replacement.clone(),
            });
        } else if !run.is_empty() {
            edits.push(Edit {
                range: run,
                replacement: String::new(),
            });
        }
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, from: &str, to: &str) -> String {
        let start = text.find(from).expect("variant in text");
        let tags: Vec<Range<usize>> = crate::markup::tags(text).collect();
        let edits = keep_tags(
            text,
            Edit {
                range: start..start + from.len(),
                replacement: to.into(),
            },
            &tags,
        );
        let mut out = String::new();
        let mut last = 0;
        for e in edits {
            out.push_str(&text[last..e.range.start]);
            out.push_str(&e.replacement);
            last = e.range.end;
        }
        out.push_str(&text[last..]);
        out
    }

    #[test]
    fn a_highlight_inside_the_variant_wraps_the_canonical() {
        assert_eq!(
            apply(
                "et la <u>stick</u> search, pour",
                "la <u>stick</u> search",
                "Elasticsearch"
            ),
            "et <u>Elasticsearch</u>, pour"
        );
    }

    #[test]
    fn a_closer_inside_the_variant_closes_after_the_canonical() {
        assert_eq!(
            apply(
                "<font color=\"#00ff00\">la</font> stick search.",
                "la</font> stick search",
                "Elasticsearch"
            ),
            "<font color=\"#00ff00\">Elasticsearch</font>."
        );
    }

    #[test]
    fn an_opener_inside_the_variant_opens_before_the_canonical() {
        assert_eq!(
            apply(
                "la stick <u>search.</u>",
                "la stick <u>search",
                "Elasticsearch"
            ),
            "<u>Elasticsearch.</u>"
        );
    }

    #[test]
    fn ass_italics_inside_a_variant_wrap_the_canonical() {
        assert_eq!(
            apply(
                "Pie{\\i1} Torch{\\i0} partout",
                "Pie{\\i1} Torch",
                "PyTorch"
            ),
            "{\\i1}PyTorch{\\i0} partout"
        );
    }

    #[test]
    fn youtube_word_times_stay_in_order_around_the_canonical() {
        let text = "<c> la</c><00:00:07.760><c> stick</c><00:00:08.000><c> search</c>";
        assert_eq!(
            apply(
                text,
                "la</c><00:00:07.760><c> stick</c><00:00:08.000><c> search",
                "Elasticsearch"
            ),
            "<c> Elasticsearch</c><00:00:07.760><c></c><00:00:08.000><c></c>"
        );
    }
}
