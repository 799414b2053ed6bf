//! Markup through corrections (issue 12, item 1): for any cue text whose
//! tags are balanced, the cleaned text's tags are the same tags, in the
//! same order, and so still balanced; the words a viewer reads are
//! corrected all the same.

use std::path::Path;

use proptest::prelude::*;
use transcrub::read::{Mode, parse};
use transcrub::write::{Output, render};
use transcrub::{Cleaner, Dictionary, Format, Options};

/// Variants whose words the generator below scatters between tags.
const DICTIONARY: &str = r#"
[[term]]
canonical = "Elasticsearch"
variants = ["la stick search"]

[[term]]
canonical = "Andrej Karpathy"
variants = ["Andrej Carpathy", "Carpathy"]

[[term]]
canonical = "PyTorch"
variants = ["Pie Torch"]
"#;

fn cleaner() -> &'static Cleaner {
    static CLEANER: std::sync::LazyLock<Cleaner> = std::sync::LazyLock::new(|| {
        let mut d = Dictionary::default();
        d.add_toml(DICTIONARY, Path::new("markup.toml")).unwrap();
        let options = Options {
            remove_artifacts: false,
            ..Options::default()
        };
        Cleaner::with_options(d, options).unwrap()
    });
    &CLEANER
}

/// A piece of cue text: a word, a timestamp tag, or words inside a pair.
#[derive(Debug, Clone)]
enum Piece {
    Word(&'static str),
    Time(u32),
    Pair(&'static str, Vec<Piece>),
}

const WORDS: &[&str] = &[
    "la", "stick", "search", "Andrej", "Carpathy", "Pie", "Torch", "et", "pour", "le", "cours",
    "d'Andrej", "search,", "Torch.",
];

/// Opening tags of SRT and WebVTT, with the name their closer uses.
const PAIRS: &[&str] = &[
    "<i>",
    "<u>",
    "<b>",
    "<font color=\"#00ff00\">",
    "<c>",
    "<c.yellow>",
];

fn piece() -> impl Strategy<Value = Piece> {
    let leaf = prop_oneof![
        6 => prop::sample::select(WORDS).prop_map(Piece::Word),
        1 => (0u32..59_000).prop_map(Piece::Time),
    ];
    leaf.prop_recursive(3, 12, 4, |inner| {
        (
            prop::sample::select(PAIRS),
            prop::collection::vec(inner, 1..4),
        )
            .prop_map(|(open, inside)| Piece::Pair(open, inside))
    })
}

fn closer(open: &str) -> String {
    let name: String = open[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    format!("</{name}>")
}

/// Writes pieces with a space between them, or glued (`and<00:00:07.500><c>
/// Carpathy</c>`, `<font>d'Andrej</font> Carpathy`) when `glue` says so.
fn render_pieces(pieces: &[(Piece, bool)], out: &mut String) {
    for (piece, glue) in pieces {
        if !out.is_empty() && !glue && !out.ends_with(' ') {
            out.push(' ');
        }
        match piece {
            Piece::Word(w) => out.push_str(w),
            Piece::Time(ms) => out.push_str(&format!("<00:00:{:02}.{:03}>", ms / 1000, ms % 1000)),
            Piece::Pair(open, inside) => {
                out.push_str(open);
                let inner: Vec<(Piece, bool)> = inside.iter().map(|p| (p.clone(), false)).collect();
                let mut text = String::new();
                render_pieces(&inner, &mut text);
                out.push_str(&text);
                out.push_str(&closer(open));
            }
        }
    }
}

fn cue_text() -> impl Strategy<Value = String> {
    prop::collection::vec((piece(), prop::bool::weighted(0.3)), 1..10).prop_map(|pieces| {
        let mut out = String::new();
        render_pieces(&pieces, &mut out);
        out
    })
}

/// The tags of a text, in order.
fn tag_list(text: &str) -> Vec<String> {
    transcrub::markup::tags(text)
        .map(|r| text[r].to_string())
        .collect()
}

fn balanced(tags: &[String]) -> bool {
    let mut stack: Vec<String> = Vec::new();
    for tag in tags {
        if let Some(name) = tag.strip_prefix("</") {
            let name = name.trim_end_matches('>');
            if stack.pop().as_deref() != Some(name) {
                return false;
            }
        } else if !tag[1..].starts_with(|c: char| c.is_ascii_digit()) {
            let name: String = tag[1..]
                .chars()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect();
            stack.push(name);
        }
    }
    stack.is_empty()
}

fn srt(texts: &[String]) -> String {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            format!(
                "{}\n00:00:{:02},000 --> 00:00:{:02},500\n{t}\n\n",
                i + 1,
                i * 2,
                i * 2 + 1
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn corrections_keep_every_tag_in_order(texts in prop::collection::vec(cue_text(), 1..4)) {
        let input = srt(&texts);
        let read = parse(&input, Format::Srt, Mode::Strict).unwrap().transcript;
        let before: Vec<Vec<String>> = read.cues.iter().map(|c| tag_list(&c.text)).collect();
        for tags in &before {
            prop_assert!(balanced(tags), "generator wrote unbalanced tags: {tags:?}");
        }
        let cues_before = read.cues.len();
        let cleaned = cleaner().clean(read);
        let after: Vec<Vec<String>> =
            cleaned.transcript.cues.iter().map(|c| tag_list(&c.text)).collect();
        // A name split over two cues ("la stick" / "search") is joined in
        // the first and the emptied second cue removed: then the tags are
        // compared in file order, the cues they stand in having changed.
        if cleaned.transcript.cues.len() == cues_before {
            prop_assert_eq!(&before, &after, "\n{}", input);
        } else {
            prop_assert_eq!(before.concat(), after.concat(), "\n{}", input);
        }
        // And what a viewer reads has no variant left.
        for cue in &cleaned.transcript.cues {
            let seen = transcrub::markup::strip_tags(&cue.text);
            let words: Vec<&str> = seen.split_whitespace().collect();
            prop_assert!(
                !words.windows(3).any(|w| w == ["la", "stick", "search"])
                    && !words.contains(&"Carpathy"),
                "a variant is left in {:?} (from {:?})", seen, cue.text
            );
        }
        // The file written still reads back with the same tags.
        let written = render(&cleaned.transcript, Output::Srt, &cleaned.changes).unwrap();
        let back = parse(&written, Format::Srt, Mode::Strict).unwrap().transcript;
        let reread: Vec<Vec<String>> = back.cues.iter().map(|c| tag_list(&c.text)).collect();
        prop_assert_eq!(&after, &reread);
    }
}

#[test]
fn a_highlighted_word_inside_a_variant_highlights_the_canonical() {
    let input = srt(&["et la <u>stick</u> search, pour".to_string()]);
    let read = parse(&input, Format::Srt, Mode::Strict).unwrap().transcript;
    let cleaned = cleaner().clean(read);
    assert_eq!(
        cleaned.transcript.cues[0].text,
        "et <u>Elasticsearch</u>, pour"
    );
}

#[test]
fn a_youtube_timed_word_is_corrected_across_its_timestamp_tag() {
    let input = "WEBVTT\n\n00:00:06.000 --> 00:00:08.000\nle cours d'Andrej<00:00:07.500><c> Carpathy</c><00:00:07.900><c> sur</c>\n";
    let read = parse(input, Format::Vtt, Mode::Strict).unwrap().transcript;
    let cleaned = cleaner().clean(read);
    assert_eq!(
        cleaned.transcript.cues[0].text,
        "le cours d'Andrej<00:00:07.500><c> Karpathy</c><00:00:07.900><c> sur</c>"
    );
}
