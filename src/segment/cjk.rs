//! Where a line may break in Japanese and Chinese, which are written
//! without spaces: a whole sentence reaches the segmenter as one "word".
//! It is cut into pieces a line may break between, joined to one another
//! as the pieces of a long word are, and each break between them costs
//! what the language's own rules say:
//!
//! - after a full stop (`。！？`): the end of a sentence; after `、，；：`:
//!   a clause;
//! - never before a closing mark, a small kana, the long-vowel mark or
//!   the iteration mark, nor after an opening mark (kinsoku shori, the
//!   line-breaking rules of Japanese typesetting, as JIS X 4051 and the
//!   W3C's "Requirements for Japanese Text Layout" set them);
//! - where hiragana give way to kanji, katakana or Latin letters: the
//!   usual end of a phrase (a bunsetsu: a word and its particles), a
//!   plain break;
//! - anywhere else, only when nothing better fits.
//!
//! Korean is written with spaces between words, and is left to them.

use super::breaks::{CLAUSE, PLAIN, SENTENCE};

/// A break between two characters of a phrase (a kanji compound, a word
/// and its ending): allowed, as Japanese and Chinese subtitles must, but
/// after any break at a mark or a phrase's end.
pub const INSIDE_PHRASE: u32 = 400;

/// Whether `text` holds a character of a script written without spaces.
pub fn has_unspaced(text: &str) -> bool {
    // Every such character is three bytes from U+3000 on: a lead byte of
    // E3 or above. Most text has none, and is ruled out on bytes alone.
    text.bytes().any(|b| b >= 0xe3) && text.chars().any(is_unspaced)
}

/// Whether `word` is one character of a script written without spaces,
/// with only marks after it ("道", "好。"): a word of a text written a
/// character a word. A word of several ("はい", "知道") is not, so a space
/// that Japanese or Chinese text puts between phrases stays.
pub fn is_lone_character(word: &str) -> bool {
    is_one_character(word) && word.chars().next().is_some_and(is_unspaced)
}

/// Whether `word` is one letter or digit of any script, with only marks
/// after it ("m", "3", "道", and "5 %", whose sign stood alone and joined
/// it): Deepgram writes "mga3" and "300" in Chinese a character a word
/// too.
pub fn is_one_character(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_alphanumeric) && chars.all(|c| !c.is_alphanumeric())
}

/// Whether `word` is one digit, with only marks after it ("3", "5 %").
pub fn is_one_digit(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit()) && is_one_character(word)
}

/// Kana, kanji (the CJK unified ideographs and their extension A), CJK
/// punctuation, and full-width forms.
fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{30ff}' // CJK punctuation, hiragana, katakana
        | '\u{3400}'..='\u{4dbf}' // extension A
        | '\u{4e00}'..='\u{9fff}' // unified ideographs
        | '\u{f900}'..='\u{faff}' // compatibility ideographs
        | '\u{ff00}'..='\u{ffef}' // full-width forms
    )
}

/// A line may not start with it: closing marks, small kana, the
/// long-vowel and iteration marks, and the half-width marks that close.
fn opens_no_line(c: char) -> bool {
    matches!(
        c,
        '、' | '。'
            | '，'
            | '．'
            | '・'
            | '：'
            | '；'
            | '？'
            | '！'
            | '‼'
            | '⁇'
            | '）'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '〉'
            | '》'
            | '〙'
            | '〗'
            | '］'
            | '｝'
            | '〟'
            | '’'
            | '”'
            | 'ー'
            | '々'
            | '〻'
            | 'ゝ'
            | 'ゞ'
            | 'ヽ'
            | 'ヾ'
            | '…'
            | '‥'
            | '〜'
            | 'ぁ'
            | 'ぃ'
            | 'ぅ'
            | 'ぇ'
            | 'ぉ'
            | 'っ'
            | 'ゃ'
            | 'ゅ'
            | 'ょ'
            | 'ゎ'
            | 'ゕ'
            | 'ゖ'
            | 'ァ'
            | 'ィ'
            | 'ゥ'
            | 'ェ'
            | 'ォ'
            | 'ッ'
            | 'ャ'
            | 'ュ'
            | 'ョ'
            | 'ヮ'
            | 'ヵ'
            | 'ヶ'
            | ')'
            | ']'
            | '}'
            | ','
            | '.'
            | ':'
            | ';'
            | '?'
            | '!'
            | '%'
            | '％'
    )
}

