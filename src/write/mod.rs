//! Writers: `Transcript` in, text out. Line endings are chosen here only:
//! LF, unless the file is written back in its own format and was written
//! with CR LF (`Spelling`).

mod ass;
mod console;
mod json;
mod otter;
mod sbv;
mod srt;
mod srv3;
mod tsv;
mod ttml;
mod txt;
mod vtt;

use crate::change::Change;
use crate::error::{Error, Result};
use crate::format::Format;
use crate::transcript::{Cue, Spelling, Transcript};

pub use console::prefix as console_prefix;
pub use json::model_json;

/// What to write: a transcript format, or transcrub's own JSON model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[non_exhaustive]
pub enum Output {
    /// Plain text, a cue a line.
    Txt,
    /// SubRip, numbered from 1 (written back, from the file's first number).
    Srt,
    /// WebVTT, with the source's header and notes when it was WebVTT.
    Vtt,
    /// The input's own JSON document when the input was JSON, else the
    /// model (as `model`).
    Json,
    /// Whisper TSV: `start<TAB>end<TAB>text`, milliseconds.
    Tsv,
    /// Console lines: `[00:00.000 --> 00:06.400]  text`.
    Console,
    /// Otter.ai's text export: `Name  m:ss  `, then the turn's text.
    Otter,
    /// SubViewer SBV.
    Sbv,
    /// TTML (DFXP, IMSC 1.1 text profile).
    Ttml,
    /// ASS/SSA.
    Ass,
    /// YouTube srv3.
    Srv3,
    /// transcrub's JSON model: cues and the list of changes.
    Model,
}

impl From<Format> for Output {
    fn from(format: Format) -> Output {
        match format {
            Format::Txt => Output::Txt,
            Format::Srt => Output::Srt,
            Format::Vtt => Output::Vtt,
            Format::Json => Output::Json,
            Format::Tsv => Output::Tsv,
            Format::Console => Output::Console,
            Format::Otter => Output::Otter,
            Format::Sbv => Output::Sbv,
            Format::Ttml => Output::Ttml,
            Format::Ass => Output::Ass,
            Format::Srv3 => Output::Srv3,
        }
    }
}

/// Where a window of a long transcript stands in it, for writing the
/// window as it is written in the whole.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Before {
    /// Windows written before this one.
    pub windows: usize,
    /// Cues written before this one.
    pub cues: usize,
    /// The number of the file's first cue (SRT), once the first window
    /// has given it: every later window numbers on from it.
    pub first_number: Option<u64>,
}

impl Before {
    /// Moves on past `window`, just written.
    pub fn pass(&mut self, window: &Transcript) {
        self.windows += 1;
        // Only SRT numbers on from it, so only the cues SRT writes count.
        self.cues += window
            .cues
            .iter()
            .filter(|c| written(window, c, Format::Srt))
            .count();
        self.first_number
            .get_or_insert(window.spelling.first_number);
    }

    /// The SRT number of `window`'s first cue: on from the file's first
    /// number (the window's own, when it is the first).
    fn next_number(&self, window: &Transcript) -> u64 {
        self.first_number.unwrap_or(window.spelling.first_number) + self.cues as u64
    }
}

/// Renders a window of a long transcript, with `before` it: SRT numbers
/// its cues on from those before, TSV writes its header once.
pub fn render_window(
    transcript: &Transcript,
    output: Output,
    changes: &[Change],
    before: Before,
) -> Result<String> {
    let text = match output {
        Output::Srt => {
            require_times(transcript, output)?;
            srt::render_from(transcript, before.next_number(transcript))
        }
        Output::Tsv if before.windows > 0 => {
            require_times(transcript, output)?;
            tsv::render_rows(transcript)
        }
        _ => render_as_written(transcript, output, changes)?,
    };
    Ok(respelled(text, transcript, output))
}

/// Renders a window of subtitles made as they are given out (SRT, WebVTT
/// or ASS written afresh, not patched into a source file): the first
/// window as the whole file begins, each later one as it goes on, so that
/// the windows written one after the other are the whole file's bytes.
/// WebVTT's whole file drops the newline after its last cue: each window
/// comes without it and the next puts it back. Not for windows without
/// cues: with none at all, the whole file is `render`'s of no cue.
pub fn render_subtitle_window(
    transcript: &Transcript,
    output: Output,
    before: Before,
) -> Result<String> {
    if before.windows == 0 {
        return render(transcript, output, &[]);
    }
    if output == Output::Srt {
        // No header: the cues numbered on from those before, rendered
        // once (not first numbered from one, as the whole file's).
        require_times(transcript, output)?;
        return Ok(srt::render_from(transcript, before.next_number(transcript)));
    }
    let whole = render(transcript, output, &[])?;
    let header = match output {
        Output::Vtt => "WEBVTT\n\n".to_string(),
        _ => render(&Transcript::new(transcript.format, Vec::new()), output, &[])?,
    };
    match whole.strip_prefix(&header) {
        Some(body) if output == Output::Vtt => Ok(format!("\n{body}")),
        Some(body) => Ok(body.to_string()),
        None => Err(Error::new(
            crate::error::ErrorKind::Io,
            format!(
                "internal error: {} windows do not begin with its header",
                output.name()
            ),
        )),
    }
}

/// Renders the transcript. Timed formats refuse untimed input with a clear
/// message (building timings from text is `transcrub subtitles`' job). A
/// JSON document given back needs none: only what changed is rewritten,
/// and an untimed cue (a silent API answer's empty text, words without
/// times) has no time to rewrite. Written back in its own format, the
/// file keeps its line breaks, its first number and its times as spelled.
pub fn render(transcript: &Transcript, output: Output, changes: &[Change]) -> Result<String> {
    let text = render_as_written(transcript, output, changes)?;
    Ok(respelled(text, transcript, output))
}

