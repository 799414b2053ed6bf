//! A long plain-text, SRT or Whisper TSV file read and cleaned a window
//! at a time (src/clean/windows.rs, timed_windows.rs cut them), for the
//! commands that stream: `clean` writes each cleaned window, `subtitles`
//! segments them. A window's cleaning is the same as the whole file's
//! (a timed file is read once first for what the artifact pass must know
//! of all of it, src/clean/facts.rs). Only text the usual reading keeps
//! as it is streams: UTF-8 (its byte-order mark aside) without NUL or lone
//! carriage return, and SRT or TSV without a block the reader would
//! repair; anything else is found on the way, and the caller reads the
//! file whole instead.

use std::cell::Cell;
use std::io::Read;
use std::path::Path;

use crate::clean::{Cleaned, Cleaner, Facts, LineFixes, Passes, TimedWindows, TxtWindows, Window};
use crate::error::{Error, Result};
use crate::format::Format;
use crate::read::pieces::{Piece, PieceReader};
use crate::transcript::{Cue, Transcript};

use super::in_order::in_order;

/// Bytes per window, unless `TRANSCRUB_WINDOW_BYTES` says otherwise (the
/// tests make it small); files no longer than one window are read whole.
/// A window of text becomes ten to twenty times its size in cues and
/// changes while it is cleaned, and each worker has one and two waiting:
/// 256 KB keeps that near 20 MB at no cost in speed (1 MB was no faster,
/// 64 KB slower).
pub(crate) const WINDOW_BYTES: usize = 256 << 10;
/// Bytes read at a time.
pub(super) const BLOCK_BYTES: usize = 1 << 20;
/// UTF-8's byte-order mark.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The window size: `TRANSCRUB_WINDOW_BYTES`, else 256 KB.
pub(super) fn window_bytes() -> usize {
    std::env::var("TRANSCRUB_WINDOW_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n: &usize| n > 0)
        .unwrap_or(WINDOW_BYTES)
}

/// A file read and cleaned a window at a time, and how.
pub(super) struct File<'a> {
    pub path: &'a Path,
    pub format: Format,
    pub cleaner: &'a Cleaner,
    pub window: usize,
    /// It begins with UTF-8's byte-order mark, which the output keeps.
    pub bom: bool,
    /// A very long line of plain text is cut into windows too
    /// (`clean`; `subtitles` keeps a line whole, as one cue).
    pub split_lines: Option<LineFixes>,
    /// Lines kept whole however long (`TxtWindows::keeping_whole`).
    pub keep_whole: Option<fn(&str) -> bool>,
}

