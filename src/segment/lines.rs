//! Line breaking inside one cue: one line when it fits (Netflix: "always
//! keep the text on one line, unless it exceeds the character limitation"),
//! else the fewest lines that fit, broken where `breaks.rs` says it reads
//! best, and balanced, with the bottom line not much shorter than the top.

use std::ops::Range;

use smallvec::{SmallVec, smallvec};

use super::breaks::FORBIDDEN;

/// Token indices where the lines after the first start: inline for the
/// two lines every house style allows (and three), so weighing a candidate
/// cue allocates nothing.
pub type Breaks = SmallVec<[usize; 2]>;

/// The lines of a cue, as the token index each line starts at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Token index where each line after the first starts.
    pub breaks: Breaks,
    pub cost: u32,
}

/// One token as line breaking sees it.
#[derive(Debug, Clone, Copy)]
pub struct Piece {
    pub width: usize,
    /// No space before it (a piece of a long word).
    pub joined: bool,
    /// What breaking after it costs.
    pub break_cost: u32,
}

/// The widths of every run of a sequence of pieces on lines of one
/// width, from prefix sums counted once for the whole sequence.
pub struct Prefix {
    /// `sums[k]`: width of pieces 0..k on one line.
    sums: Vec<usize>,
    /// `bottom_from[j]`: the first node whose sum reaches `sums[j]` less
    /// a line and the space before it. A two-line cue ending before
    /// piece j can break there at the earliest: its bottom line is too
    /// wide from any break before. The sums only grow, so this does too,
    /// and one walk over the sequence finds it for every end, where each
    /// two-line layout searched the sums for it: a chain of dependent
    /// reads, a third of `best_in_two`'s time under `perf`.
    bottom_from: Vec<usize>,
    /// The widest a line may be, in characters.
    max_chars: usize,
}

impl Prefix {
    /// The sums of `pieces` on lines of `max_chars`.
    pub fn of(pieces: &[Piece], max_chars: usize) -> Prefix {
        let mut sums = Vec::with_capacity(pieces.len() + 1);
        sums.push(0);
        for (i, p) in pieces.iter().enumerate() {
            let space = usize::from(i > 0 && !p.joined);
            sums.push(sums[i] + space + p.width);
        }
        let mut bottom_from = Vec::with_capacity(sums.len());
        let mut from = 0;
        for &sum in &sums {
            let reach = sum.saturating_sub(max_chars + 1);
            // `sums[j]` itself reaches it: `from` stops at j at the latest.
            while sums[from] < reach {
                from += 1;
            }
            bottom_from.push(from);
        }
        Prefix {
            sums,
            bottom_from,
            max_chars,
        }
    }

    /// The widths of `pieces[range]`, all of `pieces` being what the
    /// prefix was counted on.
    pub fn of_run<'a>(&'a self, pieces: &'a [Piece], range: Range<usize>) -> Widths<'a> {
        Widths {
            pieces: &pieces[range.clone()],
            prefix: &self.sums[range.start..=range.end],
            at_start: range.start == 0,
            bottom_from: self.bottom_from[range.end].max(range.start + 1) - range.start,
            max_chars: self.max_chars,
        }
    }
}

/// Widths of runs of a cue's pieces in O(1).
pub struct Widths<'a> {
    pieces: &'a [Piece],
    /// The sequence's prefix sums from the cue's first piece on.
    prefix: &'a [usize],
    /// The cue's first piece is the sequence's: no space was counted
    /// before it.
    at_start: bool,
    /// The first break, after the cue's first piece, that leaves a bottom
    /// line narrow enough for two lines (`Prefix::bottom_from`).
    bottom_from: usize,
    /// The widest a line may be.
    max_chars: usize,
}

impl Widths<'_> {
    /// Whether the run fits one line.
    #[inline]
    fn fits_one_line(&self) -> bool {
        let n = self.pieces.len();
        n == 0 || self.line(0, n) <= self.max_chars
    }

    /// Characters on screen of pieces `a..b` on one line: the sums hold
    /// the space before every piece after the sequence's first, and a line
    /// does not start with one.
    fn line(&self, a: usize, b: usize) -> usize {
        let first_of_all = a == 0 && self.at_start;
        let space = usize::from(!first_of_all && !self.pieces[a].joined);
        self.prefix[b] - self.prefix[a] - space
    }
}

