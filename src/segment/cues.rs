//! Cue building: which tokens go together on screen. A dynamic program over
//! the token sequence picks the cheapest partition, where a cue costs
//! a little for existing, its closing break's cost (a sentence end is
//! free), its line layout, and the reading time it lacks before the next
//! cue starts. Cues never cross a paragraph and never outgrow the lines or
//! the maximum duration, except a lone token that cannot be made smaller.

use std::ops::Range;

use super::breaks::{PLAIN, SENTENCE};
use super::limits::Limits;
use super::lines::{Breaks, Layout, Piece, Prefix, layout_cost_of, layout_of};
use super::start_window::{Least, StartWindow};
use super::token::Token;

/// Each cue exists at this cost, so that two half-empty cues lose to one
/// full one unless a better break or reading time pays for the second.
const PER_CUE: u64 = 40;
/// A cue boundary matters more than a line break: weigh its break cost so.
const CUE_BREAK_WEIGHT: u64 = 3;
/// Reading time missing, per 10 ms: fast speech often leaves no choice.
const PER_10_MS_SHORT: u64 = 1;
/// Time missing under the minimum duration, per ms: a flash the eye cannot
/// catch, and a hard rule in every style guide.
const PER_MS_UNDER_MINIMUM: u64 = 1;
/// A silence this long inside a cue leaves text on screen over nothing.
const LONG_PAUSE_MS: u64 = 1200;
const PER_LONG_PAUSE: u64 = 300;
/// Two short source cues joined inside one line, with nothing between
/// them: crosstalk read as one sentence.
const PER_JOINED_TURN: u64 = 70;
/// A cue that ends one sentence and starts the next, then stops mid-way,
/// makes the reader carry half a sentence over: prefer cues that close.
const DANGLING_SENTENCE: u64 = 60;

/// What the user asks of cues beyond the house style's limits.
#[derive(Debug, Clone, Copy, Default)]
pub struct Shape {
    /// At most this many words in a cue.
    pub max_words: Option<usize>,
    /// Cues shorter than the minimum duration cost so much that they are
    /// merged wherever the limits allow.
    pub merge_short: bool,
}

/// With `--merge-short`, time under the minimum costs this many times more.
const MERGE_SHORT_WEIGHT: u64 = 20;

/// One cue: its tokens and how they fall into lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub tokens: Range<usize>,
    pub layout: Layout,
}

/// The cheapest partition of a token sequence into cues, found as the
/// tokens arrive. `best[j]`, for each node j (the place before token j),
/// is the cost of the cheapest partition of the tokens before it and where
/// its last cue began. A cue spans at most a screen of characters, so the
/// cheapest partitions of the last screen's nodes soon share their start:
/// that start is in every final partition, whatever follows, and the cues
/// before it can be written and forgotten (as Viterbi decoders stream).
#[derive(Debug)]
pub struct Grouping<'l> {
    limits: &'l Limits,
    shape: Shape,
    /// `best[k]` is node `base + k`; a start is a node's number.
    best: Vec<(u64, usize)>,
    base: usize,
    /// Where the cue holding the next node's token starts at the latest.
    paragraph_start: usize,
    /// The reading time of every width a cue may have (a lone token may
    /// be wider), counted once instead of once per candidate.
    needed: Vec<u64>,
    /// The candidate starts of the node being weighed and the least their
    /// cues can cost before layout (less what every start pays), kept to
    /// be reused.
    unlaid: Vec<(usize, u64)>,
    /// What weighing a start asks of the tokens, kept to be reused.
    sums: Sums,
    /// The starts of the node being weighed, when the tokens are in time
    /// order.
    window: StartWindow,
}

/// What weighing a cue's start asks of the tokens, as sums from the
/// first token given: the width, words and long pauses of any run are the
/// difference of two, so the program's inner loop carries nothing from one
/// start to the one before, and reads one `Sum` and one cost for each.
#[derive(Debug, Default)]
struct Sums {
    each: Vec<Sum>,
    /// Every token starts and ends no earlier than the one before: a
    /// start too early for one end is too early for the next, and the
    /// starts of the ends can be kept in a `StartWindow`.
    in_time_order: bool,
}

/// The sums of tokens `0..k`, at `k`, and when token `k` is spoken.
#[derive(Debug, Clone, Copy, Default)]
struct Sum {
    /// What the tokens add to the width of a cue that goes on after them,
    /// each with the space before the next if one comes.
    reach: usize,
    /// How many begin a word (are not a piece joined to the one before).
    words: usize,
    /// How many have a long pause (`LONG_PAUSE_MS`) before the next.
    pauses: u64,
    /// One more than the last whose break costs `SENTENCE` (a sentence, a
    /// paragraph or a turn ends with it), 0 if none: a cue from a start
    /// before it holds a sentence end.
    sentence_before: usize,
    /// When token `k` is spoken (0 after the last).
    start: u64,
}

impl Sum {
    /// Whether a cue from this start to `ending` keeps within the limits
    /// on its width, words and duration.
    #[inline(always)]
    fn fits(&self, ending: &Ending) -> bool {
        self.reach >= ending.reach_floor
            && self.start >= ending.time.earliest_start
            && self.words >= ending.words_floor
    }
}

