//! `transcrub review` (issue 16): through its HTTP interface, as the page
//! uses it (what the server refuses, what decisions, undo and Save
//! write), and through the page itself in a real headless Chromium,
//! driven with the keyboard by tests/review/drive.mjs (Playwright; the
//! README's test command installs it and Chromium).

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};

const DICT: &str = "dictionaries/messages-a-caractere-informatique.toml";
const SEED: &str = "fixtures/mci-2025-02-07.txt";

/// A running `transcrub review`, stopped when dropped.
struct Review {
    child: Child,
    port: u16,
    token: String,
}

impl Review {
    fn start(dir: &Path, args: &[&str]) -> Review {
        let mut child = Command::new(env!("CARGO_BIN_EXE_transcrub"))
            .arg("review")
            .args(args)
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line.trim();
        let rest = url
            .strip_prefix("http://127.0.0.1:")
            .unwrap_or_else(|| panic!("expected a 127.0.0.1 address, found {url:?}"));
        let (port, token) = rest.split_once("/?token=").unwrap();
        assert_eq!(token.len(), 32, "a 128-bit token in hex: {url}");
        Review {
            child,
            port: port.parse().unwrap(),
            token: token.to_string(),
        }
    }

    /// Sends a raw request; returns the status, the headers (lower-case
    /// names) and the body.
    fn raw(&self, request: &str) -> (u16, Vec<(String, String)>, Vec<u8>) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).unwrap();
        let end = bytes.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8_lossy(&bytes[..end]).to_string();
        let mut lines = head.split("\r\n");
        let status = lines.next().unwrap().split(' ').nth(1).unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        (status.parse().unwrap(), headers, bytes[end + 4..].to_vec())
    }

    fn get(&self, path: &str, extra: &str) -> (u16, Vec<(String, String)>, Vec<u8>) {
        self.raw(&format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n{extra}Connection: close\r\n\r\n",
            self.port
        ))
    }

    fn post(&self, route: &str, body: &Value) -> (u16, Value) {
        let body = body.to_string();
        let (status, _, bytes) = self.raw(&format!(
            "POST {route}?token={} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nOrigin: http://127.0.0.1:{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.token,
            self.port,
            self.port,
            body.len()
        ));
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    fn state(&self) -> Value {
        let (status, _, body) = self.get(&format!("/api/state?token={}", self.token), "");
        assert_eq!(status, 200);
        serde_json::from_slice(&body).unwrap()
    }

    /// Says it is done and waits for the process to exit 0.
    fn finish(self) {
        self.done(json!({}));
    }

    /// Says it is done, leaving decisions unsaved, and waits for the exit.
    fn leave(self) {
        self.done(json!({"discard": true}));
    }

    fn done(mut self, body: Value) {
        let (status, body) = self.post("/api/done", &body);
        assert_eq!((status, &body), (200, &json!({"done": true})));
        let exit = self.child.wait().unwrap();
        assert!(exit.success(), "{exit:?}");
    }
}

