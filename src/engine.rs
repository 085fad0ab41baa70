//! The run: discover files → find each file's Hugo site → load and parse each page once →
//! run the enabled rules → collect diagnostics, sorted. Files are processed in parallel.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::checks::{Ctx, SiteCtx};
use crate::diagnostic::{Diagnostic, Severity};
use crate::discover::{self, Target};
use crate::document::Document;
use crate::hash::{FastMap, hash_bytes};
use crate::rules::{RuleSet, Scope};
use crate::site::Site;
use crate::span::Span;
use crate::summary::Summary;

/// What a run needs besides the rules.
pub struct RunOptions {
    pub paths: Vec<PathBuf>,
    /// "Today" for date rules.
    pub now: jiff::civil::Date,
}

/// The findings of one file. Its text is not kept (memory stays flat however many files a
/// run has): [`FileReport::text`] reads it again for rendering, and [`Outcome::with_texts`]
/// does so for many files in parallel.
pub struct FileReport {
    pub path: PathBuf,
    /// Text kept in memory: only where reading the file again would not give it back
    /// (a file that is not UTF-8, shown with replacement characters; a site config).
    kept: Option<Arc<str>>,
    /// `hash::hash_bytes` of the text that was linted, to read it again.
    linted_hash: Option<u64>,
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    /// The file's text, for rendering its findings: the kept text, or the file read again.
    /// `None` when the file has no text to show (it could not be read), or when it changed
    /// since it was linted (the findings' spans would point at the wrong places).
    pub fn text(&self) -> Option<Arc<str>> {
        if let Some(text) = &self.kept {
            return Some(text.clone());
        }
        let hash = self.linted_hash?;
        let bytes = std::fs::read(&self.path).ok()?;
        if hash_bytes(&bytes) != hash {
            return None;
        }
        String::from_utf8(bytes).ok().map(Arc::from)
    }
}

/// Everything a run found.
pub struct Outcome {
    pub files: Vec<FileReport>,
    /// How many files were linted.
    pub checked: usize,
    /// Files that could not be read or walked: eventlint's own failures, not findings.
    pub io_errors: usize,
}

impl Outcome {
    /// Call `f` on each file with findings, in order, with its text (see
    /// [`FileReport::text`]; empty when there is none). Texts are read again in parallel, a
    /// batch at a time, so that only a batch is in memory at once.
    pub fn with_texts<E>(
        &self,
        mut f: impl FnMut(&FileReport, Arc<str>) -> Result<(), E>,
    ) -> Result<(), E> {
        const BATCH: usize = 256;
        for batch in self.files.chunks(BATCH) {
            let texts: Vec<Arc<str>> = batch
                .par_iter()
                .map(|file| file.text().unwrap_or_else(|| Arc::from("")))
                .collect();
            for (file, text) in batch.iter().zip(texts) {
                f(file, text)?;
            }
        }
        Ok(())
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics()
            .filter(|d| d.severity == severity)
            .count()
    }

    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.files.iter().flat_map(|f| f.diagnostics.iter())
    }
}

/// A usage problem that stops the run before it starts.
#[derive(Debug)]
pub struct UsageError(pub String);

/// One page to lint and what it is.
struct Job {
    path: PathBuf,
    site: Option<Arc<Site>>,
    is_report: bool,
    is_section_index: bool,
}

/// What a page is to the pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Report,
    /// The event section's own `_index*.md` list page.
    SectionIndex,
    Other,
}

/// Rule ids of the findings the engine itself makes.
pub const IO_ERROR: &str = "io-error";
pub const ENCODING: &str = "file-encoding";
pub const HUGO_CONFIG: &str = "hugo-config";

