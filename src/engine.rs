//! The run: discover files → find each file's config and Hugo site → load and parse each
//! page once → run the enabled rules (per page in parallel, then across each site's pages)
//! → apply per-file settings and suppressions → collect diagnostics, sorted.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::checks::base_url_subpath;
use crate::checks::derived::Derived;
use crate::checks::{Ctx, SiteCtx};
use crate::config::{self, ConfigError, RuleSetting, Settings};
use crate::diagnostic::{Diagnostic, Severity, intern};
use crate::discover::{self, Target};
use crate::document::{Document, ValueKind};
use crate::folders::Folders;
use crate::hash::{FastMap, hash_text};
use crate::path_key::SortKey;
use crate::recent::{Recent, lock};
use crate::rules::{LoadError, RuleError, RuleSet, Scope};
use crate::site::Site;
use crate::span::Span;
use crate::summary::Summary;
use crate::suppress::{self, Suppression};

/// Which config files apply.
#[derive(Debug, Clone, Default)]
pub enum ConfigChoice {
    /// The closest `.eventlint.yaml` above each file.
    #[default]
    Discover,
    /// This one file for every linted file (`--config`).
    File(PathBuf),
    /// None (`--no-config`).
    Disabled,
}

/// What a run needs.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub paths: Vec<PathBuf>,
    /// "Today" for date rules, from `--now`; else the config's `now`, else the clock.
    pub now: Option<jiff::civil::Date>,
    /// Rule directories from `--rules`.
    pub rule_dirs: Vec<PathBuf>,
    pub config: ConfigChoice,
    /// Apply the config's excludes to files named on the command line too.
    pub force_exclude: bool,
    /// A document read from standard input, and the path it stands for.
    pub stdin: Option<(String, PathBuf)>,
}

/// The findings of one file. Its text is not kept (memory stays flat however many files a
/// run has): findings are located (lines, columns) while it is in hand, and only the human
/// format, which shows source snippets, reads it again ([`FileReport::text`], and
/// [`Outcome::with_texts`] for many files in parallel).
pub struct FileReport {
    /// The file's path, shared with its summary and the list of linted files.
    pub path: Arc<Path>,
    /// Text kept in memory: only where reading the file again would not give it back
    /// (standard input; a file that is not UTF-8, shown with replacement characters; a
    /// site config).
    kept: Option<Arc<str>>,
    /// `hash::hash_text` of the text that was linted, to read it again.
    linted_hash: Option<u64>,
    pub diagnostics: Vec<Diagnostic>,
    /// For a linted file, until its findings are settled: the profile it was linted with
    /// (per-file levels) and its suppressions.
    settle: Option<(Arc<Profile>, Vec<Suppression>)>,
    /// Settled and in order already (a page without suppressions, settled while it was
    /// linted): the end of the run leaves it as it is, unless findings are added to it
    /// ([`Reports::entry`], [`merge`]).
    in_order: bool,
}

impl FileReport {
    /// Whether a linted file has anything to report or settle: findings, or suppressions
    /// (which may turn into findings of their own).
    fn has_news(&self) -> bool {
        !self.diagnostics.is_empty()
            || self
                .settle
                .as_ref()
                .is_some_and(|(_, sups)| !sups.is_empty())
    }

    pub(crate) fn new(path: Arc<Path>, diagnostics: Vec<Diagnostic>) -> FileReport {
        FileReport {
            path,
            kept: None,
            linted_hash: None,
            diagnostics,
            settle: None,
            in_order: false,
        }
    }

    /// The file's text, for rendering its findings: the kept text, or the file read again.
    /// `None` when the file has no text to show (it could not be read, or is too big), or
    /// when it changed since it was linted (the findings' spans would point elsewhere). A
    /// file that was not linted (a site config an across-pages finding points into) is
    /// read as it is.
    pub fn text(&self) -> Option<Arc<str>> {
        if let Some(text) = &self.kept {
            return Some(text.clone());
        }
        let unreadable = |d: &Diagnostic| d.rule == IO_ERROR || d.rule == FILE_SIZE;
        if !self.diagnostics.is_empty() && self.diagnostics.iter().all(unreadable) {
            return None;
        }
        let bytes = read_capped(&self.path).ok()?;
        match self.linted_hash {
            Some(hash) if hash_text(&bytes) != hash => None,
            Some(_) => String::from_utf8(bytes).ok().map(Arc::from),
            None => Some(Arc::from(String::from_utf8_lossy(&bytes).as_ref())),
        }
    }
}

/// Everything a run found.
pub struct Outcome {
    pub files: Vec<FileReport>,
    /// How many files were linted.
    pub checked: usize,
    /// The files linted, sorted (for formats that list clean files too).
    pub linted: Vec<Arc<Path>>,
    /// Files that could not be read or walked: eventlint's own failures, not findings.
    pub io_errors: usize,
    /// The lowest severity that fails the run, from the config (the CLI may override it).
    pub fail_on: Option<Severity>,
    /// The working directory's profile: the rules in force, for the formats that describe
    /// them (SARIF), without loading them a second time.
    pub profile: Arc<Profile>,
}

