//! What `--stats` prints: how the subtitles measure against their limits,
//! and why a cue exceeds the reading speed where one does.

use std::fmt;

use super::limits::Limits;
use super::timing::Short;
use super::{Subtitle, Subtitles, width};

/// Counts over a set of subtitles. Every "over" count is computed from the
/// final cues, not from what the segmenter intended.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Stats {
    /// How many cues.
    pub cues: usize,
    /// Mean reading speed over the cues, in characters per second.
    pub mean_cps: f64,
    /// The fastest cue's reading speed.
    pub max_cps: f64,
    /// Lines over `max_line_chars`.
    pub lines_too_long: usize,
    /// Cues over `max_lines`.
    pub cues_with_too_many_lines: usize,
    /// Cues shown for less than `min_duration_ms`.
    pub too_short: usize,
    /// Cues shown for more than `max_duration_ms`.
    pub too_long: usize,
    /// Consecutive cues closer than `min_gap_ms`.
    pub gaps_too_small: usize,
    /// Cues over the reading speed, by reason.
    pub too_fast: usize,
    /// Of those, cues cut short by the next cue's start.
    pub too_fast_next_cue: usize,
    /// Of those, cues stopped by the maximum duration.
    pub too_fast_max_duration: usize,
    /// Of those, cues squeezed by a total duration too short for the text.
    pub too_fast_total_duration: usize,
    /// The language the rules followed, and where it came from.
    pub language: Option<String>,
    /// How reading speeds were counted.
    pub counting: &'static str,
    max_line_chars: usize,
    max_lines: usize,
    max_cps_limit: f64,
    min_gap_ms: u64,
    min_duration_ms: u64,
    max_duration_ms: u64,
}

/// Stats counted cue after cue, for subtitles given out as they are made.
#[derive(Debug, Clone)]
pub struct Counting {
    stats: Stats,
    limits: Limits,
    cps_sum: f64,
    /// When the cue before the next one ends.
    last_end: Option<u64>,
    /// Each cue is measured against the limits, not only counted.
    measures: bool,
}

impl Counting {
    /// Counts against `limits`, the limits the cues were built with.
    pub fn new(limits: &Limits) -> Counting {
        let stats = Stats {
            max_line_chars: limits.max_line_chars,
            max_lines: limits.max_lines,
            max_cps_limit: limits.max_cps,
            min_gap_ms: limits.min_gap_ms,
            min_duration_ms: limits.min_duration_ms,
            max_duration_ms: limits.max_duration_ms,
            counting: match limits.line_breaks {
                crate::reading_speed::LineBreaks::Skipped => {
                    "spaces and punctuation count, tags and line breaks do not"
                }
                crate::reading_speed::LineBreaks::Counted => {
                    "spaces, punctuation and line breaks count, tags do not"
                }
            },
            ..Stats::default()
        };
        Counting {
            stats,
            limits: *limits,
            cps_sum: 0.0,
            last_end: None,
            measures: true,
        }
    }

    /// Counts the cues and nothing else, for a run that prints no count
    /// but theirs: every other count of its stats stays 0. Measuring
    /// each cue against the limits was 1.8% of the instructions of
    /// segmenting plain text.
    pub fn cues_only(limits: &Limits) -> Counting {
        Counting {
            measures: false,
            ..Counting::new(limits)
        }
    }

    /// Counts the next cue.
    pub fn add(&mut self, cue: &Subtitle) {
        self.stats.cues += 1;
        if !self.measures {
            return;
        }
        let (limits, stats) = (&self.limits, &mut self.stats);
        let duration = cue.end.0.saturating_sub(cue.start.0);
        let chars = limits.characters_of_lines(&cue.lines);
        let cps = crate::reading_speed::cps_of(chars, duration);
        self.cps_sum += cps;
        stats.max_cps = stats.max_cps.max(cps);
        stats.lines_too_long += cue
            .lines
            .iter()
            // No wider than it is long: a short line is not counted.
            .filter(|l| l.len() > limits.max_line_chars && width(l) > limits.max_line_chars)
            .count();
        stats.cues_with_too_many_lines += usize::from(cue.lines.len() > limits.max_lines);
        stats.too_short += usize::from(duration < limits.min_duration_ms);
        stats.too_long += usize::from(duration > limits.max_duration_ms);
        // Rounding to whole ms may put a cue a hair over the limit.
        if cps > limits.max_cps + 0.01 {
            stats.too_fast += 1;
            match cue.short {
                Some(Short::NextCue) => stats.too_fast_next_cue += 1,
                Some(Short::MaxDuration) => stats.too_fast_max_duration += 1,
                Some(Short::TotalDuration) => stats.too_fast_total_duration += 1,
                None => {}
            }
        }
        if let Some(end) = self.last_end {
            stats.gaps_too_small +=
                usize::from(cue.start.0 < end.saturating_add(limits.min_gap_ms));
        }
        self.last_end = Some(cue.end.0);
    }

