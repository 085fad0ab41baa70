//! The output formats and the flags around them: every format's full output on the example
//! site and on `fixtures/formats/site` (an error, a multi-line span, an info finding,
//! Vietnamese text, characters each format must escape) as insta snapshots; the README's
//! examples, run; SARIF through the real validator; JUnit through a real XML parser;
//! fingerprints that survive lines moving; `--output-file`, `EVENTLINT_FORMAT`,
//! `--statistics`, `--quiet`; the exit codes of `--exit-zero` and `--fail-on`.

mod common;

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use common::{eventlint, root, run};
use serde_json::Value;

const FORMATS: &[&str] = &[
    "human",
    "concise",
    "json",
    "json-lines",
    "github",
    "sarif",
    "junit",
    "gitlab",
];

/// The formats fixture, linted with its rule override (heading-emphasis at severity info).
fn formats_site(format: &str) -> Vec<String> {
    [
        "check",
        "--format",
        format,
        "--now",
        "2026-01-01",
        "--rules",
        "fixtures/formats/rules",
        "fixtures/formats/site",
    ]
    .map(String::from)
    .to_vec()
}

fn example_site(format: &str) -> Vec<String> {
    [
        "check",
        "--format",
        format,
        "--now",
        "2026-01-01",
        "fixtures/site",
    ]
    .map(String::from)
    .to_vec()
}

fn run_args(args: &[String]) -> (i32, String, String) {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&args, &root())
}

