//! Subtitles built as the transcript's cues arrive, with memory for a few
//! screens of text whatever its length: each stage looks only a little
//! ahead. Tokens wait for a closing mark and for the words of a term
//! after them (`breaks`); the cue choice waits until the cheapest
//! partitions of the last screen's nodes meet (`cues::Grouping`); a cue
//! waits for the next, with which it may pair as a dialogue (`dialogue`)
//! and whose start ends it (`timing`). Only a total `--duration` for text
//! without times holds every cue until the last. The subtitles are those
//! [`Segmenter::segment`] builds, which is this stream over every cue.

use std::collections::BTreeMap;

use crate::timestamp::Timestamp;
use crate::transcript::Cue;

use super::breaks::BreakCosts;
use super::cues::{Group, Grouping};
use super::dialogue::{Built, Pairing};
use super::timeline::{Dressing, Shown, TimeSource, Tokenizer};
use super::timing::{self, Anchor, Clock, Speech};
use super::token::Token;
use super::{Segmenter, Subtitle};

/// Tokens added between two looks for cues that can be given out: often
/// enough to keep a few screens, rarely enough that the look costs nothing.
pub(super) const LOOK_EVERY: usize = 2048;

/// The subtitles of a transcript whose cues are pushed one at a time;
/// those settled are taken as they come, or given out as they settle
/// ([`SegmentStream::give_to`]). Build with [`Segmenter::stream`].
pub struct SegmentStream<'s> {
    segmenter: &'s Segmenter,
    tokenizer: Tokenizer,
    break_costs: BreakCosts,
    grouping: Grouping<'s>,
    /// The tokens kept, `tokens[k]` being token `first + k`, and the break
    /// costs counted so far of the first of them.
    tokens: Vec<Token>,
    costs: Vec<u32>,
    first: usize,
    /// Tokens before this one are timed (text without times).
    timed: usize,
    /// The speaker of each source cue that names one and may still open
    /// a cue.
    speakers: BTreeMap<usize, String>,
    pairing: Pairing<'s>,
    timing: Timing,
    /// Tokens added since the last look for settled cues.
    unlooked: usize,
    look_every: usize,
    ready: Vec<Subtitle>,
    /// Whoever takes settled subtitles as they settle, inside a cue.
    give: Option<Give<'s>>,
}

/// Takes the subtitles settled since it was last called, in order.
type Give<'s> = Box<dyn FnMut(Vec<Subtitle>) + Send + Sync + 's>;

impl std::fmt::Debug for SegmentStream<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SegmentStream")
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
    /// Subtitles built as cues are pushed, for a transcript whose cues
    /// all have times (`timed`) or none have. The same subtitles as
    /// [`Segmenter::segment`] of those cues, less its merging of
    /// word-highlight cues.
    ///
    /// ```
    /// use transcrub::Cue;
    /// use transcrub::segment::Segmenter;
    ///
    /// let segmenter = Segmenter::builder().language(Some("fr")).build();
    /// let mut stream = segmenter.stream(false);
    /// let mut subtitles = Vec::new();
    /// for (line, text) in ["Bonjour à toutes et à tous.", "On parle de Kubernetes."]
    ///     .into_iter()
    ///     .enumerate()
    /// {
    ///     stream.push(&Cue::untimed(text, line + 1));
    ///     subtitles.extend(stream.take());
    /// }
    /// let (rest, _times) = stream.finish();
    /// subtitles.extend(rest);
    /// // One cue of two lines, from 0 at the speaking rate.
    /// assert_eq!(subtitles.len(), 1);
    /// assert_eq!(subtitles[0].lines, ["Bonjour à toutes et à tous.", "On parle de Kubernetes."]);
    /// assert_eq!(subtitles[0].start.0, 0);
    /// ```
    pub fn stream(&self, timed: bool) -> SegmentStream<'_> {
        let dressing = Dressing {
            french: self.french,
            max_line_chars: self.limits.max_line_chars,
            rate: self.rate,
            start_ms: self.start_ms,
            drop_sounds: self.drop_sounds,
        };
        let timing = match (timed, self.duration_ms) {
            (true, _) => Timing::Anchored(Anchor::default(), None),
            (false, None) => Timing::Estimated(Clock::new(self.start_ms)),
            (false, Some(_)) => Timing::Stretched(Vec::new()),
        };
        SegmentStream {
            segmenter: self,
            tokenizer: Tokenizer::new(dressing, timed),
            break_costs: BreakCosts::default(),
            grouping: Grouping::new(&self.limits, &self.shape),
            tokens: Vec::new(),
            costs: Vec::new(),
            first: 0,
            timed: 0,
            speakers: BTreeMap::new(),
            pairing: Pairing::new(&self.limits, self.dash),
            timing,
            unlooked: 0,
            look_every: LOOK_EVERY,
            ready: Vec::new(),
            give: None,
        }
    }
}