impl Outcome {
    /// Call `f` on each file with findings, in order, with its text (see
    /// [`FileReport::text`]; empty when there is none): for the human format's snippets.
    /// Texts are read again in parallel, a batch at a time, so that only a batch is in
    /// memory at once.
    pub fn with_texts<'a, E>(
        &'a self,
        mut f: impl FnMut(&'a FileReport, Arc<str>) -> Result<(), E>,
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

/// What stops a run before it starts: exit 2.
#[derive(Debug)]
pub enum RunError {
    Usage(String),
    Rules(LoadError),
    Config(ConfigError),
}

/// One page to lint and what it is.
struct Job {
    path: PathBuf,
    site: Option<Arc<Site>>,
    profile: Arc<Profile>,
    /// `Some(true/false)` when the path decides; `None` when the front matter does.
    is_report: Option<bool>,
    is_section_index: bool,
    /// The text, when it came from standard input.
    text: Option<String>,
}

/// The settings in force for a group of files and the rules they give.
pub struct Profile {
    pub settings: Settings,
    pub rules: RuleSet,
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
    let file = std::fs::File::open(path)?;
    // Sized from the file's length, so that a file is read in one call, not in a dozen
    // growing ones (a device or a growing file still stops at the cap).
    let size = file
        .metadata()
        .map_or(0, |m| m.len())
        .min(MAX_FILE_BYTES + 1);
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0) + 1);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Engine findings are always known rule ids (for suppressions).
fn is_engine_rule(id: &str) -> bool {
    [IO_ERROR, ENCODING, HUGO_CONFIG, FILE_SIZE].contains(&id)
}

/// Profiles by config chain, built once each. Shared by the threads that walk and lint;
/// no lock is held while a profile is built (building one runs on the thread pool, where
/// a held lock could be wanted again by a stolen task), so two threads that meet a new
/// config at once may both build it and the first one kept wins.
#[derive(Default)]
pub struct Profiles {
    by_config: Mutex<BTreeMap<Option<PathBuf>, Arc<Profile>>>,
    configs: config::Finder,
}

impl Profiles {
    /// Profiles whose config lookup lists folders through `folders`.
    pub fn new(folders: Arc<Folders>) -> Profiles {
        Profiles {
            by_config: Mutex::default(),
            configs: config::Finder::new(folders),
        }
    }