pub fn run(rules: &RuleSet, options: &RunOptions) -> Result<Outcome, UsageError> {
    let targets = discover::targets(&options.paths).map_err(UsageError)?;
    let mut sites = SiteCache::default();
    let mut jobs = Vec::new();
    let mut reports = Reports::default();
    let mut io_errors = 0;
    for target in targets {
        match target {
            Target::File { path, explicit } => {
                let site = sites.site_of(&path, &mut reports);
                let content_dir = site.as_ref().and_then(|s| s.content_dir_of(&path));
                if !explicit && site.is_some() && content_dir.is_none() {
                    continue; // a theme's docs, a README: not a content page of the site
                }
                let relative = match content_dir {
                    Some(dir) => {
                        let absolute = crate::site::absolute(&path);
                        absolute
                            .strip_prefix(dir)
                            .unwrap_or(&absolute)
                            .to_path_buf()
                    }
                    None => path.clone(),
                };
                let role = page_role(
                    &relative,
                    content_dir.is_some(),
                    &rules.pack.section_pattern,
                );
                jobs.push(Job {
                    path,
                    site,
                    is_report: explicit || role == Role::Report,
                    is_section_index: role == Role::SectionIndex,
                });
            }
            Target::Unreadable { path, error } => {
                io_errors += 1;
                let d = Diagnostic::new(IO_ERROR, Severity::Error, Span::default(), error)
                    .in_file(path.clone());
                reports.push(path, vec![d]);
            }
        }
    }
    let checked = jobs.len();
    let results: Vec<Linted> = jobs
        .par_iter()
        .map(|job| lint_file(rules, options, job))
        .collect();
    let mut summaries = Vec::with_capacity(results.len());
    for linted in results {
        io_errors += usize::from(linted.io_error);
        let report = linted.report;
        if !report.diagnostics.is_empty() {
            reports.add(report);
        }
        summaries.extend(linted.summary);
    }
    let across = across_pages(rules, options, &sites, &summaries);
    if !across.is_empty() {
        // Their files' texts are read again for rendering, like any other.
        let hashes: FastMap<&Path, u64> = summaries
            .iter()
            .map(|s| (s.path.as_path(), s.text_hash))
            .collect();
        for d in across {
            let hash = hashes.get(d.path.as_path()).copied();
            let path = d.path.clone();
            reports.push(path.clone(), vec![d]);
            reports.set_hash(&path, hash);
        }
    }
    drop(summaries);
    let mut files = reports.files;
    // Mostly in order already (files were linted in path order): cheap to sort.
    files.sort_by(|a, b| a.path.cmp(&b.path));
    for file in &mut files {
        file.diagnostics.sort_by(|a, b| {
            (a.span.start, &a.rule, a.span.end).cmp(&(b.span.start, &b.rule, b.span.end))
        });
    }
    Ok(Outcome {
        files,
        checked,
        io_errors,
    })
}

/// The files with findings, in the order they were first added, by path.
#[derive(Default)]
struct Reports {
    files: Vec<FileReport>,
    index: FastMap<PathBuf, usize>,
}

impl Reports {
    fn entry(&mut self, path: PathBuf) -> &mut FileReport {
        let files = &mut self.files;
        let i = *self.index.entry(path).or_insert_with_key(|path| {
            files.push(FileReport {
                path: path.clone(),
                kept: None,
                linted_hash: None,
                diagnostics: Vec::new(),
            });
            files.len() - 1
        });
        &mut self.files[i]
    }

    fn push(&mut self, path: PathBuf, diagnostics: Vec<Diagnostic>) {
        self.entry(path).diagnostics.extend(diagnostics);
    }

    /// Add a linted file's report (its text, if kept, and its hash with it).
    fn add(&mut self, report: FileReport) {
        let entry = self.entry(report.path);
        if entry.kept.is_none() {
            entry.kept = report.kept;
        }
        if entry.linted_hash.is_none() {
            entry.linted_hash = report.linted_hash;
        }
        entry.diagnostics.extend(report.diagnostics);
    }

    fn set_hash(&mut self, path: &Path, hash: Option<u64>) {
        if let Some(&i) = self.index.get(path) {
            let file = &mut self.files[i];
            file.linted_hash = file.linted_hash.or(hash);
        }
    }
}

