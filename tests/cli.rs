//! The command line's contract: exit codes, formats, `rules`, `explain`, broken rule files.

mod common;

use std::fs;
use std::process::Command;

use common::{findings, root, run};

#[test]
fn exit_0_when_no_error() {
    let (code, stdout, _) = run(&["check", "--now", "2026-01-01", "fixtures/site"], &root());
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("0 errors, 15 warnings in 4 files"),
        "{stdout}"
    );
}

#[test]
fn exit_1_when_an_error_is_found() {
    let (code, stdout, _) = run(&["check", "fixtures/rules/date-format/fail.md"], &root());
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("error[date-format]"), "{stdout}");
}

#[test]
fn exit_2_for_a_path_that_does_not_exist() {
    let (code, _, stderr) = run(&["check", "no/such/dir"], &root());
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no/such/dir: no such file or directory"),
        "{stderr}"
    );
}

#[test]
fn exit_2_for_a_usage_error() {
    let (code, _, stderr) = run(&["check", "--format", "xml", "fixtures/site"], &root());
    assert_eq!(code, 2, "{stderr}");
    let (code, _, _) = run(&["frobnicate"], &root());
    assert_eq!(code, 2);
}

#[test]
fn exit_2_for_a_broken_rule_file_pointing_into_it() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    fs::write(
        dir.path().join("mine.yaml"),
        "id: my-rule\nkind: single-title\nseverity: warning\nsummary: s\nmessage: m\nsevrity: error\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let rules = dir.path().to_string_lossy().into_owned();
    let (code, _, stderr) = run(&["check", "--rules", &rules, "fixtures/site"], &root());
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("sevrity"), "{stderr}");
    assert!(
        stderr.contains("mine.yaml:6:"),
        "points at line 6: {stderr}"
    );
}

#[test]
fn exit_2_for_an_unknown_check_kind() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    fs::write(
        dir.path().join("x.yaml"),
        "id: x\nkind: no-such-kind\nseverity: warning\nsummary: s\nmessage: m\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let rules = dir.path().to_string_lossy().into_owned();
    let (code, _, stderr) = run(&["rules", "--rules", &rules], &root());
    assert_eq!(code, 2);
    assert!(
        stderr.contains("unknown check kind `no-such-kind`"),
        "{stderr}"
    );
}

#[test]
fn a_user_rule_replaces_the_builtin_one_with_the_same_id() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    fs::write(
        dir.path().join("title-generic.yaml"),
        "id: title-generic\nkind: title-pattern\nseverity: error\nsummary: s\nmessage: \"bad title {title}\"\nparams:\n  patterns: ['Event \\d+']\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let rules = dir.path().to_string_lossy().into_owned();
    let (code, stdout, _) = run(
        &[
            "check",
            "--format",
            "concise",
            "--rules",
            &rules,
            "fixtures/site",
        ],
        &root(),
    );
    assert_eq!(code, 1, "{stdout}");
    let titles: Vec<_> = findings(&stdout)
        .into_iter()
        .filter(|f| f.rule == "title-generic")
        .collect();
    assert_eq!(titles.len(), 2);
    assert!(titles.iter().all(
        |f| f.severity == "error" && f.message == "bad title Event 2"
            || f.message == "bad title Event 3"
    ));
}

#[test]
fn concise_format_is_one_line_per_finding() {
    let (_, stdout, _) = common::check_as("concise", "fixtures/site");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 16, "{stdout}");
    assert_eq!(
        lines[0],
        "fixtures/site/content/4-EventParticipated/4.2-Event2/_index.md:2:8: warning[title-generic] the title `Event 2` is a placeholder, not the event's name"
    );
    assert_eq!(lines[15], "0 errors, 15 warnings in 4 files");
}

#[test]
fn rules_lists_every_rule_with_severity() {
    let (code, stdout, _) = run(&["rules"], &root());
    assert_eq!(code, 0);
    for id in [
        "required-section",
        "date-format",
        "front-matter-syntax",
        "title-generic",
    ] {
        assert!(
            stdout.lines().any(|l| l.starts_with(id)),
            "{id} missing:\n{stdout}"
        );
    }
    let date = stdout
        .lines()
        .find(|l| l.starts_with("date-format "))
        .unwrap_or_default();
    assert_eq!(date.split_whitespace().nth(1), Some("error"), "{stdout}");
}

