//! GitLab Code Quality JSON (the `codequality` report of a CI job): an array of issues with
//! `description`, `check_name` (the rule id), `fingerprint` (stable across runs: see
//! [`super::Located::fingerprint`]), `severity` (`major` for errors, `minor` for warnings,
//! `info`) and `location` (repository-relative `path`, first and last line).

use std::io::{self, Write};

use serde::Serialize;

use super::{Located, Locator, Streamed};
use crate::diagnostic::Severity;
use crate::engine::Outcome;

#[derive(Serialize)]
struct Issue<'a> {
    description: &'a str,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    end: u32,
}

pub fn write(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    let locator = Locator::new(outcome);
    let issues = Streamed(|| locator.iter().map(issue));
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}

/// A finding as GitLab reads it.
fn issue(f: Located<'_>) -> Issue<'_> {
    Issue {
        description: f.d.message.as_ref(),
        check_name: f.d.rule,
        fingerprint: f.fingerprint,
        severity: match f.d.severity {
            Severity::Error => "major",
            Severity::Warning => "minor",
            Severity::Info => "info",
        },
        location: Location {
            path: f.path,
            lines: Lines {
                begin: f.region.start.line,
                end: f.region.end.line,
            },
        },
    }
}
