//! WebVTT, read as browsers read it: the WHATWG/W3C *WebVTT parser
//! algorithm*, block by block (w3c/webvtt `index.bs`, §"WebVTT file
//! parsing"; fixtures/readers/NOTES.md walks through it with a fixture per
//! case). Timing lines and settings are in `timing`. Kept for the writer:
//! the `WEBVTT` line and header, STYLE/REGION/NOTE blocks, identifiers,
//! settings, inline tags; entities are decoded and YouTube's
//! `<00:00:01.000><c> word</c>` tags become word timings.
//!
//! What the parser does, and so what the lossy reader does:
//! - Only a bad signature (`WEBVTT`, then a space, a tab or a line break)
//!   rejects the file; then nothing is read, in either mode.
//! - Lines end at CR LF, LF or a lone CR; NUL becomes U+FFFD first.
//! - A block is the lines up to an empty line. A line holding `-->` on a
//!   block's first line, or on its second under a first without one, is
//!   its timing line (the first line is then the identifier); anywhere
//!   else a `-->` line starts the next block. So a timing line right
//!   under cue text starts a new cue, and a line of spaces is text.
//! - A block whose timing line does not parse, or that has none, is
//!   dropped by browsers, and only that block. Well-formed NOTE blocks
//!   aside, each is reported with its line (and column) and the rest of
//!   the file is read. Nothing a person wrote is lost: the block is kept
//!   verbatim, like a NOTE, and written back where it stood when the
//!   output is WebVTT (where browsers skip it again); other formats, which
//!   have no place for it, leave it out. A file whose every block was
//!   dropped is an error (the first block's), not an empty transcript:
//!   `clean --to srt` or `--in-place` would otherwise write nothing.
//! - Times are kept as written: an end before its start, cues out of
//!   order. Hours have no upper bound in the spec; transcrub's times stop
//!   at 9999:59:59.999 (`Timestamp::MAX`), and a later time drops its
//!   block like any time that does not parse.
//!
//! Strict mode reads the same way and also demands the file syntax
//! (§"WebVTT file structure"): every dropped block is an error, and so
//! is each departure from the syntax that browsers read past: no empty
//! line after the header, a timing line with no empty line above it,
//! `-->` without spaces or tabs around it, a leading space or form feed,
//! one-digit hours, unknown or invalid settings, an end not after its
//! start, a start before the previous cue's, an identifier used twice,
//! STYLE or REGION after the first cue, a file that ends right after a
//! timing line. Two readings of the syntax were ours to choose:
//! - Header lines of the form `Name: value` (`Kind: captions`,
//!   `Language: en`, HLS's `X-TIMESTAMP-MAP=MPEGTS:0,LOCAL:...`) are
//!   accepted. They were the "WebVTT metadata headers" of the W3C syntax
//!   until 2015; YouTube writes them in every caption file and RFC 8216
//!   requires the HLS one; transcrub writes a file's header back as it
//!   was, and its own output must pass `--strict`. Any other line there
//!   (a line of spaces, a tab, a word) is an error.
//! - A cue with no text needs no second empty line before the next block
//!   (read literally, the syntax wants `timing⏎⏎⏎next`): no parser tells
//!   the two apart, and transcrub writes `timing⏎⏎next`. Likewise a
//!   final line break after the last cue's text is not required (stable-ts
//!   writes none); one after a timing line that ends the file is.

mod timing;

use std::borrow::Cow;
use std::collections::HashMap;

use crate::error::{Error, Result, quote};
use crate::format::Format;
use crate::markup;
use crate::timestamp::Timestamp;
use crate::transcript::{Cue, Transcript, Word};

use super::{Defects, column};
use timing::{Defect, Timings, timings};

/// Parses WebVTT, failing at the first defect.
pub fn parse_vtt(text: &str) -> Result<Transcript> {
    super::strict(text, parse)
}

