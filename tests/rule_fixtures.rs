//! Every rule has fixtures under `fixtures/rules/<rule-id>/`: files named `pass*.md` must get
//! no finding of that rule, files named `fail*.md` at least one; the findings of the rule on
//! each fixture are snapshotted (concise format), so a changed line, column or message shows
//! up in review. A `site/` folder beside them is a Hugo site, linted whole and snapshotted.

mod common;

use std::path::Path;

fn fixture_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
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
        let site_fixture = dir.join("site").is_dir();
        let files = fixture_files(&dir);
        assert!(
            site_fixture || files.iter().any(|f| f.starts_with("pass")),
            "rule `{id}` has no pass*.md fixture"
        );
        assert!(
            site_fixture || files.iter().any(|f| f.starts_with("fail")),
            "rule `{id}` has no fail*.md fixture"
        );
    }
}

#[test]
fn rule_fixtures_pass_and_fail_as_named() {
    let base = common::root().join("fixtures/rules");
    let mut checked = 0;
    for id in builtin_rule_ids() {
        let dir = base.join(&id);
        if !dir.is_dir() {
            continue;
        }
        for file in fixture_files(&dir) {
            let (code, stdout, stderr) = common::run(
                &["check", "--format", "concise", "--now", "2026-01-01", &file],
                &dir,
            );
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
        // A `site/` folder is a whole Hugo site, linted as eventlint finds it (for rules
        // that depend on the site's config or layout).
        if dir.join("site").is_dir() {
            let (code, stdout, stderr) = common::run(
                &[
                    "check",
                    "--format",
                    "concise",
                    "--now",
                    "2026-01-01",
                    "site",
                ],
                &dir,
            );
            assert!(code == 0 || code == 1, "{id}/site: exit {code}\n{stderr}");
            let tag = format!("[{id}]");
            let mine: Vec<&str> = stdout.lines().filter(|l| l.contains(&tag)).collect();
            insta::assert_snapshot!(format!("{id}__site"), mine.join("\n"));
        }
    }
    assert!(checked >= 20, "only {checked} fixtures ran");
}
