//! Otter.ai's text export: each speaker turn opens with a header line, the
//! speaker's name, two spaces, the time the turn starts (`m:ss`, past the
//! hour `h:mm:ss`) and two more spaces; then the turn's paragraph, then a
//! blank line. The last line is Otter's footer, `Transcribed by
//! https://otter.ai` (wild file 67; `transcript_indexer`'s Otter reader
//! documents the same header).
//!
//! Read as plain lines before, the headers were words: `subtitles` showed
//! "Emma 0:00 It's more important…", and the whitespace pass rewrote each
//! header's spaces. Here each turn is a cue: its text the paragraph, its
//! speaker the name (none for Otter's "Unknown Speaker"), its start the
//! header's time and its end the next turn's start (the last turn lasts
//! as long as its text takes to say).
//! The header, the blank lines and the footer are not text: they are kept
//! verbatim (as a console transcript keeps its other lines) and written
//! back where they stood, so the file comes back byte for byte.

use std::sync::LazyLock;

use regex::Regex;

use crate::error::{Error, Result};
use crate::format::Format;
use crate::timestamp::Timestamp;
use crate::transcript::{Cue, Transcript};

use super::numbered_lines;

/// `Name  12:34  `: a name with no double space, then the time between
/// two spaces on each side (Otter writes both; a trailing pair lost to an
/// editor is forgiven). Exported without speaker names, the header is the
/// time alone (`0:15  `; the last one of a real export had no spaces).
static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?P<name>\S(?:[^ ]| [^ ]){0,79}) {2,})?(?P<time>[0-9]{1,2}:[0-5][0-9]|[0-9]{1,3}:[0-5][0-9]:[0-5][0-9]) *$")
        .expect("valid")
});

/// Otter's name for a voice it did not tell apart: no one's in particular
/// (two of its turns may be two people), so no speaker.
pub(crate) const UNKNOWN: &str = "Unknown Speaker";

/// Otter's footer, the export's last line.
const FOOTER: &str = "Transcribed by https://otter.ai";

/// Speaking rate that sets the last turn's end, characters a second.
const LAST_TURN_CPS: u64 = 15;

/// No header is longer, in bytes: what reads a text as it comes keeps
/// this much of a line (read/console.rs, `Sniff`).
pub const MAX_HEADER_BYTES: usize = 200;

/// Whether a line (its line break taken off) opens a turn.
pub fn is_header(line: &str) -> bool {
    header(line).is_some()
}

/// The speaker (if the header names one) and start of a header line.
fn header(line: &str) -> Option<(Option<&str>, Timestamp)> {
    // Every header ends with `:` and two digits, spaces aside; most lines
    // of a text do not, and are told so without the regex, which a plain
    // text's first line would otherwise compile.
    let time_end = line.trim_end_matches(' ').as_bytes();
    let ends_like_a_time = matches!(time_end, [.., b':', b'0'..=b'9', b'0'..=b'9']);
    if line.len() > MAX_HEADER_BYTES || !ends_like_a_time {
        return None;
    }
    let caps = HEADER.captures(line)?;
    let name = caps.name("name").map(|n| n.as_str());
    let mut seconds = 0u64;
    for part in caps["time"].split(':') {
        seconds = seconds * 60 + part.parse::<u64>().ok()?;
    }
    Some((name, Timestamp(seconds * 1000)))
}

/// Whether the first non-blank `lines` (200 at most), `headers` of them
/// turn headers, make an Otter export: three turns or more, and a header
/// for at most every two other lines (Otter writes one paragraph a turn).
pub fn is_otter(headers: usize, lines: usize) -> bool {
    headers >= 3 && headers * 3 >= lines
}

/// Whether `text` looks like an Otter export, from its first 200
/// non-blank lines.
pub fn looks_like_otter(text: &str) -> bool {
    let lines = super::console::first_lines(text);
    let headers = lines.iter().filter(|l| is_header(l)).count();
    is_otter(headers, lines.len())
}

/// Reads an Otter export: a line that is no header and stands before the
/// first one is kept as it is. Fails only on a text with no header at
/// all (`--from otter` on something else), which would otherwise be
/// written back with nothing read from it.
pub fn parse(text: &str) -> Result<Transcript> {
    let mut cues: Vec<Cue> = Vec::new();
    // Lines that are no turn's text, waiting for the cue they stand before.
    let mut pending: Vec<String> = Vec::with_capacity(2);
    // The turn being read: its cue, and its text's lines.
    let mut turn: Option<(Cue, Vec<&str>)> = None;
    let mut headers = 0usize;
    for (number, line) in numbered_lines(text) {
        let Some((name, start)) = header(line) else {
            match &mut turn {
                Some((_, body)) => body.push(line),
                None => pending.push(line.to_string()),
            }
            continue;
        };
        headers += 1;
        if let Some(done) = turn.take() {
            close(done, Some(start), &mut cues, &mut pending);
        }
        pending.push(line.to_string());
        let cue = Cue {
            start: Some(start),
            speaker: name.filter(|n| *n != UNKNOWN).map(str::to_string),
            notes: std::mem::take(&mut pending),
            line: number + 1,
            ..Cue::default()
        };
        turn = Some((cue, Vec::new()));
    }
    if let Some(done) = turn.take() {
        close(done, None, &mut cues, &mut pending);
    }
    if headers == 0 {
        return Err(Error::parse(
            1,
            1,
            "expected Otter turn headers such as \"Name  0:00  \" (a name, two spaces, the time), found none",
        ));
    }
    let mut transcript = Transcript::new(Format::Otter, cues);
    transcript.epilogue = pending;
    Ok(transcript)
}