/// What an uneven pair of lines costs. Growing with the square of the
/// difference: a few characters do not matter, a three-letter line over a
/// full one does ("Bah" / "en gros un bit classique c'est zéro ou un,").
/// A short bottom line under a long top reads worst: twice the cost.
fn shape(upper: usize, lower: usize) -> u32 {
    let d = upper.abs_diff(lower) as u32;
    let cost = d * d / 10;
    if lower < upper { cost * 2 } else { cost }
}

/// The best layout of `pieces` in at most `max_lines` lines of `max_chars`,
/// or None if they cannot fit. More lines are used only when they avoid
/// a forbidden break.
#[cfg(test)]
pub fn layout(pieces: &[Piece], max_chars: usize, max_lines: usize) -> Option<Layout> {
    let prefix = Prefix::of(pieces, max_chars);
    layout_of(&prefix.of_run(pieces, 0..pieces.len()), max_lines)
}

/// `layout` of a run whose widths are counted already, on lines of the
/// width they were counted for. Inlined into the cue choice, which asks
/// it of about two candidate cues a token: as a call of its own it cost
/// 5% more there.
#[inline]
pub fn layout_of(widths: &Widths, max_lines: usize) -> Option<Layout> {
    if widths.fits_one_line() {
        return Some(Layout {
            breaks: Breaks::new(),
            cost: 0,
        });
    }
    let mut fallback: Option<Layout> = None;
    for lines in 2..=max_lines.max(1) {
        let best = if lines == 2 {
            best_in_two(widths).map(|(k, cost)| Layout {
                breaks: smallvec![k],
                cost,
            })
        } else {
            best_in(widths, lines)
        };
        let Some(best) = best else {
            continue;
        };
        if best.cost < FORBIDDEN {
            return Some(best);
        }
        if fallback.as_ref().is_none_or(|f| best.cost < f.cost) {
            fallback = Some(best);
        }
    }
    fallback
}

/// What `layout_of`'s layout costs, without the layout: the cue choice
/// weighs about two candidate cues a token, and reads only their costs.
#[inline]
pub fn layout_cost_of(widths: &Widths, max_lines: usize) -> Option<u32> {
    if widths.fits_one_line() {
        return Some(0);
    }
    // Two lines at most, as every house style but one allows: the best
    // two, forbidden break or not (`layout_of`'s fallback).
    if max_lines == 2 {
        return best_in_two(widths).map(|(_, cost)| cost);
    }
    layout_of(widths, max_lines).map(|layout| layout.cost)
}

/// The best layout in two lines: every break tried, O(n), the first of
/// equal costs kept. The common case: it is asked of about two candidate
/// cues a token, so the loop reads each break's sums and pieces as it
/// walks them, with what every break shares counted before: `line`'s
/// index checks and its question of where the line starts, asked of
/// every break, were most of its cost.
fn best_in_two(widths: &Widths) -> Option<(usize, u32)> {
    let (pieces, prefix, max_chars) = (widths.pieces, widths.prefix, widths.max_chars);
    let n = pieces.len();
    if n < 2 {
        return None;
    }
    // `line(0, k)` is `prefix[k] - top`, `line(k, n)` is `bottom -
    // prefix[k]` less the space before piece k.
    let top = prefix[0] + usize::from(!widths.at_start && !pieces[0].joined);
    let bottom = prefix[n];
    // The best break so far and its cost, wider than any so that the
    // first break that fits is taken: no `Option` asked at every break.
    let (mut best_k, mut best_cost) = (0, u64::MAX);
    // The bottom line fits only from the break whose sum reaches `bottom -
    // max_chars` less the space before it, at most one: the breaks before
    // are skipped, found once for every cue that ends here
    // (`Prefix::bottom_from`), where the walk asked each of them. They
    // were half the walk in a cue twice a line wide, the cue choice's
    // usual candidate.
    let first = widths.bottom_from;
    debug_assert_eq!(
        first,
        1 + prefix[1..n].partition_point(|&sum| sum < bottom.saturating_sub(max_chars + 1))
    );
    // Break k: after piece k-1, before piece k, with the sums to k.
    for k in first..n {
        let sum = prefix[k];
        let upper = sum - top;
        if upper > max_chars {
            // The top line only grows from here.
            break;
        }
        let lower = bottom - sum - usize::from(!pieces[k].joined);
        if lower > max_chars {
            continue;
        }
        let cost = pieces[k - 1].break_cost + shape(upper, lower);
        if u64::from(cost) < best_cost {
            (best_k, best_cost) = (k, u64::from(cost));
        }
    }
    // A cost that fits a `u32` was found, or none.
    u32::try_from(best_cost).ok().map(|cost| (best_k, cost))
}