impl Segmenter {
    /// The subtitles of every cue through a stream that looks for settled
    /// cues every `look_every` tokens, and where the times came from.
    pub(super) fn stream_all(
        &self,
        cues: &[Cue],
        timed: bool,
        look_every: usize,
    ) -> (Vec<Subtitle>, TimeSource) {
        let mut stream = self.stream(timed);
        stream.look_every = look_every;
        let mut subtitles = Vec::new();
        for cue in cues {
            stream.push(cue);
            subtitles.append(&mut stream.take());
        }
        let (rest, time_source) = stream.finish();
        subtitles.extend(rest);
        (subtitles, time_source)
    }
}

impl<'s> SegmentStream<'s> {
    /// Adds the transcript's next cue.
    pub fn push(&mut self, cue: &Cue) {
        self.push_shown(cue, Shown::of(&cue.text));
    }

    /// As [`push`](Self::push), with what the cue shows found already
    /// (`Shown::of(&cue.text)`), on another thread perhaps.
    pub fn push_shown(&mut self, cue: &Cue, shown: Shown) {
        if let Some(speaker) = &cue.speaker {
            self.speakers
                .insert(self.tokenizer.next_cue(), speaker.clone());
        }
        if let Some(words) = self.tokenizer.begin(cue, shown) {
            self.add(words);
        }
    }

    /// Adds a piece of the cue pushed last, which goes on with it after
    /// a space: a very long line of plain text cleaned in pieces. The
    /// line must have been cut where [`reads_whole`](super::reads_whole)
    /// says it may, at a space before a word.
    pub fn push_continued(&mut self, piece: &Cue) {
        self.push_continued_shown(Shown::of(&piece.text));
    }

    /// As [`push_continued`](Self::push_continued), with what the piece
    /// shows found already.
    pub fn push_continued_shown(&mut self, shown: Shown) {
        if let Some(words) = self.tokenizer.continue_cue(shown) {
            self.add(words);
        }
    }