impl<'a> File<'a> {
    /// The file at `path`, read as `format` and cleaned by `cleaner` in
    /// windows of about `window` bytes.
    pub fn open(
        path: &'a Path,
        format: Format,
        cleaner: &'a Cleaner,
        window: usize,
    ) -> Result<File<'a>> {
        Ok(File {
            path,
            format,
            cleaner,
            window,
            bom: starts_with_utf8_bom(path)?,
            split_lines: None,
            keep_whole: None,
        })
    }

    /// The same, cutting very long lines of plain text into windows.
    pub fn splitting_lines(mut self, fixes: LineFixes) -> File<'a> {
        self.split_lines = Some(fixes);
        self
    }

    /// The same, but for the lines `keep` says must be read whole.
    pub fn keeping_whole(mut self, keep: fn(&str) -> bool) -> File<'a> {
        self.keep_whole = Some(keep);
        self
    }

    /// Reads the file once through for what cleaning a window needs to
    /// know of all of it; `None` if it must be read whole after all.
    /// Plain text needs nothing, but stdout is written as windows are
    /// cleaned, not held: so this reading also makes sure no window will
    /// have to be taken back.
    pub fn facts(&self) -> Result<Option<Facts>> {
        self.facts_with(&mut |_| {})
    }

    /// The same, showing each cue of a timed file to `also` as it is read.
    pub fn facts_with(&self, also: &mut dyn FnMut(&Cue)) -> Result<Option<Facts>> {
        if self.format == Format::Txt {
            return Ok(read_text(self.path, self.format, &mut |_| true)?.map(|()| Facts::default()));
        }
        let mut gathering = self.cleaner.facts_gathering(Passes::ALL);
        let mut each = |cue: &Cue| {
            also(cue);
            if let Some(gathering) = gathering.as_mut() {
                gathering.push(cue);
            }
        };
        let read = self.read_pieces(&mut |piece| piece.cues.iter().for_each(&mut each))?;
        if read.is_none() {
            return Ok(None);
        }
        Ok(Some(gathering.map_or_else(Facts::default, |g| g.finish())))
    }

    /// Reads a timed file a piece at a time, giving each piece's cues to
    /// `each` in the order of the file; `None` if a piece reads only with
    /// repairs, or the file must be read whole. This thread reads and
    /// cuts the pieces; parsing them, most of the work, is done on every
    /// core, at most two pieces per worker in flight.
    fn read_pieces(&self, each: &mut dyn FnMut(&Transcript)) -> Result<Option<()>> {
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        self.read_pieces_on(workers, each)
    }

    /// The same, parsing on `workers` threads (at least one), as
    /// `clean_windows` cleans.
    fn read_pieces_on(
        &self,
        workers: usize,
        each: &mut dyn FnMut(&Transcript),
    ) -> Result<Option<()>> {
        let (path, format) = (self.path, self.format);
        let mut reader = PieceReader::new(format);
        // Whether a piece handed on read only with repairs: the file is
        // read whole, and what comes after it is not handed on.
        let unread = Cell::new(false);
        let mut give = |piece: Option<Transcript>| match piece {
            Some(piece) if !unread.get() => each(&piece),
            _ => unread.set(true),
        };
        let read = in_order(
            workers.max(1),
            |piece: Piece| piece.read(),
            &mut give,
            |hand| {
                let read = read_text(path, format, &mut |text| {
                    reader.cut(text).into_iter().for_each(&mut *hand);
                    !unread.get()
                });
                let finished_reading = matches!(read, Ok(Some(())));
                if finished_reading {
                    hand(reader.rest());
                }
                (read, finished_reading)
            },
        );
        match read {
            Ok(Some(())) if unread.get() => Ok(None),
            read => read,
        }
    }

    /// Reads and cleans the file a window at a time, giving each cleaned
    /// window (`None` if it no longer reads) and the window to `each`, in
    /// order; `None` if it turns out to need reading whole. Windows are
    /// cleaned on every core while this thread reads and cuts the next
    /// ones and hands on those done; at most two windows per worker are in
    /// flight. `each` returns false when the rest is of no use (its output
    /// failed, or the file must be read whole): reading stops at the next
    /// block, the windows in flight are dropped, and `Some` is returned.
    pub fn clean_windows(
        &self,
        facts: &Facts,
        each: &mut dyn FnMut(Option<Cleaned>, &Window) -> bool,
    ) -> Result<Option<()>> {
        let cleaner = self.cleaner;
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        if workers > 1 {
            // The windows run side by side; each one's own halves need not.
            crate::parallel::single_threaded();
        }
        let clean = |mut window: Window| {
            let cleaned = window.clean(cleaner, Passes::ALL, facts);
            (cleaned, window)
        };
        let going = Cell::new(true);
        let mut give = |(cleaned, window): (Option<Cleaned>, Window)| {
            if going.get() && !each(cleaned, &window) {
                going.set(false);
            }
        };
        in_order(workers, clean, &mut give, |hand| {
            let read = self.read_windows(hand, &|| going.get());
            if !going.get() {
                return (Ok(Some(())), false);
            }
            let finished_reading = matches!(read, Ok(Some(())));
            (read, finished_reading)
        })
    }

    /// Reads the file in blocks and gives each window to `each`, while
    /// `going`; `None` if the file must be read whole after all, or
    /// reading stopped.
    fn read_windows(
        &self,
        each: &mut dyn FnMut(Window),
        going: &dyn Fn() -> bool,
    ) -> Result<Option<()>> {
        let (path, format) = (self.path, self.format);
        if format == Format::Txt {
            let mut windows = TxtWindows::new(self.cleaner, Passes::ALL, self.window);
            if let Some(fixes) = self.split_lines {
                windows = windows.splitting_lines(fixes);
            }
            if let Some(keep) = self.keep_whole {
                windows = windows.keeping_whole(keep);
            }
            if read_text(path, format, &mut |text| {
                windows.push(text, each);
                going()
            })?
            .is_none()
            {
                return Ok(None);
            }
            windows.finish(each);
            return Ok(Some(()));
        }
        let mut windows = TimedWindows::new(self.cleaner, Passes::ALL, format, self.window);
        if read_text(path, format, &mut |text| {
            windows.push(text, each).is_ok() && going()
        })?
        .is_none()
        {
            return Ok(None);
        }
        each(windows.finish());
        Ok(Some(()))
    }
}

