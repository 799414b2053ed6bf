//! The cloud speech APIs' JSON (Deepgram, AssemblyAI, AWS Transcribe,
//! Google Speech-to-Text v1 and v2, Azure Speech batch, Rev.ai,
//! Speechmatics): what each reader makes of the fixtures in
//! fixtures/formats, the values checked by hand against the files and
//! their MANIFEST.md sections; the broken fixtures fail where MANIFEST.md
//! says; and the shapes the fixtures do not have (Deepgram utterances,
//! AssemblyAI without speakers, AWS without audio segments, Azure display
//! words, Rev.ai's `speaker_name`, Speechmatics's channels and entities
//! beside their words) are corrected in every copy.

mod common;

use common::read_fixture;
use transcrub::read::Mode;
use transcrub::{Cue, Transcript};

fn read(file: &str) -> Transcript {
    read_fixture(&format!("formats/{file}"), Mode::Strict)
        .unwrap_or_else(|e| panic!("{file}: {e}"))
        .transcript
}

fn times(cue: &Cue) -> (u64, u64) {
    (cue.start.unwrap().0, cue.end.unwrap().0)
}

fn speakers(t: &Transcript) -> Vec<Option<&str>> {
    t.cues.iter().map(|c| c.speaker.as_deref()).collect()
}

fn word_counts(t: &Transcript) -> Vec<usize> {
    t.cues.iter().map(|c| c.words.len()).collect()
}

/// Runs of equal word speakers over the whole file: (speaker, words).
fn speaker_turns(t: &Transcript) -> Vec<(String, usize)> {
    let mut turns: Vec<(String, usize)> = Vec::new();
    for w in t.cues.iter().flat_map(|c| &c.words) {
        let who = w.speaker.clone().unwrap_or_default();
        match turns.last_mut() {
            Some((last, n)) if *last == who => *n += 1,
            _ => turns.push((who, 1)),
        }
    }
    turns
}

const WELCOME: &str = "Welcome back to Stack Notes, I'm Dana and with me as always is Sam.";
const THATS_ALL: &str = "That's all for today, thanks for listening.";
const BONJOUR: &str =
    "Bonjour à toutes et à tous, bienvenue dans Silicium, le podcast qui démonte les machines.";
const MERCI: &str = "Merci Inès, on se retrouve la semaine prochaine.";

#[test]
fn deepgram_sentences_are_cues_with_their_paragraphs_speaker() {
    let t = read("deepgram-en-diarize.json");
    // No utterances in the response: the 12 sentences of the 9
    // paragraphs are the cues.
    assert_eq!(t.cues.len(), 12);
    assert_eq!(times(&t.cues[0]), (505, 5427));
    assert_eq!(t.cues[0].text, WELCOME);
    assert_eq!(times(&t.cues[11]), (44022, 47117));
    assert_eq!(t.cues[11].text, THATS_ALL);
    assert_eq!(t.cues[1].text, "Hi everyone.");
    let (dana, sam) = (Some("0"), Some("1"));
    assert_eq!(
        speakers(&t),
        [
            dana, sam, sam, dana, sam, dana, sam, sam, dana, dana, sam, dana
        ]
    );
    // Each sentence has the words that start in it: 99 in all.
    assert_eq!(word_counts(&t), [14, 2, 10, 11, 15, 10, 1, 11, 1, 7, 10, 7]);
    let first = &t.cues[0].words[0];
    assert_eq!(first.text, "Welcome");
    assert_eq!(first.speaker.as_deref(), Some("0"));
    assert_eq!((first.start.unwrap().0, first.end.unwrap().0), (505, 1055));
    // words[35] is "cubernetes" / "Cubernetes,": the text is punctuated.
    assert!(t.cues[3].words.iter().any(|w| w.text == "Cubernetes,"));
    assert!(
        t.cues
            .iter()
            .flat_map(|c| &c.words)
            .all(|w| w.end.is_some())
    );
}

#[test]
fn assemblyai_utterances_are_cues() {
    let t = read("assemblyai-fr-speakers.json");
    assert_eq!(t.cues.len(), 14);
    assert_eq!(times(&t.cues[0]), (500, 7090));
    assert_eq!(t.cues[0].text, BONJOUR);
    assert_eq!(times(&t.cues[13]), (75010, 78570));
    assert_eq!(t.cues[13].text, MERCI);
    let (a, b, c) = (Some("A"), Some("B"), Some("C"));
    assert_eq!(speakers(&t), [a, b, c, a, c, b, c, a, c, b, c, a, c, b]);
    assert_eq!(
        word_counts(&t),
        [15, 13, 9, 11, 12, 7, 15, 8, 18, 12, 10, 11, 11, 8]
    );
    // utterances[4].words[6] is "Cubernetes" (MANIFEST.md 1:20723).
    let w = &t.cues[4].words[6];
    assert_eq!(w.text, "Cubernetes");
    assert_eq!(w.speaker.as_deref(), Some("C"));
}

#[test]
fn aws_audio_segments_are_cues_and_items_their_words() {
    let t = read("aws-transcribe-en-speakers.json");
    assert_eq!(t.cues.len(), 9);
    assert_eq!(times(&t.cues[0]), (500, 5420));
    assert_eq!(t.cues[0].text, WELCOME);
    assert_eq!(times(&t.cues[8]), (44020, 47110));
    assert_eq!(t.cues[8].text, THATS_ALL);
    let (s0, s1) = (Some("spk_0"), Some("spk_1"));
    assert_eq!(speakers(&t), [s0, s1, s0, s1, s0, s1, s0, s1, s0]);
    // The items each segment names: 120, 21 of them punctuation, untimed.
    assert_eq!(word_counts(&t), [16, 14, 14, 18, 12, 14, 11, 12, 9]);
    let words: Vec<_> = t.cues.iter().flat_map(|c| &c.words).collect();
    assert_eq!(words.iter().filter(|w| w.start.is_none()).count(), 21);
    let notes: Vec<&str> = t.cues[0].words[3..6]
        .iter()
        .map(|w| w.text.as_str())
        .collect();
    assert_eq!(notes, ["Stack", "Notes", ","]);
    // Item 66 "Elastic" 25.44 -> 26.0, confidence "0.929".
    let elastic = words.iter().find(|w| w.text == "Elastic").unwrap();
    assert_eq!(
        (elastic.start.unwrap().0, elastic.end.unwrap().0),
        (25440, 26000)
    );
    assert_eq!(elastic.probability, Some(0.929));
}