    /// The profile for a file in `dir`.
    pub fn for_dir(&self, dir: &Path, options: &RunOptions) -> Result<Arc<Profile>, RunError> {
        let config = match &options.config {
            ConfigChoice::Disabled => None,
            ConfigChoice::File(path) => Some(path.clone()),
            ConfigChoice::Discover => self.configs.find_for(dir),
        };
        if let Some(profile) = lock(&self.by_config).get(&config) {
            return Ok(profile.clone());
        }
        let settings = match &config {
            Some(path) => Settings::load(path).map_err(RunError::Config)?,
            None => Settings::default(),
        };
        let mut dirs: Vec<PathBuf> = settings.packs.iter().map(|(p, _)| p.clone()).collect();
        dirs.extend(options.rule_dirs.iter().cloned());
        let mut rules = RuleSet::load(&dirs).map_err(RunError::Rules)?;
        apply_rule_settings(&mut rules, &settings)?;
        let profile = Arc::new(Profile { settings, rules });
        Ok(lock(&self.by_config)
            .entry(config)
            .or_insert(profile)
            .clone())
    }
}

/// Turn rules off or on, change their severity, replace their parameters.
fn apply_rule_settings(rules: &mut RuleSet, settings: &Settings) -> Result<(), RunError> {
    for (id, (setting, from)) in &settings.rules {
        let text =
            crate::input::read_text(from, crate::input::MAX_SETTINGS_BYTES).unwrap_or_default();
        let fail = |message: String| {
            RunError::Config(ConfigError {
                path: from.clone(),
                text: text.clone(),
                error: RuleError {
                    message,
                    span: text
                        .find(id.as_str())
                        .map(|at| Span::new(at, at + id.len())),
                },
            })
        };
        let Some(index) = rules.rules.iter().position(|r| &r.id == id) else {
            let near = rules.did_you_mean(id);
            return Err(fail(format!("unknown rule `{id}`{near}")));
        };
        let level = match setting {
            RuleSetting::Level(level) => Some(*level),
            RuleSetting::Detailed(detail) => {
                if let Some(params) = &detail.params {
                    let rule = &rules.rules[index];
                    let mut value: serde_json::Value = serde_saphyr::from_str(&rule.text)
                        .map_err(|e| fail(format!("cannot read rule `{id}`: {e}")))?;
                    if let Some(own) = value.get_mut("params").and_then(|p| p.as_object_mut()) {
                        own.extend(params.clone());
                    } else if let Some(object) = value.as_object_mut() {
                        object.insert("params".into(), serde_json::Value::Object(params.clone()));
                    }
                    // JSON is YAML: the kind reads the merged rule like any rule file.
                    let merged = serde_json::to_string_pretty(&value).unwrap_or_default();
                    let origin = format!("{} with params from {}", rule.origin, from.display());
                    let rebuilt = crate::rules::load_rule(&merged, &origin)
                        .map_err(|e| fail(format!("bad `params` for `{id}`: {}", e.message)))?;
                    rules.rules[index] = rebuilt;
                }
                detail.level
            }
        };
        let rule = &mut rules.rules[index];
        match level.map(|l| l.severity()) {
            Some(None) => rule.enabled = false,
            Some(Some(severity)) => {
                rule.enabled = true;
                rule.severity = severity;
            }
            None => {}
        }
    }
    Ok(())
}

/// Most files named, with no folder, for which the walk-up lookups look names up one by
/// one (see [`Folders::for_few_files`]): about a dozen `stat`s a folder, cheaper than a
/// listing until many pages share the folders.
const FEW_FILES: usize = 32;

pub fn run(options: &RunOptions) -> Result<Outcome, RunError> {
    let roots = if options.paths.is_empty() && options.stdin.is_some() {
        discover::Roots::default()
    } else {
        discover::roots(&options.paths).map_err(RunError::Usage)?
    };
    let mut named = roots.files;
    if let Some((_, path)) = &options.stdin
        && !named.contains(path)
    {
        named.push(path.clone());
    }
    // A file or two named and no folder: the patterns are built as the pages need them.
    crate::checks::build_ahead(!(roots.dirs.is_empty() && named.len() <= 2));
    // A few files named and no folder (a pre-commit hook): the lookups look names up one
    // by one rather than list every folder up to the root.
    let folders = Arc::new(match roots.dirs.is_empty() && named.len() <= FEW_FILES {
        true => Folders::for_few_files(),
        false => Folders::default(),
    });
    // The walk keeps each folder's listing for the lookups.
    let walk_folders = folders.clone();
    let lookup = Lookup {
        options,
        profiles: Profiles::new(folders.clone()),
        sites: SiteCache {
            folders,
            ..SiteCache::default()
        },
    };
    let cwd_profile = lookup.profiles.for_dir(Path::new("."), options)?;
    // Each file is looked up and linted as soon as it is found: the walk's threads lint
    // too, so that waiting for the file system and checking overlap.
    let mut done: Vec<Done> = named
        .par_iter()
        .filter_map(|path| lookup.process(path.clone(), true))
        .collect();
    // Looked up for every file the walk finds: a set, not a scan of the list.
    let named_set: std::collections::HashSet<&Path> = named.iter().map(PathBuf::as_path).collect();
    let walked = Mutex::new(Vec::new());
    crate::walk::walk(&roots.dirs, &walk_folders, &|target| {
        let found = match target {
            // A file also named on the command line is linted once, as named.
            Target::File { path, .. } if named_set.contains(path.as_path()) => None,
            Target::File { path, .. } => lookup.process(path, false),
            Target::Unreadable { path, error } => Some(Done::Unreadable { path, error }),
        };
        if let Some(found) = found {
            lock(&walked).push(found);
        }
    });
    // Taken as it is when no file was named: copying the list (into memory not touched
    // before) would be on the critical path.
    let walked = walked.into_inner().unwrap_or_else(|e| e.into_inner());
    if done.is_empty() {
        done = walked;
    } else {
        done.extend(walked);
    }
    // Path order (a file below two named directories was found twice: keep one).
    sort_by_path(&mut done, Done::path);
    done.dedup_by(|a, b| a.path() == b.path());
    let Lookup {
        profiles, sites, ..
    } = lookup;
    // The per-folder lookups are done with: freed before the findings are filed. The
    // sites stay alive in the pages that have one (`Page::site`).
    let mut reports = Reports::default();
    for report in sites.into_failed() {
        reports.add(report);
    }
    let mut io_errors = 0;
    let mut linted_paths = Vec::with_capacity(done.len());
    let mut pages = Vec::with_capacity(done.len());
    // Collected in the results' own allocation: the reports are not copied once more.
    let mut filed: Vec<FileReport> = Vec::new();
    for done in done {
        match done {
            Done::Linted { page, linted } => {
                io_errors += usize::from(linted.io_error);
                linted_paths.push(linted.report.path.clone());
                pages.push(page);
                if linted.report.has_news() {
                    filed.push(linted.report);
                }
            }
            Done::Unreadable { path, error } => {
                io_errors += 1;
                let d = Diagnostic::new(IO_ERROR, Severity::Error, Span::default(), error);
                reports.push(path.into(), vec![d]);
            }
            Done::Failed { error, .. } => return Err(error),
        }
    }
    let checked = linted_paths.len();
    reports.absorb(filed);
    let across = across_pages(options, &pages);
    if !across.is_empty() {
        // A finding may land in a page that had none: it takes the page's profile, and
        // its text is read again to locate it, like any other.
        // A finding in a page names it by the page's own path (`SiteCtx::diag`): found by
        // the path's address, from the list of paths (each page's is at its index), not
        // from the pages, each a cache miss away. Any other path (a site's config) is
        // looked up by name in that list, which is in path order.
        let at: FastMap<usize, usize> = linted_paths
            .iter()
            .enumerate()
            .map(|(i, p)| (Arc::as_ptr(p).cast::<u8>() as usize, i))
            .collect();
        let page_of = |named: &Arc<Path>| {
            let i = at
                .get(&(Arc::as_ptr(named).cast::<u8>() as usize))
                .copied()
                .or_else(|| {
                    let key = SortKey::of(named);
                    linted_paths
                        .binary_search_by(|p| SortKey::of(p).cmp(&key))
                        .ok()
                })?;
            pages.get(i)?.as_deref()
        };
        for mut d in across {
            let named = d.take_path().unwrap_or_else(|| Arc::from(Path::new("")));
            let page = page_of(&named);
            let path = match page {
                Some(page) => page.summary.path.clone(),
                None => named,
            };
            let file = reports.entry(path);
            file.linted_hash = file.linted_hash.or(page.map(|p| p.summary.text_hash));
            if file.settle.is_none() {
                file.settle = page.map(|p| (p.profile.clone(), Vec::new()));
            }
            file.diagnostics.push(d);
        }
    }
    // Freeing every page's summary takes a tenth of a second at 10,000 reports: a pool
    // thread does it while this one settles, sorts and writes the findings.
    rayon::spawn(move || drop(pages));
    let mut files = reports.files;
    // Mostly in order already (files were linted in path order). A site's
    // config (where across-pages findings about the site point) is spelt absolute, the
    // pages as named on the command line: when both kinds are there, they are ordered as
    // absolute paths with `..` resolved, so that the order depends neither on how the
    // folder was named (`content/` would follow `/…/hugo.toml`, not precede `hugo.toml`)
    // nor on the working directory's name (`z/../site` sorts after `site/`).
    let mixed =
        files.iter().any(|f| f.path.is_absolute()) && files.iter().any(|f| f.path.is_relative());
    // Sorted through indices (`sort_by_path`): a parallel sort of the reports themselves
    // would hold a copy of the list (over a megabyte at 10,000 reports) while the pages
    // are still being freed.
    if mixed {
        let normalized: Vec<PathBuf> = files
            .par_iter()
            .map(|f| crate::site::normalize(&f.path))
            .collect();
        let order = path_order(
            &normalized
                .par_iter()
                .map(|p| SortKey::of(p))
                .collect::<Vec<_>>(),
        );
        permute(&mut files, order);
    } else {
        sort_by_path(&mut files, |f| &f.path);
    }
    // From here to the output nothing else runs: both threads settle the findings.
    files.par_iter_mut().for_each(|file| {
        if file.in_order {
            return;
        }
        if let Some((profile, sups)) = file.settle.take() {
            settle(file, &profile, &sups);
        }
        sort_findings(&mut file.diagnostics);
        // Findings whose file's text was not at hand when they were made (across-pages
        // ones, engine ones, suppressions'): their files are read again, once.
        if !file.diagnostics.iter().all(Diagnostic::is_located) {
            let text = file.text().unwrap_or_else(|| Arc::from(""));
            crate::report::locate_findings(&file.path, &text, &mut file.diagnostics);
        }
    });
    files.retain(|f| !f.diagnostics.is_empty());
    let fail_on = cwd_profile
        .settings
        .fail_on
        .as_ref()
        .map(|(f, _)| f.severity());
    // Freeing the rules (every compiled pattern) is the last thing a one-file run would do
    // on its critical path: a pool thread does it while the findings are written (the
    // working directory's profile goes with the outcome, which the caller frees so too).
    rayon::spawn(move || drop(profiles));
    Ok(Outcome {
        files,
        checked,
        linted: linted_paths,
        io_errors,
        fail_on,
        profile: cwd_profile,
    })
}

/// Sort `items` by `path` (as `Path` orders, by [`SortKey`]), stably: through indices, in
/// parallel (the sort is on the critical path: the walk's threads are done), then the
/// order applied in place, each item moved once, no second list of them allocated.
fn sort_by_path<T: Sync>(items: &mut [T], path: impl Fn(&T) -> &Path + Sync) {
    let keys: Vec<SortKey<'_>> = items.par_iter().map(|i| SortKey::of(path(i))).collect();
    let order = path_order(&keys);
    drop(keys);
    permute(items, order);
}

/// The indices of `keys` in their order (stable, in parallel).
fn path_order(keys: &[SortKey<'_>]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.par_sort_by(|&a, &b| match (keys.get(a), keys.get(b)) {
        (Some(a), Some(b)) => a.cmp(b),
        (a, b) => a.is_some().cmp(&b.is_some()),
    });
    order
}

