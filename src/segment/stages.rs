//! The two stages of a [`SegmentStream`](super::SegmentStream): cues to
//! tokens with their break costs ([`TokenStage`]), then those tokens to
//! subtitles ([`CueStage`]). Tokens go from the first to the second in
//! batches ([`Costed`]) once their break costs are final, so that each
//! stage may run on a thread of its own: the cue choice, the longest
//! step, then has a core to itself while the next tokens are made.

use std::collections::BTreeMap;

use crate::timestamp::Timestamp;
use crate::transcript::Cue;

use super::breaks::BreakCosts;
use super::cues::{Group, Grouping};
use super::dialogue::{Built, Pairing};
use super::timeline::{CueWords, Dressing, Shown, TimeSource, Tokenizer};
use super::timing::{self, Anchor, Clock, Speech};
use super::token::Token;
use super::{Segmenter, Subtitle};

/// Tokens added between two looks for cues that can be given out: often
/// enough to keep a few screens, rarely enough that the look costs nothing.
pub const LOOK_EVERY: usize = 2048;

/// Tokens whose break costs are final, in order, handed from the first
/// stage to the second, with the speakers of the source cues pushed
/// since the last batch; the `end` of the text after the last batch.
#[derive(Debug)]
pub struct Costed {
    tokens: Vec<Token>,
    costs: Vec<u32>,
    speakers: BTreeMap<usize, String>,
    end: bool,
}

impl Costed {
    /// The last batch: the text ends after it.
    pub fn is_end(&self) -> bool {
        self.end
    }
}

/// Makes the pushed cues tokens, times those of text without times, and
/// counts their break costs, handing on each batch whose costs are final.
#[derive(Debug)]
pub struct TokenStage<'s> {
    segmenter: &'s Segmenter,
    tokenizer: Tokenizer,
    break_costs: BreakCosts,
    /// The tokens kept, `tokens[k]` being token `first + k`, and the break
    /// costs counted so far of the first of them.
    tokens: Vec<Token>,
    costs: Vec<u32>,
    first: usize,
    /// Of `tokens`, the first `handed` were handed on already: they are
    /// kept for the terms that may cross into the tokens after them.
    handed: usize,
    /// Tokens before this one are timed (text without times).
    timed: usize,
    /// The speaker of each source cue that names one, since the last batch.
    speakers: BTreeMap<usize, String>,
    /// Tokens added since the last batch.
    unlooked: usize,
    pub(super) look_every: usize,
}

/// Chooses the cues of the tokens handed on, builds and times them.
pub struct CueStage<'s> {
    segmenter: &'s Segmenter,
    grouping: Grouping<'s>,
    /// The tokens of cues not chosen yet, `tokens[k]` being token
    /// `first + k`, and their break costs.
    tokens: Vec<Token>,
    costs: Vec<u32>,
    first: usize,
    /// The speaker of each source cue that names one and may still open
    /// a cue.
    speakers: BTreeMap<usize, String>,
    pairing: Pairing<'s>,
    timing: Timing,
    ready: Vec<Subtitle>,
    /// Whoever takes settled subtitles as they settle, inside a cue.
    give: Option<Give<'s>>,
}

/// Takes the subtitles settled since it was last called, in order.
type Give<'s> = Box<dyn FnMut(Vec<Subtitle>) + Send + Sync + 's>;

impl std::fmt::Debug for CueStage<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CueStage")
            .field("segmenter", &self.segmenter)
            .field("first", &self.first)
            .field("tokens", &self.tokens.len())
            .field("ready", &self.ready.len())
            .field("gives", &self.give.is_some())
            .finish_non_exhaustive()
    }
}

/// How cues get their final times.
#[derive(Debug)]
enum Timing {
    /// From the source: a cue waits for the next one's start.
    Anchored(Anchor, Option<(Speech, Built)>),
    /// At the speaking rate, cue after cue.
    Estimated(Clock),
    /// At the rate that ends the last cue at the total duration: every
    /// cue waits for the last.
    Stretched(Vec<(usize, Built)>),
}

