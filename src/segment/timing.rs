//! Final cue times. Timed sources keep their anchors: a cue starts when its
//! first word is spoken; its end may move past its last word into the gap
//! after it, up to the next cue less the minimum gap, to give the reader
//! the time the reading-speed and minimum-duration limits ask for, and no
//! further. Estimated times are laid out cue after cue at the speaking
//! rate, so they meet every limit by construction.

use super::limits::Limits;
use crate::timestamp::round_to_u64;

/// A cue's times, and why it is short of reading time if it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: u64,
    pub end: u64,
    pub short: Option<Short>,
}

/// Why a cue has less time than its text needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Short {
    /// The next cue starts too soon: the source's timing leaves no room.
    NextCue,
    /// The maximum duration stops it.
    MaxDuration,
    /// The requested total duration is too short for the text.
    TotalDuration,
}

/// One cue as timing sees it: when its speech starts and ends, and how
/// many characters it shows.
#[derive(Debug, Clone, Copy)]
pub struct Speech {
    pub start: u64,
    pub end: u64,
    pub chars: usize,
}

/// Times for cues whose speech times come from the source.
#[cfg(test)]
fn anchored(speech: &[Speech], limits: &Limits) -> Vec<Span> {
    let mut anchor = Anchor::default();
    speech
        .iter()
        .enumerate()
        .map(|(k, s)| anchor.span(s, speech.get(k + 1).map(|n| n.start), limits))
        .collect()
}

/// Anchored times one cue at a time: each needs the next one's start.
#[derive(Debug, Default)]
pub struct Anchor {
    /// The earliest the next cue may start.
    floor: u64,
}

impl Anchor {
    /// The times of the cue `s`, the next starting at `next` (if one does).
    pub fn span(&mut self, s: &Speech, next: Option<u64>, limits: &Limits) -> Span {
        // Monotonic even when the source's segments overlap: a cue starts
        // no earlier than the previous one ended plus the gap.
        let start = s.start.max(self.floor);
        let ceiling = next.map_or(u64::MAX, |n| n.saturating_sub(limits.min_gap_ms));
        let needed = start + limits.needed_ms(s.chars);
        let longest = start + limits.max_duration_ms;
        let wanted = s.end.max(needed).min(longest);
        // A cue is shown for as long as it was said (up to the minimum
        // duration), less the gap, even when the next source cue starts
        // before it ends (a "Yeah." laid over another speaker's turn, as
        // Teams writes it): that cue then starts a little later. Before,
        // the ceiling left such a cue 1 ms.
        let said = s.end.saturating_sub(s.start).min(limits.min_duration_ms);
        let least = start + said.saturating_sub(limits.min_gap_ms).max(1);
        let end = wanted.min(ceiling).max(least);
        let short = (end < needed).then_some(if wanted < needed {
            Short::MaxDuration
        } else {
            Short::NextCue
        });
        self.floor = end + limits.min_gap_ms;
        Span { start, end, short }
    }
}

/// Times for cues of text that had none: each cue lasts its characters at
/// `rate` (never less than its reading time), one gap apart, from `start`.
/// With `total`, the rate is found that makes the last cue end then.
pub fn estimated(
    chars: &[usize],
    rate: f64,
    start: u64,
    total: Option<u64>,
    limits: &Limits,
) -> Vec<Span> {
    let Some(total) = total else {
        return lay_out(chars, rate, start, limits, 1.0);
    };
    let length = |rate: f64| {
        lay_out(chars, rate, start, limits, 1.0)
            .last()
            .map_or(0, |s| s.end - start)
    };
    // The length falls as the rate rises: bisect on it.
    let (mut slow, mut fast) = (0.5_f64, 1000.0_f64);
    if length(fast) > total {
        // Even at any speed, reading times do not fit: squeeze evenly and
        // say so.
        let scale = total as f64 / length(fast).max(1) as f64;
        return lay_out(chars, fast, start, limits, scale);
    }
    for _ in 0..60 {
        let mid = (slow + fast) / 2.0;
        if length(mid) > total {
            slow = mid;
        } else {
            fast = mid;
        }
    }
    lay_out(chars, fast, start, limits, 1.0)
}

fn lay_out(chars: &[usize], rate: f64, start: u64, limits: &Limits, scale: f64) -> Vec<Span> {
    let mut clock = Clock::new(start);
    chars
        .iter()
        .map(|&c| clock.span(c, rate, limits, scale))
        .collect()
}

/// Estimated times one cue at a time.
#[derive(Debug)]
pub struct Clock(f64);

