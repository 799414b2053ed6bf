//! Properties: what the writers write, the strict readers read back
//! unchanged (cleaning twice: tests/idempotence.rs).

use proptest::prelude::*;
use transcrub::read::{Mode, parse};
use transcrub::write::{Output, render};
use transcrub::{Cue, Format, Timestamp, Transcript};

/// A subtitle line: starts with a letter (a line of digits followed by a
/// timing line would be a different file), no line breaks.
fn line() -> impl Strategy<Value = String> {
    "[A-Za-zÉéàç][A-Za-z0-9éàç&<>'’,.?!« » -]{0,30}".prop_map(|s| s.trim_end().to_string())
}

fn cues() -> impl Strategy<Value = Vec<Cue>> {
    prop::collection::vec(
        (
            0u64..5_000,
            1u64..8_000,
            prop::collection::vec(line(), 1..3),
        ),
        1..12,
    )
    .prop_map(|specs| {
        let mut t = 0;
        specs
            .into_iter()
            .map(|(gap, duration, lines)| {
                let start = t + gap;
                t = start + duration;
                Cue::timed(Timestamp(start), Timestamp(t), lines.join("\n"), 0)
            })
            .collect()
    })
}

fn same_cues(a: &Transcript, b: &Transcript) -> Result<(), TestCaseError> {
    prop_assert_eq!(a.cues.len(), b.cues.len());
    for (x, y) in a.cues.iter().zip(&b.cues) {
        prop_assert_eq!((x.start, x.end, &x.text), (y.start, y.end, &y.text));
    }
    Ok(())
}

/// Writes the cues in `format` and reads them back strictly.
fn reads_back(cues: Vec<Cue>, format: Format) -> Result<(), TestCaseError> {
    let t = Transcript::new(format, cues);
    let written = render(&t, Output::from(format), &[]).unwrap();
    let back = parse(&written, format, Mode::Strict)
        .map_err(|e| TestCaseError::fail(format!("{e}\n{written}")))?;
    same_cues(&t, &back.transcript)
}

proptest! {
    #[test]
    fn srt_reads_back_what_it_writes(cues in cues()) {
        reads_back(cues, Format::Srt)?;
    }

    #[test]
    fn vtt_reads_back_what_it_writes(cues in cues()) {
        reads_back(cues, Format::Vtt)?;
    }
}

/// Words of a French transcript, punctuation and long words included.
fn transcript_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            "[a-zéè]{1,9}",
            "[A-Z][a-z]{2,8}",
            Just("?".to_string()),
            Just("!".to_string()),
            Just(":".to_string()),
            Just("«".to_string()),
            Just("»".to_string()),
            Just("42 %".to_string()),
            Just("le".to_string()),
            Just("\n".to_string()),
            Just("https://example.org/un/tres/long/chemin/de/fichier/episode.html".to_string()),
            "[a-z]{1,6}[.,]",
        ],
        1..120,
    )
    // A transcript starts with a word: a lone "»" has nowhere to go.
    .prop_map(|w| format!("Bon {}", w.join(" ")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the text, untimed input becomes subtitles that keep every
    /// character (spacing aside) and meet every limit.
    #[test]
    fn segmentation_keeps_the_text_and_meets_the_limits(text in transcript_text(), french in any::<bool>()) {
        use transcrub::segment::{Limits, Segmenter, width};
        let t = parse(&text, Format::Txt, Mode::Lossy).unwrap().transcript;
        let lang = if french { "fr" } else { "en" };
        let subtitles = Segmenter::builder().language(Some(lang)).build().segment(&t);
        let letters = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let out: String = subtitles.cues.iter().map(|c| letters(&c.lines.concat())).collect();
        prop_assert_eq!(out, letters(&text));
        let l = Limits::NETFLIX_FR;
        for cue in &subtitles.cues {
            prop_assert!(cue.lines.len() <= l.max_lines, "{:?}", cue.lines);
            for line in &cue.lines {
                prop_assert!(width(line) <= l.max_line_chars, "{:?}", line);
                prop_assert!(!line.starts_with(['?', '!', ':', '»', '%']), "{:?}", line);
            }
            let d = cue.end.0 - cue.start.0;
            prop_assert!(d >= l.min_duration_ms && d <= l.max_duration_ms, "{d}");
            prop_assert!(cue.chars() as f64 * 1000.0 / d as f64 <= l.max_cps + 0.01);
        }
        for w in subtitles.cues.windows(2) {
            prop_assert!(w[1].start.0 >= w[0].end.0 + l.min_gap_ms);
        }
    }
}
