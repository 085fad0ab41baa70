//! Configuration and suppressions end to end: discovery with two nested configs, `extends`,
//! rule levels and parameters, include/exclude and `--force-exclude`, `reports:`,
//! `per-file:`, `fail-on`, typos pointing into the YAML, stdin, and the config commands.

mod common;

use std::fs;
use std::path::Path;

use common::{eventlint, findings, root, run};

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
    }
    fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
}

/// A small repository: a Hugo site with two reports, one with a placeholder title.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path();
    fs::create_dir(root.join(".git")).unwrap_or_else(|e| panic!("{e}"));
    let site = root.join("site");
    write(&site, "hugo.toml", "baseURL = \"https://example.org/\"\n");
    let report = |title: &str, weight: u32| {
        format!(
            "---\ntitle: \"{title}\"\ndate: 2025-09-0{weight}\nweight: {weight}\n---\n\n# {title}\n\n## Event Objectives\n\n- Learn.\n"
        )
    };
    write(
        &site,
        "content/4-Events/4.1-Event1/_index.md",
        &report("Event 1", 1),
    );
    write(
        &site,
        "content/4-Events/4.2-Event2/_index.md",
        &report("Serverless Day", 2),
    );
    dir
}

fn rules_of(stdout: &str, rule: &str) -> Vec<String> {
    findings(stdout)
        .into_iter()
        .filter(|f| f.rule == rule)
        .map(|f| format!("{}:{} {}", f.path, f.line, f.severity))
        .collect()
}

#[test]
fn without_config_the_defaults_apply() {
    let dir = repo();
    let (code, stdout, _) = run(&["check", "--format", "concise", "site"], dir.path());
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(
        rules_of(&stdout, "title-generic"),
        vec!["site/content/4-Events/4.1-Event1/_index.md:2 warning"]
    );
}