/// What differs between machines and releases: the checkout's absolute path (SARIF's
/// `%SRCROOT%`) and the tool's version.
fn portable(output: &str) -> String {
    let cwd = root()
        .canonicalize()
        .unwrap_or_else(|_| root())
        .to_string_lossy()
        .into_owned();
    output
        .replace(&format!("file://{cwd}/"), "file:///[ROOT]/")
        .replace(&format!("file://{}/", root().display()), "file:///[ROOT]/")
        .replace(
            &format!("\"{}\"", env!("CARGO_PKG_VERSION")),
            "\"[VERSION]\"",
        )
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

#[test]
fn every_format_on_the_example_site() {
    for format in FORMATS {
        let (code, stdout, stderr) = run_args(&example_site(format));
        assert_eq!(code, 0, "{format}: {stderr}");
        insta::assert_snapshot!(format!("example-site-{format}"), portable(&stdout));
    }
}

#[test]
fn every_format_on_a_fixture_with_an_error_and_a_multi_line_span() {
    for format in FORMATS {
        let (code, stdout, stderr) = run_args(&formats_site(format));
        assert_eq!(code, 1, "{format}: {stderr}");
        insta::assert_snapshot!(format!("formats-site-{format}"), portable(&stdout));
    }
    // The fixture keeps what it is for.
    let (_, stdout, _) = run_args(&formats_site("json"));
    let findings = json(&stdout)["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(findings.iter().any(|f| f["severity"] == "error"));
    assert!(findings.iter().any(|f| f["severity"] == "info"));
    assert!(findings.iter().any(|f| f["end_line"] != f["line"]));
}

#[test]
fn json_and_json_lines_agree_with_concise() {
    let (_, concise, _) = run_args(&formats_site("concise"));
    let (_, doc, _) = run_args(&formats_site("json"));
    let (_, lines, _) = run_args(&formats_site("json-lines"));
    let doc = json(&doc);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["tool"]["name"], "eventlint");
    let findings = doc["findings"].as_array().cloned().unwrap_or_default();
    let lines: Vec<Value> = lines.lines().map(json).collect();
    let concise = common::findings(&concise);
    assert_eq!(findings.len(), concise.len());
    assert_eq!(lines.len(), concise.len());
    let keys = [
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "rule",
        "severity",
        "message",
        "help",
        "url",
    ];
    for ((f, l), c) in findings.iter().zip(&lines).zip(&concise) {
        for key in keys {
            assert!(f.get(key).is_some(), "no `{key}` in {f}");
            assert_eq!(f[key], l[key], "json and json-lines differ on `{key}`");
        }
        assert_eq!(l["version"], 1);
        assert_eq!(f["path"], c.path.as_str());
        assert_eq!(f["line"], c.line);
        assert_eq!(f["column"], c.col);
        assert_eq!(f["rule"], c.rule.as_str());
        assert_eq!(f["severity"], c.severity.as_str());
        assert_eq!(f["message"], c.message.as_str());
        let url = format!("https://github.com/eventlint/eventlint#{}", c.rule);
        assert_eq!(f["url"], url.as_str());
        let start = (f["line"].as_u64(), f["column"].as_u64());
        let end = (f["end_line"].as_u64(), f["end_column"].as_u64());
        assert!(start <= end, "{f}");
    }
}

#[test]
fn github_escapes_and_gives_columns_only_on_one_line() {
    let (_, stdout, _) = run_args(&formats_site("github"));
    let lines: Vec<&str> = stdout.lines().collect();
    let percent = lines
        .iter()
        .find(|l| l.contains("lastmod"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(percent.starts_with("::error file="), "{percent}");
    assert!(percent.contains("100%25`"), "{percent}");
    let multi = lines
        .iter()
        .find(|l| l.contains("translation-mismatch"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        multi.contains(",line=1,endLine=5,title=eventlint (translation-mismatch)::"),
        "{multi}"
    );
    assert!(!multi.contains("col="), "{multi}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("::notice ") && l.contains("(heading-emphasis)")),
        "{stdout}"
    );
    // Properties escape `:` and `,` too.
    assert!(stdout.lines().all(|l| {
        let props = l.split("::").nth(1).unwrap_or("");
        !l.starts_with("::") || props.matches(',').count() >= 3
    }));
}

/// Parse JUnit XML with Python's XML parser: (test cases, failures, errors), or the
/// parser's complaint.
fn parse_junit(xml: &str) -> (usize, usize, usize) {
    let script = "import sys, xml.etree.ElementTree as ET\n\
        r = ET.parse(sys.stdin).getroot()\n\
        print(len(list(r.iter('testcase'))), len(list(r.iter('failure'))), len(list(r.iter('error'))))\n\
        for f in r.iter('failure'):\n    assert f.get('type') and f.get('message') and f.text\n";
    let out = Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            if let Some(mut stdin) = child.stdin.take() {
                stdin.write_all(xml.as_bytes())?;
            }
            child.wait_with_output()
        })
        .unwrap_or_else(|e| panic!("cannot run python3: {e}"));
    assert!(
        out.status.success(),
        "not well-formed JUnit XML: {}\n{xml}",
        String::from_utf8_lossy(&out.stderr)
    );
    let counts: Vec<usize> = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    (counts[0], counts[1], counts[2])
}

#[test]
fn junit_is_well_formed_with_a_case_per_file_and_a_failure_per_finding() {
    let (_, concise, _) = run_args(&example_site("concise"));
    let (_, xml, _) = run_args(&example_site("junit"));
    assert_eq!(parse_junit(&xml), (4, common::findings(&concise).len(), 0));
    let (_, concise, _) = run_args(&formats_site("concise"));
    let (_, xml, _) = run_args(&formats_site("junit"));
    assert_eq!(parse_junit(&xml), (3, common::findings(&concise).len(), 0));
    assert!(xml.contains("&lt;b&gt;&amp;&lt;/b&gt;"), "{xml}");
}

#[cfg(unix)]
#[test]
fn junit_reports_an_unreadable_file_as_an_error() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let events = dir.path().join("events");
    fs::create_dir_all(&events).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(events.join("nowhere.md"), events.join("dangling.md"))
        .unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().to_string_lossy().into_owned();
    let (code, xml, _) = run(&["check", "--format", "junit", &path], &root());
    assert_eq!(code, 2, "{xml}");
    assert_eq!(parse_junit(&xml), (1, 0, 1));
}

#[test]
fn gitlab_fingerprints_are_unique_and_survive_lines_moving() {
    let (_, stdout, _) = run_args(&formats_site("gitlab"));
    let issues = json(&stdout).as_array().cloned().unwrap_or_default();
    let mut prints: Vec<&str> = issues
        .iter()
        .filter_map(|i| i["fingerprint"].as_str())
        .collect();
    assert_eq!(prints.len(), issues.len());
    prints.sort_unstable();
    prints.dedup();
    assert_eq!(prints.len(), issues.len(), "{stdout}");
    for issue in &issues {
        assert!(issue["location"]["lines"]["begin"].as_u64() >= Some(1));
        assert!(["major", "minor", "info"].contains(&issue["severity"].as_str().unwrap_or("")));
    }

    // The same findings after lines are added above them: new line numbers, same prints.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let text = "---\ntitle: \"Event 4\"\ndate: 2025-13-01\n---\n\n# A\n\n### B\n\n### B\n";
    let lint = |text: &str| -> Vec<(String, u64)> {
        fs::write(dir.path().join("report.md"), text).unwrap_or_else(|e| panic!("{e}"));
        let out = eventlint()
            .args(["check", "--format", "gitlab", "report.md"])
            .current_dir(dir.path())
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let issues = json(&String::from_utf8_lossy(&out.stdout));
        issues
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|i| {
                (
                    i["fingerprint"].as_str().unwrap_or("").to_string(),
                    i["location"]["lines"]["begin"].as_u64().unwrap_or(0),
                )
            })
            .collect()
    };
    let before = lint(text);
    let after = lint(&text.replace("---\n\n# A", "---\n\n\n\nIntro.\n\n# A"));
    assert!(before.len() >= 3, "{before:?}");
    assert_eq!(before.len(), after.len());
    let moved = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| b.1 >= 6 && a.1 == b.1 + 4)
        .count();
    assert!(moved >= 2, "{before:?} {after:?}");
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b.0, a.0, "a fingerprint changed: {before:?} {after:?}");
    }
}

