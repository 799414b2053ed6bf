//! Tokens with the times they are spoken. Three sources of time, best first:
//! the recogniser's word times (Whisper JSON words, WebVTT timestamp tags);
//! the cue's start and end, shared out by character count; or, for plain
//! text, a speaking rate. Wording is never changed here, only spacing
//! (typography) and the splitting of words too long for a line.

use compact_str::{CompactString, format_compact};
use smallvec::SmallVec;

use crate::markup;
use crate::timestamp::round_to_u64;
use crate::transcript::Cue;

use super::cjk;
use super::placeholder::Placeholder;
use super::spread::Spread;
use super::token::{self, Token, token_ranges};

/// Where the times of the subtitles come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeSource {
    /// Every word has its own time.
    Words,
    /// Cue times, shared out inside each cue by character count.
    Segments,
    /// No times at all: estimated from a speaking rate.
    Estimated,
}

impl TimeSource {
    /// A phrase for `--stats`: "times from the recogniser's words".
    pub fn describe(self) -> &'static str {
        match self {
            TimeSource::Words => "times from the recogniser's words",
            TimeSource::Segments => "times from the cues, shared out by characters",
            TimeSource::Estimated => "times estimated from the speaking rate",
        }
    }
}

/// How a token's text is dressed before it is measured.
#[derive(Debug, Clone, Copy)]
pub struct Dressing {
    pub french: bool,
    pub max_line_chars: usize,
    /// Characters per second, for text without times, and for text whose
    /// segment lasts far longer than it takes to say.
    pub rate: f64,
    /// Where estimated time starts, in ms.
    pub start_ms: u64,
    /// Sound descriptions ("[Musique]") are left out rather than kept alone.
    pub drop_sounds: bool,
    /// The source cues each hold a word: none is a short turn.
    pub word_list: bool,
    /// The transcript is a subtitle script (ASS, TTML): a line no one is
    /// named for is a sign, a song or a caption more often than speech,
    /// and often on screen with a named line.
    pub script: bool,
}

/// A segment lasting more than this many times what its text needs at
/// the speaking rate, and at least `STRETCH_MIN_MS` more, holds silence,
/// music or a loop's survivor too: its text goes at its start, at the
/// rate, and the rest of it is left empty (Whisper's segments start where
/// speech starts and run on over what follows).
const STRETCH_FACTOR: u64 = 2;
/// A source cue this short, in words or time, is a turn of its own (a
/// 1.5 s cue of three words or more is as often a piece of a running
/// sentence, cut by the recogniser, as a turn).
const SHORT_SOURCE_WORDS: usize = 2;
const SHORT_SOURCE_MS: u64 = 999;
const STRETCH_MIN_MS: u64 = 2000;

/// Where a segment's text is spoken: all of it, or its start at the
/// speaking rate when it lasts far longer than the text takes to say.
pub(super) fn speaking_span(text: &str, start: u64, end: u64, rate: f64) -> (u64, u64) {
    let needed = (token::width(text) as f64 * 1000.0 / rate).ceil() as u64;
    let length = end.saturating_sub(start);
    if length > needed * STRETCH_FACTOR && length - needed >= STRETCH_MIN_MS {
        (start, start + needed)
    } else {
        (start, end.max(start))
    }
}

/// What a cue shows, cut into words: its text without tags, and each
/// word's bytes in it. Found from the cue's text alone, so a program can
/// find it on another thread than the segmenter's (`subtitles` does, on
/// the thread that reads, which has time to spare).
#[derive(Debug)]
pub struct Shown {
    text: String,
    ranges: Vec<std::ops::Range<usize>>,
}

impl Shown {
    /// The words a cue shows: its text less the label that names its
    /// speaker (`[Alice]: `, Zoom's `Alice: `), whom a subtitle shows its
    /// own way (a cue of their own, a dash, `<v Alice>`), not as words
    /// among the rest.
    pub fn of_cue(cue: &Cue) -> Shown {
        Shown::of(crate::speaker::unlabelled(cue))
    }

    /// The words shown of a cue's text, or of a piece of it.
    pub fn of(cue_text: &str) -> Shown {
        let text = markup::strip_tags(cue_text);
        let ranges = token_ranges(&text);
        Shown { text, ranges }
    }