/// Put `items` in `order` (`order[i]` is the index of the item that goes to place `i`; a
/// permutation of `0..items.len()`, else `items` is left as it is), in place: each cycle
/// of the permutation is followed, one swap per item.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    let mut seen = vec![false; order.len()];
    let is_permutation = order.len() == items.len()
        && order
            .iter()
            .all(|&i| seen.get_mut(i).is_some_and(|s| !std::mem::replace(s, true)));
    if !is_permutation {
        return;
    }
    for start in 0..order.len() {
        // The place being filled, and where its item comes from; a place is done when
        // it is its own source.
        let mut place = start;
        loop {
            let from = order[place];
            order[place] = place;
            if from == start {
                break;
            }
            items.swap(place, from);
            place = from;
        }
    }
}

/// What became of one file found: linted, not walkable, or its config could not be loaded.
enum Done {
    Linted {
        /// For the across-pages phase (`None` when the file could not be linted).
        /// Boxed: a `Done` is then small, and the list of them is sorted and its pages
        /// gathered by moving pointers, not 200-byte summaries (megabytes, on the run's
        /// critical path).
        page: Option<Box<Page>>,
        linted: Box<Linted>,
    },
    Unreadable {
        path: PathBuf,
        error: String,
    },
    Failed {
        path: PathBuf,
        error: RunError,
    },
}

