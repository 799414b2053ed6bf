//! The least a word-level dictionary scan costs on this machine: every word
//! of the benchmark corpus lower-cased (ASCII only), hashed and looked up
//! in an open-addressed table of the dictionary's first words, one byte at
//! a time on one core. No Unicode folding, no elisions, no multi-word
//! check, no artifact search, no output: a floor under what `clean`'s
//! dictionary pass does, not a matcher (BENCHMARKS.md, "Fifty-second
//! round").
//!
//! ```sh
//! rustc -C opt-level=3 -o target/word_scan_floor bench/word_scan_floor.rs
//! target/word_scan_floor bench/data/corpus-100mb-s42-t10000-v50000/corpus.txt \
//!     bench/data/corpus-100mb-s42-t10000-v50000/variants.txt
//! ```

use std::time::Instant;

/// FNV-1a of the word in ASCII lower case; never 0, the table's empty slot.
fn hash_word(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3);
    }
    h | 1
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: word_scan_floor CORPUS VARIANTS");
        std::process::exit(2);
    }
    let corpus = std::fs::read(&args[1]).expect("the corpus");
    let variants = std::fs::read_to_string(&args[2]).expect("the variants");
    let mut table = vec![0u64; 1 << 18];
    let mask = table.len() - 1;
    for variant in variants.lines() {
        let first = variant.split(' ').next().unwrap_or("");
        let h = hash_word(first.as_bytes());
        let mut i = (h >> 40) as usize & mask;
        while table[i] != 0 && table[i] != h {
            i = (i + 1) & mask;
        }
        table[i] = h;
    }
    let started = Instant::now();
    let (mut words, mut hits) = (0u64, 0u64);
    let mut start = None;
    // A trailing byte that is no word's, so the last word is looked up too.
    for (i, &b) in corpus.iter().chain([b' '].iter()).enumerate() {
        let in_word = b.is_ascii_alphanumeric() || b >= 0x80 || b == b'\'' || b == b'-';
        match (in_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words += 1;
                let h = hash_word(&corpus[s..i]);
                let mut j = (h >> 40) as usize & mask;
                while table[j] != 0 {
                    if table[j] == h {
                        hits += 1;
                        break;
                    }
                    j = (j + 1) & mask;
                }
                start = None;
            }
            _ => {}
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let mb = corpus.len() as f64 / 1e6;
    println!(
        "{words} words, {hits} first words found, {seconds:.3} s for {mb:.1} MB ({:.0} MB/s)",
        mb / seconds
    );
}
