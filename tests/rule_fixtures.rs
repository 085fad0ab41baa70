//! Every rule has fixtures under `fixtures/rules/<rule-id>/`: entries named `pass*` must get
//! no finding of that rule, entries named `fail*` at least one. An entry is a Markdown file
//! (linted as a report) or a directory (a small Hugo site, linted whole: for the rules that
//! compare reports or resolve files). The findings of the rule on each fixture are
//! snapshotted (concise format), so a changed line, column or message shows up in review.
//! A rule that is off by default is turned on for its own fixtures.

mod common;

use std::path::Path;

/// The `pass*` and `fail*` entries of a rule's fixture directory.
fn fixture_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("pass") || n.starts_with("fail"))
        .collect();
    names.sort();
    names
}

/// Rule ids of the built-in pack, from `eventlint rules`.
fn builtin_rule_ids() -> Vec<String> {
    let (code, stdout, stderr) = common::run(&["rules"], &common::root());
    assert_eq!(code, 0, "{stderr}");
    stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

/// Rules that are off by default (`(off)` in `eventlint rules`), with a directory holding a
/// copy of each that is on: their fixtures run with `--rules` pointing at it.
fn enabled_copies_of_disabled_rules() -> (tempfile::TempDir, Vec<String>) {
    let (_, stdout, _) = common::run(&["rules"], &common::root());
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut ids = Vec::new();
    for line in stdout.lines().filter(|l| l.trim_end().ends_with("(off)")) {
        let Some(id) = line.split_whitespace().next() else {
            continue;
        };
        let file = common::root().join("rules").join(format!("{id}.yaml"));
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()))
            .replace("enabled: false", "enabled: true");
        std::fs::write(dir.path().join(format!("{id}.yaml")), text)
            .unwrap_or_else(|e| panic!("{e}"));
        ids.push(id.to_string());
    }
    (dir, ids)
}

#[test]
fn every_rule_has_passing_and_failing_fixtures() {
    let base = common::root().join("fixtures/rules");
    for id in builtin_rule_ids() {
        let dir = base.join(&id);
        assert!(
            dir.is_dir(),
            "rule `{id}` has no fixtures in {}",
            dir.display()
        );
        let files = fixture_files(&dir);
        assert!(
            files.iter().any(|f| f.starts_with("pass")),
            "rule `{id}` has no pass* fixture"
        );
        assert!(
            files.iter().any(|f| f.starts_with("fail")),
            "rule `{id}` has no fail* fixture"
        );
    }
}

#[test]
fn rule_fixtures_pass_and_fail_as_named() {
    let base = common::root().join("fixtures/rules");
    let (enabled_dir, disabled) = enabled_copies_of_disabled_rules();
    let enabled_dir = enabled_dir.path().to_string_lossy().into_owned();
    let mut checked = 0;
    for id in builtin_rule_ids() {
        let dir = base.join(&id);
        if !dir.is_dir() {
            continue;
        }
        for file in fixture_files(&dir) {
            let mut args = vec!["check", "--format", "concise", "--now", "2026-01-01"];
            if disabled.contains(&id) {
                args.extend(["--rules", enabled_dir.as_str()]);
            }
            args.push(&file);
            let (code, stdout, stderr) = common::run(&args, &dir);
            assert!(code == 0 || code == 1, "{id}/{file}: exit {code}\n{stderr}");
            let tag = format!("[{id}]");
            let mine: Vec<&str> = stdout.lines().filter(|l| l.contains(&tag)).collect();
            if file.starts_with("pass") {
                assert!(
                    mine.is_empty(),
                    "{id}/{file} should pass:\n{}",
                    mine.join("\n")
                );
            } else {
                assert!(!mine.is_empty(), "{id}/{file} should fail:\n{stdout}");
            }
            insta::assert_snapshot!(format!("{id}__{file}"), mine.join("\n"));
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} fixtures ran");
}