impl Segmenter {
    /// The two stages of [`Segmenter::stream`], for a program that runs
    /// them on two threads: every batch the first hands on goes to the
    /// second's [`CueStage::settle`], in order, and once the batch at the
    /// end is settled ([`Costed::is_end`]), [`CueStage::finish`] gives the
    /// last subtitles. The subtitles are the stream's.
    pub fn stages(&self, timed: bool) -> (TokenStage<'_>, CueStage<'_>) {
        self.stages_for(timed, self.word_list, false)
    }

    /// The same, for source cues that are a `word_list` or not, of a
    /// subtitle `script` or not (see [`Dressing::script`]).
    pub(super) fn stages_for(
        &self,
        timed: bool,
        word_list: bool,
        script: bool,
    ) -> (TokenStage<'_>, CueStage<'_>) {
        let dressing = Dressing {
            french: self.french,
            max_line_chars: self.limits.max_line_chars,
            rate: self.rate,
            start_ms: self.start_ms,
            drop_sounds: self.drop_sounds,
            word_list,
            script,
        };
        let timing = match (timed, self.duration_ms) {
            (true, _) => Timing::Anchored(Anchor::default(), None),
            (false, None) => Timing::Estimated(Clock::new(self.start_ms)),
            (false, Some(_)) => Timing::Stretched(Vec::new()),
        };
        let tokens = TokenStage {
            segmenter: self,
            tokenizer: Tokenizer::new(dressing, timed),
            break_costs: BreakCosts::default(),
            tokens: Vec::new(),
            costs: Vec::new(),
            first: 0,
            handed: 0,
            timed: 0,
            speakers: BTreeMap::new(),
            unlooked: 0,
            look_every: LOOK_EVERY,
        };
        let cues = CueStage {
            segmenter: self,
            grouping: Grouping::new(&self.limits, &self.shape),
            tokens: Vec::new(),
            costs: Vec::new(),
            first: 0,
            speakers: BTreeMap::new(),
            pairing: Pairing::new(&self.limits, self.dash),
            timing,
            ready: Vec::new(),
            give: None,
        };
        (tokens, cues)
    }
}

impl TokenStage<'_> {
    /// Adds the transcript's next cue (`shown`, what it shows), handing
    /// on the batches it completes.
    pub fn push_shown(&mut self, cue: &Cue, shown: Shown, hand: &mut dyn FnMut(Costed)) {
        if let Some(speaker) = &cue.speaker {
            self.speakers
                .insert(self.tokenizer.next_cue(), speaker.clone());
        }
        if let Some(words) = self.tokenizer.begin(cue, shown) {
            self.add(words, hand);
        }
    }

    /// Adds a piece of the cue pushed last (`shown`, what it shows),
    /// which goes on with it after a space (`SegmentStream::push_continued`).
    pub fn push_continued_shown(&mut self, shown: Shown, hand: &mut dyn FnMut(Costed)) {
        if let Some(words) = self.tokenizer.continue_cue(shown) {
            self.add(words, hand);
        }
    }

    /// After the last cue: hands on the last batch, and tells where the
    /// times came from.
    pub fn finish(mut self, hand: &mut dyn FnMut(Costed)) -> TimeSource {
        self.tokenizer.finish(&mut self.tokens);
        self.time(self.first + self.tokens.len());
        self.hand_on(true, hand);
        self.tokenizer.source
    }

    /// Makes the cue's words tokens, handing on a batch as often as
    /// between cues.
    fn add(&mut self, mut words: CueWords, hand: &mut dyn FnMut(Costed)) {
        // A long cue (a transcript written as one line) is added a look's
        // worth of words at a time: what settles of it goes before the
        // rest of it is made tokens.
        loop {
            let before = self.tokens.len();
            let more = self
                .tokenizer
                .push_some(&mut words, &mut self.tokens, self.look_every);
            // The last token may still take a closing mark: the others
            // are final.
            self.time(self.first + self.tokens.len().saturating_sub(1));
            self.unlooked += self.tokens.len() - before;
            if self.unlooked >= self.look_every {
                self.unlooked = 0;
                self.hand_on(false, hand);
            }
            if !more {
                break;
            }
        }
        self.tokenizer.end(words);
    }

    /// Times the tokens of text without times up to token `to`.
    fn time(&mut self, to: usize) {
        if to > self.timed {
            let (from, first) = (self.timed - self.first, self.first);
            self.tokenizer.time(&mut self.tokens[from..to - first]);
            self.timed = to;
        }
    }

    /// Counts the break costs that are final (at the `end`, all) and
    /// hands on the tokens that have one now, forgetting those no term
    /// can cross into from the tokens still without a cost.
    fn hand_on(&mut self, end: bool, hand: &mut dyn FnMut(Costed)) {
        let s = self.segmenter;
        self.break_costs
            .extend(&self.tokens, &mut self.costs, end, s.words, &s.terms);
        let costed = self.costs.len();
        if costed == self.handed && !end {
            return;
        }
        let forget = costed.saturating_sub(s.terms.longest());
        // Those forgotten are moved on, those kept copied; those handed
        // on before (as copies) are dropped first, so that the rest move
        // as one run.
        let kept = self.handed.saturating_sub(forget)..costed - forget;
        let mut tokens = Vec::with_capacity(costed - self.handed);
        let mut forgotten = self.tokens.drain(..forget);
        forgotten.by_ref().take(self.handed).for_each(drop);
        tokens.extend(forgotten);
        tokens.extend_from_slice(&self.tokens[kept]);
        let costs = self.costs[self.handed..].to_vec();
        self.costs.drain(..forget);
        self.first += forget;
        self.handed = costed - forget;
        hand(Costed {
            tokens,
            costs,
            speakers: std::mem::take(&mut self.speakers),
            end,
        });
    }
}