    /// The text shown, without tags.
    pub(super) fn text(&self) -> &str {
        &self.text
    }

    /// The bytes of each word in [`text`](Self::text).
    pub(super) fn ranges(&self) -> &[std::ops::Range<usize>] {
        &self.ranges
    }
}

/// Turns cues into tokens one cue at a time: what a cue's tokens depend
/// on of the cues before it (a paragraph pending, an opening mark waiting
/// for its word, the speaker, the clock of estimated times) is kept here.
#[derive(Debug)]
pub struct Tokenizer {
    dressing: Dressing,
    /// Every cue of the transcript has a start and an end.
    timed: bool,
    pub source: TimeSource,
    /// Cues pushed so far: the next one's index.
    cues: usize,
    paragraph: bool,
    pending_open: Option<(CompactString, u64)>,
    speaker: Option<String>,
    /// The last cue names no speaker, though one before it did.
    unnamed: bool,
    /// Characters spoken before the next token to time, for text
    /// without times.
    chars: usize,
}

impl Tokenizer {
    /// A tokenizer for a transcript whose cues all have times, or none.
    pub fn new(dressing: Dressing, timed: bool) -> Tokenizer {
        Tokenizer {
            dressing,
            timed,
            source: if timed {
                TimeSource::Words
            } else {
                TimeSource::Estimated
            },
            cues: 0,
            paragraph: true,
            pending_open: None,
            speaker: None,
            unnamed: false,
            chars: 0,
        }
    }

    /// Adds the cue's tokens to `tokens`; a closing mark may change the
    /// last token already there. (The stream adds a long cue a few words
    /// at a time.)
    #[cfg(test)]
    pub fn push(&mut self, cue: &Cue, tokens: &mut Vec<Token>) {
        if let Some(mut words) = self.begin(cue, Shown::of_cue(cue)) {
            while self.push_some(&mut words, tokens, usize::MAX) {}
            self.end(words);
        }
    }

    /// The cue's words (`shown` is what it shows), to be added to the
    /// tokens by `push_some` and closed by `end`; `None` if it adds none
    /// (blank, or silence).
    pub fn begin(&mut self, cue: &Cue, shown: Shown) -> Option<CueWords> {
        let timed = self.timed;
        let index = self.cues;
        self.cues += 1;
        let Shown { text, ranges } = shown;
        if text.trim().is_empty() {
            // A blank line of plain text ends a paragraph; a blank timed
            // cue is only an empty cue.
            self.paragraph |= !timed;
            return None;
        }
        let placeholder = super::placeholder::of(&text);
        match placeholder {
            Some(Placeholder::Silence) => return None,
            Some(Placeholder::Sound) if self.dressing.drop_sounds => return None,
            // A sound stands alone: a cue starts before and after it.
            Some(Placeholder::Sound | Placeholder::Label) => self.paragraph = true,
            None => {}
        }
        let speaker_change = cue.speaker.is_some()
            && self.speaker.is_some()
            && cue.speaker.as_deref() != self.speaker.as_deref();
        // A cue that names no speaker in a transcript that names them
        // (Speechmatics' `UU`, Otter's "Unknown Speaker", a WhisperX
        // segment no diarized turn covers) may be anyone's: its words
        // share no cue with a named speaker's, which would give them that
        // voice, nor a dialogue, which would say it is another's.
        // Not in a subtitle script (see `Dressing::script`), nor in a list
        // of words, where a word no turn covers is one diarization missed
        // (insanely-fast-whisper leaves the last words out of its turns).
        let unnamed = cue.speaker.is_none()
            && self.speaker.is_some()
            && !self.dressing.script
            && !self.dressing.word_list;
        if unnamed != self.unnamed {
            self.paragraph = true;
            self.unnamed = unnamed;
        }
        if cue.speaker.is_some() && cue.speaker != self.speaker {
            self.speaker.clone_from(&cue.speaker);
        }
        let short_source = timed
            && !self.dressing.word_list
            && (ranges.len() <= SHORT_SOURCE_WORDS
                || cue
                    .start
                    .zip(cue.end)
                    .is_some_and(|(s, e)| e.0.saturating_sub(s.0) <= SHORT_SOURCE_MS));
        // Text without times is timed as its tokens become final
        // (`time`): nothing to hold for each word here.
        let (times, count) = match (cue.start, cue.end) {
            (Some(start), Some(end)) if timed => match word_times(cue, &text, &ranges) {
                Some(times) => {
                    let count = times.len().min(ranges.len());
                    (Times::Words(times), count)
                }
                None => {
                    self.source = TimeSource::Segments;
                    let rate = self.dressing.rate;
                    let (start, end) = speaking_span(&text, start.0, end.0, rate);
                    match Spread::new(&text, &ranges, start, end) {
                        Some(spread) => (Times::Spread(spread), ranges.len()),
                        None => (Times::None, 0),
                    }
                }
            },
            _ => (Times::None, ranges.len()),
        };
        Some(CueWords {
            unspaced: cjk::has_unspaced(&text),
            text,
            ranges,
            count,
            times,
            next: 0,
            first: true,
            index,
            speaker_change,
            short_source,
            placeholder: placeholder.is_some(),
        })
    }

