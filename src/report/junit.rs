//! JUnit XML, for CI systems that show test results (GitLab, Jenkins, Azure Pipelines):
//! one `<testcase>` per linted file, named by its path, with a `<failure>` per finding
//! (`type` is the rule id, `message` is `line:column: message`, the text adds severity,
//! help and the rule's URL). A file that could not be read gets an `<error>` instead.
//!
//! The XML is written by hand: the format is a handful of elements, and every attribute
//! and text goes through [`escape`], which also replaces characters XML 1.0 cannot carry.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{Located, Locator, report_path, rule_url};
use crate::engine::{IO_ERROR, Outcome};

pub fn write(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    let locator = Locator::new(outcome);
    // Every linted file is a test case; findings may also be in files that were not linted
    // (a broken Hugo config, an unreadable path). A case lists the files (indices into
    // `outcome.files`) whose findings it holds.
    let mut cases: BTreeMap<String, Vec<usize>> = outcome
        .linted
        .iter()
        .map(|p| (report_path(p), Vec::new()))
        .collect();
    for i in 0..outcome.files.len() {
        cases
            .entry(locator.path(i).to_string())
            .or_default()
            .push(i);
    }
    let is_error = |f: &Located<'_>| f.d.rule == IO_ERROR;
    let has_error = |files: &[usize]| {
        files.iter().any(|&i| {
            outcome
                .files
                .get(i)
                .is_some_and(|f| f.diagnostics.iter().any(|d| d.rule == IO_ERROR))
        })
    };
    let has_findings = |files: &[usize]| {
        files.iter().any(|&i| {
            outcome
                .files
                .get(i)
                .is_some_and(|f| !f.diagnostics.is_empty())
        })
    };
    let tests = cases.len();
    let errors = cases.values().filter(|fs| has_error(fs)).count();
    let failures = cases
        .values()
        .filter(|fs| has_findings(fs) && !has_error(fs))
        .count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="eventlint" tests="{tests}" failures="{failures}" errors="{errors}">"#
    )?;
    writeln!(
        out,
        r#"  <testsuite name="eventlint" tests="{tests}" failures="{failures}" errors="{errors}" skipped="0">"#
    )?;
    for (path, files) in &cases {
        let path = escape(path);
        let open = format!(r#"    <testcase name="{path}" classname="eventlint" file="{path}""#);
        if !has_findings(files) {
            writeln!(out, "{open}/>")?;
            continue;
        }
        writeln!(out, "{open}>")?;
        for f in files.iter().flat_map(|&i| locator.file(i)) {
            let element = if is_error(&f) { "error" } else { "failure" };
            let start = f.region.start;
            let mut body = format!(
                "{}:{}:{}: {}[{}] {}",
                f.path, start.line, start.column, f.d.severity, f.d.rule, f.d.message
            );
            if let Some(help) = &f.d.help {
                body.push_str(&format!("\nhelp: {help}"));
            }
            body.push_str(&format!("\nsee: {}", rule_url(f.d.rule)));
            writeln!(
                out,
                r#"      <{element} type="{}" message="{}">{}</{element}>"#,
                escape(f.d.rule),
                escape(&format!("{}:{}: {}", start.line, start.column, f.d.message)),
                escape_text(&body)
            )?;
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

/// Text or attribute value for XML 1.0: markup characters as entities, line breaks and tabs
/// as character references (so attribute values keep them), and characters XML cannot
/// carry at all (other control characters, U+FFFE, U+FFFF) as U+FFFD.
pub fn escape(s: &str) -> String {
    escape_with(s, true)
}

/// Element text: as [`escape`], but quotes, line feeds and tabs stay as they are.
pub fn escape_text(s: &str) -> String {
    escape_with(s, false)
}

fn escape_with(s: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\t' if !in_attribute => out.push(c),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if in_attribute => out.push_str("&quot;"),
            '\'' if in_attribute => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_breaks_and_characters_xml_cannot_carry() {
        assert_eq!(
            escape("a<b>&\"c\" 'd'\n\te\u{1}\u{FFFF}]]>"),
            "a&lt;b&gt;&amp;&quot;c&quot; &apos;d&apos;&#10;&#9;e\u{FFFD}\u{FFFD}]]&gt;"
        );
        assert_eq!(escape("Sự kiện"), "Sự kiện");
        assert_eq!(escape_text("a\n\tb\r<'\""), "a\n\tb&#13;&lt;'\"");
    }
}
