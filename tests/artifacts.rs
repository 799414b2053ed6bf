//! The artifact pass: built-in lists, loops, and what must survive.
//! Fixtures in fixtures/artifacts/ are named by symptom; each NAME.EXT has
//! NAME.expected.EXT written by hand (see fixtures/artifacts/README.md).

mod common;

use std::path::Path;

use common::{fixture, srt_time};
use transcrub::artifacts::{Artifacts, BUILTIN, Class, parse_list};
use transcrub::read::{Mode, parse};
use transcrub::write::{Output, render};
use transcrub::{Change, Cleaner, Dictionary, Format, Rule, Timestamp};

/// Built once: compiling every list's patterns is the slow part of a test.
fn cleaner() -> &'static Cleaner {
    static CLEANER: std::sync::LazyLock<Cleaner> =
        std::sync::LazyLock::new(|| Cleaner::new(Dictionary::default()).unwrap());
    &CLEANER
}

/// `clean --aggressive-loops`: suggestions removed too.
fn aggressive() -> &'static Cleaner {
    static CLEANER: std::sync::LazyLock<Cleaner> = std::sync::LazyLock::new(|| {
        let options = transcrub::Options {
            aggressive_loops: true,
            ..Default::default()
        };
        Cleaner::with_options(Dictionary::default(), options).unwrap()
    });
    &CLEANER
}

fn clean_text(text: &str, format: Format) -> (String, Vec<Change>) {
    let cleaned = cleaner().clean(parse(text, format, Mode::Lossy).unwrap().transcript);
    (
        render(&cleaned.transcript, Output::from(format), &cleaned.changes).unwrap(),
        cleaned.changes,
    )
}

#[test]
fn every_pattern_matches_its_examples_whole() {
    for (lang, text) in BUILTIN {
        let entries = parse_list(text, Path::new(lang)).unwrap_or_else(|e| panic!("{e}"));
        for e in entries {
            assert!(
                !e.examples.is_empty(),
                "{lang}: {} has no example",
                e.pattern
            );
            for example in &e.examples {
                assert!(
                    e.matches_whole(example)
                        .unwrap_or_else(|| panic!("{lang}: {} does not compile", e.pattern)),
                    "{lang}: {} does not match {example:?}",
                    e.pattern
                );
            }
        }
    }
}

/// The lists are searched through a prefilter (needles and openings read
/// from each pattern) before any regex runs: it must let every example
/// through, as a whole line and, for `always` entries, inside a sentence.
#[test]
fn the_prefilter_lets_every_example_through() {
    let artifacts = Artifacts::builtin(None).unwrap();
    for entry in artifacts.entries() {
        for example in &entry.examples {
            let class = artifacts.classify_whole(example);
            match entry.class {
                Class::Always => {
                    assert_eq!(
                        class,
                        Some(Class::Always),
                        "{example:?} ({})",
                        entry.pattern
                    );
                    let glued = format!("Et voilà. {example}");
                    assert!(
                        !artifacts.find_always(&glued).is_empty(),
                        "{glued:?} ({})",
                        entry.pattern
                    );
                }
                Class::Suspect => assert!(class.is_some(), "{example:?} ({})", entry.pattern),
            }
            // In upper case too: the prefilter compares ASCII letters in any case.
            let upper = example.to_uppercase();
            if entry.matches_whole(&upper) == Some(true) {
                assert!(
                    artifacts.classify_whole(&upper).is_some(),
                    "{upper:?} ({})",
                    entry.pattern
                );
            }
        }
    }
}

