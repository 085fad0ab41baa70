//! Output formats. A reporter is chosen once from `--format`; each format is one file.
//!
//! The machine formats share what is computed here: each finding's place as 1-based line
//! and column (columns count characters, i.e. Unicode scalar values, as `concise` does; the
//! end is exclusive: the column just past the span's last character), its path, its rule's
//! documentation URL and a fingerprint that survives lines moving.

pub mod concise;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod json_lines;
pub mod junit;
pub mod sarif;

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::{FileReport, Outcome};
use crate::rules::RuleSet;
use crate::span::{LineIndex, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style: source snippet, label under the span, help (miette).
    Human,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Concise,
    /// One JSON document: every finding with its place, rule, severity, message, help, URL.
    Json,
    /// One JSON object per finding, one per line.
    JsonLines,
    /// GitHub Actions workflow commands (`::error file=…::message`): annotations on a PR.
    Github,
    /// SARIF 2.1.0, for code scanning (GitHub, Azure DevOps, IDE viewers).
    Sarif,
    /// JUnit XML: one test case per linted file, a failure per finding.
    Junit,
    /// GitLab Code Quality JSON.
    Gitlab,
}

/// The environment variable that sets the format when `--format` is not given.
pub const FORMAT_ENV: &str = "EVENTLINT_FORMAT";

impl Format {
    /// The format `EVENTLINT_FORMAT` names; unset or empty is none.
    pub fn from_env() -> Result<Option<Format>, String> {
        let Some(value) = std::env::var_os(FORMAT_ENV) else {
            return Ok(None);
        };
        let value = value.to_string_lossy();
        if value.trim().is_empty() {
            return Ok(None);
        }
        <Format as clap::ValueEnum>::from_str(value.trim(), true)
            .map(Some)
            .map_err(|_| {
                let names: Vec<String> = <Format as clap::ValueEnum>::value_variants()
                    .iter()
                    .filter_map(clap::ValueEnum::to_possible_value)
                    .map(|v| v.get_name().to_string())
                    .collect();
                format!(
                    "{FORMAT_ENV}={value} is not a format (one of: {})",
                    names.join(", ")
                )
            })
    }

    /// Formats whose output is one document for a program: nothing else may be written
    /// into it, so the summary line is left out and `--statistics` goes to stderr.
    pub fn is_document(self) -> bool {
        matches!(
            self,
            Format::Json | Format::JsonLines | Format::Sarif | Format::Junit | Format::Gitlab
        )
    }
}

/// How to report, from the command line (and later a config file).
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub format: Format,
    pub color: bool,
    /// Only the findings: no summary line.
    pub quiet: bool,
    /// Counts per rule after the findings.
    pub statistics: bool,
}

/// The project's home page. A placeholder until the project is published; every URL in the
/// output derives from it.
pub const HOME_URL: &str = "https://github.com/eventlint/eventlint";

/// The documentation URL of a rule: the README's rule table, the rule id as the anchor
/// (a placeholder, defined only here).
pub fn rule_url(rule: &str) -> String {
    format!("{HOME_URL}#{rule}")
}

/// Write every finding in `options.format` to `out`, then (text formats) the statistics and
/// the summary line. Statistics of a document format go to `side` (stderr). `rules` are the
/// rules in force, for the formats that describe them (SARIF).
pub fn write(
    outcome: &Outcome,
    rules: Option<&RuleSet>,
    options: &Options,
    out: &mut dyn Write,
    side: &mut dyn Write,
) -> io::Result<()> {
    match options.format {
        Format::Human => human::write(outcome, options.color, out)?,
        Format::Concise => concise::write(outcome, out)?,
        Format::Json => json::write(outcome, out)?,
        Format::JsonLines => json_lines::write(outcome, out)?,
        Format::Github => github::write(outcome, out)?,
        Format::Sarif => sarif::write(outcome, rules, out)?,
        Format::Junit => junit::write(outcome, out)?,
        Format::Gitlab => gitlab::write(outcome, out)?,
    }
    if options.format.is_document() {
        if options.statistics {
            write_statistics(outcome, side)?;
        }
        return Ok(());
    }
    if options.statistics {
        write_statistics(outcome, out)?;
    }
    if !options.quiet {
        writeln!(out, "{}", summary(outcome))?;
    }
    Ok(())
}