/// Reads the file in blocks of text, checking as it goes that it is what
/// the usual reading of a `format` file would keep as it is; `None` at the
/// first thing that is not (see the module comment), or when `each` says
/// so (returns false).
fn read_text(
    path: &Path,
    format: Format,
    each: &mut dyn FnMut(&str) -> bool,
) -> Result<Option<()>> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, &e))?;
    let mut block = vec![0u8; BLOCK_BYTES];
    // Bytes of a character cut by the end of the last block.
    let mut carry: Vec<u8> = Vec::new();
    let mut first = true;
    let mut ends_with_cr = false;
    // The usual reading asks whether the first 200 lines are a console
    // transcript's: asked as they come, so a file of a few very long
    // lines streams too. Until it is answered, what is given to `each`
    // may yet be thrown away (the caller reads the file whole then).
    let mut sniff = (format == Format::Txt).then(crate::read::Sniff::default);
    loop {
        let n = read_some(&mut file, &mut block).map_err(|e| Error::io(path, &e))?;
        if n == 0 {
            break;
        }
        carry.extend_from_slice(&block[..n]);
        if first {
            first = false;
            // UTF-8's mark is not text (the caller writes it back); any
            // other is UTF-16 or UTF-32, which only the whole reading
            // decodes.
            if carry.starts_with(UTF8_BOM) {
                carry.drain(..UTF8_BOM.len());
            }
            if crate::encoding::has_bom(&carry) {
                return Ok(None);
            }
        }
        let text = match simdutf8::compat::from_utf8(&carry) {
            Ok(text) => text,
            // A character cut at the end of the block: the rest comes next.
            Err(e) if e.error_len().is_none() => {
                simdutf8::compat::from_utf8(&carry[..e.valid_up_to()]).expect("valid up to there")
            }
            Err(_) => return Ok(None),
        };
        let valid = text.len();
        if let Some(verdict) = sniff.as_mut().and_then(|s| s.push(text)) {
            if verdict {
                return Ok(None);
            }
            sniff = None;
        }
        if !plain(text) || !each(text) {
            return Ok(None);
        }
        ends_with_cr = text.ends_with('\r');
        carry.drain(..valid);
    }
    if sniff.is_some_and(crate::read::Sniff::finish) {
        return Ok(None);
    }
    // Bytes of a character never finished, or a carriage return alone at
    // the very end.
    if !carry.is_empty() || ends_with_cr {
        return Ok(None);
    }
    Ok(Some(()))
}

/// Whether the file begins with UTF-8's byte-order mark.
fn starts_with_utf8_bom(path: &Path) -> Result<bool> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, &e))?;
    let mut head = [0u8; 3];
    let n = read_some(&mut file, &mut head).map_err(|e| Error::io(path, &e))?;
    Ok(head[..n] == *UTF8_BOM)
}