impl Clock {
    /// A clock at `start` ms.
    pub fn new(start: u64) -> Clock {
        Clock(start as f64)
    }

    /// The times of the next cue, of `chars` characters said at `rate`,
    /// each time stretched by `scale`.
    pub fn span(&mut self, chars: usize, rate: f64, limits: &Limits, scale: f64) -> Span {
        let spoken = chars as f64 * 1000.0 / rate;
        let shown = spoken
            .max(limits.needed_ms(chars) as f64)
            .min(limits.max_duration_ms as f64)
            * scale;
        let span = Span {
            start: round_to_u64(self.0),
            end: round_to_u64(self.0 + shown),
            short: (scale < 1.0).then_some(Short::TotalDuration),
        };
        self.0 += shown + limits.min_gap_ms as f64 * scale;
        span
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const L: Limits = Limits::NETFLIX_FR;

    #[test]
    fn ends_move_into_the_gap_for_reading_time_and_no_further() {
        // 34 characters need 2000 ms; spoken in 1000 ms, then 3 s of silence.
        let spans = anchored(
            &[
                Speech {
                    start: 0,
                    end: 1000,
                    chars: 34,
                },
                Speech {
                    start: 4000,
                    end: 6500,
                    chars: 20,
                },
            ],
            &L,
        );
        assert_eq!(
            (spans[0].start, spans[0].end, spans[0].short),
            (0, 2000, None)
        );
        assert_eq!((spans[1].start, spans[1].end), (4000, 6500));
    }

    #[test]
    fn fast_speech_without_a_gap_stays_short_and_says_why() {
        let spans = anchored(
            &[
                Speech {
                    start: 0,
                    end: 2000,
                    chars: 84,
                },
                Speech {
                    start: 2000,
                    end: 3000,
                    chars: 10,
                },
            ],
            &L,
        );
        assert_eq!(spans[0].end, 2000 - 83);
        assert_eq!(spans[0].short, Some(Short::NextCue));
        // The anchor of the next cue is kept.
        assert_eq!(spans[1].start, 2000);
    }

    #[test]
    fn overlapping_sources_become_monotonic() {
        let spans = anchored(
            &[
                Speech {
                    start: 1000,
                    end: 3000,
                    chars: 10,
                },
                Speech {
                    start: 1000,
                    end: 4000,
                    chars: 10,
                },
            ],
            &L,
        );
        assert!(spans[1].start >= spans[0].end + 83, "{spans:?}");
    }

    #[test]
    fn a_cue_laid_over_the_next_lasts_as_long_as_it_was_said() {
        // Teams: "うん。" from 12.787 s to 13.147 s, the next speaker from
        // 12.827 s. It lasts 360 ms less the gap; the next starts after.
        let spans = anchored(
            &[
                Speech {
                    start: 12_787,
                    end: 13_147,
                    chars: 3,
                },
                Speech {
                    start: 12_827,
                    end: 16_987,
                    chars: 40,
                },
            ],
            &L,
        );
        assert_eq!((spans[0].start, spans[0].end), (12_787, 13_064));
        assert_eq!(spans[0].short, Some(Short::NextCue));
        assert_eq!(spans[1].start, 13_147);
        // Sources that only touch keep their anchors.
        let touching = anchored(
            &[
                Speech {
                    start: 0,
                    end: 500,
                    chars: 4,
                },
                Speech {
                    start: 500,
                    end: 3000,
                    chars: 30,
                },
            ],
            &L,
        );
        assert_eq!((touching[0].end, touching[1].start), (417, 500));
    }

    #[test]
    fn estimated_times_meet_every_limit_and_fit_a_duration() {
        let chars = [84, 4, 60, 42];
        let spans = estimated(&chars, 15.5, 16_000, None, &L);
        assert_eq!(spans[0].start, 16_000);
        for (s, c) in spans.iter().zip(chars) {
            assert!(s.end - s.start >= L.needed_ms(c));
            assert!(s.end - s.start <= L.max_duration_ms);
        }
        for w in spans.windows(2) {
            assert!(w[1].start >= w[0].end + 83);
        }
        let fitted = estimated(&chars, 15.5, 0, Some(20_000), &L);
        assert!(fitted.last().unwrap().end.abs_diff(20_000) <= 2);
        let squeezed = estimated(&chars, 15.5, 0, Some(3_000), &L);
        assert!(squeezed.last().unwrap().end <= 3_001);
        assert_eq!(squeezed[0].short, Some(Short::TotalDuration));
    }
}
