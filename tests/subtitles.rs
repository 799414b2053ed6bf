//! `transcrub subtitles` end to end: the binary is run on the fixtures and
//! its output read back with our own strict parser, then held to the limits
//! it promises. Each input is segmented once; the tests share the results.

mod common;

use std::sync::LazyLock;

use common::{fixture, root, transcrub};
use transcrub::read::{Mode, parse};
use transcrub::{Cue, Format};

const MAX_LINE: usize = 42;
const MAX_LINES: usize = 2;
const MAX_CPS: f64 = 17.0;
const MIN_MS: u64 = 833;
const MAX_MS: u64 = 7000;
const GAP_MS: u64 = 83;

/// The output of one run, read back.
struct Run {
    text: String,
    cues: Vec<Cue>,
    stderr: String,
}

/// A successful run's SRT on stdout, as text and read back strictly.
fn srt_on_stdout(out: std::process::Output) -> (String, Vec<Cue>) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let cues = parse(&text, Format::Srt, Mode::Strict)
        .unwrap_or_else(|e| panic!("our strict parser refuses the output: {e}"))
        .transcript
        .cues;
    (text, cues)
}

fn subtitles(input: &str, dict: &str, format: &str, extra: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join(format!("out.{format}"));
    let (input, dict) = (fixture(input), root(dict));
    let mut args = vec![
        "subtitles",
        input.to_str().unwrap(),
        "-d",
        dict.to_str().unwrap(),
        "--stats",
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    let run = transcrub(&args, dir.path());
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(run.status.success(), "{args:?} failed: {stderr}");
    let text = std::fs::read_to_string(&out).unwrap();
    let fmt = if format == "vtt" {
        Format::Vtt
    } else {
        Format::Srt
    };
    let reading = parse(&text, fmt, Mode::Strict)
        .unwrap_or_else(|e| panic!("our strict parser refuses the output: {e}"));
    Run {
        text,
        cues: reading.transcript.cues,
        stderr,
    }
}

const SEED: &str = "mci-2025-02-07.txt";
const SEED_DICT: &str = "dictionaries/messages-a-caractere-informatique.toml";
const FAST: &str = "subtitles/whisper-fast-speech.srt";
const FAST_DICT: &str = "fixtures/subtitles/whisper-fast-speech.toml";

struct Outputs {
    seed_srt: Run,
    seed_vtt: Run,
    fast: Run,
    words: Run,
    english: Run,
    plain: Run,
}

static OUTPUTS: LazyLock<Outputs> = LazyLock::new(|| {
    std::thread::scope(|s| {
        let seed_srt = s.spawn(|| subtitles(SEED, SEED_DICT, "srt", &[]));
        let seed_vtt = s.spawn(|| subtitles(SEED, SEED_DICT, "vtt", &[]));
        let fast = s.spawn(|| subtitles(FAST, FAST_DICT, "srt", &[]));
        let words = s.spawn(|| subtitles("subtitles/whisper-words.json", FAST_DICT, "srt", &[]));
        let english = s.spawn(|| {
            subtitles(
                "subtitles/en-interview.srt",
                "fixtures/subtitles/en-interview.toml",
                "srt",
                &["--preset", "netflix-en", "--max-cps", "17"],
            )
        });
        let plain = s.spawn(|| subtitles("subtitles/plain-episode-fr.txt", FAST_DICT, "vtt", &[]));
        Outputs {
            seed_srt: seed_srt.join().unwrap(),
            seed_vtt: seed_vtt.join().unwrap(),
            fast: fast.join().unwrap(),
            words: words.join().unwrap(),
            english: english.join().unwrap(),
            plain: plain.join().unwrap(),
        }
    })
});

fn chars(cue: &Cue) -> usize {
    cue.text.split('\n').map(|l| l.chars().count()).sum()
}

fn ms(cue: &Cue) -> (u64, u64) {
    (cue.start.unwrap().0, cue.end.unwrap().0)
}

fn cps(cue: &Cue) -> f64 {
    let (s, e) = ms(cue);
    chars(cue) as f64 * 1000.0 / (e - s) as f64
}

/// Line, lines-per-cue, duration and gap limits on every cue.
fn assert_layout_and_durations(name: &str, cues: &[Cue]) {
    assert!(!cues.is_empty(), "{name}: no cues");
    for (k, cue) in cues.iter().enumerate() {
        let lines: Vec<&str> = cue.text.split('\n').collect();
        assert!(lines.len() <= MAX_LINES, "{name} cue {}: {lines:?}", k + 1);
        for line in &lines {
            assert!(
                line.chars().count() <= MAX_LINE,
                "{name} cue {}: {line:?}",
                k + 1
            );
            assert!(!line.trim().is_empty(), "{name} cue {}: empty line", k + 1);
        }
        let (s, e) = ms(cue);
        assert!(
            (MIN_MS..=MAX_MS).contains(&(e - s)),
            "{name} cue {}: {} ms",
            k + 1,
            e - s
        );
    }
    for pair in cues.windows(2) {
        let (_, end) = ms(&pair[0]);
        let (next, _) = ms(&pair[1]);
        assert!(next >= end + GAP_MS, "{name}: gap {end} -> {next}");
    }
}

#[test]
fn the_seed_becomes_subtitles_within_every_limit() {
    for (name, run) in [("srt", &OUTPUTS.seed_srt), ("vtt", &OUTPUTS.seed_vtt)] {
        assert_layout_and_durations(name, &run.cues);
        // Estimated timing: the reading speed is met everywhere.
        for (k, cue) in run.cues.iter().enumerate() {
            assert!(
                cps(cue) <= MAX_CPS + 0.01,
                "{name} cue {}: {} cps",
                k + 1,
                cps(cue)
            );
        }
        assert!(
            run.stderr.contains("cues over the reading speed  0"),
            "{}",
            run.stderr
        );
    }
    assert_eq!(OUTPUTS.seed_srt.cues.len(), OUTPUTS.seed_vtt.cues.len());
    // The cleaning ran first: corrected names, no invented credit.
    let text = &OUTPUTS.seed_srt.text;
    assert!(text.contains("Horacio") && !text.contains("Aasio"));
    assert!(!text.contains("Sous-titres"));
}

#[test]
fn srt_and_vtt_are_written_as_players_expect() {
    let srt = &OUTPUTS.seed_srt.text;
    assert!(srt.starts_with("1\n00:00:00,000 --> "), "{}", &srt[..40]);
    let numbers: Vec<usize> = srt
        .split("\n\n")
        .filter(|b| !b.is_empty())
        .map(|b| b.lines().next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(numbers, (1..=numbers.len()).collect::<Vec<_>>());
    let vtt = &OUTPUTS.seed_vtt.text;
    assert!(
        vtt.starts_with("WEBVTT\n\n00:00:00.000 --> "),
        "{}",
        &vtt[..40]
    );
    assert!(!vtt.contains(" --> ") || !vtt.lines().any(|l| l.contains(" --> ") && l.contains(',')));
}

/// The text of the cues without any spacing: what typography and line
/// breaking may not change.
fn letters(cues: &[Cue]) -> String {
    cues.iter()
        .flat_map(|c| c.text.chars().filter(|c| !c.is_whitespace()))
        .collect()
}

fn assert_same_text(a: &str, b: &str) {
    if let Some(at) = a.chars().zip(b.chars()).position(|(x, y)| x != y) {
        let context = |s: &str| {
            s.chars()
                .skip(at.saturating_sub(30))
                .take(60)
                .collect::<String>()
        };
        panic!("text differs: {:?} vs {:?}", context(a), context(b));
    }
    assert_eq!(a.chars().count(), b.chars().count(), "one text is longer");
}

#[test]
fn fast_whisper_speech_keeps_its_anchors_and_exceeds_the_reading_speed_only_without_room() {
    let source = parse(
        &std::fs::read_to_string(fixture(FAST)).unwrap(),
        Format::Srt,
        Mode::Strict,
    )
    .unwrap()
    .transcript
    .cues;
    let out = &OUTPUTS.fast.cues;
    // Same words in the same order: segmentation never changes wording.
    assert_same_text(&letters(out), &letters(&source));
    // Each cue starts inside the source segment its first word comes from,
    // and exactly at the segment's start when that word opens it.
    // Which segment each non-space character comes from, and whether it
    // is the segment's first.
    let mut origin = Vec::new();
    for (index, seg) in source.iter().enumerate() {
        let n = seg.text.chars().filter(|c| !c.is_whitespace()).count();
        origin.extend((0..n).map(|i| (index, i == 0)));
    }
    let mut at = 0;
    for (k, cue) in out.iter().enumerate() {
        let (seg, first) = origin[at];
        let (start, end) = (source[seg].start.unwrap().0, source[seg].end.unwrap().0);
        let (cue_start, _) = ms(cue);
        assert!(
            (start..=end).contains(&cue_start),
            "cue {}: {cue_start} outside {start}..{end}",
            k + 1
        );
        if first {
            assert_eq!(cue_start, start, "cue {} lost its anchor", k + 1);
        }
        at += cue.text.chars().filter(|c| !c.is_whitespace()).count();
    }
    // Line limits hold on every cue; no cue outlives 7 s or flashes by.
    assert_layout_and_durations("fast", out);
    // Over the reading speed only where the next cue leaves no room: the
    // cue already runs up to the minimum gap before it.
    let mut over = 0;
    for (k, pair) in out.windows(2).enumerate() {
        if cps(&pair[0]) > MAX_CPS + 0.01 {
            over += 1;
            assert_eq!(
                ms(&pair[1]).0 - ms(&pair[0]).1,
                GAP_MS,
                "cue {} could borrow more",
                k + 1
            );
        }
    }
    assert!(cps(out.last().unwrap()) <= MAX_CPS + 0.01);
    // The fixture is fast: many cues cannot be rescued, and --stats says why.
    assert!(over > 10, "{over}");
    assert!(
        OUTPUTS
            .fast
            .stderr
            .contains(&format!("next cue starts too soon   {over}")),
        "{}",
        OUTPUTS.fast.stderr
    );
}

#[test]
fn a_pause_after_fast_speech_is_borrowed_for_reading_time() {
    // Cue 9 of the fixture (105 qubits...) is followed by 1.2 s of silence.
    let out = &OUTPUTS.fast.cues;
    let borrowed = out
        .windows(2)
        .filter(|p| ms(&p[1]).0 - ms(&p[0]).1 > GAP_MS)
        .count();
    assert!(borrowed > 0);
    for p in out.windows(2) {
        let gap = ms(&p[1]).0 - ms(&p[0]).1;
        // A cue that still has silence after it needs no more time.
        if gap > GAP_MS {
            assert!(
                cps(&p[0]) <= MAX_CPS + 0.01 || ms(&p[0]).1 - ms(&p[0]).0 == MAX_MS,
                "{:?}",
                p[0].text
            );
        }
    }
}

#[test]
fn word_timed_cues_start_on_word_times() {
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("subtitles/whisper-words.json")).unwrap(),
    )
    .unwrap();
    let starts: Vec<u64> = json["segments"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["words"].as_array().unwrap().iter())
        .map(|w| (w["start"].as_f64().unwrap() * 1000.0).round() as u64)
        .collect();
    let out = &OUTPUTS.words.cues;
    for (k, cue) in out.iter().enumerate() {
        assert!(
            starts.contains(&ms(cue).0),
            "cue {} starts at {} ms, on no word",
            k + 1,
            ms(cue).0
        );
    }
    assert_layout_and_durations("words", out);
    assert!(
        OUTPUTS
            .words
            .stderr
            .contains("times from the recogniser's words")
    );
}

