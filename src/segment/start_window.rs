//! The starts a cue ending at a node may have, and the cheapest of them,
//! kept as the cue program moves its end on a node at a time. A start
//! enters once, when it becomes the one before the last token, and leaves
//! once, when a cue from it grows too wide, too long or too wordy; in
//! between, its cost before layout keeps its place among the others' (the
//! long pauses and the dangling sentence it pays move with the end, the
//! same for a whole run of starts). So the least of them and the least of
//! the rest are known in a few steps a node, where weighing each start
//! again at every end was the program's inner loop (`cues::Sums::bound`,
//! which stays for tokens out of time order, where a start too early for
//! one end may fit the next). Where more than the cheapest start must be
//! laid out, the window gives its starts to be weighed one by one.

/// The least value of a group of starts, the latest start that has it,
/// and the least value of the others: what `cues::Cheapest` keeps of the
/// starts it weighs, for a group that can be joined to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Least {
    /// `i64::MAX` when the group holds no start that can be reached.
    pub value: i64,
    pub at: usize,
    pub runner_up: i64,
}

impl Default for Least {
    fn default() -> Least {
        Least::NONE
    }
}

impl Least {
    pub const NONE: Least = Least {
        value: i64::MAX,
        at: 0,
        runner_up: i64::MAX,
    };

    /// One start's: none for a start no partition reaches (`i64::MAX`).
    pub fn of(at: usize, value: i64) -> Least {
        if value == i64::MAX {
            return Least::NONE;
        }
        Least {
            value,
            at,
            runner_up: i64::MAX,
        }
    }

    /// The two groups as one: of equal values, the later start's is kept,
    /// as the program keeps the latest of equal costs.
    pub fn and(self, other: Least) -> Least {
        if self.value < other.value {
            Least {
                runner_up: self.runner_up.min(other.value),
                ..self
            }
        } else if other.value < self.value {
            Least {
                runner_up: other.runner_up.min(self.value),
                ..other
            }
        } else {
            Least {
                value: self.value,
                at: self.at.max(other.at),
                runner_up: self.value,
            }
        }
    }

    /// Every value of the group raised by `by`.
    pub fn plus(self, by: i64) -> Least {
        let raised = |v: i64| if v == i64::MAX { v } else { v + by };
        Least {
            value: raised(self.value),
            at: self.at,
            runner_up: raised(self.runner_up),
        }
    }
}

/// The starts of the cues that end at the node being weighed: those from
/// `floor` on, up to the one before the last token. Those before the last
/// sentence end inside the cue pay for a sentence left dangling.
///
/// They are kept in two runs: the earlier run, from `floor` to `split`,
/// only loses starts at its front, so the least of each of its suffixes
/// is counted once, when it is made; the later run only gains starts at
/// its end, so its least is kept as they come. The earlier run is made
/// again from the later when a sentence ends (the starts before it pay,
/// those after do not) or when the floor passes it: each start is counted
/// into a run once for each sentence end while it is kept and once more,
/// a few times for sentences of several words, where `Sums::bound` read
/// it once an end.
#[derive(Debug, Default)]
pub(super) struct StartWindow {
    /// The values of the starts from `first` to `next`.
    values: Vec<i64>,
    first: usize,
    next: usize,
    floor: usize,
    /// Where the later run begins.
    split: usize,
    /// The least of the earlier run's starts from `split - 1 - k` on, at
    /// `k`.
    earlier: Vec<Least>,
    /// The earlier run's starts are before the sentence end.
    earlier_dangles: bool,
    later: Least,
    /// Starts before this one pay for a dangling sentence (the last
    /// sentence end `raise` was given).
    dangling_below: usize,
}

impl StartWindow {
    /// Empties the window, which will hold the starts from `floor` on.
    pub fn reset(&mut self, floor: usize) {
        self.values.clear();
        self.earlier.clear();
        (self.first, self.next, self.floor, self.split) = (floor, floor, floor, floor);
        self.earlier_dangles = false;
        self.later = Least::NONE;
        self.dangling_below = 0;
    }

    /// The first start kept.
    pub fn floor(&self) -> usize {
        self.floor
    }

    /// The next start to enter.
    pub fn next(&self) -> usize {
        self.next
    }

    /// Start `next()` enters, worth `value` before the pauses and the
    /// dangling sentence (`i64::MAX`: no partition reaches it).
    pub fn push(&mut self, value: i64) {
        self.values.push(value);
        self.later = self.later.and(Least::of(self.next, value));
        self.next += 1;
    }

    /// Drops the starts below `floor`; those below `dangling_below` pay
    /// for a dangling sentence. Both only ever rise.
    pub fn raise(&mut self, floor: usize, dangling_below: usize) {
        self.floor = self.floor.max(floor).min(self.next);
        if dangling_below > self.dangling_below {
            self.dangling_below = dangling_below;
            if dangling_below > self.floor {
                self.split_at(dangling_below.min(self.next), true);
                return;
            }
        }
        if self.floor >= self.split {
            // The earlier run is gone: the later one, after the sentence
            // end, takes its place.
            self.split_at(self.next, false);
        }
    }