/// Every `always` example of the French and English lists, inserted into
/// a clean transcript at the start, in the middle, at the end, and glued
/// to the end of a sentence, is removed and nothing else changes.
#[test]
fn every_always_phrase_is_removed_and_nothing_else() {
    for (lang, clean_file) in [
        ("fr", "artifacts/clean-fr.txt"),
        ("en", "artifacts/clean-en.txt"),
    ] {
        let original = std::fs::read_to_string(fixture(clean_file)).unwrap();
        assert_eq!(
            clean_text(&original, Format::Txt).0,
            original,
            "{clean_file} is not clean"
        );
        let lines: Vec<&str> = original.lines().collect();
        let list = BUILTIN.iter().find(|(l, _)| *l == lang).unwrap().1;
        let examples: Vec<String> = parse_list(list, Path::new(lang))
            .unwrap()
            .into_iter()
            .filter(|e| e.class == Class::Always)
            .flat_map(|e| e.examples)
            .collect();
        assert!(
            examples.len() >= 10,
            "{lang}: only {} always examples",
            examples.len()
        );
        for example in &examples {
            let mut variants = Vec::new();
            let with_line = |at: usize| {
                let mut l = lines.clone();
                l.insert(at, example);
                l.join("\n") + "\n"
            };
            variants.push(("start", with_line(0)));
            variants.push(("middle", with_line(lines.len() / 2)));
            variants.push(("end", with_line(lines.len())));
            let mut glued = lines.clone();
            let joined = format!("{} {example}", glued[3]);
            glued[3] = &joined;
            variants.push(("glued", glued.join("\n") + "\n"));
            for (place, text) in variants {
                let (out, changes) = clean_text(&text, Format::Txt);
                assert_eq!(
                    out, original,
                    "{lang} {place}: {example:?} was not removed cleanly"
                );
                assert!(
                    changes.iter().all(|c| c.rule == Rule::Artifact),
                    "{lang} {place}: {changes:?}"
                );
            }
        }
    }
}

/// Each fixture against its hand-written expected output, and, where a
/// `NAME.aggressive.EXT` exists, its output with `--aggressive-loops`.
#[test]
fn fixtures_match_their_expected_output() {
    let mut checked = 0;
    // artifacts/: the shapes of the artifact pass; console/: console
    // transcripts; shapes/: sparse and micro loops, spaced credits.
    for dir in ["artifacts", "console", "shapes"].map(fixture) {
        checked += check_folder(&dir);
    }
    assert!(checked >= 24, "only {checked} fixtures");
}

fn check_folder(dir: &Path) -> usize {
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let Some((stem, ext)) = name.rsplit_once('.') else {
            continue;
        };
        if stem.ends_with(".expected")
            || stem.ends_with(".aggressive")
            || ext == "md"
            || ext == "py"
        {
            continue;
        }
        let input = std::fs::read_to_string(&path).unwrap();
        let format = Format::of_file(&path, &input).unwrap();
        let out_ext = if format == Format::Json { "txt" } else { ext };
        let expected_path = dir.join(format!("{stem}.expected.{out_ext}"));
        // No expected file: nothing may change.
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|_| input.clone());
        check_output(&name, &input, format, &expected, &expected_path, cleaner());
        let aggressive_path = dir.join(format!("{stem}.aggressive.{out_ext}"));
        if let Ok(expected) = std::fs::read_to_string(&aggressive_path) {
            check_output(
                &name,
                &input,
                format,
                &expected,
                &aggressive_path,
                aggressive(),
            );
        }
        checked += 1;
    }
    checked
}

fn check_output(
    name: &str,
    input: &str,
    format: Format,
    expected: &str,
    expected_path: &Path,
    cleaner: &Cleaner,
) {
    let cleaned = cleaner.clean(parse(input, format, Mode::Lossy).unwrap().transcript);
    let output = if format == Format::Json {
        cleaned
            .transcript
            .cues
            .iter()
            .map(|c| format!("{}\n", c.text.trim()))
            .collect::<String>()
    } else {
        render(&cleaned.transcript, Output::from(format), &cleaned.changes).unwrap()
    };
    assert!(
        output == expected,
        "{name}: output differs from {}:\n{output}",
        expected_path.display()
    );
    if format == Format::Srt {
        let back = parse(&output, Format::Srt, Mode::Strict)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .transcript;
        for pair in back.cues.windows(2) {
            assert!(pair[0].end <= pair[1].start, "{name}: overlapping cues");
        }
        for cue in &back.cues {
            assert!(cue.start <= cue.end, "{name}: negative duration");
        }
    }
}

/// A loop written over silences (a line every 6 s, as a recogniser stuck
/// over music writes it) keeps its first copy where it was said: the
/// silences between the copies are not given to it. The first two copies
/// follow each other within 250 ms and are joined.
#[test]
fn a_loop_over_silences_keeps_the_first_copy_s_own_time() {
    let mut srt = String::new();
    let starts = [
        0, 1_200, 8_000, 14_000, 20_000, 26_000, 32_000, 38_000, 44_000, 50_000, 56_000, 62_000,
    ];
    for (i, start) in starts.iter().enumerate() {
        let end = start + 1_000;
        srt.push_str(&format!(
            "{}\n{} --> {}\nSahaja yogi mandali na santana vada namaskar.\n\n",
            i + 1,
            srt_time(*start),
            srt_time(end)
        ));
    }
    let t = parse(&srt, Format::Srt, Mode::Strict).unwrap().transcript;
    let cleaned = cleaner().clean(t);
    let removed = cleaned
        .changes
        .iter()
        .filter(|c| c.rule == Rule::Loop)
        .count();
    assert_eq!(removed, 11, "{:?}", cleaned.changes);
    let kept = &cleaned.transcript.cues;
    assert_eq!(kept.len(), 1);
    assert_eq!(
        (kept[0].start, kept[0].end),
        (Some(Timestamp(0)), Some(Timestamp(2_200)))
    );
}