/// The output text with cue and line breaks marked, for searching.
fn marked(cues: &[Cue]) -> String {
    cues.iter()
        .map(|c| c.text.replace('\u{a0}', " ").replace('\n', " |line| "))
        .collect::<Vec<_>>()
        .join(" |cue| ")
}

#[test]
fn no_multi_word_term_or_name_is_split() {
    let terms = [
        "Guido van Rossum",
        "Yann LeCun",
        "Horacio Gonzalez",
        "Kevin Davin",
        "Laurent Grangeau",
        "David Pilato",
        "Better Binary Quantization",
        "Messages à Caractère Informatique",
        "Python Software Foundation",
        "New York",
    ];
    let mut seen = 0;
    for (name, run) in [
        ("seed", &OUTPUTS.seed_srt),
        ("fast", &OUTPUTS.fast),
        ("words", &OUTPUTS.words),
        ("english", &OUTPUTS.english),
        ("plain", &OUTPUTS.plain),
    ] {
        let text = marked(&run.cues);
        for term in terms {
            let parts: Vec<&str> = term.split(' ').collect();
            for i in 1..parts.len() {
                for mark in [" |line| ", " |cue| "] {
                    let split = format!("{}{mark}{}", parts[..i].join(" "), parts[i..].join(" "));
                    assert!(!text.contains(&split), "{name}: {split:?}");
                }
            }
            seen += text.matches(term).count();
        }
    }
    assert!(seen > 20, "the fixtures hold the terms: {seen}");
}

