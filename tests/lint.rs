//! `transcrub lint` end to end: the binary on fixtures, its JSON Lines read
//! back, and held to what the README promises.

mod common;

use common::{fixture, root, transcrub};

/// A finding as the JSON Lines output gives it.
#[derive(Debug, Clone, PartialEq)]
struct Finding {
    line: u64,
    column: u64,
    end_line: u64,
    end_column: u64,
    code: String,
    severity: String,
    message: String,
    fix: Option<(String, String)>,
}

fn findings(stdout: &[u8]) -> Vec<Finding> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value =
                serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
            Finding {
                line: v["line"].as_u64().unwrap(),
                column: v["column"].as_u64().unwrap(),
                end_line: v["end_line"].as_u64().unwrap(),
                end_column: v["end_column"].as_u64().unwrap(),
                code: v["code"].as_str().unwrap().into(),
                severity: v["severity"].as_str().unwrap().into(),
                message: v["message"].as_str().unwrap().into(),
                fix: v["fix"].as_object().map(|f| {
                    (
                        f["replacement"].as_str().unwrap().into(),
                        f["applicability"].as_str().unwrap().into(),
                    )
                }),
            }
        })
        .collect()
}

const SEED_DICT: &str = "dictionaries/messages-a-caractere-informatique.toml";

