//! Speakers as data: who speaks in a cue, read from the conventions of
//! formats that write it in the text (WebVTT `<v Alice>`, the `[SPEAKER_00]: `
//! prefix WhisperX and whisper-ctranslate2 put in SRT, VTT and TXT), and
//! written back in the convention the user asks for. Formats with a field
//! of their own (JSON, TTML `ttm:agent`, ASS `Name`) are read and written by
//! their readers and writers.
//!
//! A speaker found in the text is not removed from it: the text stays as
//! written, so nothing is lost and files come back as they were.

use std::sync::LazyLock;

use regex::Regex;

use crate::format::Format;
use crate::transcript::Transcript;
use crate::write::Output;

/// `<v Alice>` or `<v.loud Alice>` (WebVTT voice span).
static VOICE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<v(?:\.[^\s>]+)*[ \t]+([^>\n]+)>").expect("voice pattern"));

/// `[SPEAKER_00]: ` at the start of a cue (WhisperX `--diarize`,
/// whisper-ctranslate2 `--hf_token`). The colon is required: `[Musique]`
/// and `[Applause]` are sounds, not speakers.
static BRACKETS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[([^\]\n]{1,40})\]:[ \t]").expect("bracket pattern"));

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

/// The speaker a cue's text names, if it follows a known convention.
pub fn named_in(text: &str) -> Option<&str> {
    // Both patterns name a speaker only at the start of the text: most
    // cues are ruled out without running either.
    if !(text.starts_with('[') || text.trim_start().starts_with("<v")) {
        return None;
    }
    if let Some(m) = BRACKETS.captures(text) {
        return m.get(1).map(|n| n.as_str().trim());
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
        if named_in(&cue.text).is_some() || cue.text.trim_start().starts_with('-') {
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
    use crate::transcript::Cue;

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