impl<'s> CueStage<'s> {
    /// Chooses the cues it can of the tokens handed on so far, with
    /// `costed`, the next batch; builds and times those settled and
    /// forgets their tokens. After the batch at the end, all of them.
    pub fn settle(&mut self, costed: Costed) {
        let Costed {
            tokens,
            costs,
            mut speakers,
            end,
        } = costed;
        self.tokens.extend(tokens);
        self.costs.extend(costs);
        self.speakers.append(&mut speakers);
        let candidates = self
            .grouping
            .extend(&self.tokens, &self.costs, self.first, end);
        let to = if end {
            self.first + self.tokens.len()
        } else {
            self.grouping.converged(&self.tokens, self.first)
        };
        if to > self.grouping.base() {
            let groups = self.grouping.cues(&candidates, self.first, to);
            for group in groups {
                let built = self.build(&group);
                if let Some(settled) = self.pairing.push(built) {
                    self.time_cue(settled);
                }
            }
        }
        // Kept: the tokens of cues not chosen yet.
        let keep = self.grouping.base() - self.first;
        self.tokens.drain(..keep);
        self.costs.drain(..keep);
        self.first += keep;
        if let Some(first) = self.tokens.first() {
            self.speakers = self.speakers.split_off(&first.source);
        }
    }

    /// As `settle`, then gives what settled to whoever takes it inside a
    /// cue, but after the last batch.
    pub(super) fn settle_giving(&mut self, costed: Costed) {
        let end = costed.end;
        self.settle(costed);
        if !end
            && let Some(give) = self.give.as_mut()
            && !self.ready.is_empty()
        {
            give(std::mem::take(&mut self.ready));
        }
    }

    /// The subtitles settled so far, in order; each is given once.
    pub fn take(&mut self) -> Vec<Subtitle> {
        std::mem::take(&mut self.ready)
    }

    /// See [`SegmentStream::give_to`](super::SegmentStream::give_to).
    pub(super) fn give_to(&mut self, give: impl FnMut(Vec<Subtitle>) + Send + Sync + 's) {
        self.give = Some(Box::new(give));
    }

