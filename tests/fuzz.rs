//! A mutation fuzzer for every reader, run in the test profile (a debug
//! build: overflow checks on, so arithmetic that would wrap in a release
//! build panics here). Each target starts from real-shaped files of its
//! format (the fixtures) and mutates them: bytes flipped, structure tokens
//! inserted (`-->`, huge hours, CR, NUL, quotes, brackets), slices
//! repeated or cut. Every input goes through what a user's run does with
//! it: decode, read strict and lossy, clean, write every format, build
//! subtitles, lint.
//!
//! Each target runs `FUZZ_SECONDS` (default 4) from a seed printed on
//! failure (`FUZZ_SEED` replays it). A panic saves the input under
//! `fixtures/fuzz/`, where `crashers_stay_fixed` replays every saved one
//! forever. The 30-minute campaign of BENCHMARKS.md is
//! `FUZZ_SECONDS=1800 cargo test --test fuzz -- --test-threads=2`.

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use transcrub::config::Config;
use transcrub::lint::check::{File, Linter};
use transcrub::read::{Mode, parse};
use transcrub::segment::{Limits, Segmenter};
use transcrub::write::{Output, render};
use transcrub::{Cleaner, Dictionary, Format, encoding};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Target {
    Transcript(Format),
    Dictionary,
    Config,
}

impl Target {
    fn name(self) -> &'static str {
        match self {
            Target::Transcript(f) => f.name(),
            Target::Dictionary => "dictionary",
            Target::Config => "config",
        }
    }

    fn of_name(name: &str) -> Option<Target> {
        Some(match name {
            "srt" => Target::Transcript(Format::Srt),
            "vtt" => Target::Transcript(Format::Vtt),
            "json" => Target::Transcript(Format::Json),
            "tsv" => Target::Transcript(Format::Tsv),
            "txt" => Target::Transcript(Format::Txt),
            "console" => Target::Transcript(Format::Console),
            "otter" => Target::Transcript(Format::Otter),
            "ttml" => Target::Transcript(Format::Ttml),
            "srv3" => Target::Transcript(Format::Srv3),
            "ass" => Target::Transcript(Format::Ass),
            "sbv" => Target::Transcript(Format::Sbv),
            "dictionary" => Target::Dictionary,
            "config" => Target::Config,
            _ => return None,
        })
    }
}

static CLEANER: LazyLock<Cleaner> = LazyLock::new(|| {
    let dict = Dictionary::load(&[common::root(
        "dictionaries/messages-a-caractere-informatique.toml",
    )])
    .unwrap();
    Cleaner::new(dict).unwrap()
});

/// Everything a run does with one input; panics are what we look for.
fn exercise(target: Target, bytes: &[u8]) {
    match target {
        Target::Transcript(format) => {
            let mut decoded = encoding::decode(bytes);
            encoding::lone_carriage_returns(&mut decoded.text);
            let text = decoded.text;
            let _ = parse(&text, format, Mode::Strict);
            let Ok(reading) = parse(&text, format, Mode::Lossy) else {
                return;
            };
            let transcript = reading.transcript;
            let path = PathBuf::from(format!("fuzz.{}", format.name()));
            let linter = Linter {
                cleaner: &CLEANER,
                limits: Limits::NETFLIX_FR,
                language: Some("fr".into()),
            };
            let file = File {
                path: &path,
                text: &text,
                format,
                transcript: &transcript,
                encoding_warning: decoded.warning.as_deref(),
                encoding_repairs: &[],
                format_warnings: &reading.warnings,
            };
            let _ = linter.check(&file);
            let cleaned = CLEANER.clean(transcript);
            for output in [
                Output::Txt,
                Output::Srt,
                Output::Vtt,
                Output::Tsv,
                Output::Json,
                Output::Model,
            ] {
                let _ = render(&cleaned.transcript, output, &cleaned.changes);
            }
            let subtitles = Segmenter::builder()
                .language(Some("fr"))
                .build()
                .segment(&cleaned.transcript);
            let _ = subtitles.stats();
            let _ = render(&subtitles.to_transcript(Format::Srt), Output::Srt, &[]);
        }
        Target::Dictionary => {
            let text = String::from_utf8_lossy(bytes);
            let mut dict = Dictionary::default();
            // The dictionary's own passes; the artifact lists (slow to
            // compile in a debug build) are the transcript targets' job.
            let options = transcrub::Options {
                remove_artifacts: false,
                ..transcrub::Options::default()
            };
            if dict.add_toml(&text, Path::new("fuzz.toml")).is_ok()
                && let Ok(cleaner) = Cleaner::with_options(dict, options)
            {
                let t = parse(
                    "1\n00:00:01,000 --> 00:00:02,000\nla stick search avec Lama\n",
                    Format::Srt,
                    Mode::Lossy,
                )
                .unwrap();
                let _ = cleaner.clean(t.transcript);
            }
        }
        Target::Config => {
            let text = String::from_utf8_lossy(bytes);
            let _ = Config::parse(&text, Path::new("transcrub.toml"));
        }
    }
}

