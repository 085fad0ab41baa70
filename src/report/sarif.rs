//! SARIF 2.1.0, for code scanning (GitHub, Azure DevOps, the IDE viewers): one run whose
//! `tool.driver.rules` describe every loaded rule (id, PascalCase name, short and full
//! description, help, help URI, default level), and one result per finding with its
//! region, secondary labels as related locations, and a `partialFingerprints` entry that
//! survives lines moving (see [`super::Located::fingerprint`]).
//!
//! File URIs are relative to the working directory (taken as the repository root) with
//! `uriBaseId` `%SRCROOT%`; a file outside it gets an absolute `file://` URI. Columns count
//! characters, so the run says `"columnKind": "unicodeCodePoints"`.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{HOME_URL, Located, Locator, Place, Region, Streamed, place, rule_url};
use crate::diagnostic::Severity;
use crate::engine::{self, Outcome};
use crate::rules::RuleSet;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";
/// The key of eventlint's fingerprint in `partialFingerprints`; bump the version if the
/// way it is computed ever changes.
const FINGERPRINT_KEY: &str = "eventlintLineHash/v1";

/// The findings the engine itself makes, which no rule file describes.
const ENGINE_RULES: &[(&str, &str)] = &[
    (
        engine::IO_ERROR,
        "a file that cannot be read, or a path that cannot be walked",
    ),
    (
        engine::ENCODING,
        "a file that is not valid UTF-8 (Hugo reads content as UTF-8)",
    ),
    (engine::HUGO_CONFIG, "the Hugo site's config does not parse"),
    (
        engine::FILE_SIZE,
        "a file over the size eventlint lints (8 MiB), not linted",
    ),
];

#[derive(Serialize)]
#[serde(bound(serialize = "Streamed<F>: Serialize"))]
struct Log<F> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<F>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[serde(bound(serialize = "Streamed<F>: Serialize"))]
struct Run<F> {
    tool: Tool,
    invocations: Vec<Invocation>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    original_uri_base_ids: BTreeMap<&'static str, ArtifactLocation>,
    column_kind: &'static str,
    /// Every finding, as a [`SarifResult`].
    results: Streamed<F>,
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
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Descriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: String,
    name: String,
    short_description: Message,
    full_description: Message,
    help: Message,
    help_uri: String,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
    #[serde(skip_serializing_if = "is_true")]
    enabled: bool,
}

fn is_true(b: &bool) -> bool {
    *b
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
}

#[derive(Serialize)]
struct Message {
    text: String,
}