#[test]
fn two_nested_configs_the_closest_wins_and_extends_inherits() {
    let dir = repo();
    write(
        dir.path(),
        ".eventlint.yaml",
        "rules:\n  title-generic: error\n  required-section: off\n",
    );
    // The closer config turns title-generic to info but inherits required-section: off.
    write(
        dir.path(),
        "site/content/.eventlint.yaml",
        "extends: ../../.eventlint.yaml\nrules:\n  title-generic: info\n",
    );
    let (code, stdout, _) = run(&["check", "--format", "concise", "site"], dir.path());
    assert_eq!(
        rules_of(&stdout, "title-generic"),
        vec!["site/content/4-Events/4.1-Event1/_index.md:2 info"]
    );
    assert!(rules_of(&stdout, "required-section").is_empty(), "{stdout}");
    assert_eq!(code, 0, "{stdout}");
    // Without the inner config the outer one applies.
    fs::remove_file(dir.path().join("site/content/.eventlint.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let (code, stdout, _) = run(&["check", "--format", "concise", "site"], dir.path());
    assert_eq!(
        rules_of(&stdout, "title-generic"),
        vec!["site/content/4-Events/4.1-Event1/_index.md:2 error"]
    );
    assert_eq!(code, 1);
    // --no-config ignores both, --config names one.
    let (_, stdout, _) = run(
        &["check", "--format", "concise", "--no-config", "site"],
        dir.path(),
    );
    assert!(!rules_of(&stdout, "required-section").is_empty());
    write(dir.path(), "other.yaml", "rules:\n  title-generic: off\n");
    let (_, stdout, _) = run(
        &[
            "check",
            "--format",
            "concise",
            "--config",
            "other.yaml",
            "site",
        ],
        dir.path(),
    );
    assert!(rules_of(&stdout, "title-generic").is_empty(), "{stdout}");
}

#[test]
fn params_overrides_replace_a_rules_parameters() {
    let dir = repo();
    write(
        dir.path(),
        ".eventlint.yaml",
        "rules:\n  required-section:\n    level: warning\n    params:\n      required: [objectives, speakers]\n",
    );
    let (code, stdout, _) = run(&["check", "--format", "concise", "site"], dir.path());
    let missing: Vec<_> = findings(&stdout)
        .into_iter()
        .filter(|f| f.rule == "required-section")
        .map(|f| (f.severity, f.message))
        .collect();
    assert_eq!(missing.len(), 2, "{stdout}");
    assert!(
        missing
            .iter()
            .all(|(s, m)| s == "warning" && m.contains("Speakers")),
        "{stdout}"
    );
    assert_eq!(code, 0);
}

#[test]
fn exclude_include_and_force_exclude() {
    let dir = repo();
    write(
        dir.path(),
        ".eventlint.yaml",
        "exclude: [\"site/content/4-Events/4.1-*/**\"]\n",
    );
    let (_, stdout, _) = run(&["check", "--format", "concise", "site"], dir.path());
    assert!(!stdout.contains("4.1-Event1"), "{stdout}");
    assert!(stdout.contains("in 1 file"), "{stdout}");
    // Named explicitly, an excluded file is linted, unless --force-exclude (pre-commit).
    let file = "site/content/4-Events/4.1-Event1/_index.md";
    let (_, stdout, _) = run(&["check", "--format", "concise", file], dir.path());
    assert!(stdout.contains("4.1-Event1"), "{stdout}");
    let (code, stdout, _) = run(
        &["check", "--format", "concise", "--force-exclude", file],
        dir.path(),
    );
    assert_eq!(stdout.trim(), "0 errors, 0 warnings in 0 files");
    assert_eq!(code, 0);
}

#[test]
fn per_file_reports_and_fail_on() {
    let dir = repo();
    write(
        dir.path(),
        ".eventlint.yaml",
        "per-file:\n  \"site/content/4-Events/4.1-*/**\":\n    rules: {title-generic: off, required-section: warning}\nfail-on: warning\n",
    );
    let (code, stdout, _) = run(&["check", "--format", "concise", "site"], dir.path());
    assert!(rules_of(&stdout, "title-generic").is_empty(), "{stdout}");
    assert!(
        findings(&stdout)
            .iter()
            .filter(|f| f.rule == "required-section")
            .all(|f| f.severity == "warning" || !f.path.contains("4.1-")),
        "{stdout}"
    );
    assert_eq!(code, 1, "fail-on: warning fails on warnings\n{stdout}");
    // reports: by front matter condition: no page has `type: event`, so no report rules run.
    write(
        dir.path(),
        ".eventlint.yaml",
        "reports:\n  front-matter: {type: event}\n",
    );
    let (code, stdout, _) = run(&["check", "--format", "concise", "site"], dir.path());
    assert_eq!(stdout.trim(), "0 errors, 0 warnings in 2 files");
    assert_eq!(code, 0);
}

#[test]
fn a_typo_in_the_config_points_into_the_yaml_and_exits_2() {
    let dir = repo();
    write(
        dir.path(),
        ".eventlint.yaml",
        "rules:\n  title-generic: off\nfail_on: warning\n",
    );
    let (code, _, stderr) = run(&["check", "site"], dir.path());
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(".eventlint.yaml:3:1"), "{stderr}");
    assert!(stderr.contains("fail-on"), "lists the valid keys: {stderr}");
    write(
        dir.path(),
        ".eventlint.yaml",
        "rules:\n  title-generik: off\n",
    );
    let (code, _, stderr) = run(&["check", "site"], dir.path());
    assert_eq!(code, 2);
    assert!(stderr.contains("did you mean `title-generic`"), "{stderr}");
}

#[test]
fn stdin_is_placed_in_its_site_by_stdin_filename() {
    let dir = repo();
    let text = "---\ntitle: \"Event 9\"\ndate: 2025-13-01\nweight: 9\n---\n\n# Builders Day\n";
    let out = eventlint()
        .args([
            "check",
            "--format",
            "concise",
            "--stdin-filename",
            "site/content/4-Events/4.9-Event9/_index.md",
            "-",
        ])
        .current_dir(dir.path())
        .write_stdin(text)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("site/content/4-Events/4.9-Event9/_index.md:3:7: error[date-format]"),
        "{stdout}"
    );
    assert!(stdout.contains("[title-generic]"), "{stdout}");
}

