//! `transcrub.toml`: found from any folder below it, every key read, and each
//! mistake reported at the file, line and column where it was written.

use std::fs;
use std::path::{Path, PathBuf};

use tempfile::TempDir;
use transcrub::ErrorKind;
use transcrub::config::{Config, LintSettings, SubtitleSettings};

/// A project folder holding `transcrub.toml` with `text`.
fn project(text: &str) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("transcrub.toml");
    fs::write(&path, text).unwrap();
    (dir, path)
}

/// The message `Config::load` gives for `text`, with the file name left out.
fn error_of(text: &str) -> (ErrorKind, String) {
    let (_dir, path) = project(text);
    let err = Config::load(&path).unwrap_err();
    let shown = err.to_string();
    let prefix = format!("{}:", path.display());
    assert!(shown.starts_with(&prefix), "{shown}");
    (err.kind, shown[prefix.len()..].to_string())
}

/// Each text fails to load with its message (file name left out).
fn assert_config_errors(cases: &[(&str, &str)]) {
    for &(text, expected) in cases {
        let (kind, shown) = error_of(text);
        assert_eq!(kind, ErrorKind::Config, "{text}");
        assert_eq!(shown, expected, "{text}");
    }
}

const EVERY_KEY: &str = r#"dictionaries = ["dictionaries/show.toml"]
language = "fr"

[subtitles]
preset = "bbc"
max-line-chars = 40
max-lines = 2
max-cps = 17.0
min-duration = 833
max-duration = 7000
min-gap = 83
typography = "fr"
rate = 15.5
cps-line-breaks = true
format = "vtt"

[lint]
select = ["TR0", "TR1"]
ignore = ["TR107"]
exclude = ["drafts/**", "*.tmp.srt"]
fail-on = "warning"

[lint.severity]
TR006 = "error"
TR101 = "info"

[lint.per-file-ignores]
"archive/**" = ["TR101", "TR103"]
"*.draft.srt" = ["TR1"]
"#;

#[test]
fn discovery_from_a_nested_folder_finds_the_projects_file() {
    let (dir, path) = project("language = \"fr\"\n");
    let nested = dir.path().join("episodes/2024/s01");
    fs::create_dir_all(&nested).unwrap();
    let config = Config::discover(&nested).unwrap().expect("a config");
    assert_eq!(config.path, path);
    assert_eq!(config.language.as_deref(), Some("fr"));
}

#[test]
fn the_nearest_file_wins() {
    let (dir, _) = project("language = \"fr\"\n");
    let inner = dir.path().join("english");
    fs::create_dir_all(&inner).unwrap();
    fs::write(inner.join("transcrub.toml"), "language = \"en\"\n").unwrap();
    let config = Config::discover(&inner).unwrap().expect("a config");
    assert_eq!(config.language.as_deref(), Some("en"));
}

#[test]
fn discovery_without_a_file_finds_nothing() {
    // Nothing above a fresh temp folder should hold a transcrub.toml.
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(Config::discover(dir.path()).unwrap(), None);
}

#[test]
fn a_folder_named_like_the_file_is_not_the_file() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("transcrub.toml")).unwrap();
    assert_eq!(Config::discover(dir.path()).unwrap(), None);
}

#[test]
fn relative_dictionaries_are_resolved_against_the_config_folder() {
    let absolute = std::env::temp_dir().join("team.toml");
    let text = format!(
        "dictionaries = [\"dictionaries/show.toml\", \"../shared.toml\", {:?}]\n",
        absolute.to_str().unwrap()
    );
    let (dir, path) = project(&text);
    let nested = dir.path().join("episodes");
    fs::create_dir(&nested).unwrap();
    for config in [
        Config::load(&path).unwrap(),
        Config::discover(&nested).unwrap().unwrap(),
    ] {
        assert_eq!(
            config.dictionaries,
            [
                dir.path().join("dictionaries/show.toml"),
                dir.path().join("../shared.toml"),
                absolute.clone(),
            ]
        );
    }
}

