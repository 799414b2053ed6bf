//! A long timed transcript (SRT, Whisper TSV) cut into windows as it is
//! read: text goes in as it comes, is read in pieces that read alone as
//! they read in the whole file (src/read/pieces.rs), and each window comes
//! out as soon as a cut between two cues after it is found, by the same
//! tests as between the lines of plain text (src/clean/windows.rs).

use crate::format::Format;
use crate::read::pieces;
use crate::transcript::Transcript;

use super::{Cleaner, Passes, Window};

/// A timed transcript cut into windows as it is read; memory holds about
/// one window and the piece being read.
pub struct TimedWindows<'c> {
    cleaner: &'c Cleaner,
    passes: Passes,
    format: Format,
    /// Bytes a window should hold before a cut is looked for.
    window: usize,
    /// Text read and not yet given out, from the start of a block.
    pending: String,
    /// The number of the first line in `pending`.
    line: usize,
    /// Pending bytes before which no cut is looked for again: a search
    /// that found none waits for half as much text again, so that a long
    /// stretch without a cut is not read over and over.
    retry_at: usize,
}

/// A piece of the file that reads only with repairs or reports: the file
/// is to be read whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unreadable;

impl<'c> TimedWindows<'c> {
    /// Windows of about `window` bytes of a `format` file, for cleaning
    /// with `passes`.
    pub fn new(
        cleaner: &'c Cleaner,
        passes: Passes,
        format: Format,
        window: usize,
    ) -> TimedWindows<'c> {
        let window = window.max(1);
        TimedWindows {
            cleaner,
            passes,
            format,
            window,
            pending: String::new(),
            line: 1,
            retry_at: window,
        }
    }

    /// Adds text read after what came before (it may end mid-line) and
    /// gives each window that is complete now to `each`, in order.
    pub fn push(&mut self, text: &str, each: &mut dyn FnMut(Window)) -> Result<(), Unreadable> {
        self.pending.push_str(text);
        if self.pending.len() < self.retry_at {
            return Ok(());
        }
        let whole_lines = crate::newlines::rfind(&self.pending).map_or(0, |i| i + 1);
        let Some(end) = pieces::last_piece_start(self.format, &self.pending[..whole_lines])
            .filter(|&end| end >= self.window)
        else {
            return Ok(());
        };
        let piece =
            pieces::read_piece(self.format, &self.pending[..end], self.line).ok_or(Unreadable)?;
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(crate::newlines::offsets(&self.pending[..end]).map(|i| i + 1))
            .collect();
        // Where each cue's block starts in `pending`.
        let starts: Vec<usize> = piece
            .cues
            .iter()
            .map(|cue| line_starts[pieces::block_line(self.format, cue) - self.line])
            .collect();
        let mut cuts = Vec::new();
        let mut taken = 0;
        loop {
            let from = starts.partition_point(|&s| s < taken + self.window);
            let Some(cut) = self.cleaner.cue_cut(&piece.cues, from, self.passes) else {
                break;
            };
            cuts.push(cut);
            taken = starts[cut];
        }
        // Each window takes its cues as read here, not to read them again.
        let format = piece.format;
        let mut cues = piece.cues.into_iter();
        let (mut cue, mut byte) = (0, 0);
        for cut in cuts {
            let text = self.pending[byte..starts[cut]].to_string();
            let read = Transcript::new(format, cues.by_ref().take(cut - cue).collect());
            each(self.window_of(text, Some(read)));
            (cue, byte) = (cut, starts[cut]);
        }
        self.pending.drain(..taken);
        self.retry_at = if taken > 0 {
            self.window
        } else {
            self.pending.len() + self.pending.len() / 2
        };
        Ok(())
    }

    /// What is left: the transcript's last window.
    pub fn finish(mut self) -> Window {
        let last = std::mem::take(&mut self.pending);
        self.window_of(last, None)
    }

    fn window_of(&mut self, text: String, read: Option<Transcript>) -> Window {
        Window::next(&mut self.line, text, self.format, read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::txt_windows::tests::SHOW;
    use crate::clean::{Cleaned, Facts};
    use crate::dict::Dictionary;
    use crate::read::pieces::PieceReader;
    use crate::timestamp::Timestamp;
    use crate::transcript::Cue;
    use crate::write::{self, Before, Output};

    /// Cue texts, and whether the cue stands alone between long silences.
    const PIECES: &[(&str, bool)] = &[
        (
            "Bonjour à tous, on parle de la stick search aujourd'hui.",
            false,
        ),
        ("Avec Horacio, qui travaille chez Elastic", false),
        ("Search depuis longtemps.", false),
        ("Sous-titres réalisés par la communauté d'Amara.org", false),
        ("Signaler une erreur", false),
        ("Merci.", true),
        ("Merci.", false),
        ("c'est vrai c'est vrai c'est vrai", false),
        ("Non ! Non ! Non !", false),
        ("On répète.", false),
        ("On répète.", false),
        ("On répète.", false),
        ("No. No. No. No. No. No.", false),
        ("Ensuite on a vu les index,\net les shards.", false),
        (
            "Le cluster tient la charge même quand un nœud tombe.",
            false,
        ),
        ("  des espaces  en trop  ", false),
        ("Merci d'avoir regardé cette vidéo !", true),
        ("la stick", false),
        ("search encore", false),
        ("oh oh oh oh oh oh oh oh oh oh oh oh oh oh", false),
        ("Une phrase normale pour finir le paragraphe.", false),
    ];

    /// A timed transcript of `n` cues picked from PIECES by a small
    /// deterministic generator; times in whole seconds when `coarse`.
    fn cues(seed: u64, n: usize, coarse: bool) -> Vec<Cue> {
        let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        let mut at = 0u64;
        let mut cues = Vec::new();
        for i in 0..n {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let (text, alone) = PIECES[(state >> 33) as usize % PIECES.len()];
            let (gap, length) = match (alone, coarse) {
                (true, _) => (25_000, 2_000),
                (false, true) => (0, 2_000),
                (false, false) => (250 + (state >> 40) % 500, 1_200 + (state >> 50) % 900),
            };
            at += gap;
            cues.push(Cue::timed(
                Timestamp(at),
                Timestamp(at + length),
                text,
                i + 1,
            ));
            at += length + if alone { 25_000 } else { 0 };
        }
        cues
    }

    fn written(format: Format, cues: &[Cue]) -> String {
        let output = Output::from(format);
        write::render(&Transcript::new(format, cues.to_vec()), output, &[]).unwrap()
    }

    fn whole(cleaner: &Cleaner, format: Format, text: &str) -> (String, Vec<crate::Change>) {
        let reading = crate::read::parse(text, format, crate::read::Mode::Lossy).unwrap();
        assert!(reading.warnings.is_empty(), "{:?}", reading.warnings);
        let Cleaned {
            transcript,
            changes,
        } = cleaner.clean(reading.transcript);
        let out = write::render(&transcript, Output::from(format), &changes).unwrap();
        (out, changes)
    }

    fn facts(cleaner: &Cleaner, format: Format, text: &str, block: usize) -> Facts {
        let mut gathering = cleaner.facts_gathering(Passes::ALL).unwrap();
        let mut reader = PieceReader::new(format);
        for chunk in blocks(text, block) {
            reader.push(chunk, &mut |cue| gathering.push(cue)).unwrap();
        }
        reader.finish(&mut |cue| gathering.push(cue)).unwrap();
        gathering.finish()
    }

    fn blocks(text: &str, block: usize) -> Vec<&str> {
        let mut rest = text;
        let mut out = Vec::new();
        while !rest.is_empty() {
            let mut n = block.min(rest.len());
            while !rest.is_char_boundary(n) {
                n += 1;
            }
            out.push(&rest[..n]);
            rest = &rest[n..];
        }
        out
    }

    fn windowed(
        cleaner: &Cleaner,
        format: Format,
        text: &str,
        window: usize,
        block: usize,
    ) -> (String, Vec<crate::Change>, usize) {
        let facts = facts(cleaner, format, text, block);
        let mut out = String::new();
        let mut changes = Vec::new();
        let mut before = Before::default();
        let mut each = |mut w: Window| {
            let c = w.clean(cleaner, Passes::ALL, &facts).unwrap();
            let output = Output::from(format);
            out.push_str(&write::render_window(&c.transcript, output, &c.changes, before).unwrap());
            before.pass(&c.transcript);
            changes.extend(c.changes);
        };
        let mut windows = TimedWindows::new(cleaner, Passes::ALL, format, window);
        for chunk in blocks(text, block) {
            windows.push(chunk, &mut each).unwrap();
        }
        each(windows.finish());
        (out, changes, before.windows)
    }

    #[test]
    fn timed_windows_clean_exactly_as_the_whole_transcript() {
        let dict =
            Dictionary::from_bytes(SHOW.as_bytes(), std::path::Path::new("show.toml")).unwrap();
        let cleaner = Cleaner::new(dict).unwrap();
        let mut cut_somewhere = 0;
        let mut sparse_removed = 0;
        for seed in 0..60 {
            for format in [Format::Srt, Format::Tsv] {
                let text = written(
                    format,
                    &cues(seed, 40 + (seed as usize % 5) * 40, seed % 4 == 0),
                );
                let (out, changes) = whole(&cleaner, format, &text);
                sparse_removed += changes
                    .iter()
                    .filter(|c| {
                        c.evidence
                            .as_deref()
                            .is_some_and(|e| e.contains("each alone"))
                    })
                    .count();
                for (window, block) in [(1, 7), (300, 64), (2000, 333)] {
                    let (w_out, w_changes, windows) =
                        windowed(&cleaner, format, &text, window, block);
                    assert_eq!(w_out, out, "seed {seed}, {format:?}, window {window}");
                    assert_eq!(
                        w_changes, changes,
                        "seed {seed}, {format:?}, window {window}"
                    );
                    cut_somewhere += usize::from(windows > 1);
                }
            }
        }
        // The test means something only if windows were cut, and if the
        // facts of the whole file decided something in a window.
        assert!(cut_somewhere > 200, "{cut_somewhere}");
        assert!(sparse_removed > 0);
    }
}