/// A page is a report when it sits below a content section whose folder name matches the
/// pack's pattern, except that section's own `_index*.md` list page. `relative` is the path
/// below the content dir when `in_site` (then only the top-level section counts, so that
/// `content/5-Workshop/5.11-eventbridge/` is not an event section); otherwise any folder
/// of the path may be the section.
pub fn page_role(relative: &Path, in_site: bool, pattern: &regex::Regex) -> Role {
    let dirs: Vec<&str> = relative
        .parent()
        .map(|p| {
            p.components()
                .filter_map(|c| match c {
                    Component::Normal(s) => s.to_str(),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let candidates = if in_site {
        &dirs[..dirs.len().min(1)]
    } else {
        &dirs[..]
    };
    let Some(first) = candidates.iter().position(|d| pattern.is_match(d)) else {
        return Role::Other;
    };
    let is_list_page = relative
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("_index"));
    if first == dirs.len() - 1 && is_list_page {
        Role::SectionIndex
    } else {
        Role::Report
    }
}

/// What linting one page leaves: its findings, its summary for the second phase, and
/// whether it could not be read.
struct Linted {
    report: FileReport,
    summary: Option<Summary>,
    io_error: bool,
}

/// The second phase: rules that compare the pages of one site, from their summaries.
fn across_pages(
    rules: &RuleSet,
    options: &RunOptions,
    sites: &SiteCache,
    summaries: &[Summary],
) -> Vec<Diagnostic> {
    let mut by_site: BTreeMap<Option<&Path>, Vec<&Summary>> = BTreeMap::new();
    for s in summaries {
        by_site.entry(s.site_root.as_deref()).or_default().push(s);
    }
    let mut out = Vec::new();
    for (root, pages) in by_site {
        let site = root.and_then(|r| sites.sites.get(r).cloned().flatten());
        for rule in rules.rules.iter().filter(|r| r.enabled) {
            let ctx = SiteCtx {
                site: site.as_deref(),
                pages: &pages,
                rule,
                pack: &rules.pack,
                now: options.now,
            };
            rule.check.check_site(&ctx, &mut out);
        }
    }
    out
}

/// Read, parse and check one page.
fn lint_file(rules: &RuleSet, options: &RunOptions, job: &Job) -> Linted {
    let path = job.path.clone();
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            let d = Diagnostic::new(
                IO_ERROR,
                Severity::Error,
                Span::default(),
                format!("cannot read this file: {e}"),
            )
            .in_file(path.clone());
            return Linted {
                report: FileReport {
                    path,
                    kept: None,
                    linted_hash: None,
                    diagnostics: vec![d],
                },
                summary: None,
                io_error: true,
            };
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy: Arc<str> = String::from_utf8_lossy(e.as_bytes()).into();
            let d = Diagnostic::new(
                ENCODING,
                Severity::Error,
                Span::new(at, at + 1),
                "this file is not valid UTF-8",
            )
            .with_label("invalid byte here")
            .with_help("Hugo reads content as UTF-8: re-save the file with UTF-8 encoding")
            .in_file(path.clone());
            return Linted {
                report: FileReport {
                    path,
                    kept: Some(lossy),
                    linted_hash: None,
                    diagnostics: vec![d],
                },
                summary: None,
                io_error: false,
            };
        }
    };
    let doc = Document::parse(&path, text);
    let sections = rules.pack.sections.locate(&doc);
    let mut diagnostics = Vec::new();
    for rule in rules.rules.iter().filter(|r| r.enabled) {
        if rule.scope == Scope::Reports && !job.is_report {
            continue;
        }
        if !doc.body_known() && !rule.check.runs_when_unclosed() {
            continue;
        }
        let ctx = Ctx {
            doc: &doc,
            site: job.site.as_deref(),
            rule,
            pack: &rules.pack,
            sections: &sections,
            now: options.now,
        };
        rule.check.check(&ctx, &mut diagnostics);
    }
    for d in &mut diagnostics {
        d.path.clone_from(&path);
    }
    let lang = match &job.site {
        Some(site) => site.language_of(&path),
        None => "en".to_string(),
    };
    let site_root = job.site.as_ref().map(|s| s.root.clone());
    let mut summary = Summary::of(&doc, site_root, job.is_report, lang);
    summary.is_section_index = job.is_section_index;
    // The text is dropped with `doc`: rendering reads it again, checked by this hash.
    let linted_hash = Some(summary.text_hash);
    Linted {
        report: FileReport {
            path,
            kept: None,
            linted_hash,
            diagnostics,
        },
        summary: Some(summary),
        io_error: false,
    }
}

/// Sites by root, loaded once each.
#[derive(Default)]
struct SiteCache {
    /// The site root of each directory seen (as given, then as walked up).
    roots: FastMap<PathBuf, Option<PathBuf>>,
    walked: FastMap<PathBuf, Option<PathBuf>>,
    sites: BTreeMap<PathBuf, Option<Arc<Site>>>,
}

impl SiteCache {
    fn site_of(&mut self, path: &Path, reports: &mut Reports) -> Option<Arc<Site>> {
        let dir = path.parent().unwrap_or(Path::new("."));
        let root = match self.roots.get(dir) {
            Some(root) => root.clone(),
            None => {
                let root = Site::find_root_in(dir, &mut self.walked);
                self.roots.insert(dir.to_path_buf(), root.clone());
                root
            }
        }?;
        if let Some(site) = self.sites.get(&root) {
            return site.clone();
        }
        let site = match Site::load(&root) {
            Ok(site) => Some(Arc::new(site)),
            Err(e) => {
                let source = std::fs::read_to_string(&e.path).ok().map(Arc::from);
                let span = e.span.unwrap_or_default();
                let d = Diagnostic::new(HUGO_CONFIG, Severity::Error, span, e.message)
                    .with_help("Hugo cannot read this config either; checks that need the site were skipped for its pages")
                    .in_file(e.path.clone());
                let entry = reports.entry(e.path);
                entry.kept = entry.kept.take().or(source);
                entry.diagnostics.push(d);
                None
            }
        };
        self.sites.insert(root, site.clone());
        site
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_are_pages_below_an_event_section() {
        let pattern = regex::Regex::new("(?i)event").unwrap_or_else(|e| panic!("{e}"));
        let yes = [
            "4-EventParticipated/4.1-Event1/_index.md",
            "4-EventParticipated/4.1-Event1/_index.vi.md",
            "3-EventParticipated/report.md",
            "events/x/index.md",
        ];
        let role = |p: &str, in_site| page_role(Path::new(p), in_site, &pattern);
        for p in yes {
            assert_eq!(role(p, true), Role::Report, "{p}");
        }
        assert_eq!(
            role("4-EventParticipated/_index.md", true),
            Role::SectionIndex
        );
        assert_eq!(
            role("4-EventParticipated/_index.vi.md", true),
            Role::SectionIndex
        );
        for p in [
            "1-Worklog/1.1-Week1/_index.md",
            "_index.md",
            "5-Workshop/5.11-eventbridge/x/_index.md",
        ] {
            assert_eq!(role(p, true), Role::Other, "{p}");
        }
        assert_eq!(role("site/events/x/_index.md", false), Role::Report);
    }
}
