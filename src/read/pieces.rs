//! Where a long timed file can be cut so that each piece reads alone
//! exactly as it reads in the whole file, for `clean` to read a file a
//! window at a time: the start of an SRT block after one empty line, any
//! row of a TSV file after its header. A piece is read only if the reader
//! has nothing to repair or report in it; otherwise the caller reads the
//! whole file the usual way, which reports it.

use crate::format::Format;
use crate::transcript::{Cue, Transcript};

use super::{Defects, Mode, srt, tsv};

/// Whether files of `format` can be read in pieces.
pub fn readable_in_pieces(format: Format) -> bool {
    matches!(format, Format::Srt | Format::Tsv)
}

/// The byte offset in `text` (whole lines of a `format` file, from the
/// start of a piece) of the last place where the next piece can begin;
/// `None` if there is none yet.
pub fn last_piece_start(format: Format, text: &str) -> Option<usize> {
    match format {
        Format::Srt => srt::last_piece_start(text),
        // Every row stands alone: the next piece begins after the last
        // whole line.
        Format::Tsv => text.rfind('\n').map(|i| i + 1),
        _ => None,
    }
}

/// Reads a piece of a `format` file that begins on line `first_line` of
/// the file: its cues, at their lines in the file. `None` if the reader
/// would repair or report anything in it.
pub fn read_piece(format: Format, text: &str, first_line: usize) -> Option<Transcript> {
    let mut defects = Defects::new(Mode::Lossy);
    let mut transcript = match format {
        Format::Srt => {
            let mut transcript = srt::parse(text, &mut defects).ok()?;
            for cue in &mut transcript.cues {
                cue.line += first_line - 1;
            }
            transcript
        }
        Format::Tsv => tsv::parse_from(text, first_line, &mut defects).ok()?,
        _ => return None,
    };
    if !defects.found.is_empty() {
        return None;
    }
    crate::speaker::detect(&mut transcript);
    Some(transcript)
}

/// The line of the file where `cue`'s block begins (its index line in
/// SRT, its row in TSV).
pub fn block_line(format: Format, cue: &Cue) -> usize {
    match format {
        // A piece read without repairs has an index line above every
        // timing line, and the text starts under the timing line.
        Format::Srt => cue.line - 2,
        _ => cue.line,
    }
}

/// A timed file read a piece at a time as its text comes, each piece's
/// cues given out in order: for what must be known of the whole file
/// before its windows are cleaned.
pub struct PieceReader {
    format: Format,
    /// Text read and not yet read as cues, from the start of a piece.
    pending: String,
    /// The number of the first line in `pending`.
    line: usize,
}

/// A piece cut off by a [`PieceReader`], to be read on any thread.
#[derive(Debug)]
pub struct Piece {
    format: Format,
    text: String,
    /// The number of its first line in the file.
    first_line: usize,
}

impl Piece {
    /// Its cues, at their lines in the file; `None` if the reader would
    /// repair or report anything in it.
    pub fn read(&self) -> Option<Transcript> {
        read_piece(self.format, &self.text, self.first_line)
    }
}

impl PieceReader {
    /// A reader of a `format` file from its start.
    pub fn new(format: Format) -> PieceReader {
        PieceReader {
            format,
            pending: String::new(),
            line: 1,
        }
    }

    /// Adds text read after what came before (it may end mid-line) and
    /// gives the cues of the pieces complete now to `each`; `None` if a
    /// piece reads only with repairs.
    pub fn push(&mut self, text: &str, each: &mut dyn FnMut(&Cue)) -> Option<()> {
        match self.cut(text) {
            Some(piece) => Self::give(&piece, each),
            None => Some(()),
        }
    }

    /// Reads what is left, the file's last piece.
    pub fn finish(self, each: &mut dyn FnMut(&Cue)) -> Option<()> {
        Self::give(&self.rest(), each)
    }

    /// Adds text read after what came before, as `push` does, and cuts
    /// off the pieces complete now, as one, unread.
    pub fn cut(&mut self, text: &str) -> Option<Piece> {
        self.pending.push_str(text);
        let whole_lines = crate::newlines::rfind(&self.pending).map_or(0, |i| i + 1);
        match last_piece_start(self.format, &self.pending[..whole_lines]) {
            Some(end) if end > 0 => {
                let rest = self.pending.split_off(end);
                let text = std::mem::replace(&mut self.pending, rest);
                Some(self.piece(text))
            }
            // No piece is complete yet.
            _ => None,
        }
    }

    /// What is left, the file's last piece, unread.
    pub fn rest(mut self) -> Piece {
        let text = std::mem::take(&mut self.pending);
        self.piece(text)
    }

    fn piece(&mut self, text: String) -> Piece {
        let first_line = self.line;
        self.line += crate::newlines::count(&text);
        Piece {
            format: self.format,
            text,
            first_line,
        }
    }

    fn give(piece: &Piece, each: &mut dyn FnMut(&Cue)) -> Option<()> {
        piece.read()?.cues.iter().for_each(each);
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRT: &str = "1\n00:00:01,000 --> 00:00:02,000\nBonjour.\n\n2\n00:00:02,500 --> 00:00:04,000\nDeux lignes\nde texte.\n\n3\n00:00:05,000 --> 00:00:06,000\n42\n\n4\n00:00:07,000 --> 00:00:08,000\nFin.\n";

    /// Every cut at a piece start reads as the whole file does.
    fn read_cut_everywhere(format: Format, text: &str) -> usize {
        let whole = super::super::parse(text, format, Mode::Lossy).unwrap();
        assert!(whole.warnings.is_empty());
        let mut cuts = 0;
        for end in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let Some(start) = last_piece_start(format, &text[..end]).filter(|&s| s > 0) else {
                continue;
            };
            let first = read_piece(format, &text[..start], 1).unwrap();
            let line = 1 + crate::newlines::count(&text[..start]);
            let second = read_piece(format, &text[start..], line).unwrap();
            let mut cues = first.cues;
            cues.extend(second.cues);
            assert_eq!(cues, whole.transcript.cues, "cut at byte {start}");
            cuts += 1;
        }
        cuts
    }

    #[test]
    fn srt_pieces_read_as_the_whole_file() {
        assert!(read_cut_everywhere(Format::Srt, SRT) > 0);
        assert!(read_cut_everywhere(Format::Srt, &SRT.replace('\n', "\r\n")) > 0);
    }

    #[test]
    fn tsv_pieces_read_as_the_whole_file() {
        let tsv = "start\tend\ttext\n0\t1500\tBonjour.\n1500\t3000\tAu revoir.\n3000\t3500\tFin.\n";
        assert!(read_cut_everywhere(Format::Tsv, tsv) > 0);
    }

    #[test]
    fn a_block_is_a_piece_start_only_after_one_empty_line() {
        // A number alone as a cue's text ("42") is not an index line: the
        // line under it is not a timing line.
        let start = last_piece_start(Format::Srt, SRT).unwrap();
        assert!(SRT[start..].starts_with("4\n"));
        let two_blanks =
            "1\n00:00:01,000 --> 00:00:02,000\nA.\n\n\n2\n00:00:02,500 --> 00:00:04,000\nB.\n";
        assert_eq!(last_piece_start(Format::Srt, two_blanks), None);
        // A piece the reader has to repair is not read.
        assert!(read_piece(Format::Srt, two_blanks, 1).is_none());
    }
}
