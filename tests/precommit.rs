//! The real pre-commit (from pip) runs the hook of `.pre-commit-hooks.yaml` with `try-repo`
//! against a temporary git repository: a bad report staged makes the hook fail, and once it
//! is fixed and staged again the hook passes. pre-commit builds eventlint with cargo the way
//! users get it, so this test takes a few minutes the first time (its environment is kept
//! in target/pre-commit-home for later runs).

mod common;

use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
        .status()
        .unwrap_or_else(|e| panic!("git: {e}"));
    assert!(status.success(), "git {args:?}");
}

fn head_of(repo: &Path) -> String {
    let out = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(repo)
        .output()
        .unwrap_or_else(|e| panic!("git: {e}"));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn pre_commit(dir: &Path, rev: &str) -> (bool, String) {
    let root = common::root();
    let out = Command::new("pre-commit")
        .args([
            "try-repo",
            &root.to_string_lossy(),
            "eventlint",
            "--ref",
            rev,
            "--verbose",
        ])
        .current_dir(dir)
        .env("PRE_COMMIT_HOME", root.join("target/pre-commit-home"))
        // The hook's build is the user's build; a quick profile keeps the test short.
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run pre-commit ({e}); install it with `pip install pre-commit`")
        });
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn the_hook_fails_on_a_bad_staged_report_and_passes_once_fixed() {
    if std::env::var_os("EVENTLINT_SKIP_PRE_COMMIT").is_some() {
        return;
    }
    let rev = head_of(&common::root());
    assert!(!rev.is_empty(), "the checkout has no commit");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    let site = repo.join("site");
    let report = site.join("content/4-Events/4.1-Event1/_index.md");
    std::fs::create_dir_all(report.parent().unwrap_or(repo)).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        site.join("hugo.toml"),
        "baseURL = \"https://example.org/\"\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // A README in the repo is not a content page: with --force-exclude it is not linted.
    std::fs::write(repo.join("README.md"), "# Notes\n").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        &report,
        "---\ntitle: \"AWS Community Day\"\ndate: 09/09/2025\nweight: 1\n---\n\n# AWS Community Day\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        repo.join(".eventlint.yaml"),
        "rules:\n  required-section: off\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    git(repo, &["add", "-A"]);
    let (ok, output) = pre_commit(repo, &rev);
    assert!(!ok, "the hook should fail:\n{output}");
    assert!(output.contains("error[date-format]"), "{output}");
    assert!(!output.contains("README.md:"), "{output}");

    std::fs::write(
        &report,
        "---\ntitle: \"AWS Community Day\"\ndate: 2025-09-09\nweight: 1\n---\n\n# AWS Community Day\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    git(repo, &["add", "-A"]);
    let (ok, output) = pre_commit(repo, &rev);
    assert!(ok, "the hook should pass:\n{output}");
}
