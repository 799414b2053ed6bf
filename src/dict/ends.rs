//! Runs laid one after another in one array (the matcher's patterns and
//! candidates, the packed places of each term's variants), each found by
//! where it ends: one `u32` per run instead of a vector per run, which
//! the compiled-dictionary cache reads back as one array.

use std::ops::Range;

/// The ends of runs of these lengths, in order; `None` if the total
/// passes `u32::MAX`.
pub(super) fn of_lengths(lengths: impl Iterator<Item = usize>) -> Option<Vec<u32>> {
    let mut ends = Vec::with_capacity(lengths.size_hint().0);
    let mut end = 0usize;
    for length in lengths {
        end = end.checked_add(length)?;
        ends.push(u32::try_from(end).ok()?);
    }
    Some(ends)
}

/// The place of run `i`: from the end of the run before it to its own.
pub(super) fn run(ends: &[u32], i: usize) -> Range<usize> {
    let start = i.checked_sub(1).map_or(0, |before| ends[before] as usize);
    start..ends[i] as usize
}

/// Whether `ends` never go back and the last is `total`, as ends read
/// back from a file must before any run is sliced.
pub(super) fn fit(ends: &[u32], total: usize) -> bool {
    ends.windows(2).all(|w| w[0] <= w[1]) && ends.last().map_or(0, |&e| e as usize) == total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_found_by_their_ends() {
        let ends = of_lengths([2, 0, 3].into_iter()).unwrap();
        assert_eq!(ends, [2, 2, 5]);
        assert_eq!(
            [run(&ends, 0), run(&ends, 1), run(&ends, 2)],
            [0..2, 2..2, 2..5]
        );
        assert!(fit(&ends, 5));
        assert!(!fit(&ends, 4));
        assert!(!fit(&[3, 2], 2), "an end before the one before it");
        assert!(fit(&[], 0));
        assert_eq!(of_lengths([u32::MAX as usize, 1].into_iter()), None);
    }
}
