//! Output formats. A reporter is chosen once from `--format`; each format is one file.
//!
//! The machine formats share what is computed here: each finding's place as 1-based line
//! and column (columns count characters, i.e. Unicode scalar values, as `concise` does; the
//! end is exclusive: the column just past the span's last character), its path, its rule's
//! documentation URL and a fingerprint that survives lines moving. Places and fingerprint
//! hashes are computed by [`locate_findings`], which the engine calls while each file's
//! text is in hand; the formats stream the findings ([`Locator`], [`Streamed`]) rather than
//! collect them, so output adds little to a run's memory.

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

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::engine::{FileReport, Outcome};
use crate::rules::RuleSet;
pub use crate::span::{Lines, Position, Region};

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
        let entry = counts.entry(d.rule).or_insert((d.severity, 0));
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
    let shown = working_dir()
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
    let Some(cwd) = working_dir() else {
        return Place::Outside(path.to_path_buf());
    };
    place_in(path, cwd)
}

/// The working directory, asked once: it does not change during a run, and the machine
/// formats place every finding's file relative to it.
fn working_dir() -> Option<&'static Path> {
    static CWD: std::sync::LazyLock<Option<std::path::PathBuf>> =
        std::sync::LazyLock::new(|| std::env::current_dir().ok());
    CWD.as_deref()
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

/// Give each finding of a file that has no [`Location`] yet (and each secondary label
/// without a region) its place in `text`: lines and columns, and the hash its fingerprint
/// starts from. `path` is the file's, as the findings' [`FileReport`] has it. Called while the
/// text is in hand (the engine's per-page phase), so that no format but `human` reads a file
/// again; a file whose text is gone is located in the empty text (line 1, column 1), as it
/// would have been shown.
pub fn locate_findings(path: &Path, text: &str, diagnostics: &mut [Diagnostic]) {
    if diagnostics.iter().all(Diagnostic::is_located) {
        return;
    }
    let lines = Lines::new(text);
    let path = report_path(path);
    for d in diagnostics {
        if d.located.is_none() {
            let region = lines.region(d.span);
            let line = lines.line_text(region.start.line as usize);
            d.located = Some(Location {
                region,
                line_hash: line_hash(d.rule, &path, line),
            });
        }
        for label in d.labels_mut() {
            label.region = label.region.or_else(|| Some(lines.region(label.span)));
        }
    }
}

/// A finding with everything the machine formats print about it.
pub struct Located<'a> {
    pub file: &'a FileReport,
    pub d: &'a Diagnostic,
    /// The path as machine formats print it (see [`report_path`]).
    pub path: &'a str,
    pub region: Region,
    /// Secondary labels with their regions.
    pub labels: Vec<(Region, &'a str)>,
    /// Stable across edits elsewhere in the file: a hash of the rule id, the path and the
    /// text of the finding's first line (not its number), then `:n` for the n-th finding
    /// with the same hash in the file.
    pub fingerprint: String,
}

/// The findings of a run, located one at a time in report order: a format streams them
/// rather than holding a copy of every finding. Holds each file's report path.
pub struct Locator<'a> {
    outcome: &'a Outcome,
    paths: Vec<String>,
}

impl<'a> Locator<'a> {
    pub fn new(outcome: &'a Outcome) -> Self {
        let paths = outcome.files.iter().map(|f| report_path(&f.path)).collect();
        Locator { outcome, paths }
    }

    /// Every finding, in report order.
    pub fn iter(&self) -> impl Iterator<Item = Located<'_>> {
        (0..self.paths.len()).flat_map(|i| self.file(i))
    }

    /// The report path of the `i`-th file of the outcome.
    pub fn path(&self, i: usize) -> &str {
        self.paths.get(i).map_or("", String::as_str)
    }

    /// The findings of the `i`-th file of the outcome, in order.
    pub fn file(&self, i: usize) -> impl Iterator<Item = Located<'_>> {
        let path = self.path(i);
        let mut seen: BTreeMap<u64, usize> = BTreeMap::new();
        let file = self.outcome.files.get(i);
        file.into_iter()
            .flat_map(|file| file.diagnostics.iter().map(move |d| (file, d)))
            .map(move |(file, d)| {
                // A finding never located (its text was not at hand) is where the empty text
                // puts it.
                let at = d.located.unwrap_or(Location {
                    region: UNKNOWN,
                    line_hash: line_hash(d.rule, path, ""),
                });
                let n = seen.entry(at.line_hash).or_insert(0);
                *n += 1;
                Located {
                    file,
                    d,
                    path,
                    region: at.region,
                    labels: d
                        .labels()
                        .iter()
                        .map(|l| (l.region.unwrap_or(UNKNOWN), l.text.as_ref()))
                        .collect(),
                    fingerprint: format!("{:016x}:{n}", at.line_hash),
                }
            })
    }
}

/// The region of any span in an empty text.
const UNKNOWN: Region = Region {
    start: Position { line: 1, column: 1 },
    end: Position { line: 1, column: 1 },
};

/// A sequence serialized as it is produced (serde_json writes it exactly as it writes a
/// `Vec` of the same items), so that a format need not hold every finding at once.
pub struct Streamed<F>(pub F);

impl<F, I> Serialize for Streamed<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
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