/// Where `.ci/run` installs the SARIF validator (`npm ci --prefix .ci`).
fn sarif_validator() -> Option<PathBuf> {
    let platform = match std::env::consts::OS {
        "macos" => "darwin",
        "windows" => "win32",
        other => other,
    };
    let exe = if cfg!(windows) {
        "Sarif.Multitool.exe"
    } else {
        "Sarif.Multitool"
    };
    let path = root()
        .join(".ci/node_modules/@microsoft")
        .join(format!("sarif-multitool-{platform}"))
        .join(exe);
    path.is_file().then_some(path)
}

#[test]
fn sarif_passes_the_sarif_validator() {
    let Some(validator) = sarif_validator() else {
        if std::env::var_os("EVENTLINT_SKIP_SARIF_VALIDATOR").is_some_and(|v| v == "1") {
            eprintln!("skipped: EVENTLINT_SKIP_SARIF_VALIDATOR=1");
            return;
        }
        panic!(
            "the SARIF validator is not installed: run `npm ci --prefix .ci` (as .ci/run does), \
             or set EVENTLINT_SKIP_SARIF_VALIDATOR=1 to skip this test"
        );
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut logs: Vec<PathBuf> = Vec::new();
    let mut save = |name: &str, sarif: &str| {
        json(sarif);
        let path = dir.path().join(name);
        fs::write(&path, sarif).unwrap_or_else(|e| panic!("{e}"));
        logs.push(path);
    };
    save("example-site.sarif", &run_args(&example_site("sarif")).1);
    save("formats-site.sarif", &run_args(&formats_site("sarif")).1);
    // A file below the working directory whose path needs percent-encoding, and one outside
    // it (an absolute `file://` URI).
    let tree = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let folder = tree.path().join("Sự kiện #1");
    fs::create_dir_all(&folder).unwrap_or_else(|e| panic!("{e}"));
    fs::write(
        folder.join("bài 1.md"),
        "---\ntitle: \"Sự kiện 1\"\ndate: 09/09/2025\n---\n\n# Ngày hội AWS\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let inside = eventlint()
        .args(["check", "--format", "sarif", "Sự kiện #1/bài 1.md"])
        .current_dir(tree.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let inside = String::from_utf8_lossy(&inside.stdout).into_owned();
    assert!(inside.contains("\"uri\": \"S%E1%BB%B1%20ki%E1%BB%87n%20%231/b%C3%A0i%201.md\""));
    save("encoded-path.sarif", &inside);
    let file = folder.join("bài 1.md").to_string_lossy().into_owned();
    let (_, outside, _) = run(&["check", "--format", "sarif", &file], &root());
    assert!(outside.contains("\"uri\": \"file:///"), "{outside}");
    save("outside.sarif", &outside);
    // A broken log, to prove the validator really checks.
    let broken =
        run_args(&formats_site("sarif"))
            .1
            .replacen("\"startLine\": 1,", "\"startLine\": 0,", 1);
    save("broken.sarif", &broken);

    let report = dir.path().join("validation.sarif");
    let out = Command::new(&validator)
        .arg("validate")
        .args(&logs)
        .arg("--output")
        .arg(&report)
        .env("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", validator.display()));
    let console = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "the validator failed:\n{console}");
    let report = json(&fs::read_to_string(&report).unwrap_or_else(|e| panic!("{e}: {console}")));
    // Every result at error or warning level (a result without a level is a warning), by
    // the log it is about.
    let mut problems: Vec<(String, String)> = Vec::new();
    for run in report["runs"].as_array().cloned().unwrap_or_default() {
        for result in run["results"].as_array().cloned().unwrap_or_default() {
            let level = result["level"].as_str().unwrap_or("warning");
            if level == "note" || level == "none" {
                continue;
            }
            let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap_or("")
                .to_string();
            problems.push((uri, result["message"].to_string()));
        }
    }
    let about = |name: &str| {
        problems
            .iter()
            .filter(|(uri, _)| uri.ends_with(name))
            .count()
    };
    assert!(
        about("broken.sarif") > 0,
        "the validator found nothing wrong with a broken log: {problems:?}\n{console}"
    );
    let ours: Vec<&(String, String)> = problems
        .iter()
        .filter(|(uri, _)| !uri.ends_with("broken.sarif"))
        .collect();
    assert!(ours.is_empty(), "the SARIF validator objects: {ours:#?}");
}

#[test]
fn sarif_results_point_at_their_rules_and_keep_stable_fingerprints() {
    let (_, stdout, _) = run_args(&formats_site("sarif"));
    let log = json(&stdout);
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let (_, listed, _) = run_args(&["rules".to_string()]);
    for id in listed.lines().filter_map(|l| l.split_whitespace().next()) {
        let rule = rules
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("rule {id} is not in tool.driver.rules"));
        for key in ["name", "shortDescription", "fullDescription", "helpUri"] {
            assert!(rule.get(key).is_some(), "{id} has no {key}");
        }
        assert!(rule["defaultConfiguration"]["level"].is_string(), "{id}");
    }
    let results = run["results"].as_array().cloned().unwrap_or_default();
    assert!(!results.is_empty());
    for r in &results {
        let index = r["ruleIndex"].as_u64().unwrap_or(u64::MAX) as usize;
        assert_eq!(
            rules.get(index).map(|d| &d["id"]),
            Some(&r["ruleId"]),
            "{r}"
        );
        let location = &r["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(
            location["artifactLocation"]["uri"]
                .as_str()
                .is_some_and(|u| u.starts_with("fixtures/formats/site/content/"))
        );
        assert!(r["partialFingerprints"]["eventlintLineHash/v1"].is_string());
    }
    assert!(results.iter().any(|r| r["level"] == "note"));

    // The rules are described as the working directory's config sets them.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let config = dir.path().join("eventlint.yaml");
    fs::write(&config, "rules:\n  title-generic: error\n").unwrap_or_else(|e| panic!("{e}"));
    let config = config.to_string_lossy().into_owned();
    let mut args = example_site("sarif");
    args.extend(["--config".to_string(), config]);
    let log = json(&run_args(&args).1);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let title = rules.iter().find(|r| r["id"] == "title-generic");
    assert_eq!(
        title.map(|r| &r["defaultConfiguration"]["level"]),
        Some(&Value::from("error"))
    );
}