/// The copy kept takes the time of the copies removed right after it, but
/// not so much that it would be a window a stuck decoder filled: this
/// line's 34 characters take 2.3 s to say, and a span of 20 s is four
/// times more than that, so it stops at the last copy ending before 20 s
/// (one copy a second from 10 s). The five minutes of the loop are not one
/// subtitle.
#[test]
fn a_300_cue_loop_becomes_one_cue_of_the_copies_right_after_it() {
    let input = std::fs::read_to_string(fixture("artifacts/loop-300-cues-en.srt")).unwrap();
    let t = parse(&input, Format::Srt, Mode::Strict).unwrap().transcript;
    let looped: Vec<_> = t
        .cues
        .iter()
        .filter(|c| c.text.starts_with("Been drinking"))
        .collect();
    assert_eq!(looped.len(), 300);
    let cleaned = cleaner().clean(t.clone());
    let kept: Vec<_> = cleaned
        .transcript
        .cues
        .iter()
        .filter(|c| c.text.starts_with("Been drinking"))
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        (kept[0].start, kept[0].end),
        (looped[0].start, looped[18].end)
    );
    assert_eq!(kept[0].end, Some(Timestamp(29_000)));
    assert_eq!(
        cleaned
            .changes
            .iter()
            .filter(|c| c.rule == Rule::Loop)
            .count(),
        299
    );
}

#[test]
fn keep_artifacts_turns_the_pass_off() {
    let options = transcrub::Options {
        remove_artifacts: false,
        ..Default::default()
    };
    let cleaner = Cleaner::with_options(Dictionary::default(), options).unwrap();
    let input = std::fs::read_to_string(fixture("artifacts/sous-titres-par-loop-fr.txt")).unwrap();
    let cleaned = cleaner.clean(parse(&input, Format::Txt, Mode::Lossy).unwrap().transcript);
    assert!(
        cleaned
            .changes
            .iter()
            .all(|c| c.rule != Rule::Artifact && c.rule != Rule::PhraseLoop)
    );
    assert!(
        render(&cleaned.transcript, Output::Txt, &[])
            .unwrap()
            .contains("Sous-titres par Sous-titres par")
    );
}

#[test]
fn a_language_without_lists_of_its_own_keeps_only_the_credits() {
    // English outros after the talk, which `--aggressive-loops` removes by
    // the English suspect list.
    let srt =
        std::fs::read_to_string(fixture("artifacts/thanks-for-watching-tail-en.srt")).unwrap();
    let removed = |text: &str, format, language: Option<&str>, dictionary: &str| {
        let mut dict = Dictionary::default();
        dict.add_toml(dictionary, Path::new("d.toml")).unwrap();
        let options = transcrub::Options {
            aggressive_loops: true,
            language: language.map(str::to_string),
            ..Default::default()
        };
        let cleaner = Cleaner::with_options(dict, options).unwrap();
        let cleaned = cleaner.clean(parse(text, format, Mode::Lossy).unwrap().transcript);
        let rules = cleaned.changes.iter().map(|c| c.rule);
        rules
            .filter(|r| matches!(r, Rule::Artifact | Rule::SuspectArtifact))
            .count()
    };
    assert_eq!(removed(&srt, Format::Srt, None, ""), 3);
    assert_eq!(removed(&srt, Format::Srt, Some("en-GB"), ""), 3);
    // A dictionary's language without lists: every list, as when the
    // language is not known.
    assert_eq!(removed(&srt, Format::Srt, None, "language = \"sv\"\n"), 3);
    // Swedish said by the user: no English suspect goes; a credit
    // Swedish subtitles left in Whisper's training still does.
    assert_eq!(removed(&srt, Format::Srt, Some("sv"), ""), 0);
    let credit = "Hej allihop, välkomna.\nTextning.nu\n";
    assert_eq!(removed(credit, Format::Txt, Some("sv"), ""), 1);
    // What is no ISO 639 code is a typo, refused.
    let options = transcrub::Options {
        language: Some("fre".into()),
        ..Default::default()
    };
    let err = Cleaner::with_options(Dictionary::default(), options).unwrap_err();
    assert!(
        err.message
            .starts_with("unknown language \"fre\": expected an ISO 639 code"),
        "{}",
        err.message
    );
}