/// Parses WebVTT as browsers do; returns the dropped blocks as warnings.
pub fn parse_vtt_lossy(text: &str) -> (Transcript, Vec<Error>) {
    super::lossy(text, Format::Vtt, parse)
}

pub(super) fn parse(text: &str, defects: &mut Defects) -> Result<Transcript> {
    // The decoder eats a UTF-8 BOM; text handed to us directly may have one.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let text: Cow<str> = if text.contains('\0') {
        Cow::Owned(text.replace('\0', "\u{FFFD}"))
    } else {
        Cow::Borrowed(text)
    };
    let (lines, terminated) = super::split_lines(&text);
    Reader {
        lines,
        terminated,
        defects,
        transcript: Transcript::new(Format::Vtt, Vec::new()),
        pending: Vec::new(),
        ids: HashMap::new(),
        first_drop: None,
    }
    .read()
}

struct Reader<'t, 'd> {
    lines: Vec<&'t str>,
    /// Whether the text ends with a line break.
    terminated: bool,
    defects: &'d mut Defects,
    transcript: Transcript,
    /// Blocks that are not cues, since the last cue, for the next one.
    pending: Vec<String>,
    /// Each identifier and its 1-based line, to find the second use.
    ids: HashMap<&'t str, usize>,
    /// The first dropped block's defect: the error if no cue is read.
    first_drop: Option<Error>,
}

/// One block as *collect a WebVTT block* leaves it: lines `start..end`,
/// the next block's search starting at `next`.
struct Block<'t> {
    start: usize,
    end: usize,
    next: usize,
    /// The block ended at a line holding `-->` (not an empty line), which
    /// starts the next block.
    rewound: bool,
    kind: Kind<'t>,
}

enum Kind<'t> {
    /// A timing line at `timing` that parsed; the text follows it.
    Cue {
        timing: usize,
        timings: Timings<'t>,
    },
    /// A timing line at `timing` that did not parse: the block is dropped.
    BadTiming {
        timing: usize,
        defect: Defect,
    },
    Style,
    Region,
    /// No timing line on the first line or the second: dropped (a NOTE,
    /// a STYLE after the first cue, stray text).
    Untimed,
}