impl Done {
    fn path(&self) -> &Path {
        match self {
            Done::Linted { linted, .. } => &linted.report.path,
            Done::Unreadable { path, .. } | Done::Failed { path, .. } => path,
        }
    }
}

/// What the threads of a run share to turn a found file into a job: its config's profile
/// and its Hugo site, each looked up once per directory.
struct Lookup<'a> {
    options: &'a RunOptions,
    profiles: Profiles,
    sites: SiteCache,
}

impl Lookup<'_> {
    /// Look up, read, parse and check one file; `None` when it is not linted (excluded, or
    /// not a content page of its site).
    fn process(&self, path: PathBuf, explicit: bool) -> Option<Done> {
        match self.job(path.clone(), explicit) {
            Ok(Some(job)) => {
                let (summary, linted) = lint_file(self.options, &job);
                let page = summary.map(|summary| {
                    Box::new(Page {
                        summary,
                        profile: job.profile,
                        site: job.site,
                    })
                });
                Some(Done::Linted {
                    page,
                    linted: Box::new(linted),
                })
            }
            Ok(None) => None,
            Err(error) => Some(Done::Failed { path, error }),
        }
    }

    fn job(&self, path: PathBuf, explicit: bool) -> Result<Option<Job>, RunError> {
        let options = self.options;
        let from_stdin = options.stdin.as_ref().is_some_and(|(_, p)| p == &path);
        // With --force-exclude (pre-commit passes every staged file by name) a named
        // file is selected as if walked: config excludes, content pages only, and
        // the pack (or config) decides whether it is a report.
        let explicit = explicit && (!options.force_exclude || from_stdin);
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let profile = self.profiles.for_dir(dir, options)?;
        if !explicit && profile.settings.excludes(&path) {
            return Ok(None);
        }
        let site = match &profile.settings.site_root {
            Some((root, _)) => self.sites.site_at(root),
            None => self.sites.site_of(&path),
        };
        // The path below the site's content dir (normalized once for both).
        let mut below_content = None;
        if let Some(site) = &site {
            let absolute = crate::site::normalize(&path);
            below_content = site.content_dir_of_normalized(&absolute).map(|dir| {
                crate::site::below(&absolute, dir)
                    .unwrap_or(&absolute)
                    .to_path_buf()
            });
            if !explicit && below_content.is_none() {
                return Ok(None); // a theme's docs, a README: not a content page of the site
            }
        }
        let content_dir_known = below_content.is_some();
        let relative = below_content.unwrap_or_else(|| path.clone());
        let role = page_role(
            &relative,
            content_dir_known,
            &profile.rules.pack.section_pattern,
        );
        let is_report = match &profile.settings.reports {
            _ if explicit => Some(true),
            Some((globs, _, _)) if globs.matches(&path) => Some(true),
            Some((_, conditions, _)) if !conditions.is_empty() => None,
            Some(_) => Some(false),
            None => Some(role == Role::Report),
        };
        let text = match &options.stdin {
            Some((text, _)) if from_stdin => Some(text.clone()),
            _ => None,
        };
        Ok(Some(Job {
            path,
            site,
            profile,
            is_report,
            is_section_index: role == Role::SectionIndex,
            text,
        }))
    }
}

/// Per-file levels and suppressions, applied once every finding of the file is known.
fn settle(file: &mut FileReport, profile: &Profile, sups: &[Suppression]) {
    // Suppressions are rare: their files' texts are read again for their line numbers.
    let text = match sups.is_empty() {
        true => None,
        false => Some(file.text().unwrap_or_else(|| Arc::from(""))),
    };
    let text = text.as_deref().unwrap_or("");
    let levels = profile.settings.per_file_levels(&file.path);
    let diagnostics = std::mem::take(&mut file.diagnostics)
        .into_iter()
        .filter_map(|mut d| match levels.get(d.rule).map(|l| l.severity()) {
            Some(None) => None,
            Some(Some(severity)) => {
                d.severity = severity;
                Some(d)
            }
            None => Some(d),
        })
        .collect();
    let rules = &profile.rules;
    let known = |id: &str| is_engine_rule(id) || rules.get(id).is_some();
    let unused = rules
        .get(suppress::UNUSED)
        .filter(|r| r.enabled)
        .map(|r| r.severity);
    file.diagnostics = suppress::apply(text, sups, diagnostics, &known, unused);
    if !sups.is_empty() {
        // The text is in hand: locate the findings about suppressions now.
        crate::report::locate_findings(&file.path, text, &mut file.diagnostics);
    }
}

