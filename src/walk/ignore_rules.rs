//! Which entries a walk skips, decided as the `ignore` crate's walker decides them (with
//! the options eventlint walks with: hidden entries skipped, `.ignore`, `.gitignore`,
//! `.git/info/exclude` and the global git excludes read, the git ones only inside a
//! repository, the rules of the folders above a named folder applied too). The matching
//! itself is `ignore::gitignore`'s: this module only chains one set of rules per folder
//! the way `ignore`'s private `dir` module does, so that the walk can list each folder
//! once (see [`super`]). A test walks generated trees both ways and compares.

use std::ffi::OsStr;
use std::fs::FileType;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::{Error, Match};

/// What a folder's listing says about the rule files in it.
#[derive(Debug, Default, Clone, Copy)]
pub struct RuleFiles {
    pub ignore: bool,
    pub gitignore: bool,
    pub git: bool,
    pub jj: bool,
}

impl RuleFiles {
    /// Note the entry `name`.
    pub fn add(&mut self, name: &OsStr) {
        match name.as_encoded_bytes() {
            b".ignore" => self.ignore = true,
            b".gitignore" => self.gitignore = true,
            b".git" => self.git = true,
            b".jj" => self.jj = true,
            _ => {}
        }
    }
}

/// The rules of one folder, and of the folders above it through `parent`.
#[derive(Debug)]
pub struct Rules {
    /// The folder as walked (relative when the walk's root is).
    dir: PathBuf,
    parent: Option<Arc<Rules>>,
    /// A folder above the walk's root (its rules match the path made absolute), or the
    /// chain's empty start.
    above_root: bool,
    /// Whether this folder or one above it (this one included) has rules that apply from
    /// above the root.
    rules_above_root: bool,
    /// The root made absolute (`canonicalize`), when it could be.
    absolute_root: Option<Arc<PathBuf>>,
    global: Arc<Gitignore>,
    dot_ignore: Gitignore,
    gitignore: Gitignore,
    git_exclude: Gitignore,
    /// A repository starts here (`.git` or `.jj`).
    has_git: bool,
    /// One starts here or in a folder above (the git rules apply).
    in_git: bool,
    /// This folder or one above it in the walk has rules (when none has, only the rules
    /// from above the root can match).
    rules_in_walk: bool,
}

impl Rules {
    /// The rules a walk of `root` starts with: the global git excludes (matched relative to
    /// the working directory), and the rules of every folder above `root`. An error reading
    /// those is returned with them (the walk reports it and goes on).
    pub fn for_root(root: &Path) -> (Arc<Rules>, Option<Error>) {
        let global = match std::env::current_dir() {
            Ok(cwd) => GitignoreBuilder::new(cwd).build_global().0,
            Err(_) => Gitignore::empty(),
        };
        let start = Arc::new(Rules {
            dir: PathBuf::new(),
            parent: None,
            above_root: true,
            rules_above_root: false,
            absolute_root: None,
            global: Arc::new(global),
            dot_ignore: Gitignore::empty(),
            gitignore: Gitignore::empty(),
            git_exclude: Gitignore::empty(),
            has_git: false,
            in_git: false,
            rules_in_walk: false,
        });
        let Ok(absolute) = root.canonicalize() else {
            return (start, None);
        };
        let absolute = Arc::new(absolute);
        let mut errors = Vec::new();
        let mut rules = start;
        let parents: Vec<&Path> = absolute.ancestors().skip(1).collect();
        for parent in parents.into_iter().rev() {
            let (mut child, error) = rules.child(parent, None);
            errors.extend(error);
            child.above_root = true;
            child.rules_in_walk = false;
            child.rules_above_root |= child.has_rules();
            child.absolute_root = Some(absolute.clone());
            rules = Arc::new(child);
        }
        (rules, one_error(errors))
    }