/// Whether `expected` (README lines, where a line `…` stands for any number of lines)
/// describes `actual` from its first line to its last.
fn fits(expected: &[&str], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((e, rest)) if e.trim() == "…" => {
            (0..=actual.len()).any(|k| fits(rest, &actual[k..]))
        }
        Some((e, rest)) => {
            actual.first().is_some_and(|a| a.trim_end() == e.trim_end()) && fits(rest, &actual[1..])
        }
    }
}

/// The README's tested examples: (command, expected output lines).
fn readme_examples() -> Vec<(String, Vec<String>)> {
    let text = fs::read_to_string(root().join("README.md")).unwrap_or_else(|e| panic!("{e}"));
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    // The lines of the fenced block that opens at or after `from`, and where it ends.
    let block = |from: usize| -> (Vec<String>, usize) {
        let start = (from..lines.len())
            .find(|&k| lines[k].starts_with("```"))
            .unwrap_or_else(|| panic!("README: no code block after line {from}"));
        let end = (start + 1..lines.len())
            .find(|&k| lines[k] == "```")
            .unwrap_or_else(|| panic!("README: unclosed code block at line {start}"));
        (
            lines[start + 1..end]
                .iter()
                .map(|l| l.to_string())
                .collect(),
            end + 1,
        )
    };
    while i < lines.len() {
        if lines[i].trim() == "<!-- readme-test: format-example -->" {
            let (command, next) = block(i + 1);
            let (expected, next) = block(next);
            assert_eq!(command.len(), 1, "README line {i}: one command per example");
            out.push((command[0].clone(), expected));
            i = next;
        } else {
            i += 1;
        }
    }
    out
}

