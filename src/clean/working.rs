//! The cues being cleaned and, beside them, where each came from. Kept as
//! two parallel vectors edited in place: a plain-text transcript has a cue
//! per line, and copying millions of cues between passes cost more than
//! the passes themselves.

use crate::transcript::Cue;

use super::origin::Origin;
use super::unchanged::Unchanged;

pub(crate) struct Working {
    pub cues: Vec<Cue>,
    pub origins: Vec<Origin>,
    /// The cues the artifact pass inside cues left as they were in the
    /// last removal round, moved with the cues (see `unchanged`).
    pub unchanged: Unchanged,
}

impl Working {
    pub fn new(cues: Vec<Cue>, indent: impl Fn(&Cue) -> usize) -> Working {
        let origins = cues
            .iter()
            .map(|c| {
                let mut origin = Origin::new(c.line, indent(c));
                origin.places = c.places.clone();
                origin
            })
            .collect();
        Working {
            cues,
            origins,
            unchanged: Unchanged::default(),
        }
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&mut Cue, &mut Origin)> {
        self.cues.iter_mut().zip(self.origins.iter_mut())
    }

    /// Keeps the cues for which `keep` says so, in order. `keep` also gets
    /// the last cue kept so far, so a removed cue can hand it its time.
    pub fn retain(
        &mut self,
        mut keep: impl FnMut(&mut Cue, &mut Origin, Option<&mut Cue>) -> bool,
    ) {
        let mut kept: usize = 0;
        for i in 0..self.cues.len() {
            let (before, rest) = self.cues.split_at_mut(i);
            let previous = kept.checked_sub(1).map(|k| &mut before[k]);
            if keep(&mut rest[0], &mut self.origins[i], previous) {
                // Most cues stay where they are: a swap with itself still
                // copies a cue three times.
                if kept != i {
                    self.cues.swap(kept, i);
                    self.origins.swap(kept, i);
                    self.unchanged.swap(kept, i);
                }
                kept += 1;
            }
        }
        self.cues.truncate(kept);
        self.origins.truncate(kept);
        self.unchanged.truncate(kept);
    }

    pub fn pop(&mut self) -> Option<Cue> {
        self.origins.pop();
        self.unchanged.pop();
        self.cues.pop()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retain_keeps_order_and_pairs() {
        let cues = (1..=5).map(|i| Cue::untimed(i.to_string(), i)).collect();
        let mut w = Working::new(cues, |_| 0);
        w.retain(|c, _, _| c.line % 2 == 1);
        let lines: Vec<usize> = w.cues.iter().map(|c| c.line).collect();
        assert_eq!(lines, [1, 3, 5]);
        assert_eq!(
            w.origins.iter().map(|o| o.line(0)).collect::<Vec<_>>(),
            [1, 3, 5]
        );
    }
}
