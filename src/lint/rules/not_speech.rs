//! TR006 not-speech: a passage that is probably not speech in the transcript's language.

use crate::lint::check::{Lines, word_lists};
use crate::lint::diagnostic::Diagnostic;
use crate::lint::diagnostic::Severity;
use crate::lint::rule::RuleInfo;
use crate::transcript::Transcript;
use unicode_script::{Script, UnicodeScript};

pub const RULE: RuleInfo = RuleInfo {
    code: "TR006",
    name: "not-speech",
    severity: Severity::Warning,
    summary: "a passage that is probably not speech in the transcript's language",
    explanation: "A long line with none of the language's common words but several of another language's, or letters of another script (Han, Cyrillic, Hangul...) in a transcript of a Latin-script language, is usually a hallucination over music or a song, or the recogniser switching language. Reported for a human; there is no fix.",
    example: "in a French transcript: \"thank you so much for all the support you give to the channel\"",
};

/// Words a passage needs before its language can be judged.
const MIN_WORDS: usize = 6;
/// Function words of the other language that make a passage foreign.
const MIN_FOREIGN: usize = 2;

/// Passages in another language, judged by function words (articles,
/// prepositions, pronouns: the words every sentence has), and letters of
/// another script in a Latin-script transcript.
pub fn check(transcript: &Transcript, language: &str, lines: &Lines) -> Vec<Diagnostic> {
    let latin = matches!(
        Some(crate::language::base(language)),
        Some("fr" | "en" | "es" | "de" | "it" | "pt" | "nl")
    );
    let lists = word_lists(language);
    let mut found = Vec::new();
    for cue in &transcript.cues {
        for (k, text) in cue.text.split('\n').enumerate() {
            let line = cue.line + k;
            let source = lines.get(line);
            if latin && let Some((start, end, script)) = foreign_script(text) {
                // `start` and `end` are offsets in `text`: they are char
                // boundaries of `source` only where `text` stands in it.
                let col = |b: usize| match source.find(text) {
                    Some(offset) => source[..offset + b].chars().count() + 1,
                    None => text[..b].chars().count() + 1,
                };
                found.push(lines.diagnostic(
                    &RULE,
                    (line, col(start)),
                    (line, col(end)),
                    format!("{script} letters in a {language} transcript: probably not speech"),
                    None,
                ));
                continue;
            }
            let Some((own, other, other_name)) = lists else {
                continue;
            };
            let words: Vec<String> = text
                .split_whitespace()
                .map(|w| {
                    w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
                        .to_lowercase()
                })
                .filter(|w| !w.is_empty())
                .collect();
            if words.len() < MIN_WORDS {
                continue;
            }
            let ours = words.iter().filter(|w| own.leaning(w).is_some()).count();
            let theirs = words.iter().filter(|w| other.leaning(w).is_some()).count();
            if ours == 0 && theirs >= MIN_FOREIGN {
                found.push(lines.whole_line(
                    &RULE,
                    line,
                    format!("{theirs} {other_name} function words and none of {language}: probably not {language} speech"),
                    None,
                ));
            }
        }
    }
    found
}

/// The first run of letters of a script other than Latin: byte range and
/// the script's name. Characters every script shares (digits, punctuation,
/// "♪", "ー") and combining marks belong to none.
fn foreign_script(text: &str) -> Option<(usize, usize, &'static str)> {
    let (start, name) = text
        .char_indices()
        .find_map(|(i, c)| foreign(c).map(|s| (i, s)))?;
    let end = text[start..]
        .char_indices()
        .find(|&(_, c)| {
            foreign(c).is_none()
                && !c.is_whitespace()
                && !c.is_ascii_punctuation()
                && !matches!(c.script(), Script::Common | Script::Inherited)
        })
        .map_or(text.len(), |(i, _)| start + i);
    Some((start, text[..end].trim_end().len().max(start + 1), name))
}

/// The script of a letter not written in Latin script, by the name a
/// reader knows it by: kana are Japanese.
fn foreign(c: char) -> Option<&'static str> {
    match c.script() {
        Script::Latin | Script::Common | Script::Inherited | Script::Unknown => None,
        Script::Hiragana | Script::Katakana => Some("Japanese"),
        script => Some(script.full_name()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Format;
    use crate::read::{Mode, parse};
    use std::path::Path;

    fn found(text: &str, language: &str) -> Vec<String> {
        let t = parse(text, Format::Txt, Mode::Lossy).unwrap().transcript;
        let lines = Lines::new(Path::new("t.txt"), text);
        check(&t, language, &lines)
            .into_iter()
            .map(|d| format!("{}:{}-{} {}", d.line, d.column, d.end_column, d.message))
            .collect()
    }

    #[test]
    fn english_in_a_french_transcript() {
        let text = "on en parlait avec les collègues hier\nthank you so much for all the support you give\n";
        let f = found(text, "fr");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].starts_with("2:1-"), "{f:?}");
        // And French in an English one ("on" is English too: avoided here).
        let text = "nous parlions avec les collègues hier soir\n";
        assert_eq!(found(text, "en").len(), 1);
    }

    #[test]
    fn another_script() {
        let f = found("bon alors ご視聴ありがとうございました\n", "fr");
        assert_eq!(
            f,
            ["1:11-25 Japanese letters in a fr transcript: probably not speech"]
        );
    }

    #[test]
    fn every_script_is_known_not_only_the_common_ones() {
        // Whisper's Sinhala over a silent end of an English meeting, and
        // Tamil: scripts no hand-kept range listed.
        let f = found("then I adjourn\nඅපි දැන් ස්තූතියි.\nநன்றி\n", "en");
        assert_eq!(
            f,
            [
                "2:1-19 Sinhala letters in a en transcript: probably not speech",
                "3:1-6 Tamil letters in a en transcript: probably not speech",
            ]
        );
        // A CJK extension A character, and kana with the long vowel mark
        // and an ideographic full stop inside the run.
        assert_eq!(
            found("voilà 㐀\n", "fr"),
            ["1:7-8 Han letters in a fr transcript: probably not speech"]
        );
        assert_eq!(
            found("merci ラーメン、です ok\n", "fr"),
            ["1:7-14 Japanese letters in a fr transcript: probably not speech"]
        );
    }

    #[test]
    fn signs_every_script_shares_are_not_foreign() {
        assert!(found("♪ la la ♪ — 42 € ½ ✓ 🙂\n", "fr").is_empty());
    }

    #[test]
    fn short_lines_and_names_are_not_judged() {
        assert!(found("Thank you Horacio\nYann LeCun, Kubernetes\n", "fr").is_empty());
    }
}
