//! A reviewer's verdicts in every pass (`Cleaner::clean_deciding`, which
//! `transcrub review` and `clean --decisions` run): a rejected change is
//! not made and no other is lost with it; an accepted suggestion is made;
//! without verdicts the output is what `clean` gives.

use std::path::Path;

use transcrub::clean::{Decisions, FuzzyOptions, Options, Verdict};
use transcrub::read::Mode;
use transcrub::write::Output;
use transcrub::{Change, Cleaner, Dictionary, Format, Passes, Rule};

const DICT: &str = r#"
[[term]]
canonical = "Horacio"
variants = ["Aasio"]

[[term]]
canonical = "Yann LeCun"

[artifacts]
drop_lines = ["^Signaler une erreur$"]
"#;

fn cleaner(fuzzy: bool) -> Cleaner {
    cleaner_of(DICT, fuzzy)
}

/// Fuzzy matching without a lexicon only suggests.
fn cleaner_of(dict: &str, fuzzy: bool) -> Cleaner {
    let dict = Dictionary::from_bytes(dict.as_bytes(), Path::new("show.toml")).unwrap();
    let options = Options {
        fuzzy: fuzzy.then(|| FuzzyOptions {
            threshold: 0.75,
            floor: 0.70,
            lexicon: None,
        }),
        ..Options::default()
    };
    Cleaner::with_options(dict, options).unwrap()
}

/// Cleans `text` as `format` with the verdicts; returns the output and
/// the changes.
fn run(
    cleaner: &Cleaner,
    text: &str,
    format: Format,
    verdicts: &[(usize, usize, &str, Verdict)],
) -> (String, Vec<Change>) {
    let mut decisions = Decisions::new();
    for &(line, column, before, verdict) in verdicts {
        decisions.set(line, column, before, verdict);
    }
    let transcript = transcrub::read::parse(text, format, Mode::Strict)
        .unwrap()
        .transcript;
    let cleaned = cleaner.clean_deciding(transcript, Passes::ALL, &decisions);
    let out = transcrub::write::render(&cleaned.transcript, Output::from(format), &cleaned.changes)
        .unwrap();
    (out, cleaned.changes)
}

fn places(changes: &[Change]) -> Vec<(Rule, usize, usize, &str)> {
    changes
        .iter()
        .map(|c| (c.rule, c.line, c.column, c.before.as_str()))
        .collect()
}

#[test]
fn a_rejected_correction_stays_as_written_there_only() {
    let c = cleaner(false);
    let text = "Aasio est là.\nEt Aasio revient.\n";
    let (plain, _) = run(&c, text, Format::Txt, &[]);
    assert_eq!(plain, "Horacio est là.\nEt Horacio revient.\n");
    let (out, changes) = run(&c, text, Format::Txt, &[(2, 4, "Aasio", Verdict::Reject)]);
    assert_eq!(out, "Horacio est là.\nEt Aasio revient.\n");
    assert_eq!(places(&changes), [(Rule::Dictionary, 1, 1, "Aasio")]);
    // A verdict on text that is not there changes nothing.
    let (out, _) = run(&c, text, Format::Txt, &[(2, 4, "Aasi", Verdict::Reject)]);
    assert_eq!(out, plain);
}

#[test]
fn an_accepted_fuzzy_suggestion_is_applied() {
    let c = cleaner(true);
    let text = "Une conférence de Yann Lequin hier.\n";
    let (out, changes) = run(&c, text, Format::Txt, &[]);
    assert_eq!(out, text);
    assert_eq!(
        places(&changes),
        [(Rule::FuzzySuggestion, 1, 19, "Yann Lequin")]
    );
    let (out, changes) = run(
        &c,
        text,
        Format::Txt,
        &[(1, 19, "Yann Lequin", Verdict::Accept)],
    );
    assert_eq!(out, "Une conférence de Yann LeCun hier.\n");
    assert_eq!(places(&changes), [(Rule::Fuzzy, 1, 19, "Yann Lequin")]);
}

#[test]
fn a_kept_credit_and_a_kept_chrome_line_stay() {
    let c = cleaner(false);
    let text = "Bonjour à tous.\nSignaler une erreur\nAu revoir. Sous-titres réalisés par la communauté d'Amara.org\n";
    let (plain, changes) = run(&c, text, Format::Txt, &[]);
    assert_eq!(plain, "Bonjour à tous.\nAu revoir.\n");
    let credit = changes.iter().find(|c| c.rule == Rule::Artifact).unwrap();
    let kept = run(
        &c,
        text,
        Format::Txt,
        &[
            (2, 1, "Signaler une erreur", Verdict::Reject),
            (credit.line, credit.column, &credit.before, Verdict::Reject),
        ],
    );
    assert_eq!(kept.0, text);
    assert!(kept.1.is_empty(), "{:?}", kept.1);
}

/// `n` copies of one cue, a second each, from 1 s.
fn looping_srt(n: usize, text: &str) -> String {
    let mut srt = String::new();
    for i in 0..n {
        srt.push_str(&format!(
            "{}\n00:00:{:02},000 --> 00:00:{:02},900\n{text}\n\n",
            i + 1,
            i + 1,
            i + 1
        ));
    }
    srt
}

