//! The formats transcrub reads and writes, and how an input's format is
//! chosen: `--from` first, then the file extension, then the content.

use std::path::Path;

use serde::Serialize;

/// A transcript or subtitle format, as read (`--from`) or as written (`--to`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Format {
    /// Plain text, one fragment per line.
    #[default]
    Txt,
    /// SubRip.
    Srt,
    /// WebVTT.
    Vtt,
    /// A speech tool's JSON when read (openai-whisper, faster-whisper,
    /// WhisperX, stable-ts, whisper.cpp, YouTube json3, Deepgram,
    /// AssemblyAI, AWS, Google, Azure); when written, the input's own
    /// document with the changes in it, else transcrub's model (cues plus
    /// the list of changes).
    Json,
    /// Whisper TSV: `start<TAB>end<TAB>text`, milliseconds.
    Tsv,
    /// What a recogniser prints while it works, saved as the transcript:
    /// `[00:00.000 --> 00:06.400]  text` (openai-whisper, whisper.cpp,
    /// faster-whisper). Found by content in `.txt` files.
    Console,
    /// Otter.ai's text export: a `Name  m:ss  ` line opening each speaker
    /// turn, then its paragraph. Found by content in `.txt` files.
    Otter,
    /// SubViewer, as YouTube Studio exports it: `0:00:01.000,0:00:03.500`.
    Sbv,
    /// TTML, DFXP and IMSC 1.1 (text profile).
    Ttml,
    /// Advanced SubStation Alpha and SubStation Alpha v4.
    Ass,
    /// YouTube's timed text, format 3 (XML with word segments).
    Srv3,
}

impl Format {
    /// The format a file's extension names, case-insensitively; `None` if it names
    /// none (`.xml` and `.dfxp` are TTML, `.json3` is JSON).
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "text" => Format::Txt,
            "srt" => Format::Srt,
            "vtt" | "webvtt" => Format::Vtt,
            "json" => Format::Json,
            "tsv" => Format::Tsv,
            "sbv" => Format::Sbv,
            "ttml" | "dfxp" | "xml" => Format::Ttml,
            "ass" | "ssa" => Format::Ass,
            "srv3" => Format::Srv3,
            "json3" => Format::Json,
            _ => return None,
        })
    }

    /// The format of a file named `path` holding `text`: its extension,
    /// except that a `.txt` file of console lines is a console transcript.
    pub fn of_file(path: &Path, text: &str) -> Option<Format> {
        match Format::from_extension(path)? {
            Format::Txt if crate::read::looks_like_console(text) => Some(Format::Console),
            Format::Txt if crate::read::looks_like_otter(text) => Some(Format::Otter),
            // `.xml` is TTML's usual extension, but YouTube's srv3 is saved
            // as `.xml` too.
            Format::Ttml if Format::sniff(text) == Format::Srv3 => Some(Format::Srv3),
            other => Some(other),
        }
    }

    /// Guesses from the first lines of decoded text. Byte-order marks
    /// the decoder left (a file whose mark was doubled) are read past, as
    /// the XML readers read past them.
    pub fn sniff(text: &str) -> Format {
        let trimmed = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if trimmed.starts_with("WEBVTT") {
            return Format::Vtt;
        }
        if trimmed.starts_with('{')
            || trimmed.starts_with('[') && trimmed[1..].trim_start().starts_with('{')
        {
            return Format::Json;
        }
        if trimmed.starts_with("[Script Info]") {
            return Format::Ass;
        }
        if trimmed.starts_with('<') {
            let head: String = trimmed.chars().take(2000).collect();
            if head.contains("<timedtext") {
                return Format::Srv3;
            }
            if head.contains("<tt") {
                return Format::Ttml;
            }
        }
        let mut lines = trimmed.lines().take(4);
        let first = lines.next().unwrap_or("");
        if first
            .split('\t')
            .map(str::trim)
            .eq(["start", "end", "text"])
        {
            return Format::Tsv;
        }
        if crate::read::looks_like_console(text) {
            return Format::Console;
        }
        if crate::read::looks_like_otter(text) {
            return Format::Otter;
        }
        if is_sbv_timing(first.trim_end()) {
            return Format::Sbv;
        }
        let timing = |l: &str| l.contains("-->");
        if timing(first) || lines.take(2).any(timing) {
            return Format::Srt;
        }
        Format::Txt
    }

    /// The format called `name` (as `--from` and `--to` spell it, in any
    /// case).
    pub fn from_name(name: &str) -> Option<Format> {
        const ALL: [Format; 11] = [
            Format::Txt,
            Format::Srt,
            Format::Vtt,
            Format::Json,
            Format::Tsv,
            Format::Console,
            Format::Otter,
            Format::Sbv,
            Format::Ttml,
            Format::Ass,
            Format::Srv3,
        ];
        ALL.into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name))
    }

    /// The lower-case name used by `--from`, `--to` and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Srt => "srt",
            Format::Vtt => "vtt",
            Format::Json => "json",
            Format::Tsv => "tsv",
            Format::Console => "console",
            Format::Otter => "otter",
            Format::Sbv => "sbv",
            Format::Ttml => "ttml",
            Format::Ass => "ass",
            Format::Srv3 => "srv3",
        }
    }

    /// Whether the format holds cue times.
    pub fn is_timed(self) -> bool {
        !matches!(self, Format::Txt)
    }

    /// The file extension a transcript of this format is written with.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Console | Format::Otter => "txt",
            other => other.name(),
        }
    }

    /// Whether cues of this format may carry inline markup tags.
    pub fn has_markup(self) -> bool {
        matches!(self, Format::Srt | Format::Vtt | Format::Ttml | Format::Ass)
    }
}