/// An SRT of a word a cue, as WhisperX's word list or a karaoke export
/// gives one: each word from `start` ms, 300 ms long, 100 ms apart,
/// except those `brief` (20 ms: an aligner gives such times to short or
/// repeated words).
fn word_cues(words: &[&str], brief: &[usize]) -> String {
    let mut srt = String::new();
    let mut at = 0;
    for (k, word) in words.iter().enumerate() {
        let length = if brief.contains(&k) { 20 } else { 300 };
        srt.push_str(&srt_block(k, at, at + length, word));
        at += length + 100;
    }
    srt
}

/// SRT cue `k` (numbered from 1) from `start` to `end` ms.
fn srt_block(k: usize, start: u64, end: u64, text: &str) -> String {
    format!(
        "{}\n{} --> {}\n{text}\n\n",
        k + 1,
        srt_time(start),
        srt_time(end)
    )
}

/// In a transcript of a word a cue, identical cues in a row are a word
/// said again: "yeah yeah yeah" is three cues there, and speech, as it is
/// inside a line. It used to go as "a phrase recognisers invent, repeated
/// in 3 cues", as three "Yeah." segments would (found in a real WhisperX
/// word list, BENCHMARKS.md), and each brief copy was suggested as "too
/// short". A word a cue a dozen times is still a loop.
#[test]
fn a_word_said_again_in_a_word_list_is_speech_up_to_the_counts_of_words() {
    let said = "so what you are asking is like how yeah yeah yeah I mean \
                what do we keep when the tool cleans a transcript of words";
    let words: Vec<&str> = said.split(' ').collect();
    // Brief or not, three copies of a listed phrase stay, with nothing
    // to say of them: an aligner's 20 ms is no sign of a word not said.
    for brief in [vec![], vec![8, 9, 10]] {
        let (text, changes) = clean_text(&word_cues(&words, &brief), Format::Srt);
        assert!(changes.is_empty(), "{changes:?}");
        assert_eq!(text.matches("\nyeah\n").count(), 3, "{brief:?}");
    }
    // Ten copies: suggested, and kept.
    let mut ten = words.clone();
    ten.splice(8..11, ["yeah"; 10]);
    let (text, changes) = clean_text(&word_cues(&ten, &[]), Format::Srt);
    assert_eq!(text.matches("\nyeah\n").count(), 10);
    assert!(changes.iter().all(|c| c.rule != Rule::Loop), "{changes:?}");
    let suggested = changes.iter().filter(|c| c.rule == Rule::LoopSuggestion);
    assert_eq!(suggested.count(), 9, "{changes:?}");
    // Fourteen brief copies of "you": a loop; the first stays.
    let mut looped = words.clone();
    looped.splice(8..11, ["you"; 14]);
    let brief: Vec<usize> = (8..22).collect();
    let (text, changes) = clean_text(&word_cues(&looped, &brief), Format::Srt);
    assert_eq!(
        text.matches("\nyou\n").count(),
        2,
        "the loop's first and 'what you are'"
    );
    let removed: Vec<_> = changes.iter().filter(|c| c.rule == Rule::Loop).collect();
    assert_eq!(removed.len(), 13);
    assert!(
        removed[0]
            .evidence
            .as_deref()
            .is_some_and(|e| e.starts_with("a word said 14 times in a row, a cue each")),
        "{removed:?}"
    );
}

/// An SRT of a dialogue: each line a cue of `length` ms, the next one
/// starting right after it (no silence to speak of).
fn dialogue(lines: &[&str], length: u64) -> String {
    let mut srt = String::new();
    for (k, line) in lines.iter().enumerate() {
        let at = k as u64 * (length + 100);
        srt.push_str(&srt_block(k, at, at + length, line));
    }
    srt
}

