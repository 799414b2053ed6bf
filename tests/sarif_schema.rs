//! The acceptance criterion "SARIF output validates against the SARIF 2.1.0
//! schema", checked against the official OASIS schema (JSON Schema
//! draft-07). The schema is not copied into this repository: it ships in
//! the published source of the `serde-sarif` crate, a dev-dependency pinned
//! by Cargo.lock, which cargo has downloaded by the time tests run. No
//! network is used here; a missing schema fails the test, never skips it.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use transcrub::lint::format::{self, OutputFormat, Style};
use transcrub::lint::rules::ALL;
use transcrub::lint::{Diagnostic, Fix, RuleInfo, Severity, SourceLine};

#[test]
fn sarif_output_validates_against_the_sarif_2_1_0_schema() {
    let validator = validator();
    let diagnostics = diagnostics();
    let log = sarif(&diagnostics);
    assert_eq!(
        log["runs"][0]["results"].as_array().map(Vec::len),
        Some(diagnostics.len())
    );
    assert_valid(&validator, &log);
    assert_valid(&validator, &sarif(&[]));
}

#[test]
fn the_validator_rejects_documents_that_break_the_schema() {
    let validator = validator();
    let log = sarif(&diagnostics());
    let rejects = |what: &str, break_it: &dyn Fn(&mut Value)| {
        let mut broken = log.clone();
        break_it(&mut broken);
        assert!(
            !validator.is_valid(&broken),
            "the schema should reject {what}"
        );
    };
    let set = |log: &mut Value, pointer: &str, value: Value| {
        *log.pointer_mut(pointer)
            .unwrap_or_else(|| panic!("no {pointer} in our SARIF")) = value;
    };
    let result = "/runs/0/results/0";
    let location = "/runs/0/results/0/locations/0/physicalLocation";
    let fixed = log["runs"][0]["results"]
        .as_array()
        .and_then(|results| results.iter().position(|r| r.get("fixes").is_some()))
        .expect("a result with a fix");

    rejects("a level SARIF does not have", &|log| {
        set(log, &format!("{result}/level"), json!("fatal"));
    });
    rejects("a log without its version", &|log| {
        log.as_object_mut().unwrap().remove("version");
    });
    rejects("a column before the first", &|log| {
        set(log, &format!("{location}/region/startColumn"), json!(0));
    });
    rejects("a property the result object does not define", &|log| {
        log.pointer_mut(result).unwrap()["severity"] = json!("error");
    });
    rejects("a fix that changes nothing", &|log| {
        let pointer = format!("/runs/0/results/{fixed}/fixes/0/artifactChanges");
        set(log, &pointer, json!([]));
    });
    rejects("a URI with a bare space (format uri-reference)", &|log| {
        set(
            log,
            &format!("{location}/artifactLocation/uri"),
            json!("my subs/a b.srt"),
        );
    });
}

/// Every rule once, then the cases the SARIF writer treats apart: a safe
/// replacement, an unsafe removal across two lines, an empty span, a
/// severity overridden by configuration, and paths that need escaping.
fn diagnostics() -> Vec<Diagnostic> {
    let mut all: Vec<Diagnostic> = ALL
        .iter()
        .enumerate()
        .map(|(i, rule)| diagnostic(rule, "subs/ep1.srt", i + 1, 1, 5, None))
        .collect();
    all.push(diagnostic(
        ALL[0],
        "subs/ep1.srt",
        30,
        4,
        16,
        Some(Fix::safe("Elasticsearch")),
    ));
    let mut across = diagnostic(ALL[1], "subs/ep1.srt", 40, 1, 8, Some(Fix::unsafe_("")));
    across.end_line = 41;
    all.push(across);
    all.push(diagnostic(ALL[0], "my subs/épisode #1?.vtt", 2, 3, 3, None));
    let mut overridden = diagnostic(ALL[0], "100%: a,b.txt", 1, 1, 2, Some(Fix::safe(" ")));
    overridden.severity = Severity::Info;
    all.push(overridden);
    let absolute = std::env::temp_dir().join("transcrub test.srt");
    all.push(diagnostic(
        ALL[0],
        absolute.to_str().unwrap(),
        1,
        2,
        3,
        None,
    ));
    all
}

