//! Turns a cleaned transcript into subtitles that meet a house style's
//! limits. Never changes wording (that is `clean`'s job, before this);
//! only spacing (French typography), where lines and cues break, and times.
//!
//! tokens with times (`timeline`) -> break costs (`breaks`) -> cues
//! (`cues`, with `lines` for each cue's layout) -> final times (`timing`).

mod break_words;
mod breaks;
mod cjk;
mod crosstalk;
mod cues;
mod dialogue;
mod graphemes;
mod highlight;
mod karaoke;
mod limits;
mod lines;
mod listed_words;
mod placeholder;
mod spread;
mod stages;
mod start_window;
mod stats;
mod stream;
mod timeline;
mod timing;
pub(crate) mod token;
mod typography;

use crate::format::Format;
use crate::timestamp::Timestamp;
use crate::transcript::{Cue, Transcript};

pub use break_words::BreakWords;
use breaks::Terms;
pub use crosstalk::SaidOver;
pub use highlight::is_highlighted;
pub use limits::{Limits, Preset};
pub use stages::{Costed, CueStage, TokenStage};
pub use stats::{Counting, Stats};
pub use stream::SegmentStream;
pub use timeline::{Shown, TimeSource};
pub use timing::Short;
pub use token::width;
pub use typography::Typography;

/// Whether a very long line of plain text must reach the segmenter whole
/// rather than in pieces ([`SegmentStream::push_continued`]): it may hold
/// a tag (which may hold a space, and whose words are not read), or be a
/// sound description whole (`[Musique]` stands alone).
pub fn reads_whole(line: &str) -> bool {
    !piece_reads_alone(line, true)
}

/// Whether `piece` of a very long line, cleaned, is read in its place as
/// a piece of the line (`first`: the line's first piece): it holds no
/// tag, and the line it begins is no sound description.
pub fn piece_reads_alone(piece: &str, first: bool) -> bool {
    let bracketed = || piece.trim_start().starts_with(['[', '(', '♪']);
    let tagged = piece.contains(['<', '{']);
    let sound = first && bracketed();
    !tagged && !sound
}

/// Characters per second of French podcast speech, pauses included,
/// measured on the seed episode (fixtures/mci-2025-02-07.txt) between its
/// chapter marks: 36,600 characters from "AlphaQubit" (00:06:50) to
/// "Quentin Adam" (00:46:32), 15.6 cps; chapter to chapter 13.3 to 17.1.
/// See README, "Timing of plain text".
pub const DEFAULT_RATE: f64 = 15.5;

/// The speaking rate of text in `language`, in characters a second,
/// pauses included: a character of Japanese or Chinese says a syllable or
/// two, where a French one says half of one. Measured on real timed
/// transcripts (bench/corpora/MANIFEST-wild.md), the median of their cues
/// of 1.5 s or more: a Japanese meeting (row 60) 6.0, a Chinese podcast
/// (row 40, its spaces between characters left out) about 5.5.
pub fn default_rate(language: Option<&str>) -> f64 {
    match language.map(crate::language::base) {
        Some("ja") => 6.0,
        Some("zh" | "yue") => 5.5,
        _ => DEFAULT_RATE,
    }
}

/// Builds subtitles; configure with [`Segmenter::builder`].
#[derive(Debug)]
pub struct Segmenter {
    limits: Limits,
    french: bool,
    words: &'static BreakWords,
    terms: Terms,
    rate: f64,
    start_ms: u64,
    duration_ms: Option<u64>,
    shape: cues::Shape,
    drop_sounds: bool,
    keep_words: bool,
    /// The source cues each hold a word: their edges are no turns.
    word_list: bool,
    dash: &'static str,
}

/// Options of a [`Segmenter`]; every one has a default.
#[derive(Debug)]
pub struct SegmenterBuilder {
    limits: Limits,
    typography: Typography,
    language: Option<String>,
    terms: Terms,
    rate: f64,
    start_ms: u64,
    duration_ms: Option<u64>,
    shape: cues::Shape,
    drop_sounds: bool,
    keep_words: bool,
    word_list: bool,
}