/// The best layout in exactly `lines` lines: dynamic programming over
/// (lines used, pieces placed, where the last line began), since a line's
/// shape cost depends on the line above it.
// Indices address three tables at once; iterators would hide that.
#[allow(clippy::needless_range_loop)]
fn best_in(widths: &Widths, lines: usize) -> Option<Layout> {
    let (pieces, max_chars) = (widths.pieces, widths.max_chars);
    let n = pieces.len();
    if n < lines {
        return None;
    }
    // best[l][end][start]: cost of placing pieces 0..end in l+1 lines, the
    // last being start..end; plus the choice that led there.
    type Cell = Option<(u32, usize)>;
    let mut best: Vec<Vec<Vec<Cell>>> = vec![vec![vec![None; n]; n + 1]; lines];
    for end in 1..=n {
        if widths.line(0, end) <= max_chars {
            best[0][end][0] = Some((0, 0));
        }
    }
    for l in 1..lines {
        for end in 1..=n {
            for start in 1..end {
                let width = widths.line(start, end);
                if width > max_chars {
                    continue;
                }
                let mut cell: Cell = None;
                for prev_start in 0..start {
                    let Some((cost, _)) = best[l - 1][start][prev_start] else {
                        continue;
                    };
                    let upper = widths.line(prev_start, start);
                    let total = cost + pieces[start - 1].break_cost + shape(upper, width);
                    if cell.is_none_or(|(c, _)| total < c) {
                        cell = Some((total, prev_start));
                    }
                }
                best[l][end][start] = cell;
            }
        }
    }
    let (mut start, cost) = (0..n)
        .filter_map(|s| best[lines - 1][n][s].map(|(c, _)| (s, c)))
        .min_by_key(|&(_, c)| c)?;
    let mut breaks = Breaks::with_capacity(lines - 1);
    let mut end = n;
    for l in (1..lines).rev() {
        breaks.push(start);
        let (_, prev_start) = best[l][end][start]?;
        end = start;
        start = prev_start;
    }
    breaks.reverse();
    Some(Layout { breaks, cost })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(words: &[(&str, u32)]) -> Vec<Piece> {
        words
            .iter()
            .map(|&(w, c)| Piece {
                width: w.chars().count(),
                joined: false,
                break_cost: c,
            })
            .collect()
    }

    #[test]
    fn one_line_when_it_fits() {
        let p = pieces(&[("Bonjour", 60), ("à", 500), ("tous.", 0)]);
        assert!(layout(&p, 42, 2).unwrap().breaks.is_empty());
    }

    #[test]
    fn two_balanced_lines_at_the_best_break() {
        // 12 words of 5 letters: 71 characters; the comma after word 6 is
        // both balanced and a clause end.
        let mut words = vec![("aaaaa", 60); 12];
        words[5].1 = 10;
        let l = layout(&pieces(&words), 42, 2).unwrap();
        assert_eq!(l.breaks[..], [6]);
        // Without the comma, the break moves to the most even place.
        let l = layout(&pieces(&vec![("aaaaa", 60); 12]), 42, 2).unwrap();
        assert_eq!(l.breaks[..], [6]);
    }

    #[test]
    fn a_forbidden_break_is_avoided_even_at_some_imbalance() {
        let mut words = vec![("aaaaa", 60); 12];
        words[5].1 = FORBIDDEN;
        let l = layout(&pieces(&words), 42, 2).unwrap();
        assert!(l.breaks[..] == [5] || l.breaks[..] == [7], "{l:?}");
        assert!(l.cost < FORBIDDEN);
    }

    /// Two lines as `line` measures them, break after break: what
    /// `best_in_two` must choose.
    fn best_in_two_by_lines(widths: &Widths, max_chars: usize) -> Option<(usize, u32)> {
        let n = widths.pieces.len();
        let mut best: Option<(usize, u32)> = None;
        for k in 1..n {
            let (upper, lower) = (widths.line(0, k), widths.line(k, n));
            if upper > max_chars || lower > max_chars {
                continue;
            }
            let cost = widths.pieces[k - 1].break_cost + shape(upper, lower);
            if best.is_none_or(|(_, c)| cost < c) {
                best = Some((k, cost));
            }
        }
        best
    }

    #[test]
    fn the_first_break_whose_bottom_line_fits_is_found_for_each_end() {
        // Five words of 4, 9, 2, 6 and 5 letters: sums 0, 4, 14, 17, 24,
        // 30. On lines of 10 a break must leave at most 11 with its space
        // below it: `sums[j] - 11` is reached first at nodes 0, 0, 1, 2,
        // 2 and 4 (14 - 11 = 3 by 4 at node 1; 17 - 11 = 6 and 24 - 11 =
        // 13 by 14 at node 2; 30 - 11 = 19 by 24 at node 4).
        let p = pieces(&[
            ("aaaa", 0),
            ("aaaaaaaaa", 0),
            ("aa", 0),
            ("aaaaaa", 0),
            ("aaaaa", 0),
        ]);
        let prefix = Prefix::of(&p, 10);
        assert_eq!(prefix.sums, [0, 4, 14, 17, 24, 30]);
        assert_eq!(prefix.bottom_from, [0, 0, 1, 2, 2, 4]);
        // A run gives it from its own first piece, never before the
        // break after it: "aaaaaa aaaaa" is broken after its first word
        // at the earliest.
        assert_eq!(prefix.of_run(&p, 3..5).bottom_from, 1);
        assert_eq!(prefix.of_run(&p, 0..5).bottom_from, 4);
        assert_eq!(prefix.of_run(&p, 1..4).bottom_from, 1);
    }

    #[test]
    fn two_lines_are_chosen_as_line_measures_them() {
        let mut random = crate::test_strings::splitmix64(7);
        let costs = [0, 10, 12, 25, 60, 150, 300, 500, 800, 1000];
        let mut two_line_layouts = 0;
        for _ in 0..20_000 {
            let len = (random() % 24) as usize;
            let pieces: Vec<Piece> = (0..len)
                .map(|_| Piece {
                    width: (random() % 14) as usize,
                    joined: random().is_multiple_of(5),
                    break_cost: costs[(random() % costs.len() as u64) as usize],
                })
                .collect();
            let max_chars = 10 + (random() % 40) as usize;
            let prefix = Prefix::of(&pieces, max_chars);
            // Every run, at the sequence's start and inside it.
            let start = (random() % (len as u64 + 1)) as usize;
            let end = start + (random() % ((len - start) as u64 + 1)) as usize;
            let widths = prefix.of_run(&pieces, start..end);
            let expected = best_in_two_by_lines(&widths, max_chars);
            two_line_layouts += usize::from(expected.is_some());
            assert_eq!(
                best_in_two(&widths),
                expected,
                "{pieces:?}, run {start}..{end}, {max_chars} characters"
            );
            // The cost alone is the whole layout's, in any number of lines.
            for lines in 1..=3 {
                assert_eq!(
                    layout_cost_of(&widths, lines),
                    layout_of(&widths, lines).map(|l| l.cost),
                    "{pieces:?}, run {start}..{end}, {max_chars} characters, {lines} lines"
                );
            }
        }
        assert!(two_line_layouts > 5_000, "{two_line_layouts}");
    }

    #[test]
    fn too_wide_is_none_and_a_third_line_only_if_allowed() {
        let words = vec![("aaaaaaaaa", 60); 12]; // 119 characters
        assert_eq!(layout(&pieces(&words), 42, 2), None);
        let l = layout(&pieces(&words), 42, 3).unwrap();
        assert_eq!(l.breaks[..], [4, 8]);
    }
}