/// A file's findings in the order they are reported: by where they start, then rule,
/// then where they end (stable: findings alike stay in the order they were made).
fn sort_findings(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, &a.rule, a.span.end).cmp(&(b.span.start, &b.rule, b.span.end))
    });
}

/// What linting one page leaves besides its summary: its findings (with its profile and
/// suppressions, to settle them), and whether it could not be read.
struct Linted {
    report: FileReport,
    io_error: bool,
}

/// A linted page as the across-pages phase sees it: its summary, the profile it was
/// linted with, and its site.
struct Page {
    summary: Summary,
    profile: Arc<Profile>,
    site: Option<Arc<Site>>,
}

/// The second phase: rules that compare the pages of one site, from their summaries. A
/// site's pages are compared under the rules of its first page's config.
fn across_pages(options: &RunOptions, pages: &[Option<Box<Page>>]) -> Vec<Diagnostic> {
    let mut by_site: BTreeMap<Option<&Path>, Vec<&Page>> = BTreeMap::new();
    for page in pages.iter().flatten() {
        let root = page.site.as_ref().map(|s| s.root.as_path());
        by_site.entry(root).or_default().push(page);
    }
    let now = options.now.unwrap_or_else(today);
    let mut out = Vec::new();
    for entries in by_site.into_values() {
        // The pages' own site (the key is its root): not looked up again by root, since a
        // config's `site-root` caches it under the root as spelt there (`content/..`).
        let site = entries.first().and_then(|p| p.site.clone());
        let pages: Vec<&Summary> = entries.iter().map(|p| &p.summary).collect();
        debug_assert!(
            pages.is_sorted_by(|a, b| a.path <= b.path),
            "the checks read the pages in path order"
        );
        let Some(profile) = entries.first().map(|p| &p.profile) else {
            continue;
        };
        let now = profile
            .settings
            .now
            .as_ref()
            .map(|(d, _)| *d)
            .filter(|_| options.now.is_none())
            .unwrap_or(now);
        // The rules one per thread; their findings in rule order.
        let found: Vec<Vec<Diagnostic>> = profile
            .rules
            .rules
            .par_iter()
            .filter(|r| r.enabled)
            .map(|rule| {
                let ctx = SiteCtx {
                    site: site.as_deref(),
                    pages: &pages,
                    rule,
                    pack: &profile.rules.pack,
                    now,
                };
                let mut found = Vec::new();
                rule.check.check_site(&ctx, &mut found);
                found
            })
            .collect();
        out.extend(found.into_iter().flatten());
    }
    out
}

fn today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}

/// Does the front matter meet every `key: value` condition?
fn front_matter_matches(doc: &Document, conditions: &BTreeMap<String, String>) -> bool {
    let Some(fm) = doc.fm() else { return false };
    conditions.iter().all(|(key, want)| {
        fm.get(key).is_some_and(|f| match &f.value.kind {
            ValueKind::Str { text, .. } => text == want,
            ValueKind::Int(i) => &i.to_string() == want,
            ValueKind::Bool(b) => &b.to_string() == want,
            _ => false,
        })
    })
}