#[test]
fn readme_examples_print_what_the_readme_says() {
    let examples = readme_examples();
    for format in FORMATS.iter().filter(|f| **f != "human") {
        assert!(
            examples
                .iter()
                .any(|(c, _)| c.contains(&format!("--format {format} "))),
            "the README has no tested example of --format {format}"
        );
    }
    for (command, expected) in &examples {
        let args: Vec<&str> = command.split_whitespace().collect();
        assert_eq!(args.first(), Some(&"eventlint"), "{command}");
        let (_, stdout, stderr) = run(&args[1..], &root());
        let actual: Vec<&str> = stdout.lines().collect();
        let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
        assert!(
            fits(&expected, &actual),
            "README example `{command}` is out of date.\nREADME says:\n{}\n\nit prints:\n{stdout}{stderr}",
            expected.join("\n")
        );
    }
}

#[test]
fn the_elision_matcher_is_strict_elsewhere() {
    assert!(fits(&["a", "…", "d"], &["a", "b", "c", "d"]));
    assert!(fits(&["…", "c"], &["a", "b", "c"]));
    assert!(fits(&["a", "…"], &["a"]));
    assert!(!fits(&["a", "…", "d"], &["a", "b", "c"]));
    assert!(!fits(&["a", "b"], &["a", "b", "c"]));
}

#[test]
fn exit_codes_follow_fail_on_and_exit_zero() {
    let with = |extra: &[&str], target: &str| {
        let mut args = vec!["check", "--format", "concise", "--now", "2026-01-01"];
        args.extend_from_slice(extra);
        args.push(target);
        run(&args, &root()).0
    };
    let meetup = "fixtures/formats/site/content/4-EventParticipated/4.2-Meetup/_index.md";
    // fixtures/site: warnings only.
    assert_eq!(with(&[], "fixtures/site"), 0);
    assert_eq!(with(&["--fail-on", "error"], "fixtures/site"), 0);
    assert_eq!(with(&["--fail-on", "warning"], "fixtures/site"), 1);
    assert_eq!(with(&["--fail-on", "info"], "fixtures/site"), 1);
    assert_eq!(
        with(&["--fail-on", "warning", "--exit-zero"], "fixtures/site"),
        0
    );
    // Errors.
    assert_eq!(with(&[], meetup), 1);
    assert_eq!(with(&["--exit-zero"], meetup), 0);
    // Info only: heading-emphasis at severity info on a page with nothing else.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let page = dir.path().join("page.md");
    fs::write(&page, "---\ntitle: x\n---\n\n## **Bold**\n\nText.\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let page = page.to_string_lossy().into_owned();
    let base = [
        "check",
        "--format",
        "concise",
        "--rules",
        "fixtures/formats/rules",
    ];
    let info = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        args.push(&page);
        run(&args, &root())
    };
    // Files named on the command line are reports: other rules fire too, so look only at
    // the severities of what was found.
    let (_, stdout, _) = info(&[]);
    let severities: Vec<String> = common::findings(&stdout)
        .into_iter()
        .map(|f| f.severity)
        .collect();
    assert!(severities.iter().any(|s| s == "info"), "{stdout}");
    if severities.iter().all(|s| s == "info") {
        assert_eq!(info(&[]).0, 0);
        assert_eq!(info(&["--fail-on", "warning"]).0, 0);
    }
    assert_eq!(info(&["--fail-on", "info"]).0, 1);
    assert_eq!(info(&["--fail-on", "info", "--exit-zero"]).0, 0);
    // A config's `fail-on`, which `--fail-on` overrides.
    let config = dir.path().join("eventlint.yaml");
    fs::write(&config, "fail-on: warning\n").unwrap_or_else(|e| panic!("{e}"));
    let config = config.to_string_lossy().into_owned();
    assert_eq!(with(&["--config", &config], "fixtures/site"), 1);
    assert_eq!(
        with(
            &["--config", &config, "--fail-on", "error"],
            "fixtures/site"
        ),
        0
    );
    assert_eq!(
        with(&["--config", &config, "--exit-zero"], "fixtures/site"),
        0
    );
    // Usage errors and eventlint's own failures stay 2.
    assert_eq!(with(&["--fail-on", "fatal"], "fixtures/site"), 2);
    assert_eq!(with(&["--exit-zero"], "no/such/dir"), 2);
}