#[test]
fn a_copy_kept_in_a_loop_keeps_its_place_and_time() {
    let c = cleaner(false);
    // Twelve copies: a certain loop; the first stays and lasts the loop.
    let srt = looping_srt(12, "On y va.");
    let (out, changes) = run(&c, &srt, Format::Srt, &[]);
    assert_eq!(out, "1\n00:00:01,000 --> 00:00:12,900\nOn y va.\n\n");
    assert_eq!(changes.len(), 11);
    // Copy 5 (line 19) kept: the first lasts until copy 4, copy 5 from
    // its own start until the last copy; the copies after it still go.
    let (out, changes) = run(
        &c,
        &srt,
        Format::Srt,
        &[(19, 1, "On y va.", Verdict::Reject)],
    );
    assert_eq!(
        out,
        "1\n00:00:01,000 --> 00:00:04,900\nOn y va.\n\n2\n00:00:05,000 --> 00:00:12,900\nOn y va.\n\n"
    );
    assert_eq!(changes.len(), 10);
}

#[test]
fn an_accepted_loop_suggestion_is_removed() {
    let c = cleaner(false);
    // Three copies close together: people may say it; suggested only.
    let srt = looping_srt(3, "Non ! Non ! Non !");
    let (out, changes) = run(&c, &srt, Format::Srt, &[]);
    assert_eq!(out, srt);
    let suggested: Vec<_> = changes.iter().filter(|c| c.rule.is_suggestion()).collect();
    assert!(!suggested.is_empty(), "{changes:?}");
    // Accepting the suggestion on the third copy removes that copy only.
    let third = suggested.last().unwrap();
    let (out, changes) = run(
        &c,
        &srt,
        Format::Srt,
        &[(third.line, third.column, &third.before, Verdict::Accept)],
    );
    assert!(!out.contains("00:00:03,000"), "{out}");
    let made: Vec<_> = changes.iter().filter(|c| !c.rule.is_suggestion()).collect();
    assert_eq!(made.len(), 1, "{changes:?}");
    assert!(
        made[0]
            .evidence
            .as_deref()
            .is_some_and(|e| e.ends_with("(uncertain; accepted in review)")),
        "{:?}",
        made[0].evidence
    );
}

#[test]
fn an_accepted_phrase_loop_suggestion_inside_a_line_is_collapsed() {
    let c = cleaner(false);
    let text = "c'est vrai c'est vrai c'est vrai c'est vrai et voilà\n";
    let (out, changes) = run(&c, text, Format::Txt, &[]);
    assert_eq!(out, text, "speech repeats: only suggested");
    let s = changes
        .iter()
        .find(|c| c.rule == Rule::PhraseLoopSuggestion)
        .expect("a suggestion");
    let (out, changes) = run(
        &c,
        text,
        Format::Txt,
        &[(s.line, s.column, &s.before, Verdict::Accept)],
    );
    assert_eq!(out, "c'est vrai et voilà\n");
    assert_eq!(changes[0].rule, Rule::PhraseLoop);
}

#[test]
fn keeping_one_piece_of_a_loop_across_cues_keeps_all_of_it() {
    let c = cleaner(false);
    // "No." 15 times over three cues in 0.3 s: certain, removed in three
    // pieces, one per cue.
    let srt = "1\n00:00:01,000 --> 00:00:01,100\nNo. No. No. No.\n\n2\n00:00:01,100 --> 00:00:01,200\nNo. No. No. No. No.\n\n3\n00:00:01,200 --> 00:00:01,300\nNo. No. No. No. No. No.\n\n4\n00:00:02,000 --> 00:00:04,000\nEt voilà.\n\n";
    let (out, changes) = run(&c, srt, Format::Srt, &[]);
    assert_ne!(out, srt);
    let pieces: Vec<_> = changes
        .iter()
        .filter(|c| c.rule == Rule::PhraseLoop)
        .collect();
    assert_eq!(pieces.len(), 3, "{changes:?}");
    let middle = pieces[1];
    let (out, changes) = run(
        &c,
        srt,
        Format::Srt,
        &[(middle.line, middle.column, &middle.before, Verdict::Reject)],
    );
    assert_eq!(out, srt);
    assert!(changes.is_empty(), "{changes:?}");
}

#[test]
fn an_exception_is_not_proposed_again() {
    let dict = DICT.replace(
        "canonical = \"Yann LeCun\"\n",
        "canonical = \"Yann LeCun\"\nexceptions = [\"yann  lequin\"]\n",
    );
    let c = cleaner_of(&dict, true);
    assert_eq!(c.dictionary().terms[1].exceptions, ["yann  lequin"]);
    // Case and spacing aside, the spelling is the exception: no suggestion.
    let (out, changes) = run(
        &c,
        "Yann Lequin parle.\nYann Lekun aussi.\n",
        Format::Txt,
        &[],
    );
    assert_eq!(out, "Yann Lequin parle.\nYann Lekun aussi.\n");
    assert_eq!(
        places(&changes),
        [(Rule::FuzzySuggestion, 2, 1, "Yann Lekun")]
    );
}
