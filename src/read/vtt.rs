//! WebVTT: the `WEBVTT` header and its metadata, NOTE/STYLE/REGION blocks,
//! cue identifiers and settings, inline tags, character references, and
//! YouTube's `<00:00:01.000><c> word</c>` word timings.

use crate::error::{Error, Result, quote};
use crate::format::Format;
use crate::markup;
use crate::transcript::{Cue, Transcript, Word};

use super::srt::{is_timing_line, parse_timing};
use super::{Defects, numbered_lines};

/// Parses WebVTT, failing at the first defect.
pub fn parse_vtt(text: &str) -> Result<Transcript> {
    super::strict(text, parse)
}

/// Parses WebVTT, repairing what it can; returns the repairs as warnings.
pub fn parse_vtt_lossy(text: &str) -> (Transcript, Vec<Error>) {
    super::lossy(text, Format::Vtt, parse)
}

pub(super) fn parse(text: &str, defects: &mut Defects) -> Result<Transcript> {
    let lines: Vec<(usize, &str)> = numbered_lines(text).collect();
    let blocks = split_blocks(&lines);
    let mut transcript = Transcript::new(Format::Vtt, Vec::new());
    let mut blocks = blocks.into_iter().peekable();

    match blocks.peek() {
        Some(first) if is_signature(first[0].1) => {
            let header = blocks.next().unwrap_or_default();
            transcript.preamble.push(join(&header));
        }
        Some(first) => {
            let (number, line) = first[0];
            defects.repairable(Error::parse(
                number,
                1,
                format!(
                    "expected \"WEBVTT\" on the first line, found {}",
                    quote(line)
                ),
            ))?;
        }
        None => {
            return Err(Error::parse(
                1,
                1,
                "expected \"WEBVTT\" on the first line, found an empty file",
            ));
        }
    }

    let mut pending_notes = Vec::new();
    for block in blocks {
        let (number, first) = block[0];
        let keyword = first.split([' ', '\t']).next().unwrap_or("");
        match keyword {
            // Notes before the first cue stay in the preamble, in their place.
            "NOTE" if transcript.cues.is_empty() => transcript.preamble.push(join(&block)),
            "NOTE" => pending_notes.push(join(&block)),
            "STYLE" | "REGION" => {
                if !transcript.cues.is_empty() {
                    defects.repairable(Error::parse(
                        number,
                        1,
                        format!("expected cues only after the first cue, found a {keyword} block"),
                    ))?;
                }
                transcript.preamble.push(join(&block));
            }
            _ => {
                let (id, timing_at) = if is_timing_line(first) {
                    (None, 0)
                } else if block.len() > 1 && is_timing_line(block[1].1) {
                    (Some(first.to_string()), 1)
                } else {
                    defects.repairable(Error::parse(
                        number,
                        1,
                        format!("expected a cue timing line, found {}", quote(first)),
                    ))?;
                    // Nothing a user wrote is lost: keep it as a note.
                    pending_notes.push(join(&block));
                    continue;
                };
                let (timing_number, timing_line) = block[timing_at];
                let timing = parse_timing(timing_line, timing_number, '.', defects)?;
                let raw: Vec<&str> = block[timing_at + 1..].iter().map(|(_, l)| *l).collect();
                let raw = raw.join("\n");
                let words = word_timings(&raw, timing.start, timing.end);
                transcript.cues.push(Cue {
                    id,
                    start: Some(timing.start),
                    end: Some(timing.end),
                    settings: timing.settings,
                    text: markup::decode_entities(&raw),
                    words,
                    notes: std::mem::take(&mut pending_notes),
                    line: timing_number + 1,
                    ..Cue::default()
                });
            }
        }
    }
    // Notes after the last cue are written back after it.
    transcript.epilogue = pending_notes;
    if super::roll::rolls(&transcript.cues) {
        let cues = transcript.cues.len();
        let gone = super::roll::deroll(&mut transcript.cues, |cue| {
            let start = cue.start.unwrap_or_default();
            word_timings(&cue.text, start, cue.end.unwrap_or(start))
        });
        defects.note(Error::parse(
            transcript.cues.first().map_or(1, |c| c.line),
            1,
            format!(
                "rolling captions (YouTube): each line is read once, at its own time; {cues} cues became {}",
                cues - gone
            ),
        ));
    }
    Ok(transcript)
}

fn is_signature(line: &str) -> bool {
    match line.strip_prefix("WEBVTT") {
        Some(rest) => rest.is_empty() || rest.starts_with([' ', '\t']),
        None => false,
    }
}

