//! Meeting transcripts as Microsoft Teams and Zoom write them, and the
//! speaker labels WhisperX puts in SRT. Who speaks is data: `clean` keeps
//! the text as written and finds the speakers; `subtitles` shows each
//! speaker its own way (a cue of their own, `<v Name>`, a dash), never the
//! label as words among the rest; and a name before every cue is no part
//! of what is said when a cue's length is measured.
//!
//! The fixtures are our own sentences in the shapes of real files
//! (bench/corpora/MANIFEST-wild.md, rows 60 to 65): Teams's GUID ids in
//! utterance order, `<v Last, First>` voices, back-channel cues laid over
//! the speaker's; Zoom's `Name: ` before nearly every cue, a device for a
//! name, CR LF; Otter.ai's text export (row 67), a `Name  m:ss  ` line
//! before each turn and its footer at the end.

mod common;

use std::path::Path;

const TEAMS: &str = "formats/teams-transcript-fr.vtt";
const ZOOM: &str = "formats/zoom-transcript-fr.vtt";
const WHISPERX: &str = "formats/whisperx-fr-diarized.srt";
const OTTER: &str = "formats/otter-export-fr.txt";

fn run(args: &[&str]) -> (String, String) {
    let out = common::transcrub(args, Path::new(env!("CARGO_MANIFEST_DIR")));
    let text = |b: &[u8]| String::from_utf8(b.to_vec()).unwrap();
    assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    (text(&out.stdout), text(&out.stderr))
}

fn fixture(path: &str) -> String {
    common::fixture(path).to_str().unwrap().to_string()
}

/// The WebVTT cues of `vtt` as (voice, text): the `<v Name>` that opens
/// each, and the rest with its lines joined by a space.
fn voiced_cues(vtt: &str) -> Vec<(Option<String>, String)> {
    vtt.split("\n\n")
        .skip(1)
        .filter(|block| !block.trim().is_empty())
        .map(|block| {
            let text = block.lines().skip(1).collect::<Vec<_>>().join(" ");
            match text.strip_prefix("<v ").and_then(|t| t.split_once('>')) {
                Some((voice, rest)) => (Some(voice.to_string()), rest.to_string()),
                None => (None, text),
            }
        })
        .collect()
}