/// What every start of a cue ending at one node shares.
struct Ending {
    /// `Sum::reach` at the cue's end, with the last token's width since no
    /// space follows it, and the least reach and words a start may have:
    /// one further back makes the cue too wide or too wordy.
    reach: usize,
    reach_floor: usize,
    words_floor: usize,
    /// `Sum::pauses` at the cue's last token.
    pauses: u64,
    /// A start before this token holds a sentence end inside the cue.
    dangling_below: usize,
    time: EndTime,
}

/// What the end of a cue sets for each of its starts, beside the sums.
struct EndTime {
    /// What a sentence end inside the cue costs (0 when the cue ends a
    /// sentence itself).
    dangles: u64,
    /// Speech that begins before this lasts over the maximum duration.
    earliest_start: u64,
    /// Until when the cue may stay: the next cue's start less the gap.
    stay_until: u64,
}

/// Of the starts weighed so far, the one with the least bound (the first
/// of equal bounds: the latest start) and the least any other has; kept as
/// each is weighed, without a branch, since which start wins is a coin
/// toss to the processor.
#[derive(Debug, Clone, Copy)]
struct Cheapest {
    /// Its place among the starts weighed; `usize::MAX` before the first.
    at: usize,
    least: u64,
    runner_up: u64,
}

impl Cheapest {
    const NONE: Cheapest = Cheapest {
        at: usize::MAX,
        least: u64::MAX,
        runner_up: u64::MAX,
    };

    /// Weighs the start at place `k`, costing `cost` (less than
    /// `u64::MAX`: that is an unreached node's).
    #[inline(always)]
    fn weigh(&mut self, k: usize, cost: u64) {
        let cheaper = cost < self.least;
        self.runner_up = if cheaper {
            self.least
        } else {
            self.runner_up.min(cost)
        };
        self.at = if cheaper { k } else { self.at };
        self.least = self.least.min(cost);
    }

    fn at(&self) -> Option<usize> {
        (self.at != usize::MAX).then_some(self.at)
    }
}

/// What the limits and the user set for every cue.
struct Bounds<'a> {
    min_duration_ms: u64,
    max_duration_ms: u64,
    under_minimum_weight: u64,
    /// The reading time of every width up to the widest cue.
    needed: &'a [u64],
}

impl Bounds<'_> {
    /// What the reading time lacking costs, for a cue whose speech starts
    /// at `start`, that may stay until `stay_until` and needs `needed_ms`
    /// to be read.
    #[inline(always)]
    fn lacking(&self, start: u64, stay_until: u64, needed_ms: u64) -> u64 {
        let room = stay_until.saturating_sub(start).min(self.max_duration_ms);
        shortfall(
            room,
            needed_ms,
            self.min_duration_ms,
            self.under_minimum_weight,
        )
    }
}

impl Sums {
    /// Pushes onto `unlaid` each start of `starts` whose cue fits, latest
    /// first, with the least its cue can cost before layout: its prefix's
    /// cost (`best[k]` being start `starts.start + k`'s) and what is
    /// inside the cue (its long pauses, a sentence that would dangle). The
    /// reading time the cue lacks (`lacking`) is left out: it is most of
    /// a start's arithmetic, and it is asked only of the starts whose
    /// bound may still win. It stops at the first start that breaks a
    /// limit. The program's inner loop where the tokens are not in time
    /// order (a `StartWindow` stands for it where they are, and it checks
    /// the window in the tests), kept in a function of its own so that its
    /// values stay in registers.
    #[inline(never)]
    fn bound(
        &self,
        starts: Range<usize>,
        best: &[(u64, usize)],
        ending: &Ending,
        unlaid: &mut Vec<(usize, u64)>,
        cheapest: &mut Cheapest,
    ) {
        let sums = self.each[starts.clone()].iter().zip(best);
        for (i, (sum, &(prefix_cost, _))) in starts.zip(sums).rev() {
            if !sum.fits(ending) {
                break;
            }
            if prefix_cost == UNREACHED.0 {
                continue;
            }
            let paused = (ending.pauses - sum.pauses) * PER_LONG_PAUSE;
            let dangling = u64::from(i < ending.dangling_below) * ending.time.dangles;
            let bound = prefix_cost + paused + dangling;
            cheapest.weigh(unlaid.len(), bound);
            unlaid.push((i, bound));
        }
    }

    /// `bound` with the cue of the last token alone (`alone`, from node
    /// `last`) weighed first, as the cue choice weighs every start: into
    /// `unlaid`, emptied first.
    fn bound_with_alone(
        &self,
        starts: Range<usize>,
        best: &[(u64, usize)],
        ending: &Ending,
        (last, alone): (usize, Option<u64>),
        unlaid: &mut Vec<(usize, u64)>,
    ) -> Cheapest {
        unlaid.clear();
        let mut cheapest = Cheapest::NONE;
        if let Some(alone) = alone {
            cheapest.weigh(0, alone);
            unlaid.push((last, alone));
        }
        self.bound(starts, best, ending, unlaid, &mut cheapest);
        cheapest
    }

