//! One SARIF 2.1.0 log (OASIS), the format GitHub code scanning and other
//! viewers import. The run lists every rule of the table, so that a result
//! points at its rule by index, and each fix is a replacement of the
//! finding's region. tests/sarif_schema.rs validates this output against
//! the official schema.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use super::{applicability_name, fix_summary};
use crate::lint::diagnostic::{Diagnostic, Severity};
use crate::lint::rule::RuleInfo;
use crate::lint::rules::ALL;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Where a SARIF viewer sends people to learn about the tool: the crate's
/// `repository`, once Cargo.toml has one.
const INFORMATION_URI: &str = if env!("CARGO_PKG_REPOSITORY").is_empty() {
    "https://github.com/transcrub/transcrub"
} else {
    env!("CARGO_PKG_REPOSITORY")
};

pub(super) fn write(out: &mut dyn Write, diagnostics: &[Diagnostic]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &log(diagnostics))?;
    out.write_all(b"\n")
}

fn log(diagnostics: &[Diagnostic]) -> Log {
    Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "transcrub",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: INFORMATION_URI,
                    rules: ALL.iter().copied().map(descriptor).collect(),
                },
            },
            // Our columns count characters; SARIF's default is UTF-16 code
            // units, which differ after any character outside the BMP.
            column_kind: "unicodeCodePoints",
            results: diagnostics.iter().map(result).collect(),
        }],
    }
}

fn descriptor(rule: &'static RuleInfo) -> ReportingDescriptor {
    ReportingDescriptor {
        id: rule.code,
        name: rule.name,
        short_description: Text::new(rule.summary),
        full_description: Text::new(rule.explanation),
        help: Text::new(format!("{}\n\nExample: {}", rule.explanation, rule.example)),
        default_configuration: Configuration {
            level: level(rule.severity),
        },
    }
}

fn result(d: &Diagnostic) -> SarifResult {
    let uri = artifact_uri(&d.path);
    let region = Region {
        start_line: d.line,
        start_column: d.column,
        end_line: d.end_line,
        end_column: d.end_column,
    };
    let fixes = d.fix.iter().map(|fix| SarifFix {
        description: Text::new(fix_summary(fix)),
        artifact_changes: [ArtifactChange {
            artifact_location: ArtifactLocation { uri: uri.clone() },
            replacements: [Replacement {
                deleted_region: region,
                inserted_content: Text::new(fix.replacement.as_str()),
            }],
        }],
        properties: FixProperties {
            applicability: applicability_name(fix.applicability),
        },
    });
    SarifResult {
        rule_id: d.rule.code,
        rule_index: ALL.iter().position(|r| r.code == d.rule.code),
        level: level(d.severity),
        message: Text::new(d.message.as_str()),
        fixes: fixes.collect(),
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation { uri },
                region,
            },
        }],
    }
}