    /// After the batch at the end: the subtitles not taken yet.
    pub fn finish(mut self) -> Vec<Subtitle> {
        if let Some(built) = self.pairing.finish() {
            self.time_cue(built);
        }
        let limits = &self.segmenter.limits;
        match &mut self.timing {
            Timing::Anchored(anchor, waiting) => {
                if let Some((speech, built)) = waiting.take() {
                    let span = anchor.span(&speech, None, limits);
                    self.ready.push(subtitle(span, built));
                }
            }
            Timing::Estimated(_) => {}
            Timing::Stretched(all) => {
                let s = self.segmenter;
                let chars: Vec<usize> = all.iter().map(|(c, _)| *c).collect();
                let spans = timing::estimated(&chars, s.rate, s.start_ms, s.duration_ms, limits);
                for (span, (_, built)) in spans.into_iter().zip(std::mem::take(all)) {
                    self.ready.push(subtitle(span, built));
                }
            }
        }
        self.ready
    }
    /// A chosen cue's lines and words.
    fn build(&self, group: &Group) -> Built {
        let cue = &self.tokens[group.tokens.start - self.first..group.tokens.end - self.first];
        // A space before each token of a line but the first and the
        // pieces of a word too long for a line.
        let space = |k: usize, t: &Token| if k > 0 && !t.joined { " " } else { "" };
        // Each line's tokens, from the line breaks: the ends of the
        // lines before the last, and the cue's end.
        let ends = group.layout.breaks.iter().copied().chain([cue.len()]);
        let runs = || {
            let mut start = 0;
            ends.clone().map(move |end| {
                let run = &cue[start..end];
                start = end;
                run
            })
        };
        let lines: Vec<String> = runs()
            .map(|run| {
                // Its length first: one allocation, no growing.
                let len = run.iter().map(|t| t.text.len() + 1).sum();
                let mut line = String::with_capacity(len);
                for (k, t) in run.iter().enumerate() {
                    line.push_str(space(k, t));
                    line.push_str(&t.text);
                }
                line
            })
            .collect();
        // Each word as a string of its own, twice the text again: only for
        // whoever reads them (`--karaoke`).
        let words: Vec<Vec<(u64, String)>> = if self.segmenter.keep_words {
            runs()
                .map(|run| {
                    run.iter()
                        .enumerate()
                        .map(|(k, t)| {
                            let space = space(k, t);
                            let mut word = String::with_capacity(space.len() + t.text.len());
                            word.push_str(space);
                            word.push_str(&t.text);
                            (t.start, word)
                        })
                        .collect()
                })
                .collect()
        } else {
            Vec::new()
        };
        let head = &cue[0];
        Built {
            start: head.start,
            // The last word said, which is not the last shown when the
            // source's cues overlap (a dialogue of a turn's end and a
            // "Yeah." said over it).
            end: cue.iter().map(|t| t.end).max().unwrap_or(head.end),
            turn: head.speaker_change && !head.paragraph,
            dialogue: cue.iter().skip(1).any(|t| t.speaker_change),
            speaker: self.speakers.get(&head.source).cloned(),
            lines,
            words,
        }
    }

    /// Gives a settled cue its times, once it can.
    fn time_cue(&mut self, built: Built) {
        let s = self.segmenter;
        let chars = s.limits.characters_of_lines(&built.lines);
        match &mut self.timing {
            Timing::Anchored(anchor, waiting) => {
                let speech = Speech {
                    start: built.start,
                    end: built.end,
                    chars,
                };
                if let Some((before, cue)) = waiting.replace((speech, built)) {
                    let span = anchor.span(&before, Some(speech.start), &s.limits);
                    self.ready.push(subtitle(span, cue));
                }
            }
            Timing::Estimated(clock) => {
                let span = clock.span(chars, s.rate, &s.limits, 1.0);
                self.ready.push(subtitle(span, built));
            }
            Timing::Stretched(all) => all.push((chars, built)),
        }
    }
}

/// The subtitle of a cue and its times; a dialogue names no one speaker.
fn subtitle(span: timing::Span, built: Built) -> Subtitle {
    Subtitle {
        start: Timestamp(span.start),
        end: Timestamp(span.end),
        lines: built.lines,
        short: span.short,
        words: built.words,
        speaker: built.speaker.filter(|_| !built.dialogue),
    }
}