#[test]
fn the_seed_reports_every_change_clean_makes_at_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let seed = fixture("mci-2025-02-07.txt");
    let dict = root(SEED_DICT);
    let lint = transcrub(
        &[
            "lint",
            seed.to_str().unwrap(),
            "-d",
            dict.to_str().unwrap(),
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(
        lint.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&lint.stderr)
    );
    let found = findings(&lint.stdout);
    // clean's report of the same file, the same facts.
    let report = dir.path().join("report.jsonl");
    let clean = transcrub(
        &[
            "clean",
            seed.to_str().unwrap(),
            "-d",
            dict.to_str().unwrap(),
            "-q",
            "--report",
            report.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(clean.status.success());
    let changes = std::fs::read_to_string(&report).unwrap();
    let mut dictionary = 0;
    for line in changes.lines() {
        let c: serde_json::Value = serde_json::from_str(line).unwrap();
        let rule = c["rule"].as_str().unwrap();
        let code = match rule {
            "dictionary" => "TR001",
            "artifact" => "TR002",
            "suspect_artifact" | "suspect_suggestion" => "TR003",
            "loop" | "phrase_loop" | "loop_suggestion" | "phrase_loop_suggestion" => "TR004",
            "drop_line" => "TR007",
            _ => "TR008",
        };
        // What clean only suggests is an unsafe fix.
        let applicability = if rule.ends_with("_suggestion") {
            "unsafe"
        } else {
            "safe"
        };
        dictionary += usize::from(code == "TR001");
        let (l, col) = (c["line"].as_u64().unwrap(), c["column"].as_u64().unwrap());
        let f = found
            .iter()
            .find(|f| f.code == code && f.line == l && f.column == col)
            .unwrap_or_else(|| panic!("no {code} at {l}:{col} for {line}"));
        assert_eq!(
            f.fix.as_ref().map(|(r, a)| (r.as_str(), a.as_str())),
            Some((c["after"].as_str().unwrap(), applicability))
        );
    }
    assert_eq!(dictionary, 119);
    // Checked by hand in the file: "Bonjour Aasio." on line 15, and the
    // "Sous-titres par" loop filling line 1365.
    let aasio = found
        .iter()
        .find(|f| f.line == 15 && f.code == "TR001")
        .unwrap();
    assert_eq!((aasio.column, aasio.end_column), (9, 14));
    assert_eq!(aasio.fix, Some(("Horacio".into(), "safe".into())));
    assert!(aasio.message.contains("\"Aasio\"") && aasio.message.contains("\"Horacio\""));
    let credits = found.iter().find(|f| f.line == 1365).unwrap();
    assert_eq!(
        (
            credits.code.as_str(),
            credits.column,
            credits.severity.as_str()
        ),
        ("TR002", 1, "error")
    );
    assert!(credits.message.contains("Sous-titres par"));
}

#[test]
fn lint_fix_leaves_what_clean_writes_and_nothing_left_to_fix() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("episode.txt");
    std::fs::copy(fixture("mci-2025-02-07.txt"), &copy).unwrap();
    let dict = root(SEED_DICT);
    let fix = transcrub(
        &[
            "lint",
            "episode.txt",
            "-d",
            dict.to_str().unwrap(),
            "--fix",
            "--format",
            "concise",
        ],
        dir.path(),
    );
    // Only findings without a fix remain (lone suspect phrases, info): exit 0.
    assert_eq!(
        fix.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&fix.stderr)
    );
    let remaining = String::from_utf8_lossy(&fix.stdout);
    assert!(
        remaining.lines().all(|l| l.contains(": TR003 ")),
        "{remaining}"
    );
    assert!(String::from_utf8_lossy(&fix.stderr).ends_with("; 131 fixed\n"));
    let fixed = std::fs::read_to_string(&copy).unwrap();
    let golden = std::fs::read_to_string(fixture("mci-2025-02-07.clean.txt")).unwrap();
    assert!(fixed == golden, "lint --fix differs from clean's output");
    let again = transcrub(
        &[
            "lint",
            "episode.txt",
            "-d",
            dict.to_str().unwrap(),
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(again.status.code(), Some(0));
    assert!(findings(&again.stdout).iter().all(|f| f.fix.is_none()));
}

#[test]
fn a_clean_transcript_reports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for (file, dict) in [
        ("lint/clean-fr.txt", None),
        (
            "unseen/dev-podcast.expected.txt",
            Some("fixtures/unseen/dev-podcast.toml"),
        ),
        ("subtitles/whisper-words.json", None),
    ] {
        let path = fixture(file);
        let mut args = vec!["lint", path.to_str().unwrap(), "--lang", "fr"];
        let dict = dict.map(root);
        if let Some(d) = &dict {
            args.extend(["-d", d.to_str().unwrap()]);
        }
        let out = transcrub(&args, dir.path());
        assert_eq!(
            out.status.code(),
            Some(0),
            "{file}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(
            out.stdout.is_empty(),
            "{file}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "0 findings in 1 file\n"
        );
    }
}

#[test]
fn subtitle_rules_find_each_planted_problem() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture("lint/subtitle-problems.srt");
    let out = transcrub(
        &["lint", path.to_str().unwrap(), "--format", "json"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let got: Vec<(u64, u64, u64, String)> = findings(&out.stdout)
        .into_iter()
        .map(|f| (f.line, f.column, f.end_column, f.code))
        .collect();
    // fixtures/lint/README.md lists where each problem was planted.
    let want: Vec<(u64, u64, u64, String)> = [
        (3, 43, 64, "TR101"),
        (6, 1, 30, "TR102"),
        (12, 1, 30, "TR103"),
        (16, 1, 30, "TR104"),
        (20, 1, 30, "TR105"),
        (24, 1, 30, "TR106"),
        (28, 1, 30, "TR107"),
    ]
    .into_iter()
    .map(|(l, c, e, code)| (l, c, e, code.to_string()))
    .collect();
    assert_eq!(got, want);
}

#[test]
fn mojibake_has_an_unsafe_fix_applied_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("m.txt");
    std::fs::copy(fixture("lint/mojibake.txt"), &file).unwrap();
    let out = transcrub(&["lint", "m.txt", "--format", "json"], dir.path());
    let found = findings(&out.stdout);
    assert_eq!(found[0].code, "TR201");
    assert_eq!(
        (found[0].line, found[0].column, found[0].end_column),
        (1, 33, 35)
    );
    assert_eq!(found[0].fix, Some(("é".into(), "unsafe".into())));
    let before = std::fs::read_to_string(&file).unwrap();
    transcrub(&["lint", "m.txt", "--fix"], dir.path());
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        before,
        "--fix applies no unsafe fix"
    );
    let out = transcrub(&["lint", "m.txt", "--fix", "--unsafe-fixes"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "Bonjour à tous, on commence la réunion tout de suite.\nLe compte rendu d’été est en ligne.\nRien à signaler ici.\n"
    );
}

#[test]
fn another_language_or_script_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture("lint/english-in-french.txt");
    let out = transcrub(
        &[
            "lint",
            path.to_str().unwrap(),
            "--lang",
            "fr",
            "--format",
            "json",
        ],
        dir.path(),
    );
    let found = findings(&out.stdout);
    let places: Vec<(u64, u64, &str)> = found
        .iter()
        .map(|f| (f.line, f.column, f.code.as_str()))
        .collect();
    assert_eq!(places, [(3, 1, "TR006"), (4, 14, "TR006")]);
    assert!(found[1].message.contains("Japanese"));
}