/// splitmix64: small, fast, and replayable from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Tokens that matter to some reader's structure.
const TOKENS: &[&[u8]] = &[
    b"-->",
    b" --> ",
    b"->",
    b"\n",
    b"\r",
    b"\r\n",
    b"\n\n",
    b"\0",
    b"\t",
    b"\x0b",
    b"\xef\xbb\xbf",
    b"\xe9",
    b"\xc3",
    b":",
    b",",
    b".",
    b"999999999999999:",
    b"99:59:59,999",
    b"00:00:00,000",
    b"00:00.000",
    b"18446744073709551615",
    b"-1",
    b"1e308",
    b"-0.5",
    b"NaN",
    b"<",
    b">",
    b"<i>",
    b"</i>",
    b"<v Alice>",
    b"<00:00:01.000>",
    b"&amp;",
    b"&",
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b"\\",
    b"=",
    b"WEBVTT",
    b"NOTE",
    b"STYLE",
    b"[[term]]\ncanonical = \"",
    b"variants = [\"",
    b"\"]\n",
    b"drop_lines = [\"(a+)+$\"]\n",
    b"Sous-titres r\xc3\xa9alis\xc3\xa9s par la communaut\xc3\xa9 d'Amara.org",
    b"Merci.",
    b"la stick search",
    b" ",
    b"0",
    b"9",
];

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(data.len() + 1);
        match rng.below(6) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] = rng.next() as u8;
            }
            1 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                data.splice(at..at, token.iter().copied());
            }
            2 if !data.is_empty() => {
                let end = (at + 1 + rng.below(64)).min(data.len());
                data.drain(at.min(end)..end);
            }
            3 if !data.is_empty() => {
                // A slice repeated: loops, long lines, many cues.
                let start = rng.below(data.len());
                let end = (start + 1 + rng.below(200)).min(data.len());
                let slice = data[start..end].to_vec();
                for _ in 0..1 + rng.below(20) {
                    data.splice(at..at, slice.iter().copied());
                }
            }
            4 => {
                let digits = format!("{}", rng.next() >> rng.below(64));
                data.splice(at..at, digits.into_bytes());
            }
            _ => {
                let token = TOKENS[rng.below(TOKENS.len())];
                let i = rng.below(data.len() + 1);
                data.splice(i..i, token.iter().copied());
            }
        }
    }
    data.truncate(200_000);
    data
}