    /// What the reading time lacking costs, for the cue from start `i` (one
    /// that `bound` gave) to `ending`.
    fn lacking(&self, i: usize, ending: &Ending, bounds: &Bounds) -> u64 {
        let sum = self.at(i);
        // The width is at most the widest cue's: its reading time is
        // counted.
        let needed = bounds.needed[ending.reach - sum.reach];
        bounds.lacking(sum.start, ending.time.stay_until, needed)
    }

    /// What every start of a cue ending before token `j` shares, token
    /// `j - 1`, `last_width` wide, being its last: the least reach and
    /// words a start may have are those `max_chars` and `max_words` allow.
    fn ending(
        &self,
        j: usize,
        last_width: usize,
        max_chars: usize,
        max_words: usize,
        time: EndTime,
    ) -> Ending {
        let reach = self.at(j - 1).reach + last_width;
        Ending {
            reach,
            reach_floor: reach.saturating_sub(max_chars),
            words_floor: self.at(j).words.saturating_sub(max_words),
            pauses: self.at(j - 1).pauses,
            dangling_below: self.at(j - 1).sentence_before,
            time,
        }
    }

    /// The sums of `tokens`, `break_costs[k]` being `tokens[k]`'s.
    fn count(&mut self, tokens: &[Token], break_costs: &[u32]) {
        let sums = &mut self.each;
        sums.clear();
        self.in_time_order = tokens
            .windows(2)
            .all(|w| w[0].start <= w[1].start && w[0].end <= w[1].end);
        let mut sum = Sum::default();
        for (k, token) in tokens.iter().enumerate() {
            let next = tokens.get(k + 1);
            sum.start = token.start;
            sums.push(sum);
            let space = next.is_some_and(|next| !next.joined);
            let pause =
                next.is_some_and(|next| next.start.saturating_sub(token.end) >= LONG_PAUSE_MS);
            sum.reach += token.width + usize::from(space);
            sum.words += usize::from(!token.joined);
            sum.pauses += u64::from(pause);
            if break_costs.get(k) == Some(&SENTENCE) {
                sum.sentence_before = k + 1;
            }
        }
        sum.start = 0;
        sums.push(sum);
    }

    /// What start `i` is worth to a `StartWindow`: its prefix's cost less
    /// the long pauses before it, so that a cue's bound is the value and
    /// its end's pauses (and a dangling sentence); `i64::MAX` when no
    /// partition reaches it.
    fn start_value(&self, i: usize, prefix_cost: u64) -> i64 {
        if prefix_cost == UNREACHED.0 {
            return i64::MAX;
        }
        prefix_cost as i64 - (self.at(i).pauses * PER_LONG_PAUSE) as i64
    }

    fn at(&self, k: usize) -> &Sum {
        &self.each[k]
    }
}

