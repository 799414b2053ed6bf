//! Turns said over another speaker's turn, put where they were said.
//! Teams writes a turn as one cue however long it runs, and the "Yeah."
//! another speaker says during it as cues of their own after it, in the
//! order they began (bench/corpora/MANIFEST-wild.md, rows 60 to 62: 174
//! of row 60's 600 cues). Segmented in the file's order, each came after
//! the whole turn, up to 12 s after it was said, paired with words it
//! did not answer. Here the turn is cut where each was said, at the
//! boundary between its words nearest that time (a sentence's or a
//! clause's end preferred, `MS_PER_BREAK_POINT`), and each piece of it
//! is timed up to the start of the cue said over it and from that cue's
//! end. No word is changed or dropped, and none moves inside its own
//! cue; only the order in which cues reach the segmenter changes, and
//! the pieces' times.

use std::ops::Range;

use crate::timestamp::Timestamp;
use crate::transcript::Cue;

use super::Segmenter;
use super::breaks::{self, SENTENCE};
use super::cjk;
use super::timeline::{Shown, speaking_span};
use super::token::{self, Token};

/// A cue said over another starts at least this long before the other
/// ends: recognisers' turns often overlap by a few hundred milliseconds
/// where one speaker takes over from the other, which is no crosstalk.
const MIN_OVERLAP_MS: u64 = 1000;
/// And it ends by the other's end, give or take this: a cue that runs on
/// past the turn is a turn of its own, taken over from it (shown after
/// it, a little late, as before).
const END_SLACK_MS: u64 = 500;
/// What a cut costs, in milliseconds of time away from the cue said
/// over the turn, per point of the segmenter's break cost (`breaks.rs`):
/// a cut between two words with no rule either way is worth moving 2.4 s
/// away from to a sentence's end, one before a conjunction 1 s, after a
/// comma 0.4 s; one after an article or inside a name, 40 s.
const MS_PER_BREAK_POINT: u64 = 40;

/// Whether cues are said over the turn before them, as
/// [`Segmenter::segment`](super::Segmenter::segment) finds them, a cue
/// at a time: a file read in windows is read whole when one is, since
/// the turn and what was said over it may fall in two windows.
#[derive(Debug, Default)]
pub struct SaidOver {
    host: Option<Host>,
}

/// The last cue that is not said over another: the turn later cues may
/// be said over.
#[derive(Debug)]
struct Host {
    start: u64,
    end: u64,
    speaker: Option<String>,
    /// It has no word times: only such a turn is cut (word times put
    /// every word where it was said already).
    cuttable: bool,
}

impl SaidOver {
    /// Whether `cue`, the next cue of the transcript, is said over the
    /// turn before it.
    pub fn push(&mut self, cue: &Cue) -> bool {
        if let Some(host) = &self.host
            && host.holds(cue)
        {
            return true;
        }
        self.host = match (cue.start, cue.end) {
            (Some(start), Some(end)) => Some(Host {
                start: start.0,
                end: end.0,
                speaker: cue.speaker.clone(),
                cuttable: !cue
                    .words
                    .iter()
                    .any(|w| w.start.is_some() && w.end.is_some()),
            }),
            _ => None,
        };
        false
    }
}

impl Host {
    /// Whether `cue` is said over this turn: by another named speaker,
    /// starting inside it well before its end, and ending with it.
    fn holds(&self, cue: &Cue) -> bool {
        let (Some(start), Some(end)) = (cue.start, cue.end) else {
            return false;
        };
        let other_speaker = match (&self.speaker, &cue.speaker) {
            (Some(a), Some(b)) => a != b,
            _ => false,
        };
        self.cuttable
            && other_speaker
            && start.0 >= self.start
            && start.0.saturating_add(MIN_OVERLAP_MS) <= self.end
            && end.0 <= self.end.saturating_add(END_SLACK_MS)
            && !cue.text.trim().is_empty()
    }
}

