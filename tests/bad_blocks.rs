//! Properties of the SRT and WebVTT readers on files with bad blocks
//! (issue 18): whatever the mix of good and bad blocks, the lossy reader
//! gives every good cue exactly and reports every bad block at its line,
//! and the strict reader fails at the first bad one. A file with bad
//! blocks and no good one is an error, at its first bad block.

use proptest::prelude::*;
use transcrub::Format;
use transcrub::read::{Mode, parse};

/// A line of cue text: starts with a letter (so it is never an index or
/// a NOTE/STYLE/REGION keyword), no `-->`, no `&` or `<` (entities and
/// tags are read, not kept), no line break.
fn text_line() -> impl Strategy<Value = String> {
    "[a-zA-Zéàç][A-Za-z0-9éàç',.?! ]{0,30}".prop_map(|s| s.trim_end().to_string())
}

#[derive(Debug, Clone)]
enum Block {
    /// A cue as the format writes it.
    Good { lines: Vec<String>, length: u64 },
    /// A cue written in a variant the lossy reader repairs and reports
    /// (SRT only); `variant` picks which.
    Repaired {
        lines: Vec<String>,
        length: u64,
        variant: usize,
    },
    /// A block the reader must leave out; `variant` picks the defect.
    Bad { lines: Vec<String>, variant: usize },
}

fn blocks() -> impl Strategy<Value = Vec<Block>> {
    let lines = || prop::collection::vec(text_line(), 1..3);
    let block = prop_oneof![
        3 => (lines(), 1u64..9_000).prop_map(|(lines, length)| Block::Good { lines, length }),
        1 => (lines(), 1u64..9_000, 0usize..5).prop_map(|(lines, length, variant)| Block::Repaired { lines, length, variant }),
        2 => (lines(), 0usize..6).prop_map(|(lines, variant)| Block::Bad { lines, variant }),
    ];
    prop::collection::vec(block, 0..10)
}

/// What a file should read as: its good cues (id, start, end, text), the
/// lines the lossy reader must report, and where strict mode must stop.
#[derive(Debug, Default)]
struct Expected {
    cues: Vec<(Option<String>, u64, u64, String)>,
    reported: Vec<usize>,
}

fn hms(ms: u64, mark: char) -> String {
    let (h, m, s, f) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    format!("{h:02}:{m:02}:{s:02}{mark}{f:03}")
}

/// Builds a WebVTT file; repaired blocks are written as good ones (the
/// parser has no repairs: a block is a cue or it is dropped).
fn vtt_file(blocks: &[Block]) -> (String, Expected) {
    let mut out = vec!["WEBVTT".to_string(), String::new()];
    let mut expected = Expected::default();
    let mut t = 0;
    for (i, block) in blocks.iter().enumerate() {
        let first_line = out.len() + 1;
        match block {
            Block::Good { lines, length } | Block::Repaired { lines, length, .. } => {
                let id = (i % 2 == 0).then(|| format!("cue {i}"));
                let (start, end) = (t + 500, t + 500 + length);
                t = end;
                out.extend(id.clone());
                out.push(format!("{} --> {}", hms(start, '.'), hms(end, '.')));
                out.extend(lines.iter().cloned());
                expected.cues.push((id, start, end, lines.join("\n")));
            }
            Block::Bad { lines, variant } => {
                let timing = match variant {
                    0 => "00:00:01,000 --> 00:00:02.000",
                    1 => "00:60:00.000 --> 01:00:01.000",
                    2 => "00:00:01.50 --> 00:00:02.000",
                    3 => "\u{b}00:00:01.000 --> 00:00:02.000",
                    4 => "00:00:01.000 - > 00:00:02.000",
                    // No timing line at all: stray text.
                    _ => "",
                };
                if !timing.is_empty() {
                    out.push(timing.to_string());
                }
                out.extend(lines.iter().cloned());
                expected.reported.push(first_line);
            }
        }
        out.push(String::new());
    }
    (out.join("\n"), expected)
}