/// Google v1 and v2: seven results with text, and the eighth that repeats
/// every word with its speaker (1 Claire, 2 Malik, 3 Inès).
fn check_google(t: &Transcript) {
    assert_eq!(t.cues.len(), 7);
    assert_eq!(times(&t.cues[0]), (500, 13580));
    assert_eq!(
        t.cues[0].text,
        format!(
            "{BONJOUR} Aujourd'hui on reçoit Inès, qui fait tourner des modèles de langue en production."
        )
    );
    assert_eq!(times(&t.cues[6]), (69780, 78570));
    assert_eq!(
        t.cues[6].text,
        format!("Pie Torch partout, avec les poids qu'on récupère sur Hugging Fèce. {MERCI}")
    );
    assert_eq!(word_counts(t), [28, 20, 19, 23, 30, 21, 19]);
    // Every result holds two speakers' words: no cue has one speaker.
    assert!(speakers(t).iter().all(Option::is_none));
    let turns = [
        (1, 15),
        (2, 13),
        (3, 9),
        (1, 11),
        (3, 12),
        (2, 7),
        (3, 15),
        (1, 8),
        (3, 18),
        (2, 12),
        (3, 10),
        (1, 11),
        (3, 11),
        (2, 8),
    ]
    .map(|(who, n)| (format!("{who}"), n));
    assert_eq!(speaker_turns(t), turns);
    // results[2] words[6]: "Cubernetes" 26.570s -> 27.230s.
    let w = &t.cues[2].words[6];
    assert_eq!(
        (w.text.as_str(), w.start.unwrap().0, w.end.unwrap().0),
        ("Cubernetes", 26570, 27230)
    );
}

#[test]
fn google_v1_results_are_cues_with_the_last_results_speakers() {
    check_google(&read("google-stt-v1-fr-diarize.json"));
}

#[test]
fn google_v2_results_are_cues_with_the_last_results_speakers() {
    check_google(&read("google-stt-v2-fr-batch.json"));
}

#[test]
fn azure_phrases_are_cues_with_display_text() {
    let t = read("azure-batch-fr-diarize.json");
    assert_eq!(t.cues.len(), 14);
    assert_eq!(times(&t.cues[0]), (500, 7090));
    assert_eq!(t.cues[0].text, BONJOUR);
    assert_eq!(times(&t.cues[13]), (75010, 78570));
    assert_eq!(t.cues[13].text, MERCI);
    // "PT1M4.27S" past one minute: from the ticks, 642700000.0.
    assert_eq!(times(&t.cues[11]).0, 64270);
    let (one, two, three) = (Some("1"), Some("2"), Some("3"));
    assert_eq!(
        speakers(&t),
        [
            one, two, three, one, three, two, three, one, three, two, three, one, three, two
        ]
    );
    // The lexical words, but for those the display writes as digits:
    // "quarante pour cent" (40 %) and "deux mille vingt-quatre" (2024).
    assert_eq!(
        word_counts(&t),
        [15, 13, 9, 11, 12, 7, 15, 7, 17, 12, 10, 11, 11, 8]
    );
    // Spelled as the display spells them: "carpathy" is "Carpathy".
    let w = &t.cues[9].words[6];
    assert_eq!(w.text, "Carpathy");
    assert!(!t.cues[7].words.iter().any(|w| w.text == "quarante"));
}

#[test]
fn revai_monologues_are_cues_and_their_elements_words() {
    let t = read("revai-fr-monologues.json");
    assert_eq!(t.cues.len(), 3);
    // The cue lasts from the first element's `ts` to the last `end_ts`;
    // punctuation and spaces have none.
    assert_eq!(
        t.cues.iter().map(times).collect::<Vec<_>>(),
        [(500, 7200), (7800, 12020), (12600, 17000)]
    );
    assert_eq!(speakers(&t), [Some("0"), Some("1"), Some("0")]);
    // The elements' values end to end, but for the space after the last
    // word of the first monologue and, in the second, the `<unknown>`
    // element with the space before it.
    let texts: Vec<&str> = t.cues.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Bonjour à toutes et à tous, bienvenue dans Silicium. Aujourd'hui, Inès nous parle de la stick search sur Cubernetes.",
            "Oui, on indexe tout dans la stick search, trois nœuds, et ça tient.",
            "Merci Inès, on se retrouve la semaine prochaine pour parler de Pie Torch et de Hugging Fèce.",
        ]
    );
    // Words: the text elements (19, 13, 17) and the punctuation that is
    // not a space (4, 4, 2), each with the spaces before it.
    assert_eq!(word_counts(&t), [23, 17, 19]);
    for cue in &t.cues {
        let spelled: String = cue.words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(spelled, cue.text);
    }
    let words: Vec<_> = t.cues.iter().flat_map(|c| &c.words).collect();
    assert_eq!(words.iter().filter(|w| w.start.is_none()).count(), 10);
    let stick = &t.cues[0].words[18];
    assert_eq!(stick.text, " stick");
    assert_eq!(
        (
            stick.start.unwrap().0,
            stick.end.unwrap().0,
            stick.probability
        ),
        (5520, 5860, Some(0.48))
    );
    assert_eq!(t.cues[0].words[19].text, " search");
    assert_eq!(t.cues[0].words[6].text, ",");
    assert_eq!(t.cues[0].words[6].start, None);
    // After the unknown element: " trois", 10.42 -> 10.7.
    let trois = &t.cues[1].words[10];
    assert_eq!(
        (
            trois.text.as_str(),
            trois.start.unwrap().0,
            trois.end.unwrap().0
        ),
        (" trois", 10420, 10700)
    );
}