    /// Makes the earlier run of the starts from the floor to `split`, and
    /// the later run of the rest.
    fn split_at(&mut self, split: usize, dangles: bool) {
        self.values.drain(..self.floor - self.first);
        self.first = self.floor;
        self.split = split;
        self.earlier_dangles = dangles;
        self.earlier.clear();
        let mut least = Least::NONE;
        for (i, &value) in (self.floor..split).zip(&self.values).rev() {
            least = Least::of(i, value).and(least);
            self.earlier.push(least);
        }
        self.later = (split..self.next)
            .zip(&self.values[split - self.first..])
            .fold(Least::NONE, |least, (i, &value)| {
                least.and(Least::of(i, value))
            });
    }

    /// The starts kept and their values, earliest first.
    pub fn starts(&self) -> impl DoubleEndedIterator<Item = (usize, i64)> + '_ {
        (self.floor..self.next).zip(self.values[self.floor - self.first..].iter().copied())
    }

    /// The least of the starts kept, those before the sentence end
    /// raised by `dangles`.
    pub fn least(&self, dangles: i64) -> Least {
        let earlier = if self.floor < self.split {
            let least = self.earlier[self.split - 1 - self.floor];
            if self.earlier_dangles {
                least.plus(dangles)
            } else {
                least
            }
        } else {
            Least::NONE
        };
        earlier.and(self.later)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `cues::Cheapest` finds weighing starts latest first: the first
    /// of the least values (the latest start) and the least of the others.
    fn weighed(starts: &[(usize, i64)]) -> Least {
        let mut order: Vec<&(usize, i64)> = starts.iter().filter(|s| s.1 != i64::MAX).collect();
        order.sort_by_key(|&&(at, _)| std::cmp::Reverse(at));
        let Some(least) = order.iter().map(|s| s.1).min() else {
            return Least::NONE;
        };
        let k = order.iter().position(|s| s.1 == least).unwrap_or(0);
        let runner_up = (order.iter().enumerate())
            .filter(|&(i, _)| i != k)
            .map(|(_, s)| s.1)
            .min();
        Least {
            value: least,
            at: order[k].0,
            runner_up: runner_up.unwrap_or(i64::MAX),
        }
    }

    #[test]
    fn the_window_knows_what_weighing_each_start_finds() {
        let mut random = crate::test_strings::splitmix64(15);
        let mut window = StartWindow::default();
        let (mut ends, mut with_runner_up, mut ties, mut dangled) = (0, 0, 0, 0);
        for _ in 0..300 {
            // Values from a few, so that ties are common; some unreached.
            let values: Vec<i64> = (0..200)
                .map(|_| match random() % 12 {
                    0 => i64::MAX,
                    r => (r % 6) as i64 * 10 - 20,
                })
                .collect();
            let (mut floor, mut dangling_below) = (random() as usize % 3, 0);
            window.reset(floor);
            for end in floor + 1..values.len() {
                // Start `end - 1` enters; the floor and the sentence end
                // rise by a few at times.
                while window.next() < end {
                    window.push(values[window.next()]);
                }
                floor = (floor + usize::from(random().is_multiple_of(2))).min(end);
                if random().is_multiple_of(3) {
                    dangling_below = (dangling_below + (random() % 6) as usize).min(end);
                }
                window.raise(floor, dangling_below);
                let dangles = [0, 60][(random() % 2) as usize];
                let expected: Vec<(usize, i64)> = (floor..end)
                    .map(|i| {
                        let v = values[i];
                        let paid = if i < dangling_below && v != i64::MAX {
                            dangles
                        } else {
                            0
                        };
                        (i, v.saturating_add(paid))
                    })
                    .collect();
                let kept: Vec<(usize, i64)> = (floor..end).map(|i| (i, values[i])).collect();
                assert_eq!(window.starts().collect::<Vec<_>>(), kept, "end {end}");
                let found = window.least(dangles);
                assert_eq!(found, weighed(&expected), "end {end}: {expected:?}");
                ends += 1;
                with_runner_up += usize::from(found.runner_up != i64::MAX);
                ties += usize::from(found.runner_up == found.value && found.value != i64::MAX);
                dangled += usize::from(dangles > 0 && dangling_below > floor);
            }
        }
        assert!(
            ends > 50_000 && with_runner_up > 20_000 && ties > 5_000 && dangled > 5_000,
            "{ends} {with_runner_up} {ties} {dangled}"
        );
    }

    #[test]
    fn two_groups_join_as_one() {
        let a = Least::of(3, 10).and(Least::of(5, 20));
        assert_eq!(
            a,
            Least {
                value: 10,
                at: 3,
                runner_up: 20
            }
        );
        // Equal values: the later start, the other's value the runner-up.
        let b = Least::of(7, 10);
        assert_eq!(
            a.and(b),
            Least {
                value: 10,
                at: 7,
                runner_up: 10
            }
        );
        assert_eq!(
            b.and(a),
            Least {
                value: 10,
                at: 7,
                runner_up: 10
            }
        );
        assert_eq!(Least::NONE.and(b), b);
        assert_eq!(
            a.plus(5),
            Least {
                value: 15,
                at: 3,
                runner_up: 25
            }
        );
        assert_eq!(Least::NONE.plus(5), Least::NONE);
    }
}
