//! Two speakers in one cue, as a dialogue: each speaker's words on a line
//! of their own, each line after a dash (Netflix: "- " in French, "-" in
//! English). Cues never hold two speakers otherwise: a change of speaker
//! starts a cue (see `cues`). Two turns share one only when both fit one
//! line and one of them alone would be on screen too briefly to read.

use super::limits::Limits;
use super::token::width;

/// A cue as built so far: when its speech starts and ends, what its
/// tokens say of speakers, its lines, and each line's words with the time
/// they are spoken (for `--karaoke`).
#[derive(Debug)]
pub struct Built {
    /// When its first token starts and its last ends.
    pub start: u64,
    pub end: u64,
    /// Its first token is another speaker's, in the same paragraph.
    pub turn: bool,
    /// A token after its first is another speaker's.
    pub dialogue: bool,
    /// The speaker of its first token's source cue.
    pub speaker: Option<String>,
    pub lines: Vec<String>,
    pub words: Vec<Vec<(u64, String)>>,
}

/// Pairs short one-line turns of two speakers into dialogue cues, cue by
/// cue: each one waits for the next, with which it may pair.
#[derive(Debug)]
pub struct Pairing<'a> {
    limits: &'a Limits,
    dash: &'static str,
    waiting: Option<Built>,
}

impl<'a> Pairing<'a> {
    pub fn new(limits: &'a Limits, dash: &'static str) -> Pairing<'a> {
        Pairing {
            limits,
            dash,
            waiting: None,
        }
    }

    /// The cue `next`, and the cue before it if it is now settled: alone,
    /// or paired with `next` (which then waits no more).
    pub fn push(&mut self, next: Built) -> Option<Built> {
        if self.limits.max_lines < 2 {
            return Some(next);
        }
        let Some(first) = self.waiting.take() else {
            self.waiting = Some(next);
            return None;
        };
        if !fits_as_dialogue(&first, &next, self.limits, self.dash) {
            self.waiting = Some(next);
            return Some(first);
        }
        let dash = self.dash;
        let dashed = |mut words: Vec<(u64, String)>| {
            if let Some(first) = words.first_mut() {
                first.1 = format!("{dash}{}", first.1);
            }
            words
        };
        // Cues built without their words (see `keep_words`) stay so.
        let words = if first.words.is_empty() && next.words.is_empty() {
            Vec::new()
        } else {
            let mut words = first.words.into_iter().chain(next.words);
            vec![
                dashed(words.next().unwrap_or_default()),
                dashed(words.next().unwrap_or_default()),
            ]
        };
        Some(Built {
            start: first.start,
            // The second turn may have been said over the first (a "Yeah."
            // laid over the end of a sentence): the pair ends with the
            // later of the two.
            end: first.end.max(next.end),
            turn: first.turn,
            dialogue: true,
            speaker: first.speaker,
            lines: vec![
                format!("{dash}{}", first.lines[0]),
                format!("{dash}{}", next.lines[0]),
            ],
            words,
        })
    }

    /// The cue still waiting, after the last.
    pub fn finish(&mut self) -> Option<Built> {
        self.waiting.take()
    }
}

fn fits_as_dialogue(a: &Built, b: &Built, limits: &Limits, dash: &str) -> bool {
    if !b.turn || a.lines.len() != 1 || b.lines.len() != 1 {
        return false;
    }
    let dash_width = width(dash);
    let line_fits = |l: &str| width(l) + dash_width <= limits.max_line_chars;
    if !line_fits(&a.lines[0]) || !line_fits(&b.lines[0]) {
        return false;
    }
    let (a_start, a_end) = (a.start, a.end);
    let (b_start, b_end) = (b.start, b.end);
    if b_end.saturating_sub(a_start) > limits.max_duration_ms {
        return false;
    }
    // Too brief alone: the first turn's time until the second starts is
    // shorter than it takes to read, or than the minimum.
    let a_room = b_start.saturating_sub(a_start);
    let a_needed = limits.needed_ms(width(&a.lines[0]));
    let b_needed = limits.needed_ms(width(&b.lines[0]));
    a_room < a_needed
        || b_end.saturating_sub(b_start) < b_needed.min(limits.min_duration_ms)
        || a_end.saturating_sub(a_start) < limits.min_duration_ms
}
