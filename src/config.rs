//! Configuration files: `.eventlint.yaml` (also `eventlint.yaml`, `.config/eventlint.yaml`),
//! found for each linted file by walking up from its directory to the repository root. The
//! closest file wins; `extends: PATH` inherits from another file explicitly. `--config PATH`
//! names one file for every linted file, `--no-config` uses none.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use globset::{Glob, GlobSet, GlobSetBuilder};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::diagnostic::Severity;
use crate::folders::Folders;
use crate::recent::{MEMO, Recent};
use crate::rules::{RuleError, parse_yaml};
use crate::span::Span;

/// The names a config file may have, in the order they are looked for in a directory.
pub const FILE_NAMES: &[&str] = &[
    ".eventlint.yaml",
    "eventlint.yaml",
    ".config/eventlint.yaml",
];

/// A rule's level in a config: `off`, or the severity it reports at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Info,
    Warning,
    Error,
}

impl Level {
    /// The severity, or `None` for `off`.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

/// How a config sets one rule: a level, or a level and parameter overrides.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum RuleSetting {
    Level(Level),
    Detailed(RuleOverride),
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleOverride {
    /// `off` or the severity to report at.
    #[serde(default)]
    pub level: Option<Level>,
    /// Parameters that replace the rule's own (each key given replaces that key).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, serde_json::Value>")]
    pub params: Option<serde_json::Map<String, serde_json::Value>>,
}

/// Which pages are event reports, instead of the pack's rule.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ReportsSetting {
    /// Globs (relative to this config file) of the pages that are reports.
    #[serde(default)]
    pub paths: Vec<String>,
    /// Front matter conditions (`type: event`): a page whose front matter has all of these
    /// values is a report.
    #[serde(default)]
    pub front_matter: BTreeMap<String, String>,
}

/// Overrides for the files matching a glob.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PerFile {
    /// Per rule id: `off` or the severity to report at, in these files.
    #[serde(default)]
    pub rules: BTreeMap<String, Level>,
}

/// A config file as written.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "eventlint configuration")]
pub struct ConfigFile {
    /// Another config file this one builds on, relative to this file.
    #[serde(default)]
    pub extends: Option<String>,
    /// Per rule id: `off`, a severity (`error`, `warning`, `info`), or
    /// `{level: …, params: {…}}`.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleSetting>,
    /// Extra rule directories (like `--rules`), relative to this file.
    #[serde(default)]
    pub packs: Vec<String>,
    /// Only files matching these globs (relative to this file) are linted.
    #[serde(default)]
    pub include: Vec<String>,
    /// Files matching these globs (relative to this file) are not linted.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Which pages are event reports.
    #[serde(default)]
    pub reports: Option<ReportsSetting>,
    /// Overrides by glob (relative to this file).
    #[serde(default)]
    pub per_file: BTreeMap<String, PerFile>,
    /// The lowest severity that makes the run fail (exit 1). Default: error.
    #[serde(default)]
    pub fail_on: Option<FailOn>,
    /// The Hugo site root, relative to this file, instead of finding it from each page.
    #[serde(default)]
    pub site_root: Option<String>,
    /// "Today" for date rules (YYYY-MM-DD).
    #[serde(default)]
    pub now: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl FailOn {
    pub fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

/// A config problem: which file, its text, what and where. Exit 2.
#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub text: String,
    pub error: RuleError,
}

/// Globs with the directory they are relative to.
#[derive(Debug, Clone)]
pub struct Globs {
    pub base: PathBuf,
    pub patterns: Vec<String>,
    set: GlobSet,
}

impl Globs {
    fn new(base: &Path, patterns: &[String], text: &str) -> Result<Globs, RuleError> {
        let mut builder = GlobSetBuilder::new();
        for p in patterns {
            let glob = Glob::new(p).map_err(|e| RuleError {
                message: format!("invalid glob `{p}`: {e}"),
                span: find(text, p),
            })?;
            builder.add(glob);
        }
        let set = builder.build().map_err(|e| RuleError {
            message: format!("invalid globs: {e}"),
            span: None,
        })?;
        Ok(Globs {
            base: base.to_path_buf(),
            patterns: patterns.to_vec(),
            set,
        })
    }

