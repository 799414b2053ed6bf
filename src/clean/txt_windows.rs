//! A plain-text transcript cut into windows as it is read (windows.rs
//! says where a cut may fall between lines, line_cuts.rs inside a very
//! long line), for `clean` and `subtitles` to stream it.

use crate::format::Format;
use crate::newlines;

use super::line_cuts::LongLine;
use super::windows::CONTEXT_BYTES;
use super::{Cleaner, Passes, Window};

/// A plain-text transcript cut into windows as it is read: text goes in
/// as it comes, each window comes out as soon as a cut after it is found,
/// and memory holds about one window (and any very long line whole).
pub struct TxtWindows<'c> {
    cleaner: &'c Cleaner,
    passes: Passes,
    /// Bytes a window should hold before a cut is looked for.
    window: usize,
    /// Text read, from a line start or a cut inside a long line: all but
    /// the first `given` bytes not given out yet.
    pending: String,
    /// Bytes of `pending` given out already, taken off its front only
    /// once they are half of it: a long line gives out a window at a time,
    /// and moving what is left of it at each would cost the square of its
    /// length.
    given: usize,
    /// The number of the first line in `pending`.
    line: usize,
    /// Characters of that line before `pending`.
    column: usize,
    /// Where in `pending` the last search for a cut ran out of text.
    searched: usize,
    /// A very long line may be cut inside; with a whitespace fix too if
    /// the caller counts its pieces' fixes as one (line_cuts.rs).
    split_lines: Option<LineFixes>,
    /// Lines whoever reads the windows must see whole, however long
    /// (the segmenter: `segment::reads_whole`).
    keep_whole: Option<fn(&str) -> bool>,
    /// Bytes taken off the front of `pending` so far: where it begins in
    /// the text.
    offset: usize,
    /// What is known of the line a cut inside was last looked for in.
    scan: Option<LineScan>,
}

impl<'c> TxtWindows<'c> {
    /// Windows of about `window` bytes, for cleaning with `passes`.
    pub fn new(cleaner: &'c Cleaner, passes: Passes, window: usize) -> TxtWindows<'c> {
        TxtWindows {
            cleaner,
            passes,
            window: window.max(1),
            pending: String::new(),
            given: 0,
            line: 1,
            column: 0,
            searched: 0,
            split_lines: None,
            keep_whole: None,
            offset: 0,
            scan: None,
        }
    }

    /// The same, cutting very long lines inside where they can be
    /// (line_cuts.rs), so that such a line is cleaned a window at a time.
    pub fn splitting_lines(mut self, fixes: LineFixes) -> TxtWindows<'c> {
        self.split_lines = Some(fixes);
        self
    }