/// SARIF's levels are `none`, `note`, `warning` and `error`.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The path as a URI reference: `/` between segments, a relative path kept
/// relative (viewers resolve it against the repository), an absolute one
/// as a `file://` URI, and any byte that a URI may not hold
/// percent-encoded (RFC 3986), so that `ep 1#2.srt` stays one file name.
fn artifact_uri(path: &Path) -> String {
    let text = path.to_string_lossy();
    let text = if std::path::MAIN_SEPARATOR == '\\' {
        text.replace('\\', "/")
    } else {
        text.into_owned()
    };
    let absolute = path.is_absolute();
    let mut uri = String::new();
    if absolute {
        uri.push_str("file://");
        if !text.starts_with('/') {
            uri.push('/'); // C:/x -> file:///C:/x
        }
    }
    for byte in text.bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || b"-._~!$&'()*+,;=@/".contains(&byte)
            // In a relative reference a `:` before the first `/` would
            // read as a scheme, so only an absolute path keeps its colons.
            || (absolute && byte == b':');
        if keep {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

// The subset of the SARIF object model that transcrub writes; names and
// nesting are the spec's (§3.13 sarifLog onwards).

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    full_description: Text,
    help: Text,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

/// A message, a multiformat message string or an artifact content: in
/// each, the plain text is `text`.
#[derive(Serialize)]
struct Text {
    text: String,
}

impl Text {
    fn new(text: impl Into<String>) -> Text {
        Text { text: text.into() }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

/// 1-based; `endColumn` is the column after the region, as in `Diagnostic`.
#[derive(Serialize, Clone, Copy)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: [ArtifactChange; 1],
    properties: FixProperties,
}

/// SARIF has no word for a fix's safety; a property bag carries ours.
#[derive(Serialize)]
struct FixProperties {
    applicability: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: [Replacement; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Text,
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::lint::format::sample;

    fn render(diagnostics: &[Diagnostic]) -> (String, Value) {
        let mut out = Vec::new();
        write(&mut out, diagnostics).unwrap();
        let text = String::from_utf8(out).unwrap();
        let value = serde_json::from_str(&text).unwrap();
        (text, value)
    }

    #[test]
    fn the_log_names_the_schema_version_and_tool_with_every_rule() {
        let (text, log) = render(&sample::three());
        assert!(text.starts_with("{\n  \"$schema\": "), "pretty-printed");
        assert!(text.ends_with("}\n"));
        assert_eq!(log["$schema"], SCHEMA);
        assert_eq!(log["version"], "2.1.0");
        assert_eq!(log["runs"].as_array().unwrap().len(), 1);
        let run = &log["runs"][0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "transcrub");
        assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(driver["informationUri"], INFORMATION_URI);
        let rules = driver["rules"].as_array().unwrap();
        assert_eq!(rules.len(), ALL.len());
        for (descriptor, rule) in rules.iter().zip(ALL) {
            assert_eq!(descriptor["id"], rule.code);
            assert_eq!(descriptor["name"], rule.name);
            assert_eq!(descriptor["shortDescription"]["text"], rule.summary);
            assert_eq!(descriptor["fullDescription"]["text"], rule.explanation);
            let help = descriptor["help"]["text"].as_str().unwrap();
            assert!(help.starts_with(rule.explanation) && help.ends_with(rule.example));
            let level = &descriptor["defaultConfiguration"]["level"];
            assert_eq!(*level, super::level(rule.severity));
        }
        let info = rules.iter().find(|r| r["id"] == "TR008").unwrap();
        assert_eq!(info["defaultConfiguration"]["level"], "note");
    }

    #[test]
    fn a_result_with_a_fix_replaces_its_region() {
        let (_, log) = render(&sample::three());
        let results = log["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), 3);
        let region = json!({"startLine": 12, "startColumn": 4, "endLine": 12, "endColumn": 16});
        assert_eq!(
            results[0],
            json!({
                "ruleId": "TR001",
                "ruleIndex": ALL.iter().position(|r| r.code == "TR001").unwrap(),
                "level": "warning",
                "message": {"text": "\"stick search\" is a known misrecognition of \"Elasticsearch\""},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": "subs/ep1.srt"},
                    "region": region,
                }}],
                "fixes": [{
                    "description": {"text": "replace with \"Elasticsearch\""},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": "subs/ep1.srt"},
                        "replacements": [{
                            "deletedRegion": region,
                            "insertedContent": {"text": "Elasticsearch"},
                        }],
                    }],
                    "properties": {"applicability": "safe"},
                }],
            })
        );
        let removal = &results[1]["fixes"][0];
        assert_eq!(removal["description"]["text"], "remove");
        assert_eq!(removal["properties"]["applicability"], "unsafe");
        assert_eq!(
            removal["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
            ""
        );
        assert_eq!(results[1]["level"], "error");
        assert_eq!(
            results[1]["locations"][0]["physicalLocation"]["region"]["endLine"],
            41
        );
        assert_eq!(results[2]["level"], "note");
        assert!(results[2].get("fixes").is_none());
    }

    #[test]
    fn the_level_is_the_configured_severity_not_the_default() {
        let mut d = sample::diagnostic("TR008", "a.txt", (1, 1), (1, 2), "m", "x");
        d.severity = Severity::Error;
        let (_, log) = render(&[d]);
        assert_eq!(log["runs"][0]["results"][0]["level"], "error");
    }

    #[test]
    fn an_empty_run_still_lists_the_rules() {
        let (_, log) = render(&[]);
        assert_eq!(log["runs"][0]["results"], json!([]));
        assert_eq!(
            log["runs"][0]["tool"]["driver"]["rules"]
                .as_array()
                .unwrap()
                .len(),
            ALL.len()
        );
    }

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(artifact_uri(Path::new("subs/ep1.srt")), "subs/ep1.srt");
        assert_eq!(
            artifact_uri(Path::new("my subs/épisode #1?.srt")),
            "my%20subs/%C3%A9pisode%20%231%3F.srt"
        );
        assert_eq!(artifact_uri(Path::new("100%.srt")), "100%25.srt");
        assert_eq!(artifact_uri(Path::new("a:b.srt")), "a%3Ab.srt");
        assert_eq!(artifact_uri(Path::new("../x/(1),a.srt")), "../x/(1),a.srt");
        #[cfg(unix)]
        assert_eq!(
            artifact_uri(Path::new("/tmp/a b:c.srt")),
            "file:///tmp/a%20b:c.srt"
        );
    }
}