impl SegmenterBuilder {
    /// Every limit at once, usually a [`Preset`]'s.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
    /// Characters a line may show (graphemes, spaces and punctuation included).
    pub fn max_line_chars(mut self, chars: usize) -> Self {
        self.limits.max_line_chars = chars;
        self
    }
    /// Lines a cue may have.
    pub fn max_lines(mut self, lines: usize) -> Self {
        self.limits.max_lines = lines;
        self
    }
    /// Reading speed a cue may ask for, in characters per second.
    pub fn max_cps(mut self, cps: f64) -> Self {
        self.limits.max_cps = cps;
        self
    }
    /// The transcript's language: picks the line-break word lists and, with
    /// `Typography::Auto`, French typography for "fr".
    pub fn language(mut self, language: Option<&str>) -> Self {
        self.language = language.map(str::to_string);
        self
    }
    /// Spacing rules: French (no-break spaces before `: ; ! ?`), none, or by language.
    pub fn typography(mut self, typography: Typography) -> Self {
        self.typography = typography;
        self
    }
    /// Multi-word names and terms that must never be split across lines
    /// or cues: a dictionary's canonicals.
    pub fn terms<'a>(mut self, canonicals: impl IntoIterator<Item = &'a str>) -> Self {
        self.terms = Terms::new(canonicals);
        self
    }
    /// Characters per second, for text without times.
    pub fn rate(mut self, rate: f64) -> Self {
        self.rate = rate;
        self
    }
    /// Where the first cue of text without times starts.
    pub fn start(mut self, start: Timestamp) -> Self {
        self.start_ms = start.0;
        self
    }
    /// How long the text without times lasts, from its start.
    pub fn duration(mut self, duration: Option<Timestamp>) -> Self {
        self.duration_ms = duration.map(|d| d.0);
        self
    }
    /// At most this many words in a cue (`--max-words`).
    pub fn max_words(mut self, words: Option<usize>) -> Self {
        self.shape.max_words = words;
        self
    }
    /// Merge cues too short to read into their neighbours wherever the
    /// limits allow (`--merge-short`).
    pub fn merge_short(mut self, merge: bool) -> Self {
        self.shape.merge_short = merge;
        self
    }
    /// Leave sound descriptions (`[Musique]`) out (`--drop-sounds`).
    pub fn drop_sounds(mut self, drop: bool) -> Self {
        self.drop_sounds = drop;
        self
    }
    /// Keep each line's words with their times ([`Subtitle::words`]), on by
    /// default; a program that never shows them (no `--karaoke`) saves a
    /// copy of the text per word.
    pub fn keep_words(mut self, keep: bool) -> Self {
        self.keep_words = keep;
        self
    }
    /// The source cues each hold a word (WhisperX's word list, a karaoke
    /// export, whisper-timestamped's split subtitles): where one ends is no
    /// speaker's turn, so words of two source cues share a line as any
    /// words do.
    /// [`Segmenter::segment`] finds it out itself; a stream is told.
    pub fn word_list(mut self, word_list: bool) -> Self {
        self.word_list = word_list;
        self
    }
    /// The segmenter, with the line-break word lists of its language loaded.
    pub fn build(self) -> Segmenter {
        let base = self.language.as_deref().map(crate::language::base);
        let french = match self.typography {
            Typography::Fr => true,
            Typography::None => false,
            Typography::Auto => base == Some("fr"),
        };
        Segmenter {
            limits: self.limits,
            french,
            words: BreakWords::for_language(self.language.as_deref()),
            terms: self.terms,
            rate: self.rate,
            start_ms: self.start_ms,
            duration_ms: self.duration_ms,
            shape: self.shape,
            drop_sounds: self.drop_sounds,
            keep_words: self.keep_words,
            word_list: self.word_list,
            // Netflix: "- " before each speaker's line in French, "-"
            // with no space in English and most other languages.
            dash: if french { "- " } else { "-" },
        }
    }
}

/// Subtitles: cues with their lines and final times.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Subtitles {
    /// The cues in time order, none overlapping.
    pub cues: Vec<Subtitle>,
    /// Where the times came from, for `--stats`.
    pub time_source: TimeSource,
    /// The limits the cues were built to meet.
    pub limits: Limits,
}

