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
use crate::span::small;
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
    // As `display()` shows it (invalid UTF-8 as U+FFFD), without the formatting machinery.
    shown.to_string_lossy().into_owned()
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
    place_below(path, cwd, normalized_working_dir().unwrap_or(cwd))
}

/// The working directory, asked once: it does not change during a run, and the machine
/// formats place every finding's file relative to it.
fn working_dir() -> Option<&'static Path> {
    static CWD: std::sync::LazyLock<Option<std::path::PathBuf>> =
        std::sync::LazyLock::new(|| std::env::current_dir().ok());
    CWD.as_deref()
}

/// [`working_dir`], [`normalize`]d: once, not for every file placed.
fn normalized_working_dir() -> Option<&'static Path> {
    static CWD: std::sync::LazyLock<Option<std::path::PathBuf>> =
        std::sync::LazyLock::new(|| working_dir().map(normalize));
    CWD.as_deref()
}

/// The working directory when normalising leaves it as it is (the usual case): then a
/// clean path below it is shown without normalising (see [`clean_report_path`]).
fn plain_working_dir() -> Option<&'static Path> {
    static CWD: std::sync::LazyLock<Option<&'static Path>> = std::sync::LazyLock::new(|| {
        working_dir().filter(|cwd| normalized_working_dir() == Some(*cwd))
    });
    *CWD
}

#[cfg(test)]
fn place_in(path: &Path, cwd: &Path) -> Place {
    place_below(path, cwd, &normalize(cwd))
}