/// Rev.ai monologues as inline JSON: a `speaker_name`, an unknown element
/// between two words, and a credit said as a monologue of its own.
const REVAI_CREDIT: &str = r#"{"monologues":[{"speaker":0,"speaker_name":"Claire","elements":[{"type":"text","value":"On","ts":0.5,"end_ts":0.7,"confidence":0.98},{"type":"punct","value":" "},{"type":"text","value":"utilise","ts":0.7,"end_ts":1.1,"confidence":0.95},{"type":"punct","value":" "},{"type":"unknown","value":"<unknown>","ts":1.1,"end_ts":1.3},{"type":"punct","value":" "},{"type":"text","value":"Pie","ts":1.3,"end_ts":1.5,"confidence":0.61},{"type":"punct","value":" "},{"type":"text","value":"Torch","ts":1.5,"end_ts":1.9,"confidence":0.64},{"type":"punct","value":"."}]},{"speaker":1,"elements":[{"type":"text","value":"Sous-titres","ts":2.5,"end_ts":3.0,"confidence":0.9},{"type":"punct","value":" "},{"type":"text","value":"réalisés","ts":3.0,"end_ts":3.4,"confidence":0.9},{"type":"punct","value":" "},{"type":"text","value":"par","ts":3.4,"end_ts":3.5,"confidence":0.9},{"type":"punct","value":" "},{"type":"text","value":"la","ts":3.5,"end_ts":3.6,"confidence":0.9},{"type":"punct","value":" "},{"type":"text","value":"communauté","ts":3.6,"end_ts":4.1,"confidence":0.9},{"type":"punct","value":" "},{"type":"text","value":"d'Amara.org","ts":4.1,"end_ts":4.9,"confidence":0.9}]}]}"#;

#[test]
fn revai_speaker_names_unknown_elements_and_removed_monologues() {
    let t = transcrub::read::parse(REVAI_CREDIT, transcrub::Format::Json, Mode::Strict)
        .unwrap()
        .transcript;
    assert_eq!(speakers(&t), [Some("Claire"), Some("1")]);
    // The unknown element is no word, but its times are the cue's.
    assert_eq!(t.cues[0].text, "On utilise Pie Torch.");
    assert_eq!(word_counts(&t), [5, 6]);
    assert_eq!(times(&t.cues[0]), (500, 1900));
    // "Pie Torch" is one element from 1.3 to 1.9 with the lower
    // confidence, the space and "Torch" go; the unknown element stays as
    // written; the credit's monologue goes whole.
    let expected = r#"{"monologues":[{"speaker":0,"speaker_name":"Claire","elements":[{"type":"text","value":"On","ts":0.5,"end_ts":0.7,"confidence":0.98},{"type":"punct","value":" "},{"type":"text","value":"utilise","ts":0.7,"end_ts":1.1,"confidence":0.95},{"type":"punct","value":" "},{"type":"unknown","value":"<unknown>","ts":1.1,"end_ts":1.3},{"type":"punct","value":" "},{"type":"text","value":"PyTorch","ts":1.3,"end_ts":1.9,"confidence":0.61},{"type":"punct","value":"."}]}]}"#;
    assert_eq!(clean(REVAI_CREDIT), expected);
}

#[test]
fn a_revai_element_of_no_known_type_is_a_defect_at_its_type() {
    let input = r#"{"monologues":[{"speaker":0,"elements":[{"type":"word","value":"Bonjour","ts":0.5,"end_ts":0.9}]}]}"#;
    let err = transcrub::read::parse(input, transcrub::Format::Json, Mode::Strict).unwrap_err();
    assert_eq!((err.line, err.column), (Some(1), Some(49)));
    assert!(
        err.to_string()
            .contains("expected a \"type\" of \"text\", \"punct\" or \"unknown\", found \"word\""),
        "{err}"
    );
    // Read lossy, the element is left out: no word, no cue.
    let read = transcrub::read::parse(input, transcrub::Format::Json, Mode::Lossy).unwrap();
    assert_eq!(read.warnings.len(), 1);
    assert!(read.transcript.cues.is_empty());
}

#[test]
fn speechmatics_sentences_and_turns_are_cues_and_results_words() {
    let t = read("speechmatics-fr-v29.json");
    // A cue ends after each `is_eos` mark and where the speaker changes
    // (S2's turn has no final mark); "UU" is no one.
    assert_eq!(t.cues.len(), 5);
    assert_eq!(
        t.cues.iter().map(times).collect::<Vec<_>>(),
        [
            (500, 3260),
            (3560, 6840),
            (7440, 11020),
            (11520, 11960),
            (12660, 17660)
        ]
    );
    assert_eq!(
        speakers(&t),
        [Some("S1"), Some("S1"), Some("S2"), None, Some("S1")]
    );
    // The contents joined by the language pack's space, each mark
    // attached to the word before it; the entity's content is its
    // written form ("3", said "trois").
    let texts: Vec<&str> = t.cues.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Bonjour à toutes et à tous, bienvenue dans Silicium.",
            "Aujourd'hui, Inès nous parle de la stick search sur Cubernetes.",
            "Oui, on indexe tout dans la stick search, 3 nœuds, et ça tient",
            "Ah bon.",
            "Merci Inès, on se retrouve la semaine prochaine pour parler de Pie Torch et de Hugging Fèce.",
        ]
    );
    // Every result a word, once: 61, of which 10 marks and 1 entity.
    assert_eq!(word_counts(&t), [11, 12, 16, 3, 19]);
    for cue in &t.cues {
        let spelled: String = cue.words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(spelled, cue.text);
    }
    let stick = &t.cues[1].words[7];
    assert_eq!(
        (
            stick.text.as_str(),
            stick.start.unwrap().0,
            stick.end.unwrap().0,
            stick.probability,
            stick.speaker.as_deref()
        ),
        (" stick", 5400, 5720, Some(0.48), Some("S1"))
    );
    // Marks are timed, at no length, and carry no space.
    let comma = &t.cues[0].words[6];
    assert_eq!(
        (comma.text.as_str(), comma.start, comma.end),
        (
            ",",
            Some(transcrub::Timestamp(2060)),
            Some(transcrub::Timestamp(2060))
        )
    );
    let three = &t.cues[2].words[10];
    assert_eq!(
        (
            three.text.as_str(),
            three.start.unwrap().0,
            three.end.unwrap().0
        ),
        (" 3", 9680, 9980)
    );
    assert!(t.cues[3].words.iter().all(|w| w.speaker.is_none()));
}