    /// The stats of every cue added.
    pub fn finish(self) -> Stats {
        let mut stats = self.stats;
        stats.mean_cps = if stats.cues == 0 {
            0.0
        } else {
            self.cps_sum / stats.cues as f64
        };
        stats
    }
}

impl Stats {
    /// Measures the final cues against the limits they were built with.
    pub fn of(subtitles: &Subtitles) -> Stats {
        let mut counting = Counting::new(&subtitles.limits);
        for cue in &subtitles.cues {
            counting.add(cue);
        }
        counting.finish()
    }

    /// Whether every cue meets every limit.
    pub fn all_within_limits(&self) -> bool {
        self.lines_too_long == 0
            && self.cues_with_too_many_lines == 0
            && self.too_short == 0
            && self.too_long == 0
            && self.gaps_too_small == 0
            && self.too_fast == 0
    }
}

impl Stats {
    /// Each limit some cue breaks, with how many cues and, for reading
    /// speed, why: what a user must hear even without `--stats`.
    pub fn broken_limits(&self) -> Vec<String> {
        let mut broken = Vec::new();
        let mut count = |n: usize, what: String| {
            if n > 0 {
                broken.push(format!("{n} {what}"));
            }
        };
        count(
            self.lines_too_long,
            format!("lines over {} characters", self.max_line_chars),
        );
        count(
            self.cues_with_too_many_lines,
            format!("cues over {} lines", self.max_lines),
        );
        count(
            self.too_short,
            format!("cues shorter than {} ms", self.min_duration_ms),
        );
        count(
            self.too_long,
            format!("cues longer than {} ms", self.max_duration_ms),
        );
        count(
            self.gaps_too_small,
            format!("gaps under {} ms", self.min_gap_ms),
        );
        if self.too_fast > 0 {
            let mut why = Vec::new();
            for (n, reason) in [
                (self.too_fast_next_cue, "the next cue starts too soon"),
                (self.too_fast_max_duration, "the maximum duration"),
                (
                    self.too_fast_total_duration,
                    "--duration is too short for the text",
                ),
            ] {
                if n > 0 {
                    why.push(format!("{n}: {reason}"));
                }
            }
            let why = if why.is_empty() {
                String::new()
            } else {
                format!(" ({})", why.join("; "))
            };
            broken.push(format!(
                "{} cues over {} characters per second{why}",
                self.too_fast, self.max_cps_limit
            ));
        }
        broken
    }
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows = [
            (
                "language",
                self.language.clone().unwrap_or_else(|| "not given".into()),
            ),
            ("reading speed counting", self.counting.to_string()),
            ("cues", self.cues.to_string()),
            ("mean reading speed", format!("{:.1} cps", self.mean_cps)),
            ("max reading speed", format!("{:.1} cps", self.max_cps)),
            (
                "lines over the length limit",
                format!(
                    "{} (limit {} chars)",
                    self.lines_too_long, self.max_line_chars
                ),
            ),
            (
                "cues over the lines limit",
                format!(
                    "{} (limit {})",
                    self.cues_with_too_many_lines, self.max_lines
                ),
            ),
            ("cues too short", self.too_short.to_string()),
            ("cues too long", self.too_long.to_string()),
            (
                "gaps under the minimum",
                format!("{} (minimum {} ms)", self.gaps_too_small, self.min_gap_ms),
            ),
            (
                "cues over the reading speed",
                format!("{} (limit {} cps)", self.too_fast, self.max_cps_limit),
            ),
            (
                "  next cue starts too soon",
                self.too_fast_next_cue.to_string(),
            ),
            (
                "  maximum duration reached",
                self.too_fast_max_duration.to_string(),
            ),
            (
                "  --duration too short",
                self.too_fast_total_duration.to_string(),
            ),
        ];
        let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        for (key, value) in rows {
            writeln!(f, "{key:<width$}  {value}")?;
        }
        Ok(())
    }
}