#[cfg(unix)]
#[test]
fn exit_zero_keeps_2_when_a_file_cannot_be_read() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(
        dir.path().join("nowhere.md"),
        dir.path().join("dangling.md"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().to_string_lossy().into_owned();
    let (code, stdout, _) = run(
        &["check", "--exit-zero", "--format", "json", &path],
        &root(),
    );
    assert_eq!(code, 2, "{stdout}");
    assert_eq!(json(&stdout)["findings"][0]["rule"], "io-error");
}

#[test]
fn output_file_and_eventlint_format() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("out.sarif");
    let file_arg = file.to_string_lossy().into_owned();
    let mut args = formats_site("sarif");
    args.extend(["--output-file".to_string(), file_arg.clone()]);
    let (code, stdout, _) = run_args(&args);
    assert_eq!(code, 1);
    assert_eq!(stdout, "", "the report went to the file, not stdout");
    let written = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(written, run_args(&formats_site("sarif")).1);

    // Without --format, a file gets `concise` (it is not a terminal).
    let (_, _, _) = run(
        &["check", "--output-file", &file_arg, "fixtures/site"],
        &root(),
    );
    let written = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        written.ends_with("0 errors, 15 warnings in 4 files\n"),
        "{written}"
    );
    assert!(written.contains(": warning[title-generic] "), "{written}");

    let missing = dir.path().join("no/such/dir/out.json");
    let (code, _, stderr) = run(
        &[
            "check",
            "--output-file",
            &missing.to_string_lossy(),
            "fixtures/site",
        ],
        &root(),
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot write"), "{stderr}");

    let env_run = |format: &str, args: &[&str]| {
        let out = eventlint()
            .env("EVENTLINT_FORMAT", format)
            .args(args)
            .current_dir(root())
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (_, stdout) = env_run("json", &["check", "fixtures/site"]);
    assert_eq!(json(&stdout)["version"], 1);
    let (_, stdout) = env_run("json", &["check", "--format", "github", "fixtures/site"]);
    assert!(
        stdout.starts_with("::warning file="),
        "the flag wins: {stdout}"
    );
    let (code, _) = env_run("xml", &["check", "fixtures/site"]);
    assert_eq!(code, 2);
    // Empty is unset (as with NO_COLOR): the default for a pipe, concise.
    let (code, stdout) = env_run("", &["check", "fixtures/site"]);
    assert_eq!(code, 0);
    assert!(
        stdout.ends_with("0 errors, 15 warnings in 4 files\n"),
        "{stdout}"
    );
}

#[test]
fn statistics_and_quiet() {
    let mut args = example_site("concise");
    args.push("--statistics".into());
    let (_, stdout, _) = run_args(&args);
    let lines: Vec<&str> = stdout.lines().collect();
    let stats: Vec<(usize, &str)> = lines
        .iter()
        .filter(|l| !l.contains(": warning["))
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            Some((parts.next()?.parse().ok()?, parts.next()?))
        })
        .collect();
    assert_eq!(
        stats.first(),
        Some(&(4, "heading-emphasis")),
        "most first:\n{stdout}"
    );
    assert!(
        stats
            .windows(2)
            .all(|w| w[0].0 > w[1].0 || (w[0].0 == w[1].0 && w[0].1 < w[1].1)),
        "sorted by count, then id:\n{stdout}"
    );
    assert_eq!(stats.iter().map(|s| s.0).sum::<usize>(), 15);
    assert_eq!(lines.last(), Some(&"0 errors, 15 warnings in 4 files"));

    let mut args = example_site("concise");
    args.push("--quiet".into());
    let (_, stdout, _) = run_args(&args);
    assert_eq!(stdout.lines().count(), 15, "{stdout}");
    assert!(stdout.lines().all(|l| l.contains(": warning[")), "{stdout}");

    // A document format keeps stdout a document; statistics go to stderr.
    let mut args = example_site("json");
    args.push("--statistics".into());
    let (_, stdout, stderr) = run_args(&args);
    json(&stdout);
    assert!(stderr.starts_with("4  heading-emphasis"), "{stderr}");
    let (_, stdout, _) = run_args(&example_site("gitlab"));
    assert!(!stdout.contains("warnings in"), "{stdout}");
}