/// The cues in the order they were said: each turn that other cues were
/// said over cut where they were, with those cues between its pieces.
/// `None` when no cue is said over another (the cues stand as they are).
/// The cuts are weighed, and the turns' words timed, as `segmenter`
/// weighs breaks and times words.
pub(super) fn interleave(cues: &[Cue], segmenter: &Segmenter) -> Option<Vec<Cue>> {
    let mut said_over = SaidOver::default();
    let over: Vec<bool> = cues.iter().map(|c| said_over.push(c)).collect();
    if !over.contains(&true) {
        return None;
    }
    let mut out = Vec::with_capacity(cues.len() + over.len());
    let mut i = 0;
    while i < cues.len() {
        let run = over[i + 1..].iter().take_while(|&&o| o).count();
        if run == 0 {
            out.push(cues[i].clone());
            i += 1;
            continue;
        }
        let turn = &cues[i];
        let mut overs: Vec<&Cue> = cues[i + 1..=i + run].iter().collect();
        overs.sort_by_key(|c| c.start);
        cut_around(turn, &overs, segmenter, &mut out);
        i += run + 1;
    }
    Some(out)
}

/// Two cues said over a turn this close together share one cut: a piece
/// of the turn between them would flash by.
const MIN_PIECE_MS: u64 = 1000;

/// Pushes the pieces of `turn` and the cues said over it (`overs`, by
/// start) in the order they were said.
fn cut_around(turn: &Cue, overs: &[&Cue], segmenter: &Segmenter, out: &mut Vec<Cue>) {
    let (Some(start), Some(end)) = (turn.start, turn.end) else {
        unreachable!("a turn said over has times")
    };
    let shown = Shown::of_cue(turn);
    let text = shown.text();
    let spoken = speaking_span(text, start.0, end.0, segmenter.rate);
    let boundaries = boundaries(text, shown.ranges(), spoken, segmenter);
    // Each group of cues said close together takes the cheapest cut at
    // or after the group's before it.
    let mut groups: Vec<(&[&Cue], (u64, u64))> = Vec::new();
    let mut first = 0;
    for (k, over) in overs.iter().enumerate() {
        let (s, e) = over_span(over);
        match groups.last_mut() {
            Some((members, span)) if s < span.1.saturating_add(MIN_PIECE_MS) => {
                *members = &overs[first..=k];
                span.1 = span.1.max(e);
            }
            _ => {
                first = k;
                groups.push((&overs[k..=k], (s, e)));
            }
        }
    }
    let template = Cue {
        text: String::new(),
        notes: Vec::new(),
        // None has a time (`SaidOver`): each piece is timed by its span.
        words: Vec::new(),
        ..turn.clone()
    };
    let mut pieces = Pieces {
        turn,
        template,
        text,
        from_byte: 0,
        start: start.0,
        notes_given: false,
    };
    // A piece at either end of the turn shorter than a subtitle's
    // minimum duration would flash by alone ("digamos.", wild row 62):
    // the cue said over goes after the whole turn instead.
    let shortest = segmenter.limits.min_duration_ms;
    let edges = spoken.0.saturating_add(shortest)..=spoken.1.saturating_sub(shortest);
    let boundaries: Vec<Boundary> = boundaries
        .into_iter()
        .filter(|b| b.at == text.len() || edges.contains(&b.time))
        .collect();
    let mut next = 0;
    for (members, span) in groups {
        let best = boundaries[next..]
            .iter()
            .enumerate()
            .min_by_key(|(_, b)| distance(b.time, span).saturating_add(b.penalty_ms))
            .map_or(next, |(k, _)| next + k);
        next = best;
        let cut = boundaries[best].at;
        // After the whole turn, the turn keeps its own end, and the cues
        // said over it follow it as the file has them.
        let piece_end = if cut == text.len() { end.0 } else { span.0 };
        pieces.push_until(cut, piece_end, out);
        out.extend(members.iter().map(|&c| c.clone()));
        // The turn goes on once they were said, and were on screen long
        // enough to be read: a "Hum hum." said in 0.4 s is shown for the
        // minimum duration, unless the turn ends first.
        let limits = &segmenter.limits;
        let readable = span
            .0
            .saturating_add(limits.min_duration_ms)
            .saturating_add(limits.min_gap_ms);
        pieces.start = pieces.start.max(span.1).max(readable.min(end.0));
    }
    pieces.push_until(text.len(), end.0, out);
}