/// One subtitle cue: its lines as shown and when it is on screen.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Subtitle {
    /// When the cue appears.
    pub start: Timestamp,
    /// When the cue goes, at least the limits' gap before the next one starts.
    pub end: Timestamp,
    /// The lines as shown, at most `max_lines` of at most `max_line_chars`
    /// where the text allows.
    pub lines: Vec<String>,
    /// Why the cue has less reading time than its text needs, if it has.
    pub short: Option<Short>,
    /// Each line's words and when each is spoken (`--karaoke`); empty when
    /// the segmenter was built not to keep them.
    pub words: Vec<Vec<(u64, String)>>,
    /// Who speaks, when one speaker does (a dialogue's lines have dashes).
    pub speaker: Option<String>,
}

impl Subtitle {
    /// Characters on screen, spaces and punctuation included.
    pub fn chars(&self) -> usize {
        self.lines.iter().map(|l| width(l)).sum()
    }
}

impl Segmenter {
    /// A builder with the default limits ([`Limits::default`]), typography by
    /// language, and plain text spoken at the default rate from 0.
    pub fn builder() -> SegmenterBuilder {
        SegmenterBuilder {
            limits: Limits::default(),
            typography: Typography::Auto,
            language: None,
            terms: Terms::default(),
            rate: DEFAULT_RATE,
            start_ms: 0,
            duration_ms: None,
            shape: cues::Shape::default(),
            drop_sounds: false,
            keep_words: true,
            word_list: false,
        }
    }

    /// Builds the subtitles of a (cleaned) transcript. Its words are kept as
    /// they are; only breaks, spacing and times are chosen here.
    pub fn segment(&self, transcript: &Transcript) -> Subtitles {
        // One cue per highlighted word would say each line once a word.
        let collapsed = highlight::collapse(&transcript.cues);
        let cues = collapsed.as_deref().unwrap_or(&transcript.cues);
        let word_list = self.word_list || crate::clean::WordRuns::of(cues);
        // What other speakers said over a long turn goes where they said it.
        let interleaved = crosstalk::interleave(cues, self);
        let cues = interleaved.as_deref().unwrap_or(cues);
        // (Files read in windows, SRT and TSV, are no scripts.)
        let script = matches!(transcript.format, Format::Ass | Format::Ttml);
        let (subtitles, time_source) = self.stream_all(
            cues,
            transcript.is_timed(),
            word_list,
            script,
            stream::LOOK_EVERY,
        );
        Subtitles {
            cues: subtitles,
            time_source,
            limits: self.limits,
        }
    }
}

/// Cues as a transcript of `format` (srt, vtt or ass), for the writers,
/// with each word's time in the text when `karaoke` (WebVTT timestamp
/// tags, ASS `\k` tags): the cues of a [`SegmentStream`] as they come.
pub fn transcript_of(cues: &[Subtitle], format: Format, karaoke: bool) -> Transcript {
    let cues = cues
        .iter()
        .map(|s| {
            let text = match (karaoke, format) {
                (true, Format::Vtt) => karaoke::vtt(s),
                (true, Format::Ass) => karaoke::ass(s),
                _ => s.lines.join("\n"),
            };
            Cue {
                speaker: s.speaker.clone(),
                ..Cue::timed(s.start, s.end, text, 0)
            }
        })
        .collect();
    Transcript::new(format, cues)
}

impl Subtitles {
    /// The subtitles as a transcript of `format` (srt, vtt or ass), for
    /// the writers.
    pub fn to_transcript(&self, format: Format) -> Transcript {
        self.to_transcript_with(format, false)
    }

    /// The same, with each word's time in the text when `karaoke` and
    /// the words have times: WebVTT timestamp tags, ASS `\k` tags.
    pub fn to_transcript_with(&self, format: Format, karaoke: bool) -> Transcript {
        let karaoke = karaoke && self.time_source == TimeSource::Words;
        transcript_of(&self.cues, format, karaoke)
    }

    /// How the cues measure against their limits.
    pub fn stats(&self) -> Stats {
        Stats::of(self)
    }
}