#[test]
fn explain_prints_the_kind_doc_and_the_rule_file() {
    let (code, stdout, _) = run(&["explain", "heading-increment"], &root());
    assert_eq!(code, 0);
    assert!(stdout.contains("more than one level deeper"), "{stdout}");
    assert!(stdout.contains("Fix: `## Program Goals`"), "{stdout}");
    assert!(stdout.contains("kind: heading-increment"), "{stdout}");
    let (code, _, stderr) = run(&["explain", "heading-incremnt"], &root());
    assert_eq!(code, 2);
    assert!(
        stderr.contains("did you mean `heading-increment`"),
        "{stderr}"
    );
}

#[test]
fn bad_files_get_a_diagnostic_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let events = dir.path().join("content/events");
    fs::create_dir_all(events.join("a")).unwrap_or_else(|e| panic!("{e}"));
    fs::write(
        events.join("a/latin1.md"),
        b"---\ntitle: \"caf\xe9\"\n---\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    fs::write(events.join("a/empty.md"), b"").unwrap_or_else(|e| panic!("{e}"));
    fs::write(events.join("a/unclosed.md"), b"---\ntitle: x\n").unwrap_or_else(|e| panic!("{e}"));
    let before = snapshot_tree(dir.path());
    let path = dir.path().to_string_lossy().into_owned();
    let (code, stdout, stderr) = run(&["check", "--format", "concise", &path], &root());
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stdout.contains("latin1.md:2:12: error[file-encoding]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("empty.md:1:1: error[front-matter-missing]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("unclosed.md:1:1: error[front-matter-syntax]"),
        "{stdout}"
    );
    assert_eq!(
        before,
        snapshot_tree(dir.path()),
        "eventlint wrote to the linted tree"
    );
}