impl Drop for Review {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The seed episode and its dictionary, copied where Save may write.
fn seed_copy(dir: &Path) -> (PathBuf, PathBuf) {
    let input = dir.join("episode.txt");
    let dict = dir.join("show.toml");
    std::fs::copy(common::root(SEED), &input).unwrap();
    std::fs::copy(common::root(DICT), &dict).unwrap();
    (input, dict)
}

/// `clean --fuzzy` of the seed copy with its taught dictionary and the
/// review's log: what the review saved, if the log replays.
fn replay_seed(dir: &Path) -> String {
    let run = common::transcrub(
        &[
            "clean",
            "-q",
            "--fuzzy",
            "-d",
            "show.toml",
            "--decisions",
            "episode.review.jsonl",
            "episode.txt",
        ],
        dir,
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8(run.stdout).unwrap()
}

fn item<'a>(state: &'a Value, rule: &str, before: &str) -> &'a Value {
    state["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["rule"] == rule && i["before"] == before)
        .unwrap_or_else(|| panic!("no {rule} item {before:?}"))
}

#[test]
fn the_server_answers_only_its_own_page() {
    let dir = tempfile::tempdir().unwrap();
    seed_copy(dir.path());
    let review = Review::start(dir.path(), &["episode.txt", "-d", "show.toml"]);
    let (port, token) = (review.port, review.token.clone());
    let status = |path: &str, extra: &str| review.get(path, extra).0;
    // No token, a wrong one, a prefix of the right one.
    assert_eq!(status("/", ""), 403);
    assert_eq!(status("/api/state", ""), 403);
    assert_eq!(status(&format!("/?token={}", &token[..31]), ""), 403);
    assert_eq!(status("/?token=00000000000000000000000000000000", ""), 403);
    // The right token from a foreign Host (DNS rebinding) or Origin.
    let host = review.raw(&format!(
        "GET /api/state?token={token} HTTP/1.1\r\nHost: attacker.example:{port}\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(host.0, 403);
    assert_eq!(
        status(
            &format!("/api/state?token={token}"),
            "Origin: http://attacker.example\r\n"
        ),
        403
    );
    assert_eq!(
        status(
            &format!("/api/state?token={token}"),
            "Sec-Fetch-Site: cross-site\r\n"
        ),
        403
    );
    // Paths that are not the page's, files included.
    for path in [
        "/secret",
        "/episode.txt",
        "/show.toml",
        "/../Cargo.toml",
        "/media",
    ] {
        assert_eq!(status(&format!("{path}?token={token}"), ""), 404, "{path}");
    }
    // A cross-site form cannot post: no JSON type.
    let form = review.raw(&format!(
        "POST /api/save?token={token} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(form.0, 415);
    assert!(!dir.path().join("episode.reviewed.txt").exists());
    // The page itself: its token in the asset links, locked down.
    let (status, headers, body) = review.get(&format!("/?token={token}"), "");
    assert_eq!(status, 200);
    let body = String::from_utf8(body).unwrap();
    assert!(body.contains(&format!("page.js?token={token}")), "{body}");
    assert!(!body.contains("__TOKEN__"));
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    assert!(
        header("content-security-policy").is_some_and(
            |v| v.contains("default-src 'self'") && v.contains("frame-ancestors 'none'")
        )
    );
    assert_eq!(header("referrer-policy"), Some("no-referrer"));
    review.finish();
}

#[test]
fn decisions_teach_the_dictionary_and_replay_with_clean() {
    let dir = tempfile::tempdir().unwrap();
    let (input, dict) = seed_copy(dir.path());
    let original_dict = std::fs::read_to_string(&dict).unwrap();
    let review = Review::start(dir.path(), &["episode.txt", "-d", "show.toml", "--fuzzy"]);
    let state = review.state();
    // The page is told what the seed gives `clean --fuzzy`.
    assert_eq!(state["items"].as_array().unwrap().len(), 134);
    let encube = item(&state, "fuzzy_suggestion", "d'Encube")["id"].clone();
    let flip = item(&state, "fuzzy_suggestion", "bit flip")["id"].clone();
    let snow = item(&state, "dictionary", "snow camp");
    assert_eq!(
        (snow["line"].clone(), snow["status"].clone()),
        (json!(11), json!("applied"))
    );
    let snow = snow["id"].clone();
    let au_revoir = item(&state, "suspect_suggestion", "au revoir")["id"].clone();

    // Accept one fuzzy suggestion, reject the other.
    let (status, state) = review.post("/api/decide", &json!({"id": encube, "verdict": "accept"}));
    assert_eq!(status, 200, "{state}");
    assert_eq!(item(&state, "dictionary", "d'Encube")["status"], "accepted");
    let (_, state) = review.post("/api/decide", &json!({"id": flip, "verdict": "reject"}));
    assert_eq!(
        item(&state, "fuzzy_suggestion", "bit flip")["status"],
        "rejected"
    );
    // Reject one listed correction here only; accept a suggested removal,
    // then take it back.
    let (_, state) = review.post("/api/decide", &json!({"id": snow, "verdict": "reject"}));
    assert_eq!(
        item(&state, "dictionary", "snow camp")["status"],
        "rejected"
    );
    let (_, state) = review.post(
        "/api/decide",
        &json!({"id": au_revoir, "verdict": "accept"}),
    );
    assert_eq!(
        item(&state, "suspect_artifact", "au revoir")["status"],
        "accepted"
    );
    let (_, state) = review.post("/api/undo", &json!({}));
    assert_eq!(
        item(&state, "suspect_suggestion", "au revoir")["status"],
        "suggested"
    );
    assert_eq!(state["decided"], 3);
    // A spacing fix is not offered, and nothing changes.
    let spacing = state["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["group"] == "spacing")
        .unwrap()["id"]
        .clone();
    let (status, body) = review.post("/api/decide", &json!({"id": spacing, "verdict": "reject"}));
    assert_eq!(status, 409, "{body}");
    assert!(
        body["error"].as_str().unwrap().contains("spacing"),
        "{body}"
    );
    let (status, _) = review.post("/api/decide", &json!({"id": 99999, "verdict": "reject"}));
    assert_eq!(status, 409);
    let (status, _) = review.post("/api/decide", &json!({"id": snow, "verdict": "maybe"}));
    assert_eq!(status, 400);

    let (status, state) = review.post("/api/save", &json!({}));
    assert_eq!(status, 200, "{state}");
    assert_eq!(
        state["saved"]["files"],
        json!(["episode.reviewed.txt", "show.toml"])
    );
    review.finish();

    // The dictionary: the accepted spelling is a variant, the rejected
    // one an exception, and nothing else moved.
    let taught = std::fs::read_to_string(&dict).unwrap();
    assert_eq!(
        taught,
        original_dict
            .replace(
                "canonical = \"dans Kube\"\nvariants = [\"dans Q\"]\n",
                "canonical = \"dans Kube\"\nvariants = [\"dans Q\", \"d'Encube\"]\n"
            )
            .replace(
                "canonical = \"bit flips\"\nvariants = [\"bitfips\"]\n",
                "canonical = \"bit flips\"\nvariants = [\"bitfips\"]\nexceptions = [\"bit flip\"]\n"
            )
    );
    assert_ne!(taught, original_dict);
    let reviewed = std::fs::read_to_string(dir.path().join("episode.reviewed.txt")).unwrap();
    let lines: Vec<&str> = reviewed.lines().collect();
    // "snow camp" kept on its line; "au revoir" kept (undone).
    assert!(
        reviewed.contains("API dans Kube pour"),
        "accepted correction"
    );
    assert!(reviewed.contains("au revoir"));
    assert!(
        lines.iter().any(|l| l.contains("snow camp")),
        "rejected correction"
    );
    // The log: one line per decision, the undo included.
    let log = std::fs::read_to_string(dir.path().join("episode.review.jsonl")).unwrap();
    let verdicts: Vec<(String, String)> = log
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|v| {
            (
                v["before"].as_str().unwrap().to_string(),
                v["verdict"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("d'Encube", "accept"),
        ("bit flip", "reject"),
        ("snow camp", "reject"),
        ("au revoir", "accept"),
        ("au revoir", "none"),
    ];
    assert_eq!(
        verdicts,
        expected.map(|(b, v)| (b.to_string(), v.to_string()))
    );

    // `clean` with the taught dictionary and the log gives the same text.
    assert_eq!(replay_seed(dir.path()), reviewed);
    // Without the log only the verdict on "snow camp" is missing.
    let run = common::transcrub(
        &["clean", "-q", "--fuzzy", "-d", "show.toml", "episode.txt"],
        dir.path(),
    );
    let without_log = String::from_utf8(run.stdout).unwrap();
    let differing: Vec<(&str, &str)> = without_log
        .lines()
        .zip(reviewed.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(differing.len(), 1, "{differing:?}");
    assert!(differing[0].1.contains("snow camp") && differing[0].0.contains("SnowCamp"));
    assert_eq!(
        std::fs::read(&input).unwrap(),
        std::fs::read(common::root(SEED)).unwrap()
    );
}

#[test]
fn save_does_not_overwrite_a_dictionary_edited_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let (_, dict) = seed_copy(dir.path());
    let review = Review::start(dir.path(), &["episode.txt", "-d", "show.toml", "--fuzzy"]);
    let flip = item(&review.state(), "fuzzy_suggestion", "bit flip")["id"].clone();
    review.post("/api/decide", &json!({"id": flip, "verdict": "reject"}));
    let edited = format!(
        "{}\n# edited by hand\n",
        std::fs::read_to_string(&dict).unwrap()
    );
    std::fs::write(&dict, &edited).unwrap();
    let (status, body) = review.post("/api/save", &json!({}));
    assert_eq!(status, 500, "{body}");
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("changed on disk since the review began"),
        "{body}"
    );
    assert_eq!(std::fs::read_to_string(&dict).unwrap(), edited);
    assert!(!dir.path().join("episode.reviewed.txt").exists());
    review.leave();
}

#[test]
fn a_reviewed_file_keeps_its_encoding() {
    // A Windows-1252 SRT, saved with no decision: the reviewed file is the
    // cleaned text in Windows-1252 ("nœuds" is the byte 0x9C), not UTF-8.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::fixture("formats/srt-windows-1252.srt"),
        dir.path().join("old.srt"),
    )
    .unwrap();
    let dict = common::root("dictionaries/messages-a-caractere-informatique.toml");
    let review = Review::start(dir.path(), &["old.srt", "-d", dict.to_str().unwrap()]);
    let (status, body) = review.post("/api/save", &json!({}));
    assert_eq!(status, 200, "{body}");
    let saved = body["saved"]["files"][0].as_str().unwrap().to_string();
    let bytes = std::fs::read(dir.path().join(&saved)).unwrap();
    let before = std::fs::read(common::fixture("formats/srt-windows-1252.srt")).unwrap();
    // The correction the dictionary makes, in ASCII; every other byte as read.
    let at = before
        .windows(15)
        .position(|w| w == b"la stick search")
        .unwrap();
    let mut expected = before.clone();
    expected.splice(at..at + 15, *b"Elasticsearch");
    assert!(bytes == expected, "{}", String::from_utf8_lossy(&bytes));
    review.leave();
}

#[test]
fn a_media_file_is_served_in_ranges() {
    let dir = tempfile::tempdir().unwrap();
    let media: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
    std::fs::write(dir.path().join("talk.webm"), &media).unwrap();
    std::fs::copy(
        common::fixture("formats/whisperx-fr-diarized.srt"),
        dir.path().join("talk.srt"),
    )
    .unwrap();
    let review = Review::start(dir.path(), &["talk.srt", "--media", "talk.webm"]);
    let t = review.token.clone();
    let state = review.state();
    assert_eq!(state["timed"], true);
    assert_eq!(state["media"]["kind"], "video");
    let (status, headers, body) =
        review.get(&format!("/media?token={t}"), "Range: bytes=100-199\r\n");
    assert_eq!(status, 206);
    assert_eq!(body, &media[100..200]);
    assert!(headers.contains(&("content-range".into(), "bytes 100-199/10000".into())));
    assert!(headers.contains(&("content-type".into(), "video/webm".into())));
    let (status, _, body) = review.get(&format!("/media?token={t}"), "Range: bytes=-10\r\n");
    assert_eq!((status, body.as_slice()), (206, &media[9_990..]));
    let (status, _, body) = review.get(&format!("/media?token={t}"), "");
    assert_eq!((status, body.len()), (200, 10_000));
    let (status, _, _) = review.get(&format!("/media?token={t}"), "Range: bytes=20000-\r\n");
    assert_eq!(status, 416);
    // The track: the reviewed cues as WebVTT.
    let (status, headers, body) = review.get(&format!("/track.vtt?token={t}&v=1"), "");
    assert_eq!(status, 200);
    assert!(headers.contains(&("content-type".into(), "text/vtt; charset=utf-8".into())));
    assert!(String::from_utf8(body).unwrap().starts_with("WEBVTT"));
    review.finish();
}

/// Runs the page driver on `steps`; returns one observation per step.
fn drive(review: &Review, steps: &Value) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("steps.json");
    std::fs::write(&file, steps.to_string()).unwrap();
    let driver = common::root("tests/review/drive.mjs");
    assert!(
        common::root("tests/review/node_modules/playwright-core").is_dir(),
        "the page driver needs Playwright: npm ci --prefix tests/review (scripts/test does it)"
    );
    let url = format!("http://127.0.0.1:{}/?token={}", review.port, review.token);
    let run = Command::new("node")
        .arg(&driver)
        .arg(&url)
        .arg(&file)
        .output()
        .expect("node runs (scripts/test installs it)");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "drive.mjs failed: {}\n{stdout}",
        String::from_utf8_lossy(&run.stderr)
    );
    let observed: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(observed.len(), steps.as_array().unwrap().len(), "{stdout}");
    observed
}

/// Where the README's screenshot goes: docs/ when asked
/// (TRANSCRUB_SCREENSHOT=1), else a temporary folder.
fn screenshot_path(temp: &Path) -> PathBuf {
    if std::env::var_os("TRANSCRUB_SCREENSHOT").is_some() {
        common::root("docs/review.png")
    } else {
        temp.join("review.png")
    }
}

#[test]
fn a_reviewer_walks_decides_and_saves_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let (input, dict) = seed_copy(dir.path());
    let original_dict = std::fs::read_to_string(&dict).unwrap();
    let review = Review::start(dir.path(), &["episode.txt", "-d", "show.toml", "--fuzzy"]);
    let screenshot = screenshot_path(dir.path());
    let steps = json!([
        {"state": true},
        {"press": "j"}, {"press": "j"}, {"press": "ArrowDown"}, {"press": "k"},
        {"select": {"rule": "fuzzy_suggestion", "before": "d'Encube"}},
        {"press": "a"},
        {"select": {"rule": "fuzzy_suggestion", "before": "bit flip"}},
        {"press": "r"},
        {"press": "u"},
        {"state": true},
        {"select": {"rule": "fuzzy_suggestion", "before": "bit flip"}},
        {"press": "r"},
        {"press": "s"},
        {"wait_text": ["#status", "Saved"]},
        {"state": true},
        {"screenshot": screenshot.to_str().unwrap()},
        // Statuses read without colour: a symbol in each row.
        {"eval": "['accepted', 'rejected', 'applied', 'suggested'].map(s => document.querySelector(`#items li[data-status=\"${s}\"]`).querySelector('.sym').textContent)"},
        {"click": "#done"},
    ]);
    let seen = drive(&review, &steps);
    let id = |k: usize| seen[k]["selected"]["id"].as_u64().unwrap();
    // The keyboard walks the list in order: j, j, down, then k back.
    let first = seen[0]["selected"].as_u64().unwrap();
    assert_eq!(
        [id(1), id(2), id(3), id(4)],
        [first + 1, first + 2, first + 3, first + 2]
    );
    assert_eq!(seen[5]["selected"]["line"], 46);
    // Accepting moves on to the next change to review.
    assert_ne!(id(6), id(5));
    assert_eq!(
        seen[8]["selected"]["id"],
        seen[7]["selected"]["id"].as_u64().unwrap() + 1
    );
    // Undo brought the rejected suggestion back.
    let state = &seen[10]["state"];
    assert_eq!(
        item(state, "fuzzy_suggestion", "bit flip")["status"],
        "suggested"
    );
    assert_eq!(item(state, "dictionary", "d'Encube")["status"], "accepted");
    assert_eq!(seen[17]["value"], json!(["✓", "✗", "✎", "?"]));
    let saved = &seen[15]["state"];
    assert_eq!(
        item(saved, "fuzzy_suggestion", "bit flip")["status"],
        "rejected"
    );
    assert_eq!(
        saved["saved"]["files"],
        json!(["episode.reviewed.txt", "show.toml"])
    );
    // The page said it was done: the server stops by itself.
    let mut review = review;
    let exit = review.child.wait().unwrap();
    assert!(exit.success(), "{exit:?}");

    let taught = std::fs::read_to_string(&dict).unwrap();
    assert!(
        taught.contains("variants = [\"dans Q\", \"d'Encube\"]"),
        "{taught}"
    );
    assert!(taught.contains("variants = [\"bitfips\"]\nexceptions = [\"bit flip\"]\n"));
    assert_eq!(taught.lines().count(), original_dict.lines().count() + 1);
    // `clean` with the taught dictionary gives the reviewed text.
    let reviewed = std::fs::read_to_string(dir.path().join("episode.reviewed.txt")).unwrap();
    let run = common::transcrub(
        &["clean", "-q", "--fuzzy", "-d", "show.toml", "episode.txt"],
        dir.path(),
    );
    assert!(run.status.success());
    assert_eq!(String::from_utf8(run.stdout).unwrap(), reviewed);
    assert!(reviewed.contains("une nouvelle API dans Kube pour"));
    assert!(reviewed.contains("bit flip"));
    assert_eq!(
        std::fs::read(&input).unwrap(),
        std::fs::read(common::root(SEED)).unwrap()
    );
    // The screenshot: a PNG of the 1280x800 viewport.
    let png = std::fs::read(&screenshot).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let (width, height) = (
        u32::from_be_bytes(png[16..20].try_into().unwrap()),
        u32::from_be_bytes(png[20..24].try_into().unwrap()),
    );
    assert_eq!((width, height), (1280, 800));
}

/// A short video of our own: ffmpeg's test pattern with a tone.
fn test_video(dir: &Path) -> PathBuf {
    let video = dir.join("talk.webm");
    let run = Command::new("ffmpeg")
        .args(["-loglevel", "error", "-f", "lavfi", "-i"])
        .arg("testsrc=duration=20:size=320x240:rate=10")
        .args(["-f", "lavfi", "-i", "sine=frequency=440:duration=20"])
        .args([
            "-c:v",
            "libvpx",
            "-b:v",
            "200k",
            "-c:a",
            "libvorbis",
            "-shortest",
        ])
        .arg(&video)
        .output()
        .expect("ffmpeg runs (scripts/test installs it)");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    video
}

#[test]
fn the_player_seeks_to_the_selected_cue_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    test_video(dir.path());
    for name in ["talk-search-engines.srt", "search-engines.toml"] {
        std::fs::copy(
            common::fixture(&format!("review/{name}")),
            dir.path().join(name),
        )
        .unwrap();
    }
    let review = Review::start(
        dir.path(),
        &[
            "talk-search-engines.srt",
            "-d",
            "search-engines.toml",
            "--media",
            "talk.webm",
        ],
    );
    let steps = json!([
        {"select": {"before": "la stick search"}},
        {"wait_media_time": 12.0},
        {"read": "#media-time"},
        {"press": "k"},
        {"wait_media_time": 8.0},
        {"eval": "document.querySelector('#player').tagName"},
        // The subtitles as they would be written, from the track.
        {"eval": "new Promise(done => { const t = document.querySelector('#player').textTracks[0]; t.mode = 'hidden'; const read = () => t.cues && t.cues.length ? done(Array.from(t.cues).map(c => [c.startTime, c.text])) : setTimeout(read, 50); read(); })"},
        {"press": "p"},
        {"eval": "new Promise(done => { const p = document.querySelector('#player'); const check = () => p.currentTime > 8.2 ? done(!p.paused) : setTimeout(check, 50); check(); })"},
        {"click": "#done"},
    ]);
    let seen = drive(&review, &steps);
    assert_eq!(seen[0]["selected"]["start_ms"], 12_000);
    assert_eq!(seen[1]["seconds"], 12.0);
    assert_eq!(seen[2]["text"], "12.000");
    assert_eq!(seen[4]["seconds"], 8.0);
    assert_eq!(seen[5]["value"], "VIDEO");
    let cues = seen[6]["value"].as_array().unwrap();
    assert_eq!(cues.len(), 6);
    assert_eq!(cues[4][0].as_f64(), Some(12.0));
    assert_eq!(
        cues[4][1],
        "Puis elle est passée à Elasticsearch en production."
    );
    // Play went on from the cue.
    assert_eq!(seen[8]["value"], true);
    let mut review = review;
    assert!(review.child.wait().unwrap().success());
}

#[test]
fn ctrl_c_stops_the_server_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    seed_copy(dir.path());
    let mut review = Review::start(dir.path(), &["episode.txt", "-d", "show.toml"]);
    assert_eq!(review.state()["decided"], 0);
    let kill = Command::new("kill")
        .args(["-INT", &review.child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let exit = review.child.wait().unwrap();
    // As a shell reports an interrupted command.
    assert_eq!(exit.code(), Some(130), "{exit:?}");
    let mut files: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["episode.txt", "show.toml"]);
}

/// Every reader's shapes (fixtures/formats): half the changes the page
/// offers decided against what `clean` would do, then saved; `clean` with
/// the log replays the same transcript, byte for byte.
#[test]
fn every_format_saves_what_clean_replays() {
    let formats = common::root("fixtures/formats");
    let mut names: Vec<String> = std::fs::read_dir(&formats)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            let transcript = [
                "txt", "srt", "vtt", "json", "json3", "tsv", "sbv", "ttml", "dfxp", "ass", "ssa",
                "srv3",
            ]
            .iter()
            .any(|ext| n.ends_with(&format!(".{ext}")));
            transcript && !n.contains("-bad-") && !n.contains("bad-json")
        })
        .collect();
    names.sort();
    let (mut decided_formats, mut changed_formats) = (0, 0);
    for name in &names {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(formats.join(name), dir.path().join(name)).unwrap();
        std::fs::copy(
            formats.join("formats.toml"),
            dir.path().join("formats.toml"),
        )
        .unwrap();
        let args = [name.as_str(), "-d", "formats.toml", "--aggressive-loops"];
        let review = Review::start(dir.path(), &args);
        let state = review.state();
        // Every change has a name of its own, even where cues share a line
        // (a minified Whisper JSON file is one line).
        let mut keys: Vec<String> = state["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| format!("{}:{}:{}", i["line"], i["column"], i["before"]))
            .collect();
        let count = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), count, "{name}: two changes share a name");
        let offered: Vec<&Value> = state["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["reviewable"] == true)
            .collect();
        for item in offered.iter().step_by(2) {
            let verdict = if item["status"] == "suggested" {
                "accept"
            } else {
                "reject"
            };
            let (status, body) = review.post(
                "/api/decide",
                &json!({"id": item["id"], "verdict": verdict}),
            );
            assert_eq!(status, 200, "{name}: {body}");
        }
        let (status, body) = review.post("/api/save", &json!({}));
        assert_eq!(status, 200, "{name}: {body}");
        review.finish();
        let saved = body["saved"]["files"][0].as_str().unwrap().to_string();
        let mut clean = vec!["clean", "-q"];
        clean.extend_from_slice(&args[1..]);
        let log = body["saved"]["log"].as_str().unwrap().to_string();
        if !offered.is_empty() {
            clean.extend_from_slice(&["--decisions", &log]);
            decided_formats += 1;
        }
        clean.push(name);
        let replay = common::transcrub(&clean, dir.path());
        assert!(
            replay.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&replay.stderr)
        );
        // Bytes: a file in UTF-16 or Windows-1252 is saved, and cleaned
        // to a pipe, in its own encoding.
        let saved = std::fs::read(dir.path().join(&saved)).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&replay.stdout),
            String::from_utf8_lossy(&saved),
            "{name}"
        );
        assert!(replay.stdout == saved, "{name}");
        // The decisions changed the text, or the comparison proves nothing.
        let mut plain = vec!["clean", "-q"];
        plain.extend_from_slice(&args[1..]);
        plain.push(name);
        let plain = common::transcrub(&plain, dir.path());
        changed_formats += usize::from(plain.stdout != saved);
    }
    assert!(
        decided_formats >= 30,
        "only {decided_formats} formats had changes to decide"
    );
    assert!(
        changed_formats >= 25,
        "the decisions changed only {changed_formats} outputs"
    );
}

