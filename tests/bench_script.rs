//! The benchmark script still runs: `bench/run.py` on a small generated site, with the
//! binary under test and the floor program (built here), prints its table and ratios and
//! writes its JSON. Times are not checked (speed is measured, never asserted in tests).

mod common;

use std::process::Command;

use common::{root, shared};

#[test]
fn bench_script_times_eventlint_and_the_floor() {
    if !shared().join("bench/gen_corpus.py").is_file() {
        panic!("../shared/bench/gen_corpus.py is missing: the benchmark cannot generate a site");
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let json = dir.path().join("results.json");
    let output = Command::new("python3")
        .arg(root().join("bench/run.py"))
        .args(["--sizes", "40", "--runs", "1", "--single-runs", "1"])
        .args(["--only", "eventlint,floor"])
        .arg("--eventlint")
        .arg(env!("CARGO_BIN_EXE_eventlint"))
        .arg("--cache")
        .arg(dir.path().join("cache"))
        .arg("--json")
        .arg(&json)
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| panic!("python3: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("40 reports: eventlint/floor "), "{stdout}");
    let results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap_or_else(|e| panic!("{e}")))
            .unwrap_or_else(|e| panic!("{e}"));
    let rows = results["results"].as_array().cloned().unwrap_or_default();
    for (tool, case) in [
        ("eventlint", "40 reports"),
        ("floor", "40 reports"),
        ("eventlint", "one file"),
        ("floor", "one file"),
    ] {
        let row = rows
            .iter()
            .find(|r| r["tool"] == tool && r["case"] == case)
            .unwrap_or_else(|| panic!("no {tool} / {case} in {results}"));
        assert!(row["median"].as_f64().is_some_and(|t| t > 0.0), "{row}");
        assert!(row["peak_mb"].as_f64().is_some_and(|m| m > 0.0), "{row}");
    }
    // The generated site holds the reports the generator was asked for.
    let site = dir.path().join("cache/site-40/content");
    let reports = walk_md(&site);
    assert!(reports >= 40, "{reports} pages in {}", site.display());
}

fn walk_md(dir: &std::path::Path) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            n += walk_md(&path);
        } else if path.extension().is_some_and(|e| e == "md") {
            n += 1;
        }
    }
    n
}