    /// Does the path (made relative to the globs' directory) match?
    pub fn matches(&self, path: &Path) -> bool {
        let absolute = crate::site::normalize(path);
        match absolute.strip_prefix(&self.base) {
            Ok(relative) => self.set.is_match(relative),
            Err(_) => false,
        }
    }
}

/// The settings in force for a file: the merge of its config chain, each setting with the
/// file it came from.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The config files, closest first (empty: defaults only).
    pub chain: Vec<PathBuf>,
    pub rules: BTreeMap<String, (RuleSetting, PathBuf)>,
    pub packs: Vec<(PathBuf, PathBuf)>,
    pub include: Option<(Globs, PathBuf)>,
    pub exclude: Vec<(Globs, PathBuf)>,
    pub reports: Option<(Globs, BTreeMap<String, String>, PathBuf)>,
    pub per_file: Vec<(Globs, BTreeMap<String, Level>, PathBuf)>,
    pub fail_on: Option<(FailOn, PathBuf)>,
    pub site_root: Option<(PathBuf, PathBuf)>,
    pub now: Option<(jiff::civil::Date, PathBuf)>,
}

fn find(text: &str, needle: &str) -> Option<Span> {
    text.find(needle).map(|at| Span::new(at, at + needle.len()))
}

impl Settings {
    /// Is this file excluded (or not included)?
    pub fn excludes(&self, path: &Path) -> bool {
        if let Some((include, _)) = &self.include
            && !include.matches(path)
        {
            return true;
        }
        self.exclude.iter().any(|(g, _)| g.matches(path))
    }

    /// Per-file levels for a file, later entries winning.
    pub fn per_file_levels(&self, path: &Path) -> BTreeMap<String, Level> {
        let mut out = BTreeMap::new();
        for (globs, levels, _) in &self.per_file {
            if globs.matches(path) {
                out.extend(levels.iter().map(|(k, v)| (k.clone(), *v)));
            }
        }
        out
    }

    /// A stable key: files with equal keys share one rule set.
    pub fn key(&self) -> Vec<PathBuf> {
        self.chain.clone()
    }

    /// Load a config file and what it extends, closest first.
    pub fn load(path: &Path) -> Result<Settings, ConfigError> {
        let mut settings = Settings::default();
        let mut seen = Vec::new();
        let mut next = Some(path.to_path_buf());
        while let Some(path) = next.take() {
            let path = crate::site::normalize(&path);
            if seen.contains(&path) {
                return Err(ConfigError {
                    path: path.clone(),
                    text: String::new(),
                    error: RuleError {
                        message: "`extends` makes a cycle".into(),
                        span: None,
                    },
                });
            }
            seen.push(path.clone());
            let text =
                crate::input::read_text(&path, crate::input::MAX_SETTINGS_BYTES).map_err(|e| {
                    ConfigError {
                        path: path.clone(),
                        text: String::new(),
                        error: RuleError {
                            message: format!("cannot read config file: {e}"),
                            span: None,
                        },
                    }
                })?;
            let fail = |error: RuleError| ConfigError {
                path: path.clone(),
                text: text.clone(),
                error,
            };
            let file: ConfigFile = if text.trim().is_empty() {
                ConfigFile::default()
            } else {
                parse_yaml(&text).map_err(fail)?
            };
            let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
            let base = if base.ends_with(".config") {
                base.parent().map(Path::to_path_buf).unwrap_or(base)
            } else {
                base
            };
            settings.add(&file, &base, &path, &text).map_err(fail)?;
            settings.chain.push(path.clone());
            next = file.extends.as_ref().map(|e| base.join(e));
        }
        Ok(settings)
    }