fn diagnostic(
    rule: &'static RuleInfo,
    path: &str,
    line: usize,
    column: usize,
    end_column: usize,
    fix: Option<Fix>,
) -> Diagnostic {
    Diagnostic {
        path: PathBuf::from(path),
        line,
        column,
        end_line: line,
        end_column,
        rule,
        severity: rule.severity,
        message: format!("{} finding \"x\"\nsecond line", rule.name),
        fix,
        source_line: SourceLine::whole("la stick search ici"),
    }
}

fn sarif(diagnostics: &[Diagnostic]) -> Value {
    let mut out = Vec::new();
    format::write(
        &mut out,
        OutputFormat::Sarif,
        diagnostics,
        Style { color: false },
    )
    .unwrap();
    serde_json::from_slice(&out).expect("SARIF output is JSON")
}

fn assert_valid(validator: &jsonschema::Validator, log: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("  at {}: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF output breaks the SARIF 2.1.0 schema:\n{}",
        errors.join("\n")
    );
}

/// A draft-07 validator of the official schema, checking `format`s too
/// (`uri`, `uri-reference`): viewers resolve artifact URIs.
fn validator() -> jsonschema::Validator {
    let path = schema_path();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut schema: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
    assert_eq!(
        (schema["$schema"].as_str(), schema["title"].as_str()),
        (
            Some("http://json-schema.org/draft-07/schema#"),
            Some("Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"),
        ),
        "{} is not the SARIF 2.1.0 schema",
        path.display()
    );
    escape_lone_brackets(&mut schema);
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{} does not compile: {e}", path.display()))
}

/// The schema's two `language` patterns end in `]?`: a lone `]`, which
/// ECMAScript reads as a literal only outside Unicode mode (Annex B). The
/// validator parses patterns strictly and refuses the whole schema for it,
/// so the literal is escaped: same meaning, and nothing else is touched.
fn escape_lone_brackets(schema: &mut Value) {
    const LENIENT: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    const STRICT: &str = r"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\]?$";
    match schema {
        Value::Object(object) => {
            for (key, value) in object.iter_mut() {
                if key == "pattern" && value == LENIENT {
                    *value = json!(STRICT);
                } else {
                    escape_lone_brackets(value);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(escape_lone_brackets),
        _ => {}
    }
}

/// `src/schema.json` of the `serde-sarif` version that Cargo.lock pins, in
/// cargo's registry sources (`$CARGO_HOME/registry/src/<index>/`).
fn schema_path() -> PathBuf {
    let version = locked_version("serde-sarif");
    let package = format!("serde-sarif-{version}");
    let sources = cargo_home().join("registry").join("src");
    let found = std::fs::read_dir(&sources).ok().and_then(|indexes| {
        indexes
            .filter_map(Result::ok)
            .map(|index| index.path().join(&package).join("src/schema.json"))
            .find(|schema| schema.is_file())
    });
    found.unwrap_or_else(|| {
        panic!(
            "the SARIF 2.1.0 schema was not found at {}/*/{package}/src/schema.json. \
             It ships in the serde-sarif crate, a dev-dependency: run `cargo fetch` \
             (or any `cargo test`) with access to crates.io to download it, and set \
             CARGO_HOME if cargo's home is not ~/.cargo",
            sources.display()
        )
    })
}

fn locked_version(package: &str) -> String {
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock");
    let text = std::fs::read_to_string(&lock)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", lock.display()));
    let lock: toml::Table = text.parse().expect("Cargo.lock is TOML");
    lock["package"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"].as_str() == Some(package))
        .and_then(|p| p["version"].as_str())
        .unwrap_or_else(|| panic!("{package} is not in Cargo.lock: it is a dev-dependency"))
        .to_string()
}

/// Where cargo keeps downloads: `CARGO_HOME` as cargo itself reads it.
fn cargo_home() -> PathBuf {
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        return PathBuf::from(home);
    }
    let home = std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .expect("neither CARGO_HOME nor HOME is set");
    Path::new(&home).join(".cargo")
}
