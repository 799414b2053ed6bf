//! How a place spells the text it holds, and how the words of two
//! spellings line up. Cloud recognisers write the same words several
//! times: as displayed (case, punctuation) and in a normalised form
//! (Deepgram's `word`, Azure's `lexical` and its `words`: lower case, no
//! punctuation). A correction made on the displayed text is written into a
//! normalised place in that place's form.

/// The spelling of a text place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Form {
    /// As the cue has it.
    #[default]
    AsIs,
    /// Lower case, without the punctuation around words: `Cubernetes,`
    /// is `cubernetes`, `d'Andrej` is `d'andrej` (Deepgram's `word`,
    /// Azure's `lexical`, `itn`, `maskedITN` and `words`).
    Lexical,
    /// As the cue has it, without the white space around it: Rev.ai
    /// writes each space as an element of its own, and Speechmatics
    /// writes none (its SDK joins the results by a delimiter), so the
    /// cue's word carries the space before it (" stick") and the element
    /// or result does not.
    Trimmed,
}

impl Form {
    /// `text` in this form.
    pub fn render(self, text: &str) -> String {
        match self {
            Form::AsIs => text.to_string(),
            Form::Trimmed => text.trim().to_string(),
            Form::Lexical => text
                .split_whitespace()
                .map(lexical_word)
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

/// One word in the lexical form: lower case, without what surrounds its
/// letters and digits (`"Torch?"`, `«oui»`); inner apostrophes and hyphens
/// stay (`aujourd'hui`, `vingt-quatre`).
fn lexical_word(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// The letters and digits of a word as written, without the punctuation
/// around them: `Inès,` gives `Inès`.
pub fn core(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric())
}

/// Beyond this many comparisons the middle of two word lists is not
/// aligned word by word (an hour-long cue against itself would take
/// hundreds of megabytes); it is one changed run.
const MAX_CELLS: usize = 1 << 20;

/// The pairs `(i, j)` of equal items of `a` and `b` that a longest common
/// subsequence pairs, in order. The common head and tail are paired first.
pub fn common<T: PartialEq>(a: &[T], b: &[T]) -> Vec<(usize, usize)> {
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a_mid, b_mid) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    let mut pairs: Vec<(usize, usize)> = (0..head).map(|i| (i, i)).collect();
    let (n, m) = (a_mid.len(), b_mid.len());
    if (n + 1).saturating_mul(m + 1) <= MAX_CELLS {
        // lengths[i][j]: the longest common subsequence of a[i..], b[j..].
        let mut lengths = vec![vec![0u32; m + 1]; n + 1];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lengths[i][j] = if a_mid[i] == b_mid[j] {
                    lengths[i + 1][j + 1] + 1
                } else {
                    lengths[i + 1][j].max(lengths[i][j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n && j < m {
            if a_mid[i] == b_mid[j] {
                pairs.push((head + i, head + j));
                i += 1;
                j += 1;
            } else if lengths[i + 1][j] >= lengths[i][j + 1] {
                i += 1;
            } else {
                j += 1;
            }
        }
    }
    pairs.extend((0..tail).map(|k| (a.len() - tail + k, b.len() - tail + k)));
    pairs
}

/// The runs of words that differ between `old` and `new`, each as the old
/// words and the new words that took their place, joined by one space.
pub fn changed_runs(old: &str, new: &str) -> Vec<(String, String)> {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    let mut runs = Vec::new();
    let (mut i, mut j) = (0, 0);
    for (x, y) in common(&a, &b).into_iter().chain([(a.len(), b.len())]) {
        if x > i || y > j {
            runs.push((a[i..x].join(" "), b[j..y].join(" ")));
        }
        (i, j) = (x + 1, y + 1);
    }
    runs
}

/// The first place at or after `from` where `needle` stands in `text` as
/// whole words (no letter or digit right before or after it).
pub fn find_words(text: &str, from: usize, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let mut start = from;
    while let Some(i) = text.get(start..)?.find(needle) {
        let at = start + i;
        let before = text[..at].chars().next_back();
        let after = text[at + needle.len()..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return Some(at);
        }
        start = at + text[at..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_form_is_lower_case_without_punctuation() {
        assert_eq!(Form::Lexical.render("Cubernetes,"), "cubernetes");
        assert_eq!(
            Form::Lexical.render("cours d'Andrej Karpathy ?"),
            "cours d'andrej karpathy"
        );
        assert_eq!(Form::AsIs.render("Pie Torch?"), "Pie Torch?");
    }

    #[test]
    fn runs_are_the_words_that_changed() {
        assert_eq!(
            changed_runs(
                "Pie Torch partout, sur Hugging Fèce.",
                "PyTorch partout, sur Hugging Face."
            ),
            [
                ("Pie Torch".to_string(), "PyTorch".to_string()),
                ("Fèce.".to_string(), "Face.".to_string())
            ]
        );
        assert_eq!(changed_runs("a b c", "a b c"), Vec::new());
        assert_eq!(changed_runs("a b", "a"), [("b".to_string(), String::new())]);
    }

    #[test]
    fn whole_words_only() {
        assert_eq!(
            find_words("pie torches pie torch", 0, "pie torch"),
            Some(12)
        );
        assert_eq!(find_words("d'andrej carpathy", 0, "carpathy"), Some(9));
        assert_eq!(find_words("carpathy", 1, "carpathy"), None);
    }
}
