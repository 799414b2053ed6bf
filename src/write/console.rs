//! Console transcripts written back in the spelling they were read in
//! (read/console.rs): other lines where they stood, each segment as
//! `[start --> end]` then a space and its text. From another format, the
//! lines openai-whisper `--verbose` prints.

use std::fmt::Write;

use crate::timestamp::Timestamp;
use crate::transcript::{ConsoleStyle, ConsoleTimes, Transcript};

pub fn render(transcript: &Transcript) -> String {
    let style = transcript.console.unwrap_or_default();
    let from_console = transcript.console.is_some();
    let mut out = String::new();
    for cue in &transcript.cues {
        let (Some(start), Some(end)) = (cue.start, cue.end) else {
            continue;
        };
        for note in &cue.notes {
            out.push_str(note);
            out.push('\n');
        }
        let text = cue.text.replace('\n', " ");
        // Whisper's segments begin with a space, which the console shows.
        let text = if from_console || text.starts_with(' ') {
            text
        } else {
            format!(" {text}")
        };
        let _ = writeln!(out, "{} {text}", prefix(style, start, end));
    }
    for note in &transcript.epilogue {
        out.push_str(note);
        out.push('\n');
    }
    out
}

/// `[00:00.000 --> 00:06.400]`, in `style`.
pub fn prefix(style: ConsoleStyle, start: Timestamp, end: Timestamp) -> String {
    format!(
        "[{} {} {}]",
        time(style, start),
        style.arrow,
        time(style, end)
    )
}

fn time(style: ConsoleStyle, t: Timestamp) -> String {
    match style.times {
        ConsoleTimes::Clock { always_hours } => {
            let full = t.vtt().to_string();
            if always_hours || t.0 >= 3_600_000 {
                full
            } else {
                full[3..].to_string()
            }
        }
        ConsoleTimes::Seconds { decimals, suffix } => {
            let secs = t.0 as f64 / 1000.0;
            format!("{secs:.decimals$}{}", if suffix { "s" } else { "" })
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::read::parse_console;

    #[test]
    fn every_spelling_comes_back_byte_for_byte() {
        for text in [
            "Detected language: French\n[00:00.000 --> 00:06.400]  Bonjour.\n[59:58.000 --> 01:00:01.500]  Fin.\nprogress = 100%\n",
            "[00:00:00.000 --> 00:00:06.400]   Bonjour.\n[00:00:06.400 --> 00:00:07.000]   Merci.\n",
            "[0.00s -> 2.00s]  Et voilà.\n\n[2.00s -> 4.00s]  Merci.\n",
            "[0.00 --> 6.40]  Hello.\n[6.40 --> 7.00]  Bye.\n",
        ] {
            let t = parse_console(text).unwrap();
            assert_eq!(super::render(&t), text);
        }
    }
}