#[cfg(unix)]
#[test]
fn a_file_that_cannot_be_read_is_an_io_error_exit_2() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let events = dir.path().join("events");
    fs::create_dir_all(&events).unwrap_or_else(|e| panic!("{e}"));
    fs::write(
        events.join("good.md"),
        "---\ntitle: x\ndate: 2025-09-09\nweight: 1\n---\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // A dangling link and a link loop: walking them fails, the other file is still linted.
    std::os::unix::fs::symlink(events.join("nowhere.md"), events.join("dangling.md"))
        .unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(&events, events.join("loop")).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().to_string_lossy().into_owned();
    let (code, stdout, _) = run(&["check", "--format", "concise", &path], &root());
    assert_eq!(code, 2, "{stdout}");
    assert!(
        stdout.contains("dangling.md:1:1: error[io-error]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("error[io-error] cannot walk this path: File system loop"),
        "{stdout}"
    );
    assert!(stdout.contains("in 1 file"), "{stdout}");
}

/// Every file's path and bytes, to prove a run changed nothing.
fn snapshot_tree(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap_or_else(|e| panic!("{e}")).flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), fs::read(&p).unwrap_or_default()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_path_with_dot_dot_is_the_same_site() {
    // `..` in the path must not hide which pages are reports (the site's dirs are resolved
    // lexically, and so is the page's path).
    let (_, direct, _) = common::check_as("concise", "fixtures/site");
    let (_, via, _) = run(
        &[
            "check",
            "--format",
            "concise",
            "--now",
            "2026-01-01",
            "../fixtures/site",
        ],
        &root().join("tests"),
    );
    assert_eq!(direct.lines().last(), via.lines().last(), "{via}");
    assert!(via.contains("[title-generic]"), "{via}");
}

/// A site at `site` served below `/blog/`, with one photo and one page at `page` (a path
/// below the site) titled `title` that shows the photo from the root (so that
/// `base-url-subpath` points at `hugo.toml`). Returns the page's folder.
fn subpath_site(site: &std::path::Path, page: &str, title: &str) -> std::path::PathBuf {
    let page = site.join(page);
    let bundle = page
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    fs::create_dir_all(&bundle).unwrap_or_else(|e| panic!("{e}"));
    fs::create_dir_all(site.join("static/images")).unwrap_or_else(|e| panic!("{e}"));
    let write = |path: std::path::PathBuf, text: &str| {
        fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
    };
    write(
        site.join("hugo.toml"),
        "baseURL = \"https://someone.github.io/blog/\"\n",
    );
    write(site.join("static/images/photo.jpg"), "");
    write(
        page,
        &format!(
            "---\ntitle: \"{title}\"\ndate: 2025-01-01\n---\n\n![The room](/images/photo.jpg)\n"
        ),
    );
    bundle
}

#[test]
fn a_bare_file_name_belongs_to_the_site_around_the_current_folder() {
    // `eventlint check index.md` run in a bundle folder: the file's parent is the empty
    // path, which is the current folder, as for `./index.md` (the site was not found).
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let bundle = subpath_site(dir.path(), "content/posts/meetup/index.md", "AWS Meetup");
    let args = |file: &'static str| ["check", "--format", "concise", "--now", "2026-01-01", file];
    let (_, dotted, _) = run(&args("./index.md"), &bundle);
    let (_, bare, _) = run(&args("index.md"), &bundle);
    assert!(dotted.contains("[base-url-subpath]"), "{dotted}");
    assert!(bare.contains("[base-url-subpath]"), "{bare}");
    assert_eq!(dotted.replace("./index.md", "index.md"), bare);
}

#[test]
fn files_are_in_the_same_order_however_the_folder_is_named() {
    // The site's config (where `base-url-subpath` points) is found as an absolute path and
    // the pages are spelt as named: the order of files must not depend on that spelling
    // (`content/` sorts before `hugo.toml` either way).
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let site = dir.path().join("site");
    subpath_site(
        &site,
        "content/4-EventParticipated/4.1-Meetup/_index.md",
        "Event 1",
    );
    let absolute = site.to_string_lossy().into_owned();
    let order = |target: &str, cwd: &std::path::Path| {
        let (_, out, _) = run(
            &[
                "check",
                "--format",
                "concise",
                "--now",
                "2026-01-01",
                target,
            ],
            cwd,
        );
        let paths: Vec<String> = common::findings(&out).into_iter().map(|f| f.path).collect();
        let mut files = paths.clone();
        files.dedup();
        (paths, files)
    };
    // `../site` from a sibling folder: `a/../site` sorts before `site/…` and `z/../site`
    // after it, unless the `..` is resolved.
    for sibling in ["a", "z"] {
        std::fs::create_dir_all(dir.path().join(sibling)).unwrap_or_else(|e| panic!("{e}"));
    }
    let runs = [
        ("site", dir.path().to_path_buf()),
        ("./site", dir.path().to_path_buf()),
        (absolute.as_str(), dir.path().to_path_buf()),
        ("../site", dir.path().join("a")),
        ("../site", dir.path().join("z")),
    ];
    for (target, cwd) in &runs {
        let (paths, files) = order(target, cwd);
        assert_eq!(
            files
                .iter()
                .map(|f| f.ends_with("hugo.toml"))
                .collect::<Vec<_>>(),
            vec![false, true],
            "{target} from {}: {paths:?}",
            cwd.display()
        );
    }
}

#[test]
fn a_run_pinned_to_one_cpu_writes_nothing_to_stderr() {
    // A pre-commit hook or CI job may run pinned to fewer CPUs than the machine has; the
    // allocator's options must not make it complain then (jemalloc's per-CPU arenas did,
    // on every run). `taskset` is util-linux's; where it is missing there is no pinning
    // to test.
    if Command::new("taskset").arg("--version").output().is_err() {
        eprintln!("taskset not found: skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let page = dir.path().join("a.md");
    fs::write(&page, "---\ntitle: A\n---\n\nText.\n").unwrap_or_else(|e| panic!("{e}"));
    let bin = assert_cmd::cargo::cargo_bin("eventlint");
    let out = Command::new("taskset")
        .args(["-c", "0"])
        .arg(&bin)
        .args(["check", "--format", "concise", "--quiet"])
        .arg(&page)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.code().is_some_and(|c| c < 2), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{out:?}");
}
