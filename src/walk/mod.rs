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
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => return (self.report)(io_error(&dir, e)),
        };
        let mut read = Vec::new();
        let mut errors = Vec::new();
        let mut files = RuleFiles::default();
        for entry in entries {
            match entry {
                Ok(entry) => {
                    files.add(&entry.file_name());
                    read.push(entry);
                }
                Err(e) => errors.push(io_error(&dir, e)),
            }
        }
        // An error reading the folder's own rule files is not reported, as `ignore`'s
        // walker does not report it either (it hands it to the folder's entry).
        let rules = Arc::new(parent.child(&dir, Some(files)).0);
        // The listing is kept before any file is visited: the lookups of the folder's
        // pages read it.
        let mut listing = Reading::default();
        if !errors.is_empty() {
            listing.incomplete();
        }
        let mut found = Vec::with_capacity(read.len());
        for entry in read {
            let path = entry.path();
            let kind = match entry.file_type() {
                Ok(kind) => kind,
                Err(e) => {
                    listing.add(entry.file_name(), None);
                    found.push(Found::Error(io_error(&path, e)));
                    continue;
                }
            };
            // A link counts as what it points to.
            let (is_dir, is_file) = match kind.is_symlink() {
                false => (kind.is_dir(), kind.is_file()),
                true => match std::fs::metadata(&path) {
                    Ok(meta) => (meta.is_dir(), meta.is_file()),
                    Err(e) => {
                        listing.add(entry.file_name(), Some(false));
                        found.push(Found::Error(io_error(&path, e)));
                        continue;
                    }
                },
            };
            listing.add(entry.file_name(), Some(is_dir));
            let link = kind.is_symlink();
            found.push(Found::Entry {
                path,
                is_dir,
                is_file,
                link,
            });
        }
        self.folders.keep(&dir, listing.done());
        for entry in found {
            let (path, is_dir, is_file, link) = match entry {
                Found::Error(error) => {
                    (self.report)(error);
                    continue;
                }
                Found::Entry {
                    path,
                    is_dir,
                    is_file,
                    link,
                } => (path, is_dir, is_file, link),
            };
            if link
                && is_dir
                && let Err(error) = check_loop(&rules, &path)
            {
                (self.report)(error);
                continue;
            }
            if rules.skips(&path, is_dir) {
                continue;
            }
            if is_dir {
                let rules = rules.clone();
                scope.spawn(move |scope| self.folder(scope, path, &rules));
            } else if is_file && is_markdown(&path) {
                (self.visit)(Target::File {
                    path,
                    explicit: false,
                });
            }
        }
        for error in errors {
            (self.report)(error);
        }
    }
}

/// An entry of a folder, as its listing found it.
enum Found {
    Entry {
        path: PathBuf,
        /// What it is, or what it links to.
        is_dir: bool,
        is_file: bool,
        link: bool,
    },
    /// It could not be told what it is.
    Error(Error),
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