/// Three people answering "Okay." one after another, a second each, with
/// no silence and no score: speech (wild file 57, a film's dialogue). They
/// used to go, all three, as "a phrase recognisers invent, repeated in 3
/// cues". Without evidence, three or four copies are suggested; five or
/// more are a loop, and all of them go.
#[test]
fn a_suspect_phrase_in_a_few_cues_of_a_dialogue_is_kept_and_suggested() {
    for copies in [3, 4] {
        let mut lines = vec!["Can you call him tonight?"];
        lines.extend(std::iter::repeat_n("Okay.", copies));
        lines.push("Then we leave at eight.");
        let (text, changes) = clean_text(&dialogue(&lines, 1000), Format::Srt);
        assert_eq!(text.matches("\nOkay.\n").count(), copies, "{text}");
        assert!(changes.iter().all(|c| c.rule != Rule::Loop), "{changes:?}");
        let suggested = changes.iter().filter(|c| c.rule == Rule::LoopSuggestion);
        assert_eq!(suggested.count(), copies - 1, "{changes:?}");
    }
    let mut lines = vec!["Can you call him tonight?"];
    lines.extend(["Okay."; 5]);
    lines.push("Then we leave at eight.");
    let (text, changes) = clean_text(&dialogue(&lines, 1000), Format::Srt);
    assert!(!text.contains("Okay."), "{text}");
    let removed: Vec<_> = changes.iter().filter(|c| c.rule == Rule::Loop).collect();
    assert_eq!(removed.len(), 5, "{changes:?}");
    assert_eq!(
        removed[0].evidence.as_deref(),
        Some("a phrase recognisers invent, repeated in 5 cues")
    );
}

/// A number is a word: "7" read out three times (a score, wild file 57)
/// stays, suggested at most. It used to count as a cue "holding no word",
/// as "..." does, and two copies went.
#[test]
fn a_number_in_a_few_cues_is_a_word_said_again() {
    let lines = [
        "What was the score on each hole?",
        "7",
        "7",
        "7",
        "Three sevens.",
    ];
    let (text, changes) = clean_text(&dialogue(&lines, 1000), Format::Srt);
    assert_eq!(text.matches("\n7\n").count(), 3, "{text}");
    assert!(changes.iter().all(|c| c.rule != Rule::Loop), "{changes:?}");
}

/// Music notes over the music: five "♪♪" cues become one lasting from the
/// first one's start to the last one's end, as any run of cues holding no
/// word does, though "♪" is a suspect phrase. They used to go, all five,
/// and the subtitles lost the music (wild file 33).
#[test]
fn music_notes_in_a_row_become_one_cue_spanning_the_music() {
    let lines = ["We adjourn at nine.", "♪♪", "♪♪", "♪♪", "♪♪", "♪♪"];
    let input = dialogue(&lines, 3000);
    let cleaned = cleaner().clean(parse(&input, Format::Srt, Mode::Strict).unwrap().transcript);
    let notes: Vec<_> = cleaned
        .transcript
        .cues
        .iter()
        .filter(|c| c.text == "♪♪")
        .collect();
    assert_eq!(notes.len(), 1, "{:?}", cleaned.transcript.cues);
    let ms = |c: &transcrub::Cue| (c.start.unwrap().0, c.end.unwrap().0);
    assert_eq!(ms(notes[0]), (3100, 5 * 3100 + 3000));
    let removed: Vec<_> = cleaned
        .changes
        .iter()
        .filter(|c| c.rule == Rule::Loop)
        .collect();
    assert_eq!(removed.len(), 4, "{:?}", cleaned.changes);
    assert_eq!(
        removed[0].evidence.as_deref(),
        Some("5 cues in a row holding no word (\"♪♪\")")
    );
}