/// Speechmatics channel diarization as inline JSON: the channels name the
/// speakers, an entity (Entity Detection's) lies beside the word it
/// covers, and a credit is said as a sentence of its own.
const SPEECHMATICS_CHANNELS: &str = r#"{"format":"2.9","metadata":{"language_pack_info":{"word_delimiter":" "},"transcription_config":{"diarization":"channel","language":"fr"}},"results":[{"alternatives":[{"confidence":0.98,"content":"On","language":"fr"}],"channel":"Agent","end_time":0.7,"start_time":0.5,"type":"word"},{"alternatives":[{"confidence":0.95,"content":"utilise","language":"fr"}],"channel":"Agent","end_time":1.1,"start_time":0.7,"type":"word"},{"alternatives":[{"confidence":0.61,"content":"Pie","language":"fr"}],"channel":"Agent","end_time":1.5,"start_time":1.3,"type":"word"},{"alternatives":[{"confidence":0.64,"content":"Torch","language":"fr"}],"channel":"Agent","end_time":1.9,"start_time":1.5,"type":"word"},{"alternatives":[{"confidence":1.0,"content":".","language":"fr"}],"attaches_to":"previous","channel":"Agent","end_time":1.9,"is_eos":true,"start_time":1.9,"type":"punctuation"},{"alternatives":[{"confidence":0.9,"content":"Le","language":"fr"}],"channel":"Caller","end_time":2.7,"start_time":2.5,"type":"word"},{"alternatives":[{"confidence":0.9,"content":"vingt-cinq","language":"fr"}],"channel":"Caller","end_time":3.3,"start_time":2.7,"type":"word"},{"alternatives":[{"confidence":0.9,"content":"25","language":"fr"}],"channel":"Caller","end_time":3.3,"entity_class":"date","spoken_form":[{"alternatives":[{"confidence":0.9,"content":"vingt-cinq","language":"fr"}],"end_time":3.3,"start_time":2.7,"type":"word"}],"start_time":2.7,"type":"entity","written_form":[{"alternatives":[{"confidence":0.9,"content":"25","language":"fr"}],"end_time":3.3,"start_time":2.7,"type":"word"}]},{"alternatives":[{"confidence":0.9,"content":"mai","language":"fr"}],"channel":"Caller","end_time":3.6,"start_time":3.3,"type":"word"},{"alternatives":[{"confidence":1.0,"content":".","language":"fr"}],"attaches_to":"previous","channel":"Caller","end_time":3.6,"is_eos":true,"start_time":3.6,"type":"punctuation"},{"alternatives":[{"confidence":0.9,"content":"Sous-titres","language":"fr"}],"channel":"Caller","end_time":4.5,"start_time":4.0,"type":"word"},{"alternatives":[{"confidence":0.9,"content":"réalisés","language":"fr"}],"channel":"Caller","end_time":4.9,"start_time":4.5,"type":"word"},{"alternatives":[{"confidence":0.9,"content":"par","language":"fr"}],"channel":"Caller","end_time":5.0,"start_time":4.9,"type":"word"},{"alternatives":[{"confidence":0.9,"content":"la","language":"fr"}],"channel":"Caller","end_time":5.1,"start_time":5.0,"type":"word"},{"alternatives":[{"confidence":0.9,"content":"communauté","language":"fr"}],"channel":"Caller","end_time":5.6,"start_time":5.1,"type":"word"},{"alternatives":[{"confidence":0.9,"content":"d'Amara.org","language":"fr"}],"channel":"Caller","end_time":6.4,"start_time":5.6,"type":"word"}]}"#;

#[test]
fn speechmatics_channels_entities_beside_words_and_removed_sentences() {
    let t = transcrub::read::parse(SPEECHMATICS_CHANNELS, transcrub::Format::Json, Mode::Strict)
        .unwrap()
        .transcript;
    assert_eq!(
        speakers(&t),
        [Some("Agent"), Some("Caller"), Some("Caller")]
    );
    // The entity repeats "vingt-cinq", a word result of the same time:
    // it is no word, or the date would be said twice.
    assert_eq!(t.cues[1].text, "Le vingt-cinq mai.");
    assert_eq!(word_counts(&t), [5, 4, 6]);
    assert_eq!(times(&t.cues[2]), (4000, 6400));
    // "Pie Torch" is one result from 1.3 to 1.9 with the lower
    // confidence, "Torch" goes; the entity stays as written; the
    // credit's results go, and the comma before them.
    let expected = r#"{"format":"2.9","metadata":{"language_pack_info":{"word_delimiter":" "},"transcription_config":{"diarization":"channel","language":"fr"}},"results":[{"alternatives":[{"confidence":0.98,"content":"On","language":"fr"}],"channel":"Agent","end_time":0.7,"start_time":0.5,"type":"word"},{"alternatives":[{"confidence":0.95,"content":"utilise","language":"fr"}],"channel":"Agent","end_time":1.1,"start_time":0.7,"type":"word"},{"alternatives":[{"confidence":0.61,"content":"PyTorch","language":"fr"}],"channel":"Agent","end_time":1.9,"start_time":1.3,"type":"word"},{"alternatives":[{"confidence":1.0,"content":".","language":"fr"}],"attaches_to":"previous","channel":"Agent","end_time":1.9,"is_eos":true,"start_time":1.9,"type":"punctuation"},{"alternatives":[{"confidence":0.9,"content":"Le","language":"fr"}],"channel":"Caller","end_time":2.7,"start_time":2.5,"type":"word"},{"alternatives":[{"confidence":0.9,"content":"vingt-cinq","language":"fr"}],"channel":"Caller","end_time":3.3,"start_time":2.7,"type":"word"},{"alternatives":[{"confidence":0.9,"content":"25","language":"fr"}],"channel":"Caller","end_time":3.3,"entity_class":"date","spoken_form":[{"alternatives":[{"confidence":0.9,"content":"vingt-cinq","language":"fr"}],"end_time":3.3,"start_time":2.7,"type":"word"}],"start_time":2.7,"type":"entity","written_form":[{"alternatives":[{"confidence":0.9,"content":"25","language":"fr"}],"end_time":3.3,"start_time":2.7,"type":"word"}]},{"alternatives":[{"confidence":0.9,"content":"mai","language":"fr"}],"channel":"Caller","end_time":3.6,"start_time":3.3,"type":"word"},{"alternatives":[{"confidence":1.0,"content":".","language":"fr"}],"attaches_to":"previous","channel":"Caller","end_time":3.6,"is_eos":true,"start_time":3.6,"type":"punctuation"}]}"#;
    assert_eq!(clean(SPEECHMATICS_CHANNELS), expected);
}