    /// The rules of `dir`, a folder in this one (or the root, in the rules above it), whose
    /// entries say which rule files it has (`None`: look them up).
    pub fn child(
        self: &Arc<Rules>,
        dir: &Path,
        files: Option<RuleFiles>,
    ) -> (Rules, Option<Error>) {
        let has = |found: fn(&RuleFiles) -> bool| files.as_ref().is_none_or(found);
        let git_type = if has(|f| f.git) {
            dir.join(".git").metadata().ok().map(|m| m.file_type())
        } else {
            None
        };
        let has_jj = has(|f| f.jj) && dir.join(".jj").exists();
        let mut errors = Vec::new();
        let mut read = |from: &Path, name: &str, wanted: bool| {
            if !wanted {
                return Gitignore::empty();
            }
            let (rules, error) = gitignore_of(dir, from, name);
            errors.extend(error);
            rules
        };
        let dot_ignore = read(dir, ".ignore", has(|f| f.ignore));
        let gitignore = read(dir, ".gitignore", has(|f| f.gitignore));
        let git_exclude = match has(|f| f.git) {
            false => Gitignore::empty(),
            true => match git_common_dir(dir, git_type) {
                Ok(git_dir) => read(&git_dir, "info/exclude", true),
                Err(error) => {
                    errors.extend(error);
                    Gitignore::empty()
                }
            },
        };
        let has_git = git_type.is_some() || has_jj;
        let mut rules = Rules {
            dir: dir.to_path_buf(),
            parent: Some(self.clone()),
            above_root: false,
            rules_above_root: self.rules_above_root,
            absolute_root: self.absolute_root.clone(),
            global: self.global.clone(),
            dot_ignore,
            gitignore,
            git_exclude,
            has_git,
            in_git: has_git || self.in_git,
            // Above the root this stays false (`for_root` sets it so).
            rules_in_walk: self.rules_in_walk,
        };
        rules.rules_in_walk |= rules.has_rules();
        (rules, one_error(errors))
    }

    /// Whether this folder has rule files with rules in them.
    fn has_rules(&self) -> bool {
        !self.dot_ignore.is_empty() || !self.gitignore.is_empty() || !self.git_exclude.is_empty()
    }

    /// This folder and the folders above it, nearest first.
    fn chain(&self) -> impl Iterator<Item = &Rules> {
        std::iter::successors(Some(self), |r| r.parent.as_deref())
    }

    /// The rules of this folder and of the folders above it up to the walk's root.
    fn in_walk(&self) -> impl Iterator<Item = &Rules> {
        self.chain().take_while(|r| !r.above_root)
    }

    /// The folders of the walk this one is in, from it up to the root.
    pub fn walked(&self) -> impl Iterator<Item = &Path> {
        self.in_walk().map(|r| r.dir.as_path())
    }

    /// Whether the walk skips `path`, an entry of this folder (`is_dir` when it is a
    /// folder, or a link to one): ignored by a rule, or hidden and not let through by one.
    pub fn skips(&self, path: &Path, is_dir: bool) -> bool {
        let path = strip_bytes(OsStr::new("./"), path);
        match self.matched(path, is_dir) {
            Match::Ignore(()) => true,
            Match::Whitelist(()) => false,
            Match::None => path
                .file_name()
                .is_some_and(|name| name.as_encoded_bytes().starts_with(b".")),
        }
    }

    /// As `ignore`'s `Ignore::matched_ignore`: for each kind of rule file, the nearest
    /// folder's rule that matches decides; `.ignore` rules come first, then `.gitignore`,
    /// `info/exclude` and the global excludes. The git ones apply only in a repository,
    /// and not from above the repository's top folder.
    fn matched(&self, path: &Path, is_dir: bool) -> Match<()> {
        let in_git = self.in_git;
        let (mut ignore, mut git, mut exclude) = (Match::None, Match::None, Match::None);
        // No rules in the walk's folders: nothing to match there, but the repositories they
        // start still bound the git rules from above.
        let mut saw_git = !self.rules_in_walk && self.in_walk().any(|r| r.has_git);
        let mut take = |rules: &Rules, path: &Path| {
            if ignore.is_none() {
                ignore = rules.dot_ignore.matched(path, is_dir).map(|_| ());
            }
            if in_git && !saw_git && git.is_none() {
                git = rules.gitignore.matched(path, is_dir).map(|_| ());
            }
            if in_git && !saw_git && exclude.is_none() {
                exclude = rules.git_exclude.matched(path, is_dir).map(|_| ());
            }
            saw_git = saw_git || rules.has_git;
        };
        if self.rules_in_walk {
            for rules in self.in_walk() {
                take(rules, path);
            }
        }
        if self.rules_above_root
            && let Some(absolute_root) = &self.absolute_root
        {
            // The path below the root, joined to the root made absolute.
            let below_root = match self.in_walk().last() {
                None => path,
                Some(root) if root.dir == Path::new(".") => path,
                Some(root) => {
                    let root_dir = strip_bytes(OsStr::new("./"), &root.dir);
                    let rest = strip_bytes(root_dir.as_os_str(), path);
                    strip_bytes(OsStr::new("/"), rest)
                }
            };
            let absolute = absolute_root.join(below_root);
            for rules in self.chain().skip_while(|r| !r.above_root) {
                take(rules, &absolute);
            }
        }
        let global = match in_git {
            true => self.global.matched(path, is_dir).map(|_| ()),
            false => Match::None,
        };
        ignore.or(git).or(exclude).or(global)
    }
}

