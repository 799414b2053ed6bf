//! Plain text: one fragment per line, as speech recognisers and scraped pages
//! give it. Every line is a cue, blank lines included, so that writing the
//! transcript back keeps its paragraphs.

use crate::format::Format;
use crate::transcript::{Cue, Transcript};

use super::{most_lines, numbered_lines};

/// Reads plain text: each line an untimed cue. Never fails.
pub fn parse_txt(text: &str) -> Transcript {
    let mut cues = Vec::with_capacity(most_lines(text));
    cues.extend(numbered_lines(text).map(|(number, line)| Cue::untimed(line, number)));
    Transcript::new(Format::Txt, cues)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_cue_per_line_blank_lines_kept() {
        let t = parse_txt("Bonjour.\r\n\nAu revoir.");
        let texts: Vec<_> = t.cues.iter().map(|c| (c.text.as_str(), c.line)).collect();
        assert_eq!(texts, [("Bonjour.", 1), ("", 2), ("Au revoir.", 3)]);
    }
}