    /// The same, but for the lines `keep` says must be seen whole.
    pub fn keeping_whole(mut self, keep: fn(&str) -> bool) -> TxtWindows<'c> {
        self.keep_whole = Some(keep);
        self
    }

    /// Adds text read after what came before (it may end mid-line) and
    /// gives each window that is complete now to `each`, in order.
    pub fn push(&mut self, text: &str, each: &mut dyn FnMut(Window)) {
        if self.given > 0 && self.given >= self.pending.len() / 2 {
            self.pending.drain(..self.given);
            self.offset += self.given;
            self.given = 0;
        }
        self.pending.push_str(text);
        loop {
            let whole_lines = newlines::rfind(self.rest()).map_or(0, |i| i + 1);
            if whole_lines < self.window {
                return;
            }
            match self.piece_cut(false) {
                PieceCut::At(cut) => {
                    self.give_out(cut + 1, true, each);
                    continue;
                }
                // Not by a line cut after the long line either.
                PieceCut::Wait => return,
                PieceCut::None => {}
            }
            let from = self.window.max(self.searched);
            let cut = self
                .cleaner
                .window_cut(&self.rest()[..whole_lines], from, self.passes);
            let Some(cut) = cut else {
                // Search on from about here once more text has come.
                self.searched = whole_lines.saturating_sub(CONTEXT_BYTES / 4);
                return;
            };
            self.give_out(cut, false, each);
        }
    }

    /// Gives out what is left, the transcript's last windows: more than
    /// one only when it ends on a very long line.
    pub fn finish(mut self, each: &mut dyn FnMut(Window)) {
        while self.rest().len() > self.window {
            let PieceCut::At(cut) = self.piece_cut(true) else {
                break;
            };
            self.give_out(cut + 1, true, each);
        }
        let rest = self.rest().len();
        self.give_out(rest, false, each);
    }

    /// What is read and not given out yet.
    fn rest(&self) -> &str {
        &self.pending[self.given..]
    }

    /// Gives out the rest up to `end` as a window; `continues` if it
    /// ends inside a line.
    fn give_out(&mut self, end: usize, continues: bool, each: &mut dyn FnMut(Window)) {
        // A window's own copy, not the buffer, which may hold a long
        // line many windows long.
        let text = self.rest()[..end].to_string();
        self.given += end;
        let column = self.column;
        self.column = match newlines::rfind(&text) {
            Some(i) => text[i + 1..].chars().count(),
            None => column + text.chars().count(),
        };
        let mut window = Window::next(&mut self.line, text, Format::Txt, None);
        window.column = column;
        window.continues = continues;
        each(window);
        self.searched = 0;
    }

    /// A cut inside the line that holds the window's end, if that line is
    /// very long, read to its end, may be cut, and the line after it is
    /// known too (read whole, or none: `at_end` says the text ends): the
    /// offset in `pending` of the space cut at.
    fn piece_cut(&mut self, at_end: bool) -> PieceCut {
        let Some(fixes) = self.split_lines else {
            return PieceCut::None;
        };
        let pending = self.rest();
        let mut from = self.window.min(pending.len());
        while !pending.is_char_boundary(from) {
            from -= 1;
        }
        let start = newlines::rfind(&pending[..from]).map_or(0, |i| i + 1);
        let Some(end) = self.line_end(start) else {
            return match at_end {
                true => PieceCut::None,
                false => PieceCut::Wait,
            };
        };
        if end - start < 2 * super::line_cuts::MIN_PIECE_BYTES {
            return PieceCut::None;
        }
        let known = self.scan.as_mut().and_then(|s| s.may);
        if known == Some(false) {
            return PieceCut::None;
        }
        let pending = self.rest();
        let after = if end + 1 == pending.len() && at_end {
            None
        } else {
            let next = &pending[end + 1..];
            match newlines::find(next) {
                Some(i) => Some(&next[..i]),
                None if at_end => Some(next),
                None => return PieceCut::Wait,
            }
        };
        let text = pending[start..end].trim_end_matches('\r');
        let whole = !(start == 0 && self.column > 0);
        let before = pending[..start]
            .strip_suffix('\n')
            .map(|b| b.rsplit('\n').next().unwrap_or(b).trim_end_matches('\r'));
        let line = LongLine {
            text,
            whole,
            before,
            after: after.map(|a| a.trim_end_matches('\r')),
        };
        // Judged once, whole: later it is known.
        let may = known.unwrap_or_else(|| {
            !self.keep_whole.is_some_and(|keep| keep(text))
                && self
                    .cleaner
                    .line_may_be_cut(&line, self.passes, fixes == LineFixes::Counted)
        });
        let judged = |scan: &mut Option<LineScan>, may: bool| {
            if let Some(scan) = scan {
                scan.may = Some(may);
            }
        };
        if !may {
            judged(&mut self.scan, false);
            return PieceCut::None;
        }
        let cut = self.cleaner.piece_cut(&line, from - start, self.passes);
        // With no space left that will do, the line is not searched again.
        judged(&mut self.scan, cut.is_some());
        match cut {
            Some(cut) => PieceCut::At(start + cut),
            None => PieceCut::None,
        }
    }

    /// Where the line that begins at `start` of the rest (or before the
    /// rest, at 0) ends, if it is read to its end: looked for in each
    /// byte once, however many times it is asked while a long line is
    /// read and cut.
    fn line_end(&mut self, start: usize) -> Option<usize> {
        let base = self.offset + self.given;
        let line = self.line + newlines::count(&self.rest()[..start]);
        let scan = match self.scan.take() {
            Some(scan) if scan.line == line => scan,
            _ => LineScan {
                line,
                end: None,
                scanned: base + start,
                may: None,
            },
        };
        let end = scan.end.map(|e| e - base).or_else(|| {
            let from = scan.scanned - base;
            newlines::find(&self.rest()[from..]).map(|i| from + i)
        });
        self.scan = Some(LineScan {
            end: end.map(|e| base + e),
            scanned: base + self.rest().len(),
            ..scan
        });
        end
    }
}