/// Read, parse and check one page.
fn lint_file(options: &RunOptions, job: &Job) -> (Option<Summary>, Linted) {
    let path: Arc<Path> = Arc::from(job.path.as_path());
    let bytes = match &job.text {
        Some(text) => Ok(text.clone().into_bytes()),
        None => read_capped(&path),
    };
    let fail = |mut report: FileReport, io_error: bool| {
        report.settle = Some((job.profile.clone(), Vec::new()));
        (None, Linted { report, io_error })
    };
    let bytes = match bytes {
        Ok(bytes) if bytes.len() as u64 > MAX_FILE_BYTES => {
            let mib = |n: u64| n as f64 / (1024.0 * 1024.0);
            // Standard input and devices have no size to tell.
            let size = match std::fs::metadata(&path) {
                Ok(m) if m.len() > MAX_FILE_BYTES => format!("{:.1} MiB", mib(m.len())),
                _ => format!("over {:.0} MiB", mib(MAX_FILE_BYTES)),
            };
            let d = Diagnostic::new(
                FILE_SIZE,
                Severity::Error,
                Span::default(),
                format!(
                    "this file is {size}; eventlint lints files of at most {:.0} MiB",
                    mib(MAX_FILE_BYTES)
                ),
            )
            .with_label("not linted")
            .with_help("a report is a few KB: is an image inlined as base64, or a generated file under content/?");
            return fail(FileReport::new(path, vec![d]), false);
        }
        Ok(bytes) => bytes,
        Err(e) => {
            let d = Diagnostic::new(
                IO_ERROR,
                Severity::Error,
                Span::default(),
                format!("cannot read this file: {e}"),
            );
            return fail(FileReport::new(path, vec![d]), true);
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
            .with_help("Hugo reads content as UTF-8: re-save the file with UTF-8 encoding");
            let mut report = FileReport::new(path, vec![d]);
            report.kept = Some(lossy);
            return fail(report, false);
        }
    };
    let doc = Document::parse(&path, text);
    let rules = &job.profile.rules;
    let settings = &job.profile.settings;
    let is_report = job.is_report.unwrap_or_else(|| {
        settings
            .reports
            .as_ref()
            .is_some_and(|(_, conditions, _)| front_matter_matches(&doc, conditions))
    });
    let now = options
        .now
        .or(settings.now.as_ref().map(|(d, _)| *d))
        .unwrap_or_else(today);
    let sections = rules.pack.sections.locate(&doc);
    let mut diagnostics = Vec::new();
    let derived = Derived::default();
    let screens = rules.screens.get();
    for rule in rules.rules.iter().filter(|r| r.enabled) {
        if rule.scope == Scope::Reports && !is_report {
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
            now,
            derived: &derived,
            screens,
        };
        rule.check.check(&ctx, &mut diagnostics);
    }
    // Lines and columns now, while the text is in hand: output need not read it again.
    crate::report::locate_findings(&path, &doc.text, &mut diagnostics);
    // Kept until the run ends: no spare room.
    diagnostics.shrink_to_fit();
    let lang = match &job.site {
        Some(site) => intern(&site.language_of(&path)),
        None => "en",
    };
    let mut summary = Summary::of(&doc, path.clone(), is_report, job.is_section_index, lang);
    if let Some(site) = job.site.as_deref()
        && is_report
        && base_url_subpath::reads_hook_resolutions(site)
    {
        // While the page is in hand: the across-pages check need not resolve nor classify
        // its images.
        summary.mark_images(derived.image_resolutions(&doc, Some(site)));
    }
    let suppressions = suppress::scan(&doc);
    // The text is dropped with `doc`: the human format reads it again, checked by this
    // hash. Standard input cannot be read again: its text is kept.
    let mut report = FileReport::new(path, diagnostics);
    report.linted_hash = Some(summary.text_hash);
    if job.text.is_some() && (!report.diagnostics.is_empty() || !suppressions.is_empty()) {
        report.kept = Some(Arc::from(doc.text));
    }
    if suppressions.is_empty() {
        // No suppression to wait for (one may be used only by an across-pages finding):
        // settled and put in order now, on the walk's threads while the findings are in
        // cache, rather than on the run's tail. A page that gets across-pages findings
        // is settled again with them (which changes nothing of these).
        settle(&mut report, &job.profile, &[]);
        sort_findings(&mut report.diagnostics);
        report.in_order = true;
    } else {
        report.settle = Some((job.profile.clone(), suppressions));
    }
    let linted = Linted {
        report,
        io_error: false,
    };
    (Some(summary), linted)
}

/// What a page is to the pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Report,
    /// The event section's own `_index*.md` list page.
    SectionIndex,
    Other,
}

/// The files with findings, in the order they were first added, by path.
#[derive(Default)]
struct Reports {
    files: Vec<FileReport>,
    index: FastMap<Arc<Path>, usize>,
}

impl Reports {
    /// The report of the file at `path` (made empty if there is none), to add findings
    /// to: no longer in order.
    fn entry(&mut self, path: Arc<Path>) -> &mut FileReport {
        let files = &mut self.files;
        let i = *self.index.entry(path).or_insert_with_key(|path| {
            files.push(FileReport::new(path.clone(), Vec::new()));
            files.len() - 1
        });
        let file = &mut self.files[i];
        file.in_order = false;
        file
    }

    fn push(&mut self, path: Arc<Path>, diagnostics: Vec<Diagnostic>) {
        self.entry(path).diagnostics.extend(diagnostics);
    }

    /// Add a linted file's report (its text, if kept, and its hash with it).
    fn add(&mut self, report: FileReport) {
        let path = report.path.clone();
        merge(self.entry(path), report);
    }

    /// Add linted files' reports. When none was filed yet (the usual case), `reports`
    /// becomes the list as it is; a file linted twice is merged into its first report,
    /// leaving an empty one behind.
    fn absorb(&mut self, reports: Vec<FileReport>) {
        if !self.files.is_empty() {
            reports.into_iter().for_each(|r| self.add(r));
            return;
        }
        self.files = reports;
        self.index.reserve(self.files.len());
        for i in 0..self.files.len() {
            let path = self.files[i].path.clone();
            match self.index.entry(path) {
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(i);
                }
                std::collections::hash_map::Entry::Occupied(first) => {
                    let empty = FileReport::new(first.key().clone(), Vec::new());
                    let again = std::mem::replace(&mut self.files[i], empty);
                    merge(&mut self.files[*first.get()], again);
                }
            }
        }
    }
}

