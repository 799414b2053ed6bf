//! `transcrub dict learn` proposes names and terms only, and never writes a
//! dictionary `clean` refuses (fixtures/learn/README.md lists every change
//! of the pair and whether it must be proposed).

mod common;

use common::{fixture, transcrub};

#[test]
fn only_names_are_proposed_and_the_rest_is_set_aside_with_why() {
    let dir = tempfile::tempdir().unwrap();
    let out = transcrub(
        &[
            "dict",
            "learn",
            fixture("learn/raw.md").to_str().unwrap(),
            fixture("learn/reviewed.md").to_str().unwrap(),
            "-o",
            "learned.toml",
        ],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("language \"en\" detected"), "{stderr}");
    let text = std::fs::read_to_string(dir.path().join("learned.toml")).unwrap();
    let learned: toml::Table = toml::from_str(&text).unwrap();
    let terms: Vec<(String, Vec<String>)> = learned["term"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["canonical"].as_str().unwrap().to_string(),
                t["variants"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        terms,
        [
            (
                "Elasticsearch".to_string(),
                vec!["la stick search".to_string()]
            ),
            (
                "Kubernetes".to_string(),
                vec!["cube or net ease".to_string()]
            ),
            ("Vance".to_string(), vec!["Vants".to_string()]),
        ]
    );
    assert_eq!(learned["language"].as_str(), Some("en"));
    assert!(
        text.contains("# - \"q\" was corrected to \"Kube\" ×1 and \"Kueue\" ×1"),
        "{text}"
    );
    assert!(
        text.contains("# - \"cube\" ×1 became \"Kube\", but it is an ordinary word"),
        "{text}"
    );
    // And clean takes it.
    let clean = transcrub(
        &[
            "clean",
            fixture("learn/raw.md").to_str().unwrap(),
            "--from",
            "txt",
            "-d",
            "learned.toml",
            "-q",
        ],
        dir.path(),
    );
    assert!(
        clean.status.success(),
        "{}",
        String::from_utf8_lossy(&clean.stderr)
    );
    assert!(String::from_utf8_lossy(&clean.stdout).contains("a cluster of Elasticsearch nodes"));
}
