//! Golden tests: the user's own episode (fixtures/mci-2025-02-07.txt) with
//! the podcast's dictionary, and a transcript the engine was not tuned on
//! (fixtures/unseen/) whose expected output was written by hand.
//! The golden files were reviewed by eye when made; see fixtures/README.md.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use common::fixture;
use transcrub::read::{self, Mode};
use transcrub::write::{Output, render};
use transcrub::{Change, Cleaner, Dictionary, Format, Rule};

fn clean(input: &str, dicts: &[&str]) -> (String, Vec<Change>) {
    let paths: Vec<PathBuf> = dicts
        .iter()
        .map(|d| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(d))
        .collect();
    let cleaner = Cleaner::new(Dictionary::load(&paths).unwrap()).unwrap();
    let text = std::fs::read_to_string(fixture(input)).unwrap();
    let reading = read::parse(&text, Format::Txt, Mode::Lossy).unwrap();
    let cleaned = cleaner.clean(reading.transcript);
    (
        render(&cleaned.transcript, Output::Txt, &cleaned.changes).unwrap(),
        cleaned.changes,
    )
}

const PODCAST: &str = "dictionaries/messages-a-caractere-informatique.toml";

/// The misrecognitions heard in the episode, as the dictionary lists them;
/// each one must be among the changes, at least once.
const SEED_FIXES: &[(&str, &str)] = &[
    ("Aasio", "Horacio"),
    ("Alpha Clubit", "AlphaQubit"),
    ("Ghetto API", "Gateway API"),
    ("la stick search", "Elasticsearch"),
    ("Yann Lequin", "Yann LeCun"),
    ("DeepSync", "DeepSeek"),
    ("VITMA DOS", "ViteMaDose"),
    ("militel", "Minitel"),
    ("CICAMOR", "Sycamore"),
    ("Chor", "Shor"),
    ("GaiaX", "Gaia-X"),
    ("chez élastique", "chez Elastic"),
    ("Mistraléa", "Mistral AI"),
    ("Huggingface", "Hugging Face"),
    ("Lama", "Llama"),
    ("Guillaume Rosier", "Guillaume Rozier"),
    ("Masik Misterius", "Messages à Caractère Informatique"),
    ("sec goût\ncloud", "SecNumCloud"),
    ("de\ncube", "de Kube"),
    ("Sno-Kam", "SnowCamp"),
    ("Alice Sebope", "Alice & Bob"),
    ("Cantique", "quantique"),
    ("l'hénère de la guerre", "le nerf de la guerre"),
];

#[test]
fn the_episode_matches_its_golden_file() {
    let (output, _) = clean("mci-2025-02-07.txt", &[PODCAST]);
    let golden = std::fs::read_to_string(fixture("mci-2025-02-07.clean.txt")).unwrap();
    assert!(
        output == golden,
        "output differs from fixtures/mci-2025-02-07.clean.txt; run the README's clean command and diff"
    );
}

#[test]
fn every_listed_misrecognition_is_fixed() {
    let (output, changes) = clean("mci-2025-02-07.txt", &[PODCAST]);
    for (before, after) in SEED_FIXES {
        assert!(
            changes
                .iter()
                .any(|c| c.rule == Rule::Dictionary && c.before == *before && c.after == *after),
            "no change {before:?} -> {after:?}"
        );
        if !before.contains('\n') {
            assert!(
                !output.contains(before),
                "{before:?} is still in the output"
            );
        }
    }
    let dropped: Vec<&str> = changes
        .iter()
        .filter(|c| c.rule == Rule::DropLine)
        .map(|c| c.before.as_str())
        .collect();
    assert_eq!(
        dropped,
        [
            "Les infos glanées",
            "Je suis une fonctionnalité encore en dévelopement",
            "Signaler une erreur",
            "CleverCloud",
            "Tags"
        ]
    );
}