#[test]
fn numbers_keep_their_units_and_articles_their_nouns() {
    let text = marked(&OUTPUTS.fast.cues) + &marked(&OUTPUTS.plain.cues);
    for split in [
        "105 |line| qubits",
        "8 |line| minutes",
        "4 |line| octets",
        "32 |line| Go",
        "42 |line| %",
    ] {
        assert!(!text.contains(split), "{split}");
        assert!(!text.contains(&split.replace("|line|", "|cue|")), "{split}");
    }
    for article in ["le", "la", "les", "un", "une", "des", "du"] {
        assert!(
            !text.contains(&format!(" {article} |line| ")),
            "line ends on {article:?}"
        );
    }
}

#[test]
fn french_typography_puts_no_break_spaces_before_high_punctuation() {
    let run = &OUTPUTS.fast;
    assert!(run.text.contains("quoi\u{a0}?"));
    assert!(run.text.contains("«\u{a0}la puce"));
    for cue in &run.cues {
        for line in cue.text.lines() {
            let first = line.chars().next().unwrap();
            assert!(
                !"?!:;»%,.".contains(first),
                "line starts with punctuation: {line:?}"
            );
            assert!(!line.contains(" ?") && !line.contains(" !"), "{line:?}");
        }
    }
    // English has no such rule.
    assert!(!OUTPUTS.english.text.contains('\u{a0}'));
}