    /// The words of a piece of the cue begun last (`shown`, what the
    /// piece shows), which goes on after a space with it (a very long
    /// line of plain text cleaned in pieces): its tokens are that cue's,
    /// as if read with it. The line was cut where this holds
    /// (src/clean/line_cuts.rs, and `segment::reads_whole`): a word opens
    /// the piece, and the line is neither a sound description nor holds
    /// tags.
    pub fn continue_cue(&mut self, shown: Shown) -> Option<CueWords> {
        let index = self.cues.checked_sub(1)?;
        let Shown { text, ranges } = shown;
        Some(CueWords {
            count: ranges.len(),
            unspaced: cjk::has_unspaced(&text),
            text,
            ranges,
            times: Times::None,
            next: 0,
            first: false,
            index,
            speaker_change: false,
            short_source: false,
            placeholder: false,
        })
    }

    /// Adds at most `most` more of the cue's words to `tokens` (fewer
    /// tokens may come of them: a mark joins a word, or more: a word
    /// wider than a line is split); whether words are left.
    pub fn push_some(
        &mut self,
        words: &mut CueWords,
        tokens: &mut Vec<Token>,
        most: usize,
    ) -> bool {
        let dressing = &self.dressing;
        let stop = words.count.min(words.next.saturating_add(most));
        for k in words.next..stop {
            let (start, end) = match &mut words.times {
                Times::Words(times) => times[k],
                Times::Spread(spread) => spread.next(&words.text, words.ranges[k].clone()),
                Times::None => (0, 0),
            };
            let mut raw = CompactString::from(&words.text[words.ranges[k].clone()]);
            let mut start = start;
            // Punctuation cut from its word by a line break of the source.
            if let Some((open, open_start)) = self.pending_open.take() {
                raw = format_compact!("{} {raw}", open.trim_end());
                // Overlapping sources may put this word before the mark.
                start = open_start.min(start);
            }
            // Most tokens: asked once, where the questions below and
            // `push_token`'s read them five times.
            let plain = token::is_plain_word(&raw);
            if !plain && token::is_opening_run(&raw) {
                self.pending_open = Some((raw, start));
                continue;
            }
            if !plain
                && token::is_closing_run(&raw)
                && let Some(last) = tokens.last_mut()
            {
                let joined = format_compact!("{} {}", last.text, raw);
                last.text = if dressing.french {
                    super::typography::french(joined)
                } else {
                    joined
                };
                last.width = token::width(&last.text);
                last.end = last.end.max(end);
                // Marks may make a piece of a long word wider than a line.
                let max = dressing.max_line_chars;
                if max > 0
                    && last.width > max
                    && let Some(last) = tokens.pop()
                {
                    split_again(tokens, last, max);
                }
                continue;
            }
            let dressed = if dressing.french && !plain {
                super::typography::french(raw)
            } else {
                raw
            };
            let speaker_change = words.speaker_change && words.first;
            // Deepgram writes Chinese a character a word, with a space
            // between each (wild row 40): shown without them, as written
            // Chinese is, and as its own `transcript` writes it. A run of
            // such characters begins at a kanji, or at a digit before
            // another: "這 個 m g a 3 的" is "這個mga3的", "1 0 0 左 右"
            // "100左右", "I a m" stays as it is.
            let glued = words.unspaced
                && !self.paragraph
                && !speaker_change
                && cjk::is_one_character(&dressed)
                && tokens.last().is_some_and(|last| {
                    last.source == words.index
                        && cjk::is_one_character(&last.text)
                        && (last.joined
                            || cjk::is_lone_character(&last.text)
                            || cjk::is_lone_character(&dressed)
                            || (cjk::is_one_digit(&last.text) && cjk::is_one_digit(&dressed)))
                });
            // A sign that stood alone joined its character with the
            // space before it ("5 %"): the run shows none ("75%").
            let dressed = if glued && dressed.contains(char::is_whitespace) {
                dressed.split_whitespace().collect()
            } else {
                dressed
            };
            let starts = Starts {
                paragraph: self.paragraph,
                speaker_change,
                short_source: words.short_source,
                glued,
            };
            push_token(
                tokens,
                dressed,
                plain,
                (start, end),
                starts,
                words.index,
                dressing,
            );
            self.paragraph = false;
            words.first = false;
        }
        words.next = stop;
        stop < words.count
    }

