//! Subtitles built as the transcript's cues arrive, with memory for a few
//! screens of text whatever its length: each stage looks only a little
//! ahead. Tokens wait for a closing mark and for the words of a term
//! after them (`breaks`); the cue choice waits until the cheapest
//! partitions of the last screen's nodes meet (`cues::Grouping`); a cue
//! waits for the next, with which it may pair as a dialogue (`dialogue`)
//! and whose start ends it (`timing`). Only a total `--duration` for text
//! without times holds every cue until the last. The subtitles are those
//! [`Segmenter::segment`] builds, which is this stream over every cue.
//! The stream is its two stages (src/segment/stages.rs) one after the
//! other; a program may run them on two threads instead.

use crate::transcript::Cue;

use super::stages::{CueStage, TokenStage};
use super::timeline::{Shown, TimeSource};
use super::{Segmenter, Subtitle};

pub(super) use super::stages::LOOK_EVERY;

/// The subtitles of a transcript whose cues are pushed one at a time;
/// those settled are taken as they come, or given out as they settle
/// ([`SegmentStream::give_to`]). Build with [`Segmenter::stream`].
#[derive(Debug)]
pub struct SegmentStream<'s> {
    tokens: TokenStage<'s>,
    cues: CueStage<'s>,
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
        let (tokens, cues) = self.stages(timed);
        SegmentStream { tokens, cues }
    }
}

impl Segmenter {
    /// The subtitles of every cue through a stream that looks for settled
    /// cues every `look_every` tokens, and where the times came from.
    pub(super) fn stream_all(
        &self,
        cues: &[Cue],
        timed: bool,
        word_list: bool,
        script: bool,
        look_every: usize,
    ) -> (Vec<Subtitle>, TimeSource) {
        let (tokens, cues_stage) = self.stages_for(timed, word_list, script);
        let mut stream = SegmentStream {
            tokens,
            cues: cues_stage,
        };
        stream.look_every_tokens(look_every);
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
        let cues = &mut self.cues;
        self.tokens
            .push_shown(cue, Shown::of_cue(cue), &mut |costed| {
                cues.settle_giving(costed)
            });
    }

    /// Adds a piece of the cue pushed last, which goes on with it after
    /// a space: a very long line of plain text cleaned in pieces. The
    /// line must have been cut where [`reads_whole`](super::reads_whole)
    /// says it may, at a space before a word.
    pub fn push_continued(&mut self, piece: &Cue) {
        let cues = &mut self.cues;
        self.tokens
            .push_continued_shown(Shown::of(&piece.text), &mut |costed| {
                cues.settle_giving(costed)
            });
    }

    /// The subtitles settled so far, in order; each is given once.
    pub fn take(&mut self) -> Vec<Subtitle> {
        self.cues.take()
    }

    /// From now on, subtitles that settle while a long cue is added
    /// (a transcript written as one cue) go to `give` as they do, instead
    /// of waiting for [`take`](Self::take) with the rest of the cue's. A
    /// 5 MB cue's subtitles are 20 MB held otherwise. Those settled
    /// between cues and at the end are still taken.
    pub fn give_to(&mut self, give: impl FnMut(Vec<Subtitle>) + Send + Sync + 's) {
        self.cues.give_to(give);
    }

    /// After the last cue: the subtitles not taken yet, and where the
    /// times came from.
    pub fn finish(self) -> (Vec<Subtitle>, TimeSource) {
        let SegmentStream { tokens, mut cues } = self;
        let time_source = tokens.finish(&mut |costed| cues.settle(costed));
        (cues.finish(), time_source)
    }

    /// Looks for settled cues every `every` tokens instead.
    pub(super) fn look_every_tokens(&mut self, every: usize) {
        self.tokens.look_every = every;
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
        segmenter.stream_all(&transcript.cues, transcript.is_timed(), false, false, every)
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
            stream.look_every_tokens(500);
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
                whole.look_every_tokens(every);
                let mut pieces = segmenter.stream(false);
                pieces.look_every_tokens(every);
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

    /// The subtitles of `transcript` with the stream's two stages on two
    /// threads, as `subtitles` runs them, a batch handed on every
    /// `every` tokens.
    fn on_two_threads(
        segmenter: &Segmenter,
        transcript: &Transcript,
        every: usize,
    ) -> (Vec<Subtitle>, TimeSource) {
        let (mut tokens, mut cues) = segmenter.stages(transcript.is_timed());
        tokens.look_every = every;
        let (to, batches) = std::sync::mpsc::sync_channel(1);
        std::thread::scope(|scope| {
            let cue_thread = scope.spawn(move || {
                let mut subtitles = Vec::new();
                for batch in batches {
                    cues.settle(batch);
                    subtitles.append(&mut cues.take());
                }
                subtitles.extend(cues.finish());
                subtitles
            });
            let mut hand = |costed| to.send(costed).unwrap();
            for cue in &transcript.cues {
                tokens.push_shown(cue, crate::segment::Shown::of_cue(cue), &mut hand);
            }
            let time_source = tokens.finish(&mut hand);
            drop(to);
            (cue_thread.join().unwrap(), time_source)
        })
    }

    #[test]
    fn the_two_stages_on_two_threads_choose_the_cues_of_one() {
        let transcripts = transcripts();
        for (name, builder) in settings() {
            let segmenter = builder().build();
            for (path, transcript) in &transcripts {
                let whole = looking_every(&segmenter, transcript, usize::MAX);
                for every in [1, 50] {
                    let threaded = on_two_threads(&segmenter, transcript, every);
                    assert!(
                        threaded == whole,
                        "{path}, {name}, a batch every {every} tokens"
                    );
                }
            }
        }
    }
}