/// Ends a turn where the next begins (at `next`, or, for the last, once
/// its text is said), and adds it to `cues`. Its closing blank lines, and
/// Otter's footer after the last turn, go to `pending`: they stand before
/// the next turn or end the file. A header with no text is no cue: it is
/// kept as it is with the lines before it.
fn close(
    (mut cue, mut body): (Cue, Vec<&str>),
    next: Option<Timestamp>,
    cues: &mut Vec<Cue>,
    pending: &mut Vec<String>,
) {
    let mut tail = body.len();
    while tail > 0 && body[tail - 1].trim().is_empty() {
        tail -= 1;
    }
    if next.is_none() && tail > 0 && body[tail - 1].starts_with(FOOTER) {
        tail -= 1;
        while tail > 0 && body[tail - 1].trim().is_empty() {
            tail -= 1;
        }
    }
    let after: Vec<String> = body.drain(tail..).map(str::to_string).collect();
    if body.is_empty() {
        pending.append(&mut cue.notes);
        pending.extend(after);
        return;
    }
    cue.text = body.join("\n");
    let start = cue.start.unwrap_or_default();
    let said = (cue.text.chars().count() as u64 * 1000).div_ceil(LAST_TURN_CPS);
    cue.end = Some(next.map_or(Timestamp(start.0 + said), |n| n.max(start)));
    cues.push(cue);
    pending.extend(after);
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXPORT: &str = "Marie Dupont  0:00  \nBonjour à tous, on parle de la stick search.\n\nKarim  0:12  \nOui.\n\nMarie Dupont  1:02:03  \nMerci.\nÀ bientôt.\n\nTranscribed by https://otter.ai\n";

    #[test]
    fn each_turn_is_a_cue_with_its_speaker_and_times() {
        let t = parse(EXPORT).unwrap();
        let cues: Vec<_> = t
            .cues
            .iter()
            .map(|c| {
                (
                    c.speaker.as_deref().unwrap(),
                    c.start.unwrap().0,
                    c.end.unwrap().0,
                    c.text.as_str(),
                    c.line,
                )
            })
            .collect();
        assert_eq!(
            cues,
            [
                (
                    "Marie Dupont",
                    0,
                    12_000,
                    "Bonjour à tous, on parle de la stick search.",
                    2
                ),
                ("Karim", 12_000, 3_723_000, "Oui.", 5),
                // 17 characters at 15 a second: 1,134 ms.
                (
                    "Marie Dupont",
                    3_723_000,
                    3_724_134,
                    "Merci.\nÀ bientôt.",
                    8
                ),
            ]
        );
        assert_eq!(t.cues[1].notes, ["", "Karim  0:12  "]);
        assert_eq!(t.epilogue, ["", FOOTER]);
    }

    #[test]
    fn headers_are_told_from_text() {
        for header in [
            "Emma  0:34  ",
            "Unknown Speaker  55:21  ",
            "Speaker 1  1:02:03",
            "A  0:00 ",
            "0:15  ",
            "12:04",
        ] {
            assert!(is_header(header), "{header:?}");
        }
        for text in [
            "Emma 0:34",
            "Emma  0:34 and more",
            "Emma  0:74  ",
            "  0:34  ",
            "Emma  0:34  extra",
        ] {
            assert!(!is_header(text), "{text:?}");
        }
        // A sentence of words that happens to end on a time, with single
        // spaces, is text.
        assert!(!is_header("We met at 10:30"));
    }

    #[test]
    fn plain_text_and_a_few_times_are_not_an_export() {
        assert!(looks_like_otter(EXPORT));
        assert!(!looks_like_otter("Bonjour.\n\nEmma  0:34  \nSalut.\n"));
        let prose = "Une phrase.\n".repeat(20);
        assert!(!looks_like_otter(&format!("{prose}{EXPORT}")));
    }

    #[test]
    fn an_export_without_names_has_the_times_alone() {
        let text = "0:00  \nQuand j'étais petit, les pommes étaient mauvaises.\n\n0:15  \nTout le monde en plantait.\n\n0:24\nMerci de votre écoute.\n\nTranscribed by https://otter.ai\n";
        assert!(looks_like_otter(text));
        let t = parse(text).unwrap();
        let turns: Vec<_> = t
            .cues
            .iter()
            .map(|c| (c.speaker.clone(), c.start.unwrap().0, c.end.unwrap().0))
            .collect();
        // "Merci de votre écoute." said at 15 characters a second: 1.5 s.
        assert_eq!(
            turns,
            [
                (None, 0, 15_000),
                (None, 15_000, 24_000),
                (None, 24_000, 25_467)
            ]
        );
        assert_eq!(t.cues[2].notes, ["", "0:24"]);
    }

    #[test]
    fn a_text_without_a_header_is_refused() {
        let err = parse("Bonjour.\n\nAu revoir.\n").unwrap_err();
        assert_eq!((err.line, err.column), (Some(1), Some(1)));
        assert!(
            err.message.starts_with("expected Otter turn headers"),
            "{}",
            err.message
        );
    }

    #[test]
    fn a_header_without_text_is_kept_as_it_is() {
        let t = parse("Emma  0:00  \n\nKelly  0:34  \nWelcome.\n").unwrap();
        assert_eq!(t.cues.len(), 1);
        assert_eq!(t.cues[0].notes, ["Emma  0:00  ", "", "Kelly  0:34  "]);
    }
}
