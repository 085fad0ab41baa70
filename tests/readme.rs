//! The README's examples work: each fenced block after a `<!-- readme-test: NAME -->` marker
//! is run or checked here, so the documentation cannot drift from the program.

mod common;

use std::fs;

use common::{root, run};

/// The fenced block after `<!-- readme-test: name -->`.
fn example(name: &str) -> String {
    let readme = fs::read_to_string(root().join("README.md")).unwrap_or_else(|e| panic!("{e}"));
    let marker = format!("<!-- readme-test: {name} -->");
    let after = readme
        .split_once(&marker)
        .unwrap_or_else(|| panic!("README has no {marker}"))
        .1;
    let body = after.split_once("```").map_or("", |(_, rest)| rest);
    let body = body.split_once('\n').map_or("", |(_, rest)| rest);
    body.split_once("\n```")
        .map_or("", |(block, _)| block)
        .to_string()
        + "\n"
}

fn yaml(text: &str) -> serde_json::Value {
    serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

#[test]
fn the_config_example_loads_and_takes_effect() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let site = dir.path().join("site");
    common::copy_dir(&root().join("fixtures/site"), &site);
    fs::create_dir(dir.path().join(".git")).unwrap_or_else(|e| panic!("{e}"));
    fs::write(dir.path().join(".eventlint.yaml"), "rules: {}\n").unwrap_or_else(|e| panic!("{e}"));
    fs::create_dir_all(site.join("tools/eventlint-rules")).unwrap_or_else(|e| panic!("{e}"));
    fs::write(site.join(".eventlint.yaml"), example("config")).unwrap_or_else(|e| panic!("{e}"));
    let (code, stdout, stderr) = run(&["config", "."], &site);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("title-generic            off"), "{stdout}");
    assert!(stdout.contains("fail-on: warning"), "{stdout}");
    let (code, stdout, stderr) = run(&["check", "--format", "concise", "."], &site);
    assert_eq!(
        code, 1,
        "fail-on: warning fails on the example site's warnings\n{stdout}{stderr}"
    );
    assert!(!stdout.contains("[title-generic]"), "{stdout}");
}

#[test]
fn the_suppressions_example_silences_everything_it_names() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("report.md");
    fs::write(&file, example("suppressions")).unwrap_or_else(|e| panic!("{e}"));
    let (code, stdout, _) = run(
        &["check", "--format", "concise", "--no-config", "report.md"],
        dir.path(),
    );
    assert_eq!(stdout.trim(), "0 errors, 0 warnings in 1 file");
    assert_eq!(code, 0);
    // And the suppressions are what makes it clean.
    let bare: String = example("suppressions")
        .lines()
        .filter(|l| !l.contains("eventlint-"))
        .collect::<Vec<_>>()
        .join("\n");
    fs::write(&file, bare).unwrap_or_else(|e| panic!("{e}"));
    let (code, _, _) = run(
        &["check", "--format", "concise", "--no-config", "report.md"],
        dir.path(),
    );
    assert_eq!(code, 1);
}

#[test]
fn the_pre_commit_example_names_the_repositorys_hook() {
    let config = yaml(&example("pre-commit"));
    let hooks =
        yaml(&fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap_or_default());
    let id = &config["repos"][0]["hooks"][0]["id"];
    assert_eq!(id, &hooks[0]["id"]);
    assert_eq!(hooks[0]["types"][0], "markdown");
    assert!(
        hooks[0]["entry"]
            .as_str()
            .unwrap_or("")
            .contains("--force-exclude")
    );
}

#[test]
fn the_workflow_example_uses_only_inputs_the_action_has() {
    let workflow = yaml(&example("action"));
    let action = yaml(&fs::read_to_string(root().join("action.yml")).unwrap_or_default());
    let steps = workflow["jobs"]["eventlint"]["steps"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let step = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("eventlint/eventlint@"))
        })
        .unwrap_or_else(|| panic!("no eventlint step"));
    for (input, _) in step["with"].as_object().cloned().unwrap_or_default() {
        assert!(
            action["inputs"][&input].is_object(),
            "action.yml has no input `{input}`"
        );
    }
    // Every command the action runs is one eventlint accepts.
    let runs: Vec<String> = action["runs"]["steps"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|s| s["run"].as_str().map(str::to_string))
        .collect();
    assert!(
        runs.iter().any(|r| r.contains("check --format github")),
        "{runs:?}"
    );
}

#[test]
fn the_sample_output_ends_with_the_real_summary() {
    let sample = example("sample-output");
    let (_, stdout, _) = common::check_as("human", "fixtures/site");
    let last = |s: &str| {
        s.lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(last(&sample), last(&stdout));
    // The first finding shown is the real first finding, line for line.
    let first = sample.lines().take(7).collect::<Vec<_>>().join("\n");
    assert!(stdout.contains(&first), "{stdout}");
}
