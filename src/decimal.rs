//! Numbers written in decimal into a `String`, without the formatting
//! machinery: the SRT and WebVTT writers write a number and two times for
//! every cue, and `write!` cost more than the cue's text. Two digits at a
//! time from a table that is a `str` already, so that nothing written is
//! checked as UTF-8 again.

use std::fmt;

/// "00", "01" … "99": the two digits of n at 2n.
const PAIRS: &str = {
    const BYTES: [u8; 200] = {
        let mut bytes = [0u8; 200];
        let mut n = 0;
        while n < 100 {
            bytes[2 * n] = b'0' + (n / 10) as u8;
            bytes[2 * n + 1] = b'0' + (n % 10) as u8;
            n += 1;
        }
        bytes
    };
    match std::str::from_utf8(&BYTES) {
        Ok(pairs) => pairs,
        Err(_) => panic!("digits are UTF-8"),
    }
};

/// `n`, under 100, in two digits.
pub(crate) fn pair(n: u32) -> &'static str {
    let at = n as usize * 2;
    &PAIRS[at..at + 2]
}

/// `n`, under 10, in one digit.
pub(crate) fn digit(n: u32) -> &'static str {
    &pair(n)[1..]
}

/// Writes `n` in decimal, with no leading zero.
pub(crate) fn write(out: &mut impl fmt::Write, n: u64) -> fmt::Result {
    if n >= 100 {
        write(out, n / 100)?;
        out.write_str(pair((n % 100) as u32))
    } else if n >= 10 {
        out.write_str(pair(n as u32))
    } else {
        out.write_str(digit(n as u32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_appended_in_decimal() {
        let mut out = String::from("#");
        for n in [0, 9, 10, 99, 100, 101, 1_234_567_890, u64::MAX] {
            write(&mut out, n).unwrap();
            out.push(' ');
        }
        assert_eq!(out, "#0 9 10 99 100 101 1234567890 18446744073709551615 ");
        assert_eq!((pair(7), pair(42), digit(3)), ("07", "42", "3"));
    }
}
