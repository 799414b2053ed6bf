//! YouTube's automatic captions roll: each cue shows the line before it
//! again above its new words, and a 10 ms cue between two repeats the line
//! alone (fixtures/formats/youtube-asr-rolling-fr.vtt). Read as they are,
//! every word is there twice or three times, and subtitles made from them
//! say everything twice. De-rolled, each cue holds only its new line, each
//! word once with its own time; the repeats were display, not speech.

use crate::markup;
use crate::transcript::Cue;

/// Whether the cues roll: enough of them show the line that ended the cue
/// before and then a new one. Cues that only repeat a line do not count:
/// people say "Non ! Non ! Non !", and those cues are speech.
pub(crate) fn rolls(cues: &[Cue]) -> bool {
    let mut repeats = 0;
    for pair in cues.windows(2) {
        let last = last_line(&pair[0].text);
        let mut lines = pair[1]
            .text
            .split('\n')
            .map(plain)
            .filter(|l| !l.is_empty());
        if !last.is_empty()
            && lines.next().as_deref() == Some(last.as_str())
            && lines.next().is_some()
        {
            repeats += 1;
        }
    }
    repeats >= 2 && repeats * 4 >= cues.len()
}

/// Keeps each cue's new lines only; cues left with nothing new (the 10 ms
/// repeats) go, their time given to no one (the next cue starts there).
/// Word times are taken again from what is left. Returns how many cues
/// went.
pub(crate) fn deroll(
    cues: &mut Vec<Cue>,
    word_timings: impl Fn(&Cue) -> Vec<crate::transcript::Word>,
) -> usize {
    let before = cues.len();
    let mut shown = String::new();
    cues.retain_mut(|cue| {
        let lines: Vec<&str> = cue.text.split('\n').collect();
        // Blank lines, then the line shown before once (a second copy
        // of it is a new line: someone said it again).
        let mut skipped = 0;
        let mut repeat_seen = false;
        for line in &lines {
            let p = plain(line);
            if p.is_empty() {
                skipped += 1;
            } else if !repeat_seen && !shown.is_empty() && p == shown {
                repeat_seen = true;
                skipped += 1;
            } else {
                break;
            }
        }
        let mut kept: Vec<&str> = lines[skipped..].to_vec();
        while kept.last().is_some_and(|l| plain(l).is_empty()) {
            kept.pop();
        }
        if kept.is_empty() {
            return false;
        }
        if skipped > 0 {
            cue.text = kept.join("\n");
            cue.line += skipped;
            cue.places = None;
            cue.words = word_timings(cue);
        }
        shown = last_line(&cue.text);
        true
    });
    before - cues.len()
}

/// A line as a viewer reads it: no tags, no surrounding spaces.
fn plain(line: &str) -> String {
    markup::strip_tags(line).trim().to_string()
}

fn last_line(text: &str) -> String {
    text.split('\n')
        .map(plain)
        .rfind(|l| !l.is_empty())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timestamp::Timestamp;

    fn cues(texts: &[&str]) -> Vec<Cue> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                Cue::timed(
                    Timestamp(i as u64 * 1000),
                    Timestamp(i as u64 * 1000 + 900),
                    *t,
                    i * 4 + 3,
                )
            })
            .collect()
    }

    #[test]
    fn people_repeating_a_line_do_not_roll() {
        let said = cues(&["Non !", "Non !", "Non !", "c'est vrai", "c'est vrai"]);
        assert!(!rolls(&said));
    }

    #[test]
    fn rolling_captions_keep_each_line_once() {
        let mut rolled = cues(&[
            " \nbonjour et",
            "bonjour et\n ",
            "bonjour et\nbienvenue à",
            "bienvenue à\n ",
            "bienvenue à\nbienvenue à",
        ]);
        assert!(rolls(&rolled));
        let gone = deroll(&mut rolled, |_| Vec::new());
        let texts: Vec<&str> = rolled.iter().map(|c| c.text.as_str()).collect();
        // The last cue says the line again: a second copy is speech.
        assert_eq!(texts, ["bonjour et", "bienvenue à", "bienvenue à"]);
        assert_eq!(gone, 2);
        assert_eq!(rolled[1].line, 12);
    }
}
