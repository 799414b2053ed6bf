//! Two speakers in one cue, as a dialogue: each speaker's words on a line
//! of their own, each line after a dash (Netflix: "- " in French, "-" in
//! English). Cues never hold two speakers otherwise: a change of speaker
//! starts a cue (see `cues`). Two turns share one only when both fit one
//! line and one of them alone would be on screen too briefly to read.

use std::ops::Range;

use super::limits::Limits;
use super::token::{Token, width};

/// A cue as built so far: its tokens, its lines, and each line's words
/// with the time they are spoken (for `--karaoke`).
pub struct Built {
    pub tokens: Range<usize>,
    pub lines: Vec<String>,
    pub words: Vec<Vec<(u64, String)>>,
}

/// Pairs short one-line turns of two speakers into dialogue cues.
pub fn pair(cues: Vec<Built>, tokens: &[Token], limits: &Limits, dash: &str) -> Vec<Built> {
    if limits.max_lines < 2 {
        return cues;
    }
    let mut out: Vec<Built> = Vec::with_capacity(cues.len());
    let mut cues = cues.into_iter().peekable();
    while let Some(first) = cues.next() {
        let Some(second) = cues.peek() else {
            out.push(first);
            break;
        };
        if fits_as_dialogue(&first, second, tokens, limits, dash) {
            let second = cues.next().unwrap_or_else(|| unreachable!("peeked"));
            let dashed = |mut words: Vec<(u64, String)>| {
                if let Some(first) = words.first_mut() {
                    first.1 = format!("{dash}{}", first.1);
                }
                words
            };
            // Cues built without their words (see `keep_words`) stay so.
            let words = if first.words.is_empty() && second.words.is_empty() {
                Vec::new()
            } else {
                let mut words = first.words.into_iter().chain(second.words);
                vec![
                    dashed(words.next().unwrap_or_default()),
                    dashed(words.next().unwrap_or_default()),
                ]
            };
            out.push(Built {
                tokens: first.tokens.start..second.tokens.end,
                lines: vec![
                    format!("{dash}{}", first.lines[0]),
                    format!("{dash}{}", second.lines[0]),
                ],
                words,
            });
        } else {
            out.push(first);
        }
    }
    out
}

fn fits_as_dialogue(a: &Built, b: &Built, tokens: &[Token], limits: &Limits, dash: &str) -> bool {
    let turn = tokens[b.tokens.start].speaker_change && !tokens[b.tokens.start].paragraph;
    if !turn || a.lines.len() != 1 || b.lines.len() != 1 {
        return false;
    }
    let dash_width = width(dash);
    let line_fits = |l: &str| width(l) + dash_width <= limits.max_line_chars;
    if !line_fits(&a.lines[0]) || !line_fits(&b.lines[0]) {
        return false;
    }
    let (a_start, a_end) = (tokens[a.tokens.start].start, tokens[a.tokens.end - 1].end);
    let (b_start, b_end) = (tokens[b.tokens.start].start, tokens[b.tokens.end - 1].end);
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