#[test]
fn every_key_is_read() {
    let (dir, path) = project(EVERY_KEY);
    let config = Config::load(&path).unwrap();
    assert_eq!(
        config,
        Config {
            path: path.clone(),
            dictionaries: vec![dir.path().join("dictionaries/show.toml")],
            language: Some("fr".into()),
            subtitles: SubtitleSettings {
                preset: Some("bbc".into()),
                format: Some("vtt".into()),
                max_line_chars: Some(40),
                max_lines: Some(2),
                max_cps: Some(17.0),
                min_duration: Some(833),
                max_duration: Some(7000),
                min_gap: Some(83),
                typography: Some("fr".into()),
                rate: Some(15.5),
                cps_line_breaks: Some(true),
            },
            lint: LintSettings {
                select: vec!["TR0".into(), "TR1".into()],
                ignore: vec!["TR107".into()],
                severity: vec![
                    ("TR006".into(), "error".into()),
                    ("TR101".into(), "info".into()),
                ],
                per_file_ignores: vec![
                    ("archive/**".into(), vec!["TR101".into(), "TR103".into()]),
                    ("*.draft.srt".into(), vec!["TR1".into()]),
                ],
                exclude: vec!["drafts/**".into(), "*.tmp.srt".into()],
                fail_on: Some("warning".into()),
            },
        }
    );
}

#[test]
fn an_empty_file_sets_nothing() {
    let (_dir, path) = project("");
    let config = Config::load(&path).unwrap();
    assert!(config.dictionaries.is_empty());
    assert_eq!(config.language, None);
    assert_eq!(config.subtitles, SubtitleSettings::default());
    assert_eq!(config.lint, LintSettings::default());
}

#[test]
fn whole_numbers_are_accepted_for_rates() {
    let (_dir, path) = project("[subtitles]\nmax-cps = 17\nrate = 15\n");
    let subtitles = Config::load(&path).unwrap().subtitles;
    assert_eq!(subtitles.max_cps, Some(17.0));
    assert_eq!(subtitles.rate, Some(15.0));
}

#[test]
fn an_unknown_key_is_named_at_its_position() {
    for (text, key) in [
        (
            "[subtitles]\nmax-lines = 2\nmax-line-length = 40\n",
            "max-line-length",
        ),
        (
            "[lint]\nselect = [\"TR1\"]\nfail_on = \"error\"\n",
            "fail_on",
        ),
    ] {
        let (kind, shown) = error_of(text);
        assert_eq!(kind, ErrorKind::Config);
        assert!(shown.starts_with("3:1: "), "{shown}");
        assert!(shown.contains(key), "{shown}");
    }
}

#[test]
fn an_unknown_table_is_an_error() {
    let (kind, shown) = error_of("language = \"fr\"\n\n[linter]\nselect = [\"TR001\"]\n");
    assert_eq!(kind, ErrorKind::Config);
    assert!(shown.starts_with("3:"), "{shown}");
    assert!(shown.contains("linter"), "{shown}");
}

#[test]
fn snake_case_keys_are_unknown() {
    let (_, shown) = error_of("[subtitles]\nmax_lines = 2\n");
    assert!(shown.starts_with("2:1: "), "{shown}");
    assert!(shown.contains("max_lines"), "{shown}");
}

#[test]
fn a_value_of_the_wrong_type_is_an_error_at_the_value() {
    let (kind, shown) = error_of("[subtitles]\nmax-lines = \"two\"\n");
    assert_eq!(kind, ErrorKind::Config);
    assert!(shown.starts_with("2:13: "), "{shown}");
}

#[test]
fn subtitles_must_be_a_table() {
    let (_, shown) = error_of("subtitles = 3\n");
    assert_eq!(
        shown,
        "1:13: invalid type: integer `3`, expected a [subtitles] table"
    );
}

