//! Questions asked of every byte of a text, how many answer yes (of a
//! byte, or of a byte and the one after it) and whether all do, written
//! so that the compiler asks them of many bytes at once. Its own
//! `filter().count()` keeps a `usize` for each byte and `all` stops at
//! the first no, so each reads a byte at a time: four to six times the
//! instructions on a cue's line, which `subtitles` counts twice for each
//! cue it writes and once for each word.
//!
//! Below `SHORT` bytes (a word) the runs cost more than they save, and a
//! byte at a time is kept.

/// Texts shorter than this are read a byte at a time (measured: the two
/// readings cost alike at 8 to 10 bytes).
const SHORT: usize = 8;

/// How many bytes of `bytes` `is` says yes to. Counted in runs of 255 into
/// one byte each, which the compiler adds sixteen or more at a time. `is`
/// should be plain logic on the byte: a call or a branch in it reads a
/// byte at a time again.
#[inline(always)]
pub(crate) fn count(bytes: &[u8], is: impl Fn(u8) -> bool) -> usize {
    if bytes.len() < SHORT {
        return bytes.iter().filter(|&&b| is(b)).count();
    }
    bytes
        .chunks(255)
        .map(|run| usize::from(run.iter().fold(0u8, |n, &b| n + u8::from(is(b)))))
        .sum()
}

/// How many pairs of neighbouring bytes of `bytes` (`bytes[k]`,
/// `bytes[k + 1]`) `is` says yes to, counted as `count` counts.
#[inline(always)]
pub(crate) fn count_pairs(bytes: &[u8], is: impl Fn(u8, u8) -> bool) -> usize {
    let after = bytes.get(1..).unwrap_or_default();
    if after.len() < SHORT {
        return bytes.iter().zip(after).filter(|&(&a, &b)| is(a, b)).count();
    }
    bytes
        .chunks(255)
        .zip(after.chunks(255))
        .map(|(run, next)| {
            let pairs = run.iter().zip(next);
            usize::from(pairs.fold(0u8, |n, (&a, &b)| n + u8::from(is(a, b))))
        })
        .sum()
}

/// Whether `is` says yes to every byte of `bytes`: each run of 64 bytes
/// is asked whole, and the first run with a no ends the reading.
#[inline(always)]
pub(crate) fn all(bytes: &[u8], is: impl Fn(u8) -> bool) -> bool {
    if bytes.len() < SHORT {
        return bytes.iter().all(|&b| is(b));
    }
    bytes
        .chunks(64)
        .all(|run| run.iter().fold(true, |yes, &b| yes & is(b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both answer as a byte at a time does, at every length across the
    /// runs' ends (64, 255, their multiples), for bytes of every value,
    /// with the one byte that answers otherwise at every place.
    #[test]
    fn many_at_a_time_answers_as_one_at_a_time() {
        let is = |b: u8| b >= 0x20 && b != 0x7f && !(0x80..=0xbf).contains(&b);
        let mut next = crate::test_strings::splitmix64(11);
        let mut checked = 0;
        for len in (0..=600).chain([1020, 1021, 4096]) {
            let random: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            assert_eq!(
                count(&random, is),
                random.iter().filter(|&&b| is(b)).count(),
                "{len}"
            );
            assert_eq!(all(&random, is), random.iter().all(|&b| is(b)), "{len}");
            let pair = |a: u8, b: u8| is(a) && !is(b);
            assert_eq!(
                count_pairs(&random, pair),
                random.windows(2).filter(|w| pair(w[0], w[1])).count(),
                "{len}"
            );
            // All yes but one no, wherever it falls; and all yes.
            let yes = vec![b'a'; len];
            assert_eq!(count(&yes, is), len);
            assert!(all(&yes, is));
            for at in 0..len {
                let mut one_no = yes.clone();
                one_no[at] = 0x85;
                assert!(!all(&one_no, is), "{len} {at}");
                assert_eq!(count(&one_no, is), len - 1, "{len} {at}");
                // The pairs that end on the no, and that begin on it.
                assert_eq!(
                    count_pairs(&one_no, pair),
                    usize::from(at > 0),
                    "{len} {at}"
                );
                let begin = |a: u8, b: u8| !is(a) && is(b);
                assert_eq!(
                    count_pairs(&one_no, begin),
                    usize::from(at + 1 < len),
                    "{len} {at}"
                );
                checked += 1;
            }
        }
        assert!(checked > 180_000, "{checked}");
    }
}