    /// After the cue's last word.
    pub fn end(&mut self, words: CueWords) {
        if words.placeholder {
            self.paragraph = true;
        }
    }

    /// The index the next cue pushed will have.
    pub fn next_cue(&self) -> usize {
        self.cues
    }

    /// After the last cue: an opening mark nothing followed.
    pub fn finish(&mut self, tokens: &mut Vec<Token>) {
        if let Some((open, start)) = self.pending_open.take() {
            // Nothing followed: the mark closes the text instead.
            let starts = Starts {
                paragraph: self.paragraph,
                speaker_change: false,
                short_source: false,
                glued: false,
            };
            push_token(
                tokens,
                open,
                false,
                (start, start),
                starts,
                self.cues,
                &self.dressing,
            );
        }
    }

    /// Gives tokens of text without times theirs, in order, each once it
    /// is final (no closing mark can still join it): one character (a
    /// space too) every 1/rate s from the start.
    pub fn time(&mut self, tokens: &mut [Token]) {
        if self.source != TimeSource::Estimated {
            return;
        }
        let ms_per_char = 1000.0 / self.dressing.rate;
        let start_ms = self.dressing.start_ms;
        for token in tokens {
            if !token.joined && self.chars > 0 {
                self.chars += 1;
            }
            token.start = start_ms + round_to_u64(self.chars as f64 * ms_per_char);
            self.chars += token.width;
            token.end = start_ms + round_to_u64(self.chars as f64 * ms_per_char);
        }
    }
}

/// A cue's words on their way to tokens (`Tokenizer::begin`): a long
/// cue is added a few words at a time, so that what is settled of it can
/// go before the rest is made tokens.
#[derive(Debug)]
pub struct CueWords {
    /// The cue's text without its tags.
    text: String,
    /// Each word's bytes in `text`.
    ranges: Vec<std::ops::Range<usize>>,
    /// Each word's times, for a timed cue; none for text without times.
    times: Times,
    /// The words to add: each word with times, or every word of text
    /// without.
    count: usize,
    /// The next word to add.
    next: usize,
    /// No token of the cue is added yet.
    first: bool,
    /// The cue's index in the transcript.
    index: usize,
    /// Its first word is another speaker's.
    speaker_change: bool,
    short_source: bool,
    /// It is a sound description, which stands alone.
    placeholder: bool,
    /// It holds Japanese or Chinese (`cjk::has_unspaced`).
    unspaced: bool,
}

/// Where the times of a cue's words come from.
#[derive(Debug)]
enum Times {
    /// The recogniser's, one for each word.
    Words(Vec<(u64, u64)>),
    /// The cue's span shared out, found as the words are added.
    Spread(Spread),
    /// None: text without times.
    None,
}

/// What a token starts.
struct Starts {
    paragraph: bool,
    speaker_change: bool,
    short_source: bool,
    /// Written with no space before it, though the text has one.
    glued: bool,
}