/// A line may not end with it: opening marks.
fn ends_no_line(c: char) -> bool {
    matches!(
        c,
        '（' | '「'
            | '『'
            | '【'
            | '〔'
            | '〈'
            | '《'
            | '〘'
            | '〖'
            | '［'
            | '｛'
            | '〝'
            | '‘'
            | '“'
            | '('
            | '['
            | '{'
    )
}

/// What a character is, for where a phrase ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Hiragana,
    /// Kanji, katakana, Latin letters, digits: what a phrase starts with.
    Stem,
    Mark,
}

fn kind(c: char) -> Kind {
    match c {
        '\u{3041}'..='\u{309f}' => Kind::Hiragana,
        _ if c.is_alphanumeric() => Kind::Stem,
        _ => Kind::Mark,
    }
}

/// The pieces of `word` between which a line may break. A run of
/// characters of spaced scripts (a Latin word, a number) stays whole.
pub fn pieces(word: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut previous: Option<char> = None;
    for (at, c) in word.char_indices() {
        let cut = previous.is_some_and(|p| {
            (is_unspaced(p) || is_unspaced(c)) && !ends_no_line(p) && !opens_no_line(c)
        });
        if cut && at > start {
            pieces.push(&word[start..at]);
            start = at;
        }
        previous = Some(c);
    }
    pieces.push(&word[start..]);
    pieces
}

/// What a break between `before` and `after`, two pieces of one word,
/// costs, when one of them is written without spaces.
pub fn break_cost(before: &str, after: &str) -> Option<u32> {
    let last = before.chars().next_back()?;
    let first = after.chars().next()?;
    if !(is_unspaced(last) || is_unspaced(first)) {
        return None;
    }
    Some(match last {
        '。' | '！' | '？' | '!' | '?' | '．' => SENTENCE,
        '、' | '，' | '；' | '：' | ',' | ';' | ':' => CLAUSE,
        _ if kind(last) == Kind::Hiragana && kind(first) == Kind::Stem => PLAIN,
        _ => INSIDE_PHRASE,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_text_without_spaces_is_cut() {
        assert!(!has_unspaced("Bonjour à tous, « déjà » — 42 €"));
        assert!(!has_unspaced("안녕하세요")); // Korean: spaced
        assert!(has_unspaced("今回試作の個数"));
        assert!(has_unspaced("Yeah。"));
    }

    #[test]
    fn kinsoku_keeps_marks_and_small_kana_with_their_neighbours() {
        assert_eq!(
            pieces("「ちょっと待って」と言った。"),
            ["「ちょっ", "と", "待っ", "て」", "と", "言っ", "た。"]
        );
        // A Latin word and a number stay whole among kanji.
        assert_eq!(pieces("33個のGPU。"), ["33", "個", "の", "GPU。"]);
        assert_eq!(pieces("今日は"), ["今", "日", "は"]);
        assert_eq!(pieces("Bonjour"), ["Bonjour"]);
    }

    #[test]
    fn a_lone_character_is_one_kanji_or_kana_with_its_marks() {
        assert!(is_lone_character("道"));
        assert!(is_lone_character("好。"));
        assert!(is_lone_character("ね！」"));
        assert!(!is_lone_character("知道"));
        assert!(!is_lone_character("はい"));
        assert!(!is_lone_character("。"));
        assert!(!is_lone_character("m"));
        assert!(!is_lone_character("3"));
        assert!(!is_lone_character(""));
        assert!(is_one_character("5 %") && is_one_digit("5 %"));
        assert!(!is_one_character("7 5") && !is_one_digit("m"));
    }

    #[test]
    fn a_break_costs_least_at_a_full_stop_then_a_comma_then_a_phrase_end() {
        assert_eq!(break_cost("た。", "今"), Some(SENTENCE));
        assert_eq!(break_cost("ば、", "今"), Some(CLAUSE));
        // Hiragana (a particle) before a kanji: a phrase ends.
        assert_eq!(break_cost("は", "今"), Some(PLAIN));
        // Inside a kanji compound, or a kanji and its ending.
        assert_eq!(break_cost("今", "日"), Some(INSIDE_PHRASE));
        assert_eq!(break_cost("言っ", "た"), Some(INSIDE_PHRASE));
        assert_eq!(break_cost("long", "word"), None);
    }
}
