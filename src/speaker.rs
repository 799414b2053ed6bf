//! Speakers as data: who speaks in a cue, read from the conventions of
//! formats that write it in the text (WebVTT `<v Alice>`, the `[SPEAKER_00]: `
//! prefix WhisperX and whisper-ctranslate2 put in SRT, VTT and TXT, the
//! `Alice Martin: ` that Zoom puts before every cue of its WebVTT
//! transcripts), and written back in the convention the user asks for.
//! Formats with a field of their own (JSON, TTML `ttm:agent`, ASS `Name`)
//! are read and written by their readers and writers.
//!
//! A speaker found in the text is not removed from it: the text stays as
//! written, so nothing is lost and files come back as they were. Only
//! subtitles, which show the speaker their own way, leave the label out
//! of what they show ([`label_len`]).

use std::sync::LazyLock;

use regex::Regex;

use crate::format::Format;
use crate::transcript::{Cue, Transcript};
use crate::write::Output;

/// `<v Alice>` or `<v.loud Alice>` (WebVTT voice span).
static VOICE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<v(?:\.[^\s>]+)*[ \t]+([^>\n]+)>").expect("voice pattern"));

/// `[SPEAKER_00]: ` at the start of a cue (WhisperX `--diarize`,
/// whisper-ctranslate2 `--hf_token`). The colon is required: `[Musique]`
/// and `[Applause]` are sounds, not speakers.
static BRACKETS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[([^\]\n]{1,40})\]:[ \t]").expect("bracket pattern"));

/// `Alice Martin: ` at the start of a cue, as Zoom writes every cue of a
/// transcript: a name of at most five words and 48 characters, then a colon and
/// a space. Alone it names no one ("Note: ", "Bref: "): only when nearly
/// every cue of a WebVTT file opens so (`detect`).
static COLON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([^\s:<>\[\]?!;,][^:\n<>\[\]?!;,]{0,47}): +\S").expect("colon pattern")
});

/// Of the cues of a WebVTT file with text, how many may open with no
/// colon label for the labels to be read as speakers: Zoom labels nearly
/// every cue, but leaves a label out now and then (26 of 928 cues of one
/// real transcript, a lone "Hmm." in another), so one cue in ten, or one
/// in a short file.
const COLON_UNLABELLED_PER_10: usize = 1;

/// How speakers are written where the format has no field for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum SpeakerStyle {
    /// As the output format holds them: WebVTT `<v Name>`, JSON, TTML and
    /// ASS fields; nothing is added to SRT or plain text.
    #[default]
    Native,
    /// `[Name]: ` before the text of each cue (WhisperX's convention).
    Brackets,
    /// A dialogue dash, `- `, before a cue whose speaker is not the one
    /// before it.
    Dash,
}

impl SpeakerStyle {
    /// The style that loses no speaker when none is asked: a file written
    /// in its own format names them as it did, and a transcript converted
    /// to a format with no field for them gets `[Name]: ` before each cue,
    /// as WhisperX's own text and SRT writers write its speakers.
    pub fn keeping(source: Format, output: Output) -> SpeakerStyle {
        // A recogniser's or a meeting's transcript (JSON, Otter, Teams and
        // Zoom WebVTT). A subtitle script's names (ASS actors, TTML agents)
        // were never on screen: its SRT shows none, as before.
        let transcript = matches!(source, Format::Json | Format::Otter | Format::Vtt);
        match output {
            _ if Output::from(source) == output => SpeakerStyle::Native,
            Output::Txt | Output::Tsv | Output::Console => SpeakerStyle::Brackets,
            Output::Srt if transcript => SpeakerStyle::Brackets,
            // Nor SBV: to ffmpeg's SubViewer reader a line that opens on
            // `[` is a header, and it drops the line.
            _ => SpeakerStyle::Native,
        }
    }
}

/// The speaker a cue's text names, if it follows a known convention.
pub fn named_in(text: &str) -> Option<&str> {
    // Both patterns name a speaker only at the start of the text: most
    // cues are ruled out without running either.
    if !(text.starts_with('[') || text.trim_start().starts_with("<v")) {
        return None;
    }
    if let Some(name) = bracket_label(text) {
        return Some(name);
    }
    VOICE
        .captures(text)
        .filter(|c| {
            c.get(0)
                .is_some_and(|m| m.start() == 0 || text[..m.start()].trim().is_empty())
        })
        .and_then(|c| c.get(1))
        .map(|n| n.as_str().trim())
}

/// The name a `[Name]: ` label at the start of `text` gives, if any.
fn bracket_label(text: &str) -> Option<&str> {
    if !text.starts_with('[') {
        return None;
    }
    let name = BRACKETS.captures(text)?.get(1)?;
    Some(name.as_str().trim())
}