/// `N errors, M warnings in K files`.
pub fn summary(outcome: &Outcome) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut parts = vec![
        plural(outcome.count(Severity::Error), "error"),
        plural(outcome.count(Severity::Warning), "warning"),
    ];
    let infos = outcome.count(Severity::Info);
    if infos > 0 {
        parts.push(plural(infos, "info"));
    }
    format!(
        "{} in {}",
        parts.join(", "),
        plural(outcome.checked, "file")
    )
}

/// How many findings each rule made, most first (ties by rule id).
pub fn statistics(outcome: &Outcome) -> Vec<(&str, Severity, usize)> {
    let mut counts: BTreeMap<&str, (Severity, usize)> = BTreeMap::new();
    for d in outcome.diagnostics() {
        let entry = counts.entry(&d.rule).or_insert((d.severity, 0));
        entry.0 = entry.0.max(d.severity);
        entry.1 += 1;
    }
    let mut rows: Vec<(&str, Severity, usize)> = counts
        .into_iter()
        .map(|(rule, (severity, n))| (rule, severity, n))
        .collect();
    rows.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
    rows
}

/// `  count  rule-id  severity`, one line per rule that found something.
fn write_statistics(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    let rows = statistics(outcome);
    let count_width = rows
        .iter()
        .map(|r| r.2.to_string().len())
        .max()
        .unwrap_or(1);
    let rule_width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    for (rule, severity, n) in rows {
        writeln!(out, "{n:>count_width$}  {rule:<rule_width$}  {severity}")?;
    }
    Ok(())
}

/// A path as the user should see it: relative to the working directory when below it.
pub fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let shown = cwd
        .as_deref()
        .and_then(|cwd| path.strip_prefix(cwd).ok())
        .unwrap_or(path);
    shown.display().to_string()
}

/// Where a file is, for formats that want repository-relative paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Below the working directory: the path from there, `/`-separated, without `.`/`..`.
    Relative(String),
    /// Elsewhere: the absolute path, lexically normalised.
    Outside(PathBuf),
}

/// Place `path` relative to the working directory (taken as the repository root).
pub fn place(path: &Path) -> Place {
    let Ok(cwd) = std::env::current_dir() else {
        return Place::Outside(path.to_path_buf());
    };
    place_in(path, &cwd)
}

fn place_in(path: &Path, cwd: &Path) -> Place {
    let absolute = normalize(&cwd.join(path));
    let cwd = normalize(cwd);
    match absolute.strip_prefix(&cwd) {
        Ok(rel) => {
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            Place::Relative(parts.join("/"))
        }
        Err(_) => Place::Outside(absolute),
    }
}

/// Drop `.` and resolve `..` without touching the file system (symlinks are left alone:
/// the path is reported as the user named it).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The path machine formats print: repository-relative when the file is below the working
/// directory, otherwise as the user named it.
pub fn report_path(path: &Path) -> String {
    match place(path) {
        Place::Relative(rel) => rel,
        Place::Outside(_) => display_path(path),
    }
}

/// A 1-based line and column; columns count characters (Unicode scalar values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Where a span is: its start, and its exclusive end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub start: Position,
    pub end: Position,
}

impl Region {
    pub fn is_single_line(&self) -> bool {
        self.start.line == self.end.line
    }
}

/// A file's text with its line index, to turn spans into regions.
pub struct Lines<'a> {
    text: &'a str,
    index: LineIndex,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        Lines {
            text,
            index: LineIndex::new(text),
        }
    }

    fn position(&self, offset: usize) -> Position {
        let (line, column) = self.index.line_col(self.text, offset);
        Position { line, column }
    }

    /// The region of `span`. A span that ends with its line's terminator ends on that line
    /// (after its last character), not at column 1 of the next one.
    pub fn region(&self, span: Span) -> Region {
        let start_offset = span.start.min(self.text.len());
        let end_offset = span.end.min(self.text.len()).max(start_offset);
        let start = self.position(start_offset);
        let mut end = self.position(end_offset);
        if end_offset > start_offset && end.column == 1 && end.line > start.line {
            let line = end.line - 1;
            let text = self.line_text(line);
            end = Position {
                line,
                column: text.chars().count() + 1,
            };
        }
        Region { start, end }
    }

    /// The text of 1-based `line`, without its terminator.
    pub fn line_text(&self, line: usize) -> &'a str {
        let Some(start) = self.index.line_start(line) else {
            return "";
        };
        let end = self
            .index
            .line_start(line + 1)
            .unwrap_or(self.text.len())
            .min(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }
}