#[test]
fn a_slow_player_holds_up_no_decision() {
    let dir = tempfile::tempdir().unwrap();
    // 64 MB: more than the sockets buffer.
    let media = std::fs::File::create(dir.path().join("talk.webm")).unwrap();
    media.set_len(64 << 20).unwrap();
    std::fs::copy(
        common::fixture("review/talk-search-engines.srt"),
        dir.path().join("talk.srt"),
    )
    .unwrap();
    let review = Review::start(dir.path(), &["talk.srt", "--media", "talk.webm"]);
    // A player asks for the whole file and reads none of it.
    let mut player = TcpStream::connect(("127.0.0.1", review.port)).unwrap();
    write!(
        player,
        "GET /media?token={} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
        review.token, review.port
    )
    .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let mut probe = TcpStream::connect(("127.0.0.1", review.port)).unwrap();
    probe
        .set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    write!(
        probe,
        "GET /api/state?token={} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
        review.token, review.port
    )
    .unwrap();
    let mut answer = Vec::new();
    probe
        .read_to_end(&mut answer)
        .expect("the state came while the player waited");
    assert!(answer.starts_with(b"HTTP/1.1 200"));
    drop(player);
    review.finish();
}

#[test]
fn done_keeps_unsaved_decisions_unless_told_to_leave_them() {
    let dir = tempfile::tempdir().unwrap();
    seed_copy(dir.path());
    let review = Review::start(dir.path(), &["episode.txt", "-d", "show.toml"]);
    let snow = item(&review.state(), "dictionary", "snow camp")["id"].clone();
    review.post("/api/decide", &json!({"id": snow, "verdict": "reject"}));
    let (status, body) = review.post("/api/done", &json!({}));
    assert_eq!(status, 409, "{body}");
    assert!(body["error"].as_str().unwrap().contains("not saved"));
    review.leave();
    assert!(!dir.path().join("episode.reviewed.txt").exists());
}