    /// Makes the cue's words tokens, looking for settled cues as often
    /// as between cues.
    fn add(&mut self, mut words: super::timeline::CueWords) {
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
                self.settle(false);
                self.give_ready();
            }
            if !more {
                break;
            }
        }
        self.tokenizer.end(words);
    }

    /// The subtitles settled so far, in order; each is given once.
    pub fn take(&mut self) -> Vec<Subtitle> {
        std::mem::take(&mut self.ready)
    }

    /// From now on, subtitles that settle while a long cue is added
    /// (a transcript written as one cue) go to `give` as they do, instead
    /// of waiting for [`take`](Self::take) with the rest of the cue's. A
    /// 5 MB cue's subtitles are 20 MB held otherwise. Those settled
    /// between cues and at the end are still taken.
    pub fn give_to(&mut self, give: impl FnMut(Vec<Subtitle>) + Send + Sync + 's) {
        self.give = Some(Box::new(give));
    }

    /// Gives the subtitles settled so far to whoever takes them inside a cue.
    fn give_ready(&mut self) {
        if let Some(give) = self.give.as_mut()
            && !self.ready.is_empty()
        {
            give(std::mem::take(&mut self.ready));
        }
    }

    /// After the last cue: the subtitles not taken yet, and where the
    /// times came from.
    pub fn finish(mut self) -> (Vec<Subtitle>, TimeSource) {
        self.tokenizer.finish(&mut self.tokens);
        self.time(self.first + self.tokens.len());
        self.settle(true);
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
        (self.ready, self.tokenizer.source)
    }

    /// Times the tokens of text without times up to token `to`.
    fn time(&mut self, to: usize) {
        if to > self.timed {
            let (from, first) = (self.timed - self.first, self.first);
            self.tokenizer.time(&mut self.tokens[from..to - first]);
            self.timed = to;
        }
    }

    /// Chooses the cues it can, builds those settled and forgets their
    /// tokens; at the `end`, all of them.
    fn settle(&mut self, end: bool) {
        let s = self.segmenter;
        self.break_costs
            .extend(&self.tokens, &mut self.costs, end, s.words, &s.terms);
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
        // Kept: the tokens of cues not chosen yet, and those a term may
        // cross into from before the first break cost not counted.
        let keep = (self.grouping.base() - self.first)
            .min(self.costs.len().saturating_sub(s.terms.longest()));
        self.tokens.drain(..keep);
        self.costs.drain(..keep);
        self.first += keep;
        if let Some(first) = self.tokens.first() {
            self.speakers = self.speakers.split_off(&first.source);
        }
    }

    /// A chosen cue's lines and words.
    fn build(&self, group: &Group) -> Built {
        let cue = &self.tokens[group.tokens.start - self.first..group.tokens.end - self.first];
        let mut starts = vec![0];
        starts.extend(group.layout.breaks.iter().copied());
        starts.push(cue.len());
        // A space before each token of a line but the first and the
        // pieces of a word too long for a line.
        let space = |k: usize, t: &Token| if k > 0 && !t.joined { " " } else { "" };
        let runs: Vec<&[Token]> = starts.windows(2).map(|w| &cue[w[0]..w[1]]).collect();
        let lines: Vec<String> = runs
            .iter()
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
            runs.iter()
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
        let (head, last) = (&cue[0], &cue[cue.len() - 1]);
        Built {
            start: head.start,
            end: last.end,
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
        let chars = s.limits.characters(&built.lines.join("\n"));
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::format::Format;
    use crate::read::{Mode, parse};
    use crate::timestamp::Timestamp;
    use crate::transcript::Transcript;

    use super::super::{Segmenter, SegmenterBuilder, TimeSource};
    use super::Subtitle;

    /// The subtitles of `transcript`, looking for settled cues after every
    /// `every` tokens (`usize::MAX`: only at the end, all cues at once).
    fn looking_every(
        segmenter: &Segmenter,
        transcript: &Transcript,
        every: usize,
    ) -> (Vec<Subtitle>, TimeSource) {
        segmenter.stream_all(&transcript.cues, transcript.is_timed(), every)
    }

    /// Names of several words in the seed, which no line or cue may split
    /// but where nothing else fits: the break costs after a cue given out
    /// depend on the words before it.
    const TERMS: [&str; 6] = [
        "Principal Software Engineer",
        "Raspberry Pi",
        "Philippe Charriere",
        "Quentin Adam",
        "Solutions Architect",
        "Sur Alpha Clubit",
    ];

    /// Settings by name, each a builder to start from.
    type Setting = (&'static str, fn() -> SegmenterBuilder);

    fn settings() -> Vec<Setting> {
        vec![
            ("defaults, French", || {
                Segmenter::builder().language(Some("fr"))
            }),
            ("three lines, no language", || {
                Segmenter::builder().max_lines(3)
            }),
            ("one line: no dialogue", || {
                Segmenter::builder().language(Some("fr")).max_lines(1)
            }),
            ("five words, merged short cues, no words kept", || {
                Segmenter::builder()
                    .language(Some("fr"))
                    .max_words(Some(5))
                    .merge_short(true)
                    .keep_words(false)
            }),
            ("English, narrow lines, the seed's names as terms", || {
                Segmenter::builder()
                    .language(Some("en"))
                    .max_line_chars(20)
                    .terms(TERMS)
            }),
            ("one line of twelve, the seed's names as terms", || {
                Segmenter::builder()
                    .language(Some("fr"))
                    .max_line_chars(12)
                    .max_lines(1)
                    .terms(TERMS)
            }),
            ("a total duration and a start", || {
                Segmenter::builder()
                    .language(Some("fr"))
                    .start(Timestamp(5_000))
                    .duration(Some(Timestamp(600_000)))
            }),
        ]
    }

    /// Every fixture format the readers take, and the seed episode's start.
    fn transcripts() -> Vec<(String, Transcript)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut found = Vec::new();
        let mut paths: Vec<_> = std::fs::read_dir(root.join("formats"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        for path in paths {
            let Some(format) = Format::from_extension(&path) else {
                continue;
            };
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if let Ok(reading) = parse(&text, format, Mode::Lossy) {
                found.push((path.display().to_string(), reading.transcript));
            }
        }
        let seed = std::fs::read_to_string(root.join("mci-2025-02-07.txt")).unwrap();
        let start: String = seed.chars().take(40_000).collect();
        let reading = parse(&start, Format::Txt, Mode::Lossy).unwrap();
        found.push((
            "the seed's first 40,000 characters".into(),
            reading.transcript,
        ));
        // As several tools write it, one line, and one timed cue: the
        // stream adds such a cue a few words at a time.
        let one_line = start.split_whitespace().collect::<Vec<_>>().join(" ");
        let reading = parse(&one_line, Format::Txt, Mode::Lossy).unwrap();
        found.push(("the same on one line".into(), reading.transcript));
        let one_cue = format!("1\n00:00:01,000 --> 00:40:00,000\n{one_line}\n");
        let reading = parse(&one_cue, Format::Srt, Mode::Lossy).unwrap();
        assert_eq!(reading.transcript.cues.len(), 1);
        found.push(("the same as one SRT cue".into(), reading.transcript));
        found
    }

    /// A stream (a callback given to it included) may move to another
    /// thread and be shared between threads, as it could before it took one.
    #[test]
    fn a_stream_is_send_and_sync() {
        fn shareable<T: Send + Sync>() {}
        shareable::<super::SegmentStream>();
    }

    /// A long cue's subtitles go to whoever takes them as they settle,
    /// before the cue is all added: the same subtitles, in the same order.
    #[test]
    fn a_long_cue_gives_out_its_subtitles_as_they_settle() {
        let transcripts = transcripts();
        let (_, one_cue) = transcripts
            .iter()
            .find(|(name, _)| name == "the same as one SRT cue")
            .unwrap();
        for (name, builder) in settings() {
            let segmenter = builder().build();
            let whole = looking_every(&segmenter, one_cue, 500);
            let given = std::sync::Mutex::new(Vec::new());
            let mut stream = segmenter.stream(true);
            stream.look_every = 500;
            stream.give_to(|ready| given.lock().unwrap().push(ready));
            stream.push(&one_cue.cues[0]);
            let mut subtitles: Vec<Subtitle> = Vec::new();
            let batches = given.lock().unwrap().len();
            assert!(batches > 3, "{name}: {batches} batches");
            for batch in given.lock().unwrap().drain(..) {
                subtitles.extend(batch);
            }
            subtitles.extend(stream.take());
            let (rest, source) = stream.finish();
            subtitles.extend(rest);
            assert!(whole.0.len() > 40, "{name}");
            assert_eq!((subtitles, source), whole, "{name}");
        }
    }

    /// A term that crosses the node where cues were given out: the cost of
    /// a break after its second word depends on its first, already out.
    /// Pushed a line at a time, the paragraph's first line has just the
    /// tokens a break cost looks ahead, so the first node settled is the
    /// paragraph's.
    #[test]
    fn a_term_across_a_settled_node_keeps_its_first_words() {
        let text = "On parle de la machine Sur\n\nAlpha Clubit Dit Bon\nvoilà tout.\n";
        let transcript = parse(text, Format::Txt, Mode::Lossy).unwrap().transcript;
        let segmenter = Segmenter::builder()
            .language(Some("fr"))
            .max_line_chars(14)
            .max_lines(1)
            .terms(["Sur Alpha Clubit"])
            .build();
        let whole = looking_every(&segmenter, &transcript, usize::MAX);
        let lines: Vec<&str> = whole.0.iter().map(|s| s.lines[0].as_str()).collect();
        assert!(lines.contains(&"Alpha Clubit"), "{lines:?}");
        assert_eq!(looking_every(&segmenter, &transcript, 1), whole);
    }

    /// A very long line cleaned in pieces is segmented as the one cue it
    /// is: its pieces after the first go on with it.
    #[test]
    fn a_line_pushed_in_pieces_segments_as_the_line() {
        use crate::transcript::Cue;
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let seed = std::fs::read_to_string(root.join("mci-2025-02-07.txt")).unwrap();
        let start: String = seed.chars().take(40_000).collect();
        let line = start.split_whitespace().collect::<Vec<_>>().join(" ");
        // Cut at spaces before a word, as src/clean/line_cuts.rs cuts.
        let mut cuts = vec![0];
        for mut want in [1_000, 4_321, 9_000, 20_000, 33_333] {
            while !line.is_char_boundary(want) {
                want += 1;
            }
            let at = want
                + line[want..]
                    .match_indices(' ')
                    .find(|(i, _)| {
                        let next = &line[want + i + 1..];
                        next.chars().next().is_some_and(char::is_alphanumeric)
                    })
                    .unwrap()
                    .0;
            cuts.push(at + 1);
        }
        cuts.push(line.len() + 1);
        let before = Cue::untimed("Bonjour à tous.", 1);
        let after = Cue::untimed("Et voilà.", 3);
        for (name, builder) in settings() {
            let segmenter = builder().build();
            for every in [1, 50, usize::MAX] {
                let mut whole = segmenter.stream(false);
                whole.look_every = every;
                let mut pieces = segmenter.stream(false);
                pieces.look_every = every;
                let (mut a, mut b) = (Vec::new(), Vec::new());
                for cue in [&before, &Cue::untimed(line.as_str(), 2), &after] {
                    whole.push(cue);
                    a.extend(whole.take());
                }
                pieces.push(&before);
                for (k, w) in cuts.windows(2).enumerate() {
                    let piece = Cue::untimed(&line[w[0]..w[1] - 1], 2);
                    match k {
                        0 => pieces.push(&piece),
                        _ => pieces.push_continued(&piece),
                    }
                    b.extend(pieces.take());
                }
                pieces.push(&after);
                b.extend(pieces.take());
                let (rest_a, source_a) = whole.finish();
                let (rest_b, source_b) = pieces.finish();
                a.extend(rest_a);
                b.extend(rest_b);
                assert!(a.len() > 50, "{name}");
                assert!(a == b && source_a == source_b, "{name}, every {every}");
            }
        }
    }

    /// The cue builder lays out the start cheapest before layout first and
    /// then only the starts that can still beat the best: the cues are
    /// those chosen when every start is laid out, ties going to the latest
    /// start.
    #[test]
    fn pruned_cue_choice_is_the_choice_of_weighing_every_start() {
        let transcripts = transcripts();
        let mut cues = 0;
        for (name, builder) in settings() {
            let segmenter = builder().build();
            for (path, transcript) in &transcripts {
                crate::segment::cues::weigh_every_start(true);
                let every = looking_every(&segmenter, transcript, usize::MAX);
                crate::segment::cues::weigh_every_start(false);
                let pruned = looking_every(&segmenter, transcript, usize::MAX);
                let differs = (0..pruned.0.len().max(every.0.len()))
                    .find(|&k| pruned.0.get(k) != every.0.get(k));
                assert!(
                    differs.is_none(),
                    "{path}, {name}: cue {differs:?}: {:?} against {:?}",
                    differs.and_then(|k| pruned.0.get(k)),
                    differs.and_then(|k| every.0.get(k)),
                );
                cues += every.0.len();
            }
        }
        assert!(cues > 1000, "{cues}");
    }

    /// Cues given out as soon as every cheapest partition agrees on them
    /// are the cues chosen when the whole text is known, and so are their
    /// lines, times, speakers and dialogues.
    #[test]
    fn cues_given_out_early_are_the_cues_chosen_at_the_end() {
        let transcripts = transcripts();
        assert!(transcripts.len() > 40, "{}", transcripts.len());
        let mut settled_early = 0;
        for (name, builder) in settings() {
            let segmenter = builder().build();
            for (path, transcript) in &transcripts {
                let whole = looking_every(&segmenter, transcript, usize::MAX);
                for every in [1, 3, 50] {
                    let early = looking_every(&segmenter, transcript, every);
                    let differs = (0..early.0.len().max(whole.0.len()))
                        .find(|&k| early.0.get(k) != whole.0.get(k));
                    assert!(
                        differs.is_none() && early.1 == whole.1,
                        "{path}, {name}, looking every {every} tokens: cue {differs:?}: {:?} against {:?}",
                        differs.and_then(|k| early.0.get(k)),
                        differs.and_then(|k| whole.0.get(k)),
                    );
                }
                settled_early += whole.0.len();
            }
        }
        assert!(settled_early > 1000, "{settled_early}");
    }
}