/// `0:00:01.000,0:00:03.500`, the first line of a SubViewer file.
fn is_sbv_timing(line: &str) -> bool {
    let time = |t: &str| {
        let parts: Vec<&str> = t.split([':', '.']).collect();
        parts.len() == 4
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            && parts[1].len() == 2
            && parts[2].len() == 2
            && parts[3].len() == 3
    };
    line.split_once(',')
        .is_some_and(|(a, b)| time(a) && time(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_each_format() {
        assert_eq!(Format::sniff("\nWEBVTT\n\n"), Format::Vtt);
        assert_eq!(
            Format::sniff("1\n00:00:01,000 --> 00:00:02,000\nhi\n"),
            Format::Srt
        );
        assert_eq!(Format::sniff("start\tend\ttext\n0\t10\thi\n"), Format::Tsv);
        assert_eq!(Format::sniff("{\"segments\": []}"), Format::Json);
        assert_eq!(Format::sniff("Bonjour.\nBonjour.\n"), Format::Txt);
        let console = "[00:00.000 --> 00:01.000]  a\n[00:01.000 --> 00:02.000]  b\n[00:02.000 --> 00:03.000]  c\n";
        assert_eq!(Format::sniff(console), Format::Console);
        assert_eq!(
            Format::of_file(Path::new("ep.txt"), console),
            Some(Format::Console)
        );
    }

    /// A mark the decoder left (the file's was doubled) hid what follows:
    /// YouTube's srv3 saved as `.xml` went to the TTML reader.
    #[test]
    fn byte_order_marks_left_before_the_content_are_read_past() {
        let srv3 =
            "\u{feff}<?xml version=\"1.0\"?><timedtext format=\"3\"><body></body></timedtext>";
        assert_eq!(Format::sniff(srv3), Format::Srv3);
        assert_eq!(
            Format::of_file(Path::new("ep.xml"), srv3),
            Some(Format::Srv3)
        );
        assert_eq!(Format::sniff("\u{feff}\u{feff}WEBVTT\n\n"), Format::Vtt);
    }
}
