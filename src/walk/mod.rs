//! The walk of the folders named on the command line, on the run's thread pool: every
//! Markdown file below them, hidden entries and ignored paths skipped as the `ignore`
//! crate's walker skips them ([`ignore_rules`]), symbolic links followed and their loops
//! reported. Each folder is listed once, and its listing is kept for the lookups that
//! would list it again ([`Folders`]: a page bundle's folder is asked for its config file,
//! its site config and its images). `ignore`'s walker lists a folder for itself and gives
//! its listing to no one, so a run over 10,000 bundles listed each of them twice: about
//! 0.14 s of CPU of 1.9 s.
//!
//! The files are handed to `visit` as they are found, in no particular order.

mod ignore_rules;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ignore::Error;

use crate::discover::{Target, error_path, is_markdown};
use crate::folders::{Folders, Reading};
use ignore_rules::{RuleFiles, Rules, io_error};

/// Walk `dirs`, one after the other, and call `visit` with each Markdown file found and
/// each path that could not be walked. A file below two of the directories is visited
/// twice.
pub fn walk(dirs: &[PathBuf], folders: &Folders, visit: &(dyn Fn(Target) + Sync)) {
    for dir in dirs {
        let (rules, error) = Rules::for_root(dir);
        let report = |error: Error| visit(unreadable(dir, error));
        if let Some(error) = error {
            report(error);
        }
        let walk = Walk {
            folders,
            visit,
            report: &report,
        };
        rayon::scope(|scope| walk.folder(scope, dir.clone(), &rules));
    }
}

/// What every folder of one walk shares.
struct Walk<'w> {
    folders: &'w Folders,
    visit: &'w (dyn Fn(Target) + Sync),
    /// Report an error (at its path, else at the root).
    report: &'w (dyn Fn(Error) + Sync),
}

impl<'w> Walk<'w> {
    /// List `dir`, keep its listing, visit its Markdown files and walk its folders.
    fn folder<'s>(&'s self, scope: &rayon::Scope<'s>, dir: PathBuf, parent: &Arc<Rules>)
    where
        'w: 's,
    {
        let Some(Listed {
            rules,
            entries,
            errors,
        }) = self.list(&dir, parent)
        else {
            return;
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    (self.report)(error);
                    continue;
                }
            };
            if entry.link
                && entry.is_dir
                && let Err(error) = check_loop(&rules, &entry.path)
            {
                (self.report)(error);
                continue;
            }
            if rules.skips(&entry.path, entry.is_dir) {
                continue;
            }
            if entry.is_dir {
                let rules = rules.clone();
                scope.spawn(move |scope| self.folder(scope, entry.path, &rules));
            } else if entry.is_file && is_markdown(&entry.path) {
                (self.visit)(Target::File {
                    path: entry.path,
                    explicit: false,
                });
            }
        }
        for error in errors {
            (self.report)(error);
        }
    }

    /// Read `dir`'s entries, tell what each is, and keep the listing for the lookups
    /// (before any of its files is visited: the lookups of its pages read it). `None`
    /// when it cannot be listed (reported).
    fn list(&self, dir: &Path, parent: &Arc<Rules>) -> Option<Listed> {
        let read = match std::fs::read_dir(dir) {
            Ok(read) => read,
            Err(e) => {
                (self.report)(io_error(dir, e));
                return None;
            }
        };
        // Each entry with its name, taken once (`file_name` allocates it).
        let mut dir_entries = Vec::new();
        let mut errors = Vec::new();
        let mut files = RuleFiles::default();
        for entry in read {
            match entry {
                Ok(entry) => {
                    let name = entry.file_name();
                    files.add(&name);
                    dir_entries.push((entry, name));
                }
                Err(e) => errors.push(io_error(dir, e)),
            }
        }
        // An error reading the folder's own rule files is not reported, as `ignore`'s
        // walker does not report it either (it hands it to the folder's entry).
        let rules = Arc::new(parent.child(dir, Some(files)).0);
        let mut listing = Reading::default();
        if !errors.is_empty() {
            listing.incomplete();
        }
        let entries = dir_entries
            .into_iter()
            .filter_map(|(entry, name)| {
                // A file that is not Markdown (a photo: most entries of a site) is only
                // listed. The walk neither visits it nor looks into it, whatever the rules
                // say of it, so its path is not made (a join and an allocation) and no rule
                // is matched against it.
                if let Ok(kind) = entry.file_type()
                    && kind.is_file()
                    && !is_markdown(Path::new(&name))
                {
                    listing.add(name, Some(false));
                    return None;
                }
                let found = Entry::of(&entry);
                let is_dir = match &found {
                    Ok(found) => Some(found.is_dir),
                    // A link to nowhere is listed, as not a folder.
                    Err(_) => entry.file_type().ok().map(|_| false),
                };
                listing.add(name, is_dir);
                Some(found)
            })
            .collect();
        self.folders.keep(dir, listing.done());
        Some(Listed {
            rules,
            entries,
            errors,
        })
    }
}

/// A folder as listed.
struct Listed {
    rules: Arc<Rules>,
    /// Its entries, or why one could not be told what it is.
    entries: Vec<Result<Entry, Error>>,
    /// Entries that could not be read.
    errors: Vec<Error>,
}

/// An entry of a folder.
struct Entry {
    path: PathBuf,
    /// What it is, or what it links to.
    is_dir: bool,
    is_file: bool,
    link: bool,
}

impl Entry {
    fn of(entry: &std::fs::DirEntry) -> Result<Entry, Error> {
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| io_error(&path, e))?;
        let link = kind.is_symlink();
        // A link counts as what it points to.
        let (is_dir, is_file) = match link {
            false => (kind.is_dir(), kind.is_file()),
            true => {
                let meta = std::fs::metadata(&path).map_err(|e| io_error(&path, e))?;
                (meta.is_dir(), meta.is_file())
            }
        };
        Ok(Entry {
            path,
            is_dir,
            is_file,
            link,
        })
    }
}

/// `path`, a link to a folder, is not one of the folders the walk is in (as `ignore`
/// checks: by the file's identity, so that a link to an ancestor is not walked forever).
fn check_loop(rules: &Rules, path: &Path) -> Result<(), Error> {
    let handle = |of: &Path| same_file::Handle::from_path(of).map_err(|e| io_error(path, e));
    let child = handle(path)?;
    for ancestor in rules.walked() {
        if handle(ancestor)? == child {
            return Err(Error::Loop {
                ancestor: ancestor.to_path_buf(),
                child: path.to_path_buf(),
            });
        }
    }
    Ok(())
}

fn unreadable(root: &Path, e: Error) -> Target {
    Target::Unreadable {
        path: error_path(&e).unwrap_or_else(|| root.to_path_buf()),
        error: format!("cannot walk this path: {e}"),
    }
}

#[cfg(test)]
mod tests;