/// Blocks are runs of non-empty lines. Per the WebVTT spec only an empty
/// line ends a block: YouTube's captions hold lines of a single space
/// inside cues (fixtures/formats/vtt-youtube-word-timings.vtt).
fn split_blocks<'a>(lines: &[(usize, &'a str)]) -> Vec<Vec<(usize, &'a str)>> {
    let mut blocks = Vec::new();
    let mut current = Vec::new();
    for &(number, line) in lines {
        if line.is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
        } else {
            current.push((number, line));
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

fn join(block: &[(usize, &str)]) -> String {
    block.iter().map(|(_, l)| *l).collect::<Vec<_>>().join("\n")
}

/// Words from timestamp tags: each tag starts the word that follows it; the
/// text before the first tag starts at the cue's start. Only cues with at
/// least one timestamp tag have word timings.
fn word_timings(
    raw: &str,
    cue_start: crate::timestamp::Timestamp,
    cue_end: crate::timestamp::Timestamp,
) -> Vec<Word> {
    let mut pieces: Vec<(crate::timestamp::Timestamp, String)> = Vec::new();
    let mut current_start = cue_start;
    let mut current = String::new();
    let mut last = 0;
    let mut any = false;
    for tag in markup::tags(raw) {
        current.push_str(&raw[last..tag.start]);
        last = tag.end;
        if let Some(time) = markup::timestamp_tag(&raw[tag.clone()]) {
            any = true;
            pieces.push((current_start, std::mem::take(&mut current)));
            current_start = time;
        }
    }
    current.push_str(&raw[last..]);
    pieces.push((current_start, current));
    if !any {
        return Vec::new();
    }
    let mut words = Vec::new();
    for (i, (start, text)) in pieces.iter().enumerate() {
        let text = markup::decode_entities(&text.replace('\n', " "));
        if text.trim().is_empty() {
            continue;
        }
        let end = pieces.get(i + 1).map_or(cue_end, |(next, _)| *next);
        words.push(Word::timed(text, *start, end.max(*start)));
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timestamp::Timestamp;

    #[test]
    fn reads_header_blocks_ids_and_settings() {
        let text = "WEBVTT - épisode\nKind: captions\n\nSTYLE\n::cue { color: yellow }\n\nNOTE relu\n\nintro\n00:01.000 --> 00:02.000 align:start line:90%\n<v Kevin>Bonjour &amp; bienvenue\n";
        let t = parse_vtt(text).unwrap();
        assert_eq!(t.preamble.len(), 3);
        let cue = &t.cues[0];
        assert_eq!(cue.id.as_deref(), Some("intro"));
        assert_eq!(cue.settings.as_deref(), Some("align:start line:90%"));
        assert_eq!(cue.text, "<v Kevin>Bonjour & bienvenue");
        assert_eq!((cue.start, cue.line), (Some(Timestamp(1000)), 11));
    }

    #[test]
    fn youtube_word_tags_become_words() {
        let text = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000 align:start position:0%\nla<00:00:01.400><c> stick</c><00:00:02.000><c> search</c>\n";
        let t = parse_vtt(text).unwrap();
        let words: Vec<_> = t.cues[0]
            .words
            .iter()
            .map(|w| (w.text.as_str(), w.start.unwrap().0, w.end.unwrap().0))
            .collect();
        assert_eq!(
            words,
            [
                ("la", 1000, 1400),
                (" stick", 1400, 2000),
                (" search", 2000, 3000)
            ]
        );
    }

    #[test]
    fn notes_after_the_last_cue_are_written_back_after_it() {
        let text = "WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n\nNOTE fin\n";
        let t = parse_vtt(text).unwrap();
        assert_eq!(t.epilogue, ["NOTE fin"]);
        let written = crate::write::render(&t, crate::write::Output::Vtt, &[]).unwrap();
        assert_eq!(
            written,
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhi\n\nNOTE fin\n"
        );
    }

    #[test]
    fn strict_requires_the_signature() {
        let err = parse_vtt("00:01.000 --> 00:02.000\nhi\n").unwrap_err();
        assert_eq!(err.line, Some(1));
        assert!(err.message.starts_with("expected \"WEBVTT\""));
    }

    #[test]
    fn strict_rejects_comma_milliseconds() {
        let err = parse_vtt("WEBVTT\n\n00:01,000 --> 00:02.000\nhi\n").unwrap_err();
        assert_eq!((err.line, err.column), (Some(3), Some(1)));
    }
}