#[test]
fn a_speechmatics_result_of_no_known_type_is_a_defect_at_its_type() {
    let input = r#"{"format":"2.9","results":[{"alternatives":[{"confidence":1.0,"content":"Bonjour","language":"fr","speaker":"S1"}],"end_time":0.9,"start_time":0.5,"type":"wrd"}]}"#;
    let err = transcrub::read::parse(input, transcrub::Format::Json, Mode::Strict).unwrap_err();
    assert_eq!((err.line, err.column), (Some(1), Some(155)));
    assert!(
        err.to_string().contains(
            "results[0]: \"type\": expected \"word\", \"punctuation\", \"entity\" or \"speaker_change\", found \"wrd\"; the result is left out of the text"
        ),
        "{err}"
    );
    // Read lossy, the result is left out: no word, no cue.
    let read = transcrub::read::parse(input, transcrub::Format::Json, Mode::Lossy).unwrap();
    assert_eq!(read.warnings.len(), 1);
    assert!(read.transcript.cues.is_empty());
    // From the command line: the file's name, line and column, exit 2.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wrd.json");
    std::fs::write(&path, input).unwrap();
    let run = common::transcrub(
        &["clean", "--strict", path.to_str().unwrap(), "-o", "-"],
        dir.path(),
    );
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("wrd.json:1:155: "), "{stderr}");
}

#[test]
fn speechmatics_files_once_refused_are_read() {
    // The three results that were refused (MANIFEST.md): one sentence
    // with no end, S1's.
    let t = read("speechmatics-bad-not-read.json");
    assert_eq!(t.cues.len(), 1);
    assert_eq!(t.cues[0].text, "Bonjour, Horacio");
    assert_eq!(speakers(&t), [Some("S1")]);
    assert_eq!(times(&t.cues[0]), (100, 1200));
}