/// The pieces of a turn, pushed one after another.
struct Pieces<'t> {
    turn: &'t Cue,
    /// The turn without its text and notes, for each piece.
    template: Cue,
    /// What the turn shows.
    text: &'t str,
    /// Where the next piece begins in `text`, and when it starts.
    from_byte: usize,
    start: u64,
    /// The turn's notes went with a piece already.
    notes_given: bool,
}

impl Pieces<'_> {
    /// Pushes the piece up to byte `to` of the text, ending at `end`
    /// (at least its start), unless it shows nothing.
    fn push_until(&mut self, to: usize, end: u64, out: &mut Vec<Cue>) {
        if self.from_byte == 0 && to == self.text.len() {
            // Left whole: the turn as it was.
            self.from_byte = to;
            out.push(self.turn.clone());
            return;
        }
        let text = self.text[self.from_byte..to].trim();
        self.from_byte = to;
        if text.is_empty() {
            return;
        }
        let notes = match std::mem::replace(&mut self.notes_given, true) {
            false => self.turn.notes.clone(),
            true => Vec::new(),
        };
        out.push(Cue {
            text: text.to_string(),
            start: Some(Timestamp(self.start)),
            end: Some(Timestamp(end.max(self.start))),
            notes,
            ..self.template.clone()
        });
    }
}

fn over_span(cue: &Cue) -> (u64, u64) {
    let start = cue.start.map_or(0, |t| t.0);
    (start, cue.end.map_or(start, |t| t.0.max(start)))
}

/// How far `at` lies from the span `(start, end)`: 0 inside it.
fn distance(at: u64, (start, end): (u64, u64)) -> u64 {
    start.saturating_sub(at) + at.saturating_sub(end)
}

/// A place the turn may be cut: before the byte `at` of its shown text,
/// said at `time` (the turn's span shared out by characters, as the
/// segmenter shares it), and what a cut there costs.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Boundary {
    at: usize,
    time: u64,
    penalty_ms: u64,
}