/// What is known of a line of the transcript, cut inside or not yet.
#[derive(Debug, Clone, Copy)]
struct LineScan {
    /// Its number.
    line: usize,
    /// Where it ends, once read.
    end: Option<usize>,
    /// How far it has been looked at for its end.
    scanned: usize,
    /// Whether it may be cut inside, once judged: false also once no
    /// cut is left in it.
    may: Option<bool>,
}

/// Whether the long line at a window's end can be cut inside.
enum PieceCut {
    /// At this space.
    At(usize),
    /// Not before more text is read: the line, or the line after it, is
    /// not read to its end.
    Wait,
    /// Not at all: the line is short, may not be cut, or has no cut left.
    None,
}

/// What the caller of a line cut inside makes of the pieces' whitespace
/// fixes, which cleaning the line whole reports as one change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineFixes {
    /// Nothing: a line that needs a fix is not cut.
    Reported,
    /// One fix is counted for the line, whatever its pieces had; no
    /// change is written out.
    Counted,
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::clean::Facts;
    use crate::dict::Dictionary;
    use crate::write;

    /// A show's dictionary, for the tests of timed windows too.
    pub(in crate::clean) const SHOW: &str = r#"language = "fr"
[[term]]
canonical = "Elasticsearch"
variants = ["la stick search", "Elastic Search"]

[[term]]
canonical = "Horacio"
variants = ["Aasio"]