/// Adds a token, split into pieces if it is wider than a line. `plain`:
/// `text` is a plain word (`token::is_plain_word`), as wide as it is long,
/// in no script written without spaces, which the caller knows already.
fn push_token(
    tokens: &mut Vec<Token>,
    text: CompactString,
    plain: bool,
    (start, end): (u64, u64),
    starts: Starts,
    source: usize,
    dressing: &Dressing,
) {
    let max = dressing.max_line_chars;
    let whole = if plain {
        text.len()
    } else {
        token::width(&text)
    };
    let first = Token {
        text: CompactString::default(),
        width: 0,
        start,
        end,
        joined: starts.glued,
        paragraph: starts.paragraph,
        source,
        speaker_change: starts.speaker_change,
        short_source: starts.short_source,
    };
    let unspaced = !plain && cjk::has_unspaced(&text);
    if !unspaced && (whole <= max || max == 0) {
        // Nearly every token fits a line and is written with spaces: it
        // is kept whole, with its own time (as `push_pieces` gives one
        // piece).
        let end = if whole > 0 { end.max(start) } else { start };
        tokens.push(Token {
            text,
            width: whole,
            end,
            ..first
        });
        return;
    }
    let pieces = if unspaced {
        // A sentence of Japanese or Chinese: the pieces a line may break
        // between, each cut again if wider than a line.
        cjk::pieces(&text)
            .into_iter()
            .flat_map(|piece| with_widths(token::split_long(piece, max)))
            .collect()
    } else {
        with_widths(token::split_long(&text, max))
    };
    push_pieces(tokens, pieces, first);
}

/// Splits again a token that closing marks made wider than a line: its
/// word (up to its first space) is cut as a word too wide is, short enough
/// that the marks still follow its last piece, so that no line starts
/// with them; marks wider than a line themselves are cut where they must.
fn split_again(tokens: &mut Vec<Token>, token: Token, max: usize) {
    let text = &token.text;
    let word_end = text.find(char::is_whitespace).unwrap_or(text.len());
    let (word, marks) = text.split_at(word_end);
    let marks_width = token::width(marks);
    let pieces = if marks_width < max {
        let mut pieces = token::split_long(word, max - marks_width);
        if let Some(last) = pieces.last_mut() {
            last.push_str(marks);
        }
        pieces
    } else {
        token::split_long(text, max)
    };
    push_pieces(tokens, with_widths(pieces), token);
}

fn with_widths(pieces: Vec<String>) -> SmallVec<[(CompactString, usize); 1]> {
    pieces
        .into_iter()
        .map(|piece| {
            let width = token::width(&piece);
            (CompactString::from(piece), width)
        })
        .collect()
}

/// Adds the pieces of one token, `first` giving its time, source and
/// what it starts (its text is not read): the time is shared out by
/// width, and every piece after the first is joined to the one before.
fn push_pieces(
    tokens: &mut Vec<Token>,
    pieces: SmallVec<[(CompactString, usize); 1]>,
    first: Token,
) {
    let (start, end) = (first.start, first.end.max(first.start));
    let total: usize = pieces.iter().map(|(_, width)| width).sum();
    let mut done = 0;
    for (i, (piece, width)) in pieces.into_iter().enumerate() {
        let at = |chars: usize| start + (end - start) * chars as u64 / total.max(1) as u64;
        tokens.push(Token {
            start: at(done),
            end: at(done + width),
            width,
            text: piece,
            joined: first.joined || i > 0,
            paragraph: first.paragraph && i == 0,
            source: first.source,
            speaker_change: first.speaker_change && i == 0,
            short_source: first.short_source,
        });
        done += width;
    }
}