impl<'l> Grouping<'l> {
    pub fn new(limits: &'l Limits, shape: &Shape) -> Grouping<'l> {
        let max_chars = limits.max_line_chars * limits.max_lines;
        Grouping {
            limits,
            shape: *shape,
            best: vec![(0, 0)],
            base: 0,
            paragraph_start: 0,
            needed: (0..=max_chars).map(|w| limits.needed_ms(w)).collect(),
            unlaid: Vec::new(),
            sums: Sums::default(),
            window: StartWindow::default(),
        }
    }

    /// The last node whose cost is known.
    pub fn known(&self) -> usize {
        self.base + self.best.len() - 1
    }

    /// The first node still kept: cues before it were given out.
    pub fn base(&self) -> usize {
        self.base
    }

    /// Finds the cheapest partitions up to every node it can: before each
    /// token with its cost and the next token (whose start times the
    /// cue before it), and at the `end`, after the last. `tokens[k]` is
    /// token `first + k`, `break_costs[k]` its cost. Returns what the
    /// cues of these tokens are made of, for `cues` to lay them out.
    pub fn extend<'t>(
        &mut self,
        tokens: &'t [Token],
        break_costs: &[u32],
        first: usize,
        end: bool,
    ) -> Candidates<'t>
    where
        'l: 't,
    {
        let candidates = Candidates::of(tokens, break_costs, self.limits);
        let known = if end {
            tokens.len()
        } else {
            break_costs.len().min(tokens.len().saturating_sub(1))
        };
        let limits = self.limits;
        let shape = self.shape;
        let n = tokens.len();
        let max_chars = limits.max_line_chars * limits.max_lines;
        let max_words = shape.max_words.unwrap_or(usize::MAX);
        let needed = &self.needed[..];
        let needed_ms = |width: usize| {
            needed
                .get(width)
                .copied()
                .unwrap_or_else(|| limits.needed_ms(width))
        };
        let (min_duration_ms, max_duration_ms) = (limits.min_duration_ms, limits.max_duration_ms);
        let under_minimum_weight = if shape.merge_short {
            MERGE_SHORT_WEIGHT
        } else {
            1
        };
        self.sums.count(tokens, break_costs);
        let bounds = Bounds {
            min_duration_ms,
            max_duration_ms,
            under_minimum_weight,
            needed,
        };
        let sums = &self.sums;
        // The window of starts is filled again at the first end: `best`
        // may have lost its first nodes since the last call.
        let mut fresh = true;
        for j in self.known() + 1 - first..=known {
            let is_end = end && j == n;
            // A paragraph and another speaker's words start a new cue (two
            // short turns may still share one, as a dialogue: see `dialogue`).
            if tokens[j - 1].paragraph || tokens[j - 1].speaker_change {
                self.paragraph_start = first + j - 1;
            }
            // What closing a cue after token j-1 costs: the same for every start.
            let closing = if is_end {
                0
            } else {
                u64::from(break_costs[j - 1]) * CUE_BREAK_WEIGHT
            };
            // Starts before the kept nodes made cues too wide (see `converged`).
            let lowest = self.paragraph_start.max(self.base) - first;
            // What every start of a cue ending here shares: where its
            // speech ends, until when it may stay (the next cue's start
            // less the gap), whether a sentence inside it would dangle.
            let speech_end = tokens[j - 1].end;
            let stay_until = tokens.get(j).map_or(u64::MAX, |next| {
                next.start.saturating_sub(limits.min_gap_ms)
            });
            let may_dangle = !is_end && break_costs[j - 1] != SENTENCE;
            // `best[k]` is node `base + k`, start `i` node `first + i`.
            let offset = self.base - first;
            // What a start costs before its lines are laid out, less what
            // every start pays alike (the cue itself, its closing break):
            // that is added to the winner's cost alone. It is the reading
            // time the cue lacks from its start (`Bounds::lacking`), what
            // a long pause inside costs, and a sentence inside that would
            // dangle.
            // Each start's bound, the least its cue can cost before its
            // lines are laid out, latest start first. The cue of the last
            // token alone first, with its whole cost before layout: it has
            // nothing inside to weigh, and it may be wider than a cue.
            let last = &tokens[j - 1];
            let (prefix_cost, _) = self.best[j - 1 - offset];
            let alone = (prefix_cost != UNREACHED.0).then(|| {
                prefix_cost + bounds.lacking(last.start, stay_until, needed_ms(last.width))
            });
            // The earlier starts, the program's inner loop: what is inside
            // the cue (its width, words, long pauses, a sentence that
            // would dangle) is the difference of two sums, and the limits
            // on its width and duration are bounds on the start.
            let dangles = if may_dangle { DANGLING_SENTENCE } else { 0 };
            // Speech that begins before this lasts over the maximum.
            let earliest_start = speech_end.saturating_sub(max_duration_ms);
            let time = EndTime {
                dangles,
                earliest_start,
                stay_until,
            };
            let ending = sums.ending(j, last.width, max_chars, max_words, time);
            let best = &self.best[lowest - offset..j - 1 - offset];
            // The start with the least bound (the latest of equal ones)
            // and the least bound of the others.
            let windowed = sums.in_time_order && !weighs_every_start();
            let (cheapest, runner_up) = if windowed {
                // Kept in the window as the end moves on, weighing no start
                // twice.
                let window = &mut self.window;
                let value = |i: usize| sums.start_value(i, self.best[i - offset].0);
                if fresh {
                    // The first end of these tokens: the starts that fit,
                    // found as `bound` finds them.
                    let mut floor = j - 1;
                    while floor > lowest && sums.at(floor - 1).fits(&ending) {
                        floor -= 1;
                    }
                    window.reset(floor);
                    fresh = false;
                }
                while window.next() < j - 1 {
                    window.push(value(window.next()));
                }
                // The least a start may have only rises from one end to the
                // next: the tokens are in time order.
                let mut floor = window.floor().max(lowest);
                while floor < j - 1 && !sums.at(floor).fits(&ending) {
                    floor += 1;
                }
                window.raise(floor, ending.dangling_below);
                let pauses = ending.pauses * PER_LONG_PAUSE;
                let least = (window.least(ending.time.dangles as i64))
                    .plus(pauses as i64)
                    .and(alone.map_or(Least::NONE, |alone| Least::of(j - 1, alone as i64)));
                let cheapest = (least.value != i64::MAX).then_some((least.at, least.value as u64));
                let runner_up = if least.runner_up == i64::MAX {
                    u64::MAX
                } else {
                    least.runner_up as u64
                };
                #[cfg(test)]
                {
                    // What weighing every start finds, `bound`'s way.
                    let mut weighed = Vec::new();
                    let c = sums.bound_with_alone(
                        lowest..j - 1,
                        best,
                        &ending,
                        (j - 1, alone),
                        &mut weighed,
                    );
                    assert_eq!(
                        (cheapest, runner_up),
                        (c.at().map(|k| weighed[k]), c.runner_up),
                        "the window's cheapest start, node {j}"
                    );
                }
                (cheapest, runner_up)
            } else {
                // Every start weighed, and kept in `unlaid` for the layouts.
                let unlaid = &mut self.unlaid;
                let cheapest =
                    sums.bound_with_alone(lowest..j - 1, best, &ending, (j - 1, alone), unlaid);
                (cheapest.at().map(|c| unlaid[c]), cheapest.runner_up)
            };
            // A start's cost before layout: its bound and the reading
            // time its cue lacks; the last token's own cue has it already.
            let exact = |i: usize, bound: u64| {
                if i == j - 1 {
                    bound
                } else {
                    bound + sums.lacking(i, &ending, &bounds)
                }
            };
            // The cheapest cue wins, and of equal costs the latest start.
            // The start with the least bound is laid out first, as it most
            // often wins: a start whose bound, or whose cost before layout,
            // cannot beat the best so far is then not laid out at all. The
            // same choice in any order, for a fraction of the work.
            let beats = |(i, cost): (usize, u64), cell: Option<(usize, u64)>| {
                cell.is_none_or(|(c_i, c_cost)| cost < c_cost || (cost == c_cost && i > c_i))
            };
            // The cue's whole cost, once its lines are laid out.
            let laid_out =
                |i: usize, before_layout: u64| Some(before_layout + candidates.layout_cost(i, j)?);
            let mut cell: Option<(usize, u64)> = None;
            if weighs_every_start() {
                // The reference: every start laid out, latest first, the
                // first of equal costs kept.
                for &(i, bound) in self.unlaid.iter() {
                    if let Some(cost) = laid_out(i, exact(i, bound))
                        && cell.is_none_or(|(_, c_cost)| cost < c_cost)
                    {
                        cell = Some((i, cost));
                    }
                }
            } else if let Some((c, bound)) = cheapest {
                cell = laid_out(c, exact(c, bound)).map(|cost| (c, cost));
                // The lacking time and the layout only add: when every
                // other start's bound is above what the cheapest costs
                // whole, none can win; nor can a start whose bound does
                // not beat the best so far.
                let some_may_win = cell.is_none_or(|(_, cost)| runner_up <= cost);
                // A start whose bound does not beat the best so far, as
                // most do not, is passed over in the loop itself.
                let weigh = |cell: &mut Option<(usize, u64)>, i: usize, bound: u64| {
                    let before_layout = exact(i, bound);
                    if beats((i, before_layout), *cell)
                        && let Some(cost) = laid_out(i, before_layout)
                        && beats((i, cost), *cell)
                    {
                        *cell = Some((i, cost));
                    }
                };
                if some_may_win && windowed {
                    // Each start's bound from its value in the window, as
                    // `Sums::bound` counts it, latest first as it gives
                    // them: the same choice in any order, but fewer layouts
                    // in this one.
                    if let Some(alone) = alone
                        && j - 1 != c
                        && beats((j - 1, alone), cell)
                    {
                        weigh(&mut cell, j - 1, alone);
                    }
                    let pauses = (ending.pauses * PER_LONG_PAUSE) as i64;
                    for (i, value) in self.window.starts().rev() {
                        if value == i64::MAX || i == c {
                            continue;
                        }
                        let dangling = u64::from(i < ending.dangling_below) * dangles;
                        let bound = (value + pauses) as u64 + dangling;
                        if beats((i, bound), cell) {
                            weigh(&mut cell, i, bound);
                        }
                    }
                } else if some_may_win {
                    for &(i, bound) in self.unlaid.iter() {
                        if i != c && beats((i, bound), cell) {
                            weigh(&mut cell, i, bound);
                        }
                    }
                }
            }
            // What every start pays alike, left out of the comparisons.
            let cell = cell.map(|(i, cost)| (cost + PER_CUE + closing, first + i));
            self.best.push(cell.unwrap_or(UNREACHED));
        }
        candidates
    }

