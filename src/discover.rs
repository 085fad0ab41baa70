//! Which files a run lints: the files named on the command line, and the Markdown files
//! found below the directories named there (hidden files and `.gitignore`d paths skipped,
//! symlinks followed with loop detection).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A file to lint, or a path that could not be walked.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// `explicit` when named on the command line: linted whatever it is.
    File {
        path: PathBuf,
        explicit: bool,
    },
    Unreadable {
        path: PathBuf,
        error: String,
    },
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Expand the command line's paths into files, sorted and without duplicates.
/// A path that does not exist is a usage error.
pub fn targets(paths: &[PathBuf]) -> Result<Vec<Target>, String> {
    let mut out = BTreeSet::new();
    for path in paths {
        let meta =
            std::fs::metadata(path).map_err(|e| format!("{}: {}", path.display(), describe(&e)))?;
        if !meta.is_dir() {
            out.insert(Target::File {
                path: path.clone(),
                explicit: true,
            });
            continue;
        }
        let walker = ignore::WalkBuilder::new(path)
            .follow_links(true)
            .require_git(true)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    let is_file = entry.file_type().is_some_and(|t| t.is_file());
                    if is_file && is_markdown(entry.path()) {
                        out.insert(Target::File {
                            path: entry.into_path(),
                            explicit: false,
                        });
                    }
                }
                Err(e) => {
                    let path = error_path(&e).unwrap_or_else(|| path.clone());
                    out.insert(Target::Unreadable {
                        path,
                        error: format!("cannot walk this path: {e}"),
                    });
                }
            }
        }
    }
    // A file named explicitly and also found by walking is linted once, as explicit.
    let explicit: BTreeSet<PathBuf> = out
        .iter()
        .filter_map(|t| match t {
            Target::File {
                path,
                explicit: true,
            } => Some(path.clone()),
            _ => None,
        })
        .collect();
    Ok(out
        .into_iter()
        .filter(|t| !matches!(t, Target::File { path, explicit: false } if explicit.contains(path)))
        .collect())
}

fn describe(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        _ => e.to_string(),
    }
}

fn error_path(e: &ignore::Error) -> Option<PathBuf> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } => error_path(err),
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}