#[test]
fn corrections_are_reported_where_the_manifest_places_the_variants() {
    // The cue texts' variants of each fixture's MANIFEST.md section.
    let cases: &[(&str, &[(u64, u64)])] = &[
        (
            "deepgram-en-diarize.json",
            &[(1, 16414), (1, 16762), (1, 17003), (1, 17242), (1, 17379)],
        ),
        (
            "assemblyai-fr-speakers.json",
            &[
                (1, 20065),
                (1, 22046),
                (1, 24409),
                (1, 26095),
                (1, 27295),
                (1, 28367),
                (1, 29444),
                (1, 29497),
            ],
        ),
        (
            "aws-transcribe-en-speakers.json",
            &[(1, 25929), (1, 26327), (1, 26535), (1, 26751), (1, 26899)],
        ),
        (
            "revai-fr-monologues.json",
            &[(1, 1564), (1, 1968), (1, 2658), (1, 4801), (1, 5207)],
        ),
        (
            "speechmatics-fr-v29.json",
            &[(258, 33), (310, 33), (418, 33), (782, 33), (834, 33)],
        ),
        (
            "google-stt-v1-fr-diarize.json",
            &[
                (281, 61),
                (388, 68),
                (515, 92),
                (515, 130),
                (677, 38),
                (677, 128),
                (794, 28),
                (794, 81),
            ],
        ),
        (
            "google-stt-v2-fr-batch.json",
            &[
                (270, 59),
                (377, 66),
                (504, 90),
                (504, 128),
                (666, 36),
                (666, 126),
                (783, 26),
                (783, 79),
            ],
        ),
        (
            "azure-batch-fr-diarize.json",
            &[
                (495, 56),
                (687, 63),
                (927, 87),
                (1107, 46),
                (1223, 33),
                (1330, 54),
                (1438, 23),
                (1438, 76),
            ],
        ),
    ];
    for (file, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let report = dir.path().join("report.jsonl");
        let run = common::transcrub(
            &[
                "clean",
                "-q",
                "--dry-run",
                "-d",
                common::root("fixtures/formats/formats.toml")
                    .to_str()
                    .unwrap(),
                common::fixture(&format!("formats/{file}"))
                    .to_str()
                    .unwrap(),
                "--report",
                report.to_str().unwrap(),
            ],
            dir.path(),
        );
        assert!(
            run.status.success(),
            "{file}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let found: Vec<(u64, u64)> = std::fs::read_to_string(&report)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .map(|c| (c["line"].as_u64().unwrap(), c["column"].as_u64().unwrap()))
            .collect();
        assert_eq!(&found, expected, "{file}");
    }
}

/// The broken fixtures, where MANIFEST.md puts their defect, and what is
/// said there.
const BAD: &[(&str, usize, usize, &str)] = &[
    (
        "deepgram-bad-python-repr.json",
        1,
        2,
        "expected a '\"' to start a member name, found \"'\"",
    ),
    (
        "assemblyai-bad-http-headers.json",
        1,
        1,
        "expected a JSON value, found \"H\"",
    ),
    (
        "aws-transcribe-bad-missing-comma.json",
        1,
        9687,
        "expected ',' or ']' after an array item, found \"{\"",
    ),
    // MANIFEST.md: the key at 315:17, its value at 315:30; the value is
    // what is wrong, and what the reader points at.
    (
        "google-stt-bad-duration.json",
        315,
        30,
        "response.results[2].alternatives[0].words[6]: \"startTime\": expected a duration such as \"1.500s\", found \"26.570\"",
    ),
    // MANIFEST.md: the key at 285:7, its value at 285:17.
    (
        "azure-bad-offset.json",
        285,
        17,
        "recognizedPhrases[2]: \"offset\": expected an ISO 8601 duration such as \"PT1M4.27S\", found \"PT14.25\"",
    ),
];

#[test]
fn broken_files_fail_in_strict_mode_at_their_defect() {
    for &(file, line, column, message) in BAD {
        let err = read_fixture(&format!("formats/{file}"), Mode::Strict).expect_err(file);
        assert_eq!(
            (err.line, err.column),
            (Some(line), Some(column)),
            "{file}: {err}"
        );
        assert!(err.message.contains(message), "{file}: {}", err.message);
        let dir = tempfile::tempdir().unwrap();
        let path = common::fixture(&format!("formats/{file}"));
        let run = common::transcrub(
            &[
                "clean",
                "--strict",
                "-d",
                common::root("fixtures/formats/formats.toml")
                    .to_str()
                    .unwrap(),
                path.to_str().unwrap(),
                "-o",
                dir.path().join("out.json").to_str().unwrap(),
            ],
            dir.path(),
        );
        assert_eq!(run.status.code(), Some(2), "{file}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(
            stderr.contains(&format!("{file}:{line}:{column}: ")),
            "{file}: {stderr}"
        );
        assert!(!dir.path().join("out.json").exists(), "{file}");
    }
}

#[test]
fn lossy_reading_repairs_what_it_can() {
    // Not JSON at all: nothing to repair, the same error.
    for &(file, line, column, _) in &BAD[..3] {
        let err = read_fixture(&format!("formats/{file}"), Mode::Lossy).expect_err(file);
        assert_eq!((err.line, err.column), (Some(line), Some(column)), "{file}");
    }
    // A duration without its "s" is read as seconds, with a warning.
    let google = read_fixture("formats/google-stt-bad-duration.json", Mode::Lossy).unwrap();
    assert_eq!(google.warnings.len(), 1);
    assert_eq!(
        (google.warnings[0].line, google.warnings[0].column),
        (Some(315), Some(30))
    );
    assert_eq!(google.transcript.cues.len(), 7);
    let w = &google.transcript.cues[2].words[6];
    assert_eq!((w.text.as_str(), w.start.unwrap().0), ("Cubernetes", 26570));
    // An ISO offset without its unit: the time comes from the ticks.
    let azure = read_fixture("formats/azure-bad-offset.json", Mode::Lossy).unwrap();
    assert_eq!(azure.warnings.len(), 1);
    assert_eq!(
        (azure.warnings[0].line, azure.warnings[0].column),
        (Some(285), Some(17))
    );
    assert_eq!(azure.transcript.cues.len(), 14);
    assert_eq!(times(&azure.transcript.cues[2]), (14250, 18020));
    // Cleaned, both keep the broken value as it was and correct the rest.
    for (file, kept, corrected) in [
        (
            "google-stt-bad-duration.json",
            "\"startTime\": \"26.570\",",
            "\"word\": \"Kubernetes\"",
        ),
        (
            "azure-bad-offset.json",
            "\"offset\": \"PT14.25\",",
            "cluster Kubernetes qui",
        ),
    ] {
        let out =
            clean(&std::fs::read_to_string(common::fixture(&format!("formats/{file}"))).unwrap());
        assert!(out.contains(kept), "{file}");
        assert!(out.contains(corrected), "{file}");
        assert!(!out.contains("Cubernetes"), "{file}");
    }
}

/// `input` cleaned with the fixtures' dictionary, as a .json file.
fn clean(input: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.json");
    std::fs::write(&path, input).unwrap();
    let out = dir.path().join("out.json");
    let run = common::transcrub(
        &[
            "clean",
            "-q",
            "-d",
            common::root("fixtures/formats/formats.toml")
                .to_str()
                .unwrap(),
            path.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read_to_string(out).unwrap()
}

#[test]
fn deepgram_utterances_are_cues_and_everything_else_follows() {
    // One utterance over two sentences, then another speaker's.
    let input = r#"{"metadata":{"request_id":"r"},"results":{"channels":[{"alternatives":[{"transcript":"We moved to Cubernetes. Then Pie Torch. Nice.","confidence":0.9,"words":[{"word":"we","start":0.5,"end":0.7,"confidence":0.9,"speaker":0,"punctuated_word":"We"},{"word":"moved","start":0.7,"end":1.0,"confidence":0.9,"speaker":0,"punctuated_word":"moved"},{"word":"to","start":1.0,"end":1.1,"confidence":0.9,"speaker":0,"punctuated_word":"to"},{"word":"cubernetes","start":1.1,"end":1.8,"confidence":0.8,"speaker":0,"punctuated_word":"Cubernetes."},{"word":"then","start":2.5,"end":2.7,"confidence":0.9,"speaker":0,"punctuated_word":"Then"},{"word":"pie","start":2.7,"end":2.9,"confidence":0.7,"speaker":0,"punctuated_word":"Pie"},{"word":"torch","start":2.9,"end":3.3,"confidence":0.6,"speaker":0,"punctuated_word":"Torch."},{"word":"nice","start":4.0,"end":4.4,"confidence":0.9,"speaker":1,"punctuated_word":"Nice."}],"paragraphs":{"transcript":"\nSpeaker 0: We moved to Cubernetes. Then Pie Torch.\n\nSpeaker 1: Nice.","paragraphs":[{"sentences":[{"text":"We moved to Cubernetes.","start":0.5,"end":1.8},{"text":"Then Pie Torch.","start":2.5,"end":3.3}],"speaker":0,"num_words":7,"start":0.5,"end":3.3},{"sentences":[{"text":"Nice.","start":4.0,"end":4.4}],"speaker":1,"num_words":1,"start":4.0,"end":4.4}]}}]}],"utterances":[{"start":0.5,"end":3.3,"confidence":0.8,"channel":0,"transcript":"We moved to Cubernetes. Then Pie Torch.","words":[{"word":"we","start":0.5,"end":0.7,"confidence":0.9,"speaker":0,"punctuated_word":"We"},{"word":"moved","start":0.7,"end":1.0,"confidence":0.9,"speaker":0,"punctuated_word":"moved"},{"word":"to","start":1.0,"end":1.1,"confidence":0.9,"speaker":0,"punctuated_word":"to"},{"word":"cubernetes","start":1.1,"end":1.8,"confidence":0.8,"speaker":0,"punctuated_word":"Cubernetes."},{"word":"then","start":2.5,"end":2.7,"confidence":0.9,"speaker":0,"punctuated_word":"Then"},{"word":"pie","start":2.7,"end":2.9,"confidence":0.7,"speaker":0,"punctuated_word":"Pie"},{"word":"torch","start":2.9,"end":3.3,"confidence":0.6,"speaker":0,"punctuated_word":"Torch."}],"speaker":0,"id":"u0"},{"start":4.0,"end":4.4,"confidence":0.9,"channel":0,"transcript":"Nice.","words":[{"word":"nice","start":4.0,"end":4.4,"confidence":0.9,"speaker":1,"punctuated_word":"Nice."}],"speaker":1,"id":"u1"}]}}"#;
    let t = transcrub::read::parse(input, transcrub::Format::Json, Mode::Strict)
        .unwrap()
        .transcript;
    assert_eq!(t.cues.len(), 2);
    assert_eq!(t.cues[0].text, "We moved to Cubernetes. Then Pie Torch.");
    assert_eq!(
        (times(&t.cues[1]), t.cues[1].speaker.as_deref()),
        ((4000, 4400), Some("1"))
    );
    assert_eq!(word_counts(&t), [7, 1]);
    let expected = r#"{"metadata":{"request_id":"r"},"results":{"channels":[{"alternatives":[{"transcript":"We moved to Kubernetes. Then PyTorch. Nice.","confidence":0.9,"words":[{"word":"we","start":0.5,"end":0.7,"confidence":0.9,"speaker":0,"punctuated_word":"We"},{"word":"moved","start":0.7,"end":1.0,"confidence":0.9,"speaker":0,"punctuated_word":"moved"},{"word":"to","start":1.0,"end":1.1,"confidence":0.9,"speaker":0,"punctuated_word":"to"},{"word":"kubernetes","start":1.1,"end":1.8,"confidence":0.8,"speaker":0,"punctuated_word":"Kubernetes."},{"word":"then","start":2.5,"end":2.7,"confidence":0.9,"speaker":0,"punctuated_word":"Then"},{"word":"pytorch","start":2.7,"end":3.3,"confidence":0.6,"speaker":0,"punctuated_word":"PyTorch."},{"word":"nice","start":4.0,"end":4.4,"confidence":0.9,"speaker":1,"punctuated_word":"Nice."}],"paragraphs":{"transcript":"\nSpeaker 0: We moved to Kubernetes. Then PyTorch.\n\nSpeaker 1: Nice.","paragraphs":[{"sentences":[{"text":"We moved to Kubernetes.","start":0.5,"end":1.8},{"text":"Then PyTorch.","start":2.5,"end":3.3}],"speaker":0,"num_words":6,"start":0.5,"end":3.3},{"sentences":[{"text":"Nice.","start":4.0,"end":4.4}],"speaker":1,"num_words":1,"start":4.0,"end":4.4}]}}]}],"utterances":[{"start":0.5,"end":3.3,"confidence":0.8,"channel":0,"transcript":"We moved to Kubernetes. Then PyTorch.","words":[{"word":"we","start":0.5,"end":0.7,"confidence":0.9,"speaker":0,"punctuated_word":"We"},{"word":"moved","start":0.7,"end":1.0,"confidence":0.9,"speaker":0,"punctuated_word":"moved"},{"word":"to","start":1.0,"end":1.1,"confidence":0.9,"speaker":0,"punctuated_word":"to"},{"word":"kubernetes","start":1.1,"end":1.8,"confidence":0.8,"speaker":0,"punctuated_word":"Kubernetes."},{"word":"then","start":2.5,"end":2.7,"confidence":0.9,"speaker":0,"punctuated_word":"Then"},{"word":"pytorch","start":2.7,"end":3.3,"confidence":0.6,"speaker":0,"punctuated_word":"PyTorch."}],"speaker":0,"id":"u0"},{"start":4.0,"end":4.4,"confidence":0.9,"channel":0,"transcript":"Nice.","words":[{"word":"nice","start":4.0,"end":4.4,"confidence":0.9,"speaker":1,"punctuated_word":"Nice."}],"speaker":1,"id":"u1"}]}}"#;
    assert_eq!(clean(input), expected);
}

#[test]
fn assemblyai_without_speaker_labels_is_one_cue() {
    let input = r#"{"id":"t","status":"completed","text":"On utilise Pie Torch.","words":[{"text":"On","start":100,"end":300,"confidence":0.9,"speaker":null},{"text":"utilise","start":300,"end":700,"confidence":0.9,"speaker":null},{"text":"Pie","start":700,"end":900,"confidence":0.5,"speaker":null},{"text":"Torch.","start":900,"end":1300,"confidence":0.8,"speaker":null}],"utterances":null,"audio_duration":2}"#;
    let t = transcrub::read::parse(input, transcrub::Format::Json, Mode::Strict)
        .unwrap()
        .transcript;
    assert_eq!(t.cues.len(), 1);
    assert_eq!(
        (times(&t.cues[0]), t.cues[0].speaker.as_deref()),
        ((100, 1300), None)
    );
    let expected = r#"{"id":"t","status":"completed","text":"On utilise PyTorch.","words":[{"text":"On","start":100,"end":300,"confidence":0.9,"speaker":null},{"text":"utilise","start":300,"end":700,"confidence":0.9,"speaker":null},{"text":"PyTorch.","start":700,"end":1300,"confidence":0.5,"speaker":null}],"utterances":null,"audio_duration":2}"#;
    assert_eq!(clean(input), expected);
}

#[test]
fn aws_without_audio_segments_is_one_cue_and_speaker_labels_follow() {
    let input = r#"{"jobName":"j","accountId":"1","status":"COMPLETED","results":{"transcripts":[{"transcript":"We use Pie Torch."}],"speaker_labels":{"channel_label":"ch_0","speakers":1,"segments":[{"start_time":"0.5","speaker_label":"spk_0","end_time":"2.0","items":[{"start_time":"0.5","speaker_label":"spk_0","end_time":"0.8"},{"start_time":"0.8","speaker_label":"spk_0","end_time":"1.0"},{"start_time":"1.0","speaker_label":"spk_0","end_time":"1.4"},{"start_time":"1.4","speaker_label":"spk_0","end_time":"2.0"}]}]},"items":[{"start_time":"0.5","speaker_label":"spk_0","end_time":"0.8","alternatives":[{"confidence":"0.99","content":"We"}],"type":"pronunciation"},{"start_time":"0.8","speaker_label":"spk_0","end_time":"1.0","alternatives":[{"confidence":"0.98","content":"use"}],"type":"pronunciation"},{"start_time":"1.0","speaker_label":"spk_0","end_time":"1.4","alternatives":[{"confidence":"0.61","content":"Pie"}],"type":"pronunciation"},{"start_time":"1.4","speaker_label":"spk_0","end_time":"2.0","alternatives":[{"confidence":"0.64","content":"Torch"}],"type":"pronunciation"},{"speaker_label":"spk_0","alternatives":[{"confidence":"0.0","content":"."}],"type":"punctuation"}]}}"#;
    let t = transcrub::read::parse(input, transcrub::Format::Json, Mode::Strict)
        .unwrap()
        .transcript;
    assert_eq!(t.cues.len(), 1);
    assert_eq!(
        (times(&t.cues[0]), t.cues[0].speaker.as_deref()),
        ((500, 2000), Some("spk_0"))
    );
    assert_eq!(word_counts(&t), [5]);
    let expected = r#"{"jobName":"j","accountId":"1","status":"COMPLETED","results":{"transcripts":[{"transcript":"We use PyTorch."}],"speaker_labels":{"channel_label":"ch_0","speakers":1,"segments":[{"start_time":"0.5","speaker_label":"spk_0","end_time":"2.0","items":[{"start_time":"0.5","speaker_label":"spk_0","end_time":"0.8"},{"start_time":"0.8","speaker_label":"spk_0","end_time":"1.0"},{"start_time":"1.0","speaker_label":"spk_0","end_time":"2.0"}]}]},"items":[{"start_time":"0.5","speaker_label":"spk_0","end_time":"0.8","alternatives":[{"confidence":"0.99","content":"We"}],"type":"pronunciation"},{"start_time":"0.8","speaker_label":"spk_0","end_time":"1.0","alternatives":[{"confidence":"0.98","content":"use"}],"type":"pronunciation"},{"start_time":"1.0","speaker_label":"spk_0","end_time":"2.0","alternatives":[{"confidence":"0.61","content":"PyTorch"}],"type":"pronunciation"},{"speaker_label":"spk_0","alternatives":[{"confidence":"0.0","content":"."}],"type":"punctuation"}]}}"#;
    assert_eq!(clean(input), expected);
}

#[test]
fn azure_display_words_are_the_words_and_lexical_words_follow() {
    let input = r#"{"source":"s","recognizedPhrases":[{"recognitionStatus":"Success","speaker":1,"channel":0,"offset":"PT1S","duration":"PT2S","offsetInTicks":10000000.0,"durationInTicks":20000000.0,"nBest":[{"confidence":0.9,"lexical":"on utilise pie torch","itn":"on utilise pie torch","maskedITN":"on utilise pie torch","display":"On utilise Pie Torch.","words":[{"word":"on","offset":"PT1S","duration":"PT0.2S","offsetInTicks":10000000.0,"durationInTicks":2000000.0},{"word":"utilise","offset":"PT1.2S","duration":"PT0.5S","offsetInTicks":12000000.0,"durationInTicks":5000000.0},{"word":"pie","offset":"PT1.7S","duration":"PT0.5S","offsetInTicks":17000000.0,"durationInTicks":5000000.0},{"word":"torch","offset":"PT2.2S","duration":"PT0.8S","offsetInTicks":22000000.0,"durationInTicks":8000000.0}],"displayWords":[{"displayText":"On","offset":"PT1S","duration":"PT0.2S","offsetInTicks":10000000.0,"durationInTicks":2000000.0},{"displayText":"utilise","offset":"PT1.2S","duration":"PT0.5S","offsetInTicks":12000000.0,"durationInTicks":5000000.0},{"displayText":"Pie","offset":"PT1.7S","duration":"PT0.5S","offsetInTicks":17000000.0,"durationInTicks":5000000.0},{"displayText":"Torch.","offset":"PT2.2S","duration":"PT0.8S","offsetInTicks":22000000.0,"durationInTicks":8000000.0}]}]},{"recognitionStatus":"NoMatch","channel":0,"offset":"PT5S","duration":"PT1S","offsetInTicks":50000000.0,"durationInTicks":10000000.0}],"combinedRecognizedPhrases":[{"channel":0,"lexical":"on utilise pie torch","itn":"on utilise pie torch","maskedITN":"on utilise pie torch","display":"On utilise Pie Torch."}]}"#;
    let t = transcrub::read::parse(input, transcrub::Format::Json, Mode::Strict)
        .unwrap()
        .transcript;
    // The NoMatch phrase has no text: no cue.
    assert_eq!(t.cues.len(), 1);
    assert_eq!(
        (times(&t.cues[0]), t.cues[0].speaker.as_deref()),
        ((1000, 3000), Some("1"))
    );
    let words: Vec<&str> = t.cues[0].words.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(words, ["On", "utilise", "Pie", "Torch."]);
    let expected = r#"{"source":"s","recognizedPhrases":[{"recognitionStatus":"Success","speaker":1,"channel":0,"offset":"PT1S","duration":"PT2S","offsetInTicks":10000000.0,"durationInTicks":20000000.0,"nBest":[{"confidence":0.9,"lexical":"on utilise pytorch","itn":"on utilise pytorch","maskedITN":"on utilise pytorch","display":"On utilise PyTorch.","words":[{"word":"on","offset":"PT1S","duration":"PT0.2S","offsetInTicks":10000000.0,"durationInTicks":2000000.0},{"word":"utilise","offset":"PT1.2S","duration":"PT0.5S","offsetInTicks":12000000.0,"durationInTicks":5000000.0},{"word":"pytorch","offset":"PT1.7S","duration":"PT1.3S","offsetInTicks":17000000.0,"durationInTicks":13000000.0}],"displayWords":[{"displayText":"On","offset":"PT1S","duration":"PT0.2S","offsetInTicks":10000000.0,"durationInTicks":2000000.0},{"displayText":"utilise","offset":"PT1.2S","duration":"PT0.5S","offsetInTicks":12000000.0,"durationInTicks":5000000.0},{"displayText":"PyTorch.","offset":"PT1.7S","duration":"PT1.3S","offsetInTicks":17000000.0,"durationInTicks":13000000.0}]}]},{"recognitionStatus":"NoMatch","channel":0,"offset":"PT5S","duration":"PT1S","offsetInTicks":50000000.0,"durationInTicks":10000000.0}],"combinedRecognizedPhrases":[{"channel":0,"lexical":"on utilise pytorch","itn":"on utilise pytorch","maskedITN":"on utilise pytorch","display":"On utilise PyTorch."}]}"#;
    assert_eq!(clean(input), expected);
}