/// A finding with everything the machine formats print about it.
pub struct Located<'a> {
    pub file: &'a FileReport,
    pub d: &'a Diagnostic,
    /// The path as machine formats print it (see [`report_path`]).
    pub path: String,
    pub region: Region,
    /// Secondary labels with their regions.
    pub labels: Vec<(Region, &'a str)>,
    /// Stable across edits elsewhere in the file: a hash of the rule id, the path and the
    /// text of the finding's first line (not its number), then `:n` for the n-th finding
    /// with the same hash in the file.
    pub fingerprint: String,
}

/// Every finding of the run, in report order, located.
pub fn locate(outcome: &Outcome) -> Vec<Located<'_>> {
    let mut out = Vec::new();
    for file in &outcome.files {
        let text = file.source.as_deref().unwrap_or("");
        let lines = Lines::new(text);
        let path = report_path(&file.path);
        let mut seen: BTreeMap<u64, usize> = BTreeMap::new();
        for d in &file.diagnostics {
            let region = lines.region(d.span);
            let hash = line_hash(&d.rule, &path, lines.line_text(region.start.line));
            let n = seen.entry(hash).or_insert(0);
            *n += 1;
            out.push(Located {
                file,
                d,
                path: path.clone(),
                region,
                labels: d
                    .labels
                    .iter()
                    .map(|l| (lines.region(l.span), l.text.as_str()))
                    .collect(),
                fingerprint: format!("{hash:016x}:{n}"),
            });
        }
    }
    out
}

/// FNV-1a (64 bits) of the rule id, the path and the line's text without surrounding
/// whitespace: fixed by its definition, so fingerprints agree across runs, machines and
/// Rust versions (std's `DefaultHasher` promises none of that).
fn line_hash(rule: &str, path: &str, line: &str) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    for part in [rule, path, line.trim()] {
        for &b in part.as_bytes().iter().chain(&[0u8]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_count_characters_and_end_before_the_line_break() {
        let text = "---\ntitle: \"Sự kiện 3\"\n---\n# A\n";
        let lines = Lines::new(text);
        let at = text.find("Sự").unwrap_or(0);
        let r = lines.region(Span::new(at, at + "Sự kiện 3".len()));
        assert_eq!(r.start, Position { line: 2, column: 9 });
        assert_eq!(
            r.end,
            Position {
                line: 2,
                column: 18
            }
        );
        // A heading span that includes its newline ends on the heading's line.
        let h = text.find("# A").unwrap_or(0);
        let r = lines.region(Span::new(h, h + 4));
        assert_eq!(r.start, Position { line: 4, column: 1 });
        assert_eq!(r.end, Position { line: 4, column: 4 });
        assert!(r.is_single_line());
        // An empty span stays a point; a span past the end is clamped.
        let r = lines.region(Span::point(0));
        assert_eq!(r.start, r.end);
        let r = lines.region(Span::new(text.len() + 5, text.len() + 9));
        assert_eq!(r.start, Position { line: 5, column: 1 });
        assert_eq!(r.start, r.end);
    }

    #[test]
    fn regions_span_lines_with_crlf() {
        let text = "a\r\nbc\r\nd";
        let lines = Lines::new(text);
        let r = lines.region(Span::new(0, 7));
        assert_eq!(r.start, Position { line: 1, column: 1 });
        assert_eq!(r.end, Position { line: 2, column: 3 });
        assert_eq!(lines.line_text(2), "bc");
        assert_eq!(lines.line_text(9), "");
    }

    #[test]
    fn fingerprints_ignore_line_numbers_not_text() {
        let a = line_hash("r", "p.md", "## Speakers");
        assert_eq!(a, line_hash("r", "p.md", "  ## Speakers  "));
        assert_ne!(a, line_hash("r", "p.md", "## Speaker"));
        assert_ne!(a, line_hash("other", "p.md", "## Speakers"));
        assert_ne!(a, line_hash("r", "q.md", "## Speakers"));
        // Fixed by definition: this value must never change.
        assert_eq!(line_hash("", "", ""), 0xd94d_1218_6c0f_2fb7);
    }

    #[test]
    fn places_are_relative_below_the_working_directory() {
        let cwd = Path::new("/repo");
        assert_eq!(
            place_in(Path::new("./content/a b.md"), cwd),
            Place::Relative("content/a b.md".into())
        );
        assert_eq!(
            place_in(Path::new("/repo/x/../y.md"), cwd),
            Place::Relative("y.md".into())
        );
        assert_eq!(
            place_in(Path::new("../shared/c.md"), cwd),
            Place::Outside(PathBuf::from("/shared/c.md"))
        );
    }
}