    /// Add a file's settings beneath those already there (closer files were added first).
    fn add(
        &mut self,
        file: &ConfigFile,
        base: &Path,
        path: &Path,
        text: &str,
    ) -> Result<(), RuleError> {
        let from = path.to_path_buf();
        for (id, setting) in &file.rules {
            self.rules
                .entry(id.clone())
                .or_insert_with(|| (setting.clone(), from.clone()));
        }
        // Packs of the farther file load first, so the closer file's rules replace them.
        let mut packs: Vec<(PathBuf, PathBuf)> = file
            .packs
            .iter()
            .map(|p| (base.join(p), from.clone()))
            .collect();
        packs.append(&mut self.packs);
        self.packs = packs;
        if self.include.is_none() && !file.include.is_empty() {
            self.include = Some((Globs::new(base, &file.include, text)?, from.clone()));
        }
        if !file.exclude.is_empty() {
            self.exclude
                .push((Globs::new(base, &file.exclude, text)?, from.clone()));
        }
        if self.reports.is_none()
            && let Some(r) = &file.reports
        {
            self.reports = Some((
                Globs::new(base, &r.paths, text)?,
                r.front_matter.clone(),
                from.clone(),
            ));
        }
        // Farther per-file entries first, so the closer ones win.
        let mut per_file = Vec::new();
        for (glob, entry) in &file.per_file {
            per_file.push((
                Globs::new(base, std::slice::from_ref(glob), text)?,
                entry.rules.clone(),
                from.clone(),
            ));
        }
        per_file.append(&mut self.per_file);
        self.per_file = per_file;
        if self.fail_on.is_none() {
            self.fail_on = file.fail_on.map(|f| (f, from.clone()));
        }
        if self.site_root.is_none() {
            self.site_root = file
                .site_root
                .as_ref()
                .map(|r| (base.join(r), from.clone()));
        }
        if self.now.is_none()
            && let Some(now) = &file.now
        {
            let date = now.parse::<jiff::civil::Date>().map_err(|e| RuleError {
                message: format!("`now` is not a date (YYYY-MM-DD): {e}"),
                span: find(text, now),
            })?;
            self.now = Some((date, from.clone()));
        }
        Ok(())
    }
}

/// Finds the closest config file for a file in a directory: walking up to the repository
/// root (the directory holding `.git`), or the filesystem root. Every directory's answer is
/// remembered, so the thousands of folders of a site cost one look each, not one per
/// ancestor. Shared by the threads that walk and lint: the file system is looked at without
/// the lock held (two threads may look at the same folder; both find the same answer).
pub struct Finder {
    /// Recent folders' answers: bounded, as a run may go through any number of folders.
    /// Keyed by the folders' paths as bytes, which hash several times faster than a `Path`
    /// (component by component).
    found: Mutex<Recent<OsString, Option<PathBuf>>>,
    folders: Arc<Folders>,
}

impl Default for Finder {
    fn default() -> Finder {
        Finder::new(Arc::default())
    }
}

impl Finder {
    /// A finder that lists folders through `folders` (shared with the site lookup).
    pub fn new(folders: Arc<Folders>) -> Finder {
        Finder {
            found: Mutex::new(Recent::new(MEMO)),
            folders,
        }
    }

    /// The config file that applies to files in `dir` (made absolute and normalized).
    pub fn find_for(&self, dir: &Path) -> Option<PathBuf> {
        self.find_in(&crate::site::normalize(dir))
    }

