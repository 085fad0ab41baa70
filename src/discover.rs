//! Which files a run lints: the files named on the command line, and the Markdown files
//! found below the directories named there (hidden files and `.gitignore`d paths skipped,
//! symlinks followed with loop detection: the walk is [`crate::walk`]).

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

pub(crate) fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// What the command line names: files (linted whatever they are) and directories (walked
/// for Markdown files). A path that does not exist is a usage error.
#[derive(Debug, Default)]
pub struct Roots {
    /// Named files, without duplicates, in the order given.
    pub files: Vec<PathBuf>,
    /// Named directories, without duplicates, in the order given.
    pub dirs: Vec<PathBuf>,
}

pub fn roots(paths: &[PathBuf]) -> Result<Roots, String> {
    let mut roots = Roots::default();
    for path in paths {
        let meta =
            std::fs::metadata(path).map_err(|e| format!("{}: {}", path.display(), describe(&e)))?;
        let list = match meta.is_dir() {
            true => &mut roots.dirs,
            false => &mut roots.files,
        };
        if !list.contains(path) {
            list.push(path.clone());
        }
    }
    Ok(roots)
}

fn describe(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        _ => e.to_string(),
    }
}

pub(crate) fn error_path(e: &ignore::Error) -> Option<PathBuf> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } => error_path(err),
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}