/// Reads until `block` is full or the file ends.
fn read_some(file: &mut std::fs::File, block: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < block.len() {
        match file.read(&mut block[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Text the usual reading keeps as it is: no NUL (UTF-16 without a BOM
/// is recognised by them) and no carriage return but before a line feed
/// (a lone one is read as a line end, with a warning). A CR ending the
/// block is judged with the next one.
fn plain(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Both searched for with memchr: a loop over every byte was a few
    // percent of cleaning.
    memchr::memchr(0, bytes).is_none()
        && memchr::memchr_iter(b'\r', bytes).all(|i| bytes.get(i + 1).is_none_or(|&n| n == b'\n'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::Dictionary;
    use crate::timestamp::Timestamp;
    use crate::write::{self, Output};

    /// An SRT of several blocks' worth of cues, in whole seconds: speech,
    /// and every seventh cue "Merci." alone between long silences, which
    /// the facts count.
    fn long_srt() -> (String, Vec<Cue>) {
        let mut at = 0;
        let mut cues = Vec::new();
        for i in 0..3 * BLOCK_BYTES / 60 {
            let alone = i % 7 == 3;
            let text = match alone {
                true => "Merci.",
                false => "On parle de la stick search avec Horacio aujourd'hui.",
            };
            at += if alone { 25_000 } else { 1_000 };
            cues.push(Cue::timed(
                Timestamp(at),
                Timestamp(at + 2_000),
                text,
                i + 1,
            ));
            at += 2_000 + if alone { 25_000 } else { 0 };
        }
        let srt = Transcript::new(Format::Srt, cues);
        let text = write::render(&srt, Output::from(Format::Srt), &[]).unwrap();
        let whole = crate::read::parse(&text, Format::Srt, crate::read::Mode::Lossy).unwrap();
        assert!(whole.warnings.is_empty(), "{:?}", whole.warnings);
        (text, whole.transcript.cues)
    }

    /// The built-in lists, no dictionary.
    fn cleaner() -> Cleaner {
        Cleaner::new(Dictionary::from_bytes(b"", Path::new("empty.toml")).unwrap()).unwrap()
    }

    /// The facts and the cues a file's pieces give on `workers` threads.
    fn facts_on(file: &File, workers: usize) -> Option<(Facts, Vec<Cue>)> {
        let mut gathering = file.cleaner.facts_gathering(Passes::ALL).unwrap();
        let mut seen = Vec::new();
        let read = file.read_pieces_on(workers, &mut |piece| {
            for cue in &piece.cues {
                gathering.push(cue);
                seen.push(cue.clone());
            }
        });
        read.unwrap().map(|()| (gathering.finish(), seen))
    }

    /// `long_srt` in a file of a folder of its own, with its text and cues.
    fn long_srt_file() -> (tempfile::TempDir, std::path::PathBuf, String, Vec<Cue>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("long.srt");
        let (text, cues) = long_srt();
        std::fs::write(&path, &text).unwrap();
        (dir, path, text, cues)
    }

    #[test]
    fn pieces_read_on_any_number_of_threads_give_the_whole_files_cues_and_facts() {
        let cleaner = cleaner();
        let (_dir, path, text, cues) = long_srt_file();
        assert!(
            text.len() > 3 * BLOCK_BYTES,
            "several blocks, so several pieces"
        );
        let file = File::open(&path, Format::Srt, &cleaner, WINDOW_BYTES).unwrap();
        let mut gathering = cleaner.facts_gathering(Passes::ALL).unwrap();
        cues.iter().for_each(|cue| gathering.push(cue));
        let facts = gathering.finish();
        assert!(facts.coarse);
        assert!(facts.sparse_copies("Merci.") > 1000);
        for workers in [1, 2, 3, 4] {
            let (got, seen) = facts_on(&file, workers).expect("reads in pieces");
            assert_eq!(got, facts, "{workers} workers");
            assert!(seen == cues, "{workers} workers: other cues");
        }
        assert_eq!(file.facts().unwrap(), Some(facts));
    }

    #[test]
    fn a_piece_that_needs_repairs_anywhere_makes_the_file_read_whole() {
        let cleaner = cleaner();
        let (_dir, path, text, _) = long_srt_file();
        // A start time the reader repairs ("." read as ","), in the first
        // piece, a middle one and the last.
        for at in [0.1, 0.5, 0.99] {
            let from = (text.len() as f64 * at) as usize;
            let comma = from + text[from..].find(" --> ").unwrap() - 4;
            assert_eq!(&text[comma..=comma], ",");
            let broken = format!("{}.{}", &text[..comma], &text[comma + 1..]);
            let reading = crate::read::parse(&broken, Format::Srt, crate::read::Mode::Lossy);
            assert!(
                !reading.unwrap().warnings.is_empty(),
                "the reader repairs it"
            );
            std::fs::write(&path, &broken).unwrap();
            let file = File::open(&path, Format::Srt, &cleaner, WINDOW_BYTES).unwrap();
            for workers in [1, 2, 4] {
                assert!(
                    facts_on(&file, workers).is_none(),
                    "{at}, {workers} workers"
                );
            }
            assert_eq!(file.facts().unwrap(), None);
        }
    }
}
