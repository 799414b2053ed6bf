//! Cleaning twice changes nothing more than cleaning once: on every
//! fixture, and on generated text with what used to need a second run
//! (NFD letters, doubled spaces, page chrome glued to a credit, lines that
//! repeat once a credit between them is gone).

mod common;

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use transcrub::read::{Mode, parse};
use transcrub::write::{Output, render};
use transcrub::{Cleaner, Cue, Dictionary, Format, Timestamp, Transcript};

/// Cleans, writes, reads back and cleans again: the second clean must
/// find nothing and write the same text.
fn clean_twice(cleaner: &Cleaner, text: &str, format: Format) -> Result<(), String> {
    let first = parse(text, format, Mode::Lossy).map_err(|e| e.to_string())?;
    let once = cleaner.clean(first.transcript);
    let output = Output::from(format);
    let once_text = render(&once.transcript, output, &once.changes).map_err(|e| e.to_string())?;
    let again = parse(&once_text, format, Mode::Lossy)
        .map_err(|e| format!("clean's own output does not read back: {e}"))?;
    let twice = cleaner.clean(again.transcript);
    let twice_text = render(&twice.transcript, output, &twice.changes).unwrap();
    // Suggestions change nothing: the text still holds what they propose.
    let applied: Vec<_> = twice
        .changes
        .iter()
        .filter(|c| !c.rule.is_suggestion())
        .collect();
    if !applied.is_empty() || twice_text != once_text {
        return Err(format!(
            "a second clean changed {applied:?}\n--- once:\n{once_text}\n--- twice:\n{twice_text}"
        ));
    }
    Ok(())
}

fn fixtures(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            fixtures(&path, out);
        } else if Format::from_extension(&path).is_some() {
            out.push(path);
        }
    }
}

#[test]
fn every_fixture_is_clean_after_one_run() {
    let podcast = Dictionary::load(&[common::root(
        "dictionaries/messages-a-caractere-informatique.toml",
    )])
    .unwrap();
    let with_podcast = Cleaner::new(podcast).unwrap();
    let plain = Cleaner::new(Dictionary::default()).unwrap();
    let mut files = Vec::new();
    fixtures(&common::root("fixtures"), &mut files);
    files.sort();
    let mut checked = 0;
    let mut failures = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let text = transcrub::encoding::decode(&bytes).text;
        let format = Format::from_extension(path).unwrap();
        // Files made to fail (bad-*, broken JSON) do not read: nothing to clean.
        if parse(&text, format, Mode::Lossy).is_err() {
            continue;
        }
        for cleaner in [&with_podcast, &plain] {
            if let Err(e) = clean_twice(cleaner, &text, format) {
                failures.push(format!("{}: {e}", path.display()));
            }
        }
        checked += 1;
    }
    assert!(checked >= 60, "only {checked} fixtures were read");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Pieces of transcript, joined at random: names and their variants,
/// credits, chrome lines, NFD accents, doubled spaces, suspect phrases.
const FRAGMENTS: &[&str] = &[
    "la ",
    "stick ",
    "search",
    " search ",
    "Lama ",
    "lama ",
    "Elastic ",
    "Search ",
    "cube ",
    "control",
    "redis-moi ",
    "Redis ",
    "l'",
    "d’",
    ". ",
    ", ",
    "\n",
    "\n\n",
    "  ",
    "https://la.stick/search ",
    "Yann ",
    "Lequin",
    " le ",
    "Graal ",
    "VM ",
    "é",
    "e\u{301}",
    "Signale\u{301} ",
    "«\u{a0}",
    " ?",
    "Signaler une erreur",
    "Signaler  une erreur",
    "Sous-titres réalisés par la communauté d'Amara.org",
    " Sous-titres réalisés para la communauté d'Amara.org ",
    "Merci.",
    "Merci. ",
    "Au revoir.",
    "non ",
    "Non ! ",
    "oui oui ",
];

fn cleaner() -> &'static Cleaner {
    static CLEANER: std::sync::LazyLock<Cleaner> = std::sync::LazyLock::new(|| {
        let mut d = Dictionary::default();
        d.add_toml(
            r#"
[[term]]
canonical = "Elasticsearch"
variants = ["la stick search", "Elastic Search"]
[[term]]
canonical = "Llama"
variants = ["Lama"]
case_sensitive = true
[[term]]
canonical = "kubectl"
variants = ["cube control"]
[[term]]
canonical = "Redis"
variants = ["redis"]
[[term]]
canonical = "Yann LeCun"
variants = ["Yann Lequin"]
[[term]]
canonical = "GraalVM"
variants = ["Graal VM"]

[artifacts]
drop_lines = ["^Signaler une erreur$"]
"#,
            Path::new("props.toml"),
        )
        .unwrap();
        Cleaner::new(d).unwrap()
    });
    &CLEANER
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..60).prop_map(|f| f.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn plain_text_is_clean_after_one_run(text in text()) {
        clean_twice(cleaner(), &text, Format::Txt).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn subtitles_are_clean_after_one_run(
        cues in prop::collection::vec((0u64..4_000, 100u64..3_000, text()), 1..12)
    ) {
        let mut t = 0;
        let cues: Vec<Cue> = cues
            .into_iter()
            .filter(|(_, _, text)| !text.trim().is_empty())
            .map(|(gap, duration, text)| {
                let start = t + gap;
                t = start + duration;
                // No blank line inside an SRT cue: it would end the cue.
                let text = text
                    .split('\n')
                    .filter(|l| !l.trim().is_empty())
                    .collect::<Vec<_>>()
                    .join("\n");
                Cue::timed(Timestamp(start), Timestamp(t), text, 0)
            })
            .filter(|c| !c.text.is_empty())
            .collect();
        let srt = render(&Transcript::new(Format::Srt, cues), Output::Srt, &[]).unwrap();
        clean_twice(cleaner(), &srt, Format::Srt).map_err(TestCaseError::fail)?;
    }
}