impl Message {
    fn new(text: impl Into<String>) -> Self {
        Message { text: text.into() }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Message,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: SarifRegion,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRegion {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

impl From<Region> for SarifRegion {
    fn from(r: Region) -> Self {
        SarifRegion {
            start_line: r.start.line,
            start_column: r.start.column,
            end_line: r.end.line,
            end_column: r.end.column,
        }
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `heading-increment` → `HeadingIncrement`: SARIF's "friendly name" convention.
fn pascal_case(id: &str) -> String {
    id.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// The first paragraph of a kind's documentation, on one line.
fn first_paragraph(doc: &str) -> String {
    doc.trim()
        .split("\n\n")
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn descriptor(id: &str, severity: Severity, short: &str, doc: &str, enabled: bool) -> Descriptor {
    let full = first_paragraph(doc);
    Descriptor {
        id: id.to_string(),
        name: pascal_case(id),
        short_description: Message::new(short),
        full_description: Message::new(if full.is_empty() { short } else { &full }),
        help: Message::new(if doc.trim().is_empty() {
            short
        } else {
            doc.trim()
        }),
        help_uri: rule_url(id),
        default_configuration: Configuration {
            level: level(severity),
            enabled,
        },
    }
}

/// Every rule in force, the engine's own, and any other id a finding carries (a rule of a
/// config further down the tree than the working directory's).
fn descriptors(rules: Option<&RuleSet>, outcome: &Outcome) -> Vec<Descriptor> {
    let mut out: Vec<Descriptor> = rules
        .map(|rules| rules.rules.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|r| descriptor(&r.id, r.severity, &r.summary, &r.kind.doc(), r.enabled))
        .collect();
    for (id, summary) in ENGINE_RULES {
        if out.iter().all(|d| d.id != *id) {
            out.push(descriptor(id, Severity::Error, summary, "", true));
        }
    }
    for d in outcome.diagnostics() {
        if out.iter().all(|known| known.id != d.rule) {
            out.push(descriptor(d.rule, d.severity, d.rule, "", true));
        }
    }
    out
}

/// A path as a URI reference: unreserved characters and `/` as they are, every other
/// byte percent-encoded (spaces, `#`, `%`, non-ASCII names).
fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn artifact(path: &std::path::Path) -> ArtifactLocation {
    match place(path) {
        Place::Relative(rel) => ArtifactLocation {
            uri: uri_path(&rel),
            uri_base_id: Some(SRCROOT),
        },
        Place::Outside(abs) => ArtifactLocation {
            uri: file_uri(&abs.to_string_lossy(), false),
            uri_base_id: None,
        },
    }
}

/// A `file://` URI for an absolute path (a directory's ends with `/`).
fn file_uri(path: &str, dir: bool) -> String {
    let path = path.replace('\\', "/");
    let mut uri = String::from("file://");
    if !path.starts_with('/') {
        uri.push('/'); // C:/… on Windows
    }
    uri.push_str(&uri_path(&path));
    if dir && !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

pub fn write(outcome: &Outcome, rules: Option<&RuleSet>, out: &mut dyn Write) -> io::Result<()> {
    let rules = descriptors(rules, outcome);
    let index: BTreeMap<String, usize> = rules
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.clone(), i))
        .collect();
    let result = |f: Located<'_>| {
        let artifact = artifact(&f.file.path);
        SarifResult {
            rule_id: f.d.rule,
            rule_index: index.get(f.d.rule).copied().unwrap_or(0),
            level: level(f.d.severity),
            message: Message::new(f.d.message.as_ref()),
            locations: vec![Location {
                id: None,
                physical_location: PhysicalLocation {
                    artifact_location: artifact.clone(),
                    region: f.region.into(),
                },
                message: None,
            }],
            related_locations: f
                .labels
                .iter()
                .enumerate()
                .map(|(i, (region, text))| Location {
                    id: Some(i + 1),
                    physical_location: PhysicalLocation {
                        artifact_location: artifact.clone(),
                        region: (*region).into(),
                    },
                    message: Some(Message::new(*text)),
                })
                .collect(),
            partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, f.fingerprint)]),
        }
    };
    let locator = Locator::new(outcome);
    let results = Streamed(|| locator.iter().map(result));
    let mut base_ids = BTreeMap::new();
    if let Ok(cwd) = std::env::current_dir() {
        base_ids.insert(
            SRCROOT,
            ArtifactLocation {
                uri: file_uri(&cwd.to_string_lossy(), true),
                uri_base_id: None,
            },
        );
    }
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "eventlint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: HOME_URL,
                    rules,
                },
            },
            invocations: vec![Invocation {
                execution_successful: outcome.io_errors == 0,
            }],
            original_uri_base_ids: base_ids,
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_uris() {
        assert_eq!(pascal_case("heading-increment"), "HeadingIncrement");
        assert_eq!(pascal_case("io-error"), "IoError");
        assert_eq!(
            uri_path("content/4-Sự kiện/a#1%.md"),
            "content/4-S%E1%BB%B1%20ki%E1%BB%87n/a%231%25.md"
        );
        assert_eq!(file_uri("/work/a b", true), "file:///work/a%20b/");
        assert_eq!(
            first_paragraph("Reports a\nthing.\n\nWhy: x"),
            "Reports a thing."
        );
    }
}