    /// The latest node every partition of the whole text will go through,
    /// whatever tokens follow those given (`tokens[k]` being token
    /// `first + k`): every cue that ends after the last known node starts
    /// at one of the last screen's nodes, and their cheapest partitions are
    /// followed back until they meet.
    pub fn converged(&self, tokens: &[Token], first: usize) -> usize {
        let last = self.known();
        if last >= first + tokens.len() {
            return self.base;
        }
        let max_chars = self.limits.max_line_chars * self.limits.max_lines;
        let token = |node: usize| &tokens[node - first];
        // The first token of the next cue, if it starts a paragraph,
        // starts the next cue: no cue ends after it and begins before it.
        let floor = if token(last).paragraph || token(last).speaker_change {
            last
        } else {
            self.paragraph_start.max(self.base)
        };
        let reached = |node: usize| self.best[node - self.base].0 != UNREACHED.0;
        let mut ends = std::collections::BTreeSet::new();
        ends.extend(Some(last).filter(|&n| reached(n)));
        let mut width = token(last).width;
        let mut node = last;
        while node > floor {
            let joined = token(node).joined;
            width += token(node - 1).width + usize::from(!joined);
            if width > max_chars {
                break;
            }
            node -= 1;
            ends.extend(Some(node).filter(|&n| reached(n)));
        }
        // Followed back latest first, the partitions meet at the latest
        // node they share.
        while ends.len() > 1 {
            let Some(latest) = ends.pop_last() else { break };
            let (_, start) = self.best[latest - self.base];
            ends.insert(start);
        }
        ends.pop_last().unwrap_or(self.base)
    }

