//! Output formats. A reporter is chosen once from `--format`; each format is one file.

pub mod concise;
pub mod human;

use std::io::{self, Write};

use crate::diagnostic::Severity;
use crate::engine::Outcome;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style: source snippet, label under the span, help (miette).
    Human,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Concise,
}

/// Write every finding, then the summary line.
pub fn write(
    outcome: &Outcome,
    format: Format,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::write(outcome, color, out)?,
        Format::Concise => concise::write(outcome, out)?,
    }
    writeln!(out, "{}", summary(outcome))
}

/// `N errors, M warnings in K files`.
pub fn summary(outcome: &Outcome) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut parts = vec![
        plural(outcome.count(Severity::Error), "error"),
        plural(outcome.count(Severity::Warning), "warning"),
    ];
    let infos = outcome.count(Severity::Info);
    if infos > 0 {
        parts.push(plural(infos, "info"));
    }
    format!(
        "{} in {}",
        parts.join(", "),
        plural(outcome.checked, "file")
    )
}

/// A path as the user should see it: relative to the working directory when below it.
pub fn display_path(path: &std::path::Path) -> String {
    // Asked once: the working directory does not change during a run.
    static CWD: std::sync::LazyLock<Option<std::path::PathBuf>> =
        std::sync::LazyLock::new(|| std::env::current_dir().ok());
    let shown = CWD
        .as_deref()
        .and_then(|cwd| path.strip_prefix(cwd).ok())
        .unwrap_or(path);
    shown.display().to_string()
}
