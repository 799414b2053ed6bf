//! Eight bytes of text as one `u64`, each byte a lane, so that a question
//! about a byte is asked of eight at once: the folds' fast readings of
//! plain ASCII (src/dict/fold.rs, src/artifacts/fold.rs), the words the
//! dictionary's matcher reads (src/dict/matcher.rs), the tokens the
//! loop search reads (src/artifacts/tokens.rs) and a word's mix in lower
//! case (src/word_sketch.rs), where most bytes answer alike and a byte at
//! a time was most of their cost.

/// 0x01 in every lane.
pub(crate) const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
/// 0x80, the high bit, in every lane.
pub(crate) const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);

/// The eight bytes of `bytes` from `i`, the first in the lowest lane;
/// `None` when fewer are left.
#[inline(always)]
pub(crate) fn eight_at(bytes: &[u8], i: usize) -> Option<u64> {
    let (eight, _) = bytes.get(i..)?.split_first_chunk::<8>()?;
    Some(u64::from_le_bytes(*eight))
}

/// The high bit of each lane of `w` that holds `byte`, and of no other:
/// no carry runs from one lane into the next.
#[inline(always)]
pub(crate) fn equal(w: u64, byte: u8) -> u64 {
    let x = w ^ (ONES * u64::from(byte));
    !(((x & !HIGHS) + !HIGHS) | x) & HIGHS
}

/// The high bit of each lane of `x` (lanes below 0x80) whose value is
/// from `lo` to `hi`: v + 0x80 - lo reaches the high bit when v >= lo,
/// v + 0x7F - hi when v > hi, and neither sum carries into the next lane.
#[inline(always)]
fn within(x: u64, lo: u8, hi: u8) -> u64 {
    (x + ONES * u64::from(0x80 - lo)) & !(x + ONES * u64::from(0x7f - hi)) & HIGHS
}

/// The high bit of each lane of `w` that holds an ASCII letter, digit or
/// `_`, and of no other. The high bits are set aside first, so that no
/// sum below carries from one lane into the next.
#[inline(always)]
pub(crate) fn ascii_word(w: u64) -> u64 {
    (ascii_letters(w) | ascii_digits(w) | equal(w & !HIGHS, b'_')) & !w & HIGHS
}

/// The high bit of each lane of `w` that holds an ASCII letter.
#[inline(always)]
pub(crate) fn ascii_letters(w: u64) -> u64 {
    // A letter in either case is a lower-case one with 0x20 set.
    within((w & !HIGHS) | (ONES * 0x20), b'a', b'z') & !w
}

/// The high bit of each lane of `w` that holds an ASCII digit.
#[inline(always)]
pub(crate) fn ascii_digits(w: u64) -> u64 {
    within(w & !HIGHS, b'0', b'9') & !w
}

/// The high bit of each lane of `w` that holds printable ASCII, `!` to
/// DEL: no space, no control character, no byte above 0x7F.
#[inline(always)]
pub(crate) fn ascii_printable(w: u64) -> u64 {
    within(w & !HIGHS, b'!', 0x7f) & !w
}

/// `w` with each ASCII capital letter in lower case, the other lanes as
/// they are.
#[inline(always)]
pub(crate) fn ascii_lower(w: u64) -> u64 {
    w | (ascii_letters(w) >> 2)
}

/// The lowest `n` lanes all ones, `n` from 0 to 8.
#[inline(always)]
pub(crate) fn low_lanes(n: usize) -> u64 {
    u64::MAX.checked_shr(64 - 8 * n as u32).unwrap_or(0)
}

/// The lane of the lowest high bit set in `mask` (not 0).
#[inline(always)]
pub(crate) fn first(mask: u64) -> usize {
    mask.trailing_zeros() as usize / 8
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte value in every lane, beside lanes that hold the byte
    /// looked for, its neighbours and high bytes: only the lanes that hold
    /// it are marked.
    #[test]
    fn equal_marks_exactly_the_lanes_that_hold_the_byte() {
        for wanted in [0u8, 0x20, b'-', b'<', 0x7f, 0x80, 0xff] {
            for fill in [
                wanted,
                wanted.wrapping_add(1),
                wanted.wrapping_sub(1),
                0x80,
                0xff,
                0,
            ] {
                for lane in 0..8 {
                    for value in 0..=255u8 {
                        let mut bytes = [fill; 8];
                        bytes[lane] = value;
                        let w = eight_at(&bytes, 0).unwrap();
                        let expected = bytes
                            .iter()
                            .enumerate()
                            .filter(|&(_, &b)| b == wanted)
                            .fold(0u64, |m, (k, _)| m | (0x80 << (8 * k)));
                        assert_eq!(equal(w, wanted), expected, "{bytes:?} {wanted}");
                    }
                }
            }
        }
        assert_eq!(first(equal(eight_at(b"abc-e-gh", 0).unwrap(), b'-')), 3);
        assert_eq!(eight_at(b"abcdefg", 0), None);
        assert_eq!(
            eight_at(b"abcdefghi", 1),
            Some(u64::from_le_bytes(*b"bcdefghi"))
        );
    }

    /// Every byte value in every lane, beside lanes of letters, of other
    /// bytes and of high bytes (whose sums would carry): each lane test
    /// marks exactly the lanes whose byte its one-byte question accepts,
    /// and `ascii_lower` lower-cases exactly the capital letters.
    #[test]
    fn lane_tests_mark_exactly_the_bytes_they_name() {
        // A lane test, and the question it asks of each byte.
        type Test = (&'static str, fn(u64) -> u64, fn(u8) -> bool);
        let tests: [Test; 4] = [
            ("ascii_word", ascii_word, |b| {
                b.is_ascii_alphanumeric() || b == b'_'
            }),
            ("ascii_letters", ascii_letters, |b| b.is_ascii_alphabetic()),
            ("ascii_digits", ascii_digits, |b| b.is_ascii_digit()),
            ("ascii_printable", ascii_printable, |b| {
                (b'!'..=0x7f).contains(&b)
            }),
        ];
        for fill in [
            b'a', b'Z', b'_', b' ', b'@', b'!', 0x7f, 0x80, 0xdf, 0xff, 0,
        ] {
            for lane in 0..8 {
                for value in 0..=255u8 {
                    let mut bytes = [fill; 8];
                    bytes[lane] = value;
                    let w = eight_at(&bytes, 0).unwrap();
                    for (name, lanes, byte) in tests {
                        let expected = bytes
                            .iter()
                            .enumerate()
                            .filter(|&(_, &b)| byte(b))
                            .fold(0u64, |m, (k, _)| m | (0x80 << (8 * k)));
                        assert_eq!(lanes(w), expected, "{name} {bytes:?}");
                    }
                    let lower = bytes.map(|b| b.to_ascii_lowercase());
                    assert_eq!(ascii_lower(w), u64::from_le_bytes(lower), "{bytes:?}");
                }
            }
        }
        for n in 0..=8 {
            let mut low = [0u8; 8];
            low[..n].fill(0xff);
            assert_eq!(low_lanes(n), u64::from_le_bytes(low), "{n}");
        }
    }
}