#[test]
fn typography_none_keeps_the_spacing_as_written() {
    let run = subtitles(FAST, FAST_DICT, "srt", &["--typography", "none"]);
    assert!(!run.text.contains('\u{a0}'));
    assert!(run.text.contains("quoi ?"));
    assert_same_text(&letters(&run.cues), &letters(&OUTPUTS.fast.cues));
}

#[test]
fn plain_text_fits_a_known_duration_from_a_start() {
    let run = subtitles(
        "subtitles/plain-episode-fr.txt",
        FAST_DICT,
        "srt",
        &["--start", "00:00:16", "--duration", "5:00"],
    );
    assert_eq!(ms(&run.cues[0]).0, 16_000);
    // --duration is the episode's length: the last cue ends at 5:00.
    let end = ms(run.cues.last().unwrap()).1;
    assert!(end.abs_diff(300_000) <= 2, "{end}");
    assert_layout_and_durations("plain", &run.cues);
    // The default rate is documented: 15.5 characters a second.
    assert!(
        OUTPUTS
            .plain
            .stderr
            .contains("mean reading speed           15.5 cps"),
        "{}",
        OUTPUTS.plain.stderr
    );
}

#[test]
fn transcrub_toml_sets_limits_and_flags_override_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("transcrub.toml"),
        format!(
            "dictionaries = [{:?}]\n\n[subtitles]\nmax-line-chars = 30\n",
            root(FAST_DICT).display().to_string()
        ),
    )
    .unwrap();
    let input = fixture(FAST);
    let longest = |args: &[&str]| {
        let mut all = vec!["subtitles", input.to_str().unwrap(), "-q"];
        all.extend(args);
        let (_, cues) = srt_on_stdout(transcrub(&all, dir.path()));
        cues.iter()
            .flat_map(|c| {
                c.text
                    .lines()
                    .map(|l| l.chars().count())
                    .collect::<Vec<_>>()
            })
            .max()
            .unwrap()
    };
    assert!(longest(&[]) <= 30);
    let with_flag = longest(&["--max-line-chars", "37"]);
    assert!(with_flag > 30 && with_flag <= 37, "{with_flag}");
    // A preset by flag, the file's key still applies on top of it.
    assert!(longest(&["--preset", "youtube"]) <= 30);
}

