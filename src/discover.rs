//! Which files a run lints: the files named on the command line, and the Markdown files
//! found below the directories named there (hidden files and `.gitignore`d paths skipped,
//! symlinks followed with loop detection).

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

/// Walk `dirs` on `threads` threads and call `visit` with each Markdown file found, or
/// with a path that could not be walked, as soon as it is found (in no particular order:
/// sort what `visit` collects). A file below two of the directories is visited twice.
pub fn walk(dirs: &[PathBuf], threads: usize, visit: &(dyn Fn(Target) + Sync)) {
    for dir in dirs {
        ignore::WalkBuilder::new(dir)
            .follow_links(true)
            .require_git(true)
            .threads(threads)
            .build_parallel()
            .run(|| {
                Box::new(move |entry| {
                    match entry {
                        Ok(entry) => {
                            let is_file = entry.file_type().is_some_and(|t| t.is_file());
                            if is_file && is_markdown(entry.path()) {
                                visit(Target::File {
                                    path: entry.into_path(),
                                    explicit: false,
                                });
                            }
                        }
                        Err(e) => visit(Target::Unreadable {
                            path: error_path(&e).unwrap_or_else(|| dir.clone()),
                            error: format!("cannot walk this path: {e}"),
                        }),
                    }
                    ignore::WalkState::Continue
                })
            });
    }
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
