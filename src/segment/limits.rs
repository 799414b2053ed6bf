//! The numbers a house style sets for subtitles, and the presets that bundle
//! them. Values only; `timing.rs` and `cues.rs` enforce them.

use std::fmt;

/// What every cue must meet.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Characters per line, spaces and punctuation included (graphemes).
    pub max_line_chars: usize,
    /// Lines a cue may have.
    pub max_lines: usize,
    /// Reading speed: characters on screen per second of display.
    pub max_cps: f64,
    /// Shortest time a cue stays on screen, in ms.
    pub min_duration_ms: u64,
    /// Longest time a cue stays on screen, in ms.
    pub max_duration_ms: u64,
    /// Blank time between two cues, so the eye sees the change.
    pub min_gap_ms: u64,
    /// Whether line breaks count in the reading speed (see
    /// `crate::reading_speed`).
    pub line_breaks: crate::reading_speed::LineBreaks,
}

/// House styles. Numbers from ../shared/reference/anchors.md §5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[non_exhaustive]
pub enum Preset {
    /// Netflix French Timed Text Style Guide: 42 characters, 2 lines,
    /// 17 cps for adults, 5/6 s to 7 s, 2 frames (83 ms at 24 fps) apart.
    #[cfg_attr(feature = "cli", value(name = "netflix-fr"))]
    NetflixFr,
    /// Netflix English: as French but 20 cps for adults.
    #[cfg_attr(feature = "cli", value(name = "netflix-en"))]
    NetflixEn,
    /// BBC subtitle guidelines: 37 fixed-width characters, 2 lines,
    /// 160–180 words a minute (about 15 cps at 5 characters a word + space).
    Bbc,
    /// YouTube and web players: wider lines (Subtitle Edit's default
    /// profile: 43 characters, 25 cps at most, 1 s to 8 s).
    Youtube,
    /// Netflix Japanese: 13 full-width characters a line (horizontal
    /// subtitles), 2 lines, 4 characters a second; the durations and gap
    /// of the general requirements. The default for Japanese.
    #[cfg_attr(feature = "cli", value(name = "netflix-ja"))]
    NetflixJa,
    /// Netflix Simplified Chinese: 16 characters a line, 2 lines, 9
    /// characters a second. The default for Chinese.
    #[cfg_attr(feature = "cli", value(name = "netflix-zh"))]
    NetflixZh,
}

impl Preset {
    /// Every preset, in the order `--help` lists them.
    pub const ALL: [Preset; 6] = [
        Preset::NetflixFr,
        Preset::NetflixEn,
        Preset::Bbc,
        Preset::Youtube,
        Preset::NetflixJa,
        Preset::NetflixZh,
    ];

    /// The house style a transcript in `language` gets when none is
    /// named: Japanese and Chinese lines hold a third of the characters
    /// of a Latin line; every other language gets Netflix's French style.
    pub fn for_language(language: Option<&str>) -> Preset {
        let base = language.map(|l| l.split(['-', '_']).next().unwrap_or(l));
        match base {
            Some("ja") => Preset::NetflixJa,
            Some("zh" | "yue") => Preset::NetflixZh,
            _ => Preset::NetflixFr,
        }
    }

    /// The numbers the house style sets.
    pub fn limits(self) -> Limits {
        match self {
            Preset::NetflixFr => Limits::NETFLIX_FR,
            Preset::NetflixEn => Limits {
                max_cps: 20.0,
                ..Limits::NETFLIX_FR
            },
            // BBC's minimum-timing table was not retrieved; Netflix's
            // 5/6 s floor and 7 s ceiling are kept.
            Preset::Bbc => Limits {
                max_line_chars: 37,
                max_cps: 15.0,
                ..Limits::NETFLIX_FR
            },
            Preset::NetflixJa => Limits {
                max_line_chars: 13,
                max_cps: 4.0,
                ..Limits::NETFLIX_FR
            },
            Preset::NetflixZh => Limits {
                max_line_chars: 16,
                max_cps: 9.0,
                ..Limits::NETFLIX_FR
            },
            Preset::Youtube => Limits {
                max_line_chars: 43,
                max_lines: 2,
                max_cps: 25.0,
                min_duration_ms: 1000,
                max_duration_ms: 8000,
                min_gap_ms: 24,
                line_breaks: crate::reading_speed::LineBreaks::Skipped,
            },
        }
    }

    /// The name used by `--preset` and `transcrub.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Preset::NetflixFr => "netflix-fr",
            Preset::NetflixEn => "netflix-en",
            Preset::Bbc => "bbc",
            Preset::Youtube => "youtube",
            Preset::NetflixJa => "netflix-ja",
            Preset::NetflixZh => "netflix-zh",
        }
    }

    /// The preset of that name, exactly as [`Preset::name`] spells it.
    pub fn from_name(name: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.name() == name)
    }
}

impl Limits {
    /// Netflix's French style: 42 characters, 2 lines, 17 cps, 833 ms to 7 s,
    /// 83 ms apart. The default.
    pub const NETFLIX_FR: Limits = Limits {
        max_line_chars: 42,
        max_lines: 2,
        max_cps: 17.0,
        min_duration_ms: 833,
        max_duration_ms: 7000,
        min_gap_ms: 83,
        line_breaks: crate::reading_speed::LineBreaks::Skipped,
    };

    /// Characters a viewer reads in lines shown one under another, by
    /// this style's convention.
    pub fn characters_of_lines(&self, lines: &[String]) -> usize {
        crate::reading_speed::characters_of_lines(lines, self.line_breaks)
    }

    /// The shortest time `chars` characters may stay on screen.
    pub fn needed_ms(&self, chars: usize) -> u64 {
        let reading = (chars as f64 * 1000.0 / self.max_cps).ceil() as u64;
        reading.max(self.min_duration_ms)
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::NETFLIX_FR
    }
}

impl fmt::Display for Limits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} chars x {} lines, {} cps, {}-{} ms, gap {} ms",
            self.max_line_chars,
            self.max_lines,
            self.max_cps,
            self.min_duration_ms,
            self.max_duration_ms,
            self.min_gap_ms
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_round_trip_their_names() {
        for p in Preset::ALL {
            assert_eq!(Preset::from_name(p.name()), Some(p));
        }
        assert_eq!(Preset::from_name("netflix"), None);
    }

    #[test]
    fn reading_time_has_a_floor() {
        let l = Limits::NETFLIX_FR;
        assert_eq!(l.needed_ms(4), 833);
        assert_eq!(l.needed_ms(34), 2000);
        assert_eq!(l.needed_ms(84), 4942);
    }
}
