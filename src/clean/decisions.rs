//! A reviewer's verdicts on single changes (`transcrub review`, `clean
//! --decisions`): which changes the passes would make are left undone,
//! and which suggestions are made. A verdict names a change by where it
//! begins in the input and the text it covers: every pass reports its
//! changes in input positions, so the same change has the same name in
//! every run on the same input, whatever was decided about the others.
//!
//! Verdicts only choose among what the passes propose; they never add an
//! edit of their own. A verdict on a change the passes no longer propose
//! (the line around it was removed) has no effect.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::change::Change;

/// What a reviewer said of one change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Make it: a suggestion is applied; a change is kept.
    Accept,
    /// Leave the text as it was.
    Reject,
}

/// Verdicts by the change's input position and `before` text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decisions {
    /// (line, column) -> (before, verdict): a position rarely holds two
    /// changes, so the texts at one place are a short list.
    by_place: BTreeMap<(usize, usize), Vec<(String, Verdict)>>,
}

impl Decisions {
    /// No verdict: every pass does what it would do alone.
    pub const NONE: &'static Decisions = &Decisions {
        by_place: BTreeMap::new(),
    };

    /// No verdict yet.
    pub fn new() -> Decisions {
        Decisions::default()
    }

    /// Records the verdict on the change at `line`, `column` (1-based, in
    /// the input) whose text was `before`; a later verdict on the same
    /// change replaces an earlier one.
    pub fn set(&mut self, line: usize, column: usize, before: &str, verdict: Verdict) {
        let texts = self.by_place.entry((line, column)).or_default();
        match texts.iter_mut().find(|(b, _)| b == before) {
            Some(entry) => entry.1 = verdict,
            None => texts.push((before.to_string(), verdict)),
        }
    }

    /// Forgets the verdict on this change (an undone decision).
    pub fn unset(&mut self, line: usize, column: usize, before: &str) {
        if let Some(texts) = self.by_place.get_mut(&(line, column)) {
            texts.retain(|(b, _)| b != before);
            if texts.is_empty() {
                self.by_place.remove(&(line, column));
            }
        }
    }

    /// The verdict on this change, if any.
    pub fn verdict(&self, line: usize, column: usize, before: &str) -> Option<Verdict> {
        self.by_place
            .get(&(line, column))?
            .iter()
            .find(|(b, _)| b == before)
            .map(|(_, v)| *v)
    }

    /// Every verdict: (line, column, before, verdict), in input order.
    pub fn iter(&self) -> impl Iterator<Item = (usize, usize, &str, Verdict)> + '_ {
        self.by_place.iter().flat_map(|(&(line, column), texts)| {
            texts
                .iter()
                .map(move |(before, verdict)| (line, column, before.as_str(), *verdict))
        })
    }

    /// How many changes have a verdict.
    pub fn len(&self) -> usize {
        self.by_place.values().map(Vec::len).sum()
    }

    /// Whether no change has a verdict.
    pub fn is_empty(&self) -> bool {
        self.by_place.is_empty()
    }

    /// Whether `change` is made: as its verdict says, else `by_default`
    /// (true for what a pass is sure of, false for a suggestion).
    pub(crate) fn applies(&self, change: &Change, by_default: bool) -> bool {
        if self.by_place.is_empty() {
            return by_default;
        }
        match self.verdict(change.line, change.column, &change.before) {
            Some(Verdict::Accept) => true,
            Some(Verdict::Reject) => false,
            None => by_default,
        }
    }

    /// Whether the reviewer asked for this suggestion, which the pass
    /// would not have made alone: its evidence says so.
    pub(crate) fn accepted(&self, change: &Change) -> bool {
        !self.by_place.is_empty()
            && self.verdict(change.line, change.column, &change.before) == Some(Verdict::Accept)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::change::Rule;

    fn change(line: usize, column: usize, before: &str) -> Change {
        Change {
            rule: Rule::Loop,
            line,
            column,
            before: before.into(),
            after: String::new(),
            term: None,
            score: None,
            evidence: None,
            end: None,
        }
    }

    #[test]
    fn a_verdict_names_one_change_by_place_and_text() {
        let mut d = Decisions::new();
        d.set(3, 1, "Merci.", Verdict::Reject);
        assert!(!d.applies(&change(3, 1, "Merci."), true));
        // Same place, other text; other place, same text: no verdict.
        assert!(d.applies(&change(3, 1, "Merci"), true));
        assert!(d.applies(&change(4, 1, "Merci."), true));
        assert!(!d.applies(&change(4, 1, "Merci."), false));
        d.set(3, 1, "Merci.", Verdict::Accept);
        assert!(d.applies(&change(3, 1, "Merci."), false));
        assert!(d.accepted(&change(3, 1, "Merci.")));
        assert_eq!(d.len(), 1);
    }

    #[test]
    fn none_decides_nothing() {
        assert!(Decisions::NONE.applies(&change(1, 1, "a"), true));
        assert!(!Decisions::NONE.applies(&change(1, 1, "a"), false));
        assert!(Decisions::NONE.is_empty());
    }
}