#[test]
fn each_range_check_points_at_the_value() {
    let cases = [
        (
            "language = \"xx\"\n",
            "1:12: expected a language's ISO 639 code such as sv or fr-CA, found \"xx\"",
        ),
        (
            "[subtitles]\nmax-gap = 1\n",
            "2:1: unknown field `max-gap`, expected one of `preset`, `format`, `max-line-chars`, `max-lines`, `max-cps`, `min-duration`, `max-duration`, `min-gap`, `typography`, `rate`, `cps-line-breaks`",
        ),
        (
            "[subtitles]\nmin-gap = 9000\n",
            "2:11: expected min-gap between 0 and 5000, found 9000",
        ),
        (
            "[subtitles]\nmax-cps = 0.001\n",
            "2:11: expected max-cps between 1 and 100, found 0.001",
        ),
        (
            "[subtitles]\nmax-lines = 7\n",
            "2:13: expected max-lines between 1 and 4, found 7",
        ),
        (
            "[subtitles]\nmax-lines = 0\n",
            "2:13: expected max-lines between 1 and 4, found 0",
        ),
        (
            "[subtitles]\nmax-line-chars = 8\n",
            "2:18: expected max-line-chars between 10 and 200, found 8",
        ),
        (
            "[subtitles]\nmax-line-chars = 201\n",
            "2:18: expected max-line-chars between 10 and 200, found 201",
        ),
        (
            "[subtitles]\nmax-cps = 0\n",
            "2:11: expected max-cps a finite number above 0, found 0",
        ),
        (
            "[subtitles]\nmax-cps = nan\n",
            "2:11: expected max-cps a finite number above 0, found NaN",
        ),
        (
            "[subtitles]\nrate = -2.5\n",
            "2:8: expected rate a finite number above 0, found -2.5",
        ),
        (
            "[subtitles]\nmax-duration = 7000\nmin-duration = 7000\n",
            "3:16: expected min-duration below max-duration (7000 ms), found 7000",
        ),
        (
            "[subtitles]\npreset = \"itv\"\n",
            "2:10: expected preset one of \"netflix-fr\", \"netflix-en\", \"bbc\", \"youtube\", \"netflix-ja\", \"netflix-zh\", found \"itv\"",
        ),
        (
            "[subtitles]\ntypography = \"en\"\n",
            "2:14: expected typography one of \"auto\", \"fr\", \"none\", found \"en\"",
        ),
        (
            "[subtitles]\nformat = \"docx\"\n",
            "2:10: expected format one of \"srt\", \"vtt\", \"ass\", found \"docx\"",
        ),
    ];
    assert_config_errors(&cases);
}

#[test]
fn a_range_error_names_the_file() {
    let (_dir, path) = project(EVERY_KEY.replace("max-lines = 2", "max-lines = 7").as_str());
    let err = Config::load(&path).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("transcrub.toml:7:13: expected max-lines between 1 and 4, found 7"),
        "{err}"
    );
}

#[test]
fn invalid_utf8_is_reported_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("transcrub.toml");
    fs::write(&path, b"language = \"fr\"\n# caf\xe9\n").unwrap();
    let err = Config::load(&path).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Config);
    assert_eq!(
        err.to_string(),
        format!(
            "{}:2:6: expected UTF-8 text, found invalid bytes",
            path.display()
        )
    );
}

#[test]
fn a_missing_file_names_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let path: &Path = &dir.path().join("transcrub.toml");
    let err = Config::load(path).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Config);
    assert!(
        err.to_string()
            .starts_with(&format!("{}: ", path.display())),
        "{err}"
    );
}

/// The `[lint]` table `text` loads to.
fn lint_of(text: &str) -> LintSettings {
    let (_dir, path) = project(text);
    Config::load(&path).unwrap().lint
}