/// Merge `report` into `entry`, a report of the same file.
fn merge(entry: &mut FileReport, report: FileReport) {
    entry.in_order = false;
    entry.kept = entry.kept.take().or(report.kept);
    entry.linted_hash = entry.linted_hash.or(report.linted_hash);
    entry.settle = report.settle.or(entry.settle.take());
    if entry.diagnostics.is_empty() {
        entry.diagnostics = report.diagnostics;
    } else {
        entry.diagnostics.extend(report.diagnostics);
    }
}

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

/// Lint one page's text as an event report outside any site, with every enabled rule: the
/// per-page checks and the page's suppressions, then the across-pages checks on it and on a
/// copy of it at a sibling path (so the comparisons run too). The library's smallest entry point; the fuzz target
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
    let derived = Derived::default();
    let screens = rules.screens.get();
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
                derived: &derived,
                screens,
            };
            rule.check.check(&ctx, &mut out);
        }
    }
    let suppressions = suppress::scan(&doc);
    let known = |id: &str| is_engine_rule(id) || rules.get(id).is_some();
    let mut out = suppress::apply(
        &doc.text,
        &suppressions,
        out,
        &known,
        Some(Severity::Warning),
    );
    let page = Summary::of(&doc, Arc::from(path), true, false, "en");
    // Its translation (what it keeps of its path is made from the path).
    let twin_path: Arc<Path> = path.with_file_name("_index.vi.md").into();
    let twin = Summary::of(&doc, twin_path, true, false, "vi");
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

/// Sites by root, loaded once each. Shared by the threads of a run; like [`Profiles`], no
/// lock is held while a site is loaded.
#[derive(Default)]
struct SiteCache {
    /// The site root of each directory walked up from or through.
    walked: Mutex<Recent<std::ffi::OsString, Option<PathBuf>>>,
    sites: Mutex<BTreeMap<PathBuf, Option<Arc<Site>>>>,
    /// The `hugo-config` findings of sites that could not be loaded.
    failed: Mutex<Vec<FileReport>>,
    folders: Arc<Folders>,
}

impl SiteCache {
    /// The `hugo-config` findings, once the walk is done; the per-folder memos and the
    /// cache's own hold on the sites are freed with it.
    fn into_failed(self) -> Vec<FileReport> {
        self.failed.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn site_of(&self, path: &Path) -> Option<Arc<Site>> {
        // A bare file name (`_index.md`) has the empty path as its parent: its folder is
        // the current one, as for `./_index.md`.
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        // `dir` holds the file just read: a directory, no need to ask. The walk up starts
        // with the memo of the folders walked already.
        let root = Site::find_root_from_dir(dir, &self.walked, &self.folders)?;
        self.site_at(&root)
    }

    /// The site whose root is `root` (the config's `site-root`, or one found by walking up).
    fn site_at(&self, root: &Path) -> Option<Arc<Site>> {
        if let Some(site) = lock(&self.sites).get(root) {
            return site.clone();
        }
        let loaded = Site::load_sharing(root, self.folders.clone());
        let mut sites = lock(&self.sites);
        if let Some(site) = sites.get(root) {
            return site.clone(); // another thread loaded it meanwhile
        }
        let site = match loaded {
            Ok(site) => Some(Arc::new(site)),
            Err(e) => {
                let source = crate::input::read_text(&e.path, MAX_FILE_BYTES)
                    .ok()
                    .map(Arc::from);
                let span = e.span.unwrap_or_default();
                let d = Diagnostic::new(HUGO_CONFIG, Severity::Error, span, e.message)
                    .with_help("Hugo cannot read this config either; checks that need the site were skipped for its pages");
                let mut report = FileReport::new(e.path.into(), vec![d]);
                report.kept = source;
                lock(&self.failed).push(report);
                None
            }
        };
        sites.insert(root.to_path_buf(), site.clone());
        site
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permuting_in_place_puts_each_item_where_the_order_says() {
        let mut rng = crate::test_inputs::Xorshift::new(0x5851_F42D_4C95_7F2D);
        for n in 0..200 {
            let mut order: Vec<usize> = (0..n).collect();
            // Fisher-Yates, and now and then the identity or a single long cycle.
            match rng.below(4) {
                0 => {}
                1 => order.rotate_left(1.min(n)),
                _ => {
                    for i in (1..n).rev() {
                        order.swap(i, rng.below(i + 1));
                    }
                }
            }
            let items: Vec<String> = (0..n).map(|i| format!("item {i}")).collect();
            let want: Vec<String> = order.iter().map(|&i| items[i].clone()).collect();
            let mut got = items.clone();
            permute(&mut got, order.clone());
            assert_eq!(got, want, "{order:?}");
        }
        // Not a permutation (a repeat, an index past the end, the wrong length): untouched.
        for order in [vec![0, 0, 2], vec![0, 1, 3], vec![1, 0]] {
            let mut items = vec!['a', 'b', 'c'];
            permute(&mut items, order);
            assert_eq!(items, ['a', 'b', 'c']);
        }
    }

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
