//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

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