#[test]
fn lint_tables_keep_the_order_they_were_written_in() {
    let lint = lint_of(
        "[lint.severity]\nTR201 = \"info\"\nTR001 = \"error\"\n\n\
         [lint.per-file-ignores]\n\"z/**\" = [\"TR2\"]\n\"a/**\" = [\"TR0\"]\n",
    );
    assert_eq!(
        lint.severity,
        [
            ("TR201".to_string(), "info".to_string()),
            ("TR001".to_string(), "error".to_string())
        ]
    );
    let globs: Vec<&str> = lint
        .per_file_ignores
        .iter()
        .map(|(g, _)| g.as_str())
        .collect();
    assert_eq!(globs, ["z/**", "a/**"]);
}

#[test]
fn a_rule_prefix_is_accepted() {
    let lint = lint_of("[lint]\nselect = [\"TR1\", \"TR20\"]\n");
    assert_eq!(lint.select, ["TR1", "TR20"]);
}

#[test]
fn rule_codes_are_stored_upper_case() {
    let lint = lint_of(
        "[lint]\nselect = [\"tr006\"]\nignore = [\"Tr1\"]\n\n\
         [lint.severity]\ntr006 = \"error\"\n\n\
         [lint.per-file-ignores]\n\"a/**\" = [\"tr101\"]\n",
    );
    assert_eq!(lint.select, ["TR006"]);
    assert_eq!(lint.ignore, ["TR1"]);
    assert_eq!(lint.severity, [("TR006".to_string(), "error".to_string())]);
    assert_eq!(lint.per_file_ignores[0].1, ["TR101"]);
}

#[test]
fn lint_must_be_a_table() {
    let (_, shown) = error_of("lint = \"TR001\"\n");
    assert_eq!(
        shown,
        "1:8: invalid type: string \"TR001\", expected a [lint] table"
    );
}

#[test]
fn each_lint_check_points_at_the_value() {
    let cases = [
        (
            "[lint]\nselect = [\"TR001\", \"TR999\"]\n",
            "2:20: expected a known rule code, found unknown rule TR999",
        ),
        (
            "[lint]\nignore = [\"TR3\"]\n",
            "2:11: expected a prefix of a known rule code, found TR3, which starts none",
        ),
        (
            "[lint]\nignore = [\"E501\"]\n",
            "2:11: expected a rule code or prefix like \"TR006\" or \"TR1\", found \"E501\"",
        ),
        (
            "[lint]\nselect = [\"TR\"]\n",
            "2:11: expected a rule code or prefix like \"TR006\" or \"TR1\", found \"TR\"",
        ),
        (
            "[lint]\nselect = [\"TR0010\"]\n",
            "2:11: expected a rule code or prefix like \"TR006\" or \"TR1\", found \"TR0010\"",
        ),
        (
            "[lint.per-file-ignores]\n\"a/**\" = [\"TR999\"]\n",
            "2:11: expected a known rule code, found unknown rule TR999",
        ),
        (
            "[lint.severity]\nTR006 = \"error\"\nTR999 = \"error\"\n",
            "3:1: expected a known rule code, found unknown rule TR999",
        ),
        (
            "[lint.severity]\nTR006 = \"fatal\"\n",
            "2:9: expected severity one of \"info\", \"warning\", \"error\", found \"fatal\"",
        ),
        (
            "[lint.severity]\nTR1 = \"error\"\n",
            "2:1: expected a full rule code like \"TR006\", found prefix TR1",
        ),
        (
            "[lint.severity]\nTR006 = \"error\"\ntr006 = \"info\"\n",
            "3:1: expected each rule once in [lint.severity], found TR006 again",
        ),
        (
            "[lint]\nfail-on = \"warn\"\n",
            "2:11: expected fail-on one of \"info\", \"warning\", \"error\", found \"warn\"",
        ),
        (
            "[lint]\nexclude = [\"drafts/**\", \"[abc\"]\n",
            "2:25: expected a glob, found \"[abc\": unclosed character class; missing ']'",
        ),
        (
            "[lint.per-file-ignores]\n\"archive/{a,b\" = [\"TR1\"]\n",
            "2:1: expected a glob, found \"archive/{a,b\": unclosed alternate group; missing '}' (maybe escape '{' with '[{]'?)",
        ),
    ];
    assert_config_errors(&cases);
}
