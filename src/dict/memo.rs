//! Answers worked out once and kept, by the text they are of, for a
//! question that depends on nothing else: fuzzy matching asks a window
//! of a transcript at a time, on several threads, and a transcript says
//! its words and names over and over. Bounded, so that memory does not
//! grow with the input: past the bound, answers are worked out again.

use std::sync::Mutex;

use crate::word_hash::FastMap;

/// At most `max` answers, shared by the threads that ask.
#[derive(Debug)]
pub(crate) struct Memo<V> {
    answers: Mutex<FastMap<Box<str>, V>>,
    max: usize,
}

impl<V: Clone> Memo<V> {
    /// Keeps at most `max` answers.
    pub fn new(max: usize) -> Memo<V> {
        Memo {
            answers: Mutex::new(FastMap::default()),
            max,
        }
    }

    /// The answer for `key`: the one kept, or `work`'s, kept if there is
    /// room.
    pub fn get_or(&self, key: &str, work: impl FnOnce() -> V) -> V {
        let answers = || self.answers.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(answer) = answers().get(key) {
            return answer.clone();
        }
        let answer = work();
        let mut answers = answers();
        if answers.len() < self.max {
            answers.insert(key.into(), answer.clone());
        }
        answer
    }
}

impl<V: Clone> Clone for Memo<V> {
    /// A copy keeps nothing: its answers depend only on what it is part
    /// of, which is copied with it.
    fn clone(&self) -> Memo<V> {
        Memo::new(self.max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_worked_out_once_and_kept_up_to_the_bound() {
        let memo = Memo::new(2);
        let worked = std::cell::Cell::new(0);
        let ask = |key: &str| {
            memo.get_or(key, || {
                worked.set(worked.get() + 1);
                key.len()
            })
        };
        assert_eq!((ask("a"), ask("bb"), ask("a"), ask("bb")), (1, 2, 1, 2));
        assert_eq!(worked.get(), 2);
        // Full: a third key is worked out each time it is asked.
        assert_eq!((ask("ccc"), ask("ccc")), (3, 3));
        assert_eq!(worked.get(), 4);
    }
}