/// Every input line that no change names comes out unchanged and in order;
/// so nothing but the reported changes touched the text.
#[test]
fn nothing_else_changes() {
    let (output, changes) = clean("mci-2025-02-07.txt", &[PODCAST]);
    let input = std::fs::read_to_string(fixture("mci-2025-02-07.txt")).unwrap();
    let mut touched = BTreeSet::new();
    for c in &changes {
        for i in 0..=c.before.matches('\n').count() {
            touched.insert(c.line + i);
        }
    }
    let mut out_lines = output.lines();
    let mut kept = 0;
    for (i, line) in input.lines().enumerate() {
        if touched.contains(&(i + 1)) {
            continue;
        }
        assert!(
            out_lines.any(|o| o == line),
            "input line {} is missing or changed: {line:?}",
            i + 1
        );
        kept += 1;
    }
    assert!(kept > 1200, "only {kept} lines were left alone");
}

/// The hallucinated credit loop at the end ("Sous-titres par" × 35) goes,
/// as one artifact change; the host's real goodbye before it stays.
#[test]
fn the_credit_loop_goes_and_the_goodbye_stays() {
    let (output, changes) = clean("mci-2025-02-07.txt", &[PODCAST]);
    assert!(!output.contains("Sous-titres"));
    assert!(
        output.ends_with("donc merci encore et à bientôt\nau revoir\n"),
        "{}",
        &output[output.len() - 80..]
    );
    let removed: Vec<&Change> = changes
        .iter()
        .filter(|c| c.rule == Rule::Artifact)
        .collect();
    assert_eq!(removed.len(), 1);
    assert_eq!((removed[0].line, removed[0].column), (1365, 1));
    assert!(
        removed[0]
            .before
            .starts_with("Sous-titres par Sous-titres par")
    );
}

#[test]
fn cleaning_twice_changes_nothing() {
    let (once, _) = clean("mci-2025-02-07.txt", &[PODCAST]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("once.txt");
    std::fs::write(&path, &once).unwrap();
    let cleaner = Cleaner::new(
        Dictionary::load(&[PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(PODCAST)]).unwrap(),
    )
    .unwrap();
    let reading = read::parse(&once, Format::Txt, Mode::Lossy).unwrap();
    let twice = cleaner.clean(reading.transcript);
    assert_eq!(twice.changes, []);
    assert_eq!(render(&twice.transcript, Output::Txt, &[]).unwrap(), once);
}

#[test]
fn an_unseen_transcript_with_its_own_dictionary() {
    let (output, changes) = clean(
        "unseen/dev-podcast.txt",
        &["fixtures/unseen/dev-podcast.toml"],
    );
    let expected = std::fs::read_to_string(fixture("unseen/dev-podcast.expected.txt")).unwrap();
    assert_eq!(output, expected);
    assert_eq!(
        changes
            .iter()
            .filter(|c| c.rule == Rule::Dictionary)
            .count(),
        33
    );
    for trap in [
        "vite",
        "un lama",
        "redis-moi",
        "le Graal pour",
        "Le Saint Graal",
    ] {
        assert!(output.contains(trap), "{trap:?} was changed");
    }
}

/// Every dictionary shipped in dictionaries/ loads, with no conflicts,
/// and cleaning a text made of its own canonicals changes nothing.
#[test]
fn every_shipped_dictionary_loads() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dictionaries");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let dict =
                Dictionary::load(std::slice::from_ref(&path)).unwrap_or_else(|e| panic!("{e}"));
            let canonicals: Vec<String> = dict.terms.iter().map(|t| t.canonical.clone()).collect();
            let cleaner = Cleaner::new(dict).unwrap_or_else(|e| panic!("{e}"));
            let text = canonicals.join(".\n");
            let t = read::parse(&text, Format::Txt, Mode::Lossy)
                .unwrap()
                .transcript;
            let cleaned = cleaner.clean(t);
            let fixes: Vec<_> = cleaned
                .changes
                .iter()
                .filter(|c| c.rule == Rule::Dictionary)
                .collect();
            assert!(
                fixes.is_empty(),
                "{}: canonicals are changed: {fixes:?}",
                path.display()
            );
            count += 1;
        }
    }
    assert!(count >= 1);
}