/// [`place`] with the working directory as it is (`cwd`) and normalised.
fn place_below(path: &Path, cwd: &Path, normalized_cwd: &Path) -> Place {
    let absolute = normalize(&cwd.join(path));
    match absolute.strip_prefix(normalized_cwd) {
        Ok(rel) => {
            let mut joined = String::with_capacity(rel.as_os_str().len());
            for (i, c) in rel.components().enumerate() {
                if i > 0 {
                    joined.push('/');
                }
                joined.push_str(&c.as_os_str().to_string_lossy());
            }
            Place::Relative(joined)
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
    if let Some(cwd) = plain_working_dir()
        && let Some(shown) = clean_report_path(path, cwd)
    {
        return shown;
    }
    match place(path) {
        Place::Relative(rel) => rel,
        Place::Outside(_) => display_path(path),
    }
}

/// [`report_path`] without normalising, for a path that normalising would not change (no
/// `.` or `..` part, no doubled or trailing `/`; every path the walk finds below a plain
/// folder name) and a working directory `cwd` that is itself normalised: below `cwd`,
/// the path from there is the path's own text. `None` for any other path.
fn clean_report_path(path: &Path, cwd: &Path) -> Option<String> {
    if !crate::site::is_clean(path) {
        return None;
    }
    if path.is_relative() {
        return Some(path.to_string_lossy().into_owned());
    }
    Some(match crate::site::below(path, cwd) {
        Some(rel) => rel.to_string_lossy().into_owned(),
        None => display_path(path),
    })
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
    // The offsets asked about, in order: placed in one walk over the lines that stops
    // after the last of them, rather than indexing every line of the file.
    let mut offsets = Vec::new();
    for d in diagnostics.iter() {
        if d.located.is_none() {
            offsets.extend(ends(text, d.span));
        }
        for label in d.labels().iter().filter(|l| l.region.is_none()) {
            offsets.extend(ends(text, label.span));
        }
    }
    let lines = LineWalk::new(text, offsets);
    let path = report_path(path);
    // The hash of (rule, path) for each rule, hashed once: the findings of a file are
    // mostly of a few rules.
    let mut prefixes: Vec<(&'static str, u64)> = Vec::new();
    for d in diagnostics {
        if d.located.is_none() {
            let region = lines.region(d.span);
            let line = lines.line_text_at(d.span.start);
            let prefix = match prefixes
                .iter()
                .find(|(rule, _)| std::ptr::eq(*rule, d.rule))
            {
                Some(&(_, prefix)) => prefix,
                None => {
                    let prefix = fnv(fnv(FNV_OFFSET, d.rule), &path);
                    prefixes.push((d.rule, prefix));
                    prefix
                }
            };
            d.located = Some(Location {
                region,
                line_hash: fnv(prefix, line.trim()),
            });
        }
        for label in d.labels_mut() {
            label.region = label.region.or_else(|| Some(lines.region(label.span)));
        }
    }
}

/// The offsets [`Lines::region`] places for `span`: its start and end, clamped to the text.
fn ends(text: &str, span: crate::span::Span) -> [usize; 2] {
    let start = span.start.min(text.len());
    [start, span.end.min(text.len()).max(start)]
}

/// Where some offsets of a text are: for each, its line (1-based), the offset where that
/// line starts and where the line before it starts. Lines end as [`Lines`] has them: at
/// `\n`, at `\r\n` (once), and at a lone `\r`. Gives what [`Lines`] gives for those offsets.
struct LineWalk<'a> {
    text: &'a str,
    /// Sorted, without repeats, with their places: (offset, line, line start, start of
    /// the line before, or 0 on the first line).
    places: Vec<(usize, usize, usize, usize)>,
}

impl<'a> LineWalk<'a> {
    fn new(text: &'a str, mut offsets: Vec<usize>) -> Self {
        offsets.sort_unstable();
        offsets.dedup();
        let bytes = text.as_bytes();
        let last = offsets.last().map_or(0, |&o| o.min(bytes.len()));
        let places = match memchr::memchr(b'\r', bytes.get(..last).unwrap_or(bytes)) {
            None => Self::newlines_only(bytes, offsets),
            Some(_) => Self::break_by_break(bytes, offsets),
        };
        LineWalk { text, places }
    }

    /// The places when no `\r` comes before the last offset: line numbers by counting
    /// `\n` between the offsets (a vectorised count, not a call per line), line starts by
    /// searching back from each offset.
    fn newlines_only(bytes: &[u8], offsets: Vec<usize>) -> Vec<(usize, usize, usize, usize)> {
        let (mut line, mut counted) = (1, 0);
        let line_start = |end: usize| {
            let before = bytes.get(..end).unwrap_or(bytes);
            memchr::memrchr(b'\n', before).map_or(0, |i| i + 1)
        };
        offsets
            .into_iter()
            .map(|offset| {
                let to = offset.min(bytes.len());
                let between = bytes.get(counted..to).unwrap_or(&[]);
                line += count_newlines(between);
                counted = counted.max(to);
                let start = line_start(to);
                let previous = if start == 0 { 0 } else { line_start(start - 1) };
                (offset, line, start, previous)
            })
            .collect()
    }

    /// The places in any text: every line break up to the last offset, in turn.
    fn break_by_break(bytes: &[u8], offsets: Vec<usize>) -> Vec<(usize, usize, usize, usize)> {
        let mut places = Vec::with_capacity(offsets.len());
        let mut asked = offsets.into_iter().peekable();
        let (mut line, mut start, mut previous) = (1, 0, 0);
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if asked.peek().is_none() {
                break;
            }
            if bytes.get(i) == Some(&b'\r') && bytes.get(i + 1) == Some(&b'\n') {
                continue; // CRLF ends the line once, at the LF
            }
            let next = i + 1;
            while let Some(offset) = asked.next_if(|&o| o < next) {
                places.push((offset, line, start, previous));
            }
            (line, start, previous) = (line + 1, next, start);
        }
        places.extend(asked.map(|offset| (offset, line, start, previous)));
        places
    }

    /// The place of an offset given to [`LineWalk::new`] (clamped to the text).
    fn place(&self, offset: usize) -> (usize, usize, usize) {
        let offset = offset.min(self.text.len());
        match self.places.binary_search_by_key(&offset, |p| p.0) {
            Ok(i) => self.places.get(i).map_or((1, 0, 0), |p| (p.1, p.2, p.3)),
            Err(_) => (1, 0, 0),
        }
    }

    fn position(&self, offset: usize) -> Position {
        let (line, start, _) = self.place(offset);
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        Position {
            line: small(line),
            column: small(column + 1),
        }
    }

    /// As [`Lines::region`].
    fn region(&self, span: crate::span::Span) -> Region {
        let [start_offset, end_offset] = ends(self.text, span);
        let start = self.position(start_offset);
        let mut end = self.position(end_offset);
        if end_offset > start_offset && end.column == 1 && end.line > start.line {
            // Ends with the line before's terminator: after that line's last character.
            let (_, line_start, previous) = self.place(end_offset);
            let text = self.text.get(previous..line_start).unwrap_or("");
            end = Position {
                line: end.line - 1,
                column: small(text.trim_end_matches(['\n', '\r']).chars().count() + 1),
            };
        }
        Region { start, end }
    }

    /// The text of the line `offset` is on, without its terminator (as [`Lines::line_text`]).
    fn line_text_at(&self, offset: usize) -> &'a str {
        let (_, start, _) = self.place(offset);
        let rest = self.text.get(start..).unwrap_or("");
        let end = memchr::memchr2(b'\n', b'\r', rest.as_bytes()).unwrap_or(rest.len());
        rest.get(..end).unwrap_or("")
    }
}