/// Each token's span from the recogniser's words, or None when the words
/// cannot all be found in the cue's text in order. A token only untimed
/// words cover (WhisperX leaves numerals unaligned) takes the gap between
/// its timed neighbours, so one such word does not cost the whole cue its
/// word timing.
fn word_times(cue: &Cue, text: &str, ranges: &[std::ops::Range<usize>]) -> Option<Vec<(u64, u64)>> {
    if !cue
        .words
        .iter()
        .any(|w| w.start.is_some() && w.end.is_some())
    {
        return None;
    }
    let mut spans = Vec::with_capacity(cue.words.len());
    let mut pos = 0;
    for word in &cue.words {
        let needle = word.text.trim();
        if needle.is_empty() {
            continue;
        }
        let at = text[pos..].find(needle)? + pos;
        if let (Some(start), Some(end)) = (word.start, word.end) {
            spans.push((at..at + needle.len(), start.0, end.0));
        }
        pos = at + needle.len();
    }
    let mut times: Vec<Option<(u64, u64)>> = Vec::with_capacity(ranges.len());
    let mut first = 0;
    for range in ranges {
        while first < spans.len() && spans[first].0.end <= range.start {
            first += 1;
        }
        let overlapping: Vec<_> = spans[first..]
            .iter()
            .take_while(|(span, _, _)| span.start < range.end)
            .collect();
        let start = overlapping.iter().map(|(_, s, _)| *s).min();
        let end = overlapping.iter().map(|(_, _, e)| *e).max();
        times.push(start.zip(end).map(|(s, e)| (s, e.max(s))));
    }
    let cue_start = cue.start.map_or(0, |t| t.0);
    let cue_end = cue.end.map_or(cue_start, |t| t.0);
    let mut filled = Vec::with_capacity(times.len());
    for i in 0..times.len() {
        let time = times[i].unwrap_or_else(|| {
            let before = filled.last().map_or(cue_start, |&(_, e)| e);
            let after = times[i + 1..]
                .iter()
                .flatten()
                .map(|&(s, _)| s)
                .next()
                .unwrap_or(cue_end);
            (before, after.max(before))
        });
        filled.push(time);
    }
    Some(filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Closing marks on the next line join the last piece of a long URL;
    /// the piece they made wider than a line is cut again, so that every
    /// token fits a line and none starts with a mark (a property test
    /// found a line of 43).
    #[test]
    fn marks_joining_a_long_word_keep_it_within_a_line() {
        let dressing = Dressing {
            french: false,
            max_line_chars: 42,
            rate: 15.5,
            start_ms: 0,
            drop_sounds: false,
            word_list: false,
            script: false,
        };
        let mut tokenizer = Tokenizer::new(dressing, false);
        let mut tokens = Vec::new();
        let url = "https://example.org/un/tres/long/chemin/de/fichier/episode.html";
        for (line, text) in [format!("Bon {url} ? ? ? ? ? ? ? ?"), " ? ?".to_string()]
            .iter()
            .enumerate()
        {
            tokenizer.push(&Cue::untimed(text.as_str(), line + 1), &mut tokens);
        }
        tokenizer.finish(&mut tokens);
        let texts: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts.concat(), format!("Bon{url} ? ? ? ? ? ? ? ? ? ?"));
        for token in &tokens {
            assert!(
                token.width <= 42 && token.width == token::width(&token.text),
                "{texts:?}"
            );
            assert!(!token.text.starts_with(['?', ' ']), "{texts:?}");
        }
        assert!(tokens.iter().skip(2).all(|t| t.joined), "{texts:?}");
    }

    /// A token that fits a line is pushed as `push_pieces` pushes it as
    /// one piece: its time, what it starts, whatever its text.
    #[test]
    fn a_token_that_fits_is_pushed_as_its_one_piece() {
        let dressing = |max_line_chars| Dressing {
            french: false,
            max_line_chars,
            rate: 15.5,
            start_ms: 0,
            drop_sounds: false,
            word_list: false,
            script: false,
        };
        for (text, start, end) in [
            ("mot", 1_000, 1_400),
            ("", 1_000, 1_400),
            ("reculé", 2_000, 1_500),
            ("e\u{301}tait", 0, 0),
        ] {
            for (glued, paragraph, speaker_change, short_source) in
                [(false, true, false, true), (true, false, true, false)]
            {
                let starts = || Starts {
                    paragraph,
                    speaker_change,
                    short_source,
                    glued,
                };
                for max in [0, 42] {
                    let mut fast = Vec::new();
                    push_token(
                        &mut fast,
                        text.into(),
                        token::is_plain_word(text),
                        (start, end),
                        starts(),
                        7,
                        &dressing(max),
                    );
                    let mut pieces = Vec::new();
                    let first = Token {
                        text: CompactString::default(),
                        width: 0,
                        start,
                        end,
                        joined: glued,
                        paragraph,
                        speaker_change,
                        short_source,
                        source: 7,
                    };
                    let one = smallvec::smallvec![(text.into(), token::width(text))];
                    push_pieces(&mut pieces, one, first);
                    assert_eq!(fast, pieces, "{text:?} {start} {end} {max}");
                }
            }
        }
    }
}