/// `text`, written from `transcript`'s cues in `output`, with the line
/// breaks the file as read has when `output` is its own format: CR LF for
/// LF, and SRT and WebVTT end with as many line breaks as the file did
/// (up to two: the blank line after the last cue; stable-ts ends its
/// files without a line break). Plain text, TSV and console lines end
/// with one, as text files do: the blank lines after the last line are
/// the whitespace pass's to count. The formats given back around their
/// cues (JSON, TTML, srv3, ASS, SBV) keep their own.
fn respelled(mut text: String, transcript: &Transcript, output: Output) -> String {
    let written_from_cues = matches!(
        output,
        Output::Txt | Output::Srt | Output::Vtt | Output::Tsv | Output::Console | Output::Otter
    );
    if !written_from_cues || Output::from(transcript.format) != output {
        return text;
    }
    let Spelling {
        crlf,
        closing_line_breaks,
        ..
    } = transcript.spelling;
    let written = text.trim_end_matches('\n').len();
    if let Some(closing) = closing_line_breaks
        && matches!(output, Output::Srt | Output::Vtt)
        && written > 0
    {
        // The blank line after the last cue is the format's, not text:
        // it is there when the file had it (openai-whisper's WebVTT).
        text.truncate(written);
        text.extend(std::iter::repeat_n('\n', usize::from(closing)));
    }
    if crlf {
        text = text.replace('\n', "\r\n");
    }
    text
}

/// `render` with LF line breaks and as many at the end as the writer puts.
fn render_as_written(
    transcript: &Transcript,
    output: Output,
    changes: &[Change],
) -> Result<String> {
    let needs_time = matches!(
        output,
        Output::Srt
            | Output::Vtt
            | Output::Tsv
            | Output::Console
            | Output::Otter
            | Output::Sbv
            | Output::Ttml
            | Output::Ass
            | Output::Srv3
    );
    if needs_time {
        require_times(transcript, output)?;
    }
    Ok(match output {
        Output::Txt => txt::render(transcript),
        Output::Srt => srt::render(transcript),
        Output::Vtt => vtt::render(transcript),
        Output::Tsv => tsv::render(transcript),
        Output::Console => console::render(transcript),
        Output::Otter => otter::render(transcript),
        Output::Sbv => sbv::render(transcript)?,
        Output::Ttml => ttml::render(transcript)?,
        Output::Ass => ass::render(transcript)?,
        Output::Srv3 => srv3::render(transcript)?,
        Output::Json => match json_layout(transcript) {
            Some(layout) => json::spliced_json(transcript, layout),
            None => model_json(transcript, changes),
        },
        Output::Model => model_json(transcript, changes),
    })
}

impl Output {
    /// The lower-case name used by `--to` and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Output::Txt => "txt",
            Output::Srt => "srt",
            Output::Vtt => "vtt",
            Output::Json => "json",
            Output::Tsv => "tsv",
            Output::Console => "console",
            Output::Otter => "otter",
            Output::Sbv => "sbv",
            Output::Ttml => "ttml",
            Output::Ass => "ass",
            Output::Srv3 => "srv3",
            Output::Model => "model",
        }
    }

    /// Whether the format holds cue times.
    pub fn is_timed(self) -> bool {
        !matches!(self, Output::Txt | Output::Model)
    }
}

/// Timed formats refuse untimed input with a clear message (building
/// timings from text is `transcrub subtitles`' job).
fn require_times(transcript: &Transcript, output: Output) -> Result<()> {
    match transcript
        .cues
        .iter()
        .find(|c| c.start.is_none() || c.end.is_none())
    {
        Some(cue) => Err(Error::usage(format!(
            "cannot write {} from untimed input (line {} has no timing); write txt, json or model, or build timed subtitles with `transcrub subtitles`",
            output.name(),
            cue.line
        ))),
        None => Ok(()),
    }
}

/// Whether a cue is written in `output`, one of the formats where a blank
/// line ends a cue (SRT, WebVTT, SBV). A cue read from another format
/// with no text (faster-whisper writes empty segments of no length: 11 in
/// wild file 03) is not: such a block is no cue of these formats, and our
/// own strict reader refuses it (an SRT timing line with no text, a WebVTT
/// cue that ends when it starts) where ffmpeg drops it. Nothing said is
/// lost. A file read in the format keeps its own empty cues.
pub(crate) fn written(transcript: &Transcript, cue: &Cue, output: Format) -> bool {
    transcript.format == output || !cue.text.trim().is_empty()
}

/// The lines a cue shows: Whisper's leading space dropped, empty lines
/// dropped (an empty line would end the cue). SRT readers also take a line
/// of spaces for the end of a cue; WebVTT's do not, and YouTube's captions
/// hold such lines, so `vtt` keeps them.
fn display_lines<'c>(
    transcript: &Transcript,
    cue: &'c Cue,
    vtt: bool,
) -> impl Iterator<Item = &'c str> {
    let text = if matches!(transcript.format, Format::Json | Format::Console) {
        cue.text.trim()
    } else {
        cue.text.as_str()
    };
    text.split('\n').filter(move |l| {
        if vtt {
            !l.is_empty()
        } else {
            !l.trim().is_empty()
        }
    })
}

/// The JSON document a transcript was read from, when its cues still map
/// onto it one for one.
fn json_layout(transcript: &Transcript) -> Option<&crate::json::JsonLayout> {
    match &transcript.layout {
        crate::transcript::Layout::Json(layout) if json::fits(transcript, layout) => Some(layout),
        _ => None,
    }
}