/// How many `\n` `bytes` holds. Counted in blocks of 64 bytes into a byte-wide counter,
/// which the compiler turns into vector compares (a plain `filter().count()` is not).
fn count_newlines(bytes: &[u8]) -> usize {
    let mut blocks = bytes.chunks_exact(64);
    let mut n = 0;
    for block in &mut blocks {
        let mut in_block = 0u8;
        for &b in block {
            in_block += u8::from(b == b'\n');
        }
        n += usize::from(in_block);
    }
    n + blocks.remainder().iter().filter(|&&b| b == b'\n').count()
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
    fnv(fnv(fnv(FNV_OFFSET, rule), path), line.trim())
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a from `hash` over `part` and a 0 byte that ends it.
fn fnv(mut hash: u64, part: &str) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    for &b in part.as_bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(PRIME);
    }
    // The 0 that ends the part: `hash ^= 0` leaves it as it is.
    hash.wrapping_mul(PRIME)
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
    fn the_line_walk_places_spans_as_the_line_index_does() {
        use crate::span::Span;
        let texts = [
            "",
            "one line",
            "a\nb\n",
            "ab\r\ncd\ré\nx",
            "a\r\r\nb\n\n\rc\r",
            "---\ntitle: \"Sự kiện 3\"\n---\n# A\n\nMục Đích\r\n",
            "\n\n\r\n",
            "\n\nx\n\n",
            "Mục\nĐích\n\n é",
            &"line\n".repeat(40),
        ];
        for text in texts {
            let lines = Lines::new(text);
            // Every span of the text, and some past its end (a few cut characters).
            let mut spans = Vec::new();
            for start in 0..=text.len() + 2 {
                for end in start..=text.len() + 3 {
                    spans.push(Span::new(start, end));
                }
            }
            let offsets = spans.iter().flat_map(|s| ends(text, *s)).collect();
            let walk = LineWalk::new(text, offsets);
            for span in &spans {
                let region = lines.region(*span);
                assert_eq!(walk.region(*span), region, "{text:?} {span:?}");
                assert_eq!(
                    walk.line_text_at(span.start),
                    lines.line_text(region.start.line as usize),
                    "{text:?} {span:?}"
                );
            }
            // A walk asked about one offset alone (it stops at the first line end).
            let first = LineWalk::new(text, vec![0]);
            assert_eq!(first.region(Span::point(0)), lines.region(Span::point(0)));
            // Both ways of walking, whichever the text would take.
            let all: Vec<usize> = (0..=text.len()).collect();
            let counted = LineWalk {
                text,
                places: LineWalk::newlines_only(text.as_bytes(), all.clone()),
            };
            let walked = LineWalk {
                text,
                places: LineWalk::break_by_break(text.as_bytes(), all),
            };
            let plain = text.bytes().filter(|&b| b == b'\n').count();
            assert_eq!(count_newlines(text.as_bytes()), plain);
            for at in 0..=text.len() {
                let expect = lines.region(Span::point(at));
                assert_eq!(walked.region(Span::point(at)), expect, "{text:?} {at}");
                if !text.contains('\r') {
                    assert_eq!(counted.region(Span::point(at)), expect, "{text:?} {at}");
                }
            }
        }
    }

    #[test]
    fn clean_paths_are_shown_as_placing_them_shows_them() {
        let cwd = Path::new("/repo/site");
        let paths = [
            "content/a b.md",
            "./content/a.md",
            "content//a.md",
            "content/./a.md",
            "content/../a.md",
            "../shared/c.md",
            "/repo/site/content/x.md",
            "/repo/site",
            "/repo/sites/x.md",
            "/repo/site/../x.md",
            "/elsewhere/y.md",
            "/repo//site/z.md",
            "content/",
            "a.md",
            ".md",
            "..md/x",
        ];
        for path in paths {
            let path = Path::new(path);
            let slow = match place_in(path, cwd) {
                Place::Relative(rel) => rel,
                Place::Outside(_) => path.display().to_string(),
            };
            if let Some(fast) = clean_report_path(path, cwd) {
                // Outside paths are shown relative to the real working directory: compare
                // only what does not depend on it.
                if !matches!(place_in(path, cwd), Place::Outside(_)) {
                    assert_eq!(fast, slow, "{path:?}");
                }
            }
        }
        assert_eq!(
            clean_report_path(Path::new("content/a b.md"), cwd).as_deref(),
            Some("content/a b.md")
        );
        assert_eq!(clean_report_path(Path::new("./content/a.md"), cwd), None);
        assert_eq!(
            clean_report_path(Path::new("/repo/site/content/x.md"), cwd).as_deref(),
            Some("content/x.md")
        );
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