impl<'t> Reader<'t, '_> {
    fn read(mut self) -> Result<Transcript> {
        let Some(&first) = self.lines.first() else {
            return Err(Error::parse(
                1,
                1,
                "expected \"WEBVTT\" at the start of the file, found an empty file",
            ));
        };
        signature(first)?;
        let mut i = self.header()?;
        // Whether the block at `i` starts right under the line above it
        // (the header's own case is reported by `header`).
        let mut after_rewind = false;
        while i < self.lines.len() {
            let block = self.collect_block(i);
            i = block.next;
            let rewound = block.rewound;
            self.take(block, after_rewind)?;
            after_rewind = rewound;
            i = self.skip_empty(i);
        }
        self.finish()
    }

    fn skip_empty(&self, mut i: usize) -> usize {
        while self.lines.get(i).is_some_and(|l| l.is_empty()) {
            i += 1;
        }
        i
    }

    /// The lines under the signature up to the first empty line, or up to
    /// a line holding `-->`, which is left for the first block (header
    /// mode). Returns where the blocks start.
    fn header(&mut self) -> Result<usize> {
        let mut i = 1;
        while let Some(&line) = self.lines.get(i) {
            if line.is_empty() {
                break;
            }
            if line.contains("-->") {
                self.defects.syntax(Error::parse(
                    i + 1,
                    1,
                    format!(
                        "expected an empty line after the WEBVTT line and its header, found the timing line {}",
                        quote(line)
                    ),
                ))?;
                break;
            }
            if !is_metadata_header(line) {
                self.defects.syntax(Error::parse(
                    i + 1,
                    1,
                    format!(
                        "expected an empty line or a header \"Name: value\" after the WEBVTT line, found {}",
                        quote(line)
                    ),
                ))?;
            }
            i += 1;
        }
        self.transcript.preamble.push(self.lines[..i].join("\n"));
        Ok(self.skip_empty(i))
    }

    /// *Collect a WebVTT block* from line `i` (not in header mode).
    fn collect_block(&self, start: usize) -> Block<'t> {
        let mut kind = Kind::Untimed;
        let mut i = start;
        let mut count = 0;
        let mut seen_arrow = false;
        let seen_cue = !self.transcript.cues.is_empty();
        let (end, next, rewound) = loop {
            let Some(&line) = self.lines.get(i) else {
                break (i, i, false);
            };
            count += 1;
            if line.contains("-->") {
                if count == 1 || (count == 2 && !seen_arrow) {
                    seen_arrow = true;
                    kind = match timings(line) {
                        Ok(timings) => Kind::Cue { timing: i, timings },
                        Err(defect) => Kind::BadTiming { timing: i, defect },
                    };
                    i += 1;
                    continue;
                }
                break (i, i, true);
            }
            if line.is_empty() {
                break (i, i + 1, false);
            }
            // Line 2 under a first line without an arrow, before any cue:
            // a first line "STYLE" or "REGION" makes the block one.
            if count == 2 && !seen_cue && matches!(kind, Kind::Untimed) {
                if is_keyword(self.lines[start], "STYLE") {
                    kind = Kind::Style;
                } else if is_keyword(self.lines[start], "REGION") {
                    kind = Kind::Region;
                }
            }
            i += 1;
        };
        Block {
            start,
            end,
            next,
            rewound,
            kind,
        }
    }

    /// Keeps what the block gives: a cue, a STYLE or REGION block, or a
    /// block browsers drop (reported unless it is a well-formed NOTE).
    fn take(&mut self, block: Block<'t>, after_rewind: bool) -> Result<()> {
        let Block {
            start, end, kind, ..
        } = block;
        if after_rewind {
            self.defects.syntax(Error::parse(
                start + 1,
                1,
                format!(
                    "expected an empty line before the timing line {}, found the line above it",
                    quote(self.lines[start])
                ),
            ))?;
        }
        match kind {
            Kind::Cue { timing, timings } => self.cue(start, end, timing, &timings),
            Kind::Style | Kind::Region => {
                // Only ever before the first cue.
                let text = self.lines[start..end].join("\n");
                self.transcript.preamble.push(text);
                Ok(())
            }
            Kind::BadTiming { timing, defect } => {
                let line = self.lines[timing];
                let err = Error::parse(timing + 1, column(line, defect.offset), defect.message);
                self.drop_block(start, end, err)
            }
            Kind::Untimed => {
                let first = self.lines[start];
                let err = if is_keyword(first, "NOTE")
                    || first.starts_with("NOTE ")
                    || first.starts_with("NOTE\t")
                {
                    // A comment: never holds "-->" (such a line would have
                    // been a timing line or ended the block).
                    None
                } else if is_keyword(first, "STYLE") || is_keyword(first, "REGION") {
                    Some(format!(
                        "expected only cues and NOTE blocks after the first cue, found a {} block",
                        first.trim_end()
                    ))
                } else {
                    let last = self.lines[start..end.min(start + 2)]
                        .last()
                        .copied()
                        .unwrap_or(first);
                    Some(format!(
                        "expected a cue timing line on the first or second line of the block, found {}",
                        quote(last)
                    ))
                };
                match err {
                    Some(message) => {
                        self.drop_block(start, end, Error::parse(start + 1, 1, message))
                    }
                    None => {
                        self.keep_aside(self.lines[start..end].join("\n"));
                        Ok(())
                    }
                }
            }
        }
    }

    fn cue(
        &mut self,
        start: usize,
        end: usize,
        timing: usize,
        timings: &Timings<'t>,
    ) -> Result<()> {
        let line = self.lines[timing];
        let id = (timing > start).then(|| self.lines[start]);
        if let Some(id) = id {
            if let Some(first) = self.ids.get(id) {
                self.defects.syntax(Error::parse(
                    start + 1,
                    1,
                    format!(
                        "expected a unique cue identifier, found {} again (first on line {first})",
                        quote(id)
                    ),
                ))?;
            } else {
                self.ids.insert(id, start + 1);
            }
        }
        if self.transcript.cues.is_empty() {
            // openai-whisper writes hours only from the first hour on.
            self.transcript.spelling.short_times = !timings.hours_written();
        }
        let at = |offset: usize| column(line, offset);
        if let Some(defect) = timings.syntax_defect(line) {
            self.defects
                .syntax(Error::parse(timing + 1, at(defect.offset), defect.message))?;
        }
        if timings.end <= timings.start {
            self.defects.syntax(Error::parse(
                timing + 1,
                at(timings.end_at()),
                format!(
                    "expected an end time after the start time, found {} --> {}",
                    timings.start.vtt(),
                    timings.end.vtt()
                ),
            ))?;
        }
        if let Some(previous) = self.transcript.cues.last().and_then(|c| c.start)
            && timings.start < previous
        {
            self.defects.syntax(Error::parse(
                timing + 1,
                at(timings.start_at()),
                format!(
                    "expected a start time at or after the previous cue's ({}), found {}",
                    previous.vtt(),
                    timings.start.vtt()
                ),
            ))?;
        }
        if timing + 1 == self.lines.len() && !self.terminated {
            self.defects.syntax(Error::parse(
                timing + 1,
                line.chars().count() + 1,
                "expected a line break after the cue timings, found the end of the file",
            ))?;
        }
        let raw = self.lines[timing + 1..end].join("\n");
        let words = word_timings(&raw, timings.start, timings.end);
        let notes = std::mem::take(&mut self.pending);
        self.transcript.cues.push(Cue {
            id: id.map(str::to_string),
            start: Some(timings.start),
            end: Some(timings.end),
            settings: timings.settings(),
            text: markup::decode_entities(&raw),
            words,
            notes,
            line: timing + 2,
            ..Cue::default()
        });
        Ok(())
    }

    /// A block browsers drop: an error in strict mode, a warning in lossy
    /// mode; its lines are kept aside, to be written back as they were.
    fn drop_block(&mut self, start: usize, end: usize, err: Error) -> Result<()> {
        let lines = if end - start > 1 {
            format!("lines {}-{} skipped, as browsers skip them", start + 1, end)
        } else {
            format!("line {} skipped, as browsers skip it", start + 1)
        };
        let mut warning = err.clone();
        warning.message = format!(
            "{}; {lines} (written back unchanged in WebVTT)",
            err.message
        );
        // Strict: the error as the syntax sees it; lossy: the warning.
        self.defects.syntax(err.clone())?;
        self.defects.repairable(warning)?;
        self.first_drop.get_or_insert(err);
        self.keep_aside(self.lines[start..end].join("\n"));
        Ok(())
    }

    /// A block that is not a cue, in its place: before the first cue in
    /// the preamble, later with the next cue (or after the last).
    fn keep_aside(&mut self, block: String) {
        if self.transcript.cues.is_empty() {
            self.transcript.preamble.push(block);
        } else {
            self.pending.push(block);
        }
    }

    fn finish(mut self) -> Result<Transcript> {
        if self.transcript.cues.is_empty()
            && let Some(err) = self.first_drop.take()
        {
            return Err(err);
        }
        let mut transcript = self.transcript;
        // Blocks after the last cue are written back after it.
        transcript.epilogue = self.pending;
        if super::roll::rolls(&transcript.cues) {
            let cues = transcript.cues.len();
            let gone = super::roll::deroll(&mut transcript.cues, |cue| {
                let start = cue.start.unwrap_or_default();
                word_timings(&cue.text, start, cue.end.unwrap_or(start))
            });
            self.defects.note(Error::parse(
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
}

/// The signature: `WEBVTT` alone on the first line, or followed by a
/// space or a tab and anything (a title). Anything else rejects the whole
/// file, as it does in browsers.
fn signature(line: &str) -> Result<()> {
    let rest = match line.strip_prefix("WEBVTT") {
        Some(rest) if rest.is_empty() || rest.starts_with([' ', '\t']) => return Ok(()),
        Some(rest) => rest,
        None => {
            return Err(Error::parse(
                1,
                1,
                format!(
                    "expected \"WEBVTT\" at the start of the file, found {}; browsers read no cue from it",
                    quote(line)
                ),
            ));
        }
    };
    Err(Error::parse(
        1,
        7,
        format!(
            "expected \"WEBVTT\" then a space, a tab or a line break, found {}; browsers read no cue from it",
            quote(&format!("WEBVTT{rest}"))
        ),
    ))
}

/// A header line of the W3C syntax before 2015: a name, `:`, a value,
/// no `-->` (`Kind: captions`; HLS's `X-TIMESTAMP-MAP=MPEGTS:...`).
fn is_metadata_header(line: &str) -> bool {
    line.split_once(':')
        .is_some_and(|(name, value)| !name.is_empty() && !value.is_empty())
        && !line.contains("-->")
}

/// `STYLE`, `REGION` or `NOTE` alone, or followed by ASCII whitespace only.
fn is_keyword(line: &str, keyword: &str) -> bool {
    line.strip_prefix(keyword)
        .is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_whitespace()))
}

/// Words from timestamp tags: each tag starts the word that follows it; the
/// text before the first tag starts at the cue's start. Only cues with at
/// least one timestamp tag have word timings.
fn word_timings(raw: &str, cue_start: Timestamp, cue_end: Timestamp) -> Vec<Word> {
    let mut pieces: Vec<(Timestamp, String)> = Vec::new();
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
        // Times as the file spells them (openai-whisper's, hours only
        // from the first hour on): the file comes back as it was read.
        assert_eq!(written, text);
    }

    #[test]
    fn strict_requires_the_signature() {
        let err = parse_vtt("00:01.000 --> 00:02.000\nhi\n").unwrap_err();
        assert_eq!(err.line, Some(1));
        assert!(err.message.starts_with("expected \"WEBVTT\""));
    }

    #[test]
    fn strict_rejects_comma_milliseconds_where_the_comma_is() {
        let err = parse_vtt("WEBVTT\n\n00:01,000 --> 00:02.000\nhi\n").unwrap_err();
        assert_eq!((err.line, err.column), (Some(3), Some(6)));
        assert_eq!(
            err.message,
            "expected \".\" before the milliseconds, found \",000\""
        );
    }

    #[test]
    fn a_dropped_block_is_written_back_where_it_stood() {
        let text = "WEBVTT\n\n00:01.000 --> 00:02.000\nun\n\n00:03,000 --> 00:04.000\ndeux\n\n00:05.000 --> 00:06.000\ntrois\n";
        let (t, warnings) = parse_vtt_lossy(text);
        let texts: Vec<&str> = t.cues.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["un", "trois"]);
        assert_eq!((warnings[0].line, warnings[0].column), (Some(6), Some(6)));
        assert!(
            warnings[0].message.ends_with(
                "lines 6-7 skipped, as browsers skip them (written back unchanged in WebVTT)"
            ),
            "{}",
            warnings[0].message
        );
        let written = crate::write::render(&t, crate::write::Output::Vtt, &[]).unwrap();
        assert_eq!(written, text);
    }

    #[test]
    fn a_file_with_no_readable_cue_is_an_error() {
        let (t, warnings) = parse_vtt_lossy("WEBVTT\n\n00:01,000 --> 00:02,000\nun\n");
        assert!(t.cues.is_empty());
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].line, Some(3));
    }
}