[artifacts]
drop_lines = ["^Signaler une erreur$"]
"#;

    /// Lines that exercise every pass that looks beyond one line.
    const PIECES: &[&str] = &[
        "Bonjour à tous, on parle de la stick search aujourd'hui.",
        "Avec Aasio, qui travaille chez Elastic",
        "Search depuis longtemps.",
        "",
        "",
        "Sous-titres réalisés par la communauté d'Amara.org",
        "Signaler une erreur",
        "Merci.",
        "c'est vrai c'est vrai c'est vrai",
        "Non ! Non ! Non !",
        "On répète.",
        "On répète.",
        "On répète.",
        "On répète.",
        "No. No. No. No. No. No.",
        "No. No. No. No.",
        "... et puis la suite",
        "Ensuite on a vu les index, les shards et les répliques, et tout ça.",
        "Le cluster tient la charge même quand un nœud tombe.",
        "  des espaces  en trop  ",
        "Merci d'avoir regardé cette vidéo !",
        "la stick",
        "search encore",
        "oh oh oh oh oh oh oh oh oh oh oh oh oh oh",
        "Une phrase normale pour finir le paragraphe.",
    ];

    /// A transcript of `lines` lines picked from PIECES by a small
    /// deterministic generator.
    fn transcript(seed: u64, lines: usize) -> String {
        let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        let mut text = String::new();
        for _ in 0..lines {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let piece = PIECES[(state >> 33) as usize % PIECES.len()];
            text.push_str(piece);
            text.push('\n');
        }
        text
    }

    fn whole(cleaner: &Cleaner, text: &str) -> (String, Vec<crate::Change>) {
        let mut t = crate::read::txt::parse_txt(text);
        crate::speaker::detect(&mut t);
        let cleaned = cleaner.clean(t);
        let out = write::render(&cleaned.transcript, write::Output::Txt, &cleaned.changes).unwrap();
        (out, cleaned.changes)
    }

    fn windowed(
        cleaner: &Cleaner,
        text: &str,
        window: usize,
        block: usize,
    ) -> (String, Vec<crate::Change>, usize) {
        windowed_with(cleaner, text, window, block, None)
    }

    /// `text` cleaned in windows; with `fixes`, long lines are cut inside
    /// too (the output and changes put back as clean_stream.rs does).
    fn windowed_with(
        cleaner: &Cleaner,
        text: &str,
        window: usize,
        block: usize,
        fixes: Option<LineFixes>,
    ) -> (String, Vec<crate::Change>, usize) {
        let mut out = String::new();
        let mut changes = Vec::new();
        let mut windows = 0;
        let mut each = |mut w: Window| {
            let c = w.clean(cleaner, Passes::ALL, &Facts::default()).unwrap();
            let mut rendered =
                write::render(&c.transcript, write::Output::Txt, &c.changes).unwrap();
            if w.continues {
                assert_eq!(rendered.pop(), Some('\n'));
                rendered.push(' ');
            }
            out.push_str(&rendered);
            changes.extend(c.changes);
            windows += 1;
        };
        let mut stream = TxtWindows::new(cleaner, Passes::ALL, window);
        if let Some(fixes) = fixes {
            stream = stream.splitting_lines(fixes);
        }
        let mut rest = text;
        while !rest.is_empty() {
            let mut n = block.min(rest.len());
            while !rest.is_char_boundary(n) {
                n += 1;
            }
            stream.push(&rest[..n], &mut each);
            rest = &rest[n..];
        }
        stream.finish(&mut each);
        (out, changes, windows)
    }

    #[test]
    fn windows_clean_exactly_as_the_whole_transcript() {
        let dict =
            Dictionary::from_bytes(SHOW.as_bytes(), std::path::Path::new("show.toml")).unwrap();
        let cleaner = Cleaner::new(dict).unwrap();
        let mut cut_somewhere = 0;
        for seed in 0..100 {
            let text = transcript(seed, 40 + (seed as usize % 7) * 30);
            let (out, changes) = whole(&cleaner, &text);
            for (window, block) in [(1, 7), (200, 64), (1000, 333)] {
                let (w_out, w_changes, windows) = windowed(&cleaner, &text, window, block);
                assert_eq!(w_out, out, "seed {seed}, window {window}");
                assert_eq!(w_changes, changes, "seed {seed}, window {window}");
                cut_somewhere += usize::from(windows > 1);
            }
        }
        // The test means something only if windows were cut.
        assert!(cut_somewhere > 100, "{cut_somewhere}");
    }

    /// Lines of `PIECES` joined by single spaces into lines of about
    /// `bytes`, between ordinary lines.
    fn long_lines(seed: u64, lines: usize, bytes: usize) -> String {
        let mut text = String::new();
        for k in 0..lines {
            text.push_str(&transcript(seed * 31 + k as u64, 3));
            let mut line = String::new();
            let mut n = 0;
            while line.len() < bytes {
                // Mostly ordinary speech, now and then anything of PIECES.
                let piece = match n % 40 {
                    0 => transcript(seed * 1009 + n, 1),
                    _ => format!("La phrase {n} parle des index et du cluster."),
                };
                let piece = piece.trim_end_matches('\n').trim();
                if !piece.is_empty() && !piece.contains("  ") {
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(piece);
                }
                n += 1;
            }
            text.push_str(&line);
            text.push('\n');
        }
        text
    }

    #[test]
    fn long_lines_cut_inside_clean_exactly_as_whole() {
        // With the show's `drop_lines` (`^Signaler une erreur$`, which
        // lets a line be cut where its neighbours cannot be taken), and
        // without them.
        let without = SHOW.replace("drop_lines = [\"^Signaler une erreur$\"]", "");
        for (show, seeds) in [(SHOW, 0..6), (without.as_str(), 0..2)] {
            let dict =
                Dictionary::from_bytes(show.as_bytes(), std::path::Path::new("show.toml")).unwrap();
            let cleaner = Cleaner::new(dict).unwrap();
            let bytes = 4 * super::super::line_cuts::MIN_PIECE_BYTES;
            let mut pieces = 0;
            for seed in seeds {
                let text = long_lines(seed, 2, bytes);
                let (out, changes) = whole(&cleaner, &text);
                let (lines_out, lines_changes, by_lines) =
                    windowed_with(&cleaner, &text, 1000, 4096, None);
                assert_eq!(
                    (&lines_out, &lines_changes),
                    (&out, &changes),
                    "seed {seed}"
                );
                // An odd window size lands inside a character ("é").
                for window in [1000, 1001] {
                    let fixes = Some(LineFixes::Reported);
                    let (w_out, w_changes, windows) =
                        windowed_with(&cleaner, &text, window, 4096, fixes);
                    assert_eq!(w_out, out, "seed {seed}");
                    assert_eq!(w_changes, changes, "seed {seed}");
                    pieces += windows - by_lines;
                }
            }
            // The long lines hold no doubled space: lines were cut.
            assert!(pieces >= 4, "{pieces}");
        }
    }

    /// A line next to one a `drop_lines` pattern takes comes to stand
    /// next to the line beyond it: a long line is cut only where no
    /// neighbour can be taken, as it reads or once cleaned.
    #[test]
    fn a_long_line_is_cut_only_where_no_neighbour_can_be_dropped() {
        let dict =
            Dictionary::from_bytes(SHOW.as_bytes(), std::path::Path::new("show.toml")).unwrap();
        let cleaner = Cleaner::new(dict).unwrap();
        // A credit far from any cut: "Merci." next to it is a credit too.
        let credit = format!(
            "{} Sous-titres réalisés par la communauté d'Amara.org {}",
            filler(0, 150_000),
            filler(9_000, 150_000)
        );
        let plain = filler(0, 300_000);
        let taken = [
            "Signaler une erreur",
            "Signaler  une erreur",
            "Signaler une erreur Sous-titres réalisés par la communauté d'Amara.org",
        ];
        // "Merci." is judged by a credit anywhere in the line next to it,
        // and "Au revoir." too: the line's other neighbour is neither.
        let end = "Voilà pour aujourd'hui.";
        let mut cases = Vec::new();
        for d in taken {
            cases.push((format!("Bonjour.\nMerci.\n{d}\n{credit}\n{end}\n"), false));
            cases.push((format!("Bonjour.\n{credit}\n{d}\nMerci.\n"), false));
        }
        // Two copies of what would be the line's first piece, then a line
        // taken: the piece would make a third copy where the line does not.
        let min = super::super::line_cuts::MIN_PIECE_BYTES;
        let first = &plain[..min + plain[min..].find(' ').unwrap()];
        for d in taken {
            let text = format!("Bonjour.\n{first}\n{first}\n{d}\n{plain}\n{end}\n");
            cases.push((text, false));
        }
        // Neighbours no pattern can take: the line is cut.
        cases.push((
            format!("Bonjour.\nMerci.\nSignaler une erreur !\n{credit}\n{end}\n"),
            true,
        ));
        cases.push((format!("Bonjour.\n{plain}\n{end}\n"), true));
        for (k, (text, cut)) in cases.iter().enumerate() {
            let (out, changes) = whole(&cleaner, text);
            let fixes = Some(LineFixes::Reported);
            // The window's end falls in the long line, past the lines
            // before it.
            let (w_out, w_changes, windows) =
                windowed_with(&cleaner, text, 140_000, 1 << 20, fixes);
            assert!(w_out == out, "case {k}");
            assert!(w_changes == changes, "case {k}");
            assert_eq!(windows > 1, *cut, "case {k}: {windows} windows");
        }
    }

    /// A line next to the long line that goes once cleaned among its
    /// neighbours (found by a review): the line beyond it would stand
    /// next to a piece that repeats it, where the whole line does not.
    #[test]
    fn a_neighbour_that_goes_once_cleaned_keeps_the_line_whole() {
        let plain = filler(0, 140_000);
        // The line's last piece when a window of 70,000 bytes is wanted.
        let last = &plain[plain[70_000..].find(' ').unwrap() + 70_001..];
        let copies = [last; 4].join("\n");
        let nfc = "Les infos glanées";
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd(nfc).collect();
        let cases = [
            // Five copies once in NFC: a loop, and the line left is dropped.
            (
                format!("{nfc} {nfd} {nfc} {nfc} {nfd}"),
                "^Les infos glanées$",
                false,
            ),
            // An invented phrase said over and over goes.
            (["Merci d'avoir regardé !"; 3].join(" "), "^Tags$", false),
            // A loop that runs on from the end of the long line.
            ("la suite la suite Tags".to_string(), "^Tags$", true),
        ];
        for (k, (neighbour, rule, aggressive)) in cases.iter().enumerate() {
            let show = SHOW.replace("^Signaler une erreur$", rule);
            let dict =
                Dictionary::from_bytes(show.as_bytes(), std::path::Path::new("show.toml")).unwrap();
            let mut cleaner = Cleaner::new(dict).unwrap();
            cleaner.aggressive_loops = *aggressive;
            let line = match aggressive {
                true => format!("{plain} la suite la suite la suite"),
                false => plain.clone(),
            };
            let text = format!("{line}\n{neighbour}\n{copies}\nFin de l'épisode.\n");
            let (out, changes) = whole(&cleaner, &text);
            let fixes = Some(LineFixes::Reported);
            let (w_out, w_changes, windows) =
                windowed_with(&cleaner, &text, 70_000, 1 << 20, fixes);
            assert!(w_out == out, "case {k}");
            assert!(w_changes == changes, "case {k}");
            assert_eq!(windows, 1, "case {k}");
        }
        // Two long lines alike: judged once, not at every space (this took
        // minutes), and neither is cut.
        let dict =
            Dictionary::from_bytes(SHOW.as_bytes(), std::path::Path::new("show.toml")).unwrap();
        let cleaner = Cleaner::new(dict).unwrap();
        let text = format!(
            "Bonjour.\n{}\n{}\nFin.\n",
            filler(0, 300_000),
            filler(0, 300_000)
        );
        let (_, _, windows) =
            windowed_with(&cleaner, &text, 4093, 1 << 20, Some(LineFixes::Counted));
        assert_eq!(windows, 1);
    }

    /// A line a `drop_lines` pattern takes once its spaces are fixed is no
    /// line to cut windows next to (found by a review).
    #[test]
    fn lines_around_a_window_cut_are_not_taken_once_spaced() {
        let dict =
            Dictionary::from_bytes(SHOW.as_bytes(), std::path::Path::new("show.toml")).unwrap();
        let cleaner = Cleaner::new(dict).unwrap();
        let lines: Vec<String> = (0..60)
            .map(|i| format!("Voici la phrase numéro {i} de la partie qui parle du cluster."))
            .collect();
        let long = filler(100_000, 1_500);
        let mut group = [long.as_str(), "Signaler  une erreur"].repeat(5);
        group.pop();
        let tail: Vec<String> = (0..3000)
            .map(|i| format!("Une autre phrase {i} sur les index et les requêtes."))
            .collect();
        let text = [lines.join("\n"), group.join("\n"), tail.join("\n")].join("\n") + "\n";
        let (out, changes) = whole(&cleaner, &text);
        for window in [4093, 6000, 8000] {
            let (w_out, w_changes, _) = windowed_with(&cleaner, &text, window, 1 << 20, None);
            assert!(w_out == out, "window {window}");
            assert!(w_changes == changes, "window {window}");
        }
    }

    /// `bytes` of ordinary sentences, numbered from `from`.
    fn filler(from: usize, bytes: usize) -> String {
        let mut text = String::new();
        let mut n = from;
        while text.len() < bytes {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&format!("La phrase {n} parle des index et du cluster."));
            n += 1;
        }
        text
    }

    /// Lines where a cut would change what cleaning finds, each found by
    /// a review: the windows must clean them as the whole does.
    #[test]
    fn what_a_cut_could_hide_is_found_as_in_the_whole_line() {
        let show = format!("{SHOW}\n[[term]]\ncanonical = \"Kibana\"\nvariants = [\"qui bana\"]\n")
            .replace("^Signaler une erreur$", "Kibana rocks");
        let dict =
            Dictionary::from_bytes(show.as_bytes(), std::path::Path::new("show.toml")).unwrap();
        let cleaner = Cleaner::new(dict).unwrap();
        // A loop whose words carry punctuation of their own, across
        // where a piece could end (64 KB).
        let unit = [
            "zorglub",
            "quintal",
            "mirabelle",
            "tortue",
            "falaise",
            "citron",
            "gondole",
            "parapluie",
        ]
        .map(|w| format!("{w} ! ! ! ! !"))
        .join(" ");
        let looping = vec![unit; 5].join(" ");
        let before = filler(0, 65_600 - looping.len() / 2);
        let punctuated = format!("{before} {looping} {}", filler(5_000, 300_000));
        // A suspect phrase longer than any loop, said over and over.
        let phrase = "Merci d'avoir regardé cette vidéo, n'hésitez pas à vous abonner à la chaîne pour ne manquer aucune de mes prochaines vidéos.";
        let repeated = vec![phrase; 2_500].join(" ");
        // A credit far from any cut, next to a suspect line.
        let credit = format!(
            "{} Sous-titres réalisés par la communauté d'Amara.org {}",
            filler(0, 150_000),
            filler(9_000, 150_000)
        );
        // A `drop_lines` pattern that takes the line once a name in it is
        // corrected.
        let dropped = format!(
            "{} qui bana rocks {}",
            filler(0, 150_000),
            filler(9_000, 150_000)
        );
        let cases = [
            format!("Bonjour à tous.\n{punctuated}\nAu revoir.\n"),
            format!("Bonjour à tous.\n{repeated}\n"),
            format!("Bonjour à tous.\nMerci.\n{credit}\n"),
            format!("Bonjour à tous.\n{credit}\nMerci.\n"),
            format!("Bonjour à tous.\n{dropped}\nAu revoir.\n"),
        ];
        for (k, text) in cases.iter().enumerate() {
            let (out, changes) = whole(&cleaner, text);
            let fixes = Some(LineFixes::Reported);
            let (w_out, w_changes, _) = windowed_with(&cleaner, text, 4093, 1 << 20, fixes);
            assert!(w_out == out, "case {k}");
            assert_eq!(w_changes, changes, "case {k}");
        }
    }
}
