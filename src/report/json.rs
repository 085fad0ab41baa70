//! One JSON document for programs:
//!
//! ```json
//! {"version": 1, "tool": {"name": "eventlint", "version": "0.1.0"},
//!  "findings": [{"path": "…", "line": 2, "column": 8, "end_line": 2, "end_column": 17,
//!                "rule": "title-generic", "severity": "warning", "message": "…",
//!                "help": "…", "url": "…", "labels": []}],
//!  "summary": {"files": 4, "errors": 0, "warnings": 11, "infos": 0}}
//! ```
//!
//! Lines and columns are 1-based; columns count characters; `end_column` is exclusive.
//! `version` is the schema's: it changes only when a field changes meaning or goes away.

use std::io::{self, Write};

use serde::Serialize;

use super::{Located, Locator, Streamed, rule_url};
use crate::diagnostic::Severity;
use crate::engine::Outcome;

/// The schema version of `json` and `json-lines` output.
pub const SCHEMA_VERSION: u32 = 1;

/// One finding as `json` and `json-lines` print it.
#[derive(Debug, Serialize)]
pub struct Finding<'a> {
    pub path: &'a str,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub rule: &'a str,
    pub severity: Severity,
    pub message: &'a str,
    pub help: Option<&'a str>,
    pub url: String,
    /// Other places the finding refers to ("first listed here").
    pub labels: Vec<Label<'a>>,
}

#[derive(Debug, Serialize)]
pub struct Label<'a> {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub message: &'a str,
}

impl<'a> Finding<'a> {
    pub fn of(f: &Located<'a>) -> Self {
        Finding {
            path: f.path,
            line: f.region.start.line,
            column: f.region.start.column,
            end_line: f.region.end.line,
            end_column: f.region.end.column,
            rule: f.d.rule,
            severity: f.d.severity,
            message: &f.d.message,
            help: f.d.help.as_deref(),
            url: rule_url(f.d.rule),
            labels: f
                .labels
                .iter()
                .map(|(r, text)| Label {
                    line: r.start.line,
                    column: r.start.column,
                    end_line: r.end.line,
                    end_column: r.end.column,
                    message: text,
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

const TOOL: Tool = Tool {
    name: "eventlint",
    version: env!("CARGO_PKG_VERSION"),
};

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

#[derive(Serialize)]
#[serde(bound(serialize = "Streamed<F>: Serialize"))]
struct Document<F> {
    version: u32,
    tool: Tool,
    /// Every finding, as a [`Finding`].
    findings: Streamed<F>,
    summary: Summary,
}

pub fn write(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    let locator = Locator::new(outcome);
    let doc = Document {
        version: SCHEMA_VERSION,
        tool: TOOL,
        findings: Streamed(|| locator.iter().map(|f| Finding::of(&f))),
        summary: Summary {
            files: outcome.checked,
            errors: outcome.count(Severity::Error),
            warnings: outcome.count(Severity::Warning),
            infos: outcome.count(Severity::Info),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