/// `path` without the bytes of `prefix` when it starts with them (as `ignore` strips: by
/// bytes, not by components).
fn strip_bytes<'p>(prefix: &OsStr, path: &'p Path) -> &'p Path {
    let bytes = path.as_os_str().as_encoded_bytes();
    match bytes.strip_prefix(prefix.as_encoded_bytes()) {
        // Not `Path::strip_prefix`, which compares components (`./a` has the prefix `.`).
        Some(rest) => Path::new(bytes_os_str(rest).unwrap_or(path.as_os_str())),
        None => path,
    }
}

#[cfg(unix)]
fn bytes_os_str(bytes: &[u8]) -> Option<&OsStr> {
    use std::os::unix::ffi::OsStrExt;
    Some(OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn bytes_os_str(bytes: &[u8]) -> Option<&OsStr> {
    std::str::from_utf8(bytes).ok().map(OsStr::new)
}

/// The rules of the file `from/name`, matched relative to `dir` (as `ignore`'s
/// `create_gitignore`): none when the file is not there; a file that cannot be read or
/// holds a bad glob gives what it could read, and the error.
fn gitignore_of(dir: &Path, from: &Path, name: &str) -> (Gitignore, Option<Error>) {
    let mut builder = GitignoreBuilder::new(dir);
    let mut errors = Vec::new();
    let path = from.join(name);
    if path.exists()
        && !may_block(&path)
        && let Some(error) = builder.add(&path)
        && !error.is_io()
    {
        errors.push(error);
    }
    let rules = match builder.build() {
        Ok(rules) => rules,
        Err(error) => {
            errors.push(error);
            Gitignore::empty()
        }
    };
    (rules, one_error(errors))
}

/// Whether reading `path` could wait forever or never end: a named pipe, a device or a
/// socket in the place of a rule file. `ignore` opens and reads it (and waits on a pipe
/// with no writer for ever); the walk leaves it unread, as if it held no rules.
#[cfg(unix)]
fn may_block(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    path.metadata().is_ok_and(|m| {
        let kind = m.file_type();
        kind.is_fifo() || kind.is_char_device() || kind.is_block_device() || kind.is_socket()
    })
}

#[cfg(not(unix))]
fn may_block(_: &Path) -> bool {
    false
}

/// Where a repository's `info/exclude` is: `.git` itself, or for a worktree (a `.git`
/// file, `gitdir: …`) the common folder its `commondir` names (as `ignore`'s
/// `resolve_git_commondir`; `Err(None)` when there is none to read).
fn git_common_dir(dir: &Path, git_type: Option<FileType>) -> Result<PathBuf, Option<Error>> {
    let git = dir.join(".git");
    if !git_type.is_some_and(|t| t.is_file()) {
        return Ok(git);
    }
    let first_line = |path: &Path| -> Result<Option<String>, Error> {
        let file = std::fs::File::open(path).map_err(|e| io_error(path, e))?;
        match std::io::BufReader::new(file).lines().next() {
            Some(Ok(line)) => Ok(Some(line)),
            Some(Err(e)) => Err(io_error(path, e)),
            None => Ok(None),
        }
    };
    let line = first_line(&git).map_err(Some)?.ok_or(None)?;
    let Some(real) = line.strip_prefix("gitdir: ") else {
        return Err(None);
    };
    let real = PathBuf::from(real);
    let commondir = real.join("commondir");
    if may_block(&commondir) || std::fs::File::open(&commondir).is_err() {
        return Err(None);
    }
    let common = first_line(&commondir).map_err(Some)?.ok_or(None)?;
    Ok(match common.starts_with('.') {
        true => real.join(common),
        false => PathBuf::from(common),
    })
}

/// An I/O error at `path`, as `ignore` gives it.
pub fn io_error(path: &Path, e: std::io::Error) -> Error {
    Error::WithPath {
        path: path.to_path_buf(),
        err: Box::new(Error::Io(e)),
    }
}

/// Errors as `ignore` gathers them: none, the one, or all in a partial error.
fn one_error(mut errors: Vec<Error>) -> Option<Error> {
    match errors.len() {
        0 => None,
        1 => errors.pop(),
        _ => Some(Error::Partial(errors)),
    }
}