/// The name a Zoom-style label (`Alice Martin: `) gives at the start of
/// `text`, if it has the shape of one.
fn colon_label(text: &str) -> Option<&str> {
    let name = COLON.captures(text)?.get(1)?.as_str();
    let words = name.split(' ').count();
    (name.trim_end() == name && words <= 5).then_some(name)
}

/// Sets each cue's speaker from its text, where the reader found none.
pub fn detect(transcript: &mut Transcript) {
    if !matches!(
        transcript.format,
        Format::Srt | Format::Vtt | Format::Txt | Format::Console | Format::Tsv | Format::Sbv
    ) {
        return;
    }
    for cue in &mut transcript.cues {
        if cue.speaker.is_none() {
            cue.speaker = named_in(&cue.text).map(str::to_string);
        }
    }
    // WebVTT is always read whole, so the whole file is the evidence:
    // formats read a piece at a time would judge each piece apart.
    if transcript.format == Format::Vtt && colon_labelled(&transcript.cues) {
        for cue in &mut transcript.cues {
            if cue.speaker.is_none() {
                cue.speaker = colon_label(&cue.text).map(str::to_string);
            }
        }
    }
}

/// Whether nearly every cue with text opens with a colon label, and the
/// labels are a few names said again and again: Zoom's transcript, whose
/// labels are then speakers. Three cues at least, each name opening two
/// on average, so that a "Note: " or two are never speakers.
fn colon_labelled(cues: &[Cue]) -> bool {
    let with_text = cues.iter().filter(|c| !c.text.trim().is_empty());
    let mut names = std::collections::HashSet::new();
    let (mut unlabelled, mut labelled) = (0, 0);
    for cue in with_text {
        match colon_label(&cue.text).filter(|_| cue.speaker.is_none()) {
            Some(name) => {
                labelled += 1;
                names.insert(name);
            }
            None => unlabelled += 1,
        }
    }
    let few_unlabelled =
        unlabelled <= 1 || unlabelled * 10 <= (labelled + unlabelled) * COLON_UNLABELLED_PER_10;
    labelled >= 3 && names.len() * 2 <= labelled && few_unlabelled
}

/// The cue's text less the label that names its speaker, if it opens
/// with one: what is said, for measures of what is said (its length, its
/// words), which a name written before every cue would swell.
pub fn unlabelled(cue: &Cue) -> &str {
    let label = cue
        .speaker
        .as_deref()
        .and_then(|speaker| label_len(&cue.text, speaker));
    &cue.text[label.unwrap_or(0)..]
}

/// The bytes of the label naming `speaker` that opens `text`, with the
/// spaces after it: `[Alice]: ` or `Alice: `. A WebVTT voice tag is
/// markup, which what a subtitle shows leaves out already.
pub fn label_len(text: &str, speaker: &str) -> Option<usize> {
    let rest = text
        .strip_prefix('[')
        .and_then(|t| t.strip_prefix(speaker))
        .and_then(|t| t.strip_prefix("]:"))
        .or_else(|| text.strip_prefix(speaker)?.strip_prefix(':'))?;
    let after = rest.trim_start_matches([' ', '\t']);
    (after.len() < rest.len()).then_some(text.len() - after.len())
}

/// Whether `text` still names its speaker once written as `output`: a
/// WebVTT voice tag is markup, which only a WebVTT writer keeps (the others
/// leave it out, and a Teams turn would lose its speaker).
fn names_in_output(text: &str, output: Output) -> bool {
    match output {
        Output::Vtt => named_in(text).is_some(),
        _ => bracket_label(text).is_some(),
    }
}