    /// The cues of the cheapest partition from the first node kept to
    /// `to` (a node every partition goes through, or the end), which are
    /// then forgotten. `candidates` are what `extend` returned of the
    /// same tokens, `tokens[k]` being token `first + k`.
    pub fn cues(&mut self, candidates: &Candidates, first: usize, to: usize) -> Vec<Group> {
        let mut groups = Vec::new();
        let mut j = to;
        while j > self.base {
            let (cost, i) = self.best[j - self.base];
            assert!(cost != UNREACHED.0, "a lone token always makes a cue");
            let Some((layout, _)) = candidates.lay_out(i - first, j - first) else {
                unreachable!("only cues with a layout are chosen")
            };
            groups.push(Group {
                tokens: i..j,
                layout,
            });
            j = i;
        }
        groups.reverse();
        self.best.drain(..to - self.base);
        self.base = to;
        groups
    }
}

/// What the candidate cues of a run of tokens are made of.
pub struct Candidates<'a> {
    tokens: &'a [Token],
    pieces: Vec<Piece>,
    prefix: Prefix,
    /// `joinable[k]`: tokens k-1 and k are two source cues that would read
    /// as one sentence on one line.
    joinable: Vec<bool>,
    /// `joinable_before[k]`: how many of tokens 1..k are joinable to the
    /// token before them; `turns_before[k]`, how many begin another source
    /// cue. Every candidate asks both of its run: counted once, not once
    /// per candidate.
    joinable_before: Vec<u32>,
    turns_before: Vec<u32>,
    limits: &'a Limits,
}

impl<'a> Candidates<'a> {
    /// The tokens that have a break cost.
    fn of(tokens: &'a [Token], break_costs: &[u32], limits: &'a Limits) -> Candidates<'a> {
        let tokens = &tokens[..break_costs.len()];
        let pieces: Vec<Piece> = tokens
            .iter()
            .zip(break_costs)
            .map(|(t, &c)| Piece {
                width: t.width,
                joined: t.joined,
                break_cost: c,
            })
            .collect();
        let prefix = Prefix::of(&pieces, limits.max_line_chars);
        let joinable: Vec<bool> = (0..tokens.len())
            .map(|k| k > 0 && joins_turns(&tokens[k - 1], &tokens[k]))
            .collect();
        let counted = |counts: &mut Vec<u32>, k: usize, counts_k: bool| {
            counts.push(counts[k] + u32::from(counts_k));
        };
        let (mut joinable_before, mut turns_before) = (vec![0], vec![0]);
        for k in 0..tokens.len() {
            counted(&mut joinable_before, k, joinable[k]);
            let turn = k > 0 && tokens[k].source != tokens[k - 1].source;
            counted(&mut turns_before, k, turn);
        }
        Candidates {
            tokens,
            pieces,
            prefix,
            joinable,
            joinable_before,
            turns_before,
            limits,
        }
    }

    /// The lines of the cue `i..j`, and the joined turns they leave on one
    /// line; asked again of the chosen cues, so the table keeps no layout.
    fn lay_out(&self, i: usize, j: usize) -> Option<(Layout, u64)> {
        let (tokens, pieces, limits, joinable) =
            (self.tokens, &self.pieces, self.limits, &self.joinable);
        let single = i + 1 == j;
        let widths = self.prefix.of_run(pieces, i..j);
        let layout = match layout_of(&widths, limits.max_lines) {
            Some(l) => l,
            None if single => Layout::default_one_line(),
            None => return None,
        };
        // Short turns joined on one line read as one sentence: give
        // each source cue a line of its own when they fit, else pay.
        let (inside, turns) = self.turns_inside(i, j);
        let joins = inside - layout.breaks.iter().filter(|&&b| joinable[i + b]).count() as u64;
        let by_turn = (joins > 0 && turns < limits.max_lines)
            .then(|| turns_layout(&tokens[i..j], &pieces[i..j], limits))
            .flatten();
        Some(match by_turn {
            Some(by_turn) => (by_turn, 0),
            None => (layout, joins),
        })
    }

    /// What the lines of the cue `i..j` cost (`lay_out`'s layout and
    /// joined turns), without the layout when no turns may join: the cue
    /// choice asks it of about two candidates a token.
    #[inline]
    fn layout_cost(&self, i: usize, j: usize) -> Option<u64> {
        if self.turns_inside(i, j).0 > 0 {
            let (layout, joins) = self.lay_out(i, j)?;
            return Some(u64::from(layout.cost) + joins * PER_JOINED_TURN);
        }
        // No turns to join: `lay_out`'s layout, the cost alone.
        let widths = self.prefix.of_run(&self.pieces, i..j);
        let limits = self.limits;
        match layout_cost_of(&widths, limits.max_lines) {
            Some(cost) => Some(u64::from(cost)),
            None if i + 1 == j => Some(u64::from(Layout::default_one_line().cost)),
            None => None,
        }
    }

    /// Of the tokens of the cue `i..j` after its first: how many are
    /// joinable to the token before them, and how many begin another
    /// source cue.
    fn turns_inside(&self, i: usize, j: usize) -> (u64, usize) {
        let between = |before: &[u32]| before[j] - before[i + 1];
        (
            u64::from(between(&self.joinable_before)),
            between(&self.turns_before) as usize,
        )
    }
}

