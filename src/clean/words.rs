//! Keeps word timings true to corrected text: the words an edit touches
//! become one word carrying the replacement, from the first one's start to
//! the last one's end, with the lowest of their probabilities; the words
//! a removal took go with it.

use crate::transcript::Word;

use super::dictionary::Edit;

/// `old` is the cue text the edits were made on. Words are located in it
/// in order; if they cannot all be found, the words are left as they were.
pub(crate) fn realign(words: &mut Vec<Word>, old: &str, edits: &[Edit]) {
    if words.is_empty() || edits.is_empty() {
        return;
    }
    let Some(spans) = spans_in(words, old) else {
        return;
    };
    let mut out: Vec<Word> = Vec::with_capacity(words.len());
    let mut i = 0;
    let mut edits = edits.iter().peekable();
    while i < words.len() {
        // Edits that begin before this word ends touch it.
        let touching: Vec<&Edit> =
            std::iter::from_fn(|| edits.next_if(|e| e.range.start < spans[i].end)).collect();
        let Some(last_edit) = touching.last() else {
            out.push(words[i].clone());
            i += 1;
            continue;
        };
        let mut j = i;
        while j + 1 < words.len() && spans[j + 1].start < last_edit.range.end {
            j += 1;
        }
        let leading: String = words[i]
            .text
            .chars()
            .take_while(|c| c.is_whitespace())
            .collect();
        let mut text = old[spans[i].start..spans[j].end].to_string();
        for e in touching.iter().rev() {
            // An edit between two words (in the spaces before word i) has
            // nothing of these words to replace.
            if e.range.end <= spans[i].start && !e.range.is_empty() {
                continue;
            }
            let (s, t) = (
                e.range.start.max(spans[i].start) - spans[i].start,
                e.range.end.clamp(spans[i].start, spans[j].end) - spans[i].start,
            );
            if s <= t && t <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(t) {
                text.replace_range(s..t, &e.replacement);
            }
        }
        let probability = words[i..=j]
            .iter()
            .filter_map(|w| w.probability)
            .reduce(f64::min);
        let merged = Word {
            text: format!("{leading}{}", text.trim()),
            start: words[i].start,
            end: words[j].end,
            probability,
            speaker: words[i].speaker.clone(),
            source_index: words[i].source_index,
        };
        if !text.trim().is_empty() {
            out.push(merged);
        }
        i = j + 1;
    }
    *words = out;
}

/// The words of a cue whose text the artifact pass cut (a loop inside a
/// segment collapsed, a credit glued to speech taken out): `old` is the
/// text before, `kept` which of its bytes are left. A word whose every
/// character went goes too; a word cut in part keeps what is left of it,
/// and what is left with no letter or digit in it (the last copy's "!" a
/// collapsed loop keeps) goes to the word before, if the cue has one left.
/// Words not found in `old` in order are left as they were, as `realign`
/// leaves them.
pub(crate) fn follow_removals(words: &mut Vec<Word>, old: &str, kept: &[bool]) {
    let Some(spans) = spans_in(words, old) else {
        return;
    };
    let mut out: Vec<Word> = Vec::with_capacity(words.len());
    for (word, span) in words.iter().zip(spans) {
        let left: String = old[span.clone()]
            .char_indices()
            .filter(|&(i, _)| kept[span.start + i])
            .map(|(_, c)| c)
            .collect();
        if left.len() == span.len() {
            out.push(word.clone());
        } else if left.chars().any(char::is_alphanumeric) {
            let leading: String = word
                .text
                .chars()
                .take_while(|c| c.is_whitespace())
                .collect();
            out.push(Word {
                text: format!("{leading}{left}"),
                ..word.clone()
            });
        } else if left.is_empty() {
            continue;
        } else if let Some(before) = out.last_mut() {
            before.text.push_str(&left);
        } else {
            // Nothing before it in the cue: what is left stays a word.
            out.push(Word {
                text: left,
                ..word.clone()
            });
        }
    }
    *words = out;
}

/// Each word's span in `text`, found in order; None if one is not there.
fn spans_in(words: &[Word], text: &str) -> Option<Vec<std::ops::Range<usize>>> {
    let mut spans = Vec::with_capacity(words.len());
    let mut pos = 0;
    for w in words {
        let needle = w.text.trim();
        let i = text[pos..].find(needle).filter(|_| !needle.is_empty())?;
        spans.push(pos + i..pos + i + needle.len());
        pos += i + needle.len();
    }
    Some(spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timestamp::Timestamp;

    /// Each word's text, start and end.
    fn timed(words: &[Word]) -> Vec<(&str, u64, u64)> {
        words
            .iter()
            .map(|w| (w.text.as_str(), w.start.unwrap().0, w.end.unwrap().0))
            .collect()
    }

    fn w(text: &str, s: u64, e: u64) -> Word {
        Word {
            probability: Some(0.5),
            ..Word::timed(text, Timestamp(s), Timestamp(e))
        }
    }

    #[test]
    fn merges_the_words_of_a_multi_word_variant() {
        let old = " 18 nœuds et la stick search pour";
        let mut words = vec![
            w(" 18", 0, 1),
            w(" nœuds", 1, 2),
            w(" et", 2, 3),
            w(" la", 3, 4),
            w(" stick", 4, 5),
            w(" search", 5, 6),
            w(" pour", 6, 7),
        ];
        let start = old.find("la").unwrap();
        let edits = [Edit {
            range: start..start + "la stick search".len(),
            replacement: "Elasticsearch".into(),
        }];
        realign(&mut words, old, &edits);
        let texts = timed(&words);
        assert_eq!(
            texts,
            [
                (" 18", 0, 1),
                (" nœuds", 1, 2),
                (" et", 2, 3),
                (" Elasticsearch", 3, 6),
                (" pour", 6, 7)
            ]
        );
    }

    #[test]
    fn a_removal_takes_its_words_and_leaves_the_rest_of_a_cut_word() {
        // "We won, we won, we won! Let's go." with its loop collapsed:
        // the first copy's words and the last copy's "!".
        let old = " We won, we won, we won! Let's go.";
        let mut words = vec![
            w(" We", 0, 1),
            w(" won,", 1, 2),
            w(" we", 2, 3),
            w(" won,", 3, 4),
            w(" we", 4, 5),
            w(" won!", 5, 6),
            w(" Let's", 6, 7),
            w(" go.", 7, 8),
        ];
        let cut = old.find(", we").unwrap()..old.find("! Let's").unwrap();
        let kept: Vec<bool> = (0..old.len()).map(|i| !cut.contains(&i)).collect();
        follow_removals(&mut words, old, &kept);
        let texts = timed(&words);
        assert_eq!(
            texts,
            [
                (" We", 0, 1),
                (" won!", 1, 2),
                (" Let's", 6, 7),
                (" go.", 7, 8)
            ]
        );
    }

    #[test]
    fn what_is_left_of_a_cue_with_no_word_before_stays_a_word() {
        // "Thank you." whose words a loop across cues took, but its ".".
        let old = "Thank you.";
        let mut words = vec![w("Thank", 0, 1), w(" you.", 1, 2)];
        let kept: Vec<bool> = (0..old.len()).map(|i| i == old.len() - 1).collect();
        follow_removals(&mut words, old, &kept);
        let texts = timed(&words);
        assert_eq!(texts, [(".", 1, 2)]);
    }
}
