//! Word highlight (`--karaoke`): each word's time written in the cue, so a
//! player shows the words as they are said. WebVTT puts a timestamp tag
//! before each word after the first (browsers style what is `:past`);
//! ASS puts `{\kN}` before each word, N its length in centiseconds
//! (libass fills each syllable in turn).

use crate::timestamp::Timestamp;

use super::Subtitle;

/// `Tu<00:00:53.280> as<00:00:53.550> suivi`: tags strictly inside the
/// cue's time, in order, as the WebVTT syntax wants.
pub fn vtt(cue: &Subtitle) -> String {
    let mut lines = Vec::with_capacity(cue.words.len());
    let mut last = cue.start.0;
    for line in &cue.words {
        let mut out = String::new();
        for (start, word) in line {
            if *start > last && *start < cue.end.0 {
                out.push_str(&format!("<{}>", Timestamp(*start).vtt()));
                last = *start;
            }
            out.push_str(word);
        }
        lines.push(out);
    }
    lines.join("\n")
}

/// `{\k28}Tu{\k27} as{\k41} suivi`: each word lasts until the next one
/// starts; the first waits from the cue's start, the last runs to its end.
pub fn ass(cue: &Subtitle) -> String {
    let words: Vec<(u64, &str)> = cue
        .words
        .iter()
        .flat_map(|line| line.iter().map(|(s, w)| (*s, w.as_str())))
        .collect();
    let mut lines = Vec::with_capacity(cue.words.len());
    let mut k = 0;
    let mut at = cue.start.0;
    for line in &cue.words {
        let mut out = String::new();
        for (_, word) in line {
            let next = words
                .get(k + 1)
                .map_or(cue.end.0, |(s, _)| *s)
                .clamp(at, cue.end.0);
            let centiseconds = (next - at).div_ceil(10);
            out.push_str(&format!("{{\\k{centiseconds}}}{word}"));
            at = next;
            k += 1;
        }
        lines.push(out);
    }
    lines.join("\n")
}