#[test]
fn suppressions_in_body_and_front_matter() {
    let dir = repo();
    write(
        &dir.path().join("site"),
        "content/4-Events/4.1-Event1/_index.md",
        "---\n# eventlint-disable-next-line title-generic\ntitle: \"Event 1\"\ndate: 2025-09-01\nweight: 1\n# eventlint-disable-file required-section\n---\n\n# Event\n\n<!-- eventlint-disable-next-line heading-emphasis -->\n## **Event Objectives**\n\n- Learn.\n\n<!-- eventlint-disable-line no-such-rule -->\n",
    );
    let (_, stdout, _) = run(
        &[
            "check",
            "--format",
            "concise",
            "site/content/4-Events/4.1-Event1",
        ],
        dir.path(),
    );
    let got: Vec<_> = findings(&stdout)
        .into_iter()
        .map(|f| (f.line, f.rule))
        .collect();
    // The report shows no image: photos-missing is not suppressed.
    assert_eq!(
        got,
        vec![
            (12, "photos-missing".to_string()),
            (16, "unused-suppression".to_string())
        ],
        "{stdout}"
    );
}

#[test]
fn init_config_schema_and_completions() {
    let dir = repo();
    let (code, stdout, _) = run(&["init"], dir.path());
    assert_eq!(code, 0, "{stdout}");
    let (code, _, stderr) = run(&["init"], dir.path());
    assert_eq!(code, 2, "does not overwrite: {stderr}");
    let (code, stdout, _) = run(&["config", "site"], dir.path());
    assert_eq!(code, 0);
    assert!(
        stdout.contains("config files: .eventlint.yaml") || stdout.contains("/.eventlint.yaml"),
        "{stdout}"
    );
    assert!(stdout.contains("fail-on: error ("), "{stdout}");
    assert!(stdout.contains("exclude: themes/**, public/**"), "{stdout}");
    let (code, stdout, _) = run(&["schema", "config"], &root());
    assert_eq!(code, 0);
    let schema: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}"));
    assert!(schema["properties"]["fail-on"].is_object(), "{stdout}");
    assert_eq!(
        schema["additionalProperties"],
        serde_json::Value::Bool(false)
    );
    let (code, stdout, _) = run(&["completions", "bash"], &root());
    assert_eq!(code, 0);
    assert!(stdout.contains("eventlint"));
}

#[test]
fn a_site_root_spelled_with_dot_dot_serves_the_across_pages_rules() {
    // `site-root: ..` in content/.eventlint.yaml names the site as `content/..`: the
    // across-pages rules (here base-url-subpath) must still get the site.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let site = dir.path();
    fs::create_dir(site.join(".git")).unwrap_or_else(|e| panic!("{e}"));
    write(
        site,
        "hugo.toml",
        "baseURL = \"https://someone.github.io/blog/\"\n",
    );
    write(site, "static/images/photo.jpg", "");
    write(
        site,
        "content/events/meetup/index.md",
        "---\ntitle: \"AWS Meetup\"\ndate: 2025-01-01\n---\n\n![The room](/images/photo.jpg)\n",
    );
    let check = || {
        run(
            &["check", "--now", "2026-01-01", "--format", "concise", "."],
            &site.join("content"),
        )
    };
    let (_, walked_up, _) = check();
    assert!(walked_up.contains("[base-url-subpath]"), "{walked_up}");
    write(site, "content/.eventlint.yaml", "site-root: ..\n");
    let (_, named, _) = check();
    assert_eq!(named, walked_up);
}