fn seeds(target: Target) -> Vec<Vec<u8>> {
    let mut files = Vec::new();
    collect(&common::root("fixtures"), &mut files);
    collect(&common::root("dictionaries"), &mut files);
    let wanted = |p: &Path| {
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
        match target {
            // Console transcripts are .txt files: the console fixtures.
            Target::Transcript(Format::Console) => {
                p.parent().is_some_and(|d| d.ends_with("console"))
            }
            // Otter exports are .txt files too.
            Target::Transcript(Format::Otter) => p
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("otter")),
            // Every extension of the format: .dfxp, .json3, .ssa...
            Target::Transcript(f) => Format::from_extension(p) == Some(f) && !ext.is_empty(),
            Target::Dictionary => {
                ext == "toml" && !p.starts_with(common::root("dictionaries/line-breaks"))
            }
            Target::Config => false,
        }
    };
    let mut seeds: Vec<Vec<u8>> = files
        .iter()
        .filter(|p| wanted(p))
        .filter_map(|p| std::fs::read(p).ok())
        .filter(|b| b.len() < 100_000)
        .collect();
    if target == Target::Config {
        seeds.push(
            b"dictionaries = [\"show.toml\"]\nlanguage = \"fr\"\n\n[subtitles]\npreset = \"netflix-fr\"\nmax-line-chars = 42\nmax-cps = 17\nmin-duration = 833\n\n[lint]\nselect = [\"TR0\"]\nignore = [\"TR107\"]\nexclude = [\"drafts/**\"]\n\n[lint.severity]\nTR006 = \"error\"\n\n[lint.per-file-ignores]\n\"archive/**\" = [\"TR101\"]\n".to_vec(),
        );
    }
    seeds.push(Vec::new());
    seeds
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn fuzz(target: Target) {
    let seconds: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(4);
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    let corpus = seeds(target);
    let mut rng = Rng(seed);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut runs: u64 = 0;
    // Each seed as it is first, then mutations until the time is up.
    let mut inputs = corpus.clone().into_iter();
    while Instant::now() < deadline {
        let input = match inputs.next() {
            Some(input) => input,
            None => {
                let pick = rng.below(corpus.len());
                mutate(&mut rng, &corpus[pick])
            }
        };
        runs += 1;
        if catch_unwind(AssertUnwindSafe(|| exercise(target, &input))).is_err() {
            let path = save_crasher(target, &input);
            panic!(
                "{} reader panicked on run {runs} (FUZZ_SEED={seed}); input saved as {}",
                target.name(),
                path.display()
            );
        }
    }
    eprintln!(
        "fuzz {}: {runs} inputs in {seconds} s (FUZZ_SEED={seed})",
        target.name()
    );
    assert!(runs > 0, "the fuzzer ran nothing");
}

fn save_crasher(target: Target, input: &[u8]) -> PathBuf {
    let dir = common::root("fixtures/fuzz");
    std::fs::create_dir_all(&dir).unwrap();
    let hash = input.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let path = dir.join(format!("{}-{hash:016x}.bin", target.name()));
    std::fs::write(&path, input).unwrap();
    path
}

#[test]
fn fuzz_srt() {
    fuzz(Target::Transcript(Format::Srt));
}

#[test]
fn fuzz_vtt() {
    fuzz(Target::Transcript(Format::Vtt));
}

#[test]
fn fuzz_whisper_json() {
    fuzz(Target::Transcript(Format::Json));
}

#[test]
fn fuzz_tsv() {
    fuzz(Target::Transcript(Format::Tsv));
}

#[test]
fn fuzz_txt() {
    fuzz(Target::Transcript(Format::Txt));
}

#[test]
fn fuzz_console() {
    fuzz(Target::Transcript(Format::Console));
}

#[test]
fn fuzz_otter() {
    fuzz(Target::Transcript(Format::Otter));
}

#[test]
fn fuzz_ttml() {
    fuzz(Target::Transcript(Format::Ttml));
}

#[test]
fn fuzz_srv3() {
    fuzz(Target::Transcript(Format::Srv3));
}

#[test]
fn fuzz_ass() {
    fuzz(Target::Transcript(Format::Ass));
}

#[test]
fn fuzz_sbv() {
    fuzz(Target::Transcript(Format::Sbv));
}

#[test]
fn fuzz_dictionary_toml() {
    fuzz(Target::Dictionary);
}

#[test]
fn fuzz_transcrub_toml() {
    fuzz(Target::Config);
}

/// Every input that once made a reader panic, named `TARGET-HASH.bin`.
#[test]
fn crashers_stay_fixed() {
    let dir = common::root("fixtures/fuzz");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let Some(target) = name.split('-').next().and_then(Target::of_name) else {
            continue;
        };
        let input = std::fs::read(&path).unwrap();
        let outcome = catch_unwind(AssertUnwindSafe(|| exercise(target, &input)));
        assert!(outcome.is_ok(), "{} panics again", path.display());
    }
}