/// Three cues in a row of a phrase the recogniser invents in this very
/// file (it stands alone after long silences three times elsewhere) go,
/// all three: the file's own pattern is the evidence the dialogue lacked.
#[test]
fn a_suspect_phrase_the_file_invents_elsewhere_goes_in_three_cues() {
    let mut srt = String::new();
    let mut cue = |k: usize, at: u64, text: &str| srt.push_str(&srt_block(k, at, at + 1000, text));
    // Speech, then "Thank you." alone 12 s later, three times over.
    let said = [
        "We start with the budget.",
        "Now the schools.",
        "Then the roads.",
    ];
    for (k, line) in said.iter().enumerate() {
        let at = k as u64 * 30_000;
        cue(2 * k, at, line);
        cue(2 * k + 1, at + 13_000, "Thank you.");
    }
    cue(6, 100_000, "Next item on the agenda.");
    for k in 7..10 {
        cue(k, 101_100 + (k as u64 - 7) * 1_100, "Thank you.");
    }
    cue(10, 105_000, "And the vote.");
    let (text, changes) = clean_text(&srt, Format::Srt);
    assert!(!text.contains("Thank you."), "{text}");
    let run: Vec<_> = changes
        .iter()
        .filter(|c| c.rule == Rule::Loop)
        .map(|c| c.evidence.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(
        run,
        ["a phrase recognisers invent, repeated in 3 cues, and written 3 times in the file alone after 10 s of silence or more";
            3],
        "{changes:?}"
    );
}

/// A phrase looped across cues, each copy with its full stop ("Thank
/// you." in cue after cue, some cues holding two): the copies after the
/// first go whole. The collapse used to keep the first copy's words and
/// the last copy's mark, so one cue showed "Thank you" and the next "."
/// alone for the length of the loop (faster-whisper, wild file 03).
#[test]
fn a_loop_across_cues_keeps_its_first_copy_whole_and_no_cue_of_marks() {
    let mut srt = srt_block(0, 0, 3000, "Bonjour à tous et bienvenue dans l'émission.");
    for k in 0..8u64 {
        let text = if k % 2 == 1 {
            "Thank you. Thank you."
        } else {
            "Thank you."
        };
        srt.push_str(&srt_block(
            k as usize + 1,
            3000 + k * 400,
            3400 + k * 400,
            text,
        ));
    }
    srt.push_str(&srt_block(
        9,
        6200,
        9200,
        "On reprend avec la suite du programme.",
    ));
    let read = parse(&srt, Format::Srt, Mode::Strict).unwrap().transcript;
    // Without --aggressive-loops it is a suggestion, at the text it names.
    let suggested = cleaner().clean(read.clone()).changes;
    assert_eq!(suggested.len(), 1, "{suggested:?}");
    let s = &suggested[0];
    assert_eq!(s.rule, Rule::PhraseLoopSuggestion);
    let line = srt.lines().nth(s.line - 1).unwrap();
    let from: String = line.chars().skip(s.column - 1).collect();
    assert!(
        s.before.starts_with(&from) && from.starts_with("Thank you"),
        "{s:?} at {from:?}"
    );
    let cleaned = aggressive().clean(read);
    let cues: Vec<(String, u64, u64)> = cleaned
        .transcript
        .cues
        .iter()
        .map(|c| (c.text.clone(), c.start.unwrap().0, c.end.unwrap().0))
        .collect();
    assert_eq!(
        cues,
        [
            (
                "Bonjour à tous et bienvenue dans l'émission.".to_string(),
                0,
                3000
            ),
            ("Thank you.".to_string(), 3000, 6200),
            (
                "On reprend avec la suite du programme.".to_string(),
                6200,
                9200
            ),
        ]
    );
    assert!(
        cleaned
            .changes
            .iter()
            .all(|c| c.rule == Rule::PhraseLoop && c.before.contains("Thank you")),
        "{:?}",
        cleaned.changes
    );
}

/// A credit is searched for in a cue after its loops are taken out, not
/// only in the cue as it was read: taking out a loop joins what it stood
/// between. Here "Sous titres par Jérémy Diaz" is split by a loop of
/// "thank you" (a suspect phrase of the English list, removed whole when
/// it loops): the cue as read holds no credit's needle ("sous titre"),
/// the cue without the loop holds the credit. The cues of a window are
/// screened for the needles before their loops go
/// (`Artifacts::may_find_always`), so a cue that lost a loop is searched
/// again in the same round; in the test suite's debug builds, a cue the
/// screen passed over that holds a credit fails an assertion.
#[test]
fn a_credit_that_a_removed_loop_joins_is_removed() {
    let loop_of = "thank you ".repeat(6);
    let text = format!("Bonjour.\nSous {loop_of}titres par Jérémy Diaz\nOn continue.\n");
    let (out, changes) = clean_text(&text, Format::Txt);
    assert_eq!(out, "Bonjour.\nOn continue.\n");
    let removed: Vec<&str> = changes.iter().map(|c| c.before.as_str()).collect();
    assert_eq!(removed, ["Sous titres par Jérémy Diaz", loop_of.trim_end()]);
    assert!(changes.iter().all(|c| c.rule == Rule::Artifact));
}