#[test]
fn folders_are_walked_with_gitignore_and_config() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("episodes/drafts")).unwrap();
    std::fs::create_dir_all(d.join("archive")).unwrap();
    std::fs::write(d.join(".gitignore"), "ignored.txt\n").unwrap();
    std::fs::write(d.join("ignored.txt"), "la rÃ©union\n").unwrap();
    std::fs::write(d.join("package.json"), "{\"name\": \"site\"}\n").unwrap();
    std::fs::write(d.join("episodes/one.txt"), "la rÃ©union  \n").unwrap();
    std::fs::write(d.join("episodes/drafts/two.txt"), "la rÃ©union\n").unwrap();
    std::fs::write(d.join("archive/old.txt"), "la rÃ©union\n").unwrap();
    std::fs::write(
        d.join("transcrub.toml"),
        "[lint]\nexclude = [\"episodes/drafts/**\"]\n\n[lint.per-file-ignores]\n\"archive/**\" = [\"TR201\"]\n",
    )
    .unwrap();
    let out = transcrub(&["lint", "--format", "concise"], d);
    let text = String::from_utf8_lossy(&out.stdout);
    let files: Vec<&str> = text.lines().map(|l| l.split(':').next().unwrap()).collect();
    assert_eq!(
        files,
        ["./episodes/one.txt", "./episodes/one.txt"],
        "{text}"
    );
    assert!(text.contains("TR008") && text.contains("TR201"));
    // --ignore drops a rule; --select keeps only some.
    let out = transcrub(&["lint", "--format", "concise", "--ignore", "TR2"], d);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("TR201"));
    let out = transcrub(&["lint", "--format", "concise", "--select", "TR201"], d);
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    // TR008 is info: under the default --fail-on warning it does not fail.
    let out = transcrub(&["lint", "--select", "TR008", "-q"], d);
    assert_eq!(out.status.code(), Some(0));
    let out = transcrub(&["lint", "--select", "TR008", "--fail-on", "info", "-q"], d);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn explain_prints_the_rule_and_unknown_codes_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = transcrub(&["lint", "--explain", "tr004"], dir.path());
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("TR004 repetition-loop (error)\n"),
        "{text}"
    );
    assert!(text.contains("Example: "));
    let out = transcrub(&["lint", "--explain", "TR999"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let out = transcrub(&["lint", "--select", "XX1", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: expected rule codes"));
}

#[test]
fn diff_shows_fixes_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.txt"), "le  projet\n").unwrap();
    let out = transcrub(&["lint", "t.txt", "--diff"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "--- a/t.txt\n+++ b/t.txt\n@@ -1 +1 @@\n-le  projet\n+le projet\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("t.txt")).unwrap(),
        "le  projet\n"
    );
}

#[test]
fn stdin_is_linted_under_the_name_an_editor_gives() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("d.toml"),
        "[[term]]\ncanonical = \"Elasticsearch\"\nvariants = [\"la stick search\"]\n",
    )
    .unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_transcrub"))
        .args([
            "lint",
            "-",
            "--stdin-filename",
            "ep.srt",
            "-d",
            "d.toml",
            "--format",
            "concise",
        ])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"1\n00:00:01,000 --> 00:00:02,000\non range dans la stick search\n\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Read as SRT because of the name, and named so in the finding.
    assert!(
        stdout.contains("\nep.srt:3:15: TR001 \"la stick search\""),
        "{stdout}"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_file_that_cannot_be_read_is_a_finding_and_the_rest_is_linted() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("ok.txt"), "Bonjour.\n").unwrap();
    std::fs::write(
        d.join("credit.txt"),
        "Bonjour.\nSous-titres réalisés par la communauté d'Amara.org\n",
    )
    .unwrap();
    assert!(
        std::process::Command::new("mkfifo")
            .arg(d.join("pipe.srt"))
            .status()
            .unwrap()
            .success()
    );
    let out = transcrub(
        &[
            "lint",
            "pipe.srt",
            "credit.txt",
            "ok.txt",
            "--format",
            "concise",
        ],
        d,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("pipe.srt:1:1: TR203"), "{stdout}");
    assert!(stdout.contains("not a regular file"), "{stdout}");
    assert!(
        stdout.contains("credit.txt:2:1: TR002"),
        "the other files were linted: {stdout}"
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error: some files could not be read"));
}

/// Each class of removal, and what lint makes of it: a safe fix only when
/// the removal is certain.
#[test]
fn a_removal_is_a_safe_fix_only_when_it_is_certain() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let srt = |cues: &[(u64, u64, &str)]| {
        cues.iter()
            .enumerate()
            .map(|(i, (s, e, t))| {
                let ts = |ms: u64| {
                    format!(
                        "00:{:02}:{:02},{:03}",
                        ms / 60_000,
                        ms / 1000 % 60,
                        ms % 1000
                    )
                };
                format!("{}\n{} --> {}\n{t}\n\n", i + 1, ts(*s), ts(*e))
            })
            .collect::<String>()
    };
    let cases: Vec<(&str, String, &str, &str, Option<&str>)> = vec![
        // (file, text, code, severity, fix applicability)
        (
            "credit.txt",
            "Bonjour.\nSous-titres réalisés par la communauté d'Amara.org\n".into(),
            "TR002",
            "error",
            Some("safe"),
        ),
        (
            "word-loop.txt",
            format!("{}fin\n", "très ".repeat(14)),
            "TR004",
            "error",
            Some("safe"),
        ),
        (
            "word-suggested.txt",
            format!("{}fin\n", "très ".repeat(10)),
            "TR004",
            "warning",
            Some("unsafe"),
        ),
        (
            "cue-loop.txt",
            "On y va.\n".repeat(12),
            "TR004",
            "error",
            Some("safe"),
        ),
        (
            "cue-suggested.txt",
            "On y va.\n".repeat(4),
            "TR004",
            "warning",
            Some("unsafe"),
        ),
        (
            "micro.srt",
            srt(&[
                (0, 2000, "Bonjour à tous."),
                (2000, 2040, "Bye."),
                (2040, 2080, "Bye."),
            ]),
            "TR004",
            "error",
            Some("safe"),
        ),
        (
            // Beside a credit, and 7 s of silence from the speech.
            "suspect-certain.srt",
            srt(&[
                (0, 2000, "Bonjour à tous."),
                (9000, 10000, "Merci."),
                (
                    10100,
                    12000,
                    "Sous-titres réalisés par la communauté d'Amara.org",
                ),
            ]),
            "TR003",
            "warning",
            Some("safe"),
        ),
        (
            "suspect-suggested.srt",
            srt(&[
                (0, 2000, "Bonjour à tous."),
                (9000, 10000, "Merci."),
                (15000, 16000, "On continue."),
            ]),
            "TR003",
            "info",
            Some("unsafe"),
        ),
        (
            "suspect-alone.txt",
            "Bonjour.\nMerci.\nOn continue.\n".into(),
            "TR003",
            "info",
            None,
        ),
        (
            "speech.txt",
            "non non non non non non non non, jamais\n".into(),
            "",
            "",
            None,
        ),
    ];
    for (name, text, code, severity, fix) in &cases {
        std::fs::write(d.join(name), text).unwrap();
        let out = transcrub(&["lint", name, "--format", "json", "--lang", "fr"], d);
        let found: Vec<Finding> = findings(&out.stdout)
            .into_iter()
            .filter(|f| f.code.starts_with("TR00"))
            .collect();
        if code.is_empty() {
            assert!(found.is_empty(), "{name}: {found:?}");
            continue;
        }
        // A credit beside a suspect phrase is its own TR002.
        let found: Vec<&Finding> = found.iter().filter(|f| f.code == *code).collect();
        assert!(!found.is_empty(), "{name}: no {code}");
        for f in &found {
            assert_eq!(
                (
                    f.code.as_str(),
                    f.severity.as_str(),
                    f.fix.as_ref().map(|x| x.1.as_str())
                ),
                (*code, *severity, *fix),
                "{name}: {f:?}"
            );
        }
    }
}

#[test]
fn lone_suspect_phrases_of_a_minified_json_are_found_each_where_it_stands() {
    // Whisper's JSON on one line: three lone "Merci." segments between
    // sentences, the second taken for silence by Whisper (a certain
    // removal), the other two kept for want of evidence. Each is found at
    // its own column; the removal on the same line hides neither.
    let dir = tempfile::tempdir().unwrap();
    let segment = |id: usize, start: f64, text: &str, scores: &str| {
        format!(
            r#"{{"id":{id},"seek":0,"start":{start:?},"end":{:?},"text":"{text}",{scores}}}"#,
            start + if text == " Merci." { 1.0 } else { 3.0 }
        )
    };
    let plain = r#""avg_logprob":-0.2,"no_speech_prob":0.01"#;
    let silent = r#""avg_logprob":-1.4,"no_speech_prob":0.92"#;
    let said = [
        (" On commence avec la première question.", plain),
        (" Merci.", plain),
        (" Et la deuxième vient juste après celle-ci.", plain),
        (" Merci.", silent),
        (" Enfin la troisième termine la série.", plain),
        (" Merci.", plain),
        (" Au revoir et à la semaine prochaine.", plain),
    ];
    let mut start = 0.0;
    let mut segments = Vec::new();
    for (id, (text, scores)) in said.iter().enumerate() {
        segments.push(segment(id, start, text, scores));
        start += if *text == " Merci." { 1.0 } else { 3.0 };
    }
    let doc = format!(r#"{{"segments":[{}],"language":"fr"}}"#, segments.join(","));
    std::fs::write(dir.path().join("merci.json"), &doc).unwrap();
    let out = transcrub(&["lint", "merci.json", "--format", "json"], dir.path());
    let found: Vec<(u64, u64, String)> = findings(&out.stdout)
        .into_iter()
        .map(|f| (f.line, f.column, f.severity))
        .collect();
    // The columns of the three "Merci", counted in characters.
    let columns: Vec<u64> = doc
        .match_indices("Merci")
        .map(|(at, _)| doc[..at].chars().count() as u64 + 1)
        .collect();
    assert_eq!(columns.len(), 3);
    assert_eq!(
        found,
        [
            (1, columns[0], "info".to_string()),
            (1, columns[1], "warning".to_string()),
            (1, columns[2], "info".to_string()),
        ]
    );
}