/// The words of a text, for counting what a run kept.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[test]
fn teams_back_channels_are_speech_and_the_file_comes_back_as_written() {
    // "Oui." twice, 0.4 s each, under another's long turn: said twice,
    // as Teams heard it. With the voice counted, each cue was 40
    // characters in 0.4 s, "too short to be said", and the second went.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.vtt");
    let (_, stderr) = run(&["clean", &fixture(TEAMS), "-o", out.to_str().unwrap()]);
    assert!(stderr.contains("0 artifacts removed"), "{stderr}");
    let before = std::fs::read(common::fixture(TEAMS)).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), before, "byte for byte");
    // The voices are the speakers, comma and "(EXT)" included.
    let (json, _) = run(&["clean", &fixture(TEAMS), "--to", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let speakers: Vec<&str> = json["cues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["speaker"].as_str().unwrap())
        .collect();
    assert_eq!(
        speakers,
        [
            "Dupont-Lefèvre, Marie-Hélène",
            "Dupont-Lefèvre, Marie-Hélène",
            "Karim Benali (EXT)",
            "Dupont-Lefèvre, Marie-Hélène",
            "Dupont-Lefèvre, Marie-Hélène",
            "Dupont-Lefèvre, Marie-Hélène",
            "Karim Benali (EXT)",
        ]
    );
}

#[test]
fn zoom_labels_are_speakers_and_subtitles_show_them_as_voices() {
    let (vtt, _) = run(&["subtitles", &fixture(ZOOM), "--format", "vtt"]);
    let cues = voiced_cues(&vtt.replace('\r', ""));
    // No label is shown as words: before, "Marie Dupont :" (with French
    // typography's space) stood in the middle of a cue, and "iPad de
    // Karim : Parfait." shared a cue with Marie's words.
    for (_, text) in &cues {
        assert!(!text.contains("Dupont") && !text.contains("iPad"), "{vtt}");
    }
    // Each speaker's words a cue of their own, named by its voice; two
    // short turns of two speakers share a cue as a dialogue, a dash
    // before each. The cue Zoom left unlabelled ("Hmm.") is no one's: a
    // cue of its own (it was a dialogue line beside Marie's, said by
    // Karim as far as the dashes could tell).
    let voice = |v: &str| Some(v.to_string());
    assert_eq!(
        cues,
        [
            (
                voice("Marie Dupont"),
                "Bonjour à tous, on fait le point sur la migration vers la stick search.".into()
            ),
            (None, "- On a fini les index hier soir. - Oui.".into()),
            (
                voice("iPad de Karim"),
                "Alors de notre côté, les requêtes passent, mais le cluster Encube redémarre la nuit."
                    .into()
            ),
            (None, "Hmm.".into()),
            (
                None,
                "- D'accord, on regarde ça ensemble demain. - Parfait.".into()
            ),
        ]
    );
    // Every word said is there, and no word of a label: the cue Zoom
    // left unlabelled ("Hmm.") is said too.
    let input = std::fs::read_to_string(common::fixture(ZOOM)).unwrap();
    let said: Vec<String> = input
        .split("\r\n\r\n")
        .skip(1)
        .flat_map(|block| block.lines().skip(2))
        .flat_map(|l| words(l.split_once(": ").map_or(l, |(_, t)| t)))
        .collect();
    let shown: Vec<String> = cues.iter().flat_map(|(_, t)| words(t)).collect();
    assert_eq!(shown, said);
}

#[test]
fn zoom_labels_stay_in_the_text_that_clean_writes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.vtt");
    let dict = dir.path().join("dict.toml");
    std::fs::write(
        &dict,
        "[[term]]\ncanonical = \"Elasticsearch\"\nvariants = [\"la stick search\"]\n",
    )
    .unwrap();
    let args = ["clean", &fixture(ZOOM), "-d", dict.to_str().unwrap()];
    run(&[&args[..], &["-o", out.to_str().unwrap()]].concat());
    let before = std::fs::read_to_string(common::fixture(ZOOM)).unwrap();
    let after = std::fs::read_to_string(&out).unwrap();
    // One line changed, its label and CR LF kept; `--speakers brackets`
    // adds no second label to a text that has one.
    let changed: Vec<(&str, &str)> = before
        .split('\n')
        .zip(after.split('\n'))
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        [(
            "Marie Dupont: Bonjour à tous, on fait le point sur la migration vers la stick search.\r",
            "Marie Dupont: Bonjour à tous, on fait le point sur la migration vers Elasticsearch.\r"
        )]
    );
    let (srt, _) = run(&[&args[..], &["--to", "srt", "--speakers", "brackets"]].concat());
    assert!(srt.contains("\nMarie Dupont: On a fini"), "{srt}");
    assert!(!srt.contains('['), "{srt}");
    // The cue Zoom left unlabelled has no speaker.
    let (json, _) = run(&["clean", &fixture(ZOOM), "--to", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let hmm = &json["cues"][4];
    assert_eq!(hmm["text"], "Hmm.");
    assert!(hmm.get("speaker").is_none_or(|s| s.is_null()), "{hmm}");
    assert_eq!(json["cues"][2]["speaker"], "iPad de Karim");
}

#[test]
fn a_dictionary_leaves_the_speaker_labels_alone() {
    // A label is who speaks, as a participant named themself, not what a
    // recogniser heard: a dictionary variant there is left as written, so
    // the label still names the speaker. Before, `clean` corrected it and
    // then found the text no longer named its speaker (it added
    // `<v Marie Dupont>` before "Marie Dupond:"), and `subtitles` showed
    // "Marie Dupond :" as words.
    let dir = tempfile::tempdir().unwrap();
    let dict = dir.path().join("dict.toml");
    std::fs::write(
        &dict,
        "[[term]]\ncanonical = \"Marie Dupond\"\nvariants = [\"Marie Dupont\"]\n\n\
         [[term]]\ncanonical = \"Elasticsearch\"\nvariants = [\"la stick search\"]\n",
    )
    .unwrap();
    let dict = dict.to_str().unwrap();
    let (vtt, _) = run(&["clean", &fixture(ZOOM), "-d", dict]);
    let before = std::fs::read_to_string(common::fixture(ZOOM)).unwrap();
    let changed: Vec<(&str, &str)> = before
        .split('\n')
        .zip(vtt.split('\n'))
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        [(
            "Marie Dupont: Bonjour à tous, on fait le point sur la migration vers la stick search.\r",
            "Marie Dupont: Bonjour à tous, on fait le point sur la migration vers Elasticsearch.\r"
        )]
    );
    let (subtitles, _) = run(&["subtitles", &fixture(ZOOM), "-d", dict, "--format", "vtt"]);
    let cues = voiced_cues(&subtitles);
    assert_eq!(cues[0].0.as_deref(), Some("Marie Dupont"), "{subtitles}");
    assert!(cues[0].1.starts_with("Bonjour à tous"), "{subtitles}");
    assert!(!subtitles.contains("Dupond"), "{subtitles}");
}

#[test]
fn whisperx_labels_are_not_shown_as_words() {
    let (vtt, _) = run(&["subtitles", &fixture(WHISPERX), "--format", "vtt"]);
    assert!(!vtt.contains("[SPEAKER"), "{vtt}");
    let cues = voiced_cues(&vtt);
    assert_eq!(
        cues[0],
        (
            Some("SPEAKER_01".to_string()),
            "Bonjour à toutes et à tous, bienvenue dans Silicium,".to_string()
        )
    );
    // Asked for, the label opens each cue once, as WhisperX writes it.
    let (srt, _) = run(&[
        "subtitles",
        &fixture(WHISPERX),
        "--format",
        "srt",
        "--speakers",
        "brackets",
    ]);
    assert!(srt.contains("\n[SPEAKER_01]: Bonjour à toutes"), "{srt}");
    assert!(!srt.contains("] :"), "{srt}");
    for block in srt.split("\n\n").filter(|b| !b.trim().is_empty()) {
        assert!(block.matches("[SPEAKER").count() <= 1, "{block}");
    }
}

#[test]
fn otter_headers_are_turns_not_text_and_come_back_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let dict = dir.path().join("dict.toml");
    std::fs::write(
        &dict,
        "[[term]]\ncanonical = \"Elasticsearch\"\nvariants = [\"la stick search\"]\n",
    )
    .unwrap();
    let out = dir.path().join("out.txt");
    let (_, stderr) = run(&[
        "clean",
        &fixture(OTTER),
        "-d",
        dict.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    // The name, and the trailing space after the sentence: the headers'
    // own spaces and Otter's footer are no text to clean. Read as lines
    // before, each header's two trailing spaces were a whitespace fix.
    assert!(
        stderr.contains("1 correction, 0 artifacts removed"),
        "{stderr}"
    );
    assert!(stderr.contains("1 whitespace fix"), "{stderr}");
    let before = std::fs::read_to_string(common::fixture(OTTER)).unwrap();
    let after = std::fs::read_to_string(&out).unwrap();
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        [(
            "Bonjour à tous, on fait le point sur la migration vers la stick search. ",
            "Bonjour à tous, on fait le point sur la migration vers Elasticsearch."
        )]
    );
    assert_eq!(before.lines().count(), after.lines().count());
    assert!(
        after.ends_with("\n\nTranscribed by https://otter.ai\n"),
        "{after}"
    );
}

#[test]
fn otter_turns_are_timed_by_their_headers_and_speak_as_their_voices() {
    let (vtt, _) = run(&["subtitles", &fixture(OTTER), "--format", "vtt"]);
    // No header is shown as words, nor the footer.
    assert!(!vtt.contains("  ") && !vtt.contains("otter.ai"), "{vtt}");
    assert!(
        !vtt.contains("Benali 0") && !vtt.contains("Dupont 0"),
        "{vtt}"
    );
    let cues = voiced_cues(&vtt);
    let voice = |v: &str| Some(v.to_string());
    assert_eq!(cues[0].0, voice("Marie Dupont"));
    assert_eq!(cues[0].1, "Bonjour à tous, on fait le point");
    // Otter's "Unknown Speaker" is no one in particular: no voice.
    assert!(
        cues.contains(&(
            None,
            "Alors de notre côté, les requêtes passent, mais le cluster redémarre la nuit.".into()
        )),
        "{vtt}"
    );
    assert!(!vtt.contains("Unknown"), "{vtt}");
    // Each turn starts at its header's time: Karim's "Oui." at 0:09, the
    // last turn past the hour.
    assert!(
        vtt.contains("00:00:09.000 --> 00:00:09.917\n<v Karim Benali>Oui."),
        "{vtt}"
    );
    assert!(
        vtt.contains("01:00:04.000 --> 01:00:05.000\n<v Karim Benali>Parfait, merci."),
        "{vtt}"
    );
    // Every word of every turn is shown, in order.
    let input = std::fs::read_to_string(common::fixture(OTTER)).unwrap();
    let said: Vec<String> = input
        .split("\n\n")
        .filter(|turn| !turn.starts_with("Transcribed by"))
        .flat_map(|turn| turn.lines().skip(1))
        .flat_map(words)
        .collect();
    let shown: Vec<String> = cues.iter().flat_map(|(_, t)| words(t)).collect();
    assert_eq!(shown, said);
    // As SRT, a turn is a cue from its header's time to the next one's,
    // and SRT having no place for a speaker, the text names them as
    // WhisperX's writers do; the unknown speaker is named by no one.
    let (srt, _) = run(&["clean", &fixture(OTTER), "--to", "srt"]);
    assert!(
        srt.starts_with("1\n00:00:00,000 --> 00:00:09,000\n[Marie Dupont]: Bonjour à tous,"),
        "{srt}"
    );
    assert!(
        srt.contains("3\n00:00:10,000 --> 00:59:51,000\nAlors de notre côté,"),
        "{srt}"
    );
    assert!(
        srt.contains("4\n00:59:51,000 --> 01:00:04,000\n[Marie Dupont]: D'accord, on regarde ça ensemble demain.\nEt on en reparle jeudi.\n"),
        "{srt}"
    );
}

#[test]
fn a_back_channel_said_over_a_long_turn_is_shown_when_it_was_said() {
    // Teams writes a long turn as one cue and the "Oui." said over it as
    // cues of their own after it (bench/corpora/MANIFEST-wild.md, rows 60
    // to 62). Each used to come after the whole turn: "Oui.", said at
    // 5 s, was shown at 15 s, paired with the turn's last words. The turn
    // is now cut where each was said, at a clause's end ("côté,",
    // "dernière,") or before a conjunction ("et"), and goes on once the
    // back-channel was on screen for the minimum duration.
    let dir = tempfile::tempdir().unwrap();
    let vtt = dir.path().join("meeting.vtt");
    std::fs::write(
        &vtt,
        "WEBVTT\n\n\
         1\n00:00:01.000 --> 00:00:19.000\n<v Marie Dupont>Alors de notre côté, on a migré \
         les index la semaine dernière, les requêtes passent bien, mais le cluster redémarre \
         chaque nuit et personne ne sait encore pourquoi.</v>\n\n\
         2\n00:00:05.000 --> 00:00:05.400\n<v Karim Benali>Oui.</v>\n\n\
         3\n00:00:09.000 --> 00:00:09.400\n<v Karim Benali>Hum hum.</v>\n\n\
         4\n00:00:14.000 --> 00:00:14.400\n<v Karim Benali>Ah oui.</v>\n\n\
         5\n00:00:19.500 --> 00:00:21.000\n<v Karim Benali>On regarde ça demain.</v>\n",
    )
    .unwrap();
    let (srt, _) = run(&["subtitles", vtt.to_str().unwrap(), "-q", "--format", "srt"]);
    let cues = transcrub::read::parse(&srt, transcrub::Format::Srt, transcrub::read::Mode::Strict)
        .unwrap()
        .transcript
        .cues;
    let times: Vec<(u64, u64, String)> = cues
        .iter()
        .map(|c| {
            let (start, end) = (c.start.unwrap().0, c.end.unwrap().0);
            (start, end, c.text.replace('\n', " "))
        })
        .collect();
    let expected = [
        (1_000, 5_400, "- Alors de notre côté, - Oui."),
        (5_916, 8_917, "on a migré les index la semaine dernière,"),
        (9_000, 9_833, "Hum hum."),
        (
            9_916,
            13_917,
            "les requêtes passent bien, mais le cluster redémarre chaque nuit",
        ),
        (
            14_000,
            19_000,
            "- Ah oui. - et personne ne sait encore pourquoi.",
        ),
        (19_500, 21_000, "On regarde ça demain."),
    ];
    let expected: Vec<(u64, u64, String)> = expected
        .into_iter()
        .map(|(start, end, text)| (start, end, text.to_string()))
        .collect();
    assert_eq!(times, expected);
}

#[test]
fn words_no_speaker_is_named_for_share_no_cue_with_a_named_speaker() {
    // Speechmatics' "Ah bon." is `UU`, an unknown speaker, said right
    // after S2: it was shown inside S2's cue, in S2's voice.
    let (vtt, _) = run(&[
        "subtitles",
        "-q",
        "--format",
        "vtt",
        &fixture("formats/speechmatics-fr-v29.json"),
    ]);
    let cues = voiced_cues(&vtt);
    let s2 = Some("S2".to_string());
    assert!(cues.contains(&(None, "Ah bon.".to_string())), "{vtt}");
    assert!(
        cues.iter()
            .filter(|(voice, _)| *voice == s2)
            .all(|(_, text)| !text.contains("Ah bon")),
        "{vtt}"
    );
    // A WhisperX segment no diarized turn covered, between two of one
    // speaker's: a cue of its own, neither joined to theirs nor a
    // dialogue, and theirs resume in a cue of their own.
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("gap.json");
    std::fs::write(
        &json,
        r#"{"segments": [
  {"start": 0.0, "end": 1.2, "text": " On commence.", "speaker": "SPEAKER_00"},
  {"start": 1.3, "end": 1.8, "text": " Hmm.", "words": []},
  {"start": 1.9, "end": 3.0, "text": " Et on finit.", "speaker": "SPEAKER_00"}
]}"#,
    )
    .unwrap();
    let (vtt, _) = run(&["subtitles", "-q", "--format", "vtt", json.to_str().unwrap()]);
    let voice = Some("SPEAKER_00".to_string());
    // Nor in a list of words, where a word no turn covers is one the
    // diarization missed: insanely-fast-whisper's turns leave out the
    // last two words, "à vous.", which stay with "Merci".
    let words = fixture("formats/transformers-words-speakers-fr.json");
    let (srt, _) = run(&["subtitles", "-q", &words]);
    assert!(srt.contains("c'est pareil. Merci à vous.\n"), "{srt}");
    // Not in a subtitle script, whose unnamed lines are signs on screen
    // with the named ones: the title over Claire's question would take
    // her time, leaving her 0.75 s.
    let (ass, _) = run(&["subtitles", "-q", &fixture("formats/aegisub-fr.ass")]);
    assert!(
        ass.contains("0:00:16.00,0:00:19.60,Default,Claire,0,0,0,,Ça devait manger"),
        "{ass}"
    );
    assert_eq!(
        voiced_cues(&vtt),
        [
            (voice.clone(), "On commence.".to_string()),
            (None, "Hmm.".to_string()),
            (voice, "Et on finit.".to_string()),
        ],
        "{vtt}"
    );
}