/// Every place the turn's shown text may be cut, in order: between two
/// of its tokens, at the cost the segmenter gives a break there, and its
/// end (free: the cues said over it follow the whole turn, as written).
/// Never its start: the turn began first, and a dialogue cue that showed
/// the answer above it would read backwards. The text's words are spoken from `from` to `to`.
fn boundaries(
    text: &str,
    ranges: &[Range<usize>],
    (from, to): (u64, u64),
    segmenter: &Segmenter,
) -> Vec<Boundary> {
    // The tokens as the segmenter makes them, for their break costs: a
    // word, or the pieces of a Japanese or Chinese phrase.
    let mut tokens = Vec::with_capacity(ranges.len());
    let mut starts = Vec::with_capacity(ranges.len());
    for range in ranges {
        let word = &text[range.clone()];
        let pieces = match cjk::has_unspaced(word) {
            true => cjk::pieces(word),
            false => vec![word],
        };
        let mut at = range.start;
        for (k, piece) in pieces.into_iter().enumerate() {
            starts.push(at);
            at += piece.len();
            tokens.push(Token {
                text: piece.into(),
                width: token::width(piece),
                start: 0,
                end: 0,
                joined: k > 0,
                paragraph: false,
                source: 0,
                speaker_change: false,
                short_source: false,
            });
        }
    }
    let costs = breaks::costs(&tokens, segmenter.words, &segmenter.terms);
    let inner = starts
        .iter()
        .skip(1)
        .zip(&costs)
        .map(|(&at, &cost)| (at, cost));
    let places = inner.chain([(text.len(), SENTENCE)]);
    // Characters are counted from the first word's start to the last
    // word's end, once, place after place.
    let spoken = ranges.first().map_or(0, |r| r.start)..ranges.last().map_or(0, |r| r.end);
    let total = token::width(&text[spoken.clone()]).max(1) as u64;
    let (mut counted_to, mut chars) = (spoken.start, 0u64);
    places
        .map(|(at, cost)| {
            let at_spoken = at.clamp(spoken.start, spoken.end);
            if at_spoken > counted_to {
                chars += token::width(&text[counted_to..at_spoken]) as u64;
                counted_to = at_spoken;
            }
            let share = u128::from(to - from) * u128::from(chars.min(total)) / u128::from(total);
            Boundary {
                at,
                time: from + share as u64,
                penalty_ms: u64::from(cost) * MS_PER_BREAK_POINT,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue(start: u64, end: u64, speaker: &str, text: &str) -> Cue {
        Cue {
            speaker: Some(speaker.to_string()),
            ..Cue::timed(Timestamp(start), Timestamp(end), text, 0)
        }
    }

    fn segmenter(language: &str, rate: f64) -> Segmenter {
        Segmenter::builder()
            .language(Some(language))
            .rate(rate)
            .build()
    }

    fn shown(cues: &[Cue]) -> Vec<(u64, u64, &str)> {
        cues.iter()
            .map(|c| (c.start.unwrap().0, c.end.unwrap().0, c.text.as_str()))
            .collect()
    }

    #[test]
    fn a_back_channel_goes_where_it_was_said_at_the_nearest_sentence_end() {
        // 57 characters over 4 s: "Bon, écoutez bien. " ends at 1.33 s,
        // inside the "Oui." said from 1.3 s; "Bon," ends at 0.35 s, too soon
        // for a piece of its own, and a cut between two words of a phrase
        // costs 2.4 s.
        let cues = [
            cue(
                0,
                4_000,
                "A",
                "Bon, écoutez bien. Ça marche très bien, je pense que oui.",
            ),
            cue(1_300, 1_700, "B", "Oui."),
            cue(4_500, 5_000, "B", "D'accord."),
        ];
        let out = interleave(&cues, &segmenter("fr", 15.0)).unwrap();
        assert_eq!(
            shown(&out),
            [
                (0, 1_300, "Bon, écoutez bien."),
                (1_300, 1_700, "Oui."),
                // Once "Oui." has been on screen for the minimum duration
                // (833 ms) and the gap after it (83 ms).
                (2_216, 4_000, "Ça marche très bien, je pense que oui."),
                (4_500, 5_000, "D'accord."),
            ]
        );
    }

    #[test]
    fn a_clause_end_is_preferred_to_the_nearest_word_but_not_from_far() {
        let turn = "un deux trois quatre cinq six, sept huit neuf dix onze douze treize \
                    quatorze quinze seize dix-sept dix-huit dix-neuf vingt";
        // 122 characters over 12.2 s: a character every 100 ms. A "Oui."
        // said at 2.6 s, where "cinq | six" meet (a plain break, worth
        // 2.4 s), goes after "six," at 3.1 s: 0.5 s away, and a clause's
        // end (worth 0.4 s).
        let out = interleave(
            &[cue(0, 12_200, "A", turn), cue(2_600, 2_700, "B", "Oui.")],
            &segmenter("fr", 15.0),
        )
        .unwrap();
        assert_eq!(out[0].text, "un deux trois quatre cinq six,");
        // Said at 5.6 s, 2.5 s past the comma: cut between two words, the
        // nearest ("onze | douze", 5.5 s).
        let out = interleave(
            &[cue(0, 12_200, "A", turn), cue(5_600, 5_700, "B", "Oui.")],
            &segmenter("fr", 15.0),
        )
        .unwrap();
        assert_eq!(
            shown(&out),
            [
                (
                    0,
                    5_600,
                    "un deux trois quatre cinq six, sept huit neuf dix onze"
                ),
                (5_600, 5_700, "Oui."),
                (
                    6_516,
                    12_200,
                    "douze treize quatorze quinze seize dix-sept dix-huit dix-neuf vingt"
                ),
            ]
        );
    }

    #[test]
    fn no_piece_too_short_to_be_read_is_cut_off_a_turn() {
        // 48 characters over 4 s. After "plante," (3.5 s) is 0.2 s from
        // the "Oui." and a clause's end, but would leave "voilà." alone
        // for 0.5 s: the "Oui." stays after the whole turn, 0.7 s away.
        let out = interleave(
            &[
                cue(
                    0,
                    4_000,
                    "A",
                    "Le problème, c'est que le serveur plante, voilà.",
                ),
                cue(2_900, 3_300, "B", "Oui."),
            ],
            &segmenter("fr", 15.0),
        )
        .unwrap();
        assert_eq!(
            shown(&out),
            [
                (0, 4_000, "Le problème, c'est que le serveur plante, voilà."),
                (2_900, 3_300, "Oui."),
            ]
        );
    }

    #[test]
    fn only_another_speakers_cue_inside_the_turn_is_said_over_it() {
        let turn = cue(
            0,
            5_000,
            "A",
            "Une phrase assez longue pour être coupée en deux.",
        );
        // The same speaker, no speaker, a cue that runs on past the turn,
        // one that starts under a second before its end: left in place.
        for other in [
            cue(1_000, 1_500, "A", "Oui."),
            Cue::timed(Timestamp(1_000), Timestamp(1_500), "Oui.", 0),
            cue(1_000, 6_000, "B", "Et moi je continue."),
            cue(4_200, 4_900, "B", "Oui."),
        ] {
            assert_eq!(
                interleave(&[turn.clone(), other.clone()], &segmenter("fr", 15.0)),
                None
            );
        }
        // A turn with word times is not cut.
        let mut timed = turn.clone();
        timed.words = vec![crate::transcript::Word {
            text: "Une".into(),
            start: Some(Timestamp(0)),
            end: Some(Timestamp(300)),
            ..Default::default()
        }];
        assert_eq!(
            interleave(
                &[timed, cue(1_000, 1_500, "B", "Oui.")],
                &segmenter("fr", 15.0)
            ),
            None
        );
    }

    #[test]
    fn several_back_channels_keep_their_order_and_share_a_cut() {
        // 33 characters over 4 s. "Oui." and "Ah." are 0.1 s apart: one
        // cut, after "voilà." (1.58 s), rather than "Oui." before the
        // whole turn and "Alors voilà." in the 0.1 s between the two.
        let out = interleave(
            &[
                cue(0, 4_000, "A", "Alors voilà. On a fini hier soir."),
                cue(500, 800, "B", "Oui."),
                cue(900, 1_200, "C", "Ah."),
                cue(2_800, 3_100, "B", "Bien."),
            ],
            &segmenter("fr", 15.0),
        )
        .unwrap();
        assert_eq!(
            shown(&out),
            [
                (0, 500, "Alors voilà."),
                (500, 800, "Oui."),
                (900, 1_200, "Ah."),
                // 0.9 s before the turn's end: after the whole turn.
                (1_416, 4_000, "On a fini hier soir."),
                (2_800, 3_100, "Bien."),
            ]
        );
    }

    #[test]
    fn japanese_is_cut_between_phrases() {
        let out = interleave(
            &[
                cue(
                    0,
                    4_000,
                    "A",
                    "数量は33個です。今回の試作は来月になります。",
                ),
                cue(1_400, 1_800, "B", "うん。"),
            ],
            &segmenter("ja", 6.0),
        )
        .unwrap();
        assert_eq!(out[0].text, "数量は33個です。");
        assert_eq!(out[2].text, "今回の試作は来月になります。");
    }
}