/// Builds an SRT file: index numbers that do not run 1..n (they are
/// style, not structure), repaired variants of the timing line, and
/// blocks whose timing line cannot be read.
fn srt_file(blocks: &[Block]) -> (String, Expected) {
    let mut out: Vec<String> = Vec::new();
    let mut expected = Expected::default();
    let mut t = 0;
    for (i, block) in blocks.iter().enumerate() {
        let index = (i * 3).to_string();
        let timing_line = out.len() + 2;
        out.push(index.clone());
        match block {
            Block::Good { lines, length } | Block::Repaired { lines, length, .. } => {
                // Whole seconds, so that "no milliseconds" can be written.
                let (start, end) = (t + 1000, t + 1000 + length * 1000);
                t = end;
                let variant = match block {
                    Block::Repaired { variant, .. } => Some(*variant),
                    _ => None,
                };
                let timing = match variant {
                    None => format!("{} --> {}", hms(start, ','), hms(end, ',')),
                    Some(0) => format!("{} --> {}", hms(start, '.'), hms(end, '.')),
                    Some(1) => format!("{} - > {}", hms(start, ','), hms(end, ',')),
                    Some(2) => format!("{} --> {}", hms(start, '，'), hms(end, ',')),
                    Some(3) => format!("{} --> {}", &hms(start, ',')[..8], hms(end, ',')),
                    _ => format!(
                        "{} --> {} --> {}",
                        hms(start, ','),
                        hms(end, ','),
                        hms(end + 1000, ',')
                    ),
                };
                if variant.is_some() {
                    expected.reported.push(timing_line);
                }
                out.push(timing);
                out.extend(lines.iter().cloned());
                expected
                    .cues
                    .push((Some(index), start, end, lines.join("\n")));
            }
            Block::Bad { lines, variant } => {
                let timing = match variant {
                    0 => "00:00:0x,000 --> 00:00:02,000",
                    1 => "00:00:01,000 --> later",
                    2 => "-00:00:01,000 --> 00:00:02,000",
                    3 => "00:00:01,000 to 00:00:02,000 -->",
                    4 => "99999:00:01,000 --> 99999:00:02,000",
                    _ => "00 --> 01",
                };
                out.push(timing.to_string());
                out.extend(lines.iter().cloned());
                expected.reported.push(timing_line);
            }
        }
        out.push(String::new());
    }
    (out.join("\n"), expected)
}

fn check(text: &str, format: Format, expected: &Expected) -> Result<(), TestCaseError> {
    let lossy = parse(text, format, Mode::Lossy);
    let good = !expected.cues.is_empty();
    match lossy {
        Ok(reading) => {
            prop_assert!(
                good || expected.reported.is_empty(),
                "no cue, yet no error:\n{text}"
            );
            let cues: Vec<_> = reading
                .transcript
                .cues
                .iter()
                .map(|c| {
                    (
                        c.id.clone(),
                        c.start.unwrap().0,
                        c.end.unwrap().0,
                        c.text.clone(),
                    )
                })
                .collect();
            prop_assert_eq!(&cues, &expected.cues, "{}", text);
            let mut reported: Vec<usize> =
                reading.warnings.iter().map(|w| w.line.unwrap()).collect();
            reported.dedup();
            prop_assert_eq!(&reported, &expected.reported, "{}", text);
        }
        Err(err) => {
            prop_assert!(!good, "{err}\n{text}");
            prop_assert_eq!(err.line, expected.reported.first().copied(), "{}", text);
        }
    }
    match parse(text, format, Mode::Strict) {
        Ok(_) => prop_assert!(expected.reported.is_empty(), "strict accepted:\n{text}"),
        Err(err) => {
            prop_assert!(err.column.is_some(), "{err}");
            prop_assert_eq!(err.line, expected.reported.first().copied(), "{}", text);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn vtt_keeps_good_cues_and_reports_each_bad_block(blocks in blocks()) {
        let (text, expected) = vtt_file(&blocks);
        check(&text, Format::Vtt, &expected)?;
    }

    #[test]
    fn srt_keeps_good_cues_and_reports_each_bad_or_repaired_block(blocks in blocks()) {
        let (text, expected) = srt_file(&blocks);
        check(&text, Format::Srt, &expected)?;
    }
}