#[test]
fn one_spelling_accepted_here_and_rejected_there() {
    let dir = tempfile::tempdir().unwrap();
    let (input, _) = seed_copy(dir.path());
    std::fs::write(
        &input,
        "une nouvelle API d'Encube pour tout remplacer\net puis d'Encube encore, mais là non\n",
    )
    .unwrap();
    let review = Review::start(dir.path(), &["episode.txt", "-d", "show.toml", "--fuzzy"]);
    let state = review.state();
    let ids: Vec<Value> = state["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["before"] == "d'Encube")
        .map(|i| i["id"].clone())
        .collect();
    assert_eq!(ids.len(), 2, "{state}");
    let (status, _) = review.post("/api/decide", &json!({"id": ids[0], "verdict": "accept"}));
    assert_eq!(status, 200);
    // The spelling is a variant now: the second is rejected here only.
    let (status, body) = review.post("/api/decide", &json!({"id": ids[1], "verdict": "reject"}));
    assert_eq!(status, 200, "{body}");
    let second = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == ids[1])
        .unwrap();
    assert_eq!(second["status"], "rejected");
    assert!(
        second["reject_effect"]
            .as_str()
            .unwrap()
            .starts_with("keeps the text as it was here"),
        "{second}"
    );
    let (status, _) = review.post("/api/save", &json!({}));
    assert_eq!(status, 200);
    review.finish();
    let reviewed = std::fs::read_to_string(dir.path().join("episode.reviewed.txt")).unwrap();
    assert_eq!(
        reviewed,
        "une nouvelle API dans Kube pour tout remplacer\net puis d'Encube encore, mais là non\n"
    );
    assert_eq!(replay_seed(dir.path()), reviewed);
}

#[test]
fn a_second_review_starts_from_the_first_ones_log() {
    let dir = tempfile::tempdir().unwrap();
    seed_copy(dir.path());
    let review = Review::start(dir.path(), &["episode.txt", "-d", "show.toml"]);
    let snow = item(&review.state(), "dictionary", "snow camp")["id"].clone();
    review.post("/api/decide", &json!({"id": snow, "verdict": "reject"}));
    review.post("/api/save", &json!({}));
    review.finish();
    let first = std::fs::read_to_string(dir.path().join("episode.reviewed.txt")).unwrap();
    assert!(first.contains("snow camp"));

    let review = Review::start(dir.path(), &["episode.txt", "-d", "show.toml"]);
    let state = review.state();
    assert_eq!(
        item(&state, "dictionary", "snow camp")["status"],
        "rejected"
    );
    assert_eq!(state["decided"], 1);
    let (status, _) = review.post("/api/save", &json!({}));
    assert_eq!(status, 200);
    review.finish();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("episode.reviewed.txt")).unwrap(),
        first
    );
}
