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

/// The findings of one file, with its text when there is something to render.
pub struct FileReport {
    pub path: PathBuf,
    pub source: Option<Arc<str>>,
    pub diagnostics: Vec<Diagnostic>,
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
pub const FILE_SIZE: &str = "file-size";

/// Largest file linted. Real reports are a few KB (the largest page of the corpus is 42 KB);
/// a bigger file is generated or has images inlined, and linting it costs seconds and memory
/// for nothing. A larger file gets a `file-size` finding instead, after reading only this
/// much of it (so a device or a growing file cannot exhaust memory either).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Read a file, but no more than `MAX_FILE_BYTES + 1` bytes of it.
fn read_capped(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

pub fn run(rules: &RuleSet, options: &RunOptions) -> Result<Outcome, UsageError> {
    let targets = discover::targets(&options.paths).map_err(UsageError)?;
    let mut sites = SiteCache::default();
    let mut jobs = Vec::new();
    let mut reports: BTreeMap<PathBuf, FileReport> = BTreeMap::new();
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
                        let absolute = std::path::absolute(&path).unwrap_or_else(|_| path.clone());
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
                push(&mut reports, path, None, vec![d]);
            }
        }
    }
    let checked = jobs.len();
    let results: Vec<Linted> = jobs
        .par_iter()
        .map(|job| lint_file(rules, options, job))
        .collect();
    let mut summaries = Vec::new();
    for linted in results {
        io_errors += usize::from(linted.io_error);
        let report = linted.report;
        if !report.diagnostics.is_empty() {
            push(
                &mut reports,
                report.path.clone(),
                report.source,
                report.diagnostics,
            );
        }
        summaries.extend(linted.summary);
    }
    for d in across_pages(rules, options, &sites, &summaries) {
        push(&mut reports, d.path.clone(), None, vec![d]);
    }
    // Findings of the second phase may be in files whose text was not kept: read them again.
    for report in reports.values_mut() {
        if report.source.is_none()
            && report
                .diagnostics
                .iter()
                .any(|d| d.rule != IO_ERROR && d.rule != FILE_SIZE)
        {
            report.source = read_capped(&report.path)
                .ok()
                .map(|b| Arc::from(String::from_utf8_lossy(&b).as_ref()));
        }
    }
    let mut files: Vec<FileReport> = reports.into_values().collect();
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

fn push(
    reports: &mut BTreeMap<PathBuf, FileReport>,
    path: PathBuf,
    source: Option<Arc<str>>,
    diagnostics: Vec<Diagnostic>,
) {
    let entry = reports.entry(path.clone()).or_insert_with(|| FileReport {
        path,
        source: None,
        diagnostics: Vec::new(),
    });
    if entry.source.is_none() {
        entry.source = source;
    }
    entry.diagnostics.extend(diagnostics);
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
    let bytes = match read_capped(&path) {
        Ok(bytes) if bytes.len() as u64 > MAX_FILE_BYTES => {
            let size = std::fs::metadata(&path).map_or(bytes.len() as u64, |m| m.len());
            let d = Diagnostic::new(
                FILE_SIZE,
                Severity::Error,
                Span::default(),
                format!(
                    "this file is {:.1} MiB; eventlint lints files of at most {} MiB",
                    size as f64 / (1024.0 * 1024.0),
                    MAX_FILE_BYTES / (1024 * 1024)
                ),
            )
            .with_label("not linted")
            .with_help("a report is a few KB: is an image inlined as base64, or a generated file under content/?")
            .in_file(path.clone());
            return Linted {
                report: FileReport {
                    path,
                    source: None,
                    diagnostics: vec![d],
                },
                summary: None,
                io_error: false,
            };
        }
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
                    source: None,
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
                    source: Some(lossy),
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
    // Keep the text only when a finding needs it for rendering.
    let source = (!diagnostics.is_empty()).then(|| Arc::from(doc.text));
    Linted {
        report: FileReport {
            path,
            source,
            diagnostics,
        },
        summary: Some(summary),
        io_error: false,
    }
}

/// Lint one page's text as an event report outside any site, with every enabled rule: the
/// per-page checks, then the across-pages checks on it and on a copy of it at a sibling path
/// (so the comparisons run too). The library's smallest entry point; the fuzz target
/// (`fuzz/`) feeds arbitrary bytes through it.
pub fn lint_text(
    rules: &RuleSet,
    path: &Path,
    text: &str,
    now: jiff::civil::Date,
) -> Vec<Diagnostic> {
    let doc = Document::parse(path, text.to_string());
    let sections = rules.pack.sections.locate(&doc);
    let enabled = || rules.rules.iter().filter(|r| r.enabled);
    let mut out = Vec::new();
    for rule in enabled() {
        if doc.body_known() || rule.check.runs_when_unclosed() {
            let ctx = Ctx {
                doc: &doc,
                site: None,
                rule,
                pack: &rules.pack,
                sections: &sections,
                now,
            };
            rule.check.check(&ctx, &mut out);
        }
    }
    let page = Summary::of(&doc, None, true, "en".to_string());
    let mut twin = page.clone();
    twin.path = path.with_file_name("_index.vi.md");
    twin.lang = "vi".to_string();
    let pages = [&page, &twin];
    for rule in enabled() {
        let ctx = SiteCtx {
            site: None,
            pages: &pages,
            rule,
            pack: &rules.pack,
            now,
        };
        rule.check.check_site(&ctx, &mut out);
    }
    out
}

/// Sites by root, loaded once each.
#[derive(Default)]
struct SiteCache {
    roots: BTreeMap<PathBuf, Option<PathBuf>>,
    sites: BTreeMap<PathBuf, Option<Arc<Site>>>,
}

impl SiteCache {
    fn site_of(
        &mut self,
        path: &Path,
        reports: &mut BTreeMap<PathBuf, FileReport>,
    ) -> Option<Arc<Site>> {
        let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let root = self
            .roots
            .entry(dir.clone())
            .or_insert_with(|| Site::find_root(&dir))
            .clone()?;
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
                push(reports, e.path, source, vec![d]);
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