#[cfg(test)]
thread_local! {
    /// Set by tests to lay out every start, the choice the pruned search
    /// must make.
    static WEIGH_EVERY_START: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether every candidate start is laid out, pruning none (tests only).
#[cfg(test)]
fn weighs_every_start() -> bool {
    WEIGH_EVERY_START.with(std::cell::Cell::get)
}

#[cfg(not(test))]
fn weighs_every_start() -> bool {
    false
}

/// Makes the grouping on this thread lay out every start (tests only).
#[cfg(test)]
pub(super) fn weigh_every_start(on: bool) {
    WEIGH_EVERY_START.with(|w| w.set(on));
}

/// A partition not found yet: no real one costs this much.
const UNREACHED: (u64, usize) = (u64::MAX, usize::MAX);

/// What the time a cue lacks costs: it needs `needed_ms` to be read, and
/// may stay on screen `room` ms (until the next cue starts, less the gap,
/// and at most the maximum duration).
/// `weight` is how many times more the time under the minimum costs.
fn shortfall(room: u64, needed_ms: u64, min_duration_ms: u64, weight: u64) -> u64 {
    let reading = needed_ms.saturating_sub(room);
    let under_minimum = min_duration_ms.saturating_sub(room);
    reading / 10 * PER_10_MS_SHORT + under_minimum * PER_MS_UNDER_MINIMUM * weight
}

impl Layout {
    fn default_one_line() -> Layout {
        Layout {
            breaks: Breaks::new(),
            cost: 0,
        }
    }
}

/// Whether token `a` ending a short source cue and `b` opening the next
/// (or the reverse), with no punctuation between them, read as one
/// sentence when a line holds both.
fn joins_turns(a: &Token, b: &Token) -> bool {
    a.source != b.source && (a.short_source || b.short_source) && !ends_clause(&a.text)
}

fn ends_clause(text: &str) -> bool {
    text.trim_end_matches(['»', '"', '”', ')', '\u{a0}', '\u{202f}', ' '])
        .ends_with(['.', ',', ';', ':', '!', '?', '…', '—', '–'])
}

/// A layout with each source cue on a line of its own, when there are no
/// more of them than lines and each fits one.
fn turns_layout(cue: &[Token], pieces: &[Piece], limits: &Limits) -> Option<Layout> {
    let mut starts = Breaks::new();
    for k in 1..cue.len() {
        if cue[k].source != cue[k - 1].source {
            if starts.len() + 2 > limits.max_lines {
                return None;
            }
            starts.push(k);
        }
    }
    if starts.is_empty() {
        return None;
    }
    // A source cut inside a phrase ("rip the | bill in half") is no turn:
    // never break a line where the words forbid it.
    if starts.iter().any(|&k| pieces[k - 1].break_cost > PLAIN) {
        return None;
    }
    let bounds = std::iter::once(0)
        .chain(starts.iter().copied())
        .zip(starts.iter().copied().chain(std::iter::once(cue.len())));
    for (a, b) in bounds {
        let width: usize = pieces[a..b]
            .iter()
            .enumerate()
            .map(|(k, p)| p.width + usize::from(k > 0 && !p.joined))
            .sum();
        if width > limits.max_line_chars {
            return None;
        }
    }
    let cost = starts.iter().map(|&k| pieces[k - 1].break_cost).sum();
    Some(Layout {
        breaks: starts,
        cost,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Short source cues of one to three words, some a turn of their own.
    fn turns() -> Vec<Token> {
        let words = ["Oui.", "Non", "peut-être", "Ah", "bon.", "Et", "alors", "?"];
        let mut tokens = Vec::new();
        let mut at = 0;
        for source in 0..40usize {
            for w in 0..1 + source * 7 % 3 {
                let text = words[(source + w) % words.len()];
                tokens.push(Token {
                    text: text.into(),
                    width: text.chars().count(),
                    start: at,
                    end: at + 300,
                    joined: false,
                    paragraph: false,
                    source,
                    speaker_change: false,
                    short_source: source % 4 != 0,
                });
                at += 350;
            }
        }
        tokens
    }

    /// The costs `Sums::bound` and `Sums::lacking` give each start, from
    /// differences of running sums, are those of adding up each cue's
    /// tokens one by one: its width, words, long pauses, a sentence end
    /// inside, the reading time it lacks; and `bound` stops at the same
    /// start.
    #[test]
    fn each_start_is_weighed_as_its_tokens_add_up() {
        let mut tokens = turns();
        for (k, token) in tokens.iter_mut().enumerate() {
            let late = 1500 * (k as u64 / 7);
            (token.start, token.end) = (token.start + late, token.end + late);
            token.joined = k % 11 == 5;
        }
        let costs: Vec<u32> = (tokens.iter())
            .map(|t| {
                if t.text.ends_with('.') {
                    SENTENCE
                } else {
                    PLAIN
                }
            })
            .collect();
        let best: Vec<(u64, usize)> = (0..tokens.len() as u64)
            .map(|k| {
                if k % 9 == 4 {
                    UNREACHED
                } else {
                    (k * 13 % 50, 0)
                }
            })
            .collect();
        let limits = Limits::default();
        let (max_chars, max_words) = (limits.max_line_chars * limits.max_lines, 7);
        let needed: Vec<u64> = (0..=max_chars).map(|w| limits.needed_ms(w)).collect();
        let bounds = Bounds {
            min_duration_ms: limits.min_duration_ms,
            max_duration_ms: limits.max_duration_ms,
            under_minimum_weight: 1,
            needed: &needed,
        };
        let mut sums = Sums::default();
        sums.count(&tokens, &costs);
        let (mut weighed, mut paused, mut dangling, mut lacked) = (0, 0, 0, 0);
        for j in 2..tokens.len() {
            let last = &tokens[j - 1];
            let stay_until = tokens[j].start - limits.min_gap_ms;
            let earliest_start = last.end.saturating_sub(limits.max_duration_ms);
            let dangles = if costs[j - 1] == SENTENCE {
                0
            } else {
                DANGLING_SENTENCE
            };
            // Each start's cost, its tokens added up from the last, and
            // the same less the reading time the cue lacks.
            let (mut expected, mut bounds_expected) = (Vec::new(), Vec::new());
            for i in (0..j - 1).rev() {
                let run = &tokens[i..j];
                let width = last.width
                    + (i..j - 1)
                        .map(|k| tokens[k].width + usize::from(!tokens[k + 1].joined))
                        .sum::<usize>();
                let words = run.iter().filter(|t| !t.joined).count();
                if width > max_chars || tokens[i].start < earliest_start || words > max_words {
                    break;
                }
                if best[i] == UNREACHED {
                    continue;
                }
                let pauses = (i..j - 1)
                    .filter(|&k| tokens[k + 1].start - tokens[k].end >= LONG_PAUSE_MS)
                    .count() as u64;
                let sentence = (i..j - 1).any(|k| costs[k] == SENTENCE);
                let room = stay_until
                    .saturating_sub(tokens[i].start)
                    .min(limits.max_duration_ms);
                let lacking = shortfall(room, needed[width], limits.min_duration_ms, 1);
                let inside = pauses * PER_LONG_PAUSE + u64::from(sentence) * dangles;
                expected.push((i, best[i].0 + inside + lacking));
                bounds_expected.push((i, best[i].0 + inside));
                lacked += usize::from(lacking > 0);
                paused += usize::from(pauses > 0);
                dangling += usize::from(sentence && dangles > 0);
            }
            let time = EndTime {
                dangles,
                earliest_start,
                stay_until,
            };
            let ending = sums.ending(j, last.width, max_chars, max_words, time);
            let (mut unlaid, mut cheapest) = (Vec::new(), Cheapest::NONE);
            sums.bound(
                0..j - 1,
                &best[..j - 1],
                &ending,
                &mut unlaid,
                &mut cheapest,
            );
            assert_eq!(unlaid, bounds_expected, "node {j}");
            let exact: Vec<(usize, u64)> = (unlaid.iter())
                .map(|&(i, bound)| (i, bound + sums.lacking(i, &ending, &bounds)))
                .collect();
            assert_eq!(exact, expected, "node {j}");
            // The first of the least bound, and the least of the others.
            let least = bounds_expected.iter().map(|&(_, cost)| cost).min();
            let at = (bounds_expected.iter()).position(|&(_, cost)| Some(cost) == least);
            let others = (bounds_expected.iter().enumerate())
                .filter(|&(k, _)| Some(k) != at)
                .map(|(_, &(_, cost))| cost);
            assert_eq!(cheapest.at(), at, "node {j}");
            assert_eq!(
                cheapest.runner_up,
                others.min().unwrap_or(u64::MAX),
                "node {j}"
            );
            weighed += expected.len();
        }
        assert!(
            weighed > 200 && paused > 20 && dangling > 20 && lacked > 20,
            "{weighed} {paused} {dangling} {lacked}"
        );
    }

    #[test]
    fn each_run_counts_its_joinable_tokens_and_turns() {
        let tokens = turns();
        let costs = vec![PLAIN; tokens.len()];
        let limits = Limits::default();
        let candidates = Candidates::of(&tokens, &costs, &limits);
        let (mut joinable, mut turns) = (0, 0);
        for i in 0..tokens.len() {
            for j in i + 1..=tokens.len() {
                let inside = (i + 1..j).filter(|&k| joins_turns(&tokens[k - 1], &tokens[k]));
                let changes = (i + 1..j).filter(|&k| tokens[k].source != tokens[k - 1].source);
                let counted = (inside.count() as u64, changes.count());
                assert_eq!(candidates.turns_inside(i, j), counted, "{i}..{j}");
                joinable += counted.0;
                turns += counted.1;
            }
        }
        assert!(joinable > 100 && turns > 100, "{joinable} {turns}");
    }
}