/// Writes each cue's speaker into its text in `style`, for an output
/// without a speaker field, unless the text already names one.
pub fn label(transcript: &mut Transcript, output: Output, style: SpeakerStyle) {
    let in_text = match (output, style) {
        (Output::Vtt, SpeakerStyle::Native) => Some(SpeakerStyle::Native),
        (Output::Json | Output::Model | Output::Ttml | Output::Ass | Output::Srv3, _) => None,
        (_, SpeakerStyle::Native) => None,
        (_, style) => Some(style),
    };
    let Some(style) = in_text else { return };
    let mut previous: Option<String> = None;
    for cue in &mut transcript.cues {
        let Some(speaker) = cue.speaker.clone() else {
            previous = None;
            continue;
        };
        let changed = previous.as_deref().is_some_and(|p| p != speaker);
        previous = Some(speaker.clone());
        if names_in_output(&cue.text, output)
            || label_len(&cue.text, &speaker).is_some()
            || cue.text.trim_start().starts_with('-')
        {
            continue;
        }
        // Whisper's space before a segment's text would stand after the
        // label ("<v A> Bonjour", "[A]:  Bonjour").
        let text = cue.text.trim_start_matches(' ');
        match style {
            SpeakerStyle::Native => cue.text = format!("<v {speaker}>{text}"),
            SpeakerStyle::Brackets => cue.text = format!("[{speaker}]: {text}"),
            SpeakerStyle::Dash if changed => cue.text = format!("- {text}"),
            SpeakerStyle::Dash => {}
        }
        // The text moved; its file places no longer apply.
        cue.places = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conventions_in_the_text() {
        assert_eq!(named_in("[SPEAKER_01]: Bonjour"), Some("SPEAKER_01"));
        assert_eq!(named_in("<v Horacio>Bonjour"), Some("Horacio"));
        assert_eq!(
            named_in("<v.loud Dr. Ada Lovelace>Hello"),
            Some("Dr. Ada Lovelace")
        );
        assert_eq!(named_in("[Musique]"), None);
        assert_eq!(named_in("[Applause] and then"), None);
        assert_eq!(named_in("et puis <v Bob>x"), None);
    }

    fn transcript(speakers: &[Option<&str>]) -> Transcript {
        let cues = speakers
            .iter()
            .map(|s| Cue {
                speaker: s.map(str::to_string),
                ..Cue::untimed("oui", 1)
            })
            .collect();
        Transcript::new(Format::Json, cues)
    }

    #[test]
    fn styles() {
        let speakers = [Some("A"), Some("A"), Some("B"), None];
        let texts = |output, style| {
            let mut t = transcript(&speakers);
            label(&mut t, output, style);
            t.cues.into_iter().map(|c| c.text).collect::<Vec<_>>()
        };
        assert_eq!(
            texts(Output::Vtt, SpeakerStyle::Native),
            ["<v A>oui", "<v A>oui", "<v B>oui", "oui"]
        );
        assert_eq!(texts(Output::Srt, SpeakerStyle::Native), ["oui"; 4]);
        assert_eq!(
            texts(Output::Srt, SpeakerStyle::Brackets),
            ["[A]: oui", "[A]: oui", "[B]: oui", "oui"]
        );
        assert_eq!(
            texts(Output::Txt, SpeakerStyle::Dash),
            ["oui", "oui", "- oui", "oui"]
        );
        assert_eq!(texts(Output::Json, SpeakerStyle::Brackets), ["oui"; 4]);
    }

    #[test]
    fn a_voice_names_its_speaker_only_where_it_is_kept() {
        let mut t = transcript(&[Some("A"), Some("B")]);
        t.cues[0].text = "<v A>oui</v>".into();
        t.cues[1].text = "[B]: non".into();
        let texts = |output, style| {
            let mut t = t.clone();
            label(&mut t, output, style);
            t.cues.into_iter().map(|c| c.text).collect::<Vec<_>>()
        };
        assert_eq!(
            texts(Output::Srt, SpeakerStyle::Brackets),
            ["[A]: <v A>oui</v>", "[B]: non"]
        );
        assert_eq!(
            texts(Output::Vtt, SpeakerStyle::Brackets),
            ["<v A>oui</v>", "[B]: non"]
        );
    }

    #[test]
    fn by_default_a_conversion_keeps_its_speakers_in_the_text() {
        let keeping = SpeakerStyle::keeping;
        assert_eq!(keeping(Format::Json, Output::Srt), SpeakerStyle::Brackets);
        assert_eq!(keeping(Format::Vtt, Output::Txt), SpeakerStyle::Brackets);
        assert_eq!(keeping(Format::Otter, Output::Tsv), SpeakerStyle::Brackets);
        assert_eq!(keeping(Format::Json, Output::Vtt), SpeakerStyle::Native);
        assert_eq!(keeping(Format::Json, Output::Sbv), SpeakerStyle::Native);
        // A subtitle script's actors: in its text, not on screen.
        assert_eq!(keeping(Format::Ass, Output::Txt), SpeakerStyle::Brackets);
        assert_eq!(keeping(Format::Ass, Output::Srt), SpeakerStyle::Native);
        assert_eq!(keeping(Format::Ttml, Output::Srt), SpeakerStyle::Native);
        // In its own format, as it was.
        assert_eq!(keeping(Format::Srt, Output::Srt), SpeakerStyle::Native);
        assert_eq!(keeping(Format::Txt, Output::Txt), SpeakerStyle::Native);
    }

    fn vtt(texts: &[&str]) -> Transcript {
        let cues = texts.iter().map(|&t| Cue::untimed(t, 1)).collect();
        let mut t = Transcript::new(Format::Vtt, cues);
        detect(&mut t);
        t
    }

    fn speakers(t: &Transcript) -> Vec<Option<&str>> {
        t.cues.iter().map(|c| c.speaker.as_deref()).collect()
    }

    #[test]
    fn zoom_labels_are_speakers_when_nearly_every_cue_has_one() {
        // Zoom's shape: a few names, again and again; one cue unlabelled.
        let t = vtt(&[
            "Marie Dupont: Bonjour à tous.",
            "iPad de Karim: Oui.",
            "Hmm.",
            "Marie Dupont: On commence.",
            "Dr. K. Benali: Parfait.",
            "Marie Dupont: Merci.",
            "iPad de Karim: Bien.",
        ]);
        assert_eq!(
            speakers(&t),
            [
                Some("Marie Dupont"),
                Some("iPad de Karim"),
                None,
                Some("Marie Dupont"),
                Some("Dr. K. Benali"),
                Some("Marie Dupont"),
                Some("iPad de Karim"),
            ]
        );
        // The text stays as written.
        assert_eq!(t.cues[0].text, "Marie Dupont: Bonjour à tous.");
    }

    #[test]
    fn colons_in_ordinary_text_name_no_one() {
        // Two cues of three open so: too few to be labels.
        let t = vtt(&["Note: on coupe ici.", "Bref: la suite.", "Et voilà."]);
        assert_eq!(speakers(&t), [None; 3]);
        // Every cue a different word before a colon: no names said again.
        let t = vtt(&["Alors: oui.", "Donc: non.", "Bref: fin.", "Enfin: voilà."]);
        assert_eq!(speakers(&t), [None; 4]);
        // Half the cues without a label.
        let t = vtt(&[
            "A: un.",
            "deux.",
            "A: trois.",
            "quatre.",
            "A: cinq.",
            "six.",
        ]);
        assert_eq!(speakers(&t), [None; 6]);
        // A sentence is no name: six words, a comma, a question mark.
        for text in [
            "Ce que je veux dire au fond: oui.",
            "Bon, alors: oui.",
            "Pourquoi?: oui.",
        ] {
            let t = vtt(&[text, text, text]);
            assert_eq!(speakers(&t), [None; 3], "{text}");
        }
        // Only WebVTT, read whole, is judged: SRT is read a piece at a time.
        let cues = ["A: un.", "A: deux.", "A: trois."].map(|t| Cue::untimed(t, 1));
        let mut t = Transcript::new(Format::Srt, cues.to_vec());
        detect(&mut t);
        assert_eq!(speakers(&t), [None; 3]);
    }

    #[test]
    fn the_label_of_the_cues_own_speaker_is_measured() {
        assert_eq!(label_len("[SPEAKER_00]: oui", "SPEAKER_00"), Some(14));
        assert_eq!(label_len("Marie Dupont:  oui", "Marie Dupont"), Some(15));
        // Another speaker's label, or none, is text.
        assert_eq!(label_len("[SPEAKER_01]: oui", "SPEAKER_00"), None);
        assert_eq!(label_len("Marie: oui", "Marie Dupont"), None);
        // A colon with no space after it is no label ("Marie:oui").
        assert_eq!(label_len("Marie:oui", "Marie"), None);
        let cue = Cue {
            speaker: Some("Marie".into()),
            ..Cue::untimed("Marie: oui, Marie: non", 1)
        };
        assert_eq!(unlabelled(&cue), "oui, Marie: non");
    }

    #[test]
    fn a_text_that_names_its_speaker_is_left_alone() {
        let mut t = transcript(&[Some("SPEAKER_00")]);
        t.cues[0].text = "[SPEAKER_00]: oui".into();
        label(&mut t, Output::Vtt, SpeakerStyle::Native);
        assert_eq!(t.cues[0].text, "[SPEAKER_00]: oui");
    }

    #[test]
    fn whispers_space_before_the_text_does_not_follow_the_label() {
        for (style, output, expected) in [
            (SpeakerStyle::Native, Output::Vtt, "<v A>oui"),
            (SpeakerStyle::Brackets, Output::Srt, "[A]: oui"),
            (SpeakerStyle::Dash, Output::Srt, "- oui"),
        ] {
            let cues = [Some("B"), Some("A")]
                .iter()
                .map(|s| Cue {
                    speaker: s.map(str::to_string),
                    ..Cue::untimed(" oui", 1)
                })
                .collect();
            let mut t = Transcript::new(Format::Json, cues);
            label(&mut t, output, style);
            assert_eq!(t.cues[1].text, expected, "{style:?}");
        }
    }
}