/// Found in review: overlapping and out-of-order source cues, with an
/// opening guillemet ending one of them, made a word end before it began.
#[test]
fn overlapping_out_of_order_cues_make_valid_subtitles() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("o.srt"),
        "1\n00:00:01,000 --> 00:00:05,000\nPremier cue qui chevauche\n\n2\n00:00:02,000 --> 00:00:03,000\nDeuxième «\n\n3\n00:00:01,500 --> 00:00:02,000\nTroisième\n",
    )
    .unwrap();
    let (text, cues) = srt_on_stdout(transcrub(
        &["subtitles", "o.srt", "-q", "--typography", "none"],
        dir.path(),
    ));
    assert!(text.contains("« Troisième"), "{text}");
    for pair in cues.windows(2) {
        assert!(ms(&pair[1]).0 >= ms(&pair[0]).1 + GAP_MS, "{text}");
    }
    for cue in &cues {
        let (s, e) = ms(cue);
        assert!(e > s && e - s <= MAX_MS, "{text}");
    }
}

#[test]
fn absurd_limits_are_refused_not_overflowed() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture(FAST);
    for args in [
        ["--max-duration", "18446744073709551615"],
        ["--min-gap", "18446744073709551615"],
        ["--max-cps", "1e-300"],
        ["--start", "1e18"],
    ] {
        let mut all = vec!["subtitles", input.to_str().unwrap()];
        all.extend(args);
        let out = transcrub(&all, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

/// Word-highlight layouts (one cue per word, the whole line shown each
/// time) say each line once in subtitles, not once a word.
#[test]
fn highlighted_word_cues_become_one_line_said_once() {
    for file in [
        "formats/whisper-openai-highlight.srt",
        "formats/stable-ts-highlight.srt",
        "formats/whisperx-fr-highlight.vtt",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = transcrub(
            &[
                "subtitles",
                "-q",
                "--format",
                "srt",
                fixture(file).to_str().unwrap(),
            ],
            dir.path(),
        );
        let (text, cues) = srt_on_stdout(out);
        // French typography (detected) puts no-break spaces before "?".
        let said: String = cues
            .iter()
            .map(|c| c.text.replace(['\n', '\u{a0}', '\u{202f}'], " "))
            .collect::<Vec<_>>()
            .join(" ");
        // Each of these sentences is in the file once a word (MANIFEST.md).
        for sentence in [
            "Tu as suivi le cours d'Andrej Carpathy sur les réseaux de neurones ?",
            "Ça devait manger 40 % du budget.",
        ] {
            let input = std::fs::read_to_string(fixture(file)).unwrap();
            if transcrub::markup::strip_tags(&input).contains(sentence) {
                assert_eq!(
                    said.matches(sentence).count(),
                    1,
                    "{file}: {sentence}\n{text}"
                );
            }
        }
        assert!(
            !text.contains("<u>") && !text.contains("<font"),
            "{file}\n{text}"
        );
    }
}

/// The repro cases of real recogniser output, each with its expected
/// subtitles written by hand (fixtures/subtitles/README.md says why each
/// cue is what it is).
#[test]
fn repro_cases_give_their_expected_subtitles() {
    for (input, extra) in [
        ("long-segment-60s-en.tsv", vec!["--preset", "netflix-en"]),
        ("long-segment-15s-fr.tsv", vec![]),
        (
            "crosstalk-unpunctuated-fr.srt",
            vec!["-d", "fixtures/subtitles/crosstalk-unpunctuated-fr.toml"],
        ),
        ("dialogue-two-speakers-fr.json", vec![]),
    ] {
        let path = format!("fixtures/subtitles/{input}");
        let mut args = vec!["subtitles", "-q", "--format", "srt", path.as_str()];
        args.extend(extra);
        let out = transcrub(&args, &root(""));
        let (text, _) = srt_on_stdout(out);
        let stem = input.rsplit_once('.').unwrap().0;
        let expected =
            std::fs::read_to_string(fixture(&format!("subtitles/{stem}.expected.srt"))).unwrap();
        assert_eq!(text, expected, "{input}");
    }
}

/// A word list: each source cue a word (WhisperX's word list, a karaoke
/// export, whisper-timestamped's split subtitles), said back to back. The
/// edge of such a cue is no speaker's turn: the subtitles used to put two
/// such words on two lines of a cue of their own ("seulement" /
/// "l'accumulation", wild file 52) and cut cues across clauses.
#[test]
fn words_of_a_word_list_share_lines_as_any_words_do() {
    let said = "Ce qui fait la force du smartphone, c'est pas seulement \
                l'accumulation des fonctions, mais la manière dont elles \
                interagissent entre elles. Alors évidemment, il faudrait \
                ajouter l'écran tactile, très souvent mentionné.";
    let mut srt = String::new();
    let mut at = 0;
    for (k, word) in said.split(' ').enumerate() {
        let length = 150 + 40 * word.chars().count() as u64;
        srt.push_str(&format!(
            "{}\n{} --> {}\n{word}\n\n",
            k + 1,
            common::srt_time(at),
            common::srt_time(at + length)
        ));
        at += length;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("words.srt");
    std::fs::write(&input, &srt).unwrap();
    // Read whole, and a window at a time (the facts of the whole file say
    // it is a word list).
    for window in [None, Some("512")] {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_transcrub"));
        command
            .args(["subtitles", input.to_str().unwrap(), "--lang", "fr"])
            .env_remove("CI");
        match window {
            Some(bytes) => command.env("TRANSCRUB_WINDOW_BYTES", bytes),
            None => command.env_remove("TRANSCRUB_WINDOW_BYTES"),
        };
        let (text, cues) = srt_on_stdout(command.output().unwrap());
        // No line of a single word in a cue of several lines: every
        // line break is a choice of where a phrase ends.
        for cue in &cues {
            let lines: Vec<&str> = cue.text.lines().collect();
            assert!(
                lines.len() == 1 || lines.iter().all(|l| l.contains(' ')),
                "{window:?}: {text}"
            );
        }
        // The first clause and the first sentence end a line.
        for end in ["smartphone,", "elles."] {
            assert!(
                text.contains(&format!("{end}\n")),
                "{window:?}: {end}: {text}"
            );
        }
    }
}

/// A sound stands alone: merged into a cue of speech it reads as words
/// someone said ("à tout de suite. Musique", as Whisper writes French
/// music, was one subtitle of a real radio file). A bracketed description
/// goes with `--drop-sounds`; a sound's name alone, unbracketed, may have
/// been said, and stays.
#[test]
fn a_sound_stands_alone_and_only_a_bracketed_one_may_be_dropped() {
    let srt = "1\n00:00:01,000 --> 00:00:03,000\nRestez avec nous, à tout de suite.\n\n\
               2\n00:00:03,100 --> 00:00:04,000\nMusique\n\n\
               3\n00:00:04,100 --> 00:00:05,000\n[Applaudissements]\n\n\
               4\n00:00:05,100 --> 00:00:07,000\nNous revoilà.\n\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.srt"), srt).unwrap();
    let texts = |extra: &[&str]| -> Vec<String> {
        let args = [&["subtitles", "in.srt"][..], extra].concat();
        let (_, cues) = srt_on_stdout(transcrub(&args, dir.path()));
        cues.into_iter()
            .map(|c| c.text.replace('\n', " "))
            .collect()
    };
    assert_eq!(
        texts(&[]),
        [
            "Restez avec nous, à tout de suite.",
            "Musique",
            "[Applaudissements]",
            "Nous revoilà."
        ]
    );
    assert_eq!(
        texts(&["--drop-sounds"]),
        [
            "Restez avec nous, à tout de suite.",
            "Musique",
            "Nous revoilà."
        ]
    );
}

#[test]
fn a_token_a_segment_is_read_as_a_word_list() {
    // whisper.cpp's `-ml 1` writes a segment a token, and a token may hold
    // two words ("en transcrivant"). Each segment end is no turn: the
    // cues follow the sentences. Before, the file was not taken for a
    // word list, and a two-word segment opened a cue of its own after
    // "animés", cut from "des sous-titres".
    let input = fixture("formats/whispercpp-oj-ml1-fr.json");
    let (_, cues) = srt_on_stdout(transcrub(
        &["subtitles", input.to_str().unwrap()],
        &root("."),
    ));
    let texts: Vec<String> = cues.iter().map(|c| c.text.replace('\n', " ")).collect();
    assert_eq!(
        texts,
        [
            "Avec ce modèle, vous pouvez créer des sous-titres animés",
            "en transcrivant votre audio avec Whisper et en donnant à chaque mot une animation.",
            "C'est simple."
        ]
    );
}

#[test]
fn japanese_and_chinese_break_between_characters_by_their_own_rules() {
    // Written without spaces, a sentence was one "word": lines of up to
    // 42 characters, cut inside words when longer. Now each language's
    // house style (Netflix: 13 characters a line in Japanese, 16 in
    // Chinese) and its breaks: after a full stop, then a comma, then
    // where a particle ends a phrase; never before a closing mark or a
    // small kana, never after an opening mark.
    let dir = tempfile::tempdir().unwrap();
    let cues = |srt: &str, extra: &[&str]| -> Vec<String> {
        std::fs::write(dir.path().join("in.srt"), srt).unwrap();
        let args = [&["subtitles", "in.srt", "-q"][..], extra].concat();
        let (_, cues) = srt_on_stdout(transcrub(&args, dir.path()));
        cues.into_iter().map(|c| c.text).collect()
    };
    let japanese = "1\n00:00:01,000 --> 00:00:09,000\n\
        今日は新しいモデルの話をします。まず、データの準備から始めましょう。\
        「ちょっと待って」と彼は言った。\n\n";
    assert_eq!(
        cues(japanese, &[]),
        [
            "今日は新しい\nモデルの話をします。",
            "まず、データの\n準備から始めましょう。",
            "「ちょっと待って」と\n彼は言った。"
        ]
    );
    // Given rather than detected, the language does the same (it was
    // refused: no list of invented phrases for it).
    assert_eq!(cues(japanese, &["--lang", "ja"]), cues(japanese, &[]));
    let chinese = "1\n00:00:09,500 --> 00:00:15,000\n\
        我们今天讨论新的模型。首先，我们需要准备数据，然后开始训练。\n\n";
    assert_eq!(
        cues(chinese, &[]),
        ["我们今天讨论新的模型。首先，\n我们需要准备数据，然后开始训练。"]
    );
    // Deepgram writes Chinese a character a word (wild row 40): shown as
    // Chinese is written, without the spaces, a number or a Latin word
    // spelled a character at a time kept whole on its line. A space that
    // Japanese puts between phrases stays.
    let spaced = "1\n00:00:15,500 --> 00:00:21,000\n\
        這 個 m g a 3 的 油 脂 還 有 這 個 蛋 白 質 都 可 以 降 到 1 0 0 左 右\n\n\
        2\n00:00:21,500 --> 00:00:24,000\nはい そうですね。\n\n\
        3\n00:00:40,500 --> 00:00:43,000\n0 0 當 然 是 至 少 是 7 5 % 以 上\n\n";
    assert_eq!(
        cues(spaced, &["--preset", "netflix-zh"]),
        [
            // Every break between two characters of Chinese costs the
            // same (no word list tells "這個" is one word): 12 and 14.
            "這個mga3的油脂還有這\n個蛋白質都可以降到100左右",
            "はい そうですね。",
            // Digits glue from a cue's start, and a sign that stood
            // alone ("5 %", one token) loses its space in the run.
            "00當然是至少是75%以上"
        ]
    );
    // A preset named is the user's: 42 characters a line, so the first
    // two sentences fit on one; the cue still ends after a full stop.
    assert_eq!(
        cues(japanese, &["--preset", "netflix-fr"]),
        [
            "今日は新しいモデルの話をします。まず、データの準備から始めましょう。",
            "「ちょっと待って」と彼は言った。"
        ]
    );
}
