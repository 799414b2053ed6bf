//! Criterion benchmarks of the hot paths: loading a large dictionary,
//! folding text, finding variants, and cleaning the user's own episode.
//! The corpus-scale comparison with ripgrep, typos and codespell is
//! bench/compare.sh; figures are in BENCHMARKS.md.

use std::fmt::Write;
use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use transcrub::dict::Folded;
use transcrub::read::{Mode, parse};
use transcrub::segment::Segmenter;
use transcrub::{Cleaner, Dictionary, ExactMatcher, Format};

/// A deterministic pseudo-random generator, so runs compare.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn syllables(&mut self, n: usize) -> String {
        const S: [&str; 16] = [
            "ka", "zo", "ri", "mu", "te", "lo", "vy", "xa", "pe", "qui", "dro", "bli", "sna",
            "gor", "wel", "fu",
        ];
        (0..n).map(|_| S[(self.next() % 16) as usize]).collect()
    }
}

/// 10,000 terms and 50,000 variants, a fifth of them two words long.
fn big_dictionary() -> (String, Vec<String>) {
    let mut rng = Lcg(42);
    let mut toml = String::new();
    let mut variants = Vec::new();
    for i in 0..10_000 {
        let _ = writeln!(toml, "[[term]]\ncanonical = \"Canon{i}\"");
        let vs: Vec<String> = (0..5)
            .map(|j| {
                let w = format!("{}{i}x{j}", rng.syllables(2));
                if j == 4 {
                    format!("{} {w}", rng.syllables(2))
                } else {
                    w
                }
            })
            .collect();
        let _ = writeln!(toml, "variants = {vs:?}");
        variants.extend(vs);
    }
    (toml, variants)
}

fn corpus(variants: &[String], lines: usize) -> String {
    let mut rng = Lcg(7);
    const WORDS: [&str; 12] = [
        "alors", "on", "a", "fait", "le", "test", "sur", "un", "cluster", "donc", "voilà", "c'est",
    ];
    let mut text = String::new();
    for i in 0..lines {
        for _ in 0..(5 + rng.next() % 10) {
            text.push_str(WORDS[(rng.next() % 12) as usize]);
            text.push(' ');
        }
        if i % 50 == 0 {
            text.push_str(&variants[(rng.next() as usize) % variants.len()]);
        }
        text.push_str(".\n");
    }
    text
}

fn benches(c: &mut Criterion) {
    let (toml, variants) = big_dictionary();
    c.bench_function("load 50k-variant dictionary", |b| {
        b.iter(|| {
            let mut d = Dictionary::default();
            d.add_toml(black_box(&toml), Path::new("big.toml")).unwrap();
            Cleaner::new(d).unwrap()
        })
    });

    let mut dict = Dictionary::default();
    dict.add_toml(&toml, Path::new("big.toml")).unwrap();
    let matcher = ExactMatcher::new(&dict).unwrap();
    let text = corpus(&variants, 20_000);
    let mut group = c.benchmark_group("1 MB transcript");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("fold", |b| b.iter(|| Folded::new(black_box(&text), false)));
    group.bench_function("find variants", |b| {
        b.iter(|| matcher.find(black_box(&text), false))
    });
    let cleaner = Cleaner::new(dict).unwrap();
    group.bench_function("clean (parse + passes)", |b| {
        b.iter(|| {
            cleaner.clean(
                parse(black_box(&text), Format::Txt, Mode::Lossy)
                    .unwrap()
                    .transcript,
            )
        })
    });
    group.finish();

    let seed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/mci-2025-02-07.txt"),
    )
    .unwrap();
    let podcast = Dictionary::load(&[Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("dictionaries/messages-a-caractere-informatique.toml")])
    .unwrap();
    let podcast = Cleaner::new(podcast).unwrap();
    c.bench_function("clean the episode", |b| {
        b.iter(|| {
            podcast.clean(
                parse(black_box(&seed), Format::Txt, Mode::Lossy)
                    .unwrap()
                    .transcript,
            )
        })
    });

    // Segmentation alone, on the cleaned episode (10,000 words) and on a
    // 1 MB transcript: tokens, break costs, the cue program, line layouts.
    let cleaned = podcast
        .clean(parse(&seed, Format::Txt, Mode::Lossy).unwrap().transcript)
        .transcript;
    let segmenter = Segmenter::builder()
        .language(Some("fr"))
        .terms(
            podcast
                .dictionary()
                .terms
                .iter()
                .map(|t| t.canonical.as_str()),
        )
        .build();
    c.bench_function("segment the episode into subtitles", |b| {
        b.iter(|| segmenter.segment(black_box(&cleaned)))
    });
    let big = parse(&text, Format::Txt, Mode::Lossy).unwrap().transcript;
    let mut group = c.benchmark_group("1 MB transcript");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("segment into subtitles", |b| {
        b.iter(|| segmenter.segment(black_box(&big)))
    });
    group.finish();
}

criterion_group!(engine, benches);
criterion_main!(engine);