    fn find_in(&self, dir: &Path) -> Option<PathBuf> {
        if let Some(found) = self.lock().get(dir.as_os_str()) {
            return found.clone();
        }
        let held = self.folders.held(dir);
        let may_hold = [
            held.dot_eventlint_yaml,
            held.eventlint_yaml,
            held.dot_config,
        ];
        let own = FILE_NAMES
            .iter()
            .zip(may_hold)
            .filter(|(_, may)| *may)
            .map(|(name, _)| dir.join(name))
            .find(|candidate| candidate.is_file());
        let found = match own {
            Some(path) => Some(path),
            None if held.git && dir.join(".git").exists() => None,
            None => dir.parent().and_then(|parent| self.find_in(parent)),
        };
        self.lock()
            .insert(dir.as_os_str().to_os_string(), found.clone());
        found
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Recent<OsString, Option<PathBuf>>> {
        crate::recent::lock(&self.found)
    }
}

/// The JSON Schema of the config file, for editors.
pub fn schema() -> String {
    let schema = schemars::schema_for!(ConfigFile);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

/// A commented starter config (`eventlint init`).
pub const STARTER: &str = r#"# eventlint configuration: https://github.com/eventlint/eventlint#configuration
# Editors: the JSON Schema is printed by `eventlint schema config`.

# Rules: `off`, a severity (error, warning, info), or a level with parameter overrides:
#   image-remote: warning          # turn on a rule that is off by default
#   title-generic: off             # turn a rule off
#   required-section:              # change a rule's parameters
#     params:
#       required: [objectives, speakers, highlights, takeaways, photos]
rules: {}

# Extra rule directories (YAML rule files), relative to this file.
# packs: [tools/eventlint-rules]

# Files to lint and to skip (globs relative to this file).
# include: ["content/**"]
exclude:
  - "themes/**"
  - "public/**"

# Which pages are event reports (default: pages below a content section named *event*).
# reports:
#   paths: ["content/4-EventParticipated/*/**"]
#   front-matter: {type: event}

# Overrides for some files.
# per-file:
#   "content/4-EventParticipated/4.1-*/**":
#     rules: {title-generic: off}

# The lowest severity that fails the run (exit 1): error, warning or info.
fail-on: error
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        path
    }

    #[test]
    fn the_closest_config_wins_and_extends_inherits() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path();
        std::fs::create_dir(root.join(".git")).unwrap_or_else(|e| panic!("{e}"));
        write(
            root,
            ".eventlint.yaml",
            "rules:\n  title-generic: off\n  same-date: error\nfail-on: warning\n",
        );
        let inner = write(
            root,
            "site/.config/eventlint.yaml",
            "extends: ../.eventlint.yaml\nrules:\n  same-date: info\n",
        );
        let found = Finder::default().find_for(&root.join("site/content"));
        assert_eq!(found.as_deref(), Some(inner.as_path()));
        let settings = Settings::load(&inner).unwrap_or_else(|e| panic!("{}", e.error.message));
        assert_eq!(settings.chain.len(), 2);
        assert!(matches!(
            settings.rules["same-date"].0,
            RuleSetting::Level(Level::Info)
        ));
        assert!(matches!(
            settings.rules["title-generic"].0,
            RuleSetting::Level(Level::Off)
        ));
        assert_eq!(settings.fail_on.map(|f| f.0), Some(FailOn::Warning));
    }

    #[test]
    fn a_typo_points_at_the_key_and_lists_the_valid_ones() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = write(
            dir.path(),
            ".eventlint.yaml",
            "rules: {}\nfail_on: warning\n",
        );
        let err = Settings::load(&path)
            .err()
            .unwrap_or_else(|| panic!("no error"));
        assert!(
            err.error.message.contains("fail_on"),
            "{}",
            err.error.message
        );
        assert!(
            err.error.message.contains("fail-on"),
            "{}",
            err.error.message
        );
        let span = err.error.span.unwrap_or_default();
        assert_eq!(&err.text[span.start..span.start + 7], "fail_on");
    }

    #[test]
    fn extends_cycle_is_an_error() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let a = write(dir.path(), "a.yaml", "extends: b.yaml\n");
        write(dir.path(), "b.yaml", "extends: a.yaml\n");
        let err = Settings::load(&a).err().map(|e| e.error.message);
        assert_eq!(err.as_deref(), Some("`extends` makes a cycle"));
    }

    #[test]
    fn the_starter_config_parses_and_the_schema_names_every_key() {
        let file: ConfigFile = parse_yaml(STARTER).unwrap_or_else(|e| panic!("{}", e.message));
        assert_eq!(file.fail_on, Some(FailOn::Error));
        let schema = schema();
        for key in [
            "extends",
            "rules",
            "packs",
            "include",
            "exclude",
            "reports",
            "per-file",
            "fail-on",
            "site-root",
            "now",
        ] {
            assert!(
                schema.contains(&format!("\"{key}\"")),
                "{key} missing from the schema"
            );
        }
    }
}
